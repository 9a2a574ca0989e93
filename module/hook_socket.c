// SPDX-License-Identifier: GPL-2.0
/*
 * POSIX semantics for sockets whose traffic waits for an SA. Wrappers
 * around the socket calls run in the caller's process context (ftrace
 * redirection, ftrace_hook.c), so they may sleep:
 *
 *  - datagram connect() (UDP, ping; IPv4 and IPv6, both use
 *    inet_dgram_connect): "wait" mode blocks until the SA is there, or
 *    answers EINPROGRESS and then EALREADY when non-blocking;
 *  - datagram sendmsg(): "wait" mode blocks until the held datagram has
 *    left, or answers EAGAIN when non-blocking instead of a silent loss;
 *  - poll(): no POLLOUT while a non-blocking connect() waits.
 *
 * TCP needs no wrapper: its SYN is held like any packet, released with the
 * SA, and a failed resolution fails the connect() with EHOSTUNREACH.
 *
 * In a netns without an outbound IPsec policy the wrappers only count
 * themselves (per CPU) and call the original: nothing there can wait.
 */
#include <linux/completion.h>
#include <linux/hash.h>
#include <linux/percpu-refcount.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <net/inet_common.h>
#include <net/sock.h>
#include <net/udp.h>
#include <net/xfrm.h>

#include "compat.h"
#include "ftrace_hook.h"
#include "ipsec_latch.h"

/*
 * Wrapper calls in flight, counted per CPU (no shared cache line on the
 * send path). hook_ref: a task runs wrapper code; unload waits for none
 * before the module's text goes. netns_ref: a call may use per-netns
 * state; unload waits for none (woken with an error first) before that
 * state is freed, holding the kernel's pernet lock. So a call never runs
 * an original while it holds netns_ref: an original may block for long (a
 * full send buffer, a socket lock). Once unload has begun netns_ref is
 * dead: a call that cannot get it, on entry or back from an original,
 * touches no per-netns state and behaves as stock.
 */
static struct percpu_ref hook_ref, netns_ref;
static bool netns_ref_killed;
static DECLARE_COMPLETION(hook_ref_gone);
static DECLARE_COMPLETION(netns_ref_gone);

static void hook_ref_release(struct percpu_ref *ref)
{
	complete_all(&hook_ref_gone);
}

static void netns_ref_release(struct percpu_ref *ref)
{
	complete_all(&netns_ref_gone);
}

static void hook_enter(void)
{
	percpu_ref_get(&hook_ref);
}

static void hook_leave(void)
{
	percpu_ref_put(&hook_ref);
}

/* False once unload has begun. */
static bool hook_netns_enter(void)
{
	return percpu_ref_tryget_live(&netns_ref);
}

static void hook_netns_leave(void)
{
	percpu_ref_put(&netns_ref);
}

/*
 * A kernel socket (NFS, SMB, iSCSI…) is never made to wait: its caller may
 * hold locks a sleeping connect() or sendmsg() would keep for the whole
 * resolution. Its packets are still held ("queue").
 */
static unsigned int sock_mode(const struct sock *sk)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(sock_net(sk));
	unsigned int mode = ln ? READ_ONCE(ln->mode) : IPSEC_LATCH_MODE_OFF;

	if (mode == IPSEC_LATCH_MODE_WAIT && sk->sk_kern_sock)
		return IPSEC_LATCH_MODE_QUEUE;
	return mode;
}

static bool sock_is_datagram(const struct socket *sock)
{
	return sock->type == SOCK_DGRAM || sock->type == SOCK_RAW;
}

/*
 * A datagram sendmsg() in "wait" mode, for the larval output to consult:
 * drop (EAGAIN) when the call must not block, else remember the
 * resolution the packet is held for, to wait on it.
 */
struct send_ctx {
	struct hlist_node node;
	struct task_struct *task;
	const struct sock *sk;
	bool nonblock;
	bool would_block;
	struct ipsec_latch_res *res;
};

#define SEND_CTX_BITS 6
static struct {
	spinlock_t lock;
	struct hlist_head head;
} send_ctx_table[1 << SEND_CTX_BITS];

static u32 send_ctx_bucket(const struct task_struct *task)
{
	return hash_ptr(task, SEND_CTX_BITS);
}

