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
/* The kernel function or netfilter hook of a hook, or "hook_<n>". */
const char *ipl_hook_label(unsigned int type, char *buf, size_t len);

/*
 * A counter about SA resolution: res_*, pkt_*, drop_* and waits, from
 * res_created up to (not including) the connection latching counters.
 */
bool ipl_counter_is_resolution(unsigned int type);
/* A counter about connection latching: latch_*, drop_latch_*. */
bool ipl_counter_is_latch(unsigned int type);

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
/*
 * enum ipsec_latch_event: resolved, failed (resolutions); latched, broken,
 * restored, closed, refused (latches); "event_<n>"
 */
const char *ipl_event_label(uint64_t event, char *buf, size_t len);
/* By exact name; 0, or -1. */
int ipl_event_parse(const char *name, uint32_t *event);
/* A latch event (else a resolution's). */
bool ipl_event_is_latch(uint64_t event);
#define IPL_RES_EVENT_CHOICES	"resolved, failed"
#define IPL_LATCH_EVENT_CHOICES	"latched, broken, restored, closed, refused"
/* AF_INET, AF_INET6: inet, inet6; "family_<n>" */
const char *ipl_family_label(uint64_t family, char *buf, size_t len);
/* IPPROTO_ESP, _AH, _COMP: esp, ah, comp (as ip-xfrm(8)); "proto_<n>" */
const char *ipl_xfrm_proto_label(uint64_t proto, char *buf, size_t len);
/* XFRM_MODE_*: transport, tunnel, ro, in_trigger, beet; "mode_<n>" */
const char *ipl_xfrm_mode_label(uint64_t mode, char *buf, size_t len);
/* errno value: its symbolic name, e.g. "EHOSTUNREACH"; "errno_<n>" */
const char *ipl_errno_label(uint64_t err, char *buf, size_t len);

/* IPPROTO_TCP, _UDP: tcp, udp; "proto_<n>" */
const char *ipl_l4proto_label(uint64_t proto, char *buf, size_t len);
/* "tcp" or "udp" (the only protocols latched); 0, or -1 */
int ipl_l4proto_parse(const char *name, uint8_t *proto);
#define IPL_L4PROTO_CHOICES	"tcp, udp"

/* enum ipsec_latch_tmpl_kind: listener, connector; "kind_<n>" */
const char *ipl_tmpl_kind_label(uint64_t kind, char *buf, size_t len);
int ipl_tmpl_kind_parse(const char *name, uint8_t *kind);
#define IPL_TMPL_KIND_CHOICES	"listener, connector"

/* enum ipsec_latch_action: protect, bypass-or-protect, bypass; "action_<n>" */
const char *ipl_action_label(uint64_t action, char *buf, size_t len);
/* What a template may ask for: protect or bypass-or-protect; 0, or -1. */
int ipl_tmpl_action_parse(const char *name, uint8_t *action);
#define IPL_TMPL_ACTION_CHOICES	"protect, bypass-or-protect"

/* enum ipsec_latch_state: larval, established, broken, closed; "state_<n>" */
const char *ipl_latch_state_label(uint64_t state, char *buf, size_t len);
int ipl_latch_state_parse(const char *name, uint8_t *state);
#define IPL_LATCH_STATE_CHOICES	"larval, established, broken, closed"

/* enum ipsec_latch_id_source: derived, ike; "source_<n>" */
const char *ipl_id_source_label(uint64_t src, char *buf, size_t len);

/*
 * enum ipsec_latch_decision: none, pending, protected, clear-in,
 * clear-out, ike-failed, timeout; "decision_<n>"
 */
const char *ipl_decision_label(uint64_t decision, char *buf, size_t len);

/*
 * enum ipsec_latch_transparent: off, protect, bypass-or-protect;
 * "transparent_<n>"
 */
const char *ipl_transparent_label(uint64_t mode, char *buf, size_t len);
/* By name, "on" being protect; 0, or -1. */
int ipl_transparent_parse(const char *name, uint8_t *mode);
#define IPL_TRANSPARENT_CHOICES	"on, off, protect, bypass-or-protect"
#define IPL_TRANSPARENT_CHOICES_SYNOPSIS \
	"on | off | protect | bypass-or-protect"

/* Big enough for any label ("transparent_" + 20 digits, NUL). */
#define IPL_LABEL_LEN	40

#endif /* IPL_NAMES_H */
