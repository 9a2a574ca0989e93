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
#include "capture.h"
#include "genl_msg.h"
#include "status.h"

static char msgbuf[16384];

static struct nlmsghdr *reply_start(void)
{
	return genl_msg_start(msgbuf, sizeof(msgbuf),
			      IPSEC_LATCH_CMD_GET_STATUS);
}

/*
 * What the first module version sent: the SA event param, the SA and
 * policy counters, each set to 10 * type; no mode.
 */
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

/*
 * What module/genl.c sends with SA resolution: every param (mode: queue,
 * the others 100 * type), every counter (10 * type) and the netns mode;
 * the latching members come in reply_with_latching().
 */
static struct nlmsghdr *reply_with_resolution(uint32_t netns_mode)
{
	struct nlmsghdr *nlh = reply_start();
	struct nlattr *nest;
	unsigned int t;

	mnl_attr_put_strz(nlh, IPSEC_LATCH_A_VERSION, "0.2.0");
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_PARAMS);
	for (t = IPSEC_LATCH_PARAM_UNSPEC + 1; t <= IPSEC_LATCH_PARAM_MAX; t++)
		mnl_attr_put_u32(nlh, t, t == IPSEC_LATCH_PARAM_MODE ?
				 IPSEC_LATCH_MODE_QUEUE : 100 * t);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_COUNTERS);
	for (t = IPSEC_LATCH_CTR_PAD + 1; t <= IPSEC_LATCH_CTR_MAX; t++) {
		mnl_attr_put(nlh, IPSEC_LATCH_CTR_PAD, 0, NULL);
		mnl_attr_put_u64(nlh, t, 10 * t);
	}
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_A_MODE, netns_mode);
	return nlh;
}

/* A view of the status, as text or JSON. */
struct view {
	bool json;
	enum ipl_status_view view;
};

#define STATUS_TEXT	((struct view){ false, IPL_STATUS_ALL })
#define STATUS_JSON	((struct view){ true, IPL_STATUS_ALL })
#define RES_TEXT	((struct view){ false, IPL_STATUS_RESOLUTION })
#define RES_JSON	((struct view){ true, IPL_STATUS_RESOLUTION })
#define LATCH_TEXT	((struct view){ false, IPL_STATUS_LATCHING })
#define LATCH_JSON	((struct view){ true, IPL_STATUS_LATCHING })

static char *render_with(const struct ipl_status *st, struct view v)
{
	struct capture c;

	assert_int_equal(ipl_status_print(capture_open(&c), v.json, st,
					  v.view), 0);
	return capture_close(&c);
}

static void check_with(const struct ipl_status *st, struct view v,
		       const char *want)
{
	char *got = render_with(st, v);

	assert_string_equal(got, want);
	free(got);
}

/* "status" */
static void check_render(const struct ipl_status *st, bool json,
			 const char *want)
{
	check_with(st, json ? STATUS_JSON : STATUS_TEXT, want);
}

/* "resolve stats" */
static void check_render_res(const struct ipl_status *st, bool json,
			     const char *want)
{
	check_with(st, json ? RES_JSON : RES_TEXT, want);
}

/* "latch stats" */
static void check_render_latch(const struct ipl_status *st, bool json,
			       const char *want)
{
	check_with(st, json ? LATCH_JSON : LATCH_TEXT, want);
}

/* "latch stats" text and JSON hold these. */
static void check_latch_has(const struct ipl_status *st, const char *text,
			    const char *json)
{
	char *got = render_with(st, LATCH_TEXT);

	if (!strstr(got, text))
		fail_msg("'%s' lacks '%s'", got, text);
	free(got);
	got = render_with(st, LATCH_JSON);
	if (!strstr(got, json))
		fail_msg("'%s' lacks '%s'", got, json);
	free(got);
}

/* The latching counters of reply_with_resolution(), 10 * type. */
#define LATCH_COUNTERS_TEXT \
	"  latch_created: 240\n" \
	"  latch_broken: 250\n" \
	"  latch_restored: 260\n" \
	"  latch_closed: 270\n" \
	"  latch_freed: 280\n" \
	"  latch_table_full: 290\n" \
	"  drop_latch_clear_in: 300\n" \
	"  drop_latch_clear_out: 310\n" \
	"  drop_latch_peer_in: 320\n" \
	"  drop_latch_peer_out: 330\n" \
	"  drop_latch_full: 340\n" \
	"  latch_fallback: 350\n" \
	"  bypass_spd_added: 360\n" \
	"  bypass_spd_failed: 370\n" \
	"  spd_refused_clear: 380\n"

