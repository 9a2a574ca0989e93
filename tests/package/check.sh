#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Package check, as root on a Debian host: make check runs it (it installs
# into this machine's /usr/src, /var/lib/dkms and /lib/modules). Installs the .debs of `make deb` with apt, checks that DKMS
# built and installed the module for each kernel and that every file is
# where the packages put it, that a program builds against
# libipsec-latch-dev with pkg-config and runs with libipsec-latch0, and
# that installing loaded, enabled and started nothing. With --purge, then
# purges the packages and checks that nothing of them is left. TAP on stdout, the plan last; exit 1 on any
# failure.
#
# usage: tests/package/check.sh [--purge]
#   DKMS_KVERS  kernels the module must be installed for, space-separated
#               (default: every /lib/modules/*/build there is). A kernel
#               that dkms.conf's BUILD_EXCLUSIVE_* lines exclude is skipped.
#               Debian 12's DKMS postinst builds for the running kernel and
#               the newest one (for all of them only when the running
#               kernel is not installed): on a host with more kernels, list
#               those two, or the others fail here.
#   DEB_DIR     where the .debs are (default: build/deb of this tree)
set -euo pipefail
# dpkg-query's ${Field} formats are meant literally.
# shellcheck disable=SC2016

root=$(cd "$(dirname "$0")/../.." && pwd)
deb_dir=${DEB_DIR:-$root/build/deb}
purge=
case ${1:-} in
--purge) purge=1 ;;
'') ;;
*)
	echo "usage: $0 [--purge]" >&2
	exit 2
	;;
esac

# Numbered TAP (tests/lib/tap.sh writes unnumbered lines for the VM host
# to number, which this host-side script has no one to do).
n=0
failed=0
ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	if [ -n "${2:-}" ]; then
		printf '%s\n' "$2" | tail -n 20 | sed 's/^/#   /'
	fi
}
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}
# check DESC CMD...: ok if CMD exits 0; its output is the diagnostic.
check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$desc"
	else
		not_ok "$desc" "$out"
	fi
}
# absent DESC PATH...: ok if none of the paths (globs expanded) exists.
absent() {
	local desc=$1 p found=
	shift
	for p in "$@"; do
		if [ -e "$p" ] || [ -L "$p" ]; then
			found+="$p"$'\n'
		fi
	done
	if [ -z "$found" ]; then
		ok "$desc"
	else
		not_ok "$desc" "found: ${found%$'\n'}"
	fi
}
finish() {
	echo "1..$n"
	[ "$failed" -eq 0 ] || exit 1
	exit 0
}

if [ "$(id -u)" -ne 0 ]; then
	echo "check.sh: run as root (it installs the packages)" >&2
	exit 2
fi

