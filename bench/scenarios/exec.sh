# 7/8 listen --exec against socat's UDP-RECVFROM,fork SYSTEM: handler runs per
# second on the same trivial handler, and processes and memory under a burst.
# Sourced by bench/run.sh, after its set-up and bench/lib.sh; adds rows. What
# they set looks unassigned to shellcheck run on this file alone.
# shellcheck shell=bash disable=SC2154

# Both servers run under run_bg, whose `timeout` leads a process group of its
# own holding the server, socat's forks and their shells (dgram puts each
# handler in a group of its own and ends them itself on SIGTERM).
# end_server PID: SIGTERM to that group, then SIGKILL to whatever of it is
# still there (not counting zombies waiting to be reaped) after 2 s.
end_server() {
  kill -TERM -- "-$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  local tries=40 left
  while ((tries-- > 0)); do
    left=$(alive_in_group "$1")
    [[ -n $left ]] || return 0
    sleep 0.05
  done
  log "  still running after SIGTERM, killed: $left"
  kill -KILL -- "-$1" 2>/dev/null || true
}
alive_in_group() {
  local p
  for p in $(pgrep -g "$1" 2>/dev/null); do
    [[ $(ps -o stat= -p "$p" 2>/dev/null) == Z* ]] || echo -n "$p "
  done
}
# server_pid PID: the server itself under run_bg's timeout (and GNU time).
server_pid() {
  local p=$1
  p=$(pgrep -P "$p" | head -n 1)
  if ((have_rss)) && [[ -n $p ]]; then p=$(pgrep -P "$p" | head -n 1); fi
  echo "$p"
}

# start_exec NAME KIND HANDLER: `dgram listen --exec HANDLER` (quiet, JSON
# summary) or `socat UDP4-RECVFROM:P,bind=127.0.0.1,fork SYSTEM:HANDLER` on a
# free port. Sets exec_pid (the run_bg job) and exec_port; returns 1 when the
# server did not come up.
start_exec() {
  local name=$1 kind=$2 handler=$3 tries=200 hex
  if [[ $kind == dgram ]]; then
    run_bg "$name" /dev/null "$dgram" listen 0 -4 -q --exec "$handler" --summary json
    exec_pid=$bg_pid
    wait_for "$work/$name.err" 'listening on' 10 ||
      { cat "$work/$name.err" >&2; fail "$name: dgram listen --exec did not start"; end_server "$exec_pid"; return 1; }
    exec_port=$(sed -n 's/^dgram: listening on .*:\([0-9][0-9]*\).*$/\1/p' "$work/$name.err" | head -n 1)
    return 0
  fi
  # socat cannot say which port it was given, so it gets one that is free
  # now, and is ready once the kernel lists that port bound on loopback.
  exec_port=$("$exec_client" freeport) || { fail "$name: no free port"; return 1; }
  run_bg "$name" /dev/null socat "UDP4-RECVFROM:$exec_port,bind=$host,fork" "SYSTEM:$handler"
  exec_pid=$bg_pid
  hex=$(printf '%04X' "$exec_port")
  while ((tries-- > 0)); do
    grep -q " 0100007F:$hex " /proc/net/udp && return 0
    kill -0 "$exec_pid" 2>/dev/null || break
    sleep 0.05
  done
  cat "$work/$name.err" >&2
  fail "$name: socat did not start"
  end_server "$exec_pid"
  return 1
}
# summary_field NAME FIELD: a number from dgram's one-line JSON summary.
summary_field() { grep -ho "\"$2\":[0-9]*" "$work/$1.err" | tail -n 1 | cut -d: -f2; }

# ---- handler runs per second: a closed loop, $exec_inflight requests out
log "7/8 --exec vs socat: $(group "$exec_n") requests to \`cat\`, $exec_inflight in flight, $rounds round(s)"
declare -A exec_rates=() exec_lost=()
for ((r = 1; r <= rounds; r++)); do
  for kind in $(rotate "$r" dgram socat); do
    [[ $kind == dgram ]] || have socat || continue
    name=exec-rate-$kind-$r
    start_exec "$name" "$kind" cat || continue
    # Each request waits 2 s at most for its answer; the run 60 s at most.
    if out=$(timeout 120 "$exec_client" "$exec_port" "$exec_n" "$exec_inflight" 2000 60000 </dev/null); then
      read -r _ answered _ lost _ late _ wrong _ _ _ secs _ rate <<<"$out"
      exec_rates[$kind]+=" $rate"
      exec_lost[$kind]=$((${exec_lost[$kind]:-0} + exec_n - answered))
      log "  round $r $kind: $answered of $exec_n answered ($lost lost, $late late, $wrong wrong) in ${secs}s: $rate/s"
    else
      fail "$name: the client failed"
    fi
    end_server "$exec_pid"
    if [[ $kind == dgram ]]; then
      log "  dgram summary: $(summary_field "$name" handlers_run) handlers run, $(summary_field "$name" replies) replies"
    fi
  done
