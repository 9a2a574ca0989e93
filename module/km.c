// SPDX-License-Identifier: GPL-2.0
/*
 * A passive xfrm key manager: it never negotiates SAs, it only watches what
 * the kernel tells key managers (SA and policy changes, ACQUIREs) and counts
 * it per netns. Later parts hang SA-resolution and latching off these events.
 *
 * Rules for a passive xfrm_mgr (net/xfrm/xfrm_state.c, 6.1):
 *  - acquire and compile_policy are called without NULL checks;
 *  - acquire must fail, or km_query() would believe an SA is being
 *    negotiated when no real key manager is listening;
 *  - notify may run from the SA timer with x->lock held: no sleeping and
 *    no x->lock here;
 *  - km_event.net is only set for flushes; otherwise use the object's netns;
 *  - NEWSA/UPDSA come only from the configuration paths (xfrm_add_sa(),
 *    pfkey_add()): process context, no spinlocks, under RCU. Held packets
 *    may be sent from there.
 */
#include <net/xfrm.h>

#include "compat.h"
#include "ipsec_latch.h"
#include "sa_event.h"

static const char *const ipsec_latch_sa_event_names[IPSEC_LATCH_CTR_MAX + 1] = {
	[IPSEC_LATCH_CTR_SA_NEW] = "added",
	[IPSEC_LATCH_CTR_SA_UPDATE] = "updated",
	[IPSEC_LATCH_CTR_SA_DELETE] = "deleted",
	[IPSEC_LATCH_CTR_SA_EXPIRE] = "expired",
};

static void ipsec_latch_log_sa_event(const struct net *net,
				     const struct xfrm_state *x,
				     const struct km_event *c,
				     enum ipsec_latch_counter ctr)
{
	const char *what = ipsec_latch_sa_event_names[ctr];

	if (!x) {
		net_info_ratelimited("netns %u: SA table flushed (proto %u)\n",
				     net->ns.inum, c->data.proto);
		return;
	}
	if (x->props.family == AF_INET6)
		net_info_ratelimited("netns %u: SA %s: spi 0x%08x proto %u %pI6c -> %pI6c reqid %u\n",
				     net->ns.inum, what,
				     ntohl(x->id.spi), x->id.proto,
				     &x->props.saddr.in6, &x->id.daddr.in6,
				     x->props.reqid);
	else
		net_info_ratelimited("netns %u: SA %s: spi 0x%08x proto %u %pI4 -> %pI4 reqid %u\n",
				     net->ns.inum, what,
				     ntohl(x->id.spi), x->id.proto,
				     &x->props.saddr.a4, &x->id.daddr.a4,
				     x->props.reqid);
}

/*
 * The kernel's larval (ACQUIRE) state has no SPI; a deleted one is DEAD
 * like any other. A real SA that goes (an old one after a rekey) must not
 * fail a resolution that waits for its successor.
 */
static bool ipsec_latch_is_larval_state(const struct xfrm_state *x)
{
	return x->km.state != XFRM_STATE_VALID && !x->id.spi;
}

static int ipsec_latch_km_notify(struct xfrm_state *x, const struct km_event *c)
{
	struct net *net = x ? xs_net(x) : c->net;
	enum ipsec_latch_counter ctr = ipsec_latch_sa_event_counter(c->event);
	struct ipsec_latch_net *ln = ipsec_latch_net(net);

	if (!ln || ctr == IPSEC_LATCH_CTR_UNSPEC)
		return 0;
	ipsec_latch_count(ln, ctr);
	if (x && (ctr == IPSEC_LATCH_CTR_SA_NEW ||
		  ctr == IPSEC_LATCH_CTR_SA_UPDATE))
		ipsec_latch_res_sa_added(net, x, in_task());
	else if (x && ipsec_latch_is_larval_state(x) &&
		 (ctr == IPSEC_LATCH_CTR_SA_DELETE ||
		  (ctr == IPSEC_LATCH_CTR_SA_EXPIRE && c->data.hard)))
		ipsec_latch_res_acquire_gone(net, x);	/* larval state gone */
	if (READ_ONCE(ipsec_latch_sa_event_log))
		ipsec_latch_log_sa_event(net, x, c, ctr);
	return 0;
}

static int ipsec_latch_km_notify_policy(struct xfrm_policy *xp, int dir,
					const struct km_event *c)
{
	struct net *net = xp ? xp_net(xp) : c->net;
	enum ipsec_latch_counter ctr =
		ipsec_latch_policy_event_counter(c->event, c->data.hard);
	struct ipsec_latch_net *ln = ipsec_latch_net(net);

	if (ln && ctr != IPSEC_LATCH_CTR_UNSPEC)
		ipsec_latch_count(ln, ctr);
	if (xp && dir == XFRM_POLICY_OUT &&
	    (c->event == XFRM_MSG_NEWPOLICY || c->event == XFRM_MSG_UPDPOLICY))
		ipsec_latch_res_policy_added(net, xp);
	/* Maybe the last outbound policy went (an insert armed already). */
	if (c->event != XFRM_MSG_NEWPOLICY)
		ipsec_latch_hooks_disarm_soon();
	return 0;
}

/* Called under RCU from the sender's context, maybe softirq: count only. */
static int ipsec_latch_km_acquire(struct xfrm_state *x, struct xfrm_tmpl *t,
				  struct xfrm_policy *xp)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(xs_net(x));

	if (ln)
		ipsec_latch_count(ln, IPSEC_LATCH_CTR_ACQUIRE);
	return -EOPNOTSUPP;	/* we negotiate nothing: km_query() must know */
}

/*
 * Per-socket policies are compiled by the real key managers. xfrm_user_policy()
 * stops at the first one that succeeds, so when we are asked, *err already
 * holds the previous manager's error: keep it so userspace sees stock errors.
 */
static struct xfrm_policy *ipsec_latch_km_compile_policy(struct sock *sk,
							 int opt, u8 *data,
							 int len, int *err)
{
	if (*err >= 0)
		*err = -EINVAL;
	return NULL;
}

static struct xfrm_mgr ipsec_latch_km = {
	.notify = ipsec_latch_km_notify,
	.acquire = ipsec_latch_km_acquire,
	.compile_policy = ipsec_latch_km_compile_policy,
	.notify_policy = ipsec_latch_km_notify_policy,
	/* .is_alive stays NULL: we must never look like a listening manager */
};

int ipsec_latch_km_init(void)
{
	return ipsec_latch_compat_register_km(&ipsec_latch_km);
}

/* xfrm_unregister_km() waits for an RCU grace period: no callback survives. */
void ipsec_latch_km_exit(void)
{
	xfrm_unregister_km(&ipsec_latch_km);
}
