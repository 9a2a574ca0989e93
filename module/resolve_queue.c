// SPDX-License-Identifier: GPL-2.0
/*
 * The packets a resolution holds. A larval dst's output queues them, and
 * so does the xfrm interface egress hook (by flow), within the
 * per-resolution and per-netns caps; a drain then re-routes and sends
 * them (RESOLVED), drops them and fails waiting connects (FAILED), or, while
 * PENDING, sends those whose flows fell back to the clear. Drains run from
 * the resolution's work item, or straight from the key manager's SA
 * notification. A device that goes away takes its held packets with it
 * (netdevice notifier, below).
 */
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/route.h>
#include <net/tcp.h>

#include "ipsec_latch.h"
#include "resolve.h"
#include "resolve_internal.h"

static void res_send(struct net *net, struct sk_buff *skb, bool clear);

/* Set while a drain sends a held packet on this CPU (BHs off). */
static DEFINE_PER_CPU(bool, res_resending);

bool ipsec_latch_res_resending(void)
{
	return this_cpu_read(res_resending);
}

/* A packet the queue refuses: dropped and counted, also against @res. */
static void res_refuse(struct ipsec_latch_res *res, struct sk_buff *skb,
		       enum ipsec_latch_counter why)
{
	ipsec_latch_count(res->ln, why);
	res->drops++;
	kfree_skb(skb);
}

/* Bytes held in all netns: max_held_bytes_total holds module-wide. */
static atomic_long_t held_bytes_total = ATOMIC_LONG_INIT(0);

/* Table lock held: @delta bytes more (or fewer) held for @res. */
static void res_bytes_locked(struct ipsec_latch_res *res, long delta)
{
	res->queued_bytes += delta;
	ipsec_latch_res_table_of(res)->queued_bytes += delta;
	atomic_long_add(delta, &held_bytes_total);
}

/*
 * Queue one packet of a waiting flow, within the per-resolution,
 * per-netns and module-wide bounds. Called with the table lock held;
 * consumes @skb.
 */
void ipsec_latch_res_enqueue(struct ipsec_latch_res *res, struct sk_buff *skb)
{
	struct ipsec_latch_res_table *t = ipsec_latch_res_table_of(res);
	unsigned int size = skb->truesize;
	bool held;

	if (skb_queue_len(&res->queue) >=
	    READ_ONCE(ipsec_latch_max_queue_packets) ||
	    res->queued_bytes + size > READ_ONCE(ipsec_latch_max_queue_bytes)) {
		res_refuse(res, skb, IPSEC_LATCH_CTR_DROP_QUEUE_FULL);
		return;
	}
	if (t->queued_bytes + size > READ_ONCE(ipsec_latch_max_netns_bytes) ||
	    atomic_long_read(&held_bytes_total) + size >
	    READ_ONCE(ipsec_latch_max_held_bytes_total)) {
		res_refuse(res, skb, IPSEC_LATCH_CTR_DROP_NETNS_FULL);
		return;
	}
	/*
	 * Its device is going away or moving to another netns (both close
	 * it first): res_dev_gone() may have run already.
	 */
	if (skb->dev && (READ_ONCE(skb->dev->reg_state) != NETREG_REGISTERED ||
			 !netif_running(skb->dev))) {
		res_refuse(res, skb, IPSEC_LATCH_CTR_DROP_DEV_GONE);
		return;
	}
	/* Held beyond the sender's call: the dst needs a reference. */
	rcu_read_lock();
	held = skb_dst_force(skb);
	rcu_read_unlock();
	if (!held) {
		res_refuse(res, skb, IPSEC_LATCH_CTR_DROP_REROUTE);
		return;
	}
	/*
	 * And skb->dev (a forwarded packet's input device), which the
	 * output path still reads when the packet is released: put by
	 * whoever takes the packet for good (drain, device gone, exit).
	 */
	dev_hold(skb->dev);
	__skb_queue_tail(&res->queue, skb);
	res_bytes_locked(res, size);
	ipsec_latch_count(res->ln, IPSEC_LATCH_CTR_PKT_QUEUED);
}

/*
 * Hold @skb with @res for @sk's send, under the table lock; consumes it.
 * A non-blocking datagram send in "wait" mode gets EAGAIN instead of a
 * packet that may leave after the call reported success.
 */
