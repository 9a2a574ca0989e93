// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ipsec-latchctl's identity annotations
 * (tools/ipsec-latchctl/identity.c, identity_print.c): IDENTITY_SET and
 * IDENTITY_DEL requests as built for the kernel, GET_IDENTITIES dump
 * messages built here the way the module builds them, and their text and
 * JSON.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/ipsec_latch.h>

#include "capture.h"
#include "genl_msg.h"
#include "identity.h"

static char msgbuf[16384];

static struct nlmsghdr *msg_start(uint8_t cmd)
{
	return genl_msg_start(msgbuf, sizeof(msgbuf), cmd);
}

static struct nlmsghdr *dump_msg(int af, const char *peer, uint32_t reqid,
				 const char *id)
{
	struct nlmsghdr *nlh = msg_start(IPSEC_LATCH_CMD_GET_IDENTITIES);
	struct nlattr *nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_IDENTITY);

	mnl_attr_put_u8(nlh, IPSEC_LATCH_ID_A_FAMILY, af);
	genl_put_addr(nlh, IPSEC_LATCH_ID_A_PEER, af, peer);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_ID_A_REQID, reqid);
	mnl_attr_put_strz(nlh, IPSEC_LATCH_ID_A_ID, id);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

#define TEXT	false
#define JSON	true

static void check(bool json, const struct ipl_identity *v, size_t n,
		  const char *want)
{
	struct capture c;

	assert_int_equal(ipl_identity_print(capture_open(&c), json, v, n), 0);
	capture_check(&c, want);
}

static void test_dump_and_render(void **state)
{
	struct ipl_identity v[2];

	(void)state;
	assert_int_equal(ipl_identity_msg_parse(dump_msg(AF_INET, "192.0.2.2",
							 1, "bob.example"),
						&v[0]), 0);
	assert_int_equal(ipl_identity_msg_parse(dump_msg(AF_INET6,
							 "2001:db8::2", 7,
							 "C=CH, O=\"Ex\", CN=carol"),
						&v[1]), 0);
	assert_int_equal(v[0].reqid, 1);
	assert_int_equal(v[0].peer.len, 4);
	assert_string_equal(v[1].id, "C=CH, O=\"Ex\", CN=carol");

	check(TEXT, v, 2,
	      "peer 192.0.2.2 reqid 1 id \"bob.example\"\n"
	      "peer 2001:db8::2 reqid 7 id \"C=CH, O=\\\"Ex\\\", CN=carol\"\n");
	check(JSON, v, 2,
	      "[{\"family\":\"inet\",\"peer\":\"192.0.2.2\",\"reqid\":1,"
	      "\"id\":\"bob.example\"},"
	      "{\"family\":\"inet6\",\"peer\":\"2001:db8::2\",\"reqid\":7,"
	      "\"id\":\"C=CH, O=\\\"Ex\\\", CN=carol\"}]\n");
	check(TEXT, NULL, 0, "");
	check(JSON, NULL, 0, "[]\n");
}

static void test_missing_and_odd(void **state)
{
	struct nlmsghdr *nlh = msg_start(IPSEC_LATCH_CMD_GET_IDENTITIES);
	struct ipl_identity id;
	struct nlattr *nest;
	char big[400];

	(void)state;
	mnl_attr_put_u32(nlh, 99, 1);
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_IDENTITY);
	mnl_attr_put_u32(nlh, 20, 1);
	mnl_attr_put(nlh, IPSEC_LATCH_ID_A_PEER, 5, "abcde");
	mnl_attr_put(nlh, IPSEC_LATCH_ID_A_REQID, 3, "abc");
	mnl_attr_put(nlh, IPSEC_LATCH_ID_A_ID, 3, "bob");	/* no NUL */
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(ipl_identity_msg_parse(nlh, &id), 0);
	assert_false(ipl_identity_has(&id, IPSEC_LATCH_ID_A_PEER));
	assert_false(ipl_identity_has(&id, IPSEC_LATCH_ID_A_REQID));
	check(TEXT, &id, 1, "peer - reqid - id \"bob\"\n");
	check(JSON, &id, 1,
	      "[{\"family\":null,\"peer\":null,\"reqid\":null,\"id\":\"bob\"}]\n");

	/* a longer ID than the contract allows is cut */
	memset(big, 'i', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(ipl_identity_msg_parse(dump_msg(AF_INET, "192.0.2.2",
							 1, big), &id), 0);
	assert_int_equal(strlen(id.id), IPSEC_LATCH_ID_MAX_LEN);

	/* malformed */
	nlh = msg_start(IPSEC_LATCH_CMD_GET_IDENTITIES);
	assert_ebadmsg(ipl_identity_msg_parse(nlh, &id));
	mnl_attr_put_u16(nlh, IPSEC_LATCH_A_IDENTITY, 1);
	assert_ebadmsg(ipl_identity_msg_parse(nlh, &id));
	nlh = mnl_nlmsg_put_header(msgbuf);
	assert_ebadmsg(ipl_identity_msg_parse(nlh, &id));
}

