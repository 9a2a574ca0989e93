// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ipsec-latchctl's GET_STATUS reply parsing and rendering
 * (tools/ipsec-latchctl/status.c, status_print.c, names.c), fed with
 * replies built here with libmnl.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/ipsec_latch.h>

#include "names.h"
#include "status.h"

static char msgbuf[16384];

static struct nlmsghdr *reply_start(void)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(msgbuf, 0, sizeof(msgbuf));
	nlh = mnl_nlmsg_put_header(msgbuf);
	nlh->nlmsg_type = 0x20;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = IPSEC_LATCH_CMD_GET_STATUS;
	g->version = IPSEC_LATCH_GENL_VERSION;
	return nlh;
}

/* What module/genl.c sends (its first counters), each set to 10 * type. */
static struct nlmsghdr *reply_like_module(void)
{
	struct nlmsghdr *nlh = reply_start();
	struct nlattr *nest;
	unsigned int t;

	mnl_attr_put_strz(nlh, IPSEC_LATCH_A_VERSION, "0.1.0");
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_PARAMS);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_PARAM_SA_EVENT_LOG, 1);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_COUNTERS);
	for (t = IPSEC_LATCH_CTR_PAD + 1; t <= IPSEC_LATCH_CTR_POLICY_CHANGE; t++) {
		/* nla_put_u64_64bit may emit a PAD attribute first */
		mnl_attr_put(nlh, IPSEC_LATCH_CTR_PAD, 0, NULL);
		mnl_attr_put_u64(nlh, t, 10 * t);
	}
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static char *render(const struct ipl_status *st, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret;

	assert_non_null(f);
	ret = json ? ipl_status_print_json(f, st) :
		     ipl_status_print_text(f, st);
	assert_int_equal(ret, 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void check_render(const struct ipl_status *st, bool json,
			 const char *want)
{
	char *got = render(st, json);

	assert_string_equal(got, want);
	free(got);
}

static void test_module_reply(void **state)
{
	struct ipl_status st = { 0 };

	(void)state;
	assert_int_equal(ipl_status_parse(reply_like_module(), &st), 0);
	assert_true(st.seen);
	assert_true(st.has_version);
	assert_string_equal(st.version, "0.1.0");
	assert_int_equal(st.n_params, 1);
	assert_int_equal(st.n_counters, IPSEC_LATCH_CTR_POLICY_CHANGE - 1);

	check_render(&st, false,
		     "module: ipsec_latch 0.1.0\n"
		     "parameters:\n"
		     "  sa_event_log: 1\n"
		     "counters (this netns):\n"
		     "  sa_new: 20\n"
		     "  sa_update: 30\n"
		     "  sa_delete: 40\n"
		     "  sa_expire: 50\n"
		     "  sa_flush: 60\n"
		     "  acquire: 70\n"
		     "  policy_change: 80\n");
	check_render(&st, true,
		     "{\"module\":{\"name\":\"ipsec_latch\","
		     "\"version\":\"0.1.0\"},"
		     "\"parameters\":{\"sa_event_log\":1},"
		     "\"counters\":{\"sa_new\":20,\"sa_update\":30,"
		     "\"sa_delete\":40,\"sa_expire\":50,\"sa_flush\":60,"
		     "\"acquire\":70,\"policy_change\":80}}\n");
}

/*
 * A newer module: unknown top-level attribute ignored, unknown params and
 * counters kept under generic names, sorted by number, duplicates replaced,
 * other integer widths accepted, odd widths skipped.
 */
static void test_newer_module(void **state)
{
	struct nlmsghdr *nlh = reply_start();
	struct ipl_status st = { 0 };
	struct nlattr *nest;
	uint8_t odd[3] = { 1, 2, 3 };

	(void)state;
	mnl_attr_put_u32(nlh, 99, 7);
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_COUNTERS);
	mnl_attr_put_u64(nlh, 200, UINT64_MAX);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_CTR_SA_NEW, 5);
	mnl_attr_put_u64(nlh, IPSEC_LATCH_CTR_SA_NEW, 3);	/* replaces */
	mnl_attr_put(nlh, 201, sizeof(odd), odd);		/* skipped */
	mnl_attr_put_u64(nlh, IPSEC_LATCH_CTR_UNSPEC, 1);	/* skipped */
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_PARAMS);
	mnl_attr_put_u8(nlh, 77, 2);
	mnl_attr_put_u16(nlh, IPSEC_LATCH_PARAM_SA_EVENT_LOG, 0);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_strz(nlh, IPSEC_LATCH_A_VERSION, "9.9 \"beta\"");

	assert_int_equal(ipl_status_parse(nlh, &st), 0);
	assert_int_equal(st.n_counters, 2);
	assert_int_equal(st.n_params, 2);

	check_render(&st, false,
		     "module: ipsec_latch 9.9 \"beta\"\n"
		     "parameters:\n"
		     "  sa_event_log: 0\n"
		     "  param_77: 2\n"
		     "counters (this netns):\n"
		     "  sa_new: 3\n"
		     "  counter_200: 18446744073709551615\n");
	check_render(&st, true,
		     "{\"module\":{\"name\":\"ipsec_latch\","
		     "\"version\":\"9.9 \\\"beta\\\"\"},"
		     "\"parameters\":{\"sa_event_log\":0,\"param_77\":2},"
		     "\"counters\":{\"sa_new\":3,"
		     "\"counter_200\":18446744073709551615}}\n");
}

