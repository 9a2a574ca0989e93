// SPDX-License-Identifier: GPL-2.0
/*
 * The latch table: one latch (clone) per 5-tuple, made by the first packet
 * of a flow that falls under a template (or, in transparent mode, any TCP
 * or connected-UDP flow whose first packet is protected); its lookup,
 * insertion and removal, and the module's latch cache. What a packet does
 * to its latch is in latch_check.c, the GC in latch_gc.c.
 *
 * A flow a remote host starts gets a latch only from a packet a socket
 * takes (hook_netfilter.c), and within its peer's share (latch_peer.c).
 *
 * The table is an rhashtable (lookups RCU, flat from a few to 100,000s
 * of latches); its lock orders insertion and removal so that one flow gets
 * one latch; each latch's own lock orders its state. Latches come from a
 * cache of their own and point to a shared binding (peer and QoP).
 */
#include <linux/rhashtable.h>

#include "ipsec_latch.h"
#include "latch_internal.h"

static struct kmem_cache *latch_cache __read_mostly;
/* Latches of all netns: max_latches_total holds module-wide. */
static atomic_t latches_total = ATOMIC_INIT(0);

static const struct rhashtable_params latch_params = {
	.head_offset = offsetof(struct ipsec_latch, node),
	.key_offset = offsetof(struct ipsec_latch, tuple),
	.key_len = sizeof(struct ipsec_latch_tuple),
	.automatic_shrinking = true,
};

/* Under RCU. */
struct ipsec_latch *ipsec_latch_find(struct ipsec_latch_table *t,
				     const struct ipsec_latch_tuple *tuple)
{
	return rhashtable_lookup(&t->latches, tuple, latch_params);
}

bool ipsec_latch_active(const struct ipsec_latch_net *ln)
{
	const struct ipsec_latch_table *t = &ln->latch;

	return READ_ONCE(t->ready) &&
	       (READ_ONCE(t->transparent) != IPSEC_LATCH_TRANSPARENT_OFF ||
		atomic_read(&t->count) || !list_empty(&t->tmpls) ||
		READ_ONCE(t->req_count));
}

unsigned int ipsec_latch_obj_size(void)
{
	return kmem_cache_size(latch_cache);
}

void ipsec_latch_set_transparent(struct ipsec_latch_net *ln, u8 mode,
				 u32 fallback_ms)
{
	WRITE_ONCE(ln->latch.transparent_fallback_ms, fallback_ms);
	WRITE_ONCE(ln->latch.transparent, mode);
}

/*
 * A new flow refused, its packet dropped: count it, tell (rarely). Not
 * for a flow its socket asked to latch: its owner gets the error, and an
 * unprivileged one must not use up the events' rate limit.
 */
static void latch_refuse(struct ipsec_latch_net *ln,
			 const struct ipsec_latch_want *want,
			 const struct ipsec_latch_pkt *pkt,
			 enum ipsec_latch_counter why)
{
	struct ipsec_latch_tmpl *tmpl = want->tmpl;
	struct ipsec_latch l = { .tuple = pkt->tuple };

	ipsec_latch_count(ln, why);
	if (tmpl)
		atomic64_inc(&tmpl->refused);
	if (!want->requested && __ratelimit(&ln->latch.refused_rs)) {
		l.state = IPSEC_LATCH_STATE_LARVAL;
		l.action = want->action;
		l.tmpl_id = tmpl ? tmpl->id : 0;
		l.created = l.last_seen = ipsec_latch_now32();
		ipsec_latch_genl_latch_event(ln, &l, IPSEC_LATCH_EVENT_REFUSED);
		ipsec_latch_log_event(ln, &l, IPSEC_LATCH_EVENT_REFUSED,
				      why == IPSEC_LATCH_CTR_DROP_LATCH_FULL ?
				      "latch table or this peer's share full" :
				      "clear, its template wants protection");
	}
}

static void latch_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(latch_cache, container_of(head, struct ipsec_latch,
						  rcu));
}

/* Table lock held. Lookups under RCU may still see it: free after them. */
void ipsec_latch_unlink_locked(struct ipsec_latch_net *ln,
			       struct ipsec_latch *l)
{
	struct ipsec_latch_binding *bind;
	struct xfrm_policy *spd[2];
	bool charged;

