/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: resolutions (an IPSEC_LATCH_A_RES nest of enum
 * ipsec_latch_res_attr), as sent in IPSEC_LATCH_CMD_GET_RESOLUTIONS dumps
 * and IPSEC_LATCH_CMD_RES_EVENT notifications: parsed and rendered.
 */
#ifndef IPL_RESOLUTION_H
#define IPL_RESOLUTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <linux/ipsec_latch.h>

#include "addr.h"
#include "present.h"

struct nlattr;
struct nlmsghdr;

/*
 * Every attribute is optional: a field is valid only if its bit is set in
 * ->present (see ipl_res_has()). Numbers are kept at 64 bits whatever
 * width the kernel used.
 */
struct ipl_res {
	uint32_t present;	/* 1 << IPSEC_LATCH_RES_A_* received */
	uint64_t family;	/* AF_INET, AF_INET6 */
	struct ipl_addr daddr;
	struct ipl_addr saddr;
	uint64_t proto;		/* IPPROTO_ESP, ... */
	uint64_t mode;		/* XFRM_MODE_* */
	uint64_t reqid;
	uint64_t state;		/* enum ipsec_latch_res_state */
	uint64_t age_ms;
	uint64_t waiters;
	uint64_t queued_packets;
	uint64_t queued_bytes;
	uint64_t drops;
	uint64_t error;		/* positive errno */
	uint64_t if_id;		/* xfrm interface id */
	uint64_t mark;
};

_Static_assert(IPSEC_LATCH_RES_A_MAX < 32, "ipl_res.present is 32 bits");

static inline bool ipl_res_has(const struct ipl_res *r, unsigned int type)
{
	return ipl_has(r->present, type);
}

/* A RES_EVENT notification. */
struct ipl_res_event {
	bool has_event;
	uint64_t event;		/* enum ipsec_latch_event */
	bool has_res;
	struct ipl_res res;
};

/*
 * Parse an IPSEC_LATCH_A_RES nest into *r (zeroed first). Unknown and PAD
 * attributes are ignored, and so are values of a size this tool cannot
 * read (they stay absent). Returns 0, or -1 with errno EBADMSG if the nest
 * is malformed.
 */
int ipl_res_parse(const struct nlattr *nest, struct ipl_res *r);

/*
 * Parse a RES_EVENT message into *ev (zeroed first). Unknown top-level
 * attributes are ignored. Returns 0, or -1 with errno EBADMSG.
 */
int ipl_res_event_parse(const struct nlmsghdr *nlh, struct ipl_res_event *ev);

/* Parse one GET_RESOLUTIONS dump message: like an event, A_RES required. */
int ipl_res_msg_parse(const struct nlmsghdr *nlh, struct ipl_res *r);

/*
 * "resolve list": one line per resolution, absent values as "-":
 *	DST SRC PROTO MODE REQID STATE AGE WAITERS PACKETS/BYTES DROPS[ ERROR]
 *	[ if_id N][ mark 0xM]
 * e.g. "192.0.2.2 192.0.2.1 esp transport 1 pending 1.2s 1 3/2304 0";
 * with json an array of objects (docs/json.md).
 */
int ipl_res_print(FILE *f, bool json, const struct ipl_res *v, size_t n);

/*
 * A "monitor" event (ts: when it came, NULL: not shown). Text, absent
 * values as "-":
 *	[Timestamp: DATE USEC usec]
 *	EVENT DST SRC PROTO MODE reqid REQID[ if_id N][ mark 0xM] after AGE
 *	[: ERROR]
 * e.g. "resolved 192.0.2.2 192.0.2.1 esp transport reqid 1 after 1.03s".
 * JSON: one object, "event" and the members of a "resolve list" one.
 */
int ipl_res_event_print(FILE *f, bool json, const struct timespec *ts,
			const struct ipl_res_event *ev);

#endif /* IPL_RESOLUTION_H */
