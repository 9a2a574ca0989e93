#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM suite on several kernels, one boot each, with the module DKMS
# installed for every one of them; then one summary: a row per kernel and
# the total "N passed, N failed". The harness self-test (it must be able to
# fail) runs once, counted with the first kernel.
#
# usage: check.sh [-e VAR=VALUE]... [-p REGEX] [-x TAPFILE]... KVER[@KARG]...
# (KVER@KARG boots KVER with KARG on its command line, e.g.
# 6.12.117+deb12-amd64@preempt=full; -x: results of checks run on the host,
# e.g. the package checks, counted with the first kernel)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$here/summary.sh"
env_args=() pattern= host_taps=()
while getopts "e:p:x:" opt; do
	case $opt in
	e) env_args+=(-e "$OPTARG") ;;
	p) pattern=$OPTARG ;;
	x) host_taps+=(-x "$OPTARG") ;;
	*) echo "usage: $0 [-e VAR=VALUE]... [-p REGEX] [-x TAPFILE]... KVER..." >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "check.sh: no kernel given" >&2; exit 2; }
row_kver() { echo "${1%%@*}"; }

out=$repo/build/check
mkdir -p "$out"
"$here/selftest.sh" -k "$(row_kver "$1")" >"$out/selftest.tap"
total_p=0 total_f=0 rows=()
first=1
for row in "$@"; do
	kver=$(row_kver "$row")
	extra=()
	[ "$row" != "$kver" ] && extra+=(-a "${row#*@}")
	[ $first -eq 1 ] && extra+=(-x "$out/selftest.tap" "${host_taps[@]}")
	first=0
	echo "=== VM suite on $row"
	log=$out/$row.log
	"$here/run.sh" -k "$kver" -t 3000 "${env_args[@]}" "${extra[@]}" \
		"$here/suite.sh" "$pattern" | tee "$log"
	read -r p f < <(summary_counts "$log")
	total_p=$((total_p + p))
	total_f=$((total_f + f))
	rows+=("$(printf '%-28s %5s passed, %s failed' "$row" "$p" "$f")")
done
echo "# kernel                       results"
printf '# %s\n' "${rows[@]}"
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
