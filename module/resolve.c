// SPDX-License-Identifier: GPL-2.0
/*
 * SA resolutions: per-destination waits for an outbound SA, released the
 * moment the matching SA is inserted. This file holds their lifecycle
 * (create, resolve, fail, unlink, put) and the per-netns table with its
 * four indexes (key, flow, larval dst, watching socket); held packets are
 * in resolve_queue.c, sleeping callers and timers in resolve_wait.c.
 *
 * Locking: one spinlock per netns table (BH-safe) guards the four indexes
 * and every resolution's state, queue and lists. Only packets and lookups
 * of flows that wait for an SA come here, so one lock per netns is enough.
 * Process-context steps (re-routing and sending held packets, failing
 * sockets, unlinking) run from each resolution's work item, or for a
 * release straight from the key manager's SA notification
 * (ipsec_latch_res_drain()).
 *
 * Lifetime: the table holds one reference while a resolution is linked; a
 * queued work item, an armed timer and every waiter hold one more.
 */
#include <linux/hash.h>
#include <linux/slab.h>
#include <net/dst.h>
#include <net/sock.h>

#include "ipsec_latch.h"
#include "resolve.h"
#include "resolve_internal.h"

/* Routes tracked per resolution, per flow: a flow may look up a few times. */
#define IPSEC_LATCH_RES_DSTS_PER_FLOW 4

static u32 key_bucket(const void *key, unsigned int len)
{
	return ipsec_latch_key_hash(key, len) &
	       ((1 << IPSEC_LATCH_RES_HASH_BITS) - 1);
}

/* Without the mark: an SA's mark may match resolutions of many marks. */
static u32 res_key_bucket(const struct ipsec_latch_res_key *key)
{
	return key_bucket(key, IPSEC_LATCH_RES_KEY_HASHED);
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
struct workqueue_struct *ipsec_latch_res_wq;

int ipsec_latch_res_init(void)
{
	ipsec_latch_res_wq = alloc_workqueue("ipsec_latch_res", WQ_UNBOUND, 0);
	return ipsec_latch_res_wq ? 0 : -ENOMEM;
}

void ipsec_latch_res_exit(void)
{
	destroy_workqueue(ipsec_latch_res_wq);
}

/* Queue the work item; it owns a reference while queued. */
void ipsec_latch_res_kick(struct ipsec_latch_res *res)
{
	refcount_inc(&res->refcnt);
	if (!queue_work(ipsec_latch_res_wq, &res->work))
		ipsec_latch_res_put(res);
}

static struct ipsec_latch_res *
res_find_key(struct ipsec_latch_res_table *t,
	     const struct ipsec_latch_res_key *key)
{
	struct ipsec_latch_res *res;

	hlist_for_each_entry(res, &t->by_key[res_key_bucket(key)], by_key)
		if (ipsec_latch_key_equal(&res->key, key, sizeof(*key)))
			return res;
	return NULL;
}

/* A resolution not RESOLVED yet that the SA with key @sa, mark @m ends. */
static struct ipsec_latch_res *
res_find_sa(struct ipsec_latch_res_table *t,
	    const struct ipsec_latch_res_key *sa, const struct xfrm_mark *m)
{
	struct ipsec_latch_res *res;

	hlist_for_each_entry(res, &t->by_key[res_key_bucket(sa)], by_key)
		if (res->state != IPSEC_LATCH_RES_RESOLVED &&
		    ipsec_latch_sa_matches(&res->key, sa, m->v, m->m))
			return res;
	return NULL;
}

static struct ipsec_latch_res_flow *
res_find_flow(struct ipsec_latch_res_table *t,
	      const struct ipsec_latch_flow_key *key)
{
	struct ipsec_latch_res_flow *f;

	/* Under the table lock, or RCU (ipsec_latch_res_flow_waits_rcu()). */
	hlist_for_each_entry_rcu(f, &t->by_flow[key_bucket(key, sizeof(*key))],
				 by_flow, lockdep_is_held(&t->lock))
		if (ipsec_latch_key_equal(&f->key, key, sizeof(*key)))
			return f;
	return NULL;
}

struct ipsec_latch_res *
ipsec_latch_res_find_flow_res(struct ipsec_latch_res_table *t,
			      const struct ipsec_latch_flow_key *key)
{
	struct ipsec_latch_res_flow *f = res_find_flow(t, key);

	return f && !t->dead ? f->res : NULL;
}

/*
 * Without the lock, for the forwarding probe: the flow index is RCU-safe
 * (entries freed after a grace period, resolutions too), and a flow's
 * resolution and state are read once.
 */
bool ipsec_latch_res_flow_waits_rcu(struct net *net,
				    const struct ipsec_latch_flow_key *flow)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(net);
	struct ipsec_latch_res_flow *f;
	struct ipsec_latch_res *res;
	bool waits = false;

	if (!ln || !READ_ONCE(ln->res.count) || READ_ONCE(ln->res.dead))
		return false;
	rcu_read_lock();
	f = res_find_flow(&ln->res, flow);
	if (f) {
		res = READ_ONCE(f->res);
		waits = READ_ONCE(res->state) != IPSEC_LATCH_RES_RESOLVED;
	}
	rcu_read_unlock();
	return waits;
}

