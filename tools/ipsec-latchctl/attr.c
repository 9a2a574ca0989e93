// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: netlink attribute values, see attr.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "addr.h"
#include "attr.h"
#include "present.h"

int ipl_attr_get_uint(const struct nlattr *attr, uint64_t *v)
{
	switch (mnl_attr_get_payload_len(attr)) {
	case sizeof(uint8_t):
		*v = mnl_attr_get_u8(attr);
		return 0;
	case sizeof(uint16_t):
		*v = mnl_attr_get_u16(attr);
		return 0;
	case sizeof(uint32_t):
		*v = mnl_attr_get_u32(attr);
		return 0;
	case sizeof(uint64_t):
		*v = mnl_attr_get_u64(attr);
		return 0;
	default:
		return -1;
	}
}

int ipl_attr_need_uint(const struct nlattr *attr, uint64_t *v, bool *has)
{
	if (ipl_attr_get_uint(attr, v) < 0) {
		errno = EBADMSG;
		return -1;
	}
	*has = true;
	return 0;
}

void ipl_attr_get_str(const struct nlattr *attr, char *buf, size_t len)
{
	const char *s = mnl_attr_get_payload(attr);
	size_t n = strnlen(s, mnl_attr_get_payload_len(attr));

	snprintf(buf, len, "%.*s", (int)n, s);
}

bool ipl_attr_get_addr(const struct nlattr *attr, struct ipl_addr *a)
{
	return ipl_addr_set(a, mnl_attr_get_payload(attr),
			    mnl_attr_get_payload_len(attr));
}

int ipl_attr_msg_check(const struct nlmsghdr *nlh)
{
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr)) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

bool ipl_attr_opt_u8(const struct ipl_attr_opt *o, uint16_t type,
		     uint64_t v)
{
	return !ipl_has(o->present, type) ||
	       mnl_attr_put_u8_check(o->nlh, o->size, type, v);
}

bool ipl_attr_opt_u16(const struct ipl_attr_opt *o, uint16_t type,
		      uint64_t v)
{
	return !ipl_has(o->present, type) ||
	       mnl_attr_put_u16_check(o->nlh, o->size, type, v);
}

bool ipl_attr_opt_u32(const struct ipl_attr_opt *o, uint16_t type,
		      uint64_t v)
{
	return !ipl_has(o->present, type) ||
	       mnl_attr_put_u32_check(o->nlh, o->size, type, v);
}

bool ipl_attr_opt_addr(const struct ipl_attr_opt *o, uint16_t type,
		       const struct ipl_addr *a)
{
	return !ipl_has(o->present, type) ||
	       mnl_attr_put_check(o->nlh, o->size, type, a->len, a->bytes);
}

bool ipl_attr_opt_strz(const struct ipl_attr_opt *o, uint16_t type,
		       const char *s)
{
	return !ipl_has(o->present, type) ||
	       mnl_attr_put_strz_check(o->nlh, o->size, type, s);
}

int ipl_attr_opt_nest(struct nlmsghdr *nlh, size_t size, uint16_t type,
		      uint32_t present,
		      bool (*put)(const struct ipl_attr_opt *o,
				  const void *obj),
		      const void *obj)
{
	const struct ipl_attr_opt o = { nlh, size, present };
	struct nlattr *nest;

	nest = mnl_attr_nest_start_check(nlh, size, type);
	if (!nest)
		return -1;
	if (!put(&o, obj)) {
		mnl_attr_nest_cancel(nlh, nest);
		return -1;
	}
	mnl_attr_nest_end(nlh, nest);
	return 0;
}
