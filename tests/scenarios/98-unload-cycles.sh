#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scenario-timeout: 1500
#
# UNLOAD_CYCLES (20; make soak: 200) modprobe/rmmod cycles under load. Throughout: pings a -> b under ESP
# and a TCP echo flow, both latched. In each cycle two callers wait for SAs
# that never come: a TCP connect() (IPv4) whose SYN is held, and a blocking
# UDP sendto() (IPv6) asleep in the module with its datagram held; then
# rmmod at a random moment. Every load and unload succeeds, every sleeper
# is woken with an error at unload, nothing hangs, and the traffic still
# flows at the end. (The debug kernel's kmemleak check runs after the
# suite.)
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/fakekm.sh"
set -u
CYCLES=${UNLOAD_CYCLES:-20}
SLOW=${IPSEC_LATCH_SLOW:-1}	# time limits scale with it on slow kernels
A=$FK_A
B=$FK_B
d=/tmp/cycles
rm -rf $d
mkdir -p $d
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
# Lighter than `ip netns exec` (no mount namespace) for the 200 cycles.
in_ns() { local ns=$1; shift; nsenter --net="/run/netns/$ns" "$@"; }
# Both sleepers are in: the UDP sender asleep in the module, and a SYN and
# the datagram held (TCP waits in its own connect()). The JSON keys, read
# without jq: it costs 0.2 s a call under emulation.
sleepers_waiting() {
	ipsec-latchctl -n $A -j resolve list 2>/dev/null |
		grep -o '"\(waiters\|queued_packets\)":[0-9]*' |
		awk -F: '/waiters/ { w += $2 } /queued/ { held += $2 }
			END { exit !(w >= 1 && held >= 2) }'
}

fk_setup
fk_static_esp
# SAs that never come: a's sleepers.
fk_policy 192.0.2.33 33
fk_policy 2001:db8::21 33
# While the module loads or unloads (kernel text patched: its probes,
# ftrace hooks and the netfilter hooks' static keys) the traffic pauses:
# under QEMU's multi-threaded TCG a vCPU running through a site being
# patched can keep executing a stale int3 there and spin (soft lockup),
# a cross-vCPU code-patching problem of the emulator that no kernel code
# can prevent. Between loads and unloads the traffic runs, latched, and
# the module holds it when it goes.
traffic='ping -q -i 0.05 192.0.2.2|socat - TCP:192.0.2.2:80'
quiet_traffic() {
	pkill -STOP -f "$traffic"
	sleep 0.05
	"$@"
	local rc=$?
	pkill -CONT -f "$traffic"
	return $rc
}
# the traffic
ip netns exec $A ping -q -i 0.05 192.0.2.2 >$d/ping 2>&1 &
ping=$!
(while sleep 0.1; do echo x; done | ip netns exec $A socat - TCP:192.0.2.2:80 >$d/echo) &
echo_flow=$!

loads=0 unloads=0 woken=0 hung=0 max_unload=0 sleeper_ok=0
declare -A outcome=()
start=$(date +%s)
for ((i = 1; i <= CYCLES; i++)); do
	quiet_traffic modprobe ipsec_latch resolve_timeout_ms=600000 && loads=$((loads + 1))
	ipsec-latchctl -n $A latch transparent on
	in_ns $A sockprobe connect tcp 192.0.2.33 80 >$d/s1 &
	s1=$!
	in_ns $A sockprobe sendto 2001:db8::21 9 >$d/s2 &
	s2=$!
	for t in $(seq 1 50); do sleepers_waiting && break; sleep 0.05; done
	sleep "0.$((RANDOM % 3))"
	t=$(date +%s%N)
	quiet_traffic modprobe -r ipsec_latch && unloads=$((unloads + 1))
	t=$(ms_since "$t")
	[ "$t" -gt "$max_unload" ] && max_unload=$t
	for t in $(seq 1 $((100 * SLOW))); do
		kill -0 $s1 2>/dev/null || kill -0 $s2 2>/dev/null || break
		sleep 0.05
	done
	for s in $s1 $s2; do
		if kill -0 $s 2>/dev/null; then
			hung=$((hung + 1))
			kill $s
		fi
		wait $s 2>/dev/null
	done
	for f in $d/s1 $d/s2; do
		read -r r _ <$f
		outcome[${r:-none}]=$((${outcome[${r:-none}]:-0} + 1))
		case $r in
		ok) sleeper_ok=$((sleeper_ok + 1)) ;;
		E*) woken=$((woken + 1)) ;;
		esac
	done
done
secs=$(($(date +%s) - start))
summary=""
for r in "${!outcome[@]}"; do summary+="$r=${outcome[$r]} "; done
echo "# $CYCLES cycles in ${secs}s; slowest unload ${max_unload} ms; sleepers: $summary"
t_eq "$CYCLES loads succeeded" "$CYCLES" "$loads"
t_eq "$CYCLES unloads succeeded, with sleepers, held packets and latched traffic" "$CYCLES" "$unloads"
t_eq "no sleeper still asleep $((5 * SLOW)) s after an unload" 0 "$hung"
t_eq "every sleeper ($((2 * CYCLES))) woken with an error, none told its call succeeded" \
	"$((2 * CYCLES)) 0" "$woken $sleeper_ok"
# The worst of all cycles, each patching kernel text on every vCPU: seconds
# under emulation; a hung unload takes far longer.
[ "$max_unload" -le $((15000 * SLOW)) ] &&
	t_ok "every unload took at most $((15 * SLOW)) s ($max_unload ms at most)" ||
	t_not_ok "every unload took at most $((15 * SLOW)) s" "$max_unload ms"

modprobe ipsec_latch
r=$(ip netns exec $A ping -c 3 -i 0.2 -W 2 192.0.2.2)
t_match "after the cycles, pings over ESP still get answers" " [1-3] received" "$r"
kill $ping 2>/dev/null
wait $ping 2>/dev/null
echo "# background ping: $(tail -n 2 $d/ping | head -n 1)"
# -t: how long to wait for the echo after our FIN; b's socat forks and
# execs cat for it, seconds on a busy emulated guest.
r=$(echo hello | ip netns exec $A socat -t $((10 * SLOW)) - TCP:192.0.2.2:80 2>$d/new-flow.err)
t_eq "...and a new TCP flow echoes" hello "$r"
if [ "$r" != hello ]; then
	echo "# socat: $(cat $d/new-flow.err)"
	echo "# a: $(ip netns exec $A ss -tan | tr '\n' ';')"
	echo "# b: $(ip netns exec $B ss -tanp | tr '\n' ';')"
	ip -n $A xfrm state | sed 's/^/# a state: /'
	ip -n $A xfrm policy | sed 's/^/# a policy: /'
	ipsec-latchctl -n $A status | sed 's/^/# a: /'
	dmesg | tail -n 20 | sed 's/^/# dmesg: /'
fi
kill $echo_flow 2>/dev/null
pkill -f "TCP:192.0.2.2:80" 2>/dev/null
modprobe -r ipsec_latch
