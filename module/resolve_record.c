// SPDX-License-Identifier: GPL-2.0
/*
 * What the lookup probes saw, kept until a context that may take the
 * table's locks applies it. Return probes run with preemption off, where
 * PREEMPT_RT forbids spinlock_t and allocation, so they only fill a
 * preallocated record:
 *
 *  - FLOW: xfrm_state_find() found the SA pending (or failing) for a flow;
 *  - DST:  a route lookup handed out a blackhole or queue dst for a flow:
 *          the probe holds it and points its output at the resolution
 *          queue at once (nobody has sent through it yet).
 *
 * Whoever next needs the table to be current applies the records first
 * (ipsec_latch_res_records_apply()): a larval dst's output, the socket
 * wrappers, the xfrm interface hook, SA events, a device going away,
 * dumps; a work item catches the rest. Applying runs under one lock, so
 * that a caller never finds a record half applied by another CPU.
 *
 * The pool is a fixed array (probe_records), claimed slot by slot with
 * cmpxchg: nothing here sleeps, allocates or spins on a lock. Once half
 * of it is taken, a netns that holds a quarter gets no more, so that a
 * flood in one cannot starve the others (a lone netns can fill half). A
 * full pool or share means the flow meets stock behaviour, counted
 * (res_records_full).
 */
#include <linux/bitmap.h>
#include <linux/slab.h>
#include <net/dst.h>
#include <net/net_namespace.h>

#include "ipsec_latch.h"
#include "resolve.h"
#include "resolve_internal.h"

enum {
	RECORD_FREE,
	RECORD_FILLING,
	RECORD_READY,
};

enum record_kind {
	RECORD_FLOW,
	RECORD_DST,
};

struct res_record {
	atomic_t state;
	u8 kind;
	bool failed;		/* FLOW: no key manager, or an error state */
	bool one_packet;	/* DST: made for one forwarded packet */
	struct net *net;	/* held */
	struct ipsec_latch_flow_key flow;
	struct ipsec_latch_res_key key;		/* FLOW */
	struct dst_entry *dst;			/* DST: held */
	ipsec_latch_output_fn orig_output;	/* DST */
};

static struct res_record *records;
static unsigned int nr_records;
static atomic_t records_ready;
static atomic_t records_next;
static atomic_t records_taken;	/* claimed and not yet freed, all netns */
static DEFINE_SPINLOCK(records_lock);	/* one applier at a time */
static unsigned long *records_dst_ready;	/* an applier's round */
static struct work_struct records_work;

/*
 * A free slot, now FILLING; NULL (counted) when the pool or @ln's share
 * of it is full.
 */
static struct res_record *record_claim(struct net *net,
				       struct ipsec_latch_net *ln)
{
	unsigned int i, start = atomic_inc_return(&records_next);
	struct res_record *r;

	if (atomic_inc_return(&ln->res.records) > nr_records / 4 &&
	    atomic_read(&records_taken) >= nr_records / 2)
		goto full;
	for (i = 0; i < nr_records; i++) {
		r = &records[(start + i) % nr_records];
		if (atomic_cmpxchg(&r->state, RECORD_FREE, RECORD_FILLING) ==
		    RECORD_FREE) {
			/* A netns being dismantled makes no new waits. */
			r->net = maybe_get_net(net);
			if (r->net) {
				atomic_inc(&records_taken);
				return r;
			}
			atomic_set_release(&r->state, RECORD_FREE);
			atomic_dec(&ln->res.records);
			return NULL;
		}
	}
full:
	atomic_dec(&ln->res.records);
	ipsec_latch_count(ln, IPSEC_LATCH_CTR_RES_RECORDS_FULL);
	return NULL;
}

/*
 * The count is a hint for the appliers' fast path, raised before the
 * record shows: an applier never waits on it (one may interrupt us here).
 */
static void record_publish(struct res_record *r)
{
	atomic_inc(&records_ready);
	atomic_set_release(&r->state, RECORD_READY);
	queue_work(ipsec_latch_res_wq, &records_work);
}

void ipsec_latch_res_record_flow(struct net *net,
				 const struct ipsec_latch_res_key *key,
				 const struct ipsec_latch_flow_key *flow,
				 bool failed)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(net);
	struct res_record *r;

	if (!ln || READ_ONCE(ln->mode) == IPSEC_LATCH_MODE_OFF)
		return;
	r = record_claim(net, ln);
	if (!r)
		return;
	r->kind = RECORD_FLOW;
	r->key = *key;
	r->flow = *flow;
	r->failed = failed;
	record_publish(r);
}

