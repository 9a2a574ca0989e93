// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: render a parsed GET_STATUS reply as text or JSON.
 */
#include <inttypes.h>
#include <stdio.h>

#include "json.h"
#include "names.h"
#include "status.h"
#include "util.h"

typedef const char *(*ipl_label_fn)(unsigned int type, char *buf,
				    size_t len);

static void print_items_text(FILE *f, const struct ipl_item *items,
			     unsigned int n, ipl_label_fn label)
{
	char buf[IPL_LABEL_LEN];
	unsigned int i;

	if (!n)
		fputs("  (none)\n", f);
	for (i = 0; i < n; i++)
		fprintf(f, "  %s: %" PRIu64 "\n",
			label(items[i].type, buf, sizeof(buf)), items[i].value);
}

int ipl_status_print_text(FILE *f, const struct ipl_status *st)
{
	fprintf(f, "module: %s %s\n", IPL_MODULE,
		st->has_version ? st->version : "(version unknown)");
	fputs("parameters:\n", f);
	print_items_text(f, st->params, st->n_params, ipl_param_label);
	fputs("counters (this netns):\n", f);
	print_items_text(f, st->counters, st->n_counters, ipl_counter_label);
	return ferror(f) ? -1 : 0;
}

static void print_items_json(struct jsonw *jw, const char *name,
			     const struct ipl_item *items, unsigned int n,
			     ipl_label_fn label)
{
	char buf[IPL_LABEL_LEN];
	unsigned int i;

	jsonw_name(jw, name);
	jsonw_start_object(jw);
	for (i = 0; i < n; i++)
		jsonw_u64_field(jw, label(items[i].type, buf, sizeof(buf)),
				items[i].value);
	jsonw_end_object(jw);
}

int ipl_status_print_json(FILE *f, const struct ipl_status *st)
{
	struct jsonw jw;

	jsonw_init(&jw, f);
	jsonw_start_object(&jw);
	jsonw_name(&jw, "module");
	jsonw_start_object(&jw);
	jsonw_string_field(&jw, "name", IPL_MODULE);
	jsonw_string_field(&jw, "version",
			   st->has_version ? st->version : NULL);
	jsonw_end_object(&jw);
	print_items_json(&jw, "parameters", st->params, st->n_params,
			 ipl_param_label);
	print_items_json(&jw, "counters", st->counters, st->n_counters,
			 ipl_counter_label);
	jsonw_end_object(&jw);
	return jsonw_finish(&jw);
}
