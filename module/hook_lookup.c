// SPDX-License-Identifier: GPL-2.0
/*
 * Where an outbound packet meets a missing SA: return probes on the xfrm
 * lookup path.
 *
 *  - xfrm_state_find() is asked for the SA of one template; when it comes
 *    back pending (a new or running ACQUIRE) or failing (no key manager,
 *    error state), the flow is recorded against that SA's resolution.
 *  - xfrm_lookup_route() then hands the caller a blackhole dst (larval_drop
 *    = 1) or the kernel's queue dst (larval_drop = 0); the dst is recorded
 *    with its output pointed at the resolution queue, and it stays so if
 *    its flow waits for a resolution: its packets are held there instead
 *    of being dropped or held per policy;
 *  - __xfrm_route_forward() would drop a forwarded packet of a waiting
 *    flow; it gets its output device's hold route instead
 *    (resolve_forward.c), or with larval_drop = 0 its queue route is
 *    recorded (below).
 *
 * The handlers run with preemption off, where PREEMPT_RT allows no
 * spinlock_t and no allocation: they read, take references and fill
 * preallocated records (resolve_record.c), nothing else.
 */
#include <linux/kprobes.h>
#include <net/addrconf.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/xfrm.h>

#include "compat.h"
#include "ipsec_latch.h"

void ipsec_latch_flow_key_from_flowi(struct ipsec_latch_flow_key *key,
				     const struct flowi *fl, u16 family,
				     u32 if_id)
{
	memset(key, 0, sizeof(*key));
	key->family = family;
	key->if_id = if_id;
	key->mark = fl->flowi_mark;
	if (family == AF_INET6) {
		key->daddr.in6 = fl->u.ip6.daddr;
		key->saddr.in6 = fl->u.ip6.saddr;
		key->proto = fl->u.ip6.flowi6_proto;
		memcpy(&key->uli, &fl->u.ip6.uli, sizeof(key->uli));
	} else {
		key->daddr.a4 = fl->u.ip4.daddr;
		key->saddr.a4 = fl->u.ip4.saddr;
		key->proto = fl->u.ip4.flowi4_proto;
		memcpy(&key->uli, &fl->u.ip4.uli, sizeof(key->uli));
	}
}

/*
 * A forwarded packet's flow, decoded as __xfrm_route_forward() decodes it:
 * its probe and the hold route's output must find the same key.
 */
bool ipsec_latch_flow_key_from_skb(struct ipsec_latch_flow_key *key,
				   struct net *net, struct sk_buff *skb,
				   u16 family)
{
	struct flowi fl;

	if (ipsec_latch_compat_decode_session(net, skb, &fl, family))
		return false;
	ipsec_latch_flow_key_from_flowi(key, &fl, family, 0);
	return true;
}

/* xfrm_state_find(daddr, saddr, fl, tmpl, pol, err, family, if_id) */
struct state_find_args {
	const xfrm_address_t *daddr;
	const xfrm_address_t *saddr;
	const struct flowi *fl;
	const struct xfrm_tmpl *tmpl;
	struct xfrm_policy *pol;
	int *err;
	unsigned short family;
	u32 if_id;
};

static int state_find_entry(struct kretprobe_instance *ri,
			    struct pt_regs *regs)
{
	struct state_find_args *a = (void *)ri->data;

	ipsec_latch_hook_ran(IPSEC_LATCH_HOOK_XFRM_STATE_FIND);
	a->daddr = (void *)regs_get_kernel_argument(regs, 0);
	a->saddr = (void *)regs_get_kernel_argument(regs, 1);
	a->fl = (void *)regs_get_kernel_argument(regs, 2);
	a->tmpl = (void *)regs_get_kernel_argument(regs, 3);
	a->pol = (void *)regs_get_kernel_argument(regs, 4);
	a->err = (void *)regs_get_kernel_argument(regs, 5);
	a->family = regs_get_kernel_argument(regs, 6);
	a->if_id = regs_get_kernel_argument(regs, 7);
	return 0;
}

static int state_find_return(struct kretprobe_instance *ri,
			     struct pt_regs *regs)
{
	struct xfrm_state *x = (void *)regs_return_value(regs);
	struct state_find_args *a = (void *)ri->data;
	const struct xfrm_tmpl *t = a->tmpl;
	const struct xfrm_mark *m = &a->pol->mark;
	struct ipsec_latch_res_key key;
	struct ipsec_latch_flow_key flow;
	bool failed;

