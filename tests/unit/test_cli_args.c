// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ipsec-latchctl's command line parsing
 * (tools/ipsec-latchctl/args.c) and netns name validation (netns.c).
 */
#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <linux/ipsec_latch.h>

#include "args.h"
#include "assert_addr.h"
#include "capture.h"
#include "match.h"
#include "netns.h"

#define MAX_ARGS	24
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
	if (ret != -1)
		fail_msg("no usage error where one saying '%s' was due", msg);
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
	OK("template", IPL_ACT_TEMPLATE_LIST, "template");
	OK("template", IPL_ACT_TEMPLATE_LIST, "template", "list");
	OK("template", IPL_ACT_TEMPLATE_FLUSH, "template", "flush");
	OK("template", IPL_ACT_TEMPLATE_DEL, "template", "del", "3");
	OK("template", IPL_ACT_TEMPLATE_CHECK, "template", "check");
	OK("template", IPL_ACT_TEMPLATE_ADD, "template", "add", "listener",
	   "proto", "tcp", "lport", "22");
	OK("latch", IPL_ACT_LATCH_LIST, "latch");
	OK("latch", IPL_ACT_LATCH_LIST, "latch", "list");
	OK("latch", IPL_ACT_LATCH_LIST, "latch", "proto", "tcp");
	OK("latch", IPL_ACT_LATCH_STATS, "latch", "stats");
	OK("latch", IPL_ACT_LATCH_TRANSPARENT, "latch", "transparent", "on");
	OK("who", IPL_ACT_WHO, "who", "1/2");
	OK("identity", IPL_ACT_IDENTITY_LIST, "identity");
	OK("identity", IPL_ACT_IDENTITY_LIST, "identity", "list");
	OK("identity", IPL_ACT_IDENTITY_DEL, "identity", "del", "peer",
	   "192.0.2.2", "reqid", "1");
}

#define TMPL_BIT(x)	(1u << IPSEC_LATCH_TMPL_A_##x)

static void test_template_add(void **state)
{
	const struct ipl_tmpl *t;
	struct ipl_args a;

	(void)state;
	t = &a.template.t;

	/* a listener on any address: no family, the runner adds both */
	assert_int_equal(PARSE(&a, "template", "add", "listener", "proto",
			       "tcp", "lport", "22"), 0);
	assert_int_equal(a.action, IPL_ACT_TEMPLATE_ADD);
	assert_int_equal(t->present, TMPL_BIT(KIND) | TMPL_BIT(PROTO) |
				     TMPL_BIT(LOCAL_PORT) | TMPL_BIT(ACTION));
	assert_int_equal(t->kind, IPSEC_LATCH_TMPL_LISTENER);
	assert_int_equal(t->proto, IPPROTO_TCP);
	assert_int_equal(t->lport, 22);
	assert_int_equal(t->action, IPSEC_LATCH_ACTION_PROTECT);

	/* a listener on one address, in any order */
	assert_int_equal(PARSE(&a, "template", "add", "listener", "lport",
			       "53", "action", "bypass-or-protect", "local",
			       "2001:db8::1", "fallback", "2500", "proto",
			       "udp"), 0);
	assert_int_equal(t->present, TMPL_BIT(KIND) | TMPL_BIT(PROTO) |
				     TMPL_BIT(FAMILY) | TMPL_BIT(LOCAL_ADDR) |
				     TMPL_BIT(LOCAL_PORT) | TMPL_BIT(ACTION) |
				     TMPL_BIT(FALLBACK_MS));
	assert_int_equal(t->family, AF_INET6);
	assert_addr(&t->local, AF_INET6, "2001:db8::1");
	assert_int_equal(t->proto, IPPROTO_UDP);
	assert_int_equal(t->action, IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT);
	assert_int_equal(t->fallback_ms, 2500);

	/* a connector: the full 5-tuple */
	assert_int_equal(PARSE(&a, "-n", "blue", "-j", "template", "add",
			       "connector", "proto", "tcp", "local",
			       "192.0.2.1", "lport", "40000", "remote",
			       "192.0.2.2", "rport", "65535"), 0);
	assert_string_equal(a.netns, "blue");
	assert_true(a.json);
	assert_int_equal(t->kind, IPSEC_LATCH_TMPL_CONNECTOR);
	assert_int_equal(t->family, AF_INET);
	assert_addr(&t->local, AF_INET, "192.0.2.1");
	assert_addr(&t->remote, AF_INET, "192.0.2.2");
	assert_int_equal(t->lport, 40000);
	assert_int_equal(t->rport, 65535);
	assert_true(ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_REMOTE_ADDR));
	assert_false(ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_FALLBACK_MS));
	assert_false(ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_ID));

	/* a connector: any local address and port, or either */
	assert_int_equal(PARSE(&a, "template", "add", "connector", "proto",
			       "udp", "remote", "2001:db8::2", "rport", "53"),
			 0);
	assert_int_equal(t->present, TMPL_BIT(KIND) | TMPL_BIT(PROTO) |
				     TMPL_BIT(FAMILY) | TMPL_BIT(REMOTE_ADDR) |
				     TMPL_BIT(REMOTE_PORT) | TMPL_BIT(ACTION));
	assert_int_equal(t->kind, IPSEC_LATCH_TMPL_CONNECTOR);
	assert_int_equal(t->family, AF_INET6);
	assert_addr(&t->remote, AF_INET6, "2001:db8::2");
	assert_int_equal(t->local.family, 0);
	assert_int_equal(PARSE(&a, "template", "add", "connector", "proto",
			       "tcp", "lport", "1023", "remote", "192.0.2.2",
			       "rport", "2049", "action", "bypass-or-protect"),
			 0);
	assert_int_equal(t->present, TMPL_BIT(KIND) | TMPL_BIT(PROTO) |
				     TMPL_BIT(FAMILY) | TMPL_BIT(LOCAL_PORT) |
				     TMPL_BIT(REMOTE_ADDR) |
				     TMPL_BIT(REMOTE_PORT) | TMPL_BIT(ACTION));
	assert_int_equal(t->family, AF_INET);
	assert_int_equal(t->lport, 1023);
	assert_int_equal(PARSE(&a, "template", "add", "connector", "proto",
			       "tcp", "local", "192.0.2.1", "remote",
			       "192.0.2.2", "rport", "2049"), 0);
	assert_int_equal(t->present, TMPL_BIT(KIND) | TMPL_BIT(PROTO) |
				     TMPL_BIT(FAMILY) | TMPL_BIT(LOCAL_ADDR) |
				     TMPL_BIT(REMOTE_ADDR) |
				     TMPL_BIT(REMOTE_PORT) | TMPL_BIT(ACTION));
	assert_addr(&t->local, AF_INET, "192.0.2.1");

	/* fallback: 1 to the module's most, as 'latch transparent' takes it */
	assert_int_equal(PARSE(&a, "template", "add", "listener", "proto",
			       "tcp", "lport", "2049", "action",
			       "bypass-or-protect", "fallback", "600000"), 0);
	assert_int_equal(t->fallback_ms, IPSEC_LATCH_FALLBACK_MS_MAX);
	assert_int_equal(PARSE(&a, "template", "add", "listener", "proto",
			       "tcp", "lport", "2049", "action",
			       "bypass-or-protect", "fallback", "1"), 0);
	assert_true(ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_FALLBACK_MS));
	assert_int_equal(t->fallback_ms, 1);
	BAD("template", "template add listener: invalid fallback '0': give milliseconds, 1..600000",
	    "template", "add", "listener", "proto", "tcp", "lport", "2049",
	    "action", "bypass-or-protect", "fallback", "0");
	/* more than the module takes: refused here, not by the kernel */
	BAD("template", "template add listener: invalid fallback '600001': give milliseconds, 1..600000",
	    "template", "add", "listener", "proto", "tcp", "lport", "2049",
	    "action", "bypass-or-protect", "fallback", "600001");
	BAD("template", "template replace connector: invalid fallback '4294967295': give milliseconds, 1..600000",
	    "template", "replace", "connector", "proto", "tcp", "remote",
	    "192.0.2.2", "rport", "2049", "action", "bypass-or-protect",
	    "fallback", "4294967295");
	BAD("template", "invalid fallback '4294967296'",
	    "template", "add", "listener", "proto", "tcp", "lport", "2049",
	    "action", "bypass-or-protect", "fallback", "4294967296");
	BAD("template", "template add listener: 'fallback' needs a value: milliseconds, 1..600000",
	    "template", "add", "listener", "proto", "tcp", "lport", "2049",
	    "action", "bypass-or-protect", "fallback");
}

