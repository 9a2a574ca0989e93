// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: the per-netns settings: "resolve set mode MODE",
 * "latch transparent MODE [fallback MS]" and "latch requests on|off".
 */
#include <string.h>

#include "args_internal.h"
#include "names.h"

/* resolve set SETTING VALUE ...; SETTING := mode */
int ipl_parse_resolve_set(struct ipl_args *a, int argc, char *argv[])
{
	const char *where = "resolve set";
	int i;

	for (i = 0; i < argc; i++)
		if (ipl_is_help_opt(argv[i]))
			return ipl_want_help(a, a->cmd);

	for (i = 0; i < argc; i += 2) {
		const char *key = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (ipl_is_option(key))
			return ipl_bad_option(a, "set", key);
		if (strcmp(key, "mode"))
			return ipl_usage_error(a, "%s: unknown setting '%s' (known: mode)",
					       where, key);
		if (a->resolve_set.has_mode)
			return ipl_usage_error(a, "%s: 'mode' given twice",
					       where);
		if (!val)
			return ipl_usage_error(a, "%s: 'mode' needs a value: %s",
					       where, IPL_MODE_CHOICES);
		if (ipl_is_option(val))
			return ipl_bad_option(a, "set", val);
		if (ipl_mode_parse(val, &a->resolve_set.mode) < 0)
			return ipl_usage_error(a, "%s: invalid mode '%s' (valid: %s)",
					       where, val, IPL_MODE_CHOICES);
		a->resolve_set.has_mode = true;
	}
	if (!a->resolve_set.has_mode)
		return ipl_usage_error(a, "%s: nothing to set (e.g. 'mode wait')",
				       where);
	return 0;
}

/* what may follow "latch transparent MODE" */
enum {
	XK_FALLBACK,
};

static const struct ipl_key transparent_keys[] = {
	[XK_FALLBACK]	= { "fallback", NULL, IPL_FALLBACK_VALUE, false },
	{ }
};

static int set_transparent_key(struct ipl_args *a, const char *where,
			       int key, const char *val)
{
	if (key != XK_FALLBACK)
		return -1;
	a->latch_transparent.has_fallback = true;
	return ipl_set_fallback(a, where, val,
				&a->latch_transparent.fallback_ms);
}

/* latch transparent MODE [fallback MS] */
int ipl_parse_latch_transparent(struct ipl_args *a, int argc, char *argv[])
{
	const char *where = "latch transparent";
	bool help;

	memset(&a->latch_transparent, 0, sizeof(a->latch_transparent));
	if (ipl_positional(a, "transparent", argc, argv, &help) < 0 || help)
		return help ? 0 : -1;
	if (!argc)
		return ipl_usage_error(a, "%s: give a mode: %s", where,
				       IPL_TRANSPARENT_CHOICES);
	if (!strcmp(argv[0], "fallback"))
		return ipl_usage_error(a, "%s: give the mode first: 'latch transparent bypass-or-protect fallback MS'",
				       where);
	if (ipl_transparent_parse(argv[0], &a->latch_transparent.mode) < 0)
		return ipl_usage_error(a, "%s: invalid mode '%s' (valid: %s)",
				       where, argv[0], IPL_TRANSPARENT_CHOICES);
	if (ipl_parse_pairs(a, where, "transparent", transparent_keys,
			    "keyword", NULL, argc - 1, argv + 1,
			    set_transparent_key) < 0)
		return -1;
	if (a->latch_transparent.has_fallback &&
	    a->latch_transparent.mode !=
	    IPSEC_LATCH_TRANSPARENT_BYPASS_OR_PROTECT)
		return ipl_usage_error(a, "%s: 'fallback' goes with 'bypass-or-protect' only: no other mode falls back to the clear",
				       where);
	return 0;
}

/* latch requests { on | off } */
int ipl_parse_latch_requests(struct ipl_args *a, int argc, char *argv[])
{
	const char *where = "latch requests";
	bool help;

	if (ipl_positional(a, "requests", argc, argv, &help) < 0 || help)
		return help ? 0 : -1;
	if (argc != 1 || (strcmp(argv[0], "on") && strcmp(argv[0], "off")))
		return ipl_usage_error(a, "%s: give 'on' (applications may ask for PROTECT latches) or 'off'",
				       where);
	a->latch_requests = !strcmp(argv[0], "on");
	return 0;
}
