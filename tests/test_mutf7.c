/* test_mutf7.c: modified UTF-7 mailbox names (RFC 3501 5.1.3, RFC 2152).
 * Tables: canonical pairs both ways, every rule with its offset, invalid
 * UTF-8 for the encoder, MP_NOSPACE at every short capacity, the bounds,
 * and generated round trips over every BMP code point, samples of the
 * astral planes and random mixed names. Inputs and outputs sit in
 * buffers that end at a PROT_NONE page. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "mailprobe/mutf7.h"

#define DV 64

static unsigned long asserts; /* counted cases, printed at the end */

/* Diags as "RULE@off RULE@off", offsets relative to base. */
static void fmt_diags(const mp_diags *d, uint64_t base, char *buf, size_t cap)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < d->n && o < cap; i++) {
		int k = snprintf(buf + o, cap - o, "%s%s@%lld", i ? " " : "",
				 mp_rule_name(d->v[i].rule),
				 (long long)(d->v[i].offset - base));
		if (k < 0)
			break;
		o += (size_t)k;
	}
}

/* Runs f's codec over in[0..n) into a guarded out buffer of cap bytes. */
typedef mp_rc (*codec_fn)(mp_slice, uint8_t *, size_t, size_t *, uint64_t,
			  mp_diags *);

static mp_rc run_codec(codec_fn f, const void *in, size_t n, size_t cap,
		       uint8_t *copy_r, size_t *len_r, uint64_t base,
		       mp_diags *d)
{
	uint8_t *gin = mpt_guard_copy(in, n);
	uint8_t *out = NULL;
	if (cap) {
		uint8_t *zero = calloc(cap, 1);
		assert_non_null(zero);
		out = mpt_guard_copy(zero, cap);
		free(zero);
	}
	size_t len = (size_t)-1;
	mp_rc rc = f(MP_SLICE(gin, n), out, cap, &len, base, d);
	assert_true(len <= cap);
	if (copy_r && len)
		memcpy(copy_r, out, len);
	*len_r = len;
	if (out)
		mpt_guard_free(out, cap);
	mpt_guard_free(gin, n);
	return rc;
}

/* ---- canonical pairs: decode(m) == u and encode(u) == m, no diags */
struct pair {
	const char *utf8, *mutf7;
};