static void test_template_errors(void **state)
{
	(void)state;
	BAD("template", "template add: which kind? give 'listener' or 'connector'",
	    "template", "add");
	BAD("template", "template add: unknown kind 'server' (valid: listener, connector)",
	    "template", "add", "server");
	BAD("template", "template add: unknown option '-x'",
	    "template", "add", "-x");
	BAD("template", "template add listener: 'proto tcp' or 'proto udp' is required",
	    "template", "add", "listener", "lport", "22");
	BAD("template", "template add listener: 'lport PORT' is required",
	    "template", "add", "listener", "proto", "tcp");
	BAD("template", "template add listener: invalid proto 'icmp': give tcp or udp",
	    "template", "add", "listener", "proto", "icmp", "lport", "1");
	BAD("template", "invalid proto 'TCP'",
	    "template", "add", "listener", "proto", "TCP", "lport", "1");
	BAD("template", "template add listener: invalid lport '0': give a port number 1..65535",
	    "template", "add", "listener", "proto", "tcp", "lport", "0");
	BAD("template", "invalid lport '65536'",
	    "template", "add", "listener", "proto", "tcp", "lport", "65536");
	BAD("template", "invalid lport 'ssh'",
	    "template", "add", "listener", "proto", "tcp", "lport", "ssh");
	BAD("template", "template add listener: invalid local address 'host.example': give a numeric IPv4 or IPv6 address",
	    "template", "add", "listener", "proto", "tcp", "local",
	    "host.example", "lport", "22");
	BAD("template", "template add listener: a listener matches any remote end: no 'remote'",
	    "template", "add", "listener", "proto", "tcp", "lport", "22",
	    "remote", "192.0.2.2");
	BAD("template", "a listener matches any remote end: no 'rport'",
	    "template", "add", "listener", "proto", "tcp", "lport", "22",
	    "rport", "5");
	BAD("template", "template add connector: 'remote ADDR' is required (a connector matches flows to one remote address and port)",
	    "template", "add", "connector", "proto", "tcp", "local",
	    "192.0.2.1", "lport", "1", "rport", "2");
	BAD("template", "template add connector: 'remote ADDR' is required",
	    "template", "add", "connector", "proto", "tcp", "rport", "2");
	BAD("template", "template add connector: 'rport PORT' is required (a connector matches flows to one remote address and port)",
	    "template", "add", "connector", "proto", "tcp", "local",
	    "192.0.2.1", "lport", "1", "remote", "192.0.2.2");
	BAD("template", "template add connector: 'rport PORT' is required",
	    "template", "add", "connector", "proto", "udp", "remote",
	    "192.0.2.2");
	BAD("template", "template add connector: 'proto tcp' or 'proto udp' is required",
	    "template", "add", "connector", "remote", "192.0.2.2", "rport",
	    "2");
	BAD("template", "template add connector: the local and remote addresses are of different families",
	    "template", "add", "connector", "proto", "tcp", "local", "::1",
	    "remote", "192.0.2.2", "rport", "2");
	BAD("template", "template add connector: invalid lport '0': give a port number 1..65535",
	    "template", "add", "connector", "proto", "tcp", "lport", "0",
	    "remote", "192.0.2.2", "rport", "2");
	BAD("template", "template add connector: the local and remote addresses are of different families",
	    "template", "add", "connector", "proto", "tcp", "local",
	    "192.0.2.1", "lport", "1", "remote", "2001:db8::2", "rport",
	    "2");
	BAD("template", "template add listener: 'fallback' needs 'action bypass-or-protect'",
	    "template", "add", "listener", "proto", "tcp", "lport", "22",
	    "fallback", "100");
	BAD("template", "'fallback' needs 'action bypass-or-protect'",
	    "template", "add", "listener", "proto", "tcp", "lport", "22",
	    "action", "protect", "fallback", "100");
	BAD("template", "template add listener: invalid fallback '1.5s': give milliseconds, 1..600000",
	    "template", "add", "listener", "proto", "tcp", "lport", "22",
	    "action", "bypass-or-protect", "fallback", "1.5s");
	BAD("template", "template add listener: invalid action 'bypass' (valid: protect, bypass-or-protect)",
	    "template", "add", "listener", "proto", "tcp", "lport", "22",
	    "action", "bypass");
	BAD("template", "template add listener: 'lport' given twice",
	    "template", "add", "listener", "proto", "tcp", "lport", "22",
	    "lport", "23");
	BAD("template", "template add listener: 'lport' needs a value: a port number 1..65535",
	    "template", "add", "listener", "proto", "tcp", "lport");
	BAD("template", "template add listener: unknown keyword 'port' (known: proto, local, lport, remote, rport, action, fallback)",
	    "template", "add", "listener", "proto", "tcp", "port", "22");
	BAD("template", "global options go before the command",
	    "template", "add", "listener", "proto", "tcp", "lport", "22",
	    "-j");
	BAD("template", "template add: unknown option '-x'",
	    "template", "add", "listener", "proto", "-x");

	BAD("template", "template del: give the template's ID (see 'template list')",
	    "template", "del");
	BAD("template", "template del: invalid ID '0': give a number >= 1",
	    "template", "del", "0");
	BAD("template", "template del: invalid ID 'x'", "template", "del", "x");
	BAD("template", "template del: invalid ID '4294967296'",
	    "template", "del", "4294967296");
	BAD("template", "template del: unexpected argument '4' (one ID at a time)",
	    "template", "del", "3", "4");
	BAD("template", "template del: unknown option '-1'",
	    "template", "del", "-1");
	BAD("template", "template: unknown subcommand 'shout'",
	    "template", "shout");
	BAD("template", "template list: unexpected argument 'x'",
	    "template", "list", "x");
	BAD("template", "template flush: unexpected argument 'all'",
	    "template", "flush", "all");
	BAD("template", "template check: unexpected argument '3'",
	    "template", "check", "3");
	BAD("template", "template check: unknown option '-x'",
	    "template", "check", "-x");
}

static void test_template_del(void **state)
{
	struct ipl_args a;

	(void)state;
	assert_int_equal(PARSE(&a, "template", "del", "4294967295"), 0);
	assert_int_equal(a.template.id, UINT32_MAX);
}

