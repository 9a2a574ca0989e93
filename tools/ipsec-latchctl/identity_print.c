// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: render identity annotations as text or JSON.
 */
#include <inttypes.h>
#include <stdio.h>

#include "identity.h"
#include "json.h"
#include "names.h"
#include "util.h"

#define NONE	"-"	/* text for an absent value */

/* Long enough for an IPv6 address, a label or a 64-bit number. */
#define VAL_LEN	64
_Static_assert(VAL_LEN >= INET6_ADDRSTRLEN && VAL_LEN >= IPL_LABEL_LEN,
	       "VAL_LEN too small");

static const char *peer_str(const struct ipl_identity *id, char *buf)
{
	if (!ipl_identity_has(id, IPSEC_LATCH_ID_A_PEER))
		return NULL;
	return ipl_addr_str(&id->peer, buf, VAL_LEN);
}

int ipl_identity_print_text(FILE *f, const struct ipl_identity *v, size_t n)
{
	const struct ipl_identity *id;
	char peer[VAL_LEN];
	const char *p;
	size_t i;

	for (i = 0; i < n; i++) {
		id = &v[i];
		p = peer_str(id, peer);
		fprintf(f, "peer %s reqid ", p ? p : NONE);
		if (ipl_identity_has(id, IPSEC_LATCH_ID_A_REQID))
			fprintf(f, "%" PRIu64, id->reqid);
		else
			fputs(NONE, f);
		fputs(" id ", f);
		if (ipl_identity_has(id, IPSEC_LATCH_ID_A_ID))
			ipl_fput_quoted(f, id->id);
		else
			fputs(NONE, f);
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

int ipl_identity_print_json(FILE *f, const struct ipl_identity *v, size_t n)
{
	const struct ipl_identity *id;
	char buf[VAL_LEN];
	struct jsonw jw;
	uint64_t family;
	bool has_family;
	size_t i;

	jsonw_init(&jw, f);
	jsonw_start_array(&jw);
	for (i = 0; i < n; i++) {
		id = &v[i];
		has_family = ipl_identity_has(id, IPSEC_LATCH_ID_A_FAMILY) ||
			     ipl_identity_has(id, IPSEC_LATCH_ID_A_PEER);
		family = ipl_identity_has(id, IPSEC_LATCH_ID_A_FAMILY) ?
			 id->family : id->peer.family;
		jsonw_start_object(&jw);
		jsonw_string_field(&jw, "family", has_family ?
				   ipl_family_label(family, buf, sizeof(buf)) :
				   NULL);
		jsonw_string_field(&jw, "peer", peer_str(id, buf));
		jsonw_name(&jw, "reqid");
		if (ipl_identity_has(id, IPSEC_LATCH_ID_A_REQID))
			jsonw_u64(&jw, id->reqid);
		else
			jsonw_null(&jw);
		jsonw_string_field(&jw, "id",
				   ipl_identity_has(id, IPSEC_LATCH_ID_A_ID) ?
				   id->id : NULL);
		jsonw_end_object(&jw);
	}
	jsonw_end_array(&jw);
	return jsonw_finish(&jw);
}
