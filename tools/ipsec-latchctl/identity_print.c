// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: render identity annotations as text or JSON.
 */
#include <stdio.h>

#include "identity.h"
#include "json.h"
#include "print.h"
#include "util.h"

int ipl_identity_print_text(FILE *f, const struct ipl_identity *v, size_t n)
{
	char peer[IPL_VAL_LEN], reqid[IPL_VAL_LEN];
	const struct ipl_identity *id;
	size_t i;

	for (i = 0; i < n; i++) {
		id = &v[i];
		fprintf(f, "peer %s reqid %s id ",
			ipl_or_none(ipl_addr_text(id->present,
						  IPSEC_LATCH_ID_A_PEER,
						  &id->peer, peer)),
			ipl_or_none(ipl_num_text(id->present,
						 IPSEC_LATCH_ID_A_REQID,
						 id->reqid, reqid)));
		if (ipl_identity_has(id, IPSEC_LATCH_ID_A_ID))
			ipl_fput_quoted(f, id->id);
		else
			fputs(IPL_NONE, f);
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

/* JSON: every member, absent values as null. */
static void identity_json(struct jsonw *jw, const void *elem)
{
	const struct ipl_identity *id = elem;
	const struct ipl_jopt o = { jw, id->present, false };

	jsonw_start_object(jw);
	ipl_jopt_family(&o, IPSEC_LATCH_ID_A_FAMILY, id->family, &id->peer,
			NULL);
	ipl_jopt_addr(&o, "peer", IPSEC_LATCH_ID_A_PEER, &id->peer);
	ipl_jopt_num(&o, "reqid", IPSEC_LATCH_ID_A_REQID, id->reqid);
	ipl_jopt_str(&o, "id", IPSEC_LATCH_ID_A_ID, id->id);
	jsonw_end_object(jw);
}

int ipl_identity_print_json(FILE *f, const struct ipl_identity *v, size_t n)
{
	return ipl_json_array(f, v, n, sizeof(*v), identity_json);
}
