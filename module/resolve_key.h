/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keys of the resolution table: which SA a resolution waits for, and which
 * flow waits for it. Pure logic on uapi types, so the userspace unit tests
 * compile this very header.
 */
#ifndef _IPSEC_LATCH_RESOLVE_KEY_H
#define _IPSEC_LATCH_RESOLVE_KEY_H

#include <linux/types.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/socket.h>
#include <linux/xfrm.h>

/*
 * The SA an ACQUIRE asks for. Fixed layout, no padding: compared bytewise.
 * The mark comes last and stays out of the hash: an SA's mark is a value
 * and mask that may match many lookups' marks (ipsec_latch_sa_matches()).
 */
struct ipsec_latch_res_key {
	xfrm_address_t daddr;
	xfrm_address_t saddr;
	__u32 reqid;
	__u16 family;		/* of the SA's outer addresses */
	__u8 proto;		/* IPPROTO_ESP, _AH, _COMP */
	__u8 mode;		/* XFRM_MODE_* */
	__u32 if_id;		/* the policy's xfrm interface id, 0 none */
	__u32 mark;		/* the policy's mark, value & mask */
};

#define IPSEC_LATCH_RES_KEY_HASHED \
	__builtin_offsetof(struct ipsec_latch_res_key, mark)

/* The flow a route lookup was for, as the kernel's flowi carries it. */
struct ipsec_latch_flow_key {
	xfrm_address_t daddr;
	xfrm_address_t saddr;
	__u32 uli;		/* flowi_uli: ports, or ICMP type and code */
	__u16 family;
	__u8 proto;
	__u8 pad;
	__u32 if_id;		/* the lookup's xfrm interface id, 0 none */
	__u32 mark;		/* flowi_mark */
};

static inline unsigned int ipsec_latch_addr_len(__u16 family)
{
	return family == AF_INET6 ? sizeof(struct in6_addr) : sizeof(__u32);
}

static inline int ipsec_latch_addr_any(const xfrm_address_t *a, __u16 family)
{
	if (family == AF_INET6)
		return !(a->a6[0] | a->a6[1] | a->a6[2] | a->a6[3]);
	return !a->a4;
}

static inline void ipsec_latch_addr_copy(xfrm_address_t *dst,
					 const xfrm_address_t *src,
					 __u16 family)
{
	*dst = (xfrm_address_t){};
	__builtin_memcpy(dst, src, ipsec_latch_addr_len(family));
}

/*
 * The key of the SA that xfrm_state_find() looks for with this template:
 * the template's addresses, or where it leaves them open (transport mode,
 * trap policies), the addresses the lookup resolved. Mirrors the kernel's
 * init_temprop(), so the key equals that of the larval state it makes.
 */
static inline void
ipsec_latch_res_key_from_tmpl(struct ipsec_latch_res_key *key, __u16 family,
			      const xfrm_address_t *tmpl_daddr,
			      const xfrm_address_t *tmpl_saddr,
			      const xfrm_address_t *daddr,
			      const xfrm_address_t *saddr, __u8 proto,
			      __u8 mode, __u32 reqid, __u32 if_id, __u32 mark)
{
	*key = (struct ipsec_latch_res_key){};
	ipsec_latch_addr_copy(&key->daddr,
			      ipsec_latch_addr_any(tmpl_daddr, family) ?
			      daddr : tmpl_daddr, family);
	ipsec_latch_addr_copy(&key->saddr,
			      ipsec_latch_addr_any(tmpl_saddr, family) ?
			      saddr : tmpl_saddr, family);
	key->reqid = reqid;
	key->family = family;
	key->proto = proto;
	key->mode = mode;
	key->if_id = if_id;
	key->mark = mark;
}

/* FNV-1a over the key's 32-bit words: keys are word-sized and unpadded. */
static inline __u32 ipsec_latch_key_hash(const void *key, unsigned int len)
{
	const __u32 *w = key;
	__u32 h = 2166136261u;
	unsigned int i;

	for (i = 0; i < len / sizeof(*w); i++) {
		h ^= w[i];
		h *= 16777619u;
	}
	return h ^ (h >> 16);
}

static inline int ipsec_latch_key_equal(const void *a, const void *b,
					unsigned int len)
{
	return !__builtin_memcmp(a, b, len);
}

/*
 * Whether an SA with key @sa (its mark field unused) and mark @mark_v/@mark_m
 * is what the resolution @res waits for: xfrm_state_find() takes an SA
 * for a policy mark m when (m & mask) == value.
 */
static inline int ipsec_latch_sa_matches(const struct ipsec_latch_res_key *res,
					 const struct ipsec_latch_res_key *sa,
					 __u32 mark_v, __u32 mark_m)
{
	return ipsec_latch_key_equal(res, sa, IPSEC_LATCH_RES_KEY_HASHED) &&
	       (res->mark & mark_m) == mark_v;
}

#endif /* _IPSEC_LATCH_RESOLVE_KEY_H */
