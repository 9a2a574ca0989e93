// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ipsec-latchctl's /proc/net parsing for "who PID/FD"
 * (tools/ipsec-latchctl/procnet.c), fed with literal file contents.
 *
 * The kernel prints each 32-bit word of an address as the host-order
 * integer of the address's bytes: the literals below are what a
 * little-endian machine shows (192.0.2.1 is 010200C0 there). On a
 * big-endian machine the same addresses read C0000201: those tests build
 * their text with the words swapped.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "assert_addr.h"
#include "procnet.h"

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LE	1
#else
#define LE	0
#endif

/* /proc/net/tcp: a listener, a connection to it, one to 192.0.2.2:80. */
static const char tcp4[] =
"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
"   0: 0100007F:E285 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1 0000000000000000 100 0 0 10 0\n"
"   1: 0100007F:DC56 0100007F:E285 01 00000000:00000000 00:00000000 00000000     0        0 12345 1 0000000000000000 20 4 30 10 -1\n"
"   2: 010200C0:9C40 020200C0:0050 01 00000000:00000000 02:000AFC4C 00000000  1000        0 123 2 0000000000000000 20 4 31 10 -1\n";

/* /proc/net/tcp6: 2001:db8::1 -> 2001:db8::2, and a dual-stack socket */
static const char tcp6[] =
"  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
"   0: B80D0120000000000000000001000000:01BB B80D0120000000000000000002000000:D431 01 00000000:00000000 00:00000000 00000000     0        0 777 1 0000000000000000 20 4 1 10 -1\n"
"   1: 0000000000000000FFFF0000010200C0:9C41 0000000000000000FFFF0000020200C0:0050 01 00000000:00000000 00:00000000 00000000     0        0 778 1 0000000000000000 20 4 1 10 -1\n"
"   2: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 779 1 0000000000000000 100 0 0 10 0";

/* /proc/net/udp: unbound-peer DNS server, a connected client */
static const char udp4[] =
"   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
"  123: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 22222 2 0000000000000000 0\n"
"  200: 010200C0:14E9 090200C0:0035 01 00000000:00000000 00:00000000 00000000     0        0 33333 2 0000000000000000 0\n";

static const char udp6[] =
"  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
"   5: B80D0120000000000000000001000000:14E9 B80D0120000000000000000002000000:0035 01 00000000:00000000 00:00000000 00000000     0        0 44444 2 0000000000000000 0\n";

static void skip_unless_le(void)
{
	if (!LE)
		skip();
}

static void test_socket_inode(void **state)
{
	unsigned long inode = 0;

	(void)state;
	assert_int_equal(ipl_procnet_socket_inode("socket:[123]", &inode), 0);
	assert_int_equal(inode, 123);
	assert_int_equal(ipl_procnet_socket_inode("socket:[4026531840]",
						  &inode), 0);
	assert_int_equal(inode, 4026531840UL);
	assert_int_equal(ipl_procnet_socket_inode("socket:[]", &inode), -1);
	assert_int_equal(ipl_procnet_socket_inode("socket:[12", &inode), -1);
	assert_int_equal(ipl_procnet_socket_inode("socket:[12]x", &inode), -1);
	assert_int_equal(ipl_procnet_socket_inode("socket:[-1]", &inode), -1);
	assert_int_equal(ipl_procnet_socket_inode("socket:[ 1]", &inode), -1);
	assert_int_equal(ipl_procnet_socket_inode("pipe:[123]", &inode), -1);
	assert_int_equal(ipl_procnet_socket_inode("/dev/null", &inode), -1);
	assert_int_equal(ipl_procnet_socket_inode("", &inode), -1);
	assert_int_equal(inode, 4026531840UL);
}

