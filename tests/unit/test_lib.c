// SPDX-License-Identifier: GPL-2.0
/*
 * libipsec-latch without a kernel: the policy words, the check of a latch
 * against them (yes, or no with the reason), a SOCK_QUERY reply parsed
 * into struct ipsec_latch_info, and the per-thread error message.
 */
#include <pthread.h>

#include "genl_msg.h"

#include <ipsec-latch.h>
#include <linux/xfrm.h>

#include "../../lib/internal.h"

/* A latch as SOCK_QUERY sends it: bob's flow under ESP, AES-GCM-128. */
static const struct nlattr *latch_reply(char *buf, size_t len, bool bound,
					uint8_t id_source)
{
	struct nlmsghdr *nlh = genl_msg_start(buf, len,
					      IPSEC_LATCH_CMD_SOCK_QUERY);
	struct nlattr *latch, *qop;

	latch = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_LATCH);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_LATCH_A_FAMILY, AF_INET);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_LATCH_A_PROTO, IPPROTO_TCP);
	genl_put_addr(nlh, IPSEC_LATCH_LATCH_A_LOCAL_ADDR, AF_INET, "192.0.2.1");
	mnl_attr_put_u16(nlh, IPSEC_LATCH_LATCH_A_LOCAL_PORT, 40000);
	genl_put_addr(nlh, IPSEC_LATCH_LATCH_A_REMOTE_ADDR, AF_INET, "192.0.2.2");
	mnl_attr_put_u16(nlh, IPSEC_LATCH_LATCH_A_REMOTE_PORT, 2049);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_LATCH_A_STATE,
			IPSEC_LATCH_STATE_ESTABLISHED);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_LATCH_A_ACTION,
			bound ? IPSEC_LATCH_ACTION_PROTECT :
				IPSEC_LATCH_ACTION_BYPASS);
	mnl_attr_put_u32(nlh, IPSEC_LATCH_LATCH_A_TEMPLATE_ID, 0);
	if (bound) {
		mnl_attr_put_strz(nlh, IPSEC_LATCH_LATCH_A_PEER_ID,
				  "bob.example");
		mnl_attr_put_u8(nlh, IPSEC_LATCH_LATCH_A_ID_SOURCE, id_source);
		qop = mnl_attr_nest_start(nlh, IPSEC_LATCH_LATCH_A_QOP);
		mnl_attr_put_u8(nlh, IPSEC_LATCH_QOP_A_XFRM_PROTO, IPPROTO_ESP);
		mnl_attr_put_u8(nlh, IPSEC_LATCH_QOP_A_MODE,
				XFRM_MODE_TRANSPORT);
		mnl_attr_put_u32(nlh, IPSEC_LATCH_QOP_A_REQID, 7);
		genl_put_addr(nlh, IPSEC_LATCH_QOP_A_PEER, AF_INET,
			      "192.0.2.2");
		mnl_attr_put_strz(nlh, IPSEC_LATCH_QOP_A_AEAD_ALG,
				  "rfc4106(gcm(aes))");
		mnl_attr_put_u32(nlh, IPSEC_LATCH_QOP_A_AEAD_BITS, 128);
		mnl_attr_put_u32(nlh, IPSEC_LATCH_QOP_A_ICV_BITS, 128);
		mnl_attr_put_u32(nlh, IPSEC_LATCH_QOP_A_SPI_IN, 0xc0ffee01);
		mnl_attr_put_u32(nlh, IPSEC_LATCH_QOP_A_SPI_OUT, 0xc0ffee02);
		mnl_attr_nest_end(nlh, qop);
	} else {
		mnl_attr_put_u8(nlh, IPSEC_LATCH_LATCH_A_DECISION,
				IPSEC_LATCH_DECISION_TIMEOUT);
	}
	mnl_attr_put(nlh, IPSEC_LATCH_LATCH_A_REQUESTED, 0, NULL);
	genl_put_u64_pad(nlh, IPSEC_LATCH_LATCH_A_PAD,
			 IPSEC_LATCH_LATCH_A_PACKETS_OUT, 12);
	mnl_attr_nest_end(nlh, latch);
	return latch;
}

