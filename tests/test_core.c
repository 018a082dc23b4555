/* test_core.c: the shared machinery: slices, arena, diag sink and rule
 * table, line reader (split invariance), JSON writer escaping. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "mailprobe/arena.h"
#include "mailprobe/diag.h"
#include "mailprobe/json.h"
#include "mailprobe/limits.h"
#include "mailprobe/line.h"

static void test_slice_ops(void **state)
{
	(void)state;
	mp_slice s = MP_LIT("Hello World");
	assert_true(mp_slice_eq_ascii_ci(s, MP_LIT("hELLO wORLD")));
	assert_false(mp_slice_eq_ascii_ci(s, MP_LIT("hello worl")));
	assert_false(mp_slice_eq(s, MP_LIT("hello world")));
	assert_true(mp_slice_prefix_ci(s, MP_LIT("HELLO")));
	assert_false(mp_slice_prefix_ci(MP_LIT("He"), MP_LIT("HELLO")));
	mp_slice sub = mp_slice_sub(s, 6, 100);
	assert_int_equal(sub.n, 5);
	assert_int_equal(mp_slice_offset(s, sub), 6);
	assert_int_equal(mp_slice_sub(s, 50, 3).n, 0);
	assert_int_equal(mp_slice_find(s, 'W'), 6);
	assert_int_equal(mp_slice_find(s, 'z'), s.n);
	/* folding is ASCII only: 0xC0 and 0xE0 differ */
	assert_false(mp_slice_eq_ascii_ci(MP_LIT("\xc0"), MP_LIT("\xe0")));
	/* against a C string: same rules, lengths by the terminator */
	assert_true(mp_slice_is_ci(s, "hELLO wORLD"));
	assert_false(mp_slice_is_ci(s, "hello worl"));
	assert_false(mp_slice_is_ci(s, "hello worlds"));
	assert_false(mp_slice_is_ci(MP_LIT("BODY.PEEK"), "BODY"));
	assert_true(mp_slice_is_ci(MP_LIT("body.peek"), "BODY.PEEK"));
	assert_false(mp_slice_is_ci(MP_LIT("BODY\x0ePEEK"), "BODY.PEEK")); /* '.' ^ 0x20 */
	assert_false(mp_slice_is_ci(MP_LIT("\xc0"), "\xe0"));
	assert_true(mp_slice_is_ci(MP_LIT(""), ""));
	assert_false(mp_slice_is_ci(MP_LIT(""), "A"));
	/* a NUL in the slice never matches the terminator */
	assert_false(mp_slice_is_ci(MP_SLICE("AB\0", 3), "AB"));
	assert_false(mp_slice_is_ci(MP_SLICE("A\0C", 3), "A"));
}

static void test_slice_u64(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t maxd;
		mp_rc rc;
		uint64_t v;
	} t[] = {
		{ "0", 20, MP_OK, 0 },
		{ "42", 20, MP_OK, 42 },
		{ "18446744073709551615", 20, MP_OK, UINT64_MAX },
		{ "18446744073709551616", 20, MP_INVALID, 0 },
		{ "99999999999999999999", 20, MP_INVALID, 0 },
		{ "", 20, MP_INVALID, 0 },
		{ "12a", 20, MP_INVALID, 0 },
		{ "-1", 20, MP_INVALID, 0 },
		{ "+1", 20, MP_INVALID, 0 },
		{ "123456", 5, MP_INVALID, 0 },
		{ "12345", 5, MP_OK, 12345 },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(t); i++) {
		uint64_t v = 7;
		mp_rc rc = mp_slice_u64(MP_SLICE(t[i].in, strlen(t[i].in)),
					t[i].maxd, &v);
		if (rc != t[i].rc)
			fail_msg("'%s': got %s, want %s", t[i].in,
				 mp_rc_name(rc), mp_rc_name(t[i].rc));
		if (rc == MP_OK)
			assert_int_equal(v, t[i].v);
	}
}

