// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: command line parsing, the command table and usage text.
 */
#include <stdarg.h>
#include <string.h>

#include "args.h"
#include "names.h"
#include "util.h"

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

static const struct ipl_usage monitor_usage[] = {
	{ "monitor",		"print resolution events as they happen" },
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
		.name	= "monitor",
		.action	= IPL_ACT_MONITOR,
		.usage	= monitor_usage,
		.help	=
"Prints one line per resolution that ends in the network namespace the\n"
"command runs in (see -n), as it happens, until interrupted:\n"
"  resolved DST SRC PROTO MODE reqid REQID after AGE\n"
"  failed DST SRC PROTO MODE reqid REQID after AGE[: ERROR]\n"
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

void ipl_usage(FILE *f, const struct ipl_cmd *cmd)
{
	const struct ipl_usage *u;
	size_t i;

	if (cmd) {
		for (u = cmd->usage; u->synopsis; u++)
			fprintf(f, "%s %s [OPTIONS] %s\n",
				u == cmd->usage ? "Usage:" : "      ",
				IPL_PROG, u->synopsis);
		if (cmd->help)
			fprintf(f, "\n%s", cmd->help);
		fprintf(f, "\nFor OPTIONS see '%s help'.\n", IPL_PROG);
		return;
	}

	fprintf(f,
		"Usage: %s [OPTIONS] COMMAND [ARGS...]\n"
		"       %s COMMAND -h\n"
		"\n%s\nCommands:\n", IPL_PROG, IPL_PROG, ipl_options_help);
	for (i = 0; i < ARRAY_SIZE(ipl_cmds); i++)
		for (u = ipl_cmds[i].usage; u->synopsis; u++)
			fprintf(f, "  %-21s  %s\n", u->synopsis, u->summary);
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
