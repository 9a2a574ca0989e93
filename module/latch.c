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
 * A CLOSED latch still enforces its binding on stray packets of the old
 * flow until it is freed; a new SYN on the same 5-tuple replaces it.
 * Lookups are RCU; the table lock orders insertion so that one flow gets
 * one latch; each latch's own lock orders its state.
 */
#include <linux/jhash.h>
#include <net/inet_hashtables.h>
#include <net/inet6_hashtables.h>
#include <net/tcp.h>

#include "ipsec_latch.h"

#define IPSEC_LATCH_GC_PERIOD HZ

static u32 tuple_bucket(const struct ipsec_latch_tuple *tuple)
{
	return jhash2((const u32 *)tuple, sizeof(*tuple) / sizeof(u32), 0) &
	       ((1 << IPSEC_LATCH_HASH_BITS) - 1);
}

static struct ipsec_latch *latch_find(struct ipsec_latch_table *t,
				      const struct ipsec_latch_tuple *tuple)
{
	struct ipsec_latch *l;

	hlist_for_each_entry_rcu(l, &t->buckets[tuple_bucket(tuple)], node,
				 lockdep_is_held(&t->lock))
		if (!memcmp(&l->tuple, tuple, sizeof(*tuple)))
			return l;
	return NULL;
}

bool ipsec_latch_latching_active(const struct ipsec_latch_net *ln)
{
	const struct ipsec_latch_table *t = &ln->latch;

	return READ_ONCE(t->transparent) || READ_ONCE(t->count) ||
	       !list_empty(&t->tmpls);
}

void ipsec_latch_set_transparent(struct ipsec_latch_net *ln, bool on)
{
	WRITE_ONCE(ln->latch.transparent, on);
}

static void latch_event(struct ipsec_latch_net *ln, struct ipsec_latch *l,
			enum ipsec_latch_event ev)
{
	l->last_event = jiffies;
	ipsec_latch_genl_latch_event(ln, l, ev);
}

/* Take the peer's identity for a new binding: annotated, or derived. */
static void latch_bind(struct ipsec_latch_net *ln, struct ipsec_latch *l,
		       const struct ipsec_latch_qop *qop)
{
	l->qop = *qop;
	if (ipsec_latch_identity_lookup(ln, qop, l->peer_id)) {
		l->id_source = IPSEC_LATCH_ID_IKE;
	} else {
		l->id_source = IPSEC_LATCH_ID_DERIVED;
		if (qop->family == AF_INET6)
			snprintf(l->peer_id, sizeof(l->peer_id),
				 "%pI6c reqid %u", &qop->peer.in6, qop->reqid);
		else
			snprintf(l->peer_id, sizeof(l->peer_id),
				 "%pI4 reqid %u", &qop->peer.a4, qop->reqid);
	}
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
	int same_id;

	if (!ipsec_latch_qop_similar(&l->qop, qop))
		return false;
	if (l->id_source == IPSEC_LATCH_ID_IKE) {
		same_id = ipsec_latch_identity_cmp(ln, qop, l->peer_id);
		if (same_id >= 0)
			return same_id;
		return qop->reqid == l->qop.reqid;
	}
	if (qop->reqid != l->qop.reqid)
		return false;
	if (ipsec_latch_identity_lookup(ln, qop, l->peer_id))
		l->id_source = IPSEC_LATCH_ID_IKE;
	return true;
}

static void latch_close_locked(struct ipsec_latch_net *ln,
			       struct ipsec_latch *l)
{
	if (l->state == IPSEC_LATCH_STATE_CLOSED)
		return;
	l->state = IPSEC_LATCH_STATE_CLOSED;
	l->closed_at = jiffies;
	ipsec_latch_count(ln, IPSEC_LATCH_CTR_LATCH_CLOSED);
	latch_event(ln, l, IPSEC_LATCH_EVENT_CLOSED);
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
		   time_after(jiffies, l->last_event + HZ)) {
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
		return latch_break(ln, l, pkt, true);
	case IPSEC_LATCH_CARRIER_SA:
		if (l->action == IPSEC_LATCH_ACTION_BYPASS)
			return latch_break(ln, l, pkt, false);
		ipsec_latch_qop_of_state(&qop, pkt->x, pkt->out);
		if (l->state == IPSEC_LATCH_STATE_LARVAL) {
			latch_bind(ln, l, &qop);
			l->state = IPSEC_LATCH_STATE_ESTABLISHED;
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
	l->last_seen = jiffies;
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
		l.created = l.last_seen = jiffies;
		ipsec_latch_genl_latch_event(ln, &l, IPSEC_LATCH_EVENT_REFUSED);
	}
}

