// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ipsec-latchctl's resolution parsing and rendering
 * (tools/ipsec-latchctl/resolution.c, resolution_print.c, names.c), fed
 * with GET_RESOLUTIONS dump messages and RES_EVENT notifications built
 * here with libmnl the way the module builds them.
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
#include <linux/xfrm.h>

#include "capture.h"
#include "genl_msg.h"
#include "names.h"
#include "resolution.h"

static char msgbuf[16384];

static struct nlmsghdr *msg_start(uint8_t cmd)
{
	return genl_msg_start(msgbuf, sizeof(msgbuf), cmd);
}

struct res_spec {
	int af;
	const char *dst, *src;
	uint8_t proto, mode, state;
	uint32_t reqid, waiters, pkts, bytes, error, if_id, mark;
	uint64_t age_ms, drops;
};

/* A complete A_RES nest, every attribute the module sends. */
static void put_res(struct nlmsghdr *nlh, const struct res_spec *s)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_RES);
	const uint16_t pad = IPSEC_LATCH_RES_A_PAD;

	mnl_attr_put_u16(nlh, IPSEC_LATCH_RES_A_FAMILY, s->af);
	genl_put_addr(nlh, IPSEC_LATCH_RES_A_DADDR, s->af, s->dst);
	genl_put_addr(nlh, IPSEC_LATCH_RES_A_SADDR, s->af, s->src);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_RES_A_PROTO, s->proto);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_RES_A_MODE, s->mode);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_RES_A_REQID, s->reqid);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_RES_A_STATE, s->state);
	genl_put_u64_pad(nlh, pad, IPSEC_LATCH_RES_A_AGE_MS, s->age_ms);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_RES_A_WAITERS, s->waiters);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_RES_A_QUEUED_PACKETS, s->pkts);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_RES_A_QUEUED_BYTES, s->bytes);
	genl_put_u64_pad(nlh, pad, IPSEC_LATCH_RES_A_DROPS, s->drops);
	if (s->state == IPSEC_LATCH_RES_FAILED)
		mnl_attr_put_u32(nlh, IPSEC_LATCH_RES_A_ERROR, s->error);
	if (s->if_id)
		mnl_attr_put_u32(nlh, IPSEC_LATCH_RES_A_IF_ID, s->if_id);
	if (s->mark)
		mnl_attr_put_u32(nlh, IPSEC_LATCH_RES_A_MARK, s->mark);
	mnl_attr_nest_end(nlh, nest);
}

static const struct res_spec v4_pending = {
	.af = AF_INET, .dst = "192.0.2.2", .src = "192.0.2.1",
	.proto = IPPROTO_ESP, .mode = XFRM_MODE_TRANSPORT, .reqid = 1,
	.state = IPSEC_LATCH_RES_PENDING, .age_ms = 1234, .waiters = 1,
	.pkts = 3, .bytes = 2304, .drops = 0,
};

static const struct res_spec v6_failed = {
	.af = AF_INET6, .dst = "2001:db8::3", .src = "2001:db8::1",
	.proto = IPPROTO_AH, .mode = XFRM_MODE_TUNNEL, .reqid = 2,
	.state = IPSEC_LATCH_RES_FAILED, .age_ms = 2500, .waiters = 0,
	.pkts = 0, .bytes = 0, .drops = 7, .error = EHOSTUNREACH,
};

static struct nlmsghdr *dump_msg(const struct res_spec *s)
{
	struct nlmsghdr *nlh = msg_start(IPSEC_LATCH_CMD_GET_RESOLUTIONS);

	put_res(nlh, s);
	return nlh;
}

static struct nlmsghdr *event_msg(uint32_t event, const struct res_spec *s)
{
	struct nlmsghdr *nlh = msg_start(IPSEC_LATCH_CMD_RES_EVENT);

	mnl_attr_put_u32(nlh, IPSEC_LATCH_A_EVENT, event);
	if (s)
		put_res(nlh, s);
	return nlh;
}

/* Render into a string (ev NULL: the list v); the caller frees it. */
static char *render(bool json, const struct ipl_res *v, size_t n,
		    const struct ipl_res_event *ev)
{
	struct capture c;
	FILE *f = capture_open(&c);

	if (ev)
		assert_int_equal(ipl_res_event_print(f, json, NULL, ev), 0);
	else
		assert_int_equal(ipl_res_print(f, json, v, n), 0);
	return capture_close(&c);
}

