// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ipsec-latchctl's command line parsing
 * (tools/ipsec-latchctl/args.c) and netns name validation (netns.c).
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <linux/ipsec_latch.h>

#include "args.h"
#include "netns.h"

#define MAX_ARGS	16
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Parse a NULL-terminated argument list after the program name. */
static int parse_list(struct ipl_args *a, va_list ap)
{
	static char prog[] = "ipsec-latchctl";
	/* static: ipl_args points into argv */
	static char *argv[MAX_ARGS + 2];
	int argc = 0;
	char *arg;

	argv[argc++] = prog;
	while ((arg = va_arg(ap, char *))) {
		assert_true(argc <= MAX_ARGS);
		argv[argc++] = arg;
	}
	argv[argc] = NULL;
	return ipl_args_parse(a, argc, argv);
}

static int parse(struct ipl_args *a, ...)
{
	va_list ap;
	int ret;

	va_start(ap, a);
	ret = parse_list(a, ap);
	va_end(ap);
	return ret;
}

#define PARSE(a, ...)	parse(a, ##__VA_ARGS__, (char *)NULL)

/* Expect success with this action and command. */
static void ok(const char *cmd, enum ipl_action action, ...)
{
	struct ipl_args a;
	va_list ap;
	int ret;

	va_start(ap, action);
	ret = parse_list(&a, ap);
	va_end(ap);
	if (ret)
		fail_msg("unexpected usage error: %s", a.err);
	assert_int_equal(a.action, action);
	if (cmd)
		assert_string_equal(ipl_cmd_name(a.cmd), cmd);
	else
		assert_null(a.cmd);
}

#define OK(cmd, action, ...)	ok(cmd, action, ##__VA_ARGS__, (char *)NULL)

/* Expect a usage error whose message contains msg; cmd for the usage. */
static void bad(const char *cmd, const char *msg, ...)
{
	struct ipl_args a;
	va_list ap;
	int ret;

	va_start(ap, msg);
	ret = parse_list(&a, ap);
	va_end(ap);
	assert_int_equal(ret, -1);
	if (!strstr(a.err, msg))
		fail_msg("error '%s' does not contain '%s'", a.err, msg);
	if (cmd)
		assert_string_equal(ipl_cmd_name(a.cmd), cmd);
	else
		assert_null(a.cmd);
}

#define BAD(cmd, msg, ...)	bad(cmd, msg, ##__VA_ARGS__, (char *)NULL)

static void test_commands(void **state)
{
	(void)state;
	OK("status", IPL_ACT_STATUS_SHOW, "status");
	OK("status", IPL_ACT_STATUS_SHOW, "status", "show");
	OK("status", IPL_ACT_STATUS_RESET, "status", "reset");
	OK("version", IPL_ACT_VERSION, "version");
	OK("resolve", IPL_ACT_RESOLVE_LIST, "resolve");
	OK("resolve", IPL_ACT_RESOLVE_LIST, "resolve", "list");
	OK("resolve", IPL_ACT_RESOLVE_STATS, "resolve", "stats");
	OK("resolve", IPL_ACT_RESOLVE_SET, "resolve", "set", "mode", "wait");
	OK("monitor", IPL_ACT_MONITOR, "monitor");
}

