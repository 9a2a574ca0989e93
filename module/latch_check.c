// SPDX-License-Identifier: GPL-2.0
/*
 * The latch state machine: what each packet of a latched flow does to its
 * latch, and whether it may pass.
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
 * code asks ipsec_latch_held() about each held packet).
 *
 * A CLOSED latch still enforces its binding on stray packets of the old
 * flow until it is freed; a new SYN on the same 5-tuple replaces it.
 */
#include "ipsec_latch.h"
#include "latch_internal.h"

static void latch_event(struct ipsec_latch_net *ln, struct ipsec_latch *l,
			enum ipsec_latch_event ev)
{
	l->last_event = ipsec_latch_now32();
	ipsec_latch_genl_latch_event(ln, l, ev);
}

/*
 * A derived identity becomes the IKE one once the key manager names the
 * peer of the binding's SAs (its updown hook may run after the flow's
 * first packets left under them). Latch lock held; no-op without one.
 */
void ipsec_latch_bind_upgrade_locked(struct ipsec_latch_net *ln,
				     struct ipsec_latch *l)
{
	struct ipsec_latch_binding *nb, *b =
		rcu_dereference_protected(l->bind, lockdep_is_held(&l->lock));

	if (!b || b->id_source == IPSEC_LATCH_ID_IKE ||
	    ipsec_latch_identity_cmp(ln, &b->qop, "") < 0)
		return;
	nb = ipsec_latch_binding_get(ln, &b->qop);
	if (nb) {
		rcu_assign_pointer(l->bind, nb);
		ipsec_latch_binding_put(ln, b);
	}
}

/*
 * Is @qop (the SA this packet uses) similar to the latch's binding? The
 * protection and peer address must match; the peer is then the same IKE
 * identity when both are annotated, else the same reqid.
 */
static bool latch_similar(struct ipsec_latch_net *ln, struct ipsec_latch *l,
			  const struct ipsec_latch_qop *qop)
{
	struct ipsec_latch_binding *b =
		rcu_dereference_protected(l->bind, lockdep_is_held(&l->lock));
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
	ipsec_latch_bind_upgrade_locked(ln, l);
	return true;
}

/* Latch lock held. */
void ipsec_latch_close_locked(struct ipsec_latch_net *ln,
			      struct ipsec_latch *l)
{
	if (l->state == IPSEC_LATCH_STATE_CLOSED)
		return;
	l->state = IPSEC_LATCH_STATE_CLOSED;
	l->closed_at = ipsec_latch_now32();
	if (!l->unlinked)	/* the GC frees it when its hold is over */
		ipsec_latch_gc_arm(&ln->latch, l, l->closed_at + 1 +
				   msecs_to_jiffies(READ_ONCE(ipsec_latch_hold_ms)));
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
void ipsec_latch_decide_bypass(struct ipsec_latch_net *ln,
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
	} else if (l->state != IPSEC_LATCH_STATE_BROKEN ||
		   ipsec_latch_now32() - l->last_event <= HZ) {
		return false;
	}
	latch_event(ln, l, IPSEC_LATCH_EVENT_BROKEN);
	ipsec_latch_log_event(ln, l, IPSEC_LATCH_EVENT_BROKEN,
			      clear ? (pkt->out ? "would leave in the clear" :
					"came in clear") :
			      (pkt->out ? "would leave under another peer's SA" :
					  "came in under another peer's SA"));
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
		ipsec_latch_close_locked(ln, l);
}

