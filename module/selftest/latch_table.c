// SPDX-License-Identifier: GPL-2.0
/*
 * Self-tests of the latch table (latch.c), the latch state machine
 * (latch_check.c) and the GC (latch_gc.c), run at load in debug builds.
 * Included at the end of latch.c so that they can drive its static
 * functions and the internals of the other two (latch_internal.h): they
 * check what the VM suite cannot pin down, such as one-byte tuple
 * differences, exact counter accounting, the fail-closed cap and
 * concurrent insert/lookup/delete under the real locks.
 *
 * Each test works on a private struct ipsec_latch_net, never on a netns's
 * own. Its ->net is init_net only for what the code reads there: whether
 * the netlink family has listeners (never, before it is registered) and,
 * for the GC test, whether a socket exists for a made-up TEST-NET flow.
 * Nothing here may add SPD entries, so BYPASS decisions are driven on
 * latches kept off the table (ipsec_latch_decide_bypass() skips those).
 * The GC work is replaced by a no-op: it would close the made-up flows
 * under the tests' feet; ipsec_latch_gc_one() is tested directly instead.
 */
#include <linux/completion.h>
#include <linux/kthread.h>
#include <net/ipv6.h>

#include "selftest/selftest.h"

#define ST_OUT true
#define ST_IN false
#define ST_LPORT 40000
#define ST_RPORT 443
#define ST_REQID 7
#define ST_NEVER (1U << 30)	/* a hold or idle time no test reaches */

enum { ST_FIN = BIT(0), ST_RST = BIT(1), ST_SYN = BIT(2) };

/* The SAs a test flow may meet: all but the first three are dissimilar. */
enum {
	ST_SA_OUT,		/* to peer 1, reqid 7, AES-GCM-128 */
	ST_SA_IN,		/* from peer 1: the inbound half */
	ST_SA_REKEY,		/* to peer 1, another SPI */
	ST_SA_PEER,		/* to peer 2 */
	ST_SA_PEER_IN,		/* from peer 2 */
	ST_SA_QOP,		/* to peer 1, AES-GCM-256 */
	ST_SA_REQID8,		/* to peer 1, reqid 8 */
	ST_SA_REQID9,		/* to peer 1, reqid 9 */
	ST_SA_N
};

struct st_sa_spec {
	u8 peer;
	bool out;
	bool strong;			/* AES-GCM-256 */
	u32 spi;
	u32 reqid;
};

static const struct st_sa_spec st_sa_spec[ST_SA_N] __initconst = {
	[ST_SA_OUT] = { 1, ST_OUT, false, 0x100, ST_REQID },
	[ST_SA_IN] = { 1, ST_IN, false, 0x200, ST_REQID },
	[ST_SA_REKEY] = { 1, ST_OUT, false, 0x101, ST_REQID },
	[ST_SA_PEER] = { 2, ST_OUT, false, 0x300, ST_REQID },
	[ST_SA_PEER_IN] = { 2, ST_IN, false, 0x400, ST_REQID },
	[ST_SA_QOP] = { 1, ST_OUT, true, 0x500, ST_REQID },
	[ST_SA_REQID8] = { 1, ST_OUT, false, 0x600, 8 },
	[ST_SA_REQID9] = { 1, ST_OUT, false, 0x700, 9 },
};

static struct xfrm_algo_aead st_gcm128 __initdata = {
	.alg_name = "rfc4106(gcm(aes))",
	.alg_key_len = 160,
	.alg_icv_len = 128,
};

static struct xfrm_algo_aead st_gcm256 __initdata = {
	.alg_name = "rfc4106(gcm(aes))",
	.alg_key_len = 288,
	.alg_icv_len = 128,
};

/* 198.51.100.1:40000 -> 203.0.113.7:443, or 2001:db8::1 -> 2001:db8::2 */
static void __init st_tuple(struct ipsec_latch_tuple *tu, u8 family,
			    u8 proto)
{
	memset(tu, 0, sizeof(*tu));
	tu->family = family;
	tu->proto = proto;
	tu->lport = htons(ST_LPORT);
	tu->rport = htons(ST_RPORT);
	if (family == AF_INET6) {
		ipv6_addr_set(&tu->laddr.in6, htonl(0x20010db8), 0, 0,
			      htonl(1));
		ipv6_addr_set(&tu->raddr.in6, htonl(0x20010db8), 0, 0,
			      htonl(2));
	} else {
		tu->laddr.a4 = htonl(0xc6336401);
		tu->raddr.a4 = htonl(0xcb007107);
	}
}

static void __init st_flip(xfrm_address_t *a, unsigned int byte)
{
	((u8 *)a)[byte] ^= 1;
}

/* Made-up SAs: only what ipsec_latch_qop_of_state() and the SPI read. */
static bool __init st_sas_new(struct xfrm_state **sa, u16 family)
{
	struct xfrm_state *x;
	int i;

	for (i = 0; i < ST_SA_N; i++) {
		x = kzalloc(sizeof(*x), GFP_KERNEL);
		sa[i] = x;
		if (!x)
			return false;
		x->props.family = family;
		ipsec_latch_st_peer(st_sa_spec[i].out ? &x->id.daddr : &x->props.saddr,
			family, st_sa_spec[i].peer);
		x->id.proto = IPPROTO_ESP;
		x->id.spi = htonl(st_sa_spec[i].spi);
		x->props.mode = XFRM_MODE_TUNNEL;
		x->props.reqid = st_sa_spec[i].reqid;
		x->aead = st_sa_spec[i].strong ? &st_gcm256 : &st_gcm128;
	}
	return true;
}

static void __init st_sas_free(struct xfrm_state **sa)
{
	int i;

	for (i = 0; i < ST_SA_N; i++)
		kfree(sa[i]);
}

/*
 * The connected UDP socket an outbound UDP test packet comes from, as the
 * hooks would find it: transparent mode latches only a socket's own flow.
 * Only what ipsec_latch_sk_tuple() reads is set. Concurrent tests send
 * TCP alone, so one socket serves every UDP packet in turn.
 */
static struct inet_sock st_udp_sock __initdata;

static const struct sock *__init st_udp_sk(const struct ipsec_latch_tuple *tu)
{
	struct inet_sock *inet = &st_udp_sock;
	struct sock *sk = &inet->sk;

	memset(inet, 0, sizeof(*inet));
	sk->sk_family = tu->family;
	sk->sk_protocol = IPPROTO_UDP;
	write_pnet(&sk->sk_net, &init_net);
	inet->inet_sport = tu->lport;
	inet->inet_dport = tu->rport;
#if IS_ENABLED(CONFIG_IPV6)
	if (tu->family == AF_INET6) {
		sk->sk_v6_rcv_saddr = tu->laddr.in6;
		sk->sk_v6_daddr = tu->raddr.in6;
		return sk;
	}
#endif
	inet->inet_saddr = tu->laddr.a4;
	inet->inet_daddr = tu->raddr.a4;
	return sk;
}

