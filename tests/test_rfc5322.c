/* test_rfc5322.c: the RFC 5322 header layer. The header-section reader
 * (every stream whole, byte by byte and split at every offset), field
 * names, unfolding, line rules, the 3.6 counts; addresses, msg-ids,
 * dates, trace fields; RFC 2047 encoded-words with CJK charsets; the
 * RFC 5322 Appendix A messages and every message of the shared corpora;
 * the isemail address cases. Every diag is asserted with its rule and
 * offset. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "mailprobe/mime.h"
#include "mailprobe/rfc5322.h"

#define BASE 1000 /* a stream offset: every diag must carry it */
#define LENI MP_RFC5322_LENIENT

/* "RULE@off RULE@off" of d->v[from..n). */
static void fmt_diags(const mp_diags *d, size_t from, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = from; i < d->n && n < cap; i++) {
		int k = snprintf(out + n, cap - n, "%s%s@%llu", n ? " " : "",
				 mp_rule_name(d->v[i].rule),
				 (unsigned long long)d->v[i].offset);
		if (k < 0)
			break;
		n += (size_t)k;
	}
	if (d->dropped && n < cap)
		snprintf(out + n, cap - n, " +%zu dropped", d->dropped);
}

static char *esc(mp_slice s)
{
	mpt_log l = { 0 };
	mpt_log_bytes(&l, s.p, s.n);
	if (l.p == NULL)
		mpt_log_printf(&l, "%s", "");
	return l.p; /* the caller frees */
}

static bool slice_is(mp_slice s, const char *want)
{
	return want != NULL && s.n == strlen(want) &&
	       (s.n == 0 || memcmp(s.p, want, s.n) == 0);
}

