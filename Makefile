# SPDX-License-Identifier: GPL-2.0
#
# ipsec-latch: kernel module (Kbuild), control tool, DKMS, tests.
#
#   make                 build ipsec_latch.ko for KVER and ipsec-latchctl
#   make demo            boot the stock kernel in QEMU and show it working
#   make check           every test: unit tests, then the VM suite on the
#                        newest installed 6.1 and 6.12 kernels
#   make soak            200 load/unload cycles under traffic (scenario 98)
#   make check-kernels   every kernel of the support matrix: DKMS build via
#                        apt, load, a smoke set in the VM; a row per kernel
#   make check-debug     the VM suite on a debug kernel (KASAN, lockdep,
#                        kmemleak, UBSAN...) built once from linux-source-6.1
#   make install         install ipsec-latchctl and its man page
#   make dkms-install    install the module through DKMS for DKMS_KVERS
#                        (default: KVER)
#   make bench           figures: SA-insertion-to-caller latency vs stock
#
# KVER defaults to the newest kernel with both headers and image installed
# (scripts/kver.sh), not `uname -r`: the VM boots that kernel, and the
# machine that builds need not run it. Override: make KVER=6.1.0-28-amd64

KVER ?= $(shell scripts/kver.sh)
KDIR ?= /lib/modules/$(KVER)/build
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
PREFIX ?= /usr/local
DKMS_NAME := ipsec-latch
DKMS_SRC := $(DESTDIR)/usr/src/$(DKMS_NAME)-$(VERSION)
# What DKMS needs to build the module, and nothing else.
DKMS_FILES := dkms.conf Kbuild LICENSE module include

.PHONY: all module tool test-tools deps install uninstall dkms-files dkms-install \
	dkms-uninstall unit lint check check-run vm-test check-debug \
	check-debug-run soak soak-run check-kernels check-kernels-run demo demo-run bench bench-run clean

all: module tool

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tool:
	$(MAKE) -C tools/ipsec-latchctl

test-tools:
	$(MAKE) -C tests/tools

deps:
	@scripts/install-deps.sh

install: tool
	$(MAKE) -C tools/ipsec-latchctl install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/sbin/ipsec-latchctl \
	      $(DESTDIR)$(PREFIX)/share/man/man8/ipsec-latchctl.8 \
	      $(DESTDIR)$(PREFIX)/libexec/ipsec-latch/updown
	-rmdir $(DESTDIR)$(PREFIX)/libexec/ipsec-latch

# What DKMS builds from (tests/vm/kernels.sh copies it into the trixie chroot).
dkms-files:
	@echo $(DKMS_FILES)

# Replaces any installed copy of this version: the source may have changed.
DKMS_KVERS ?= $(KVER)
dkms-install:
	-dkms remove $(DKMS_NAME)/$(VERSION) --all >/dev/null 2>&1
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC)
	cp -r $(DKMS_FILES) $(DKMS_SRC)/
	dkms add $(DKMS_NAME)/$(VERSION)
	set -e; for k in $(DKMS_KVERS); do \
		dkms build $(DKMS_NAME)/$(VERSION) -k $$k; \
		dkms install $(DKMS_NAME)/$(VERSION) -k $$k --force; \
	done

dkms-uninstall:
	-dkms remove $(DKMS_NAME)/$(VERSION) --all
	rm -rf $(DKMS_SRC)

unit:
	$(MAKE) -C tests/unit check

# check-debug: every scenario unless DEBUG_SCENARIOS (a regex) picks some;
# 98's load/unload cycles are 8x slower there, so fewer of them.
DEBUG_SCENARIOS ?=
DEBUG_UNLOAD_CYCLES ?= 25
DEBUG_VM_TIMEOUT ?= 18000

# From an unpacked linux-source-6.1: /usr/src, or the debug kernel's tree.
CHECKPATCH ?= $(firstword $(wildcard /usr/src/linux-source-6.1/scripts/checkpatch.pl \
	$(or $(IPSEC_LATCH_CACHE),/var/cache/ipsec-latch)/linux-source-*/scripts/checkpatch.pl) \
	checkpatch.pl)
