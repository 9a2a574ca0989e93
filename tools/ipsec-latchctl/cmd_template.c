// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "template [list]", "template add", "template replace",
 * "template del" and "template flush".
 *
 * add and replace are idempotent: a template that is there already as
 * asked is left alone, so that a batch file can be applied again and
 * change nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include <linux/ipsec_latch.h>

#include "args.h"
#include "cmds.h"
#include "dump.h"
#include "nl.h"
#include "request.h"
#include "template.h"
#include "util.h"

/* a listener on any address: one template per family */
static const uint8_t families[] = { AF_INET, AF_INET6 };

static int tmpl_parse(const struct nlmsghdr *nlh, void *elem)
{
	return ipl_tmpl_msg_parse(nlh, elem);
}

static int tmpl_put(struct nlmsghdr *nlh, size_t size, const void *t)
{
	return ipl_tmpl_put(nlh, size, t);
}

int ipl_tmpl_fetch(struct ipl_tmpl **v, size_t *n)
{
	struct ipl_dump d = {
		.elem = sizeof(struct ipl_tmpl),
		.parse = tmpl_parse,
		.what = "templates",
	};

	*v = NULL;
	*n = 0;
	if (ipl_dump_fetch(IPSEC_LATCH_CMD_GET_TEMPLATES, NULL, NULL,
			   &d) < 0) {
		free(d.v);
		return -1;
	}
	*v = d.v;
	*n = d.n;
	return 0;
}

int cmd_template_list(const struct ipl_args *a)
{
	struct ipl_tmpl *v;
	size_t n;
	int ret;

	if (ipl_tmpl_fetch(&v, &n) < 0)
		return IPL_EXIT_FAIL;
	ret = ipl_tmpl_print(stdout, a->json, v, n);
	free(v);
	return ret < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}

/* The templates t stands for: itself, or one per family; how many. */
static size_t per_family(const struct ipl_tmpl *t,
			 struct ipl_tmpl out[ARRAY_SIZE(families)])
{
	size_t i;

	if (ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_FAMILY)) {
		out[0] = *t;
		return 1;
	}
	for (i = 0; i < ARRAY_SIZE(families); i++) {
		out[i] = *t;
		out[i].family = families[i];
		ipl_tmpl_set(&out[i], IPSEC_LATCH_TMPL_A_FAMILY);
	}
	return i;
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

/* Add one template; its ID into *id. 0, or -1 (reported). */
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
		ipl_nl_perror_reply(nl, "reply to the template");
		return -1;
	}
	if (!*id) {
		ipl_err("the kernel added the template but did not say its ID (see 'template list')");
		return -1;
	}
	return 0;
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

/* What add and replace do with each template asked for. */
struct tmpl_plan {
	size_t n;				/* templates asked for */
	struct ipl_tmpl want[ARRAY_SIZE(families)];
	enum ipl_tmpl_cmp cmp[ARRAY_SIZE(families)];
	uint32_t old[ARRAY_SIZE(families)];	/* the one with its selector */
};

/* Compare what a asks for with the templates there; 0, or -1 (reported). */
static int plan(const struct ipl_args *a, struct tmpl_plan *p)
{
	struct ipl_tmpl *v;
	size_t i, at, n;

	if (ipl_tmpl_fetch(&v, &n) < 0)
		return -1;
	p->n = per_family(&a->template.t, p->want);
	for (i = 0; i < p->n; i++) {
		at = 0;
		p->cmp[i] = ipl_tmpl_find(&p->want[i], v, n, &at);
		p->old[i] = p->cmp[i] == IPL_TMPL_OTHER ? 0 : v[at].id;
	}
	free(v);
	return 0;
}

/*
 * Add the templates of p that are not there; replace: first delete those
 * with their selector but another action or fallback (the module refuses
 * two of one selector: a flow that starts between the two requests is
 * latched by neither). The templates added go into ids and added, their
 * count into *n_ids.
 */
static int apply(const struct tmpl_plan *p, bool replace, uint32_t *ids,
		 struct ipl_tmpl *added, size_t *n_ids)
{
	uint32_t gone[ARRAY_SIZE(families)];	/* deleted to be replaced */
	size_t i, n = 0, n_gone = 0;
	struct ipl_nl nl;
	int ret = 0;

