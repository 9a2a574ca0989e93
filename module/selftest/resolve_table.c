// SPDX-License-Identifier: GPL-2.0
/*
 * Self-tests of the resolution table (resolve.c), run at load in debug
 * builds. Included at the end of resolve.c so that they reach its static
 * functions: keys, creation and lookup, the PENDING -> RESOLVED | FAILED
 * machine with sleeping callers woken with the right result, the caps,
 * the reference counts and the teardown of a table that still holds
 * resolutions, packets and sleepers.
 *
 * Each test works on a private struct ipsec_latch_net through the
 * ln-taking halves of the entry points (res_note_pending(),
 * res_sa_added(), res_acquire_gone()), never on a netns's own table. Its
 * ->net is init_net only for what the code reads there: whether the
 * netlink family has listeners (never, before it is registered) and
 * xfrm_acq_expires (a FAILED resolution's hold). No packet is routed or
 * sent: held packets are only dropped (caps, teardown). What needs a real
 * dst, socket or route (larval dsts, watched sockets, releasing held
 * packets, fallback drains) is left to the VM suite.
 */
#include <linux/completion.h>
#include <linux/kthread.h>
#include <net/ipv6.h>
#include <net/netlink.h>

#include "selftest/selftest.h"

#define ST_REQID 7

/* 198.51.100.1 or 2001:db8::1 */
static void __init st_res_local(xfrm_address_t *a, u16 family)
{
	memset(a, 0, sizeof(*a));
	if (family == AF_INET6)
		ipv6_addr_set(&a->in6, htonl(0x20010db8), 0, 0, htonl(1));
	else
		a->a4 = htonl(0xc6336401);
}

/*
 * The key an ACQUIRE for an ESP tunnel to peer @n asks for; @v > 0 makes
 * it differ in one field: 1 daddr, 2 saddr, 3 reqid, 4 proto, 5 mode.
 */
static void __init st_res_key(struct ipsec_latch_res_key *key, u16 family,
			      u8 n, int v)
{
	xfrm_address_t any = {}, d, s;
	u8 proto = IPPROTO_ESP, mode = XFRM_MODE_TUNNEL;
	u32 reqid = ST_REQID;

	ipsec_latch_st_peer(&d, family, n);
	st_res_local(&s, family);
	if (v == 1)
		((u8 *)&d)[ipsec_latch_addr_len(family) - 1] ^= 1;
	else if (v == 2)
		((u8 *)&s)[0] ^= 1;
	else if (v == 3)
		reqid++;
	else if (v == 4)
		proto = IPPROTO_AH;
	else if (v == 5)
		mode = XFRM_MODE_TRANSPORT;
	ipsec_latch_res_key_from_tmpl(key, family, &any, &any, &d, &s, proto,
				      mode, reqid, 0, 0);
}

/* The SA that ends the wait for st_res_key(@family, @n, 0) at @reqid. */
static struct xfrm_state *__init st_res_sa(u16 family, u8 n, u32 reqid)
{
	struct xfrm_state *x = kzalloc(sizeof(*x), GFP_KERNEL);

	if (!x)
		return NULL;
	x->props.family = family;
	ipsec_latch_st_peer(&x->id.daddr, family, n);
	st_res_local(&x->props.saddr, family);
	x->id.proto = IPPROTO_ESP;
	x->id.spi = htonl(0x1000 + n);
	x->props.mode = XFRM_MODE_TUNNEL;
	x->props.reqid = reqid;
	x->km.state = XFRM_STATE_VALID;
	return x;
}

/* A TCP flow to 203.0.113.7:443 from local port @port. */
static void __init st_res_flow(struct ipsec_latch_flow_key *f, u16 port)
{
	memset(f, 0, sizeof(*f));
	f->family = AF_INET;
	f->proto = IPPROTO_TCP;
	f->daddr.a4 = htonl(0xcb007107);
	f->saddr.a4 = htonl(0xc6336401);
	f->uli = htonl((u32)port << 16 | 443);
}

static u64 __init st_res_ctr(struct ipsec_latch_net *ln,
			     enum ipsec_latch_counter ctr)
{
	return atomic64_read(&ln->counters[ctr]);
}

/* A reference to the resolution for @key, or NULL. */
static struct ipsec_latch_res *__init
st_res_get(struct ipsec_latch_net *ln, const struct ipsec_latch_res_key *key)
{
	struct ipsec_latch_res *res;

	spin_lock_bh(&ln->res.lock);
	res = res_find_key(&ln->res, key);
	if (res)
		refcount_inc(&res->refcnt);
	spin_unlock_bh(&ln->res.lock);
	return res;
}

