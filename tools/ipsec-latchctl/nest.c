// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: parse nests by table, see nest.h.
 */
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/ipsec_latch.h>

#include "attr.h"
#include "nest.h"
#include "present.h"

/* Read attr into its member: 1 if read, 0 if ignored, -1 if malformed. */
static int field_get(const struct nlattr *attr, const struct ipl_field *f,
		     char *member)
{
	switch (f->kind) {
	case IPL_FIELD_UINT:
		return !ipl_attr_get_uint(attr, (uint64_t *)member);
	case IPL_FIELD_ADDR:
		return ipl_attr_get_addr(attr, (struct ipl_addr *)member);
	case IPL_FIELD_STR:
		ipl_attr_get_str(attr, member, f->size);
		return 1;
	case IPL_FIELD_NEST:
		return ipl_nest_parse(attr, f->nest, member) < 0 ? -1 : 1;
	case IPL_FIELD_FLAG:
		return 1;
	default:
		return 0;
	}
}

int ipl_nest_parse(const struct nlattr *nest, const struct ipl_nest *d,
		   void *obj)
{
	uint32_t *present = (uint32_t *)((char *)obj + d->present);
	const struct nlattr *attr;
	unsigned int type;
	int ret;

	memset(obj, 0, d->size);
	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0) {
		errno = EBADMSG;
		return -1;
	}
	mnl_attr_for_each_nested(attr, nest) {
		type = mnl_attr_get_type(attr);
		if (type >= d->n_fields || type >= 32)
			continue;
		ret = field_get(attr, &d->fields[type],
				(char *)obj + d->fields[type].off);
		if (ret < 0)
			return -1;
		if (ret)
			ipl_set(present, type);
	}
	return 0;
}

int ipl_nest_msg_parse(const struct nlmsghdr *nlh, uint16_t type,
		       const struct ipl_nest *d, void *obj)
{
	const struct nlattr *attr;
	bool seen = false;

	if (ipl_attr_msg_check(nlh) < 0)
		return -1;
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) != type)
			continue;
		if (ipl_nest_parse(attr, d, obj) < 0)
			return -1;
		seen = true;
	}
	if (!seen) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

int ipl_nest_event_parse(const struct nlmsghdr *nlh, bool *has_event,
			 uint64_t *event, uint16_t type,
			 const struct ipl_nest *d, void *obj, bool *has_obj)
{
	const struct nlattr *attr;

	if (ipl_attr_msg_check(nlh) < 0)
		return -1;
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == IPSEC_LATCH_A_EVENT) {
			if (ipl_attr_need_uint(attr, event, has_event) < 0)
				return -1;
		} else if (mnl_attr_get_type(attr) == type) {
			if (ipl_nest_parse(attr, d, obj) < 0)
				return -1;
			*has_obj = true;
		}
		/* else: an attribute from a newer module */
	}
	return 0;
}