IPSEC_LATCH_VISIBLE_IF_SELFTEST bool
ipsec_latch_check_locked(struct ipsec_latch_net *ln, struct ipsec_latch *l,
			 const struct ipsec_latch_pkt *pkt)
{
	struct ipsec_latch_binding *b;
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
			ipsec_latch_decide_bypass(ln, l,
						  IPSEC_LATCH_DECISION_CLEAR_OUT);
			break;
		}
		return latch_break(ln, l, pkt, true);
	case IPSEC_LATCH_CARRIER_SA:
		if (l->action == IPSEC_LATCH_ACTION_BYPASS)
			return latch_break(ln, l, pkt, false);
		ipsec_latch_qop_of_state(&qop, pkt->x, pkt->out);
		if (!rcu_access_pointer(l->bind)) {
			/* LARVAL, or closed before it ever bound (its SA
			 * failed, or it idled): this SA starts the flow.
			 */
			b = ipsec_latch_binding_get(ln, &qop);
			if (!b)
				return latch_break(ln, l, pkt, false);
			rcu_assign_pointer(l->bind, b);
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
	l->last_seen = ipsec_latch_now32();
	latch_track_tcp(ln, l, pkt);
	return true;
}

/*
 * Latch lock held. The resolution this PROTECT flow waited for failed:
 * its connect() fails; the latch closes (counted once).
 */
static void latch_failed(struct ipsec_latch_net *ln, struct ipsec_latch *l)
{
	latch_tmpl_count(ln, l, TMPL_FAILED);
	ipsec_latch_close_locked(ln, l);
}

enum ipsec_latch_held_verdict
ipsec_latch_held(struct net *net, struct sk_buff *skb, bool failed,
		 unsigned long *next)
{
	enum ipsec_latch_held_verdict v = failed ? IPSEC_LATCH_HELD_DROP :
						   IPSEC_LATCH_HELD_WAIT;
	struct ipsec_latch_net *ln = ipsec_latch_net(net);
	struct ipsec_latch_pkt pkt;
	struct ipsec_latch *l;
	s32 left;

	if (!ln || !ipsec_latch_active(ln) ||
	    !ipsec_latch_parse_packet(skb, true, &pkt))
		return v;
	rcu_read_lock();
	l = ipsec_latch_find(&ln->latch, &pkt.tuple);
	if (!l)
		goto out;
	spin_lock_bh(&l->lock);
	if (l->action == IPSEC_LATCH_ACTION_BYPASS) {
		v = IPSEC_LATCH_HELD_SEND;	/* fell back earlier */
	} else if (l->action == IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT &&
		   l->state == IPSEC_LATCH_STATE_LARVAL) {
		left = (s32)(l->fallback_at - ipsec_latch_now32());
		if (failed || left <= 0) {
			ipsec_latch_decide_bypass(ln, l, failed ?
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

/*
 * A SYN on the 5-tuple of a closed flow starts a new one, if a socket
 * takes it: a forged SYN to a port nothing listens on (a client's) does
 * not end the old flow's hold. (To a listening port it does, as a SYN
 * the listener answers would.)
 */
static bool latch_syn_replaces(const struct ipsec_latch *l,
			       const struct ipsec_latch_pkt *pkt)
{
	if (READ_ONCE(l->state) != IPSEC_LATCH_STATE_CLOSED)
		return false;
	return pkt->out || !pkt->indev || ipsec_latch_pkt_has_socket(pkt);
}

/* Called from the packet hooks, under RCU. */
bool ipsec_latch_check_packet(struct ipsec_latch_net *ln,
			      const struct ipsec_latch_pkt *pkt)
{
	struct ipsec_latch_table *t = &ln->latch;
	struct ipsec_latch *l;
	int tries = 0;
	bool ok;

again:
	l = ipsec_latch_find(t, &pkt->tuple);
	if (l && pkt->syn_only && latch_syn_replaces(l, pkt)) {
		spin_lock_bh(&t->lock);
		spin_lock(&l->lock);
		if (l->state == IPSEC_LATCH_STATE_CLOSED &&
		    ipsec_latch_find(t, &pkt->tuple) == l) {
			spin_unlock(&l->lock);
			ipsec_latch_unlink_locked(ln, l);
			l = NULL;
		} else {
			spin_unlock(&l->lock);
		}
		spin_unlock_bh(&t->lock);
	}
	if (!l) {
		ok = ipsec_latch_new_flow(ln, pkt, &l);
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
	ok = ipsec_latch_check_locked(ln, l, pkt);
	spin_unlock_bh(&l->lock);
	return ok;
}
