/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-version differences, kept out of the logic. Target: 6.1; older
 * branches are noted where the API changed so a port knows where to look.
 */
#ifndef _IPSEC_LATCH_COMPAT_H
#define _IPSEC_LATCH_COMPAT_H

#include <linux/version.h>
#include <net/xfrm.h>

/* xfrm_register_km() returns void from 6.0 on, int before. */
static inline int ipsec_latch_compat_register_km(struct xfrm_mgr *km)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
	xfrm_register_km(km);
	return 0;
#else
	return xfrm_register_km(km);
#endif
}

/*
 * genl_family.resv_start_op appeared in 6.1. Left at 0, every command gets
 * the strict checks: reserved genl header byte, nlmsg flags, and a
 * reject-all policy for ops without one. Older kernels lack the field.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)
#define IPSEC_LATCH_GENL_RESV_START_OP .resv_start_op = 0,
#else
#define IPSEC_LATCH_GENL_RESV_START_OP
#endif

/*
 * Indirect Branch Tracking (X86_KERNEL_IBT, off in Debian's 6.1): the
 * module calls kallsyms_lookup_name() through a pointer, and objtool seals
 * the ENDBR of functions whose address the kernel never takes, so the call
 * would fault. Refuse to build rather than oops at load.
 */
#if IS_ENABLED(CONFIG_X86_KERNEL_IBT)
#error "ipsec_latch does not support kernels built with CONFIG_X86_KERNEL_IBT yet"
#endif

#endif /* _IPSEC_LATCH_COMPAT_H */
