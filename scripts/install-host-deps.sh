#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what building and running ipsec-latch from source needs on a host
# that deploys it without the .debs (make dkms-install, make install): DKMS,
# the headers of the running kernel (or of KVER), a compiler, libmnl. No
# QEMU, no test tools, no IKE daemon: the host keeps its own. Idempotent.
#
# usage: install-host-deps.sh [KVER]   (default: uname -r)
set -euo pipefail

kver=${1:-$(uname -r)}
packages=(
	# DKMS builds the module against the headers of each kernel
	dkms make gcc libc6-dev kmod
	# ipsec-latchctl
	pkg-config libmnl-dev
)
# Headers already in place, however they came, are enough.
headers=
if [ ! -e "/lib/modules/$kver/build" ]; then
	headers=linux-headers-$kver
	packages+=("$headers")
fi

. "$(dirname "$0")/packages.sh"
need_packages install-host-deps "${packages[@]}" || exit 0

echo "install-host-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq -o Acquire::Retries=3
if [ -n "$headers" ] && ! apt-cache show "$headers" >/dev/null 2>&1; then
	echo "install-host-deps: no package $headers: kernel $kver is not one of" \
		"Debian's; install its headers, or give a Debian kernel's KVER" >&2
	exit 1
fi
apt-get install -y -qq --no-install-recommends -o Acquire::Retries=3 \
	"${missing[@]}" >/dev/null
echo "install-host-deps: done"
