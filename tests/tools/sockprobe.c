// SPDX-License-Identifier: GPL-2.0
/*
 * sockprobe: one socket call the way an application makes it, reported on
 * one line as the application sees it, for the SA-resolution tests:
 *
 *   sockprobe connect    tcp|udp ADDR PORT        blocking connect()
 *   sockprobe nbconnect  tcp|udp ADDR PORT MS     O_NONBLOCK connect(),
 *                        connect() again, then poll() up to MS for POLLOUT
 *   sockprobe sendto     ADDR PORT [nonblock]     one UDP datagram
 *   sockprobe sigconnect udp ADDR PORT MS         blocking connect(),
 *                        interrupted by SIGALRM after MS
 *   sockprobe spray BASE4 COUNT [REPEAT]          REPEAT (1) non-blocking
 *                        UDP datagrams to each of COUNT IPv4 addresses
 *                        after BASE4, port 9, from a new socket every
 *                        100 addresses; prints sent=N failed=M
 *
 * Output: RESULT[ RESULT...] elapsed_ms=N at_ms=T, where RESULT is "ok" or
 * an errno name, and T the wall-clock time (ms) the call returned;
 * nbconnect adds the poll() outcome and SO_ERROR. ADDR may be IPv4 or IPv6.
 * Exit 0 when the calls were made, 2 on usage errors.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const char *errname(int err)
{
	switch (err) {
	case 0: return "ok";
	case EINPROGRESS: return "EINPROGRESS";
	case EALREADY: return "EALREADY";
	case EISCONN: return "EISCONN";
	case EHOSTUNREACH: return "EHOSTUNREACH";
	case ENETUNREACH: return "ENETUNREACH";
	case ECONNREFUSED: return "ECONNREFUSED";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EAGAIN: return "EAGAIN";
	case EINTR: return "EINTR";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	default: return strerror(err);
	}
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long long wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static socklen_t parse_addr(const char *addr, const char *port,
			    struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(atoi(port));
		return sizeof(*sin);
	}
	if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(atoi(port));
		return sizeof(*sin6);
	}
	fprintf(stderr, "sockprobe: bad address %s\n", addr);
	exit(2);
}

static int open_socket(const char *proto, int family, int nonblock)
{
	int type = !strcmp(proto, "tcp") ? SOCK_STREAM : SOCK_DGRAM;
	int fd = socket(family, type | (nonblock ? SOCK_NONBLOCK : 0), 0);

	if (fd < 0) {
		perror("sockprobe: socket");
		exit(1);
	}
	return fd;
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: sockprobe connect tcp|udp ADDR PORT\n"
		"       sockprobe nbconnect tcp|udp ADDR PORT POLL_MS\n"
		"       sockprobe sendto ADDR PORT [nonblock]\n"
		"       sockprobe sigconnect udp ADDR PORT MS\n"
		"       sockprobe spray BASE4 COUNT [REPEAT]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	double t0;
	int fd, err;

	if (argc < 4)
		return usage();
	if (!strcmp(argv[1], "connect") && argc == 5) {
		len = parse_addr(argv[3], argv[4], &ss);
		fd = open_socket(argv[2], ss.ss_family, 0);
		t0 = now_ms();
		err = connect(fd, (struct sockaddr *)&ss, len) ? errno : 0;
		printf("%s elapsed_ms=%.0f at_ms=%lld\n", errname(err),
		       now_ms() - t0, wall_ms());
	} else if (!strcmp(argv[1], "nbconnect") && argc == 6) {
		struct pollfd pfd;
		socklen_t elen = sizeof(err);
		int err2, n;

		len = parse_addr(argv[3], argv[4], &ss);
		fd = open_socket(argv[2], ss.ss_family, 1);
		t0 = now_ms();
		err = connect(fd, (struct sockaddr *)&ss, len) ? errno : 0;
		err2 = connect(fd, (struct sockaddr *)&ss, len) ? errno : 0;
		pfd.fd = fd;
		pfd.events = POLLOUT;
		n = poll(&pfd, 1, atoi(argv[5]));
		printf("%s %s poll=%s%s%s after_ms=%.0f",
		       errname(err), errname(err2), n == 0 ? "timeout" : "",
		       n > 0 && (pfd.revents & POLLOUT) ? "POLLOUT" : "",
		       n > 0 && (pfd.revents & POLLERR) ? "POLLERR" : "",
		       now_ms() - t0);
		getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen);
		printf(" so_error=%s\n", errname(err));
	} else if (!strcmp(argv[1], "sendto") && argc >= 4) {
		int nonblock = argc > 4 && !strcmp(argv[4], "nonblock");

		len = parse_addr(argv[2], argv[3], &ss);
		fd = open_socket("udp", ss.ss_family, 0);
		t0 = now_ms();
		err = sendto(fd, "sockprobe\n", 10, nonblock ? MSG_DONTWAIT : 0,
			     (struct sockaddr *)&ss, len) < 0 ? errno : 0;
		printf("%s elapsed_ms=%.0f at_ms=%lld\n", errname(err),
		       now_ms() - t0, wall_ms());
	} else if (!strcmp(argv[1], "sigconnect") && argc == 6) {
		struct sigaction sa = { .sa_handler = on_alarm };
		struct itimerval it = { 0 };

		sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART */
		len = parse_addr(argv[3], argv[4], &ss);
		fd = open_socket(argv[2], ss.ss_family, 0);
		it.it_value.tv_sec = atoi(argv[5]) / 1000;
		it.it_value.tv_usec = atoi(argv[5]) % 1000 * 1000;
		setitimer(ITIMER_REAL, &it, NULL);
		t0 = now_ms();
		err = connect(fd, (struct sockaddr *)&ss, len) ? errno : 0;
		printf("%s elapsed_ms=%.0f\n", errname(err), now_ms() - t0);
	} else if (!strcmp(argv[1], "spray") && argc >= 4) {
		struct sockaddr_in sin = { .sin_family = AF_INET,
					   .sin_port = htons(9) };
		int count = atoi(argv[3]), repeat = argc > 4 ? atoi(argv[4]) : 1;
		unsigned int base;
		long sent = 0, failed = 0;
		int i, r;

		if (inet_pton(AF_INET, argv[2], &sin.sin_addr) != 1)
			return usage();
		base = ntohl(sin.sin_addr.s_addr);
		fd = open_socket("udp", AF_INET, 1);
		t0 = now_ms();
		for (i = 1; i <= count; i++) {
			/* Held datagrams fill their socket's send buffer. */
			if (i % 100 == 0) {
				close(fd);
				fd = open_socket("udp", AF_INET, 1);
			}
			sin.sin_addr.s_addr = htonl(base + i);
			for (r = 0; r < repeat; r++) {
				if (sendto(fd, "spray\n", 6, 0,
					   (struct sockaddr *)&sin,
					   sizeof(sin)) < 0)
					failed++;
				else
					sent++;
			}
		}
		printf("sent=%ld failed=%ld elapsed_ms=%.0f\n", sent, failed,
		       now_ms() - t0);
	} else {
		return usage();
	}
	close(fd);
	return 0;
}
