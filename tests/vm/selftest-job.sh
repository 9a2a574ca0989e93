#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/vm/selftest.sh: one passing and one failing result,
# a fake splat in the kernel log, then a hang the host must kill.
echo "ok - selftest: a passing result" >>"$TAP_FILE"
echo "not ok - selftest: a failing result" >>"$TAP_FILE"
echo "WARNING: CPU: 0 PID: 1 at selftest/fake.c:1 harness self-test" >/dev/kmsg
sleep 100000
