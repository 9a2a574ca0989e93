#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`, inside the VM: load the DKMS-installed module, bring up two
# hosts whose strongSwan daemons hold only trap (on-demand) policies, open a
# TCP connection that makes IKE negotiate while its SYN waits for the SA,
# show a destination that never answers failing fast, and what the module
# saw; then connection latching: flows bound to the peer's IKE identity, and
# a policy removed under a live flow without one cleartext packet leaking;
# then an application asking for itself (libipsec-latch); NFSv4 with the
# kernel's server and client, latched to each side's IKE identity, and a
# policy removed under the mount; then BYPASS-OR-PROTECT: a client falls
# back to the clear when the server has no IKE daemon, and the flow stays
# clear when the server's IKE is back.
set -u
. "$REPO/tests/lib/scenario.sh"
. "$REPO/tests/lib/nfs.sh"
export PATH=$REPO/tools/ipsec-latchctl:$PATH
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }

say "Kernel $(uname -r) under QEMU; loading the module installed by DKMS"
show modprobe ipsec_latch sa_event_log=1
show ipsec-latchctl version

say "Two hosts, alice and bob, each with its own strongSwan charon (IKEv2, PSK, AES-GCM)"
scn_two_hosts
sw_latch_updown		# tells ipsec_latch each CHILD_SA's IKE identity
sw_transport alice bob
sw_start alice
sw_start bob
alice=$(scn_ns alice)
show ip -n "$alice" xfrm policy list dir out
say "Trap policies only: no SA exists yet"
show ip -n "$alice" xfrm state list

say "alice connects to bob (IPv4, then IPv6): the SYN triggers IKE and waits for the SA"
tcp_server bob "$BOB4" 5001
tcp_server bob "$BOB6" 5001
retrans() { ip netns exec "$alice" nstat -az TcpRetransSegs | awk '/TcpRetrans/ { print $2 }'; }
for dst in "$BOB4" "$BOB6"; do
	before=$(retrans)
	echo "\$ sockprobe connect tcp $dst 5001"
	ip netns exec "$alice" "$REPO/tests/tools/sockprobe" connect tcp "$dst" 5001
	echo "SYN retransmissions: $(( $(retrans) - before )) (stock Linux drops the first SYN and retries after 1 s)"
done

say "strongSwan negotiated the CHILD_SAs on demand"
show sw_swanctl alice --list-sas
say "ESP SAs carry the traffic (ip -s xfrm state, abridged)"
echo "\$ ip -n $alice -s xfrm state list"
ip -n "$alice" -s xfrm state list |
	grep -E '^src|proto esp|aead|\(bytes\), '

say "What ipsec_latch saw and did in alice's netns"
show ipsec-latchctl -n "$alice" status
say "…and as JSON"
show ipsec-latchctl -n "$alice" -j status
echo
say "A destination whose IKE never answers fails fast (resolve_timeout_ms, here 3 s)"
echo 3000 >/sys/module/ipsec_latch/parameters/resolve_timeout_ms
ip -n "$alice" xfrm policy add src "$ALICE4" dst 192.0.2.99 dir out \
	tmpl proto esp reqid 99 mode transport
echo "\$ sockprobe connect tcp 192.0.2.99 80"
ip netns exec "$alice" "$REPO/tests/tools/sockprobe" connect tcp 192.0.2.99 80
echo "(stock Linux: the connect() retries SYNs for about two minutes)"
show ipsec-latchctl -n "$alice" resolve list
say "Connection latching: bob latches every TCP connection to port 5001, alice every protected flow"
bob=$(scn_ns bob)
show ipsec-latchctl -n "$bob" template add listener proto tcp lport 5001
show ipsec-latchctl -n "$alice" latch transparent on
(while :; do echo hello; sleep 0.2; done) |
	ip netns exec "$alice" socat - "TCP:$BOB4:5001" >/dev/null 2>&1 &
flow=$!
wait_until 15 sh -c "ipsec-latchctl -n $bob latch list | grep -q '(ike)'"
show ipsec-latchctl -n "$bob" latch list
show ipsec-latchctl -n "$alice" latch list
aport=$(ipsec-latchctl -n "$alice" latch list remote "$BOB4" |
	sed -n 's/^tcp [0-9.]*:\([0-9]*\) .*/\1/p')
say "Who is alice really talking to on that connection?"
show ipsec-latchctl -n "$alice" who tcp "$ALICE4:$aport" "$BOB4:5001"

say "An application asks for itself, unprivileged (libipsec-latch): protect my connection, who is it with, does it meet my policy?"
show ipsec-latchctl -n "$alice" latch requests on
echo "\$ ipsec-latch-whoami -r protect -p 'esp aead min-key-bits=128 peer=bob.*' $BOB4 5001   # as user nobody"
ip netns exec "$alice" setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$REPO/examples/ipsec-latch-whoami" -r protect -w 10000 \
	-p 'esp aead min-key-bits=128 peer=bob.*' "$BOB4" 5001

say "alice's IPsec connection is unloaded under the live flow: it would now leave in the clear"
ip netns exec "$bob" tcpdump -i eth0 -nn -U -w /tmp/demo-clear.pcap \
	"tcp port 5001" >/dev/null 2>&1 &
