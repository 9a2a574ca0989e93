#!/bin/bash
#
# tunnel-baseline: site-to-site tunnel-mode trap policy between two gateways,
# for IPv4 and IPv6 inner traffic (IKE and ESP over the IPv4 WAN), without
# ipsec-latch involvement.
#
#   hostA 198.51.100.10  -- gwA 203.0.113.1 == wan == gwB 203.0.113.2 -- hostB 198.51.100.138
#         2001:db8:a::10                                                     2001:db8:b::10
#
# Spec:
#   1. Before traffic: trap policies on both gateways, no ESP SA.
#   2. hostA can ping hostB (IPv4) within 20 s; the gateways then have a
#      tunnel-mode ESP SA between their WAN addresses carrying bytes.
#   3. A TCP connection hostA -> hostB works (IPv4 and IPv6).
#   4. The IPv6 inner traffic uses its own CHILD_SA (gwA-gwB-6).
#   5. The hosts themselves have no xfrm state (the tunnel is the gateways').
#
# Run as root. Exit 0 = pass.

. "$(dirname "$0")/../lib/scenario.sh" || exit 1

TIMEOUT=20
PORT=5002

scn_gateways
sw_tunnel gwA gwB "$SITEA_NET4,$SITEA_NET6" "$SITEB_NET4,$SITEB_NET6"
sw_start gwA
sw_start gwB

for h in gwA gwB; do
	[ "$(sw_policy_count "$h" out)" -ge 2 ] || scn_fail "$h: expected trap policies for both inner families"
	[ "$(sw_sa_count "$h")" -eq 0 ] || scn_fail "$h: ESP SA exists before any traffic"
done
scn_pass "trap policies on gwA/gwB, no SA before traffic"

t0=$(scn_now_us)
wait_until "$TIMEOUT" ping_probe hostA "$HOSTB4" ||
	scn_fail "IPv4: hostA cannot ping hostB through the tunnel within ${TIMEOUT}s"
scn_log "IPv4: ping hostA -> hostB ok after $(scn_elapsed_ms "$t0") ms (includes IKE)"
sw_child_installed gwA gwA-gwB-4 || scn_fail "CHILD_SA gwA-gwB-4 not INSTALLED on gwA"
[ "$(sw_sa_count gwA -s "$GWA4" -d "$GWB4" -m tunnel)" -ge 1 ] ||
	scn_fail "no tunnel-mode ESP SA gwA -> gwB"
bytes=$(sw_sa_bytes gwA -s "$GWA4" -d "$GWB4") || scn_fail "cannot read SA counters on gwA"
[ "$bytes" -gt 0 ] || scn_fail "0 bytes on gwA's outbound tunnel SA"
scn_pass "IPv4 ping through the tunnel ($bytes B on gwA's outbound SA)"

tcp_server hostB "$HOSTB4" "$PORT"
tcp_server hostB "$HOSTB6" "$PORT"
wait_until "$TIMEOUT" tcp_probe hostA "$HOSTB4" "$PORT" ||
	scn_fail "IPv4: no TCP hostA -> hostB within ${TIMEOUT}s"
scn_pass "IPv4 TCP hostA -> hostB"

t0=$(scn_now_us)
wait_until "$TIMEOUT" tcp_probe hostA "$HOSTB6" "$PORT" ||
	scn_fail "IPv6: no TCP hostA -> hostB within ${TIMEOUT}s"
scn_log "IPv6: TCP hostA -> hostB ok after $(scn_elapsed_ms "$t0") ms (CHILD_SA on the existing IKE_SA)"
sw_child_installed gwA gwA-gwB-6 || scn_fail "CHILD_SA gwA-gwB-6 not INSTALLED on gwA"
wait_until 5 ping_probe hostA "$HOSTB6" || scn_fail "IPv6: hostA cannot ping hostB"
scn_pass "IPv6 TCP + ping hostA -> hostB"

for h in hostA hostB; do
	[ "$(sw_sa_count "$h")" -eq 0 ] || scn_fail "$h has ESP SAs, expected none"
done
scn_pass "tunnel-baseline"