static const struct pair pairs[] = {
	{ "", "" },
	{ "INBOX", "INBOX" },
	{ "Sent", "Sent" },
	{ "INBOX.Trash", "INBOX.Trash" },
	{ "Drafts", "Drafts" },
	{ "a b", "a b" },
	{ " ", " " },
	{ "~", "~" },
	{ "-", "-" },
	{ "--", "--" },
	{ "+AOk-", "+AOk-" }, /* plain UTF-7's shift is just "+" here */
	{ "a/b\\c", "a/b\\c" },
	{ "-&", "-&-" },
	{ "&", "&-" },
	{ "&&", "&-&-" },
	{ "a&b", "a&-b" },
	{ "&-", "&--" },
	{ "&&&", "&-&-&-" },
	/* BMP edges */
	{ "\xc2\x80", "&AIA-" },          /* U+0080 */
	{ "\xdf\xbf", "&B,8-" },          /* U+07FF */
	{ "\xe0\xa0\x80", "&CAA-" },      /* U+0800 */
	{ "\xef\xbf\xbf", "&,,8-" },      /* U+FFFF */
	{ "\x01", "&AAE-" },
	{ "\x1f", "&AB8-" },
	{ "\x7f", "&AH8-" },
	{ "\xc2\x9f", "&AJ8-" },          /* U+009F */
	{ "\xc2\xa0", "&AKA-" },          /* U+00A0 */
	{ "\xed\x9f\xbf", "&1,8-" },      /* U+D7FF */
	{ "\xee\x80\x80", "&4AA-" },      /* U+E000 */
	{ "\xef\xbf\xbd", "&,,0-" },      /* U+FFFD */
	{ "\xef\xbb\xbf", "&,v8-" },      /* U+FEFF */
	{ "\xef\xbf\xbe", "&,,4-" },      /* U+FFFE */
	/* astral: surrogate pairs */
	{ "\xf0\x90\x80\x80", "&2ADcAA-" }, /* U+10000 */
	{ "\xf4\x8f\xbf\xbf", "&2,,f,w-" }, /* U+10FFFF */
	{ "\xf4\x8f\xbf\xbe", "&2,,f,g-" }, /* U+10FFFE */
	{ "\xf0\x9f\x98\x80", "&2D3eAA-" }, /* U+1F600 */
	{ "\xf0\x9f\x94\x80", "&2D3dAA-" }, /* U+1F500: a pair, not lone */
	/* RFC 3501 5.1.3 */
	{ "~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
	  "~peter/mail/&U,BTFw-/&ZeVnLIqe-" },
	{ "\xe5\x8f\xb0\xe5\x8c\x97\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
	  "&U,BTF2XlZyyKng-" },
	{ "\xe2\x98\xba!", "&Jjo-!" },
	/* run lengths: 16, 32, ... bits; 0, 2 and 4 padding bits */
	{ "\xc3\xa9", "&AOk-" },
	{ "\xc3\xa9\xc3\xa9", "&AOkA6Q-" },
	{ "\xc3\xa9\xc3\xa9\xc3\xa9", "&AOkA6QDp-" },
	{ "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", "&AOkA6QDpAOk-" },
	{ "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", "&AOkA6QDpAOkA6Q-" },
	{ "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", "&AOkA6QDpAOkA6QDp-" },
	{ "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
	  "&AOkA6QDpAOkA6QDpAOkA6Q-" },
	{ "\xc3\xa9&\xc3\xa9", "&AOk-&-&AOk-" },
	{ "\xc3\xa9-", "&AOk--" },
	{ "-\xc3\xa9", "-&AOk-" },
	{ "&\xc3\xa9&", "&-&AOk-&-" },
	{ "\xc3\xa9&", "&AOk-&-" },
	{ "&\xc3\xa9", "&-&AOk-" },
	{ "a\xc3\xa9" "b\xc3\xa9" "c", "a&AOk-b&AOk-c" },
	{ "\x01" "a\x01", "&AAE-a&AAE-" },
	{ "\t", "&AAk-" },
	{ "\r\n", "&AA0ACg-" },
	{ "x\xf0\x9f\x98\x80y\xf0\x9f\x98\x80", "x&2D3eAA-y&2D3eAA-" },
	{ "\xf0\x9f\x98\x80\xc3\xa9\xf0\x9f\x98\x80", "&2D3eAADp2D3eAA-" },
	/* real folder names */
	{ "Entw\xc3\xbcrfe", "Entw&APw-rfe" },
	{ "\xd0\x9e\xd1\x82\xd0\xbf\xd1\x80\xd0\xb0\xd0\xb2\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xbd\xd1\x8b\xd0\xb5",
	  "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-" },
	{ "[Gmail]/\xd0\x9a\xd0\xbe\xd1\x80\xd0\xb7\xd0\xb8\xd0\xbd\xd0\xb0",
	  "[Gmail]/&BBoEPgRABDcEOAQ9BDA-" },
	{ "Gel\xc3\xb6schte Elemente", "Gel&APY-schte Elemente" },
	{ "\xc3\x89l\xc3\xa9ments envoy\xc3\xa9s", "&AMk-l&AOk-ments envoy&AOk-s" },
	{ "Papierkorb/\xc3\x9cnterordner", "Papierkorb/&ANw-nterordner" },
	{ "\xe9\x80\x81\xe4\xbf\xa1\xe6\xb8\x88\xe3\x81\xbf\xe3\x83\xa1\xe3\x83\xbc\xe3\x83\xab",
	  "&kAFP4W4IMH8w4TD8MOs-" },
	{ "\xe3\x82\xb4\xe3\x83\x9f\xe7\xae\xb1", "&MLQw33ux-" },
	{ "\xd0\x92\xd1\x85\xd0\xbe\xd0\xb4\xd1\x8f\xd1\x89\xd0\xb8\xd0\xb5/\xd0\xa0\xd0\xb0\xd0\xb1\xd0\xbe\xd1\x82\xd0\xb0 & \xd0\x94\xd0\xbe\xd0\xbc",
	  "&BBIERQQ+BDQETwRJBDgENQ-/&BCAEMAQxBD4EQgQw- &- &BBQEPgQ8-" },
	{ "INBOX/\xc3\x84rger&\xc3\x96len", "INBOX/&AMQ-rger&-&ANY-len" },
	/* every printable octet */
	{ " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
	  " !\"#$%&-'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~" },
};

static void test_pairs(void **state)
{
	(void)state;
	uint8_t got[512];
	mp_diag dv[DV];
	mp_diags d;
	for (size_t i = 0; i < MP_ARRAY_LEN(pairs); i++) {
		const struct pair *t = &pairs[i];
		size_t un = strlen(t->utf8), mn = strlen(t->mutf7), len;
		mp_diags_init(&d, dv, DV);
		mp_rc rc = run_codec(mp_mutf7_decode, t->mutf7, mn, sizeof got, got,
				     &len, 0, &d);
		if (rc != MP_OK || d.n || len != un || memcmp(got, t->utf8, un))
			fail_msg("pair %zu decode %s: got %s len %zu diags %zu, want OK %zu",
				 i, t->mutf7, mp_rc_name(rc), len, d.n, un);
		rc = run_codec(mp_mutf7_encode, t->utf8, un, sizeof got, got, &len,
			       0, &d);
		if (rc != MP_OK || d.n || len != mn || memcmp(got, t->mutf7, mn))
			fail_msg("pair %zu encode: got %s \"%.*s\", want \"%s\"", i,
				 mp_rc_name(rc), (int)len, (const char *)got, t->mutf7);
		rc = mp_mutf7_check(MP_SLICE(t->mutf7, mn), 0, &d);
		if (rc != MP_OK || d.n)
			fail_msg("pair %zu check %s: got %s with %zu diags", i,
				 t->mutf7, mp_rc_name(rc), d.n);
		/* the bounds hold */
		assert_true(mn <= mp_mutf7_encoded_max(un));
		assert_true(un <= mp_mutf7_decoded_max(mn));
		asserts += 5;
	}
}

