/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Connection latching (RFC 5660), the PAD-clone design: templates name the
 * flows that must be latched; the first packet of such a flow clones a
 * per-5-tuple latch that binds the flow to the peer identity and quality
 * of protection (QoP) of the SA it used. Later packets, in and out, must
 * travel under a "similar" SA (same identity and QoP; SPIs may change)
 * or are dropped, and the latch goes BROKEN until similar traffic resumes.
 *
 * BYPASS-OR-PROTECT templates decide per flow instead: a flow that starts
 * in the clear (or whose SA fails or is late) gets a BYPASS latch and its
 * own BYPASS SPD entries, so that it stays clear for life.
 */
#ifndef _IPSEC_LATCH_LATCH_H
#define _IPSEC_LATCH_LATCH_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/ratelimit.h>
#include <linux/rhashtable-types.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/xfrm.h>
#include <linux/ipsec_latch.h>

struct ipsec_latch_net;

/* A flow as this host sees it: local and remote ends. */
struct ipsec_latch_tuple {
	xfrm_address_t laddr;
	xfrm_address_t raddr;
	__be16 lport;
	__be16 rport;
	u8 family;
	u8 proto;
	u8 pad[2];
};

/*
 * What a latch binds, taken from an SA: "similar" SAs have equal QoP and
 * name the same peer. Algorithm names are cut at 64 bytes (the kernel's
 * are far shorter).
 */
#define IPSEC_LATCH_ALG_NAME 64
struct ipsec_latch_qop {
	xfrm_address_t peer;		/* the SA's remote end */
	u32 reqid;
	u8 family;			/* of the SA (outer) */
	u8 xfrm_proto;
	u8 mode;
	u8 pad;
	u32 enc_bits;
	u32 auth_bits;
	u32 aead_bits;
	u32 icv_bits;
	char enc[IPSEC_LATCH_ALG_NAME];
	char auth[IPSEC_LATCH_ALG_NAME];
	char aead[IPSEC_LATCH_ALG_NAME];
};

/* A template PAD entry. Readers walk the list under RCU. */
struct ipsec_latch_tmpl {
	struct list_head list;
	struct rcu_head rcu;
	u32 id;
	u8 kind;			/* enum ipsec_latch_tmpl_kind */
	u8 action;			/* enum ipsec_latch_action */
	bool any_local;			/* no local address: any */
	bool any_lport;			/* CONNECTOR without a local port */
	struct ipsec_latch_tuple match;	/* remote ends: CONNECTOR only */
	u32 fallback_ms;
	atomic64_t flows, protected, bypassed, refused, failed;
};

/*
 * What latches are bound to: the peer (identity) and QoP of an SA. Shared
 * by every latch of the same peer and protection, so a latch stays small.
 * Readers hold the latch's lock or RCU; freed after a grace period.
 */
struct ipsec_latch_binding {
	struct hlist_node node;		/* in the netns's binding table */
	struct rcu_head rcu;
	refcount_t ref;
	u8 id_source;			/* enum ipsec_latch_id_source */
	struct ipsec_latch_qop qop;
	char peer_id[IPSEC_LATCH_ID_MAX_LEN + 1];
};

/* The per-flow clone: kept small, there may be 100,000s of them. */
struct ipsec_latch {
	struct rhash_head node;		/* in the table, RCU */
	struct ipsec_latch_tuple tuple;	/* the key */
	spinlock_t lock;		/* everything below */
	u8 state;			/* enum ipsec_latch_state */
	u8 action;			/* PROTECT, BYPASS; BYPASS_OR_PROTECT
					 * while undecided (LARVAL)
					 */
	u8 decision:3;			/* enum ipsec_latch_decision */
	u8 fin_in:1, fin_out:1;
	u8 unlinked:1;			/* out of the table: add no SPD entries */
	u8 peer_charged:1;		/* made by an inbound packet: counted in
					 * its peer's share (set before insert)
					 */
	u8 udp_connected:1;		/* made by a connected UDP socket's
					 * packet (set before insert)
					 */
	u8 requested:1;			/* its socket asked for it
					 * (SOCK_REQUIRE; set before insert)
					 */
	u32 tmpl_id;
	int ifindex;			/* its first packet's device: for a
					 * socket bound to one (GC lookups)
					 */
	/* NULL while LARVAL, and BYPASS; written under ->lock, read by
	 * dumps under RCU (bindings are freed after a grace period)
	 */
	struct ipsec_latch_binding __rcu *bind;
	struct xfrm_policy *bypass_spd[2]; /* BYPASS: our SPD entries, in/out */
	u32 spi_in, spi_out;
	u32 created, last_seen, closed_at, last_event; /* jiffies, 32 bits */
	u32 sock_checked;		/* jiffies: the GC last asked for its
					 * socket
					 */
	u32 drops_in, drops_out, broken;
	u32 fallback_at;		/* undecided: when to fall back */
	u64 packets_in, packets_out;
	struct list_head gc_node;	/* in a GC slot, under gc_lock */
	struct rcu_head rcu;
};

