// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "who PROTO LOCAL:PORT REMOTE:PORT" and "who PID/FD":
 * who is at the other end of a flow, by its latch.
 *
 * For PID/FD the kernel is asked about the socket itself (who_fd()); for
 * a flow named by its ends, the latch is looked up in this network
 * namespace.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include <ipsec-latch.h>
#include "../../lib/internal.h"

#include "args.h"
#include "cmds.h"
#include "latch.h"
#include "names.h"
#include "util.h"

/* "tcp 192.0.2.1:40000 -> 192.0.2.2:80" */
static const char *flow_str(const struct ipl_latch_filter *f, char *buf,
			    size_t len)
{
	char proto[IPL_LABEL_LEN], local[IPL_ENDPOINT_LEN];
	char remote[IPL_ENDPOINT_LEN];

	snprintf(buf, len, "%s %s -> %s",
		 ipl_l4proto_label(f->proto, proto, sizeof(proto)),
		 ipl_endpoint_str(&f->local, true, f->lport, local,
				  sizeof(local)),
		 ipl_endpoint_str(&f->remote, true, f->rport, remote,
				  sizeof(remote)));
	return buf;
}

/* A duplicate of descriptor @fd of process @pid; -1 (reported). */
static int grab_fd(int pid, int fd)
{
	int pidfd, dup;

	pidfd = syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0) {
		if (errno == ESRCH)
			ipl_err("no process %d", pid);
		else
			ipl_err("cannot open process %d: %s", pid,
				strerror(errno));
		return -1;
	}
	dup = syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	if (dup < 0) {
		if (errno == EBADF)
			ipl_err("process %d has no file descriptor %d", pid,
				fd);
		else
			ipl_err("cannot take descriptor %d of process %d: %s%s",
				fd, pid, strerror(errno),
				errno == EPERM ?
				" (needs to be the process's user, allowed to trace it, or root)" :
				"");
	}
	close(pidfd);
	return dup;
}

struct who_reply {
	struct ipl_latch *latch;
	bool seen;
};

static int who_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct who_reply *r = data;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != IPSEC_LATCH_A_LATCH)
			continue;
		if (ipl_latch_parse(a, r->latch) < 0)
			return MNL_CB_ERROR;
		r->seen = true;
	}
	return MNL_CB_OK;
}

static int put_fd(struct nlmsghdr *nlh, size_t size, const void *arg)
{
	return mnl_attr_put_u32_check(nlh, size, IPSEC_LATCH_A_SOCK_FD,
				      *(const int *)arg) ? 0 : -1;
}

/*
 * The latch of socket PID/FD: the descriptor is taken from the process
 * (pidfd_getfd(2): its user or root) and the kernel asked about it as
 * libipsec-latch asks for an application's own socket, in the socket's
 * own network namespace.
 */
static int who_fd(const struct ipl_args *a)
{
	struct ipl_latch l;
	struct who_reply r = { .latch = &l };
	int fd, ret;

	fd = grab_fd(a->who.pid, a->who.fd);
	if (fd < 0)
		return IPL_EXIT_FAIL;
	ret = lib_talk(IPSEC_LATCH_CMD_SOCK_QUERY, put_fd, &fd, who_reply_cb,
		       &r);
	close(fd);
	if (ret < 0) {
		ipl_err("socket %d/%d: %s", a->who.pid, a->who.fd,
			ipsec_latch_errmsg());
		return errno == ENOENT ? IPL_EXIT_NOT_LATCHED : IPL_EXIT_FAIL;
	}
	if (!r.seen) {
		ipl_err("socket %d/%d: the kernel's reply held no latch",
			a->who.pid, a->who.fd);
		return IPL_EXIT_FAIL;
	}
	return ipl_latch_print_who(stdout, a->json, &l) < 0 ? IPL_EXIT_FAIL :
							     IPL_EXIT_OK;
}

int cmd_who(const struct ipl_args *a)
{
	struct ipl_latch_filter flow = a->who.flow;
	const struct ipl_latch *l;
	struct ipl_latch *v;
	char buf[2 * IPL_ENDPOINT_LEN + 32];
	size_t n;
	int ret;

	if (a->who.by_fd)
		return who_fd(a);

	if (ipl_latch_fetch(&flow, &v, &n) < 0)
		return IPL_EXIT_FAIL;
	l = ipl_latch_pick(v, n);
	if (!l) {
		ipl_err("not latched: %s has no latch in this network namespace",
			flow_str(&flow, buf, sizeof(buf)));
		free(v);
		return IPL_EXIT_NOT_LATCHED;
	}
	ret = ipl_latch_print_who(stdout, a->json, l);
	free(v);
	return ret < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}
