// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: every object ipsec-latchctl prints has one renderer for
 * text and JSON (tools/ipsec-latchctl/print.h); check that what its JSON
 * says, its text says too. Each object is rendered both ways, the JSON
 * read (json_read.h), and each value looked for in the text as a word of
 * its own, as the text spells it: milliseconds as seconds, SPIs in hex.
 * A few members are JSON only, by design (the rules below say which).
 * Also: every top-level object carries "schema", arrays are arrays.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <linux/ipsec_latch.h>
#include <linux/xfrm.h>

#include "capture.h"
#include "identity.h"
#include "json_read.h"
#include "latch.h"
#include "print.h"
#include "resolution.h"
#include "spd.h"
#include "status.h"
#include "template.h"
#include "util.h"

/* How the text spells a member's value. */
enum how {
	AS_IS,		/* the value, a word of its own */
	SKIP,		/* JSON only, or a value the text view leaves out */
	SECONDS,	/* milliseconds as seconds ("1.2s") */
	HEX,		/* 0x2a (0: not shown) */
	HEX32,		/* 0x0000002a */
	SUFFIX,		/* the value, then ->text ("3000ms", "512B") */
	FLAG,		/* true: ->text; false: nothing */
	ZERO_AS,	/* 0: ->text ("transparent"); else as is */
	ITEM,		/* "NAME: VALUE", NAME the member's */
	NONZERO,	/* 0: not shown; else as is */
};

struct rule {
	const char *name;	/* the member, or "prefix." for all under it */
	enum how how;
	const char *text;
};

/* Members every object has the same way. */
static const struct rule common_rules[] = {
	{ "schema",	SKIP, NULL },		/* the version of the JSON */
	{ "family",	SKIP, NULL },		/* the text has the address */
	{ "age_ms",	SECONDS, NULL },
	{ "idle_ms",	SECONDS, NULL },
	{ "spi_in",	HEX32, NULL },
	{ "spi_out",	HEX32, NULL },
	{ "mark",	HEX, NULL },
	{ "if_id",	NONZERO, NULL },
	{ "bypass_spd",	FLAG, "bypass-spd" },
	{ "requested",	FLAG, "requested" },
	{ "template",	ZERO_AS, "transparent" },
	{ "memory",	SUFFIX, "B" },
	{ "fallback_ms", SUFFIX, "ms" },
	{ "transparent_fallback_ms", SUFFIX, "ms" },
	{ "parameters.", ITEM, NULL },
	{ "counters.",	ITEM, NULL },
	{ "hook_calls.", ITEM, NULL },
	{ "hook_missed.", ITEM, NULL },
	{ "ok",		FLAG, "ok" },
	{ }
};

struct parity {
	const char *text;
	const struct rule *rules;	/* the object's own, first */
	int digits;			/* of SECONDS */
	unsigned int checked;
	bool schema;
};

/* The rule for path: an object's own first, then the common ones. */
static const struct rule *rule_of(const struct parity *p, const char *path)
{
	const struct rule *sets[] = { p->rules, common_rules };
	const char *name = strrchr(path, '.');
	const struct rule *r;
	size_t i, len;

	name = name ? name + 1 : path;
	for (i = 0; i < 2; i++) {
		for (r = sets[i]; r && r->name; r++) {
			len = strlen(r->name);
			if (r->name[len - 1] == '.' ?
			    !!strstr(path, r->name) : !strcmp(r->name, name))
				return r;
		}
	}
	return NULL;
}

static bool is_word_edge(const char *text, const char *at)
{
	return at < text || !*at || strchr(" \t\n:/\"()[],", *at);
}

/* Whether s stands in text as a word of its own. */
static bool has_word(const char *text, const char *s)
{
	size_t len = strlen(s);
	const char *at;

	for (at = strstr(text, s); at; at = strstr(at + 1, s))
		if (is_word_edge(text, at - 1) && is_word_edge(text, at + len))
			return true;
	return false;
}

