// SPDX-License-Identifier: GPL-2.0
/*
 * What a latch binds a flow to, taken from the SA a packet travels under:
 * the peer (the SA's remote address and reqid, or the IKE identity the key
 * manager annotated them with) and the quality of protection. Rekeyed SAs
 * keep all of it and differ only in SPIs, so they are "similar".
 */
#include <linux/jhash.h>
#include <net/genetlink.h>

#include "ipsec_latch.h"

/* RFC 4106 (GCM) and RFC 7634 (ChaCha20-Poly1305) salts are 32 bits,
 * RFC 4309 (CCM) 24.
 */
static u32 aead_salt_bits(const char *name)
{
	if (!strncmp(name, "rfc4106(", 8) || !strncmp(name, "rfc7539esp(", 11))
		return 32;
	if (!strncmp(name, "rfc4309(", 8))
		return 24;
	return 0;
}

void ipsec_latch_qop_of_state(struct ipsec_latch_qop *qop,
			      const struct xfrm_state *x, bool out)
{
	memset(qop, 0, sizeof(*qop));
	/* Outbound SAs point at the peer; inbound ones come from it. */
	qop->peer = out ? x->id.daddr : x->props.saddr;
	qop->reqid = x->props.reqid;
	qop->family = x->props.family;
	qop->xfrm_proto = x->id.proto;
	qop->mode = x->props.mode;
	if (x->ealg) {
		strscpy(qop->enc, x->ealg->alg_name, IPSEC_LATCH_ALG_NAME);
		qop->enc_bits = x->ealg->alg_key_len;
	}
	if (x->aalg) {
		strscpy(qop->auth, x->aalg->alg_name, IPSEC_LATCH_ALG_NAME);
		qop->auth_bits = x->aalg->alg_key_len;
	}
	if (x->aead) {
		strscpy(qop->aead, x->aead->alg_name, IPSEC_LATCH_ALG_NAME);
		/* The ESP AEAD keys end with a salt: not key strength. */
		qop->aead_bits = x->aead->alg_key_len - aead_salt_bits(qop->aead);
		qop->icv_bits = x->aead->alg_icv_len;
	}
}

/* Same peer, same protection; the reqid is compared by the caller, which
 * knows whether an IKE identity stands in for it.
 */
bool ipsec_latch_qop_similar(const struct ipsec_latch_qop *a,
			     const struct ipsec_latch_qop *b)
{
	return a->family == b->family && a->xfrm_proto == b->xfrm_proto &&
	       a->mode == b->mode &&
	       xfrm_addr_equal(&a->peer, &b->peer, a->family) &&
	       a->enc_bits == b->enc_bits && a->auth_bits == b->auth_bits &&
	       a->aead_bits == b->aead_bits && a->icv_bits == b->icv_bits &&
	       !strcmp(a->enc, b->enc) && !strcmp(a->auth, b->auth) &&
	       !strcmp(a->aead, b->aead);
}

static int put_alg(struct sk_buff *skb, int name_attr, const char *name,
		   int bits_attr, u32 bits)
{
	if (!name[0])
		return 0;
	return nla_put_string(skb, name_attr, name) ||
	       nla_put_u32(skb, bits_attr, bits) ? -EMSGSIZE : 0;
}

