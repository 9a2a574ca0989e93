// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ipsec-latch-whoami: connect, then say who the connection is really with
 * and whether its protection meets a policy -- libipsec-latch's example.
 *
 *   ipsec-latch-whoami [-u] [-r protect|bypass-or-protect[:MS]]
 *                      [-p POLICY] [-w MS] HOST PORT
 *   ipsec-latch-whoami -f FD [-p POLICY] [-w MS]
 *
 * -u: UDP (a connected datagram socket; one datagram is sent so that the
 * flow starts). -r: ask for the latch before connect(). -p: the policy
 * words of ipsec_latch_policy_parse(). -w: wait up to this long for the
 * latch to leave LARVAL and, when protected, for the IKE daemon to name
 * the peer, before answering. -f: ask
 * about the socket on descriptor FD instead, e.g. 0 for the connection
 * an inetd-style server was started with.
 * Exit: 0 the policy is met (or none given), 1 it is not, 2 an error.
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <sys/socket.h>

#include <ipsec-latch.h>

static int usage(void)
{
	fprintf(stderr, "usage: ipsec-latch-whoami [-u] [-r protect|bypass-or-protect[:MS]] [-p POLICY] [-w MS] HOST PORT\n"
			"       ipsec-latch-whoami -f FD [-p POLICY] [-w MS]\n");
	return 2;
}

static void addr_str(const struct sockaddr_storage *ss, char *buf,
		     size_t len)
{
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned int port = 0;

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)ss;

		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host));
		port = ntohs(sin->sin_port);
		snprintf(buf, len, "%s:%u", host, port);
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)ss;

		inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof(host));
		port = ntohs(sin6->sin6_port);
		snprintf(buf, len, "[%s]:%u", host, port);
	} else {
		snprintf(buf, len, "?");
	}
}

static void print_info(const struct ipsec_latch_info *in)
{
	const struct ipsec_latch_qop *q = &in->qop;
	char local[64], remote[64];

	addr_str(&in->local, local, sizeof(local));
	addr_str(&in->remote, remote, sizeof(remote));
	printf("flow: %s %s -> %s\n", in->protocol == IPPROTO_UDP ? "udp" : "tcp",
	       local, remote);
	printf("latch: %s %s (decided: %s)%s\n",
	       ipsec_latch_state_name(in->state),
	       ipsec_latch_action_name(in->action),
	       ipsec_latch_decision_name(in->decision),
	       in->requested ? ", requested by this socket" : "");
	if (!in->protected) {
		printf("peer: none (not under IPsec)\n");
		return;
	}
	printf("peer: \"%s\" (%s)\n", in->peer_id,
	       in->id_source == IPSEC_LATCH_ID_FROM_IKE ? "IKE identity" :
							  "derived from its address");
	printf("protection: %s %s", q->protocol == IPPROTO_AH ? "ah" : "esp",
	       q->tunnel ? "tunnel" : "transport");
	if (q->aead[0])
		printf(" %s %u bits, ICV %u bits", q->aead, q->aead_key_bits,
		       q->icv_bits);
	if (q->enc[0])
		printf(" %s %u bits", q->enc, q->enc_key_bits);
	if (q->auth[0])
		printf(" %s %u bits", q->auth, q->auth_key_bits);
	printf(", spi in 0x%08x out 0x%08x\n", q->spi_in, q->spi_out);
}

