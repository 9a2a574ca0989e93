// SPDX-License-Identifier: GPL-2.0
/*
 * The latching commands of the "ipsec_latch" family: templates, latch
 * dumps with filters, identity annotations from the key manager, and
 * latch events. Requests are validated strictly: each nest has its own
 * policy, and what the policy cannot say (address length per family,
 * which attributes a kind needs) is checked here with an extack message.
 */
#include <net/genetlink.h>

#include "compat.h"
#include "ipsec_latch.h"

#define REPLY_ONLY { .type = NLA_REJECT, \
		     .reject_message = "attribute is only valid in replies" }
#define ADDR_POLICY { .type = NLA_BINARY, .len = 16 }

struct netlink_range_validation ipsec_latch_fallback_range = {
	.min = 1,
	.max = IPSEC_LATCH_FALLBACK_MS_MAX,
};

static const struct nla_policy tmpl_policy[IPSEC_LATCH_TMPL_A_MAX + 1] = {
	[IPSEC_LATCH_TMPL_A_PAD] = REPLY_ONLY,
	[IPSEC_LATCH_TMPL_A_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[IPSEC_LATCH_TMPL_A_KIND] =
		NLA_POLICY_MAX(NLA_U8, IPSEC_LATCH_TMPL_CONNECTOR),
	[IPSEC_LATCH_TMPL_A_FAMILY] = { .type = NLA_U8 },
	[IPSEC_LATCH_TMPL_A_PROTO] = { .type = NLA_U8 },
	[IPSEC_LATCH_TMPL_A_LOCAL_ADDR] = ADDR_POLICY,
	[IPSEC_LATCH_TMPL_A_LOCAL_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[IPSEC_LATCH_TMPL_A_REMOTE_ADDR] = ADDR_POLICY,
	[IPSEC_LATCH_TMPL_A_REMOTE_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[IPSEC_LATCH_TMPL_A_ACTION] =
		NLA_POLICY_MAX(NLA_U8, IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT),
	[IPSEC_LATCH_TMPL_A_FALLBACK_MS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &ipsec_latch_fallback_range),
	[IPSEC_LATCH_TMPL_A_FLOWS] = REPLY_ONLY,
	[IPSEC_LATCH_TMPL_A_PROTECTED] = REPLY_ONLY,
	[IPSEC_LATCH_TMPL_A_BYPASSED] = REPLY_ONLY,
	[IPSEC_LATCH_TMPL_A_REFUSED] = REPLY_ONLY,
	[IPSEC_LATCH_TMPL_A_FAILED] = REPLY_ONLY,
};

static const struct nla_policy filter_policy[IPSEC_LATCH_LATCH_A_MAX + 1] = {
	[IPSEC_LATCH_LATCH_A_FAMILY] = { .type = NLA_U8 },
	[IPSEC_LATCH_LATCH_A_PROTO] = { .type = NLA_U8 },
	[IPSEC_LATCH_LATCH_A_LOCAL_ADDR] = ADDR_POLICY,
	[IPSEC_LATCH_LATCH_A_LOCAL_PORT] = { .type = NLA_U16 },
	[IPSEC_LATCH_LATCH_A_REMOTE_ADDR] = ADDR_POLICY,
	[IPSEC_LATCH_LATCH_A_REMOTE_PORT] = { .type = NLA_U16 },
	[IPSEC_LATCH_LATCH_A_STATE] =
		NLA_POLICY_MAX(NLA_U8, IPSEC_LATCH_STATE_CLOSED),
	[IPSEC_LATCH_LATCH_A_PEER_ID] = { .type = NLA_NUL_STRING,
					  .len = IPSEC_LATCH_ID_MAX_LEN },
};

static const struct nla_policy id_policy[IPSEC_LATCH_ID_A_MAX + 1] = {
	[IPSEC_LATCH_ID_A_FAMILY] = { .type = NLA_U8 },
	[IPSEC_LATCH_ID_A_PEER] = ADDR_POLICY,
	[IPSEC_LATCH_ID_A_REQID] = NLA_POLICY_MIN(NLA_U32, 1),
	[IPSEC_LATCH_ID_A_ID] = { .type = NLA_NUL_STRING,
				  .len = IPSEC_LATCH_ID_MAX_LEN },
};

/* Top-level policies: only the nest the command takes. */
#define TOP_POLICY(name, attr, nested)					\
	const struct nla_policy name[IPSEC_LATCH_A_MAX + 1] = {		\
		[attr] = NLA_POLICY_NESTED(nested),			\
	}
TOP_POLICY(ipsec_latch_tmpl_req_policy, IPSEC_LATCH_A_TEMPLATE, tmpl_policy);
TOP_POLICY(ipsec_latch_filter_req_policy, IPSEC_LATCH_A_FILTER, filter_policy);
TOP_POLICY(ipsec_latch_id_req_policy, IPSEC_LATCH_A_IDENTITY, id_policy);

static int get_family(struct nlattr *attr, struct netlink_ext_ack *extack)
{
	u8 family;

	if (!attr) {
		NL_SET_ERR_MSG(extack, "family missing (AF_INET or AF_INET6)");
		return -EINVAL;
	}
	family = nla_get_u8(attr);
	if (family != AF_INET && family != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "family must be AF_INET or AF_INET6");
		return -EINVAL;
	}
	return family;
}

static int get_addr(struct nlattr *attr, u8 family, xfrm_address_t *addr,
		    struct netlink_ext_ack *extack)
{
	unsigned int len = ipsec_latch_addr_len(family);

	if (nla_len(attr) != len) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "address length does not match the family (4 or 16 bytes)");
		return -EINVAL;
	}
	memset(addr, 0, sizeof(*addr));
	memcpy(addr, nla_data(attr), len);
	return 0;
}

