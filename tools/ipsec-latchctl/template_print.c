// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: render templates as a text table or JSON.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "json.h"
#include "print.h"
#include "template.h"
#include "util.h"

#define ANY	"*"	/* an open port or remote address: anything */

enum tmpl_col {
	COL_ID, COL_KIND, COL_PROTO, COL_LOCAL, COL_LPORT, COL_REMOTE,
	COL_RPORT, COL_ACTION, COL_FALLBACK, COL_FLOWS, COL_PROTECTED,
	COL_BYPASSED, COL_REFUSED, COL_FAILED,
	NR_COLS
};

static const char *const col_names[NR_COLS] = {
	[COL_ID]	= "id",
	[COL_KIND]	= "kind",
	[COL_PROTO]	= "proto",
	[COL_LOCAL]	= "local",
	[COL_LPORT]	= "lport",
	[COL_REMOTE]	= "remote",
	[COL_RPORT]	= "rport",
	[COL_ACTION]	= "action",
	[COL_FALLBACK]	= "fallback",
	[COL_FLOWS]	= "flows",
	[COL_PROTECTED]	= "protected",
	[COL_BYPASSED]	= "bypassed",
	[COL_REFUSED]	= "refused",
	[COL_FAILED]	= "failed",
};

typedef char tmpl_row[NR_COLS][IPL_VAL_LEN];

/* The family: the attribute, else what the addresses say. */
static bool family_of(const struct ipl_tmpl *t, uint64_t *family)
{
	return ipl_family_of(t->present, IPSEC_LATCH_TMPL_A_FAMILY, t->family,
			     &t->local, &t->remote, family);
}

static bool is_kind(const struct ipl_tmpl *t, uint64_t kind)
{
	return ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_KIND) && t->kind == kind;
}

/* Either kind matches any local address without one. */
static bool is_known_kind(const struct ipl_tmpl *t)
{
	return is_kind(t, IPSEC_LATCH_TMPL_LISTENER) ||
	       is_kind(t, IPSEC_LATCH_TMPL_CONNECTOR);
}

/* A listener matches any remote end. */
static const char *absent_remote(const struct ipl_tmpl *t)
{
	return is_kind(t, IPSEC_LATCH_TMPL_LISTENER) ? ANY : IPL_NONE;
}

static void cell_num(char *cell, const struct ipl_tmpl *t, unsigned int type,
		     uint64_t v, const char *suffix)
{
	if (ipl_tmpl_has(t, type))
		snprintf(cell, IPL_VAL_LEN, "%" PRIu64 "%s", v, suffix);
	else
		snprintf(cell, IPL_VAL_LEN, "%s", IPL_NONE);
}

static void cell_label(char *cell, const struct ipl_tmpl *t,
		       unsigned int type, uint64_t v, ipl_label_fn label)
{
	char buf[IPL_VAL_LEN];

	snprintf(cell, IPL_VAL_LEN, "%s",
		 ipl_or_none(ipl_label_text(t->present, type, v, label, buf)));
}

/*
 * A template without a local address matches any: shown as the family's
 * any address, like ss(8) does.
 */
static void cell_local(char *cell, const struct ipl_tmpl *t)
{
	uint64_t family;

	if (ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_LOCAL_ADDR))
		ipl_addr_str(&t->local, cell, IPL_VAL_LEN);
	else if (is_known_kind(t) && family_of(t, &family))
		snprintf(cell, IPL_VAL_LEN, "%s",
			 family == AF_INET6 ? "::" :
			 family == AF_INET ? "0.0.0.0" : ANY);
	else
		snprintf(cell, IPL_VAL_LEN, "%s", IPL_NONE);
}

/* A port, or "none" (ANY where the template leaves it open) */
static void cell_port(char *cell, const struct ipl_tmpl *t, unsigned int type,
		      uint64_t port, const char *none)
{
	if (ipl_tmpl_has(t, type))
		snprintf(cell, IPL_VAL_LEN, "%" PRIu64, port);
	else
		snprintf(cell, IPL_VAL_LEN, "%s", none);
}

static void cell_remote(char *cell, const struct ipl_tmpl *t)
{
	if (ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_REMOTE_ADDR))
		ipl_addr_str(&t->remote, cell, IPL_VAL_LEN);
	else
		snprintf(cell, IPL_VAL_LEN, "%s", absent_remote(t));
}

static void tmpl_cells(tmpl_row row, const struct ipl_tmpl *t)
{
	cell_num(row[COL_ID], t, IPSEC_LATCH_TMPL_A_ID, t->id, "");
	cell_label(row[COL_KIND], t, IPSEC_LATCH_TMPL_A_KIND, t->kind,
		   ipl_tmpl_kind_label);
	cell_label(row[COL_PROTO], t, IPSEC_LATCH_TMPL_A_PROTO, t->proto,
		   ipl_l4proto_label);
	cell_local(row[COL_LOCAL], t);
	/* a listener needs its port; a connector may leave it open */
	cell_port(row[COL_LPORT], t, IPSEC_LATCH_TMPL_A_LOCAL_PORT, t->lport,
		  is_kind(t, IPSEC_LATCH_TMPL_CONNECTOR) ? ANY : IPL_NONE);
	cell_remote(row[COL_REMOTE], t);
	cell_port(row[COL_RPORT], t, IPSEC_LATCH_TMPL_A_REMOTE_PORT, t->rport,
		  absent_remote(t));
	cell_label(row[COL_ACTION], t, IPSEC_LATCH_TMPL_A_ACTION, t->action,
		   ipl_action_label);
	cell_num(row[COL_FALLBACK], t, IPSEC_LATCH_TMPL_A_FALLBACK_MS,
		 t->fallback_ms, "ms");
	cell_num(row[COL_FLOWS], t, IPSEC_LATCH_TMPL_A_FLOWS, t->flows, "");
	cell_num(row[COL_PROTECTED], t, IPSEC_LATCH_TMPL_A_PROTECTED,
		 t->protected, "");
	cell_num(row[COL_BYPASSED], t, IPSEC_LATCH_TMPL_A_BYPASSED,
		 t->bypassed, "");
	cell_num(row[COL_REFUSED], t, IPSEC_LATCH_TMPL_A_REFUSED, t->refused,
		 "");
	cell_num(row[COL_FAILED], t, IPSEC_LATCH_TMPL_A_FAILED, t->failed, "");
}