static void check_list(const struct ipl_res *v, size_t n, bool json,
		       const char *want)
{
	char *got = render(json, v, n, NULL);

	assert_string_equal(got, want);
	free(got);
}

static void check_event(const struct ipl_res_event *ev, bool json,
			const char *want)
{
	char *got = render(json, NULL, 0, ev);

	assert_string_equal(got, want);
	free(got);
}

#define V4_PENDING_JSON \
	"{\"dst\":\"192.0.2.2\",\"src\":\"192.0.2.1\",\"family\":\"inet\"," \
	"\"proto\":\"esp\",\"mode\":\"transport\",\"reqid\":1," \
	"\"state\":\"pending\",\"age_ms\":1234,\"waiters\":1," \
	"\"queued_packets\":3,\"queued_bytes\":2304,\"drops\":0," \
	"\"error\":null,\"if_id\":0,\"mark\":0}"

#define V6_FAILED_JSON \
	"{\"dst\":\"2001:db8::3\",\"src\":\"2001:db8::1\"," \
	"\"family\":\"inet6\",\"proto\":\"ah\",\"mode\":\"tunnel\"," \
	"\"reqid\":2," \
	"\"state\":\"failed\",\"age_ms\":2500,\"waiters\":0," \
	"\"queued_packets\":0,\"queued_bytes\":0,\"drops\":7," \
	"\"error\":\"EHOSTUNREACH\",\"if_id\":0,\"mark\":0}"

static void test_dump_ipv4_pending(void **state)
{
	struct ipl_res r;
	uint8_t want_dst[4] = { 192, 0, 2, 2 };

	(void)state;
	assert_int_equal(ipl_res_msg_parse(dump_msg(&v4_pending), &r), 0);
	assert_true(ipl_res_has(&r, IPSEC_LATCH_RES_A_DADDR));
	assert_false(ipl_res_has(&r, IPSEC_LATCH_RES_A_ERROR));
	assert_false(ipl_res_has(&r, IPSEC_LATCH_RES_A_PAD));
	assert_int_equal(r.daddr.len, 4);
	assert_memory_equal(r.daddr.bytes, want_dst, 4);
	assert_int_equal(r.reqid, 1);
	assert_int_equal(r.age_ms, 1234);
	assert_int_equal(r.queued_bytes, 2304);

	check_list(&r, 1, false,
		   "192.0.2.2 192.0.2.1 esp transport 1 pending 1.2s 1 3/2304 0\n");
	check_list(&r, 1, true, "[" V4_PENDING_JSON "]\n");
}

static void test_dump_ipv6_failed(void **state)
{
	struct ipl_res r;

	(void)state;
	assert_int_equal(ipl_res_msg_parse(dump_msg(&v6_failed), &r), 0);
	assert_int_equal(r.daddr.len, 16);
	assert_int_equal(r.saddr.len, 16);
	assert_int_equal(r.error, EHOSTUNREACH);

	check_list(&r, 1, false,
		   "2001:db8::3 2001:db8::1 ah tunnel 2 failed 2.5s 0 0/0 7 EHOSTUNREACH\n");
	check_list(&r, 1, true, "[" V6_FAILED_JSON "]\n");
}

static void test_list_several_and_empty(void **state)
{
	struct ipl_res v[2];

	(void)state;
	assert_int_equal(ipl_res_msg_parse(dump_msg(&v4_pending), &v[0]), 0);
	assert_int_equal(ipl_res_msg_parse(dump_msg(&v6_failed), &v[1]), 0);
	check_list(v, 2, false,
		   "192.0.2.2 192.0.2.1 esp transport 1 pending 1.2s 1 3/2304 0\n"
		   "2001:db8::3 2001:db8::1 ah tunnel 2 failed 2.5s 0 0/0 7 EHOSTUNREACH\n");
	check_list(v, 2, true,
		   "[" V4_PENDING_JSON "," V6_FAILED_JSON "]\n");
	check_list(NULL, 0, false, "");
	check_list(NULL, 0, true, "[]\n");
}

/*
 * A newer (or odd) module: unknown attributes ignored at both levels,
 * other integer widths read, unreadable sizes left absent, unknown
 * numbers shown under generic names.
 */
