#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What a remote host can make the module keep. Under BYPASS-OR-PROTECT
# listener templates (a BYPASS latch also inserts two SPD entries), forged
# segments of no connection and datagrams to a closed port make no latch
# and no SPD entry; what the firewall drops makes none; one peer gets at
# most max_latches_per_peer latches and other peers still get theirs;
# real flows are latched as before.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/fakekm.sh"
set -u
A=$FK_A
B=$FK_B
CAP=50
ctr() { ipsec-latchctl -n "$1" -j status | jq ".counters.$2"; }
latches() { ipsec-latchctl -n $B -j latch list "$@" | jq length; }
spd() { ip -n $B xfrm policy list | grep -c '^src'; }
sent() { sed -n 's/^sent=\([0-9]*\).*/\1/p' <<<"$1"; }
udp_bound() { ns_listening $B udp 5353; }

modprobe ipsec_latch max_latches_per_peer=$CAP latch_hold_ms=600000
fk_setup
ip netns exec $B socat -u UDP6-RECV:5353,ipv6only=0 /dev/null &
for i in $(seq 1 50); do udp_bound && break; sleep 0.1; done
for t in "tcp lport 80" "udp lport 5353" "udp lport 5354"; do
	ipsec-latchctl -n $B template add listener proto $t \
		action bypass-or-protect >/dev/null
done
t_eq "max_latches_per_peer is reported" $CAP \
	"$(ipsec-latchctl -j status | jq .parameters.max_latches_per_peer)"
spd0=$(spd)

# --- forged ACKs into the listener's port: no connection, no latch ---
c0=$(ctr $B latch_created)
n0=$(ctr $B latch_no_socket)
out=$(ip netns exec $A rawflows ack 192.0.2.1 192.0.2.2 80 0 3000)
echo "# forged ACKs: $out"
acks=$(sent "$out")
# b has taken them in (the positive count first, then the absences)
wait_until 10 at_least $(( n0 + ${acks:-0} * 9 / 10 )) ctr $B latch_no_socket
t_eq "3,000 ACKs of no connection: no latch" 0 "$(latches)"
t_eq "...none was ever made" "$c0" "$(ctr $B latch_created)"
t_eq "...no SPD entry (nor for b's resets)" "$spd0" "$(spd)"
t_ge "...counted as latch_no_socket" $(( $(sent "$out") * 9 / 10 )) \
	$(( $(ctr $B latch_no_socket) - n0 ))
ip netns exec $A tcpinject 2001:db8::1 4242 2001:db8::2 80 50
sleep 0.5
t_eq "50 forged IPv6 segments of no connection: no latch, no SPD entry" \
	"0 $spd0" "$(latches) $(spd)"

# --- datagrams to a port no socket is bound to ---
out=$(ip netns exec $A rawflows udp 192.0.2.1 192.0.2.2 5354 0 3000)
echo "# datagrams to a closed port: $out"
sleep 1
t_eq "3,000 datagrams to a closed port: no latch, no SPD entry" \
	"0 $c0 $spd0" "$(latches) $(ctr $B latch_created) $(spd)"

# --- what the firewall drops makes no latch ---
ip netns exec $B nft -f - <<'EOF'
table inet t {
	chain input {
		type filter hook input priority filter;
		tcp dport 80 tcp flags syn drop
	}
}
EOF
ip netns exec $A rawflows syn 192.0.2.1 192.0.2.2 80 0 20 >/dev/null
sleep 0.5
t_eq "20 SYNs the INPUT filter drops: no latch" "0 $c0" \
	"$(latches) $(ctr $B latch_created)"
ip netns exec $B nft delete table inet t

# --- one peer's share: SYNs from one address into the listener ---
f0=$(ctr $B latch_peer_full)
out=$(ip netns exec $A rawflows syn 192.0.2.1 192.0.2.2 80 0 200)
echo "# SYNs from one peer: $out"
wait_until 10 sh -c "[ \$(ipsec-latchctl -n $B -j status | jq .counters.latch_peer_full) -ge $((f0 + 200 - CAP)) ]"
t_eq "200 SYNs from one peer: $CAP latches, its share" $CAP "$(latches remote 192.0.2.1)"
t_ge "...the others refused and counted as latch_peer_full" 100 \
	$(( $(ctr $B latch_peer_full) - f0 ))
t_eq "...each latch with its two BYPASS SPD entries, no more" \
	$((spd0 + 2 * CAP)) "$(spd)"
out=$(ip netns exec $A sockprobe connect tcp 2001:db8::2 80)
t_match "another peer (a's IPv6 address) still connects" "^ok " "$out"
t_eq "...and its flow is latched" 1 "$(latches remote 2001:db8::1)"

# --- the share comes back when the latches go; real flows are latched ---
echo 0 >/sys/module/ipsec_latch/parameters/latch_hold_ms
# (the GC sees a changed hold within 10 s)
for i in $(seq 1 80); do
	[ "$(latches remote 192.0.2.1)" -eq 0 ] && break
	sleep 0.25
done
t_eq "the peer's closed latches are freed after their hold" 0 \
	"$(latches remote 192.0.2.1)"
echo 600000 >/sys/module/ipsec_latch/parameters/latch_hold_ms
out=$(ip netns exec $A sockprobe connect tcp 192.0.2.2 80)
t_match "the peer connects again" "^ok " "$out"
out=$(ipsec-latchctl -n $B latch list remote 192.0.2.1 proto tcp)
t_match "...latched bypass, decided by its clear SYN" "bypass \(clear-in\)" "$out"
ip netns exec $A sockprobe sendto 192.0.2.2 5353 >/dev/null
wait_until 10 at_least 1 latches remote 192.0.2.1 proto udp
t_eq "a datagram to the bound UDP socket is latched" 1 \
	"$(latches remote 192.0.2.1 proto udp)"

t_run "the module unloads" modprobe -r ipsec_latch
