#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# NFSv4 over IPsec, RFC 5660's worked example, with the kernel's own NFS
# server (nfsd, in bob) and client (alice): both kernel sockets, which no
# library call can reach, so templates latch them. strongSwan trap
# policies between the two; bob latches port 2049 bypass-or-protect.
#  1. bob's IKE is down, alice's template for the server is
#     bypass-or-protect: the mount succeeds in the clear after the fallback
#     time, and its connection stays BYPASS for life, also once bob's IKE
#     is back (its packets still cross in the clear).
#  2. Both ends run IKE, alice's template is protect: the mount's
#     connection is latched PROTECT with bob's IKE identity on alice and
#     alice's on bob, file I/O works, and when alice's policy goes away
#     under the mount, the latch breaks with no cleartext packet of it on
#     the wire.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/scenario.sh"
. "$REPO/tests/lib/nfs.sh"
set -u
FALLBACK=3000

ctl() { local h=$1; shift; ipsec-latchctl -n "$(scn_ns "$h")" "$@"; }
ctr() { ctl "$1" -j status | jq ".counters.$2"; }
# the latch of the mount's connection: alice's (the client), bob's (server)
alice_latch() { ctl alice latch list remote "$1" rport $NFS_PORT 2>&1; }
bob_latch() { ctl bob latch list remote "$1" lport $NFS_PORT 2>&1; }
sums_match() { # the client's file is the server's, read over the wire
	[ "$(nfs_in alice dd if="$(nfs_dir alice)/$1" bs=64k iflag=direct status=none | sha256sum)" = \
	  "$(sha256sum <"$(nfs_export_dir bob)/$1")" ]
}
write_file() { # NAME: 1 MiB written through to the server
	nfs_in alice dd if=/dev/urandom of="$(nfs_dir alice)/$1" bs=64k count=16 \
		oflag=direct status=none
}

nfs_require
modprobe ipsec_latch
scn_two_hosts
# NFS first: the client unmounts while the server still answers.
trap 'rc=$?; nfs_teardown; (exit $rc); scn__on_exit' EXIT
sw_latch_updown
sw_transport_up alice bob
nfs_server_start bob "$ALICE4" "$ALICE6"
t_match "bob's nfsd listens on TCP $NFS_PORT" ":$NFS_PORT" \
	"$(ip netns exec "$(scn_ns bob)" ss -Hltn "sport = :$NFS_PORT")"
ctl bob template add listener proto tcp lport $NFS_PORT \
	action bypass-or-protect >/dev/null

# --- 1. bob has no IKE: clear, for life -----------------------------------
sw_stop bob
wait_until 10 sh -c "[ -z \"\$(ip -n $(scn_ns alice) xfrm state)\" ]"
ctl alice template add connector proto tcp remote "$BOB6" rport $NFS_PORT \
	action bypass-or-protect fallback $FALLBACK >/dev/null
start=$(scn_now_us)
nfs_mount alice "$BOB6"
t_run "no IKE on bob: the mount over IPv6 succeeds" test -e "$(nfs_dir alice).up"
ms=$(scn_elapsed_ms "$start")
t_ge "…after the fallback time (${FALLBACK} ms; ${ms} ms)" "$FALLBACK" "$ms"
# (alice's charon gives up on bob after about 23 s: a mount that took
# that long waited for IKE to fail, not for the fallback)
t_le "…and soon after it, not when IKE gives up" $((FALLBACK + 12000)) "$ms"
out=$(alice_latch "$BOB6")
echo "# alice: $out"
t_match "…its connection is latched BYPASS on alice, for the fallback" \
	'established bypass \((timeout|ike-failed)\) bypass-spd' "$out"
t_match "…and on bob, for its first packet in the clear" \
	'established bypass \(clear-in\) bypass-spd' "$(bob_latch "$ALICE6")"
t_run "file I/O in the clear works (1 MiB written, read back)" write_file clear
t_run "…the server has the same bytes" sums_match clear

sw_start bob
t_run "bob's IKE is back (its trap policy to alice is in)" \
	wait_until 20 sh -c "ip -n $(scn_ns bob) xfrm policy list dst $ALICE6 dir out | grep -q esp"
ip netns exec "$(scn_ns bob)" tcpdump -i eth0 -nn -U -w "$SCRATCH/nfs-clear.pcap" \
	"tcp port $NFS_PORT" >"$SCRATCH/tcpdump.log" 2>&1 &