bool ipsec_latch_res_record_dst(struct net *net,
				const struct ipsec_latch_flow_key *flow,
				struct dst_entry *dst, bool one_packet)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(net);
	struct res_record *r;

	if (!ln || READ_ONCE(ln->mode) == IPSEC_LATCH_MODE_OFF)
		return false;
	r = record_claim(net, ln);
	if (!r)
		return false;
	r->kind = RECORD_DST;
	r->flow = *flow;
	r->one_packet = one_packet;
	dst_hold(dst);
	r->dst = dst;
	r->orig_output = dst->output;
	WRITE_ONCE(dst->output, ipsec_latch_res_larval_output);
	record_publish(r);
	return true;
}

/* Give a DST record's route its own output back, and our reference. */
static void record_dst_return(struct res_record *r)
{
	WRITE_ONCE(r->dst->output, r->orig_output);
	dst_release(r->dst);
}

static void record_apply(struct res_record *r)
{
	if (r->kind == RECORD_FLOW)
		ipsec_latch_res_note_pending(r->net, &r->key, &r->flow,
					     r->failed);
	else if (!ipsec_latch_res_adopt_dst(r->net, &r->flow, r->dst,
					    r->orig_output, r->one_packet))
		record_dst_return(r);
}

static bool record_ready(struct res_record *r, enum record_kind kind)
{
	return atomic_read_acquire(&r->state) == RECORD_READY &&
	       r->kind == kind;
}

/* Apply (or with @discard, undo) one READY record, and free its slot. */
static void record_take(struct res_record *r, bool discard)
{
	if (!discard)
		record_apply(r);
	else if (r->kind == RECORD_DST)
		record_dst_return(r);
	atomic_dec(&ipsec_latch_net(r->net)->res.records);
	atomic_dec(&records_taken);
	put_net(r->net);
	/* After the table changed: ipsec_latch_res_flow_seen(). */
	atomic_set_release(&r->state, RECORD_FREE);
	atomic_dec(&records_ready);
}

/*
 * One bounded round: the DST records READY now, then every READY FLOW
 * record, then those DST records. A DST record is published after its
 * flow's FLOW record (the same lookup, in order), so the second look finds
 * that one READY; a DST record published meanwhile waits for the next
 * round (its producer queued the work item after publishing it).
 */
static void records_apply(bool discard)
{
	unsigned int i;

	spin_lock_bh(&records_lock);
	for (i = 0; i < nr_records; i++)
		__assign_bit(i, records_dst_ready,
			     record_ready(&records[i], RECORD_DST));
	for (i = 0; i < nr_records; i++)
		if (record_ready(&records[i], RECORD_FLOW))
			record_take(&records[i], discard);
	for_each_set_bit(i, records_dst_ready, nr_records)
		record_take(&records[i], discard);
	spin_unlock_bh(&records_lock);
}

void ipsec_latch_res_records_apply(void)
{
	if (atomic_read(&records_ready))
		records_apply(false);
}

static void records_work_fn(struct work_struct *work)
{
	ipsec_latch_res_records_apply();
}

/*
 * From the forwarding probe: whether @flow waits for a resolution, by a
 * READY FLOW record or the table. Lock-free: a record is freed only after
 * it was applied, so one that goes between the two looks is in the table.
 */
bool ipsec_latch_res_flow_seen(struct net *net,
			       const struct ipsec_latch_flow_key *flow)
{
	struct res_record *r;
	unsigned int i;

	for (i = 0; i < nr_records; i++) {
		r = &records[i];
		if (atomic_read_acquire(&r->state) == RECORD_READY &&
		    r->kind == RECORD_FLOW && r->net == net &&
		    ipsec_latch_key_equal(&r->flow, flow, sizeof(*flow)))
			return true;
	}
	return ipsec_latch_res_flow_waits_rcu(net, flow);
}

int ipsec_latch_res_records_init(void)
{
	nr_records = READ_ONCE(ipsec_latch_probe_records);
	records = kvcalloc(nr_records, sizeof(*records), GFP_KERNEL);
	records_dst_ready = bitmap_zalloc(nr_records, GFP_KERNEL);
	if (!records || !records_dst_ready) {
		kvfree(records);
		bitmap_free(records_dst_ready);
		return -ENOMEM;
	}
	INIT_WORK(&records_work, records_work_fn);
	return 0;
}

/* After the probes are gone: nothing fills a record any more. */
void ipsec_latch_res_records_exit(void)
{
	cancel_work_sync(&records_work);
	records_apply(true);
	spin_lock_bh(&records_lock);
	nr_records = 0;		/* late appliers find nothing to do */
	spin_unlock_bh(&records_lock);
	kvfree(records);
	records = NULL;
	bitmap_free(records_dst_ready);
	records_dst_ready = NULL;
}
