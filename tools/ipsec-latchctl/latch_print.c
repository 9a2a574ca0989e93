// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: render latches, latch events and "who" answers, text
 * and JSON by the same code (print.h). Each part of a latch has one
 * function that writes its members both ways; the text views put them in
 * their own order, JSON has every member the kernel sent, always in the
 * order of the "latch list" line.
 */
#include <inttypes.h>
#include <stdio.h>

#include "latch.h"
#include "print.h"
#include "util.h"

/* How a latch reads in text. */
enum latch_view {
	LATCH_LINE,	/* "latch list" */
	LATCH_EVENT,	/* "monitor" */
	LATCH_WHO,	/* "who" */
};

#define HAS(attr)	ipl_latch_has(l, IPSEC_LATCH_LATCH_A_##attr)
#define QHAS(attr)	ipl_qop_has(q, IPSEC_LATCH_QOP_A_##attr)

/* PROTO LOCAL -> REMOTE */
static void flow_out(const struct ipl_out *o, const struct ipl_latch *l)
{
	ipl_out_family(o, l->present, IPSEC_LATCH_LATCH_A_FAMILY, l->family,
		       &l->local, &l->remote);
	ipl_out_label(o, "proto", "%s", HAS(PROTO), l->proto,
		      ipl_l4proto_label, IPL_NONE);
	ipl_out_endpoint(o, "local", "lport", " %s", HAS(LOCAL_ADDR),
			 &l->local, HAS(LOCAL_PORT), l->lport);
	ipl_out_text(o, " ->");
	ipl_out_endpoint(o, "remote", "rport", " %s", HAS(REMOTE_ADDR),
			 &l->remote, HAS(REMOTE_PORT), l->rport);
}

static void state_out(const struct ipl_out *o, const struct ipl_latch *l)
{
	ipl_out_label(o, "state", " %s", HAS(STATE), l->state,
		      ipl_latch_state_label, IPL_NONE);
}

/* The decision, unless absent or none: NULL then. */
static const char *decision_of(const struct ipl_latch *l, char *buf)
{
	if (!HAS(DECISION) || l->decision == IPSEC_LATCH_DECISION_NONE)
		return NULL;
	return ipl_decision_label(l->decision, buf, IPL_VAL_LEN);
}

/*
 * ACTION (DECISION) bypass-spd, each if there; none: the text for no
 * action ("-" anyway before a decision)
 */
static void verdict_out(const struct ipl_out *o, const struct ipl_latch *l,
			const char *none)
{
	char buf[IPL_VAL_LEN];
	const char *decision = decision_of(l, buf);
	bool spd = HAS(BYPASS_SPD);

	ipl_out_label(o, "action", " %s", HAS(ACTION), l->action,
		      ipl_action_label, decision ? IPL_NONE : none);
	ipl_out_str(o, "decision", " (%s)", decision, NULL);
	/* a flag: false if not set, by a module that sends decisions */
	ipl_out_flag(o, "bypass_spd", " bypass-spd", HAS(DECISION) || spd,
		     spd);
}

/* its socket asked for it (and no template is named) */
static void requested_out(const struct ipl_out *o, const struct ipl_latch *l)
{
	ipl_out_flag(o, "requested", " requested", HAS(REQUESTED),
		     HAS(REQUESTED));
}

/* peer "ID" (SOURCE) */
static void peer_out(const struct ipl_out *o, const struct ipl_latch *l)
{
	ipl_out_quoted(o, "peer", " peer %s", HAS(PEER_ID) ? l->peer_id : NULL,
		       NULL);
	ipl_out_label(o, "id_source", " (%s)", HAS(ID_SOURCE), l->id_source,
		      ipl_id_source_label, NULL);
}

/* NAME ALG/BITS, "-" for whichever is absent; nothing if both are */
static void alg_out(const struct ipl_out *o, const struct ipl_qop *q,
		    const char *name, const char *alg_key,
		    unsigned int alg_type, const char *alg,
		    const char *bits_key, unsigned int bits_type,
		    uint64_t bits)
{
	bool has_alg = ipl_qop_has(q, alg_type);

	if (!has_alg && !ipl_qop_has(q, bits_type))
		return;
	ipl_out_text(o, name);
	ipl_out_str(o, alg_key, " %s", has_alg ? alg : NULL, IPL_NONE);
	ipl_out_u64(o, bits_key, "/%s", ipl_qop_has(q, bits_type), bits,
		    NULL);
}

