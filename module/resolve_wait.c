// SPDX-License-Identifier: GPL-2.0
/*
 * Time and waiting in a resolution's life: callers that sleep until it
 * ends, the timer that fails it when PENDING runs out and later ends its
 * FAILED hold, and the fallback timer that lets held BYPASS-OR-PROTECT
 * flows go clear. An armed timer holds a reference on the resolution.
 */
#include <linux/timer.h>
#include <linux/wait.h>
#include <net/sock.h>

#include "compat.h"
#include "ipsec_latch.h"
#include "resolve.h"
#include "resolve_internal.h"

/* (Re)arm the timer; it owns a reference while armed. */
void ipsec_latch_res_arm_timer(struct ipsec_latch_res *res,
			       unsigned long delay)
{
	refcount_inc(&res->refcnt);
	if (mod_timer(&res->timer, jiffies + delay))
		ipsec_latch_res_put(res);	/* it was armed: one ref is enough */
}

/* Table lock held: fire no later than @when; a reference while armed. */
void ipsec_latch_res_arm_fallback_locked(struct ipsec_latch_res *res,
					 unsigned long when)
{
	refcount_inc(&res->refcnt);
	if (timer_reduce(&res->fallback_timer, when))
		ipsec_latch_res_put(res);
}

/* Stop both timers, dropping the references they held. */
void ipsec_latch_res_stop_timers(struct ipsec_latch_res *res)
{
	if (timer_delete_sync(&res->timer))
		ipsec_latch_res_put(res);
	if (timer_delete_sync(&res->fallback_timer))
		ipsec_latch_res_put(res);
}

/* A BYPASS-OR-PROTECT flow's fallback time: a drain pass decides. */
void ipsec_latch_res_fallback_timer_fn(struct timer_list *timer)
{
	struct ipsec_latch_res *res =
		timer_container_of(res, timer, fallback_timer);
	struct ipsec_latch_res_table *t = ipsec_latch_res_table_of(res);

	spin_lock_bh(&t->lock);
	if (res->state == IPSEC_LATCH_RES_PENDING && !t->dead)
		ipsec_latch_res_kick(res);
	spin_unlock_bh(&t->lock);
	ipsec_latch_res_put(res);	/* the timer's */
}

void ipsec_latch_res_arm_fallback(struct net *net, const struct dst_entry *dst,
				  unsigned long delay)
{
	struct ipsec_latch_res *res = ipsec_latch_res_get_by_dst(net, dst);
	struct ipsec_latch_res_table *t;

	if (!res)
		return;
	t = ipsec_latch_res_table_of(res);
	spin_lock_bh(&t->lock);
	if (res->state == IPSEC_LATCH_RES_PENDING &&
	    ipsec_latch_res_linked(res) && !t->dead)
		ipsec_latch_res_arm_fallback_locked(res, jiffies + delay);
	spin_unlock_bh(&t->lock);
	ipsec_latch_res_put(res);
}

/* PENDING ran out of time, or a FAILED resolution's hold is over. */
void ipsec_latch_res_timer_fn(struct timer_list *timer)
{
	struct ipsec_latch_res *res = timer_container_of(res, timer, timer);
	struct ipsec_latch_res_table *t = ipsec_latch_res_table_of(res);

	spin_lock_bh(&t->lock);
	if (res->state == IPSEC_LATCH_RES_PENDING) {
		ipsec_latch_count(res->ln, IPSEC_LATCH_CTR_RES_TIMEOUT);
		ipsec_latch_res_fail_locked(res, -EHOSTUNREACH);
		ipsec_latch_res_arm_timer(res, ipsec_latch_fail_hold(res->ln));
		ipsec_latch_res_kick(res);
	} else if (ipsec_latch_res_linked(res) && !t->dead) {
		/* (Unlinked: a drain did it and is stopping this timer.) */
		res->hold_over = true;
		ipsec_latch_res_kick(res);
	}
	spin_unlock_bh(&t->lock);
	ipsec_latch_res_put(res);	/* the timer's */
}

int ipsec_latch_res_wait(struct ipsec_latch_res *res, long *timeo)
{
	struct ipsec_latch_res_table *t = ipsec_latch_res_table_of(res);
	unsigned int seen;
	long left;
	int err;

	spin_lock_bh(&t->lock);
	res->waiters++;
	seen = res->fallbacks;
	spin_unlock_bh(&t->lock);
	/* RESOLVED counts only once the work unlinked it: held packets of
	 * this caller left first.
	 */
	left = wait_event_interruptible_timeout(res->wq,
		res->state == IPSEC_LATCH_RES_FAILED ||
		(res->state == IPSEC_LATCH_RES_RESOLVED &&
		 !ipsec_latch_res_linked(res)) ||
		READ_ONCE(res->fallbacks) != seen,
		*timeo);
	ipsec_latch_debug_teardown_delay(READ_ONCE(t->dead));
	spin_lock_bh(&t->lock);
	res->waiters--;
	if (res->state == IPSEC_LATCH_RES_FAILED)
		err = res->error;
	else if (res->state == IPSEC_LATCH_RES_RESOLVED &&
		 !ipsec_latch_res_linked(res))
		err = 0;
	else if (res->fallbacks != seen)
		err = IPSEC_LATCH_RES_FELL_BACK;
	else if (left < 0)
		err = sock_intr_errno(*timeo);
	else
		err = -EAGAIN;
	spin_unlock_bh(&t->lock);
	if (left > 0)
		*timeo = left;
	return err;
}