/* ---- the exact capacity works, every shorter one is MP_NOSPACE with
 * the output's first cap bytes; NULL out with cap 0 too */
static void test_nospace(void **state)
{
	(void)state;
	uint8_t got[512];
	for (size_t i = 0; i < MP_ARRAY_LEN(pairs); i++) {
		const struct pair *t = &pairs[i];
		size_t un = strlen(t->utf8), mn = strlen(t->mutf7), len;
		for (int dir = 0; dir < 2; dir++) {
			codec_fn f = dir ? mp_mutf7_encode : mp_mutf7_decode;
			const char *in = dir ? t->utf8 : t->mutf7;
			const char *want = dir ? t->mutf7 : t->utf8;
			size_t inn = dir ? un : mn, wn = dir ? mn : un;
			for (size_t cap = 0; cap <= wn; cap++) {
				mp_rc rc = run_codec(f, in, inn, cap, got, &len, 0, NULL);
				mp_rc wrc = cap < wn ? MP_NOSPACE : MP_OK;
				size_t wlen = cap < wn ? cap : wn;
				if (rc != wrc || len != wlen || memcmp(got, want, len))
					fail_msg("pair %zu %s cap %zu: got %s len %zu, want %s len %zu",
						 i, dir ? "encode" : "decode", cap,
						 mp_rc_name(rc), len, mp_rc_name(wrc), wlen);
				asserts++;
			}
			/* out NULL, cap 0 */
			mp_rc rc = f(MP_SLICE(in, inn), NULL, 0, &len, 0, NULL);
			if (rc != (wn ? MP_NOSPACE : MP_OK) || len != 0)
				fail_msg("pair %zu NULL out: got %s", i, mp_rc_name(rc));
			asserts++;
		}
	}
}

/* ---- every rule, at its offset ------------------------------------ */
struct bad {
	const char *in;
	size_t n; /* 0: strlen */
	mp_rc rc;
	const char *diags;
};

