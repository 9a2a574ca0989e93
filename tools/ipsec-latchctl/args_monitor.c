// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "monitor [OBJECT]... [event NAME]...": which events to
 * print, and the filter that says so.
 */
#include <string.h>

#include "args_internal.h"
#include "match.h"
#include "names.h"

#define EVENT_CHOICES	IPL_RES_EVENT_CHOICES ", " IPL_LATCH_EVENT_CHOICES

bool ipl_monitor_wants(const struct ipl_monitor_filter *f, bool latch,
		       uint64_t event)
{
	if ((f->res || f->latch) && !(latch ? f->latch : f->res))
		return false;
	return !f->events || (event < 32 && (f->events & (1u << event)));
}

/* An object word: resolve or latch, or a prefix; 0, or -1 (reported). */
static int monitor_object(struct ipl_args *a, const char *word)
{
	static const struct ipl_choice objects[] = {
		{ "resolve",	&objects[0] },
		{ "latch",	&objects[1] },
	};
	char cands[64];
	int i = ipl_match(word, objects, ARRAY_SIZE(objects), cands,
			  sizeof(cands));

	if (i < 0)
		return ipl_usage_error(a, "monitor: unknown object '%s' (valid: resolve, latch; or 'event NAME')",
				       word);
	if (i == 0)
		a->monitor.res = true;
	else
		a->monitor.latch = true;
	return 0;
}

/* event NAME */
static int monitor_event(struct ipl_args *a, const char *name)
{
	uint32_t ev;

	if (!name)
		return ipl_usage_error(a, "monitor: 'event' needs a name: %s",
				       EVENT_CHOICES);
	if (ipl_event_parse(name, &ev) < 0 || ev >= 32)
		return ipl_usage_error(a, "monitor: unknown event '%s' (valid: %s)",
				       name, EVENT_CHOICES);
	a->monitor.events |= 1u << ev;
	return 0;
}

/* Each event named must be of an object given, if any is. */
static int check_events(struct ipl_args *a)
{
	const struct ipl_monitor_filter *f = &a->monitor;
	char buf[IPL_LABEL_LEN];
	uint32_t ev;

	if (!f->res && !f->latch)
		return 0;
	for (ev = 0; ev < 32; ev++) {
		bool latch = ipl_event_is_latch(ev);

		if (!(f->events & (1u << ev)) || (latch ? f->latch : f->res))
			continue;
		return ipl_usage_error(a, "monitor: '%s' is a %s event: give '%s' as well, or events of %s (%s)",
				       ipl_event_label(ev, buf, sizeof(buf)),
				       latch ? "latch" : "resolve",
				       latch ? "latch" : "resolve",
				       latch ? "resolve" : "latch",
				       latch ? IPL_RES_EVENT_CHOICES :
					       IPL_LATCH_EVENT_CHOICES);
	}
	return 0;
}

int ipl_parse_monitor(struct ipl_args *a, int argc, char *argv[])
{
	int i;

	memset(&a->monitor, 0, sizeof(a->monitor));
	for (i = 0; i < argc; i++)
		if (ipl_is_help_opt(argv[i]))
			return ipl_want_help(a, a->cmd);
	for (i = 0; i < argc; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "-t") || !strcmp(arg, "--timestamp")) {
			a->timestamp = true;
			continue;
		}
		if (ipl_is_option(arg))
			return ipl_bad_option(a, NULL, arg);
		if (!strcmp(arg, "event")) {
			if (monitor_event(a, i + 1 < argc ? argv[++i] : NULL))
				return -1;
		} else if (monitor_object(a, arg) < 0) {
			return -1;
		}
	}
	return check_events(a);
}