static void latch_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct ipsec_latch, rcu));
}

static void latch_unlink_locked(struct ipsec_latch_net *ln,
				struct ipsec_latch *l)
{
	hlist_del_rcu(&l->node);
	ln->latch.count--;
	ipsec_latch_count(ln, IPSEC_LATCH_CTR_LATCH_FREED);
	call_rcu(&l->rcu, latch_free_rcu);
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
	u8 action;

	*lp = NULL;
	tmpl = ipsec_latch_tmpl_match(ln, &pkt->tuple);
	if (!tmpl) {
		/* Transparent mode: connected flows that start protected. */
		if (!READ_ONCE(t->transparent) ||
		    pkt->carrier != IPSEC_LATCH_CARRIER_SA ||
		    (pkt->tuple.proto == IPPROTO_UDP &&
		     !(pkt->out && pkt->connected_sk)))
			return true;
	}
	action = tmpl ? tmpl->action : IPSEC_LATCH_ACTION_PROTECT;
	if (pkt->carrier == IPSEC_LATCH_CARRIER_CLEAR &&
	    action == IPSEC_LATCH_ACTION_PROTECT) {
		latch_refuse(ln, tmpl, pkt, pkt->out ?
			     IPSEC_LATCH_CTR_DROP_LATCH_CLEAR_OUT :
			     IPSEC_LATCH_CTR_DROP_LATCH_CLEAR_IN);
		return false;
	}

	l = kzalloc(sizeof(*l), GFP_ATOMIC);
	spin_lock_bh(&t->lock);
	old = latch_find(t, &pkt->tuple);
	if (old) {
		/* Another packet of this flow made it first. */
		spin_unlock_bh(&t->lock);
		kfree(l);
		*lp = old;
		return true;
	}
	if (!l || t->dead || t->count >= READ_ONCE(ipsec_latch_max_latches)) {
		spin_unlock_bh(&t->lock);
		kfree(l);
		ipsec_latch_count(ln, IPSEC_LATCH_CTR_LATCH_TABLE_FULL);
		latch_refuse(ln, tmpl, pkt, IPSEC_LATCH_CTR_DROP_LATCH_FULL);
		return false;	/* fail closed, never open */
	}
	spin_lock_init(&l->lock);
	l->tuple = pkt->tuple;
	l->tmpl_id = tmpl ? tmpl->id : 0;
	l->created = l->last_seen = jiffies;
	l->state = IPSEC_LATCH_STATE_LARVAL;
	l->action = IPSEC_LATCH_ACTION_PROTECT;
	if (pkt->carrier == IPSEC_LATCH_CARRIER_CLEAR) {
		/* BYPASS-OR-PROTECT, first packet clear: clear for life. */
		l->action = IPSEC_LATCH_ACTION_BYPASS;
		l->state = IPSEC_LATCH_STATE_ESTABLISHED;
		strscpy(l->peer_id, "(none: bypass)", sizeof(l->peer_id));
	}
	hlist_add_head_rcu(&l->node, &t->buckets[tuple_bucket(&l->tuple)]);
	t->count++;
	spin_unlock_bh(&t->lock);
	queue_delayed_work(system_power_efficient_wq, &t->gc,
			   IPSEC_LATCH_GC_PERIOD);

	ipsec_latch_count(ln, IPSEC_LATCH_CTR_LATCH_CREATED);
	if (tmpl) {
		atomic64_inc(&tmpl->flows);
		if (l->action == IPSEC_LATCH_ACTION_BYPASS)
			atomic64_inc(&tmpl->bypassed);
		else
			atomic64_inc(&tmpl->protected);
	}
	if (l->action == IPSEC_LATCH_ACTION_BYPASS) {
		spin_lock_bh(&l->lock);
		latch_event(ln, l, IPSEC_LATCH_EVENT_LATCHED);
		spin_unlock_bh(&l->lock);
	}
	*lp = l;
	return true;
}

