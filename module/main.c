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
#include "ksym.h"

bool ipsec_latch_sa_event_log;
module_param_named(sa_event_log, ipsec_latch_sa_event_log, bool, 0644);
MODULE_PARM_DESC(sa_event_log,
		 "Log each SA event the xfrm observer sees (rate-limited; default: off)");

static const char *const ipsec_latch_mode_names[] = {
	[IPSEC_LATCH_MODE_OFF] = "off",
	[IPSEC_LATCH_MODE_QUEUE] = "queue",
	[IPSEC_LATCH_MODE_WAIT] = "wait",
};

static int mode_param_set(const char *val, const struct kernel_param *kp)
{
	int mode = sysfs_match_string(ipsec_latch_mode_names, val);

	if (mode < 0) {
		pr_err("mode=%s: use off, queue or wait\n", val);
		return -EINVAL;
	}
	*(unsigned int *)kp->arg = mode;
	return 0;
}

static int mode_param_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n",
			  ipsec_latch_mode_names[*(unsigned int *)kp->arg]);
}

static const struct kernel_param_ops mode_param_ops = {
	.set = mode_param_set,
	.get = mode_param_get,
};

unsigned int ipsec_latch_default_mode = IPSEC_LATCH_MODE_WAIT;
module_param_cb(mode, &mode_param_ops, &ipsec_latch_default_mode, 0444);
MODULE_PARM_DESC(mode,
		 "Traffic that needs a missing SA, in new netns: wait (hold packets, block callers), queue (hold, never block), off (stock) [wait]");

/*
 * A netns that a non-initial user namespace owns (an unprivileged user's
 * container) could otherwise make the module hold packets and memory for
 * it: off there unless the administrator says otherwise.
 */
unsigned int ipsec_latch_userns_mode = IPSEC_LATCH_MODE_OFF;
module_param_cb(userns_mode, &mode_param_ops, &ipsec_latch_userns_mode, 0444);
MODULE_PARM_DESC(userns_mode,
		 "The same, in new netns owned by a user namespace other than the initial one [off]");

