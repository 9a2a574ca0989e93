// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libipsec-latch: a socket's latch (SOCK_QUERY), turned into struct
 * ipsec_latch_info, and the request to latch it (SOCK_REQUIRE).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/ipsec_latch.h>
#include <linux/xfrm.h>

#include "ipsec-latch.h"
#include "internal.h"

static void put_addr(struct sockaddr_storage *ss, int family,
		     const struct nlattr *a, uint16_t port)
{
	memset(ss, 0, sizeof(*ss));
	if (!a)
		return;
	if (family == AF_INET && mnl_attr_get_payload_len(a) == 4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, mnl_attr_get_payload(a), 4);
	} else if (family == AF_INET6 && mnl_attr_get_payload_len(a) == 16) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, mnl_attr_get_payload(a), 16);
	}
}

static void get_str(char *dst, size_t len, const struct nlattr *a)
{
	dst[0] = '\0';
	if (a && mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
		snprintf(dst, len, "%s", mnl_attr_get_str(a));
}

static unsigned int get_u32(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U32) == 0 ?
	       mnl_attr_get_u32(a) : 0;
}

static unsigned int get_u8(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U8) == 0 ?
	       mnl_attr_get_u8(a) : 0;
}

static uint64_t get_u64(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U64) == 0 ?
	       mnl_attr_get_u64(a) : 0;
}

/* Each attribute of @nest by type, up to @max (unknown ones skipped). */
static void nest_table(const struct nlattr *nest, const struct nlattr **tb,
		       unsigned int max)
{
	const struct nlattr *a;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	mnl_attr_for_each_nested(a, nest)
		if (mnl_attr_get_type(a) <= max)
			tb[mnl_attr_get_type(a)] = a;
}

static void parse_qop(const struct nlattr *nest, int family,
		      struct ipsec_latch_qop *q)
{
	const struct nlattr *tb[IPSEC_LATCH_QOP_A_MAX + 1];

	nest_table(nest, tb, IPSEC_LATCH_QOP_A_MAX);
	q->protocol = get_u8(tb[IPSEC_LATCH_QOP_A_XFRM_PROTO]);
	q->tunnel = get_u8(tb[IPSEC_LATCH_QOP_A_MODE]) == XFRM_MODE_TUNNEL;
	q->reqid = get_u32(tb[IPSEC_LATCH_QOP_A_REQID]);
	get_str(q->aead, sizeof(q->aead), tb[IPSEC_LATCH_QOP_A_AEAD_ALG]);
	q->aead_key_bits = get_u32(tb[IPSEC_LATCH_QOP_A_AEAD_BITS]);
	q->icv_bits = get_u32(tb[IPSEC_LATCH_QOP_A_ICV_BITS]);
	get_str(q->enc, sizeof(q->enc), tb[IPSEC_LATCH_QOP_A_ENC_ALG]);
	q->enc_key_bits = get_u32(tb[IPSEC_LATCH_QOP_A_ENC_BITS]);
	get_str(q->auth, sizeof(q->auth), tb[IPSEC_LATCH_QOP_A_AUTH_ALG]);
	q->auth_key_bits = get_u32(tb[IPSEC_LATCH_QOP_A_AUTH_BITS]);
	q->spi_in = get_u32(tb[IPSEC_LATCH_QOP_A_SPI_IN]);
	q->spi_out = get_u32(tb[IPSEC_LATCH_QOP_A_SPI_OUT]);
	put_addr(&q->peer, family, tb[IPSEC_LATCH_QOP_A_PEER], 0);
}

static enum ipsec_latch_lib_decision decision_of(unsigned int d)
{
	switch (d) {
	case IPSEC_LATCH_DECISION_PROTECTED:
		return IPSEC_LATCH_DECIDED_PROTECTED;
	case IPSEC_LATCH_DECISION_CLEAR_IN:
	case IPSEC_LATCH_DECISION_CLEAR_OUT:
		return IPSEC_LATCH_DECIDED_CLEAR;
	case IPSEC_LATCH_DECISION_IKE_FAILED:
		return IPSEC_LATCH_DECIDED_IKE_FAILED;
	case IPSEC_LATCH_DECISION_TIMEOUT:
		return IPSEC_LATCH_DECIDED_TIMEOUT;
	default:
		return IPSEC_LATCH_DECIDED_NOT_YET;
	}
}

