// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: parse resolutions from GET_RESOLUTIONS dumps and
 * RES_EVENT notifications.
 */
#include <errno.h>
#include <string.h>

#include "nest.h"
#include "resolution.h"

#define RES_UINT(m)	IPL_UINT(struct ipl_res, m)
#define RES_ADDR(m)	IPL_ADDR(struct ipl_res, m)

static const struct ipl_field res_fields[] = {
	[IPSEC_LATCH_RES_A_FAMILY]		= RES_UINT(family),
	[IPSEC_LATCH_RES_A_DADDR]		= RES_ADDR(daddr),
	[IPSEC_LATCH_RES_A_SADDR]		= RES_ADDR(saddr),
	[IPSEC_LATCH_RES_A_PROTO]		= RES_UINT(proto),
	[IPSEC_LATCH_RES_A_MODE]		= RES_UINT(mode),
	[IPSEC_LATCH_RES_A_REQID]		= RES_UINT(reqid),
	[IPSEC_LATCH_RES_A_STATE]		= RES_UINT(state),
	[IPSEC_LATCH_RES_A_AGE_MS]		= RES_UINT(age_ms),
	[IPSEC_LATCH_RES_A_WAITERS]		= RES_UINT(waiters),
	[IPSEC_LATCH_RES_A_QUEUED_PACKETS]	= RES_UINT(queued_packets),
	[IPSEC_LATCH_RES_A_QUEUED_BYTES]	= RES_UINT(queued_bytes),
	[IPSEC_LATCH_RES_A_DROPS]		= RES_UINT(drops),
	[IPSEC_LATCH_RES_A_ERROR]		= RES_UINT(error),
	[IPSEC_LATCH_RES_A_IF_ID]		= RES_UINT(if_id),
	[IPSEC_LATCH_RES_A_MARK]		= RES_UINT(mark),
};

static const struct ipl_nest res_nest = IPL_NEST_OF(struct ipl_res,
						    res_fields);

int ipl_res_parse(const struct nlattr *nest, struct ipl_res *r)
{
	return ipl_nest_parse(nest, &res_nest, r);
}

int ipl_res_event_parse(const struct nlmsghdr *nlh, struct ipl_res_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	return ipl_nest_event_parse(nlh, &ev->has_event, &ev->event,
				    IPSEC_LATCH_A_RES, &res_nest, &ev->res,
				    &ev->has_res);
}

int ipl_res_msg_parse(const struct nlmsghdr *nlh, struct ipl_res *r)
{
	struct ipl_res_event ev;

	if (ipl_res_event_parse(nlh, &ev) < 0)
		return -1;
	if (!ev.has_res) {
		errno = EBADMSG;
		return -1;
	}
	*r = ev.res;
	return 0;
}
