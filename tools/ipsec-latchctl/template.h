/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: latch templates (an IPSEC_LATCH_A_TEMPLATE nest of enum
 * ipsec_latch_tmpl_attr): built into TEMPLATE_ADD/DEL requests, parsed
 * from TEMPLATE_ADD replies and GET_TEMPLATES dumps, and rendered.
 */
#ifndef IPL_TEMPLATE_H
#define IPL_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/ipsec_latch.h>

#include "addr.h"
#include "present.h"

struct nlattr;
struct nlmsghdr;

/*
 * A template as the command line gives it or the kernel reports it. Every
 * attribute is optional: a field is valid only if its bit is set in
 * ->present (see ipl_tmpl_has()).
 */
struct ipl_tmpl {
	uint32_t present;	/* 1 << IPSEC_LATCH_TMPL_A_* */
	uint64_t id;
	uint64_t kind;		/* enum ipsec_latch_tmpl_kind */
	uint64_t family;	/* AF_INET, AF_INET6 */
	uint64_t proto;		/* IPPROTO_TCP, IPPROTO_UDP */
	struct ipl_addr local;
	uint64_t lport;
	struct ipl_addr remote;
	uint64_t rport;
	uint64_t action;	/* enum ipsec_latch_action */
	uint64_t fallback_ms;
	uint64_t flows;
	uint64_t protected;
	uint64_t bypassed;
	uint64_t refused;
	uint64_t failed;
};

_Static_assert(IPSEC_LATCH_TMPL_A_MAX < 32, "ipl_tmpl.present is 32 bits");

static inline bool ipl_tmpl_has(const struct ipl_tmpl *t, unsigned int type)
{
	return ipl_has(t->present, type);
}

static inline void ipl_tmpl_set(struct ipl_tmpl *t, unsigned int type)
{
	ipl_set(&t->present, type);
}

/*
 * Parse an IPSEC_LATCH_A_TEMPLATE nest into *t (zeroed first). Unknown
 * and PAD attributes are ignored, and so are values of a size this tool
 * cannot read. Returns 0, or -1 with errno EBADMSG if the nest is
 * malformed.
 */
int ipl_tmpl_parse(const struct nlattr *nest, struct ipl_tmpl *t);

/* A TEMPLATE_ADD reply or GET_TEMPLATES dump message: A_TEMPLATE required. */
int ipl_tmpl_msg_parse(const struct nlmsghdr *nlh, struct ipl_tmpl *t);

/*
 * Append an A_TEMPLATE nest with the request attributes of t that are
 * present (ID, KIND, FAMILY, PROTO, addresses, ports, ACTION, FALLBACK_MS;
 * the counters never) to nlh in a buffer of size bytes. Returns 0, or -1
 * if it does not fit.
 */
int ipl_tmpl_put(struct nlmsghdr *nlh, size_t size, const struct ipl_tmpl *t);

/* How a template on the command line compares with one in the kernel. */
enum ipl_tmpl_cmp {
	IPL_TMPL_OTHER,		/* another selector */
	IPL_TMPL_SAME,		/* identical: same selector, action, fallback */
	IPL_TMPL_CONFLICT,	/* same selector, other action or fallback */
};

/*
 * Compare want (as the command line gave it, with its family) with have
 * (as the kernel reports it). The selector is the kind, family, proto,
 * local address and port (or any), remote address and port; an action
 * absent is protect, a fallback absent the module's default.
 */
enum ipl_tmpl_cmp ipl_tmpl_compare(const struct ipl_tmpl *want,
				   const struct ipl_tmpl *have);

/*
 * The first of the n templates v, from index *i on, that has want's
 * selector: how it compares, *i its index. IPL_TMPL_OTHER (*i n) if there
 * is none.
 */
enum ipl_tmpl_cmp ipl_tmpl_find(const struct ipl_tmpl *want,
				const struct ipl_tmpl *v, size_t n,
				size_t *i);

/* A listener on any address stands for one template per family. */
#define IPL_TMPL_FAMILIES	2

/*
 * The templates t (as the command line gave it) stands for, into out: t
 * itself if it has a family, else one per family, AF_INET then AF_INET6.
 * Returns how many.
 */
size_t ipl_tmpl_per_family(const struct ipl_tmpl *t,
			   struct ipl_tmpl out[IPL_TMPL_FAMILIES]);

/*
 * The TEMPLATE_ADD request that makes have (as GET_TEMPLATES reports it)
 * again: its kind, family, proto, addresses, ports, action and fallback;
 * neither its ID nor its counters.
 */
void ipl_tmpl_request(const struct ipl_tmpl *have, struct ipl_tmpl *req);

/*
 * The arguments of "template add" that ask for t, after the verb:
 * "listener proto tcp lport 22 action protect", for a message that says
 * how to add it again; cut to fit buf (len bytes). Returns buf.
 */
const char *ipl_tmpl_args(const struct ipl_tmpl *t, char *buf, size_t len);

/* What "template add" or "replace" did about one template asked for. */
struct ipl_tmpl_result {
	uint32_t id;
	bool added;		/* else: it was there, identical */
};

/*
 * "template list": text a table with a header line, columns
 *	id kind proto local lport remote rport action fallback flows
 *	protected bypassed refused failed
 * a local address a template leaves open as the family's any address, an
 * open port or remote address as "*", other absent values as "-";
 * nothing at all if n is 0. JSON: an array of n objects (docs/json.md).
 */
int ipl_tmpl_print(FILE *f, bool json, const struct ipl_tmpl *v, size_t n);

/*
 * "template add" and "replace": per template, "template ID added" or, if
 * it was there already, "template ID exists"; with json
 * {"schema":1,"id":ID,"added":BOOL}, or [{"id":ID,"added":BOOL},...] if
 * n is more than 1 (docs/json.md); nothing if n is 0.
 */
int ipl_tmpl_print_added(FILE *f, const struct ipl_tmpl_result *v, size_t n,
			 bool json);

#endif /* IPL_TEMPLATE_H */
