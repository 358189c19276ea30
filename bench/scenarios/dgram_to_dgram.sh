# 5/8 dgram send into dgram listen (GRO) and the C sink: received, CPU, memory.
# Sourced by bench/run.sh, after its set-up and bench/lib.sh; adds rows.
# dgram's own blast (UDP segmentation offload, 64 datagrams per message) is
# faster than the C sender: what reaches a receiver at full speed, with a
# 4 MiB receive buffer for all. dgram listen reads it coalesced (UDP GRO);
# the C loop reads one datagram per message, the baseline without GRO.
e2e_rcvbuf=4194304
# Peak RSS by run, shared with listen.sh when it runs too.
declare -A peak
# e2e_round NAME COUNT KIND: `dgram send -n COUNT` into one receiver (c,
# quiet, or a format: text, hex, json, raw, to /dev/null); sets got, cpu (the
# receiver's user + system seconds) and kib (its peak RSS).
e2e_round() {
  local name=$1 n=$2 kind=$3 port
  got='' cpu='' kib=''
  case $kind in
    c) start_sink "$name" "$n" 1000 "$e2e_rcvbuf" || return 0; port=$sink_port ;;
    quiet) start_listener "$name" "$n" --quiet --rcvbuf "$e2e_rcvbuf" || return 0; port=$listener_port ;;
    *) start_listener "$name" "$n" --format "$kind" --rcvbuf "$e2e_rcvbuf" || return 0; port=$listener_port ;;
  esac
  "$dgram" send "$host" "$port" "$payload64" -n "$n" -m 64 >"$work/$name.send" 2>&1 </dev/null ||
    { cat "$work/$name.send" >&2; fail "$name: dgram send failed"; }
  case $kind in
    c) sink_result "$name" && got=$sink_got ;;
    *) listener_result "$name" && got=$listener_got ;;
  esac
  cpu=$(cpu_of "$name") kib=$(rss_of "$name")
}

e2e_kinds=(quiet c text hex json raw)
log "5/8 dgram send -n $(group "$listen_n") at full speed into dgram listen (GRO) and the C recvmmsg loop, --rcvbuf $e2e_rcvbuf, $rounds round(s)"
declare -A e2e_got=() e2e_ns=() e2e_cpu=()
for ((r = 1; r <= rounds; r++)); do
  for kind in $(rotate "$r" "${e2e_kinds[@]}"); do
    e2e_round "e2e-$kind-$r" "$listen_n" "$kind"
    [[ -z $got ]] || e2e_got[$kind]+=" $got"
    if [[ -n $got && -n $cpu && $got != 0 ]]; then
      e2e_cpu[$kind]+=" $cpu"
      e2e_ns[$kind]+=" $(calc '%.1f' "$cpu * 1e9 / $got")"
    fi
    [[ -z $kib ]] || peak[e2e-$kind-big]=$(max "${peak[e2e-$kind-big]:-0}" "$kib")
    log "  round $r $kind: ${got:-error} received, ${cpu:-?} s CPU, peak RSS ${kib:-?} KiB"
  done
done
declare -A e2e_med=() e2e_med_ns=() e2e_med_cpu=()
for kind in "${e2e_kinds[@]}"; do
  # shellcheck disable=SC2086 # word splitting of the lists is wanted
  e2e_med[$kind]=$(median ${e2e_got[$kind]:-}) e2e_med_ns[$kind]=$(median ${e2e_ns[$kind]:-}) \
    e2e_med_cpu[$kind]=$(median ${e2e_cpu[$kind]:-})
done
# of_n COUNT: "COUNT (P%)" of the datagrams sent.
of_n() { [[ -n $1 ]] && echo "$(group "$1") ($(calc '%.1f' "100 * $1 / $listen_n")%)" || echo "—"; }
q=${e2e_med[quiet]} c=${e2e_med[c]}
r=$(ratio "$q" "$c")
met=
if [[ -n $q && -n $c ]]; then
  if awk "BEGIN { exit !($q >= 0.99 * $listen_n && $q >= $c) }"; then met=" — met"; else met=" — **not met**"; fi
fi
row "dgram send -n $(group "$listen_n") → listen --quiet --rcvbuf $e2e_rcvbuf (GRO): received (vs C recvmmsg loop, same sender)" \
  "$(of_n "$q")" "$(of_n "$c")" "$r" "≥ 99% of sent and ≥ 1.00×$met"
cpu_text() { # cpu_text KIND: "0.11 s, 110 ns/datagram"
  [[ -n ${e2e_med_cpu[$1]} ]] && echo "${e2e_med_cpu[$1]} s, $(calc '%.0f' "${e2e_med_ns[$1]:-0}") ns/datagram" || echo "—"
}
r=$(ratio "${e2e_med_ns[quiet]}" "${e2e_med_ns[c]}")
row "dgram send -n $(group "$listen_n") → listen --quiet: receiver CPU (user + system) per datagram received (vs C recvmmsg loop)" \
  "$(cpu_text quiet)" "$(cpu_text c)" "$r" "≤ 0.50×$(verdict "$r" '<=' 0.5)"
for kind in json text hex raw; do
  r=$(ratio "${e2e_med[$kind]}" "$q")
  target="— (for reference)"
  [[ $kind != json ]] || target="≥ 0.70×$(verdict "$r" '>=' 0.7)"
  row "dgram send -n $(group "$listen_n") → listen --format $kind >/dev/null: received (vs listen --quiet)" \
    "$(of_n "${e2e_med[$kind]}")" "$(of_n "$q")" "$r" "$target"
done
if ((have_rss)); then
  log "  memory: peak RSS after $(group "$mem_small") datagrams from dgram send"
  for kind in quiet json c; do
    e2e_round "mem-e2e-$kind" "$mem_small" "$kind"
    peak[e2e-$kind-small]=$kib
    log "  $kind: peak RSS ${kib:-?} KiB"
  done
  rss_rows e2e- "dgram send → listen" " (GRO)"
fi
