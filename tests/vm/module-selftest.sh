#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module's own self-tests (module/selftest/) on stock kernels: a build
# with IPSEC_LATCH_SELFTEST=y, apart from the DKMS one, loaded once in a
# short boot of each kernel (the debug kernel runs them at every load).
# A failed check fails the load. Prints TAP-style lines ("ok - …"), which
# the suite's run counts (run.sh -x).
#
# usage: module-selftest.sh KVER...
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
[ $# -ge 1 ] || { echo "module-selftest.sh: no kernel given" >&2; exit 2; }

fails=0
failed() { # failed DESCRIPTION
	echo "not ok - $1"
	fails=$((fails + 1))
}

for kver in "$@"; do
	dir=$repo/build/selftest/$kver
	# shellcheck disable=SC2046 # a list of files and directories
	if ! { rm -rf "$dir" && mkdir -p "$dir" && (cd "$repo" &&
		cp -a $(make -s --no-print-directory dkms-files) "$dir"); }; then
		failed "module self-tests on $kver: the sources copied to $dir"
		continue
	fi
	if ! make -C "/lib/modules/$kver/build" M="$dir" IPSEC_LATCH_SELFTEST=y \
		modules >"$dir/build.log" 2>&1; then
		failed "module self-tests on $kver: the module builds"
		sed 's/^/#   /' "$dir/build.log" | tail -n 20
		continue
	fi
	report=$("$here/run.sh" -k "$kver" -t 600 -e "SELFTEST_KO=$dir/ipsec_latch.ko" \
		"$here/module-selftest-job.sh" 2>&1)
	# run.sh's numbered lines, named for this kernel
	printf '%s\n' "$report" |
		sed -nE "s/^(not )?ok [0-9]+ - /\1ok - module self-tests on $kver: /p"
	if ! printf '%s\n' "$report" | grep -qE '^(not )?ok [0-9]+ - '; then
		failed "module self-tests on $kver: the VM reports results"
		printf '%s\n' "$report" | tail -n 5 | sed 's/^/#   /'
	elif printf '%s\n' "$report" | grep -q '^not ok'; then
		fails=$((fails + 1))
		printf '%s\n' "$report" | grep '^#'
	fi
done
[ $fails -eq 0 ]