/* Called from the packet hooks, under RCU. */
bool ipsec_latch_latch_packet(struct ipsec_latch_net *ln,
			      const struct ipsec_latch_pkt *pkt)
{
	struct ipsec_latch_table *t = &ln->latch;
	struct ipsec_latch *l;
	bool ok;

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
	ok = latch_check_locked(ln, l, pkt);
	spin_unlock_bh(&l->lock);
	return ok;
}

int ipsec_latch_latch_fill(struct sk_buff *skb, const struct ipsec_latch *l)
{
	const struct ipsec_latch_tuple *tu = &l->tuple;
	int alen = tu->family == AF_INET6 ? 16 : 4;
	struct nlattr *nest = nla_nest_start(skb, IPSEC_LATCH_A_LATCH);
	unsigned long now = jiffies;

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
	    (l->peer_id[0] &&
	     (nla_put_string(skb, IPSEC_LATCH_LATCH_A_PEER_ID, l->peer_id) ||
	      nla_put_u8(skb, IPSEC_LATCH_LATCH_A_ID_SOURCE, l->id_source))) ||
	    (l->action != IPSEC_LATCH_ACTION_BYPASS &&
	     l->state != IPSEC_LATCH_STATE_LARVAL &&
	     ipsec_latch_qop_fill(skb, &l->qop, l->spi_in, l->spi_out)) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_LATCH_A_AGE_MS,
			      jiffies_to_msecs(now - l->created),
			      IPSEC_LATCH_LATCH_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_LATCH_A_IDLE_MS,
			      jiffies_to_msecs(now - l->last_seen),
			      IPSEC_LATCH_LATCH_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_LATCH_A_PACKETS_IN,
			      l->packets_in, IPSEC_LATCH_LATCH_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_LATCH_A_PACKETS_OUT,
			      l->packets_out, IPSEC_LATCH_LATCH_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_LATCH_A_DROPS_IN,
			      l->drops_in, IPSEC_LATCH_LATCH_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_LATCH_A_DROPS_OUT,
			      l->drops_out, IPSEC_LATCH_LATCH_A_PAD) ||
	    nla_put_u32(skb, IPSEC_LATCH_LATCH_A_BROKEN, l->broken) ||
	    nla_put_u32(skb, IPSEC_LATCH_LATCH_A_MEMORY, sizeof(*l))) {
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
	       (!(m & IPSEC_LATCH_F_PEER) || strstr(l->peer_id, f->peer));
}

int ipsec_latch_latch_dump(struct ipsec_latch_net *ln, struct sk_buff *skb,
			   unsigned long *bucket, unsigned long *pos,
			   const struct ipsec_latch_filter *filter,
			   int (*fill)(struct sk_buff *skb,
				       const struct ipsec_latch *l, void *arg),
			   void *arg)
{
	struct ipsec_latch_table *t = &ln->latch;
	struct ipsec_latch *l;
	unsigned long n;
	int err = 0;

	spin_lock_bh(&t->lock);
	for (; *bucket < ARRAY_SIZE(t->buckets); (*bucket)++, *pos = 0) {
		n = 0;
		hlist_for_each_entry(l, &t->buckets[*bucket], node) {
			if (n++ < *pos)
				continue;
			spin_lock(&l->lock);
			err = latch_selected(l, filter) ? fill(skb, l, arg) : 0;
			spin_unlock(&l->lock);
			if (err)
				goto out;
			(*pos)++;
		}
	}
out:
	spin_unlock_bh(&t->lock);
	return err;
}

/* Does the TCP connection of @tu still have a socket (incl. TIME_WAIT)? */
static bool latch_tcp_socket_exists(struct net *net,
				    const struct ipsec_latch_tuple *tu)
{
	struct inet_hashinfo *hinfo = net->ipv4.tcp_death_row.hashinfo;
	struct sock *sk;

	if (tu->family == AF_INET6)
		sk = __inet6_lookup_established(net, hinfo, &tu->raddr.in6,
						tu->rport, &tu->laddr.in6,
						ntohs(tu->lport), 0, 0);
	else
		sk = inet_lookup_established(net, hinfo, tu->raddr.a4,
					     tu->rport, tu->laddr.a4,
					     tu->lport, 0);
	if (!sk)
		return false;
	sock_gen_put(sk);
	return true;
}

