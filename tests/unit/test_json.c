// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ipsec-latchctl's JSON writer (tools/ipsec-latchctl/json.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json.h"

struct out {
	char *buf;
	size_t len;
	FILE *f;
	struct jsonw jw;
};

static struct jsonw *out_open(struct out *o)
{
	memset(o, 0, sizeof(*o));
	o->f = open_memstream(&o->buf, &o->len);
	assert_non_null(o->f);
	jsonw_init(&o->jw, o->f);
	return &o->jw;
}

/* Finish the document, compare the output, free. */
static void out_check(struct out *o, int want_ret, const char *want)
{
	int ret = jsonw_finish(&o->jw);

	assert_int_equal(fclose(o->f), 0);
	assert_int_equal(ret, want_ret);
	if (want)
		assert_string_equal(o->buf, want);
	free(o->buf);
}

/* One string value as a document. */
static void check_string(const char *in, size_t len, const char *want)
{
	struct out o;

	jsonw_string_len(out_open(&o), in, len);
	out_check(&o, 0, want);
}

#define CHECK_STR(in, want)	check_string(in, sizeof(in) - 1, want "\n")

static void test_empty_containers(void **state)
{
	struct out o;
	struct jsonw *jw;

	(void)state;
	jw = out_open(&o);
	jsonw_start_object(jw);
	jsonw_end_object(jw);
	out_check(&o, 0, "{}\n");

	jw = out_open(&o);
	jsonw_start_array(jw);
	jsonw_end_array(jw);
	out_check(&o, 0, "[]\n");
}

static void test_nesting_and_commas(void **state)
{
	struct out o;
	struct jsonw *jw = out_open(&o);

	(void)state;
	jsonw_start_object(jw);
	jsonw_u64_field(jw, "a", 1);
	jsonw_name(jw, "b");
	jsonw_start_array(jw);
	jsonw_u64(jw, 1);
	jsonw_u64(jw, 2);
	jsonw_start_object(jw);
	jsonw_name(jw, "c");
	jsonw_null(jw);
	jsonw_end_object(jw);
	jsonw_start_array(jw);
	jsonw_end_array(jw);
	jsonw_end_array(jw);
	jsonw_name(jw, "d");
	jsonw_start_object(jw);
	jsonw_end_object(jw);
	jsonw_string_field(jw, "e", "x");
	jsonw_bool_field(jw, "f", true);
	jsonw_bool_field(jw, "g", false);
	jsonw_end_object(jw);
	out_check(&o, 0,
		  "{\"a\":1,\"b\":[1,2,{\"c\":null},[]],\"d\":{},\"e\":\"x\","
		  "\"f\":true,\"g\":false}\n");
}

static void test_status_shape(void **state)
{
	struct out o;
	struct jsonw *jw = out_open(&o);

	(void)state;
	jsonw_start_object(jw);
	jsonw_name(jw, "module");
	jsonw_start_object(jw);
	jsonw_string_field(jw, "name", "ipsec_latch");
	jsonw_string_field(jw, "version", "0.1.0");
	jsonw_end_object(jw);
	jsonw_name(jw, "counters");
	jsonw_start_object(jw);
	jsonw_u64_field(jw, "sa_new", 3);
	jsonw_u64_field(jw, "sa_update", 0);
	jsonw_end_object(jw);
	jsonw_end_object(jw);
	out_check(&o, 0,
		  "{\"module\":{\"name\":\"ipsec_latch\","
		  "\"version\":\"0.1.0\"},"
		  "\"counters\":{\"sa_new\":3,\"sa_update\":0}}\n");
}

static void test_numbers(void **state)
{
	struct out o;
	struct jsonw *jw = out_open(&o);

	(void)state;
	jsonw_start_array(jw);
	jsonw_u64(jw, 0);
	jsonw_u64(jw, UINT64_MAX);
	jsonw_s64(jw, INT64_MIN);
	jsonw_s64(jw, -1);
	jsonw_end_array(jw);
	out_check(&o, 0,
		  "[0,18446744073709551615,-9223372036854775808,-1]\n");
}

static void test_escape_quote_backslash(void **state)
{
	(void)state;
	CHECK_STR("", "\"\"");
	CHECK_STR("plain", "\"plain\"");
	CHECK_STR("a\"b", "\"a\\\"b\"");
	CHECK_STR("a\\b", "\"a\\\\b\"");
	CHECK_STR("\\\"", "\"\\\\\\\"\"");
	CHECK_STR("\"\"", "\"\\\"\\\"\"");
	/* no escaping of '/' needed */
	CHECK_STR("a/b", "\"a/b\"");
}

static void test_escape_control(void **state)
{
	(void)state;
	CHECK_STR("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	CHECK_STR("\x01", "\"\\u0001\"");
	CHECK_STR("\x1f", "\"\\u001f\"");
	CHECK_STR("a\x1b[31mb", "\"a\\u001b[31mb\"");
	CHECK_STR("\x7f", "\"\\u007f\"");
	CHECK_STR(" ~", "\" ~\"");
	/* embedded NUL, only reachable through the _len variant */
	CHECK_STR("a\0b", "\"a\\u0000b\"");
}

