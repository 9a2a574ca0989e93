// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ipsec-latchctl's batch files (tools/ipsec-latchctl/
 * batch.c): words on a line, comments, per-line global options, and the
 * run of a file with a runner of the test's: what runs, where it stops,
 * the exit status, and "FILE:LINE" in the messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "args.h"
#include "batch.h"
#include "util.h"

#define MAX_WORDS	8

/* Split s; expect the words, NULL-terminated. */
static void check_split(const char *s, ...)
{
	char *argv[MAX_WORDS], *line = strdup(s);
	const char *err = NULL, *want;
	va_list ap;
	int n, i = 0;

	assert_non_null(line);
	n = ipl_batch_split(line, argv, MAX_WORDS, &err);
	if (n < 0)
		fail_msg("'%s': %s", s, err);
	va_start(ap, s);
	while ((want = va_arg(ap, const char *))) {
		assert_true(i < n);
		assert_string_equal(argv[i], want);
		i++;
	}
	va_end(ap);
	assert_int_equal(n, i);
	free(line);
}

#define SPLIT(s, ...)	check_split(s, ##__VA_ARGS__, (char *)NULL)

static void check_split_error(const char *s, const char *want)
{
	char *argv[MAX_WORDS], *line = strdup(s);
	const char *err = NULL;

	assert_non_null(line);
	assert_int_equal(ipl_batch_split(line, argv, MAX_WORDS, &err), -1);
	assert_string_equal(err, want);
	free(line);
}

static void test_split(void **state)
{
	(void)state;
	SPLIT("");
	SPLIT("   \t ");
	SPLIT("# a comment");
	SPLIT("   # indented comment");
	SPLIT("status", "status");
	SPLIT("  template add listener  proto tcp\tlport 22 \r\n",
	      "template", "add", "listener", "proto", "tcp", "lport", "22");
	/* a comment after the command; '#' inside a word is not one */
	SPLIT("status # why", "status");
	SPLIT("latch peer a#b", "latch", "peer", "a#b");
	/* quotes: the shell's way, for IDs with spaces */
	SPLIT("identity set peer 192.0.2.2 reqid 1 id \"C=CH, O=Ex, CN=bob\"",
	      "identity", "set", "peer", "192.0.2.2", "reqid", "1", "id",
	      "C=CH, O=Ex, CN=bob");
	SPLIT("id 'it''s' \"a\\\"b\\\\c\" \"\"", "id", "its", "a\"b\\c", "");
	SPLIT("'a \\ b'", "a \\ b");
	SPLIT("a\\ b c\\#d", "a b", "c#d");
	SPLIT("x\"y z\"w", "xy zw");
	/* '#' quoted or escaped is no comment; a comment may hold quotes */
	SPLIT("id \"#1\" '#2' \\#3 # \"x", "id", "#1", "#2", "#3");
	SPLIT("status \r", "status");
}

static void test_split_errors(void **state)
{
	(void)state;
	check_split_error("id \"bob", "unterminated quote");
	check_split_error("id 'bob", "unterminated quote");
	check_split_error("1 2 3 4 5 6 7 8 9", "too many words on one line");
}

/* What the fake runner saw. */
#define MAX_RUNS	16

struct runs {
	size_t n;
	struct ipl_args a[MAX_RUNS];
	char netns[MAX_RUNS][32];	/* a's netns, copied: argv is gone */
	int ret[MAX_RUNS];		/* what to return, by run */
};

static int fake_run(const struct ipl_args *a, void *ctx)
{
	struct runs *r = ctx;
	size_t i = r->n++;

	assert_true(i < MAX_RUNS);
	r->a[i] = *a;
	snprintf(r->netns[i], sizeof(r->netns[i]), "%s",
		 a->netns ? a->netns : "");
	return r->ret[i];
}

