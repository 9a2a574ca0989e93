// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: which latches a command is about: "latch [list]"
 * selectors and "who"'s flow.
 */
#include <limits.h>
#include <string.h>

#include "args_internal.h"
#include "names.h"

/* latch selectors, by index */
enum {
	LK_PROTO, LK_LOCAL, LK_LPORT, LK_REMOTE, LK_RPORT, LK_PEER, LK_STATE,
};

/* src, dst, sport, dport: from this host's point of view */
static const struct ipl_key latch_keys[] = {
	[LK_PROTO]	= { "proto", NULL, IPL_L4PROTO_CHOICES, false },
	[LK_LOCAL]	= { "local", "src", IPL_ADDR_VALUE, false },
	[LK_LPORT]	= { "lport", "sport", IPL_PORT_VALUE, false },
	[LK_REMOTE]	= { "remote", "dst", IPL_ADDR_VALUE, false },
	[LK_RPORT]	= { "rport", "dport", IPL_PORT_VALUE, false },
	[LK_PEER]	= { "peer", NULL, "a part of the peer identity", true },
	[LK_STATE]	= { "state", NULL, IPL_LATCH_STATE_CHOICES, false },
	{ }
};

static int set_latch_key(struct ipl_args *a, const char *where, int key,
			 const char *val)
{
	struct ipl_latch_filter *f = &a->latch_list;
	size_t len;

	switch (key) {
	case LK_PROTO:
		ipl_filter_set(f, IPSEC_LATCH_LATCH_A_PROTO);
		return ipl_set_proto(a, where, val, &f->proto);
	case LK_LOCAL:
		ipl_filter_set(f, IPSEC_LATCH_LATCH_A_LOCAL_ADDR);
		return ipl_set_addr(a, where, "local", val, &f->local);
	case LK_REMOTE:
		ipl_filter_set(f, IPSEC_LATCH_LATCH_A_REMOTE_ADDR);
		return ipl_set_addr(a, where, "remote", val, &f->remote);
	case LK_LPORT:
		ipl_filter_set(f, IPSEC_LATCH_LATCH_A_LOCAL_PORT);
		return ipl_set_port(a, where, "lport", val, &f->lport);
	case LK_RPORT:
		ipl_filter_set(f, IPSEC_LATCH_LATCH_A_REMOTE_PORT);
		return ipl_set_port(a, where, "rport", val, &f->rport);
	case LK_PEER:
		len = strlen(val);
		if (!len || len > IPSEC_LATCH_ID_MAX_LEN)
			return ipl_usage_error(a, "%s: 'peer' needs a part of the peer identity, 1..%d bytes",
					       where, IPSEC_LATCH_ID_MAX_LEN);
		f->peer_id = val;
		ipl_filter_set(f, IPSEC_LATCH_LATCH_A_PEER_ID);
		return 0;
	case LK_STATE:
		if (ipl_latch_state_parse(val, &f->state) < 0)
			return ipl_usage_error(a, "%s: invalid state '%s' (valid: %s)",
					       where, val,
					       IPL_LATCH_STATE_CHOICES);
		ipl_filter_set(f, IPSEC_LATCH_LATCH_A_STATE);
		return 0;
	}
	return -1;
}

static int parse_latch_filter(struct ipl_args *a, const char *where,
			      const char *vname, const char *unknown,
			      const char *known_as, int argc, char *argv[])
{
	struct ipl_latch_filter *f = &a->latch_list;

	memset(f, 0, sizeof(*f));
	a->action = IPL_ACT_LATCH_LIST;
	if (ipl_parse_pairs(a, where, vname, latch_keys, unknown, known_as,
			    argc, argv, set_latch_key) < 0)
		return -1;
	if (a->action == IPL_ACT_HELP)
		return 0;
	if (ipl_same_family(a, where, &f->local, &f->remote) < 0)
		return -1;
	if (f->local.family || f->remote.family) {
		f->family = f->local.family ? f->local.family :
					      f->remote.family;
		ipl_filter_set(f, IPSEC_LATCH_LATCH_A_FAMILY);
	}
	return 0;
}

/* latch [SELECTOR...]: selectors straight after the command */
int ipl_parse_latch(struct ipl_args *a, int argc, char *argv[])
{
	return parse_latch_filter(a, "latch", NULL, "subcommand or selector",
				  "subcommands: list, transparent, requests, stats; selectors",
				  argc, argv);
}

/* latch list [SELECTOR...] */
int ipl_parse_latch_list(struct ipl_args *a, int argc, char *argv[])
{
	return parse_latch_filter(a, "latch list", "list", "selector", NULL,
				  argc, argv);
}

/* "PID/FD": 0, or -1 if s is not that. */
static int parse_pid_fd(const char *s, int *pid, int *fd)
{
	const char *slash = strchr(s, '/');
	char buf[16];
	uint32_t p, d;

	if (!slash || (size_t)(slash - s) >= sizeof(buf))
		return -1;
	memcpy(buf, s, slash - s);
	buf[slash - s] = '\0';
	if (ipl_u32_parse(buf, &p) < 0 || !p || p > INT_MAX ||
	    ipl_u32_parse(slash + 1, &d) < 0 || d > INT_MAX)
		return -1;
	*pid = p;
	*fd = d;
	return 0;
}

/* who PROTO LOCAL:PORT REMOTE:PORT | who PID/FD */
int ipl_parse_who(struct ipl_args *a, int argc, char *argv[])
{
	struct ipl_addr local, remote;
	uint16_t lport, rport;
	uint8_t proto;
	bool help;

	memset(&a->who, 0, sizeof(a->who));
	if (ipl_positional(a, NULL, argc, argv, &help) < 0 || help)
		return help ? 0 : -1;
	if (argc == 1) {
		if (parse_pid_fd(argv[0], &a->who.pid, &a->who.fd) < 0)
			return ipl_usage_error(a, "who: '%s' is not PID/FD (e.g. 1234/5); or give PROTO LOCAL:PORT REMOTE:PORT",
					       argv[0]);
		a->who.by_fd = true;
		return 0;
	}
	if (argc != 3)
		return ipl_usage_error(a, "who: give PROTO LOCAL:PORT REMOTE:PORT, or PID/FD");
	if (ipl_set_proto(a, "who", argv[0], &proto) < 0)
		return -1;
	if (ipl_endpoint_parse(argv[1], &local, &lport) < 0)
		return ipl_usage_error(a, "who: invalid local endpoint '%s': give ADDR:PORT, or [ADDR]:PORT for IPv6",
				       argv[1]);
	if (ipl_endpoint_parse(argv[2], &remote, &rport) < 0)
		return ipl_usage_error(a, "who: invalid remote endpoint '%s': give ADDR:PORT, or [ADDR]:PORT for IPv6",
				       argv[2]);
	if (ipl_same_family(a, "who", &local, &remote) < 0)
		return -1;
	ipl_latch_filter_flow(&a->who.flow, proto, &local, lport, &remote,
			      rport);
	return 0;
}
