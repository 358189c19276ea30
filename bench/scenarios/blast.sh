# 2/8 blast: dgram, the C sendmmsg loops and iperf3, datagrams/s sent.
# Sourced by bench/run.sh, after its set-up and bench/lib.sh; adds rows.
# iperf_round: one iperf3 UDP run against a one-off server; sets iperf_rate
# (the sender's datagrams/s from --json), empty when it could not run.
iperf_round() {
  local port name=iperf-$1
  iperf_rate=
  # iperf3 cannot pick a free port itself: try a few random ones.
  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    run_bg "$name-server" "$work/$name-server.out" iperf3 -s -1 -B "$host" -p "$port" --forceflush
    if wait_for "$work/$name-server.out" 'Server listening' 5; then
      timeout $((iperf_secs + 20)) iperf3 -c "$host" -p "$port" -u -b 0 -l 64 -t "$iperf_secs" --json \
        >"$work/$name.json" 2>>"$work/$name.err" </dev/null || true
      stop_bg "$bg_pid" 5 # a -1 server ends after its client, unless that never came
      iperf_rate=$(iperf_parse "$work/$name.json")
      [[ -n $iperf_rate ]] || { head -c 2000 "$work/$name.json" >&2; fail "iperf3: no sender figures"; }
      return 0
    fi
    stop_bg "$bg_pid" 0
  done
  fail "iperf3: the server did not start"
}
# iperf_parse FILE: packets/seconds of the sender's summary ("sum_sent" since
# iperf3 3.10; the end "sum" before), read from iperf3's own pretty-printed JSON.
iperf_parse() {
  local block=sum_sent
  grep -q '"sum_sent"' "$1" || block=sum
  awk -v want="\"$block\":" '
    $1 == "\"end\":" && $2 == "{" { in_end = 1 } # the object, not an interval "end": 1.0
    in_end && $1 == want { on = 1 }
    on && $1 == "\"seconds\":" { sec = $2 + 0 }
    on && $1 == "\"packets\":" { pk = $2 + 0 }
    on && /}/ { if (sec > 0) printf "%.0f\n", pk / sec; exit }
  ' "$1"
}

log "2/8 blast: $blast_n 64-byte datagrams, $rounds round(s); dgram and C by whole-process time, iperf3 for ${iperf_secs} s"
d_rates=() c_rates=() g_rates=() i_rates=()

# blast_once KIND ROUND: one blast by dgram or the C sender (whole-process
# time) into a C sink; sets rate (datagrams/s), empty when it failed.
blast_once() {
  local name=blast-$1-$2
  rate=""
  # Each sender gets a receiver: dgram's connected socket would otherwise be
  # stopped by ICMP port unreachable.
  start_sink "$name" "$blast_n" 1000 || return 0
  case $1 in
    dgram) time_once "$dgram" send "$host" "$sink_port" "$payload64" -n "$blast_n" -m 64 ;;
    c) time_once "$blast" "$sink_port" "$blast_n" 64 ;;
    c-gso) time_once "$blast" "$sink_port" "$blast_n" 64 gso ;;
  esac
  [[ -z $took_ns ]] || rate=$(calc '%.0f' "$blast_n / ($took_ns / 1e9)")
  sink_result "$name"
  log "  round $2 $1: ${rate:-error}/s (receiver got $sink_got)"
}

# Whether this kernel segments UDP (UDP_SEGMENT, Linux 4.18+). Where it does
# not, dgram falls back to plain sendmmsg by itself, and the reference row
# says so instead of failing the run.
gso_kind=c-gso
if start_sink gso-probe 128 1000; then
  "$blast" "$sink_port" 128 64 gso >"$work/gso-probe.out" 2>&1 </dev/null || {
    gso_kind=
    log "  the kernel refuses UDP_SEGMENT here: $(cat "$work/gso-probe.out")"
  }
  sink_result gso-probe
fi

for ((r = 1; r <= rounds; r++)); do
  for kind in $(rotate "$r" dgram c iperf3 $gso_kind); do
    case $kind in
      dgram) blast_once dgram "$r"; [[ -z $rate ]] || d_rates+=("$rate") ;;
      c) blast_once c "$r"; [[ -z $rate ]] || c_rates+=("$rate") ;;
      c-gso) blast_once c-gso "$r"; [[ -z $rate ]] || g_rates+=("$rate") ;;
      iperf3)
        have iperf3 || continue
        iperf_round "$r"
        [[ -z $iperf_rate ]] || i_rates+=("$iperf_rate")
        log "  round $r iperf3: ${iperf_rate:-error}/s"
        ;;
    esac
  done
done
d_rate=$(median "${d_rates[@]}") c_rate=$(median "${c_rates[@]}") i_rate=$(median "${i_rates[@]}")
g_rate=$(median "${g_rates[@]}")
per_s() { [[ -n $1 ]] && echo "$(group "$1")/s" || echo "—"; }
r=$(ratio "$d_rate" "$i_rate")
row "Blast $(group "$blast_n") × 64 B, datagrams/s sent (vs iperf3 -u -b 0 -l 64)" "$(per_s "$d_rate")" \
  "$(have iperf3 && per_s "$i_rate" || echo 'skipped: no iperf3')" "$r" "≥ 1.00×$(verdict "$r" '>=' 1.0)"
r=$(ratio "$d_rate" "$c_rate")
row "Blast $(group "$blast_n") × 64 B, datagrams/s sent (vs C sendmmsg loop)" "$(per_s "$d_rate")" \
  "$(per_s "$c_rate")" "$r" "≥ 0.90×$(verdict "$r" '>=' 0.9)"
r=$(ratio "$d_rate" "$g_rate")
row "Blast $(group "$blast_n") × 64 B, datagrams/s sent (vs C sendmmsg + UDP_SEGMENT loop)" \
  "$(per_s "$d_rate")" "$([[ -n $gso_kind ]] && per_s "$g_rate" || echo 'skipped: no UDP_SEGMENT')" \
  "$r" "— (for reference: the limit with segmentation offload)"
