// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: rendering helpers, see print.h.
 */
#include <inttypes.h>
#include <stdio.h>

#include "json.h"
#include "present.h"
#include "print.h"

const char *ipl_or_none(const char *s)
{
	return s ? s : IPL_NONE;
}

const char *ipl_num_text(uint32_t present, unsigned int type, uint64_t v,
			 char *buf)
{
	if (!ipl_has(present, type))
		return NULL;
	snprintf(buf, IPL_VAL_LEN, "%" PRIu64, v);
	return buf;
}

const char *ipl_label_text(uint32_t present, unsigned int type, uint64_t v,
			   ipl_label_fn label, char *buf)
{
	return ipl_has(present, type) ? label(v, buf, IPL_VAL_LEN) : NULL;
}

const char *ipl_addr_text(uint32_t present, unsigned int type,
			  const struct ipl_addr *a, char *buf)
{
	if (!ipl_has(present, type))
		return NULL;
	return ipl_addr_str(a, buf, IPL_VAL_LEN);
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

const char *ipl_event_text(bool has_event, uint64_t event, char *buf)
{
	return ipl_event_label(has_event ? event : 0, buf, IPL_VAL_LEN);
}

/* name: s, or absent (s NULL) as null or not at all */
static void jopt_string(const struct ipl_jopt *o, const char *name,
			const char *s)
{
	if (s || !o->omit)
		jsonw_string_field(o->jw, name, s);
}

void ipl_jopt_num(const struct ipl_jopt *o, const char *name,
		  unsigned int type, uint64_t v)
{
	if (ipl_has(o->present, type)) {
		jsonw_u64_field(o->jw, name, v);
	} else if (!o->omit) {
		jsonw_name(o->jw, name);
		jsonw_null(o->jw);
	}
}

void ipl_jopt_label(const struct ipl_jopt *o, const char *name,
		    unsigned int type, uint64_t v, ipl_label_fn label)
{
	char buf[IPL_VAL_LEN];

	jopt_string(o, name, ipl_label_text(o->present, type, v, label, buf));
}

void ipl_jopt_addr(const struct ipl_jopt *o, const char *name,
		   unsigned int type, const struct ipl_addr *a)
{
	char buf[IPL_VAL_LEN];

	jopt_string(o, name, ipl_addr_text(o->present, type, a, buf));
}

void ipl_jopt_str(const struct ipl_jopt *o, const char *name,
		  unsigned int type, const char *s)
{
	jopt_string(o, name, ipl_has(o->present, type) ? s : NULL);
}

void ipl_jopt_family(const struct ipl_jopt *o, unsigned int type,
		     uint64_t family, const struct ipl_addr *a,
		     const struct ipl_addr *b)
{
	char buf[IPL_VAL_LEN];
	uint64_t f;

	jopt_string(o, "family",
		    ipl_family_of(o->present, type, family, a, b, &f) ?
		    ipl_family_label(f, buf, sizeof(buf)) : NULL);
}

int ipl_json_array(FILE *f, const void *v, size_t n, size_t size,
		   void (*one)(struct jsonw *jw, const void *elem))
{
	struct jsonw jw;
	size_t i;

	jsonw_init(&jw, f);
	jsonw_start_array(&jw);
	for (i = 0; i < n; i++)
		one(&jw, (const char *)v + i * size);
	jsonw_end_array(&jw);
	return jsonw_finish(&jw);
}

int ipl_json_event(FILE *f, bool has_event, uint64_t event,
		   void (*members)(struct jsonw *jw, const void *obj),
		   const void *obj)
{
	char buf[IPL_VAL_LEN];
	struct jsonw jw;

	jsonw_init(&jw, f);
	jsonw_start_object(&jw);
	jsonw_string_field(&jw, "event", ipl_event_text(has_event, event, buf));
	members(&jw, obj);
	jsonw_end_object(&jw);
	return jsonw_finish(&jw);
}

void ipl_out_open(const struct ipl_out *o, const char *key)
{
	if (!o->jw)
		return;
	if (key)
		jsonw_name(o->jw, key);
	jsonw_start_object(o->jw);
}

void ipl_out_close(const struct ipl_out *o)
{
	if (o->jw)
		jsonw_end_object(o->jw);
}

void ipl_out_text(const struct ipl_out *o, const char *s)
{
	if (!o->jw)
		fputs(s, o->f);
}

void ipl_out_str(const struct ipl_out *o, const char *key, const char *fmt,
		 const char *s, const char *none)
{
	if (o->jw) {
		if (key)
			jsonw_string_field(o->jw, key, s);
	} else if (s) {
		fprintf(o->f, fmt, s);
	}
	else if (none)
		fputs(none, o->f);
}

void ipl_out_u64(const struct ipl_out *o, const char *key, const char *fmt,
		 bool has, uint64_t v)
{
	if (o->jw) {
		jsonw_name(o->jw, key);
		if (has)
			jsonw_u64(o->jw, v);
		else
			jsonw_null(o->jw);
	} else if (has) {
		fprintf(o->f, fmt, v);
	}
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
