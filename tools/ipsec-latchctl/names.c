// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: user-visible names of uapi enum values.
 *
 * Adding a param or counter to ipsec_latch.h without naming it here fails
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
};

_Static_assert(ARRAY_SIZE(ipl_param_names) == __IPSEC_LATCH_PARAM_MAX,
	       "name every enum ipsec_latch_param value");
_Static_assert(ARRAY_SIZE(ipl_counter_names) == __IPSEC_LATCH_CTR_MAX,
	       "name every enum ipsec_latch_counter value");

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

bool ipl_counter_is_resolution(unsigned int type)
{
	static const char *const prefixes[] = { "res_", "pkt_", "drop_" };
	const char *name = ipl_counter_name(type);
	size_t i;

	if (!name)
		return false;
	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return true;
	return !strcmp(name, "waits");
}

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
};

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

int ipl_mode_parse(const char *name, uint32_t *mode)
{
	uint32_t i;

	for (i = 0; i < ARRAY_SIZE(ipl_mode_names); i++) {
		if (ipl_mode_names[i] && !strcmp(ipl_mode_names[i], name)) {
			*mode = i;
			return 0;
		}
	}
	return -1;
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