#define LATCH_BIT(x)	(1u << IPSEC_LATCH_LATCH_A_##x)

static void test_latch_list(void **state)
{
	const struct ipl_latch_filter *f;
	struct ipl_args a;

	(void)state;
	f = &a.latch_list;
	assert_int_equal(PARSE(&a, "latch"), 0);
	assert_int_equal(a.action, IPL_ACT_LATCH_LIST);
	assert_int_equal(f->present, 0);

	/* every selector, straight after the command */
	assert_int_equal(PARSE(&a, "latch", "proto", "udp", "local",
			       "2001:db8::1", "lport", "5353", "remote",
			       "2001:db8::2", "rport", "53", "peer", "bob",
			       "state", "broken"), 0);
	assert_int_equal(a.action, IPL_ACT_LATCH_LIST);
	assert_int_equal(f->present, LATCH_BIT(FAMILY) | LATCH_BIT(PROTO) |
				     LATCH_BIT(LOCAL_ADDR) |
				     LATCH_BIT(LOCAL_PORT) |
				     LATCH_BIT(REMOTE_ADDR) |
				     LATCH_BIT(REMOTE_PORT) |
				     LATCH_BIT(PEER_ID) | LATCH_BIT(STATE));
	assert_int_equal(f->family, AF_INET6);
	assert_int_equal(f->proto, IPPROTO_UDP);
	assert_addr(&f->local, AF_INET6, "2001:db8::1");
	assert_int_equal(f->lport, 5353);
	assert_addr(&f->remote, AF_INET6, "2001:db8::2");
	assert_int_equal(f->rport, 53);
	assert_string_equal(f->peer_id, "bob");
	assert_int_equal(f->state, IPSEC_LATCH_STATE_BROKEN);

	/* after "list"; the family from the one address given */
	assert_int_equal(PARSE(&a, "latch", "list", "remote", "192.0.2.2"), 0);
	assert_int_equal(f->present, LATCH_BIT(FAMILY) |
				     LATCH_BIT(REMOTE_ADDR));
	assert_int_equal(f->family, AF_INET);

	/* a port alone selects no family */
	assert_int_equal(PARSE(&a, "latch", "list", "rport", "443", "state",
			       "larval"), 0);
	assert_int_equal(f->present, LATCH_BIT(REMOTE_PORT) |
				     LATCH_BIT(STATE));
	assert_int_equal(f->state, IPSEC_LATCH_STATE_LARVAL);

	/* a peer substring may look like anything */
	assert_int_equal(PARSE(&a, "latch", "peer", "-CN=x"), 0);
	assert_string_equal(f->peer_id, "-CN=x");
	assert_int_equal(PARSE(&a, "latch", "peer", "list"), 0);
	assert_string_equal(f->peer_id, "list");
}

