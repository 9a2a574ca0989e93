// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: build template requests, parse template replies.
 */
#include <string.h>
#include <sys/socket.h>

#include "attr.h"
#include "nest.h"
#include "template.h"

#define TMPL_UINT(m)	IPL_UINT(struct ipl_tmpl, m)
#define TMPL_ADDR(m)	IPL_ADDR(struct ipl_tmpl, m)

static const struct ipl_field tmpl_fields[] = {
	[IPSEC_LATCH_TMPL_A_ID]			= TMPL_UINT(id),
	[IPSEC_LATCH_TMPL_A_KIND]		= TMPL_UINT(kind),
	[IPSEC_LATCH_TMPL_A_FAMILY]		= TMPL_UINT(family),
	[IPSEC_LATCH_TMPL_A_PROTO]		= TMPL_UINT(proto),
	[IPSEC_LATCH_TMPL_A_LOCAL_ADDR]		= TMPL_ADDR(local),
	[IPSEC_LATCH_TMPL_A_LOCAL_PORT]		= TMPL_UINT(lport),
	[IPSEC_LATCH_TMPL_A_REMOTE_ADDR]	= TMPL_ADDR(remote),
	[IPSEC_LATCH_TMPL_A_REMOTE_PORT]	= TMPL_UINT(rport),
	[IPSEC_LATCH_TMPL_A_ACTION]		= TMPL_UINT(action),
	[IPSEC_LATCH_TMPL_A_FALLBACK_MS]	= TMPL_UINT(fallback_ms),
	[IPSEC_LATCH_TMPL_A_FLOWS]		= TMPL_UINT(flows),
	[IPSEC_LATCH_TMPL_A_PROTECTED]		= TMPL_UINT(protected),
	[IPSEC_LATCH_TMPL_A_BYPASSED]		= TMPL_UINT(bypassed),
	[IPSEC_LATCH_TMPL_A_REFUSED]		= TMPL_UINT(refused),
	[IPSEC_LATCH_TMPL_A_FAILED]		= TMPL_UINT(failed),
};

static const struct ipl_nest tmpl_nest = IPL_NEST_OF(struct ipl_tmpl,
						     tmpl_fields);

int ipl_tmpl_parse(const struct nlattr *nest, struct ipl_tmpl *t)
{
	return ipl_nest_parse(nest, &tmpl_nest, t);
}

int ipl_tmpl_msg_parse(const struct nlmsghdr *nlh, struct ipl_tmpl *t)
{
	return ipl_nest_msg_parse(nlh, IPSEC_LATCH_A_TEMPLATE, &tmpl_nest, t);
}

/* The request attributes, never the counters. */
static bool tmpl_attrs(const struct ipl_attr_opt *o, const void *obj)
{
	const struct ipl_tmpl *t = obj;

	return ipl_attr_opt_u32(o, IPSEC_LATCH_TMPL_A_ID, t->id) &&
	       ipl_attr_opt_u8(o, IPSEC_LATCH_TMPL_A_KIND, t->kind) &&
	       ipl_attr_opt_u8(o, IPSEC_LATCH_TMPL_A_FAMILY, t->family) &&
	       ipl_attr_opt_u8(o, IPSEC_LATCH_TMPL_A_PROTO, t->proto) &&
	       ipl_attr_opt_addr(o, IPSEC_LATCH_TMPL_A_LOCAL_ADDR, &t->local) &&
	       ipl_attr_opt_u16(o, IPSEC_LATCH_TMPL_A_LOCAL_PORT, t->lport) &&
	       ipl_attr_opt_addr(o, IPSEC_LATCH_TMPL_A_REMOTE_ADDR,
				 &t->remote) &&
	       ipl_attr_opt_u16(o, IPSEC_LATCH_TMPL_A_REMOTE_PORT, t->rport) &&
	       ipl_attr_opt_u8(o, IPSEC_LATCH_TMPL_A_ACTION, t->action) &&
	       ipl_attr_opt_u32(o, IPSEC_LATCH_TMPL_A_FALLBACK_MS,
				t->fallback_ms);
}

int ipl_tmpl_put(struct nlmsghdr *nlh, size_t size, const struct ipl_tmpl *t)
{
	return ipl_attr_opt_nest(nlh, size, IPSEC_LATCH_A_TEMPLATE, t->present,
				 tmpl_attrs, t);
}

/* Both absent, or both present and equal. */
static bool same_num(const struct ipl_tmpl *a, const struct ipl_tmpl *b,
		     unsigned int type, uint64_t x, uint64_t y)
{
	bool has = ipl_tmpl_has(a, type);

	return has == ipl_tmpl_has(b, type) && (!has || x == y);
}

