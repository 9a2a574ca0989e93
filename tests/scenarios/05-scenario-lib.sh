#!/bin/bash
#
# lib-selftest: checks tests/lib/scenario.sh itself - the `ip -s xfrm state`
# parser (on a captured sample), wait_until, and the strongSwan life-cycle
# helpers the other scenarios rely on (initiate, terminate, kill, stop/start,
# unload). IPv4 only, transport mode.
#
# Run as root. Exit 0 = pass.

. "$(dirname "$0")/../lib/scenario.sh" || exit 1

expect_eq() { # DESCRIPTION EXPECTED ACTUAL
	[ "$2" = "$3" ] || scn_fail "$1: expected '$2', got '$3'"
}

# --- 1. parser, on output captured from Debian 12 iproute2 6.1 / kernel 6.1:
# one outbound + one inbound AES-GCM SA and one larval (acquire) state
xfrm_sample() {
	# (not <<- : the tabs are part of ip's output)
	cat <<'EOF'
src 192.0.2.1 dst 192.0.2.2
	proto esp spi 0xc3ac5ea2(3282853538) reqid 1(0x00000001) mode transport
	replay-window 0 seq 0x00000000 flag  (0x00000000)
	aead rfc4106(gcm(aes)) 0xbd6eaed702e8f611c8b06f5e06faa91e9aa9b686 (160 bits) 128
	anti-replay context: seq 0x0, oseq 0x3, bitmap 0x00000000
	sel src 192.0.2.1/32 dst 192.0.2.2/32 uid 0
	lifetime config:
	  limit: soft (INF)(bytes), hard (INF)(bytes)
	  limit: soft (INF)(packets), hard (INF)(packets)
	  expire add: soft 3306(sec), hard 3960(sec)
	  expire use: soft 0(sec), hard 0(sec)
	lifetime current:
	  192(bytes), 3(packets)
	  add 2026-11-22 20:59:36 use 2026-11-22 20:59:37
	stats:
	  replay-window 0 replay 0 failed 0
src 192.0.2.2 dst 192.0.2.1
	proto esp spi 0xc0a7fe41(3232235073) reqid 1(0x00000001) mode transport
	replay-window 32 seq 0x00000000 flag  (0x00000000)
	aead rfc4106(gcm(aes)) 0x1c89f070c38f43ad2bc8ff86a94098c4465cf217 (160 bits) 128
	anti-replay context: seq 0x3, oseq 0x0, bitmap 0x00000007
	sel src 192.0.2.2/32 dst 192.0.2.1/32 uid 0
	lifetime config:
	  limit: soft (INF)(bytes), hard (INF)(bytes)
	  limit: soft (INF)(packets), hard (INF)(packets)
	  expire add: soft 3372(sec), hard 3960(sec)
	  expire use: soft 0(sec), hard 0(sec)
	lifetime current:
	  1234(bytes), 17(packets)
	  add 2026-11-22 20:59:36 use 2026-11-22 20:59:37
	stats:
	  replay-window 0 replay 0 failed 0
src 2001:db8::1 dst 2001:db8::2
	proto esp spi 0x00000000(0) reqid 0(0x00000000) mode transport
	replay-window 0 seq 0x00000000 flag  (0x00000000)
	sel src 2001:db8::1/128 dst 2001:db8::2/128 proto tcp sport 40000 dport 5001 uid 0
	lifetime config:
	  limit: soft (INF)(bytes), hard (INF)(bytes)
	  limit: soft (INF)(packets), hard (INF)(packets)
	  expire add: soft 0(sec), hard 165(sec)
	  expire use: soft 0(sec), hard 0(sec)
	lifetime current:
	  0(bytes), 0(packets)
	  add 2026-11-22 20:59:36 use -
	stats:
	  replay-window 0 replay 0 failed 0
EOF
}
table=$(xfrm_sample | scn__xfrm_parse)
expect_eq "parser: SA lines" \
	"192.0.2.1 192.0.2.2 0xc3ac5ea2 transport rfc4106(gcm(aes)) 192 3
192.0.2.2 192.0.2.1 0xc0a7fe41 transport rfc4106(gcm(aes)) 1234 17" "$table"
expect_eq "filter -d" "192.0.2.2 192.0.2.1 0xc0a7fe41 transport rfc4106(gcm(aes)) 1234 17" \
	"$(printf '%s\n' "$table" | scn__sa_filter -d 192.0.2.1)"
expect_eq "filter -6" "" "$(printf '%s\n' "$table" | scn__sa_filter -6)"
expect_eq "filter -m tunnel" "" "$(printf '%s\n' "$table" | scn__sa_filter -m tunnel)"
scn_pass "ip -s xfrm state parser and filters"

# --- 2. wait_until
t0=$(scn_now_us)
wait_until 5 true || scn_fail "wait_until 5 true failed"
wait_until 0.5 false && scn_fail "wait_until 0.5 false succeeded"
ms=$(scn_elapsed_ms "$t0")
if [ "$ms" -lt 500 ] || [ "$ms" -ge 5000 ]; then
	scn_fail "wait_until 0.5 false took $ms ms"
fi
scn_pass "wait_until (0.5 s timeout took $ms ms)"

# --- 3. strongSwan life cycle
scn_two_hosts
sw_transport -4 alice bob                 # conn + child alice-bob-4
sw_start alice
sw_start bob
expect_eq "alice trap policies (out)" 1 "$(sw_policy_count alice out)"

t0=$(scn_now_us)
sw_initiate alice alice-bob-4
scn_log "explicit initiate: CHILD_SA up after $(scn_elapsed_ms "$t0") ms"
sw_wait_child bob alice-bob-4 10
sw_wait_sa bob 10 -d "$BOB4"
wait_until 10 ping_probe alice "$BOB4" || scn_fail "no ping alice -> bob"
bytes=$(sw_sa_bytes alice -d "$BOB4") || scn_fail "cannot read SAs"
[ "$bytes" -gt 0 ] || scn_fail "ping did not count bytes on alice's SA"
scn_pass "sw_initiate / sw_wait_child / sw_wait_sa / sw_sa_bytes ($bytes B)"

sw_terminate alice alice-bob-4
no_sa() { [ "$(sw_sa_count "$1")" = 0 ]; }
wait_until 10 no_sa alice || scn_fail "SAs left on alice after sw_terminate"
wait_until 10 no_sa bob || scn_fail "SAs left on bob after sw_terminate"
expect_eq "trap policy after terminate" 1 "$(sw_policy_count alice out)"
wait_until 20 ping_probe alice "$BOB4" || scn_fail "trap did not re-negotiate after terminate"
sw_wait_sa alice 10 -d "$BOB4"
scn_pass "sw_terminate closes SAs, trap re-negotiates on demand"

sw_kill bob
sw_running bob && scn_fail "bob's charon survives sw_kill"
[ "$(sw_sa_count bob)" -ge 2 ] || scn_fail "bob's kernel SAs vanished with sw_kill (expected them to stay)"
scn_pass "sw_kill leaves the kernel SAs behind"

sw_stop alice
expect_eq "alice SAs after sw_stop" 0 "$(sw_sa_count alice)"
expect_eq "alice ESP policies after sw_stop" 0 "$(sw_policy_count alice)"
sw_start alice
expect_eq "alice trap policies after restart" 1 "$(sw_policy_count alice out)"
scn_pass "sw_stop removes SAs and policies, sw_start restores the trap"

sw_unload alice alice-bob-4
expect_eq "alice policies after sw_unload" 0 "$(sw_policy_count alice)"
scn_pass "sw_unload removes the trap policy"

scn_pass "lib-selftest"
