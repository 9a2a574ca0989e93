/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: latches (an IPSEC_LATCH_A_LATCH nest of enum
 * ipsec_latch_latch_attr, with a nested quality of protection), as sent
 * in IPSEC_LATCH_CMD_GET_LATCHES dumps and IPSEC_LATCH_CMD_LATCH_EVENT
 * notifications: parsed and rendered; and the A_FILTER that selects them.
 */
#ifndef IPL_LATCH_H
#define IPL_LATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <linux/ipsec_latch.h>

#include "addr.h"
#include "present.h"

struct nlattr;
struct nlmsghdr;

/* Longer algorithm names are cut (the kernel's limit is 128 with NUL). */
#define IPL_ALG_LEN	128

/* Quality of protection; a field is valid only if its bit is set. */
struct ipl_qop {
	uint32_t present;	/* 1 << IPSEC_LATCH_QOP_A_* */
	uint64_t xfrm_proto;	/* IPPROTO_ESP, IPPROTO_AH */
	uint64_t mode;		/* XFRM_MODE_* */
	uint64_t reqid;
	struct ipl_addr peer;
	char enc_alg[IPL_ALG_LEN];
	uint64_t enc_bits;
	char auth_alg[IPL_ALG_LEN];
	uint64_t auth_bits;
	char aead_alg[IPL_ALG_LEN];
	uint64_t aead_bits;
	uint64_t icv_bits;
	uint64_t spi_in;
	uint64_t spi_out;
};

_Static_assert(IPSEC_LATCH_QOP_A_MAX < 32, "ipl_qop.present is 32 bits");

static inline bool ipl_qop_has(const struct ipl_qop *q, unsigned int type)
{
	return ipl_has(q->present, type);
}

/* A latch; a field is valid only if its bit is set (ipl_latch_has()). */
struct ipl_latch {
	uint32_t present;	/* 1 << IPSEC_LATCH_LATCH_A_* */
	uint64_t family;	/* AF_INET, AF_INET6 */
	uint64_t proto;		/* IPPROTO_TCP, IPPROTO_UDP */
	struct ipl_addr local;
	uint64_t lport;
	struct ipl_addr remote;
	uint64_t rport;
	uint64_t state;		/* enum ipsec_latch_state */
	uint64_t action;	/* enum ipsec_latch_action */
	uint64_t template_id;	/* 0: transparent mode */
	char peer_id[IPSEC_LATCH_ID_MAX_LEN + 1];
	uint64_t id_source;	/* enum ipsec_latch_id_source */
	struct ipl_qop qop;
	uint64_t age_ms;
	uint64_t idle_ms;
	uint64_t packets_in;
	uint64_t packets_out;
	uint64_t drops_in;
	uint64_t drops_out;
	uint64_t broken;
	uint64_t memory;
	uint64_t decision;	/* enum ipsec_latch_decision */
	/* LATCH_A_BYPASS_SPD: a flag, its present bit */
};

_Static_assert(IPSEC_LATCH_LATCH_A_MAX < 32, "ipl_latch.present is 32 bits");

static inline bool ipl_latch_has(const struct ipl_latch *l, unsigned int type)
{
	return ipl_has(l->present, type);
}

/* A LATCH_EVENT notification. */
struct ipl_latch_event {
	bool has_event;
	uint64_t event;		/* enum ipsec_latch_event */
	bool has_latch;
	struct ipl_latch latch;
};

/*
 * What GET_LATCHES should show: each selector whose bit is set in
 * ->present must match (peer_id as a substring of the peer identity).
 */
struct ipl_latch_filter {
	uint32_t present;	/* 1 << IPSEC_LATCH_LATCH_A_* */
	uint8_t family;		/* set with the addresses */
	uint8_t proto;
	struct ipl_addr local;
	uint16_t lport;
	struct ipl_addr remote;
	uint16_t rport;
	uint8_t state;
	const char *peer_id;
};

static inline bool ipl_filter_has(const struct ipl_latch_filter *f,
				  unsigned int type)
{
	return ipl_has(f->present, type);
}

static inline void ipl_filter_set(struct ipl_latch_filter *f,
				  unsigned int type)
{
	ipl_set(&f->present, type);
}

