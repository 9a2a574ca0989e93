// SPDX-License-Identifier: GPL-2.0
/*
 * The latches (clones): one per 5-tuple, made by the first packet of a
 * flow that falls under a template (or, in transparent mode, any TCP or
 * connected-UDP flow whose first packet is protected), and the state
 * machine every later packet of the flow goes through:
 *
 *   LARVAL --first protected packet--> ESTABLISHED <--similar SA-- BROKEN
 *   ESTABLISHED --clear or dissimilar packet (dropped)--> BROKEN
 *   any --FIN both ways, RST, socket gone, idle--> CLOSED --hold--> freed
 *
 * BYPASS-OR-PROTECT flows are decided by their first packet: protected
 * makes a PROTECT latch as above; clear (and admitted by the SPD) makes a
 * BYPASS latch with its own BYPASS SPD entries; one that waits for an SA
 * stays LARVAL (decision PENDING) until the SA comes, or falls back to
 * BYPASS when the SA fails or its fallback time comes (the resolution
 * code asks ipsec_latch_latch_held() about each held packet).
 *
 * A CLOSED latch still enforces its binding on stray packets of the old
 * flow until it is freed; a new SYN on the same 5-tuple replaces it.
 * The table is an rhashtable (lookups RCU, flat from a few to 100,000s
 * of latches); its lock orders insertion and removal so that one flow gets
 * one latch; each latch's own lock orders its state. Latches come from a
 * cache of their own and point to a shared binding (peer and QoP).
 */
#include <linux/rhashtable.h>
#include <net/tcp.h>
#include <net/udp.h>

#include "compat.h"
#include "ipsec_latch.h"

#define IPSEC_LATCH_GC_PERIOD HZ

static struct kmem_cache *latch_cache __read_mostly;

static const struct rhashtable_params latch_params = {
	.head_offset = offsetof(struct ipsec_latch, node),
	.key_offset = offsetof(struct ipsec_latch, tuple),
	.key_len = sizeof(struct ipsec_latch_tuple),
	.automatic_shrinking = true,
};

static u32 now32(void)
{
	return (u32)jiffies;
}

static u64 ms_since(u32 then)
{
	return jiffies_to_msecs(now32() - then);
}

/* Under RCU. */
static struct ipsec_latch *latch_find(struct ipsec_latch_table *t,
				      const struct ipsec_latch_tuple *tuple)
{
	return rhashtable_lookup(&t->latches, tuple, latch_params);
}

bool ipsec_latch_latching_active(const struct ipsec_latch_net *ln)
{
	const struct ipsec_latch_table *t = &ln->latch;

	return READ_ONCE(t->ready) &&
	       (READ_ONCE(t->transparent) != IPSEC_LATCH_TRANSPARENT_OFF ||
		atomic_read(&t->count) || !list_empty(&t->tmpls));
}

unsigned int ipsec_latch_latch_size(void)
{
	return kmem_cache_size(latch_cache);
}

void ipsec_latch_set_transparent(struct ipsec_latch_net *ln, u8 mode,
				 u32 fallback_ms)
{
	WRITE_ONCE(ln->latch.transparent_fallback_ms, fallback_ms);
	WRITE_ONCE(ln->latch.transparent, mode);
}

static void latch_event(struct ipsec_latch_net *ln, struct ipsec_latch *l,
			enum ipsec_latch_event ev)
{
	l->last_event = now32();
	ipsec_latch_genl_latch_event(ln, l, ev);
}

/*
 * Is @qop (the SA this packet uses) similar to the latch's binding? The
 * protection and peer address must match; the peer is then the same IKE
 * identity when both are annotated, else the same reqid. A derived
 * identity is upgraded once the key manager names the peer.
 */
static bool latch_similar(struct ipsec_latch_net *ln, struct ipsec_latch *l,
			  const struct ipsec_latch_qop *qop)
{
	struct ipsec_latch_binding *b = l->bind, *nb;
	int same_id;

	if (!ipsec_latch_qop_similar(&b->qop, qop))
		return false;
	if (b->id_source == IPSEC_LATCH_ID_IKE) {
		same_id = ipsec_latch_identity_cmp(ln, qop, b->peer_id);
		if (same_id >= 0)
			return same_id;
		return qop->reqid == b->qop.reqid;
	}
	if (qop->reqid != b->qop.reqid)
		return false;
	/* The key manager named the peer since: take its identity. */
	if (ipsec_latch_identity_cmp(ln, qop, "") >= 0) {
		nb = ipsec_latch_binding_get(ln, &b->qop);
		if (nb) {
			l->bind = nb;
			ipsec_latch_binding_put(ln, b);
		}
	}
	return true;
}

static void latch_close_locked(struct ipsec_latch_net *ln,
			       struct ipsec_latch *l)
{
	if (l->state == IPSEC_LATCH_STATE_CLOSED)
		return;
	l->state = IPSEC_LATCH_STATE_CLOSED;
	l->closed_at = now32();
	ipsec_latch_count(ln, IPSEC_LATCH_CTR_LATCH_CLOSED);
	latch_event(ln, l, IPSEC_LATCH_EVENT_CLOSED);
}

