# shellcheck shell=bash disable=SC2034,SC2015,SC2013,SC2317
#
# tests/lib/scenario.sh - network-namespace scenarios for ipsec-latch tests.
#
# Source it from a bash test script (root required):
#
#     . "$(dirname "$0")/../lib/scenario.sh"
#     scn_two_hosts                 # netns alice + bob on link "lan"
#     sw_transport alice bob        # trap policies alice<->bob, transport, v4+v6
#     sw_start alice; sw_start bob
#     tcp_server bob "$BOB4" 5001
#     wait_until 20 tcp_probe alice "$BOB4" 5001 || scn_fail "no TCP over IPsec"
#     [ "$(sw_sa_bytes alice -d "$BOB4")" -gt 0 ] || scn_fail "no ESP bytes"
#     scn_pass "alice reaches bob over ESP"
#
# Cleanup (killing every process in our namespaces, charons included, and
# deleting the namespaces) runs from an EXIT trap the library installs; SIGINT,
# SIGTERM and SIGHUP exit through it too. If the script sets its own EXIT trap,
# it must call scn_cleanup itself. scn_cleanup is idempotent.
#
# TOPOLOGY
# --------
# Every host is a network namespace named "$SCN_PREFIX<name>" (default prefix
# "il-", so alice lives in netns "il-alice"). Every link is a Linux bridge
# "br-<link>" inside one extra "switch" namespace "$SCN_PREFIX""sw"; a host
# interface is one end of a veth pair whose other end ("<host>-<if>") is a port
# of that bridge. So a link can hold any number of hosts (mallory can join the
# alice/bob link), and nothing is created in the caller's namespace.
# Only documentation address ranges are used (RFC 5737, RFC 3849), and no two
# scenarios overlap, so they can be combined:
#
#   scn_two_hosts   link "lan"     192.0.2.0/24        2001:db8::/64
#                     alice eth0   192.0.2.1           2001:db8::1     ALICE4 ALICE6
#                     bob   eth0   192.0.2.2           2001:db8::2     BOB4 BOB6
#   scn_add_mallory   mallory eth0 192.0.2.3           2001:db8::3     MALLORY4 MALLORY6
#                   (hostile third host on "lan"; needs scn_two_hosts first)
#
#   scn_gateways    hostA -- site-a -- gwA -- wan -- gwB -- site-b -- hostB
#                   link "site-a"  198.51.100.0/25     2001:db8:a::/64 SITEA_NET4/6
#                     gwA   eth1   198.51.100.1        2001:db8:a::1   GWA_IN4/6
#                     hostA eth0   198.51.100.10       2001:db8:a::10  HOSTA4/6
#                   link "wan"     203.0.113.0/24      2001:db8:f::/64
#                     gwA   eth0   203.0.113.1         2001:db8:f::1   GWA4/6
#                     gwB   eth0   203.0.113.2         2001:db8:f::2   GWB4/6
#                   link "site-b"  198.51.100.128/25   2001:db8:b::/64 SITEB_NET4/6
#                     gwB   eth1   198.51.100.129      2001:db8:b::1   GWB_IN4/6
#                     hostB eth0   198.51.100.138      2001:db8:b::10  HOSTB4/6
#                   hosts route everything via their gateway; gateways forward
#                   (v4+v6) and route the far site via the far gateway's WAN
#                   address (charon runs with install_routes = no).
#
# A host's "primary" addresses (SCN_IP4[name], SCN_IP6[name]; the first address
# of each family it was given, i.e. the WAN address for gateways) are the IKE
# endpoints sw_transport/sw_tunnel use.
#
# STRONGSWAN
# ----------
# One charon per namespace (sw_start), each with its own strongswan.conf,
# swanctl.conf, vici socket and log under $SCRATCH/ns/<name>/, and a private
# tmpfs on /run (own mount namespace) so the /run/charon.pid files don't clash.
# Connections: IKEv2, PSK (random per connection), identities
# "<name>.example" (lower case), proposals $SW_IKE_PROPOSALS /
# $SW_ESP_PROPOSALS (AES-GCM ESP), children with start_action = trap,
# unique = never, mobike = no. Names:
#   sw_transport alice bob  -> conn + child "alice-bob-4" and "alice-bob-6"
#                              (one IKE SA per family)
#   sw_tunnel gwA gwB ...   -> conn "gwA-gwB" (IKE over IPv4 by default) with
#                              children "gwA-gwB-4" and/or "gwA-gwB-6"
# sw_transport with IPv6 also loads conn "nd-bypass" on both hosts: pass
# policies for ICMPv6 neighbour solicitations/advertisements (types 135/136),
# without which the transport policy swallows the NA and IPv6 IKE never
# completes. So expect those pass policies (and charon's per-socket IKE bypass
# policies) in `ip xfrm policy`; sw_policy_count counts only ESP policies.
# Config may be written before or after sw_start; when the charon is running,
# it is (re)loaded immediately. The charon log ($SCRATCH/ns/<name>/charon.log)
# has ike/knl/chd at level 2.
#
# Note for ipsec-latch tests: the library itself creates no SAs or policies
# except through charon (the ESP preflight, scn_require_esp, only falls back
# to a dummy SA in the switch netns when it cannot tell from kernel modules).
#
# ENVIRONMENT
# -----------
#   SCN_PREFIX       netns name prefix (default "il-"); set a unique one per
#                    parallel run
#   SCRATCH          scratch dir (default: fresh mktemp -d). Everything the
#                    library writes goes here (plus netns mounts in /run/netns
#                    and a private tmpfs on /run inside each charon's mount ns).
#                    A scratch dir the library created is deleted after a
#                    passing run, kept after a failing one.
#   SCN_KEEP         1 = keep the scratch dir even after a passing run
#   SCN_VERBOSE      1 = print every step
#   SCN_LOG_LINES    lines of each log shown on failure (default 60)
#   SCN_ESP_CHECK    0 = skip the "can this kernel do AES-GCM ESP" preflight
#                    (IKE-only work on a kernel without ESP)
#   SW_CHARON        charon binary (default /usr/lib/ipsec/charon)
#   SW_START_TIMEOUT seconds to wait for a charon's vici socket (default 20)
#   SW_IKE_PROPOSALS default aes128-sha256-x25519
#   SW_ESP_PROPOSALS default aes128gcm16-x25519
#   SW_PLUGINS       charon plugin list (load_modular = no)
#   SW_ND_BYPASS     0 = don't add the ICMPv6 ND pass policies (see above)
#   SW_UPDOWN        updown script for every child written from now on
#   SW_CHILD_EXTRA   one more line for every child written from now on
#                    (e.g. "rekey_time = 5s")
#
# API (all functions exit the script via scn_fail on setup errors, unless
# described as a predicate; predicates return 0/1 and are meant for if/wait_until)
#   generic:   scn_log scn_fail scn_pass scn_must wait_until scn_now_us
#              scn_elapsed_ms scn_init scn_require_esp
#   topology:  scn_ns scn_exec scn_add_host scn_add_link scn_attach scn_addr
#              scn_route scn_forwarding scn_link_hub
#              scn_two_hosts scn_add_mallory scn_gateways scn_cleanup scn_diag
#   strongSwan: sw_start sw_stop sw_kill sw_running sw_load sw_transport
#              sw_latch_updown
#              sw_tunnel sw_unload sw_swanctl sw_list_sas sw_initiate sw_terminate
#              sw_child_installed sw_wait_child sw_sa_table sw_sa_bytes
#              sw_sa_count sw_wait_sa sw_policy_count sw_id sw_log sw_dump_logs
#   traffic:   tcp_server tcp_probe ping_probe
# Each function has a comment with its usage right above it. Names starting
# with scn__/sw__ are internal. Host names: [A-Za-z0-9_-], "sw" is reserved;
# "<host>-<if>" must fit in 15 characters.
#
# Pitfalls for test authors:
#  - scn_fail inside $(...) only leaves the subshell; check return codes of
#    the printing helpers (sw_sa_bytes, sw_sa_count...) as the examples do.
#  - Bash runs the signal trap only after the current foreground command
#    ends: avoid long foreground sleeps/commands (use wait_until), or SIGTERM
#    cleanup waits for them.
#  - scn_cleanup is final: it deletes the namespaces (and the scratch dir).