	if (rhashtable_remove_fast(&ln->latch.latches, &l->node, latch_params))
		return;	/* someone else unlinked it */
	/* Packets that found it under RCU see "unlinked" under its lock. */
	spin_lock(&l->lock);
	l->unlinked = true;
	memcpy(spd, l->bypass_spd, sizeof(spd));
	memset(l->bypass_spd, 0, sizeof(l->bypass_spd));
	bind = rcu_dereference_protected(l->bind, lockdep_is_held(&l->lock));
	RCU_INIT_POINTER(l->bind, NULL);
	charged = l->peer_charged;
	ipsec_latch_gc_disarm(&ln->latch, l);
	spin_unlock(&l->lock);
	if (charged)
		ipsec_latch_peer_uncharge(&ln->latch, &l->tuple);
	ipsec_latch_bypass_spd_del(spd);
	atomic_dec(&ln->latch.count);
	atomic_dec(&latches_total);
	ipsec_latch_count(ln, IPSEC_LATCH_CTR_LATCH_FREED);
	ipsec_latch_binding_put(ln, bind);
	call_rcu(&l->rcu, latch_free_rcu);
}

/* Is @pkt of its socket's own flow (not a datagram sent elsewhere)? */
static bool latch_pkt_of_sk_flow(struct ipsec_latch_net *ln,
				 const struct ipsec_latch_pkt *pkt)
{
	struct ipsec_latch_tuple tu;

	return net_eq(sock_net(pkt->sk), ipsec_latch_net_of(ln)) &&
	       ipsec_latch_sk_tuple(pkt->sk, &tu) &&
	       !memcmp(&tu, &pkt->tuple, sizeof(tu));
}

/*
 * Should this new flow get a latch, and from what? Its socket's request
 * first, then a template, then transparent mode. Returns false when the
 * flow is not latched (@want->tmpl may still be set for counting).
 */
bool ipsec_latch_wanted(struct ipsec_latch_net *ln,
			const struct ipsec_latch_pkt *pkt,
			struct ipsec_latch_want *want)
{
	struct ipsec_latch_table *t = &ln->latch;
	u8 transparent;

	memset(want, 0, sizeof(*want));
	/*
	 * A socket's request latches its one flow: a TCP connection, or a
	 * connected UDP socket's; not a datagram it sends elsewhere, nor a
	 * tunnel's outer packet that still carries it. The request first:
	 * with none in the netns it costs one read, the tuple test more.
	 * (A request whose test fails leaves @want's action to be set below.)
	 */
	if (pkt->out && pkt->sk &&
	    ipsec_latch_request_get(t, pkt->sk, &want->action,
				    &want->fallback_ms) &&
	    latch_pkt_of_sk_flow(ln, pkt)) {
		want->requested = true;
		return true;
	}
	want->tmpl = ipsec_latch_tmpl_match(ln, &pkt->tuple);
	if (want->tmpl) {
		want->action = want->tmpl->action;
		want->fallback_ms = want->tmpl->fallback_ms;
		return true;
	}
	/* Transparent mode: connected flows that start protected, and with
	 * BYPASS_OR_PROTECT those whose first packet waits for an SA. For
	 * UDP, only a connected socket's own flow: not a sendto() elsewhere.
	 */
	transparent = READ_ONCE(t->transparent);
	if (transparent == IPSEC_LATCH_TRANSPARENT_OFF ||
	    (pkt->tuple.proto == IPPROTO_UDP &&
	     !(pkt->out && pkt->connected_sk && latch_pkt_of_sk_flow(ln, pkt))))
		return false;
	want->action = IPSEC_LATCH_ACTION_PROTECT;
	want->fallback_ms = READ_ONCE(t->transparent_fallback_ms);
	if (pkt->carrier == IPSEC_LATCH_CARRIER_SA)
		return true;
	if (pkt->carrier == IPSEC_LATCH_CARRIER_HELD &&
	    transparent == IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT) {
		want->action = IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT;
		return true;
	}
	return false;
}

/* A fresh latch for @pkt's flow, not yet in the table. */
static struct ipsec_latch *latch_alloc(const struct ipsec_latch_pkt *pkt,
				       const struct ipsec_latch_want *want)
{
	u8 action = want->action;
	struct ipsec_latch *l = kmem_cache_zalloc(latch_cache,
						   GFP_ATOMIC | __GFP_NOWARN);

	if (!l)
		return NULL;
	spin_lock_init(&l->lock);
	l->tuple = pkt->tuple;
	l->tmpl_id = want->tmpl ? want->tmpl->id : 0;
	l->requested = want->requested;
	l->created = l->last_seen = ipsec_latch_now32();
	l->sock_checked = l->created;
	l->state = IPSEC_LATCH_STATE_LARVAL;
	l->action = IPSEC_LATCH_ACTION_PROTECT;
	l->udp_connected = pkt->tuple.proto == IPPROTO_UDP && pkt->out &&
			   pkt->connected_sk;
	l->ifindex = ipsec_latch_pkt_ifindex(pkt);
	INIT_LIST_HEAD(&l->gc_node);
	if (action == IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT &&
	    pkt->carrier == IPSEC_LATCH_CARRIER_HELD) {
		/* Undecided until the SA comes, fails, or is too late. */
		l->action = IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT;
		l->decision = IPSEC_LATCH_DECISION_PENDING;
		l->fallback_at = l->created +
				 msecs_to_jiffies(want->fallback_ms);
	} else if (action == IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT &&
		   pkt->carrier == IPSEC_LATCH_CARRIER_CLEAR) {
		/*
		 * Clear for life, already when inserted: a packet of the flow
		 * on another CPU must not find it PROTECT before
		 * ipsec_latch_decide_bypass() adds the SPD entries.
		 */
		l->action = IPSEC_LATCH_ACTION_BYPASS;
		l->state = IPSEC_LATCH_STATE_ESTABLISHED;
		l->decision = pkt->out ? IPSEC_LATCH_DECISION_CLEAR_OUT :
					 IPSEC_LATCH_DECISION_CLEAR_IN;
	}
	return l;
}

