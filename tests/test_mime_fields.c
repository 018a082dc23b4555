/* test_mime_fields.c: the MIME header fields (RFC 2045 4-7, RFC 2046
 * 4.1.2, 5.1.1, 5.1.5, RFC 2183, RFC 2231): the RFCs' examples, every
 * rule both sides at its offset, parameter reassembly in any order, the
 * defaults, and a part's fields through the header reader. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "mailprobe/mime.h"

#define BASE 1000
#define LENI MP_RFC5322_LENIENT

static int failures;
#define CASE_FAIL(...)                                                         \
	do {                                                                   \
		print_error(__VA_ARGS__);                                      \
		print_error("\n");                                             \
		failures++;                                                    \
	} while (0)

static void fmt_diags(const mp_diags *d, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < d->n && n < cap; i++) {
		int k = snprintf(out + n, cap - n, "%s%s@%llu", n ? " " : "",
				 mp_rule_name(d->v[i].rule), (unsigned long long)d->v[i].offset);
		if (k < 0)
			break;
		n += (size_t)k;
	}
}

static bool slice_is(mp_slice s, const char *want)
{
	return s.n == strlen(want) && (s.n == 0 || memcmp(s.p, want, s.n) == 0);
}

/* ---- Content-Type and parameters -------------------------------------------- */

struct ct_case {
	const char *in;
	unsigned flags;
	mp_rc rc;
	const char *type, *subtype;
	const char *pname, *pvalue; /* one parameter's value as meant */
	const char *diags;
};