/* Run text as a batch under the options of outer; stderr into *err. */
static int run_batch(const char *text, const struct ipl_args *outer,
		     struct runs *r, char **err)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	FILE *saved = stderr;
	size_t len;
	int ret;

	assert_non_null(in);
	stderr = open_memstream(err, &len);
	assert_non_null(stderr);
	ret = ipl_batch(in, "test.conf", outer, fake_run, r);
	fclose(stderr);
	stderr = saved;
	fclose(in);
	return ret;
}

/*
 * Run text as a batch; its exit status and the number of commands that
 * ran must be these. Returns what it said on stderr, to be freed.
 */
static char *run_expect(const char *text, const struct ipl_args *outer,
			struct runs *r, int status, size_t ran)
{
	char *err;

	assert_int_equal(run_batch(text, outer, r, &err), status);
	assert_int_equal(r->n, ran);
	return err;
}

/* What the batch said on stderr must hold s. */
static void says(const char *err, const char *s)
{
	if (!strstr(err, s))
		fail_msg("stderr lacks '%s':\n%s", s, err);
}

static void test_run_all(void **state)
{
	static const char text[] =
		"# the configuration\n"
		"\n"
		"template add listener proto tcp lport 22\n"
		"-n blue resolve set mode queue\n"
		"  -j latch transparent on   # comment\n"
		"latch \\\n"
		"   list proto tcp\n"
		"temp l";	/* no newline at the end */
	struct ipl_args outer = { .netns = "red" };
	struct runs r = { 0 };
	char *err;

	(void)state;
	assert_int_equal(run_batch(text, &outer, &r, &err), 0);
	assert_string_equal(err, "");
	free(err);
	assert_int_equal(r.n, 5);
	assert_int_equal(r.a[0].action, IPL_ACT_TEMPLATE_ADD);
	/* the line's -n over the command line's; else the command line's */
	assert_string_equal(r.netns[0], "red");
	assert_int_equal(r.a[1].action, IPL_ACT_RESOLVE_SET);
	assert_string_equal(r.netns[1], "blue");
	assert_false(r.a[1].json);
	assert_int_equal(r.a[2].action, IPL_ACT_LATCH_TRANSPARENT);
	assert_true(r.a[2].json);
	assert_string_equal(r.netns[2], "red");
	/* a continued line is one command */
	assert_int_equal(r.a[3].action, IPL_ACT_LATCH_LIST);
	assert_true(ipl_filter_has(&r.a[3].latch_list,
				   IPSEC_LATCH_LATCH_A_PROTO));
	assert_int_equal(r.a[4].action, IPL_ACT_TEMPLATE_LIST);
}

/* -j and -t of the command line hold for every line; a line adds its own. */
static void test_outer_options(void **state)
{
	struct ipl_args outer = { .json = true };
	struct runs r = { 0 };
	char *err;

	(void)state;
	assert_int_equal(run_batch("status\n-t monitor\n", &outer, &r, &err),
			 0);
	free(err);
	assert_int_equal(r.n, 2);
	assert_true(r.a[0].json);
	assert_false(r.a[0].timestamp);
	assert_string_equal(r.netns[0], "");
	assert_true(r.a[1].json);
	assert_true(r.a[1].timestamp);
}

/* A usage error: "FILE:LINE: message", exit status 2, nothing after. */
static void test_usage_error_stops(void **state)
{
	static const char text[] =
		"status\n"
		"# fine so far\n"
		"template add listener proto icmp lport 1\n"
		"status reset\n";
	struct ipl_args outer = { 0 };
	struct runs r = { 0 };
	char *err;

	(void)state;
	err = run_expect(text, &outer, &r, IPL_EXIT_USAGE, 1);
	says(err, "ipsec-latchctl: test.conf:3: template add listener: invalid proto 'icmp'");
	says(err, "(see 'ipsec-latchctl help template')");
	says(err, "ipsec-latchctl: test.conf:3: stopped");
	says(err, "--force");
	free(err);
}

/* A command that fails stops the batch with its exit status. */
static void test_failure_stops(void **state)
{
	struct ipl_args outer = { 0 };
	struct runs r = { .ret = { 0, IPL_EXIT_FAIL, 0 } };
	char *err;

	(void)state;
	err = run_expect("status\nstatus reset\nversion\n", &outer, &r,
			 IPL_EXIT_FAIL, 2);
	says(err, "test.conf:2: stopped: the command failed (exit status 1)");
	free(err);
}

