// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: usage text, from the command table.
 */
#include <string.h>

#include "args_internal.h"

#define USAGE_WIDTH	79

/*
 * Write s from column col on, wrapping at spaces outside "[ ]" and
 * "{ }" groups to stay within USAGE_WIDTH; continuation lines start at
 * column indent. Ends the line.
 */
static void print_wrapped(FILE *f, const char *s, int col, int indent)
{
	const char *p, *word;
	int depth = 0, len;

	for (p = s; *p;) {
		/* the next unit: up to a space at depth 0 */
		word = p;
		for (; *p && !(*p == ' ' && !depth); p++) {
			if (*p == '[' || *p == '{')
				depth++;
			else if ((*p == ']' || *p == '}') && depth)
				depth--;
		}
		len = p - word;
		if (word != s && col + 1 + len > USAGE_WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (word != s) {
			fputc(' ', f);
			col++;
		}
		fprintf(f, "%.*s", len, word);
		col += len;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
}

void ipl_usage(FILE *f, const struct ipl_cmd *cmd)
{
	const struct ipl_usage *u;
	size_t i;
	int col;

	if (cmd) {
		for (u = cmd->usage; u->synopsis; u++) {
			col = fprintf(f, "%s %s [OPTIONS] ",
				      u == cmd->usage ? "Usage:" : "      ",
				      IPL_PROG);
			print_wrapped(f, u->synopsis, col, col + 4);
		}
		if (cmd->help)
			fprintf(f, "\n%s", cmd->help);
		fprintf(f, "\nFor OPTIONS see '%s help'.\n", IPL_PROG);
		return;
	}

	fprintf(f,
		"Usage: %s [OPTIONS] COMMAND [ARGS...]\n"
		"       %s [OPTIONS] -b FILE\n"
		"       %s COMMAND -h\n"
		"\n%s\nCommands:\n", IPL_PROG, IPL_PROG, IPL_PROG,
		ipl_options_help);
	for (i = 0; i < ipl_n_cmds; i++) {
		for (u = ipl_cmds[i].usage; u->synopsis; u++) {
			if (strlen(u->synopsis) <= 21) {
				fprintf(f, "  %-21s  %s\n", u->synopsis,
					u->summary);
				continue;
			}
			fputs("  ", f);
			print_wrapped(f, u->synopsis, 2, 6);
			fprintf(f, "  %-21s  %s\n", "", u->summary);
		}
	}
}