static void test_latch_errors(void **state)
{
	char big[300];

	(void)state;
	BAD("latch", "latch: unknown subcommand or selector 'shout' (subcommands: list, transparent, requests, stats; selectors: proto, local, lport, remote, rport, peer, state)",
	    "latch", "shout");
	BAD("latch", "latch list: unknown selector 'bogus' (known: proto, local, lport, remote, rport, peer, state)",
	    "latch", "list", "bogus", "1");
	BAD("latch", "latch: invalid state 'open' (valid: larval, established, broken, closed)",
	    "latch", "state", "open");
	BAD("latch", "latch: invalid proto 'sctp'", "latch", "proto", "sctp");
	BAD("latch", "latch list: invalid rport '0'",
	    "latch", "list", "rport", "0");
	BAD("latch", "latch: invalid local address '192.0.2'",
	    "latch", "local", "192.0.2");
	BAD("latch", "latch: the local and remote addresses are of different families",
	    "latch", "local", "192.0.2.1", "remote", "::1");
	BAD("latch", "latch: 'peer' needs a part of the peer identity, 1..255 bytes",
	    "latch", "peer", "");
	memset(big, 'p', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	BAD("latch", "latch: 'peer' needs a part of the peer identity",
	    "latch", "peer", big);
	BAD("latch", "latch: 'state' needs a value: larval, established, broken, closed",
	    "latch", "state");
	BAD("latch", "latch: 'proto' given twice",
	    "latch", "proto", "tcp", "proto", "udp");
	BAD("latch", "latch: unknown option '-x'", "latch", "-x");
	BAD("latch", "global options go before the command",
	    "latch", "list", "-j");
	BAD("latch", "latch stats: unexpected argument 'all'",
	    "latch", "stats", "all");
	BAD("latch", "latch transparent: unknown option '--on'",
	    "latch", "transparent", "--on");
}

static void test_latch_transparent_errors(void **state)
{
	(void)state;
	BAD("latch", "latch transparent: give a mode: on, off, protect, bypass-or-protect",
	    "latch", "transparent");
	BAD("latch", "latch transparent: invalid mode 'yes' (valid: on, off, protect, bypass-or-protect)",
	    "latch", "transparent", "yes");
	BAD("latch", "latch transparent: invalid mode 'bypass'",
	    "latch", "transparent", "bypass");
	BAD("latch", "latch transparent: invalid mode 'ON'",
	    "latch", "transparent", "ON");
	BAD("latch", "latch transparent: unknown keyword 'now' (known: fallback)",
	    "latch", "transparent", "on", "now");
	BAD("latch", "latch transparent: give the mode first: 'latch transparent bypass-or-protect fallback MS'",
	    "latch", "transparent", "fallback", "100");
	BAD("latch", "latch transparent: 'fallback' needs a value: milliseconds, 1..600000",
	    "latch", "transparent", "bypass-or-protect", "fallback");
	BAD("latch", "latch transparent: 'fallback' goes with 'bypass-or-protect' only: no other mode falls back to the clear",
	    "latch", "transparent", "protect", "fallback", "100");
	BAD("latch", "latch transparent: 'fallback' goes with 'bypass-or-protect' only",
	    "latch", "transparent", "on", "fallback", "100");
	BAD("latch", "latch transparent: 'fallback' goes with 'bypass-or-protect' only",
	    "latch", "transparent", "off", "fallback", "100");
	BAD("latch", "latch transparent: invalid fallback '0': give milliseconds, 1..600000",
	    "latch", "transparent", "bypass-or-protect", "fallback", "0");
	BAD("latch", "latch transparent: invalid fallback '600001': give milliseconds, 1..600000",
	    "latch", "transparent", "bypass-or-protect", "fallback",
	    "600001");
	BAD("latch", "latch transparent: invalid fallback '2s'",
	    "latch", "transparent", "bypass-or-protect", "fallback", "2s");
	BAD("latch", "latch transparent: invalid fallback '4294967296'",
	    "latch", "transparent", "bypass-or-protect", "fallback",
	    "4294967296");
	BAD("latch", "latch transparent: 'fallback' given twice",
	    "latch", "transparent", "bypass-or-protect", "fallback", "1",
	    "fallback", "2");
	BAD("latch", "latch transparent: unknown option '-1'",
	    "latch", "transparent", "bypass-or-protect", "fallback", "-1");
	BAD("latch", "global options go before the command",
	    "latch", "transparent", "on", "-j");
}

static void test_latch_requests(void **state)
{
	struct ipl_args a;

	(void)state;
	assert_int_equal(PARSE(&a, "latch", "requests", "on"), 0);
	assert_int_equal(a.action, IPL_ACT_LATCH_REQUESTS);
	assert_true(a.latch_requests);
	assert_int_equal(PARSE(&a, "latch", "req", "off"), 0);
	assert_int_equal(a.action, IPL_ACT_LATCH_REQUESTS);
	assert_false(a.latch_requests);
	BAD("latch", "latch requests: give 'on' (applications may ask for PROTECT latches) or 'off'",
	    "latch", "requests");
	BAD("latch", "latch requests: give 'on' (applications may ask for PROTECT latches) or 'off'",
	    "latch", "requests", "yes");
	BAD("latch", "latch requests: give 'on' (applications may ask for PROTECT latches) or 'off'",
	    "latch", "requests", "on", "now");
}

static void test_latch_transparent(void **state)
{
	struct ipl_args a;

	(void)state;
	assert_int_equal(PARSE(&a, "latch", "transparent", "on"), 0);
	assert_int_equal(a.action, IPL_ACT_LATCH_TRANSPARENT);
	assert_int_equal(a.latch_transparent.mode,
			 IPSEC_LATCH_TRANSPARENT_PROTECT);
	assert_false(a.latch_transparent.has_fallback);
	assert_int_equal(PARSE(&a, "-n", "red", "latch", "transparent",
			       "off"), 0);
	assert_int_equal(a.latch_transparent.mode,
			 IPSEC_LATCH_TRANSPARENT_OFF);
	assert_string_equal(a.netns, "red");
	assert_int_equal(PARSE(&a, "latch", "transparent", "protect"), 0);
	assert_int_equal(a.latch_transparent.mode,
			 IPSEC_LATCH_TRANSPARENT_PROTECT);

	/* bypass-or-protect: the module's fallback, or one given */
	assert_int_equal(PARSE(&a, "latch", "transparent",
			       "bypass-or-protect"), 0);
	assert_int_equal(a.latch_transparent.mode,
			 IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT);
	assert_false(a.latch_transparent.has_fallback);
	assert_int_equal(PARSE(&a, "latch", "transparent",
			       "bypass-or-protect", "fallback", "1"), 0);
	assert_true(a.latch_transparent.has_fallback);
	assert_int_equal(a.latch_transparent.fallback_ms, 1);
	assert_int_equal(PARSE(&a, "latch", "transparent",
			       "bypass-or-protect", "fallback", "600000"), 0);
	assert_int_equal(a.latch_transparent.fallback_ms,
			 IPSEC_LATCH_FALLBACK_MS_MAX);
	/* a second command line starts afresh */
	assert_int_equal(PARSE(&a, "latch", "transparent", "off"), 0);
	assert_false(a.latch_transparent.has_fallback);
}

static void test_who(void **state)
{
	const struct ipl_latch_filter *f;
	struct ipl_args a;

	(void)state;
	f = &a.who.flow;
	assert_int_equal(PARSE(&a, "who", "tcp", "192.0.2.1:40000",
			       "192.0.2.2:80"), 0);
	assert_int_equal(a.action, IPL_ACT_WHO);
	assert_false(a.who.by_fd);
	assert_int_equal(f->present, LATCH_BIT(FAMILY) | LATCH_BIT(PROTO) |
				     LATCH_BIT(LOCAL_ADDR) |
				     LATCH_BIT(LOCAL_PORT) |
				     LATCH_BIT(REMOTE_ADDR) |
				     LATCH_BIT(REMOTE_PORT));
	assert_int_equal(f->family, AF_INET);
	assert_int_equal(f->proto, IPPROTO_TCP);
	assert_addr(&f->local, AF_INET, "192.0.2.1");
	assert_int_equal(f->lport, 40000);
	assert_addr(&f->remote, AF_INET, "192.0.2.2");
	assert_int_equal(f->rport, 80);

	assert_int_equal(PARSE(&a, "-j", "who", "udp", "[2001:db8::1]:5353",
			       "[2001:db8::2]:53"), 0);
	assert_int_equal(f->family, AF_INET6);
	assert_int_equal(f->proto, IPPROTO_UDP);
	assert_int_equal(f->rport, 53);

	assert_int_equal(PARSE(&a, "who", "1234/5"), 0);
	assert_true(a.who.by_fd);
	assert_int_equal(a.who.pid, 1234);
	assert_int_equal(a.who.fd, 5);
	assert_int_equal(PARSE(&a, "who", "1/0"), 0);
	assert_int_equal(a.who.fd, 0);

	BAD("who", "who: give PROTO LOCAL:PORT REMOTE:PORT, or PID/FD", "who");
	BAD("who", "who: give PROTO LOCAL:PORT REMOTE:PORT, or PID/FD",
	    "who", "tcp", "192.0.2.1:1");
	BAD("who", "who: give PROTO LOCAL:PORT REMOTE:PORT, or PID/FD",
	    "who", "tcp", "192.0.2.1:1", "192.0.2.2:2", "x");
	BAD("who", "who: '1234' is not PID/FD (e.g. 1234/5)", "who", "1234");
	BAD("who", "who: '0/1' is not PID/FD", "who", "0/1");
	BAD("who", "who: '1/' is not PID/FD", "who", "1/");
	BAD("who", "who: 'x/1' is not PID/FD", "who", "x/1");
	BAD("who", "who: '1/2/3' is not PID/FD", "who", "1/2/3");
	BAD("who", "who: '2147483648/1' is not PID/FD", "who", "2147483648/1");
	BAD("who", "who: invalid proto 'icmp'",
	    "who", "icmp", "192.0.2.1:1", "192.0.2.2:2");
	BAD("who", "who: invalid local endpoint '192.0.2.1': give ADDR:PORT, or [ADDR]:PORT for IPv6",
	    "who", "tcp", "192.0.2.1", "192.0.2.2:2");
	BAD("who", "who: invalid remote endpoint '2001:db8::2:53'",
	    "who", "udp", "[2001:db8::1]:1", "2001:db8::2:53");
	BAD("who", "who: invalid local endpoint '192.0.2.1:0'",
	    "who", "tcp", "192.0.2.1:0", "192.0.2.2:2");
	BAD("who", "who: the local and remote addresses are of different families",
	    "who", "tcp", "192.0.2.1:1", "[::1]:2");
	BAD("who", "who: unknown option '-p'", "who", "-p", "1/2");
	BAD("who", "global options go before the command",
	    "who", "1/2", "-j");
}

static void test_identity(void **state)
{
	struct ipl_args a;
	char longest[IPSEC_LATCH_ID_MAX_LEN + 1];
	char too_long[IPSEC_LATCH_ID_MAX_LEN + 2];

	(void)state;
	assert_int_equal(PARSE(&a, "identity", "set", "peer", "192.0.2.2",
			       "reqid", "1", "id", "bob.example"), 0);
	assert_int_equal(a.action, IPL_ACT_IDENTITY_SET);
	assert_addr(&a.identity.peer, AF_INET, "192.0.2.2");
	assert_int_equal(a.identity.reqid, 1);
	assert_string_equal(a.identity.id, "bob.example");

	/* any order; an ID may look like an option or have spaces */
	assert_int_equal(PARSE(&a, "identity", "set", "id", "-CN=x, O=y",
			       "reqid", "4294967295", "peer", "2001:db8::2"),
			 0);
	assert_addr(&a.identity.peer, AF_INET6, "2001:db8::2");
	assert_int_equal(a.identity.reqid, UINT32_MAX);
	assert_string_equal(a.identity.id, "-CN=x, O=y");

	memset(longest, 'i', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	assert_int_equal(PARSE(&a, "identity", "set", "peer", "192.0.2.2",
			       "reqid", "1", "id", longest), 0);
	memset(too_long, 'i', sizeof(too_long) - 1);
	too_long[sizeof(too_long) - 1] = '\0';
	BAD("identity", "identity set: the id is 256 bytes long; at most 255",
	    "identity", "set", "peer", "192.0.2.2", "reqid", "1", "id",
	    too_long);

	assert_int_equal(PARSE(&a, "identity", "del", "reqid", "7", "peer",
			       "192.0.2.2"), 0);
	assert_int_equal(a.action, IPL_ACT_IDENTITY_DEL);
	assert_int_equal(a.identity.reqid, 7);
	assert_null(a.identity.id);
	/* with the identity: deleted only if the entry still names it */
	assert_int_equal(PARSE(&a, "identity", "del", "peer", "192.0.2.2",
			       "reqid", "7", "id", "bob.example"), 0);
	assert_string_equal(a.identity.id, "bob.example");

	BAD("identity", "identity set: the id is empty: give the peer's IKE identity, 1..255 bytes",
	    "identity", "set", "peer", "192.0.2.2", "reqid", "1", "id", "");
	BAD("identity", "identity set: 'id ID' is required",
	    "identity", "set", "peer", "192.0.2.2", "reqid", "1");
	BAD("identity", "identity set: 'peer ADDR' is required",
	    "identity", "set", "reqid", "1", "id", "x");
	BAD("identity", "identity set: 'reqid N' is required",
	    "identity", "set", "peer", "192.0.2.2", "id", "x");
	BAD("identity", "identity set: invalid reqid '0': give the SAs' reqid, 1..4294967295",
	    "identity", "set", "peer", "192.0.2.2", "reqid", "0", "id", "x");
	BAD("identity", "identity set: invalid reqid '4294967296'",
	    "identity", "set", "peer", "192.0.2.2", "reqid", "4294967296",
	    "id", "x");
	BAD("identity", "identity set: invalid peer address 'gw.example'",
	    "identity", "set", "peer", "gw.example", "reqid", "1", "id", "x");
	BAD("identity", "identity set: 'id' needs a value: the IKE identity",
	    "identity", "set", "peer", "192.0.2.2", "reqid", "1", "id");
	BAD("identity", "identity del: unknown keyword 'name' (known: peer, reqid, id)",
	    "identity", "del", "peer", "192.0.2.2", "reqid", "1", "name", "x");
	BAD("identity", "identity del: 'reqid N' is required",
	    "identity", "del", "peer", "192.0.2.2");
	BAD("identity", "identity: unknown subcommand 'add'",
	    "identity", "add");
	BAD("identity", "identity list: unexpected argument 'x'",
	    "identity", "list", "x");
	BAD("identity", "global options go before the command",
	    "identity", "set", "-j");
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

/* show, list and ls are one verb; so are del and delete. */
static void test_aliases(void **state)
{
	static const char *const shows[] = { "show", "list", "ls" };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(shows); i++) {
		OK("status", IPL_ACT_STATUS_SHOW, "status", shows[i]);
		OK("resolve", IPL_ACT_RESOLVE_LIST, "resolve", shows[i]);
		OK("template", IPL_ACT_TEMPLATE_LIST, "template", shows[i]);
		OK("latch", IPL_ACT_LATCH_LIST, "latch", shows[i]);
		OK("latch", IPL_ACT_LATCH_LIST, "latch", shows[i], "proto",
		   "tcp");
		OK("identity", IPL_ACT_IDENTITY_LIST, "identity", shows[i]);
	}
	OK("template", IPL_ACT_TEMPLATE_DEL, "template", "delete", "3");
	OK("identity", IPL_ACT_IDENTITY_DEL, "identity", "delete", "peer",
	   "192.0.2.2", "reqid", "1");
}

/* Any unambiguous prefix of a command or verb, as iproute2 takes them. */
static void test_prefixes(void **state)
{
	(void)state;
	OK("status", IPL_ACT_STATUS_SHOW, "stat");
	OK("status", IPL_ACT_STATUS_SHOW, "s");
	OK("status", IPL_ACT_STATUS_RESET, "st", "res");
	OK("template", IPL_ACT_TEMPLATE_LIST, "temp", "l");
	OK("template", IPL_ACT_TEMPLATE_LIST, "t", "sh");
	OK("template", IPL_ACT_TEMPLATE_DEL, "t", "d", "3");
	OK("template", IPL_ACT_TEMPLATE_REPLACE, "temp", "rep", "listener",
	   "proto", "tcp", "lport", "22");
	OK("template", IPL_ACT_TEMPLATE_CHECK, "template", "ch");
	OK("template", IPL_ACT_TEMPLATE_FLUSH, "template", "f");
	OK("latch", IPL_ACT_LATCH_LIST, "lat");
	OK("latch", IPL_ACT_LATCH_STATS, "latch", "sta");
	OK("latch", IPL_ACT_LATCH_TRANSPARENT, "l", "t", "off");
	OK("resolve", IPL_ACT_RESOLVE_STATS, "res", "st");
	OK("resolve", IPL_ACT_RESOLVE_SET, "r", "se", "mode", "off");
	OK("identity", IPL_ACT_IDENTITY_LIST, "id");
	OK("monitor", IPL_ACT_MONITOR, "mon");
	OK("version", IPL_ACT_VERSION, "v");
	OK("who", IPL_ACT_WHO, "w", "1/2");
	OK("template", IPL_ACT_HELP, "help", "temp");
	OK("latch", IPL_ACT_HELP, "h", "l");
	/* a selector is not a verb: "state" is no prefix of "stats" */
	OK("latch", IPL_ACT_LATCH_LIST, "latch", "state", "broken");
}

/* An ambiguous prefix is an error naming what it could be. */
static void test_ambiguous(void **state)
{
	(void)state;
	BAD("resolve", "resolve: ambiguous subcommand 's': show, stats, set? (give more letters)",
	    "resolve", "s");
	BAD("identity", "identity: ambiguous subcommand 's': show, set?",
	    "identity", "s");
	BAD("latch", "latch: ambiguous subcommand 's': show, stats?",
	    "latch", "s");
	/* "st" is not: show is "sh" */
	OK("latch", IPL_ACT_LATCH_STATS, "latch", "st");
}

/* The matcher itself: exact names win, aliases count once. */
static void test_match(void **state)
{
	static const int show, stats, set;
	static const struct ipl_choice c[] = {
		{ "show", &show }, { "list", &show }, { "ls", &show },
		{ "stats", &stats }, { "set", &set }, { "s", &set },
	};
	char cands[64];

	(void)state;
	assert_int_equal(ipl_match("show", c, ARRAY_SIZE(c), cands,
				   sizeof(cands)), 0);
	assert_int_equal(ipl_match("l", c, ARRAY_SIZE(c), cands,
				   sizeof(cands)), 1);
	assert_int_equal(ipl_match("ls", c, ARRAY_SIZE(c), cands,
				   sizeof(cands)), 2);
	assert_int_equal(ipl_match("sta", c, ARRAY_SIZE(c), cands,
				   sizeof(cands)), 3);
	/* "s" is a name: exact wins over the prefix of three */
	assert_int_equal(ipl_match("s", c, ARRAY_SIZE(c), cands,
				   sizeof(cands)), 5);
	assert_int_equal(ipl_match("st", c, ARRAY_SIZE(c), cands,
				   sizeof(cands)), 3);
	assert_int_equal(ipl_match("x", c, ARRAY_SIZE(c), cands,
				   sizeof(cands)), IPL_MATCH_NONE);
	assert_int_equal(ipl_match("", c, ARRAY_SIZE(c), cands,
				   sizeof(cands)), IPL_MATCH_NONE);
	assert_int_equal(ipl_match("showx", c, ARRAY_SIZE(c), cands,
				   sizeof(cands)), IPL_MATCH_NONE);
	assert_int_equal(ipl_match("s", c, 5, cands, sizeof(cands)),
			 IPL_MATCH_AMBIGUOUS);
	assert_string_equal(cands, "show, stats, set");
	/* the list is cut to fit */
	assert_int_equal(ipl_match("s", c, 5, cands, 8),
			 IPL_MATCH_AMBIGUOUS);
	assert_string_equal(cands, "show, s");
}

/* src, dst, sport, dport: local, remote, lport, rport, from this host. */
static void test_selector_synonyms(void **state)
{
	const struct ipl_latch_filter *f = NULL;
	const struct ipl_tmpl *t = NULL;
	struct ipl_args a;

	(void)state;
	t = &a.template.t;
	assert_int_equal(PARSE(&a, "template", "add", "listener", "proto",
			       "tcp", "src", "192.0.2.1", "sport", "22"), 0);
	assert_addr(&t->local, AF_INET, "192.0.2.1");
	assert_int_equal(t->lport, 22);
	assert_true(ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_LOCAL_ADDR));
	assert_true(ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_LOCAL_PORT));
	assert_int_equal(PARSE(&a, "template", "replace", "connector",
			       "proto", "udp", "dst", "2001:db8::2", "dport",
			       "53", "action", "bypass-or-protect"), 0);
	assert_int_equal(a.action, IPL_ACT_TEMPLATE_REPLACE);
	assert_addr(&t->remote, AF_INET6, "2001:db8::2");
	assert_int_equal(t->rport, 53);
	assert_int_equal(t->family, AF_INET6);

	f = &a.latch_list;
	assert_int_equal(PARSE(&a, "latch", "src", "192.0.2.1", "sport",
			       "40000", "dst", "192.0.2.2", "dport", "80"), 0);
	assert_int_equal(f->present, LATCH_BIT(FAMILY) |
				     LATCH_BIT(LOCAL_ADDR) |
				     LATCH_BIT(LOCAL_PORT) |
				     LATCH_BIT(REMOTE_ADDR) |
				     LATCH_BIT(REMOTE_PORT));
	assert_addr(&f->local, AF_INET, "192.0.2.1");
	assert_int_equal(f->lport, 40000);
	assert_addr(&f->remote, AF_INET, "192.0.2.2");
	assert_int_equal(f->rport, 80);
	assert_int_equal(PARSE(&a, "latch", "list", "dport", "443"), 0);
	assert_int_equal(f->present, LATCH_BIT(REMOTE_PORT));

	/* one selector under two names is given twice */
	BAD("latch", "latch: 'local' and 'src' are one selector: give one",
	    "latch", "local", "192.0.2.1", "src", "192.0.2.1");
	BAD("template", "template add connector: 'dport' and 'rport' are one selector: give one",
	    "template", "add", "connector", "proto", "tcp", "dport", "1",
	    "rport", "1");
	BAD("latch", "latch list: 'sport' given twice",
	    "latch", "list", "sport", "1", "sport", "2");
	/* a listener has no remote end, by either name */
	BAD("template", "template add listener: a listener matches any remote end: no 'remote'",
	    "template", "add", "listener", "proto", "tcp", "lport", "22",
	    "dst", "192.0.2.2");
	BAD("latch", "latch: invalid lport 'x'", "latch", "sport", "x");
}

