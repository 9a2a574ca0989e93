// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "status [show]" and "status reset".
 */
#include <string.h>

#include <linux/ipsec_latch.h>

#include "args.h"
#include "cmds.h"
#include "nl.h"
#include "request.h"
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
		ipl_nl_perror_reply(nl, "status reply");
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

int ipl_status_show(const struct ipl_args *a, enum ipl_status_view view,
		    void (*check)(const struct ipl_status *st))
{
	struct ipl_status st;
	int ret;

	if (ipl_status_fetch(&st) < 0)
		return IPL_EXIT_FAIL;
	if (check)
		check(&st);
	ret = ipl_status_print(stdout, a->json, &st, view);
	return ret < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}

int cmd_status_show(const struct ipl_args *a)
{
	return ipl_status_show(a, IPL_STATUS_ALL, NULL);
}

int cmd_status_reset(const struct ipl_args *a)
{
	(void)a;
	return ipl_request_run(IPSEC_LATCH_CMD_RESET_COUNTERS, NULL, NULL,
			       NULL);
}
