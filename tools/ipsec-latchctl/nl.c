// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: generic netlink transport for the ipsec_latch family.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/ipsec_latch.h>
#include <linux/netlink.h>

#include "nl.h"
#include "util.h"

struct ipl_talk {
	struct ipl_nl *nl;
	mnl_cb_t cb;
	void *data;
};

/*
 * Extended ACK TLVs start hlen bytes into the payload of an NLMSG_ERROR or
 * NLMSG_DONE message, if the kernel flagged them.
 */
static void parse_extack(struct ipl_nl *nl, const struct nlmsghdr *nlh,
			 size_t hlen)
{
	const struct nlattr *attr;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    mnl_nlmsg_get_payload_len(nlh) < hlen)
		return;

	mnl_attr_for_each(attr, nlh, hlen) {
		if (mnl_attr_get_type(attr) != NLMSGERR_ATTR_MSG ||
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			continue;
		snprintf(nl->extack, sizeof(nl->extack), "%s",
			 mnl_attr_get_str(attr));
	}
}

static int talk_error_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ipl_nl *nl = ((struct ipl_talk *)data)->nl;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t hlen = sizeof(*e);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}

	/*
	 * Without NETLINK_CAP_ACK (or if the kernel did not honour it) the
	 * whole request is echoed after the header: skip it.
	 */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len >= sizeof(struct nlmsghdr))
			hlen += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
		else
			hlen = 0;	/* bogus echo: ignore the TLVs */
	}
	if (hlen)
		parse_extack(nl, nlh, hlen);

	if (!e->error) {
		/* ACK; may carry a warning */
		if (nl->extack[0])
			ipl_warn("%s", nl->extack);
		return MNL_CB_STOP;
	}
	nl->err = e->error < 0 ? -e->error : e->error;
	nl->kernel_err = true;
	errno = nl->err;
	return MNL_CB_ERROR;
}

/* End of a dump: an int error, then extended ACK TLVs. */
static int talk_done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ipl_nl *nl = ((struct ipl_talk *)data)->nl;
	int error;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(error))
		return MNL_CB_STOP;
	memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	parse_extack(nl, nlh, sizeof(error));
	if (!error)
		return MNL_CB_STOP;
	nl->err = error < 0 ? -error : error;
	nl->kernel_err = true;
	errno = nl->err;
	return MNL_CB_ERROR;
}

static int talk_noop_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

static int talk_overrun_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	errno = ENOSPC;
	return MNL_CB_ERROR;
}

static int talk_data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ipl_talk *t = data;

	return t->cb ? t->cb(nlh, t->data) : MNL_CB_OK;
}

int ipl_nl_talk(struct ipl_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data)
{
	/*
	 * libmnl uses only this table for types below its length. Not
	 * const: libmnl 1.0.4 takes a non-const pointer.
	 */
	static mnl_cb_t ctl_cb[NLMSG_MIN_TYPE] = {
		[NLMSG_NOOP]	= talk_noop_cb,
		[NLMSG_ERROR]	= talk_error_cb,
		[NLMSG_DONE]	= talk_done_cb,
		[NLMSG_OVERRUN]	= talk_overrun_cb,
	};
	struct ipl_talk t = { .nl = nl, .cb = cb, .data = data };
	unsigned int seq = nlh->nlmsg_seq;
	ssize_t len;
	int ret;

	nl->err = 0;
	nl->kernel_err = false;
	nl->extack[0] = '\0';

	nlh->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0) {
		nl->err = errno;
		return -1;
	}

	for (;;) {
		len = mnl_socket_recvfrom(nl->sock, nl->rbuf,
					  IPL_NL_RBUF_SIZE);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			nl->err = errno;
			return -1;
		}
		errno = 0;
		ret = mnl_cb_run2(nl->rbuf, len, seq, nl->portid,
				  talk_data_cb, &t, ctl_cb,
				  MNL_ARRAY_SIZE(ctl_cb));
		if (ret == MNL_CB_ERROR) {
			if (!nl->err)
				nl->err = errno ? errno : EPROTO;
			return -1;
		}
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