enum latch_tmpl_outcome { TMPL_PROTECTED, TMPL_BYPASSED, TMPL_FAILED };

/* Under RCU: count a flow's outcome on its template, if it still exists. */
static void latch_tmpl_count(struct ipsec_latch_net *ln,
			     const struct ipsec_latch *l,
			     enum latch_tmpl_outcome what)
{
	struct ipsec_latch_tmpl *t;

	if (!l->tmpl_id)
		return;
	t = ipsec_latch_tmpl_by_id(ln, l->tmpl_id);
	if (!t)
		return;
	if (what == TMPL_PROTECTED)
		atomic64_inc(&t->protected);
	else if (what == TMPL_BYPASSED)
		atomic64_inc(&t->bypassed);
	else
		atomic64_inc(&t->failed);
}

/*
 * Latch lock held, under RCU. The flow goes clear for life: BYPASS, and
 * SPD entries of its own so that no policy or SA that appears later takes
 * it over (lock order: latch, then the kernel's policy lock).
 */
static void latch_decide_bypass(struct ipsec_latch_net *ln,
				struct ipsec_latch *l,
				enum ipsec_latch_decision why)
{
	l->action = IPSEC_LATCH_ACTION_BYPASS;
	l->state = IPSEC_LATCH_STATE_ESTABLISHED;
	l->decision = why;
	if (why == IPSEC_LATCH_DECISION_IKE_FAILED ||
	    why == IPSEC_LATCH_DECISION_TIMEOUT)
		ipsec_latch_count(ln, IPSEC_LATCH_CTR_LATCH_FALLBACK);
	if (!l->unlinked) {
		if (ipsec_latch_bypass_spd_add(ipsec_latch_net_of(ln),
					       &l->tuple, l->bypass_spd))
			ipsec_latch_count(ln,
					  IPSEC_LATCH_CTR_BYPASS_SPD_FAILED);
		else
			ipsec_latch_count(ln, IPSEC_LATCH_CTR_BYPASS_SPD_ADDED);
	}
	latch_tmpl_count(ln, l, TMPL_BYPASSED);
	latch_event(ln, l, IPSEC_LATCH_EVENT_LATCHED);
}

/* A packet that breaks the binding: count it, go BROKEN, tell (rarely). */
static bool latch_break(struct ipsec_latch_net *ln, struct ipsec_latch *l,
			const struct ipsec_latch_pkt *pkt, bool clear)
{
	enum ipsec_latch_counter ctr;

	if (pkt->out) {
		l->drops_out++;
		ctr = clear ? IPSEC_LATCH_CTR_DROP_LATCH_CLEAR_OUT :
			      IPSEC_LATCH_CTR_DROP_LATCH_PEER_OUT;
	} else {
		l->drops_in++;
		ctr = clear ? IPSEC_LATCH_CTR_DROP_LATCH_CLEAR_IN :
			      IPSEC_LATCH_CTR_DROP_LATCH_PEER_IN;
	}
	ipsec_latch_count(ln, ctr);
	if (l->state == IPSEC_LATCH_STATE_ESTABLISHED) {
		l->state = IPSEC_LATCH_STATE_BROKEN;
		l->broken++;
		ipsec_latch_count(ln, IPSEC_LATCH_CTR_LATCH_BROKEN);
		latch_event(ln, l, IPSEC_LATCH_EVENT_BROKEN);
	} else if (l->state == IPSEC_LATCH_STATE_BROKEN &&
		   now32() - l->last_event > HZ) {
		latch_event(ln, l, IPSEC_LATCH_EVENT_BROKEN);
	}
	return false;
}

/* TCP teardown seen on an accepted packet. */
static void latch_track_tcp(struct ipsec_latch_net *ln, struct ipsec_latch *l,
			    const struct ipsec_latch_pkt *pkt)
{
	if (pkt->tuple.proto != IPPROTO_TCP)
		return;
	if (pkt->fin) {
		if (pkt->out)
			l->fin_out = true;
		else
			l->fin_in = true;
	}
	if (pkt->rst || (l->fin_in && l->fin_out))
		latch_close_locked(ln, l);
}

