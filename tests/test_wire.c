/* test_wire.c: dot-stuffing decoder and encoder, end-of-data scanner,
 * 7-bit and line checker. Every stream case runs whole, byte by byte and
 * split at every offset, on buffers that end at a PROT_NONE page. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "mailprobe/wire.h"

#define DV 64

/* ---- decoder adapter: content merged, END with offset, diags */
struct dec_ctx {
	mp_dotdec dec;
	unsigned flags;
	bool ended;
	mp_diag dv[DV];
	mp_diags d;
	bool in_piece;
};

static void dec_reset(void *c)
{
	struct dec_ctx *x = c;
	mp_dotdec_init(&x->dec, x->flags, 0);
	mp_diags_init(&x->d, x->dv, DV);
	x->ended = false;
	x->in_piece = false;
}

static size_t dec_feed(void *c, const uint8_t *buf, size_t len, bool eof,
		       mpt_log *log)
{
	struct dec_ctx *x = c;
	size_t pos = 0, used;
	mp_dot_event ev;
	while (!x->ended) {
		mp_rc rc = mp_dotdec_next(&x->dec, buf + pos, len - pos, &ev,
					  &used, &x->d);
		pos += used;
		if (rc != MP_OK)
			break;
		if (ev.kind == MP_DOT_PIECE) {
			if (!x->in_piece)
				mpt_log_printf(log, "[");
			x->in_piece = true;
			mpt_log_bytes(log, ev.piece.p, ev.piece.n);
		} else {
			mpt_log_printf(log, "%sEND@%llu", x->in_piece ? "]" : "",
				       (unsigned long long)ev.off);
			x->in_piece = false;
			x->ended = true;
		}
	}
	if (eof) {
		if (x->in_piece)
			mpt_log_printf(log, "]");
		if (!x->ended)
			mpt_log_printf(log, "OPEN+%zu", len - pos);
		for (size_t i = 0; i < x->d.n; i++)
			mpt_log_printf(log, " %s@%llu", mp_rule_name(x->d.v[i].rule),
				       (unsigned long long)x->d.v[i].offset);
		if (x->ended)
			mpt_log_printf(log, " rest=%zu", len - pos);
		pos = len;
	}
	return pos;
}

struct dec_case {
	const char *in;
	unsigned flags;
	const char *want;
};