/*
 * Once a second while latches exist: close flows that ended without a
 * FIN/RST we saw (socket gone, datagram flow idle, never-bound LARVAL
 * idle) and free CLOSED latches whose hold is over.
 */
static void latch_gc(struct work_struct *work)
{
	struct ipsec_latch_table *t =
		container_of(to_delayed_work(work), struct ipsec_latch_table,
			     gc);
	struct ipsec_latch_net *ln = container_of(t, struct ipsec_latch_net,
						  latch);
	struct net *net = ipsec_latch_net_of(ln);
	unsigned long hold = msecs_to_jiffies(READ_ONCE(ipsec_latch_hold_ms));
	unsigned long idle = msecs_to_jiffies(READ_ONCE(ipsec_latch_idle_ms));
	struct hlist_node *tmp;
	struct ipsec_latch *l;
	bool gone, more;
	int i;

	for (i = 0; i < ARRAY_SIZE(t->buckets); i++) {
		rcu_read_lock();
		spin_lock_bh(&t->lock);
		hlist_for_each_entry_safe(l, tmp, &t->buckets[i], node) {
			spin_lock(&l->lock);
			if (l->state == IPSEC_LATCH_STATE_CLOSED) {
				gone = time_after(jiffies, l->closed_at + hold);
				spin_unlock(&l->lock);
				if (gone)
					latch_unlink_locked(ln, l);
				continue;
			}
			if (l->tuple.proto == IPPROTO_TCP &&
			    l->state != IPSEC_LATCH_STATE_LARVAL)
				gone = !latch_tcp_socket_exists(net, &l->tuple);
			else
				gone = time_after(jiffies, l->last_seen + idle);
			if (gone)
				latch_close_locked(ln, l);
			spin_unlock(&l->lock);
		}
		spin_unlock_bh(&t->lock);
		rcu_read_unlock();
		cond_resched();
	}
	spin_lock_bh(&t->lock);
	more = t->count && !t->dead;
	spin_unlock_bh(&t->lock);
	if (more)
		queue_delayed_work(system_power_efficient_wq, &t->gc,
				   IPSEC_LATCH_GC_PERIOD);
}

void ipsec_latch_latch_table_init(struct ipsec_latch_net *ln)
{
	struct ipsec_latch_table *t = &ln->latch;
	int i;

	spin_lock_init(&t->lock);
	for (i = 0; i < ARRAY_SIZE(t->buckets); i++)
		INIT_HLIST_HEAD(&t->buckets[i]);
	INIT_DELAYED_WORK(&t->gc, latch_gc);
	ratelimit_state_init(&t->refused_rs, HZ, 10);
	ratelimit_set_flags(&t->refused_rs, RATELIMIT_MSG_ON_RELEASE);
	mutex_init(&t->tmpl_mutex);
	INIT_LIST_HEAD(&t->tmpls);
	spin_lock_init(&t->id_lock);
	for (i = 0; i < ARRAY_SIZE(t->ids); i++)
		INIT_HLIST_HEAD(&t->ids[i]);
}

/* The packet hooks of this netns are gone already: free everything. */
void ipsec_latch_latch_table_exit(struct ipsec_latch_net *ln)
{
	struct ipsec_latch_table *t = &ln->latch;
	struct hlist_node *tmp;
	struct ipsec_latch *l;
	int i;

	spin_lock_bh(&t->lock);
	t->dead = true;
	spin_unlock_bh(&t->lock);
	cancel_delayed_work_sync(&t->gc);
	spin_lock_bh(&t->lock);
	for (i = 0; i < ARRAY_SIZE(t->buckets); i++)
		hlist_for_each_entry_safe(l, tmp, &t->buckets[i], node)
			latch_unlink_locked(ln, l);
	spin_unlock_bh(&t->lock);
	ipsec_latch_tmpl_flush(ln);
	ipsec_latch_identity_flush(ln);
}
