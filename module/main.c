// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec_latch: SA resolution and connection latching for Linux IPsec.
 * Module entry and exit, and the module parameters.
 *
 * Bring-up order is the order of dependency: per-netns storage first (the
 * observer counts into it), then the xfrm observer, then the netlink family
 * that reads both. Exit runs the same steps backwards, and each step waits
 * for its in-flight callers, so unload is safe at any moment.
 */
#include <linux/module.h>

#include "ipsec_latch.h"

bool ipsec_latch_sa_event_log;
module_param_named(sa_event_log, ipsec_latch_sa_event_log, bool, 0644);
MODULE_PARM_DESC(sa_event_log,
		 "Log each SA event the xfrm observer sees (rate-limited; default: off)");

static int __init ipsec_latch_init(void)
{
	int err;

	err = ipsec_latch_netns_init();
	if (err)
		return err;
	err = ipsec_latch_km_init();
	if (err)
		goto err_netns;
	err = ipsec_latch_genl_init();
	if (err)
		goto err_km;
	pr_info("version %s loaded\n", IPSEC_LATCH_VERSION);
	return 0;

err_km:
	ipsec_latch_km_exit();
err_netns:
	ipsec_latch_netns_exit();
	return err;
}

static void __exit ipsec_latch_exit(void)
{
	ipsec_latch_genl_exit();
	ipsec_latch_km_exit();
	ipsec_latch_netns_exit();
	pr_info("unloaded\n");
}

module_init(ipsec_latch_init);
module_exit(ipsec_latch_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The ipsec-latch authors");
MODULE_DESCRIPTION("IPsec SA resolution and connection latching (RFC 5660)");
MODULE_VERSION(IPSEC_LATCH_VERSION);
