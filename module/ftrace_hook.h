/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Redirect a kernel function to a module wrapper with ftrace, the way live
 * patching does, so the wrapper runs in the caller's context and may sleep.
 * The wrapper calls the original through hook->orig; calls coming from this
 * module are not redirected, so that call reaches the real function.
 */
#ifndef _IPSEC_LATCH_FTRACE_HOOK_H
#define _IPSEC_LATCH_FTRACE_HOOK_H

#include <linux/ftrace.h>

struct ipsec_latch_ftrace_hook {
	const char *name;	/* symbol to redirect */
	void *wrapper;		/* same signature as the symbol */
	void *orig;		/* resolved address of the symbol */
};

/* All of the module's hooks at once (one set, installed once). */
int ipsec_latch_ftrace_hooks_install(struct ipsec_latch_ftrace_hook *const *h,
				     unsigned int n);
void ipsec_latch_ftrace_hooks_remove(void);

/* Address of a kernel symbol, exported or not (0 if unknown). */
unsigned long ipsec_latch_symbol_address(const char *name);

#endif /* _IPSEC_LATCH_FTRACE_HOOK_H */
