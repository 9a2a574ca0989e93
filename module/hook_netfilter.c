// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter hooks that feed the latches, IPv4 and IPv6, in each netns that
 * latches (from its first template or transparent mode on, until it goes;
 * a netns that never latches pays nothing per packet):
 *  - LOCAL_IN sees a local TCP/UDP packet after IPsec input and after the
 *    filter table (what the firewall drops makes no latch), with the SAs
 *    that carried it in its secpath (none: it came in the clear);
 *  - LOCAL_OUT sees a local packet with its route: an xfrm bundle (the SA
 *    it will leave under), a larval route (held for an SA being made), or
 *    a plain route (it would leave in the clear).
 * Packets the resolution code releases skip LOCAL_OUT, so it asks
 * ipsec_latch_output_ok() before sending them.
 * xt_policy.c is the reference for reading both.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/netfilter/nf_socket.h>
#include <net/netns/generic.h>
#include <net/xfrm.h>

#include "ipsec_latch.h"

/* Read the 5-tuple and TCP flags; false for what latching ignores. */
bool ipsec_latch_parse_packet(struct sk_buff *skb, bool out,
			      struct ipsec_latch_pkt *pkt)
{
	struct ipsec_latch_tuple *tu = &pkt->tuple;
	xfrm_address_t saddr = {}, daddr = {};
	struct tcphdr _th;
	const struct tcphdr *th;
	__be16 _ports[2];
	const __be16 *ports;
	int thoff;
	u8 proto;

	memset(pkt, 0, sizeof(*pkt));
	pkt->skb = skb;
	if (skb->protocol == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);
		unsigned short fragoff = 0;
		int ret;

		thoff = 0;
		ret = ipv6_find_hdr(skb, &thoff, -1, &fragoff, NULL);
		if (ret < 0 || fragoff)
			return false;
		proto = ret;
		tu->family = AF_INET6;
		saddr.in6 = ip6h->saddr;
		daddr.in6 = ip6h->daddr;
	} else {
		const struct iphdr *iph = ip_hdr(skb);

		if (iph->version != 4 || (ntohs(iph->frag_off) & IP_OFFSET))
			return false;
		proto = iph->protocol;
		thoff = skb_network_offset(skb) + iph->ihl * 4;
		tu->family = AF_INET;
		saddr.a4 = iph->saddr;
		daddr.a4 = iph->daddr;
	}
	if (proto != IPPROTO_TCP && proto != IPPROTO_UDP)
		return false;
	ports = skb_header_pointer(skb, thoff, sizeof(_ports), _ports);
	if (!ports)
		return false;
	tu->proto = proto;
	pkt->out = out;
	if (out) {
		tu->laddr = saddr;
		tu->raddr = daddr;
		tu->lport = ports[0];
		tu->rport = ports[1];
	} else {
		tu->laddr = daddr;
		tu->raddr = saddr;
		tu->lport = ports[1];
		tu->rport = ports[0];
	}
	if (proto == IPPROTO_TCP) {
		th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
		if (!th)
			return false;
		pkt->syn_only = th->syn && !th->ack;
		pkt->fin = th->fin;
		pkt->rst = th->rst;
	}
	return true;
}

/* The SA that protects (ESP/AH; not IPcomp alone) in a bundle or secpath. */
static bool is_protecting(const struct xfrm_state *x)
{
	return x->id.proto == IPPROTO_ESP || x->id.proto == IPPROTO_AH;
}

static void classify_in(struct sk_buff *skb, struct ipsec_latch_pkt *pkt)
{
	struct sec_path *sp = skb_sec_path(skb);
	int i;

	pkt->carrier = IPSEC_LATCH_CARRIER_CLEAR;
	for (i = 0; sp && i < sp->len; i++) {
		if (is_protecting(sp->xvec[i])) {
			pkt->carrier = IPSEC_LATCH_CARRIER_SA;
			pkt->x = sp->xvec[i];
			return;
		}
	}
}

static void classify_out(struct sk_buff *skb, struct ipsec_latch_pkt *pkt)
{
	struct dst_entry *dst = skb_dst(skb);
	struct sock *sk = skb->sk;

	pkt->sk = sk && sk_fullsock(sk) ? sk : NULL;
	pkt->connected_sk = pkt->sk && sk->sk_state == TCP_ESTABLISHED;
	pkt->carrier = IPSEC_LATCH_CARRIER_CLEAR;
	if (!dst)
		return;
	/* Held for an SA, or dropped by a blackhole: it does not leave. */
	if (ipsec_latch_res_dst_is_larval(dst) ||
	    (dst->flags & DST_XFRM_QUEUE) || dst->output == dst_discard_out) {
		pkt->carrier = IPSEC_LATCH_CARRIER_HELD;
		return;
	}
	for (; dst && dst->xfrm; dst = xfrm_dst_child(dst)) {
		if (is_protecting(dst->xfrm)) {
			pkt->carrier = IPSEC_LATCH_CARRIER_SA;
			pkt->x = dst->xfrm;
			return;
		}
	}
}

/*
 * Would a socket take this inbound packet: a segment of a connection or
 * handshake, a SYN for a listener (or one that may reopen a TIME_WAIT),
 * a datagram for a bound socket? netfilter's socket lookup is the one the
 * socket match uses; early demux may have found the socket already.
 */
