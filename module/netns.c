// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state. Storage comes from pernet_operations.size so
 * that it outlives every pernet exit hook of the namespace: xfrm may still
 * notify key managers while it tears the namespace down after ours ran.
 *
 * Module unload is different: the storage is freed as soon as our own exit
 * hooks return, while callers woken with an error may still be about to
 * take its locks. So pre_exit wakes them in every netns, and exit waits
 * until they have left before the storage can go.
 */
#include <net/netns/generic.h>

#include "ipsec_latch.h"

static unsigned int ipsec_latch_net_id __read_mostly;

struct ipsec_latch_net *ipsec_latch_net(const struct net *net)
{
	return net_generic(net, ipsec_latch_net_id);
}

static int __net_init ipsec_latch_net_init(struct net *net)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(net);
	int i;

	ln->net = net;
	ln->mode = net->user_ns == &init_user_ns ?
		   READ_ONCE(ipsec_latch_default_mode) :
		   READ_ONCE(ipsec_latch_userns_mode);
	for (i = 0; i < ARRAY_SIZE(ln->counters); i++)
		atomic64_set(&ln->counters[i], 0);
	ipsec_latch_res_table_init(&ln->res);
	return ipsec_latch_table_init(ln);
}

/* Fail every resolution, waking its sleepers with an error. */
static void __net_exit ipsec_latch_net_pre_exit(struct net *net)
{
	ipsec_latch_res_table_exit(ipsec_latch_net(net));
}

/*
 * Unloading: every netns gave its routes their own output back in its
 * pre_exit. A sender preempted between reading such a route's ->output
 * (ours) and calling it would still run our output, on per-netns state
 * about to be freed: RCU-tasks waits for every task preempted anywhere.
 * Once for all netns (the pre_exits all ran first); modules load afresh.
 */
static bool tasks_synced;
bool ipsec_latch_unloading;	/* set by main.c before the netns exits */

/*
 * Netns deletion or module unload: nothing may outlive this. A netns still
 * alive here is being left by the module (a dying one has no user sockets,
 * hence no callers to wait for).
 */
static void __net_exit ipsec_latch_net_exit(struct net *net)
{
	if (check_net(net) && READ_ONCE(ipsec_latch_unloading)) {
		if (!tasks_synced) {
			synchronize_rcu_tasks();
			tasks_synced = true;
		}
		ipsec_latch_hook_socket_wait_callers();
	}
	ipsec_latch_table_exit(ipsec_latch_net(net));
	/* Its policies go after this (xfrm's exit), with no event. */
	ipsec_latch_hooks_disarm_soon();
}

static struct pernet_operations ipsec_latch_net_ops = {
	.init = ipsec_latch_net_init,
	.pre_exit = ipsec_latch_net_pre_exit,
	.exit = ipsec_latch_net_exit,
	.id = &ipsec_latch_net_id,
	.size = sizeof(struct ipsec_latch_net),
};

int ipsec_latch_netns_init(void)
{
	return register_pernet_subsys(&ipsec_latch_net_ops);
}

/* After the socket wrappers are unhooked: no caller enters after this. */
void ipsec_latch_netns_exit(void)
{
	unregister_pernet_subsys(&ipsec_latch_net_ops);
}
