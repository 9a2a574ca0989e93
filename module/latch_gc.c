// SPDX-License-Identifier: GPL-2.0
/*
 * The latches' garbage collector, per netns: it closes the latches of
 * flows that ended unseen and frees the closed ones whose hold is over.
 *
 * Each latch is due at one time, kept in a wheel of one-second slots: the
 * work item visits only the latches of the slots whose time came, never
 * the whole table. A visit decides from the latch's state (its socket
 * gone, its idle time or hold over) and arms its next visit: the end of
 * its hold or idle time, and at most IPSEC_LATCH_GC_RECHECK ahead, so
 * that a vanished socket or a changed parameter is seen within that.
 * Only a flow quiet for a second is asked for its socket, then less often
 * the longer it stays quiet: a socket that goes is seen within about two
 * seconds of the flow's last packet, and a busy flow costs no lookup.
 * Closing arms the end of the hold at once (ipsec_latch_gc_arm()).
 *
 * The wheel's lock is the innermost: taken under the table's and a
 * latch's lock. A latch is in the wheel from its insertion until it is
 * unlinked (both under the table's lock) and re-armed only while not
 * unlinked (its own lock), so the wheel never holds a latch that is not
 * in the table.
 */
#include <linux/rhashtable.h>
#include <net/tcp.h>
#include <net/udp.h>

#include "compat.h"
#include "ipsec_latch.h"
#include "latch_internal.h"

#define IPSEC_LATCH_GC_RECHECK	(10 * HZ)

/*
 * Does the TCP connection of @tu still have a socket (incl. TIME_WAIT)?
 * @dif: the device its packets used, for a socket bound to one.
 */
static bool latch_tcp_socket_exists(struct net *net,
				    const struct ipsec_latch_tuple *tu, int dif)
{
	struct sock *sk;

	if (tu->family == AF_INET6)
		sk = ipsec_latch_compat_tcp_lookup6(net, &tu->raddr.in6,
						    tu->rport, &tu->laddr.in6,
						    tu->lport, dif);
	else
		sk = ipsec_latch_compat_tcp_lookup4(net, tu->raddr.a4,
						    tu->rport, tu->laddr.a4,
						    tu->lport, dif);
	if (!sk)
		return false;
	sock_gen_put(sk);
	return true;
}

/*
 * Is there still a UDP socket that would receive the flow's datagrams?
 * For a flow a connected socket started (@connected), it must be that
 * connected socket: an unconnected one on the same port does not keep it.
 */
IPSEC_LATCH_VISIBLE_IF_SELFTEST bool
ipsec_latch_udp_socket_exists(struct net *net,
			      const struct ipsec_latch_tuple *tu, int dif,
			      bool connected)
{
	struct sock *sk;
	bool yes;

	if (tu->family == AF_INET6)
		sk = udp6_lib_lookup(net, &tu->raddr.in6, tu->rport,
				     &tu->laddr.in6, tu->lport, dif);
	else
		sk = udp4_lib_lookup(net, tu->raddr.a4, tu->rport,
				     tu->laddr.a4, tu->lport, dif);
	if (!sk)
		return false;
	/* The lookup prefers the socket connected to this peer. */
	yes = !connected || inet_sk(sk)->inet_dport == tu->rport;
	sock_put(sk);
	return yes;
}

/* The earlier of two times (jiffies cut to 32 bits). */
static u32 gc_sooner(u32 a, u32 b)
{
	return (s32)(a - b) < 0 ? a : b;
}

static unsigned int gc_slot(u32 at)
{
	return (at / IPSEC_LATCH_GC_PERIOD) % IPSEC_LATCH_GC_SLOTS;
}

/*
 * Visit @l at @at (jiffies), but within IPSEC_LATCH_GC_RECHECK (so that a
 * changed hold or idle time counts soon), and as the wheel allows. Under
 * the latch's lock (or the table's, for a latch just inserted), while not
 * unlinked.
 */
void ipsec_latch_gc_arm(struct ipsec_latch_table *t, struct ipsec_latch *l,
			u32 at)
{
	u32 first, last;

	at = gc_sooner(at, ipsec_latch_now32() + IPSEC_LATCH_GC_RECHECK);
	spin_lock_bh(&t->gc_lock);
	first = t->gc_next;
	last = first + (IPSEC_LATCH_GC_SLOTS - 1) * IPSEC_LATCH_GC_PERIOD;
	if ((s32)(at - first) < 0)
		at = first;
	else
		at = gc_sooner(at, last);
	list_move_tail(&l->gc_node, &t->gc_slots[gc_slot(at)]);
	spin_unlock_bh(&t->gc_lock);
}

