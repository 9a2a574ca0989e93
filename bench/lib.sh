# SPDX-License-Identifier: GPL-2.0
#
# Shared by the bench scripts (sourced): ESP TCP bulk throughput a -> b.
#   IPERF_SERVER_NS, IPERF_CLIENT_NS, IPERF_DST: where iperf3 runs, to what
#   SECS: seconds per run
# iperf LABEL: three runs, prints each and the median (Mbit/s); the median
# is left in MEDIAN.
iperf() {
	local runs=() r
	for r in 1 2 3; do
		ip netns exec "$IPERF_SERVER_NS" iperf3 -s -1 -D >/dev/null 2>&1
		sleep 0.3
		runs+=("$(ip netns exec "$IPERF_CLIENT_NS" iperf3 -c "$IPERF_DST" \
			-t "$SECS" -J 2>/dev/null |
			jq '.end.sum_received.bits_per_second / 1e6 | floor')")
	done
	MEDIAN=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p)
	printf '%-44s %s Mbit/s, median %s\n' "$1" "${runs[*]}" "$MEDIAN"
}

# An awk function for the bench scripts' summaries: med(LIST) is the
# median of the space-separated numbers in LIST; it leaves their least
# and greatest in lo and hi.
AWK_MED='
function med(list,   x, n, i, j, t) {
	n = split(list, x, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
		if (x[j] + 0 < x[i] + 0) { t = x[i]; x[i] = x[j]; x[j] = t }
	lo = x[1]; hi = x[n]
	return x[int((n + 1) / 2)]
}'