if [ -z "${BASH_VERSION:-}" ]; then
	echo "scenario.sh: needs bash (source it from a #!/bin/bash script)" >&2
	return 1 2>/dev/null || exit 1
fi
if [ -n "${SCN_LIB_LOADED:-}" ]; then
	return 0
fi
SCN_LIB_LOADED=1

# ---------------------------------------------------------------------------
# Configuration and addresses
# ---------------------------------------------------------------------------

: "${SCN_PREFIX:=il-}"
: "${SCN_VERBOSE:=0}"
: "${SCN_KEEP:=0}"
: "${SCN_LOG_LINES:=60}"
: "${SW_CHARON:=/usr/lib/ipsec/charon}"
: "${SW_SWANCTL:=swanctl}"
: "${SW_START_TIMEOUT:=20}"
: "${SW_IKE_PROPOSALS:=aes128-sha256-x25519}"
: "${SW_ESP_PROPOSALS:=aes128gcm16-x25519}"
: "${SW_PLUGINS:=random nonce drbg aes sha1 sha2 hmac kdf gcm pem pkcs1 x509 pubkey openssl kernel-netlink socket-default vici updown}"

# Address constants, for the scripts that source this file.
# scn_two_hosts / scn_add_mallory (link "lan")
LAN_NET4=192.0.2.0/24        LAN_NET6=2001:db8::/64
ALICE4=192.0.2.1             ALICE6=2001:db8::1
BOB4=192.0.2.2               BOB6=2001:db8::2
MALLORY4=192.0.2.3           MALLORY6=2001:db8::3
# scn_gateways
SITEA_NET4=198.51.100.0/25   SITEA_NET6=2001:db8:a::/64
SITEB_NET4=198.51.100.128/25 SITEB_NET6=2001:db8:b::/64
WAN_NET4=203.0.113.0/24      WAN_NET6=2001:db8:f::/64
GWA4=203.0.113.1             GWA6=2001:db8:f::1
GWB4=203.0.113.2             GWB6=2001:db8:f::2
GWA_IN4=198.51.100.1         GWA_IN6=2001:db8:a::1
GWB_IN4=198.51.100.129       GWB_IN6=2001:db8:b::1
HOSTA4=198.51.100.10         HOSTA6=2001:db8:a::10
HOSTB4=198.51.100.138        HOSTB6=2001:db8:b::10

declare -gA SCN_IP4=() SCN_IP6=()   # primary address per host name
declare -ga SCN_HOSTS=()            # host names, in creation order
declare -ga SCN_LINKS=()            # link names
declare -gA SW_PID=()               # charon pid per host name

SCN_SW_NAME=sw                      # name (without prefix) of the switch netns
SCN__INITIALIZED=0
SCN__OWN_SCRATCH=0
SCN__DIAG_DONE=0
SCN__CLEANED=0
SCN__FAILED=0

# ---------------------------------------------------------------------------
# Generic helpers
# ---------------------------------------------------------------------------

# scn_log MSG... - progress message on stderr (always shown)
scn_log() {
	printf '[%(%T)T] %s\n' -1 "$*" >&2
}

scn__debug() {
	[ "$SCN_VERBOSE" = 1 ] && printf '  + %s\n' "$*" >&2
	if [ -n "${SCRATCH:-}" ] && [ -d "$SCRATCH" ]; then
		printf '%(%T)T.%s %s\n' -1 "${EPOCHREALTIME#*[.,]}" "$*" >>"$SCRATCH/trace.log"
	fi
	return 0
}

# scn_fail MSG... - print "FAIL: MSG", diagnostics (charon logs, SAs,
# policies) and exit 1. Cleanup then runs from the EXIT trap. With $TAP_FILE
# set (the VM suite), also record "not ok - MSG" there.
scn_fail() {
	SCN__FAILED=1
	[ -z "${TAP_FILE:-}" ] || echo "not ok - $*" >>"$TAP_FILE"
	printf '\nFAIL: %s\n' "$*" >&2
	scn_diag >&2
	exit 1
}

# scn_pass MSG... - print "PASS: MSG" (does not exit); with $TAP_FILE set,
# also record "ok - MSG" there.
scn_pass() {
	[ -z "${TAP_FILE:-}" ] || echo "ok - $*" >>"$TAP_FILE"
	printf 'PASS: %s\n' "$*"
}

# scn_must DESCRIPTION CMD... - run CMD; if it fails, scn_fail with the
# description, the command line and its output. Output of a successful CMD
# is discarded (only traced), so use it for commands whose output you don't need.
scn_must() {
	local desc=$1 out rc
	shift
	scn__debug "$*"
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ]; then
		scn_fail "$desc (exit $rc)
    command: $*
    output:  ${out:-<none>}"
	fi
	return 0
}

# scn_now_us - print the current time in microseconds (for scn_elapsed_ms)
scn_now_us() {
	local t=${EPOCHREALTIME/./}
	echo "${t/,/}"
}

scn__now_us() { scn_now_us; } # old name, still used by tests/demo.sh

# scn_elapsed_ms START_US - print milliseconds since START_US (from scn_now_us)
scn_elapsed_ms() {
	echo $((($(scn_now_us) - $1) / 1000))
}

