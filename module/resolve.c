// SPDX-License-Identifier: GPL-2.0
/*
 * SA resolutions: per-destination waits for an outbound SA, their packet
 * queues and waiters, released the moment the matching SA is inserted.
 *
 * Locking: one spinlock per netns table (BH-safe) guards the three indexes
 * and every resolution's state, queue and lists. Only packets and lookups
 * of flows that wait for an SA come here, so one lock per netns is enough.
 * Process-context steps (re-routing and sending held packets, failing
 * sockets, unlinking) run from each resolution's work item, or for a
 * release straight from the key manager's SA notification (res_drain()).
 *
 * Lifetime: the table holds one reference while a resolution is linked; a
 * queued work item, an armed timer and every waiter hold one more.
 */
#include <linux/hash.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/slab.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/route.h>
#include <net/tcp.h>

#include "compat.h"
#include "ipsec_latch.h"
#include "resolve.h"

/* A flow whose lookup found the resolution pending. */
struct ipsec_latch_res_flow {
	struct hlist_node by_flow;
	struct hlist_node in_res;
	struct ipsec_latch_flow_key key;
	struct ipsec_latch_res *res;
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
	int (*orig_output)(struct net *net, struct sock *sk,
			   struct sk_buff *skb);
	struct ipsec_latch_res *res;
};

/* A socket whose non-blocking connect() waits for the resolution. */
struct ipsec_latch_res_sock {
	struct hlist_node by_sock;
	struct hlist_node in_res;
	struct sock *sk;
	struct ipsec_latch_res *res;
};

/* Routes tracked per resolution, per flow: a flow may look up a few times. */
#define IPSEC_LATCH_RES_DSTS_PER_FLOW 4

static struct ipsec_latch_res_table *res_table(struct ipsec_latch_res *res)
{
	return &res->ln->res;
}

static u32 key_bucket(const void *key, unsigned int len)
{
	return ipsec_latch_key_hash(key, len) &
	       ((1 << IPSEC_LATCH_RES_HASH_BITS) - 1);
}

static u32 dst_bucket(const struct dst_entry *dst)
{
	return hash_ptr(dst, IPSEC_LATCH_RES_HASH_BITS);
}

static u32 sock_bucket(const struct sock *sk)
{
	return hash_ptr(sk, IPSEC_LATCH_RES_HASH_BITS);
}

void ipsec_latch_res_table_init(struct ipsec_latch_res_table *t)
{
	int i;

	spin_lock_init(&t->lock);
	t->dead = false;
	t->count = 0;
	t->queued_bytes = 0;
	for (i = 0; i < ARRAY_SIZE(t->by_key); i++) {
		INIT_HLIST_HEAD(&t->by_key[i]);
		INIT_HLIST_HEAD(&t->by_flow[i]);
		INIT_HLIST_HEAD(&t->by_dst[i]);
		INIT_HLIST_HEAD(&t->by_sock[i]);
	}
}

static void res_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct ipsec_latch_res, rcu));
}

void ipsec_latch_res_put(struct ipsec_latch_res *res)
{
	if (refcount_dec_and_test(&res->refcnt))
		call_rcu(&res->rcu, res_free_rcu);
}

/*
 * Drains run on our own workqueue: a netns's teardown flushes it, so that
 * none still runs on a resolution it no longer finds in its table (one
 * that a drain just unlinked) once the table's memory is freed. Unbound:
 * a drain needs no particular CPU (and 7.x wants the choice made).
 */
static struct workqueue_struct *res_wq;

int ipsec_latch_res_init(void)
{
	res_wq = alloc_workqueue("ipsec_latch_res", WQ_UNBOUND, 0);
	return res_wq ? 0 : -ENOMEM;
}

void ipsec_latch_res_exit(void)
{
	destroy_workqueue(res_wq);
}

/* Queue the work item; it owns a reference while queued. */
static void res_kick(struct ipsec_latch_res *res)
{
	refcount_inc(&res->refcnt);
	if (!queue_work(res_wq, &res->work))
		ipsec_latch_res_put(res);
}

/* (Re)arm the timer; it owns a reference while armed. */
static void res_arm_timer(struct ipsec_latch_res *res, unsigned long delay)
{
	refcount_inc(&res->refcnt);
	if (mod_timer(&res->timer, jiffies + delay))
		ipsec_latch_res_put(res);	/* it was armed: one ref is enough */
}

/* Table lock held: fire no later than @when; a reference while armed. */
static void res_arm_fallback_locked(struct ipsec_latch_res *res,
				    unsigned long when)
{
	refcount_inc(&res->refcnt);
	if (timer_reduce(&res->fallback_timer, when))
		ipsec_latch_res_put(res);
}

/* Stop both timers, dropping the references they held. */
static void res_stop_timers(struct ipsec_latch_res *res)
{
	if (timer_delete_sync(&res->timer))
		ipsec_latch_res_put(res);
	if (timer_delete_sync(&res->fallback_timer))
		ipsec_latch_res_put(res);
}