static int get_proto(struct nlattr *attr, struct netlink_ext_ack *extack)
{
	u8 proto;

	if (!attr) {
		NL_SET_ERR_MSG(extack, "protocol missing (TCP or UDP)");
		return -EINVAL;
	}
	proto = nla_get_u8(attr);
	if (proto != IPPROTO_TCP && proto != IPPROTO_UDP) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "protocol must be TCP (6) or UDP (17)");
		return -EINVAL;
	}
	return proto;
}

static int parse_template(struct nlattr **tb, struct ipsec_latch_tmpl *t,
			  struct netlink_ext_ack *extack)
{
	struct ipsec_latch_tuple *m = &t->match;
	bool connector;
	int ret;

	if (tb[IPSEC_LATCH_TMPL_A_ID]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IPSEC_LATCH_TMPL_A_ID],
				    "the module gives template IDs");
		return -EINVAL;
	}
	if (!tb[IPSEC_LATCH_TMPL_A_KIND]) {
		NL_SET_ERR_MSG(extack, "template kind missing (LISTENER or CONNECTOR)");
		return -EINVAL;
	}
	t->kind = nla_get_u8(tb[IPSEC_LATCH_TMPL_A_KIND]);
	connector = t->kind == IPSEC_LATCH_TMPL_CONNECTOR;
	ret = get_family(tb[IPSEC_LATCH_TMPL_A_FAMILY], extack);
	if (ret < 0)
		return ret;
	m->family = ret;
	ret = get_proto(tb[IPSEC_LATCH_TMPL_A_PROTO], extack);
	if (ret < 0)
		return ret;
	m->proto = ret;
	t->any_local = !tb[IPSEC_LATCH_TMPL_A_LOCAL_ADDR];
	t->any_lport = !tb[IPSEC_LATCH_TMPL_A_LOCAL_PORT];
	if (t->any_lport && !connector) {
		NL_SET_ERR_MSG(extack, "a LISTENER needs the local port");
		return -EINVAL;
	}
	if (!t->any_lport)
		m->lport = htons(nla_get_u16(tb[IPSEC_LATCH_TMPL_A_LOCAL_PORT]));
	if (!t->any_local) {
		ret = get_addr(tb[IPSEC_LATCH_TMPL_A_LOCAL_ADDR], m->family,
			       &m->laddr, extack);
		if (ret)
			return ret;
	}
	if (connector) {
		if (!tb[IPSEC_LATCH_TMPL_A_REMOTE_ADDR] ||
		    !tb[IPSEC_LATCH_TMPL_A_REMOTE_PORT]) {
			NL_SET_ERR_MSG(extack,
				       "a CONNECTOR needs the remote address and port");
			return -EINVAL;
		}
		ret = get_addr(tb[IPSEC_LATCH_TMPL_A_REMOTE_ADDR], m->family,
			       &m->raddr, extack);
		if (ret)
			return ret;
		m->rport = htons(nla_get_u16(tb[IPSEC_LATCH_TMPL_A_REMOTE_PORT]));
	} else if (tb[IPSEC_LATCH_TMPL_A_REMOTE_ADDR] ||
		   tb[IPSEC_LATCH_TMPL_A_REMOTE_PORT]) {
		NL_SET_ERR_MSG(extack, "a LISTENER has no remote address or port");
		return -EINVAL;
	}
	t->action = tb[IPSEC_LATCH_TMPL_A_ACTION] ?
		    nla_get_u8(tb[IPSEC_LATCH_TMPL_A_ACTION]) :
		    IPSEC_LATCH_ACTION_PROTECT;
	if (tb[IPSEC_LATCH_TMPL_A_FALLBACK_MS] &&
	    t->action != IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IPSEC_LATCH_TMPL_A_FALLBACK_MS],
				    "a fallback timeout needs action BYPASS_OR_PROTECT");
		return -EINVAL;
	}
	t->fallback_ms = tb[IPSEC_LATCH_TMPL_A_FALLBACK_MS] ?
			 nla_get_u32(tb[IPSEC_LATCH_TMPL_A_FALLBACK_MS]) :
			 IPSEC_LATCH_FALLBACK_MS_DEFAULT;
	return 0;
}