#define LATCH_COUNTERS_JSON \
	"\"latch_created\":240,\"latch_broken\":250," \
	"\"latch_restored\":260,\"latch_closed\":270," \
	"\"latch_freed\":280,\"latch_table_full\":290," \
	"\"drop_latch_clear_in\":300,\"drop_latch_clear_out\":310," \
	"\"drop_latch_peer_in\":320,\"drop_latch_peer_out\":330," \
	"\"drop_latch_full\":340,\"latch_fallback\":350," \
	"\"bypass_spd_added\":360,\"bypass_spd_failed\":370," \
	"\"spd_refused_clear\":380"

/* The latching counters appended after the resolution ones. */
#define LATCH_COUNTERS_LATE_TEXT \
	"  latch_peer_full: 410\n" \
	"  latch_no_socket: 420\n"
#define LATCH_COUNTERS_LATE_JSON \
	",\"latch_peer_full\":410,\"latch_no_socket\":420"

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
		     "{\"schema\":1,\"module\":{\"name\":\"ipsec_latch\","
		     "\"version\":\"0.1.0\"},"
		     "\"parameters\":{\"sa_event_log\":1},\"mode\":null,"
		     "\"transparent\":null,\"transparent_fallback_ms\":null,\"sock_requests\":null,\"sock_request_count\":null,"
		     "\"latches\":null,"
		     "\"latch_bytes\":null,"
		     "\"counters\":{\"sa_new\":20,\"sa_update\":30,"
		     "\"sa_delete\":40,\"sa_expire\":50,\"sa_flush\":60,"
		     "\"acquire\":70,\"policy_change\":80},"
		     "\"hooks\":null,\"hook_calls\":null,\"hook_missed\":null}\n");
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
		     "{\"schema\":1,\"module\":{\"name\":\"ipsec_latch\","
		     "\"version\":\"9.9 \\\"beta\\\"\"},"
		     "\"parameters\":{\"sa_event_log\":0,\"param_77\":2},"
		     "\"mode\":null,\"transparent\":null,"
		     "\"transparent_fallback_ms\":null,\"sock_requests\":null,\"sock_request_count\":null,\"latches\":null,"
		     "\"latch_bytes\":null,\"counters\":{\"sa_new\":3,"
		     "\"counter_200\":18446744073709551615},"
		     "\"hooks\":null,\"hook_calls\":null,\"hook_missed\":null}\n");
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
		     "{\"schema\":1,\"module\":{\"name\":\"ipsec_latch\",\"version\":null},"
		     "\"parameters\":{},\"mode\":null,\"transparent\":null,"
		     "\"transparent_fallback_ms\":null,\"sock_requests\":null,\"sock_request_count\":null,"
		     "\"latches\":null,\"latch_bytes\":null,\"counters\":{},"
		     "\"hooks\":null,\"hook_calls\":null,\"hook_missed\":null}\n");
}

