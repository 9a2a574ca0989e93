// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: render latches, latch events and "who" answers as text
 * or JSON.
 */
#include <inttypes.h>
#include <stdio.h>

#include "json.h"
#include "latch.h"
#include "print.h"
#include "util.h"

/* Label of a present value, else NULL. */
static const char *label_of(const struct ipl_latch *l, unsigned int type,
			    uint64_t v, ipl_label_fn label, char *buf)
{
	return ipl_label_text(l->present, type, v, label, buf);
}

/* PROTO LOCAL -> REMOTE */
static void print_flow(FILE *f, const struct ipl_latch *l)
{
	char proto[IPL_VAL_LEN], local[IPL_VAL_LEN], remote[IPL_VAL_LEN];

	fprintf(f, "%s %s -> %s",
		ipl_or_none(label_of(l, IPSEC_LATCH_LATCH_A_PROTO, l->proto,
				     ipl_l4proto_label, proto)),
		ipl_endpoint_str(&l->local,
				 ipl_latch_has(l, IPSEC_LATCH_LATCH_A_LOCAL_PORT),
				 l->lport, local, sizeof(local)),
		ipl_endpoint_str(&l->remote,
				 ipl_latch_has(l, IPSEC_LATCH_LATCH_A_REMOTE_PORT),
				 l->rport, remote, sizeof(remote)));
}

/* [ peer "ID" [(SOURCE)]] */
static void print_peer(FILE *f, const struct ipl_latch *l)
{
	char buf[IPL_VAL_LEN];

	if (!ipl_latch_has(l, IPSEC_LATCH_LATCH_A_PEER_ID))
		return;
	fputs(" peer ", f);
	ipl_fput_quoted(f, l->peer_id);
	if (ipl_latch_has(l, IPSEC_LATCH_LATCH_A_ID_SOURCE))
		fprintf(f, " (%s)", ipl_id_source_label(l->id_source, buf,
							sizeof(buf)));
}

/* [ NAME ALG[/BITS]] */
static void print_alg(FILE *f, const struct ipl_qop *q, const char *name,
		      unsigned int alg_type, const char *alg,
		      unsigned int bits_type, uint64_t bits)
{
	bool has_alg = ipl_qop_has(q, alg_type);

	if (!has_alg && !ipl_qop_has(q, bits_type))
		return;
	fprintf(f, " %s %s", name, has_alg ? alg : IPL_NONE);
	if (ipl_qop_has(q, bits_type))
		fprintf(f, "/%" PRIu64, bits);
}

/* The QoP's present parts, each after a space. */
static void print_qop(FILE *f, const struct ipl_qop *q)
{
	char buf[IPL_VAL_LEN];

	if (ipl_qop_has(q, IPSEC_LATCH_QOP_A_XFRM_PROTO))
		fprintf(f, " %s", ipl_xfrm_proto_label(q->xfrm_proto, buf,
						       sizeof(buf)));
	if (ipl_qop_has(q, IPSEC_LATCH_QOP_A_MODE))
		fprintf(f, " %s", ipl_xfrm_mode_label(q->mode, buf,
						      sizeof(buf)));
	print_alg(f, q, "enc", IPSEC_LATCH_QOP_A_ENC_ALG, q->enc_alg,
		  IPSEC_LATCH_QOP_A_ENC_BITS, q->enc_bits);
	print_alg(f, q, "auth", IPSEC_LATCH_QOP_A_AUTH_ALG, q->auth_alg,
		  IPSEC_LATCH_QOP_A_AUTH_BITS, q->auth_bits);
	print_alg(f, q, "aead", IPSEC_LATCH_QOP_A_AEAD_ALG, q->aead_alg,
		  IPSEC_LATCH_QOP_A_AEAD_BITS, q->aead_bits);
	if (ipl_qop_has(q, IPSEC_LATCH_QOP_A_ICV_BITS))
		fprintf(f, " icv %" PRIu64, q->icv_bits);
	if (ipl_qop_has(q, IPSEC_LATCH_QOP_A_REQID))
		fprintf(f, " reqid %" PRIu64, q->reqid);
	if (ipl_qop_has(q, IPSEC_LATCH_QOP_A_PEER))
		fprintf(f, " peer-addr %s",
			ipl_or_none(ipl_addr_str(&q->peer, buf, sizeof(buf))));
	if (ipl_qop_has(q, IPSEC_LATCH_QOP_A_SPI_IN) ||
	    ipl_qop_has(q, IPSEC_LATCH_QOP_A_SPI_OUT))
		fputs(" spi", f);
	if (ipl_qop_has(q, IPSEC_LATCH_QOP_A_SPI_IN))
		fprintf(f, " in 0x%08" PRIx64, q->spi_in);
	if (ipl_qop_has(q, IPSEC_LATCH_QOP_A_SPI_OUT))
		fprintf(f, " out 0x%08" PRIx64, q->spi_out);
}