/* template del: by ID, or by the selector "template add" took. */
static void test_template_del_forms(void **state)
{
	const struct ipl_tmpl *t;
	struct ipl_args a;

	(void)state;
	t = &a.template.t;
	assert_int_equal(PARSE(&a, "template", "del", "listener", "proto",
			       "tcp", "lport", "22"), 0);
	assert_int_equal(a.action, IPL_ACT_TEMPLATE_DEL);
	assert_int_equal(a.template.id, 0);
	assert_int_equal(t->kind, IPSEC_LATCH_TMPL_LISTENER);
	assert_int_equal(t->lport, 22);
	assert_false(ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_FAMILY));
	assert_int_equal(PARSE(&a, "template", "del", "connector", "proto",
			       "tcp", "remote", "192.0.2.2", "rport", "2049"),
			 0);
	assert_int_equal(t->family, AF_INET);
	assert_int_equal(PARSE(&a, "template", "delete", "connector", "src",
			       "192.0.2.1", "proto", "udp", "dst", "192.0.2.2",
			       "dport", "53"), 0);
	assert_addr(&t->local, AF_INET, "192.0.2.1");
	/* del matches by the selector alone: no action, no fallback */
	BAD("template", "template del connector: no 'action' with del: it matches templates by kind, proto, addresses and ports only",
	    "template", "del", "connector", "proto", "tcp", "remote",
	    "192.0.2.2", "rport", "2049", "action", "bypass-or-protect");
	BAD("template", "template del listener: no 'fallback' with del: it matches templates by kind, proto, addresses and ports only",
	    "template", "del", "listener", "proto", "tcp", "lport", "22",
	    "fallback", "100");
	BAD("template", "template del listener: no 'action' with del",
	    "template", "delete", "listener", "action", "protect", "proto",
	    "tcp", "lport", "22");
	assert_int_equal(PARSE(&a, "template", "del", "7"), 0);
	assert_int_equal(a.template.id, 7);
	assert_int_equal(t->present, 0);
	BAD("template", "template del listener: 'lport PORT' is required",
	    "template", "del", "listener", "proto", "tcp");
	BAD("template", "template del: invalid ID 'server'",
	    "template", "del", "server");
	BAD("template", "template replace: which kind?", "template", "replace");
}

