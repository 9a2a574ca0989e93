// SPDX-License-Identifier: GPL-2.0
/*
 * Each remote peer's share of the latch table. Latches made by inbound
 * packets are counted per remote address (an IPv6 peer: its /64), and a
 * peer at max_latches_per_peer gets no more: one host (or one forged
 * source address) cannot fill the table and shut every other peer out.
 * Latches of flows this host starts are not counted; local programs are
 * bounded by max_latches alone.
 *
 * A peer's entry lives while it has latches, so there are never more
 * entries than latches. Everything here runs under the table's lock.
 */
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "ipsec_latch.h"
#include "latch_internal.h"

struct latch_peer_key {
	xfrm_address_t addr;
	u8 family;
	u8 pad[3];
};

struct latch_peer {
	struct rhash_head node;
	struct latch_peer_key key;
	unsigned int latches;
	struct rcu_head rcu;
};

static const struct rhashtable_params peer_params = {
	.head_offset = offsetof(struct latch_peer, node),
	.key_offset = offsetof(struct latch_peer, key),
	.key_len = sizeof(struct latch_peer_key),
	.automatic_shrinking = true,
};

/* An IPv6 host owns a /64: its addresses are one peer. */
static void peer_key(struct latch_peer_key *key,
		     const struct ipsec_latch_tuple *tu)
{
	memset(key, 0, sizeof(*key));
	key->addr = tu->raddr;
	key->family = tu->family;
	if (tu->family == AF_INET6)
		memset(&key->addr.in6.s6_addr[8], 0, 8);
}

/* Table lock held: @tu's peer, its key in @key. */
static struct latch_peer *peer_find(struct ipsec_latch_table *t,
				    const struct ipsec_latch_tuple *tu,
				    struct latch_peer_key *key)
{
	lockdep_assert_held(&t->lock);
	peer_key(key, tu);
	return rhashtable_lookup_fast(&t->peers, key, peer_params);
}

/*
 * Table lock held. Count one more latch for @tu's peer: 0, -ENOSPC when
 * the peer has its share, -ENOMEM.
 */
int ipsec_latch_peer_charge(struct ipsec_latch_table *t,
			    const struct ipsec_latch_tuple *tu)
{
	struct latch_peer_key key;
	struct latch_peer *p = peer_find(t, tu, &key);

	if (p) {
		if (p->latches >= READ_ONCE(ipsec_latch_max_latches_per_peer))
			return -ENOSPC;
		p->latches++;
		return 0;
	}
	p = kzalloc(sizeof(*p), GFP_ATOMIC | __GFP_NOWARN | __GFP_ACCOUNT);
	if (!p)
		return -ENOMEM;
	p->key = key;
	p->latches = 1;
	if (rhashtable_insert_fast(&t->peers, &p->node, peer_params)) {
		kfree(p);
		return -ENOMEM;
	}
	return 0;
}

/* Table lock held. One latch of @tu's peer is gone. */
void ipsec_latch_peer_uncharge(struct ipsec_latch_table *t,
			       const struct ipsec_latch_tuple *tu)
{
	struct latch_peer_key key;
	struct latch_peer *p = peer_find(t, tu, &key);

	if (WARN_ON_ONCE(!p) || --p->latches)
		return;
	rhashtable_remove_fast(&t->peers, &p->node, peer_params);
	kfree_rcu(p, rcu);
}

int ipsec_latch_peer_table_init(struct ipsec_latch_table *t)
{
	return rhashtable_init(&t->peers, &peer_params);
}

static void peer_free(void *ptr, void *arg)
{
	kfree(ptr);
}

/* The table is dead and its latches freed: no one counts any more. */
void ipsec_latch_peer_table_exit(struct ipsec_latch_table *t)
{
	rhashtable_free_and_destroy(&t->peers, peer_free, NULL);
}
