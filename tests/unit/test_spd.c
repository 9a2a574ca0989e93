// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ipsec-latchctl's SPD check of BYPASS-OR-PROTECT
 * listeners (tools/ipsec-latchctl/spd.c, spd_print.c): XFRM_MSG_NEWPOLICY
 * and XFRM_MSG_GETDEFAULT messages built here as the kernel builds them,
 * parsed; which inbound policies cover a template's flows and refuse
 * their clear first packets; and the warnings as text and JSON.
 */
#include <arpa/inet.h>
#include <errno.h>
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
#include <libmnl/libmnl.h>
#include <linux/ipsec_latch.h>
#include <linux/xfrm.h>

#include "capture.h"
#include "spd.h"
#include "template.h"
#include "util.h"

static char msgbuf[4096] __attribute__((aligned(8)));

#define IN	XFRM_POLICY_IN
#define OUT	XFRM_POLICY_OUT
#define ALLOW	XFRM_POLICY_ALLOW
#define BLOCK	XFRM_POLICY_BLOCK

/* "level use" templates, "level required" ones, or none */
enum { NO_TMPL, REQUIRED, OPTIONAL, MIXED };

struct pol_spec {
	uint8_t dir, action;
	uint32_t priority;
	int af;
	const char *src, *dst;		/* NULL: any of af */
	uint8_t plen_s, plen_d;
	uint8_t proto;			/* 0: any */
	uint16_t sport, dport;		/* 0: any (mask 0) */
	int ifindex;
	int tmpl;			/* NO_TMPL, REQUIRED, ... */
	uint32_t if_id;			/* 0: no XFRMA_IF_ID */
};

static void put_addr(xfrm_address_t *x, int af, const char *s)
{
	memset(x, 0, sizeof(*x));
	if (s)
		assert_int_equal(inet_pton(af, s, x), 1);
}

/* A policy dump message at p, as xfrm_user's dump_one_policy() makes. */
static struct nlmsghdr *policy_msg_at(char *p, const struct pol_spec *s)
{
	struct xfrm_userpolicy_info info = { 0 };
	struct xfrm_user_tmpl t[2];
	struct nlmsghdr *nlh;
	uint32_t mark[2] = { 1, 0xff };

	info.dir = s->dir;
	info.action = s->action;
	info.priority = s->priority;
	info.index = 8 + s->dir;
	info.sel.family = s->af;
	put_addr(&info.sel.saddr, s->af, s->src);
	put_addr(&info.sel.daddr, s->af, s->dst);
	info.sel.prefixlen_s = s->plen_s;
	info.sel.prefixlen_d = s->plen_d;
	info.sel.proto = s->proto;
	info.sel.sport = htons(s->sport);
	info.sel.sport_mask = s->sport ? 0xffff : 0;
	info.sel.dport = htons(s->dport);
	info.sel.dport_mask = s->dport ? 0xffff : 0;
	info.sel.ifindex = s->ifindex;
	info.lft.soft_byte_limit = XFRM_INF;

	nlh = mnl_nlmsg_put_header(p);
	nlh->nlmsg_type = XFRM_MSG_NEWPOLICY;
	nlh->nlmsg_flags = NLM_F_MULTI;
	/* p may be unaligned for the struct: copied in */
	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(info)), &info,
	       sizeof(info));
	if (s->tmpl != NO_TMPL) {
		memset(t, 0, sizeof(t));
		t[0].family = s->af;
		t[0].id.proto = IPPROTO_ESP;
		t[0].mode = XFRM_MODE_TRANSPORT;
		t[0].optional = s->tmpl == OPTIONAL;
		t[1] = t[0];
		t[1].id.proto = IPPROTO_AH;
		t[1].optional = s->tmpl != REQUIRED;
		mnl_attr_put(nlh, XFRMA_TMPL,
			     (s->tmpl == MIXED ? 2 : 1) * sizeof(t[0]), t);
	}
	mnl_attr_put(nlh, XFRMA_MARK, sizeof(mark), mark);	/* ignored */
	if (s->if_id)
		mnl_attr_put_u32(nlh, XFRMA_IF_ID, s->if_id);
	return nlh;
}

static struct nlmsghdr *policy_msg(const struct pol_spec *s)
{
	memset(msgbuf, 0, sizeof(msgbuf));
	return policy_msg_at(msgbuf, s);
}

static struct nlmsghdr *default_msg(uint8_t in)
{
	struct xfrm_userpolicy_default *d;
	struct nlmsghdr *nlh;

	memset(msgbuf, 0, sizeof(msgbuf));
	nlh = mnl_nlmsg_put_header(msgbuf);
	nlh->nlmsg_type = XFRM_MSG_GETDEFAULT;
	d = mnl_nlmsg_put_extra_header(nlh, sizeof(*d));
	d->in = in;
	d->fwd = XFRM_USERPOLICY_ACCEPT;
	d->out = XFRM_USERPOLICY_ACCEPT;
	return nlh;
}

#define MAX_POLICIES	8

/* The SPD of these policies (parsed from their messages), and default. */
struct spd_fixture {
	struct ipl_spd_policy v[MAX_POLICIES];
	struct ipl_spd spd;
	struct ipl_spd_finding f[MAX_POLICIES + 1];
};

static void spd_make(struct spd_fixture *x, const struct pol_spec *specs,
		     size_t n, int default_in)
{
	size_t i;

	assert_true(n <= MAX_POLICIES);
	memset(x, 0, sizeof(*x));
	for (i = 0; i < n; i++)
		assert_int_equal(ipl_spd_policy_parse(policy_msg(&specs[i]),
						      &x->v[i]), 0);
	x->spd.v = x->v;
	x->spd.n = n;
	if (default_in >= 0)
		assert_int_equal(ipl_spd_default_parse(default_msg(default_in),
						       &x->spd), 0);
}

