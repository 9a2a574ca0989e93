// SPDX-License-Identifier: GPL-2.0
/*
 * nlprobe: send one deliberately malformed generic netlink request to the
 * ipsec_latch family and print what the kernel said, on one line:
 *
 *	<ERRNO-NAME>[ <extack message>]		exit 0 (error reply)
 *	OK[ cmd=<n> attrs=<t>,<t>...]...	exit 3 (request accepted)
 *
 * Exit 1: runtime failure (family not registered, socket errors, ...);
 * exit 2: usage. Deliberately independent of ipsec-latchctl's code, and
 * the extack is parsed without NETLINK_CAP_ACK, i.e. from a full echo of
 * the request, so the test-suite covers the path the tool does not use.
 *
 * usage: nlprobe MODE
 *
 * MODE: valid (a correct GET_STATUS, the positive control), unknown-cmd,
 * unknown-attr, reply-attr, truncated-attr, bad-nest, set-bad-mode,
 * set-empty, set-short-mode.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/ipsec_latch.h>
#include <linux/netlink.h>

#define PROBE_UNKNOWN	200	/* command and attribute number nobody uses */

enum probe_exit {
	PROBE_REJECTED	= 0,
	PROBE_FAIL	= 1,
	PROBE_USAGE	= 2,
	PROBE_ACCEPTED	= 3,
};

struct probe {
	struct mnl_socket *nl;
	unsigned int portid;
	unsigned int seq;
	uint16_t family;
	char req[4096];
	char buf[32768];

	int error;		/* from NLMSG_ERROR; 0 = ACK */
	bool got_ack;
	char extack[512];
	char summary[1024];	/* replies, for OK */
};

/* Positive control: a well-formed GET_STATUS, which must be accepted. */
static void build_valid(struct nlmsghdr *nlh, struct genlmsghdr *g)
{
	(void)nlh;
	g->cmd = IPSEC_LATCH_CMD_GET_STATUS;
}

static void build_unknown_cmd(struct nlmsghdr *nlh, struct genlmsghdr *g)
{
	(void)nlh;
	g->cmd = PROBE_UNKNOWN;
}

static void build_unknown_attr(struct nlmsghdr *nlh, struct genlmsghdr *g)
{
	g->cmd = IPSEC_LATCH_CMD_GET_STATUS;
	mnl_attr_put_u32(nlh, PROBE_UNKNOWN, 1);
}

static void build_reply_attr(struct nlmsghdr *nlh, struct genlmsghdr *g)
{
	g->cmd = IPSEC_LATCH_CMD_GET_STATUS;
	mnl_attr_put_strz(nlh, IPSEC_LATCH_A_VERSION, "0.0.0");
}

/* One u32 attribute whose nla_len claims 8 more bytes than it has. */
static void build_truncated_attr(struct nlmsghdr *nlh, struct genlmsghdr *g)
{
	struct nlattr *attr;

	g->cmd = IPSEC_LATCH_CMD_GET_STATUS;
	/* the type does not matter: the kernel stops at the length */
	attr = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_A_VERSION, 1);
	attr->nla_len += 8;	/* nlmsg_len still covers only real bytes */
}

static void build_bad_nest(struct nlmsghdr *nlh, struct genlmsghdr *g)
{
	g->cmd = IPSEC_LATCH_CMD_GET_STATUS;
	mnl_attr_put_u32(nlh, IPSEC_LATCH_A_COUNTERS, 1);
}

/* SET with a mode past the last one: the policy's range check answers. */
static void build_set_bad_mode(struct nlmsghdr *nlh, struct genlmsghdr *g)
{
	g->cmd = IPSEC_LATCH_CMD_SET;
	mnl_attr_put_u32(nlh, IPSEC_LATCH_A_MODE, IPSEC_LATCH_MODE_WAIT + 1);
}

static void build_set_empty(struct nlmsghdr *nlh, struct genlmsghdr *g)
{
	(void)nlh;
	g->cmd = IPSEC_LATCH_CMD_SET;
}

static void build_set_short_mode(struct nlmsghdr *nlh, struct genlmsghdr *g)
{
	g->cmd = IPSEC_LATCH_CMD_SET;
	mnl_attr_put_u8(nlh, IPSEC_LATCH_A_MODE, IPSEC_LATCH_MODE_OFF);
}

static const struct {
	const char *name;
	void (*build)(struct nlmsghdr *nlh, struct genlmsghdr *g);
} modes[] = {
	{ "valid",		build_valid },
	{ "unknown-cmd",	build_unknown_cmd },
	{ "unknown-attr",	build_unknown_attr },
	{ "reply-attr",		build_reply_attr },
	{ "truncated-attr",	build_truncated_attr },
	{ "bad-nest",		build_bad_nest },
	{ "set-bad-mode",	build_set_bad_mode },
	{ "set-empty",		build_set_empty },
	{ "set-short-mode",	build_set_short_mode },
};

static void print_usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: nlprobe MODE\nmodes:");
	for (i = 0; i < MNL_ARRAY_SIZE(modes); i++)
		fprintf(f, " %s", modes[i].name);
	fputc('\n', f);
}

