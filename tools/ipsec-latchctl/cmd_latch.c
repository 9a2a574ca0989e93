// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "latch [list]", "latch transparent" and "latch stats".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/ipsec_latch.h>

#include "args.h"
#include "cmds.h"
#include "dump.h"
#include "latch.h"
#include "nl.h"
#include "status.h"
#include "util.h"

static int latch_parse(const struct nlmsghdr *nlh, void *elem)
{
	return ipl_latch_msg_parse(nlh, elem);
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
	struct nlmsghdr *nlh;
	struct ipl_nl nl;
	size_t i, kept;
	int ret;

	*v = NULL;
	*n = 0;
	if (ipl_nl_open(&nl) < 0)
		return -1;
	nlh = ipl_nl_req(&nl, IPSEC_LATCH_CMD_GET_LATCHES, NLM_F_DUMP);
	if (ipl_latch_filter_put(nlh, IPL_NL_SBUF_SIZE, f) < 0) {
		ipl_err("request too long");
		ipl_nl_close(&nl);
		return -1;
	}
	ret = ipl_dump_run(&nl, nlh, &d);
	ipl_nl_close(&nl);
	if (ret < 0) {
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
	size_t i, n;
	int ret = 0;

	if (ipl_latch_fetch(&a->latch_list, &v, &n) < 0)
		return IPL_EXIT_FAIL;
	if (a->json)
		ret = ipl_latch_print_json(stdout, v, n);
	else
		for (i = 0; i < n && !ret; i++)
			ret = ipl_latch_print_text(stdout, &v[i]);
	free(v);
	return ret < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}

int cmd_latch_transparent(const struct ipl_args *a)
{
	struct nlmsghdr *nlh;
	struct ipl_nl nl;
	int ret;

	if (ipl_nl_open(&nl) < 0)
		return IPL_EXIT_FAIL;
	nlh = ipl_nl_req(&nl, IPSEC_LATCH_CMD_SET, 0);
	if (!mnl_attr_put_u8_check(nlh, IPL_NL_SBUF_SIZE,
				   IPSEC_LATCH_A_TRANSPARENT,
				   a->latch_transparent.on)) {
		ipl_err("request too long");
		ipl_nl_close(&nl);
		return IPL_EXIT_FAIL;
	}
	ret = ipl_nl_talk(&nl, nlh, NULL, NULL);
	if (ret < 0)
		ipl_nl_perror(&nl);
	ipl_nl_close(&nl);
	return ret < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}

int cmd_latch_stats(const struct ipl_args *a)
{
	struct ipl_status st;
	int ret;

	if (ipl_status_fetch(&st) < 0)
		return IPL_EXIT_FAIL;
	if (!st.has_transparent && !st.has_latch_count)
		ipl_warn("the loaded %s module does not report latches (too old?)",
			 IPL_MODULE);
	if (a->json)
		ret = ipl_status_print_latch_json(stdout, &st);
	else
		ret = ipl_status_print_latch_text(stdout, &st);
	return ret < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}
