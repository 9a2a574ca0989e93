// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for "template add" and "template replace"
 * (tools/ipsec-latchctl/cmd_template_add.c) against a fake kernel: the
 * tool's netlink calls and its GET_TEMPLATES dump are stubbed here by a
 * table of templates that keeps one per selector, as the module does,
 * and fails the requests a test asks it to fail. What was added, what
 * was said, and what the table holds after a failure.
 */
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/ipsec_latch.h>

#include "args.h"
#include "cmds.h"
#include "genl_msg.h"
#include "nl.h"
#include "template.h"
#include "util.h"

#define MAX_TMPLS	8

/* The fake kernel's templates, and what a test asks it to do. */
static struct {
	struct ipl_tmpl v[MAX_TMPLS];
	size_t n;
	uint32_t next_id;
	unsigned int adds;		/* TEMPLATE_ADD requests so far */
	uint32_t fail_adds;		/* 1 << N: fail the Nth (from 1) */
	const struct ipl_tmpl *race;	/* added by "another process"... */
	unsigned int race_at;		/* ...just before this add request */
	unsigned int dels;
	unsigned int fail_del;		/* fail this DEL request (0: none) */
	size_t warned;			/* templates ipl_warn_spd() got */
} k;

static char sbuf[IPL_NL_SBUF_SIZE], rbuf[IPL_NL_SBUF_SIZE];

/* As the module keeps it: an ID, and bypass-or-protect's fallback. */
static uint32_t table_add(const struct ipl_tmpl *t)
{
	struct ipl_tmpl *have = &k.v[k.n++];

	assert_true(k.n <= MAX_TMPLS);
	*have = *t;
	have->id = k.next_id++;
	ipl_tmpl_set(have, IPSEC_LATCH_TMPL_A_ID);
	if (have->action == IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT &&
	    !ipl_tmpl_has(have, IPSEC_LATCH_TMPL_A_FALLBACK_MS)) {
		have->fallback_ms = IPSEC_LATCH_FALLBACK_MS_DEFAULT;
		ipl_tmpl_set(have, IPSEC_LATCH_TMPL_A_FALLBACK_MS);
	}
	return have->id;
}

static int kernel_err(struct ipl_nl *nl, int err)
{
	nl->err = err;
	nl->kernel_err = true;
	return -1;
}

static int fake_add(struct ipl_nl *nl, const struct ipl_tmpl *t, mnl_cb_t cb,
		    void *data)
{
	struct ipl_tmpl reply = { .present = 1u << IPSEC_LATCH_TMPL_A_ID };
	struct nlmsghdr *nlh;
	size_t i;

	if (++k.adds == k.race_at)
		table_add(k.race);
	if (k.fail_adds & 1u << k.adds)
		return kernel_err(nl, EINVAL);
	/* a request: no ID; a family always, as the module wants */
	assert_false(ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_ID));
	assert_true(ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_FAMILY));
	for (i = 0; i < k.n; i++)
		if (ipl_tmpl_compare(t, &k.v[i]) != IPL_TMPL_OTHER)
			return kernel_err(nl, EEXIST);
	reply.id = table_add(t);
	nlh = genl_msg_start(rbuf, sizeof(rbuf), IPSEC_LATCH_CMD_TEMPLATE_ADD);
	assert_int_equal(ipl_tmpl_put(nlh, sizeof(rbuf), &reply), 0);
	return cb(nlh, data) == MNL_CB_OK ? 0 : kernel_err(nl, EBADMSG);
}

static int fake_del(struct ipl_nl *nl, const struct ipl_tmpl *t)
{
	size_t i;

	if (++k.dels == k.fail_del)
		return kernel_err(nl, EPERM);
	for (i = 0; i < k.n; i++) {
		if (k.v[i].id != t->id)
			continue;
		memmove(&k.v[i], &k.v[i + 1], (k.n - i - 1) * sizeof(k.v[0]));
		k.n--;
		return 0;
	}
	return kernel_err(nl, ENOENT);
}

/* --- the tool's netlink and dump calls, stubbed ---------------------- */

int ipl_nl_open(struct ipl_nl *nl)
{
	memset(nl, 0, sizeof(*nl));
	nl->sbuf = sbuf;
	return 0;
}

void ipl_nl_close(struct ipl_nl *nl)
{
	nl->sbuf = NULL;
}

