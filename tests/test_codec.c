/* test_codec.c: base64 and quoted-printable decoders and encoders.
 * Every case runs whole, byte by byte and split at every offset (buffers
 * end at a PROT_NONE page), under every output capacity from 1 (or the
 * encoder's minimum) up, and on every path (AVX2, SSSE3, scalar, byte);
 * the logs (output octets, diags in push order, finish code) must agree. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "mailprobe/codec.h"

#define DV 256

enum kind { K_B64D, K_B64E, K_QPD, K_QPE };

static const mp_codec_path paths[] = { MP_CODEC_AUTO, MP_CODEC_SSSE3,
				       MP_CODEC_SCALAR, MP_CODEC_BYTE };

struct cx {
	enum kind k;
	unsigned flags;
	size_t ocap; /* output space per call */
	mp_b64dec bd;
	mp_b64enc be;
	mp_qpdec qd;
	mp_qpenc qe;
	mp_diag dv[DV];
	mp_diags d;
};

static void cx_reset(void *c)
{
	struct cx *x = c;
	mp_diags_init(&x->d, x->dv, DV);
	mp_b64dec_init(&x->bd, x->flags, 0);
	mp_b64enc_init(&x->be, x->flags);
	mp_qpdec_init(&x->qd, 0);
	mp_qpenc_init(&x->qe, x->flags);
}

static mp_rc cx_step(struct cx *x, const uint8_t *in, size_t len,
		     uint8_t *out, size_t *u, size_t *w)
{
	switch (x->k) {
	case K_B64D:
		return mp_b64dec_feed(&x->bd, in, len, out, x->ocap, u, w, &x->d);
	case K_B64E:
		return mp_b64enc_feed(&x->be, in, len, out, x->ocap, u, w);
	case K_QPD:
		return mp_qpdec_feed(&x->qd, in, len, out, x->ocap, u, w, &x->d);
	default:
		return mp_qpenc_feed(&x->qe, in, len, out, x->ocap, u, w);
	}
}

static mp_rc cx_finish(struct cx *x, uint8_t *out, size_t *w)
{
	switch (x->k) {
	case K_B64D:
		return mp_b64dec_finish(&x->bd, out, x->ocap, w, &x->d);
	case K_B64E:
		return mp_b64enc_finish(&x->be, out, x->ocap, w);
	case K_QPD:
		return mp_qpdec_finish(&x->qd, out, x->ocap, w, &x->d);
	default:
		return mp_qpenc_finish(&x->qe, out, x->ocap, w);
	}
}

/* Consumes everything (looping on MP_NOSPACE with an exact-size output
 * buffer so that ASan sees any write past cap); at eof finishes and logs
 * "|diags|rc". */
static size_t cx_feed(void *c, const uint8_t *buf, size_t len, bool eof,
		      mpt_log *log)
{
	struct cx *x = c;
	uint8_t *out = malloc(x->ocap);
	size_t pos = 0, u, w;
	if (out == NULL)
		abort();
	while (pos < len) {
		mp_rc rc = cx_step(x, buf + pos, len - pos, out, &u, &w);
		if (u > len - pos || w > x->ocap)
			fail_msg("used %zu of %zu, wrote %zu of %zu", u, len - pos, w, x->ocap);
		mpt_log_bytes(log, out, w);
		pos += u;
		if (rc == MP_NOSPACE) {
			if (u == 0 && w == 0)
				fail_msg("no progress with cap %zu", x->ocap);
		} else if (rc != MP_OK || pos != len) {
			fail_msg("feed: rc %d, %zu of %zu consumed", rc, pos, len);
		}
	}
	if (eof) {
		mp_rc rc;
		for (;;) {
			rc = cx_finish(x, out, &w);
			mpt_log_bytes(log, out, w);
			if (rc != MP_NOSPACE)
				break;
			if (w == 0)
				fail_msg("finish: no progress with cap %zu", x->ocap);
		}
		mpt_log_printf(log, "|");
		for (size_t i = 0; i < x->d.n; i++)
			mpt_log_printf(log, " %s@%llu", mp_rule_name(x->d.v[i].rule),
				       (unsigned long long)x->d.v[i].offset);
		mpt_log_printf(log, "|%s", mp_rc_name(rc));
	}
	free(out);
	return pos;
}

/* The log of one whole feed with output space ocap on the given path. */
static char *run_once(enum kind k, unsigned flags, size_t ocap,
		      mp_codec_path path, const uint8_t *in, size_t n)
{
	struct cx x = { .k = k, .flags = flags, .ocap = ocap };
	mpt_reader r = { cx_reset, cx_feed, &x };
	mpt_log log = { 0 };
	mp_codec_simd(path);
	mpt_run_split(&r, in, n, NULL, 0, false, &log);
	mp_codec_simd(MP_CODEC_AUTO);
	if (log.p == NULL)
		mpt_log_printf(&log, "%s", "");
	return log.p;
}

static size_t min_cap(enum kind k)
{
	return k == K_B64E ? 4 : k == K_QPE ? 18 : 1;
}

