// SPDX-License-Identifier: GPL-2.0
/*
 * Resolutions over netlink: one as an IPSEC_LATCH_A_RES nest (dumps and
 * events), and the walk of a netns's table that a dump makes.
 */
#include <net/netlink.h>

#include "ipsec_latch.h"
#include "resolve.h"

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
	     nla_put_u32(skb, IPSEC_LATCH_RES_A_ERROR, -res->error)) ||
	    (k->if_id && nla_put_u32(skb, IPSEC_LATCH_RES_A_IF_ID, k->if_id)) ||
	    (k->mark && nla_put_u32(skb, IPSEC_LATCH_RES_A_MARK, k->mark))) {
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

	if (!*bucket && !*pos)
		ipsec_latch_res_records_apply();	/* show what probes saw */
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
