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
	bool has_sock_requests;
	uint64_t sock_requests;		/* 1: applications may ask */
	bool has_sock_request_count;
	uint64_t sock_request_count;	/* live requests */
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

/* What each command shows of the status. */
enum ipl_status_view {
	IPL_STATUS_ALL,		/* "status" */
	IPL_STATUS_RESOLUTION,	/* "resolve stats": mode, resolution counters */
	IPL_STATUS_LATCHING,	/* "latch stats": transparent mode, the latch
				 * count and size, the latching counters
				 */
};

/*
 * "version" and -V: the tool's version, then the module's if st is not
 * NULL: text "ipsec-latchctl V" and "module: ipsec_latch V" lines, JSON
 * {"schema":1,"tool":{"name","version"}[,"module":{"name","version"}]}.
 * Returns 0 or -1.
 */
int ipl_version_print(FILE *f, bool json, const struct ipl_status *st);

/* Render view of st as text, or as one JSON object; returns 0 or -1. */
int ipl_status_print(FILE *f, bool json, const struct ipl_status *st,
		     enum ipl_status_view view);

#endif /* IPL_STATUS_H */
