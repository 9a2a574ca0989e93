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
#include "names.h"
#include "template.h"
#include "util.h"

#define NONE	"-"	/* text for an absent value */
#define ANY	"*"	/* a listener's remote end: anything */

/* Long enough for an IPv6 address, a label or a 64-bit number. */
#define VAL_LEN	64
_Static_assert(VAL_LEN >= INET6_ADDRSTRLEN && VAL_LEN >= IPL_LABEL_LEN,
	       "VAL_LEN too small");

enum tmpl_col {
	COL_ID, COL_KIND, COL_PROTO, COL_LOCAL, COL_LPORT, COL_REMOTE,
	COL_RPORT, COL_ACTION, COL_FALLBACK, COL_FLOWS, COL_PROTECTED,
	COL_BYPASSED, COL_REFUSED,
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
};

typedef char tmpl_row[NR_COLS][VAL_LEN];

/* The family: the attribute, else what the local address says. */
static bool family_of(const struct ipl_tmpl *t, uint64_t *family)
{
	if (ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_FAMILY))
		*family = t->family;
	else if (ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_LOCAL_ADDR))
		*family = t->local.family;
	else if (ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_REMOTE_ADDR))
		*family = t->remote.family;
	else
		return false;
	return true;
}

static bool is_listener(const struct ipl_tmpl *t)
{
	return ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_KIND) &&
	       t->kind == IPSEC_LATCH_TMPL_LISTENER;
}

/* A listener matches any remote end (and any local one without one). */
static const char *absent(const struct ipl_tmpl *t)
{
	return is_listener(t) ? ANY : NONE;
}

static void cell_num(char *cell, const struct ipl_tmpl *t, unsigned int type,
		     uint64_t v, const char *suffix)
{
	if (ipl_tmpl_has(t, type))
		snprintf(cell, VAL_LEN, "%" PRIu64 "%s", v, suffix);
	else
		snprintf(cell, VAL_LEN, "%s", NONE);
}

static void cell_label(char *cell, const struct ipl_tmpl *t,
		       unsigned int type, uint64_t v,
		       const char *(*label)(uint64_t, char *, size_t))
{
	char buf[VAL_LEN];

	snprintf(cell, VAL_LEN, "%s",
		 ipl_tmpl_has(t, type) ? label(v, buf, sizeof(buf)) : NONE);
}

/*
 * A listener without a local address listens on any: shown as the
 * family's any address, like ss(8) does.
 */
static void cell_local(char *cell, const struct ipl_tmpl *t)
{
	uint64_t family;

	if (ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_LOCAL_ADDR))
		ipl_addr_str(&t->local, cell, VAL_LEN);
	else if (is_listener(t) && family_of(t, &family))
		snprintf(cell, VAL_LEN, "%s",
			 family == AF_INET6 ? "::" :
			 family == AF_INET ? "0.0.0.0" : ANY);
	else
		snprintf(cell, VAL_LEN, "%s", absent(t));
}

static void cell_remote(char *cell, const struct ipl_tmpl *t)
{
	if (ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_REMOTE_ADDR))
		ipl_addr_str(&t->remote, cell, VAL_LEN);
	else
		snprintf(cell, VAL_LEN, "%s", absent(t));
}

static void cell_rport(char *cell, const struct ipl_tmpl *t)
{
	if (ipl_tmpl_has(t, IPSEC_LATCH_TMPL_A_REMOTE_PORT))
		snprintf(cell, VAL_LEN, "%" PRIu64, t->rport);
	else
		snprintf(cell, VAL_LEN, "%s", absent(t));
}

static void tmpl_cells(tmpl_row row, const struct ipl_tmpl *t)
{
	cell_num(row[COL_ID], t, IPSEC_LATCH_TMPL_A_ID, t->id, "");
	cell_label(row[COL_KIND], t, IPSEC_LATCH_TMPL_A_KIND, t->kind,
		   ipl_tmpl_kind_label);
	cell_label(row[COL_PROTO], t, IPSEC_LATCH_TMPL_A_PROTO, t->proto,
		   ipl_l4proto_label);
	cell_local(row[COL_LOCAL], t);
	cell_num(row[COL_LPORT], t, IPSEC_LATCH_TMPL_A_LOCAL_PORT, t->lport,
		 "");
	cell_remote(row[COL_REMOTE], t);
	cell_rport(row[COL_RPORT], t);
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

/* name: the number if present, or null */
static void json_num(struct jsonw *jw, const struct ipl_tmpl *t,
		     const char *name, unsigned int type, uint64_t v)
{
	jsonw_name(jw, name);
	if (ipl_tmpl_has(t, type))
		jsonw_u64(jw, v);
	else
		jsonw_null(jw);
}

static void json_label(struct jsonw *jw, const struct ipl_tmpl *t,
		       const char *name, unsigned int type, uint64_t v,
		       const char *(*label)(uint64_t, char *, size_t))
{
	char buf[VAL_LEN];

	jsonw_string_field(jw, name, ipl_tmpl_has(t, type) ?
				     label(v, buf, sizeof(buf)) : NULL);
}

static void tmpl_json(struct jsonw *jw, const struct ipl_tmpl *t)
{
	char buf[VAL_LEN];
	uint64_t family;

	jsonw_start_object(jw);
	json_num(jw, t, "id", IPSEC_LATCH_TMPL_A_ID, t->id);
	json_label(jw, t, "kind", IPSEC_LATCH_TMPL_A_KIND, t->kind,
		   ipl_tmpl_kind_label);
	jsonw_string_field(jw, "family", family_of(t, &family) ?
			   ipl_family_label(family, buf, sizeof(buf)) : NULL);
	json_label(jw, t, "proto", IPSEC_LATCH_TMPL_A_PROTO, t->proto,
		   ipl_l4proto_label);
	jsonw_string_field(jw, "local", ipl_addr_str(&t->local, buf,
						     sizeof(buf)));
	json_num(jw, t, "lport", IPSEC_LATCH_TMPL_A_LOCAL_PORT, t->lport);
	jsonw_string_field(jw, "remote", ipl_addr_str(&t->remote, buf,
						      sizeof(buf)));
	json_num(jw, t, "rport", IPSEC_LATCH_TMPL_A_REMOTE_PORT, t->rport);
	json_label(jw, t, "action", IPSEC_LATCH_TMPL_A_ACTION, t->action,
		   ipl_action_label);
	json_num(jw, t, "fallback_ms", IPSEC_LATCH_TMPL_A_FALLBACK_MS,
		 t->fallback_ms);
	json_num(jw, t, "flows", IPSEC_LATCH_TMPL_A_FLOWS, t->flows);
	json_num(jw, t, "protected", IPSEC_LATCH_TMPL_A_PROTECTED,
		 t->protected);
	json_num(jw, t, "bypassed", IPSEC_LATCH_TMPL_A_BYPASSED, t->bypassed);
	json_num(jw, t, "refused", IPSEC_LATCH_TMPL_A_REFUSED, t->refused);
	jsonw_end_object(jw);
}

int ipl_tmpl_print_json(FILE *f, const struct ipl_tmpl *v, size_t n)
{
	struct jsonw jw;
	size_t i;

	jsonw_init(&jw, f);
	jsonw_start_array(&jw);
	for (i = 0; i < n; i++)
		tmpl_json(&jw, &v[i]);
	jsonw_end_array(&jw);
	return jsonw_finish(&jw);
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
