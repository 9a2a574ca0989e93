/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: user-visible names of uapi enum values. The only place
 * that maps ipsec_latch.h numbers to names.
 */
#ifndef IPL_NAMES_H
#define IPL_NAMES_H

#include <stddef.h>

/* Name of a param/counter, or NULL if this tool does not know it. */
const char *ipl_param_name(unsigned int type);
const char *ipl_counter_name(unsigned int type);

/*
 * Name of a param/counter, or "param_<n>" / "counter_<n>" formatted into
 * buf for numbers from a newer module. Returns the name.
 */
const char *ipl_param_label(unsigned int type, char *buf, size_t len);
const char *ipl_counter_label(unsigned int type, char *buf, size_t len);

/* Big enough for any label ("counter_" + 5 digits, NUL). */
#define IPL_LABEL_LEN	32

#endif /* IPL_NAMES_H */
