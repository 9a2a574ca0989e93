#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`, inside the VM: what the module costs where no IPsec policy
# applies, module loaded against not loaded in the same boot. a -- g -- b
# over veths, g forwarding, no policy anywhere:
#   udp-local   sendto() of 16-byte datagrams from a to g
#   udp-forward the same from a to b, forwarded by g (same CPU's softirq)
#   tcp-connect TCP connect()+accept()+close() over loopback in a
# Three states per round, in an order that rotates: unloaded; loaded (no
# outbound policy anywhere: the hot-path hooks idle); armed (loaded, and
# an outbound policy in an unrelated netns arms them: the price a netns
# without IPsec pays on a host that has some). Per test: the median of
# each, the rate loaded/armed as a share of unloaded, the spread. Meant
# for `run.sh` with VM_ACCEL=icount, where the guest's clock counts the
# instructions it executes: the figures are then its work, repeatable to
# a few parts in 10,000, not the emulator's speed. Figures, not pass/fail.
set -u
. "$REPO/bench/lib.sh"
rounds=${ROUNDS:-9}
bench=$REPO/bench/hotpath_bench

for ns in a g b; do ip netns add hp-$ns; ip -n hp-$ns link set lo up; done
ip -n hp-a link add eth0 type veth peer name eth0 netns hp-g
ip -n hp-g link add eth1 type veth peer name eth0 netns hp-b
ip -n hp-a addr add 10.1.0.1/24 dev eth0
ip -n hp-g addr add 10.1.0.2/24 dev eth0
ip -n hp-g addr add 10.2.0.2/24 dev eth1
ip -n hp-b addr add 10.2.0.1/24 dev eth0
for l in "hp-a eth0" "hp-g eth0" "hp-g eth1" "hp-b eth0"; do
	set -- $l
	ip -n "$1" link set "$2" up
done
ip -n hp-a route add default via 10.1.0.2
ip -n hp-b route add default via 10.2.0.2
ip netns exec hp-g sysctl -qw net.ipv4.ip_forward=1
# warm the neighbour caches and code paths
ip netns exec hp-a ping -c 2 -q 10.2.0.1 >/dev/null

one() { # one LABEL: each test once
	echo "$1 $(ip netns exec hp-a $bench udpsend 10.1.0.2 9 20000)"
	echo "$1 $(ip netns exec hp-a $bench udpsend 10.2.0.1 9 20000)" |
		sed 's/udpsend/udpfwd/'
	echo "$1 $(ip netns exec hp-a $bench tcpconn 2000)"
}

state() { # state NAME: measure in that state, then leave it
	case $1 in
	unloaded) one unloaded ;;
	loaded)
		modprobe ipsec_latch
		# armed at load, idle 5 s later
		for _ in $(seq 1 40); do
			[ "$(ipsec-latchctl -j status | jq -r .hooks)" = idle ] &&
				break
			sleep 0.25
		done
		[ "$(ipsec-latchctl -j status | jq -r .hooks)" = idle ] ||
			echo "# loaded: the hooks are not idle" >&2
		one loaded
		modprobe -r ipsec_latch ;;
	armed)
		modprobe ipsec_latch
		ip netns add hp-x
		ip -n hp-x xfrm policy add dst 192.0.2.1/32 dir out action block
		[ "$(ipsec-latchctl -j status | jq -r .hooks)" = armed ] ||
			echo "# armed: the hooks are not armed" >&2
		one armed
		ip netns delete hp-x
		modprobe -r ipsec_latch ;;
	esac
}

modprobe -r ipsec_latch 2>/dev/null
: >/tmp/hotpath.txt
states=(unloaded loaded armed)
for r in $(seq 0 $((rounds - 1))); do
	for i in 0 1 2; do
		state "${states[$(((r + i) % 3))]}" >>/tmp/hotpath.txt
	done
done
echo "== cost per call with no IPsec policy ($rounds rounds, interleaved), ns"
cat /tmp/hotpath.txt | sed 's/^/# /'
awk "$AWK_MED"'
     { split($4, m, "="); v[$1, $2] = v[$1, $2] " " m[2] }
     END {
       printf "%-12s %22s %22s %7s %22s %7s\n", "test",
              "unloaded median (range)", "loaded, idle", "rate",
              "loaded, armed", "rate"
       split("udpsend udpfwd tcpconn", ts, " ")
       split("udp-local udp-forward tcp-connect", names, " ")
       for (k = 1; k <= 3; k++) {
         u = med(v["unloaded", ts[k]]); ul = lo; uh = hi
         l = med(v["loaded", ts[k]]); ll = lo; lh = hi
         a = med(v["armed", ts[k]])
         printf "%-12s %6s (%s-%s) %6s (%s-%s) %6.1f%% %6s (%s-%s) %6.1f%%\n",
                names[k], u, ul, uh, l, ll, lh, u / l * 100,
                a, lo, hi, u / a * 100
       } }' /tmp/hotpath.txt
for ns in a g b; do ip netns delete hp-$ns; done
