// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: parse latches from GET_LATCHES dumps and LATCH_EVENT
 * notifications; build the GET_LATCHES filter.
 */
#include <string.h>

#include "attr.h"
#include "latch.h"
#include "nest.h"

#define QOP_UINT(m)	IPL_UINT(struct ipl_qop, m)
#define QOP_STR(m)	IPL_STR(struct ipl_qop, m)

static const struct ipl_field qop_fields[] = {
	[IPSEC_LATCH_QOP_A_XFRM_PROTO]	= QOP_UINT(xfrm_proto),
	[IPSEC_LATCH_QOP_A_MODE]	= QOP_UINT(mode),
	[IPSEC_LATCH_QOP_A_REQID]	= QOP_UINT(reqid),
	[IPSEC_LATCH_QOP_A_PEER]	= IPL_ADDR(struct ipl_qop, peer),
	[IPSEC_LATCH_QOP_A_ENC_ALG]	= QOP_STR(enc_alg),
	[IPSEC_LATCH_QOP_A_ENC_BITS]	= QOP_UINT(enc_bits),
	[IPSEC_LATCH_QOP_A_AUTH_ALG]	= QOP_STR(auth_alg),
	[IPSEC_LATCH_QOP_A_AUTH_BITS]	= QOP_UINT(auth_bits),
	[IPSEC_LATCH_QOP_A_AEAD_ALG]	= QOP_STR(aead_alg),
	[IPSEC_LATCH_QOP_A_AEAD_BITS]	= QOP_UINT(aead_bits),
	[IPSEC_LATCH_QOP_A_ICV_BITS]	= QOP_UINT(icv_bits),
	[IPSEC_LATCH_QOP_A_SPI_IN]	= QOP_UINT(spi_in),
	[IPSEC_LATCH_QOP_A_SPI_OUT]	= QOP_UINT(spi_out),
};

static const struct ipl_nest qop_nest = IPL_NEST_OF(struct ipl_qop,
						    qop_fields);

#define LATCH_UINT(m)	IPL_UINT(struct ipl_latch, m)
#define LATCH_ADDR(m)	IPL_ADDR(struct ipl_latch, m)

static const struct ipl_field latch_fields[] = {
	[IPSEC_LATCH_LATCH_A_FAMILY]		= LATCH_UINT(family),
	[IPSEC_LATCH_LATCH_A_PROTO]		= LATCH_UINT(proto),
	[IPSEC_LATCH_LATCH_A_LOCAL_ADDR]	= LATCH_ADDR(local),
	[IPSEC_LATCH_LATCH_A_LOCAL_PORT]	= LATCH_UINT(lport),
	[IPSEC_LATCH_LATCH_A_REMOTE_ADDR]	= LATCH_ADDR(remote),
	[IPSEC_LATCH_LATCH_A_REMOTE_PORT]	= LATCH_UINT(rport),
	[IPSEC_LATCH_LATCH_A_STATE]		= LATCH_UINT(state),
	[IPSEC_LATCH_LATCH_A_ACTION]		= LATCH_UINT(action),
	[IPSEC_LATCH_LATCH_A_TEMPLATE_ID]	= LATCH_UINT(template_id),
	[IPSEC_LATCH_LATCH_A_PEER_ID]		= IPL_STR(struct ipl_latch,
							  peer_id),
	[IPSEC_LATCH_LATCH_A_ID_SOURCE]		= LATCH_UINT(id_source),
	[IPSEC_LATCH_LATCH_A_QOP]		= IPL_NEST(struct ipl_latch,
							   qop, &qop_nest),
	[IPSEC_LATCH_LATCH_A_AGE_MS]		= LATCH_UINT(age_ms),
	[IPSEC_LATCH_LATCH_A_IDLE_MS]		= LATCH_UINT(idle_ms),
	[IPSEC_LATCH_LATCH_A_PACKETS_IN]	= LATCH_UINT(packets_in),
	[IPSEC_LATCH_LATCH_A_PACKETS_OUT]	= LATCH_UINT(packets_out),
	[IPSEC_LATCH_LATCH_A_DROPS_IN]		= LATCH_UINT(drops_in),
	[IPSEC_LATCH_LATCH_A_DROPS_OUT]		= LATCH_UINT(drops_out),
	[IPSEC_LATCH_LATCH_A_BROKEN]		= LATCH_UINT(broken),
	[IPSEC_LATCH_LATCH_A_MEMORY]		= LATCH_UINT(memory),
	[IPSEC_LATCH_LATCH_A_DECISION]		= LATCH_UINT(decision),
	[IPSEC_LATCH_LATCH_A_BYPASS_SPD]	= IPL_FLAG,
	[IPSEC_LATCH_LATCH_A_REQUESTED]		= IPL_FLAG,
};

