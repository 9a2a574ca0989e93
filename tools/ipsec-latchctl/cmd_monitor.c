// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "monitor", resolution and latch events as they happen.
 *
 * Listens on the family's "events" group in the network namespace the
 * tool runs in (the kernel multicasts each event in the resolution's
 * netns), and on generic netlink's "notify" group to notice the module
 * going away. SIGINT and SIGTERM end it with success: they are blocked
 * and read from a signalfd polled with the socket, so none is lost between
 * two reads, and they work even where the shell ignores SIGINT (background
 * jobs of scripts). The signal mask is restored when it ends. In a batch
 * file the signal was meant for the whole batch, not for this line alone:
 * the exit status is then IPL_EXIT_SIGNAL + the signal, which stops it.
 *
 * "monitor resolve|latch" and "event NAME" filter the events here, as
 * they come: the kernel multicasts them all.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/ipsec_latch.h>

#include "args.h"
#include "cmds.h"
#include "latch.h"
#include "nl.h"
#include "resolution.h"
#include "util.h"

#define MONITOR_RCVBUF	(1 << 20)	/* best effort, fewer lost events */

struct monitor {
	const struct ipl_args *a;
	const struct ipl_nl *nl;
	bool module_gone;
	int write_err;		/* errno of a failed write to stdout */
};

static const struct genlmsghdr *genl_hdr(const struct nlmsghdr *nlh)
{
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
		return NULL;
	return mnl_nlmsg_get_payload(nlh);
}

/* The controller announces families going away: is it ours? */
static int ctrl_msg(struct monitor *m, const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g = genl_hdr(nlh);
	struct ipl_nl fam = { 0 };

	if (!g || g->cmd != CTRL_CMD_DELFAMILY ||
	    ipl_nl_family_parse(nlh, &fam) < 0 || fam.family != m->nl->family)
		return MNL_CB_OK;
	m->module_gone = true;
	return MNL_CB_STOP;
}

/* When the event came, if -t asks for it; else NULL. */
static const struct timespec *stamp(const struct monitor *m,
				    struct timespec *ts)
{
	if (!m->a->timestamp || clock_gettime(CLOCK_REALTIME, ts) < 0)
		return NULL;
	return ts;
}

/* Print a resolution event the filter lets through; 1 if malformed. */
static int res_event(struct monitor *m, const struct nlmsghdr *nlh)
{
	struct ipl_res_event ev;
	struct timespec ts;

	if (ipl_res_event_parse(nlh, &ev) < 0)
		return 1;
	if (!ipl_monitor_wants(&m->a->monitor, false,
			       ev.has_event ? ev.event : 0))
		return 0;
	return ipl_res_event_print(stdout, m->a->json, stamp(m, &ts), &ev);
}

static int latch_event(struct monitor *m, const struct nlmsghdr *nlh)
{
	struct ipl_latch_event ev;
	struct timespec ts;

	if (ipl_latch_event_parse(nlh, &ev) < 0)
		return 1;
	if (!ipl_monitor_wants(&m->a->monitor, true,
			       ev.has_event ? ev.event : 0))
		return 0;
	return ipl_latch_event_print(stdout, m->a->json, stamp(m, &ts), &ev);
}

static int event_msg(struct monitor *m, const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g = genl_hdr(nlh);
	int ret;

	/* other commands: notifications of a newer module */
	if (!g)
		return MNL_CB_OK;
	if (g->cmd == IPSEC_LATCH_CMD_RES_EVENT)
		ret = res_event(m, nlh);
	else if (g->cmd == IPSEC_LATCH_CMD_LATCH_EVENT)
		ret = latch_event(m, nlh);
	else
		return MNL_CB_OK;
	if (ret > 0) {
		ipl_warn("malformed event from the kernel ignored");
		return MNL_CB_OK;
	}
	if (ret < 0 || fflush(stdout)) {
		m->write_err = errno ? errno : EIO;
		return MNL_CB_STOP;
	}
	return MNL_CB_OK;
}

static int monitor_cb(const struct nlmsghdr *nlh, void *data)
{
	struct monitor *m = data;

	if (nlh->nlmsg_type == GENL_ID_CTRL)
		return ctrl_msg(m, nlh);
	if (nlh->nlmsg_type == m->nl->family)
		return event_msg(m, nlh);
	return MNL_CB_OK;
}

