/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel functions the module reaches without an export: found by name
 * through kprobes (never by calling kallsyms_lookup_name(), whose entry an
 * IBT kernel seals), and checked before the module calls one through a
 * pointer.
 */
#ifndef _IPSEC_LATCH_KSYM_H
#define _IPSEC_LATCH_KSYM_H

/*
 * Start addresses of @n functions by name, into @addrs (0 where the kernel
 * has none or refuses to probe it). One RCU grace period for all.
 */
void ipsec_latch_ksym_lookup(const char *const *names, unsigned long *addrs,
			     unsigned int n);

/*
 * 0 if @addr may be called through a pointer; on an IBT kernel that means
 * it starts with ENDBR64 (the kernel seals the entry of functions whose
 * address it never takes). Otherwise logs one line naming @name and
 * returns -ENOEXEC: the caller refuses to load.
 */
int ipsec_latch_ksym_check_call_target(const char *name, unsigned long addr);

/*
 * One function the module will call through a pointer: its start into
 * @addr, or -ENOENT (logged) if the kernel has none, or the check's error.
 */
int ipsec_latch_ksym_call_target(const char *name, unsigned long *addr);

/* Checks the functions named by the endbr_check parameter (tests). */
int ipsec_latch_ksym_check_param(void);

#endif /* _IPSEC_LATCH_KSYM_H */
