#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`, inside the VM: load the DKMS-installed module, bring up two
# hosts whose strongSwan daemons hold only trap (on-demand) policies, open a
# TCP connection that makes IKE negotiate while its SYN waits for the SA,
# show a destination that never answers failing fast, and what the module
# saw.
set -u
. "$REPO/tests/lib/scenario.sh"
export PATH=$REPO/tools/ipsec-latchctl:$PATH
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }

say "Kernel $(uname -r) under QEMU; loading the module installed by DKMS"
show modprobe ipsec_latch sa_event_log=1
show ipsec-latchctl version

say "Two hosts, alice and bob, each with its own strongSwan charon (IKEv2, PSK, AES-GCM)"
scn_two_hosts
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
say "Kernel log lines from sa_event_log=1"
dmesg | grep 'ipsec_latch:' | tail -n 8
say "Unloading the module"
scn_cleanup
show modprobe -r ipsec_latch
echo "demo finished"
