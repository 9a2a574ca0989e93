// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: user-visible names of uapi enum values.
 *
 * Adding a param, counter or hook to ipsec_latch.h without naming it here fails
 * the build (see the static assertions).
 */
#include <inttypes.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/ipsec_latch.h>
#include <linux/xfrm.h>

#include "names.h"
#include "util.h"

static const char *const ipl_param_names[] = {
	[IPSEC_LATCH_PARAM_SA_EVENT_LOG]	= "sa_event_log",
	[IPSEC_LATCH_PARAM_MODE]		= "mode",
	[IPSEC_LATCH_PARAM_RESOLVE_TIMEOUT_MS]	= "resolve_timeout_ms",
	[IPSEC_LATCH_PARAM_MAX_RESOLUTIONS]	= "max_resolutions",
	[IPSEC_LATCH_PARAM_MAX_QUEUE_PACKETS]	= "max_queue_packets",
	[IPSEC_LATCH_PARAM_MAX_QUEUE_BYTES]	= "max_queue_bytes",
	[IPSEC_LATCH_PARAM_MAX_NETNS_BYTES]	= "max_netns_bytes",
	[IPSEC_LATCH_PARAM_MAX_RESOLUTION_FLOWS] = "max_resolution_flows",
	[IPSEC_LATCH_PARAM_MAX_LATCHES]		= "max_latches",
	[IPSEC_LATCH_PARAM_MAX_TEMPLATES]	= "max_templates",
	[IPSEC_LATCH_PARAM_MAX_IDENTITIES]	= "max_identities",
	[IPSEC_LATCH_PARAM_LATCH_HOLD_MS]	= "latch_hold_ms",
	[IPSEC_LATCH_PARAM_LATCH_IDLE_MS]	= "latch_idle_ms",
	[IPSEC_LATCH_PARAM_MAX_LATCHES_PER_PEER] = "max_latches_per_peer",
	[IPSEC_LATCH_PARAM_RELEASE_INLINE]	= "release_inline",
	[IPSEC_LATCH_PARAM_MAX_LATCHES_TOTAL]	= "max_latches_total",
	[IPSEC_LATCH_PARAM_MAX_RESOLUTIONS_TOTAL] = "max_resolutions_total",
	[IPSEC_LATCH_PARAM_MAX_HELD_BYTES_TOTAL] = "max_held_bytes_total",
	[IPSEC_LATCH_PARAM_MAX_SOCK_REQUESTS]	= "max_sock_requests",
};