static void test_resolve_set(void **state)
{
	static const struct {
		const char *name;
		uint32_t mode;
	} modes[] = {
		{ "off",	IPSEC_LATCH_MODE_OFF },
		{ "queue",	IPSEC_LATCH_MODE_QUEUE },
		{ "wait",	IPSEC_LATCH_MODE_WAIT },
	};
	struct ipl_args a;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		assert_int_equal(PARSE(&a, "resolve", "set", "mode",
				       modes[i].name), 0);
		assert_int_equal(a.action, IPL_ACT_RESOLVE_SET);
		assert_true(a.resolve_set.has_mode);
		assert_int_equal(a.resolve_set.mode, modes[i].mode);
	}
	assert_int_equal(PARSE(&a, "-n", "blue", "-j", "resolve", "set",
			       "mode", "off"), 0);
	assert_string_equal(a.netns, "blue");
	assert_true(a.json);
	assert_int_equal(a.resolve_set.mode, IPSEC_LATCH_MODE_OFF);

	BAD("resolve",
	    "resolve set: invalid mode 'bogus' (valid: off, queue, wait)",
	    "resolve", "set", "mode", "bogus");
	BAD("resolve", "invalid mode 'WAIT'", "resolve", "set", "mode", "WAIT");
	BAD("resolve", "invalid mode '2'", "resolve", "set", "mode", "2");
	BAD("resolve", "resolve set: 'mode' needs a value: off, queue, wait",
	    "resolve", "set", "mode");
	BAD("resolve", "resolve set: nothing to set", "resolve", "set");
	BAD("resolve", "resolve set: 'mode' given twice",
	    "resolve", "set", "mode", "wait", "mode", "off");
	BAD("resolve", "resolve set: unknown setting 'speed'",
	    "resolve", "set", "speed", "1");
	BAD("resolve", "resolve set: unknown setting 'wait'",
	    "resolve", "set", "wait");
	BAD("resolve", "resolve set: unknown option '-x'",
	    "resolve", "set", "-x");
	BAD("resolve", "global options go before the command",
	    "resolve", "set", "mode", "-j");
}

static void test_defaults(void **state)
{
	struct ipl_args a;

	(void)state;
	assert_int_equal(PARSE(&a, "status"), 0);
	assert_false(a.json);
	assert_null(a.netns);
	assert_string_equal(a.err, "");
}

static void test_json_option(void **state)
{
	struct ipl_args a;

	(void)state;
	assert_int_equal(PARSE(&a, "-j", "status"), 0);
	assert_true(a.json);
	assert_int_equal(PARSE(&a, "--json", "status", "reset"), 0);
	assert_true(a.json);
	assert_int_equal(a.action, IPL_ACT_STATUS_RESET);
}

static void test_netns_option(void **state)
{
	struct ipl_args a;

	(void)state;
	assert_int_equal(PARSE(&a, "-n", "blue", "status"), 0);
	assert_string_equal(a.netns, "blue");
	assert_false(a.json);

	assert_int_equal(PARSE(&a, "-nblue", "status"), 0);
	assert_string_equal(a.netns, "blue");

	assert_int_equal(PARSE(&a, "--netns", "blue", "status"), 0);
	assert_string_equal(a.netns, "blue");

	assert_int_equal(PARSE(&a, "--netns=blue", "status"), 0);
	assert_string_equal(a.netns, "blue");

	/* clustered short options, getopt style */
	assert_int_equal(PARSE(&a, "-jn", "blue", "status"), 0);
	assert_true(a.json);
	assert_string_equal(a.netns, "blue");

	/* the last one wins */
	assert_int_equal(PARSE(&a, "-n", "a", "-n", "b", "version"), 0);
	assert_string_equal(a.netns, "b");
	assert_int_equal(a.action, IPL_ACT_VERSION);

	/* the name is checked when it is used, not here */
	assert_int_equal(PARSE(&a, "--netns=", "status"), 0);
	assert_string_equal(a.netns, "");
}

static void test_option_errors(void **state)
{
	(void)state;
	BAD(NULL, "unknown option '-x'", "-x", "status");
	BAD(NULL, "unknown option '-x'", "-jx", "status");
	BAD(NULL, "unknown option '--bogus'", "--bogus", "status");
	BAD(NULL, "unknown option '--js'", "--js", "status");
	BAD(NULL, "option '-n' requires an argument", "-n");
	BAD(NULL, "option '--netns' requires an argument", "--netns");
	BAD(NULL, "option '--json' takes no argument", "--json=1", "status");
	BAD(NULL, "option '--help' takes no argument", "--help=x");
}