static const struct ipl_nest latch_nest = IPL_NEST_OF(struct ipl_latch,
						      latch_fields);

int ipl_latch_parse(const struct nlattr *nest, struct ipl_latch *l)
{
	return ipl_nest_parse(nest, &latch_nest, l);
}

int ipl_latch_event_parse(const struct nlmsghdr *nlh,
			  struct ipl_latch_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	return ipl_nest_event_parse(nlh, &ev->has_event, &ev->event,
				    IPSEC_LATCH_A_LATCH, &latch_nest,
				    &ev->latch, &ev->has_latch);
}

int ipl_latch_msg_parse(const struct nlmsghdr *nlh, struct ipl_latch *l)
{
	return ipl_nest_msg_parse(nlh, IPSEC_LATCH_A_LATCH, &latch_nest, l);
}

static bool filter_attrs(const struct ipl_attr_opt *o, const void *obj)
{
	const struct ipl_latch_filter *f = obj;

	return ipl_attr_opt_u8(o, IPSEC_LATCH_LATCH_A_FAMILY, f->family) &&
	       ipl_attr_opt_u8(o, IPSEC_LATCH_LATCH_A_PROTO, f->proto) &&
	       ipl_attr_opt_addr(o, IPSEC_LATCH_LATCH_A_LOCAL_ADDR,
				 &f->local) &&
	       ipl_attr_opt_u16(o, IPSEC_LATCH_LATCH_A_LOCAL_PORT, f->lport) &&
	       ipl_attr_opt_addr(o, IPSEC_LATCH_LATCH_A_REMOTE_ADDR,
				 &f->remote) &&
	       ipl_attr_opt_u16(o, IPSEC_LATCH_LATCH_A_REMOTE_PORT,
				f->rport) &&
	       ipl_attr_opt_u8(o, IPSEC_LATCH_LATCH_A_STATE, f->state) &&
	       ipl_attr_opt_strz(o, IPSEC_LATCH_LATCH_A_PEER_ID, f->peer_id);
}

int ipl_latch_filter_put(struct nlmsghdr *nlh, size_t size,
			 const struct ipl_latch_filter *f)
{
	if (!f->present)
		return 0;
	return ipl_attr_opt_nest(nlh, size, IPSEC_LATCH_A_FILTER, f->present,
				 filter_attrs, f);
}

static bool addr_eq(const struct ipl_addr *a, const struct ipl_addr *b)
{
	return a->family == b->family && !memcmp(a->bytes, b->bytes, a->len);
}

bool ipl_latch_matches(const struct ipl_latch *l,
		       const struct ipl_latch_filter *f)
{
	unsigned int t;

	for (t = 0; t < 32; t++) {
		if (!ipl_filter_has(f, t))
			continue;
		/* the family may also be told by the addresses */
		if (t == IPSEC_LATCH_LATCH_A_FAMILY &&
		    !ipl_latch_has(l, t)) {
			if (l->local.family != f->family)
				return false;
			continue;
		}
		if (!ipl_latch_has(l, t))
			return false;
		switch (t) {
		case IPSEC_LATCH_LATCH_A_FAMILY:
			if (l->family != f->family)
				return false;
			break;
		case IPSEC_LATCH_LATCH_A_PROTO:
			if (l->proto != f->proto)
				return false;
			break;
		case IPSEC_LATCH_LATCH_A_LOCAL_ADDR:
			if (!addr_eq(&l->local, &f->local))
				return false;
			break;
		case IPSEC_LATCH_LATCH_A_LOCAL_PORT:
			if (l->lport != f->lport)
				return false;
			break;
		case IPSEC_LATCH_LATCH_A_REMOTE_ADDR:
			if (!addr_eq(&l->remote, &f->remote))
				return false;
			break;
		case IPSEC_LATCH_LATCH_A_REMOTE_PORT:
			if (l->rport != f->rport)
				return false;
			break;
		case IPSEC_LATCH_LATCH_A_STATE:
			if (l->state != f->state)
				return false;
			break;
		case IPSEC_LATCH_LATCH_A_PEER_ID:
			if (!strstr(l->peer_id, f->peer_id))
				return false;
			break;
		}
	}
	return true;
}