static void send_ctx_add(struct send_ctx *ctx)
{
	u32 b = send_ctx_bucket(ctx->task);

	spin_lock_bh(&send_ctx_table[b].lock);
	hlist_add_head(&ctx->node, &send_ctx_table[b].head);
	spin_unlock_bh(&send_ctx_table[b].lock);
}

static void send_ctx_del(struct send_ctx *ctx)
{
	u32 b = send_ctx_bucket(ctx->task);

	spin_lock_bh(&send_ctx_table[b].lock);
	hlist_del(&ctx->node);
	spin_unlock_bh(&send_ctx_table[b].lock);
}

/* Runs @fn on the calling task's context for @sk, if it has one. */
static bool send_ctx_apply(const struct sock *sk,
			   bool (*fn)(struct send_ctx *ctx, void *arg),
			   void *arg)
{
	u32 b;
	struct send_ctx *ctx;
	bool ret = false;

	if (!in_task() || !sk)
		return false;
	b = send_ctx_bucket(current);
	spin_lock_bh(&send_ctx_table[b].lock);
	hlist_for_each_entry(ctx, &send_ctx_table[b].head, node) {
		if (ctx->task == current && ctx->sk == sk) {
			ret = fn(ctx, arg);
			break;
		}
	}
	spin_unlock_bh(&send_ctx_table[b].lock);
	return ret;
}

static bool ctx_would_block(struct send_ctx *ctx, void *arg)
{
	if (!ctx->nonblock)
		return false;
	ctx->would_block = true;
	return true;
}

static bool ctx_note_queued(struct send_ctx *ctx, void *arg)
{
	struct ipsec_latch_res *res = arg;

	if (!ctx->res) {
		refcount_inc(&res->refcnt);
		ctx->res = res;
	}
	return true;
}

bool ipsec_latch_send_would_block(const struct sock *sk)
{
	return send_ctx_apply(sk, ctx_would_block, NULL);
}

void ipsec_latch_send_note_queued(const struct sock *sk,
				  struct ipsec_latch_res *res)
{
	send_ctx_apply(sk, ctx_note_queued, res);
}

static struct ipsec_latch_ftrace_hook inet6_sendmsg_hook, udp_poll_hook;
typedef int (*sendmsg_fn)(struct socket *sock, struct msghdr *msg,
			  size_t size);
typedef __poll_t (*poll_fn)(struct file *file, struct socket *sock,
			    poll_table *wait);

/*
 * The originals: the exported ones called directly, inet6_sendmsg() and
 * udp_poll() through the pointer their hook found. Calls from this module
 * are not redirected.
 */
static int orig_sendmsg(bool v6, struct socket *sock, struct msghdr *msg,
			size_t size)
{
	return v6 ? ((sendmsg_fn)inet6_sendmsg_hook.target)(sock, msg, size) :
		    inet_sendmsg(sock, msg, size);
}

static __poll_t orig_poll(bool udp, struct file *file, struct socket *sock,
			  poll_table *wait)
{
	return udp ? ((poll_fn)udp_poll_hook.target)(file, sock, wait) :
		     datagram_poll(file, sock, wait);
}

static bool res_failed(const struct ipsec_latch_res *res)
{
	/* FAILED: its error is then set (resolve.c writes it first). */
	return smp_load_acquire(&res->state) == IPSEC_LATCH_RES_FAILED;
}

/*
 * ipsec_latch_res_wait() for @sk: other flows of @res falling back to the
 * clear do not end the wait; @sk's own flow falling back does, as a
 * success (it travels in the clear now).
 */
static int sk_res_wait(struct sock *sk, struct ipsec_latch_res *res,
		       long *timeo)
{
	int err;

	do {
		err = ipsec_latch_res_wait(res, timeo);
	} while (err == IPSEC_LATCH_RES_FELL_BACK &&
		 !ipsec_latch_sk_bypassed(sk));
	return err == IPSEC_LATCH_RES_FELL_BACK ? 0 : err;
}

/* Block on @res for a connect(), as TCP would: SO_SNDTIMEO, signals. */
static int connect_wait(struct sock *sk, struct ipsec_latch_res *res)
{
	long timeo = sock_sndtimeo(sk, false);
	int err;

	ipsec_latch_count(ipsec_latch_net(sock_net(sk)),
			  IPSEC_LATCH_CTR_WAITS);
	err = sk_res_wait(sk, res, &timeo);
	if (err == -EAGAIN)
		err = -EINPROGRESS;	/* SO_SNDTIMEO ran out */
	return err;
}