static void test_command_errors(void **state)
{
	(void)state;
	BAD(NULL, "no command given");
	BAD(NULL, "no command given", "-j");
	BAD(NULL, "unknown subcommand 'bogus'", "bogus");
	BAD(NULL, "unknown subcommand 'stat'", "stat");	/* no prefixes */
	BAD(NULL, "unknown subcommand 'STATUS'", "STATUS");
	BAD(NULL, "unknown subcommand '-'", "-");
	BAD("status", "status: unknown subcommand 'bogus'",
	    "status", "bogus");
	BAD("status", "status reset: unexpected argument 'now'",
	    "status", "reset", "now");
	BAD("status", "status show: unexpected argument 'x'",
	    "status", "show", "x");
	BAD("version", "version: unexpected argument 'x'", "version", "x");
	BAD("status", "status: unknown option '-x'", "status", "-x");
	BAD("status", "status reset: unknown option '--force'",
	    "status", "reset", "--force");
	BAD("resolve", "resolve: unknown subcommand 'bogus'",
	    "resolve", "bogus");
	BAD("resolve", "resolve: unknown subcommand 'show'", "resolve", "show");
	BAD("resolve", "resolve list: unexpected argument 'x'",
	    "resolve", "list", "x");
	BAD("resolve", "resolve stats: unexpected argument 'x'",
	    "resolve", "stats", "x");
	BAD("monitor", "monitor: unexpected argument 'x'", "monitor", "x");
	BAD("monitor", "monitor: unknown option '-x'", "monitor", "-x");
	BAD("help", "help: too many arguments", "help", "status", "reset");
	/* unknown help topic: show the list of commands */
	BAD(NULL, "help: unknown subcommand 'bogus'", "help", "bogus");
}

/* Global options after the command are refused with a hint. */
static void test_global_option_after_command(void **state)
{
	(void)state;
	BAD("status", "global options go before the command", "status", "-j");
	BAD("status", "global options go before the command",
	    "status", "reset", "--json");
	BAD("version", "global options go before the command",
	    "version", "-n", "blue");
	BAD("status", "global options go before the command",
	    "status", "--netns=blue");
	BAD("monitor", "global options go before the command",
	    "monitor", "-j");
	BAD("resolve", "global options go before the command",
	    "resolve", "list", "-n", "blue");
}

static void test_double_dash(void **state)
{
	(void)state;
	OK("status", IPL_ACT_STATUS_SHOW, "--", "status");
	OK("status", IPL_ACT_STATUS_SHOW, "-j", "--", "status");
	BAD(NULL, "unknown subcommand '-j'", "--", "-j", "status");
}

static void test_global_help_and_version(void **state)
{
	struct ipl_args a;

	(void)state;
	OK(NULL, IPL_ACT_HELP, "-h");
	OK(NULL, IPL_ACT_HELP, "--help");
	OK(NULL, IPL_ACT_HELP, "help");
	OK(NULL, IPL_ACT_HELP, "-h", "status");	/* rest ignored */
	OK(NULL, IPL_ACT_TOOL_VERSION, "-V");
	OK(NULL, IPL_ACT_TOOL_VERSION, "--version");
	OK(NULL, IPL_ACT_TOOL_VERSION, "-V", "bogus");
	/* first of -h / -V wins */
	OK(NULL, IPL_ACT_HELP, "-h", "-V");
	OK(NULL, IPL_ACT_TOOL_VERSION, "-Vh");

	/* -j applies in either order */
	assert_int_equal(PARSE(&a, "-V", "-j"), 0);
	assert_int_equal(a.action, IPL_ACT_TOOL_VERSION);
	assert_true(a.json);
	assert_int_equal(PARSE(&a, "-jV"), 0);
	assert_true(a.json);

	/* option errors after -h are still errors */
	BAD(NULL, "unknown option '-x'", "-h", "-x");
}