/* Findings for t; each finding's policy as its index, -1 the default. */
static size_t check(struct spd_fixture *x, const struct ipl_tmpl *t,
		    int *which)
{
	size_t i, n;

	n = ipl_spd_check(&x->spd, t, x->f, MAX_POLICIES + 1);
	for (i = 0; i < n; i++)
		which[i] = x->f[i].policy ? x->f[i].policy - x->v : -1;
	return n;
}

#define TMPL_BIT(x)	(1u << IPSEC_LATCH_TMPL_A_##x)

/* A BYPASS-OR-PROTECT TCP listener on port, on local (NULL: any). */
static struct ipl_tmpl listener(int af, const char *local, uint16_t port)
{
	struct ipl_tmpl t = { 0 };

	t.present = TMPL_BIT(ID) | TMPL_BIT(KIND) | TMPL_BIT(FAMILY) |
		    TMPL_BIT(PROTO) | TMPL_BIT(LOCAL_PORT) | TMPL_BIT(ACTION);
	t.id = 3;
	t.kind = IPSEC_LATCH_TMPL_LISTENER;
	t.family = af;
	t.proto = IPPROTO_TCP;
	t.lport = port;
	t.action = IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT;
	if (local) {
		assert_int_equal(ipl_addr_parse(local, &t.local), 0);
		t.present |= TMPL_BIT(LOCAL_ADDR);
	}
	return t;
}

/* "ip xfrm policy add dir in src 0.0.0.0/0 dst 192.0.2.2/32 proto tcp
 * dport 2049 priority 1000 tmpl proto esp mode transport [level use]"
 */
#define NFS_IN(prio, kind) {						\
	.dir = IN, .action = ALLOW, .priority = (prio), .af = AF_INET,	\
	.dst = "192.0.2.2", .plen_d = 32, .proto = IPPROTO_TCP,		\
	.dport = 2049, .tmpl = (kind),					\
}

static void test_parse(void **state)
{
	const struct pol_spec s = {
		.dir = IN, .action = ALLOW, .priority = 1000, .af = AF_INET6,
		.src = "2001:db8:1::", .plen_s = 48, .dst = "2001:db8::2",
		.plen_d = 128, .proto = IPPROTO_UDP, .sport = 53,
		.dport = 5353, .ifindex = 4, .tmpl = MIXED, .if_id = 7,
	};
	struct ipl_spd_policy p;
	struct ipl_spd spd = { 0 };
	struct nlmsghdr *nlh;

	(void)state;
	assert_int_equal(ipl_spd_policy_parse(policy_msg(&s), &p), 0);
	assert_int_equal(p.dir, IN);
	assert_int_equal(p.action, ALLOW);
	assert_int_equal(p.priority, 1000);
	assert_int_equal(p.index, 8);
	assert_int_equal(p.family, AF_INET6);
	assert_int_equal(p.saddr.family, AF_INET6);
	assert_int_equal(p.plen_s, 48);
	assert_int_equal(p.daddr.len, 16);
	assert_int_equal(p.plen_d, 128);
	assert_int_equal(p.proto, IPPROTO_UDP);
	assert_int_equal(p.sport, 53);
	assert_int_equal(p.sport_mask, 0xffff);
	assert_int_equal(p.dport, 5353);
	assert_int_equal(p.dport_mask, 0xffff);
	assert_int_equal(p.ifindex, 4);
	assert_int_equal(p.n_tmpl, 2);
	assert_false(p.all_optional);	/* esp required, ah optional */
	assert_int_equal(p.if_id, 7);

	/* every template optional; none at all */
	assert_int_equal(ipl_spd_policy_parse(policy_msg(&(struct pol_spec){
		.dir = IN, .af = AF_INET, .tmpl = OPTIONAL }), &p), 0);
	assert_int_equal(p.n_tmpl, 1);
	assert_true(p.all_optional);
	assert_int_equal(p.daddr.family, AF_INET);
	assert_int_equal(p.dport_mask, 0);
	assert_int_equal(ipl_spd_policy_parse(policy_msg(&(struct pol_spec){
		.dir = OUT, .action = BLOCK, .af = AF_INET }), &p), 0);
	assert_int_equal(p.n_tmpl, 0);
	assert_true(p.all_optional);
	assert_int_equal(p.action, BLOCK);
	assert_int_equal(p.if_id, 0);

	/* the default actions */
	nlh = default_msg(XFRM_USERPOLICY_BLOCK);
	assert_int_equal(ipl_spd_default_parse(nlh, &spd), 0);
	assert_true(spd.has_default);
	assert_int_equal(spd.default_in, XFRM_USERPOLICY_BLOCK);
}

/* A message at an odd offset (the structs are read unaligned). */
static void test_parse_unaligned(void **state)
{
	const struct pol_spec s = NFS_IN(1000, REQUIRED);
	struct ipl_spd_policy p;

	(void)state;
	memset(msgbuf, 0, sizeof(msgbuf));
	assert_int_equal(ipl_spd_policy_parse(policy_msg_at(msgbuf + 4, &s),
					      &p), 0);
	assert_int_equal(p.priority, 1000);
	assert_int_equal(p.dport, 2049);
	assert_int_equal(p.n_tmpl, 1);
}

