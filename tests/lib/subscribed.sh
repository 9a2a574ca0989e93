# SPDX-License-Identifier: GPL-2.0
#
# Waiting for a monitor to subscribe before causing what it should see:
# a pause is either too short on a busy guest or wastes time.
#
#   subscribers NETNS            generic netlink sockets in NETNS that
#                                joined a multicast group
#   wait_subscribed NETNS N OLD  until there are N more than OLD (at most
#                                5 s); the group bitmap in /proc/net/netlink
#                                shows groups 1-31 only, so past 5 s (a
#                                higher group id) it pauses a second more

subscribers() {
	ip netns exec "$1" awk '$2 == 16 && $4 != "00000000"' /proc/net/netlink |
		wc -l
}

wait_subscribed() {
	local i
	for i in $(seq 50); do
		[ "$(subscribers "$1")" -ge $(($3 + $2)) ] && return 0
		sleep 0.1
	done
	sleep 1
}
