// SPDX-License-Identifier: GPL-2.0
/*
 * Where an outbound packet meets a missing SA: return probes on the xfrm
 * lookup path.
 *
 *  - xfrm_state_find() is asked for the SA of one template; when it comes
 *    back pending (a new or running ACQUIRE) or failing (no key manager,
 *    error state), the flow is noted against that SA's resolution.
 *  - xfrm_lookup_route() then hands the caller a blackhole dst (larval_drop
 *    = 1) or the kernel's queue dst (larval_drop = 0); if its flow waits
 *    for a resolution, the dst is adopted: its packets go to the
 *    resolution's queue instead of being dropped or held per policy.
 *
 * Both handlers run atomically and only look, note and allocate.
 */
#include <linux/kprobes.h>
#include <net/dst.h>
#include <net/xfrm.h>

#include "ipsec_latch.h"

static void flow_key_from_flowi(struct ipsec_latch_flow_key *key,
				const struct flowi *fl, u16 family)
{
	memset(key, 0, sizeof(*key));
	key->family = family;
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

/* xfrm_state_find(daddr, saddr, fl, tmpl, pol, err, family, if_id) */
struct state_find_args {
	const xfrm_address_t *daddr;
	const xfrm_address_t *saddr;
	const struct flowi *fl;
	const struct xfrm_tmpl *tmpl;
	struct xfrm_policy *pol;
	int *err;
	unsigned short family;
};

static int state_find_entry(struct kretprobe_instance *ri,
			    struct pt_regs *regs)
{
	struct state_find_args *a = (void *)ri->data;

	a->daddr = (void *)regs_get_kernel_argument(regs, 0);
	a->saddr = (void *)regs_get_kernel_argument(regs, 1);
	a->fl = (void *)regs_get_kernel_argument(regs, 2);
	a->tmpl = (void *)regs_get_kernel_argument(regs, 3);
	a->pol = (void *)regs_get_kernel_argument(regs, 4);
	a->err = (void *)regs_get_kernel_argument(regs, 5);
	a->family = regs_get_kernel_argument(regs, 6);
	return 0;
}

static int state_find_return(struct kretprobe_instance *ri,
			     struct pt_regs *regs)
{
	struct xfrm_state *x = (void *)regs_return_value(regs);
	struct state_find_args *a = (void *)ri->data;
	const struct xfrm_tmpl *t = a->tmpl;
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
				      t->id.proto, t->mode, t->reqid);
	flow_key_from_flowi(&flow, a->fl, a->family);
	ipsec_latch_res_note_pending(xp_net(a->pol), &key, &flow, failed);
	return 0;
}

static struct kretprobe state_find_probe = {
	.kp.symbol_name = "xfrm_state_find",
	.entry_handler = state_find_entry,
	.handler = state_find_return,
	.data_size = sizeof(struct state_find_args),
	.maxactive = 64,
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

	a->net = (void *)regs_get_kernel_argument(regs, 0);
	a->fl = (void *)regs_get_kernel_argument(regs, 2);
	a->family = dst_orig->ops->family;
	return 0;
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
	flow_key_from_flowi(&flow, a->fl, a->family);
	ipsec_latch_res_adopt_dst(a->net, &flow, dst);
	return 0;
}

static struct kretprobe lookup_route_probe = {
	.kp.symbol_name = "xfrm_lookup_route",
	.entry_handler = lookup_route_entry,
	.handler = lookup_route_return,
	.data_size = sizeof(struct lookup_route_args),
	.maxactive = 64,
};

static struct kretprobe *lookup_probes[] = {
	&state_find_probe,
	&lookup_route_probe,
};

int ipsec_latch_hook_lookup_init(void)
{
	int err = register_kretprobes(lookup_probes,
				      ARRAY_SIZE(lookup_probes));

	if (err)
		pr_err("cannot probe the xfrm lookup: %d\n", err);
	return err;
}

/* Waits for running handlers; no handler runs after it returns. */
void ipsec_latch_hook_lookup_exit(void)
{
	unregister_kretprobes(lookup_probes, ARRAY_SIZE(lookup_probes));
}
