#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The harness must be able to fail: a guest that reports a failure, logs a
# kernel WARNING and then hangs must make run.sh count all three and exit
# non-zero, with its logs kept. One short boot; prints TAP-style lines
# ("ok - …"/"not ok - …"), which the suite's run counts (run.sh -x).
#
# usage: selftest.sh [run.sh options, e.g. -k KVER]
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

report=$("$here/run.sh" "$@" -t "${SELFTEST_TIMEOUT:-45}" -o "$out/run" "$here/selftest-job.sh" 2>&1)
rc=$?
fails=0
check() { # check DESCRIPTION REGEX
	if printf '%s\n' "$report" | grep -Eq -- "$2"; then
		echo "ok - harness self-test: $1"
	else
		echo "not ok - harness self-test: $1"
		fails=$((fails + 1))
	fi
}
check "guest results come back" '^ok 1 - selftest: a passing result'
check "a failing result is counted" '^not ok 2 - selftest: a failing result'
check "a hung guest is killed and counted" '^not ok [0-9]+ - guest finished within'
check "a WARNING in the guest kernel log is counted" '^not ok [0-9]+ - guest kernel log free of'
check "the summary line counts them" '^1 passed, 3 failed$'
check "the logs are kept" "logs in $out/run"
if [ $rc -ne 0 ]; then
	echo "ok - harness self-test: run.sh exits non-zero"
else
	echo "not ok - harness self-test: run.sh exits non-zero"
	fails=$((fails + 1))
fi
if [ $fails -ne 0 ]; then
	printf '%s\n' "$report" | sed 's/^/#   /'
	exit 1
fi
