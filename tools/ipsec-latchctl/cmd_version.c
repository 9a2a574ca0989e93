// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "version" and -V.
 */
#include <stdio.h>

#include "args.h"
#include "cmds.h"
#include "json.h"
#include "status.h"
#include "util.h"

static void tool_json(struct jsonw *jw)
{
	jsonw_name(jw, "tool");
	jsonw_start_object(jw);
	jsonw_string_field(jw, "name", IPL_PROG);
	jsonw_string_field(jw, "version", ipl_tool_version);
	jsonw_end_object(jw);
}

int cmd_tool_version(const struct ipl_args *a)
{
	struct jsonw jw;

	if (!a->json) {
		printf("%s %s\n", IPL_PROG, ipl_tool_version);
		return IPL_EXIT_OK;
	}
	jsonw_init(&jw, stdout);
	jsonw_start_object(&jw);
	tool_json(&jw);
	jsonw_end_object(&jw);
	return jsonw_finish(&jw) < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}

/*
 * Text: the tool line comes first, so it is shown even when the module
 * is missing. JSON: nothing on stdout unless both are known.
 */
int cmd_version(const struct ipl_args *a)
{
	struct ipl_status st;
	struct jsonw jw;

	if (!a->json)
		printf("%s %s\n", IPL_PROG, ipl_tool_version);

	if (ipl_status_fetch(&st) < 0)
		return IPL_EXIT_FAIL;

	if (!a->json) {
		printf("module: %s %s\n", IPL_MODULE,
		       st.has_version ? st.version : "(version unknown)");
		return IPL_EXIT_OK;
	}
	jsonw_init(&jw, stdout);
	jsonw_start_object(&jw);
	tool_json(&jw);
	jsonw_name(&jw, "module");
	jsonw_start_object(&jw);
	jsonw_string_field(&jw, "name", IPL_MODULE);
	jsonw_string_field(&jw, "version",
			   st.has_version ? st.version : NULL);
	jsonw_end_object(&jw);
	jsonw_end_object(&jw);
	return jsonw_finish(&jw) < 0 ? IPL_EXIT_FAIL : IPL_EXIT_OK;
}