/* monitor [OBJECT]... [event NAME]... and -t */
static void test_monitor_filter(void **state)
{
	const struct ipl_monitor_filter *f;
	struct ipl_args a;

	(void)state;
	f = &a.monitor;
	assert_int_equal(PARSE(&a, "monitor"), 0);
	assert_false(f->res || f->latch || f->events || a.timestamp);
	assert_int_equal(PARSE(&a, "monitor", "resolve"), 0);
	assert_true(f->res);
	assert_false(f->latch);
	assert_int_equal(PARSE(&a, "monitor", "lat", "res"), 0);
	assert_true(f->res && f->latch);
	assert_int_equal(PARSE(&a, "monitor", "latch", "event", "broken",
			       "event", "restored"), 0);
	assert_true(f->latch);
	assert_int_equal(f->events, 1u << IPSEC_LATCH_EVENT_BROKEN |
				    1u << IPSEC_LATCH_EVENT_RESTORED);
	assert_int_equal(PARSE(&a, "monitor", "event", "failed"), 0);
	assert_int_equal(f->events, 1u << IPSEC_LATCH_EVENT_FAILED);
	assert_false(f->res || f->latch);
	assert_int_equal(PARSE(&a, "monitor", "-t", "latch"), 0);
	assert_true(a.timestamp);
	assert_int_equal(PARSE(&a, "monitor", "--timestamp"), 0);
	assert_true(a.timestamp);
	assert_int_equal(PARSE(&a, "-t", "monitor"), 0);
	assert_true(a.timestamp);
	assert_int_equal(PARSE(&a, "--timestamp", "-j", "monitor"), 0);
	assert_true(a.timestamp && a.json);

	BAD("monitor", "monitor: unknown event 'bogus' (valid: resolved, failed, latched, broken, restored, closed, refused)",
	    "monitor", "event", "bogus");
	BAD("monitor", "monitor: 'event' needs a name: resolved, failed",
	    "monitor", "event");
	BAD("monitor", "monitor: 'broken' is a latch event: give 'latch' as well, or events of resolve (resolved, failed)",
	    "monitor", "resolve", "event", "broken");
	BAD("monitor", "monitor: 'resolved' is a resolve event: give 'resolve' as well, or events of latch (latched, broken, restored, closed, refused)",
	    "monitor", "event", "resolved", "latch");
	BAD("monitor", "monitor: unknown object 'links'", "monitor", "links");
	BAD("monitor", "monitor: unknown option '-x'", "monitor", "-x");
	/* event names are values: exact */
	BAD("monitor", "monitor: unknown event 'brok'",
	    "monitor", "event", "brok");
}