static const struct dec_case dec_cases[] = {
	/* RFC 5321 4.5.2 and 4.1.1.4 */
	{ ".\r\n", 0, "END@0 rest=0" },
	{ "\r\n.\r\n", 0, "[\\x0d\\x0a]END@2 rest=0" },
	{ "a\r\n.\r\n", 0, "[a\\x0d\\x0a]END@3 rest=0" },
	{ "..\r\n.\r\n", 0, "[.\\x0d\\x0a]END@4 rest=0" },
	{ "...\r\n.\r\n", 0, "[..\\x0d\\x0a]END@5 rest=0" },
	{ "a\r\n..b\r\n.\r\n", 0, "[a\\x0d\\x0a.b\\x0d\\x0a]END@8 rest=0" },
	{ ".x\r\n.\r\n", 0, "[x\\x0d\\x0a]END@4 rest=0" },
	{ "a.b\r\n.\r\n", 0, "[a.b\\x0d\\x0a]END@5 rest=0" },
	{ " .\r\n.\r\n", 0, "[ .\\x0d\\x0a]END@4 rest=0" },
	{ "a\r\n.\r\nMAIL\r\n", 0, "[a\\x0d\\x0a]END@3 rest=6" },
	{ "\r\n\r\n.\r\n", 0, "[\\x0d\\x0a\\x0d\\x0a]END@4 rest=0" },
	/* strict: a bare LF starts no line */
	{ "a\n.\nb\r\n.\r\n", 0, "[a\\x0a.\\x0ab\\x0d\\x0a]END@7 rest=0" },
	{ "a\n.\r\nb\r\n.\r\n", 0, "[a\\x0a.\\x0d\\x0ab\\x0d\\x0a]END@8 rest=0" },
	{ "a\r\n.\nb\r\n.\r\n", 0, "[a\\x0d\\x0a\\x0ab\\x0d\\x0a]END@8 rest=0" },
	{ "a\r\n.\rb\r\n.\r\n", 0, "[a\\x0d\\x0a\\x0db\\x0d\\x0a]END@8 rest=0" },
	{ "a\r.\rb\r\n.\r\n", 0, "[a\\x0d.\\x0db\\x0d\\x0a]END@7 rest=0" },
	{ "a\r.\r\nb\r\n.\r\n", 0, "[a\\x0d.\\x0d\\x0ab\\x0d\\x0a]END@8 rest=0" },
	{ "a\r\r\n.\r\n", 0, "[a\\x0d\\x0d\\x0a]END@4 rest=0" },
	/* lenient: bare LF line ends end data too, with a diag */
	{ "a\n.\nb\r\n.\r\n", MP_DOT_LENIENT_LF, "[a\\x0a]END@2 WIRE_DOT_END_BARE_LF@2 rest=6" },
	{ "a\n.\r\nb", MP_DOT_LENIENT_LF, "[a\\x0a]END@2 WIRE_DOT_END_BARE_LF@2 rest=1" },
	{ "a\r\n.\nb", MP_DOT_LENIENT_LF, "[a\\x0d\\x0a]END@3 WIRE_DOT_END_BARE_LF@3 rest=1" },
	{ ".\n", MP_DOT_LENIENT_LF, "END@0 WIRE_DOT_END_BARE_LF@0 rest=0" },
	{ "a\n..x\r\n.\r\n", MP_DOT_LENIENT_LF, "[a\\x0a.x\\x0d\\x0a]END@7 rest=0" },
	{ "a\r\n.\r\n", MP_DOT_LENIENT_LF, "[a\\x0d\\x0a]END@3 rest=0" },
	/* no terminator: content so far, the held bytes */
	{ "", 0, "OPEN+0" },
	{ "abc", 0, "[abc]OPEN+0" },
	{ "abc\r\n", 0, "[abc\\x0d\\x0a]OPEN+0" },
	{ "abc\r\n.", 0, "[abc\\x0d\\x0a]OPEN+1" },
	{ "abc\r\n.\r", 0, "[abc\\x0d\\x0a]OPEN+2" },
	{ "abc\r\n.x", 0, "[abc\\x0d\\x0ax]OPEN+0" },
	{ ".", 0, "OPEN+1" },
	{ "\r", 0, "[\\x0d]OPEN+0" },
	/* binary content passes untouched */
	{ "\x01\xff\r\n.\r\n", 0, "[\\x01\\xff\\x0d\\x0a]END@4 rest=0" },
};

static void test_dotdec(void **state)
{
	(void)state;
	for (size_t i = 0; i < MP_ARRAY_LEN(dec_cases); i++) {
		const struct dec_case *t = &dec_cases[i];
		struct dec_ctx x = { .flags = t->flags };
		mpt_reader r = { dec_reset, dec_feed, &x };
		mpt_log whole = { 0 };
		char *err = mpt_check_splits(&r, (const uint8_t *)t->in,
					     strlen(t->in), 4096, true, &whole);
		if (err)
			fail_msg("case %zu (%s): %s", i, t->in, err);
		if (strcmp(whole.p ? whole.p : "", t->want) != 0)
			fail_msg("case %zu: got %s, want %s", i,
				 whole.p ? whole.p : "", t->want);
		mpt_log_free(&whole);
	}
}

static void test_dotdec_done(void **state)
{
	(void)state;
	mp_dotdec d;
	mp_dot_event ev;
	size_t used;
	mp_dotdec_init(&d, 0, 100);
	const uint8_t in[] = ".\r\nmore";
	assert_int_equal(mp_dotdec_next(&d, in, 7, &ev, &used, NULL), MP_OK);
	assert_int_equal(ev.kind, MP_DOT_END);
	assert_int_equal(ev.off, 100);
	assert_int_equal(used, 3);
	assert_true(d.done);
	assert_int_equal(d.off, 103);
	assert_int_equal(mp_dotdec_next(&d, in + 3, 4, &ev, &used, NULL), MP_NEED_MORE);
	assert_int_equal(used, 0);
}

