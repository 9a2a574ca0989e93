#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# BYPASS-OR-PROTECT: an NFS-like TCP service on port 2049. bob serves it
# under a LISTENER template, alice reaches it through CONNECTOR templates
# (any local port, fallback 8 s: IKE
# under emulation takes seconds), both with action bypass-or-protect.
# strongSwan on both ends (trap policies, ESP transport):
#  1. both run IKE: the flow is protected and PROTECT-latched; cleartext
#     injected into it is dropped;
#  2. bob's IKE daemon stopped (bob accepts clear): alice falls back within
#     the timeout, connect() succeeds, data flows in the clear, both ends
#     hold BYPASS latches with their own BYPASS SPD entries; transparent
#     mode does the same without a template; a host with a policy but no key
#     manager falls back at once, and bob's SYN-ACK to it does not wait for
#     bob's own required policy; the SPD check warns about a required
#     inbound policy, which keeps its meaning;
#  3. bob's IKE daemon back: the old flow stays clear, a new one is
#     protected; ESP from another identity injected into the clear flow is
#     dropped.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/scenario.sh"
. "$REPO/tests/lib/subscribed.sh"
set -u
NFS=2049
FALLBACK=8000
KEY=0x0102030405060708091011121314151617181920

ctl() { local h=$1; shift; ipsec-latchctl -n "$(scn_ns "$h")" "$@"; }
ctr() { ctl "$1" -j status | jq ".counters.$2"; }
latches() { ctl "$1" latch list "${@:2}" 2>&1; }
# has_latch HOST RE SELECTORS...
has_latch() { latches "$1" "${@:3}" | grep -Eq "$2"; }
tmpl_sum() { # tmpl_sum HOST FIELD: the field summed over the templates
	ctl "$1" -j template list |
		jq -s "[.. | objects | select(has(\"$2\")) | .$2] | add // 0"
}
in_ns() { local h=$1; shift; ip netns exec "$(scn_ns "$h")" "$@"; }
t_fails() { # t_fails DESC CMD...: ok if CMD fails
	local desc=$1
	shift
	if "$@" >/dev/null 2>&1; then t_not_ok "$desc" "succeeded: $*"; else t_ok "$desc"; fi
}
elapsed() { sed -n 's/.*elapsed_ms=\([0-9]*\).*/\1/p' <<<"$1"; }
# A live client flow from alice: a line every 0.2 s, echoed into $SCRATCH.
start_flow() { # start_flow NAME ADDR PORT
	(while :; do echo "$1"; sleep 0.2; done) |
		ip netns exec "$(scn_ns alice)" socat - \
		"TCP:$(scn__sockaddr "$2"):$3" >"$SCRATCH/$1.out" 2>&1 &
	eval "FLOW_$1=$!"
}
echoed() { wc -l <"$SCRATCH/$1.out"; }
udp_bound() { ns_listening "$(scn_ns "$1")" udp "$2"; }	# HOST PORT
gone() { ! kill -0 "$1" 2>/dev/null; }	# PID
c4_port() { # alice's local port of her established flow to bob:NFS (IPv4)
	in_ns alice ss -Htn state established "dst $BOB4 and dport = :$NFS" |
		awk '{ sub(/.*:/, "", $3); print $3; exit }'
}
c4_up() { [ -n "$(c4_port)" ]; }
lport_of() { # lport_of HOST RPORT REMOTE: alice's local port of the flow
	latches "$1" remote "$3" rport "$2" state established |
		sed -n 's/^tcp [0-9.]*:\([0-9]*\) .*/\1/p' | head -1
}
# capture HOST SECONDS FILTER COUNT: packets on HOST's eth0 matching FILTER,
# from when tcpdump listens (its start-up takes seconds under emulation)
# until COUNT came or SECONDS passed
capture() {
	local pid
	rm -f "$SCRATCH/cap.pcap"
	ip netns exec "$(scn_ns "$1")" tcpdump -i eth0 -nn -U -c "$4" \
		-w "$SCRATCH/cap.pcap" "$3" >"$SCRATCH/cap.log" 2>&1 &
	pid=$!
	wait_until 20 grep -qs 'listening on' "$SCRATCH/cap.log"
	wait_until "$2" gone "$pid"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	tcpdump -nn -r "$SCRATCH/cap.pcap" 2>/dev/null | wc -l
}