static void test_resolution_reply(void **state)
{
	struct ipl_status st = { 0 };

	(void)state;
	assert_int_equal(ipl_status_parse(reply_with_resolution(
					  IPSEC_LATCH_MODE_WAIT), &st), 0);
	assert_true(st.has_mode);
	assert_int_equal(st.mode, IPSEC_LATCH_MODE_WAIT);
	assert_int_equal(st.n_params, IPSEC_LATCH_PARAM_MAX);
	assert_int_equal(st.n_counters, IPSEC_LATCH_CTR_MAX - 1);

	check_render(&st, false,
		     "module: ipsec_latch 0.2.0\n"
		     "parameters:\n"
		     "  sa_event_log: 100\n"
		     "  mode: queue\n"
		     "  resolve_timeout_ms: 300\n"
		     "  max_resolutions: 400\n"
		     "  max_queue_packets: 500\n"
		     "  max_queue_bytes: 600\n"
		     "  max_netns_bytes: 700\n"
		     "  max_resolution_flows: 800\n"
		     "  max_latches: 900\n"
		     "  max_templates: 1000\n"
		     "  max_identities: 1100\n"
		     "  latch_hold_ms: 1200\n"
		     "  latch_idle_ms: 1300\n"
		     "  max_latches_per_peer: 1400\n"
		     "  release_inline: 1500\n"
		     "  max_latches_total: 1600\n"
		     "  max_resolutions_total: 1700\n"
		     "  max_held_bytes_total: 1800\n"
		     "  max_sock_requests: 1900\n"
		     "mode (this netns): wait\n"
		     "counters (this netns):\n"
		     "  sa_new: 20\n"
		     "  sa_update: 30\n"
		     "  sa_delete: 40\n"
		     "  sa_expire: 50\n"
		     "  sa_flush: 60\n"
		     "  acquire: 70\n"
		     "  policy_change: 80\n"
		     "  res_created: 90\n"
		     "  res_resolved: 100\n"
		     "  res_failed: 110\n"
		     "  res_timeout: 120\n"
		     "  res_table_full: 130\n"
		     "  pkt_queued: 140\n"
		     "  pkt_released: 150\n"
		     "  drop_queue_full: 160\n"
		     "  drop_netns_full: 170\n"
		     "  drop_failed: 180\n"
		     "  drop_would_block: 190\n"
		     "  drop_reroute: 200\n"
		     "  drop_unload: 210\n"
		     "  waits: 220\n"
		     "  res_flows_full: 230\n"
		     LATCH_COUNTERS_TEXT
		     "  drop_dev_gone: 390\n"
		     "  res_records_full: 400\n"
		     LATCH_COUNTERS_LATE_TEXT
		     "  pkt_release_deferred: 430\n"
		     "  sock_requests_full: 440\n");
	check_render(&st, true,
		     "{\"schema\":1,\"module\":{\"name\":\"ipsec_latch\","
		     "\"version\":\"0.2.0\"},"
		     "\"parameters\":{\"sa_event_log\":100,\"mode\":\"queue\","
		     "\"resolve_timeout_ms\":300,\"max_resolutions\":400,"
		     "\"max_queue_packets\":500,\"max_queue_bytes\":600,"
		     "\"max_netns_bytes\":700,\"max_resolution_flows\":800,"
		     "\"max_latches\":900,\"max_templates\":1000,"
		     "\"max_identities\":1100,\"latch_hold_ms\":1200,"
		     "\"latch_idle_ms\":1300,\"max_latches_per_peer\":1400,"
		     "\"release_inline\":1500,\"max_latches_total\":1600,"
		     "\"max_resolutions_total\":1700,"
		     "\"max_held_bytes_total\":1800,"
		     "\"max_sock_requests\":1900},"
		     "\"mode\":\"wait\",\"transparent\":null,"
		     "\"transparent_fallback_ms\":null,\"sock_requests\":null,\"sock_request_count\":null,\"latches\":null,"
		     "\"latch_bytes\":null,"
		     "\"counters\":{\"sa_new\":20,\"sa_update\":30,"
		     "\"sa_delete\":40,\"sa_expire\":50,\"sa_flush\":60,"
		     "\"acquire\":70,\"policy_change\":80,"
		     "\"res_created\":90,\"res_resolved\":100,"
		     "\"res_failed\":110,\"res_timeout\":120,"
		     "\"res_table_full\":130,\"pkt_queued\":140,"
		     "\"pkt_released\":150,\"drop_queue_full\":160,"
		     "\"drop_netns_full\":170,\"drop_failed\":180,"
		     "\"drop_would_block\":190,\"drop_reroute\":200,"
		     "\"drop_unload\":210,\"waits\":220,"
		     "\"res_flows_full\":230," LATCH_COUNTERS_JSON
		     ",\"drop_dev_gone\":390,\"res_records_full\":400"
		     LATCH_COUNTERS_LATE_JSON ",\"pkt_release_deferred\":430,"
		     "\"sock_requests_full\":440},"
		     "\"hooks\":null,\"hook_calls\":null,\"hook_missed\":null}\n");

	/* resolve stats: the mode and only the resolution counters */
	check_render_res(&st, false,
			 "mode (this netns): wait\n"
			 "counters (this netns):\n"
			 "  res_created: 90\n"
			 "  res_resolved: 100\n"
			 "  res_failed: 110\n"
			 "  res_timeout: 120\n"
			 "  res_table_full: 130\n"
			 "  pkt_queued: 140\n"
			 "  pkt_released: 150\n"
			 "  drop_queue_full: 160\n"
			 "  drop_netns_full: 170\n"
			 "  drop_failed: 180\n"
			 "  drop_would_block: 190\n"
			 "  drop_reroute: 200\n"
			 "  drop_unload: 210\n"
			 "  waits: 220\n"
			 "  res_flows_full: 230\n"
			 "  drop_dev_gone: 390\n"
			 "  res_records_full: 400\n"
			 "  pkt_release_deferred: 430\n");
	check_render_res(&st, true,
			 "{\"schema\":1,\"mode\":\"wait\",\"counters\":{"
			 "\"res_created\":90,\"res_resolved\":100,"
			 "\"res_failed\":110,\"res_timeout\":120,"
			 "\"res_table_full\":130,\"pkt_queued\":140,"
			 "\"pkt_released\":150,\"drop_queue_full\":160,"
			 "\"drop_netns_full\":170,\"drop_failed\":180,"
			 "\"drop_would_block\":190,\"drop_reroute\":200,"
			 "\"drop_unload\":210,\"waits\":220,"
			 "\"res_flows_full\":230,\"drop_dev_gone\":390,"
			 "\"res_records_full\":400,"
			 "\"pkt_release_deferred\":430}}\n");
}

