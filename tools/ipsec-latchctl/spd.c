// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: parse SPD messages and check a BYPASS-OR-PROTECT
 * template against the SPD, see spd.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/ipsec_latch.h>
#include <linux/xfrm.h>

#include "print.h"
#include "spd.h"
#include "template.h"

/* The messages may sit anywhere in a buffer: their structs are copied. */
int ipl_spd_policy_parse(const struct nlmsghdr *nlh, struct ipl_spd_policy *p)
{
	struct xfrm_userpolicy_info info;
	const struct xfrm_selector *sel = &info.sel;
	struct xfrm_user_tmpl tmpl;
	const struct nlattr *attr;
	size_t alen, i, len;

	memset(p, 0, sizeof(*p));
	if (nlh->nlmsg_type != XFRM_MSG_NEWPOLICY ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(info))
		goto bad;
	memcpy(&info, mnl_nlmsg_get_payload(nlh), sizeof(info));
	p->dir = info.dir;
	p->action = info.action;
	p->priority = info.priority;
	p->index = info.index;
	p->family = sel->family;
	alen = sel->family == AF_INET ? 4 : sel->family == AF_INET6 ? 16 : 0;
	if (alen) {
		ipl_addr_set(&p->daddr, &sel->daddr, alen);
		ipl_addr_set(&p->saddr, &sel->saddr, alen);
	}
	p->plen_d = sel->prefixlen_d;
	p->plen_s = sel->prefixlen_s;
	p->proto = sel->proto;
	p->dport = ntohs(sel->dport);
	p->dport_mask = ntohs(sel->dport_mask);
	p->sport = ntohs(sel->sport);
	p->sport_mask = ntohs(sel->sport_mask);
	p->ifindex = sel->ifindex;
	p->all_optional = true;

	mnl_attr_for_each(attr, nlh, sizeof(info)) {
		len = mnl_attr_get_payload_len(attr);
		switch (mnl_attr_get_type(attr)) {
		case XFRMA_TMPL:
			if (len % sizeof(tmpl))
				goto bad;
			p->n_tmpl = len / sizeof(tmpl);
			for (i = 0; i < p->n_tmpl; i++) {
				memcpy(&tmpl, (const char *)
				       mnl_attr_get_payload(attr) +
				       i * sizeof(tmpl), sizeof(tmpl));
				if (!tmpl.optional)
					p->all_optional = false;
			}
			break;
		case XFRMA_IF_ID:
			if (len != sizeof(uint32_t))
				goto bad;
			p->if_id = mnl_attr_get_u32(attr);
			break;
		}
	}
	return 0;
bad:
	errno = EBADMSG;
	return -1;
}

int ipl_spd_default_parse(const struct nlmsghdr *nlh, struct ipl_spd *spd)
{
	struct xfrm_userpolicy_default d;

	if (nlh->nlmsg_type != XFRM_MSG_GETDEFAULT ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(d)) {
		errno = EBADMSG;
		return -1;
	}
	memcpy(&d, mnl_nlmsg_get_payload(nlh), sizeof(d));
	spd->has_default = true;
	spd->default_in = d.in;
	return 0;
}

bool ipl_spd_wants_check(const struct ipl_tmpl *t)
{
	return ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_KIND) &&
	       ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_ACTION) &&
	       t->action == IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT;
}

static bool is_listener(const struct ipl_tmpl *t)
{
	return t->kind == IPSEC_LATCH_TMPL_LISTENER;
}

/* Whether the first plen bits of a and of net are the same. */
static bool in_prefix(const struct ipl_addr *a, const struct ipl_addr *net,
		      unsigned int plen)
{
	unsigned int bytes = plen / 8, bits = plen % 8;
	uint8_t mask = 0xff << (8 - bits);

	if (a->len != net->len || plen > 8u * a->len)
		return false;
	if (memcmp(a->bytes, net->bytes, bytes))
		return false;
	return !bits || !((a->bytes[bytes] ^ net->bytes[bytes]) & mask);
}

/* Prefix a/alen holds all of prefix b/blen. */
static bool prefix_holds(const struct ipl_addr *a, unsigned int alen,
			 const struct ipl_addr *b, unsigned int blen)
{
	return alen <= blen && in_prefix(b, a, alen);
}

/* Masked value a/amask holds all that b/bmask matches. */
static bool mask_holds(uint16_t a, uint16_t amask, uint16_t b, uint16_t bmask)
{
	return !(amask & ~bmask) && !((a ^ b) & amask);
}

/*
 * A policy for one 5-tuple only, like the module's own BYPASS entry for a
 * flow latched in the clear: it lets no new flow in.
 */
static bool one_flow(const struct ipl_spd_policy *p)
{
	return p->daddr.len && p->plen_d == 8 * p->daddr.len &&
	       p->saddr.len && p->plen_s == 8 * p->saddr.len && p->proto &&
	       p->dport_mask == 0xffff && p->sport_mask == 0xffff;
}

static bool admits_clear(const struct ipl_spd_policy *p)
{
	return p->action == XFRM_POLICY_ALLOW &&
	       (!p->n_tmpl || p->all_optional);
}

/* One end of t's flows (local or remote) against one side of p's selector. */
static bool end_matches(const struct ipl_tmpl *t, unsigned int addr_attr,
			const struct ipl_addr *addr, unsigned int port_attr,
			uint64_t port, const struct ipl_addr *p_addr,
			unsigned int p_plen, uint16_t p_port, uint16_t p_mask)
{
	if (ipl_tmpl_has(t, addr_attr) && !in_prefix(addr, p_addr, p_plen))
		return false;
	return !ipl_tmpl_has(t, port_attr) || !((port ^ p_port) & p_mask);
}

