#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Netlink fuzzing: 100,000 random requests (seeded: NLFUZZ_SEED, default
# 1) to the ipsec_latch family, 80,000 from root and 20,000 from an
# unprivileged user, in chunks of 1,000. Every request must get its answer;
# between chunks the module's state (mode, transparent mode, templates,
# identities) may only have changed if a state-changing request of the
# chunk succeeded; none from the unprivileged user may. The harness fails
# the run on any kernel splat.
. "$REPO/tests/lib/tap.sh"
set -u
SEED=${NLFUZZ_SEED:-1}
CHUNK=1000

state() {
	{
		ipsec-latchctl -j status | jq -c '{mode, transparent}'
		ipsec-latchctl -j template list
		ipsec-latchctl -j identity list
	} 2>&1
}

modprobe ipsec_latch
ipsec-latchctl template add listener proto tcp lport 2049 \
	action bypass-or-protect >/dev/null
ipsec-latchctl identity set peer 192.0.2.9 reqid 7 id before.example >/dev/null

run() { # run NAME CHUNKS [--unpriv]: fuzz, check answers and state
	local name=$1 chunks=$2 opt=${3:-} c out before after sent=0 \
		unexplained=0 failed=0 admin=0 errs=0
	before=$(state)
	for ((c = 0; c < chunks; c++)); do
		if ! out=$(nlfuzz $opt $((SEED * 1000 + c)) $CHUNK); then
			failed=$((failed + 1))
			echo "# chunk $c: $out"
		fi
		sent=$((sent + $(sed -n 's/.*sent=\([0-9]*\).*/\1/p' <<<"$out")))
		errs=$((errs + $(sed -n 's/.*errors=\([0-9]*\).*/\1/p' <<<"$out")))
		a=$(sed -n 's/.*admin_ok=\([0-9]*\).*/\1/p' <<<"$out")
		admin=$((admin + ${a:-0}))
		after=$(state)
		if [ "${a:-0}" = 0 ] && [ "$after" != "$before" ]; then
			unexplained=$((unexplained + 1))
			echo "# chunk $c changed the state without a successful request:"
			diff <(echo "$before") <(echo "$after") | head -5 | sed 's/^/#   /'
		fi
		before=$after
	done
	echo "# $name: $sent requests, $errs answered with an error, $admin state-changing ones succeeded"
	t_eq "$name: every chunk ran, every request answered" 0 "$failed"
	t_ge "$name: …$((chunks * CHUNK)) requests sent" $((chunks * CHUNK)) "$sent"
	t_eq "$name: the state changed only where a request succeeded" 0 \
		"$unexplained"
	[ -z "$opt" ] || t_eq "$name: no state-changing request succeeded" 0 "$admin"
}

start=$(state)
run unprivileged 20 --unpriv
t_eq "unprivileged: the state is exactly as before" "$start" "$(state)"
run root 80
t_run "the module still answers" ipsec-latchctl status
t_run "rmmod after the fuzzing" modprobe -r ipsec_latch
exit 0
