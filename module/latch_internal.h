/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the latch files share and nothing else uses: the table's lookup
 * and insertion (latch.c), the state changes the socket side and the GC
 * make (latch_check.c), the GC's work (latch_gc.c). Interfaces for the
 * rest of the module are in latch.h.
 */
#ifndef _IPSEC_LATCH_LATCH_INTERNAL_H
#define _IPSEC_LATCH_LATCH_INTERNAL_H

#include <linux/jiffies.h>
#include <linux/workqueue.h>

#include "latch.h"

#define IPSEC_LATCH_GC_PERIOD HZ

/* Latch times are jiffies cut to 32 bits. */
static inline u32 ipsec_latch_now32(void)
{
	return (u32)jiffies;
}

/* latch.c: the table. */
/* Under RCU. */
struct ipsec_latch *ipsec_latch_find(struct ipsec_latch_table *t,
				     const struct ipsec_latch_tuple *tuple);
/* What a new flow's latch would be made from, if it gets one. */
struct ipsec_latch_want {
	struct ipsec_latch_tmpl *tmpl;	/* NULL: transparent, or requested */
	u8 action;
	u32 fallback_ms;
	bool requested;			/* its socket asked (SOCK_REQUIRE) */
};
bool ipsec_latch_wanted(struct ipsec_latch_net *ln,
			const struct ipsec_latch_pkt *pkt,
			struct ipsec_latch_want *want);
bool ipsec_latch_new_flow(struct ipsec_latch_net *ln,
			  const struct ipsec_latch_pkt *pkt,
			  struct ipsec_latch **lp);
void ipsec_latch_unlink_locked(struct ipsec_latch_net *ln,
			       struct ipsec_latch *l);

/* latch_peer.c: each remote peer's share, under the table's lock. */
int ipsec_latch_peer_charge(struct ipsec_latch_table *t,
			    const struct ipsec_latch_tuple *tu);
void ipsec_latch_peer_uncharge(struct ipsec_latch_table *t,
			       const struct ipsec_latch_tuple *tu);
int ipsec_latch_peer_table_init(struct ipsec_latch_table *t);
void ipsec_latch_peer_table_exit(struct ipsec_latch_table *t);

/* latch_check.c: state changes, with the latch's lock held. */
void ipsec_latch_close_locked(struct ipsec_latch_net *ln,
			      struct ipsec_latch *l);
void ipsec_latch_decide_bypass(struct ipsec_latch_net *ln,
			       struct ipsec_latch *l,
			       enum ipsec_latch_decision why);
void ipsec_latch_bind_upgrade_locked(struct ipsec_latch_net *ln,
				     struct ipsec_latch *l);

/* latch_log.c: broken and refused latches in the kernel log, if asked. */
void ipsec_latch_log_event(struct ipsec_latch_net *ln,
			   const struct ipsec_latch *l,
			   enum ipsec_latch_event event, const char *why);

/* latch_request.c: the requests' lookup, and their end with the socket. */
bool ipsec_latch_request_get(struct ipsec_latch_table *t, const struct sock *sk,
			     u8 *action, u32 *fallback_ms);
int ipsec_latch_request_init(struct ipsec_latch_table *t);
void ipsec_latch_request_gc(struct ipsec_latch_table *t);
void ipsec_latch_request_exit(struct ipsec_latch_table *t);

/* latch_gc.c: the table's GC: each latch's next visit, and the work. */
void ipsec_latch_gc_init(struct ipsec_latch_table *t);
void ipsec_latch_gc_restart(struct ipsec_latch_table *t);
void ipsec_latch_gc_arm(struct ipsec_latch_table *t, struct ipsec_latch *l,
			u32 at);
void ipsec_latch_gc_disarm(struct ipsec_latch_table *t, struct ipsec_latch *l);
/* Run the GC soon, unless the table is dead (takes the table's lock). */
void ipsec_latch_gc_kick(struct ipsec_latch_table *t);

/*
 * Static, but in debug builds: the self-tests (selftest/latch_table.c,
 * included in latch.c) drive these directly.
 */
#ifdef IPSEC_LATCH_SELFTEST
#define IPSEC_LATCH_VISIBLE_IF_SELFTEST
bool ipsec_latch_check_locked(struct ipsec_latch_net *ln,
			      struct ipsec_latch *l,
			      const struct ipsec_latch_pkt *pkt);
bool ipsec_latch_udp_socket_exists(struct net *net,
				   const struct ipsec_latch_tuple *tu, int dif,
				   bool connected);
bool ipsec_latch_gc_one(struct ipsec_latch_net *ln, struct ipsec_latch *l,
			u32 hold, u32 idle);
#else
#define IPSEC_LATCH_VISIBLE_IF_SELFTEST static
#endif

#endif /* _IPSEC_LATCH_LATCH_INTERNAL_H */