static void test_parse_malformed(void **state)
{
	const struct pol_spec s = NFS_IN(1000, REQUIRED);
	struct ipl_spd_policy p;
	struct ipl_spd spd = { 0 };
	struct nlmsghdr *nlh;
	uint8_t odd[3] = { 0 };

	(void)state;
	/* too short for xfrm_userpolicy_info */
	nlh = policy_msg(&s);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 8;
	errno = 0;
	assert_int_equal(ipl_spd_policy_parse(nlh, &p), -1);
	assert_int_equal(errno, EBADMSG);

	/* another message type */
	nlh = policy_msg(&s);
	nlh->nlmsg_type = XFRM_MSG_NEWSA;
	errno = 0;
	assert_int_equal(ipl_spd_policy_parse(nlh, &p), -1);
	assert_int_equal(errno, EBADMSG);

	/* templates of no whole number */
	nlh = policy_msg(&(struct pol_spec){ .dir = IN, .af = AF_INET });
	mnl_attr_put(nlh, XFRMA_TMPL, sizeof(struct xfrm_user_tmpl) + 1,
		     msgbuf + 1024);
	errno = 0;
	assert_int_equal(ipl_spd_policy_parse(nlh, &p), -1);
	assert_int_equal(errno, EBADMSG);

	/* an if_id of another size */
	nlh = policy_msg(&(struct pol_spec){ .dir = IN, .af = AF_INET });
	mnl_attr_put(nlh, XFRMA_IF_ID, sizeof(odd), odd);
	errno = 0;
	assert_int_equal(ipl_spd_policy_parse(nlh, &p), -1);
	assert_int_equal(errno, EBADMSG);

	/* a default reply too short, or of another type */
	nlh = default_msg(XFRM_USERPOLICY_BLOCK);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 1;
	errno = 0;
	assert_int_equal(ipl_spd_default_parse(nlh, &spd), -1);
	assert_int_equal(errno, EBADMSG);
	nlh = default_msg(XFRM_USERPOLICY_BLOCK);
	nlh->nlmsg_type = XFRM_MSG_NEWPOLICY;
	assert_int_equal(ipl_spd_default_parse(nlh, &spd), -1);
	assert_false(spd.has_default);
}

/* One inbound policy at a time against a listener on 192.0.2.2:2049. */
static void test_verdicts(void **state)
{
	static const struct {
		struct pol_spec s;
		enum ipl_spd_verdict want;
	} cases[] = {
		/* requires IPsec ("level required"), optional ("use") */
		{ NFS_IN(1000, REQUIRED),		IPL_SPD_REQUIRES },
		{ NFS_IN(1000, OPTIONAL),		IPL_SPD_ADMITS },
		{ NFS_IN(1000, MIXED),			IPL_SPD_REQUIRES },
		/* allow without templates; block */
		{ NFS_IN(1000, NO_TMPL),		IPL_SPD_ADMITS },
		{ { .dir = IN, .action = BLOCK, .af = AF_INET,
		    .proto = IPPROTO_TCP },		IPL_SPD_BLOCKS },
		/* another port, address, protocol, family: not covering */
		{ { .dir = IN, .af = AF_INET, .dst = "192.0.2.2",
		    .plen_d = 32, .proto = IPPROTO_TCP, .dport = 22,
		    .tmpl = REQUIRED },			IPL_SPD_NONE },
		{ { .dir = IN, .af = AF_INET, .dst = "192.0.2.3",
		    .plen_d = 32, .tmpl = REQUIRED },	IPL_SPD_NONE },
		{ { .dir = IN, .af = AF_INET, .proto = IPPROTO_UDP,
		    .tmpl = REQUIRED },			IPL_SPD_NONE },
		{ { .dir = IN, .af = AF_INET6, .tmpl = REQUIRED },
							IPL_SPD_NONE },
		/* a prefix holding the address; one next to it */
		{ { .dir = IN, .af = AF_INET, .dst = "192.0.2.0",
		    .plen_d = 24, .tmpl = REQUIRED },	IPL_SPD_REQUIRES },
		{ { .dir = IN, .af = AF_INET, .dst = "192.0.2.0",
		    .plen_d = 31, .tmpl = REQUIRED },	IPL_SPD_NONE },
		{ { .dir = IN, .af = AF_INET, .dst = "192.0.2.3",
		    .plen_d = 31, .tmpl = REQUIRED },	IPL_SPD_REQUIRES },
		{ { .dir = IN, .af = AF_INET, .dst = "192.0.2.128",
		    .plen_d = 25, .tmpl = REQUIRED },	IPL_SPD_NONE },
		/* the source does not matter: some peers match */
		{ { .dir = IN, .af = AF_INET, .src = "198.51.100.7",
		    .plen_s = 32, .sport = 700, .tmpl = REQUIRED },
							IPL_SPD_REQUIRES },
		/* one interface: those flows */
		{ { .dir = IN, .af = AF_INET, .ifindex = 3,
		    .tmpl = REQUIRED },			IPL_SPD_REQUIRES },
		/* outbound: ties with the BYPASS entries at priority 0 */
		{ { .dir = OUT, .af = AF_INET, .tmpl = REQUIRED },
							IPL_SPD_TIES },
		{ { .dir = OUT, .af = AF_INET, .priority = 1,
		    .tmpl = REQUIRED },			IPL_SPD_NONE },
		{ { .dir = OUT, .af = AF_INET, .tmpl = OPTIONAL },
							IPL_SPD_NONE },
		{ { .dir = OUT, .af = AF_INET, .proto = IPPROTO_TCP,
		    .sport = 22, .tmpl = REQUIRED },	IPL_SPD_NONE },
		{ { .dir = OUT, .af = AF_INET, .proto = IPPROTO_TCP,
		    .sport = 2049, .tmpl = REQUIRED },	IPL_SPD_TIES },
		{ { .dir = OUT, .af = AF_INET, .src = "192.0.2.3",
		    .plen_s = 32, .tmpl = REQUIRED },	IPL_SPD_NONE },
		/* not inbound nor outbound; an xfrm interface's */
		{ { .dir = XFRM_POLICY_FWD, .af = AF_INET, .tmpl = REQUIRED },
							IPL_SPD_NONE },
		{ { .dir = XFRM_POLICY_MAX + IN, .af = AF_INET,
		    .tmpl = REQUIRED },			IPL_SPD_NONE },
		{ { .dir = IN, .af = AF_INET, .tmpl = REQUIRED, .if_id = 9 },
							IPL_SPD_NONE },
	};
	const struct ipl_tmpl t = listener(AF_INET, "192.0.2.2", 2049);
	struct ipl_spd_policy p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(ipl_spd_policy_parse(policy_msg(&cases[i].s),
						      &p), 0);
		if (ipl_spd_verdict(&p, &t) != cases[i].want)
			fail_msg("case %zu: verdict %d, want %d", i,
				 ipl_spd_verdict(&p, &t), cases[i].want);
	}
}