/* Outbound packets come from a connected socket; UDP ones carry it. */
static void __init st_mkpkt(struct ipsec_latch_pkt *pkt,
			    const struct ipsec_latch_tuple *tu, bool out,
			    enum ipsec_latch_carrier carrier,
			    const struct xfrm_state *x, unsigned int flags)
{
	memset(pkt, 0, sizeof(*pkt));
	pkt->tuple = *tu;
	pkt->out = out;
	pkt->connected_sk = out;
	if (out && tu->proto == IPPROTO_UDP)
		pkt->sk = st_udp_sk(tu);
	pkt->carrier = carrier;
	pkt->x = x;
	pkt->syn_only = flags & ST_SYN;
	pkt->fin = flags & ST_FIN;
	pkt->rst = flags & ST_RST;
}

/* @pkt through the hook's entry point, as the hooks call it. */
static bool __init st_check_pkt(struct ipsec_latch_net *ln,
				const struct ipsec_latch_pkt *pkt)
{
	bool ok;

	rcu_read_lock();
	ok = ipsec_latch_check_packet(ln, pkt);
	rcu_read_unlock();
	return ok;
}

/* One packet of @tu through the hook's entry point. */
static bool __init st_pkt(struct ipsec_latch_net *ln,
			  const struct ipsec_latch_tuple *tu, bool out,
			  enum ipsec_latch_carrier carrier,
			  const struct xfrm_state *x, unsigned int flags)
{
	struct ipsec_latch_pkt pkt;

	st_mkpkt(&pkt, tu, out, carrier, x, flags);
	return st_check_pkt(ln, &pkt);
}

static bool __init st_sa_pkt(struct ipsec_latch_net *ln,
			     const struct ipsec_latch_tuple *tu, bool out,
			     const struct xfrm_state *x, unsigned int flags)
{
	return st_pkt(ln, tu, out, IPSEC_LATCH_CARRIER_SA, x, flags);
}

static bool __init st_clear_pkt(struct ipsec_latch_net *ln,
				const struct ipsec_latch_tuple *tu, bool out)
{
	return st_pkt(ln, tu, out, IPSEC_LATCH_CARRIER_CLEAR, NULL, 0);
}

/* An outbound first packet that waits for its SA (no skb: no resolution). */
static bool __init st_held_pkt(struct ipsec_latch_net *ln,
			       const struct ipsec_latch_tuple *tu)
{
	return st_pkt(ln, tu, ST_OUT, IPSEC_LATCH_CARRIER_HELD, NULL, 0);
}

/* Only the single-threaded tests use it: latches are freed by them alone. */
static struct ipsec_latch *__init st_find(struct ipsec_latch_net *ln,
					  const struct ipsec_latch_tuple *tu)
{
	struct ipsec_latch *l;

	rcu_read_lock();
	l = ipsec_latch_find(&ln->latch, tu);
	rcu_read_unlock();
	return l;
}

/* What the GC and a replacing SYN do. The caller holds RCU or owns @l. */
static void __init st_unlink(struct ipsec_latch_net *ln, struct ipsec_latch *l)
{
	spin_lock_bh(&ln->latch.lock);
	ipsec_latch_unlink_locked(ln, l);
	spin_unlock_bh(&ln->latch.lock);
}

/* No latch left in the GC's wheel: unlinking takes it out. */
static bool __init st_gc_wheel_empty(struct ipsec_latch_net *ln)
{
	int i;

	for (i = 0; i < IPSEC_LATCH_GC_SLOTS; i++)
		if (!list_empty(&ln->latch.gc_slots[i]))
			return false;
	return true;
}

static void __init st_unlink_all(struct ipsec_latch_net *ln)
{
	struct rhashtable_iter iter;
	struct ipsec_latch *l;
	int pass;

	/* A resize mid-walk may skip latches: walk until none is left. */
	for (pass = 0; pass < 4 && atomic_read(&ln->latch.count); pass++) {
		rhashtable_walk_enter(&ln->latch.latches, &iter);
		rhashtable_walk_start(&iter);
		while ((l = rhashtable_walk_next(&iter))) {
			if (!IS_ERR(l))
				st_unlink(ln, l);
		}
		rhashtable_walk_stop(&iter);
		rhashtable_walk_exit(&iter);
	}
}

static u64 __init st_ctr(struct ipsec_latch_net *ln,
			 enum ipsec_latch_counter ctr)
{
	return atomic64_read(&ln->counters[ctr]);
}

static unsigned int __init st_count(struct ipsec_latch_net *ln)
{
	return atomic_read(&ln->latch.count);
}

static void st_gc_off(struct work_struct *work)
{
}

static struct ipsec_latch_net *__init st_ln_new(u8 transparent)
{
	struct ipsec_latch_net *ln = kzalloc(sizeof(*ln), GFP_KERNEL);

	if (!ln)
		return NULL;
	ln->net = &init_net;
	ln->mode = IPSEC_LATCH_MODE_WAIT;
	if (ipsec_latch_table_init(ln)) {
		kfree(ln);
		return NULL;
	}
	INIT_DELAYED_WORK(&ln->latch.gc, st_gc_off);
	ipsec_latch_set_transparent(ln, transparent, 1000);
	return ln;
}

static bool __init st_no_bindings(struct ipsec_latch_net *ln)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(ln->latch.bindings); i++)
		if (!hlist_empty(&ln->latch.bindings[i]))
			return false;
	return true;
}

/* Every latch gone, and with it every binding (a leaked reference stays). */
static void __init st_ln_free(struct ipsec_latch_selftest *st,
			      struct ipsec_latch_net *ln)
{
	if (!ln)
		return;
	ipsec_latch_table_exit(ln);
	ST_CHECK(st, st_no_bindings(ln));
	kfree(ln);
}

/*
 * Keys: flows that differ in one byte or field (IPv4 and IPv6, TCP and
 * UDP, same bytes but another family) get latches of their own, each
 * found by its tuple; a second packet or a racing insert of the same
 * flow reuses its latch; deletion, double deletion and the count.
 */