/* Whole, every split, every path, every short capacity: one log. */
static void check_case(enum kind k, unsigned flags, const uint8_t *in,
		       size_t n, const char *want, const char *what)
{
	char *whole = run_once(k, flags, 4096, MP_CODEC_BYTE, in, n);
	if (want && strcmp(whole, want) != 0)
		fail_msg("%s: got %s, want %s", what, whole, want);
	for (size_t p = 0; p < MP_ARRAY_LEN(paths); p++) {
		struct cx x = { .k = k, .flags = flags, .ocap = 4096 };
		mpt_reader r = { cx_reset, cx_feed, &x };
		mpt_log got = { 0 };
		mp_codec_simd(paths[p]);
		char *err = mpt_check_splits(&r, in, n, 4096, true, &got);
		mp_codec_simd(MP_CODEC_AUTO);
		if (err)
			fail_msg("%s path %zu: %s", what, p, err);
		if (strcmp(got.p ? got.p : "", whole) != 0)
			fail_msg("%s path %zu: got %s, want %s", what, p, got.p, whole);
		mpt_log_free(&got);
		size_t top = n * 3 + 40;
		for (size_t cap = min_cap(k); cap < top; cap++) {
			char *l = run_once(k, flags, cap, paths[p], in, n);
			if (strcmp(l, whole) != 0)
				fail_msg("%s path %zu cap %zu: got %s, want %s", what, p,
					 cap, l, whole);
			free(l);
		}
	}
	free(whole);
}

struct tcase {
	unsigned flags;
	const char *in;
	const char *want;
};

#define M MP_B64_MIME

