#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# libreswan for the VM's tests. libreswan and strongSwan conflict as Debian
# packages, and the tests need both: libreswan lives in a bookworm chroot
# made with debootstrap from the Debian archive, cached outside the clone
# in $IPSEC_LATCH_CACHE/libreswan (default /var/cache/ipsec-latch), with
# libmnl for ipsec-latchctl, which its updown hook runs. The VM sees it
# read-only through its 9p root; tests/lib/libreswan.sh starts pluto in it.
# About a minute to make; nothing to do when it exists.
#
# usage: libreswan-chroot.sh           make it if missing; print its path
#        libreswan-chroot.sh --root    print its path
#        libreswan-chroot.sh --cached  exit 0 if it exists (no network)
set -euo pipefail
cache=${IPSEC_LATCH_CACHE:-/var/cache/ipsec-latch}
root=$cache/libreswan
mirror=http://deb.debian.org/debian

case ${1:-} in
--root) echo "$root"; exit 0 ;;
--cached) [ -e "$root/.ready" ]; exit ;;
"") ;;
*) echo "usage: $0 [--root|--cached]" >&2; exit 2 ;;
esac

if [ -e "$root/.ready" ]; then
	echo "$root"
	exit 0
fi
command -v debootstrap >/dev/null ||
	apt-get install -y -q --no-install-recommends debootstrap >&2
rm -rf --one-file-system "$root.tmp"
mkdir -p "$cache"
echo "libreswan-chroot: debootstrap bookworm with libreswan into $root" >&2
debootstrap --variant=minbase bookworm "$root.tmp" "$mirror" >&2
# apt, not debootstrap, for libreswan: it depends on a virtual package.
# Its _updown needs ip; its NSS database, certutil.
mount -t proc proc "$root.tmp/proc"
trap 'umount -l "$root.tmp/proc" 2>/dev/null || true' EXIT
chroot "$root.tmp" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 \
	PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	apt-get install -y -q --no-install-recommends libreswan iproute2 \
	libnss3-tools libmnl0 procps >&2
umount -l "$root.tmp/proc"
trap - EXIT
# Mount points the guest fills: the checkout (its tool and hook), and
# the writable places pluto needs on a read-only root.
mkdir -p "$root.tmp/opt/ipsec-latch" "$root.tmp/var/lib/ipsec/nss" \
	"$root.tmp/run"
rm -rf "$root"
mv "$root.tmp" "$root"
touch "$root/.ready"
echo "$root"