static bool latch_check_locked(struct ipsec_latch_net *ln,
			       struct ipsec_latch *l,
			       const struct ipsec_latch_pkt *pkt)
{
	struct ipsec_latch_qop qop;

	switch (pkt->carrier) {
	case IPSEC_LATCH_CARRIER_HELD:
		/* Waits for an SA; the release path checks it again. */
		return true;
	case IPSEC_LATCH_CARRIER_CLEAR:
		if (l->action == IPSEC_LATCH_ACTION_BYPASS)
			break;
		/* Undecided, and its own packet leaves clear (the policy
		 * went): that decides. A clear packet *into* it does not.
		 */
		if (l->action == IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT &&
		    pkt->out) {
			latch_decide_bypass(ln, l,
					    IPSEC_LATCH_DECISION_CLEAR_OUT);
			break;
		}
		return latch_break(ln, l, pkt, true);
	case IPSEC_LATCH_CARRIER_SA:
		if (l->action == IPSEC_LATCH_ACTION_BYPASS)
			return latch_break(ln, l, pkt, false);
		ipsec_latch_qop_of_state(&qop, pkt->x, pkt->out);
		if (!l->bind) {
			/* LARVAL, or closed before it ever bound (its SA
			 * failed, or it idled): this SA starts the flow.
			 */
			l->bind = ipsec_latch_binding_get(ln, &qop);
			if (!l->bind)
				return latch_break(ln, l, pkt, false);
			l->fin_in = l->fin_out = false;
			l->action = IPSEC_LATCH_ACTION_PROTECT;
			l->state = IPSEC_LATCH_STATE_ESTABLISHED;
			l->decision = IPSEC_LATCH_DECISION_PROTECTED;
			latch_tmpl_count(ln, l, TMPL_PROTECTED);
			latch_event(ln, l, IPSEC_LATCH_EVENT_LATCHED);
		} else if (!latch_similar(ln, l, &qop)) {
			return latch_break(ln, l, pkt, false);
		}
		if (pkt->out)
			l->spi_out = ntohl(pkt->x->id.spi);
		else
			l->spi_in = ntohl(pkt->x->id.spi);
		if (l->state == IPSEC_LATCH_STATE_BROKEN) {
			l->state = IPSEC_LATCH_STATE_ESTABLISHED;
			ipsec_latch_count(ln, IPSEC_LATCH_CTR_LATCH_RESTORED);
			latch_event(ln, l, IPSEC_LATCH_EVENT_RESTORED);
		}
		break;
	}
	if (pkt->out)
		l->packets_out++;
	else
		l->packets_in++;
	l->last_seen = now32();
	latch_track_tcp(ln, l, pkt);
	return true;
}

static void latch_refuse(struct ipsec_latch_net *ln,
			 struct ipsec_latch_tmpl *tmpl,
			 const struct ipsec_latch_pkt *pkt,
			 enum ipsec_latch_counter why)
{
	struct ipsec_latch l = { .tuple = pkt->tuple };

	ipsec_latch_count(ln, why);
	if (tmpl)
		atomic64_inc(&tmpl->refused);
	if (__ratelimit(&ln->latch.refused_rs)) {
		l.state = IPSEC_LATCH_STATE_LARVAL;
		l.action = tmpl ? tmpl->action : IPSEC_LATCH_ACTION_PROTECT;
		l.tmpl_id = tmpl ? tmpl->id : 0;
		l.created = l.last_seen = now32();
		ipsec_latch_genl_latch_event(ln, &l, IPSEC_LATCH_EVENT_REFUSED);
	}
}

static void latch_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(latch_cache, container_of(head, struct ipsec_latch,
						  rcu));
}

/* Table lock held. Lookups under RCU may still see it: free after them. */
static void latch_unlink_locked(struct ipsec_latch_net *ln,
				struct ipsec_latch *l)
{
	struct ipsec_latch_binding *bind;
	struct xfrm_policy *spd[2];

	if (rhashtable_remove_fast(&ln->latch.latches, &l->node, latch_params))
		return;	/* someone else unlinked it */
	/* Packets that found it under RCU see "unlinked" under its lock. */
	spin_lock(&l->lock);
	l->unlinked = true;
	memcpy(spd, l->bypass_spd, sizeof(spd));
	memset(l->bypass_spd, 0, sizeof(l->bypass_spd));
	bind = l->bind;
	l->bind = NULL;
	spin_unlock(&l->lock);
	ipsec_latch_bypass_spd_del(spd);
	atomic_dec(&ln->latch.count);
	ipsec_latch_count(ln, IPSEC_LATCH_CTR_LATCH_FREED);
	ipsec_latch_binding_put(ln, bind);
	call_rcu(&l->rcu, latch_free_rcu);
}

/*
 * Should this new flow get a latch, and which action? Returns false when
 * the flow is not latched (*@tmplp may still be set for counting).
 */
static bool latch_wanted(struct ipsec_latch_net *ln,
			 const struct ipsec_latch_pkt *pkt,
			 struct ipsec_latch_tmpl **tmplp, u8 *action,
			 u32 *fallback_ms)
{
	struct ipsec_latch_table *t = &ln->latch;
	u8 transparent;

	*tmplp = ipsec_latch_tmpl_match(ln, &pkt->tuple);
	if (*tmplp) {
		*action = (*tmplp)->action;
		*fallback_ms = (*tmplp)->fallback_ms;
		return true;
	}
	/* Transparent mode: connected flows that start protected, and with
	 * BYPASS_OR_PROTECT those whose first packet waits for an SA.
	 */
	transparent = READ_ONCE(t->transparent);
	if (transparent == IPSEC_LATCH_TRANSPARENT_OFF ||
	    (pkt->tuple.proto == IPPROTO_UDP &&
	     !(pkt->out && pkt->connected_sk)))
		return false;
	*action = IPSEC_LATCH_ACTION_PROTECT;
	*fallback_ms = READ_ONCE(t->transparent_fallback_ms);
	if (pkt->carrier == IPSEC_LATCH_CARRIER_SA)
		return true;
	if (pkt->carrier == IPSEC_LATCH_CARRIER_HELD &&
	    transparent == IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT) {
		*action = IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT;
		return true;
	}
	return false;
}