static const char *const ipl_counter_names[] = {
	[IPSEC_LATCH_CTR_SA_NEW]	= "sa_new",
	[IPSEC_LATCH_CTR_SA_UPDATE]	= "sa_update",
	[IPSEC_LATCH_CTR_SA_DELETE]	= "sa_delete",
	[IPSEC_LATCH_CTR_SA_EXPIRE]	= "sa_expire",
	[IPSEC_LATCH_CTR_SA_FLUSH]	= "sa_flush",
	[IPSEC_LATCH_CTR_ACQUIRE]	= "acquire",
	[IPSEC_LATCH_CTR_POLICY_CHANGE]	= "policy_change",
	[IPSEC_LATCH_CTR_RES_CREATED]	= "res_created",
	[IPSEC_LATCH_CTR_RES_RESOLVED]	= "res_resolved",
	[IPSEC_LATCH_CTR_RES_FAILED]	= "res_failed",
	[IPSEC_LATCH_CTR_RES_TIMEOUT]	= "res_timeout",
	[IPSEC_LATCH_CTR_RES_TABLE_FULL] = "res_table_full",
	[IPSEC_LATCH_CTR_PKT_QUEUED]	= "pkt_queued",
	[IPSEC_LATCH_CTR_PKT_RELEASED]	= "pkt_released",
	[IPSEC_LATCH_CTR_DROP_QUEUE_FULL] = "drop_queue_full",
	[IPSEC_LATCH_CTR_DROP_NETNS_FULL] = "drop_netns_full",
	[IPSEC_LATCH_CTR_DROP_FAILED]	= "drop_failed",
	[IPSEC_LATCH_CTR_DROP_WOULD_BLOCK] = "drop_would_block",
	[IPSEC_LATCH_CTR_DROP_REROUTE]	= "drop_reroute",
	[IPSEC_LATCH_CTR_DROP_UNLOAD]	= "drop_unload",
	[IPSEC_LATCH_CTR_WAITS]		= "waits",
	[IPSEC_LATCH_CTR_RES_FLOWS_FULL] = "res_flows_full",
	[IPSEC_LATCH_CTR_LATCH_CREATED]	= "latch_created",
	[IPSEC_LATCH_CTR_LATCH_BROKEN]	= "latch_broken",
	[IPSEC_LATCH_CTR_LATCH_RESTORED] = "latch_restored",
	[IPSEC_LATCH_CTR_LATCH_CLOSED]	= "latch_closed",
	[IPSEC_LATCH_CTR_LATCH_FREED]	= "latch_freed",
	[IPSEC_LATCH_CTR_LATCH_TABLE_FULL] = "latch_table_full",
	[IPSEC_LATCH_CTR_DROP_LATCH_CLEAR_IN] = "drop_latch_clear_in",
	[IPSEC_LATCH_CTR_DROP_LATCH_CLEAR_OUT] = "drop_latch_clear_out",
	[IPSEC_LATCH_CTR_DROP_LATCH_PEER_IN] = "drop_latch_peer_in",
	[IPSEC_LATCH_CTR_DROP_LATCH_PEER_OUT] = "drop_latch_peer_out",
	[IPSEC_LATCH_CTR_DROP_LATCH_FULL] = "drop_latch_full",
	[IPSEC_LATCH_CTR_LATCH_FALLBACK] = "latch_fallback",
	[IPSEC_LATCH_CTR_BYPASS_SPD_ADDED] = "bypass_spd_added",
	[IPSEC_LATCH_CTR_BYPASS_SPD_FAILED] = "bypass_spd_failed",
	[IPSEC_LATCH_CTR_SPD_REFUSED_CLEAR] = "spd_refused_clear",
	[IPSEC_LATCH_CTR_DROP_DEV_GONE]	= "drop_dev_gone",
	[IPSEC_LATCH_CTR_RES_RECORDS_FULL] = "res_records_full",
	[IPSEC_LATCH_CTR_LATCH_PEER_FULL] = "latch_peer_full",
	[IPSEC_LATCH_CTR_LATCH_NO_SOCKET] = "latch_no_socket",
	[IPSEC_LATCH_CTR_PKT_RELEASE_DEFERRED] = "pkt_release_deferred",
	[IPSEC_LATCH_CTR_SOCK_REQUESTS_FULL] = "sock_requests_full",
};

/* The kernel function or netfilter hook each one runs at. */
static const char *const ipl_hook_names[] = {
	[IPSEC_LATCH_HOOK_INET_DGRAM_CONNECT]	= "inet_dgram_connect",
	[IPSEC_LATCH_HOOK_INET_SENDMSG]		= "inet_sendmsg",
	[IPSEC_LATCH_HOOK_INET6_SENDMSG]	= "inet6_sendmsg",
	[IPSEC_LATCH_HOOK_UDP_POLL]		= "udp_poll",
	[IPSEC_LATCH_HOOK_DATAGRAM_POLL]	= "datagram_poll",
	[IPSEC_LATCH_HOOK_XFRM_STATE_FIND]	= "xfrm_state_find",
	[IPSEC_LATCH_HOOK_XFRM_LOOKUP_ROUTE]	= "xfrm_lookup_route",
	[IPSEC_LATCH_HOOK_XFRM_ROUTE_FORWARD]	= "__xfrm_route_forward",
	[IPSEC_LATCH_HOOK_NF_IPV4_LOCAL_IN]	= "nf_ipv4_local_in",
	[IPSEC_LATCH_HOOK_NF_IPV4_LOCAL_OUT]	= "nf_ipv4_local_out",
	[IPSEC_LATCH_HOOK_NF_IPV6_LOCAL_IN]	= "nf_ipv6_local_in",
	[IPSEC_LATCH_HOOK_NF_IPV6_LOCAL_OUT]	= "nf_ipv6_local_out",
	[IPSEC_LATCH_HOOK_NF_XFRMI_EGRESS]	= "nf_xfrmi_egress",
};

_Static_assert(ARRAY_SIZE(ipl_param_names) == __IPSEC_LATCH_PARAM_MAX,
	       "name every enum ipsec_latch_param value");
_Static_assert(ARRAY_SIZE(ipl_counter_names) == __IPSEC_LATCH_CTR_MAX,
	       "name every enum ipsec_latch_counter value");
_Static_assert(ARRAY_SIZE(ipl_hook_names) == __IPSEC_LATCH_HOOK_MAX,
	       "name every enum ipsec_latch_hook value");

static const char *lookup(const char *const *names, size_t n,
			  unsigned int type)
{
	return type < n ? names[type] : NULL;
}

const char *ipl_param_name(unsigned int type)
{
	return lookup(ipl_param_names, ARRAY_SIZE(ipl_param_names), type);
}