/* Without a local address, any address a policy names counts. */
static void test_any_local(void **state)
{
	const struct pol_spec nfs = NFS_IN(1000, REQUIRED);
	const struct pol_spec other_port = {
		.dir = IN, .af = AF_INET, .dst = "192.0.2.2", .plen_d = 32,
		.proto = IPPROTO_TCP, .dport = 22, .tmpl = REQUIRED,
	};
	struct ipl_tmpl t = listener(AF_INET, NULL, 2049);
	struct ipl_spd_policy p;

	(void)state;
	assert_int_equal(ipl_spd_policy_parse(policy_msg(&nfs), &p), 0);
	assert_int_equal(ipl_spd_verdict(&p, &t), IPL_SPD_REQUIRES);
	assert_int_equal(ipl_spd_policy_parse(policy_msg(&other_port), &p), 0);
	assert_int_equal(ipl_spd_verdict(&p, &t), IPL_SPD_NONE);

	/* the family from the local address, if the attribute is missing */
	t = listener(AF_INET, "192.0.2.2", 2049);
	t.present &= ~TMPL_BIT(FAMILY);
	t.family = 0;
	assert_int_equal(ipl_spd_policy_parse(policy_msg(&nfs), &p), 0);
	assert_int_equal(ipl_spd_verdict(&p, &t), IPL_SPD_REQUIRES);
	/* no family known at all: nothing covers it */
	t = listener(AF_INET, NULL, 2049);
	t.present &= ~TMPL_BIT(FAMILY);
	assert_int_equal(ipl_spd_verdict(&p, &t), IPL_SPD_NONE);
}

static void test_ipv6(void **state)
{
	const struct pol_spec specs[] = {
		/* 0: required for the whole /64 */
		{ .dir = IN, .action = ALLOW, .priority = 2000,
		  .af = AF_INET6, .dst = "2001:db8::", .plen_d = 64,
		  .proto = IPPROTO_TCP, .tmpl = REQUIRED },
		/* 1: another /64 */
		{ .dir = IN, .action = ALLOW, .priority = 100,
		  .af = AF_INET6, .dst = "2001:db8:0:1::", .plen_d = 64,
		  .tmpl = REQUIRED },
		/* 2: the same port for IPv4 */
		NFS_IN(1000, REQUIRED),
	};
	const struct ipl_tmpl t6 = listener(AF_INET6, "2001:db8::2", 2049);
	const struct ipl_tmpl any6 = listener(AF_INET6, NULL, 2049);
	struct spd_fixture x;
	int which[MAX_POLICIES + 1];

	(void)state;
	spd_make(&x, specs, 3, XFRM_USERPOLICY_ACCEPT);
	assert_int_equal(ipl_spd_verdict(&x.v[0], &t6), IPL_SPD_REQUIRES);
	assert_int_equal(ipl_spd_verdict(&x.v[1], &t6), IPL_SPD_NONE);
	assert_int_equal(ipl_spd_verdict(&x.v[2], &t6), IPL_SPD_NONE);
	assert_int_equal(check(&x, &t6, which), 1);
	assert_int_equal(which[0], 0);
	assert_int_equal(check(&x, &any6, which), 2);
	assert_int_equal(which[0], 0);
	assert_int_equal(which[1], 1);
}

/*
 * Priorities: an optional policy with a strictly better priority that
 * covers all of a required one's flows (of the template's) takes them.
 */
