/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which counter an xfrm key-manager notification moves. Pure logic on uapi
 * types only, so the userspace unit tests compile this very header.
 */
#ifndef _IPSEC_LATCH_SA_EVENT_H
#define _IPSEC_LATCH_SA_EVENT_H

#include <linux/types.h>
#include <linux/xfrm.h>
#include <linux/ipsec_latch.h>

/* SA notification (xfrm_mgr.notify); IPSEC_LATCH_CTR_UNSPEC = not counted. */
static inline enum ipsec_latch_counter ipsec_latch_sa_event_counter(__u32 event)
{
	switch (event) {
	case XFRM_MSG_NEWSA:
		return IPSEC_LATCH_CTR_SA_NEW;
	case XFRM_MSG_UPDSA:
		return IPSEC_LATCH_CTR_SA_UPDATE;
	case XFRM_MSG_DELSA:
		return IPSEC_LATCH_CTR_SA_DELETE;
	case XFRM_MSG_EXPIRE:
		return IPSEC_LATCH_CTR_SA_EXPIRE;
	case XFRM_MSG_FLUSHSA:
		return IPSEC_LATCH_CTR_SA_FLUSH;
	default:	/* XFRM_MSG_NEWAE: replay/lifetime counters, no change */
		return IPSEC_LATCH_CTR_UNSPEC;
	}
}

/*
 * Policy notification (xfrm_mgr.notify_policy). A soft policy expire only
 * warns; a hard one deletes the policy, so only that changes the SPD.
 */
static inline enum ipsec_latch_counter
ipsec_latch_policy_event_counter(__u32 event, int hard)
{
	switch (event) {
	case XFRM_MSG_NEWPOLICY:
	case XFRM_MSG_UPDPOLICY:
	case XFRM_MSG_DELPOLICY:
	case XFRM_MSG_FLUSHPOLICY:
		return IPSEC_LATCH_CTR_POLICY_CHANGE;
	case XFRM_MSG_POLEXPIRE:
		return hard ? IPSEC_LATCH_CTR_POLICY_CHANGE :
			      IPSEC_LATCH_CTR_UNSPEC;
	default:
		return IPSEC_LATCH_CTR_UNSPEC;
	}
}

#endif /* _IPSEC_LATCH_SA_EVENT_H */
