// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ipsec-latchctl's addresses, ports and endpoints
 * (tools/ipsec-latchctl/addr.c) and its small formatters (util.c).
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "addr.h"
#include "capture.h"
#include "util.h"

static void test_addr_parse(void **state)
{
	const uint8_t v4[4] = { 192, 0, 2, 1 };
	char buf[INET6_ADDRSTRLEN];
	struct ipl_addr a;

	(void)state;
	assert_int_equal(ipl_addr_parse("192.0.2.1", &a), 0);
	assert_int_equal(a.family, AF_INET);
	assert_int_equal(a.len, 4);
	assert_memory_equal(a.bytes, v4, 4);
	assert_string_equal(ipl_addr_str(&a, buf, sizeof(buf)), "192.0.2.1");

	assert_int_equal(ipl_addr_parse("2001:DB8:0::1", &a), 0);
	assert_int_equal(a.family, AF_INET6);
	assert_int_equal(a.len, 16);
	assert_string_equal(ipl_addr_str(&a, buf, sizeof(buf)), "2001:db8::1");

	assert_int_equal(ipl_addr_parse("", &a), -1);
	assert_int_equal(a.family, 0);
	assert_int_equal(ipl_addr_parse("192.0.2", &a), -1);
	assert_int_equal(ipl_addr_parse("192.0.2.256", &a), -1);
	assert_int_equal(ipl_addr_parse("host.example", &a), -1);
	assert_int_equal(ipl_addr_parse("[::1]", &a), -1);
	assert_int_equal(ipl_addr_parse("192.0.2.1/24", &a), -1);
	assert_null(ipl_addr_str(&a, buf, sizeof(buf)));
}

