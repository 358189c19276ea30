# 6/8 --rate accuracy, at the receiver and by the sender's wall time.
# Sourced by bench/run.sh, after its set-up and bench/lib.sh; adds rows.
log "6/8 --rate accuracy: at the receiver (first to last arrival) and by the sender's wall time"
for spec in "1000 $rate_slow_n" "100000 $rate_fast_n"; do
  read -r pps n <<<"$spec"
  # A deep receive buffer: here the sink only observes, and a datagram it
  # dropped would make the rate at the receiver look low.
  start_sink "rate-$pps" "$n" 2000 $((16 << 20)) || continue
  time_once "$dgram" send "$host" "$sink_port" "$payload64" -m 64 --rate "$pps" -n "$n"
  sink_result "rate-$pps"
  wall_rate="" arrival_rate=""
  [[ -z $took_ns ]] || wall_rate=$(calc '%.1f' "$n / ($took_ns / 1e9)")
  # n datagrams span n-1 intervals.
  ((sink_got < 2 || sink_span_ns == 0)) || arrival_rate=$(calc '%.1f' "($sink_got - 1) / ($sink_span_ns / 1e9)")
  log "  $pps/s asked: ${arrival_rate:-?}/s at the receiver ($sink_got of $n arrived), ${wall_rate:-?}/s by wall time"
  lost=""
  ((sink_got == n)) || lost=", $((n - sink_got)) lost"
  r=$(ratio "$arrival_rate" "$pps")
  met=
  [[ $r == — ]] || met=$(awk "BEGIN { v = ${r%×}; print (v >= 0.97 && v <= 1.03) ? \" — met\" : \" — **not met**\" }")
  row "--rate $(group "$pps") -n $(group "$n"): achieved rate, at the receiver (by process wall time)" \
    "$(group "$(calc '%.0f' "${arrival_rate:-0}")")/s ($(group "$(calc '%.0f' "${wall_rate:-0}")")/s)$lost" \
    "asked $(group "$pps")/s" \
    "$r ($(ratio "$wall_rate" "$pps"))" "within ±3% (0.97–1.03×)$met"
done