static struct ipsec_latch_res *
res_find_key(struct ipsec_latch_res_table *t,
	     const struct ipsec_latch_res_key *key)
{
	struct ipsec_latch_res *res;

	hlist_for_each_entry(res, &t->by_key[key_bucket(key, sizeof(*key))],
			     by_key)
		if (ipsec_latch_key_equal(&res->key, key, sizeof(*key)))
			return res;
	return NULL;
}

static struct ipsec_latch_res_flow *
res_find_flow(struct ipsec_latch_res_table *t,
	      const struct ipsec_latch_flow_key *key)
{
	struct ipsec_latch_res_flow *f;

	hlist_for_each_entry(f, &t->by_flow[key_bucket(key, sizeof(*key))],
			     by_flow)
		if (ipsec_latch_key_equal(&f->key, key, sizeof(*key)))
			return f;
	return NULL;
}

static struct ipsec_latch_res_dst *res_find_dst(struct ipsec_latch_res_table *t,
						const struct dst_entry *dst)
{
	struct ipsec_latch_res_dst *rd;

	hlist_for_each_entry(rd, &t->by_dst[dst_bucket(dst)], by_dst)
		if (rd->dst == dst)
			return rd;
	return NULL;
}

static struct ipsec_latch_res_sock *
res_find_sock(struct ipsec_latch_res_table *t, const struct sock *sk)
{
	struct ipsec_latch_res_sock *rs;

	hlist_for_each_entry(rs, &t->by_sock[sock_bucket(sk)], by_sock)
		if (rs->sk == sk)
			return rs;
	return NULL;
}

static bool res_linked(const struct ipsec_latch_res *res)
{
	return !hlist_unhashed(&res->by_key);
}

static void res_send(struct net *net, struct sk_buff *skb, bool clear);
static void res_timer_fn(struct timer_list *timer);
static void res_fallback_timer_fn(struct timer_list *timer);
static void res_work_fn(struct work_struct *work);

/* The resolution as a nest of enum ipsec_latch_res_attr (dump, events). */
int ipsec_latch_res_fill(struct sk_buff *skb, const struct ipsec_latch_res *res)
{
	const struct ipsec_latch_res_key *k = &res->key;
	unsigned int alen = ipsec_latch_addr_len(k->family);
	struct nlattr *nest = nla_nest_start(skb, IPSEC_LATCH_A_RES);

	if (!nest ||
	    nla_put_u16(skb, IPSEC_LATCH_RES_A_FAMILY, k->family) ||
	    nla_put(skb, IPSEC_LATCH_RES_A_DADDR, alen, &k->daddr) ||
	    nla_put(skb, IPSEC_LATCH_RES_A_SADDR, alen, &k->saddr) ||
	    nla_put_u8(skb, IPSEC_LATCH_RES_A_PROTO, k->proto) ||
	    nla_put_u8(skb, IPSEC_LATCH_RES_A_MODE, k->mode) ||
	    nla_put_u32(skb, IPSEC_LATCH_RES_A_REQID, k->reqid) ||
	    nla_put_u8(skb, IPSEC_LATCH_RES_A_STATE, res->state) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_RES_A_AGE_MS,
			      jiffies_to_msecs(jiffies - res->created),
			      IPSEC_LATCH_RES_A_PAD) ||
	    nla_put_u32(skb, IPSEC_LATCH_RES_A_WAITERS, res->waiters) ||
	    nla_put_u32(skb, IPSEC_LATCH_RES_A_QUEUED_PACKETS,
			skb_queue_len(&res->queue)) ||
	    nla_put_u32(skb, IPSEC_LATCH_RES_A_QUEUED_BYTES,
			res->queued_bytes) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_RES_A_DROPS, res->drops,
			      IPSEC_LATCH_RES_A_PAD) ||
	    (res->state == IPSEC_LATCH_RES_FAILED &&
	     nla_put_u32(skb, IPSEC_LATCH_RES_A_ERROR, -res->error))) {
		if (nest)
			nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * Dump cursor: bucket and position in it. Resolutions come and go between
 * the messages of a dump; like other netlink dumps, one may be missed or
 * seen twice then, never half.
 */
int ipsec_latch_res_dump(struct net *net, struct sk_buff *skb,
			 unsigned long *bucket, unsigned long *pos,
			 int (*fill)(struct sk_buff *skb,
				     const struct ipsec_latch_res *res,
				     void *arg),
			 void *arg)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(net);
	struct ipsec_latch_res_table *t = &ln->res;
	struct ipsec_latch_res *res;
	unsigned long i;
	int err = 0;

	spin_lock_bh(&t->lock);
	for (; *bucket < ARRAY_SIZE(t->by_key); (*bucket)++, *pos = 0) {
		i = 0;
		hlist_for_each_entry(res, &t->by_key[*bucket], by_key) {
			if (i++ < *pos)
				continue;
			err = fill(skb, res, arg);
			if (err)
				goto out;
			(*pos)++;
		}
	}
out:
	spin_unlock_bh(&t->lock);
	return err;
}

