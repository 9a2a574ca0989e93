/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ipsec_latch generic netlink contract, shared by the kernel module and
 * ipsec-latchctl.
 *
 * Family IPSEC_LATCH_GENL_NAME, version IPSEC_LATCH_GENL_VERSION. Every
 * command acts on the network namespace of the requesting socket. Commands
 * that change state need CAP_NET_ADMIN in the user namespace owning that
 * network namespace. Numbers are ABI: append, never renumber.
 */
#ifndef _UAPI_LINUX_IPSEC_LATCH_H
#define _UAPI_LINUX_IPSEC_LATCH_H

#define IPSEC_LATCH_GENL_NAME		"ipsec_latch"
#define IPSEC_LATCH_GENL_VERSION	1
#define IPSEC_LATCH_MCGRP_EVENTS	"events"

enum ipsec_latch_cmd {
	IPSEC_LATCH_CMD_UNSPEC,
	/* Reply: A_VERSION, A_PARAMS, A_COUNTERS. Request: no attributes. */
	IPSEC_LATCH_CMD_GET_STATUS,
	/* Zero this netns's counters (admin). Request: no attributes. */
	IPSEC_LATCH_CMD_RESET_COUNTERS,
	/* Change this netns's settings (admin). Request: A_MODE. */
	IPSEC_LATCH_CMD_SET,
	/* Dump: one message per live resolution of this netns, with A_RES. */
	IPSEC_LATCH_CMD_GET_RESOLUTIONS,
	/* Multicast on "events" when a resolution ends: A_EVENT, A_RES. */
	IPSEC_LATCH_CMD_RES_EVENT,

	__IPSEC_LATCH_CMD_MAX,
};
#define IPSEC_LATCH_CMD_MAX (__IPSEC_LATCH_CMD_MAX - 1)

enum ipsec_latch_attr {
	IPSEC_LATCH_A_UNSPEC,
	IPSEC_LATCH_A_PAD,
	IPSEC_LATCH_A_VERSION,		/* string: module version */
	IPSEC_LATCH_A_PARAMS,		/* nest: enum ipsec_latch_param */
	IPSEC_LATCH_A_COUNTERS,		/* nest: enum ipsec_latch_counter */
	IPSEC_LATCH_A_MODE,		/* u32: enum ipsec_latch_mode, this netns */
	IPSEC_LATCH_A_RES,		/* nest: enum ipsec_latch_res_attr */
	IPSEC_LATCH_A_EVENT,		/* u32: enum ipsec_latch_event */

	__IPSEC_LATCH_A_MAX,
};
#define IPSEC_LATCH_A_MAX (__IPSEC_LATCH_A_MAX - 1)

/* Module parameters as loaded (global, read-only over netlink). */
enum ipsec_latch_param {
	IPSEC_LATCH_PARAM_UNSPEC,
	IPSEC_LATCH_PARAM_SA_EVENT_LOG,	/* u32: 1 = log observed SA events */
	IPSEC_LATCH_PARAM_MODE,		/* u32: enum ipsec_latch_mode, new netns */
	IPSEC_LATCH_PARAM_RESOLVE_TIMEOUT_MS,	/* u32 */
	IPSEC_LATCH_PARAM_MAX_RESOLUTIONS,	/* u32: per netns */
	IPSEC_LATCH_PARAM_MAX_QUEUE_PACKETS,	/* u32: per resolution */
	IPSEC_LATCH_PARAM_MAX_QUEUE_BYTES,	/* u32: per resolution */
	IPSEC_LATCH_PARAM_MAX_NETNS_BYTES,	/* u32: per netns */

	__IPSEC_LATCH_PARAM_MAX,
};
#define IPSEC_LATCH_PARAM_MAX (__IPSEC_LATCH_PARAM_MAX - 1)

/* What happens to traffic that needs an SA which does not exist yet. */
enum ipsec_latch_mode {
	IPSEC_LATCH_MODE_OFF,	/* stock kernel behaviour */
	IPSEC_LATCH_MODE_QUEUE,	/* hold packets, never block callers */
	IPSEC_LATCH_MODE_WAIT,	/* hold packets, block or EAGAIN callers */
};

/* A resolution: the wait for one outbound SA (key = the ACQUIRE's). */
enum ipsec_latch_res_state {
	IPSEC_LATCH_RES_PENDING,	/* ACQUIRE sent, no SA yet */
	IPSEC_LATCH_RES_RESOLVED,	/* the SA arrived; held packets leave */
	IPSEC_LATCH_RES_FAILED,		/* no SA will come for now */
};

