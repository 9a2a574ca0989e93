/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Unit tests: a small JSON reader, enough to check what the tool writes:
 * it validates one document and hands each scalar (string, number, true,
 * false, null) to a callback with its path ("qop.reqid", "[0].id",
 * "warnings[]") and its text (a string unescaped; \uXXXX kept as is).
 */
#ifndef IPL_TEST_JSON_READ_H
#define IPL_TEST_JSON_READ_H

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define JSON_READ_LEN	1024	/* the longest path or value kept */

/* type: 's' string, 'n' number, 't' true, 'f' false, 'z' null */
typedef void (*json_leaf_fn)(const char *path, char type, const char *value,
			     void *ctx);

struct json_reader {
	const char *p;
	json_leaf_fn leaf;
	void *ctx;
};

static inline void json_read_ws(struct json_reader *r)
{
	while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' ||
	       *r->p == '\r')
		r->p++;
}

/* A string at r->p into out (len bytes); false if malformed. */
static inline bool json_read_string(struct json_reader *r, char *out,
				    size_t len)
{
	size_t n = 0;
	char c;

	if (*r->p++ != '"')
		return false;
	while ((c = *r->p++) != '"') {
		if (!c || (unsigned char)c < 0x20)
			return false;
		if (c == '\\') {
			c = *r->p++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'u':
				if (n + 2 < len) {
					out[n++] = '\\';
					out[n++] = 'u';
				}
				continue;
			case '"': case '\\': case '/':
				break;
			default:
				return false;
			}
		}
		if (n + 1 < len)
			out[n++] = c;
	}
	out[n] = '\0';
	return true;
}

static inline bool json_read_value(struct json_reader *r, const char *path);

/* path, sep and name into buf (JSON_READ_LEN bytes), cut to fit */
static inline void json_read_path(char *buf, const char *path,
				  const char *sep, const char *name)
{
	const char *parts[] = { path, *path ? sep : "", name };
	size_t i, n = 0, len;

	for (i = 0; i < 3; i++) {
		len = strlen(parts[i]);
		if (len > JSON_READ_LEN - 1 - n)
			len = JSON_READ_LEN - 1 - n;
		memcpy(buf + n, parts[i], len);
		n += len;
	}
	buf[n] = '\0';
}

static inline bool json_read_object(struct json_reader *r, const char *path)
{
	char name[JSON_READ_LEN], sub[JSON_READ_LEN];

	r->p++;
	json_read_ws(r);
	if (*r->p == '}') {
		r->p++;
		return true;
	}
	for (;;) {
		json_read_ws(r);
		if (!json_read_string(r, name, sizeof(name)))
			return false;
		json_read_ws(r);
		if (*r->p++ != ':')
			return false;
		json_read_path(sub, path, ".", name);
		if (!json_read_value(r, sub))
			return false;
		json_read_ws(r);
		if (*r->p == '}') {
			r->p++;
			return true;
		}
		if (*r->p++ != ',')
			return false;
	}
}

static inline bool json_read_array(struct json_reader *r, const char *path)
{
	char sub[JSON_READ_LEN];
	unsigned int i = 0;

	r->p++;
	json_read_ws(r);
	if (*r->p == ']') {
		r->p++;
		return true;
	}
	for (;; i++) {
		char idx[16];

		snprintf(idx, sizeof(idx), "[%u]", i);
		json_read_path(sub, path, "", idx);
		if (!json_read_value(r, sub))
			return false;
		json_read_ws(r);
		if (*r->p == ']') {
			r->p++;
			return true;
		}
		if (*r->p++ != ',')
			return false;
	}
}

static inline bool json_read_value(struct json_reader *r, const char *path)
{
	char buf[JSON_READ_LEN];
	const char *start;
	size_t n;

	json_read_ws(r);
	switch (*r->p) {
	case '{':
		return json_read_object(r, path);
	case '[':
		return json_read_array(r, path);
	case '"':
		if (!json_read_string(r, buf, sizeof(buf)))
			return false;
		r->leaf(path, 's', buf, r->ctx);
		return true;
	}
	if (!strncmp(r->p, "true", 4) || !strncmp(r->p, "null", 4) ||
	    !strncmp(r->p, "false", 5)) {
		char type = *r->p == 't' ? 't' : *r->p == 'n' ? 'z' : 'f';

		r->p += type == 'f' ? 5 : 4;
		r->leaf(path, type, "", r->ctx);
		return true;
	}
	start = r->p;
	if (*r->p == '-')
		r->p++;
	if (!isdigit((unsigned char)*r->p))
		return false;
	while (isdigit((unsigned char)*r->p) || *r->p == '.' ||
	       *r->p == 'e' || *r->p == 'E' || *r->p == '+' || *r->p == '-')
		r->p++;
	n = r->p - start < JSON_READ_LEN - 1 ? (size_t)(r->p - start) :
					       JSON_READ_LEN - 1;
	memcpy(buf, start, n);
	buf[n] = '\0';
	r->leaf(path, 'n', buf, r->ctx);
	return true;
}

/*
 * Read the one document in s (a newline may end it), each scalar to
 * leaf(). False if s is not one JSON document.
 */
static inline bool json_read(const char *s, json_leaf_fn leaf, void *ctx)
{
	struct json_reader r = { s, leaf, ctx };

	if (!json_read_value(&r, ""))
		return false;
	json_read_ws(&r);
	return !*r.p;
}

#endif /* IPL_TEST_JSON_READ_H */
