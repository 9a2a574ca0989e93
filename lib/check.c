// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libipsec-latch: an application's policy for its connections, parsed
 * from words, and the check of a latch against it; names for printing.
 * Pure functions: no kernel is asked here.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/ipsec_latch.h>

#include "ipsec-latch.h"
#include "internal.h"

/* query.c copies the kernel's numbers into this header's enums. */
_Static_assert((int)IPSEC_LATCH_LARVAL == IPSEC_LATCH_STATE_LARVAL &&
	       (int)IPSEC_LATCH_CLOSED == IPSEC_LATCH_STATE_CLOSED,
	       "states");
_Static_assert((int)IPSEC_LATCH_PROTECT == IPSEC_LATCH_ACTION_PROTECT &&
	       (int)IPSEC_LATCH_BYPASS == IPSEC_LATCH_ACTION_BYPASS,
	       "actions");

static int parse_word(const char *w, size_t n, struct ipsec_latch_policy *p)
{
	static const struct {
		const char *word;
		unsigned int flag;
	} plain[] = {
		{ "protected", IPSEC_LATCH_POLICY_PROTECTED },
		{ "aead", IPSEC_LATCH_POLICY_AEAD },
		{ "encrypted", IPSEC_LATCH_POLICY_ENCRYPTED },
		{ "ike-identity", IPSEC_LATCH_POLICY_IKE_ID },
	};
	char *end;
	size_t i;

	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		if (strlen(plain[i].word) == n && !strncmp(w, plain[i].word, n)) {
			p->flags |= plain[i].flag;
			return 0;
		}
	}
	if ((n == 3 && !strncmp(w, "esp", 3)) || (n == 2 && !strncmp(w, "ah", 2))) {
		p->flags |= IPSEC_LATCH_POLICY_PROTOCOL;
		p->protocol = n == 3 ? IPPROTO_ESP : IPPROTO_AH;
		return 0;
	}
	if ((n == 6 && !strncmp(w, "tunnel", 6)) ||
	    (n == 9 && !strncmp(w, "transport", 9))) {
		p->flags |= IPSEC_LATCH_POLICY_MODE;
		p->tunnel = n == 6;
		return 0;
	}
	if (n > 13 && !strncmp(w, "min-key-bits=", 13)) {
		unsigned long v;

		errno = 0;
		v = strtoul(w + 13, &end, 10);
		if (errno || end != w + n || v == 0 || v > 65536 ||
		    w[13] == '-' || w[13] == '+')
			return lib_fail(EINVAL,
					"min-key-bits wants a number of bits, 1..65536: '%.*s'",
					(int)n, w);
		p->flags |= IPSEC_LATCH_POLICY_MIN_KEY_BITS;
		p->min_key_bits = v;
		return 0;
	}
	if (n > 5 && !strncmp(w, "peer=", 5)) {
		if (n - 5 >= sizeof(p->peer))
			return lib_fail(EINVAL, "the peer pattern is too long");
		memcpy(p->peer, w + 5, n - 5);
		p->peer[n - 5] = '\0';
		p->flags |= IPSEC_LATCH_POLICY_PEER;
		return 0;
	}
	return lib_fail(EINVAL,
			"unknown policy word '%.*s' (protected, esp, ah, transport, tunnel, aead, encrypted, min-key-bits=N, peer=PATTERN, ike-identity)",
			(int)n, w);
}

LIB_EXPORT int ipsec_latch_policy_parse(const char *text,
					struct ipsec_latch_policy *policy)
{
	struct ipsec_latch_policy p = { 0 };
	const char *w = text;

	if (!text || !policy)
		return lib_fail(EINVAL, "a text and a policy to fill");
	for (;;) {
		size_t n;

		w += strspn(w, " \t\n");
		if (!*w)
			break;
		n = strcspn(w, " \t\n");
		if (parse_word(w, n, &p) < 0)
			return -1;
		w += n;
	}
	*policy = p;
	return 0;
}

