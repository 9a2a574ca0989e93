// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ipsec-latchctl's latches (tools/ipsec-latchctl/latch.c,
 * latch_print.c, names.c): GET_LATCHES dump messages and LATCH_EVENT
 * notifications built here with libmnl the way the module builds them;
 * their text and JSON for "latch list", "monitor" and "who"; the A_FILTER
 * nest of GET_LATCHES requests; and the client-side filter check.
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
#include "latch.h"
#include "names.h"

static char msgbuf[16384];

static struct nlmsghdr *msg_start(uint8_t cmd)
{
	return genl_msg_start(msgbuf, sizeof(msgbuf), cmd);
}

struct qop_spec {
	uint8_t xproto, mode;
	uint32_t reqid;
	const char *peer;
	const char *enc, *auth, *aead;		/* NULL: absent */
	uint32_t enc_bits, auth_bits, aead_bits, icv_bits;
	uint32_t spi_in, spi_out;
};

struct latch_spec {
	int af;
	uint8_t proto, state, action, id_source;
	const char *local, *remote;
	uint16_t lport, rport;
	uint32_t template_id;
	const char *peer_id;			/* NULL: absent */
	const struct qop_spec *qop;		/* NULL: absent */
	uint64_t age_ms, idle_ms, pkts_in, pkts_out, drops_in, drops_out;
	uint32_t broken, memory;
	bool has_decision;			/* false: an older module */
	uint8_t decision;
	bool bypass_spd;
};

static void put_qop(struct nlmsghdr *nlh, const struct qop_spec *q, int af)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_LATCH_A_QOP);

	mnl_attr_put_u8(nlh, IPSEC_LATCH_QOP_A_XFRM_PROTO, q->xproto);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_QOP_A_MODE, q->mode);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_QOP_A_REQID, q->reqid);
	genl_put_addr(nlh, IPSEC_LATCH_QOP_A_PEER, af, q->peer);
	if (q->enc) {
		mnl_attr_put_strz(nlh, IPSEC_LATCH_QOP_A_ENC_ALG, q->enc);
		mnl_attr_put_u32(nlh, IPSEC_LATCH_QOP_A_ENC_BITS, q->enc_bits);
	}
	if (q->auth) {
		mnl_attr_put_strz(nlh, IPSEC_LATCH_QOP_A_AUTH_ALG, q->auth);
		mnl_attr_put_u32(nlh, IPSEC_LATCH_QOP_A_AUTH_BITS,
				 q->auth_bits);
	}
	if (q->aead) {
		mnl_attr_put_strz(nlh, IPSEC_LATCH_QOP_A_AEAD_ALG, q->aead);
		mnl_attr_put_u32(nlh, IPSEC_LATCH_QOP_A_AEAD_BITS,
				 q->aead_bits);
		mnl_attr_put_u32(nlh, IPSEC_LATCH_QOP_A_ICV_BITS, q->icv_bits);
	}
	mnl_attr_put_u32(nlh, IPSEC_LATCH_QOP_A_SPI_IN, q->spi_in);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_QOP_A_SPI_OUT, q->spi_out);
	mnl_attr_nest_end(nlh, nest);
}

/* A complete A_LATCH nest, every attribute the module sends. */
static void put_latch(struct nlmsghdr *nlh, const struct latch_spec *s)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_LATCH);
	const uint16_t pad = IPSEC_LATCH_LATCH_A_PAD;

	mnl_attr_put_u8(nlh, IPSEC_LATCH_LATCH_A_FAMILY, s->af);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_LATCH_A_PROTO, s->proto);
	genl_put_addr(nlh, IPSEC_LATCH_LATCH_A_LOCAL_ADDR, s->af, s->local);
	mnl_attr_put_u16(nlh, IPSEC_LATCH_LATCH_A_LOCAL_PORT, s->lport);
	genl_put_addr(nlh, IPSEC_LATCH_LATCH_A_REMOTE_ADDR, s->af,
		      s->remote);
	mnl_attr_put_u16(nlh, IPSEC_LATCH_LATCH_A_REMOTE_PORT, s->rport);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_LATCH_A_STATE, s->state);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_LATCH_A_ACTION, s->action);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_LATCH_A_TEMPLATE_ID, s->template_id);
	if (s->peer_id) {
		mnl_attr_put_strz(nlh, IPSEC_LATCH_LATCH_A_PEER_ID, s->peer_id);
		mnl_attr_put_u8(nlh, IPSEC_LATCH_LATCH_A_ID_SOURCE,
				s->id_source);
	}
	if (s->qop)
		put_qop(nlh, s->qop, s->af);
	genl_put_u64_pad(nlh, pad, IPSEC_LATCH_LATCH_A_AGE_MS, s->age_ms);
	genl_put_u64_pad(nlh, pad, IPSEC_LATCH_LATCH_A_IDLE_MS, s->idle_ms);
	genl_put_u64_pad(nlh, pad, IPSEC_LATCH_LATCH_A_PACKETS_IN, s->pkts_in);
	genl_put_u64_pad(nlh, pad, IPSEC_LATCH_LATCH_A_PACKETS_OUT,
			 s->pkts_out);
	genl_put_u64_pad(nlh, pad, IPSEC_LATCH_LATCH_A_DROPS_IN, s->drops_in);
	genl_put_u64_pad(nlh, pad, IPSEC_LATCH_LATCH_A_DROPS_OUT,
			 s->drops_out);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_LATCH_A_BROKEN, s->broken);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_LATCH_A_MEMORY, s->memory);
	if (s->has_decision)
		mnl_attr_put_u8(nlh, IPSEC_LATCH_LATCH_A_DECISION, s->decision);
	if (s->bypass_spd)	/* NLA_FLAG: no payload */
		mnl_attr_put(nlh, IPSEC_LATCH_LATCH_A_BYPASS_SPD, 0, NULL);
	mnl_attr_nest_end(nlh, nest);
}

static const struct qop_spec qop_gcm = {
	.xproto = IPPROTO_ESP, .mode = XFRM_MODE_TRANSPORT, .reqid = 1,
	.peer = "192.0.2.2", .aead = "rfc4106(gcm(aes))", .aead_bits = 128,
	.icv_bits = 128, .spi_in = 0xc0ffee01, .spi_out = 0xabcd,
};

static const struct qop_spec qop_cbc_v6 = {
	.xproto = IPPROTO_ESP, .mode = XFRM_MODE_TUNNEL, .reqid = 7,
	.peer = "2001:db8::fe", .enc = "cbc(aes)", .enc_bits = 256,
	.auth = "hmac(sha256)", .auth_bits = 256, .spi_in = 0x1000,
	.spi_out = 0x2000,
};