static const struct ct_case ct_cases[] = {
	/* RFC 2045 5.1, 5.2 */
	{ " text/plain; charset=us-ascii (Plain text)", 0, MP_OK, "text", "plain", "charset", "us-ascii", "" },
	{ " text/plain; charset=\"us-ascii\"", 0, MP_OK, "text", "plain", "charset", "us-ascii", "" },
	{ " TEXT/PLAIN; CHARSET=US-ASCII", 0, MP_OK, "TEXT", "PLAIN", "charset", "US-ASCII", "" },
	{ " text/plain", 0, MP_OK, "text", "plain", NULL, NULL, "MIME_CHARSET_MISSING@1001" },
	{ " text / plain ; charset = utf-8", 0, MP_OK, "text", "plain", "charset", "utf-8", "" },
	{ " multipart/mixed; boundary=\"simple boundary\"", 0, MP_OK, "multipart", "mixed", "boundary",
	  "simple boundary", "" },
	{ " multipart/mixed;\r\n boundary=unique-boundary-1", 0, MP_OK, "multipart", "mixed", "boundary",
	  "unique-boundary-1", "" },
	{ " message/external-body; access-type=local-file;\r\n name=\"/u/nsb/Me.jpeg\"", 0, MP_OK,
	  "message", "external-body", "name", "/u/nsb/Me.jpeg", "" },
	{ " application/octet-stream; type=tar; padding=0", 0, MP_OK, "application", "octet-stream",
	  "padding", "0", "" },
	{ " x-custom/thing", 0, MP_OK, "x-custom", "thing", NULL, NULL, "" },
	{ " image/jpeg; name=\"a \\\"b\\\".jpg\"", 0, MP_OK, "image", "jpeg", "name", "a \"b\".jpg", "" },
	/* RFC 2231 3, 4, 4.1: the examples */
	{ " message/external-body; access-type=URL;\r\n URL*0=\"ftp://\";\r\n URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"",
	  0, MP_OK, "message", "external-body", "url", "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar", "" },
	{ " application/x-stuff;\r\n title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A", 0, MP_OK,
	  "application", "x-stuff", "title", "This is ***fun***", "" },
	{ " application/x-stuff\r\n title*0*=us-ascii'en'This%20is%20even%20more%20\r\n"
	  " title*1*=%2A%2A%2Afun%2A%2A%2A%20\r\n title*2=\"isn't it!\"", 0, MP_INVALID,
	  "application", "x-stuff", NULL, NULL, "MIME_PARAM_SYNTAX@1023" },
	{ " application/x-stuff;\r\n title*0*=us-ascii'en'This%20is%20even%20more%20;\r\n"
	  " title*1*=%2A%2A%2Afun%2A%2A%2A%20;\r\n title*2=\"isn't it!\"", 0, MP_OK,
	  "application", "x-stuff", "title", "This is even more ***fun*** isn't it!", "" },
	/* sections out of order reassemble in order */
	{ " text/plain; charset=utf-8; name*2=c; name*0=a; name*1=b", 0, MP_OK, "text", "plain", "name", "abc", "" },
	{ " text/plain; charset=utf-8; name*1*=%BD%A0%E4; name*0*=utf-8''%E4; name*2*=%BD%A0", 0, MP_OK,
	  "text", "plain", "name", "\xe4\xbd\xa0\xe4\xbd\xa0", "" },
	{ " text/plain; charset=utf-8; name*=iso-8859-1''J%F6rg", 0, MP_OK, "text", "plain", "name", "J\xc3\xb6rg", "" },
	{ " text/plain; charset=utf-8; name*=''raw%41", 0, MP_OK, "text", "plain", "name", "rawA", "" },
	{ " text/plain; charset=utf-8; name*=ISO-2022-JP''%1B%24BF%7CK%5C%1B%28B", 0, MP_OK, "text", "plain",
	  "name", "\xe6\x97\xa5\xe6\x9c\xac", "" },
	{ " text/plain; charset=utf-8; name*=EUC-KR''%BE%C8%B3%E7", 0, MP_OK, "text", "plain",
	  "name", "\xec\x95\x88\xeb\x85\x95", "" },
	{ " text/plain; charset=utf-8; name*=GB2312''%D6%D0%CE%C4", 0, MP_OK, "text", "plain",
	  "name", "\xe4\xb8\xad\xe6\x96\x87", "" },
	/* RFC 2231 problems, each at its offset */
	{ " text/plain; charset=utf-8; name*0=a; name*2=c", 0, MP_INVALID, "text", "plain", "name", "ac",
	  "RFC2231_SECTION_MISSING@1028" },
	{ " text/plain; charset=utf-8; name*1=b", 0, MP_INVALID, "text", "plain", "name", "b",
	  "RFC2231_SECTION_MISSING@1028" },
	{ " text/plain; charset=utf-8; name*0=a; name*0=b", 0, MP_INVALID, "text", "plain", "name", "a",
	  "RFC2231_SECTION_DUPLICATE@1038" },
	{ " text/plain; charset=utf-8; name*00=a", 0, MP_INVALID, "text", "plain", NULL, NULL,
	  "RFC2231_SECTION_SYNTAX@1032" },
	{ " text/plain; charset=utf-8; name*x=a", 0, MP_INVALID, "text", "plain", NULL, NULL,
	  "RFC2231_SECTION_SYNTAX@1032" },
	{ " text/plain; charset=utf-8; name*=utf-8'a%ZZ", 0, MP_INVALID, "text", "plain", "name", "utf-8'a%ZZ",
	  "RFC2231_EXT_SYNTAX@1034" },
	{ " text/plain; charset=utf-8; name*=utf-8''a%ZZ", 0, MP_INVALID, "text", "plain", "name", "a%ZZ",
	  "RFC2231_PCT_ESCAPE@1042" },
	{ " text/plain; charset=utf-8; name*=x-nope''a", 0, MP_INVALID, "text", "plain", "name", "a",
	  "RFC2047_CHARSET_UNKNOWN@1034" },
	{ " text/plain; charset=utf-8; name*=utf-8''%FF", 0, MP_INVALID, "text", "plain", "name", "\xef\xbf\xbd",
	  "RFC2047_CHARSET_INVALID@1034" },
	{ " text/plain; charset=utf-8; name*=\"utf-8''a\"", 0, MP_INVALID, "text", "plain", NULL, NULL,
	  "RFC2231_EXT_SYNTAX@1034" },
	{ " text/plain; charset=utf-8; name=x; name*=utf-8''y", 0, MP_OK, "text", "plain", "name", "y",
	  "RFC2231_MIXED@1028" },
	{ " text/plain; charset=utf-8; name=x; name=y", 0, MP_INVALID, "text", "plain", "name", "x",
	  "MIME_PARAM_DUPLICATE@1036" },
	{ " text/plain; charset=utf-8; NAME=x; name=y", 0, MP_INVALID, "text", "plain", "name", "x",
	  "MIME_PARAM_DUPLICATE@1036" },
	/* syntax */
	{ "", 0, MP_INVALID, "", "", NULL, NULL, "RFC5322_EMPTY_BODY@1000" },
	{ " text", 0, MP_INVALID, "text", "", NULL, NULL, "MIME_TYPE_SYNTAX@1005" },
	{ " text/", 0, MP_INVALID, "text", "", NULL, NULL, "MIME_TYPE_SYNTAX@1006" },
	{ " /plain", 0, MP_INVALID, "", "", NULL, NULL, "MIME_TYPE_SYNTAX@1001" },
	{ " text/plain charset=x", 0, MP_INVALID, "text", "plain", NULL, NULL,
	  "MIME_PARAM_SYNTAX@1012 MIME_CHARSET_MISSING@1001" },
	{ " text/plain; charset", 0, MP_INVALID, "text", "plain", NULL, NULL,
	  "MIME_PARAM_SYNTAX@1020 MIME_CHARSET_MISSING@1001" },
	{ " text/plain; charset=", 0, MP_INVALID, "text", "plain", NULL, NULL,
	  "MIME_PARAM_SYNTAX@1021 MIME_CHARSET_MISSING@1001" },
	{ " text/plain; =x; charset=a", 0, MP_INVALID, "text", "plain", "charset", "a", "MIME_PARAM_SYNTAX@1013" },
	{ " text/plain; charset=a b", 0, MP_INVALID, "text", "plain", "charset", "a", "MIME_PARAM_SYNTAX@1023" },
	{ " text/plain; charset=\"a", 0, MP_INVALID, "text", "plain", "charset", "a", "RFC5322_QUOTE_UNCLOSED@1021" },
	{ " text/plain; charset=a;", 0, MP_INVALID, "text", "plain", "charset", "a", "MIME_PARAM_SYNTAX@1022" },
	{ " text/plain; charset=a;", LENI, MP_OK, "text", "plain", "charset", "a", "MIME_PARAM_SYNTAX@1022" },
	{ " foo/bar", 0, MP_OK, "foo", "bar", NULL, NULL, "MIME_TYPE_UNKNOWN@1001" },
	/* multipart needs a boundary of 1*70 bchars (RFC 2046 5.1.1) */
	{ " multipart/mixed", 0, MP_INVALID, "multipart", "mixed", NULL, NULL, "MIME_BOUNDARY_MISSING@1001" },
	{ " multipart/mixed; boundary=\"a \"", 0, MP_INVALID, "multipart", "mixed", "boundary", "a ",
	  "MIME_BOUNDARY_SYNTAX@1027" },
	{ " multipart/mixed; boundary=\"\"", 0, MP_INVALID, "multipart", "mixed", "boundary", "",
	  "MIME_BOUNDARY_SYNTAX@1027" },
	{ " multipart/mixed; boundary=\"a*b\"", 0, MP_INVALID, "multipart", "mixed", "boundary", "a*b",
	  "MIME_BOUNDARY_SYNTAX@1027" },
	{ " multipart/mixed; boundary=\"0123456789012345678901234567890123456789012345678901234567890123456789\"",
	  0, MP_OK, "multipart", "mixed", "boundary",
	  "0123456789012345678901234567890123456789012345678901234567890123456789", "" },
	{ " multipart/mixed; boundary=\"01234567890123456789012345678901234567890123456789012345678901234567890\"",
	  0, MP_INVALID, "multipart", "mixed", "boundary",
	  "01234567890123456789012345678901234567890123456789012345678901234567890", "MIME_BOUNDARY_SYNTAX@1027" },
	{ " multipart/alternative; boundary=\"'()+_,-./:=? x\"", 0, MP_OK, "multipart", "alternative",
	  "boundary", "'()+_,-./:=? x", "" },
};

