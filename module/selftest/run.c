// SPDX-License-Identifier: GPL-2.0
/*
 * Runs the in-module self-tests at load, in debug builds only (Kbuild:
 * IPSEC_LATCH_SELFTEST, on by default with lockdep kernels), so that the
 * check-debug VM run exercises the tables under KASAN, lockdep and
 * kmemleak at every load. They run before any netns state, probe, hook or
 * netlink family exists, so that no traffic, event or listener meets
 * their private tables; a failed check fails the load.
 */
#include <linux/rcupdate.h>

#include "ipsec_latch.h"
#include "selftest/selftest.h"

/*
 * The tests assume the parameters' defaults; a load may set others (the
 * VM suite does). Nothing else reads them yet: pin them for the run.
 */
static struct {
	unsigned int *param;
	unsigned int value;
	unsigned int saved;
} st_params[] __initdata = {
	{ &ipsec_latch_resolve_timeout_ms, 600000 },
	{ &ipsec_latch_max_resolutions, 4096 },
	{ &ipsec_latch_max_queue_packets, 64 },
	{ &ipsec_latch_max_queue_bytes, 262144 },
	{ &ipsec_latch_max_netns_bytes, 16777216 },
	{ &ipsec_latch_max_resolution_flows, 64 },
	{ &ipsec_latch_max_latches, 16384 },
	{ &ipsec_latch_max_latches_per_peer, 1024 },
	{ &ipsec_latch_max_latches_total, 262144 },
	{ &ipsec_latch_max_resolutions_total, 65536 },
	{ &ipsec_latch_max_held_bytes_total, 67108864 },
	{ &ipsec_latch_release_inline, 16 },
	{ &ipsec_latch_max_templates, 256 },
	{ &ipsec_latch_max_identities, 4096 },
	{ &ipsec_latch_hold_ms, 2000 },
	{ &ipsec_latch_idle_ms, 300000 },
};

int __init ipsec_latch_selftest_run(void)
{
	struct ipsec_latch_selftest st = {};
	bool ok;
	int i;

	for (i = 0; i < ARRAY_SIZE(st_params); i++) {
		st_params[i].saved = READ_ONCE(*st_params[i].param);
		WRITE_ONCE(*st_params[i].param, st_params[i].value);
	}
	ok = ipsec_latch_selftest_latch(&st);
	ok = ipsec_latch_selftest_resolve(&st) && ok;
	for (i = 0; i < ARRAY_SIZE(st_params); i++)
		WRITE_ONCE(*st_params[i].param, st_params[i].saved);

	/* Latches and resolutions freed through RCU run our callbacks,
	 * and a failed load destroys the latch cache next.
	 */
	rcu_barrier();
	if (!ok || st.failed) {
		pr_err("self-tests: %u of %u checks failed\n", st.failed,
		       st.checks);
		return -ENOTRECOVERABLE;
	}
	pr_info("self-tests: %u checks passed\n", st.checks);
	return 0;
}