static void __init st_latch_tuples(struct ipsec_latch_selftest *st)
{
	struct ipsec_latch_tuple tu[12], other;
	struct xfrm_state *sa[ST_SA_N] = {};
	struct ipsec_latch *l, *l0, *dup;
	struct ipsec_latch_net *ln;
	struct ipsec_latch_pkt pkt;
	int i, n = 0, v6;
	bool ok;

	ln = st_ln_new(IPSEC_LATCH_TRANSPARENT_PROTECT);
	if (!ST_CHECK(st, ln))
		return;
	if (!ST_CHECK(st, st_sas_new(sa, AF_INET)))
		goto out;

	st_tuple(&tu[n++], AF_INET, IPPROTO_TCP);
	tu[n] = tu[0];
	tu[n++].proto = IPPROTO_UDP;
	tu[n] = tu[0];
	tu[n++].lport ^= htons(1);
	tu[n] = tu[0];
	tu[n++].rport ^= htons(0x100);
	tu[n] = tu[0];
	st_flip(&tu[n++].laddr, 3);
	tu[n] = tu[0];
	st_flip(&tu[n++].raddr, 0);
	tu[n] = tu[0];
	tu[n++].family = AF_INET6;	/* the same bytes */
	v6 = n;
	st_tuple(&tu[n++], AF_INET6, IPPROTO_TCP);
	tu[n] = tu[v6];
	tu[n++].proto = IPPROTO_UDP;
	tu[n] = tu[v6];
	st_flip(&tu[n++].raddr, 15);
	tu[n] = tu[v6];
	st_flip(&tu[n++].laddr, 8);
	tu[n] = tu[v6];
	tu[n++].lport ^= htons(0x100);

	ST_CHECK(st, ipsec_latch_active(ln));
	for (i = 0; i < n; i++) {
		ST_CHECK(st, st_sa_pkt(ln, &tu[i], ST_OUT, sa[ST_SA_OUT], 0));
		ST_CHECK(st, st_count(ln) == i + 1);
	}
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_CREATED) == n);
	for (i = 0; i < n; i++) {
		l = st_find(ln, &tu[i]);
		if (!ST_CHECK(st, l))
			continue;
		ST_CHECK(st, !memcmp(&l->tuple, &tu[i], sizeof(tu[i])));
		ST_CHECK(st, l->state == IPSEC_LATCH_STATE_ESTABLISHED);
		ST_CHECK(st, l->spi_out == st_sa_spec[ST_SA_OUT].spi);
	}
	other = tu[0];
	other.lport ^= htons(2);
	ST_CHECK(st, !st_find(ln, &other));

	/* Transparent mode latches datagrams of connected sockets only. */
	other = tu[1];
	other.rport ^= htons(1);
	ST_CHECK(st, st_sa_pkt(ln, &other, ST_IN, sa[ST_SA_IN], 0));
	ST_CHECK(st, !st_find(ln, &other) && st_count(ln) == n);

	/* The same flow again: its latch, no second one. */
	l0 = st_find(ln, &tu[0]);
	if (!ST_CHECK(st, l0))
		goto out;
	ST_CHECK(st, st_sa_pkt(ln, &tu[0], ST_OUT, sa[ST_SA_OUT], 0));
	ST_CHECK(st, st_find(ln, &tu[0]) == l0 && l0->packets_out == 2);
	/* An insert that lost the race to another packet of the flow. */
	st_mkpkt(&pkt, &tu[0], ST_OUT, IPSEC_LATCH_CARRIER_SA, sa[ST_SA_OUT],
		 0);
	rcu_read_lock();
	ok = ipsec_latch_new_flow(ln, &pkt, &dup);
	rcu_read_unlock();
	ST_CHECK(st, ok && dup == l0);
	ST_CHECK(st, st_count(ln) == n);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_CREATED) == n);

	/* Teardown flags count for TCP only. */
	ST_CHECK(st, st_sa_pkt(ln, &tu[1], ST_OUT, sa[ST_SA_OUT], ST_RST));
	l = st_find(ln, &tu[1]);
	ST_CHECK(st, l && l->state == IPSEC_LATCH_STATE_ESTABLISHED);
	ST_CHECK(st, st_sa_pkt(ln, &tu[0], ST_OUT, sa[ST_SA_OUT], ST_RST));
	ST_CHECK(st, l0->state == IPSEC_LATCH_STATE_CLOSED);

	/* Delete one: the others stay; a second unlink of it is a no-op. */
	st_unlink(ln, l0);
	ST_CHECK(st, !st_find(ln, &tu[0]) && st_count(ln) == n - 1);
	rcu_read_lock();
	l = ipsec_latch_find(&ln->latch, &tu[1]);
	if (ST_CHECK(st, l)) {
		st_unlink(ln, l);
		st_unlink(ln, l);	/* as when the GC and a SYN race */
	}
	rcu_read_unlock();
	ST_CHECK(st, st_count(ln) == n - 2);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_FREED) == 2);
	for (i = 2; i < n; i++)
		ST_CHECK(st, st_find(ln, &tu[i]));
	st_unlink_all(ln);
	ST_CHECK(st, st_count(ln) == 0);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_FREED) == n);
	for (i = 0; i < n; i++)
		ST_CHECK(st, !st_find(ln, &tu[i]));
	ST_CHECK(st, st_no_bindings(ln));
out:
	st_sas_free(sa);
	st_ln_free(st, ln);
}

/* max_latches: new flows beyond it fail closed; a dying table too. */
static void __init st_latch_cap(struct ipsec_latch_selftest *st)
{
	unsigned int max = READ_ONCE(ipsec_latch_max_latches);
	struct xfrm_state *sa[ST_SA_N] = {};
	struct ipsec_latch_tuple tu[5];
	struct ipsec_latch_net *ln;
	struct ipsec_latch *l;
	int i;

	ln = st_ln_new(IPSEC_LATCH_TRANSPARENT_PROTECT);
	if (!ST_CHECK(st, ln))
		return;
	if (!ST_CHECK(st, st_sas_new(sa, AF_INET6)))
		goto out;
	for (i = 0; i < ARRAY_SIZE(tu); i++) {
		st_tuple(&tu[i], AF_INET6, IPPROTO_TCP);
		tu[i].lport = htons(ST_LPORT + i);
	}
	WRITE_ONCE(ipsec_latch_max_latches, 3);
	for (i = 0; i < 3; i++)
		ST_CHECK(st, st_sa_pkt(ln, &tu[i], ST_OUT, sa[ST_SA_OUT], 0));
	ST_CHECK(st, !st_sa_pkt(ln, &tu[3], ST_OUT, sa[ST_SA_OUT], 0));
	ST_CHECK(st, !st_find(ln, &tu[3]) && st_count(ln) == 3);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_TABLE_FULL) == 1);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_DROP_LATCH_FULL) == 1);
	/* Latched flows go on. */
	ST_CHECK(st, st_sa_pkt(ln, &tu[2], ST_IN, sa[ST_SA_IN], 0));

	l = st_find(ln, &tu[0]);
	if (ST_CHECK(st, l))
		st_unlink(ln, l);
	ST_CHECK(st, st_sa_pkt(ln, &tu[3], ST_OUT, sa[ST_SA_OUT], 0));
	ST_CHECK(st, st_find(ln, &tu[3]) && st_count(ln) == 3);

	l = st_find(ln, &tu[1]);
	if (ST_CHECK(st, l))
		st_unlink(ln, l);
	spin_lock_bh(&ln->latch.lock);
	ln->latch.dead = true;
	spin_unlock_bh(&ln->latch.lock);
	ST_CHECK(st, !st_sa_pkt(ln, &tu[4], ST_OUT, sa[ST_SA_OUT], 0));
	ST_CHECK(st, !st_find(ln, &tu[4]) && st_count(ln) == 2);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_TABLE_FULL) == 2);
	spin_lock_bh(&ln->latch.lock);
	ln->latch.dead = false;
	spin_unlock_bh(&ln->latch.lock);
out:
	WRITE_ONCE(ipsec_latch_max_latches, max);
	st_sas_free(sa);
	st_ln_free(st, ln);
}

/*
 * max_latches_per_peer: flows a remote address starts beyond it fail
 * closed; flows this host starts to it, and other peers, are not held
 * back; a freed latch gives its peer the room back.
 */
