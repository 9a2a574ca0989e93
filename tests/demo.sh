#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`, inside the VM: load the DKMS-installed module, bring up two
# hosts whose strongSwan daemons hold only trap (on-demand) policies, open a
# TCP connection that makes IKE negotiate, and show what the module saw.
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

say "alice opens TCP connections to bob (IPv4, then IPv6): the first packets trigger IKE"
tcp_server bob "$BOB4" 5001
tcp_server bob "$BOB6" 5001
for dst in "$BOB4" "$BOB6"; do
	t0=$(scn__now_us)
	if wait_until 30 tcp_probe alice "$dst" 5001; then
		echo "connected to $dst after $(scn_elapsed_ms "$t0") ms (stock kernel: the first SYN is lost while IKE runs)"
	else
		echo "no connection to $dst: $(cat "$SCRATCH/last-probe.err")"
	fi
done

say "strongSwan negotiated the CHILD_SAs on demand"
show sw_swanctl alice --list-sas
say "ESP SAs carry the traffic (ip -s xfrm state, abridged)"
echo "\$ ip -n $alice -s xfrm state list"
ip -n "$alice" -s xfrm state list |
	grep -E '^src|proto esp|aead|\(bytes\), '

say "What ipsec_latch observed in alice's netns"
show ipsec-latchctl -n "$alice" status
say "…and as JSON"
show ipsec-latchctl -n "$alice" -j status
echo
say "Kernel log lines from sa_event_log=1"
dmesg | grep 'ipsec_latch:' | tail -n 8
say "Unloading the module"
scn_cleanup
show modprobe -r ipsec_latch
echo "demo finished"
