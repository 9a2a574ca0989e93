#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# libreswan instead of strongSwan: pluto (from the libreswan chroot) on
# both ends, an on-demand IKEv2 transport connection, the shipped updown
# hook on both, chaining libreswan's own _updown. The first SYN waits for
# the negotiation, the TCP flow is latched with libreswan's IKE identities,
# and deleting the connection under the flow breaks the latch with no
# cleartext packet of it on the wire.
# scenario-timeout: 300
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/scenario.sh"
. "$REPO/tests/lib/libreswan.sh"
set -u
PORT=5002

ctl() { local h=$1; shift; ipsec-latchctl -n "$(scn_ns "$h")" "$@"; }
latches() { ctl "$1" latch list "${@:2}" 2>&1; }
has_latch() { latches "$@" | grep -Eq "${LATCH_RE:-established.*\(ike\)}"; }

lsw_require
modprobe ipsec_latch
scn_two_hosts
lsw_transport alice bob
lsw_start alice
lsw_start bob
tcp_servers bob $PORT
ctl bob template add listener proto tcp lport $PORT >/dev/null
ctl alice latch transparent on >/dev/null

t_run "alice: the on-demand connection's trap policy is in place" \
	sh -c "ip -n $(scn_ns alice) xfrm policy list dst $BOB4 dir out | grep -q 'proto esp'"
wait_until 20 lsw_routed alice "$BOB4"
t_run "alice: libreswan's _updown, chained by the hook, routed bob with the connection's MTU" \
	lsw_routed alice "$BOB4"
t0=$(scn_now_us)
out=$(echo first | ip netns exec "$(scn_ns alice)" \
	socat -T 5 - "TCP:$BOB4:$PORT,connect-timeout=30" 2>&1)
t_eq "alice: the first connect to bob waits for IKE and is echoed" first "$out"
ms=$(( ($(scn_now_us) - t0) / 1000 ))
echo "# first connect: $ms ms"
# libreswan's on-demand policy has reqid 0, its SAs another reqid, and it
# replaces the policy after adding them: the held SYN leaves then.
t_ge "…released when libreswan replaced its policy, not at the 30 s timeout" \
	"$ms" 20000
t_eq "…its resolution resolved, none failed or timed out" "1 0 0" \
	"$(ctl alice -j status | jq -r '.counters | "\(.res_resolved) \(.res_failed) \(.res_timeout)"')"

(while :; do echo x; sleep 0.2; done) |
	ip netns exec "$(scn_ns alice)" socat - "TCP:$BOB4:$PORT" >/dev/null 2>&1 &
flow=$!
wait_until 20 has_latch bob remote "$ALICE4" lport $PORT
out=$(latches bob remote "$ALICE4" lport $PORT)
echo "# bob: $out"
t_match "bob's latch for alice's flow is ESTABLISHED, bound to libreswan's IKE identity" \
	'established .*peer "@?alice\.example" \(ike\)' "$out"
t_match "…and the negotiated protection (ESP transport, AES-GCM-128)" \
	'esp transport .*rfc4106\(gcm\(aes\)\)/128' "$out"
wait_until 10 has_latch alice remote "$BOB4" rport $PORT
out=$(latches alice remote "$BOB4" rport $PORT)
echo "# alice: $out"
t_match "alice's transparent latch names bob's IKE identity" \
	'established .*peer "@?bob\.example" \(ike\)' "$out"

# Policy change under the live flow: alice deletes the connection.
ip netns exec "$(scn_ns bob)" tcpdump -i eth0 -nn -U -w "$SCRATCH/clear.pcap" \
	"tcp port $PORT" >/dev/null 2>&1 &
dump=$!
sleep 1
lsw_delete alice alice-bob
wait_until 10 sh -c "[ -z \"\$(ip -n $(scn_ns alice) xfrm state list dst $BOB4)\" ]"
sleep 2
kill $dump 2>/dev/null
wait $dump 2>/dev/null
t_eq "connection deleted under a live flow: zero cleartext packets of it on the wire" \
	0 "$(tcpdump -nn -r "$SCRATCH/clear.pcap" 2>/dev/null | wc -l)"
LATCH_RE=broken t_run "…alice's latch is BROKEN" \
	has_latch alice remote "$BOB4" rport $PORT
# pluto runs the down hook after it deleted the SAs: not at once.
wait_until 15 sh -c "! ipsec-latchctl -n $(scn_ns alice) identity list | grep -q bob.example"
t_run "…and the down hook removed alice's identity for bob" \
	sh -c "! ipsec-latchctl -n $(scn_ns alice) identity list | grep -q bob.example"
kill $flow 2>/dev/null
exit 0
