/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-version differences, kept out of the logic. Targets: 6.1, 6.12
 * and trixie-backports' 7.x; each difference names the version that
 * changed it.
 */
#ifndef _IPSEC_LATCH_COMPAT_H
#define _IPSEC_LATCH_COMPAT_H

#include <asm/ibt.h>
#include <linux/ftrace.h>
#include <linux/timer.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <net/genetlink.h>
#include <net/inet6_hashtables.h>
#include <net/inet_hashtables.h>
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

/* A dump's parsed attributes: genl_dumpit_info holds a genl_info since 6.2. */
static inline struct nlattr **
ipsec_latch_compat_dump_attrs(const struct genl_dumpit_info *info)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return info->info.attrs;
#else
	return info->attrs;
#endif
}

/*
 * __xfrm_decode_session() takes the netns first since 6.8; the packet's
 * own device gives the same one the kernel passes.
 */
static inline int ipsec_latch_compat_decode_session(struct net *net,
						    struct sk_buff *skb,
						    struct flowi *fl,
						    unsigned int family)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
	return __xfrm_decode_session(net, skb, fl, family, 0);
#else
	return __xfrm_decode_session(skb, fl, family, 0);
#endif
}

/*
 * ftrace_instruction_pointer_set() became
 * ftrace_regs_set_instruction_pointer() after 6.1 (6.12 has the new
 * name); both are macros.
 */
#ifndef ftrace_regs_set_instruction_pointer
#define ftrace_regs_set_instruction_pointer ftrace_instruction_pointer_set
#endif

/*
 * The socket address proto_ops.connect takes (struct NAME): sockaddr_unsized
 * from 6.19 on (7.3 checked), sockaddr before.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
#define ipsec_latch_compat_sockaddr sockaddr_unsized
#else
#define ipsec_latch_compat_sockaddr sockaddr
#endif

/*
 * The established-socket lookups (TIME_WAIT included) find the TCP hash
 * table from the netns themselves in 7.3; 6.12 still takes it. Where
 * between the two it changed was not checked: dkms.conf builds only the
 * lines tested.
 */
static inline struct sock *
ipsec_latch_compat_tcp_lookup4(struct net *net, __be32 raddr, __be16 rport,
			       __be32 laddr, __be16 lport, int dif)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
	return inet_lookup_established(net, raddr, rport, laddr, lport, dif);
#else
	return inet_lookup_established(net, net->ipv4.tcp_death_row.hashinfo,
				       raddr, rport, laddr, lport, dif);
#endif
}

static inline struct sock *
ipsec_latch_compat_tcp_lookup6(struct net *net, const struct in6_addr *raddr,
			       __be16 rport, const struct in6_addr *laddr,
			       __be16 lport, int dif)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
	return __inet6_lookup_established(net, raddr, rport, laddr,
					  ntohs(lport), dif, 0);
#else
	return __inet6_lookup_established(net,
					  net->ipv4.tcp_death_row.hashinfo,
					  raddr, rport, laddr, ntohs(lport),
					  dif, 0);
#endif
}

/* del_timer_sync() became timer_delete_sync() in 6.2; 6.1 has it from 6.1.84. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 84)
#define timer_delete_sync del_timer_sync
#endif

/* from_timer() was renamed timer_container_of() in 6.16; a macro either way. */
#ifndef timer_container_of
#define timer_container_of(var, timer, field) from_timer(var, timer, field)
#endif

/*
 * Indirect Branch Tracking (X86_KERNEL_IBT: Debian from 6.12 on). Every
 * function that may be called through a pointer starts with ENDBR64; at
 * boot the kernel overwrites the ENDBR of functions whose address it never
 * takes with a 4-byte NOP (the poison), so an indirect call to one faults
 * on a CPU with IBT. Either way the function's __fentry__ call, which
 * ftrace reports, and its kprobe point are 4 bytes in. The poison's bytes
 * changed after 6.12 (7.3 writes others): the kernel's own gen_endbr*()
 * say what this kernel writes.
 */
#define IPSEC_LATCH_ENDBR_SIZE		4

static inline u32 ipsec_latch_compat_insn_at(unsigned long addr)
{
	u32 insn;

	return copy_from_kernel_nofault(&insn, (void *)addr, sizeof(insn)) ?
	       0 : insn;
}

/* An intact ENDBR64 at @addr: an indirect call may land there. */
static inline bool ipsec_latch_compat_endbr_intact(unsigned long addr)
{
#ifdef CONFIG_X86_KERNEL_IBT
	return ipsec_latch_compat_insn_at(addr) == gen_endbr();
#else
	return true;
#endif
}

/* An ENDBR64 or its poison at @addr: a function's first instruction. */
static inline bool ipsec_latch_compat_endbr_at(unsigned long addr)
{
#ifdef CONFIG_X86_KERNEL_IBT
	u32 insn = ipsec_latch_compat_insn_at(addr);

	return insn == gen_endbr() || insn == gen_endbr_poison();
#else
	return false;
#endif
}

/* Where ftrace says a function was entered (its @ip), from its start. */
static inline unsigned long ipsec_latch_compat_fentry_ip(unsigned long start)
{
	return ipsec_latch_compat_endbr_at(start) ?
	       start + IPSEC_LATCH_ENDBR_SIZE : start;
}

/* A function's start, from the address of a kprobe at its entry. */
static inline unsigned long ipsec_latch_compat_func_start(unsigned long kp)
{
	return ipsec_latch_compat_endbr_at(kp - IPSEC_LATCH_ENDBR_SIZE) ?
	       kp - IPSEC_LATCH_ENDBR_SIZE : kp;
}

#endif /* _IPSEC_LATCH_COMPAT_H */
