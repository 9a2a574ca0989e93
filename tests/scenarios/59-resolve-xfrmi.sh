#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Route-based VPNs: traffic routed into an xfrm interface waits for its SA
# like any other (hook_xfrmi.c), and resolutions are told apart by the
# interface id. In a, three xfrm interfaces share the same gateways
# (10.9.0.1 -> 10.9.0.2, same reqid); the scripted key manager answers for
# if_id 1 (IPv4 inside) and if_id 3 (IPv6 inside), never for if_id 2.
# Stock Linux loses the first datagram of each and sendto() returns at
# once; here the senders block, the answered ones leave under their SA and
# arrive in b, and if_id 1's SA does not release if_id 2's waiter, which
# fails on its own timeout.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/fakekm.sh"	# wait_until, at_least, fk_wait_*; not fk_setup
set -u
A=xi-a
B=xi-b
KEY=0x0102030405060708091011121314151617181920
DIR=/tmp/xfrmi
DELAY_MS=1500	# the key manager answers this long after the senders start
		# (or once all three are seen waiting, if that is later)
TIMEOUT_MS=20000	# if_id 2 must still wait when checked, after the
			# senders' start-up and the cases before it on a
			# slow guest

in_a() { ip netns exec $A "$@"; }
now_ms() { date +%s%3N; }
elapsed() { sed -n 's/.*elapsed_ms=\([0-9]*\).*/\1/p' <<<"$1"; }
at_ms() { sed -n 's/.*at_ms=\([0-9]*\).*/\1/p' <<<"$1"; }
received() { wc -l 2>/dev/null <$DIR/received || echo 0; }
# pending_ifids: the if_ids of the pending resolutions toward b, sorted
pending_ifids() {
	ipsec-latchctl -n $A -j resolve list | jq -r '[.[] |
		select(.dst == "10.9.0.2" and .state == "pending") | .if_id] |
		sort | map(tostring) | join(" ")'
}
pending_are() { [ "$(pending_ifids)" = "$1" ]; }
pending_has() { [[ " $(pending_ifids) " == *" $1 "* ]]; }

rm -rf $DIR
mkdir -p $DIR
modprobe ipsec_latch resolve_timeout_ms=$TIMEOUT_MS
ip netns add $A
ip netns add $B
ip -n $A link add eth0 type veth peer name eth0 netns $B
ip -n $A addr add 10.9.0.1/24 dev eth0
ip -n $B addr add 10.9.0.2/24 dev eth0
for ns in $A $B; do
	ip -n $ns link set lo up
	ip -n $ns link set eth0 up
done

# xfrm interface $id in NS, its inner prefixes LOCAL -> REMOTE (v4 or v6),
# and the policy for that direction with the interface's if_id.
tunnel() { # tunnel NS ID DIR LOCAL_ADDR REMOTE_NET OUTER_SRC OUTER_DST
	local ns=$1 id=$2 dir=$3 addr=$4 net=$5 osrc=$6 odst=$7 sel
	ip -n "$ns" link show xi"$id" >/dev/null 2>&1 ||
		{ ip -n "$ns" link add xi"$id" type xfrm dev eth0 if_id "$id" &&
		  ip -n "$ns" link set xi"$id" up; }
	ip -n "$ns" addr add "$addr" dev xi"$id" nodad 2>/dev/null ||
		ip -n "$ns" addr add "$addr" dev xi"$id"
	ip -n "$ns" route add "$net" dev xi"$id" src "${addr%/*}"
	case $dir in
	out) sel="src ${addr%/*} dst $net" ;;
	in) sel="src $net dst ${addr%/*}" ;;
	esac
	# shellcheck disable=SC2086
	ip -n "$ns" xfrm policy add $sel dir "$dir" tmpl src "$osrc" \
		dst "$odst" proto esp reqid 5 mode tunnel if_id "$id"
}
tunnel $A 1 out 172.16.1.1/32 172.16.11.0/24 10.9.0.1 10.9.0.2
tunnel $A 2 out 172.16.2.1/32 172.16.12.0/24 10.9.0.1 10.9.0.2
tunnel $A 3 out fd00:3::1/128 fd00:13::/64 10.9.0.1 10.9.0.2
tunnel $B 1 in 172.16.11.2/32 172.16.1.0/24 10.9.0.1 10.9.0.2
tunnel $B 3 in fd00:13::2/128 fd00:3::/64 10.9.0.1 10.9.0.2

