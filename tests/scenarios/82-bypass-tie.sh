#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The tie: an outbound IPsec policy of priority 0 (ip xfrm's default),
# older than the BYPASS entries a BYPASS-OR-PROTECT flow gets when it
# falls back, wins over them, so the flow cannot leave clear. The tool
# warns when the template is added. A connect() then fails with
# EHOSTUNREACH, never hangs: here its SYN is refused while the SA is
# pending (no room in the queue), the flow falls back, and the SYN the
# retransmit timer sends (softirq, socket spinlock held) is dropped on
# its way out clear. The connect() is aborted from a work item, as
# tcp_abort() takes the socket lock itself. On the debug kernel, lockdep
# watches it.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/fakekm.sh"
set -u
A=$FK_A
ctr() { ipsec-latchctl -n $A -j status | jq ".counters.$1"; }
elapsed() { sed -n 's/.*elapsed_ms=\([0-9]*\).*/\1/p' <<<"$1"; }

modprobe ipsec_latch max_queue_packets=0
fk_setup
fk_policy 192.0.2.5 5	# priority 0; no SA will come
out=$(ipsec-latchctl -n $A template add connector proto tcp remote 192.0.2.5 \
	rport 80 action bypass-or-protect fallback 1500 2>&1)
echo "# $out"
t_match "template add warns about the tie" \
	'warning: template [0-9]+: outbound policy .* has priority 0' "$out"

out=$(timeout 60 ip netns exec $A sockprobe connect tcp 192.0.2.5 80)
echo "# connect: $out"
t_match "connect() fails with EHOSTUNREACH" "^EHOSTUNREACH " "$out"
ms=$(elapsed "$out")
t_ge "...after a SYN the retransmit timer sent past the fallback (${ms:-?} ms)" \
	1500 "${ms:-0}"
t_ge "...well before TCP would give up (${ms:-?} ms)" "${ms:-99999}" 20000
t_ge "the first SYNs were refused while the SA was pending" 1 \
	"$(ctr drop_queue_full)"
t_ge "the flow fell back" 1 "$(ctr latch_fallback)"
t_ge "its SYN, clear, was re-routed into the policy again and dropped" 1 \
	"$(ctr drop_reroute)"
t_run "the module unloads" modprobe -r ipsec_latch
