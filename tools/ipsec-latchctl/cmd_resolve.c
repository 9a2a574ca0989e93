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
	const struct ipl_res *v;
	int ret = 0;
	size_t i;

	if (ipl_dump_fetch(IPSEC_LATCH_CMD_GET_RESOLUTIONS, NULL, NULL,
			   &d) < 0) {
		free(d.v);
		return IPL_EXIT_FAIL;
	}
	v = d.v;
	if (a->json)
		ret = ipl_res_print_json(stdout, v, d.n);
	else
		for (i = 0; i < d.n && !ret; i++)
			ret = ipl_res_print_text(stdout, &v[i]);
	free(d.v);
	return ret < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}

int cmd_resolve_stats(const struct ipl_args *a)
{
	return ipl_status_show(a, ipl_status_print_res_text,
			       ipl_status_print_res_json, NULL);
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