static void test_tcp4(void **state)
{
	struct ipl_procnet_sock s;

	(void)state;
	skip_unless_le();
	/* inode 123 is not 1234 or 12345 */
	assert_int_equal(ipl_procnet_find(tcp4, AF_INET, 123, &s), 1);
	assert_int_equal(s.inode, 123);
	assert_addr(&s.local, AF_INET, "192.0.2.1");
	assert_int_equal(s.lport, 40000);
	assert_addr(&s.remote, AF_INET, "192.0.2.2");
	assert_int_equal(s.rport, 80);
	assert_int_equal(s.state, TCP_ESTABLISHED);
	assert_int_equal(ipl_procnet_flow(&s, IPPROTO_TCP), IPL_PROCNET_FLOW);
	assert_addr(&s.local, AF_INET, "192.0.2.1");

	assert_int_equal(ipl_procnet_find(tcp4, AF_INET, 12345, &s), 1);
	assert_addr(&s.local, AF_INET, "127.0.0.1");
	assert_int_equal(s.lport, 0xdc56);
	assert_int_equal(s.rport, 0xe285);
	assert_int_equal(ipl_procnet_flow(&s, IPPROTO_TCP), IPL_PROCNET_FLOW);

	/* the listener */
	assert_int_equal(ipl_procnet_find(tcp4, AF_INET, 1234, &s), 1);
	assert_int_equal(s.state, TCP_LISTEN);
	assert_int_equal(ipl_procnet_flow(&s, IPPROTO_TCP),
			 IPL_PROCNET_LISTENING);

	assert_int_equal(ipl_procnet_find(tcp4, AF_INET, 999, &s), 0);
	assert_int_equal(ipl_procnet_find(tcp4, AF_INET, 0, &s), 0);
	/* the wrong family: addresses of the wrong size, nothing parses */
	assert_int_equal(ipl_procnet_find(tcp4, AF_INET6, 123, &s), 0);
}

static void test_tcp6(void **state)
{
	struct ipl_procnet_sock s;

	(void)state;
	skip_unless_le();
	assert_int_equal(ipl_procnet_find(tcp6, AF_INET6, 777, &s), 1);
	assert_addr(&s.local, AF_INET6, "2001:db8::1");
	assert_int_equal(s.lport, 443);
	assert_addr(&s.remote, AF_INET6, "2001:db8::2");
	assert_int_equal(s.rport, 0xd431);
	assert_int_equal(ipl_procnet_flow(&s, IPPROTO_TCP), IPL_PROCNET_FLOW);
	assert_addr(&s.local, AF_INET6, "2001:db8::1");

	/* a dual-stack socket talking IPv4: the flow is IPv4 */
	assert_int_equal(ipl_procnet_find(tcp6, AF_INET6, 778, &s), 1);
	assert_addr(&s.local, AF_INET6, "::ffff:192.0.2.1");
	assert_int_equal(ipl_procnet_flow(&s, IPPROTO_TCP), IPL_PROCNET_FLOW);
	assert_addr(&s.local, AF_INET, "192.0.2.1");
	assert_addr(&s.remote, AF_INET, "192.0.2.2");
	assert_int_equal(s.lport, 40001);
	assert_int_equal(s.rport, 80);

	/* the last line has no newline */
	assert_int_equal(ipl_procnet_find(tcp6, AF_INET6, 779, &s), 1);
	assert_int_equal(ipl_procnet_flow(&s, IPPROTO_TCP),
			 IPL_PROCNET_LISTENING);
	assert_int_equal(ipl_procnet_find(tcp6, AF_INET, 777, &s), 0);
}

static void test_udp(void **state)
{
	struct ipl_procnet_sock s;

	(void)state;
	skip_unless_le();
	/* not connected: no one peer */
	assert_int_equal(ipl_procnet_find(udp4, AF_INET, 22222, &s), 1);
	assert_int_equal(s.lport, 53);
	assert_int_equal(ipl_procnet_flow(&s, IPPROTO_UDP),
			 IPL_PROCNET_UNCONNECTED);

	assert_int_equal(ipl_procnet_find(udp4, AF_INET, 33333, &s), 1);
	assert_addr(&s.local, AF_INET, "192.0.2.1");
	assert_int_equal(s.lport, 5353);
	assert_addr(&s.remote, AF_INET, "192.0.2.9");
	assert_int_equal(s.rport, 53);
	assert_int_equal(ipl_procnet_flow(&s, IPPROTO_UDP), IPL_PROCNET_FLOW);

	assert_int_equal(ipl_procnet_find(udp6, AF_INET6, 44444, &s), 1);
	assert_addr(&s.remote, AF_INET6, "2001:db8::2");
	assert_int_equal(ipl_procnet_flow(&s, IPPROTO_UDP), IPL_PROCNET_FLOW);
}