/* Per-netns latch state; lives in struct ipsec_latch_net. */
#define IPSEC_LATCH_BIND_BITS 6
#define IPSEC_LATCH_GC_SLOTS 64		/* one a second: a minute ahead */
struct ipsec_latch_table {
	spinlock_t lock;		/* insertion/removal order, dead */
	bool dead;
	bool ready;			/* the hash table exists */
	u8 transparent;			/* enum ipsec_latch_transparent */
	u32 transparent_fallback_ms;
	atomic_t count;
	struct rhashtable latches;
	struct rhashtable peers;	/* latch_peer.c, under ->lock */
	struct delayed_work gc;
	/* latch_gc.c: latches by the time of their next visit */
	spinlock_t gc_lock;
	u32 gc_next;			/* jiffies: the next slot's time */
	struct list_head gc_slots[IPSEC_LATCH_GC_SLOTS];
	struct ratelimit_state refused_rs;
	/* bindings: writers under bind_lock */
	spinlock_t bind_lock;
	struct hlist_head bindings[1 << IPSEC_LATCH_BIND_BITS];
	/* templates: writers hold tmpl_mutex, readers RCU */
	struct mutex tmpl_mutex;
	struct list_head tmpls;
	unsigned int tmpl_count;
	u32 tmpl_next_id;
	/* identity annotations: RCU readers, writers under id_lock */
	spinlock_t id_lock;
	struct hlist_head ids[1 << 6];
	unsigned int id_count;
	/* per-socket requests (latch_request.c): RCU readers, writers
	 * under req_lock
	 */
	spinlock_t req_lock;
	struct rhashtable reqs;
	unsigned int req_count;
	bool sock_requests;		/* owners without CAP_NET_ADMIN may ask */
};

/* latch.c: the table of latches (clones), and the module's latch cache. */
int ipsec_latch_cache_init(void);	/* module-wide: the latch cache */
void ipsec_latch_cache_exit(void);
unsigned int ipsec_latch_obj_size(void);	/* bytes per latch */
int ipsec_latch_table_init(struct ipsec_latch_net *ln);
void ipsec_latch_table_exit(struct ipsec_latch_net *ln);
/* Is latching on in this netns: templates, transparent mode, latches? */
bool ipsec_latch_active(const struct ipsec_latch_net *ln);
void ipsec_latch_set_transparent(struct ipsec_latch_net *ln, u8 mode,
				 u32 fallback_ms);

/* What the packet hooks saw: direction, flow, and how it travels. */
enum ipsec_latch_carrier {
	IPSEC_LATCH_CARRIER_CLEAR,	/* no SA */
	IPSEC_LATCH_CARRIER_SA,		/* under an SA (x) */
	IPSEC_LATCH_CARRIER_HELD,	/* held for an SA that is being made */
};

struct ipsec_latch_pkt {
	struct sk_buff *skb;
	const struct net_device *indev;	/* in: set by the packet hooks */
	struct ipsec_latch_tuple tuple;
	bool out;
	bool syn_only, fin, rst;
	bool connected_sk;		/* out: from a connected socket */
	const struct sock *sk;		/* out: the full socket that sent it */
	enum ipsec_latch_carrier carrier;
	const struct xfrm_state *x;
};

/* latch_check.c: the state machine every packet of a flow goes through. */
/* Returns true when the packet may pass, false when it must be dropped. */
bool ipsec_latch_check_packet(struct ipsec_latch_net *ln,
			      const struct ipsec_latch_pkt *pkt);

