// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "identity set" and "identity del" arguments.
 */
#include <string.h>

#include "args_internal.h"

/* identity keys, by index */
enum {
	IK_PEER, IK_REQID, IK_ID,
};

static const struct ipl_key identity_keys[] = {
	[IK_PEER]	= { "peer", NULL, "the peer's IPv4 or IPv6 address",
			    false },
	[IK_REQID]	= { "reqid", NULL, "the SAs' reqid, 1..4294967295",
			    false },
	[IK_ID]		= { "id", NULL, "the IKE identity", true },
	{ }
};

static int set_identity_key(struct ipl_args *a, const char *where, int key,
			    const char *val)
{
	size_t len;

	switch (key) {
	case IK_PEER:
		return ipl_set_addr(a, where, "peer", val, &a->identity.peer);
	case IK_REQID:
		return ipl_set_reqid(a, where, val, &a->identity.reqid);
	case IK_ID:
		len = strlen(val);
		if (!len)
			return ipl_usage_error(a, "%s: the id is empty: give the peer's IKE identity, 1..%d bytes",
					       where, IPSEC_LATCH_ID_MAX_LEN);
		if (len > IPSEC_LATCH_ID_MAX_LEN)
			return ipl_usage_error(a, "%s: the id is %zu bytes long; at most %d",
					       where, len,
					       IPSEC_LATCH_ID_MAX_LEN);
		a->identity.id = val;
		return 0;
	}
	return -1;
}

static int parse_identity(struct ipl_args *a, const char *where,
			  const char *vname, bool id_required, int argc,
			  char *argv[])
{
	const struct ipl_key *keys = identity_keys;

	memset(&a->identity, 0, sizeof(a->identity));
	if (ipl_parse_pairs(a, where, vname, keys, "keyword", NULL, argc,
			    argv, set_identity_key) < 0)
		return -1;
	if (a->action == IPL_ACT_HELP)
		return 0;
	if (!a->identity.peer.family)
		return ipl_usage_error(a, "%s: 'peer ADDR' is required", where);
	if (!a->identity.reqid)
		return ipl_usage_error(a, "%s: 'reqid N' is required", where);
	if (id_required && !a->identity.id)
		return ipl_usage_error(a, "%s: 'id ID' is required", where);
	return 0;
}

/* identity set peer ADDR reqid N id ID */
int ipl_parse_identity_set(struct ipl_args *a, int argc, char *argv[])
{
	return parse_identity(a, "identity set", "set", true, argc, argv);
}

/*
 * identity del peer ADDR reqid N [ id ID ]: with the id, only if the
 * entry still names it (the updown hooks' down).
 */
int ipl_parse_identity_del(struct ipl_args *a, int argc, char *argv[])
{
	return parse_identity(a, "identity del", "del", false, argc, argv);
}
