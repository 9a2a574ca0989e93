/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: reading netlink attribute values, leniently where the
 * contract allows a newer module to change them.
 */
#ifndef IPL_ATTR_H
#define IPL_ATTR_H

#include <stdint.h>

struct nlattr;

/*
 * Unsigned integer of any width the kernel might use (u8..u64), so that a
 * module widening a value does not make older tools drop it. Returns 0, or
 * -1 if the payload has another length.
 */
int ipl_attr_get_uint(const struct nlattr *attr, uint64_t *v);

#endif /* IPL_ATTR_H */