/*
 * A blocking connect() of a BYPASS-OR-PROTECT flow: wait for the SA at
 * most until the flow's fallback time (or SO_SNDTIMEO, if sooner); when
 * that time comes, or the SA fails, the flow falls back to the clear
 * (BYPASS latch and SPD entries) and connect() succeeds.
 */
static int connect_or_fall_back(struct sock *sk, struct ipsec_latch_res *res,
				u32 fallback_ms)
{
	long timeo = sock_sndtimeo(sk, false);
	long fallback = msecs_to_jiffies(fallback_ms);
	bool capped = fallback < timeo;
	int err;

	ipsec_latch_count(ipsec_latch_net(sock_net(sk)),
			  IPSEC_LATCH_CTR_WAITS);
	if (capped)
		timeo = fallback;
	err = res_failed(res) ? res->error :
	      sk_res_wait(sk, res, &timeo);
	if (!err)
		return 0;
	if (err == -EAGAIN && !capped)
		return -EINPROGRESS;	/* SO_SNDTIMEO ran out */
	if (err == -EINTR || err == -ERESTARTSYS)
		return err;
	/* The fallback time came (-EAGAIN), or the SA failed. */
	if (ipsec_latch_sk_fall_back(sk, err != -EAGAIN))
		return err == -EAGAIN ? -EHOSTUNREACH : err;
	sk_dst_reset(sk);	/* the next send routes clear */
	return 0;
}

static int ipsec_latch_dgram_connect(struct socket *sock,
				     struct ipsec_latch_compat_sockaddr *uaddr,
				     int addr_len, int flags)
{
	struct sock *sk = sock->sk;
	bool nonblock = flags & O_NONBLOCK;
	struct ipsec_latch_res *res;
	struct dst_entry *dst;
	u32 fallback_ms;
	int err;

	ipsec_latch_hook_ran(IPSEC_LATCH_HOOK_INET_DGRAM_CONNECT);
	hook_enter();
	if (!ipsec_latch_net_may_hold(sock_net(sk)) ||
	    !hook_netns_enter()) {
		err = inet_dgram_connect(sock, uaddr, addr_len, flags);
		goto out_left;
	}
	if (sock_mode(sk) != IPSEC_LATCH_MODE_WAIT ||
	    uaddr->sa_family == AF_UNSPEC) {
		hook_netns_leave();
		err = inet_dgram_connect(sock, uaddr, addr_len, flags);
		goto out_left;
	}
	/* A connect() already waiting: EALREADY, keep waiting, or fail. */
	res = ipsec_latch_res_get_by_sock(sock_net(sk), sk);
	if (res) {
		if (res_failed(res))
			err = res->error;
		else
			err = nonblock ? -EALREADY : connect_wait(sk, res);
		ipsec_latch_res_put(res);
		goto out;
	}
	/* It takes the socket lock, which a corked sender may hold long. */
	hook_netns_leave();
	err = inet_dgram_connect(sock, uaddr, addr_len, flags);
	if (!hook_netns_enter())
		goto out_left;	/* unloading: connected, stock from now on */
	if (err)
		goto out;
	dst = sk_dst_get(sk);
	res = ipsec_latch_res_get_by_dst(sock_net(sk), dst);
	dst_release(dst);
	if (!res)
		goto out;	/* routed: SA present, or no IPsec policy */
	fallback_ms = nonblock ? 0 : ipsec_latch_sk_fallback_ms(sk);
	if (fallback_ms)
		err = connect_or_fall_back(sk, res, fallback_ms);
	else if (res_failed(res))
		err = res->error;
	else if (ipsec_latch_res_watch_socket(res, sk))
		err = -ENOBUFS;
	else if (nonblock)
		err = -EINPROGRESS;
	else
		err = connect_wait(sk, res);
	ipsec_latch_res_put(res);
out:
	hook_netns_leave();
out_left:
	hook_leave();
	return err;
}

