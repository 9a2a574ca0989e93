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
 * come under RCU, too late and unable to sleep: they only schedule the
 * disarm check.
 * An xfrm interface has policies of its own (its if_id's) that arm; one
 * that exists keeps the hooks armed.
 *
 * Disarming waits until no netns needs the hooks and no resolution is
 * left; a socket policy going with its socket sends no event, so its
 * hooks stay armed until the next policy event. If arming fails (another
 * IPMODIFY user of a socket function), the insert still happens, stock,
 * and the log says why.
 */
#include <linux/module.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/xfrm.h>

#include "ftrace_hook.h"
#include "ipsec_latch.h"

static DEFINE_MUTEX(arm_mutex);
static bool armed;	/* arm_mutex; read locklessly for status */
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

static void arm_locked(void)
{
	int err;

	lockdep_assert_held(&arm_mutex);
	if (armed)
		return;
	err = ipsec_latch_hook_lookup_arm();
	if (err)
		return;
	err = ipsec_latch_hook_socket_arm();
	if (err) {
		ipsec_latch_hook_lookup_disarm();
		return;
	}
	WRITE_ONCE(armed, true);
}

void ipsec_latch_hooks_arm(void)
{
	mutex_lock(&arm_mutex);
	arm_locked();
	mutex_unlock(&arm_mutex);
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
	if (!armed || any_net_may_hold())
		goto out;
	/* Held packets and waiters end by their SA or their timeout. */
	if (ipsec_latch_res_count_all()) {
		schedule_delayed_work(&disarm_work, DISARM_DELAY);
		goto out;
	}
	ipsec_latch_hook_socket_disarm();
	ipsec_latch_hook_lookup_disarm();
	WRITE_ONCE(armed, false);
out:
	mutex_unlock(&arm_mutex);
}

/* Any context. */
void ipsec_latch_hooks_disarm_soon(void)
{
	if (READ_ONCE(armed))
		mod_delayed_work(system_wq, &disarm_work, DISARM_DELAY);
}

/*
 * Armed before, and the mutex held across, the insert: a disarm check
 * never sees the policy missing while it is being inserted.
 */
static int ipsec_latch_policy_insert(int dir, struct xfrm_policy *pol,
				     int excl)
{
	int ret;

	if (dir != XFRM_POLICY_OUT)
		return xfrm_policy_insert(dir, pol, excl);
	mutex_lock(&arm_mutex);
	arm_locked();
	ret = xfrm_policy_insert(dir, pol, excl);
	mutex_unlock(&arm_mutex);
	return ret;
}

/* A socket's own policy (IP_XFRM_POLICY and the like). */
static int ipsec_latch_user_policy(struct sock *sk, int optname,
				   sockptr_t optval, int optlen)
{
	int ret;

	if (sockptr_is_null(optval))
		return xfrm_user_policy(sk, optname, optval, optlen);
	mutex_lock(&arm_mutex);
	arm_locked();
	ret = xfrm_user_policy(sk, optname, optval, optlen);
	mutex_unlock(&arm_mutex);
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

/* After the hooks it arms are set up: arms them if a policy exists. */
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
	/* A policy inserted from here on arms through the wrappers. */
	mutex_lock(&arm_mutex);
	if (any_net_may_hold())
		arm_locked();
	mutex_unlock(&arm_mutex);
	return 0;
}

/* Before the hooks it arms are torn down; they disarm themselves. */
void ipsec_latch_hook_arm_exit(void)
{
	ipsec_latch_ftrace_set_release(&policy_set);
	cancel_delayed_work_sync(&disarm_work);
	WRITE_ONCE(armed, false);
}
