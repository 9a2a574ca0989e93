// SPDX-License-Identifier: GPL-2.0
/*
 * BYPASS-OR-PROTECT from the socket side: the socket wrappers ask about
 * the flow of a connected socket that waits for an SA (its time left to
 * the fallback, whether it fell back) and make it fall back, before or
 * without a packet of its own reaching the hooks.
 */
#include <net/inet_sock.h>
#include <net/ipv6.h>

#include "ipsec_latch.h"
#include "latch_internal.h"

/* The flow of a connected socket, as the packet hooks see its packets. */
bool ipsec_latch_sk_tuple(const struct sock *sk, struct ipsec_latch_tuple *tu)
{
	const struct inet_sock *inet = inet_sk(sk);

	memset(tu, 0, sizeof(*tu));
	tu->proto = sk->sk_protocol;
	tu->lport = inet->inet_sport;
	tu->rport = inet->inet_dport;
	if ((tu->proto != IPPROTO_TCP && tu->proto != IPPROTO_UDP) ||
	    !tu->rport)
		return false;	/* not a latchable flow, or not connected */
#if IS_ENABLED(CONFIG_IPV6)
	if (sk->sk_family == AF_INET6 &&
	    !ipv6_addr_v4mapped(&sk->sk_v6_daddr)) {
		tu->family = AF_INET6;
		tu->laddr.in6 = sk->sk_v6_rcv_saddr;
		tu->raddr.in6 = sk->sk_v6_daddr;
		return true;
	}
#endif
	tu->family = AF_INET;
	tu->laddr.a4 = inet->inet_saddr;
	tu->raddr.a4 = inet->inet_daddr;
	return true;
}

/*
 * What the packet hooks would see of a connected socket's first packet
 * while it waits for an SA: held, outbound, from a connected socket.
 */
static bool latch_held_pkt_of_sk(const struct sock *sk,
				 struct ipsec_latch_pkt *pkt)
{
	memset(pkt, 0, sizeof(*pkt));
	pkt->out = true;
	pkt->connected_sk = true;
	pkt->sk = sk;
	pkt->carrier = IPSEC_LATCH_CARRIER_HELD;
	return ipsec_latch_sk_tuple(sk, &pkt->tuple);
}

u32 ipsec_latch_sk_fallback_ms(struct sock *sk)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(sock_net(sk));
	struct ipsec_latch_want want;
	struct ipsec_latch_pkt pkt;
	struct ipsec_latch *l;
	u32 ms = 0;

	if (!ln || !ipsec_latch_active(ln) ||
	    !latch_held_pkt_of_sk(sk, &pkt))
		return 0;
	rcu_read_lock();
	l = ipsec_latch_find(&ln->latch, &pkt.tuple);
	if (l) {
		if (READ_ONCE(l->action) == IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT)
			ms = max_t(s32, 1,
				   jiffies_to_msecs((s32)(l->fallback_at -
							  ipsec_latch_now32())));
	} else if (ipsec_latch_wanted(ln, &pkt, &want) &&
		   want.action == IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT) {
		ms = want.fallback_ms;	/* the latch its first packet would get */
	}
	rcu_read_unlock();
	return ms;
}

bool ipsec_latch_sk_bypassed(struct sock *sk)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(sock_net(sk));
	struct ipsec_latch_tuple tu;
	struct ipsec_latch *l;
	bool bypassed = false;

	if (!ln || !READ_ONCE(ln->latch.ready) || !ipsec_latch_sk_tuple(sk, &tu))
		return false;
	rcu_read_lock();
	l = ipsec_latch_find(&ln->latch, &tu);
	if (l)
		bypassed = READ_ONCE(l->action) == IPSEC_LATCH_ACTION_BYPASS;
	rcu_read_unlock();
	return bypassed;
}

int ipsec_latch_sk_fall_back(struct sock *sk, bool failed)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(sock_net(sk));
	struct ipsec_latch_pkt pkt;
	struct ipsec_latch *l;
	int err = -EHOSTUNREACH;

	if (!ln || !READ_ONCE(ln->latch.ready) ||
	    !latch_held_pkt_of_sk(sk, &pkt))
		return err;
	rcu_read_lock();
	l = ipsec_latch_find(&ln->latch, &pkt.tuple);
	if (!l)
		ipsec_latch_new_flow(ln, &pkt, &l);	/* undecided, no packet yet */
	if (l) {
		spin_lock_bh(&l->lock);
		if (l->action == IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT &&
		    l->state == IPSEC_LATCH_STATE_LARVAL)
			ipsec_latch_decide_bypass(ln, l, failed ?
						  IPSEC_LATCH_DECISION_IKE_FAILED :
						  IPSEC_LATCH_DECISION_TIMEOUT);
		if (l->action == IPSEC_LATCH_ACTION_BYPASS)
			err = 0;
		spin_unlock_bh(&l->lock);
	}
	rcu_read_unlock();
	return err;
}

