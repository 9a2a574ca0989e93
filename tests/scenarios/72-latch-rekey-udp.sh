#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Latches across rekeying, and datagram flows. strongSwan on both ends with
# CHILD_SAs rekeyed every few seconds; bob latches TCP port 5001 and UDP
# port 9 through listener templates. A paced TCP transfer spanning several
# rekeys completes and its latch stays ESTABLISHED with new SPIs; a
# connected UDP flow is latched with the IKE identity, and once it stops,
# its latch closes (alice: its socket closed; bob: idle) and is freed.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/scenario.sh"
set -u
LINES=56	# the transfer: one line every 0.25 s, 14 s

# An idle time well above the GC's notice of a closed socket (about two
# seconds after the flow's last packet), so that a slow guest cannot blur
# "closed at once" into "closed for idleness".
modprobe ipsec_latch latch_idle_ms=8000 latch_hold_ms=1000
scn_two_hosts
sw_latch_updown
export SW_CHILD_EXTRA="rekey_time = 4s"
sw_transport_up -4 alice bob
tcp_server bob "$BOB4" 5001
ip netns exec "$(scn_ns bob)" socat -u UDP4-RECV:9 \
	OPEN:"$SCRATCH/udp-received",creat,append &

ctl() { local h=$1; shift; ipsec-latchctl -n "$(scn_ns "$h")" "$@"; }
bob_latch() { ctl bob latch list proto "$1" remote "$ALICE4" 2>&1; }
spi_in() { sed -n 's/.* spi in \(0x[0-9a-f]*\) .*/\1/p' <<<"$1"; }

ctl bob template add listener proto tcp lport 5001 >/dev/null
ctl bob template add listener proto udp lport 9 >/dev/null
ctl alice latch transparent on

# The paced transfer, and a connected UDP flow beside it.
seq 1 $LINES | while read -r i; do echo "$i"; sleep 0.25; done |
	ip netns exec "$(scn_ns alice)" socat -t 5 - "TCP:$BOB4:5001" \
		>"$SCRATCH/echoed" 2>&1 &
transfer=$!
(while :; do echo dgram; sleep 0.2; done) |
	ip netns exec "$(scn_ns alice)" socat -u - "UDP4:$BOB4:9" &
udpflow=$!

wait_until 20 sh -c "ipsec-latchctl -n $(scn_ns bob) latch list proto tcp | grep -q 'established.*(ike)'"
first=$(bob_latch tcp)
echo "# first: $first"
first_spi=$(spi_in "$first")
t_match "the transfer's latch is ESTABLISHED with alice's IKE identity" \
	'established protect \(protected\) peer "alice.example" \(ike\)' "$first"

wait $transfer
t_eq "the transfer completed across the rekeys: all $LINES lines echoed" \
	"$LINES" "$(grep -c . "$SCRATCH/echoed")"
t_ge "strongSwan rekeyed meanwhile (CHILD_SAs established in alice's log)" 3 \
	"$(grep -c 'CHILD_SA .* established with SPIs' "$(sw_log alice)")"
last=$(bob_latch tcp)
echo "# last: $last"
t_match "…its latch never broke (0 drops, broken 0), whatever its state now" \
	'drops in/out 0/0 broken 0 ' "$last"
if [ -n "$first_spi" ] && [ "$(spi_in "$last")" != "$first_spi" ]; then
	t_ok "…and it follows the new SAs (inbound SPI $first_spi -> $(spi_in "$last"))"
else
	t_not_ok "…and it follows the new SAs" "SPI $first_spi then '$(spi_in "$last")'"
fi
t_eq "no latch went BROKEN" 0 "$(ctl bob -j status | jq .counters.latch_broken)"

out=$(bob_latch udp)
echo "# udp: $out"
t_match "the UDP flow is latched to alice.example" \
	'^udp .* established protect \(protected\) peer "alice.example" \(ike\)' "$out"
t_ge "…and its datagrams arrive" 10 "$(grep -c dgram "$SCRATCH/udp-received")"
# An old SA deleted after its rekey must not fail the sender (it once
# did: its deletion looked like the end of an ACQUIRE).
t_run "the connected UDP sender never got an error across the rekeys" \
	kill -0 $udpflow
t_match "alice's connected UDP socket is latched too (transparent mode)" \
	'^udp .* established protect \(protected\) peer "bob.example" \(ike\)' \
	"$(ctl alice latch list proto udp)"
kill $udpflow 2>/dev/null
start=$(date +%s%N)
wait_until 8 sh -c "! ipsec-latchctl -n $(scn_ns alice) latch list proto udp | grep -q established"
t_ge "alice's socket closed: its latch closes at once, not after latch_idle_ms (8 s)" \
	$(( ($(date +%s%N) - start) / 1000000 )) 6000
# Seen while CLOSED: it is freed latch_hold_ms (1 s) later, which a slow
# guest may let pass between a wait and a second look.
closed=
for _ in $(seq 150); do
	closed=$(bob_latch udp)
	case $closed in *" closed "*) break ;; esac
	sleep 0.1
done
t_match "bob's side (its socket stays): the latch CLOSED after latch_idle_ms" " closed " \
	"$closed"
wait_until 8 sh -c "[ -z \"\$(ipsec-latchctl -n $(scn_ns bob) latch list proto udp)\" ]"
t_eq "…and freed after latch_hold_ms" "" "$(bob_latch udp)"
exit 0