void ipl_nl_perror(const struct ipl_nl *nl)
{
	const char *hint = "";

	if (!nl->kernel_err) {
		ipl_err("netlink: %s", strerror(nl->err));
		return;
	}
	if (nl->err == EPERM)
		hint = " (needs CAP_NET_ADMIN in the network namespace)";
	else if (nl->err == EOPNOTSUPP)
		hint = " (the loaded " IPL_MODULE " module lacks this command; too old?)";
	if (nl->extack[0])
		ipl_err("%s: %s%s", strerror(nl->err), nl->extack, hint);
	else
		ipl_err("%s%s", strerror(nl->err), hint);
}

void ipl_nl_perror_reply(const struct ipl_nl *nl, const char *what)
{
	if (nl->kernel_err)
		ipl_nl_perror(nl);
	else
		ipl_err("bad %s from the kernel: %s", what, strerror(nl->err));
}

struct nlmsghdr *ipl_nl_msg(struct ipl_nl *nl, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh;

	nlh = mnl_nlmsg_put_header(nl->sbuf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	return nlh;
}

static struct nlmsghdr *genl_req(struct ipl_nl *nl, uint16_t family,
				  uint8_t cmd, uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	nlh = ipl_nl_msg(nl, family, flags);
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

struct nlmsghdr *ipl_nl_req(struct ipl_nl *nl, uint8_t cmd, uint16_t flags)
{
	return genl_req(nl, nl->family, cmd, IPSEC_LATCH_GENL_VERSION, flags);
}

/* One CTRL_ATTR_MCAST_GROUPS entry; others than name + id are ignored. */
static int parse_mcgrp(const struct nlattr *grp, struct ipl_nl *nl)
{
	struct ipl_nl_mcgrp *g = &nl->mcgrps[nl->n_mcgrps];
	const struct nlattr *attr;
	bool has_name = false, has_id = false;

	if (mnl_attr_validate(grp, MNL_TYPE_NESTED) < 0)
		return -1;
	memset(g, 0, sizeof(*g));
	mnl_attr_for_each_nested(attr, grp) {
		switch (mnl_attr_get_type(attr)) {
		case CTRL_ATTR_MCAST_GRP_NAME:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
				return -1;
			snprintf(g->name, sizeof(g->name), "%s",
				 mnl_attr_get_str(attr));
			has_name = true;
			break;
		case CTRL_ATTR_MCAST_GRP_ID:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				return -1;
			g->id = mnl_attr_get_u32(attr);
			has_id = true;
			break;
		}
	}
	if (has_name && has_id)
		nl->n_mcgrps++;
	return 0;
}

static int parse_mcgrps(const struct nlattr *nest, struct ipl_nl *nl)
{
	const struct nlattr *grp;

	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0)
		return -1;
	mnl_attr_for_each_nested(grp, nest) {
		if (nl->n_mcgrps >= IPL_NL_MAX_MCGRPS)
			break;
		if (parse_mcgrp(grp, nl) < 0)
			return -1;
	}
	return 0;
}

int ipl_nl_family_parse(const struct nlmsghdr *nlh, struct ipl_nl *nl)
{
	const struct nlattr *attr;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr)) {
		errno = EBADMSG;
		return -1;
	}
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
		case CTRL_ATTR_FAMILY_ID:
			if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
				return -1;
			nl->family = mnl_attr_get_u16(attr);
			break;
		case CTRL_ATTR_VERSION:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				return -1;
			nl->family_version = mnl_attr_get_u32(attr);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			nl->n_mcgrps = 0;
			if (parse_mcgrps(attr, nl) < 0) {
				errno = EBADMSG;
				return -1;
			}
			break;
		}
	}
	return 0;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return ipl_nl_family_parse(nlh, data) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static int resolve_family(struct ipl_nl *nl)
{
	struct nlmsghdr *nlh;

	nlh = genl_req(nl, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, IPSEC_LATCH_GENL_NAME);

	if (ipl_nl_talk(nl, nlh, family_cb, nl) < 0) {
		if (nl->kernel_err && nl->err == ENOENT)
			ipl_err("the %s kernel module is not loaded (load it with 'modprobe %s')",
				IPL_MODULE, IPL_MODULE);
		else
			ipl_nl_perror(nl);
		return -1;
	}
	if (!nl->family) {
		ipl_err("no family id for '%s' from the kernel",
			IPSEC_LATCH_GENL_NAME);
		return -1;
	}
	return 0;
}

