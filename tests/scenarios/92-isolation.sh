#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Permissions and isolation.
#  - An unprivileged user (uid 65534) may read its netns's status (mode,
#    counters) and nothing else: the dumps (templates, latches,
#    resolutions, identities) and the events group are refused with EPERM,
#    as `ip xfrm` refuses it the SAs and policies; every change is refused
#    with EPERM and changes nothing.
#  - A user namespace's root controls the netns its user namespace owns,
#    and nothing in a netns it does not own.
#  - Two netns see and affect nothing of each other: templates, transparent
#    mode, mode, latches, resolutions, counters, events.
#  - Deleting a netns with live state (templates, identities, BYPASS
#    latches with SPD entries, a pending resolution with held packets)
#    frees it all: the module unloads at once after, and on the debug
#    kernel kmemleak finds nothing of ours.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/fakekm.sh"	# and scenario.sh, subscribed.sh
set -u
A=$FK_A
B=$FK_B
C=il-iso-c
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
state() { # state NETNS: what a change would show
	{
		ipsec-latchctl -n "$1" -j status | jq -c '{mode, transparent}'
		ipsec-latchctl -n "$1" -j template list
		ipsec-latchctl -n "$1" -j identity list
	} 2>&1
}
count() { ipsec-latchctl -n "$1" -j "${@:2}" | jq length; }
ctr() { ipsec-latchctl -n "$1" -j status | jq ".counters.$2"; }
cleanup() {
	kill $(jobs -p) 2>/dev/null
	ip netns del $C 2>/dev/null
	ip -all netns delete 2>/dev/null
}
trap cleanup EXIT

modprobe ipsec_latch
fk_setup
ipsec-latchctl -n $A template add listener proto tcp lport 2049 action protect >/dev/null
ipsec-latchctl -n $A identity set peer 192.0.2.9 reqid 7 id a.example >/dev/null
ipsec-latchctl -n $B template add listener proto udp lport 9 action protect >/dev/null

# --- the unprivileged user ---
before=$(state $A)
out=$(ip netns exec $A "${NOBODY[@]}" ipsec-latchctl status 2>&1)
t_match "unprivileged: status can be read" "^mode \(this netns\): wait" "$out"
out=$(ipsec-latchctl -n $A template list 2>&1)
t_match "root: templates can be read" "listener +tcp .*2049" "$out"
out=$(ipsec-latchctl -n $A identity list 2>&1)
t_match "root: identities can be read" "a\.example" "$out"
refused=0 total=0
while read -r cmd; do
	total=$((total + 1))
	# shellcheck disable=SC2086
	out=$(ip netns exec $A "${NOBODY[@]}" ipsec-latchctl $cmd 2>&1)
	rc=$?
	if [ $rc -ne 0 ] && grep -q "Operation not permitted.*needs CAP_NET_ADMIN" <<<"$out"; then
		refused=$((refused + 1))
	else
		echo "# unprivileged '$cmd': exit $rc: $out"
	fi
done <<'EOF'
template add listener proto tcp lport 22 action protect
template add connector proto udp remote 192.0.2.2 rport 53
template del 1
template flush
latch transparent on
latch transparent bypass-or-protect fallback 100
identity set peer 192.0.2.9 reqid 8 id evil.example
identity del peer 192.0.2.9 reqid 7
status reset
resolve set mode off
EOF
t_eq "unprivileged: all $total kinds of change refused with EPERM and the CAP_NET_ADMIN hint" \
	"$total" "$refused"
t_eq "unprivileged: the netns's state is unchanged" "$before" "$(state $A)"

# --- a user namespace's root ---
userns=(unshare -U -r)
if ! "${NOBODY[@]}" unshare -U -r true 2>/dev/null; then
	echo "# unprivileged user namespaces are off here: root makes them"
else
	userns=("${NOBODY[@]}" unshare -U -r)
fi
out=$(ip netns exec $A "${userns[@]}" ipsec-latchctl template add listener \
	proto tcp lport 22 action protect 2>&1)
t_match "userns root, in a netns it does not own: template add refused (EPERM)" \
	"Operation not permitted" "$out"
