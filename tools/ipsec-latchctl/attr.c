// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: reading netlink attribute values.
 */
#include <libmnl/libmnl.h>

#include "attr.h"

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
