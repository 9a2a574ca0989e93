/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: the kernel's security policy database (SPD), as far as
 * a BYPASS-OR-PROTECT template needs it.
 *
 * A responder can latch a flow in the clear (BYPASS) only if the clear
 * first packet of the flow gets past the kernel's inbound policy check:
 * no inbound policy covers it, or the policy that does admits clear
 * packets (ALLOW with every template optional, "level use", or ALLOW
 * without templates). A covering policy that requires IPsec (or blocks)
 * makes the kernel drop the clear packet before the module sees it, so
 * such flows can only ever be protected. The check warns about that.
 *
 * A flow that falls back gets BYPASS entries of priority 0 (the best); an
 * older outbound IPsec policy of priority 0 for it wins that tie, and the
 * flow cannot leave clear. The check warns about that too, for listener
 * and connector templates alike.
 *
 * spd.c: XFRM_MSG_NEWPOLICY and XFRM_MSG_GETDEFAULT messages parsed, and
 * the check itself (pure); spd_print.c: its findings as text or JSON;
 * spd_fetch.c: the SPD of the current netns read over NETLINK_XFRM.
 */
#ifndef IPL_SPD_H
#define IPL_SPD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "addr.h"

struct nlmsghdr;
struct ipl_tmpl;

/* A policy of the SPD, as far as the check needs it. */
struct ipl_spd_policy {
	uint8_t dir;		/* XFRM_POLICY_IN, _OUT, _FWD (+ socket) */
	uint8_t action;		/* XFRM_POLICY_ALLOW, _BLOCK */
	uint32_t priority;	/* lower wins */
	uint32_t index;
	/* the selector; ports and masks in host order */
	uint16_t family;	/* AF_INET, AF_INET6 */
	struct ipl_addr daddr;
	struct ipl_addr saddr;
	uint8_t plen_d;
	uint8_t plen_s;
	uint8_t proto;		/* 0: any */
	uint16_t dport;
	uint16_t dport_mask;	/* 0: any */
	uint16_t sport;
	uint16_t sport_mask;
	int ifindex;		/* 0: any */
	/* its templates (XFRMA_TMPL) */
	unsigned int n_tmpl;
	bool all_optional;	/* every one optional ("level use"); or none */
	uint32_t if_id;		/* XFRMA_IF_ID: only for xfrm interfaces */
};

struct ipl_spd {
	struct ipl_spd_policy *v;	/* every direction, as dumped */
	size_t n;
	bool has_default;	/* the kernel told its default actions */
	uint8_t default_in;	/* XFRM_USERPOLICY_* */
};

/*
 * Parse an XFRM_MSG_NEWPOLICY message (a policy dump's) into *p (zeroed
 * first). Unknown attributes are ignored. Returns 0, or -1 with errno
 * EBADMSG if it is malformed.
 */
int ipl_spd_policy_parse(const struct nlmsghdr *nlh, struct ipl_spd_policy *p);

/* An XFRM_MSG_GETDEFAULT reply into spd's default; 0, or -1 EBADMSG. */
int ipl_spd_default_parse(const struct nlmsghdr *nlh, struct ipl_spd *spd);

/* What policy p does to the clear first packets of template t's flows. */
enum ipl_spd_verdict {
	IPL_SPD_NONE,		/* covers none of those flows */
	IPL_SPD_ADMITS,		/* covers some of them, lets clear ones in */
	IPL_SPD_REQUIRES,	/* covers some of them, requires IPsec */
	IPL_SPD_BLOCKS,		/* covers some of them, drops all packets */
	IPL_SPD_TIES,		/* outbound, priority 0, IPsec or block for
				 * some of them: wins the tie with the
				 * module's BYPASS entries
				 */
};

/*
 * p covers t's flows if it is an inbound policy for packets of t's
 * family and protocol (or any), to t's local port (by its dport mask)
 * and t's local address (by its prefix; a template without one: any
 * address counts), from any peer (its source does not matter: any peer
 * may connect to a listener). Policies of an xfrm interface (if_id) do
 * not see packets that arrive in the clear: they cover nothing.
 */
enum ipl_spd_verdict ipl_spd_verdict(const struct ipl_spd_policy *p,
				     const struct ipl_tmpl *t);

/*
 * Something that makes the kernel drop clear first packets of t's flows,
 * or keeps a flow that fell back from leaving clear.
 */
struct ipl_spd_finding {
	enum ipl_spd_verdict why;	/* REQUIRES, BLOCKS, TIES; NONE: default */
	const struct ipl_spd_policy *policy;	/* NULL: the default */
};

/*
 * Check template t against spd: a finding for each outbound policy that
 * TIES (any template), and, for a listener, for each covering policy that
 * refuses clear packets (REQUIRES or BLOCKS), unless a covering policy
 * that admits them has a strictly better (lower) priority and covers, of
 * t's flows, all that the refusing one does (its prefixes the same or
 * wider, its masks the same or looser, any interface or the same one).
 * And one (policy NULL) if the default inbound action is BLOCK and no
 * covering policy admits clear packets of new flows (a policy for one
 * 5-tuple, like the module's BYPASS entry for a flow latched in the
 * clear, admits none). Writes at most max findings
 * (spd->n + 1 is enough) to out; returns how many it wrote.
 */
size_t ipl_spd_check(const struct ipl_spd *spd, const struct ipl_tmpl *t,
		     struct ipl_spd_finding *out, size_t max);

/* Whether the check is for template t: any BYPASS-OR-PROTECT template. */
bool ipl_spd_wants_check(const struct ipl_tmpl *t);

/* Longest text of a finding, NUL included. */
#define IPL_SPD_TEXT_LEN	640

/*
 * The selector as ip-xfrm(8) writes it: "src ADDR/PLEN dst ADDR/PLEN
 * [proto P] [sport N [mask 0xM]] [dport N [mask 0xM]] [ifindex N]".
 */
const char *ipl_spd_selector_str(const struct ipl_spd_policy *p, char *buf,
				 size_t len);

/*
 * A finding as one sentence for the user: which policy, what it does and
 * what to do, e.g. "inbound policy src 0.0.0.0/0 dst 192.0.2.2/32 proto
 * tcp dport 2049 (priority 1000) requires IPsec: ...". buf:
 * IPL_SPD_TEXT_LEN bytes. Returns buf.
 */
const char *ipl_spd_finding_text(const struct ipl_spd_finding *fd, char *buf);

/* The check of one template, as "template check" prints it. */
struct ipl_spd_result {
	uint32_t id;			/* the template's */
	const struct ipl_spd_finding *v;
	size_t n;			/* 0: ok */
};

/*
 * "template check": text "template ID: ok", or "template ID: TEXT" per
 * finding, for each of the n results; JSON an array of {"id":ID,
 * "ok":BOOL,"warnings":[TEXT,...]}, one per result.
 */
int ipl_spd_print(FILE *f, bool json, const struct ipl_spd_result *v,
		  size_t n);

/* Its exit status: IPL_EXIT_WARNINGS if any finding, else IPL_EXIT_OK. */
int ipl_spd_check_exit(const struct ipl_spd_result *v, size_t n);

/*
 * Read the SPD of the current network namespace: every policy (a
 * XFRM_MSG_GETPOLICY dump) and the default actions (XFRM_MSG_GETDEFAULT;
 * a kernel without them, before Linux 5.16, lets everything in by
 * default). Needs CAP_NET_ADMIN. Returns 0 (free spd->v when done), or -1
 * with why it failed in why (len bytes); nothing reported.
 */
int ipl_spd_fetch(struct ipl_spd *spd, char *why, size_t len);

#endif /* IPL_SPD_H */