# wait_until TIMEOUT_S CMD... - run CMD every SCN_POLL_INTERVAL (0.1 s) until
# it succeeds (return 0) or TIMEOUT_S seconds (may be fractional, e.g. 2.5)
# have passed (return 1). CMD may be a shell function; its output is not hidden.
wait_until() {
	local timeout=$1 int frac deadline
	shift
	case $timeout in
	*.*) int=${timeout%%.*} frac=${timeout#*.} ;;
	*) int=$timeout frac=0 ;;
	esac
	printf -v frac '%-6.6s' "$frac"
	frac=${frac// /0}
	deadline=$(($(scn_now_us) + ${int:-0} * 1000000 + 10#$frac))
	while :; do
		"$@" && return 0
		[ "$(scn_now_us)" -ge "$deadline" ] && return 1
		sleep "${SCN_POLL_INTERVAL:-0.1}"
	done
}

# at_least MIN CMD... - CMD prints an integer >= MIN (a wait_until
# predicate). Its locals are named so that CMD, which sees them, uses none.
at_least() {
	local at_least__n
	at_least__n=$("${@:2}") && [ "$at_least__n" -ge "$1" ] 2>/dev/null
}

scn__pid_alive() {
	local pid=$1 stat state
	[ -n "$pid" ] || return 1
	read -r stat 2>/dev/null <"/proc/$pid/stat" || return 1
	state=${stat##*) }
	state=${state%% *}
	[ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

scn__pid_dead() { ! scn__pid_alive "$1"; }

scn__require() {
	local missing="" t
	[ "$(id -u)" = 0 ] || { echo "FAIL: scenario.sh must run as root" >&2; exit 1; }
	for t in ip socat ss awk sed "$SW_SWANCTL" mktemp mount; do
		command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
	done
	[ -x "$SW_CHARON" ] || missing="$missing $SW_CHARON"
	if [ -n "$missing" ]; then
		echo "FAIL: missing tools:$missing (packages: iproute2 socat strongswan-charon strongswan-swanctl libstrongswan-standard-plugins)" >&2
		exit 1
	fi
}

# Load kernel modules the scenarios need. Missing ones are reported, not
# fatal: they may be built in, and whatever really is missing makes a later
# step fail with its own message.
scn__modules() {
	local m
	for m in veth bridge xfrm_user; do
		[ -d "/sys/module/$m" ] && continue
		if ! modprobe -q "$m" 2>/dev/null; then
			if ! grep -qs "/$m.ko" "/lib/modules/$(uname -r)/modules.builtin"; then
				scn__debug "module $m: not loadable (maybe built in or not needed)"
			fi
		fi
	done
}

# scn_init - set up scratch dir, traps and checks. Called implicitly by the
# first topology function; call it yourself only to get $SCRATCH early.
scn_init() {
	[ "$SCN__INITIALIZED" = 1 ] && return 0
	scn__require
	if [ -z "${SCRATCH:-}" ]; then
		SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/il-scn.XXXXXX") ||
			{ echo "FAIL: mktemp -d failed" >&2; exit 1; }
		SCN__OWN_SCRATCH=1
	else
		mkdir -p "$SCRATCH" || { echo "FAIL: cannot create SCRATCH=$SCRATCH" >&2; exit 1; }
	fi
	SCRATCH=$(cd "$SCRATCH" && pwd) || exit 1
	export SCRATCH
	mkdir -p "$SCRATCH/ns" || { echo "FAIL: cannot write to $SCRATCH" >&2; exit 1; }
	SCN__INITIALIZED=1
	trap 'scn__on_exit' EXIT
	trap 'scn__on_signal INT 130' INT
	trap 'scn__on_signal TERM 143' TERM
	trap 'scn__on_signal HUP 129' HUP
	scn__modules
	scn__debug "scratch $SCRATCH, prefix $SCN_PREFIX"
}

scn__on_signal() {
	trap '' INT TERM HUP
	SCN__FAILED=1
	echo "scenario.sh: interrupted by SIG$1, cleaning up" >&2
	exit "$2"
}

scn__on_exit() {
	local rc=$?
	trap - EXIT
	trap '' INT TERM HUP
	if [ "$rc" -ne 0 ] && [ "$SCN__DIAG_DONE" = 0 ] && [ "$rc" -lt 128 ]; then
		echo "scenario.sh: script exited with status $rc" >&2
		scn_diag >&2
	fi
	[ "$rc" -ne 0 ] && SCN__FAILED=1
	scn_cleanup
	exit "$rc"
}

# ---------------------------------------------------------------------------
# Topology
# ---------------------------------------------------------------------------

# scn_ns NAME - print the network namespace name of host NAME
scn_ns() {
	echo "${SCN_PREFIX}$1"
}

# scn_exec NAME CMD... - run CMD in host NAME's network namespace
scn_exec() {
	local ns
	ns=$SCN_PREFIX$1
	shift
	ip netns exec "$ns" "$@"
}

scn__ns_exists() {
	[ -e "/run/netns/$SCN_PREFIX$1" ]
}

scn__sysctl() {
	local name=$1
	shift
	scn_must "sysctl $* in $name" ip netns exec "$SCN_PREFIX$name" sysctl -qw "$@"
}

scn__new_ns() {
	local name=$1 ns
	ns=$SCN_PREFIX$name
	case $name in
	'' | *[!A-Za-z0-9_-]*) scn_fail "bad host name '$name' (use [A-Za-z0-9_-])" ;;
	esac
	scn_init
	if scn__ns_exists "$name"; then
		scn_fail "network namespace $ns already exists (left over from an \
interrupted run? delete it with 'ip netns del $ns', or set SCN_PREFIX)"
	fi
	scn_must "create network namespace $ns" ip netns add "$ns"
	echo "$ns" >>"$SCRATCH/netns.list"
	scn_must "bring up lo in $ns" ip -n "$ns" link set lo up
}

scn__ensure_switch() {
	scn__ns_exists "$SCN_SW_NAME" && return 0
	scn__new_ns "$SCN_SW_NAME"
	# bridge ports need no addresses; keep IPv6 (link-local, DAD, RS) off them
	scn__sysctl "$SCN_SW_NAME" net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}

# scn_add_host NAME - create host NAME (its own netns, lo up, no forwarding)
scn_add_host() {
	local name=$1
	[ "$name" = "$SCN_SW_NAME" ] && scn_fail "host name '$name' is reserved for the switch namespace"
	scn__new_ns "$name"
	scn__sysctl "$name" net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0
	SCN_HOSTS+=("$name")
	mkdir -p "$SCRATCH/ns/$name" || scn_fail "cannot create $SCRATCH/ns/$name"
	scn__debug "host $name = netns $SCN_PREFIX$name"
}

# scn_add_link LINK - create an empty L2 segment (bridge br-LINK in the switch ns)
scn_add_link() {
	local link=$1 sw
	[ ${#link} -le 12 ] || scn_fail "link name '$link' too long (max 12 chars)"
	scn__ensure_switch
	sw=$SCN_PREFIX$SCN_SW_NAME
	scn_must "create bridge for link $link" ip -n "$sw" link add "br-$link" type bridge \
		forward_delay 0 stp_state 0 mcast_snooping 0
	scn_must "bring up bridge br-$link" ip -n "$sw" link set "br-$link" up
	SCN_LINKS+=("$link")
}

# scn_link_hub LINK - make LINK flood every frame to every port (like a hub),
# so a host on it (mallory) sees all traffic between the others
scn_link_hub() {
	scn_must "make link $1 a hub" ip -n "$SCN_PREFIX$SCN_SW_NAME" link set "br-$1" type bridge ageing_time 0
}

# scn_attach NAME IF LINK [ADDR/PLEN...] - plug host NAME into LINK with a new
# interface IF (veth), bring it up and add the addresses (see scn_addr)
scn_attach() {
	local name=$1 ifname=$2 link=$3 ns sw peer a
	shift 3
	ns=$SCN_PREFIX$name
	sw=$SCN_PREFIX$SCN_SW_NAME
	peer="$name-$ifname"
	[ ${#peer} -le 15 ] || scn_fail "interface name '$peer' (host-if) longer than 15 chars; use shorter names"
	scn__ns_exists "$name" || scn_fail "scn_attach: no host '$name'"
	ip -n "$sw" link show "br-$link" >/dev/null 2>&1 || scn_fail "scn_attach: no link '$link' (scn_add_link first)"
	scn_must "create veth $name:$ifname <-> link $link" \
		ip link add name "$ifname" netns "$ns" type veth peer name "$peer" netns "$sw"
	scn_must "attach $peer to br-$link" ip -n "$sw" link set "$peer" master "br-$link"
	scn_must "bring up $peer" ip -n "$sw" link set "$peer" up
	scn_must "bring up $name:$ifname" ip -n "$ns" link set "$ifname" up
	for a in "$@"; do
		scn_addr "$name" "$ifname" "$a"
	done
}

# scn_addr NAME IF ADDR/PLEN - add an address (IPv6 without DAD, so it is usable
# at once). The first address of each family becomes NAME's primary address.
scn_addr() {
	local name=$1 ifname=$2 addr=$3 ns
	ns=$SCN_PREFIX$name
	case $addr in
	*/*) ;;
	*) scn_fail "scn_addr: '$addr' needs a prefix length" ;;
	esac
	case $addr in
	*:*)
		scn_must "add $addr to $name:$ifname" ip -n "$ns" -6 addr add "$addr" dev "$ifname" nodad
		[ -n "${SCN_IP6[$name]:-}" ] || SCN_IP6[$name]=${addr%/*}
		;;
	*)
		scn_must "add $addr to $name:$ifname" ip -n "$ns" -4 addr add "$addr" dev "$ifname"
		[ -n "${SCN_IP4[$name]:-}" ] || SCN_IP4[$name]=${addr%/*}
		;;
	esac
}

# scn_route NAME PREFIX|default VIA - add a route in host NAME (family from VIA)
scn_route() {
	local name=$1 prefix=$2 via=$3 fam=-4
	case $via in *:*) fam=-6 ;; esac
	scn_must "route $prefix via $via in $name" ip -n "$SCN_PREFIX$name" "$fam" route add "$prefix" via "$via"
}

# scn_forwarding NAME - make host NAME a router (IPv4 and IPv6 forwarding)
scn_forwarding() {
	scn__sysctl "$1" net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
}

# scn_two_hosts - alice and bob on link "lan" (addresses: see header)
scn_two_hosts() {
	scn_add_link lan
	scn_add_host alice
	scn_add_host bob
	scn_attach alice eth0 lan "$ALICE4/24" "$ALICE6/64"
	scn_attach bob eth0 lan "$BOB4/24" "$BOB6/64"
	scn_log "topology: alice ($ALICE4, $ALICE6) -- lan -- bob ($BOB4, $BOB6)"
}

# scn_add_mallory - hostile host mallory on link "lan" (after scn_two_hosts).
# Plain host, no charon; use scn_link_hub lan to let it see all lan traffic.
scn_add_mallory() {
	local l found=0
	for l in "${SCN_LINKS[@]}"; do [ "$l" = lan ] && found=1; done
	[ "$found" = 1 ] || scn_fail "scn_add_mallory needs link 'lan' (scn_two_hosts first)"
	scn_add_host mallory
	scn_attach mallory eth0 lan "$MALLORY4/24" "$MALLORY6/64"
	scn_log "topology: mallory ($MALLORY4, $MALLORY6) joins lan"
}

# scn_gateways - hostA -- gwA == gwB -- hostB (addresses: see header). Only
# builds the network; add the IPsec tunnel with e.g.
#   sw_tunnel gwA gwB "$SITEA_NET4,$SITEA_NET6" "$SITEB_NET4,$SITEB_NET6"
scn_gateways() {
	scn_add_link site-a
	scn_add_link wan
	scn_add_link site-b
	scn_add_host hostA
	scn_add_host gwA
	scn_add_host gwB
	scn_add_host hostB
	# WAN first: it is the gateways' primary (IKE) address
	scn_attach gwA eth0 wan "$GWA4/24" "$GWA6/64"
	scn_attach gwB eth0 wan "$GWB4/24" "$GWB6/64"
	scn_attach gwA eth1 site-a "$GWA_IN4/25" "$GWA_IN6/64"
	scn_attach gwB eth1 site-b "$GWB_IN4/25" "$GWB_IN6/64"
	scn_attach hostA eth0 site-a "$HOSTA4/25" "$HOSTA6/64"
	scn_attach hostB eth0 site-b "$HOSTB4/25" "$HOSTB6/64"
	scn_forwarding gwA
	scn_forwarding gwB
	scn_route hostA default "$GWA_IN4"
	scn_route hostA default "$GWA_IN6"
	scn_route hostB default "$GWB_IN4"
	scn_route hostB default "$GWB_IN6"
	scn_route gwA "$SITEB_NET4" "$GWB4"
	scn_route gwA "$SITEB_NET6" "$GWB6"
	scn_route gwB "$SITEA_NET4" "$GWA4"
	scn_route gwB "$SITEA_NET6" "$GWA6"
	scn_log "topology: hostA ($HOSTA4) -- gwA ($GWA4) == wan == gwB ($GWB4) -- hostB ($HOSTB4)"
}

# scn_diag - print diagnostics for every host: charon state, swanctl --list-sas,
# xfrm SAs/policies (short), and the tail of each charon log. Run by scn_fail
# and on a non-zero exit; safe to call any time.
scn_diag() {
	local name ns
	SCN__DIAG_DONE=1
	[ "$SCN__INITIALIZED" = 1 ] || return 0
	echo "---- diagnostics (scratch: $SCRATCH) ----"
	for name in "${SCN_HOSTS[@]}"; do
		ns=$SCN_PREFIX$name
		scn__ns_exists "$name" || continue
		echo "== $name ($ns)"
		ip -n "$ns" -br addr 2>&1 | sed 's/^/   /'
		echo "   xfrm states:"
		sw_sa_table "$name" 2>&1 | sed 's/^/     /'
		echo "   xfrm policies: $(ip -n "$ns" xfrm policy 2>/dev/null | grep -c '^src')"
		if [ -n "${SW_PID[$name]:-}" ]; then
			if sw_running "$name"; then
				echo "   swanctl --list-sas:"
				sw_list_sas "$name" 2>&1 | sed 's/^/     /'
			else
				echo "   charon (pid ${SW_PID[$name]}) is NOT running"
			fi
		fi
	done
	sw_dump_logs
	if [ -s "$SCRATCH/last-probe.err" ]; then
		echo "== last failed probe:"
		sed 's/^/   /' "$SCRATCH/last-probe.err"
	fi
	echo "---- end of diagnostics ----"
}

# scn_cleanup - stop charons, kill every process left in our namespaces,
# delete the namespaces; remove the scratch dir if we created it and the run
# passed (SCN_KEEP=1 keeps it). Idempotent; runs from the EXIT trap.
scn_cleanup() {
	local name ns pids
	[ "$SCN__INITIALIZED" = 1 ] || return 0
	[ "$SCN__CLEANED" = 1 ] && return 0
	scn__debug "cleanup"
	for name in "${!SW_PID[@]}"; do
		sw_stop "$name" 2>/dev/null || true
	done
	if [ -f "$SCRATCH/netns.list" ]; then
		# every process still in one of our namespaces (servers, tcpdump...)
		for ns in $(cat "$SCRATCH/netns.list"); do
			[ -e "/run/netns/$ns" ] || continue
			pids=$(ip netns pids "$ns" 2>/dev/null)
			# shellcheck disable=SC2086 # one pid per word
			[ -n "$pids" ] && kill -TERM $pids 2>/dev/null
		done
		for ns in $(cat "$SCRATCH/netns.list"); do
			[ -e "/run/netns/$ns" ] || continue
			if ! wait_until 5 scn__ns_empty "$ns"; then
				pids=$(ip netns pids "$ns" 2>/dev/null)
				echo "scenario.sh: killing leftover processes in $ns: $pids" >&2
				# shellcheck disable=SC2086 # one pid per word
				[ -n "$pids" ] && kill -KILL $pids 2>/dev/null
				wait_until 5 scn__ns_empty "$ns" ||
					echo "scenario.sh: WARNING: processes survive in $ns" >&2
			fi
			ip netns del "$ns" 2>/dev/null ||
				echo "scenario.sh: WARNING: could not delete netns $ns" >&2
		done
	fi
	SCN__CLEANED=1
	if [ "$SCN__OWN_SCRATCH" = 1 ] && [ "$SCN__FAILED" = 0 ] && [ "$SCN_KEEP" != 1 ]; then
		rm -rf -- "$SCRATCH"
	else
		echo "scenario.sh: logs and configs kept in $SCRATCH" >&2
	fi
}

scn__ns_empty() {
	[ -z "$(ip netns pids "$1" 2>/dev/null)" ]
}

# ---------------------------------------------------------------------------
# strongSwan
# ---------------------------------------------------------------------------


# sw_id NAME - print the IKE identity of host NAME ("<name>.example", lower case)
sw_id() { echo "${1,,}.example"; }

scn__vici_uri() { echo "unix://$SCRATCH/ns/$1/charon.vici"; }

# sw_log NAME - print the path of NAME's charon log
sw_log() { echo "$SCRATCH/ns/$1/charon.log"; }

# scn_require_esp - fail early, with a clear message, unless the kernel can
# do AES-GCM ESP for IPv4 and IPv6. Normally decided from the modules esp4,
# esp6 and gcm (loaded, loadable or built in), so nothing touches the xfrm
# tables (ipsec-latch would see it); only when that is inconclusive does it
# try a dummy SA in the switch namespace (add + flush). Run automatically
# before the first strongSwan config is written; SCN_ESP_CHECK=0 skips it.
SCN__ESP_OK=0
scn_require_esp() {
	local sw out fam src dst mode m missing=""
	[ "$SCN__ESP_OK" = 1 ] && return 0
	[ "${SCN_ESP_CHECK:-1}" = 0 ] && return 0
	for m in esp4 esp6 gcm; do
		[ -d "/sys/module/$m" ] && continue
		modprobe -q "$m" 2>/dev/null && [ -d "/sys/module/$m" ] && continue
		grep -qs "/$m.ko" "/lib/modules/$(uname -r)/modules.builtin" && continue
		missing="$missing $m"
	done
	if [ -z "$missing" ]; then
		SCN__ESP_OK=1
		return 0
	fi
	scn__debug "modules$missing not found; probing ESP with a dummy SA"
	scn__ensure_switch
	sw=$SCN_PREFIX$SCN_SW_NAME
	for fam in 4 6; do
		if [ $fam = 4 ]; then src=192.0.2.254 dst=192.0.2.253; else src=2001:db8::fe dst=2001:db8::fd; fi
		for mode in transport tunnel; do
			if ! out=$(ip -n "$sw" xfrm state add src $src dst $dst proto esp spi 0x0000fffe \
				mode $mode aead 'rfc4106(gcm(aes))' 0x0102030405060708090a0b0c0d0e0f1011121314 128 2>&1); then
				scn_fail "this kernel cannot install an IPv$fam $mode-mode AES-GCM ESP SA ($out);
    needs CONFIG_XFRM_USER, CONFIG_INET_ESP, CONFIG_INET6_ESP, CONFIG_CRYPTO_GCM (or modules esp4/esp6/gcm)"
			fi
			ip -n "$sw" xfrm state flush >/dev/null 2>&1
		done
	done
	SCN__ESP_OK=1
}

# Write NAME's strongswan.conf / swanctl.conf skeleton (once).
sw__prepare() {
	local name=$1 dir sock
	dir=$SCRATCH/ns/$name
	scn__ns_exists "$name" || scn_fail "no host '$name' (create the topology first)"
	[ -f "$dir/strongswan.conf" ] && return 0
	scn_require_esp
	sock="$dir/charon.vici"
	[ ${#sock} -lt 100 ] || scn_fail "vici socket path too long (${#sock} chars, max 107): $sock; use a shorter SCRATCH"
	# swanctl takes its credential directories from the location of the
	# --file it loads; create them (empty) so it doesn't complain
	mkdir -p "$dir/swanctl/conf.d" || scn_fail "cannot create $dir/swanctl"
	(cd "$dir/swanctl" && mkdir -p x509 x509ca x509ocsp x509aa x509ac x509crl \
		pubkey private rsa ecdsa bliss pkcs8 pkcs12) || scn_fail "cannot create $dir/swanctl/*"
	cat >"$dir/strongswan.conf" <<-EOF || scn_fail "cannot write $dir/strongswan.conf"
	# generated by tests/lib/scenario.sh for host $name (netns $SCN_PREFIX$name)
	charon {
	    load_modular = no
	    load = $SW_PLUGINS
	    install_routes = no
	    install_virtual_ip = no
	    # fail fast when the peer does not answer
	    retransmit_tries = 3
	    retransmit_timeout = 2.0
	    plugins {
	        vici {
	            socket = unix://$sock
	        }
	    }
	    filelog {
	        scn {
	            path = $dir/charon.log
	            time_format = %H:%M:%S
	            ike_name = yes
	            append = yes
	            flush_line = yes
	            default = 1
	            ike = 2
	            knl = 2
	            cfg = 1
	            chd = 2
	        }
	    }
	    syslog {
	        daemon {
	            default = -1
	        }
	    }
	}
	swanctl {
	    load = pem pkcs1 x509 pubkey openssl random nonce
	}
	EOF
	cat >"$dir/swanctl/swanctl.conf" <<-EOF || scn_fail "cannot write $dir/swanctl/swanctl.conf"
	# generated by tests/lib/scenario.sh for host $name
	include $dir/swanctl/conf.d/*.conf
	EOF
}

# sw_swanctl NAME ARGS... - run swanctl against NAME's charon
sw_swanctl() {
	local name=$1 dir
	shift
	dir=$SCRATCH/ns/$name
	STRONGSWAN_CONF="$dir/strongswan.conf" SWANCTL_DIR="$dir/swanctl" \
		"$SW_SWANCTL" "$@" --uri "$(scn__vici_uri "$name")"
}

# sw_running NAME - predicate: NAME's charon is alive
sw_running() {
	scn__pid_alive "${SW_PID[$1]:-}"
}

sw__vici_ready() {
	[ -S "$SCRATCH/ns/$1/charon.vici" ] || ! sw_running "$1"
}

# sw_start NAME - start a charon in NAME's netns (private /run), wait for its
# vici socket, load its config (sw_load)
sw_start() {
	local name=$1 dir ns pid t0
	sw__prepare "$name"
	dir=$SCRATCH/ns/$name
	ns=$SCN_PREFIX$name
	sw_running "$name" && scn_fail "sw_start: charon already running in $name"
	rm -f "$dir/charon.vici"
	scn__debug "start charon in $ns"
	t0=$(scn_now_us)
	# ip netns exec gives a private mount namespace (propagation slave), so
	# the tmpfs over /run (charon.pid lives in /var/run -> /run) stays private
	# to this charon. All of ip/sh exec, so $! is charon's pid.
	STRONGSWAN_CONF="$dir/strongswan.conf" ip netns exec "$ns" /bin/sh -c '
		mount -t tmpfs -o mode=0755,size=4m scn-run /run ||
			{ echo "scenario.sh: mounting tmpfs on /run failed" >&2; exit 97; }
		exec "$0"' "$SW_CHARON" </dev/null >>"$dir/charon.out" 2>&1 &
	pid=$!
	SW_PID[$name]=$pid
	echo "$pid" >"$dir/charon.pid"
	if ! wait_until "$SW_START_TIMEOUT" sw__vici_ready "$name" || ! sw_running "$name"; then
		echo "charon output ($dir/charon.out):" >&2
		tail -n 20 "$dir/charon.out" 2>/dev/null | sed 's/^/    /' >&2
		scn_fail "charon in $name did not come up (no vici socket within ${SW_START_TIMEOUT}s, or it died)"
	fi
	scn__debug "charon $name pid $pid ready in $(scn_elapsed_ms "$t0") ms"
	sw_load "$name"
}

# sw_stop NAME - stop NAME's charon (SIGTERM, then SIGKILL after 10 s). A
# terminating charon deletes its IKE/CHILD SAs (telling the peer) and its
# policies. sw_start may be called again afterwards.
sw_stop() {
	local name=$1 pid=${SW_PID[$1]:-}
	[ -n "$pid" ] || return 0
	if sw_running "$name"; then
		scn__debug "stop charon $name (pid $pid)"
		kill -TERM "$pid" 2>/dev/null
		if ! wait_until 10 scn__pid_dead "$pid"; then
			echo "scenario.sh: charon in $name ignores SIGTERM, killing" >&2
			kill -KILL "$pid" 2>/dev/null
			wait_until 5 scn__pid_dead "$pid"
		fi
	fi
	wait "$pid" 2>/dev/null
	unset "SW_PID[$name]"
	return 0
}

# sw_kill NAME - SIGKILL NAME's charon: unlike sw_stop, its SAs and
# policies stay in the kernel and the peer is not told
sw_kill() {
	local name=$1 pid=${SW_PID[$1]:-}
	[ -n "$pid" ] || return 0
	scn__debug "kill -9 charon $name (pid $pid)"
	kill -KILL "$pid" 2>/dev/null
	wait_until 5 scn__pid_dead "$pid" || scn_fail "charon in $name survives SIGKILL"
	wait "$pid" 2>/dev/null
	unset "SW_PID[$name]"
	return 0
}

# sw_load NAME - (re)load NAME's swanctl.conf into its charon (swanctl
# --load-all); connections whose files were removed get unloaded
sw_load() {
	local name=$1 dir out
	dir=$SCRATCH/ns/$name
	sw_running "$name" || scn_fail "sw_load: charon in $name is not running"
	scn__debug "swanctl --load-all ($name)"
	if ! out=$(sw_swanctl "$name" --load-all --file "$dir/swanctl/swanctl.conf" 2>&1); then
		scn_fail "swanctl --load-all failed in $name:
$out"
	fi
	echo "$out" >>"$dir/swanctl.out"
	if printf '%s\n' "$out" | grep -qiE 'failed|error'; then
		scn_fail "swanctl --load-all reported errors in $name:
$out"
	fi
}

# Write one connection file for host NAME; reload if its charon runs.
sw__write_conn() {
	local name=$1 conn=$2 body=$3 dir
	sw__prepare "$name"
	dir=$SCRATCH/ns/$name
	(umask 077 && printf '%s\n' "$body" >"$dir/swanctl/conf.d/$conn.conf") ||
		scn_fail "cannot write $dir/swanctl/conf.d/$conn.conf"
	scn__debug "config $conn for $name"
	if sw_running "$name"; then sw_load "$name"; fi
}

sw__psk() {
	head -c 24 /dev/urandom | base64 | tr -d '\n' || scn_fail "cannot read /dev/urandom"
}

# conn body: NAME CONN LOCAL_ADDR REMOTE_ADDR LOCAL_ID REMOTE_ID PSK CHILDREN
sw__conn_text() {
	cat <<-EOF
	# generated by tests/lib/scenario.sh
	connections {
	    $2 {
	        version = 2
	        local_addrs = $3
	        remote_addrs = $4
	        proposals = $SW_IKE_PROPOSALS
	        unique = never
	        mobike = no
	        local {
	            auth = psk
	            id = $5
	        }
	        remote {
	            auth = psk
	            id = $6
	        }
	        children {
	$8
	        }
	    }
	}
	secrets {
	    ike-$2 {
	        id-local = $5
	        id-remote = $6
	        secret = "$7"
	    }
	}
	EOF
}

# child section: CHILD MODE [LOCAL_TS REMOTE_TS]
sw__child_text() {
	cat <<-EOF
	            $1 {
	                mode = $2
	                start_action = trap
	                esp_proposals = $SW_ESP_PROPOSALS${3:+
	                local_ts = $3
	                remote_ts = $4}${SW_UPDOWN:+
	                updown = $SW_UPDOWN}${SW_CHILD_EXTRA:+
	                $SW_CHILD_EXTRA}
	            }
	EOF
}

# IPv6 neighbour discovery bypass for host NAME: transport-mode (and
# host-covering tunnel) policies also match unicast NS/NA between the peers,
# so without this the NA answering a neighbour solicitation is held by the
# trap policy, the peers never learn each other's MAC address and IKE over
# IPv6 never completes. Installs pass (shunt) policies for ICMPv6 types 135
# and 136 through a charon conn "nd-bypass" that never matches an IKE peer
# (remote_addrs = 127.0.0.1). SW_ND_BYPASS=0 disables it.
sw__nd_bypass() {
	local name=$1 dir
	[ "${SW_ND_BYPASS:-1}" = 1 ] || return 0
	sw__prepare "$name"
	dir=$SCRATCH/ns/$name
	[ -f "$dir/swanctl/conf.d/nd-bypass.conf" ] && return 0
	sw__write_conn "$name" nd-bypass "$(cat <<-EOF
	# generated by tests/lib/scenario.sh: let IPv6 neighbour discovery bypass IPsec
	connections {
	    nd-bypass {
	        remote_addrs = 127.0.0.1
	        children {
	            nd-ns {
	                mode = pass
	                start_action = trap
	                local_ts = ::/0[ipv6-icmp/135]
	                remote_ts = ::/0[ipv6-icmp/135]
	            }
	            nd-na {
	                mode = pass
	                start_action = trap
	                local_ts = ::/0[ipv6-icmp/136]
	                remote_ts = ::/0[ipv6-icmp/136]
	            }
	        }
	    }
	}
	EOF
	)"
}

# sw_latch_updown [CHAIN] - every child written from now on runs the
# shipped ipsec-latch updown hook (tools/updown), with this checkout's
# ipsec-latchctl: charon's environment is minimal, so it is told where.
# CHAIN: the script the hook chains, named the documented way, in the
# updown setting itself ("IPSEC_LATCH_CHAIN=CHAIN hook").
sw_latch_updown() {
	local repo=${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
	local chain=${1:-}
	mkdir -p "$SCRATCH" || scn_fail "cannot create $SCRATCH"
	cat >"$SCRATCH/latch-updown" <<-EOF || scn_fail "cannot write the updown wrapper"
	#!/bin/sh
	IPSEC_LATCHCTL=$repo/tools/ipsec-latchctl/ipsec-latchctl
	export IPSEC_LATCHCTL
	exec $repo/tools/updown/ipsec-latch-updown "\$@"
	EOF
	chmod +x "$SCRATCH/latch-updown"
	export SW_UPDOWN="${chain:+IPSEC_LATCH_CHAIN=$chain }$SCRATCH/latch-updown"
}

# sw_transport [-4|-6] [-n NAME] A B - transport-mode trap policy between
# hosts A and B (their primary addresses), one IKE SA per family. Creates
# conn+child "NAME-4" / "NAME-6" (NAME defaults to "A-B") on both hosts.
sw_transport() {
	local fams="4 6" base="" a b f la lb psk conn
	while [ $# -gt 0 ]; do
		case $1 in
		-4) fams=4 ;;
		-6) fams=6 ;;
		-n) base=$2; shift ;;
		-*) scn_fail "sw_transport: unknown option $1" ;;
		*) break ;;
		esac
		shift
	done
	[ $# -eq 2 ] || scn_fail "usage: sw_transport [-4|-6] [-n NAME] A B"
	a=$1 b=$2
	base=${base:-$a-$b}
	psk=$(sw__psk)
	for f in $fams; do
		if [ "$f" = 4 ]; then la=${SCN_IP4[$a]:-} lb=${SCN_IP4[$b]:-}; else la=${SCN_IP6[$a]:-} lb=${SCN_IP6[$b]:-}; fi
		[ -n "$la" ] && [ -n "$lb" ] || scn_fail "sw_transport: $a or $b has no IPv$f address"
		conn=$base-$f
		if [ "$f" = 6 ]; then sw__nd_bypass "$a"; sw__nd_bypass "$b"; fi
		sw__write_conn "$a" "$conn" "$(sw__conn_text "$a" "$conn" "$la" "$lb" "$(sw_id "$a")" "$(sw_id "$b")" "$psk" "$(sw__child_text "$conn" transport)")"
		sw__write_conn "$b" "$conn" "$(sw__conn_text "$b" "$conn" "$lb" "$la" "$(sw_id "$b")" "$(sw_id "$a")" "$psk" "$(sw__child_text "$conn" transport)")"
	done
}

# sw_transport_up [OPTIONS] A B - sw_transport with the same arguments, then
# both charons started: the usual start of a two-host scenario.
sw_transport_up() {
	sw_transport "$@"
	sw_start "${@: -2:1}"
	sw_start "${@: -1}"
}

# sw_tunnel [-n NAME] [-O 4|6] GW_A GW_B NETS_A NETS_B - tunnel-mode trap
# policy between the comma-separated subnets NETS_A (behind GW_A) and NETS_B
# (behind GW_B); IKE between the gateways' primary IPv4 (-O 6: IPv6)
# addresses. Conn NAME (default "GW_A-GW_B"), one child per inner family:
# "NAME-4", "NAME-6".
sw_tunnel() {
	local base="" outer=4 a b nets_a nets_b f la lb psk ts_a ts_b children_a="" children_b="" n
	while [ $# -gt 0 ]; do
		case $1 in
		-n) base=$2; shift ;;
		-O) outer=$2; shift ;;
		-*) scn_fail "sw_tunnel: unknown option $1" ;;
		*) break ;;
		esac
		shift
	done
	[ $# -eq 4 ] || scn_fail "usage: sw_tunnel [-n NAME] [-O 4|6] GW_A GW_B NETS_A NETS_B"
	a=$1 b=$2 nets_a=$3 nets_b=$4
	base=${base:-$a-$b}
	if [ "$outer" = 4 ]; then la=${SCN_IP4[$a]:-} lb=${SCN_IP4[$b]:-}; else la=${SCN_IP6[$a]:-} lb=${SCN_IP6[$b]:-}; fi
	[ -n "$la" ] && [ -n "$lb" ] || scn_fail "sw_tunnel: $a or $b has no IPv$outer address"
	for f in 4 6; do
		ts_a="" ts_b=""
		for n in ${nets_a//,/ }; do
			case $n in *:*) [ $f = 6 ] && ts_a=${ts_a:+$ts_a,}$n ;; *) [ $f = 4 ] && ts_a=${ts_a:+$ts_a,}$n ;; esac
		done
		for n in ${nets_b//,/ }; do
			case $n in *:*) [ $f = 6 ] && ts_b=${ts_b:+$ts_b,}$n ;; *) [ $f = 4 ] && ts_b=${ts_b:+$ts_b,}$n ;; esac
		done
		[ -z "$ts_a" ] && [ -z "$ts_b" ] && continue
		[ -n "$ts_a" ] && [ -n "$ts_b" ] || scn_fail "sw_tunnel: IPv$f subnets on one side only ('$nets_a' vs '$nets_b')"
		children_a="$children_a$(sw__child_text "$base-$f" tunnel "$ts_a" "$ts_b")
"
		children_b="$children_b$(sw__child_text "$base-$f" tunnel "$ts_b" "$ts_a")
"
	done
	[ -n "$children_a" ] || scn_fail "sw_tunnel: no subnets given"
	psk=$(sw__psk)
	sw__write_conn "$a" "$base" "$(sw__conn_text "$a" "$base" "$la" "$lb" "$(sw_id "$a")" "$(sw_id "$b")" "$psk" "$children_a")"
	sw__write_conn "$b" "$base" "$(sw__conn_text "$b" "$base" "$lb" "$la" "$(sw_id "$b")" "$(sw_id "$a")" "$psk" "$children_b")"
}

# sw_unload NAME CONN - remove connection file CONN from NAME's config and
# reload (which unloads the conn and its trap policies); a no-op if absent.
# Established SAs of CONN stay up: sw_terminate them first if needed.
sw_unload() {
	local name=$1 conn=$2 dir
	dir=$SCRATCH/ns/$name
	[ -f "$dir/swanctl/conf.d/$conn.conf" ] || return 0
	rm -f "$dir/swanctl/conf.d/$conn.conf" || scn_fail "cannot remove $dir/swanctl/conf.d/$conn.conf"
	if sw_running "$name"; then sw_load "$name"; fi
}

# sw_terminate NAME IKE_NAME - close NAME's IKE_SA(s) named IKE_NAME (and
# their CHILD_SAs), telling the peer; trap policies stay, so the next packet
# negotiates again
sw_terminate() {
	local out
	out=$(sw_swanctl "$1" --terminate --ike "$2" --timeout 10 2>&1) ||
		scn_fail "swanctl --terminate --ike $2 failed in $1:
$out"
}

# sw_list_sas NAME - swanctl --list-sas for NAME (IKE and CHILD SAs)
sw_list_sas() {
	sw_swanctl "$1" --list-sas
}

# sw_initiate NAME CHILD [TIMEOUT_S] - actively initiate CHILD from NAME
# (for tests that don't want to wait for a trap), fail if it doesn't come up
sw_initiate() {
	local out
	out=$(sw_swanctl "$1" --initiate --child "$2" --timeout "${3:-20}" 2>&1) ||
		scn_fail "swanctl --initiate --child $2 failed in $1:
$out"
}

# sw_child_installed NAME CHILD - predicate: NAME's charon has an INSTALLED
# CHILD_SA named CHILD
sw_child_installed() {
	sw_swanctl "$1" --list-sas 2>/dev/null |
		grep -qE "^[[:space:]]+$2: #[0-9]+, reqid [0-9]+, INSTALLED"
}

# sw_wait_child NAME CHILD TIMEOUT_S - wait until CHILD is INSTALLED in NAME;
# fail the test (with diagnostics) otherwise
sw_wait_child() {
	wait_until "$3" sw_child_installed "$1" "$2" ||
		scn_fail "CHILD_SA $2 not installed in $1 within $3 s"
}

# sw_sa_table NAME - one line per ESP SA in NAME's kernel (ip -s xfrm state):
#   SRC DST SPI MODE ALG BYTES PACKETS
# Larval states (SPI 0, held by the kernel while an ACQUIRE is pending) are
# left out, here and in sw_sa_bytes / sw_sa_count / sw_wait_sa.
sw_sa_table() {
	local out
	out=$(ip -n "$SCN_PREFIX$1" -s xfrm state 2>&1) || {
		echo "ip -s xfrm state failed in $1: $out" >&2
		return 1
	}
	printf '%s\n' "$out" | scn__xfrm_parse
}

# Parser for `ip -s xfrm state` (iproute2 text format). Exposed for tests of
# the parser itself: `scn__xfrm_parse < file`.
scn__xfrm_parse() {
	awk '
	function flush() {
		# SPI 0: larval state the kernel holds while an acquire is pending
		if (src != "" && proto == "esp" && spi !~ /^0x0+$/)
			print src, dst, spi, mode, (alg == "" ? "-" : alg), bytes + 0, packets + 0
		src = ""; proto = ""; spi = ""; mode = ""; alg = ""; bytes = 0; packets = 0; cur = 0
	}
	/^src / { flush(); src = $2; dst = $4; next }
	/^[ \t]+proto / {
		proto = $2
		for (i = 3; i < NF; i++) {
			if ($i == "spi") { spi = $(i + 1); sub(/\(.*/, "", spi) }
			if ($i == "mode") mode = $(i + 1)
		}
		next
	}
	/^[ \t]+(aead|enc) / { if (alg == "") alg = $2; next }
	/^[ \t]+lifetime current:/ { cur = 1; next }
	cur && /\(bytes\)/ {
		line = $0
		gsub(/[(),]/, " ", line)
		n = split(line, w, /[ \t]+/)
		for (i = 2; i <= n; i++) {
			if (w[i] == "bytes") bytes = w[i - 1]
			if (w[i] == "packets") packets = w[i - 1]
		}
		cur = 0
		next
	}
	END { flush() }'
}

# Filter sw_sa_table lines: [-4|-6] [-s SRC] [-d DST] [-m MODE]
scn__sa_filter() {
	local fam="" src="" dst="" mode=""
	while [ $# -gt 0 ]; do
		case $1 in
		-4) fam=4 ;;
		-6) fam=6 ;;
		-s) src=$2; shift ;;
		-d) dst=$2; shift ;;
		-m) mode=$2; shift ;;
		*) echo "bad SA filter '$1' (use -4 -6 -s SRC -d DST -m MODE)" >&2; return 2 ;;
		esac
		shift
	done
	awk -v fam="$fam" -v src="$src" -v dst="$dst" -v mode="$mode" '
		fam == 4 && $2 ~ /:/ { next }
		fam == 6 && $2 !~ /:/ { next }
		src != "" && $1 != src { next }
		dst != "" && $2 != dst { next }
		mode != "" && $4 != mode { next }
		{ print }'
}

