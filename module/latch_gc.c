// SPDX-License-Identifier: GPL-2.0
/*
 * The latches' garbage collector: a periodic walk of the table, per netns,
 * that closes the latches of flows that ended unseen and frees the closed
 * ones whose hold is over.
 */
#include <linux/rhashtable.h>
#include <net/tcp.h>
#include <net/udp.h>

#include "compat.h"
#include "ipsec_latch.h"
#include "latch_internal.h"

/* Does the TCP connection of @tu still have a socket (incl. TIME_WAIT)? */
static bool latch_tcp_socket_exists(struct net *net,
				    const struct ipsec_latch_tuple *tu)
{
	struct sock *sk;

	if (tu->family == AF_INET6)
		sk = ipsec_latch_compat_tcp_lookup6(net, &tu->raddr.in6,
						    tu->rport, &tu->laddr.in6,
						    tu->lport);
	else
		sk = ipsec_latch_compat_tcp_lookup4(net, tu->raddr.a4,
						    tu->rport, tu->laddr.a4,
						    tu->lport);
	if (!sk)
		return false;
	sock_gen_put(sk);
	return true;
}

/* Is there still a UDP socket that would receive the flow's datagrams? */
IPSEC_LATCH_VISIBLE_IF_SELFTEST bool
ipsec_latch_udp_socket_exists(struct net *net,
			      const struct ipsec_latch_tuple *tu)
{
	struct sock *sk;

	if (tu->family == AF_INET6)
		sk = udp6_lib_lookup(net, &tu->raddr.in6, tu->rport,
				     &tu->laddr.in6, tu->lport, 0);
	else
		sk = udp4_lib_lookup(net, tu->raddr.a4, tu->rport,
				     tu->laddr.a4, tu->lport, 0);
	if (!sk)
		return false;
	sock_put(sk);
	return true;
}

/* GC verdict for one latch: true when it must be freed now. */
IPSEC_LATCH_VISIBLE_IF_SELFTEST bool
ipsec_latch_gc_one(struct ipsec_latch_net *ln, struct ipsec_latch *l, u32 hold,
		   u32 idle)
{
	struct net *net = ipsec_latch_net_of(ln);
	bool gone;

	spin_lock_bh(&l->lock);
	if (l->state == IPSEC_LATCH_STATE_CLOSED) {
		gone = ipsec_latch_now32() - l->closed_at > hold;
		spin_unlock_bh(&l->lock);
		return gone;
	}
	if (l->state == IPSEC_LATCH_STATE_LARVAL)
		gone = ipsec_latch_now32() - l->last_seen > idle;
	else if (l->tuple.proto == IPPROTO_TCP)
		gone = !latch_tcp_socket_exists(net, &l->tuple);
	else	/* datagrams: the socket closed, or the flow went idle */
		gone = !ipsec_latch_udp_socket_exists(net, &l->tuple) ||
		       ipsec_latch_now32() - l->last_seen > idle;
	if (gone)
		ipsec_latch_close_locked(ln, l);
	spin_unlock_bh(&l->lock);
	return false;
}

/*
 * Once a second while latches exist: close flows that ended without a
 * FIN/RST we saw (TCP socket gone, datagram socket closed or flow idle,
 * never-bound LARVAL idle) and free CLOSED latches whose hold is over.
 */
void ipsec_latch_gc(struct work_struct *work)
{
	struct ipsec_latch_table *t =
		container_of(to_delayed_work(work), struct ipsec_latch_table,
			     gc);
	struct ipsec_latch_net *ln = container_of(t, struct ipsec_latch_net,
						  latch);
	u32 hold = msecs_to_jiffies(READ_ONCE(ipsec_latch_hold_ms));
	u32 idle = msecs_to_jiffies(READ_ONCE(ipsec_latch_idle_ms));
	struct rhashtable_iter iter;
	struct ipsec_latch *l;
	unsigned int n = 0;

	rhashtable_walk_enter(&t->latches, &iter);
	rhashtable_walk_start(&iter);
	while ((l = rhashtable_walk_next(&iter))) {
		if (IS_ERR(l))
			continue;	/* -EAGAIN: resized, go on */
		if (ipsec_latch_gc_one(ln, l, hold, idle)) {
			spin_lock_bh(&t->lock);
			ipsec_latch_unlink_locked(ln, l);
			spin_unlock_bh(&t->lock);
		}
		if (++n % 1024 == 0) {
			rhashtable_walk_stop(&iter);
			cond_resched();
			rhashtable_walk_start(&iter);
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	if (atomic_read(&t->count) && !READ_ONCE(t->dead))
		queue_delayed_work(system_power_efficient_wq, &t->gc,
				   IPSEC_LATCH_GC_PERIOD);
}
