# 3/8 and 4/8: what dgram listen receives of a C blast, and its peak memory.
# Sourced by bench/run.sh, after its set-up and bench/lib.sh; adds rows.
# listen_round NAME COUNT KIND: one receiver (c, quiet or json) takes a blast of
# COUNT datagrams from the C sender; sets got (datagrams received).
listen_round() {
  local name=$1 n=$2 kind=$3 port
  got=
  case $kind in
    c) start_sink "$name" "$n" 1000 || return 0; port=$sink_port ;;
    quiet) start_listener "$name" "$n" --quiet || return 0; port=$listener_port ;;
    json) start_listener "$name" "$n" --format json || return 0; port=$listener_port ;;
  esac
  "$blast" "$port" "$n" 64 >"$work/$name.blast" 2>&1 </dev/null ||
    { cat "$work/$name.blast" >&2; fail "$name: the C sender failed"; }
  case $kind in
    c) sink_result "$name" && got=$sink_got ;;
    *) listener_result "$name" && got=$listener_got ;;
  esac
}

log "3/8 listen: what each receiver gets of $(group "$listen_n") datagrams blasted by the C sender, $rounds round(s)"
declare -A gots=() peak=()
for ((r = 1; r <= rounds; r++)); do
  for kind in $(rotate "$r" c quiet json); do
    listen_round "listen-$kind-$r" "$listen_n" "$kind"
    [[ -z $got ]] || gots[$kind]+=" $got"
    kib=$(rss_of "listen-$kind-$r")
    [[ -z $kib ]] || peak[$kind-big]=$(max "${peak[$kind-big]:-0}" "$kib")
    log "  round $r $kind: ${got:-error} received, peak RSS ${kib:-?} KiB"
  done
done
# shellcheck disable=SC2086 # word splitting of the lists is wanted
c_got=$(median ${gots[c]:-}) q_got=$(median ${gots[quiet]:-}) j_got=$(median ${gots[json]:-})
cnt() { [[ -n $1 ]] && group "$1" || echo "—"; }
r=$(ratio "$q_got" "$c_got")
row "listen --quiet -4: datagrams received of $(group "$listen_n") (vs C recvmmsg loop)" "$(cnt "$q_got")" \
  "$(cnt "$c_got")" "$r" "≥ 0.90×$(verdict "$r" '>=' 0.9)"
r=$(ratio "$j_got" "$c_got")
row "listen -4 --format json >/dev/null: received of $(group "$listen_n") (vs C recvmmsg loop)" "$(cnt "$j_got")" \
  "$(cnt "$c_got")" "$r" "≥ 0.70×$(verdict "$r" '>=' 0.7)"

log "4/8 memory: peak RSS after $(group "$mem_small") datagrams, $rounds round(s) (the $(group "$listen_n") figures are from 3/8)"
if ((have_rss)); then
  # The highest of as many rounds as the large blast had: the same measure
  # at both sizes (a process's RSS moves by ~0.3 MiB from run to run with
  # the code pages it happened to fault in).
  for ((r = 1; r <= rounds; r++)); do
    for kind in c quiet json; do
      listen_round "mem-$kind-$r" "$mem_small" "$kind"
      kib=$(rss_of "mem-$kind-$r")
      [[ -z $kib ]] || peak[$kind-small]=$(max "${peak[$kind-small]:-0}" "$kib")
      log "  round $r $kind: peak RSS ${kib:-?} KiB"
    done
  done
  rss_rows "" "listen" ""
else
  row "listen peak RSS" "skipped: no /usr/bin/time" "—" "—" "≤ 8 MiB, flat"
fi