/* ---- base64: RFC 4648 10 test vectors, both modes, both directions */
static const char *const rfc4648[][2] = {
	{ "", "" },         { "f", "Zg==" },       { "fo", "Zm8=" },
	{ "foo", "Zm9v" },  { "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
	{ "foobar", "Zm9vYmFy" },
};

static void test_b64_rfc4648(void **state)
{
	(void)state;
	char want[64];
	for (size_t i = 0; i < MP_ARRAY_LEN(rfc4648); i++) {
		const char *dec = rfc4648[i][0], *enc = rfc4648[i][1];
		snprintf(want, sizeof want, "%s||OK", dec);
		check_case(K_B64D, 0, (const uint8_t *)enc, strlen(enc), want, enc);
		check_case(K_B64D, M, (const uint8_t *)enc, strlen(enc), want, enc);
		snprintf(want, sizeof want, "%s||OK", enc);
		check_case(K_B64E, 0, (const uint8_t *)dec, strlen(dec), want, dec);
		check_case(K_B64E, MP_B64ENC_WRAP, (const uint8_t *)dec, strlen(dec),
			   want, dec);
	}
}

/* ---- base64 decoder: every rule at its offset */
static const struct tcase b64_cases[] = {
	{ M, "Zm9v\r\nYmFy", "foobar||OK" },
	{ 0, "Zm9v\r\nYmFy", "foobar| B64_NON_ALPHABET@4|INVALID" },
	{ M, "Zm9v YmFy\t", "foobar||OK" },
	{ 0, "Zm9v YmFy\t", "foobar| B64_NON_ALPHABET@4 B64_NON_ALPHABET@9|INVALID" },
	{ M, "Zm9v*YmFy", "foobar| B64_JUNK@4|INVALID" },
	{ M, "Zm9v**Ym Fy!", "foobar| B64_JUNK@4 B64_JUNK@11|INVALID" },
	{ M, "Zm9v\x80\xffYmFy", "foobar| B64_JUNK@4|INVALID" },
	{ M, "Zm-9v_", "foo| B64_JUNK@2 B64_JUNK@5|INVALID" },
	{ 0, "Zm9v*", "foo| B64_NON_ALPHABET@4|INVALID" },
	{ M, "Zg=", "f| B64_PAD_MISSING@3|INVALID" },
	{ M, "Zg", "f| B64_TRUNCATED@0|INVALID" },
	{ M, "Z", "| B64_TRUNCATED@0|INVALID" },
	{ M, "Zm9vZ", "foo| B64_TRUNCATED@4|INVALID" },
	{ M, "Zm9", "fo| B64_TRUNCATED@0 B64_PAD_BITS@2|INVALID" },
	{ M, "Zm8", "fo| B64_TRUNCATED@0|INVALID" },
	{ M, "Zh==", "f| B64_PAD_BITS@1|INVALID" },
	{ M, "Zm9=", "fo| B64_PAD_BITS@2|INVALID" },
	{ M, "Zg===", "f| B64_PAD_EXTRA@4|INVALID" },
	{ M, "Zg== ==", "f| B64_PAD_EXTRA@5|INVALID" },
	{ M, "Zm8===", "fo| B64_PAD_EXTRA@4|INVALID" },
	{ M, "=Zm9v", "foo| B64_PAD_POSITION@0|INVALID" },
	{ M, "Z=g=", "f| B64_PAD_POSITION@1 B64_PAD_MISSING@4|INVALID" },
	{ M, "Zg==Zm8=", "ffo| B64_DATA_AFTER_PAD@4|INVALID" },
	{ M, "Zg=Zm8=", "ffo| B64_PAD_MISSING@3 B64_DATA_AFTER_PAD@3|INVALID" },
	{ M, "Zg==\r\n", "f||OK" },
	{ M, "Zg=\r\n=\r\n", "f||OK" },
	{ M, "Zm\r\n9v", "foo||OK" },
	{ M, "\r\n\r\n", "||OK" },
	{ M, "Zm9vYmFy\n", "foobar||OK" },
	{ M, "Zg== \r\nx", "f| B64_DATA_AFTER_PAD@7 B64_TRUNCATED@7|INVALID" },
};

static void test_b64_rules(void **state)
{
	(void)state;
	for (size_t i = 0; i < MP_ARRAY_LEN(b64_cases); i++) {
		const struct tcase *t = &b64_cases[i];
		char what[64];
		snprintf(what, sizeof what, "b64 case %zu", i);
		check_case(K_B64D, t->flags, (const uint8_t *)t->in, strlen(t->in),
			   t->want, what);
	}
}

/* Lines of 76 characters are fine; the 77th octet is the diag's. */
static void test_b64_lines(void **state)
{
	(void)state;
	char in[400], want[800];
	size_t n = 0;
	memset(in, 'A', 76);
	n = 76;
	memcpy(in + n, "\r\n", 2);
	n += 2;
	memset(in + n, 'A', 80);
	n += 80;
	memcpy(in + n, "\r\n", 2);
	n += 2;
	memset(in + n, 'A', 76);
	n += 76;
	size_t w = 0;
	for (size_t i = 0; i < (76 + 80 + 76) / 4 * 3; i++)
		w += (size_t)snprintf(want + w, sizeof want - w, "\\x00");
	snprintf(want + w, sizeof want - w, "| B64_LINE_TOO_LONG@154|INVALID");
	check_case(K_B64D, M, (const uint8_t *)in, n, want, "lines");
	/* strict mode has no lines: one long run of alphabet is fine */
	memset(in, 'A', 200);
	check_case(K_B64D, 0, (const uint8_t *)in, 200, NULL, "strict long");
	char *l = run_once(K_B64D, 0, 4096, MP_CODEC_AUTO, (const uint8_t *)in, 200);
	assert_non_null(strstr(l, "||OK"));
	free(l);
	/* junk and white space count on the line */
	memset(in, 'A', 72);
	memcpy(in + 72, " * AAAA", 7);
	w = 0;
	for (size_t i = 0; i < 57; i++)
		w += (size_t)snprintf(want + w, sizeof want - w, "\\x00");
	snprintf(want + w, sizeof want - w, "| B64_JUNK@73 B64_LINE_TOO_LONG@76|INVALID");
	check_case(K_B64D, M, (const uint8_t *)in, 79, want, "junk on a long line");
}

/* ---- base64 encoder: wrapping */
static void test_b64_encode(void **state)
{
	(void)state;
	uint8_t in[200];
	char want[600];
	memset(in, 0, sizeof in);
	/* 57 octets: one full line, no CRLF after it */
	size_t w = 0;
	for (int i = 0; i < 76; i++)
		want[w++] = 'A';
	snprintf(want + w, sizeof want - w, "||OK");
	check_case(K_B64E, MP_B64ENC_WRAP, in, 57, want, "57");
	/* 58: a second line */
	w = 76;
	w += (size_t)snprintf(want + w, sizeof want - w, "\\x0d\\x0aAA==||OK");
	check_case(K_B64E, MP_B64ENC_WRAP, in, 58, want, "58");
	assert_int_equal(mp_b64enc_len(0, MP_B64ENC_WRAP), 0);
	assert_int_equal(mp_b64enc_len(57, MP_B64ENC_WRAP), 76);
	assert_int_equal(mp_b64enc_len(58, MP_B64ENC_WRAP), 82);
	assert_int_equal(mp_b64enc_len(58, 0), 80);
	assert_int_equal(mp_b64enc_len(SIZE_MAX, 0), SIZE_MAX);
	/* small capacities: NOSPACE with nothing consumed, never a write past */
	mp_b64enc e;
	uint8_t out[4];
	size_t u, wr;
	for (size_t cap = 0; cap < 4; cap++) {
		mp_b64enc_init(&e, 0);
		mp_rc rc = mp_b64enc_feed(&e, (const uint8_t *)"abc", 3, out, cap, &u, &wr);
		assert_true(rc == MP_NOSPACE || cap >= 1);
		assert_true(wr <= cap);
	}
}

/* ---- quoted-printable decoder: every rule at its offset */
static const struct tcase qpd_cases[] = {
	{ 0, "Hello=20World", "Hello World||OK" },
	{ 0, "a=3Db", "a=b||OK" },
	{ 0, "=41=42=43", "ABC||OK" },
	{ 0, "a=3db", "a=b| QP_LOWER_HEX@1|INVALID" },
	{ 0, "a=c3=A9", "a\\xc3\\xa9| QP_LOWER_HEX@1|INVALID" },
	{ 0, "a=\r\nb", "ab||OK" },
	{ 0, "a=\nb", "ab| QP_BARE_LF@2|INVALID" },
	{ 0, "a =\r\nb", "a b||OK" },
	{ 0, "a  \r\nb", "a\\x0d\\x0ab| QP_TRAILING_WS@1|INVALID" },
	{ 0, "a \t\nb", "a\\x0ab| QP_TRAILING_WS@1 QP_BARE_LF@3|INVALID" },
	{ 0, "a= \r\nb", "ab| QP_TRAILING_WS@2|INVALID" },
	{ 0, "a \t", "a| QP_TRAILING_WS@1|INVALID" },
	{ 0, "a b c", "a b c||OK" },
	{ 0, "a=G", "a=G| QP_BAD_ESCAPE@1|INVALID" },
	{ 0, "a=4G", "a=4G| QP_BAD_ESCAPE@1|INVALID" },
	{ 0, "a=", "a=| QP_BAD_ESCAPE@1|INVALID" },
	{ 0, "a=4", "a=4| QP_BAD_ESCAPE@1|INVALID" },
	{ 0, "a= b", "a= b| QP_BAD_ESCAPE@1|INVALID" },
	{ 0, "a= ", "a=| QP_BAD_ESCAPE@1 QP_TRAILING_WS@2|INVALID" },
	{ 0, "a=4\r\nb", "a=4\\x0d\\x0ab| QP_BAD_ESCAPE@1|INVALID" },
	{ 0, "a==41", "a=A| QP_BAD_ESCAPE@1|INVALID" },
	{ 0, "a\rb", "a\\x0db| QP_BARE_CR@1|INVALID" },
	{ 0, "a\nb", "a\\x0ab| QP_BARE_LF@1|INVALID" },
	{ 0, "a\r", "a\\x0d| QP_BARE_CR@1|INVALID" },
	{ 0, "a=\r", "a| QP_BARE_CR@2|INVALID" },
	{ 0, "a=\r\r\nb", "a\\x0d\\x0ab| QP_BARE_CR@2|INVALID" },
	{ 0, "caf\xc3\xa9", "caf\\xc3\\xa9| QP_8BIT@3|INVALID" },
	{ 0, "a\x01\x02" "b\x7f\x80", "a\\x01\\x02b\\x7f\\x80| QP_CONTROL@1 QP_CONTROL@4 QP_8BIT@5|INVALID" },
	{ 0, "a\tb\r\n", "a\\x09b\\x0d\\x0a||OK" },
	{ 0, "\r\n\r\n", "\\x0d\\x0a\\x0d\\x0a||OK" },
	{ 0, "", "||OK" },
};

static void test_qp_rules(void **state)
{
	(void)state;
	for (size_t i = 0; i < MP_ARRAY_LEN(qpd_cases); i++) {
		const struct tcase *t = &qpd_cases[i];
		char what[64];
		snprintf(what, sizeof what, "qp case %zu (%s)", i, t->in);
		check_case(K_QPD, 0, (const uint8_t *)t->in, strlen(t->in), t->want, what);
	}
}

static void test_qp_lines(void **state)
{
	(void)state;
	char in[300], want[600];
	/* 75 + "=" is a full line; 76 + "=" is one too many */
	memset(in, 'a', 75);
	memcpy(in + 75, "=\r\nb", 4);
	memset(want, 'a', 75);
	snprintf(want + 75, sizeof want - 75, "b||OK");
	check_case(K_QPD, 0, (const uint8_t *)in, 79, want, "75=");
	memset(in, 'a', 76);
	memcpy(in + 76, "=\r\nb", 4);
	memset(want, 'a', 76);
	snprintf(want + 76, sizeof want - 76, "b| QP_LINE_TOO_LONG@76|INVALID");
	check_case(K_QPD, 0, (const uint8_t *)in, 80, want, "76=");
	/* 76 then CRLF is fine; 77 is not, reported once */
	memset(in, 'a', 76);
	memcpy(in + 76, "\r\n", 2);
	memset(in + 78, 'b', 100);
	memset(want, 'a', 76);
	size_t w = 76 + (size_t)snprintf(want + 76, sizeof want - 76, "\\x0d\\x0a");
	memset(want + w, 'b', 100);
	snprintf(want + w + 100, sizeof want - w - 100, "| QP_LINE_TOO_LONG@154|INVALID");
	check_case(K_QPD, 0, (const uint8_t *)in, 178, want, "77");
	/* a SP/TAB run longer than the hold on a long line */
	memset(in, ' ', 200);
	memcpy(in + 200, "\r\nx", 3);
	char *l = run_once(K_QPD, 0, 4096, MP_CODEC_BYTE, (const uint8_t *)in, 203);
	assert_non_null(strstr(l, "| QP_LINE_TOO_LONG@76 QP_TRAILING_WS@160|"));
	free(l);
	check_case(K_QPD, 0, (const uint8_t *)in, 203, NULL, "long white space");
}

/* ---- quoted-printable encoder */
static const struct tcase qpe_cases[] = {
	{ 0, "Hello World", "Hello World||OK" },
	{ 0, "a=b", "a=3Db||OK" },
	{ 0, "a \r\nb", "a=20\\x0d\\x0ab||OK" },
	{ 0, "a\t\r\n", "a=09\\x0d\\x0a||OK" },
	{ 0, "a ", "a=20||OK" },
	{ 0, "a  ", "a =20||OK" },
	{ 0, "a \t b", "a \\x09 b||OK" },
	{ 0, "caf\xc3\xa9", "caf=C3=A9||OK" },
	{ 0, "a\rb", "a=0Db||OK" },
	{ 0, "a\nb", "a=0Ab||OK" },
	{ 0, "a \r", "a =0D||OK" },
	{ 0, "a \rb", "a =0Db||OK" },
	{ 0, "a\r\n\r\n", "a\\x0d\\x0a\\x0d\\x0a||OK" },
	{ 0, "\x01\x7f", "=01=7F||OK" },
	{ MP_QPENC_BINARY, "a\r\nb ", "a=0D=0Ab=20||OK" },
	{ MP_QPENC_BINARY, "a \r\n", "a =0D=0A||OK" },
	{ 0, "", "||OK" },
};

static void test_qp_encode(void **state)
{
	(void)state;
	for (size_t i = 0; i < MP_ARRAY_LEN(qpe_cases); i++) {
		const struct tcase *t = &qpe_cases[i];
		char what[64];
		snprintf(what, sizeof what, "qpe case %zu", i);
		check_case(K_QPE, t->flags, (const uint8_t *)t->in, strlen(t->in),
			   t->want, what);
	}
	/* soft breaks: 75 characters and "=" */
	char in[200], want[600];
	memset(in, 'x', 100);
	memset(want, 'x', 75);
	size_t w = 75 + (size_t)snprintf(want + 75, sizeof want - 75, "=\\x0d\\x0a");
	memset(want + w, 'x', 25);
	snprintf(want + w + 25, sizeof want - w - 25, "||OK");
	check_case(K_QPE, 0, (const uint8_t *)in, 100, want, "100 x");
	/* an escape does not straddle a soft break */
	memset(in, 'x', 74);
	in[74] = '=';
	memset(want, 'x', 74);
	snprintf(want + 74, sizeof want - 74, "=\\x0d\\x0a=3D||OK");
	check_case(K_QPE, 0, (const uint8_t *)in, 75, want, "74 x =");
	/* a held SP at the end of a full line */
	memset(in, 'x', 75);
	memcpy(in + 75, " \r\n", 3);
	memset(want, 'x', 75);
	snprintf(want + 75, sizeof want - 75, "=\\x0d\\x0a=20\\x0d\\x0a||OK");
	check_case(K_QPE, 0, (const uint8_t *)in, 78, want, "75 x SP CRLF");
}

/* ---- round trips and path agreement over random data */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

/* Encodes in[0..n) on a path in one go; returns malloc'd output. */
static uint8_t *encode(enum kind k, unsigned flags, mp_codec_path path,
		       const uint8_t *in, size_t n, size_t *outn)
{
	size_t cap = n * 4 + 64, u, w, w2;
	uint8_t *out = malloc(cap);
	assert_non_null(out);
	mp_codec_simd(path);
	if (k == K_B64E) {
		mp_b64enc e;
		mp_b64enc_init(&e, flags);
		assert_int_equal(mp_b64enc_feed(&e, in, n, out, cap, &u, &w), MP_OK);
		assert_int_equal(mp_b64enc_finish(&e, out + w, cap - w, &w2), MP_OK);
		assert_int_equal(w + w2, mp_b64enc_len(n, flags));
	} else {
		mp_qpenc e;
		mp_qpenc_init(&e, flags);
		assert_int_equal(mp_qpenc_feed(&e, in, n, out, cap, &u, &w), MP_OK);
		assert_int_equal(mp_qpenc_finish(&e, out + w, cap - w, &w2), MP_OK);
	}
	mp_codec_simd(MP_CODEC_AUTO);
	assert_int_equal(u, n);
	*outn = w + w2;
	return out;
}

/* Decodes; the output must be want[0..n) and no diag may appear. */
static void decode_expect(enum kind k, unsigned flags, mp_codec_path path,
			  const uint8_t *enc, size_t encn, const uint8_t *want,
			  size_t n)
{
	uint8_t *out = malloc(n + 64);
	mp_diag dv[8];
	mp_diags d;
	size_t u, w, w2;
	mp_rc rc;
	assert_non_null(out);
	mp_diags_init(&d, dv, 8);
	mp_codec_simd(path);
	if (k == K_B64D) {
		mp_b64dec dec;
		mp_b64dec_init(&dec, flags, 0);
		assert_int_equal(mp_b64dec_feed(&dec, enc, encn, out, n + 64, &u, &w, &d), MP_OK);
		rc = mp_b64dec_finish(&dec, out + w, n + 64 - w, &w2, &d);
	} else {
		mp_qpdec dec;
		mp_qpdec_init(&dec, 0);
		assert_int_equal(mp_qpdec_feed(&dec, enc, encn, out, n + 64, &u, &w, &d), MP_OK);
		rc = mp_qpdec_finish(&dec, out + w, n + 64 - w, &w2, &d);
	}
	mp_codec_simd(MP_CODEC_AUTO);
	if (d.n)
		fail_msg("round trip of %zu octets: %s@%llu", n, mp_rule_name(d.v[0].rule),
			 (unsigned long long)d.v[0].offset);
	assert_int_equal(rc, MP_OK);
	assert_int_equal(w + w2, n);
	assert_memory_equal(out, want, n);
	free(out);
}

static void round_trip(const uint8_t *in, size_t n)
{
	static const struct { enum kind e, d; unsigned ef, df; } combos[] = {
		{ K_B64E, K_B64D, MP_B64ENC_WRAP, MP_B64_MIME },
		{ K_B64E, K_B64D, 0, 0 },
		{ K_QPE, K_QPD, 0, 0 },
		{ K_QPE, K_QPD, MP_QPENC_BINARY, 0 },
	};
	for (size_t c = 0; c < MP_ARRAY_LEN(combos); c++) {
		size_t en0, en;
		uint8_t *e0 = encode(combos[c].e, combos[c].ef, MP_CODEC_BYTE, in, n, &en0);
		for (size_t p = 0; p < MP_ARRAY_LEN(paths); p++) {
			uint8_t *e = encode(combos[c].e, combos[c].ef, paths[p], in, n, &en);
			if (en != en0 || memcmp(e, e0, en) != 0)
				fail_msg("combo %zu path %zu: encodings of %zu octets differ", c, p, n);
			free(e);
			decode_expect(combos[c].d, combos[c].df, paths[p], e0, en0, in, n);
		}
		free(e0);
	}
}

static void test_round_trips(void **state)
{
	(void)state;
	uint64_t s = 42;
	uint8_t *buf = malloc(1 << 20);
	assert_non_null(buf);
	for (size_t n = 0; n <= 4096; n += (n < 300 ? 1 : 37)) {
		unsigned kind = (unsigned)(rnd(&s) % 3);
		for (size_t i = 0; i < n; i++) {
			uint64_t r = rnd(&s);
			/* binary, text with line breaks and white space, or ASCII */
			buf[i] = kind == 0 ? (uint8_t)r
				: kind == 1 ? (uint8_t)" \t\r\nabc=\xc3\xa9xyz.-"[r % 15]
					    : (uint8_t)(32 + r % 95);
		}
		round_trip(buf, n);
	}
	for (size_t i = 0; i < (1 << 20); i++)
		buf[i] = (uint8_t)rnd(&s);
	round_trip(buf, 1 << 20);
	for (size_t i = 0; i < (1 << 20); i++)
		buf[i] = (uint8_t)(i % 80 == 79 ? '\n' : 32 + rnd(&s) % 95);
	round_trip(buf, 1 << 20);
	free(buf);
}

/* Random, mostly broken, encoded text: every path gives the same log. */
static void test_paths_agree(void **state)
{
	(void)state;
	uint64_t s = 7;
	static const char b64a[] = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo+/09az==\r\n \t*";
	static const char qpa[] = "abc XYZ=3D=3d=\r\n\r\n \t=G=\n\x80\x01.";
	uint8_t in[2000];
	for (int round = 0; round < 300; round++) {
		size_t n = (size_t)(rnd(&s) % sizeof in);
		bool qp = round & 1;
		for (size_t i = 0; i < n; i++) {
			uint64_t r = rnd(&s);
			in[i] = qp ? (uint8_t)qpa[r % (sizeof qpa - 1)]
				   : (uint8_t)b64a[r % (sizeof b64a - 1 - (r & 1 ? 8 : 0))];
		}
		enum kind k = qp ? K_QPD : K_B64D;
		unsigned flags = (!qp && (round & 2)) ? MP_B64_MIME : 0;
		char *want = run_once(k, flags, 1 << 16, MP_CODEC_BYTE, in, n);
		for (size_t p = 0; p < MP_ARRAY_LEN(paths); p++) {
			size_t caps[] = { 1 << 16, 1 + rnd(&s) % 64 };
			for (size_t c = 0; c < 2; c++) {
				char *got = run_once(k, flags, caps[c], paths[p], in, n);
				if (strcmp(got, want) != 0)
					fail_msg("round %d path %zu cap %zu:\n got %s\nwant %s",
						 round, p, caps[c], got, want);
				free(got);
			}
		}
		free(want);
	}
}

/* The vector paths decode escapes, soft and hard breaks inside windows
 * of 64 or 32 octets and stop at anything else: every problem at every
 * offset around those window edges, in text that is clean around it;
 * split at every offset on every path, and under short capacities. */
static const char *const qp_odd[] = {
	"=3d", "=G1", "=4G", "==41", "= \r\n", "=\t\r\n", " \r\n", "\t \r\n",
	"\r", "\n", "=\n", "=\r", "\x80\x81", "\x01", "\x7f", "a  b", "=\r\n",
	"\r\n", "=C3=A9", " =\r\n", "=20\r\n", "\r\r\n", "=", "=4",
};

static void test_qp_windows(void **state)
{
	(void)state;
	uint8_t in[256];
	static const size_t caps[] = { 1, 2, 3, 16, 31, 33, 63, 65, 4096 };
	for (size_t t = 0; t < MP_ARRAY_LEN(qp_odd); t++) {
		size_t k = strlen(qp_odd[t]);
		for (size_t at = 28; at <= 67; at += (at < 34 || at > 60 ? 1 : 27)) {
			size_t n = 0;
			/* a line of "at" octets with an escape and a soft break */
			for (size_t j = 0; j < at; j++)
				in[n++] = (uint8_t)(j == 5 ? '=' : j == 6 ? 'C' : j == 7 ? '3'
					   : j == 20 ? '=' : j == 21 ? '\r' : j == 22 ? '\n'
					   : 'a' + j % 26);
			memcpy(in + n, qp_odd[t], k);
			n += k;
			memcpy(in + n, "xy=41z\r\nend of it=20\r\n", 22);
			n += 22;
			char *want = run_once(K_QPD, 0, 4096, MP_CODEC_BYTE, in, n);
			for (size_t p = 0; p < MP_ARRAY_LEN(paths); p++) {
				struct cx x = { .k = K_QPD, .ocap = 4096 };
				mpt_reader r = { cx_reset, cx_feed, &x };
				mpt_log got = { 0 };
				mp_codec_simd(paths[p]);
				char *err = mpt_check_splits(&r, in, n, 4096, false, &got);
				mp_codec_simd(MP_CODEC_AUTO);
				if (err || strcmp(got.p ? got.p : "", want) != 0)
					fail_msg("odd %zu at %zu path %zu: %s\n got %s\nwant %s",
						 t, at, p, err ? err : "", got.p, want);
				mpt_log_free(&got);
				for (size_t c = 0; c < MP_ARRAY_LEN(caps); c++) {
					char *l = run_once(K_QPD, 0, caps[c], paths[p], in, n);
					if (strcmp(l, want) != 0)
						fail_msg("odd %zu at %zu path %zu cap %zu:\n got %s\nwant %s",
							 t, at, p, caps[c], l, want);
					free(l);
				}
			}
			free(want);
		}
	}
}

/* Mostly clean encoded text in long runs (lines short and long, escapes,
 * soft and hard breaks), now and then a problem: every path and short
 * capacity give the byte path's log. */
static void test_qp_clean_runs(void **state)
{
	(void)state;
	uint64_t s = 99;
	static uint8_t in[3000];
	for (int round = 0; round < 400; round++) {
		size_t n = 0, lim = (size_t)(rnd(&s) % (sizeof in - 40));
		unsigned odd = (unsigned)(rnd(&s) % 4); /* 0: no problems */
		while (n < lim) {
			uint64_t r = rnd(&s) % 1000;
			const char *tk;
			char esc[4];
			if (odd && r < 4 * odd) {
				tk = qp_odd[rnd(&s) % MP_ARRAY_LEN(qp_odd)];
			} else if (r < 120) {
				unsigned c = (unsigned)(rnd(&s) % 256);
				snprintf(esc, sizeof esc, "=%02X", c);
				tk = esc;
			} else if (r < 140) {
				tk = "=\r\n";
			} else if (r < 165) {
				tk = "\r\n";
			} else if (r < 200) {
				tk = " ";
			} else {
				tk = (const char *[]){ "a", "bc", "def", "ghij", "Q", "~",
						       "0", "F" }[rnd(&s) % 8];
			}
			size_t k = strlen(tk);
			memcpy(in + n, tk, k);
			n += k;
		}
		char *want = run_once(K_QPD, 0, 1 << 16, MP_CODEC_BYTE, in, n);
		for (size_t p = 0; p < MP_ARRAY_LEN(paths); p++) {
			size_t caps[] = { 1 << 16, 1 + rnd(&s) % 80, 60 + rnd(&s) % 80 };
			for (size_t c = 0; c < MP_ARRAY_LEN(caps); c++) {
				char *got = run_once(K_QPD, 0, caps[c], paths[p], in, n);
				if (strcmp(got, want) != 0)
					fail_msg("round %d path %zu cap %zu:\n got %s\nwant %s",
						 round, p, caps[c], got, want);
				free(got);
			}
		}
		free(want);
	}
}

/* ---- the GMime test files in ../shared/corpora/encodings */
static uint8_t *slurp(const char *name, size_t *n)
{
	char path[1024];
	const char *src = getenv("MP_SRCDIR");
	snprintf(path, sizeof path, "%s/corpora/shared/encodings/gmime/%s",
		 src ? src : ".", name);
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 1 << 20;
	uint8_t *p = malloc(cap);
	assert_non_null(p);
	*n = fread(p, 1, cap, f);
	fclose(f);
	return p;
}

/* LF line ends to CRLF. */
static uint8_t *crlf(const uint8_t *p, size_t n, size_t *outn)
{
	uint8_t *q = malloc(2 * n + 1);
	size_t k = 0;
	assert_non_null(q);
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n')
			q[k++] = '\r';
		q[k++] = p[i];
	}
	*outn = k;
	return q;
}