static int nested(struct genl_info *info, int attr, int maxtype,
		  const struct nla_policy *policy, struct nlattr **tb)
{
	if (!info->attrs[attr]) {
		NL_SET_ERR_MSG(info->extack,
			       "the command's nest (A_TEMPLATE or A_IDENTITY) is missing");
		return -EINVAL;
	}
	return nla_parse_nested(tb, maxtype, info->attrs[attr], policy,
				info->extack);
}

struct tmpl_reply {
	struct sk_buff *msg;
	struct genl_info *info;
	void *hdr;
};

/* The reply (the template as added: its ID), before the add commits. */
static int tmpl_add_reply(const struct ipsec_latch_tmpl *t, void *arg)
{
	struct tmpl_reply *r = arg;

	r->hdr = genlmsg_put_reply(r->msg, r->info, &ipsec_latch_genl_family,
				   0, IPSEC_LATCH_CMD_TEMPLATE_ADD);
	if (!r->hdr || ipsec_latch_tmpl_fill(r->msg, t))
		return -EMSGSIZE;
	return 0;
}

int ipsec_latch_genl_template_add(struct sk_buff *skb, struct genl_info *info)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(genl_info_net(info));
	struct nlattr *tb[IPSEC_LATCH_TMPL_A_MAX + 1];
	struct tmpl_reply reply;
	struct ipsec_latch_tmpl *t;
	struct sk_buff *msg;
	int err;

	err = nested(info, IPSEC_LATCH_A_TEMPLATE, IPSEC_LATCH_TMPL_A_MAX,
		     tmpl_policy, tb);
	if (err)
		return err;
	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!t || !msg) {
		err = -ENOMEM;
		goto err;
	}
	err = parse_template(tb, t, info->extack);
	if (err)
		goto err;
	err = ipsec_latch_nf_hooks_on(ln, info->extack);
	if (err)
		goto err;
	reply.msg = msg;
	reply.info = info;
	err = ipsec_latch_tmpl_add(ln, t, info->extack, tmpl_add_reply,
				   &reply);
	if (err)
		goto err;
	genlmsg_end(msg, reply.hdr);
	return genlmsg_reply(msg, info);