	if (ipl_nl_open(&nl) < 0)
		return -1;
	for (i = 0; i < p->n && !ret; i++) {
		if (!replace || p->cmp[i] != IPL_TMPL_CONFLICT)
			continue;
		ret = del_one(&nl, p->old[i], false);
		if (!ret)
			gone[n_gone++] = p->old[i];
	}
	for (i = 0; i < p->n && !ret; i++) {
		if (p->cmp[i] == IPL_TMPL_SAME)
			continue;
		ret = add_one(&nl, &p->want[i], &ids[n]);
		if (ret < 0)
			break;
		added[n] = p->want[i];
		added[n].id = ids[n];
		ipl_tmpl_set(&added[n], IPSEC_LATCH_TMPL_A_ID);
		n++;
	}
	/* all or nothing, as far as the kernel lets us */
	if (ret < 0) {
		while (n--)
			if (del_one(&nl, ids[n], true) < 0)
				ipl_warn("template %u stays: delete it with 'template del %u'",
					 ids[n], ids[n]);
		for (i = 0; i < n_gone; i++)
			ipl_warn("template %u was deleted and not replaced: see 'template list'",
				 gone[i]);
	}
	ipl_nl_close(&nl);
	*n_ids = ret < 0 ? 0 : n;
	return ret;
}

/* A template with the selector asked for but not as asked: refuse. */
static int conflicts(const struct tmpl_plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		if (p->cmp[i] != IPL_TMPL_CONFLICT)
			continue;
		ipl_err("template %u has this selector with another action or fallback: to change it, run 'template replace' with the same arguments",
			p->old[i]);
		return -1;
	}
	return 0;
}

static int add_or_replace(const struct ipl_args *a, bool replace)
{
	struct ipl_tmpl added[ARRAY_SIZE(families)];
	uint32_t ids[ARRAY_SIZE(families)];
	struct tmpl_plan p;
	size_t n;

	if (plan(a, &p) < 0 || (!replace && conflicts(&p) < 0) ||
	    apply(&p, replace, ids, added, &n) < 0)
		return IPL_EXIT_FAIL;
	if (ipl_tmpl_print_added(stdout, ids, n, a->json) < 0)
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

/* del KIND SELECTOR...: each template with that selector, any action. */
static int del_by_selector(const struct ipl_args *a)
{
	struct tmpl_plan p;
	struct ipl_nl nl;
	size_t i, found = 0;
	int ret = IPL_EXIT_OK;

	if (plan(a, &p) < 0)
		return IPL_EXIT_FAIL;
	for (i = 0; i < p.n; i++)
		found += p.cmp[i] != IPL_TMPL_OTHER;
	if (!found) {
		ipl_err("no template with this selector in this network namespace (see 'template list')");
		return IPL_EXIT_FAIL;
	}
	if (ipl_nl_open(&nl) < 0)
		return IPL_EXIT_FAIL;
	for (i = 0; i < p.n && !ret; i++)
		if (p.cmp[i] != IPL_TMPL_OTHER &&
		    del_one(&nl, p.old[i], false) < 0)
			ret = IPL_EXIT_FAIL;
	ipl_nl_close(&nl);
	return ret;
}

int cmd_template_del(const struct ipl_args *a)
{
	struct ipl_tmpl t = { .id = a->template.id };
	char enoent[96];

	if (!a->template.id)
		return del_by_selector(a);
	ipl_tmpl_set(&t, IPSEC_LATCH_TMPL_A_ID);
	snprintf(enoent, sizeof(enoent),
		 "no template %u in this network namespace (see 'template list')",
		 a->template.id);
	return ipl_request_run(IPSEC_LATCH_CMD_TEMPLATE_DEL, tmpl_put, &t,
			       enoent);
}

int cmd_template_flush(const struct ipl_args *a)
{
	(void)a;
	return ipl_request_run(IPSEC_LATCH_CMD_TEMPLATE_FLUSH, NULL, NULL,
			       NULL);
}
