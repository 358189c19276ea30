#!/usr/bin/env bash
# Interop between the native dgram and the Windows dgram.exe under Wine, over
# 127.0.0.1 and ::1, in both directions: each side listens once while the
# other sends a UTF-8 message, and the listener must print it byte for byte.
# Usage: interop.sh NATIVE_DGRAM WINDOWS_DGRAM_EXE
set -u
native=$1
windows=$2
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
export WINEDEBUG=-all
# Wine turns Unix argv into the Windows command line through the Unix locale;
# under LANG=C every non-ASCII argument would be mangled before dgram.exe runs.
export LANG=C.UTF-8 LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

run_side() {  # run_side native|windows ARGS...
  local side=$1
  shift
  if [ "$side" = windows ]; then "$wine" "$windows" "$@"; else "$native" "$@"; fi
}

check() {  # check LISTENER SENDER HOST
  local listener=$1 sender=$2 host=$3
  local name="$listener listens, $sender sends, $host"
  local message="Grüße ✓ from $sender over $host"
  run_side "$listener" listen 0 -n 1 -t 20s >"$work/out" 2>"$work/err" </dev/null &
  local pid=$!
  local port=""
  for _ in $(seq 1 200); do  # at most 20 s for Wine to start
    port=$(sed -n 's/^dgram: listening on .*:\([0-9]*\).*$/\1/p' "$work/err" | head -1)
    [ -n "$port" ] && break
    sleep 0.1
  done
  if [ -z "$port" ]; then
    echo "FAIL: $name: listener did not start: $(cat "$work/err")"
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    failed=$((failed + 1))
    return
  fi
  run_side "$sender" send "$host" "$port" "$message" </dev/null
  local send_status=$?
  wait "$pid"
  local listen_status=$?
  local line
  line=$(tr -d '\r' <"$work/out")
  case "$host" in
    *:*) expected_prefix="[$host]:" ;;
    *) expected_prefix="$host:" ;;
  esac
  if [ "$send_status" -eq 0 ] && [ "$listen_status" -eq 0 ] &&
    [ "${line#"$expected_prefix"}" != "$line" ] && [ "${line#* }" = "$message" ]; then
    echo "ok: $name"
    passed=$((passed + 1))
  else
    echo "FAIL: $name: send $send_status, listen $listen_status, got: $line / $(cat "$work/err")"
    failed=$((failed + 1))
  fi
}

for host in 127.0.0.1 ::1; do
  check windows native "$host"
  check native windows "$host"
done
echo "interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