/*
 * Block SIGINT and SIGTERM and read them from a descriptor; or -1. The
 * mask before goes into *old.
 */
static int monitor_signals(sigset_t *old)
{
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, old) < 0) {
		ipl_err("cannot block signals: %s", strerror(errno));
		return -1;
	}
	fd = signalfd(-1, &set, SFD_CLOEXEC);
	if (fd < 0) {
		ipl_err("signalfd: %s", strerror(errno));
		sigprocmask(SIG_SETMASK, old, NULL);
	}
	return fd;
}

/* Read the pending signals; the first one's number (SIGINT if unread). */
static int consume_signals(int sigfd)
{
	struct signalfd_siginfo si[2];	/* SIGINT and SIGTERM, at most */
	ssize_t len;

	while ((len = read(sigfd, si, sizeof(si))) < 0 && errno == EINTR)
		;
	return len >= (ssize_t)sizeof(si[0]) ? (int)si[0].ssi_signo : SIGINT;
}

/* Read and print until a signal; returns an enum ipl_exit value. */
static int monitor_loop(struct monitor *m, struct ipl_nl *nl, int sigfd)
{
	struct pollfd pfd[2] = {
		{ .fd = mnl_socket_get_fd(nl->sock), .events = POLLIN },
		{ .fd = sigfd, .events = POLLIN },
	};
	ssize_t len;
	int sig;

	for (;;) {
		if (poll(pfd, ARRAY_SIZE(pfd), -1) < 0) {
			if (errno == EINTR)
				continue;
			ipl_err("poll: %s", strerror(errno));
			return IPL_EXIT_FAIL;
		}
		if (pfd[1].revents) {
			/* SIGINT or SIGTERM: read, not left for the mask */
			sig = consume_signals(sigfd);
			return m->a->in_batch ? IPL_EXIT_SIGNAL + sig :
						IPL_EXIT_OK;
		}
		if (!pfd[0].revents)
			continue;
		len = mnl_socket_recvfrom(nl->sock, nl->rbuf,
					  IPL_NL_RBUF_SIZE);
		if (len < 0) {
			if (errno == ENOBUFS) {
				/* the socket overran; carry on */
				ipl_warn("events lost: receive buffer overrun");
				continue;
			}
			if (errno == ENOSPC) {
				ipl_warn("oversized message ignored");
				continue;
			}
			if (errno == EINTR)
				continue;
			ipl_err("netlink: %s", strerror(errno));
			return IPL_EXIT_FAIL;
		}
		/* seq and portid 0: accept notifications */
		if (mnl_cb_run(nl->rbuf, len, 0, 0, monitor_cb, m) ==
		    MNL_CB_ERROR)
			ipl_warn("bad message from the kernel: %s",
				 strerror(errno));
		if (m->write_err) {
			ipl_err("write error: %s", strerror(m->write_err));
			return IPL_EXIT_FAIL;
		}
		if (m->module_gone) {
			ipl_err("the %s module was unloaded", IPL_MODULE);
			return IPL_EXIT_FAIL;
		}
	}
}

int cmd_monitor(const struct ipl_args *a)
{
	struct monitor m = { .a = a };
	int rcvbuf = MONITOR_RCVBUF;
	struct ipl_nl nl;
	int sigfd, ret;
	sigset_t old;

	sigfd = monitor_signals(&old);
	if (sigfd < 0)
		return IPL_EXIT_FAIL;
	ret = IPL_EXIT_FAIL;
	if (ipl_nl_open(&nl) < 0)
		goto out_sig;
	m.nl = &nl;
	if (ipl_nl_join(&nl, IPSEC_LATCH_MCGRP_EVENTS) < 0)
		goto out;
	/* Best effort: without it, only an unload goes unnoticed. */
	ipl_nl_join_ctrl(&nl);
	setsockopt(mnl_socket_get_fd(nl.sock), SOL_SOCKET, SO_RCVBUF, &rcvbuf,
		   sizeof(rcvbuf));

	ret = monitor_loop(&m, &nl, sigfd);
out:
	ipl_nl_close(&nl);
out_sig:
	close(sigfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ret;
}