static const struct bad bads[] = {
	/* valid, for contrast */
	{ "", 0, MP_OK, "" },
	{ "&-", 0, MP_OK, "" },
	{ "&--", 0, MP_OK, "" },
	{ "-&-", 0, MP_OK, "" },
	{ "+AOk-", 0, MP_OK, "" },
	{ "&AAA-", 0, MP_OK, "" },        /* U+0000 */
	{ "&AAAAAA-", 0, MP_OK, "" },     /* U+0000 U+0000 */
	{ "&2D3dAA-", 0, MP_OK, "" },     /* U+1F500 */
	{ "&AOk-&-&AOk-", 0, MP_OK, "" }, /* "&-" between two runs */
	{ "&AOk-a&AOk-", 0, MP_OK, "" },
	/* octets outside 0x20-0x7e */
	{ "\x80", 0, MP_INVALID, "MUTF7_OCTET@0" },
	{ "a\x01" "b", 0, MP_INVALID, "MUTF7_OCTET@1" },
	{ "\x7f", 0, MP_INVALID, "MUTF7_OCTET@0" },
	{ "\x1f", 0, MP_INVALID, "MUTF7_OCTET@0" },
	{ "\xff", 0, MP_INVALID, "MUTF7_OCTET@0" },
	{ "\t", 0, MP_INVALID, "MUTF7_OCTET@0" },
	{ "\0", 1, MP_INVALID, "MUTF7_OCTET@0" },
	{ "a\0b", 3, MP_INVALID, "MUTF7_OCTET@1" },
	{ "\r\n", 0, MP_INVALID, "MUTF7_OCTET@0 MUTF7_OCTET@1" },
	{ "Entw\xc3\xbcrfe", 0, MP_INVALID, "MUTF7_OCTET@4 MUTF7_OCTET@5" },
	{ "&AOk\xc3\xa9-", 0, MP_INVALID, "MUTF7_OCTET@4 MUTF7_OCTET@5" },
	{ "&AOk-\x80", 0, MP_INVALID, "MUTF7_OCTET@5" },
	/* no shift back */
	{ "&", 0, MP_INVALID, "MUTF7_UNTERMINATED@1" },
	{ "a&", 0, MP_INVALID, "MUTF7_UNTERMINATED@2" },
	{ "&Jjo!", 0, MP_INVALID, "MUTF7_UNTERMINATED@4" }, /* RFC 3501 5.1.3 */
	{ "&Jjo", 0, MP_INVALID, "MUTF7_UNTERMINATED@4" },
	{ "&Jjo x", 0, MP_INVALID, "MUTF7_UNTERMINATED@4" },
	{ "&Jjo&-", 0, MP_INVALID, "MUTF7_UNTERMINATED@4" },
	{ "&&-", 0, MP_INVALID, "MUTF7_UNTERMINATED@1" },
	{ "&-&", 0, MP_INVALID, "MUTF7_UNTERMINATED@3" },
	{ "&!", 0, MP_INVALID, "MUTF7_UNTERMINATED@1" },
	{ "&2D3eAA", 0, MP_INVALID, "MUTF7_UNTERMINATED@7" },
	{ "&AGE", 0, MP_INVALID, "MUTF7_B64_ASCII@1 MUTF7_UNTERMINATED@4" },
	/* "/" and "=" */
	{ "&AOk/-", 0, MP_INVALID, "MUTF7_B64_CHAR@4" },
	{ "&AOk=-", 0, MP_INVALID, "MUTF7_B64_CHAR@4" },
	{ "&AOk==", 0, MP_INVALID, "MUTF7_B64_CHAR@4 MUTF7_B64_CHAR@5 MUTF7_UNTERMINATED@6" },
	{ "&AOk/", 0, MP_INVALID, "MUTF7_B64_CHAR@4 MUTF7_UNTERMINATED@5" },
	{ "&/-", 0, MP_INVALID, "MUTF7_B64_CHAR@1" },
	{ "&=-", 0, MP_INVALID, "MUTF7_B64_CHAR@1" },
	{ "&U/BTFw-", 0, MP_INVALID, "MUTF7_B64_CHAR@2 MUTF7_B64_LENGTH@6 MUTF7_B64_PAD_BITS@6" },
	/* null shifts */
	{ "&U,BTFw-&ZeVnLIqe-", 0, MP_INVALID, "MUTF7_NULL_SHIFT@7" }, /* RFC 3501 */
	{ "&AOk-&AOk-&AOk-", 0, MP_INVALID, "MUTF7_NULL_SHIFT@4 MUTF7_NULL_SHIFT@9" },
	{ "&2D3eAA-&2D3eAA-", 0, MP_INVALID, "MUTF7_NULL_SHIFT@7" },
	{ "&AOk-&", 0, MP_INVALID, "MUTF7_NULL_SHIFT@4 MUTF7_UNTERMINATED@6" },
	/* printable US-ASCII in BASE64 */
	{ "&AGE-", 0, MP_INVALID, "MUTF7_B64_ASCII@1" },
	{ "&AGEAYQ-", 0, MP_INVALID, "MUTF7_B64_ASCII@1 MUTF7_B64_ASCII@3" },
	{ "&AOkAYQ-", 0, MP_INVALID, "MUTF7_B64_ASCII@3" },
	{ "&AOkAOQ-", 0, MP_INVALID, "MUTF7_B64_ASCII@3" },
	{ "&AC0-", 0, MP_INVALID, "MUTF7_B64_ASCII@1" },
	{ "&ACA-", 0, MP_INVALID, "MUTF7_B64_ASCII@1" },  /* SP */
	{ "&AH4-", 0, MP_INVALID, "MUTF7_B64_ASCII@1" },  /* ~ */
	{ "&ACY-", 0, MP_OK, "MUTF7_B64_AMPERSAND@1" },  /* "&": NOTE */
	{ "&AOkAJg-", 0, MP_OK, "MUTF7_B64_AMPERSAND@3" },
	/* lengths and left-over bits */
	{ "&AGEA-", 0, MP_INVALID, "MUTF7_B64_ASCII@1 MUTF7_B64_LENGTH@4" },
	{ "&AGEB-", 0, MP_INVALID, "MUTF7_B64_ASCII@1 MUTF7_B64_LENGTH@4 MUTF7_B64_PAD_BITS@4" },
	{ "&AOkA-", 0, MP_INVALID, "MUTF7_B64_LENGTH@4" },
	{ "&A-", 0, MP_INVALID, "MUTF7_B64_LENGTH@1" },
	{ "&AA-", 0, MP_INVALID, "MUTF7_B64_LENGTH@2" },
	{ "&AAAA-", 0, MP_INVALID, "MUTF7_B64_LENGTH@4" },
	{ "&AAAAAAA-", 0, MP_INVALID, "MUTF7_B64_LENGTH@7" },
	{ "&,-", 0, MP_INVALID, "MUTF7_B64_LENGTH@1 MUTF7_B64_PAD_BITS@1" },
	{ "&B-", 0, MP_INVALID, "MUTF7_B64_LENGTH@1 MUTF7_B64_PAD_BITS@1" },
	{ "&AOl-", 0, MP_INVALID, "MUTF7_B64_PAD_BITS@3" },
	{ "&AOm-", 0, MP_INVALID, "MUTF7_B64_PAD_BITS@3" },
	{ "&AOkA6R-", 0, MP_INVALID, "MUTF7_B64_PAD_BITS@6" },  /* 4 bits */
	{ "&AOkA6QDq-", 0, MP_OK, "" },  /* no pad bits: the third unit is U+00EA */
	/* surrogates */
	{ "&2D0-", 0, MP_INVALID, "MUTF7_SURROGATE@1" },
	{ "&3gA-", 0, MP_INVALID, "MUTF7_SURROGATE@1" },
	{ "&3ADYPQ-", 0, MP_INVALID, "MUTF7_SURROGATE@1 MUTF7_SURROGATE@3" },
	{ "&3gDYPQ-", 0, MP_INVALID, "MUTF7_SURROGATE@1 MUTF7_SURROGATE@3" },
	{ "&2D3YPQ-", 0, MP_INVALID, "MUTF7_SURROGATE@1 MUTF7_SURROGATE@3" },
	{ "&2D3YPd4A-", 0, MP_INVALID, "MUTF7_SURROGATE@1" },
	{ "&2D0AYQ-", 0, MP_INVALID, "MUTF7_SURROGATE@1 MUTF7_B64_ASCII@3" },
	{ "&2D0-&3gA-", 0, MP_INVALID, "MUTF7_SURROGATE@1 MUTF7_NULL_SHIFT@4 MUTF7_SURROGATE@6" },
	{ "&2D0-x&3gA-", 0, MP_INVALID, "MUTF7_SURROGATE@1 MUTF7_SURROGATE@7" },
	{ "&AOnYPQ-", 0, MP_INVALID, "MUTF7_SURROGATE@3" },
	/* several at once */
	{ "\x80&AGE-&Jjo", 0, MP_INVALID,
	  "MUTF7_OCTET@0 MUTF7_B64_ASCII@2 MUTF7_NULL_SHIFT@5 MUTF7_UNTERMINATED@10" },
};