const char *ipl_counter_name(unsigned int type)
{
	return lookup(ipl_counter_names, ARRAY_SIZE(ipl_counter_names), type);
}

const char *ipl_hook_label(unsigned int type, char *buf, size_t len)
{
	const char *name = lookup(ipl_hook_names, ARRAY_SIZE(ipl_hook_names),
				  type);

	if (name)
		return name;
	snprintf(buf, len, "hook_%u", type);
	return buf;
}

const char *ipl_param_label(unsigned int type, char *buf, size_t len)
{
	const char *name = ipl_param_name(type);

	if (name)
		return name;
	snprintf(buf, len, "param_%u", type);
	return buf;
}

const char *ipl_counter_label(unsigned int type, char *buf, size_t len)
{
	const char *name = ipl_counter_name(type);

	if (name)
		return name;
	snprintf(buf, len, "counter_%u", type);
	return buf;
}

/*
 * The resolution counters and the latching counters, each a contiguous
 * range and the ones appended later (drop_latch_* are latching counters
 * even though they start with "drop_").
 */
bool ipl_counter_is_resolution(unsigned int type)
{
	return (type >= IPSEC_LATCH_CTR_RES_CREATED &&
		type <= IPSEC_LATCH_CTR_RES_FLOWS_FULL) ||
	       type == IPSEC_LATCH_CTR_DROP_DEV_GONE ||
	       type == IPSEC_LATCH_CTR_RES_RECORDS_FULL ||
	       type == IPSEC_LATCH_CTR_PKT_RELEASE_DEFERRED;
}

bool ipl_counter_is_latch(unsigned int type)
{
	return (type >= IPSEC_LATCH_CTR_LATCH_CREATED &&
		type <= IPSEC_LATCH_CTR_SPD_REFUSED_CLEAR) ||
	       type == IPSEC_LATCH_CTR_LATCH_PEER_FULL ||
	       type == IPSEC_LATCH_CTR_LATCH_NO_SOCKET ||
	       type == IPSEC_LATCH_CTR_SOCK_REQUESTS_FULL;
}

_Static_assert(IPSEC_LATCH_CTR_SOCK_REQUESTS_FULL == IPSEC_LATCH_CTR_MAX,
	       "a new counter: add it to ipl_counter_is_resolution() or "
	       "_is_latch()");

static const char *const ipl_mode_names[] = {
	[IPSEC_LATCH_MODE_OFF]		= "off",
	[IPSEC_LATCH_MODE_QUEUE]	= "queue",
	[IPSEC_LATCH_MODE_WAIT]		= "wait",
};

static const char *const ipl_res_state_names[] = {
	[IPSEC_LATCH_RES_PENDING]	= "pending",
	[IPSEC_LATCH_RES_RESOLVED]	= "resolved",
	[IPSEC_LATCH_RES_FAILED]	= "failed",
};

static const char *const ipl_event_names[] = {
	[IPSEC_LATCH_EVENT_RESOLVED]	= "resolved",
	[IPSEC_LATCH_EVENT_FAILED]	= "failed",
	[IPSEC_LATCH_EVENT_LATCHED]	= "latched",
	[IPSEC_LATCH_EVENT_BROKEN]	= "broken",
	[IPSEC_LATCH_EVENT_RESTORED]	= "restored",
	[IPSEC_LATCH_EVENT_CLOSED]	= "closed",
	[IPSEC_LATCH_EVENT_REFUSED]	= "refused",
};

static const char *const ipl_tmpl_kind_names[] = {
	[IPSEC_LATCH_TMPL_LISTENER]	= "listener",
	[IPSEC_LATCH_TMPL_CONNECTOR]	= "connector",
};

static const char *const ipl_action_names[] = {
	[IPSEC_LATCH_ACTION_PROTECT]		= "protect",
	[IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT]	= "bypass-or-protect",
	[IPSEC_LATCH_ACTION_BYPASS]		= "bypass",
};

static const char *const ipl_latch_state_names[] = {
	[IPSEC_LATCH_STATE_LARVAL]	= "larval",
	[IPSEC_LATCH_STATE_ESTABLISHED]	= "established",
	[IPSEC_LATCH_STATE_BROKEN]	= "broken",
	[IPSEC_LATCH_STATE_CLOSED]	= "closed",
};

static const char *const ipl_id_source_names[] = {
	[IPSEC_LATCH_ID_DERIVED]	= "derived",
	[IPSEC_LATCH_ID_IKE]		= "ike",
};

