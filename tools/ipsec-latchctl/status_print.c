// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: render a parsed GET_STATUS reply, and the versions, as
 * text or JSON, both by the same code (print.h).
 */
#include <stdio.h>

#include <linux/ipsec_latch.h>

#include "names.h"
#include "print.h"
#include "status.h"
#include "util.h"

typedef const char *(*item_label_fn)(unsigned int type, char *buf,
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
	item_label_fn label;
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

/*
 * A list of items: text "TITLE:" then "  name: value" lines ("(none)" if
 * none is shown), JSON an object of name: value under key.
 */
static void print_items(const struct ipl_out *o, const char *key,
			const char *title, const struct ipl_items *items)
{
	char buf[IPL_LABEL_LEN], vbuf[IPL_LABEL_LEN];
	const struct ipl_item *it;
	unsigned int i, shown = 0;
	const char *label, *vname;

	ipl_out_text(o, title);
	ipl_out_text(o, ":\n");
	ipl_out_open(o, key);
	for (i = 0; i < items->n; i++) {
		it = &items->v[i];
		if (items->filter && !items->filter(it->type))
			continue;
		shown++;
		label = items->label(it->type, buf, sizeof(buf));
		vname = items->value_name ?
			items->value_name(it, vbuf, sizeof(vbuf)) : NULL;
		if (vname)
			ipl_out_item_str(o, label, vname);
		else
			ipl_out_item_u64(o, label, it->value);
	}
	if (!shown)
		ipl_out_text(o, "  (none)\n");
	ipl_out_close(o);
}

/* Items the module sends to some callers only: null (JSON) when absent. */
static void print_items_if_sent(const struct ipl_out *o, const char *key,
				const char *title,
				const struct ipl_items *items)
{
	if (items->n)
		print_items(o, key, title, items);
	else
		ipl_out_u64(o, key, NULL, false, 0, NULL);
}

static void print_mode(const struct ipl_out *o, const struct ipl_status *st)
{
	char buf[IPL_LABEL_LEN];

	ipl_out_str(o, "mode", "mode (this netns): %s\n", st->has_mode ?
		    ipl_mode_label(st->mode, buf, sizeof(buf)) : NULL, NULL);
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

/*
 * transparent (and bypass-or-protect's fallback), socket requests (and how
 * many live), latches, latch memory: text shows those the module sent,
 * JSON has null for the others
 */
static void print_latch(const struct ipl_out *o, const struct ipl_status *st)
{
	char buf[IPL_LABEL_LEN];
	uint64_t ms = 0;
	bool has_ms = transparent_fallback(st, &ms);

	ipl_out_str(o, "transparent", "transparent: %s",
		    st->has_transparent ?
		    ipl_transparent_label(st->transparent, buf, sizeof(buf)) :
		    NULL, NULL);
	ipl_out_u64(o, "transparent_fallback_ms", " (fallback %sms)", has_ms,
		    ms, NULL);
	if (st->has_transparent)
		ipl_out_text(o, "\n");
	ipl_out_bool(o, "sock_requests", "socket requests: %s",
		     st->has_sock_requests, st->sock_requests, "on", "off");
	ipl_out_u64(o, "sock_request_count", " (%s live)",
		    st->has_sock_request_count, st->sock_request_count, NULL);
	if (st->has_sock_requests)
		ipl_out_text(o, "\n");
	ipl_out_u64(o, "latches", "latches: %s\n", st->has_latch_count,
		    st->latch_count, NULL);
	ipl_out_u64(o, "latch_bytes", "latch memory: %s bytes each\n",
		    st->has_latch_bytes, st->latch_bytes, NULL);
}

/* "module: ipsec_latch VERSION" */
static void module_out(const struct ipl_out *o, const struct ipl_status *st)
{
	ipl_out_open(o, "module");
	ipl_out_str(o, "name", "module: %s ", IPL_MODULE, NULL);
	ipl_out_str(o, "version", "%s\n", st->has_version ? st->version : NULL,
		    "(version unknown)");
	ipl_out_close(o);
}

int ipl_version_print(FILE *f, bool json, const struct ipl_status *st)
{
	struct ipl_doc d;
	const struct ipl_out *o = ipl_doc_start(&d, f, json, false);

	ipl_out_open(o, "tool");
	ipl_out_str(o, "name", "%s ", IPL_PROG, NULL);
	ipl_out_str(o, "version", "%s\n", ipl_tool_version, NULL);
	ipl_out_close(o);
	if (st)
		module_out(o, st);
	return ipl_doc_end(&d);
}

int ipl_status_print(FILE *f, bool json, const struct ipl_status *st,
		     enum ipl_status_view view)
{
	static const ipl_filter_fn filters[] = {
		[IPL_STATUS_ALL] = NULL,
		[IPL_STATUS_RESOLUTION] = ipl_counter_is_resolution,
		[IPL_STATUS_LATCHING] = ipl_counter_is_latch,
	};
	struct ipl_items params = params_of(st);
	struct ipl_items counters = counters_of(st, filters[view]);
	struct ipl_items calls = hook_calls_of(st);
	struct ipl_items missed = hook_missed_of(st);
	struct ipl_doc d;
	const struct ipl_out *o = ipl_doc_start(&d, f, json, false);

	if (view == IPL_STATUS_ALL) {
		module_out(o, st);
		print_items(o, "parameters", "parameters", &params);
	}
	if (view != IPL_STATUS_LATCHING)
		print_mode(o, st);
	if (view != IPL_STATUS_RESOLUTION)
		print_latch(o, st);
	print_items(o, "counters", "counters (this netns)", &counters);
	if (view == IPL_STATUS_ALL) {
		/* Module-wide: for an administrator of the machine only. */
		ipl_out_str(o, "hooks", "hooks: %s\n",
			    !st->has_hooks_armed ? NULL :
			    st->hooks_armed ? "armed" : "idle", NULL);
		print_items_if_sent(o, "hook_calls", "hook calls (all netns)",
				    &calls);
		print_items_if_sent(o, "hook_missed",
				    "hook misses (all netns; the kernel acted as stock)",
				    &missed);
	}
	return ipl_doc_end(&d);
}
