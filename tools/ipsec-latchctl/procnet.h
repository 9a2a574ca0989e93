/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: find a socket's flow in the text of /proc/PID/net/tcp,
 * tcp6, udp and udp6, for "who PID/FD". Pure: the caller reads the files.
 *
 * Each line there is
 *	sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
 * with addresses as the kernel's 32-bit words in hex, host byte order
 * (one word for IPv4, four for IPv6), and ports as 16-bit hex numbers.
 */
#ifndef IPL_PROCNET_H
#define IPL_PROCNET_H

#include <stdint.h>

#include "addr.h"

struct ipl_procnet_sock {
	struct ipl_addr local;
	uint16_t lport;
	struct ipl_addr remote;
	uint16_t rport;
	unsigned int state;	/* the "st" column: TCP_ESTABLISHED, ... */
	unsigned long inode;
};

/* The link of /proc/PID/fd/FD, "socket:[INODE]": 0, or -1 if no socket. */
int ipl_procnet_socket_inode(const char *link, unsigned long *inode);

/*
 * Look for inode in the text of one file: family AF_INET for tcp and
 * udp, AF_INET6 for tcp6 and udp6. Lines that do not parse (the header)
 * are skipped. Returns 1 with *s filled if found, else 0.
 */
int ipl_procnet_find(const char *text, int family, unsigned long inode,
		     struct ipl_procnet_sock *s);

enum ipl_procnet_verdict {
	IPL_PROCNET_FLOW,		/* connected: one flow */
	IPL_PROCNET_LISTENING,		/* a TCP listener */
	IPL_PROCNET_UNCONNECTED,	/* no remote end (UDP, closed TCP) */
};

/*
 * Whether the socket is one flow that a latch can be for; IPv4-mapped
 * IPv6 addresses (a dual-stack socket talking IPv4) become IPv4.
 */
enum ipl_procnet_verdict ipl_procnet_flow(struct ipl_procnet_sock *s,
					  uint8_t proto);

#endif /* IPL_PROCNET_H */
