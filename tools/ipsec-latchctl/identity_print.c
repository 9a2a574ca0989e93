// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: render identity annotations, text and JSON by the same
 * code (print.h).
 */
#include <stdio.h>

#include "identity.h"
#include "print.h"

/* Every member; absent ones null in JSON, "-" in text. */
static void identity_out(const struct ipl_out *o, const void *elem)
{
	const struct ipl_identity *id = elem;

	ipl_out_family(o, id->present, IPSEC_LATCH_ID_A_FAMILY, id->family,
		       &id->peer, NULL);
	ipl_out_addr(o, "peer", "peer %s",
		     ipl_identity_has(id, IPSEC_LATCH_ID_A_PEER), &id->peer,
		     IPL_NONE);
	ipl_out_u64(o, "reqid", " reqid %s",
		    ipl_identity_has(id, IPSEC_LATCH_ID_A_REQID), id->reqid,
		    IPL_NONE);
	ipl_out_quoted(o, "id", " id %s",
		       ipl_identity_has(id, IPSEC_LATCH_ID_A_ID) ? id->id :
		       NULL, IPL_NONE);
	ipl_out_text(o, "\n");
}

int ipl_identity_print(FILE *f, bool json, const struct ipl_identity *v,
		       size_t n)
{
	return ipl_out_list(f, json, v, n, sizeof(*v), identity_out, NULL);
}
