// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: batch files, see batch.h.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "batch.h"
#include "util.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* r, inside quotes q, escapes: "\"" and "\\" only; '...' is literal */
static bool escaped_in(char q, const char *r)
{
	return q == '"' && r[0] == '\\' && (r[1] == '"' || r[1] == '\\');
}

/* Copy a quoted part from *r (at the quote) to *w; false if unterminated. */
static bool unquote(char **r, char **w)
{
	char q = *(*r)++;

	while (**r && **r != q) {
		if (escaped_in(q, *r))
			(*r)++;
		*(*w)++ = *(*r)++;
	}
	if (!**r)
		return false;
	(*r)++;
	return true;
}

/*
 * The length of line without its comment, which runs from a '#' that
 * begins a word, outside quotes, to the end. *quote: the quote open at
 * the start of line (0: none); at the end, the one still open there.
 */
static size_t code_len(const char *line, char *quote)
{
	const char *r;
	bool in_word = *quote;

	for (r = line; *r; r++) {
		if (*quote) {
			if (escaped_in(*quote, r))
				r++;
			else if (*r == *quote)
				*quote = 0;
			continue;
		}
		if (is_blank(*r)) {
			in_word = false;
			continue;
		}
		if (*r == '#' && !in_word)
			break;
		in_word = true;
		if (*r == '"' || *r == '\'')
			*quote = *r;
		else if (*r == '\\' && r[1])
			r++;
	}
	return r - line;
}

int ipl_batch_split(char *line, char *argv[], int max, const char **err)
{
	char *r = line, *w;
	char quote = 0;
	int n = 0;

	line[code_len(line, &quote)] = '\0';
	for (;;) {
		while (is_blank(*r))
			r++;
		if (!*r)
			return n;
		if (n == max) {
			*err = "too many words on one line";
			return -1;
		}
		/* the word is written over itself: w never passes r */
		argv[n++] = w = r;
		while (*r && !is_blank(*r)) {
			if (*r == '"' || *r == '\'') {
				if (!unquote(&r, &w)) {
					*err = "unterminated quote";
					return -1;
				}
			} else if (*r == '\\' && r[1]) {
				r++;
				*w++ = *r++;
			} else {
				*w++ = *r++;
			}
		}
		if (*r)
			r++;
		*w = '\0';
	}
}

/* Whether line (len bytes, comment cut) goes on on the next line. */
static bool continued(const char *line, size_t len)
{
	size_t n = 0;

	while (n < len && line[len - 1 - n] == '\\')
		n++;
	return n % 2;	/* an even number of them is escaped backslashes */
}

/*
 * The command part of a line as read, in place: without its newline
 * (LF or CRLF) and its comment (*quote as for code_len()). Its length.
 */
static size_t line_code(char *line, size_t len, char *quote)
{
	if (len && line[len - 1] == '\n')
		len--;
	if (len && line[len - 1] == '\r')
		len--;
	line[len] = '\0';
	len = code_len(line, quote);
	line[len] = '\0';
	return len;
}

/*
 * The next command into *buf (*cap bytes, grown as needed), its lines
 * joined, comments cut; *lineno: the number of its first line, *next:
 * of the line after it. 1, 0 at the end of in, -1 if in cannot be read.
 */
static int read_command(FILE *in, char **buf, size_t *cap,
			unsigned long *lineno, unsigned long *next)
{
	char *line = NULL, *p;
	size_t lcap = 0, len, used = 0;
	char quote = 0;
	ssize_t got;
	int ret = 0;

	*lineno = *next;
	while ((got = getline(&line, &lcap, in)) >= 0) {
		++*next;
		/* the comment first: a '\' that ends it continues nothing */
		len = line_code(line, got, &quote);
		ret = 1;
		if (used + len + 2 > *cap) {
			p = realloc(*buf, used + len + 2);
			if (!p) {
				ret = -1;
				break;
			}
			*buf = p;
			*cap = used + len + 2;
		}
		if (!continued(line, len)) {
			memcpy(*buf + used, line, len + 1);
			break;
		}
		memcpy(*buf + used, line, len - 1);
		used += len - 1;
		(*buf)[used++] = ' ';
		(*buf)[used] = '\0';
	}
	if (got < 0 && ferror(in))
		ret = -1;
	free(line);
	return ret;
}

/* One command: its exit status. */
static int run_line(char *cmd, const struct ipl_args *outer,
		    ipl_batch_run_fn run, void *ctx)
{
	static char prog[] = IPL_PROG;
	char *argv[IPL_BATCH_MAX_ARGS + 2];
	struct ipl_args a;
	const char *err;
	int argc;

	argv[0] = prog;
	argc = ipl_batch_split(cmd, argv + 1, IPL_BATCH_MAX_ARGS, &err);
	if (argc < 0) {
		ipl_err("%s", err);
		return IPL_EXIT_USAGE;
	}
	if (!argc)
		return IPL_EXIT_OK;
	argv[argc + 1] = NULL;
	if (ipl_args_parse_line(&a, outer, argc + 1, argv) < 0) {
		ipl_err("%s (see '%s help%s%s')", a.err, IPL_PROG,
			a.cmd ? " " : "", a.cmd ? ipl_cmd_name(a.cmd) : "");
		return IPL_EXIT_USAGE;
	}
	return run(&a, ctx);
}

int ipl_batch(FILE *in, const char *name, const struct ipl_args *outer,
	      ipl_batch_run_fn run, void *ctx)
{
	unsigned long lineno, next = 1;
	char where[IPL_ERR_LEN];
	size_t cap = 0;
	char *cmd = NULL;
	int first = IPL_EXIT_OK, ret, got;

	while ((got = read_command(in, &cmd, &cap, &lineno, &next)) > 0) {
		snprintf(where, sizeof(where), "%s:%lu", name, lineno);
		ipl_msg_context(where);
		ret = run_line(cmd, outer, run, ctx);
		if (ret > IPL_EXIT_SIGNAL) {
			/* meant for the batch: stop, even with --force */
			ipl_err("stopped: interrupted by a signal (exit status %d)",
				ret);
			first = ret;
			break;
		}
		if (ret && !first)
			first = ret;
		if (ret && !outer->force) {
			ipl_err("stopped: the command failed (exit status %d); fix it, or give --force to go on after failed commands",
				ret);
			break;
		}
		ipl_msg_context(NULL);
	}
	ipl_msg_context(NULL);
	if (got < 0) {
		ipl_err("cannot read %s: %s", name, strerror(errno));
		if (!first)
			first = IPL_EXIT_FAIL;
	}
	free(cmd);
	return first;
}