static bool __init st_res_exists(struct ipsec_latch_net *ln,
				 const struct ipsec_latch_res_key *key)
{
	bool found;

	spin_lock_bh(&ln->res.lock);
	found = res_find_key(&ln->res, key);
	spin_unlock_bh(&ln->res.lock);
	return found;
}

/* The resolution a flow waits for (no reference: compare only). */
static struct ipsec_latch_res *__init
st_res_of_flow(struct ipsec_latch_net *ln,
	       const struct ipsec_latch_flow_key *flow)
{
	struct ipsec_latch_res_flow *f;
	struct ipsec_latch_res *res;

	spin_lock_bh(&ln->res.lock);
	f = res_find_flow(&ln->res, flow);
	res = f ? f->res : NULL;
	spin_unlock_bh(&ln->res.lock);
	return res;
}

static bool __init st_res_is_linked(struct ipsec_latch_res *res)
{
	bool linked;

	spin_lock_bh(&ipsec_latch_res_table_of(res)->lock);
	linked = ipsec_latch_res_linked(res);
	spin_unlock_bh(&ipsec_latch_res_table_of(res)->lock);
	return linked;
}

/*
 * An unlinked resolution: wait out a timer handler that may still run
 * (it drops its reference after kicking the work) as
 * ipsec_latch_res_stop_timers() does, then the work.
 */
static void __init st_res_settle(struct ipsec_latch_res *res)
{
	if (timer_delete_sync(&res->timer))
		ipsec_latch_res_put(res);
	if (timer_delete_sync(&res->fallback_timer))
		ipsec_latch_res_put(res);
	flush_work(&res->work);
}

/* A timer fired and kicked the work: wait (bounded) for the unlink. */
static bool __init st_res_until_unlinked(struct ipsec_latch_res *res)
{
	unsigned long end = jiffies + 2 * HZ;

	while (st_res_is_linked(res)) {
		if (time_after(jiffies, end))
			return false;
		usleep_range(100, 200);
	}
	st_res_settle(res);
	return true;
}

/* The timeout (PENDING) or hold (FAILED) timer fires now. */
static void __init st_res_fire_timer(struct ipsec_latch_res *res)
{
	spin_lock_bh(&ipsec_latch_res_table_of(res)->lock);
	ipsec_latch_res_arm_timer(res, 0);
	spin_unlock_bh(&ipsec_latch_res_table_of(res)->lock);
}

static struct ipsec_latch_net *__init st_res_ln_new(void)
{
	struct ipsec_latch_net *ln = kzalloc(sizeof(*ln), GFP_KERNEL);

	if (!ln)
		return NULL;
	ln->net = &init_net;
	ln->mode = IPSEC_LATCH_MODE_WAIT;
	ipsec_latch_res_table_init(&ln->res);
	return ln;
}

/* Netns exit: every index empty, every byte given back. */
static void __init st_res_exit(struct ipsec_latch_selftest *st,
			       struct ipsec_latch_net *ln)
{
	struct ipsec_latch_res_table *t;
	bool empty = true;
	int i;

	if (!ln)
		return;
	t = &ln->res;
	ipsec_latch_res_table_exit(ln);
	for (i = 0; i < ARRAY_SIZE(t->by_key); i++)
		empty &= hlist_empty(&t->by_key[i]) &&
			 hlist_empty(&t->by_flow[i]) &&
			 hlist_empty(&t->by_dst[i]) &&
			 hlist_empty(&t->by_sock[i]);
	ST_CHECK(st, empty);
	ST_CHECK(st, t->dead && t->count == 0 && t->queued_bytes == 0);
}

/*
 * After the exit only the test's own references are left (the table's,
 * the timers' and the work's are gone) and no timer is armed.
 */
static void __init st_res_free(struct ipsec_latch_selftest *st,
			       struct ipsec_latch_net *ln,
			       struct ipsec_latch_res **res, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (!res[i])
			continue;
		ST_CHECK(st, !timer_pending(&res[i]->timer));
		ST_CHECK(st, !timer_pending(&res[i]->fallback_timer));
		st_res_settle(res[i]);
		ST_CHECK(st, refcount_read(&res[i]->refcnt) == 1);
		ipsec_latch_res_put(res[i]);
	}
	kfree(ln);
}