static void check_leaf(const char *path, char type, const char *value,
		       void *ctx)
{
	struct parity *p = ctx;
	const struct rule *r = rule_of(p, path);
	enum how how = r ? r->how : AS_IS;
	const char *name = strrchr(path, '.');
	char want[JSON_READ_LEN + 64];
	uint64_t v = strtoull(value, NULL, 10);

	if (!strcmp(path, "schema")) {
		assert_string_equal(value, "1");
		p->schema = true;
	}
	name = name ? name + 1 : path;
	/* absent in JSON: the text says "-" or nothing */
	if (type == 'z' || how == SKIP || (type == 'f' && how == FLAG))
		return;
	p->checked++;
	switch (how) {
	case SECONDS:
		ipl_ms_str(v, p->digits, want, sizeof(want));
		break;
	case HEX:
	case NONZERO:
		if (!v)
			return;
		snprintf(want, sizeof(want), how == HEX ? "%#" PRIx64 :
			 "%" PRIu64, v);
		break;
	case HEX32:
		snprintf(want, sizeof(want), "0x%08" PRIx64, v);
		break;
	case SUFFIX:
		snprintf(want, sizeof(want), "%s%s", value, r->text);
		break;
	case FLAG:
		snprintf(want, sizeof(want), "%s", r->text);
		break;
	case ZERO_AS:
		snprintf(want, sizeof(want), "%s", v ? value : r->text);
		break;
	case ITEM:
		snprintf(want, sizeof(want), "%s: %s", name, value);
		break;
	default:
		if (type == 't')
			fail_msg("%s: true, but no rule says how the text shows it",
				 path);
		snprintf(want, sizeof(want), "%s", value);
		break;
	}
	if (!has_word(p->text, want))
		fail_msg("%s is %s in JSON, but the text has no '%s':\n%s",
			 path, value, want, p->text);
}

/* Render by render() both ways; every JSON value must be in the text. */
typedef int (*render_fn)(FILE *f, bool json, const void *obj);

static void check_parity(render_fn render, const void *obj,
			 const struct rule *rules, int digits, bool object,
			 unsigned int min_checked)
{
	struct parity p = { .rules = rules, .digits = digits };
	struct capture c;
	char *text, *json;

	assert_int_equal(render(capture_open(&c), false, obj), 0);
	text = capture_close(&c);
	assert_int_equal(render(capture_open(&c), true, obj), 0);
	json = capture_close(&c);
	p.text = text;
	assert_int_equal(json[0], object ? '{' : '[');
	if (!json_read(json, check_leaf, &p))
		fail_msg("not one JSON document: %s", json);
	assert_true(p.schema == object);
	if (p.checked < min_checked)
		fail_msg("only %u values checked (want %u): %s", p.checked,
			 min_checked, json);
	free(text);
	free(json);
}

/* --- the objects, rendered as the tool does -------------------------- */

static void set_addr(struct ipl_addr *a, const char *s)
{
	assert_int_equal(ipl_addr_parse(s, a), 0);
}

static struct ipl_status status_fixture(void)
{
	struct ipl_status st = { .seen = true };

	st.has_version = true;
	snprintf(st.version, sizeof(st.version), "1.2.3");
	st.has_mode = true;
	st.mode = IPSEC_LATCH_MODE_QUEUE;
	st.has_transparent = true;
	st.transparent = IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT;
	st.has_fallback_ms = true;
	st.fallback_ms = 2500;
	st.has_latch_count = true;
	st.latch_count = 3;
	st.has_latch_bytes = true;
	st.latch_bytes = 512;
	st.has_hooks_armed = true;
	st.hooks_armed = 1;
	st.n_params = 3;
	st.params[0] = (struct ipl_item){ IPSEC_LATCH_PARAM_SA_EVENT_LOG, 1 };
	st.params[1] = (struct ipl_item){ IPSEC_LATCH_PARAM_MODE,
					  IPSEC_LATCH_MODE_WAIT };
	st.params[2] = (struct ipl_item){ IPSEC_LATCH_PARAM_MAX_LATCHES, 4096 };
	st.n_counters = 3;
	st.counters[0] = (struct ipl_item){ IPSEC_LATCH_CTR_SA_NEW, 11 };
	st.counters[1] = (struct ipl_item){ IPSEC_LATCH_CTR_RES_CREATED, 12 };
	st.counters[2] = (struct ipl_item){ IPSEC_LATCH_CTR_LATCH_CREATED, 13 };
	st.n_hook_calls = 1;
	st.hook_calls[0] = (struct ipl_item){ IPSEC_LATCH_HOOK_INET_DGRAM_CONNECT,
					      14 };
	st.n_hook_missed = 1;
	st.hook_missed[0] = (struct ipl_item){ IPSEC_LATCH_HOOK_INET_DGRAM_CONNECT,
					       15 };
	return st;
}

