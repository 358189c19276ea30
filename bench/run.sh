#!/usr/bin/env bash
# bench/run.sh [--quick]
# dgram against its peers (socat, nc, iperf3) and the kernel's limit (small C
# programs beside this script), over loopback only. Prints a markdown table and
# writes it to bench/RESULTS.md. See bench/README.md for what each row means.
#
# Exit 0 whatever the speed (this is a report, not a test); exit 1 only when
# something could not run at all: the build, a helper, a peer that should have
# been installed, or a measurement whose program failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"

quick=0
case "${1:-}" in
  --quick) quick=1 ;;
  "") ;;
  -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
  *) echo "usage: bench/run.sh [--quick]" >&2; exit 2 ;;
esac

# Sizes. --quick is the same benchmark scaled down to seconds, so CI can run
# it on every change and it never rots.
if ((quick)); then
  mode=quick oneshot_runs=10 blast_n=100000 mem_small=10000 rounds=1 iperf_secs=1
  rate_slow_n=500 rate_fast_n=50000
else
  mode=full oneshot_runs=30 blast_n=1000000 mem_small=100000 rounds=3 iperf_secs=3
  rate_slow_n=2000 rate_fast_n=200000
fi
# The listen blast doubles as the larger point of the memory rows.
listen_n=$blast_n
# Every datagram of this benchmark goes here and nowhere else.
host=127.0.0.1
payload64=$(printf 'x%.0s' {1..64})

