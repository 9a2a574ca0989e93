#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`, inside the VM, after resolve.sh: what latching costs.
# Two namespaces with static ESP transport SAs both ways (no IKE: the
# figures are about the data path), with the null cipher: under emulation
# AES would take most of the time and hide what latching costs. ESP-protected TCP bulk throughput
# (iperf3, a -> b, the flow latched on b) with the module not loaded,
# loaded with no latches, and with 10,000 and 100,000 other latches in b's
# table; how fast latches are made; memory per latch.
set -u
export PATH=$REPO/tools/ipsec-latchctl:$PATH
A=lb-a B=lb-b
SECS=${BENCH_IPERF_SECS:-4}

ip netns add $A
ip netns add $B
ip -n $A link add eth0 type veth peer name eth0 netns $B
ip -n $A addr add 192.0.2.1/24 dev eth0
ip -n $B addr add 192.0.2.2/24 dev eth0
for ns in $A $B; do
	ip -n $ns link set lo up
	ip -n $ns link set eth0 up
done
for ns in $A $B; do
	ip -n $ns xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x100 \
		reqid 1 mode transport enc 'ecb(cipher_null)' ''
	ip -n $ns xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x200 \
		reqid 1 mode transport enc 'ecb(cipher_null)' ''
done
ip -n $A xfrm policy add src 192.0.2.1 dst 192.0.2.2 dir out \
	tmpl proto esp reqid 1 mode transport
ip -n $B xfrm policy add src 192.0.2.2 dst 192.0.2.1 dir out \
	tmpl proto esp reqid 1 mode transport

. "$REPO/bench/lib.sh"
IPERF_SERVER_NS=$B IPERF_CLIENT_NS=$A IPERF_DST=192.0.2.2

created() { ipsec-latchctl -n $B -j status | jq .counters.latch_created; }

# fill N: N more UDP flows a -> b:9/10 over ESP (past 60,000 flows, the
# second port), each a latch on b; prints the rate at which b made them.
fill() {
	local n=$1 before start end
	before=$(created)
	start=$(date +%s%N)
	ip netns exec $A "$REPO/tests/tools/rawflows" udp 192.0.2.1 192.0.2.2 9 \
		"$before" "$n" >/dev/null
	until [ "$(created)" -ge $((before + n)) ]; do
		sleep 0.2
		[ $(( $(date +%s%N) - start )) -gt $(( (n / 100 + 30) * 1000000000 )) ] && break
	done
	end=$(date +%s%N)
	awk -v n=$(( $(created) - before )) -v ns=$((end - start)) 'BEGIN {
		printf "made %d latches in %.1f s: %.0f latches/s (sending included)\n", n, ns / 1e9, n / (ns / 1e9) }'
}

echo "== ESP (null cipher) TCP throughput a -> b (iperf3, ${SECS} s each), TCG"
iperf "module not loaded"
# (all flows from one address: its share raised with the table)
modprobe ipsec_latch max_latches=200000 max_latches_per_peer=200000 \
	latch_idle_ms=3600000
iperf "loaded, no templates"
ipsec-latchctl -n $B template add listener proto tcp lport 5201 >/dev/null
# UDP servers on b: a latch of a datagram flow lives while a socket would
# receive it.
for p in 9 10; do
	ipsec-latchctl -n $B template add listener proto udp lport $p >/dev/null
	ip netns exec $B socat -u UDP4-RECV:$p /dev/null &
done
iperf "loaded, iperf flow latched, 0 others"
fill 10000
echo "b's latches: $(ipsec-latchctl -n $B -j status | jq .latches)"
iperf "latched, 10,000 other latches"
fill 90000
echo "b's latches: $(ipsec-latchctl -n $B -j status | jq .latches)"
iperf "latched, 100,000 other latches"
echo
echo "== memory"
echo "latch object: $(ipsec-latchctl -n $B -j status | jq .latch_bytes) bytes (status)"
grep -E '^ipsec_latch ' /proc/slabinfo |
	awk '{ printf "slab ipsec_latch: %d objects of %d bytes, %d per slab\n", $2, $4, $5 }'
ipsec-latchctl -n $B latch list proto tcp | head -2
modprobe -r ipsec_latch
