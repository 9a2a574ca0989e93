// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: rendering helpers, see print.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "present.h"
#include "print.h"
#include "util.h"

const char *ipl_or_none(const char *s)
{
	return s ? s : IPL_NONE;
}

bool ipl_family_of(uint32_t present, unsigned int type, uint64_t family,
		   const struct ipl_addr *a, const struct ipl_addr *b,
		   uint64_t *out)
{
	if (ipl_has(present, type))
		*out = family;
	else if (a->family)
		*out = a->family;
	else if (b && b->family)
		*out = b->family;
	else
		return false;
	return true;
}

const struct ipl_out *ipl_doc_start(struct ipl_doc *d, FILE *f, bool json,
				    bool array)
{
	memset(d, 0, sizeof(*d));
	d->o.f = f;
	d->array = array;
	if (!json)
		return &d->o;
	jsonw_init(&d->jw, f);
	d->o.jw = &d->jw;
	if (array) {
		jsonw_start_array(&d->jw);
	} else {
		jsonw_start_object(&d->jw);
		jsonw_u64_field(&d->jw, "schema", IPL_JSON_SCHEMA);
	}
	return &d->o;
}

int ipl_doc_end(struct ipl_doc *d)
{
	if (!d->o.jw)
		return ferror(d->o.f) ? -1 : 0;
	if (d->array)
		jsonw_end_array(&d->jw);
	else
		jsonw_end_object(&d->jw);
	return jsonw_finish(&d->jw);
}

/* Text fmt with s: into the next cell of a row, or the stream. */
static void put_text(const struct ipl_out *o, const char *fmt, const char *s)
{
	struct ipl_row *row = o->row;

	if (!row) {
		fprintf(o->f, fmt, s);
		return;
	}
	if (row->n < row->max)
		snprintf(row->cell[row->n++], IPL_VAL_LEN, fmt, s);
}

/* The JSON member's name; false if there is no JSON member to write. */
static bool json_name(const struct ipl_out *o, const char *key)
{
	if (!o->jw || !key)
		return false;
	jsonw_name(o->jw, key);
	return true;
}

/* An absent value: null, or nothing if the object leaves it out. */
static void json_absent(const struct ipl_out *o, const char *key)
{
	if (!o->omit && json_name(o, key))
		jsonw_null(o->jw);
}

/* Text of a value: fmt with s, or with none if absent (s NULL). */
static void text_of(const struct ipl_out *o, const char *fmt, const char *s,
		    const char *none)
{
	if (o->jw || !fmt)
		return;
	if (s || none)
		put_text(o, fmt, s ? s : none);
}

/* JSON: "key":{ or "key":[, an array element's without key */
static void json_open(const struct ipl_out *o, const char *key, bool object)
{
	if (!o->jw)
		return;
	if (key)
		jsonw_name(o->jw, key);
	if (object)
		jsonw_start_object(o->jw);
	else
		jsonw_start_array(o->jw);
}

void ipl_out_open(const struct ipl_out *o, const char *key)
{
	json_open(o, key, true);
}

void ipl_out_close(const struct ipl_out *o)
{
	if (o->jw)
		jsonw_end_object(o->jw);
}

void ipl_out_open_array(const struct ipl_out *o, const char *key)
{
	json_open(o, key, false);
}

void ipl_out_close_array(const struct ipl_out *o)
{
	if (o->jw)
		jsonw_end_array(o->jw);
}

void ipl_out_text(const struct ipl_out *o, const char *s)
{
	if (!o->jw)
		put_text(o, "%s", s);
}

/* JSON s; text fmt with text (NULL: nothing): one value, two spellings. */
static void out_str_as(const struct ipl_out *o, const char *key,
		       const char *s, const char *fmt, const char *text)
{
	if (!o->jw)
		text_of(o, fmt, text, NULL);
	else if (!s)
		json_absent(o, key);
	else if (json_name(o, key))
		jsonw_string(o->jw, s);
}

void ipl_out_str(const struct ipl_out *o, const char *key, const char *fmt,
		 const char *s, const char *none)
{
	out_str_as(o, key, s, fmt, s ? s : none);
}

void ipl_out_quoted(const struct ipl_out *o, const char *key,
		    const char *fmt, const char *s, const char *none)
{
	char buf[IPL_QUOTED_LEN];

	out_str_as(o, key, s, fmt, s ? ipl_quote(s, buf, sizeof(buf)) : none);
}