dump=$!
ipsec-latchctl -n "$alice" monitor >/tmp/demo-monitor.txt 2>&1 &
mon=$!
sleep 1
show sw_unload alice alice-bob-4
sw_swanctl alice --terminate --ike alice-bob-4 --timeout 10 >/dev/null 2>&1
sleep 3
kill $dump $mon 2>/dev/null
wait $dump 2>/dev/null
show ipsec-latchctl -n "$alice" latch list remote "$BOB4"
echo "cleartext packets of the flow seen on bob's link: $(tcpdump -nn -r /tmp/demo-clear.pcap 2>/dev/null | wc -l)"
echo "(stock Linux: the flow carries on in the clear)"
echo "\$ ipsec-latchctl -n $alice monitor   # while it happened"
head -n 3 /tmp/demo-monitor.txt
kill $flow 2>/dev/null
show ipsec-latchctl -n "$alice" latch stats

why=$(nfs_missing)
if [ -n "$why" ]; then
	say "NFSv4 over IPsec: skipped, $why"
else
	say "NFSv4 over IPsec: bob's kernel NFS server, alice's kernel NFS client; bob latches port 2049, alice the server"
	sw_transport -4 alice bob	# alice-bob-4 back (rewritten, reloaded)
	sw_initiate alice alice-bob-4
	wait_until 20 sh -c "ipsec-latchctl -n $alice identity list | grep -q bob.example"
	nfs_prepare
	nfs_server_start bob "$ALICE4"
	show ipsec-latchctl -n "$bob" template add listener proto tcp lport 2049
	show ipsec-latchctl -n "$alice" template add connector proto tcp remote "$BOB4" rport 2049
	echo "\$ mount -t nfs4 -o vers=4.2,clientaddr=$ALICE4,soft $BOB4:/ /mnt    # in alice"
	nfs_mount alice "$BOB4" && echo "mounted"
	nfs_in alice dd if=/dev/urandom of="$(nfs_dir alice)/data" bs=64k count=16 \
		oflag=direct status=none && echo "1 MiB written to the server, under ESP"
	show ipsec-latchctl -n "$alice" latch list rport 2049
	show ipsec-latchctl -n "$bob" latch list lport 2049
	say "alice's IPsec connection is unloaded under the mount"
	ip netns exec "$bob" tcpdump -i eth0 -nn -U -w /tmp/demo-nfs.pcap \
		"tcp port 2049" >/tmp/demo-nfs.log 2>&1 &
	dump=$!
	wait_until 20 grep -q "listening on" /tmp/demo-nfs.log
	sw_unload alice alice-bob-4
	sw_swanctl alice --terminate --ike alice-bob-4 --timeout 10 >/dev/null 2>&1
	nfs_in alice timeout -s KILL 8 dd if=/dev/zero of="$(nfs_dir alice)/more" \
		bs=4k count=1 oflag=direct status=none 2>/dev/null
	kill $dump; wait $dump 2>/dev/null
	show ipsec-latchctl -n "$alice" latch list rport 2049
	echo "cleartext NFS packets seen on bob's link: $(tcpdump -nn -r /tmp/demo-nfs.pcap 2>/dev/null | wc -l)"
	sw_transport -4 alice bob	# back, so that the client unmounts in time
	nfs_teardown
	ipsec-latchctl -n "$alice" template flush
	ipsec-latchctl -n "$bob" template flush
fi

say "BYPASS-OR-PROTECT, an NFS-like service on port 2049: bob's IKE daemon stops; alice tries IPsec for 2 s, then goes clear"
tcp_server bob "$BOB6" 2049
sw_stop bob
show ipsec-latchctl -n "$bob" template add listener proto tcp lport 2049 action bypass-or-protect
show ipsec-latchctl -n "$alice" template add connector proto tcp remote "$BOB6" rport 2049 action bypass-or-protect fallback 2000
echo "\$ sockprobe connect tcp $BOB6 2049"
ip netns exec "$alice" "$REPO/tests/tools/sockprobe" connect tcp "$BOB6" 2049
(while :; do echo nfs; sleep 0.5; done) |
	ip netns exec "$alice" socat - "TCP:[$BOB6]:2049" >/dev/null 2>&1 &
nfs=$!
sleep 4
show ipsec-latchctl -n "$alice" latch list rport 2049 state established
show ipsec-latchctl -n "$bob" latch list lport 2049 state established
say "The flow's own BYPASS entries in the SPD (priority 0, both directions)"
show ip -n "$alice" xfrm policy list proto tcp
say "bob's IKE daemon is back and the SA comes up: the old flow stays clear, a new one is protected"
sw_start bob
sw_initiate alice alice-bob-6
ip netns exec "$alice" "$REPO/tests/tools/sockprobe" connect tcp "$BOB6" 2049 >/dev/null
(echo new; sleep 3) | ip netns exec "$alice" socat - "TCP:[$BOB6]:2049" >/dev/null 2>&1 &
sleep 2
show ipsec-latchctl -n "$alice" latch list rport 2049 state established
show ipsec-latchctl -n "$alice" template list
kill $nfs 2>/dev/null

say "Kernel log lines from sa_event_log=1"
dmesg | grep 'ipsec_latch:' | tail -n 8
say "Unloading the module"
scn_cleanup
show modprobe -r ipsec_latch
echo "demo finished"
