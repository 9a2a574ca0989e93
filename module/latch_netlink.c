// SPDX-License-Identifier: GPL-2.0
/*
 * Latches as netlink sees them: one latch's A_LATCH nest (GET_LATCHES and
 * LATCH_EVENT), and the GET_LATCHES dump, in parts, of the latches its
 * filter selects.
 */
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/netlink.h>

#include "ipsec_latch.h"
#include "latch_internal.h"

static u64 ms_since(u32 then)
{
	return jiffies_to_msecs(ipsec_latch_now32() - then);
}

int ipsec_latch_fill(struct sk_buff *skb, const struct ipsec_latch *l)
{
	return ipsec_latch_fill_view(skb, l, true);
}

/* @admin: with what the configuration says of it (template, SPD, memory). */
int ipsec_latch_fill_view(struct sk_buff *skb, const struct ipsec_latch *l,
			  bool admin)
{
	const struct ipsec_latch_tuple *tu = &l->tuple;
	/* Dumps under RCU; events under the latch's lock. */
	const struct ipsec_latch_binding *b =
		rcu_dereference_check(l->bind, lockdep_is_held(&l->lock));
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
	    (admin && !l->requested &&
	     nla_put_u32(skb, IPSEC_LATCH_LATCH_A_TEMPLATE_ID, l->tmpl_id)) ||
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
	    (admin && nla_put_u32(skb, IPSEC_LATCH_LATCH_A_MEMORY,
				  ipsec_latch_obj_size())) ||
	    (l->decision &&
	     nla_put_u8(skb, IPSEC_LATCH_LATCH_A_DECISION, l->decision)) ||
	    (admin && l->bypass_spd[0] &&
	     nla_put_flag(skb, IPSEC_LATCH_LATCH_A_BYPASS_SPD)) ||
	    (l->requested &&
	     nla_put_flag(skb, IPSEC_LATCH_LATCH_A_REQUESTED))) {
		if (nest)
			nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* @b read once: a latch may be rebound while it is looked at. */
static bool latch_peer_matches(const struct ipsec_latch_binding *b,
			       const char *peer)
{
	return b && strstr(b->peer_id, peer);
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
		latch_peer_matches(rcu_dereference(l->bind), f->peer));
}

struct ipsec_latch_dump_cursor {
	struct rhashtable_iter iter;
	struct ipsec_latch_filter filter;
};

struct ipsec_latch_dump_cursor *
ipsec_latch_dump_start(struct ipsec_latch_net *ln,
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
int ipsec_latch_dump(struct ipsec_latch_dump_cursor *cur, struct sk_buff *skb,
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

void ipsec_latch_dump_done(struct ipsec_latch_dump_cursor *cur)
{
	if (!cur)
		return;
	rhashtable_walk_exit(&cur->iter);
	kfree(cur);
}