/* What the filter lets through. */
static void test_monitor_wants(void **state)
{
	struct ipl_monitor_filter f = { 0 };

	(void)state;
	assert_true(ipl_monitor_wants(&f, false, IPSEC_LATCH_EVENT_RESOLVED));
	assert_true(ipl_monitor_wants(&f, true, IPSEC_LATCH_EVENT_BROKEN));
	assert_true(ipl_monitor_wants(&f, true, 99));	/* a newer module's */
	f.latch = true;
	assert_false(ipl_monitor_wants(&f, false, IPSEC_LATCH_EVENT_FAILED));
	assert_true(ipl_monitor_wants(&f, true, IPSEC_LATCH_EVENT_CLOSED));
	assert_true(ipl_monitor_wants(&f, true, 99));
	f.events = 1u << IPSEC_LATCH_EVENT_BROKEN;
	assert_true(ipl_monitor_wants(&f, true, IPSEC_LATCH_EVENT_BROKEN));
	assert_false(ipl_monitor_wants(&f, true, IPSEC_LATCH_EVENT_CLOSED));
	assert_false(ipl_monitor_wants(&f, true, 99));
	assert_false(ipl_monitor_wants(&f, true, 0));
	f = (struct ipl_monitor_filter){ .events = 1u << IPSEC_LATCH_EVENT_FAILED };
	assert_true(ipl_monitor_wants(&f, false, IPSEC_LATCH_EVENT_FAILED));
	assert_false(ipl_monitor_wants(&f, false, IPSEC_LATCH_EVENT_RESOLVED));
}

/* -b FILE and --force: a batch instead of a command. */
static void test_batch_options(void **state)
{
	struct ipl_args a;

	(void)state;
	assert_int_equal(PARSE(&a, "-b", "/etc/ipsec-latch/ipsec-latch.conf"),
			 0);
	assert_int_equal(a.action, IPL_ACT_BATCH);
	assert_string_equal(a.batch, "/etc/ipsec-latch/ipsec-latch.conf");
	assert_false(a.force);
	assert_int_equal(PARSE(&a, "--batch=-"), 0);
	assert_string_equal(a.batch, "-");
	assert_int_equal(PARSE(&a, "--batch", "f"), 0);
	assert_string_equal(a.batch, "f");
	assert_int_equal(PARSE(&a, "-bf"), 0);
	assert_string_equal(a.batch, "f");
	/* ip's spellings */
	assert_int_equal(PARSE(&a, "-force", "-batch", "f"), 0);
	assert_int_equal(a.action, IPL_ACT_BATCH);
	assert_true(a.force);
	assert_string_equal(a.batch, "f");
	assert_int_equal(PARSE(&a, "-j", "-n", "blue", "--force", "-b", "-"),
			 0);
	assert_true(a.json && a.force);
	assert_string_equal(a.netns, "blue");
	/* -h still wins */
	OK(NULL, IPL_ACT_HELP, "-b", "f", "-h");

	BAD(NULL, "option '-b' requires an argument", "-b");
	BAD(NULL, "a batch file and a command ('status'): give one or the other",
	    "-b", "f", "status");
	BAD(NULL, "--force goes with a batch file: give it with -b FILE",
	    "--force", "status");
	BAD(NULL, "option '--force' takes no argument", "--force=1", "-b",
	    "f");
	BAD("status", "global options go before the command",
	    "status", "-b", "f");
}

/* A batch file's line: its own options over the command line's. */
static void test_parse_line(void **state)
{
	static char prog[] = "ipsec-latchctl", n[] = "-n", blue[] = "blue";
	static char st[] = "status", b[] = "-b", f[] = "f";
	char *with_netns[] = { prog, n, blue, st, NULL };
	char *plain[] = { prog, st, NULL };
	char *nested[] = { prog, b, f, NULL };
	struct ipl_args outer = { .json = true, .netns = "red" }, a;

	(void)state;
	assert_int_equal(ipl_args_parse_line(&a, &outer, 4, with_netns), 0);
	assert_string_equal(a.netns, "blue");
	assert_true(a.json);
	/* monitor, interrupted, stops the batch: it knows it is in one */
	assert_true(a.in_batch);
	assert_int_equal(ipl_args_parse(&a, 2, plain), 0);
	assert_false(a.in_batch);
	assert_int_equal(ipl_args_parse_line(&a, &outer, 2, plain), 0);
	assert_string_equal(a.netns, "red");
	assert_int_equal(a.action, IPL_ACT_STATUS_SHOW);
	assert_int_equal(ipl_args_parse_line(&a, &outer, 3, nested), -1);
	assert_non_null(strstr(a.err, "batch files do not nest"));
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
	BAD(NULL, "unknown subcommand 'stats'", "stats");
	BAD(NULL, "unknown subcommand 'statusx'", "statusx");
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
	BAD("resolve", "resolve: unknown subcommand 'shout'", "resolve",
	    "shout");
	BAD("resolve", "resolve list: unexpected argument 'x'",
	    "resolve", "list", "x");
	BAD("resolve", "resolve stats: unexpected argument 'x'",
	    "resolve", "stats", "x");
	BAD("monitor", "monitor: unknown object 'x' (valid: resolve, latch; or 'event NAME')",
	    "monitor", "x");
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
	BAD("template", "global options go before the command",
	    "template", "-j");
	BAD("identity", "global options go before the command",
	    "identity", "list", "--json");
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
	OK("template", IPL_ACT_HELP, "help", "template");
	OK("template", IPL_ACT_HELP, "template", "-h");
	OK("template", IPL_ACT_HELP, "template", "add", "-h");
	OK("template", IPL_ACT_HELP, "template", "add", "listener", "-h");
	OK("template", IPL_ACT_HELP, "template", "add", "listener", "proto",
	   "--help");
	OK("template", IPL_ACT_HELP, "template", "del", "3", "-h");
	OK("latch", IPL_ACT_HELP, "latch", "help");
	OK("latch", IPL_ACT_HELP, "latch", "-h");
	OK("latch", IPL_ACT_HELP, "latch", "proto", "tcp", "-h");
	OK("latch", IPL_ACT_HELP, "latch", "list", "state", "-h");
	OK("latch", IPL_ACT_HELP, "latch", "transparent", "-h");
	OK("latch", IPL_ACT_HELP, "latch", "transparent", "bypass-or-protect",
	   "fallback", "-h");
	OK("template", IPL_ACT_HELP, "template", "check", "-h");
	OK("who", IPL_ACT_HELP, "who", "-h");
	OK("who", IPL_ACT_HELP, "who", "tcp", "--help");
	OK("who", IPL_ACT_HELP, "help", "who");
	OK("identity", IPL_ACT_HELP, "identity", "set", "peer", "-h");
	OK("identity", IPL_ACT_HELP, "identity", "del", "-h");
	/* but an ID or a peer substring is taken as given */
	OK("identity", IPL_ACT_IDENTITY_SET, "identity", "set", "peer",
	   "192.0.2.2", "reqid", "1", "id", "-h");
	OK("latch", IPL_ACT_LATCH_LIST, "latch", "peer", "--help");
	/* "help" is not a verb of verb-less commands */
	BAD("version", "version: unexpected argument 'help'",
	    "version", "help");
	BAD("monitor", "monitor: unknown object 'help'",
	    "monitor", "help");
	BAD("who", "who: 'help' is not PID/FD", "who", "help");
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
	assert_non_null(ipl_cmd_find("template"));
	assert_non_null(ipl_cmd_find("latch"));
	assert_non_null(ipl_cmd_find("who"));
	assert_non_null(ipl_cmd_find("identity"));
	assert_null(ipl_cmd_find("latches"));
	assert_null(ipl_cmd_find(""));
	assert_null(ipl_cmd_find("reset"));
	assert_null(ipl_cmd_name(NULL));
}

