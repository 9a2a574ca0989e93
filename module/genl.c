// SPDX-License-Identifier: GPL-2.0
/*
 * The "ipsec_latch" generic netlink family (contract:
 * include/uapi/linux/ipsec_latch.h). Every command acts on the netns of the
 * requesting socket. Commands that change state, the dumps and the events
 * group need CAP_NET_ADMIN over that netns (GENL_UNS_ADMIN_PERM,
 * GENL_MCAST_CAP_NET_ADMIN): flows, peers, SPIs and algorithms are what
 * `ip xfrm` shows administrators only. Status (mode, counters) stays open,
 * and so do the questions about a socket the caller holds (genl_sock.c).
 * Attributes are validated strictly: anything a command does not take is
 * refused with an extack message.
 */
#include <net/genetlink.h>

#include "compat.h"
#include "ipsec_latch.h"

#define REPLY_ONLY { .type = NLA_REJECT, \
		     .reject_message = "attribute is only valid in replies" }

/* Requests that take no attributes: name the mistake for known ones. */
static const struct nla_policy ipsec_latch_no_attrs_policy[IPSEC_LATCH_A_MAX + 1] = {
	[IPSEC_LATCH_A_PAD] = REPLY_ONLY,
	[IPSEC_LATCH_A_VERSION] = REPLY_ONLY,
	[IPSEC_LATCH_A_PARAMS] = REPLY_ONLY,
	[IPSEC_LATCH_A_COUNTERS] = REPLY_ONLY,
	[IPSEC_LATCH_A_HOOK_CALLS] = REPLY_ONLY,
	[IPSEC_LATCH_A_HOOK_MISSED] = REPLY_ONLY,
	[IPSEC_LATCH_A_HOOKS_ARMED] = REPLY_ONLY,
	[IPSEC_LATCH_A_MODE] = { .type = NLA_REJECT,
				 .reject_message = "this command takes no attributes" },
	[IPSEC_LATCH_A_RES] = REPLY_ONLY,
	[IPSEC_LATCH_A_EVENT] = REPLY_ONLY,
};

static const struct nla_policy ipsec_latch_set_policy[IPSEC_LATCH_A_MAX + 1] = {
	[IPSEC_LATCH_A_PAD] = REPLY_ONLY,
	[IPSEC_LATCH_A_VERSION] = REPLY_ONLY,
	[IPSEC_LATCH_A_PARAMS] = REPLY_ONLY,
	[IPSEC_LATCH_A_COUNTERS] = REPLY_ONLY,
	[IPSEC_LATCH_A_HOOK_CALLS] = REPLY_ONLY,
	[IPSEC_LATCH_A_HOOK_MISSED] = REPLY_ONLY,
	[IPSEC_LATCH_A_HOOKS_ARMED] = REPLY_ONLY,
	[IPSEC_LATCH_A_MODE] = NLA_POLICY_MAX(NLA_U32, IPSEC_LATCH_MODE_WAIT),
	[IPSEC_LATCH_A_RES] = REPLY_ONLY,
	[IPSEC_LATCH_A_EVENT] = REPLY_ONLY,
	[IPSEC_LATCH_A_TRANSPARENT] =
		NLA_POLICY_MAX(NLA_U8, IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT),
	[IPSEC_LATCH_A_LATCH_COUNT] = REPLY_ONLY,
	[IPSEC_LATCH_A_LATCH_BYTES] = REPLY_ONLY,
	[IPSEC_LATCH_A_FALLBACK_MS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &ipsec_latch_fallback_range),
	[IPSEC_LATCH_A_SOCK_REQUESTS] = NLA_POLICY_MAX(NLA_U8, 1),
	[IPSEC_LATCH_A_SOCK_REQUEST_COUNT] = REPLY_ONLY,
};