/* The example of the man page: a TCP flow bound to bob by IKE. */
static const struct latch_spec v4_ike = {
	.af = AF_INET, .proto = IPPROTO_TCP,
	.local = "192.0.2.1", .lport = 40000,
	.remote = "192.0.2.2", .rport = 80,
	.state = IPSEC_LATCH_STATE_ESTABLISHED,
	.action = IPSEC_LATCH_ACTION_PROTECT, .template_id = 3,
	.peer_id = "bob.example", .id_source = IPSEC_LATCH_ID_IKE,
	.qop = &qop_gcm, .age_ms = 12345, .idle_ms = 120,
	.pkts_in = 10, .pkts_out = 12, .broken = 0, .memory = 512,
	.has_decision = true, .decision = IPSEC_LATCH_DECISION_PROTECTED,
};

/* Transparent mode, derived identity, broken, IPv6; no decision sent. */
static const struct latch_spec v6_derived = {
	.af = AF_INET6, .proto = IPPROTO_UDP,
	.local = "2001:db8::1", .lport = 5353,
	.remote = "2001:db8::2", .rport = 53,
	.state = IPSEC_LATCH_STATE_BROKEN,
	.action = IPSEC_LATCH_ACTION_PROTECT, .template_id = 0,
	.peer_id = "2001:db8::fe reqid 7", .id_source = IPSEC_LATCH_ID_DERIVED,
	.qop = &qop_cbc_v6, .age_ms = 61234, .idle_ms = 5,
	.pkts_in = 1, .pkts_out = 2, .drops_in = 3, .drops_out = 4,
	.broken = 2, .memory = 448,
};

/*
 * BYPASS-OR-PROTECT that latched in the clear, its first packet having
 * come in clear, with BYPASS SPD entries: no peer, no QoP.
 */
static const struct latch_spec v4_bypass = {
	.af = AF_INET, .proto = IPPROTO_TCP,
	.local = "192.0.2.1", .lport = 2049,
	.remote = "192.0.2.9", .rport = 700,
	.state = IPSEC_LATCH_STATE_ESTABLISHED,
	.action = IPSEC_LATCH_ACTION_BYPASS, .template_id = 4,
	.memory = 512,
	.has_decision = true, .decision = IPSEC_LATCH_DECISION_CLEAR_IN,
	.bypass_spd = true,
};

/* BYPASS-OR-PROTECT whose first packet waits for an SA (initiator). */
static const struct latch_spec v6_pending = {
	.af = AF_INET6, .proto = IPPROTO_TCP,
	.local = "2001:db8::1", .lport = 40100,
	.remote = "2001:db8::2", .rport = 2049,
	.state = IPSEC_LATCH_STATE_LARVAL,
	.action = IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT, .template_id = 0,
	.age_ms = 700, .memory = 512,
	.has_decision = true, .decision = IPSEC_LATCH_DECISION_PENDING,
};

static struct nlmsghdr *dump_msg(const struct latch_spec *s)
{
	struct nlmsghdr *nlh = msg_start(IPSEC_LATCH_CMD_GET_LATCHES);

	put_latch(nlh, s);
	return nlh;
}

static struct nlmsghdr *event_msg(uint32_t event, const struct latch_spec *s)
{
	struct nlmsghdr *nlh = msg_start(IPSEC_LATCH_CMD_LATCH_EVENT);

	mnl_attr_put_u32(nlh, IPSEC_LATCH_A_EVENT, event);
	if (s)
		put_latch(nlh, s);
	return nlh;
}

static void parse_spec(const struct latch_spec *s, struct ipl_latch *l)
{
	assert_int_equal(ipl_latch_msg_parse(dump_msg(s), l), 0);
}

/* What to render, into a string the caller frees. */
struct render {
	enum { LIST, EV, WHO } what;
	bool json;
	const struct ipl_latch *v;
	size_t n;
	const struct ipl_latch_event *ev;
};

static char *render(const struct render *r)
{
	struct capture c;
	FILE *f = capture_open(&c);
	int ret = 0;

	switch (r->what) {
	case LIST:
		ret = ipl_latch_print(f, r->json, r->v, r->n);
		break;
	case EV:
		ret = ipl_latch_event_print(f, r->json, NULL, r->ev);
		break;
	case WHO:
		ret = ipl_latch_print_who(f, r->json, r->v);
		break;
	}
	assert_int_equal(ret, 0);
	return capture_close(&c);
}

static void check(const struct render *r, const char *want)
{
	char *got = render(r);

	assert_string_equal(got, want);
	free(got);
}

static void check_list(const struct ipl_latch *v, size_t n, bool json,
		       const char *want)
{
	struct render r = { LIST, json, v, n, NULL };

	check(&r, want);
}

static void check_event(const struct ipl_latch_event *ev, bool json,
			const char *want)
{
	struct render r = { EV, json, NULL, 0, ev };

	check(&r, want);
}

static void check_who(const struct ipl_latch *l, bool json, const char *want)
{
	struct render r = { WHO, json, l, 1, NULL };

	check(&r, want);
}

/* What a top-level JSON object begins with. */
#define SCHEMA	"{\"schema\":1,"

#define V4_IKE_TEXT \
	"tcp 192.0.2.1:40000 -> 192.0.2.2:80 established protect (protected) " \
	"peer \"bob.example\" (ike) esp transport " \
	"aead rfc4106(gcm(aes))/128 icv 128 reqid 1 peer-addr 192.0.2.2 " \
	"spi in 0xc0ffee01 out 0x0000abcd template 3 age 12.3s idle 0.1s " \
	"pkts in/out 10/12 drops in/out 0/0 broken 0 mem 512B\n"

#define V4_IKE_JSON	"{" V4_IKE_FIELDS
#define V4_IKE_FIELDS \
	"\"family\":\"inet\",\"proto\":\"tcp\",\"local\":\"192.0.2.1\"," \
	"\"lport\":40000,\"remote\":\"192.0.2.2\",\"rport\":80," \
	"\"state\":\"established\",\"action\":\"protect\"," \
	"\"decision\":\"protected\",\"bypass_spd\":false," \
	"\"peer\":\"bob.example\",\"id_source\":\"ike\"," \
	"\"qop\":{\"xfrm_proto\":\"esp\",\"mode\":\"transport\"," \
	"\"aead_alg\":\"rfc4106(gcm(aes))\"," \
	"\"aead_bits\":128,\"icv_bits\":128,\"reqid\":1," \
	"\"peer\":\"192.0.2.2\",\"spi_in\":3237998081," \
	"\"spi_out\":43981},\"template\":3," \
	"\"age_ms\":12345,\"idle_ms\":120,\"packets_in\":10," \
	"\"packets_out\":12,\"drops_in\":0,\"drops_out\":0,\"broken\":0," \
	"\"memory\":512}"

