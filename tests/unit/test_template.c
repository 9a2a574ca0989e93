// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ipsec-latchctl's latch templates
 * (tools/ipsec-latchctl/template.c, template_print.c): TEMPLATE_ADD and
 * TEMPLATE_DEL requests as built for the kernel, TEMPLATE_ADD replies and
 * GET_TEMPLATES dump messages built here the way the module builds them,
 * and the text table and JSON they render to.
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
#include "names.h"
#include "template.h"
#include "util.h"

static char msgbuf[16384];

static struct nlmsghdr *msg_start(uint8_t cmd)
{
	return genl_msg_start(msgbuf, sizeof(msgbuf), cmd);
}

struct tmpl_spec {
	uint32_t id;
	uint8_t kind, proto, action;
	int af;
	const char *local, *remote;	/* NULL: absent */
	uint16_t lport, rport;
	uint32_t fallback_ms;		/* 0: absent */
	uint64_t flows, protected, bypassed, refused, failed;
};

/*
 * A dump message (or an add reply) as the module builds it; a connector
 * may leave its local port open (lport 0).
 */
static struct nlmsghdr *tmpl_msg(uint8_t cmd, const struct tmpl_spec *s)
{
	struct nlmsghdr *nlh = msg_start(cmd);
	struct nlattr *nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_TEMPLATE);
	const uint16_t pad = IPSEC_LATCH_TMPL_A_PAD;

	mnl_attr_put_u32(nlh, IPSEC_LATCH_TMPL_A_ID, s->id);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_TMPL_A_KIND, s->kind);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_TMPL_A_FAMILY, s->af);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_TMPL_A_PROTO, s->proto);
	if (s->local)
		genl_put_addr(nlh, IPSEC_LATCH_TMPL_A_LOCAL_ADDR, s->af,
			      s->local);
	if (s->lport)
		mnl_attr_put_u16(nlh, IPSEC_LATCH_TMPL_A_LOCAL_PORT, s->lport);
	if (s->remote) {
		genl_put_addr(nlh, IPSEC_LATCH_TMPL_A_REMOTE_ADDR, s->af,
			      s->remote);
		mnl_attr_put_u16(nlh, IPSEC_LATCH_TMPL_A_REMOTE_PORT,
				 s->rport);
	}
	mnl_attr_put_u8(nlh, IPSEC_LATCH_TMPL_A_ACTION, s->action);
	if (s->fallback_ms)
		mnl_attr_put_u32(nlh, IPSEC_LATCH_TMPL_A_FALLBACK_MS,
				 s->fallback_ms);
	genl_put_u64_pad(nlh, pad, IPSEC_LATCH_TMPL_A_FLOWS, s->flows);
	genl_put_u64_pad(nlh, pad, IPSEC_LATCH_TMPL_A_PROTECTED, s->protected);
	genl_put_u64_pad(nlh, pad, IPSEC_LATCH_TMPL_A_BYPASSED, s->bypassed);
	genl_put_u64_pad(nlh, pad, IPSEC_LATCH_TMPL_A_REFUSED, s->refused);
	genl_put_u64_pad(nlh, pad, IPSEC_LATCH_TMPL_A_FAILED, s->failed);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static const struct tmpl_spec listener_any = {
	.id = 1, .kind = IPSEC_LATCH_TMPL_LISTENER, .af = AF_INET,
	.proto = IPPROTO_TCP, .lport = 80, .action = IPSEC_LATCH_ACTION_PROTECT,
	.flows = 10, .protected = 10, .bypassed = 0, .refused = 2,
	.failed = 1,
};

static const struct tmpl_spec listener_v6 = {
	.id = 2, .kind = IPSEC_LATCH_TMPL_LISTENER, .af = AF_INET6,
	.proto = IPPROTO_UDP, .local = "2001:db8::1", .lport = 53,
	.action = IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT, .fallback_ms = 3000,
	.flows = 5, .protected = 3, .bypassed = 2, .refused = 0,
};

static const struct tmpl_spec connector = {
	.id = 13, .kind = IPSEC_LATCH_TMPL_CONNECTOR, .af = AF_INET,
	.proto = IPPROTO_TCP, .local = "192.0.2.1", .lport = 40000,
	.remote = "192.0.2.2", .rport = 443,
	.action = IPSEC_LATCH_ACTION_PROTECT,
};

/* A connector that leaves the local end open (an NFS client's). */
static const struct tmpl_spec connector_any = {
	.id = 14, .kind = IPSEC_LATCH_TMPL_CONNECTOR, .af = AF_INET,
	.proto = IPPROTO_TCP, .remote = "192.0.2.2", .rport = 2049,
	.action = IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT, .fallback_ms = 2000,
	.flows = 4, .protected = 1, .bypassed = 3, .failed = 0,
};

#define TEXT	false
#define JSON	true

static void check_list(bool json, const struct ipl_tmpl *v, size_t n,
		       const char *want)
{
	struct capture c;

	assert_int_equal(ipl_tmpl_print(capture_open(&c), json, v, n), 0);
	capture_check(&c, want);
}

static void check_added(const struct ipl_tmpl_result *v, size_t n, bool json,
			const char *want)
{
	struct capture c;

	assert_int_equal(ipl_tmpl_print_added(capture_open(&c), v, n, json),
			 0);
	capture_check(&c, want);
}

