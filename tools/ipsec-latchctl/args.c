// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: command line parsing: global options, then the command
 * and its verb (names, aliases or unambiguous prefixes), whose parser
 * takes the rest.
 */
#include <stdarg.h>
#include <string.h>

#include "args_internal.h"
#include "match.h"

int ipl_usage_error(struct ipl_args *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->err, sizeof(a->err), fmt, ap);
	va_end(ap);
	return -1;
}

bool ipl_is_help_opt(const char *s)
{
	return !strcmp(s, "-h") || !strcmp(s, "--help");
}

bool ipl_is_option(const char *arg)
{
	return arg[0] == '-' && arg[1];
}

static bool is_global_opt(const char *s)
{
	static const char *const opts[] = {
		"-j", "--json", "-n", "--netns", "-V", "--version", "-t",
		"--timestamp", "-b", "--batch", "--force", "-force",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opts); i++)
		if (!strncmp(s, opts[i], strlen(opts[i])))
			return true;
	return false;
}

int ipl_want_help(struct ipl_args *a, const struct ipl_cmd *cmd)
{
	a->action = IPL_ACT_HELP;
	a->cmd = cmd;
	return 0;
}

int ipl_bad_option(struct ipl_args *a, const char *vname, const char *arg)
{
	return ipl_usage_error(a, "%s%s%s: unknown option '%s'%s",
			       a->cmd->name, vname ? " " : "",
			       vname ? vname : "", arg,
			       is_global_opt(arg) ?
			       " (global options go before the command)" : "");
}

int ipl_positional(struct ipl_args *a, const char *vname, int argc,
		   char *argv[], bool *help)
{
	int i;

	*help = false;
	for (i = 0; i < argc; i++) {
		if (ipl_is_help_opt(argv[i])) {
			*help = true;
			return ipl_want_help(a, a->cmd);
		}
	}
	for (i = 0; i < argc; i++)
		if (ipl_is_option(argv[i]))
			return ipl_bad_option(a, vname, argv[i]);
	return 0;
}

/*
 * The command named word, or NULL with *ambiguous set (and the
 * candidates in cands, len bytes) if word is the prefix of several.
 */
static const struct ipl_cmd *match_cmd(const char *word, bool *ambiguous,
				       char *cands, size_t len)
{
	struct ipl_choice c[16];
	size_t i;
	int k;

	_Static_assert(ARRAY_SIZE(c) >= 9, "room for every command");
	for (i = 0; i < ipl_n_cmds && i < ARRAY_SIZE(c); i++)
		c[i] = (struct ipl_choice){ ipl_cmds[i].name, &ipl_cmds[i] };
	k = ipl_match(word, c, i, cands, len);
	*ambiguous = k == IPL_MATCH_AMBIGUOUS;
	return k >= 0 ? &ipl_cmds[k] : NULL;
}

const struct ipl_cmd *ipl_cmd_find(const char *name)
{
	char cands[128];
	bool ambiguous;

	return match_cmd(name, &ambiguous, cands, sizeof(cands));
}

const char *ipl_cmd_name(const struct ipl_cmd *cmd)
{
	return cmd ? cmd->name : NULL;
}

/* The command named word, or NULL after a usage error. */
static const struct ipl_cmd *find_cmd(struct ipl_args *a, const char *where,
				      const char *word)
{
	const struct ipl_cmd *cmd;
	char cands[128];
	bool ambiguous;

	cmd = match_cmd(word, &ambiguous, cands, sizeof(cands));
	if (ambiguous)
		ipl_usage_error(a, "%sambiguous subcommand '%s': %s? (give more letters)",
				where, word, cands);
	else if (!cmd)
		ipl_usage_error(a, "%sunknown subcommand '%s'", where, word);
	return cmd;
}

/* help [COMMAND] */
int ipl_parse_help(struct ipl_args *a, int argc, char *argv[])
{
	const struct ipl_cmd *topic = NULL;

	if (argc > 1)
		return ipl_usage_error(a, "help: too many arguments");
	if (argc == 1) {
		topic = find_cmd(a, "help: ", argv[0]);
		if (!topic) {
			a->cmd = NULL;
			return -1;
		}
	}
	a->action = IPL_ACT_HELP;
	a->cmd = topic;
	return 0;
}

