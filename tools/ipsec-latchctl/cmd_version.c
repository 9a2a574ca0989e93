// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "version" and -V.
 */
#include <stdio.h>

#include "args.h"
#include "cmds.h"
#include "status.h"
#include "util.h"

int cmd_tool_version(const struct ipl_args *a)
{
	return ipl_version_print(stdout, a->json, NULL) < 0 ? IPL_EXIT_FAIL :
							       IPL_EXIT_OK;
}

/*
 * Text: the tool's version is shown even when the module is missing.
 * JSON: nothing on stdout unless both are known.
 */
int cmd_version(const struct ipl_args *a)
{
	struct ipl_status st;
	bool known = ipl_status_fetch(&st) == 0;

	if (!known && a->json)
		return IPL_EXIT_FAIL;
	if (ipl_version_print(stdout, a->json, known ? &st : NULL) < 0)
		return IPL_EXIT_FAIL;
	return known ? IPL_EXIT_OK : IPL_EXIT_FAIL;
}