static const char *errno_name(int err)
{
	static char buf[16];
	const char *name = strerrorname_np(err);

	if (name)
		return name;
	snprintf(buf, sizeof(buf), "E%d", err);
	return buf;
}

static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	struct probe *p = data;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	size_t hlen = sizeof(*e);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	p->error = e->error < 0 ? -e->error : e->error;
	p->got_ack = true;

	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		hlen += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    e->msg.nlmsg_len >= sizeof(struct nlmsghdr) &&
	    mnl_nlmsg_get_payload_len(nlh) >= hlen) {
		mnl_attr_for_each(attr, nlh, hlen) {
			if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
			    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
				snprintf(p->extack, sizeof(p->extack), "%s",
					 mnl_attr_get_str(attr));
		}
	}
	return MNL_CB_STOP;
}

static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_STOP;
}

static int noop_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

/* Accepted requests: note each reply as " cmd=<n> attrs=<t>,<t>". */
static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct probe *p = data;
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	size_t len = strlen(p->summary);
	const char *sep = "";

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*g))
		return MNL_CB_OK;
	len += snprintf(p->summary + len, sizeof(p->summary) - len,
			" cmd=%u attrs=", g->cmd);
	mnl_attr_for_each(attr, nlh, sizeof(*g)) {
		if (len >= sizeof(p->summary))
			break;
		len += snprintf(p->summary + len, sizeof(p->summary) - len,
				"%s%u", sep, mnl_attr_get_type(attr));
		sep = ",";
	}
	return MNL_CB_OK;
}

static int talk(struct probe *p, struct nlmsghdr *nlh, mnl_cb_t cb)
{
	/* libmnl 1.0.4 wants a non-const table */
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_NOOP]	= noop_cb,
		[NLMSG_ERROR]	= error_cb,
		[NLMSG_DONE]	= done_cb,
		[NLMSG_OVERRUN]	= noop_cb,
	};
	unsigned int seq = nlh->nlmsg_seq;
	ssize_t n;
	int ret;

	p->error = 0;
	p->got_ack = false;
	p->extack[0] = '\0';
	if (mnl_socket_sendto(p->nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	do {
		n = mnl_socket_recvfrom(p->nl, p->buf, sizeof(p->buf));
		if (n < 0)
			return -1;
		ret = mnl_cb_run2(p->buf, n, seq, p->portid, cb, p, ctl,
				  MNL_ARRAY_SIZE(ctl));
	} while (ret > MNL_CB_STOP);
	return ret < 0 ? -1 : 0;
}

static struct nlmsghdr *genl_msg(struct probe *p, uint16_t type,
				 uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(p->req);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++p->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct probe *p = data;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
			p->family = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int resolve_family(struct probe *p)
{
	struct nlmsghdr *nlh;

	nlh = genl_msg(p, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, IPSEC_LATCH_GENL_NAME);
	if (talk(p, nlh, family_cb) < 0)
		return -1;
	if (p->error || !p->family) {
		fprintf(stderr, "nlprobe: family %s not registered: %s\n",
			IPSEC_LATCH_GENL_NAME,
			strerror(p->error ? p->error : ENOENT));
		return -1;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	struct probe *p;
	int one = 1;
	size_t i;

	if (argc != 2) {
		print_usage(stderr);
		return PROBE_USAGE;
	}
	for (i = 0; i < MNL_ARRAY_SIZE(modes); i++)
		if (!strcmp(argv[1], modes[i].name))
			break;
	if (i == MNL_ARRAY_SIZE(modes)) {
		fprintf(stderr, "nlprobe: unknown mode '%s'\n", argv[1]);
		print_usage(stderr);
		return PROBE_USAGE;
	}

	p = calloc(1, sizeof(*p));
	if (!p) {
		perror("nlprobe: calloc");
		return PROBE_FAIL;
	}
	p->seq = time(NULL);
	p->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!p->nl) {
		perror("nlprobe: mnl_socket_open");
		return PROBE_FAIL;
	}
	if (mnl_socket_setsockopt(p->nl, NETLINK_EXT_ACK, &one,
				  sizeof(one)) < 0) {
		perror("nlprobe: NETLINK_EXT_ACK");
		return PROBE_FAIL;
	}
	if (mnl_socket_bind(p->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("nlprobe: mnl_socket_bind");
		return PROBE_FAIL;
	}
	p->portid = mnl_socket_get_portid(p->nl);

	if (resolve_family(p) < 0) {
		if (!p->error && !p->family)
			perror("nlprobe: family lookup");
		return PROBE_FAIL;
	}

	nlh = genl_msg(p, p->family, 0, IPSEC_LATCH_GENL_VERSION);
	g = mnl_nlmsg_get_payload(nlh);
	modes[i].build(nlh, g);

	if (talk(p, nlh, data_cb) < 0) {
		perror("nlprobe: netlink");
		return PROBE_FAIL;
	}
	mnl_socket_close(p->nl);

	if (p->error) {
		if (p->extack[0])
			printf("%s %s\n", errno_name(p->error), p->extack);
		else
			printf("%s\n", errno_name(p->error));
		return PROBE_REJECTED;
	}
	printf("OK%s\n", p->summary);
	return PROBE_ACCEPTED;
}