static void test_bads(void **state)
{
	(void)state;
	static const uint64_t bases[] = { 0, 1, 1000000007ull, UINT64_MAX / 2 };
	char buf[512], buf2[512];
	uint8_t out[512];
	mp_diag dv[DV], dv2[DV];
	mp_diags d, d2;
	for (size_t i = 0; i < MP_ARRAY_LEN(bads); i++) {
		const struct bad *t = &bads[i];
		size_t n = t->n ? t->n : strlen(t->in), len;
		for (size_t b = 0; b < MP_ARRAY_LEN(bases); b++) {
			uint64_t base = bases[b];
			uint8_t *g = mpt_guard_copy(t->in, n);
			mp_diags_init(&d, dv, DV);
			mp_rc rc = mp_mutf7_check(MP_SLICE(g, n), base, &d);
			mpt_guard_free(g, n);
			fmt_diags(&d, base, buf, sizeof buf);
			if (rc != t->rc || strcmp(buf, t->diags) != 0)
				fail_msg("bad %zu (%s) base %llu: got %s \"%s\", want %s \"%s\"",
					 i, t->in, (unsigned long long)base, mp_rc_name(rc),
					 buf, mp_rc_name(t->rc), t->diags);
			for (size_t k = 0; k < d.n; k++)
				assert_true(d.v[k].offset >= base &&
					    d.v[k].offset - base <= n);
			/* decode: the same diags; INVALID gives length 0 */
			mp_diags_init(&d2, dv2, DV);
			rc = run_codec(mp_mutf7_decode, t->in, n, sizeof out, out,
				       &len, base, &d2);
			fmt_diags(&d2, base, buf2, sizeof buf2);
			if (rc != t->rc || strcmp(buf, buf2) != 0 ||
			    (rc == MP_INVALID && len != 0))
				fail_msg("bad %zu decode: got %s \"%s\" len %zu", i,
					 mp_rc_name(rc), buf2, len);
			/* d NULL: the same verdict */
			assert_int_equal(mp_mutf7_check(MP_SLICE(t->in, n), base, NULL),
					 t->rc);
			asserts += 4;
		}
	}
}

/* Decodings of valid names outside the canonical pairs. */
static void test_decode_misc(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		const char *want;
		size_t wn;
	} t[] = {
		{ "&AAA-", "\0", 1 },
		{ "&AAAAAA-", "\0\0", 2 },
		{ "a&AAA-b", "a\0b", 3 },
		{ "&ACY-", "&", 1 },
		{ "&AOkAJg-", "\xc3\xa9&", 3 },
		{ "&2D3dAA-", "\xf0\x9f\x94\x80", 4 },
		{ "-&-", "-&", 2 },
		{ "&--", "&-", 2 },
	};
	uint8_t out[64];
	size_t len;
	for (size_t i = 0; i < MP_ARRAY_LEN(t); i++) {
		mp_rc rc = run_codec(mp_mutf7_decode, t[i].in, strlen(t[i].in),
				     sizeof out, out, &len, 0, NULL);
		if (rc != MP_OK || len != t[i].wn || memcmp(out, t[i].want, len))
			fail_msg("decode %s: got %s len %zu", t[i].in,
				 mp_rc_name(rc), len);
		asserts++;
	}
	/* an INVALID name with a tiny buffer is INVALID, not NOSPACE */
	mp_rc rc = run_codec(mp_mutf7_decode, "abc&AGE-", 8, 1, out, &len, 0, NULL);
	assert_int_equal(rc, MP_INVALID);
	assert_int_equal(len, 0);
	rc = mp_mutf7_decode(MP_LIT("&"), NULL, 0, &len, 0, NULL);
	assert_int_equal(rc, MP_INVALID);
	asserts += 2;
}

