// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: control tool for the ipsec_latch kernel module.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cmds.h"
#include "netns.h"
#include "util.h"

static int cmd_help(const struct ipl_args *a)
{
	ipl_usage(stdout, a->cmd);
	return IPL_EXIT_OK;
}

struct ipl_runner {
	int (*run)(const struct ipl_args *a);
	bool netns;		/* runs in the -n network namespace */
};

static const struct ipl_runner ipl_runners[IPL_ACT_COUNT] = {
	[IPL_ACT_HELP]		= { cmd_help,		false },
	[IPL_ACT_TOOL_VERSION]	= { cmd_tool_version,	false },
	[IPL_ACT_VERSION]	= { cmd_version,	true },
	/* each of its commands enters its -n itself */
	[IPL_ACT_BATCH]		= { cmd_batch,		false },
	[IPL_ACT_STATUS_SHOW]	= { cmd_status_show,	true },
	[IPL_ACT_STATUS_RESET]	= { cmd_status_reset,	true },
	[IPL_ACT_RESOLVE_LIST]	= { cmd_resolve_list,	true },
	[IPL_ACT_RESOLVE_STATS]	= { cmd_resolve_stats,	true },
	[IPL_ACT_RESOLVE_SET]	= { cmd_resolve_set,	true },
	[IPL_ACT_MONITOR]	= { cmd_monitor,	true },
	[IPL_ACT_TEMPLATE_LIST]	= { cmd_template_list,	true },
	[IPL_ACT_TEMPLATE_ADD]	= { cmd_template_add,	true },
	[IPL_ACT_TEMPLATE_REPLACE] = { cmd_template_replace, true },
	[IPL_ACT_TEMPLATE_DEL]	= { cmd_template_del,	true },
	[IPL_ACT_TEMPLATE_FLUSH] = { cmd_template_flush, true },
	[IPL_ACT_TEMPLATE_CHECK] = { cmd_template_check, true },
	[IPL_ACT_LATCH_LIST]	= { cmd_latch_list,	true },
	[IPL_ACT_LATCH_TRANSPARENT] = { cmd_latch_transparent, true },
	[IPL_ACT_LATCH_REQUESTS] = { cmd_latch_requests, true },
	[IPL_ACT_LATCH_STATS]	= { cmd_latch_stats,	true },
	[IPL_ACT_WHO]		= { cmd_who,		true },
	[IPL_ACT_IDENTITY_LIST]	= { cmd_identity_list,	true },
	[IPL_ACT_IDENTITY_SET]	= { cmd_identity_set,	true },
	[IPL_ACT_IDENTITY_DEL]	= { cmd_identity_del,	true },
};

/* Catch write errors (full disk, closed pipe reader) on stdout. */
static int close_stdout(int ret)
{
	if (fflush(stdout) || ferror(stdout)) {
		ipl_err("write error: %s", strerror(errno));
		return IPL_EXIT_FAIL;
	}
	return ret;
}

int ipl_run(const struct ipl_args *a)
{
	const struct ipl_runner *r = &ipl_runners[a->action];

	if (!r->run) {
		ipl_err("internal error: no runner for action %d", a->action);
		return IPL_EXIT_FAIL;
	}
	if (r->netns && a->netns && ipl_netns_enter(a->netns) < 0)
		return IPL_EXIT_FAIL;
	return r->run(a);
}

int main(int argc, char *argv[])
{
	struct ipl_args a;

	if (ipl_args_parse(&a, argc, argv) < 0) {
		ipl_err("%s", a.err);
		fputc('\n', stderr);
		ipl_usage(stderr, a.cmd);
		return IPL_EXIT_USAGE;
	}
	return close_stdout(ipl_run(&a));
}