/* The QoP's present parts, each after a space. */
static void qop_out(const struct ipl_out *o, const struct ipl_latch *l)
{
	const struct ipl_qop *q = &l->qop;

	if (!HAS(QOP))
		return;
	ipl_out_open(o, "qop");
	ipl_out_label(o, "xfrm_proto", " %s", QHAS(XFRM_PROTO), q->xfrm_proto,
		      ipl_xfrm_proto_label, NULL);
	ipl_out_label(o, "mode", " %s", QHAS(MODE), q->mode,
		      ipl_xfrm_mode_label, NULL);
	alg_out(o, q, " enc", "enc_alg", IPSEC_LATCH_QOP_A_ENC_ALG, q->enc_alg,
		"enc_bits", IPSEC_LATCH_QOP_A_ENC_BITS, q->enc_bits);
	alg_out(o, q, " auth", "auth_alg", IPSEC_LATCH_QOP_A_AUTH_ALG,
		q->auth_alg, "auth_bits", IPSEC_LATCH_QOP_A_AUTH_BITS,
		q->auth_bits);
	alg_out(o, q, " aead", "aead_alg", IPSEC_LATCH_QOP_A_AEAD_ALG,
		q->aead_alg, "aead_bits", IPSEC_LATCH_QOP_A_AEAD_BITS,
		q->aead_bits);
	ipl_out_u64(o, "icv_bits", " icv %s", QHAS(ICV_BITS), q->icv_bits,
		    NULL);
	ipl_out_u64(o, "reqid", " reqid %s", QHAS(REQID), q->reqid, NULL);
	ipl_out_addr(o, "peer", " peer-addr %s", QHAS(PEER), &q->peer, NULL);
	if (QHAS(SPI_IN) || QHAS(SPI_OUT))
		ipl_out_text(o, " spi");
	ipl_out_num(o, "spi_in", " in %s", IPL_HEX32, QHAS(SPI_IN), q->spi_in,
		    NULL);
	ipl_out_num(o, "spi_out", " out %s", IPL_HEX32, QHAS(SPI_OUT),
		    q->spi_out, NULL);
	ipl_out_close(o);
}

/* "template N", or "transparent" for template 0; NULL if absent */
static const char *template_str(const struct ipl_latch *l, char *buf)
{
	if (!HAS(TEMPLATE_ID))
		return NULL;
	if (!l->template_id)
		return "transparent";
	snprintf(buf, IPL_VAL_LEN, "template %" PRIu64, l->template_id);
	return buf;
}

static void template_out(const struct ipl_out *o, const struct ipl_latch *l)
{
	char buf[IPL_VAL_LEN];

	ipl_out_u64_as(o, "template", HAS(TEMPLATE_ID), l->template_id, " %s",
		       template_str(l, buf));
}

/* NAME in/out X/Y, "-" for whichever is absent; nothing if both are */
static void in_out(const struct ipl_out *o, const char *name,
		   const char *in_key, bool has_in, uint64_t in,
		   const char *out_key, bool has_out, uint64_t out)
{
	if (!has_in && !has_out)
		return;
	ipl_out_text(o, name);
	ipl_out_u64(o, in_key, "%s", has_in, in, IPL_NONE);
	ipl_out_u64(o, out_key, "/%s", has_out, out, IPL_NONE);
}

/* age, idle, packets, drops, broken, memory */
static void usage_out(const struct ipl_out *o, const struct ipl_latch *l)
{
	ipl_out_ms(o, "age_ms", " age %s", 1, HAS(AGE_MS), l->age_ms, NULL);
	ipl_out_ms(o, "idle_ms", " idle %s", 1, HAS(IDLE_MS), l->idle_ms,
		   NULL);
	in_out(o, " pkts in/out ", "packets_in", HAS(PACKETS_IN),
	       l->packets_in, "packets_out", HAS(PACKETS_OUT), l->packets_out);
	in_out(o, " drops in/out ", "drops_in", HAS(DROPS_IN), l->drops_in,
	       "drops_out", HAS(DROPS_OUT), l->drops_out);
	ipl_out_u64(o, "broken", " broken %s", HAS(BROKEN), l->broken, NULL);
	ipl_out_u64(o, "memory", " mem %sB", HAS(MEMORY), l->memory, NULL);
}