bool ipsec_latch_pkt_has_socket(const struct ipsec_latch_pkt *pkt)
{
	struct sk_buff *skb = pkt->skb;
	struct net *net = dev_net(pkt->indev);
	struct sock *sk = skb->sk;
	bool yes;

	if (!sk) {
		if (pkt->tuple.family == AF_INET6)
			sk = nf_sk_lookup_slow_v6(net, skb, pkt->indev);
		else
			sk = nf_sk_lookup_slow_v4(net, skb, pkt->indev);
		if (!sk)
			return false;
	}
	switch (sk->sk_state) {
	case TCP_LISTEN:
	case TCP_TIME_WAIT:
		yes = pkt->syn_only;
		break;
	default:
		yes = true;
	}
	if (sk != skb->sk)
		sock_gen_put(sk);
	return yes;
}

/*
 * The device a new flow's first packet came in by, or the one its socket
 * is bound to, or goes out by: the GC's socket lookups need it to find a
 * socket bound to a device. 0 for a packet the hooks did not see.
 */
int ipsec_latch_pkt_ifindex(const struct ipsec_latch_pkt *pkt)
{
	struct sk_buff *skb = pkt->skb;
	int bound;

	if (pkt->indev)
		return pkt->indev->ifindex;
	if (!skb)
		return 0;
	if (skb->sk && sk_fullsock(skb->sk)) {
		bound = READ_ONCE(skb->sk->sk_bound_dev_if);
		if (bound)
			return bound;
	}
	return skb_dst(skb) && skb_dst(skb)->dev ? skb_dst(skb)->dev->ifindex :
						   0;
}

static bool latch_verdict(struct net *net, struct sk_buff *skb,
			  const struct net_device *indev, bool out)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(net);
	struct ipsec_latch_pkt pkt;

	if (!ln || !ipsec_latch_active(ln))
		return true;
	/* An IPsec packet (the outer one) is not a flow's packet. */
	if (out && skb->protocol == htons(ETH_P_IP) &&
	    (IPCB(skb)->flags & IPSKB_XFRM_TRANSFORMED))
		return true;
	if (out && skb->protocol == htons(ETH_P_IPV6) &&
	    (IP6CB(skb)->flags & IP6SKB_XFRM_TRANSFORMED))
		return true;
	/*
	 * Routed into an xfrm interface: its SA is chosen there, after this
	 * hook, so the route tells nothing of its protection. Not latched.
	 */
	if (out && skb_dst(skb) && !skb_dst(skb)->xfrm &&
	    ipsec_latch_dev_is_xfrmi(skb_dst(skb)->dev))
		return true;
	if (!ipsec_latch_parse_packet(skb, out, &pkt))
		return true;
	pkt.indev = indev;
	if (out)
		classify_out(skb, &pkt);
	else
		classify_in(skb, &pkt);
	return ipsec_latch_check_packet(ln, &pkt);
}

bool ipsec_latch_output_ok(struct net *net, struct sk_buff *skb)
{
	bool ok;

	rcu_read_lock();
	ok = latch_verdict(net, skb, NULL, true);
	rcu_read_unlock();
	return ok;
}

/* Dropped at LOCAL_OUT, the sender's call fails with EPERM. */
static unsigned int latch_hook(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	bool out = state->hook == NF_INET_LOCAL_OUT;

	ipsec_latch_hook_ran((uintptr_t)priv);
	if (latch_verdict(state->net, skb, state->in, out))
		return NF_ACCEPT;
	return NF_DROP;
}

static const struct nf_hook_ops latch_nf_ops[] = {
	{
		.hook = latch_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_IN,
		.priv = (void *)IPSEC_LATCH_HOOK_NF_IPV4_LOCAL_IN,
		.priority = NF_IP_PRI_FILTER + 1,
	},
	{
		.hook = latch_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_OUT,
		.priv = (void *)IPSEC_LATCH_HOOK_NF_IPV4_LOCAL_OUT,
		.priority = NF_IP_PRI_FILTER + 1,
	},
	{
		.hook = latch_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_IN,
		.priv = (void *)IPSEC_LATCH_HOOK_NF_IPV6_LOCAL_IN,
		.priority = NF_IP6_PRI_FILTER + 1,
	},
	{
		.hook = latch_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_OUT,
		.priv = (void *)IPSEC_LATCH_HOOK_NF_IPV6_LOCAL_OUT,
		.priority = NF_IP6_PRI_FILTER + 1,
	},
};

static DEFINE_MUTEX(latch_nf_mutex);

/*
 * From netlink, when @ln is told to latch; then on until the netns goes.
 * Idempotent.
 */
int ipsec_latch_nf_hooks_on(struct ipsec_latch_net *ln,
			    struct netlink_ext_ack *extack)
{
	int err = 0;

	mutex_lock(&latch_nf_mutex);
	if (!ln->nf_hooks) {
		err = nf_register_net_hooks(ipsec_latch_net_of(ln), latch_nf_ops,
					    ARRAY_SIZE(latch_nf_ops));
		if (err)
			NL_SET_ERR_MSG(extack,
				       "cannot register the netfilter hooks latching needs");
		else
			ln->nf_hooks = true;
	}
	mutex_unlock(&latch_nf_mutex);
	return err;
}

/* Runs before the latch table of the netns is freed (registered later). */
static void __net_exit latch_nf_net_exit(struct net *net)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(net);

	mutex_lock(&latch_nf_mutex);
	if (ln && ln->nf_hooks) {
		nf_unregister_net_hooks(net, latch_nf_ops,
					ARRAY_SIZE(latch_nf_ops));
		ln->nf_hooks = false;
	}
	mutex_unlock(&latch_nf_mutex);
}

static struct pernet_operations latch_nf_net_ops = {
	.exit = latch_nf_net_exit,
};

int ipsec_latch_hook_netfilter_init(void)
{
	return register_pernet_subsys(&latch_nf_net_ops);
}

void ipsec_latch_hook_netfilter_exit(void)
{
	unregister_pernet_subsys(&latch_nf_net_ops);
}