enum ipsec_latch_res_attr {
	IPSEC_LATCH_RES_A_UNSPEC,
	IPSEC_LATCH_RES_A_PAD,
	IPSEC_LATCH_RES_A_FAMILY,	/* u16: AF_INET, AF_INET6 (SA's outer) */
	IPSEC_LATCH_RES_A_DADDR,	/* binary: 4 or 16 bytes */
	IPSEC_LATCH_RES_A_SADDR,	/* binary: 4 or 16 bytes */
	IPSEC_LATCH_RES_A_PROTO,	/* u8: IPPROTO_ESP, _AH, _COMP */
	IPSEC_LATCH_RES_A_MODE,		/* u8: XFRM_MODE_* */
	IPSEC_LATCH_RES_A_REQID,	/* u32 */
	IPSEC_LATCH_RES_A_STATE,	/* u8: enum ipsec_latch_res_state */
	IPSEC_LATCH_RES_A_AGE_MS,	/* u64: since the first waiting packet */
	IPSEC_LATCH_RES_A_WAITERS,	/* u32: callers sleeping on it */
	IPSEC_LATCH_RES_A_QUEUED_PACKETS, /* u32 */
	IPSEC_LATCH_RES_A_QUEUED_BYTES,	/* u32: truesize */
	IPSEC_LATCH_RES_A_DROPS,	/* u64: packets dropped at its queue */
	IPSEC_LATCH_RES_A_ERROR,	/* u32: FAILED: errno callers get */

	__IPSEC_LATCH_RES_A_MAX,
};
#define IPSEC_LATCH_RES_A_MAX (__IPSEC_LATCH_RES_A_MAX - 1)

enum ipsec_latch_event {
	IPSEC_LATCH_EVENT_UNSPEC,
	IPSEC_LATCH_EVENT_RESOLVED,	/* A_RES: the resolution, now RESOLVED */
	IPSEC_LATCH_EVENT_FAILED,	/* A_RES: the resolution, now FAILED */
};

/*
 * Per-netns counters, all u64. The SA and policy counters count what the
 * module's passive xfrm key-manager observer saw in that netns.
 */
enum ipsec_latch_counter {
	IPSEC_LATCH_CTR_UNSPEC,
	IPSEC_LATCH_CTR_PAD,
	IPSEC_LATCH_CTR_SA_NEW,		/* SA added (XFRM_MSG_NEWSA) */
	IPSEC_LATCH_CTR_SA_UPDATE,	/* SA updated (XFRM_MSG_UPDSA) */
	IPSEC_LATCH_CTR_SA_DELETE,	/* SA deleted (XFRM_MSG_DELSA) */
	IPSEC_LATCH_CTR_SA_EXPIRE,	/* SA soft or hard expire */
	IPSEC_LATCH_CTR_SA_FLUSH,	/* SA table flushed */
	IPSEC_LATCH_CTR_ACQUIRE,	/* kernel asked key managers for an SA */
	IPSEC_LATCH_CTR_POLICY_CHANGE,	/* SPD entry added/updated/deleted/flushed */
	/* SA resolution */
	IPSEC_LATCH_CTR_RES_CREATED,	/* resolutions started */
	IPSEC_LATCH_CTR_RES_RESOLVED,	/* ... released by their SA */
	IPSEC_LATCH_CTR_RES_FAILED,	/* ... failed (timeout, acquire gone, no KM) */
	IPSEC_LATCH_CTR_RES_TIMEOUT,	/* ... of those, by resolve_timeout_ms */
	IPSEC_LATCH_CTR_RES_TABLE_FULL,	/* not started: max_resolutions reached */
	IPSEC_LATCH_CTR_PKT_QUEUED,	/* packets held for an SA */
	IPSEC_LATCH_CTR_PKT_RELEASED,	/* held packets sent once the SA came */
	IPSEC_LATCH_CTR_DROP_QUEUE_FULL, /* dropped: resolution queue full */
	IPSEC_LATCH_CTR_DROP_NETNS_FULL, /* dropped: netns queue bytes full */
	IPSEC_LATCH_CTR_DROP_FAILED,	/* dropped: resolution failed */
	IPSEC_LATCH_CTR_DROP_WOULD_BLOCK, /* not sent: non-blocking send got EAGAIN */
	IPSEC_LATCH_CTR_DROP_REROUTE,	/* dropped: its route vanished, or none at release */
	IPSEC_LATCH_CTR_DROP_UNLOAD,	/* dropped: netns or module went away */
	IPSEC_LATCH_CTR_WAITS,		/* callers that slept for an SA */

	__IPSEC_LATCH_CTR_MAX,
};
#define IPSEC_LATCH_CTR_MAX (__IPSEC_LATCH_CTR_MAX - 1)

#endif /* _UAPI_LINUX_IPSEC_LATCH_H */
