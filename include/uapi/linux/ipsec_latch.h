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
	/* Change this netns's settings (admin). Request: A_MODE, and/or
	 * A_TRANSPARENT (with A_FALLBACK_MS for BYPASS_OR_PROTECT), and/or
	 * A_SOCK_REQUESTS.
	 */
	IPSEC_LATCH_CMD_SET,
	/* Dump: one message per live resolution of this netns, with A_RES. */
	IPSEC_LATCH_CMD_GET_RESOLUTIONS,
	/* Multicast on "events" when a resolution ends: A_EVENT, A_RES. */
	IPSEC_LATCH_CMD_RES_EVENT,
	/* Add a latch template (admin). Request: A_TEMPLATE without
	 * TMPL_A_ID; reply: A_TEMPLATE with the ID given to it.
	 */
	IPSEC_LATCH_CMD_TEMPLATE_ADD,
	/* Delete one template (admin). Request: A_TEMPLATE with TMPL_A_ID. */
	IPSEC_LATCH_CMD_TEMPLATE_DEL,
	/* Delete every template of this netns (admin). No attributes. */
	IPSEC_LATCH_CMD_TEMPLATE_FLUSH,
	/* Dump: one message per template, with A_TEMPLATE. */
	IPSEC_LATCH_CMD_GET_TEMPLATES,
	/* Dump: one message per latch, with A_LATCH. Request: optional
	 * A_FILTER, a nest of LATCH_A_* that every latch shown must match
	 * (FAMILY, PROTO, LOCAL/REMOTE ADDR and PORT, STATE, PEER_ID as a
	 * substring; an address needs FAMILY).
	 */
	IPSEC_LATCH_CMD_GET_LATCHES,
	/* The key manager names the peer behind an SA (admin). Request:
	 * A_IDENTITY with FAMILY, PEER, REQID, ID.
	 */
	IPSEC_LATCH_CMD_IDENTITY_SET,
	/*
	 * Forget one (admin). Request: A_IDENTITY with FAMILY, PEER, REQID;
	 * with ID, only if it still names that identity (else ESRCH).
	 */
	IPSEC_LATCH_CMD_IDENTITY_DEL,
	/* Dump: one message per identity annotation, with A_IDENTITY. */
	IPSEC_LATCH_CMD_GET_IDENTITIES,
	/* Multicast on "events" when a latch changes: A_EVENT, A_LATCH. */
	IPSEC_LATCH_CMD_LATCH_EVENT,
	/*
	 * The latch of a socket the caller holds. Request: A_SOCK_FD, a
	 * descriptor in the calling process (no privilege needed: the
	 * kernel resolves it there; the socket's netns is asked). Reply:
	 * A_LATCH, without TEMPLATE_ID, MEMORY and BYPASS_SPD unless the
	 * caller has CAP_NET_ADMIN over that netns. ENOENT: its flow has no
	 * latch (yet); ENOTCONN: not connected.
	 */
	IPSEC_LATCH_CMD_SOCK_QUERY,
	/*
	 * Latch the flow of a socket the caller holds (a TCP connection, or
	 * a connected UDP socket's), as a CONNECTOR template would: its next
	 * outbound packet, if the flow has no latch yet (normally the one
	 * connect() sends), makes the latch from the request. Request:
	 * A_SOCK_FD, A_ACTION (PROTECT, or BYPASS_OR_PROTECT with optional
	 * A_FALLBACK_MS). Without CAP_NET_ADMIN over the socket's netns,
	 * only PROTECT (a fallback overrides the SPD for the flow), and only
	 * where A_SOCK_REQUESTS allows (else EOPNOTSUPP). Not on a listening
	 * socket. Lasts until the socket is closed; asking again replaces it.
	 */
	IPSEC_LATCH_CMD_SOCK_REQUIRE,

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
	IPSEC_LATCH_A_TRANSPARENT,	/* u8: enum ipsec_latch_transparent */
	IPSEC_LATCH_A_TEMPLATE,		/* nest: enum ipsec_latch_tmpl_attr */
	IPSEC_LATCH_A_LATCH,		/* nest: enum ipsec_latch_latch_attr */
	IPSEC_LATCH_A_FILTER,		/* nest: enum ipsec_latch_latch_attr */
	IPSEC_LATCH_A_IDENTITY,		/* nest: enum ipsec_latch_id_attr */
	IPSEC_LATCH_A_LATCH_COUNT,	/* u32: latches in this netns (status) */
	IPSEC_LATCH_A_LATCH_BYTES,	/* u32: memory one latch takes (status) */
	IPSEC_LATCH_A_FALLBACK_MS,	/* u32: transparent BYPASS_OR_PROTECT's
					 * fallback timeout (SET, status);
					 * 1..IPSEC_LATCH_FALLBACK_MS_MAX
					 */
	IPSEC_LATCH_A_HOOK_CALLS,	/* nest: enum ipsec_latch_hook, u64 each;
					 * status, module-wide: only to
					 * CAP_NET_ADMIN of the initial user
					 * namespace
					 */
	IPSEC_LATCH_A_HOOK_MISSED,	/* nest: likewise, return probes only */
	IPSEC_LATCH_A_HOOKS_ARMED,	/* u8: 1 = the socket wrappers and
					 * lookup probes are armed (some netns
					 * has an outbound policy or an xfrm
					 * interface); status, likewise
					 */
	IPSEC_LATCH_A_SOCK_FD,		/* u32: a descriptor of the caller's */
	IPSEC_LATCH_A_ACTION,		/* u8: enum ipsec_latch_action */
	IPSEC_LATCH_A_SOCK_REQUESTS,	/* u8: 1 = sockets' owners without
					 * CAP_NET_ADMIN may ask for PROTECT
					 * latches (SET, status; default 0:
					 * their requests would make every
					 * packet of the netns pay for the
					 * hooks)
					 */
	IPSEC_LATCH_A_SOCK_REQUEST_COUNT, /* u32: live requests (status) */

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
	IPSEC_LATCH_PARAM_MAX_RESOLUTION_FLOWS,	/* u32: per resolution */
	IPSEC_LATCH_PARAM_MAX_LATCHES,		/* u32: per netns */
	IPSEC_LATCH_PARAM_MAX_TEMPLATES,	/* u32: per netns */
	IPSEC_LATCH_PARAM_MAX_IDENTITIES,	/* u32: per netns */
	IPSEC_LATCH_PARAM_LATCH_HOLD_MS,	/* u32: CLOSED hold */
	IPSEC_LATCH_PARAM_LATCH_IDLE_MS,	/* u32: datagram flow idle timeout */
	IPSEC_LATCH_PARAM_MAX_LATCHES_PER_PEER,	/* u32: per remote address */
	IPSEC_LATCH_PARAM_RELEASE_INLINE,	/* u32: packets an SA insert sends */
	IPSEC_LATCH_PARAM_MAX_LATCHES_TOTAL,	/* u32: all netns together */
	IPSEC_LATCH_PARAM_MAX_RESOLUTIONS_TOTAL, /* u32: all netns together */
	IPSEC_LATCH_PARAM_MAX_HELD_BYTES_TOTAL,	/* u32: all netns together */
	IPSEC_LATCH_PARAM_MAX_SOCK_REQUESTS,	/* u32: per netns */

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
	IPSEC_LATCH_RES_A_IF_ID,	/* u32: xfrm interface id, if not 0 */
	IPSEC_LATCH_RES_A_MARK,		/* u32: policy mark (value & mask),
					 * if not 0
					 */

	__IPSEC_LATCH_RES_A_MAX,
};
#define IPSEC_LATCH_RES_A_MAX (__IPSEC_LATCH_RES_A_MAX - 1)