shopt -s nullglob
PACKAGES=(ipsec-latch-dkms ipsec-latch-tools libipsec-latch0 libipsec-latch-dev)
debs=()
for p in "${PACKAGES[@]}"; do
	found=("$deb_dir/${p}_"*.deb)
	if [ ${#found[@]} -ne 1 ]; then
		not_ok "one .deb of each package in $deb_dir" \
			"$p: ${found[*]:-none} (make deb makes them)"
		finish
	fi
	debs+=("${found[0]}")
done
ok "one .deb of each package in $deb_dir (${PACKAGES[*]})"

if [ -z "${DKMS_KVERS:-}" ]; then
	DKMS_KVERS=
	for b in /lib/modules/*/build; do
		k=${b#/lib/modules/}
		DKMS_KVERS+=" ${k%/build}"
	done
fi
was_loaded=
grep -qs '^ipsec_latch ' /proc/modules && was_loaded=1

# A `make dkms-install` copy shares the package's paths: the packages would
# take it over, and its build output would survive the purge.
if dpkg-query -W -f='${Status}' ipsec-latch-dkms 2>/dev/null | grep -q ' installed$'; then
	skip "no make dkms-install copy before installing" "ipsec-latch-dkms already installed"
else
	absent "no make dkms-install copy before installing (make dkms-uninstall removes it)" \
		/usr/src/ipsec-latch-* /var/lib/dkms/ipsec-latch
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if apt-get install -y "${debs[@]}" >"$log" 2>&1; then
	ok "apt-get install of the packages"
	installed=1
else
	not_ok "apt-get install of the packages" "$(cat "$log")"
	installed=
fi

if [ -n "$installed" ]; then
	ver=$(dpkg-query -W -f='${Version}' ipsec-latch-dkms)
	src=/usr/src/ipsec-latch-$ver
	for p in "${PACKAGES[@]}"; do
		st=$(dpkg-query -W -f='${Status}' "$p" 2>&1 || true)
		check "$p is installed ($st)" test "$st" = "install ok installed"
		check "$p has the one version ($ver)" test \
			"$(dpkg-query -W -f='${Version}' "$p")" = "$ver"
	done

	# the DKMS source
	for f in dkms.conf Kbuild module/main.c include/uapi/linux/ipsec_latch.h; do
		check "$src/$f" test -f "$src/$f"
	done
	conf_ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$src/dkms.conf" 2>/dev/null || true)
	check "dkms.conf's PACKAGE_VERSION is the package version" \
		test "$conf_ver" = "$ver"
	check "dkms.conf keeps its BUILD_EXCLUSIVE_KERNEL guard" \
		grep -q '^BUILD_EXCLUSIVE_KERNEL=' "$src/dkms.conf"

	# the module, per kernel
	kernel_re=$(sed -n 's/^BUILD_EXCLUSIVE_KERNEL="\(.*\)"/\1/p' "$src/dkms.conf" 2>/dev/null || true)
	configs=$(sed -n 's/^BUILD_EXCLUSIVE_CONFIG="\(.*\)"/\1/p' "$src/dkms.conf" 2>/dev/null || true)
	arch_re=$(sed -n 's/^BUILD_EXCLUSIVE_ARCH="\(.*\)"/\1/p' "$src/dkms.conf" 2>/dev/null || true)
	for k in $DKMS_KVERS; do
		why=
		if [ -n "$arch_re" ] && ! [[ $(uname -m) =~ $arch_re ]]; then
			why="dkms.conf excludes $(uname -m) (BUILD_EXCLUSIVE_ARCH)"
		elif [ -n "$kernel_re" ] && ! [[ $k =~ $kernel_re ]]; then
			why="dkms.conf excludes kernel $k (BUILD_EXCLUSIVE_KERNEL)"
		else
			for c in $configs; do
				grep -Eq "^$c=[ym]" "/lib/modules/$k/build/.config" 2>/dev/null ||
					why="dkms.conf excludes kernel $k: no $c (BUILD_EXCLUSIVE_CONFIG)"
			done
		fi
		if [ -n "$why" ]; then
			skip "module installed by DKMS for $k" "$why"
			continue
		fi
		st=$(dkms status -m ipsec-latch -v "$ver" -k "$k" 2>&1 || true)
		if [[ $st == *": installed"* ]]; then
			ok "module installed by DKMS for $k"
		else
			not_ok "module installed by DKMS for $k" "dkms status: ${st:-(nothing)}"
		fi
		ko=(/lib/modules/"$k"/updates/dkms/ipsec_latch.ko*)
		check "ipsec_latch.ko in /lib/modules/$k/updates/dkms" test ${#ko[@]} -eq 1
		mod_ver=$(modinfo -k "$k" -F version ipsec_latch 2>/dev/null || true)
		check "modinfo -k $k: module version $ver" test "$mod_ver" = "$ver"
	done

	# ipsec-latch-tools
	check "/usr/sbin/ipsec-latchctl is executable" test -x /usr/sbin/ipsec-latchctl
	tool_ver=$(/usr/sbin/ipsec-latchctl -V 2>&1 || true)
	check "ipsec-latchctl -V names version $ver" \
		grep -qwF -- "$ver" <<<"$tool_ver"
	for f in /usr/share/man/man8/ipsec-latchctl.8.gz \
		 /usr/share/man/man4/ipsec_latch.4.gz \
		 /usr/share/bash-completion/completions/ipsec-latchctl; do
		check "$f" test -f "$f"
	done
	for f in /usr/lib/ipsec-latch/strongswan-updown \
		 /usr/lib/ipsec-latch/libreswan-updown; do
		check "$f: shell syntax" sh -n "$f"
		check "$f is executable" test -x "$f"
	done
	check "/usr/bin/ipsec-latch-whoami is executable" \
		test -x /usr/bin/ipsec-latch-whoami
	check "/usr/share/man/man1/ipsec-latch-whoami.1.gz" \
		test -f /usr/share/man/man1/ipsec-latch-whoami.1.gz

	# libipsec-latch: an application built with pkg-config, linked with
	# the shared library, asks; the module is not loaded on this host,
	# and the library says so.
	check "libipsec-latch-dev: pkg-config knows libipsec-latch" \
		pkg-config --exists libipsec-latch
	app=$(mktemp -d)
	cat >"$app/app.c" <<'APP'
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <ipsec-latch.h>

int main(void)
{
	struct ipsec_latch_info info;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (ipsec_latch_query(fd, &info) == 0)
		return 1;
	printf("%d %s\n", errno, ipsec_latch_errmsg());
	return 0;
}
APP
	# shellcheck disable=SC2046
	check "a program builds against the installed header and library" \
		cc -o "$app/app" "$app/app.c" $(pkg-config --cflags --libs libipsec-latch)
	check "…linked with the shared library (libipsec-latch.so.0)" \
		grep -q "libipsec-latch.so.0" <<<"$(ldd "$app/app" 2>&1)"
	if grep -qs '^ipsec_latch ' /proc/modules; then
		skip "…and runs: ENOPROTOOPT, the module is not loaded" "it is loaded here"
	else
		check "…and runs: ENOPROTOOPT, the module is not loaded" \
			grep -qx "92 the ipsec_latch kernel module is not loaded" \
			<<<"$("$app/app" 2>&1)"
	fi
	rm -rf "$app"
	for f in /usr/share/man/man3/ipsec_latch_query.3.gz \
		 /usr/share/man/man3/ipsec_latch_require.3.gz; do
		check "$f" test -e "$f"
	done

	unit=
	for d in /lib/systemd/system /usr/lib/systemd/system; do
		[ -f "$d/ipsec-latch.service" ] && unit=$d/ipsec-latch.service && break
	done
	check "ipsec-latch.service installed" test -n "$unit"
	if [ -n "$unit" ] && command -v systemd-analyze >/dev/null; then
		check "systemd-analyze verify $unit" systemd-analyze verify "$unit"
	else
		skip "systemd-analyze verify ipsec-latch.service" "no unit or no systemd-analyze"
	fi
	enabled=$(systemctl is-enabled ipsec-latch.service 2>/dev/null || true)
	check "ipsec-latch.service not enabled by the package ($enabled)" \
		test "$enabled" = disabled
	conffiles=$(dpkg-query -W -f='${Conffiles}\n' ipsec-latch-tools)
	for f in /etc/modprobe.d/ipsec-latch.conf /etc/ipsec-latch/ipsec-latch.conf; do
		check "$f is a conffile" grep -q "^ $f " <<<"$conffiles"
		check "$f: every line a comment" \
			test -z "$(grep -Ev '^[[:space:]]*(#|$)' "$f" 2>&1)"
	done
	if [ -n "$was_loaded" ]; then
		skip "installing did not load the module" "it was loaded before"
	else
		check "installing did not load the module" \
			test -z "$(grep -s '^ipsec_latch ' /proc/modules)"
	fi
fi

if [ -n "$purge" ]; then
	if apt-get purge -y "${PACKAGES[@]}" >"$log" 2>&1; then
		ok "apt-get purge of the packages"
	else
		not_ok "apt-get purge of the packages" "$(cat "$log")"
	fi
	for p in "${PACKAGES[@]}"; do
		st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
		check "$p is gone from dpkg's database (${st:-unknown})" \
			test -z "$st" -o "$st" = not-installed
	done
	absent "no DKMS source left" /usr/src/ipsec-latch-*
	absent "no DKMS tree left" /var/lib/dkms/ipsec-latch
	absent "no module left in any kernel" \
		/lib/modules/*/updates/dkms/ipsec_latch.ko*
	absent "no configuration left" /etc/ipsec-latch \
		/etc/modprobe.d/ipsec-latch.conf
	absent "no unit file or enablement link left" \
		/lib/systemd/system/ipsec-latch.service \
		/usr/lib/systemd/system/ipsec-latch.service \
		/etc/systemd/system/*/ipsec-latch.service \
		/var/lib/systemd/deb-systemd-helper-enabled/ipsec-latch.service*
	absent "no tool, hooks, man pages or completion left" \
		/usr/sbin/ipsec-latchctl /usr/lib/ipsec-latch \
		/usr/share/man/man8/ipsec-latchctl.8.gz \
		/usr/share/man/man4/ipsec_latch.4.gz \
		/usr/share/bash-completion/completions/ipsec-latchctl \
		/usr/share/doc/ipsec-latch-dkms /usr/share/doc/ipsec-latch-tools
	absent "no library, header, pkg-config file or example left" \
		/usr/lib/*/libipsec-latch.* /usr/lib/*/pkgconfig/libipsec-latch.pc \
		/usr/include/ipsec-latch.h /usr/bin/ipsec-latch-whoami \
		/usr/share/man/man3/ipsec_latch_*.3.gz \
		/usr/share/man/man1/ipsec-latch-whoami.1.gz \
		/usr/share/doc/libipsec-latch0 /usr/share/doc/libipsec-latch-dev
fi

finish
