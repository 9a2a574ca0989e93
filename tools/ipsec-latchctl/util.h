/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: shared helpers, exit codes and diagnostics.
 */
#ifndef IPL_UTIL_H
#define IPL_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define IPL_PROG	"ipsec-latchctl"
#define IPL_MODULE	"ipsec_latch"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#define __printf(a, b)	__attribute__((format(printf, a, b)))

/*
 * Process exit status, documented in ipsec-latchctl(8). 0 and 1 keep
 * their meaning; 3 and up are answers a script may want to tell apart
 * from a failure.
 */
enum ipl_exit {
	IPL_EXIT_OK		= 0,	/* success */
	IPL_EXIT_FAIL		= 1,	/* runtime failure, kernel error */
	IPL_EXIT_USAGE		= 2,	/* bad command line */
	IPL_EXIT_NOT_LATCHED	= 3,	/* who: the flow has no latch */
	IPL_EXIT_WARNINGS	= 4,	/* template check: warnings found */
	/*
	 * + the signal: a batch file stopped by SIGINT (130) or SIGTERM
	 * (143), as a shell reports a command killed by it
	 */
	IPL_EXIT_SIGNAL		= 128,
};

/* Tool version, from dkms.conf at build time (version.c). */
extern const char ipl_tool_version[];

/*
 * "ipsec-latchctl: [CONTEXT: ]<message>\n" on stderr; CONTEXT is what
 * ipl_msg_context() set (a batch file's "FILE:LINE"), if anything.
 */
void ipl_err(const char *fmt, ...) __printf(1, 2);

/* "ipsec-latchctl: [CONTEXT: ]warning: <message>\n" on stderr. */
void ipl_warn(const char *fmt, ...) __printf(1, 2);

/* Say ctx (NULL: nothing) before each message from now on. */
void ipl_msg_context(const char *ctx);

/* Append to buf (len bytes, *n used so far), never past its end. */
void ipl_append(char *buf, size_t len, size_t *n, const char *fmt, ...)
	__printf(4, 5);

/* Room for any string of up to 255 bytes, quoted. */
#define IPL_QUOTED_LEN	(4 * 255 + 3)

/*
 * s between double quotes, safe for a terminal: '"' and '\\' are escaped
 * with a backslash, other bytes below 0x20 or 0x7f as \xNN; cut to fit
 * buf (len bytes). Returns buf.
 */
const char *ipl_quote(const char *s, char *buf, size_t len);

/*
 * Milliseconds as seconds with digits (1 or 2) decimals, rounded: 1234 ms
 * is "1.2s" or "1.23s"; never overflows. Returns buf.
 */
const char *ipl_ms_str(uint64_t ms, int digits, char *buf, size_t len);

#endif /* IPL_UTIL_H */
