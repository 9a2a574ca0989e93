/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: switching to a named network namespace, like "ip -n".
 */
#ifndef IPL_NETNS_H
#define IPL_NETNS_H

#include <stdbool.h>

#define IPL_NETNS_RUN_DIR	"/run/netns"

/* Valid "ip netns" name: non-empty, no '/', not "." or "..", < NAME_MAX. */
bool ipl_netns_name_valid(const char *name);

/*
 * Move this process into the network namespace IPL_NETNS_RUN_DIR/name.
 * Must run before any netlink socket is opened. Reports failures on stderr;
 * returns 0 or -1.
 */
int ipl_netns_enter(const char *name);

/*
 * The network namespace this process is in, to come back to after
 * entering others (a batch file's commands): a descriptor, or -1
 * (reported).
 */
int ipl_netns_save(void);

/*
 * Back into the network namespace fd, unless this process is in it
 * already (so that staying needs no privilege). 0, or -1 (reported).
 */
int ipl_netns_restore(int fd);

#endif /* IPL_NETNS_H */