static void test_unknown_attrs_and_values(void **state)
{
	struct nlmsghdr *nlh = msg_start(IPSEC_LATCH_CMD_GET_RESOLUTIONS);
	uint8_t odd[3] = { 1, 2, 3 };
	struct nlattr *nest;
	struct ipl_res r;

	(void)state;
	mnl_attr_put_u32(nlh, 99, 7);			/* top level */
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_RES);
	mnl_attr_put_u32(nlh, 200, 1);			/* in the nest */
	mnl_attr_put(nlh, 31, sizeof(odd), odd);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_RES_A_UNSPEC, 5);
	genl_put_addr(nlh, IPSEC_LATCH_RES_A_DADDR, AF_INET, "198.51.100.7");
	mnl_attr_put(nlh, IPSEC_LATCH_RES_A_SADDR, 5, "abcde");	/* bad */
	mnl_attr_put_u8(nlh, IPSEC_LATCH_RES_A_PROTO, IPPROTO_UDP);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_RES_A_MODE, 9);
	mnl_attr_put_u64(nlh, IPSEC_LATCH_RES_A_REQID, 1ULL << 40);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_RES_A_STATE, 7);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_RES_A_AGE_MS, 50);	/* u32 */
	mnl_attr_put(nlh, IPSEC_LATCH_RES_A_WAITERS, 3, odd);	/* bad */
	mnl_attr_put_u16(nlh, IPSEC_LATCH_RES_A_QUEUED_PACKETS, 2);
	mnl_attr_put_u64(nlh, IPSEC_LATCH_RES_A_QUEUED_BYTES, 4096);
	mnl_attr_put_u64(nlh, IPSEC_LATCH_RES_A_DROPS, UINT64_MAX);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_RES_A_ERROR, 100000);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_strz(nlh, 100, "later");

	assert_int_equal(ipl_res_msg_parse(nlh, &r), 0);
	assert_false(ipl_res_has(&r, IPSEC_LATCH_RES_A_SADDR));
	assert_false(ipl_res_has(&r, IPSEC_LATCH_RES_A_WAITERS));
	assert_false(ipl_res_has(&r, IPSEC_LATCH_RES_A_FAMILY));
	assert_false(ipl_res_has(&r, IPSEC_LATCH_RES_A_UNSPEC));
	assert_false(ipl_res_has(&r, 31));

	check_list(&r, 1, false,
		   "198.51.100.7 - proto_17 mode_9 1099511627776 state_7 0.1s - 2/4096 18446744073709551615 errno_100000\n");
	check_list(&r, 1, true,
		   "[{\"dst\":\"198.51.100.7\",\"src\":null,\"family\":\"inet\","
		   "\"proto\":\"proto_17\",\"mode\":\"mode_9\","
		   "\"reqid\":1099511627776,"
		   "\"state\":\"state_7\","
		   "\"age_ms\":50,\"waiters\":null,\"queued_packets\":2,"
		   "\"queued_bytes\":4096,\"drops\":18446744073709551615,"
		   "\"error\":\"errno_100000\",\"if_id\":0,\"mark\":0}]\n");
}

/* An xfrm interface's resolution: if_id and mark follow, by keyword. */
static void test_if_id_and_mark(void **state)
{
	struct res_spec s = v4_pending;
	struct ipl_res_event ev;
	struct ipl_res r;

	(void)state;
	s.if_id = 2;
	s.mark = 0x2a;
	assert_int_equal(ipl_res_msg_parse(dump_msg(&s), &r), 0);
	assert_int_equal(r.if_id, 2);
	check_list(&r, 1, false,
		   "192.0.2.2 192.0.2.1 esp transport 1 pending 1.2s 1 3/2304 0 if_id 2 mark 0x2a\n");
	ev = (struct ipl_res_event){ .has_event = true,
				     .event = IPSEC_LATCH_EVENT_RESOLVED,
				     .has_res = true, .res = r };
	check_event(&ev, false,
		    "resolved 192.0.2.2 192.0.2.1 esp transport reqid 1 if_id 2 mark 0x2a after 1.23s\n");
	check_event(&ev, true,
		    "{\"schema\":1,\"event\":\"resolved\",\"dst\":\"192.0.2.2\","
		    "\"src\":\"192.0.2.1\",\"family\":\"inet\",\"proto\":\"esp\","
		    "\"mode\":\"transport\",\"reqid\":1,"
		    "\"state\":\"pending\","
		    "\"age_ms\":1234,\"waiters\":1,\"queued_packets\":3,"
		    "\"queued_bytes\":2304,\"drops\":0,\"error\":null,\"if_id\":2,\"mark\":42}\n");
}