enum ipsec_latch_event {
	IPSEC_LATCH_EVENT_UNSPEC,
	IPSEC_LATCH_EVENT_RESOLVED,	/* A_RES: the resolution, now RESOLVED */
	IPSEC_LATCH_EVENT_FAILED,	/* A_RES: the resolution, now FAILED */
	/* A_LATCH: the latch after the change */
	IPSEC_LATCH_EVENT_LATCHED,	/* a flow got its latch (ESTABLISHED) */
	IPSEC_LATCH_EVENT_BROKEN,	/* a packet broke it, and was dropped;
					 * repeated at most once a second
					 */
	IPSEC_LATCH_EVENT_RESTORED,	/* similar protection resumed */
	IPSEC_LATCH_EVENT_CLOSED,	/* the flow ended: TIME_WAIT-like hold */
	IPSEC_LATCH_EVENT_REFUSED,	/* a new flow failed closed (table full,
					 * or clear under a PROTECT template)
					 */
};

/*
 * Transparent mode: latch flows that no template names.
 *  - PROTECT: every TCP or connected-UDP flow whose first packet is
 *    protected;
 *  - BYPASS_OR_PROTECT: the same, and a flow whose first outbound packet
 *    waits for an SA falls back to the clear (BYPASS latch) when the SA
 *    fails or takes longer than A_FALLBACK_MS.
 */