static bool same_addr(const struct ipl_tmpl *a, const struct ipl_tmpl *b,
		      unsigned int type, const struct ipl_addr *x,
		      const struct ipl_addr *y)
{
	bool has = ipl_tmpl_has(a, type);

	return has == ipl_tmpl_has(b, type) &&
	       (!has || (x->family == y->family && x->len == y->len &&
			 !memcmp(x->bytes, y->bytes, x->len)));
}

/* The family: the attribute, else what the addresses say (0: none). */
static uint64_t family_of(const struct ipl_tmpl *t)
{
	if (ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_FAMILY))
		return t->family;
	return t->local.family ? t->local.family : t->remote.family;
}

/* As the module takes a request without them. */
static uint64_t action_of(const struct ipl_tmpl *t)
{
	return ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_ACTION) ?
	       t->action : IPSEC_LATCH_ACTION_PROTECT;
}

/* Only BYPASS_OR_PROTECT falls back: 0 for the others. */
static uint64_t fallback_of(const struct ipl_tmpl *t)
{
	if (action_of(t) != IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT)
		return 0;
	return ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_FALLBACK_MS) ?
	       t->fallback_ms : IPSEC_LATCH_FALLBACK_MS_DEFAULT;
}

/* The module's own test of "the same template exists already". */
static bool same_selector(const struct ipl_tmpl *a, const struct ipl_tmpl *b)
{
	return same_num(a, b, IPSEC_LATCH_TMPL_A_KIND, a->kind, b->kind) &&
	       family_of(a) == family_of(b) &&
	       same_num(a, b, IPSEC_LATCH_TMPL_A_PROTO, a->proto, b->proto) &&
	       same_addr(a, b, IPSEC_LATCH_TMPL_A_LOCAL_ADDR, &a->local,
			 &b->local) &&
	       same_num(a, b, IPSEC_LATCH_TMPL_A_LOCAL_PORT, a->lport,
			b->lport) &&
	       same_addr(a, b, IPSEC_LATCH_TMPL_A_REMOTE_ADDR, &a->remote,
			 &b->remote) &&
	       same_num(a, b, IPSEC_LATCH_TMPL_A_REMOTE_PORT, a->rport,
			b->rport);
}

enum ipl_tmpl_cmp ipl_tmpl_compare(const struct ipl_tmpl *want,
				   const struct ipl_tmpl *have)
{
	if (!same_selector(want, have))
		return IPL_TMPL_OTHER;
	if (action_of(want) != action_of(have) ||
	    fallback_of(want) != fallback_of(have))
		return IPL_TMPL_CONFLICT;
	return IPL_TMPL_SAME;
}

enum ipl_tmpl_cmp ipl_tmpl_find(const struct ipl_tmpl *want,
				const struct ipl_tmpl *v, size_t n,
				size_t *i)
{
	enum ipl_tmpl_cmp cmp;

	for (; *i < n; ++*i) {
		cmp = ipl_tmpl_compare(want, &v[*i]);
		if (cmp != IPL_TMPL_OTHER)
			return cmp;
	}
	return IPL_TMPL_OTHER;
}

size_t ipl_tmpl_per_family(const struct ipl_tmpl *t,
			   struct ipl_tmpl out[IPL_TMPL_FAMILIES])
{
	static const uint8_t families[IPL_TMPL_FAMILIES] = {
		AF_INET, AF_INET6
	};
	size_t i;

	if (ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_FAMILY)) {
		out[0] = *t;
		return 1;
	}
	for (i = 0; i < IPL_TMPL_FAMILIES; i++) {
		out[i] = *t;
		out[i].family = families[i];
		ipl_tmpl_set(&out[i], IPSEC_LATCH_TMPL_A_FAMILY);
	}
	return i;
}

/* What a TEMPLATE_ADD request says: the selector, action and fallback. */
#define REQUEST_ATTRS	(1u << IPSEC_LATCH_TMPL_A_KIND |		\
			 1u << IPSEC_LATCH_TMPL_A_FAMILY |		\
			 1u << IPSEC_LATCH_TMPL_A_PROTO |		\
			 1u << IPSEC_LATCH_TMPL_A_LOCAL_ADDR |		\
			 1u << IPSEC_LATCH_TMPL_A_LOCAL_PORT |		\
			 1u << IPSEC_LATCH_TMPL_A_REMOTE_ADDR |		\
			 1u << IPSEC_LATCH_TMPL_A_REMOTE_PORT |		\
			 1u << IPSEC_LATCH_TMPL_A_ACTION |		\
			 1u << IPSEC_LATCH_TMPL_A_FALLBACK_MS)

void ipl_tmpl_request(const struct ipl_tmpl *have, struct ipl_tmpl *req)
{
	memset(req, 0, sizeof(*req));
	req->present = have->present & REQUEST_ATTRS;
	req->kind = have->kind;
	req->family = have->family;
	req->proto = have->proto;
	req->local = have->local;
	req->lport = have->lport;
	req->remote = have->remote;
	req->rport = have->rport;
	req->action = have->action;
	req->fallback_ms = have->fallback_ms;
}
