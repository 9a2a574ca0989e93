# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the install-*deps.sh scripts: which Debian packages are
# missing, and whether this user may install them.

# need_packages NAME PKG... - set missing=( the PKGs not installed ); return
# 1 if none is; if some are and this is not root, say what to run (as NAME)
# and exit 1
need_packages() {
	local name=$1 p
	shift
	missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || missing+=("$p")
	done
	[ ${#missing[@]} -gt 0 ] || return 1
	if [ "$(id -u)" -ne 0 ]; then
		echo "$name: missing packages: ${missing[*]}" >&2
		echo "$name: run as root (or: sudo apt-get install ${missing[*]})" >&2
		exit 1
	fi
}