/* A fresh latch for @pkt's flow, not yet in the table. */
static struct ipsec_latch *latch_alloc(const struct ipsec_latch_pkt *pkt,
				       const struct ipsec_latch_tmpl *tmpl,
				       u8 action, u32 fallback_ms)
{
	struct ipsec_latch *l = kmem_cache_zalloc(latch_cache, GFP_ATOMIC);

	if (!l)
		return NULL;
	spin_lock_init(&l->lock);
	l->tuple = pkt->tuple;
	l->tmpl_id = tmpl ? tmpl->id : 0;
	l->created = l->last_seen = now32();
	l->state = IPSEC_LATCH_STATE_LARVAL;
	l->action = IPSEC_LATCH_ACTION_PROTECT;
	if (action == IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT &&
	    pkt->carrier == IPSEC_LATCH_CARRIER_HELD) {
		/* Undecided until the SA comes, fails, or is too late. */
		l->action = IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT;
		l->decision = IPSEC_LATCH_DECISION_PENDING;
		l->fallback_at = l->created + msecs_to_jiffies(fallback_ms);
	}
	return l;
}

/*
 * A new flow. Returns the verdict; *@lp is set when a latch exists (made
 * now, or by a packet of the same flow that won the race) and the caller
 * must run the packet through it.
 */
static bool latch_new_flow(struct ipsec_latch_net *ln,
			   const struct ipsec_latch_pkt *pkt,
			   struct ipsec_latch **lp)
{
	struct ipsec_latch_table *t = &ln->latch;
	struct ipsec_latch_tmpl *tmpl;
	struct ipsec_latch *l, *old;
	u32 fallback_ms;
	u8 action;

	*lp = NULL;
	if (!latch_wanted(ln, pkt, &tmpl, &action, &fallback_ms))
		return true;
	if (pkt->carrier == IPSEC_LATCH_CARRIER_CLEAR) {
		if (action == IPSEC_LATCH_ACTION_PROTECT) {
			latch_refuse(ln, tmpl, pkt, pkt->out ?
				     IPSEC_LATCH_CTR_DROP_LATCH_CLEAR_OUT :
				     IPSEC_LATCH_CTR_DROP_LATCH_CLEAR_IN);
			return false;
		}
		/* A required inbound policy keeps its meaning: the kernel
		 * drops the packet, and the flow can only be protected.
		 */
		if (!pkt->out && !ipsec_latch_spd_admits_clear(pkt->skb)) {
			ipsec_latch_count(ln,
					  IPSEC_LATCH_CTR_SPD_REFUSED_CLEAR);
			return true;
		}
	}

	l = latch_alloc(pkt, tmpl, action, fallback_ms);
	if (!l)
		goto refuse;
	spin_lock_bh(&t->lock);
	if (t->dead ||
	    atomic_read(&t->count) >= READ_ONCE(ipsec_latch_max_latches)) {
		spin_unlock_bh(&t->lock);
		kmem_cache_free(latch_cache, l);
		goto refuse;
	}
	old = rhashtable_lookup_get_insert_fast(&t->latches, &l->node,
						latch_params);
	if (old) {
		spin_unlock_bh(&t->lock);
		kmem_cache_free(latch_cache, l);
		if (IS_ERR(old))
			goto refuse;
		*lp = old;	/* another packet of this flow made it first */
		return true;
	}
	atomic_inc(&t->count);
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
		latch_decide_bypass(ln, l, pkt->out ?
				    IPSEC_LATCH_DECISION_CLEAR_OUT :
				    IPSEC_LATCH_DECISION_CLEAR_IN);
		spin_unlock_bh(&l->lock);
	} else if (l->decision == IPSEC_LATCH_DECISION_PENDING && pkt->skb) {
		ipsec_latch_res_arm_fallback(ipsec_latch_net_of(ln),
					     skb_dst(pkt->skb),
					     msecs_to_jiffies(fallback_ms));
	}
	*lp = l;
	return true;

refuse:
	ipsec_latch_count(ln, IPSEC_LATCH_CTR_LATCH_TABLE_FULL);
	latch_refuse(ln, tmpl, pkt, IPSEC_LATCH_CTR_DROP_LATCH_FULL);
	return false;	/* fail closed, never open */
}

/*
 * Latch lock held. The resolution this PROTECT flow waited for failed:
 * its connect() fails; the latch closes (counted once).
 */
