#!/usr/bin/env bash
# Floods on loopback, bounded: 1,000,000 datagrams at full speed into a
# listener in each output format. The listener must not crash, its summary
# must add up (received + dropped by the kernel = sent), and its peak memory
# must stay flat (the same after 1,000,000 datagrams as after 10,000).
# dgram sends them segmented, 64 per message, and listen reads them
# coalesced (UDP GRO), so the kernel drops and counts them a group at a
# time: the summary then says "at least N dropped", and received + N <= sent
# <= received + 64 × N.
# Usage: flood_test.sh DGRAM      Linux only (SO_RXQ_OVFL, /usr/bin/time).
set -u
dgram=$1
# shellcheck source=tests/support/listener.sh
. "$(dirname "$0")/../support/listener.sh"
if [ "$(uname)" != Linux ] || [ ! -x /usr/bin/time ]; then
  echo "SKIP: needs Linux and /usr/bin/time (package time)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
payload=$(printf '%064d' 0)  # 64 bytes
passed=0
failed=0

# Datagrams the kernel dropped before any socket saw them: the per-CPU input
# backlog, shared by the whole machine, overflows when it is busy
# (/proc/net/softnet_stat, second column, hex).
backlog_drops() {
  local total=0
  while read -r _ dropped _; do total=$((total + 16#$dropped)); done </proc/net/softnet_stat
  echo "$total"
}

# flood FORMAT COUNT: prints "received dropped backlog_dropped peak_kib at_least"
# (at_least: 1 when the drop count is of coalesced groups, a lower bound)
# -t 10s: on a busy machine the sender may start seconds after the listener.
# Each listener writes to a file of its own (FORMAT-COUNT.err, created by its
# own redirection): a file an earlier listener wrote would hand over that
# listener's port before this one had bound.
flood() {
  local format=$1 count=$2
  local err=$work/$format-$count.err
  /usr/bin/time -f 'peak %M' "$dgram" listen 0 -4 -f "$format" -m 64 -t 10s \
    >/dev/null 2>"$err" &
  local pid=$!
  local port
  if ! port=$(listener_port "$err" "$pid"); then
    kill "$pid" 2>/dev/null
    wait "$pid"
    echo "FAIL: $format, $count datagrams: the listener did not start: $(cat "$err")" >&2
    echo "0 0 0 0 0"
    return 1
  fi
  local backlog_before
  backlog_before=$(backlog_drops)
  "$dgram" send 127.0.0.1 "$port" "$payload" -n "$count" -m 64
  # One more after the flood carries the kernel's final drop count.
  "$dgram" send 127.0.0.1 "$port" last
  wait "$pid"
  local status=$?
  local received dropped peak
  received=$(sed -n 's/.*received \([0-9]*\) datagram.*/\1/p' "$err")
  dropped=$(sed -n 's/.* \([0-9]*\) dropped by the kernel.*/\1/p' "$err")
  peak=$(sed -n 's/^peak \([0-9]*\)$/\1/p' "$err")
  # 3: the idle timeout ended it, as planned (time passes the code on).
  if [ "$status" -ne 3 ] || [ -z "$received" ] || [ -z "$dropped" ] || [ -z "$peak" ]; then
    echo "FAIL: $format, $count datagrams: exit $status: $(cat "$err")" >&2
    echo "0 0 0 0 0"
    return 1
  fi
  local at_least=0
  grep -q 'at least [0-9]* dropped by the kernel' "$err" && at_least=1
  echo "$received $dropped $(($(backlog_drops) - backlog_before)) $peak $at_least"
}

check() {  # check FORMAT COUNT
  local result
  if ! result=$(flood "$1" "$2"); then
    failed=$((failed + 1))
    return
  fi
  set -- "$1" "$2" $result
  local total=$(($2 + 1))
  # The listener's own counts add up exactly; packets a busy machine lost
  # before the socket (the backlog) are counted by the kernel for the whole
  # machine, so they can only bound the rest. dgram sends a repeated payload
  # with UDP segmentation offload: a packet there holds up to 64 datagrams.
  # A drop count of coalesced groups ("at least") bounds the datagrams the
  # socket dropped the same way: 1 to 64 each.
  local most_dropped=$4
  [ "$7" -eq 1 ] && most_dropped=$((64 * $4))
  if [ $(($3 + $4)) -eq "$total" ] ||
    { [ $(($3 + $4)) -lt "$total" ] && [ $(($3 + most_dropped + 64 * $5)) -ge "$total" ]; }; then
    if [ "$7" -eq 1 ]; then
      echo "ok: $1: $2 datagrams: received $3 + dropped by the socket $4 times, a datagram or a coalesced group each ($4 to $most_dropped datagrams) (+ $5 lost in the machine's backlog) covers the $total sent, peak RSS $6 KiB"
    else
      echo "ok: $1: $2 datagrams: received $3 + dropped by the socket $4 (+ $5 lost in the machine's backlog) = $total sent, peak RSS $6 KiB"
    fi
    passed=$((passed + 1))
  else
    echo "FAIL: $1: received $3 + dropped $4 (at least: $7) (+ backlog $5) != $total sent"
    failed=$((failed + 1))
  fi
  peak_kib=$6
}

check text 10000
small_peak=$peak_kib
for format in text hex json raw; do
  check "$format" 1000000
done
large_peak=$peak_kib
if [ "$large_peak" -le $((small_peak + 2048)) ]; then
  echo "ok: memory flat: peak $small_peak KiB after 10,000, $large_peak KiB after 1,000,000"
  passed=$((passed + 1))
else
  echo "FAIL: memory grew: peak $small_peak KiB after 10,000, $large_peak KiB after 1,000,000"
  failed=$((failed + 1))
fi
echo "flood: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
