// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: diagnostics and small formatting helpers.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "util.h"

#define IPL_CONTEXT_LEN	512

static char ipl_context[IPL_CONTEXT_LEN];

void ipl_msg_context(const char *ctx)
{
	snprintf(ipl_context, sizeof(ipl_context), "%s", ctx ? ctx : "");
}

static void ipl_vmsg(const char *prefix, const char *fmt, va_list ap)
	__printf(2, 0);

static void ipl_vmsg(const char *prefix, const char *fmt, va_list ap)
{
	/* Keep stdout ordered before the diagnostic on a shared tty. */
	fflush(stdout);
	fprintf(stderr, "%s: %s%s%s", IPL_PROG, ipl_context,
		ipl_context[0] ? ": " : "", prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void ipl_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ipl_vmsg("", fmt, ap);
	va_end(ap);
}

void ipl_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ipl_vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void ipl_append(char *buf, size_t len, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (*n >= len)
		return;
	va_start(ap, fmt);
	r = vsnprintf(buf + *n, len - *n, fmt, ap);
	va_end(ap);
	if (r > 0)
		*n += r;
}

const char *ipl_quote(const char *s, char *buf, size_t len)
{
	const unsigned char *p;
	size_t n = snprintf(buf, len, "\"");

	for (p = (const unsigned char *)s; *p && n < len; p++) {
		if (*p == '"' || *p == '\\')
			n += snprintf(buf + n, len - n, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			n += snprintf(buf + n, len - n, "\\x%02x", *p);
		else
			n += snprintf(buf + n, len - n, "%c", *p);
	}
	if (n < len)
		snprintf(buf + n, len - n, "\"");
	return buf;
}

const char *ipl_ms_str(uint64_t ms, int digits, char *buf, size_t len)
{
	uint64_t unit = digits == 1 ? 100 : 10;
	uint64_t scale = digits == 1 ? 10 : 100;
	uint64_t t;

	t = ms / unit + (ms % unit >= unit / 2);
	snprintf(buf, len, "%" PRIu64 ".%0*" PRIu64 "s", t / scale, digits,
		 t % scale);
	return buf;
}