#define V6_DERIVED_TEXT \
	"udp [2001:db8::1]:5353 -> [2001:db8::2]:53 broken protect " \
	"peer \"2001:db8::fe reqid 7\" (derived) esp tunnel " \
	"enc cbc(aes)/256 auth hmac(sha256)/256 reqid 7 " \
	"peer-addr 2001:db8::fe spi in 0x00001000 out 0x00002000 " \
	"transparent age 61.2s idle 0.0s pkts in/out 1/2 " \
	"drops in/out 3/4 broken 2 mem 448B\n"

#define V6_DERIVED_JSON	"{" V6_DERIVED_FIELDS
#define V6_DERIVED_FIELDS \
	"\"family\":\"inet6\",\"proto\":\"udp\",\"local\":\"2001:db8::1\"," \
	"\"lport\":5353,\"remote\":\"2001:db8::2\",\"rport\":53," \
	"\"state\":\"broken\",\"action\":\"protect\"," \
	"\"peer\":\"2001:db8::fe reqid 7\",\"id_source\":\"derived\"," \
	"\"qop\":{\"xfrm_proto\":\"esp\",\"mode\":\"tunnel\"," \
	"\"enc_alg\":\"cbc(aes)\",\"enc_bits\":256," \
	"\"auth_alg\":\"hmac(sha256)\",\"auth_bits\":256,\"reqid\":7," \
	"\"peer\":\"2001:db8::fe\",\"spi_in\":4096," \
	"\"spi_out\":8192},\"template\":0," \
	"\"age_ms\":61234,\"idle_ms\":5,\"packets_in\":1,\"packets_out\":2," \
	"\"drops_in\":3,\"drops_out\":4,\"broken\":2,\"memory\":448}"

#define V4_BYPASS_TEXT \
	"tcp 192.0.2.1:2049 -> 192.0.2.9:700 established bypass (clear-in) " \
	"bypass-spd template 4 age 0.0s idle 0.0s pkts in/out 0/0 " \
	"drops in/out 0/0 broken 0 mem 512B\n"

#define V4_BYPASS_JSON	"{" V4_BYPASS_FIELDS
#define V4_BYPASS_FIELDS \
	"\"family\":\"inet\",\"proto\":\"tcp\",\"local\":\"192.0.2.1\"," \
	"\"lport\":2049,\"remote\":\"192.0.2.9\",\"rport\":700," \
	"\"state\":\"established\",\"action\":\"bypass\"," \
	"\"decision\":\"clear-in\",\"bypass_spd\":true,\"template\":4," \
	"\"age_ms\":0,\"idle_ms\":0,\"packets_in\":0,\"packets_out\":0," \
	"\"drops_in\":0,\"drops_out\":0,\"broken\":0,\"memory\":512}"

#define V6_PENDING_TEXT \
	"tcp [2001:db8::1]:40100 -> [2001:db8::2]:2049 larval " \
	"bypass-or-protect (pending) transparent age 0.7s idle 0.0s " \
	"pkts in/out 0/0 drops in/out 0/0 broken 0 mem 512B\n"

static void test_dump_ipv4_ike(void **state)
{
	uint8_t want[4] = { 192, 0, 2, 1 };
	struct ipl_latch l;

	(void)state;
	parse_spec(&v4_ike, &l);
	assert_true(ipl_latch_has(&l, IPSEC_LATCH_LATCH_A_QOP));
	assert_false(ipl_latch_has(&l, IPSEC_LATCH_LATCH_A_PAD));
	assert_int_equal(l.local.len, 4);
	assert_memory_equal(l.local.bytes, want, 4);
	assert_int_equal(l.lport, 40000);
	assert_string_equal(l.peer_id, "bob.example");
	assert_string_equal(l.qop.aead_alg, "rfc4106(gcm(aes))");
	assert_false(ipl_qop_has(&l.qop, IPSEC_LATCH_QOP_A_ENC_ALG));
	assert_int_equal(l.qop.spi_in, 0xc0ffee01);

	check_list(&l, 1, false, V4_IKE_TEXT);
	check_list(&l, 1, true, "[" V4_IKE_JSON "]\n");
}

static void test_dump_ipv6_derived(void **state)
{
	struct ipl_latch l;

	(void)state;
	parse_spec(&v6_derived, &l);
	assert_int_equal(l.local.family, AF_INET6);
	assert_int_equal(l.template_id, 0);
	check_list(&l, 1, false, V6_DERIVED_TEXT);
	check_list(&l, 1, true, "[" V6_DERIVED_JSON "]\n");
}

static void test_list_several_and_empty(void **state)
{
	struct ipl_latch v[3];

	(void)state;
	parse_spec(&v4_ike, &v[0]);
	parse_spec(&v6_derived, &v[1]);
	parse_spec(&v4_bypass, &v[2]);
	check_list(v, 3, false, V4_IKE_TEXT V6_DERIVED_TEXT V4_BYPASS_TEXT);
	check_list(v, 3, true,
		   "[" V4_IKE_JSON "," V6_DERIVED_JSON "," V4_BYPASS_JSON "]\n");
	check_list(NULL, 0, false, "");
	check_list(NULL, 0, true, "[]\n");
}

/*
 * Absent attributes: positional ones as "-", the rest left out (JSON:
 * members left out). Unknown attributes ignored at every level, other
 * widths read, unreadable ones absent, unknown numbers by generic names.
 */