/* A caller sleeping in ipsec_latch_res_wait(), on a thread of its own. */
struct st_waiter {
	struct ipsec_latch_res *res;
	struct completion done;
	long timeo;
	int err;
	bool started;
};

static int __init st_waiter_fn(void *arg)
{
	struct st_waiter *w = arg;

	w->err = ipsec_latch_res_wait(w->res, &w->timeo);
	ipsec_latch_res_put(w->res);	/* callers hold one while they wait */
	kthread_complete_and_exit(&w->done, 0);
}

/* The caller is in @res's wait queue: from now on a wake-up reaches it. */
static bool __init st_res_sleeping(struct ipsec_latch_res *res)
{
	return waitqueue_active(&res->wq);	/* polled, no lock needed */
}

/* True once the caller sleeps on @res. */
static bool __init st_waiter_start(struct st_waiter *w,
				   struct ipsec_latch_res *res)
{
	unsigned long end = jiffies + 2 * HZ;
	struct task_struct *task;

	w->res = res;
	w->timeo = 10 * HZ;
	w->err = 1;
	init_completion(&w->done);
	refcount_inc(&res->refcnt);
	task = kthread_run(st_waiter_fn, w, "ipsec_latch_stw");
	w->started = !IS_ERR(task);
	if (!w->started) {
		ipsec_latch_res_put(res);
		return false;
	}
	while (!st_res_sleeping(res) && time_before(jiffies, end))
		usleep_range(50, 100);
	return st_res_sleeping(res);
}

/* What the caller got; 1 when there was none. */
static int __init st_waiter_end(struct st_waiter *w)
{
	if (!w->started)
		return 1;
	wait_for_completion(&w->done);
	w->started = false;
	return w->err;
}

/*
 * Keys compare bytewise: unpadded, IPv4 addresses zero-filled whatever
 * the caller's buffer held beyond them, the template's own addresses
 * preferred to the lookup's, one field off is another key, and the key
 * of an SA is the key of the ACQUIRE it answers.
 */
static void __init st_res_keys(struct ipsec_latch_selftest *st)
{
	static const u16 families[] __initconst = { AF_INET, AF_INET6 };
	struct ipsec_latch_flow_key f, f2;
	struct ipsec_latch_res_key k, k2;
	xfrm_address_t any = {}, d, s, gw;
	struct xfrm_state *x;
	u16 family;
	int i, v;

	BUILD_BUG_ON(sizeof(k) != 2 * sizeof(xfrm_address_t) + 16);
	BUILD_BUG_ON(sizeof(f) != 2 * sizeof(xfrm_address_t) + 16);

	for (i = 0; i < ARRAY_SIZE(families); i++) {
		family = families[i];
		st_res_key(&k, family, 1, 0);
		ipsec_latch_st_peer(&d, family, 1);
		st_res_local(&s, family);
		ST_CHECK(st, !memcmp(&k.daddr, &d, sizeof(d)));
		ST_CHECK(st, !memcmp(&k.saddr, &s, sizeof(s)));
		ST_CHECK(st, k.family == family && k.reqid == ST_REQID);

		ipsec_latch_st_peer(&gw, family, 9);
		ipsec_latch_res_key_from_tmpl(&k2, family, &gw, &any, &d, &s,
					      IPPROTO_ESP, XFRM_MODE_TUNNEL,
					      ST_REQID, 0, 0);
		ST_CHECK(st, !memcmp(&k2.daddr, &gw, sizeof(gw)));
		ST_CHECK(st, !memcmp(&k2.saddr, &s, sizeof(s)));

		if (family == AF_INET) {
			d.a6[1] = htonl(0xdeadbeef);
			d.a6[2] = htonl(0xdeadbeef);
			d.a6[3] = htonl(0xdeadbeef);
			ipsec_latch_res_key_from_tmpl(&k2, family, &any, &any,
						      &d, &s, IPPROTO_ESP,
						      XFRM_MODE_TUNNEL,
						      ST_REQID, 0, 0);
			ST_CHECK(st, ipsec_latch_key_equal(&k, &k2,
							   sizeof(k)));
			ST_CHECK(st, ipsec_latch_key_hash(&k, sizeof(k)) ==
				 ipsec_latch_key_hash(&k2, sizeof(k2)));
		}
		for (v = 1; v <= 5; v++) {
			st_res_key(&k2, family, 1, v);
			ST_CHECK(st, !ipsec_latch_key_equal(&k, &k2,
							    sizeof(k)));
		}
		st_res_key(&k2, families[!i], 1, 0);
		ST_CHECK(st, !ipsec_latch_key_equal(&k, &k2, sizeof(k)));

		x = st_res_sa(family, 1, ST_REQID);
		if (!ST_CHECK(st, x))
			continue;
		res_key_of_state(&k2, x);
		ST_CHECK(st, ipsec_latch_key_equal(&k, &k2, sizeof(k)));
		kfree(x);
	}

	st_res_flow(&f, 40000);
	f2 = f;
	ST_CHECK(st, ipsec_latch_key_equal(&f, &f2, sizeof(f)));
	f2.uli ^= htonl(1);
	ST_CHECK(st, !ipsec_latch_key_equal(&f, &f2, sizeof(f)));
}

