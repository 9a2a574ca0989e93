/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SA resolutions: the wait for one outbound SA, keyed as the kernel's
 * ACQUIRE is (netns + the template's daddr, saddr, proto, mode, reqid,
 * family). PENDING until the key manager installs a matching SA (RESOLVED)
 * or gives up, times out or is absent (FAILED).
 *
 * Four indexes lead to a resolution, all per netns:
 *  - its key, for SA events;
 *  - the flows whose lookup found it pending (same flowi content), so the
 *    outer route lookup can tell which resolution its blackhole is for;
 *  - the larval dsts handed out for it, for packets and sockets that hold
 *    such a dst;
 *  - the sockets whose non-blocking connect() waits for it.
 */
#ifndef _IPSEC_LATCH_RESOLVE_H
#define _IPSEC_LATCH_RESOLVE_H

#include <linux/skbuff.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <net/flow.h>
#include <net/xfrm.h>
#include <linux/ipsec_latch.h>

#include "resolve_key.h"

struct ipsec_latch_net;

struct ipsec_latch_res {
	struct hlist_node by_key;
	struct ipsec_latch_res_key key;
	struct ipsec_latch_net *ln;
	refcount_t refcnt;
	spinlock_t lock;		/* state, queue, dsts, flows */
	enum ipsec_latch_res_state state;
	int error;			/* FAILED: what callers get */
	unsigned long created;		/* jiffies */
	struct sk_buff_head queue;
	unsigned int queued_bytes;
	unsigned int nr_flows;
	unsigned int nr_dsts;
	unsigned int waiters;
	bool hold_over;			/* FAILED and its hold time ended */
	bool draining;			/* someone is sending/dropping the queue */
	bool retry;			/* PENDING: a policy changed, re-route */
	unsigned int fallbacks;		/* drains that let flows fall back */
	u8 queue_dst_families;		/* BIT(0) IPv4, BIT(1) IPv6 queue dsts */
	u64 drops;
	struct hlist_head flows;	/* struct ipsec_latch_res_flow */
	struct hlist_head dsts;		/* struct ipsec_latch_res_dst */
	struct hlist_head socks;	/* struct ipsec_latch_res_sock */
	wait_queue_head_t wq;
	struct timer_list timer;	/* PENDING: timeout; FAILED: hold */
	struct timer_list fallback_timer; /* next BYPASS-OR-PROTECT flow's
					   * fallback time
					   */
	struct work_struct work;	/* release or drop in process context */
	struct rcu_head rcu;
};

/* Per-netns table; lives in struct ipsec_latch_net. */
#define IPSEC_LATCH_RES_HASH_BITS 8
struct ipsec_latch_res_table {
	spinlock_t lock;
	bool dead;			/* netns or module going away */
	unsigned int count;
	unsigned int nr_socks;		/* in by_sock: read without the lock */
	atomic_t records;		/* its share of resolve_record.c's pool */
	unsigned int queued_bytes;
	struct hlist_head by_key[1 << IPSEC_LATCH_RES_HASH_BITS];
	struct hlist_head by_flow[1 << IPSEC_LATCH_RES_HASH_BITS];
	struct hlist_head by_dst[1 << IPSEC_LATCH_RES_HASH_BITS];
	struct hlist_head by_sock[1 << IPSEC_LATCH_RES_HASH_BITS];
};

int ipsec_latch_res_init(void);
void ipsec_latch_res_exit(void);
int ipsec_latch_res_netdev_init(void);
void ipsec_latch_res_netdev_exit(void);
void ipsec_latch_res_table_init(struct ipsec_latch_res_table *t);
void ipsec_latch_res_table_exit(struct ipsec_latch_net *ln);
void ipsec_latch_res_policy_added(struct net *net,
				  const struct xfrm_policy *xp);

typedef int (*ipsec_latch_output_fn)(struct net *net, struct sock *sk,
				     struct sk_buff *skb);

/*
 * The lookup probes' records (resolve_record.c); probe context: no lock,
 * no allocation. FLOW: the lookup of @flow found the SA of @key pending
 * (or, @failed, failing). DST: @dst, handed out to @flow, now queues into
 * its resolution if it has one (false: not recorded, @dst untouched).
 * @one_packet: made for one forwarded packet, given back once it is held.
 */
void ipsec_latch_res_record_flow(struct net *net,
				 const struct ipsec_latch_res_key *key,
				 const struct ipsec_latch_flow_key *flow,
				 bool failed);
bool ipsec_latch_res_record_dst(struct net *net,
				const struct ipsec_latch_flow_key *flow,
				struct dst_entry *dst, bool one_packet);