/* The A_IDENTITY nest: FAMILY u8, PEER binary, REQID u32, ID string. */
static void check_request(const struct nlmsghdr *nlh,
			  const struct ipl_addr *peer, uint32_t reqid,
			  const char *id)
{
	struct genl_nest_seen s;
	const struct nlattr *a;
	unsigned int i;

	genl_walk_nest(nlh, IPSEC_LATCH_A_IDENTITY, &s);
	for (i = 0; i < s.n; i++) {
		a = s.attr[i];
		switch (s.type[i]) {
		case IPSEC_LATCH_ID_A_FAMILY:
			assert_int_equal(s.len[i], 1);
			assert_int_equal(mnl_attr_get_u8(a), peer->family);
			break;
		case IPSEC_LATCH_ID_A_PEER:
			assert_int_equal(s.len[i], peer->len);
			assert_memory_equal(mnl_attr_get_payload(a),
					    peer->bytes, peer->len);
			break;
		case IPSEC_LATCH_ID_A_REQID:
			assert_int_equal(s.len[i], 4);
			assert_int_equal(mnl_attr_get_u32(a), reqid);
			break;
		case IPSEC_LATCH_ID_A_ID:
			assert_non_null(id);
			assert_int_equal(mnl_attr_validate(a, MNL_TYPE_NUL_STRING),
					 0);
			assert_string_equal(mnl_attr_get_str(a), id);
			break;
		default:
			fail_msg("unexpected attribute %u", s.type[i]);
		}
	}
	assert_int_equal(s.n, id ? 4 : 3);
}

static void test_requests(void **state)
{
	struct nlmsghdr *nlh;
	struct ipl_addr peer;
	uint32_t len;

	(void)state;
	/* identity set peer 192.0.2.2 reqid 1 id bob.example */
	assert_int_equal(ipl_addr_parse("192.0.2.2", &peer), 0);
	nlh = msg_start(IPSEC_LATCH_CMD_IDENTITY_SET);
	assert_int_equal(ipl_identity_put(nlh, sizeof(msgbuf), &peer, 1,
					  "bob.example"), 0);
	check_request(nlh, &peer, 1, "bob.example");

	/* identity del peer 2001:db8::2 reqid 4294967295 */
	assert_int_equal(ipl_addr_parse("2001:db8::2", &peer), 0);
	nlh = msg_start(IPSEC_LATCH_CMD_IDENTITY_DEL);
	assert_int_equal(ipl_identity_put(nlh, sizeof(msgbuf), &peer,
					  UINT32_MAX, NULL), 0);
	check_request(nlh, &peer, UINT32_MAX, NULL);

	/* no room: refused, the message as it was */
	nlh = msg_start(IPSEC_LATCH_CMD_IDENTITY_SET);
	len = nlh->nlmsg_len;
	assert_int_equal(ipl_identity_put(nlh, len + 36, &peer, 1, "bob"), -1);
	assert_int_equal(nlh->nlmsg_len, len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dump_and_render),
		cmocka_unit_test(test_missing_and_odd),
		cmocka_unit_test(test_requests),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