static void latch_failed(struct ipsec_latch_net *ln, struct ipsec_latch *l)
{
	latch_tmpl_count(ln, l, TMPL_FAILED);
	latch_close_locked(ln, l);
}

enum ipsec_latch_held_verdict
ipsec_latch_latch_held(struct net *net, struct sk_buff *skb, bool failed,
		       unsigned long *next)
{
	enum ipsec_latch_held_verdict v = failed ? IPSEC_LATCH_HELD_DROP :
						   IPSEC_LATCH_HELD_WAIT;
	struct ipsec_latch_net *ln = ipsec_latch_net(net);
	struct ipsec_latch_pkt pkt;
	struct ipsec_latch *l;
	s32 left;

	if (!ln || !ipsec_latch_latching_active(ln) ||
	    !ipsec_latch_parse_packet(skb, true, &pkt))
		return v;
	rcu_read_lock();
	l = latch_find(&ln->latch, &pkt.tuple);
	if (!l)
		goto out;
	spin_lock_bh(&l->lock);
	if (l->action == IPSEC_LATCH_ACTION_BYPASS) {
		v = IPSEC_LATCH_HELD_SEND;	/* fell back earlier */
	} else if (l->action == IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT &&
		   l->state == IPSEC_LATCH_STATE_LARVAL) {
		left = (s32)(l->fallback_at - now32());
		if (failed || left <= 0) {
			latch_decide_bypass(ln, l, failed ?
					    IPSEC_LATCH_DECISION_IKE_FAILED :
					    IPSEC_LATCH_DECISION_TIMEOUT);
			v = IPSEC_LATCH_HELD_SEND;
		} else if (time_before(jiffies + left, *next)) {
			*next = jiffies + left;
		}
	} else if (failed && l->state == IPSEC_LATCH_STATE_LARVAL) {
		latch_failed(ln, l);
	}
	spin_unlock_bh(&l->lock);
out:
	rcu_read_unlock();
	return v;
}

/* Called from the packet hooks, under RCU. */
bool ipsec_latch_latch_packet(struct ipsec_latch_net *ln,
			      const struct ipsec_latch_pkt *pkt)
{
	struct ipsec_latch_table *t = &ln->latch;
	struct ipsec_latch *l;
	int tries = 0;
	bool ok;

again:
	l = latch_find(t, &pkt->tuple);
	if (l && pkt->syn_only) {
		/* A new connection on the 5-tuple of a closed one. */
		spin_lock_bh(&t->lock);
		spin_lock(&l->lock);
		if (l->state == IPSEC_LATCH_STATE_CLOSED &&
		    latch_find(t, &pkt->tuple) == l) {
			spin_unlock(&l->lock);
			latch_unlink_locked(ln, l);
			l = NULL;
		} else {
			spin_unlock(&l->lock);
		}
		spin_unlock_bh(&t->lock);
	}
	if (!l) {
		ok = latch_new_flow(ln, pkt, &l);
		if (!l)
			return ok;
	}
	spin_lock_bh(&l->lock);
	if (unlikely(l->unlinked)) {
		/* Freed since the lookup (its hold ended, or a SYN replaced
		 * it): look again. Fail closed if it keeps happening.
		 */
		spin_unlock_bh(&l->lock);
		if (++tries < 3)
			goto again;
		return false;
	}
	ok = latch_check_locked(ln, l, pkt);
	spin_unlock_bh(&l->lock);
	return ok;
}

/* The flow of a connected socket, as the packet hooks see its packets. */
static bool latch_tuple_of_sk(const struct sock *sk,
			      struct ipsec_latch_tuple *tu)
{
	const struct inet_sock *inet = inet_sk(sk);

	memset(tu, 0, sizeof(*tu));
	tu->proto = sk->sk_protocol;
	tu->lport = inet->inet_sport;
	tu->rport = inet->inet_dport;
	if ((tu->proto != IPPROTO_TCP && tu->proto != IPPROTO_UDP) ||
	    !tu->rport)
		return false;	/* not a latchable flow, or not connected */
#if IS_ENABLED(CONFIG_IPV6)
	if (sk->sk_family == AF_INET6 &&
	    !ipv6_addr_v4mapped(&sk->sk_v6_daddr)) {
		tu->family = AF_INET6;
		tu->laddr.in6 = sk->sk_v6_rcv_saddr;
		tu->raddr.in6 = sk->sk_v6_daddr;
		return true;
	}
#endif
	tu->family = AF_INET;
	tu->laddr.a4 = inet->inet_saddr;
	tu->raddr.a4 = inet->inet_daddr;
	return true;
}

/*
 * What the packet hooks would see of a connected socket's first packet
 * while it waits for an SA: held, outbound, from a connected socket.
 */
static bool latch_held_pkt_of_sk(const struct sock *sk,
				 struct ipsec_latch_pkt *pkt)
{
	memset(pkt, 0, sizeof(*pkt));
	pkt->out = true;
	pkt->connected_sk = true;
	pkt->carrier = IPSEC_LATCH_CARRIER_HELD;
	return latch_tuple_of_sk(sk, &pkt->tuple);
}