log() { printf 'bench: %s\n' "$*" >&2; }
problems=()
fail() { problems+=("$*"); log "PROBLEM: $*"; }
die() { log "$*"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/dgram-bench.XXXXXX")
cleanup() {
  # Only this script's own background jobs that are still running (jobs -p
  # never lists one already waited for, whose id may have been reused). Each
  # is a `timeout` wrapper, which passes the signal on to its command.
  local p
  for p in $(jobs -p); do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# ---------------------------------------------------------------- set-up

log "building Release dgram (cmake --preset release)"
if ! { cmake --preset release && cmake --build --preset release --target dgram; } \
  >"$work/build.log" 2>&1 </dev/null; then
  tail -n 40 "$work/build.log" >&2
  die "the Release build failed"
fi
dgram=$root/build/release/dgram
[[ -x $dgram ]] || die "no $dgram after the build"

# Peers: install what is missing when we can (root, Debian), else skip them.
declare -A pkg_of=([socat]=socat [nc]=netcat-openbsd [iperf3]=iperf3 [/usr/bin/time]=time)
missing=()
for tool in socat nc iperf3 /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${pkg_of[$tool]}")
done
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Without package lists (a fresh machine) install fails: update once, retry.
    apt-get install -y -qq "${missing[@]}" >"$work/apt.log" 2>&1 </dev/null ||
      { apt-get update -qq && apt-get install -y -qq "${missing[@]}"; } >>"$work/apt.log" 2>&1 </dev/null ||
      { tail -n 20 "$work/apt.log" >&2; fail "could not install ${missing[*]}"; }
  else
    log "not root (or no apt-get): ${missing[*]} missing, skipping what needs them"
  fi
fi
have() { command -v "$1" >/dev/null 2>&1; }
have_rss=0
[[ -x /usr/bin/time ]] && have_rss=1

# The C helpers: the kernel's limit for send and receive, and a precise timer.
for prog in sendmmsg_blast recvmmsg_sink walltime; do
  cc -O2 -Wall -o "$work/$prog" "$here/$prog.c" 2>"$work/cc.log" ||
    { cat "$work/cc.log" >&2; die "cannot compile bench/$prog.c"; }
done
blast=$work/sendmmsg_blast sink=$work/recvmmsg_sink walltime=$work/walltime

# ---------------------------------------------------------------- helpers

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
# system) in $work/NAME.rss when GNU time is here. Sets bg_pid.
run_bg() {
  local name=$1 out=$2
  shift 2
  local rss=()
  if ((have_rss)); then rss=(/usr/bin/time -f '%M %U %S' -o "$work/$name.rss"); fi
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
# cpu_of NAME: user + system CPU seconds from the same line, or nothing.
cpu_of() { [[ -s $work/$1.rss ]] && tail -n 1 "$work/$1.rss" | awk 'NF == 3 && $1 ~ /^[0-9]+$/ { printf "%.2f\n", $2 + $3 }' || true; }

# start_sink NAME COUNT IDLE_MS [RCVBUF]: the C recvmmsg receiver on a free
# port; it gives up when nothing has come after 10 s (a sender that failed).
# Sets sink_pid and sink_port; returns 1 when it did not come up.
start_sink() {
  run_bg "$1" "$work/$1.out" "$sink" 0 "$2" "$3" 10000 "${4:-0}"
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

rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 |"); }
# verdict VALUE OP LIMIT: "met" / "not met" for a target, or nothing.
verdict() {
  [[ -n $1 && $1 != — ]] || return 0
  local v=${1%×}
  if awk "BEGIN { exit !($v $2 $3) }"; then echo " — met"; else echo " — **not met**"; fi
}

# ---------------------------------------------------------------- 1. one-shot

log "1/6 one-shot send: whole-process wall time, $oneshot_runs runs each, interleaved"
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

# ---------------------------------------------------------------- 2. blast

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

log "2/6 blast: $blast_n 64-byte datagrams, $rounds round(s); dgram and C by whole-process time, iperf3 for ${iperf_secs} s"
d_rates=() c_rates=() g_rates=() i_rates=()
# rotate N WORD...: the words starting at the (N-1)th, wrapping around. Each
# round runs the contenders in another order, so that a neighbour's load
# rising or falling during the run does not always favour the same one.
rotate() {
  local n=$(($1 - 1))
  shift
  local words=("$@") i
  for ((i = 0; i < ${#words[@]}; i++)); do echo "${words[(i + n) % ${#words[@]}]}"; done
}

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

# ---------------------------------------------------------------- 3 + 4. listen, memory

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

log "3/6 listen: what each receiver gets of $(group "$listen_n") datagrams blasted by the C sender, $rounds round(s)"
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

log "4/6 memory: peak RSS after $(group "$mem_small") datagrams (the $(group "$listen_n") figures are from 3/6)"
if ((have_rss)); then
  for kind in c quiet json; do
    listen_round "mem-$kind" "$mem_small" "$kind"
    peak[$kind-small]=$(rss_of "mem-$kind")
    log "  $kind: peak RSS ${peak[$kind-small]:-?} KiB"
  done
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
  rss_rows "" "listen" ""
else
  row "listen peak RSS" "skipped: no /usr/bin/time" "—" "—" "≤ 8 MiB, flat"
fi

# ---------------------------------------------------------------- 5. dgram → dgram

# dgram's own blast (UDP segmentation offload, 64 datagrams per message) is
# faster than the C sender: what reaches a receiver at full speed, with a
# 4 MiB receive buffer for all. dgram listen reads it coalesced (UDP GRO);
# the C loop reads one datagram per message, the baseline without GRO.
e2e_rcvbuf=4194304
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
log "5/6 dgram send -n $(group "$listen_n") at full speed into dgram listen (GRO) and the C recvmmsg loop, --rcvbuf $e2e_rcvbuf, $rounds round(s)"
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
# ---------------------------------------------------------------- 6. rate

log "6/6 --rate accuracy: at the receiver (first to last arrival) and by the sender's wall time"
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

# ---------------------------------------------------------------- report

table=$(
  echo "| metric | dgram | peer | ratio | target |"
  echo "|---|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
)
{
  echo "# dgram benchmark results"
  echo
  echo "Run of \`bench/run.sh$( ((quick)) && echo ' --quick')\` ($mode) on $(date -u '+%Y-%m-%d %H:%M UTC'):" \
    "$("$dgram" --version 2>/dev/null | head -n 1) (Release), $(nproc) cores, Linux $(uname -r), loopback, 64-byte payloads."
  echo
  echo "Figures are from one run on a shared, noisy machine: read the ratios, measured side by side; absolute figures are not comparable between runs."
  echo
  echo "$table"
  if ((${#problems[@]})); then
    echo
    echo "Problems in this run:"
    printf -- '- %s\n' "${problems[@]}"
  fi
} >"$here/RESULTS.md"
echo "$table"
log "written to bench/RESULTS.md"

if ((${#problems[@]})); then
  log "${#problems[@]} problem(s): something could not run; see above"
  exit 1
fi
