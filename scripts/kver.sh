#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the kernel release to build for and boot in the VM: the newest
# Debian stock kernel that has both its headers (/lib/modules/KVER/build)
# and its image (/boot/vmlinuz-KVER) installed. Not `uname -r`: the machine
# that builds need not run the kernel it builds for.
#
# usage: kver.sh [LINE [FLAVOUR]]
#   LINE     a kernel line, e.g. 6.1 or 6.12: the newest of that line
#            (default: of any line)
#   FLAVOUR  Debian's flavour: amd64 (the generic one, default),
#            cloud-amd64 or rt-amd64
set -euo pipefail

line=${1:-}
flavour=${2:-amd64}
best=
for build in /lib/modules/*/build; do
	[ -e "$build" ] || continue
	kver=${build#/lib/modules/}
	kver=${kver%/build}
	[ -r "/boot/vmlinuz-$kver" ] || continue
	[ -z "$line" ] || [[ $kver == "$line".* ]] || continue
	# The generic flavour ends in -amd64 but not in -cloud-/-rt-amd64.
	[[ $kver == *-"$flavour" ]] || continue
	[ "$flavour" != amd64 ] || [[ ! $kver =~ -(cloud|rt)-amd64$ ]] || continue
	best+="$kver"$'\n'
done
kver=$(printf '%s' "$best" | sort -V | tail -n 1)
if [ -z "$kver" ]; then
	echo "kver: no ${line:+$line }$flavour kernel with both headers and image installed;" \
	     "run scripts/install-deps.sh" >&2
	exit 1
fi
echo "$kver"
