/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Redirect a kernel function to a module wrapper with ftrace, the way live
 * patching does, so the wrapper runs in the caller's context and may sleep.
 * The wrapper calls the original directly, or through @target when the
 * hook names it: found by name at install and checked to be an
 * indirect-call target (ksym.h), for originals that some kernel of the
 * matrix does not export. Calls coming from this module are not redirected, so that call
 * reaches the real function.
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

/* All of the module's hooks at once (one set, installed once). */
int ipsec_latch_ftrace_hooks_install(struct ipsec_latch_ftrace_hook *const *h,
				     unsigned int n);
void ipsec_latch_ftrace_hooks_remove(void);

#endif /* _IPSEC_LATCH_FTRACE_HOOK_H */
