# SPDX-License-Identifier: GPL-2.0
#
# The kernel NFSv4 server and client between scenario hosts (netns), with
# no systemd and no rpcbind: NFSv4.2 over TCP 2049 only. Source after
# scenario.sh.
#
#   nfs_require                    end the scenario (one skipped test point)
#                                  unless the kernel has NFSD and the NFS
#                                  client, and nfs-utils is installed
#                                  (nfs_missing says which; nfs_prepare
#                                  loads the kernel's modules)
#   nfs_server_start HOST CLIENT... export a fresh tmpfs as HOST's "/"
#                                  (fsid=0) to the CLIENT addresses, and
#                                  wait until its grace period is over
#   nfs_mount HOST SERVER          mount SERVER:/ in HOST at $(nfs_dir HOST)
#                                  (NFSv4 is TCP; clientaddr= given, so that
#                                  mount.nfs connects no UDP socket to
#                                  SERVER; soft: a dead connection
#                                  fails a call in about 60 s, never hangs
#                                  the test)
#   nfs_in HOST CMD...             CMD where HOST's mount is
#   nfs_umount HOST; nfs_server_stop HOST
#   nfs_teardown                   both, for every host (an EXIT trap's
#                                  first step: before scn_cleanup kills
#                                  the server under a mounted client)
#
# Why it looks this way (the kernel's own rules):
#  - The nfsd filesystem is per netns, and `ip netns exec` gives each
#    command a mount namespace of its own that dies with it: the server is
#    one shell that mounts nfsd, starts it and becomes rpc.mountd, which
#    keeps that namespace (and so the server) alive; killing it stops nfsd.
#    The client's mount is held by a `sleep` the same way.
#  - rpc.mountd answers the kernel's export upcalls, even for NFSv4.
#  - The guest's root is 9p, which cannot be exported; a tmpfs can (with
#    an fsid). /etc is read-only: exports are given with exportfs -i.
#  - Without nfsdcld in the netns, nfsd cannot track clients and keeps a
#    full grace period (10 s, the least it takes) before the first OPEN.

NFS_PORT=2049
declare -A NFS_PID

nfs_dir() { echo "$SCRATCH/nfs/$1"; }

# What this kernel or machine lacks for NFS, in words; nothing if none.
nfs_missing() {
	local tool config=${KCONFIG:-/boot/config-$(uname -r)}
	grep -q '^CONFIG_NFSD=[my]' "$config" &&
		grep -q '^CONFIG_NFS_V4=[my]' "$config" ||
		{ echo "the kernel has no NFS server or NFSv4 client"; return; }
	for tool in rpc.nfsd rpc.mountd exportfs mount.nfs4; do
		command -v "$tool" >/dev/null ||
			{ echo "$tool missing (nfs-kernel-server, nfs-common)"; return; }
	done
}

# Load the kernel's NFS modules first: under emulation their load is slow.
nfs_prepare() {
	modprobe nfsd && modprobe nfsv4 || scn_fail "cannot load nfsd/nfsv4"
	# The guest's /var/lib is an empty tmpfs: rpc.nfsd works from
	# /var/lib/nfs, exportfs keeps its tables there.
	mkdir -p /var/lib/nfs/v4recovery
	touch /var/lib/nfs/etab /var/lib/nfs/rmtab
}

nfs_require() {
	local why

	why=$(nfs_missing)
	if [ -n "$why" ]; then
		t_skip "NFSv4 over IPsec" "$why"
		exit 0
	fi
	nfs_prepare
}

nfs__in_pid() { local pid=$1; shift; nsenter -t "$pid" -m -n "$@"; }

