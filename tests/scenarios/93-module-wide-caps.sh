#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The caps hold for all network namespaces together as well as for each:
# max_latches_total, max_resolutions_total and max_held_bytes_total stop
# a namespace that is well under its own caps once the others have used
# the module-wide share; what is over them is refused and counted.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/fakekm.sh"
set -u
A=$FK_A
B=$FK_B
ctr() { ipsec-latchctl -n "$1" -j status | jq ".counters.$2"; }
latches() { ipsec-latchctl -n "$1" -j status | jq '.latches // 0'; }
listening() { [ -n "$(ip netns exec $A ss -Hltn 'sport = :81')" ]; }

modprobe ipsec_latch mode=queue max_latches_total=3 max_resolutions_total=2 \
	max_held_bytes_total=20000 latch_hold_ms=60000
fk_setup
t_eq "the module-wide caps are reported" "3 2 20000" \
	"$(ipsec-latchctl -j status | jq -r '.parameters | "\(.max_latches_total) \(.max_resolutions_total) \(.max_held_bytes_total)"')"

# --- latches: two in b, one in a; a's next one is over the total ---
ip netns exec $A socat TCP4-LISTEN:81,reuseaddr,fork EXEC:cat </dev/null &
for i in $(seq 1 50); do listening && break; sleep 0.1; done
ipsec-latchctl -n $B template add listener proto tcp lport 80 \
	action bypass-or-protect >/dev/null
ipsec-latchctl -n $A template add listener proto tcp lport 81 \
	action bypass-or-protect >/dev/null
for i in 1 2; do ip netns exec $A sockprobe connect tcp 192.0.2.2 80 >/dev/null; done
out=$(ip netns exec $B sockprobe connect tcp 192.0.2.1 81)
t_match "a flow into a: latched (3 latches in all)" "^ok " "$out"
t_eq "...2 in b, 1 in a" "2 1" "$(latches $B) $(latches $A)"
ip netns exec $B sockprobe nbconnect tcp 192.0.2.1 81 1500 >/dev/null
t_eq "the next flow into a (1 latch of its 16384) is refused: the total is 3" \
	1 "$(latches $A)"
t_ge "...counted in a as latch_table_full" 1 "$(ctr $A latch_table_full)"

# --- resolutions: two in a; b's first one is over the total ---
fk_policy 192.0.2.30 30
fk_policy 192.0.2.31 31
ip -n $B xfrm policy add src 192.0.2.2 dst 192.0.2.1 proto udp dir out \
	tmpl src 192.0.2.2 dst 192.0.2.1 proto esp reqid 40 mode transport
ip netns exec $A sockprobe sendto 192.0.2.30 9 nonblock >/dev/null
ip netns exec $A sockprobe sendto 192.0.2.31 9 nonblock >/dev/null
ip netns exec $B sockprobe sendto 192.0.2.1 9 nonblock >/dev/null
t_eq "a holds 2 resolutions" 2 "$(ctr $A res_created)"
t_eq "b's first resolution is refused: the total is 2" "0 1" \
	"$(ctr $B res_created) $(ctr $B res_table_full)"

# --- held bytes: 20 datagrams of 1,400 bytes, 20,000 bytes in all ---
ip netns exec $A python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setblocking(False)
for i in range(20):
    s.sendto(b"x" * 1400, ("192.0.2.30", 9))
'
held=$(ipsec-latchctl -n $A -j resolve list | jq '[.[].queued_bytes] | add')
t_ge "held bytes stay within max_held_bytes_total ($held)" "$held" 20000
t_ge "...the datagrams over it counted as drop_netns_full" 1 \
	"$(ctr $A drop_netns_full)"

t_run "the module unloads" modprobe -r ipsec_latch
