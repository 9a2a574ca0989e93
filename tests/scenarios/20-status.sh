#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ipsec-latchctl status: text and JSON, per-netns SA-event counters that
# follow what `ip xfrm` does, reset with permission checks, -n NETNS.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/fakekm.sh"	# wait_until, fk_wait_monitor; not fk_setup
set -u
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$REPO/dkms.conf")
key=0x0102030405060708091011121314151617181920
modprobe ipsec_latch
ip netns add a
ip netns add b

ctr() { # ctr NETNS NAME: one counter from the JSON status
	ipsec-latchctl -n "$1" -j status | jq -r ".counters.$2"
}
sa() { # sa NETNS add|update|delete SPI [ip xfrm state options]
	local ns=$1 op=$2 spi=$3
	shift 3
	case $op in
	delete) ip -n "$ns" xfrm state delete src 192.0.2.1 dst 192.0.2.2 proto esp spi "$spi" ;;
	*) ip -n "$ns" xfrm state "$op" src 192.0.2.1 dst 192.0.2.2 proto esp \
		spi "$spi" mode transport aead 'rfc4106(gcm(aes))' $key 128 "$@" ;;
	esac
}

text=$(ipsec-latchctl -n a status)
t_match "status text names the module and version" "ipsec_latch $version" "$text"
t_match "status text lists counters" "sa_new: 0" "$text"
json=$(ipsec-latchctl -n a -j status)
t_run "status -j is valid JSON" jq -e . <<<"$json"
t_eq "status -j: module version" "$version" "$(jq -r .module.version <<<"$json")"
t_eq "status -j: fresh netns has all-zero counters" 0 \
	"$(jq '[.counters[]] | add' <<<"$json")"

sa a add 0x2001
t_eq "SA add counted as sa_new" 1 "$(ctr a sa_new)"
sa a update 0x2001
t_eq "SA update counted as sa_update" 1 "$(ctr a sa_update)"
sa a delete 0x2001
t_eq "SA delete counted as sa_delete" 1 "$(ctr a sa_delete)"
sa a add 0x2002
ip -n a xfrm state flush
t_eq "SA flush counted as sa_flush" 1 "$(ctr a sa_flush)"
sa a add 0x2003 limit time-hard 1
t_run "hard lifetime expiry counted as sa_expire" \
	timeout 10 sh -c "until [ \"\$(ipsec-latchctl -n a -j status | jq .counters.sa_expire)\" -ge 1 ]; do sleep 0.2; done"
ip -n a xfrm policy add src 192.0.2.1 dst 192.0.2.2 dir out \
	tmpl src 192.0.2.1 dst 192.0.2.2 proto esp mode transport
t_eq "policy add counted as policy_change" 1 "$(ctr a policy_change)"

# An ACQUIRE: a packet matches the policy and no SA exists. The kernel
# only asks key managers when one listens, so `ip xfrm monitor` plays one;
# it must still get the ACQUIRE with our passive observer registered.
ip -n a link add veth0 type veth peer name veth1 netns b
ip -n a addr add 192.0.2.1/24 dev veth0
ip -n a link set veth0 up
ip -n b link set veth1 up
ip -n a xfrm monitor acquire >/tmp/acquire.log 2>&1 &
monitor=$!
fk_wait_monitor a
ip netns exec a ping -c 1 -W 1 192.0.2.2 >/dev/null 2>&1
t_ge "a packet needing a missing SA counted as acquire" 1 "$(ctr a acquire)"
# The monitor writes the ACQUIRE in its own time, maybe after ping is done.
wait_until 5 grep -q "acquire proto esp" /tmp/acquire.log
t_match "the listening key manager still got the ACQUIRE" "acquire proto esp" \
	"$(cat /tmp/acquire.log)"
kill $monitor
t_eq "netns b saw none of netns a's events" 0 \
	"$(ipsec-latchctl -n b -j status | jq '[.counters[]] | add')"

t_run "status reset as root" ipsec-latchctl -n a status reset
t_eq "status reset zeroes this netns's counters" 0 \
	"$(ipsec-latchctl -n a -j status | jq '[.counters[]] | add')"

sa a add 0x2004
err=$(ip netns exec a setpriv --reuid 65534 --regid 65534 --clear-groups \
	ipsec-latchctl status reset 2>&1)
rc=$?
t_eq "status reset without CAP_NET_ADMIN fails (exit 1)" 1 $rc
t_match "…with a message naming the missing capability" "CAP_NET_ADMIN" "$err"
t_eq "…and changes nothing" 1 "$(ctr a sa_new)"
t_run "status is readable without privileges" \
	ip netns exec a setpriv --reuid 65534 --regid 65534 --clear-groups \
	ipsec-latchctl status

out=$(ipsec-latchctl -n nosuchns status 2>&1)
t_eq "-n with an unknown netns exits 1" 1 $?
t_match "…and says which netns" "nosuchns" "$out"
ip netns del a
ip netns del b
exit 0