/* Modes by name in both places; a newer module's numbers as mode_<n>. */
static void test_modes(void **state)
{
	struct ipl_status st = { 0 };
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	(void)state;
	assert_int_equal(ipl_status_parse(reply_with_resolution(
					  IPSEC_LATCH_MODE_OFF), &st), 0);
	check_render_res(&st, false,
			 "mode (this netns): off\n"
			 "counters (this netns):\n"
			 "  res_created: 90\n"
			 "  res_resolved: 100\n"
			 "  res_failed: 110\n"
			 "  res_timeout: 120\n"
			 "  res_table_full: 130\n"
			 "  pkt_queued: 140\n"
			 "  pkt_released: 150\n"
			 "  drop_queue_full: 160\n"
			 "  drop_netns_full: 170\n"
			 "  drop_failed: 180\n"
			 "  drop_would_block: 190\n"
			 "  drop_reroute: 200\n"
			 "  drop_unload: 210\n"
			 "  waits: 220\n"
			 "  res_flows_full: 230\n"
			 "  drop_dev_gone: 390\n"
			 "  res_records_full: 400\n"
			 "  pkt_release_deferred: 430\n");

	memset(&st, 0, sizeof(st));
	nlh = reply_start();
	mnl_attr_put_u8(nlh, IPSEC_LATCH_A_MODE, 9);
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_PARAMS);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_PARAM_MODE, 7);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_COUNTERS);
	mnl_attr_put_u64(nlh, IPSEC_LATCH_CTR_SA_NEW, 1);
	mnl_attr_put_u64(nlh, 300, 2);		/* unknown: not shown */
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(ipl_status_parse(nlh, &st), 0);
	check_render(&st, false,
		     "module: ipsec_latch (version unknown)\n"
		     "parameters:\n"
		     "  mode: mode_7\n"
		     "mode (this netns): mode_9\n"
		     "counters (this netns):\n"
		     "  sa_new: 1\n"
		     "  counter_300: 2\n");
	check_render(&st, true,
		     "{\"schema\":1,\"module\":{\"name\":\"ipsec_latch\",\"version\":null},"
		     "\"parameters\":{\"mode\":\"mode_7\"},\"mode\":\"mode_9\","
		     "\"transparent\":null,\"transparent_fallback_ms\":null,\"sock_requests\":null,\"sock_request_count\":null,"
		     "\"latches\":null,"
		     "\"latch_bytes\":null,"
		     "\"counters\":{\"sa_new\":1,\"counter_300\":2},"
		     "\"hooks\":null,\"hook_calls\":null,\"hook_missed\":null}\n");
	check_render_res(&st, false,
			 "mode (this netns): mode_9\n"
			 "counters (this netns):\n"
			 "  (none)\n");
	check_render_res(&st, true,
			 "{\"schema\":1,\"mode\":\"mode_9\",\"counters\":{}}\n");

	/* an older module: no mode at all */
	memset(&st, 0, sizeof(st));
	assert_int_equal(ipl_status_parse(reply_like_module(), &st), 0);
	assert_false(st.has_mode);
	check_render_res(&st, false, "counters (this netns):\n  (none)\n");
	check_render_res(&st, true, "{\"schema\":1,\"mode\":null,\"counters\":{}}\n");

	/* a mode of no integer size */
	memset(&st, 0, sizeof(st));
	nlh = reply_start();
	mnl_attr_put(nlh, IPSEC_LATCH_A_MODE, 3, "abc");
	assert_ebadmsg(ipl_status_parse(nlh, &st));
}

/*
 * With connection latching: transparent mode (and its fallback, unless
 * 0), latch count and size.
 */
static struct nlmsghdr *reply_with_latching(uint8_t transparent,
					    uint32_t fallback_ms)
{
	struct nlmsghdr *nlh = reply_with_resolution(IPSEC_LATCH_MODE_QUEUE);

	mnl_attr_put_u8(nlh, IPSEC_LATCH_A_TRANSPARENT, transparent);
	if (fallback_ms)
		mnl_attr_put_u32(nlh, IPSEC_LATCH_A_FALLBACK_MS, fallback_ms);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_A_LATCH_COUNT, 3);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_A_LATCH_BYTES, 512);
	return nlh;
}