# Someone must listen for ACQUIREs, or the kernel sends none.
ip -n $A xfrm monitor acquire >$DIR/acquires.log 2>&1 &
monitor=$!
ip netns exec $B socat -u UDP6-RECVFROM:9,ipv6only=0,fork \
	OPEN:$DIR/received,creat,append &
server=$!
fk_wait_monitor $A
fk_wait_listen $B udp 9

# sa ID SPI: the SA a -> b for interface ID, in both namespaces. It
# carries both inner families (af-unspec selector).
sa() {
	local ns
	for ns in $B $A; do
		ip -n $ns xfrm state add src 10.9.0.1 dst 10.9.0.2 proto esp \
			spi "$2" reqid 5 mode tunnel if_id "$1" flag af-unspec \
			aead 'rfc4106(gcm(aes))' $KEY 128
	done
}

start=$(now_ms)
in_a sockprobe sendto 172.16.11.2 9 >$DIR/if1.out &
p1=$!
in_a sockprobe sendto 172.16.12.2 9 >$DIR/if2.out &
p2=$!
in_a sockprobe sendto fd00:13::2 9 >$DIR/if3.out &
p3=$!
# The senders start in their own time: wait until all three are in sendto().
wait_until 15 pending_are "1 2 3"
list=$(ipsec-latchctl -n $A -j resolve list)
echo "$list" | jq -c '.[]'
t_eq "three pending resolutions for the same gateways, one per if_id" \
	"1 2 3" "$(jq -r '[.[] | select(.dst == "10.9.0.2" and .state == "pending")
		| .if_id] | sort | map(tostring) | join(" ")' <<<"$list")"
t_match "resolve list names the interface id" " if_id 2$" \
	"$(ipsec-latchctl -n $A resolve list | grep ' if_id 2')"

left=$((DELAY_MS - ($(now_ms) - start)))
[ $left -le 0 ] || sleep "$(awk "BEGIN { print $left / 1000 }")"
sa_begin=$(now_ms)
sa 1 0x1001
sa 3 0x1003
sa_done=$(now_ms)
wait $p1 $p3
out1=$(cat $DIR/if1.out)
out3=$(cat $DIR/if3.out)
t_match "if_id 1 (IPv4 inside): blocking sendto() waits and succeeds" \
	"^ok " "$out1"
t_match "if_id 3 (IPv6 inside): blocking sendto() waits and succeeds" \
	"^ok " "$out3"
# When each sendto() returned (wall clock, as now_ms): not before the SAs
# were being installed, and well before its resolution's timeout.
for n in 1 3; do
	at=$(at_ms "$(cat $DIR/if$n.out)")
	if [ "${at:-0}" -ge "$sa_begin" ] &&
	   [ "${at:-0}" -le $((sa_done + 3000)) ]; then
		t_ok "if_id $n: it returned when its SA came (+$((at - sa_begin)) ms after the SA install began)"
	else
		t_not_ok "if_id $n: it returned when its SA came" \
			"returned at ${at:-?}, SAs installed $sa_begin..$sa_done"
	fi
done
wait_until 10 at_least 2 received
t_eq "both datagrams arrived in b through the tunnel" 2 "$(received)"
# sa_packets SPI: packets a's SA has carried
sa_packets() {
	ip -n $A -s xfrm state get src 10.9.0.1 dst 10.9.0.2 proto esp \
		spi "$1" | sed -n 's/.*, *\([0-9]*\)(packets).*/\1/p' | head -1
}
t_eq "…encrypted: a's SA for if_id 1 carried one, for if_id 3 one" "1 1" \
	"$(sa_packets 0x1001) $(sa_packets 0x1003)"