/* Closed TCP sockets and odd remote ends are no flow either. */
static void test_not_connected(void **state)
{
	struct ipl_procnet_sock s;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(ipl_addr_parse("192.0.2.1", &s.local), 0);
	assert_int_equal(ipl_addr_parse("0.0.0.0", &s.remote), 0);
	s.lport = 1;
	s.state = TCP_CLOSE;
	assert_int_equal(ipl_procnet_flow(&s, IPPROTO_TCP),
			 IPL_PROCNET_UNCONNECTED);
	s.rport = 80;	/* a port but no address */
	assert_int_equal(ipl_procnet_flow(&s, IPPROTO_UDP),
			 IPL_PROCNET_UNCONNECTED);
	/* a UDP socket in state 0x0A is not a listener */
	assert_int_equal(ipl_addr_parse("192.0.2.2", &s.remote), 0);
	s.state = TCP_LISTEN;
	assert_int_equal(ipl_procnet_flow(&s, IPPROTO_UDP), IPL_PROCNET_FLOW);
}

/* Byte order: the words are the host's, whatever it is. */
static void test_byte_order(void **state)
{
	const uint8_t v4[4] = { 192, 0, 2, 1 };
	struct ipl_procnet_sock s;
	char text[256];
	uint32_t w;

	(void)state;
	memcpy(&w, v4, 4);
	snprintf(text, sizeof(text),
		 "   0: %08X:0050 %08X:0051 01 00000000:00000000 00:00000000 00000000     0        0 9 1\n",
		 w, w);
	assert_int_equal(ipl_procnet_find(text, AF_INET, 9, &s), 1);
	assert_memory_equal(s.local.bytes, v4, 4);
	assert_int_equal(s.lport, 80);
	assert_int_equal(s.rport, 81);
	if (LE)
		assert_non_null(strstr(text, "010200C0"));
}

/* Lines that do not parse are skipped, whatever they hold. */
static void test_garbage(void **state)
{
	static const char text[] =
		"\n"
		"garbage\n"
		"   0: 0100007F:ZZZZ 00000000:0000 0A\n"
		"   1: 0100007:0050 00000000:0000 01 0:0 0:0 0 0 0 5\n"
		"   2: 0100007F0:0050 00000000:0000 01 0:0 0:0 0 0 0 5\n"
		"   3: 0100007F:0050 00000000:0000 01 0:0 0:0 0 0 0 notanumber\n"
		"   4: 0100007F:0050 0100007F:0051 01 0:0 0:0 0 0 0 5\n";
	static const char line[] =
		"   4: 0100007F:0050 0100007F:0051 01 0:0 0:0 0 0 0 5";
	struct ipl_procnet_sock s;
	char *big;

	(void)state;
	assert_int_equal(ipl_procnet_find(text, AF_INET, 5, &s), 1);
	assert_int_equal(s.lport, 80);
	assert_int_equal(s.rport, 81);
	assert_int_equal(ipl_procnet_find("", AF_INET, 5, &s), 0);

	/* an overlong line is no line of ours, even if it starts like one */
	big = malloc(2048);
	assert_non_null(big);
	memset(big, ' ', 2047);
	big[2047] = '\0';
	memcpy(big, line, strlen(line));
	assert_int_equal(ipl_procnet_find(big, AF_INET, 5, &s), 0);
	big[100] = '\n';
	assert_int_equal(ipl_procnet_find(big, AF_INET, 5, &s), 1);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_socket_inode),
		cmocka_unit_test(test_tcp4),
		cmocka_unit_test(test_tcp6),
		cmocka_unit_test(test_udp),
		cmocka_unit_test(test_not_connected),
		cmocka_unit_test(test_byte_order),
		cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
