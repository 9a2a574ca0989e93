// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: parse resolutions from GET_RESOLUTIONS dumps and
 * RES_EVENT notifications.
 */
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "attr.h"
#include "resolution.h"

/* Where a numeric attribute goes; NULL for others. */
static uint64_t *num_field(struct ipl_res *r, unsigned int type)
{
	switch (type) {
	case IPSEC_LATCH_RES_A_FAMILY:
		return &r->family;
	case IPSEC_LATCH_RES_A_PROTO:
		return &r->proto;
	case IPSEC_LATCH_RES_A_MODE:
		return &r->mode;
	case IPSEC_LATCH_RES_A_REQID:
		return &r->reqid;
	case IPSEC_LATCH_RES_A_STATE:
		return &r->state;
	case IPSEC_LATCH_RES_A_AGE_MS:
		return &r->age_ms;
	case IPSEC_LATCH_RES_A_WAITERS:
		return &r->waiters;
	case IPSEC_LATCH_RES_A_QUEUED_PACKETS:
		return &r->queued_packets;
	case IPSEC_LATCH_RES_A_QUEUED_BYTES:
		return &r->queued_bytes;
	case IPSEC_LATCH_RES_A_DROPS:
		return &r->drops;
	case IPSEC_LATCH_RES_A_ERROR:
		return &r->error;
	default:
		return NULL;
	}
}

/* An IPv4 or IPv6 address; other sizes are ignored. */
static bool get_addr(const struct nlattr *attr, uint8_t *addr, uint8_t *len)
{
	uint16_t n = mnl_attr_get_payload_len(attr);

	if (n != 4 && n != 16)
		return false;
	memcpy(addr, mnl_attr_get_payload(attr), n);
	*len = n;
	return true;
}

int ipl_res_parse(const struct nlattr *nest, struct ipl_res *r)
{
	const struct nlattr *attr;
	unsigned int type;
	uint64_t *field;
	bool ok;

	memset(r, 0, sizeof(*r));
	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0) {
		errno = EBADMSG;
		return -1;
	}
	mnl_attr_for_each_nested(attr, nest) {
		type = mnl_attr_get_type(attr);
		switch (type) {
		case IPSEC_LATCH_RES_A_DADDR:
			ok = get_addr(attr, r->daddr, &r->daddr_len);
			break;
		case IPSEC_LATCH_RES_A_SADDR:
			ok = get_addr(attr, r->saddr, &r->saddr_len);
			break;
		default:
			/* PAD and attributes from a newer module: none */
			field = num_field(r, type);
			ok = field && !ipl_attr_get_uint(attr, field);
			break;
		}
		if (ok)
			r->present |= 1u << type;
	}
	return 0;
}

int ipl_res_event_parse(const struct nlmsghdr *nlh, struct ipl_res_event *ev)
{
	const struct nlattr *attr;

	memset(ev, 0, sizeof(*ev));
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr)) {
		errno = EBADMSG;
		return -1;
	}
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
		case IPSEC_LATCH_A_EVENT:
			if (ipl_attr_get_uint(attr, &ev->event) < 0) {
				errno = EBADMSG;
				return -1;
			}
			ev->has_event = true;
			break;
		case IPSEC_LATCH_A_RES:
			if (ipl_res_parse(attr, &ev->res) < 0)
				return -1;
			ev->has_res = true;
			break;
		default:
			/* an attribute from a newer module */
			break;
		}
	}
	return 0;
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
