// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: one request answered by an ACK, see request.h.
 */
#include <errno.h>

#include "request.h"
#include "util.h"

int ipl_request_run(uint8_t cmd, ipl_nl_put_fn put, const void *arg,
		    const char *enoent)
{
	struct nlmsghdr *nlh;
	struct ipl_nl nl;
	int ret;

	nlh = ipl_nl_open_req(&nl, cmd, 0, put, arg);
	if (!nlh)
		return IPL_EXIT_FAIL;
	ret = ipl_nl_talk(&nl, nlh, NULL, NULL);
	if (ret < 0 && enoent && nl.kernel_err && nl.err == ENOENT)
		ipl_err("%s", enoent);
	else if (ret < 0)
		ipl_nl_perror(&nl);
	ipl_nl_close(&nl);
	return ret < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}