/*
 * Creation: one resolution per key with the flows that wait for it, its
 * references (the table's, the timeout's) and timer, FAILED at once when
 * no key manager answers, nothing in mode off, and the caps: resolutions
 * per netns, flows per resolution.
 */
static void __init st_res_create(struct ipsec_latch_selftest *st)
{
	unsigned int max_res = READ_ONCE(ipsec_latch_max_resolutions);
	unsigned int max_flows = READ_ONCE(ipsec_latch_max_resolution_flows);
	struct ipsec_latch_res *res[3] = {};
	struct ipsec_latch_res_key k[4];
	struct ipsec_latch_flow_key f[5];
	struct ipsec_latch_net *ln;
	bool held;
	int i;

	ln = st_res_ln_new();
	if (!ST_CHECK(st, ln))
		return;
	held = ipsec_latch_fail_hold(ln) >= HZ;
	for (i = 0; i < ARRAY_SIZE(k); i++)
		st_res_key(&k[i], i % 2 ? AF_INET6 : AF_INET, i + 1, 0);
	for (i = 0; i < ARRAY_SIZE(f); i++)
		st_res_flow(&f[i], 40000 + i);

	res_note_pending(ln, &k[0], &f[0], false);
	res[0] = st_res_get(ln, &k[0]);
	if (!ST_CHECK(st, res[0]))
		goto out;
	ST_CHECK(st, ln->res.count == 1);
	ST_CHECK(st, st_res_ctr(ln, IPSEC_LATCH_CTR_RES_CREATED) == 1);
	ST_CHECK(st, res[0]->state == IPSEC_LATCH_RES_PENDING);
	ST_CHECK(st, !memcmp(&res[0]->key, &k[0], sizeof(k[0])));
	/* The table's, the timeout timer's, ours. */
	ST_CHECK(st, refcount_read(&res[0]->refcnt) == 3);
	ST_CHECK(st, timer_pending(&res[0]->timer));
	ST_CHECK(st, st_res_of_flow(ln, &f[0]) == res[0]);
	ST_CHECK(st, res[0]->nr_flows == 1);

	/* The same flow again, then another flow for the same SA. */
	res_note_pending(ln, &k[0], &f[0], false);
	ST_CHECK(st, ln->res.count == 1 && res[0]->nr_flows == 1);
	res_note_pending(ln, &k[0], &f[1], false);
	ST_CHECK(st, st_res_of_flow(ln, &f[1]) == res[0]);
	ST_CHECK(st, ln->res.count == 1 && res[0]->nr_flows == 2);
	ST_CHECK(st, st_res_ctr(ln, IPSEC_LATCH_CTR_RES_CREATED) == 1);

	/* Another SA. */
	res_note_pending(ln, &k[1], &f[2], false);
	res[1] = st_res_get(ln, &k[1]);
	ST_CHECK(st, res[1] && res[1] != res[0] && ln->res.count == 2);
	ST_CHECK(st, st_res_of_flow(ln, &f[2]) == res[1]);

	/*
	 * No key manager: FAILED from the start, and held for
	 * xfrm_acq_expires (unless the admin set it to about 0: then the
	 * resolution may be gone before it is looked at).
	 */
	res_note_pending(ln, &k[2], &f[3], held);
	res[2] = st_res_get(ln, &k[2]);
	if (ST_CHECK(st, res[2]) && held) {
		ST_CHECK(st, res[2]->state == IPSEC_LATCH_RES_FAILED);
		ST_CHECK(st, res[2]->error == -EHOSTUNREACH);
		ST_CHECK(st, timer_pending(&res[2]->timer));
		ST_CHECK(st, st_res_ctr(ln, IPSEC_LATCH_CTR_RES_FAILED) == 1);
	}

	/* Mode off: stock behaviour, nothing tracked. */
	WRITE_ONCE(ln->mode, IPSEC_LATCH_MODE_OFF);
	res_note_pending(ln, &k[3], &f[4], false);
	ST_CHECK(st, !st_res_exists(ln, &k[3]) && ln->res.count == 3);
	WRITE_ONCE(ln->mode, IPSEC_LATCH_MODE_WAIT);

	/* Full: the flow meets stock behaviour. */
	WRITE_ONCE(ipsec_latch_max_resolutions, 3);
	res_note_pending(ln, &k[3], &f[4], false);
	ST_CHECK(st, !st_res_exists(ln, &k[3]) && ln->res.count == 3);
	ST_CHECK(st, !st_res_of_flow(ln, &f[4]));
	ST_CHECK(st, st_res_ctr(ln, IPSEC_LATCH_CTR_RES_TABLE_FULL) == 1);
	WRITE_ONCE(ipsec_latch_max_resolution_flows, 2);
	res_note_pending(ln, &k[0], &f[4], false);
	ST_CHECK(st, !st_res_of_flow(ln, &f[4]) && res[0]->nr_flows == 2);
	ST_CHECK(st, st_res_ctr(ln, IPSEC_LATCH_CTR_RES_FLOWS_FULL) == 1);
out:
	WRITE_ONCE(ipsec_latch_max_resolutions, max_res);
	WRITE_ONCE(ipsec_latch_max_resolution_flows, max_flows);
	st_res_exit(st, ln);
	st_res_free(st, ln, res, ARRAY_SIZE(res));
}

