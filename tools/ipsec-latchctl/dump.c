// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: collect a dump, see dump.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "nl.h"
#include "util.h"

int ipl_dump_collect(const struct nlmsghdr *nlh, void *data)
{
	struct ipl_dump *d = data;
	size_t cap;
	void *v;

	if (d->n == d->cap) {
		cap = d->cap ? 2 * d->cap : 16;
		v = reallocarray(d->v, cap, d->elem);
		if (!v) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		d->v = v;
		d->cap = cap;
	}
	if (d->parse(nlh, (char *)d->v + d->n * d->elem) < 0)
		return MNL_CB_ERROR;
	d->n++;
	return MNL_CB_OK;
}

/* Reports failures on stderr; returns 0 or -1. */
static int dump_run(struct ipl_nl *nl, struct nlmsghdr *nlh,
		    struct ipl_dump *d)
{
	if (ipl_nl_talk(nl, nlh, ipl_dump_collect, d) == 0)
		return 0;
	if (!nl->kernel_err && nl->err != EBADMSG)
		ipl_err("cannot list %s: %s", d->what, strerror(nl->err));
	else
		ipl_nl_perror_reply(nl, d->bad ? d->bad : d->what);
	return -1;
}

int ipl_dump_fetch(uint8_t cmd, ipl_nl_put_fn put, const void *arg,
		   struct ipl_dump *d)
{
	struct nlmsghdr *nlh;
	struct ipl_nl nl;
	int ret;

	nlh = ipl_nl_open_req(&nl, cmd, NLM_F_DUMP, put, arg);
	if (!nlh)
		return -1;
	ret = dump_run(&nl, nlh, d);
	ipl_nl_close(&nl);
	return ret;
}
