#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SA resolution on a tunnel gateway: hostA -- gwA == gwB -- hostB, an ESP
# tunnel negotiated on demand by strongSwan (trap policies on the
# gateways), the module loaded on gwA. The first packets hostA sends are
# forwarded packets that meet no SA on gwA: held and delivered, not dropped.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/scenario.sh"
set -u

modprobe ipsec_latch
scn_gateways
sw_tunnel gwA gwB "$SITEA_NET4,$SITEA_NET6" "$SITEB_NET4,$SITEB_NET6"
sw_start gwA
sw_start gwB
gwa=$(scn_ns gwA)
t_eq "no SA before traffic" 0 "$(sw_sa_count gwA)"

for fam in 4 6; do
	if [ $fam = 4 ]; then dst=$HOSTB4; else dst=$HOSTB6; fi
	t_run "IPv$fam: hostA's first ping through the on-demand tunnel is answered" \
		ip netns exec "$(scn_ns hostA)" ping -n -c 1 -W 10 "$dst"
done
t_ge "gwA held and released the forwarded packets" 2 \
	"$(ipsec-latchctl -n "$gwa" -j status | jq .counters.pkt_released)"
t_ge "…and its outbound tunnel SA carried them" 1 "$(sw_sa_bytes gwA -s "$GWA4" -d "$GWB4")"
t_eq "no forwarded packet was dropped for want of an SA" 0 \
	"$(ipsec-latchctl -n "$gwa" -j status | jq '.counters.drop_failed + .counters.drop_queue_full')"
exit 0
