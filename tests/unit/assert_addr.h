/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Unit tests: a struct ipl_addr (tools/ipsec-latchctl/addr.h) checked
 * against its family and text.
 */
#ifndef IPL_TEST_ASSERT_ADDR_H
#define IPL_TEST_ASSERT_ADDR_H

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "addr.h"

static inline void assert_addr(const struct ipl_addr *a, int af,
			       const char *s)
{
	uint8_t want[16];

	assert_int_equal(a->family, af);
	assert_int_equal(a->len, af == AF_INET ? 4 : 16);
	assert_int_equal(inet_pton(af, s, want), 1);
	assert_memory_equal(a->bytes, want, a->len);
}

#endif /* IPL_TEST_ASSERT_ADDR_H */
