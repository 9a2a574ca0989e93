#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the debug kernel for `make check-debug` from Debian's
# linux-source-6.1: x86_64 defconfig + kvm_guest.config + kernel.config
# (KASAN, lockdep, kmemleak, UBSAN, ...). The build lives outside the clone,
# in $IPSEC_LATCH_CACHE (default /var/cache/ipsec-latch), keyed by the
# source package version, the config fragment and the compiler: a run whose
# key matches pays nothing; another key rebuilds in the same tree, so kbuild
# redoes only what the changed options touch (a first build takes about 21
# minutes on 2 cores). Installs /lib/modules/KREL, not /boot: the host's
# kernel choice, and scripts/kver.sh, must not see it.
#
# usage: kernel.sh           build if needed; print KREL and the image path
#        kernel.sh --cached  exit 0 if the kernel for this key is built
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/kernel.config
cache=${IPSEC_LATCH_CACHE:-/var/cache/ipsec-latch}
tarball=/usr/src/linux-source-6.1.tar.xz
jobs=$(($(nproc) + 1))

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null) || {
	echo "debug kernel: linux-source-6.1 is not installed (scripts/install-deps.sh)" >&2
	exit 1
}
key=$({ echo "$srcver"; gcc --version | head -n 1; cat "$fragment"; } |
	sha256sum | cut -c1-10)
src=$cache/linux-source-$srcver
mkdir -p "$cache/debug-kernel"
# kbuild records absolute paths: always build under the same real path.
out=$(readlink -f "$cache/debug-kernel")
log=$out/build.log
if [ "${1:-}" = --cached ]; then
	[ "$(cat "$out/done" 2>/dev/null)" = "$key" ]
	exit
fi

if [ "$(cat "$out/done" 2>/dev/null)" != "$key" ]; then
	if [ ! -e "$src/.extracted" ]; then
		echo "debug kernel: extracting linux-source $srcver" >&2
		rm -rf "$src" "$src.tmp"
		mkdir -p "$src.tmp"
		tar -xaf "$tarball" -C "$src.tmp" --strip-components=1
		touch "$src.tmp/.extracted"
		mv "$src.tmp" "$src"
	fi
	# Another source version shares nothing with this tree.
	if [ "$(cat "$out/srcver" 2>/dev/null)" != "$srcver" ]; then
		rm -rf "$out/build"
	fi
	rm -f "$out/done"
	mkdir -p "$out/build"
	echo "$srcver" >"$out/srcver"
	start=$(date +%s)
	echo "debug kernel: building $key (log: $log)" >&2
	{
		make -C "$src" O="$out/build" x86_64_defconfig kvm_guest.config
		"$src/scripts/kconfig/merge_config.sh" -m -O "$out/build" \
			"$out/build/.config" "$fragment"
		"$src/scripts/config" --file "$out/build/.config" \
			--set-str LOCALVERSION "-latch-debug-$key" \
			--disable LOCALVERSION_AUTO
		make -C "$src" O="$out/build" olddefconfig
	} >"$log" 2>&1 || { tail -n 30 "$log" >&2; exit 1; }
	# Every option the fragment sets must have survived olddefconfig.
	lost=$(grep -E '^(CONFIG_[A-Z0-9_]+=|# CONFIG_[A-Z0-9_]+ is not set)' "$fragment" |
		while read -r line; do
			grep -qxF "$line" "$out/build/.config" && continue
			# "not set" may also be absent when the option's parent is off
			case $line in
			"# CONFIG_"*) opt=${line#\# }; opt=${opt%% *}
				grep -q "^$opt=" "$out/build/.config" || continue ;;
			esac
			echo "$line"
		done)
	if [ -n "$lost" ]; then
		echo "debug kernel: these options of $fragment did not take:" >&2
		echo "$lost" >&2
		exit 1
	fi
	make -C "$src" O="$out/build" -j"$jobs" bzImage modules >>"$log" 2>&1 ||
		{ tail -n 40 "$log" >&2; exit 1; }
	echo "debug kernel: built in $(($(date +%s) - start)) s" >&2
	echo "$key" >"$out/done"
fi

krel=$(cat "$out/build/include/config/kernel.release")
# The VM's root is this machine's /, read-only: modprobe there looks in
# /lib/modules/KREL. Installed when missing (a new key, a new machine);
# other keys' trees go.
if [ ! -e "/lib/modules/$krel/modules.dep" ]; then
	for old in /lib/modules/*-latch-debug-*; do
		[ -e "$old" ] && [ "$old" != "/lib/modules/$krel" ] && rm -rf "$old"
	done
	make -C "$src" O="$out/build" modules_install INSTALL_MOD_STRIP=1 \
		>>"$log" 2>&1 || { tail -n 20 "$log" >&2; exit 1; }
fi
echo "$krel $out/build/arch/x86/boot/bzImage"
