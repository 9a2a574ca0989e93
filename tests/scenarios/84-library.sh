#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# libipsec-latch, as an application uses it (examples/ipsec-latch-whoami):
# an unprivileged process asks for its own socket who the peer is and what
# protects the flow, checks that against its policy, and latches its
# connection with ipsec_latch_require() -- no template, no privilege.
# strongSwan on both ends (trap policies, ESP transport, IKE identities).
#  - own socket, unprivileged: query allowed; IPv4 and IPv6, TCP and
#    connected UDP; the peer's IKE identity and the QoP;
#  - the policy check accepts and rejects, saying why;
#  - descriptors that are not a socket, not connected, or not latched get
#    their own errors; another process's socket cannot be named (the
#    kernel resolves the descriptor in the caller);
#  - require PROTECT with no IKE peer: connect() fails with EHOSTUNREACH
#    once the resolution fails (IPv4 TCP and connected UDP); require
#    BYPASS-OR-PROTECT: EPERM for an unprivileged caller, and for root it
#    falls back to the clear after its own time (IPv6 TCP and connected
#    UDP) and stays BYPASS after the peer's IKE is back (IPv4 TCP).
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/scenario.sh"
set -u
PORT=5001
WHOAMI=$REPO/examples/ipsec-latch-whoami
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

ctl() { local h=$1; shift; ipsec-latchctl -n "$(scn_ns "$h")" "$@"; }
ctr() { ctl "$1" -j status | jq ".counters.$2"; }
# as_nobody HOST CMD...: CMD in HOST's netns as an unprivileged user
as_nobody() { local h=$1; shift; ip netns exec "$(scn_ns "$h")" "${NOBODY[@]}" "$@"; }
# timed OUT CMD...: CMD's output in OUT, then "elapsed_ms N" (its time)
timed() {
	local out=$1 start
	shift
	start=$(scn_now_us)
	"$@" >"$out" 2>&1
	echo "elapsed_ms $(scn_elapsed_ms "$start")" >>"$out"
}
elapsed_ms() { sed -n 's/^elapsed_ms //p' "$1"; }

modprobe ipsec_latch resolve_timeout_ms=8000
scn_two_hosts
sw_latch_updown
sw_transport_up alice bob
# The IKE_SAs first: alice's updown hook names bob after its SAs are in,
# and a flow's first packets may leave before that (its latch then shows
# the derived identity until a later packet finds the IKE one).
sw_initiate alice alice-bob-4
sw_initiate alice alice-bob-6
wait_until 20 sh -c "[ \$(ipsec-latchctl -n $(scn_ns alice) identity list | grep -c bob.example) -ge 2 ]"
tcp_servers bob $PORT
ip netns exec "$(scn_ns bob)" socat -u UDP6-RECVFROM:9,ipv6only=0,fork \
	OPEN:/dev/null &
wait_until 10 sh -c "ip netns exec $(scn_ns bob) ss -Hlun 'sport = :9' | grep -q ."

# --- an unprivileged application, its own socket ------------------------
out=$(as_nobody alice "$WHOAMI" -r protect "$BOB4" $PORT 2>&1)
t_match "requests not allowed in alice's netns yet: EOPNOTSUPP, saying who allows them" \
	"require: Operation not supported: .*ipsec-latchctl latch requests on" "$out"