static void __init st_latch_peer_cap(struct ipsec_latch_selftest *st)
{
	unsigned int max = READ_ONCE(ipsec_latch_max_latches_per_peer);
	struct xfrm_state *sa[ST_SA_N] = {};
	struct ipsec_latch_tuple tu[6];
	struct ipsec_latch_net *ln;
	struct ipsec_latch *l;
	int i;

	ln = st_ln_new(IPSEC_LATCH_TRANSPARENT_PROTECT);
	if (!ST_CHECK(st, ln))
		return;
	if (!ST_CHECK(st, st_sas_new(sa, AF_INET)))
		goto out;
	for (i = 0; i < ARRAY_SIZE(tu); i++) {
		st_tuple(&tu[i], AF_INET, IPPROTO_TCP);
		tu[i].rport = htons(ST_RPORT + i);
	}
	st_flip(&tu[5].raddr, 3);	/* another peer */
	WRITE_ONCE(ipsec_latch_max_latches_per_peer, 2);
	for (i = 0; i < 2; i++)
		ST_CHECK(st, st_sa_pkt(ln, &tu[i], ST_IN, sa[ST_SA_IN], ST_SYN));
	ST_CHECK(st, !st_sa_pkt(ln, &tu[2], ST_IN, sa[ST_SA_IN], ST_SYN));
	ST_CHECK(st, !st_find(ln, &tu[2]) && st_count(ln) == 2);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_PEER_FULL) == 1);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_DROP_LATCH_FULL) == 1);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_TABLE_FULL) == 0);
	/* A reset starts no flow: it passes, and makes no latch. */
	ST_CHECK(st, st_sa_pkt(ln, &tu[2], ST_IN, sa[ST_SA_IN], ST_RST));
	ST_CHECK(st, !st_find(ln, &tu[2]) &&
		 st_ctr(ln, IPSEC_LATCH_CTR_LATCH_PEER_FULL) == 1);
	/* This host's own flow to the peer, and another peer: latched. */
	ST_CHECK(st, st_sa_pkt(ln, &tu[3], ST_OUT, sa[ST_SA_OUT], ST_SYN));
	ST_CHECK(st, st_sa_pkt(ln, &tu[5], ST_IN, sa[ST_SA_IN], ST_SYN));
	ST_CHECK(st, st_count(ln) == 4);
	ST_CHECK(st, atomic_read(&ln->latch.peers.nelems) == 2);
	/* Latched flows of the full peer go on. */
	ST_CHECK(st, st_sa_pkt(ln, &tu[1], ST_IN, sa[ST_SA_IN], 0));

	l = st_find(ln, &tu[0]);
	if (ST_CHECK(st, l))
		st_unlink(ln, l);
	ST_CHECK(st, st_sa_pkt(ln, &tu[4], ST_IN, sa[ST_SA_IN], ST_SYN));
	ST_CHECK(st, st_find(ln, &tu[4]) && st_count(ln) == 4);
	st_unlink_all(ln);
	ST_CHECK(st, st_count(ln) == 0);
	ST_CHECK(st, atomic_read(&ln->latch.peers.nelems) == 0);
	ST_CHECK(st, st_gc_wheel_empty(ln));
out:
	WRITE_ONCE(ipsec_latch_max_latches_per_peer, max);
	st_sas_free(sa);
	st_ln_free(st, ln);
}

/*
 * The state machine of a PROTECT flow under a CONNECTOR template: refused
 * when it starts clear, LARVAL while its first packet waits, ESTABLISHED
 * by its first protected packet, kept by similar SAs (the inbound half,
 * a rekey, an IKE identity that stands for another reqid), BROKEN by clear
 * or dissimilar packets both ways (dropped, counted once), restored by
 * similar traffic, CLOSED by FINs both ways or a RST, and replaced by a
 * new SYN once CLOSED.
 */