/* A blocking datagram send whose datagram @ctx's resolution holds. */
static int send_wait(struct sock *sk, struct send_ctx *ctx, int ret)
{
	long timeo = sock_sndtimeo(sk, false);
	int err;

	if (!hook_netns_enter()) {
		/*
		 * Unloading: unless its SA came, the held datagram goes with
		 * the tables (its table's lock may be gone: state read alone).
		 */
		if (ret >= 0 && smp_load_acquire(&ctx->res->state) !=
		    IPSEC_LATCH_RES_RESOLVED)
			ret = -EHOSTUNREACH;
		return ret;
	}
	ipsec_latch_count(ipsec_latch_net(sock_net(sk)),
			  IPSEC_LATCH_CTR_WAITS);
	/* Its flow falling back means its datagram left, clear. */
	err = sk_res_wait(sk, ctx->res, &timeo);
	/* The datagram is queued: a restarted call would send it twice. */
	if (err == -ERESTARTSYS)
		err = -EINTR;
	if (err && ret >= 0)
		ret = err;
	hook_netns_leave();
	return ret;
}

static int sendmsg_wrapped(bool v6, struct socket *sock, struct msghdr *msg,
			   size_t size)
{
	struct sock *sk = sock->sk;
	struct send_ctx ctx = { .task = current, .sk = sk };
	int ret;

	ipsec_latch_hook_ran(v6 ? IPSEC_LATCH_HOOK_INET6_SENDMSG :
			     IPSEC_LATCH_HOOK_INET_SENDMSG);
	hook_enter();
	/* (A policy added during the call: its datagram is held, no wait.) */
	if (!sock_is_datagram(sock) ||
	    !ipsec_latch_net_may_hold(sock_net(sk)) ||
	    !hook_netns_enter()) {
		ret = orig_sendmsg(v6, sock, msg, size);
		goto out_left;
	}
	if (sock_mode(sk) != IPSEC_LATCH_MODE_WAIT) {
		hook_netns_leave();
		ret = orig_sendmsg(v6, sock, msg, size);
		goto out_left;
	}
	ctx.nonblock = (msg->msg_flags & MSG_DONTWAIT) ||
		       (sock->file && (sock->file->f_flags & O_NONBLOCK));
	send_ctx_add(&ctx);
	hook_netns_leave();
	ret = orig_sendmsg(v6, sock, msg, size);
	send_ctx_del(&ctx);
	if (ctx.would_block) {
		if (ret >= 0)
			ret = -EAGAIN;	/* its datagram was dropped, not sent */
	} else if (ctx.res && ctx.nonblock) {
		/*
		 * Not held to wait (that was EAGAIN): queued behind a release,
		 * it leaves soon; for a failed resolution, it never will.
		 */
		if (ret >= 0 && res_failed(ctx.res))
			ret = READ_ONCE(ctx.res->error);
	} else if (ctx.res) {
		/* Blocking: return once the datagram left, or with why not. */
		ret = send_wait(sk, &ctx, ret);
	}
	if (ctx.res)
		ipsec_latch_res_put(ctx.res);
out_left:
	hook_leave();
	return ret;
}

static int ipsec_latch_inet_sendmsg(struct socket *sock, struct msghdr *msg,
				    size_t size)
{
	return sendmsg_wrapped(false, sock, msg, size);
}

static int ipsec_latch_inet6_sendmsg(struct socket *sock,
				     struct msghdr *msg, size_t size)
{
	return sendmsg_wrapped(true, sock, msg, size);
}

/* No POLLOUT while a non-blocking connect() waits for its SA. */
static __poll_t poll_wrapped(bool udp, struct file *file,
			     struct socket *sock, poll_table *wait)
{
	struct ipsec_latch_res *res;
	__poll_t mask;

	ipsec_latch_hook_ran(udp ? IPSEC_LATCH_HOOK_UDP_POLL :
			     IPSEC_LATCH_HOOK_DATAGRAM_POLL);
	hook_enter();
	mask = orig_poll(udp, file, sock, wait);
	if (!hook_netns_enter())
		goto out;
	res = ipsec_latch_res_get_by_sock(sock_net(sock->sk), sock->sk);
	if (res) {
		if (res->state == IPSEC_LATCH_RES_PENDING)
			mask &= ~(EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND);
		ipsec_latch_res_put(res);
	}
	hook_netns_leave();
out:
	hook_leave();
	return mask;
}

static __poll_t ipsec_latch_udp_poll(struct file *file, struct socket *sock,
				     poll_table *wait)
{
	return poll_wrapped(true, file, sock, wait);
}

