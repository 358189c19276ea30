# relay: listen --forward against socat UDP4-LISTEN:P,fork,reuseaddr
# UDP4:127.0.0.1:Q in front of the same C echo (bench/udp_echo.c): round trips
# per second of one client, the delivered rate of one client's unpaced blast,
# and whether every answer reaches its own client when 50 start at once.
# Sourced by bench/run.sh, after its set-up and bench/lib.sh; adds rows. What
# they set looks unassigned to shellcheck run on this file alone.
# shellcheck shell=bash disable=SC2154

# Its own C helpers: the echo upstream and the clients.
for prog in udp_echo relay_client; do
  cc -O2 -Wall -o "$work/$prog" "$here/$prog.c" 2>"$work/cc.log" ||
    { cat "$work/cc.log" >&2; die "cannot compile bench/$prog.c"; }
done
udp_echo=$work/udp_echo relay_client=$work/relay_client
if ((quick)); then
  relay_rt_n=50000 relay_oneway_n=50000 relay_each=40
else
  relay_rt_n=200000 relay_oneway_n=200000 relay_each=200
fi
relay_inflight=32 relay_clients=50 relay_client_inflight=4

# start_upstream NAME: the C echo (NAME=echo-...) or the C sink (NAME=sink-...,
# counting relay_oneway_n) on a free port; sets up_pid and up_port.
start_upstream() {
  if [[ $1 == sink-* ]]; then
    start_sink "$1" "$relay_oneway_n" 1000 4194304 || return 1
    up_pid=$sink_pid up_port=$sink_port
    return 0
  fi
  run_bg "$1" "$work/$1.out" "$udp_echo" 10000
  up_pid=$bg_pid
  wait_for "$work/$1.out" '^port [0-9]+' 10 || { fail "$1: the C echo did not start"; return 1; }
  up_port=$(awk '/^port /{ print $2; exit }' "$work/$1.out")
}
# start_relay NAME KIND UPSTREAM_PORT: `dgram listen 0 -4 -q --forward` or
# socat (which cannot say its port: it gets one free now and is ready once
# the kernel lists it bound). Sets relay_pid (the run_bg job, leader of a
# process group that holds socat's forks too) and relay_port.
start_relay() {
  local name=$1 kind=$2 up=$3 tries=200 hex
  if [[ $kind == dgram ]]; then
    run_bg "$name" /dev/null "$dgram" listen 0 -4 -q --forward "$host:$up" --summary json
    relay_pid=$bg_pid
    wait_for "$work/$name.err" 'listening on' 10 ||
      { cat "$work/$name.err" >&2; fail "$name: dgram listen --forward did not start"; end_relay "$relay_pid"; return 1; }
    relay_port=$(sed -n 's/^dgram: listening on .*:\([0-9][0-9]*\).*$/\1/p' "$work/$name.err" | head -n 1)
    return 0
  fi
  relay_port=$("$exec_client" freeport) || { fail "$name: no free port"; return 1; }
  # socat-big: with the receive buffer dgram's relay asks for by default.
  local buffer=
  [[ $kind != socat-big ]] || buffer=,rcvbuf=4194304
  run_bg "$name" /dev/null socat "UDP4-LISTEN:$relay_port,bind=$host,fork,reuseaddr$buffer" "UDP4:$host:$up"
  relay_pid=$bg_pid
  hex=$(printf '%04X' "$relay_port")
  while ((tries-- > 0)); do
    grep -q " 0100007F:$hex " /proc/net/udp && return 0
    kill -0 "$relay_pid" 2>/dev/null || break
    sleep 0.05
  done
  cat "$work/$name.err" >&2
  fail "$name: socat did not start"
  end_relay "$relay_pid"
  return 1
}
# end_relay PID: SIGTERM to the job's process group (socat's forks with it).
end_relay() {
  kill -TERM -- "-$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# oneway_round KIND ROUND: the C sender's blast through the relay into the
# C sink; adds to relay_rate and relay_got.
oneway_round() {
  local kind=$1 r=$2 name=relay-oneway-$1-$2 rate
  start_upstream "sink-$name" || return 0
  if start_relay "$name" "$kind" "$up_port"; then
    "$blast" "$relay_port" "$relay_oneway_n" 64 >"$work/$name.blast" 2>&1 </dev/null ||
      { cat "$work/$name.blast" >&2; fail "$name: the C sender failed"; }
    sink_result "sink-$name"
    end_relay "$relay_pid"
    if ((sink_got > 1 && sink_span_ns > 0)); then
      rate=$(calc '%.0f' "($sink_got - 1) * 1e9 / $sink_span_ns")
      relay_rate[$kind]+=" $rate" relay_got[$kind]+=" $sink_got"
      log "  round $r $kind one-way: $sink_got of $relay_oneway_n delivered, $rate/s"
    else
      fail "$name: ${sink_got:-0} datagrams delivered"
    fi
  else
    stop_bg "$sink_pid" 0
  fi
}

log "relay vs socat: round trips (1 client, $relay_inflight in flight, 64 B), one-way $(group "$relay_oneway_n") unpaced, $relay_clients clients at once; $rounds round(s)"
declare -A relay_rt=() relay_rate=() relay_got=() relay_wrong=() relay_answered=() relay_lost=()
for ((r = 1; r <= rounds; r++)); do
  for kind in $(rotate "$r" dgram socat); do
    [[ $kind == dgram ]] || have socat || continue
    # Round trips: one client keeps 32 requests out.
    name=relay-rt-$kind-$r
    if start_upstream "echo-$name"; then
      if start_relay "$name" "$kind" "$up_port"; then
        if out=$(timeout 120 "$relay_client" "$relay_port" 1 "$relay_rt_n" "$relay_inflight" 64 1000 60000 </dev/null); then
          read -r _ answered _ lost _ _ _ _ _ secs _ rate <<<"$out"
          relay_rt[$kind]+=" $rate"
          log "  round $r $kind round trips: $answered answered, $lost lost in ${secs}s: $rate/s"
        else
          fail "$name: the client failed"
        fi
        end_relay "$relay_pid"
      fi
      stop_bg "$up_pid" 0
    fi
    # One way: the C sender's blast through the relay into the C sink;
    # socat also with dgram's relay buffer, for reference.
    oneway_round "$kind" "$r"
    [[ $kind != socat ]] || oneway_round socat-big "$r"
    # Many clients at once: each answer must reach the client that asked.
    name=relay-many-$kind-$r
    if start_upstream "echo-$name"; then
      if start_relay "$name" "$kind" "$up_port"; then
        if out=$(timeout 120 "$relay_client" "$relay_port" "$relay_clients" "$relay_each" "$relay_client_inflight" 64 200 30000 </dev/null); then
          read -r _ answered _ lost _ late _ wrong _ _ _ _ <<<"$out"
          relay_wrong[$kind]=$((${relay_wrong[$kind]:-0} + wrong))
          relay_answered[$kind]=$((${relay_answered[$kind]:-0} + answered))
          relay_lost[$kind]=$((${relay_lost[$kind]:-0} + lost))
          log "  round $r $kind $relay_clients clients: $answered answered, $wrong misrouted, $lost lost, $late late"
        else
          fail "$name: the client failed"
        fi
        end_relay "$relay_pid"
      fi
      stop_bg "$up_pid" 0
    fi
  done
done

peer_cell() { # peer_cell CELL: the cell, or why socat has none
  have socat && echo "$1" || echo "skipped: no socat"
}
# shellcheck disable=SC2086 # word splitting of the lists is wanted
d=$(median ${relay_rt[dgram]:-}) s=$(median ${relay_rt[socat]:-})
r=$(ratio "$d" "$s")
row "listen --forward: round trips per second, 1 client, $relay_inflight in flight, 64 B, $(group "$relay_rt_n") requests (vs socat UDP-LISTEN,fork)" \
  "$([[ -n $d ]] && echo "$(group "$(calc '%.0f' "$d")")/s" || echo —)" \
  "$(peer_cell "$([[ -n $s ]] && echo "$(group "$(calc '%.0f' "$s")")/s" || echo —)")" \
  "$r" "≥ 2.00× (twice socat's rate)$(verdict "$r" '>=' 2.0)"
# shellcheck disable=SC2086
d=$(median ${relay_rate[dgram]:-}) s=$(median ${relay_rate[socat]:-})
# shellcheck disable=SC2086
dg=$(median ${relay_got[dgram]:-}) sg=$(median ${relay_got[socat]:-})
r=$(ratio "$d" "$s")
oneway_cell() { # oneway_cell RATE GOT
  [[ -n $1 ]] || { echo —; return; }
  echo "$(group "$(calc '%.0f' "$1")")/s ($(group "$(calc '%.0f' "$2")") of $(group "$relay_oneway_n") delivered)"
}
row "listen --forward: one way, $(group "$relay_oneway_n") datagrams of 64 B unpaced from one client: delivered per second (vs socat)" \
  "$(oneway_cell "$d" "$dg")" "$(peer_cell "$(oneway_cell "$s" "$sg")")" \
  "$r" "≥ 2.00×$(verdict "$r" '>=' 2.0)"
# shellcheck disable=SC2086
s=$(median ${relay_rate[socat-big]:-}) sg=$(median ${relay_got[socat-big]:-})
row "listen --forward: the same one-way blast (vs socat with rcvbuf=4194304, the buffer dgram's relay asks for by default)" \
  "$(oneway_cell "$d" "$dg")" "$(peer_cell "$(oneway_cell "$s" "$sg")")" \
  "$(ratio "$d" "$s")" "— (for reference)"
many_cell() { # many_cell KIND
  [[ -n ${relay_answered[$1]:-} ]] || { echo —; return; }
  echo "$(group "${relay_wrong[$1]}") misrouted, $(group "${relay_answered[$1]}") answered, $(group "${relay_lost[$1]}") lost of $(group $((relay_clients * relay_each * rounds)))"
}
met=
if [[ -n ${relay_wrong[dgram]:-} ]]; then
  if ((relay_wrong[dgram] == 0)); then met=" — met"; else met=" — **not met**"; fi
fi
row "listen --forward: $relay_clients clients at once, $relay_each requests each, $relay_client_inflight in flight: answers delivered to the wrong client (vs socat)" \
  "$(many_cell dgram)" "$(peer_cell "$(many_cell socat)")" "—" "0 (every answer to its own client)$met"