/* Unlinking, under the latch's lock: out of the wheel for good. */
void ipsec_latch_gc_disarm(struct ipsec_latch_table *t, struct ipsec_latch *l)
{
	spin_lock_bh(&t->gc_lock);
	list_del_init(&l->gc_node);
	spin_unlock_bh(&t->gc_lock);
}

/*
 * GC verdict for one latch, under RCU: true when it must be freed now;
 * else it is closed if its flow ended, and its next visit is armed.
 */
IPSEC_LATCH_VISIBLE_IF_SELFTEST bool
ipsec_latch_gc_one(struct ipsec_latch_net *ln, struct ipsec_latch *l, u32 hold,
		   u32 idle)
{
	struct net *net = ipsec_latch_net_of(ln);
	u32 now, next, quiet;
	bool gone;

	spin_lock_bh(&l->lock);
	/* After the lock: a packet may have just set last_seen. */
	now = ipsec_latch_now32();
	next = now + IPSEC_LATCH_GC_RECHECK;
	if (l->unlinked) {
		spin_unlock_bh(&l->lock);
		return false;
	}
	if (l->state == IPSEC_LATCH_STATE_CLOSED) {
		if (now - l->closed_at > hold) {
			spin_unlock_bh(&l->lock);
			return true;
		}
		ipsec_latch_gc_arm(&ln->latch, l, l->closed_at + hold + 1);
		spin_unlock_bh(&l->lock);
		return false;
	}
	quiet = now - l->last_seen;
	if (l->state == IPSEC_LATCH_STATE_LARVAL ||
	    (l->tuple.proto != IPPROTO_TCP && quiet > idle)) {
		gone = quiet > idle;
	} else if (quiet < IPSEC_LATCH_GC_PERIOD &&
		   now - l->sock_checked < IPSEC_LATCH_GC_RECHECK) {
		/*
		 * A packet within the last second: its socket is there (asked
		 * every 10 s all the same: the packets may be a peer's alone).
		 */
		gone = false;
		next = now + IPSEC_LATCH_GC_PERIOD;
	} else {
		/* Quiet: ask for its socket, less often the longer so. */
		l->sock_checked = now;
		if (l->tuple.proto == IPPROTO_TCP)
			gone = !latch_tcp_socket_exists(net, &l->tuple,
							 l->ifindex);
		else
			gone = !ipsec_latch_udp_socket_exists(net, &l->tuple,
							       l->ifindex,
							       l->udp_connected);
		next = now + clamp_t(u32, quiet, IPSEC_LATCH_GC_PERIOD,
				     IPSEC_LATCH_GC_RECHECK);
	}
	if (gone) {
		ipsec_latch_close_locked(ln, l);	/* arms the hold */
	} else {
		if (l->state == IPSEC_LATCH_STATE_LARVAL ||
		    l->tuple.proto != IPPROTO_TCP)
			next = gc_sooner(next, l->last_seen + idle + 1);
		ipsec_latch_gc_arm(&ln->latch, l, next);
	}
	spin_unlock_bh(&l->lock);
	return false;
}

/*
 * Free a latch whose hold is over, unless a packet brought it back since
 * (one that never bound, now bound by its first protected packet): then
 * it is due again shortly (and, closed again, frees at its new hold).
 */
static void gc_free(struct ipsec_latch_net *ln, struct ipsec_latch *l,
		    u32 hold)
{
	struct ipsec_latch_table *t = &ln->latch;
	bool closed;

	spin_lock_bh(&t->lock);
	spin_lock(&l->lock);
	/* (Closed again since, its new hold not over: not yet.) */
	closed = l->state == IPSEC_LATCH_STATE_CLOSED &&
		 ipsec_latch_now32() - l->closed_at > hold;
	if (!closed && !l->unlinked)
		ipsec_latch_gc_arm(t, l, ipsec_latch_now32() +
				   IPSEC_LATCH_GC_PERIOD);
	spin_unlock(&l->lock);
	if (closed)
		ipsec_latch_unlink_locked(ln, l);
	spin_unlock_bh(&t->lock);
}

