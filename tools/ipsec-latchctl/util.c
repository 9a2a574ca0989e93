// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: diagnostics.
 */
#include <stdarg.h>
#include <stdio.h>

#include "util.h"

static void ipl_vmsg(const char *prefix, const char *fmt, va_list ap)
	__printf(2, 0);

static void ipl_vmsg(const char *prefix, const char *fmt, va_list ap)
{
	/* Keep stdout ordered before the diagnostic on a shared tty. */
	fflush(stdout);
	fprintf(stderr, "%s: %s", IPL_PROG, prefix);
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
