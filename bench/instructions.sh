#!/usr/bin/env bash
# Instructions per datagram of each record format, counted by callgrind.
#
#   bench/instructions.sh [DGRAM]
#
# For each payload size (64, 512, 1,400 bytes) and each way of listening
# (--quiet, --format text/hex/json/raw, text with --timestamps, text with the
# status line (--progress), and text and json of a binary payload: every byte
# value, not UTF-8, so \xNN escapes and base64), one `dgram listen -4 -n N --rcvbuf 4194304` runs under
# `valgrind --tool=callgrind` while `dgram send 127.0.0.1 P <payload> -n N -m
# SIZE` (not under valgrind) sends it N datagrams at full speed. The 4 MiB
# buffer holds all N (N = 20,000, 10,000 and 4,000 for the three sizes; the
# sender coalesces them, the listener reads them coalesced, as in
# bench/scenarios/dgram_to_dgram.sh), so none is dropped while valgrind slows
# the listener: a run that received fewer than N is reported and left out. Prints a markdown table of the whole
# process's instructions (Ir) / N, and that minus --quiet's for the same size
# (the format's own cost: start-up, the socket and the reads are the same).
# Needs valgrind (Debian: apt-get install valgrind). Loopback only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dgram=${1:-$here/../build/release/dgram}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# measure NAME SIZE LISTEN-ARGS...: sets ir (total Ir), or empty on failure.
measure() {
  local name=$1 size=$2 port got
  shift 2
  ir=
  local payload hex=()
  if [[ $name == *binary* ]]; then  # every byte value, not UTF-8: base64 and \xNN
    payload=$(awk -v n="$size" 'BEGIN { for (i = 0; i < n; i++) printf "%02x", (i * 151 + 128) % 256 }')
    hex=(-x)
  else
    payload=$(head -c "$size" /dev/zero | tr '\0' x)
  fi
  valgrind --tool=callgrind --callgrind-out-file="$work/$name.out" \
    "$dgram" listen 0 -4 -n "$n" -t 20s -m "$size" --rcvbuf 4194304 "$@" \
    >/dev/null 2>"$work/$name.err" </dev/null &
  local pid=$!
  for ((i = 0; i < 600; i++)); do
    grep -q 'listening on' "$work/$name.err" 2>/dev/null && break
    sleep 0.05
  done
  port=$(sed -n 's/^dgram: listening on .*:\([0-9][0-9]*\).*$/\1/p' "$work/$name.err" | head -n 1)
  "$dgram" send 127.0.0.1 "$port" "${hex[@]}" "$payload" -n "$n" -m "$size" >/dev/null 2>&1 </dev/null
  wait "$pid" || true
  got=$(sed -n 's/^dgram: received \([0-9][0-9]*\) datagrams.*/\1/p' "$work/$name.err" | tail -n 1)
  if [[ $got != "$n" ]]; then
    echo "instructions: $name received ${got:-nothing} of $n; left out" >&2
    return 0
  fi
  ir=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$work/$name.out")
}

# shellcheck disable=SC2206 # word splitting of the lists is wanted
kinds=(${KINDS:-quiet text text+timestamps text+progress json hex raw text+binary json+binary})
sizes=(${SIZES:-64 512 1400})
echo "| payload | listen | Ir / datagram | minus --quiet |"
echo "|---|---|---:|---:|"
for size in "${sizes[@]}"; do
  n=$((size <= 64 ? 20000 : size <= 512 ? 10000 : 4000))
  base=
  for kind in "${kinds[@]}"; do
    case $kind in
      quiet) args=(--quiet) ;;
      text+timestamps) args=(--format text --timestamps) ;;
      text+progress) args=(--format text --progress) ;;
      *+binary) args=(--format "${kind%+binary}") ;;
      *) args=(--format "$kind") ;;
    esac
    measure "$kind-$size" "$size" "${args[@]}"
    [[ -n $ir ]] || continue
    per=$(awk "BEGIN { printf \"%.0f\", $ir / $n }")
    [[ $kind != quiet ]] || base=$per
    extra=—
    [[ -z $base || $kind == quiet ]] || extra=$((per - base))
    label="${args[*]}"
    [[ $kind != *binary ]] || label+=" (binary payload)"
    echo "| $size B | $label | $per | $extra |"
  done
done
