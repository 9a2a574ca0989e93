/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The check helper of the in-module self-tests (debug builds only): each
 * check is counted, and a failed one names its file, function, line and
 * condition, so that the failed load says what broke.
 */
#ifndef _IPSEC_LATCH_SELFTEST_H
#define _IPSEC_LATCH_SELFTEST_H

#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <net/ipv6.h>
#include <net/xfrm.h>

struct ipsec_latch_selftest {
	unsigned int checks;
	unsigned int failed;
};

static inline bool ipsec_latch_st_check(struct ipsec_latch_selftest *st,
					bool ok, const char *what,
					const char *file, const char *func,
					int line)
{
	st->checks++;
	if (!ok) {
		st->failed++;
		pr_err("self-test failed: %s:%d (%s): %s\n", kbasename(file),
		       line, func, what);
	}
	return ok;
}

/* Evaluates to the outcome, so that a test can stop where later steps
 * depend on this one.
 */
#define ST_CHECK(st, cond) \
	ipsec_latch_st_check((st), !!(cond), #cond, __FILE__, __func__, \
			     __LINE__)

/* The tests' peers: 192.0.2.n or 2001:db8:0:ffff::n */
static inline void ipsec_latch_st_peer(xfrm_address_t *a, u16 family, u8 n)
{
	memset(a, 0, sizeof(*a));
	if (family == AF_INET6)
		ipv6_addr_set(&a->in6, htonl(0x20010db8), htonl(0xffff), 0,
			      htonl(n));
	else
		a->a4 = htonl(0xc0000200 | n);
}

#endif /* _IPSEC_LATCH_SELFTEST_H */