int lib_info_parse(const struct nlattr *latch, struct ipsec_latch_info *info)
{
	const struct nlattr *tb[IPSEC_LATCH_LATCH_A_MAX + 1];
	unsigned int state, action;
	int family;

	memset(info, 0, sizeof(*info));
	nest_table(latch, tb, IPSEC_LATCH_LATCH_A_MAX);
	family = get_u8(tb[IPSEC_LATCH_LATCH_A_FAMILY]);
	state = get_u8(tb[IPSEC_LATCH_LATCH_A_STATE]);
	action = get_u8(tb[IPSEC_LATCH_LATCH_A_ACTION]);
	if ((family != AF_INET && family != AF_INET6) ||
	    !tb[IPSEC_LATCH_LATCH_A_STATE] || state > IPSEC_LATCH_STATE_CLOSED ||
	    action > IPSEC_LATCH_ACTION_BYPASS)
		return lib_fail(EPROTO, "a latch the library cannot read");
	/* The uapi's numbers are this header's (checked in check.c). */
	info->state = (enum ipsec_latch_lib_state)state;
	info->action = (enum ipsec_latch_lib_action)action;
	info->decision = decision_of(get_u8(tb[IPSEC_LATCH_LATCH_A_DECISION]));
	if (info->action == IPSEC_LATCH_PROTECT &&
	    info->state != IPSEC_LATCH_LARVAL &&
	    info->decision == IPSEC_LATCH_DECIDED_NOT_YET)
		info->decision = IPSEC_LATCH_DECIDED_PROTECTED;
	info->requested = tb[IPSEC_LATCH_LATCH_A_REQUESTED] != NULL;
	info->template_id = get_u32(tb[IPSEC_LATCH_LATCH_A_TEMPLATE_ID]);
	info->protocol = get_u8(tb[IPSEC_LATCH_LATCH_A_PROTO]);
	put_addr(&info->local, family, tb[IPSEC_LATCH_LATCH_A_LOCAL_ADDR],
		 tb[IPSEC_LATCH_LATCH_A_LOCAL_PORT] ?
		 mnl_attr_get_u16(tb[IPSEC_LATCH_LATCH_A_LOCAL_PORT]) : 0);
	put_addr(&info->remote, family, tb[IPSEC_LATCH_LATCH_A_REMOTE_ADDR],
		 tb[IPSEC_LATCH_LATCH_A_REMOTE_PORT] ?
		 mnl_attr_get_u16(tb[IPSEC_LATCH_LATCH_A_REMOTE_PORT]) : 0);
	if (tb[IPSEC_LATCH_LATCH_A_PEER_ID] && tb[IPSEC_LATCH_LATCH_A_QOP]) {
		info->protected = true;
		get_str(info->peer_id, sizeof(info->peer_id),
			tb[IPSEC_LATCH_LATCH_A_PEER_ID]);
		info->id_source = get_u8(tb[IPSEC_LATCH_LATCH_A_ID_SOURCE]) ==
				  IPSEC_LATCH_ID_IKE ?
				  IPSEC_LATCH_ID_FROM_IKE :
				  IPSEC_LATCH_ID_FROM_ADDRESS;
		parse_qop(tb[IPSEC_LATCH_LATCH_A_QOP], family, &info->qop);
	}
	info->packets_in = get_u64(tb[IPSEC_LATCH_LATCH_A_PACKETS_IN]);
	info->packets_out = get_u64(tb[IPSEC_LATCH_LATCH_A_PACKETS_OUT]);
	info->drops_in = get_u64(tb[IPSEC_LATCH_LATCH_A_DROPS_IN]);
	info->drops_out = get_u64(tb[IPSEC_LATCH_LATCH_A_DROPS_OUT]);
	info->broken = get_u32(tb[IPSEC_LATCH_LATCH_A_BROKEN]);
	return 0;
}

struct query_ctx {
	struct ipsec_latch_info *info;
	int ret;		/* 1: filled, -1: unreadable */
};

static int query_cb(const struct nlmsghdr *nlh, void *data)
{
	struct query_ctx *q = data;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == IPSEC_LATCH_A_LATCH &&
		    mnl_attr_validate(a, MNL_TYPE_NESTED) == 0)
			q->ret = lib_info_parse(a, q->info) ? -1 : 1;
	}
	return MNL_CB_OK;
}

struct sock_req {
	uint32_t fd;
	int action;		/* < 0: none (query) */
	uint32_t fallback_ms;	/* 0: the module's default */
};

static int put_sock_req(struct nlmsghdr *nlh, size_t size, const void *arg)
{
	const struct sock_req *r = arg;

	if (!mnl_attr_put_u32_check(nlh, size, IPSEC_LATCH_A_SOCK_FD, r->fd))
		return -1;
	if (r->action >= 0 &&
	    !mnl_attr_put_u8_check(nlh, size, IPSEC_LATCH_A_ACTION, r->action))
		return -1;
	if (r->fallback_ms &&
	    !mnl_attr_put_u32_check(nlh, size, IPSEC_LATCH_A_FALLBACK_MS,
				    r->fallback_ms))
		return -1;
	return 0;
}

LIB_EXPORT int ipsec_latch_query(int fd, struct ipsec_latch_info *info)
{
	struct sock_req r = { .fd = fd, .action = -1 };
	struct query_ctx q = { .info = info };

	if (fd < 0 || !info)
		return lib_fail(EINVAL, "a descriptor and an info to fill");
	if (lib_talk(IPSEC_LATCH_CMD_SOCK_QUERY, put_sock_req, &r, query_cb,
		     &q) < 0)
		return -1;
	if (q.ret < 0)
		return -1;
	if (!q.ret)
		return lib_fail(EPROTO, "the kernel's reply held no latch");
	return 0;
}

LIB_EXPORT int ipsec_latch_require(int fd, enum ipsec_latch_lib_action action,
				   unsigned int fallback_ms)
{
	struct sock_req r = { .fd = fd, .fallback_ms = fallback_ms };

	if (fd < 0)
		return lib_fail(EINVAL, "a descriptor is needed");
	if (action == IPSEC_LATCH_PROTECT) {
		if (fallback_ms)
			return lib_fail(EINVAL,
					"a fallback time is for BYPASS_OR_PROTECT only");
		r.action = IPSEC_LATCH_ACTION_PROTECT;
	} else if (action == IPSEC_LATCH_BYPASS_OR_PROTECT) {
		r.action = IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT;
	} else {
		return lib_fail(EINVAL,
				"the action is PROTECT or BYPASS_OR_PROTECT");
	}
	return lib_talk(IPSEC_LATCH_CMD_SOCK_REQUIRE, put_sock_req, &r, NULL,
			NULL);
}
