# SPDX-License-Identifier: GPL-2.0
#
# ipsec-latch: kernel module (Kbuild), control tool, DKMS, tests.
#
#   make                 build ipsec_latch.ko for KVER, ipsec-latchctl,
#                        libipsec-latch and its example
#   make demo            boot the stock kernel in QEMU and show it working
#   make check           every test: unit tests, then the VM suite on the
#                        newest installed 6.1 and 6.12 kernels
#   make soak            200 load/unload cycles under traffic (scenario 98)
#   make check-kernels   every kernel of the support matrix: DKMS build via
#                        apt, load, a smoke set in the VM; a row per kernel
#   make check-debug     the VM suite on a debug kernel (KASAN, lockdep,
#                        kmemleak, UBSAN...) built once from linux-source-6.1
#   make install         install what the ipsec-latch-tools package does
#                        (ipsec-latchctl, man pages, bash completion, updown
#                        hooks, systemd unit, example configuration) under
#                        PREFIX (default /usr/local); make uninstall
#   make deb             build the .debs into build/deb/ and run lintian
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

.PHONY: all module tool lib examples test-tools deps install uninstall dkms-files dkms-src \
	dkms-install deb \
	dkms-uninstall unit lint check check-run vm-test check-debug \
	check-debug-run soak soak-run check-kernels check-kernels-run demo demo-run bench bench-run clean

all: module tool lib examples

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tool:
	$(MAKE) -C tools/ipsec-latchctl

lib:
	$(MAKE) -C lib

examples: lib
	$(MAKE) -C examples

test-tools:
	$(MAKE) -C tests/tools

deps:
	@scripts/install-deps.sh
	@scripts/libreswan-chroot.sh >/dev/null

# make install: the files of the ipsec-latch-tools package, at its paths
# with /usr replaced by PREFIX (debian/rules runs it with PREFIX=/usr). The
# configuration stays in /etc (modprobe and the unit read it there) and is
# never overwritten: an existing file is the administrator's. The unit is
# installed but not enabled, and its ExecStart names SBINDIR.
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
PKGLIBDIR ?= $(PREFIX)/lib/ipsec-latch
SYSCONFDIR ?= /etc
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
# systemd's own directory for PREFIX=/usr (/lib/systemd/system on Debian
# 12), else PREFIX/lib/systemd/system, which systemd also reads for /usr/local.
SYSTEMDUNITDIR ?= $(if $(filter /usr,$(PREFIX)),$(or $(shell \
	pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null), \
	/lib/systemd/system),$(PREFIX)/lib/systemd/system)
# source -> installed path (under DESTDIR), mode 0755 or 0644. One updown
# hook serves both IKE daemons (it tells them apart by their environment):
# libreswan-updown is a link to strongswan-updown.
INSTALL_PROGS := tools/ipsec-latchctl/ipsec-latchctl:$(SBINDIR)/ipsec-latchctl \
	examples/ipsec-latch-whoami:$(BINDIR)/ipsec-latch-whoami \
	tools/updown/ipsec-latch-updown:$(PKGLIBDIR)/strongswan-updown
INSTALL_DATA := tools/ipsec-latchctl/ipsec-latchctl.8:$(MANDIR)/man8/ipsec-latchctl.8 \
	docs/man/ipsec_latch.4:$(MANDIR)/man4/ipsec_latch.4 \
	tools/ipsec-latchctl/ipsec-latchctl.bash-completion:$(BASHCOMPDIR)/ipsec-latchctl \
	docs/man/ipsec-latch-whoami.1:$(MANDIR)/man1/ipsec-latch-whoami.1 \
	lib/libipsec-latch.a:$(LIBDIR)/libipsec-latch.a \
	lib/ipsec-latch.h:$(INCLUDEDIR)/ipsec-latch.h \
	$(foreach m,query require policy_parse check errmsg,docs/man/ipsec_latch_$(m).3:$(MANDIR)/man3/ipsec_latch_$(m).3)
# The shared library, and its links: the soname's file and the linker's.
LIB_SHARED := libipsec-latch.so.0
INSTALL_CONF := tools/etc/modprobe.d/ipsec-latch.conf:$(SYSCONFDIR)/modprobe.d/ipsec-latch.conf \
	tools/etc/ipsec-latch/ipsec-latch.conf:$(SYSCONFDIR)/ipsec-latch/ipsec-latch.conf
UNIT := ipsec-latch.service