static void test_shadowing(void **state)
{
	struct pol_spec specs[2] = {
		NFS_IN(1000, REQUIRED),
		NFS_IN(500, OPTIONAL),
	};
	struct ipl_tmpl t = listener(AF_INET, "192.0.2.2", 2049);
	struct spd_fixture x;
	int which[MAX_POLICIES + 1];

	(void)state;
	/* better priority, same selector: fine */
	spd_make(&x, specs, 2, -1);
	assert_int_equal(check(&x, &t, which), 0);

	/* equal or worse priority: the required one may win */
	specs[1].priority = 1000;
	spd_make(&x, specs, 2, -1);
	assert_int_equal(check(&x, &t, which), 1);
	assert_int_equal(which[0], 0);
	specs[1].priority = 1001;
	spd_make(&x, specs, 2, -1);
	assert_int_equal(check(&x, &t, which), 1);

	/* an allow policy without templates takes them too */
	specs[1].priority = 1;
	specs[1].tmpl = NO_TMPL;
	spd_make(&x, specs, 2, -1);
	assert_int_equal(check(&x, &t, which), 0);

	/* the optional one for some peers only: not all flows */
	specs[1].src = "198.51.100.0";
	specs[1].plen_s = 24;
	spd_make(&x, specs, 2, -1);
	assert_int_equal(check(&x, &t, which), 1);
	/* ...unless the required one is for those peers only too */
	specs[0].src = "198.51.100.0";
	specs[0].plen_s = 25;
	spd_make(&x, specs, 2, -1);
	assert_int_equal(check(&x, &t, which), 0);
	specs[0].src = specs[1].src = NULL;
	specs[0].plen_s = specs[1].plen_s = 0;

	/* from some source ports only; on one interface only */
	specs[1].sport = 700;
	spd_make(&x, specs, 2, -1);
	assert_int_equal(check(&x, &t, which), 1);
	specs[1].sport = 0;
	specs[1].ifindex = 2;
	spd_make(&x, specs, 2, -1);
	assert_int_equal(check(&x, &t, which), 1);
	specs[0].ifindex = 2;
	spd_make(&x, specs, 2, -1);
	assert_int_equal(check(&x, &t, which), 0);
	specs[0].ifindex = specs[1].ifindex = 0;

	/* the module's BYPASS entry for one flow (priority 0): not all */
	specs[1] = (struct pol_spec){
		.dir = IN, .action = ALLOW, .priority = 0, .af = AF_INET,
		.src = "198.51.100.7", .plen_s = 32, .dst = "192.0.2.2",
		.plen_d = 32, .proto = IPPROTO_TCP, .sport = 40001,
		.dport = 2049, .tmpl = NO_TMPL,
	};
	spd_make(&x, specs, 2, -1);
	assert_int_equal(check(&x, &t, which), 1);
	assert_int_equal(which[0], 0);
	specs[1] = (struct pol_spec)NFS_IN(500, OPTIONAL);

	/* wider optional, narrower required: shadowed */
	specs[0].plen_d = 32;
	specs[1].dst = "192.0.2.0";
	specs[1].plen_d = 24;
	specs[1].proto = 0;
	specs[1].dport = 0;
	spd_make(&x, specs, 2, -1);
	assert_int_equal(check(&x, &t, which), 0);
}

/* Without a local address, the addresses decide what is covered. */
static void test_shadowing_any_local(void **state)
{
	struct pol_spec specs[2] = {
		/* 0: required for any address */
		{ .dir = IN, .action = ALLOW, .priority = 1000,
		  .af = AF_INET, .proto = IPPROTO_TCP, .dport = 2049,
		  .tmpl = REQUIRED },
		/* 1: optional for one address, better priority */
		NFS_IN(500, OPTIONAL),
	};
	struct ipl_tmpl any = listener(AF_INET, NULL, 2049);
	struct ipl_tmpl one = listener(AF_INET, "192.0.2.2", 2049);
	struct spd_fixture x;
	int which[MAX_POLICIES + 1];

	(void)state;
	spd_make(&x, specs, 2, -1);
	/* for 192.0.2.2 the optional one takes the flows */
	assert_int_equal(check(&x, &one, which), 0);
	/* for any address, other addresses' flows meet the required one */
	assert_int_equal(check(&x, &any, which), 1);
	assert_int_equal(which[0], 0);
	/* a narrower prefix does not, even at the same address */
	specs[0].dst = "192.0.2.0";
	specs[0].plen_d = 24;
	specs[1].dst = "192.0.2.0";
	specs[1].plen_d = 25;
	spd_make(&x, specs, 2, -1);
	assert_int_equal(check(&x, &any, which), 1);
	/* the same or a wider one does */
	specs[1].plen_d = 24;
	spd_make(&x, specs, 2, -1);
	assert_int_equal(check(&x, &any, which), 0);
	specs[1].dst = "192.0.0.0";
	specs[1].plen_d = 16;
	spd_make(&x, specs, 2, -1);
	assert_int_equal(check(&x, &any, which), 0);
	/* an optional one for every address does take them all */
	specs[0].dst = NULL;
	specs[0].plen_d = 0;
	specs[1].dst = NULL;
	specs[1].plen_d = 0;
	spd_make(&x, specs, 2, -1);
	assert_int_equal(check(&x, &any, which), 0);
}

/* Several refusing ones, each said; block policies too. */
static void test_several(void **state)
{
	const struct pol_spec specs[] = {
		/* 0: optional, for another port: nothing to do with it */
		{ .dir = IN, .action = ALLOW, .priority = 1, .af = AF_INET,
		  .proto = IPPROTO_TCP, .dport = 22, .tmpl = OPTIONAL },
		/* 1: required, for the listener */
		NFS_IN(1000, REQUIRED),
		/* 2: outbound, required: not the responder's concern */
		{ .dir = OUT, .action = ALLOW, .priority = 1000,
		  .af = AF_INET, .src = "192.0.2.2", .plen_s = 32,
		  .proto = IPPROTO_TCP, .sport = 2049, .tmpl = REQUIRED },
		/* 3: block anything TCP, worse priority */
		{ .dir = IN, .action = BLOCK, .priority = 5000,
		  .af = AF_INET, .proto = IPPROTO_TCP },
	};
	const struct ipl_tmpl t = listener(AF_INET, "192.0.2.2", 2049);
	struct spd_fixture x;
	int which[MAX_POLICIES + 1];

	(void)state;
	spd_make(&x, specs, 4, XFRM_USERPOLICY_ACCEPT);
	assert_int_equal(check(&x, &t, which), 2);
	assert_int_equal(which[0], 1);
	assert_int_equal(x.f[0].why, IPL_SPD_REQUIRES);
	assert_int_equal(which[1], 3);
	assert_int_equal(x.f[1].why, IPL_SPD_BLOCKS);

	/* no room for more: only as many as asked */
	assert_int_equal(ipl_spd_check(&x.spd, &t, x.f, 1), 1);
	assert_int_equal(ipl_spd_check(&x.spd, &t, x.f, 0), 0);

	/* no policy at all: fine */
	spd_make(&x, NULL, 0, -1);
	assert_int_equal(check(&x, &t, which), 0);
}

