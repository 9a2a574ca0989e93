// SPDX-License-Identifier: GPL-2.0
/*
 * What an application asks about its own socket (libipsec-latch): the
 * latch of its flow (SOCK_QUERY), and that its flows be latched with an
 * action it chooses (SOCK_REQUIRE).
 *
 * The socket is named by a file descriptor, resolved in the calling
 * process: generic netlink runs a request in its sender's context, so the
 * descriptor can only be one the caller holds, and holding it is all the
 * privilege asked. A 5-tuple the caller names is never trusted: another
 * process's flows stay an administrator's question (GET_LATCHES). The
 * socket's own netns is the one asked, whichever the netlink socket is in.
 */
#include <linux/net.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "ipsec_latch.h"
#include "latch_internal.h"

/* Not const: 6.1's policy points to a mutable one. */
static struct netlink_range_validation fd_range = { .max = INT_MAX };

const struct nla_policy ipsec_latch_sock_req_policy[IPSEC_LATCH_A_MAX + 1] = {
	[IPSEC_LATCH_A_SOCK_FD] = NLA_POLICY_FULL_RANGE(NLA_U32, &fd_range),
	[IPSEC_LATCH_A_ACTION] =
		NLA_POLICY_MAX(NLA_U8, IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT),
	[IPSEC_LATCH_A_FALLBACK_MS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &ipsec_latch_fallback_range),
};

/*
 * The TCP or UDP socket behind A_SOCK_FD, with a reference on its file
 * (sockfd_put()), or an ERR_PTR with the extack saying why.
 */
static struct socket *sock_of_request(struct genl_info *info)
{
	struct nlattr *attr = info->attrs[IPSEC_LATCH_A_SOCK_FD];
	struct socket *sock;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, IPSEC_LATCH_A_SOCK_FD))
		return ERR_PTR(-EINVAL);
	sock = sockfd_lookup(nla_get_u32(attr), &err);
	if (!sock) {
		if (err == -ENOTSOCK)
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "the descriptor is not a socket");
		else
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "no such descriptor in the calling process");
		return ERR_PTR(err);
	}
	if (!sock->sk ||
	    (sock->sk->sk_family != AF_INET &&
	     sock->sk->sk_family != AF_INET6) ||
	    (sock->sk->sk_protocol != IPPROTO_TCP &&
	     sock->sk->sk_protocol != IPPROTO_UDP) ||
	    (sock->type != SOCK_STREAM && sock->type != SOCK_DGRAM)) {
		sockfd_put(sock);
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "only TCP and UDP sockets are latched");
		return ERR_PTR(-EPROTONOSUPPORT);
	}
	return sock;
}

/*
 * The owner learns its flow's peer and protection; what the module's
 * configuration says of it (template, SPD entries, memory) stays an
 * administrator's.
 */
int ipsec_latch_genl_sock_query(struct sk_buff *skb, struct genl_info *info)
{
	struct ipsec_latch_tuple tu;
	bool admin;
	struct ipsec_latch_net *ln;
	struct socket *sock;
	struct ipsec_latch *l;
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (info->attrs[IPSEC_LATCH_A_ACTION] ||
	    info->attrs[IPSEC_LATCH_A_FALLBACK_MS]) {
		NL_SET_ERR_MSG(info->extack, "a query takes only A_SOCK_FD");
		return -EINVAL;
	}
	sock = sock_of_request(info);
	if (IS_ERR(sock))
		return PTR_ERR(sock);
	ln = ipsec_latch_net(sock_net(sock->sk));
	admin = netlink_ns_capable(skb, sock_net(sock->sk)->user_ns,
				   CAP_NET_ADMIN);
	if (!ipsec_latch_sk_tuple(sock->sk, &tu)) {
		NL_SET_ERR_MSG(info->extack, "the socket is not connected");
		err = -ENOTCONN;
		goto out;
	}
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	hdr = genlmsg_put_reply(msg, info, &ipsec_latch_genl_family, 0,
				IPSEC_LATCH_CMD_SOCK_QUERY);
	if (!hdr) {
		nlmsg_free(msg);
		err = -EMSGSIZE;
		goto out;
	}
	rcu_read_lock();
	l = ln && READ_ONCE(ln->latch.ready) ?
	    ipsec_latch_find(&ln->latch, &tu) : NULL;
	err = -ENOENT;
	if (l) {
		spin_lock_bh(&l->lock);
		if (!l->unlinked) {	/* else being freed: as none */
			/* The IKE identity, if named since its last packet. */
			ipsec_latch_bind_upgrade_locked(ln, l);
			err = ipsec_latch_fill_view(msg, l, admin);
		}
		spin_unlock_bh(&l->lock);
	}
	rcu_read_unlock();
	if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "the socket's flow has no latch");
	if (err) {
		nlmsg_free(msg);
		goto out;
	}
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
out:
	sockfd_put(sock);
	return err;
}