modprobe ipsec_latch latch_hold_ms=1000
scn_two_hosts
scn_add_mallory
# The first AES-GCM SA of a boot instantiates and self-tests the crypto,
# seconds under emulation: do it now, not inside the first fallback time.
ip -n "$(scn_ns mallory)" xfrm state add src "$MALLORY4" dst "$BOB4" \
	proto esp spi 0x1 mode transport aead 'rfc4106(gcm(aes))' $KEY 128
ip -n "$(scn_ns mallory)" xfrm state flush
sw_latch_updown
sw_transport_up alice bob
tcp_servers bob $NFS

t_run "bob: BYPASS-OR-PROTECT listener template for TCP port $NFS" \
	ctl bob template add listener proto tcp lport $NFS \
	action bypass-or-protect
for b in "$BOB4" "$BOB6"; do
	t_run "alice: BYPASS-OR-PROTECT connector template to $b port $NFS (any local port, fallback ${FALLBACK} ms)" \
		ctl alice template add connector proto tcp remote "$b" \
		rport $NFS action bypass-or-protect fallback $FALLBACK
done

# --- 1. Both ends run IKE: protected, PROTECT-latched. -------------------
# The SA first: IKE under emulation may not finish within the fallback
# time, and the flow would then fall back to the clear.
sw_initiate alice alice-bob-4
start_flow p4 "$BOB4" $NFS
RE='established protect .*protected.*peer "bob.example" \(ike\)'
wait_until 20 has_latch alice "$RE" remote "$BOB4" rport $NFS
out=$(latches alice remote "$BOB4" rport $NFS)
echo "# alice: $out"
t_match "both run IKE: alice's flow is PROTECT-latched to bob.example" \
	"$RE" "$out"
RE='established protect .*protected.*peer "alice.example" \(ike\)'
wait_until 10 has_latch bob "$RE" remote "$ALICE4" lport $NFS
out=$(latches bob remote "$ALICE4" lport $NFS)
echo "# bob: $out"
t_match "…and bob's side to alice.example" "$RE" "$out"
t_ge "…counted as protected on alice's template" 1 \
	"$(tmpl_sum alice protected)"
t_ge "…and on bob's" 1 "$(tmpl_sum bob protected)"
sport=$(lport_of alice $NFS "$BOB4")
before=$(ctr bob drop_latch_clear_in)
in_ns mallory tcpinject "$ALICE4" "${sport:-1}" "$BOB4" $NFS 3
wait_until 10 sh -c "[ \$(ipsec-latchctl -n $(scn_ns bob) -j status | jq .counters.drop_latch_clear_in) -ge $((before + 3)) ]"
t_ge "cleartext injected into the PROTECT-latched flow is dropped and counted" \
	$((before + 3)) "$(ctr bob drop_latch_clear_in)"
kill "$FLOW_p4" 2>/dev/null

# --- 2. bob has no IKE daemon, accepts clear. ------------------------------
sw_stop bob
wait_until 10 sh -c "[ \$(ip -n $(scn_ns alice) xfrm state | grep -c '^src') = 0 ]"
subs=$(subscribers "$(scn_ns alice)")
ctl alice -j monitor >"$SCRATCH/monitor.json" 2>&1 &
mon=$!
wait_subscribed "$(scn_ns alice)" 1 "$subs"
for b in "$BOB4" "$BOB6"; do
	out=$(in_ns alice sockprobe connect tcp "$b" $NFS)
	echo "# connect to $b:$NFS: $out"
	t_match "no IKE on bob ($b): connect() succeeds in the clear" '^ok ' "$out"
	ms=$(elapsed "$out")
	t_ge "…after the fallback timeout (${ms:-?} ms >= ${FALLBACK} ms)" \
		$((FALLBACK - 50)) "$ms"
	# (a SYN not released at the fallback would go with TCP's next
	# retransmit, 15 s after the first)
	t_le "…and right after it (${ms:-?} ms <= $((FALLBACK + 5000)) ms)" \
		$((FALLBACK + 5000)) "$ms"
done
# Datagrams: a connected UDP socket's blocking connect() falls back too,
# and its datagrams then leave in the clear.
in_ns bob socat -u UDP4-RECV:$NFS OPEN:"$SCRATCH/udp.out",creat,append &
wait_until 10 udp_bound bob $NFS
ctl alice template add connector proto udp remote "$BOB4" rport $NFS \
	action bypass-or-protect fallback $FALLBACK >/dev/null
t0=$(scn_now_us)
echo over-udp | in_ns alice socat -u - "UDP:$BOB4:$NFS"
ms=$(( ($(scn_now_us) - t0) / 1000 ))
out=$(latches alice proto udp remote "$BOB4")
echo "# alice: $out ($ms ms)"
t_match "UDP: connect() fell back, its flow is BYPASS-latched" \
	'^udp .*bypass \((timeout|ike-failed)\)' "$out"
