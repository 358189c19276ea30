# 8/8 send --seq into listen --stats against iperf3 -u for the same run: the
# same count of 1,400-byte UDP payloads at the same rate, to the receiver's
# received, lost, reordered and jitter.
# Sourced by bench/run.sh, after its set-up and bench/lib.sh; adds rows. What
# they set looks unassigned to shellcheck run on this file alone.
# shellcheck shell=bash disable=SC2154

# Sizes are matched on the UDP payload: iperf3 -l 1400 writes 1,400 bytes,
# its own header (sequence number, send time) in front of its filler; dgram
# -m 1400 with a 1,380-byte message writes the 20-byte --seq header and the
# message, 1,400 bytes too. iperf3 -b is in bits per second of payload.
seq_n=$((seq_rate * seq_secs))
seq_bits=$((seq_rate * seq_size * 8))
seq_msg=$(printf 'x%.0s' $(seq 1 $((seq_size - 20))))

# json_number FILE FIELD: the first number FIELD has in a one-line JSON.
json_number() { grep -ho "\"$2\":-\?[0-9.e+-]*" "$1" | head -n 1 | cut -d: -f2; }

# seq_dgram NAME: one run of dgram send --seq into listen --stats; sets the
# s_* figures from the summary's one "stats" entry, empty when it failed.
seq_dgram() {
  local name=$1 port
  s_received='' s_lost='' s_reordered='' s_dup='' s_late='' s_jitter=''
  # -n N ends it when everything came, -t 2s when some was lost.
  run_bg "$name" /dev/null "$dgram" listen 0 -4 -q --stats --summary json -m "$seq_size" -n "$seq_n" -t 2s
  local lpid=$bg_pid
  wait_for "$work/$name.err" 'listening on' 10 ||
    { cat "$work/$name.err" >&2; fail "$name: dgram listen --stats did not start"; stop_bg "$lpid" 0; return 0; }
  port=$(sed -n 's/^dgram: listening on .*:\([0-9][0-9]*\).*$/\1/p' "$work/$name.err" | head -n 1)
  timeout $((seq_secs + 30)) "$dgram" send "$host" "$port" "$seq_msg" --seq -n "$seq_n" --rate "$seq_rate" -m "$seq_size" \
    >"$work/$name.send" 2>&1 </dev/null || { cat "$work/$name.send" >&2; fail "$name: dgram send --seq failed"; }
  stop_bg "$lpid" 10
  grep -o '"stats":\[{[^]}]*}' "$work/$name.err" >"$work/$name.stats" ||
    { cat "$work/$name.err" >&2; fail "$name: no \"stats\" in dgram listen's JSON summary"; return 0; }
  s_received=$(json_number "$work/$name.stats" received) s_lost=$(json_number "$work/$name.stats" lost)
  s_reordered=$(json_number "$work/$name.stats" reordered) s_dup=$(json_number "$work/$name.stats" duplicated)
  s_late=$(json_number "$work/$name.stats" late) s_jitter=$(json_number "$work/$name.stats" jitter_ms)
}