/* ---- encoder */
static size_t encode_all(unsigned flags, const uint8_t *in, size_t n,
			 uint8_t *out, size_t cap, size_t chunk)
{
	mp_dotenc e;
	size_t pos = 0, w = 0, used, wrote;
	mp_dotenc_init(&e, flags);
	while (pos < n) {
		size_t k = n - pos < chunk ? n - pos : chunk;
		mp_rc rc = mp_dotenc_write(&e, in + pos, k, out + w, cap - w,
					   &used, &wrote);
		assert_true(rc == MP_OK || rc == MP_NOSPACE);
		pos += used;
		w += wrote;
		assert_true(used > 0 || wrote > 0 || rc == MP_OK);
	}
	assert_int_equal(mp_dotenc_finish(&e, out + w, cap - w, &wrote), MP_OK);
	return w + wrote;
}

static void test_dotenc(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		unsigned flags;
		const char *want;
	} t[] = {
		{ "", 0, ".\r\n" },
		{ "a", 0, "a\r\n.\r\n" },
		{ "a\r\n", 0, "a\r\n.\r\n" },
		{ ".", 0, "..\r\n.\r\n" },
		{ ".\r\n", 0, "..\r\n.\r\n" },
		{ "a\r\n.b\r\n..\r\n", 0, "a\r\n..b\r\n...\r\n.\r\n" },
		{ "a.b\r\n", 0, "a.b\r\n.\r\n" },
		{ "a\n.b\r\n", 0, "a\n.b\r\n.\r\n" },  /* strict inverse */
		{ "a\r.b\r\n", 0, "a\r.b\r\n.\r\n" },
		{ "a\r", 0, "a\r\r\n.\r\n" },
		/* normalising: bare CR and LF become CRLF, then stuffing */
		{ "a\n.b\n", MP_DOTENC_NORMALIZE, "a\r\n..b\r\n.\r\n" },
		{ "a\r.b", MP_DOTENC_NORMALIZE, "a\r\n..b\r\n.\r\n" },
		{ "a\r", MP_DOTENC_NORMALIZE, "a\r\n.\r\n" },
		{ "\r\r\n", MP_DOTENC_NORMALIZE, "\r\n\r\n.\r\n" },
		{ "\n\n.", MP_DOTENC_NORMALIZE, "\r\n\r\n..\r\n.\r\n" },
	};
	uint8_t out[256];
	for (size_t i = 0; i < MP_ARRAY_LEN(t); i++) {
		for (size_t chunk = 1; chunk <= 16; chunk *= 2) {
			size_t n = encode_all(t[i].flags, (const uint8_t *)t[i].in,
					      strlen(t[i].in), out, sizeof out, chunk);
			if (n != strlen(t[i].want) || memcmp(out, t[i].want, n) != 0)
				fail_msg("case %zu chunk %zu: got '%.*s', want '%s'",
					 i, chunk, (int)n, out, t[i].want);
		}
	}
	/* out of space: partial progress, MP_NOSPACE, then the rest */
	mp_dotenc e;
	size_t used, wrote;
	mp_dotenc_init(&e, 0);
	assert_int_equal(mp_dotenc_write(&e, (const uint8_t *)"abcdef", 6, out, 4,
					 &used, &wrote), MP_NOSPACE);
	assert_int_equal(used, 4);
	assert_int_equal(wrote, 4);
	assert_int_equal(mp_dotenc_finish(&e, out, 4, &wrote), MP_NOSPACE);
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* decode(encode(x)) == x (+ CRLF) for random x over a small alphabet that
 * makes dots, CR and LF meet often; every chunking of the encoder. */
