#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Flow stealing. bob is a tunnel-mode gateway whose inbound policy admits
# any peer's tunnel for the inner range 10.0.0.0/24 (a road-warrior setup:
# the template pins neither the tunnel source nor the reqid). alice
# (alice.example, SA reqid 1) talks to bob from 10.0.0.1; mallory
# (mallory.example, its own SA, reqid 2) claims 10.0.0.1 too and sends
# into alice's flow through its own tunnel. The key manager's role is
# played by static SAs and `ipsec-latchctl identity set`, so the peers and
# their identities are exact.
#
# Stock Linux (module not loaded) delivers mallory's datagrams into the
# flow; with bob's latch every one is dropped and counted, and alice's
# flow carries on.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/scenario.sh"	# wait_until, at_least (sets nothing up)
set -u
KEY=0x0102030405060708091011121314151617181920
DIR=/tmp/stealing
rm -rf $DIR
mkdir -p $DIR
ns() { echo "st-$1"; }

ip netns add "$(ns sw)"
ip -n "$(ns sw)" link add br0 type bridge
ip -n "$(ns sw)" link set br0 up
i=1
for h in alice bob mallory; do
	ip netns add "$(ns $h)"
	ip -n "$(ns $h)" link add eth0 type veth peer name "$h" netns "$(ns sw)"
	ip -n "$(ns sw)" link set "$h" master br0 up
	ip -n "$(ns $h)" addr add 192.0.2.$i/24 dev eth0
	ip -n "$(ns $h)" link set eth0 up
	ip -n "$(ns $h)" link set lo up
	ip -n "$(ns $h)" route add 10.0.0.0/24 dev eth0
	i=$((i + 1))
done
# Inner addresses: alice and mallory both claim 10.0.0.1.
ip -n "$(ns alice)" addr add 10.0.0.1/32 dev lo
ip -n "$(ns mallory)" addr add 10.0.0.1/32 dev lo
ip -n "$(ns bob)" addr add 10.0.0.2/32 dev lo

sa() { # sa NS SRC DST SPI REQID: one tunnel-mode ESP SA
	ip -n "$(ns "$1")" xfrm state add src "$2" dst "$3" proto esp spi "$4" \
		reqid "$5" mode tunnel aead 'rfc4106(gcm(aes))' $KEY 128
}
for h in alice bob; do
	sa $h 192.0.2.1 192.0.2.2 0x10 1
	sa $h 192.0.2.2 192.0.2.1 0x11 1
done
for h in mallory bob; do
	sa $h 192.0.2.3 192.0.2.2 0x30 2
done
for h in alice mallory; do
	src=192.0.2.$([ $h = alice ] && echo 1 || echo 3)
	reqid=$([ $h = alice ] && echo 1 || echo 2)
	ip -n "$(ns $h)" xfrm policy add src 10.0.0.1 dst 10.0.0.2 dir out \
		tmpl src $src dst 192.0.2.2 proto esp mode tunnel reqid $reqid
done
ip -n "$(ns alice)" xfrm policy add src 10.0.0.2 dst 10.0.0.1 dir in \
	tmpl src 192.0.2.2 dst 192.0.2.1 proto esp mode tunnel reqid 1
ip -n "$(ns bob)" xfrm policy add src 10.0.0.2 dst 10.0.0.1 dir out \
	tmpl src 192.0.2.2 dst 192.0.2.1 proto esp mode tunnel reqid 1
ip -n "$(ns bob)" xfrm policy add src 10.0.0.0/24 dst 10.0.0.2 dir in \
	tmpl proto esp mode tunnel

# bob's datagram sink: one line per datagram received on 10.0.0.2:9.
ip netns exec "$(ns bob)" socat -u UDP4-RECV:9,bind=10.0.0.2 \
	OPEN:$DIR/received,creat,append &
sink=$!
wait_until 10 ns_listening "$(ns bob)" udp 9

# alice's flow: a connected UDP socket from 10.0.0.1:4242, a line a 0.2 s.
(while :; do echo alice; sleep 0.2; done) |
	ip netns exec "$(ns alice)" socat -u - \
		UDP4:10.0.0.2:9,bind=10.0.0.1:4242 &
flow=$!

steal() { # mallory sends COUNT datagrams as 10.0.0.1:4242 through its SA
	ip netns exec "$(ns mallory)" python3 - "$1" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.0.0.1", 4242))
for _ in range(int(sys.argv[1])):
    s.sendto(b"mallory\n", ("10.0.0.2", 9))
EOF
}
stolen() { grep -c mallory $DIR/received 2>/dev/null; }
from_alice() { grep -c alice $DIR/received 2>/dev/null; }
ctr() { ipsec-latchctl -n "$(ns bob)" -j status | jq ".counters.$1"; }
latched() { ipsec-latchctl -n "$(ns bob)" latch list | grep -Eq "$latch_re"; }