static void __init st_latch_states(struct ipsec_latch_selftest *st,
				   u16 family)
{
	static const char *const derived[] __initconst = {
		"192.0.2.1 reqid 7", "2001:db8:0:ffff::1 reqid 7",
	};
	struct xfrm_state *sa[ST_SA_N] = {};
	struct ipsec_latch_tuple tu, tu2;
	struct ipsec_latch_binding *b;
	struct ipsec_latch_tmpl *tmpl;
	struct ipsec_latch_net *ln;
	struct ipsec_latch *l, *old;
	xfrm_address_t peer;
	u64 broken;

	ln = st_ln_new(IPSEC_LATCH_TRANSPARENT_OFF);
	if (!ST_CHECK(st, ln))
		return;
	if (!ST_CHECK(st, st_sas_new(sa, family)))
		goto out;
	st_tuple(&tu, family, IPPROTO_TCP);
	tu2 = tu;
	tu2.lport = htons(ST_LPORT + 1);

	ST_CHECK(st, !ipsec_latch_active(ln));
	tmpl = kzalloc(sizeof(*tmpl), GFP_KERNEL);
	if (!ST_CHECK(st, tmpl))
		goto out;
	tmpl->kind = IPSEC_LATCH_TMPL_CONNECTOR;
	tmpl->action = IPSEC_LATCH_ACTION_PROTECT;
	tmpl->any_lport = true;
	tmpl->match = tu;
	if (!ST_CHECK(st, !ipsec_latch_tmpl_add(ln, tmpl, NULL, NULL, NULL))) {
		kfree(tmpl);
		goto out;
	}
	/* The table owns it now, until its exit; we only read counters. */
	ST_CHECK(st, ipsec_latch_active(ln));

	/* PROTECT: a flow that starts in the clear is refused. */
	ST_CHECK(st, !st_clear_pkt(ln, &tu2, ST_OUT));
	ST_CHECK(st, !st_find(ln, &tu2) && st_count(ln) == 0);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_DROP_LATCH_CLEAR_OUT) == 1);
	ST_CHECK(st, atomic64_read(&tmpl->refused) == 1);

	/* LARVAL while the first packet waits; clear packets do not pass. */
	ST_CHECK(st, st_held_pkt(ln, &tu));
	l = st_find(ln, &tu);
	if (!ST_CHECK(st, l))
		goto out;
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_LARVAL);
	ST_CHECK(st, l->action == IPSEC_LATCH_ACTION_PROTECT);
	ST_CHECK(st, l->decision == IPSEC_LATCH_DECISION_NONE &&
		     !rcu_access_pointer(l->bind));
	ST_CHECK(st, l->tmpl_id == tmpl->id);
	ST_CHECK(st, atomic64_read(&tmpl->flows) == 1);
	ST_CHECK(st, !st_clear_pkt(ln, &tu, ST_OUT));
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_LARVAL && l->drops_out == 1);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_BROKEN) == 0);

	/* The first protected packet binds it, to a derived identity. */
	ST_CHECK(st, st_sa_pkt(ln, &tu, ST_OUT, sa[ST_SA_OUT], 0));
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_ESTABLISHED);
	ST_CHECK(st, l->decision == IPSEC_LATCH_DECISION_PROTECTED);
	ST_CHECK(st, l->spi_out == st_sa_spec[ST_SA_OUT].spi);
	ST_CHECK(st, atomic64_read(&tmpl->protected) == 1);
	b = rcu_dereference_protected(l->bind, 1);	/* no other user */
	if (!ST_CHECK(st, b))
		goto out;
	ST_CHECK(st, b->id_source == IPSEC_LATCH_ID_DERIVED);
	if (!ST_CHECK(st, !strcmp(b->peer_id, derived[family == AF_INET6])))
		pr_err("self-test: derived identity \"%s\", expected \"%s\"\n",
		       b->peer_id, derived[family == AF_INET6]);

	/* Similar SAs: the inbound half, then a rekey (new SPI). */
	ST_CHECK(st, st_sa_pkt(ln, &tu, ST_IN, sa[ST_SA_IN], 0));
	ST_CHECK(st, l->spi_in == st_sa_spec[ST_SA_IN].spi);
	ST_CHECK(st, st_sa_pkt(ln, &tu, ST_OUT, sa[ST_SA_REKEY], 0));
	ST_CHECK(st, l->spi_out == st_sa_spec[ST_SA_REKEY].spi);
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_ESTABLISHED &&
		     rcu_access_pointer(l->bind) == b);

	/* Leaving in the clear breaks it, once; similar traffic restores. */
	ST_CHECK(st, !st_clear_pkt(ln, &tu, ST_OUT));
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_BROKEN && l->broken == 1);
	ST_CHECK(st, !st_clear_pkt(ln, &tu, ST_OUT));
	ST_CHECK(st, l->broken == 1 && l->drops_out == 3);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_BROKEN) == 1);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_DROP_LATCH_CLEAR_OUT) == 4);
	ST_CHECK(st, st_sa_pkt(ln, &tu, ST_OUT, sa[ST_SA_OUT], 0));
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_ESTABLISHED);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_RESTORED) == 1);

	/* Another peer either way, another QoP, another reqid; clear in. */
	ST_CHECK(st, !st_sa_pkt(ln, &tu, ST_OUT, sa[ST_SA_PEER], 0));
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_BROKEN && l->broken == 2);
	ST_CHECK(st, !st_sa_pkt(ln, &tu, ST_IN, sa[ST_SA_PEER_IN], 0));
	ST_CHECK(st, !st_sa_pkt(ln, &tu, ST_OUT, sa[ST_SA_QOP], 0));
	ST_CHECK(st, !st_sa_pkt(ln, &tu, ST_OUT, sa[ST_SA_REQID8], 0));
	ST_CHECK(st, !st_clear_pkt(ln, &tu, ST_IN));
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_BROKEN && l->broken == 2);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_DROP_LATCH_PEER_OUT) == 3);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_DROP_LATCH_PEER_IN) == 1);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_DROP_LATCH_CLEAR_IN) == 1);
	ST_CHECK(st, l->spi_out == st_sa_spec[ST_SA_OUT].spi);
	ST_CHECK(st, st_sa_pkt(ln, &tu, ST_IN, sa[ST_SA_IN], 0));
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_ESTABLISHED);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_RESTORED) == 2);

	/*
	 * The key manager names the peer: the binding takes the identity,
	 * and then the identity, not the reqid, decides.
	 */
	ipsec_latch_st_peer(&peer, family, 1);
	ST_CHECK(st, !ipsec_latch_identity_set(ln, family, &peer, ST_REQID,
					       "CN=gw", NULL));
	ST_CHECK(st, !ipsec_latch_identity_set(ln, family, &peer, 8, "CN=gw",
					       NULL));
	ST_CHECK(st, !ipsec_latch_identity_set(ln, family, &peer, 9,
					       "CN=mallory", NULL));
	ST_CHECK(st, st_sa_pkt(ln, &tu, ST_OUT, sa[ST_SA_OUT], 0));
	b = rcu_dereference_protected(l->bind, 1);	/* no other user */
	ST_CHECK(st, b && b->id_source == IPSEC_LATCH_ID_IKE &&
		 !strcmp(b->peer_id, "CN=gw"));
	ST_CHECK(st, st_sa_pkt(ln, &tu, ST_OUT, sa[ST_SA_REQID8], 0));
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_ESTABLISHED);
	ST_CHECK(st, !st_sa_pkt(ln, &tu, ST_OUT, sa[ST_SA_REQID9], 0));
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_BROKEN && l->broken == 3);
	ST_CHECK(st, st_sa_pkt(ln, &tu, ST_OUT, sa[ST_SA_OUT], 0));
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_ESTABLISHED);

	/* FIN one way keeps it; both ways close it. */
	ST_CHECK(st, st_sa_pkt(ln, &tu, ST_OUT, sa[ST_SA_OUT], ST_FIN));
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_ESTABLISHED && l->fin_out);
	ST_CHECK(st, st_sa_pkt(ln, &tu, ST_IN, sa[ST_SA_IN], ST_FIN));
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_CLOSED);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_CLOSED) == 1);

	/* CLOSED still holds the binding against stray packets. */
	broken = st_ctr(ln, IPSEC_LATCH_CTR_LATCH_BROKEN);
	ST_CHECK(st, st_sa_pkt(ln, &tu, ST_IN, sa[ST_SA_IN], 0));
	ST_CHECK(st, !st_clear_pkt(ln, &tu, ST_OUT));
	ST_CHECK(st, !st_sa_pkt(ln, &tu, ST_OUT, sa[ST_SA_PEER], 0));
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_CLOSED);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_BROKEN) == broken);

	/* A new SYN on the 5-tuple replaces a CLOSED latch, not a live one. */
	old = l;
	ST_CHECK(st, st_sa_pkt(ln, &tu, ST_OUT, sa[ST_SA_OUT], ST_SYN));
	l = st_find(ln, &tu);
	if (!ST_CHECK(st, l && l != old))
		goto out;
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_ESTABLISHED);
	ST_CHECK(st, !l->fin_in && !l->fin_out && l->broken == 0);
	ST_CHECK(st, st_count(ln) == 1);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_FREED) == 1);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_CREATED) == 2);
	ST_CHECK(st, atomic64_read(&tmpl->flows) == 2);
	ST_CHECK(st, st_sa_pkt(ln, &tu, ST_OUT, sa[ST_SA_OUT], ST_SYN));
	ST_CHECK(st, st_find(ln, &tu) == l);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_CREATED) == 2);

	/* A RST closes at once. */
	ST_CHECK(st, st_sa_pkt(ln, &tu, ST_IN, sa[ST_SA_IN], ST_RST));
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_CLOSED);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_CLOSED) == 2);
out:
	st_sas_free(sa);
	st_ln_free(st, ln);
}

/*
 * BYPASS-OR-PROTECT: a first packet that waits for its SA makes an
 * undecided LARVAL latch that clear inbound packets do not decide; its SA
 * makes it PROTECT for good. Deciding BYPASS (clear first outbound packet,
 * fallback after failure or timeout) is driven on latches off the table,
 * which get no SPD entries: a BYPASS latch passes clear packets and
 * refuses protected ones both ways.
 */