# sw_sa_bytes NAME [-4|-6] [-s SRC] [-d DST] [-m MODE] - print the sum of the
# byte counters of NAME's ESP SAs (matching the filters; src/dst are the SA's
# outer addresses). Prints 0 when there is none; returns 1 if it can't read them.
sw_sa_bytes() {
	local name=$1 table
	shift
	table=$(sw_sa_table "$name") || return 1
	printf '%s\n' "$table" | scn__sa_filter "$@" | awk '{ s += $6 } END { print s + 0 }'
}

# sw_sa_count NAME [filters as sw_sa_bytes] - print the number of ESP SAs
sw_sa_count() {
	local name=$1 table
	shift
	table=$(sw_sa_table "$name") || return 1
	printf '%s\n' "$table" | scn__sa_filter "$@" | awk 'NF { n++ } END { print n + 0 }'
}

scn__sa_present() {
	local n
	n=$(sw_sa_count "$@") && [ "$n" -gt 0 ]
}

# sw_wait_sa NAME TIMEOUT_S [filters as sw_sa_bytes] - wait until NAME's
# kernel has an ESP SA matching the filters; fail the test otherwise
sw_wait_sa() {
	local name=$1 t=$2
	shift 2
	wait_until "$t" scn__sa_present "$name" "$@" ||
		scn_fail "no ESP SA ${*:+($*) }in $name within $t s"
}