/*
 * A new flow. Returns the verdict; *@lp is set when a latch exists (made
 * now, or by a packet of the same flow that won the race) and the caller
 * must run the packet through it.
 */
bool ipsec_latch_new_flow(struct ipsec_latch_net *ln,
			  const struct ipsec_latch_pkt *pkt,
			  struct ipsec_latch **lp)
{
	struct ipsec_latch_table *t = &ln->latch;
	struct ipsec_latch_want want;
	struct ipsec_latch_tmpl *tmpl;
	struct ipsec_latch *l, *old;
	int err;

	*lp = NULL;
	if (!ipsec_latch_wanted(ln, pkt, &want))
		return true;
	tmpl = want.tmpl;
	if (pkt->carrier == IPSEC_LATCH_CARRIER_CLEAR &&
	    want.action == IPSEC_LATCH_ACTION_PROTECT) {
		latch_refuse(ln, &want, pkt, pkt->out ?
			     IPSEC_LATCH_CTR_DROP_LATCH_CLEAR_OUT :
			     IPSEC_LATCH_CTR_DROP_LATCH_CLEAR_IN);
		return false;
	}
	/* A reset starts nothing: the stack sends them for forged segments. */
	if (pkt->rst)
		return true;
	/* A required inbound policy keeps its meaning: the kernel drops the
	 * clear packet, and the flow can only be protected.
	 */
	if (pkt->carrier == IPSEC_LATCH_CARRIER_CLEAR && !pkt->out &&
	    !ipsec_latch_spd_admits_clear(pkt->skb)) {
		ipsec_latch_count(ln, IPSEC_LATCH_CTR_SPD_REFUSED_CLEAR);
		return true;
	}
	/*
	 * Only what the transport takes makes state: not a segment of no
	 * connection (a forged ACK), not a datagram to a closed port. The
	 * stack answers those as it would without us. (The self-tests' own
	 * packets have no device.)
	 */
	if (!pkt->out && pkt->indev && !ipsec_latch_pkt_has_socket(pkt)) {
		ipsec_latch_count(ln, IPSEC_LATCH_CTR_LATCH_NO_SOCKET);
		return true;
	}

	l = latch_alloc(pkt, &want);
	if (!l)
		goto refuse;
	spin_lock_bh(&t->lock);
	if (t->dead ||
	    atomic_read(&t->count) >= READ_ONCE(ipsec_latch_max_latches) ||
	    atomic_read(&latches_total) >=
	    READ_ONCE(ipsec_latch_max_latches_total)) {
		spin_unlock_bh(&t->lock);
		kmem_cache_free(latch_cache, l);
		goto refuse;
	}
	if (!pkt->out) {
		err = ipsec_latch_peer_charge(t, &l->tuple);
		if (err) {
			spin_unlock_bh(&t->lock);
			kmem_cache_free(latch_cache, l);
			if (err != -ENOSPC)
				goto refuse;
			ipsec_latch_count(ln, IPSEC_LATCH_CTR_LATCH_PEER_FULL);
			latch_refuse(ln, &want, pkt,
				     IPSEC_LATCH_CTR_DROP_LATCH_FULL);
			return false;
		}
		l->peer_charged = true;
	}
	old = rhashtable_lookup_get_insert_fast(&t->latches, &l->node,
						latch_params);
	if (old) {
		if (l->peer_charged)
			ipsec_latch_peer_uncharge(t, &l->tuple);
		spin_unlock_bh(&t->lock);
		kmem_cache_free(latch_cache, l);
		if (IS_ERR(old))
			goto refuse;
		*lp = old;	/* another packet of this flow made it first */
		return true;
	}
	if (atomic_inc_return(&t->count) == 1)
		ipsec_latch_gc_restart(t);
	atomic_inc(&latches_total);
	/* Its first visit: it is not unlinked before the lock is dropped. */
	ipsec_latch_gc_arm(t, l, l->created + IPSEC_LATCH_GC_PERIOD);
	/* Under the lock: once the table is dead, no new GC run is queued. */
	queue_delayed_work(system_power_efficient_wq, &t->gc,
			   IPSEC_LATCH_GC_PERIOD);
	spin_unlock_bh(&t->lock);