#define TABLE_HEADER \
	"id  kind       proto  local        lport  remote     rport  action             fallback  flows  protected  bypassed  refused  failed\n"
#define TABLE_LISTENER_ANY \
	"1   listener   tcp    0.0.0.0      80     *          *      protect            -         10     10         0         2        1\n"
#define TABLE_LISTENER_V6 \
	"2   listener   udp    2001:db8::1  53     *          *      bypass-or-protect  3000ms    5      3          2         0        0\n"
#define TABLE_CONNECTOR \
	"13  connector  tcp    192.0.2.1    40000  192.0.2.2  443    protect            -         0      0          0         0        0\n"
/* the local end open: any address as a listener's, any port as "*" */
#define TABLE_CONNECTOR_ANY \
	"14  connector  tcp    0.0.0.0      *      192.0.2.2  2049   bypass-or-protect  2000ms    4      1          3         0        0\n"

#define JSON_LISTENER_ANY \
	"{\"id\":1,\"kind\":\"listener\",\"family\":\"inet\",\"proto\":\"tcp\"," \
	"\"local\":null,\"lport\":80,\"remote\":null,\"rport\":null," \
	"\"action\":\"protect\",\"fallback_ms\":null,\"flows\":10," \
	"\"protected\":10,\"bypassed\":0,\"refused\":2,\"failed\":1}"
#define JSON_LISTENER_V6 \
	"{\"id\":2,\"kind\":\"listener\",\"family\":\"inet6\",\"proto\":\"udp\"," \
	"\"local\":\"2001:db8::1\",\"lport\":53,\"remote\":null,\"rport\":null," \
	"\"action\":\"bypass-or-protect\",\"fallback_ms\":3000,\"flows\":5," \
	"\"protected\":3,\"bypassed\":2,\"refused\":0,\"failed\":0}"
#define JSON_CONNECTOR \
	"{\"id\":13,\"kind\":\"connector\",\"family\":\"inet\",\"proto\":\"tcp\"," \
	"\"local\":\"192.0.2.1\",\"lport\":40000,\"remote\":\"192.0.2.2\"," \
	"\"rport\":443,\"action\":\"protect\",\"fallback_ms\":null," \
	"\"flows\":0,\"protected\":0,\"bypassed\":0,\"refused\":0," \
	"\"failed\":0}"
#define JSON_CONNECTOR_ANY \
	"{\"id\":14,\"kind\":\"connector\",\"family\":\"inet\",\"proto\":\"tcp\"," \
	"\"local\":null,\"lport\":null,\"remote\":\"192.0.2.2\"," \
	"\"rport\":2049,\"action\":\"bypass-or-protect\",\"fallback_ms\":2000," \
	"\"flows\":4,\"protected\":1,\"bypassed\":3,\"refused\":0," \
	"\"failed\":0}"

static void test_dump_and_render(void **state)
{
	struct ipl_tmpl v[4];
	uint8_t want[4] = { 192, 0, 2, 2 };

	(void)state;
	assert_int_equal(ipl_tmpl_msg_parse(tmpl_msg(IPSEC_LATCH_CMD_GET_TEMPLATES,
						     &listener_any), &v[0]), 0);
	assert_int_equal(ipl_tmpl_msg_parse(tmpl_msg(IPSEC_LATCH_CMD_GET_TEMPLATES,
						     &listener_v6), &v[1]), 0);
	assert_int_equal(ipl_tmpl_msg_parse(tmpl_msg(IPSEC_LATCH_CMD_GET_TEMPLATES,
						     &connector), &v[2]), 0);
	assert_int_equal(ipl_tmpl_msg_parse(tmpl_msg(IPSEC_LATCH_CMD_GET_TEMPLATES,
						     &connector_any), &v[3]),
			 0);
	assert_false(ipl_tmpl_has(&v[0], IPSEC_LATCH_TMPL_A_LOCAL_ADDR));
	assert_false(ipl_tmpl_has(&v[3], IPSEC_LATCH_TMPL_A_LOCAL_ADDR));
	assert_false(ipl_tmpl_has(&v[3], IPSEC_LATCH_TMPL_A_LOCAL_PORT));
	assert_int_equal(v[0].failed, 1);
	assert_false(ipl_tmpl_has(&v[0], IPSEC_LATCH_TMPL_A_PAD));
	assert_false(ipl_tmpl_has(&v[0], IPSEC_LATCH_TMPL_A_FALLBACK_MS));
	assert_int_equal(v[1].fallback_ms, 3000);
	assert_int_equal(v[1].local.family, AF_INET6);
	assert_int_equal(v[2].remote.len, 4);
	assert_memory_equal(v[2].remote.bytes, want, 4);
	assert_int_equal(v[2].rport, 443);
	assert_int_equal(v[0].refused, 2);

	check_list(TEXT, v, 4,
		   TABLE_HEADER TABLE_LISTENER_ANY TABLE_LISTENER_V6
		   TABLE_CONNECTOR TABLE_CONNECTOR_ANY);
	check_list(JSON, v, 4,
		   "[" JSON_LISTENER_ANY "," JSON_LISTENER_V6 ","
		   JSON_CONNECTOR "," JSON_CONNECTOR_ANY "]\n");
	check_list(TEXT, NULL, 0, "");
	check_list(JSON, NULL, 0, "[]\n");
}

