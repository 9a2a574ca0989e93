// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libipsec-latch: one generic netlink request to the ipsec_latch family
 * and its replies, on a socket opened for it, so that threads share
 * nothing but the family id. The id is resolved once and kept; a module
 * reloaded since may have another, so a request the kernel refuses for
 * an unknown family is retried once with the id resolved anew.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/ipsec_latch.h>
#include <linux/netlink.h>

#include "ipsec-latch.h"
#include "internal.h"

#define LIB_BUF_SIZE	8192

static int family_id;	/* 0: not resolved; read and set atomically */

struct exchange {
	struct mnl_socket *sock;
	unsigned int portid, seq;
	char buf[LIB_BUF_SIZE];
	char extack[256];
	int err;		/* the kernel's error, 0 if none */
	mnl_cb_t cb;		/* the caller's, for data messages */
	void *data;
};

static int ex_open(struct exchange *ex)
{
	int one = 1;

	ex->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!ex->sock)
		return lib_fail(errno, "cannot open a netlink socket: %s",
				strerror(errno));
	/* Extended ACKs: the kernel says why it refused. */
	mnl_socket_setsockopt(ex->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(ex->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(ex->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = errno;

		mnl_socket_close(ex->sock);
		return lib_fail(err, "cannot bind a netlink socket: %s",
				strerror(err));
	}
	ex->portid = mnl_socket_get_portid(ex->sock);
	ex->seq = 0;
	return 0;
}

static struct nlmsghdr *ex_req(struct exchange *ex, uint16_t type,
			       uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(ex->buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++ex->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

static int err_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct exchange *ex = data;
	const struct nlattr *a;
	size_t off;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		ex->err = EBADMSG;
		return MNL_CB_ERROR;
	}
	ex->err = -e->error;
	ex->extack[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return ex->err ? MNL_CB_ERROR : MNL_CB_STOP;
	off = sizeof(*e);	/* NETLINK_CAP_ACK: no request echoed */
	mnl_attr_for_each(a, nlh, off) {
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			snprintf(ex->extack, sizeof(ex->extack), "%s",
				 mnl_attr_get_str(a));
	}
	return ex->err ? MNL_CB_ERROR : MNL_CB_STOP;
}

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct exchange *ex = data;

	return ex->cb ? ex->cb(nlh, ex->data) : MNL_CB_OK;
}

static int noop_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

/* Send what ex->buf holds; feed replies to @cb until the ACK. */
static int ex_talk(struct exchange *ex, struct nlmsghdr *nlh, mnl_cb_t cb,
		   void *data)
{
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_NOOP] = noop_cb,
		[NLMSG_ERROR] = err_cb,
	};
	unsigned int seq = nlh->nlmsg_seq;	/* replies overwrite it */
	int ret;

	ex->err = 0;
	ex->cb = cb;
	ex->data = data;
	if (mnl_socket_sendto(ex->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		ret = mnl_socket_recvfrom(ex->sock, ex->buf, sizeof(ex->buf));
		if (ret < 0)
			return -errno;
		ret = mnl_cb_run2(ex->buf, ret, seq, ex->portid,
				  data_cb, ex, ctl, NLMSG_MIN_TYPE);
	} while (ret > 0);
	if (ex->err)
		return -ex->err;
	return ret < 0 ? -errno : 0;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_validate(a, MNL_TYPE_U16) == 0)
			*(int *)data = mnl_attr_get_u16(a);
	}
	return MNL_CB_OK;
}

static int resolve_family(struct exchange *ex)
{
	struct nlmsghdr *nlh = ex_req(ex, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	int id = 0, ret;

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, IPSEC_LATCH_GENL_NAME);
	ret = ex_talk(ex, nlh, family_cb, &id);
	if (ret == -ENOENT)
		return lib_fail(ENOPROTOOPT,
				"the ipsec_latch kernel module is not loaded");
	if (ret < 0 || !id)
		return lib_fail(ret < 0 ? -ret : EPROTO,
				"cannot resolve the ipsec_latch family: %s",
				strerror(ret < 0 ? -ret : EPROTO));
	__atomic_store_n(&family_id, id, __ATOMIC_RELAXED);
	return id;
}

int lib_talk(uint8_t cmd, lib_put_fn put, const void *arg, mnl_cb_t cb,
	     void *data)
{
	struct exchange *ex;
	struct nlmsghdr *nlh;
	int id, ret, tries;

	ex = calloc(1, sizeof(*ex));
	if (!ex)
		return lib_fail(ENOMEM, "out of memory");
	ret = ex_open(ex);
	if (ret < 0)
		goto out_free;
	for (tries = 0; tries < 2; tries++) {
		id = __atomic_load_n(&family_id, __ATOMIC_RELAXED);
		if (!id || tries) {
			id = resolve_family(ex);
			if (id < 0) {
				ret = -1;
				goto out;
			}
		}
		nlh = ex_req(ex, id, cmd, IPSEC_LATCH_GENL_VERSION);
		if (put && put(nlh, sizeof(ex->buf), arg) < 0) {
			ret = lib_fail(EMSGSIZE, "request too long");
			goto out;
		}
		ret = ex_talk(ex, nlh, cb, data);
		/* An unknown family says nothing more: try a fresh id. */
		if (ret != -ENOENT || ex->extack[0])
			break;
	}
	if (ret < 0)
		ret = ex->extack[0] ?
		      lib_fail(-ret, "%s: %s", strerror(-ret), ex->extack) :
		      lib_fail(-ret, "%s", strerror(-ret));
out:
	mnl_socket_close(ex->sock);
out_free:
	free(ex);
	return ret;
}
