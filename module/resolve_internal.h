/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the resolutions share among themselves (and with their
 * self-tests): the index entries and the steps one file takes on behalf of
 * another. The rest of the module uses resolve.h.
 *
 *   resolve.c          lifecycle, the per-netns table and its indexes
 *   resolve_record.c   what the lookup probes saw, applied later
 *   resolve_queue.c    held packets: queue, drain, send, drop
 *   resolve_wait.c     sleeping callers, the timeout/hold and fallback timers
 *   resolve_netlink.c  netlink fill and dump
 */
#ifndef _IPSEC_LATCH_RESOLVE_INTERNAL_H
#define _IPSEC_LATCH_RESOLVE_INTERNAL_H

#include "ipsec_latch.h"
#include "resolve.h"

/* A flow whose lookup found the resolution pending. */
struct ipsec_latch_res_flow {
	struct hlist_node by_flow;
	struct hlist_node in_res;
	struct ipsec_latch_flow_key key;
	struct ipsec_latch_res *res;	/* also read under RCU */
	struct rcu_head rcu;
};

/*
 * A blackhole (or kernel queue) dst handed out while the resolution was
 * pending: held, with its output pointed at the resolution's queue until
 * the resolution ends and the original output is put back.
 */
struct ipsec_latch_res_dst {
	struct hlist_node by_dst;
	struct hlist_node in_res;
	struct dst_entry *dst;
	ipsec_latch_output_fn orig_output;
	struct ipsec_latch_res *res;
	bool one_packet;	/* made for one forwarded packet: given back
				 * once that packet is held
				 */
};

/* A socket whose non-blocking connect() waits for the resolution. */
struct ipsec_latch_res_sock {
	struct hlist_node by_sock;
	struct hlist_node in_res;
	struct sock *sk;
	struct ipsec_latch_res *res;
};

static inline struct ipsec_latch_res_table *
ipsec_latch_res_table_of(struct ipsec_latch_res *res)
{
	return &res->ln->res;
}

static inline bool ipsec_latch_res_linked(const struct ipsec_latch_res *res)
{
	return !hlist_unhashed(&res->by_key);
}

/* resolve.c */
extern struct workqueue_struct *ipsec_latch_res_wq;
void ipsec_latch_res_kick(struct ipsec_latch_res *res);
struct ipsec_latch_res *
ipsec_latch_res_find_flow_res(struct ipsec_latch_res_table *t,
			      const struct ipsec_latch_flow_key *key);
struct ipsec_latch_res_dst *
ipsec_latch_res_find_dst(struct ipsec_latch_res_table *t,
			 const struct dst_entry *dst);
void ipsec_latch_res_fail_locked(struct ipsec_latch_res *res, int error);
void ipsec_latch_res_resolve_locked(struct ipsec_latch_res *res, bool kick);
void ipsec_latch_res_unlink_locked(struct ipsec_latch_res *res);
void ipsec_latch_res_forget_dst_locked(struct ipsec_latch_res_dst *rd);
void ipsec_latch_res_forget_dev_dsts_locked(struct ipsec_latch_res *res,
					    const struct net_device *dev);

/* resolve_queue.c */
void ipsec_latch_res_enqueue(struct ipsec_latch_res *res, struct sk_buff *skb);
void ipsec_latch_res_drop(struct ipsec_latch_net *ln, struct sk_buff *skb,
			  int error, enum ipsec_latch_counter why);
void ipsec_latch_res_take_queue_locked(struct ipsec_latch_res *res,
				       struct sk_buff_head *held);
void ipsec_latch_res_drain(struct ipsec_latch_res *res, unsigned int budget);
void ipsec_latch_res_work_fn(struct work_struct *work);

/* resolve_wait.c */
void ipsec_latch_res_arm_timer(struct ipsec_latch_res *res,
			       unsigned long delay);
void ipsec_latch_res_arm_fallback_locked(struct ipsec_latch_res *res,
					 unsigned long when);
void ipsec_latch_res_stop_timers(struct ipsec_latch_res *res);
void ipsec_latch_res_timer_fn(struct timer_list *timer);
void ipsec_latch_res_fallback_timer_fn(struct timer_list *timer);

#endif /* _IPSEC_LATCH_RESOLVE_INTERNAL_H */
