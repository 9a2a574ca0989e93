// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "template add", "template replace" and "template del"
 * arguments.
 */
#include <string.h>

#include "args_internal.h"
#include "names.h"

/* template keys, by index */
enum {
	TK_PROTO, TK_LOCAL, TK_LPORT, TK_REMOTE, TK_RPORT, TK_ACTION,
	TK_FALLBACK,
};

/* src, dst, sport, dport: from this host's point of view, as a latch */
static const struct ipl_key template_keys[] = {
	[TK_PROTO]	= { "proto", NULL, IPL_L4PROTO_CHOICES, false },
	[TK_LOCAL]	= { "local", "src", IPL_ADDR_VALUE, false },
	[TK_LPORT]	= { "lport", "sport", IPL_PORT_VALUE, false },
	[TK_REMOTE]	= { "remote", "dst", IPL_ADDR_VALUE, false },
	[TK_RPORT]	= { "rport", "dport", IPL_PORT_VALUE, false },
	[TK_ACTION]	= { "action", NULL, IPL_TMPL_ACTION_CHOICES, false },
	[TK_FALLBACK]	= { "fallback", NULL, IPL_FALLBACK_VALUE, false },
	{ }
};

static int set_template_key(struct ipl_args *a, const char *where, int key,
			    const char *val)
{
	struct ipl_tmpl *t = &a->template.t;
	uint16_t port;
	uint8_t v8;
	uint32_t v;

	/* del finds the template whatever its action and fallback */
	if (a->action == IPL_ACT_TEMPLATE_DEL &&
	    (key == TK_ACTION || key == TK_FALLBACK))
		return ipl_usage_error(a, "%s: no '%s' with del: it matches templates by kind, proto, addresses and ports only",
				       where, template_keys[key].name);
	switch (key) {
	case TK_PROTO:
		if (ipl_set_proto(a, where, val, &v8) < 0)
			return -1;
		t->proto = v8;
		ipl_tmpl_set(t, IPSEC_LATCH_TMPL_A_PROTO);
		return 0;
	case TK_LOCAL:
		ipl_tmpl_set(t, IPSEC_LATCH_TMPL_A_LOCAL_ADDR);
		return ipl_set_addr(a, where, "local", val, &t->local);
	case TK_REMOTE:
		ipl_tmpl_set(t, IPSEC_LATCH_TMPL_A_REMOTE_ADDR);
		return ipl_set_addr(a, where, "remote", val, &t->remote);
	case TK_LPORT:
	case TK_RPORT:
		if (ipl_set_port(a, where, template_keys[key].name, val,
				 &port) < 0)
			return -1;
		if (key == TK_LPORT) {
			t->lport = port;
			ipl_tmpl_set(t, IPSEC_LATCH_TMPL_A_LOCAL_PORT);
		} else {
			t->rport = port;
			ipl_tmpl_set(t, IPSEC_LATCH_TMPL_A_REMOTE_PORT);
		}
		return 0;
	case TK_ACTION:
		if (ipl_tmpl_action_parse(val, &v8) < 0)
			return ipl_usage_error(a, "%s: invalid action '%s' (valid: %s)",
					       where, val,
					       IPL_TMPL_ACTION_CHOICES);
		t->action = v8;
		return 0;
	case TK_FALLBACK:
		/* as 'latch transparent' does: the module's bounds */
		if (ipl_set_fallback(a, where, val, &v) < 0)
			return -1;
		t->fallback_ms = v;
		ipl_tmpl_set(t, IPSEC_LATCH_TMPL_A_FALLBACK_MS);
		return 0;
	}
	return -1;
}

