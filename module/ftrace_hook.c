// SPDX-License-Identifier: GPL-2.0
/*
 * ftrace-based function redirection (see ftrace_hook.h).
 */
#include <linux/kprobes.h>
#include <linux/module.h>

#include "compat.h"
#include "ftrace_hook.h"

/*
 * kallsyms_lookup_name() is not exported (since 5.7): a kprobe finds it,
 * once per load. One kprobe rather than one per symbol: registering and
 * unregistering each patches kernel text and waits for RCU.
 */
typedef unsigned long (*kallsyms_lookup_name_fn)(const char *name);
static kallsyms_lookup_name_fn lookup_name;

unsigned long ipsec_latch_symbol_address(const char *name)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };

	if (!lookup_name) {
		if (register_kprobe(&kp) < 0)
			return 0;
		lookup_name = (kallsyms_lookup_name_fn)kp.addr;
		unregister_kprobe(&kp);
	}
	return lookup_name(name);
}

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
		if ((unsigned long)hooks[i]->orig == ip) {
			ftrace_instruction_pointer_set(fregs,
					(unsigned long)hooks[i]->wrapper);
			return;
		}
	}
}

int ipsec_latch_ftrace_hooks_install(struct ipsec_latch_ftrace_hook *const *h,
				     unsigned int n)
{
	unsigned int i;
	int err;

	for (i = 0; i < n; i++) {
		h[i]->orig = (void *)ipsec_latch_symbol_address(h[i]->name);
		if (!h[i]->orig) {
			pr_err("cannot find %s to hook\n", h[i]->name);
			err = -ENOENT;
			goto fail;
		}
		err = ftrace_set_filter_ip(&hook_ops, (unsigned long)h[i]->orig,
					   0, 0);
		if (err) {
			pr_err("cannot filter %s: %d\n", h[i]->name, err);
			goto fail;
		}
	}
	hooks = h;
	nr_hooks = n;
	hook_ops.func = ipsec_latch_ftrace_thunk;
	hook_ops.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_RECURSION |
			 FTRACE_OPS_FL_IPMODIFY;
	err = register_ftrace_function(&hook_ops);
	if (err) {
		pr_err("cannot hook %s and the rest: %d (another IPMODIFY user, e.g. a live patch?)\n",
		       h[0]->name, err);
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