/* ---- the encoder rejects what RFC 3629 3 forbids -------------------- */
struct bad8 {
	const char *in;
	const char *diags;
};

static const struct bad8 bad8s[] = {
	{ "\x80", "MUTF7_UTF8_INVALID@0" },
	{ "\x80\x80\x80", "MUTF7_UTF8_INVALID@0" },
	{ "a\xbf", "MUTF7_UTF8_INVALID@1" },
	{ "\xc0\xaf", "MUTF7_UTF8_OVERLONG@0" },
	{ "\xc1\xbf", "MUTF7_UTF8_OVERLONG@0" },
	{ "\xc0\x80", "MUTF7_UTF8_OVERLONG@0" },
	{ "\xe0\x80\x80", "MUTF7_UTF8_OVERLONG@0" },
	{ "\xe0\x9f\xbf", "MUTF7_UTF8_OVERLONG@0" },
	{ "\xf0\x8f\xbf\xbf", "MUTF7_UTF8_OVERLONG@0" },
	{ "\xf0\x80\x80\x80", "MUTF7_UTF8_OVERLONG@0" },
	{ "\xed\xa0\x80", "MUTF7_UTF8_SURROGATE@0" },
	{ "\xed\xbf\xbf", "MUTF7_UTF8_SURROGATE@0" },
	{ "\xed\xa0\xbd\xed\xb8\x80", "MUTF7_UTF8_SURROGATE@0 MUTF7_UTF8_SURROGATE@3" },
	{ "\xf4\x90\x80\x80", "MUTF7_UTF8_RANGE@0" },
	{ "\xf7\xbf\xbf\xbf", "MUTF7_UTF8_RANGE@0" },
	{ "\xf5\x80\x80\x80", "MUTF7_UTF8_RANGE@0" },
	{ "\xf8\x88\x80\x80\x80", "MUTF7_UTF8_INVALID@0" },
	{ "\xfc\x84\x80\x80\x80\x80", "MUTF7_UTF8_INVALID@0" },
	{ "\xfe", "MUTF7_UTF8_INVALID@0" },
	{ "\xff", "MUTF7_UTF8_INVALID@0" },
	{ "ok\xff\xfe", "MUTF7_UTF8_INVALID@2 MUTF7_UTF8_INVALID@3" },
	{ "\xc3", "MUTF7_UTF8_INVALID@0" },
	{ "\xe2\x82", "MUTF7_UTF8_INVALID@0" },
	{ "\xe2\x82" "a", "MUTF7_UTF8_INVALID@0" },
	{ "\xe2" "a", "MUTF7_UTF8_INVALID@0" },
	{ "\xe2\xe2\x82\xac", "MUTF7_UTF8_INVALID@0" },
	{ "\xf0\x9f\x98", "MUTF7_UTF8_INVALID@0" },
	{ "\xf0\x9f\x98" "a\xc3\xa9", "MUTF7_UTF8_INVALID@0" },
	{ "a\xc3\xa9\xc3", "MUTF7_UTF8_INVALID@3" },
	{ "\xc3\xa9\x80", "MUTF7_UTF8_INVALID@2" },
	{ "\xe2\x82\xac\xac", "MUTF7_UTF8_INVALID@3" },
	{ "\xc3\xa9\xed\xa0\x80&", "MUTF7_UTF8_SURROGATE@2" },
	{ "\xc0\xaf\xe0\x80\xaf\xf4\x90\x80\x80", "MUTF7_UTF8_OVERLONG@0 MUTF7_UTF8_OVERLONG@2 MUTF7_UTF8_RANGE@5" },
};

static void test_encode_bad(void **state)
{
	(void)state;
	char buf[512];
	uint8_t out[512];
	mp_diag dv[DV];
	mp_diags d;
	for (size_t i = 0; i < MP_ARRAY_LEN(bad8s); i++) {
		const struct bad8 *t = &bad8s[i];
		size_t n = strlen(t->in), len;
		for (uint64_t base = 0; base < 20; base += 7) {
			for (size_t cap = 0; cap < 40; cap += 13) {
				mp_diags_init(&d, dv, DV);
				mp_rc rc = run_codec(mp_mutf7_encode, t->in, n, cap, out,
						     &len, base, &d);
				fmt_diags(&d, base, buf, sizeof buf);
				if (rc != MP_INVALID || len != 0 ||
				    strcmp(buf, t->diags) != 0)
					fail_msg("bad8 %zu cap %zu: got %s \"%s\" len %zu, want \"%s\"",
						 i, cap, mp_rc_name(rc), buf, len, t->diags);
				asserts++;
			}
		}
	}
}