	ipsec_latch_count(ln, IPSEC_LATCH_CTR_LATCH_CREATED);
	if (tmpl)
		atomic64_inc(&tmpl->flows);
	if (pkt->carrier == IPSEC_LATCH_CARRIER_CLEAR) {
		/* BYPASS-OR-PROTECT, first packet clear: clear for life. */
		spin_lock_bh(&l->lock);
		ipsec_latch_decide_bypass(ln, l, pkt->out ?
					  IPSEC_LATCH_DECISION_CLEAR_OUT :
					  IPSEC_LATCH_DECISION_CLEAR_IN);
		spin_unlock_bh(&l->lock);
	} else if (l->decision == IPSEC_LATCH_DECISION_PENDING && pkt->skb) {
		ipsec_latch_res_arm_fallback(ipsec_latch_net_of(ln),
					     skb_dst(pkt->skb),
					     msecs_to_jiffies(want.fallback_ms));
	}
	*lp = l;
	return true;

refuse:
	ipsec_latch_count(ln, IPSEC_LATCH_CTR_LATCH_TABLE_FULL);
	latch_refuse(ln, &want, pkt, IPSEC_LATCH_CTR_DROP_LATCH_FULL);
	return false;	/* fail closed, never open */
}

int ipsec_latch_table_init(struct ipsec_latch_net *ln)
{
	struct ipsec_latch_table *t = &ln->latch;
	int i, err;

	spin_lock_init(&t->lock);
	atomic_set(&t->count, 0);
	ipsec_latch_gc_init(t);
	ratelimit_state_init(&t->refused_rs, HZ, 10);
	ratelimit_set_flags(&t->refused_rs, RATELIMIT_MSG_ON_RELEASE);
	spin_lock_init(&t->bind_lock);
	for (i = 0; i < ARRAY_SIZE(t->bindings); i++)
		INIT_HLIST_HEAD(&t->bindings[i]);
	mutex_init(&t->tmpl_mutex);
	INIT_LIST_HEAD(&t->tmpls);
	spin_lock_init(&t->id_lock);
	for (i = 0; i < ARRAY_SIZE(t->ids); i++)
		INIT_HLIST_HEAD(&t->ids[i]);
	err = rhashtable_init(&t->latches, &latch_params);
	if (err)
		return err;
	err = ipsec_latch_peer_table_init(t);
	if (err)
		goto err_latches;
	err = ipsec_latch_request_init(t);
	if (err)
		goto err_peers;
	WRITE_ONCE(t->ready, true);
	return 0;

err_peers:
	ipsec_latch_peer_table_exit(t);
err_latches:
	rhashtable_destroy(&t->latches);
	return err;
}

static void latch_free_at_exit(void *ptr, void *arg)
{
	struct ipsec_latch *l = ptr;

	/* The table is going: no reader is left. */
	ipsec_latch_binding_put(arg, rcu_dereference_protected(l->bind, 1));
	ipsec_latch_bypass_spd_del(l->bypass_spd);
	atomic_dec(&latches_total);
	kmem_cache_free(latch_cache, l);
}

/* The packet hooks of this netns are gone already: free everything. */
void ipsec_latch_table_exit(struct ipsec_latch_net *ln)
{
	struct ipsec_latch_table *t = &ln->latch;

	if (!t->ready)
		return;
	spin_lock_bh(&t->lock);
	t->dead = true;
	WRITE_ONCE(t->ready, false);
	spin_unlock_bh(&t->lock);
	spin_lock_bh(&t->req_lock);	/* no request is added from now on */
	spin_unlock_bh(&t->req_lock);
	cancel_delayed_work_sync(&t->gc);
	ipsec_latch_request_exit(t);
	rhashtable_free_and_destroy(&t->latches, latch_free_at_exit, ln);
	ipsec_latch_peer_table_exit(t);
	ipsec_latch_tmpl_flush(ln);
	ipsec_latch_identity_flush(ln);
}

int __init ipsec_latch_cache_init(void)
{
	/* Charged to the sender's memory cgroup when made in its context. */
	latch_cache = KMEM_CACHE(ipsec_latch, SLAB_ACCOUNT);
	return latch_cache ? 0 : -ENOMEM;
}

/* After rcu_barrier(): no latch is waiting for its RCU callback. */
void ipsec_latch_cache_exit(void)
{
	kmem_cache_destroy(latch_cache);
}

#ifdef IPSEC_LATCH_SELFTEST
#include "selftest/latch_table.c"
#endif