static enum ipl_status_view status_view;

static int render_status(FILE *f, bool json, const void *obj)
{
	return ipl_status_print(f, json, obj, status_view);
}

static int render_version(FILE *f, bool json, const void *obj)
{
	return ipl_version_print(f, json, obj);
}

static void test_status(void **state)
{
	struct ipl_status st = status_fixture();

	(void)state;
	status_view = IPL_STATUS_ALL;
	check_parity(render_status, &st, NULL, 1, true, 16);
	status_view = IPL_STATUS_RESOLUTION;
	check_parity(render_status, &st, NULL, 1, true, 2);
	status_view = IPL_STATUS_LATCHING;
	check_parity(render_status, &st, NULL, 1, true, 5);
	check_parity(render_version, &st, NULL, 1, true, 4);
	check_parity(render_version, NULL, NULL, 1, true, 2);
}

static struct ipl_res res_fixture(void)
{
	struct ipl_res r = { 0 };
	unsigned int t;

	for (t = IPSEC_LATCH_RES_A_FAMILY; t <= IPSEC_LATCH_RES_A_MAX; t++)
		ipl_set(&r.present, t);
	r.family = AF_INET;
	set_addr(&r.daddr, "192.0.2.2");
	set_addr(&r.saddr, "192.0.2.1");
	r.proto = IPPROTO_ESP;
	r.mode = XFRM_MODE_TUNNEL;
	r.reqid = 7;
	r.state = IPSEC_LATCH_RES_FAILED;
	r.age_ms = 1234;
	r.waiters = 2;
	r.queued_packets = 3;
	r.queued_bytes = 4500;
	r.drops = 5;
	r.error = EHOSTUNREACH;
	r.if_id = 6;
	r.mark = 0x2a;
	return r;
}

static int render_res_list(FILE *f, bool json, const void *obj)
{
	return ipl_res_print(f, json, obj, 1);
}

static int render_res_event(FILE *f, bool json, const void *obj)
{
	static const struct timespec ts = { 1700000000, 123456789 };

	return ipl_res_event_print(f, json, &ts, obj);
}

static void test_resolution(void **state)
{
	/* what the one line of "monitor" leaves out */
	static const struct rule event_rules[] = {
		{ "state", SKIP, NULL }, { "waiters", SKIP, NULL },
		{ "queued_packets", SKIP, NULL }, { "queued_bytes", SKIP, NULL },
		{ "drops", SKIP, NULL }, { "timestamp", SKIP, NULL },
		{ }
	};
	struct ipl_res r = res_fixture();
	struct ipl_res_event ev = { true, IPSEC_LATCH_EVENT_FAILED, true, r };
	struct capture c;
	char *text;

	(void)state;
	check_parity(render_res_list, &r, NULL, 1, false, 14);
	check_parity(render_res_event, &ev, event_rules, 2, true, 9);
	/* the timestamp: ip's in text, RFC 3339 in JSON */
	assert_int_equal(render_res_event(capture_open(&c), false, &ev), 0);
	text = capture_close(&c);
	assert_non_null(strstr(text, "Timestamp: "));
	assert_non_null(strstr(text, " 123456 usec\nfailed 192.0.2.2 "));
	free(text);
	assert_int_equal(render_res_event(capture_open(&c), true, &ev), 0);
	text = capture_close(&c);
	assert_non_null(strstr(text,
			       "{\"schema\":1,\"timestamp\":\"2023-11-14T22:13:20.123456Z\",\"event\":\"failed\","));
	free(text);
}

static struct ipl_tmpl tmpl_fixture(uint8_t kind)
{
	struct ipl_tmpl t = { 0 };
	unsigned int a;

	for (a = IPSEC_LATCH_TMPL_A_ID; a <= IPSEC_LATCH_TMPL_A_MAX; a++)
		ipl_tmpl_set(&t, a);
	t.id = 5;
	t.kind = kind;
	t.family = AF_INET6;
	t.proto = IPPROTO_UDP;
	set_addr(&t.local, "2001:db8::1");
	t.lport = 4500;
	set_addr(&t.remote, "2001:db8::2");
	t.rport = 2049;
	t.action = IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT;
	t.fallback_ms = 3000;
	t.flows = 21;
	t.protected = 22;
	t.bypassed = 23;
	t.refused = 24;
	t.failed = 25;
	return t;
}