# sw_policy_count NAME [DIR] - print the number of IPsec (ESP-template) xfrm
# policies in NAME, optionally only direction DIR (in, out, fwd). Socket
# policies (charon's IKE bypass) and pass/shunt policies are not counted.
sw_policy_count() {
	local out
	out=$(ip -n "$SCN_PREFIX$1" xfrm policy list 2>&1) || {
		echo "ip xfrm policy failed in $1: $out" >&2
		return 1
	}
	printf '%s\n' "$out" | awk -v want="${2:-}" '
		function flush() { if (dir != "" && esp && (want == "" || dir == want)) n++; dir = ""; esp = 0 }
		/^src / { flush(); next }
		/^[ \t]+dir / { dir = $2; next }
		/^[ \t]+proto esp/ { esp = 1 }
		END { flush(); print n + 0 }'
}

# sw_dump_logs [NAME...] - print the tail ($SCN_LOG_LINES) of the charon logs
# of the given hosts (default: every host with a charon log)
sw_dump_logs() {
	local name f
	[ "$SCN__INITIALIZED" = 1 ] || return 0
	[ $# -gt 0 ] || set -- "${SCN_HOSTS[@]}"
	for name in "$@"; do
		f=$(sw_log "$name")
		[ -f "$f" ] || continue
		echo "== $name: last $SCN_LOG_LINES lines of $f"
		grep -vE '(queueing|activating) [A-Z_]+ task$|activating new tasks$' "$f" |
			tail -n "$SCN_LOG_LINES" | sed 's/^/   /'
		f=$SCRATCH/ns/$name/charon.out
		if [ -s "$f" ]; then
			echo "== $name: charon stdout/stderr"
			tail -n 20 "$f" | sed 's/^/   /'
		fi
	done
}

# ---------------------------------------------------------------------------
# Traffic
# ---------------------------------------------------------------------------

scn__sockaddr() {
	case $1 in *:*) echo "[$1]" ;; *) echo "$1" ;; esac
}

