/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: one code path for both renderings of an object, as
 * iproute2's print_*(PRINT_ANY, ...): each ipl_out_*() call writes one
 * field, as its JSON member when the output is JSON, else as its text.
 * A field added to an object's renderer thus shows in both.
 *
 * Conventions of the calls: key NULL: text only; fmt NULL: JSON only. A
 * text fmt has one "%s" for the value. An absent value (has false, s
 * NULL) is JSON null, or left out if the object says so (->omit); in
 * text it is none put into fmt, or nothing if none is NULL.
 */
#ifndef IPL_PRINT_H
#define IPL_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "addr.h"
#include "json.h"
#include "names.h"

/*
 * The version of the JSON output: top-level objects carry it as their
 * "schema" member, "-j version" and "-jV" for the top-level arrays too.
 * Members are only added within one version; a member removed, renamed
 * or given another type or meaning takes the next. See docs/json.md.
 */
#define IPL_JSON_SCHEMA	1

#define IPL_NONE	"-"	/* text for an absent value */

/* Long enough for an endpoint, a label or a 64-bit number. */
#define IPL_VAL_LEN	80
_Static_assert(IPL_VAL_LEN >= IPL_ENDPOINT_LEN && IPL_VAL_LEN >= IPL_LABEL_LEN,
	       "IPL_VAL_LEN too small");

/* A names.h *_label() function. */
typedef const char *(*ipl_label_fn)(uint64_t v, char *buf, size_t len);

/* The text of one table row, a cell per field. */
struct ipl_row {
	char (*cell)[IPL_VAL_LEN];
	size_t n;		/* cells written */
	size_t max;
};

struct ipl_out {
	FILE *f;
	struct jsonw *jw;	/* NULL: text */
	bool omit;		/* JSON: leave absent members out, else null */
	struct ipl_row *row;	/* text: into these cells rather than f */
};

/* s, or IPL_NONE if it is NULL */
const char *ipl_or_none(const char *s);

/*
 * The family: attribute @type if present, else that of address a or,
 * failing that, b (may be NULL). False if none tells.
 */
bool ipl_family_of(uint32_t present, unsigned int type, uint64_t family,
		   const struct ipl_addr *a, const struct ipl_addr *b,
		   uint64_t *out);

/*
 * One document on f: JSON one top-level value, an object that begins with
 * "schema" or (array) an array; text whatever the renderer writes. End
 * it with ipl_doc_end(): 0, or -1 if writing failed.
 */
struct ipl_doc {
	struct jsonw jw;
	struct ipl_out o;
	bool array;
};

const struct ipl_out *ipl_doc_start(struct ipl_doc *d, FILE *f, bool json,
				    bool array);
int ipl_doc_end(struct ipl_doc *d);

/* Renders one element of a list into an open object (JSON) or a line. */
typedef void (*ipl_out_fn)(const struct ipl_out *o, const void *elem);

/* A text table: its column names, a header line. */
struct ipl_table {
	const char *const *cols;
	size_t n;
};

/*
 * The n elements of v (size bytes each), each by one(): JSON a top-level
 * array of objects; text what one() writes or, with table, its fields as
 * the cells of aligned columns (nothing at all if n is 0).
 */
int ipl_out_list(FILE *f, bool json, const void *v, size_t n, size_t size,
		 ipl_out_fn one, const struct ipl_table *table);

/* JSON: "key":{ or "key":[ (key NULL: an array's element). Text: - */
void ipl_out_open(const struct ipl_out *o, const char *key);
void ipl_out_close(const struct ipl_out *o);
void ipl_out_open_array(const struct ipl_out *o, const char *key);
void ipl_out_close_array(const struct ipl_out *o);

/* Text only: s as is. */
void ipl_out_text(const struct ipl_out *o, const char *s);

/* A string; s NULL: absent. */
void ipl_out_str(const struct ipl_out *o, const char *key, const char *fmt,
		 const char *s, const char *none);
/* A string quoted for a terminal in text (ipl_quote()). */
void ipl_out_quoted(const struct ipl_out *o, const char *key,
		    const char *fmt, const char *s, const char *none);
/* An element of an array of strings (JSON); text fmt with s. */
void ipl_out_elem_str(const struct ipl_out *o, const char *fmt,
		      const char *s);

/* How a number reads in text; JSON has a number either way. */
enum ipl_num_style {
	IPL_DEC,	/* 42 */
	IPL_HEX,	/* 0x2a, as %#x */
	IPL_HEX32,	/* 0x0000002a */
};

void ipl_out_num(const struct ipl_out *o, const char *key, const char *fmt,
		 enum ipl_num_style style, bool has, uint64_t v,
		 const char *none);
void ipl_out_u64(const struct ipl_out *o, const char *key, const char *fmt,
		 bool has, uint64_t v, const char *none);
/* A number whose absence means 0: JSON always; text only if not 0. */
void ipl_out_nonzero(const struct ipl_out *o, const char *key,
		     const char *fmt, enum ipl_num_style style, uint64_t v);
/* JSON the number v; text fmt with text (NULL: nothing). */
void ipl_out_u64_as(const struct ipl_out *o, const char *key, bool has,
		    uint64_t v, const char *fmt, const char *text);
/* A name for a number (a names.h label). */
void ipl_out_label(const struct ipl_out *o, const char *key, const char *fmt,
		   bool has, uint64_t v, ipl_label_fn label, const char *none);
void ipl_out_addr(const struct ipl_out *o, const char *key, const char *fmt,
		  bool has, const struct ipl_addr *a, const char *none);
/* JSON milliseconds; text seconds with digits (1 or 2) decimals. */
void ipl_out_ms(const struct ipl_out *o, const char *key, const char *fmt,
		int digits, bool has, uint64_t ms, const char *none);
/* JSON true or false; text fmt as is if v. */
void ipl_out_flag(const struct ipl_out *o, const char *key, const char *fmt,
		  bool has, bool v);
/* JSON true or false; text fmt with yes or no. */
void ipl_out_bool(const struct ipl_out *o, const char *key, const char *fmt,
		  bool has, bool v, const char *yes, const char *no);
/* JSON only: "family", as ipl_family_of() tells. */
void ipl_out_family(const struct ipl_out *o, uint32_t present,
		    unsigned int type, uint64_t family,
		    const struct ipl_addr *a, const struct ipl_addr *b);
/*
 * An address and a port: text fmt with "ADDR:PORT" ("[ADDR]:PORT" for
 * IPv6, "-" for what is absent); JSON akey and pkey.
 */
void ipl_out_endpoint(const struct ipl_out *o, const char *akey,
		      const char *pkey, const char *fmt, bool has_addr,
		      const struct ipl_addr *a, bool has_port, uint64_t port);

/*
 * The head of a monitor event: the timestamp if ts is not NULL (text
 * "Timestamp: DATE USEC usec" in local time, as "ip monitor -t"; JSON
 * "timestamp", RFC 3339 in UTC with microseconds), then the event's
 * name: text fmt with it, JSON "event" ("event_0" for one that came
 * without).
 */
void ipl_out_event(const struct ipl_out *o, const struct timespec *ts,
		   const char *fmt, bool has_event, uint64_t event);

/* A "name: value" line of a text list ("  name: value"), a JSON member. */
void ipl_out_item_str(const struct ipl_out *o, const char *key,
		      const char *s);
void ipl_out_item_u64(const struct ipl_out *o, const char *key, uint64_t v);

#endif /* IPL_PRINT_H */