/* Default inbound action BLOCK: something must let clear packets in. */
static void test_default_block(void **state)
{
	struct pol_spec specs[] = {
		/* 0: required, for another port */
		{ .dir = IN, .action = ALLOW, .priority = 1, .af = AF_INET,
		  .proto = IPPROTO_TCP, .dport = 22, .tmpl = REQUIRED },
		/* 1: optional, for the listener */
		NFS_IN(1000, OPTIONAL),
	};
	const struct ipl_tmpl t = listener(AF_INET, "192.0.2.2", 2049);
	struct spd_fixture x;
	int which[MAX_POLICIES + 1];

	(void)state;
	spd_make(&x, specs, 1, XFRM_USERPOLICY_BLOCK);
	assert_int_equal(check(&x, &t, which), 1);
	assert_int_equal(which[0], -1);
	assert_int_equal(x.f[0].why, IPL_SPD_NONE);

	/* an optional policy lets them in */
	spd_make(&x, specs, 2, XFRM_USERPOLICY_BLOCK);
	assert_int_equal(check(&x, &t, which), 0);

	/* default accept, or a kernel that has no defaults */
	spd_make(&x, specs, 1, XFRM_USERPOLICY_ACCEPT);
	assert_int_equal(check(&x, &t, which), 0);
	spd_make(&x, specs, 1, -1);
	assert_int_equal(check(&x, &t, which), 0);

	/*
	 * the module's BYPASS entry for one flow latched in the clear lets
	 * that flow in, but no new one: the default still drops them
	 */
	specs[1] = (struct pol_spec){
		.dir = IN, .action = ALLOW, .priority = 0, .af = AF_INET,
		.src = "198.51.100.7", .plen_s = 32, .dst = "192.0.2.2",
		.plen_d = 32, .proto = IPPROTO_TCP, .sport = 40001,
		.dport = 2049, .tmpl = NO_TMPL,
	};
	spd_make(&x, specs, 2, XFRM_USERPOLICY_BLOCK);
	assert_int_equal(ipl_spd_verdict(&x.v[1], &t), IPL_SPD_ADMITS);
	assert_int_equal(check(&x, &t, which), 1);
	assert_int_equal(which[0], -1);
	/* one for a whole client network does */
	specs[1].plen_s = 24;
	specs[1].src = "198.51.100.0";
	spd_make(&x, specs, 2, XFRM_USERPOLICY_BLOCK);
	assert_int_equal(check(&x, &t, which), 0);
	specs[1] = (struct pol_spec)NFS_IN(1000, OPTIONAL);

	/* a required one and the default: both said */
	specs[1].tmpl = REQUIRED;
	spd_make(&x, specs, 2, XFRM_USERPOLICY_BLOCK);
	assert_int_equal(check(&x, &t, which), 2);
	assert_int_equal(which[0], 1);
	assert_int_equal(which[1], -1);
}

/*
 * A connector's outbound packets go to its remote address and port, its
 * replies come from there: an IPsec policy of priority 0 for either wins
 * the tie with the BYPASS entries of a flow that fell back.
 */
static void test_connector_ties(void **state)
{
	static const struct {
		struct pol_spec s;
		enum ipl_spd_verdict want;
	} cases[] = {
		{ { .dir = OUT, .af = AF_INET, .dst = "192.0.2.2",
		    .plen_d = 32, .tmpl = REQUIRED },	IPL_SPD_TIES },
		{ { .dir = OUT, .af = AF_INET, .dst = "192.0.2.0",
		    .plen_d = 24, .proto = IPPROTO_TCP, .dport = 2049,
		    .tmpl = REQUIRED },			IPL_SPD_TIES },
		{ { .dir = OUT, .action = BLOCK, .af = AF_INET },
							IPL_SPD_TIES },
		{ { .dir = OUT, .af = AF_INET, .dst = "192.0.2.3",
		    .plen_d = 32, .tmpl = REQUIRED },	IPL_SPD_NONE },
		{ { .dir = OUT, .af = AF_INET, .proto = IPPROTO_TCP,
		    .dport = 22, .tmpl = REQUIRED },	IPL_SPD_NONE },
		{ { .dir = OUT, .af = AF_INET, .dst = "192.0.2.2",
		    .plen_d = 32, .priority = 1000, .tmpl = REQUIRED },
							IPL_SPD_NONE },
		{ { .dir = OUT, .af = AF_INET6, .tmpl = REQUIRED },
							IPL_SPD_NONE },
		{ NFS_IN(1000, REQUIRED),		IPL_SPD_NONE },
		/* inbound: its replies, from the remote end */
		{ { .dir = IN, .af = AF_INET, .tmpl = REQUIRED },
							IPL_SPD_TIES },
		{ { .dir = IN, .af = AF_INET, .src = "192.0.2.2",
		    .plen_s = 32, .proto = IPPROTO_TCP, .sport = 2049,
		    .tmpl = REQUIRED },			IPL_SPD_TIES },
		{ { .dir = IN, .af = AF_INET, .src = "192.0.2.3",
		    .plen_s = 32, .tmpl = REQUIRED },	IPL_SPD_NONE },
		{ { .dir = IN, .af = AF_INET, .proto = IPPROTO_TCP,
		    .sport = 22, .tmpl = REQUIRED },	IPL_SPD_NONE },
		{ { .dir = IN, .af = AF_INET, .tmpl = OPTIONAL },
							IPL_SPD_NONE },
	};
	struct ipl_tmpl t = listener(AF_INET, NULL, 0);
	struct ipl_spd_policy p;
	struct spd_fixture x;
	int which[MAX_POLICIES + 1];
	size_t i;

	(void)state;
	t.kind = IPSEC_LATCH_TMPL_CONNECTOR;
	t.present &= ~TMPL_BIT(LOCAL_PORT);
	t.present |= TMPL_BIT(REMOTE_ADDR) | TMPL_BIT(REMOTE_PORT);
	assert_int_equal(ipl_addr_parse("192.0.2.2", &t.remote), 0);
	t.rport = 2049;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(ipl_spd_policy_parse(policy_msg(&cases[i].s),
						      &p), 0);
		if (ipl_spd_verdict(&p, &t) != cases[i].want)
			fail_msg("case %zu: verdict %d, want %d", i,
				 ipl_spd_verdict(&p, &t), cases[i].want);
	}
	/* the check reports the tie, and no default-block finding */
	spd_make(&x, &cases[0].s, 1, XFRM_USERPOLICY_BLOCK);
	assert_int_equal(check(&x, &t, which), 1);
	assert_int_equal(which[0], 0);
	assert_int_equal(x.f[0].why, IPL_SPD_TIES);
}

