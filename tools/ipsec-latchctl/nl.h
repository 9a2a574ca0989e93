/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: generic netlink transport for the ipsec_latch family.
 *
 * One request at a time: build it with ipl_nl_req(), add attributes with
 * libmnl (mnl_attr_put_*_check() against IPL_NL_SBUF_SIZE), then
 * ipl_nl_talk() sends it with NLM_F_ACK, feeds each reply message to a
 * callback and returns once the kernel acknowledged, finished a dump or
 * reported an error. Extended ACK messages are kept for the error report.
 *
 * Notifications: ipl_nl_join() subscribes the socket to one of the
 * family's multicast groups (resolved by name when the family was); the
 * caller then reads nl->sock itself.
 *
 * The same transport talks NETLINK_XFRM (ipl_nl_open_xfrm(), requests
 * started with ipl_nl_msg()) to read the kernel's SPD.
 */
#ifndef IPL_NL_H
#define IPL_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#define IPL_NL_SBUF_SIZE	8192
#define IPL_NL_RBUF_SIZE	32768	/* >= a kernel dump skb */
#define IPL_NL_EXTACK_LEN	256
#define IPL_NL_MAX_MCGRPS	8	/* kept from CTRL_ATTR_MCAST_GROUPS */

struct ipl_nl_mcgrp {
	char name[GENL_NAMSIZ];
	uint32_t id;
};

struct ipl_nl {
	struct mnl_socket *sock;
	unsigned int portid;
	unsigned int seq;
	uint16_t family;		/* resolved family id */
	uint32_t family_version;	/* CTRL_ATTR_VERSION */
	unsigned int n_mcgrps;
	struct ipl_nl_mcgrp mcgrps[IPL_NL_MAX_MCGRPS];
	char *sbuf;
	char *rbuf;

	/* outcome of the last ipl_nl_talk() */
	int err;			/* errno value, 0 if none */
	bool kernel_err;		/* err came from an NLMSG_ERROR */
	char extack[IPL_NL_EXTACK_LEN];	/* NLMSGERR_ATTR_MSG, or "" */
};

/*
 * Open a generic netlink socket in the current network namespace, ask for
 * extended ACKs and resolve the ipsec_latch family. On failure reports on
 * stderr (one line; "module not loaded" if the family is unknown) and
 * returns -1.
 */
int ipl_nl_open(struct ipl_nl *nl);
void ipl_nl_close(struct ipl_nl *nl);

/*
 * A NETLINK_XFRM socket (for reading the SPD), with what ipl_nl_talk()
 * needs, but no generic netlink family. Returns 0, or -1 with errno set
 * and *fail saying what failed; nothing reported.
 */
int ipl_nl_open_xfrm(struct ipl_nl *nl, const char **fail);

/*
 * Start a netlink message of type in nl->sbuf, with NLM_F_REQUEST, flags
 * and the next sequence number; the caller adds its header and attributes.
 */
struct nlmsghdr *ipl_nl_msg(struct ipl_nl *nl, uint16_t type, uint16_t flags);

/* Start a request for cmd in nl->sbuf. flags: extra NLM_F_* (e.g. DUMP). */
struct nlmsghdr *ipl_nl_req(struct ipl_nl *nl, uint8_t cmd, uint16_t flags);

/*
 * Adds a request's attributes from arg to nlh, in a buffer of size bytes;
 * returns 0, or -1 if they do not fit.
 */
typedef int (*ipl_nl_put_fn)(struct nlmsghdr *nlh, size_t size,
			     const void *arg);

/*
 * ipl_nl_open(), then start the request cmd with what put (if not NULL)
 * adds from arg. Returns it, or NULL (reported, nl closed).
 */
struct nlmsghdr *ipl_nl_open_req(struct ipl_nl *nl, uint8_t cmd,
				 uint16_t flags, ipl_nl_put_fn put,
				 const void *arg);

/*
 * Send nlh and process replies; cb (may be NULL) gets each data message.
 * Returns 0, or -1 with nl->err set. If cb returns MNL_CB_ERROR it must
 * set errno.
 */
int ipl_nl_talk(struct ipl_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data);

/*
 * Report the failure of the last ipl_nl_talk():
 * "ipsec-latchctl: <strerror>[: <extack>][ (hint)]".
 */
void ipl_nl_perror(const struct ipl_nl *nl);

/*
 * The same for a request whose reply is parsed: the kernel's error, else
 * "ipsec-latchctl: bad <what> from the kernel: <strerror>".
 */
void ipl_nl_perror_reply(const struct ipl_nl *nl, const char *what);

/*
 * Parse a CTRL_CMD_GETFAMILY reply into nl->family, ->family_version and
 * ->mcgrps (part of ipl_nl_open(), exposed for unit tests). Returns 0, or
 * -1 with errno set.
 */
int ipl_nl_family_parse(const struct nlmsghdr *nlh, struct ipl_nl *nl);

/* Id of the family's multicast group name; 0, or -1 if it has none. */
int ipl_nl_mcgrp_id(const struct ipl_nl *nl, const char *name, uint32_t *id);

/*
 * Subscribe to the family's multicast group name. Reports failures on
 * stderr; returns 0 or -1.
 */
int ipl_nl_join(struct ipl_nl *nl, const char *name);

/*
 * Subscribe to generic netlink's own "notify" group, which announces
 * families coming and going (CTRL_CMD_NEWFAMILY, _DELFAMILY). Returns 0,
 * or -1 with errno set; nothing reported.
 */
int ipl_nl_join_ctrl(struct ipl_nl *nl);

#endif /* IPL_NL_H */