struct ipsec_latch_res_dst *
ipsec_latch_res_find_dst(struct ipsec_latch_res_table *t,
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

/* FAILED: sleepers wake, watched sockets get POLLERR and SO_ERROR. */
void ipsec_latch_res_fail_locked(struct ipsec_latch_res *res, int error)
{
	struct ipsec_latch_res_sock *rs;

	res->error = error;
	/* The error before the state: some read them without the lock. */
	smp_store_release(&res->state, IPSEC_LATCH_RES_FAILED);
	ipsec_latch_count(res->ln, IPSEC_LATCH_CTR_RES_FAILED);
	ipsec_latch_genl_res_event(res, IPSEC_LATCH_EVENT_FAILED);
	hlist_for_each_entry(rs, &res->socks, in_res) {
		rs->sk->sk_err = -error;
		sk_error_report(rs->sk);
	}
	wake_up_all(&res->wq);
}

/* Resolutions of all netns: max_resolutions_total holds module-wide. */
static atomic_t res_total = ATOMIC_INIT(0);

int ipsec_latch_res_count_all(void)
{
	return atomic_read(&res_total);
}

static struct ipsec_latch_res *res_create(struct ipsec_latch_net *ln,
					  const struct ipsec_latch_res_key *key,
					  bool failed)
{
	struct ipsec_latch_res_table *t = &ln->res;
	struct ipsec_latch_res *res;

	if (t->count >= READ_ONCE(ipsec_latch_max_resolutions) ||
	    atomic_read(&res_total) >=
	    READ_ONCE(ipsec_latch_max_resolutions_total)) {
		ipsec_latch_count(ln, IPSEC_LATCH_CTR_RES_TABLE_FULL);
		return NULL;
	}
	res = kzalloc(sizeof(*res), GFP_ATOMIC | __GFP_ACCOUNT);
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
	timer_setup(&res->timer, ipsec_latch_res_timer_fn, 0);
	timer_setup(&res->fallback_timer, ipsec_latch_res_fallback_timer_fn, 0);
	INIT_WORK(&res->work, ipsec_latch_res_work_fn);
	hlist_add_head(&res->by_key, &t->by_key[res_key_bucket(key)]);
	t->count++;
	atomic_inc(&res_total);
	ipsec_latch_count(ln, IPSEC_LATCH_CTR_RES_CREATED);

	if (failed) {
		/* No key manager, or the kernel holds an error state. */
		ipsec_latch_res_fail_locked(res, -EHOSTUNREACH);
		ipsec_latch_res_arm_timer(res, ipsec_latch_fail_hold(ln));
	} else {
		res->state = IPSEC_LATCH_RES_PENDING;
		ipsec_latch_res_arm_timer(res, msecs_to_jiffies(
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
			WRITE_ONCE(f->res, res);
		}
		goto out;
	}
	if (res->nr_flows >= READ_ONCE(ipsec_latch_max_resolution_flows)) {
		/* Its packets meet stock behaviour. */
		ipsec_latch_count(ln, IPSEC_LATCH_CTR_RES_FLOWS_FULL);
		goto out;
	}
	f = kzalloc(sizeof(*f), GFP_ATOMIC | __GFP_ACCOUNT);
	if (!f)
		goto out;
	f->key = *flow;
	f->res = res;
	hlist_add_head_rcu(&f->by_flow,
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
			       struct dst_entry *dst,
			       ipsec_latch_output_fn orig_output,
			       bool one_packet)
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
	if (!t->dead && ipsec_latch_res_find_dst(t, dst)) {
		/* Tracked already: this reference is one too many. */
		dst_release(dst);
		adopted = true;
		goto out;
	}
	f = res_find_flow(t, flow);
	if (t->dead || !f || f->res->state == IPSEC_LATCH_RES_RESOLVED)
		goto out;
	if (f->res->nr_dsts >= IPSEC_LATCH_RES_DSTS_PER_FLOW *
			       READ_ONCE(ipsec_latch_max_resolution_flows)) {
		ipsec_latch_count(ln, IPSEC_LATCH_CTR_RES_FLOWS_FULL);
		goto out;
	}
	rd = kzalloc(sizeof(*rd), GFP_ATOMIC | __GFP_ACCOUNT);
	if (!rd)
		goto out;
	rd->dst = dst;		/* the caller's reference */
	rd->res = f->res;
	rd->orig_output = orig_output;
	rd->one_packet = one_packet;
	if (dst->flags & DST_XFRM_QUEUE)
		f->res->queue_dst_families |= BIT(dst->ops->family == AF_INET6);
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
	ipsec_latch_res_records_apply();	/* the lookup's that made @dst */
	spin_lock_bh(&ln->res.lock);
	rd = ipsec_latch_res_find_dst(&ln->res, dst);
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

	if (!ln || !READ_ONCE(ln->res.nr_socks))
		return NULL;	/* no socket watched: the common case, no lock */
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
	struct ipsec_latch_res_table *t = ipsec_latch_res_table_of(res);
	struct ipsec_latch_res_sock *rs;
	int err = 0;

	rs = kzalloc(sizeof(*rs), GFP_KERNEL_ACCOUNT);
	if (!rs)
		return -ENOMEM;
	spin_lock_bh(&t->lock);
	if (!ipsec_latch_res_linked(res) || res_find_sock(t, sk)) {
		kfree(rs);
		goto out;	/* ended meanwhile, or already watched */
	}
	sock_hold(sk);
	rs->sk = sk;
	rs->res = res;
	hlist_add_head(&rs->by_sock, &t->by_sock[sock_bucket(sk)]);
	hlist_add_head(&rs->in_res, &res->socks);
	WRITE_ONCE(t->nr_socks, t->nr_socks + 1);
out:
	spin_unlock_bh(&t->lock);
	return err;
}

/* Give an adopted dst its output back, and our reference. */
static void res_dst_free(struct ipsec_latch_res_dst *rd)
{
	WRITE_ONCE(rd->dst->output, rd->orig_output);
	hlist_del(&rd->by_dst);
	dst_release(rd->dst);
	kfree(rd);
}

void ipsec_latch_res_forget_dst_locked(struct ipsec_latch_res_dst *rd)
{
	hlist_del(&rd->in_res);
	rd->res->nr_dsts--;
	res_dst_free(rd);
}

/* The adopted dsts on @dev, which is going away: it must not stay held. */
void ipsec_latch_res_forget_dev_dsts_locked(struct ipsec_latch_res *res,
					    const struct net_device *dev)
{
	struct ipsec_latch_res_dst *rd;
	struct hlist_node *tmp;

	hlist_for_each_entry_safe(rd, tmp, &res->dsts, in_res)
		if (rd->dst->dev == dev)
			ipsec_latch_res_forget_dst_locked(rd);
}

/* Take the resolution out of every index and give the dsts back. */
void ipsec_latch_res_unlink_locked(struct ipsec_latch_res *res)
{
	struct ipsec_latch_res_table *t = ipsec_latch_res_table_of(res);
	struct ipsec_latch_res_flow *f;
	struct ipsec_latch_res_sock *rs;
	struct ipsec_latch_res_dst *rd;
	struct hlist_node *tmp;

	hlist_for_each_entry_safe(f, tmp, &res->flows, in_res) {
		hlist_del_rcu(&f->by_flow);
		kfree_rcu(f, rcu);
	}
	INIT_HLIST_HEAD(&res->flows);
	hlist_for_each_entry_safe(rd, tmp, &res->dsts, in_res)
		res_dst_free(rd);
	INIT_HLIST_HEAD(&res->dsts);
	hlist_for_each_entry_safe(rs, tmp, &res->socks, in_res) {
		/* RESOLVED: a non-blocking connect() is complete now. */
		if (res->state == IPSEC_LATCH_RES_RESOLVED)
			rs->sk->sk_write_space(rs->sk);
		hlist_del(&rs->by_sock);
		WRITE_ONCE(t->nr_socks, t->nr_socks - 1);
		sock_put(rs->sk);
		kfree(rs);
	}
	INIT_HLIST_HEAD(&res->socks);
	hlist_del_init(&res->by_key);
	t->count--;
	atomic_dec(&res_total);
}

void ipsec_latch_res_resolve_locked(struct ipsec_latch_res *res, bool kick)
{
	WRITE_ONCE(res->state, IPSEC_LATCH_RES_RESOLVED);
	ipsec_latch_count(res->ln, IPSEC_LATCH_CTR_RES_RESOLVED);
	ipsec_latch_genl_res_event(res, IPSEC_LATCH_EVENT_RESOLVED);
	if (kick)
		ipsec_latch_res_kick(res);
}

/* The key of the resolution an SA (or the kernel's larval state) ends. */
static void res_key_of_state(struct ipsec_latch_res_key *key,
			     const struct xfrm_state *x)
{
	ipsec_latch_res_key_from_tmpl(key, x->props.family, &x->id.daddr,
				      &x->props.saddr, &x->id.daddr,
				      &x->props.saddr, x->id.proto,
				      x->props.mode, x->props.reqid, x->if_id,
				      x->mark.v & x->mark.m);
}

/*
 * Every resolution the SA ends: one per policy mark it matches (usually
 * one). Released now, in the key manager's context: a work item would
 * add a scheduling delay to every first packet. Only the first
 * release_inline packets, though: the worker sends the rest, so that a
 * busy key manager's insert call does not encrypt thousands of them.
 */
static void res_sa_added(struct ipsec_latch_net *ln,
			 const struct xfrm_state *x, bool may_send)
{
	struct ipsec_latch_res_key key;
	struct ipsec_latch_res *res;

	if (!ln || x->km.state != XFRM_STATE_VALID)
		return;
	ipsec_latch_res_records_apply();	/* flows that wait for @x */
	res_key_of_state(&key, x);
	for (;;) {
		spin_lock_bh(&ln->res.lock);
		while ((res = res_find_sa(&ln->res, &key, &x->mark))) {
			/* skipped now */
			ipsec_latch_res_resolve_locked(res, !may_send);
			if (may_send) {
				refcount_inc(&res->refcnt);
				break;
			}
		}
		spin_unlock_bh(&ln->res.lock);
		if (!res)
			break;
		ipsec_latch_res_drain(res,
				      READ_ONCE(ipsec_latch_release_inline));
		ipsec_latch_res_put(res);
	}
}

void ipsec_latch_res_sa_added(struct net *net, const struct xfrm_state *x,
			      bool may_send)
{
	res_sa_added(ipsec_latch_net(net), x, may_send);
}

/*
 * An outbound policy was added or replaced: a waiting flow's route may be
 * complete now without the SA its resolution waits for. libreswan does
 * that: its on-demand policy's template has reqid 0, so the ACQUIRE's key
 * names reqid 0, and then it installs SAs with their own reqid and
 * replaces the policy. Each PENDING resolution the policy's templates
 * could serve (protocol, mode, family, destination; any reqid) re-routes
 * its held packets in its worker (ipsec_latch_res_drain()); one whose
 * packets all leave under an SA is resolved. Not those of an xfrm
 * interface: their packets have their real route, and an SA ends them.
 * Under RCU (km_policy_notify()); at most max_resolutions entries walked.
 */
static bool res_policy_may_serve(const struct xfrm_policy *xp,
				 const struct ipsec_latch_res_key *key)
{
	int i;

	if (key->if_id || xp->if_id)
		return false;
	for (i = 0; i < xp->xfrm_nr; i++) {
		const struct xfrm_tmpl *tmpl = &xp->xfrm_vec[i];

		if (tmpl->id.proto == key->proto && tmpl->mode == key->mode &&
		    tmpl->encap_family == key->family &&
		    (ipsec_latch_addr_any(&tmpl->id.daddr, key->family) ||
		     xfrm_addr_equal(&tmpl->id.daddr, &key->daddr,
				     key->family)))
			return true;
	}
	return false;
}

void ipsec_latch_res_policy_added(struct net *net,
				  const struct xfrm_policy *xp)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(net);
	struct ipsec_latch_res_table *t;
	struct ipsec_latch_res *res;
	int i;

	if (!ln || !xp->xfrm_nr)
		return;
	t = &ln->res;
	spin_lock_bh(&t->lock);
	for (i = 0; i < ARRAY_SIZE(t->by_key) && t->count; i++) {
		hlist_for_each_entry(res, &t->by_key[i], by_key) {
			if (res->state != IPSEC_LATCH_RES_PENDING ||
			    !res_policy_may_serve(xp, &res->key))
				continue;
			res->retry = true;
			ipsec_latch_res_kick(res);
		}
	}
	spin_unlock_bh(&t->lock);
}

/* The kernel's larval state for a key expired or was deleted. */
static void res_acquire_gone(struct ipsec_latch_net *ln,
			     const struct xfrm_state *x)
{
	struct ipsec_latch_res_key key;
	struct ipsec_latch_res *res;

	if (!ln)
		return;
	ipsec_latch_res_records_apply();
	res_key_of_state(&key, x);
	spin_lock_bh(&ln->res.lock);
	res = res_find_key(&ln->res, &key);
	if (res && res->state == IPSEC_LATCH_RES_PENDING) {
		ipsec_latch_res_fail_locked(res, -EHOSTUNREACH);
		ipsec_latch_res_arm_timer(res, ipsec_latch_fail_hold(ln));
		ipsec_latch_res_kick(res);
	}
	spin_unlock_bh(&ln->res.lock);
}

void ipsec_latch_res_acquire_gone(struct net *net, const struct xfrm_state *x)
{
	res_acquire_gone(ipsec_latch_net(net), x);
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
			/* Pending, or released but with packets still to
			 * send (the worker's): its senders are told, also
			 * those whose datagrams already left (an error at
			 * unload is the lesser harm than a lost datagram
			 * reported sent).
			 */
			if (res->state == IPSEC_LATCH_RES_PENDING ||
			    (res->state == IPSEC_LATCH_RES_RESOLVED &&
			     !skb_queue_empty(&res->queue)))
				ipsec_latch_res_fail_locked(res, -EHOSTUNREACH);
			__skb_queue_head_init(&held);
			ipsec_latch_res_take_queue_locked(res, &held);
			ipsec_latch_res_unlink_locked(res);
			spin_unlock_bh(&t->lock);

			wake_up_all(&res->wq);
			ipsec_latch_res_stop_timers(res);
			if (cancel_work_sync(&res->work))
				ipsec_latch_res_put(res);
			while ((skb = __skb_dequeue(&held))) {
				struct net_device *dev = skb->dev;

				ipsec_latch_res_drop(ln, skb, -EHOSTUNREACH,
						     IPSEC_LATCH_CTR_DROP_UNLOAD);
				dev_put(dev);	/* the queue's */
			}
			ipsec_latch_res_put(res);	/* the table's */
		}
	}
	flush_workqueue(ipsec_latch_res_wq);	/* drains of unlinked resolutions */
}

#ifdef IPSEC_LATCH_SELFTEST
#include "selftest/resolve_table.c"
#endif