/* Columns left-aligned, two spaces apart, no trailing blanks. */
static void print_row(FILE *f, const char *const *cells, const int *width)
{
	int c;

	for (c = 0; c < NR_COLS; c++) {
		if (c == NR_COLS - 1)
			fprintf(f, "%s\n", cells[c]);
		else
			fprintf(f, "%-*s  ", width[c], cells[c]);
	}
}

int ipl_tmpl_print_text(FILE *f, const struct ipl_tmpl *v, size_t n)
{
	const char *cells[NR_COLS];
	int width[NR_COLS];
	tmpl_row *rows;
	size_t i;
	int c;

	if (!n)
		return 0;
	rows = calloc(n, sizeof(*rows));
	if (!rows)
		return -1;
	for (c = 0; c < NR_COLS; c++)
		width[c] = strlen(col_names[c]);
	for (i = 0; i < n; i++) {
		tmpl_cells(rows[i], &v[i]);
		for (c = 0; c < NR_COLS; c++)
			if ((int)strlen(rows[i][c]) > width[c])
				width[c] = strlen(rows[i][c]);
	}
	print_row(f, col_names, width);
	for (i = 0; i < n; i++) {
		for (c = 0; c < NR_COLS; c++)
			cells[c] = rows[i][c];
		print_row(f, cells, width);
	}
	free(rows);
	return ferror(f) ? -1 : 0;
}

/* JSON: every member, absent values as null. */
static void tmpl_json(struct jsonw *jw, const void *elem)
{
	const struct ipl_tmpl *t = elem;
	const struct ipl_jopt o = { jw, t->present, false };

	jsonw_start_object(jw);
	ipl_jopt_num(&o, "id", IPSEC_LATCH_TMPL_A_ID, t->id);
	ipl_jopt_label(&o, "kind", IPSEC_LATCH_TMPL_A_KIND, t->kind,
		       ipl_tmpl_kind_label);
	ipl_jopt_family(&o, IPSEC_LATCH_TMPL_A_FAMILY, t->family, &t->local,
			&t->remote);
	ipl_jopt_label(&o, "proto", IPSEC_LATCH_TMPL_A_PROTO, t->proto,
		       ipl_l4proto_label);
	ipl_jopt_addr(&o, "local", IPSEC_LATCH_TMPL_A_LOCAL_ADDR, &t->local);
	ipl_jopt_num(&o, "lport", IPSEC_LATCH_TMPL_A_LOCAL_PORT, t->lport);
	ipl_jopt_addr(&o, "remote", IPSEC_LATCH_TMPL_A_REMOTE_ADDR,
		      &t->remote);
	ipl_jopt_num(&o, "rport", IPSEC_LATCH_TMPL_A_REMOTE_PORT, t->rport);
	ipl_jopt_label(&o, "action", IPSEC_LATCH_TMPL_A_ACTION, t->action,
		       ipl_action_label);
	ipl_jopt_num(&o, "fallback_ms", IPSEC_LATCH_TMPL_A_FALLBACK_MS,
		     t->fallback_ms);
	ipl_jopt_num(&o, "flows", IPSEC_LATCH_TMPL_A_FLOWS, t->flows);
	ipl_jopt_num(&o, "protected", IPSEC_LATCH_TMPL_A_PROTECTED,
		     t->protected);
	ipl_jopt_num(&o, "bypassed", IPSEC_LATCH_TMPL_A_BYPASSED, t->bypassed);
	ipl_jopt_num(&o, "refused", IPSEC_LATCH_TMPL_A_REFUSED, t->refused);
	ipl_jopt_num(&o, "failed", IPSEC_LATCH_TMPL_A_FAILED, t->failed);
	jsonw_end_object(jw);
}

int ipl_tmpl_print_json(FILE *f, const struct ipl_tmpl *v, size_t n)
{
	return ipl_json_array(f, v, n, sizeof(*v), tmpl_json);
}

int ipl_tmpl_print_added(FILE *f, const uint32_t *ids, size_t n, bool json)
{
	struct jsonw jw;
	size_t i;

	if (!json) {
		for (i = 0; i < n; i++)
			fprintf(f, "template %u added\n", ids[i]);
		return ferror(f) ? -1 : 0;
	}
	jsonw_init(&jw, f);
	if (n != 1)
		jsonw_start_array(&jw);
	for (i = 0; i < n; i++) {
		jsonw_start_object(&jw);
		jsonw_u64_field(&jw, "id", ids[i]);
		jsonw_end_object(&jw);
	}
	if (n != 1)
		jsonw_end_array(&jw);
	return jsonw_finish(&jw);
}
