#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install every Debian package the project needs, when missing: kernel image
# and headers for the VM, DKMS, QEMU, strongSwan, libmnl, cmocka, test tools.
# Idempotent and quiet when nothing is missing; both README commands run it.
# --matrix: also the cloud and rt flavours of both lines, and debootstrap
# for the trixie-backports chroot (make check-kernels).
set -euo pipefail

packages=(
	# the target kernels, each an image booted in the VM and headers to
	# build against: Debian 12's 6.1 and the 6.12 line Debian 13 runs
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	# module build and install
	make gcc libc6-dev dkms kmod
	# the VM: emulator, a static shell for the initramfs, cpio to pack it
	qemu-system-x86 busybox-static cpio gzip
	# ipsec-latchctl and the test helpers
	pkg-config libmnl-dev
	# unit tests (AddressSanitizer comes with gcc)
	libcmocka-dev
	# scenarios run in the guest from this machine's userspace
	iproute2 iputils-ping socat tcpdump procps psmisc jq util-linux
	python3 iperf3 nftables
	strongswan-charon strongswan-swanctl libstrongswan-standard-plugins
	# make check-debug builds a debug kernel from Debian's source package;
	# make lint runs its checkpatch.pl
	linux-source-6.1 bc bison flex libelf-dev libssl-dev xz-utils
)

if [ "${1:-}" = --matrix ]; then
	packages+=(
		linux-image-cloud-amd64 linux-headers-cloud-amd64
		linux-image-rt-amd64 linux-headers-rt-amd64
		linux-image-6.12-cloud-amd64 linux-headers-6.12-cloud-amd64
		linux-image-6.12-rt-amd64 linux-headers-6.12-rt-amd64
		# the trixie chroot of the backports kernel (backports-chroot.sh)
		debootstrap
	)
fi

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q '^install ok installed$' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages: ${missing[*]}" >&2
	echo "install-deps: run as root (or: sudo apt-get install ${missing[*]})" >&2
	exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq -o Acquire::Retries=3
apt-get install -y -qq --no-install-recommends -o Acquire::Retries=3 \
	"${missing[@]}" >/dev/null
# charon must only run where the tests start it, never as a host service.
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
	systemctl disable --now strongswan-starter.service >/dev/null 2>&1 || true
fi
echo "install-deps: done"
