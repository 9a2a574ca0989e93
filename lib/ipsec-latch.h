/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libipsec-latch: what an application may ask the ipsec_latch module about
 * its own sockets (RFC 5660's connection latching, seen from the socket):
 *
 *   ipsec_latch_query()    who is this connection really with, and under
 *                          what protection (or is it in the clear)?
 *   ipsec_latch_require()  before connect(): latch this socket's flow,
 *                          PROTECT (protected or not at all) or
 *                          BYPASS_OR_PROTECT (protected if the peer can,
 *                          else clear for the life of the connection)
 *   ipsec_latch_check()    does the protection meet a policy the
 *                          application states?
 *
 * A socket is named by a descriptor the caller holds; the kernel resolves
 * it in the calling process, so a query needs no privilege beyond owning
 * the socket. A PROTECT request needs the administrator to allow requests
 * in the socket's netns (ipsec-latchctl latch requests on), or
 * CAP_NET_ADMIN; BYPASS_OR_PROTECT overrides the system's IPsec policy
 * for the flow and always needs CAP_NET_ADMIN.
 *
 * Calls return 0 (or a count), or -1 with errno set; ipsec_latch_errmsg()
 * then gives a one-line message for the calling thread's last failure.
 * Every call is thread-safe; the library keeps no state but the generic
 * netlink family id, resolved once.
 */
#ifndef IPSEC_LATCH_H
#define IPSEC_LATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <netinet/in.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IPSEC_LATCH_ID_LEN	256	/* identity, with its NUL */
#define IPSEC_LATCH_ALG_LEN	128	/* algorithm name, with its NUL */

/* The latch's state (RFC 5660's, for the clone of the flow). */
enum ipsec_latch_lib_state {
	IPSEC_LATCH_LARVAL,		/* no packet under its SA yet */
	IPSEC_LATCH_ESTABLISHED,	/* bound to a peer and protection */
	IPSEC_LATCH_BROKEN,		/* a packet broke the binding: dropped */
	IPSEC_LATCH_CLOSED,		/* the flow ended */
};

/* What the flow gets. */
enum ipsec_latch_lib_action {
	IPSEC_LATCH_PROTECT,		/* protected, or not at all */
	IPSEC_LATCH_BYPASS_OR_PROTECT,	/* not decided yet (LARVAL) */
	IPSEC_LATCH_BYPASS,		/* in the clear, for life */
};

/* How the action was decided. */
enum ipsec_latch_lib_decision {
	IPSEC_LATCH_DECIDED_NOT_YET,	/* PROTECT, no SA yet; or waiting */
	IPSEC_LATCH_DECIDED_PROTECTED,	/* the first packet was protected */
	IPSEC_LATCH_DECIDED_CLEAR,	/* the first packet was clear */
	IPSEC_LATCH_DECIDED_IKE_FAILED,	/* the SA failed: fell back */
	IPSEC_LATCH_DECIDED_TIMEOUT,	/* no SA in the fallback time */
};

/* Where the peer's identity comes from. */
enum ipsec_latch_lib_id_source {
	IPSEC_LATCH_ID_NONE,		/* not bound (BYPASS, or LARVAL) */
	IPSEC_LATCH_ID_FROM_IKE,	/* the IKE identity the key manager
					 * authenticated
					 */
	IPSEC_LATCH_ID_FROM_ADDRESS,	/* derived: "ADDRESS reqid N", no IKE
					 * identity was annotated
					 */
};

/* Quality of protection: the SAs the flow is latched to. */
struct ipsec_latch_qop {
	int protocol;			/* IPPROTO_ESP or IPPROTO_AH */
	bool tunnel;			/* tunnel mode (else transport) */
	uint32_t reqid;
	char aead[IPSEC_LATCH_ALG_LEN];	/* e.g. "rfc4106(gcm(aes))", or "" */
	unsigned int aead_key_bits;
	unsigned int icv_bits;
	char enc[IPSEC_LATCH_ALG_LEN];	/* e.g. "cbc(aes)", or "" */
	unsigned int enc_key_bits;
	char auth[IPSEC_LATCH_ALG_LEN];	/* e.g. "hmac(sha256)", or "" */
	unsigned int auth_key_bits;
	uint32_t spi_in, spi_out;	/* the latest SAs' SPIs */
	struct sockaddr_storage peer;	/* the SAs' peer (port 0) */
};

/* What ipsec_latch_query() tells of a socket's flow. */
struct ipsec_latch_info {
	enum ipsec_latch_lib_state state;
	enum ipsec_latch_lib_action action;
	enum ipsec_latch_lib_decision decision;
	bool requested;			/* by ipsec_latch_require() */
	unsigned int template_id;	/* an administrator's template; 0 for
					 * transparent mode, a request, or a
					 * caller without CAP_NET_ADMIN
					 */
	bool protected;			/* bound to SAs: peer_id and qop hold */
	enum ipsec_latch_lib_id_source id_source;
	char peer_id[IPSEC_LATCH_ID_LEN];
	struct ipsec_latch_qop qop;
	int protocol;			/* IPPROTO_TCP or IPPROTO_UDP */
	struct sockaddr_storage local, remote;
	uint64_t packets_in, packets_out;
	uint64_t drops_in, drops_out;	/* dropped by the latch */
	unsigned int broken;		/* times it went BROKEN */
};

/*
 * The latch of the connected TCP or UDP socket @fd. Errors: ENOENT (its
 * flow has no latch: no template or request covers it, or it is too new),
 * ENOTCONN, ENOTSOCK, EBADF, EPROTONOSUPPORT (not TCP/UDP over IP),
 * ENOPROTOOPT (the ipsec_latch module is not loaded).
 */
int ipsec_latch_query(int fd, struct ipsec_latch_info *info);

/*
 * Before connect(): latch @fd's flow with @action (IPSEC_LATCH_PROTECT or
 * IPSEC_LATCH_BYPASS_OR_PROTECT, which falls back to the clear when no SA
 * comes within @fallback_ms, 0 meaning the module's default). Lasts for
 * the socket's life; asking again replaces it. Errors: EPERM
 * (BYPASS_OR_PROTECT without CAP_NET_ADMIN), ENOSPC (the netns holds too
 * many requests), EINVAL, and those of ipsec_latch_query().
 */
int ipsec_latch_require(int fd, enum ipsec_latch_lib_action action,
			unsigned int fallback_ms);

/*
 * A policy an application states about its connections, parsed from text:
 * space-separated words, each a condition all must meet:
 *
 *   protected        the flow is bound to SAs (not BYPASS, not LARVAL)
 *   esp | ah         that protocol
 *   transport | tunnel
 *   aead             an AEAD cipher (e.g. AES-GCM)
 *   encrypted        confidentiality and integrity: an AEAD that
 *                    encrypts (not AES-GMAC), or a cipher other than
 *                    null with an integrity algorithm
 *   min-key-bits=N   each key at least N bits (the AEAD's or the
 *                    cipher's; null encryption counts as 0)
 *   peer=PATTERN     the peer identity matches the shell PATTERN
 *                    (fnmatch(3): '*', '?', '[...]')
 *   ike-identity     the identity is the one IKE authenticated, not
 *                    derived from the address
 */
struct ipsec_latch_policy {
	unsigned int flags;		/* IPSEC_LATCH_POLICY_* */
	int protocol;			/* with _PROTOCOL */
	bool tunnel;			/* with _MODE */
	unsigned int min_key_bits;	/* with _MIN_KEY_BITS */
	char peer[IPSEC_LATCH_ID_LEN];	/* with _PEER */
};
#define IPSEC_LATCH_POLICY_PROTECTED	0x01
#define IPSEC_LATCH_POLICY_PROTOCOL	0x02
#define IPSEC_LATCH_POLICY_MODE		0x04
#define IPSEC_LATCH_POLICY_AEAD		0x08
#define IPSEC_LATCH_POLICY_ENCRYPTED	0x10
#define IPSEC_LATCH_POLICY_MIN_KEY_BITS	0x20
#define IPSEC_LATCH_POLICY_PEER		0x40
#define IPSEC_LATCH_POLICY_IKE_ID	0x80

/* Parse @text into @policy. EINVAL, with the bad word in the message. */
int ipsec_latch_policy_parse(const char *text,
			     struct ipsec_latch_policy *policy);

/*
 * Does @info meet @policy? 1: yes; 0: no, and @why (if not NULL) says
 * which condition failed and what the flow has, in at most @len bytes;
 * -1 (EINVAL) if @info or @policy is NULL.
 */
int ipsec_latch_check(const struct ipsec_latch_info *info,
		      const struct ipsec_latch_policy *policy, char *why,
		      size_t len);

/* The calling thread's last failure, in one line ("" if none). */
const char *ipsec_latch_errmsg(void);

/* Names for printing: "established", "protect", "ike", ... */
const char *ipsec_latch_state_name(enum ipsec_latch_lib_state state);
const char *ipsec_latch_action_name(enum ipsec_latch_lib_action action);
const char *ipsec_latch_decision_name(enum ipsec_latch_lib_decision d);

#ifdef __cplusplus
}
#endif

#endif /* IPSEC_LATCH_H */