/* ---- a bounded sink that overflows still gives the verdict ----------- */
static void test_sink(void **state)
{
	(void)state;
	mp_diag dv[1];
	mp_diags d;
	mp_diags_init(&d, dv, 1);
	assert_int_equal(mp_mutf7_check(MP_LIT("\x80\x81\x82"), 0, &d), MP_INVALID);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.dropped, 2);
	mp_diags_init(&d, NULL, 0);
	assert_int_equal(mp_mutf7_check(MP_LIT("&AGE-"), 0, &d), MP_INVALID);
	assert_int_equal(d.dropped, 1);
	asserts += 5;
}

/* ---- the rule table rows of this module ----------------------------- */
static void test_rules(void **state)
{
	(void)state;
	static const mp_rule mine[] = {
		MP_R_MUTF7_OCTET, MP_R_MUTF7_UNTERMINATED, MP_R_MUTF7_B64_CHAR,
		MP_R_MUTF7_NULL_SHIFT, MP_R_MUTF7_B64_ASCII,
		MP_R_MUTF7_B64_AMPERSAND, MP_R_MUTF7_B64_LENGTH,
		MP_R_MUTF7_B64_PAD_BITS, MP_R_MUTF7_SURROGATE,
		MP_R_MUTF7_UTF8_INVALID, MP_R_MUTF7_UTF8_OVERLONG,
		MP_R_MUTF7_UTF8_SURROGATE, MP_R_MUTF7_UTF8_RANGE,
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(mine); i++) {
		const char *name = mp_rule_name(mine[i]);
		assert_true(strncmp(name, "MUTF7_", 6) == 0);
		assert_true(strncmp(mp_rule_ref(mine[i]), "RFC ", 4) == 0);
		assert_int_equal(mp_rule_level(mine[i]),
				 mine[i] == MP_R_MUTF7_B64_AMPERSAND ? MP_NOTE : MP_MUST);
		/* each rule is exercised by a table case */
		bool seen = false;
		for (size_t k = 0; k < MP_ARRAY_LEN(bads) && !seen; k++)
			seen = strstr(bads[k].diags, name) != NULL;
		for (size_t k = 0; k < MP_ARRAY_LEN(bad8s) && !seen; k++)
			seen = strstr(bad8s[k].diags, name) != NULL;
		if (!seen)
			fail_msg("rule %s has no test case", name);
		asserts += 4;
	}
}

/* ---- bounds ---------------------------------------------------------- */
static void test_bounds(void **state)
{
	(void)state;
	assert_int_equal(mp_mutf7_encoded_max(0), 0);
	assert_int_equal(mp_mutf7_encoded_max(1), 5);
	assert_int_equal(mp_mutf7_encoded_max(10), 50);
	assert_true(mp_mutf7_encoded_max(SIZE_MAX) == SIZE_MAX);
	assert_true(mp_mutf7_encoded_max(SIZE_MAX / 5 + 1) == SIZE_MAX);
	assert_int_equal(mp_mutf7_decoded_max(0), 0);
	assert_int_equal(mp_mutf7_decoded_max(8), 9);
	assert_int_equal(mp_mutf7_decoded_max(9), 11);
	assert_true(mp_mutf7_decoded_max(SIZE_MAX) == SIZE_MAX);
	asserts += 9;
	/* the decode bound is needed: long BMP runs grow */
	uint8_t u[3 * 64], m[512], back[512];
	size_t ml, bl;
	for (size_t k = 0; k < 64; k++) {
		u[3 * k] = 0xE0 | 0x8;
		u[3 * k + 1] = 0x80;
		u[3 * k + 2] = 0x80 | (uint8_t)(k & 0x3F);
	}
	assert_int_equal(mp_mutf7_encode(MP_SLICE(u, sizeof u), m, sizeof m, &ml,
					 0, NULL), MP_OK);
	assert_true(ml < sizeof u); /* 171 + 2 octets for 192 */
	assert_true(sizeof u <= mp_mutf7_decoded_max(ml));
	assert_int_equal(mp_mutf7_decode(MP_SLICE(m, ml), back, sizeof back, &bl,
					 0, NULL), MP_OK);
	assert_int_equal(bl, sizeof u);
	assert_memory_equal(back, u, bl);
	/* the encode bound is reached by one control character */
	assert_int_equal(mp_mutf7_encode(MP_LIT("\x01"), m, 5, &ml, 0, NULL), MP_OK);
	assert_int_equal(ml, 5);
	asserts += 7;
}