/*
 * PENDING -> RESOLVED: only a valid SA with the very key releases it,
 * inline from the key manager's process context or from a work item
 * otherwise; either way it is unlinked with its flows, its timer stops
 * and the sleeping caller wakes with 0.
 */
static void __init st_res_resolve(struct ipsec_latch_selftest *st)
{
	struct ipsec_latch_res *res[2] = {};
	struct xfrm_state *x, *y;
	struct ipsec_latch_res_key k;
	struct ipsec_latch_flow_key f;
	struct st_waiter w = {};
	struct ipsec_latch_net *ln;
	long timeo;

	ln = st_res_ln_new();
	x = st_res_sa(AF_INET6, 1, ST_REQID);
	y = st_res_sa(AF_INET6, 1, ST_REQID + 1);
	if (!ST_CHECK(st, ln && x && y))
		goto out;
	st_res_key(&k, AF_INET6, 1, 0);
	st_res_flow(&f, 40000);

	res_note_pending(ln, &k, &f, false);
	res[0] = st_res_get(ln, &k);
	if (!ST_CHECK(st, res[0]))
		goto out;
	ST_CHECK(st, st_waiter_start(&w, res[0]));
	ST_CHECK(st, res[0]->waiters == 1);

	/* Not the SA it waits for: the kernel's larval one, another reqid. */
	x->km.state = XFRM_STATE_ACQ;
	res_sa_added(ln, x, true);
	x->km.state = XFRM_STATE_VALID;
	res_sa_added(ln, y, true);
	ST_CHECK(st, res[0]->state == IPSEC_LATCH_RES_PENDING);
	ST_CHECK(st, st_res_is_linked(res[0]));

	res_sa_added(ln, x, true);
	ST_CHECK(st, res[0]->state == IPSEC_LATCH_RES_RESOLVED);
	ST_CHECK(st, !st_res_is_linked(res[0]) && ln->res.count == 0);
	ST_CHECK(st, !st_res_of_flow(ln, &f));
	ST_CHECK(st, st_waiter_end(&w) == 0);
	ST_CHECK(st, res[0]->waiters == 0);
	ST_CHECK(st, refcount_read(&res[0]->refcnt) == 1);
	ST_CHECK(st, !timer_pending(&res[0]->timer));
	ST_CHECK(st, st_res_ctr(ln, IPSEC_LATCH_CTR_RES_RESOLVED) == 1);
	timeo = HZ;	/* a late caller does not sleep */
	ST_CHECK(st, ipsec_latch_res_wait(res[0], &timeo) == 0);

	/* The same key waits again; this time a work item releases it. */
	res_note_pending(ln, &k, &f, false);
	res[1] = st_res_get(ln, &k);
	if (!ST_CHECK(st, res[1] && res[1] != res[0]))
		goto out;
	ST_CHECK(st, st_waiter_start(&w, res[1]));
	res_sa_added(ln, x, false);
	ST_CHECK(st, st_waiter_end(&w) == 0);
	flush_work(&res[1]->work);
	ST_CHECK(st, res[1]->state == IPSEC_LATCH_RES_RESOLVED);
	ST_CHECK(st, !st_res_is_linked(res[1]) && ln->res.count == 0);
	ST_CHECK(st, refcount_read(&res[1]->refcnt) == 1);
	/* The SA updated: nothing waits for it any more. */
	res_sa_added(ln, x, true);
	ST_CHECK(st, st_res_ctr(ln, IPSEC_LATCH_CTR_RES_RESOLVED) == 2);
out:
	st_waiter_end(&w);
	kfree(x);
	kfree(y);
	st_res_exit(st, ln);
	st_res_free(st, ln, res, ARRAY_SIZE(res));
}

