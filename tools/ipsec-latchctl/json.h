/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: minimal streaming JSON writer.
 *
 * Compact output (no whitespace), one top-level value followed by a
 * newline from jsonw_finish(). Strings are escaped so that the output is
 * valid JSON for any input bytes: quote, backslash and control characters
 * are escaped, invalid UTF-8 becomes U+FFFD. Misuse (a value without a
 * name inside an object, unbalanced close, nesting too deep, a second
 * top-level value) sets a sticky error, stops output and makes
 * jsonw_finish() fail.
 */
#ifndef IPL_JSON_H
#define IPL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH	16

struct jsonw {
	FILE *f;
	unsigned int depth;		/* open containers */
	bool in_object[JSONW_MAX_DEPTH];	/* else array */
	bool has_member[JSONW_MAX_DEPTH];	/* a comma is due */
	bool name_pending;		/* name written, value expected */
	bool done;			/* top-level value complete */
	bool error;
};

void jsonw_init(struct jsonw *jw, FILE *f);

void jsonw_start_object(struct jsonw *jw);
void jsonw_end_object(struct jsonw *jw);
void jsonw_start_array(struct jsonw *jw);
void jsonw_end_array(struct jsonw *jw);

/* Member name inside an object; the next call must write its value. */
void jsonw_name(struct jsonw *jw, const char *name);

void jsonw_string(struct jsonw *jw, const char *s);	/* NULL: null */
void jsonw_string_len(struct jsonw *jw, const char *s, size_t len);
void jsonw_u64(struct jsonw *jw, uint64_t v);
void jsonw_s64(struct jsonw *jw, int64_t v);
void jsonw_bool(struct jsonw *jw, bool v);
void jsonw_null(struct jsonw *jw);

/* name + value shorthands */
void jsonw_string_field(struct jsonw *jw, const char *name, const char *s);
void jsonw_u64_field(struct jsonw *jw, const char *name, uint64_t v);
void jsonw_bool_field(struct jsonw *jw, const char *name, bool v);

/*
 * End the document with a newline. Returns 0, or -1 if the writer was
 * misused, the document is incomplete or the stream has an error.
 */
int jsonw_finish(struct jsonw *jw);

/* Write s[0..len) as a quoted, escaped JSON string. */
void json_write_string(FILE *f, const char *s, size_t len);

#endif /* IPL_JSON_H */
