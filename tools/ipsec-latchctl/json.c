// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: minimal streaming JSON writer, see json.h.
 */
#include <inttypes.h>
#include <string.h>

#include "json.h"

void jsonw_init(struct jsonw *jw, FILE *f)
{
	memset(jw, 0, sizeof(*jw));
	jw->f = f;
}

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes available), or
 * 0 if it is not one: rejects stray continuation bytes, overlong forms,
 * surrogates and code points above U+10FFFF.
 */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	uint32_t cp;
	size_t len, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)))
		return 0;
	if (len == 4 && (cp < 0x10000 || cp > 0x10ffff))
		return 0;
	return len;
}

void json_write_string(FILE *f, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;
	size_t n;

	fputc('"', f);
	while (p < end) {
		unsigned char c = *p;

		switch (c) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				fprintf(f, "\\u%04x", c);
			} else if (c < 0x80) {
				fputc(c, f);
			} else {
				n = utf8_seq_len(p, end - p);
				if (!n) {
					fputs("\\ufffd", f);
					break;
				}
				fwrite(p, 1, n, f);
				p += n;
				continue;
			}
			break;
		}
		p++;
	}
	fputc('"', f);
}

/* Bookkeeping before any value: comma, name requirement, top level. */
static bool jsonw_begin_value(struct jsonw *jw)
{
	unsigned int d = jw->depth;

	if (jw->error)
		return false;
	if (!d) {
		if (jw->done) {
			jw->error = true;
			return false;
		}
		return true;
	}
	if (jw->in_object[d - 1]) {
		if (!jw->name_pending) {
			jw->error = true;
			return false;
		}
		jw->name_pending = false;
		return true;
	}
	if (jw->has_member[d - 1])
		fputc(',', jw->f);
	jw->has_member[d - 1] = true;
	return true;
}

/* After a complete value: the document may be done. */
static void jsonw_end_value(struct jsonw *jw)
{
	if (!jw->depth)
		jw->done = true;
}

void jsonw_name(struct jsonw *jw, const char *name)
{
	unsigned int d = jw->depth;

	if (jw->error)
		return;
	if (!d || !jw->in_object[d - 1] || jw->name_pending || !name) {
		jw->error = true;
		return;
	}
	if (jw->has_member[d - 1])
		fputc(',', jw->f);
	jw->has_member[d - 1] = true;
	json_write_string(jw->f, name, strlen(name));
	fputc(':', jw->f);
	jw->name_pending = true;
}

static void jsonw_open(struct jsonw *jw, bool object)
{
	if (!jsonw_begin_value(jw))
		return;
	if (jw->depth >= JSONW_MAX_DEPTH) {
		jw->error = true;
		return;
	}
	fputc(object ? '{' : '[', jw->f);
	jw->in_object[jw->depth] = object;
	jw->has_member[jw->depth] = false;
	jw->depth++;
}

static void jsonw_close(struct jsonw *jw, bool object)
{
	if (jw->error)
		return;
	if (!jw->depth || jw->in_object[jw->depth - 1] != object ||
	    jw->name_pending) {
		jw->error = true;
		return;
	}
	jw->depth--;
	fputc(object ? '}' : ']', jw->f);
	jsonw_end_value(jw);
}

void jsonw_start_object(struct jsonw *jw)
{
	jsonw_open(jw, true);
}

void jsonw_end_object(struct jsonw *jw)
{
	jsonw_close(jw, true);
}

void jsonw_start_array(struct jsonw *jw)
{
	jsonw_open(jw, false);
}

void jsonw_end_array(struct jsonw *jw)
{
	jsonw_close(jw, false);
}

void jsonw_string_len(struct jsonw *jw, const char *s, size_t len)
{
	if (!jsonw_begin_value(jw))
		return;
	json_write_string(jw->f, s, len);
	jsonw_end_value(jw);
}

void jsonw_string(struct jsonw *jw, const char *s)
{
	if (!s)
		jsonw_null(jw);
	else
		jsonw_string_len(jw, s, strlen(s));
}

void jsonw_u64(struct jsonw *jw, uint64_t v)
{
	if (!jsonw_begin_value(jw))
		return;
	fprintf(jw->f, "%" PRIu64, v);
	jsonw_end_value(jw);
}

void jsonw_s64(struct jsonw *jw, int64_t v)
{
	if (!jsonw_begin_value(jw))
		return;
	fprintf(jw->f, "%" PRId64, v);
	jsonw_end_value(jw);
}

void jsonw_bool(struct jsonw *jw, bool v)
{
	if (!jsonw_begin_value(jw))
		return;
	fputs(v ? "true" : "false", jw->f);
	jsonw_end_value(jw);
}

void jsonw_null(struct jsonw *jw)
{
	if (!jsonw_begin_value(jw))
		return;
	fputs("null", jw->f);
	jsonw_end_value(jw);
}

void jsonw_string_field(struct jsonw *jw, const char *name, const char *s)
{
	jsonw_name(jw, name);
	jsonw_string(jw, s);
}

void jsonw_u64_field(struct jsonw *jw, const char *name, uint64_t v)
{
	jsonw_name(jw, name);
	jsonw_u64(jw, v);
}

void jsonw_bool_field(struct jsonw *jw, const char *name, bool v)
{
	jsonw_name(jw, name);
	jsonw_bool(jw, v);
}

int jsonw_finish(struct jsonw *jw)
{
	if (jw->error || jw->depth || !jw->done) {
		jw->error = true;
		return -1;
	}
	fputc('\n', jw->f);
	return ferror(jw->f) ? -1 : 0;
}
