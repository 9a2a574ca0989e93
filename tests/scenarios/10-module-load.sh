#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module as an admin meets it: installed by DKMS, described by modinfo,
# loaded by modprobe with parameters, unloaded and reloaded, and unloaded
# while SA events and netlink requests are in flight.
. "$REPO/tests/lib/tap.sh"
set -u
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$REPO/dkms.conf")
param=/sys/module/ipsec_latch/parameters/sa_event_log

file=$(modinfo -n ipsec_latch 2>&1)
t_match "modprobe finds the DKMS-installed module" "/updates/dkms/ipsec_latch\.ko(\.xz|\.zst|\.gz)?$" "$file"
t_eq "modinfo reports the package version" "$version" "$(modinfo -F version ipsec_latch)"
t_match "modinfo describes parameter sa_event_log" "Log each SA event" \
	"$(modinfo -F parm ipsec_latch)"
t_eq "module license is GPL" "GPL" "$(modinfo -F license ipsec_latch)"

for i in 1 2 3; do
	value=$((i % 2))
	if ! modprobe ipsec_latch sa_event_log=$value; then
		t_not_ok "load $i: modprobe ipsec_latch sa_event_log=$value"
		continue
	fi
	expect=$([ $value -eq 1 ] && echo Y || echo N)
	t_eq "load $i: sa_event_log=$value visible in sysfs" "$expect" "$(cat $param)"
	t_eq "load $i: sa_event_log=$value reported by status" "$value" \
		"$(ipsec-latchctl -j status | jq -r .parameters.sa_event_log)"
	t_run "load $i: modprobe -r ipsec_latch" modprobe -r ipsec_latch
	t_run "load $i: module gone from /sys/module" test ! -e /sys/module/ipsec_latch
done

# IBT: the module refuses to load when a function it would call through a
# pointer has no ENDBR64 (sealed), with one line saying which. QEMU does not
# fault on a bad indirect branch, so the refusal is shown on a function
# this kernel seals (xfrm_state_find is only ever called directly), with an
# exported function as the control.
log_lines() { dmesg | grep -c "ipsec_latch: $1"; }
if grep -q '^CONFIG_X86_KERNEL_IBT=y' "$KCONFIG"; then
	before=$(log_lines "")
	out=$(modprobe ipsec_latch endbr_check=xfrm_state_find 2>&1)
	rc=$?
	t_eq "IBT: modprobe refuses a sealed call target (exit 1)" 1 "$rc"
	t_run "IBT: …and the module is not loaded" test ! -e /sys/module/ipsec_latch
	t_eq "IBT: …with one kernel log line" 1 $(($(log_lines "") - before))
	t_match "IBT: …that names the function and the reason" \
		"not loading: xfrm_state_find does not start with ENDBR64" \
		"$(dmesg | grep 'ipsec_latch:' | tail -n 1)"
	t_run "IBT: an exported function passes the check" \
		modprobe ipsec_latch endbr_check=inet_sendmsg
	modprobe -r ipsec_latch
else
	t_run "no IBT: endbr_check has nothing to refuse" \
		modprobe ipsec_latch endbr_check=xfrm_state_find
	modprobe -r ipsec_latch
fi

# sa_event_log=1 logs each SA event, and can be switched at run time.
modprobe ipsec_latch sa_event_log=1
ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x1001 \
	mode transport aead 'rfc4106(gcm(aes))' 0x0102030405060708091011121314151617181920 128
t_match "sa_event_log=1 logs an added SA" "ipsec_latch: netns [0-9]+: SA added: spi 0x00001001 proto 50 192.0.2.1 -> 192.0.2.2" \
	"$(dmesg | grep -F "SA added" | tail -n 5)"
echo 0 >$param
ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x1002 \
	mode transport aead 'rfc4106(gcm(aes))' 0x0102030405060708091011121314151617181920 128
if dmesg | grep -q "spi 0x00001002"; then
	t_not_ok "sa_event_log switched off at run time stops logging"
else
	t_ok "sa_event_log switched off at run time stops logging"
fi
ip xfrm state flush
modprobe -r ipsec_latch

# Unload while the observer and the netlink family are busy, five times.
ip netns add busy
stop=/tmp/busy.stop
rm -f $stop
(
	spi=4096
	while [ ! -e $stop ]; do
		spi=$((spi + 1))
		ip -n busy xfrm state add src 198.51.100.1 dst 198.51.100.2 \
			proto esp spi $spi mode transport \
			aead 'rfc4106(gcm(aes))' 0x0102030405060708091011121314151617181920 128
		ip -n busy xfrm state delete src 198.51.100.1 dst 198.51.100.2 \
			proto esp spi $spi
	done
) 2>/dev/null &
churn=$!
(while [ ! -e $stop ]; do ipsec-latchctl -n busy status; done) >/dev/null 2>&1 &
poller=$!
cycles_ok=0
for i in 1 2 3 4 5; do
	modprobe ipsec_latch && sleep 0.3 && modprobe -r ipsec_latch &&
		cycles_ok=$((cycles_ok + 1))
done
touch $stop
wait $churn $poller
t_eq "5 load/unload cycles under SA churn and status polling" 5 $cycles_ok
ip netns del busy
exit 0