static void test_ctype(void **state)
{
	(void)state;
	for (size_t i = 0; i < MP_ARRAY_LEN(ct_cases); i++) {
		const struct ct_case *t = &ct_cases[i];
		static uint8_t mem[1 << 14];
		mp_arena a;
		mp_diag dv[16];
		mp_diags d;
		mp_mime_ctype ct;
		mp_rfc5322_opts o = { .flags = t->flags };
		mp_arena_init(&a, mem, sizeof mem);
		mp_diags_init(&d, dv, 16);
		mp_rc rc = mp_mime_ctype_parse(MP_SLICE(t->in, strlen(t->in)), BASE, &o, &a, &ct, &d);
		char got[512];
		fmt_diags(&d, got, sizeof got);
		uint8_t out[256];
		size_t n = 0;
		mp_rc prc = MP_NEED_MORE;
		if (t->pname)
			prc = mp_mime_param_get(&ct.params, t->pname, out, sizeof out, &n, NULL, NULL, NULL);
		if (rc != t->rc || strcmp(got, t->diags) != 0 || !slice_is(ct.type, t->type) ||
		    !slice_is(ct.subtype, t->subtype) ||
		    (t->pname && (prc == MP_NEED_MORE || !slice_is(MP_SLICE(out, n), t->pvalue))))
			CASE_FAIL("ctype %zu \"%s\": got %s [%s] %.*s/%.*s %s=\"%.*s\", want %s [%s]", i, t->in,
				  mp_rc_name(rc), got, (int)ct.type.n, ct.type.p, (int)ct.subtype.n,
				  ct.subtype.p, t->pname ? t->pname : "-", (int)n, out, mp_rc_name(t->rc),
				  t->diags);
	}
	{ int f_ = failures; failures = 0; assert_int_equal(f_, 0); }
}