nfs_server_start() {
	local host=$1 dir c clients=()
	shift
	dir=$(nfs_dir "$host")-export
	mkdir -p "$dir"
	mountpoint -q "$dir" || mount -t tmpfs -o size=32m "nfs-$host" "$dir"
	for c in "$@"; do
		[[ $c == *:* ]] && c="[$c]"
		clients+=("$c")
	done
	ip netns exec "$(scn_ns "$host")" /bin/sh -c '
		set -e
		dir=$1; shift
		mount -t nfsd nfsd /proc/fs/nfsd
		for c in "$@"; do
			exportfs -i -o rw,sync,no_root_squash,insecure,no_subtree_check,fsid=0 "$c:$dir"
		done
		rpc.nfsd --no-nfs-version 3 --no-udp --grace-time 10 4
		exec rpc.mountd --foreground --no-nfs-version 2 --no-nfs-version 3
	' sh "$dir" "${clients[@]}" </dev/null >"$SCRATCH/nfsd-$host.log" 2>&1 &
	NFS_PID[$host-server]=$!
	wait_until 60 nfs__in_pid "${NFS_PID[$host-server]}" \
		grep -qsx 4 /proc/fs/nfsd/threads ||
		scn_fail "nfsd in $host: not started ($(cat "$SCRATCH/nfsd-$host.log"))"
	# mountd reads the export channels before the first request comes
	wait_until 20 sh -c "ls -l /proc/${NFS_PID[$host-server]}/fd 2>/dev/null | grep -q nfsd.fh/channel" ||
		scn_fail "rpc.mountd in $host: not reading the export channels"
	wait_until 60 nfs__in_pid "${NFS_PID[$host-server]}" \
		grep -qsx Y /proc/fs/nfsd/v4_end_grace ||
		scn_fail "nfsd in $host: still in its grace period"
}

# The server's export, as the server sees it (to compare with the client).
nfs_export_dir() { echo "$(nfs_dir "$1")-export"; }

nfs_mount() {
	local host=$1 server=$2 mnt me
	mnt=$(nfs_dir "$host")
	mkdir -p "$mnt"
	# Without clientaddr=, mount.nfs learns it with a UDP connect() to
	# the server, which in mode wait waits for the SA (docs/configuration.md).
	me=$(ip -n "$(scn_ns "$host")" -o route get "$server" |
		sed -n 's/.* src \([^ ]*\).*/\1/p')
	[[ $server == *:* ]] && server="[$server]"
	rm -f "$mnt.up"
	ip netns exec "$(scn_ns "$host")" /bin/sh -c '
		mount -t nfs4 -o vers=4.2,port='$NFS_PORT',clientaddr='"$me"',sec=sys,soft,timeo=100,retrans=2,retry=0 \
			"$1:/" "$2" || exit 1
		: >"$2.up"
		exec sleep infinity
	' sh "$server" "$mnt" </dev/null >"$SCRATCH/nfs-mount-$host.log" 2>&1 &
	NFS_PID[$host-client]=$!
	wait_until "${NFS_MOUNT_WAIT:-90}" test -e "$mnt.up"
}

nfs_in() { local host=$1; shift; nfs__in_pid "${NFS_PID[$host-client]}" "$@"; }

nfs_umount() {
	local host=$1 pid=${NFS_PID[$1-client]:-} mnt
	[ -n "$pid" ] || return 0
	mnt=$(nfs_dir "$host")
	timeout -s KILL 60 nsenter -t "$pid" -m umount "$mnt" 2>/dev/null ||
		timeout -s KILL 60 nsenter -t "$pid" -m umount -f "$mnt" 2>/dev/null ||
		timeout -s KILL 10 nsenter -t "$pid" -m umount -l "$mnt" 2>/dev/null
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	unset "NFS_PID[$host-client]"
	rm -f "$mnt.up"
}

nfs_server_stop() {
	local host=$1 pid=${NFS_PID[$1-server]:-}
	[ -n "$pid" ] || return 0
	timeout -s KILL 30 nsenter -t "$pid" -m -n rpc.nfsd 0 2>/dev/null
	timeout -s KILL 30 nsenter -t "$pid" -m -n exportfs -au 2>/dev/null
	kill -TERM "$pid" 2>/dev/null
	wait_until 10 scn__pid_dead "$pid" || kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	unset "NFS_PID[$host-server]"
	umount "$(nfs_export_dir "$host")" 2>/dev/null
}

nfs_teardown() {
	local k
	for k in "${!NFS_PID[@]}"; do
		[[ $k == *-client ]] && nfs_umount "${k%-client}"
	done
	for k in "${!NFS_PID[@]}"; do
		[[ $k == *-server ]] && nfs_server_stop "${k%-server}"
	done
	return 0
}
