/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: identity annotations (an IPSEC_LATCH_A_IDENTITY nest of
 * enum ipsec_latch_id_attr), the IKE identity behind (peer, reqid): built
 * into IDENTITY_SET/DEL requests, parsed from GET_IDENTITIES dumps and
 * rendered.
 */
#ifndef IPL_IDENTITY_H
#define IPL_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/ipsec_latch.h>

#include "addr.h"
#include "present.h"

struct nlattr;
struct nlmsghdr;

/* A field is valid only if its bit is set in ->present. */
struct ipl_identity {
	uint32_t present;	/* 1 << IPSEC_LATCH_ID_A_* */
	uint64_t family;	/* AF_INET, AF_INET6 */
	struct ipl_addr peer;
	uint64_t reqid;
	char id[IPSEC_LATCH_ID_MAX_LEN + 1];
};

_Static_assert(IPSEC_LATCH_ID_A_MAX < 32, "ipl_identity.present is 32 bits");

static inline bool ipl_identity_has(const struct ipl_identity *i,
				    unsigned int type)
{
	return ipl_has(i->present, type);
}

/*
 * Parse an IPSEC_LATCH_A_IDENTITY nest into *id (zeroed first); unknown
 * attributes and unreadable sizes are ignored, a longer ID is cut.
 * Returns 0, or -1 with errno EBADMSG.
 */
int ipl_identity_parse(const struct nlattr *nest, struct ipl_identity *id);

/* A GET_IDENTITIES dump message: A_IDENTITY required. */
int ipl_identity_msg_parse(const struct nlmsghdr *nlh,
			   struct ipl_identity *id);

/*
 * Append an A_IDENTITY nest to nlh in a buffer of size bytes: FAMILY (of
 * peer), PEER, REQID, and ID unless it is NULL (IDENTITY_DEL). Returns 0,
 * or -1 if it does not fit.
 */
int ipl_identity_put(struct nlmsghdr *nlh, size_t size,
		     const struct ipl_addr *peer, uint32_t reqid,
		     const char *id);

/*
 * "identity list", one line each, absent values as "-":
 *	peer ADDR reqid N id "ID"
 * with json an array of {"family","peer","reqid","id"}.
 */
int ipl_identity_print(FILE *f, bool json, const struct ipl_identity *v,
		       size_t n);

#endif /* IPL_IDENTITY_H */
