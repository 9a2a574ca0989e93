// SPDX-License-Identifier: GPL-2.0
/*
 * Latch templates, RFC 5660's template PAD entries: LISTENER (local
 * address or any, protocol, local port) and CONNECTOR (remote address and
 * port; local address and port, or any).
 * A new flow that matches one is cloned into a latch. The list is short
 * and read per new flow under RCU; the admin changes it under a mutex.
 */
#include <net/genetlink.h>

#include "ipsec_latch.h"

static bool tmpl_same(const struct ipsec_latch_tmpl *a,
		      const struct ipsec_latch_tmpl *b)
{
	return a->kind == b->kind && a->any_local == b->any_local &&
	       a->any_lport == b->any_lport &&
	       !memcmp(&a->match, &b->match, sizeof(a->match));
}

int ipsec_latch_tmpl_add(struct ipsec_latch_net *ln,
			 struct ipsec_latch_tmpl *t,
			 struct netlink_ext_ack *extack,
			 int (*reply)(const struct ipsec_latch_tmpl *t,
				      void *arg),
			 void *arg)
{
	struct ipsec_latch_table *lt = &ln->latch;
	struct ipsec_latch_tmpl *o;
	int err;

	mutex_lock(&lt->tmpl_mutex);
	if (lt->tmpl_count >= READ_ONCE(ipsec_latch_max_templates)) {
		mutex_unlock(&lt->tmpl_mutex);
		NL_SET_ERR_MSG(extack, "max_templates templates exist already");
		return -ENOSPC;
	}
	list_for_each_entry(o, &lt->tmpls, list) {
		if (tmpl_same(o, t)) {
			mutex_unlock(&lt->tmpl_mutex);
			NL_SET_ERR_MSG(extack,
				       "the same template exists already");
			return -EEXIST;
		}
	}
	t->id = lt->tmpl_next_id + 1;
	atomic64_set(&t->flows, 0);
	atomic64_set(&t->protected, 0);
	atomic64_set(&t->bypassed, 0);
	atomic64_set(&t->refused, 0);
	atomic64_set(&t->failed, 0);
	err = reply ? reply(t, arg) : 0;
	if (err) {
		mutex_unlock(&lt->tmpl_mutex);
		return err;
	}
	lt->tmpl_next_id = t->id;
	list_add_tail_rcu(&t->list, &lt->tmpls);
	lt->tmpl_count++;
	mutex_unlock(&lt->tmpl_mutex);
	return 0;
}

int ipsec_latch_tmpl_del(struct ipsec_latch_net *ln, u32 id)
{
	struct ipsec_latch_table *lt = &ln->latch;
	struct ipsec_latch_tmpl *t;

	mutex_lock(&lt->tmpl_mutex);
	list_for_each_entry(t, &lt->tmpls, list) {
		if (t->id == id) {
			list_del_rcu(&t->list);
			lt->tmpl_count--;
			mutex_unlock(&lt->tmpl_mutex);
			kfree_rcu(t, rcu);
			return 0;
		}
	}
	mutex_unlock(&lt->tmpl_mutex);
	return -ENOENT;
}

/* Existing latches stay: they are bound already. */
void ipsec_latch_tmpl_flush(struct ipsec_latch_net *ln)
{
	struct ipsec_latch_table *lt = &ln->latch;
	struct ipsec_latch_tmpl *t, *tmp;

	mutex_lock(&lt->tmpl_mutex);
	list_for_each_entry_safe(t, tmp, &lt->tmpls, list) {
		list_del_rcu(&t->list);
		kfree_rcu(t, rcu);
	}
	lt->tmpl_count = 0;
	mutex_unlock(&lt->tmpl_mutex);
}

static bool tmpl_matches(const struct ipsec_latch_tmpl *t,
			 const struct ipsec_latch_tuple *f)
{
	const struct ipsec_latch_tuple *m = &t->match;

	if (m->family != f->family || m->proto != f->proto ||
	    (!t->any_lport && m->lport != f->lport))
		return false;
	if (!t->any_local && !xfrm_addr_equal(&m->laddr, &f->laddr, f->family))
		return false;
	if (t->kind == IPSEC_LATCH_TMPL_LISTENER)
		return true;
	return m->rport == f->rport &&
	       xfrm_addr_equal(&m->raddr, &f->raddr, f->family);
}