static const char *const ipl_decision_names[] = {
	[IPSEC_LATCH_DECISION_NONE]		= "none",
	[IPSEC_LATCH_DECISION_PENDING]		= "pending",
	[IPSEC_LATCH_DECISION_PROTECTED]	= "protected",
	[IPSEC_LATCH_DECISION_CLEAR_IN]		= "clear-in",
	[IPSEC_LATCH_DECISION_CLEAR_OUT]	= "clear-out",
	[IPSEC_LATCH_DECISION_IKE_FAILED]	= "ike-failed",
	[IPSEC_LATCH_DECISION_TIMEOUT]		= "timeout",
};

static const char *const ipl_transparent_names[] = {
	[IPSEC_LATCH_TRANSPARENT_OFF]			= "off",
	[IPSEC_LATCH_TRANSPARENT_PROTECT]		= "protect",
	[IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT]	= "bypass-or-protect",
};

/*
 * These enums have no __*_MAX: tie each table to the last value the uapi
 * has now. A value appended to the uapi still needs a name added here
 * (the unit tests check the tables against these last values too).
 */
_Static_assert(ARRAY_SIZE(ipl_event_names) == IPSEC_LATCH_EVENT_REFUSED + 1,
	       "name every enum ipsec_latch_event value");
_Static_assert(ARRAY_SIZE(ipl_tmpl_kind_names) ==
	       IPSEC_LATCH_TMPL_CONNECTOR + 1,
	       "name every enum ipsec_latch_tmpl_kind value");
_Static_assert(ARRAY_SIZE(ipl_action_names) == IPSEC_LATCH_ACTION_BYPASS + 1,
	       "name every enum ipsec_latch_action value");
_Static_assert(ARRAY_SIZE(ipl_latch_state_names) ==
	       IPSEC_LATCH_STATE_CLOSED + 1,
	       "name every enum ipsec_latch_state value");
_Static_assert(ARRAY_SIZE(ipl_id_source_names) == IPSEC_LATCH_ID_IKE + 1,
	       "name every enum ipsec_latch_id_source value");
_Static_assert(ARRAY_SIZE(ipl_decision_names) ==
	       IPSEC_LATCH_DECISION_TIMEOUT + 1,
	       "name every enum ipsec_latch_decision value");
_Static_assert(ARRAY_SIZE(ipl_transparent_names) ==
	       IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT + 1,
	       "name every enum ipsec_latch_transparent value");

/* As ip-xfrm(8) spells them. */
static const char *const ipl_xfrm_mode_names[] = {
	[XFRM_MODE_TRANSPORT]		= "transport",
	[XFRM_MODE_TUNNEL]		= "tunnel",
	[XFRM_MODE_ROUTEOPTIMIZATION]	= "ro",
	[XFRM_MODE_IN_TRIGGER]		= "in_trigger",
	[XFRM_MODE_BEET]		= "beet",
};

/* Name from a table indexed by number, or "<kind>_<n>" in buf. */
static const char *label64(const char *const *names, size_t n, uint64_t v,
			   const char *kind, char *buf, size_t len)
{
	if (v < n && names[v])
		return names[v];
	snprintf(buf, len, "%s_%" PRIu64, kind, v);
	return buf;
}

const char *ipl_mode_name(uint64_t mode)
{
	return mode < ARRAY_SIZE(ipl_mode_names) ? ipl_mode_names[mode] :
						   NULL;
}

/* Index of name in a table; 0, or -1 if it is not there. */
static int parse_name(const char *const *names, size_t n, const char *name,
		      uint32_t *v)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (names[i] && !strcmp(names[i], name)) {
			*v = i;
			return 0;
		}
	}
	return -1;
}

/* The same into a u8. */
static int parse_name_u8(const char *const *names, size_t n,
			 const char *name, uint8_t *v)
{
	uint32_t i;

	if (parse_name(names, n, name, &i) < 0)
		return -1;
	*v = i;
	return 0;
}

int ipl_mode_parse(const char *name, uint32_t *mode)
{
	return parse_name(ipl_mode_names, ARRAY_SIZE(ipl_mode_names), name,
			  mode);
}

const char *ipl_mode_label(uint64_t mode, char *buf, size_t len)
{
	return label64(ipl_mode_names, ARRAY_SIZE(ipl_mode_names), mode,
		       "mode", buf, len);
}

const char *ipl_res_state_label(uint64_t state, char *buf, size_t len)
{
	return label64(ipl_res_state_names, ARRAY_SIZE(ipl_res_state_names),
		       state, "state", buf, len);
}

const char *ipl_event_label(uint64_t event, char *buf, size_t len)
{
	return label64(ipl_event_names, ARRAY_SIZE(ipl_event_names), event,
		       "event", buf, len);
}