out=$(ip netns exec $A "${userns[@]}" ipsec-latchctl latch transparent on 2>&1)
t_match "userns root, in a netns it does not own: transparent on refused" \
	"Operation not permitted" "$out"
t_eq "userns root: the netns it does not own is unchanged" "$before" "$(state $A)"
out=$(ip netns exec $A "${userns[@]}" -n ipsec-latchctl -j status 2>&1)
t_eq "a netns a user namespace owns starts with resolution off (userns_mode)" \
	off "$(jq -r .mode <<<"$out" 2>&1)"
out=$(ip netns exec $A "${userns[@]}" -n sh -c '
	ipsec-latchctl template add listener proto tcp lport 22 action protect >/dev/null &&
	ipsec-latchctl latch transparent bypass-or-protect &&
	ipsec-latchctl resolve set mode queue &&
	ipsec-latchctl identity set peer 198.51.100.1 reqid 1 id own.example >/dev/null &&
	ipsec-latchctl -j status | jq -r "\"\(.mode) \(.transparent)\"" &&
	ipsec-latchctl -j template list | jq -r "[.[].lport] | join(\",\")" &&
	ipsec-latchctl -j identity list | jq -r ".[].id"' 2>&1)
t_eq "userns root controls the netns its user namespace owns" \
	"queue bypass-or-protect 22,22 own.example" "$(tr '\n' ' ' <<<"$out" | sed 's/ $//')"
t_eq "... and that changed nothing in the netns it came from" "$before" "$(state $A)"
out=$(ip netns exec $A "${userns[@]}" ipsec-latchctl -n $B template flush 2>&1)
t_match "userns root cannot enter another netns to change it" "needs CAP_SYS_ADMIN" "$out"
t_eq "... whose templates stay" 2 "$(count $B template list)"

# --- two netns ---
subs_a=$(subscribers $A) subs_b=$(subscribers $B)
ip netns exec $B ipsec-latchctl -j monitor >/tmp/iso-monitor-b 2>&1 &
mon_b=$!
ip netns exec $A ipsec-latchctl -j monitor >/tmp/iso-monitor-a 2>&1 &
mon_a=$!
wait_subscribed $A 1 "$subs_a"
wait_subscribed $B 1 "$subs_b"
# a: a BYPASS latch (a clear flow to b under a bypass-or-protect
# connector), a pending resolution with a held packet, transparent mode.
ipsec-latchctl -n $A template add connector proto tcp remote 192.0.2.2 rport 80 \
	action bypass-or-protect >/dev/null
(sleep 30 | ip netns exec $A socat - TCP:192.0.2.2:80) &
ipsec-latchctl -n $A resolve set mode queue
fk_policy 192.0.2.30 7
ip netns exec $A sockprobe sendto 192.0.2.30 9 >/dev/null
ipsec-latchctl -n $A latch transparent on
wait_until 10 sh -c "[ \$(ipsec-latchctl -n $A -j latch list | jq length) = 1 ] &&
	[ \$(ipsec-latchctl -n $A -j resolve list | jq length) = 1 ]"
t_eq "netns a: its BYPASS latch is listed" 1 "$(count $A latch list)"
t_eq "netns a: its pending resolution is listed" 1 "$(count $A resolve list)"
t_eq "netns b: sees no latch of a" 0 "$(count $B latch list)"
t_eq "netns b: sees no resolution of a" 0 "$(count $B resolve list)"
t_eq "netns b: sees only its own templates (udp 9, IPv4 and IPv6)" \
	"udp:9,udp:9" "$(ipsec-latchctl -n $B -j template list |
		jq -r '[.[] | "\(.proto):\(.lport)"] | join(",")')"
t_eq "netns b: its transparent mode and mode are its own" \
	'{"mode":"wait","transparent":"off"}' \
	"$(ipsec-latchctl -n $B -j status | jq -c '{mode, transparent}')"
t_eq "netns b: its counters saw none of a's latches or held packets" "0 0" \
	"$(ctr $B latch_created) $(ctr $B pkt_queued)"