static void test_addr_set(void **state)
{
	const uint8_t b[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
	char buf[INET6_ADDRSTRLEN];
	struct ipl_addr a;

	(void)state;
	assert_true(ipl_addr_set(&a, b, 16));
	assert_string_equal(ipl_addr_str(&a, buf, sizeof(buf)), "2001:db8::2");
	assert_true(ipl_addr_set(&a, b, 4));
	assert_string_equal(ipl_addr_str(&a, buf, sizeof(buf)), "32.1.13.184");
	assert_false(ipl_addr_set(&a, b, 5));
	assert_false(ipl_addr_set(&a, b, 0));
	assert_int_equal(a.family, AF_INET);	/* untouched */
}

static void test_endpoints(void **state)
{
	char buf[IPL_ENDPOINT_LEN];
	struct ipl_addr a = { 0 };
	uint16_t port;

	(void)state;
	assert_int_equal(ipl_endpoint_parse("192.0.2.1:40000", &a, &port), 0);
	assert_int_equal(a.family, AF_INET);
	assert_int_equal(port, 40000);
	assert_string_equal(ipl_endpoint_str(&a, true, port, buf, sizeof(buf)),
			    "192.0.2.1:40000");

	assert_int_equal(ipl_endpoint_parse("[2001:db8::1]:443", &a, &port), 0);
	assert_int_equal(a.family, AF_INET6);
	assert_int_equal(port, 443);
	assert_string_equal(ipl_endpoint_str(&a, true, port, buf, sizeof(buf)),
			    "[2001:db8::1]:443");
	assert_int_equal(ipl_endpoint_parse("[::ffff:192.0.2.1]:1", &a, &port),
			 0);
	assert_int_equal(a.family, AF_INET6);

	/* IPv6 needs brackets, IPv4 must not have them */
	assert_int_equal(ipl_endpoint_parse("2001:db8::1:443", &a, &port), -1);
	assert_int_equal(ipl_endpoint_parse("[192.0.2.1]:80", &a, &port), -1);
	/* ports 1..65535, decimal */
	assert_int_equal(ipl_endpoint_parse("192.0.2.1:0", &a, &port), -1);
	assert_int_equal(ipl_endpoint_parse("192.0.2.1:65536", &a, &port), -1);
	assert_int_equal(ipl_endpoint_parse("192.0.2.1:", &a, &port), -1);
	assert_int_equal(ipl_endpoint_parse("192.0.2.1:http", &a, &port), -1);
	assert_int_equal(ipl_endpoint_parse("192.0.2.1", &a, &port), -1);
	assert_int_equal(ipl_endpoint_parse(":80", &a, &port), -1);
	assert_int_equal(ipl_endpoint_parse("[]:80", &a, &port), -1);
	assert_int_equal(ipl_endpoint_parse("[::1]80", &a, &port), -1);
	assert_int_equal(ipl_endpoint_parse("[::1", &a, &port), -1);
	assert_int_equal(ipl_endpoint_parse("[", &a, &port), -1);
	assert_int_equal(ipl_endpoint_parse("", &a, &port), -1);
	assert_int_equal(ipl_endpoint_parse(
		"[1111:2222:3333:4444:5555:6666:7777:8888:9999]:1", &a, &port),
		-1);

	/* absent parts */
	memset(&a, 0, sizeof(a));
	assert_string_equal(ipl_endpoint_str(&a, false, 0, buf, sizeof(buf)),
			    "-:-");
	assert_string_equal(ipl_endpoint_str(&a, true, 80, buf, sizeof(buf)),
			    "-:80");
	/* the longest fits */
	assert_int_equal(ipl_addr_parse("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255",
					&a), 0);
	assert_string_equal(ipl_endpoint_str(&a, true, 65535, buf, sizeof(buf)),
			    "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535");
}

static void test_numbers(void **state)
{
	uint16_t port = 7;
	uint32_t v = 7;

	(void)state;
	assert_int_equal(ipl_port_parse("1", &port), 0);
	assert_int_equal(port, 1);
	assert_int_equal(ipl_port_parse("65535", &port), 0);
	assert_int_equal(port, 65535);
	assert_int_equal(ipl_port_parse("0", &port), -1);
	assert_int_equal(ipl_port_parse("65536", &port), -1);
	assert_int_equal(ipl_port_parse("-1", &port), -1);
	assert_int_equal(ipl_port_parse("+80", &port), -1);
	assert_int_equal(ipl_port_parse(" 80", &port), -1);
	assert_int_equal(ipl_port_parse("0x50", &port), -1);
	assert_int_equal(ipl_port_parse("", &port), -1);
	assert_int_equal(port, 65535);

	assert_int_equal(ipl_u32_parse("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(ipl_u32_parse("4294967295", &v), 0);
	assert_int_equal(v, UINT32_MAX);
	assert_int_equal(ipl_u32_parse("004294967295", &v), 0);
	assert_int_equal(ipl_u32_parse("4294967296", &v), -1);
	assert_int_equal(ipl_u32_parse("99999999999999999999999", &v), -1);
	assert_int_equal(ipl_u32_parse("1e3", &v), -1);
	assert_int_equal(ipl_u32_parse("", &v), -1);
	assert_int_equal(v, UINT32_MAX);
}

static void test_unmap_and_any(void **state)
{
	char buf[INET6_ADDRSTRLEN];
	struct ipl_addr a;

	(void)state;
	assert_int_equal(ipl_addr_parse("::ffff:192.0.2.1", &a), 0);
	ipl_addr_unmap(&a);
	assert_int_equal(a.family, AF_INET);
	assert_int_equal(a.len, 4);
	assert_string_equal(ipl_addr_str(&a, buf, sizeof(buf)), "192.0.2.1");
	ipl_addr_unmap(&a);	/* IPv4 stays */
	assert_string_equal(ipl_addr_str(&a, buf, sizeof(buf)), "192.0.2.1");

	/* not mapped: unchanged */
	assert_int_equal(ipl_addr_parse("::192.0.2.1", &a), 0);
	ipl_addr_unmap(&a);
	assert_int_equal(a.family, AF_INET6);
	assert_int_equal(ipl_addr_parse("64:ff9b::192.0.2.1", &a), 0);
	ipl_addr_unmap(&a);
	assert_int_equal(a.family, AF_INET6);

	assert_int_equal(ipl_addr_parse("0.0.0.0", &a), 0);
	assert_true(ipl_addr_is_any(&a));
	assert_int_equal(ipl_addr_parse("::", &a), 0);
	assert_true(ipl_addr_is_any(&a));
	assert_int_equal(ipl_addr_parse("::1", &a), 0);
	assert_false(ipl_addr_is_any(&a));
	memset(&a, 0, sizeof(a));
	assert_false(ipl_addr_is_any(&a));
}

static void check_quoted(const char *s, const char *want)
{
	char buf[IPL_QUOTED_LEN];

	assert_string_equal(ipl_quote(s, buf, sizeof(buf)), want);
}

static void test_quoted(void **state)
{
	(void)state;
	check_quoted("bob.example", "\"bob.example\"");
	check_quoted("", "\"\"");
	check_quoted("a\"b\\c", "\"a\\\"b\\\\c\"");
	check_quoted("\x1b[2J\n\t\x7f", "\"\\x1b[2J\\x0a\\x09\\x7f\"");
	/* UTF-8 passes */
	check_quoted("CN=J\xc3\xbcrg", "\"CN=J\xc3\xbcrg\"");
}

/* Cut to fit, never past the buffer; the longest ID fits whole. */
static void test_quoted_fits(void **state)
{
	char id[256], buf[IPL_QUOTED_LEN], small[8];

	(void)state;
	memset(id, 0x01, sizeof(id) - 1);
	id[sizeof(id) - 1] = '\0';
	ipl_quote(id, buf, sizeof(buf));
	assert_int_equal(strlen(buf), 4 * 255 + 2);
	assert_string_equal(ipl_quote("abcdefghij", small, sizeof(small)),
			    "\"abcdef");
	assert_string_equal(ipl_quote("a\"b", small, 4), "\"a\\");
}

static void test_ms(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(ipl_ms_str(0, 1, buf, sizeof(buf)), "0.0s");
	assert_string_equal(ipl_ms_str(49, 1, buf, sizeof(buf)), "0.0s");
	assert_string_equal(ipl_ms_str(50, 1, buf, sizeof(buf)), "0.1s");
	assert_string_equal(ipl_ms_str(12345, 1, buf, sizeof(buf)), "12.3s");
	assert_string_equal(ipl_ms_str(12345, 2, buf, sizeof(buf)), "12.35s");
	assert_string_equal(ipl_ms_str(UINT64_MAX, 1, buf, sizeof(buf)),
			    "18446744073709551.6s");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr_parse),
		cmocka_unit_test(test_addr_set),
		cmocka_unit_test(test_endpoints),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_unmap_and_any),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_quoted_fits),
		cmocka_unit_test(test_ms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
