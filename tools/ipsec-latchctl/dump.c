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

static int dump_cb(const struct nlmsghdr *nlh, void *data)
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

int ipl_dump_run(struct ipl_nl *nl, struct nlmsghdr *nlh, struct ipl_dump *d)
{
	if (ipl_nl_talk(nl, nlh, dump_cb, d) == 0)
		return 0;
	if (nl->kernel_err)
		ipl_nl_perror(nl);
	else if (nl->err == EBADMSG)
		ipl_err("bad %s from the kernel: %s", d->what,
			strerror(nl->err));
	else
		ipl_err("cannot list %s: %s", d->what, strerror(nl->err));
	return -1;
}