t_eq "netns a: its counters did" "1 1" "$(ctr $A latch_created) $(ctr $A pkt_queued)"
wait_until 10 grep -q '"latched"' /tmp/iso-monitor-a
kill $mon_a $mon_b 2>/dev/null
wait $mon_a $mon_b 2>/dev/null
t_match "netns a: its monitor saw the latch" '"latched"' "$(cat /tmp/iso-monitor-a)"
t_eq "netns b: its monitor saw no event of a" "" "$(cat /tmp/iso-monitor-b)"

# --- what only an administrator reads ---
# Netns a now has a latch, a resolution, templates and an identity: the
# unprivileged user sees none of it, as `ip xfrm` shows it no SA.
for cmd in "template list" "identity list" "latch list" "resolve list"; do
	n=$(ipsec-latchctl -n $A -j $cmd | jq length)
	# shellcheck disable=SC2086
	out=$(ip netns exec $A "${NOBODY[@]}" ipsec-latchctl $cmd 2>&1)
	rc=$?
	if [ "$n" -ge 1 ] && [ $rc -eq 1 ] &&
	   grep -q "Operation not permitted.*needs CAP_NET_ADMIN" <<<"$out"; then
		t_ok "unprivileged: $cmd refused with EPERM ($n entries hidden)"
	else
		t_not_ok "unprivileged: $cmd refused with EPERM" \
			"root sees $n; exit $rc: $out"
	fi
done
out=$(ip netns exec $A "${NOBODY[@]}" timeout 5 ipsec-latchctl monitor 2>&1)
rc=$?
t_eq "unprivileged: monitor refused (exit 1, not left waiting)" 1 "$rc"
t_match "…saying the events group needs CAP_NET_ADMIN" \
	"'events' multicast group: Operation not permitted.*CAP_NET_ADMIN" "$out"

# --- deleting a netns with live state ---
ip netns add $C
ip -n $C link set lo up
ip -n $C link add v0 type veth peer name v1
ip -n $C addr add 203.0.113.1/24 dev v0
ip -n $C link set v0 up
ip -n $C link set v1 up
ip -n $C xfrm policy add src 203.0.113.1 dst 203.0.113.9 dir out \
	tmpl proto esp reqid 9 mode transport
ip netns exec $C ip xfrm monitor acquire >/dev/null 2>&1 &
acq=$!
ipsec-latchctl -n $C resolve set mode queue
ipsec-latchctl -n $C identity set peer 203.0.113.9 reqid 9 id c.example >/dev/null
ipsec-latchctl -n $C template add listener proto tcp lport 7 action bypass-or-protect >/dev/null
ip netns exec $C socat TCP-LISTEN:7,reuseaddr,fork EXEC:cat &
srv=$!
wait_until 10 ns_listening $C tcp 7
(sleep 60 | ip netns exec $C socat - TCP:127.0.0.1:7) &
cli=$!
for i in 1 2 3 4 5; do ip netns exec $C sockprobe sendto 203.0.113.9 9 >/dev/null; done
wait_until 10 at_least 1 count $C latch list
live="$(count $C latch list) latches, $(count $C resolve list) resolutions, $(ctr $C pkt_queued) held, $(ip -n $C xfrm policy | grep -c 'priority 0 ')"
t_match "netns c has live state: latches, a resolution, held packets, BYPASS SPD entries" \
	"^[1-9][0-9]* latches, 1 resolutions, 5 held, [1-9]" "$live"
kill $acq $srv $cli 2>/dev/null
pkill -f "TCP:127.0.0.1:7" 2>/dev/null
wait $acq $srv $cli 2>/dev/null
ip netns del $C
# The netns goes once its last process is gone; cleanup_net runs our exit.
sleep 2
start=$(date +%s%N)
t_run "after deleting netns c, the module unloads" modprobe -r ipsec_latch
echo "# unload took $(( ($(date +%s%N) - start) / 1000000 )) ms"
if [ -e /sys/kernel/debug/kmemleak ]; then
	bash "$REPO/tests/debug/kmemleak-check.sh" netns-delete
fi