	if (t->optional)
		return 0;	/* the lookup goes on without this SA */
	if (x) {
		if (x->km.state != XFRM_STATE_ACQ)
			return 0;
		failed = false;
	} else if (*a->err == -EAGAIN) {
		failed = false;	/* an ACQUIRE for this SA is running */
	} else if (*a->err == -ESRCH) {
		failed = true;	/* no key manager listens, or an error state */
	} else {
		return 0;
	}
	ipsec_latch_res_key_from_tmpl(&key, t->encap_family, &t->id.daddr,
				      &t->saddr, a->daddr, a->saddr,
				      t->id.proto, t->mode, t->reqid, a->if_id,
				      m->v & m->m);
	ipsec_latch_flow_key_from_flowi(&flow, a->fl, a->family, a->if_id);
	ipsec_latch_res_record_flow(xp_net(a->pol), &key, &flow, failed);
	return 0;
}

static struct kretprobe state_find_probe = {
	.kp.symbol_name = "xfrm_state_find",
	.entry_handler = state_find_entry,
	.handler = state_find_return,
	.data_size = sizeof(struct state_find_args),
};

/* xfrm_lookup_route(net, dst_orig, fl, sk, flags) */
struct lookup_route_args {
	struct net *net;
	const struct flowi *fl;
	u16 family;
};

static int lookup_route_entry(struct kretprobe_instance *ri,
			      struct pt_regs *regs)
{
	struct lookup_route_args *a = (void *)ri->data;
	struct dst_entry *dst_orig = (void *)regs_get_kernel_argument(regs, 1);

	ipsec_latch_hook_ran(IPSEC_LATCH_HOOK_XFRM_LOOKUP_ROUTE);
	a->net = (void *)regs_get_kernel_argument(regs, 0);
	/* Nothing comes back larval: no return handler (1). */
	if (!ipsec_latch_net_may_hold(a->net))
		return 1;
	a->fl = (void *)regs_get_kernel_argument(regs, 2);
	a->family = dst_orig->ops->family;
	return 0;
}

/*
 * An IPv6 "blackhole" route (or rule) also has dst_discard_out, and the
 * lookup returns it as it is when no policy asks for an SA. That dst comes
 * from the netns's route table and is shared (per-CPU cached) by every
 * flow it covers: never adopt it. xfrm's own blackholes are made for one
 * lookup with the blackhole ops. (An IPv4 blackhole route is an error,
 * not a dst.)
 */
static bool is_route_blackhole(struct net *net, const struct dst_entry *dst)
{
#if IS_ENABLED(CONFIG_IPV6)
	return dst->ops == &net->ipv6.ip6_dst_ops;
#else
	return false;
#endif
}

static int lookup_route_return(struct kretprobe_instance *ri,
			       struct pt_regs *regs)
{
	struct dst_entry *dst = (void *)regs_return_value(regs);
	struct lookup_route_args *a = (void *)ri->data;
	struct ipsec_latch_flow_key flow;

	if (IS_ERR_OR_NULL(dst))
		return 0;
	if (dst->output != dst_discard_out && !(dst->flags & DST_XFRM_QUEUE))
		return 0;	/* a real route or bundle */
	if (is_route_blackhole(a->net, dst))
		return 0;
	ipsec_latch_flow_key_from_flowi(&flow, a->fl, a->family, 0);
	ipsec_latch_res_record_dst(a->net, &flow, dst, false);
	return 0;
}

static struct kretprobe lookup_route_probe = {
	.kp.symbol_name = "xfrm_lookup_route",
	.entry_handler = lookup_route_entry,
	.handler = lookup_route_return,
	.data_size = sizeof(struct lookup_route_args),
};

/*
 * Forwarding: __xfrm_route_forward(skb, family) asks xfrm_lookup() with
 * XFRM_LOOKUP_QUEUE; with larval_drop = 1 that fails and the gateway drops
 * the packet. If its flow waits for a resolution, give the skb the hold
 * route of its output device and say "go on": FORWARD rules see the real
 * output device, ip_forward_finish() does its part, and the hold route's
 * output holds the packet.
 */
struct route_forward_args {
	struct sk_buff *skb;
	struct net *net;
	/*
	 * The output device of the skb's route on entry, not held: the
	 * caller is inside the RCU read-side section that keeps its noref
	 * route, and so the device, valid.
	 */
	const struct net_device *out_dev;
	u16 family;
	struct ipsec_latch_flow_key flow;
};

static int route_forward_entry(struct kretprobe_instance *ri,
			       struct pt_regs *regs)
{
	struct route_forward_args *a = (void *)ri->data;
	struct dst_entry *route;
	struct ipsec_latch_net *ln;

	ipsec_latch_hook_ran(IPSEC_LATCH_HOOK_XFRM_ROUTE_FORWARD);
	a->skb = (void *)regs_get_kernel_argument(regs, 0);
	a->family = regs_get_kernel_argument(regs, 1);
	a->net = dev_net(a->skb->dev);
	a->out_dev = NULL;
	ln = ipsec_latch_net(a->net);
	route = skb_dst(a->skb);
	if (!ln || READ_ONCE(ln->mode) == IPSEC_LATCH_MODE_OFF || !route)
		return 0;
	if (ipsec_latch_flow_key_from_skb(&a->flow, a->net, a->skb, a->family))
		a->out_dev = route->dev;
	return 0;
}