/* An IPv6 template on any local address shows it as "::". */
static void test_any_addresses(void **state)
{
	struct tmpl_spec s = listener_any;
	struct ipl_tmpl t;

	(void)state;
	s.af = AF_INET6;
	assert_int_equal(ipl_tmpl_msg_parse(tmpl_msg(IPSEC_LATCH_CMD_GET_TEMPLATES,
						     &s), &t), 0);
	check_list(TEXT, &t, 1,
		   "id  kind      proto  local  lport  remote  rport  action   fallback  flows  protected  bypassed  refused  failed\n"
		   "1   listener  tcp    ::     80     *       *      protect  -         10     10         0         2        1\n");

	/* a connector: its local port given, its local address not */
	s = connector_any;
	s.af = AF_INET6;
	s.remote = "2001:db8::2";
	s.lport = 700;
	assert_int_equal(ipl_tmpl_msg_parse(tmpl_msg(IPSEC_LATCH_CMD_GET_TEMPLATES,
						     &s), &t), 0);
	check_list(TEXT, &t, 1,
		   "id  kind       proto  local  lport  remote       rport  action             fallback  flows  protected  bypassed  refused  failed\n"
		   "14  connector  tcp    ::     700    2001:db8::2  2049   bypass-or-protect  2000ms    4      1          3         0        0\n");
	check_list(JSON, &t, 1,
		   "[{\"id\":14,\"kind\":\"connector\",\"family\":\"inet6\","
		   "\"proto\":\"tcp\",\"local\":null,\"lport\":700,"
		   "\"remote\":\"2001:db8::2\",\"rport\":2049,"
		   "\"action\":\"bypass-or-protect\",\"fallback_ms\":2000,"
		   "\"flows\":4,\"protected\":1,\"bypassed\":3,"
		   "\"refused\":0,\"failed\":0}]\n");
}

/* The reply to TEMPLATE_ADD carries the template with its new ID. */
static void test_add_reply(void **state)
{
	struct ipl_tmpl t;

	(void)state;
	assert_int_equal(ipl_tmpl_msg_parse(tmpl_msg(IPSEC_LATCH_CMD_TEMPLATE_ADD,
						     &connector), &t), 0);
	assert_true(ipl_tmpl_has(&t, IPSEC_LATCH_TMPL_A_ID));
	assert_int_equal(t.id, 13);
}

/*
 * A newer or odd module: unknown attributes ignored at both levels, other
 * integer widths read, unreadable sizes and bad addresses left absent,
 * unknown numbers shown under generic names, absent values as "-".
 */
static void test_unknown_and_missing(void **state)
{
	struct nlmsghdr *nlh = msg_start(IPSEC_LATCH_CMD_GET_TEMPLATES);
	uint8_t odd[3] = { 1, 2, 3 };
	struct nlattr *nest;
	struct ipl_tmpl t;

	(void)state;
	mnl_attr_put_u32(nlh, 99, 7);
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_TEMPLATE);
	mnl_attr_put_u32(nlh, 30, 1);
	mnl_attr_put_u64(nlh, IPSEC_LATCH_TMPL_A_ID, 7);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_TMPL_A_KIND, 5);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_TMPL_A_PROTO, IPPROTO_SCTP);
	mnl_attr_put(nlh, IPSEC_LATCH_TMPL_A_LOCAL_ADDR, 5, "abcde");
	mnl_attr_put(nlh, IPSEC_LATCH_TMPL_A_LOCAL_PORT, 3, odd);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_TMPL_A_ACTION, 9);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_TMPL_A_FLOWS, 4);
	mnl_attr_nest_end(nlh, nest);

	assert_int_equal(ipl_tmpl_msg_parse(nlh, &t), 0);
	assert_false(ipl_tmpl_has(&t, IPSEC_LATCH_TMPL_A_LOCAL_ADDR));
	assert_false(ipl_tmpl_has(&t, IPSEC_LATCH_TMPL_A_LOCAL_PORT));
	assert_false(ipl_tmpl_has(&t, 30));
	check_list(TEXT, &t, 1,
		   "id  kind    proto      local  lport  remote  rport  action    fallback  flows  protected  bypassed  refused  failed\n"
		   "7   kind_5  proto_132  -      -      -       -      action_9  -         4      -          -         -        -\n");
	check_list(JSON, &t, 1,
		   "[{\"id\":7,\"kind\":\"kind_5\",\"family\":null,"
		   "\"proto\":\"proto_132\",\"local\":null,\"lport\":null,"
		   "\"remote\":null,\"rport\":null,\"action\":\"action_9\","
		   "\"fallback_ms\":null,\"flows\":4,\"protected\":null,"
		   "\"bypassed\":null,\"refused\":null,\"failed\":null}]\n");
}

static void test_malformed(void **state)
{
	struct nlmsghdr *nlh;
	struct ipl_tmpl t;

	(void)state;
	nlh = mnl_nlmsg_put_header(msgbuf);
	assert_ebadmsg(ipl_tmpl_msg_parse(nlh, &t));

	/* no A_TEMPLATE */
	nlh = msg_start(IPSEC_LATCH_CMD_TEMPLATE_ADD);
	mnl_attr_put_u32(nlh, 99, 1);
	assert_ebadmsg(ipl_tmpl_msg_parse(nlh, &t));

	/* A_TEMPLATE too short to be a nest */
	nlh = msg_start(IPSEC_LATCH_CMD_GET_TEMPLATES);
	mnl_attr_put_u16(nlh, IPSEC_LATCH_A_TEMPLATE, 1);
	assert_ebadmsg(ipl_tmpl_msg_parse(nlh, &t));
}

