// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: render the findings of the SPD check, see spd.h.
 */
#include <netinet/in.h>
#include <stdio.h>

#include <linux/xfrm.h>

#include "print.h"
#include "spd.h"
#include "util.h"

#define SEE	"; see ipsec-latchctl(8), section BYPASS-OR-PROTECT."

/* " NAME N", " NAME N mask 0xM" for a partial mask; nothing for none */
static void append_port(char *buf, size_t len, size_t *n, const char *name,
			uint16_t port, uint16_t mask)
{
	if (!mask)
		return;
	ipl_append(buf, len, n, " %s %u", name, port);
	if (mask != 0xffff)
		ipl_append(buf, len, n, " mask 0x%04x", mask);
}

const char *ipl_spd_selector_str(const struct ipl_spd_policy *p, char *buf,
				 size_t len)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	char proto[IPL_LABEL_LEN];
	size_t n = 0;

	buf[0] = '\0';
	ipl_append(buf, len, &n, "src %s/%u dst %s/%u",
		   ipl_or_none(ipl_addr_str(&p->saddr, src, sizeof(src))),
		   p->plen_s,
		   ipl_or_none(ipl_addr_str(&p->daddr, dst, sizeof(dst))),
		   p->plen_d);
	if (p->proto == IPPROTO_TCP || p->proto == IPPROTO_UDP)
		ipl_append(buf, len, &n, " proto %s",
			   ipl_l4proto_label(p->proto, proto, sizeof(proto)));
	else if (p->proto)
		ipl_append(buf, len, &n, " proto %u", p->proto);
	append_port(buf, len, &n, "sport", p->sport, p->sport_mask);
	append_port(buf, len, &n, "dport", p->dport, p->dport_mask);
	if (p->ifindex)
		ipl_append(buf, len, &n, " ifindex %d", p->ifindex);
	return buf;
}

const char *ipl_spd_finding_text(const struct ipl_spd_finding *fd, char *buf)
{
	const struct ipl_spd_policy *p = fd->policy;
	char sel[256];

	if (!p) {
		snprintf(buf, IPL_SPD_TEXT_LEN,
			 "the default inbound action is block and no inbound policy lets clear packets of these flows in: clear first packets are dropped by the kernel, so these flows can only be protected. For BYPASS-OR-PROTECT add an optional inbound policy ('level use') for them, or an allow policy without templates"
			 SEE);
		return buf;
	}
	ipl_spd_selector_str(p, sel, sizeof(sel));
	if (fd->why == IPL_SPD_TIES)
		snprintf(buf, IPL_SPD_TEXT_LEN,
			 "%s policy %s has priority 0, as the module's BYPASS entries for a flow that falls back to the clear; the kernel uses the older of the two, so such a flow %s. Give that policy a priority of 1 or more (e.g. 'ip xfrm policy update ... priority 1000')"
			 SEE, p->dir == XFRM_POLICY_OUT ? "outbound" : "inbound",
			 sel, p->dir == XFRM_POLICY_OUT ?
			 "still goes to IPsec and cannot fall back" :
			 "has its clear replies dropped");
	else if (fd->why == IPL_SPD_BLOCKS)
		snprintf(buf, IPL_SPD_TEXT_LEN,
			 "inbound policy %s (priority %u) blocks these flows: the kernel drops their packets, clear or protected. For BYPASS-OR-PROTECT remove that policy, or give an optional inbound policy ('level use') a better priority"
			 SEE, sel, p->priority);
	else
		snprintf(buf, IPL_SPD_TEXT_LEN,
			 "inbound policy %s (priority %u) requires IPsec: clear first packets are dropped by the kernel, so these flows can only be protected. For BYPASS-OR-PROTECT make that policy optional ('level use') or give an optional inbound policy a better priority"
			 SEE, sel, p->priority);
	return buf;
}

/* One template's result; the ID in text begins each of its lines. */
static void result_out(const struct ipl_out *o, const void *elem)
{
	const struct ipl_spd_result *r = elem;
	char buf[IPL_SPD_TEXT_LEN], head[32];
	size_t i;

	snprintf(head, sizeof(head), "template %u: ", r->id);
	ipl_out_u64(o, "id", NULL, true, r->id, NULL);
	if (!r->n)
		ipl_out_text(o, head);
	ipl_out_flag(o, "ok", "ok\n", true, !r->n);
	ipl_out_open_array(o, "warnings");
	for (i = 0; i < r->n; i++) {
		ipl_out_text(o, head);
		ipl_out_elem_str(o, "%s\n",
				 ipl_spd_finding_text(&r->v[i], buf));
	}
	ipl_out_close_array(o);
}

int ipl_spd_print(FILE *f, bool json, const struct ipl_spd_result *v,
		  size_t n)
{
	return ipl_out_list(f, json, v, n, sizeof(*v), result_out, NULL);
}

int ipl_spd_check_exit(const struct ipl_spd_result *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].n)
			return IPL_EXIT_WARNINGS;
	return IPL_EXIT_OK;
}