t_le "…within the fallback time ($ms ms)" $((FALLBACK + 5000)) "$ms"
# (alice's charon gives up on bob after its retransmits, ~24 s: from then
# on the SA has failed and flows fall back at once, decided ike-failed)
if [[ $out =~ \(timeout\) ]]; then
	t_ge "…and not before it" $((FALLBACK - 50)) "$ms"
fi
wait_until 10 grep -q over-udp "$SCRATCH/udp.out"
t_match "…the datagram reached bob in the clear" over-udp \
	"$(cat "$SCRATCH/udp.out" 2>/dev/null)"

start_flow c4 "$BOB4" $NFS
start_flow c6 "$BOB6" $NFS
wait_until $((FALLBACK / 1000 + 10)) c4_up
cport=$(c4_port)
out=$(latches alice remote "$BOB4" rport $NFS lport "${cport:-1}")
echo "# alice: $out"
t_match "alice's live flow is BYPASS-latched (fell back)" \
	'established bypass \((timeout|ike-failed)\)' "$out"
t_match "…with its own BYPASS SPD entries" 'bypass-spd' "$out"
t_match "…which are real SPD entries (ip xfrm policy, priority 0, allow)" \
	'priority 0 ' "$(ip -n "$(scn_ns alice)" xfrm policy list \
	src "$ALICE4" dst "$BOB4" proto tcp sport "${cport:-1}" dport $NFS dir out)"
out=$(latches bob remote "$ALICE4" lport $NFS rport "${cport:-1}")
echo "# bob: $out"
t_match "bob's side: BYPASS-latched, the first packet arrived clear" \
	'established bypass .*clear-in' "$out"
RE='established bypass \((timeout|ike-failed)\) bypass-spd'
wait_until 10 has_latch alice "$RE" remote "$BOB6" rport $NFS state established
t_match "IPv6: alice's live flow is BYPASS-latched" "$RE" \
	"$(latches alice remote "$BOB6" rport $NFS state established)"
t_match "IPv6: …and bob's, its first packet arrived clear" \
	'established bypass \(clear-in\) bypass-spd' \
	"$(latches bob remote "$ALICE6" lport $NFS state established)"
t_match "who: alice learns her flow to bob:$NFS is in the clear" 'bypass' \
	"$(ctl alice who tcp "$ALICE4:${cport:-1}" "$BOB4:$NFS" 2>&1)"
n=$(capture bob 10 "tcp port $NFS and host $ALICE4" 5)
t_ge "data of the flow crosses the wire in the clear ($n TCP packets)" \
	5 "$n"
t_ge "alice's template counts the bypassed flows" 3 "$(tmpl_sum alice bypassed)"
t_ge "latch_fallback counts them" 3 "$(ctr alice latch_fallback)"
kill $mon 2>/dev/null
t_match "monitor announced the BYPASS latch" '"latched".*"bypass"' \
	"$(cat "$SCRATCH/monitor.json")"

# Transparent mode: no template for port 5555, same fallback. (alice's
# charon may have given up on bob by now: then the SA failed already and
# the flow falls back at once.)
tcp_server bob "$BOB4" 5555
t_run "alice: transparent mode bypass-or-protect, fallback 1000 ms" \
	ctl alice latch transparent bypass-or-protect fallback 1000
out=$(in_ns alice sockprobe connect tcp "$BOB4" 5555)
echo "# connect to $BOB4:5555: $out"
t_match "transparent bypass-or-protect: connect() succeeds in the clear" \
	'^ok ' "$out"
t_le "…within 1000 ms + 4000 ms" 5000 "$(elapsed "$out")"
t_match "…and the flow is BYPASS-latched without a template" \
	'bypass \((timeout|ike-failed)\).*transparent' \
	"$(latches alice remote "$BOB4" rport 5555)"
ctl alice latch transparent off >/dev/null

# A host with a required policy toward bob but no key manager (mallory):
# the SA fails at once, so does the wait. bob has a required outbound
# policy toward mallory and no key manager either: its SYN-ACK must not
# wait for it, the flow's own BYPASS entry lets it out.
# (priority 1000: an older policy at priority 0, ip's default, would tie
# with the BYPASS entries and win; see the README)
ip -n "$(scn_ns mallory)" xfrm policy add src "$MALLORY4" dst "$BOB4" \
	proto tcp dport $NFS dir out priority 1000 tmpl proto esp mode transport