static void test_corpora(void **state)
{
	(void)state;
	size_t bn, jn, qn, tn;
	uint8_t *b64 = slurp("photo.b64", &bn), *jpg = slurp("photo.jpg", &jn);
	uint8_t *qp = slurp("wikipedia.qp", &qn), *txt = slurp("wikipedia.txt", &tn);
	if (!b64 || !jpg || !qp || !txt) {
		print_message("corpora not found: skipped\n");
		free(b64), free(jpg), free(qp), free(txt);
		skip();
	}
	/* photo.b64: 76-column lines with LF ends: MIME mode ignores the
	 * breaks; the output is photo.jpg byte for byte, with no diag */
	for (size_t p = 0; p < MP_ARRAY_LEN(paths); p++)
		decode_expect(K_B64D, MP_B64_MIME, paths[p], b64, bn, jpg, jn);
	size_t cn, en;
	uint8_t *b64c = crlf(b64, bn, &cn);
	for (size_t p = 0; p < MP_ARRAY_LEN(paths); p++)
		decode_expect(K_B64D, MP_B64_MIME, paths[p], b64c, cn, jpg, jn);
	/* and our wrapped encoding of photo.jpg is photo.b64 with CRLF, but
	 * for the last line end */
	uint8_t *enc = encode(K_B64E, MP_B64ENC_WRAP, MP_CODEC_AUTO, jpg, jn, &en);
	assert_int_equal(en, cn - 2);
	assert_memory_equal(enc, b64c, en);
	free(enc);
	free(b64c);

	/* wikipedia.qp: LF line ends, soft breaks "=" LF. Decoded as it is,
	 * every LF is a bare LF (soft breaks removed, the last one copied)
	 * and the output is wikipedia.txt byte for byte, LF included */
	char *l = run_once(K_QPD, 0, 4096, MP_CODEC_AUTO, qp, qn);
	char want[2048];
	mpt_log wl = { 0 };
	mpt_log_bytes(&wl, txt, tn);
	snprintf(want, sizeof want, "%s| QP_BARE_LF@76 QP_BARE_LF@153 QP_BARE_LF@230 "
		 "QP_BARE_LF@307 QP_BARE_LF@358|INVALID", wl.p);
	assert_string_equal(l, want);
	free(l);
	check_case(K_QPD, 0, qp, qn, want, "wikipedia.qp");
	mpt_log_free(&wl);
	/* with CRLF line ends: wikipedia.txt with CRLF, and no diag */
	size_t qcn, tcn;
	uint8_t *qpc = crlf(qp, qn, &qcn), *txtc = crlf(txt, tn, &tcn);
	for (size_t p = 0; p < MP_ARRAY_LEN(paths); p++)
		decode_expect(K_QPD, 0, paths[p], qpc, qcn, txtc, tcn);
	free(qpc);
	free(txtc);
	free(b64), free(jpg), free(qp), free(txt);
}

