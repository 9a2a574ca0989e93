#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input is refused with a clear error and changes nothing: malformed
# generic netlink requests (answered with extack text), bad command lines
# (usage, exit 2), and the tool run without the module (one clear line).
. "$REPO/tests/lib/tap.sh"
set -u

probe() { # probe MODE EXPECTED-REGEX DESCRIPTION
	local out
	out=$(nlprobe "$1" 2>&1)
	local rc=$?
	if [ $rc -ne 0 ]; then
		t_not_ok "$3" "nlprobe $1 exit $rc: $out"
		return
	fi
	t_match "$3" "$2" "$out"
}

# The status a request could change: not the module-wide hook counts,
# which any packet in any netns moves (a late IPv6 ND or MLD, say).
state() { ipsec-latchctl -j status | jq -c 'del(.hook_calls, .hook_missed, .hooks)'; }

modprobe ipsec_latch
ipsec-latchctl status reset
before=$(state)

probe unknown-cmd '^EOPNOTSUPP' \
	"unknown genl command refused (EOPNOTSUPP)"
probe unknown-attr '^EINVAL Unknown attribute type' \
	"unknown attribute refused with extack 'Unknown attribute type'"
probe reply-attr '^EINVAL attribute is only valid in replies' \
	"reply-only attribute in a request refused with extack text"
probe truncated-attr '^EINVAL .+' \
	"attribute longer than the message refused with extack text"
probe bad-nest '^EINVAL .+' \
	"counters attribute of the wrong type refused with extack text"
probe set-bad-mode '^ERANGE integer out of range' \
	"SET with a mode out of range refused with extack text"
probe set-short-mode '^EINVAL .+' \
	"SET with a mode of the wrong size refused with extack text"
probe set-empty '^EINVAL nothing to set' \
	"SET with nothing to set refused with extack text"
t_eq "bad requests changed no counter, parameter or mode" "$before" \
	"$(state)"

usage_case() { # usage_case DESCRIPTION ARGS...
	local desc=$1 out rc
	shift
	out=$(ipsec-latchctl "$@" 2>&1)
	rc=$?
	t_eq "$desc: exit 2" 2 $rc
	t_match "$desc: message and usage" "[Uu]sage" "$out"
}
usage_case "unknown subcommand" frobnicate
usage_case "unknown option" --bogus status
usage_case "extra argument to status" status show extra
usage_case "-n without a netns name" -n
t_run "status -h prints help, exit 0" ipsec-latchctl status -h

modprobe -r ipsec_latch
out=$(ipsec-latchctl status 2>&1)
rc=$?
t_eq "tool without the module exits 1" 1 $rc
t_eq "…printing exactly one line" 1 "$(printf '%s\n' "$out" | wc -l)"
t_match "…that says so and how to load it" "not loaded.*modprobe ipsec_latch" "$out"
out=$(nlprobe unknown-attr 2>&1)
t_eq "nlprobe without the module fails at family lookup (exit 1)" 1 $?
exit 0
