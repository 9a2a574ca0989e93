/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Unit tests: what a printer writes to a stream, captured in memory.
 */
#ifndef IPL_TEST_CAPTURE_H
#define IPL_TEST_CAPTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

/* A stream to print into. */
static inline FILE *capture_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
	return c->f;
}

/* Close the stream: what was printed, for the caller to free. */
static inline char *capture_close(struct capture *c)
{
	assert_int_equal(fclose(c->f), 0);
	return c->buf;
}

/* Close the stream: what was printed must be want. */
static inline void capture_check(struct capture *c, const char *want)
{
	char *got = capture_close(c);

	assert_string_equal(got, want);
	free(got);
}

#endif /* IPL_TEST_CAPTURE_H */
