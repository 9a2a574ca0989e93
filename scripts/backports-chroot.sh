#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The newest kernel of trixie-backports, for the kernel matrix. Its headers
# need trixie's compiler and C library, so it lives in a trixie chroot made
# with debootstrap from the Debian archive, cached outside the clone in
# $IPSEC_LATCH_CACHE/trixie (default /var/cache/ipsec-latch) like the debug
# kernel, with DKMS in it. Each call brings it up to the newest
# linux-image-amd64 of trixie-backports (about a minute to make, seconds
# when current).
#
# usage: backports-chroot.sh          make or update it; print its kernel
#                                     release (e.g. 7.3.4+deb13-amd64)
#        backports-chroot.sh --root   print the chroot's path
#        backports-chroot.sh --cached exit 0 if it exists (no network)
#        backports-chroot.sh --run CMD...  run CMD in it
set -euo pipefail
cache=${IPSEC_LATCH_CACHE:-/var/cache/ipsec-latch}
root=$cache/trixie
mirror=http://deb.debian.org/debian

# Commands in the chroot, with the /proc that objtool (DKMS builds) and
# apt need: mounted by the first, unmounted when this script exits.
in_root() {
	if ! mountpoint -q "$root/proc"; then
		mount -t proc proc "$root/proc"
		trap 'umount -l "$root/proc"' EXIT
	fi
	chroot "$root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 \
		PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

case ${1:-} in
--root) echo "$root"; exit 0 ;;
--cached) [ -e "$root/.ready" ]; exit ;;
--run) shift; in_root "$@"; exit ;;
"") ;;
*) echo "usage: $0 [--root|--cached|--run CMD...]" >&2; exit 2 ;;
esac

if [ ! -e "$root/.ready" ]; then
	command -v debootstrap >/dev/null ||
		apt-get install -y -q --no-install-recommends debootstrap >&2
	# A run cut short may have left /proc mounted in it.
	umount -R "$root/proc" "$root.tmp/proc" 2>/dev/null || true
	rm -rf --one-file-system "$root" "$root.tmp"
	mkdir -p "$cache"
	echo "backports-chroot: debootstrap trixie into $root" >&2
	debootstrap --variant=minbase --include=ca-certificates trixie \
		"$root.tmp" "$mirror" >&2
	cat >"$root.tmp/etc/apt/sources.list.d/backports.sources" <<EOF
Types: deb
URIs: $mirror
Suites: trixie-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
	mv "$root.tmp" "$root"
fi
in_root dpkg --configure -a >&2 || true	# a run cut short
in_root apt-get update -q >&2
# initramfs-tools, not dracut (which cannot build in a minbase chroot):
# the kernel package wants one; the VM boots with its own initramfs.
in_root apt-get install -y -q --no-install-recommends -t trixie-backports \
	linux-image-amd64 linux-headers-amd64 dkms initramfs-tools kmod make \
	gcc >&2
touch "$root/.ready"
# The release the meta-package points at: the newest one installed.
in_root dpkg-query -W -f='${Depends}\n' linux-image-amd64 | tr ',' '\n' |
	sed -n 's/^ *linux-image-\([^ ]*\) .*/\1/p'
