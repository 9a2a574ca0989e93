#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Connection latching with strongSwan on both ends (trap policies, ESP
# transport, IKE identities alice.example / bob.example, the shipped updown
# hook annotating them). bob latches through a LISTENER template, alice in
# transparent mode. Then the binding is enforced: the policy goes away under
# a live TCP flow and not one cleartext packet of it reaches the wire; a
# cleartext packet injected into the flow is dropped; teardown and the cap.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/scenario.sh"
set -u
PORT=5001

ctl() { local h=$1; shift; ipsec-latchctl -n "$(scn_ns "$h")" "$@"; }
ctr() { ctl "$1" -j status | jq ".counters.$2"; }
latches() { ctl "$1" latch list "${@:2}" 2>&1; }
has_latch() { latches "$@" | grep -Eq "${LATCH_RE:-established.*\(ike\)}"; }

modprobe ipsec_latch latch_hold_ms=1000 latch_idle_ms=2000
scn_two_hosts
scn_add_mallory
# An updown script of the administrator's, which the hook chains.
mkdir -p "$SCRATCH"
printf '#!/bin/sh\necho "$PLUTO_VERB $PLUTO_PEER" >>%s\n' \
	"$SCRATCH/own-updown.log" >"$SCRATCH/own-updown"
chmod +x "$SCRATCH/own-updown"
sw_latch_updown "$SCRATCH/own-updown"

sw_transport_up alice bob
tcp_servers bob $PORT

t_run "bob: listener template for TCP port $PORT (both families)" \
	ctl bob template add listener proto tcp lport $PORT
t_run "alice: transparent mode on" ctl alice latch transparent on

# A live flow per family: a line every 0.2 s, echoed back.
for fam in 4 6; do
	if [ $fam = 4 ]; then dst=$BOB4; else dst="[$BOB6]"; fi
	(while :; do echo x; sleep 0.2; done) |
		ip netns exec "$(scn_ns alice)" socat - "TCP:$dst:$PORT" \
		>/dev/null 2>&1 &
	eval "flow$fam=$!"
done

for fam in 4 6; do
	if [ $fam = 4 ]; then a=$ALICE4; b=$BOB4; else a=$ALICE6; b=$BOB6; fi
	wait_until 20 has_latch bob remote "$a" lport $PORT
	out=$(latches bob remote "$a" lport $PORT)
	echo "# bob: $out"
	t_match "IPv$fam: bob's latch for alice's flow is ESTABLISHED" \
		"established" "$out"
	t_match "IPv$fam: …bound to alice's IKE identity (from the updown hook)" \
		'peer "alice.example" \(ike\)' "$out"
	t_match "IPv$fam: …and the negotiated protection (ESP transport, AES-GCM-128)" \
		'esp transport .*rfc4106\(gcm\(aes\)\)/128 ' "$out"
	wait_until 10 has_latch alice remote "$b" rport $PORT
	out=$(latches alice remote "$b" rport $PORT)
	echo "# alice: $out"
	t_match "IPv$fam: alice's transparent latch names bob.example" \
		'established .*peer "bob.example" \(ike\)' "$out"
done
t_match "the hook ran the updown script it chains, with charon's environment" \
	"up-host $ALICE4" "$(cat "$SCRATCH/own-updown.log" 2>&1)"
aport=$(latches alice remote "$BOB4" rport $PORT |
	sed -n 's/^tcp [0-9.]*:\([0-9]*\) .*/\1/p' | head -1)
out=$(ctl alice who tcp "$ALICE4:${aport:-0}" "$BOB4:$PORT" 2>&1)
echo "# who: $out"
t_match "who: alice's IPv4 flow talks to bob.example, over ESP" \
	'bob\.example.*' "$out"
