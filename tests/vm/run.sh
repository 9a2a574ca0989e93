#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot Debian's stock kernel under QEMU with this machine's userspace as a
# read-only 9p root, run one job script inside, and report.
#
# usage: run.sh [-k KVER] [-i IMAGE] [-r ROOT] [-t TIMEOUT_S] [-o OUTDIR]
#               [-a KARG]... [-e VAR=VALUE]... [-x TAPFILE]... [-s] JOB [ARGS...]
#   -s  stream the job's output (the demo); default: TAP results, a
#       "N passed, N failed" line, and a check of the guest kernel log.
#   -i  boot IMAGE instead of /boot/vmlinuz-KVER (the debug kernel, which
#       has the virtio and 9p drivers built in)
#   -r  take KVER's image and modules from the system at ROOT (a chroot:
#       the trixie-backports kernel, scripts/backports-chroot.sh); the
#       guest sees ROOT's /lib/modules/KVER at /lib/modules/KVER
#   -a  add KARG to the guest kernel's command line (e.g. preempt=full)
#   -e  set VAR in the job's environment
#   -x  count the "ok - …"/"not ok - …" lines of TAPFILE (results of checks
#       run on the host, e.g. the harness self-test) in the same summary.
# VM_ACCEL=kvm|tcg|icount in the environment picks the accelerator (default:
# KVM if it boots, else TCG); icount: one vCPU whose clock counts the
# instructions it executes, for benchmarks. VM_TCG_THREADS=single runs
# TCG's two vCPUs in turns on one host thread, =multi a thread each. With a
# thread per vCPU a vCPU can still run an int3 that another one's text
# patch (ftrace, kprobes, jump labels) has already replaced; 6.1's int3
# handler claims such a stale int3 and the vCPU runs on, later kernels'
# oops (three CI runs on 6.12: docs/reliability.md). Each load and unload
# of the module patches the kernel's text. So the default is single for
# every kernel but 6.1, multi (faster) for 6.1.
# The job runs as root in the guest with REPO set to this checkout and
# KCONFIG to the kernel's .config. It reports test results by appending TAP
# lines to $TAP_FILE.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
kver=
timeout_s=900
outdir=
stream=0
extra_tap=()
image=
kroot=
job_env=()
kargs=
while getopts "k:i:r:t:o:a:e:x:s" opt; do
	case $opt in
	k) kver=$OPTARG ;;
	a) [[ $OPTARG =~ ^[a-z0-9_.-]+(=[A-Za-z0-9_.,-]+)?$ ]] || { echo "run.sh: -a wants one kernel argument, e.g. preempt=full" >&2; exit 2; }
	   kargs+=" $OPTARG" ;;
	i) image=$OPTARG ;;
	r) kroot=$(cd "$OPTARG" && pwd) || exit 2 ;;
	e) [[ $OPTARG =~ ^[A-Z_][A-Z0-9_]*= ]] || { echo "run.sh: -e wants VAR=VALUE" >&2; exit 2; }
	   job_env+=("$OPTARG") ;;
	t) timeout_s=$OPTARG ;;
	o) outdir=$OPTARG ;;
	x) extra_tap+=("$OPTARG") ;;
	s) stream=1 ;;
	*) echo "usage: $0 [-k KVER] [-i IMAGE] [-r ROOT] [-t TIMEOUT_S] [-o OUTDIR] [-a KARG]... [-e VAR=VALUE]... [-x TAPFILE]... [-s] JOB [ARGS...]" >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "run.sh: no job given" >&2; exit 2; }
job=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
[ -n "$kver" ] || kver=$("$repo/scripts/kver.sh") || exit 1
kernel=${image:-$kroot/boot/vmlinuz-$kver}
[ -r "$kernel" ] || { echo "run.sh: $kernel not readable" >&2; exit 1; }

build=$repo/build/vm
mkdir -p "$build"
outdir=${outdir:-$build/run-$(date +%Y%m%d-%H%M%S)-$$}
rm -rf "$outdir"
mkdir -p "$outdir"
initrd=$build/initramfs-$kver.cpio.gz
if [ ! -e "$initrd" ] || [ "$here/initramfs-init" -nt "$initrd" ] ||
   [ "$here/mkinitramfs.sh" -nt "$initrd" ]; then
	MODROOT=$kroot "$here/mkinitramfs.sh" "$kver" "$initrd" || exit 1
fi

# The guest kernel's build configuration, for jobs that depend on it.
kconfig=$kroot/boot/config-$kver
[ -n "$image" ] && kconfig=$(readlink -f "/lib/modules/$kver/build")/.config
[ -r "$kconfig" ] || { echo "run.sh: no kernel config for $kver ($kconfig)" >&2; exit 1; }
{
	printf 'export REPO=%q TAP_FILE=/run/results/tap KVER=%q KCONFIG=%q\n' \
		"$repo" "$kver" "$kconfig"
	for var in "${job_env[@]}"; do
		printf 'export %q\n' "$var"
	done
	printf 'exec bash /run/results/job-script'
	printf ' %q' "$@"
	printf '\n'
} >"$outdir/job"
cp "$job" "$outdir/job-script"
: >"$outdir/tap"
: >"$outdir/output.log"

