// SPDX-License-Identifier: GPL-2.0
/*
 * Route-based VPNs: packets routed into an xfrm interface (ip link ... type
 * xfrm; strongSwan's if_id_in/if_id_out) get their SA looked up by the
 * interface's transmit function, with the interface's if_id, and are
 * dropped there while no SA exists. The socket's own route lookup sees no
 * policy (policies with an if_id only match lookups with it), so nothing
 * else notices the wait.
 *
 * A netfilter egress hook on each xfrm interface (and on no other device)
 * asks the same lookup first. When it fails because the flow's SA is
 * being resolved (noted by the xfrm_state_find probe, keyed by if_id and
 * mark), the packet is held with the resolution and re-sent through its
 * route once the SA exists (passing this hook then, whatever the
 * interface's lookup finds); the sender waits as for any held packet. Any
 * other outcome goes on to the interface, as stock. The cost: one more
 * xfrm lookup per packet on xfrm interfaces, in netns where resolution
 * is on (bench/xfrmi.sh). Interfaces in collect_md mode (if_id per
 * packet, from BPF) and interfaces whose xfrm netns differs from their own
 * are left alone.
 */
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_netdev.h>
#include <linux/rtnetlink.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/xfrm.h>

#include "compat.h"
#include "ipsec_latch.h"

/* One egress hook per xfrm interface; the list is rtnl's. */
struct xfrmi_hook {
	struct list_head node;
	struct net_device *dev;
	struct nf_hook_ops ops;
	struct rcu_head rcu;
};

static LIST_HEAD(xfrmi_hooks);
atomic_t ipsec_latch_xfrmi_count = ATOMIC_INIT(0);

/*
 * The interface's own lookup would fail: is it because this flow waits
 * for an SA? Decoded as xfrmi_xmit() decodes it, on a cleared control
 * block as there (the decoder reads IP6CB), which is then put back.
 */
static bool xfrmi_flow_waits(const struct xfrm_if *xi, struct sk_buff *skb,
			     struct ipsec_latch_flow_key *flow)
{
	u16 family = skb->protocol == htons(ETH_P_IPV6) ? AF_INET6 : AF_INET;
	char cb[sizeof(skb->cb)];
	struct dst_entry *dst;
	struct flowi fl;
	int err;

	memcpy(cb, skb->cb, sizeof(cb));
	memset(skb->cb, 0, sizeof(skb->cb));
	memset(&fl, 0, sizeof(fl));
	err = ipsec_latch_compat_decode_session(xi->net, skb, &fl, family);
	memcpy(skb->cb, cb, sizeof(cb));
	if (err)
		return false;
	fl.flowi_oif = xi->p.link;
	dst = xfrm_lookup_with_ifid(xi->net, dst_clone(skb_dst(skb)), &fl,
				    NULL, 0, xi->p.if_id);
	if (!IS_ERR(dst)) {
		dst_release(dst);
		return false;
	}
	/* A missing SA, with larval_drop on or off; not a block policy. */
	if (PTR_ERR(dst) != -EREMOTE && PTR_ERR(dst) != -EAGAIN)
		return false;
	ipsec_latch_flow_key_from_flowi(flow, &fl, family, xi->p.if_id);
	return true;
}

static unsigned int xfrmi_egress(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	const struct xfrm_if *xi = netdev_priv(state->out);
	struct ipsec_latch_flow_key flow;
	struct ipsec_latch_net *ln;

	ipsec_latch_hook_ran(IPSEC_LATCH_HOOK_NF_XFRMI_EGRESS);
	if (xi->p.collect_md || !net_eq(xi->net, state->net))
		return NF_ACCEPT;
	/* A held packet on its way out: the interface decides now. */
	if (ipsec_latch_res_resending())
		return NF_ACCEPT;
	ln = ipsec_latch_net(xi->net);
	if (!ln || READ_ONCE(ln->mode) == IPSEC_LATCH_MODE_OFF)
		return NF_ACCEPT;
	if (!skb_dst(skb) || (skb->protocol != htons(ETH_P_IP) &&
			      skb->protocol != htons(ETH_P_IPV6)))
		return NF_ACCEPT;	/* the interface routes it itself */
	if (!xfrmi_flow_waits(xi, skb, &flow))
		return NF_ACCEPT;
	return ipsec_latch_res_hold_flow(xi->net, skb, &flow) ? NF_STOLEN :
								NF_ACCEPT;
}

static void xfrmi_hook_add(struct net_device *dev)
{
	struct xfrmi_hook *h = kzalloc(sizeof(*h), GFP_KERNEL);
	int err = -ENOMEM;

	if (!h)
		goto fail;
	h->dev = dev;
	h->ops.hook = xfrmi_egress;
	h->ops.pf = NFPROTO_NETDEV;
	h->ops.hooknum = NF_NETDEV_EGRESS;
	h->ops.dev = dev;
	/*
	 * After the interface's own egress filters. A held packet is sent
	 * again from its route when released: POSTROUTING and those
	 * filters see it a second time then.
	 */
	h->ops.priority = INT_MAX;
	err = nf_register_net_hook(dev_net(dev), &h->ops);
	if (err) {
		kfree(h);
		goto fail;
	}
	list_add(&h->node, &xfrmi_hooks);
	atomic_inc(&ipsec_latch_xfrmi_count);
	return;
fail:
	pr_warn("%s: no SA resolution for this xfrm interface: %d\n",
		dev->name, err);
}

static void xfrmi_hook_del(struct net_device *dev)
{
	struct xfrmi_hook *h;

	list_for_each_entry(h, &xfrmi_hooks, node) {
		if (h->dev != dev)
			continue;
		nf_unregister_net_hook(dev_net(dev), &h->ops);
		list_del(&h->node);
		atomic_dec(&ipsec_latch_xfrmi_count);
		ipsec_latch_hooks_disarm_soon();
		/* netfilter's hook lists point at ops until a grace period. */
		kfree_rcu(h, rcu);
		return;
	}
}

/*
 * Registering replays REGISTER for every existing device, unregistering
 * replays UNREGISTER; a device moving between netns gets both.
 */
static int xfrmi_netdev_event(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (!ipsec_latch_dev_is_xfrmi(dev))
		return NOTIFY_DONE;
	if (event == NETDEV_REGISTER)
		xfrmi_hook_add(dev);
	else if (event == NETDEV_UNREGISTER)
		xfrmi_hook_del(dev);
	return NOTIFY_DONE;
}

static struct notifier_block xfrmi_notifier = {
	.notifier_call = xfrmi_netdev_event,
};

int ipsec_latch_hook_xfrmi_init(void)
{
	return register_netdevice_notifier(&xfrmi_notifier);
}

/* The caller waits for RCU readers (and callbacks) before unloading. */
void ipsec_latch_hook_xfrmi_exit(void)
{
	unregister_netdevice_notifier(&xfrmi_notifier);
}