void ipl_out_elem_str(const struct ipl_out *o, const char *fmt,
		      const char *s)
{
	if (o->jw)
		jsonw_string(o->jw, s);
	else
		text_of(o, fmt, s, NULL);
}

/* v as text in style; buf IPL_VAL_LEN bytes */
static const char *num_text(enum ipl_num_style style, uint64_t v, char *buf)
{
	if (style == IPL_HEX)
		snprintf(buf, IPL_VAL_LEN, "%#" PRIx64, v);
	else if (style == IPL_HEX32)
		snprintf(buf, IPL_VAL_LEN, "0x%08" PRIx64, v);
	else
		snprintf(buf, IPL_VAL_LEN, "%" PRIu64, v);
	return buf;
}

void ipl_out_u64_as(const struct ipl_out *o, const char *key, bool has,
		    uint64_t v, const char *fmt, const char *text)
{
	if (!o->jw)
		text_of(o, fmt, text, NULL);
	else if (!has)
		json_absent(o, key);
	else if (json_name(o, key))
		jsonw_u64(o->jw, v);
}

void ipl_out_num(const struct ipl_out *o, const char *key, const char *fmt,
		 enum ipl_num_style style, bool has, uint64_t v,
		 const char *none)
{
	char buf[IPL_VAL_LEN];

	ipl_out_u64_as(o, key, has, v, fmt,
		       has ? num_text(style, v, buf) : none);
}

void ipl_out_u64(const struct ipl_out *o, const char *key, const char *fmt,
		 bool has, uint64_t v, const char *none)
{
	ipl_out_num(o, key, fmt, IPL_DEC, has, v, none);
}

void ipl_out_nonzero(const struct ipl_out *o, const char *key,
		     const char *fmt, enum ipl_num_style style, uint64_t v)
{
	char buf[IPL_VAL_LEN];

	ipl_out_u64_as(o, key, true, v, fmt,
		       v ? num_text(style, v, buf) : NULL);
}

void ipl_out_label(const struct ipl_out *o, const char *key, const char *fmt,
		   bool has, uint64_t v, ipl_label_fn label, const char *none)
{
	char buf[IPL_VAL_LEN];

	ipl_out_str(o, key, fmt, has ? label(v, buf, sizeof(buf)) : NULL,
		    none);
}

void ipl_out_addr(const struct ipl_out *o, const char *key, const char *fmt,
		  bool has, const struct ipl_addr *a, const char *none)
{
	char buf[IPL_VAL_LEN];

	ipl_out_str(o, key, fmt, has ? ipl_addr_str(a, buf, sizeof(buf)) :
		    NULL, none);
}

void ipl_out_ms(const struct ipl_out *o, const char *key, const char *fmt,
		int digits, bool has, uint64_t ms, const char *none)
{
	char buf[IPL_VAL_LEN];

	ipl_out_u64_as(o, key, has, ms, fmt,
		       has ? ipl_ms_str(ms, digits, buf, sizeof(buf)) : none);
}

void ipl_out_flag(const struct ipl_out *o, const char *key, const char *fmt,
		  bool has, bool v)
{
	if (!o->jw) {
		if (fmt && v)
			put_text(o, "%s", fmt);
	} else if (!has) {
		json_absent(o, key);
	} else if (json_name(o, key)) {
		jsonw_bool(o->jw, v);
	}
}

void ipl_out_bool(const struct ipl_out *o, const char *key, const char *fmt,
		  bool has, bool v, const char *yes, const char *no)
{
	if (!o->jw)
		text_of(o, fmt, has ? (v ? yes : no) : NULL, NULL);
	else if (!has)
		json_absent(o, key);
	else if (json_name(o, key))
		jsonw_bool(o->jw, v);
}

void ipl_out_family(const struct ipl_out *o, uint32_t present,
		    unsigned int type, uint64_t family,
		    const struct ipl_addr *a, const struct ipl_addr *b)
{
	char buf[IPL_VAL_LEN];
	uint64_t f;

	ipl_out_str(o, "family", NULL,
		    ipl_family_of(present, type, family, a, b, &f) ?
		    ipl_family_label(f, buf, sizeof(buf)) : NULL, NULL);
}

