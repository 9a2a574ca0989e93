// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: build identity requests, parse GET_IDENTITIES dumps.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "attr.h"
#include "identity.h"

int ipl_identity_parse(const struct nlattr *nest, struct ipl_identity *id)
{
	const struct nlattr *attr;
	unsigned int type;
	const char *s;
	bool ok;

	memset(id, 0, sizeof(*id));
	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0) {
		errno = EBADMSG;
		return -1;
	}
	mnl_attr_for_each_nested(attr, nest) {
		type = mnl_attr_get_type(attr);
		switch (type) {
		case IPSEC_LATCH_ID_A_FAMILY:
			ok = !ipl_attr_get_uint(attr, &id->family);
			break;
		case IPSEC_LATCH_ID_A_PEER:
			ok = ipl_addr_set(&id->peer, mnl_attr_get_payload(attr),
					  mnl_attr_get_payload_len(attr));
			break;
		case IPSEC_LATCH_ID_A_REQID:
			ok = !ipl_attr_get_uint(attr, &id->reqid);
			break;
		case IPSEC_LATCH_ID_A_ID:
			/* NUL terminator optional */
			s = mnl_attr_get_payload(attr);
			snprintf(id->id, sizeof(id->id), "%.*s",
				 (int)strnlen(s, mnl_attr_get_payload_len(attr)),
				 s);
			ok = true;
			break;
		default:
			/* attributes from a newer module */
			ok = false;
			break;
		}
		if (ok)
			id->present |= 1u << type;
	}
	return 0;
}

int ipl_identity_msg_parse(const struct nlmsghdr *nlh,
			   struct ipl_identity *id)
{
	const struct nlattr *attr;
	bool seen = false;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr)) {
		errno = EBADMSG;
		return -1;
	}
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) != IPSEC_LATCH_A_IDENTITY)
			continue;
		if (ipl_identity_parse(attr, id) < 0)
			return -1;
		seen = true;
	}
	if (!seen) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
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