static void test_wants_check(void **state)
{
	struct ipl_tmpl t = listener(AF_INET, NULL, 2049);

	(void)state;
	assert_true(ipl_spd_wants_check(&t));
	t.action = IPSEC_LATCH_ACTION_PROTECT;
	assert_false(ipl_spd_wants_check(&t));
	t = listener(AF_INET, NULL, 2049);
	t.kind = IPSEC_LATCH_TMPL_CONNECTOR;
	assert_true(ipl_spd_wants_check(&t));
	t = listener(AF_INET, NULL, 2049);
	t.present &= ~TMPL_BIT(ACTION);
	assert_false(ipl_spd_wants_check(&t));
}

static void check_selector(const struct pol_spec *s, const char *want)
{
	struct ipl_spd_policy p;
	char buf[256];

	assert_int_equal(ipl_spd_policy_parse(policy_msg(s), &p), 0);
	assert_string_equal(ipl_spd_selector_str(&p, buf, sizeof(buf)), want);
}

static void test_selector_text(void **state)
{
	struct ipl_spd_policy p = { 0 };
	char small[24];

	(void)state;
	check_selector(&(struct pol_spec)NFS_IN(1000, REQUIRED),
		       "src 0.0.0.0/0 dst 192.0.2.2/32 proto tcp dport 2049");
	check_selector(&(struct pol_spec){
		.dir = IN, .af = AF_INET6, .src = "2001:db8:1::",
		.plen_s = 48, .dst = "2001:db8::2", .plen_d = 128,
		.proto = IPPROTO_UDP, .sport = 53, .dport = 5353,
		.ifindex = 4 },
		"src 2001:db8:1::/48 dst 2001:db8::2/128 proto udp sport 53 dport 5353 ifindex 4");
	check_selector(&(struct pol_spec){
		.dir = IN, .af = AF_INET6, .proto = IPPROTO_SCTP },
		"src ::/0 dst ::/0 proto 132");

	/* a partial mask; a family this tool does not know */
	p.family = AF_INET;
	assert_int_equal(ipl_addr_parse("0.0.0.0", &p.saddr), 0);
	assert_int_equal(ipl_addr_parse("0.0.0.0", &p.daddr), 0);
	p.proto = IPPROTO_TCP;
	p.dport = 0x0800;
	p.dport_mask = 0xff00;
	assert_string_equal(ipl_spd_selector_str(&p, (char[256]){ 0 }, 256),
			    "src 0.0.0.0/0 dst 0.0.0.0/0 proto tcp dport 2048 mask 0xff00");
	memset(&p, 0, sizeof(p));
	assert_string_equal(ipl_spd_selector_str(&p, (char[256]){ 0 }, 256),
			    "src -/0 dst -/0");

	/* cut to fit */
	assert_int_equal(ipl_spd_policy_parse(policy_msg(&(struct pol_spec)
							 NFS_IN(1, REQUIRED)),
					      &p), 0);
	ipl_spd_selector_str(&p, small, sizeof(small));
	assert_string_equal(small, "src 0.0.0.0/0 dst 192.0");
}

#define REQUIRES_TEXT \
	"inbound policy src 0.0.0.0/0 dst 192.0.2.2/32 proto tcp dport 2049 " \
	"(priority 1000) requires IPsec: clear first packets are dropped by " \
	"the kernel, so these flows can only be protected. For " \
	"BYPASS-OR-PROTECT make that policy optional ('level use') or give " \
	"an optional inbound policy a better priority; see " \
	"ipsec-latchctl(8), section BYPASS-OR-PROTECT."
#define BLOCKS_TEXT \
	"inbound policy src 0.0.0.0/0 dst 0.0.0.0/0 proto tcp " \
	"(priority 5000) blocks these flows: the kernel drops their " \
	"packets, clear or protected. For BYPASS-OR-PROTECT remove that " \
	"policy, or give an optional inbound policy ('level use') a better " \
	"priority; see ipsec-latchctl(8), section BYPASS-OR-PROTECT."