/* Only what must be there to be useful; the rest shows as "-" / null. */
static void test_missing_optional_attrs(void **state)
{
	struct nlmsghdr *nlh = msg_start(IPSEC_LATCH_CMD_GET_RESOLUTIONS);
	struct nlattr *nest;
	struct ipl_res r;

	(void)state;
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_RES);
	genl_put_addr(nlh, IPSEC_LATCH_RES_A_DADDR, AF_INET6, "2001:db8::9");
	mnl_attr_put_u8(nlh, IPSEC_LATCH_RES_A_STATE, IPSEC_LATCH_RES_RESOLVED);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_RES_A_ERROR, 0);	/* no error */
	mnl_attr_nest_end(nlh, nest);

	assert_int_equal(ipl_res_msg_parse(nlh, &r), 0);
	check_list(&r, 1, false, "2001:db8::9 - - - - resolved - - -/- -\n");
	check_list(&r, 1, true,
		   "[{\"dst\":\"2001:db8::9\",\"src\":null,\"family\":\"inet6\","
		   "\"proto\":null,\"mode\":null,\"reqid\":null,"
		   "\"state\":\"resolved\",\"age_ms\":null,\"waiters\":null,"
		   "\"queued_packets\":null,\"queued_bytes\":null,"
		   "\"drops\":null,\"error\":null,\"if_id\":0,\"mark\":0}]\n");

	/* an empty nest */
	nlh = msg_start(IPSEC_LATCH_CMD_GET_RESOLUTIONS);
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_RES);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(ipl_res_msg_parse(nlh, &r), 0);
	assert_int_equal(r.present, 0);
	check_list(&r, 1, false, "- - - - - - - - -/- -\n");
}

static void test_event_resolved(void **state)
{
	struct res_spec s = v4_pending;
	struct ipl_res_event ev;

	(void)state;
	s.state = IPSEC_LATCH_RES_RESOLVED;
	s.age_ms = 1025;
	assert_int_equal(ipl_res_event_parse(event_msg(IPSEC_LATCH_EVENT_RESOLVED,
						       &s), &ev), 0);
	assert_true(ev.has_event);
	assert_true(ev.has_res);
	assert_int_equal(ev.event, IPSEC_LATCH_EVENT_RESOLVED);

	check_event(&ev, false,
		    "resolved 192.0.2.2 192.0.2.1 esp transport reqid 1 after 1.03s\n");
	check_event(&ev, true,
		    "{\"schema\":1,\"event\":\"resolved\",\"dst\":\"192.0.2.2\","
		    "\"src\":\"192.0.2.1\",\"family\":\"inet\",\"proto\":\"esp\","
		    "\"mode\":\"transport\",\"reqid\":1,"
		    "\"state\":\"resolved\","
		    "\"age_ms\":1025,\"waiters\":1,\"queued_packets\":3,"
		    "\"queued_bytes\":2304,\"drops\":0,\"error\":null,\"if_id\":0,\"mark\":0}\n");
}

static void test_event_failed_ipv6(void **state)
{
	struct res_spec s = v6_failed;
	struct ipl_res_event ev;

	(void)state;
	s.proto = IPPROTO_ESP;
	s.mode = XFRM_MODE_TRANSPORT;
	assert_int_equal(ipl_res_event_parse(event_msg(IPSEC_LATCH_EVENT_FAILED,
						       &s), &ev), 0);
	check_event(&ev, false,
		    "failed 2001:db8::3 2001:db8::1 esp transport reqid 2 after 2.50s: EHOSTUNREACH\n");
	check_event(&ev, true,
		    "{\"schema\":1,\"event\":\"failed\",\"dst\":\"2001:db8::3\","
		    "\"src\":\"2001:db8::1\",\"family\":\"inet6\","
		    "\"proto\":\"esp\",\"mode\":\"transport\",\"reqid\":2,"
		    "\"state\":\"failed\",\"age_ms\":2500,\"waiters\":0,"
		    "\"queued_packets\":0,\"queued_bytes\":0,\"drops\":7,"
		    "\"error\":\"EHOSTUNREACH\",\"if_id\":0,\"mark\":0}\n");
}

