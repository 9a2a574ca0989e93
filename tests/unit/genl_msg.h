/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Unit tests: start a generic netlink message of the ipsec_latch family
 * in a caller's buffer, as the module would send it.
 */
#ifndef IPL_TEST_GENL_MSG_H
#define IPL_TEST_GENL_MSG_H

#include <stdint.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/ipsec_latch.h>

static inline struct nlmsghdr *genl_msg_start(char *buf, size_t len,
					      uint8_t cmd)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(buf, 0, len);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = 0x20;	/* any family id */
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = IPSEC_LATCH_GENL_VERSION;
	return nlh;
}

#endif /* IPL_TEST_GENL_MSG_H */