enum ipsec_latch_transparent {
	IPSEC_LATCH_TRANSPARENT_OFF,
	IPSEC_LATCH_TRANSPARENT_PROTECT,
	IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT,
};

/* Latch templates (RFC 5660's template PAD entries). */
#define IPSEC_LATCH_FALLBACK_MS_DEFAULT	2000
#define IPSEC_LATCH_FALLBACK_MS_MAX	600000
enum ipsec_latch_tmpl_kind {
	IPSEC_LATCH_TMPL_LISTENER,	/* local address (or any), proto, port */
	IPSEC_LATCH_TMPL_CONNECTOR,	/* remote address and port; local
					 * address and port, or any
					 */
};

enum ipsec_latch_action {
	IPSEC_LATCH_ACTION_PROTECT,		/* protected, or not at all */
	IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT,	/* decided per flow, latched */
	IPSEC_LATCH_ACTION_BYPASS,		/* a latch's outcome: clear */
};

/*
 * How a latch's action was decided. A BYPASS_OR_PROTECT latch is LARVAL
 * with action BYPASS_OR_PROTECT and decision PENDING while its first
 * packet waits for an SA.
 */
enum ipsec_latch_decision {
	IPSEC_LATCH_DECISION_NONE,	/* PROTECT latch, no packet under SA yet */
	IPSEC_LATCH_DECISION_PENDING,	/* waiting for an SA or the fallback */
	IPSEC_LATCH_DECISION_PROTECTED,	/* first packet travelled under an SA */
	IPSEC_LATCH_DECISION_CLEAR_IN,	/* first packet arrived in the clear */
	IPSEC_LATCH_DECISION_CLEAR_OUT,	/* first packet left in the clear (no
					 * policy asked for an SA)
					 */
	IPSEC_LATCH_DECISION_IKE_FAILED, /* the SA failed: fell back to clear */
	IPSEC_LATCH_DECISION_TIMEOUT,	/* no SA within the fallback timeout */
};

enum ipsec_latch_tmpl_attr {
	IPSEC_LATCH_TMPL_A_UNSPEC,
	IPSEC_LATCH_TMPL_A_PAD,
	IPSEC_LATCH_TMPL_A_ID,		/* u32: given by the module, >= 1 */
	IPSEC_LATCH_TMPL_A_KIND,	/* u8: enum ipsec_latch_tmpl_kind */
	IPSEC_LATCH_TMPL_A_FAMILY,	/* u8: AF_INET, AF_INET6 */
	IPSEC_LATCH_TMPL_A_PROTO,	/* u8: IPPROTO_TCP, IPPROTO_UDP */
	IPSEC_LATCH_TMPL_A_LOCAL_ADDR,	/* binary 4/16; absent = any */
	IPSEC_LATCH_TMPL_A_LOCAL_PORT,	/* u16, host order, >= 1; LISTENER:
					 * required; CONNECTOR: absent = any
					 */
	IPSEC_LATCH_TMPL_A_REMOTE_ADDR,	/* binary 4/16; CONNECTOR only */
	IPSEC_LATCH_TMPL_A_REMOTE_PORT,	/* u16, host order; CONNECTOR only */
	IPSEC_LATCH_TMPL_A_ACTION,	/* u8: PROTECT or BYPASS_OR_PROTECT */
	IPSEC_LATCH_TMPL_A_FALLBACK_MS,	/* u32: BYPASS_OR_PROTECT initiator,
					 * 1..IPSEC_LATCH_FALLBACK_MS_MAX,
					 * default IPSEC_LATCH_FALLBACK_MS_DEFAULT
					 */
	IPSEC_LATCH_TMPL_A_FLOWS,	/* u64: flows latched under it */
	IPSEC_LATCH_TMPL_A_PROTECTED,	/* u64: ...of those, protected */
	IPSEC_LATCH_TMPL_A_BYPASSED,	/* u64: ...of those, in the clear */
	IPSEC_LATCH_TMPL_A_REFUSED,	/* u64: new flows that failed closed */
	IPSEC_LATCH_TMPL_A_FAILED,	/* u64: flows whose SA failed and that
					 * could not fall back (PROTECT)
					 */

