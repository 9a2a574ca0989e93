#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Only the lookup's own larval routes are taken, never a route the routing
# table shares. An IPv6 "blackhole" route discards through dst_discard_out
# like xfrm's blackhole does, and is cached per CPU for every destination
# it covers; the module tells them apart by their dst_ops (hook_lookup.c).
# On 6.1 and 6.12 every caller of the lookup checks the route's error first
# (EINVAL for a blackhole), so such a route never reaches it: with one
# present, a flow under an ESP policy and an unrelated sender both get
# exactly what stock Linux gives, and nothing is held, refused or
# resolved. The control: without the route the same flow waits for its SA.
. "$REPO/tests/lib/tap.sh"
. "$REPO/tests/lib/fakekm.sh"
set -u
in_a() { ip netns exec $FK_A "$@"; }
ctr_a() { ipsec-latchctl -n $FK_A -j status | jq ".counters.$1"; }

modprobe ipsec_latch resolve_timeout_ms=20000
fk_setup
# A key manager listens (so a resolution would stay PENDING), never answers.
ip -n $FK_A xfrm monitor acquire >"$FK_DIR/acquires-a.log" 2>&1 &
monitor=$!
ip -n $FK_A -6 route add blackhole 2001:db8:5::/64
fk_policy 2001:db8:5::1 58

# Non-blocking sends from one process on one CPU, so that they meet the
# same per-CPU copy of the blackhole route; one line per send: bytes sent,
# or the errno name.
sends() {
	in_a taskset -c 0 python3 - "$@" <<'PY' 2>&1
import errno, socket, sys
flow = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
flow.setblocking(False)
flow.bind(("2001:db8::1", 40058))
for step in sys.argv[1:]:
    name, dst = step.split("=")
    try:
        res = str(flow.sendto(b"x" * 64, (dst, 9)))
    except OSError as e:
        res = errno.errorcode.get(e.errno, str(e.errno))
    print(name, res)
PY
}

out=$(sends flow=2001:db8:5::1 other=2001:db8:5::2 flow-again=2001:db8:5::1)
echo "$out"
t_match "blackhole route: the flow under an ESP policy gets stock EINVAL" \
	"^flow EINVAL$" "$out"
t_match "…an unrelated destination behind it too" "^other EINVAL$" "$out"
t_match "…and the flow again" "^flow-again EINVAL$" "$out"
t_eq "…no send was refused by the module" 0 "$(ctr_a drop_would_block)"
t_eq "…no packet was held" 0 "$(ctr_a pkt_queued)"
t_eq "…no resolution was made" 0 "$(ctr_a res_created)"

ip -n $FK_A -6 route del blackhole 2001:db8:5::/64
ip -n $FK_A -6 route add 2001:db8:5::/64 dev eth0
out=$(sends flow=2001:db8:5::1)
t_match "control: without the blackhole route the flow waits for its SA (EAGAIN)" \
	"^flow EAGAIN$" "$out"
t_eq "control: …refused by the module" 1 "$(ctr_a drop_would_block)"
kill $monitor 2>/dev/null
wait $monitor 2>/dev/null
t_run "modprobe -r ipsec_latch" modprobe -r ipsec_latch
exit 0