static int res_hold_locked(struct ipsec_latch_res *res, const struct sock *sk,
			   struct sk_buff *skb)
{
	/* The state first: asking marks the caller's send as "would block". */
	if (res->state == IPSEC_LATCH_RES_PENDING &&
	    ipsec_latch_send_would_block(sk)) {
		ipsec_latch_count(res->ln, IPSEC_LATCH_CTR_DROP_WOULD_BLOCK);
		kfree_skb(skb);
		return NET_XMIT_DROP;
	}
	ipsec_latch_send_note_queued(sk, res);
	ipsec_latch_res_enqueue(res, skb);
	if (res->state != IPSEC_LATCH_RES_PENDING)
		/* released or failed meanwhile: drain */
		ipsec_latch_res_kick(res);
	return NET_XMIT_SUCCESS;
}

int ipsec_latch_res_larval_output(struct net *net, struct sock *sk,
				  struct sk_buff *skb)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(net);
	struct dst_entry *dst = skb_dst(skb);
	struct ipsec_latch_res_dst *rd;
	struct ipsec_latch_res *res;
	unsigned long next = jiffies + MAX_JIFFY_OFFSET;
	ipsec_latch_output_fn output;
	int ret;

	ipsec_latch_res_records_apply();	/* this dst's, maybe */
	spin_lock_bh(&ln->res.lock);
	rd = ipsec_latch_res_find_dst(&ln->res, dst);
	if (!rd) {
		/* The resolution ended between the caller reading ->output
		 * and now: the dst has its own output back.
		 */
		spin_unlock_bh(&ln->res.lock);
		output = READ_ONCE(dst->output);
		if (output == ipsec_latch_res_larval_output) {
			kfree_skb(skb);
			return NET_XMIT_DROP;
		}
		return output(net, sk, skb);
	}
	res = rd->res;
	/* The packet holds its own reference; the budget is for others. */
	if (rd->one_packet)
		ipsec_latch_res_forget_dst_locked(rd);
	/* Its flow fell back to the clear meanwhile: it need not wait. */
	if (res->state == IPSEC_LATCH_RES_PENDING &&
	    ipsec_latch_held(net, skb, false, &next) ==
	    IPSEC_LATCH_HELD_SEND) {
		spin_unlock_bh(&ln->res.lock);
		res_send(net, skb, true);
		return NET_XMIT_SUCCESS;
	}
	ret = res_hold_locked(res, sk, skb);
	spin_unlock_bh(&ln->res.lock);
	return ret;
}

bool ipsec_latch_res_hold_flow(struct net *net, struct sk_buff *skb,
			       const struct ipsec_latch_flow_key *flow)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(net);
	unsigned long next = jiffies + MAX_JIFFY_OFFSET;
	struct ipsec_latch_res *res;

	if (!ln)
		return false;
	ipsec_latch_res_records_apply();	/* the lookup's just before */
	spin_lock_bh(&ln->res.lock);
	res = ipsec_latch_res_find_flow_res(&ln->res, flow);
	/*
	 * As the drain would decide: PENDING, held; FAILED, held and then
	 * dropped (the sender fails fast). RESOLVED and released, or a flow
	 * whose latch sends it (fell back to the clear): not ours, it goes
	 * on as stock would. RESOLVED with older packets still to send (the
	 * worker has them): behind them.
	 */
	if (!res || (res->state == IPSEC_LATCH_RES_RESOLVED &&
		     skb_queue_empty(&res->queue) && !res->draining) ||
	    (res->state != IPSEC_LATCH_RES_RESOLVED &&
	     ipsec_latch_held(net, skb, res->state == IPSEC_LATCH_RES_FAILED,
			      &next) == IPSEC_LATCH_HELD_SEND)) {
		spin_unlock_bh(&ln->res.lock);
		return false;
	}
	res_hold_locked(res, skb->sk, skb);
	spin_unlock_bh(&ln->res.lock);
	return true;
}

/*
 * The output of the hold routes (resolve_forward.c): a forwarded packet
 * of a waiting flow is held with its resolution. One whose wait ended
 * meanwhile is re-routed, as a held one would be on release: the hold
 * route itself leads nowhere.
 */
