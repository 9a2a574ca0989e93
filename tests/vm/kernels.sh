#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-kernels: every kernel of the support matrix, each built the
# way a user gets it and booted in the VM with a smoke set of scenarios.
#
# For each kernel: the module's build for it is removed, then the kernel's
# image package is reinstalled with apt, so that its postinst runs DKMS as
# on a kernel upgrade: dpkg must configure it cleanly and DKMS must show
# the module installed. Then one VM boot runs the smoke set: load/unload
# (10), every hook fires (15), blocking TCP and UDP resolution v4/v6 (50),
# forwarded packets held on a gateway (61), a latch broken by a policy
# change (70), a BYPASS-OR-PROTECT fallback (80); PREEMPT_RT flavours
# included. Last, the newest trixie-backports kernel, from its trixie
# chroot (scripts/backports-chroot.sh), the same way inside it.
# Prints one row per kernel and the total "N passed, N failed".
#
# usage: kernels.sh (as root, with the module registered in DKMS)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$here/summary.sh"
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$repo/dkms.conf")
out=$repo/build/kernels
mkdir -p "$out"
smoke='^(10|15|50|61|70|80)-'

rows=() total_p=0 total_f=0
row() { # row KVER BUILD LOAD PASSED FAILED
	rows+=("$(printf '| %-28s | %-22s | %-20s | %s passed, %s failed |' "$@")")
	total_p=$((total_p + $4))
	total_f=$((total_f + $5))
}

# smoke_row KVER BUILD [run.sh options]: the smoke set in one VM boot.
smoke_row() {
	local kver=$1 build=$2 pattern=$smoke log load p f
	shift 2
	log=$out/$kver.log
	"$here/run.sh" -k "$kver" "$@" -t 2400 "$here/suite.sh" "$pattern" \
		>"$log" 2>&1
	read -r p f < <(summary_counts "$log")
	if grep -q '^ok .* load 1: modprobe -r' "$log"; then
		load=ok
	else
		load=FAILED
	fi
	row "$kver" "$build" "$load" "$p" "$f"
	grep -E '^not ok' "$log" | sed 's/^/#   /'
}

# on_system host|backports CMD...: run CMD here or in the trixie chroot.
on_system() {
	if [ "$1" = host ]; then
		shift
		"$@"
	else
		shift
		"$repo/scripts/backports-chroot.sh" --run "$@"
	fi
}

# apt_dkms KVER host|backports: the kernel package reinstalled, DKMS run by
# its postinst as on an upgrade.
apt_dkms() {
	local kver=$1 sys=$2
	on_system "$sys" dkms remove "ipsec-latch/$version" -k "$kver" \
		>/dev/null 2>&1
	# Newer DKMS (trixie's 3.2) forgets a module whose last build goes:
	# register it again (an error if it is still known, ignored).
	on_system "$sys" dkms add "ipsec-latch/$version" >/dev/null 2>&1
	if ! on_system "$sys" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --reinstall "linux-image-$kver" \
		>"$out/$kver.apt.log" 2>&1; then
		row "$kver" "apt FAILED" "-" 0 1
		tail -n 20 "$out/$kver.apt.log" | sed 's/^/#   /'
		return 1
	fi
	if ! on_system "$sys" dkms status "ipsec-latch/$version" -k "$kver" \
		2>/dev/null | grep -q ': installed'; then
		row "$kver" "apt ok, DKMS FAILED" "-" 0 1
		return 1
	fi
}

for line in 6.1 6.12; do
	for flavour in amd64 cloud-amd64 rt-amd64; do
		if ! kver=$("$repo/scripts/kver.sh" "$line" "$flavour" 2>/dev/null); then
			row "$line $flavour" "not installed" "-" 0 1
			continue
		fi
		echo "=== $kver"
		apt_dkms "$kver" host || continue
		smoke_row "$kver" "DKMS via apt: ok"
	done
done

# The newest trixie-backports kernel, in its trixie chroot: the module's
# DKMS source goes there as `make dkms-install` puts it here.
root=$("$repo/scripts/backports-chroot.sh" --root)
if kver=$("$repo/scripts/backports-chroot.sh" 2>"$out/backports-chroot.log"); then
	echo "=== $kver (trixie-backports, in $root)"
	src=$root/usr/src/ipsec-latch-$version
	on_system backports dkms remove "ipsec-latch/$version" --all \
		>/dev/null 2>&1
	rm -rf "$src"
	mkdir -p "$src"
	# shellcheck disable=SC2046 # the Makefile's list, split into names
	if ! (cd "$repo" && tar -cf - --exclude='*.o' --exclude='*.ko' \
		--exclude='.*.cmd' --exclude='*.mod' --exclude='*.mod.c' \
		$(make -s --no-print-directory dkms-files)) |
		tar -xf - -C "$src" ||
	   ! on_system backports dkms add "ipsec-latch/$version" >/dev/null; then
		row "$kver" "DKMS add FAILED" "-" 0 1
	elif apt_dkms "$kver" backports; then
		smoke_row "$kver" "DKMS via apt: ok" -r "$root"
	fi
else
	row "trixie-backports" "chroot FAILED" "-" 0 1
	tail -n 20 "$out/backports-chroot.log" | sed 's/^/#   /'
fi

echo "| kernel                       | build                  | load                 | smoke set |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