void ipl_out_endpoint(const struct ipl_out *o, const char *akey,
		      const char *pkey, const char *fmt, bool has_addr,
		      const struct ipl_addr *a, bool has_port, uint64_t port)
{
	static const struct ipl_addr none;
	char buf[IPL_VAL_LEN];

	if (!o->jw) {
		text_of(o, fmt, ipl_endpoint_str(has_addr ? a : &none,
						 has_port, port, buf,
						 sizeof(buf)), NULL);
		return;
	}
	ipl_out_addr(o, akey, NULL, has_addr, a, NULL);
	ipl_out_u64(o, pkey, NULL, has_port, port, NULL);
}

static void out_timestamp(const struct ipl_out *o, const struct timespec *ts)
{
	char date[64], text[96], json[96];
	long usec = (ts->tv_nsec / 1000) % 1000000;
	struct tm tm;

	if (o->jw) {
		gmtime_r(&ts->tv_sec, &tm);
		strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(json, sizeof(json), "%s.%06ldZ", date, usec);
		ipl_out_str(o, "timestamp", NULL, json, NULL);
		return;
	}
	localtime_r(&ts->tv_sec, &tm);
	strftime(date, sizeof(date), "%a %b %e %H:%M:%S %Y", &tm);
	snprintf(text, sizeof(text), "%s %06ld usec", date, usec);
	ipl_out_str(o, NULL, "Timestamp: %s\n", text, NULL);
}

void ipl_out_event(const struct ipl_out *o, const struct timespec *ts,
		   const char *fmt, bool has_event, uint64_t event)
{
	if (ts)
		out_timestamp(o, ts);
	ipl_out_label(o, "event", fmt, true, has_event ? event : 0,
		      ipl_event_label, NULL);
}

void ipl_out_item_str(const struct ipl_out *o, const char *key,
		      const char *s)
{
	if (o->jw)
		jsonw_string_field(o->jw, key, s);
	else
		fprintf(o->f, "  %s: %s\n", key, s);
}

void ipl_out_item_u64(const struct ipl_out *o, const char *key, uint64_t v)
{
	if (o->jw)
		jsonw_u64_field(o->jw, key, v);
	else
		fprintf(o->f, "  %s: %" PRIu64 "\n", key, v);
}

/* Columns left-aligned, two spaces apart, no trailing blanks. */
static void print_row(FILE *f, const char *const *cells, size_t n,
		      const int *width)
{
	size_t c;

	for (c = 0; c < n; c++) {
		if (c == n - 1)
			fprintf(f, "%s\n", cells[c]);
		else
			fprintf(f, "%-*s  ", width[c], cells[c]);
	}
}

/* The n elements as a table under t's header. */
static int print_table(FILE *f, const void *v, size_t n, size_t size,
		       ipl_out_fn one, const struct ipl_table *t)
{
	char (*cells)[IPL_VAL_LEN];
	const char **line;
	size_t i, c;
	int *width;
	int ret = -1;

	cells = calloc(n * t->n, sizeof(*cells));
	line = calloc(t->n, sizeof(*line));
	width = calloc(t->n, sizeof(*width));
	if (!cells || !line || !width)
		goto out;
	for (c = 0; c < t->n; c++)
		width[c] = strlen(t->cols[c]);
	for (i = 0; i < n; i++) {
		struct ipl_row row = { cells + i * t->n, 0, t->n };
		struct ipl_out o = { .f = f, .row = &row };

		one(&o, (const char *)v + i * size);
		for (c = 0; c < t->n; c++)
			if ((int)strlen(row.cell[c]) > width[c])
				width[c] = strlen(row.cell[c]);
	}
	print_row(f, t->cols, t->n, width);
	for (i = 0; i < n; i++) {
		for (c = 0; c < t->n; c++)
			line[c] = cells[i * t->n + c];
		print_row(f, line, t->n, width);
	}
	ret = ferror(f) ? -1 : 0;
out:
	free(width);
	free(line);
	free(cells);
	return ret;
}

int ipl_out_list(FILE *f, bool json, const void *v, size_t n, size_t size,
		 ipl_out_fn one, const struct ipl_table *table)
{
	struct ipl_doc d;
	const struct ipl_out *o;
	size_t i;

	if (!json && table)
		return n ? print_table(f, v, n, size, one, table) : 0;
	o = ipl_doc_start(&d, f, json, true);
	for (i = 0; i < n; i++) {
		ipl_out_open(o, NULL);
		one(o, (const char *)v + i * size);
		ipl_out_close(o);
	}
	return ipl_doc_end(&d);
}