err:
	kfree(t);
	nlmsg_free(msg);
	return err;
}

int ipsec_latch_genl_template_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(genl_info_net(info));
	struct nlattr *tb[IPSEC_LATCH_TMPL_A_MAX + 1];
	int err, i;

	err = nested(info, IPSEC_LATCH_A_TEMPLATE, IPSEC_LATCH_TMPL_A_MAX,
		     tmpl_policy, tb);
	if (err)
		return err;
	for (i = 0; i <= IPSEC_LATCH_TMPL_A_MAX; i++) {
		if (tb[i] && i != IPSEC_LATCH_TMPL_A_ID) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[i],
					    "a template is deleted by its ID only");
			return -EINVAL;
		}
	}
	if (!tb[IPSEC_LATCH_TMPL_A_ID]) {
		NL_SET_ERR_MSG(info->extack, "template ID missing");
		return -EINVAL;
	}
	err = ipsec_latch_tmpl_del(ln, nla_get_u32(tb[IPSEC_LATCH_TMPL_A_ID]));
	if (err)
		NL_SET_ERR_MSG(info->extack, "no template with that ID");
	return err;
}

int ipsec_latch_genl_template_flush(struct sk_buff *skb,
				    struct genl_info *info)
{
	ipsec_latch_tmpl_flush(ipsec_latch_net(genl_info_net(info)));
	return 0;
}

static int fill_tmpl_msg(struct sk_buff *skb, const struct ipsec_latch_tmpl *t,
			 void *arg)
{
	void *hdr = ipsec_latch_genl_dump_hdr(skb, arg, IPSEC_LATCH_CMD_GET_TEMPLATES);

	return ipsec_latch_genl_msg_end(skb, hdr, hdr ? ipsec_latch_tmpl_fill(skb, t) : 0);
}

/* A full skb ends this part of a dump; the cursor resumes it. */
static int dump_result(struct sk_buff *skb, int err)
{
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

int ipsec_latch_genl_dump_templates(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(sock_net(skb->sk));

	return dump_result(skb, ipsec_latch_tmpl_dump(ln, skb, &cb->args[0],
						      fill_tmpl_msg, cb));
}

static int parse_filter(struct nlattr *attr, struct ipsec_latch_filter *f,
			struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IPSEC_LATCH_LATCH_A_MAX + 1];
	int err, ret;

	memset(f, 0, sizeof(*f));
	if (!attr)
		return 0;
	err = nla_parse_nested(tb, IPSEC_LATCH_LATCH_A_MAX, attr,
			       filter_policy, extack);
	if (err)
		return err;
	if (tb[IPSEC_LATCH_LATCH_A_FAMILY]) {
		ret = get_family(tb[IPSEC_LATCH_LATCH_A_FAMILY], extack);
		if (ret < 0)
			return ret;
		f->tuple.family = ret;
		f->mask |= IPSEC_LATCH_F_FAMILY;
	}
	if (tb[IPSEC_LATCH_LATCH_A_PROTO]) {
		f->tuple.proto = nla_get_u8(tb[IPSEC_LATCH_LATCH_A_PROTO]);
		f->mask |= IPSEC_LATCH_F_PROTO;
	}
	if (tb[IPSEC_LATCH_LATCH_A_LOCAL_ADDR] ||
	    tb[IPSEC_LATCH_LATCH_A_REMOTE_ADDR]) {
		if (!(f->mask & IPSEC_LATCH_F_FAMILY)) {
			NL_SET_ERR_MSG(extack,
				       "an address filter needs the family");
			return -EINVAL;
		}
		if (tb[IPSEC_LATCH_LATCH_A_LOCAL_ADDR]) {
			err = get_addr(tb[IPSEC_LATCH_LATCH_A_LOCAL_ADDR],
				       f->tuple.family, &f->tuple.laddr, extack);
			if (err)
				return err;
			f->mask |= IPSEC_LATCH_F_LADDR;
		}
		if (tb[IPSEC_LATCH_LATCH_A_REMOTE_ADDR]) {
			err = get_addr(tb[IPSEC_LATCH_LATCH_A_REMOTE_ADDR],
				       f->tuple.family, &f->tuple.raddr, extack);
			if (err)
				return err;
			f->mask |= IPSEC_LATCH_F_RADDR;
		}
	}
	if (tb[IPSEC_LATCH_LATCH_A_LOCAL_PORT]) {
		f->tuple.lport =
			htons(nla_get_u16(tb[IPSEC_LATCH_LATCH_A_LOCAL_PORT]));
		f->mask |= IPSEC_LATCH_F_LPORT;
	}
	if (tb[IPSEC_LATCH_LATCH_A_REMOTE_PORT]) {
		f->tuple.rport =
			htons(nla_get_u16(tb[IPSEC_LATCH_LATCH_A_REMOTE_PORT]));
		f->mask |= IPSEC_LATCH_F_RPORT;
	}
	if (tb[IPSEC_LATCH_LATCH_A_STATE]) {
		f->state = nla_get_u8(tb[IPSEC_LATCH_LATCH_A_STATE]);
		f->mask |= IPSEC_LATCH_F_STATE;
	}
	if (tb[IPSEC_LATCH_LATCH_A_PEER_ID]) {
		nla_strscpy(f->peer, tb[IPSEC_LATCH_LATCH_A_PEER_ID],
			    sizeof(f->peer));
		f->mask |= IPSEC_LATCH_F_PEER;
	}
	return 0;
}

