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
# shellcheck source=tests/support/listener.sh
. "$(dirname "$0")/../support/listener.sh"
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
  # Files of this listener's own: the previous check's listener wrote
  # "listening on" with its port to the last ones.
  local out=$work/$listener-$sender-$host.out err=$work/$listener-$sender-$host.err
  run_side "$listener" listen 0 -n 1 -t 60s >"$out" 2>"$err" </dev/null &
  local pid=$!
  local port
  if ! port=$(listener_port "$err" "$pid"); then  # Wine starting on a busy machine is slow
    echo "FAIL: $name: listener did not start: $(cat "$err")"
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
  line=$(tr -d '\r' <"$out")
  case "$host" in
    *:*) expected_prefix="[$host]:" ;;
    *) expected_prefix="$host:" ;;
  esac
  if [ "$send_status" -eq 0 ] && [ "$listen_status" -eq 0 ] &&
    [ "${line#"$expected_prefix"}" != "$line" ] && [ "${line#* }" = "$message" ]; then
    echo "ok: $name"
    passed=$((passed + 1))
  else
    echo "FAIL: $name: send $send_status, listen $listen_status, got: $line / $(cat "$err")"
    failed=$((failed + 1))
  fi
}

for host in 127.0.0.1 ::1; do
  check windows native "$host"
  check native windows "$host"
done
echo "interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