/* Text only: the peer line of "who", who it is and where that comes from */
static void who_peer(const struct ipl_out *o, const struct ipl_latch *l)
{
	const struct ipl_qop *q = &l->qop;
	char buf[IPL_QUOTED_LEN], addr[IPL_VAL_LEN];

	if (HAS(PEER_ID)) {
		ipl_out_text(o, "  peer ");
		ipl_out_text(o, ipl_quote(l->peer_id, buf, sizeof(buf)));
		if (!HAS(ID_SOURCE))
			ipl_out_text(o, "\n");
		else if (l->id_source == IPSEC_LATCH_ID_IKE)
			ipl_out_text(o, " (IKE identity)\n");
		else if (l->id_source == IPSEC_LATCH_ID_DERIVED)
			ipl_out_text(o, " (derived: peer address + reqid)\n");
		else
			ipl_out_label(o, NULL, " (%s)\n", true, l->id_source,
				      ipl_id_source_label, NULL);
	} else if (HAS(ACTION) && l->action == IPSEC_LATCH_ACTION_BYPASS) {
		ipl_out_text(o, "  peer none: the flow is latched in the clear (bypass)\n");
	} else if (HAS(DECISION) &&
		   l->decision == IPSEC_LATCH_DECISION_PENDING) {
		ipl_out_text(o, "  peer not known yet: the first packet waits for an SA, else falls back to the clear (pending)\n");
	} else if (HAS(STATE) && l->state == IPSEC_LATCH_STATE_LARVAL) {
		ipl_out_text(o, "  peer not known yet: no protected packet so far (larval)\n");
	} else if (HAS(QOP) && QHAS(PEER) && QHAS(REQID)) {
		snprintf(buf, sizeof(buf),
			 "  peer \"%s reqid %" PRIu64
			 "\" (derived: peer address + reqid)\n",
			 ipl_or_none(ipl_addr_str(&q->peer, addr,
						  sizeof(addr))), q->reqid);
		ipl_out_text(o, buf);
	} else {
		ipl_out_text(o, "  peer unknown (the module did not say)\n");
	}
}

/* Text only: "  state STATE, ACTION (DECISION), bypass-spd, template N" */
static void who_state(const struct ipl_out *o, const struct ipl_latch *l)
{
	char state[IPL_VAL_LEN], action[IPL_VAL_LEN], decision[IPL_VAL_LEN];
	char label[IPL_VAL_LEN], tmpl[IPL_VAL_LEN], line[5 * IPL_VAL_LEN];
	const char *parts[4], *dec = decision_of(l, decision);
	size_t i, n = 0, len = 0;

	if (HAS(STATE))
		parts[n++] = ipl_latch_state_label(l->state, state,
						   sizeof(state));
	if (HAS(ACTION) || dec) {
		snprintf(action, sizeof(action), "%s%s%s%s",
			 HAS(ACTION) ? ipl_action_label(l->action, label,
							sizeof(label)) :
			 IPL_NONE, dec ? " (" : "", dec ? dec : "",
			 dec ? ")" : "");
		parts[n++] = action;
	}
	if (HAS(BYPASS_SPD))
		parts[n++] = "bypass-spd";
	if (HAS(TEMPLATE_ID))
		parts[n++] = template_str(l, tmpl);
	if (!n)
		return;
	for (i = 0; i < n; i++)
		len += snprintf(line + len, sizeof(line) - len, "%s%s",
				i ? ", " : "  state ", parts[i]);
	ipl_out_text(o, line);
	ipl_out_text(o, "\n");
}

static void latch_out(const struct ipl_out *out, const struct ipl_latch *l,
		      enum latch_view view)
{
	struct ipl_out lo = *out;
	const struct ipl_out *o = &lo;

	lo.omit = true;		/* JSON: only what the kernel sent */
	if (o->jw)
		view = LATCH_LINE;
	flow_out(o, l);
	switch (view) {
	case LATCH_LINE:
		state_out(o, l);
		verdict_out(o, l, IPL_NONE);
		peer_out(o, l);
		qop_out(o, l);
		template_out(o, l);
		requested_out(o, l);
		usage_out(o, l);
		break;
	case LATCH_EVENT:
		peer_out(o, l);
		qop_out(o, l);
		verdict_out(o, l, NULL);
		template_out(o, l);
		requested_out(o, l);
		break;
	case LATCH_WHO:
		ipl_out_text(o, "\n");
		who_peer(o, l);
		who_state(o, l);
		if (HAS(QOP) && l->qop.present) {
			ipl_out_text(o, "  qop");
			qop_out(o, l);
			ipl_out_text(o, "\n");
		}
		return;
	}
	ipl_out_text(o, "\n");
}

static void latch_line(const struct ipl_out *o, const void *elem)
{
	latch_out(o, elem, LATCH_LINE);
}

int ipl_latch_print(FILE *f, bool json, const struct ipl_latch *v, size_t n)
{
	return ipl_out_list(f, json, v, n, sizeof(*v), latch_line, NULL);
}

int ipl_latch_event_print(FILE *f, bool json, const struct timespec *ts,
			  const struct ipl_latch_event *ev)
{
	static const struct ipl_latch none;
	struct ipl_doc d;
	const struct ipl_out *o = ipl_doc_start(&d, f, json, false);

	ipl_out_event(o, ts, "latch %s ", ev->has_event, ev->event);
	ipl_out_open(o, "latch");
	latch_out(o, ev->has_latch ? &ev->latch : &none, LATCH_EVENT);
	ipl_out_close(o);
	return ipl_doc_end(&d);
}

int ipl_latch_print_who(FILE *f, bool json, const struct ipl_latch *l)
{
	struct ipl_doc d;

	latch_out(ipl_doc_start(&d, f, json, false), l, LATCH_WHO);
	return ipl_doc_end(&d);
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