# Negative control: stock Linux lets mallory's datagrams into the flow.
wait_until 10 at_least 1 from_alice	# alice's flow is on
steal 5
wait_until 10 at_least 5 stolen
t_ge "stock Linux: bob's policy admits mallory's datagrams into alice's flow" \
	5 "$(stolen)"

modprobe ipsec_latch
ipsec-latchctl -n "$(ns bob)" identity set peer 192.0.2.1 reqid 1 id alice.example
ipsec-latchctl -n "$(ns bob)" identity set peer 192.0.2.3 reqid 2 id mallory.example
ipsec-latchctl -n "$(ns bob)" template add listener proto udp local 10.0.0.2 lport 9 >/dev/null
latch_re='udp 10.0.0.2:9 -> 10.0.0.1:4242 established .*peer "alice.example" \(ike\) esp tunnel'
wait_until 10 latched
t_match "bob latched alice's flow to alice.example over the tunnel" \
	"$latch_re" "$(ipsec-latchctl -n "$(ns bob)" latch list)"

before=$(stolen)
alice_before=$(from_alice)
steal 20
# Every one of them dealt with (dropped and counted), none left in flight.
wait_until 10 at_least 20 ctr drop_latch_peer_in
t_eq "with the latch: none of mallory's 20 datagrams reaches the flow" \
	"$before" "$(stolen)"
t_ge "…each dropped and counted as arriving under a dissimilar SA" 20 \
	"$(ctr drop_latch_peer_in)"
t_match "…the latch says BROKEN while it happens or ESTABLISHED again after" \
	"udp 10.0.0.2:9 -> 10.0.0.1:4242 (broken|established) " \
	"$(ipsec-latchctl -n "$(ns bob)" latch list)"
wait_until 10 at_least $((alice_before + 5)) from_alice
t_ge "alice's flow keeps working" $((alice_before + 5)) "$(from_alice)"
wait_until 10 latched
t_match "…and its latch is ESTABLISHED (alice's next datagram restored it)" \
	"$latch_re" "$(ipsec-latchctl -n "$(ns bob)" latch list)"
t_ge "…counted as restored" 1 "$(ctr latch_restored)"

# The policy now points elsewhere: bob's way back to 10.0.0.1 is re-pointed
# to a tunnel to mallory. A datagram bob sends into alice's flow would
# leave under mallory's SA: refused at bob, the sender told (EPERM).
sa bob 192.0.2.2 192.0.2.3 0x31 3
ip -n "$(ns bob)" xfrm policy update src 10.0.0.2 dst 10.0.0.1 dir out \
	tmpl src 192.0.2.2 dst 192.0.2.3 proto esp mode tunnel reqid 3
before=$(ctr drop_latch_peer_out)
out=$(ip netns exec "$(ns bob)" python3 - <<'EOF'
import errno, socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
s.bind(("10.0.0.2", 0))
udp = struct.pack("!HHHH", 9, 4242, 9, 0) + b"x"
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                 socket.inet_aton("10.0.0.2"), socket.inet_aton("10.0.0.1"))
try:
    s.sendto(ip + udp, ("10.0.0.1", 0))
    print("sent")
except OSError as e:
    print(errno.errorcode[e.errno])
EOF
)
t_eq "policy re-pointed to another peer: bob's packet into the flow is refused, the sender gets EPERM" \
	EPERM "$out"
t_ge "…counted as leaving under a dissimilar SA" $((before + 1)) \
	"$(ctr drop_latch_peer_out)"
ip -n "$(ns bob)" xfrm policy update src 10.0.0.2 dst 10.0.0.1 dir out \
	tmpl src 192.0.2.2 dst 192.0.2.1 proto esp mode tunnel reqid 1

# Thousands of latches, then rmmod: 3,000 more flows from alice (each
# datagram from its own source port, through alice's SA).
# (source ports 20000-22999: flows 18976.. in rawflows' numbering). All
# from one peer: its share of the table (max_latches_per_peer) raised.
echo 4096 >/sys/module/ipsec_latch/parameters/max_latches_per_peer
ip netns exec "$(ns alice)" rawflows udp 10.0.0.1 10.0.0.2 9 18976 3000
timeout 30 sh -c "until [ \$(ipsec-latchctl -n $(ns bob) -j status | jq .latches) -ge 3001 ]; do sleep 0.5; done"
t_ge "3,000 more flows: 3,001 latches live in bob" 3001 \
	"$(ipsec-latchctl -n "$(ns bob)" -j status | jq .latches)"
kill $flow $sink 2>/dev/null
start=$(date +%s%N)
t_run "rmmod with 3,001 latches live" modprobe -r ipsec_latch
# (seconds under emulation; a slow teardown per latch, e.g. a grace period
# each, would take minutes)
t_ge "…done within 15 s" $(( ($(date +%s%N) - start) / 1000000 )) 15000
for h in alice bob mallory sw; do ip netns delete "$(ns $h)"; done
exit 0