install: tool lib examples
	set -e; for f in $(INSTALL_PROGS); do \
		install -D -m 0755 $${f%%:*} $(DESTDIR)$${f#*:}; done; \
	for f in $(INSTALL_DATA); do \
		install -D -m 0644 $${f%%:*} $(DESTDIR)$${f#*:}; done; \
	for f in $(INSTALL_CONF); do \
		if [ -e $(DESTDIR)$${f#*:} ]; then \
			echo "kept $(DESTDIR)$${f#*:} (example: $${f%%:*})"; \
		else \
			install -D -m 0644 $${f%%:*} $(DESTDIR)$${f#*:}; \
		fi; done
	ln -sfn strongswan-updown $(DESTDIR)$(PKGLIBDIR)/libreswan-updown
	install -D -m 0644 lib/$(LIB_SHARED) $(DESTDIR)$(LIBDIR)/$(LIB_SHARED)
	ln -sfn $(LIB_SHARED) $(DESTDIR)$(LIBDIR)/libipsec-latch.so
	install -d $(DESTDIR)$(PKGCONFIGDIR)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	    lib/libipsec-latch.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/libipsec-latch.pc
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	sed 's|/usr/sbin/ipsec-latchctl|$(SBINDIR)/ipsec-latchctl|g' \
		tools/systemd/$(UNIT) >$(DESTDIR)$(SYSTEMDUNITDIR)/$(UNIT)
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/$(UNIT)

# The configuration goes only if it is still the example; an edited file
# is kept and named. Also removes PREFIX/libexec/ipsec-latch/updown, where
# make install used to put the strongSwan hook.
uninstall:
	set -e; for f in $(INSTALL_PROGS) $(INSTALL_DATA); do \
		rm -f $(DESTDIR)$${f#*:}; done; \
	for f in $(INSTALL_CONF); do \
		if cmp -s $${f%%:*} $(DESTDIR)$${f#*:}; then \
			rm -f $(DESTDIR)$${f#*:}; \
		elif [ -e $(DESTDIR)$${f#*:} ]; then \
			echo "kept $(DESTDIR)$${f#*:}: changed from the example"; \
		fi; done
	rm -f $(DESTDIR)$(LIBDIR)/$(LIB_SHARED) \
	      $(DESTDIR)$(LIBDIR)/libipsec-latch.so \
	      $(DESTDIR)$(PKGCONFIGDIR)/libipsec-latch.pc \
	      $(DESTDIR)$(PKGLIBDIR)/libreswan-updown \
	      $(DESTDIR)$(SYSTEMDUNITDIR)/$(UNIT) \
	      $(DESTDIR)$(PREFIX)/libexec/ipsec-latch/updown
	for d in $(DESTDIR)$(PKGLIBDIR) $(DESTDIR)$(SYSCONFDIR)/ipsec-latch \
		 $(DESTDIR)$(PREFIX)/libexec/ipsec-latch; do \
		rmdir $$d 2>/dev/null || true; done

# make deb: checks that the modprobe.d example the package installs
# explains every module parameter; builds ipsec-latch-dkms and
# ipsec-latch-tools into build/deb/ from a copy of the files git tracks or
# would track (uncommitted edits included, build output not; a tracked file
# deleted in the work tree is left out), so that the work tree stays as it
# is; runs lintian, which must report no error and no warning
# (debian/*.lintian-overrides say why the rest is fine); and runs
# systemd-analyze verify on the unit as the .deb installs it (MANPATH: its
# Documentation= pages, from the .deb too).
DEB_OUT := build/deb
MODPROBE_EXAMPLE := tools/etc/modprobe.d/ipsec-latch.conf
deb:
	@set -e; for p in $$(sed -n 's/^[[:space:]]*\(module_param\(_named\|_cb\)\{0,1\}\|UINT_PARAM\(_PERM\)\{0,1\}\)(\([a-z_]*\),.*/\4/p' \
		module/*.c | grep -vx name); do \
		grep -qw "$$p" $(MODPROBE_EXAMPLE) || { echo \
		"deb: module parameter $$p is not in $(MODPROBE_EXAMPLE)" >&2; \
		exit 1; }; done
	set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	src=$$tmp/ipsec-latch-$(VERSION); mkdir "$$src"; \
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | \
		tar --null -T - --ignore-failed-read -cf - | \
		tar -xf - -C "$$src"; \
	else \
		tar --exclude=./build -cf - . | tar -xf - -C "$$src"; \
	fi; \
	(cd "$$src" && dpkg-buildpackage -us -uc -b); \
	rm -rf $(DEB_OUT); mkdir -p $(DEB_OUT); \
	cp "$$tmp"/*.deb "$$tmp"/*.buildinfo "$$tmp"/*.changes $(DEB_OUT)/; \
	cp "$$tmp"/*.ddeb $(DEB_OUT)/ 2>/dev/null || true
	lintian --fail-on error,warning --info $(DEB_OUT)/*.changes
	set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	dpkg-deb -x $(DEB_OUT)/ipsec-latch-tools_$(VERSION)_*.deb "$$tmp"; \
	MANPATH="$$tmp/usr/share/man" systemd-analyze verify \
		$$(find "$$tmp" -path "*/systemd/system/$(UNIT)")

# What DKMS builds from (tests/vm/kernels.sh copies it into the trixie chroot).
dkms-files:
	@echo $(DKMS_FILES)

# The module's source as DKMS expects it in /usr/src, without running dkms
# (debian/rules installs ipsec-latch-dkms with it).
dkms-src:
	install -d $(DKMS_SRC)
	cp -r $(DKMS_FILES) $(DKMS_SRC)/

# Rebuilds this version from the work tree for DKMS_KVERS only: other
# kernels keep the module they have (the running one's, say), built from
# the source of its day.
DKMS_KVERS ?= $(KVER)
dkms-install:
	for k in $(DKMS_KVERS); do \
		dkms remove $(DKMS_NAME)/$(VERSION) -k $$k >/dev/null 2>&1; \
	done; true
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC)
	cp -r $(DKMS_FILES) $(DKMS_SRC)/
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

# The VM loads the module as users get it: make deb, then apt, with DKMS
# building it for each kernel. Before that, the packages are installed,
# checked and purged once (nothing may be left). Their checks count in the
# summary. Any earlier install (the packages, make dkms-install) goes
# first, so that each step starts from a host without the module.
check-run: all test-tools unit deb
	-apt-get purge -y -qq ipsec-latch-dkms ipsec-latch-tools >/dev/null 2>&1
	$(MAKE) --no-print-directory dkms-uninstall >/dev/null 2>&1
	mkdir -p build/check
	-DKMS_KVERS="$(CHECK_KVERS)" tests/package/check.sh --purge \
		>build/check/package-purge.tap
	-DKMS_KVERS="$(CHECK_KVERS)" tests/package/check.sh \
		>build/check/package-install.tap
	-tests/vm/module-selftest.sh $(CHECK_KVERS) \
		>build/check/module-selftest.tap
	tests/vm/check.sh -e UNLOAD_CYCLES=$(CHECK_UNLOAD_CYCLES) \
		-x build/check/package-purge.tap \
		-x build/check/package-install.tap \
		-x build/check/module-selftest.tap \
		-p '$(CHECK_SCENARIOS)' $(CHECK_ROWS)

# The suite on KVER alone; the harness self-test (it must be able to fail)
# and the module's self-tests are counted with it.
vm-test:
	mkdir -p build
	tests/vm/selftest.sh -k $(KVER) >build/selftest.tap || true
	tests/vm/module-selftest.sh $(KVER) >build/module-selftest.tap || true
	tests/vm/run.sh -k $(KVER) -t 3000 -x build/selftest.tap \
		-x build/module-selftest.tap tests/vm/suite.sh

check-kernels: deps
	@scripts/install-deps.sh --matrix
	@$(MAKE) --no-print-directory check-kernels-run

check-kernels-run: all test-tools dkms-install
	tests/vm/kernels.sh

soak: deps
	@$(MAKE) --no-print-directory soak-run

# Its vCPUs share one host thread, on 6.1 too: 200 loads and unloads
# patch the kernel's text 400 times, and a vCPU thread of its own can run
# a stale int3 from it (tests/vm/run.sh, VM_TCG_THREADS).
SOAK_UNLOAD_CYCLES ?= 200
soak-run: all test-tools dkms-install
	VM_TCG_THREADS=single tests/vm/run.sh -k $(KVER) -t 3000 \
		-e UNLOAD_CYCLES=$(SOAK_UNLOAD_CYCLES) \
		tests/vm/suite.sh '^98-'

# The debug kernel is built once, outside the clone (tests/debug/kernel.sh);
# the module is built against it through DKMS with its self-tests on.
check-debug: deps
	@$(MAKE) --no-print-directory check-debug-run

check-debug-run: tool lib examples test-tools
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
	-$(MAKE) -C lib clean
	-$(MAKE) -C examples clean
	-$(MAKE) -C tests/tools clean
	-$(MAKE) -C tests/unit clean
	rm -rf build
