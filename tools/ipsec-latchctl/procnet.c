// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: find a socket's flow in /proc/net text, see procnet.h.
 */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "procnet.h"

int ipl_procnet_socket_inode(const char *link, unsigned long *inode)
{
	unsigned long v;
	int end = 0;

	if (sscanf(link, "socket:[%lu]%n", &v, &end) != 1 || !end ||
	    link[end] || strncmp(link, "socket:[", 8) || link[8] < '0' ||
	    link[8] > '9')
		return -1;
	*inode = v;
	return 0;
}

/*
 * hex: 8 digits per 32-bit word, each word printed by the kernel from the
 * address's own bytes read as a host-order integer: put them back so.
 */
static int hex_addr(const char *hex, int family, struct ipl_addr *a)
{
	size_t words = family == AF_INET ? 1 : 4;
	char word[9];
	uint32_t w;
	size_t i;

	if (strlen(hex) != 8 * words ||
	    strspn(hex, "0123456789abcdefABCDEF") != 8 * words)
		return -1;
	memset(a, 0, sizeof(*a));
	for (i = 0; i < words; i++) {
		memcpy(word, hex + 8 * i, 8);
		word[8] = '\0';
		w = strtoul(word, NULL, 16);
		memcpy(a->bytes + 4 * i, &w, 4);
	}
	a->family = family;
	a->len = 4 * words;
	return 0;
}

static int parse_line(const char *line, int family, struct ipl_procnet_sock *s)
{
	char local[33], remote[33];
	unsigned int lport, rport, st;
	unsigned long inode;

	if (sscanf(line, " %*s %32[0-9A-Fa-f]:%4x %32[0-9A-Fa-f]:%4x %2x %*s %*s %*s %*s %*s %lu",
		   local, &lport, remote, &rport, &st, &inode) != 6)
		return -1;
	if (hex_addr(local, family, &s->local) < 0 ||
	    hex_addr(remote, family, &s->remote) < 0)
		return -1;
	s->lport = lport;
	s->rport = rport;
	s->state = st;
	s->inode = inode;
	return 0;
}

int ipl_procnet_find(const char *text, int family, unsigned long inode,
		     struct ipl_procnet_sock *s)
{
	struct ipl_procnet_sock cur;
	const char *line, *nl;
	char buf[512];
	size_t n;

	for (line = text; *line; line = nl ? nl + 1 : line + n) {
		nl = strchr(line, '\n');
		n = nl ? (size_t)(nl - line) : strlen(line);
		if (n >= sizeof(buf))
			continue;	/* not a line of ours */
		memcpy(buf, line, n);
		buf[n] = '\0';
		if (parse_line(buf, family, &cur) < 0 || cur.inode != inode)
			continue;
		*s = cur;
		return 1;
	}
	return 0;
}

enum ipl_procnet_verdict ipl_procnet_flow(struct ipl_procnet_sock *s,
					  uint8_t proto)
{
	if (proto == IPPROTO_TCP && s->state == TCP_LISTEN)
		return IPL_PROCNET_LISTENING;
	if (!s->rport || ipl_addr_is_any(&s->remote))
		return IPL_PROCNET_UNCONNECTED;
	ipl_addr_unmap(&s->local);
	ipl_addr_unmap(&s->remote);
	return IPL_PROCNET_FLOW;
}
