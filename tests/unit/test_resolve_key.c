// SPDX-License-Identifier: GPL-2.0
/*
 * module/resolve_key.h: the key a resolution waits for must equal the key
 * of the larval state the kernel makes and of the SA that ends the wait.
 */
#include <sys/socket.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <arpa/inet.h>

#include "resolve_key.h"

static xfrm_address_t a4(const char *s)
{
	xfrm_address_t a = { 0 };

	assert_int_equal(inet_pton(AF_INET, s, &a.a4), 1);
	return a;
}

static xfrm_address_t a6(const char *s)
{
	xfrm_address_t a = { 0 };

	assert_int_equal(inet_pton(AF_INET6, s, &a.a6), 1);
	return a;
}

/* Trap policies leave the template's addresses open: the flow's count. */
static void test_open_template_takes_lookup_addresses(void **state)
{
	xfrm_address_t any = { 0 }, d = a4("192.0.2.2"), s = a4("192.0.2.1");
	struct ipsec_latch_res_key k;

	(void)state;
	ipsec_latch_res_key_from_tmpl(&k, AF_INET, &any, &any, &d, &s,
				      IPPROTO_ESP, XFRM_MODE_TRANSPORT, 7, 0, 0);
	assert_memory_equal(&k.daddr, &d, sizeof(d));
	assert_memory_equal(&k.saddr, &s, sizeof(s));
	assert_int_equal(k.reqid, 7);
	assert_int_equal(k.family, AF_INET);
	assert_int_equal(k.proto, IPPROTO_ESP);
	assert_int_equal(k.mode, XFRM_MODE_TRANSPORT);
}

/* Tunnel templates name the gateways: the flow's addresses do not count. */
static void test_tunnel_template_keeps_its_addresses(void **state)
{
	xfrm_address_t gd = a4("203.0.113.2"), gs = a4("203.0.113.1");
	xfrm_address_t d = a4("198.51.100.138"), s = a4("198.51.100.10");
	struct ipsec_latch_res_key k;

	(void)state;
	ipsec_latch_res_key_from_tmpl(&k, AF_INET, &gd, &gs, &d, &s,
				      IPPROTO_ESP, XFRM_MODE_TUNNEL, 1, 0, 0);
	assert_memory_equal(&k.daddr, &gd, sizeof(gd));
	assert_memory_equal(&k.saddr, &gs, sizeof(gs));
}

/*
 * The key from a template and the key from the SA that answers it (whose
 * addresses are always concrete) compare equal; garbage beyond the
 * family's address length must not matter.
 */
static void test_sa_key_equals_template_key(void **state)
{
	xfrm_address_t any = { 0 }, d = a6("2001:db8::2"), s = a6("2001:db8::1");
	xfrm_address_t d4 = a4("192.0.2.2"), s4 = a4("192.0.2.1");
	struct ipsec_latch_res_key from_tmpl, from_sa;

	(void)state;
	ipsec_latch_res_key_from_tmpl(&from_tmpl, AF_INET6, &any, &any, &d, &s,
				      IPPROTO_ESP, XFRM_MODE_TRANSPORT, 2, 0, 0);
	ipsec_latch_res_key_from_tmpl(&from_sa, AF_INET6, &d, &s, &d, &s,
				      IPPROTO_ESP, XFRM_MODE_TRANSPORT, 2, 0, 0);
	assert_true(ipsec_latch_key_equal(&from_tmpl, &from_sa,
					  sizeof(from_sa)));
	assert_int_equal(ipsec_latch_key_hash(&from_tmpl, sizeof(from_tmpl)),
			 ipsec_latch_key_hash(&from_sa, sizeof(from_sa)));

	d4.a6[1] = 0xdeadbeef;	/* bytes an IPv4 address does not use */
	ipsec_latch_res_key_from_tmpl(&from_tmpl, AF_INET, &any, &any, &d4,
				      &s4, IPPROTO_ESP, XFRM_MODE_TRANSPORT, 2, 0, 0);
	d4.a6[1] = 0;
	ipsec_latch_res_key_from_tmpl(&from_sa, AF_INET, &d4, &s4, &d4, &s4,
				      IPPROTO_ESP, XFRM_MODE_TRANSPORT, 2, 0, 0);
	assert_true(ipsec_latch_key_equal(&from_tmpl, &from_sa,
					  sizeof(from_sa)));
}