static void test_arena(void **state)
{
	(void)state;
	_Alignas(16) uint8_t mem[64];
	mp_arena a;
	mp_arena_init(&a, mem, sizeof mem);
	uint8_t *p1 = mp_arena_alloc(&a, 3, 1);
	assert_ptr_equal(p1, mem);
	uint64_t *p2 = MP_NEW(&a, uint64_t, 2);
	assert_non_null(p2);
	assert_int_equal((uintptr_t)p2 % _Alignof(uint64_t), 0);
	assert_int_equal(a.used, 8 + 16);
	size_t m = mp_arena_mark(&a);
	assert_null(mp_arena_alloc(&a, 64, 1)); /* full: NULL, no change */
	assert_int_equal(a.used, m);
	assert_non_null(mp_arena_alloc(&a, 40, 1));
	assert_int_equal(a.used, 64);
	assert_null(mp_arena_alloc(&a, 1, 1));
	mp_arena_rewind(&a, m);
	assert_int_equal(a.used, 24);
	assert_int_equal(a.peak, 64);
	/* count * size that wraps */
	assert_null(mp_arena_array(&a, SIZE_MAX / 2, 3, 1));
	assert_null(mp_arena_alloc(&a, 1, 3)); /* bad alignment */
	mp_arena z;
	mp_arena_init(&z, NULL, 100);
	assert_null(mp_arena_alloc(&z, 1, 1));
}

static void test_diags(void **state)
{
	(void)state;
	mp_diag v[2];
	mp_diags d;
	mp_diags_init(&d, v, 2);
	mp_diag_push(&d, 5, MP_R_INCOMPLETE_LINE);
	assert_false(mp_diags_nonconforming(&(mp_diags){ v, 2, 0, 0 }));
	mp_diag_push(&d, 9, MP_R_DIAGS_DROPPED);
	mp_diag_push(&d, 11, MP_R_ARENA_FULL);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.dropped, 1);
	assert_int_equal(v[0].offset, 5);
	assert_int_equal(v[0].rule, MP_R_INCOMPLETE_LINE);
	assert_true(mp_diags_has(&d, MP_R_DIAGS_DROPPED));
	assert_false(mp_diags_has(&d, MP_R_ARENA_FULL));
	assert_true(mp_diags_nonconforming(&d));
	mp_diag_push(NULL, 1, MP_R_ARENA_FULL); /* NULL sink discards */
	mp_diags_clear(&d);
	assert_int_equal(d.n + d.dropped, 0);
	mp_diag_push(&d, 1, MP_R_DIAGS_DROPPED); /* a NOTE conforms */
	assert_false(mp_diags_nonconforming(&d));
}

static void test_rule_table(void **state)
{
	(void)state;
	assert_string_equal(mp_rule_name(MP_R_INCOMPLETE_LINE), "INCOMPLETE_LINE");
	assert_string_equal(mp_rule_ref(MP_R_INCOMPLETE_LINE), "RFC 5321 2.3.8");
	assert_int_equal(mp_rule_level(MP_R_ARENA_FULL), MP_MUST);
	assert_string_equal(mp_level_name(MP_SHOULD), "SHOULD");
	assert_string_equal(mp_rule_name(MP_R_COUNT), "?");
	assert_string_equal(mp_level_name((mp_level)9), "?");
	mp_rule r;
	assert_int_equal(mp_rule_by_name("ARENA_FULL", &r), MP_OK);
	assert_int_equal(r, MP_R_ARENA_FULL);
	assert_int_equal(mp_rule_by_name("NO_SUCH", &r), MP_INVALID);
	/* every row is complete */
	for (size_t i = 0; i < MP_R_COUNT; i++) {
		assert_true(strlen(mp_rule_name((mp_rule)i)) > 2);
		assert_true(strncmp(mp_rule_ref((mp_rule)i), "RFC ", 4) == 0 ||
			    strncmp(mp_rule_ref((mp_rule)i), "mailprobe", 9) == 0);
		assert_true(strlen(mp_rule_text((mp_rule)i)) > 5);
	}
}

/* ---- line reader adapter for the split feeder */
struct line_ctx {
	mp_linerd rd;
	size_t max;
};

static void line_reset(void *c)
{
	struct line_ctx *x = c;
	mp_line_init(&x->rd, x->max);
}

static const char *const eol_names[] = { "CRLF", "LF", "NONE" };

static size_t line_feed(void *c, const uint8_t *buf, size_t len, bool eof,
			mpt_log *log)
{
	struct line_ctx *x = c;
	size_t pos = 0, used;
	mp_line l;
	for (;;) {
		mp_rc rc = eof ? mp_line_finish(&x->rd, buf + pos, len - pos, &l, &used)
			       : mp_line_next(&x->rd, buf + pos, len - pos, &l, &used);
		pos += used;
		if (rc != MP_OK)
			break;
		mpt_log_printf(log, "%llu %s%s [", (unsigned long long)l.off,
			       eol_names[l.eol], l.too_long ? " LONG" : "");
		mpt_log_bytes(log, l.text.p, l.text.n);
		mpt_log_printf(log, "]\n");
	}
	return pos;
}

