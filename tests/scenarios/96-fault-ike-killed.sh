#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The IKE daemon dies mid-negotiation: strongSwan on both ends with trap
# policies, bob's charon frozen (SIGSTOP) so alice's IKE_SA_INIT goes
# unanswered, callers of every kind waiting for the SA, then alice's charon
# SIGKILLed. Nobody will ever answer the ACQUIRE: every waiter fails with
# EHOSTUNREACH once resolve_timeout_ms is up (not after TCP's two minutes
# of SYNs), the held packets are dropped and counted, and the resolutions
# are freed after their hold time. A new charon then serves new flows.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/scenario.sh"
set -u
# 10 s: the four waiters must all be in, and seen so, before it runs out
TIMEOUT_MS=10000
# A waiter's wake-up on a busy emulated guest: seconds. Still far below
# the two minutes TCP's SYN retries would take.
SLACK_MS=$((8000 * ${IPSEC_LATCH_SLOW:-1}))
ctr() { ipsec-latchctl -n "$alice" -j status | jq ".counters.$1"; }
elapsed() { sed -n 's/.*elapsed_ms=\([0-9]*\).*/\1/p' "$1"; }

modprobe ipsec_latch resolve_timeout_ms=$TIMEOUT_MS
scn_two_hosts
sw_transport_up alice bob
alice=$(scn_ns alice)
tcp_servers bob 5001
sleep 0.5

kill -STOP "${SW_PID[bob]}"
out=$SCRATCH/waiters
mkdir -p "$out"
ip netns exec "$alice" sockprobe connect tcp "$BOB4" 5001 >"$out/tcp4" &
w1=$!
ip netns exec "$alice" sockprobe connect tcp "$BOB6" 5001 >"$out/tcp6" &
w2=$!
ip netns exec "$alice" sockprobe sendto "$BOB4" 9 >"$out/udp4" &
w3=$!
ip netns exec "$alice" sockprobe connect udp "$BOB6" 9 >"$out/udp6" &
w4=$!
# alice's charon got the ACQUIREs and is retransmitting IKE_SA_INIT.
# The datagram callers sleep in the module (waiters); TCP's connect()
# sleeps in TCP, its SYN held (queued) like the datagram.
all_in='([.[] | select(.state == "pending")] | length) == 2 and
	([.[].waiters] | add) == 2 and ([.[].queued_packets] | add) >= 3'
wait_until $((TIMEOUT_MS / 1000 - 2)) sh -c "ipsec-latchctl -n $alice -j resolve list | jq -e '$all_in' >/dev/null"
res=$(ipsec-latchctl -n "$alice" -j resolve list)
echo "# before the kill: $res"
if jq -e "$all_in" <<<"$res" >/dev/null; then
	t_ok "two pending resolutions (IPv4, IPv6): 2 datagram callers asleep, the SYNs and a datagram held"
else
	t_not_ok "two pending resolutions, 2 callers asleep, 3 packets held" "$res"
fi
kill_ms=$(scn_now_us)
sw_kill alice
t_ok "alice's charon SIGKILLed mid-negotiation (bob's frozen)"
wait $w1 $w2 $w3 $w4
for w in tcp4 tcp6 udp4 udp6; do
	r=$(cat "$out/$w")
	ms=$(elapsed "$out/$w")
	echo "# $w: $r"
	t_match "$w waiter fails with EHOSTUNREACH" "^EHOSTUNREACH " "$r"
	if [ -n "$ms" ] && [ "$ms" -le $((TIMEOUT_MS + SLACK_MS)) ]; then
		t_ok "$w waiter fails within resolve_timeout_ms ($ms ms <= $TIMEOUT_MS + $SLACK_MS)"
	else
		t_not_ok "$w waiter fails within resolve_timeout_ms" "${ms:-?} ms"
	fi
done
t_eq "both resolutions failed by the timeout" "2 2" "$(ctr res_failed) $(ctr res_timeout)"
t_eq "every held packet was dropped and counted, none released" \
	"$(ctr pkt_queued) 0" "$(ctr drop_failed) $(ctr pkt_released)"
# (the hold is net.core.xfrm_acq_expires, 30 s from the failure)
wait_until 45 sh -c "[ \"\$(ipsec-latchctl -n $alice -j resolve list | jq length)\" = 0 ]"
t_eq "the failed resolutions are freed after their hold time" 0 \
	"$(ipsec-latchctl -n "$alice" -j resolve list | jq length)"
echo "# $(( ($(scn_now_us) - kill_ms) / 1000 )) ms from the kill to an empty table"

# A new daemon, the peer back: a new flow is served. The kernel keeps
# its larval SAs (and so sends no new ACQUIRE for them) until they
# expire; a flow on another port of the same SA waits for that.
kill -CONT "${SW_PID[bob]}"
ip -n "$alice" xfrm state flush
sw_start alice
# The new charon's IKE takes seconds under emulation: the module's default
# resolve_timeout_ms again, not the short one for the kill.
echo 30000 >/sys/module/ipsec_latch/parameters/resolve_timeout_ms
r=$(ip netns exec "$alice" sockprobe connect tcp "$BOB4" 5001)
t_match "after the restart, a new connect() waits for the new charon and succeeds" "^ok " "$r"
t_run "the module unloads" modprobe -r ipsec_latch
