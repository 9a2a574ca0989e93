// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: parse latches from GET_LATCHES dumps and LATCH_EVENT
 * notifications; build the GET_LATCHES filter.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "attr.h"
#include "latch.h"

/* A string attribute, NUL optional, cut to fit buf. */
static bool get_str(const struct nlattr *attr, char *buf, size_t len)
{
	const char *s = mnl_attr_get_payload(attr);
	size_t n = strnlen(s, mnl_attr_get_payload_len(attr));

	snprintf(buf, len, "%.*s", (int)n, s);
	return true;
}

static uint64_t *qop_num_field(struct ipl_qop *q, unsigned int type)
{
	switch (type) {
	case IPSEC_LATCH_QOP_A_XFRM_PROTO:
		return &q->xfrm_proto;
	case IPSEC_LATCH_QOP_A_MODE:
		return &q->mode;
	case IPSEC_LATCH_QOP_A_REQID:
		return &q->reqid;
	case IPSEC_LATCH_QOP_A_ENC_BITS:
		return &q->enc_bits;
	case IPSEC_LATCH_QOP_A_AUTH_BITS:
		return &q->auth_bits;
	case IPSEC_LATCH_QOP_A_AEAD_BITS:
		return &q->aead_bits;
	case IPSEC_LATCH_QOP_A_ICV_BITS:
		return &q->icv_bits;
	case IPSEC_LATCH_QOP_A_SPI_IN:
		return &q->spi_in;
	case IPSEC_LATCH_QOP_A_SPI_OUT:
		return &q->spi_out;
	default:
		return NULL;
	}
}

static int qop_parse(const struct nlattr *nest, struct ipl_qop *q)
{
	const struct nlattr *attr;
	unsigned int type;
	uint64_t *field;
	bool ok;

	memset(q, 0, sizeof(*q));
	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0) {
		errno = EBADMSG;
		return -1;
	}
	mnl_attr_for_each_nested(attr, nest) {
		type = mnl_attr_get_type(attr);
		switch (type) {
		case IPSEC_LATCH_QOP_A_PEER:
			ok = ipl_addr_set(&q->peer, mnl_attr_get_payload(attr),
					  mnl_attr_get_payload_len(attr));
			break;
		case IPSEC_LATCH_QOP_A_ENC_ALG:
			ok = get_str(attr, q->enc_alg, sizeof(q->enc_alg));
			break;
		case IPSEC_LATCH_QOP_A_AUTH_ALG:
			ok = get_str(attr, q->auth_alg, sizeof(q->auth_alg));
			break;
		case IPSEC_LATCH_QOP_A_AEAD_ALG:
			ok = get_str(attr, q->aead_alg, sizeof(q->aead_alg));
			break;
		default:
			field = qop_num_field(q, type);
			ok = field && !ipl_attr_get_uint(attr, field);
			break;
		}
		if (ok)
			q->present |= 1u << type;
	}
	return 0;
}

static uint64_t *num_field(struct ipl_latch *l, unsigned int type)
{
	switch (type) {
	case IPSEC_LATCH_LATCH_A_FAMILY:
		return &l->family;
	case IPSEC_LATCH_LATCH_A_PROTO:
		return &l->proto;
	case IPSEC_LATCH_LATCH_A_LOCAL_PORT:
		return &l->lport;
	case IPSEC_LATCH_LATCH_A_REMOTE_PORT:
		return &l->rport;
	case IPSEC_LATCH_LATCH_A_STATE:
		return &l->state;
	case IPSEC_LATCH_LATCH_A_ACTION:
		return &l->action;
	case IPSEC_LATCH_LATCH_A_TEMPLATE_ID:
		return &l->template_id;
	case IPSEC_LATCH_LATCH_A_ID_SOURCE:
		return &l->id_source;
	case IPSEC_LATCH_LATCH_A_AGE_MS:
		return &l->age_ms;
	case IPSEC_LATCH_LATCH_A_IDLE_MS:
		return &l->idle_ms;
	case IPSEC_LATCH_LATCH_A_PACKETS_IN:
		return &l->packets_in;
	case IPSEC_LATCH_LATCH_A_PACKETS_OUT:
		return &l->packets_out;
	case IPSEC_LATCH_LATCH_A_DROPS_IN:
		return &l->drops_in;
	case IPSEC_LATCH_LATCH_A_DROPS_OUT:
		return &l->drops_out;
	case IPSEC_LATCH_LATCH_A_BROKEN:
		return &l->broken;
	case IPSEC_LATCH_LATCH_A_MEMORY:
		return &l->memory;
	default:
		return NULL;
	}
}

