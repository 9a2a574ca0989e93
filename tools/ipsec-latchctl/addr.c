// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: addresses, ports and endpoints, see addr.h.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"

int ipl_addr_parse(const char *s, struct ipl_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->bytes) == 1) {
		a->family = AF_INET;
		a->len = 4;
		return 0;
	}
	if (inet_pton(AF_INET6, s, a->bytes) == 1) {
		a->family = AF_INET6;
		a->len = 16;
		return 0;
	}
	memset(a, 0, sizeof(*a));
	return -1;
}

bool ipl_addr_set(struct ipl_addr *a, const void *p, size_t len)
{
	if (len != 4 && len != 16)
		return false;
	memset(a, 0, sizeof(*a));
	memcpy(a->bytes, p, len);
	a->len = len;
	a->family = len == 4 ? AF_INET : AF_INET6;
	return true;
}

const char *ipl_addr_str(const struct ipl_addr *a, char *buf, size_t len)
{
	if (!a->family)
		return NULL;
	return inet_ntop(a->family, a->bytes, buf, len);
}

const char *ipl_endpoint_str(const struct ipl_addr *a, bool has_port,
			     uint64_t port, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN], pbuf[24] = "-";
	const char *s = ipl_addr_str(a, addr, sizeof(addr));
	bool v6 = a->family == AF_INET6;

	if (has_port)
		snprintf(pbuf, sizeof(pbuf), "%" PRIu64, port);
	snprintf(buf, len, "%s%s%s:%s", v6 ? "[" : "", s ? s : "-",
		 v6 ? "]" : "", pbuf);
	return buf;
}

int ipl_u32_parse(const char *s, uint32_t *v)
{
	uint64_t n = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (*s - '0');
		if (n > UINT32_MAX)
			return -1;
	}
	*v = n;
	return 0;
}

int ipl_port_parse(const char *s, uint16_t *port)
{
	uint32_t v;

	if (ipl_u32_parse(s, &v) < 0 || v < 1 || v > 65535)
		return -1;
	*port = v;
	return 0;
}

int ipl_endpoint_parse(const char *s, struct ipl_addr *a, uint16_t *port)
{
	char host[INET6_ADDRSTRLEN];
	bool bracket = *s == '[';
	const char *colon, *end;
	size_t n;

	if (bracket) {
		s++;
		end = strchr(s, ']');
		if (!end || end[1] != ':')
			return -1;
		n = end - s;
		colon = end + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return -1;
		n = colon - s;
	}
	if (!n || n >= sizeof(host))
		return -1;
	memcpy(host, s, n);
	host[n] = '\0';
	if (ipl_addr_parse(host, a) < 0)
		return -1;
	/* IPv6 needs the brackets: "2001:db8::1:80" is ambiguous */
	if ((a->family == AF_INET6) != bracket)
		return -1;
	return ipl_port_parse(colon + 1, port);
}

void ipl_addr_unmap(struct ipl_addr *a)
{
	static const uint8_t prefix[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};

	if (a->family != AF_INET6 || memcmp(a->bytes, prefix, 12))
		return;
	memmove(a->bytes, a->bytes + 12, 4);
	memset(a->bytes + 4, 0, 12);
	a->family = AF_INET;
	a->len = 4;
}

bool ipl_addr_is_any(const struct ipl_addr *a)
{
	static const uint8_t zero[IPL_ADDR_MAX];

	return a->family && !memcmp(a->bytes, zero, a->len);
}