/* The charset and language of RFC 2231 4 */
static void test_param_lang(void **state)
{
	(void)state;
	static uint8_t mem[1 << 16];
	mp_arena a;
	mp_mime_ctype ct;
	mp_arena_init(&a, mem, sizeof mem);
	const char *in = " application/x-stuff; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A";
	assert_int_equal(mp_mime_ctype_parse(MP_SLICE(in, strlen(in)), BASE, NULL, &a, &ct, NULL), MP_OK);
	assert_int_equal(ct.params.n, 1);
	assert_true(ct.params.v[0].extended);
	assert_int_equal(ct.params.v[0].section, -1);
	assert_true(slice_is(ct.params.v[0].attr, "title*"));
	assert_true(slice_is(ct.params.v[0].name, "title"));
	assert_int_equal(ct.params.v[0].off, BASE + 22);
	uint8_t out[64];
	size_t n;
	mp_slice cs, lang;
	assert_int_equal(mp_mime_param_get(&ct.params, "TITLE", out, sizeof out, &n, &cs, &lang, NULL), MP_OK);
	assert_true(slice_is(cs, "us-ascii"));
	assert_true(slice_is(lang, "en-us"));
	assert_int_equal(mp_mime_param_get(&ct.params, "other", out, sizeof out, &n, NULL, NULL, NULL),
			 MP_NEED_MORE);
	uint8_t small[4];
	assert_int_equal(mp_mime_param_get(&ct.params, "title", small, sizeof small, &n, NULL, NULL, NULL),
			 MP_NOSPACE);
	/* every order of four sections gives the same value */
	static const char *const sec[] = { "n*0*=utf-8''%E6%97", "n*1*=%A5%E6", "n*2*=%9C%AC", "n*3=x" };
	static const int perm[][4] = { { 0, 1, 2, 3 }, { 3, 2, 1, 0 }, { 2, 0, 3, 1 }, { 1, 3, 0, 2 } };
	for (size_t p = 0; p < MP_ARRAY_LEN(perm); p++) {
		char buf[256];
		int k = snprintf(buf, sizeof buf, " application/b; %s; %s; %s; %s", sec[perm[p][0]], sec[perm[p][1]],
				 sec[perm[p][2]], sec[perm[p][3]]);
		mp_arena_init(&a, mem, sizeof mem);
		assert_int_equal(mp_mime_ctype_parse(MP_SLICE(buf, (size_t)k), 0, NULL, &a, &ct, NULL), MP_OK);
		assert_int_equal(mp_mime_param_get(&ct.params, "n", out, sizeof out, &n, NULL, NULL, NULL), MP_OK);
		assert_true(slice_is(MP_SLICE(out, n), "\xe6\x97\xa5\xe6\x9c\xacx"));
		/* whatever the value, the same in each order */
		static uint8_t first[64];
		static size_t firstn;
		if (p == 0) {
			memcpy(first, out, n);
			firstn = n;
		}
		assert_true(n == firstn && memcmp(out, first, n) == 0);
	}
	/* too many parameters */
	char big[4096];
	size_t bn = (size_t)snprintf(big, sizeof big, " a/b");
	for (int i = 0; i < MP_MIME_PARAMS_MAX + 2; i++)
		bn += (size_t)snprintf(big + bn, sizeof big - bn, "; p%d=v", i);
	mp_diag dv[8];
	mp_diags d;
	mp_diags_init(&d, dv, 8);
	mp_arena_init(&a, mem, sizeof mem);
	assert_int_equal(mp_mime_ctype_parse(MP_SLICE(big, bn), 0, NULL, &a, &ct, &d), MP_INVALID);
	assert_int_equal(ct.params.n, MP_MIME_PARAMS_MAX);
	assert_true(mp_diags_has(&d, MP_R_MIME_PARAM_TOO_MANY));
	/* an arena too small */
	uint8_t tiny[8];
	mp_arena_init(&a, tiny, sizeof tiny);
	mp_diags_clear(&d);
	assert_int_equal(mp_mime_ctype_parse(MP_LIT("text/plain; charset=x"), 0, NULL, &a, &ct, &d), MP_NOSPACE);
	assert_true(mp_diags_has(&d, MP_R_ARENA_FULL));
}