/*
 * For the resolution code: what to do with a held packet of a flow that
 * waits for an SA. SEND: its flow fell back to the clear (now, because
 * the SA @failed or its fallback time came, or before); DROP: the SA
 * failed and the flow cannot fall back; WAIT: keep it, and *@next is
 * lowered to the flow's fallback time (jiffies) if it has one.
 */
enum ipsec_latch_held_verdict {
	IPSEC_LATCH_HELD_WAIT,
	IPSEC_LATCH_HELD_SEND,
	IPSEC_LATCH_HELD_DROP,
};
enum ipsec_latch_held_verdict
ipsec_latch_held(struct net *net, struct sk_buff *skb, bool failed,
		 unsigned long *next);

/*
 * latch_sock.c: BYPASS-OR-PROTECT for a connected datagram socket whose
 * connect() or send waits for an SA: the time left to its fallback (ms; 0
 * when its flow is not under BYPASS-OR-PROTECT); whether its flow fell
 * back; make it fall back now (0, or -EHOSTUNREACH when it cannot).
 */
u32 ipsec_latch_sk_fallback_ms(struct sock *sk);
/* The flow of a connected TCP or UDP socket; false when it has none. */
bool ipsec_latch_sk_tuple(const struct sock *sk, struct ipsec_latch_tuple *tu);
bool ipsec_latch_sk_bypassed(struct sock *sk);
int ipsec_latch_sk_fall_back(struct sock *sk, bool failed);

/* latch_netlink.c: a latch's netlink nest, and the latch dump. */
/* A latch dump's selectors (what GET_LATCHES's A_FILTER gave). */
enum {
	IPSEC_LATCH_F_FAMILY	= BIT(0),
	IPSEC_LATCH_F_PROTO	= BIT(1),
	IPSEC_LATCH_F_LADDR	= BIT(2),
	IPSEC_LATCH_F_LPORT	= BIT(3),
	IPSEC_LATCH_F_RADDR	= BIT(4),
	IPSEC_LATCH_F_RPORT	= BIT(5),
	IPSEC_LATCH_F_STATE	= BIT(6),
	IPSEC_LATCH_F_PEER	= BIT(7),
};

struct ipsec_latch_filter {
	u32 mask;
	struct ipsec_latch_tuple tuple;
	u8 state;
	char peer[IPSEC_LATCH_ID_MAX_LEN + 1];	/* substring */
};

/* Called with the latch's lock held. */
int ipsec_latch_fill(struct sk_buff *skb, const struct ipsec_latch *l);
int ipsec_latch_fill_view(struct sk_buff *skb, const struct ipsec_latch *l,
			  bool admin);
/* A dump in parts: the cursor lives from start to done. */
struct ipsec_latch_dump_cursor;
struct ipsec_latch_dump_cursor *
ipsec_latch_dump_start(struct ipsec_latch_net *ln,
		       const struct ipsec_latch_filter *filter);
int ipsec_latch_dump(struct ipsec_latch_dump_cursor *cur, struct sk_buff *skb,
		     int (*fill)(struct sk_buff *skb,
				 const struct ipsec_latch *l, void *arg),
		     void *arg);
void ipsec_latch_dump_done(struct ipsec_latch_dump_cursor *cur);

/* latch_sa.c: what an SA binds, and identities the key manager gave. */
struct ipsec_latch_binding *
ipsec_latch_binding_get(struct ipsec_latch_net *ln,
			const struct ipsec_latch_qop *qop);
void ipsec_latch_binding_put(struct ipsec_latch_net *ln,
			     struct ipsec_latch_binding *b);
void ipsec_latch_qop_of_state(struct ipsec_latch_qop *qop,
			      const struct xfrm_state *x, bool out);
bool ipsec_latch_qop_similar(const struct ipsec_latch_qop *a,
			     const struct ipsec_latch_qop *b);
int ipsec_latch_qop_fill(struct sk_buff *skb, const struct ipsec_latch_qop *q,
			 u32 spi_in, u32 spi_out);
/* Copies the annotated identity for the SA's (peer, reqid) into @buf;
 * false when there is none.
 */
bool ipsec_latch_identity_lookup(struct ipsec_latch_net *ln,
				 const struct ipsec_latch_qop *qop, char *buf);
