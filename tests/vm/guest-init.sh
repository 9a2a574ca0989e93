#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the VM once the host's root filesystem is mounted read-only:
# give it writable scratch space, run the job the host left in the results
# share, keep the kernel log, power off. Whatever happens, power off: a
# guest that stays up is only ended by the host's timeout.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm
# devtmpfs lacks what udev would add; bash's <(...) needs /dev/fd.
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
for dir in /run /tmp /var/tmp /var/log /var/lib /root; do
	mount -t tmpfs tmpfs "$dir"
done
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
# A kernel from a chroot (run.sh -r): its modules, where modprobe looks.
if [ -n "${ilvm_modroot:-}" ]; then
	mount -t tmpfs tmpfs /lib/modules
	ln -s "$ilvm_modroot/lib/modules/$(uname -r)" "/lib/modules/$(uname -r)"
fi
mkdir -p /run/results /var/lib/dkms
# The host's shares come over 9p, or virtiofs on kernels without 9p
# (Debian's cloud flavour): ilvm_fs on the kernel command line.
share() { # share TAG DIR ro|rw
	if [ "${ilvm_fs:-9p}" = virtiofs ]; then
		mount -t virtiofs -o "$3" "$1" "$2"
	else
		mount -t 9p -o "trans=virtio,version=9p2000.L,$3,msize=262144${4:+,$4}" \
			"$1" "$2"
	fi
}
share results /run/results rw
# The checkout may live under a directory that is tmpfs here (/tmp, /root):
# it comes as its own share, mounted at the same path.
mkdir -p "$ilvm_repo"
share repo "$ilvm_repo" ro cache=loose
hostname ipsec-latch-vm
ip link set lo up
echo 1 >/proc/sys/kernel/sysrq

# Keep the netstamp static key on for the whole run. Every ping opens a
# timestamping socket; the first one and the last one's close flip the key,
# which patches jump labels on the receive path (netif_rx_internal...)
# with int3 while other CPUs run them. Under QEMU's TCG a CPU has then run
# such an int3 after the patching had finished: "Oops: int3" at
# netif_rx_internal+0x1e, a panic in the middle of a flood (94, on 6.12).
# One socket held open keeps the key from flipping (on before the job).
python3 -c 'import signal, socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 29, 1)  # SO_TIMESTAMP
open("/run/netstamp-held", "w").close()
signal.pause()' &
for _ in $(seq 100); do
	[ -e /run/netstamp-held ] && break
	sleep 0.1
done

job=/run/results/job
if [ -r "$job" ]; then
	cd /tmp && bash "$job" >/run/results/output.log 2>&1
	echo $? >/run/results/job.rc
else
	echo "guest-init: no job in the results share" >/dev/console
fi
dmesg >/run/results/dmesg.log
sync
# Power off, and never return: init exiting is a panic. Nothing here may
# run a program once the power-off has begun (the root filesystem goes,
# and bash then exits with 126 from a failed exec, panicking a guest whose
# run had passed): the wait is bash's own read, on a pipe that stays
# silent, set up before.
coproc HOLD { exec sleep 2147483647; }
echo o >/proc/sysrq-trigger
while :; do
	read -r -t 5 -u "${HOLD[0]}" _ || :
done
