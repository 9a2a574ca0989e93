/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the files of ipsec_latch.ko: per-netns state,
 * module parameters and each part's init/exit.
 */
#ifndef _IPSEC_LATCH_H
#define _IPSEC_LATCH_H

#include <linux/atomic.h>
#include <linux/ipsec_latch.h>
#include <net/net_namespace.h>

/* Module parameters (main.c). */
extern bool ipsec_latch_sa_event_log;

/* Per network namespace state (netns.c). */
struct ipsec_latch_net {
	atomic64_t counters[IPSEC_LATCH_CTR_MAX + 1];
};

struct ipsec_latch_net *ipsec_latch_net(const struct net *net);

static inline void ipsec_latch_count(struct ipsec_latch_net *ln,
				     enum ipsec_latch_counter ctr)
{
	atomic64_inc(&ln->counters[ctr]);
}

int ipsec_latch_netns_init(void);
void ipsec_latch_netns_exit(void);

/* Passive xfrm key-manager observer (km.c). */
int ipsec_latch_km_init(void);
void ipsec_latch_km_exit(void);

/* Generic netlink family (genl.c). */
int ipsec_latch_genl_init(void);
void ipsec_latch_genl_exit(void);

#endif /* _IPSEC_LATCH_H */
