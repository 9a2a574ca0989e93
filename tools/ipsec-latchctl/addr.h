/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: IPv4/IPv6 addresses, ports and endpoints as the command
 * line and the output spell them, and as the contract carries them
 * (binary, 4 or 16 bytes). Pure: no netlink, no I/O.
 */
#ifndef IPL_ADDR_H
#define IPL_ADDR_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IPL_ADDR_MAX	16

/* An address; family 0 means none. */
struct ipl_addr {
	uint8_t family;		/* AF_INET, AF_INET6 */
	uint8_t len;		/* 4 or 16 */
	uint8_t bytes[IPL_ADDR_MAX];
};

/* "[" + IPv6 + "]:" + port (any u64 a module might send) + NUL */
#define IPL_ENDPOINT_LEN	(INET6_ADDRSTRLEN + 24)

/* A numeric IPv4 or IPv6 address (inet_pton); 0, or -1 if it is none. */
int ipl_addr_parse(const char *s, struct ipl_addr *a);

/* From the contract's binary form: false unless len is 4 or 16. */
bool ipl_addr_set(struct ipl_addr *a, const void *p, size_t len);

/* As text, or NULL if a is none. buf: at least INET6_ADDRSTRLEN. */
const char *ipl_addr_str(const struct ipl_addr *a, char *buf, size_t len);

/*
 * "ADDR:PORT", or "[ADDR]:PORT" for IPv6; "-" stands for an absent
 * address. buf: at least IPL_ENDPOINT_LEN. Returns buf.
 */
const char *ipl_endpoint_str(const struct ipl_addr *a, bool has_port,
			     uint64_t port, char *buf, size_t len);

/*
 * "ADDR:PORT" (IPv4) or "[ADDR]:PORT" (IPv6), port 1..65535. Returns 0,
 * or -1 if s is no such endpoint.
 */
int ipl_endpoint_parse(const char *s, struct ipl_addr *a, uint16_t *port);

/* A port number 1..65535, decimal digits only; 0 or -1. */
int ipl_port_parse(const char *s, uint16_t *port);

/* An unsigned decimal number that fits in 32 bits, digits only; 0 or -1. */
int ipl_u32_parse(const char *s, uint32_t *v);

/* ::ffff:a.b.c.d as the IPv4 address a.b.c.d; other addresses unchanged. */
void ipl_addr_unmap(struct ipl_addr *a);

/* 0.0.0.0 or :: */
bool ipl_addr_is_any(const struct ipl_addr *a);

#endif /* IPL_ADDR_H */