/* The request's A_TEMPLATE nest: exactly the attributes given, typed. */
static void test_add_request(void **state)
{
	struct nlmsghdr *nlh = msg_start(IPSEC_LATCH_CMD_TEMPLATE_ADD);
	struct ipl_tmpl t = { 0 }, back;
	struct genl_nest_seen s;

	(void)state;
	/* as "template add connector proto tcp local 2001:db8::1 lport
	 * 40000 remote 2001:db8::2 rport 443 action bypass-or-protect
	 * fallback 2500" leaves it
	 */
	t.kind = IPSEC_LATCH_TMPL_CONNECTOR;
	t.family = AF_INET6;
	t.proto = IPPROTO_TCP;
	assert_int_equal(ipl_addr_parse("2001:db8::1", &t.local), 0);
	t.lport = 40000;
	assert_int_equal(ipl_addr_parse("2001:db8::2", &t.remote), 0);
	t.rport = 443;
	t.action = IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT;
	t.fallback_ms = 2500;
	t.flows = 99;	/* never sent */
	t.present = 1u << IPSEC_LATCH_TMPL_A_KIND |
		    1u << IPSEC_LATCH_TMPL_A_FAMILY |
		    1u << IPSEC_LATCH_TMPL_A_PROTO |
		    1u << IPSEC_LATCH_TMPL_A_LOCAL_ADDR |
		    1u << IPSEC_LATCH_TMPL_A_LOCAL_PORT |
		    1u << IPSEC_LATCH_TMPL_A_REMOTE_ADDR |
		    1u << IPSEC_LATCH_TMPL_A_REMOTE_PORT |
		    1u << IPSEC_LATCH_TMPL_A_ACTION |
		    1u << IPSEC_LATCH_TMPL_A_FALLBACK_MS |
		    1u << IPSEC_LATCH_TMPL_A_FLOWS;
	assert_int_equal(ipl_tmpl_put(nlh, sizeof(msgbuf), &t), 0);
	genl_walk_nest(nlh, IPSEC_LATCH_A_TEMPLATE, &s);
	assert_int_equal(s.n, 9);
	assert_int_equal(s.type[0], IPSEC_LATCH_TMPL_A_KIND);
	assert_int_equal(s.len[0], 1);
	assert_int_equal(mnl_attr_get_u8(s.attr[0]),
			 IPSEC_LATCH_TMPL_CONNECTOR);
	assert_int_equal(s.type[1], IPSEC_LATCH_TMPL_A_FAMILY);
	assert_int_equal(s.len[1], 1);
	assert_int_equal(mnl_attr_get_u8(s.attr[1]), AF_INET6);
	assert_int_equal(s.type[2], IPSEC_LATCH_TMPL_A_PROTO);
	assert_int_equal(s.len[2], 1);
	assert_int_equal(mnl_attr_get_u8(s.attr[2]), IPPROTO_TCP);
	assert_int_equal(s.type[3], IPSEC_LATCH_TMPL_A_LOCAL_ADDR);
	assert_int_equal(s.len[3], 16);
	assert_memory_equal(mnl_attr_get_payload(s.attr[3]), t.local.bytes,
			    16);
	assert_int_equal(s.type[4], IPSEC_LATCH_TMPL_A_LOCAL_PORT);
	assert_int_equal(s.len[4], 2);
	/* host order */
	assert_int_equal(mnl_attr_get_u16(s.attr[4]), 40000);
	assert_int_equal(s.type[5], IPSEC_LATCH_TMPL_A_REMOTE_ADDR);
	assert_int_equal(s.len[5], 16);
	assert_int_equal(s.type[6], IPSEC_LATCH_TMPL_A_REMOTE_PORT);
	assert_int_equal(mnl_attr_get_u16(s.attr[6]), 443);
	assert_int_equal(s.type[7], IPSEC_LATCH_TMPL_A_ACTION);
	assert_int_equal(s.len[7], 1);
	assert_int_equal(mnl_attr_get_u8(s.attr[7]),
			 IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT);
	assert_int_equal(s.type[8], IPSEC_LATCH_TMPL_A_FALLBACK_MS);
	assert_int_equal(s.len[8], 4);
	assert_int_equal(mnl_attr_get_u32(s.attr[8]), 2500);

	/* and it reads back */
	assert_int_equal(ipl_tmpl_msg_parse(nlh, &back), 0);
	assert_int_equal(back.rport, 443);
	assert_int_equal(back.remote.family, AF_INET6);
	assert_false(ipl_tmpl_has(&back, IPSEC_LATCH_TMPL_A_FLOWS));
	assert_false(ipl_tmpl_has(&back, IPSEC_LATCH_TMPL_A_ID));
}