# KVM when /dev/kvm exists and really runs a guest (nested KVM can hang at
# boot), else TCG software emulation. The probe's answer is cached.
kvm_boots() {
	local log=$build/kvm-probe.log
	timeout 20 qemu-system-x86_64 -nodefaults -nographic -no-reboot \
		-machine q35 -accel kvm -cpu host -m 256 -kernel "$kernel" \
		-append "console=ttyS0 earlyprintk=ttyS0 panic=-1" \
		-serial "file:$log" -monitor none -display none \
		</dev/null >/dev/null 2>&1 &
	local pid=$! i
	for i in $(seq 1 15); do
		if grep -q "Linux version" "$log" 2>/dev/null; then
			kill $pid 2>/dev/null
			wait $pid 2>/dev/null
			return 0
		fi
		sleep 1
	done
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	return 1
}
accel_name=tcg
if [ -w /dev/kvm ]; then
	probe=$build/kvm-probe.result
	if [ ! -s "$probe" ]; then
		if (kvm_boots) 2>/dev/null; then echo kvm >"$probe"; else echo tcg >"$probe"; fi
	fi
	accel_name=$(cat "$probe")
fi
case ${VM_ACCEL:-$accel_name} in
kvm) accel=(-accel kvm -cpu host -smp 2) accel_desc=KVM ;;
icount)
	# The benchmarks' clock: the guest's time is the count of the
	# instructions it executed (1 ns each), so a figure is the guest's
	# work, not the host's load or the emulator's speed. One vCPU: the
	# count is the machine's, not the caller's CPU's.
	accel=(-accel tcg,thread=single -icount shift=0,sleep=off -cpu max -smp 1)
	accel_desc="TCG, time = instructions executed (icount)" ;;
*)
	case $kver in
	6.1.*) threads=${VM_TCG_THREADS:-multi} ;;
	*) threads=${VM_TCG_THREADS:-single} ;;
	esac
	accel=(-accel "tcg,thread=$threads" -cpu max -smp 2)
	accel_desc="TCG software emulation"
	[ "$threads" = single ] && accel_desc+=", one host thread"
	;;
esac
quiet=
[ $stream -eq 1 ] && quiet="quiet loglevel=4"

# The shares (/, the checkout, the results) over virtio-9p; over virtiofs
# for kernels built without 9p (Debian's cloud flavour), one virtiofsd
# each. The guest mounts / and the checkout read-only.
shares=() fs=9p virtiofsd=()
if [ -z "$image" ] && ! grep -q '^CONFIG_9P_FS=' "$kroot/boot/config-$kver" 2>/dev/null; then
	fs=virtiofs
