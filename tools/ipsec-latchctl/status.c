// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: parse an IPSEC_LATCH_CMD_GET_STATUS reply.
 */
#include <errno.h>
#include <stdio.h>
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
 * PAD) and skipped; so are values of a width we cannot read.
 */
static int parse_numbers(const struct nlattr *nest, unsigned int first_type,
			 struct ipl_item *items, unsigned int *n)
{
	const struct nlattr *attr;
	uint64_t v;

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
	const char *s;
	uint64_t v;
	int len;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr)) {
		errno = EBADMSG;
		return -1;
	}

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
		case IPSEC_LATCH_A_VERSION:
			if (mnl_attr_validate(attr, MNL_TYPE_STRING) < 0) {
				errno = EBADMSG;
				return -1;
			}
			/* NUL terminator optional: MNL_TYPE_STRING */
			s = mnl_attr_get_payload(attr);
			len = strnlen(s, mnl_attr_get_payload_len(attr));
			snprintf(st->version, sizeof(st->version), "%.*s",
				 len, s);
			st->has_version = true;
			break;
		case IPSEC_LATCH_A_PARAMS:
			if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
			    parse_numbers(attr, IPSEC_LATCH_PARAM_UNSPEC + 1,
					  st->params, &st->n_params) < 0) {
				if (errno != EOVERFLOW)
					errno = EBADMSG;
				return -1;
			}
			break;
		case IPSEC_LATCH_A_MODE:
			if (ipl_attr_get_uint(attr, &st->mode) < 0) {
				errno = EBADMSG;
				return -1;
			}
			st->has_mode = true;
			break;
		case IPSEC_LATCH_A_TRANSPARENT:
			if (ipl_attr_get_uint(attr, &v) < 0) {
				errno = EBADMSG;
				return -1;
			}
			st->transparent = v;
			st->has_transparent = true;
			break;
		case IPSEC_LATCH_A_LATCH_COUNT:
			if (ipl_attr_get_uint(attr, &st->latch_count) < 0) {
				errno = EBADMSG;
				return -1;
			}
			st->has_latch_count = true;
			break;
		case IPSEC_LATCH_A_LATCH_BYTES:
			if (ipl_attr_get_uint(attr, &st->latch_bytes) < 0) {
				errno = EBADMSG;
				return -1;
			}
			st->has_latch_bytes = true;
			break;
		case IPSEC_LATCH_A_COUNTERS:
			if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
			    parse_numbers(attr, IPSEC_LATCH_CTR_PAD + 1,
					  st->counters, &st->n_counters) < 0) {
				if (errno != EOVERFLOW)
					errno = EBADMSG;
				return -1;
			}
			break;
		default:
			/* A_PAD, or an attribute from a newer module */
			break;
		}
	}
	st->seen = true;
	return 0;
}