static void test_missing_unknown_odd(void **state)
{
	struct nlmsghdr *nlh = msg_start(IPSEC_LATCH_CMD_GET_LATCHES);
	uint8_t odd[3] = { 1, 2, 3 };
	struct nlattr *nest, *qop;
	struct ipl_latch l;

	(void)state;
	mnl_attr_put_u32(nlh, 99, 7);				/* top level */
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_LATCH);
	mnl_attr_put_u32(nlh, 31, 1);				/* in the nest */
	mnl_attr_put_u32(nlh, IPSEC_LATCH_LATCH_A_PROTO, 132);	/* wider */
	genl_put_addr(nlh, IPSEC_LATCH_LATCH_A_REMOTE_ADDR, AF_INET,
		      "198.51.100.7");
	mnl_attr_put(nlh, IPSEC_LATCH_LATCH_A_LOCAL_ADDR, 5, "abcde");
	mnl_attr_put(nlh, IPSEC_LATCH_LATCH_A_LOCAL_PORT, 3, odd);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_LATCH_A_STATE, 9);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_LATCH_A_ID_SOURCE, 5);
	mnl_attr_put(nlh, IPSEC_LATCH_LATCH_A_PEER_ID, 3, "abc");	/* no NUL */
	qop = mnl_attr_nest_start(nlh, IPSEC_LATCH_LATCH_A_QOP);
	mnl_attr_put_u32(nlh, 30, 1);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_QOP_A_XFRM_PROTO, 99);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_QOP_A_ENC_BITS, 128);	/* no alg */
	mnl_attr_put(nlh, IPSEC_LATCH_QOP_A_PEER, 3, odd);
	mnl_attr_put_u64(nlh, IPSEC_LATCH_QOP_A_SPI_OUT, 0x123456789ULL);
	mnl_attr_nest_end(nlh, qop);
	mnl_attr_put_u16(nlh, IPSEC_LATCH_LATCH_A_MEMORY, 300);
	mnl_attr_nest_end(nlh, nest);

	assert_int_equal(ipl_latch_msg_parse(nlh, &l), 0);
	assert_false(ipl_latch_has(&l, IPSEC_LATCH_LATCH_A_LOCAL_ADDR));
	assert_false(ipl_latch_has(&l, IPSEC_LATCH_LATCH_A_LOCAL_PORT));
	assert_false(ipl_latch_has(&l, 31));
	assert_false(ipl_qop_has(&l.qop, IPSEC_LATCH_QOP_A_PEER));
	assert_false(ipl_qop_has(&l.qop, 30));
	check_list(&l, 1, false,
		   "proto_132 -:- -> 198.51.100.7:- state_9 - peer \"abc\" "
		   "(source_5) proto_99 enc -/128 spi out 0x123456789 mem 300B\n");
	check_list(&l, 1, true,
		   "[{\"family\":\"inet\",\"proto\":\"proto_132\","
		   "\"remote\":\"198.51.100.7\",\"state\":\"state_9\","
		   "\"peer\":\"abc\",\"id_source\":\"source_5\","
		   "\"qop\":{\"xfrm_proto\":\"proto_99\",\"enc_bits\":128,"
		   "\"spi_out\":4886718345},\"memory\":300}]\n");

	/* an empty nest */
	nlh = msg_start(IPSEC_LATCH_CMD_GET_LATCHES);
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_LATCH);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(ipl_latch_msg_parse(nlh, &l), 0);
	assert_int_equal(l.present, 0);
	check_list(&l, 1, false, "- -:- -> -:- - -\n");
	check_list(&l, 1, true, "[{}]\n");
}

/*
 * Each decision in parentheses after the action, and as "decision" in
 * JSON; none is left out in both; bypass-spd after them, "bypass_spd"
 * true or false (left out with a module that sends no decisions).
 */
static void test_decisions(void **state)
{
	static const struct {
		uint8_t decision, action;
		const char *name;
	} decisions[] = {
		{ IPSEC_LATCH_DECISION_PENDING,
		  IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT, "pending" },
		{ IPSEC_LATCH_DECISION_PROTECTED, IPSEC_LATCH_ACTION_PROTECT,
		  "protected" },
		{ IPSEC_LATCH_DECISION_CLEAR_IN, IPSEC_LATCH_ACTION_BYPASS,
		  "clear-in" },
		{ IPSEC_LATCH_DECISION_CLEAR_OUT, IPSEC_LATCH_ACTION_BYPASS,
		  "clear-out" },
		{ IPSEC_LATCH_DECISION_IKE_FAILED, IPSEC_LATCH_ACTION_BYPASS,
		  "ike-failed" },
		{ IPSEC_LATCH_DECISION_TIMEOUT, IPSEC_LATCH_ACTION_BYPASS,
		  "timeout" },
	};
	struct latch_spec s = v4_bypass;
	char want[1024], buf[IPL_LABEL_LEN];
	const char *action;
	struct ipl_latch l;
	size_t i;

	(void)state;
	s.bypass_spd = false;
	for (i = 0; i < sizeof(decisions) / sizeof(decisions[0]); i++) {
		s.decision = decisions[i].decision;
		s.action = decisions[i].action;
		parse_spec(&s, &l);
		assert_int_equal(l.decision, decisions[i].decision);
		assert_false(ipl_latch_has(&l, IPSEC_LATCH_LATCH_A_BYPASS_SPD));
		action = ipl_action_label(s.action, buf, sizeof(buf));
		snprintf(want, sizeof(want),
			 "tcp 192.0.2.1:2049 -> 192.0.2.9:700 established "
			 "%s (%s) template 4 age 0.0s idle 0.0s "
			 "pkts in/out 0/0 drops in/out 0/0 broken 0 mem 512B\n",
			 action, decisions[i].name);
		check_list(&l, 1, false, want);
		snprintf(want, sizeof(want),
			 "[{\"family\":\"inet\",\"proto\":\"tcp\","
			 "\"local\":\"192.0.2.1\",\"lport\":2049,"
			 "\"remote\":\"192.0.2.9\",\"rport\":700,"
			 "\"state\":\"established\",\"action\":\"%s\","
			 "\"decision\":\"%s\",\"bypass_spd\":false,"
			 "\"template\":4,\"age_ms\":0,\"idle_ms\":0,"
			 "\"packets_in\":0,\"packets_out\":0,"
			 "\"drops_in\":0,\"drops_out\":0,\"broken\":0,"
			 "\"memory\":512}]\n", action, decisions[i].name);
		check_list(&l, 1, true, want);
	}

	/* none: nothing said, text or JSON; the flag still told */
	s.decision = IPSEC_LATCH_DECISION_NONE;
	s.action = IPSEC_LATCH_ACTION_PROTECT;
	s.state = IPSEC_LATCH_STATE_LARVAL;
	parse_spec(&s, &l);
	assert_true(ipl_latch_has(&l, IPSEC_LATCH_LATCH_A_DECISION));
	check_list(&l, 1, false,
		   "tcp 192.0.2.1:2049 -> 192.0.2.9:700 larval protect "
		   "template 4 age 0.0s idle 0.0s pkts in/out 0/0 "
		   "drops in/out 0/0 broken 0 mem 512B\n");
	check_list(&l, 1, true,
		   "[{\"family\":\"inet\",\"proto\":\"tcp\","
		   "\"local\":\"192.0.2.1\",\"lport\":2049,"
		   "\"remote\":\"192.0.2.9\",\"rport\":700,"
		   "\"state\":\"larval\",\"action\":\"protect\","
		   "\"bypass_spd\":false,\"template\":4,\"age_ms\":0,"
		   "\"idle_ms\":0,\"packets_in\":0,\"packets_out\":0,"
		   "\"drops_in\":0,\"drops_out\":0,\"broken\":0,"
		   "\"memory\":512}]\n");

	/* pending, in "latch list" and as a "latched" event: transparent */
	parse_spec(&v6_pending, &l);
	check_list(&l, 1, false, V6_PENDING_TEXT);
	{
		struct ipl_latch_event ev;

		assert_int_equal(ipl_latch_event_parse(event_msg(IPSEC_LATCH_EVENT_LATCHED,
								 &v6_pending),
						       &ev), 0);
		check_event(&ev, false,
			    "latch latched tcp [2001:db8::1]:40100 -> "
			    "[2001:db8::2]:2049 bypass-or-protect (pending) "
			    "transparent\n");
	}

	/* fell back after the timeout, with BYPASS SPD entries */
	s = v4_bypass;
	s.decision = IPSEC_LATCH_DECISION_TIMEOUT;
	parse_spec(&s, &l);
	check_list(&l, 1, false,
		   "tcp 192.0.2.1:2049 -> 192.0.2.9:700 established bypass "
		   "(timeout) bypass-spd template 4 age 0.0s idle 0.0s "
		   "pkts in/out 0/0 drops in/out 0/0 broken 0 mem 512B\n");

	/* a decision this tool has no name for; the flag without decision */
	s.decision = 42;
	parse_spec(&s, &l);
	check_list(&l, 1, false,
		   "tcp 192.0.2.1:2049 -> 192.0.2.9:700 established bypass "
		   "(decision_42) bypass-spd template 4 age 0.0s idle 0.0s "
		   "pkts in/out 0/0 drops in/out 0/0 broken 0 mem 512B\n");
	s.has_decision = false;
	parse_spec(&s, &l);
	check_list(&l, 1, false,
		   "tcp 192.0.2.1:2049 -> 192.0.2.9:700 established bypass "
		   "bypass-spd template 4 age 0.0s idle 0.0s "
		   "pkts in/out 0/0 drops in/out 0/0 broken 0 mem 512B\n");
	check_who(&l, true,
		  SCHEMA "\"family\":\"inet\",\"proto\":\"tcp\","
		  "\"local\":\"192.0.2.1\",\"lport\":2049,"
		  "\"remote\":\"192.0.2.9\",\"rport\":700,"
		  "\"state\":\"established\",\"action\":\"bypass\","
		  "\"bypass_spd\":true,\"template\":4,\"age_ms\":0,"
		  "\"idle_ms\":0,\"packets_in\":0,\"packets_out\":0,"
		  "\"drops_in\":0,\"drops_out\":0,\"broken\":0,"
		  "\"memory\":512}\n");
}

