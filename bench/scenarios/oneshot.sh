# 1/8 one-shot send: dgram, socat and nc, whole-process wall time.
# Sourced by bench/run.sh, after its set-up and bench/lib.sh; adds rows.
log "1/8 one-shot send: whole-process wall time, $oneshot_runs runs each, interleaved"
printf hello >"$work/hello"
tools=(dgram)
have socat && tools+=(socat)
have nc && tools+=(nc)
expected=$((${#tools[@]} * (oneshot_runs + 1))) # +1: the warm-up round also sends
if start_sink oneshot "$expected" 3000; then
  p=$sink_port
  # The same 5-byte payload for all: dgram takes it as an argument, the
  # others read it from stdin (walltime feeds them $work/hello).
  argv=("$dgram" send "$host" "$p" hello)
  have socat && argv+=(::: socat -u - "UDP-SENDTO:$host:$p")
  have nc && argv+=(::: nc -u -w0 "$host" "$p")
  declare -A med_ms=()
  if out=$("$walltime" "$oneshot_runs" 1 "$work/hello" "${argv[@]}"); then
    i=0
    while read -r med _ _ fails _; do
      t=${tools[i]}
      ((fails == 0)) || fail "one-shot: $t failed $fails of $oneshot_runs runs"
      med_ms[$t]=$(calc '%.3f' "$med / 1e6")
      log "  $t: median $(calc '%.2f' "$med / 1e6") ms"
      i=$((i + 1))
    done <<<"$out"
  else
    fail "one-shot: walltime could not run"
  fi
  sink_result oneshot
  if ((sink_got != expected || sink_bytes != 5 * expected)); then
    fail "one-shot: the receiver got $sink_got datagrams ($sink_bytes bytes) of $expected (5 bytes each)"
  fi
  ms() { [[ -n ${med_ms[$1]:-} ]] && echo "$(calc '%.2f' "${med_ms[$1]}") ms" || echo "—"; }
  r=$(ratio "${med_ms[dgram]:-}" "${med_ms[socat]:-}")
  row "One-shot send, median whole-process wall time of $oneshot_runs runs (vs socat)" "$(ms dgram)" \
    "$(have socat && ms socat || echo 'skipped: no socat')" "$r" "≤ 0.50×$(verdict "$r" '<=' 0.5)"
  row "One-shot send, median whole-process wall time of $oneshot_runs runs (vs nc -u -w0)" "$(ms dgram)" \
    "$(have nc && ms nc || echo 'skipped: no nc')" "$(ratio "${med_ms[dgram]:-}" "${med_ms[nc]:-}")" "— (for reference)"
fi