/* --force: on to the end; the status is the first failure's. */
static void test_force(void **state)
{
	static const char text[] =
		"who tcp 192.0.2.1:1 192.0.2.2:2\n"
		"bogus\n"
		"status\n"
		"identity set peer x reqid 1 id a\n"
		"status reset\n";
	struct ipl_args outer = { .force = true };
	struct runs r = { .ret = { IPL_EXIT_NOT_LATCHED, 0, IPL_EXIT_FAIL } };
	char *err;

	(void)state;
	err = run_expect(text, &outer, &r, IPL_EXIT_NOT_LATCHED, 3);
	assert_int_equal(r.a[0].action, IPL_ACT_WHO);
	assert_int_equal(r.a[1].action, IPL_ACT_STATUS_SHOW);
	assert_int_equal(r.a[2].action, IPL_ACT_STATUS_RESET);
	says(err, "test.conf:2: unknown subcommand 'bogus'");
	says(err, "test.conf:4: identity set: invalid peer address 'x'");
	assert_null(strstr(err, "stopped"));
	free(err);
}

/* Lines can neither nest batches nor force; quotes must close. */
static void test_line_errors(void **state)
{
	struct ipl_args outer = { .force = true };
	struct runs r = { 0 };
	char *err;

	(void)state;
	err = run_expect("-b other.conf\n--force status\n"
			 "identity set peer 192.0.2.1 reqid 1 id \"x\n"
			 "-n\n", &outer, &r, IPL_EXIT_USAGE, 0);
	says(err, "test.conf:1: -b in a batch file: batch files do not nest");
	says(err, "test.conf:2: --force in a batch file");
	says(err, "test.conf:3: unterminated quote");
	says(err, "test.conf:4: option '-n' requires an argument");
	free(err);
}

/* The line number of a command continued over lines is its first's. */
static void test_line_numbers(void **state)
{
	static const char text[] =
		"status \\\n"
		"  show\n"
		"\n"
		"latch \\\n"
		"  list bogus 1\n";
	struct ipl_args outer = { 0 };
	struct runs r = { 0 };
	char *err;

	(void)state;
	err = run_expect(text, &outer, &r, IPL_EXIT_USAGE, 1);
	says(err, "test.conf:4: latch list: unknown selector 'bogus'");
	free(err);
}

/* A comment ends its line: a '\\' at its end continues nothing. */
static void test_comment_then_continuation(void **state)
{
	static const char text[] =
		"status # see the man page, section BATCH FILES \\\n"
		"version\n"
		"# a whole line of comment \\\n"
		"latch transparent on\n"
		"latch \\\n"
		"  list proto tcp # a comment after a continued line\n"
		"identity set peer 192.0.2.2 reqid 1 id \"a # b \\\\\" # c \\\n"
		"template list\n"
		"# \\\\ an escaped one: no continuation either way\n"
		"template add listener proto tcp lport 22 \\  # escapes a blank\n";
	struct ipl_args outer = { 0 };
	struct runs r = { 0 };
	char *err;

	(void)state;
	err = run_expect(text, &outer, &r, IPL_EXIT_USAGE, 6);
	assert_int_equal(r.a[0].action, IPL_ACT_STATUS_SHOW);
	assert_int_equal(r.a[1].action, IPL_ACT_VERSION);
	assert_int_equal(r.a[2].action, IPL_ACT_LATCH_TRANSPARENT);
	assert_int_equal(r.a[3].action, IPL_ACT_LATCH_LIST);
	assert_true(ipl_filter_has(&r.a[3].latch_list,
				   IPSEC_LATCH_LATCH_A_PROTO));
	/* '#' and '\\' inside quotes are the identity's */
	assert_int_equal(r.a[4].action, IPL_ACT_IDENTITY_SET);
	assert_int_equal(r.a[5].action, IPL_ACT_TEMPLATE_LIST);
	/* "\\ " is a word of one blank, not a continuation */
	says(err, "test.conf:10: template add listener: unknown keyword ' '");
	free(err);
}