/* A decision without an action; a flag with a payload (lenient). */
static void test_decision_odd(void **state)
{
	struct nlmsghdr *nlh = msg_start(IPSEC_LATCH_CMD_GET_LATCHES);
	struct nlattr *nest;
	struct ipl_latch l;

	(void)state;
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_LATCH);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_LATCH_A_DECISION,
			 IPSEC_LATCH_DECISION_IKE_FAILED);	/* wider */
	mnl_attr_put_u8(nlh, IPSEC_LATCH_LATCH_A_BYPASS_SPD, 1);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(ipl_latch_msg_parse(nlh, &l), 0);
	assert_true(ipl_latch_has(&l, IPSEC_LATCH_LATCH_A_BYPASS_SPD));
	check_list(&l, 1, false, "- -:- -> -:- - - (ike-failed) bypass-spd\n");
	check_list(&l, 1, true,
		   "[{\"decision\":\"ike-failed\",\"bypass_spd\":true}]\n");
	check_who(&l, false,
		  "- -:- -> -:-\n"
		  "  peer unknown (the module did not say)\n"
		  "  state - (ike-failed), bypass-spd\n");

	/* of no integer size: left out */
	nlh = msg_start(IPSEC_LATCH_CMD_GET_LATCHES);
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_LATCH);
	mnl_attr_put(nlh, IPSEC_LATCH_LATCH_A_DECISION, 3, "abc");
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(ipl_latch_msg_parse(nlh, &l), 0);
	assert_int_equal(l.present, 0);
}

/* Identities come from the network: quoted safely in text and JSON. */
static void test_peer_id_escaping(void **state)
{
	struct latch_spec s = v4_bypass;
	struct ipl_latch l;
	char big[400];

	(void)state;
	s.peer_id = "C=CH, O=\"Ex\\ample\", CN=\x1b[31mbob";
	s.id_source = IPSEC_LATCH_ID_IKE;
	parse_spec(&s, &l);
	check_list(&l, 1, false,
		   "tcp 192.0.2.1:2049 -> 192.0.2.9:700 established bypass "
		   "(clear-in) bypass-spd "
		   "peer \"C=CH, O=\\\"Ex\\\\ample\\\", CN=\\x1b[31mbob\" (ike) "
		   "template 4 age 0.0s idle 0.0s pkts in/out 0/0 "
		   "drops in/out 0/0 broken 0 mem 512B\n");
	check_who(&l, false,
		  "tcp 192.0.2.1:2049 -> 192.0.2.9:700\n"
		  "  peer \"C=CH, O=\\\"Ex\\\\ample\\\", CN=\\x1b[31mbob\" (IKE identity)\n"
		  "  state established, bypass (clear-in), bypass-spd, template 4\n");

	/* longer than the contract allows: cut, never overflowing */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	s.peer_id = big;
	parse_spec(&s, &l);
	assert_int_equal(strlen(l.peer_id), IPSEC_LATCH_ID_MAX_LEN);
}

static void test_events(void **state)
{
	static const struct {
		uint32_t event;
		const char *name;
	} events[] = {
		{ IPSEC_LATCH_EVENT_LATCHED,	"latched" },
		{ IPSEC_LATCH_EVENT_BROKEN,	"broken" },
		{ IPSEC_LATCH_EVENT_RESTORED,	"restored" },
		{ IPSEC_LATCH_EVENT_CLOSED,	"closed" },
		{ IPSEC_LATCH_EVENT_REFUSED,	"refused" },
	};
	struct ipl_latch_event ev;
	char want[1024];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		assert_int_equal(ipl_latch_event_parse(event_msg(events[i].event,
								 &v4_ike),
						       &ev), 0);
		assert_true(ev.has_event);
		assert_true(ev.has_latch);
		snprintf(want, sizeof(want),
			 "latch %s tcp 192.0.2.1:40000 -> 192.0.2.2:80 "
			 "peer \"bob.example\" (ike) esp transport "
			 "aead rfc4106(gcm(aes))/128 icv 128 reqid 1 "
			 "peer-addr 192.0.2.2 spi in 0xc0ffee01 out 0x0000abcd "
			 "protect (protected) template 3\n", events[i].name);
		check_event(&ev, false, want);
		snprintf(want, sizeof(want),
			 SCHEMA "\"event\":\"%s\",\"latch\":" V4_IKE_JSON "}\n",
			 events[i].name);
		check_event(&ev, true, want);
	}

	/* in the clear, IPv6, transparent */
	assert_int_equal(ipl_latch_event_parse(event_msg(IPSEC_LATCH_EVENT_LATCHED,
							 &v4_bypass), &ev), 0);
	check_event(&ev, false,
		    "latch latched tcp 192.0.2.1:2049 -> 192.0.2.9:700 bypass (clear-in) bypass-spd template 4\n");
	check_event(&ev, true,
		    SCHEMA "\"event\":\"latched\",\"latch\":" V4_BYPASS_JSON "}\n");
	assert_int_equal(ipl_latch_event_parse(event_msg(IPSEC_LATCH_EVENT_BROKEN,
							 &v6_derived), &ev), 0);
	check_event(&ev, false,
		    "latch broken udp [2001:db8::1]:5353 -> [2001:db8::2]:53 "
		    "peer \"2001:db8::fe reqid 7\" (derived) esp tunnel "
		    "enc cbc(aes)/256 auth hmac(sha256)/256 reqid 7 "
		    "peer-addr 2001:db8::fe spi in 0x00001000 out 0x00002000 "
		    "protect transparent\n");
}

