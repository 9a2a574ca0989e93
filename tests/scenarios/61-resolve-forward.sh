#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Forwarded packets on a gateway wait for their tunnel SA after FORWARD
# (hook_lookup.c gives them their output device's hold route), against a
# scripted key manager:
#
#   h (10.61.1.2) -- eth0 [g, the module] eth1 -- p (site 10.61.3.0/24)
#
# g's policy sends h's traffic to p's sites through an ESP tunnel g -> p.
# Filter rules on g's FORWARD chain see a held packet with its real output
# device (not "lo"); the packet is delivered when the SA comes, with the
# kernel's larval_drop on (the default) and off; an IPv6 packet that
# leaves by the interface it came in on is held too; a held packet whose
# input interface is deleted is dropped and counted.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/fakekm.sh"	# wait_until, at_least, fk_wait_*; not fk_setup
set -u
H=fw-h
G=fw-g
P=fw-p
KEY=0x0102030405060708091011121314151617181920
DIR=/tmp/forward

ctr() { ipsec-latchctl -n $G -j status | jq ".counters.$1"; }
queued() { # queued REQID: packets held for that resolution
	ipsec-latchctl -n $G -j resolve list |
		jq "[.[] | select(.reqid == $1) | .queued_packets] | add // 0"
}
nft_count() { # nft_count NAME: packets the named FORWARD counter saw
	ip netns exec $G nft -j list counter inet fw "$1" |
		jq '.nftables[] | select(.counter) | .counter.packets'
}
received() { wc -l 2>/dev/null <$DIR/received || echo 0; }
send() { ip netns exec $H sockprobe sendto "$1" 9; }
sa() { # sa SPI REQID: the tunnel SA g -> p, in both
	local ns
	for ns in $P $G; do
		ip -n $ns xfrm state add src 10.61.2.1 dst 10.61.2.2 proto esp \
			spi "$1" reqid "$2" mode tunnel flag af-unspec \
			aead 'rfc4106(gcm(aes))' $KEY 128
	done
}
site() { # site N REQID: p's site N behind the tunnel, v4 and v6 inside
	local n=$1 reqid=$2 sel
	ip -n $P addr add 10.61.$n.1/32 dev lo
	ip -n $P addr add fd61:$n::1/128 dev lo
	ip -n $G route add 10.61.$n.0/24 via 10.61.2.2
	ip -n $G -6 route add fd61:$n::/64 via fd61:2::2
	for sel in "10.61.1.0/24 10.61.$n.0/24" "fd61:1::/64 fd61:$n::/64"; do
		set -- $sel
		ip -n $G xfrm policy add src "$1" dst "$2" dir out \
			tmpl src 10.61.2.1 dst 10.61.2.2 proto esp reqid "$reqid" \
			mode tunnel
		ip -n $P xfrm policy add src "$1" dst "$2" dir in \
			tmpl src 10.61.2.1 dst 10.61.2.2 proto esp reqid "$reqid" \
			mode tunnel
	done
}

rm -rf $DIR
mkdir -p $DIR
modprobe ipsec_latch resolve_timeout_ms=20000
for ns in $H $G $P; do
	ip netns add $ns
	ip -n $ns link set lo up
done
ip -n $H link add eth0 type veth peer name eth0 netns $G
ip -n $G link add eth1 type veth peer name eth1 netns $P
ip -n $H addr add 10.61.1.2/24 dev eth0
ip -n $H addr add fd61:1::2/64 dev eth0 nodad
ip -n $G addr add 10.61.1.1/24 dev eth0
ip -n $G addr add fd61:1::1/64 dev eth0 nodad
ip -n $G addr add 10.61.2.1/24 dev eth1
ip -n $G addr add fd61:2::1/64 dev eth1 nodad
ip -n $P addr add 10.61.2.2/24 dev eth1
ip -n $P addr add fd61:2::2/64 dev eth1 nodad
for l in "$H eth0" "$G eth0" "$G eth1" "$P eth1"; do
	set -- $l
	ip -n "$1" link set "$2" up
