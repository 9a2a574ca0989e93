/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: netlink attribute values: read leniently where the
 * contract allows a newer module to change them; written into requests
 * only if present.
 */
#ifndef IPL_ATTR_H
#define IPL_ATTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ipl_addr;
struct nlattr;
struct nlmsghdr;

/*
 * Unsigned integer of any width the kernel might use (u8..u64), so that a
 * module widening a value does not make older tools drop it. Returns 0, or
 * -1 if the payload has another length.
 */
int ipl_attr_get_uint(const struct nlattr *attr, uint64_t *v);

/*
 * The same for a value the message cannot do without: 0 with *has set, or
 * -1 with errno EBADMSG.
 */
int ipl_attr_need_uint(const struct nlattr *attr, uint64_t *v, bool *has);

/* A string, NUL terminator optional, cut to fit buf (len bytes). */
void ipl_attr_get_str(const struct nlattr *attr, char *buf, size_t len);

/* An IPv4 or IPv6 address (4 or 16 bytes); false, *a unchanged, if not. */
bool ipl_attr_get_addr(const struct nlattr *attr, struct ipl_addr *a);

/*
 * 0 if nlh is long enough for the genetlink header its attributes follow;
 * else -1 with errno EBADMSG.
 */
int ipl_attr_msg_check(const struct nlmsghdr *nlh);

/*
 * Where a request's optional attributes go: each ipl_attr_opt_*() appends
 * attribute type with its value only if type is in present, and returns
 * false if it does not fit in the buffer of size bytes.
 */
struct ipl_attr_opt {
	struct nlmsghdr *nlh;
	size_t size;
	uint32_t present;
};

bool ipl_attr_opt_u8(const struct ipl_attr_opt *o, uint16_t type,
		     uint64_t v);
bool ipl_attr_opt_u16(const struct ipl_attr_opt *o, uint16_t type,
		      uint64_t v);
bool ipl_attr_opt_u32(const struct ipl_attr_opt *o, uint16_t type,
		      uint64_t v);
bool ipl_attr_opt_addr(const struct ipl_attr_opt *o, uint16_t type,
		       const struct ipl_addr *a);
bool ipl_attr_opt_strz(const struct ipl_attr_opt *o, uint16_t type,
		       const char *s);

/*
 * Append a nest of type @type with the attributes put() appends from obj
 * (present as above). Returns 0, or -1, nlh as it was, if it does not fit.
 */
int ipl_attr_opt_nest(struct nlmsghdr *nlh, size_t size, uint16_t type,
		      uint32_t present,
		      bool (*put)(const struct ipl_attr_opt *o,
				  const void *obj),
		      const void *obj);

#endif /* IPL_ATTR_H */
