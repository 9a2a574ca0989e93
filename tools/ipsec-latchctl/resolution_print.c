// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: render resolutions and resolution events, text and JSON
 * by the same code (print.h).
 */
#include <stdio.h>

#include "print.h"
#include "resolution.h"
#include "util.h"

/* How a resolution reads in text; JSON has every member either way. */
enum res_view {
	RES_LINE,	/* "resolve list" */
	RES_EVENT,	/* "monitor" */
};

/* The errno of a failed resolution; 0 (none) is not an error. */
static const char *error_str(const struct ipl_res *r, char *buf)
{
	if (!ipl_res_has(r, IPSEC_LATCH_RES_A_ERROR) || !r->error)
		return NULL;
	return ipl_errno_label(r->error, buf, IPL_VAL_LEN);
}

/* " if_id N mark 0xM", each only when not 0 (the kernel sends neither) */
static void key_ext_out(const struct ipl_out *o, const struct ipl_res *r)
{
	ipl_out_nonzero(o, "if_id", " if_id %s", IPL_DEC,
			ipl_res_has(r, IPSEC_LATCH_RES_A_IF_ID) ? r->if_id : 0);
	ipl_out_nonzero(o, "mark", " mark %s", IPL_HEX,
			ipl_res_has(r, IPSEC_LATCH_RES_A_MARK) ? r->mark : 0);
}

static void res_out(const struct ipl_out *o, const struct ipl_res *r,
		    enum res_view view)
{
	char buf[IPL_VAL_LEN];
	const char *err = error_str(r, buf);

#define HAS(attr)	ipl_res_has(r, IPSEC_LATCH_RES_A_##attr)
	if (o->jw)
		view = RES_LINE;
	ipl_out_addr(o, "dst", "%s", HAS(DADDR), &r->daddr, IPL_NONE);
	ipl_out_addr(o, "src", " %s", HAS(SADDR), &r->saddr, IPL_NONE);
	ipl_out_family(o, r->present, IPSEC_LATCH_RES_A_FAMILY, r->family,
		       &r->daddr, NULL);
	ipl_out_label(o, "proto", " %s", HAS(PROTO), r->proto,
		      ipl_xfrm_proto_label, IPL_NONE);
	ipl_out_label(o, "mode", " %s", HAS(MODE), r->mode,
		      ipl_xfrm_mode_label, IPL_NONE);
	if (view == RES_EVENT) {
		ipl_out_u64(o, "reqid", " reqid %s", HAS(REQID), r->reqid,
			    IPL_NONE);
		key_ext_out(o, r);
		ipl_out_ms(o, "age_ms", " after %s", 2, HAS(AGE_MS),
			   r->age_ms, IPL_NONE);
		ipl_out_str(o, "error", ": %s", err, NULL);
		ipl_out_text(o, "\n");
		return;
	}
	ipl_out_u64(o, "reqid", " %s", HAS(REQID), r->reqid, IPL_NONE);
	ipl_out_label(o, "state", " %s", HAS(STATE), r->state,
		      ipl_res_state_label, IPL_NONE);
	ipl_out_ms(o, "age_ms", " %s", 1, HAS(AGE_MS), r->age_ms, IPL_NONE);
	ipl_out_u64(o, "waiters", " %s", HAS(WAITERS), r->waiters, IPL_NONE);
	ipl_out_u64(o, "queued_packets", " %s", HAS(QUEUED_PACKETS),
		    r->queued_packets, IPL_NONE);
	ipl_out_u64(o, "queued_bytes", "/%s", HAS(QUEUED_BYTES),
		    r->queued_bytes, IPL_NONE);
	ipl_out_u64(o, "drops", " %s", HAS(DROPS), r->drops, IPL_NONE);
	ipl_out_str(o, "error", " %s", err, NULL);
	key_ext_out(o, r);
	ipl_out_text(o, "\n");
#undef HAS
}

static void res_line(const struct ipl_out *o, const void *elem)
{
	res_out(o, elem, RES_LINE);
}

int ipl_res_print(FILE *f, bool json, const struct ipl_res *v, size_t n)
{
	return ipl_out_list(f, json, v, n, sizeof(*v), res_line, NULL);
}

int ipl_res_event_print(FILE *f, bool json, const struct timespec *ts,
			const struct ipl_res_event *ev)
{
	static const struct ipl_res none;
	struct ipl_doc d;
	const struct ipl_out *o = ipl_doc_start(&d, f, json, false);

	ipl_out_event(o, ts, "%s ", ev->has_event, ev->event);
	res_out(o, ev->has_res ? &ev->res : &none, RES_EVENT);
	return ipl_doc_end(&d);
}