/*
 * PENDING -> FAILED: the kernel's larval state went (ACQUIRE expired or
 * deleted) or the timeout came; the sleeping caller wakes with
 * -EHOSTUNREACH, later callers get it at once while the FAILED resolution
 * is held, and when the hold ends its work unlinks it. A caller whose own
 * time runs out gets -EAGAIN.
 */
static void __init st_res_fail(struct ipsec_latch_selftest *st)
{
	struct ipsec_latch_res *res[3] = {};
	struct ipsec_latch_res_key k[3];
	struct ipsec_latch_flow_key f[4];
	struct st_waiter w = {};
	struct ipsec_latch_net *ln;
	struct xfrm_state *x;
	long timeo;
	int i;

	ln = st_res_ln_new();
	x = st_res_sa(AF_INET, 1, ST_REQID);
	if (!ST_CHECK(st, ln && x))
		goto out;
	for (i = 0; i < ARRAY_SIZE(k); i++)
		st_res_key(&k[i], AF_INET, i + 1, 0);
	for (i = 0; i < ARRAY_SIZE(f); i++)
		st_res_flow(&f[i], 40000 + i);

	res_note_pending(ln, &k[0], &f[0], false);
	res[0] = st_res_get(ln, &k[0]);
	if (!ST_CHECK(st, res[0]))
		goto out;
	ST_CHECK(st, st_waiter_start(&w, res[0]));
	res_acquire_gone(ln, x);
	ST_CHECK(st, st_waiter_end(&w) == -EHOSTUNREACH);
	ST_CHECK(st, res[0]->state == IPSEC_LATCH_RES_FAILED);
	ST_CHECK(st, res[0]->error == -EHOSTUNREACH);
	ST_CHECK(st, st_res_ctr(ln, IPSEC_LATCH_CTR_RES_FAILED) == 1);
	flush_work(&res[0]->work);
	/* Held, unless the admin set xfrm_acq_expires to about 0. */
	if (ipsec_latch_fail_hold(ln) >= HZ) {
		ST_CHECK(st, st_res_is_linked(res[0]) && ln->res.count == 1);
		ST_CHECK(st, timer_pending(&res[0]->timer));
		timeo = HZ;
		ST_CHECK(st, ipsec_latch_res_wait(res[0], &timeo) ==
			 -EHOSTUNREACH);
		res_note_pending(ln, &k[0], &f[1], false);
		ST_CHECK(st, st_res_of_flow(ln, &f[1]) == res[0]);
		ST_CHECK(st, st_res_ctr(ln, IPSEC_LATCH_CTR_RES_CREATED) == 1);
	}
	res_acquire_gone(ln, x);	/* only PENDING ones fail */
	ST_CHECK(st, st_res_ctr(ln, IPSEC_LATCH_CTR_RES_FAILED) == 1);
	st_res_fire_timer(res[0]);	/* the hold is over */
	ST_CHECK(st, st_res_until_unlinked(res[0]));
	ST_CHECK(st, ln->res.count == 0 && !st_res_of_flow(ln, &f[0]));
	ST_CHECK(st, refcount_read(&res[0]->refcnt) == 1);
	ST_CHECK(st, st_res_ctr(ln, IPSEC_LATCH_CTR_RES_FAILED) == 1);

	/* The timeout. */
	res_note_pending(ln, &k[1], &f[2], false);
	res[1] = st_res_get(ln, &k[1]);
	if (!ST_CHECK(st, res[1]))
		goto out;
	ST_CHECK(st, st_waiter_start(&w, res[1]));
	st_res_fire_timer(res[1]);
	ST_CHECK(st, st_waiter_end(&w) == -EHOSTUNREACH);
	ST_CHECK(st, res[1]->state == IPSEC_LATCH_RES_FAILED);
	ST_CHECK(st, st_res_ctr(ln, IPSEC_LATCH_CTR_RES_TIMEOUT) == 1);
	ST_CHECK(st, st_res_ctr(ln, IPSEC_LATCH_CTR_RES_FAILED) == 2);

	/* The caller's own time runs out first. */
	res_note_pending(ln, &k[2], &f[3], false);
	res[2] = st_res_get(ln, &k[2]);
	if (!ST_CHECK(st, res[2]))
		goto out;
	timeo = 1;
	ST_CHECK(st, ipsec_latch_res_wait(res[2], &timeo) == -EAGAIN);
	ST_CHECK(st, res[2]->waiters == 0);
	ST_CHECK(st, res[2]->state == IPSEC_LATCH_RES_PENDING);
out:
	st_waiter_end(&w);
	kfree(x);
	st_res_exit(st, ln);
	st_res_free(st, ln, res, ARRAY_SIZE(res));
}