# The same question by process and socket: socat's connected socket.
# (socat holds other sockets too: ask about each until one is a flow.)
for f in /proc/$flow4/fd/*; do
	case $(readlink "$f") in socket:*) ;; *) continue ;; esac
	out=$(ipsec-latchctl who "$flow4/$(basename "$f")" 2>&1) && break
done
echo "# who $flow4/$(basename "$f"): $out"
t_match "who PID/FD: socat's socket talks to bob.example" 'bob\.example' "$out"

# Datagrams, IPv6: a connected UDP socket on alice (transparent mode) to
# bob's UDP listener template.
ctl bob template add listener proto udp lport 9 >/dev/null
ip netns exec "$(scn_ns bob)" socat -u UDP6-RECV:9 /dev/null &
# (listening before alice sends: a port unreachable would end her socket)
wait_until 5 sh -c "ip netns exec $(scn_ns bob) ss -Huln 'sport = :9' | grep -q ."
(while :; do echo d; sleep 0.2; done) |
	ip netns exec "$(scn_ns alice)" socat -u - "UDP6:[$BOB6]:9" &
udp6=$!
LATCH_RE='^udp .*established .*peer "alice.example" \(ike\)' \
	wait_until 15 has_latch bob proto udp remote "$ALICE6"
t_match "IPv6 UDP: bob latched the datagram flow to alice.example" \
	'^udp .*established .*peer "alice.example" \(ike\)' \
	"$(latches bob proto udp remote "$ALICE6")"
LATCH_RE='^udp .*established .*peer "bob.example" \(ike\) .*transparent' \
	wait_until 10 has_latch alice proto udp remote "$BOB6"
t_match "IPv6 UDP: alice's connected socket latched transparently to bob.example" \
	'^udp .*established .*peer "bob.example" \(ike\) .*transparent' \
	"$(latches alice proto udp remote "$BOB6")"
kill $udp6 2>/dev/null

# Policy change under the live IPv4 flow: alice's connection is unloaded
# and its SAs deleted, so the flow's next packets would leave in the clear.
ip netns exec "$(scn_ns bob)" tcpdump -i eth0 -nn -U -w "$SCRATCH/clear.pcap" \
	"tcp port $PORT" >/dev/null 2>&1 &
dump=$!
ctl alice -j monitor >"$SCRATCH/monitor.json" 2>&1 &
mon=$!
ctl alice -t monitor latch event broken >"$SCRATCH/monitor-broken.txt" 2>&1 &
mon_broken=$!
# Administrators watch the journal: the break reaches the kernel log too.
echo 1 >/sys/module/ipsec_latch/parameters/log_events
sleep 1
sw_unload alice alice-bob-4
sw_swanctl alice --terminate --ike alice-bob-4 --timeout 10 >/dev/null 2>&1
wait_until 10 sh -c "[ -z \"\$(ip -n $(scn_ns alice) xfrm policy list dst $BOB4 dir out)\" ]"
sleep 2
kill $dump $mon $mon_broken 2>/dev/null
wait $dump 2>/dev/null
clear=$(tcpdump -nn -r "$SCRATCH/clear.pcap" 2>/dev/null | wc -l)
t_eq "policy removed under a live flow: zero cleartext packets of it on the wire" \
	0 "$clear"
LATCH_RE=broken t_run "…alice's latch is BROKEN" \
	has_latch alice remote "$BOB4" rport $PORT
t_ge "…its outbound packets were dropped and counted" 1 \
	"$(ctr alice drop_latch_clear_out)"
t_match "…and monitor reported it" '"broken"' "$(cat "$SCRATCH/monitor.json")"
t_match "monitor -t latch event broken: a timestamp before each event" \
	'^Timestamp: .* usec$' "$(head -1 "$SCRATCH/monitor-broken.txt")"
t_ge "…the broken events" 1 "$(grep -c broken "$SCRATCH/monitor-broken.txt")"
t_eq "…and no other event" 0 \
	"$(grep -v -e '^Timestamp: ' -e broken "$SCRATCH/monitor-broken.txt" | grep -c .)"
t_match "…and, with log_events=1, the kernel log names the flow and why" \
	"ipsec_latch: latch broken: tcp $ALICE4:[0-9]+ -> $BOB4:$PORT, netns [0-9]+, template 0: would leave in the clear, dropped" \
	"$(dmesg | grep 'latch broken' | head -1)"
t_ge "the IPv6 flow, still under its SA, stays ESTABLISHED" 1 \
	"$(latches alice remote "$BOB6" rport $PORT | grep -c established)"

# Cleartext injection: mallory forges alice's IPv6 flow into bob.
sport=$(latches bob remote "$ALICE6" lport $PORT |
	sed -n 's/.* -> \[[^]]*\]:\([0-9]*\) .*/\1/p' | head -1)
before=$(ctr bob drop_latch_clear_in)
ip netns exec "$(scn_ns mallory)" python3 - "$ALICE6" "$BOB6" "${sport:-1}" $PORT <<'EOF'
import socket, struct, sys
src, dst, sport, dport = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_TCP)
# The kernel builds the IPv6 header; the forged source needs IPV6_TRANSPARENT.
s.setsockopt(socket.IPPROTO_IPV6, 75, 1)
s.bind((src, 0))
tcp = struct.pack("!HHIIBBHHH", sport, dport, 1, 1, 5 << 4, 0x18, 1024, 0, 0)
for _ in range(3):
    s.sendto(tcp + b"injected", (dst, 0))