	__IPSEC_LATCH_TMPL_A_MAX,
};
#define IPSEC_LATCH_TMPL_A_MAX (__IPSEC_LATCH_TMPL_A_MAX - 1)

/* RFC 5660's states of a clone (the per-flow latch). */
enum ipsec_latch_state {
	IPSEC_LATCH_STATE_LARVAL,	/* waiting for its first protected packet */
	IPSEC_LATCH_STATE_ESTABLISHED,	/* bound to a peer and protection */
	IPSEC_LATCH_STATE_BROKEN,	/* a packet broke the binding */
	IPSEC_LATCH_STATE_CLOSED,	/* the flow ended; held, then freed */
};

/* Where a latch's peer identity comes from. */
enum ipsec_latch_id_source {
	IPSEC_LATCH_ID_DERIVED,		/* "PEER reqid N": no annotation */
	IPSEC_LATCH_ID_IKE,		/* the key manager's IKE identity */
};

enum ipsec_latch_latch_attr {
	IPSEC_LATCH_LATCH_A_UNSPEC,
	IPSEC_LATCH_LATCH_A_PAD,
	IPSEC_LATCH_LATCH_A_FAMILY,	/* u8: AF_INET, AF_INET6 */
	IPSEC_LATCH_LATCH_A_PROTO,	/* u8: IPPROTO_TCP, IPPROTO_UDP */
	IPSEC_LATCH_LATCH_A_LOCAL_ADDR,	/* binary 4/16 */
	IPSEC_LATCH_LATCH_A_LOCAL_PORT,	/* u16, host order */
	IPSEC_LATCH_LATCH_A_REMOTE_ADDR, /* binary 4/16 */
	IPSEC_LATCH_LATCH_A_REMOTE_PORT, /* u16, host order */
	IPSEC_LATCH_LATCH_A_STATE,	/* u8: enum ipsec_latch_state */
	IPSEC_LATCH_LATCH_A_ACTION,	/* u8: PROTECT or BYPASS */
	IPSEC_LATCH_LATCH_A_TEMPLATE_ID, /* u32: 0 = transparent mode; absent
					  * for a REQUESTED latch
					  */
	IPSEC_LATCH_LATCH_A_PEER_ID,	/* string: identity of the peer */
	IPSEC_LATCH_LATCH_A_ID_SOURCE,	/* u8: enum ipsec_latch_id_source */
	IPSEC_LATCH_LATCH_A_QOP,	/* nest: enum ipsec_latch_qop_attr */
	IPSEC_LATCH_LATCH_A_AGE_MS,	/* u64: since the latch was made */
	IPSEC_LATCH_LATCH_A_IDLE_MS,	/* u64: since its last packet */
	IPSEC_LATCH_LATCH_A_PACKETS_IN,	/* u64: accepted */
	IPSEC_LATCH_LATCH_A_PACKETS_OUT, /* u64: accepted */
	IPSEC_LATCH_LATCH_A_DROPS_IN,	/* u64: dropped by the latch */
	IPSEC_LATCH_LATCH_A_DROPS_OUT,	/* u64: dropped by the latch */
	IPSEC_LATCH_LATCH_A_BROKEN,	/* u32: times it went BROKEN */
	IPSEC_LATCH_LATCH_A_MEMORY,	/* u32: bytes this latch takes */
	IPSEC_LATCH_LATCH_A_DECISION,	/* u8: enum ipsec_latch_decision */
	IPSEC_LATCH_LATCH_A_BYPASS_SPD,	/* flag: BYPASS SPD entries were cloned
					 * for this flow (in and out)
					 */
	IPSEC_LATCH_LATCH_A_REQUESTED,	/* flag: its socket asked for it
					 * (SOCK_REQUIRE), not a template
					 */

