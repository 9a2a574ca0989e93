// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: command line parsing, the command table and usage text.
 */
#include <limits.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>

#include "args.h"
#include "names.h"
#include "util.h"

/* IPSEC_LATCH_FALLBACK_MS_MAX as a string literal */
#define STR_(x)		#x
#define STR(x)		STR_(x)
#define FALLBACK_RANGE	"1.." STR(IPSEC_LATCH_FALLBACK_MS_MAX)

struct ipl_usage {
	const char *synopsis;	/* after "ipsec-latchctl [OPTIONS] " */
	const char *summary;	/* one line for the command list */
};

struct ipl_verb {
	const char *name;
	enum ipl_action action;
	/* arguments after the verb; NULL: takes none */
	int (*parse)(struct ipl_args *a, int argc, char *argv[]);
};

struct ipl_cmd {
	const char *name;
	/* action without a verb (e.g. "status" is "status show") */
	enum ipl_action action;
	/* NULL-terminated, or NULL if the command has no verbs */
	const struct ipl_verb *verbs;
	/* arguments when no verb is given; NULL: takes none */
	int (*parse)(struct ipl_args *a, int argc, char *argv[]);
	/* NULL-terminated; first line of each is the command list entry */
	const struct ipl_usage *usage;
	/* details for "help COMMAND" */
	const char *help;
};

static int parse_help(struct ipl_args *a, int argc, char *argv[]);
static int parse_resolve_set(struct ipl_args *a, int argc, char *argv[]);
static int parse_template_add(struct ipl_args *a, int argc, char *argv[]);
static int parse_template_del(struct ipl_args *a, int argc, char *argv[]);
static int parse_latch(struct ipl_args *a, int argc, char *argv[]);
static int parse_latch_list(struct ipl_args *a, int argc, char *argv[]);
static int parse_latch_transparent(struct ipl_args *a, int argc,
				   char *argv[]);
static int parse_who(struct ipl_args *a, int argc, char *argv[]);
static int parse_identity_set(struct ipl_args *a, int argc, char *argv[]);
static int parse_identity_del(struct ipl_args *a, int argc, char *argv[]);

static const struct ipl_verb status_verbs[] = {
	{ "show",	IPL_ACT_STATUS_SHOW,	NULL },
	{ "reset",	IPL_ACT_STATUS_RESET,	NULL },
	{ }
};

static const struct ipl_usage status_usage[] = {
	{ "status [ show ]",	"show module version, parameters, counters" },
	{ "status reset",	"zero this network namespace's counters" },
	{ }
};

static const struct ipl_verb resolve_verbs[] = {
	{ "list",	IPL_ACT_RESOLVE_LIST,	NULL },
	{ "stats",	IPL_ACT_RESOLVE_STATS,	NULL },
	{ "set",	IPL_ACT_RESOLVE_SET,	parse_resolve_set },
	{ }
};

static const struct ipl_usage resolve_usage[] = {
	{ "resolve [ list ]",	"list this network namespace's resolutions" },
	{ "resolve stats",	"show this netns's mode and resolution counters" },
	{ "resolve set mode MODE", "set this netns's mode: " IPL_MODE_CHOICES },
	{ }
};

static const struct ipl_verb template_verbs[] = {
	{ "list",	IPL_ACT_TEMPLATE_LIST,	NULL },
	{ "add",	IPL_ACT_TEMPLATE_ADD,	parse_template_add },
	{ "del",	IPL_ACT_TEMPLATE_DEL,	parse_template_del },
	{ "flush",	IPL_ACT_TEMPLATE_FLUSH,	NULL },
	{ "check",	IPL_ACT_TEMPLATE_CHECK,	NULL },
	{ }
};

static const struct ipl_usage template_usage[] = {
	{ "template [ list ]",	"list this netns's latch templates" },
	{ "template add listener proto PROTO [ local ADDR ] lport PORT "
	  "[ action ACTION ] [ fallback MS ]",
	  "latch the flows of a local port" },
	{ "template add connector proto PROTO [ local ADDR ] [ lport PORT ] "
	  "remote ADDR rport PORT [ action ACTION ] [ fallback MS ]",
	  "latch the flows to one remote port" },
	{ "template del ID",	"delete a template" },
	{ "template flush",	"delete every template of this netns" },
	{ "template check",
	  "check bypass-or-protect listeners against the SPD" },
	{ }
};

static const struct ipl_verb latch_verbs[] = {
	{ "list",	IPL_ACT_LATCH_LIST,	parse_latch_list },
	{ "transparent", IPL_ACT_LATCH_TRANSPARENT, parse_latch_transparent },
	{ "stats",	IPL_ACT_LATCH_STATS,	NULL },
	{ }
};

static const struct ipl_usage latch_usage[] = {
	{ "latch [ list ] [ SELECTOR ]...", "list this netns's latches" },
	{ "latch transparent { " IPL_TRANSPARENT_CHOICES_SYNOPSIS " } "
	  "[ fallback MS ]",
	  "set how flows that no template names are latched" },
	{ "latch stats",	"show the latch count and latching counters" },
	{ }
};

static const struct ipl_usage who_usage[] = {
	{ "who PROTO LOCAL:PORT REMOTE:PORT",
	  "who is at the other end of this flow" },
	{ "who PID/FD",		"who is at the other end of a process's socket" },
	{ }
};

static const struct ipl_verb identity_verbs[] = {
	{ "list",	IPL_ACT_IDENTITY_LIST,	NULL },
	{ "set",	IPL_ACT_IDENTITY_SET,	parse_identity_set },
	{ "del",	IPL_ACT_IDENTITY_DEL,	parse_identity_del },
	{ }
};