# seq_iperf NAME PACING_US: one iperf3 UDP run of the same count and rate
# against a one-off server writing its own JSON, iperf3 sending each
# PACING_US a burst of the datagrams then due (--pacing-timer). Sets the s_*
# figures from the server's (the receiver's) end, empty when it failed, and
# s_sent from the client's.
seq_iperf() {
  local name=$1 port hex tries spid
  s_received='' s_lost='' s_reordered='' s_jitter='' s_dup='' s_late='' s_sent=''
  # iperf3 cannot pick a free port itself: try a few random ones. The
  # server prints nothing before its JSON at the end, so it is ready once
  # the kernel lists its control port listening (TCP state 0A) on loopback.
  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    hex=$(printf '%04X' "$port")
    run_bg "$name-server" "$work/$name-server.json" iperf3 -s -1 -B "$host" -p "$port" --json
    spid=$bg_pid tries=200
    while ((tries-- > 0)) && kill -0 "$spid" 2>/dev/null; do
      grep -q " 0100007F:$hex 00000000:0000 0A " /proc/net/tcp && break
      sleep 0.05
    done
    if ((tries >= 0)) && kill -0 "$spid" 2>/dev/null; then
      timeout $((seq_secs + 30)) iperf3 -c "$host" -p "$port" -u -b "$seq_bits" -l "$seq_size" -k "$seq_n" \
        --pacing-timer "$2" --json >"$work/$name.json" 2>>"$work/$name.err" </dev/null ||
        { head -c 2000 "$work/$name.json" >&2; fail "$name: the iperf3 client failed"; }
      stop_bg "$spid" 10 # a -1 server ends after its client
      seq_iperf_parse "$work/$name-server.json" "$work/$name.json"
      [[ -n $s_jitter ]] || { head -c 2000 "$work/$name-server.json" >&2; fail "$name: no receiver figures from the iperf3 server"; }
      return 0
    fi
    stop_bg "$spid" 0
  done
  fail "$name: the iperf3 server did not start"
}
# seq_iperf_parse SERVER_JSON CLIENT_JSON: from iperf3's pretty-printed JSON
# ("end", not an interval's "end": 1.0). The server's "sum_received":
# packets (its expected count: the highest sequence number it read before
# the end of the test), lost_packets and jitter_ms; its "streams"[0]."udp":
# out_of_order. The client's "sum_sent": packets sent. Sets s_received
# (packets - lost), s_lost, s_reordered, s_jitter and s_sent.
seq_iperf_parse() {
  local expected
  # shellcheck disable=SC2016 # $1 and $2 are awk's
  local prog='
    $1 == "\"end\":" && $2 == "{" { in_end = 1 }
    in_end && $1 == "\"udp\":" { blk = "udp" }
    in_end && $1 == "\"sum_sent\":" { blk = "sent" }
    in_end && $1 == "\"sum_received\":" { blk = "rcv" }
    blk == "udp" && $1 == "\"out_of_order\":" { ooo = $2 + 0 }
    blk == want && $1 == "\"packets\":" { pk = $2 + 0 }
    blk == "rcv" && $1 == "\"lost_packets\":" { lost = $2 + 0 }
    blk == "rcv" && $1 == "\"jitter_ms\":" { jit = $2 + 0 }
    blk == want && /}/ { if (pk != "") printf "%d %d %d %.6f\n", pk, lost, ooo, jit; exit }'
  read -r expected s_lost s_reordered s_jitter < <(awk -v want=rcv "$prog" "$1") || true
  read -r s_sent _ < <(awk -v want=sent "$prog" "$2") || true
  if [[ -n ${expected:-} ]]; then s_received=$((expected - s_lost)); else s_lost='' s_reordered='' s_jitter=''; fi
}

# dgram --rate sends each datagram alone, one every 1/R s; iperf3 is given
# the same spacing (--pacing-timer 100 at 10,000/s: one datagram a tick) and
# is run a third time at its default pacing, 1 ms ticks, bursts of 10.
seq_tick_us=$((1000000 / seq_rate))
log "8/8 send --seq → listen --stats vs iperf3 -u: $(group "$seq_n") × $seq_size-byte UDP payloads at $(group "$seq_rate")/s, $rounds round(s)"
declare -A seq_got=() seq_sent=() seq_lost=() seq_ooo=() seq_jit=() seq_runs=()
for ((r = 1; r <= rounds; r++)); do
  for kind in $(rotate "$r" dgram iperf3 iperf3-1ms); do
    [[ $kind == dgram ]] || have iperf3 || continue
    case $kind in
      dgram) seq_dgram "seq-dgram-$r"; s_sent=$seq_n ;;
      iperf3) seq_iperf "seq-iperf3-$r" "$seq_tick_us" ;;
      iperf3-1ms) seq_iperf "seq-iperf3-1ms-$r" 1000 ;;
    esac
    [[ -n $s_jitter ]] || continue
    log "  round $r $kind: ${s_sent:-?} sent, $s_received received, $s_lost lost, $s_reordered reordered${s_dup:+, $s_dup duplicated, $s_late late}, jitter $s_jitter ms"
    seq_got[$kind]=$((${seq_got[$kind]:-0} + s_received))
    seq_sent[$kind]=$((${seq_sent[$kind]:-0} + ${s_sent:-0}))
    seq_lost[$kind]=$((${seq_lost[$kind]:-0} + s_lost))
    seq_ooo[$kind]=$((${seq_ooo[$kind]:-0} + s_reordered))
    seq_jit[$kind]+=" $s_jitter"
    seq_runs[$kind]=$((${seq_runs[$kind]:-0} + 1))
  done
