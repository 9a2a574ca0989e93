#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The systemd unit's commands, as the unit file says them, against a
# fresh module: the desired state of a configuration file (templates,
# transparent mode, another netns's mode and template) is what the module
# then holds; applying it again changes nothing and exits 0; a broken line
# stops it with FILE:LINE. The unit's paths are swapped for this checkout's
# tool and a scratch file; nothing else of the unit is changed.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/scenario.sh"
set -u
unit=$REPO/tools/systemd/ipsec-latch.service
tool=$REPO/tools/ipsec-latchctl/ipsec-latchctl

scn_add_host alice
ns=$(scn_ns alice)
conf=$SCRATCH/ipsec-latch.conf
cat >"$conf" <<CONF
# the desired state of this host
template add listener proto tcp lport 22
template add connector proto udp dst 192.0.2.2 dport 53 action bypass-or-protect fallback 500
latch transparent bypass-or-protect fallback 1000

-n $ns resolve set mode queue
-n $ns template add listener proto tcp lport 2049 action bypass-or-protect
CONF

# ExecStart= lines, in order, with this checkout's paths.
apply() {
	local line rc=0
	while IFS= read -r line; do
		line=${line//\/usr\/sbin\/ipsec-latchctl/$tool}
		line=${line//\/etc\/ipsec-latch\/ipsec-latch.conf/$conf}
		eval "$line" || rc=$?
	done < <(sed -n 's/^ExecStart=//p' "$unit")
	return $rc
}
state() {
	{
		ipsec-latchctl -j template list |
			jq -c '[.[] | [.kind, .proto, .local, .lport, .remote, .rport, .action, .fallback_ms]]'
		ipsec-latchctl -j status | jq -c '[.transparent, .transparent_fallback_ms]'
		ipsec-latchctl -n "$ns" -j template list |
			jq -c '[.[] | [.kind, .proto, .lport, .action]]'
		ipsec-latchctl -n "$ns" -j status | jq -r .mode
	} 2>&1
}

modprobe -r ipsec_latch 2>/dev/null
t_eq "the unit has two ExecStart= lines: modprobe, then the file applied" 2 \
	"$(grep -c '^ExecStart=' "$unit")"
t_run "the unit's commands on a fresh module exit 0" apply
t_run "…and loaded the module" test -d /sys/module/ipsec_latch
got=$(state)
echo "# $got" | tr '\n' ' '; echo
t_match "templates as the file says (IPv4 and IPv6 listener, the connector)" \
	'^\[\["listener","tcp",null,22,null,null,"protect",null\],\["listener","tcp",null,22,null,null,"protect",null\],\["connector","udp",null,null,"192.0.2.2",53,"bypass-or-protect",500\]\]$' \
	"$(echo "$got" | sed -n 1p)"
t_eq "transparent mode as the file says" '["bypass-or-protect",1000]' \
	"$(echo "$got" | sed -n 2p)"
t_eq "netns $ns: its template and mode as the file says" \
	'[["listener","tcp",2049,"bypass-or-protect"],["listener","tcp",2049,"bypass-or-protect"]]
queue' "$(echo "$got" | sed -n 3,4p)"
t_run "applied a second time: exit 0" apply
t_eq "…and nothing changed" "$got" "$(state)"

echo "template add listener proto sctp lport 1" >>"$conf"
out=$(apply 2>&1)
rc=$?
t_ge "a broken line: the apply fails" 1 $rc
t_match "…naming the file and line" "$conf:8: " "$out"
t_eq "…and what was already there is unchanged" "$got" "$(state)"
modprobe -r ipsec_latch
exit 0