/* The decision, unless absent or none: NULL then. */
static const char *decision_of(const struct ipl_latch *l, char *buf)
{
	if (!ipl_latch_has(l, IPSEC_LATCH_LATCH_A_DECISION) ||
	    l->decision == IPSEC_LATCH_DECISION_NONE)
		return NULL;
	return ipl_decision_label(l->decision, buf, IPL_VAL_LEN);
}

/* "ACTION (DECISION)", each part if there ("-" for no action); or NULL */
static const char *action_str(const struct ipl_latch *l, char *buf)
{
	char action[IPL_VAL_LEN], decision[IPL_VAL_LEN];
	const char *act = label_of(l, IPSEC_LATCH_LATCH_A_ACTION, l->action,
				   ipl_action_label, action);
	const char *dec = decision_of(l, decision);

	if (!act && !dec)
		return NULL;
	if (dec)
		snprintf(buf, IPL_VAL_LEN, "%s (%s)", ipl_or_none(act), dec);
	else
		snprintf(buf, IPL_VAL_LEN, "%s", act);
	return buf;
}

#define BYPASS_SPD	"bypass-spd"

/* [ bypass-spd] */
static void print_bypass_spd(FILE *f, const struct ipl_latch *l)
{
	if (ipl_latch_has(l, IPSEC_LATCH_LATCH_A_BYPASS_SPD))
		fputs(" " BYPASS_SPD, f);
}

/* "template N", or "transparent" for template 0; NULL if absent */
static const char *template_str(const struct ipl_latch *l, char *buf)
{
	if (!ipl_latch_has(l, IPSEC_LATCH_LATCH_A_TEMPLATE_ID))
		return NULL;
	if (!l->template_id)
		return "transparent";
	snprintf(buf, IPL_VAL_LEN, "template %" PRIu64, l->template_id);
	return buf;
}

/* [ NAME in/out X/Y], "-" for whichever is absent */
static void print_in_out(FILE *f, const struct ipl_latch *l, const char *name,
			 unsigned int in_type, uint64_t in,
			 unsigned int out_type, uint64_t out)
{
	char a[IPL_VAL_LEN], b[IPL_VAL_LEN];

	if (!ipl_latch_has(l, in_type) && !ipl_latch_has(l, out_type))
		return;
	fprintf(f, " %s in/out %s/%s", name,
		ipl_or_none(ipl_num_text(l->present, in_type, in, a)),
		ipl_or_none(ipl_num_text(l->present, out_type, out, b)));
}