	__IPSEC_LATCH_LATCH_A_MAX,
};
#define IPSEC_LATCH_LATCH_A_MAX (__IPSEC_LATCH_LATCH_A_MAX - 1)

/* Quality of protection: what "similar" SAs must share. */
enum ipsec_latch_qop_attr {
	IPSEC_LATCH_QOP_A_UNSPEC,
	IPSEC_LATCH_QOP_A_PAD,
	IPSEC_LATCH_QOP_A_XFRM_PROTO,	/* u8: IPPROTO_ESP, IPPROTO_AH */
	IPSEC_LATCH_QOP_A_MODE,		/* u8: XFRM_MODE_* */
	IPSEC_LATCH_QOP_A_REQID,	/* u32 */
	IPSEC_LATCH_QOP_A_PEER,		/* binary 4/16: the SA's peer address */
	IPSEC_LATCH_QOP_A_ENC_ALG,	/* string, e.g. "cbc(aes)" */
	IPSEC_LATCH_QOP_A_ENC_BITS,	/* u32: key size */
	IPSEC_LATCH_QOP_A_AUTH_ALG,	/* string, e.g. "hmac(sha256)" */
	IPSEC_LATCH_QOP_A_AUTH_BITS,	/* u32 */
	IPSEC_LATCH_QOP_A_AEAD_ALG,	/* string, e.g. "rfc4106(gcm(aes))" */
	IPSEC_LATCH_QOP_A_AEAD_BITS,	/* u32: key size (without salt) */
	IPSEC_LATCH_QOP_A_ICV_BITS,	/* u32: AEAD ICV length */
	IPSEC_LATCH_QOP_A_SPI_IN,	/* u32, host order: last inbound SPI */
	IPSEC_LATCH_QOP_A_SPI_OUT,	/* u32, host order: last outbound SPI */

	__IPSEC_LATCH_QOP_A_MAX,
};
#define IPSEC_LATCH_QOP_A_MAX (__IPSEC_LATCH_QOP_A_MAX - 1)

/* Identity annotations: the IKE identity behind (peer, reqid). */
#define IPSEC_LATCH_ID_MAX_LEN		255
enum ipsec_latch_id_attr {
	IPSEC_LATCH_ID_A_UNSPEC,
	IPSEC_LATCH_ID_A_FAMILY,	/* u8: AF_INET, AF_INET6 */
	IPSEC_LATCH_ID_A_PEER,		/* binary 4/16: the SAs' peer address */
	IPSEC_LATCH_ID_A_REQID,		/* u32: the SAs' reqid, >= 1 */
	IPSEC_LATCH_ID_A_ID,		/* string, 1..IPSEC_LATCH_ID_MAX_LEN */