# ns_listening NETNS tcp|udp PORT - a socket listens (is bound) on PORT
ns_listening() {
	local opt=-Hltn
	[ "$2" = udp ] && opt=-Hlun
	[ -n "$(ip netns exec "$1" ss $opt "sport = :$3" 2>/dev/null)" ]
}

scn__listening() { ns_listening "$SCN_PREFIX$1" tcp "$2"; }

# tcp_server NAME ADDR PORT - start a TCP echo server (socat, fork) on
# ADDR:PORT in NAME and wait until it listens. Killed by scn_cleanup.
tcp_server() {
	local name=$1 addr=$2 port=$3 fam=4 log
	case $addr in *:*) fam=6 ;; esac
	log="$SCRATCH/ns/$name/tcp-server-$port-$fam.log"
	scn__debug "tcp echo server in $name on $addr:$port"
	# -t 10: wait for cat's echo after the client's FIN (socat's default
	# 0.5 s can be too short for a fork and exec on the debug kernel).
	ip netns exec "$SCN_PREFIX$name" socat -t 10 "TCP$fam-LISTEN:$port,bind=$(scn__sockaddr "$addr"),reuseaddr,fork" \
		EXEC:cat </dev/null >>"$log" 2>&1 &
	wait_until 15 scn__listening "$name" "$port" ||
		scn_fail "TCP server on $addr:$port in $name not listening after 15 s ($(cat "$log" 2>/dev/null))"
}