/* What a template of its kind must have, and must not. */
static int check_template(struct ipl_args *a, const char *where)
{
	struct ipl_tmpl *t = &a->template.t;
	bool connector = t->kind == IPSEC_LATCH_TMPL_CONNECTOR;
	static const struct {
		unsigned int type;
		const char *what;
	} needed[] = {
		{ IPSEC_LATCH_TMPL_A_PROTO,	  "'proto tcp' or 'proto udp'" },
		{ IPSEC_LATCH_TMPL_A_LOCAL_PORT,  "'lport PORT'" },
		{ IPSEC_LATCH_TMPL_A_REMOTE_ADDR, "'remote ADDR'" },
		{ IPSEC_LATCH_TMPL_A_REMOTE_PORT, "'rport PORT'" },
	};
	size_t i;

	/* no 'local ADDR' needed: without one, either kind matches any */
	for (i = 0; i < ARRAY_SIZE(needed); i++) {
		unsigned int type = needed[i].type;
		bool raddr = type == IPSEC_LATCH_TMPL_A_REMOTE_ADDR;
		bool remote = raddr || type == IPSEC_LATCH_TMPL_A_REMOTE_PORT;

		if (!connector && remote && ipl_tmpl_has(t, type))
			return ipl_usage_error(a, "%s: a listener matches any remote end: no '%s' (for one peer, add a connector)",
					       where, raddr ? "remote" : "rport");
		/* a listener: any remote end; a connector: any local port */
		if (connector ? type == IPSEC_LATCH_TMPL_A_LOCAL_PORT : remote)
			continue;
		if (!ipl_tmpl_has(t, type))
			return ipl_usage_error(a, "%s: %s is required%s", where,
					       needed[i].what, remote ?
					       " (a connector matches flows to one remote address and port)" :
					       "");
	}
	if (ipl_same_family(a, where, &t->local, &t->remote) < 0)
		return -1;
	if (t->local.family || t->remote.family) {
		t->family = t->local.family ? t->local.family :
					      t->remote.family;
		ipl_tmpl_set(t, IPSEC_LATCH_TMPL_A_FAMILY);
	}
	if (ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_FALLBACK_MS) &&
	    t->action != IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT)
		return ipl_usage_error(a, "%s: 'fallback' needs 'action bypass-or-protect' (a protect template never falls back to the clear)",
				       where);
	return 0;
}

/* VERB KIND KEY VALUE...: a template as add, replace and del take it */
static int parse_template(struct ipl_args *a, const char *vname, int argc,
			  char *argv[])
{
	struct ipl_tmpl *t = &a->template.t;
	char where[32];
	uint8_t kind;

	memset(&a->template, 0, sizeof(a->template));
	if (!argc)
		return ipl_usage_error(a, "template %s: which kind? give 'listener' or 'connector'",
				       vname);
	if (ipl_is_help_opt(argv[0]))
		return ipl_want_help(a, a->cmd);
	if (ipl_is_option(argv[0]))
		return ipl_bad_option(a, vname, argv[0]);
	if (ipl_tmpl_kind_parse(argv[0], &kind) < 0)
		return ipl_usage_error(a, "template %s: unknown kind '%s' (valid: %s)",
				       vname, argv[0], IPL_TMPL_KIND_CHOICES);
	snprintf(where, sizeof(where), "template %s %s", vname, argv[0]);
	t->kind = kind;
	ipl_tmpl_set(t, IPSEC_LATCH_TMPL_A_KIND);
	t->action = IPSEC_LATCH_ACTION_PROTECT;
	ipl_tmpl_set(t, IPSEC_LATCH_TMPL_A_ACTION);
	if (ipl_parse_pairs(a, where, vname, template_keys, "keyword", NULL,
			    argc - 1, argv + 1, set_template_key) < 0)
		return -1;
	if (a->action == IPL_ACT_HELP)
		return 0;
	return check_template(a, where);
}

/* template add KIND KEY VALUE... */
int ipl_parse_template_add(struct ipl_args *a, int argc, char *argv[])
{
	return parse_template(a, "add", argc, argv);
}

/* template replace KIND KEY VALUE... */
int ipl_parse_template_replace(struct ipl_args *a, int argc, char *argv[])
{
	return parse_template(a, "replace", argc, argv);
}

/* template del ID | template del KIND KEY VALUE... */
int ipl_parse_template_del(struct ipl_args *a, int argc, char *argv[])
{
	uint8_t kind;
	bool help;

	if (argc && ipl_tmpl_kind_parse(argv[0], &kind) == 0)
		return parse_template(a, "del", argc, argv);
	memset(&a->template, 0, sizeof(a->template));
	if (ipl_positional(a, "del", argc, argv, &help) < 0 || help)
		return help ? 0 : -1;
	if (!argc)
		return ipl_usage_error(a, "template del: give the template's ID (see 'template list'), or its kind and selector as 'template add' took them");
	if (argc > 1)
		return ipl_usage_error(a, "template del: unexpected argument '%s' (one ID at a time)",
				       argv[1]);
	if (ipl_u32_parse(argv[0], &a->template.id) < 0 || !a->template.id)
		return ipl_usage_error(a, "template del: invalid ID '%s': give a number >= 1 (see 'template list'), or 'listener' or 'connector' and a selector",
				       argv[0]);
	return 0;
}