static int ipsec_latch_put_params(struct sk_buff *skb)
{
	struct nlattr *nest = nla_nest_start(skb, IPSEC_LATCH_A_PARAMS);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, IPSEC_LATCH_PARAM_SA_EVENT_LOG,
			READ_ONCE(ipsec_latch_sa_event_log)) ||
	    nla_put_u32(skb, IPSEC_LATCH_PARAM_MODE,
			READ_ONCE(ipsec_latch_default_mode)) ||
	    nla_put_u32(skb, IPSEC_LATCH_PARAM_RESOLVE_TIMEOUT_MS,
			READ_ONCE(ipsec_latch_resolve_timeout_ms)) ||
	    nla_put_u32(skb, IPSEC_LATCH_PARAM_MAX_RESOLUTIONS,
			READ_ONCE(ipsec_latch_max_resolutions)) ||
	    nla_put_u32(skb, IPSEC_LATCH_PARAM_MAX_QUEUE_PACKETS,
			READ_ONCE(ipsec_latch_max_queue_packets)) ||
	    nla_put_u32(skb, IPSEC_LATCH_PARAM_MAX_QUEUE_BYTES,
			READ_ONCE(ipsec_latch_max_queue_bytes)) ||
	    nla_put_u32(skb, IPSEC_LATCH_PARAM_MAX_NETNS_BYTES,
			READ_ONCE(ipsec_latch_max_netns_bytes)) ||
	    nla_put_u32(skb, IPSEC_LATCH_PARAM_MAX_RESOLUTION_FLOWS,
			READ_ONCE(ipsec_latch_max_resolution_flows)) ||
	    nla_put_u32(skb, IPSEC_LATCH_PARAM_MAX_LATCHES,
			READ_ONCE(ipsec_latch_max_latches)) ||
	    nla_put_u32(skb, IPSEC_LATCH_PARAM_MAX_TEMPLATES,
			READ_ONCE(ipsec_latch_max_templates)) ||
	    nla_put_u32(skb, IPSEC_LATCH_PARAM_MAX_IDENTITIES,
			READ_ONCE(ipsec_latch_max_identities)) ||
	    nla_put_u32(skb, IPSEC_LATCH_PARAM_LATCH_HOLD_MS,
			READ_ONCE(ipsec_latch_hold_ms)) ||
	    nla_put_u32(skb, IPSEC_LATCH_PARAM_LATCH_IDLE_MS,
			READ_ONCE(ipsec_latch_idle_ms)) ||
	    nla_put_u32(skb, IPSEC_LATCH_PARAM_MAX_LATCHES_PER_PEER,
			READ_ONCE(ipsec_latch_max_latches_per_peer)) ||
	    nla_put_u32(skb, IPSEC_LATCH_PARAM_RELEASE_INLINE,
			READ_ONCE(ipsec_latch_release_inline)) ||
	    nla_put_u32(skb, IPSEC_LATCH_PARAM_MAX_LATCHES_TOTAL,
			READ_ONCE(ipsec_latch_max_latches_total)) ||
	    nla_put_u32(skb, IPSEC_LATCH_PARAM_MAX_RESOLUTIONS_TOTAL,
			READ_ONCE(ipsec_latch_max_resolutions_total)) ||
	    nla_put_u32(skb, IPSEC_LATCH_PARAM_MAX_HELD_BYTES_TOTAL,
			READ_ONCE(ipsec_latch_max_held_bytes_total)) ||
	    nla_put_u32(skb, IPSEC_LATCH_PARAM_MAX_SOCK_REQUESTS,
			READ_ONCE(ipsec_latch_max_sock_requests))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int ipsec_latch_put_counters(struct sk_buff *skb,
				   const struct ipsec_latch_net *ln)
{
	struct nlattr *nest = nla_nest_start(skb, IPSEC_LATCH_A_COUNTERS);
	int ctr;

	if (!nest)
		return -EMSGSIZE;
	for (ctr = IPSEC_LATCH_CTR_PAD + 1; ctr <= IPSEC_LATCH_CTR_MAX; ctr++) {
		if (nla_put_u64_64bit(skb, ctr,
				      atomic64_read(&ln->counters[ctr]),
				      IPSEC_LATCH_CTR_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int ipsec_latch_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ipsec_latch_genl_family, 0,
				IPSEC_LATCH_CMD_GET_STATUS);
	if (!hdr)
		goto too_big;
	if (nla_put_string(msg, IPSEC_LATCH_A_VERSION, IPSEC_LATCH_VERSION) ||
	    nla_put_u32(msg, IPSEC_LATCH_A_MODE, READ_ONCE(ln->mode)) ||
	    nla_put_u8(msg, IPSEC_LATCH_A_TRANSPARENT,
		       READ_ONCE(ln->latch.transparent)) ||
	    nla_put_u32(msg, IPSEC_LATCH_A_FALLBACK_MS,
			READ_ONCE(ln->latch.transparent_fallback_ms)) ||
	    nla_put_u32(msg, IPSEC_LATCH_A_LATCH_COUNT,
			atomic_read(&ln->latch.count)) ||
	    nla_put_u32(msg, IPSEC_LATCH_A_LATCH_BYTES,
			ipsec_latch_obj_size()) ||
	    nla_put_u8(msg, IPSEC_LATCH_A_SOCK_REQUESTS,
		       READ_ONCE(ln->latch.sock_requests)) ||
	    nla_put_u32(msg, IPSEC_LATCH_A_SOCK_REQUEST_COUNT,
			READ_ONCE(ln->latch.req_count)) ||
	    ipsec_latch_put_params(msg) || ipsec_latch_put_counters(msg, ln) ||
	    ipsec_latch_hook_stats_put(msg, skb))
		goto too_big;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

too_big:
	nlmsg_free(msg);
	NL_SET_ERR_MSG(info->extack, "status does not fit in one message");
	return -EMSGSIZE;
}

static int ipsec_latch_reset_counters(struct sk_buff *skb,
				      struct genl_info *info)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(genl_info_net(info));
	int ctr;

	for (ctr = 0; ctr < ARRAY_SIZE(ln->counters); ctr++)
		atomic64_set(&ln->counters[ctr], 0);
	return 0;
}

static int ipsec_latch_set(struct sk_buff *skb, struct genl_info *info)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(genl_info_net(info));

	struct nlattr *transparent = info->attrs[IPSEC_LATCH_A_TRANSPARENT];
	struct nlattr *requests = info->attrs[IPSEC_LATCH_A_SOCK_REQUESTS];
	struct nlattr *fallback = info->attrs[IPSEC_LATCH_A_FALLBACK_MS];
	struct nlattr *mode = info->attrs[IPSEC_LATCH_A_MODE];

	if (!mode && !transparent && !requests) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give IPSEC_LATCH_A_MODE, IPSEC_LATCH_A_TRANSPARENT or IPSEC_LATCH_A_SOCK_REQUESTS");
		return -EINVAL;
	}
	if (fallback && (!transparent || nla_get_u8(transparent) !=
			 IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT)) {
		NL_SET_ERR_MSG_ATTR(info->extack, fallback,
				    "a fallback timeout needs A_TRANSPARENT BYPASS_OR_PROTECT");
		return -EINVAL;
	}
	if ((transparent &&
	     nla_get_u8(transparent) != IPSEC_LATCH_TRANSPARENT_OFF) ||
	    (requests && nla_get_u8(requests))) {
		int err = ipsec_latch_nf_hooks_on(ln, info->extack);

		if (err)
			return err;
	}
	/* Requests made meanwhile stay, until their sockets close. */
	if (requests)
		WRITE_ONCE(ln->latch.sock_requests, nla_get_u8(requests));
	/* Resolutions already pending finish under the mode they began in. */
	if (mode)
		WRITE_ONCE(ln->mode, nla_get_u32(mode));
	/* Latches made meanwhile stay. */
	if (transparent)
		ipsec_latch_set_transparent(ln, nla_get_u8(transparent),
					    fallback ? nla_get_u32(fallback) :
					    IPSEC_LATCH_FALLBACK_MS_DEFAULT);
	return 0;
}