EOF
sleep 0.5
t_ge "cleartext packets injected into bob's latched flow are dropped and counted" \
	$((before + 3)) "$(ctr bob drop_latch_clear_in)"

# Teardown: the flows end, their latches close and are freed.
kill "$flow4" "$flow6" 2>/dev/null
LATCH_RE='closed|^$' wait_until 15 has_latch bob remote "$ALICE6" lport $PORT
wait_until 15 sh -c "[ -z \"\$(ipsec-latchctl -n $(scn_ns bob) latch list remote $ALICE6)\" ]"
t_eq "flow ended: bob's latch went CLOSED and was freed after latch_hold_ms" "" \
	"$(latches bob remote "$ALICE6")"
t_ge "…counted" 1 "$(ctr bob latch_freed)"

# Bad template input: clear errors, nothing changed.
n=$(ctl bob template list | grep -c listener)
for bad in "add listener proto icmp lport 1" "add listener proto tcp lport 0" \
	   "add connector proto tcp local $BOB4 lport 1" "del 999"; do
	ctl bob template $bad >"$SCRATCH/bad.out" 2>&1
	rc=$?
	t_ge "template $bad: refused (exit $rc)" 1 $rc
done
t_eq "…and the templates are unchanged" "$n" "$(ctl bob template list | grep -c listener)"

# A reqid reused for another peer at the same address: the old peer's late
# "down" (the hook passes the identity) leaves the new peer's name alone.
ctl bob identity set peer 192.0.2.77 reqid 9 id new.example
out=$(ctl bob identity del peer 192.0.2.77 reqid 9 id old.example 2>&1)
rc=$?
t_eq "identity del naming the old identity: refused (exit 1)" 1 $rc
t_match "…saying the reqid names another identity now" "another identity" "$out"
t_match "…and the new identity stays" 'peer 192.0.2.77 reqid 9 id "new.example"' \
	"$(ctl bob identity list)"
t_run "identity del naming the current identity deletes it" \
	ctl bob identity del peer 192.0.2.77 reqid 9 id new.example
t_eq "…it is gone" "" "$(ctl bob identity list | grep 192.0.2.77)"

# The cap: with max_latches reached, a new flow under the template fails
# closed (it does not connect in the clear or otherwise). alice stops
# latching, so that only bob's table fills. Four connections that stay
# open keep it full: latches that were closing when the cap came free
# their slots, which the holders' retransmitted SYNs then take.
ctl alice latch transparent off
echo 0 >/sys/module/ipsec_latch/parameters/log_events
echo 2 >/sys/module/ipsec_latch/parameters/max_latches
wait_until 15 sh -c "[ \$(ipsec-latchctl -n $(scn_ns bob) -j status | jq .latches) -le 2 ]"
holders=()
for i in 1 2 3 4; do
	sleep 30 | ip netns exec "$(scn_ns alice)" \
		socat - "TCP:[$BOB6]:$PORT" >/dev/null 2>&1 &
	holders+=($!)
done
wait_until 15 sh -c "[ \$(ipsec-latchctl -n $(scn_ns bob) -j status | jq .latches) -eq 2 ]"
wait_until 10 sh -c "[ \$(ipsec-latchctl -n $(scn_ns bob) -j status | jq .counters.latch_table_full) -ge 1 ]"
t_ge "max_latches reached: new flows are refused and counted" 1 \
	"$(ctr bob latch_table_full)"
t_ge "…never more latches than the cap" "$(ctl bob -j status | jq .latches)" 2
t_eq "…and with log_events=0 none of it reaches the kernel log" 0 \
	"$(dmesg | grep -c 'latch refused')"
echo 1 >/sys/module/ipsec_latch/parameters/log_events
sleep 2	# past the refusal events' rate limit
timeout 3 ip netns exec "$(scn_ns alice)" sockprobe connect tcp "$BOB6" $PORT >/dev/null
t_match "…with log_events=1 it does, naming the flow and the cap" \
	"ipsec_latch: latch refused: tcp \\[$BOB6\\]:$PORT -> \\[$ALICE6\\]:[0-9]+, netns [0-9]+, template [0-9]+: latch table or this peer's share full, dropped" \
	"$(dmesg | grep 'latch refused' | head -1)"
kill "${holders[@]}" 2>/dev/null

t_run "rmmod with latches live" modprobe -r ipsec_latch
exit 0
