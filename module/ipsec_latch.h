/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the files of ipsec_latch.ko: per-netns state,
 * module parameters and each part's init/exit.
 */
#ifndef _IPSEC_LATCH_H
#define _IPSEC_LATCH_H

#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/ipsec_latch.h>
#include <linux/netdevice.h>
#include <net/net_namespace.h>

#include "latch.h"
#include "resolve.h"

/* Module parameters (main.c). */
extern bool ipsec_latch_sa_event_log;
extern unsigned int ipsec_latch_default_mode;
extern unsigned int ipsec_latch_userns_mode;
extern unsigned int ipsec_latch_resolve_timeout_ms;
extern unsigned int ipsec_latch_max_resolutions;
extern unsigned int ipsec_latch_max_queue_packets;
extern unsigned int ipsec_latch_max_queue_bytes;
extern unsigned int ipsec_latch_max_netns_bytes;
extern unsigned int ipsec_latch_max_resolution_flows;
extern unsigned int ipsec_latch_release_inline;
extern unsigned int ipsec_latch_max_latches;
extern unsigned int ipsec_latch_max_latches_per_peer;
extern unsigned int ipsec_latch_max_latches_total;
extern unsigned int ipsec_latch_max_resolutions_total;
extern unsigned int ipsec_latch_max_held_bytes_total;
extern unsigned int ipsec_latch_max_templates;
extern unsigned int ipsec_latch_max_identities;
extern unsigned int ipsec_latch_max_sock_requests;
extern unsigned int ipsec_latch_probe_records;
extern unsigned int ipsec_latch_hold_ms;
extern unsigned int ipsec_latch_idle_ms;
extern bool ipsec_latch_unloading;	/* module exit (or failed init) */

/* Per network namespace state (netns.c). */
struct ipsec_latch_net {
	struct net *net;
	unsigned int mode;		/* enum ipsec_latch_mode */
	atomic64_t counters[IPSEC_LATCH_CTR_MAX + 1];
	struct ipsec_latch_res_table res;
	struct ipsec_latch_table latch;
	bool nf_hooks;			/* hook_netfilter.c's, registered */
};

struct ipsec_latch_net *ipsec_latch_net(const struct net *net);

static inline struct net *ipsec_latch_net_of(const struct ipsec_latch_net *ln)
{
	return ln->net;
}

/*
 * How long a FAILED resolution keeps failing new callers at once: as long
 * as the kernel's larval state may block a new ACQUIRE for the same SA.
 */
static inline unsigned long
ipsec_latch_fail_hold(const struct ipsec_latch_net *ln)
{
	return (unsigned long)ln->net->xfrm.sysctl_acq_expires * HZ;
}

static inline void ipsec_latch_count(struct ipsec_latch_net *ln,
				     enum ipsec_latch_counter ctr)
{
	atomic64_inc(&ln->counters[ctr]);
}

int ipsec_latch_netns_init(void);
void ipsec_latch_netns_exit(void);

/* How often each hook ran, module-wide (hook_stats.c). */
struct ipsec_latch_hook_calls {
	u64 n[IPSEC_LATCH_HOOK_MAX + 1];
};
DECLARE_PER_CPU(struct ipsec_latch_hook_calls, ipsec_latch_hook_calls);

static inline void ipsec_latch_hook_ran(enum ipsec_latch_hook h)
{
	this_cpu_inc(ipsec_latch_hook_calls.n[h]);
}

static inline bool ipsec_latch_hook_is_probe(enum ipsec_latch_hook h)
{
	return h >= IPSEC_LATCH_HOOK_XFRM_STATE_FIND &&
	       h <= IPSEC_LATCH_HOOK_XFRM_ROUTE_FORWARD;
}

/* Put A_HOOK_CALLS and A_HOOK_MISSED, if @request may see them. */
int ipsec_latch_hook_stats_put(struct sk_buff *msg,
			       const struct sk_buff *request);

/* Passive xfrm key-manager observer (km.c). */
int ipsec_latch_km_init(void);
void ipsec_latch_km_exit(void);

/* Hot-path hooks armed while some netns needs them (hook_arm.c). */
int ipsec_latch_hook_arm_init(void);
void ipsec_latch_hook_arm_exit(void);
void ipsec_latch_hook_arm_cleanup(void);
void ipsec_latch_hooks_disarm_soon(void);
bool ipsec_latch_hooks_armed(void);
int ipsec_latch_res_count_all(void);

/* Probes on the xfrm route lookup (hook_lookup.c); registered disarmed. */
int ipsec_latch_hook_lookup_init(void);
void ipsec_latch_hook_lookup_exit(void);
int ipsec_latch_hook_lookup_arm(void);
void ipsec_latch_hook_lookup_disarm(void);
u64 ipsec_latch_hook_lookup_missed(enum ipsec_latch_hook h);
/* The flow key of a lookup's flowi; @if_id: the lookup's interface id. */
void ipsec_latch_flow_key_from_flowi(struct ipsec_latch_flow_key *key,
				     const struct flowi *fl, u16 family,
				     u32 if_id);
/* A forwarded packet's flow key, as __xfrm_route_forward() decodes it. */
bool ipsec_latch_flow_key_from_skb(struct ipsec_latch_flow_key *key,
				   struct net *net, struct sk_buff *skb,
				   u16 family);

