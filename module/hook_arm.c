// SPDX-License-Identifier: GPL-2.0
/*
 * The hot-path hooks (socket wrappers, xfrm lookup probes) are armed only
 * while some netns could hold a packet: one with an outbound IPsec policy
 * (in its SPD or on a socket) or with an xfrm interface. A host that uses
 * no IPsec pays nothing per send, connect or route lookup.
 *
 * Arming must come before the first such policy can match a packet. An
 * outbound policy is inserted through xfrm_policy_insert() (xfrm_user,
 * af_key) or xfrm_user_policy() (a socket's own, from setsockopt), both
 * in process context. Their wrappers (ftrace, always on: a control-path
 * cost) arm, sleeping, and then insert. The key manager's policy events
 * come under RCU, too late and unable to sleep: they, and a netns going,
 * only schedule the disarm check. An xfrm interface has policies of its
 * own (its if_id's) that arm; one that exists keeps the hooks armed.
 *
 * No lock is held across an insert (xfrm_user_policy() reads user
 * memory, which a user can make take forever): a disarm check skips
 * while any insert is under way, and runs again later. It disarms once
 * no netns needs the hooks and no resolution is left; a socket policy
 * going with its socket sends no event, so the hooks then stay armed
 * until the next one. At load they are armed first and checked later: an
 * insert that began before the wrappers existed is not seen otherwise.
 *
 * If arming fails later (another IPMODIFY user of a socket function came,
 * e.g. a live patch), the insert still happens, stock, and the log says
 * why. Armed while kprobes are turned off in debugfs, the probes stay off
 * until the next disarm and arm (docs/kernel-paths.md, section 15).
 */
#include <linux/module.h>
#include <linux/wait_bit.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/xfrm.h>

#include "ftrace_hook.h"
#include "ipsec_latch.h"

static DEFINE_MUTEX(arm_mutex);
static bool armed;	/* arm_mutex; read locklessly for status */
static bool dying;	/* arm_mutex; read locklessly: unload began */
/* Tasks in a policy wrapper: a disarm check waits, unload waits. */
static atomic_t callers = ATOMIC_INIT(0);
static void disarm_check(struct work_struct *work);
static DECLARE_DELAYED_WORK(disarm_work, disarm_check);
/* The check runs this long after the last event: a flush and re-insert
 * (an IKE daemon restarting) does not disarm and re-arm.
 */
#define DISARM_DELAY (5 * HZ)

bool ipsec_latch_hooks_armed(void)
{
	return READ_ONCE(armed);
}

static int arm(void)
{
	int err = 0;

	mutex_lock(&arm_mutex);
	if (armed || dying)
		goto out;
	err = ipsec_latch_hook_lookup_arm();
	if (err)
		goto out;
	err = ipsec_latch_hook_socket_arm();
	if (err) {
		ipsec_latch_hook_lookup_disarm();
		goto out;
	}
	WRITE_ONCE(armed, true);
out:
	mutex_unlock(&arm_mutex);
	return err;
}

static bool any_net_may_hold(void)
{
	struct net *net;
	bool ret = false;

	rcu_read_lock();
	for_each_net_rcu(net) {
		if (ipsec_latch_net_may_hold(net)) {
			ret = true;
			break;
		}
	}
	rcu_read_unlock();
	return ret;
}

static void disarm_check(struct work_struct *work)
{
	mutex_lock(&arm_mutex);
	if (!armed || dying)
		goto out;
	/*
	 * An insert under way, or held packets and waiters (they end by
	 * their SA or their timeout): look again later. A caller's policy
	 * is in the SPD before its (fully ordered) decrement.
	 */
	if (atomic_read(&callers) || ipsec_latch_res_count_all()) {
		schedule_delayed_work(&disarm_work, DISARM_DELAY);
		goto out;
	}
	if (any_net_may_hold())
		goto out;
	ipsec_latch_hook_socket_disarm();
	ipsec_latch_hook_lookup_disarm();
	WRITE_ONCE(armed, false);
out:
	mutex_unlock(&arm_mutex);
}

/* Any context. */
void ipsec_latch_hooks_disarm_soon(void)
{
	if (READ_ONCE(armed) && !READ_ONCE(dying))
		mod_delayed_work(system_wq, &disarm_work, DISARM_DELAY);
}

static void insert_begin(bool outbound)
{
	atomic_inc(&callers);
	if (outbound)
		arm();
}

static void insert_end(void)
{
	/* Fully ordered: the insert before it, the waiter's check after. */
	if (atomic_dec_and_test(&callers))
		wake_up_var(&callers);
}

static int ipsec_latch_policy_insert(int dir, struct xfrm_policy *pol,
				     int excl)
{
	int ret;

	insert_begin(dir == XFRM_POLICY_OUT);
	ret = xfrm_policy_insert(dir, pol, excl);
	insert_end();
	return ret;
}

/* A socket's own policy (IP_XFRM_POLICY and the like), any direction. */
static int ipsec_latch_user_policy(struct sock *sk, int optname,
				   sockptr_t optval, int optlen)
{
	int ret;

	insert_begin(!sockptr_is_null(optval));
	ret = xfrm_user_policy(sk, optname, optval, optlen);
	insert_end();
	return ret;
}

static struct ipsec_latch_ftrace_hook policy_insert_hook = {
	.target = xfrm_policy_insert,
	.wrapper = ipsec_latch_policy_insert,
};

static struct ipsec_latch_ftrace_hook user_policy_hook = {
	.target = xfrm_user_policy,
	.wrapper = ipsec_latch_user_policy,
};

static struct ipsec_latch_ftrace_hook *const policy_hooks[] = {
	&policy_insert_hook, &user_policy_hook,
};

static struct ipsec_latch_ftrace_set policy_set;

/* After the hooks it arms are set up; they are armed on return. */
int ipsec_latch_hook_arm_init(void)
{
	int err;

	err = ipsec_latch_ftrace_set_prepare(&policy_set, policy_hooks,
					     ARRAY_SIZE(policy_hooks));
	if (err)
		return err;
	err = ipsec_latch_ftrace_set_arm(&policy_set);
	if (err) {
		ipsec_latch_ftrace_set_release(&policy_set);
		return err;
	}
	/* A conflict (e.g. a live patch) shows now: refuse to load. */
	err = arm();
	if (err) {
		ipsec_latch_hook_arm_exit();
		return err;
	}
	ipsec_latch_hooks_disarm_soon();
	return 0;
}

/*
 * Before the hooks it arms are torn down: nothing arms or disarms them
 * after this, and no task is in a policy wrapper past its last access to
 * module data (the RCU-tasks wait at unload covers its last
 * instructions). A socket policy's insert blocked in user memory (a
 * setsockopt() reading from userfaultfd) holds this up, as a blocked
 * send does the socket wrappers: say so.
 */
void ipsec_latch_hook_arm_exit(void)
{
	mutex_lock(&arm_mutex);
	WRITE_ONCE(dying, true);
	mutex_unlock(&arm_mutex);
	ipsec_latch_ftrace_set_release(&policy_set);
	while (!wait_var_event_timeout(&callers, !atomic_read(&callers),
				       10 * HZ))
		pr_warn("unload: a policy insert is still under way\n");
}

/*
 * After the key manager's events have stopped (km.c), and again after the
 * last netns exit (a dying netns may have read "not dying" just before).
 */
void ipsec_latch_hook_arm_cleanup(void)
{
	cancel_delayed_work_sync(&disarm_work);
}