static int fill_latch_msg(struct sk_buff *skb, const struct ipsec_latch *l,
			  void *arg)
{
	void *hdr = ipsec_latch_genl_dump_hdr(skb, arg, IPSEC_LATCH_CMD_GET_LATCHES);

	return ipsec_latch_genl_msg_end(skb, hdr, hdr ? ipsec_latch_fill(skb, l) : 0);
}

/* The filter is read once; the cursor walks the table across parts. */
int ipsec_latch_genl_dump_latches_start(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct ipsec_latch_net *ln = ipsec_latch_net(sock_net(cb->skb->sk));
	struct ipsec_latch_filter *f;
	int err;

	f = kmalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	err = parse_filter(ipsec_latch_compat_dump_attrs(info)[IPSEC_LATCH_A_FILTER], f, cb->extack);
	if (!err) {
		cb->args[0] = (long)ipsec_latch_dump_start(ln, f);
		if (!cb->args[0])
			err = -ENOMEM;
	}
	kfree(f);
	return err;
}

int ipsec_latch_genl_dump_latches(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct ipsec_latch_dump_cursor *cur = (void *)cb->args[0];

	return dump_result(skb, ipsec_latch_dump(cur, skb, fill_latch_msg, cb));
}

int ipsec_latch_genl_dump_latches_done(struct netlink_callback *cb)
{
	ipsec_latch_dump_done((void *)cb->args[0]);
	return 0;
}

static int parse_identity(struct genl_info *info, struct nlattr **tb,
			  u8 *family, xfrm_address_t *peer, u32 *reqid)
{
	int err;

	err = nested(info, IPSEC_LATCH_A_IDENTITY, IPSEC_LATCH_ID_A_MAX,
		     id_policy, tb);
	if (err)
		return err;
	err = get_family(tb[IPSEC_LATCH_ID_A_FAMILY], info->extack);
	if (err < 0)
		return err;
	*family = err;
	if (!tb[IPSEC_LATCH_ID_A_PEER] || !tb[IPSEC_LATCH_ID_A_REQID]) {
		NL_SET_ERR_MSG(info->extack,
			       "an identity is keyed by the SA's peer address and reqid");
		return -EINVAL;
	}
	*reqid = nla_get_u32(tb[IPSEC_LATCH_ID_A_REQID]);
	return get_addr(tb[IPSEC_LATCH_ID_A_PEER], *family, peer, info->extack);
}

