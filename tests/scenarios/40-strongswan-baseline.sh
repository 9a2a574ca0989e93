#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real strongSwan, module loaded: two hosts with trap (on-demand) transport
# policies, IKEv2 + PSK + AES-GCM. A TCP connection eventually gets through,
# its bytes are counted on ESP SAs, and the module saw the ACQUIRE and the
# SAs charon installed, in the right netns only.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/scenario.sh"
set -u
port=5001

status_sum() { # status_sum HOST COUNTER...: sum of counters in HOST's netns
	local host=$1 expr
	shift
	expr=$(printf '.counters.%s + ' "$@")
	ipsec-latchctl -n "$(scn_ns "$host")" -j status | jq "${expr% + }"
}

modprobe ipsec_latch
scn_two_hosts
sw_transport_up alice bob
t_ge "alice has trap policies for IPv4 and IPv6" 2 "$(sw_policy_count alice out)"
t_eq "no ESP SA before traffic (on demand)" 0 "$(sw_sa_count alice)"

tcp_servers bob $port
for fam in 4 6; do
	if [ $fam = 4 ]; then a=$ALICE4 b=$BOB4; else a=$ALICE6 b=$BOB6; fi
	if wait_until 30 tcp_probe alice "$b" $port; then
		t_ok "IPv$fam: TCP alice -> bob over a trap policy gets through"
	else
		t_not_ok "IPv$fam: TCP alice -> bob over a trap policy gets through" \
			"$(cat "$SCRATCH/last-probe.err")"
		sw_dump_logs
		continue
	fi
	t_ge "IPv$fam: bytes counted on alice's outbound ESP SA" 1 \
		"$(sw_sa_bytes alice -s "$a" -d "$b")"
	t_ge "IPv$fam: bytes counted on bob's inbound ESP SA" 1 \
		"$(sw_sa_bytes bob -s "$a" -d "$b")"
	t_match "IPv$fam: the SA is AES-GCM transport mode" "rfc4106\(gcm\(aes\)\)" \
		"$(sw_sa_table alice | awk -v d="$b" '$2 == d')"
done

t_ge "module saw alice's ACQUIREs (one per family)" 2 "$(status_sum alice acquire)"
t_ge "module saw the 4 SAs charon installed in alice" 4 \
	"$(status_sum alice sa_new sa_update)"
t_ge "module saw charon's trap policies in alice" 2 \
	"$(status_sum alice policy_change)"
t_eq "the initial netns saw none of it" 0 \
	"$(ipsec-latchctl -j status | jq '[.counters[]] | add')"
exit 0
