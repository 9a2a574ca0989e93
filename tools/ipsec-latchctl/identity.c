// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: build identity requests, parse GET_IDENTITIES dumps.
 */
#include <libmnl/libmnl.h>

#include "identity.h"
#include "nest.h"

#define ID_UINT(m)	IPL_UINT(struct ipl_identity, m)

static const struct ipl_field id_fields[] = {
	[IPSEC_LATCH_ID_A_FAMILY]	= ID_UINT(family),
	[IPSEC_LATCH_ID_A_PEER]		= IPL_ADDR(struct ipl_identity, peer),
	[IPSEC_LATCH_ID_A_REQID]	= ID_UINT(reqid),
	[IPSEC_LATCH_ID_A_ID]		= IPL_STR(struct ipl_identity, id),
};

static const struct ipl_nest id_nest = IPL_NEST_OF(struct ipl_identity,
						   id_fields);

int ipl_identity_parse(const struct nlattr *nest, struct ipl_identity *id)
{
	return ipl_nest_parse(nest, &id_nest, id);
}

int ipl_identity_msg_parse(const struct nlmsghdr *nlh,
			   struct ipl_identity *id)
{
	return ipl_nest_msg_parse(nlh, IPSEC_LATCH_A_IDENTITY, &id_nest, id);
}

int ipl_identity_put(struct nlmsghdr *nlh, size_t size,
		     const struct ipl_addr *peer, uint32_t reqid,
		     const char *id)
{
	struct nlattr *nest;

	nest = mnl_attr_nest_start_check(nlh, size, IPSEC_LATCH_A_IDENTITY);
	if (!nest)
		return -1;
	if (!mnl_attr_put_u8_check(nlh, size, IPSEC_LATCH_ID_A_FAMILY,
				   peer->family) ||
	    !mnl_attr_put_check(nlh, size, IPSEC_LATCH_ID_A_PEER, peer->len,
				peer->bytes) ||
	    !mnl_attr_put_u32_check(nlh, size, IPSEC_LATCH_ID_A_REQID,
				    reqid) ||
	    (id && !mnl_attr_put_strz_check(nlh, size, IPSEC_LATCH_ID_A_ID,
					    id))) {
		mnl_attr_nest_cancel(nlh, nest);
		return -1;
	}
	mnl_attr_nest_end(nlh, nest);
	return 0;
}