/* Unknown event types, events without A_EVENT or A_LATCH still print. */
static void test_event_generic(void **state)
{
	struct ipl_latch_event ev;
	struct nlmsghdr *nlh;

	(void)state;
	assert_int_equal(ipl_latch_event_parse(event_msg(42, &v4_bypass),
					       &ev), 0);
	check_event(&ev, false,
		    "latch event_42 tcp 192.0.2.1:2049 -> 192.0.2.9:700 bypass (clear-in) bypass-spd template 4\n");

	assert_int_equal(ipl_latch_event_parse(event_msg(IPSEC_LATCH_EVENT_CLOSED,
							 NULL), &ev), 0);
	assert_false(ev.has_latch);
	check_event(&ev, false, "latch closed - -:- -> -:-\n");
	check_event(&ev, true, SCHEMA "\"event\":\"closed\",\"latch\":{}}\n");

	nlh = msg_start(IPSEC_LATCH_CMD_LATCH_EVENT);
	mnl_attr_put_u64(nlh, 77, 1);
	put_latch(nlh, &v4_bypass);
	assert_int_equal(ipl_latch_event_parse(nlh, &ev), 0);
	assert_false(ev.has_event);
	check_event(&ev, false,
		    "latch event_0 tcp 192.0.2.1:2049 -> 192.0.2.9:700 bypass (clear-in) bypass-spd template 4\n");

	nlh = msg_start(IPSEC_LATCH_CMD_LATCH_EVENT);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_A_EVENT, IPSEC_LATCH_EVENT_REFUSED);
	assert_int_equal(ipl_latch_event_parse(nlh, &ev), 0);
	assert_int_equal(ev.event, IPSEC_LATCH_EVENT_REFUSED);
}

static void test_malformed(void **state)
{
	struct ipl_latch_event ev;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct ipl_latch l;

	(void)state;
	nlh = mnl_nlmsg_put_header(msgbuf);
	assert_ebadmsg(ipl_latch_event_parse(nlh, &ev));
	assert_ebadmsg(ipl_latch_msg_parse(nlh, &l));

	/* a dump message without a latch */
	nlh = msg_start(IPSEC_LATCH_CMD_GET_LATCHES);
	mnl_attr_put_u32(nlh, 99, 1);
	assert_ebadmsg(ipl_latch_msg_parse(nlh, &l));

	/* A_LATCH too short to be a nest */
	nlh = msg_start(IPSEC_LATCH_CMD_LATCH_EVENT);
	mnl_attr_put_u16(nlh, IPSEC_LATCH_A_LATCH, 1);
	assert_ebadmsg(ipl_latch_event_parse(nlh, &ev));

	/* a QoP too short to be a nest */
	nlh = msg_start(IPSEC_LATCH_CMD_GET_LATCHES);
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_LATCH);
	mnl_attr_put_u16(nlh, IPSEC_LATCH_LATCH_A_QOP, 1);
	mnl_attr_nest_end(nlh, nest);
	assert_ebadmsg(ipl_latch_msg_parse(nlh, &l));

	/* event number of no integer size */
	nlh = msg_start(IPSEC_LATCH_CMD_LATCH_EVENT);
	mnl_attr_put(nlh, IPSEC_LATCH_A_EVENT, 3, "abc");
	assert_ebadmsg(ipl_latch_event_parse(nlh, &ev));
}

/* The A_FILTER nest of a GET_LATCHES request, attribute by attribute. */
static void test_filter_put(void **state)
{
	struct nlmsghdr *nlh = msg_start(IPSEC_LATCH_CMD_GET_LATCHES);
	struct ipl_latch_filter f = { 0 };
	struct genl_nest_seen s;
	struct ipl_latch back;
	const struct nlattr *a;
	unsigned int i;
	uint32_t len;

	(void)state;
	/* nothing selected: no A_FILTER at all */
	len = nlh->nlmsg_len;
	assert_int_equal(ipl_latch_filter_put(nlh, sizeof(msgbuf), &f), 0);
	assert_int_equal(nlh->nlmsg_len, len);

	/* "latch proto udp local 2001:db8::1 lport 5353 remote 2001:db8::2
	 * rport 53 peer bob state broken"
	 */
	f.family = AF_INET6;
	f.proto = IPPROTO_UDP;
	assert_int_equal(ipl_addr_parse("2001:db8::1", &f.local), 0);
	f.lport = 5353;
	assert_int_equal(ipl_addr_parse("2001:db8::2", &f.remote), 0);
	f.rport = 53;
	f.peer_id = "bob";
	f.state = IPSEC_LATCH_STATE_BROKEN;
	f.present = 1u << IPSEC_LATCH_LATCH_A_FAMILY |
		    1u << IPSEC_LATCH_LATCH_A_PROTO |
		    1u << IPSEC_LATCH_LATCH_A_LOCAL_ADDR |
		    1u << IPSEC_LATCH_LATCH_A_LOCAL_PORT |
		    1u << IPSEC_LATCH_LATCH_A_REMOTE_ADDR |
		    1u << IPSEC_LATCH_LATCH_A_REMOTE_PORT |
		    1u << IPSEC_LATCH_LATCH_A_PEER_ID |
		    1u << IPSEC_LATCH_LATCH_A_STATE;
	assert_int_equal(ipl_latch_filter_put(nlh, sizeof(msgbuf), &f), 0);

	genl_walk_nest(nlh, IPSEC_LATCH_A_FILTER, &s);
	for (i = 0; i < s.n; i++) {
		a = s.attr[i];
		switch (s.type[i]) {
		case IPSEC_LATCH_LATCH_A_FAMILY:
			assert_int_equal(s.len[i], 1);
			assert_int_equal(mnl_attr_get_u8(a), AF_INET6);
			break;
		case IPSEC_LATCH_LATCH_A_PROTO:
			assert_int_equal(s.len[i], 1);
			assert_int_equal(mnl_attr_get_u8(a), IPPROTO_UDP);
			break;
		case IPSEC_LATCH_LATCH_A_LOCAL_ADDR:
			assert_int_equal(s.len[i], 16);
			assert_memory_equal(mnl_attr_get_payload(a),
					    f.local.bytes, 16);
			break;
		case IPSEC_LATCH_LATCH_A_LOCAL_PORT:
			assert_int_equal(s.len[i], 2);
			assert_int_equal(mnl_attr_get_u16(a), 5353);
			break;
		case IPSEC_LATCH_LATCH_A_REMOTE_ADDR:
			assert_int_equal(s.len[i], 16);
			assert_memory_equal(mnl_attr_get_payload(a),
					    f.remote.bytes, 16);
			break;
		case IPSEC_LATCH_LATCH_A_REMOTE_PORT:
			assert_int_equal(s.len[i], 2);
			assert_int_equal(mnl_attr_get_u16(a), 53);
			break;
		case IPSEC_LATCH_LATCH_A_STATE:
			assert_int_equal(s.len[i], 1);
			assert_int_equal(mnl_attr_get_u8(a),
					 IPSEC_LATCH_STATE_BROKEN);
			break;
		case IPSEC_LATCH_LATCH_A_PEER_ID:
			assert_int_equal(mnl_attr_validate(a, MNL_TYPE_NUL_STRING),
					 0);
			assert_string_equal(mnl_attr_get_str(a), "bob");
			break;
		default:
			fail_msg("unexpected filter attribute %u", s.type[i]);
		}
	}
	assert_int_equal(s.n, 8);
	/* the kernel reads it as a latch nest */
	assert_int_equal(ipl_latch_parse(s.nest, &back), 0);
	assert_int_equal(back.present, f.present);

	/* no room: refused, the message as it was */
	nlh = msg_start(IPSEC_LATCH_CMD_GET_LATCHES);
	len = nlh->nlmsg_len;
	assert_int_equal(ipl_latch_filter_put(nlh, len + 40, &f), -1);
	assert_int_equal(nlh->nlmsg_len, len);
}

