// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "identity [list]", "identity set" and "identity del".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/ipsec_latch.h>

#include "args.h"
#include "cmds.h"
#include "dump.h"
#include "identity.h"
#include "nl.h"
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
	struct nlmsghdr *nlh;
	struct ipl_nl nl;
	int ret;

	if (ipl_nl_open(&nl) < 0)
		return IPL_EXIT_FAIL;
	nlh = ipl_nl_req(&nl, IPSEC_LATCH_CMD_GET_IDENTITIES, NLM_F_DUMP);
	ret = ipl_dump_run(&nl, nlh, &d);
	ipl_nl_close(&nl);
	if (!ret)
		ret = a->json ? ipl_identity_print_json(stdout, d.v, d.n) :
				ipl_identity_print_text(stdout, d.v, d.n);
	free(d.v);
	return ret < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}

/* set (id given) or del */
static int identity_change(const struct ipl_args *a, uint8_t cmd)
{
	char peer[INET6_ADDRSTRLEN];
	struct nlmsghdr *nlh;
	struct ipl_nl nl;
	int ret;

	if (ipl_nl_open(&nl) < 0)
		return IPL_EXIT_FAIL;
	nlh = ipl_nl_req(&nl, cmd, 0);
	ret = ipl_identity_put(nlh, IPL_NL_SBUF_SIZE, &a->identity.peer,
			       a->identity.reqid,
			       cmd == IPSEC_LATCH_CMD_IDENTITY_SET ?
			       a->identity.id : NULL);
	if (ret < 0)
		ipl_err("request too long");
	else
		ret = ipl_nl_talk(&nl, nlh, NULL, NULL);
	if (ret < 0 && nl.kernel_err && nl.err == ENOENT &&
	    cmd == IPSEC_LATCH_CMD_IDENTITY_DEL)
		ipl_err("no identity for peer %s reqid %u in this network namespace (see 'identity list')",
			ipl_addr_str(&a->identity.peer, peer, sizeof(peer)),
			a->identity.reqid);
	else if (ret < 0 && nl.err)
		ipl_nl_perror(&nl);
	ipl_nl_close(&nl);
	return ret < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}

int cmd_identity_set(const struct ipl_args *a)
{
	return identity_change(a, IPSEC_LATCH_CMD_IDENTITY_SET);
}

int cmd_identity_del(const struct ipl_args *a)
{
	return identity_change(a, IPSEC_LATCH_CMD_IDENTITY_DEL);
}