/* A listener on any address: no LOCAL_ADDR, and each family in turn. */
static void test_add_request_listener_any(void **state)
{
	struct nlmsghdr *nlh = msg_start(IPSEC_LATCH_CMD_TEMPLATE_ADD);
	struct ipl_tmpl t = { 0 };
	struct genl_nest_seen s;
	unsigned int i;

	(void)state;
	t.kind = IPSEC_LATCH_TMPL_LISTENER;
	t.family = AF_INET;
	t.proto = IPPROTO_UDP;
	t.lport = 53;
	t.action = IPSEC_LATCH_ACTION_PROTECT;
	t.present = 1u << IPSEC_LATCH_TMPL_A_KIND |
		    1u << IPSEC_LATCH_TMPL_A_FAMILY |
		    1u << IPSEC_LATCH_TMPL_A_PROTO |
		    1u << IPSEC_LATCH_TMPL_A_LOCAL_PORT |
		    1u << IPSEC_LATCH_TMPL_A_ACTION;
	assert_int_equal(ipl_tmpl_put(nlh, sizeof(msgbuf), &t), 0);
	genl_walk_nest(nlh, IPSEC_LATCH_A_TEMPLATE, &s);
	assert_int_equal(s.n, 5);
	for (i = 0; i < s.n; i++) {
		assert_int_not_equal(s.type[i], IPSEC_LATCH_TMPL_A_LOCAL_ADDR);
		assert_int_not_equal(s.type[i], IPSEC_LATCH_TMPL_A_REMOTE_ADDR);
		assert_int_not_equal(s.type[i], IPSEC_LATCH_TMPL_A_ID);
	}
}

/* A connector to one remote end from any local one: no LOCAL_*. */
static void test_add_request_connector_any(void **state)
{
	struct nlmsghdr *nlh = msg_start(IPSEC_LATCH_CMD_TEMPLATE_ADD);
	struct ipl_tmpl t = { 0 };
	struct genl_nest_seen s;

	(void)state;
	/* as "template add connector proto tcp remote 192.0.2.2 rport 2049
	 * action bypass-or-protect" leaves it
	 */
	t.kind = IPSEC_LATCH_TMPL_CONNECTOR;
	t.family = AF_INET;
	t.proto = IPPROTO_TCP;
	assert_int_equal(ipl_addr_parse("192.0.2.2", &t.remote), 0);
	t.rport = 2049;
	t.action = IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT;
	t.present = 1u << IPSEC_LATCH_TMPL_A_KIND |
		    1u << IPSEC_LATCH_TMPL_A_FAMILY |
		    1u << IPSEC_LATCH_TMPL_A_PROTO |
		    1u << IPSEC_LATCH_TMPL_A_REMOTE_ADDR |
		    1u << IPSEC_LATCH_TMPL_A_REMOTE_PORT |
		    1u << IPSEC_LATCH_TMPL_A_ACTION;
	assert_int_equal(ipl_tmpl_put(nlh, sizeof(msgbuf), &t), 0);
	genl_walk_nest(nlh, IPSEC_LATCH_A_TEMPLATE, &s);
	assert_int_equal(s.n, 6);
	assert_int_equal(s.type[0], IPSEC_LATCH_TMPL_A_KIND);
	assert_int_equal(s.type[1], IPSEC_LATCH_TMPL_A_FAMILY);
	assert_int_equal(s.type[2], IPSEC_LATCH_TMPL_A_PROTO);
	assert_int_equal(s.type[3], IPSEC_LATCH_TMPL_A_REMOTE_ADDR);
	assert_int_equal(s.len[3], 4);
	assert_int_equal(s.type[4], IPSEC_LATCH_TMPL_A_REMOTE_PORT);
	assert_int_equal(mnl_attr_get_u16(s.attr[4]), 2049);
	assert_int_equal(s.type[5], IPSEC_LATCH_TMPL_A_ACTION);
}

/* TEMPLATE_DEL: the ID alone, as u32. */
static void test_del_request(void **state)
{
	struct nlmsghdr *nlh = msg_start(IPSEC_LATCH_CMD_TEMPLATE_DEL);
	struct ipl_tmpl t = { .id = 42 };
	struct genl_nest_seen s;

	(void)state;
	t.present = 1u << IPSEC_LATCH_TMPL_A_ID;
	assert_int_equal(ipl_tmpl_put(nlh, sizeof(msgbuf), &t), 0);
	genl_walk_nest(nlh, IPSEC_LATCH_A_TEMPLATE, &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.type[0], IPSEC_LATCH_TMPL_A_ID);
	assert_int_equal(s.len[0], 4);
	assert_int_equal(mnl_attr_get_u32(s.attr[0]), 42);
}

/* No room: refused, and the message is left as it was. */
static void test_request_too_long(void **state)
{
	struct nlmsghdr *nlh = msg_start(IPSEC_LATCH_CMD_TEMPLATE_ADD);
	struct ipl_tmpl t = { 0 };
	uint32_t len = nlh->nlmsg_len;

	(void)state;
	assert_int_equal(ipl_addr_parse("2001:db8::1", &t.local), 0);
	t.present = 1u << IPSEC_LATCH_TMPL_A_LOCAL_ADDR |
		    1u << IPSEC_LATCH_TMPL_A_KIND;
	assert_int_equal(ipl_tmpl_put(nlh, len + 16, &t), -1);
	assert_int_equal(nlh->nlmsg_len, len);
	assert_int_equal(ipl_tmpl_put(nlh, len + 2, &t), -1);
	assert_int_equal(nlh->nlmsg_len, len);
}