done

# Over all rounds: counts added up, loss as a share of what the receiver
# expected (received + lost, iperf3's own definition), jitter the median of
# the rounds.
lost_pct() { [[ -n ${seq_runs[$1]:-} ]] && calc '%.3f' "100 * ${seq_lost[$1]} / (${seq_got[$1]} + ${seq_lost[$1]})"; }
# shellcheck disable=SC2086 # word splitting of the jitter list is wanted
seq_cell() { # seq_cell KIND WHAT
  if [[ -z ${seq_runs[$1]:-} ]]; then
    if [[ $1 == dgram ]] || have iperf3; then echo "—"; else echo "skipped: no iperf3"; fi
    return
  fi
  local untold
  case $2 in
    got)
      untold=$((seq_sent[$1] - seq_got[$1] - seq_lost[$1]))
      echo -n "$(group "${seq_got[$1]}") of $(group "${seq_sent[$1]}") sent"
      ((untold <= 0)) || echo -n " ($(group "$untold") not counted by its server: neither received nor lost)"
      echo ;;
    lost) echo "$(group "${seq_lost[$1]}") ($(lost_pct "$1")%)" ;;
    ooo) group "${seq_ooo[$1]}" ;;
    jit) echo "$(calc '%.4f' "$(median ${seq_jit[$1]})") ms" ;;
  esac
}
what="$(group "$seq_n") × $seq_size B at $(group "$seq_rate")/s"
vs="iperf3 -u -l $seq_size -k $seq_n --pacing-timer $seq_tick_us"
d_pct=$(lost_pct dgram || true) i_pct=$(lost_pct iperf3 || true)
diff_pp=— met=
if [[ -n $d_pct && -n $i_pct ]]; then
  diff_pp="$(calc '%+.3f' "$d_pct - $i_pct") pp"
  if awk "BEGIN { d = $d_pct - $i_pct; exit !(d <= 0.1 && d >= -0.1) }"; then met=" — met"; else met=" — **not met**"; fi
fi
row "send --seq → listen --stats: received, $what, $rounds round(s) (vs $vs, its server)" \
  "$(seq_cell dgram got)" "$(seq_cell iperf3 got)" "$(ratio "${seq_got[dgram]:-}" "${seq_got[iperf3]:-}")" "— (for reference)"
row "send --seq → listen --stats: lost (share of expected), same runs (vs iperf3's lost_packets)" \
  "$(seq_cell dgram lost)" "$(seq_cell iperf3 lost)" "$diff_pp" "same within ±0.1 percentage point$met"
d_ooo=${seq_ooo[dgram]:-} i_ooo=${seq_ooo[iperf3]:-}
row "send --seq → listen --stats: reordered, same runs (vs iperf3's out_of_order)" \
  "$(seq_cell dgram ooo)" "$(seq_cell iperf3 ooo)" \
  "$([[ -n $d_ooo && -n $i_ooo ]] && printf '%+d' $((d_ooo - i_ooo)) || echo —)" "— (for reference)"
# shellcheck disable=SC2086 # word splitting of the lists is wanted
d_jit=$(median ${seq_jit[dgram]:-}) i_jit=$(median ${seq_jit[iperf3]:-}) b_jit=$(median ${seq_jit[iperf3-1ms]:-})
r=$(ratio "$d_jit" "$i_jit")
met=
if [[ $r != — ]]; then
  if awk "BEGIN { v = ${r%×}; exit !(v >= 0.1 && v <= 10) }"; then met=" — met"; else met=" — **not met**"; fi
fi
row "send --seq → listen --stats: RFC 3550 jitter at the end, median of rounds, same runs (vs iperf3's jitter_ms)" \
  "$(seq_cell dgram jit)" "$(seq_cell iperf3 jit)" "$r" "same order of magnitude (0.1–10×)$met"
row "send --seq → listen --stats: the same jitter (vs iperf3 at its default --pacing-timer 1000: bursts of $((seq_rate / 1000)) each ms)" \
  "$(seq_cell dgram jit)" "$(seq_cell iperf3-1ms jit)" "$(ratio "$d_jit" "$b_jit")" "— (for reference: how pacing moves the figure)"
