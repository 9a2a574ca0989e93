// SPDX-License-Identifier: GPL-2.0
/*
 * Hold routes: where a forwarded packet of a waiting flow goes instead of
 * being dropped. __xfrm_route_forward() fails such a packet (larval_drop
 * = 1); its probe gives it the hold route of its output device instead
 * (hook_lookup.c), so FORWARD rules see the real device and
 * ip_forward_finish() does its part; the hold route's output then holds
 * the packet with its flow's resolution, or re-routes it (resolve_queue.c).
 * Its own route is never used: a packet that outlives its wait leaves by
 * a new lookup or not at all.
 *
 * The probe runs where nothing may be allocated, so each device that is
 * up has its pair (IPv4, IPv6) made beforehand, by a netdevice notifier,
 * with the exported constructors; the pair goes when the device does.
 */
#include <linux/hashtable.h>
#include <linux/netdevice.h>
#include <net/addrconf.h>
#include <net/dst.h>
#include <net/ip6_route.h>
#include <net/route.h>

#include "ipsec_latch.h"
#include "resolve.h"

struct hold_routes {
	struct hlist_node node;
	const struct net_device *dev;
	struct dst_entry *dst[2];	/* IPv4, IPv6 */
	struct rcu_head rcu;
};

/* Written under RTNL (the notifier), read under RCU (the probe). */
static DEFINE_HASHTABLE(hold_routes, 8);

static struct hold_routes *hold_routes_find(const struct net_device *dev)
{
	struct hold_routes *hr;

	hash_for_each_possible_rcu(hold_routes, hr, node, (unsigned long)dev)
		if (hr->dev == dev)
			return hr;
	return NULL;
}

struct dst_entry *ipsec_latch_res_hold_route(const struct net_device *dev,
					     u16 family)
{
	struct dst_entry *dst = NULL;
	struct hold_routes *hr;

	rcu_read_lock();
	hr = hold_routes_find(dev);
	if (hr) {
		dst = READ_ONCE(hr->dst[family == AF_INET6]);
		if (dst && !dst_hold_safe(dst))
			dst = NULL;
	}
	rcu_read_unlock();
	return dst;
}

/*
 * What the forwarding path reads of it: the device (MTU, FORWARD's output
 * device, counters), an input route's role (IP options name this router),
 * and no gateway, so no redirect is computed from it (the probe also
 * clears IPv4's redirect flag; IPv6's below).
 */
static struct dst_entry *hold_route4(struct net_device *dev)
{
	struct rtable *rt = rt_dst_alloc(dev, 0, RTN_UNICAST, true);

	if (!rt)
		return NULL;
	rt->rt_is_input = 1;
	return &rt->dst;
}

static struct dst_entry *hold_route6(struct net_device *dev)
{
#if IS_ENABLED(CONFIG_IPV6)
	struct rt6_info *rt;

	if (!__in6_dev_get(dev))
		return NULL;	/* no IPv6 on it: nothing to forward */
	rt = ip6_dst_alloc(dev_net(dev), dev, DST_NOXFRM);
	if (!rt)
		return NULL;
	rt->rt6i_idev = in6_dev_get(dev);	/* forwarding counts on it */
	/*
	 * ip6_forward() sends a redirect for a packet that leaves by the
	 * device it came in on, naming the route's gateway: "::", which
	 * ndisc_send_redirect() refuses as not link-local, sending nothing.
	 */
	rt->rt6i_flags = RTF_GATEWAY;
	rt->rt6i_gateway = in6addr_any;
	return &rt->dst;
#else
	return NULL;
#endif
}

static void hold_routes_add(struct net_device *dev)
{
	struct hold_routes *hr;
	int i;

	if (hold_routes_find(dev))
		return;
	hr = kzalloc(sizeof(*hr), GFP_KERNEL);
	if (!hr)
		return;		/* its forwarded packets meet stock behaviour */
	hr->dev = dev;
	hr->dst[0] = hold_route4(dev);
	hr->dst[1] = hold_route6(dev);
	for (i = 0; i < ARRAY_SIZE(hr->dst); i++)
		if (hr->dst[i])
			hr->dst[i]->output = ipsec_latch_res_forward_output;
	hash_add_rcu(hold_routes, &hr->node, (unsigned long)dev);
}

static void hold_routes_del(const struct net_device *dev)
{
	struct hold_routes *hr = hold_routes_find(dev);
	int i;

	if (!hr)
		return;
	hash_del_rcu(&hr->node);
	for (i = 0; i < ARRAY_SIZE(hr->dst); i++) {
		if (!hr->dst[i])
			continue;
		/* Packets still on it (in flight, not held) are dropped. */
		WRITE_ONCE(hr->dst[i]->output, dst_discard_out);
		dst_release(hr->dst[i]);
	}
	kfree_rcu(hr, rcu);
}

static int hold_routes_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (event == NETDEV_UP)
		hold_routes_add(dev);
	else if (event == NETDEV_UNREGISTER)
		hold_routes_del(dev);	/* also replayed by our unregister */
	return NOTIFY_DONE;
}

static struct notifier_block hold_routes_notifier = {
	.notifier_call = hold_routes_event,
};

int ipsec_latch_res_hold_routes_init(void)
{
	return register_netdevice_notifier(&hold_routes_notifier);
}

void ipsec_latch_res_hold_routes_exit(void)
{
	unregister_netdevice_notifier(&hold_routes_notifier);
	/* No CPU still runs our output on a route it read before. */
	synchronize_net();
}