/* FAILED: sleepers wake, watched sockets get POLLERR and SO_ERROR. */
static void res_fail_locked(struct ipsec_latch_res *res, int error)
{
	struct ipsec_latch_res_sock *rs;

	res->state = IPSEC_LATCH_RES_FAILED;
	res->error = error;
	ipsec_latch_count(res->ln, IPSEC_LATCH_CTR_RES_FAILED);
	ipsec_latch_genl_res_event(res, IPSEC_LATCH_EVENT_FAILED);
	hlist_for_each_entry(rs, &res->socks, in_res) {
		rs->sk->sk_err = -error;
		sk_error_report(rs->sk);
	}
	wake_up_all(&res->wq);
}

static struct ipsec_latch_res *res_create(struct ipsec_latch_net *ln,
					  const struct ipsec_latch_res_key *key,
					  bool failed)
{
	struct ipsec_latch_res_table *t = &ln->res;
	struct ipsec_latch_res *res;

	if (t->count >= READ_ONCE(ipsec_latch_max_resolutions)) {
		ipsec_latch_count(ln, IPSEC_LATCH_CTR_RES_TABLE_FULL);
		return NULL;
	}
	res = kzalloc(sizeof(*res), GFP_ATOMIC);
	if (!res) {
		ipsec_latch_count(ln, IPSEC_LATCH_CTR_RES_TABLE_FULL);
		return NULL;
	}
	res->key = *key;
	res->ln = ln;
	refcount_set(&res->refcnt, 1);	/* the table's */
	res->created = jiffies;
	skb_queue_head_init(&res->queue);
	INIT_HLIST_HEAD(&res->flows);
	INIT_HLIST_HEAD(&res->dsts);
	INIT_HLIST_HEAD(&res->socks);
	init_waitqueue_head(&res->wq);
	timer_setup(&res->timer, res_timer_fn, 0);
	timer_setup(&res->fallback_timer, res_fallback_timer_fn, 0);
	INIT_WORK(&res->work, res_work_fn);
	hlist_add_head(&res->by_key,
		       &t->by_key[key_bucket(key, sizeof(*key))]);
	t->count++;
	ipsec_latch_count(ln, IPSEC_LATCH_CTR_RES_CREATED);

	if (failed) {
		/* No key manager, or the kernel holds an error state. */
		res_fail_locked(res, -EHOSTUNREACH);
		res_arm_timer(res, ipsec_latch_fail_hold(ln));
	} else {
		res->state = IPSEC_LATCH_RES_PENDING;
		res_arm_timer(res, msecs_to_jiffies(
				READ_ONCE(ipsec_latch_resolve_timeout_ms)));
	}
	return res;
}

/* Takes the netns's state rather than the netns: the self-tests call it. */
static void res_note_pending(struct ipsec_latch_net *ln,
			     const struct ipsec_latch_res_key *key,
			     const struct ipsec_latch_flow_key *flow,
			     bool failed)
{
	struct ipsec_latch_res_table *t;
	struct ipsec_latch_res_flow *f;
	struct ipsec_latch_res *res;

	if (!ln || READ_ONCE(ln->mode) == IPSEC_LATCH_MODE_OFF)
		return;
	t = &ln->res;
	spin_lock_bh(&t->lock);
	if (t->dead)
		goto out;
	res = res_find_key(t, key);
	if (!res) {
		res = res_create(ln, key, failed);
		if (!res)
			goto out;
	}
	if (res->state == IPSEC_LATCH_RES_RESOLVED)
		goto out;	/* being released: the next lookup sees the SA */
	f = res_find_flow(t, flow);
	if (f) {
		/* A flow waits for one SA at a time: it moves (its template
		 * changed while it waited), list and count with it.
		 */
		if (f->res != res) {
			hlist_del(&f->in_res);
			f->res->nr_flows--;
			hlist_add_head(&f->in_res, &res->flows);
			res->nr_flows++;
			f->res = res;
		}
		goto out;
	}
	if (res->nr_flows >= READ_ONCE(ipsec_latch_max_resolution_flows)) {
		/* Its packets meet stock behaviour. */
		ipsec_latch_count(ln, IPSEC_LATCH_CTR_RES_FLOWS_FULL);
		goto out;
	}
	f = kzalloc(sizeof(*f), GFP_ATOMIC);
	if (!f)
		goto out;
	f->key = *flow;
	f->res = res;
	hlist_add_head(&f->by_flow,
		       &t->by_flow[key_bucket(flow, sizeof(*flow))]);
	hlist_add_head(&f->in_res, &res->flows);
	res->nr_flows++;
out:
	spin_unlock_bh(&t->lock);
}

void ipsec_latch_res_note_pending(struct net *net,
				  const struct ipsec_latch_res_key *key,
				  const struct ipsec_latch_flow_key *flow,
				  bool failed)
{
	res_note_pending(ipsec_latch_net(net), key, flow, failed);
}

