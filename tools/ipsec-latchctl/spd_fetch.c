// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: read the SPD of the current netns over NETLINK_XFRM,
 * see spd.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/xfrm.h>

#include "dump.h"
#include "nl.h"
#include "spd.h"

static int policy_parse(const struct nlmsghdr *nlh, void *elem)
{
	return ipl_spd_policy_parse(nlh, elem);
}

static int default_cb(const struct nlmsghdr *nlh, void *data)
{
	return ipl_spd_default_parse(nlh, data) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

/* "WHAT: ERROR[: EXTACK][ (HINT)]" */
static void failed(const struct ipl_nl *nl, const char *what, char *why,
		   size_t len)
{
	snprintf(why, len, "%s: %s%s%s%s", what, strerror(nl->err),
		 nl->extack[0] ? ": " : "", nl->extack,
		 nl->kernel_err && nl->err == EPERM ?
		 " (reading the SPD needs CAP_NET_ADMIN)" : "");
}

/* XFRM_MSG_GETDEFAULT into spd; a kernel without it lets all in. */
static int fetch_default(struct ipl_nl *nl, struct ipl_spd *spd, char *why,
			 size_t len)
{
	struct nlmsghdr *nlh = ipl_nl_msg(nl, XFRM_MSG_GETDEFAULT, 0);

	mnl_nlmsg_put_extra_header(nlh, sizeof(struct xfrm_userpolicy_default));
	if (ipl_nl_talk(nl, nlh, default_cb, spd) == 0)
		return 0;
	/* before Linux 5.16: an unknown message type */
	if (nl->kernel_err && (nl->err == EINVAL || nl->err == EOPNOTSUPP)) {
		spd->has_default = false;
		return 0;
	}
	failed(nl, "cannot read the default policy actions", why, len);
	return -1;
}

int ipl_spd_fetch(struct ipl_spd *spd, char *why, size_t len)
{
	struct ipl_dump d = {
		.elem = sizeof(struct ipl_spd_policy),
		.parse = policy_parse,
	};
	struct nlmsghdr *nlh;
	const char *fail;
	struct ipl_nl nl;
	int ret = -1;

	memset(spd, 0, sizeof(*spd));
	if (ipl_nl_open_xfrm(&nl, &fail) < 0) {
		snprintf(why, len, "cannot %s: %s", fail, strerror(errno));
		return -1;
	}
	nlh = ipl_nl_msg(&nl, XFRM_MSG_GETPOLICY, NLM_F_DUMP);
	if (ipl_nl_talk(&nl, nlh, ipl_dump_collect, &d) < 0) {
		failed(&nl, "cannot list the policies", why, len);
		goto out;
	}
	if (fetch_default(&nl, spd, why, len) < 0)
		goto out;
	spd->v = d.v;
	spd->n = d.n;
	d.v = NULL;
	ret = 0;
out:
	free(d.v);
	ipl_nl_close(&nl);
	return ret;
}
