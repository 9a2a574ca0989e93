// SPDX-License-Identifier: GPL-2.0
/*
 * resolve_bench: how long after an SA is inserted does a caller that
 * waited for it get going? Measured inside one program so the clock reads
 * are microseconds apart, not process start-ups apart.
 *
 * Netns A (the sender, with an ESP transport policy to DST) and B (the
 * peer, with a TCP listener on DST:PORT) must exist. Per trial: flush both
 * SADs, start the caller in a thread, wait for the kernel's ACQUIRE, sleep
 * a little (the caller is surely blocked), install B's SA, read the clock
 * (t_sa), install A's SA, read the clock again (t_ins, the insert call
 * returned); the caller records when it got going.
 *
 *   resolve_bench NETNS_A NETNS_B SRC DST PORT tcp|udp|udpsend TRIALS
 *   resolve_bench loopback ITERATIONS
 *
 * Prints: "<op> n=N p50_us=X p99_us=Y min_us=Z max_us=W ins_p50_us=I
 * added_p50_us=A added_p99_us=B before_sa=K": times from t_sa; the SA
 * insert call's own duration; what came after it returned (0 when the
 * caller was going before that); before_sa counts callers that returned
 * before the SA existed
 * (stock Linux's UDP connect(): it does not wait). "loopback" prints the
 * mean cost of one TCP connect()+accept()+close() over 127.0.0.1.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/xfrm.h>

static const unsigned char key[20] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
				       12, 13, 14, 15, 16, 17, 18, 19, 20 };

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static int enter_netns(const char *name)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0 || setns(fd, CLONE_NEWNET) < 0)
		die(path);
	return fd;
}

static struct mnl_socket *xfrm_socket(unsigned int groups)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_XFRM);

	if (!nl || mnl_socket_bind(nl, groups, MNL_SOCKET_AUTOPID) < 0)
		die("netlink xfrm");
	return nl;
}

/* Send one request and wait for its ACK. */
static void xfrm_talk(struct mnl_socket *nl, struct nlmsghdr *nlh)
{
	char buf[8192];
	int n;

	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = (unsigned int)now_us();
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		die("xfrm send");
	n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (n < 0 || mnl_cb_run(buf, n, nlh->nlmsg_seq,
				mnl_socket_get_portid(nl), NULL, NULL) < 0)
		die("xfrm request");
}

static void sa_flush(struct mnl_socket *nl)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct xfrm_usersa_flush *f;

	nlh->nlmsg_type = XFRM_MSG_FLUSHSA;
	f = mnl_nlmsg_put_extra_header(nlh, sizeof(*f));
	f->proto = IPPROTO_ESP;
	xfrm_talk(nl, nlh);
}

static void sa_add(struct mnl_socket *nl, int family, const void *src,
		   const void *dst, unsigned int spi, unsigned int reqid)
{
	char buf[1024];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct xfrm_usersa_info *sa;
	struct xfrm_algo_aead *aead;
	size_t alen = family == AF_INET6 ? 16 : 4;
	char abuf[sizeof(*aead) + sizeof(key)];

	nlh->nlmsg_type = XFRM_MSG_NEWSA;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	sa = mnl_nlmsg_put_extra_header(nlh, sizeof(*sa));
	sa->family = family;
	sa->sel.family = family;
	memcpy(&sa->id.daddr, dst, alen);
	memcpy(&sa->saddr, src, alen);
	sa->id.spi = htonl(spi);
	sa->id.proto = IPPROTO_ESP;
	sa->mode = XFRM_MODE_TRANSPORT;
	sa->reqid = reqid;
	sa->lft.soft_byte_limit = XFRM_INF;
	sa->lft.hard_byte_limit = XFRM_INF;
	sa->lft.soft_packet_limit = XFRM_INF;
	sa->lft.hard_packet_limit = XFRM_INF;
	memset(abuf, 0, sizeof(abuf));
	aead = (struct xfrm_algo_aead *)abuf;
	strcpy(aead->alg_name, "rfc4106(gcm(aes))");
	aead->alg_key_len = sizeof(key) * 8;
	aead->alg_icv_len = 128;
	memcpy(aead->alg_key, key, sizeof(key));
	mnl_attr_put(nlh, XFRMA_ALG_AEAD, sizeof(abuf), abuf);
	xfrm_talk(nl, nlh);
}

/* Block until the kernel sends an ACQUIRE (or 10 s pass). */
static int wait_acquire(struct mnl_socket *nl)
{
	struct pollfd pfd = { .fd = mnl_socket_get_fd(nl), .events = POLLIN };
	char buf[8192];

	for (;;) {
		struct nlmsghdr *nlh;
		int n;

		if (poll(&pfd, 1, 10000) <= 0)
			return -1;
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n <= 0)
			return -1;
		for (nlh = (struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, n);
		     nlh = mnl_nlmsg_next(nlh, &n))
			if (nlh->nlmsg_type == XFRM_MSG_ACQUIRE)
				return 0;
	}
}

struct caller {
	const char *op;
	struct sockaddr_storage peer;
	socklen_t len;
	double done_us;
	int err;
};

