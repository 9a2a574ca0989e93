// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: render resolutions and resolution events as text or
 * JSON.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/socket.h>

#include "json.h"
#include "names.h"
#include "resolution.h"
#include "util.h"

#define NONE	"-"	/* text for an absent value */

/* Long enough for an IPv6 address, a label or a 64-bit number. */
#define VAL_LEN	64
_Static_assert(VAL_LEN >= INET6_ADDRSTRLEN && VAL_LEN >= IPL_LABEL_LEN,
	       "VAL_LEN too small");

typedef const char *(*ipl_vlabel_fn)(uint64_t v, char *buf, size_t len);

/* Address as text by its length, or NULL if absent. */
static const char *addr_str(const uint8_t *addr, uint8_t len, char *buf)
{
	int af = len == 16 ? AF_INET6 : AF_INET;

	if (!len)
		return NULL;
	return inet_ntop(af, addr, buf, VAL_LEN);
}

static const char *daddr_str(const struct ipl_res *r, char *buf)
{
	return ipl_res_has(r, IPSEC_LATCH_RES_A_DADDR) ?
	       addr_str(r->daddr, r->daddr_len, buf) : NULL;
}

static const char *saddr_str(const struct ipl_res *r, char *buf)
{
	return ipl_res_has(r, IPSEC_LATCH_RES_A_SADDR) ?
	       addr_str(r->saddr, r->saddr_len, buf) : NULL;
}

/* Label of a present value, else NULL. */
static const char *label_of(const struct ipl_res *r, unsigned int type,
			    uint64_t v, ipl_vlabel_fn label, char *buf)
{
	return ipl_res_has(r, type) ? label(v, buf, VAL_LEN) : NULL;
}

/* The errno of a failed resolution; 0 (none) is not an error. */
static const char *error_str(const struct ipl_res *r, char *buf)
{
	if (!ipl_res_has(r, IPSEC_LATCH_RES_A_ERROR) || !r->error)
		return NULL;
	return ipl_errno_label(r->error, buf, VAL_LEN);
}

/* The outer family: the attribute, else what the addresses say. */
static const char *family_str(const struct ipl_res *r, char *buf)
{
	uint64_t family;

	if (ipl_res_has(r, IPSEC_LATCH_RES_A_FAMILY))
		family = r->family;
	else if (ipl_res_has(r, IPSEC_LATCH_RES_A_DADDR))
		family = r->daddr_len == 16 ? AF_INET6 : AF_INET;
	else
		return NULL;
	return ipl_family_label(family, buf, VAL_LEN);
}

static const char *num_str(const struct ipl_res *r, unsigned int type,
			   uint64_t v, char *buf)
{
	if (!ipl_res_has(r, type))
		return NULL;
	snprintf(buf, VAL_LEN, "%" PRIu64, v);
	return buf;
}

/* The age, in seconds with digits (1 or 2) decimals. */
static const char *age_str(const struct ipl_res *r, int digits, char *buf)
{
	if (!ipl_res_has(r, IPSEC_LATCH_RES_A_AGE_MS))
		return NULL;
	return ipl_ms_str(r->age_ms, digits, buf, VAL_LEN);
}

static const char *or_none(const char *s)
{
	return s ? s : NONE;
}

/* DST SRC PROTO MODE, shared by list and monitor lines */
static void print_sa_text(FILE *f, const struct ipl_res *r)
{
	char dst[VAL_LEN], src[VAL_LEN], proto[VAL_LEN], mode[VAL_LEN];

	fprintf(f, "%s %s %s %s", or_none(daddr_str(r, dst)),
		or_none(saddr_str(r, src)),
		or_none(label_of(r, IPSEC_LATCH_RES_A_PROTO, r->proto,
				 ipl_xfrm_proto_label, proto)),
		or_none(label_of(r, IPSEC_LATCH_RES_A_MODE, r->mode,
				 ipl_xfrm_mode_label, mode)));
}