/*
 * The verb of cmd named word: *ambiguous says whether word is the
 * prefix of several (their names in cands, len bytes).
 */
static const struct ipl_verb *match_verb(const struct ipl_cmd *cmd,
					 const char *word, bool *ambiguous,
					 char *cands, size_t len)
{
	struct ipl_choice c[16];
	size_t n;
	int k;

	for (n = 0; cmd->verbs[n].name && n < ARRAY_SIZE(c); n++)
		c[n] = (struct ipl_choice){ cmd->verbs[n].name,
					    (const void *)(uintptr_t)
					    cmd->verbs[n].action };
	k = ipl_match(word, c, n, cands, len);
	*ambiguous = k == IPL_MATCH_AMBIGUOUS;
	return k >= 0 ? &cmd->verbs[k] : NULL;
}

static int bad_arg(struct ipl_args *a, const struct ipl_verb *verb,
		   const char *arg)
{
	const char *cmd = a->cmd->name;
	const char *sep = verb ? " " : "";
	const char *vname = verb ? verb->name : "";

	if (ipl_is_option(arg))
		return ipl_bad_option(a, verb ? verb->name : NULL, arg);
	if (a->cmd->verbs && !verb)
		return ipl_usage_error(a, "%s: unknown subcommand '%s'", cmd,
				       arg);
	return ipl_usage_error(a, "%s%s%s: unexpected argument '%s'", cmd, sep,
			       vname, arg);
}