/* A dump message of @cmd for the requester of @cb; NULL if @skb is full. */
void *ipsec_latch_genl_dump_hdr(struct sk_buff *skb,
				struct netlink_callback *cb, u8 cmd)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			   &ipsec_latch_genl_family, NLM_F_MULTI, cmd);
}

/* Close a message begun with @hdr; on @err take it back out of @skb. */
int ipsec_latch_genl_msg_end(struct sk_buff *skb, void *hdr, int err)
{
	if (!hdr)
		return -EMSGSIZE;
	if (err) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int ipsec_latch_fill_res_msg(struct sk_buff *skb,
				    const struct ipsec_latch_res *res,
				    void *arg)
{
	void *hdr = ipsec_latch_genl_dump_hdr(skb, arg,
					      IPSEC_LATCH_CMD_GET_RESOLUTIONS);

	return ipsec_latch_genl_msg_end(skb, hdr,
					hdr ? ipsec_latch_res_fill(skb, res) : 0);
}

static int ipsec_latch_dump_resolutions(struct sk_buff *skb,
					struct netlink_callback *cb)
{
	int err = ipsec_latch_res_dump(sock_net(skb->sk), skb,
				       &cb->args[0], &cb->args[1],
				       ipsec_latch_fill_res_msg, cb);

	/* A full skb ends this part of the dump; the cursor resumes it. */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

static const struct genl_ops ipsec_latch_genl_ops[] = {
	{
		.cmd = IPSEC_LATCH_CMD_GET_STATUS,
		.doit = ipsec_latch_get_status,
		.policy = ipsec_latch_no_attrs_policy,
		.maxattr = IPSEC_LATCH_A_MAX,
	},
	{
		.cmd = IPSEC_LATCH_CMD_RESET_COUNTERS,
		.doit = ipsec_latch_reset_counters,
		.policy = ipsec_latch_no_attrs_policy,
		.maxattr = IPSEC_LATCH_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPSEC_LATCH_CMD_SET,
		.doit = ipsec_latch_set,
		.policy = ipsec_latch_set_policy,
		.maxattr = IPSEC_LATCH_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPSEC_LATCH_CMD_GET_RESOLUTIONS,
		.dumpit = ipsec_latch_dump_resolutions,
		.policy = ipsec_latch_no_attrs_policy,
		.maxattr = IPSEC_LATCH_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPSEC_LATCH_CMD_TEMPLATE_ADD,
		.doit = ipsec_latch_genl_template_add,
		.policy = ipsec_latch_tmpl_req_policy,
		.maxattr = IPSEC_LATCH_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPSEC_LATCH_CMD_TEMPLATE_DEL,
		.doit = ipsec_latch_genl_template_del,
		.policy = ipsec_latch_tmpl_req_policy,
		.maxattr = IPSEC_LATCH_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPSEC_LATCH_CMD_TEMPLATE_FLUSH,
		.doit = ipsec_latch_genl_template_flush,
		.policy = ipsec_latch_no_attrs_policy,
		.maxattr = IPSEC_LATCH_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPSEC_LATCH_CMD_GET_TEMPLATES,
		.dumpit = ipsec_latch_genl_dump_templates,
		.policy = ipsec_latch_no_attrs_policy,
		.maxattr = IPSEC_LATCH_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPSEC_LATCH_CMD_GET_LATCHES,
		.start = ipsec_latch_genl_dump_latches_start,
		.dumpit = ipsec_latch_genl_dump_latches,
		.done = ipsec_latch_genl_dump_latches_done,
		.policy = ipsec_latch_filter_req_policy,
		.maxattr = IPSEC_LATCH_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPSEC_LATCH_CMD_IDENTITY_SET,
		.doit = ipsec_latch_genl_identity_set,
		.policy = ipsec_latch_id_req_policy,
		.maxattr = IPSEC_LATCH_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPSEC_LATCH_CMD_IDENTITY_DEL,
		.doit = ipsec_latch_genl_identity_del,
		.policy = ipsec_latch_id_req_policy,
		.maxattr = IPSEC_LATCH_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = IPSEC_LATCH_CMD_GET_IDENTITIES,
		.dumpit = ipsec_latch_genl_dump_identities,
		.policy = ipsec_latch_no_attrs_policy,
		.maxattr = IPSEC_LATCH_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	/* The caller's own socket, by descriptor: no flag (genl_sock.c). */
	{
		.cmd = IPSEC_LATCH_CMD_SOCK_QUERY,
		.doit = ipsec_latch_genl_sock_query,
		.policy = ipsec_latch_sock_req_policy,
		.maxattr = IPSEC_LATCH_A_MAX,
	},
	{
		.cmd = IPSEC_LATCH_CMD_SOCK_REQUIRE,
		.doit = ipsec_latch_genl_sock_require,
		.policy = ipsec_latch_sock_req_policy,
		.maxattr = IPSEC_LATCH_A_MAX,
	},
};

static const struct genl_multicast_group ipsec_latch_genl_mcgrps[] = {
	{ .name = IPSEC_LATCH_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

struct genl_family ipsec_latch_genl_family __ro_after_init = {
	.name = IPSEC_LATCH_GENL_NAME,
	.version = IPSEC_LATCH_GENL_VERSION,
	.maxattr = IPSEC_LATCH_A_MAX,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = ipsec_latch_genl_ops,
	.n_ops = ARRAY_SIZE(ipsec_latch_genl_ops),
	.mcgrps = ipsec_latch_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(ipsec_latch_genl_mcgrps),
	IPSEC_LATCH_GENL_RESV_START_OP
};

/*
 * An event of @cmd carrying @event for the listeners in @net (atomic
 * context): NULL when nobody listens or memory is short.
 */
struct sk_buff *ipsec_latch_genl_event_new(struct net *net, u8 cmd,
					   u32 event, void **hdr)
{
	struct sk_buff *msg;

	if (!genl_has_listeners(&ipsec_latch_genl_family, net, 0))
		return NULL;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!msg)
		return NULL;
	*hdr = genlmsg_put(msg, 0, 0, &ipsec_latch_genl_family, 0, cmd);
	if (!*hdr || nla_put_u32(msg, IPSEC_LATCH_A_EVENT, event)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/*
 * Cleared before the family is unregistered: its multicast group id may be
 * handed to another family right after, so no event may be sent to it.
 */
static bool genl_events_on;

/* Send it, unless filling it failed (@err) or the family is going. */
void ipsec_latch_genl_event_send(struct net *net, struct sk_buff *msg,
				 void *hdr, int err)
{
	if (ipsec_latch_genl_msg_end(msg, hdr, err)) {
		nlmsg_free(msg);
		return;
	}
	rcu_read_lock();
	if (READ_ONCE(genl_events_on))
		genlmsg_multicast_netns(&ipsec_latch_genl_family, net, msg, 0,
					0, GFP_ATOMIC);
	else
		nlmsg_free(msg);
	rcu_read_unlock();
}

/* Multicast the end of a resolution; atomic context, table lock held. */
void ipsec_latch_genl_res_event(const struct ipsec_latch_res *res,
				enum ipsec_latch_event event)
{
	struct net *net = ipsec_latch_net_of(res->ln);
	struct sk_buff *msg;
	void *hdr;

	msg = ipsec_latch_genl_event_new(net, IPSEC_LATCH_CMD_RES_EVENT, event,
					 &hdr);
	if (msg)
		ipsec_latch_genl_event_send(net, msg, hdr,
					    ipsec_latch_res_fill(msg, res));
}

int __init ipsec_latch_genl_init(void)
{
	int err = genl_register_family(&ipsec_latch_genl_family);

	if (!err)
		WRITE_ONCE(genl_events_on, true);
	return err;
}

void ipsec_latch_genl_exit(void)
{
	WRITE_ONCE(genl_events_on, false);
	synchronize_rcu();	/* every send that saw it on has finished */
	genl_unregister_family(&ipsec_latch_genl_family);
}
