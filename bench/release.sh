#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`, inside the VM: what the key manager's SA insert call costs
# while packets are held for that SA, with 1, 64 and 4,096 held datagrams:
# stock Linux (xfrm_larval_drop=1: nothing held, the datagrams were
# dropped), the module sending release_inline (16) packets in the call and
# leaving the rest to its worker, and the module sending all of them in
# the call (release_inline=100000, as before the limit). The time is the
# `ip xfrm state add` of the sender's SA, process start included (the same
# for all three). Figures, not pass/fail.
set -u
. "$REPO/tests/lib/fakekm.sh"
. "$REPO/bench/lib.sh"
export PATH=$REPO/tools/ipsec-latchctl:$PATH
trials=${TRIALS:-7}
A=$FK_A
B=$FK_B

fk_setup
next=0	# each trial its own destination and reqid: 192.0.2.64..127

hold() { # hold DST N: N datagrams to DST, non-blocking; prints how many went
	ip netns exec $A python3 -c '
import socket, sys
dst, n = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 32, 64 << 20)	# SO_SNDBUFFORCE
s.setblocking(False)
sent = 0
for i in range(n):
    try:
        s.sendto(b"x" * 64, (dst, 10))	# no socket: nothing forks
        sent += 1
    except OSError:
        pass
print(sent)
' "$1" "$2"
}

insert_us() { # insert_us DST REQID: time of a's SA insert (b's first)
	local dst=$1 reqid=$2 t0 t1
	ip -n $B xfrm state add src $FK_A4 dst "$dst" proto esp spi $((0x7000 + reqid)) \
		reqid "$reqid" mode transport aead 'rfc4106(gcm(aes))' $FK_KEY 128
	t0=$EPOCHREALTIME
	ip -n $A xfrm state add src $FK_A4 dst "$dst" proto esp spi $((0x7000 + reqid)) \
		reqid "$reqid" mode transport aead 'rfc4106(gcm(aes))' $FK_KEY 128
	t1=$EPOCHREALTIME
	echo $(( (${t1/./} - ${t0/./}) ))
}

trial() { # trial LABEL N: one insert with N datagrams sent before it
	local label=$1 n=$2 dst reqid sent us i
	dst=192.0.2.$((64 + next))
	reqid=$((100 + next))
	next=$((next + 1))
	fk_policy "$dst" "$reqid"
	sent=$(hold "$dst" "$n")
	sleep 0.2
	us=$(insert_us "$dst" "$reqid")
	echo "$label n=$n sent=$sent insert_us=$us"
	# the worker's sending ends before the next trial
	for i in $(seq 1 100); do
		lsmod | grep -q '^ipsec_latch ' || break
		[ "$(ipsec-latchctl -n $A -j resolve list | jq length)" = 0 ] && break
		sleep 0.1
	done
	ip -n $A xfrm policy delete src $FK_A4 dst "$dst" dir out
	ip -n $A xfrm state flush
	ip -n $B xfrm state flush
}

run() { # run LABEL
	local n i
	for n in 1 64 4096; do
		for i in $(seq 1 "$trials"); do
			trial "$1" "$n"
		done
	done
}

echo "== the SA insert call with datagrams held for it ($trials trials each)"
ip netns exec $A sysctl -qw net.core.xfrm_larval_drop=1
run stock | tee /tmp/release.txt
# (each send routes anew while the SA is missing: a route per datagram,
# and a resolution tracks 4 routes per flow it may track)
modprobe ipsec_latch max_queue_packets=5000 max_queue_bytes=67108864 \
	max_netns_bytes=134217728 max_resolution_flows=2048
ipsec-latchctl -n $A resolve set mode queue
run release_inline=16 | tee -a /tmp/release.txt
echo 100000 >/sys/module/ipsec_latch/parameters/release_inline
run release_inline=all | tee -a /tmp/release.txt
echo "# deferred to the worker: $(ipsec-latchctl -n $A -j status | jq .counters.pkt_release_deferred) inserts;" \
	"held: $(ipsec-latchctl -n $A -j status | jq .counters.pkt_queued)," \
	"released: $(ipsec-latchctl -n $A -j status | jq .counters.pkt_released) packets"
modprobe -r ipsec_latch
echo
echo "== insert call p50 (min-max) in us, and the ratio to stock's p50"
awk "$AWK_MED"'
     { split($2, a, "="); split($4, b, "="); v[$1, a[2]] = v[$1, a[2]] " " b[2] }
     END {
       printf "%-8s %26s %26s %26s\n", "held", "stock", "release_inline=16", "release_inline=all"
       split("1 64 4096", ns, " ")
       for (k = 1; k <= 3; k++) {
         n = ns[k]; s = med(v["stock", n]); printf "%-8s %12s (%s-%s)      ", n, s, lo, hi
         m = med(v["release_inline=16", n]); printf " %8s (%s-%s) %.1fx", m, lo, hi, m / s
         al = med(v["release_inline=all", n]); printf " %8s (%s-%s) %.1fx\n", al, lo, hi, al / s
       } }' /tmp/release.txt
