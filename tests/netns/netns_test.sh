#!/usr/bin/env bash
# Broadcast, multicast, TTL and IPv6 link-local between two network
# namespaces this script creates itself (a veth pair with documentation
# addresses that exist only inside them), removed again on exit.
# Usage: netns_test.sh DGRAM       Exit 77 (skipped) without root or iproute2.
set -u
dgram=$1
if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null || ! command -v python3 >/dev/null; then
  echo "SKIP: needs root, iproute2 and python3 to create network namespaces"
  exit 77
fi
# shellcheck source=tests/support/listener.sh
. "$(dirname "$0")/../support/listener.sh"
id=$$
a=dgram-a-$id
b=dgram-b-$id
va=dga$id
vb=dgb$id
work=$(mktemp -d)
cleanup() {
  ip netns del "$a" 2>/dev/null
  ip netns del "$b" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
if ! ip netns add "$a" 2>"$work/err"; then
  echo "SKIP: cannot create network namespaces here: $(cat "$work/err")"
  exit 77
fi
ip netns add "$b"
ip link add "$va" netns "$a" type veth peer name "$vb" netns "$b"
for side in "$a $va 192.0.2.1 2001:db8::1 fe80::a" "$b $vb 192.0.2.2 2001:db8::2 fe80::b"; do
  set -- $side
  ip -n "$1" link set lo up
  ip -n "$1" addr add "$3/24" broadcast 192.0.2.255 dev "$2"
  ip -n "$1" addr add "$4/64" dev "$2" nodad
  ip -n "$1" addr add "$5/64" dev "$2" nodad
  ip -n "$1" link set "$2" up
  ip -n "$1" route add 224.0.0.0/4 dev "$2"
done

passed=0
failed=0
ok() { echo "ok: $1"; passed=$((passed + 1)); }
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }
in_a() { ip netns exec "$a" "$@"; }
in_b() { ip netns exec "$b" "$@"; }

# fresh NAME: sets $out and $err to files no earlier listener wrote (one's
# "listening on" line would pass for the next one's before it has bound).
runs=0
fresh() {
  runs=$((runs + 1))
  out=$work/$1-$runs.out
  err=$work/$1-$runs.err
}

# listen_in NS PORT ARGS...: starts `dgram listen PORT -n 1 -t 60s ARGS` in NS
# and waits until it has joined and bound (its own start line).
listen_in() {
  local ns=$1 port=$2
  shift 2
  fresh listen
  ip netns exec "$ns" "$dgram" listen "$port" -n 1 -t 60s "$@" >"$out" 2>"$err" &
  listener=$!
  wait_for_line "$err" "$listener" 'listening on'
}

# retry NS ARGS...: runs `dgram ARGS` in NS until the listener has what it
# waited for (at most 5 times, 0.5 s apart). Datagrams can be lost when the
# machine is busy (the kernel's per-CPU backlog is shared by all namespaces),
# and these tests are about features, not about loss.
retry() {
  local ns=$1
  shift
  for _ in 1 2 3 4 5; do
    ip netns exec "$ns" "$dgram" "$@" 2>>"$work/send-err"
    sleep 0.5
    kill -0 "$listener" 2>/dev/null || return 0
  done
}

# expect NAME PATTERN: the listener exits 0 and printed a line matching PATTERN.
expect() {
  wait "$listener"
  local status=$?
  if [ "$status" -eq 0 ] && grep -Eq "$2" "$out"; then
    ok "$1"
  else
    fail "$1 (exit $status): $(cat "$out" "$err" "$work/send-err" 2>/dev/null)"
  fi
}

listen_in "$a" 9001 -4
retry "$b" send 192.0.2.255 9001 "hello broadcast" --broadcast
expect "broadcast with --broadcast" '^192\.0\.2\.2:[0-9]+ hello broadcast$'

if in_b "$dgram" send 192.0.2.255 9001 "no flag" 2>"$work/send-err"; then
  fail "broadcast without --broadcast must fail"