ip -n "$(scn_ns bob)" xfrm policy add src "$BOB4" dst "$MALLORY4" dir out \
	priority 1000 tmpl proto esp mode transport
# (fallback 10 s: "at once" is then far from falling back after it)
ctl mallory template add connector proto tcp remote "$BOB4" rport $NFS \
	action bypass-or-protect fallback 10000 >/dev/null
out=$(in_ns mallory sockprobe connect tcp "$BOB4" $NFS)
echo "# mallory connect to $BOB4:$NFS: $out"
t_match "no key manager: connect() falls back at once and succeeds" '^ok ' "$out"
t_le "…in well under the fallback timeout ($(elapsed "$out") ms)" 5000 \
	"$(elapsed "$out")"
t_match "…decided by the failed SA" 'bypass \(ike-failed\)' \
	"$(latches mallory remote "$BOB4" rport $NFS)"
# The same under a PROTECT template: nothing to fall back to, the flow
# fails (EHOSTUNREACH) and its template counts it.
ip -n "$(scn_ns mallory)" xfrm policy add src "$MALLORY4" dst "$BOB4" \
	proto tcp dport 2053 dir out priority 1000 tmpl proto esp mode transport
ctl mallory template add connector proto tcp remote "$BOB4" rport 2053 \
	>/dev/null
out=$(in_ns mallory sockprobe connect tcp "$BOB4" 2053)
t_match "PROTECT template, no key manager: connect() fails with EHOSTUNREACH" \
	'^EHOSTUNREACH ' "$out"
t_ge "…and the template counts the failed flow" 1 "$(tmpl_sum mallory failed)"
tcp_server bob "$BOB4" 2052
t_fails "control: without a template bob's SYN-ACK waits for its policy (no connection)" \
	tcp_probe mallory "$BOB4" 2052

# The SPD check: a required inbound policy keeps clear flows out.
tcp_server bob "$BOB4" 2051
ip -n "$(scn_ns bob)" xfrm policy add src 0.0.0.0/0 dst "$BOB4" proto tcp \
	dport 2051 dir in priority 1000 tmpl proto esp mode transport
out=$(ctl bob template add listener proto tcp local "$BOB4" lport 2051 \
	action bypass-or-protect 2>&1)
echo "# $out"
t_match "template add warns about the required inbound policy" \
	'warning: .*requires IPsec' "$out"
t_eq "template check: exit status 4 (warnings) while the policy is required" 4 \
	"$(ctl bob template check >/dev/null 2>&1; echo $?)"
before=$(ctr bob spd_refused_clear)
t_fails "…and a clear client does not get in" tcp_probe mallory "$BOB4" 2051
t_ge "…counted as refused by the SPD" $((before + 1)) \
	"$(ctr bob spd_refused_clear)"
t_eq "…with no latch made" "" "$(latches bob lport 2051 | grep '^tcp')"
ip -n "$(scn_ns bob)" xfrm policy update src 0.0.0.0/0 dst "$BOB4" \
	proto tcp dport 2051 dir in priority 1000 tmpl proto esp mode transport \
	level use
t_eq "template check: exit status 0 once the policy is optional" 0 \
	"$(ctl bob template check >/dev/null 2>&1; echo $?)"
t_run "…and the clear client gets in" wait_until 10 tcp_probe mallory "$BOB4" 2051
t_match "…BYPASS-latched" 'bypass \(clear-in\)' \
	"$(latches bob lport 2051)"

# The tie: an outbound IPsec policy of priority 0 (ip xfrm's default), older
# than a fallen-back flow's BYPASS entries, wins over them.
ip -n "$(scn_ns mallory)" xfrm policy add src 0.0.0.0/0 dst 192.0.2.99/32 \
	proto tcp dport 2099 dir out tmpl proto esp mode transport
out=$(ctl mallory template add connector proto tcp remote 192.0.2.99 \
	rport 2099 action bypass-or-protect 2>&1)
echo "# $out"
t_match "a connector template warns about an outbound policy of priority 0" \
	'warning: template [0-9]+: outbound policy .*dport 2099 has priority 0' "$out"
out=$(ctl mallory latch transparent bypass-or-protect 2>&1)
t_match "…so does transparent bypass-or-protect" \
	'warning: transparent bypass-or-protect: outbound policy .*dport 2099' "$out"
ctl mallory latch transparent off
t_eq "template check: exit status 4 (warnings) while it has priority 0" 4 \
	"$(ctl mallory template check >/dev/null 2>&1; echo $?)"