int ipsec_latch_qop_fill(struct sk_buff *skb, const struct ipsec_latch_qop *q,
			 u32 spi_in, u32 spi_out)
{
	unsigned int alen = ipsec_latch_addr_len(q->family);
	struct nlattr *nest = nla_nest_start(skb, IPSEC_LATCH_LATCH_A_QOP);

	if (!nest ||
	    nla_put_u8(skb, IPSEC_LATCH_QOP_A_XFRM_PROTO, q->xfrm_proto) ||
	    nla_put_u8(skb, IPSEC_LATCH_QOP_A_MODE, q->mode) ||
	    nla_put_u32(skb, IPSEC_LATCH_QOP_A_REQID, q->reqid) ||
	    nla_put(skb, IPSEC_LATCH_QOP_A_PEER, alen, &q->peer) ||
	    put_alg(skb, IPSEC_LATCH_QOP_A_ENC_ALG, q->enc,
		    IPSEC_LATCH_QOP_A_ENC_BITS, q->enc_bits) ||
	    put_alg(skb, IPSEC_LATCH_QOP_A_AUTH_ALG, q->auth,
		    IPSEC_LATCH_QOP_A_AUTH_BITS, q->auth_bits) ||
	    put_alg(skb, IPSEC_LATCH_QOP_A_AEAD_ALG, q->aead,
		    IPSEC_LATCH_QOP_A_AEAD_BITS, q->aead_bits) ||
	    (q->aead[0] &&
	     nla_put_u32(skb, IPSEC_LATCH_QOP_A_ICV_BITS, q->icv_bits)) ||
	    (spi_in && nla_put_u32(skb, IPSEC_LATCH_QOP_A_SPI_IN, spi_in)) ||
	    (spi_out && nla_put_u32(skb, IPSEC_LATCH_QOP_A_SPI_OUT, spi_out))) {
		if (nest)
			nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static u32 bind_bucket(const struct ipsec_latch_qop *qop)
{
	return jhash(qop, sizeof(*qop), 0) & ((1 << IPSEC_LATCH_BIND_BITS) - 1);
}

/* Does @b name @qop's peer as the key manager knows it now? */
static bool binding_current(struct ipsec_latch_net *ln,
			    const struct ipsec_latch_binding *b,
			    const struct ipsec_latch_qop *qop)
{
	int same_id = ipsec_latch_identity_cmp(ln, qop, b->peer_id);

	return b->id_source == IPSEC_LATCH_ID_IKE ? same_id > 0 : same_id < 0;
}

/* Under bind_lock: the current binding for @qop, with a reference. */
static struct ipsec_latch_binding *
binding_find_get(struct ipsec_latch_net *ln, const struct ipsec_latch_qop *qop,
		 u32 h)
{
	struct ipsec_latch_binding *b;

	hlist_for_each_entry(b, &ln->latch.bindings[h], node) {
		if (!memcmp(&b->qop, qop, sizeof(*qop)) &&
		    binding_current(ln, b, qop)) {
			refcount_inc(&b->ref);
			return b;
		}
	}
	return NULL;
}

/*
 * The shared binding for an SA's QoP and its peer's identity as known now
 * (annotated, else derived). Atomic context; NULL when out of memory. Most
 * new latches find theirs: a new one is only made for a new peer or QoP.
 */
struct ipsec_latch_binding *
ipsec_latch_binding_get(struct ipsec_latch_net *ln,
			const struct ipsec_latch_qop *qop)
{
	struct ipsec_latch_table *t = &ln->latch;
	struct ipsec_latch_binding *b, *nb;
	u32 h = bind_bucket(qop);

	spin_lock_bh(&t->bind_lock);
	b = binding_find_get(ln, qop, h);
	spin_unlock_bh(&t->bind_lock);
	if (b)
		return b;

	nb = kzalloc(sizeof(*nb), GFP_ATOMIC | __GFP_ACCOUNT);
	if (!nb)
		return NULL;
	nb->qop = *qop;
	refcount_set(&nb->ref, 1);
	if (ipsec_latch_identity_lookup(ln, qop, nb->peer_id)) {
		nb->id_source = IPSEC_LATCH_ID_IKE;
	} else {
		nb->id_source = IPSEC_LATCH_ID_DERIVED;
		if (qop->family == AF_INET6)
			snprintf(nb->peer_id, sizeof(nb->peer_id),
				 "%pI6c reqid %u", &qop->peer.in6, qop->reqid);
		else
			snprintf(nb->peer_id, sizeof(nb->peer_id),
				 "%pI4 reqid %u", &qop->peer.a4, qop->reqid);
	}
	spin_lock_bh(&t->bind_lock);
	b = binding_find_get(ln, qop, h);	/* made meanwhile? */
	if (!b)
		hlist_add_head(&nb->node, &t->bindings[h]);
	spin_unlock_bh(&t->bind_lock);
	if (b) {
		kfree(nb);
		return b;
	}
	return nb;
}

void ipsec_latch_binding_put(struct ipsec_latch_net *ln,
			     struct ipsec_latch_binding *b)
{
	struct ipsec_latch_table *t = &ln->latch;

	if (!b)
		return;
	spin_lock_bh(&t->bind_lock);
	if (!refcount_dec_and_test(&b->ref)) {
		spin_unlock_bh(&t->bind_lock);
		return;
	}
	hlist_del(&b->node);
	spin_unlock_bh(&t->bind_lock);
	kfree_rcu(b, rcu);	/* readers under RCU may still look */
}

/* Identity annotations: (family, peer, reqid) -> the IKE identity. */
struct ipsec_latch_identity {
	struct hlist_node node;
	struct rcu_head rcu;
	xfrm_address_t peer;
	u32 reqid;
	u8 family;
	char id[IPSEC_LATCH_ID_MAX_LEN + 1];
};

static u32 id_bucket(struct ipsec_latch_table *t, u8 family,
		     const xfrm_address_t *peer, u32 reqid)
{
	return jhash2((const u32 *)peer, 4, reqid ^ family) %
	       ARRAY_SIZE(t->ids);
}

static struct ipsec_latch_identity *
id_find(struct ipsec_latch_table *t, u8 family, const xfrm_address_t *peer,
	u32 reqid)
{
	struct ipsec_latch_identity *e;

	hlist_for_each_entry_rcu(e, &t->ids[id_bucket(t, family, peer, reqid)],
				 node, lockdep_is_held(&t->id_lock))
		if (e->family == family && e->reqid == reqid &&
		    xfrm_addr_equal(&e->peer, peer, family))
			return e;
	return NULL;
}

bool ipsec_latch_identity_lookup(struct ipsec_latch_net *ln,
				 const struct ipsec_latch_qop *qop, char *buf)
{
	struct ipsec_latch_identity *e;
	bool found = false;

	rcu_read_lock();
	e = id_find(&ln->latch, qop->family, &qop->peer, qop->reqid);
	if (e) {
		strscpy(buf, e->id, IPSEC_LATCH_ID_MAX_LEN + 1);
		found = true;
	}
	rcu_read_unlock();
	return found;
}

int ipsec_latch_identity_cmp(struct ipsec_latch_net *ln,
			     const struct ipsec_latch_qop *qop, const char *id)
{
	struct ipsec_latch_identity *e;
	int ret = -1;

	rcu_read_lock();
	e = id_find(&ln->latch, qop->family, &qop->peer, qop->reqid);
	if (e)
		ret = !strcmp(e->id, id);
	rcu_read_unlock();
	return ret;
}

int ipsec_latch_identity_set(struct ipsec_latch_net *ln, u8 family,
			     const xfrm_address_t *peer, u32 reqid,
			     const char *id, struct netlink_ext_ack *extack)
{
	struct ipsec_latch_table *t = &ln->latch;
	struct ipsec_latch_identity *e, *old;

	e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	if (!e)
		return -ENOMEM;
	e->family = family;
	e->peer = *peer;
	e->reqid = reqid;
	strscpy(e->id, id, sizeof(e->id));

	spin_lock_bh(&t->id_lock);
	old = id_find(t, family, peer, reqid);
	if (!old && t->id_count >= READ_ONCE(ipsec_latch_max_identities)) {
		spin_unlock_bh(&t->id_lock);
		kfree(e);
		NL_SET_ERR_MSG(extack, "max_identities annotations exist already");
		return -ENOSPC;
	}
	if (old) {
		hlist_replace_rcu(&old->node, &e->node);
		kfree_rcu(old, rcu);
	} else {
		hlist_add_head_rcu(&e->node,
				   &t->ids[id_bucket(t, family, peer, reqid)]);
		t->id_count++;
	}
	spin_unlock_bh(&t->id_lock);
	return 0;
}

/* id: only if it names that identity (else -ESRCH); NULL: whichever. */
int ipsec_latch_identity_del(struct ipsec_latch_net *ln, u8 family,
			     const xfrm_address_t *peer, u32 reqid,
			     const char *id)
{
	struct ipsec_latch_table *t = &ln->latch;
	struct ipsec_latch_identity *e;

	spin_lock_bh(&t->id_lock);
	e = id_find(t, family, peer, reqid);
	if (e && id && strcmp(e->id, id)) {
		spin_unlock_bh(&t->id_lock);
		return -ESRCH;
	}
	if (e) {
		hlist_del_rcu(&e->node);
		t->id_count--;
	}
	spin_unlock_bh(&t->id_lock);
	if (!e)
		return -ENOENT;
	kfree_rcu(e, rcu);
	return 0;
}

int ipsec_latch_identity_dump(struct ipsec_latch_net *ln, struct sk_buff *skb,
			      unsigned long *pos,
			      int (*fill)(struct sk_buff *skb, u8 family,
					  const xfrm_address_t *peer,
					  u32 reqid, const char *id,
					  void *arg),
			      void *arg)
{
	struct ipsec_latch_table *t = &ln->latch;
	struct ipsec_latch_identity *e;
	unsigned long i, n = 0;
	int err = 0;

	spin_lock_bh(&t->id_lock);
	for (i = 0; i < ARRAY_SIZE(t->ids) && !err; i++) {
		hlist_for_each_entry(e, &t->ids[i], node) {
			if (n++ < *pos)
				continue;
			err = fill(skb, e->family, &e->peer, e->reqid, e->id,
				   arg);
			if (err)
				break;
			(*pos)++;
		}
	}
	spin_unlock_bh(&t->id_lock);
	return err;
}

void ipsec_latch_identity_flush(struct ipsec_latch_net *ln)
{
	struct ipsec_latch_table *t = &ln->latch;
	struct ipsec_latch_identity *e;
	struct hlist_node *tmp;
	int i;

	spin_lock_bh(&t->id_lock);
	for (i = 0; i < ARRAY_SIZE(t->ids); i++) {
		hlist_for_each_entry_safe(e, tmp, &t->ids[i], node) {
			hlist_del_rcu(&e->node);
			kfree_rcu(e, rcu);
		}
	}
	t->id_count = 0;
	spin_unlock_bh(&t->id_lock);
}
