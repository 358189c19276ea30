#!/usr/bin/env bash
# bench/run.sh [--quick]
# dgram against its peers (socat, nc, iperf3) and the kernel's limit (small C
# programs beside this script), over loopback only. Prints a markdown table and
# writes it to bench/RESULTS.md. See bench/README.md for what each row means.
# DGRAM_BENCH_ONLY="exec rate" runs only those scenarios and prints their rows,
# leaving bench/RESULTS.md as it is.
#
# Exit 0 whatever the speed (this is a report, not a test); exit 1 only when
# something could not run at all: the build, a helper, a peer that should have
# been installed, or a measurement whose program failed.
#
# The set-up and the report are here; the helpers are in bench/lib.sh, and
# each scenario (1/8 to 8/8) in bench/scenarios/, sourced in order: the
# variables set here for them look unused to shellcheck.
# shellcheck disable=SC2034
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"

quick=0
case "${1:-}" in
  --quick) quick=1 ;;
  "") ;;
  -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
  *) echo "usage: bench/run.sh [--quick]" >&2; exit 2 ;;
esac

all_scenarios="oneshot blast listen dgram_to_dgram floor rate exec seq relay"
only=${DGRAM_BENCH_ONLY:-}
for scenario in $only; do
  [[ " $all_scenarios " == *" $scenario "* ]] ||
    { echo "bench/run.sh: DGRAM_BENCH_ONLY: no scenario '$scenario' (there are: $all_scenarios)" >&2; exit 2; }
done

# Sizes. --quick is the same benchmark scaled down to seconds, so CI can run
# it on every change and it never rots.
if ((quick)); then
  mode=quick oneshot_runs=10 hf_runs=100 hf_rounds=2 blast_n=100000 mem_small=10000 rounds=1 iperf_secs=1
  rate_slow_n=500 rate_fast_n=50000 exec_n=300 seq_secs=1
else
  mode=full oneshot_runs=300 hf_runs=300 hf_rounds=5 blast_n=1000000 mem_small=100000 rounds=3 iperf_secs=3
  rate_slow_n=2000 rate_fast_n=200000 exec_n=2000 seq_secs=5
fi
# --exec against socat: requests kept in flight by the closed-loop client,
# and the burst that shows whether the number of handlers is bounded.
exec_inflight=8 exec_burst=1000
# send --seq → listen --stats against iperf3 -u: the same UDP payload size and
# rate for both, seq_secs seconds' worth of datagrams.
seq_rate=10000 seq_size=1400
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

# The same configuration as scripts/test-all.sh (warnings are errors), so
# that CI's benchmark and test run share one release build instead of
# reconfiguring and rebuilding it.
export DGRAM_WERROR=${DGRAM_WERROR:-ON}
log "building Release dgram (cmake --preset release)"
if ! { cmake --preset release && cmake --build --preset release --target dgram; } \
  >"$work/build.log" 2>&1 </dev/null; then
  tail -n 40 "$work/build.log" >&2
  die "the Release build failed"
fi
dgram=$root/build/release/dgram
[[ -x $dgram ]] || die "no $dgram after the build"

# Peers: install what is missing when we can (root, Debian), else skip them.
declare -A pkg_of=([socat]=socat [nc]=netcat-openbsd [iperf3]=iperf3 [/usr/bin/time]=time [hyperfine]=hyperfine)
missing=()
for tool in socat nc iperf3 /usr/bin/time hyperfine; do
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

# The C helpers: the kernel's limit for send and receive (the floor: with
# UDP GRO), a precise timer, a CPU and memory meter, a request/reply client
# and a process-tree sampler.
for prog in sendmmsg_blast recvmmsg_sink gro_sink walltime rusage exec_client proctree; do
  cc -O2 -Wall -o "$work/$prog" "$here/$prog.c" 2>"$work/cc.log" ||
    { cat "$work/cc.log" >&2; die "cannot compile bench/$prog.c"; }
done
blast=$work/sendmmsg_blast sink=$work/recvmmsg_sink walltime=$work/walltime
gro_sink=$work/gro_sink rusage=$work/rusage have_rss=1
exec_client=$work/exec_client proctree=$work/proctree

# ---------------------------------------------------------------- scenarios

# shellcheck source=bench/lib.sh
. "$here/lib.sh"
for scenario in ${only:-$all_scenarios}; do
  # shellcheck source=/dev/null
  . "$here/scenarios/$scenario.sh"
done

# ---------------------------------------------------------------- report

table=$(
  echo "| metric | dgram | peer | ratio | target |"
  echo "|---|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
)
if [[ -n $only ]]; then
  # A part of the table must not replace the whole one.
  echo "$table"
  log "DGRAM_BENCH_ONLY=$only: bench/RESULTS.md left as it is"
  ((${#problems[@]} == 0)) || die "${#problems[@]} problem(s): something could not run; see above"
  exit 0
fi
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
  # Counted, not timed (bench/instructions.sh, run by hand: valgrind is slow),
  # so it stays with the table rather than being measured again here.
  if [[ -f $here/instructions.md ]]; then
    echo
    cat "$here/instructions.md"
  fi
} >"$here/RESULTS.md"
echo "$table"
log "written to bench/RESULTS.md"

if ((${#problems[@]})); then
  log "${#problems[@]} problem(s): something could not run; see above"
  exit 1
fi

