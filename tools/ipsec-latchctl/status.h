/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: IPSEC_LATCH_CMD_GET_STATUS reply, parsed and rendered.
 */
#ifndef IPL_STATUS_H
#define IPL_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct nlmsghdr;

/* Upper bound on params, counters or hooks kept from one reply. */
#define IPL_STATUS_MAX_ITEMS	256
#define IPL_VERSION_LEN		64

struct ipl_item {
	unsigned int type;	/* enum ipsec_latch_param, _counter, _hook */
	uint64_t value;
};

struct ipl_status {
	bool seen;			/* a reply was parsed */
	bool has_version;
	char version[IPL_VERSION_LEN];
	bool has_mode;
	uint64_t mode;			/* this netns's enum ipsec_latch_mode */
	bool has_transparent;
	uint64_t transparent;		/* enum ipsec_latch_transparent */
	bool has_fallback_ms;
	uint64_t fallback_ms;		/* transparent BYPASS_OR_PROTECT's */
	bool has_latch_count;
	uint64_t latch_count;		/* latches in this netns */
	bool has_latch_bytes;
	uint64_t latch_bytes;		/* memory one latch takes */
	bool has_hooks_armed;		/* module-wide: admin only */
	uint64_t hooks_armed;
	unsigned int n_params;
	unsigned int n_counters;
	unsigned int n_hook_calls;	/* 0: not sent (not an admin) */
	unsigned int n_hook_missed;
	/* sorted by type, one entry per type */
	struct ipl_item params[IPL_STATUS_MAX_ITEMS];
	struct ipl_item counters[IPL_STATUS_MAX_ITEMS];
	struct ipl_item hook_calls[IPL_STATUS_MAX_ITEMS];
	struct ipl_item hook_missed[IPL_STATUS_MAX_ITEMS];
};

/*
 * Parse one GET_STATUS reply into st (which the caller zeroed). Unknown
 * top-level attributes are ignored; unknown param/counter numbers are kept.
 * Returns 0, or -1 with errno set (EBADMSG: malformed, EOVERFLOW: too
 * many items).
 */
int ipl_status_parse(const struct nlmsghdr *nlh, struct ipl_status *st);

/* Render st as text or as one JSON document; returns 0 or -1. */
int ipl_status_print_text(FILE *f, const struct ipl_status *st);
int ipl_status_print_json(FILE *f, const struct ipl_status *st);

/* Only the netns mode and the resolution counters ("resolve stats"). */
int ipl_status_print_res_text(FILE *f, const struct ipl_status *st);
int ipl_status_print_res_json(FILE *f, const struct ipl_status *st);

/*
 * Only transparent mode, the latch count and size, and the latching
 * counters ("latch stats").
 */
int ipl_status_print_latch_text(FILE *f, const struct ipl_status *st);
int ipl_status_print_latch_json(FILE *f, const struct ipl_status *st);

#endif /* IPL_STATUS_H */