/* Bounded unsigned parameters, checked on load and on every write. */
#define UINT_PARAM_PERM(name, var, min, max, def, perm, desc)		\
	unsigned int var = def;						\
	static int name##_set(const char *val,				\
			      const struct kernel_param *kp)		\
	{								\
		return param_set_uint_minmax(val, kp, min, max);	\
	}								\
	static const struct kernel_param_ops name##_ops = {		\
		.set = name##_set,					\
		.get = param_get_uint,					\
	};								\
	module_param_cb(name, &name##_ops, &var, perm);			\
	MODULE_PARM_DESC(name, desc " [" #def ", " #min ".." #max "]")
#define UINT_PARAM(name, var, min, max, def, desc)			\
	UINT_PARAM_PERM(name, var, min, max, def, 0644, desc)

UINT_PARAM(resolve_timeout_ms, ipsec_latch_resolve_timeout_ms, 100, 600000,
	   30000, "How long a resolution may stay PENDING before it FAILS (ms)");
UINT_PARAM(max_resolutions, ipsec_latch_max_resolutions, 1, 1000000, 4096,
	   "Resolutions (distinct SAs waited for) per netns");
UINT_PARAM(max_queue_packets, ipsec_latch_max_queue_packets, 0, 100000, 64,
	   "Packets held per resolution");
UINT_PARAM(max_queue_bytes, ipsec_latch_max_queue_bytes, 0, 1 << 30, 262144,
	   "Bytes (truesize) held per resolution");
UINT_PARAM(max_netns_bytes, ipsec_latch_max_netns_bytes, 0, 1 << 30, 16777216,
	   "Bytes (truesize) held per netns over all resolutions");
UINT_PARAM(release_inline, ipsec_latch_release_inline, 0, 100000, 16,
	   "Held packets an SA insert sends itself; a worker sends the rest");
UINT_PARAM(max_resolution_flows, ipsec_latch_max_resolution_flows, 1, 65536,
	   64, "Flows (and 4x as many routes) tracked per resolution");
UINT_PARAM(max_latches, ipsec_latch_max_latches, 1, 4194304, 16384,
	   "Latches per netns; new flows beyond it fail closed");
UINT_PARAM(max_latches_total, ipsec_latch_max_latches_total, 1, 16777216,
	   262144, "Latches of all netns together");
UINT_PARAM(max_resolutions_total, ipsec_latch_max_resolutions_total, 1,
	   4194304, 65536, "Resolutions of all netns together");
UINT_PARAM(max_held_bytes_total, ipsec_latch_max_held_bytes_total, 0,
	   1 << 30, 67108864,
	   "Bytes (truesize) held over all netns and resolutions");
UINT_PARAM(max_latches_per_peer, ipsec_latch_max_latches_per_peer, 1, 4194304,
	   1024, "Latches per netns made by one remote address's packets");
UINT_PARAM(max_templates, ipsec_latch_max_templates, 1, 65536, 256,
	   "Latch templates per netns");
UINT_PARAM(max_identities, ipsec_latch_max_identities, 1, 1048576, 4096,
	   "Peer identity annotations per netns");
UINT_PARAM(max_sock_requests, ipsec_latch_max_sock_requests, 0, 1048576, 4096,
	   "Sockets per netns whose owners asked for latching (SOCK_REQUIRE)");
UINT_PARAM(latch_hold_ms, ipsec_latch_hold_ms, 0, 600000, 2000,
	   "How long a CLOSED latch is kept before it is freed (ms)");
UINT_PARAM_PERM(probe_records, ipsec_latch_probe_records, 16, 65536, 256, 0444,
		"Lookups the probes recorded for the tables (set at load)");
UINT_PARAM(latch_idle_ms, ipsec_latch_idle_ms, 1000, 86400000, 300000,
	   "Idle time after which a datagram flow's latch closes (ms)");

static int __init ipsec_latch_init(void)
{
	int err;

	err = ipsec_latch_ksym_check_param();
	if (err)
		return err;
	err = ipsec_latch_cache_init();
	if (err)
		return err;
	err = ipsec_latch_res_init();
	if (err)
		goto err_latch;
	err = ipsec_latch_selftest_run();	/* debug builds only */
	if (err)
		goto err_res;
	err = ipsec_latch_netns_init();
	if (err)
		goto err_res;
	err = ipsec_latch_res_records_init();
	if (err)
		goto err_netns;
	err = ipsec_latch_res_netdev_init();
	if (err)
		goto err_records;
	err = ipsec_latch_res_hold_routes_init();
	if (err)
		goto err_netdev;
	err = ipsec_latch_km_init();
	if (err)
		goto err_hold_routes;
	err = ipsec_latch_hook_lookup_init();
	if (err)
		goto err_km;
	err = ipsec_latch_hook_socket_init();
	if (err)
		goto err_lookup;
	err = ipsec_latch_hook_arm_init();
	if (err)
		goto err_socket;
	err = ipsec_latch_hook_netfilter_init();
	if (err)
		goto err_arm;
	err = ipsec_latch_hook_xfrmi_init();
	if (err)
		goto err_netfilter;
	err = ipsec_latch_genl_init();
	if (err)
		goto err_xfrmi;
	pr_info("version %s loaded\n", IPSEC_LATCH_VERSION);
	return 0;

err_xfrmi:
	ipsec_latch_hook_xfrmi_exit();
err_netfilter:
	ipsec_latch_hook_netfilter_exit();
err_arm:
	ipsec_latch_hook_arm_exit();
err_socket:
	ipsec_latch_hook_socket_exit();
	ipsec_latch_hook_socket_drain();
err_lookup:
	ipsec_latch_hook_lookup_exit();
err_km:
	ipsec_latch_km_exit();
	ipsec_latch_hook_arm_cleanup();
err_hold_routes:
	ipsec_latch_res_hold_routes_exit();
err_netdev:
	ipsec_latch_res_netdev_exit();
err_records:
	ipsec_latch_res_records_exit();
err_netns:
	WRITE_ONCE(ipsec_latch_unloading, true);
	ipsec_latch_netns_exit();
	rcu_barrier();
err_res:
	ipsec_latch_res_exit();
err_latch:
	ipsec_latch_cache_exit();
	return err;
}

/*
 * No new entry first (netlink, packet hooks, socket wrappers, probes, SA
 * and device events). Then every netns fails its resolutions, which wakes sleepers
 * with an error, frees held packets and gives larval dsts their output
 * back; the woken callers leave before any netns frees its latches and
 * storage (netns.c). Last, wait until no task runs wrapper code.
 */
static void __exit ipsec_latch_exit(void)
{
	ipsec_latch_genl_exit();
	ipsec_latch_hook_xfrmi_exit();
	ipsec_latch_hook_netfilter_exit();
	ipsec_latch_hook_arm_exit();
	ipsec_latch_hook_socket_exit();
	ipsec_latch_hook_lookup_exit();
	ipsec_latch_km_exit();
	ipsec_latch_hook_arm_cleanup();
	ipsec_latch_res_hold_routes_exit();
	ipsec_latch_res_netdev_exit();
	ipsec_latch_res_records_exit();	/* before the tables they name */
	WRITE_ONCE(ipsec_latch_unloading, true);
	ipsec_latch_netns_exit();
	ipsec_latch_hook_arm_cleanup();
	ipsec_latch_hook_socket_drain();
	rcu_barrier();	/* RCU callbacks that free our objects run our code */
	ipsec_latch_res_exit();
	ipsec_latch_cache_exit();
	pr_info("unloaded\n");
}

module_init(ipsec_latch_init);
module_exit(ipsec_latch_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The ipsec-latch authors");
MODULE_DESCRIPTION("IPsec SA resolution and connection latching (RFC 5660)");
MODULE_VERSION(IPSEC_LATCH_VERSION);
