// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: parse an IPSEC_LATCH_CMD_GET_STATUS reply.
 */
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/ipsec_latch.h>

#include "attr.h"
#include "status.h"

/* Insert or replace (type, value), keeping items sorted by type. */
static int item_set(struct ipl_item *items, unsigned int *n,
		    unsigned int type, uint64_t value)
{
	unsigned int i = *n;

	while (i > 0 && items[i - 1].type >= type)
		i--;
	if (i < *n && items[i].type == type) {
		items[i].value = value;
		return 0;
	}
	if (*n >= IPL_STATUS_MAX_ITEMS) {
		errno = EOVERFLOW;
		return -1;
	}
	memmove(&items[i + 1], &items[i], (*n - i) * sizeof(items[0]));
	items[i].type = type;
	items[i].value = value;
	(*n)++;
	return 0;
}

/*
 * Walk one nest of numbers. Types below first_type are reserved (UNSPEC,
 * PAD) and skipped; so are values of a width we cannot read. Errors:
 * EBADMSG, EOVERFLOW.
 */
static int parse_numbers(const struct nlattr *nest, unsigned int first_type,
			 struct ipl_item *items, unsigned int *n)
{
	const struct nlattr *attr;
	uint64_t v;

	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0) {
		errno = EBADMSG;
		return -1;
	}
	mnl_attr_for_each_nested(attr, nest) {
		unsigned int type = mnl_attr_get_type(attr);

		if (type < first_type || ipl_attr_get_uint(attr, &v) < 0)
			continue;
		if (item_set(items, n, type, v) < 0)
			return -1;
	}
	return 0;
}

int ipl_status_parse(const struct nlmsghdr *nlh, struct ipl_status *st)
{
	const struct nlattr *attr;
	int ret;

	if (ipl_attr_msg_check(nlh) < 0)
		return -1;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
		case IPSEC_LATCH_A_VERSION:
			if (mnl_attr_validate(attr, MNL_TYPE_STRING) < 0) {
				errno = EBADMSG;
				return -1;
			}
			/* NUL terminator optional: MNL_TYPE_STRING */
			ipl_attr_get_str(attr, st->version,
					 sizeof(st->version));
			st->has_version = true;
			ret = 0;
			break;
		case IPSEC_LATCH_A_PARAMS:
			ret = parse_numbers(attr, IPSEC_LATCH_PARAM_UNSPEC + 1,
					    st->params, &st->n_params);
			break;
		case IPSEC_LATCH_A_MODE:
			ret = ipl_attr_need_uint(attr, &st->mode,
						 &st->has_mode);
			break;
		case IPSEC_LATCH_A_TRANSPARENT:
			ret = ipl_attr_need_uint(attr, &st->transparent,
						 &st->has_transparent);
			break;
		case IPSEC_LATCH_A_FALLBACK_MS:
			ret = ipl_attr_need_uint(attr, &st->fallback_ms,
						 &st->has_fallback_ms);
			break;
		case IPSEC_LATCH_A_LATCH_COUNT:
			ret = ipl_attr_need_uint(attr, &st->latch_count,
						 &st->has_latch_count);
			break;
		case IPSEC_LATCH_A_SOCK_REQUESTS:
			ret = ipl_attr_need_uint(attr, &st->sock_requests,
						 &st->has_sock_requests);
			break;
		case IPSEC_LATCH_A_SOCK_REQUEST_COUNT:
			ret = ipl_attr_need_uint(attr, &st->sock_request_count,
						 &st->has_sock_request_count);
			break;
		case IPSEC_LATCH_A_HOOKS_ARMED:
			ret = ipl_attr_need_uint(attr, &st->hooks_armed,
						 &st->has_hooks_armed);
			break;
		case IPSEC_LATCH_A_LATCH_BYTES:
			ret = ipl_attr_need_uint(attr, &st->latch_bytes,
						 &st->has_latch_bytes);
			break;
		case IPSEC_LATCH_A_COUNTERS:
			ret = parse_numbers(attr, IPSEC_LATCH_CTR_PAD + 1,
					    st->counters, &st->n_counters);
			break;
		case IPSEC_LATCH_A_HOOK_CALLS:
			ret = parse_numbers(attr, IPSEC_LATCH_HOOK_PAD + 1,
					    st->hook_calls, &st->n_hook_calls);
			break;
		case IPSEC_LATCH_A_HOOK_MISSED:
			ret = parse_numbers(attr, IPSEC_LATCH_HOOK_PAD + 1,
					    st->hook_missed,
					    &st->n_hook_missed);
			break;
		default:
			/* A_PAD, or an attribute from a newer module */
			ret = 0;
			break;
		}
		if (ret < 0)
			return -1;
	}
	st->seen = true;
	return 0;
}