/*
 * ipsec_latch_res_enqueue() past its route step: these packets have no dst
 * to hold.
 */
static void __init st_res_hold(struct ipsec_latch_res *res,
			       struct sk_buff *skb)
{
	struct ipsec_latch_res_table *t = ipsec_latch_res_table_of(res);

	spin_lock_bh(&t->lock);
	__skb_queue_tail(&res->queue, skb);
	res->queued_bytes += skb->truesize;
	t->queued_bytes += skb->truesize;
	spin_unlock_bh(&t->lock);
}

/*
 * The queue's bounds (packets, bytes per resolution, bytes per netns) and
 * a packet without a route: each drops and frees the packet, counted.
 * Then the teardown of a table with a PENDING resolution that holds
 * packets and a sleeping caller, and a FAILED one that holds a packet:
 * the caller wakes with -EHOSTUNREACH, every packet is freed and counted,
 * every timer stopped.
 */
static void __init st_res_queue(struct ipsec_latch_selftest *st)
{
	static const unsigned int held_by[] __initconst = { 0, 0, 1 };
	unsigned int *const limits[] = {
		&ipsec_latch_max_queue_packets, &ipsec_latch_max_queue_bytes,
		&ipsec_latch_max_netns_bytes, NULL,
	};
	struct sk_buff *skb, *held[ARRAY_SIZE(held_by)] = {};
	struct ipsec_latch_res *res[2] = {};
	struct ipsec_latch_res_key k[2];
	struct ipsec_latch_flow_key f[2];
	struct st_waiter w = {};
	struct ipsec_latch_net *ln;
	unsigned int saved, bytes = 0;
	bool hold;
	int i;

	ln = st_res_ln_new();
	if (!ST_CHECK(st, ln))
		return;
	/* The second one FAILED, if its hold outlasts the test. */
	hold = ipsec_latch_fail_hold(ln) >= HZ;
	for (i = 0; i < ARRAY_SIZE(k); i++) {
		st_res_key(&k[i], AF_INET, i + 1, 0);
		st_res_flow(&f[i], 40000 + i);
		res_note_pending(ln, &k[i], &f[i], i == 1 && hold);
		res[i] = st_res_get(ln, &k[i]);
		if (!ST_CHECK(st, res[i]))
			goto out;
	}

	for (i = 0; i < ARRAY_SIZE(limits); i++) {
		skb = alloc_skb(256, GFP_KERNEL);
		if (!ST_CHECK(st, skb))
			goto out;
		skb_get(skb);	/* ours: tells whether theirs was dropped */
		saved = limits[i] ? *limits[i] : 0;
		if (limits[i])
			WRITE_ONCE(*limits[i], 0);
		spin_lock_bh(&ln->res.lock);
		ipsec_latch_res_enqueue(res[0], skb);
		spin_unlock_bh(&ln->res.lock);
		if (limits[i])
			WRITE_ONCE(*limits[i], saved);
		ST_CHECK(st, refcount_read(&skb->users) == 1);
		kfree_skb(skb);
	}
	ST_CHECK(st, st_res_ctr(ln, IPSEC_LATCH_CTR_DROP_QUEUE_FULL) == 2);
	ST_CHECK(st, st_res_ctr(ln, IPSEC_LATCH_CTR_DROP_NETNS_FULL) == 1);
	ST_CHECK(st, st_res_ctr(ln, IPSEC_LATCH_CTR_DROP_REROUTE) == 1);
	ST_CHECK(st, st_res_ctr(ln, IPSEC_LATCH_CTR_PKT_QUEUED) == 0);
	ST_CHECK(st, res[0]->drops == ARRAY_SIZE(limits));
	ST_CHECK(st, skb_queue_empty(&res[0]->queue));
	ST_CHECK(st, res[0]->queued_bytes == 0 && ln->res.queued_bytes == 0);

	for (i = 0; i < ARRAY_SIZE(held); i++) {
		held[i] = alloc_skb(256, GFP_KERNEL);
		if (!ST_CHECK(st, held[i]))
			goto out;
		skb_get(held[i]);
		bytes += held[i]->truesize;
		st_res_hold(res[held_by[i]], held[i]);
	}
	ST_CHECK(st, ln->res.queued_bytes == bytes);
	ST_CHECK(st, st_waiter_start(&w, res[0]));
	st_res_exit(st, ln);
	ST_CHECK(st, st_waiter_end(&w) == -EHOSTUNREACH);
	ST_CHECK(st, res[0]->state == IPSEC_LATCH_RES_FAILED);
	for (i = 0; i < ARRAY_SIZE(held); i++)
		ST_CHECK(st, refcount_read(&held[i]->users) == 1);
	ST_CHECK(st, st_res_ctr(ln, IPSEC_LATCH_CTR_DROP_UNLOAD) ==
		 ARRAY_SIZE(held));
out:
	st_waiter_end(&w);
	st_res_exit(st, ln);	/* again after the above: a no-op */
	for (i = 0; i < ARRAY_SIZE(held); i++)
		kfree_skb(held[i]);
	st_res_free(st, ln, res, ARRAY_SIZE(res));
}

