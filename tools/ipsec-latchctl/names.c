// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: user-visible names of uapi enum values.
 *
 * Adding a param or counter to ipsec_latch.h without naming it here fails
 * the build (see the static assertions).
 */
#include <stdio.h>

#include <linux/ipsec_latch.h>

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
