# 1/8 one-shot send: dgram, socat and nc, whole-process wall time, against
# /bin/true (the floor: a process that starts and ends, sending nothing).
# Sourced by bench/run.sh, after its set-up and bench/lib.sh; adds rows.
log "1/8 one-shot send: whole-process wall time, $oneshot_runs runs each, interleaved"
printf hello >"$work/hello"
tools=(dgram)
have socat && tools+=(socat)
have nc && tools+=(nc)
expected=$((${#tools[@]} * (oneshot_runs + 1))) # +1: the warm-up round also sends
# hyperfine: each command's runs back to back, as its users time them, in
# rounds that take turns (true, dgram, socat, true, dgram, ...), so that a
# change of load between commands weighs on all of them alike: run as one
# block, the same binary measured 1.07-1.55x /bin/true from one block to
# the next on an idle 2-core VM. The mean of all of a command's runs is
# the mean of its rounds' means (equal rounds). 3 warm-up runs a round.
hf_warmup=3 hf_per_round=$((hf_runs / hf_rounds))
hf_runs=$((hf_per_round * hf_rounds)) # what the rounds run in all
if have hyperfine; then
  expected=$((expected + (1 + $(have socat && echo 1 || echo 0)) * hf_rounds * (hf_per_round + hf_warmup)))
fi
# Idle up to 30 s: hyperfine runs /bin/true hundreds of times, sending
# nothing meanwhile, which takes seconds on a loaded machine. The sink drains
# every 20 ms rather than being woken by each datagram: on loopback that
# wake-up is done by the sender's own system call (on a network the sender
# never pays it), and the woken sink would compete for the 2 cores with the
# process being timed (a one-shot send measured 1.26-1.38x /bin/true under
# hyperfine with a sink woken each time, 1.19-1.27x without; a minimal C
# sender 1.05-1.18x and 1.03-1.14x). Its queue (4 MiB as root, else what
# net.core.rmem_max allows: room for hundreds) holds the tens that come
# meanwhile, senders running one at a time.
if start_sink oneshot "$expected" 30000 4194304 20; then
  p=$sink_port
  # The same 5-byte payload for all: dgram takes it as an argument, the
  # others read it from stdin (walltime feeds them $work/hello).
  argv=(/bin/true ::: "$dgram" send "$host" "$p" hello)
  have socat && argv+=(::: socat -u - "UDP-SENDTO:$host:$p")
  have nc && argv+=(::: nc -u -w0 "$host" "$p")
  declare -A med_ms=()
  if out=$("$walltime" "$oneshot_runs" 1 "$work/hello" "${argv[@]}"); then
    i=0
    tools=(true "${tools[@]}")
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
  declare -A hf_ms=()
  if have hyperfine; then
    declare -A hf_sum=()
    hf_failed=0
    for ((round = 1; round <= hf_rounds; round++)); do
      hf=(hyperfine -N --style none --warmup "$hf_warmup" --runs "$hf_per_round"
        --export-json "$work/hyperfine.json" /bin/true "$dgram send $host $p hello")
      have socat && hf+=("socat -u OPEN:$work/hello UDP-SENDTO:$host:$p")
      if ! "${hf[@]}" >"$work/hyperfine.out" 2>&1 </dev/null; then
        cat "$work/hyperfine.out" >&2
        hf_failed=1
        break
      fi
      i=0
      for t in true dgram socat; do
        # Each result's "mean" (seconds), in the order given.
        v=$(grep -o '"mean": *[0-9.e-]*' "$work/hyperfine.json" | sed -n "$((i + 1))p" | awk '{ print $2 }')
        [[ -z $v ]] || hf_sum[$t]=$(calc '%.9f' "${hf_sum[$t]:-0} + $v")
        i=$((i + 1))
      done
    done
    if ((hf_failed)); then
      fail "one-shot: hyperfine failed"
    else
      for t in "${!hf_sum[@]}"; do hf_ms[$t]=$(calc '%.3f' "${hf_sum[$t]} / $hf_rounds * 1e3"); done
      log "  hyperfine, $hf_runs runs each in $hf_rounds rounds: /bin/true ${hf_ms[true]:-?} ms, dgram ${hf_ms[dgram]:-?} ms, socat ${hf_ms[socat]:-?} ms (means)"
    fi
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
  r=$(ratio "${med_ms[dgram]:-}" "${med_ms[true]:-}")
  row "One-shot send, median whole-process wall time of $oneshot_runs runs (vs /bin/true: the floor, a process that only starts and ends)" \
    "$(ms dgram)" "$(ms true)" "$r" "≤ 1.30×$(verdict "$r" '<=' 1.3)"
  if have hyperfine; then
    hfms() { [[ -n ${hf_ms[$1]:-} ]] && echo "$(calc '%.2f' "${hf_ms[$1]}") ms" || echo "—"; }
    r=$(ratio "${hf_ms[dgram]:-}" "${hf_ms[true]:-}")
    row "One-shot send, hyperfine -N mean of $hf_runs runs in $hf_rounds alternating rounds (vs /bin/true, same run; socat there: $(hfms socat), $(ratio "${hf_ms[socat]:-}" "${hf_ms[true]:-}"))" \
      "$(hfms dgram)" "$(hfms true)" "$r" "≤ 1.30×$(verdict "$r" '<=' 1.3)"
  else
    row "One-shot send, hyperfine (vs /bin/true)" "skipped: no hyperfine" "—" "—" "≤ 1.30×"
  fi
fi