/* Whether applications may ask for latches, and how many did. */
static void test_sock_requests(void **state)
{
	struct ipl_status st = { 0 };
	struct nlmsghdr *nlh;

	(void)state;
	nlh = reply_with_latching(IPSEC_LATCH_TRANSPARENT_OFF, 0);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_A_SOCK_REQUESTS, 1);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_A_SOCK_REQUEST_COUNT, 7);
	assert_int_equal(ipl_status_parse(nlh, &st), 0);
	check_latch_has(&st, "transparent: off\nsocket requests: on (7 live)\nlatches: 3\n",
			"\"sock_requests\":true,\"sock_request_count\":7,");

	memset(&st, 0, sizeof(st));
	nlh = reply_with_latching(IPSEC_LATCH_TRANSPARENT_OFF, 0);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_A_SOCK_REQUESTS, 0);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_A_SOCK_REQUEST_COUNT, 0);
	assert_int_equal(ipl_status_parse(nlh, &st), 0);
	check_latch_has(&st, "socket requests: off (0 live)\n",
			"\"sock_requests\":false,\"sock_request_count\":0,");
}

static void test_latching_reply(void **state)
{
	struct ipl_status st = { 0 };
	char *text;

	(void)state;
	assert_int_equal(ipl_status_parse(reply_with_latching(
		IPSEC_LATCH_TRANSPARENT_PROTECT, 2000), &st), 0);
	assert_true(st.has_transparent);
	assert_int_equal(st.transparent, IPSEC_LATCH_TRANSPARENT_PROTECT);
	assert_true(st.has_fallback_ms);
	assert_int_equal(st.fallback_ms, 2000);
	assert_true(st.has_latch_count);
	assert_int_equal(st.latch_count, 3);
	assert_true(st.has_latch_bytes);
	assert_int_equal(st.latch_bytes, 512);

	/* status: after the netns mode, before the counters */
	text = render_with(&st, STATUS_TEXT);
	assert_non_null(strstr(text,
			       "mode (this netns): queue\n"
			       "transparent: protect\n"
			       "latches: 3\n"
			       "latch memory: 512 bytes each\n"
			       "counters (this netns):\n"
			       "  sa_new: 20\n"));
	assert_non_null(strstr(text, LATCH_COUNTERS_TEXT));
	free(text);
	text = render_with(&st, STATUS_JSON);
	assert_non_null(strstr(text,
			       "\"mode\":\"queue\",\"transparent\":\"protect\","
			       "\"transparent_fallback_ms\":null,\"sock_requests\":null,\"sock_request_count\":null,"
			       "\"latches\":3,\"latch_bytes\":512,"
			       "\"counters\":{\"sa_new\":20,"));
	free(text);

	/* latch stats: those, and only the latching counters */
	check_render_latch(&st, false,
			   "transparent: protect\n"
			   "latches: 3\n"
			   "latch memory: 512 bytes each\n"
			   "counters (this netns):\n"
			   LATCH_COUNTERS_TEXT LATCH_COUNTERS_LATE_TEXT
			   "  sock_requests_full: 440\n");
	check_render_latch(&st, true,
			   "{\"schema\":1,\"transparent\":\"protect\","
			   "\"transparent_fallback_ms\":null,\"sock_requests\":null,\"sock_request_count\":null,\"latches\":3,"
			   "\"latch_bytes\":512,\"counters\":{"
			   LATCH_COUNTERS_JSON LATCH_COUNTERS_LATE_JSON
			   ",\"sock_requests_full\":440}}\n");

	/* resolve stats is not affected */
	text = render_with(&st, RES_TEXT);
	assert_null(strstr(text, "latch"));
	assert_null(strstr(text, "transparent"));
	free(text);

	memset(&st, 0, sizeof(st));
	assert_int_equal(ipl_status_parse(reply_with_latching(
		IPSEC_LATCH_TRANSPARENT_OFF, 0), &st), 0);
	assert_true(st.has_transparent);
	assert_int_equal(st.transparent, IPSEC_LATCH_TRANSPARENT_OFF);
	assert_false(st.has_fallback_ms);
	check_latch_has(&st, "transparent: off\n",
			"{\"schema\":1,\"transparent\":\"off\","
			"\"transparent_fallback_ms\":null,\"sock_requests\":null,\"sock_request_count\":null,");

	/* bypass-or-protect, with the fallback it uses */
	memset(&st, 0, sizeof(st));
	assert_int_equal(ipl_status_parse(reply_with_latching(
		IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT, 2500), &st), 0);
	check_render_latch(&st, false,
			   "transparent: bypass-or-protect (fallback 2500ms)\n"
			   "latches: 3\n"
			   "latch memory: 512 bytes each\n"
			   "counters (this netns):\n"
			   LATCH_COUNTERS_TEXT LATCH_COUNTERS_LATE_TEXT
			   "  sock_requests_full: 440\n");
	check_render_latch(&st, true,
			   "{\"schema\":1,\"transparent\":\"bypass-or-protect\","
			   "\"transparent_fallback_ms\":2500,\"sock_requests\":null,\"sock_request_count\":null,\"latches\":3,"
			   "\"latch_bytes\":512,\"counters\":{"
			   LATCH_COUNTERS_JSON LATCH_COUNTERS_LATE_JSON
			   ",\"sock_requests_full\":440}}\n");
	text = render_with(&st, STATUS_TEXT);
	assert_non_null(strstr(text,
			       "mode (this netns): queue\n"
			       "transparent: bypass-or-protect (fallback 2500ms)\n"
			       "latches: 3\n"));
	free(text);
	text = render_with(&st, STATUS_JSON);
	assert_non_null(strstr(text,
			       "\"transparent\":\"bypass-or-protect\","
			       "\"transparent_fallback_ms\":2500,\"sock_requests\":null,\"sock_request_count\":null,"));
	free(text);

	/* ...without one from the module: none shown */
	memset(&st, 0, sizeof(st));
	assert_int_equal(ipl_status_parse(reply_with_latching(
		IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT, 0), &st), 0);
	check_latch_has(&st, "transparent: bypass-or-protect\n",
			"{\"schema\":1,\"transparent\":\"bypass-or-protect\","
			"\"transparent_fallback_ms\":null,\"sock_requests\":null,\"sock_request_count\":null,");
}