u32 ipsec_latch_latch_sk_fallback_ms(struct sock *sk)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(sock_net(sk));
	struct ipsec_latch_tmpl *tmpl;
	struct ipsec_latch_pkt pkt;
	struct ipsec_latch *l;
	u32 ms = 0, fallback_ms;
	u8 action;

	if (!ln || !ipsec_latch_latching_active(ln) ||
	    !latch_held_pkt_of_sk(sk, &pkt))
		return 0;
	rcu_read_lock();
	l = latch_find(&ln->latch, &pkt.tuple);
	if (l) {
		if (READ_ONCE(l->action) == IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT)
			ms = max_t(s32, 1, jiffies_to_msecs((s32)(l->fallback_at -
								  now32())));
	} else if (latch_wanted(ln, &pkt, &tmpl, &action, &fallback_ms) &&
		   action == IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT) {
		ms = fallback_ms;	/* the latch its first packet would get */
	}
	rcu_read_unlock();
	return ms;
}

bool ipsec_latch_latch_sk_bypassed(struct sock *sk)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(sock_net(sk));
	struct ipsec_latch_tuple tu;
	struct ipsec_latch *l;
	bool bypassed = false;

	if (!ln || !READ_ONCE(ln->latch.ready) || !latch_tuple_of_sk(sk, &tu))
		return false;
	rcu_read_lock();
	l = latch_find(&ln->latch, &tu);
	if (l)
		bypassed = READ_ONCE(l->action) == IPSEC_LATCH_ACTION_BYPASS;
	rcu_read_unlock();
	return bypassed;
}

int ipsec_latch_latch_sk_fall_back(struct sock *sk, bool failed)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(sock_net(sk));
	struct ipsec_latch_pkt pkt;
	struct ipsec_latch *l;
	int err = -EHOSTUNREACH;

	if (!ln || !READ_ONCE(ln->latch.ready) ||
	    !latch_held_pkt_of_sk(sk, &pkt))
		return err;
	rcu_read_lock();
	l = latch_find(&ln->latch, &pkt.tuple);
	if (!l)
		latch_new_flow(ln, &pkt, &l);	/* undecided, no packet yet */
	if (l) {
		spin_lock_bh(&l->lock);
		if (l->action == IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT &&
		    l->state == IPSEC_LATCH_STATE_LARVAL)
			latch_decide_bypass(ln, l, failed ?
					    IPSEC_LATCH_DECISION_IKE_FAILED :
					    IPSEC_LATCH_DECISION_TIMEOUT);
		if (l->action == IPSEC_LATCH_ACTION_BYPASS)
			err = 0;
		spin_unlock_bh(&l->lock);
	}
	rcu_read_unlock();
	return err;
}

