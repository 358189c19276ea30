# 5/8, continued: CPU per datagram against the floor: dgram send into a C loop with
# recvmmsg and UDP GRO that only counts (bench/gro_sink.c), and into dgram
# listen --quiet and each format. Sourced by bench/run.sh, after its set-up
# and bench/lib.sh; adds rows.
# The same blast as 5/8 (dgram send -n N -m 64, 4 MiB receive buffers), with
# each receiver's CPU to the microsecond (bench/rusage.c): what dgram spends
# per datagram above the least a program must spend to take it off the socket.
floor_rcvbuf=4194304
# floor_round NAME COUNT KIND: one receiver (floor, quiet, or a format to
# /dev/null) takes `dgram send -n COUNT`; sets got and us (its CPU, µs).
floor_round() {
  local name=$1 n=$2 kind=$3 port line
  got='' us=''
  case $kind in
    floor)
      run_bg "$name" "$work/$name.out" "$gro_sink" 0 "$n" 1000 10000 "$floor_rcvbuf"
      sink_pid=$bg_pid
      wait_for "$work/$name.out" '^port [0-9]+' 10 || { fail "$name: the GRO sink did not start"; return 0; }
      port=$(awk '/^port /{ print $2; exit }' "$work/$name.out")
      ;;
    quiet) start_listener "$name" "$n" --quiet --rcvbuf "$floor_rcvbuf" || return 0; port=$listener_port ;;
    *) start_listener "$name" "$n" --format "$kind" --rcvbuf "$floor_rcvbuf" || return 0; port=$listener_port ;;
  esac
  "$dgram" send "$host" "$port" "$payload64" -n "$n" -m 64 >"$work/$name.send" 2>&1 </dev/null ||
    { cat "$work/$name.send" >&2; fail "$name: dgram send failed"; }
  if [[ $kind == floor ]]; then
    wait "$sink_pid" || true
    line=$(grep '^received ' "$work/$name.out" || echo "received 0")
    read -r _ got _ <<<"$line"
  else
    listener_result "$name" && got=$listener_got
  fi
  us=$(cpu_us_of "$name")
}

floor_kinds=(floor quiet text json hex raw)
log "5/8 floor: dgram send -n $(group "$listen_n") into the C recvmmsg + UDP GRO loop, listen --quiet and each format; CPU to the µs, $rounds round(s)"
declare -A floor_got=() floor_ns=()
for ((r = 1; r <= rounds; r++)); do
  for kind in $(rotate "$r" "${floor_kinds[@]}"); do
    floor_round "floor-$kind-$r" "$listen_n" "$kind"
    [[ -z $got ]] || floor_got[$kind]+=" $got"
    if [[ -n $got && -n $us && $got != 0 ]]; then floor_ns[$kind]+=" $(calc '%.1f' "$us * 1e3 / $got")"; fi
    log "  round $r $kind: ${got:-error} received, ${us:-?} µs CPU"
  done
done
declare -A floor_med=() floor_med_ns=()
for kind in "${floor_kinds[@]}"; do
  # shellcheck disable=SC2086 # word splitting of the lists is wanted
  floor_med[$kind]=$(median ${floor_got[$kind]:-}) floor_med_ns[$kind]=$(median ${floor_ns[$kind]:-})
done
# floor_cell KIND: "N received, X ns/datagram"
floor_cell() {
  local g=${floor_med[$1]} ns=${floor_med_ns[$1]}
  [[ -n $g ]] || { echo "—"; return; }
  echo "$(group "$g") received, $([[ -n $ns ]] && calc '%.0f' "$ns" || echo '?') ns/datagram"
}
for kind in quiet text json hex raw; do
  r=$(ratio "${floor_med_ns[$kind]}" "${floor_med_ns[floor]}")
  case $kind in
    quiet) what="listen -4 --quiet --rcvbuf $floor_rcvbuf" target="≤ 1.30×$(verdict "$r" '<=' 1.3)" ;;
    text) what="listen -4 --format text --rcvbuf $floor_rcvbuf >/dev/null" target="≤ 3.00×$(verdict "$r" '<=' 3)" ;;
    *) what="listen -4 --format $kind --rcvbuf $floor_rcvbuf >/dev/null" target="— (for reference)" ;;
  esac
  row "dgram send -n $(group "$listen_n") → $what: receiver CPU (user + system) per datagram received (vs the floor: C recvmmsg + UDP GRO loop that only counts)" \
    "$(floor_cell "$kind")" "$(floor_cell floor)" "$r" "$target"
done