struct nlmsghdr *ipl_nl_req(struct ipl_nl *nl, uint8_t cmd, uint16_t flags)
{
	assert_int_equal(flags, 0);
	return genl_msg_start(nl->sbuf, IPL_NL_SBUF_SIZE, cmd);
}

int ipl_nl_talk(struct ipl_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct ipl_tmpl t;

	nl->err = 0;
	nl->kernel_err = false;
	assert_int_equal(ipl_tmpl_msg_parse(nlh, &t), 0);
	if (g->cmd == IPSEC_LATCH_CMD_TEMPLATE_ADD)
		return fake_add(nl, &t, cb, data);
	assert_int_equal(g->cmd, IPSEC_LATCH_CMD_TEMPLATE_DEL);
	return fake_del(nl, &t);
}

void ipl_nl_perror(const struct ipl_nl *nl)
{
	ipl_err("%s", strerror(nl->err));
}

void ipl_nl_perror_reply(const struct ipl_nl *nl, const char *what)
{
	(void)what;
	ipl_nl_perror(nl);
}

int ipl_tmpl_fetch(struct ipl_tmpl **v, size_t *n)
{
	*v = malloc(sizeof(k.v));
	assert_non_null(*v);
	memcpy(*v, k.v, sizeof(k.v));
	*n = k.n;
	return 0;
}

void ipl_warn_spd(const struct ipl_tmpl *v, size_t n, const char *who)
{
	size_t i;

	assert_null(who);
	for (i = 0; i < n; i++)
		assert_true(ipl_tmpl_has(&v[i], IPSEC_LATCH_TMPL_A_ID));
	k.warned = n;
}

/* --- running a command ----------------------------------------------- */

static int reset(void **state)
{
	(void)state;
	memset(&k, 0, sizeof(k));
	k.next_id = 1;
	return 0;
}

struct result {
	int status;
	char *out, *err;	/* stdout, stderr; freed by done() */
};

/* ipsec-latchctl [-j] template VERB ARGS... (ap, NULL-terminated) */
static void parse_va(struct ipl_args *a, bool json, const char *verb,
		     va_list ap)
{
	static char prog[] = "ipsec-latchctl", j[] = "-j", tmpl[] = "template";
	/* static: a points into it */
	static char *argv[32];
	int argc = 0;

	argv[argc++] = prog;
	if (json)
		argv[argc++] = j;
	argv[argc++] = tmpl;
	argv[argc++] = (char *)verb;
	while ((argv[argc] = va_arg(ap, char *)))
		assert_true(++argc < (int)ARRAY_SIZE(argv));
	if (ipl_args_parse(a, argc, argv))
		fail_msg("usage error: %s", a->err);
}

/* The template of family af that "template add ARGS..." asks for. */
static struct ipl_tmpl asked(int af, ...)
{
	struct ipl_tmpl v[IPL_TMPL_FAMILIES];
	struct ipl_args a;
	size_t i, n;
	va_list ap;

	va_start(ap, af);
	parse_va(&a, false, "add", ap);
	va_end(ap);
	n = ipl_tmpl_per_family(&a.template.t, v);
	for (i = 0; i < n && v[i].family != (uint64_t)af; i++)
		;
	assert_true(i < n);
	return v[i];
}

/* Run ipsec-latchctl [-j] template VERB ARGS... (NULL-terminated). */
static struct result run(bool json, const char *verb, ...)
{
	FILE *out = stdout, *err = stderr;
	struct result r = { 0 };
	struct ipl_args a;
	size_t olen, elen;
	va_list ap;

	va_start(ap, verb);
	parse_va(&a, json, verb, ap);
	va_end(ap);
	stdout = open_memstream(&r.out, &olen);
	stderr = open_memstream(&r.err, &elen);
	assert_non_null(stdout);
	assert_non_null(stderr);
	r.status = a.action == IPL_ACT_TEMPLATE_REPLACE ?
		   cmd_template_replace(&a) : cmd_template_add(&a);
	fclose(stdout);
	fclose(stderr);
	stdout = out;
	stderr = err;
	return r;
}

#define ADD(...)	run(false, "add", ##__VA_ARGS__, (char *)NULL)
#define REPLACE(...)	run(false, "replace", ##__VA_ARGS__, (char *)NULL)
#define ADD_JSON(...)	run(true, "add", ##__VA_ARGS__, (char *)NULL)