/* ---- Content-Transfer-Encoding, MIME-Version, Content-ID --------------------------- */

static void test_cte_version_cid(void **state)
{
	(void)state;
	static const struct { const char *in; mp_rc rc; mp_mime_cte cte; const char *diags; } c[] = {
		{ " 7bit", MP_OK, MP_CTE_7BIT, "" },
		{ " 8BIT", MP_OK, MP_CTE_8BIT, "" },
		{ " binary", MP_OK, MP_CTE_BINARY, "" },
		{ " Quoted-Printable", MP_OK, MP_CTE_QP, "" },
		{ " base64 (encoded)", MP_OK, MP_CTE_BASE64, "" },
		{ " x-uuencode", MP_OK, MP_CTE_XTOKEN, "" },
		{ " uuencode", MP_INVALID, MP_CTE_UNKNOWN, "MIME_CTE_UNKNOWN@1001" },
		{ " base64 x", MP_INVALID, MP_CTE_UNKNOWN, "MIME_CTE_SYNTAX@1008" },
		{ " ", MP_INVALID, MP_CTE_UNKNOWN, "MIME_CTE_SYNTAX@1001" },
		{ "", MP_INVALID, MP_CTE_UNKNOWN, "RFC5322_EMPTY_BODY@1000" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(c); i++) {
		mp_diag dv[8];
		mp_diags d;
		mp_mime_cte cte;
		mp_slice tok;
		mp_diags_init(&d, dv, 8);
		mp_rc rc = mp_mime_cte_parse(MP_SLICE(c[i].in, strlen(c[i].in)), BASE, NULL, &cte, &tok, &d);
		char got[256];
		fmt_diags(&d, got, sizeof got);
		if (rc != c[i].rc || cte != c[i].cte || strcmp(got, c[i].diags) != 0)
			CASE_FAIL("cte %zu \"%s\": got %s %s [%s]", i, c[i].in, mp_rc_name(rc), mp_mime_cte_name(cte), got);
	}
	assert_string_equal(mp_mime_cte_name(MP_CTE_QP), "quoted-printable");
	static const struct { const char *in; mp_rc rc; unsigned ma, mi; const char *diags; } v[] = {
		{ " 1.0", MP_OK, 1, 0, "" },
		{ " 1.0 (produced by MetaSend Vx.x)", MP_OK, 1, 0, "" },
		{ " (produced by MetaSend Vx.x) 1.0", MP_OK, 1, 0, "" },
		{ " 1.(produced by MetaSend Vx.x)0", MP_OK, 1, 0, "" },
		{ " 1.1", MP_INVALID, 1, 1, "MIME_VERSION_VALUE@1000" },
		{ " 2.0", MP_INVALID, 2, 0, "MIME_VERSION_VALUE@1000" },
		{ " 1", MP_INVALID, 0, 0, "MIME_VERSION_SYNTAX@1002" },
		{ " 1.", MP_INVALID, 0, 0, "MIME_VERSION_SYNTAX@1003" },
		{ " 1.0 x", MP_INVALID, 0, 0, "MIME_VERSION_SYNTAX@1005" },
		{ " one", MP_INVALID, 0, 0, "MIME_VERSION_SYNTAX@1001" },
		{ "", MP_INVALID, 0, 0, "RFC5322_EMPTY_BODY@1000" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(v); i++) {
		mp_diag dv[8];
		mp_diags d;
		unsigned ma, mi;
		mp_diags_init(&d, dv, 8);
		mp_rc rc = mp_mime_version_parse(MP_SLICE(v[i].in, strlen(v[i].in)), BASE, NULL, &ma, &mi, &d);
		char got[256];
		fmt_diags(&d, got, sizeof got);
		if (rc != v[i].rc || ma != v[i].ma || mi != v[i].mi || strcmp(got, v[i].diags) != 0)
			CASE_FAIL("version %zu \"%s\": got %s %u.%u [%s]", i, v[i].in, mp_rc_name(rc), ma, mi, got);
	}
	static const struct { const char *in; mp_rc rc; const char *diags; } cid[] = {
		{ " <part1.abc@example.com>", MP_OK, "" },
		{ " <foo4*foo1@bar.net>", MP_OK, "" },
		{ " part1.abc@example.com", MP_INVALID, "MIME_CID_SYNTAX@1001" },
		{ " <a@b> <c@d>", MP_INVALID, "MIME_CID_SYNTAX@1007" },
		{ " <nodomain>", MP_INVALID, "MIME_CID_SYNTAX@1002" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(cid); i++) {
		mp_diag dv[8];
		mp_diags d;
		mp_rfc5322_msgid id;
		mp_diags_init(&d, dv, 8);
		mp_rc rc = mp_mime_cid_parse(MP_SLICE(cid[i].in, strlen(cid[i].in)), BASE, NULL, &id, &d);
		char got[256];
		fmt_diags(&d, got, sizeof got);
		if (rc != cid[i].rc || strcmp(got, cid[i].diags) != 0)
			CASE_FAIL("cid %zu \"%s\": got %s [%s]", i, cid[i].in, mp_rc_name(rc), got);
	}
	{ int f_ = failures; failures = 0; assert_int_equal(f_, 0); }
}

/* ---- Content-Disposition (RFC 2183) ----------------------------------------- */

static void test_disposition(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		mp_rc rc;
		mp_mime_disp_kind kind;
		const char *filename;
		const char *diags;
	} c[] = {
		{ " inline", MP_OK, MP_DISP_INLINE, NULL, "" },
		{ " attachment; filename=genome.jpeg;\r\n modification-date=\"Wed, 12 Feb 1997 16:29:51 -0500\";",
		  MP_INVALID, MP_DISP_ATTACHMENT, "genome.jpeg", "MIME_PARAM_SYNTAX@1088" },
		{ " attachment; filename=genome.jpeg;\r\n modification-date=\"Wed, 12 Feb 1997 16:29:51 -0500\"",
		  MP_OK, MP_DISP_ATTACHMENT, "genome.jpeg", "" },
		{ " ATTACHMENT; size=12345", MP_OK, MP_DISP_ATTACHMENT, NULL, "" },
		{ " attachment; filename*=UTF-8''%E4%BD%A0%E5%A5%BD.txt", MP_OK, MP_DISP_ATTACHMENT,
		  "\xe4\xbd\xa0\xe5\xa5\xbd.txt", "" },
		{ " attachment; filename*0=\"a\"; filename*1=\"b.txt\"", MP_OK, MP_DISP_ATTACHMENT, "ab.txt", "" },
		{ " form-data; name=x", MP_OK, MP_DISP_OTHER, NULL, "" },
		{ " attachment; size=12x", MP_INVALID, MP_DISP_ATTACHMENT, NULL, "MIME_DISP_PARAM@1018" },
		{ " attachment; size=\"12\"", MP_INVALID, MP_DISP_ATTACHMENT, NULL, "MIME_DISP_PARAM@1018" },
		{ " attachment; read-date=\"yesterday\"", MP_INVALID, MP_DISP_ATTACHMENT, NULL, "MIME_DISP_PARAM@1023" },
		{ " attachment; creation-date=Wed", MP_INVALID, MP_DISP_ATTACHMENT, NULL, "MIME_DISP_PARAM@1027" },
		{ " ;filename=x", MP_INVALID, MP_DISP_INLINE, NULL, "MIME_DISP_SYNTAX@1001" },
		{ "", MP_INVALID, MP_DISP_INLINE, NULL, "RFC5322_EMPTY_BODY@1000" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(c); i++) {
		static uint8_t mem[8192];
		mp_arena a;
		mp_diag dv[8];
		mp_diags d;
		mp_mime_disp dp;
		mp_arena_init(&a, mem, sizeof mem);
		mp_diags_init(&d, dv, 8);
		mp_rc rc = mp_mime_disp_parse(MP_SLICE(c[i].in, strlen(c[i].in)), BASE, NULL, &a, &dp, &d);
		char got[256];
		fmt_diags(&d, got, sizeof got);
		uint8_t out[128];
		size_t n = 0;
		bool fok = true;
		if (c[i].filename)
			fok = mp_mime_param_get(&dp.params, "filename", out, sizeof out, &n, NULL, NULL, NULL) == MP_OK &&
			      slice_is(MP_SLICE(out, n), c[i].filename);
		if (rc != c[i].rc || dp.kind != c[i].kind || strcmp(got, c[i].diags) != 0 || !fok)
			CASE_FAIL("disp %zu \"%s\": got %s %d [%s] \"%.*s\"", i, c[i].in, mp_rc_name(rc),
				  (int)dp.kind, got, (int)n, out);
	}
	static uint8_t mem[4096];
	mp_arena a;
	mp_mime_disp dp;
	mp_arena_init(&a, mem, sizeof mem);
	assert_int_equal(mp_mime_disp_parse(MP_LIT("attachment; size=12345"), 0, NULL, &a, &dp, NULL), MP_OK);
	assert_true(dp.has_size);
	assert_true(dp.size == 12345);
	{ int f_ = failures; failures = 0; assert_int_equal(f_, 0); }
}

/* ---- a part's fields through the reader, with the defaults --------------------- */

static void read_part(const char *in, bool digest, mp_mime_part_fields *pf, mp_diags *d,
		      mp_arena *a)
{
	mp_rfc5322_reader r;
	mp_rfc5322_opts o = { .flags = MP_RFC5322_PART };
	mp_rfc5322_field f;
	size_t used, pos = 0, n = strlen(in);
	mp_rfc5322_reader_init(&r, &o);
	mp_mime_part_init(pf, digest);
	while (mp_rfc5322_next(&r, (const uint8_t *)in + pos, n - pos, true, &f, &used, d) == MP_OK) {
		pos += used;
		if (f.kind == MP_RFC5322_END)
			break;
		mp_mime_part_field(pf, &f, &o, a, d);
	}
}

static void test_part_defaults(void **state)
{
	(void)state;
	static uint8_t mem[1 << 14];
	mp_arena a;
	mp_diag dv[16];
	mp_diags d;
	mp_mime_part_fields pf;
	uint8_t out[64];
	size_t n;
	char got[256];
	mp_arena_init(&a, mem, sizeof mem);
	mp_diags_init(&d, dv, 16);
	/* RFC 2045 5.2, 6.1: nothing given */
	read_part("\r\nbody", false, &pf, &d, &a);
	assert_true(pf.ctype.defaulted);
	assert_true(mp_mime_ctype_is(&pf.ctype, "text", "plain"));
	assert_int_equal(mp_mime_param_get(&pf.ctype.params, "charset", out, sizeof out, &n, NULL, NULL, NULL), MP_OK);
	assert_true(slice_is(MP_SLICE(out, n), "us-ascii"));
	assert_int_equal(pf.cte, MP_CTE_7BIT);
	assert_false(pf.has_ctype);
	/* RFC 2046 5.1.5: in a digest */
	read_part("\r\n", true, &pf, &d, &a);
	assert_true(mp_mime_ctype_is(&pf.ctype, "message", "rfc822"));
	/* an invalid Content-Type keeps the default (RFC 2045 5.2) */
	read_part("Content-Type: text\r\n\r\n", false, &pf, &d, &a);
	assert_true(pf.ctype.defaulted);
	/* all the fields */
	mp_diags_clear(&d);
	read_part("MIME-Version: 1.0\r\nContent-Type: image/gif; name=\"a.gif\"\r\n"
		  "Content-Transfer-Encoding: base64\r\nContent-ID: <a@b>\r\n"
		  "Content-Disposition: attachment; filename=a.gif\r\n\r\n", false, &pf, &d, &a);
	fmt_diags(&d, got, sizeof got);
	assert_string_equal(got, "");
	assert_true(mp_mime_ctype_is(&pf.ctype, "IMAGE", "GIF"));
	assert_int_equal(pf.cte, MP_CTE_BASE64);
	assert_true(pf.has_version && pf.version_major == 1 && pf.version_minor == 0);
	assert_true(pf.has_cid);
	assert_true(slice_is(pf.cid.left, "a"));
	assert_int_equal(pf.disp.kind, MP_DISP_ATTACHMENT);
	/* RFC 2045 6.4: unknown encoding = application/octet-stream */
	read_part("Content-Transfer-Encoding: uuencode\r\n\r\n", false, &pf, &d, &a);
	assert_true(pf.octet_stream);
	/* composite types are 7bit, 8bit or binary */
	mp_diags_clear(&d);
	read_part("Content-Type: multipart/mixed; boundary=x\r\nContent-Transfer-Encoding: base64\r\n\r\n",
		  false, &pf, &d, &a);
	fmt_diags(&d, got, sizeof got);
	assert_string_equal(got, "MIME_CTE_COMPOSITE@43");
	mp_diags_clear(&d);
	read_part("Content-Transfer-Encoding: quoted-printable\r\nContent-Type: message/rfc822\r\n\r\n",
		  false, &pf, &d, &a);
	fmt_diags(&d, got, sizeof got);
	assert_string_equal(got, "MIME_CTE_COMPOSITE@45");
}

/* ---- RFC 2045-2049 example headers via mp_rfc5322_field_check ------------------ */

static void test_field_check(void **state)
{
	(void)state;
	static const struct { const char *in; unsigned flags; mp_rc rc; const char *diags; } c[] = {
		{ "MIME-Version: 1.0\r\n", 0, MP_OK, "" },
		{ "Content-Type: text/plain; charset=ISO-8859-1\r\n", 0, MP_OK, "" },
		{ "Content-type: text/plain; charset=us-ascii\r\n", 0, MP_OK, "" },
		{ "Content-Transfer-Encoding: quoted-printable\r\n", 0, MP_OK, "" },
		{ "Content-Description: =?ISO-8859-1?Q?Andr=E9?= Pirard\r\n", 0, MP_OK, "" },
		{ "Subject: =?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n"
		  " =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=\r\n", 0, MP_OK, "" },
		{ "From: =?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>\r\n", 0, MP_OK, "" },
		{ "To: =?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>\r\n", 0, MP_OK, "" },
		{ "CC: =?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>\r\n", 0, MP_OK, "" },
		{ "From: =?ISO-8859-1?Q?Olle_J=E4rnefors?= <ojarnef@admin.kth.se>\r\n", 0, MP_OK, "" },
		{ "From: \"=?utf-8?q?x?=\" <a@b>\r\n", 0, MP_INVALID, "RFC2047_IN_QUOTES@7" },
		{ "Subject: =?utf-8?q?a?=b\r\n", 0, MP_INVALID, "RFC2047_NOT_DELIMITED@9" },
		{ "Subject: =?utf-8?q?" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa?=\r\n", 0, MP_INVALID,
		  "RFC5322_LINE_LONG@78 RFC2047_LINE_TOO_LONG@76" },
		{ "X-Anything: \x01\r\n", 0, MP_INVALID, "RFC5322_CONTROL@12" },
		{ "Date: Fri, 21 Nov 1997 09:55:06 -0600\r\n", 0, MP_OK, "" },
		{ "Message-ID: <1234@local.machine.example>\r\n", 0, MP_OK, "" },
		{ "Return-Path: <>\r\n", 0, MP_OK, "" },
		{ "Keywords: a, b\r\n", 0, MP_OK, "" },
		{ "Received: from a by b; Fri, 21 Nov 1997 09:55:06 -0600\r\n", 0, MP_OK, "" },
		{ "Bcc:\r\n", 0, MP_OK, "" },
		{ "To:\r\n", 0, MP_INVALID, "RFC5322_EMPTY_BODY@3" },
		{ "Sender: a@b, c@d\r\n", 0, MP_INVALID, "RFC5322_MAILBOX_COUNT@7" },
		{ "Content-ID: <a@b>\r\n", 0, MP_OK, "" },
		{ "Content-Disposition: inline\r\n", 0, MP_OK, "" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(c); i++) {
		static uint8_t mem[1 << 14];
		mp_arena a;
		mp_diag dv[8];
		mp_diags d;
		mp_rfc5322_reader r;
		mp_rfc5322_field f;
		size_t used;
		mp_rfc5322_opts o = { .flags = c[i].flags | MP_RFC5322_PART };
		mp_arena_init(&a, mem, sizeof mem);
		mp_diags_init(&d, dv, 8);
		mp_rfc5322_reader_init(&r, &o);
		assert_int_equal(mp_rfc5322_next(&r, (const uint8_t *)c[i].in, strlen(c[i].in), true, &f, &used, &d),
				 MP_OK);
		mp_rc rc = mp_rfc5322_field_check(&f, &o, &a, &d);
		char got[256];
		fmt_diags(&d, got, sizeof got);
		if (rc != c[i].rc || strcmp(got, c[i].diags) != 0)
			CASE_FAIL("field %zu \"%s\": got %s [%s], want %s [%s]", i, c[i].in, mp_rc_name(rc), got,
				  mp_rc_name(c[i].rc), c[i].diags);
		assert_int_equal(a.used, 0); /* scratch given back */
	}
	{ int f_ = failures; failures = 0; assert_int_equal(f_, 0); }
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ctype),
		cmocka_unit_test(test_param_lang),
		cmocka_unit_test(test_cte_version_cid),
		cmocka_unit_test(test_disposition),
		cmocka_unit_test(test_part_defaults),
		cmocka_unit_test(test_field_check),
	};
	return cmocka_run_group_tests_name("mime_fields", tests, NULL, NULL);
}