done
ip -n $H route add default via 10.61.1.1
ip -n $H -6 route add default via fd61:1::1
ip -n $P route add 10.61.1.0/24 via 10.61.2.1
ip -n $P -6 route add fd61:1::/64 via fd61:2::1
ip netns exec $G sysctl -qw net.ipv4.ip_forward=1
ip netns exec $G sysctl -qw net.ipv6.conf.all.forwarding=1
site 3 61
site 5 63
site 4 62
ip netns exec $G nft -f - <<'EOF'
table inet fw {
	counter to_eth1 { }
	counter to_lo { }
	chain forward {
		type filter hook forward priority 0;
		oifname "eth1" counter name to_eth1
		oifname "lo" counter name to_lo
	}
}
EOF
# Someone must listen for ACQUIREs, or the kernel sends none.
ip -n $G xfrm monitor acquire >$DIR/acquires.log 2>&1 &
monitor=$!
ip netns exec $P socat -u UDP6-RECVFROM:9,ipv6only=0,fork \
	OPEN:$DIR/received,creat,append &
server=$!
fk_wait_monitor $G
fk_wait_listen $P udp 9

# larval_drop = 1 (the default): held, seen by FORWARD rules on eth1.
t_match "h's datagram to site 3 (IPv4) is sent" "^ok " "$(send 10.61.3.1)"
t_match "…and to site 3 (IPv6)" "^ok " "$(send fd61:3::1)"
# h's sendto() returns before g has the packets: wait, then the exact count.
wait_until 10 at_least 2 queued 61
t_eq "g holds both forwarded packets for the tunnel SA" 2 "$(queued 61)"
t_eq "FORWARD rules saw them leave by eth1" 2 "$(nft_count to_eth1)"
t_eq "…not by lo" 0 "$(nft_count to_lo)"
t_eq "nothing reached p yet" 0 "$(received)"
sa 0x6101 61
wait_until 10 at_least 2 received
t_eq "the SA released them: both arrived at p" 2 "$(received)"
t_eq "…and nothing waits any more" 0 "$(queued 61)"

# larval_drop = 0: the kernel's queue route; held by the module all the same.
ip netns exec $G sysctl -qw net.core.xfrm_larval_drop=0
before=$(ctr pkt_queued)
t_match "larval_drop=0: h's datagram to site 5 is sent" "^ok " \
	"$(send 10.61.5.1)"
wait_until 10 at_least 1 queued 63
t_eq "larval_drop=0: g holds it in the module's queue" 1 "$(queued 63)"
t_eq "…counted as queued" $((before + 1)) "$(ctr pkt_queued)"
sa 0x6301 63
wait_until 10 at_least 3 received
t_eq "larval_drop=0: the SA released it at once" 3 "$(received)"
ip netns exec $G sysctl -qw net.core.xfrm_larval_drop=1

# One-armed IPv6: p sends to a site that g routes back out of eth1, the
# interface the packet came in on (ip6_forward() then computes a redirect:
# the hold route's gateway makes ndisc send none). Held all the same.
ip -n $G -6 route add fd61:7::/64 via fd61:2::3
ip -n $P -6 route add fd61:7::/64 via fd61:2::1
ip -n $G xfrm policy add src fd61:2::/64 dst fd61:7::/64 dir out \
	tmpl src 10.61.2.1 dst 10.61.2.2 proto esp reqid 64 mode tunnel
released=$(ctr pkt_released)
t_match "one-armed IPv6: p's datagram back out of g's eth1 is sent" "^ok " \
	"$(ip netns exec $P sockprobe sendto fd61:7::1 9)"
wait_until 10 at_least 1 queued 64
t_eq "one-armed IPv6: g holds it" 1 "$(queued 64)"
sa 0x6401 64
wait_until 10 at_least $((released + 1)) ctr pkt_released
t_eq "one-armed IPv6: the SA released it" "0 $((released + 1))" \
	"$(queued 64) $(ctr pkt_released)"

# The input interface is deleted while a packet waits: dropped, counted.
t_match "h's datagram to site 4 (no SA coming) is sent" "^ok " \
	"$(send 10.61.4.1)"
wait_until 10 at_least 1 queued 62
t_eq "g holds it" 1 "$(queued 62)"
gone=$(ctr drop_dev_gone)
ip -n $G link del eth0
t_eq "deleting its input interface dropped it" 0 "$(queued 62)"
t_eq "…counted in drop_dev_gone" $((gone + 1)) "$(ctr drop_dev_gone)"

kill $monitor $server 2>/dev/null
wait $monitor $server 2>/dev/null
for ns in $H $G $P; do
	ip netns del $ns
done
t_run "modprobe -r ipsec_latch" modprobe -r ipsec_latch
exit 0
