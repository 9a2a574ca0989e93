// SPDX-License-Identifier: GPL-2.0
/*
 * How often each hook ran and, for the return probes, how often one could
 * not: proof that every hook fires on a given kernel, and the sign when a
 * probe starves. Per CPU, so that counting costs no shared cache line.
 */
#include <linux/capability.h>
#include <linux/netlink.h>
#include <net/netlink.h>

#include "ipsec_latch.h"

DEFINE_PER_CPU(struct ipsec_latch_hook_calls, ipsec_latch_hook_calls);

static u64 hook_calls(enum ipsec_latch_hook h)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu_ptr(&ipsec_latch_hook_calls, cpu)->n[h]);
	return sum;
}

static int put_nest(struct sk_buff *skb, int type,
		    u64 (*value)(enum ipsec_latch_hook h), bool only_probes)
{
	struct nlattr *nest = nla_nest_start(skb, type);
	int h;

	if (!nest)
		return -EMSGSIZE;
	for (h = IPSEC_LATCH_HOOK_PAD + 1; h <= IPSEC_LATCH_HOOK_MAX; h++) {
		if (only_probes && !ipsec_latch_hook_is_probe(h))
			continue;
		if (nla_put_u64_64bit(skb, h, value(h), IPSEC_LATCH_HOOK_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * Module-wide figures: every netns's traffic shows in them, so only an
 * administrator of the whole machine gets them.
 */
int ipsec_latch_hook_stats_put(struct sk_buff *msg,
			       const struct sk_buff *request)
{
	if (!netlink_capable(request, CAP_NET_ADMIN))
		return 0;
	if (put_nest(msg, IPSEC_LATCH_A_HOOK_CALLS, hook_calls, false) ||
	    put_nest(msg, IPSEC_LATCH_A_HOOK_MISSED,
		     ipsec_latch_hook_lookup_missed, true) ||
	    nla_put_u8(msg, IPSEC_LATCH_A_HOOKS_ARMED,
		       ipsec_latch_hooks_armed()))
		return -EMSGSIZE;
	return 0;
}
