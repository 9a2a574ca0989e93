# SPDX-License-Identifier: GPL-2.0
#
# libreswan's pluto for scenarios, next to strongSwan's charon
# (scenario.sh): libreswan lives in a chroot the host made
# (scripts/libreswan-chroot.sh), which the guest sees read-only. Each pluto
# runs in its host's netns, chrooted, with its own /run (control socket,
# configuration, log) and NSS database bind-mounted from $SCRATCH, and
# this checkout at /opt/ipsec-latch for the updown hook and its tool.
# Source after scenario.sh.

LSW_ROOT=${LSW_ROOT:-${IPSEC_LATCH_CACHE:-/var/cache/ipsec-latch}/libreswan}
declare -A LSW_PID=()
LSW_HOOK="IPSEC_LATCHCTL=/opt/ipsec-latch/tools/ipsec-latchctl/ipsec-latchctl /opt/ipsec-latch/tools/updown/ipsec-latch-updown"

# lsw_require - fail clearly unless the chroot exists
lsw_require() {
	[ -x "$LSW_ROOT/usr/libexec/ipsec/pluto" ] ||
		scn_fail "no libreswan chroot at $LSW_ROOT: run scripts/libreswan-chroot.sh on the host (make deps does)"
}

lsw__dir() { echo "$SCRATCH/ns/$1/lsw"; }

# lsw_run NAME CMD... - run CMD in NAME's netns, in the chroot, with
# NAME's /run and NSS database
lsw_run() {
	local name=$1 dir
	shift
	dir=$(lsw__dir "$name")
	ip netns exec "$(scn_ns "$name")" /bin/sh -c '
		r=$1 dir=$2 repo=$3
		shift 3
		mount --bind "$dir/run" "$r/run" &&
		mount --bind "$dir/nss" "$r/var/lib/ipsec/nss" &&
		mount --bind /proc "$r/proc" && mount --bind /dev "$r/dev" &&
		mount --bind "$repo" "$r/opt/ipsec-latch" ||
			{ echo "libreswan.sh: mounts for the chroot failed" >&2; exit 97; }
		exec chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
	' sh "$LSW_ROOT" "$dir" "$REPO" "$@"
}

# lsw_whack NAME ARGS... - ipsec whack against NAME's pluto
lsw_whack() {
	local name=$1
	shift
	lsw_run "$name" ipsec whack --ctlsocket /run/pluto/pluto.ctl "$@"
}

# lsw_transport A B [CONN] - an on-demand IKEv2 transport-mode connection
# between A's and B's IPv4 addresses, PSK, identities A.example and
# B.example (sw_id), the latch updown hook on both, an MTU for the peer's
# route (see lsw_routed); written into each
# host's ipsec.conf (CONN defaults to "A-B")
lsw_transport() {
	local a=$1 b=$2 conn=${3:-$1-$2} me peer h dir
	for h in "$a" "$b"; do
		if [ "$h" = "$a" ]; then me=$a peer=$b; else me=$b peer=$a; fi
		dir=$(lsw__dir "$h")
		mkdir -p "$dir/run/pluto" "$dir/nss" || scn_fail "cannot create $dir"
		cat >>"$dir/run/ipsec.conf" <<-EOF || scn_fail "cannot write $dir/run/ipsec.conf"
		conn $conn
		    ikev2=insist
		    type=transport
		    authby=secret
		    left=${SCN_IP4[$me]}
		    leftid=@$(sw_id "$me")
		    right=${SCN_IP4[$peer]}
		    rightid=@$(sw_id "$peer")
		    esp=aes_gcm128
		    leftupdown="$LSW_HOOK"
		    # makes libreswan's _updown route the peer (with this MTU),
		    # which shows that the hook chained it
		    mtu=1400
		    auto=ondemand
		EOF
		printf '@%s @%s : PSK "latch-test-%s"\n' "$(sw_id "$me")" \
			"$(sw_id "$peer")" "$conn" >>"$dir/run/ipsec.secrets"
	done
}

# lsw_start NAME - start pluto in NAME's netns and load its connections
# (ondemand ones get their trap policies)
lsw_start() {
	local name=$1 dir out
	lsw_require
	dir=$(lsw__dir "$name")
	[ -f "$dir/run/ipsec.conf" ] || scn_fail "lsw_start: no connection for $name (lsw_transport first)"
	scn__pid_alive "${LSW_PID[$name]:-}" && scn_fail "lsw_start: pluto already running in $name"
	lsw_run "$name" ipsec initnss --nssdir /var/lib/ipsec/nss \
		>>"$dir/pluto.out" 2>&1 || scn_fail "ipsec initnss failed in $name: $(tail -n 3 "$dir/pluto.out")"
	lsw_run "$name" /usr/libexec/ipsec/pluto --nofork --config /run/ipsec.conf \
		--secretsfile /run/ipsec.secrets --nssdir /var/lib/ipsec/nss \
		--rundir /run/pluto --logfile /run/pluto.log </dev/null \
		>>"$dir/pluto.out" 2>&1 &
	LSW_PID[$name]=$!
	wait_until 20 test -S "$dir/run/pluto/pluto.ctl" ||
		scn_fail "pluto in $name did not start: $(tail -n 8 "$dir/pluto.out" "$dir/run/pluto.log" 2>&1)"
	out=$(lsw_run "$name" ipsec addconn --ctlsocket /run/pluto/pluto.ctl \
		--config /run/ipsec.conf --autoall 2>&1) ||
		scn_fail "ipsec addconn failed in $name: $out"
	lsw_whack "$name" --listen >/dev/null 2>&1
}

# lsw_delete NAME CONN - delete CONN in NAME's pluto: its SAs and policies go
lsw_delete() {
	lsw_whack "$1" --delete --name "$2" >/dev/null 2>&1
}

# lsw_stop NAME - stop NAME's pluto (scn_cleanup kills what is left)
lsw_stop() {
	local name=$1 pid=${LSW_PID[$1]:-}
	[ -n "$pid" ] || return 0
	lsw_whack "$name" --shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null
	wait_until 10 scn__pid_dead "$pid" || kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	unset "LSW_PID[$name]"
}

# lsw_routed NAME PEER - predicate: libreswan's _updown routed PEER's
# address in NAME with the connection's MTU
lsw_routed() {
	ip -n "$(scn_ns "$1")" route show "$2" 2>/dev/null | grep -q "mtu 1400"
}

# lsw_log NAME - path of NAME's pluto log
lsw_log() { echo "$(lsw__dir "$1")/run/pluto.log"; }
