/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: which attributes of a nest a reply carried, as a bitmap
 * with bit (1 << type) set for each attribute type read (types below 32).
 */
#ifndef IPL_PRESENT_H
#define IPL_PRESENT_H

#include <stdbool.h>
#include <stdint.h>

static inline bool ipl_has(uint32_t present, unsigned int type)
{
	return type < 32 && (present & (1u << type));
}

static inline void ipl_set(uint32_t *present, unsigned int type)
{
	*present |= 1u << type;
}

#endif /* IPL_PRESENT_H */
