#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`, inside the VM: time from SA insertion to a waiting caller
# getting going, side by side for stock Linux (xfrm_larval_drop=1 and 0)
# and ipsec_latch, then what the module's hooks cost where no IPsec policy
# applies (TCP connect/accept over loopback). Figures, not pass/fail.
set -u
. "$REPO/tests/lib/fakekm.sh"
export PATH=$REPO/tools/ipsec-latchctl:$PATH
bench=$REPO/bench/resolve_bench
trials=50	# per operation, family and configuration

fk_setup
fk_policy 192.0.2.10 1
fk_policy 2001:db8::a 1

run() { # run LABEL: every operation under the current configuration
	local label=$1 op
	for op in tcp udp udpsend; do
		for dst in 192.0.2.10 2001:db8::a; do
			src=$(fk_src_of $dst)
			port=$([ $op = tcp ] && echo 80 || echo 9)
			printf '%s v%s ' "$label" "$([ $dst = 192.0.2.10 ] && echo 4 || echo 6)"
			$bench $FK_A $FK_B $src $dst $port $op "$trials" 2>/dev/null
		done
	done
}

echo "== time from SA insertion until the waiting caller returns ($trials trials each)"
echo "   tcp = blocking TCP connect(), udp = blocking UDP connect(),"
echo "   udpsend = blocking sendto() of the first datagram (module: returns once it left)"
ip netns exec $FK_A sysctl -qw net.core.xfrm_larval_drop=1
run stock-larval_drop=1 | tee /tmp/bench.txt
ip netns exec $FK_A sysctl -qw net.core.xfrm_larval_drop=0
run stock-larval_drop=0 | tee -a /tmp/bench.txt
ip netns exec $FK_A sysctl -qw net.core.xfrm_larval_drop=1
modprobe ipsec_latch
run ipsec_latch | tee -a /tmp/bench.txt
echo
echo "== stock / ipsec_latch, p50/p99 (before_sa: stock returned before any SA existed; its datagrams were lost)"
echo "   after insert: what the module adds once the SA insert call returned (0: the caller was going before)"
awk 'function ratio(st, m) {
         return (st == "" || st == "before_sa") ? "before_sa" : sprintf("%.0fx", st / m) }
     { key = $2 " " $3; p50 = p99 = "before_sa"
       for (i = 4; i <= NF; i++) {
         if ($i ~ /^p50_us=/) p50 = substr($i, 8)
         if ($i ~ /^p99_us=/) p99 = substr($i, 8)
         if ($i ~ /^ins_p50_us=/) ins[$1, key] = substr($i, 12)
         if ($i ~ /^added_p50_us=/) a50[$1, key] = substr($i, 14)
         if ($i ~ /^added_p99_us=/) a99[$1, key] = substr($i, 14)
       }
       v50[$1, key] = p50; v99[$1, key] = p99 }
     END {
       split("v4 tcp,v6 tcp,v4 udp,v6 udp,v4 udpsend,v6 udpsend", ks, ",")
       printf "%-11s %21s %24s %24s %26s\n", "", "ipsec_latch p50/p99 us",
              "stock larval_drop=1", "stock larval_drop=0",
              "after insert p50/p99 us"
       for (i = 1; i <= 6; i++) {
         k = ks[i]; m50 = v50["ipsec_latch", k]; m99 = v99["ipsec_latch", k]
         if (m50 == "" || m50 == "before_sa") { printf "%-11s (no data)\n", k; continue }
         printf "%-11s %10s/%-10s", k, m50, m99
         for (s = 1; s >= 0; s--)
           printf " %11s/%-12s", ratio(v50["stock-larval_drop=" s, k], m50),
                  ratio(v99["stock-larval_drop=" s, k], m99)
         printf " %12s/%-6s (insert %s)\n", a50["ipsec_latch", k],
                a99["ipsec_latch", k], ins["ipsec_latch", k]
       } }' /tmp/bench.txt

echo
echo "== hook cost with no IPsec policy: TCP connect+accept+close over loopback"
ip netns add bench-lo
ip -n bench-lo link set lo up
for round in 1 2 3; do
	modprobe -r ipsec_latch
	printf 'module unloaded: '
	ip netns exec bench-lo $bench loopback 2000
	modprobe ipsec_latch
	printf 'module loaded:   '
	ip netns exec bench-lo $bench loopback 2000
done | tee /tmp/loop.txt
awk -F'mean_us=' '/unloaded/ { u += $2; nu++ } /loaded:/ { l += $2; nl++ }
     END { printf "mean: unloaded %.2f us, loaded %.2f us: %+.1f %%\n", u/nu, l/nl, (l/nl - u/nu) / (u/nu) * 100 }' /tmp/loop.txt