int ipl_latch_print_text(FILE *f, const struct ipl_latch *l)
{
	char state[IPL_VAL_LEN], action[IPL_VAL_LEN], buf[IPL_VAL_LEN];
	const char *tmpl = template_str(l, buf);

	print_flow(f, l);
	fprintf(f, " %s %s",
		ipl_or_none(label_of(l, IPSEC_LATCH_LATCH_A_STATE, l->state,
				     ipl_latch_state_label, state)),
		ipl_or_none(action_str(l, action)));
	print_bypass_spd(f, l);
	print_peer(f, l);
	if (ipl_latch_has(l, IPSEC_LATCH_LATCH_A_QOP))
		print_qop(f, &l->qop);
	if (tmpl)
		fprintf(f, " %s", tmpl);
	if (ipl_latch_has(l, IPSEC_LATCH_LATCH_A_AGE_MS))
		fprintf(f, " age %s", ipl_ms_str(l->age_ms, 1, buf, sizeof(buf)));
	if (ipl_latch_has(l, IPSEC_LATCH_LATCH_A_IDLE_MS))
		fprintf(f, " idle %s", ipl_ms_str(l->idle_ms, 1, buf,
						  sizeof(buf)));
	print_in_out(f, l, "pkts", IPSEC_LATCH_LATCH_A_PACKETS_IN,
		     l->packets_in, IPSEC_LATCH_LATCH_A_PACKETS_OUT,
		     l->packets_out);
	print_in_out(f, l, "drops", IPSEC_LATCH_LATCH_A_DROPS_IN, l->drops_in,
		     IPSEC_LATCH_LATCH_A_DROPS_OUT, l->drops_out);
	if (ipl_latch_has(l, IPSEC_LATCH_LATCH_A_BROKEN))
		fprintf(f, " broken %" PRIu64, l->broken);
	if (ipl_latch_has(l, IPSEC_LATCH_LATCH_A_MEMORY))
		fprintf(f, " mem %" PRIu64 "B", l->memory);
	fputc('\n', f);
	return ferror(f) ? -1 : 0;
}

int ipl_latch_event_print_text(FILE *f, const struct ipl_latch_event *ev)
{
	static const struct ipl_latch none;
	const struct ipl_latch *l = ev->has_latch ? &ev->latch : &none;
	char event[IPL_VAL_LEN], action[IPL_VAL_LEN], buf[IPL_VAL_LEN];
	const char *tmpl = template_str(l, buf);
	const char *act = action_str(l, action);

	fprintf(f, "latch %s ", ipl_event_text(ev->has_event, ev->event,
					       event));
	print_flow(f, l);
	print_peer(f, l);
	if (ipl_latch_has(l, IPSEC_LATCH_LATCH_A_QOP))
		print_qop(f, &l->qop);
	if (act)
		fprintf(f, " %s", act);
	print_bypass_spd(f, l);
	if (tmpl)
		fprintf(f, " %s", tmpl);
	fputc('\n', f);
	return ferror(f) ? -1 : 0;
}

/* The peer line of "who": who the identity is and where it comes from. */
static void print_who_peer(FILE *f, const struct ipl_latch *l)
{
	const struct ipl_qop *q = &l->qop;
	char buf[IPL_VAL_LEN];

	if (ipl_latch_has(l, IPSEC_LATCH_LATCH_A_PEER_ID)) {
		fputs("  peer ", f);
		ipl_fput_quoted(f, l->peer_id);
		if (!ipl_latch_has(l, IPSEC_LATCH_LATCH_A_ID_SOURCE))
			fputc('\n', f);
		else if (l->id_source == IPSEC_LATCH_ID_IKE)
			fputs(" (IKE identity)\n", f);
		else if (l->id_source == IPSEC_LATCH_ID_DERIVED)
			fputs(" (derived: peer address + reqid)\n", f);
		else
			fprintf(f, " (%s)\n", ipl_id_source_label(l->id_source,
								  buf,
								  sizeof(buf)));
		return;
	}
	if (ipl_latch_has(l, IPSEC_LATCH_LATCH_A_ACTION) &&
	    l->action == IPSEC_LATCH_ACTION_BYPASS) {
		fputs("  peer none: the flow is latched in the clear (bypass)\n",
		      f);
		return;
	}
	if (ipl_latch_has(l, IPSEC_LATCH_LATCH_A_DECISION) &&
	    l->decision == IPSEC_LATCH_DECISION_PENDING) {
		fputs("  peer not known yet: the first packet waits for an SA, else falls back to the clear (pending)\n",
		      f);
		return;
	}
	if (ipl_latch_has(l, IPSEC_LATCH_LATCH_A_STATE) &&
	    l->state == IPSEC_LATCH_STATE_LARVAL) {
		fputs("  peer not known yet: no protected packet so far (larval)\n",
		      f);
		return;
	}
	if (ipl_latch_has(l, IPSEC_LATCH_LATCH_A_QOP) &&
	    ipl_qop_has(q, IPSEC_LATCH_QOP_A_PEER) &&
	    ipl_qop_has(q, IPSEC_LATCH_QOP_A_REQID)) {
		fprintf(f, "  peer \"%s reqid %" PRIu64
			"\" (derived: peer address + reqid)\n",
			ipl_or_none(ipl_addr_str(&q->peer, buf, sizeof(buf))),
			q->reqid);
		return;
	}
	fputs("  peer unknown (the module did not say)\n", f);
}

