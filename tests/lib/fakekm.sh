# SPDX-License-Identifier: GPL-2.0
#
# A scripted key manager for precise timing and failure cases: two
# namespaces, a (the sender, with ESP transport policies) and b (the
# peer), joined by one veth; SAs are installed by `ip xfrm` a known delay
# after the kernel's ACQUIRE for that destination, or never.
#
#   fk_setup                  netns fk-a / fk-b, addresses FK_A4/FK_A6 in a;
#                             b answers on 192.0.2.2-.40 and .64-.127, and
#                             the same host numbers (hex) in 2001:db8::/64
#   fk_policy DST REQID       a: traffic to DST needs ESP (transport, reqid)
#   fk_answer DST REQID DELAY after the first ACQUIRE for DST, wait DELAY
#                             seconds and install the SA pair (background);
#                             "START END" (ms) around the `ip xfrm state add`
#                             of a's SA lands in $(fk_sa_file DST)
#   fk_answer_all REQID DELAY DST...  the same for many DSTs, each answered
#                             in a batch with the others whose ACQUIRE came
#                             by then; "START END" in $(fk_sa_file DST)
#   fk_install_pair RX TX SRC DST SPI REQID FILE  one SA, receiver first
#   fk_static_esp             a (192.0.2.1) <-> b (192.0.2.2) under static
#                             ESP SAs both ways (reqid 1), for traffic that
#                             needs no key manager
#   fk_now_ms                 wall clock in ms
#   fk_wait_monitor NS        wait (10 s) until an `ip xfrm monitor` in NS
#                             has subscribed; says so on stderr, returns 1
#   fk_wait_listen NS tcp|udp PORT  the same until something listens there
# Those two need no fk_setup: scenarios with their own netns use them.
# Each DST is used for one case: a failed resolution stays failed while the
# kernel's larval state lives.

. "$REPO/tests/lib/scenario.sh"	# wait_until... (scenario.sh only defines)
. "$REPO/tests/lib/subscribed.sh"

FK_A=fk-a
FK_B=fk-b
FK_A4=192.0.2.1
FK_A6=2001:db8::1
FK_KEY=0x0102030405060708091011121314151617181920
FK_DIR=${FK_DIR:-/tmp/fakekm}
fk_spi=256

fk_now_ms() {
	date +%s%3N
}

# An XFRM netlink socket (protocol 6) in NS has joined a multicast group:
# joining is the last step of the monitor's bind, from then on no ACQUIRE
# is missed.
fk_wait_monitor() { # fk_wait_monitor NS
	wait_until 10 at_least 1 subscribers "$1" 6 && return 0
	echo "fakekm.sh: no xfrm monitor subscribed in netns $1 after 10 s" >&2
	return 1
}

fk_wait_listen() { # fk_wait_listen NS tcp|udp PORT
	wait_until 10 ns_listening "$@" && return 0
	echo "fakekm.sh: nothing listens on $2 port $3 in netns $1 after 10 s" >&2
	return 1
}

fk_setup() {
	local i
	rm -rf "$FK_DIR"
	mkdir -p "$FK_DIR"
	ip netns add $FK_A
	ip netns add $FK_B
	ip -n $FK_A link add eth0 type veth peer name eth0 netns $FK_B
	ip -n $FK_A addr add $FK_A4/24 dev eth0
	ip -n $FK_A addr add $FK_A6/64 dev eth0 nodad
	for i in $(seq 2 40) $(seq 64 127); do
		echo "addr add 192.0.2.$i/24 dev eth0"
		echo "addr add 2001:db8::$(printf %x "$i")/64 dev eth0 nodad"
	done | ip -n $FK_B -batch -
	for ns in $FK_A $FK_B; do
		ip -n $ns link set lo up
		ip -n $ns link set eth0 up
	done
	# Load the ESP and AES-GCM modules now, not inside a timed case.
	ip -n $FK_B xfrm state add src 192.0.2.99 dst 192.0.2.98 proto esp \
		spi 0x99 mode transport aead 'rfc4106(gcm(aes))' $FK_KEY 128
	ip -n $FK_B xfrm state add src 2001:db8::99 dst 2001:db8::98 proto esp \
		spi 0x99 mode transport aead 'rfc4106(gcm(aes))' $FK_KEY 128
	ip -n $FK_B xfrm state flush
	# Someone must listen for ACQUIREs, or the kernel sends none; an
	# ACQUIRE its full socket buffer cannot take fails at once.
	ip -rcvbuf "${FK_RCVBUF:-1048576}" -n $FK_A xfrm monitor acquire \
		>"$FK_DIR/acquires.log" 2>&1 &
	FK_MONITOR=$!
	# b's servers: TCP echo on 80 and a UDP sink on 9 (v4 and v6). The
	# echo waits up to 10 s (-t) for cat once the client's FIN is in, not
	# socat's 0.5 s: a fork and exec can take longer on the debug kernel,
	# and the echo of "hello" then never came.
	ip netns exec $FK_B socat -t 10 TCP6-LISTEN:80,ipv6only=0,reuseaddr,fork EXEC:cat &
	ip netns exec $FK_B socat -u UDP6-RECVFROM:9,ipv6only=0,fork \
		OPEN:"$FK_DIR/udp-received",creat,append &
	# Every case needs them ready: an ACQUIRE sent before the monitor
	# subscribed is lost, and so is a datagram before socat is bound.
	fk_wait_monitor $FK_A &&
		fk_wait_listen $FK_B tcp 80 &&
		fk_wait_listen $FK_B udp 9
}