/* 1: the SA's annotated identity is @id; 0: it is another; -1: none. */
int ipsec_latch_identity_cmp(struct ipsec_latch_net *ln,
			     const struct ipsec_latch_qop *qop, const char *id);
int ipsec_latch_identity_set(struct ipsec_latch_net *ln, u8 family,
			     const xfrm_address_t *peer, u32 reqid,
			     const char *id, struct netlink_ext_ack *extack);
int ipsec_latch_identity_del(struct ipsec_latch_net *ln, u8 family,
			     const xfrm_address_t *peer, u32 reqid,
			     const char *id);
int ipsec_latch_identity_dump(struct ipsec_latch_net *ln, struct sk_buff *skb,
			      unsigned long *pos,
			      int (*fill)(struct sk_buff *skb, u8 family,
					  const xfrm_address_t *peer,
					  u32 reqid, const char *id,
					  void *arg),
			      void *arg);
void ipsec_latch_identity_flush(struct ipsec_latch_net *ln);

/* latch_request.c: latches a socket asked for (SOCK_REQUIRE). */
int ipsec_latch_request_set(struct ipsec_latch_net *ln, struct sock *sk,
			    u8 action, u32 fallback_ms,
			    struct netlink_ext_ack *extack);

/* latch_bypass.c: a BYPASS latch's own SPD entries (in and out). */
int ipsec_latch_bypass_spd_add(struct net *net,
			       const struct ipsec_latch_tuple *tu,
			       struct xfrm_policy *pols[2]);
void ipsec_latch_bypass_spd_del(struct xfrm_policy *pols[2]);
bool ipsec_latch_spd_admits_clear(struct sk_buff *skb);

/* latch_template.c: the template PAD entries. */
/*
 * @reply (if not NULL) sees the template with its ID before it is
 * committed: when it fails, nothing was added (the caller's reply cannot
 * say "failed" of a template that exists).
 */
int ipsec_latch_tmpl_add(struct ipsec_latch_net *ln,
			 struct ipsec_latch_tmpl *t,
			 struct netlink_ext_ack *extack,
			 int (*reply)(const struct ipsec_latch_tmpl *t,
				      void *arg),
			 void *arg);
int ipsec_latch_tmpl_del(struct ipsec_latch_net *ln, u32 id);
void ipsec_latch_tmpl_flush(struct ipsec_latch_net *ln);
/* Under RCU: the template a new flow falls under, or NULL. */
struct ipsec_latch_tmpl *
ipsec_latch_tmpl_match(struct ipsec_latch_net *ln,
		       const struct ipsec_latch_tuple *tuple);
/* Under RCU: the template with @id, or NULL (deleted since). */
struct ipsec_latch_tmpl *ipsec_latch_tmpl_by_id(struct ipsec_latch_net *ln,
						u32 id);
int ipsec_latch_tmpl_fill(struct sk_buff *skb,
			  const struct ipsec_latch_tmpl *t);
int ipsec_latch_tmpl_dump(struct ipsec_latch_net *ln, struct sk_buff *skb,
			  unsigned long *pos,
			  int (*fill)(struct sk_buff *skb,
				      const struct ipsec_latch_tmpl *t,
				      void *arg),
			  void *arg);

/* hook_netfilter.c: the packet hooks, per netns. */
bool ipsec_latch_parse_packet(struct sk_buff *skb, bool out,
			      struct ipsec_latch_pkt *pkt);
/* For the resolution release path: outbound check of a packet sent
 * without passing LOCAL_OUT.
 */
bool ipsec_latch_output_ok(struct net *net, struct sk_buff *skb);
/* Would a socket take this inbound packet (as a new flow's first)? */
bool ipsec_latch_pkt_has_socket(const struct ipsec_latch_pkt *pkt);
/* The device the flow of a new latch uses, for the GC's socket lookups. */
int ipsec_latch_pkt_ifindex(const struct ipsec_latch_pkt *pkt);
/* Register the hooks in @ln's netns (before its first template). */
int ipsec_latch_nf_hooks_on(struct ipsec_latch_net *ln,
			    struct netlink_ext_ack *extack);
int ipsec_latch_hook_netfilter_init(void);
void ipsec_latch_hook_netfilter_exit(void);

#endif /* _IPSEC_LATCH_LATCH_H */