/* Added or there already: said either way, with the template's ID. */
static void test_added(void **state)
{
	static const struct ipl_tmpl_result one[] = { { 7, true } };
	static const struct ipl_tmpl_result two[] = { { 8, true }, { 9, true } };
	static const struct ipl_tmpl_result there[] = { { 5, false } };
	static const struct ipl_tmpl_result both[] = {
		{ 3, false }, { 10, true },
	};

	(void)state;
	check_added(one, 1, TEXT, "template 7 added\n");
	check_added(one, 1, JSON, "{\"schema\":1,\"id\":7,\"added\":true}\n");
	check_added(two, 2, TEXT, "template 8 added\ntemplate 9 added\n");
	check_added(two, 2, JSON,
		    "[{\"id\":8,\"added\":true},{\"id\":9,\"added\":true}]\n");
	/* there already: its ID all the same */
	check_added(there, 1, TEXT, "template 5 exists\n");
	check_added(there, 1, JSON,
		    "{\"schema\":1,\"id\":5,\"added\":false}\n");
	/* a listener on any address: one family's there, the other added */
	check_added(both, 2, TEXT, "template 3 exists\ntemplate 10 added\n");
	check_added(both, 2, JSON,
		    "[{\"id\":3,\"added\":false},{\"id\":10,\"added\":true}]\n");
	check_added(NULL, 0, TEXT, "");
	check_added(NULL, 0, JSON, "");
}

/* A template as the command line gives it: the parser's present bits. */
static struct ipl_tmpl want_of(const struct tmpl_spec *s, bool fallback)
{
	struct ipl_tmpl t = { 0 };

	t.kind = s->kind;
	t.family = s->af;
	t.proto = s->proto;
	t.action = s->action;
	t.present = 1u << IPSEC_LATCH_TMPL_A_KIND |
		    1u << IPSEC_LATCH_TMPL_A_FAMILY |
		    1u << IPSEC_LATCH_TMPL_A_PROTO |
		    1u << IPSEC_LATCH_TMPL_A_ACTION;
	if (s->local) {
		assert_int_equal(ipl_addr_parse(s->local, &t.local), 0);
		ipl_tmpl_set(&t, IPSEC_LATCH_TMPL_A_LOCAL_ADDR);
	}
	if (s->lport) {
		t.lport = s->lport;
		ipl_tmpl_set(&t, IPSEC_LATCH_TMPL_A_LOCAL_PORT);
	}
	if (s->remote) {
		assert_int_equal(ipl_addr_parse(s->remote, &t.remote), 0);
		t.rport = s->rport;
		ipl_tmpl_set(&t, IPSEC_LATCH_TMPL_A_REMOTE_ADDR);
		ipl_tmpl_set(&t, IPSEC_LATCH_TMPL_A_REMOTE_PORT);
	}
	if (fallback && s->fallback_ms) {
		t.fallback_ms = s->fallback_ms;
		ipl_tmpl_set(&t, IPSEC_LATCH_TMPL_A_FALLBACK_MS);
	}
	return t;
}

/* A template as the kernel reports it. */
static struct ipl_tmpl have_of(const struct tmpl_spec *s)
{
	struct ipl_tmpl t;

	assert_int_equal(ipl_tmpl_msg_parse(tmpl_msg(IPSEC_LATCH_CMD_GET_TEMPLATES,
						     s), &t), 0);
	return t;
}

/* Identical, conflicting (action, fallback) or another selector. */
static void test_compare(void **state)
{
	struct tmpl_spec s = listener_any;
	struct ipl_tmpl have = have_of(&listener_any), want;

	(void)state;
	want = want_of(&s, true);
	assert_int_equal(ipl_tmpl_compare(&want, &have), IPL_TMPL_SAME);
	/* the counters and the ID do not count */
	want.id = 99;
	ipl_tmpl_set(&want, IPSEC_LATCH_TMPL_A_ID);
	assert_int_equal(ipl_tmpl_compare(&want, &have), IPL_TMPL_SAME);

	s.action = IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT;
	want = want_of(&s, true);
	assert_int_equal(ipl_tmpl_compare(&want, &have), IPL_TMPL_CONFLICT);

	/* another family, port, protocol, kind or local address */
	s = listener_any;
	s.af = AF_INET6;
	want = want_of(&s, true);
	assert_int_equal(ipl_tmpl_compare(&want, &have), IPL_TMPL_OTHER);
	s = listener_any;
	s.lport = 81;
	want = want_of(&s, true);
	assert_int_equal(ipl_tmpl_compare(&want, &have), IPL_TMPL_OTHER);
	s = listener_any;
	s.proto = IPPROTO_UDP;
	want = want_of(&s, true);
	assert_int_equal(ipl_tmpl_compare(&want, &have), IPL_TMPL_OTHER);
	s = listener_any;
	s.local = "192.0.2.1";
	want = want_of(&s, true);
	assert_int_equal(ipl_tmpl_compare(&want, &have), IPL_TMPL_OTHER);
	s = connector_any;
	s.remote = NULL;
	s.kind = IPSEC_LATCH_TMPL_CONNECTOR;
	s.lport = 80;
	s.action = IPSEC_LATCH_ACTION_PROTECT;
	want = want_of(&s, true);
	assert_int_equal(ipl_tmpl_compare(&want, &have), IPL_TMPL_OTHER);
}