fk_src_of() { # fk_src_of DST
	case $1 in *:*) echo $FK_A6 ;; *) echo $FK_A4 ;; esac
}

fk_policy() { # fk_policy DST REQID
	local src
	src=$(fk_src_of "$1")
	ip -n $FK_A xfrm policy add src "$src" dst "$1" dir out \
		tmpl src "$src" dst "$1" proto esp reqid "$2" mode transport
}

fk_sa_file() {
	echo "$FK_DIR/sa-$1"
}

fk_answer_all() { # fk_answer_all REQID DELAY_S DST...: answer each DST
	local reqid=$1 delay=$2
	shift 2
	(
		declare -A todo=() spi_of=()
		local dst spi=$((fk_spi + 1000)) batch start end seen
		for dst in "$@"; do
			spi=$((spi + 1))
			todo[$dst]=1
			spi_of[$dst]=$spi
		done
		# Every 0.1 s, answer the DSTs whose ACQUIRE came, in one
		# batch: each waits DELAY after its own ACQUIRE, give or take.
		while [ ${#todo[@]} -gt 0 ]; do
			batch=()
			seen=$(grep -o 'sel src [^ ]* dst [^/ ]*' "$FK_DIR/acquires.log" |
				awk '{ print $5 }')
			for dst in $seen; do
				[ -n "${todo[$dst]:-}" ] || continue
				batch+=("$dst")
				unset "todo[$dst]"
			done
			if [ ${#batch[@]} -eq 0 ]; then
				sleep 0.1
				continue
			fi
			sleep "$delay"
			for dst in "${batch[@]}"; do
				echo "xfrm state add src $(fk_src_of "$dst") dst $dst proto esp spi ${spi_of[$dst]} reqid $reqid mode transport aead rfc4106(gcm(aes)) $FK_KEY 128"
			done >"$FK_DIR/batch.$BASHPID"
			ip -n $FK_B -batch "$FK_DIR/batch.$BASHPID"
			start=$(fk_now_ms)
			ip -n $FK_A -batch "$FK_DIR/batch.$BASHPID"
			end=$(fk_now_ms)
			for dst in "${batch[@]}"; do
				echo "$start $end" >"$(fk_sa_file "$dst")"
			done
		done
	) &
	fk_spi=$((fk_spi + 1000 + $#))
}

fk_answer() { # fk_answer DST REQID DELAY_S
	local dst=$1 reqid=$2 delay=$3 src spi
	src=$(fk_src_of "$dst")
	fk_spi=$((fk_spi + 1))
	spi=$fk_spi
	(
		# The monitor started by fk_setup logs every ACQUIRE; one
		# started now could subscribe after the only one was sent.
		until grep -q "sel src .* dst $dst/" "$FK_DIR/acquires.log"; do
			sleep 0.05
		done
		sleep "$delay"
		fk_install_pair $FK_B $FK_A "$src" "$dst" $spi "$reqid" \
			"$(fk_sa_file "$dst")"
	) &
}

fk_static_esp() {
	local ns
	for ns in $FK_A $FK_B; do
		ip -n $ns xfrm state add src $FK_A4 dst 192.0.2.2 proto esp \
			spi 0x1001 reqid 1 mode transport \
			aead 'rfc4106(gcm(aes))' $FK_KEY 128
		ip -n $ns xfrm state add src 192.0.2.2 dst $FK_A4 proto esp \
			spi 0x1002 reqid 1 mode transport \
			aead 'rfc4106(gcm(aes))' $FK_KEY 128
	done
	ip -n $FK_A xfrm policy add src $FK_A4 dst 192.0.2.2 dir out \
		tmpl src $FK_A4 dst 192.0.2.2 proto esp reqid 1 mode transport
	ip -n $FK_B xfrm policy add src 192.0.2.2 dst $FK_A4 dir out \
		tmpl src 192.0.2.2 dst $FK_A4 proto esp reqid 1 mode transport
}

# fk_install_pair RX_NS TX_NS SRC DST SPI REQID FILE: the SA SRC -> DST in
# the receiver's netns first, as IKE daemons do (so the first released
# packet is not dropped there), then in the sender's; "START END" (ms)
# around the sender's install lands in FILE.
fk_install_pair() {
	local rx=$1 tx=$2 src=$3 dst=$4 spi=$5 reqid=$6 file=$7 ns start
	for ns in "$rx" "$tx"; do
		[ "$ns" = "$tx" ] && start=$(fk_now_ms)
		ip -n "$ns" xfrm state add src "$src" dst "$dst" proto esp \
			spi "$spi" reqid "$reqid" mode transport \
			aead 'rfc4106(gcm(aes))' $FK_KEY 128
	done
	echo "$start $(fk_now_ms)" >"$file"
}