/*
 * A policy that sends some of t's flows to IPsec (or blocks them) with
 * priority 0: the priority of the module's BYPASS entries for a flow that
 * falls back to the clear. Of two policies with the same priority the
 * kernel uses the older, so the flow could not leave clear (outbound) or
 * its clear replies would be dropped (inbound: connectors only; for a
 * listener a required inbound policy is a finding of its own). The local
 * end is t's local address and port, a connector's remote end its remote
 * address and port.
 */
static bool ties_bypass(const struct ipl_spd_policy *p,
			const struct ipl_tmpl *t)
{
	bool out = p->dir == XFRM_POLICY_OUT;
	uint64_t family;

	if ((!out && (p->dir != XFRM_POLICY_IN || is_listener(t))) ||
	    p->if_id || p->priority || admits_clear(p))
		return false;
	if (!ipl_family_of(t->present, IPSEC_LATCH_TMPL_A_FAMILY, t->family,
			   &t->local, NULL, &family) || p->family != family)
		return false;
	if (p->proto && ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_PROTO) &&
	    p->proto != t->proto)
		return false;
	if (!end_matches(t, IPSEC_LATCH_TMPL_A_LOCAL_ADDR, &t->local,
			 IPSEC_LATCH_TMPL_A_LOCAL_PORT, t->lport,
			 out ? &p->saddr : &p->daddr,
			 out ? p->plen_s : p->plen_d,
			 out ? p->sport : p->dport,
			 out ? p->sport_mask : p->dport_mask))
		return false;
	return is_listener(t) ||
	       end_matches(t, IPSEC_LATCH_TMPL_A_REMOTE_ADDR, &t->remote,
			   IPSEC_LATCH_TMPL_A_REMOTE_PORT, t->rport,
			   out ? &p->daddr : &p->saddr,
			   out ? p->plen_d : p->plen_s,
			   out ? p->dport : p->sport,
			   out ? p->dport_mask : p->sport_mask);
}

enum ipl_spd_verdict ipl_spd_verdict(const struct ipl_spd_policy *p,
				     const struct ipl_tmpl *t)
{
	uint64_t family;

	if (ties_bypass(p, t))
		return IPL_SPD_TIES;
	/* A connector's first packet leaves: inbound policies see replies. */
	if (p->dir != XFRM_POLICY_IN || p->if_id || !is_listener(t))
		return IPL_SPD_NONE;
	if (!ipl_family_of(t->present, IPSEC_LATCH_TMPL_A_FAMILY, t->family,
			   &t->local, NULL, &family) || p->family != family)
		return IPL_SPD_NONE;
	if (p->proto && ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_PROTO) &&
	    p->proto != t->proto)
		return IPL_SPD_NONE;
	if (ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_LOCAL_PORT) &&
	    ((t->lport ^ p->dport) & p->dport_mask))
		return IPL_SPD_NONE;
	if (ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_LOCAL_ADDR) &&
	    !in_prefix(&t->local, &p->daddr, p->plen_d))
		return IPL_SPD_NONE;
	if (p->action == XFRM_POLICY_BLOCK)
		return IPL_SPD_BLOCKS;
	return admits_clear(p) ? IPL_SPD_ADMITS : IPL_SPD_REQUIRES;
}

/*
 * Of t's flows, a (covering t) covers all that r (covering t) does. What
 * t fixes (its port, protocol, local address) both match alike.
 */
static bool covers_all_of(const struct ipl_spd_policy *a,
			  const struct ipl_spd_policy *r,
			  const struct ipl_tmpl *t)
{
	if (!ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_LOCAL_PORT) &&
	    !mask_holds(a->dport, a->dport_mask, r->dport, r->dport_mask))
		return false;
	if (!ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_PROTO) && a->proto &&
	    a->proto != r->proto)
		return false;
	if (!ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_LOCAL_ADDR) &&
	    !prefix_holds(&a->daddr, a->plen_d, &r->daddr, r->plen_d))
		return false;
	return prefix_holds(&a->saddr, a->plen_s, &r->saddr, r->plen_s) &&
	       mask_holds(a->sport, a->sport_mask, r->sport, r->sport_mask) &&
	       (!a->ifindex || a->ifindex == r->ifindex);
}

/* An admitting policy with a better priority takes all of r's flows. */
static bool shadowed(const struct ipl_spd *spd,
		     const struct ipl_spd_policy *r, const struct ipl_tmpl *t)
{
	const struct ipl_spd_policy *a;
	size_t i;

	for (i = 0; i < spd->n; i++) {
		a = &spd->v[i];
		if (a->priority < r->priority &&
		    ipl_spd_verdict(a, t) == IPL_SPD_ADMITS &&
		    covers_all_of(a, r, t))
			return true;
	}
	return false;
}

size_t ipl_spd_check(const struct ipl_spd *spd, const struct ipl_tmpl *t,
		     struct ipl_spd_finding *out, size_t max)
{
	const struct ipl_spd_policy *p;
	enum ipl_spd_verdict v;
	bool admitted = false;
	size_t i, n = 0;

	for (i = 0; i < spd->n; i++) {
		p = &spd->v[i];
		v = ipl_spd_verdict(p, t);
		if (v == IPL_SPD_ADMITS && !one_flow(p))
			admitted = true;
		if (v == IPL_SPD_NONE || v == IPL_SPD_ADMITS ||
		    shadowed(spd, p, t) || n >= max)
			continue;
		out[n].why = v;
		out[n].policy = p;
		n++;
	}
	if (is_listener(t) && spd->has_default &&
	    spd->default_in == XFRM_USERPOLICY_BLOCK && !admitted && n < max) {
		out[n].why = IPL_SPD_NONE;
		out[n].policy = NULL;
		n++;
	}
	return n;
}