/* The netlink nest: what it says, and nothing half-written when full. */
static void __init st_res_fill(struct ipsec_latch_selftest *st)
{
	struct ipsec_latch_res *res = NULL;
	struct sk_buff *skb = NULL;
	struct ipsec_latch_res_key k;
	struct ipsec_latch_flow_key f;
	struct ipsec_latch_net *ln;
	struct nlattr *nest, *a;
	unsigned int len;
	int err;

	ln = st_res_ln_new();
	if (!ST_CHECK(st, ln))
		return;
	st_res_key(&k, AF_INET6, 1, 0);
	st_res_flow(&f, 40000);
	res_note_pending(ln, &k, &f, false);
	res = st_res_get(ln, &k);
	skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!ST_CHECK(st, res && skb))
		goto out;

	spin_lock_bh(&ln->res.lock);
	err = ipsec_latch_res_fill(skb, res);
	spin_unlock_bh(&ln->res.lock);
	if (!ST_CHECK(st, !err && skb->len >= NLA_HDRLEN))
		goto out;
	nest = (struct nlattr *)skb->data;
	ST_CHECK(st, nla_type(nest) == IPSEC_LATCH_A_RES);
	ST_CHECK(st, nla_total_size(nla_len(nest)) == skb->len);
	a = nla_find_nested(nest, IPSEC_LATCH_RES_A_STATE);
	ST_CHECK(st, a && nla_get_u8(a) == IPSEC_LATCH_RES_PENDING);
	a = nla_find_nested(nest, IPSEC_LATCH_RES_A_DADDR);
	ST_CHECK(st, a && nla_len(a) == sizeof(struct in6_addr) &&
		 !memcmp(nla_data(a), &k.daddr, sizeof(struct in6_addr)));
	a = nla_find_nested(nest, IPSEC_LATCH_RES_A_REQID);
	ST_CHECK(st, a && nla_get_u32(a) == ST_REQID);
	ST_CHECK(st, !nla_find_nested(nest, IPSEC_LATCH_RES_A_ERROR));

	/* Room for the family and one address only. */
	skb_trim(skb, 0);
	skb_put(skb, skb_tailroom(skb) - NLA_HDRLEN -
		nla_total_size(sizeof(u16)) -
		nla_total_size(sizeof(struct in6_addr)));
	len = skb->len;
	spin_lock_bh(&ln->res.lock);
	err = ipsec_latch_res_fill(skb, res);
	spin_unlock_bh(&ln->res.lock);
	ST_CHECK(st, err == -EMSGSIZE && skb->len == len);
out:
	kfree_skb(skb);
	st_res_exit(st, ln);
	st_res_free(st, ln, &res, 1);
}

bool __init ipsec_latch_selftest_resolve(struct ipsec_latch_selftest *st)
{
	unsigned int failed = st->failed;

	st_res_keys(st);
	st_res_create(st);
	st_res_resolve(st);
	st_res_fail(st);
	st_res_queue(st);
	st_res_fill(st);
	return st->failed == failed;
}