static const struct ipl_usage identity_usage[] = {
	{ "identity [ list ]",	"list the peers' IKE identities in this netns" },
	{ "identity set peer ADDR reqid N id ID",
	  "name the IKE identity behind a peer's SAs" },
	{ "identity del peer ADDR reqid N", "forget that name" },
	{ }
};

static const struct ipl_usage monitor_usage[] = {
	{ "monitor",		"print resolution and latch events as they happen" },
	{ }
};

static const struct ipl_usage version_usage[] = {
	{ "version",		"show tool and module versions" },
	{ }
};

static const struct ipl_usage help_usage[] = {
	{ "help [ COMMAND ]",	"show help, or help for COMMAND" },
	{ }
};

static const struct ipl_cmd ipl_cmds[] = {
	{
		.name	= "status",
		.action	= IPL_ACT_STATUS_SHOW,
		.verbs	= status_verbs,
		.usage	= status_usage,
		.help	=
"'status' shows the version of the loaded ipsec_latch module, its\n"
"parameters, and the counters of the network namespace the command runs\n"
"in (see -n).\n"
"'status reset' zeroes those counters; it needs CAP_NET_ADMIN in that\n"
"network namespace.\n",
	},
	{
		.name	= "resolve",
		.action	= IPL_ACT_RESOLVE_LIST,
		.verbs	= resolve_verbs,
		.usage	= resolve_usage,
		.help	=
"A resolution is the wait for one outbound SA that does not exist yet:\n"
"the kernel sent an ACQUIRE and the packets that need the SA are held.\n"
"All of this acts on the network namespace the command runs in (see -n).\n"
"\n"
"'resolve' or 'resolve list' prints one line per live resolution:\n"
"  DST SRC PROTO MODE REQID STATE AGE WAITERS PACKETS/BYTES DROPS [ERROR]\n"
"STATE is pending, resolved or failed; PACKETS/BYTES are held in its\n"
"queue; ERROR (failed only) is the errno its callers get.\n"
"'resolve stats' shows the mode and the resolution counters.\n"
"'resolve set mode MODE' sets the mode; it needs CAP_NET_ADMIN in that\n"
"network namespace. MODE := { " IPL_MODE_CHOICES_SYNOPSIS " }\n"
"  off    stock kernel behaviour\n"
"  queue  hold packets until their SA arrives, never block callers\n"
"  wait   hold packets, block callers (non-blocking ones get EAGAIN)\n",
	},
	{
		.name	= "template",
		.action	= IPL_ACT_TEMPLATE_LIST,
		.verbs	= template_verbs,
		.usage	= template_usage,
		.help	=
"A template says which flows get latched: each new flow that matches\n"
"one gets a latch binding it to the peer and protection of its first\n"
"packets. A listener matches flows to a local port (and address, if\n"
"given; without 'local' the tool adds one template for IPv4 and one\n"
"for IPv6 and prints both IDs); a connector matches flows to one remote\n"
"address and port, from a local address and port if given (else any).\n"
"The addresses set the family: both of a connector must be of the same.\n"
"PROTO := { tcp | udp }   PORT := 1..65535\n"
"ACTION := { protect | bypass-or-protect }, default protect:\n"
"  protect            a flow must be protected; clear ones are refused\n"
"  bypass-or-protect  each flow stays as its first packet was, clear or\n"
"                     protected; 'fallback MS' (only with this action):\n"
"                     how long a flow this host starts tries protection\n"
"                     before it falls back to the clear\n"
"'template add' prints 'template ID added'; 'template del' and\n"
"'template flush' print nothing. Changes need CAP_NET_ADMIN.\n"
"A bypass-or-protect listener can latch a flow in the clear only if the\n"
"kernel's SPD lets its clear first packet in: no inbound policy covers\n"
"it, or an optional one ('level use'), or an allow one without\n"
"templates. 'template add' warns when the SPD would drop such packets;\n"
"'template check' checks every such listener, printing 'template N: ok'\n"
"or what is wrong, and exits with 1 if anything is (reading the SPD\n"
"needs CAP_NET_ADMIN).\n"
"'template' or 'template list' prints a table with a header line:\n"
"  id kind proto local lport remote rport action fallback flows\n"
"  protected bypassed refused failed\n"
"FLOWS were latched under the template, of those PROTECTED or BYPASSED\n"
"(in the clear); REFUSED new flows failed closed; FAILED flows lost\n"
"their SA and could not fall back to the clear (protect). Any address\n"
"shows as 0.0.0.0 or ::, any port as *.\n",
	},
	{
		.name	= "latch",
		.action	= IPL_ACT_LATCH_LIST,
		.verbs	= latch_verbs,
		.parse	= parse_latch,
		.usage	= latch_usage,
		.help	=
"A latch binds one TCP or UDP flow to the peer identity and the quality\n"
"of protection (QoP) of the SA that first protected it (RFC 5660).\n"
"'latch' or 'latch list' prints one line per latch of this network\n"
"namespace (see -n), those matching every SELECTOR given:\n"
"  SELECTOR := { proto PROTO | local ADDR | lport PORT | remote ADDR |\n"
"                rport PORT | peer SUBSTRING | state STATE }\n"
"  PROTO := { tcp | udp }   STATE := { larval | established | broken |\n"
"                                      closed }\n"
"  PROTO LOCAL -> REMOTE STATE ACTION (DECISION) bypass-spd\n"
"  peer \"ID\" (SOURCE) QOP template N age AGE idle IDLE\n"
"  pkts in/out I/O drops in/out I/O broken N mem BYTES\n"
"ACTION is protect, bypass (in the clear) or, while the first packet of\n"
"a bypass-or-protect flow waits for its SA, bypass-or-protect. DECISION\n"
"is how that came: pending (waiting), protected, clear-in or clear-out\n"
"(the first packet came or left in the clear), ike-failed or timeout\n"
"(fell back to the clear). bypass-spd: the module gave the flow BYPASS\n"
"SPD entries, so it stays clear even if an SA for the peer appears.\n"
"SOURCE is ike (the key manager's IKE identity) or derived (peer\n"
"address + reqid); parts the kernel did not send are left out.\n"
"'latch transparent MODE' latches flows no template names (needs\n"
"CAP_NET_ADMIN). MODE := { " IPL_TRANSPARENT_CHOICES_SYNOPSIS " }\n"
"  protect, on        every connected TCP/UDP flow whose first packet\n"
"                     is protected\n"
"  bypass-or-protect  the same, and a flow this host starts whose first\n"
"                     packet waits for an SA falls back to the clear\n"
"                     when IKE fails or after 'fallback MS'\n"
"                     (" FALLBACK_RANGE ", default: the module's)\n"
"  off                only the templates' flows\n"
"'latch stats' shows transparent mode, the latch count, the memory of\n"
"one latch and the latching counters.\n",
	},
	{
		.name	= "who",
		.action	= IPL_ACT_WHO,
		.parse	= parse_who,
		.usage	= who_usage,
		.help	=
"Answers \"who am I really talking to\" for one flow: the peer identity\n"
"its latch is bound to, where that identity comes from (the IKE identity\n"
"the key manager gave, or derived: peer address + reqid), the latch's\n"
"state and the quality of protection.\n"
"LOCAL:PORT and REMOTE:PORT: IPv6 addresses in brackets, [ADDR]:PORT.\n"
"PID/FD: the socket FD of process PID, e.g. 1234/5 (needs the right to\n"
"read /proc/PID/fd); it must be a connected TCP or UDP socket. The\n"
"latch is looked up in that process's network namespace.\n"
"Exits with 1 and 'not latched' if the flow has no latch.\n",
	},
	{
		.name	= "identity",
		.action	= IPL_ACT_IDENTITY_LIST,
		.verbs	= identity_verbs,
		.usage	= identity_usage,
		.help	=
"The key manager (e.g. strongSwan through an updown script) names the\n"
"IKE identity behind the SAs of a peer address and reqid; latches made\n"
"under those SAs report it as their peer. Without one, a latch's peer is\n"
"derived: 'ADDR reqid N'.\n"
"ID: the identity, 1..255 bytes, e.g. 'bob.example' or\n"
"'C=CH, O=Example, CN=bob'. REQID: 1..4294967295.\n"
"'identity set' replaces an existing name; set and del need\n"
"CAP_NET_ADMIN and print nothing.\n"
"'identity' or 'identity list' prints one line each:\n"
"  peer ADDR reqid N id \"ID\"\n",
	},
	{
		.name	= "monitor",
		.action	= IPL_ACT_MONITOR,
		.usage	= monitor_usage,
		.help	=
"Prints one line per event in the network namespace the command runs in\n"
"(see -n), as it happens, until interrupted. A resolution ends:\n"
"  resolved DST SRC PROTO MODE reqid REQID [if_id N] [mark M] after AGE\n"
"  failed DST SRC PROTO MODE reqid REQID [if_id N] [mark M] after AGE[: ERROR]\n"
"A latch changes (EVENT: latched, broken, restored, closed, refused):\n"
"  latch EVENT PROTO LOCAL -> REMOTE peer \"ID\" (SOURCE) QOP ACTION\n"
"  template N\n"
"With -j, one JSON object per line. Exits when the module is unloaded.\n",
	},
	{
		.name	= "version",
		.action	= IPL_ACT_VERSION,
		.usage	= version_usage,
		.help	=
"Prints the ipsec-latchctl version, then the version of the loaded\n"
"ipsec_latch module. -V prints the tool version only.\n",
	},
	{
		.name	= "help",
		.action	= IPL_ACT_HELP,
		.parse	= parse_help,
		.usage	= help_usage,
		.help	=
"Without COMMAND, lists all commands. 'ipsec-latchctl COMMAND -h' is the\n"
"same as 'ipsec-latchctl help COMMAND'.\n",
	},
};

