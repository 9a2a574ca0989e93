// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "-b FILE": the commands of a batch file (batch.h), each
 * run as if given on the command line, in the network namespace the tool
 * started in unless the line (or the command line) says -n.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "batch.h"
#include "cmds.h"
#include "netns.h"
#include "util.h"

struct batch_ctx {
	int netns_fd;		/* where each command starts */
	bool lost;		/* could not go back there */
};

static int run_line(const struct ipl_args *a, void *data)
{
	struct batch_ctx *ctx = data;
	int ret;

	if (ctx->lost)
		return IPL_EXIT_FAIL;
	ret = ipl_run(a);
	/* stdout first: a message of the next line must not overtake it */
	fflush(stdout);
	if (ipl_netns_restore(ctx->netns_fd) < 0) {
		ctx->lost = true;
		return IPL_EXIT_FAIL;
	}
	return ret;
}

int cmd_batch(const struct ipl_args *a)
{
	struct batch_ctx ctx = { .netns_fd = -1 };
	bool std = !strcmp(a->batch, "-");
	const char *name = std ? "<stdin>" : a->batch;
	FILE *in = std ? stdin : fopen(a->batch, "re");
	int ret;

	if (!in) {
		ipl_err("cannot open batch file '%s': %s", a->batch,
			strerror(errno));
		return IPL_EXIT_FAIL;
	}
	ctx.netns_fd = ipl_netns_save();
	if (ctx.netns_fd < 0) {
		ret = IPL_EXIT_FAIL;
		goto out;
	}
	ret = ipl_batch(in, name, a, run_line, &ctx);
	close(ctx.netns_fd);
out:
	if (!std)
		fclose(in);
	return ret;
}