/* offsets start where init says */
static void test_base_offset(void **state)
{
	(void)state;
	mp_b64dec d;
	mp_diag dv[4];
	mp_diags dg;
	uint8_t out[8];
	size_t u, w;
	mp_diags_init(&dg, dv, 4);
	mp_b64dec_init(&d, MP_B64_MIME, 1000);
	mp_b64dec_feed(&d, (const uint8_t *)"Zm*9v", 5, out, sizeof out, &u, &w, &dg);
	assert_int_equal(dg.n, 1);
	assert_int_equal(dv[0].offset, 1002);
	mp_qpdec q;
	mp_diags_init(&dg, dv, 4);
	mp_qpdec_init(&q, 500);
	mp_qpdec_feed(&q, (const uint8_t *)"ab=zz", 5, out, sizeof out, &u, &w, &dg);
	assert_int_equal(dg.n, 1);
	assert_int_equal(dv[0].offset, 502);
	assert_non_null(mp_codec_path_name());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_b64_rfc4648),
		cmocka_unit_test(test_b64_rules),
		cmocka_unit_test(test_b64_lines),
		cmocka_unit_test(test_b64_encode),
		cmocka_unit_test(test_qp_rules),
		cmocka_unit_test(test_qp_lines),
		cmocka_unit_test(test_qp_encode),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_paths_agree),
		cmocka_unit_test(test_qp_windows),
		cmocka_unit_test(test_qp_clean_runs),
		cmocka_unit_test(test_corpora),
		cmocka_unit_test(test_base_offset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