static const char ipl_options_help[] =
"Options:\n"
"  -j, --json            JSON output\n"
"  -n, --netns NETNS     run in network namespace NETNS (see ip-netns(8))\n"
"  -h, --help            show this help and exit\n"
"  -V, --version         show the tool version and exit\n";

const struct ipl_cmd *ipl_cmd_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ipl_cmds); i++)
		if (!strcmp(ipl_cmds[i].name, name))
			return &ipl_cmds[i];
	return NULL;
}

const char *ipl_cmd_name(const struct ipl_cmd *cmd)
{
	return cmd ? cmd->name : NULL;
}

#define USAGE_WIDTH	79

/*
 * Write s from column col on, wrapping at spaces outside "[ ]" and
 * "{ }" groups to stay within USAGE_WIDTH; continuation lines start at
 * column indent. Ends the line.
 */
static void print_wrapped(FILE *f, const char *s, int col, int indent)
{
	const char *p, *word;
	int depth = 0, len;

	for (p = s; *p;) {
		/* the next unit: up to a space at depth 0 */
		word = p;
		for (; *p && !(*p == ' ' && !depth); p++) {
			if (*p == '[' || *p == '{')
				depth++;
			else if ((*p == ']' || *p == '}') && depth)
				depth--;
		}
		len = p - word;
		if (word != s && col + 1 + len > USAGE_WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (word != s) {
			fputc(' ', f);
			col++;
		}
		fprintf(f, "%.*s", len, word);
		col += len;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
}

void ipl_usage(FILE *f, const struct ipl_cmd *cmd)
{
	const struct ipl_usage *u;
	size_t i;
	int col;

	if (cmd) {
		for (u = cmd->usage; u->synopsis; u++) {
			col = fprintf(f, "%s %s [OPTIONS] ",
				      u == cmd->usage ? "Usage:" : "      ",
				      IPL_PROG);
			print_wrapped(f, u->synopsis, col, col + 4);
		}
		if (cmd->help)
			fprintf(f, "\n%s", cmd->help);
		fprintf(f, "\nFor OPTIONS see '%s help'.\n", IPL_PROG);
		return;
	}

	fprintf(f,
		"Usage: %s [OPTIONS] COMMAND [ARGS...]\n"
		"       %s COMMAND -h\n"
		"\n%s\nCommands:\n", IPL_PROG, IPL_PROG, ipl_options_help);
	for (i = 0; i < ARRAY_SIZE(ipl_cmds); i++) {
		for (u = ipl_cmds[i].usage; u->synopsis; u++) {
			if (strlen(u->synopsis) <= 21) {
				fprintf(f, "  %-21s  %s\n", u->synopsis,
					u->summary);
				continue;
			}
			fputs("  ", f);
			print_wrapped(f, u->synopsis, 2, 6);
			fprintf(f, "  %-21s  %s\n", "", u->summary);
		}
	}
}

static int usage_error(struct ipl_args *a, const char *fmt, ...)
	__printf(2, 3);

static int usage_error(struct ipl_args *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->err, sizeof(a->err), fmt, ap);
	va_end(ap);
	return -1;
}

static bool is_help_opt(const char *s)
{
	return !strcmp(s, "-h") || !strcmp(s, "--help");
}

static bool is_global_opt(const char *s)
{
	static const char *const opts[] = {
		"-j", "--json", "-n", "--netns", "-V", "--version",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opts); i++)
		if (!strncmp(s, opts[i], strlen(opts[i])))
			return true;
	return false;
}

