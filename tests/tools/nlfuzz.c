// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: send COUNT random generic netlink requests to the ipsec_latch
 * family, seeded and reproducible, and check that each gets its answer:
 * every command number (and some nobody uses), every attribute, right and
 * wrong types, truncated and oversized payloads, nests of the wrong kind,
 * attributes whose length runs past the message, dumps and plain
 * requests.
 *
 * usage: nlfuzz [--unpriv] SEED COUNT
 *
 * --unpriv drops to uid/gid 65534 before opening the socket (netlink
 * checks the opener's capabilities).
 *
 * Prints one line: sent=N acked=N errors=N ok=N dumps=N admin_ok=N
 * no_reply=N. admin_ok counts requests of state-changing commands that
 * succeeded. Exit 0 when every request got its answer (and, with
 * --unpriv, no state-changing request succeeded), 1 otherwise, 2 usage.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/ipsec_latch.h>
#include <linux/netlink.h>

struct fuzz {
	struct mnl_socket *nl;
	unsigned int portid, seq;
	uint16_t family;
	uint64_t rng;
	char req[8192];
	char buf[65536];
	int error;
	bool answered;
	unsigned long sent, acked, errors, ok, dumps, admin_ok, no_reply;
};

static uint32_t rnd(struct fuzz *f)
{
	/* xorshift64*: reproducible from the seed */
	f->rng ^= f->rng >> 12;
	f->rng ^= f->rng << 25;
	f->rng ^= f->rng >> 27;
	return (uint32_t)((f->rng * 0x2545F4914F6CDD1DULL) >> 32);
}

static uint32_t below(struct fuzz *f, uint32_t n)
{
	return n ? rnd(f) % n : 0;
}

static bool admin_cmd(uint8_t cmd)
{
	switch (cmd) {
	case IPSEC_LATCH_CMD_RESET_COUNTERS:
	case IPSEC_LATCH_CMD_SET:
	case IPSEC_LATCH_CMD_TEMPLATE_ADD:
	case IPSEC_LATCH_CMD_TEMPLATE_DEL:
	case IPSEC_LATCH_CMD_TEMPLATE_FLUSH:
	case IPSEC_LATCH_CMD_IDENTITY_SET:
	case IPSEC_LATCH_CMD_IDENTITY_DEL:
		return true;
	default:
		return false;
	}
}

/* One attribute of a random shape; @depth > 0 allows a nest. */
static void put_random_attr(struct fuzz *f, struct nlmsghdr *nlh,
			    uint16_t maxtype, int depth)
{
	uint16_t type = below(f, maxtype + 3);
	char blob[1024];
	struct nlattr *nest;
	uint32_t len, i, n;

	if (nlh->nlmsg_len > sizeof(f->req) - 1200)
		return;
	for (i = 0; i < sizeof(blob); i++)
		blob[i] = (char)rnd(f);
	switch (below(f, depth > 0 ? 10 : 9)) {
	case 0:
		mnl_attr_put_u8(nlh, type, rnd(f));
		break;
	case 1:
		mnl_attr_put_u16(nlh, type, rnd(f));
		break;
	case 2:
		mnl_attr_put_u32(nlh, type, below(f, 4) ? below(f, 8) : rnd(f));
		break;
	case 3:
		mnl_attr_put_u64(nlh, type, ((uint64_t)rnd(f) << 32) | rnd(f));
		break;
	case 4:	/* a string, NUL-terminated */
		len = below(f, 300);
		for (i = 0; i < len; i++)
			blob[i] = 'a' + below(f, 26);
		blob[len] = '\0';
		mnl_attr_put_strz(nlh, type, blob);
		break;
	case 5:	/* short binary: truncated for most types */
		mnl_attr_put(nlh, type, below(f, 4), blob);
		break;
	case 6:	/* addresses and near misses */
		mnl_attr_put(nlh, type, (uint32_t[]){ 0, 3, 4, 5, 15, 16, 17 }
			     [below(f, 7)], blob);
		break;
	case 7:	/* oversized */
		mnl_attr_put(nlh, type, 200 + below(f, 800), blob);
		break;
	case 8: { /* a length that runs past the end of the message */
		struct nlattr *a = (struct nlattr *)((char *)nlh +
						     MNL_ALIGN(nlh->nlmsg_len));

		a->nla_type = type;
		a->nla_len = sizeof(*a) + 8 + below(f, 64);
		memcpy(a + 1, blob, 4);
		nlh->nlmsg_len = MNL_ALIGN(nlh->nlmsg_len) + sizeof(*a) + 4;
		break;
	}
	default: /* a nest of random inner attributes */
		nest = mnl_attr_nest_start(nlh, type);
		n = below(f, 9);
		for (i = 0; i < n; i++)
			put_random_attr(f, nlh, 24, depth - 1);
		mnl_attr_nest_end(nlh, nest);
		break;
	}
}

static int ack_cb(const struct nlmsghdr *nlh, void *data)
{
	struct fuzz *f = data;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
		return MNL_CB_ERROR;
	f->error = e->error < 0 ? -e->error : e->error;
	f->answered = true;
	return MNL_CB_STOP;
}

static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct fuzz *f = data;

	(void)nlh;
	f->error = 0;
	f->answered = true;
	f->dumps++;
	return MNL_CB_STOP;
}