/* It exited with status, printed out, and its stderr holds err. */
static void done(struct result *r, int status, const char *out,
		 const char *err)
{
	if (r->status != status)
		fail_msg("exit status %d, not %d; stderr:\n%s", r->status,
			 status, r->err);
	assert_string_equal(r->out, out);
	if (!err)
		assert_string_equal(r->err, "");
	else if (!strstr(r->err, err))
		fail_msg("stderr lacks '%s':\n%s", err, r->err);
	free(r->out);
	free(r->err);
}

/* The template with this ID in the fake kernel; fails if none. */
static const struct ipl_tmpl *tmpl(uint32_t id)
{
	size_t i;

	for (i = 0; i < k.n; i++)
		if (k.v[i].id == id)
			return &k.v[i];
	fail_msg("no template %u", id);
	return NULL;
}

#define LISTENER_22	"listener", "proto", "tcp", "lport", "22"

/* --- the tests --------------------------------------------------------- */

/* A listener on any address: one per family; again: both exist. */
static void test_add_twice(void **state)
{
	struct result r;

	(void)state;
	r = ADD(LISTENER_22);
	done(&r, IPL_EXIT_OK, "template 1 added\ntemplate 2 added\n", NULL);
	assert_int_equal(k.n, 2);
	assert_int_equal(tmpl(1)->family, AF_INET);
	assert_int_equal(tmpl(2)->family, AF_INET6);
	assert_int_equal(k.warned, 2);

	k.warned = 9;
	r = ADD(LISTENER_22);
	done(&r, IPL_EXIT_OK, "template 1 exists\ntemplate 2 exists\n", NULL);
	assert_int_equal(k.adds, 2);
	assert_int_equal(k.n, 2);
	assert_int_equal(k.warned, 0);

	/* the same with -j: their IDs, and that nothing was added */
	r = ADD_JSON(LISTENER_22);
	done(&r, IPL_EXIT_OK,
	     "[{\"id\":1,\"added\":false},{\"id\":2,\"added\":false}]\n",
	     NULL);
	r = ADD_JSON("connector", "proto", "udp", "remote", "192.0.2.2",
		     "rport", "53");
	done(&r, IPL_EXIT_OK, "{\"schema\":1,\"id\":3,\"added\":true}\n",
	     NULL);
	r = ADD_JSON("connector", "proto", "udp", "remote", "192.0.2.2",
		     "rport", "53");
	done(&r, IPL_EXIT_OK, "{\"schema\":1,\"id\":3,\"added\":false}\n",
	     NULL);
}

/* One family there: the other is added. */
static void test_add_one_family_there(void **state)
{
	struct result r;

	(void)state;
	r = ADD("listener", "proto", "tcp", "local", "::", "lport", "22");
	done(&r, IPL_EXIT_OK, "template 1 added\n", NULL);
	/* "local ::" is an address, not any: another selector */
	r = ADD(LISTENER_22);
	done(&r, IPL_EXIT_OK, "template 2 added\ntemplate 3 added\n", NULL);
	reset(NULL);
	k.next_id = 5;
	r = ADD("listener", "proto", "tcp", "lport", "22");
	done(&r, IPL_EXIT_OK, "template 5 added\ntemplate 6 added\n", NULL);
	k.n = 1;	/* the IPv6 one is gone */
	r = ADD("listener", "proto", "tcp", "lport", "22");
	done(&r, IPL_EXIT_OK, "template 5 exists\ntemplate 7 added\n", NULL);
	assert_int_equal(k.warned, 1);
}

/* add: another action there is refused, nothing changes. */
static void test_add_conflict(void **state)
{
	struct result r;

	(void)state;
	r = ADD(LISTENER_22);
	done(&r, IPL_EXIT_OK, "template 1 added\ntemplate 2 added\n", NULL);
	r = ADD(LISTENER_22, "action", "bypass-or-protect");
	done(&r, IPL_EXIT_FAIL, "",
	     "template 1 has this selector with another action or fallback: to change it, run 'template replace'");
	assert_int_equal(k.adds, 2);
	assert_int_equal(k.n, 2);
}

