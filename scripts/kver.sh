#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the kernel release to build for and boot in the VM: the newest
# Debian stock kernel that has both its headers (/lib/modules/KVER/build)
# and its image (/boot/vmlinuz-KVER) installed. Not `uname -r`: the machine
# that builds need not run the kernel it builds for.
set -euo pipefail

best=
for build in /lib/modules/*/build; do
	[ -e "$build" ] || continue
	kver=${build#/lib/modules/}
	kver=${kver%/build}
	[ -r "/boot/vmlinuz-$kver" ] || continue
	best+="$kver"$'\n'
done
kver=$(printf '%s' "$best" | sort -V | tail -n 1)
if [ -z "$kver" ]; then
	echo "kver: no kernel with both headers and image installed;" \
	     "run scripts/install-deps.sh (linux-image-amd64 linux-headers-amd64)" >&2
	exit 1
fi
echo "$kver"