int ipl_latch_parse(const struct nlattr *nest, struct ipl_latch *l)
{
	const struct nlattr *attr;
	unsigned int type;
	uint64_t *field;
	bool ok;

	memset(l, 0, sizeof(*l));
	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0) {
		errno = EBADMSG;
		return -1;
	}
	mnl_attr_for_each_nested(attr, nest) {
		type = mnl_attr_get_type(attr);
		switch (type) {
		case IPSEC_LATCH_LATCH_A_LOCAL_ADDR:
			ok = ipl_addr_set(&l->local, mnl_attr_get_payload(attr),
					  mnl_attr_get_payload_len(attr));
			break;
		case IPSEC_LATCH_LATCH_A_REMOTE_ADDR:
			ok = ipl_addr_set(&l->remote,
					  mnl_attr_get_payload(attr),
					  mnl_attr_get_payload_len(attr));
			break;
		case IPSEC_LATCH_LATCH_A_PEER_ID:
			ok = get_str(attr, l->peer_id, sizeof(l->peer_id));
			break;
		case IPSEC_LATCH_LATCH_A_QOP:
			if (qop_parse(attr, &l->qop) < 0)
				return -1;
			ok = true;
			break;
		default:
			/* PAD and attributes from a newer module: none */
			field = num_field(l, type);
			ok = field && !ipl_attr_get_uint(attr, field);
			break;
		}
		if (ok)
			l->present |= 1u << type;
	}
	return 0;
}

int ipl_latch_event_parse(const struct nlmsghdr *nlh,
			  struct ipl_latch_event *ev)
{
	const struct nlattr *attr;

	memset(ev, 0, sizeof(*ev));
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr)) {
		errno = EBADMSG;
		return -1;
	}
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
		case IPSEC_LATCH_A_EVENT:
			if (ipl_attr_get_uint(attr, &ev->event) < 0) {
				errno = EBADMSG;
				return -1;
			}
			ev->has_event = true;
			break;
		case IPSEC_LATCH_A_LATCH:
			if (ipl_latch_parse(attr, &ev->latch) < 0)
				return -1;
			ev->has_latch = true;
			break;
		default:
			/* an attribute from a newer module */
			break;
		}
	}
	return 0;
}

int ipl_latch_msg_parse(const struct nlmsghdr *nlh, struct ipl_latch *l)
{
	const struct nlattr *attr;
	bool seen = false;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr)) {
		errno = EBADMSG;
		return -1;
	}
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) != IPSEC_LATCH_A_LATCH)
			continue;
		if (ipl_latch_parse(attr, l) < 0)
			return -1;
		seen = true;
	}
	if (!seen) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

int ipl_latch_filter_put(struct nlmsghdr *nlh, size_t size,
			 const struct ipl_latch_filter *f)
{
	struct nlattr *nest;
	bool ok = true;

	if (!f->present)
		return 0;
	nest = mnl_attr_nest_start_check(nlh, size, IPSEC_LATCH_A_FILTER);
	if (!nest)
		return -1;
	if (ipl_filter_has(f, IPSEC_LATCH_LATCH_A_FAMILY))
		ok = ok && mnl_attr_put_u8_check(nlh, size,
						 IPSEC_LATCH_LATCH_A_FAMILY,
						 f->family);
	if (ipl_filter_has(f, IPSEC_LATCH_LATCH_A_PROTO))
		ok = ok && mnl_attr_put_u8_check(nlh, size,
						 IPSEC_LATCH_LATCH_A_PROTO,
						 f->proto);
	if (ipl_filter_has(f, IPSEC_LATCH_LATCH_A_LOCAL_ADDR))
		ok = ok && mnl_attr_put_check(nlh, size,
					      IPSEC_LATCH_LATCH_A_LOCAL_ADDR,
					      f->local.len, f->local.bytes);
	if (ipl_filter_has(f, IPSEC_LATCH_LATCH_A_LOCAL_PORT))
		ok = ok && mnl_attr_put_u16_check(nlh, size,
						  IPSEC_LATCH_LATCH_A_LOCAL_PORT,
						  f->lport);
	if (ipl_filter_has(f, IPSEC_LATCH_LATCH_A_REMOTE_ADDR))
		ok = ok && mnl_attr_put_check(nlh, size,
					      IPSEC_LATCH_LATCH_A_REMOTE_ADDR,
					      f->remote.len, f->remote.bytes);
	if (ipl_filter_has(f, IPSEC_LATCH_LATCH_A_REMOTE_PORT))
		ok = ok && mnl_attr_put_u16_check(nlh, size,
						  IPSEC_LATCH_LATCH_A_REMOTE_PORT,
						  f->rport);
	if (ipl_filter_has(f, IPSEC_LATCH_LATCH_A_STATE))
		ok = ok && mnl_attr_put_u8_check(nlh, size,
						 IPSEC_LATCH_LATCH_A_STATE,
						 f->state);
	if (ipl_filter_has(f, IPSEC_LATCH_LATCH_A_PEER_ID))
		ok = ok && mnl_attr_put_strz_check(nlh, size,
						   IPSEC_LATCH_LATCH_A_PEER_ID,
						   f->peer_id);
	if (!ok) {
		mnl_attr_nest_cancel(nlh, nest);
		return -1;
	}
	mnl_attr_nest_end(nlh, nest);
	return 0;
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