static int render_tmpl(FILE *f, bool json, const void *obj)
{
	return ipl_tmpl_print(f, json, obj, 2);
}

static int render_added(FILE *f, bool json, const void *obj)
{
	return ipl_tmpl_print_added(f, obj, 1, json);
}

static int render_added2(FILE *f, bool json, const void *obj)
{
	return ipl_tmpl_print_added(f, obj, 2, json);
}

static void test_template(void **state)
{
	static const struct ipl_tmpl_result ids[] = { { 7, true }, { 8, false } };
	static const struct rule added_rules[] = {
		{ "added",	FLAG, "added" },	/* else "exists" */
		{ }
	};
	struct ipl_tmpl v[2];

	(void)state;
	v[0] = tmpl_fixture(IPSEC_LATCH_TMPL_CONNECTOR);
	/* a listener on any address: no local address, no remote end */
	v[1] = tmpl_fixture(IPSEC_LATCH_TMPL_LISTENER);
	v[1].present &= ~(1u << IPSEC_LATCH_TMPL_A_LOCAL_ADDR |
			  1u << IPSEC_LATCH_TMPL_A_REMOTE_ADDR |
			  1u << IPSEC_LATCH_TMPL_A_REMOTE_PORT);
	v[1].id = 6;
	check_parity(render_tmpl, v, NULL, 1, false, 25);
	check_parity(render_added, ids, added_rules, 1, true, 2);
	check_parity(render_added2, ids, added_rules, 1, false, 3);
}

static struct ipl_latch latch_fixture(void)
{
	struct ipl_latch l = { 0 };
	struct ipl_qop *q = &l.qop;
	unsigned int a;

	for (a = IPSEC_LATCH_LATCH_A_FAMILY; a <= IPSEC_LATCH_LATCH_A_MAX; a++)
		ipl_set(&l.present, a);
	l.present &= ~(1u << IPSEC_LATCH_LATCH_A_BYPASS_SPD |
		       1u << IPSEC_LATCH_LATCH_A_REQUESTED);
	l.family = AF_INET;
	l.proto = IPPROTO_TCP;
	set_addr(&l.local, "192.0.2.1");
	l.lport = 40000;
	set_addr(&l.remote, "192.0.2.2");
	l.rport = 80;
	l.state = IPSEC_LATCH_STATE_ESTABLISHED;
	l.action = IPSEC_LATCH_ACTION_PROTECT;
	l.template_id = 3;
	snprintf(l.peer_id, sizeof(l.peer_id), "bob.example");
	l.id_source = IPSEC_LATCH_ID_IKE;
	l.age_ms = 12345;
	l.idle_ms = 120;
	l.packets_in = 31;
	l.packets_out = 32;
	l.drops_in = 33;
	l.drops_out = 34;
	l.broken = 35;
	l.memory = 512;
	l.decision = IPSEC_LATCH_DECISION_PROTECTED;
	for (a = IPSEC_LATCH_QOP_A_XFRM_PROTO; a <= IPSEC_LATCH_QOP_A_MAX; a++)
		ipl_set(&q->present, a);
	q->xfrm_proto = IPPROTO_ESP;
	q->mode = XFRM_MODE_TRANSPORT;
	q->reqid = 41;
	set_addr(&q->peer, "192.0.2.9");
	snprintf(q->enc_alg, sizeof(q->enc_alg), "cbc(aes)");
	q->enc_bits = 256;
	snprintf(q->auth_alg, sizeof(q->auth_alg), "hmac(sha256)");
	q->auth_bits = 128;
	snprintf(q->aead_alg, sizeof(q->aead_alg), "rfc4106(gcm(aes))");
	q->aead_bits = 160;
	q->icv_bits = 96;
	q->spi_in = 0xc0ffee01;
	q->spi_out = 0xabcd;
	return l;
}

static int render_latch_list(FILE *f, bool json, const void *obj)
{
	return ipl_latch_print(f, json, obj, 3);
}