static void test_command_help(void **state)
{
	(void)state;
	OK("status", IPL_ACT_HELP, "help", "status");
	OK("version", IPL_ACT_HELP, "help", "version");
	OK("help", IPL_ACT_HELP, "help", "help");
	OK("status", IPL_ACT_HELP, "status", "-h");
	OK("status", IPL_ACT_HELP, "status", "--help");
	OK("status", IPL_ACT_HELP, "status", "help");
	OK("status", IPL_ACT_HELP, "status", "reset", "-h");
	OK("status", IPL_ACT_HELP, "status", "show", "--help");
	OK("version", IPL_ACT_HELP, "version", "-h");
	OK("help", IPL_ACT_HELP, "help", "-h");
	OK("status", IPL_ACT_HELP, "-j", "-n", "x", "status", "-h");
	OK("resolve", IPL_ACT_HELP, "help", "resolve");
	OK("resolve", IPL_ACT_HELP, "resolve", "-h");
	OK("resolve", IPL_ACT_HELP, "resolve", "help");
	OK("resolve", IPL_ACT_HELP, "resolve", "list", "-h");
	OK("resolve", IPL_ACT_HELP, "resolve", "set", "-h");
	OK("resolve", IPL_ACT_HELP, "resolve", "set", "mode", "--help");
	OK("resolve", IPL_ACT_HELP, "resolve", "set", "mode", "wait", "-h");
	OK("monitor", IPL_ACT_HELP, "help", "monitor");
	OK("monitor", IPL_ACT_HELP, "monitor", "-h");
	OK("monitor", IPL_ACT_HELP, "-n", "blue", "monitor", "--help");
	/* "help" is not a verb of verb-less commands */
	BAD("version", "version: unexpected argument 'help'",
	    "version", "help");
	BAD("monitor", "monitor: unexpected argument 'help'",
	    "monitor", "help");
}

/* monitor runs in the -n network namespace like the other commands */
static void test_monitor_netns(void **state)
{
	struct ipl_args a;

	(void)state;
	assert_int_equal(PARSE(&a, "-j", "-n", "red", "monitor"), 0);
	assert_int_equal(a.action, IPL_ACT_MONITOR);
	assert_string_equal(a.netns, "red");
	assert_true(a.json);
}

/* Parsing must not modify argv and must leave pointers into it. */
static void test_argv_untouched(void **state)
{
	char a0[] = "ipsec-latchctl", a1[] = "--netns=red", a2[] = "status";
	char *argv[] = { a0, a1, a2, NULL };
	struct ipl_args a;

	(void)state;
	assert_int_equal(ipl_args_parse(&a, 3, argv), 0);
	assert_ptr_equal(a.netns, a1 + strlen("--netns="));
	assert_string_equal(a1, "--netns=red");
	assert_string_equal(a2, "status");
}

/* Long arguments are cut in the message, never overflow it. */
static void test_long_error_message(void **state)
{
	char big[1024];
	struct ipl_args a;

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(PARSE(&a, big), -1);
	assert_true(strlen(a.err) < sizeof(a.err));
	assert_non_null(strstr(a.err, "unknown subcommand"));

	big[0] = '-';
	big[1] = '-';
	assert_int_equal(PARSE(&a, big), -1);
	assert_non_null(strstr(a.err, "unknown option"));
}

static void test_cmd_find(void **state)
{
	(void)state;
	assert_non_null(ipl_cmd_find("status"));
	assert_non_null(ipl_cmd_find("version"));
	assert_non_null(ipl_cmd_find("help"));
	assert_non_null(ipl_cmd_find("resolve"));
	assert_non_null(ipl_cmd_find("monitor"));
	assert_null(ipl_cmd_find(""));
	assert_null(ipl_cmd_find("reset"));
	assert_null(ipl_cmd_name(NULL));
}

