// SPDX-License-Identifier: GPL-2.0
/*
 * ftrace-based function redirection (see ftrace_hook.h).
 */
#include <linux/module.h>

#include "compat.h"
#include "ftrace_hook.h"
#include "ksym.h"

/*
 * One ftrace_ops per set, not per hook: registering and unregistering an
 * ops each patches kernel text and waits for an RCU-tasks grace period.
 */
static void notrace ipsec_latch_ftrace_thunk(unsigned long ip,
					     unsigned long parent_ip,
					     struct ftrace_ops *ops,
					     struct ftrace_regs *fregs)
{
	struct ipsec_latch_ftrace_set *set =
		container_of(ops, struct ipsec_latch_ftrace_set, ops);
	unsigned int i;

	/* Our wrapper calling the original must get the original. */
	if (within_module(parent_ip, THIS_MODULE))
		return;
	for (i = 0; i < set->nr_hooks; i++) {
		if (set->hooks[i]->ip == ip) {
			ftrace_regs_set_instruction_pointer(fregs,
					(unsigned long)set->hooks[i]->wrapper);
			return;
		}
	}
}

int ipsec_latch_ftrace_set_prepare(struct ipsec_latch_ftrace_set *set,
				   struct ipsec_latch_ftrace_hook *const *h,
				   unsigned int n)
{
	unsigned long addr;
	unsigned int i;
	int err;

	for (i = 0; i < n; i++) {
		/* An unexported target: the wrapper calls it by pointer. */
		if (h[i]->name) {
			err = ipsec_latch_ksym_call_target(h[i]->name, &addr);
			if (err)
				goto fail;
			h[i]->target = (void *)addr;
		}
		/* ftrace takes the start and finds the patch site itself. */
		err = ftrace_set_filter_ip(&set->ops,
					   (unsigned long)h[i]->target, 0, 0);
		if (err) {
			pr_err("cannot hook %ps: %d\n", h[i]->target, err);
			goto fail;
		}
		h[i]->ip = ipsec_latch_compat_fentry_ip((unsigned long)
							h[i]->target);
	}
	set->hooks = h;
	set->nr_hooks = n;
	set->armed = false;
	set->ops.func = ipsec_latch_ftrace_thunk;
	set->ops.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_RECURSION |
			 FTRACE_OPS_FL_IPMODIFY;
	return 0;
fail:
	ftrace_free_filter(&set->ops);
	return err;
}

int ipsec_latch_ftrace_set_arm(struct ipsec_latch_ftrace_set *set)
{
	int err;

	if (set->armed)
		return 0;
	err = register_ftrace_function(&set->ops);
	if (err) {
		pr_err_ratelimited("cannot hook %ps and the rest: %d (another IPMODIFY user, e.g. a live patch?)\n",
		       set->hooks[0]->target, err);
		return err;
	}
	set->armed = true;
	return 0;
}

void ipsec_latch_ftrace_set_disarm(struct ipsec_latch_ftrace_set *set)
{
	if (!set->armed)
		return;
	unregister_ftrace_function(&set->ops);
	set->armed = false;
}

void ipsec_latch_ftrace_set_release(struct ipsec_latch_ftrace_set *set)
{
	ipsec_latch_ftrace_set_disarm(set);
	ftrace_free_filter(&set->ops);
}
