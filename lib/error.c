// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libipsec-latch: the message of the calling thread's last failure, like
 * dlerror(3): one line, per thread, so that calls stay thread-safe.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "ipsec-latch.h"
#include "internal.h"

static __thread char lib_msg[256];

int lib_fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(lib_msg, sizeof(lib_msg), fmt, ap);
	va_end(ap);
	errno = err;
	return -1;
}

LIB_EXPORT const char *ipsec_latch_errmsg(void)
{
	return lib_msg;
}
