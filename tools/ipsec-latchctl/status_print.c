// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: render a parsed GET_STATUS reply as text or JSON.
 */
#include <inttypes.h>
#include <stdio.h>

#include <linux/ipsec_latch.h>

#include "json.h"
#include "names.h"
#include "status.h"
#include "util.h"

typedef const char *(*ipl_label_fn)(unsigned int type, char *buf,
				    size_t len);

/* Which items to show; NULL: all. */
typedef bool (*ipl_filter_fn)(unsigned int type);

/* Value of a param that is a name rather than a number, else NULL. */
static const char *param_value_name(const struct ipl_item *it, char *buf,
				    size_t len)
{
	if (it->type == IPSEC_LATCH_PARAM_MODE)
		return ipl_mode_label(it->value, buf, len);
	return NULL;
}

struct ipl_items {
	const struct ipl_item *v;
	unsigned int n;
	ipl_label_fn label;
	/* NULL: all values are numbers */
	const char *(*value_name)(const struct ipl_item *it, char *buf,
				  size_t len);
	ipl_filter_fn filter;
};

static struct ipl_items params_of(const struct ipl_status *st)
{
	return (struct ipl_items){ st->params, st->n_params, ipl_param_label,
				   param_value_name, NULL };
}

static struct ipl_items counters_of(const struct ipl_status *st,
				    ipl_filter_fn filter)
{
	return (struct ipl_items){ st->counters, st->n_counters,
				   ipl_counter_label, NULL, filter };
}

/* Module-wide, sent to an administrator of the machine only (n = 0). */
static struct ipl_items hook_calls_of(const struct ipl_status *st)
{
	return (struct ipl_items){ st->hook_calls, st->n_hook_calls,
				   ipl_hook_label, NULL, NULL };
}

static struct ipl_items hook_missed_of(const struct ipl_status *st)
{
	return (struct ipl_items){ st->hook_missed, st->n_hook_missed,
				   ipl_hook_label, NULL, NULL };
}

static void print_items_text(FILE *f, const struct ipl_items *items)
{
	char buf[IPL_LABEL_LEN], vbuf[IPL_LABEL_LEN];
	const struct ipl_item *it;
	unsigned int i, shown = 0;
	const char *vname;

	for (i = 0; i < items->n; i++) {
		it = &items->v[i];
		if (items->filter && !items->filter(it->type))
			continue;
		shown++;
		fprintf(f, "  %s: ", items->label(it->type, buf, sizeof(buf)));
		vname = items->value_name ?
			items->value_name(it, vbuf, sizeof(vbuf)) : NULL;
		if (vname)
			fprintf(f, "%s\n", vname);
		else
			fprintf(f, "%" PRIu64 "\n", it->value);
	}
	if (!shown)
		fputs("  (none)\n", f);
}

static void print_mode_text(FILE *f, const struct ipl_status *st)
{
	char buf[IPL_LABEL_LEN];

	if (st->has_mode)
		fprintf(f, "mode (this netns): %s\n",
			ipl_mode_label(st->mode, buf, sizeof(buf)));
}

/* The fallback of transparent mode, if it has one (bypass-or-protect). */
static bool transparent_fallback(const struct ipl_status *st, uint64_t *ms)
{
	if (!st->has_transparent || !st->has_fallback_ms ||
	    st->transparent != IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT)
		return false;
	*ms = st->fallback_ms;
	return true;
}

/* transparent, latches, latch memory: those the module sent */
static void print_latch_text(FILE *f, const struct ipl_status *st)
{
	char buf[IPL_LABEL_LEN];
	uint64_t ms;

	if (st->has_transparent) {
		fprintf(f, "transparent: %s",
			ipl_transparent_label(st->transparent, buf,
					      sizeof(buf)));
		if (transparent_fallback(st, &ms))
			fprintf(f, " (fallback %" PRIu64 "ms)", ms);
		fputc('\n', f);
	}
	if (st->has_latch_count)
		fprintf(f, "latches: %" PRIu64 "\n", st->latch_count);
	if (st->has_latch_bytes)
		fprintf(f, "latch memory: %" PRIu64 " bytes each\n",
			st->latch_bytes);
}

static void print_hooks_text(FILE *f, const struct ipl_status *st)
{
	struct ipl_items calls = hook_calls_of(st);
	struct ipl_items missed = hook_missed_of(st);

	if (calls.n) {
		fputs("hook calls (all netns):\n", f);
		print_items_text(f, &calls);
	}
	if (missed.n) {
		fputs("hook misses (all netns; the kernel acted as stock):\n",
		      f);
		print_items_text(f, &missed);
	}
}

int ipl_status_print_text(FILE *f, const struct ipl_status *st)
{
	struct ipl_items params = params_of(st);
	struct ipl_items counters = counters_of(st, NULL);

	fprintf(f, "module: %s %s\n", IPL_MODULE,
		st->has_version ? st->version : "(version unknown)");
	fputs("parameters:\n", f);
	print_items_text(f, &params);
	print_mode_text(f, st);
	print_latch_text(f, st);
	fputs("counters (this netns):\n", f);
	print_items_text(f, &counters);
	print_hooks_text(f, st);
	return ferror(f) ? -1 : 0;
}