bool ipsec_latch_res_adopt_dst(struct net *net,
			       const struct ipsec_latch_flow_key *flow,
			       struct dst_entry *dst)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(net);
	struct ipsec_latch_res_table *t;
	struct ipsec_latch_res_flow *f;
	struct ipsec_latch_res_dst *rd;
	bool adopted = false;

	if (!ln || READ_ONCE(ln->mode) == IPSEC_LATCH_MODE_OFF)
		return false;
	t = &ln->res;
	spin_lock_bh(&t->lock);
	f = res_find_flow(t, flow);
	if (t->dead || !f || f->res->state == IPSEC_LATCH_RES_RESOLVED ||
	    res_find_dst(t, dst))
		goto out;
	if (f->res->nr_dsts >= IPSEC_LATCH_RES_DSTS_PER_FLOW *
			       READ_ONCE(ipsec_latch_max_resolution_flows)) {
		ipsec_latch_count(ln, IPSEC_LATCH_CTR_RES_FLOWS_FULL);
		goto out;
	}
	rd = kzalloc(sizeof(*rd), GFP_ATOMIC);
	if (!rd)
		goto out;
	dst_hold(dst);
	rd->dst = dst;
	rd->res = f->res;
	rd->orig_output = dst->output;
	if (dst->flags & DST_XFRM_QUEUE)
		f->res->queue_dst_families |= BIT(dst->ops->family == AF_INET6);
	/* Fresh from the lookup: nobody has sent through it yet. */
	WRITE_ONCE(dst->output, ipsec_latch_res_larval_output);
	hlist_add_head(&rd->by_dst, &t->by_dst[dst_bucket(dst)]);
	hlist_add_head(&rd->in_res, &f->res->dsts);
	f->res->nr_dsts++;
	adopted = true;
out:
	spin_unlock_bh(&t->lock);
	return adopted;
}

bool ipsec_latch_res_dst_is_larval(const struct dst_entry *dst)
{
	return READ_ONCE(dst->output) == ipsec_latch_res_larval_output;
}

struct ipsec_latch_res *ipsec_latch_res_get_by_dst(struct net *net,
						   const struct dst_entry *dst)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(net);
	struct ipsec_latch_res *res = NULL;
	struct ipsec_latch_res_dst *rd;

	if (!ln || !dst || !ipsec_latch_res_dst_is_larval(dst))
		return NULL;
	spin_lock_bh(&ln->res.lock);
	rd = res_find_dst(&ln->res, dst);
	if (rd) {
		res = rd->res;
		refcount_inc(&res->refcnt);
	}
	spin_unlock_bh(&ln->res.lock);
	return res;
}

struct ipsec_latch_res *ipsec_latch_res_get_by_sock(struct net *net,
						    const struct sock *sk)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(net);
	struct ipsec_latch_res *res = NULL;
	struct ipsec_latch_res_sock *rs;

	if (!ln || !READ_ONCE(ln->res.count))
		return NULL;	/* nothing pending: the common case, no lock */
	spin_lock_bh(&ln->res.lock);
	rs = res_find_sock(&ln->res, sk);
	if (rs) {
		res = rs->res;
		refcount_inc(&res->refcnt);
	}
	spin_unlock_bh(&ln->res.lock);
	return res;
}

int ipsec_latch_res_watch_socket(struct ipsec_latch_res *res, struct sock *sk)
{
	struct ipsec_latch_res_table *t = res_table(res);
	struct ipsec_latch_res_sock *rs;
	int err = 0;

	rs = kzalloc(sizeof(*rs), GFP_KERNEL);
	if (!rs)
		return -ENOMEM;
	spin_lock_bh(&t->lock);
	if (!res_linked(res) || res_find_sock(t, sk)) {
		kfree(rs);
		goto out;	/* ended meanwhile, or already watched */
	}
	sock_hold(sk);
	rs->sk = sk;
	rs->res = res;
	hlist_add_head(&rs->by_sock, &t->by_sock[sock_bucket(sk)]);
	hlist_add_head(&rs->in_res, &res->socks);
out:
	spin_unlock_bh(&t->lock);
	return err;
}

/*
 * Queue one packet of a waiting flow, within the per-resolution and
 * per-netns bounds. Called with the table lock held; consumes @skb.
 */
static void res_enqueue(struct ipsec_latch_res *res, struct sk_buff *skb)
{
	struct ipsec_latch_res_table *t = res_table(res);
	struct ipsec_latch_net *ln = res->ln;
	unsigned int size = skb->truesize;

	if (skb_queue_len(&res->queue) >=
	    READ_ONCE(ipsec_latch_max_queue_packets) ||
	    res->queued_bytes + size > READ_ONCE(ipsec_latch_max_queue_bytes)) {
		ipsec_latch_count(ln, IPSEC_LATCH_CTR_DROP_QUEUE_FULL);
		res->drops++;
		kfree_skb(skb);
		return;
	}
	if (t->queued_bytes + size > READ_ONCE(ipsec_latch_max_netns_bytes)) {
		ipsec_latch_count(ln, IPSEC_LATCH_CTR_DROP_NETNS_FULL);
		res->drops++;
		kfree_skb(skb);
		return;
	}
	/* Held beyond the sender's call: the dst needs a reference. */
	rcu_read_lock();
	if (!skb_dst_force(skb)) {
		rcu_read_unlock();
		ipsec_latch_count(ln, IPSEC_LATCH_CTR_DROP_REROUTE);
		res->drops++;
		kfree_skb(skb);
		return;
	}
	rcu_read_unlock();
	__skb_queue_tail(&res->queue, skb);
	res->queued_bytes += size;
	t->queued_bytes += size;
	ipsec_latch_count(ln, IPSEC_LATCH_CTR_PKT_QUEUED);
}