/* help [COMMAND] */
static int parse_help(struct ipl_args *a, int argc, char *argv[])
{
	const struct ipl_cmd *topic = NULL;

	if (argc > 1)
		return usage_error(a, "help: too many arguments");
	if (argc == 1) {
		topic = ipl_cmd_find(argv[0]);
		if (!topic) {
			a->cmd = NULL;
			return usage_error(a, "help: unknown subcommand '%s'",
					   argv[0]);
		}
	}
	a->action = IPL_ACT_HELP;
	a->cmd = topic;
	return 0;
}

static const struct ipl_verb *find_verb(const struct ipl_cmd *cmd,
					const char *name)
{
	const struct ipl_verb *v;

	for (v = cmd->verbs; v->name; v++)
		if (!strcmp(v->name, name))
			return v;
	return NULL;
}

static int want_help(struct ipl_args *a, const struct ipl_cmd *cmd)
{
	a->action = IPL_ACT_HELP;
	a->cmd = cmd;
	return 0;
}

/* vname: the verb the option follows, or NULL */
static int bad_option(struct ipl_args *a, const char *vname, const char *arg)
{
	return usage_error(a, "%s%s%s: unknown option '%s'%s", a->cmd->name,
			   vname ? " " : "", vname ? vname : "", arg,
			   is_global_opt(arg) ?
			   " (global options go before the command)" : "");
}

static bool is_option(const char *arg)
{
	return arg[0] == '-' && arg[1];
}

/* resolve set SETTING VALUE ...; SETTING := mode */
static int parse_resolve_set(struct ipl_args *a, int argc, char *argv[])
{
	const char *where = "resolve set";
	int i;

	for (i = 0; i < argc; i++)
		if (is_help_opt(argv[i]))
			return want_help(a, a->cmd);

	for (i = 0; i < argc; i += 2) {
		const char *key = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (is_option(key))
			return bad_option(a, "set", key);
		if (strcmp(key, "mode"))
			return usage_error(a, "%s: unknown setting '%s' (known: mode)",
					   where, key);
		if (a->resolve_set.has_mode)
			return usage_error(a, "%s: 'mode' given twice", where);
		if (!val)
			return usage_error(a, "%s: 'mode' needs a value: %s",
					   where, IPL_MODE_CHOICES);
		if (is_option(val))
			return bad_option(a, "set", val);
		if (ipl_mode_parse(val, &a->resolve_set.mode) < 0)
			return usage_error(a, "%s: invalid mode '%s' (valid: %s)",
					   where, val, IPL_MODE_CHOICES);
		a->resolve_set.has_mode = true;
	}
	if (!a->resolve_set.has_mode)
		return usage_error(a, "%s: nothing to set (e.g. 'mode wait')",
				   where);
	return 0;
}

/*
 * KEY VALUE pairs, each key at most once. A free-text value (free) may
 * look like an option; others that do are refused as such.
 */
struct ipl_key {
	const char *name;
	const char *value;	/* what the value is, for messages */
	bool free;
};

typedef int (*ipl_set_fn)(struct ipl_args *a, const char *where, int key,
			  const char *val);