static char *usage_of(const char *cmd)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	ipl_usage(f, cmd ? ipl_cmd_find(cmd) : NULL);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_usage_text(void **state)
{
	static const char *const global[] = {
		"Usage: ipsec-latchctl [OPTIONS] COMMAND",
		"-j, --json", "-n, --netns NETNS", "-h, --help",
		"-V, --version", "status [ show ]", "status reset",
		"version", "help [ COMMAND ]", "resolve [ list ]",
		"resolve stats", "resolve set mode MODE", "monitor",
	};
	char *text;
	size_t i;

	(void)state;
	text = usage_of(NULL);
	for (i = 0; i < ARRAY_SIZE(global); i++)
		if (!strstr(text, global[i]))
			fail_msg("global usage lacks '%s'", global[i]);
	free(text);

	text = usage_of("status");
	assert_non_null(strstr(text,
			"Usage: ipsec-latchctl [OPTIONS] status [ show ]\n"));
	assert_non_null(strstr(text,
			"       ipsec-latchctl [OPTIONS] status reset\n"));
	assert_non_null(strstr(text, "CAP_NET_ADMIN"));
	assert_null(strstr(text, "help [ COMMAND ]"));
	free(text);

	text = usage_of("resolve");
	assert_non_null(strstr(text,
			"Usage: ipsec-latchctl [OPTIONS] resolve [ list ]\n"));
	assert_non_null(strstr(text,
			"       ipsec-latchctl [OPTIONS] resolve stats\n"));
	assert_non_null(strstr(text,
			"       ipsec-latchctl [OPTIONS] resolve set mode MODE\n"));
	assert_non_null(strstr(text, "MODE := { off | queue | wait }"));
	assert_non_null(strstr(text, "CAP_NET_ADMIN"));
	assert_null(strstr(text, "status reset"));
	free(text);

	text = usage_of("monitor");
	assert_non_null(strstr(text,
			       "Usage: ipsec-latchctl [OPTIONS] monitor\n"));
	assert_non_null(strstr(text, "resolved DST SRC PROTO MODE"));
	free(text);

	text = usage_of("version");
	assert_non_null(strstr(text,
			       "Usage: ipsec-latchctl [OPTIONS] version\n"));
	free(text);
}

static void test_netns_names(void **state)
{
	char longest[NAME_MAX], too_long[NAME_MAX + 1];

	(void)state;
	assert_true(ipl_netns_name_valid("blue"));
	assert_true(ipl_netns_name_valid("a.b-c_d"));
	assert_true(ipl_netns_name_valid("..."));
	assert_true(ipl_netns_name_valid("-j"));
	assert_false(ipl_netns_name_valid(""));
	assert_false(ipl_netns_name_valid("."));
	assert_false(ipl_netns_name_valid(".."));
	assert_false(ipl_netns_name_valid("a/b"));
	assert_false(ipl_netns_name_valid("/run/netns/blue"));
	assert_false(ipl_netns_name_valid("../x"));

	memset(longest, 'n', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	assert_true(ipl_netns_name_valid(longest));
	memset(too_long, 'n', sizeof(too_long) - 1);
	too_long[sizeof(too_long) - 1] = '\0';
	assert_false(ipl_netns_name_valid(too_long));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_resolve_set),
		cmocka_unit_test(test_monitor_netns),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_json_option),
		cmocka_unit_test(test_netns_option),
		cmocka_unit_test(test_option_errors),
		cmocka_unit_test(test_command_errors),
		cmocka_unit_test(test_global_option_after_command),
		cmocka_unit_test(test_double_dash),
		cmocka_unit_test(test_global_help_and_version),
		cmocka_unit_test(test_command_help),
		cmocka_unit_test(test_argv_untouched),
		cmocka_unit_test(test_long_error_message),
		cmocka_unit_test(test_cmd_find),
		cmocka_unit_test(test_usage_text),
		cmocka_unit_test(test_netns_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
