// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "resolve [list]", "resolve stats" and "resolve set".
 */
#include <stdlib.h>

#include <linux/ipsec_latch.h>

#include "args.h"
#include "cmds.h"
#include "dump.h"
#include "nl.h"
#include "request.h"
#include "resolution.h"
#include "status.h"
#include "util.h"

static int res_parse(const struct nlmsghdr *nlh, void *elem)
{
	return ipl_res_msg_parse(nlh, elem);
}

int cmd_resolve_list(const struct ipl_args *a)
{
	struct ipl_dump d = {
		.elem = sizeof(struct ipl_res),
		.parse = res_parse,
		.what = "resolutions",
		.bad = "resolution",
	};
	int ret;

	ret = ipl_dump_fetch(IPSEC_LATCH_CMD_GET_RESOLUTIONS, NULL, NULL, &d);
	if (!ret)
		ret = ipl_res_print(stdout, a->json, d.v, d.n);
	free(d.v);
	return ret < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}

int cmd_resolve_stats(const struct ipl_args *a)
{
	return ipl_status_show(a, IPL_STATUS_RESOLUTION, NULL);
}

static int mode_put(struct nlmsghdr *nlh, size_t size, const void *arg)
{
	const struct ipl_args *a = arg;

	if (!a->resolve_set.has_mode)
		return 0;
	return mnl_attr_put_u32_check(nlh, size, IPSEC_LATCH_A_MODE,
				      a->resolve_set.mode) ? 0 : -1;
}

int cmd_resolve_set(const struct ipl_args *a)
{
	return ipl_request_run(IPSEC_LATCH_CMD_SET, mode_put, a, NULL);
}
