#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install every Debian package the project's development and tests need,
# when missing: kernel image and headers for the VM, DKMS, QEMU, strongSwan,
# libmnl, cmocka, test tools, and the tools that build and lint the .debs.
# Idempotent and quiet when nothing is missing; both README commands run it.
# --matrix: also the cloud and rt flavours of both lines (make
# check-kernels).
#
# For a build or test machine. A host that only builds and runs the module
# from source needs far less: scripts/install-host-deps.sh.
#
# It never starts, stops, disables or restarts an IKE daemon (or any other
# service): on a host whose tunnels are up, that would take them down (see
# policy-rc.d below); the tests start charon, nfsd and the rest
# themselves, in the VM.
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
	# the kernel NFS server's and client's userspace (scenario 86)
	nfs-kernel-server nfs-common
	# make check-debug builds a debug kernel from Debian's source package;
	# make lint runs its checkpatch.pl
	linux-source-6.1 bc bison flex libelf-dev libssl-dev xz-utils
	# make deb: the source tree is exported with git, built with
	# dpkg-buildpackage (debhelper, dh_dkms, fakeroot) and checked with
	# lintian; systemd provides systemd-analyze for the unit's check
	git dpkg-dev debhelper dh-dkms fakeroot lintian systemd
	# libreswan's chroot (scripts/libreswan-chroot.sh: it conflicts with
	# strongSwan as a package), and the trixie one of make check-kernels
	debootstrap
)

if [ "${1:-}" = --matrix ]; then
	packages+=(
		linux-image-cloud-amd64 linux-headers-cloud-amd64
		linux-image-rt-amd64 linux-headers-rt-amd64
		linux-image-6.12-cloud-amd64 linux-headers-6.12-cloud-amd64
		linux-image-6.12-rt-amd64 linux-headers-6.12-rt-amd64
	)
fi

. "$(dirname "$0")/packages.sh"
need_packages install-deps "${packages[@]}" || exit 0

# While apt runs, a policy-rc.d that answers 101 ("action forbidden") keeps
# the maintainer scripts (invoke-rc.d, deb-systemd-invoke) from starting,
# stopping or restarting any service: a newly installed strongSwan does not
# start charon as a host service, and an IKE daemon that apt upgrades as a
# dependency keeps running. Packaging still enables a new unit, as Debian
# does: it starts at the next boot like any installed service. Only our
# policy-rc.d is removed afterwards: an existing one (a container's, an
# admin's) stays as it was and decides alone.
policy=/usr/sbin/policy-rc.d
policy_ours=
remove_policy() {
	if [ -n "$policy_ours" ]; then
		rm -f "$policy"
	fi
}
if [ ! -e "$policy" ]; then
	trap remove_policy EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	printf '%s\n' '#!/bin/sh' \
		'# Temporary, from ipsec-latch scripts/install-deps.sh: no service' \
		'# starts or stops while it installs packages. Removed when it ends.' \
		'exit 101' >"$policy.ipsec-latch.$$"
	chmod 0755 "$policy.ipsec-latch.$$"
	# Never replace one that appeared meanwhile: link fails if it exists.
	if ln "$policy.ipsec-latch.$$" "$policy" 2>/dev/null; then
		policy_ours=1
	fi
	rm -f "$policy.ipsec-latch.$$"
fi
if [[ " ${missing[*]} " == *" strongswan"* ]] && [ -z "$policy_ours" ]; then
	echo "install-deps: $policy exists: it decides whether strongSwan starts"
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq -o Acquire::Retries=3
apt-get install -y -qq --no-install-recommends -o Acquire::Retries=3 \
	"${missing[@]}" >/dev/null
remove_policy
policy_ours=
echo "install-deps: done"