int ipsec_latch_genl_identity_set(struct sk_buff *skb, struct genl_info *info)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(genl_info_net(info));
	struct nlattr *tb[IPSEC_LATCH_ID_A_MAX + 1];
	char id[IPSEC_LATCH_ID_MAX_LEN + 1];
	xfrm_address_t peer;
	u8 family;
	u32 reqid;
	int err;

	err = parse_identity(info, tb, &family, &peer, &reqid);
	if (err)
		return err;
	if (!tb[IPSEC_LATCH_ID_A_ID] ||
	    nla_strscpy(id, tb[IPSEC_LATCH_ID_A_ID], sizeof(id)) <= 0) {
		NL_SET_ERR_MSG(info->extack, "identity string missing or empty");
		return -EINVAL;
	}
	return ipsec_latch_identity_set(ln, family, &peer, reqid, id,
					info->extack);
}

int ipsec_latch_genl_identity_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(genl_info_net(info));
	struct nlattr *tb[IPSEC_LATCH_ID_A_MAX + 1];
	char id[IPSEC_LATCH_ID_MAX_LEN + 1];
	xfrm_address_t peer;
	u8 family;
	u32 reqid;
	int err;

	err = parse_identity(info, tb, &family, &peer, &reqid);
	if (err)
		return err;
	/*
	 * With the identity: only if it still names that one. A reqid reused
	 * for another peer at the same address must not lose its name to
	 * the old peer's late "down".
	 */
	if (tb[IPSEC_LATCH_ID_A_ID] &&
	    nla_strscpy(id, tb[IPSEC_LATCH_ID_A_ID], sizeof(id)) <= 0) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[IPSEC_LATCH_ID_A_ID],
				    "identity string empty");
		return -EINVAL;
	}
	err = ipsec_latch_identity_del(ln, family, &peer, reqid,
				       tb[IPSEC_LATCH_ID_A_ID] ? id : NULL);
	if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "no identity for that peer and reqid");
	else if (err == -ESRCH)
		NL_SET_ERR_MSG(info->extack,
			       "that peer and reqid name another identity now: kept");
	return err;
}

static int put_identity(struct sk_buff *skb, u8 family,
			const xfrm_address_t *peer, u32 reqid, const char *id)
{
	struct nlattr *nest = nla_nest_start(skb, IPSEC_LATCH_A_IDENTITY);

	if (!nest || nla_put_u8(skb, IPSEC_LATCH_ID_A_FAMILY, family) ||
	    nla_put(skb, IPSEC_LATCH_ID_A_PEER, ipsec_latch_addr_len(family),
		    peer) ||
	    nla_put_u32(skb, IPSEC_LATCH_ID_A_REQID, reqid) ||
	    nla_put_string(skb, IPSEC_LATCH_ID_A_ID, id))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int fill_id_msg(struct sk_buff *skb, u8 family,
		       const xfrm_address_t *peer, u32 reqid, const char *id,
		       void *arg)
{
	void *hdr = ipsec_latch_genl_dump_hdr(skb, arg,
					      IPSEC_LATCH_CMD_GET_IDENTITIES);

	return ipsec_latch_genl_msg_end(skb, hdr, hdr ?
					put_identity(skb, family, peer, reqid,
						     id) : 0);
}

int ipsec_latch_genl_dump_identities(struct sk_buff *skb,
				     struct netlink_callback *cb)
{
	struct ipsec_latch_net *ln = ipsec_latch_net(sock_net(skb->sk));

	return dump_result(skb, ipsec_latch_identity_dump(ln, skb,
							  &cb->args[0],
							  fill_id_msg, cb));
}

/* Multicast a latch change; atomic context, the latch's lock held. */
void ipsec_latch_genl_latch_event(struct ipsec_latch_net *ln,
				  const struct ipsec_latch *l,
				  enum ipsec_latch_event event)
{
	struct net *net = ipsec_latch_net_of(ln);
	struct sk_buff *msg;
	void *hdr;

	msg = ipsec_latch_genl_event_new(net, IPSEC_LATCH_CMD_LATCH_EVENT,
					 event, &hdr);
	if (msg)
		ipsec_latch_genl_event_send(net, msg, hdr,
					    ipsec_latch_fill(msg, l));
}