int ipsec_latch_res_larval_output(struct net *net, struct sock *sk,
				  struct sk_buff *skb)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(net);
	struct dst_entry *dst = skb_dst(skb);
	struct ipsec_latch_res_dst *rd;
	struct ipsec_latch_res *res;
	int (*output)(struct net *net, struct sock *sk, struct sk_buff *skb);
	unsigned long next = jiffies + MAX_JIFFY_OFFSET;

	spin_lock_bh(&ln->res.lock);
	rd = res_find_dst(&ln->res, dst);
	if (!rd) {
		/* The resolution ended between the caller reading ->output
		 * and now: the dst has its own output back.
		 */
		spin_unlock_bh(&ln->res.lock);
		output = READ_ONCE(dst->output);
		if (output == ipsec_latch_res_larval_output) {
			kfree_skb(skb);
			return NET_XMIT_DROP;
		}
		return output(net, sk, skb);
	}
	res = rd->res;
	/* Its flow fell back to the clear meanwhile: it need not wait. */
	if (res->state == IPSEC_LATCH_RES_PENDING &&
	    ipsec_latch_latch_held(net, skb, false, &next) ==
	    IPSEC_LATCH_HELD_SEND) {
		spin_unlock_bh(&ln->res.lock);
		res_send(net, skb, true);
		return NET_XMIT_SUCCESS;
	}
	if (ipsec_latch_send_would_block(sk) &&
	    res->state == IPSEC_LATCH_RES_PENDING) {
		/* Non-blocking datagram send in "wait" mode: EAGAIN, not a
		 * packet that may leave after the call reported success.
		 */
		spin_unlock_bh(&ln->res.lock);
		ipsec_latch_count(ln, IPSEC_LATCH_CTR_DROP_WOULD_BLOCK);
		kfree_skb(skb);
		return NET_XMIT_DROP;
	}
	ipsec_latch_send_note_queued(sk, res);
	res_enqueue(res, skb);
	if (res->state != IPSEC_LATCH_RES_PENDING)
		res_kick(res);	/* released or failed meanwhile: drain */
	spin_unlock_bh(&ln->res.lock);
	return NET_XMIT_SUCCESS;
}

static void res_drop(struct ipsec_latch_net *ln, struct sk_buff *skb,
		     int error, enum ipsec_latch_counter why);

/*
 * Re-route a held packet now that its SA exists, or (@clear) its flow fell
 * back to the clear, and send it. A fallen-back flow that still does not
 * route clear (a policy that ties with its BYPASS entry) fails like a
 * FAILED resolution rather than leave a connect() retrying for minutes.
 */
static void res_send(struct net *net, struct sk_buff *skb, bool clear)
{
	struct sock *sk = skb->sk && sk_fullsock(skb->sk) ? skb->sk : NULL;
	int err;

	/* Both look at the old (larval) dst's device, then replace it. */
	if (skb->protocol == htons(ETH_P_IPV6))
		err = ip6_route_me_harder(net, sk, skb);
	else
		err = ip_route_me_harder(net, sk, skb, RTN_UNSPEC);
	if (err || !skb_dst(skb) || ipsec_latch_res_dst_is_larval(skb_dst(skb)) ||
	    (clear && skb_dst(skb)->output == dst_discard_out)) {
		if (clear) {
			res_drop(ipsec_latch_net(net), skb, -EHOSTUNREACH,
				 IPSEC_LATCH_CTR_DROP_REROUTE);
			return;
		}
		ipsec_latch_count(ipsec_latch_net(net),
				  IPSEC_LATCH_CTR_DROP_REROUTE);
		kfree_skb(skb);
		return;
	}
	/* It skipped LOCAL_OUT while held: its latch decides now (counted
	 * there when it refuses).
	 */
	if (!ipsec_latch_latch_output_ok(net, skb)) {
		kfree_skb(skb);
		return;
	}
	ipsec_latch_count(ipsec_latch_net(net), IPSEC_LATCH_CTR_PKT_RELEASED);
	local_bh_disable();
	dst_output(net, skb->sk, skb);
	local_bh_enable();
}

/*
 * Drop a held packet. A held TCP SYN means a connect() waits for this SA:
 * abort it with the error (EHOSTUNREACH, no RST), as an ICMP unreachable
 * would, instead of letting it retry SYNs for two minutes.
 */
static void res_drop(struct ipsec_latch_net *ln, struct sk_buff *skb,
		     int error, enum ipsec_latch_counter why)
{
	struct sock *sk = skb->sk;

	if (sk && sk_fullsock(sk) && sk->sk_protocol == IPPROTO_TCP &&
	    sk->sk_state == TCP_SYN_SENT &&
	    refcount_inc_not_zero(&sk->sk_refcnt)) {
		tcp_abort(sk, -error);
		sock_put(sk);
	}
	ipsec_latch_count(ln, why);
	kfree_skb(skb);
}