#define EXPECT_SLICE(s, want)                                                  \
	do {                                                                   \
		if (!slice_is((s), (want))) {                                  \
			char *g_ = esc(s);                                     \
			fail_msg("%s: got \"%s\", want \"%s\"", #s, g_, (want)); \
		}                                                              \
	} while (0)

/* ---- the header-section reader ------------------------------------------ */

struct rd_ctx {
	mp_rfc5322_reader r;
	mp_rfc5322_opts o;
	mp_diag dv[512];
	mp_diags d;
	size_t logged;
	bool done;
};

static void rd_reset(void *c)
{
	struct rd_ctx *x = c;
	mp_rfc5322_reader_init(&x->r, &x->o);
	mp_diags_init(&x->d, x->dv, MP_ARRAY_LEN(x->dv));
	x->logged = 0;
	x->done = false;
}

static void log_diags(struct rd_ctx *x, mpt_log *log)
{
	for (; x->logged < x->d.n; x->logged++)
		mpt_log_printf(log, " %s@%llu", mp_rule_name(x->d.v[x->logged].rule),
			       (unsigned long long)x->d.v[x->logged].offset);
}

static size_t rd_feed(void *c, const uint8_t *buf, size_t len, bool eof,
		      mpt_log *log)
{
	struct rd_ctx *x = c;
	size_t pos = 0, used;
	mp_rfc5322_field f;
	if (x->done)
		return len; /* the body: not the reader's */
	for (;;) {
		mp_rc rc = mp_rfc5322_next(&x->r, buf + pos, len - pos, eof, &f, &used, &x->d);
		if (used > len - pos)
			abort();
		pos += used;
		if (rc != MP_OK)
			break;
		if (f.kind == MP_RFC5322_FIELD) {
			mpt_log_printf(log, "F@%llu ", (unsigned long long)f.off);
			mpt_log_bytes(log, f.name.p, f.name.n);
			mpt_log_printf(log, "=");
			mpt_log_bytes(log, f.value.p, f.value.n);
			if (f.voff + f.value.n > f.off + f.raw.n || f.voff < f.off)
				abort();
			if (f.truncated)
				mpt_log_printf(log, " cut");
		} else if (f.kind == MP_RFC5322_JUNK) {
			mpt_log_printf(log, "J@%llu ", (unsigned long long)f.off);
			mpt_log_bytes(log, f.value.p, f.value.n);
		} else {
			mpt_log_printf(log, "E@%llu %s%llu", (unsigned long long)f.off,
				       f.has_body ? "body@" : "nobody@",
				       (unsigned long long)f.body_off);
			x->done = true;
		}
		log_diags(x, log);
		mpt_log_printf(log, "\n");
		if (x->done)
			return len;
	}
	if (eof) {
		log_diags(x, log);
		if (x->d.dropped)
			mpt_log_printf(log, " dropped %zu", x->d.dropped);
	}
	return pos;
}

struct rd_case {
	const char *name;
	unsigned flags;
	size_t max_field, max_fields;
	const char *in;
	const char *want;
};

#define HDR3 "Date: x\r\nFrom: y\r\nMessage-ID: z\r\n"

static const struct rd_case rd_cases[] = {
	{ "simple", 0, 0, 0, HDR3 "\r\nbody\r\n",
	  "F@0 Date= x\nF@9 From= y\nF@18 Message-ID= z\nE@33 body@35\n" },
	{ "folded", 0, 0, 0, HDR3 "Subject: a\r\n b\r\n\tc\r\n\r\n",
	  "F@0 Date= x\nF@9 From= y\nF@18 Message-ID= z\n"
	  "F@33 Subject= a\\x0d\\x0a b\\x0d\\x0a\\x09c\nE@53 body@55\n" },
	{ "no body", 0, 0, 0, HDR3, "F@0 Date= x\nF@9 From= y\nF@18 Message-ID= z\nE@33 nobody@33\n" },
	{ "empty input", 0, 0, 0, "",
	  "E@0 nobody@0 RFC5322_DATE_MISSING@0 RFC5322_FROM_MISSING@0 RFC5322_MSGID_MISSING@0\n" },
	{ "empty line only", MP_RFC5322_PART, 0, 0, "\r\nbody", "E@0 body@2\n" },
	{ "part: no counts", MP_RFC5322_PART, 0, 0, "Content-Type: text/plain\r\n\r\n",
	  "F@0 Content-Type= text/plain\nE@26 body@28\n" },
	{ "no CRLF at the end", MP_RFC5322_PART, 0, 0, "A: b",
	  "F@0 A= b RFC5322_NO_CRLF@4\nE@4 nobody@4\n" },
	{ "fold at the end without CRLF", MP_RFC5322_PART, 0, 0, "A: b\r\n c",
	  "F@0 A= b\\x0d\\x0a c RFC5322_NO_CRLF@8\nE@8 nobody@8\n" },
	{ "bare LF", MP_RFC5322_PART, 0, 0, "A: b\nC: d\n \te\n\nbody",
	  "F@0 A= b RFC5322_BARE_LF@4\nF@5 C= d\\x0a \\x09e RFC5322_BARE_LF@9 RFC5322_BARE_LF@13\n"
	  "E@14 body@15 RFC5322_BARE_LF@14\n" },
	{ "bare CR", MP_RFC5322_PART, 0, 0, "A: b\rc\r\n\r\n",
	  "F@0 A= b\\x0dc RFC5322_BARE_CR@4\nE@8 body@10\n" },
	{ "NUL", MP_RFC5322_PART, 0, 0, "A: b\0c\r\n\r\n",
	  "F@0 A= b\\x00c RFC5322_NUL@4\nE@8 body@10\n" },
	{ "obs-optional", MP_RFC5322_PART, 0, 0, "Subject : x\r\n\r\n",
	  "F@0 Subject= x RFC5322_OBS_FIELD_NAME_WSP@7\nE@13 body@15\n" },
	{ "obs-optional tab", MP_RFC5322_PART, 0, 0, "To\t\t:x\r\n\r\n",
	  "F@0 To=x RFC5322_OBS_FIELD_NAME_WSP@2\nE@8 body@10\n" },
	{ "obs-FWS", MP_RFC5322_PART, 0, 0, "A: b\r\n \r\n c\r\n\r\n",
	  "F@0 A= b\\x0d\\x0a \\x0d\\x0a c RFC5322_OBS_FWS@6\nE@13 body@15\n" },
	{ "no colon", MP_RFC5322_PART, 0, 0, "A: b\r\nnot a field\r\nC: d\r\n\r\n",
	  "F@0 A= b\nJ@6 not a field RFC5322_NOT_A_FIELD@6\nF@19 C= d\nE@25 body@27\n" },
	{ "fold first", MP_RFC5322_PART, 0, 0, " x\r\nA: b\r\n\r\n",
	  "J@0  x RFC5322_NOT_A_FIELD@0\nF@4 A= b\nE@10 body@12\n" },
	{ "empty name", MP_RFC5322_PART, 0, 0, ": b\r\n\r\n",
	  "J@0 : b RFC5322_FIELD_NAME@0\nE@5 body@7\n" },
	{ "space in name", MP_RFC5322_PART, 0, 0, "X Y: b\r\n\r\n",
	  "J@0 X Y: b RFC5322_NOT_A_FIELD@0\nE@8 body@10\n" },
	{ "8bit name", MP_RFC5322_PART, 0, 0, "S\xc3\xbc: b\r\n\r\n",
	  "J@0 S\\xc3\\xbc: b RFC5322_NOT_A_FIELD@0\nE@8 body@10\n" },
	{ "mbox From line", MP_RFC5322_PART, 0, 0, "From a@b Sat Jan  3 01:05:34 1996\r\nA: b\r\n\r\n",
	  "J@0 From a@b Sat Jan  3 01:05:34 1996 RFC5322_NOT_A_FIELD@0\nF@35 A= b\nE@41 body@43\n" },
	{ "empty value", MP_RFC5322_PART, 0, 0, "A:\r\n\r\n", "F@0 A=\nE@4 body@6\n" },
	{ "colon in value", MP_RFC5322_PART, 0, 0, "A: b:c\r\n\r\n", "F@0 A= b:c\nE@8 body@10\n" },
	{ "name chars", MP_RFC5322_PART, 0, 0, "X-!#$%&'*+-.^_`{|}~0: v\r\n\r\n",
	  "F@0 X-!#$%&'*+-.^_`{|}~0= v\nE@25 body@27\n" },
	{ "line 79", MP_RFC5322_PART, 0, 0,
	  "A: 4567890123456789012345678901234567890123456789012345678901234567890123456789\r\n\r\n",
	  "F@0 A= 4567890123456789012345678901234567890123456789012345678901234567890123456789"
	  " RFC5322_LINE_LONG@78\nE@81 body@83\n" },
	{ "line 78", MP_RFC5322_PART, 0, 0,
	  "A: 456789012345678901234567890123456789012345678901234567890123456789012345678\r\n\r\n",
	  "F@0 A= 456789012345678901234567890123456789012345678901234567890123456789012345678"
	  "\nE@80 body@82\n" },
	{ "duplicates", 0, 0, 0, HDR3 "Subject: a\r\nSubject: b\r\nDate: c\r\nComments: 1\r\nComments: 2\r\n\r\n",
	  "F@0 Date= x\nF@9 From= y\nF@18 Message-ID= z\nF@33 Subject= a\n"
	  "F@45 Subject= b RFC5322_FIELD_DUPLICATE@45\nF@57 Date= c RFC5322_FIELD_DUPLICATE@57\n"
	  "F@66 Comments= 1\nF@79 Comments= 2\nE@92 body@94\n" },
	{ "names case-insensitive", 0, 0, 0, "date: x\r\nFROM: y\r\nmessage-id: z\r\nMESSAGE-ID: w\r\n\r\n",
	  "F@0 date= x\nF@9 FROM= y\nF@18 message-id= z\nF@33 MESSAGE-ID= w RFC5322_FIELD_DUPLICATE@33\n"
	  "E@48 body@50\n" },
	{ "missing date and from", 0, 0, 0, "Subject: x\r\n\r\n",
	  "F@0 Subject= x\nE@12 body@14 RFC5322_DATE_MISSING@12 RFC5322_FROM_MISSING@12 RFC5322_MSGID_MISSING@12\n" },
	{ "max_field cuts a fold", MP_RFC5322_PART, 12, 0, "A: 12345\r\n 789012345\r\n more\r\nB: c\r\n\r\n",
	  "F@0 A= 12345\\x0d\\x0a 7 cut RFC5322_FIELD_TOO_LONG@12\nF@29 B= c\nE@35 body@37\n" },
	{ "max_field cuts a line", MP_RFC5322_PART, 8, 0, "A: 1234567890123\r\n more\r\nB: c\r\n\r\n",
	  "F@0 A= 12345 cut RFC5322_FIELD_TOO_LONG@8\nF@25 B= c\nE@31 body@33\n" },
	{ "max_field exact", MP_RFC5322_PART, 8, 0, "A: 12345\r\nB: c\r\n\r\n",
	  "F@0 A= 12345\nF@10 B= c\nE@16 body@18\n" },
	{ "max_field cut at eof", MP_RFC5322_PART, 8, 0, "A: 1234567890123",
	  "F@0 A= 12345 cut RFC5322_FIELD_TOO_LONG@8\nE@16 nobody@16\n" },
	{ "max_fields", MP_RFC5322_PART, 0, 2, "A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\nbody",
	  "F@0 A= 1\nF@6 B= 2\nE@24 body@26 RFC5322_TOO_MANY_FIELDS@12\n" },
	{ "CRLF split", MP_RFC5322_PART, 0, 0, "A: b\r\n\r\n\r\n", "F@0 A= b\nE@6 body@8\n" },
	{ "fold then empty line", MP_RFC5322_PART, 0, 0, "A: b\r\n \r\n\r\nx",
	  "F@0 A= b\\x0d\\x0a  RFC5322_OBS_FWS@6\nE@9 body@11\n" },
	{ "utf8 value", MP_RFC5322_PART, 0, 0, "Subject: \xe4\xbd\xa0\xe5\xa5\xbd\r\n\r\n",
	  "F@0 Subject= \\xe4\\xbd\\xa0\\xe5\\xa5\\xbd\nE@17 body@19\n" },
	{ "CR at eof", MP_RFC5322_PART, 0, 0, "A: b\r",
	  "F@0 A= b\\x0d RFC5322_BARE_CR@4 RFC5322_NO_CRLF@5\nE@5 nobody@5\n" },
};

static int rd_failures;

static void run_rd(const struct rd_case *t, bool all)
{
	struct rd_ctx *x = calloc(1, sizeof(*x));
	assert_non_null(x);
	x->o.flags = t->flags;
	x->o.max_field = t->max_field;
	x->o.max_fields = t->max_fields;
	mpt_reader r = { rd_reset, rd_feed, x };
	mpt_log whole = { 0 };
	size_t n = strlen(t->in);
	/* the NUL case carries a NUL */
	if (strcmp(t->name, "NUL") == 0)
		n = 10;
	char *err = mpt_check_splits(&r, (const uint8_t *)t->in, n, all ? SIZE_MAX : 64, true, &whole);
	if (err)
		fail_msg("%s: %s", t->name, err);
	if (t->want && strcmp(whole.p ? whole.p : "", t->want) != 0) {
		print_error("%s: got\n%s\nwant\n%s", t->name, whole.p ? whole.p : "", t->want);
		rd_failures++;
	}
	mpt_log_free(&whole);
	free(x);
}

static void test_reader(void **state)
{
	(void)state;
	for (size_t i = 0; i < MP_ARRAY_LEN(rd_cases); i++)
		run_rd(&rd_cases[i], true);
	assert_int_equal(rd_failures, 0);
}

/* A line over 998 octets, and a field far over the cap with its line
 * end in every position relative to the cut. */
static void test_reader_long(void **state)
{
	(void)state;
	static char in[3000];
	memcpy(in, "A: ", 3);
	memset(in + 3, 'x', 1200);
	memcpy(in + 1203, "\r\n\r\n", 5);
	struct rd_case t = { "998", MP_RFC5322_PART, 0, 0, in, NULL };
	run_rd(&t, false);
	struct rd_ctx x = { 0 };
	x.o.flags = MP_RFC5322_PART;
	rd_reset(&x);
	mp_rfc5322_field f;
	size_t used;
	assert_int_equal(mp_rfc5322_next(&x.r, (const uint8_t *)in, 1207, false, &f, &used, &x.d), MP_OK);
	assert_int_equal(f.kind, MP_RFC5322_FIELD);
	assert_int_equal(f.value.n, 1201);
	assert_int_equal(used, 1205);
	char got[256];
	fmt_diags(&x.d, 0, got, sizeof got);
	assert_string_equal(got, "RFC5322_LINE_TOO_LONG@998");
	/* a cap of 100 with the line end anywhere */
	for (size_t cut = 90; cut < 110; cut++) {
		memset(in, 0, sizeof in);
		memcpy(in, "A: ", 3);
		memset(in + 3, 'y', cut);
		memcpy(in + 3 + cut, "\r\n yy\r\nB: c\r\n\r\n", 16);
		struct rd_case t2 = { "cap", MP_RFC5322_PART, 100, 0, in, NULL };
		run_rd(&t2, false);
	}
}

static void test_hdr_names(void **state)
{
	(void)state;
	for (int h = 1; h < MP_HDR_COUNT; h++) {
		const char *n = mp_hdr_name((mp_hdr)h);
		assert_int_equal(mp_hdr_lookup(MP_SLICE(n, strlen(n))), h);
	}
	assert_int_equal(mp_hdr_lookup(MP_LIT("content-transfer-encoding")), MP_HDR_CONTENT_TE);
	assert_int_equal(mp_hdr_lookup(MP_LIT("X-Mailer")), MP_HDR_OTHER);
	assert_int_equal(mp_hdr_lookup(MP_LIT("Fro")), MP_HDR_OTHER);
	assert_string_equal(mp_hdr_name(MP_HDR_COUNT), "");
}

static void test_unfold(void **state)
{
	(void)state;
	static const struct { const char *in, *want; } c[] = {
		{ "a\r\n b", "a b" }, { "a\r\n\tb", "a\tb" }, { "a\n b", "a b" },
		{ "a\r\n \r\n b", "a  b" }, { "", "" }, { "a\r\nb", "a\r\nb" },
		{ "a\r\n", "a\r\n" }, { " x \r\n  y ", " x   y " }, { "\r\n ", " " },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(c); i++) {
		uint8_t out[64];
		size_t n;
		assert_int_equal(mp_rfc5322_unfold(MP_SLICE(c[i].in, strlen(c[i].in)), out, sizeof out, &n), MP_OK);
		EXPECT_SLICE(MP_SLICE(out, n), c[i].want);
	}
	uint8_t small[2];
	size_t n;
	assert_int_equal(mp_rfc5322_unfold(MP_LIT("abc"), small, sizeof small, &n), MP_NOSPACE);
}

static void test_unstructured(void **state)
{
	(void)state;
	static const struct { const char *in; unsigned flags; mp_rc rc; const char *diags; } c[] = {
		{ " Saying Hello", 0, MP_OK, "" },
		{ " a\r\n b", 0, MP_OK, "" },
		{ "", 0, MP_OK, "" },
		{ " \xc3\xa9t\xc3\xa9", 0, MP_INVALID, "RFC5322_8BIT@1001 RFC5322_8BIT@1004" },
		{ " \xc3\xa9t\xc3\xa9", MP_RFC5322_UTF8, MP_OK, "" },
		{ " \xc3\xa9t\xc3\xa9", LENI, MP_OK, "RFC5322_8BIT@1001 RFC5322_8BIT@1004" },
		{ " \xff", MP_RFC5322_UTF8, MP_INVALID, "RFC5322_UTF8_INVALID@1001" },
		{ " \xc3", MP_RFC5322_UTF8, MP_INVALID, "RFC5322_UTF8_INVALID@1001" },
		{ " \xed\xa0\x80", MP_RFC5322_UTF8, MP_INVALID, "RFC5322_UTF8_INVALID@1001 RFC5322_UTF8_INVALID@1002 RFC5322_UTF8_INVALID@1003" },
		{ " a\x01z", 0, MP_INVALID, "RFC5322_CONTROL@1002" },
		{ " a\x7f", LENI, MP_OK, "RFC5322_CONTROL@1002" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(c); i++) {
		mp_diag dv[16];
		mp_diags d;
		mp_diags_init(&d, dv, 16);
		mp_rfc5322_opts o = { .flags = c[i].flags };
		mp_rc rc = mp_rfc5322_unstructured_check(MP_SLICE(c[i].in, strlen(c[i].in)), BASE, &o, &d);
		char got[256];
		fmt_diags(&d, 0, got, sizeof got);
		if (rc != c[i].rc || strcmp(got, c[i].diags) != 0)
			fail_msg("case %zu: got %s [%s], want %s [%s]", i, mp_rc_name(rc), got,
				 mp_rc_name(c[i].rc), c[i].diags);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_reader_long),
		cmocka_unit_test(test_hdr_names),
		cmocka_unit_test(test_unfold),
		cmocka_unit_test(test_unstructured),
	};
	return cmocka_run_group_tests_name("rfc5322", tests, NULL, NULL);
}