t_run "the administrator allows them" ctl alice latch requests on
t_match "…latch stats says so" "socket requests: on \(0 live\)" "$(ctl alice latch stats)"
for fam in 4 6; do
	if [ $fam = 4 ]; then b=$BOB4; else b=$BOB6; fi
	out=$(as_nobody alice "$WHOAMI" -r protect -w 10000 \
		-p "protected esp transport aead min-key-bits=128 peer=bob.* ike-identity" \
		"$b" $PORT 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	t_eq "IPv$fam TCP, unprivileged: require, connect, query and check succeed" 0 $rc
	t_match "IPv$fam TCP: the latch its socket asked for" \
		'latch: established protect \(decided: protected\), requested by this socket' "$out"
	t_match "IPv$fam TCP: …names bob's IKE identity" 'peer: "bob.example" \(IKE identity\)' "$out"
	t_match "IPv$fam TCP: …and the protection (ESP transport, AES-GCM-128)" \
		'protection: esp transport rfc4106\(gcm\(aes\)\) 128 bits' "$out"
	t_match "IPv$fam TCP: …which meets its policy" '^policy: met$' "$out"

	out=$(as_nobody alice "$WHOAMI" -u -r protect -w 10000 \
		-p "esp peer=bob.example" "$b" 9 2>&1)
	t_eq "IPv$fam connected UDP: query and check succeed" 0 $?
	t_match "IPv$fam connected UDP: latched to bob.example" \
		'latch: established protect.*requested' "$out"
done

out=$(as_nobody alice "$WHOAMI" -r protect -w 10000 -p "esp min-key-bits=256" \
	"$BOB4" $PORT 2>&1)
t_eq "the check rejects what the flow lacks (exit 1)" 1 $?
t_match "…saying why" '^policy: not met: keys of 256 bits wanted, the flow.s weakest has 128$' "$out"
out=$(as_nobody alice "$WHOAMI" -p "min-key-bits=lots" "$BOB4" $PORT 2>&1)
t_eq "a policy that does not parse: an error (exit 2)" 2 $?
t_match "…naming the word" "min-key-bits wants a number" "$out"

# --- descriptors that are not a latched flow -----------------------------
out=$(as_nobody alice "$WHOAMI" -f 0 </dev/null 2>&1)
t_match "a descriptor that is not a socket: ENOTSOCK" \
	"Socket operation on non-socket: the descriptor is not a socket" "$out"
out=$(as_nobody alice "$WHOAMI" -f 987 2>&1)
t_match "a descriptor the caller does not have: EBADF" \
	"Bad file descriptor: no such descriptor in the calling process" "$out"
out=$(as_nobody alice python3 -c '
import os, socket, subprocess, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
os.set_inheritable(s.fileno(), True)
subprocess.run([sys.argv[1], "-f", str(s.fileno())], close_fds=False)
' "$WHOAMI" 2>&1)
t_match "an unconnected UDP socket: ENOTCONN" "not connected" "$out"
# (the library itself, from Python: whoami asks only before its connect)
out=$(as_nobody alice python3 -c '
import ctypes, os, socket, sys
lib = ctypes.CDLL(sys.argv[1], use_errno=True)
lib.ipsec_latch_errmsg.restype = ctypes.c_char_p
s = socket.create_connection((sys.argv[2], int(sys.argv[3])))
rc = lib.ipsec_latch_require(s.fileno(), 0, 0)	# IPSEC_LATCH_PROTECT
print(rc, os.strerror(ctypes.get_errno()), lib.ipsec_latch_errmsg().decode())
' "$REPO/lib/libipsec-latch.so.0" "$BOB4" $PORT 2>&1)
t_match "require on a connected socket: EISCONN, saying to ask before connect()" \
	"^-1 Transport endpoint is already connected .*ask before connect\(\)" "$out"
out=$(as_nobody alice "$WHOAMI" -u 127.0.0.1 9 2>&1)
t_match "a flow no template or request covers (loopback UDP): ENOENT" \
	"No such file or directory: the socket's flow has no latch" "$out"
# Another user's socket: root holds a latched flow (transparent mode, for
# it); the same descriptor number in the unprivileged process names what
# that process has there (nothing, or one of its own), never root's.
ctl alice latch transparent on
coproc ROOTFLOW { ip netns exec "$(scn_ns alice)" python3 -c '
import os, socket, sys, time
s = socket.create_connection((sys.argv[1], 5001))
s.sendall(b"x\n")
print(s.fileno(), s.getsockname()[1], os.getpid(), flush=True)
time.sleep(30)
' "$BOB4"; }
read -r -t 30 rootfd rootport rootpid <&"${ROOTFLOW[0]}"
wait_until 10 sh -c "ipsec-latchctl -n $(scn_ns alice) latch list lport ${rootport:-1} | grep -q established"
t_match "root's flow is latched" 'established protect' \
	"$(ctl alice latch list lport "${rootport:-1}")"
out=$(as_nobody alice "$WHOAMI" -f "${rootfd:-99}" 2>&1)
rc=$?
echo "# nobody asking for fd $rootfd: $out"
if [ $rc = 2 ] && ! grep -q "^latch:" <<<"$out"; then
	t_ok "another process's socket cannot be named: the number is the caller's"
else
	t_not_ok "another process's socket cannot be named" "exit $rc: $out"
fi
out=$(as_nobody alice ipsec-latchctl who "${rootpid:-1}/${rootfd:-99}" 2>&1)
echo "# nobody: who $rootpid/$rootfd: $out"
t_match "…nor taken from root's process (who PID/FD: pidfd_getfd, EPERM)" \
	"Operation not permitted" "$out"
out=$(as_nobody alice ipsec-latchctl latch list 2>&1)
t_match "…and the administrator's view stays refused (EPERM)" "Operation not permitted" "$out"
kill "$ROOTFLOW_PID" ${rootpid:+"$rootpid"} 2>/dev/null

# Transparent mode, like a request, latches a connected UDP socket's own
# flow, not a datagram it sends elsewhere with sendto() (also protected).
ip netns exec "$(scn_ns alice)" python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect((sys.argv[1], 9))
s.send(b"own\n")
s.sendto(b"elsewhere\n", (sys.argv[1], 10))
print(s.getsockname()[1], flush=True)
time.sleep(20)
' "$BOB4" >"$SCRATCH/udp-port" 2>&1 &
udp_pid=$!
wait_until 10 grep -q . "$SCRATCH/udp-port"
uport=$(head -n1 "$SCRATCH/udp-port")
wait_until 10 sh -c "ipsec-latchctl -n $(scn_ns alice) latch list proto udp lport ${uport:-1} rport 9 | grep -q protect"
t_match "transparent mode: the connected UDP socket's flow is latched" 'protect' \
	"$(ctl alice latch list proto udp lport "${uport:-1}" rport 9)"
t_eq "…its sendto() to another port is not" "" \
	"$(ctl alice latch list proto udp lport "${uport:-1}" rport 10)"
kill "$udp_pid" 2>/dev/null
ctl alice latch transparent off

# --- require, when the peer has no IKE ------------------------------------
out=$(as_nobody alice "$WHOAMI" -r bypass-or-protect "$BOB4" $PORT 2>&1)
t_match "require bypass-or-protect, unprivileged: EPERM, saying why" \
	"require: Operation not permitted: BYPASS_OR_PROTECT needs CAP_NET_ADMIN" "$out"
sw_stop bob
wait_until 10 sh -c "[ -z \"\$(ip -n $(scn_ns alice) xfrm state)\" ]"
tcp_servers bob 5002
# TCP and connected UDP at once, each timed on its own. Over IPv4: a failed
# resolution answers new callers at once for xfrm_acq_expires (30 s), and
# the fallbacks below are timed over IPv6.
# (no template, transparent mode off: only the request latches the flow;
# a UDP connect() sends nothing, so only TCP shows a latch while it waits)
timed "$SCRATCH/protect-tcp.out" as_nobody alice "$WHOAMI" -r protect "$BOB4" 5002 &
pids=($!)
timed "$SCRATCH/protect-udp.out" as_nobody alice "$WHOAMI" -u -r protect "$BOB4" 9 &
pids+=($!)
t_run "require protect, no IKE peer: while IKE tries, the flow is latched PROTECT, requested" \
	wait_until 6 sh -c "ipsec-latchctl -n $(scn_ns alice) latch list remote $BOB4 rport 5002 | grep -q 'larval protect.* requested'"
wait "${pids[@]}"
for proto in tcp udp; do
	out=$(cat "$SCRATCH/protect-$proto.out")
	ms=$(elapsed_ms "$SCRATCH/protect-$proto.out")
	what="IPv4 TCP" && [ $proto = udp ] && what="IPv4 connected UDP"
	t_match "$what: connect() fails with EHOSTUNREACH" "connect: No route to host" "$out"
	t_ge "…once the resolution failed (resolve_timeout_ms 8 s; ${ms} ms)" 7500 "${ms:-0}"
	t_le "…not after TCP's minutes of SYNs, nor never" 30000 "${ms:-99999}"
done

# BYPASS-OR-PROTECT: whoami over IPv6 (TCP, connected UDP), and beside them
# a connection that stays open over IPv4 (the library from Python), each
# with its own 3 s.
# Bob's end of a clear connection must stay clear once his IKE is back.
ctl bob template add listener proto tcp lport 5002 action bypass-or-protect >/dev/null
rm -f "$SCRATCH/bop.go" "$SCRATCH/bop.go.end"
ip netns exec "$(scn_ns alice)" python3 -c '
import ctypes, os, socket, subprocess, sys, time
lib = ctypes.CDLL(sys.argv[1], use_errno=True)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
if lib.ipsec_latch_require(s.fileno(), 1, 3000):	# BYPASS_OR_PROTECT
	sys.exit("require: " + os.strerror(ctypes.get_errno()))
s.connect((sys.argv[2], 5002))
os.set_inheritable(s.fileno(), True)
def who(when):	# whoami -f on this socket, on one line
	out = subprocess.run([sys.argv[3], "-f", str(s.fileno())],
			     close_fds=False, capture_output=True, text=True)
	print(when + ":", out.stdout.replace("\n", "; "), flush=True)
def wait_for(path):
	while not os.path.exists(path):
		time.sleep(0.1)
print("port:", s.getsockname()[1], flush=True)
who("before")
wait_for(sys.argv[4])
s.sendall(b"later\n")
print("echo:", s.recv(100).decode().strip(), flush=True)
who("after")
wait_for(sys.argv[4] + ".end")
' "$REPO/lib/libipsec-latch.so.0" "$BOB4" "$WHOAMI" "$SCRATCH/bop.go" \
	>"$SCRATCH/bop.out" 2>&1 &
bop=$!
timed "$SCRATCH/bop-tcp.out" scn_exec alice "$WHOAMI" -r bypass-or-protect:3000 "$BOB6" 5002 &
pids=($!)
timed "$SCRATCH/bop-udp.out" scn_exec alice "$WHOAMI" -u -r bypass-or-protect:3000 "$BOB6" 9 &
pids+=($!)
wait "${pids[@]}"
for proto in tcp udp; do
	out=$(cat "$SCRATCH/bop-$proto.out")
	ms=$(elapsed_ms "$SCRATCH/bop-$proto.out")
	echo "$out" | sed 's/^/# /'
	what="IPv6 TCP" && [ $proto = udp ] && what="IPv6 connected UDP"
	t_match "require bypass-or-protect (root), no IKE peer, $what: connects in the clear" \
		'latch: established bypass \(decided: (timeout|ike-failed)\), requested by this socket' "$out"
	t_match "…not protected" 'peer: none' "$out"
	# (3 s, not the default 2 s; the resolution fails at 8 s)
	t_ge "…after its own fallback time (3 s; ${ms} ms)" 2900 "${ms:-0}"
	t_le "…and soon after it, before the resolution fails" 7000 "${ms:-99999}"
done
wait_until 10 grep -q "^before:" "$SCRATCH/bop.out"
t_match "the open IPv4 connection fell back too" \
	'^before: .*latch: established bypass .*requested by this socket' \
	"$(cat "$SCRATCH/bop.out")"
sw_start bob
wait_until 20 sh -c "ip -n $(scn_ns bob) xfrm policy list dst $ALICE4 dir out | grep -q esp"
# (alice's IKE_SA of the failed PROTECT may still be retrying: a new one)
sw_swanctl alice --terminate --ike alice-bob-4 --force --timeout 10 >/dev/null 2>&1
sw_initiate alice alice-bob-4
t_run "bob's IKE is back: a new connection is protected" \
	wait_until 20 sh -c "ip netns exec $(scn_ns alice) $WHOAMI -r protect -w 5000 $BOB4 5002 | grep -q 'latch: established protect'"
touch "$SCRATCH/bop.go"
wait_until 20 grep -q "^after:" "$SCRATCH/bop.out"
out=$(cat "$SCRATCH/bop.out")
echo "$out" | sed 's/^/# /'
t_match "…the open connection still carries data" '^echo: later$' "$out"
t_match "…and its latch stays BYPASS, for life" \
	'^after: .*latch: established bypass .*requested by this socket' "$out"
bport=$(sed -n 's/^port: //p' "$SCRATCH/bop.out")
t_match "…on bob too" 'established bypass \(clear-in\)' \
	"$(ctl bob latch list proto tcp lport 5002 rport "${bport:-1}")"
touch "$SCRATCH/bop.go.end"
wait $bop
t_eq "…nothing of it was dropped" "0 0" \
	"$(ctr alice drop_latch_clear_out) $(ctr bob drop_latch_clear_in)"
t_ge "requests made latches: latch_created counts them" 9 "$(ctr alice latch_created)"
wait_until 10 sh -c "ipsec-latchctl -n $(scn_ns alice) latch stats | grep -q '(0 live)'"
t_match "closed sockets' requests are freed" "socket requests: on \(0 live\)" \
	"$(ctl alice latch stats)"
t_eq "no request was refused for the cap" 0 "$(ctr alice sock_requests_full)"

t_run "rmmod with latches live" modprobe -r ipsec_latch
exit 0