/* An absent fallback is the module's default; only bypass-or-protect has one. */
static void test_compare_fallback(void **state)
{
	struct ipl_tmpl have = have_of(&connector_any), want;
	struct tmpl_spec s = connector_any;

	(void)state;
	/* the module reports its default, 2000: the same as none given */
	want = want_of(&s, false);
	assert_int_equal(ipl_tmpl_compare(&want, &have), IPL_TMPL_SAME);
	want = want_of(&s, true);
	assert_int_equal(ipl_tmpl_compare(&want, &have), IPL_TMPL_SAME);
	s.fallback_ms = 2500;
	want = want_of(&s, true);
	assert_int_equal(ipl_tmpl_compare(&want, &have), IPL_TMPL_CONFLICT);

	/* 3000 there: none given is 2000, a conflict */
	have = have_of(&listener_v6);
	s = listener_v6;
	want = want_of(&s, false);
	assert_int_equal(ipl_tmpl_compare(&want, &have), IPL_TMPL_CONFLICT);
	want = want_of(&s, true);
	assert_int_equal(ipl_tmpl_compare(&want, &have), IPL_TMPL_SAME);

	/* another remote end of a connector */
	have = have_of(&connector);
	s = connector;
	s.rport = 444;
	want = want_of(&s, true);
	assert_int_equal(ipl_tmpl_compare(&want, &have), IPL_TMPL_OTHER);
	s = connector;
	s.remote = "192.0.2.3";
	want = want_of(&s, true);
	assert_int_equal(ipl_tmpl_compare(&want, &have), IPL_TMPL_OTHER);
	s = connector;
	s.lport = 0;	/* any local port */
	want = want_of(&s, true);
	assert_int_equal(ipl_tmpl_compare(&want, &have), IPL_TMPL_OTHER);
	want = want_of(&connector, true);
	assert_int_equal(ipl_tmpl_compare(&want, &have), IPL_TMPL_SAME);
}

/* The first template with the selector, from where the search starts. */
static void test_find(void **state)
{
	struct ipl_tmpl v[3], want;
	struct tmpl_spec s;
	size_t i;

	(void)state;
	v[0] = have_of(&connector);
	v[1] = have_of(&listener_any);
	v[2] = have_of(&listener_v6);

	want = want_of(&listener_any, true);
	i = 0;
	assert_int_equal(ipl_tmpl_find(&want, v, 3, &i), IPL_TMPL_SAME);
	assert_int_equal(i, 1);
	assert_int_equal(v[i].id, 1);
	i = 2;
	assert_int_equal(ipl_tmpl_find(&want, v, 3, &i), IPL_TMPL_OTHER);
	assert_int_equal(i, 3);

	s = listener_v6;
	s.action = IPSEC_LATCH_ACTION_PROTECT;
	want = want_of(&s, false);
	i = 0;
	assert_int_equal(ipl_tmpl_find(&want, v, 3, &i), IPL_TMPL_CONFLICT);
	assert_int_equal(i, 2);

	/* absent: none there */
	s = listener_any;
	s.lport = 443;
	want = want_of(&s, true);
	i = 0;
	assert_int_equal(ipl_tmpl_find(&want, v, 3, &i), IPL_TMPL_OTHER);
	assert_int_equal(i, 3);
	i = 0;
	assert_int_equal(ipl_tmpl_find(&want, v, 0, &i), IPL_TMPL_OTHER);
	assert_int_equal(i, 0);
}

/* A listener on any address is one template per family; others are one. */
static void test_per_family(void **state)
{
	struct ipl_tmpl t = want_of(&listener_any, true);
	struct ipl_tmpl out[IPL_TMPL_FAMILIES];

	(void)state;
	assert_int_equal(ipl_tmpl_per_family(&t, out), 1);
	assert_memory_equal(&out[0], &t, sizeof(t));

	t.present &= ~(1u << IPSEC_LATCH_TMPL_A_FAMILY);
	t.family = 0;
	assert_int_equal(ipl_tmpl_per_family(&t, out), 2);
	assert_true(ipl_tmpl_has(&out[0], IPSEC_LATCH_TMPL_A_FAMILY));
	assert_int_equal(out[0].family, AF_INET);
	assert_true(ipl_tmpl_has(&out[1], IPSEC_LATCH_TMPL_A_FAMILY));
	assert_int_equal(out[1].family, AF_INET6);
	assert_int_equal(out[1].lport, 80);
	assert_int_equal(out[1].kind, IPSEC_LATCH_TMPL_LISTENER);
}

/*
 * What replace deleted, added again: the request from the dump has the
 * selector, action and fallback, not the ID or counters, and is the same
 * template.
 */