static void *caller_run(void *arg)
{
	struct caller *c = arg;
	int type = !strcmp(c->op, "tcp") ? SOCK_STREAM : SOCK_DGRAM;
	int fd = socket(c->peer.ss_family, type, 0);

	if (!strcmp(c->op, "udpsend"))
		c->err = sendto(fd, "x", 1, 0, (struct sockaddr *)&c->peer,
				c->len) < 0 ? errno : 0;
	else
		c->err = connect(fd, (struct sockaddr *)&c->peer, c->len) ?
			 errno : 0;
	c->done_us = now_us();
	close(fd);
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double pct(double *v, int n, int p)
{
	int i = (n * p) / 100;

	qsort(v, n, sizeof(*v), cmp_double);
	return v[i < n ? i : n - 1];
}

static void report(const char *op, double *v, double *ins, double *added,
		   int n, int before)
{
	double p50 = pct(v, n, 50), p99 = pct(v, n, 99);

	printf("%s n=%d p50_us=%.0f p99_us=%.0f min_us=%.0f max_us=%.0f ins_p50_us=%.0f added_p50_us=%.0f added_p99_us=%.0f before_sa=%d\n",
	       op, n, p50, p99, v[0], v[n - 1], pct(ins, n, 50),
	       pct(added, n, 50), pct(added, n, 99), before);
}

static int bench_resolve(char **argv)
{
	const char *op = argv[6];
	int trials = atoi(argv[7]), family, i, before = 0, n = 0;
	unsigned char src[16], dst[16];
	struct mnl_socket *nl_a, *nl_b, *acq;
	struct caller c;
	double *lat, *ins, *added;

	family = strchr(argv[4], ':') ? AF_INET6 : AF_INET;
	if (inet_pton(family, argv[3], src) != 1 ||
	    inet_pton(family, argv[4], dst) != 1)
		die("address");
	memset(&c, 0, sizeof(c));
	c.op = op;
	if (family == AF_INET) {
		struct sockaddr_in *s = (struct sockaddr_in *)&c.peer;

		s->sin_family = AF_INET;
		s->sin_port = htons(atoi(argv[5]));
		memcpy(&s->sin_addr, dst, 4);
		c.len = sizeof(*s);
	} else {
		struct sockaddr_in6 *s = (struct sockaddr_in6 *)&c.peer;

		s->sin6_family = AF_INET6;
		s->sin6_port = htons(atoi(argv[5]));
		memcpy(&s->sin6_addr, dst, 16);
		c.len = sizeof(*s);
	}
	enter_netns(argv[2]);
	nl_b = xfrm_socket(0);
	enter_netns(argv[1]);	/* the callers' sockets live in A */
	nl_a = xfrm_socket(0);
	acq = xfrm_socket(1 << (XFRMNLGRP_ACQUIRE - 1));
	lat = calloc(trials, sizeof(*lat));
	ins = calloc(trials, sizeof(*ins));
	added = calloc(trials, sizeof(*added));

	for (i = 0; i < trials; i++) {
		pthread_t t;
		double sa_us, ins_us;

		sa_flush(nl_a);
		sa_flush(nl_b);
		usleep(20000);
		c.done_us = 0;
		pthread_create(&t, NULL, caller_run, &c);
		if (wait_acquire(acq) < 0) {
			fprintf(stderr, "trial %d: no ACQUIRE\n", i);
			pthread_join(t, NULL);
			continue;
		}
		usleep(20000);	/* the caller is blocked (or gone, stock) */
		sa_add(nl_b, family, src, dst, 0x1000 + i, 1);
		sa_us = now_us();
		sa_add(nl_a, family, src, dst, 0x1000 + i, 1);
		ins_us = now_us();
		pthread_join(t, NULL);
		if (c.err) {
			fprintf(stderr, "trial %d: %s\n", i, strerror(c.err));
			continue;
		}
		if (c.done_us < sa_us)
			before++;
		else {
			ins[n] = ins_us - sa_us;
			added[n] = c.done_us > ins_us ? c.done_us - ins_us : 0;
			lat[n++] = c.done_us - sa_us;
		}
	}
	if (n)
		report(op, lat, ins, added, n, before);
	else
		printf("%s n=0 before_sa=%d\n", op, before);
	return 0;
}

static int bench_loopback(int iterations)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int lfd = socket(AF_INET, SOCK_STREAM, 0), i;
	double t0;

	if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    listen(lfd, 128) ||
	    getsockname(lfd, (struct sockaddr *)&sin, &len))
		die("listen");
	t0 = now_us();
	for (i = 0; i < iterations; i++) {
		int c = socket(AF_INET, SOCK_STREAM, 0), a;

		if (connect(c, (struct sockaddr *)&sin, sizeof(sin)))
			die("connect");
		a = accept(lfd, NULL, NULL);
		if (a < 0)
			die("accept");
		close(a);
		close(c);
	}
	printf("loopback n=%d mean_us=%.2f\n", iterations,
	       (now_us() - t0) / iterations);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "loopback"))
		return bench_loopback(atoi(argv[2]));
	if (argc == 8)
		return bench_resolve(argv);
	fprintf(stderr,
		"usage: resolve_bench NETNS_A NETNS_B SRC DST PORT tcp|udp|udpsend TRIALS\n"
		"       resolve_bench loopback ITERATIONS\n");
	return 2;
}