int ipsec_latch_genl_sock_require(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *fallback = info->attrs[IPSEC_LATCH_A_FALLBACK_MS];
	struct nlattr *action = info->attrs[IPSEC_LATCH_A_ACTION];
	struct ipsec_latch_net *ln;
	struct socket *sock;
	struct net *net;
	u32 fallback_ms;
	bool admin;
	int err;

	if (!action) {
		NL_SET_ERR_MSG(info->extack,
			       "A_ACTION missing (PROTECT or BYPASS_OR_PROTECT)");
		return -EINVAL;
	}
	if (fallback &&
	    nla_get_u8(action) != IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT) {
		NL_SET_ERR_MSG_ATTR(info->extack, fallback,
				    "a fallback timeout needs BYPASS_OR_PROTECT");
		return -EINVAL;
	}
	fallback_ms = fallback ? nla_get_u32(fallback) :
				 IPSEC_LATCH_FALLBACK_MS_DEFAULT;
	sock = sock_of_request(info);
	if (IS_ERR(sock))
		return PTR_ERR(sock);
	net = sock_net(sock->sk);
	ln = ipsec_latch_net(net);
	admin = netlink_ns_capable(skb, net->user_ns, CAP_NET_ADMIN);
	if (!ln || !READ_ONCE(ln->latch.ready)) {
		NL_SET_ERR_MSG(info->extack, "the socket's netns is going away");
		err = -ENODEV;
		goto out;
	}
	if (sock->sk->sk_state == TCP_LISTEN) {
		NL_SET_ERR_MSG(info->extack,
			       "a listening socket has no flow of its own: ask on a socket before it connects");
		err = -EINVAL;
		goto out;
	}
	/* A flow that has begun started under whatever latched it, or not. */
	if (sock->sk->sk_state != TCP_CLOSE) {
		NL_SET_ERR_MSG(info->extack,
			       "the socket is connected: ask before connect()");
		err = -EISCONN;
		goto out;
	}
	/*
	 * PROTECT only asks for more than the SPD gives. A fallback to the
	 * clear overrides it for the flow (BYPASS SPD entries): what an
	 * administrator's template may say, not any socket owner.
	 */
	if (nla_get_u8(action) == IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT &&
	    !admin) {
		NL_SET_ERR_MSG_ATTR(info->extack, action,
				    "BYPASS_OR_PROTECT needs CAP_NET_ADMIN over the socket's netns");
		err = -EPERM;
		goto out;
	}
	/*
	 * Every packet of a netns whose requests are honoured passes the
	 * latching hooks: that is the administrator's choice to make.
	 */
	if (!admin && !READ_ONCE(ln->latch.sock_requests)) {
		NL_SET_ERR_MSG(info->extack,
			       "this netns does not take requests from applications (an administrator allows them: ipsec-latchctl latch requests on)");
		err = -EOPNOTSUPP;
		goto out;
	}
	err = ipsec_latch_nf_hooks_on(ln, info->extack);
	if (!err)
		err = ipsec_latch_request_set(ln, sock->sk, nla_get_u8(action),
					      fallback_ms, info->extack);
out:
	sockfd_put(sock);
	return err;
}
