// SPDX-License-Identifier: GPL-2.0
/*
 * ftrace-based function redirection (see ftrace_hook.h).
 */
#include <linux/module.h>

#include "compat.h"
#include "ftrace_hook.h"
#include "ksym.h"

/*
 * One ftrace_ops for every hook: registering and unregistering an ops
 * each patches kernel text and waits for an RCU-tasks grace period, so one
 * for all makes load and unload several times faster.
 */
static struct ftrace_ops hook_ops;
static struct ipsec_latch_ftrace_hook *const *hooks;
static unsigned int nr_hooks;

static void notrace ipsec_latch_ftrace_thunk(unsigned long ip,
					     unsigned long parent_ip,
					     struct ftrace_ops *ops,
					     struct ftrace_regs *fregs)
{
	unsigned int i;

	/* Our wrapper calling the original must get the original. */
	if (within_module(parent_ip, THIS_MODULE))
		return;
	for (i = 0; i < nr_hooks; i++) {
		if (hooks[i]->ip == ip) {
			ftrace_regs_set_instruction_pointer(fregs,
					(unsigned long)hooks[i]->wrapper);
			return;
		}
	}
}

int ipsec_latch_ftrace_hooks_install(struct ipsec_latch_ftrace_hook *const *h,
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
		err = ftrace_set_filter_ip(&hook_ops,
					   (unsigned long)h[i]->target, 0, 0);
		if (err) {
			pr_err("cannot hook %ps: %d\n", h[i]->target, err);
			goto fail;
		}
		h[i]->ip = ipsec_latch_compat_fentry_ip((unsigned long)
							h[i]->target);
	}
	hooks = h;
	nr_hooks = n;
	hook_ops.func = ipsec_latch_ftrace_thunk;
	hook_ops.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_RECURSION |
			 FTRACE_OPS_FL_IPMODIFY;
	err = register_ftrace_function(&hook_ops);
	if (err) {
		pr_err("cannot hook %ps and the rest: %d (another IPMODIFY user, e.g. a live patch?)\n",
		       h[0]->target, err);
		goto fail;
	}
	return 0;
fail:
	ftrace_free_filter(&hook_ops);
	return err;
}

/* After this no new call enters a wrapper; callers already inside are
 * the owner's to wait for.
 */
void ipsec_latch_ftrace_hooks_remove(void)
{
	unregister_ftrace_function(&hook_ops);
	ftrace_free_filter(&hook_ops);
}