	__IPSEC_LATCH_ID_A_MAX,
};
#define IPSEC_LATCH_ID_A_MAX (__IPSEC_LATCH_ID_A_MAX - 1)

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
	IPSEC_LATCH_CTR_RES_FLOWS_FULL,	/* flows left to stock behaviour: their
					 * resolution tracks max_resolution_flows
					 */
	/* Connection latching */
	IPSEC_LATCH_CTR_LATCH_CREATED,	/* latches made (clones) */
	IPSEC_LATCH_CTR_LATCH_BROKEN,	/* ...times one went BROKEN */
	IPSEC_LATCH_CTR_LATCH_RESTORED,	/* ...times one came back */
	IPSEC_LATCH_CTR_LATCH_CLOSED,	/* ...flows ended */
	IPSEC_LATCH_CTR_LATCH_FREED,	/* ...freed after their hold */
	IPSEC_LATCH_CTR_LATCH_TABLE_FULL, /* new flows refused: max_latches */
	IPSEC_LATCH_CTR_DROP_LATCH_CLEAR_IN,	/* clear packet into a latched
						 * (or PROTECT-template) flow
						 */
	IPSEC_LATCH_CTR_DROP_LATCH_CLEAR_OUT,	/* latched flow would leave
						 * in the clear
						 */
	IPSEC_LATCH_CTR_DROP_LATCH_PEER_IN,	/* arrived under a dissimilar SA */
	IPSEC_LATCH_CTR_DROP_LATCH_PEER_OUT,	/* would leave under one */
	IPSEC_LATCH_CTR_DROP_LATCH_FULL,	/* new flow, no room: fail closed */
	/* BYPASS-OR-PROTECT */
	IPSEC_LATCH_CTR_LATCH_FALLBACK,	/* flows that fell back to the clear
					 * (SA failed or fallback timeout)
					 */
	IPSEC_LATCH_CTR_BYPASS_SPD_ADDED,	/* flows given BYPASS SPD entries */
	IPSEC_LATCH_CTR_BYPASS_SPD_FAILED,	/* ...that could not get them */
	IPSEC_LATCH_CTR_SPD_REFUSED_CLEAR,	/* clear first packets the SPD
						 * refuses (no optional inbound
						 * policy): not latched
						 */
	IPSEC_LATCH_CTR_DROP_DEV_GONE,	/* dropped: held packet's interface
					 * (in or out) was deleted
					 */
	IPSEC_LATCH_CTR_RES_RECORDS_FULL, /* a lookup the probes could not
					   * record (probe_records full):
					   * its flow met stock behaviour
					   */
	IPSEC_LATCH_CTR_LATCH_PEER_FULL, /* new flows refused: their peer had
					  * max_latches_per_peer latches
					  */
	IPSEC_LATCH_CTR_LATCH_NO_SOCKET, /* inbound first packets no socket
					  * would take: not latched
					  */
	IPSEC_LATCH_CTR_PKT_RELEASE_DEFERRED, /* SA inserts that left held
					       * packets beyond release_inline
					       * to the worker
					       */
	IPSEC_LATCH_CTR_SOCK_REQUESTS_FULL, /* SOCK_REQUIRE refused:
					     * max_sock_requests reached
					     */

	__IPSEC_LATCH_CTR_MAX,
};
#define IPSEC_LATCH_CTR_MAX (__IPSEC_LATCH_CTR_MAX - 1)

/*
 * Where the module runs in the kernel. Calls: times each one ran, in every
 * netns, whatever it then decided. Missed: times a return probe could not
 * run (no free instance, or nested in another probe); the kernel then
 * behaves as stock for that call.
 */
enum ipsec_latch_hook {
	IPSEC_LATCH_HOOK_UNSPEC,
	IPSEC_LATCH_HOOK_PAD,
	/* socket calls, redirected with ftrace */
	IPSEC_LATCH_HOOK_INET_DGRAM_CONNECT,
	IPSEC_LATCH_HOOK_INET_SENDMSG,
	IPSEC_LATCH_HOOK_INET6_SENDMSG,
	IPSEC_LATCH_HOOK_UDP_POLL,
	IPSEC_LATCH_HOOK_DATAGRAM_POLL,
	/* the xfrm lookup, return probes */
	IPSEC_LATCH_HOOK_XFRM_STATE_FIND,
	IPSEC_LATCH_HOOK_XFRM_LOOKUP_ROUTE,
	IPSEC_LATCH_HOOK_XFRM_ROUTE_FORWARD,
	/* netfilter */
	IPSEC_LATCH_HOOK_NF_IPV4_LOCAL_IN,
	IPSEC_LATCH_HOOK_NF_IPV4_LOCAL_OUT,
	IPSEC_LATCH_HOOK_NF_IPV6_LOCAL_IN,
	IPSEC_LATCH_HOOK_NF_IPV6_LOCAL_OUT,
	IPSEC_LATCH_HOOK_NF_XFRMI_EGRESS, /* egress of xfrm interfaces */

	__IPSEC_LATCH_HOOK_MAX,
};
#define IPSEC_LATCH_HOOK_MAX (__IPSEC_LATCH_HOOK_MAX - 1)

#endif /* _UAPI_LINUX_IPSEC_LATCH_H */
