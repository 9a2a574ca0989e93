#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`, inside the VM: what the xfrm interface egress hook costs
# (hook_xfrmi.c repeats the interface's xfrm lookup for every packet, in
# namespaces where resolution is on). Two namespaces joined by a veth, an
# xfrm interface (if_id 1) in each, static ESP tunnel SAs both ways (no
# IKE). ESP TCP bulk throughput a -> b through the interface (iperf3) with
# the module not loaded, loaded with resolution off in a (the hook returns
# at once), and loaded in "wait" mode (the hook's extra lookup).
set -u
export PATH=$REPO/tools/ipsec-latchctl:$PATH
A=xb-a B=xb-b
KEY=0x0102030405060708091011121314151617181920
SECS=${BENCH_IPERF_SECS:-4}

ip netns add $A
ip netns add $B
ip -n $A link add eth0 type veth peer name eth0 netns $B
ip -n $A addr add 10.8.0.1/24 dev eth0
ip -n $B addr add 10.8.0.2/24 dev eth0
for ns in $A $B; do
	ip -n $ns link set lo up
	ip -n $ns link set eth0 up
	ip -n $ns link add xi1 type xfrm dev eth0 if_id 1
	ip -n $ns link set xi1 up
	for d in "10.8.0.1 10.8.0.2 0x100" "10.8.0.2 10.8.0.1 0x200"; do
		set -- $d
		ip -n $ns xfrm state add src "$1" dst "$2" proto esp spi "$3" \
			reqid 1 mode tunnel if_id 1 \
			aead 'rfc4106(gcm(aes))' $KEY 128
	done
done
ip -n $A addr add 172.18.1.1/32 dev xi1
ip -n $B addr add 172.18.2.1/32 dev xi1
ip -n $A route add 172.18.2.0/24 dev xi1 src 172.18.1.1
ip -n $B route add 172.18.1.0/24 dev xi1 src 172.18.2.1
for sel in "$A 172.18.1.0/24 172.18.2.0/24 10.8.0.1 10.8.0.2" \
	   "$B 172.18.2.0/24 172.18.1.0/24 10.8.0.2 10.8.0.1"; do
	set -- $sel
	ip -n "$1" xfrm policy add src "$2" dst "$3" dir out \
		tmpl src "$4" dst "$5" proto esp reqid 1 mode tunnel if_id 1
	ip -n "$1" xfrm policy add src "$3" dst "$2" dir in \
		tmpl src "$5" dst "$4" proto esp reqid 1 mode tunnel if_id 1
done

. "$REPO/bench/lib.sh"
IPERF_SERVER_NS=$B IPERF_CLIENT_NS=$A IPERF_DST=172.18.2.1

echo "== ESP TCP throughput a -> b through an xfrm interface (iperf3, ${SECS} s each), TCG"
iperf "module not loaded"
stock=$MEDIAN
modprobe ipsec_latch
ipsec-latchctl -n $A resolve set mode off
iperf "loaded, resolution off in a"
off=$MEDIAN
ipsec-latchctl -n $A resolve set mode wait
iperf "loaded, wait mode (egress hook's lookup)"
wait_mode=$MEDIAN
echo "egress hook calls: $(ipsec-latchctl -j status | jq '.hook_calls.nf_xfrmi_egress')"
awk -v s="$stock" -v o="$off" -v w="$wait_mode" 'BEGIN {
	if (s > 0)
		printf "throughput vs not loaded: off %.2fx, wait %.2fx\n", o / s, w / s }'
modprobe -r ipsec_latch
ip netns del $A
ip netns del $B