lint:
	$(CHECKPATCH) --no-tree --terse -f --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON \
		module/*.[ch] module/selftest/*.[ch] include/uapi/linux/*.h

# Set-up runs first, in its own make, so that KVER is read after the kernel
# packages are installed on a fresh machine.
check: deps
	@$(MAKE) --no-print-directory check-run

# The kernel lines make check covers, and scenario 98's load/unload cycles
# there (make soak runs 200). CHECK_SCENARIOS (a regex) picks scenarios.
CHECK_LINES ?= 6.1 6.12
CHECK_KVERS = $(foreach l,$(CHECK_LINES),$(shell scripts/kver.sh $(l)))
# Lines booted with full preemption (Debian's default is voluntary): a task
# preempted anywhere in the module's paths, unload included.
CHECK_PREEMPT_FULL ?= 6.12
CHECK_ROWS = $(foreach l,$(CHECK_LINES),$(shell scripts/kver.sh $(l))$(if \
	$(filter $(l),$(CHECK_PREEMPT_FULL)),@preempt=full))
CHECK_UNLOAD_CYCLES ?= 20
CHECK_SCENARIOS ?=

check-run: all test-tools unit
	$(MAKE) --no-print-directory dkms-install DKMS_KVERS="$(CHECK_KVERS)"
	tests/vm/check.sh -e UNLOAD_CYCLES=$(CHECK_UNLOAD_CYCLES) \
		-p '$(CHECK_SCENARIOS)' $(CHECK_ROWS)

# The suite on KVER alone; the harness self-test (it must be able to fail)
# is counted with it.
vm-test:
	mkdir -p build
	tests/vm/selftest.sh -k $(KVER) >build/selftest.tap || true
	tests/vm/run.sh -k $(KVER) -t 3000 -x build/selftest.tap tests/vm/suite.sh

check-kernels: deps
	@scripts/install-deps.sh --matrix
	@$(MAKE) --no-print-directory check-kernels-run

check-kernels-run: all test-tools dkms-install
	tests/vm/kernels.sh

soak: deps
	@$(MAKE) --no-print-directory soak-run

SOAK_UNLOAD_CYCLES ?= 200
soak-run: all test-tools dkms-install
	tests/vm/run.sh -k $(KVER) -t 3000 -e UNLOAD_CYCLES=$(SOAK_UNLOAD_CYCLES) \
		tests/vm/suite.sh '^98-'

# The debug kernel is built once, outside the clone (tests/debug/kernel.sh);
# the module is built against it through DKMS with its self-tests on.
check-debug: deps
	@$(MAKE) --no-print-directory check-debug-run

check-debug-run: tool test-tools
	set -e; kernel=$$(tests/debug/kernel.sh); set -- $$kernel; \
	$(MAKE) --no-print-directory dkms-install KVER=$$1; \
	tests/vm/run.sh -k $$1 -i $$2 -t $(DEBUG_VM_TIMEOUT) \
		-e IPSEC_LATCH_SLOW=10 -e UNLOAD_CYCLES=$(DEBUG_UNLOAD_CYCLES) \
		tests/vm/suite.sh '$(DEBUG_SCENARIOS)'

demo: deps
	@$(MAKE) --no-print-directory demo-run

demo-run: all test-tools dkms-install
	tests/vm/run.sh -s -k $(KVER) tests/demo.sh

# Figures, not pass/fail: stock Linux and the module in one VM boot.
bench: deps
	@$(MAKE) --no-print-directory bench-run

bench-run: all test-tools dkms-install
	$(MAKE) -C bench
	tests/vm/run.sh -s -t 1800 -k $(KVER) bench/resolve.sh
	tests/vm/run.sh -s -t 1800 -k $(KVER) bench/release.sh
	VM_ACCEL=icount tests/vm/run.sh -s -t 1800 -k $(KVER) bench/hotpath.sh
	tests/vm/run.sh -s -t 1800 -k $(KVER) bench/latch.sh
	tests/vm/run.sh -s -t 900 -k $(KVER) bench/xfrmi.sh

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	-$(MAKE) -C bench clean
	-$(MAKE) -C tools/ipsec-latchctl clean
	-$(MAKE) -C tests/tools clean
	-$(MAKE) -C tests/unit clean
	rm -rf build
