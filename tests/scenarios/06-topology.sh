#!/bin/bash
#
# topology-smoke: the scenario topologies themselves, without IPsec (so it
# also runs on kernels without ESP). All three can coexist in one run.
#
# Spec:
#   1. scn_two_hosts + scn_add_mallory + scn_gateways build without conflicts.
#   2. On "lan", alice, bob and mallory reach each other (IPv4 and IPv6).
#   3. hostA reaches hostB through gwA/gwB by plain routing (IPv4 and IPv6).
#   4. With scn_link_hub lan, mallory sees unicast alice -> bob traffic.
#   5. scn_cleanup is idempotent.
#
# Run as root. Exit 0 = pass.

. "$(dirname "$0")/../lib/scenario.sh" || exit 1

scn_two_hosts
scn_add_mallory
scn_gateways
scn_pass "all topologies built"

expect_ping() {
	wait_until 10 ping_probe "$1" "$2" || scn_fail "$1 cannot ping $2"
}
expect_ping alice "$BOB4";       expect_ping alice "$BOB6"
expect_ping bob "$ALICE4";       expect_ping bob "$ALICE6"
expect_ping mallory "$ALICE4";   expect_ping mallory "$BOB6"
scn_pass "lan: alice, bob, mallory reach each other (v4+v6)"

expect_ping hostA "$HOSTB4";     expect_ping hostA "$HOSTB6"
expect_ping hostB "$HOSTA4";     expect_ping hostB "$HOSTA6"
scn_pass "hostA <-> hostB routed through gwA/gwB (v4+v6), no IPsec"

# mallory eavesdrops on the hub
scn_link_hub lan
cap="$SCRATCH/mallory.pcap"
scn_exec mallory tcpdump -n -i eth0 -c 1 -w "$cap" \
	"icmp and src host $ALICE4 and dst host $BOB4" >"$SCRATCH/tcpdump.log" 2>&1 &
tcpdump_pid=$!
wait_until 10 grep -qs 'listening on' "$SCRATCH/tcpdump.log" ||
	scn_fail "tcpdump in mallory did not start: $(cat "$SCRATCH/tcpdump.log")"
expect_ping alice "$BOB4"
tcpdump_done() { ! kill -0 "$tcpdump_pid" 2>/dev/null; }
wait_until 10 tcpdump_done || scn_fail "mallory did not capture alice -> bob traffic on the hub"
wait "$tcpdump_pid" || scn_fail "tcpdump failed: $(cat "$SCRATCH/tcpdump.log")"
scn_pass "mallory sees alice -> bob unicast on a hub link"

scn_cleanup
scn_cleanup
for h in alice bob mallory hostA gwA gwB hostB sw; do
	[ ! -e "/run/netns/$(scn_ns "$h")" ] || { echo "FAIL: netns $(scn_ns "$h") still exists" >&2; exit 1; }
done
scn_pass "topology-smoke (cleanup idempotent)"
