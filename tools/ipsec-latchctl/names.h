/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: user-visible names of uapi enum values. The only place
 * that maps numbers from ipsec_latch.h (and the xfrm, protocol and errno
 * numbers it carries) to names.
 *
 * The *_label() functions never fail: a number this tool has no name for
 * (from a newer module) is formatted into buf as "<kind>_<n>", e.g.
 * "counter_42", and buf is returned.
 */
#ifndef IPL_NAMES_H
#define IPL_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Name of a param/counter, or NULL if this tool does not know it. */
const char *ipl_param_name(unsigned int type);
const char *ipl_counter_name(unsigned int type);

/* "param_<n>" / "counter_<n>" for unknown numbers. */
const char *ipl_param_label(unsigned int type, char *buf, size_t len);
const char *ipl_counter_label(unsigned int type, char *buf, size_t len);

/* A counter about SA resolution: res_*, pkt_*, drop_*, waits. */
bool ipl_counter_is_resolution(unsigned int type);

/* enum ipsec_latch_mode: names, in number order, for messages. */
#define IPL_MODE_CHOICES		"off, queue, wait"
#define IPL_MODE_CHOICES_SYNOPSIS	"off | queue | wait"

/* Name of a mode, or NULL. */
const char *ipl_mode_name(uint64_t mode);
/* Mode by exact name; 0, or -1 if there is none. */
int ipl_mode_parse(const char *name, uint32_t *mode);

/* "mode_<n>" for unknown numbers. */
const char *ipl_mode_label(uint64_t mode, char *buf, size_t len);
/* enum ipsec_latch_res_state: pending, resolved, failed; "state_<n>" */
const char *ipl_res_state_label(uint64_t state, char *buf, size_t len);
/* enum ipsec_latch_event: resolved, failed; "event_<n>" */
const char *ipl_event_label(uint64_t event, char *buf, size_t len);
/* AF_INET, AF_INET6: inet, inet6; "family_<n>" */
const char *ipl_family_label(uint64_t family, char *buf, size_t len);
/* IPPROTO_ESP, _AH, _COMP: esp, ah, comp (as ip-xfrm(8)); "proto_<n>" */
const char *ipl_xfrm_proto_label(uint64_t proto, char *buf, size_t len);
/* XFRM_MODE_*: transport, tunnel, ro, in_trigger, beet; "mode_<n>" */
const char *ipl_xfrm_mode_label(uint64_t mode, char *buf, size_t len);
/* errno value: its symbolic name, e.g. "EHOSTUNREACH"; "errno_<n>" */
const char *ipl_errno_label(uint64_t err, char *buf, size_t len);

/* Big enough for any label ("counter_" or "family_" + 20 digits, NUL). */
#define IPL_LABEL_LEN	32

#endif /* IPL_NAMES_H */