#define DEFAULT_TEXT \
	"the default inbound action is block and no inbound policy lets " \
	"clear packets of these flows in: clear first packets are dropped " \
	"by the kernel, so these flows can only be protected. For " \
	"BYPASS-OR-PROTECT add an optional inbound policy ('level use') for " \
	"them, or an allow policy without templates; see ipsec-latchctl(8), " \
	"section BYPASS-OR-PROTECT."

static void test_finding_text(void **state)
{
	const struct pol_spec specs[] = {
		NFS_IN(1000, REQUIRED),
		{ .dir = IN, .action = BLOCK, .priority = 5000,
		  .af = AF_INET, .proto = IPPROTO_TCP },
	};
	const struct ipl_tmpl t = listener(AF_INET, "192.0.2.2", 2049);
	struct spd_fixture x;
	char buf[IPL_SPD_TEXT_LEN];
	int which[MAX_POLICIES + 1];
	struct ipl_spd_policy longest = { 0 };
	struct ipl_spd_finding fd = { IPL_SPD_REQUIRES, &longest };

	(void)state;
	spd_make(&x, specs, 2, XFRM_USERPOLICY_BLOCK);
	assert_int_equal(check(&x, &t, which), 3);
	assert_string_equal(ipl_spd_finding_text(&x.f[0], buf), REQUIRES_TEXT);
	assert_string_equal(ipl_spd_finding_text(&x.f[1], buf), BLOCKS_TEXT);
	assert_string_equal(ipl_spd_finding_text(&x.f[2], buf), DEFAULT_TEXT);

	/* the longest selector still fits */
	longest.family = AF_INET6;
	assert_int_equal(ipl_addr_parse("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255",
					&longest.saddr), 0);
	longest.daddr = longest.saddr;
	longest.plen_s = longest.plen_d = 128;
	longest.proto = 255;
	longest.sport = longest.dport = 65535;
	longest.sport_mask = longest.dport_mask = 0xfff0;
	longest.ifindex = -2147483647 - 1;
	longest.priority = UINT32_MAX;
	ipl_spd_finding_text(&fd, buf);
	assert_non_null(strstr(buf, " ifindex -2147483648 (priority 4294967295) requires IPsec"));
	assert_non_null(strstr(buf, "section BYPASS-OR-PROTECT."));
}

static void test_print(void **state)
{
	const struct pol_spec specs[] = {
		NFS_IN(1000, REQUIRED),
		{ .dir = IN, .action = BLOCK, .priority = 5000,
		  .af = AF_INET, .proto = IPPROTO_TCP },
	};
	const struct ipl_tmpl t = listener(AF_INET, "192.0.2.2", 2049);
	struct ipl_spd_result r[2];
	struct spd_fixture x;
	struct capture c;

	(void)state;
	spd_make(&x, specs, 2, XFRM_USERPOLICY_ACCEPT);
	r[0].id = 3;
	r[0].v = x.f;
	r[0].n = ipl_spd_check(&x.spd, &t, x.f, MAX_POLICIES + 1);
	r[1].id = 4;
	r[1].v = NULL;
	r[1].n = 0;

	assert_int_equal(ipl_spd_print(capture_open(&c), false, r, 2), 0);
	capture_check(&c,
		      "template 3: " REQUIRES_TEXT "\n"
		      "template 3: " BLOCKS_TEXT "\n"
		      "template 4: ok\n");
	assert_int_equal(ipl_spd_print(capture_open(&c), true, r, 2), 0);
	capture_check(&c,
		      "[{\"id\":3,\"ok\":false,\"warnings\":[\"" REQUIRES_TEXT
		      "\",\"" BLOCKS_TEXT "\"]},"
		      "{\"id\":4,\"ok\":true,\"warnings\":[]}]\n");

	/* nothing to check */
	assert_int_equal(ipl_spd_print(capture_open(&c), false, r, 0), 0);
	capture_check(&c, "");
	assert_int_equal(ipl_spd_print(capture_open(&c), true, r, 0), 0);
	capture_check(&c, "[]\n");
}

/* "template check" exits with 4 when it has something to say, else 0. */
static void test_check_exit(void **state)
{
	struct ipl_spd_finding f = { IPL_SPD_REQUIRES, NULL };
	struct ipl_spd_result r[2] = {
		{ .id = 1, .v = NULL, .n = 0 },
		{ .id = 2, .v = &f, .n = 1 },
	};

	(void)state;
	/* the exit statuses the man page documents */
	assert_int_equal(IPL_EXIT_OK, 0);
	assert_int_equal(IPL_EXIT_FAIL, 1);
	assert_int_equal(IPL_EXIT_USAGE, 2);
	assert_int_equal(IPL_EXIT_NOT_LATCHED, 3);
	assert_int_equal(IPL_EXIT_WARNINGS, 4);

	assert_int_equal(ipl_spd_check_exit(r, 0), IPL_EXIT_OK);
	assert_int_equal(ipl_spd_check_exit(r, 1), IPL_EXIT_OK);
	assert_int_equal(ipl_spd_check_exit(r, 2), IPL_EXIT_WARNINGS);
	assert_int_equal(ipl_spd_check_exit(r + 1, 1), IPL_EXIT_WARNINGS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_unaligned),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_any_local),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_shadowing),
		cmocka_unit_test(test_shadowing_any_local),
		cmocka_unit_test(test_several),
		cmocka_unit_test(test_default_block),
		cmocka_unit_test(test_connector_ties),
		cmocka_unit_test(test_wants_check),
		cmocka_unit_test(test_selector_text),
		cmocka_unit_test(test_finding_text),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_check_exit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
