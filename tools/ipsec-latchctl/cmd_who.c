// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "who PROTO LOCAL:PORT REMOTE:PORT" and "who PID/FD":
 * who is at the other end of a flow, by its latch.
 *
 * For PID/FD the socket's inode (from /proc/PID/fd/FD) is looked up in
 * /proc/PID/net/{tcp,tcp6,udp,udp6}, which give its protocol and ends;
 * the latch is then looked up in the process's network namespace.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "args.h"
#include "cmds.h"
#include "latch.h"
#include "names.h"
#include "netns.h"
#include "procnet.h"
#include "util.h"

#define PROCNET_MAX	(64 << 20)	/* sanity bound on one file */

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

/* The whole file as a string; NULL with errno set. */
static char *read_file(const char *path)
{
	size_t len = 0, cap = 0;
	char *buf = NULL, *p;
	ssize_t r;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? 2 * cap : 65536;
			p = cap <= PROCNET_MAX ? realloc(buf, cap + 1) : NULL;
			if (!p) {
				err = cap <= PROCNET_MAX ? ENOMEM : EFBIG;
				goto fail;
			}
			buf = p;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = errno;
			goto fail;
		}
		if (!r)
			break;
		len += r;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
fail:
	close(fd);
	free(buf);
	errno = err;
	return NULL;
}

/* The inode of socket pid/fd; 0, or -1 (reported). */
static int socket_inode(int pid, int fd, unsigned long *inode)
{
	char path[64], link[256], dir[32];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0) {
		snprintf(dir, sizeof(dir), "/proc/%d", pid);
		if (errno == ENOENT && access(dir, F_OK) < 0)
			ipl_err("no process %d", pid);
		else if (errno == ENOENT)
			ipl_err("process %d has no file descriptor %d", pid,
				fd);
		else
			ipl_err("cannot read %s: %s%s", path, strerror(errno),
				errno == EACCES || errno == EPERM ?
				" (needs to run as the process's user, or as root)" :
				"");
		return -1;
	}
	link[n] = '\0';
	if (ipl_procnet_socket_inode(link, inode) < 0) {
		ipl_err("file descriptor %d of process %d is not a socket (it is %s)",
			fd, pid, link);
		return -1;
	}
	return 0;
}

/* Find the socket; 1 found, 0 not in these files, -1 (reported). */
static int find_socket(int pid, unsigned long inode,
		       struct ipl_procnet_sock *s, uint8_t *proto)
{
	static const struct {
		const char *file;
		int family;
		uint8_t proto;
	} files[] = {
		{ "tcp",	AF_INET,	IPPROTO_TCP },
		{ "tcp6",	AF_INET6,	IPPROTO_TCP },
		{ "udp",	AF_INET,	IPPROTO_UDP },
		{ "udp6",	AF_INET6,	IPPROTO_UDP },
	};
	char path[64];
	size_t i;
	char *text;
	int found;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "/proc/%d/net/%s", pid,
			 files[i].file);
		text = read_file(path);
		if (!text) {
			/* no IPv6 in the kernel, or the process is gone */
			if (errno == ENOENT)
				continue;
			ipl_err("cannot read %s: %s", path, strerror(errno));
			return -1;
		}
		found = ipl_procnet_find(text, files[i].family, inode, s);
		free(text);
		if (found) {
			*proto = files[i].proto;
			return 1;
		}
	}
	return 0;
}

/* The flow of socket pid/fd; 0, or -1 (reported). */
static int flow_of_fd(int pid, int fd, struct ipl_latch_filter *f)
{
	struct ipl_procnet_sock s;
	unsigned long inode;
	uint8_t proto;
	int ret;

	if (socket_inode(pid, fd, &inode) < 0)
		return -1;
	ret = find_socket(pid, inode, &s, &proto);
	if (ret < 0)
		return -1;
	if (!ret) {
		ipl_err("socket %d/%d (socket:[%lu]) is not a TCP or UDP socket (not in /proc/%d/net/{tcp,tcp6,udp,udp6})",
			pid, fd, inode, pid);
		return -1;
	}
	switch (ipl_procnet_flow(&s, proto)) {
	case IPL_PROCNET_LISTENING:
		ipl_err("socket %d/%d is a listening TCP socket: latches are per connection; give one of its accepted sockets",
			pid, fd);
		return -1;
	case IPL_PROCNET_UNCONNECTED:
		ipl_err("socket %d/%d is not connected: it has no one peer; give 'who %s LOCAL:PORT REMOTE:PORT' for one of its flows",
			pid, fd, proto == IPPROTO_TCP ? "tcp" : "udp");
		return -1;
	case IPL_PROCNET_FLOW:
		break;
	}
	ipl_latch_filter_flow(f, proto, &s.local, s.lport, &s.remote, s.rport);
	return 0;
}

/* Run in the network namespace of pid: -n must name that one. */
static int netns_of_pid(const struct ipl_args *a, int pid)
{
	int same = ipl_netns_is_current(pid);

	if (same < 0)
		return -1;
	if (same)
		return 0;
	if (a->netns) {
		ipl_err("process %d is not in network namespace '%s'", pid,
			a->netns);
		return -1;
	}
	return ipl_netns_enter_pid(pid);
}

int cmd_who(const struct ipl_args *a)
{
	struct ipl_latch_filter flow = a->who.flow;
	const struct ipl_latch *l;
	struct ipl_latch *v;
	char buf[2 * IPL_ENDPOINT_LEN + 32];
	size_t n;
	int ret;

	if (a->who.by_fd &&
	    (flow_of_fd(a->who.pid, a->who.fd, &flow) < 0 ||
	     netns_of_pid(a, a->who.pid) < 0))
		return IPL_EXIT_FAIL;

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
