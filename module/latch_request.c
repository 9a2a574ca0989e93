// SPDX-License-Identifier: GPL-2.0
/*
 * Per-socket latch requests (SOCK_REQUIRE): an application asks that its
 * socket's flow (a TCP connection, or a connected UDP socket's) be latched
 * with an action of its choosing, as a CONNECTOR template would latch it.
 * The flow's next outbound packet, if it has no latch yet (normally its
 * connect()'s), finds the request (ipsec_latch_wanted()), and the latch is
 * made from it, whatever template or transparent mode would say. Only that
 * flow's: a packet the socket sends elsewhere (a datagram to another
 * address, a tunnel's outer packet) is not the socket's flow.
 *
 * A request holds its socket and lasts until the socket is closed: the GC
 * (ipsec_latch_request_gc()) frees those whose socket is dead. Each netns
 * holds at most max_sock_requests, charged to the caller's memory cgroup.
 */
#include <linux/rhashtable.h>
#include <net/sock.h>

#include "ipsec_latch.h"
#include "latch_internal.h"

struct ipsec_latch_request {
	struct rhash_head node;		/* in ->reqs */
	struct sock *sk;		/* the key; held */
	u8 action;			/* PROTECT or BYPASS_OR_PROTECT */
	u32 fallback_ms;
	struct rcu_head rcu;
};

static const struct rhashtable_params request_params = {
	.head_offset = offsetof(struct ipsec_latch_request, node),
	.key_offset = offsetof(struct ipsec_latch_request, sk),
	.key_len = sizeof(struct sock *),
	.automatic_shrinking = true,
};

/* Under RCU: what @sk asked for, if it did. */
bool ipsec_latch_request_get(struct ipsec_latch_table *t, const struct sock *sk,
			     u8 *action, u32 *fallback_ms)
{
	const struct ipsec_latch_request *r;

	if (!READ_ONCE(t->req_count))
		return false;
	r = rhashtable_lookup(&t->reqs, &sk, request_params);
	if (!r)
		return false;
	/* Replaced whole, never changed in place: the two agree. */
	*action = r->action;
	*fallback_ms = r->fallback_ms;
	return true;
}

static void request_free_rcu(struct rcu_head *head)
{
	struct ipsec_latch_request *r =
		container_of(head, struct ipsec_latch_request, rcu);

	sock_put(r->sk);
	kfree(r);
}

int ipsec_latch_request_set(struct ipsec_latch_net *ln, struct sock *sk,
			    u8 action, u32 fallback_ms,
			    struct netlink_ext_ack *extack)
{
	struct ipsec_latch_table *t = &ln->latch;
	struct ipsec_latch_request *old, *new;
	int err = 0;

	new = kzalloc(sizeof(*new), GFP_KERNEL_ACCOUNT);
	if (!new)
		return -ENOMEM;
	new->sk = sk;
	new->action = action;
	new->fallback_ms = fallback_ms;
	sock_hold(sk);
	spin_lock_bh(&t->req_lock);
	if (t->dead) {
		err = -ENODEV;
		goto out;
	}
	old = rhashtable_lookup_fast(&t->reqs, &sk, request_params);
	if (old) {
		/* Asking again replaces what it asked before. */
		err = rhashtable_replace_fast(&t->reqs, &old->node, &new->node,
					      request_params);
		if (!err)
			call_rcu(&old->rcu, request_free_rcu);
		goto out;
	}
	if (t->req_count >= READ_ONCE(ipsec_latch_max_sock_requests)) {
		ipsec_latch_count(ln, IPSEC_LATCH_CTR_SOCK_REQUESTS_FULL);
		NL_SET_ERR_MSG(extack,
			       "max_sock_requests reached in this netns");
		err = -ENOSPC;
		goto out;
	}
	err = rhashtable_insert_fast(&t->reqs, &new->node, request_params);
	if (err)
		goto out;
	WRITE_ONCE(t->req_count, t->req_count + 1);
out:
	spin_unlock_bh(&t->req_lock);
	if (err) {
		sock_put(sk);
		kfree(new);
		return err;
	}
	ipsec_latch_gc_kick(t);	/* it frees the request once sk is closed */
	return 0;
}

/*
 * Process context (the GC's work). A closed socket is orphaned
 * (SOCK_DEAD) by its protocol's close; our reference keeps its memory
 * until then.
 */
void ipsec_latch_request_gc(struct ipsec_latch_table *t)
{
	struct ipsec_latch_request *r;
	struct rhashtable_iter iter;

	if (!READ_ONCE(t->req_count))
		return;
	rhashtable_walk_enter(&t->reqs, &iter);
	rhashtable_walk_start(&iter);
	while ((r = rhashtable_walk_next(&iter))) {
		if (IS_ERR(r))
			continue;	/* -EAGAIN: resized meanwhile */
		if (!sock_flag(r->sk, SOCK_DEAD))
			continue;
		spin_lock_bh(&t->req_lock);
		if (!rhashtable_remove_fast(&t->reqs, &r->node,
					    request_params)) {
			WRITE_ONCE(t->req_count, t->req_count - 1);
			call_rcu(&r->rcu, request_free_rcu);
		}
		spin_unlock_bh(&t->req_lock);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
}

int ipsec_latch_request_init(struct ipsec_latch_table *t)
{
	spin_lock_init(&t->req_lock);
	return rhashtable_init(&t->reqs, &request_params);
}

static void request_free_at_exit(void *ptr, void *arg)
{
	struct ipsec_latch_request *r = ptr;

	call_rcu(&r->rcu, request_free_rcu);	/* a packet may still look */
}

/*
 * The table is dead (no request is added any more): every request goes.
 * Only on module unload can one be left: a request's socket keeps its
 * netns alive.
 */
void ipsec_latch_request_exit(struct ipsec_latch_table *t)
{
	rhashtable_free_and_destroy(&t->reqs, request_free_at_exit, NULL);
	t->req_count = 0;
}
