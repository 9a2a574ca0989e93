// SPDX-License-Identifier: GPL-2.0
/*
 * Latch events in the kernel log, for administrators who watch the
 * journal rather than the events multicast group: a flow refused a latch,
 * a latched flow broken. Off unless log_events says so, and rate-limited
 * module-wide, since remote packets can cause both.
 */
#include <linux/ratelimit.h>
#include <net/net_namespace.h>

#include "ipsec_latch.h"
#include "latch_internal.h"

static bool ipsec_latch_log_events;
module_param_named(log_events, ipsec_latch_log_events, bool, 0644);
MODULE_PARM_DESC(log_events,
		 "Also log latch broken/refused events to the kernel log (rate-limited; default: off)");

static DEFINE_RATELIMIT_STATE(latch_log_rs, 5 * HZ, 10);

/*
 * Any context: the latch's lock may be held. The flow is named local ->
 * remote, whichever way the packet went (why says). Latches are TCP or
 * UDP only.
 */
void ipsec_latch_log_event(struct ipsec_latch_net *ln,
			   const struct ipsec_latch *l,
			   enum ipsec_latch_event event, const char *why)
{
	const struct ipsec_latch_tuple *t = &l->tuple;
	unsigned int inum = ipsec_latch_net_of(ln)->ns.inum;
	const char *what = event == IPSEC_LATCH_EVENT_BROKEN ? "broken" :
							       "refused";

	if (!READ_ONCE(ipsec_latch_log_events) || !__ratelimit(&latch_log_rs))
		return;
	if (t->family == AF_INET6)
		pr_info("latch %s: %s [%pI6c]:%u -> [%pI6c]:%u, netns %u, template %u: %s, dropped\n",
			what, t->proto == IPPROTO_TCP ? "tcp" : "udp",
			&t->laddr.in6,
			ntohs(t->lport), &t->raddr.in6, ntohs(t->rport), inum,
			l->tmpl_id, why);
	else
		pr_info("latch %s: %s %pI4:%u -> %pI4:%u, netns %u, template %u: %s, dropped\n",
			what, t->proto == IPPROTO_TCP ? "tcp" : "udp",
			&t->laddr.a4,
			ntohs(t->lport), &t->raddr.a4, ntohs(t->rport), inum,
			l->tmpl_id, why);
}