/* Probe context: whether @flow waits, by a record or the table. */
bool ipsec_latch_res_flow_seen(struct net *net,
			       const struct ipsec_latch_flow_key *flow);
/* Make the table current: apply the records (never under the table lock). */
void ipsec_latch_res_records_apply(void);
int ipsec_latch_res_records_init(void);
void ipsec_latch_res_records_exit(void);

/* Applying a record: this flow waits for @key. */
void ipsec_latch_res_note_pending(struct net *net,
				  const struct ipsec_latch_res_key *key,
				  const struct ipsec_latch_flow_key *flow,
				  bool failed);

/*
 * Applying a record: @dst (held, its output already the larval one)
 * queues into its flow's resolution, which takes the reference; false if
 * the flow waits for none (the caller gives @dst back @orig_output).
 */
bool ipsec_latch_res_adopt_dst(struct net *net,
			       const struct ipsec_latch_flow_key *flow,
			       struct dst_entry *dst,
			       ipsec_latch_output_fn orig_output,
			       bool one_packet);

/*
 * From a transmit hook (atomic): if @flow waits for a resolution, hold
 * @skb (consumed) with it for @skb->sk's send and return true.
 */
bool ipsec_latch_res_hold_flow(struct net *net, struct sk_buff *skb,
			       const struct ipsec_latch_flow_key *flow);
/* Lock-free: whether @flow waits for a resolution in the table. */
bool ipsec_latch_res_flow_waits_rcu(struct net *net,
				    const struct ipsec_latch_flow_key *flow);
/* True while a held packet is being sent on this CPU. */
bool ipsec_latch_res_resending(void);

/*
 * Hold routes for forwarded packets (resolve_forward.c): a referenced
 * route on @dev whose output holds the packet (probe context), or NULL.
 */
struct dst_entry *ipsec_latch_res_hold_route(const struct net_device *dev,
					     u16 family);
int ipsec_latch_res_hold_routes_init(void);
void ipsec_latch_res_hold_routes_exit(void);
int ipsec_latch_res_forward_output(struct net *net, struct sock *sk,
				   struct sk_buff *skb);

/* The output function of larval dsts. */
int ipsec_latch_res_larval_output(struct net *net, struct sock *sk,
				  struct sk_buff *skb);
bool ipsec_latch_res_dst_is_larval(const struct dst_entry *dst);

/* A referenced resolution for a larval dst, or NULL. */
struct ipsec_latch_res *ipsec_latch_res_get_by_dst(struct net *net,
						   const struct dst_entry *dst);
void ipsec_latch_res_put(struct ipsec_latch_res *res);

/* A non-blocking connect() on @sk waits for @res: track it for EALREADY,
 * poll() and the SO_ERROR/POLLOUT it gets when @res ends.
 */
int ipsec_latch_res_watch_socket(struct ipsec_latch_res *res, struct sock *sk);
struct ipsec_latch_res *ipsec_latch_res_get_by_sock(struct net *net,
						    const struct sock *sk);

/*
 * Sleep until @res is no longer PENDING. 0 = RESOLVED, else a negative
 * errno: the FAILED error, -EAGAIN when *timeo ran out, or the signal's;
 * IPSEC_LATCH_RES_FELL_BACK when flows of it fell back to the clear
 * meanwhile (BYPASS-OR-PROTECT): the caller checks whether its own did.
 */
#define IPSEC_LATCH_RES_FELL_BACK 1
int ipsec_latch_res_wait(struct ipsec_latch_res *res, long *timeo);

/* Netlink: one resolution as an IPSEC_LATCH_A_RES nest; a dump walk. */
int ipsec_latch_res_fill(struct sk_buff *skb,
			 const struct ipsec_latch_res *res);
int ipsec_latch_res_dump(struct net *net, struct sk_buff *skb,
			 unsigned long *bucket, unsigned long *pos,
			 int (*fill)(struct sk_buff *skb,
				     const struct ipsec_latch_res *res,
				     void *arg),
			 void *arg);

/*
 * From the xfrm_mgr observer. @may_send: the caller runs in process
 * context without spinlocks (the NEWSA/UPDSA configuration paths), so the
 * held packets can be sent right here.
 */
void ipsec_latch_res_sa_added(struct net *net, const struct xfrm_state *x,
			      bool may_send);
void ipsec_latch_res_acquire_gone(struct net *net, const struct xfrm_state *x);

/* From the latch hook (atomic): a flow held in the resolution of @dst
 * falls back to the clear if no SA came within @delay (jiffies).
 */
void ipsec_latch_res_arm_fallback(struct net *net, const struct dst_entry *dst,
				  unsigned long delay);

#endif /* _IPSEC_LATCH_RESOLVE_H */
