# shellcheck shell=bash
# Sourced by the shell tests: learn a listener's port from its own output.
#
# listener_port FILE PID [SECONDS]
#   Prints the port of the first "dgram: listening on ADDRESS:PORT" line in
#   FILE, waiting until it appears. FILE must be this listener's own stderr,
#   a fresh file no earlier process wrote (an earlier listener's line would
#   be read as this one's). Fails (prints nothing, returns 1) when PID exits
#   first or after SECONDS (default 120: a loaded 2-core machine, or Wine
#   starting, can take tens of seconds; a listener that started returns at
#   once).
listener_port() {
  local file=$1 pid=$2 seconds=${3:-120} port
  local tries=$((seconds * 20))
  while [ "$tries" -gt 0 ]; do
    port=$(sed -n 's/^dgram: listening on .*:\([0-9][0-9]*\).*$/\1/p' "$file" 2>/dev/null | head -1)
    if [ -n "$port" ]; then
      echo "$port"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
    tries=$((tries - 1))
  done
  return 1
}

# wait_for_line FILE PID REGEX [SECONDS]: waits until FILE has a line
# matching the extended REGEX (same rules as listener_port).
wait_for_line() {
  local file=$1 pid=$2 regex=$3 seconds=${4:-120}
  local tries=$((seconds * 20))
  while [ "$tries" -gt 0 ]; do
    grep -Eq -- "$regex" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
    tries=$((tries - 1))
  done
  # The line may have come just before the process ended.
  grep -Eq -- "$regex" "$file" 2>/dev/null
}