static void test_parse_reply(void **state)
{
	char buf[2048];
	struct ipsec_latch_info in;
	const struct sockaddr_in *sin;

	(void)state;
	assert_int_equal(lib_info_parse(latch_reply(buf, sizeof(buf), true,
						    IPSEC_LATCH_ID_IKE), &in),
			 0);
	assert_int_equal(in.state, IPSEC_LATCH_ESTABLISHED);
	assert_int_equal(in.action, IPSEC_LATCH_PROTECT);
	assert_int_equal(in.decision, IPSEC_LATCH_DECIDED_PROTECTED);
	assert_true(in.requested);
	assert_true(in.protected);
	assert_string_equal(in.peer_id, "bob.example");
	assert_int_equal(in.id_source, IPSEC_LATCH_ID_FROM_IKE);
	assert_int_equal(in.qop.protocol, IPPROTO_ESP);
	assert_false(in.qop.tunnel);
	assert_string_equal(in.qop.aead, "rfc4106(gcm(aes))");
	assert_int_equal(in.qop.aead_key_bits, 128);
	assert_int_equal(in.qop.spi_out, 0xc0ffee02);
	assert_int_equal(in.protocol, IPPROTO_TCP);
	sin = (const struct sockaddr_in *)&in.remote;
	assert_int_equal(sin->sin_family, AF_INET);
	assert_int_equal(ntohs(sin->sin_port), 2049);
	assert_int_equal(in.packets_out, 12);

	assert_int_equal(lib_info_parse(latch_reply(buf, sizeof(buf), false,
						    0), &in), 0);
	assert_false(in.protected);
	assert_int_equal(in.action, IPSEC_LATCH_BYPASS);
	assert_int_equal(in.decision, IPSEC_LATCH_DECIDED_TIMEOUT);
	assert_string_equal(in.peer_id, "");
}

static void test_parse_refuses_garbage(void **state)
{
	char buf[256];
	struct nlmsghdr *nlh = genl_msg_start(buf, sizeof(buf),
					      IPSEC_LATCH_CMD_SOCK_QUERY);
	struct nlattr *latch = mnl_attr_nest_start(nlh, IPSEC_LATCH_A_LATCH);
	struct ipsec_latch_info in;

	(void)state;
	mnl_attr_put_u8(nlh, IPSEC_LATCH_LATCH_A_FAMILY, 99);
	mnl_attr_put_u8(nlh, IPSEC_LATCH_LATCH_A_STATE, 9);
	mnl_attr_nest_end(nlh, latch);
	assert_int_equal(lib_info_parse(latch, &in), -1);
	assert_int_equal(errno, EPROTO);
	assert_non_null(strstr(ipsec_latch_errmsg(), "cannot read"));
}

static void test_policy_words(void **state)
{
	struct ipsec_latch_policy p;

	(void)state;
	assert_int_equal(ipsec_latch_policy_parse(
		" esp  transport aead min-key-bits=128 peer=*.example ike-identity\n",
		&p), 0);
	assert_int_equal(p.flags, IPSEC_LATCH_POLICY_PROTOCOL |
			 IPSEC_LATCH_POLICY_MODE | IPSEC_LATCH_POLICY_AEAD |
			 IPSEC_LATCH_POLICY_MIN_KEY_BITS |
			 IPSEC_LATCH_POLICY_PEER | IPSEC_LATCH_POLICY_IKE_ID);
	assert_int_equal(p.protocol, IPPROTO_ESP);
	assert_false(p.tunnel);
	assert_int_equal(p.min_key_bits, 128);
	assert_string_equal(p.peer, "*.example");
	assert_int_equal(ipsec_latch_policy_parse("", &p), 0);
	assert_int_equal(p.flags, 0);

	static const char *const bad[] = {
		"espx", "min-key-bits=", "min-key-bits=0", "min-key-bits=12x",
		"min-key-bits=-5", "min-key-bits=99999", "peer=", "protected bogus",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p.flags = 0xdead;
		assert_int_equal(ipsec_latch_policy_parse(bad[i], &p), -1);
		assert_int_equal(errno, EINVAL);
		assert_int_equal(p.flags, 0xdead);	/* unchanged */
		assert_true(strlen(ipsec_latch_errmsg()) > 0);
	}
}

static void expect(const struct ipsec_latch_info *in, const char *policy,
		   int want, const char *why_has)
{
	struct ipsec_latch_policy p;
	char why[256];

	assert_int_equal(ipsec_latch_policy_parse(policy, &p), 0);
	assert_int_equal(ipsec_latch_check(in, &p, why, sizeof(why)), want);
	if (want)
		assert_string_equal(why, "");
	else
		assert_non_null(strstr(why, why_has));
}