/* CRLF line ends, as an editor on another system saves them. */
static void test_crlf(void **state)
{
	static const char text[] =
		"# written elsewhere\r\n"
		"-n blue status\r\n"
		"latch \\\r\n"
		"  list proto udp\r\n"
		"\r\n"
		"version # and a comment\r\n"
		"template list";
	struct ipl_args outer = { 0 };
	struct runs r = { 0 };
	char *err;

	(void)state;
	err = run_expect(text, &outer, &r, IPL_EXIT_OK, 4);
	assert_string_equal(err, "");
	free(err);
	assert_int_equal(r.a[0].action, IPL_ACT_STATUS_SHOW);
	assert_string_equal(r.netns[0], "blue");
	/* continued: the '\\' before the CR counts */
	assert_int_equal(r.a[1].action, IPL_ACT_LATCH_LIST);
	assert_int_equal(r.a[1].latch_list.proto, IPPROTO_UDP);
	assert_int_equal(r.a[2].action, IPL_ACT_VERSION);
	assert_int_equal(r.a[3].action, IPL_ACT_TEMPLATE_LIST);
}

/*
 * A signal that ends a command (monitor's SIGINT, SIGTERM) ends the
 * batch, even with --force, with that command's status.
 */
static void test_signal_stops(void **state)
{
	static const char text[] =
		"status\n"
		"monitor\n"
		"version\n";
	struct ipl_args outer = { 0 };
	struct runs r = { .ret = { 0, IPL_EXIT_SIGNAL + 2 } };
	char *err;

	(void)state;
	err = run_expect(text, &outer, &r, 130, 2);
	assert_int_equal(r.a[1].action, IPL_ACT_MONITOR);
	assert_true(r.a[1].in_batch);
	says(err, "test.conf:2: stopped: interrupted by a signal (exit status 130)");
	free(err);

	/* --force: on after a failure, not after a signal; its status wins */
	memset(&r, 0, sizeof(r));
	r.ret[0] = IPL_EXIT_FAIL;
	r.ret[1] = IPL_EXIT_SIGNAL + 15;
	outer.force = true;
	err = run_expect(text, &outer, &r, 143, 2);
	says(err, "test.conf:2: stopped: interrupted by a signal (exit status 143)");
	free(err);
}

/* An empty file, or only comments: nothing to do, success. */
static void test_empty(void **state)
{
	struct ipl_args outer = { 0 };
	struct runs r = { 0 };
	char *err;

	(void)state;
	assert_int_equal(run_batch("", &outer, &r, &err), 0);
	free(err);
	assert_int_equal(run_batch("# nothing\n\n   \n", &outer, &r, &err), 0);
	assert_string_equal(err, "");
	free(err);
	assert_int_equal(r.n, 0);
}

/* The message context is "FILE:LINE" during a line only. */
static void test_msg_context(void **state)
{
	FILE *saved = stderr;
	char *err;
	size_t len;

	(void)state;
	stderr = open_memstream(&err, &len);
	assert_non_null(stderr);
	ipl_msg_context("f:7");
	ipl_err("one");
	ipl_warn("two");
	ipl_msg_context(NULL);
	ipl_err("three");
	fclose(stderr);
	stderr = saved;
	assert_string_equal(err,
			    "ipsec-latchctl: f:7: one\n"
			    "ipsec-latchctl: f:7: warning: two\n"
			    "ipsec-latchctl: three\n");
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_split_errors),
		cmocka_unit_test(test_run_all),
		cmocka_unit_test(test_outer_options),
		cmocka_unit_test(test_usage_error_stops),
		cmocka_unit_test(test_failure_stops),
		cmocka_unit_test(test_force),
		cmocka_unit_test(test_line_errors),
		cmocka_unit_test(test_line_numbers),
		cmocka_unit_test(test_comment_then_continuation),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_signal_stops),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_msg_context),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
