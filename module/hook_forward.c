// SPDX-License-Identifier: GPL-2.0
/*
 * Forwarded packets wait for their SA at the end of FORWARD, IPv4 and
 * IPv6, in every netns: after every filter rule has seen them with their
 * real input and output devices, a packet whose flow waits for a
 * resolution is taken (NF_STOLEN) into that resolution's queue.
 *
 *  - larval_drop = 1: the forward lookup failed and the return probe on
 *    __xfrm_route_forward() gave the packet an adopted copy of its route
 *    (hook_lookup.c): that route leads to the resolution;
 *  - larval_drop = 0: the lookup gave the kernel's queue route, which
 *    would hold the packet in the policy's timer-driven queue: the flow,
 *    noted by the xfrm_state_find probe, leads to the resolution.
 *
 * Held packets keep their input device in skb->dev: a device that goes
 * away drops them (resolve_queue.c's netdevice notifier).
 */
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/dst.h>
#include <net/xfrm.h>

#include "compat.h"
#include "ipsec_latch.h"

static bool forward_flow_waits(struct net *net, struct sk_buff *skb,
			       u16 family)
{
	struct ipsec_latch_flow_key flow;
	struct flowi fl;

	if (ipsec_latch_compat_decode_session(net, skb, &fl, family))
		return false;
	ipsec_latch_flow_key_from_flowi(&flow, &fl, family, 0);
	return ipsec_latch_res_hold_flow(net, skb, &flow);
}

static unsigned int forward_hold(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	struct dst_entry *dst = skb_dst(skb);
	struct ipsec_latch_net *ln;

	ipsec_latch_hook_ran((uintptr_t)priv);
	if (!dst)
		return NF_ACCEPT;
	if (ipsec_latch_res_dst_is_larval(dst)) {
		/* Holds it, or drops it if its resolution just ended. */
		ipsec_latch_res_larval_output(state->net, NULL, skb);
		return NF_STOLEN;
	}
	if (!(dst->flags & DST_XFRM_QUEUE))
		return NF_ACCEPT;
	ln = ipsec_latch_net(state->net);
	if (!ln || READ_ONCE(ln->mode) == IPSEC_LATCH_MODE_OFF)
		return NF_ACCEPT;
	return forward_flow_waits(state->net, skb, state->pf == NFPROTO_IPV6 ?
				  AF_INET6 : AF_INET) ? NF_STOLEN : NF_ACCEPT;
}

static const struct nf_hook_ops forward_nf_ops[] = {
	{
		.hook = forward_hold,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_FORWARD,
		.priv = (void *)IPSEC_LATCH_HOOK_NF_IPV4_FORWARD,
		.priority = NF_IP_PRI_LAST,
	},
	{
		.hook = forward_hold,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_FORWARD,
		.priv = (void *)IPSEC_LATCH_HOOK_NF_IPV6_FORWARD,
		.priority = NF_IP6_PRI_LAST,
	},
};

static int __net_init forward_net_init(struct net *net)
{
	return nf_register_net_hooks(net, forward_nf_ops,
				     ARRAY_SIZE(forward_nf_ops));
}

static void __net_exit forward_net_exit(struct net *net)
{
	nf_unregister_net_hooks(net, forward_nf_ops,
				ARRAY_SIZE(forward_nf_ops));
}

static struct pernet_operations forward_net_ops = {
	.init = forward_net_init,
	.exit = forward_net_exit,
};

int ipsec_latch_hook_forward_init(void)
{
	return register_pernet_subsys(&forward_net_ops);
}

void ipsec_latch_hook_forward_exit(void)
{
	unregister_pernet_subsys(&forward_net_ops);
}