static void test_dot_roundtrip(void **state)
{
	(void)state;
	static const uint8_t alpha[] = { '.', '.', '\r', '\n', 'a', '\r', '\n', 0 };
	uint64_t s = 0x9e3779b97f4a7c15ull;
	uint8_t in[64], enc[160];
	for (int iter = 0; iter < 3000; iter++) {
		size_t n = rnd(&s) % sizeof in;
		for (size_t i = 0; i < n; i++)
			in[i] = alpha[rnd(&s) % sizeof alpha];
		size_t w = encode_all(0, in, n, enc, sizeof enc, 1 + rnd(&s) % 9);
		mp_dotdec d;
		mp_dot_event ev;
		size_t pos = 0, used, got = 0;
		uint8_t dec[160];
		bool ended = false;
		mp_dotdec_init(&d, 0, 0);
		while (pos < w) {
			mp_rc rc = mp_dotdec_next(&d, enc + pos, w - pos, &ev, &used, NULL);
			pos += used;
			if (rc != MP_OK)
				break;
			if (ev.kind == MP_DOT_END) {
				ended = true;
				break;
			}
			memcpy(dec + got, ev.piece.p, ev.piece.n);
			got += ev.piece.n;
		}
		bool crlf = n >= 2 && in[n - 2] == '\r' && in[n - 1] == '\n';
		size_t want = (n == 0 || crlf) ? n : n + 2;
		assert_true(ended);
		assert_int_equal(pos, w);
		assert_int_equal(got, want);
		assert_memory_equal(dec, in, n);
		if (want > n)
			assert_memory_equal(dec + n, "\r\n", 2);
	}
}

/* ---- end-of-data scanner */
struct eod_ctx {
	mp_eodscan s;
	mp_diag dv[DV];
	mp_diags d;
};

static void eod_reset(void *c)
{
	struct eod_ctx *x = c;
	mp_eodscan_init(&x->s, 0);
	mp_diags_init(&x->d, x->dv, DV);
}

static size_t eod_feed(void *c, const uint8_t *buf, size_t len, bool eof,
		       mpt_log *log)
{
	struct eod_ctx *x = c;
	mp_eodscan_feed(&x->s, buf, len, &x->d);
	if (eof) {
		mp_eodscan_finish(&x->s, &x->d);
		for (size_t i = 0; i < x->d.n; i++)
			mpt_log_printf(log, "%s%s@%llu", i ? " " : "",
				       mp_rule_name(x->d.v[i].rule) + 9,
				       (unsigned long long)x->d.v[i].offset);
	}
	return len;
}

