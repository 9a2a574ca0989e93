// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "status [show]" and "status reset".
 */
#include <errno.h>
#include <string.h>

#include <linux/ipsec_latch.h>

#include "args.h"
#include "cmds.h"
#include "nl.h"
#include "status.h"
#include "util.h"

static int status_cb(const struct nlmsghdr *nlh, void *data)
{
	return ipl_status_parse(nlh, data) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static int status_round_trip(struct ipl_nl *nl, struct ipl_status *st)
{
	struct nlmsghdr *nlh;

	memset(st, 0, sizeof(*st));
	nlh = ipl_nl_req(nl, IPSEC_LATCH_CMD_GET_STATUS, 0);
	if (ipl_nl_talk(nl, nlh, status_cb, st) < 0) {
		if (nl->kernel_err)
			ipl_nl_perror(nl);
		else
			ipl_err("bad status reply from the kernel: %s",
				strerror(nl->err));
		return -1;
	}
	if (!st->seen) {
		ipl_err("no status reply from the kernel");
		return -1;
	}
	return 0;
}

int ipl_status_fetch(struct ipl_status *st)
{
	struct ipl_nl nl;
	int ret;

	if (ipl_nl_open(&nl) < 0)
		return -1;
	ret = status_round_trip(&nl, st);
	ipl_nl_close(&nl);
	return ret;
}

int cmd_status_show(const struct ipl_args *a)
{
	struct ipl_status st;
	int ret;

	if (ipl_status_fetch(&st) < 0)
		return IPL_EXIT_FAIL;

	if (a->json)
		ret = ipl_status_print_json(stdout, &st);
	else
		ret = ipl_status_print_text(stdout, &st);
	return ret < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}

int cmd_status_reset(const struct ipl_args *a)
{
	struct nlmsghdr *nlh;
	struct ipl_nl nl;
	int ret;

	(void)a;
	if (ipl_nl_open(&nl) < 0)
		return IPL_EXIT_FAIL;
	nlh = ipl_nl_req(&nl, IPSEC_LATCH_CMD_RESET_COUNTERS, 0);
	ret = ipl_nl_talk(&nl, nlh, NULL, NULL);
	if (ret < 0)
		ipl_nl_perror(&nl);
	ipl_nl_close(&nl);
	return ret < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}