ip -n "$(scn_ns mallory)" xfrm policy update src 0.0.0.0/0 dst 192.0.2.99/32 \
	proto tcp dport 2099 dir out priority 1000 tmpl proto esp mode transport
t_eq "…and 0 once it has priority 1000" 0 \
	"$(ctl mallory template check >/dev/null 2>&1; echo $?)"

# --- 3. bob's IKE daemon is back. -----------------------------------------
sw_start bob
# (an IKE_SA_INIT of alice's from before may still be retrying: the
# initiation can be queued behind it and fail with it; try again)
for i in 1 2 3; do
	sw_swanctl alice --initiate --child alice-bob-4 --timeout 20 \
		>/dev/null 2>&1 && break
done
sw_wait_sa alice 20 -d "$BOB4"
lines=$(echoed c4)
drops_a=$(ctr alice drop_latch_clear_out)
drops_b=$(ctr bob drop_latch_clear_in)
t_match "SA up: bob has a required policy toward alice again" 'proto esp' \
	"$(ip -n "$(scn_ns bob)" xfrm policy list src "$BOB4" dst "$ALICE4" dir out)"
n=$(capture bob 10 "tcp port $NFS and host $ALICE4 and tcp src port ${cport:-1}" 2)
t_ge "…the old flow still sends in the clear ($n packets)" 2 "$n"
n=$(capture bob 10 "tcp src port $NFS and host $ALICE4" 2)
t_ge "…and bob answers it in the clear despite his policy ($n packets)" \
	2 "$n"
wait_until 10 at_least $((lines + 5)) echoed c4	# (the captures end early)
t_ge "…its data still echoed" $((lines + 5)) "$(echoed c4)"
t_match "…alice's latch is still BYPASS" 'established bypass' \
	"$(latches alice remote "$BOB4" rport $NFS lport "${cport:-1}")"
t_match "…so is bob's" 'established bypass' \
	"$(latches bob remote "$ALICE4" lport $NFS rport "${cport:-1}")"
t_eq "…nothing of it dropped on alice" "$drops_a" \
	"$(ctr alice drop_latch_clear_out)"
t_eq "…nor on bob" "$drops_b" "$(ctr bob drop_latch_clear_in)"
start_flow n4 "$BOB4" $NFS
RE='established protect .*protected.*peer "bob.example"'
wait_until 10 has_latch alice "$RE" remote "$BOB4" rport $NFS
t_ge "a new flow is protected and PROTECT-latched" 1 \
	"$(latches alice remote "$BOB4" rport $NFS | grep -Ec "$RE")"
t_ge "…its packets leave as ESP" 3 "$(capture bob 10 "esp and src $ALICE4" 3)"

# mallory sends ESP (its own tunnel SA, another identity) into the clear
# flow, claiming alice's address.
ip -n "$(scn_ns bob)" xfrm state add src "$MALLORY4" dst "$BOB4" proto esp \
	spi 0x666 reqid 66 mode tunnel aead 'rfc4106(gcm(aes))' $KEY 128
ip -n "$(scn_ns mallory)" xfrm state add src "$MALLORY4" dst "$BOB4" \
	proto esp spi 0x666 reqid 66 mode tunnel aead 'rfc4106(gcm(aes))' $KEY 128
ip -n "$(scn_ns mallory)" xfrm policy add src "$ALICE4" dst "$BOB4" \
	proto tcp dir out tmpl src "$MALLORY4" dst "$BOB4" proto esp \
	mode tunnel reqid 66
ctl bob identity set peer "$MALLORY4" reqid 66 id mallory.example >/dev/null
before=$(ctr bob drop_latch_peer_in)
lines=$(echoed c4)
in_ns mallory tcpinject "$ALICE4" "${cport:-1}" "$BOB4" $NFS 5
wait_until 10 at_least $((before + 5)) ctr bob drop_latch_peer_in
wait_until 10 at_least $((lines + 3)) echoed c4
t_ge "ESP from another identity into the BYPASS-latched flow is dropped and counted" \
	$((before + 5)) "$(ctr bob drop_latch_peer_in)"
t_ge "…and the flow carries on" $((lines + 3)) "$(echoed c4)"

kill "$FLOW_c4" "$FLOW_c6" "$FLOW_n4" 2>/dev/null
t_run "rmmod with BYPASS latches and their SPD entries live" \
	modprobe -r ipsec_latch
t_eq "…their SPD entries are gone with them" 0 \
	"$(ip -n "$(scn_ns alice)" xfrm policy list | grep -Ec 'dir (in|out) priority 0 ')"
exit 0
