// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: render resolutions and resolution events as text or
 * JSON.
 */
#include <stdio.h>

#include "json.h"
#include "print.h"
#include "resolution.h"
#include "util.h"

static const char *daddr_str(const struct ipl_res *r, char *buf)
{
	return ipl_addr_text(r->present, IPSEC_LATCH_RES_A_DADDR, &r->daddr,
			     buf);
}

static const char *saddr_str(const struct ipl_res *r, char *buf)
{
	return ipl_addr_text(r->present, IPSEC_LATCH_RES_A_SADDR, &r->saddr,
			     buf);
}

/* Label of a present value, else NULL. */
static const char *label_of(const struct ipl_res *r, unsigned int type,
			    uint64_t v, ipl_label_fn label, char *buf)
{
	return ipl_label_text(r->present, type, v, label, buf);
}

/* The errno of a failed resolution; 0 (none) is not an error. */
static const char *error_str(const struct ipl_res *r, char *buf)
{
	if (!ipl_res_has(r, IPSEC_LATCH_RES_A_ERROR) || !r->error)
		return NULL;
	return ipl_errno_label(r->error, buf, IPL_VAL_LEN);
}

static const char *num_str(const struct ipl_res *r, unsigned int type,
			   uint64_t v, char *buf)
{
	return ipl_num_text(r->present, type, v, buf);
}

/* The age, in seconds with digits (1 or 2) decimals. */
static const char *age_str(const struct ipl_res *r, int digits, char *buf)
{
	if (!ipl_res_has(r, IPSEC_LATCH_RES_A_AGE_MS))
		return NULL;
	return ipl_ms_str(r->age_ms, digits, buf, IPL_VAL_LEN);
}

/* DST SRC PROTO MODE, shared by list and monitor lines */
static void print_sa_text(FILE *f, const struct ipl_res *r)
{
	char dst[IPL_VAL_LEN], src[IPL_VAL_LEN];
	char proto[IPL_VAL_LEN], mode[IPL_VAL_LEN];

	fprintf(f, "%s %s %s %s", ipl_or_none(daddr_str(r, dst)),
		ipl_or_none(saddr_str(r, src)),
		ipl_or_none(label_of(r, IPSEC_LATCH_RES_A_PROTO, r->proto,
				     ipl_xfrm_proto_label, proto)),
		ipl_or_none(label_of(r, IPSEC_LATCH_RES_A_MODE, r->mode,
				     ipl_xfrm_mode_label, mode)));
}

/* " if_id N mark 0xM", each only when the kernel sent it */
static void print_key_ext_text(FILE *f, const struct ipl_res *r)
{
	if (ipl_res_has(r, IPSEC_LATCH_RES_A_IF_ID))
		fprintf(f, " if_id %llu", (unsigned long long)r->if_id);
	if (ipl_res_has(r, IPSEC_LATCH_RES_A_MARK))
		fprintf(f, " mark %#llx", (unsigned long long)r->mark);
}

int ipl_res_print_text(FILE *f, const struct ipl_res *r)
{
	char reqid[IPL_VAL_LEN], state[IPL_VAL_LEN], age[IPL_VAL_LEN];
	char waiters[IPL_VAL_LEN], pkts[IPL_VAL_LEN], bytes[IPL_VAL_LEN];
	char drops[IPL_VAL_LEN], err[IPL_VAL_LEN];
	const char *e = error_str(r, err);

	print_sa_text(f, r);
	fprintf(f, " %s %s %s %s %s/%s %s",
		ipl_or_none(num_str(r, IPSEC_LATCH_RES_A_REQID, r->reqid,
				    reqid)),
		ipl_or_none(label_of(r, IPSEC_LATCH_RES_A_STATE, r->state,
				     ipl_res_state_label, state)),
		ipl_or_none(age_str(r, 1, age)),
		ipl_or_none(num_str(r, IPSEC_LATCH_RES_A_WAITERS, r->waiters,
				    waiters)),
		ipl_or_none(num_str(r, IPSEC_LATCH_RES_A_QUEUED_PACKETS,
				    r->queued_packets, pkts)),
		ipl_or_none(num_str(r, IPSEC_LATCH_RES_A_QUEUED_BYTES,
				    r->queued_bytes, bytes)),
		ipl_or_none(num_str(r, IPSEC_LATCH_RES_A_DROPS, r->drops,
				    drops)));
	if (e)
		fprintf(f, " %s", e);
	print_key_ext_text(f, r);
	fputc('\n', f);
	return ferror(f) ? -1 : 0;
}