static void __init st_latch_bop(struct ipsec_latch_selftest *st)
{
	static const enum ipsec_latch_decision why[] __initconst = {
		IPSEC_LATCH_DECISION_TIMEOUT, IPSEC_LATCH_DECISION_IKE_FAILED,
	};
	const struct ipsec_latch_want bop = {
		.action = IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT,
		.fallback_ms = 1000,
	};
	struct xfrm_state *sa[ST_SA_N] = {};
	struct ipsec_latch_tuple tu, tu2;
	struct ipsec_latch_pkt pkt;
	struct ipsec_latch_net *ln;
	struct ipsec_latch *l;
	bool ok[6];
	int i;

	ln = st_ln_new(IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT);
	if (!ST_CHECK(st, ln))
		return;
	if (!ST_CHECK(st, st_sas_new(sa, AF_INET)))
		goto out;
	st_tuple(&tu, AF_INET, IPPROTO_TCP);
	tu2 = tu;
	tu2.lport = htons(ST_LPORT + 1);

	ST_CHECK(st, st_held_pkt(ln, &tu));
	l = st_find(ln, &tu);
	if (!ST_CHECK(st, l))
		goto out;
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_LARVAL);
	ST_CHECK(st, l->action == IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT);
	ST_CHECK(st, l->decision == IPSEC_LATCH_DECISION_PENDING);
	ST_CHECK(st, l->fallback_at - l->created == msecs_to_jiffies(1000));
	ST_CHECK(st, !st_clear_pkt(ln, &tu, ST_IN));
	ST_CHECK(st, l->action == IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT);
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_LARVAL);
	ST_CHECK(st, st_sa_pkt(ln, &tu, ST_OUT, sa[ST_SA_OUT], 0));
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_ESTABLISHED);
	ST_CHECK(st, l->action == IPSEC_LATCH_ACTION_PROTECT);
	ST_CHECK(st, l->decision == IPSEC_LATCH_DECISION_PROTECTED);
	/* Protected once, never clear. */
	ST_CHECK(st, !st_clear_pkt(ln, &tu, ST_OUT));
	ST_CHECK(st, l->state == IPSEC_LATCH_STATE_BROKEN);
	ST_CHECK(st, l->action == IPSEC_LATCH_ACTION_PROTECT);

	/* A flow that starts protected is PROTECT at once. */
	ST_CHECK(st, st_sa_pkt(ln, &tu2, ST_OUT, sa[ST_SA_OUT], 0));
	l = st_find(ln, &tu2);
	ST_CHECK(st, l && l->action == IPSEC_LATCH_ACTION_PROTECT &&
		 l->state == IPSEC_LATCH_STATE_ESTABLISHED);

	/* Off the table: its first packet leaves clear. */
	st_mkpkt(&pkt, &tu, ST_OUT, IPSEC_LATCH_CARRIER_HELD, NULL, 0);
	l = latch_alloc(&pkt, &bop);
	if (!ST_CHECK(st, l))
		goto out;
	l->unlinked = true;
	rcu_read_lock();
	spin_lock_bh(&l->lock);
	st_mkpkt(&pkt, &tu, ST_OUT, IPSEC_LATCH_CARRIER_CLEAR, NULL, 0);
	ok[0] = ipsec_latch_check_locked(ln, l, &pkt);
	ok[1] = l->action == IPSEC_LATCH_ACTION_BYPASS &&
		l->state == IPSEC_LATCH_STATE_ESTABLISHED &&
		l->decision == IPSEC_LATCH_DECISION_CLEAR_OUT;
	st_mkpkt(&pkt, &tu, ST_OUT, IPSEC_LATCH_CARRIER_SA, sa[ST_SA_OUT], 0);
	ok[2] = !ipsec_latch_check_locked(ln, l, &pkt) &&
		l->state == IPSEC_LATCH_STATE_BROKEN;
	st_mkpkt(&pkt, &tu, ST_IN, IPSEC_LATCH_CARRIER_SA, sa[ST_SA_IN], 0);
	ok[3] = !ipsec_latch_check_locked(ln, l, &pkt);
	st_mkpkt(&pkt, &tu, ST_IN, IPSEC_LATCH_CARRIER_CLEAR, NULL, 0);
	ok[4] = ipsec_latch_check_locked(ln, l, &pkt);
	ok[5] = l->action == IPSEC_LATCH_ACTION_BYPASS &&
		!rcu_access_pointer(l->bind);
	spin_unlock_bh(&l->lock);
	rcu_read_unlock();
	kmem_cache_free(latch_cache, l);
	ST_CHECK(st, ok[0]);
	ST_CHECK(st, ok[1]);
	ST_CHECK(st, ok[2]);
	ST_CHECK(st, ok[3]);
	ST_CHECK(st, ok[4]);
	ST_CHECK(st, ok[5]);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_DROP_LATCH_PEER_OUT) == 1);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_DROP_LATCH_PEER_IN) == 1);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_BYPASS_SPD_ADDED) == 0);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_BYPASS_SPD_FAILED) == 0);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_FALLBACK) == 0);

	/* Off the table: the SA failed, or its fallback time came. */
	for (i = 0; i < ARRAY_SIZE(why); i++) {
		st_mkpkt(&pkt, &tu, ST_OUT, IPSEC_LATCH_CARRIER_HELD, NULL, 0);
		l = latch_alloc(&pkt, &bop);
		if (!ST_CHECK(st, l))
			goto out;
		l->unlinked = true;
		rcu_read_lock();
		spin_lock_bh(&l->lock);
		ipsec_latch_decide_bypass(ln, l, why[i]);
		ok[0] = l->action == IPSEC_LATCH_ACTION_BYPASS &&
			l->state == IPSEC_LATCH_STATE_ESTABLISHED &&
			l->decision == why[i];
		spin_unlock_bh(&l->lock);
		rcu_read_unlock();
		kmem_cache_free(latch_cache, l);
		ST_CHECK(st, ok[0]);
	}
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_FALLBACK) == 2);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_BYPASS_SPD_ADDED) == 0);
out:
	st_sas_free(sa);
	st_ln_free(st, ln);
}

/* Under RCU, as ipsec_latch_gc() calls it. */
static bool __init st_gc_one(struct ipsec_latch_net *ln, struct ipsec_latch *l,
			     u32 hold, u32 idle)
{
	bool gone;

	rcu_read_lock();
	gone = ipsec_latch_gc_one(ln, l, hold, idle);
	rcu_read_unlock();
	return gone;
}

/*
 * The GC's verdicts: a flow whose socket is gone closes (init_net has no
 * socket for a TEST-NET flow: a read-only lookup), an idle LARVAL latch
 * closes, a CLOSED latch is freed once its hold is over and not before.
 */