t_eq "if_id 2 still waits: another interface's SA did not release it" \
	pending "$(ipsec-latchctl -n $A -j resolve list |
		jq -r '.[] | select(.if_id == 2) | .state')"
wait $p2
out2=$(cat $DIR/if2.out)
t_match "if_id 2: the sender fails on its own timeout (EHOSTUNREACH)" \
	"^EHOSTUNREACH " "$out2"
t_ge "…after the resolution timeout, not before (ms)" \
	$((TIMEOUT_MS - 300)) "$(elapsed "$out2")"
t_eq "…and its datagram never left in the clear" 2 \
	"$(wc -l <$DIR/received)"

# An SA that ends the wait but whose selector does not cover the flow:
# the released packet meets the interface's own lookup, which still finds
# no usable SA, and is dropped there as stock would; it is not held again
# (which would loop in the key manager's NEWSA), and the sender returns.
tunnel $A 5 out 172.16.5.1/32 172.16.15.0/24 10.9.0.1 10.9.0.2
in_a sockprobe sendto 172.16.15.2 9 >$DIR/if5.out &
p5=$!
# The SA must come while the sender waits, not before it sends.
wait_until 15 pending_has 5
t_run "if_id 5: an SA for another selector installs without hanging" \
	timeout 10 ip -n $A xfrm state add src 10.9.0.1 dst 10.9.0.2 \
	proto esp spi 0x1005 reqid 5 mode tunnel if_id 5 \
	sel src 172.16.5.1/32 dst 172.16.15.99/32 \
	aead 'rfc4106(gcm(aes))' $KEY 128
t_run "…the waiting sender returns" timeout 10 sh -c "while kill -0 $p5 2>/dev/null; do sleep 0.1; done"
t_match "…released (the datagram is the interface's to drop)" "^ok " \
	"$(cat $DIR/if5.out)"
t_eq "…and nothing is held for it" 0 "$(ipsec-latchctl -n $A -j resolve list |
	jq '[.[] | select(.if_id == 5) | .queued_packets] | add // 0')"

# Once the SA exists, packets on the interface are not held.
out=$(in_a sockprobe sendto 172.16.11.2 9)
t_match "with the SA in place, sendto() on the interface returns at once" \
	"^ok elapsed_ms=[0-9]{1,3} " "$out"

# An interface goes away while a packet is held from it ("queue" mode:
# the sender does not wait): the packet is dropped when its resolution
# ends, and nothing points at the interface meanwhile.
tunnel $A 4 out 172.16.4.1/32 172.16.14.0/24 10.9.0.1 10.9.0.2
ipsec-latchctl -n $A resolve set mode queue
out=$(in_a sockprobe sendto 172.16.14.2 9)
t_match "queue mode: sendto() on the interface returns at once" "^ok " "$out"
t_eq "…its datagram is held" 1 "$(ipsec-latchctl -n $A -j resolve list |
	jq -r '.[] | select(.if_id == 4) | .queued_packets')"
gone=$(ipsec-latchctl -n $A -j status | jq .counters.drop_dev_gone)
ip -n $A link del xi4
t_eq "deleting the interface dropped it" 0 "$(ipsec-latchctl -n $A -j resolve list |
	jq '[.[] | select(.if_id == 4) | .queued_packets] | add // 0')"
t_eq "…counted in drop_dev_gone" $((gone + 1)) \
	"$(ipsec-latchctl -n $A -j status | jq .counters.drop_dev_gone)"
kill $monitor $server 2>/dev/null
wait $monitor $server 2>/dev/null
ip netns del $A
ip netns del $B
t_run "modprobe -r ipsec_latch" modprobe -r ipsec_latch
exit 0