static char *usage_of(const char *cmd)
{
	struct capture c;

	ipl_usage(capture_open(&c), cmd ? ipl_cmd_find(cmd) : NULL);
	return capture_close(&c);
}

static void test_usage_text(void **state)
{
	static const char *const global[] = {
		"Usage: ipsec-latchctl [OPTIONS] COMMAND",
		"-j, --json", "-n, --netns NETNS", "-h, --help",
		"-V, --version", "-t, --timestamp", "-b, --batch FILE",
		"--force, -force", "ipsec-latchctl [OPTIONS] -b FILE",
		"show, list and ls are one", "4 'template check': warnings",
		"status [ show ]", "status reset",
		"version", "help [ COMMAND ]", "resolve [ list ]",
		"resolve stats", "resolve set mode MODE", "monitor",
		"template [ list ]", "template add listener proto PROTO",
		"template add connector proto PROTO [ local ADDR ]",
		"template del { ID | KIND ... }", "template flush",
		"template check", "template replace KIND ...",
		"latch [ list ] [ SELECTOR ]...",
		"latch transparent { on | off | protect | bypass-or-protect }",
		"latch stats",
		"who PROTO LOCAL:PORT REMOTE:PORT", "who PID/FD",
		"identity [ list ]", "identity set peer ADDR reqid N id ID",
		"identity del peer ADDR reqid N [ id ID ]",
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
			       "Usage: ipsec-latchctl [OPTIONS] monitor [ -t ] [ resolve | latch ]...\n"
			       "                                    [ event NAME ]...\n"));
	assert_non_null(strstr(text, "resolved DST SRC PROTO MODE"));
	free(text);

	text = usage_of("version");
	assert_non_null(strstr(text,
			       "Usage: ipsec-latchctl [OPTIONS] version\n"));
	free(text);

	/* long synopses wrap between groups, never inside "[ ]" */
	text = usage_of("template");
	assert_non_null(strstr(text,
			"Usage: ipsec-latchctl [OPTIONS] template [ list ]\n"));
	assert_non_null(strstr(text,
			"       ipsec-latchctl [OPTIONS] template add listener proto PROTO\n"
			"                                    [ local ADDR ] lport PORT [ action ACTION ]\n"
			"                                    [ fallback MS ]\n"));
	assert_non_null(strstr(text,
			"       ipsec-latchctl [OPTIONS] template add connector proto PROTO\n"
			"                                    [ local ADDR ] [ lport PORT ] remote ADDR\n"
			"                                    rport PORT [ action ACTION ]\n"
			"                                    [ fallback MS ]\n"));
	assert_non_null(strstr(text,
			"       ipsec-latchctl [OPTIONS] template check\n"));
	assert_non_null(strstr(text, "ACTION := { protect | bypass-or-protect }"));
	assert_non_null(strstr(text, "CAP_NET_ADMIN"));
	assert_non_null(strstr(text, "protected bypassed refused failed\n"));
	free(text);

	text = usage_of("latch");
	assert_non_null(strstr(text, "SELECTOR := { proto PROTO |"));
	assert_non_null(strstr(text,
			"       ipsec-latchctl [OPTIONS] latch transparent\n"
			"                                    { on | off | protect | bypass-or-protect }\n"
			"                                    [ fallback MS ]\n"));
	assert_non_null(strstr(text,
			"MODE := { on | off | protect | bypass-or-protect }"));
	assert_non_null(strstr(text, "(1..600000, default: the module's)"));
	assert_non_null(strstr(text, "ACTION (DECISION) bypass-spd"));
	free(text);

	text = usage_of("who");
	assert_non_null(strstr(text,
			"Usage: ipsec-latchctl [OPTIONS] who PROTO LOCAL:PORT REMOTE:PORT\n"
			"       ipsec-latchctl [OPTIONS] who PID/FD\n"));
	assert_non_null(strstr(text, "[ADDR]:PORT"));
	free(text);

	text = usage_of("identity");
	assert_non_null(strstr(text,
			"       ipsec-latchctl [OPTIONS] identity set peer ADDR reqid N id ID\n"));
	free(text);

	text = usage_of("monitor");
	assert_non_null(strstr(text, "latch EVENT PROTO LOCAL -> REMOTE"));
	free(text);
}

/* Every usage line fits in 80 columns. */
static void test_usage_width(void **state)
{
	static const char *const cmds[] = {
		NULL, "status", "resolve", "template", "latch", "who",
		"identity", "monitor", "version", "help",
	};
	char *text, *line, *save;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		text = usage_of(cmds[i]);
		for (line = strtok_r(text, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			if (strlen(line) > 79)
				fail_msg("usage of %s: line too long: '%s'",
					 cmds[i] ? cmds[i] : "(all)", line);
		free(text);
	}
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
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_selector_synonyms),
		cmocka_unit_test(test_template_del_forms),
		cmocka_unit_test(test_monitor_filter),
		cmocka_unit_test(test_monitor_wants),
		cmocka_unit_test(test_batch_options),
		cmocka_unit_test(test_parse_line),
		cmocka_unit_test(test_resolve_set),
		cmocka_unit_test(test_template_add),
		cmocka_unit_test(test_template_errors),
		cmocka_unit_test(test_template_del),
		cmocka_unit_test(test_latch_list),
		cmocka_unit_test(test_latch_errors),
		cmocka_unit_test(test_latch_transparent),
		cmocka_unit_test(test_latch_transparent_errors),
		cmocka_unit_test(test_latch_requests),
		cmocka_unit_test(test_who),
		cmocka_unit_test(test_identity),
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
		cmocka_unit_test(test_usage_width),
		cmocka_unit_test(test_netns_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
