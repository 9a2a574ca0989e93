/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Unit tests: generic netlink messages of the ipsec_latch family built in
 * a caller's buffer as the module would send them; the nest of a request
 * the tool built, attribute by attribute; and the check that a parser
 * refuses a malformed message.
 */
#ifndef IPL_TEST_GENL_MSG_H
#define IPL_TEST_GENL_MSG_H

#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/ipsec_latch.h>

static inline struct nlmsghdr *genl_msg_start(char *buf, size_t len,
					      uint8_t cmd)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(buf, 0, len);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = 0x20;	/* any family id */
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = IPSEC_LATCH_GENL_VERSION;
	return nlh;
}

/* An address attribute of family af (4 or 16 bytes), from its text. */
static inline void genl_put_addr(struct nlmsghdr *nlh, uint16_t type, int af,
				 const char *s)
{
	uint8_t buf[16];

	assert_int_equal(inet_pton(af, s, buf), 1);
	mnl_attr_put(nlh, type, af == AF_INET ? 4 : 16, buf);
}

/* As nla_put_u64_64bit() may: a PAD attribute first, for alignment. */
static inline void genl_put_u64_pad(struct nlmsghdr *nlh, uint16_t pad,
				    uint16_t type, uint64_t v)
{
	mnl_attr_put(nlh, pad, 0, NULL);
	mnl_attr_put_u64(nlh, type, v);
}

/* A request's one nest, and the attributes in it. */
struct genl_nest_seen {
	const struct nlattr *nest;
	unsigned int n;
	uint16_t type[32];
	uint16_t len[32];
	const struct nlattr *attr[32];
};

/* Walk request nlh: it must carry one nest, of type @type, and no more. */
static inline void genl_walk_nest(const struct nlmsghdr *nlh, uint16_t type,
				  struct genl_nest_seen *s)
{
	const struct nlattr *attr, *inner;
	unsigned int nests = 0;

	memset(s, 0, sizeof(*s));
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		assert_int_equal(mnl_attr_get_type(attr), type);
		assert_int_equal(mnl_attr_validate(attr, MNL_TYPE_NESTED), 0);
		nests++;
		s->nest = attr;
		mnl_attr_for_each_nested(inner, attr) {
			assert_true(s->n < 32);
			s->type[s->n] = mnl_attr_get_type(inner);
			s->len[s->n] = mnl_attr_get_payload_len(inner);
			s->attr[s->n] = inner;
			s->n++;
		}
	}
	assert_int_equal(nests, 1);
}

/* A parser's call on a malformed message fails with EBADMSG. */
#define assert_ebadmsg(call) do {				\
	errno = 0;						\
	assert_int_equal((call), -1);				\
	assert_int_equal(errno, EBADMSG);			\
} while (0)

#endif /* IPL_TEST_GENL_MSG_H */