int ipsec_latch_res_forward_output(struct net *net, struct sock *sk,
				   struct sk_buff *skb)
{
	u16 family = skb->protocol == htons(ETH_P_IPV6) ? AF_INET6 : AF_INET;
	struct ipsec_latch_flow_key flow;

	if (ipsec_latch_flow_key_from_skb(&flow, net, skb, family) &&
	    ipsec_latch_res_hold_flow(net, skb, &flow))
		return NET_XMIT_SUCCESS;
	res_send(net, skb, false);
	return NET_XMIT_SUCCESS;
}

/*
 * Re-route a held packet now that its SA exists, or (@clear) its flow fell
 * back to the clear, and send it. A fallen-back flow that still does not
 * route clear (a policy that ties with its BYPASS entry) fails like a
 * FAILED resolution rather than leave a connect() retrying for minutes.
 */
/* A new route for @skb; false if it has none, or still a larval one. */
static bool res_reroute(struct net *net, struct sk_buff *skb, bool clear)
{
	struct sock *sk = skb->sk && sk_fullsock(skb->sk) ? skb->sk : NULL;
	int err;

	/* Both look at the old (larval) dst's device, then replace it. */
	if (skb->protocol == htons(ETH_P_IPV6))
		err = ip6_route_me_harder(net, sk, skb);
	else
		err = ip_route_me_harder(net, sk, skb, RTN_UNSPEC);
	return !err && skb_dst(skb) &&
	       !ipsec_latch_res_dst_is_larval(skb_dst(skb)) &&
	       !(clear && skb_dst(skb)->output == dst_discard_out);
}

/* False if its latch refused it (freed). */
static bool res_output(struct net *net, struct sk_buff *skb)
{
	bool was;

	/* It skipped LOCAL_OUT while held: its latch decides now (counted
	 * there when it refuses).
	 */
	if (!ipsec_latch_output_ok(net, skb)) {
		kfree_skb(skb);
		return false;
	}
	ipsec_latch_count(ipsec_latch_net(net), IPSEC_LATCH_CTR_PKT_RELEASED);
	/* Hooks that hold packets let it pass (hook_xfrmi.c): no loop. */
	local_bh_disable();
	was = this_cpu_read(res_resending);
	this_cpu_write(res_resending, true);
	dst_output(net, skb->sk, skb);
	this_cpu_write(res_resending, was);
	local_bh_enable();
	return true;
}

enum res_retry_result { RETRY_KEPT, RETRY_SENT, RETRY_REFUSED };

/*
 * A policy changed under a waiting flow (ipsec_latch_res_policy_added()):
 * sent if it now leaves under an SA (an xfrm bundle); else it waits on
 * with the route it was held with. Only packets held on a larval route
 * or a hold route are retried: one held on its way into an xfrm
 * interface (hook_xfrmi.c) has its real route already, and waits for
 * the SA itself.
 */
static enum res_retry_result res_retry(struct net *net, struct sk_buff *skb)
{
	struct dst_entry *held = skb_dst(skb);

	if (!ipsec_latch_res_dst_is_larval(held) &&
	    !(held->flags & DST_XFRM_QUEUE) &&
	    READ_ONCE(held->output) != ipsec_latch_res_forward_output)
		return RETRY_KEPT;
	dst_hold(held);
	if (!res_reroute(net, skb, false) || !skb_dst(skb)->xfrm) {
		skb_dst_drop(skb);
		skb_dst_set(skb, held);
		return RETRY_KEPT;
	}
	dst_release(held);
	return res_output(net, skb) ? RETRY_SENT : RETRY_REFUSED;
}

static void res_send(struct net *net, struct sk_buff *skb, bool clear)
{
	if (!res_reroute(net, skb, clear)) {
		if (clear) {
			ipsec_latch_res_drop(ipsec_latch_net(net), skb,
					     -EHOSTUNREACH,
					     IPSEC_LATCH_CTR_DROP_REROUTE);
			return;
		}
		ipsec_latch_count(ipsec_latch_net(net),
				  IPSEC_LATCH_CTR_DROP_REROUTE);
		kfree_skb(skb);
		return;
	}
	res_output(net, skb);
}