done
# shellcheck disable=SC2086 # word splitting of the lists is wanted
d_rate=$(median ${exec_rates[dgram]:-}) s_rate=$(median ${exec_rates[socat]:-})
rate_cell() { # rate_cell KIND RATE: "612/s", and what was not answered
  [[ -n ${2:-} ]] || { echo "—"; return; }
  local cell
  cell="$(group "$(calc '%.0f' "$2")")/s"
  ((${exec_lost[$1]:-0} == 0)) || cell+=", $(group "${exec_lost[$1]}") of $(group $((exec_n * rounds))) unanswered"
  echo "$cell"
}
r=$(ratio "$d_rate" "$s_rate")
row "listen --exec cat: round trips per second, $(group "$exec_n") requests, $exec_inflight in flight (vs socat UDP-RECVFROM,fork SYSTEM:cat)" \
  "$(rate_cell dgram "$d_rate")" "$(have socat && rate_cell socat "$s_rate" || echo 'skipped: no socat')" \
  "$r" "≥ 1.00× (at least socat's rate)$(verdict "$r" '>=' 1.0)"

# ---- a burst of $exec_burst datagrams at a slower handler
slow='sleep 0.2; cat'
log "7/8 --exec vs socat: a burst of $(group "$exec_burst") datagrams at \`$slow\`, processes and memory sampled every 10 ms"
declare -A burst_procs=() burst_handlers=() burst_rss=()
d_run='' d_dropped='' d_received='' d_kdrops='' s_kdrops=''
for ((r = 1; r <= rounds; r++)); do
  for kind in $(rotate "$r" dgram socat); do
    [[ $kind == dgram ]] || have socat || continue
    name=exec-burst-$kind-$r
    start_exec "$name" "$kind" "$slow" || continue
    spid=$(server_pid "$exec_pid")
    [[ -n $spid ]] || { fail "$name: cannot find the server's process"; end_server "$exec_pid"; continue; }
    # The sampler ends 1 s after the last handler (30 s at most).
    "$proctree" "$spid" 10 30000 1000 >"$work/$name.tree" 2>&1 </dev/null &
    tree_pid=$!
    timeout 30 "$dgram" send "$host" "$exec_port" x -n "$exec_burst" >"$work/$name.send" 2>&1 </dev/null ||
      { cat "$work/$name.send" >&2; fail "$name: dgram send -n $exec_burst failed"; }
    wait "$tree_pid" || true
    # socat has no count of its own: the kernel's count of what its socket
    # had no room for (the last column of /proc/net/udp).
    [[ $kind == dgram ]] ||
      s_kdrops=$(awk -v a="0100007F:$(printf '%04X' "$exec_port")" '$2 == a { print $NF; exit }' /proc/net/udp)
    end_server "$exec_pid"
    read -r _ procs _ handlers _ kib _ seen _ <<<"$(cat "$work/$name.tree")"
    [[ -n $procs ]] || { fail "$name: the process sampler failed"; continue; }
    burst_procs[$kind]=$(max "${burst_procs[$kind]:-0}" "$procs")
    burst_handlers[$kind]=$(max "${burst_handlers[$kind]:-0}" "$handlers")
    burst_rss[$kind]=$(max "${burst_rss[$kind]:-0}" "$kib")
    [[ $kind == dgram ]] || seen_last=$seen
    log "  round $r $kind: peak $procs processes under it ($handlers direct children), $kib KiB RSS in all, $seen children started"
    [[ $kind == dgram ]] || log "  socat: ${s_kdrops:-?} datagrams dropped by the kernel (its socket's receive queue was full)"
    if [[ $kind == dgram ]]; then
      d_run=$(summary_field "$name" handlers_run) d_dropped=$(summary_field "$name" handlers_dropped)
      d_received=$(summary_field "$name" received) d_kdrops=$(summary_field "$name" kernel_drops)
      log "  dgram summary: received ${d_received:-?}, ${d_run:-?} handlers run, ${d_dropped:-?} dropped (queue full), ${d_kdrops:-?} dropped by the kernel"
      [[ -n $d_run ]] || { cat "$work/$name.err" >&2; fail "$name: no JSON summary from dgram listen"; }
    fi
  done
done
if [[ -n ${burst_procs[dgram]:-} ]]; then
  dcell="${burst_procs[dgram]} processes (${burst_handlers[dgram]} handlers at once)"
  [[ -z $d_run ]] || dcell+="; last round: $(group "$d_run") run + $(group "$d_dropped") dropped of $(group "$d_received") received"
  met=" — **not met**"
  if ((burst_handlers[dgram] <= 8)) && [[ -n $d_run ]] && ((d_run + d_dropped == d_received)); then met=" — met"; fi
  if [[ -n ${burst_procs[socat]:-} ]]; then
    scell="${burst_procs[socat]} processes (${burst_handlers[socat]} socat forks at once); last round: $(group "$seen_last") forks, one per datagram, ${s_kdrops:-?} dropped by the kernel"
  else
    scell="skipped: no socat"
  fi
  row "Burst of $(group "$exec_burst") datagrams at \`$slow\`: peak processes under the server (vs socat ...,fork SYSTEM:)" \
    "$dcell" "$scell" "$(ratio "${burst_procs[dgram]}" "${burst_procs[socat]:-}")" \
    "bounded (≤ --exec-jobs 8 handlers) where socat has none$met"
  row "Burst of $(group "$exec_burst") datagrams at \`$slow\`: peak RSS of the server and all it started, summed (vs socat)" \
    "$(mib "${burst_rss[dgram]}") MiB" "$(have socat && echo "$(mib "${burst_rss[socat]:-}") MiB" || echo 'skipped: no socat')" \
    "$(ratio "${burst_rss[dgram]}" "${burst_rss[socat]:-}")" "— (for reference: bounded with the processes)"
fi