int ipl_latch_print_who(FILE *f, const struct ipl_latch *l)
{
	char state[IPL_VAL_LEN], action[IPL_VAL_LEN], buf[IPL_VAL_LEN];
	const char *parts[4];
	int i, n = 0;

	parts[n] = label_of(l, IPSEC_LATCH_LATCH_A_STATE, l->state,
			    ipl_latch_state_label, state);
	n += !!parts[n];
	parts[n] = action_str(l, action);
	n += !!parts[n];
	parts[n] = ipl_latch_has(l, IPSEC_LATCH_LATCH_A_BYPASS_SPD) ?
		   BYPASS_SPD : NULL;
	n += !!parts[n];
	parts[n] = template_str(l, buf);
	n += !!parts[n];

	print_flow(f, l);
	fputc('\n', f);
	print_who_peer(f, l);
	if (n) {
		fputs("  state ", f);
		for (i = 0; i < n; i++)
			fprintf(f, "%s%s", i ? ", " : "", parts[i]);
		fputc('\n', f);
	}
	if (ipl_latch_has(l, IPSEC_LATCH_LATCH_A_QOP) && l->qop.present) {
		fputs("  qop", f);
		print_qop(f, &l->qop);
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

const struct ipl_latch *ipl_latch_pick(const struct ipl_latch *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!ipl_latch_has(&v[i], IPSEC_LATCH_LATCH_A_STATE) ||
		    v[i].state != IPSEC_LATCH_STATE_CLOSED)
			return &v[i];
	return n ? &v[0] : NULL;
}

/* JSON: members only for what the kernel sent. */

/* In the order of enum ipsec_latch_qop_attr. */
static void qop_json(struct jsonw *jw, const struct ipl_qop *q)
{
	const struct ipl_jopt o = { jw, q->present, true };

	jsonw_name(jw, "qop");
	jsonw_start_object(jw);
	ipl_jopt_label(&o, "xfrm_proto", IPSEC_LATCH_QOP_A_XFRM_PROTO,
		       q->xfrm_proto, ipl_xfrm_proto_label);
	ipl_jopt_label(&o, "mode", IPSEC_LATCH_QOP_A_MODE, q->mode,
		       ipl_xfrm_mode_label);
	ipl_jopt_num(&o, "reqid", IPSEC_LATCH_QOP_A_REQID, q->reqid);
	ipl_jopt_addr(&o, "peer", IPSEC_LATCH_QOP_A_PEER, &q->peer);
	ipl_jopt_str(&o, "enc_alg", IPSEC_LATCH_QOP_A_ENC_ALG, q->enc_alg);
	ipl_jopt_num(&o, "enc_bits", IPSEC_LATCH_QOP_A_ENC_BITS, q->enc_bits);
	ipl_jopt_str(&o, "auth_alg", IPSEC_LATCH_QOP_A_AUTH_ALG, q->auth_alg);
	ipl_jopt_num(&o, "auth_bits", IPSEC_LATCH_QOP_A_AUTH_BITS,
		     q->auth_bits);
	ipl_jopt_str(&o, "aead_alg", IPSEC_LATCH_QOP_A_AEAD_ALG, q->aead_alg);
	ipl_jopt_num(&o, "aead_bits", IPSEC_LATCH_QOP_A_AEAD_BITS,
		     q->aead_bits);
	ipl_jopt_num(&o, "icv_bits", IPSEC_LATCH_QOP_A_ICV_BITS, q->icv_bits);
	ipl_jopt_num(&o, "spi_in", IPSEC_LATCH_QOP_A_SPI_IN, q->spi_in);
	ipl_jopt_num(&o, "spi_out", IPSEC_LATCH_QOP_A_SPI_OUT, q->spi_out);
	jsonw_end_object(jw);
}

static void latch_json(struct jsonw *jw, const void *elem)
{
	const struct ipl_latch *l = elem;
	const struct ipl_jopt o = { jw, l->present, true };
	char buf[IPL_VAL_LEN];
	const char *decision = decision_of(l, buf);
	bool spd = ipl_latch_has(l, IPSEC_LATCH_LATCH_A_BYPASS_SPD);

	jsonw_start_object(jw);
	ipl_jopt_family(&o, IPSEC_LATCH_LATCH_A_FAMILY, l->family, &l->local,
			&l->remote);
	ipl_jopt_label(&o, "proto", IPSEC_LATCH_LATCH_A_PROTO, l->proto,
		       ipl_l4proto_label);
	ipl_jopt_addr(&o, "local", IPSEC_LATCH_LATCH_A_LOCAL_ADDR, &l->local);
	ipl_jopt_num(&o, "lport", IPSEC_LATCH_LATCH_A_LOCAL_PORT, l->lport);
	ipl_jopt_addr(&o, "remote", IPSEC_LATCH_LATCH_A_REMOTE_ADDR,
		      &l->remote);
	ipl_jopt_num(&o, "rport", IPSEC_LATCH_LATCH_A_REMOTE_PORT, l->rport);
	ipl_jopt_label(&o, "state", IPSEC_LATCH_LATCH_A_STATE, l->state,
		       ipl_latch_state_label);
	ipl_jopt_label(&o, "action", IPSEC_LATCH_LATCH_A_ACTION, l->action,
		       ipl_action_label);
	if (decision)
		jsonw_string_field(jw, "decision", decision);
	/* a flag: false if not set, by a module that sends decisions */
	if (ipl_latch_has(l, IPSEC_LATCH_LATCH_A_DECISION) || spd)
		jsonw_bool_field(jw, "bypass_spd", spd);
	ipl_jopt_num(&o, "template", IPSEC_LATCH_LATCH_A_TEMPLATE_ID,
		     l->template_id);
	ipl_jopt_str(&o, "peer", IPSEC_LATCH_LATCH_A_PEER_ID, l->peer_id);
	ipl_jopt_label(&o, "id_source", IPSEC_LATCH_LATCH_A_ID_SOURCE,
		       l->id_source, ipl_id_source_label);
	if (ipl_latch_has(l, IPSEC_LATCH_LATCH_A_QOP))
		qop_json(jw, &l->qop);
	ipl_jopt_num(&o, "age_ms", IPSEC_LATCH_LATCH_A_AGE_MS, l->age_ms);
	ipl_jopt_num(&o, "idle_ms", IPSEC_LATCH_LATCH_A_IDLE_MS, l->idle_ms);
	ipl_jopt_num(&o, "packets_in", IPSEC_LATCH_LATCH_A_PACKETS_IN,
		     l->packets_in);
	ipl_jopt_num(&o, "packets_out", IPSEC_LATCH_LATCH_A_PACKETS_OUT,
		     l->packets_out);
	ipl_jopt_num(&o, "drops_in", IPSEC_LATCH_LATCH_A_DROPS_IN,
		     l->drops_in);
	ipl_jopt_num(&o, "drops_out", IPSEC_LATCH_LATCH_A_DROPS_OUT,
		     l->drops_out);
	ipl_jopt_num(&o, "broken", IPSEC_LATCH_LATCH_A_BROKEN, l->broken);
	ipl_jopt_num(&o, "memory", IPSEC_LATCH_LATCH_A_MEMORY, l->memory);
	jsonw_end_object(jw);
}

int ipl_latch_print_json(FILE *f, const struct ipl_latch *v, size_t n)
{
	return ipl_json_array(f, v, n, sizeof(*v), latch_json);
}

int ipl_latch_print_who_json(FILE *f, const struct ipl_latch *l)
{
	struct jsonw jw;

	jsonw_init(&jw, f);
	latch_json(&jw, l);
	return jsonw_finish(&jw);
}

/* "latch":{...} */
static void event_latch_json(struct jsonw *jw, const void *obj)
{
	const struct ipl_latch_event *ev = obj;
	static const struct ipl_latch none;

	jsonw_name(jw, "latch");
	latch_json(jw, ev->has_latch ? &ev->latch : &none);
}

int ipl_latch_event_print_json(FILE *f, const struct ipl_latch_event *ev)
{
	return ipl_json_event(f, ev->has_event, ev->event, event_latch_json,
			      ev);
}