elif [ $? -eq 1 ] && grep -q -- '--broadcast' "$work/send-err"; then
  ok "broadcast without --broadcast: exit 1 naming --broadcast"
else
  fail "broadcast without --broadcast: $(cat "$work/send-err")"
fi

listen_in "$a" 9002 --join "239.1.2.3@$va"
retry "$b" send 239.1.2.3 9002 "hello group" --ttl 1
expect "IPv4 multicast, group joined on an interface" '^192\.0\.2\.2:[0-9]+ hello group$'

listen_in "$a" 9003 --join 239.1.2.4@192.0.2.1
retry "$b" send 239.1.2.4 9003 "by address"
expect "IPv4 multicast, interface given by its address" ' by address$'

listen_in "$a" 9004 --join "ff02::123@$va"
retry "$b" send "ff02::123%$vb" 9004 "hello v6 group"
expect "IPv6 multicast on a link" '^\[fe80::[0-9a-f:]+%'"$va"'\]:[0-9]+ hello v6 group$'

listen_in "$a" 9005 --join "239.1.2.5@$va"
retry "$a" send 239.1.2.5 9005 "to myself"
expect "multicast loopback is on by default" ' to myself$'

listen_in "$a" 9006 -6
retry "$b" send "fe80::a%$vb" 9006 "link-local"
expect "IPv6 link-local destination with a scope" '^\[fe80::[0-9a-f:]+%'"$va"'\]:[0-9]+ link-local$'

listen_in "$a" 9007 --allow 192.0.2.2
retry "$b" send 192.0.2.1 9007 "allowed" -b 192.0.2.2:4444
expect "--allow and send -b ADDR:PORT across hosts" '^192\.0\.2\.2:4444 allowed$'

# --reply to a group: the answer comes from a unicast address, not the group.
listen_in "$a" 9010 --join "239.1.2.7@$va" --echo
for _ in 1 2 3; do
  in_b "$dgram" send 239.1.2.7 9010 "anyone in the group?" --reply -t 2s >"$work/reply" 2>&1 && break
done
if wait "$listener" && grep -Eq '^192\.0\.2\.1:9010 anyone in the group\?$' "$work/reply"; then
  ok "--reply to a multicast group prints the member's answer"
else
  fail "--reply to a multicast group: $(cat "$work/reply" "$err")"
fi

# Discovery: one broadcast question, every host's answer (--all-replies). An
# echoing listener on each side: a's across the link, b's own (Linux loops a
# broadcast back to the sender's host). Tried again if the busy machine lost
# one; exit 3 when nobody answers.
discovered=no
for _ in 1 2 3; do
  responders=()
  fresh discovery
  for ns in "$a" "$b"; do
    ip netns exec "$ns" "$dgram" listen 9012 -4 --echo -q -t 60s 2>"$err-$ns" &
    responders+=($!)
    wait_for_line "$err-$ns" "$!" 'listening on'
  done
  in_b "$dgram" send 192.0.2.255 9012 "who is there?" --broadcast --all-replies -t 3s \
    >"$work/replies" 2>&1
  status=$?
  kill "${responders[@]}" 2>/dev/null
  wait "${responders[@]}" 2>/dev/null
  if [ "$status" -eq 0 ] && grep -Eq '^192\.0\.2\.1:9012 who is there\?$' "$work/replies" &&
    grep -Eq '^192\.0\.2\.2:9012 who is there\?$' "$work/replies"; then
    discovered=yes
    break
  fi
done
if [ "$discovered" = yes ]; then
  ok "broadcast discovery: --all-replies prints both hosts' answers, exit 0"
else
  fail "broadcast discovery (exit $status): $(cat "$work/replies")"
fi
in_b "$dgram" send 192.0.2.255 9013 "anyone?" --broadcast --all-replies -t 300ms \
  >"$work/replies" 2>&1
status=$?
if [ "$status" -eq 3 ] && grep -q 'no answer from any host within 300 ms' "$work/replies"; then
  ok "broadcast discovery with nobody there: exit 3"
else
  fail "broadcast discovery with nobody there (exit $status): $(cat "$work/replies")"
fi

