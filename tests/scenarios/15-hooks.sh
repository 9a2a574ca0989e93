#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every hook fires on this kernel: each socket wrapper, return probe and
# netfilter hook is driven by traffic that passes it, and its count in
# "status" (module-wide, hook_stats.c) must grow. The hot-path hooks are
# armed only while an outbound policy exists (hook_arm.c), the latching
# netfilter hooks only in a netns that latches: both are checked to stay
# off where nothing needs them. A hook whose attach
# point moved (an ftrace address compare that never matches, a probe on
# a renamed function) stays at 0 and fails here. The figures are for the
# machine's administrator only: an unprivileged caller gets none.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/fakekm.sh"
set -u
A=$FK_A
B=$FK_B

calls() { ipsec-latchctl -j status | jq ".hook_calls.\"$1\""; }
# hook_grew NAME COMMAND...: run COMMAND, then NAME must have run more.
hook_grew() {
	local name=$1 before after
	shift
	before=$(calls "$name")
	"$@" >/dev/null 2>&1
	after=$(calls "$name")
	if [ "$before" != null ] && [ "$after" != null ] &&
	   [ "$after" -gt "$before" ]; then
		t_ok "$name fires ($before -> $after)"
	else
		t_not_ok "$name fires" "$before -> $after"
	fi
}

armed() { ipsec-latchctl -j status | jq -r .hooks; }
# wait_idle: the disarm check runs 5 s after the last policy event
wait_idle() {
	local i
	for i in $(seq 1 30); do
		[ "$(armed)" = idle ] && return 0
		sleep 0.5
	done
	return 1
}

modprobe ipsec_latch
t_eq "armed at load (an insert may be under way)" armed "$(armed)"
if wait_idle; then t_ok "no outbound policy anywhere: idle 5 s later"
else t_not_ok "no outbound policy anywhere: idle 5 s later" "$(armed)"; fi
before=$(calls inet_sendmsg)
python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("127.0.0.1", 9))'
t_eq "idle: a datagram send passes no wrapper" "$before" "$(calls inet_sendmsg)"
fk_setup
# b forwards 198.51.100.0/24 back to a (which drops it): forwarding with
# an outbound policy in b's SPD goes through __xfrm_route_forward().
ip netns exec $B sysctl -qw net.ipv4.ip_forward=1
ip -n $B route add 198.51.100.0/24 via $FK_A4
ip -n $A route add 198.51.100.0/24 via 192.0.2.2
ip -n $B xfrm policy add dst 203.0.113.9/32 dir out action block
# a's flow to 192.0.2.15 needs an SA that never comes: xfrm_state_find().
fk_policy 192.0.2.15 15
# An xfrm interface in a: its egress hook sees what is routed into it.
ip -n $A link add xi15 type xfrm dev eth0 if_id 15
ip -n $A link set xi15 up
ip -n $A route add 203.0.113.15/32 dev xi15

sock() { # sock OP: one socket call from a
	ip netns exec $A python3 - "$1" <<'PY'
import select, socket, sys
op = sys.argv[1]
if op == "connect":
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect(("192.0.2.2", 9))
elif op == "send4":
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("192.0.2.2", 9))
elif op == "send6":
    socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).sendto(b"x", ("2001:db8::2", 9))
elif op == "udp_poll":
    select.select([], [socket.socket(socket.AF_INET, socket.SOCK_DGRAM)], [], 0)
elif op == "raw_poll":
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    select.select([], [s], [], 0)
elif op == "sa_send":
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setblocking(False)
    try:
        s.sendto(b"x", ("192.0.2.15", 9))
    except OSError:
        pass
PY
}

hook_grew inet_dgram_connect sock connect
hook_grew inet_sendmsg sock send4
hook_grew inet6_sendmsg sock send6
hook_grew udp_poll sock udp_poll
hook_grew datagram_poll sock raw_poll
hook_grew xfrm_lookup_route sock send4
hook_grew xfrm_state_find sock sa_send
hook_grew __xfrm_route_forward ip netns exec $A ping -n -c 1 -W 1 198.51.100.7
t_eq "an outbound policy armed them at its insert" armed "$(armed)"
nf_calls() { ipsec-latchctl -j status | jq '.hook_calls.nf_ipv4_local_out'; }
before=$(nf_calls)
ip netns exec $A ping -n -c 1 -W 2 192.0.2.2 >/dev/null
t_eq "no template yet: no latching hook in a's path" "$before" "$(nf_calls)"
ipsec-latchctl -n "$A" template add listener proto udp lport 9 >/dev/null
hook_grew nf_ipv4_local_out ip netns exec $A ping -n -c 1 -W 2 192.0.2.2
hook_grew nf_ipv4_local_in ip netns exec $A ping -n -c 1 -W 2 192.0.2.2
hook_grew nf_ipv6_local_out ip netns exec $A ping -6 -n -c 1 -W 2 2001:db8::2
hook_grew nf_ipv6_local_in ip netns exec $A ping -6 -n -c 1 -W 2 2001:db8::2
hook_grew nf_xfrmi_egress ip netns exec $A ping -n -c 1 -W 1 203.0.113.15

st=$(ipsec-latchctl -j status)
t_eq "every hook has a count in status" 13 "$(jq '.hook_calls | length' <<<"$st")"
t_eq "the return probes report their misses: none here" \
	'{"xfrm_state_find":0,"xfrm_lookup_route":0,"__xfrm_route_forward":0}' \
	"$(jq -c .hook_missed <<<"$st")"
t_match "text: hook calls are listed" "^  inet_sendmsg: [1-9]" \
	"$(ipsec-latchctl status)"
t_eq "unprivileged: no module-wide figures" "null null" \
	"$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		ipsec-latchctl -j status | jq -r '"\(.hook_calls) \(.hook_missed)"')"

# With no outbound policy and no xfrm interface left they disarm, but not
# while a resolution lives (a fresh load: scenario 15's own is pending).
ip -n $A link del xi15
ip -n $A xfrm policy flush
ip -n $B xfrm policy flush
t_run "modprobe -r ipsec_latch" modprobe -r ipsec_latch
modprobe ipsec_latch
wait_idle
t_eq "reloaded with no outbound policy: idle" idle "$(armed)"
fk_policy 192.0.2.16 16
t_eq "a new outbound policy arms them at once" armed "$(armed)"
ip netns exec $A python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("192.0.2.16", 9))'
t_eq "the flow waits for its SA" 1 \
	"$(ipsec-latchctl -n $A -j resolve list | jq length)"
ip -n $A xfrm policy flush
sleep 7
t_eq "no policy, a resolution left: still armed" armed "$(armed)"
t_run "modprobe -r ipsec_latch" modprobe -r ipsec_latch
modprobe ipsec_latch
wait_idle
ip -n $A xfrm policy add dst 203.0.113.8/32 dir out action block
t_eq "armed by a policy" armed "$(armed)"
ip -n $A xfrm policy del dst 203.0.113.8/32 dir out
if wait_idle; then t_ok "disarmed 5 s after the last policy went"
else t_not_ok "disarmed 5 s after the last policy went" "$(armed)"; fi
before=$(calls inet_sendmsg)
ip netns exec $A python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("192.0.2.2", 9))'
t_eq "disarmed: a datagram send passes no wrapper" "$before" "$(calls inet_sendmsg)"
t_run "modprobe -r ipsec_latch" modprobe -r ipsec_latch
exit 0
