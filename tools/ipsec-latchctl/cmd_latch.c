// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "latch [list]", "latch transparent", "latch requests"
 * and "latch stats".
 */
#include <stdlib.h>

#include <linux/ipsec_latch.h>

#include "args.h"
#include "cmds.h"
#include "dump.h"
#include "latch.h"
#include "nl.h"
#include "request.h"
#include "status.h"
#include "util.h"

static int latch_parse(const struct nlmsghdr *nlh, void *elem)
{
	return ipl_latch_msg_parse(nlh, elem);
}

static int filter_put(struct nlmsghdr *nlh, size_t size, const void *f)
{
	return ipl_latch_filter_put(nlh, size, f);
}

int ipl_latch_fetch(const struct ipl_latch_filter *f, struct ipl_latch **v,
		    size_t *n)
{
	struct ipl_dump d = {
		.elem = sizeof(struct ipl_latch),
		.parse = latch_parse,
		.what = "latches",
	};
	struct ipl_latch *l;
	size_t i, kept;

	*v = NULL;
	*n = 0;
	if (ipl_dump_fetch(IPSEC_LATCH_CMD_GET_LATCHES, filter_put, f,
			   &d) < 0) {
		free(d.v);
		return -1;
	}
	/* in case the module did not apply the filter */
	l = d.v;
	for (i = kept = 0; i < d.n; i++)
		if (ipl_latch_matches(&l[i], f))
			l[kept++] = l[i];
	*v = l;
	*n = kept;
	return 0;
}

int cmd_latch_list(const struct ipl_args *a)
{
	struct ipl_latch *v;
	size_t n;
	int ret;

	if (ipl_latch_fetch(&a->latch_list, &v, &n) < 0)
		return IPL_EXIT_FAIL;
	ret = ipl_latch_print(stdout, a->json, v, n);
	free(v);
	return ret < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}

/* A_TRANSPARENT, and A_FALLBACK_MS if given */
static int transparent_put(struct nlmsghdr *nlh, size_t size,
			   const void *arg)
{
	const struct ipl_args *a = arg;

	if (!mnl_attr_put_u8_check(nlh, size, IPSEC_LATCH_A_TRANSPARENT,
				   a->latch_transparent.mode))
		return -1;
	if (a->latch_transparent.has_fallback &&
	    !mnl_attr_put_u32_check(nlh, size, IPSEC_LATCH_A_FALLBACK_MS,
				    a->latch_transparent.fallback_ms))
		return -1;
	return 0;
}

int cmd_latch_transparent(const struct ipl_args *a)
{
	int ret = ipl_request_run(IPSEC_LATCH_CMD_SET, transparent_put, a,
				  NULL);

	if (ret == IPL_EXIT_OK && a->latch_transparent.mode ==
	    IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT)
		ipl_warn_spd_transparent();
	return ret;
}

static int requests_put(struct nlmsghdr *nlh, size_t size, const void *arg)
{
	const struct ipl_args *a = arg;

	return mnl_attr_put_u8_check(nlh, size, IPSEC_LATCH_A_SOCK_REQUESTS,
				     a->latch_requests) ? 0 : -1;
}

int cmd_latch_requests(const struct ipl_args *a)
{
	return ipl_request_run(IPSEC_LATCH_CMD_SET, requests_put, a, NULL);
}

static void check_latches(const struct ipl_status *st)
{
	if (!st->has_transparent && !st->has_latch_count)
		ipl_warn("the loaded %s module does not report latches (too old?)",
			 IPL_MODULE);
}

int cmd_latch_stats(const struct ipl_args *a)
{
	return ipl_status_show(a, IPL_STATUS_LATCHING, check_latches);
}