static void test_restore_request(void **state)
{
	const struct tmpl_spec *specs[] = {
		&listener_any, &listener_v6, &connector, &connector_any,
	};
	struct nlmsghdr *nlh;
	struct genl_nest_seen s;
	struct ipl_tmpl have, req, back;
	size_t i, j;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(specs); i++) {
		have = have_of(specs[i]);
		ipl_tmpl_request(&have, &req);
		assert_false(ipl_tmpl_has(&req, IPSEC_LATCH_TMPL_A_ID));
		assert_int_equal(ipl_tmpl_compare(&req, &have),
				 IPL_TMPL_SAME);
		nlh = msg_start(IPSEC_LATCH_CMD_TEMPLATE_ADD);
		assert_int_equal(ipl_tmpl_put(nlh, sizeof(msgbuf), &req), 0);
		genl_walk_nest(nlh, IPSEC_LATCH_A_TEMPLATE, &s);
		for (j = 0; j < s.n; j++) {
			assert_int_not_equal(s.type[j], IPSEC_LATCH_TMPL_A_ID);
			assert_true(s.type[j] <= IPSEC_LATCH_TMPL_A_FALLBACK_MS);
		}
		assert_int_equal(ipl_tmpl_msg_parse(nlh, &back), 0);
		assert_int_equal(ipl_tmpl_compare(&back, &have),
				 IPL_TMPL_SAME);
		assert_int_equal(back.family, specs[i]->af);
	}
	/* bypass-or-protect keeps its fallback */
	have = have_of(&listener_v6);
	ipl_tmpl_request(&have, &req);
	assert_true(ipl_tmpl_has(&req, IPSEC_LATCH_TMPL_A_FALLBACK_MS));
	assert_int_equal(req.fallback_ms, 3000);
}

/* How to add a lost template again, as a message says it. */
static void test_args(void **state)
{
	struct ipl_tmpl t;
	char buf[256], small[24];

	(void)state;
	t = have_of(&listener_any);
	assert_string_equal(ipl_tmpl_args(&t, buf, sizeof(buf)),
			    "listener proto tcp lport 80 action protect");
	t = have_of(&listener_v6);
	assert_string_equal(ipl_tmpl_args(&t, buf, sizeof(buf)),
			    "listener proto udp local 2001:db8::1 lport 53 action bypass-or-protect fallback 3000");
	t = have_of(&connector);
	assert_string_equal(ipl_tmpl_args(&t, buf, sizeof(buf)),
			    "connector proto tcp local 192.0.2.1 lport 40000 remote 192.0.2.2 rport 443 action protect");
	t = have_of(&connector_any);
	assert_string_equal(ipl_tmpl_args(&t, buf, sizeof(buf)),
			    "connector proto tcp remote 192.0.2.2 rport 2049 action bypass-or-protect fallback 2000");
	/* cut, never past the end */
	assert_string_equal(ipl_tmpl_args(&t, small, sizeof(small)),
			    "connector proto tcp rem");
}

static void test_names(void **state)
{
	char buf[IPL_LABEL_LEN];
	uint8_t v = 99;

	(void)state;
	assert_string_equal(ipl_tmpl_kind_label(IPSEC_LATCH_TMPL_LISTENER, buf,
						sizeof(buf)), "listener");
	assert_string_equal(ipl_tmpl_kind_label(IPSEC_LATCH_TMPL_CONNECTOR,
						buf, sizeof(buf)),
			    "connector");
	assert_string_equal(ipl_tmpl_kind_label(2, buf, sizeof(buf)),
			    "kind_2");
	assert_int_equal(ipl_tmpl_kind_parse("connector", &v), 0);
	assert_int_equal(v, IPSEC_LATCH_TMPL_CONNECTOR);
	assert_int_equal(ipl_tmpl_kind_parse("Listener", &v), -1);

	assert_string_equal(ipl_action_label(IPSEC_LATCH_ACTION_PROTECT, buf,
					     sizeof(buf)), "protect");
	assert_string_equal(ipl_action_label(IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT,
					     buf, sizeof(buf)),
			    "bypass-or-protect");
	assert_string_equal(ipl_action_label(IPSEC_LATCH_ACTION_BYPASS, buf,
					     sizeof(buf)), "bypass");
	assert_string_equal(ipl_action_label(3, buf, sizeof(buf)), "action_3");
	assert_int_equal(ipl_tmpl_action_parse("protect", &v), 0);
	assert_int_equal(v, IPSEC_LATCH_ACTION_PROTECT);
	assert_int_equal(ipl_tmpl_action_parse("bypass-or-protect", &v), 0);
	assert_int_equal(v, IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT);
	/* an outcome, not something to ask for */
	assert_int_equal(ipl_tmpl_action_parse("bypass", &v), -1);

	assert_string_equal(ipl_l4proto_label(IPPROTO_TCP, buf, sizeof(buf)),
			    "tcp");
	assert_string_equal(ipl_l4proto_label(IPPROTO_UDP, buf, sizeof(buf)),
			    "udp");
	assert_string_equal(ipl_l4proto_label(IPPROTO_ICMP, buf, sizeof(buf)),
			    "proto_1");
	assert_int_equal(ipl_l4proto_parse("udp", &v), 0);
	assert_int_equal(v, IPPROTO_UDP);
	assert_int_equal(ipl_l4proto_parse("icmp", &v), -1);
	assert_int_equal(ipl_l4proto_parse("17", &v), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dump_and_render),
		cmocka_unit_test(test_any_addresses),
		cmocka_unit_test(test_add_reply),
		cmocka_unit_test(test_unknown_and_missing),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_add_request),
		cmocka_unit_test(test_add_request_listener_any),
		cmocka_unit_test(test_add_request_connector_any),
		cmocka_unit_test(test_del_request),
		cmocka_unit_test(test_request_too_long),
		cmocka_unit_test(test_added),
		cmocka_unit_test(test_per_family),
		cmocka_unit_test(test_restore_request),
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_compare_fallback),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