# tcp_servers NAME PORT - tcp_server on NAME's primary IPv4 and IPv6
# addresses.
tcp_servers() {
	tcp_server "$1" "${SCN_IP4[$1]}" "$2"
	tcp_server "$1" "${SCN_IP6[$1]}" "$2"
}

# tcp_probe NAME ADDR PORT - predicate: from NAME, connect to ADDR:PORT, send a
# line and get it echoed back (2 s connect + 2 s idle timeout). Errors go to
# $SCRATCH/last-probe.err, so it's quiet inside wait_until.
tcp_probe() {
	local name=$1 addr=$2 port=$3 token out
	token="probe-$RANDOM-$RANDOM"
	out=$(printf '%s\n' "$token" | ip netns exec "$SCN_PREFIX$name" \
		socat -T 2 - "TCP:$(scn__sockaddr "$addr"):$port,connect-timeout=2" 2>"$SCRATCH/last-probe.err.tmp")
	if [ "$out" = "$token" ]; then
		rm -f "$SCRATCH/last-probe.err.tmp"
		: >"$SCRATCH/last-probe.err"
		return 0
	fi
	{ echo "tcp_probe $name -> $addr:$port: got '${out}'"; cat "$SCRATCH/last-probe.err.tmp"; } >"$SCRATCH/last-probe.err" 2>/dev/null
	return 1
}

# ping_probe NAME ADDR - predicate: one ping (1 s timeout) from NAME to ADDR
ping_probe() {
	local name=$1 addr=$2
	ip netns exec "$SCN_PREFIX$name" ping -q -n -c 1 -W 1 "$addr" >"$SCRATCH/last-probe.err" 2>&1 &&
		: >"$SCRATCH/last-probe.err"
}
