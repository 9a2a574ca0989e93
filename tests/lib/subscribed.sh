# SPDX-License-Identifier: GPL-2.0
#
# Waiting for a monitor to subscribe before causing what it should see:
# a pause is either too short on a busy guest or wastes time. Needs
# scenario.sh (wait_until, at_least).
#
#   subscribers NETNS [PROTO]    netlink sockets of PROTO (default 16,
#                                generic netlink) in NETNS that joined a
#                                multicast group (Groups, column 4 of
#                                /proc/net/netlink, not zero)
#   wait_subscribed NETNS N OLD  until there are N more than OLD (at most
#                                5 s); the bitmap shows groups 1-31 only,
#                                so past 5 s (a higher group id) it pauses
#                                a second more

subscribers() {
	ip netns exec "$1" awk -v proto="${2:-16}" \
		'$2 == proto && $4 != "00000000"' /proc/net/netlink | wc -l
}

wait_subscribed() {
	wait_until 5 at_least $(($3 + $2)) subscribers "$1" || sleep 1
}
