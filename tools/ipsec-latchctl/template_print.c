// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: render templates, a text table or JSON by the same code
 * (print.h).
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/socket.h>

#include "print.h"
#include "template.h"
#include "util.h"

#define ANY	"*"	/* an open port or remote address: anything */

/* The table's columns: one per field with text, in the order of those. */
static const char *const col_names[] = {
	"id", "kind", "proto", "local", "lport", "remote", "rport", "action",
	"fallback", "flows", "protected", "bypassed", "refused", "failed",
};

static bool is_kind(const struct ipl_tmpl *t, uint64_t kind)
{
	return ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_KIND) && t->kind == kind;
}

/*
 * A template without a local address matches any: shown as the family's
 * any address, like ss(8) does (either kind, when the family is known).
 */
static const char *absent_local(const struct ipl_tmpl *t)
{
	uint64_t family;

	if (!(is_kind(t, IPSEC_LATCH_TMPL_LISTENER) ||
	      is_kind(t, IPSEC_LATCH_TMPL_CONNECTOR)) ||
	    !ipl_family_of(t->present, IPSEC_LATCH_TMPL_A_FAMILY, t->family,
			   &t->local, &t->remote, &family))
		return IPL_NONE;
	return family == AF_INET6 ? "::" : family == AF_INET ? "0.0.0.0" : ANY;
}

/* A listener matches any remote end. */
static const char *absent_remote(const struct ipl_tmpl *t)
{
	return is_kind(t, IPSEC_LATCH_TMPL_LISTENER) ? ANY : IPL_NONE;
}

/* "3000ms", or "-"; buf IPL_VAL_LEN bytes */
static const char *fallback_text(const struct ipl_tmpl *t, char *buf)
{
	if (!ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_FALLBACK_MS))
		return IPL_NONE;
	snprintf(buf, IPL_VAL_LEN, "%" PRIu64 "ms", t->fallback_ms);
	return buf;
}

/* Every member; absent ones null in JSON. */
static void tmpl_out(const struct ipl_out *o, const void *elem)
{
	const struct ipl_tmpl *t = elem;
	char buf[IPL_VAL_LEN];

#define HAS(attr)	ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_##attr)
	ipl_out_u64(o, "id", "%s", HAS(ID), t->id, IPL_NONE);
	ipl_out_label(o, "kind", "%s", HAS(KIND), t->kind,
		      ipl_tmpl_kind_label, IPL_NONE);
	ipl_out_family(o, t->present, IPSEC_LATCH_TMPL_A_FAMILY, t->family,
		       &t->local, &t->remote);
	ipl_out_label(o, "proto", "%s", HAS(PROTO), t->proto,
		      ipl_l4proto_label, IPL_NONE);
	ipl_out_addr(o, "local", "%s", HAS(LOCAL_ADDR), &t->local,
		     absent_local(t));
	/* a listener needs its port; a connector may leave it open */
	ipl_out_u64(o, "lport", "%s", HAS(LOCAL_PORT), t->lport,
		    is_kind(t, IPSEC_LATCH_TMPL_CONNECTOR) ? ANY : IPL_NONE);
	ipl_out_addr(o, "remote", "%s", HAS(REMOTE_ADDR), &t->remote,
		     absent_remote(t));
	ipl_out_u64(o, "rport", "%s", HAS(REMOTE_PORT), t->rport,
		    absent_remote(t));
	ipl_out_label(o, "action", "%s", HAS(ACTION), t->action,
		      ipl_action_label, IPL_NONE);
	ipl_out_u64_as(o, "fallback_ms", HAS(FALLBACK_MS), t->fallback_ms,
		       "%s", fallback_text(t, buf));
	ipl_out_u64(o, "flows", "%s", HAS(FLOWS), t->flows, IPL_NONE);
	ipl_out_u64(o, "protected", "%s", HAS(PROTECTED), t->protected,
		    IPL_NONE);
	ipl_out_u64(o, "bypassed", "%s", HAS(BYPASSED), t->bypassed,
		    IPL_NONE);
	ipl_out_u64(o, "refused", "%s", HAS(REFUSED), t->refused, IPL_NONE);
	ipl_out_u64(o, "failed", "%s", HAS(FAILED), t->failed, IPL_NONE);
#undef HAS
}

int ipl_tmpl_print(FILE *f, bool json, const struct ipl_tmpl *v, size_t n)
{
	static const struct ipl_table table = {
		col_names, ARRAY_SIZE(col_names)
	};

	return ipl_out_list(f, json, v, n, sizeof(*v), tmpl_out, &table);
}

/* "template 7 added" or "template 7 exists"; {"id":7,"added":true} */
static void added_out(const struct ipl_out *o, const void *elem)
{
	const struct ipl_tmpl_result *r = elem;

	ipl_out_u64(o, "id", "template %s", true, r->id, NULL);
	ipl_out_flag(o, "added", NULL, true, r->added);
	ipl_out_text(o, r->added ? " added\n" : " exists\n");
}

int ipl_tmpl_print_added(FILE *f, const struct ipl_tmpl_result *v, size_t n,
			 bool json)
{
	struct ipl_doc d;

	if (!n)
		return 0;
	if (!json || n > 1)
		return ipl_out_list(f, json, v, n, sizeof(*v), added_out, NULL);
	added_out(ipl_doc_start(&d, f, json, false), v);
	return ipl_doc_end(&d);
}

const char *ipl_tmpl_args(const struct ipl_tmpl *t, char *buf, size_t len)
{
	char label[IPL_LABEL_LEN], addr[INET6_ADDRSTRLEN];
	size_t n = 0;

#define HAS(attr)	ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_##attr)
	buf[0] = '\0';
	ipl_append(buf, len, &n, "%s",
		   ipl_tmpl_kind_label(t->kind, label, sizeof(label)));
	if (HAS(PROTO))
		ipl_append(buf, len, &n, " proto %s",
			   ipl_l4proto_label(t->proto, label, sizeof(label)));
	if (HAS(LOCAL_ADDR) && ipl_addr_str(&t->local, addr, sizeof(addr)))
		ipl_append(buf, len, &n, " local %s", addr);
	if (HAS(LOCAL_PORT))
		ipl_append(buf, len, &n, " lport %" PRIu64, t->lport);
	if (HAS(REMOTE_ADDR) && ipl_addr_str(&t->remote, addr, sizeof(addr)))
		ipl_append(buf, len, &n, " remote %s", addr);
	if (HAS(REMOTE_PORT))
		ipl_append(buf, len, &n, " rport %" PRIu64, t->rport);
	if (HAS(ACTION))
		ipl_append(buf, len, &n, " action %s",
			   ipl_action_label(t->action, label, sizeof(label)));
	if (HAS(FALLBACK_MS))
		ipl_append(buf, len, &n, " fallback %" PRIu64, t->fallback_ms);
#undef HAS
	return buf;
}