int ipl_status_print_res_text(FILE *f, const struct ipl_status *st)
{
	struct ipl_items counters = counters_of(st, ipl_counter_is_resolution);

	print_mode_text(f, st);
	fputs("counters (this netns):\n", f);
	print_items_text(f, &counters);
	return ferror(f) ? -1 : 0;
}

int ipl_status_print_latch_text(FILE *f, const struct ipl_status *st)
{
	struct ipl_items counters = counters_of(st, ipl_counter_is_latch);

	print_latch_text(f, st);
	fputs("counters (this netns):\n", f);
	print_items_text(f, &counters);
	return ferror(f) ? -1 : 0;
}

static void print_items_json(struct jsonw *jw, const char *name,
			     const struct ipl_items *items)
{
	char buf[IPL_LABEL_LEN], vbuf[IPL_LABEL_LEN];
	const struct ipl_item *it;
	const char *vname;
	unsigned int i;

	jsonw_name(jw, name);
	jsonw_start_object(jw);
	for (i = 0; i < items->n; i++) {
		it = &items->v[i];
		if (items->filter && !items->filter(it->type))
			continue;
		jsonw_name(jw, items->label(it->type, buf, sizeof(buf)));
		vname = items->value_name ?
			items->value_name(it, vbuf, sizeof(vbuf)) : NULL;
		if (vname)
			jsonw_string(jw, vname);
		else
			jsonw_u64(jw, it->value);
	}
	jsonw_end_object(jw);
}

static void print_mode_json(struct jsonw *jw, const struct ipl_status *st)
{
	char buf[IPL_LABEL_LEN];

	jsonw_string_field(jw, "mode", st->has_mode ?
			   ipl_mode_label(st->mode, buf, sizeof(buf)) : NULL);
}

/* name: v, or null if !has */
static void json_opt_u64(struct jsonw *jw, const char *name, bool has,
			 uint64_t v)
{
	jsonw_name(jw, name);
	if (has)
		jsonw_u64(jw, v);
	else
		jsonw_null(jw);
}

/*
 * "transparent" (name), "transparent_fallback_ms" (bypass-or-protect's),
 * "latches", "latch_bytes": null if not sent
 */
static void print_latch_json(struct jsonw *jw, const struct ipl_status *st)
{
	char buf[IPL_LABEL_LEN];
	uint64_t ms = 0;
	bool has_ms = transparent_fallback(st, &ms);

	jsonw_string_field(jw, "transparent", st->has_transparent ?
			   ipl_transparent_label(st->transparent, buf,
						 sizeof(buf)) : NULL);
	json_opt_u64(jw, "transparent_fallback_ms", has_ms, ms);
	json_opt_u64(jw, "latches", st->has_latch_count, st->latch_count);
	json_opt_u64(jw, "latch_bytes", st->has_latch_bytes, st->latch_bytes);
}

/* "hook_calls", "hook_missed": null when not sent */
static void print_hooks_json(struct jsonw *jw, const struct ipl_status *st)
{
	struct ipl_items calls = hook_calls_of(st);
	struct ipl_items missed = hook_missed_of(st);

	if (calls.n)
		print_items_json(jw, "hook_calls", &calls);
	else
		json_opt_u64(jw, "hook_calls", false, 0);
	if (missed.n)
		print_items_json(jw, "hook_missed", &missed);
	else
		json_opt_u64(jw, "hook_missed", false, 0);
}

int ipl_status_print_json(FILE *f, const struct ipl_status *st)
{
	struct ipl_items params = params_of(st);
	struct ipl_items counters = counters_of(st, NULL);
	struct jsonw jw;

	jsonw_init(&jw, f);
	jsonw_start_object(&jw);
	jsonw_name(&jw, "module");
	jsonw_start_object(&jw);
	jsonw_string_field(&jw, "name", IPL_MODULE);
	jsonw_string_field(&jw, "version",
			   st->has_version ? st->version : NULL);
	jsonw_end_object(&jw);
	print_items_json(&jw, "parameters", &params);
	print_mode_json(&jw, st);
	print_latch_json(&jw, st);
	print_items_json(&jw, "counters", &counters);
	print_hooks_json(&jw, st);
	jsonw_end_object(&jw);
	return jsonw_finish(&jw);
}

int ipl_status_print_res_json(FILE *f, const struct ipl_status *st)
{
	struct ipl_items counters = counters_of(st, ipl_counter_is_resolution);
	struct jsonw jw;

	jsonw_init(&jw, f);
	jsonw_start_object(&jw);
	print_mode_json(&jw, st);
	print_items_json(&jw, "counters", &counters);
	jsonw_end_object(&jw);
	return jsonw_finish(&jw);
}

int ipl_status_print_latch_json(FILE *f, const struct ipl_status *st)
{
	struct ipl_items counters = counters_of(st, ipl_counter_is_latch);
	struct jsonw jw;

	jsonw_init(&jw, f);
	jsonw_start_object(&jw);
	print_latch_json(&jw, st);
	print_items_json(&jw, "counters", &counters);
	jsonw_end_object(&jw);
	return jsonw_finish(&jw);
}
