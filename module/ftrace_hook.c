// SPDX-License-Identifier: GPL-2.0
/*
 * ftrace-based function redirection (see ftrace_hook.h).
 */
#include <linux/kprobes.h>
#include <linux/module.h>

#include "ftrace_hook.h"

/* kallsyms_lookup_name() is not exported; a kprobe resolves names. */
unsigned long ipsec_latch_symbol_address(const char *name)
{
	struct kprobe kp = { .symbol_name = name };
	unsigned long addr;

	if (register_kprobe(&kp) < 0)
		return 0;
	addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);
	return addr;
}

static void notrace ipsec_latch_ftrace_thunk(unsigned long ip,
					     unsigned long parent_ip,
					     struct ftrace_ops *ops,
					     struct ftrace_regs *fregs)
{
	struct ipsec_latch_ftrace_hook *hook =
		container_of(ops, struct ipsec_latch_ftrace_hook, ops);

	/* Our wrapper calling the original must get the original. */
	if (!within_module(parent_ip, THIS_MODULE))
		ftrace_instruction_pointer_set(fregs,
					       (unsigned long)hook->wrapper);
}

int ipsec_latch_ftrace_hook_install(struct ipsec_latch_ftrace_hook *hook)
{
	int err;

	hook->orig = (void *)ipsec_latch_symbol_address(hook->name);
	if (!hook->orig) {
		pr_err("cannot find %s to hook\n", hook->name);
		return -ENOENT;
	}
	hook->ops.func = ipsec_latch_ftrace_thunk;
	hook->ops.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_RECURSION |
			  FTRACE_OPS_FL_IPMODIFY;
	err = ftrace_set_filter_ip(&hook->ops, (unsigned long)hook->orig, 0, 0);
	if (err) {
		pr_err("cannot filter %s: %d\n", hook->name, err);
		return err;
	}
	err = register_ftrace_function(&hook->ops);
	if (err) {
		pr_err("cannot hook %s: %d (another IPMODIFY user, e.g. a live patch?)\n",
		       hook->name, err);
		ftrace_set_filter_ip(&hook->ops, (unsigned long)hook->orig, 1, 0);
	}
	return err;
}

/* After this no new call enters the wrapper; callers already inside are
 * the owner's to wait for.
 */
void ipsec_latch_ftrace_hook_remove(struct ipsec_latch_ftrace_hook *hook)
{
	unregister_ftrace_function(&hook->ops);
	ftrace_set_filter_ip(&hook->ops, (unsigned long)hook->orig, 1, 0);
}