dump=$!
wait_until 20 grep -q "listening on" "$SCRATCH/tcpdump.log" ||
	t_not_ok "tcpdump on bob started" "$(cat "$SCRATCH/tcpdump.log")"
t_run "bob's IKE is back: file I/O on the mount still works" write_file later
t_run "…the server has the same bytes" sums_match later
kill $dump; wait $dump 2>/dev/null
t_ge "…and still crosses in the clear (TCP $NFS_PORT on the wire)" 10 \
	"$(tcpdump -nn -r "$SCRATCH/nfs-clear.pcap" 2>/dev/null | wc -l)"
t_match "…the latch stays BYPASS on alice" 'established bypass \((timeout|ike-failed)\)' \
	"$(alice_latch "$BOB6")"
t_match "…and on bob" 'established bypass \(clear-in\)' \
	"$(bob_latch "$ALICE6")"
t_eq "…no packet of it was dropped" "0 0" \
	"$(ctr alice drop_latch_clear_out) $(ctr bob drop_latch_clear_in)"
nfs_umount alice
ctl alice template flush

# --- 2. both ends run IKE: PROTECT, then a policy change -----------------
# The IKE_SA first: the mount sends nothing after it is up, and its latch
# names bob's IKE identity only from a packet after alice's updown hook.
sw_initiate alice alice-bob-4
wait_until 20 sh -c "ipsec-latchctl -n $(scn_ns alice) identity list | grep -q bob.example"
ctl alice template add connector proto tcp remote "$BOB4" rport $NFS_PORT >/dev/null
nfs_mount alice "$BOB4"
t_run "both ends run IKE: the mount over IPv4 succeeds" test -e "$(nfs_dir alice).up"
out=$(alice_latch "$BOB4")
echo "# alice: $out"
t_match "…alice latched its connection PROTECT to bob's IKE identity" \
	'established protect \(protected\) peer "bob\.example" \(ike\) esp transport' "$out"
out=$(bob_latch "$ALICE4")
echo "# bob: $out"
t_match "…bob latched it PROTECT to alice's" \
	'established protect \(protected\) peer "alice\.example" \(ike\) esp transport' "$out"
t_run "file I/O under ESP works (1 MiB written, read back)" write_file protected
t_run "…the server has the same bytes" sums_match protected

# The capture sees ESP, then (once the policy is gone) must see no clear
# TCP of the mount.
ip netns exec "$(scn_ns bob)" tcpdump -i eth0 -nn -U -w "$SCRATCH/nfs-broken.pcap" \
	"tcp port $NFS_PORT or esp" >"$SCRATCH/tcpdump2.log" 2>&1 &
dump=$!
wait_until 20 grep -q "listening on" "$SCRATCH/tcpdump2.log" ||
	t_not_ok "tcpdump on bob started" "$(cat "$SCRATCH/tcpdump2.log")"
write_file before-change
before=$(ctr alice drop_latch_clear_out)
sw_unload alice alice-bob-4
sw_swanctl alice --terminate --ike alice-bob-4 --timeout 10 >/dev/null 2>&1
wait_until 10 sh -c "[ -z \"\$(ip -n $(scn_ns alice) xfrm policy list dst $BOB4 dir out)\" ]"
# The client's next calls would leave in the clear: the latch drops them,
# the soft mount fails them in its own time (killed sooner here).
nfs_in alice timeout -s KILL 8 dd if=/dev/zero of="$(nfs_dir alice)/after" \
	bs=4k count=1 oflag=direct status=none 2>/dev/null
wait_until 10 sh -c "ipsec-latchctl -n $(scn_ns alice) latch list remote $BOB4 | grep -q broken"
kill $dump; wait $dump 2>/dev/null
t_ge "the capture saw the mount's ESP before the change" 10 \
	"$(tcpdump -nn -r "$SCRATCH/nfs-broken.pcap" esp 2>/dev/null | wc -l)"
t_eq "policy removed under the mount: zero cleartext packets of it on the wire" \
	0 "$(tcpdump -nn -r "$SCRATCH/nfs-broken.pcap" "tcp port $NFS_PORT" 2>/dev/null | wc -l)"
t_match "…alice's latch is BROKEN" 'broken protect' "$(alice_latch "$BOB4")"
t_ge "…the packets it kept from the wire are counted" $((before + 1)) \
	"$(ctr alice drop_latch_clear_out)"

# The connection back, so that the client can unmount in time (else each
# of its calls waits for the soft timeout).
sw_transport -4 alice bob
nfs_teardown
t_run "rmmod after the NFS server and client are gone" modprobe -r ipsec_latch
exit 0