/*
 * A redirect computed from the hold route would be wrong: IPv4 is told
 * not to send one (IPv6's hold route makes ndisc refuse it).
 */
static void route_forward_no_redirect(struct route_forward_args *a)
{
	if (a->family == AF_INET)
		IPCB(a->skb)->flags &= ~IPSKB_DOREDIRECT;
}

static int route_forward_return(struct kretprobe_instance *ri,
				struct pt_regs *regs)
{
	struct route_forward_args *a = (void *)ri->data;
	struct dst_entry *dst;

	if (!a->out_dev)
		return 0;
	if (regs_return_value(regs)) {
		/* larval_drop = 0: the kernel's queue route, made for this
		 * lookup; recorded, as for sockets.
		 */
		dst = skb_dst(a->skb);
		if (dst && (dst->flags & DST_XFRM_QUEUE))
			ipsec_latch_res_record_dst(a->net, &a->flow, dst, true);
		return 0;
	}
	if (skb_dst(a->skb) || !ipsec_latch_res_flow_seen(a->net, &a->flow))
		return 0;	/* not ours to hold */
	dst = ipsec_latch_res_hold_route(a->out_dev, a->family);
	if (!dst)
		return 0;
	route_forward_no_redirect(a);
	skb_dst_set(a->skb, dst);
	regs_set_return_value(regs, 1);
	return 0;
}

static struct kretprobe route_forward_probe = {
	.kp.symbol_name = "__xfrm_route_forward",
	.entry_handler = route_forward_entry,
	.handler = route_forward_return,
	.data_size = sizeof(struct route_forward_args),
};

static struct kretprobe *lookup_probes[] = {
	&state_find_probe,
	&lookup_route_probe,
	&route_forward_probe,
};

/* The same order as lookup_probes. */
static const enum ipsec_latch_hook lookup_hooks[] = {
	IPSEC_LATCH_HOOK_XFRM_STATE_FIND,
	IPSEC_LATCH_HOOK_XFRM_LOOKUP_ROUTE,
	IPSEC_LATCH_HOOK_XFRM_ROUTE_FORWARD,
};
static_assert(ARRAY_SIZE(lookup_hooks) == ARRAY_SIZE(lookup_probes));

u64 ipsec_latch_hook_lookup_missed(enum ipsec_latch_hook h)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lookup_hooks); i++)
		if (lookup_hooks[i] == h)
			return READ_ONCE(lookup_probes[i]->nmissed) +
			       READ_ONCE(lookup_probes[i]->kp.nmissed);
	return 0;
}

/*
 * Instances in flight at once, per probe: on each CPU a task, a softirq
 * under it and a nested lookup (a tunnel's outer route) may each be
 * inside, and with full preemption more tasks may be preempted inside;
 * more is a miss, counted. The kernel's default, max(10, 2 per CPU), is
 * for short functions that never nest.
 */
static void lookup_probes_size(void)
{
	unsigned int i, n = max(64U, 4 * num_possible_cpus());

	for (i = 0; i < ARRAY_SIZE(lookup_probes); i++)
		lookup_probes[i]->maxactive = n;
}

/* Sleeps (hook_arm.c serializes). */
int ipsec_latch_hook_lookup_arm(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(lookup_probes); i++) {
		err = enable_kprobe(&lookup_probes[i]->kp);
		if (err) {
			pr_err_ratelimited("cannot arm the probe on %s: %d\n",
			       lookup_probes[i]->kp.symbol_name, err);
			while (i--)
				disable_kprobe(&lookup_probes[i]->kp);
			return err;
		}
	}
	return 0;
}

/*
 * Calls already inside a probed function still run their return handler
 * (what their entry saved stays valid: it holds no reference); one may
 * record a flow of a policy just deleted, whose resolution then ends by
 * its timeout, hooks or not.
 */
void ipsec_latch_hook_lookup_disarm(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lookup_probes); i++)
		disable_kprobe(&lookup_probes[i]->kp);
}

int ipsec_latch_hook_lookup_init(void)
{
	unsigned int i;
	int err;

	lookup_probes_size();
	for (i = 0; i < ARRAY_SIZE(lookup_probes); i++)
		lookup_probes[i]->kp.flags |= KPROBE_FLAG_DISABLED;
	err = register_kretprobes(lookup_probes, ARRAY_SIZE(lookup_probes));

	if (err)
		pr_err("cannot probe the xfrm lookup: %d\n", err);
	return err;
}

/* Waits for running handlers; no handler runs after it returns. */
void ipsec_latch_hook_lookup_exit(void)
{
	unregister_kretprobes(lookup_probes, ARRAY_SIZE(lookup_probes));
}
