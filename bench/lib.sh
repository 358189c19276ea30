# bench/lib.sh: what the scenarios of bench/run.sh share (sourced by it, after
# its set-up has set work, dgram, sink, blast, walltime, have_rss and
# the sizes): arithmetic, background jobs, the C sink and dgram listen as
# receivers, timing, and the result table's rows.

# Arithmetic on decimals, and numbers people can read.
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
group() { sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$1"; }
ratio() { # ratio A B: A/B as "0.93×", or "—" when either is missing or B is 0
  if [[ -n $1 && -n $2 && $2 != 0 ]]; then calc '%.2f×' "$1 / $2"; else echo "—"; fi
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
max() { printf '%s\n' "$@" | sort -g | tail -n 1; }

# wait_for FILE REGEX SECONDS: poll until FILE has a line matching REGEX.
wait_for() {
  local tries=$(($3 * 20))
  while ((tries-- > 0)); do
    grep -qE "$2" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}

# run_bg NAME STDOUT CMD...: CMD in the background, killed after 120 s at the
# latest, stderr in $work/NAME.err, peak RSS (KiB) and CPU seconds (user,
# system) in $work/NAME.rss, to the microsecond by bench/rusage.c (GNU time's
# are to 10 ms). Sets bg_pid.
run_bg() {
  local name=$1 out=$2
  shift 2
  local rss=()
  if [[ -n ${rusage:-} ]]; then
    rss=("$rusage" "$work/$name.rss")
  elif ((have_rss)); then
    rss=(/usr/bin/time -f '%M %U %S' -o "$work/$name.rss")
  fi
  timeout 120 "${rss[@]}" "$@" >"$out" 2>"$work/$name.err" </dev/null &
  bg_pid=$!
}
# stop_bg PID SECONDS: give a background job that should end by itself a few
# seconds, then end it.
stop_bg() {
  local tries=$(($2 * 20))
  while ((tries-- > 0)) && kill -0 "$1" 2>/dev/null; do sleep 0.05; done
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
# rss_of NAME: the peak RSS in KiB (GNU time puts "Command exited with
# non-zero status" first when there was one, so the last line), or nothing.
rss_of() { [[ -s $work/$1.rss ]] && tail -n 1 "$work/$1.rss" | awk 'NF == 3 && $1 ~ /^[0-9]+$/ { print $1 }' || true; }
# cpu_of NAME: user + system CPU seconds from the same line, or nothing;
# cpu_us_of NAME: the same in microseconds.
cpu_of() { [[ -s $work/$1.rss ]] && tail -n 1 "$work/$1.rss" | awk 'NF == 3 && $1 ~ /^[0-9]+$/ { printf "%.2f\n", $2 + $3 }' || true; }
cpu_us_of() { [[ -s $work/$1.rss ]] && tail -n 1 "$work/$1.rss" | awk 'NF == 3 && $1 ~ /^[0-9]+$/ { printf "%.0f\n", ($2 + $3) * 1e6 }' || true; }

# start_sink NAME COUNT IDLE_MS [RCVBUF] [DRAIN_MS]: the C recvmmsg receiver
# on a free port; it gives up when nothing has come after 10 s (a sender
# that failed). With DRAIN_MS it drains every DRAIN_MS instead of being woken
# by each datagram (recvmmsg_sink.c). Sets sink_pid and sink_port; returns 1
# when it did not come up.
start_sink() {
  run_bg "$1" "$work/$1.out" "$sink" 0 "$2" "$3" 10000 "${4:-0}" "${5:-0}"
  sink_pid=$bg_pid
  wait_for "$work/$1.out" '^port [0-9]+' 10 || { fail "$1: the C sink did not start"; return 1; }
  sink_port=$(awk '/^port /{ print $2; exit }' "$work/$1.out")
}
# sink_result NAME: waits for the sink to stop by itself; sets sink_got,
# sink_bytes and sink_span_ns (first to last arrival).
sink_result() {
  wait "$sink_pid" || true
  local line
  line=$(grep '^received ' "$work/$1.out" || echo "received 0 datagrams 0 bytes span_ns 0")
  read -r _ sink_got _ sink_bytes _ _ sink_span_ns <<<"$line"
}

# start_listener NAME COUNT ARGS...: `dgram listen` on a free IPv4 port, output
# to /dev/null, stopping after COUNT datagrams or 2 s without one.
# Sets listener_pid and listener_port.
start_listener() {
  local name=$1 count=$2
  shift 2
  run_bg "$name" /dev/null "$dgram" listen 0 -4 -n "$count" -t 2s "$@"
  listener_pid=$bg_pid
  wait_for "$work/$name.err" 'listening on' 10 ||
    { cat "$work/$name.err" >&2; fail "$name: dgram listen did not start"; return 1; }
  listener_port=$(sed -n 's/^dgram: listening on .*:\([0-9][0-9]*\).*$/\1/p' "$work/$name.err" | head -n 1)
}
# listener_result NAME: waits for it (exit 3, "nothing arrived for 2 s", is the
# normal end when the kernel dropped some); sets listener_got from the summary.
listener_result() {
  wait "$listener_pid" || true
  listener_got=$(sed -n 's/^dgram: received \([0-9][0-9]*\) datagrams.*/\1/p' "$work/$1.err" | tail -n 1)
  grep -h 'dgram: received' "$work/$1.err" | sed 's/^/bench:   /' >&2 || true
  [[ -n $listener_got ]] || { cat "$work/$1.err" >&2; fail "$1: no summary line from dgram listen"; }
}

# time_once CMD...: whole-process wall time of one run in ns (stdin /dev/null,
# stdout discarded, stderr kept); sets took_ns, empty when it failed.
time_once() {
  local out med fails
  took_ns=
  out=$("$walltime" 1 0 /dev/null "$@") || { fail "walltime could not run $1"; return 0; }
  read -r med _ _ fails _ <<<"$out"
  if ((fails)); then fail "$* exited non-zero"; else took_ns=$med; fi
}

# rotate N WORD...: the words starting at the (N-1)th, wrapping around. Each
# round runs the contenders in another order, so that a neighbour's load
# rising or falling during the run does not always favour the same one.
rotate() {
  local n=$(($1 - 1))
  shift
  local words=("$@") i
  for ((i = 0; i < ${#words[@]}; i++)); do echo "${words[(i + n) % ${#words[@]}]}"; done
}

rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 |"); }
# verdict VALUE OP LIMIT: "met" / "not met" for a target, or nothing.
verdict() {
  [[ -n $1 && $1 != — ]] || return 0
  local v=${1%×}
  if awk "BEGIN { exit !($v $2 $3) }"; then echo " — met"; else echo " — **not met**"; fi
}

# The memory rows (scenarios listen and dgram_to_dgram).
mib() { [[ -n $1 && $1 != 0 ]] && calc '%.1f' "$1 / 1024" || echo "?"; }
# rss_rows KEY_PREFIX LABEL LABEL_SUFFIX: the quiet and json rows from
# peak[KEY_PREFIX{quiet,json,c}-{small,big}].
rss_rows() {
  local key=$1 label=$2 suffix=$3 kind s b growth met flag
  for kind in quiet json; do
    s=${peak[$key$kind-small]:-} b=${peak[$key$kind-big]:-}
    [[ $b != 0 ]] || b=
    growth=$(ratio "$b" "$s")
    met=
    if [[ -n $s && -n $b ]]; then
      if awk "BEGIN { exit !($b <= 8192 && $b <= 1.1 * $s) }"; then met=" — met"; else met=" — **not met**"; fi
    fi
    flag=--quiet
    [[ $kind == quiet ]] || flag="--format json"
    row "$label $flag$suffix peak RSS, $(group "$mem_small") → $(group "$listen_n") datagrams (vs C sink)" \
      "$(mib "$s") → $(mib "$b") MiB" "$(mib "${peak[${key}c-small]:-}") → $(mib "${peak[${key}c-big]:-}") MiB" \
      "$growth growth" "≤ 8 MiB, flat (≤ 1.10×)$met"
  done
}
