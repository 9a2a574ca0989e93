// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "template add" and "template replace".
 *
 * Both are idempotent: a template that is there already as asked is left
 * alone and said to exist, so that a batch file can be applied again and
 * change nothing; so is one that another process added meanwhile (the
 * kernel refuses ours with EEXIST).
 *
 * replace deletes the template with the selector asked for but another
 * action or fallback just before it adds its replacement: the module
 * keeps one template per selector (a flow that starts between the two
 * requests is latched by neither). Both change every template asked for
 * (one per family for a listener on any address) or none: when a request
 * fails, what the command did is undone, and a template that replace
 * deleted is added again as the dump described it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/ipsec_latch.h>

#include "args.h"
#include "cmds.h"
#include "nl.h"
#include "template.h"
#include "util.h"

/* One template asked for: what is there, and what became of it. */
struct tmpl_step {
	struct ipl_tmpl want;
	enum ipl_tmpl_cmp cmp;
	struct ipl_tmpl old;		/* the one with its selector, if any */
	bool deleted;			/* old, by replace */
	struct ipl_tmpl_result res;	/* res.added: want, by this command */
};

struct tmpl_plan {
	size_t n;
	struct tmpl_step s[IPL_TMPL_FAMILIES];
};

/* Compare what a asks for with the templates there; 0, or -1 (reported). */
static int plan(const struct ipl_args *a, struct tmpl_plan *p)
{
	struct ipl_tmpl want[IPL_TMPL_FAMILIES], *v;
	size_t i, at, n;

	if (ipl_tmpl_fetch(&v, &n) < 0)
		return -1;
	memset(p, 0, sizeof(*p));
	p->n = ipl_tmpl_per_family(&a->template.t, want);
	for (i = 0; i < p->n; i++) {
		at = 0;
		p->s[i].want = want[i];
		p->s[i].cmp = ipl_tmpl_find(&want[i], v, n, &at);
		if (p->s[i].cmp != IPL_TMPL_OTHER)
			p->s[i].old = v[at];
	}
	free(v);
	return 0;
}

static void say_conflict(uint64_t id)
{
	ipl_err("template %" PRIu64 " has this selector with another action or fallback: to change it, run 'template replace' with the same arguments",
		id);
}

/* add: a template with the selector asked for but not as asked; -1. */
static int conflicts(const struct tmpl_plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		if (p->s[i].cmp != IPL_TMPL_CONFLICT)
			continue;
		say_conflict(p->s[i].old.id);
		return -1;
	}
	return 0;
}

/* The TEMPLATE_ADD reply: the template with the ID it was given. */
static int added_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ipl_tmpl t;

	if (ipl_tmpl_msg_parse(nlh, &t) < 0)
		return MNL_CB_ERROR;
	if (!ipl_tmpl_has(&t, IPSEC_LATCH_TMPL_A_ID) || !t.id ||
	    t.id > UINT32_MAX) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	*(uint32_t *)data = t.id;
	return MNL_CB_OK;
}

/*
 * Add one template; its ID into *id. 0; 1 if the kernel says one with
 * its selector exists (EEXIST, not reported); or -1 (reported).
 */
static int add_one(struct ipl_nl *nl, const struct ipl_tmpl *t, uint32_t *id)
{
	struct nlmsghdr *nlh;

	*id = 0;
	nlh = ipl_nl_req(nl, IPSEC_LATCH_CMD_TEMPLATE_ADD, 0);
	if (ipl_tmpl_put(nlh, IPL_NL_SBUF_SIZE, t) < 0) {
		ipl_err("request too long");
		return -1;
	}
	if (ipl_nl_talk(nl, nlh, added_cb, id) < 0) {
		if (nl->kernel_err && nl->err == EEXIST)
			return 1;
		ipl_nl_perror_reply(nl, "reply to the template");
		return -1;
	}
	if (!*id) {
		ipl_err("the kernel added the template but did not say its ID (see 'template list')");
		return -1;
	}
	return 0;
}

/*
 * The kernel refused t with EEXIST: another process added a template with
 * its selector since plan() looked. If it is identical, that is as good:
 * its ID into *id, 0. Else -1 (reported).
 */
static int added_meanwhile(const struct ipl_nl *nl, const struct ipl_tmpl *t,
			   uint32_t *id)
{
	enum ipl_tmpl_cmp cmp;
	struct ipl_tmpl *v;
	size_t n, at = 0;

	if (ipl_tmpl_fetch(&v, &n) < 0)
		return -1;
	cmp = ipl_tmpl_find(t, v, n, &at);
	if (cmp == IPL_TMPL_SAME)
		*id = v[at].id;
	else if (cmp == IPL_TMPL_CONFLICT)
		say_conflict(v[at].id);
	else
		ipl_nl_perror(nl);	/* and gone again: say what it said */
	free(v);
	return cmp == IPL_TMPL_SAME ? 0 : -1;
}