/* Each field of the key tells SAs apart. */
static void test_keys_differ_by_every_field(void **state)
{
	xfrm_address_t d = a4("192.0.2.2"), s = a4("192.0.2.1");
	xfrm_address_t d2 = a4("192.0.2.3");
	struct ipsec_latch_res_key base, k;

	(void)state;
	ipsec_latch_res_key_from_tmpl(&base, AF_INET, &d, &s, &d, &s,
				      IPPROTO_ESP, XFRM_MODE_TRANSPORT, 1, 0, 0);
	ipsec_latch_res_key_from_tmpl(&k, AF_INET, &d2, &s, &d2, &s,
				      IPPROTO_ESP, XFRM_MODE_TRANSPORT, 1, 0, 0);
	assert_false(ipsec_latch_key_equal(&base, &k, sizeof(k)));
	ipsec_latch_res_key_from_tmpl(&k, AF_INET, &d, &s, &d, &s,
				      IPPROTO_AH, XFRM_MODE_TRANSPORT, 1, 0, 0);
	assert_false(ipsec_latch_key_equal(&base, &k, sizeof(k)));
	ipsec_latch_res_key_from_tmpl(&k, AF_INET, &d, &s, &d, &s,
				      IPPROTO_ESP, XFRM_MODE_TUNNEL, 1, 0, 0);
	assert_false(ipsec_latch_key_equal(&base, &k, sizeof(k)));
	ipsec_latch_res_key_from_tmpl(&k, AF_INET, &d, &s, &d, &s,
				      IPPROTO_ESP, XFRM_MODE_TRANSPORT, 2, 0, 0);
	assert_false(ipsec_latch_key_equal(&base, &k, sizeof(k)));
	ipsec_latch_res_key_from_tmpl(&k, AF_INET, &d, &s, &d, &s,
				      IPPROTO_ESP, XFRM_MODE_TRANSPORT, 1, 2, 0);
	assert_false(ipsec_latch_key_equal(&base, &k, sizeof(k)));
	ipsec_latch_res_key_from_tmpl(&k, AF_INET, &d, &s, &d, &s,
				      IPPROTO_ESP, XFRM_MODE_TRANSPORT, 1, 0, 7);
	assert_false(ipsec_latch_key_equal(&base, &k, sizeof(k)));
}

/*
 * Two xfrm interfaces over the same gateways: an SA for one interface id
 * never ends the other's wait. Marks hash alike (an SA's value and mask
 * may match several), and match as xfrm_state_find() matches them.
 */
static void test_sa_matches_by_if_id_and_mark(void **state)
{
	xfrm_address_t gd = a4("203.0.113.2"), gs = a4("203.0.113.1");
	struct ipsec_latch_res_key if1, if2, marked, sa;

	(void)state;
	ipsec_latch_res_key_from_tmpl(&if1, AF_INET, &gd, &gs, &gd, &gs,
				      IPPROTO_ESP, XFRM_MODE_TUNNEL, 1, 1, 0);
	ipsec_latch_res_key_from_tmpl(&if2, AF_INET, &gd, &gs, &gd, &gs,
				      IPPROTO_ESP, XFRM_MODE_TUNNEL, 1, 2, 0);
	sa = if1;
	assert_true(ipsec_latch_sa_matches(&if1, &sa, 0, 0));
	assert_false(ipsec_latch_sa_matches(&if2, &sa, 0, 0));

	ipsec_latch_res_key_from_tmpl(&marked, AF_INET, &gd, &gs, &gd, &gs,
				      IPPROTO_ESP, XFRM_MODE_TUNNEL, 1, 1,
				      0x2a);
	assert_int_equal(ipsec_latch_key_hash(&marked,
					      IPSEC_LATCH_RES_KEY_HASHED),
			 ipsec_latch_key_hash(&if1,
					      IPSEC_LATCH_RES_KEY_HASHED));
	assert_true(ipsec_latch_sa_matches(&marked, &sa, 0x2a, 0xffffffff));
	assert_true(ipsec_latch_sa_matches(&marked, &sa, 0x0a, 0x0f));
	assert_true(ipsec_latch_sa_matches(&marked, &sa, 0, 0));
	assert_false(ipsec_latch_sa_matches(&marked, &sa, 0x2b, 0xffffffff));
	assert_false(ipsec_latch_sa_matches(&if1, &sa, 0x2a, 0xffffffff));
}

/* The keys are hashed as 32-bit words: no padding, whole words. */
static void test_key_layouts_are_word_sized(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct ipsec_latch_res_key) % 4, 0);
	assert_int_equal(sizeof(struct ipsec_latch_res_key),
			 16 + 16 + 4 + 2 + 1 + 1 + 4 + 4);
	assert_int_equal(IPSEC_LATCH_RES_KEY_HASHED % 4, 0);
	assert_int_equal(sizeof(struct ipsec_latch_flow_key),
			 16 + 16 + 4 + 2 + 1 + 1 + 4 + 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_template_takes_lookup_addresses),
		cmocka_unit_test(test_tunnel_template_keeps_its_addresses),
		cmocka_unit_test(test_sa_key_equals_template_key),
		cmocka_unit_test(test_keys_differ_by_every_field),
		cmocka_unit_test(test_sa_matches_by_if_id_and_mark),
		cmocka_unit_test(test_key_layouts_are_word_sized),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
