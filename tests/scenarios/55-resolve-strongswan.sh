#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SA resolution with real strongSwan on trap policies (IPv4 and IPv6):
# the first packets of a new destination wait for IKE instead of being
# dropped, so one connect(), one datagram, one ping succeed first time.
# Between cases the IKE_SA is terminated; the trap stays.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/scenario.sh"
set -u

modprobe ipsec_latch
scn_two_hosts
sw_transport_up alice bob
alice=$(scn_ns alice)
tcp_servers bob 5001
ip netns exec "$(scn_ns bob)" socat -u UDP6-RECVFROM:9,ipv6only=0,fork \
	OPEN:"$SCRATCH/udp-received",creat,append &
wait_until 10 ns_listening "$(scn_ns bob)" udp 9

retransmits() { # TCP segments alice retransmitted so far
	ip netns exec "$alice" nstat -az TcpRetransSegs | awk '/TcpRetransSegs/ { print $2 }'
}
fresh() { # fresh FAMILY DST: no IKE_SA or CHILD_SA left with DST
	sw_swanctl alice --terminate --ike "alice-bob-$1" --timeout 10 \
		>/dev/null 2>&1
	wait_until 10 sh -c "[ -z \"\$(ip -n $alice xfrm state list dst $2)\$(ip -n $alice xfrm state list src $2)\" ]" ||
		echo "# IPv$1: SAs with $2 still there after 10 s" >&2
}

for fam in 4 6; do
	if [ $fam = 4 ]; then dst=$BOB4; else dst=$BOB6; fi

	fresh $fam "$dst"
	before=$(retransmits)
	out=$(ip netns exec "$alice" sockprobe connect tcp "$dst" 5001)
	t_match "IPv$fam: blocking TCP connect() over a trap policy succeeds first time" "^ok " "$out"
	t_eq "IPv$fam: …its first SYN was held and released, not retransmitted" \
		"$before" "$(retransmits)"

	fresh $fam "$dst"
	out=$(ip netns exec "$alice" sockprobe nbconnect udp "$dst" 9 30000)
	t_match "IPv$fam: non-blocking UDP connect(): EINPROGRESS, EALREADY, POLLOUT once IKE is done" \
		"^EINPROGRESS EALREADY poll=POLLOUT .* so_error=ok" "$out"

	fresh $fam "$dst"
	before=$(cat "$SCRATCH/udp-received" 2>/dev/null | wc -l)
	out=$(ip netns exec "$alice" sockprobe sendto "$dst" 9)
	t_match "IPv$fam: sendto() before any SA: waits for IKE, then sends" "^ok " "$out"
	wait_until 10 sh -c "[ \$(cat '$SCRATCH/udp-received' | wc -l) -gt $before ]"
	t_eq "IPv$fam: …and that first datagram arrives at bob" $((before + 1)) \
		"$(cat "$SCRATCH/udp-received" 2>/dev/null | wc -l)"

	for how in "ICMP socket:0 2147483647" "raw socket:1 0"; do
		fresh $fam "$dst"
		ip netns exec "$alice" sysctl -qw net.ipv4.ping_group_range="${how#*:}"
		t_run "IPv$fam: ping -c 1 (${how%%:*}) gets its reply first time" \
			ip netns exec "$alice" ping -n -c 1 -W 30 "$dst"
	done
done

t_ge "resolutions released by charon's SAs" 10 \
	"$(ipsec-latchctl -n "$alice" -j status | jq .counters.res_resolved)"
t_eq "none failed" 0 \
	"$(ipsec-latchctl -n "$alice" -j status | jq .counters.res_failed)"
exit 0