/* Add t, or find it added meanwhile; into *r. 0, or -1 (reported). */
static int add_or_find(struct ipl_nl *nl, const struct ipl_tmpl *t,
		       struct ipl_tmpl_result *r)
{
	int ret = add_one(nl, t, &r->id);

	r->added = !ret;
	if (ret > 0)
		ret = added_meanwhile(nl, t, &r->id);
	return ret;
}

/* Delete template id; 0, or -1 (reported unless quiet). */
static int del_one(struct ipl_nl *nl, uint32_t id, bool quiet)
{
	struct ipl_tmpl t = { .id = id };
	struct nlmsghdr *nlh;

	ipl_tmpl_set(&t, IPSEC_LATCH_TMPL_A_ID);
	nlh = ipl_nl_req(nl, IPSEC_LATCH_CMD_TEMPLATE_DEL, 0);
	if (ipl_tmpl_put(nlh, IPL_NL_SBUF_SIZE, &t) < 0 ||
	    ipl_nl_talk(nl, nlh, NULL, NULL) < 0) {
		if (!quiet)
			ipl_nl_perror(nl);
		return -1;
	}
	return 0;
}

/* Add old, which replace deleted, again; say how that went. */
static void restore(struct ipl_nl *nl, const struct ipl_tmpl *old)
{
	struct ipl_tmpl_result r;
	struct ipl_tmpl req;
	char args[256];

	ipl_tmpl_request(old, &req);
	if (!add_or_find(nl, &req, &r)) {
		ipl_err("template %" PRIu64 " restored, as template %u: nothing replaced",
			old->id, r.id);
		return;
	}
	ipl_err("template %" PRIu64 " was deleted and could not be restored: add it again with 'template add %s'",
		old->id, ipl_tmpl_args(old, args, sizeof(args)));
}

/* Undo the first n steps, last first; each failure reported. */
static void undo(struct ipl_nl *nl, const struct tmpl_plan *p, size_t n)
{
	const struct tmpl_step *s;

	while (n--) {
		s = &p->s[n];
		if (s->res.added && del_one(nl, s->res.id, true) < 0)
			ipl_err("template %u stays: delete it with 'template del %u'",
				s->res.id, s->res.id);
		if (s->deleted)
			restore(nl, &s->old);
	}
}

/* One template asked for; 0, or -1 (reported, to be undone). */
static int step(struct ipl_nl *nl, struct tmpl_step *s)
{
	if (s->cmp == IPL_TMPL_SAME) {
		s->res.id = s->old.id;
		return 0;
	}
	/* replace (add refused it): the old one goes first */
	if (s->cmp == IPL_TMPL_CONFLICT) {
		if (del_one(nl, s->old.id, false) < 0)
			return -1;
		s->deleted = true;
	}
	return add_or_find(nl, &s->want, &s->res);
}

/* Every step of p, or (undone) none; 0, or -1 (reported). */
static int apply(struct tmpl_plan *p)
{
	struct ipl_nl nl;
	int ret = 0;
	size_t i;

	if (ipl_nl_open(&nl) < 0)
		return -1;
	for (i = 0; i < p->n; i++) {
		ret = step(&nl, &p->s[i]);
		if (ret < 0) {
			undo(&nl, p, i + 1);
			break;
		}
	}
	ipl_nl_close(&nl);
	return ret;
}

static int add_or_replace(const struct ipl_args *a, bool replace)
{
	struct ipl_tmpl_result res[IPL_TMPL_FAMILIES];
	struct ipl_tmpl added[IPL_TMPL_FAMILIES];
	size_t i, n = 0;
	struct tmpl_plan p;

	if (plan(a, &p) < 0 || (!replace && conflicts(&p) < 0) ||
	    apply(&p) < 0)
		return IPL_EXIT_FAIL;
	for (i = 0; i < p.n; i++) {
		res[i] = p.s[i].res;
		if (!res[i].added)
			continue;
		added[n] = p.s[i].want;
		added[n].id = res[i].id;
		ipl_tmpl_set(&added[n++], IPSEC_LATCH_TMPL_A_ID);
	}
	if (ipl_tmpl_print_added(stdout, res, p.n, a->json) < 0)
		return IPL_EXIT_FAIL;
	ipl_warn_spd(added, n, NULL);
	return IPL_EXIT_OK;
}

int cmd_template_add(const struct ipl_args *a)
{
	return add_or_replace(a, false);
}

int cmd_template_replace(const struct ipl_args *a)
{
	return add_or_replace(a, true);
}