static void __init st_latch_gc(struct ipsec_latch_selftest *st)
{
	struct xfrm_state *sa[ST_SA_N] = {};
	struct ipsec_latch_tuple tcp, udp, larval;
	struct ipsec_latch *lt, *lu, *ll;
	struct ipsec_latch_net *ln;
	u64 closed;

	ln = st_ln_new(IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT);
	if (!ST_CHECK(st, ln))
		return;
	if (!ST_CHECK(st, st_sas_new(sa, AF_INET)))
		goto out;
	st_tuple(&tcp, AF_INET, IPPROTO_TCP);
	st_tuple(&udp, AF_INET, IPPROTO_UDP);
	larval = tcp;
	larval.lport = htons(ST_LPORT + 1);
	ST_CHECK(st, st_sa_pkt(ln, &tcp, ST_OUT, sa[ST_SA_OUT], 0));
	ST_CHECK(st, st_sa_pkt(ln, &udp, ST_OUT, sa[ST_SA_OUT], 0));
	ST_CHECK(st, st_held_pkt(ln, &larval));
	lt = st_find(ln, &tcp);
	lu = st_find(ln, &udp);
	ll = st_find(ln, &larval);
	if (!ST_CHECK(st, lt && lu && ll))
		goto out;

	/* In the GC's wheel from insertion on. */
	ST_CHECK(st, !list_empty(&lt->gc_node) && !list_empty(&lu->gc_node) &&
		 !list_empty(&ll->gc_node));
	ST_CHECK(st, lu->udp_connected && !lt->udp_connected);
	/* Busy flows are not asked for their sockets: make them quiet. */
	spin_lock_bh(&lt->lock);
	lt->last_seen = ipsec_latch_now32();
	spin_unlock_bh(&lt->lock);
	ST_CHECK(st, !st_gc_one(ln, lt, ST_NEVER, ST_NEVER));
	ST_CHECK(st, lt->state == IPSEC_LATCH_STATE_ESTABLISHED);
	spin_lock_bh(&lt->lock);
	lt->last_seen = ipsec_latch_now32() - 2 * HZ;
	spin_unlock_bh(&lt->lock);
	spin_lock_bh(&lu->lock);
	lu->last_seen = ipsec_latch_now32() - 2 * HZ;
	spin_unlock_bh(&lu->lock);
	ST_CHECK(st, !st_gc_one(ln, lt, ST_NEVER, ST_NEVER));
	ST_CHECK(st, lt->state == IPSEC_LATCH_STATE_CLOSED);
	ST_CHECK(st, !list_empty(&lt->gc_node));	/* armed for its hold */
	ST_CHECK(st, !st_gc_one(ln, lu, ST_NEVER, ST_NEVER));
	/* Unless something in init_net listens on the made-up UDP port. */
	rcu_read_lock();
	ST_CHECK(st, lu->state == IPSEC_LATCH_STATE_CLOSED ||
		 ipsec_latch_udp_socket_exists(&init_net, &udp, 0, false));
	rcu_read_unlock();

	spin_lock_bh(&ll->lock);
	ll->last_seen = ipsec_latch_now32() - 100;
	spin_unlock_bh(&ll->lock);
	ST_CHECK(st, !st_gc_one(ln, ll, ST_NEVER, ST_NEVER));
	ST_CHECK(st, ll->state == IPSEC_LATCH_STATE_LARVAL);
	ST_CHECK(st, !st_gc_one(ln, ll, ST_NEVER, 50));
	ST_CHECK(st, ll->state == IPSEC_LATCH_STATE_CLOSED);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_CLOSED) ==
		 (lu->state == IPSEC_LATCH_STATE_CLOSED ? 3 : 2));
	closed = st_ctr(ln, IPSEC_LATCH_CTR_LATCH_CLOSED);

	spin_lock_bh(&lt->lock);
	lt->closed_at = ipsec_latch_now32() - 100;
	spin_unlock_bh(&lt->lock);
	ST_CHECK(st, !st_gc_one(ln, lt, ST_NEVER, ST_NEVER));
	ST_CHECK(st, st_gc_one(ln, lt, 50, ST_NEVER));
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_CLOSED) == closed);
	st_unlink(ln, lt);
	ST_CHECK(st, !st_find(ln, &tcp) && st_count(ln) == 2);
out:
	st_sas_free(sa);
	st_ln_free(st, ln);
}

static int __init st_dump_fill(struct sk_buff *skb,
			       const struct ipsec_latch *l, void *arg)
{
	(*(unsigned int *)arg)++;
	return 0;
}

/* How many latches a GET_LATCHES dump with @mask would report. */
static int __init st_dumped(struct ipsec_latch_net *ln, u32 mask,
			    const struct ipsec_latch_tuple *tu, u8 state,
			    const char *peer)
{
	struct ipsec_latch_filter f = { .mask = mask, .state = state };
	struct ipsec_latch_dump_cursor *cur;
	unsigned int n = 0;
	int err;

	if (tu)
		f.tuple = *tu;
	if (peer)
		strscpy(f.peer, peer, sizeof(f.peer));
	cur = ipsec_latch_dump_start(ln, &f);
	if (!cur)
		return -ENOMEM;
	err = ipsec_latch_dump(cur, NULL, st_dump_fill, &n);
	ipsec_latch_dump_done(cur);
	return err ? err : (int)n;
}

/*
 * Transparent mode latches a connected UDP socket's own flow, not a
 * datagram it sends elsewhere with sendto() nor one without a socket.
 */
static void __init st_latch_udp_flow(struct ipsec_latch_selftest *st)
{
	struct xfrm_state *sa[ST_SA_N] = {};
	struct ipsec_latch_tuple own, other;
	struct ipsec_latch_net *ln;
	struct ipsec_latch_pkt pkt;

	ln = st_ln_new(IPSEC_LATCH_TRANSPARENT_PROTECT);
	if (!ST_CHECK(st, ln))
		return;
	if (!ST_CHECK(st, st_sas_new(sa, AF_INET6)))
		goto out;
	st_tuple(&own, AF_INET6, IPPROTO_UDP);
	other = own;
	other.rport = htons(ST_RPORT + 1);
	st_mkpkt(&pkt, &other, ST_OUT, IPSEC_LATCH_CARRIER_SA, sa[ST_SA_OUT],
		 0);
	pkt.sk = st_udp_sk(&own);
	ST_CHECK(st, st_check_pkt(ln, &pkt) && !st_find(ln, &other));
	pkt.sk = NULL;
	pkt.connected_sk = false;
	ST_CHECK(st, st_check_pkt(ln, &pkt) && !st_find(ln, &other));
	ST_CHECK(st, st_sa_pkt(ln, &own, ST_OUT, sa[ST_SA_OUT], 0));
	ST_CHECK(st, st_find(ln, &own) && st_count(ln) == 1);
out:
	st_sas_free(sa);
	st_ln_free(st, ln);
}

/* The dump's selectors pick exactly the latches they name. */
static void __init st_latch_dump(struct ipsec_latch_selftest *st)
{
	struct xfrm_state *sa[ST_SA_N] = {};
	struct ipsec_latch_tuple tu[4];
	struct ipsec_latch_net *ln;

	ln = st_ln_new(IPSEC_LATCH_TRANSPARENT_PROTECT);
	if (!ST_CHECK(st, ln))
		return;
	if (!ST_CHECK(st, st_sas_new(sa, AF_INET)))
		goto out;
	st_tuple(&tu[0], AF_INET, IPPROTO_TCP);
	st_tuple(&tu[1], AF_INET, IPPROTO_UDP);
	st_tuple(&tu[2], AF_INET6, IPPROTO_TCP);
	tu[3] = tu[0];
	tu[3].rport = htons(ST_RPORT + 1);
	ST_CHECK(st, st_sa_pkt(ln, &tu[0], ST_OUT, sa[ST_SA_OUT], 0));
	ST_CHECK(st, st_sa_pkt(ln, &tu[1], ST_OUT, sa[ST_SA_OUT], 0));
	ST_CHECK(st, st_sa_pkt(ln, &tu[2], ST_OUT, sa[ST_SA_OUT], 0));
	ST_CHECK(st, st_sa_pkt(ln, &tu[3], ST_OUT, sa[ST_SA_PEER], 0));

	ST_CHECK(st, st_dumped(ln, 0, NULL, 0, NULL) == 4);
	ST_CHECK(st, st_dumped(ln, IPSEC_LATCH_F_PROTO, &tu[1], 0, NULL) == 1);
	ST_CHECK(st, st_dumped(ln, IPSEC_LATCH_F_FAMILY, &tu[2], 0, NULL) == 1);
	ST_CHECK(st, st_dumped(ln, IPSEC_LATCH_F_LADDR, &tu[0], 0, NULL) == 3);
	ST_CHECK(st, st_dumped(ln, IPSEC_LATCH_F_RPORT, &tu[3], 0, NULL) == 1);
	ST_CHECK(st, st_dumped(ln, IPSEC_LATCH_F_STATE, NULL,
			       IPSEC_LATCH_STATE_BROKEN, NULL) == 0);
	ST_CHECK(st, !st_clear_pkt(ln, &tu[0], ST_OUT));
	ST_CHECK(st, st_dumped(ln, IPSEC_LATCH_F_STATE, NULL,
			       IPSEC_LATCH_STATE_BROKEN, NULL) == 1);
	ST_CHECK(st, st_dumped(ln, IPSEC_LATCH_F_PEER, NULL, 0,
			       "192.0.2.2 ") == 1);
	ST_CHECK(st, st_dumped(ln, IPSEC_LATCH_F_PEER | IPSEC_LATCH_F_PROTO,
			       &tu[0], 0, "192.0.2.1 ") == 2);
out:
	st_sas_free(sa);
	st_ln_free(st, ln);
}