# --ttl must set the multicast TTL and the unicast one, not only IP_TTL: a
# receiver that reads each datagram's TTL (IP_RECVTTL) reports them.
ttl_probe() {  # ttl_probe GROUP_OR_EMPTY PORT
  fresh ttl
  ttl_out=$out
  in_a python3 - "$1" "$2" <<'PY' >"$ttl_out" 2>&1 &
import socket, struct, sys
group, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
IP_RECVTTL = getattr(socket, "IP_RECVTTL", 12)  # Linux's value; Python may lack the name
s.setsockopt(socket.IPPROTO_IP, IP_RECVTTL, 1)
s.bind(("", port))
if group:
    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                 socket.inet_aton(group) + socket.inet_aton("192.0.2.1"))
s.settimeout(60)
print("ready", flush=True)
data, ancillary, _, _ = s.recvmsg(100, socket.CMSG_SPACE(4))
for level, kind, value in ancillary:
    if level == socket.IPPROTO_IP and kind == socket.IP_TTL:
        print("ttl", struct.unpack("i", value[:4])[0])
PY
  probe=$!
  wait_for_line "$ttl_out" "$probe" '^ready$'
}
ttl_probe 239.1.2.6 9008
listener=$probe
retry "$b" send 239.1.2.6 9008 "ttl" --ttl 7
wait "$probe"
if grep -q '^ttl 7$' "$ttl_out"; then ok "--ttl sets the multicast TTL"; else fail "--ttl multicast: $(cat "$ttl_out")"; fi
ttl_probe "" 9009
listener=$probe
retry "$b" send 192.0.2.1 9009 "ttl" --ttl 9
wait "$probe"
if grep -q '^ttl 9$' "$ttl_out"; then ok "--ttl sets the unicast TTL"; else fail "--ttl unicast: $(cat "$ttl_out")"; fi

# send --count over a link with a 1500-byte MTU. 1472-byte copies fill a
# packet exactly: the kernel segments them (UDP_SEGMENT). 3000-byte copies
# need fragments, which segmentation refuses (EINVAL): dgram must fall back
# to plain sends. Either way every copy arrives whole: N datagrams, N x size
# bytes (the listener stops at N; a lost one is sent again by retry).
# Every send must succeed (exit 0).
for case in "1472 50" "3000 20"; do
  set -- $case
  fresh mtu
  in_a "$dgram" listen 9011 -4 -q -n "$2" -m 65507 -t 60s >"$out" 2>"$err" &
  listener=$!
  wait_for_line "$err" "$listener" 'listening on'
  sends_ok=yes
  for _ in 1 2 3 4 5; do
    in_b "$dgram" send 192.0.2.1 9011 "$(head -c "$1" /dev/zero | tr '\0' s)" -n "$2" -m 65507 \
      2>>"$work/send-err" || sends_ok=no
    sleep 0.5
    kill -0 "$listener" 2>/dev/null || break
  done
  wait "$listener"
  status=$?
  if [ "$status" -eq 0 ] && [ "$sends_ok" = yes ] &&
    grep -q "received $2 datagrams, $(($1 * $2)) bytes" "$err"; then
    ok "send --count across MTU 1500: $2 copies of $1 bytes arrive whole"
  else
    fail "send --count, $2 x $1 bytes (exit $status): $(cat "$err" "$work/send-err")"
  fi
done