/* An older module: no latching members; other widths; malformed ones. */
static void test_latching_absent_and_odd(void **state)
{
	struct ipl_status st = { 0 };
	struct nlmsghdr *nlh;

	(void)state;
	assert_int_equal(ipl_status_parse(reply_like_module(), &st), 0);
	assert_false(st.has_transparent);
	assert_false(st.has_latch_count);
	assert_false(st.has_latch_bytes);
	check_render_latch(&st, false, "counters (this netns):\n  (none)\n");
	check_render_latch(&st, true,
			   "{\"schema\":1,\"transparent\":null,\"transparent_fallback_ms\":null,\"sock_requests\":null,\"sock_request_count\":null,"
			   "\"latches\":null,\"latch_bytes\":null,"
			   "\"counters\":{}}\n");

	/* a module that sends them wider */
	memset(&st, 0, sizeof(st));
	nlh = reply_start();
	mnl_attr_put_u32(nlh, IPSEC_LATCH_A_TRANSPARENT,
			 IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT);
	mnl_attr_put_u16(nlh, IPSEC_LATCH_A_FALLBACK_MS, 100);
	mnl_attr_put_u64(nlh, IPSEC_LATCH_A_LATCH_COUNT, 1ULL << 33);
	mnl_attr_put_u16(nlh, IPSEC_LATCH_A_LATCH_BYTES, 448);
	assert_int_equal(ipl_status_parse(nlh, &st), 0);
	check_render_latch(&st, false,
			   "transparent: bypass-or-protect (fallback 100ms)\n"
			   "latches: 8589934592\n"
			   "latch memory: 448 bytes each\n"
			   "counters (this netns):\n"
			   "  (none)\n");

	/* a mode this tool has no name for; its fallback is not shown */
	memset(&st, 0, sizeof(st));
	nlh = reply_start();
	mnl_attr_put_u8(nlh, IPSEC_LATCH_A_TRANSPARENT, 7);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_A_FALLBACK_MS, 100);
	assert_int_equal(ipl_status_parse(nlh, &st), 0);
	check_render_latch(&st, false,
			   "transparent: transparent_7\n"
			   "counters (this netns):\n"
			   "  (none)\n");
	check_render_latch(&st, true,
			   "{\"schema\":1,\"transparent\":\"transparent_7\","
			   "\"transparent_fallback_ms\":null,\"sock_requests\":null,\"sock_request_count\":null,"
			   "\"latches\":null,\"latch_bytes\":null,"
			   "\"counters\":{}}\n");

	/* of no integer size */
	memset(&st, 0, sizeof(st));
	nlh = reply_start();
	mnl_attr_put(nlh, IPSEC_LATCH_A_TRANSPARENT, 3, "abc");
	assert_ebadmsg(ipl_status_parse(nlh, &st));
	nlh = reply_start();
	mnl_attr_put(nlh, IPSEC_LATCH_A_LATCH_COUNT, 5, "abcde");
	assert_ebadmsg(ipl_status_parse(nlh, &st));
	nlh = reply_start();
	mnl_attr_put(nlh, IPSEC_LATCH_A_LATCH_BYTES, 0, NULL);
	assert_ebadmsg(ipl_status_parse(nlh, &st));
	nlh = reply_start();
	mnl_attr_put(nlh, IPSEC_LATCH_A_FALLBACK_MS, 3, "abc");
	assert_ebadmsg(ipl_status_parse(nlh, &st));
}

/*
 * Module-wide hook figures (sent to the machine's administrator only):
 * named by kernel function, unknown numbers kept, shown after the counters.
 */
