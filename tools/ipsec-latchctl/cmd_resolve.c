// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "resolve [list]", "resolve stats" and "resolve set".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/ipsec_latch.h>

#include "args.h"
#include "cmds.h"
#include "nl.h"
#include "resolution.h"
#include "status.h"
#include "util.h"

/* The dump, collected so that nothing is printed if it fails midway. */
struct res_list {
	struct ipl_res *v;
	size_t n;
	size_t cap;
};

static int res_list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct res_list *l = data;
	struct ipl_res *v;
	size_t cap;

	if (l->n == l->cap) {
		cap = l->cap ? 2 * l->cap : 16;
		v = reallocarray(l->v, cap, sizeof(*v));
		if (!v) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		l->v = v;
		l->cap = cap;
	}
	if (ipl_res_msg_parse(nlh, &l->v[l->n]) < 0)
		return MNL_CB_ERROR;
	l->n++;
	return MNL_CB_OK;
}

static int res_dump(struct res_list *l)
{
	struct nlmsghdr *nlh;
	struct ipl_nl nl;
	int ret;

	if (ipl_nl_open(&nl) < 0)
		return -1;
	nlh = ipl_nl_req(&nl, IPSEC_LATCH_CMD_GET_RESOLUTIONS, NLM_F_DUMP);
	ret = ipl_nl_talk(&nl, nlh, res_list_cb, l);
	if (ret < 0) {
		if (nl.kernel_err)
			ipl_nl_perror(&nl);
		else if (nl.err == EBADMSG)
			ipl_err("bad resolution from the kernel: %s",
				strerror(nl.err));
		else
			ipl_err("cannot list resolutions: %s",
				strerror(nl.err));
	}
	ipl_nl_close(&nl);
	return ret;
}

int cmd_resolve_list(const struct ipl_args *a)
{
	struct res_list l = { 0 };
	int ret = 0;
	size_t i;

	if (res_dump(&l) < 0) {
		free(l.v);
		return IPL_EXIT_FAIL;
	}
	if (a->json)
		ret = ipl_res_print_json(stdout, l.v, l.n);
	else
		for (i = 0; i < l.n && !ret; i++)
			ret = ipl_res_print_text(stdout, &l.v[i]);
	free(l.v);
	return ret < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}

int cmd_resolve_stats(const struct ipl_args *a)
{
	struct ipl_status st;
	int ret;

	if (ipl_status_fetch(&st) < 0)
		return IPL_EXIT_FAIL;
	if (a->json)
		ret = ipl_status_print_res_json(stdout, &st);
	else
		ret = ipl_status_print_res_text(stdout, &st);
	return ret < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}

int cmd_resolve_set(const struct ipl_args *a)
{
	struct nlmsghdr *nlh;
	struct ipl_nl nl;
	int ret;

	if (ipl_nl_open(&nl) < 0)
		return IPL_EXIT_FAIL;
	nlh = ipl_nl_req(&nl, IPSEC_LATCH_CMD_SET, 0);
	if (a->resolve_set.has_mode &&
	    !mnl_attr_put_u32_check(nlh, IPL_NL_SBUF_SIZE, IPSEC_LATCH_A_MODE,
				    a->resolve_set.mode)) {
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