# A link shaped to 2 Mbit/s (tbf) whose queue overflows at once: each
# datagram it has no room for is refused with ENOBUFS (IP_RECVERR), and
# dgram sends it again a moment later instead of counting it as sent. 150
# rounds of a payload cut into two 1000-byte datagrams (plain sendmmsg): all
# 300 arrive, and send exits 0. Without the retry about 10 arrive.
if tc -n "$b" qdisc replace dev "$vb" root tbf rate 2mbit burst 4000 limit 8000 2>"$work/tc-err"; then
  fresh tbf
  in_a "$dgram" listen 9012 -4 -q -n 300 -m 1000 -t 60s --rcvbuf 4194304 >"$out" 2>"$err" &
  listener=$!
  wait_for_line "$err" "$listener" 'listening on'
  in_b "$dgram" send 192.0.2.1 9012 "$(head -c 2000 /dev/zero | tr '\0' q)" --chunk -m 1000 -n 150 \
    2>"$work/send-err"
  send_status=$?
  wait "$listener"
  status=$?
  tc -n "$b" qdisc del dev "$vb" root
  if [ "$send_status" -eq 0 ] && [ "$status" -eq 0 ] &&
    grep -q "received 300 datagrams, 300000 bytes" "$err"; then
    ok "a full device queue (ENOBUFS) is waited out: 300 of 300 datagrams through tbf 2mbit"
  else
    fail "ENOBUFS through tbf (send exit $send_status, listen exit $status): $(cat "$err" "$work/send-err")"
  fi
else
  echo "skip: no tbf queue discipline here: $(cat "$work/tc-err")"
fi

# A blast to a port nothing listens on, on another host: the ICMP port
# unreachable arrives while the blast goes on, and must stop it (exit 1,
# "nothing is listening") long before the 30,000,000 datagrams asked for.
for destination in 192.0.2.1 2001:db8::1; do
  start=$(date +%s)
  timeout 60 ip netns exec "$b" "$dgram" send "$destination" 9999 hello -n 30000000 \
    2>"$work/closed-err"
  status=$?
  took=$(($(date +%s) - start))
  if [ "$status" -eq 1 ] && grep -q 'nothing is listening on .*9999' "$work/closed-err" &&
    [ "$took" -le 20 ]; then
    ok "blast to a closed port on another host ($destination) stops: exit 1 in ${took} s"
  else
    fail "blast to a closed port on $destination: exit $status after ${took} s: $(cat "$work/closed-err")"
  fi
done

# Faults the OS reports: a privileged port for an unprivileged user (the
# namespace's own sysctl makes ports below 1024 privileged whatever the host
# says), and a destination no route leads to (the namespaces have no default
# route, so nothing leaves them).
if command -v setpriv >/dev/null; then
  in_a sysctl -qw net.ipv4.ip_unprivileged_port_start=1024
  in_a setpriv --reuid=65534 --regid=65534 --clear-groups "$dgram" listen 80 -4 -t 1s \
    2>"$work/priv-err"
  status=$?
  if [ "$status" -eq 1 ] && grep -q 'dgram: error: cannot bind 0.0.0.0 port 80: Permission denied; ports below 1024 need' "$work/priv-err"; then
    ok "privileged port as nobody: exit 1, permission denied"
  else
    fail "privileged port as nobody (exit $status): $(cat "$work/priv-err")"
  fi
fi
in_a "$dgram" send 198.51.100.7 9 "nowhere" 2>"$work/route-err"
status=$?
if [ "$status" -eq 1 ] && grep -q 'Network is unreachable' "$work/route-err"; then
  ok "no route to the destination: exit 1, network unreachable"
else
  fail "no route (exit $status): $(cat "$work/route-err")"
fi

# A heartbeat to a host that is down (no one answers ARP for 192.0.2.3):
# each neighbour timeout comes back as "host unreachable" on the next send,
# which a heartbeat counts and outlives until Ctrl+C.
fresh heartbeat
# Started without a function around it, so that $! is dgram itself.
ip netns exec "$a" "$dgram" send 192.0.2.3 9 beat -n 0 -i 200ms --progress --summary json \
  2>"$err" &
heartbeat=$!
wait_for_line "$err" "$heartbeat" ' [1-9][0-9]* unreachable' 60
kill -INT "$heartbeat" 2>/dev/null
wait "$heartbeat"
status=$?
if [ "$status" -eq 130 ] && grep -Eq '"unreachable":[1-9]' "$err" &&
  grep -q '"exit_reason":"interrupted"' "$err"; then
  ok "heartbeat outlives an unreachable host: counted, exit 130 at Ctrl+C"
else
  fail "heartbeat to a host that is down (exit $status): $(cat "$err")"
fi

echo "netns: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