/* replace: each old one deleted just before its replacement is added. */
static void test_replace(void **state)
{
	struct result r;

	(void)state;
	r = ADD(LISTENER_22);
	done(&r, IPL_EXIT_OK, "template 1 added\ntemplate 2 added\n", NULL);
	r = REPLACE(LISTENER_22, "action", "bypass-or-protect", "fallback",
		    "3000");
	done(&r, IPL_EXIT_OK, "template 3 added\ntemplate 4 added\n", NULL);
	assert_int_equal(k.n, 2);
	assert_int_equal(tmpl(3)->fallback_ms, 3000);
	assert_int_equal(tmpl(4)->action, IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT);
	/* the same again: nothing to do */
	r = REPLACE(LISTENER_22, "action", "bypass-or-protect", "fallback",
		    "3000");
	done(&r, IPL_EXIT_OK, "template 3 exists\ntemplate 4 exists\n", NULL);
	assert_int_equal(k.dels, 2);
}

/* The replacement refused: the old one is back, the status 1. */
static void test_replace_fails(void **state)
{
	const struct ipl_tmpl *t;
	struct result r;

	(void)state;
	r = ADD("connector", "proto", "tcp", "remote", "192.0.2.2", "rport",
		"2049", "action", "bypass-or-protect", "fallback", "2500");
	done(&r, IPL_EXIT_OK, "template 1 added\n", NULL);
	k.fail_adds = 1u << 2;	/* the replacement; the restore goes */
	k.warned = 0;
	r = REPLACE("connector", "proto", "tcp", "remote", "192.0.2.2",
		    "rport", "2049");
	done(&r, IPL_EXIT_FAIL, "", "Invalid argument");
	assert_int_equal(k.n, 1);
	t = tmpl(2);
	assert_int_equal(t->action, IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT);
	assert_int_equal(t->fallback_ms, 2500);
	assert_int_equal(t->rport, 2049);
	assert_int_equal(t->family, AF_INET);
	assert_int_equal(k.warned, 0);
}

/* The same, said on stderr: what failed, then what became of the old one. */
static void test_replace_fails_says(void **state)
{
	struct result r;

	(void)state;
	r = ADD("connector", "proto", "tcp", "remote", "192.0.2.2", "rport",
		"2049");
	done(&r, IPL_EXIT_OK, "template 1 added\n", NULL);
	k.fail_adds = 1u << 2;
	r = REPLACE("connector", "proto", "tcp", "remote", "192.0.2.2",
		    "rport", "2049", "action", "bypass-or-protect");
	done(&r, IPL_EXIT_FAIL, "",
	     "ipsec-latchctl: Invalid argument\n"
	     "ipsec-latchctl: template 1 restored, as template 2: nothing replaced\n");
}

/*
 * A listener on any address whose second replacement fails: the first
 * replacement is deleted again, and both old ones are back.
 */
static void test_replace_second_fails(void **state)
{
	struct result r;
	size_t i;

	(void)state;
	r = ADD(LISTENER_22);
	done(&r, IPL_EXIT_OK, "template 1 added\ntemplate 2 added\n", NULL);
	k.fail_adds = 1u << 4;	/* 3: IPv4's replacement, 4: IPv6's */
	r = REPLACE(LISTENER_22, "action", "bypass-or-protect");
	done(&r, IPL_EXIT_FAIL, "",
	     "template 2 restored, as template 4: nothing replaced\n"
	     "ipsec-latchctl: template 1 restored, as template 5");
	assert_int_equal(k.n, 2);
	for (i = 0; i < k.n; i++)
		assert_int_equal(k.v[i].action, IPSEC_LATCH_ACTION_PROTECT);
	assert_int_equal(tmpl(4)->family, AF_INET6);
	assert_int_equal(tmpl(5)->family, AF_INET);
}

/* Not even the old one could be added again: how to, in the message. */
static void test_restore_fails(void **state)
{
	struct result r;

	(void)state;
	r = ADD("listener", "proto", "udp", "local", "192.0.2.1", "lport",
		"53", "action", "bypass-or-protect", "fallback", "3000");
	done(&r, IPL_EXIT_OK, "template 1 added\n", NULL);
	k.fail_adds = 1u << 2 | 1u << 3;
	r = REPLACE("listener", "proto", "udp", "local", "192.0.2.1", "lport",
		    "53");
	done(&r, IPL_EXIT_FAIL, "",
	     "template 1 was deleted and could not be restored: add it again with 'template add listener proto udp local 192.0.2.1 lport 53 action bypass-or-protect fallback 3000'");
	assert_int_equal(k.n, 0);
}