/*
 * A connect() to fail, later: tcp_abort() takes the socket lock, and the
 * path that dropped the SYN may hold it (connect() itself, or the
 * retransmit timer under bh_lock_sock()). The work item holds the socket.
 */
struct res_abort {
	struct work_struct work;
	struct sock *sk;
	int error;
};

static void res_abort_fn(struct work_struct *work)
{
	struct res_abort *a = container_of(work, struct res_abort, work);

	/* Not one that got through meanwhile (a SYN sent clear, released). */
	if (inet_sk_state_load(a->sk) == TCP_SYN_SENT)
		tcp_abort(a->sk, a->error);
	sock_put(a->sk);
	kfree(a);
}

static void res_abort_later(struct sock *sk, int error)
{
	struct res_abort *a = kmalloc(sizeof(*a), GFP_ATOMIC);

	if (!a)
		return;		/* the connect() times out on its own */
	if (!refcount_inc_not_zero(&sk->sk_refcnt)) {
		kfree(a);
		return;
	}
	a->sk = sk;
	a->error = error;
	INIT_WORK(&a->work, res_abort_fn);
	queue_work(ipsec_latch_res_wq, &a->work);
}

/*
 * Drop a held packet. A held TCP SYN means a connect() waits for this SA:
 * abort it with the error (EHOSTUNREACH, no RST), as an ICMP unreachable
 * would, instead of letting it retry SYNs for two minutes.
 */
void ipsec_latch_res_drop(struct ipsec_latch_net *ln, struct sk_buff *skb,
			  int error, enum ipsec_latch_counter why)
{
	struct sock *sk = skb->sk;

	if (sk && sk_fullsock(sk) && sk->sk_protocol == IPPROTO_TCP &&
	    sk->sk_state == TCP_SYN_SENT)
		res_abort_later(sk, -error);
	ipsec_latch_count(ln, why);
	kfree_skb(skb);
}

/* Move the held packets to @held and take them off the byte budgets. */
void ipsec_latch_res_take_queue_locked(struct ipsec_latch_res *res,
				       struct sk_buff_head *held)
{
	skb_queue_splice_init(&res->queue, held);
	res_bytes_locked(res, -(long)res->queued_bytes);
}

/*
 * With larval_drop = 0 the kernel's queue dsts stay valid in socket caches
 * after the SA exists (xfrm_bundle_ok() accepts them), so those sockets'
 * next packets would wait in the per-policy queue for its timer. Expiring
 * the netns's cached routes makes them re-route now.
 */
static void res_forget_queue_dsts(struct net *net,
				  const struct ipsec_latch_res *res)
{
	if (res->queue_dst_families & BIT(0))
		rt_genid_bump_ipv4(net);
	if (res->queue_dst_families & BIT(1))
		rt_genid_bump_ipv6(net);
}

/* Put packets a drain kept back at the head of the queue, in order. */
static void res_requeue_locked(struct ipsec_latch_res *res,
			       struct sk_buff_head *kept)
{
	struct sk_buff *skb;
	unsigned int bytes = 0;

	skb_queue_walk(kept, skb)
		bytes += skb->truesize;
	skb_queue_splice_init(kept, &res->queue);
	res_bytes_locked(res, bytes);
}

/*
 * One held packet: RESOLVED sends it. Otherwise its latch decides: a
 * BYPASS-OR-PROTECT flow falls back to the clear and is sent when the
 * resolution FAILED or its fallback time came; any other flow's packet is
 * dropped when FAILED and kept while PENDING.
 */
static enum ipsec_latch_held_verdict
res_held_verdict(struct net *net, enum ipsec_latch_res_state state,
		 struct sk_buff *skb, unsigned long *next)
{
	if (state == IPSEC_LATCH_RES_RESOLVED)
		return IPSEC_LATCH_HELD_SEND;
	return ipsec_latch_held(net, skb, state == IPSEC_LATCH_RES_FAILED,
				next);
}