/* ---- generated round trips ------------------------------------------- */
static size_t put8(uint8_t *p, uint32_t cp)
{
	if (cp < 0x80) {
		p[0] = (uint8_t)cp;
		return 1;
	}
	if (cp < 0x800) {
		p[0] = (uint8_t)(0xC0 | (cp >> 6));
		p[1] = (uint8_t)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		p[0] = (uint8_t)(0xE0 | (cp >> 12));
		p[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
		p[2] = (uint8_t)(0x80 | (cp & 0x3F));
		return 3;
	}
	p[0] = (uint8_t)(0xF0 | (cp >> 18));
	p[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
	p[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
	p[3] = (uint8_t)(0x80 | (cp & 0x3F));
	return 4;
}

/* encode, check (no diags), decode back, compare; the bounds hold */
static void round_trip(const uint8_t *u, size_t un)
{
	static uint8_t m[4096], back[4096];
	mp_diag dv[DV];
	mp_diags d;
	size_t ml, bl;
	mp_diags_init(&d, dv, DV);
	mp_rc rc = mp_mutf7_encode(MP_SLICE(u, un), m, sizeof m, &ml, 0, &d);
	if (rc != MP_OK || d.n)
		fail_msg("encode of %zu octets: got %s", un, mp_rc_name(rc));
	assert_true(ml <= mp_mutf7_encoded_max(un));
	rc = mp_mutf7_check(MP_SLICE(m, ml), 0, &d);
	if (rc != MP_OK || d.n)
		fail_msg("check of the encoding \"%.*s\": got %s, %zu diags (%s)",
			 (int)ml, (const char *)m, mp_rc_name(rc), d.n,
			 d.n ? mp_rule_name(d.v[0].rule) : "");
	rc = mp_mutf7_decode(MP_SLICE(m, ml), back, sizeof back, &bl, 0, &d);
	if (rc != MP_OK || bl != un || memcmp(back, u, un) != 0)
		fail_msg("decode of \"%.*s\": got %s len %zu, want %zu", (int)ml,
			 (const char *)m, mp_rc_name(rc), bl, un);
	assert_true(un <= mp_mutf7_decoded_max(ml));
	asserts++;
}

static bool is_scalar(uint32_t cp)
{
	return cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
}

static void test_every_bmp(void **state)
{
	(void)state;
	uint8_t u[16];
	for (uint32_t cp = 0; cp < 0x10000; cp++) {
		if (!is_scalar(cp))
			continue;
		size_t n = put8(u, cp);
		round_trip(u, n);
		/* between ASCII, and twice in a row */
		size_t k = 0;
		u[k++] = 'a';
		k += put8(u + k, cp);
		u[k++] = '-';
		k += put8(u + k, cp);
		k += put8(u + k, cp ^ 1);
		round_trip(u, k);
	}
}

static void test_astral(void **state)
{
	(void)state;
	uint8_t u[16];
	static const uint32_t edges[] = { 0x10000, 0x10001, 0x103FF, 0x10400,
					  0x1FFFF, 0x20000, 0xFFFFF, 0x100000,
					  0x10FFFE, 0x10FFFF, 0x1F600 };
	for (size_t i = 0; i < MP_ARRAY_LEN(edges); i++)
		round_trip(u, put8(u, edges[i]));
	for (uint32_t cp = 0x10000; cp <= 0x10FFFF; cp += 0x101) {
		size_t k = put8(u, cp);
		round_trip(u, k);
		k += put8(u + k, 0xE9);
		k += put8(u + k, cp);
		round_trip(u, k);
	}
}

/* xorshift: a reproducible stream of names mixing every class */
static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static uint32_t rand_cp(void)
{
	for (;;) {
		uint32_t r = next_rand();
		uint32_t cp;
		switch (r % 8) {
		case 0: cp = '&'; break;
		case 1: cp = '-'; break;
		case 2: case 3: cp = 0x20 + (r >> 8) % 95; break;
		case 4: cp = (r >> 8) % 0x20; break;
		case 5: cp = 0x80 + (r >> 8) % 0x780; break;
		case 6: cp = (r >> 8) % 0x10000; break;
		default: cp = 0x10000 + (r >> 8) % 0x100000; break;
		}
		if (is_scalar(cp))
			return cp;
	}
}

static void test_random(void **state)
{
	(void)state;
	uint8_t u[256];
	for (int i = 0; i < 20000; i++) {
		size_t k = 0, chars = next_rand() % 24;
		for (size_t c = 0; c < chars; c++)
			k += put8(u + k, rand_cp());
		round_trip(u, k);
	}
}

static void test_report(void **state)
{
	(void)state;
	printf("test_mutf7: %lu asserted cases\n", asserts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_nospace),
		cmocka_unit_test(test_bads),
		cmocka_unit_test(test_decode_misc),
		cmocka_unit_test(test_encode_bad),
		cmocka_unit_test(test_sink),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_every_bmp),
		cmocka_unit_test(test_astral),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_report),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