static void test_check(void **state)
{
	char buf[2048];
	struct ipsec_latch_info in, clear;

	(void)state;
	assert_int_equal(lib_info_parse(latch_reply(buf, sizeof(buf), true,
						    IPSEC_LATCH_ID_IKE), &in),
			 0);
	expect(&in, "", 1, NULL);
	expect(&in, "protected esp transport aead encrypted min-key-bits=128 peer=bob.* ike-identity",
	       1, NULL);
	expect(&in, "ah", 0, "ah wanted, the flow has esp");
	expect(&in, "tunnel", 0, "tunnel mode wanted");
	expect(&in, "min-key-bits=256", 0, "weakest has 128");
	expect(&in, "peer=alice.example", 0, "the flow's is \"bob.example\"");

	/* Derived identities are not IKE's. */
	assert_int_equal(lib_info_parse(latch_reply(buf, sizeof(buf), true,
						    IPSEC_LATCH_ID_DERIVED), &in),
			 0);
	expect(&in, "peer=bob.example", 1, NULL);
	expect(&in, "ike-identity", 0, "only known as");

	/* Enc + auth: the weaker key counts; null encryption is none. */
	snprintf(in.qop.aead, sizeof(in.qop.aead), "%s", "");
	snprintf(in.qop.enc, sizeof(in.qop.enc), "%s", "cbc(aes)");
	in.qop.enc_key_bits = 256;
	snprintf(in.qop.auth, sizeof(in.qop.auth), "%s", "hmac(sha256)");
	in.qop.auth_key_bits = 256;
	expect(&in, "encrypted min-key-bits=256", 1, NULL);
	expect(&in, "aead", 0, "cbc(aes) with hmac(sha256)");
	in.qop.auth_key_bits = 160;
	expect(&in, "min-key-bits=256", 0, "weakest has 160");
	snprintf(in.qop.enc, sizeof(in.qop.enc), "%s", "ecb(cipher_null)");
	expect(&in, "encrypted", 0, "has none (ecb(cipher_null))");
	expect(&in, "min-key-bits=1", 0, "weakest has 0");

	/* A cipher with no integrity; an AEAD that does not encrypt. */
	snprintf(in.qop.enc, sizeof(in.qop.enc), "%s", "cbc(aes)");
	in.qop.auth[0] = '\0';
	expect(&in, "encrypted", 0, "integrity wanted, the flow has cbc(aes) alone");
	expect(&in, "esp min-key-bits=256", 1, NULL);
	snprintf(in.qop.aead, sizeof(in.qop.aead), "%s", "rfc4543(gcm(aes))");
	in.qop.aead_key_bits = 128;
	expect(&in, "aead min-key-bits=128", 1, NULL);
	expect(&in, "encrypted", 0, "has none (rfc4543(gcm(aes)))");

	/* In the clear: any condition on protection fails; none passes. */
	assert_int_equal(lib_info_parse(latch_reply(buf, sizeof(buf), false,
						    0), &clear), 0);
	expect(&clear, "", 1, NULL);
	expect(&clear, "protected", 0, "not protected: the latch is established, bypass");
	expect(&clear, "peer=*", 0, "not protected");
}

static void *fail_in_thread(void *arg)
{
	struct ipsec_latch_policy p;

	(void)arg;
	ipsec_latch_policy_parse("other-thread", &p);
	return NULL;
}

static void test_errmsg_per_thread(void **state)
{
	struct ipsec_latch_policy p;
	pthread_t t;

	(void)state;
	assert_int_equal(ipsec_latch_policy_parse("mine", &p), -1);
	assert_int_equal(pthread_create(&t, NULL, fail_in_thread, NULL), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_non_null(strstr(ipsec_latch_errmsg(), "'mine'"));
}

static void test_bad_arguments(void **state)
{
	struct ipsec_latch_info in;

	(void)state;
	assert_int_equal(ipsec_latch_query(-1, &in), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ipsec_latch_require(3, IPSEC_LATCH_BYPASS, 0), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ipsec_latch_require(3, IPSEC_LATCH_PROTECT, 500), -1);
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(ipsec_latch_errmsg(), "BYPASS_OR_PROTECT only"));
	assert_string_equal(ipsec_latch_state_name(IPSEC_LATCH_BROKEN), "broken");
	assert_string_equal(ipsec_latch_action_name(IPSEC_LATCH_BYPASS_OR_PROTECT),
			    "bypass-or-protect");
	assert_string_equal(ipsec_latch_decision_name(99), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_reply),
		cmocka_unit_test(test_parse_refuses_garbage),
		cmocka_unit_test(test_policy_words),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_errmsg_per_thread),
		cmocka_unit_test(test_bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
