// SPDX-License-Identifier: GPL-2.0
/*
 * module/sa_event.h: which counter each xfrm key-manager notification moves.
 * The module includes the very same header.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sa_event.h"

static void test_sa_events_map_to_their_counters(void **state)
{
	(void)state;
	assert_int_equal(ipsec_latch_sa_event_counter(XFRM_MSG_NEWSA),
			 IPSEC_LATCH_CTR_SA_NEW);
	assert_int_equal(ipsec_latch_sa_event_counter(XFRM_MSG_UPDSA),
			 IPSEC_LATCH_CTR_SA_UPDATE);
	assert_int_equal(ipsec_latch_sa_event_counter(XFRM_MSG_DELSA),
			 IPSEC_LATCH_CTR_SA_DELETE);
	assert_int_equal(ipsec_latch_sa_event_counter(XFRM_MSG_EXPIRE),
			 IPSEC_LATCH_CTR_SA_EXPIRE);
	assert_int_equal(ipsec_latch_sa_event_counter(XFRM_MSG_FLUSHSA),
			 IPSEC_LATCH_CTR_SA_FLUSH);
}

/* Replay/lifetime updates and policy messages are not SA changes. */
static void test_other_messages_are_not_sa_events(void **state)
{
	(void)state;
	assert_int_equal(ipsec_latch_sa_event_counter(XFRM_MSG_NEWAE),
			 IPSEC_LATCH_CTR_UNSPEC);
	assert_int_equal(ipsec_latch_sa_event_counter(XFRM_MSG_NEWPOLICY),
			 IPSEC_LATCH_CTR_UNSPEC);
	assert_int_equal(ipsec_latch_sa_event_counter(0),
			 IPSEC_LATCH_CTR_UNSPEC);
	assert_int_equal(ipsec_latch_sa_event_counter(0xffffffffu),
			 IPSEC_LATCH_CTR_UNSPEC);
}

static void test_policy_changes_are_counted(void **state)
{
	(void)state;
	assert_int_equal(ipsec_latch_policy_event_counter(XFRM_MSG_NEWPOLICY, 0),
			 IPSEC_LATCH_CTR_POLICY_CHANGE);
	assert_int_equal(ipsec_latch_policy_event_counter(XFRM_MSG_UPDPOLICY, 0),
			 IPSEC_LATCH_CTR_POLICY_CHANGE);
	assert_int_equal(ipsec_latch_policy_event_counter(XFRM_MSG_DELPOLICY, 0),
			 IPSEC_LATCH_CTR_POLICY_CHANGE);
	assert_int_equal(ipsec_latch_policy_event_counter(XFRM_MSG_FLUSHPOLICY, 0),
			 IPSEC_LATCH_CTR_POLICY_CHANGE);
	assert_int_equal(ipsec_latch_policy_event_counter(XFRM_MSG_NEWSA, 0),
			 IPSEC_LATCH_CTR_UNSPEC);
}

/* Only a hard policy expire removes the policy. */
static void test_only_hard_policy_expire_changes_the_spd(void **state)
{
	(void)state;
	assert_int_equal(ipsec_latch_policy_event_counter(XFRM_MSG_POLEXPIRE, 1),
			 IPSEC_LATCH_CTR_POLICY_CHANGE);
	assert_int_equal(ipsec_latch_policy_event_counter(XFRM_MSG_POLEXPIRE, 0),
			 IPSEC_LATCH_CTR_UNSPEC);
}

/* Every counter a mapping returns must fit the per-netns array. */
static void test_mapped_counters_are_in_range(void **state)
{
	unsigned int msg;

	(void)state;
	for (msg = 0; msg <= XFRM_MSG_MAX + 1; msg++) {
		assert_in_range(ipsec_latch_sa_event_counter(msg), 0,
				IPSEC_LATCH_CTR_MAX);
		assert_in_range(ipsec_latch_policy_event_counter(msg, 1), 0,
				IPSEC_LATCH_CTR_MAX);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sa_events_map_to_their_counters),
		cmocka_unit_test(test_other_messages_are_not_sa_events),
		cmocka_unit_test(test_policy_changes_are_counted),
		cmocka_unit_test(test_only_hard_policy_expire_changes_the_spd),
		cmocka_unit_test(test_mapped_counters_are_in_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