static void test_utf8(void **state)
{
	(void)state;
	/* valid sequences pass through unchanged */
	CHECK_STR("\xc3\xa9", "\"\xc3\xa9\"");			/* U+00E9 */
	CHECK_STR("\xe2\x82\xac", "\"\xe2\x82\xac\"");		/* U+20AC */
	CHECK_STR("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");	/* U+1F600 */
	CHECK_STR("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"");	/* U+10FFFF */
	/* invalid bytes become U+FFFD, one per byte, and do not eat text */
	CHECK_STR("\xff", "\"\\ufffd\"");
	CHECK_STR("\x80", "\"\\ufffd\"");
	CHECK_STR("a\xe2\x82", "\"a\\ufffd\\ufffd\"");	/* truncated */
	CHECK_STR("\xe2\x82x", "\"\\ufffd\\ufffdx\"");	/* bad continuation */
	CHECK_STR("\xc0\xaf", "\"\\ufffd\\ufffd\"");	/* overlong '/' */
	CHECK_STR("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"");	/* overlong */
	CHECK_STR("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");	/* surrogate */
	CHECK_STR("\xf4\x90\x80\x80",
		  "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");		/* > U+10FFFF */
	CHECK_STR("\xf5", "\"\\ufffd\"");
}

static void test_names_escaped(void **state)
{
	struct out o;
	struct jsonw *jw = out_open(&o);

	(void)state;
	jsonw_start_object(jw);
	jsonw_u64_field(jw, "a\"b\n", 1);
	jsonw_end_object(jw);
	out_check(&o, 0, "{\"a\\\"b\\n\":1}\n");
}

static void test_null_string(void **state)
{
	struct out o;
	struct jsonw *jw = out_open(&o);

	(void)state;
	jsonw_start_object(jw);
	jsonw_string_field(jw, "v", NULL);
	jsonw_end_object(jw);
	out_check(&o, 0, "{\"v\":null}\n");
}

static void test_misuse_value_without_name(void **state)
{
	struct out o;
	struct jsonw *jw = out_open(&o);

	(void)state;
	jsonw_start_object(jw);
	jsonw_u64(jw, 1);
	jsonw_end_object(jw);
	assert_true(jw->error);
	out_check(&o, -1, NULL);
}

static void test_misuse_name_in_array(void **state)
{
	struct out o;
	struct jsonw *jw = out_open(&o);

	(void)state;
	jsonw_start_array(jw);
	jsonw_name(jw, "x");
	jsonw_end_array(jw);
	out_check(&o, -1, NULL);
}

static void test_misuse_two_names(void **state)
{
	struct out o;
	struct jsonw *jw = out_open(&o);

	(void)state;
	jsonw_start_object(jw);
	jsonw_name(jw, "x");
	jsonw_name(jw, "y");
	jsonw_u64(jw, 1);
	jsonw_end_object(jw);
	out_check(&o, -1, NULL);
}

static void test_misuse_dangling_name(void **state)
{
	struct out o;
	struct jsonw *jw = out_open(&o);

	(void)state;
	jsonw_start_object(jw);
	jsonw_name(jw, "x");
	jsonw_end_object(jw);
	out_check(&o, -1, NULL);
}

static void test_misuse_unbalanced(void **state)
{
	struct out o;
	struct jsonw *jw;

	(void)state;
	/* unclosed */
	jw = out_open(&o);
	jsonw_start_object(jw);
	out_check(&o, -1, NULL);

	/* closed with the wrong bracket */
	jw = out_open(&o);
	jsonw_start_object(jw);
	jsonw_end_array(jw);
	out_check(&o, -1, NULL);

	/* close at top level */
	jw = out_open(&o);
	jsonw_end_object(jw);
	out_check(&o, -1, NULL);

	/* nothing written */
	out_open(&o);
	out_check(&o, -1, NULL);
}

static void test_misuse_two_documents(void **state)
{
	struct out o;
	struct jsonw *jw = out_open(&o);

	(void)state;
	jsonw_u64(jw, 1);
	jsonw_u64(jw, 2);
	out_check(&o, -1, NULL);
}

static void test_depth_limit(void **state)
{
	struct out o;
	struct jsonw *jw = out_open(&o);
	int i;

	(void)state;
	for (i = 0; i < JSONW_MAX_DEPTH; i++)
		jsonw_start_array(jw);
	assert_false(jw->error);
	jsonw_start_array(jw);
	assert_true(jw->error);
	for (i = 0; i < JSONW_MAX_DEPTH + 1; i++)
		jsonw_end_array(jw);
	out_check(&o, -1, NULL);
}

/* After an error nothing more is written. */
static void test_error_is_sticky(void **state)
{
	struct out o;
	struct jsonw *jw = out_open(&o);

	(void)state;
	jsonw_start_object(jw);
	jsonw_u64(jw, 1);		/* error */
	jsonw_u64_field(jw, "a", 2);
	jsonw_end_object(jw);
	fflush(o.f);
	assert_string_equal(o.buf, "{");
	out_check(&o, -1, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_containers),
		cmocka_unit_test(test_nesting_and_commas),
		cmocka_unit_test(test_status_shape),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_escape_quote_backslash),
		cmocka_unit_test(test_escape_control),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_names_escaped),
		cmocka_unit_test(test_null_string),
		cmocka_unit_test(test_misuse_value_without_name),
		cmocka_unit_test(test_misuse_name_in_array),
		cmocka_unit_test(test_misuse_two_names),
		cmocka_unit_test(test_misuse_dangling_name),
		cmocka_unit_test(test_misuse_unbalanced),
		cmocka_unit_test(test_misuse_two_documents),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_error_is_sticky),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