/* argv: what follows the command name */
static int parse_cmd(struct ipl_args *a, const struct ipl_cmd *cmd,
		     int argc, char *argv[])
{
	ipl_parse_fn parse = cmd->parse;
	const struct ipl_verb *verb = NULL;
	char cands[128];
	bool ambiguous;

	a->cmd = cmd;
	a->action = cmd->action;

	if (argc && ipl_is_help_opt(argv[0]))
		return ipl_want_help(a, cmd);

	if (cmd->verbs && argc) {
		if (!strcmp(argv[0], "help"))
			return ipl_want_help(a, cmd);
		verb = match_verb(cmd, argv[0], &ambiguous, cands,
				  sizeof(cands));
		if (ambiguous)
			return ipl_usage_error(a, "%s: ambiguous subcommand '%s': %s? (give more letters)",
					       cmd->name, argv[0], cands);
		/* not a verb: the arguments of the command without one */
		if (!verb && parse)
			return parse(a, argc, argv);
		if (!verb)
			return bad_arg(a, NULL, argv[0]);
		a->action = verb->action;
		parse = verb->parse;
		argc--;
		argv++;
		if (argc && ipl_is_help_opt(argv[0]))
			return ipl_want_help(a, cmd);
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
		return ipl_usage_error(a, "option '%s' requires an argument",
				       opt);
	*val = argv[++*i];
	return 0;
}

/* -h and -V need no command: the first of them wins. */
static void early(struct ipl_args *a, bool *done, enum ipl_action action)
{
	if (!*done)
		a->action = action;
	*done = true;
}

/* "--name[=value]"; also ip's "-force" and "-batch". */
static int parse_long_opt(struct ipl_args *a, int argc, char *argv[], int *i,
			  bool *done)
{
	const char *arg = argv[*i];
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	const char *val = eq ? eq + 1 : NULL;
	char name[32];

	snprintf(name, sizeof(name), "%s%.*s", arg[1] == '-' ? "" : "-",
		 (int)len, arg);
	if (!strcmp(name, "--netns"))
		return opt_value(a, name, val, argc, argv, i, &a->netns);
	if (!strcmp(name, "--batch"))
		return opt_value(a, name, val, argc, argv, i, &a->batch);
	if (strcmp(name, "--json") && strcmp(name, "--help") &&
	    strcmp(name, "--version") && strcmp(name, "--timestamp") &&
	    strcmp(name, "--force"))
		return ipl_usage_error(a, "unknown option '%s'", arg);
	if (eq)
		return ipl_usage_error(a, "option '%s' takes no argument",
				       name);

	if (!strcmp(name, "--json"))
		a->json = true;
	else if (!strcmp(name, "--timestamp"))
		a->timestamp = true;
	else if (!strcmp(name, "--force"))
		a->force = true;
	else
		early(a, done, strcmp(name, "--help") ? IPL_ACT_TOOL_VERSION :
						       IPL_ACT_HELP);
	return 0;
}

/* A cluster of short options, getopt style: "-j", "-jn ns", "-nns". */
static int parse_short_opts(struct ipl_args *a, int argc, char *argv[],
			    int *i, bool *done)
{
	const char *p;

	for (p = argv[*i] + 1; *p; p++) {
		switch (*p) {
		case 'j':
			a->json = true;
			break;
		case 't':
			a->timestamp = true;
			break;
		case 'n':
			return opt_value(a, "-n", p[1] ? p + 1 : NULL, argc,
					 argv, i, &a->netns);
		case 'b':
			return opt_value(a, "-b", p[1] ? p + 1 : NULL, argc,
					 argv, i, &a->batch);
		case 'h':
			early(a, done, IPL_ACT_HELP);
			break;
		case 'V':
			early(a, done, IPL_ACT_TOOL_VERSION);
			break;
		default:
			return ipl_usage_error(a, "unknown option '-%c'", *p);
		}
	}
	return 0;
}

/* The options before the command; *i: the first argument after them. */
static int parse_opts(struct ipl_args *a, int argc, char *argv[], int *i,
		      bool *done)
{
	int ret;

	for (*i = 1; *i < argc; ++*i) {
		const char *arg = argv[*i];

		if (arg[0] != '-' || !arg[1])
			break;
		if (!strcmp(arg, "--")) {
			++*i;
			break;
		}
		if (arg[1] == '-' || !strcmp(arg, "-force") ||
		    !strncmp(arg, "-batch", 6))
			ret = parse_long_opt(a, argc, argv, i, done);
		else
			ret = parse_short_opts(a, argc, argv, i, done);
		if (ret)
			return ret;
	}
	return 0;
}

/* line: one of a batch file, whose command may not run a batch again */
static int parse_argv(struct ipl_args *a, int argc, char *argv[], bool line)
{
	const struct ipl_cmd *cmd;
	bool done = false;	/* -h or -V: no command needed */
	int i;

	memset(a, 0, sizeof(*a));
	a->action = IPL_ACT_HELP;
	if (parse_opts(a, argc, argv, &i, &done) < 0)
		return -1;
	if (line && (a->batch || a->force))
		return ipl_usage_error(a, "%s in a batch file: batch files do not nest; give commands only",
				       a->batch ? "-b" : "--force");
	if (done)
		return 0;
	if (a->batch) {
		if (i < argc)
			return ipl_usage_error(a, "a batch file and a command ('%s'): give one or the other",
					       argv[i]);
		a->action = IPL_ACT_BATCH;
		return 0;
	}
	if (a->force)
		return ipl_usage_error(a, "--force goes with a batch file: give it with -b FILE");
	if (i >= argc)
		return ipl_usage_error(a, "no command given");
	cmd = find_cmd(a, "", argv[i]);
	if (!cmd)
		return -1;
	return parse_cmd(a, cmd, argc - i - 1, argv + i + 1);
}

int ipl_args_parse(struct ipl_args *a, int argc, char *argv[])
{
	return parse_argv(a, argc, argv, false);
}

int ipl_args_parse_line(struct ipl_args *a, const struct ipl_args *outer,
			int argc, char *argv[])
{
	if (parse_argv(a, argc, argv, true) < 0)
		return -1;
	a->in_batch = true;
	a->json |= outer->json;
	a->timestamp |= outer->timestamp;
	if (!a->netns)
		a->netns = outer->netns;
	return 0;
}
