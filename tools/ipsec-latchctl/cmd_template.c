// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "template [list]", "template add", "template del",
 * "template flush" and "template check".
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
#include "spd.h"
#include "template.h"
#include "util.h"

static int tmpl_parse(const struct nlmsghdr *nlh, void *elem)
{
	return ipl_tmpl_msg_parse(nlh, elem);
}

static int tmpl_put(struct nlmsghdr *nlh, size_t size, const void *t)
{
	return ipl_tmpl_put(nlh, size, t);
}

int cmd_template_list(const struct ipl_args *a)
{
	struct ipl_dump d = {
		.elem = sizeof(struct ipl_tmpl),
		.parse = tmpl_parse,
		.what = "templates",
	};
	int ret;

	ret = ipl_dump_fetch(IPSEC_LATCH_CMD_GET_TEMPLATES, NULL, NULL, &d);
	if (!ret)
		ret = a->json ? ipl_tmpl_print_json(stdout, d.v, d.n) :
				ipl_tmpl_print_text(stdout, d.v, d.n);
	free(d.v);
	return ret < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
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

/* Best effort: undo a template added by this command. */
static void del_quietly(struct ipl_nl *nl, uint32_t id)
{
	struct ipl_tmpl t = { .id = id };
	struct nlmsghdr *nlh;

	ipl_tmpl_set(&t, IPSEC_LATCH_TMPL_A_ID);
	nlh = ipl_nl_req(nl, IPSEC_LATCH_CMD_TEMPLATE_DEL, 0);
	if (ipl_tmpl_put(nlh, IPL_NL_SBUF_SIZE, &t) < 0 ||
	    ipl_nl_talk(nl, nlh, NULL, NULL) < 0)
		ipl_warn("template %u stays: delete it with 'template del %u'",
			 id, id);
}

/*
 * Check the n templates v against spd, into r (n results), whose
 * findings go into the array returned (to be freed); NULL if out of
 * memory (reported).
 */
static struct ipl_spd_finding *check_templates(const struct ipl_spd *spd,
					       const struct ipl_tmpl *v,
					       size_t n,
					       struct ipl_spd_result *r)
{
	size_t i, per = spd->n + 1;	/* the most one template can get */
	struct ipl_spd_finding *f;

	f = calloc(n ? n : 1, per * sizeof(*f));
	if (!f) {
		ipl_err("out of memory");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		r[i].id = v[i].id;
		r[i].v = f + i * per;
		r[i].n = ipl_spd_check(spd, &v[i], f + i * per, per);
	}
	return f;
}

/*
 * After adding the n BYPASS-OR-PROTECT templates v (or, @who set, turning
 * on transparent bypass-or-protect): warn about each policy that makes
 * the kernel drop the clear first packets of their flows, or keeps a flow
 * that falls back from leaving clear. Never fails the command.
 */
static void warn_spd(const struct ipl_tmpl *v, size_t n, const char *who)
{
	struct ipl_spd_result r[2];
	char buf[IPL_SPD_TEXT_LEN];
	struct ipl_spd_finding *f;
	struct ipl_spd spd;
	size_t i, j;

	if (!n || n > ARRAY_SIZE(r) || !ipl_spd_wants_check(&v[0]))
		return;
	if (ipl_spd_fetch(&spd, buf, sizeof(buf)) < 0) {
		ipl_warn("the SPD check of bypass-or-protect was skipped: %s; run 'template check' when it can be read",
			 buf);
		return;
	}
	f = check_templates(&spd, v, n, r);
	for (i = 0; f && i < n; i++)
		for (j = 0; j < r[i].n; j++) {
			ipl_spd_finding_text(&r[i].v[j], buf);
			if (who)
				ipl_warn("%s: %s", who, buf);
			else
				ipl_warn("template %u: %s", r[i].id, buf);
		}
	free(f);
	free(spd.v);
}

/*
 * Transparent bypass-or-protect: any flow may fall back, so any outbound
 * IPsec policy of priority 0 ties with its BYPASS entries. Checked as a
 * connector to anywhere, per family.
 */
void ipl_warn_spd_transparent(void)
{
	static const uint8_t families[] = { AF_INET, AF_INET6 };
	struct ipl_tmpl v[ARRAY_SIZE(families)] = { 0 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(families); i++) {
		v[i].kind = IPSEC_LATCH_TMPL_CONNECTOR;
		v[i].family = families[i];
		v[i].action = IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT;
		ipl_tmpl_set(&v[i], IPSEC_LATCH_TMPL_A_KIND);
		ipl_tmpl_set(&v[i], IPSEC_LATCH_TMPL_A_FAMILY);
		ipl_tmpl_set(&v[i], IPSEC_LATCH_TMPL_A_ACTION);
	}
	warn_spd(v, ARRAY_SIZE(v), "transparent bypass-or-protect");
}

/*
 * A listener on any local address is one template per family: both are
 * added, or (as far as the kernel lets us) neither.
 */
int cmd_template_add(const struct ipl_args *a)
{
	static const uint8_t families[] = { AF_INET, AF_INET6 };
	struct ipl_tmpl t = a->template_add;
	struct ipl_tmpl added[ARRAY_SIZE(families)];
	uint32_t ids[ARRAY_SIZE(families)];
	bool per_family;
	struct ipl_nl nl;
	size_t i, n = 0;
	int ret = 0;

	per_family = !ipl_tmpl_has(&t, IPSEC_LATCH_TMPL_A_FAMILY);
	if (ipl_nl_open(&nl) < 0)
		return IPL_EXIT_FAIL;
	for (i = 0; i < (per_family ? ARRAY_SIZE(families) : 1); i++) {
		if (per_family) {
			t.family = families[i];
			ipl_tmpl_set(&t, IPSEC_LATCH_TMPL_A_FAMILY);
		}
		ret = add_one(&nl, &t, &ids[n]);
		if (ret < 0)
			break;
		added[n] = t;
		added[n].id = ids[n];
		ipl_tmpl_set(&added[n], IPSEC_LATCH_TMPL_A_ID);
		n++;
	}
	if (ret < 0)
		while (n)
			del_quietly(&nl, ids[--n]);
	ipl_nl_close(&nl);
	if (ret < 0)
		return IPL_EXIT_FAIL;
	if (ipl_tmpl_print_added(stdout, ids, n, a->json) < 0)
		return IPL_EXIT_FAIL;
	warn_spd(added, n, NULL);
	return IPL_EXIT_OK;
}

/*
 * Exit status 0 if every BYPASS-OR-PROTECT listener is fine (or there
 * is none), 1 if one is not or the check could not be done.
 */
int cmd_template_check(const struct ipl_args *a)
{
	struct ipl_dump d = {
		.elem = sizeof(struct ipl_tmpl),
		.parse = tmpl_parse,
		.what = "templates",
	};
	struct ipl_spd_result *r = NULL;
	struct ipl_spd_finding *f = NULL;
	struct ipl_spd spd = { 0 };
	char why[IPL_SPD_TEXT_LEN];
	int ret = IPL_EXIT_FAIL;
	struct ipl_tmpl *v;
	size_t i, n = 0;

	if (ipl_dump_fetch(IPSEC_LATCH_CMD_GET_TEMPLATES, NULL, NULL,
			   &d) < 0)
		goto out;
	v = d.v;
	for (i = 0; i < d.n; i++)
		if (ipl_spd_wants_check(&v[i]))
			v[n++] = v[i];
	/* nothing to check: no need to read the SPD */
	if (n && ipl_spd_fetch(&spd, why, sizeof(why)) < 0) {
		ipl_err("cannot check the templates against the SPD: %s", why);
		goto out;
	}
	r = calloc(n ? n : 1, sizeof(*r));
	if (!r) {
		ipl_err("out of memory");
		goto out;
	}
	f = check_templates(&spd, v, n, r);
	if (!f)
		goto out;
	if ((a->json ? ipl_spd_print_json(stdout, r, n) :
		       ipl_spd_print_text(stdout, r, n)) < 0)
		goto out;
	ret = IPL_EXIT_OK;
	for (i = 0; i < n; i++)
		if (r[i].n)
			ret = IPL_EXIT_FAIL;	/* something to warn about */
out:
	free(f);
	free(r);
	free(spd.v);
	free(d.v);
	return ret;
}

int cmd_template_del(const struct ipl_args *a)
{
	struct ipl_tmpl t = { .id = a->template_del.id };
	char enoent[96];

	ipl_tmpl_set(&t, IPSEC_LATCH_TMPL_A_ID);
	snprintf(enoent, sizeof(enoent),
		 "no template %u in this network namespace (see 'template list')",
		 a->template_del.id);
	return ipl_request_run(IPSEC_LATCH_CMD_TEMPLATE_DEL, tmpl_put, &t,
			       enoent);
}

int cmd_template_flush(const struct ipl_args *a)
{
	(void)a;
	return ipl_request_run(IPSEC_LATCH_CMD_TEMPLATE_FLUSH, NULL, NULL,
			       NULL);
}