static int noop_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

/* Send @nlh; read until its ACK, error or the end of its dump. */
static int talk(struct fuzz *f, struct nlmsghdr *nlh)
{
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_NOOP]	= noop_cb,
		[NLMSG_ERROR]	= ack_cb,
		[NLMSG_DONE]	= done_cb,
		[NLMSG_OVERRUN]	= noop_cb,
	};
	ssize_t n;
	int ret;

	f->answered = false;
	f->error = 0;
	if (mnl_socket_sendto(f->nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	do {
		n = mnl_socket_recvfrom(f->nl, f->buf, sizeof(f->buf));
		if (n < 0)
			return -1;	/* SO_RCVTIMEO: no answer */
		ret = mnl_cb_run2(f->buf, n, nlh->nlmsg_seq, f->portid,
				  noop_cb, f, ctl, MNL_ARRAY_SIZE(ctl));
	} while (ret > MNL_CB_STOP && !f->answered);
	return 0;
}

static struct nlmsghdr *msg_start(struct fuzz *f, uint16_t type,
				  uint16_t flags, uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(f->req);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++f->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct fuzz *f = data;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
			f->family = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int resolve_family(struct fuzz *f)
{
	struct nlmsghdr *nlh = msg_start(f, GENL_ID_CTRL, 0,
					 CTRL_CMD_GETFAMILY, 1);
	ssize_t n;
	int ret;

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, IPSEC_LATCH_GENL_NAME);
	if (mnl_socket_sendto(f->nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	do {
		n = mnl_socket_recvfrom(f->nl, f->buf, sizeof(f->buf));
		if (n < 0)
			return -1;
		ret = mnl_cb_run(f->buf, n, nlh->nlmsg_seq, f->portid,
				 family_cb, f);
	} while (ret > MNL_CB_STOP);
	return f->family ? 0 : -1;
}

static void fuzz_one(struct fuzz *f)
{
	uint8_t cmd = below(f, IPSEC_LATCH_CMD_MAX + 3);
	uint16_t flags = below(f, 4) ? 0 : NLM_F_DUMP;
	struct nlmsghdr *nlh;
	uint32_t i, n;

	nlh = msg_start(f, f->family, flags, cmd, below(f, 8) ? 1 : below(f, 3));
	n = below(f, 6);
	for (i = 0; i < n; i++)
		put_random_attr(f, nlh, IPSEC_LATCH_A_MAX, 2);
	if (!below(f, 50))	/* a message cut inside its genl header */
		nlh->nlmsg_len = sizeof(*nlh) + below(f, 4);
	f->sent++;
	if (talk(f, nlh) < 0 || !f->answered) {
		f->no_reply++;
		fprintf(stderr, "nlfuzz: no answer to message %lu (cmd %u): %s\n",
			f->sent, cmd, strerror(errno));
		return;
	}
	if (f->error) {
		f->errors++;
	} else {
		f->ok++;
		if (admin_cmd(cmd) && !(flags & NLM_F_DUMP))
			f->admin_ok++;
	}
	f->acked++;
}

int main(int argc, char *argv[])
{
	struct timeval tv = { .tv_sec = 5 };
	static struct fuzz fz;
	struct fuzz *f = &fz;
	bool unpriv = false;
	unsigned long count, i;
	char *end;

	if (argc > 1 && !strcmp(argv[1], "--unpriv")) {
		unpriv = true;
		argc--;
		argv++;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: nlfuzz [--unpriv] SEED COUNT\n");
		return 2;
	}
	f->rng = strtoull(argv[1], &end, 0) * 2 + 1;
	count = strtoul(argv[2], &end, 0);
	if (unpriv && (setgid(65534) || setuid(65534))) {
		perror("nlfuzz: dropping privileges");
		return 1;
	}
	f->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!f->nl || mnl_socket_bind(f->nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    setsockopt(mnl_socket_get_fd(f->nl), SOL_SOCKET, SO_RCVTIMEO,
		       &tv, sizeof(tv))) {
		perror("nlfuzz: socket");
		return 1;
	}
	f->portid = mnl_socket_get_portid(f->nl);
	if (resolve_family(f) < 0) {
		fprintf(stderr, "nlfuzz: family %s not found\n",
			IPSEC_LATCH_GENL_NAME);
		return 1;
	}
	for (i = 0; i < count; i++)
		fuzz_one(f);
	printf("sent=%lu acked=%lu errors=%lu ok=%lu dumps=%lu admin_ok=%lu no_reply=%lu\n",
	       f->sent, f->acked, f->errors, f->ok, f->dumps, f->admin_ok,
	       f->no_reply);
	mnl_socket_close(f->nl);
	return f->no_reply || (unpriv && f->admin_ok) ? 1 : 0;
}