/*
 * Buffers and a bound socket of protocol bus that asked for extended
 * ACKs. Returns 0, or -1 with errno set and *fail saying what failed
 * (nl to be closed).
 */
static int sock_open(struct ipl_nl *nl, int bus, const char **fail)
{
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->seq = time(NULL);
	nl->sbuf = calloc(1, IPL_NL_SBUF_SIZE);
	nl->rbuf = malloc(IPL_NL_RBUF_SIZE);
	if (!nl->sbuf || !nl->rbuf) {
		*fail = "allocate netlink buffers";
		errno = ENOMEM;
		return -1;
	}

	nl->sock = mnl_socket_open(bus);
	if (!nl->sock) {
		*fail = "open a netlink socket";
		return -1;
	}
	/* Best effort: older kernels just give bare errors. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));

	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		*fail = "bind the netlink socket";
		return -1;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	return 0;
}

int ipl_nl_open(struct ipl_nl *nl)
{
	const char *fail;

	if (sock_open(nl, NETLINK_GENERIC, &fail) < 0) {
		ipl_err("cannot %s: %s", fail, strerror(errno));
		goto err;
	}
	if (resolve_family(nl) < 0)
		goto err;
	return 0;
err:
	ipl_nl_close(nl);
	return -1;
}

int ipl_nl_open_xfrm(struct ipl_nl *nl, const char **fail)
{
	int err;

	if (sock_open(nl, NETLINK_XFRM, fail) < 0) {
		err = errno;
		ipl_nl_close(nl);
		errno = err;
		return -1;
	}
	return 0;
}

void ipl_nl_close(struct ipl_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl->sbuf);
	free(nl->rbuf);
	nl->sock = NULL;
	nl->sbuf = NULL;
	nl->rbuf = NULL;
}

struct nlmsghdr *ipl_nl_open_req(struct ipl_nl *nl, uint8_t cmd,
				 uint16_t flags, ipl_nl_put_fn put,
				 const void *arg)
{
	struct nlmsghdr *nlh;

	if (ipl_nl_open(nl) < 0)
		return NULL;
	nlh = ipl_nl_req(nl, cmd, flags);
	if (put && put(nlh, IPL_NL_SBUF_SIZE, arg) < 0) {
		ipl_err("request too long");
		ipl_nl_close(nl);
		return NULL;
	}
	return nlh;
}

int ipl_nl_mcgrp_id(const struct ipl_nl *nl, const char *name, uint32_t *id)
{
	unsigned int i;

	for (i = 0; i < nl->n_mcgrps; i++) {
		if (!strcmp(nl->mcgrps[i].name, name)) {
			*id = nl->mcgrps[i].id;
			return 0;
		}
	}
	return -1;
}

static int join_group(struct ipl_nl *nl, uint32_t id)
{
	int grp = id;

	return mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &grp,
				     sizeof(grp));
}

int ipl_nl_join(struct ipl_nl *nl, const char *name)
{
	uint32_t id;

	if (ipl_nl_mcgrp_id(nl, name, &id) < 0) {
		ipl_err("the loaded %s module has no '%s' multicast group (too old?)",
			IPL_MODULE, name);
		return -1;
	}
	if (join_group(nl, id) < 0) {
		ipl_err("cannot subscribe to the '%s' multicast group: %s%s",
			name, strerror(errno), errno == EPERM ?
			" (needs CAP_NET_ADMIN in the network namespace)" : "");
		return -1;
	}
	return 0;
}

/* The controller's only group, "notify", has the controller's id. */
int ipl_nl_join_ctrl(struct ipl_nl *nl)
{
	return join_group(nl, GENL_ID_CTRL);
}