static void test_empty_reply(void **state)
{
	struct ipl_status st = { 0 };

	(void)state;
	assert_int_equal(ipl_status_parse(reply_start(), &st), 0);
	assert_true(st.seen);
	assert_false(st.has_version);
	check_render(&st, false,
		     "module: ipsec_latch (version unknown)\n"
		     "parameters:\n"
		     "  (none)\n"
		     "counters (this netns):\n"
		     "  (none)\n");
	check_render(&st, true,
		     "{\"module\":{\"name\":\"ipsec_latch\",\"version\":null},"
		     "\"parameters\":{},\"counters\":{}}\n");
}

static void test_version_unterminated_and_long(void **state)
{
	struct nlmsghdr *nlh = reply_start();
	struct ipl_status st = { 0 };
	char big[200];

	(void)state;
	mnl_attr_put(nlh, IPSEC_LATCH_A_VERSION, 3, "1.2");	/* no NUL */
	assert_int_equal(ipl_status_parse(nlh, &st), 0);
	assert_string_equal(st.version, "1.2");

	memset(&st, 0, sizeof(st));
	memset(big, 'v', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	nlh = reply_start();
	mnl_attr_put_strz(nlh, IPSEC_LATCH_A_VERSION, big);
	assert_int_equal(ipl_status_parse(nlh, &st), 0);
	assert_int_equal(strlen(st.version), IPL_VERSION_LEN - 1);
}

static void test_malformed(void **state)
{
	struct ipl_status st = { 0 };
	struct nlmsghdr *nlh;

	(void)state;
	/* no room for the genetlink header */
	nlh = mnl_nlmsg_put_header(msgbuf);
	errno = 0;
	assert_int_equal(ipl_status_parse(nlh, &st), -1);
	assert_int_equal(errno, EBADMSG);

	/* nest attribute too short to be a nest */
	nlh = reply_start();
	mnl_attr_put_u16(nlh, IPSEC_LATCH_A_COUNTERS, 1);
	errno = 0;
	assert_int_equal(ipl_status_parse(nlh, &st), -1);
	assert_int_equal(errno, EBADMSG);

	/* empty version string attribute */
	nlh = reply_start();
	mnl_attr_put(nlh, IPSEC_LATCH_A_VERSION, 0, NULL);
	errno = 0;
	assert_int_equal(ipl_status_parse(nlh, &st), -1);
	assert_int_equal(errno, EBADMSG);
}

static void test_too_many_items(void **state)
{
	struct nlmsghdr *nlh = reply_start();
	struct ipl_status *st = calloc(1, sizeof(*st));
	struct nlattr *nest;
	unsigned int t;

	(void)state;
	assert_non_null(st);
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_COUNTERS);
	for (t = 2; t < 2 + IPL_STATUS_MAX_ITEMS + 1; t++)
		mnl_attr_put_u64(nlh, t, t);
	mnl_attr_nest_end(nlh, nest);
	errno = 0;
	assert_int_equal(ipl_status_parse(nlh, st), -1);
	assert_int_equal(errno, EOVERFLOW);
	free(st);
}

/* Every uapi param and counter has a name; others get generic labels. */
static void test_names(void **state)
{
	char buf[IPL_LABEL_LEN];
	unsigned int t;

	(void)state;
	for (t = IPSEC_LATCH_PARAM_UNSPEC + 1; t <= IPSEC_LATCH_PARAM_MAX; t++)
		assert_non_null(ipl_param_name(t));
	for (t = IPSEC_LATCH_CTR_PAD + 1; t <= IPSEC_LATCH_CTR_MAX; t++)
		assert_non_null(ipl_counter_name(t));
	assert_null(ipl_param_name(IPSEC_LATCH_PARAM_UNSPEC));
	assert_null(ipl_counter_name(IPSEC_LATCH_CTR_PAD));
	assert_null(ipl_counter_name(IPSEC_LATCH_CTR_MAX + 1));

	assert_string_equal(ipl_counter_name(IPSEC_LATCH_CTR_SA_NEW), "sa_new");
	assert_string_equal(ipl_counter_name(IPSEC_LATCH_CTR_POLICY_CHANGE),
			    "policy_change");
	assert_string_equal(ipl_param_name(IPSEC_LATCH_PARAM_SA_EVENT_LOG),
			    "sa_event_log");
	assert_string_equal(ipl_counter_label(16383, buf, sizeof(buf)),
			    "counter_16383");
	assert_string_equal(ipl_param_label(4000000000u, buf, sizeof(buf)),
			    "param_4000000000");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_module_reply),
		cmocka_unit_test(test_newer_module),
		cmocka_unit_test(test_empty_reply),
		cmocka_unit_test(test_version_unterminated_and_long),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_too_many_items),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