int ipsec_latch_latch_fill(struct sk_buff *skb, const struct ipsec_latch *l)
{
	const struct ipsec_latch_tuple *tu = &l->tuple;
	const struct ipsec_latch_binding *b = l->bind;
	unsigned int alen = ipsec_latch_addr_len(tu->family);
	struct nlattr *nest = nla_nest_start(skb, IPSEC_LATCH_A_LATCH);

	if (!nest ||
	    nla_put_u8(skb, IPSEC_LATCH_LATCH_A_FAMILY, tu->family) ||
	    nla_put_u8(skb, IPSEC_LATCH_LATCH_A_PROTO, tu->proto) ||
	    nla_put(skb, IPSEC_LATCH_LATCH_A_LOCAL_ADDR, alen, &tu->laddr) ||
	    nla_put_u16(skb, IPSEC_LATCH_LATCH_A_LOCAL_PORT, ntohs(tu->lport)) ||
	    nla_put(skb, IPSEC_LATCH_LATCH_A_REMOTE_ADDR, alen, &tu->raddr) ||
	    nla_put_u16(skb, IPSEC_LATCH_LATCH_A_REMOTE_PORT,
			ntohs(tu->rport)) ||
	    nla_put_u8(skb, IPSEC_LATCH_LATCH_A_STATE, l->state) ||
	    nla_put_u8(skb, IPSEC_LATCH_LATCH_A_ACTION, l->action) ||
	    nla_put_u32(skb, IPSEC_LATCH_LATCH_A_TEMPLATE_ID, l->tmpl_id) ||
	    (b &&
	     (nla_put_string(skb, IPSEC_LATCH_LATCH_A_PEER_ID, b->peer_id) ||
	      nla_put_u8(skb, IPSEC_LATCH_LATCH_A_ID_SOURCE, b->id_source) ||
	      ipsec_latch_qop_fill(skb, &b->qop, l->spi_in, l->spi_out))) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_LATCH_A_AGE_MS,
			      ms_since(l->created), IPSEC_LATCH_LATCH_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_LATCH_A_IDLE_MS,
			      ms_since(l->last_seen), IPSEC_LATCH_LATCH_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_LATCH_A_PACKETS_IN,
			      l->packets_in, IPSEC_LATCH_LATCH_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_LATCH_A_PACKETS_OUT,
			      l->packets_out, IPSEC_LATCH_LATCH_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_LATCH_A_DROPS_IN,
			      l->drops_in, IPSEC_LATCH_LATCH_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_LATCH_A_DROPS_OUT,
			      l->drops_out, IPSEC_LATCH_LATCH_A_PAD) ||
	    nla_put_u32(skb, IPSEC_LATCH_LATCH_A_BROKEN, l->broken) ||
	    nla_put_u32(skb, IPSEC_LATCH_LATCH_A_MEMORY,
			ipsec_latch_latch_size()) ||
	    (l->decision &&
	     nla_put_u8(skb, IPSEC_LATCH_LATCH_A_DECISION, l->decision)) ||
	    (l->bypass_spd[0] &&
	     nla_put_flag(skb, IPSEC_LATCH_LATCH_A_BYPASS_SPD))) {
		if (nest)
			nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static bool latch_selected(const struct ipsec_latch *l,
			   const struct ipsec_latch_filter *f)
{
	const struct ipsec_latch_tuple *a = &l->tuple, *b = &f->tuple;
	u32 m = f->mask;

	return (!(m & IPSEC_LATCH_F_FAMILY) || a->family == b->family) &&
	       (!(m & IPSEC_LATCH_F_PROTO) || a->proto == b->proto) &&
	       (!(m & IPSEC_LATCH_F_LADDR) ||
		(a->family == b->family &&
		 xfrm_addr_equal(&a->laddr, &b->laddr, a->family))) &&
	       (!(m & IPSEC_LATCH_F_LPORT) || a->lport == b->lport) &&
	       (!(m & IPSEC_LATCH_F_RADDR) ||
		(a->family == b->family &&
		 xfrm_addr_equal(&a->raddr, &b->raddr, a->family))) &&
	       (!(m & IPSEC_LATCH_F_RPORT) || a->rport == b->rport) &&
	       (!(m & IPSEC_LATCH_F_STATE) || l->state == f->state) &&
	       (!(m & IPSEC_LATCH_F_PEER) ||
		(l->bind && strstr(l->bind->peer_id, f->peer)));
}

struct ipsec_latch_dump_cursor {
	struct rhashtable_iter iter;
	struct ipsec_latch_filter filter;
};

struct ipsec_latch_dump_cursor *
ipsec_latch_latch_dump_start(struct ipsec_latch_net *ln,
			     const struct ipsec_latch_filter *filter)
{
	struct ipsec_latch_dump_cursor *cur = kmalloc(sizeof(*cur), GFP_KERNEL);

	if (!cur)
		return NULL;
	cur->filter = *filter;
	rhashtable_walk_enter(&ln->latch.latches, &cur->iter);
	return cur;
}

/* Peek, fill, then step: a latch that did not fit opens the next part. */
int ipsec_latch_latch_dump(struct ipsec_latch_dump_cursor *cur,
			   struct sk_buff *skb,
			   int (*fill)(struct sk_buff *skb,
				       const struct ipsec_latch *l, void *arg),
			   void *arg)
{
	struct ipsec_latch *l;
	int err = 0;

	rhashtable_walk_start(&cur->iter);
	for (;;) {
		l = rhashtable_walk_peek(&cur->iter);
		if (IS_ERR(l)) {
			if (PTR_ERR(l) == -EAGAIN)	/* resized: go on */
				continue;
			err = PTR_ERR(l);
			break;
		}
		if (!l)
			break;
		if (latch_selected(l, &cur->filter)) {
			spin_lock_bh(&l->lock);
			err = fill(skb, l, arg);
			spin_unlock_bh(&l->lock);
			if (err)
				break;
		}
		rhashtable_walk_next(&cur->iter);
	}
	rhashtable_walk_stop(&cur->iter);
	return err;
}

void ipsec_latch_latch_dump_done(struct ipsec_latch_dump_cursor *cur)
{
	if (!cur)
		return;
	rhashtable_walk_exit(&cur->iter);
	kfree(cur);
}

/* Does the TCP connection of @tu still have a socket (incl. TIME_WAIT)? */
static bool latch_tcp_socket_exists(struct net *net,
				    const struct ipsec_latch_tuple *tu)
{
	struct sock *sk;

	if (tu->family == AF_INET6)
		sk = ipsec_latch_compat_tcp_lookup6(net, &tu->raddr.in6,
						    tu->rport, &tu->laddr.in6,
						    tu->lport);
	else
		sk = ipsec_latch_compat_tcp_lookup4(net, tu->raddr.a4,
						    tu->rport, tu->laddr.a4,
						    tu->lport);
	if (!sk)
		return false;
	sock_gen_put(sk);
	return true;
}

/* Is there still a UDP socket that would receive the flow's datagrams? */
static bool latch_udp_socket_exists(struct net *net,
				    const struct ipsec_latch_tuple *tu)
{
	struct sock *sk;

	if (tu->family == AF_INET6)
		sk = udp6_lib_lookup(net, &tu->raddr.in6, tu->rport,
				     &tu->laddr.in6, tu->lport, 0);
	else
		sk = udp4_lib_lookup(net, tu->raddr.a4, tu->rport,
				     tu->laddr.a4, tu->lport, 0);
	if (!sk)
		return false;
	sock_put(sk);
	return true;
}

/* GC verdict for one latch: true when it must be freed now. */
static bool latch_gc_one(struct ipsec_latch_net *ln, struct ipsec_latch *l,
			 u32 hold, u32 idle)
{
	struct net *net = ipsec_latch_net_of(ln);
	bool gone;

	spin_lock_bh(&l->lock);
	if (l->state == IPSEC_LATCH_STATE_CLOSED) {
		gone = now32() - l->closed_at > hold;
		spin_unlock_bh(&l->lock);
		return gone;
	}
	if (l->state == IPSEC_LATCH_STATE_LARVAL)
		gone = now32() - l->last_seen > idle;
	else if (l->tuple.proto == IPPROTO_TCP)
		gone = !latch_tcp_socket_exists(net, &l->tuple);
	else	/* datagrams: the socket closed, or the flow went idle */
		gone = !latch_udp_socket_exists(net, &l->tuple) ||
		       now32() - l->last_seen > idle;
	if (gone)
		latch_close_locked(ln, l);
	spin_unlock_bh(&l->lock);
	return false;
}

/*
 * Once a second while latches exist: close flows that ended without a
 * FIN/RST we saw (TCP socket gone, datagram socket closed or flow idle,
 * never-bound LARVAL idle) and free CLOSED latches whose hold is over.
 */
static void latch_gc(struct work_struct *work)
{
	struct ipsec_latch_table *t =
		container_of(to_delayed_work(work), struct ipsec_latch_table,
			     gc);
	struct ipsec_latch_net *ln = container_of(t, struct ipsec_latch_net,
						  latch);
	u32 hold = msecs_to_jiffies(READ_ONCE(ipsec_latch_hold_ms));
	u32 idle = msecs_to_jiffies(READ_ONCE(ipsec_latch_idle_ms));
	struct rhashtable_iter iter;
	struct ipsec_latch *l;
	unsigned int n = 0;

	rhashtable_walk_enter(&t->latches, &iter);
	rhashtable_walk_start(&iter);
	while ((l = rhashtable_walk_next(&iter))) {
		if (IS_ERR(l))
			continue;	/* -EAGAIN: resized, go on */
		if (latch_gc_one(ln, l, hold, idle)) {
			spin_lock_bh(&t->lock);
			latch_unlink_locked(ln, l);
			spin_unlock_bh(&t->lock);
		}
		if (++n % 1024 == 0) {
			rhashtable_walk_stop(&iter);
			cond_resched();
			rhashtable_walk_start(&iter);
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	if (atomic_read(&t->count) && !READ_ONCE(t->dead))
		queue_delayed_work(system_power_efficient_wq, &t->gc,
				   IPSEC_LATCH_GC_PERIOD);
}

int ipsec_latch_latch_table_init(struct ipsec_latch_net *ln)
{
	struct ipsec_latch_table *t = &ln->latch;
	int i, err;

	spin_lock_init(&t->lock);
	atomic_set(&t->count, 0);
	INIT_DELAYED_WORK(&t->gc, latch_gc);
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
	WRITE_ONCE(t->ready, true);
	return 0;
}

static void latch_free_at_exit(void *ptr, void *arg)
{
	struct ipsec_latch *l = ptr;

	ipsec_latch_binding_put(arg, l->bind);
	ipsec_latch_bypass_spd_del(l->bypass_spd);
	kmem_cache_free(latch_cache, l);
}

/* The packet hooks of this netns are gone already: free everything. */
void ipsec_latch_latch_table_exit(struct ipsec_latch_net *ln)
{
	struct ipsec_latch_table *t = &ln->latch;

	if (!t->ready)
		return;
	spin_lock_bh(&t->lock);
	t->dead = true;
	WRITE_ONCE(t->ready, false);
	spin_unlock_bh(&t->lock);
	cancel_delayed_work_sync(&t->gc);
	rhashtable_free_and_destroy(&t->latches, latch_free_at_exit, ln);
	ipsec_latch_tmpl_flush(ln);
	ipsec_latch_identity_flush(ln);
}

int __init ipsec_latch_latch_init(void)
{
	latch_cache = KMEM_CACHE(ipsec_latch, 0);
	return latch_cache ? 0 : -ENOMEM;
}

/* After rcu_barrier(): no latch is waiting for its RCU callback. */
void ipsec_latch_latch_exit(void)
{
	kmem_cache_destroy(latch_cache);
}

#ifdef IPSEC_LATCH_SELFTEST
#include "selftest/latch_table.c"
#endif
