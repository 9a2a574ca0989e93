// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ipsec-latchctl's CTRL_CMD_GETFAMILY reply parsing
 * (tools/ipsec-latchctl/nl.c): family id, version and the multicast
 * groups that "monitor" subscribes to by name.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/ipsec_latch.h>

#include "nl.h"

static char msgbuf[8192];

static struct nlmsghdr *reply_start(uint8_t cmd)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(msgbuf, 0, sizeof(msgbuf));
	nlh = mnl_nlmsg_put_header(msgbuf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 2;
	return nlh;
}

static void put_group(struct nlmsghdr *nlh, uint16_t index, const char *name,
		      uint32_t id)
{
	struct nlattr *grp = mnl_attr_nest_start(nlh, index);

	if (name)
		mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, name);
	if (id)
		mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, id);
	mnl_attr_nest_end(nlh, grp);
}

/* What the kernel sends for ipsec_latch: id, name, version, ..., groups */
static void test_family_reply(void **state)
{
	struct nlmsghdr *nlh = reply_start(CTRL_CMD_NEWFAMILY);
	struct ipl_nl nl = { 0 };
	struct nlattr *groups, *ops;
	uint32_t id = 0;

	(void)state;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, IPSEC_LATCH_GENL_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x1c);
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, 1);
	mnl_attr_put_u32(nlh, CTRL_ATTR_HDRSIZE, 0);
	ops = mnl_attr_nest_start(nlh, CTRL_ATTR_OPS);
	mnl_attr_nest_end(nlh, ops);
	groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	put_group(nlh, 1, IPSEC_LATCH_MCGRP_EVENTS, 9);
	mnl_attr_nest_end(nlh, groups);

	assert_int_equal(ipl_nl_family_parse(nlh, &nl), 0);
	assert_int_equal(nl.family, 0x1c);
	assert_int_equal(nl.family_version, 1);
	assert_int_equal(nl.n_mcgrps, 1);
	assert_int_equal(ipl_nl_mcgrp_id(&nl, IPSEC_LATCH_MCGRP_EVENTS, &id), 0);
	assert_int_equal(id, 9);
	assert_int_equal(ipl_nl_mcgrp_id(&nl, "event", &id), -1);
	assert_int_equal(ipl_nl_mcgrp_id(&nl, "", &id), -1);
}

/* Groups lacking a name or id are skipped; unknown attributes ignored. */
static void test_odd_groups(void **state)
{
	struct nlmsghdr *nlh = reply_start(CTRL_CMD_NEWFAMILY);
	struct ipl_nl nl = { 0 };
	struct nlattr *groups, *grp;
	uint32_t id = 0;

	(void)state;
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x1d);
	mnl_attr_put_u32(nlh, 200, 1);
	groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	put_group(nlh, 1, "noid", 0);
	put_group(nlh, 2, NULL, 4);
	grp = mnl_attr_nest_start(nlh, 3);
	mnl_attr_put_u32(nlh, 99, 1);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 12);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "events");
	mnl_attr_nest_end(nlh, grp);
	mnl_attr_nest_end(nlh, groups);

	assert_int_equal(ipl_nl_family_parse(nlh, &nl), 0);
	assert_int_equal(nl.n_mcgrps, 1);
	assert_int_equal(ipl_nl_mcgrp_id(&nl, "events", &id), 0);
	assert_int_equal(id, 12);
	assert_int_equal(ipl_nl_mcgrp_id(&nl, "noid", &id), -1);

	/* a family without groups */
	nlh = reply_start(CTRL_CMD_NEWFAMILY);
	memset(&nl, 0, sizeof(nl));
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x1e);
	assert_int_equal(ipl_nl_family_parse(nlh, &nl), 0);
	assert_int_equal(nl.n_mcgrps, 0);
	assert_int_equal(ipl_nl_mcgrp_id(&nl, "events", &id), -1);
}