/* CONNECTORs are more specific than LISTENERs: they win. */
struct ipsec_latch_tmpl *
ipsec_latch_tmpl_match(struct ipsec_latch_net *ln,
		       const struct ipsec_latch_tuple *tuple)
{
	struct ipsec_latch_tmpl *t, *found = NULL;

	list_for_each_entry_rcu(t, &ln->latch.tmpls, list) {
		if (!tmpl_matches(t, tuple))
			continue;
		if (t->kind == IPSEC_LATCH_TMPL_CONNECTOR)
			return t;
		if (!found)
			found = t;
	}
	return found;
}

struct ipsec_latch_tmpl *ipsec_latch_tmpl_by_id(struct ipsec_latch_net *ln,
						u32 id)
{
	struct ipsec_latch_tmpl *t;

	list_for_each_entry_rcu(t, &ln->latch.tmpls, list)
		if (t->id == id)
			return t;
	return NULL;
}

int ipsec_latch_tmpl_fill(struct sk_buff *skb,
			  const struct ipsec_latch_tmpl *t)
{
	const struct ipsec_latch_tuple *m = &t->match;
	unsigned int alen = ipsec_latch_addr_len(m->family);
	struct nlattr *nest = nla_nest_start(skb, IPSEC_LATCH_A_TEMPLATE);

	if (!nest ||
	    nla_put_u32(skb, IPSEC_LATCH_TMPL_A_ID, t->id) ||
	    nla_put_u8(skb, IPSEC_LATCH_TMPL_A_KIND, t->kind) ||
	    nla_put_u8(skb, IPSEC_LATCH_TMPL_A_FAMILY, m->family) ||
	    nla_put_u8(skb, IPSEC_LATCH_TMPL_A_PROTO, m->proto) ||
	    (!t->any_local &&
	     nla_put(skb, IPSEC_LATCH_TMPL_A_LOCAL_ADDR, alen, &m->laddr)) ||
	    (!t->any_lport &&
	     nla_put_u16(skb, IPSEC_LATCH_TMPL_A_LOCAL_PORT, ntohs(m->lport))) ||
	    (t->kind == IPSEC_LATCH_TMPL_CONNECTOR &&
	     (nla_put(skb, IPSEC_LATCH_TMPL_A_REMOTE_ADDR, alen, &m->raddr) ||
	      nla_put_u16(skb, IPSEC_LATCH_TMPL_A_REMOTE_PORT,
			  ntohs(m->rport)))) ||
	    nla_put_u8(skb, IPSEC_LATCH_TMPL_A_ACTION, t->action) ||
	    (t->action == IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT &&
	     nla_put_u32(skb, IPSEC_LATCH_TMPL_A_FALLBACK_MS, t->fallback_ms)) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_TMPL_A_FLOWS,
			      atomic64_read(&t->flows), IPSEC_LATCH_TMPL_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_TMPL_A_PROTECTED,
			      atomic64_read(&t->protected),
			      IPSEC_LATCH_TMPL_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_TMPL_A_BYPASSED,
			      atomic64_read(&t->bypassed),
			      IPSEC_LATCH_TMPL_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_TMPL_A_REFUSED,
			      atomic64_read(&t->refused),
			      IPSEC_LATCH_TMPL_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSEC_LATCH_TMPL_A_FAILED,
			      atomic64_read(&t->failed),
			      IPSEC_LATCH_TMPL_A_PAD)) {
		if (nest)
			nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int ipsec_latch_tmpl_dump(struct ipsec_latch_net *ln, struct sk_buff *skb,
			  unsigned long *pos,
			  int (*fill)(struct sk_buff *skb,
				      const struct ipsec_latch_tmpl *t,
				      void *arg),
			  void *arg)
{
	struct ipsec_latch_tmpl *t;
	unsigned long n = 0;
	int err = 0;

	mutex_lock(&ln->latch.tmpl_mutex);
	list_for_each_entry(t, &ln->latch.tmpls, list) {
		if (n++ < *pos)
			continue;
		err = fill(skb, t, arg);
		if (err)
			break;
		(*pos)++;
	}
	mutex_unlock(&ln->latch.tmpl_mutex);
	return err;
}