static int parse_require(const char *arg, enum ipsec_latch_lib_action *a,
			 unsigned int *ms)
{
	const char *colon = strchr(arg, ':');
	size_t n = colon ? (size_t)(colon - arg) : strlen(arg);
	char *end;

	*ms = 0;
	if (n == 7 && !strncmp(arg, "protect", 7) && !colon) {
		*a = IPSEC_LATCH_PROTECT;
		return 0;
	}
	if (n != 17 || strncmp(arg, "bypass-or-protect", 17))
		return -1;
	*a = IPSEC_LATCH_BYPASS_OR_PROTECT;
	if (colon) {
		*ms = strtoul(colon + 1, &end, 10);
		if (*end || !*ms)
			return -1;
	}
	return 0;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* A socket connected to HOST PORT, latched as asked first; -1 reported. */
static int connect_to(const char *host, const char *port,
		      const struct addrinfo *hints, bool require,
		      enum ipsec_latch_lib_action action,
		      unsigned int fallback_ms)
{
	struct addrinfo *ai;
	int fd = -1, ret;

	ret = getaddrinfo(host, port, hints, &ai);
	if (ret) {
		fprintf(stderr, "ipsec-latch-whoami: %s: %s\n", host,
			gai_strerror(ret));
		return -1;
	}
	fd = socket(ai->ai_family, ai->ai_socktype, 0);
	if (fd < 0) {
		perror("ipsec-latch-whoami: socket");
		goto fail;
	}
	if (require && ipsec_latch_require(fd, action, fallback_ms)) {
		fprintf(stderr, "ipsec-latch-whoami: require: %s\n",
			ipsec_latch_errmsg());
		goto fail;
	}
	if (connect(fd, ai->ai_addr, ai->ai_addrlen)) {
		fprintf(stderr, "ipsec-latch-whoami: connect: %s\n",
			strerror(errno));
		goto fail;
	}
	/* A datagram flow starts with its first datagram. */
	if (hints->ai_socktype == SOCK_DGRAM && send(fd, "hello\n", 6, 0) < 0) {
		fprintf(stderr, "ipsec-latch-whoami: send: %s\n",
			strerror(errno));
		goto fail;
	}
	freeaddrinfo(ai);
	return fd;
fail:
	if (fd >= 0)
		close(fd);
	freeaddrinfo(ai);
	return -1;
}

int main(int argc, char **argv)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
	enum ipsec_latch_lib_action action = IPSEC_LATCH_PROTECT;
	struct ipsec_latch_policy policy = { 0 };
	unsigned int fallback_ms = 0, wait_ms = 0, waited = 0;
	struct ipsec_latch_info info;
	const char *policy_text = NULL;
	bool require = false;
	char why[256], *end;
	int opt, fd = -1, ret;

	while ((opt = getopt(argc, argv, "ur:p:w:f:")) != -1) {
		switch (opt) {
		case 'f':
			fd = strtol(optarg, &end, 10);
			if (*end || fd < 0)
				return usage();
			break;
		case 'u':
			hints.ai_socktype = SOCK_DGRAM;
			break;
		case 'r':
			if (parse_require(optarg, &action, &fallback_ms)) {
				fprintf(stderr, "ipsec-latch-whoami: -r protect, or -r bypass-or-protect[:MS]\n");
				return 2;
			}
			require = true;
			break;
		case 'p':
			policy_text = optarg;
			break;
		case 'w':
			wait_ms = strtoul(optarg, NULL, 10);
			break;
		default:
			return usage();
		}
	}
	if (argc - optind != (fd >= 0 ? 0 : 2) || (fd >= 0 && require))
		return usage();
	if (policy_text && ipsec_latch_policy_parse(policy_text, &policy)) {
		fprintf(stderr, "ipsec-latch-whoami: %s\n", ipsec_latch_errmsg());
		return 2;
	}
	if (fd < 0 && (fd = connect_to(argv[optind], argv[optind + 1], &hints,
				       require, action, fallback_ms)) < 0)
		return 2;
	/* -w: until the latch is decided and, if protected, IKE named the peer. */
	for (;;) {
		ret = ipsec_latch_query(fd, &info);
		if ((ret && errno != ENOENT) ||
		    (!ret && info.state != IPSEC_LATCH_LARVAL &&
		     (!info.protected ||
		      info.id_source == IPSEC_LATCH_ID_FROM_IKE)) ||
		    waited >= wait_ms)
			break;
		sleep_ms(50);
		waited += 50;
	}
	if (ret) {
		fprintf(stderr, "ipsec-latch-whoami: query: %s\n",
			ipsec_latch_errmsg());
		return 2;
	}
	print_info(&info);
	if (!policy_text)
		return 0;
	if (ipsec_latch_check(&info, &policy, why, sizeof(why)) == 1) {
		printf("policy: met\n");
		return 0;
	}
	printf("policy: not met: %s\n", why);
	return 1;
}
