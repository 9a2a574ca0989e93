/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: rendering helpers shared by the *_print.c files. The
 * values are optional ones, valid if their type is set in a present bitmap
 * (present.h): their text (NULL if absent), and JSON members for them.
 */
#ifndef IPL_PRINT_H
#define IPL_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "addr.h"
#include "names.h"

struct jsonw;

#define IPL_NONE	"-"	/* text for an absent value */

/* Long enough for an endpoint, a label or a 64-bit number. */
#define IPL_VAL_LEN	80
_Static_assert(IPL_VAL_LEN >= IPL_ENDPOINT_LEN && IPL_VAL_LEN >= IPL_LABEL_LEN,
	       "IPL_VAL_LEN too small");

/* A names.h *_label() function. */
typedef const char *(*ipl_label_fn)(uint64_t v, char *buf, size_t len);

/* s, or IPL_NONE if it is NULL */
const char *ipl_or_none(const char *s);

/* Text of an optional value, or NULL; buf: IPL_VAL_LEN bytes. */
const char *ipl_num_text(uint32_t present, unsigned int type, uint64_t v,
			 char *buf);
const char *ipl_label_text(uint32_t present, unsigned int type, uint64_t v,
			   ipl_label_fn label, char *buf);
const char *ipl_addr_text(uint32_t present, unsigned int type,
			  const struct ipl_addr *a, char *buf);

/*
 * The family: attribute @type if present, else that of address a or,
 * failing that, b (may be NULL). False if none tells.
 */
bool ipl_family_of(uint32_t present, unsigned int type, uint64_t family,
		   const struct ipl_addr *a, const struct ipl_addr *b,
		   uint64_t *out);

/* The label of a notification's event ("event_0" if it came without). */
const char *ipl_event_text(bool has_event, uint64_t event, char *buf);

/*
 * JSON members for the optional values of one object: an absent one is
 * null, or with omit left out.
 */
struct ipl_jopt {
	struct jsonw *jw;
	uint32_t present;
	bool omit;
};

void ipl_jopt_num(const struct ipl_jopt *o, const char *name,
		  unsigned int type, uint64_t v);
void ipl_jopt_label(const struct ipl_jopt *o, const char *name,
		    unsigned int type, uint64_t v, ipl_label_fn label);
void ipl_jopt_addr(const struct ipl_jopt *o, const char *name,
		   unsigned int type, const struct ipl_addr *a);
void ipl_jopt_str(const struct ipl_jopt *o, const char *name,
		  unsigned int type, const char *s);
/* "family", as ipl_family_of() tells */
void ipl_jopt_family(const struct ipl_jopt *o, unsigned int type,
		     uint64_t family, const struct ipl_addr *a,
		     const struct ipl_addr *b);

/*
 * A JSON array of the n elements of v, size bytes each, each written by
 * one(). Returns as jsonw_finish().
 */
int ipl_json_array(FILE *f, const void *v, size_t n, size_t size,
		   void (*one)(struct jsonw *jw, const void *elem));

/*
 * "monitor -j": {"event":"NAME", then the members that members() writes
 * for obj}. Returns as jsonw_finish().
 */
int ipl_json_event(FILE *f, bool has_event, uint64_t event,
		   void (*members)(struct jsonw *jw, const void *obj),
		   const void *obj);

/*
 * One code path for both renderings (iproute2's print_*(PRINT_ANY, ...)):
 * each call writes its JSON member when jw is set, else its text.
 */
struct ipl_out {
	FILE *f;
	struct jsonw *jw;	/* NULL: text */
};

/* JSON: "key": { (key NULL: an array element or the top object). Text: - */
void ipl_out_open(const struct ipl_out *o, const char *key);
void ipl_out_close(const struct ipl_out *o);
/* Text only. */
void ipl_out_text(const struct ipl_out *o, const char *s);
/*
 * JSON: "key": s, null if s is NULL (key NULL: nothing). Text: fmt with s,
 * or none (as is, may be NULL: nothing) if s is NULL.
 */
void ipl_out_str(const struct ipl_out *o, const char *key, const char *fmt,
		 const char *s, const char *none);
/* JSON: "key": v, null unless has. Text: fmt with v if has. */
void ipl_out_u64(const struct ipl_out *o, const char *key, const char *fmt,
		 bool has, uint64_t v);
/* A "name: value" line of a text list ("  name: value"), a JSON member. */
void ipl_out_item_str(const struct ipl_out *o, const char *key,
		      const char *s);
void ipl_out_item_u64(const struct ipl_out *o, const char *key, uint64_t v);

#endif /* IPL_PRINT_H */