/* The old one cannot be deleted: nothing changes. */
static void test_replace_del_fails(void **state)
{
	struct result r;

	(void)state;
	r = ADD(LISTENER_22);
	done(&r, IPL_EXIT_OK, "template 1 added\ntemplate 2 added\n", NULL);
	k.fail_del = 2;		/* IPv6's, after IPv4's was replaced */
	r = REPLACE(LISTENER_22, "action", "bypass-or-protect");
	done(&r, IPL_EXIT_FAIL, "", "Operation not permitted");
	assert_int_equal(k.n, 2);
	assert_int_equal(tmpl(2)->action, IPSEC_LATCH_ACTION_PROTECT);
	/* IPv4's replacement (3) gone, its old one back as 4 */
	assert_int_equal(tmpl(4)->action, IPSEC_LATCH_ACTION_PROTECT);
	assert_int_equal(tmpl(4)->family, AF_INET);
}

/* add: all or nothing too. */
static void test_add_second_fails(void **state)
{
	struct result r;

	(void)state;
	k.fail_adds = 1u << 2;
	r = ADD(LISTENER_22);
	done(&r, IPL_EXIT_FAIL, "", "Invalid argument");
	assert_int_equal(k.n, 0);
	assert_int_equal(k.dels, 1);
}

#define NFS_CLIENT	"connector", "proto", "tcp", "remote", "192.0.2.2", \
			"rport", "2049"

static struct result add_nfs_client(void)
{
	return ADD(NFS_CLIENT);
}

static struct result add_listener_22(void)
{
	return ADD(LISTENER_22);
}

/*
 * Another process adds same (as add() asks for it) or other (another
 * action) just before add()'s at-th add request: the kernel says EEXIST.
 * The same is as good as added (out); the other fails (err), and leaves
 * none of add()'s templates, only the other process's.
 */
static void check_race(const struct ipl_tmpl *same,
		       const struct ipl_tmpl *other, unsigned int at,
		       struct result (*add)(void), const char *out,
		       const char *err)
{
	const struct ipl_tmpl *racers[] = { same, other };
	struct result r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(racers); i++) {
		reset(NULL);
		k.race = racers[i];
		k.race_at = at;
		r = add();
		if (racers[i] == same) {
			done(&r, IPL_EXIT_OK, out, NULL);
			continue;
		}
		done(&r, IPL_EXIT_FAIL, "", err);
		assert_int_equal(k.n, 1);
		assert_int_equal(k.v[0].action,
				 IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT);
	}
}

/* A template another process added, as asked: as good as ours. */
static void test_add_race(void **state)
{
	struct ipl_tmpl same, other;

	(void)state;
	same = asked(AF_INET, NFS_CLIENT, NULL);
	other = asked(AF_INET, NFS_CLIENT, "action", "bypass-or-protect",
		      NULL);
	check_race(&same, &other, 1, add_nfs_client, "template 1 exists\n",
		   "template 1 has this selector with another action or fallback");

	/* on a listener's second family: its first is deleted again */
	same = asked(AF_INET6, LISTENER_22, NULL);
	other = asked(AF_INET6, LISTENER_22, "action", "bypass-or-protect",
		      NULL);
	check_race(&same, &other, 2, add_listener_22,
		   "template 1 added\ntemplate 2 exists\n",
		   "template 2 has this selector with another action or fallback");
	assert_int_equal(k.dels, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_add_twice, reset),
		cmocka_unit_test_setup(test_add_one_family_there, reset),
		cmocka_unit_test_setup(test_add_conflict, reset),
		cmocka_unit_test_setup(test_replace, reset),
		cmocka_unit_test_setup(test_replace_fails, reset),
		cmocka_unit_test_setup(test_replace_fails_says, reset),
		cmocka_unit_test_setup(test_replace_second_fails, reset),
		cmocka_unit_test_setup(test_restore_fails, reset),
		cmocka_unit_test_setup(test_replace_del_fails, reset),
		cmocka_unit_test_setup(test_add_second_fails, reset),
		cmocka_unit_test_setup(test_add_race, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