fi
for share in rootfs:/ repo:"$repo" results:"$outdir"; do
	tag=${share%%:*} path=${share#*:}
	if [ $fs = 9p ]; then
		ro=,readonly=on
		[ "$tag" = results ] && ro=
		shares+=(-fsdev "local,id=$tag,path=$path,security_model=none$ro,multidevs=remap"
			 -device "virtio-9p-pci,fsdev=$tag,mount_tag=$tag")
	else
		sock=$outdir/virtiofsd-$tag.sock
		# The root and the checkout do not change under a run: let the
		# guest cache them (exec from virtiofs is slow otherwise).
		cache=always
		[ "$tag" = results ] && cache=none
		/usr/lib/qemu/virtiofsd --socket-path="$sock" -o source="$path" \
			-o "cache=$cache" -o sandbox=chroot \
			>"$outdir/virtiofsd-$tag.log" 2>&1 &
		virtiofsd+=($!)
		shares+=(-chardev "socket,id=vfs-$tag,path=$sock"
			 -device "vhost-user-fs-pci,chardev=vfs-$tag,tag=$tag")
	fi
done
mem=(-m 2048)
if [ $fs = virtiofs ]; then
	# vhost-user needs the guest's memory shared with the daemons.
	mem=(-m 2048 -object memory-backend-memfd,id=mem,size=2048M,share=on
	     -numa node,memdev=mem)
	for tag in rootfs repo results; do
		for _ in $(seq 50); do
			[ -S "$outdir/virtiofsd-$tag.sock" ] && break
			sleep 0.1
		done
	done
fi

# An oops ends the run at once (oops=panic, then no reboot): a task killed
# in the module's init or under a lock leaves the next modprobe or test
# waiting until the timeout, and nothing after an oops is worth a result.
start=$(date +%s)
qemu-system-x86_64 -nodefaults -nographic -no-reboot \
	-machine q35 "${accel[@]}" "${mem[@]}" \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 oops=panic panic=-1$kargs $quiet ilvm_init=$here/guest-init.sh ilvm_repo=$repo ilvm_fs=$fs${kroot:+ ilvm_modroot=$kroot}" \
	-serial "file:$outdir/console.log" -monitor none -display none \
	"${shares[@]}" \
	</dev/null >"$outdir/qemu.log" 2>&1 &
qemu=$!

# Follow the guest's output (demo) or its TAP lines (tests) while it runs.
follow=$outdir/tap
[ $stream -eq 1 ] && follow=$outdir/output.log
tail -n +1 -F --pid=$qemu "$follow" 2>/dev/null | sed -u "$([ $stream -eq 1 ] || echo 's/^/  guest: /')" &
tailer=$!

timed_out=0
while kill -0 $qemu 2>/dev/null; do
	if [ $(($(date +%s) - start)) -ge "$timeout_s" ]; then
		timed_out=1
		kill $qemu
		break
	fi
	sleep 1
done
wait $qemu 2>/dev/null
wait $tailer 2>/dev/null
for pid in "${virtiofsd[@]}"; do
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
elapsed=$(($(date +%s) - start))

if [ $stream -eq 1 ]; then
	rc=$(cat "$outdir/job.rc" 2>/dev/null || echo 1)
	[ $timed_out -eq 0 ] || { echo "run.sh: guest killed after ${timeout_s}s; logs in $outdir" >&2; rc=1; }
	echo "VM phase: ${elapsed}s"
	exit "$rc"
fi

# Results: renumber the guest's TAP lines and add the harness's own checks.
passed=0 failed=0 n=0
report() { # report ok|not-ok DESCRIPTION
	n=$((n + 1))
	if [ "$1" = ok ]; then
		passed=$((passed + 1))
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
	fi
}
# (The host's TAP files may number their lines: "ok 3 - ...".)
tap_line='^(not )?ok ([0-9]+ )?- (.*)$'
while IFS= read -r line; do
	[[ $line =~ $tap_line ]] || continue
	if [ -n "${BASH_REMATCH[1]}" ]; then
		report not-ok "${BASH_REMATCH[3]}"
	else
		report ok "${BASH_REMATCH[3]}"
	fi
done < <(cat "${extra_tap[@]}" "$outdir/tap")

if [ $timed_out -eq 1 ]; then
	report not-ok "guest finished within ${timeout_s}s (killed; logs in $outdir)"
elif [ ! -e "$outdir/job.rc" ]; then
	report not-ok "guest job ran to the end (no job.rc; see $outdir/console.log)"
elif [ "$(cat "$outdir/job.rc")" != 0 ]; then
	report not-ok "guest job exited 0 (it exited $(cat "$outdir/job.rc"))"
else
	report ok "guest job ran to the end"
fi
# Report headers of the stock kernel and of the debug kernel's checkers
# (KASAN, UBSAN, lockdep, RCU, debugobjects, list debugging, kmemleak);
# not the words alone, which the debug kernel's boot banners contain.
splat='BUG:|WARNING:|Oops|KASAN:|UBSAN:|ODEBUG:|kmemleak: .*suspected memory leak|general protection fault|Kernel panic|scheduling while atomic|possible (circular|recursive) locking|inconsistent lock state|suspicious RCU usage|list_(add|del) corruption|INFO: task .* blocked|Call Trace:'
if grep -Eq "$splat" "$outdir/console.log" "$outdir/dmesg.log" 2>/dev/null; then
	report not-ok "guest kernel log free of BUG/WARNING/Oops/KASAN/lockdep splats"
	# CI keeps no logs and shows only the first lines of a failure: the
	# first report's header, where it stopped and how it got there come
	# first, then its other headers, then the report whole.
	first=$(grep -Enm1 "$splat" "$outdir/console.log" 2>/dev/null | cut -d: -f1)
	if [ -n "$first" ]; then
		sed -n "$first,$((first + 70))p" "$outdir/console.log" |
			grep -E "$splat|RIP: |Comm: | [?]? ?[A-Za-z_][A-Za-z0-9_.]*\+0x[0-9a-f]+/0x" |
			head -30 | sed 's/^/#   /'
	fi
	grep -Eh -m 20 "$splat" "$outdir/console.log" "$outdir/dmesg.log" 2>/dev/null | sed 's/^/#   /'
	if [ -n "$first" ]; then
		echo "#   --- the first report, from the console:"
		sed -n "$((first > 10 ? first - 10 : 1)),$((first + 70))p" \
			"$outdir/console.log" | sed 's/^/#   /'
	fi
else
	report ok "guest kernel log free of BUG/WARNING/Oops/KASAN/lockdep splats"
fi

echo "1..$n"
echo "# VM phase: ${elapsed}s (kernel $kver, $accel_desc); logs in $outdir"
if [ $failed -ne 0 ]; then
	echo "# failed: guest output tail:"
	tail -n 40 "$outdir/output.log" | sed 's/^/#   /'
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