/* Visit the latches of one slot. */
static void gc_slot_visit(struct ipsec_latch_net *ln, unsigned int slot,
			  u32 hold, u32 idle)
{
	struct ipsec_latch_table *t = &ln->latch;
	struct ipsec_latch *l;
	LIST_HEAD(due);
	unsigned int n = 0;

	spin_lock_bh(&t->gc_lock);
	list_splice_init(&t->gc_slots[slot], &due);
	spin_unlock_bh(&t->gc_lock);
	for (;;) {
		/* One at a time: unlinking and arming move them meanwhile. */
		rcu_read_lock();
		spin_lock_bh(&t->gc_lock);
		l = list_first_entry_or_null(&due, struct ipsec_latch,
					     gc_node);
		if (l)
			list_del_init(&l->gc_node);
		spin_unlock_bh(&t->gc_lock);
		if (l && ipsec_latch_gc_one(ln, l, hold, idle))
			gc_free(ln, l, hold);
		rcu_read_unlock();
		if (!l)
			break;
		if (++n % 1024 == 0)
			cond_resched();
	}
}

/*
 * Once a second while latches or requests exist: visit the slots whose
 * time came (all of them, if the work ran late by a whole turn), and free
 * the requests of closed sockets.
 */
static void ipsec_latch_gc(struct work_struct *work)
{
	struct ipsec_latch_table *t =
		container_of(to_delayed_work(work), struct ipsec_latch_table,
			     gc);
	struct ipsec_latch_net *ln = container_of(t, struct ipsec_latch_net,
						  latch);
	u32 hold = msecs_to_jiffies(READ_ONCE(ipsec_latch_hold_ms));
	u32 idle = msecs_to_jiffies(READ_ONCE(ipsec_latch_idle_ms));
	unsigned int i;
	u32 slot_at;

	/* A whole turn behind (an idle table): one turn visits them all. */
	spin_lock_bh(&t->gc_lock);
	if ((s32)(ipsec_latch_now32() - t->gc_next) >=
	    IPSEC_LATCH_GC_SLOTS * IPSEC_LATCH_GC_PERIOD)
		t->gc_next = ipsec_latch_now32() -
			     (IPSEC_LATCH_GC_SLOTS - 1) * IPSEC_LATCH_GC_PERIOD;
	spin_unlock_bh(&t->gc_lock);
	for (i = 0; i < IPSEC_LATCH_GC_SLOTS; i++) {
		spin_lock_bh(&t->gc_lock);
		slot_at = t->gc_next;
		if ((s32)(ipsec_latch_now32() - slot_at) < 0) {
			spin_unlock_bh(&t->gc_lock);
			break;
		}
		/* Arming from now on goes to later slots. */
		t->gc_next = slot_at + IPSEC_LATCH_GC_PERIOD;
		spin_unlock_bh(&t->gc_lock);
		gc_slot_visit(ln, gc_slot(slot_at), hold, idle);
	}
	ipsec_latch_request_gc(t);
	if ((atomic_read(&t->count) || READ_ONCE(t->req_count)) &&
	    !READ_ONCE(t->dead))
		queue_delayed_work(system_power_efficient_wq, &t->gc,
				   IPSEC_LATCH_GC_PERIOD);
}

void ipsec_latch_gc_kick(struct ipsec_latch_table *t)
{
	spin_lock_bh(&t->lock);
	if (!t->dead)
		queue_delayed_work(system_power_efficient_wq, &t->gc,
				   IPSEC_LATCH_GC_PERIOD);
	spin_unlock_bh(&t->lock);
}

/*
 * The table's first latch since it was empty (under the table's lock;
 * the wheel is empty): the wheel starts now, whatever time it stopped.
 */
void ipsec_latch_gc_restart(struct ipsec_latch_table *t)
{
	spin_lock_bh(&t->gc_lock);
	t->gc_next = ipsec_latch_now32();
	spin_unlock_bh(&t->gc_lock);
}

void ipsec_latch_gc_init(struct ipsec_latch_table *t)
{
	int i;

	spin_lock_init(&t->gc_lock);
	for (i = 0; i < IPSEC_LATCH_GC_SLOTS; i++)
		INIT_LIST_HEAD(&t->gc_slots[i]);
	t->gc_next = ipsec_latch_now32();
	INIT_DELAYED_WORK(&t->gc, ipsec_latch_gc);
}