int ipl_event_parse(const char *name, uint32_t *event)
{
	return parse_name(ipl_event_names, ARRAY_SIZE(ipl_event_names), name,
			  event);
}

bool ipl_event_is_latch(uint64_t event)
{
	return event >= IPSEC_LATCH_EVENT_LATCHED;
}

const char *ipl_family_label(uint64_t family, char *buf, size_t len)
{
	if (family == AF_INET)
		return "inet";
	if (family == AF_INET6)
		return "inet6";
	return label64(NULL, 0, family, "family", buf, len);
}

const char *ipl_xfrm_proto_label(uint64_t proto, char *buf, size_t len)
{
	if (proto == IPPROTO_ESP)
		return "esp";
	if (proto == IPPROTO_AH)
		return "ah";
	if (proto == IPPROTO_COMP)
		return "comp";
	return label64(NULL, 0, proto, "proto", buf, len);
}

const char *ipl_xfrm_mode_label(uint64_t mode, char *buf, size_t len)
{
	return label64(ipl_xfrm_mode_names, ARRAY_SIZE(ipl_xfrm_mode_names),
		       mode, "mode", buf, len);
}

const char *ipl_errno_label(uint64_t err, char *buf, size_t len)
{
	const char *name = NULL;

#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
	if (err && err <= INT_MAX)
		name = strerrorname_np((int)err);
#endif
	return name ? name : label64(NULL, 0, err, "errno", buf, len);
}

const char *ipl_l4proto_label(uint64_t proto, char *buf, size_t len)
{
	if (proto == IPPROTO_TCP)
		return "tcp";
	if (proto == IPPROTO_UDP)
		return "udp";
	return label64(NULL, 0, proto, "proto", buf, len);
}

int ipl_l4proto_parse(const char *name, uint8_t *proto)
{
	if (!strcmp(name, "tcp"))
		*proto = IPPROTO_TCP;
	else if (!strcmp(name, "udp"))
		*proto = IPPROTO_UDP;
	else
		return -1;
	return 0;
}

const char *ipl_tmpl_kind_label(uint64_t kind, char *buf, size_t len)
{
	return label64(ipl_tmpl_kind_names, ARRAY_SIZE(ipl_tmpl_kind_names),
		       kind, "kind", buf, len);
}

int ipl_tmpl_kind_parse(const char *name, uint8_t *kind)
{
	return parse_name_u8(ipl_tmpl_kind_names,
			     ARRAY_SIZE(ipl_tmpl_kind_names), name, kind);
}

const char *ipl_action_label(uint64_t action, char *buf, size_t len)
{
	return label64(ipl_action_names, ARRAY_SIZE(ipl_action_names), action,
		       "action", buf, len);
}

int ipl_tmpl_action_parse(const char *name, uint8_t *action)
{
	uint32_t v;

	/* BYPASS is a latch's outcome, not something to ask for */
	if (parse_name(ipl_action_names, ARRAY_SIZE(ipl_action_names), name,
		       &v) < 0 || v == IPSEC_LATCH_ACTION_BYPASS)
		return -1;
	*action = v;
	return 0;
}

const char *ipl_latch_state_label(uint64_t state, char *buf, size_t len)
{
	return label64(ipl_latch_state_names,
		       ARRAY_SIZE(ipl_latch_state_names), state, "state", buf,
		       len);
}

int ipl_latch_state_parse(const char *name, uint8_t *state)
{
	return parse_name_u8(ipl_latch_state_names,
			     ARRAY_SIZE(ipl_latch_state_names), name, state);
}

const char *ipl_id_source_label(uint64_t src, char *buf, size_t len)
{
	return label64(ipl_id_source_names, ARRAY_SIZE(ipl_id_source_names),
		       src, "source", buf, len);
}

const char *ipl_decision_label(uint64_t decision, char *buf, size_t len)
{
	return label64(ipl_decision_names, ARRAY_SIZE(ipl_decision_names),
		       decision, "decision", buf, len);
}

const char *ipl_transparent_label(uint64_t mode, char *buf, size_t len)
{
	return label64(ipl_transparent_names,
		       ARRAY_SIZE(ipl_transparent_names), mode, "transparent",
		       buf, len);
}

int ipl_transparent_parse(const char *name, uint8_t *mode)
{
	if (!strcmp(name, "on")) {
		*mode = IPSEC_LATCH_TRANSPARENT_PROTECT;
		return 0;
	}
	return parse_name_u8(ipl_transparent_names,
			     ARRAY_SIZE(ipl_transparent_names), name, mode);
}