static void test_eodscan(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} t[] = {
		{ "a\r\n.\r\n", "" },
		{ "a\n.\nb", "LF_DOT_LF@1" },
		{ "a\n.\rb", "LF_DOT_CR@1" },
		{ "a\n.\r\nb", "LF_DOT_CRLF@1" },
		{ "a\r.\nb", "CR_DOT_LF@1" },
		{ "a\r.\rb", "CR_DOT_CR@1" },
		{ "a\r.\r\nb", "CR_DOT_CRLF@1" },
		{ "a\r\n.\nb", "CRLF_DOT_LF@1" },
		{ "a\r\n.\rb", "CRLF_DOT_CR@1" },
		{ "a\r\n.\r", "CRLF_DOT_CR@1" },  /* CR at the very end */
		{ ".\n", "CRLF_DOT_LF@0" },        /* the start counts as CRLF */
		{ ".\r\n", "" },
		{ "\n.\n", "LF_DOT_LF@0" },
		{ "x.\n", "" },
		{ "a\n.x\n", "" },
		{ "a\n..\n", "" },
		{ "\r\n\n.\r\n", "LF_DOT_CRLF@2" },
		{ "a\n.\n.\n", "LF_DOT_LF@1 LF_DOT_LF@3" },
		{ "a\r\n.\n.\r\n", "CRLF_DOT_LF@1 LF_DOT_CRLF@4" },
		{ "a\n.", "" },
		{ "", "" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(t); i++) {
		struct eod_ctx x;
		mpt_reader r = { eod_reset, eod_feed, &x };
		mpt_log whole = { 0 };
		char *err = mpt_check_splits(&r, (const uint8_t *)t[i].in,
					     strlen(t[i].in), 4096, true, &whole);
		if (err)
			fail_msg("case %zu: %s", i, err);
		if (strcmp(whole.p ? whole.p : "", t[i].want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i,
				 whole.p ? whole.p : "", t[i].want);
		mpt_log_free(&whole);
	}
	/* a start offset other than 0 */
	mp_eodscan s;
	mp_diag dv[4];
	mp_diags d;
	mp_diags_init(&d, dv, 4);
	mp_eodscan_init(&s, 1000);
	assert_int_equal(mp_eodscan_feed(&s, (const uint8_t *)".\nx\n.\n", 6, &d), 2);
	assert_int_equal(dv[0].offset, 1000);
	assert_int_equal(dv[0].rule, MP_R_WIRE_EOD_CRLF_DOT_LF);
	assert_int_equal(dv[1].offset, 1003);
	assert_int_equal(dv[1].rule, MP_R_WIRE_EOD_LF_DOT_LF);
}

/* ---- 7-bit checker */
struct bit_ctx {
	mp_8bitck c;
	size_t max;
	mp_diag dv[DV];
	mp_diags d;
};

static void bit_reset(void *v)
{
	struct bit_ctx *x = v;
	mp_8bitck_init(&x->c, x->max, 0);
	mp_diags_init(&x->d, x->dv, DV);
}

static size_t bit_feed(void *v, const uint8_t *buf, size_t len, bool eof,
		       mpt_log *log)
{
	struct bit_ctx *x = v;
	mp_8bitck_feed(&x->c, buf, len, &x->d);
	if (eof) {
		mp_body_need n = mp_8bitck_finish(&x->c, &x->d);
		const mp_8bit_stats *s = &x->c.st;
		mpt_log_printf(log, "%s%s lines=%llu high=%llu nul=%llu cr=%llu lf=%llu long=%llu max=%llu utf8=%d",
			       mp_body_need_name(n),
			       mp_8bitck_needs_smtputf8(&x->c) ? "+SMTPUTF8" : "",
			       (unsigned long long)s->lines, (unsigned long long)s->high,
			       (unsigned long long)s->nul, (unsigned long long)s->bare_cr,
			       (unsigned long long)s->bare_lf, (unsigned long long)s->long_lines,
			       (unsigned long long)s->max_line, (int)s->utf8_valid);
		for (size_t i = 0; i < x->d.n; i++)
			mpt_log_printf(log, " %s@%llu", mp_rule_name(x->d.v[i].rule) + 5,
				       (unsigned long long)x->d.v[i].offset);
	}
	return len;
}

static void check_bit(const char *in, size_t n, size_t max, const char *want)
{
	struct bit_ctx x = { .max = max };
	mpt_reader r = { bit_reset, bit_feed, &x };
	mpt_log whole = { 0 };
	char *err = mpt_check_splits(&r, (const uint8_t *)in, n, 2048, true, &whole);
	if (err)
		fail_msg("'%.*s': %s", (int)(n > 40 ? 40 : n), in, err);
	if (strcmp(whole.p ? whole.p : "", want) != 0)
		fail_msg("got '%s', want '%s'", whole.p ? whole.p : "", want);
	mpt_log_free(&whole);
}

#define CB(lit, want) check_bit(lit, sizeof(lit) - 1, 0, want)

static void test_8bit(void **state)
{
	(void)state;
	CB("", "7BIT lines=0 high=0 nul=0 cr=0 lf=0 long=0 max=0 utf8=1");
	CB("hello\r\n", "7BIT lines=1 high=0 nul=0 cr=0 lf=0 long=0 max=5 utf8=1");
	CB("no end", "7BIT lines=1 high=0 nul=0 cr=0 lf=0 long=0 max=6 utf8=1");
	CB("a\r\nbc\r\n\r\n", "7BIT lines=3 high=0 nul=0 cr=0 lf=0 long=0 max=2 utf8=1");
	CB("gr\xc3\xbc\xc3\x9f\r\n", "8BITMIME+SMTPUTF8 lines=1 high=4 nul=0 cr=0 lf=0 long=0 max=6 utf8=1 8BIT_OCTET@2 8BIT_OCTET@3 8BIT_OCTET@4 8BIT_OCTET@5");
	CB("S: \xc3\xa9\r\n\r\nb\r\n", "8BITMIME+SMTPUTF8 lines=3 high=2 nul=0 cr=0 lf=0 long=0 max=5 utf8=1 8BIT_OCTET@3 8BIT_OCTET@4");
	CB("S: x\r\n\r\n\xc3\xa9\r\n", "8BITMIME lines=3 high=2 nul=0 cr=0 lf=0 long=0 max=4 utf8=1 8BIT_OCTET@8 8BIT_OCTET@9");
	CB("S: \xe9\r\n", "8BITMIME lines=1 high=1 nul=0 cr=0 lf=0 long=0 max=4 utf8=0 8BIT_OCTET@3 UTF8_INVALID@3");
	CB("\xc3", "8BITMIME lines=1 high=1 nul=0 cr=0 lf=0 long=0 max=1 utf8=0 8BIT_OCTET@0 UTF8_INVALID@0");
	CB("\xc0\xaf", "8BITMIME lines=1 high=2 nul=0 cr=0 lf=0 long=0 max=2 utf8=0 8BIT_OCTET@0 UTF8_INVALID@0 8BIT_OCTET@1");
	CB("\xed\xa0\x80", "8BITMIME lines=1 high=3 nul=0 cr=0 lf=0 long=0 max=3 utf8=0 8BIT_OCTET@0 8BIT_OCTET@1 UTF8_INVALID@0 8BIT_OCTET@2");
	CB("\xf0\x9f\x98\x80\r\n", "8BITMIME+SMTPUTF8 lines=1 high=4 nul=0 cr=0 lf=0 long=0 max=4 utf8=1 8BIT_OCTET@0 8BIT_OCTET@1 8BIT_OCTET@2 8BIT_OCTET@3");
	CB("a\0b\r\n", "BINARYMIME lines=1 high=0 nul=1 cr=0 lf=0 long=0 max=3 utf8=1 NUL@1");
	CB("a\rb\r\n", "BINARYMIME lines=2 high=0 nul=0 cr=1 lf=0 long=0 max=1 utf8=1 BARE_CR@1");
	CB("a\nb\r\n", "BINARYMIME lines=2 high=0 nul=0 cr=0 lf=1 long=0 max=1 utf8=1 BARE_LF@1");
	CB("a\r", "BINARYMIME lines=1 high=0 nul=0 cr=1 lf=0 long=0 max=1 utf8=1 BARE_CR@1");
	CB("\r\r\n", "BINARYMIME lines=2 high=0 nul=0 cr=1 lf=0 long=0 max=0 utf8=1 BARE_CR@0");

	/* 998 and 999 octets before CRLF, and the limit configurable */
	char big[1100];
	memset(big, 'x', sizeof big);
	memcpy(big + 998, "\r\n", 2);
	check_bit(big, 1000, 0, "7BIT lines=1 high=0 nul=0 cr=0 lf=0 long=0 max=998 utf8=1");
	memset(big, 'x', sizeof big);
	memcpy(big + 999, "\r\n", 2);
	check_bit(big, 1001, 0, "BINARYMIME lines=1 high=0 nul=0 cr=0 lf=0 long=1 max=999 utf8=1 LINE_TOO_LONG@998");
	memset(big, 'x', sizeof big);
	check_bit(big, 1100, 0, "BINARYMIME lines=1 high=0 nul=0 cr=0 lf=0 long=1 max=1100 utf8=1 LINE_TOO_LONG@998");
	check_bit("abcd\r\nabcde\r\nabcdef\r\n", 21, 5,
		  "BINARYMIME lines=3 high=0 nul=0 cr=0 lf=0 long=1 max=6 utf8=1 LINE_TOO_LONG@18");
	check_bit("abcdef\nabcdef\r\n", 15, 5,
		  "BINARYMIME lines=2 high=0 nul=0 cr=0 lf=1 long=2 max=6 utf8=1 LINE_TOO_LONG@5 BARE_LF@6 LINE_TOO_LONG@12");
	assert_string_equal(mp_body_need_name((mp_body_need)7), "?");
}

/* One whole-buffer run under a forced vector path; the log it leaves. */
static char *bit_run(const uint8_t *in, size_t n, size_t max, mp_simd lv)
{
	static struct bit_ctx x;
	x.max = max;
	mp_wire_simd(lv);
	bit_reset(&x);
	mpt_log log = { 0 };
	bit_feed(&x, in, n, true, &log);
	mp_wire_simd(MP_SIMD_AUTO);
	return log.p;
}

static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* A mixed stream: text lines of every length around the block size and
 * the limit, UTF-8 of each length (valid, cut, overlong, surrogate)
 * wherever it falls, CR LF across block edges, the odd NUL, bare CR and
 * bare LF, and an empty line ending a header section. */
static size_t mixed(uint8_t *o, size_t cap, uint32_t seed, unsigned rare)
{
	static const char *const u8[] = { "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
					  "\xc3", "\xe2\x82", "\xc0\xaf", "\xed\xa0\x80",
					  "\xff", "\x80" };
	size_t n = 0;
	bool header = true;
	while (n + 1200 < cap) {
		uint32_t r = lcg(&seed);
		size_t len = r % 16 == 0 ? 900 + lcg(&seed) % 200 : lcg(&seed) % 130;
		for (size_t k = 0; k < len; k++) {
			uint32_t q = lcg(&seed) % 1000;
			if (q < rare) {
				const char *u = u8[lcg(&seed) % (rare > 5 ? 9 : 3)];
				size_t ul = strlen(u);
				memcpy(o + n, u, ul);
				n += ul;
			} else if (q == 999 && rare > 5) {
				o[n++] = "\0\r\n"[lcg(&seed) % 3];
			} else {
				o[n++] = (uint8_t)(' ' + q % 94);
			}
		}
		if (header && r % 50 == 1) {
			memcpy(o + n, "\r\n", 2);
			n += 2;
			header = false;
		}
		memcpy(o + n, "\r\n", 2);
		n += 2;
	}
	return n;
}

/* The 64-byte block paths (AVX2 where the CPU has it, SSE2) must give
 * exactly the stats and diags of the narrow path, on every stream. */
static void test_8bit_paths(void **state)
{
	(void)state;
	enum { CAP = 1 << 18 };
	uint8_t *buf = malloc(CAP);
	assert_non_null(buf);
	for (uint32_t seed = 1; seed <= 60; seed++) {
		unsigned rare = seed % 3 == 0 ? 0 : seed % 3 == 1 ? 3 : 20;
		size_t n = mixed(buf, CAP, seed, rare);
		size_t max = seed % 4 == 0 ? 76 : 0;
		char *want = bit_run(buf, n, max, MP_SIMD_NARROW);
		char *sse2 = bit_run(buf, n, max, MP_SIMD_SSE2);
		char *best = bit_run(buf, n, max, MP_SIMD_AUTO);
		assert_non_null(want);
		assert_string_equal(sse2, want);
		assert_string_equal(best, want);
		free(want);
		free(sse2);
		free(best);
	}
	/* a known stream: 2000 lines of 78 octets, an accented letter on
	 * every tenth body line, CR LF across every block edge somewhere */
	size_t n = 0;
	memcpy(buf, "Subject: x\r\n\r\n", 14);
	n = 14;
	for (int l = 0; l < 2000; l++) {
		memset(buf + n, 'a' + l % 26, 78);
		if (l % 10 == 0)
			memcpy(buf + n + l % 70, "\xc3\xa9", 2);
		n += 78;
		memcpy(buf + n, "\r\n", 2);
		n += 2;
	}
	for (int lv = MP_SIMD_AUTO; lv <= MP_SIMD_NARROW; lv++) {
		char *got = bit_run(buf, n, 0, (mp_simd)lv);
		assert_non_null(got);
		assert_memory_equal(got, "8BITMIME lines=2002 high=400 nul=0 cr=0 lf=0 long=0 max=78 utf8=1 8BIT_OCTET@",
				    strlen("8BITMIME lines=2002 high=400 nul=0 cr=0 lf=0 long=0 max=78 utf8=1 8BIT_OCTET@"));
		free(got);
	}
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dotdec),
		cmocka_unit_test(test_dotdec_done),
		cmocka_unit_test(test_dotenc),
		cmocka_unit_test(test_dot_roundtrip),
		cmocka_unit_test(test_eodscan),
		cmocka_unit_test(test_8bit),
		cmocka_unit_test(test_8bit_paths),
	};
	return cmocka_run_group_tests_name("wire", tests, NULL, NULL);
}