/* Unknown event types and events without A_EVENT or A_RES still print. */
static void test_event_generic(void **state)
{
	struct res_spec s = v4_pending;
	struct ipl_res_event ev;
	struct nlmsghdr *nlh;

	(void)state;
	s.mode = XFRM_MODE_BEET;
	s.proto = IPPROTO_COMP;
	s.age_ms = 7;
	assert_int_equal(ipl_res_event_parse(event_msg(99, &s), &ev), 0);
	check_event(&ev, false,
		    "event_99 192.0.2.2 192.0.2.1 comp beet reqid 1 after 0.01s\n");

	/* no A_RES */
	assert_int_equal(ipl_res_event_parse(event_msg(IPSEC_LATCH_EVENT_RESOLVED,
						       NULL), &ev), 0);
	assert_false(ev.has_res);
	check_event(&ev, false, "resolved - - - - reqid - after -\n");
	check_event(&ev, true,
		    "{\"schema\":1,\"event\":\"resolved\",\"dst\":null,\"src\":null,"
		    "\"family\":null,\"proto\":null,\"mode\":null,"
		    "\"reqid\":null,"
		    "\"state\":null,\"age_ms\":null,"
		    "\"waiters\":null,\"queued_packets\":null,"
		    "\"queued_bytes\":null,\"drops\":null,\"error\":null,\"if_id\":0,\"mark\":0}\n");

	/* no A_EVENT, unknown top-level attribute, u8 event is fine too */
	nlh = msg_start(IPSEC_LATCH_CMD_RES_EVENT);
	mnl_attr_put_u64(nlh, 77, 1);
	put_res(nlh, &s);
	assert_int_equal(ipl_res_event_parse(nlh, &ev), 0);
	assert_false(ev.has_event);
	check_event(&ev, false,
		    "event_0 192.0.2.2 192.0.2.1 comp beet reqid 1 after 0.01s\n");

	nlh = msg_start(IPSEC_LATCH_CMD_RES_EVENT);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_A_EVENT, IPSEC_LATCH_EVENT_FAILED);
	assert_int_equal(ipl_res_event_parse(nlh, &ev), 0);
	assert_int_equal(ev.event, IPSEC_LATCH_EVENT_FAILED);
}

/* Ages: rounded to 0.1 s in lists, 0.01 s in events, never overflowing. */
static void test_age_rounding(void **state)
{
	static const struct {
		uint64_t ms;
		const char *list, *event;
	} cases[] = {
		{ 0,		"0.0s",	"0.00s" },
		{ 4,		"0.0s",	"0.00s" },
		{ 5,		"0.0s",	"0.01s" },
		{ 49,		"0.0s",	"0.05s" },
		{ 50,		"0.1s",	"0.05s" },
		{ 999,		"1.0s",	"1.00s" },
		{ 1249,		"1.2s",	"1.25s" },
		{ 1250,		"1.3s",	"1.25s" },
		{ 61234,	"61.2s", "61.23s" },
		{ UINT64_MAX,	"18446744073709551.6s",
				"18446744073709551.62s" },
	};
	struct res_spec s = v4_pending;
	struct ipl_res_event ev;
	char want[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s.age_ms = cases[i].ms;
		assert_int_equal(ipl_res_event_parse(event_msg(1, &s), &ev), 0);
		snprintf(want, sizeof(want),
			 "192.0.2.2 192.0.2.1 esp transport 1 pending %s 1 3/2304 0\n",
			 cases[i].list);
		check_list(&ev.res, 1, false, want);
		snprintf(want, sizeof(want),
			 "resolved 192.0.2.2 192.0.2.1 esp transport reqid 1 after %s\n",
			 cases[i].event);
		check_event(&ev, false, want);
	}
}

static void test_malformed(void **state)
{
	struct ipl_res_event ev;
	struct nlmsghdr *nlh;
	struct ipl_res r;

	(void)state;
	/* no room for the genetlink header */
	nlh = mnl_nlmsg_put_header(msgbuf);
	assert_ebadmsg(ipl_res_event_parse(nlh, &ev));
	assert_ebadmsg(ipl_res_msg_parse(nlh, &r));

	/* a dump message without a resolution */
	nlh = msg_start(IPSEC_LATCH_CMD_GET_RESOLUTIONS);
	mnl_attr_put_u32(nlh, 99, 1);
	assert_ebadmsg(ipl_res_msg_parse(nlh, &r));

	/* A_RES too short to be a nest */
	nlh = msg_start(IPSEC_LATCH_CMD_RES_EVENT);
	mnl_attr_put_u16(nlh, IPSEC_LATCH_A_RES, 1);
	assert_ebadmsg(ipl_res_event_parse(nlh, &ev));

	/* event number of no integer size */
	nlh = msg_start(IPSEC_LATCH_CMD_RES_EVENT);
	mnl_attr_put(nlh, IPSEC_LATCH_A_EVENT, 3, "abc");
	assert_ebadmsg(ipl_res_event_parse(nlh, &ev));
}