static void test_latch(void **state)
{
	struct ipl_latch v[3];

	(void)state;
	v[0] = latch_fixture();
	/* a flow in the clear, in transparent mode */
	v[1] = latch_fixture();
	v[1].action = IPSEC_LATCH_ACTION_BYPASS;
	v[1].decision = IPSEC_LATCH_DECISION_CLEAR_IN;
	v[1].template_id = 0;
	v[1].present |= 1u << IPSEC_LATCH_LATCH_A_BYPASS_SPD;
	v[1].present &= ~(1u << IPSEC_LATCH_LATCH_A_QOP |
			  1u << IPSEC_LATCH_LATCH_A_PEER_ID |
			  1u << IPSEC_LATCH_LATCH_A_ID_SOURCE);
	/* one its socket asked for: no template */
	v[2] = latch_fixture();
	v[2].present |= 1u << IPSEC_LATCH_LATCH_A_REQUESTED;
	v[2].present &= ~(1u << IPSEC_LATCH_LATCH_A_TEMPLATE_ID);
	check_parity(render_latch_list, v, NULL, 1, false, 50);
}

/* A latch event's and who's JSON: the latch as "latch list" has it. */
static void test_latch_views(void **state)
{
	struct ipl_latch l = latch_fixture();
	struct ipl_latch_event ev = { true, IPSEC_LATCH_EVENT_BROKEN, true, l };
	char *list, *who, *event, want[4096];
	struct capture c;
	size_t len;

	(void)state;
	assert_int_equal(ipl_latch_print(capture_open(&c), true, &l, 1), 0);
	list = capture_close(&c);
	len = strlen(list);
	assert_true(len > 3 && list[0] == '[' && list[len - 2] == ']');
	list[len - 2] = '\0';		/* the object alone */

	assert_int_equal(ipl_latch_print_who(capture_open(&c), true, &l), 0);
	who = capture_close(&c);
	snprintf(want, sizeof(want), "{\"schema\":1,%s\n", list + 2);
	assert_string_equal(who, want);

	assert_int_equal(ipl_latch_event_print(capture_open(&c), true, NULL,
					       &ev), 0);
	event = capture_close(&c);
	snprintf(want, sizeof(want),
		 "{\"schema\":1,\"event\":\"broken\",\"latch\":%s}\n",
		 list + 1);
	assert_string_equal(event, want);
	free(list);
	free(who);
	free(event);
}

static int render_identity(FILE *f, bool json, const void *obj)
{
	return ipl_identity_print(f, json, obj, 2);
}

static void test_identity(void **state)
{
	struct ipl_identity v[2] = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		v[i].present = 1u << IPSEC_LATCH_ID_A_FAMILY |
			       1u << IPSEC_LATCH_ID_A_PEER |
			       1u << IPSEC_LATCH_ID_A_REQID |
			       1u << IPSEC_LATCH_ID_A_ID;
		v[i].family = AF_INET6;
		v[i].reqid = 60 + i;
	}
	set_addr(&v[0].peer, "2001:db8::7");
	set_addr(&v[1].peer, "2001:db8::8");
	snprintf(v[0].id, sizeof(v[0].id), "C=CH, CN=bob");
	snprintf(v[1].id, sizeof(v[1].id), "carol.example");
	check_parity(render_identity, v, NULL, 1, false, 6);
}

static int render_spd(FILE *f, bool json, const void *obj)
{
	return ipl_spd_print(f, json, obj, 2);
}

static void test_spd_check(void **state)
{
	struct ipl_spd_policy p = {
		.dir = XFRM_POLICY_IN, .action = XFRM_POLICY_ALLOW,
		.priority = 1000, .family = AF_INET, .plen_d = 32,
		.proto = IPPROTO_TCP, .dport = 2049, .dport_mask = 0xffff,
		.n_tmpl = 1,
	};
	struct ipl_spd_finding f[2] = {
		{ IPL_SPD_REQUIRES, &p }, { IPL_SPD_NONE, NULL },
	};
	struct ipl_spd_result r[2] = {
		{ .id = 3, .v = f, .n = 2 },
		{ .id = 4, .v = NULL, .n = 0 },
	};

	(void)state;
	set_addr(&p.daddr, "192.0.2.2");
	set_addr(&p.saddr, "0.0.0.0");
	check_parity(render_spd, r, NULL, 1, false, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_resolution),
		cmocka_unit_test(test_template),
		cmocka_unit_test(test_latch),
		cmocka_unit_test(test_latch_views),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_spd_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