int ipl_res_event_print_text(FILE *f, const struct ipl_res_event *ev)
{
	static const struct ipl_res none;
	const struct ipl_res *r = ev->has_res ? &ev->res : &none;
	char event[IPL_VAL_LEN], reqid[IPL_VAL_LEN], age[IPL_VAL_LEN];
	char err[IPL_VAL_LEN];
	const char *e = error_str(r, err);

	fprintf(f, "%s ", ipl_event_text(ev->has_event, ev->event, event));
	print_sa_text(f, r);
	fprintf(f, " reqid %s",
		ipl_or_none(num_str(r, IPSEC_LATCH_RES_A_REQID, r->reqid,
				    reqid)));
	print_key_ext_text(f, r);
	fprintf(f, " after %s", ipl_or_none(age_str(r, 2, age)));
	if (e)
		fprintf(f, ": %s", e);
	fputc('\n', f);
	return ferror(f) ? -1 : 0;
}

/* The resolution's members, into an open object; absent ones null. */
static void res_json_fields(struct jsonw *jw, const void *obj)
{
	const struct ipl_res *r = obj;
	const struct ipl_jopt o = { jw, r->present, false };
	char buf[IPL_VAL_LEN];

	ipl_jopt_addr(&o, "dst", IPSEC_LATCH_RES_A_DADDR, &r->daddr);
	ipl_jopt_addr(&o, "src", IPSEC_LATCH_RES_A_SADDR, &r->saddr);
	ipl_jopt_family(&o, IPSEC_LATCH_RES_A_FAMILY, r->family, &r->daddr,
			NULL);
	ipl_jopt_label(&o, "proto", IPSEC_LATCH_RES_A_PROTO, r->proto,
		       ipl_xfrm_proto_label);
	ipl_jopt_label(&o, "mode", IPSEC_LATCH_RES_A_MODE, r->mode,
		       ipl_xfrm_mode_label);
	ipl_jopt_num(&o, "reqid", IPSEC_LATCH_RES_A_REQID, r->reqid);
	jsonw_u64_field(jw, "if_id",
			ipl_res_has(r, IPSEC_LATCH_RES_A_IF_ID) ? r->if_id : 0);
	jsonw_u64_field(jw, "mark",
			ipl_res_has(r, IPSEC_LATCH_RES_A_MARK) ? r->mark : 0);
	ipl_jopt_label(&o, "state", IPSEC_LATCH_RES_A_STATE, r->state,
		       ipl_res_state_label);
	ipl_jopt_num(&o, "age_ms", IPSEC_LATCH_RES_A_AGE_MS, r->age_ms);
	ipl_jopt_num(&o, "waiters", IPSEC_LATCH_RES_A_WAITERS, r->waiters);
	ipl_jopt_num(&o, "queued_packets", IPSEC_LATCH_RES_A_QUEUED_PACKETS,
		     r->queued_packets);
	ipl_jopt_num(&o, "queued_bytes", IPSEC_LATCH_RES_A_QUEUED_BYTES,
		     r->queued_bytes);
	ipl_jopt_num(&o, "drops", IPSEC_LATCH_RES_A_DROPS, r->drops);
	jsonw_string_field(jw, "error", error_str(r, buf));
}

static void res_json(struct jsonw *jw, const void *elem)
{
	jsonw_start_object(jw);
	res_json_fields(jw, elem);
	jsonw_end_object(jw);
}

int ipl_res_print_json(FILE *f, const struct ipl_res *v, size_t n)
{
	return ipl_json_array(f, v, n, sizeof(*v), res_json);
}

int ipl_res_event_print_json(FILE *f, const struct ipl_res_event *ev)
{
	static const struct ipl_res none;

	return ipl_json_event(f, ev->has_event, ev->event, res_json_fields,
			      ev->has_res ? &ev->res : &none);
}