int ipl_res_print_text(FILE *f, const struct ipl_res *r)
{
	char reqid[VAL_LEN], state[VAL_LEN], age[VAL_LEN], waiters[VAL_LEN];
	char pkts[VAL_LEN], bytes[VAL_LEN], drops[VAL_LEN], err[VAL_LEN];
	const char *e = error_str(r, err);

	print_sa_text(f, r);
	fprintf(f, " %s %s %s %s %s/%s %s",
		or_none(num_str(r, IPSEC_LATCH_RES_A_REQID, r->reqid, reqid)),
		or_none(label_of(r, IPSEC_LATCH_RES_A_STATE, r->state,
				 ipl_res_state_label, state)),
		or_none(age_str(r, 1, age)),
		or_none(num_str(r, IPSEC_LATCH_RES_A_WAITERS, r->waiters,
				waiters)),
		or_none(num_str(r, IPSEC_LATCH_RES_A_QUEUED_PACKETS,
				r->queued_packets, pkts)),
		or_none(num_str(r, IPSEC_LATCH_RES_A_QUEUED_BYTES,
				r->queued_bytes, bytes)),
		or_none(num_str(r, IPSEC_LATCH_RES_A_DROPS, r->drops, drops)));
	if (e)
		fprintf(f, " %s", e);
	fputc('\n', f);
	return ferror(f) ? -1 : 0;
}

int ipl_res_event_print_text(FILE *f, const struct ipl_res_event *ev)
{
	static const struct ipl_res none;
	const struct ipl_res *r = ev->has_res ? &ev->res : &none;
	char event[VAL_LEN], reqid[VAL_LEN], age[VAL_LEN], err[VAL_LEN];
	const char *e = error_str(r, err);

	fprintf(f, "%s ", ipl_event_label(ev->has_event ? ev->event : 0,
					  event, sizeof(event)));
	print_sa_text(f, r);
	fprintf(f, " reqid %s after %s",
		or_none(num_str(r, IPSEC_LATCH_RES_A_REQID, r->reqid, reqid)),
		or_none(age_str(r, 2, age)));
	if (e)
		fprintf(f, ": %s", e);
	fputc('\n', f);
	return ferror(f) ? -1 : 0;
}

/* name: the number if present, or null */
static void json_num(struct jsonw *jw, const struct ipl_res *r,
		     const char *name, unsigned int type, uint64_t v)
{
	jsonw_name(jw, name);
	if (ipl_res_has(r, type))
		jsonw_u64(jw, v);
	else
		jsonw_null(jw);
}

/* The resolution's members, into an open object. */
static void res_json_fields(struct jsonw *jw, const struct ipl_res *r)
{
	char buf[VAL_LEN];

	jsonw_string_field(jw, "dst", daddr_str(r, buf));
	jsonw_string_field(jw, "src", saddr_str(r, buf));
	jsonw_string_field(jw, "family", family_str(r, buf));
	jsonw_string_field(jw, "proto",
			   label_of(r, IPSEC_LATCH_RES_A_PROTO, r->proto,
				    ipl_xfrm_proto_label, buf));
	jsonw_string_field(jw, "mode",
			   label_of(r, IPSEC_LATCH_RES_A_MODE, r->mode,
				    ipl_xfrm_mode_label, buf));
	json_num(jw, r, "reqid", IPSEC_LATCH_RES_A_REQID, r->reqid);
	jsonw_string_field(jw, "state",
			   label_of(r, IPSEC_LATCH_RES_A_STATE, r->state,
				    ipl_res_state_label, buf));
	json_num(jw, r, "age_ms", IPSEC_LATCH_RES_A_AGE_MS, r->age_ms);
	json_num(jw, r, "waiters", IPSEC_LATCH_RES_A_WAITERS, r->waiters);
	json_num(jw, r, "queued_packets", IPSEC_LATCH_RES_A_QUEUED_PACKETS,
		 r->queued_packets);
	json_num(jw, r, "queued_bytes", IPSEC_LATCH_RES_A_QUEUED_BYTES,
		 r->queued_bytes);
	json_num(jw, r, "drops", IPSEC_LATCH_RES_A_DROPS, r->drops);
	jsonw_string_field(jw, "error", error_str(r, buf));
}

int ipl_res_print_json(FILE *f, const struct ipl_res *v, size_t n)
{
	struct jsonw jw;
	size_t i;

	jsonw_init(&jw, f);
	jsonw_start_array(&jw);
	for (i = 0; i < n; i++) {
		jsonw_start_object(&jw);
		res_json_fields(&jw, &v[i]);
		jsonw_end_object(&jw);
	}
	jsonw_end_array(&jw);
	return jsonw_finish(&jw);
}

int ipl_res_event_print_json(FILE *f, const struct ipl_res_event *ev)
{
	static const struct ipl_res none;
	char buf[VAL_LEN];
	struct jsonw jw;

	jsonw_init(&jw, f);
	jsonw_start_object(&jw);
	jsonw_string_field(&jw, "event",
			   ipl_event_label(ev->has_event ? ev->event : 0,
					   buf, sizeof(buf)));
	res_json_fields(&jw, ev->has_res ? &ev->res : &none);
	jsonw_end_object(&jw);
	return jsonw_finish(&jw);
}
