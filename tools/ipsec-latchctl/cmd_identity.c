// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "identity [list]", "identity set" and "identity del".
 */
#include <stdio.h>
#include <stdlib.h>

#include <linux/ipsec_latch.h>

#include "args.h"
#include "cmds.h"
#include "dump.h"
#include "identity.h"
#include "nl.h"
#include "request.h"
#include "util.h"

static int identity_parse(const struct nlmsghdr *nlh, void *elem)
{
	return ipl_identity_msg_parse(nlh, elem);
}

int cmd_identity_list(const struct ipl_args *a)
{
	struct ipl_dump d = {
		.elem = sizeof(struct ipl_identity),
		.parse = identity_parse,
		.what = "identities",
	};
	int ret;

	ret = ipl_dump_fetch(IPSEC_LATCH_CMD_GET_IDENTITIES, NULL, NULL, &d);
	if (!ret)
		ret = ipl_identity_print(stdout, a->json, d.v, d.n);
	free(d.v);
	return ret < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}

/* The A_IDENTITY nest; del without "id" has none (its id is NULL). */
static int identity_put(struct nlmsghdr *nlh, size_t size, const void *arg)
{
	const struct ipl_args *a = arg;

	return ipl_identity_put(nlh, size, &a->identity.peer,
				a->identity.reqid, a->identity.id);
}

int cmd_identity_set(const struct ipl_args *a)
{
	return ipl_request_run(IPSEC_LATCH_CMD_IDENTITY_SET, identity_put, a,
			       NULL);
}

int cmd_identity_del(const struct ipl_args *a)
{
	char peer[INET6_ADDRSTRLEN], enoent[256];

	snprintf(enoent, sizeof(enoent),
		 "no identity for peer %s reqid %u in this network namespace (see 'identity list')",
		 ipl_addr_str(&a->identity.peer, peer, sizeof(peer)),
		 a->identity.reqid);
	return ipl_request_run(IPSEC_LATCH_CMD_IDENTITY_DEL, identity_put, a,
			       enoent);
}
