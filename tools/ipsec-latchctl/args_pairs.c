// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: KEY VALUE pairs on the command line, and the checks of
 * the values that several commands share (see args_internal.h).
 */
#include <string.h>

#include "args_internal.h"
#include "names.h"

static bool key_is(const struct ipl_key *k, const char *word)
{
	return !strcmp(k->name, word) || (k->alias && !strcmp(k->alias, word));
}

/* Index of the key named word, or -1. */
static int find_key(const struct ipl_key *keys, const char *word)
{
	int k;

	for (k = 0; keys[k].name; k++)
		if (key_is(&keys[k], word))
			return k;
	return -1;
}

/* -h or --help where a key or a non-free value goes */
static bool pairs_want_help(const struct ipl_key *keys, int argc,
			    char *argv[])
{
	int i, k;

	for (i = 0; i < argc; i += 2) {
		if (ipl_is_help_opt(argv[i]))
			return true;
		k = find_key(keys, argv[i]);
		if (i + 1 < argc && ipl_is_help_opt(argv[i + 1]) &&
		    !(k >= 0 && keys[k].free))
			return true;
	}
	return false;
}

/* "proto, local, lport" */
static void key_names(const struct ipl_key *keys, char *buf, size_t len)
{
	const struct ipl_key *k;
	size_t n = 0;

	buf[0] = '\0';
	for (k = keys; k->name && n < len; k++)
		n += snprintf(buf + n, len - n, "%s%s", k == keys ? "" : ", ",
			      k->name);
}

int ipl_parse_pairs(struct ipl_args *a, const char *where, const char *vname,
		    const struct ipl_key *keys, const char *unknown,
		    const char *known_as, int argc, char *argv[],
		    ipl_set_fn set)
{
	const char *given[32] = { NULL };	/* as the user named each */
	char known[128];
	int i, k;

	if (pairs_want_help(keys, argc, argv))
		return ipl_want_help(a, a->cmd);

	for (i = 0; i < argc; i += 2) {
		const char *key = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (ipl_is_option(key))
			return ipl_bad_option(a, vname, key);
		k = find_key(keys, key);
		if (k < 0) {
			key_names(keys, known, sizeof(known));
			return ipl_usage_error(a, "%s: unknown %s '%s' (%s: %s)",
					       where, unknown, key,
					       known_as ? known_as : "known",
					       known);
		}
		if (given[k] && strcmp(given[k], key))
			return ipl_usage_error(a, "%s: '%s' and '%s' are one selector: give one",
					       where, given[k], key);
		if (given[k])
			return ipl_usage_error(a, "%s: '%s' given twice", where,
					       key);
		given[k] = key;
		if (!val)
			return ipl_usage_error(a, "%s: '%s' needs a value: %s",
					       where, key, keys[k].value);
		if (!keys[k].free && ipl_is_option(val))
			return ipl_bad_option(a, vname, val);
		if (set(a, where, k, val) < 0)
			return -1;
	}
	return 0;
}

int ipl_set_proto(struct ipl_args *a, const char *where, const char *val,
		  uint8_t *proto)
{
	if (ipl_l4proto_parse(val, proto) < 0)
		return ipl_usage_error(a, "%s: invalid proto '%s': give tcp or udp (latches are for TCP and UDP flows)",
				       where, val);
	return 0;
}

int ipl_set_addr(struct ipl_args *a, const char *where, const char *key,
		 const char *val, struct ipl_addr *addr)
{
	if (ipl_addr_parse(val, addr) < 0)
		return ipl_usage_error(a, "%s: invalid %s address '%s': give a numeric IPv4 or IPv6 address",
				       where, key, val);
	return 0;
}

int ipl_set_port(struct ipl_args *a, const char *where, const char *key,
		 const char *val, uint16_t *port)
{
	if (ipl_port_parse(val, port) < 0)
		return ipl_usage_error(a, "%s: invalid %s '%s': give a port number 1..65535",
				       where, key, val);
	return 0;
}

int ipl_set_reqid(struct ipl_args *a, const char *where, const char *val,
		  uint32_t *reqid)
{
	if (ipl_u32_parse(val, reqid) < 0 || !*reqid)
		return ipl_usage_error(a, "%s: invalid reqid '%s': give the SAs' reqid, 1..4294967295",
				       where, val);
	return 0;
}

int ipl_set_fallback(struct ipl_args *a, const char *where, const char *val,
		     uint32_t *ms)
{
	if (ipl_u32_parse(val, ms) < 0 || !*ms ||
	    *ms > IPSEC_LATCH_FALLBACK_MS_MAX)
		return ipl_usage_error(a, "%s: invalid fallback '%s': give %s",
				       where, val, IPL_FALLBACK_VALUE);
	return 0;
}

int ipl_same_family(struct ipl_args *a, const char *where,
		    const struct ipl_addr *local,
		    const struct ipl_addr *remote)
{
	if (local->family && remote->family &&
	    local->family != remote->family)
		return ipl_usage_error(a, "%s: the local and remote addresses are of different families: give two IPv4 or two IPv6 addresses",
				       where);
	return 0;
}
