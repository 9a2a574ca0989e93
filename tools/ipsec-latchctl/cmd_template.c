// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "template [list]", "template del" and "template flush";
 * add and replace are cmd_template_add.c's, check cmd_template_check.c's.
 */
#include <stdio.h>
#include <stdlib.h>

#include <linux/ipsec_latch.h>

#include "args.h"
#include "cmds.h"
#include "dump.h"
#include "request.h"
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

/* Delete template id; an enum ipl_exit value. */
static int del_id(uint32_t id)
{
	struct ipl_tmpl t = { .id = id };
	char enoent[96];

	ipl_tmpl_set(&t, IPSEC_LATCH_TMPL_A_ID);
	snprintf(enoent, sizeof(enoent),
		 "no template %u in this network namespace (see 'template list')",
		 id);
	return ipl_request_run(IPSEC_LATCH_CMD_TEMPLATE_DEL, tmpl_put, &t,
			       enoent);
}

/* del KIND SELECTOR...: each template with that selector, any action. */
static int del_by_selector(const struct ipl_args *a)
{
	struct ipl_tmpl want[IPL_TMPL_FAMILIES], *v;
	uint32_t ids[IPL_TMPL_FAMILIES];
	size_t i, at, n, n_want, found = 0;
	int ret = IPL_EXIT_OK;

	if (ipl_tmpl_fetch(&v, &n) < 0)
		return IPL_EXIT_FAIL;
	n_want = ipl_tmpl_per_family(&a->template.t, want);
	for (i = 0; i < n_want; i++) {
		at = 0;
		if (ipl_tmpl_find(&want[i], v, n, &at) != IPL_TMPL_OTHER)
			ids[found++] = v[at].id;
	}
	free(v);
	if (!found) {
		ipl_err("no template with this selector in this network namespace (see 'template list')");
		return IPL_EXIT_FAIL;
	}
	for (i = 0; i < found && !ret; i++)
		ret = del_id(ids[i]);
	return ret;
}

int cmd_template_del(const struct ipl_args *a)
{
	if (!a->template.id)
		return del_by_selector(a);
	return del_id(a->template.id);
}

int cmd_template_flush(const struct ipl_args *a)
{
	(void)a;
	return ipl_request_run(IPSEC_LATCH_CMD_TEMPLATE_FLUSH, NULL, NULL,
			       NULL);
}