static void test_hooks(void **state)
{
	struct nlmsghdr *nlh = reply_start();
	struct ipl_status st = { 0 };
	struct nlattr *nest;

	(void)state;
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_HOOK_CALLS);
	mnl_attr_put_u64(nlh, IPSEC_LATCH_HOOK_INET_SENDMSG, 5);
	mnl_attr_put_u64(nlh, IPSEC_LATCH_HOOK_XFRM_STATE_FIND, 7);
	mnl_attr_put_u64(nlh, IPSEC_LATCH_HOOK_NF_IPV6_LOCAL_OUT, 9);
	mnl_attr_put_u64(nlh, 99, 1);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_HOOK_MISSED);
	mnl_attr_put(nlh, IPSEC_LATCH_HOOK_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, IPSEC_LATCH_HOOK_XFRM_STATE_FIND, 2);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_A_HOOKS_ARMED, 0);
	assert_int_equal(ipl_status_parse(nlh, &st), 0);
	assert_int_equal(st.n_hook_calls, 4);
	assert_int_equal(st.n_hook_missed, 1);

	check_render(&st, false,
		     "module: ipsec_latch (version unknown)\n"
		     "parameters:\n"
		     "  (none)\n"
		     "counters (this netns):\n"
		     "  (none)\n"
		     "hooks: idle\n"
		     "hook calls (all netns):\n"
		     "  inet_sendmsg: 5\n"
		     "  xfrm_state_find: 7\n"
		     "  nf_ipv6_local_out: 9\n"
		     "  hook_99: 1\n"
		     "hook misses (all netns; the kernel acted as stock):\n"
		     "  xfrm_state_find: 2\n");
	check_render(&st, true,
		     "{\"schema\":1,\"module\":{\"name\":\"ipsec_latch\","
		     "\"version\":null},\"parameters\":{},\"mode\":null,"
		     "\"transparent\":null,\"transparent_fallback_ms\":null,\"sock_requests\":null,\"sock_request_count\":null,"
		     "\"latches\":null,\"latch_bytes\":null,\"counters\":{},"
		     "\"hooks\":\"idle\","
		     "\"hook_calls\":{\"inet_sendmsg\":5,"
		     "\"xfrm_state_find\":7,\"nf_ipv6_local_out\":9,"
		     "\"hook_99\":1},"
		     "\"hook_missed\":{\"xfrm_state_find\":2}}\n");
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
	assert_ebadmsg(ipl_status_parse(nlh, &st));

	/* nest attribute too short to be a nest */
	nlh = reply_start();
	mnl_attr_put_u16(nlh, IPSEC_LATCH_A_COUNTERS, 1);
	assert_ebadmsg(ipl_status_parse(nlh, &st));

	/* empty version string attribute */
	nlh = reply_start();
	mnl_attr_put(nlh, IPSEC_LATCH_A_VERSION, 0, NULL);
	assert_ebadmsg(ipl_status_parse(nlh, &st));
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
	uint8_t m = 99;

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

	assert_string_equal(ipl_param_name(IPSEC_LATCH_PARAM_MAX_LATCHES),
			    "max_latches");
	assert_string_equal(ipl_param_name(IPSEC_LATCH_PARAM_MAX_TEMPLATES),
			    "max_templates");
	assert_string_equal(ipl_param_name(IPSEC_LATCH_PARAM_MAX_IDENTITIES),
			    "max_identities");
	assert_string_equal(ipl_param_name(IPSEC_LATCH_PARAM_LATCH_HOLD_MS),
			    "latch_hold_ms");
	assert_string_equal(ipl_param_name(IPSEC_LATCH_PARAM_LATCH_IDLE_MS),
			    "latch_idle_ms");
	assert_string_equal(ipl_counter_name(IPSEC_LATCH_CTR_LATCH_CREATED),
			    "latch_created");
	assert_string_equal(ipl_counter_name(IPSEC_LATCH_CTR_DROP_LATCH_FULL),
			    "drop_latch_full");
	assert_string_equal(ipl_counter_name(IPSEC_LATCH_CTR_LATCH_FALLBACK),
			    "latch_fallback");
	assert_string_equal(ipl_counter_name(IPSEC_LATCH_CTR_BYPASS_SPD_ADDED),
			    "bypass_spd_added");
	assert_string_equal(ipl_counter_name(IPSEC_LATCH_CTR_BYPASS_SPD_FAILED),
			    "bypass_spd_failed");
	assert_string_equal(ipl_counter_name(IPSEC_LATCH_CTR_SPD_REFUSED_CLEAR),
			    "spd_refused_clear");
	assert_string_equal(ipl_counter_name(IPSEC_LATCH_CTR_RES_RECORDS_FULL),
			    "res_records_full");
	assert_string_equal(ipl_counter_name(IPSEC_LATCH_CTR_LATCH_PEER_FULL),
			    "latch_peer_full");
	assert_string_equal(ipl_counter_name(IPSEC_LATCH_CTR_LATCH_NO_SOCKET),
			    "latch_no_socket");
	assert_string_equal(ipl_counter_name(IPSEC_LATCH_CTR_PKT_RELEASE_DEFERRED),
			    "pkt_release_deferred");
	assert_string_equal(ipl_counter_name(IPSEC_LATCH_CTR_SOCK_REQUESTS_FULL),
			    "sock_requests_full");

	/* "resolve stats" shows exactly these */
	for (t = IPSEC_LATCH_CTR_PAD + 1; t <= IPSEC_LATCH_CTR_MAX; t++)
		assert_int_equal(ipl_counter_is_resolution(t),
				 (t >= IPSEC_LATCH_CTR_RES_CREATED &&
				  t <= IPSEC_LATCH_CTR_RES_FLOWS_FULL) ||
				 t == IPSEC_LATCH_CTR_DROP_DEV_GONE ||
				 t == IPSEC_LATCH_CTR_RES_RECORDS_FULL ||
				 t == IPSEC_LATCH_CTR_PKT_RELEASE_DEFERRED);
	assert_false(ipl_counter_is_resolution(IPSEC_LATCH_CTR_MAX + 1));
	/* drop_latch_* start with "drop_" but are latching counters */
	assert_false(ipl_counter_is_resolution(IPSEC_LATCH_CTR_DROP_LATCH_CLEAR_IN));
	assert_false(ipl_counter_is_resolution(IPSEC_LATCH_CTR_DROP_LATCH_FULL));

	/* "latch stats" shows exactly these */
	for (t = IPSEC_LATCH_CTR_PAD + 1; t <= IPSEC_LATCH_CTR_MAX; t++)
		assert_int_equal(ipl_counter_is_latch(t),
				 (t >= IPSEC_LATCH_CTR_LATCH_CREATED &&
				  t <= IPSEC_LATCH_CTR_SPD_REFUSED_CLEAR) ||
				 t == IPSEC_LATCH_CTR_LATCH_PEER_FULL ||
				 t == IPSEC_LATCH_CTR_LATCH_NO_SOCKET ||
				 t == IPSEC_LATCH_CTR_SOCK_REQUESTS_FULL);
	/* transparent modes, by name; "on" is protect */
	assert_string_equal(ipl_transparent_label(0, buf, sizeof(buf)), "off");
	assert_string_equal(ipl_transparent_label(1, buf, sizeof(buf)),
			    "protect");
	assert_string_equal(ipl_transparent_label(2, buf, sizeof(buf)),
			    "bypass-or-protect");
	assert_int_equal(IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT, 2);
	assert_string_equal(ipl_transparent_label(UINT64_MAX, buf, sizeof(buf)),
			    "transparent_18446744073709551615");
	assert_int_equal(ipl_transparent_parse("on", &m), 0);
	assert_int_equal(m, IPSEC_LATCH_TRANSPARENT_PROTECT);
	assert_int_equal(ipl_transparent_parse("protect", &m), 0);
	assert_int_equal(m, IPSEC_LATCH_TRANSPARENT_PROTECT);
	assert_int_equal(ipl_transparent_parse("off", &m), 0);
	assert_int_equal(m, IPSEC_LATCH_TRANSPARENT_OFF);
	assert_int_equal(ipl_transparent_parse("bypass-or-protect", &m), 0);
	assert_int_equal(m, IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT);
	assert_int_equal(ipl_transparent_parse("bypass", &m), -1);
	assert_int_equal(ipl_transparent_parse("", &m), -1);

	/* BYPASS-OR-PROTECT's are latching counters too */
	assert_true(ipl_counter_is_latch(IPSEC_LATCH_CTR_LATCH_FALLBACK));
	assert_false(ipl_counter_is_resolution(IPSEC_LATCH_CTR_LATCH_FALLBACK));
	assert_false(ipl_counter_is_latch(IPSEC_LATCH_CTR_MAX + 1));
	assert_false(ipl_counter_is_latch(IPSEC_LATCH_CTR_WAITS));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_module_reply),
		cmocka_unit_test(test_newer_module),
		cmocka_unit_test(test_empty_reply),
		cmocka_unit_test(test_resolution_reply),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_latching_reply),
		cmocka_unit_test(test_latching_absent_and_odd),
		cmocka_unit_test(test_sock_requests),
		cmocka_unit_test(test_hooks),
		cmocka_unit_test(test_version_unterminated_and_long),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_too_many_items),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