/* xfrm interfaces, in every netns (hook_xfrmi.c). */
extern atomic_t ipsec_latch_xfrmi_count;

/*
 * Can a packet of @net wait for an SA: an outbound IPsec policy in the
 * netns or on a socket of it, or an xfrm interface anywhere (one moved
 * into @net looks its policies up in the netns it came from)? Without,
 * the hooks step aside.
 */
static inline bool ipsec_latch_net_may_hold(const struct net *net)
{
	return READ_ONCE(net->xfrm.policy_count[XFRM_POLICY_OUT]) ||
	       READ_ONCE(net->xfrm.policy_count[XFRM_POLICY_OUT +
						XFRM_POLICY_MAX]) ||
	       atomic_read(&ipsec_latch_xfrmi_count);
}

/* Egress hooks on xfrm interfaces (hook_xfrmi.c). */
static inline bool ipsec_latch_dev_is_xfrmi(const struct net_device *dev)
{
	return dev->rtnl_link_ops &&
	       !strcmp(dev->rtnl_link_ops->kind, "xfrm");
}

int ipsec_latch_hook_xfrmi_init(void);
void ipsec_latch_hook_xfrmi_exit(void);

/* Socket call wrappers (hook_socket.c); set up disarmed. */
int ipsec_latch_hook_socket_init(void);
void ipsec_latch_hook_socket_exit(void);
int ipsec_latch_hook_socket_arm(void);
void ipsec_latch_hook_socket_disarm(void);
void ipsec_latch_hook_socket_wait_callers(void);
void ipsec_latch_hook_socket_drain(void);
bool ipsec_latch_send_would_block(const struct sock *sk);
void ipsec_latch_send_note_queued(const struct sock *sk,
				  struct ipsec_latch_res *res);

/* Generic netlink family (genl.c). */
int ipsec_latch_genl_init(void);
void ipsec_latch_genl_exit(void);
void ipsec_latch_genl_res_event(const struct ipsec_latch_res *res,
				enum ipsec_latch_event event);
extern struct genl_family ipsec_latch_genl_family;
struct netlink_callback;
void *ipsec_latch_genl_dump_hdr(struct sk_buff *skb,
				struct netlink_callback *cb, u8 cmd);
int ipsec_latch_genl_msg_end(struct sk_buff *skb, void *hdr, int err);
struct sk_buff *ipsec_latch_genl_event_new(struct net *net, u8 cmd,
					   u32 event, void **hdr);
void ipsec_latch_genl_event_send(struct net *net, struct sk_buff *msg,
				 void *hdr, int err);

/* The latching commands (genl_latch.c). */
struct genl_info;
struct netlink_callback;
extern struct netlink_range_validation ipsec_latch_fallback_range;
extern const struct nla_policy ipsec_latch_tmpl_req_policy[];
extern const struct nla_policy ipsec_latch_filter_req_policy[];
extern const struct nla_policy ipsec_latch_id_req_policy[];
int ipsec_latch_genl_template_add(struct sk_buff *skb, struct genl_info *info);
int ipsec_latch_genl_template_del(struct sk_buff *skb, struct genl_info *info);
int ipsec_latch_genl_template_flush(struct sk_buff *skb,
				    struct genl_info *info);
int ipsec_latch_genl_dump_templates(struct sk_buff *skb,
				    struct netlink_callback *cb);
int ipsec_latch_genl_dump_latches_start(struct netlink_callback *cb);
int ipsec_latch_genl_dump_latches(struct sk_buff *skb,
				  struct netlink_callback *cb);
int ipsec_latch_genl_dump_latches_done(struct netlink_callback *cb);
int ipsec_latch_genl_identity_set(struct sk_buff *skb, struct genl_info *info);
int ipsec_latch_genl_identity_del(struct sk_buff *skb, struct genl_info *info);
int ipsec_latch_genl_dump_identities(struct sk_buff *skb,
				     struct netlink_callback *cb);
void ipsec_latch_genl_latch_event(struct ipsec_latch_net *ln,
				  const struct ipsec_latch *l,
				  enum ipsec_latch_event event);

/* An application's questions about its own socket (genl_sock.c). */
extern const struct nla_policy ipsec_latch_sock_req_policy[];
int ipsec_latch_genl_sock_query(struct sk_buff *skb, struct genl_info *info);
int ipsec_latch_genl_sock_require(struct sk_buff *skb, struct genl_info *info);

/*
 * In-module self-tests (selftest/), in debug builds only: run at load
 * before anything is hooked or registered; a failure fails the load.
 */
#ifdef IPSEC_LATCH_SELFTEST
struct ipsec_latch_selftest;
bool ipsec_latch_selftest_latch(struct ipsec_latch_selftest *st);
bool ipsec_latch_selftest_resolve(struct ipsec_latch_selftest *st);
int ipsec_latch_selftest_run(void);

/*
 * Widen the window in which a caller woken by teardown still uses our
 * per-netns state, so that KASAN on the debug kernel sees any use of it
 * after the free: unload once freed it under such callers.
 */
static inline void ipsec_latch_debug_teardown_delay(bool teardown)
{
	if (teardown)
		msleep(100);
}
#else
static inline int ipsec_latch_selftest_run(void)
{
	return 0;
}

static inline void ipsec_latch_debug_teardown_delay(bool teardown)
{
}
#endif

#endif /* _IPSEC_LATCH_H */
