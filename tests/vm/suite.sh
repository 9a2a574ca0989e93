#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM test suite (runs inside the guest): every tests/scenarios/NN-*.sh
# in order, each in its own process with a time limit, its output kept in
# the results share. A scenario that dies early still counts as a failure.
#
# usage (from the host): tests/vm/run.sh tests/vm/suite.sh [REGEX]
# (REGEX picks scenarios by name, e.g. '^(30|50)-')
set -u
pattern=${1:-}
logs=/run/results/logs
mkdir -p "$logs"
export PATH=$REPO/tools/ipsec-latchctl:$REPO/tests/tools:$PATH

for test in "$REPO"/tests/scenarios/[0-9]*.sh; do
	name=$(basename "$test" .sh)
	[[ $name =~ $pattern ]] || continue
	before=$(wc -l <"$TAP_FILE")
	echo "=== $name" >/dev/kmsg
	# A scenario's own limit ("# scenario-timeout: S", default 300 s),
	# scaled on slow kernels (IPSEC_LATCH_SLOW: the debug kernel).
	limit=$(sed -n 's/^# scenario-timeout: \([0-9]*\)$/\1/p' "$test")
	limit=${SCENARIO_TIMEOUT:-$(( ${limit:-300} * ${IPSEC_LATCH_SLOW:-1} ))}
	timeout -k 10 "$limit" bash "$test" >"$logs/$name.log" 2>&1
	rc=$?
	after=$(wc -l <"$TAP_FILE")
	if [ $rc -ne 0 ] || [ "$after" -eq "$before" ]; then
		echo "not ok - $name: scenario ran to the end (exit $rc, $((after - before)) results; see logs/$name.log)" >>"$TAP_FILE"
	fi
	# A misspelt helper is no test: bash reports it and goes on.
	if grep -q ': command not found$' "$logs/$name.log"; then
		echo "not ok - $name: every command it runs exists ($(grep -m1 ': command not found$' "$logs/$name.log"))" >>"$TAP_FILE"
	fi
	# Leave the next scenario a clean kernel: no module, no namespaces.
	modprobe -r ipsec_latch 2>/dev/null
	ip -all netns delete 2>/dev/null
done
# The debug kernel: whatever the module allocated must be gone.
[ -e /sys/kernel/debug/kmemleak ] && bash "$REPO/tests/debug/kmemleak-check.sh" suite
exit 0