/*
 * Send the held packets (RESOLVED) or drop them and fail waiting connects
 * (FAILED), in process context; while PENDING, send those whose flows fell
 * back to the clear and keep the rest. One drainer at a time, so that held
 * packets leave in order: whoever finds another at work leaves the packets
 * to it, and the drainer loops until the queue stays empty (or holds only
 * packets that wait on). A RESOLVED resolution is unlinked once drained; a
 * FAILED one stays linked for its hold time, so that callers meanwhile
 * fail fast, and is unlinked when the timer says so. The caller holds a
 * reference. After @budget packets sent, the drain hands the rest to the
 * worker (which has none) and returns: the key manager's SA insert call
 * sends only that many itself. Sleepers are woken once all have left.
 */
void ipsec_latch_res_drain(struct ipsec_latch_res *res, unsigned int budget)
{
	struct ipsec_latch_res_table *t = ipsec_latch_res_table_of(res);
	struct net *net = ipsec_latch_net_of(res->ln);
	const unsigned long never = jiffies + MAX_JIFFY_OFFSET;
	bool unlink, was_linked, fell_back = false;
	bool retry, retry_sent = false, retry_kept = false;
	struct sk_buff_head held, kept;
	enum ipsec_latch_res_state state;
	unsigned long next = never;
	unsigned int sent = 0;
	struct sk_buff *skb;

	__skb_queue_head_init(&held);
	__skb_queue_head_init(&kept);
	spin_lock_bh(&t->lock);
	if (res->draining) {
		spin_unlock_bh(&t->lock);
		return;
	}
	res->draining = true;
	retry = res->retry;
	res->retry = false;
	/* Only a release is cut short; a dying table's drain goes on. */
	if (res->state != IPSEC_LATCH_RES_RESOLVED || t->dead)
		budget = UINT_MAX;
	for (;;) {
		state = res->state;
		ipsec_latch_res_take_queue_locked(res, &held);
		if (skb_queue_empty(&held))
			break;
		spin_unlock_bh(&t->lock);
		while (sent < budget && (skb = __skb_dequeue(&held))) {
			struct net_device *dev = skb->dev;

			switch (res_held_verdict(net, state, skb, &next)) {
			case IPSEC_LATCH_HELD_SEND:
				sent++;
				fell_back |= state != IPSEC_LATCH_RES_RESOLVED;
				res_send(net, skb,
					 state != IPSEC_LATCH_RES_RESOLVED);
				break;
			case IPSEC_LATCH_HELD_DROP:
				ipsec_latch_res_drop(res->ln, skb, res->error,
						     IPSEC_LATCH_CTR_DROP_FAILED);
				break;
			case IPSEC_LATCH_HELD_WAIT:
				switch (retry ? res_retry(net, skb) :
					RETRY_KEPT) {
				case RETRY_SENT:
					sent++;
					retry_sent = true;
					break;
				case RETRY_REFUSED:	/* freed: no success */
					retry_kept = true;
					break;
				case RETRY_KEPT:
					retry_kept = true;
					__skb_queue_tail(&kept, skb);
					dev = NULL;	/* still held */
					break;
				}
				break;
			}
			dev_put(dev);	/* the queue's, see res_enqueue() */
		}
		spin_lock_bh(&t->lock);
		if (!skb_queue_empty(&held)) {
			/* Budget spent: the rest go to the worker, in order. */
			ipsec_latch_count(res->ln,
					  IPSEC_LATCH_CTR_PKT_RELEASE_DEFERRED);
			skb_queue_splice_tail_init(&held, &kept);
			res_requeue_locked(res, &kept);
			res->draining = false;
			ipsec_latch_res_kick(res);
			spin_unlock_bh(&t->lock);
			return;
		}
		if (skb_queue_empty(&kept))
			continue;
		/* Only a PENDING pass keeps packets: they wait on. */
		res_requeue_locked(res, &kept);
		if (res->state == IPSEC_LATCH_RES_PENDING)
			break;
	}
	/* Every packet left on a route the policy change completed. */
	if (retry_sent && !retry_kept &&
	    res->state == IPSEC_LATCH_RES_PENDING &&
	    skb_queue_empty(&res->queue)) {
		ipsec_latch_res_resolve_locked(res, false);
		state = IPSEC_LATCH_RES_RESOLVED;
	}
	if (next != never && res->state == IPSEC_LATCH_RES_PENDING)
		ipsec_latch_res_arm_fallback_locked(res, next);
	if (fell_back)
		res->fallbacks++;
	res->draining = false;
	unlink = state == IPSEC_LATCH_RES_RESOLVED || res->hold_over ||
		 t->dead;
	was_linked = ipsec_latch_res_linked(res);
	if (unlink && was_linked) {
		/*
		 * The table died while we sent (netns exit, unload): its own
		 * teardown will not find this one, so fail it here, or its
		 * sleepers would wait for a release that never comes.
		 */
		if (res->state == IPSEC_LATCH_RES_PENDING) {
			ipsec_latch_res_fail_locked(res, -EHOSTUNREACH);
			if (!skb_queue_empty(&res->queue))
				ipsec_latch_res_kick(res);	/* drop them */
		}
		ipsec_latch_res_unlink_locked(res);
	}
	spin_unlock_bh(&t->lock);

	/* Flows that fell back re-route: cached queue dsts must go too. */
	if ((state == IPSEC_LATCH_RES_RESOLVED && unlink && was_linked) ||
	    fell_back)
		res_forget_queue_dsts(net, res);
	if (state == IPSEC_LATCH_RES_RESOLVED || fell_back)
		wake_up_all(&res->wq);	/* after the held packets left */
	if (unlink && was_linked) {
		ipsec_latch_res_stop_timers(res);
		ipsec_latch_res_put(res);	/* the table's */
	}
}