static void test_names(void **state)
{
	char buf[IPL_LABEL_LEN];
	uint32_t mode = 99;

	(void)state;
	assert_string_equal(ipl_res_state_label(IPSEC_LATCH_RES_PENDING, buf,
						sizeof(buf)), "pending");
	assert_string_equal(ipl_res_state_label(IPSEC_LATCH_RES_RESOLVED, buf,
						sizeof(buf)), "resolved");
	assert_string_equal(ipl_res_state_label(IPSEC_LATCH_RES_FAILED, buf,
						sizeof(buf)), "failed");
	assert_string_equal(ipl_event_label(IPSEC_LATCH_EVENT_RESOLVED, buf,
					    sizeof(buf)), "resolved");
	assert_string_equal(ipl_event_label(IPSEC_LATCH_EVENT_FAILED, buf,
					    sizeof(buf)), "failed");
	assert_string_equal(ipl_event_label(IPSEC_LATCH_EVENT_UNSPEC, buf,
					    sizeof(buf)), "event_0");
	assert_string_equal(ipl_event_label(UINT64_MAX, buf, sizeof(buf)),
			    "event_18446744073709551615");
	assert_string_equal(ipl_family_label(UINT64_MAX, buf, sizeof(buf)),
			    "family_18446744073709551615");
	assert_string_equal(ipl_xfrm_mode_label(XFRM_MODE_ROUTEOPTIMIZATION,
						buf, sizeof(buf)), "ro");
	assert_string_equal(ipl_xfrm_mode_label(XFRM_MODE_IN_TRIGGER, buf,
						sizeof(buf)), "in_trigger");
	assert_string_equal(ipl_xfrm_mode_label(XFRM_MODE_MAX, buf,
						sizeof(buf)), "mode_5");
	assert_string_equal(ipl_errno_label(ETIMEDOUT, buf, sizeof(buf)),
			    "ETIMEDOUT");
	assert_string_equal(ipl_errno_label(EAGAIN, buf, sizeof(buf)),
			    "EAGAIN");
	assert_string_equal(ipl_errno_label(1ULL << 32, buf, sizeof(buf)),
			    "errno_4294967296");

	/* latch modes: names, parsing, the choices the usage lists */
	assert_string_equal(ipl_mode_name(IPSEC_LATCH_MODE_OFF), "off");
	assert_string_equal(ipl_mode_name(IPSEC_LATCH_MODE_QUEUE), "queue");
	assert_string_equal(ipl_mode_name(IPSEC_LATCH_MODE_WAIT), "wait");
	assert_null(ipl_mode_name(3));
	assert_string_equal(ipl_mode_label(3, buf, sizeof(buf)), "mode_3");
	assert_int_equal(ipl_mode_parse("queue", &mode), 0);
	assert_int_equal(mode, IPSEC_LATCH_MODE_QUEUE);
	assert_int_equal(ipl_mode_parse("wait", &mode), 0);
	assert_int_equal(mode, IPSEC_LATCH_MODE_WAIT);
	assert_int_equal(ipl_mode_parse("off", &mode), 0);
	assert_int_equal(mode, IPSEC_LATCH_MODE_OFF);
	assert_int_equal(ipl_mode_parse("WAIT", &mode), -1);
	assert_int_equal(ipl_mode_parse("", &mode), -1);
	assert_int_equal(ipl_mode_parse("mode_2", &mode), -1);
	assert_string_equal(IPL_MODE_CHOICES, "off, queue, wait");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dump_ipv4_pending),
		cmocka_unit_test(test_dump_ipv6_failed),
		cmocka_unit_test(test_list_several_and_empty),
		cmocka_unit_test(test_unknown_attrs_and_values),
		cmocka_unit_test(test_missing_optional_attrs),
		cmocka_unit_test(test_if_id_and_mark),
		cmocka_unit_test(test_event_resolved),
		cmocka_unit_test(test_event_failed_ipv6),
		cmocka_unit_test(test_event_generic),
		cmocka_unit_test(test_age_rounding),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