/* A filter for exactly one flow (both addresses of one family). */
static inline void ipl_latch_filter_flow(struct ipl_latch_filter *f,
					 uint8_t proto,
					 const struct ipl_addr *local,
					 uint16_t lport,
					 const struct ipl_addr *remote,
					 uint16_t rport)
{
	f->present = 1u << IPSEC_LATCH_LATCH_A_FAMILY |
		     1u << IPSEC_LATCH_LATCH_A_PROTO |
		     1u << IPSEC_LATCH_LATCH_A_LOCAL_ADDR |
		     1u << IPSEC_LATCH_LATCH_A_LOCAL_PORT |
		     1u << IPSEC_LATCH_LATCH_A_REMOTE_ADDR |
		     1u << IPSEC_LATCH_LATCH_A_REMOTE_PORT;
	f->family = local->family;
	f->proto = proto;
	f->local = *local;
	f->lport = lport;
	f->remote = *remote;
	f->rport = rport;
	f->state = 0;
	f->peer_id = NULL;
}

/*
 * Parse an IPSEC_LATCH_A_LATCH nest into *l (zeroed first). Unknown and
 * PAD attributes are ignored (in the QoP nest too), and so are values of
 * a size this tool cannot read. Strings are cut to fit. Returns 0, or -1
 * with errno EBADMSG if a nest is malformed.
 */
int ipl_latch_parse(const struct nlattr *nest, struct ipl_latch *l);

/* A GET_LATCHES dump message: A_LATCH required. */
int ipl_latch_msg_parse(const struct nlmsghdr *nlh, struct ipl_latch *l);

/*
 * A LATCH_EVENT message into *ev (zeroed first). Unknown top-level
 * attributes are ignored. Returns 0, or -1 with errno EBADMSG.
 */
int ipl_latch_event_parse(const struct nlmsghdr *nlh,
			  struct ipl_latch_event *ev);

/*
 * Append an A_FILTER nest with f's selectors to nlh in a buffer of size
 * bytes; nothing if f selects nothing. Returns 0, or -1 if it does not
 * fit.
 */
int ipl_latch_filter_put(struct nlmsghdr *nlh, size_t size,
			 const struct ipl_latch_filter *f);

/*
 * Whether l matches every selector of f, as the kernel should have
 * checked already (a module that ignores A_FILTER shows everything). A
 * selected attribute that l lacks does not match.
 */
bool ipl_latch_matches(const struct ipl_latch *l,
		       const struct ipl_latch_filter *f);

/*
 * "latch list": one line per latch,
 *	PROTO LOCAL -> REMOTE STATE ACTION [(DECISION)] [bypass-spd]
 *	[peer "ID" (SOURCE)] [QOP]
 *	[template N | transparent] [age A] [idle I] [pkts in/out X/Y]
 *	[drops in/out X/Y] [broken N] [mem NB]
 * QOP := XPROTO MODE [enc ALG/BITS] [auth ALG/BITS] [aead ALG/BITS]
 *	[icv BITS] [reqid N] [peer-addr ADDR] [spi in 0xX] [out 0xX]
 * IPv6 endpoints are [ADDR]:PORT; absent positional values "-", absent
 * bracketed parts left out. JSON: an array of n objects, absent members
 * left out (docs/json.md).
 */
int ipl_latch_print(FILE *f, bool json, const struct ipl_latch *v, size_t n);

/*
 * "monitor", a latch event (ts: when it came, NULL: not shown):
 *	[Timestamp: DATE USEC usec]
 *	latch EVENT PROTO LOCAL -> REMOTE [peer "ID" (SOURCE)] [QOP]
 *	[ACTION] [(DECISION)] [bypass-spd] [template N | transparent]
 * DECISION none is left out, here and everywhere. JSON:
 * {"schema":1,"event":"broken","latch":{...}}.
 */
int ipl_latch_event_print(FILE *f, bool json, const struct timespec *ts,
			  const struct ipl_latch_event *ev);

/*
 * "who": the flow, then who the peer is, the state and the protection:
 *	PROTO LOCAL -> REMOTE
 *	  peer "ID" (IKE identity | derived: peer address + reqid)
 *	  state STATE, ACTION [(DECISION)], [bypass-spd, ]
 *	  template N | transparent
 *	  qop QOP
 * JSON: the latch as one object, as in "latch list -j", with "schema".
 */
int ipl_latch_print_who(FILE *f, bool json, const struct ipl_latch *l);

/*
 * Of n latches of one flow, the one "who" reports: the first that is not
 * CLOSED, else the first. NULL if n is 0.
 */
const struct ipl_latch *ipl_latch_pick(const struct ipl_latch *v, size_t n);

#endif /* IPL_LATCH_H */