/* Move the held packets to @held and take them off the byte budgets. */
static void res_take_queue_locked(struct ipsec_latch_res *res,
				  struct sk_buff_head *held)
{
	skb_queue_splice_init(&res->queue, held);
	res_table(res)->queued_bytes -= res->queued_bytes;
	res->queued_bytes = 0;
}

/* Take the resolution out of every index and give the dsts back. */
static void res_unlink_locked(struct ipsec_latch_res *res)
{
	struct ipsec_latch_res_table *t = res_table(res);
	struct ipsec_latch_res_flow *f;
	struct ipsec_latch_res_sock *rs;
	struct ipsec_latch_res_dst *rd;
	struct hlist_node *tmp;

	hlist_for_each_entry_safe(f, tmp, &res->flows, in_res) {
		hlist_del(&f->by_flow);
		kfree(f);
	}
	INIT_HLIST_HEAD(&res->flows);
	hlist_for_each_entry_safe(rd, tmp, &res->dsts, in_res) {
		WRITE_ONCE(rd->dst->output, rd->orig_output);
		hlist_del(&rd->by_dst);
		dst_release(rd->dst);
		kfree(rd);
	}
	INIT_HLIST_HEAD(&res->dsts);
	hlist_for_each_entry_safe(rs, tmp, &res->socks, in_res) {
		/* RESOLVED: a non-blocking connect() is complete now. */
		if (res->state == IPSEC_LATCH_RES_RESOLVED)
			rs->sk->sk_write_space(rs->sk);
		hlist_del(&rs->by_sock);
		sock_put(rs->sk);
		kfree(rs);
	}
	INIT_HLIST_HEAD(&res->socks);
	hlist_del_init(&res->by_key);
	t->count--;
}

/*
 * With larval_drop = 0 the kernel's queue dsts stay valid in socket caches
 * after the SA exists (xfrm_bundle_ok() accepts them), so those sockets'
 * next packets would wait in the per-policy queue for its timer. Expiring
 * the netns's cached routes makes them re-route now.
 */
static void res_forget_queue_dsts(struct net *net,
				  const struct ipsec_latch_res *res)
{
	if (res->queue_dst_families & BIT(0))
		rt_genid_bump_ipv4(net);
	if (res->queue_dst_families & BIT(1))
		rt_genid_bump_ipv6(net);
}

/* Put packets a drain kept back at the head of the queue, in order. */
static void res_requeue_locked(struct ipsec_latch_res *res,
			       struct sk_buff_head *kept)
{
	struct sk_buff *skb;
	unsigned int bytes = 0;

	skb_queue_walk(kept, skb)
		bytes += skb->truesize;
	skb_queue_splice_init(kept, &res->queue);
	res->queued_bytes += bytes;
	res_table(res)->queued_bytes += bytes;
}

/*
 * One held packet: RESOLVED sends it. Otherwise its latch decides: a
 * BYPASS-OR-PROTECT flow falls back to the clear and is sent when the
 * resolution FAILED or its fallback time came; any other flow's packet is
 * dropped when FAILED and kept while PENDING.
 */
static enum ipsec_latch_held_verdict
res_held_verdict(struct net *net, enum ipsec_latch_res_state state,
		 struct sk_buff *skb, unsigned long *next)
{
	if (state == IPSEC_LATCH_RES_RESOLVED)
		return IPSEC_LATCH_HELD_SEND;
	return ipsec_latch_latch_held(net, skb,
				      state == IPSEC_LATCH_RES_FAILED, next);
}

/*
 * Send the held packets (RESOLVED) or drop them and fail waiting connects
 * (FAILED), in process context; while PENDING, send those whose flows fell
 * back to the clear and keep the rest. One drainer at a time, so that held
 * packets leave in order: whoever finds another at work leaves the packets
 * to it, and the drainer loops until the queue stays empty (or holds only
 * packets that wait on). A RESOLVED resolution is unlinked once drained; a
 * FAILED one stays linked for its hold time, so that callers meanwhile
 * fail fast, and is unlinked when the timer says so. The caller holds a
 * reference.
 */
