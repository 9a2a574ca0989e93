// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: build template requests, parse template replies.
 */
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
