// SPDX-License-Identifier: GPL-2.0
/*
 * hotpath_bench: the cost of one socket call on paths where no IPsec
 * policy applies, for bench/hotpath.sh to compare with and without the
 * module:
 *
 *   hotpath_bench udpsend ADDR PORT COUNT   COUNT sendto()s of 16 bytes
 *   hotpath_bench tcpconn COUNT             COUNT TCP connect()+accept()
 *                                           +close() over 127.0.0.1
 *
 * Prints "<op> n=N mean_ns=X failed=F".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int udpsend(const char *addr, int port, int count)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_DGRAM, 0), i, failed = 0;
	char buf[16] = "hotpath";
	double t0;

	if (fd < 0 || inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		perror("udpsend");
		return 1;
	}
	t0 = now_ns();
	for (i = 0; i < count; i++)
		if (sendto(fd, buf, sizeof(buf), 0, (struct sockaddr *)&sin,
			   sizeof(sin)) < 0)
			failed++;
	printf("udpsend n=%d mean_ns=%.0f failed=%d\n", count,
	       (now_ns() - t0) / count, failed);
	return 0;
}

static int tcpconn(int count)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int lfd = socket(AF_INET, SOCK_STREAM, 0), i, failed = 0;
	double t0;

	if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    listen(lfd, 128) ||
	    getsockname(lfd, (struct sockaddr *)&sin, &len)) {
		perror("listen");
		return 1;
	}
	t0 = now_ns();
	for (i = 0; i < count; i++) {
		int c = socket(AF_INET, SOCK_STREAM, 0), a = -1;

		if (connect(c, (struct sockaddr *)&sin, sizeof(sin)) == 0)
			a = accept(lfd, NULL, NULL);
		if (a < 0)
			failed++;
		else
			close(a);
		close(c);
	}
	printf("tcpconn n=%d mean_ns=%.0f failed=%d\n", count,
	       (now_ns() - t0) / count, failed);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "udpsend"))
		return udpsend(argv[2], atoi(argv[3]), atoi(argv[4]));
	if (argc == 3 && !strcmp(argv[1], "tcpconn"))
		return tcpconn(atoi(argv[2]));
	fprintf(stderr, "usage: hotpath_bench udpsend ADDR PORT COUNT\n"
			"       hotpath_bench tcpconn COUNT\n");
	return 2;
}