static __poll_t ipsec_latch_datagram_poll(struct file *file,
					  struct socket *sock,
					  poll_table *wait)
{
	return poll_wrapped(false, file, sock, wait);
}

static struct ipsec_latch_ftrace_hook dgram_connect_hook = {
	.target = inet_dgram_connect,
	.wrapper = ipsec_latch_dgram_connect,
};

static struct ipsec_latch_ftrace_hook inet_sendmsg_hook = {
	.target = inet_sendmsg,
	.wrapper = ipsec_latch_inet_sendmsg,
};

static struct ipsec_latch_ftrace_hook inet6_sendmsg_hook = {
	.name = "inet6_sendmsg",	/* not exported */
	.wrapper = ipsec_latch_inet6_sendmsg,
};

static struct ipsec_latch_ftrace_hook udp_poll_hook = {
	.name = "udp_poll",	/* not exported in 7.3 (6.12 still does) */
	.wrapper = ipsec_latch_udp_poll,
};

static struct ipsec_latch_ftrace_hook datagram_poll_hook = {
	.target = datagram_poll,
	.wrapper = ipsec_latch_datagram_poll,
};

static struct ipsec_latch_ftrace_hook *const socket_hooks[] = {
	&dgram_connect_hook, &inet_sendmsg_hook, &inet6_sendmsg_hook,
	&udp_poll_hook, &datagram_poll_hook,
};

static struct ipsec_latch_ftrace_set socket_set;

/* Sleeps (hook_arm.c serializes). */
int ipsec_latch_hook_socket_arm(void)
{
	return ipsec_latch_ftrace_set_arm(&socket_set);
}

/* Callers inside a wrapper go on; hook_ref counts them for unload. */
void ipsec_latch_hook_socket_disarm(void)
{
	ipsec_latch_ftrace_set_disarm(&socket_set);
}

int ipsec_latch_hook_socket_init(void)
{
	int i, err;

	for (i = 0; i < ARRAY_SIZE(send_ctx_table); i++) {
		spin_lock_init(&send_ctx_table[i].lock);
		INIT_HLIST_HEAD(&send_ctx_table[i].head);
	}
	err = percpu_ref_init(&hook_ref, hook_ref_release, 0, GFP_KERNEL);
	if (err)
		return err;
	err = percpu_ref_init(&netns_ref, netns_ref_release, 0, GFP_KERNEL);
	if (err)
		goto err_hook_ref;
	err = ipsec_latch_ftrace_set_prepare(&socket_set, socket_hooks,
					     ARRAY_SIZE(socket_hooks));
	if (err)
		goto err_netns_ref;
	return 0;

err_netns_ref:
	percpu_ref_exit(&netns_ref);
err_hook_ref:
	percpu_ref_exit(&hook_ref);
	return err;
}

/*
 * No new call enters a wrapper after this, and none gets netns_ref any
 * more (see hook_netns_enter()).
 */
void ipsec_latch_hook_socket_exit(void)
{
	ipsec_latch_ftrace_set_release(&socket_set);
	percpu_ref_kill(&netns_ref);
	netns_ref_killed = true;
}

/*
 * Wait until every wrapper call in flight is past its last use of our
 * per-netns state. Unhooking (here or at a disarm) waited for RCU tasks,
 * so none can be between the hook and its hook_enter(). What holds netns_ref sleeps only on a
 * resolution, and every one has failed by now: the wait is short. It runs
 * under the kernel's pernet lock, so say so if it is not.
 */
void ipsec_latch_hook_socket_wait_callers(void)
{
	if (!netns_ref_killed)
		return;		/* the wrappers were never set up */
	while (!wait_for_completion_timeout(&netns_ref_gone, 10 * HZ))
		pr_warn("unload: socket calls still use a netns's state\n");
}

/*
 * Wait until no task runs wrapper code: RCU-tasks covers the instructions
 * after the last reference is dropped.
 */
void ipsec_latch_hook_socket_drain(void)
{
	percpu_ref_kill(&hook_ref);
	wait_for_completion(&hook_ref_gone);
	/* Its switch to atomic may still be pending (init's error path). */
	wait_for_completion(&netns_ref_gone);
	synchronize_rcu_tasks();
	percpu_ref_exit(&hook_ref);
	percpu_ref_exit(&netns_ref);
}