/* The exact filter "who" builds for a flow. */
static void test_filter_flow(void **state)
{
	struct ipl_latch_filter f;
	struct ipl_addr l, r;

	(void)state;
	assert_int_equal(ipl_addr_parse("192.0.2.1", &l), 0);
	assert_int_equal(ipl_addr_parse("192.0.2.2", &r), 0);
	ipl_latch_filter_flow(&f, IPPROTO_TCP, &l, 40000, &r, 80);
	assert_int_equal(f.family, AF_INET);
	assert_true(ipl_filter_has(&f, IPSEC_LATCH_LATCH_A_FAMILY));
	assert_true(ipl_filter_has(&f, IPSEC_LATCH_LATCH_A_REMOTE_PORT));
	assert_false(ipl_filter_has(&f, IPSEC_LATCH_LATCH_A_STATE));
	assert_false(ipl_filter_has(&f, IPSEC_LATCH_LATCH_A_PEER_ID));
}

static void test_matches(void **state)
{
	struct ipl_latch_filter f = { 0 };
	struct ipl_latch l, v6;
	struct ipl_addr a, b;

	(void)state;
	parse_spec(&v4_ike, &l);
	parse_spec(&v6_derived, &v6);
	assert_true(ipl_latch_matches(&l, &f));

	assert_int_equal(ipl_addr_parse("192.0.2.1", &a), 0);
	assert_int_equal(ipl_addr_parse("192.0.2.2", &b), 0);
	ipl_latch_filter_flow(&f, IPPROTO_TCP, &a, 40000, &b, 80);
	assert_true(ipl_latch_matches(&l, &f));
	assert_false(ipl_latch_matches(&v6, &f));
	f.rport = 81;
	assert_false(ipl_latch_matches(&l, &f));
	f.rport = 80;
	f.proto = IPPROTO_UDP;
	assert_false(ipl_latch_matches(&l, &f));
	f.proto = IPPROTO_TCP;
	ipl_latch_filter_flow(&f, IPPROTO_TCP, &b, 40000, &a, 80);
	assert_false(ipl_latch_matches(&l, &f));	/* ends swapped */

	memset(&f, 0, sizeof(f));
	f.peer_id = "example";
	ipl_filter_set(&f, IPSEC_LATCH_LATCH_A_PEER_ID);
	assert_true(ipl_latch_matches(&l, &f));
	f.peer_id = "alice";
	assert_false(ipl_latch_matches(&l, &f));
	f.peer_id = "reqid 7";
	assert_true(ipl_latch_matches(&v6, &f));

	memset(&f, 0, sizeof(f));
	f.state = IPSEC_LATCH_STATE_BROKEN;
	ipl_filter_set(&f, IPSEC_LATCH_LATCH_A_STATE);
	assert_false(ipl_latch_matches(&l, &f));
	assert_true(ipl_latch_matches(&v6, &f));

	/* selected but not sent: no match; family told by the address */
	memset(&f, 0, sizeof(f));
	f.family = AF_INET;
	ipl_filter_set(&f, IPSEC_LATCH_LATCH_A_FAMILY);
	l.present &= ~(1u << IPSEC_LATCH_LATCH_A_FAMILY);
	assert_true(ipl_latch_matches(&l, &f));
	assert_false(ipl_latch_matches(&v6, &f));
	l.present &= ~(1u << IPSEC_LATCH_LATCH_A_PEER_ID);
	f.peer_id = "bob";
	ipl_filter_set(&f, IPSEC_LATCH_LATCH_A_PEER_ID);
	assert_false(ipl_latch_matches(&l, &f));
}

