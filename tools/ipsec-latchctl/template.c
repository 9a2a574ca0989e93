// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: build template requests, parse template replies.
 */
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "attr.h"
#include "template.h"

/* Where a numeric attribute goes; NULL for others. */
static uint64_t *num_field(struct ipl_tmpl *t, unsigned int type)
{
	switch (type) {
	case IPSEC_LATCH_TMPL_A_ID:
		return &t->id;
	case IPSEC_LATCH_TMPL_A_KIND:
		return &t->kind;
	case IPSEC_LATCH_TMPL_A_FAMILY:
		return &t->family;
	case IPSEC_LATCH_TMPL_A_PROTO:
		return &t->proto;
	case IPSEC_LATCH_TMPL_A_LOCAL_PORT:
		return &t->lport;
	case IPSEC_LATCH_TMPL_A_REMOTE_PORT:
		return &t->rport;
	case IPSEC_LATCH_TMPL_A_ACTION:
		return &t->action;
	case IPSEC_LATCH_TMPL_A_FALLBACK_MS:
		return &t->fallback_ms;
	case IPSEC_LATCH_TMPL_A_FLOWS:
		return &t->flows;
	case IPSEC_LATCH_TMPL_A_PROTECTED:
		return &t->protected;
	case IPSEC_LATCH_TMPL_A_BYPASSED:
		return &t->bypassed;
	case IPSEC_LATCH_TMPL_A_REFUSED:
		return &t->refused;
	default:
		return NULL;
	}
}

int ipl_tmpl_parse(const struct nlattr *nest, struct ipl_tmpl *t)
{
	const struct nlattr *attr;
	unsigned int type;
	uint64_t *field;
	bool ok;

	memset(t, 0, sizeof(*t));
	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0) {
		errno = EBADMSG;
		return -1;
	}
	mnl_attr_for_each_nested(attr, nest) {
		type = mnl_attr_get_type(attr);
		switch (type) {
		case IPSEC_LATCH_TMPL_A_LOCAL_ADDR:
			ok = ipl_addr_set(&t->local,
					  mnl_attr_get_payload(attr),
					  mnl_attr_get_payload_len(attr));
			break;
		case IPSEC_LATCH_TMPL_A_REMOTE_ADDR:
			ok = ipl_addr_set(&t->remote,
					  mnl_attr_get_payload(attr),
					  mnl_attr_get_payload_len(attr));
			break;
		default:
			/* PAD and attributes from a newer module: none */
			field = num_field(t, type);
			ok = field && !ipl_attr_get_uint(attr, field);
			break;
		}
		if (ok)
			ipl_tmpl_set(t, type);
	}
	return 0;
}

int ipl_tmpl_msg_parse(const struct nlmsghdr *nlh, struct ipl_tmpl *t)
{
	const struct nlattr *attr;
	bool seen = false;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr)) {
		errno = EBADMSG;
		return -1;
	}
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		/* other attributes: from a newer module */
		if (mnl_attr_get_type(attr) != IPSEC_LATCH_A_TEMPLATE)
			continue;
		if (ipl_tmpl_parse(attr, t) < 0)
			return -1;
		seen = true;
	}
	if (!seen) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

static bool put_u8(struct nlmsghdr *nlh, size_t size, const struct ipl_tmpl *t,
		   uint16_t type, uint64_t v)
{
	return !ipl_tmpl_has(t, type) ||
	       mnl_attr_put_u8_check(nlh, size, type, v);
}

static bool put_u16(struct nlmsghdr *nlh, size_t size,
		    const struct ipl_tmpl *t, uint16_t type, uint64_t v)
{
	return !ipl_tmpl_has(t, type) ||
	       mnl_attr_put_u16_check(nlh, size, type, v);
}

static bool put_u32(struct nlmsghdr *nlh, size_t size,
		    const struct ipl_tmpl *t, uint16_t type, uint64_t v)
{
	return !ipl_tmpl_has(t, type) ||
	       mnl_attr_put_u32_check(nlh, size, type, v);
}

static bool put_addr(struct nlmsghdr *nlh, size_t size,
		     const struct ipl_tmpl *t, uint16_t type,
		     const struct ipl_addr *a)
{
	return !ipl_tmpl_has(t, type) ||
	       mnl_attr_put_check(nlh, size, type, a->len, a->bytes);
}

int ipl_tmpl_put(struct nlmsghdr *nlh, size_t size, const struct ipl_tmpl *t)
{
	struct nlattr *nest;

	nest = mnl_attr_nest_start_check(nlh, size, IPSEC_LATCH_A_TEMPLATE);
	if (!nest)
		return -1;
	if (!put_u32(nlh, size, t, IPSEC_LATCH_TMPL_A_ID, t->id) ||
	    !put_u8(nlh, size, t, IPSEC_LATCH_TMPL_A_KIND, t->kind) ||
	    !put_u8(nlh, size, t, IPSEC_LATCH_TMPL_A_FAMILY, t->family) ||
	    !put_u8(nlh, size, t, IPSEC_LATCH_TMPL_A_PROTO, t->proto) ||
	    !put_addr(nlh, size, t, IPSEC_LATCH_TMPL_A_LOCAL_ADDR, &t->local) ||
	    !put_u16(nlh, size, t, IPSEC_LATCH_TMPL_A_LOCAL_PORT, t->lport) ||
	    !put_addr(nlh, size, t, IPSEC_LATCH_TMPL_A_REMOTE_ADDR,
		      &t->remote) ||
	    !put_u16(nlh, size, t, IPSEC_LATCH_TMPL_A_REMOTE_PORT, t->rport) ||
	    !put_u8(nlh, size, t, IPSEC_LATCH_TMPL_A_ACTION, t->action) ||
	    !put_u32(nlh, size, t, IPSEC_LATCH_TMPL_A_FALLBACK_MS,
		     t->fallback_ms)) {
		mnl_attr_nest_cancel(nlh, nest);
		return -1;
	}
	mnl_attr_nest_end(nlh, nest);
	return 0;
}
