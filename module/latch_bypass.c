// SPDX-License-Identifier: GPL-2.0
/*
 * A BYPASS latch's own SPD entries. RFC 5660's BYPASS-OR-PROTECT clones
 * "a BYPASS entry for just that 5-tuple": here a pair of real xfrm
 * policies (in and out), action allow, no templates, the flow's full
 * 5-tuple as selector, at priority 0 (the best). Every kernel path that
 * consults the SPD then keeps the flow in the clear, both ways, whatever
 * policies and SAs for the peer appear later: the socket's own sends,
 * SYN-ACKs and RSTs routed for it, the inbound policy check. They show in
 * `ip xfrm policy`, and go when the latch is freed.
 */
#include <net/xfrm.h>

#include "ipsec_latch.h"

#define IPSEC_LATCH_BYPASS_PRIORITY 0

/* The order of a latch's bypass_spd[] pair. */
static const int bypass_dirs[2] = { XFRM_POLICY_IN, XFRM_POLICY_OUT };

static struct xfrm_policy *bypass_policy(struct net *net,
					 const struct ipsec_latch_tuple *tu,
					 int dir)
{
	struct xfrm_policy *pol = xfrm_policy_alloc(net, GFP_ATOMIC |
						  __GFP_ACCOUNT);
	struct xfrm_selector *sel;
	u8 plen = tu->family == AF_INET6 ? 128 : 32;
	bool in = dir == XFRM_POLICY_IN;

	if (!pol)
		return NULL;
	sel = &pol->selector;
	sel->family = tu->family;
	sel->proto = tu->proto;
	sel->prefixlen_s = plen;
	sel->prefixlen_d = plen;
	sel->saddr = in ? tu->raddr : tu->laddr;
	sel->daddr = in ? tu->laddr : tu->raddr;
	sel->sport = in ? tu->rport : tu->lport;
	sel->dport = in ? tu->lport : tu->rport;
	sel->sport_mask = htons(0xffff);
	sel->dport_mask = htons(0xffff);
	pol->lft.soft_byte_limit = XFRM_INF;
	pol->lft.hard_byte_limit = XFRM_INF;
	pol->lft.soft_packet_limit = XFRM_INF;
	pol->lft.hard_packet_limit = XFRM_INF;
	pol->priority = IPSEC_LATCH_BYPASS_PRIORITY;
	pol->action = XFRM_POLICY_ALLOW;
	pol->type = XFRM_POLICY_TYPE_MAIN;
	pol->family = tu->family;
	return pol;
}

/* Never linked: the kernel's destructor wants it marked dead. */
static void bypass_policy_free(struct xfrm_policy *pol)
{
	pol->walk.dead = 1;
	xfrm_policy_destroy(pol);
}

/*
 * Atomic context allowed. Fills @pols; each keeps the reference it was
 * allocated with (ours: linking into the SPD takes the SPD's own, which
 * xfrm_policy_delete() or a flush drops). On failure nothing is left
 * behind.
 */
int ipsec_latch_bypass_spd_add(struct net *net,
			       const struct ipsec_latch_tuple *tu,
			       struct xfrm_policy *pols[2])
{
	int i, err;

	for (i = 0; i < 2; i++) {
		pols[i] = bypass_policy(net, tu, bypass_dirs[i]);
		if (!pols[i]) {
			err = -ENOMEM;
			goto undo;
		}
		/* Exclusive: never replace an entry someone else made. */
		err = xfrm_policy_insert(bypass_dirs[i], pols[i], 1);
		if (err) {
			bypass_policy_free(pols[i]);
			pols[i] = NULL;
			goto undo;
		}
	}
	return 0;

undo:
	ipsec_latch_bypass_spd_del(pols);
	return err;
}

/* Gone from the SPD already if the admin flushed it: then only our
 * reference is left to drop.
 */
void ipsec_latch_bypass_spd_del(struct xfrm_policy *pols[2])
{
	int i;

	for (i = 0; i < 2; i++) {
		if (!pols[i])
			continue;
		xfrm_policy_delete(pols[i], bypass_dirs[i]);
		xfrm_pol_put(pols[i]);
		pols[i] = NULL;
	}
}

/*
 * Would the SPD let this clear inbound packet in? A BYPASS-OR-PROTECT
 * responder latches a clear first packet only then: with no inbound
 * policy for it, or an optional one ("level use"). A required policy
 * keeps its meaning.
 */
bool ipsec_latch_spd_admits_clear(struct sk_buff *skb)
{
	unsigned short family = skb->protocol == htons(ETH_P_IPV6) ?
				AF_INET6 : AF_INET;

	return xfrm_policy_check(NULL, XFRM_POLICY_IN, skb, family);
}