static void res_drain(struct ipsec_latch_res *res)
{
	struct ipsec_latch_res_table *t = res_table(res);
	struct net *net = ipsec_latch_net_of(res->ln);
	const unsigned long never = jiffies + MAX_JIFFY_OFFSET;
	bool unlink, was_linked, fell_back = false;
	struct sk_buff_head held, kept;
	enum ipsec_latch_res_state state;
	unsigned long next = never;
	struct sk_buff *skb;

	__skb_queue_head_init(&held);
	__skb_queue_head_init(&kept);
	spin_lock_bh(&t->lock);
	if (res->draining) {
		spin_unlock_bh(&t->lock);
		return;
	}
	res->draining = true;
	for (;;) {
		state = res->state;
		res_take_queue_locked(res, &held);
		if (skb_queue_empty(&held))
			break;
		spin_unlock_bh(&t->lock);
		while ((skb = __skb_dequeue(&held))) {
			switch (res_held_verdict(net, state, skb, &next)) {
			case IPSEC_LATCH_HELD_SEND:
				fell_back |= state != IPSEC_LATCH_RES_RESOLVED;
				res_send(net, skb,
					 state != IPSEC_LATCH_RES_RESOLVED);
				break;
			case IPSEC_LATCH_HELD_DROP:
				res_drop(res->ln, skb, res->error,
					 IPSEC_LATCH_CTR_DROP_FAILED);
				break;
			case IPSEC_LATCH_HELD_WAIT:
				__skb_queue_tail(&kept, skb);
				break;
			}
		}
		spin_lock_bh(&t->lock);
		if (skb_queue_empty(&kept))
			continue;
		/* Only a PENDING pass keeps packets: they wait on. */
		res_requeue_locked(res, &kept);
		if (res->state == IPSEC_LATCH_RES_PENDING)
			break;
	}
	if (next != never && res->state == IPSEC_LATCH_RES_PENDING)
		res_arm_fallback_locked(res, next);
	if (fell_back)
		res->fallbacks++;
	res->draining = false;
	unlink = state == IPSEC_LATCH_RES_RESOLVED || res->hold_over ||
		 t->dead;
	was_linked = res_linked(res);
	if (unlink && was_linked)
		res_unlink_locked(res);
	spin_unlock_bh(&t->lock);

	/* Flows that fell back re-route: cached queue dsts must go too. */
	if ((state == IPSEC_LATCH_RES_RESOLVED && unlink && was_linked) ||
	    fell_back)
		res_forget_queue_dsts(net, res);
	if (state == IPSEC_LATCH_RES_RESOLVED || fell_back)
		wake_up_all(&res->wq);	/* after the held packets left */
	if (unlink && was_linked) {
		res_stop_timers(res);
		ipsec_latch_res_put(res);	/* the table's */
	}
}

static void res_work_fn(struct work_struct *work)
{
	struct ipsec_latch_res *res =
		container_of(work, struct ipsec_latch_res, work);

	res_drain(res);
	ipsec_latch_res_put(res);	/* the work's */
}

/* A BYPASS-OR-PROTECT flow's fallback time: a drain pass decides. */
static void res_fallback_timer_fn(struct timer_list *timer)
{
	struct ipsec_latch_res *res =
		timer_container_of(res, timer, fallback_timer);
	struct ipsec_latch_res_table *t = res_table(res);

	spin_lock_bh(&t->lock);
	if (res->state == IPSEC_LATCH_RES_PENDING && !t->dead)
		res_kick(res);
	spin_unlock_bh(&t->lock);
	ipsec_latch_res_put(res);	/* the timer's */
}

void ipsec_latch_res_arm_fallback(struct net *net, const struct dst_entry *dst,
				  unsigned long delay)
{
	struct ipsec_latch_res *res = ipsec_latch_res_get_by_dst(net, dst);
	struct ipsec_latch_res_table *t;

	if (!res)
		return;
	t = res_table(res);
	spin_lock_bh(&t->lock);
	if (res->state == IPSEC_LATCH_RES_PENDING && res_linked(res) &&
	    !t->dead)
		res_arm_fallback_locked(res, jiffies + delay);
	spin_unlock_bh(&t->lock);
	ipsec_latch_res_put(res);
}

/* PENDING ran out of time, or a FAILED resolution's hold is over. */
static void res_timer_fn(struct timer_list *timer)
{
	struct ipsec_latch_res *res = timer_container_of(res, timer, timer);
	struct ipsec_latch_res_table *t = res_table(res);

	spin_lock_bh(&t->lock);
	if (res->state == IPSEC_LATCH_RES_PENDING) {
		ipsec_latch_count(res->ln, IPSEC_LATCH_CTR_RES_TIMEOUT);
		res_fail_locked(res, -EHOSTUNREACH);
		res_arm_timer(res, ipsec_latch_fail_hold(res->ln));
		res_kick(res);
	} else if (res_linked(res) && !t->dead) {
		/* (Unlinked: a drain did it and is stopping this timer.) */
		res->hold_over = true;
		res_kick(res);
	}
	spin_unlock_bh(&t->lock);
	ipsec_latch_res_put(res);	/* the timer's */
}

static void res_resolve_locked(struct ipsec_latch_res *res, bool kick)
{
	res->state = IPSEC_LATCH_RES_RESOLVED;
	ipsec_latch_count(res->ln, IPSEC_LATCH_CTR_RES_RESOLVED);
	ipsec_latch_genl_res_event(res, IPSEC_LATCH_EVENT_RESOLVED);
	if (kick)
		res_kick(res);
}

/* The key of the resolution an SA (or the kernel's larval state) ends. */
static void res_key_of_state(struct ipsec_latch_res_key *key,
			     const struct xfrm_state *x)
{
	ipsec_latch_res_key_from_tmpl(key, x->props.family, &x->id.daddr,
				      &x->props.saddr, &x->id.daddr,
				      &x->props.saddr, x->id.proto,
				      x->props.mode, x->props.reqid);
}

