#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unload never holds up the rest of the host. A datagram sender blocked in
# the kernel's own sendmsg (a full send buffer behind a slow qdisc) is
# inside a socket wrapper while the module unloads: namespaces can still be
# made meanwhile (unload holds the kernel's pernet lock only briefly), the
# sender's call completes, and unload finishes once it has. Then unloads
# that land while BYPASS-OR-PROTECT fallback timers fire: each finishes,
# and every waiting connect() gets an answer.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/fakekm.sh"
set -u
A=$FK_A
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
echo "# kernel: $(uname -r); $(grep -o 'preempt=[a-z]*' /proc/cmdline || echo 'default preemption')"

modprobe ipsec_latch
fk_setup
# An outbound policy keeps the hooks armed (with none they disarm 5 s
# after the load, module/hook_arm.c), so the sender's call is inside the
# socket wrapper. It is for .3, not the sender's .2; the fallback cases
# below use it.
fk_policy 192.0.2.3 3
# 1 kbit/s after a 1600-byte burst: a few datagrams fill the send buffer,
# then each one waits seconds for room.
tc -n $A qdisc add dev eth0 root tbf rate 1kbit burst 1600 limit 100000
ip netns exec $A python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
for i in range(8):
    s.sendto(b"x" * 1400, ("192.0.2.2", 9))
    print("sent", i, flush=True)
print("done", flush=True)
' >/tmp/blocked.out 2>&1 &
sender=$!
# It has sent what the buffer takes and sleeps for room.
sender_blocked() {
	local stat
	grep -q '^sent' /tmp/blocked.out || return 1
	read -r stat <"/proc/$sender/stat" || return 1
	stat=${stat##*) }
	[ "${stat%% *}" = S ]
}
wait_until 20 sender_blocked
sent=$(grep -c '^sent' /tmp/blocked.out)
t_ge "the sender blocks in sendmsg() with a full send buffer ($sent of 8 sent, in $(cat /proc/$sender/wchan 2>/dev/null))" \
	1 $((8 - sent))

t0=$(date +%s%N)
modprobe -r ipsec_latch &
rmmod_pid=$!
sleep 1
t1=$(date +%s%N)
# (killed after 20 s: unload holding the pernet lock would block it until
# the sender is done, which waits for the qdisc removed below; a netns
# takes seconds to make under emulation, so 10 s are allowed)
timeout -s KILL 20 ip netns add fk-probe
add_ms=$(ms_since "$t1")
ip netns delete fk-probe 2>/dev/null
t_le "a netns is made within 10 s while unload waits for the sender" \
	10000 "$add_ms"
kill -0 $rmmod_pid 2>/dev/null &&
	t_ok "unload waits for the call still in the wrapper" ||
	t_not_ok "unload waits for the call still in the wrapper" "it finished first"
tc -n $A qdisc del dev eth0 root
wait $sender
t_eq "the sender's calls all complete once there is room" done \
	"$(tail -1 /tmp/blocked.out)"
wait $rmmod_pid
rc=$?
t_eq "unload then finishes (exit 0, $(ms_since "$t0") ms in all)" 0 $rc
t_eq "the module is gone" "" "$(grep '^ipsec_latch ' /proc/modules)"

# --- unload while fallback timers fire (the policy to .3 from above) ---
for i in 1 2 3 4 5; do
	modprobe ipsec_latch
	ipsec-latchctl -n $A template add connector proto udp remote 192.0.2.3 \
		rport 9 action bypass-or-protect fallback 400 >/dev/null
	pids=()
	for j in 1 2 3; do
		ip netns exec $A sockprobe connect udp 192.0.2.3 9 \
			>/tmp/fallback-$j.out 2>&1 &
		pids+=($!)
	done
	sleep "0.$((2 + i))"	# 0.3 .. 0.7 s: before, at and after the fallback
	t0=$(date +%s%N)
	modprobe -r ipsec_latch
	rc=$?
	ms=$(ms_since "$t0")
	wait "${pids[@]}"
	answers=$(cat /tmp/fallback-[123].out | grep -cE '^(ok|EHOSTUNREACH) ')
	[ $rc -eq 0 ] && [ "$answers" -eq 3 ] && [ $ms -lt 10000 ] &&
		t_ok "unload $i at 0.$((2 + i)) s into 400 ms fallbacks: done in $ms ms, 3 connect()s answered" ||
		t_not_ok "unload $i during fallbacks" "rc $rc, $ms ms, answers: $(cat /tmp/fallback-[123].out)"
done