/* -h or --help where a key or a non-free value goes */
static bool pairs_want_help(const struct ipl_key *keys, int argc,
			    char *argv[])
{
	const struct ipl_key *k;
	int i;

	for (i = 0; i < argc; i += 2) {
		if (is_help_opt(argv[i]))
			return true;
		for (k = keys; k->name; k++)
			if (!strcmp(k->name, argv[i]))
				break;
		if (i + 1 < argc && is_help_opt(argv[i + 1]) &&
		    !(k->name && k->free))
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

/*
 * vname: the verb, for option errors; unknown: how to call an unknown key
 * ("keyword"); known: how to introduce the list of keys (NULL: "known").
 */
static int parse_pairs(struct ipl_args *a, const char *where,
		       const char *vname, const struct ipl_key *keys,
		       const char *unknown, const char *known_as, int argc,
		       char *argv[], ipl_set_fn set)
{
	unsigned int seen = 0;
	char known[128];
	int i, k;

	if (pairs_want_help(keys, argc, argv))
		return want_help(a, a->cmd);

	for (i = 0; i < argc; i += 2) {
		const char *key = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (is_option(key))
			return bad_option(a, vname, key);
		for (k = 0; keys[k].name; k++)
			if (!strcmp(keys[k].name, key))
				break;
		if (!keys[k].name) {
			key_names(keys, known, sizeof(known));
			return usage_error(a, "%s: unknown %s '%s' (%s: %s)",
					   where, unknown, key,
					   known_as ? known_as : "known",
					   known);
		}
		if (seen & (1u << k))
			return usage_error(a, "%s: '%s' given twice", where,
					   key);
		seen |= 1u << k;
		if (!val)
			return usage_error(a, "%s: '%s' needs a value: %s",
					   where, key, keys[k].value);
		if (!keys[k].free && is_option(val))
			return bad_option(a, vname, val);
		if (set(a, where, k, val) < 0)
			return -1;
	}
	return 0;
}

static int set_proto(struct ipl_args *a, const char *where, const char *val,
		     uint8_t *proto)
{
	if (ipl_l4proto_parse(val, proto) < 0)
		return usage_error(a, "%s: invalid proto '%s': give tcp or udp (latches are for TCP and UDP flows)",
				   where, val);
	return 0;
}

static int set_addr(struct ipl_args *a, const char *where, const char *key,
		    const char *val, struct ipl_addr *addr)
{
	if (ipl_addr_parse(val, addr) < 0)
		return usage_error(a, "%s: invalid %s address '%s': give a numeric IPv4 or IPv6 address",
				   where, key, val);
	return 0;
}

static int set_port(struct ipl_args *a, const char *where, const char *key,
		    const char *val, uint16_t *port)
{
	if (ipl_port_parse(val, port) < 0)
		return usage_error(a, "%s: invalid %s '%s': give a port number 1..65535",
				   where, key, val);
	return 0;
}

static int set_reqid(struct ipl_args *a, const char *where, const char *val,
		     uint32_t *reqid)
{
	if (ipl_u32_parse(val, reqid) < 0 || !*reqid)
		return usage_error(a, "%s: invalid reqid '%s': give the SAs' reqid, 1..4294967295",
				   where, val);
	return 0;
}

/* fallback MS: key is the key's entry, for what MS may be */
static int set_fallback(struct ipl_args *a, const char *where,
			const struct ipl_key *key, const char *val,
			uint32_t max, uint32_t *ms)
{
	if (ipl_u32_parse(val, ms) < 0 || !*ms || *ms > max)
		return usage_error(a, "%s: invalid fallback '%s': give %s",
				   where, val, key->value);
	return 0;
}

/* Both addresses, when given, must be of one family. */
static int same_family(struct ipl_args *a, const char *where,
		       const struct ipl_addr *local,
		       const struct ipl_addr *remote)
{
	if (local->family && remote->family &&
	    local->family != remote->family)
		return usage_error(a, "%s: the local and remote addresses are of different families: give two IPv4 or two IPv6 addresses",
				   where);
	return 0;
}

/* template add keys, by index */
enum {
	TK_PROTO, TK_LOCAL, TK_LPORT, TK_REMOTE, TK_RPORT, TK_ACTION,
	TK_FALLBACK,
};

static const struct ipl_key template_keys[] = {
	[TK_PROTO]	= { "proto", IPL_L4PROTO_CHOICES, false },
	[TK_LOCAL]	= { "local", "an IPv4 or IPv6 address", false },
	[TK_LPORT]	= { "lport", "a port number 1..65535", false },
	[TK_REMOTE]	= { "remote", "an IPv4 or IPv6 address", false },
	[TK_RPORT]	= { "rport", "a port number 1..65535", false },
	[TK_ACTION]	= { "action", IPL_TMPL_ACTION_CHOICES, false },
	[TK_FALLBACK]	= { "fallback", "milliseconds, at least 1", false },
	{ }
};

static int set_template_key(struct ipl_args *a, const char *where, int key,
			    const char *val)
{
	struct ipl_tmpl *t = &a->template_add;
	uint16_t port;
	uint8_t v8;
	uint32_t v;

	switch (key) {
	case TK_PROTO:
		if (set_proto(a, where, val, &v8) < 0)
			return -1;
		t->proto = v8;
		ipl_tmpl_set(t, IPSEC_LATCH_TMPL_A_PROTO);
		return 0;
	case TK_LOCAL:
		ipl_tmpl_set(t, IPSEC_LATCH_TMPL_A_LOCAL_ADDR);
		return set_addr(a, where, "local", val, &t->local);
	case TK_REMOTE:
		ipl_tmpl_set(t, IPSEC_LATCH_TMPL_A_REMOTE_ADDR);
		return set_addr(a, where, "remote", val, &t->remote);
	case TK_LPORT:
	case TK_RPORT:
		if (set_port(a, where, template_keys[key].name, val, &port) < 0)
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
			return usage_error(a, "%s: invalid action '%s' (valid: %s)",
					   where, val,
					   IPL_TMPL_ACTION_CHOICES);
		t->action = v8;
		return 0;
	case TK_FALLBACK:
		/* the module sets the upper bound */
		if (set_fallback(a, where, &template_keys[key], val,
				 UINT32_MAX, &v) < 0)
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
	struct ipl_tmpl *t = &a->template_add;
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
			return usage_error(a, "%s: a listener matches any remote end: no '%s' (for one peer, add a connector)",
					   where, raddr ? "remote" : "rport");
		/* a listener: any remote end; a connector: any local port */
		if (connector ? type == IPSEC_LATCH_TMPL_A_LOCAL_PORT : remote)
			continue;
		if (!ipl_tmpl_has(t, type))
			return usage_error(a, "%s: %s is required%s", where,
					   needed[i].what, remote ?
					   " (a connector matches flows to one remote address and port)" :
					   "");
	}
	if (same_family(a, where, &t->local, &t->remote) < 0)
		return -1;
	if (t->local.family || t->remote.family) {
		t->family = t->local.family ? t->local.family :
					      t->remote.family;
		ipl_tmpl_set(t, IPSEC_LATCH_TMPL_A_FAMILY);
	}
	if (ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_FALLBACK_MS) &&
	    t->action != IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT)
		return usage_error(a, "%s: 'fallback' needs 'action bypass-or-protect' (a protect template never falls back to the clear)",
				   where);
	return 0;
}

/* template add KIND KEY VALUE... */
static int parse_template_add(struct ipl_args *a, int argc, char *argv[])
{
	struct ipl_tmpl *t = &a->template_add;
	char where[32];
	uint8_t kind;

	if (!argc)
		return usage_error(a, "template add: which kind? give 'listener' or 'connector'");
	if (is_option(argv[0]))
		return bad_option(a, "add", argv[0]);
	if (ipl_tmpl_kind_parse(argv[0], &kind) < 0)
		return usage_error(a, "template add: unknown kind '%s' (valid: %s)",
				   argv[0], IPL_TMPL_KIND_CHOICES);
	snprintf(where, sizeof(where), "template add %s", argv[0]);
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	ipl_tmpl_set(t, IPSEC_LATCH_TMPL_A_KIND);
	t->action = IPSEC_LATCH_ACTION_PROTECT;
	ipl_tmpl_set(t, IPSEC_LATCH_TMPL_A_ACTION);
	if (parse_pairs(a, where, "add", template_keys, "keyword", NULL,
			argc - 1, argv + 1, set_template_key) < 0)
		return -1;
	if (a->action == IPL_ACT_HELP)
		return 0;
	return check_template(a, where);
}

/* Positional arguments: help anywhere, options refused. */
static int positional(struct ipl_args *a, const char *vname, int argc,
		      char *argv[], bool *help)
{
	int i;

	*help = false;
	for (i = 0; i < argc; i++) {
		if (is_help_opt(argv[i])) {
			*help = true;
			return want_help(a, a->cmd);
		}
	}
	for (i = 0; i < argc; i++)
		if (is_option(argv[i]))
			return bad_option(a, vname, argv[i]);
	return 0;
}

/* template del ID */
static int parse_template_del(struct ipl_args *a, int argc, char *argv[])
{
	bool help;

	if (positional(a, "del", argc, argv, &help) < 0 || help)
		return help ? 0 : -1;
	if (!argc)
		return usage_error(a, "template del: give the template's ID (see 'template list')");
	if (argc > 1)
		return usage_error(a, "template del: unexpected argument '%s' (one ID at a time)",
				   argv[1]);
	if (ipl_u32_parse(argv[0], &a->template_del.id) < 0 ||
	    !a->template_del.id)
		return usage_error(a, "template del: invalid ID '%s': give a number >= 1 (see 'template list')",
				   argv[0]);
	return 0;
}

/* latch selectors, by index */
enum {
	LK_PROTO, LK_LOCAL, LK_LPORT, LK_REMOTE, LK_RPORT, LK_PEER, LK_STATE,
};

static const struct ipl_key latch_keys[] = {
	[LK_PROTO]	= { "proto", IPL_L4PROTO_CHOICES, false },
	[LK_LOCAL]	= { "local", "an IPv4 or IPv6 address", false },
	[LK_LPORT]	= { "lport", "a port number 1..65535", false },
	[LK_REMOTE]	= { "remote", "an IPv4 or IPv6 address", false },
	[LK_RPORT]	= { "rport", "a port number 1..65535", false },
	[LK_PEER]	= { "peer", "a part of the peer identity", true },
	[LK_STATE]	= { "state", IPL_LATCH_STATE_CHOICES, false },
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
		return set_proto(a, where, val, &f->proto);
	case LK_LOCAL:
		ipl_filter_set(f, IPSEC_LATCH_LATCH_A_LOCAL_ADDR);
		return set_addr(a, where, "local", val, &f->local);
	case LK_REMOTE:
		ipl_filter_set(f, IPSEC_LATCH_LATCH_A_REMOTE_ADDR);
		return set_addr(a, where, "remote", val, &f->remote);
	case LK_LPORT:
		ipl_filter_set(f, IPSEC_LATCH_LATCH_A_LOCAL_PORT);
		return set_port(a, where, "lport", val, &f->lport);
	case LK_RPORT:
		ipl_filter_set(f, IPSEC_LATCH_LATCH_A_REMOTE_PORT);
		return set_port(a, where, "rport", val, &f->rport);
	case LK_PEER:
		len = strlen(val);
		if (!len || len > IPSEC_LATCH_ID_MAX_LEN)
			return usage_error(a, "%s: 'peer' needs a part of the peer identity, 1..%d bytes",
					   where, IPSEC_LATCH_ID_MAX_LEN);
		f->peer_id = val;
		ipl_filter_set(f, IPSEC_LATCH_LATCH_A_PEER_ID);
		return 0;
	case LK_STATE:
		if (ipl_latch_state_parse(val, &f->state) < 0)
			return usage_error(a, "%s: invalid state '%s' (valid: %s)",
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
	if (parse_pairs(a, where, vname, latch_keys, unknown, known_as, argc,
			argv, set_latch_key) < 0)
		return -1;
	if (a->action == IPL_ACT_HELP)
		return 0;
	if (same_family(a, where, &f->local, &f->remote) < 0)
		return -1;
	if (f->local.family || f->remote.family) {
		f->family = f->local.family ? f->local.family :
					      f->remote.family;
		ipl_filter_set(f, IPSEC_LATCH_LATCH_A_FAMILY);
	}
	return 0;
}

/* latch [SELECTOR...]: selectors straight after the command */
static int parse_latch(struct ipl_args *a, int argc, char *argv[])
{
	return parse_latch_filter(a, "latch", NULL, "subcommand or selector",
				  "subcommands: list, transparent, stats; selectors",
				  argc, argv);
}

/* latch list [SELECTOR...] */
static int parse_latch_list(struct ipl_args *a, int argc, char *argv[])
{
	return parse_latch_filter(a, "latch list", "list", "selector", NULL,
				  argc, argv);
}

/* what may follow "latch transparent MODE" */
enum {
	XK_FALLBACK,
};

static const struct ipl_key transparent_keys[] = {
	[XK_FALLBACK]	= { "fallback", "milliseconds, " FALLBACK_RANGE,
			    false },
	{ }
};

static int set_transparent_key(struct ipl_args *a, const char *where,
			       int key, const char *val)
{
	if (key != XK_FALLBACK)
		return -1;
	a->latch_transparent.has_fallback = true;
	return set_fallback(a, where, &transparent_keys[key], val,
			    IPSEC_LATCH_FALLBACK_MS_MAX,
			    &a->latch_transparent.fallback_ms);
}

/* latch transparent MODE [fallback MS] */
static int parse_latch_transparent(struct ipl_args *a, int argc,
				   char *argv[])
{
	const char *where = "latch transparent";
	bool help;

	memset(&a->latch_transparent, 0, sizeof(a->latch_transparent));
	if (positional(a, "transparent", argc, argv, &help) < 0 || help)
		return help ? 0 : -1;
	if (!argc)
		return usage_error(a, "%s: give a mode: %s", where,
				   IPL_TRANSPARENT_CHOICES);
	if (!strcmp(argv[0], "fallback"))
		return usage_error(a, "%s: give the mode first: 'latch transparent bypass-or-protect fallback MS'",
				   where);
	if (ipl_transparent_parse(argv[0], &a->latch_transparent.mode) < 0)
		return usage_error(a, "%s: invalid mode '%s' (valid: %s)",
				   where, argv[0], IPL_TRANSPARENT_CHOICES);
	if (parse_pairs(a, where, "transparent", transparent_keys, "keyword",
			NULL, argc - 1, argv + 1, set_transparent_key) < 0)
		return -1;
	if (a->latch_transparent.has_fallback &&
	    a->latch_transparent.mode !=
	    IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT)
		return usage_error(a, "%s: 'fallback' goes with 'bypass-or-protect' only: no other mode falls back to the clear",
				   where);
	return 0;
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
static int parse_who(struct ipl_args *a, int argc, char *argv[])
{
	struct ipl_addr local, remote;
	uint16_t lport, rport;
	uint8_t proto;
	bool help;

	memset(&a->who, 0, sizeof(a->who));
	if (positional(a, NULL, argc, argv, &help) < 0 || help)
		return help ? 0 : -1;
	if (argc == 1) {
		if (parse_pid_fd(argv[0], &a->who.pid, &a->who.fd) < 0)
			return usage_error(a, "who: '%s' is not PID/FD (e.g. 1234/5); or give PROTO LOCAL:PORT REMOTE:PORT",
					   argv[0]);
		a->who.by_fd = true;
		return 0;
	}
	if (argc != 3)
		return usage_error(a, "who: give PROTO LOCAL:PORT REMOTE:PORT, or PID/FD");
	if (set_proto(a, "who", argv[0], &proto) < 0)
		return -1;
	if (ipl_endpoint_parse(argv[1], &local, &lport) < 0)
		return usage_error(a, "who: invalid local endpoint '%s': give ADDR:PORT, or [ADDR]:PORT for IPv6",
				   argv[1]);
	if (ipl_endpoint_parse(argv[2], &remote, &rport) < 0)
		return usage_error(a, "who: invalid remote endpoint '%s': give ADDR:PORT, or [ADDR]:PORT for IPv6",
				   argv[2]);
	if (same_family(a, "who", &local, &remote) < 0)
		return -1;
	ipl_latch_filter_flow(&a->who.flow, proto, &local, lport, &remote,
			      rport);
	return 0;
}

/* identity keys, by index */
enum {
	IK_PEER, IK_REQID, IK_ID,
};

static const struct ipl_key identity_keys[] = {
	[IK_PEER]	= { "peer", "the peer's IPv4 or IPv6 address", false },
	[IK_REQID]	= { "reqid", "the SAs' reqid, 1..4294967295", false },
	[IK_ID]		= { "id", "the IKE identity", true },
	{ }
};

static int set_identity_key(struct ipl_args *a, const char *where, int key,
			    const char *val)
{
	size_t len;

	switch (key) {
	case IK_PEER:
		return set_addr(a, where, "peer", val, &a->identity.peer);
	case IK_REQID:
		return set_reqid(a, where, val, &a->identity.reqid);
	case IK_ID:
		len = strlen(val);
		if (!len)
			return usage_error(a, "%s: the id is empty: give the peer's IKE identity, 1..%d bytes",
					   where, IPSEC_LATCH_ID_MAX_LEN);
		if (len > IPSEC_LATCH_ID_MAX_LEN)
			return usage_error(a, "%s: the id is %zu bytes long; at most %d",
					   where, len, IPSEC_LATCH_ID_MAX_LEN);
		a->identity.id = val;
		return 0;
	}
	return -1;
}

/* del: keys is identity_keys without "id" */
static int parse_identity(struct ipl_args *a, const char *where,
			  const char *vname, const struct ipl_key *keys,
			  int argc, char *argv[])
{
	memset(&a->identity, 0, sizeof(a->identity));
	if (parse_pairs(a, where, vname, keys, "keyword", NULL, argc, argv,
			set_identity_key) < 0)
		return -1;
	if (a->action == IPL_ACT_HELP)
		return 0;
	if (!a->identity.peer.family)
		return usage_error(a, "%s: 'peer ADDR' is required", where);
	if (!a->identity.reqid)
		return usage_error(a, "%s: 'reqid N' is required", where);
	if (keys[IK_ID].name && !a->identity.id)
		return usage_error(a, "%s: 'id ID' is required", where);
	return 0;
}

/* identity set peer ADDR reqid N id ID */
static int parse_identity_set(struct ipl_args *a, int argc, char *argv[])
{
	return parse_identity(a, "identity set", "set", identity_keys, argc,
			      argv);
}

/* identity del peer ADDR reqid N */
static int parse_identity_del(struct ipl_args *a, int argc, char *argv[])
{
	const struct ipl_key keys[] = {
		[IK_PEER]	= identity_keys[IK_PEER],
		[IK_REQID]	= identity_keys[IK_REQID],
		{ }
	};

	return parse_identity(a, "identity del", "del", keys, argc, argv);
}

static int bad_arg(struct ipl_args *a, const struct ipl_verb *verb,
		   const char *arg)
{
	const char *cmd = a->cmd->name;
	const char *sep = verb ? " " : "";
	const char *vname = verb ? verb->name : "";

	if (is_option(arg))
		return bad_option(a, verb ? verb->name : NULL, arg);
	if (a->cmd->verbs && !verb)
		return usage_error(a, "%s: unknown subcommand '%s'", cmd, arg);
	return usage_error(a, "%s%s%s: unexpected argument '%s'", cmd, sep,
			   vname, arg);
}

/* argv: what follows the command name */
static int parse_cmd(struct ipl_args *a, const struct ipl_cmd *cmd,
		     int argc, char *argv[])
{
	int (*parse)(struct ipl_args *a, int argc, char *argv[]) = cmd->parse;
	const struct ipl_verb *verb = NULL;

	a->cmd = cmd;
	a->action = cmd->action;

	if (argc && is_help_opt(argv[0]))
		return want_help(a, cmd);

	if (cmd->verbs && argc) {
		if (!strcmp(argv[0], "help"))
			return want_help(a, cmd);
		verb = find_verb(cmd, argv[0]);
		/* not a verb: the arguments of the command without one */
		if (!verb && parse)
			return parse(a, argc, argv);
		if (!verb)
			return bad_arg(a, NULL, argv[0]);
		a->action = verb->action;
		parse = verb->parse;
		argc--;
		argv++;
		if (argc && is_help_opt(argv[0]))
			return want_help(a, cmd);
	}

	if (parse)
		return parse(a, argc, argv);
	if (argc)
		return bad_arg(a, verb, argv[0]);
	return 0;
}

/* Value of an option: attached ("-nfoo", "--netns=foo") or next argument. */
static int opt_value(struct ipl_args *a, const char *opt, const char *attached,
		     int argc, char *argv[], int *i, const char **val)
{
	if (attached) {
		*val = attached;
		return 0;
	}
	if (*i + 1 >= argc)
		return usage_error(a, "option '%s' requires an argument", opt);
	*val = argv[++*i];
	return 0;
}

static int parse_long_opt(struct ipl_args *a, int argc, char *argv[], int *i,
			  bool *early)
{
	const char *arg = argv[*i];
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	char name[32];

	snprintf(name, sizeof(name), "%.*s", (int)len, arg);

	if (!strcmp(name, "--netns"))
		return opt_value(a, name, eq ? eq + 1 : NULL, argc, argv, i,
				 &a->netns);

	if (strcmp(name, "--json") && strcmp(name, "--help") &&
	    strcmp(name, "--version"))
		return usage_error(a, "unknown option '%s'", arg);
	if (eq)
		return usage_error(a, "option '%s' takes no argument", name);

	if (!strcmp(name, "--json")) {
		a->json = true;
	} else if (!*early) {
		a->action = strcmp(name, "--help") ? IPL_ACT_TOOL_VERSION :
						     IPL_ACT_HELP;
		*early = true;
	}
	return 0;
}

/* A cluster of short options, getopt style: "-j", "-jn ns", "-nns". */
static int parse_short_opts(struct ipl_args *a, int argc, char *argv[],
			    int *i, bool *early)
{
	const char *p;

	for (p = argv[*i] + 1; *p; p++) {
		switch (*p) {
		case 'j':
			a->json = true;
			break;
		case 'n':
			return opt_value(a, "-n", p[1] ? p + 1 : NULL, argc,
					 argv, i, &a->netns);
		case 'h':
		case 'V':
			if (!*early) {
				a->action = *p == 'h' ? IPL_ACT_HELP :
							IPL_ACT_TOOL_VERSION;
				*early = true;
			}
			break;
		default:
			return usage_error(a, "unknown option '-%c'", *p);
		}
	}
	return 0;
}

int ipl_args_parse(struct ipl_args *a, int argc, char *argv[])
{
	const struct ipl_cmd *cmd;
	bool early = false;	/* -h or -V: no command needed */
	int i, ret;

	memset(a, 0, sizeof(*a));
	a->action = IPL_ACT_HELP;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (arg[0] != '-' || !arg[1])
			break;
		if (!strcmp(arg, "--")) {
			i++;
			break;
		}
		if (arg[1] == '-')
			ret = parse_long_opt(a, argc, argv, &i, &early);
		else
			ret = parse_short_opts(a, argc, argv, &i, &early);
		if (ret)
			return ret;
	}

	if (early)
		return 0;
	if (i >= argc)
		return usage_error(a, "no command given");

	cmd = ipl_cmd_find(argv[i]);
	if (!cmd)
		return usage_error(a, "unknown subcommand '%s'", argv[i]);
	return parse_cmd(a, cmd, argc - i - 1, argv + i + 1);
}
