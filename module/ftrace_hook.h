/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Redirect a kernel function to a module wrapper with ftrace, the way live
 * patching does, so the wrapper runs in the caller's context and may sleep.
 * The wrapper calls the original directly, or through @target when the
 * hook names it: found by name at install and checked to be an
 * indirect-call target (ksym.h), for originals that some kernel of the
 * matrix does not export. Calls coming from this module are not
 * redirected, so that call reaches the real function.
 *
 * Hooks come in sets, one ftrace_ops each: a set is prepared once (its
 * targets found and checked) and then armed and disarmed as a whole.
 */
#ifndef _IPSEC_LATCH_FTRACE_HOOK_H
#define _IPSEC_LATCH_FTRACE_HOOK_H

#include <linux/ftrace.h>

struct ipsec_latch_ftrace_hook {
	const char *name;	/* if set, @target is found by it */
	void *target;		/* the function hooked */
	void *wrapper;		/* same signature */
	unsigned long ip;	/* where ftrace reports @target entered */
};

struct ipsec_latch_ftrace_set {
	struct ftrace_ops ops;
	struct ipsec_latch_ftrace_hook *const *hooks;
	unsigned int nr_hooks;
	bool armed;		/* the owner serializes arm and disarm */
};

/* Find and filter the targets; nothing is redirected yet. */
int ipsec_latch_ftrace_set_prepare(struct ipsec_latch_ftrace_set *set,
				   struct ipsec_latch_ftrace_hook *const *h,
				   unsigned int n);
/* Sleeps. Redirect every hook of the set; idempotent. */
int ipsec_latch_ftrace_set_arm(struct ipsec_latch_ftrace_set *set);
/*
 * Sleeps. After this no new call is redirected; callers already in a
 * wrapper are the owner's to wait for (at unload: RCU tasks, main.c).
 * Idempotent.
 */
void ipsec_latch_ftrace_set_disarm(struct ipsec_latch_ftrace_set *set);
/* Disarm, and forget the targets. */
void ipsec_latch_ftrace_set_release(struct ipsec_latch_ftrace_set *set);

#endif /* _IPSEC_LATCH_FTRACE_HOOK_H */