void ipsec_latch_res_work_fn(struct work_struct *work)
{
	struct ipsec_latch_res *res =
		container_of(work, struct ipsec_latch_res, work);

	ipsec_latch_res_drain(res, UINT_MAX);
	ipsec_latch_res_put(res);	/* the work's */
}

/*
 * A device is going away: drop the held packets that came in on it or
 * were to leave by it (their skb->dev and route point at it, and nothing
 * pins it), and give back the adopted routes on it, so that its
 * unregistration need not wait for a resolution to end.
 */
static void res_dev_gone(struct ipsec_latch_net *ln,
			 const struct net_device *dev)
{
	struct ipsec_latch_res_table *t = &ln->res;
	struct sk_buff_head gone;
	struct ipsec_latch_res *res;
	struct sk_buff *skb, *tmp;
	unsigned int i;

	/* Recorded routes on @dev get their place (or go) first. */
	ipsec_latch_res_records_apply();
	__skb_queue_head_init(&gone);
	spin_lock_bh(&t->lock);
	if (t->dead || !t->count)
		goto out;
	for (i = 0; i < ARRAY_SIZE(t->by_key); i++) {
		hlist_for_each_entry(res, &t->by_key[i], by_key) {
			skb_queue_walk_safe(&res->queue, skb, tmp) {
				if (skb->dev != dev &&
				    (!skb_dst(skb) || skb_dst(skb)->dev != dev))
					continue;
				__skb_unlink(skb, &res->queue);
				res_bytes_locked(res, -(long)skb->truesize);
				res->drops++;
				__skb_queue_tail(&gone, skb);
			}
			ipsec_latch_res_forget_dev_dsts_locked(res, dev);
		}
	}
out:
	spin_unlock_bh(&t->lock);
	while ((skb = __skb_dequeue(&gone))) {
		struct net_device *held = skb->dev;

		ipsec_latch_count(ln, IPSEC_LATCH_CTR_DROP_DEV_GONE);
		kfree_skb(skb);
		dev_put(held);		/* the queue's */
	}
}

/* Unregistering replays UNREGISTER for every device: not a deletion. */
static bool res_netdev_leaving;

static int res_netdev_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (event == NETDEV_UNREGISTER && !READ_ONCE(res_netdev_leaving))
		res_dev_gone(ipsec_latch_net(dev_net(dev)), dev);
	return NOTIFY_DONE;
}

static struct notifier_block res_netdev_notifier = {
	.notifier_call = res_netdev_event,
};

/* After the netns state exists: the notifier reads it. */
int ipsec_latch_res_netdev_init(void)
{
	return register_netdevice_notifier(&res_netdev_notifier);
}

void ipsec_latch_res_netdev_exit(void)
{
	WRITE_ONCE(res_netdev_leaving, true);
	unregister_netdevice_notifier(&res_netdev_notifier);
}