/*
 * Concurrency: threads insert, look up and delete latches of a few shared
 * flows, under the table's real locks and RCU, while each also runs its
 * own flow through the packet path (RST, replacing SYN, unlink), so that
 * all of them take and drop references on one shared binding. Afterwards
 * the count matches the table, and deleting the rest leaves nothing:
 * every latch created was freed, every binding reference dropped.
 *
 * The packet path is not run on the shared flows:
 * ipsec_latch_unlink_locked() drops a latch's binding outside its lock, so
 * a packet that found the latch just before another thread unlinks it may
 * meet ->bind == NULL (a race of the module's, not of the test's making).
 */
#define ST_THREADS 4
#define ST_THREAD_OPS 500
#define ST_SHARED_FLOWS 16

struct st_thread {
	struct ipsec_latch_net *ln;
	const struct xfrm_state *x;
	unsigned int id;
	unsigned int errors;
	bool started;
	struct completion done;
};

static bool __init st_same_flow(struct ipsec_latch *l,
				const struct ipsec_latch_tuple *tu)
{
	bool same;

	spin_lock_bh(&l->lock);
	same = !memcmp(&l->tuple, tu, sizeof(*tu));
	spin_unlock_bh(&l->lock);
	return same;
}

static void __init st_thread_op(struct st_thread *th, u32 rnd,
				const struct ipsec_latch_tuple *own)
{
	static const unsigned int own_flags[] __initconst = {
		0, ST_RST, ST_SYN,
	};
	struct ipsec_latch_table *t = &th->ln->latch;
	struct ipsec_latch_tuple tu;
	struct ipsec_latch_pkt pkt;
	struct ipsec_latch *l;

	st_tuple(&tu, AF_INET, IPPROTO_TCP);
	tu.lport = htons(1000 + (rnd >> 24) % ST_SHARED_FLOWS);
	rcu_read_lock();
	switch ((rnd >> 16) % 5) {
	case 0:	/* a new flow, or the latch a racing insert made */
		st_mkpkt(&pkt, &tu, ST_OUT, IPSEC_LATCH_CARRIER_SA, th->x, 0);
		if (!ipsec_latch_new_flow(th->ln, &pkt, &l) || !l ||
		    !st_same_flow(l, &tu))
			th->errors++;
		break;
	case 1:
		l = ipsec_latch_find(t, &tu);
		if (l && !st_same_flow(l, &tu))
			th->errors++;
		break;
	case 2:
		l = ipsec_latch_find(t, &tu);
		if (l)
			st_unlink(th->ln, l);
		break;
	case 3:	/* protected packets pass whatever state the flow is in */
		st_mkpkt(&pkt, own, ST_OUT, IPSEC_LATCH_CARRIER_SA, th->x,
			 own_flags[(rnd >> 8) % ARRAY_SIZE(own_flags)]);
		if (!ipsec_latch_check_packet(th->ln, &pkt))
			th->errors++;
		break;
	default:
		l = ipsec_latch_find(t, own);
		if (l)
			st_unlink(th->ln, l);
		break;
	}
	rcu_read_unlock();
}

static int __init st_thread_fn(void *arg)
{
	struct st_thread *th = arg;
	struct ipsec_latch_tuple own;
	u32 rnd = th->id + 1;
	unsigned int i;

	st_tuple(&own, AF_INET, IPPROTO_TCP);
	own.lport = htons(2000 + th->id);
	for (i = 0; i < ST_THREAD_OPS; i++) {
		rnd = rnd * 1664525 + 1013904223;	/* repeatable, cheap */
		st_thread_op(th, rnd, &own);
		if (i % 32 == 31)
			cond_resched();
	}
	kthread_complete_and_exit(&th->done, 0);
}

static void __init st_latch_threads(struct ipsec_latch_selftest *st)
{
	struct xfrm_state *sa[ST_SA_N] = {};
	struct ipsec_latch_net *ln;
	struct task_struct *task;
	struct st_thread *th;
	unsigned int i, errors = 0;

	th = kcalloc(ST_THREADS, sizeof(*th), GFP_KERNEL);
	ln = st_ln_new(IPSEC_LATCH_TRANSPARENT_PROTECT);
	if (!ST_CHECK(st, th && ln) || !ST_CHECK(st, st_sas_new(sa, AF_INET)))
		goto out;
	for (i = 0; i < ST_THREADS; i++) {
		th[i].ln = ln;
		th[i].x = sa[ST_SA_OUT];
		th[i].id = i;
		init_completion(&th[i].done);
		task = kthread_run(st_thread_fn, &th[i], "ipsec_latch_st%u", i);
		th[i].started = ST_CHECK(st, !IS_ERR(task));
	}
	for (i = 0; i < ST_THREADS; i++) {
		if (th[i].started)
			wait_for_completion(&th[i].done);
		errors += th[i].errors;
	}
	ST_CHECK(st, errors == 0);
	/* A resize mid-dump restarts the walk (seen twice): let it end. */
	flush_work(&ln->latch.latches.run_work);
	ST_CHECK(st, st_dumped(ln, 0, NULL, 0, NULL) == st_count(ln));
	ST_CHECK(st, st_count(ln) <= ST_SHARED_FLOWS + ST_THREADS);
	st_unlink_all(ln);
	ST_CHECK(st, st_count(ln) == 0);
	ST_CHECK(st, atomic_read(&ln->latch.latches.nelems) == 0);
	ST_CHECK(st, st_ctr(ln, IPSEC_LATCH_CTR_LATCH_CREATED) ==
		 st_ctr(ln, IPSEC_LATCH_CTR_LATCH_FREED));
	ST_CHECK(st, st_no_bindings(ln));
out:
	st_sas_free(sa);
	st_ln_free(st, ln);
	kfree(th);
}

bool __init ipsec_latch_selftest_latch(struct ipsec_latch_selftest *st)
{
	unsigned int failed = st->failed;

	st_latch_tuples(st);
	st_latch_cap(st);
	st_latch_peer_cap(st);
	st_latch_states(st, AF_INET);
	st_latch_states(st, AF_INET6);
	st_latch_bop(st);
	st_latch_gc(st);
	st_latch_udp_flow(st);
	st_latch_dump(st);
	st_latch_threads(st);
	return st->failed == failed;
}