static void test_line_reader(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t max;
		const char *want;
	} t[] = {
		{ "", 0, "" },
		{ "abc\r\n", 0, "0 CRLF [abc]\n" },
		{ "abc\r\ndef\n", 0, "0 CRLF [abc]\n5 LF [def]\n" },
		{ "\r\n\r\n", 0, "0 CRLF []\n2 CRLF []\n" },
		{ "tail", 0, "0 NONE [tail]\n" },
		{ "a\rb\r\n", 0, "0 CRLF [a\\x0db]\n" },
		{ "x\r", 0, "0 NONE [x\\x0d]\n" },
		/* max 4: "abcd" fits; "abcde" is too long and skipped to LF */
		{ "abcd\r\nabcde\r\nok\r\n", 4,
		  "0 CRLF [abcd]\n6 NONE LONG [abcd]\n13 CRLF [ok]\n" },
		{ "abcdefghij\r\nok\n", 4, "0 NONE LONG [abcd]\n12 LF [ok]\n" },
		{ "abcdefghij", 4, "0 NONE LONG [abcd]\n" },
		{ "abcd\r", 4, "0 NONE [abcd\\x0d]\n" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(t); i++) {
		struct line_ctx x = { .max = t[i].max };
		mpt_reader r = { line_reset, line_feed, &x };
		mpt_log whole = { 0 };
		size_t n = strlen(t[i].in);
		char *err = mpt_check_splits(&r, (const uint8_t *)t[i].in, n,
					     1024, true, &whole);
		if (err)
			fail_msg("case %zu: %s", i, err);
		if (strcmp(whole.p ? whole.p : "", t[i].want) != 0)
			fail_msg("case %zu: got\n%s\nwant\n%s", i,
				 whole.p ? whole.p : "", t[i].want);
		mpt_log_free(&whole);
	}
	assert_int_equal(mp_line_find_bare_cr(MP_LIT("ab\rc")), 2);
	assert_int_equal(mp_line_find_bare_cr(MP_LIT("abc")), 3);
	mp_line l = { .text = MP_LIT("xy"), .eol = MP_EOL_CRLF };
	assert_int_equal(mp_line_wire_len(&l), 4);
}

static void sink_log(void *ctx, const char *p, size_t n)
{
	mpt_log *l = ctx;
	mpt_log_printf(l, "%.*s", (int)n, p);
}

static void test_json(void **state)
{
	(void)state;
	mpt_log out = { 0 };
	mp_json j;
	mp_json_init(&j, sink_log, &out);
	mp_json_obj_begin(&j);
	mp_json_key(&j, "s");
	mp_json_str(&j, MP_LIT("a\"b\\c\r\n\x01\x7f\xff\xc3\xa9\xed\xa0\x80"));
	mp_json_key(&j, "n");
	mp_json_u64(&j, 18446744073709551615ull);
	mp_json_key(&j, "a");
	mp_json_arr_begin(&j);
	mp_json_i64(&j, -3);
	mp_json_bool(&j, true);
	mp_json_null(&j);
	mp_json_cstr(&j, NULL);
	mp_json_arr_end(&j);
	mp_json_obj_end(&j);
	const char *want =
		"{\"s\":\"a\\\"b\\\\c\\r\\n\\u0001\\u007f\\u00ff\xc3\xa9"
		"\\u00ed\\u00a0\\u0080\",\"n\":18446744073709551615,"
		"\"a\":[-3,true,null,null]}";
	assert_string_equal(out.p, want);
	mpt_log_free(&out);

	mp_diag v[1] = { { 12, MP_R_INCOMPLETE_LINE } };
	mp_diags d = { v, 1, 1, 0 };
	mp_json_init(&j, sink_log, &out);
	mp_json_obj_begin(&j);
	mp_json_diags(&j, &d, 0);
	mp_json_obj_end(&j);
	assert_string_equal(out.p,
		"{\"diags\":[{\"offset\":12,\"rule\":\"INCOMPLETE_LINE\","
		"\"level\":\"MUST\",\"ref\":\"RFC 5321 2.3.8\",\"text\":"
		"\"stream ends inside a line that has no CRLF\"}]}");
	mpt_log_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slice_ops),
		cmocka_unit_test(test_slice_u64),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_diags),
		cmocka_unit_test(test_rule_table),
		cmocka_unit_test(test_line_reader),
		cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
