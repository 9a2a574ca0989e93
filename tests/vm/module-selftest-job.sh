#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/vm/module-selftest.sh: load the self-test build of
# the module ($SELFTEST_KO) once and report what its self-tests said.
. "$REPO/tests/lib/tap.sh"
set -u
for dep in $(modinfo -F depends "$SELFTEST_KO" | tr , ' '); do
	modprobe "$dep"
done
if insmod "$SELFTEST_KO"; then
	t_ok "the self-test build loads"
	t_run "…and unloads" rmmod ipsec_latch
else
	t_not_ok "the self-test build loads"
fi
t_match "its self-tests pass" "self-tests: [0-9]+ checks passed" \
	"$(dmesg | grep 'ipsec_latch: self-tests' | tail -n 1)"