static void test_who(void **state)
{
	struct latch_spec s;
	struct ipl_latch l;

	(void)state;
	parse_spec(&v4_ike, &l);
	check_who(&l, false,
		  "tcp 192.0.2.1:40000 -> 192.0.2.2:80\n"
		  "  peer \"bob.example\" (IKE identity)\n"
		  "  state established, protect (protected), template 3\n"
		  "  qop esp transport aead rfc4106(gcm(aes))/128 icv 128 "
		  "reqid 1 peer-addr 192.0.2.2 spi in 0xc0ffee01 out 0x0000abcd\n");
	check_who(&l, true, SCHEMA V4_IKE_FIELDS "\n");

	parse_spec(&v6_derived, &l);
	check_who(&l, false,
		  "udp [2001:db8::1]:5353 -> [2001:db8::2]:53\n"
		  "  peer \"2001:db8::fe reqid 7\" (derived: peer address + reqid)\n"
		  "  state broken, protect, transparent\n"
		  "  qop esp tunnel enc cbc(aes)/256 auth hmac(sha256)/256 "
		  "reqid 7 peer-addr 2001:db8::fe spi in 0x00001000 out 0x00002000\n");

	parse_spec(&v4_bypass, &l);
	check_who(&l, false,
		  "tcp 192.0.2.1:2049 -> 192.0.2.9:700\n"
		  "  peer none: the flow is latched in the clear (bypass)\n"
		  "  state established, bypass (clear-in), bypass-spd, template 4\n");
	check_who(&l, true, SCHEMA V4_BYPASS_FIELDS "\n");

	/* bypass-or-protect, its first packet waiting for an SA */
	parse_spec(&v6_pending, &l);
	check_who(&l, false,
		  "tcp [2001:db8::1]:40100 -> [2001:db8::2]:2049\n"
		  "  peer not known yet: the first packet waits for an SA, else falls back to the clear (pending)\n"
		  "  state larval, bypass-or-protect (pending), transparent\n");

	/* larval: no peer yet */
	s = v4_bypass;
	s.state = IPSEC_LATCH_STATE_LARVAL;
	s.action = IPSEC_LATCH_ACTION_PROTECT;
	s.decision = IPSEC_LATCH_DECISION_NONE;
	s.bypass_spd = false;
	parse_spec(&s, &l);
	check_who(&l, false,
		  "tcp 192.0.2.1:2049 -> 192.0.2.9:700\n"
		  "  peer not known yet: no protected packet so far (larval)\n"
		  "  state larval, protect, template 4\n");

	/* no PEER_ID from the module: derived from the QoP */
	s = v4_ike;
	s.peer_id = NULL;
	s.has_decision = false;
	parse_spec(&s, &l);
	check_who(&l, false,
		  "tcp 192.0.2.1:40000 -> 192.0.2.2:80\n"
		  "  peer \"192.0.2.2 reqid 1\" (derived: peer address + reqid)\n"
		  "  state established, protect, template 3\n"
		  "  qop esp transport aead rfc4106(gcm(aes))/128 icv 128 "
		  "reqid 1 peer-addr 192.0.2.2 spi in 0xc0ffee01 out 0x0000abcd\n");

	/* nothing known */
	s.qop = NULL;
	parse_spec(&s, &l);
	check_who(&l, false,
		  "tcp 192.0.2.1:40000 -> 192.0.2.2:80\n"
		  "  peer unknown (the module did not say)\n"
		  "  state established, protect, template 3\n");
}

/* Of several latches of one flow, a live one. */
static void test_pick(void **state)
{
	struct latch_spec s = v4_ike;
	struct ipl_latch v[3];

	(void)state;
	assert_null(ipl_latch_pick(NULL, 0));
	s.state = IPSEC_LATCH_STATE_CLOSED;
	parse_spec(&s, &v[0]);
	parse_spec(&s, &v[1]);
	assert_ptr_equal(ipl_latch_pick(v, 2), &v[0]);
	s.state = IPSEC_LATCH_STATE_BROKEN;
	parse_spec(&s, &v[2]);
	assert_ptr_equal(ipl_latch_pick(v, 3), &v[2]);
}

static void test_names(void **state)
{
	char buf[IPL_LABEL_LEN];
	uint8_t v = 99;

	(void)state;
	assert_string_equal(ipl_latch_state_label(IPSEC_LATCH_STATE_LARVAL,
						  buf, sizeof(buf)), "larval");
	assert_string_equal(ipl_latch_state_label(IPSEC_LATCH_STATE_ESTABLISHED,
						  buf, sizeof(buf)),
			    "established");
	assert_string_equal(ipl_latch_state_label(IPSEC_LATCH_STATE_BROKEN,
						  buf, sizeof(buf)), "broken");
	assert_string_equal(ipl_latch_state_label(IPSEC_LATCH_STATE_CLOSED,
						  buf, sizeof(buf)), "closed");
	assert_string_equal(ipl_latch_state_label(4, buf, sizeof(buf)),
			    "state_4");
	assert_int_equal(ipl_latch_state_parse("closed", &v), 0);
	assert_int_equal(v, IPSEC_LATCH_STATE_CLOSED);
	assert_int_equal(ipl_latch_state_parse("larval", &v), 0);
	assert_int_equal(v, IPSEC_LATCH_STATE_LARVAL);
	assert_int_equal(ipl_latch_state_parse("listener", &v), -1);
	assert_int_equal(ipl_latch_state_parse("state_1", &v), -1);

	assert_string_equal(ipl_id_source_label(IPSEC_LATCH_ID_DERIVED, buf,
						sizeof(buf)), "derived");
	assert_string_equal(ipl_id_source_label(IPSEC_LATCH_ID_IKE, buf,
						sizeof(buf)), "ike");
	assert_string_equal(ipl_id_source_label(2, buf, sizeof(buf)),
			    "source_2");

	assert_string_equal(ipl_event_label(IPSEC_LATCH_EVENT_LATCHED, buf,
					    sizeof(buf)), "latched");
	assert_string_equal(ipl_event_label(IPSEC_LATCH_EVENT_REFUSED, buf,
					    sizeof(buf)), "refused");
	assert_string_equal(ipl_event_label(IPSEC_LATCH_EVENT_REFUSED + 1, buf,
					    sizeof(buf)), "event_8");
	/* the resolution events keep their names */
	assert_string_equal(ipl_event_label(IPSEC_LATCH_EVENT_RESOLVED, buf,
					    sizeof(buf)), "resolved");
	assert_string_equal(IPL_LATCH_STATE_CHOICES,
			    "larval, established, broken, closed");

	assert_string_equal(ipl_decision_label(IPSEC_LATCH_DECISION_NONE, buf,
					       sizeof(buf)), "none");
	assert_string_equal(ipl_decision_label(IPSEC_LATCH_DECISION_PENDING,
					       buf, sizeof(buf)), "pending");
	assert_string_equal(ipl_decision_label(IPSEC_LATCH_DECISION_PROTECTED,
					       buf, sizeof(buf)), "protected");
	assert_string_equal(ipl_decision_label(IPSEC_LATCH_DECISION_CLEAR_IN,
					       buf, sizeof(buf)), "clear-in");
	assert_string_equal(ipl_decision_label(IPSEC_LATCH_DECISION_CLEAR_OUT,
					       buf, sizeof(buf)), "clear-out");
	assert_string_equal(ipl_decision_label(IPSEC_LATCH_DECISION_IKE_FAILED,
					       buf, sizeof(buf)), "ike-failed");
	assert_string_equal(ipl_decision_label(IPSEC_LATCH_DECISION_TIMEOUT,
					       buf, sizeof(buf)), "timeout");
	assert_string_equal(ipl_decision_label(IPSEC_LATCH_DECISION_TIMEOUT + 1,
					       buf, sizeof(buf)), "decision_7");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dump_ipv4_ike),
		cmocka_unit_test(test_dump_ipv6_derived),
		cmocka_unit_test(test_list_several_and_empty),
		cmocka_unit_test(test_missing_unknown_odd),
		cmocka_unit_test(test_decisions),
		cmocka_unit_test(test_decision_odd),
		cmocka_unit_test(test_peer_id_escaping),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_event_generic),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_filter_put),
		cmocka_unit_test(test_filter_flow),
		cmocka_unit_test(test_matches),
		cmocka_unit_test(test_who),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