/* Say why, and answer no. */
static int refuse(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int refuse(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (why && len) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return 0;
}

/* No confidentiality: AH, null encryption, or AES-GMAC (an AEAD that
 * only authenticates).
 */
static bool null_cipher(const struct ipsec_latch_qop *q)
{
	if (q->aead[0])
		return !strncmp(q->aead, "rfc4543(", 8);
	return !q->enc[0] || !strcmp(q->enc, "ecb(cipher_null)");
}

/* The weakest key the flow's protection rests on, in bits. */
static unsigned int weakest_key_bits(const struct ipsec_latch_qop *q)
{
	unsigned int bits;

	if (q->aead[0])
		return q->aead_key_bits;
	if (q->protocol == IPPROTO_AH)
		return q->auth_key_bits;
	bits = null_cipher(q) ? 0 : q->enc_key_bits;
	if (q->auth[0] && q->auth_key_bits < bits)
		bits = q->auth_key_bits;
	return bits;
}

LIB_EXPORT int ipsec_latch_check(const struct ipsec_latch_info *info,
				 const struct ipsec_latch_policy *p, char *why,
				 size_t len)
{
	const struct ipsec_latch_qop *q;
	unsigned int need_sa = IPSEC_LATCH_POLICY_PROTECTED |
			       IPSEC_LATCH_POLICY_PROTOCOL |
			       IPSEC_LATCH_POLICY_MODE |
			       IPSEC_LATCH_POLICY_AEAD |
			       IPSEC_LATCH_POLICY_ENCRYPTED |
			       IPSEC_LATCH_POLICY_MIN_KEY_BITS |
			       IPSEC_LATCH_POLICY_PEER |
			       IPSEC_LATCH_POLICY_IKE_ID;

	if (!info || !p)
		return lib_fail(EINVAL, "an info and a policy to check");
	q = &info->qop;
	if (why && len)
		why[0] = '\0';
	if ((p->flags & need_sa) &&
	    (!info->protected || info->state != IPSEC_LATCH_ESTABLISHED))
		return refuse(why, len, "not protected: the latch is %s, %s",
			      ipsec_latch_state_name(info->state),
			      ipsec_latch_action_name(info->action));
	if ((p->flags & IPSEC_LATCH_POLICY_PROTOCOL) &&
	    q->protocol != p->protocol)
		return refuse(why, len, "%s wanted, the flow has %s",
			      p->protocol == IPPROTO_ESP ? "esp" : "ah",
			      q->protocol == IPPROTO_ESP ? "esp" : "ah");
	if ((p->flags & IPSEC_LATCH_POLICY_MODE) && q->tunnel != p->tunnel)
		return refuse(why, len, "%s mode wanted, the flow has %s",
			      p->tunnel ? "tunnel" : "transport",
			      q->tunnel ? "tunnel" : "transport");
	if ((p->flags & IPSEC_LATCH_POLICY_AEAD) && !q->aead[0])
		return refuse(why, len, "an AEAD wanted, the flow has %s%s%s",
			      q->enc[0] ? q->enc : "no cipher",
			      q->auth[0] ? " with " : "", q->auth);
	if ((p->flags & IPSEC_LATCH_POLICY_ENCRYPTED) && null_cipher(q))
		return refuse(why, len, "encryption wanted, the flow has none (%s)",
			      q->aead[0] ? q->aead : q->enc[0] ? q->enc :
			      "no cipher");
	/* A cipher alone lets a man in the middle flip bits unseen. */
	if ((p->flags & IPSEC_LATCH_POLICY_ENCRYPTED) && !q->aead[0] &&
	    !q->auth[0])
		return refuse(why, len, "encryption with integrity wanted, the flow has %s alone",
			      q->enc);
	if ((p->flags & IPSEC_LATCH_POLICY_MIN_KEY_BITS) &&
	    weakest_key_bits(q) < p->min_key_bits)
		return refuse(why, len, "keys of %u bits wanted, the flow's weakest has %u",
			      p->min_key_bits, weakest_key_bits(q));
	if ((p->flags & IPSEC_LATCH_POLICY_IKE_ID) &&
	    info->id_source != IPSEC_LATCH_ID_FROM_IKE)
		return refuse(why, len, "an IKE identity wanted, the peer is only known as \"%s\"",
			      info->peer_id);
	if ((p->flags & IPSEC_LATCH_POLICY_PEER) &&
	    fnmatch(p->peer, info->peer_id, 0))
		return refuse(why, len, "peer \"%s\" wanted, the flow's is \"%s\"",
			      p->peer, info->peer_id);
	return 1;
}

LIB_EXPORT const char *ipsec_latch_state_name(enum ipsec_latch_lib_state s)
{
	static const char *const names[] = {
		[IPSEC_LATCH_LARVAL] = "larval",
		[IPSEC_LATCH_ESTABLISHED] = "established",
		[IPSEC_LATCH_BROKEN] = "broken",
		[IPSEC_LATCH_CLOSED] = "closed",
	};

	return (unsigned int)s < sizeof(names) / sizeof(names[0]) ?
	       names[s] : "unknown";
}

LIB_EXPORT const char *ipsec_latch_action_name(enum ipsec_latch_lib_action a)
{
	static const char *const names[] = {
		[IPSEC_LATCH_PROTECT] = "protect",
		[IPSEC_LATCH_BYPASS_OR_PROTECT] = "bypass-or-protect",
		[IPSEC_LATCH_BYPASS] = "bypass",
	};

	return (unsigned int)a < sizeof(names) / sizeof(names[0]) ?
	       names[a] : "unknown";
}

LIB_EXPORT const char *
ipsec_latch_decision_name(enum ipsec_latch_lib_decision d)
{
	static const char *const names[] = {
		[IPSEC_LATCH_DECIDED_NOT_YET] = "not yet",
		[IPSEC_LATCH_DECIDED_PROTECTED] = "protected",
		[IPSEC_LATCH_DECIDED_CLEAR] = "clear",
		[IPSEC_LATCH_DECIDED_IKE_FAILED] = "ike-failed",
		[IPSEC_LATCH_DECIDED_TIMEOUT] = "timeout",
	};

	return (unsigned int)d < sizeof(names) / sizeof(names[0]) ?
	       names[d] : "unknown";
}
