#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the VM's initramfs: static busybox, the virtio and 9p modules of
# KVER (modules in the stock kernel, built into the debug kernel) and an
# /init that mounts this machine's root filesystem read-only over virtio-9p
# and switches into it.
#
# usage: [MODROOT=DIR] mkinitramfs.sh KVER OUTPUT.cpio.gz
#   (MODROOT: KVER's modules are under DIR/lib/modules, a chroot's)
set -euo pipefail

kver=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,dev,proc,sys,newroot,modules}
cp /bin/busybox "$stage/bin/busybox"
cp "$here/initramfs-init" "$stage/init"
chmod 755 "$stage/init"

# Load order as modprobe would resolve it, each module once; none when the
# kernel has them built in (the debug kernel).
: >"$stage/modules/order"
# Kernels without 9p (Debian's cloud flavour) get virtiofs (run.sh).
mods="virtio_pci 9pnet_virtio 9p"
modroot=${MODROOT:-/}
modprobe -d "$modroot" --show-depends -S "$kver" 9p >/dev/null 2>&1 ||
	mods="virtio_pci virtiofs"
# shellcheck disable=SC2086
modprobe -d "$modroot" --show-depends -S "$kver" -a $mods |
	awk '$1 == "insmod" && !seen[$2]++ { print $2 }' |
	while read -r ko; do
		cp "$ko" "$stage/modules/"
		basename "$ko" >>"$stage/modules/order"
	done

(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) |
	gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