static void res_sa_added(struct ipsec_latch_net *ln,
			 const struct xfrm_state *x, bool may_send)
{
	struct ipsec_latch_res *inline_res = NULL;
	struct ipsec_latch_res_key key;
	struct ipsec_latch_res *res;

	if (!ln || x->km.state != XFRM_STATE_VALID)
		return;
	res_key_of_state(&key, x);
	spin_lock_bh(&ln->res.lock);
	res = res_find_key(&ln->res, &key);
	if (res && res->state != IPSEC_LATCH_RES_RESOLVED) {
		res_resolve_locked(res, !may_send);
		if (may_send) {
			refcount_inc(&res->refcnt);
			inline_res = res;
		}
	}
	spin_unlock_bh(&ln->res.lock);
	/* Release now, in the key manager's context: a work item would
	 * add a scheduling delay to every first packet.
	 */
	if (inline_res) {
		res_drain(inline_res);
		ipsec_latch_res_put(inline_res);
	}
}

void ipsec_latch_res_sa_added(struct net *net, const struct xfrm_state *x,
			      bool may_send)
{
	res_sa_added(ipsec_latch_net(net), x, may_send);
}

/* The kernel's larval state for a key expired or was deleted. */
static void res_acquire_gone(struct ipsec_latch_net *ln,
			     const struct xfrm_state *x)
{
	struct ipsec_latch_res_key key;
	struct ipsec_latch_res *res;

	if (!ln)
		return;
	res_key_of_state(&key, x);
	spin_lock_bh(&ln->res.lock);
	res = res_find_key(&ln->res, &key);
	if (res && res->state == IPSEC_LATCH_RES_PENDING) {
		res_fail_locked(res, -EHOSTUNREACH);
		res_arm_timer(res, ipsec_latch_fail_hold(ln));
		res_kick(res);
	}
	spin_unlock_bh(&ln->res.lock);
}

void ipsec_latch_res_acquire_gone(struct net *net, const struct xfrm_state *x)
{
	res_acquire_gone(ipsec_latch_net(net), x);
}

int ipsec_latch_res_wait(struct ipsec_latch_res *res, long *timeo)
{
	struct ipsec_latch_res_table *t = res_table(res);
	unsigned int seen;
	long left;
	int err;

	spin_lock_bh(&t->lock);
	res->waiters++;
	seen = res->fallbacks;
	spin_unlock_bh(&t->lock);
	/* RESOLVED counts only once the work unlinked it: held packets of
	 * this caller left first.
	 */
	left = wait_event_interruptible_timeout(res->wq,
		res->state == IPSEC_LATCH_RES_FAILED ||
		(res->state == IPSEC_LATCH_RES_RESOLVED && !res_linked(res)) ||
		READ_ONCE(res->fallbacks) != seen,
		*timeo);
	ipsec_latch_debug_teardown_delay(READ_ONCE(t->dead));
	spin_lock_bh(&t->lock);
	res->waiters--;
	if (res->state == IPSEC_LATCH_RES_FAILED)
		err = res->error;
	else if (res->state == IPSEC_LATCH_RES_RESOLVED && !res_linked(res))
		err = 0;
	else if (res->fallbacks != seen)
		err = IPSEC_LATCH_RES_FELL_BACK;
	else if (left < 0)
		err = sock_intr_errno(*timeo);
	else
		err = -EAGAIN;
	spin_unlock_bh(&t->lock);
	if (left > 0)
		*timeo = left;
	return err;
}

/*
 * Netns exit or module unload: fail everything now, in this (process)
 * context, so that no timer, work item, held skb or larval dst outlives it.
 */
void ipsec_latch_res_table_exit(struct ipsec_latch_net *ln)
{
	struct ipsec_latch_res_table *t = &ln->res;
	struct ipsec_latch_res *res;
	struct sk_buff_head held;
	struct sk_buff *skb;
	int i;

	spin_lock_bh(&t->lock);
	t->dead = true;
	spin_unlock_bh(&t->lock);

	for (i = 0; i < ARRAY_SIZE(t->by_key); i++) {
		for (;;) {
			spin_lock_bh(&t->lock);
			res = hlist_empty(&t->by_key[i]) ? NULL :
			      hlist_entry(t->by_key[i].first,
					  struct ipsec_latch_res, by_key);
			if (!res) {
				spin_unlock_bh(&t->lock);
				break;
			}
			if (res->state == IPSEC_LATCH_RES_PENDING)
				res_fail_locked(res, -EHOSTUNREACH);
			__skb_queue_head_init(&held);
			res_take_queue_locked(res, &held);
			res_unlink_locked(res);
			spin_unlock_bh(&t->lock);

			wake_up_all(&res->wq);
			res_stop_timers(res);
			if (cancel_work_sync(&res->work))
				ipsec_latch_res_put(res);
			while ((skb = __skb_dequeue(&held)))
				res_drop(ln, skb, -EHOSTUNREACH,
					 IPSEC_LATCH_CTR_DROP_UNLOAD);
			ipsec_latch_res_put(res);	/* the table's */
		}
	}
	flush_workqueue(res_wq);	/* drains of unlinked resolutions */
}

#ifdef IPSEC_LATCH_SELFTEST
#include "selftest/resolve_table.c"
#endif