/* More groups than kept: the first IPL_NL_MAX_MCGRPS, no overflow. */
static void test_many_groups(void **state)
{
	struct nlmsghdr *nlh = reply_start(CTRL_CMD_NEWFAMILY);
	struct ipl_nl nl = { 0 };
	struct nlattr *groups;
	char name[GENL_NAMSIZ];
	uint32_t id = 0;
	unsigned int i;

	(void)state;
	groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	for (i = 1; i <= 2 * IPL_NL_MAX_MCGRPS; i++) {
		snprintf(name, sizeof(name), "g%u", i);
		put_group(nlh, i, name, 100 + i);
	}
	mnl_attr_nest_end(nlh, groups);

	assert_int_equal(ipl_nl_family_parse(nlh, &nl), 0);
	assert_int_equal(nl.n_mcgrps, IPL_NL_MAX_MCGRPS);
	assert_int_equal(ipl_nl_mcgrp_id(&nl, "g1", &id), 0);
	assert_int_equal(id, 101);
	snprintf(name, sizeof(name), "g%u", IPL_NL_MAX_MCGRPS);
	assert_int_equal(ipl_nl_mcgrp_id(&nl, name, &id), 0);
	snprintf(name, sizeof(name), "g%u", IPL_NL_MAX_MCGRPS + 1);
	assert_int_equal(ipl_nl_mcgrp_id(&nl, name, &id), -1);
}

/* A long group name is cut to GENL_NAMSIZ - 1, and cannot match. */
static void test_long_group_name(void **state)
{
	struct nlmsghdr *nlh = reply_start(CTRL_CMD_NEWFAMILY);
	char name[2 * GENL_NAMSIZ];
	struct ipl_nl nl = { 0 };
	struct nlattr *groups;
	uint32_t id;

	(void)state;
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	put_group(nlh, 1, name, 5);
	mnl_attr_nest_end(nlh, groups);

	assert_int_equal(ipl_nl_family_parse(nlh, &nl), 0);
	assert_int_equal(strlen(nl.mcgrps[0].name), GENL_NAMSIZ - 1);
	assert_int_equal(ipl_nl_mcgrp_id(&nl, name, &id), -1);
}

static void test_malformed(void **state)
{
	struct ipl_nl nl = { 0 };
	struct nlattr *groups, *grp;
	struct nlmsghdr *nlh;

	(void)state;
	/* no room for the genetlink header */
	nlh = mnl_nlmsg_put_header(msgbuf);
	errno = 0;
	assert_int_equal(ipl_nl_family_parse(nlh, &nl), -1);
	assert_int_equal(errno, EBADMSG);

	/* family id of the wrong size */
	nlh = reply_start(CTRL_CMD_NEWFAMILY);
	mnl_attr_put_u32(nlh, CTRL_ATTR_FAMILY_ID, 0x1c);
	assert_int_equal(ipl_nl_family_parse(nlh, &nl), -1);

	/* group name without its NUL */
	nlh = reply_start(CTRL_CMD_NEWFAMILY);
	groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	grp = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put(nlh, CTRL_ATTR_MCAST_GRP_NAME, 6, "events");
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 3);
	mnl_attr_nest_end(nlh, grp);
	mnl_attr_nest_end(nlh, groups);
	errno = 0;
	assert_int_equal(ipl_nl_family_parse(nlh, &nl), -1);
	assert_int_equal(errno, EBADMSG);

	/* groups attribute too short to be a nest */
	nlh = reply_start(CTRL_CMD_NEWFAMILY);
	mnl_attr_put_u16(nlh, CTRL_ATTR_MCAST_GROUPS, 1);
	errno = 0;
	assert_int_equal(ipl_nl_family_parse(nlh, &nl), -1);
	assert_int_equal(errno, EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_family_reply),
		cmocka_unit_test(test_odd_groups),
		cmocka_unit_test(test_many_groups),
		cmocka_unit_test(test_long_group_name),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
