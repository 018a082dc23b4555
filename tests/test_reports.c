/* test_reports.c: the reports (reports/): the JSON reader (strictness,
 * limits, errors with offsets), the results loader (required fields only,
 * hostile values), the escapers per context, and every renderer over the
 * fixtures in tests/reports/. The browser and xmllint checks of the same
 * output are tests/reports/check.sh (make reports-check). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../reports/escape.h"
#include "../reports/report.h"
#include "../reports/rjson.h"

/* ---- helpers ---------------------------------------------------------- */

struct mem {
	FILE *f;
	char *p;
	size_t n;
};

static void mem_open(struct mem *m)
{
	m->p = NULL;
	m->n = 0;
	m->f = open_memstream(&m->p, &m->n);
	assert_non_null(m->f);
}

static const char *mem_done(struct mem *m)
{
	assert_int_equal(fclose(m->f), 0);
	m->f = NULL;
	return m->p;
}

static void load_fixture(const char *name, mr_results *r)
{
	const char *src = getenv("MP_SRCDIR");
	char path[1024];
	rj_error err;
	snprintf(path, sizeof path, "%s/tests/reports/%s", src ? src : ".", name);
	mp_rc rc = mr_load_file(path, r, &err);
	if (rc != MP_OK)
		fail_msg("%s: byte %llu: %s", path, (unsigned long long)err.off, err.msg);
	/* the label tests see is the bare name, as a user would pass it */
	r->name = name;
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + k, needle))
		n++;
	return n;
}

typedef void (*esc_fn)(FILE *f, mp_slice s);

static char *escaped(esc_fn fn, mp_slice s)
{
	struct mem m;
	mem_open(&m);
	fn(m.f, s);
	mem_done(&m);
	return m.p;
}

static void md_all(FILE *f, mp_slice s) { mr_esc_md(f, s, 0); }

/* The hostile string of the fixtures, with its raw bytes. */
static const char hostile[] =
	"<script>alert(1)</script>\"><img src=x onerror=alert(2)>]]>"
	"\0|`code`|*em* [link](http://evil.test) \x1b[31m\xff\xc3"
	"\xe2\x80\xae\r\n&amp; <!-- ' </textarea>";
#define HOSTILE MP_SLICE(hostile, sizeof hostile - 1)

/* ---- JSON reader ------------------------------------------------------ */

static mp_rc parse(const char *s, rj_doc *d, rj_error *e)
{
	return rj_parse((const uint8_t *)s, strlen(s), NULL, d, e);
}

static void test_rjson_values(void **state)
{
	(void)state;
	rj_doc d;
	rj_error e;
	const char *in = " {\"a\": [1, -2, 3.5, 1e3, true, false, null, \"x\\u00e9\\u20ac\\ud83d\\ude00\"],"
			 " \"b\": {}, \"c\": [], \"\\u0000k\": \"n\\u0000ul\"} ";
	assert_int_equal(parse(in, &d, &e), MP_OK);
	assert_int_equal(d.v[0].type, RJ_OBJECT);
	assert_int_equal(d.v[0].count, 4);
	uint32_t a = rj_get(&d, 0, "a");
	assert_int_equal(d.v[a].type, RJ_ARRAY);
	assert_int_equal(d.v[a].count, 8);
	uint32_t i = d.v[a].child;
	assert_true(d.v[i].is_int);
	assert_int_equal(d.v[i].i, 1);
	i = d.v[i].next;
	assert_int_equal(d.v[i].i, -2);
	i = d.v[i].next;
	assert_false(d.v[i].is_int);
	assert_true(d.v[i].d == 3.5);
	i = d.v[i].next;
	assert_false(d.v[i].is_int);
	assert_true(d.v[i].d == 1000.0);
	i = d.v[i].next;
	assert_int_equal(d.v[i].type, RJ_TRUE);
	i = d.v[d.v[i].next].next;
	assert_int_equal(d.v[i].type, RJ_NULL);
	i = d.v[i].next;
	/* \u00e9 is the raw byte E9 (json.h); the euro sign and the emoji
	 * are UTF-8 */
	assert_int_equal(d.v[i].len, 1 + 1 + 3 + 4);
	assert_memory_equal(rj_str(&d, i), "x\xe9\xe2\x82\xac\xf0\x9f\x98\x80", 9);
	assert_int_equal(d.v[i].next, RJ_NONE);
	assert_int_equal(d.v[rj_get(&d, 0, "b")].type, RJ_OBJECT);
	assert_int_equal(d.v[rj_get(&d, 0, "b")].child, RJ_NONE);
	assert_int_equal(rj_get(&d, 0, "zz"), RJ_NONE);
	/* a NUL inside a key or a value is kept, with its length */
	uint32_t last = d.v[rj_get(&d, 0, "c")].next;
	assert_int_equal(d.v[last].key_len, 2);
	assert_int_equal(d.v[last].len, 4);
	assert_memory_equal(rj_str(&d, last), "n\0ul", 4);
	/* offsets point at the value */
	assert_int_equal(d.v[a].off, (uint64_t)(strchr(in, '[') - in));
	rj_free(&d);

	assert_int_equal(parse("-9223372036854775808", &d, &e), MP_OK);
	assert_true(d.v[0].is_int);
	assert_true(d.v[0].i == INT64_MIN);
	rj_free(&d);
	assert_int_equal(parse("9223372036854775808", &d, &e), MP_OK);
	assert_false(d.v[0].is_int); /* too big: a double only */
	rj_free(&d);
	assert_int_equal(parse("0", &d, &e), MP_OK);
	rj_free(&d);
	assert_int_equal(parse("\"\"", &d, &e), MP_OK);
	assert_int_equal(d.v[0].len, 0);
	rj_free(&d);
}

static void test_rjson_errors(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		uint64_t off;
		const char *msg;
	} t[] = {
		{ "", 0, "end of the input" },
		{ "{", 1, "member name" },
		{ "[1,]", 3, "trailing comma" },
		{ "{\"a\":1,}", 7, "trailing comma" },
		{ "[1 2]", 3, "expected ',' or ']'" },
		{ "{\"a\" 1}", 5, "expected ':'" },
		{ "{'a':1}", 1, "member name" },
		{ "[01]", 1, "leading zero" },
		{ "[1.]", 3, "decimal point" },
		{ "[1e]", 3, "exponent" },
		{ "[-]", 2, "digit" },
		{ "[+1]", 1, "expected a value" },
		{ "[tru]", 1, "expected 'true'" },
		{ "[NaN]", 1, "expected a value" },
		{ "\"a\tb\"", 2, "control byte 0x09" },
		{ "\"a\\x\"", 2, "unknown escape" },
		{ "\"\\u12\"", 1, "four hex digits" },
		{ "\"\\udc00\"", 1, "lone low surrogate" },
		{ "\"\\ud800x\"", 1, "without its low half" },
		{ "\"\\ud800\\u0041\"", 1, "without its low half" },
		{ "\"ab\xff\"", 3, "invalid UTF-8 byte 0xFF" },
		{ "\"\xc0\xaf\"", 1, "invalid UTF-8" },
		{ "\"\xed\xa0\x80\"", 1, "invalid UTF-8" },
		{ "\"abc", 0, "string not closed" },
		{ "[1] x", 4, "'x' after the value" },
		{ "{} {}", 3, "after the value" },
		{ "\xef\xbb\xbf{}", 0, "byte order mark" },
		{ "[1 /* c */]", 3, "expected ',' or ']'" },
		{ "[\"a\",\n  \"b\" \"c\"]", 12, "found '\"'" },
		{ "{\"a\":[1,{\"b\":}]}", 13, "expected a value, found '}'" },
		{ "[1, 2", 0, "array not closed" },
		{ "[1e99999999999999999999999999999999999999999999999999999999999999999]", 1,
		  "number longer" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(t); i++) {
		rj_doc d;
		rj_error e;
		mp_rc rc = parse(t[i].in, &d, &e);
		if (rc != MP_INVALID || e.off != t[i].off || strstr(e.msg, t[i].msg) == NULL)
			fail_msg("case %zu '%s': rc %d, offset %llu (want %llu), '%s' (want '%s')", i,
				 t[i].in, rc, (unsigned long long)e.off,
				 (unsigned long long)t[i].off, e.msg, t[i].msg);
		assert_null(d.v); /* nothing to free after an error */
	}
}

static void test_rjson_limits(void **state)
{
	(void)state;
	rj_doc d;
	rj_error e;
	char deep[200];
	memset(deep, '[', 100);
	memset(deep + 100, ']', 100);
	rj_limits lim = { .max_depth = 100 };
	assert_int_equal(rj_parse((const uint8_t *)deep, 200, &lim, &d, &e), MP_OK);
	rj_free(&d);
	lim.max_depth = 99;
	assert_int_equal(rj_parse((const uint8_t *)deep, 200, &lim, &d, &e), MP_INVALID);
	assert_int_equal(e.off, 99);
	assert_non_null(strstr(e.msg, "nested deeper than 99"));
	/* the default depth: 64 */
	assert_int_equal(rj_parse((const uint8_t *)deep, 200, NULL, &d, &e), MP_INVALID);
	assert_int_equal(e.off, 64);
	/* values and size */
	lim = (rj_limits){ .max_values = 3 };
	assert_int_equal(parse("[1,2]", &d, &e), MP_OK);
	rj_free(&d);
	assert_int_equal(rj_parse((const uint8_t *)"[1,2]", 5, &lim, &d, &e), MP_OK);
	rj_free(&d);
	assert_int_equal(rj_parse((const uint8_t *)"[1,2,3]", 7, &lim, &d, &e), MP_INVALID);
	assert_int_equal(e.off, 5);
	lim = (rj_limits){ .max_bytes = 4 };
	assert_int_equal(rj_parse((const uint8_t *)"[1,2]", 5, &lim, &d, &e), MP_INVALID);
	assert_int_equal(e.off, 4);
	assert_non_null(strstr(e.msg, "larger than 4 bytes"));
	/* a big flat array grows the value array several times */
	size_t n = 200000;
	char *big = malloc(2 * n + 1);
	assert_non_null(big);
	big[0] = '[';
	for (size_t i = 0; i < n; i++) {
		big[1 + 2 * i] = '7';
		big[2 + 2 * i] = i + 1 < n ? ',' : ']';
	}
	assert_int_equal(rj_parse((const uint8_t *)big, 2 * n + 1, NULL, &d, &e), MP_OK);
	assert_int_equal(d.v[0].count, n);
	rj_free(&d);
	free(big);
}

/* ---- results loader --------------------------------------------------- */

static mp_rc load_str(const char *s, mr_results *r, rj_error *e)
{
	return mr_load((const uint8_t *)s, strlen(s), "mem.json", r, e);
}

static void test_results_minimal(void **state)
{
	(void)state;
	mr_results r;
	load_fixture("minimal.json", &r);
	assert_int_equal(r.n, 4);
	assert_int_equal(r.checks[0].status, MR_PASS);
	assert_int_equal(r.checks[1].status, MR_FAIL);
	assert_int_equal(r.checks[2].status, MR_SKIP);
	assert_int_equal(r.checks[3].status, MR_ERROR);
	const mr_check *c = &r.checks[1];
	assert_true(mp_slice_eq(c->id, MP_LIT("smtp.rcpt.before-mail")));
	assert_true(mp_slice_eq(c->ref, MP_LIT("RFC 5321 4.1.4")));
	assert_null(c->script.p);
	assert_null(c->target.p);
	assert_false(c->has_transcript);
	assert_false(c->has_duration);
	/* derived: protocol from the id, target from the file name, script
	 * is the id, RFC from the ref */
	assert_true(mp_slice_eq(mr_check_protocol(c), MP_LIT("smtp")));
	assert_true(mp_slice_eq(mr_check_target(&r, c), MP_LIT("minimal")));
	assert_true(mp_slice_eq(mr_check_script(c), c->id));
	assert_true(mp_slice_eq(mr_ref_doc(c->ref), MP_LIT("RFC 5321")));
	assert_true(mp_slice_eq(mr_ref_doc(MP_LIT("RFC")), MP_LIT("RFC")));
	mr_free(&r);
}

static void test_results_full(void **state)
{
	(void)state;
	mr_results r;
	load_fixture("exim.json", &r);
	assert_true(mp_slice_eq(r.target, MP_LIT("exim")));
	const mr_check *c = NULL;
	for (size_t i = 0; i < r.n; i++)
		if (mp_slice_eq(r.checks[i].id, MP_LIT("oracle.smtp.SMTP_REPLY_TEXT")))
			c = &r.checks[i];
	assert_non_null(c);
	assert_int_equal(c->status, MR_FAIL);
	assert_true(mp_slice_eq(mr_check_protocol(c), MP_LIT("smtp")));
	assert_true(mp_slice_eq(mr_check_script(c), MP_LIT("oracle")));
	assert_true(c->has_transcript);
	assert_int_equal(c->t_off, 4096);
	assert_int_equal(c->nfaults, 1);
	/* the fault is the raw byte 0xFC (written \u00fc) */
	uint64_t at = c->faults[0].off - c->t_off;
	assert_true(at < c->transcript.n);
	assert_int_equal(c->transcript.p[at], 0xFC);
	mr_free(&r);
}

static void test_results_errors(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		uint64_t off;
		const char *msg;
	} t[] = {
		{ "[]", 0, "results must be an object" },
		{ "{}", 0, "without a \"checks\" array" },
		{ "{\"checks\":{}}", 10, "\"checks\" must be an array" },
		{ "{\"schema\":\"mailprobe-results/2\",\"checks\":[]}", 10, "\"schema\" is not" },
		{ "{\"checks\":[1]}", 11, "a check must be an object" },
		{ "{\"checks\":[{\"id\":\"a\"}]}", 11, "check without \"status\"" },
		{ "{\"checks\":[{\"id\":\"a\",\"status\":\"ok\",\"level\":\"MUST\",\"ref\":\"r\","
		  "\"message\":\"m\"}]}", 30, "\"status\" must be" },
		{ "{\"checks\":[{\"id\":\"\",\"status\":\"pass\",\"level\":\"MUST\",\"ref\":\"r\","
		  "\"message\":\"m\"}]}", 17, "\"id\" is empty" },
		{ "{\"checks\":[{\"id\":7,\"status\":\"pass\",\"level\":\"MUST\",\"ref\":\"r\","
		  "\"message\":\"m\"}]}", 17, "\"id\" must be a string, not number" },
		{ "{\"checks\":[{\"id\":\"a\",\"id\":\"b\",\"status\":\"pass\",\"level\":\"MUST\","
		  "\"ref\":\"r\",\"message\":\"m\"}]}", 26, "member \"id\" given twice" },
		{ "{\"checks\":[{\"id\":\"a\",\"status\":\"pass\",\"level\":\"MUST\",\"ref\":\"r\","
		  "\"message\":\"m\",\"transcript\":{\"offset\":1}}]}", 89, "without \"text\"" },
		{ "{\"checks\":[{\"id\":\"a\",\"status\":\"pass\",\"level\":\"MUST\",\"ref\":\"r\","
		  "\"message\":\"m\",\"offsets\":[-1]}]}", 87, "whole number >= 0" },
		{ "{\"checks\":[{\"id\":\"a\",\"status\":\"pass\",\"level\":\"MUST\",\"ref\":\"r\","
		  "\"message\":\"m\",\"duration_ms\":\"5\"}]}", 90, "\"duration_ms\" must be" },
		{ "{\"checks\":[], \"checks\":[]}", 23, "given twice" },
		{ "{\"checks\":[], \"target\":{}}", 23, "without \"name\"" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(t); i++) {
		mr_results r;
		rj_error e;
		mp_rc rc = load_str(t[i].in, &r, &e);
		if (rc != MP_INVALID || e.off != t[i].off || strstr(e.msg, t[i].msg) == NULL)
			fail_msg("case %zu: rc %d, offset %llu (want %llu), '%s' (want '%s')", i, rc,
				 (unsigned long long)e.off, (unsigned long long)t[i].off, e.msg,
				 t[i].msg);
		assert_null(r.checks);
	}
	/* unknown members are ignored; nulls stand for absent optionals */
	mr_results r;
	rj_error e;
	assert_int_equal(load_str("{\"future\":[1],\"checks\":[{\"id\":\"x.y\",\"status\":\"skip\","
				  "\"level\":\"MAY\",\"ref\":\"RFC 1 2\",\"message\":\"\","
				  "\"target\":null,\"new\":{}}]}", &r, &e),
			 MP_OK);
	assert_int_equal(r.n, 1);
	assert_null(r.checks[0].target.p);
	mr_free(&r);
}

/* ---- escaping --------------------------------------------------------- */

static void test_escape_html(void **state)
{
	(void)state;
	char *o = escaped(mr_esc_html, HOSTILE);
	assert_null(strchr(o, '<'));
	assert_null(strchr(o, '>'));
	assert_null(strchr(o, '"'));
	assert_null(strchr(o, '\''));
	/* every & starts one of our references */
	for (const char *p = strchr(o, '&'); p; p = strchr(p + 1, '&'))
		assert_true(strncmp(p, "&amp;", 5) == 0 || strncmp(p, "&lt;", 4) == 0 ||
			    strncmp(p, "&gt;", 4) == 0 || strncmp(p, "&quot;", 6) == 0 ||
			    strncmp(p, "&#39;", 5) == 0);
	assert_non_null(strstr(o, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img"));
	/* invisible and invalid bytes are visible tokens */
	assert_non_null(strstr(o, "]]&gt;\\0|`code`"));
	assert_non_null(strstr(o, "\\x1B[31m\\xFF\\xC3\\u{202E}\\r\\n&amp;amp;"));
	for (const char *p = o; *p; p++)
		assert_true((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7F);
	free(o);
	/* valid UTF-8 passes; format characters do not */
	o = escaped(mr_esc_html, MP_LIT("gr\xc3\xbc\xc3\x9f \xe2\x80\x8b\xef\xbb\xbf\xc2\x85"));
	assert_string_equal(o, "gr\xc3\xbc\xc3\x9f \\u{200B}\\u{FEFF}\\u{0085}");
	free(o);
	o = escaped(mr_esc_html, MP_LIT("\xf3\xa0\x80\x81|\xef\xbf\xbe|\xf4\x8f\xbf\xbf|\xc3"));
	assert_string_equal(o, "\\u{E0001}|\\u{FFFE}|\\u{10FFFF}|\\xC3");
	free(o);
}

static void test_escape_xml(void **state)
{
	(void)state;
	char *o = escaped(mr_esc_xml, HOSTILE);
	assert_null(strchr(o, '<'));
	assert_null(strstr(o, "]]>"));
	assert_non_null(strstr(o, "]]&gt;"));
	/* no byte XML 1.0 forbids: only printable ASCII here */
	for (const char *p = o; *p; p++)
		assert_true((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7F);
	free(o);
}

static void test_escape_script(void **state)
{
	(void)state;
	char *o = escaped(mr_esc_script_json, HOSTILE);
	assert_null(strchr(o, '<'));
	assert_null(strchr(o, '>'));
	assert_null(strchr(o, '&'));
	assert_null(strchr(o, '\''));
	assert_null(strstr(o, "</"));
	/* every quote is escaped, so the JSON string cannot end early */
	for (const char *p = strchr(o, '"'); p; p = strchr(p + 1, '"'))
		assert_int_equal(p[-1], '\\');
	assert_non_null(strstr(o, "\\u003cscript\\u003e"));
	assert_non_null(strstr(o, "\\\\0|`code`")); /* the \0 token, JSON-escaped */
	free(o);
}

static void test_escape_md(void **state)
{
	(void)state;
	char *o = escaped(md_all, HOSTILE);
	/* every markup character is escaped: none stands alone */
	static const char special[] = "\\`*_[]()<>|~&!#";
	for (const char *p = o; *p; p++) {
		if (*p == '\\') {
			assert_non_null(p[1]);
			assert_non_null(strchr("\\`*_{}[]()<>#+-!|~&:@", p[1]));
			p++;
			continue;
		}
		if (strchr(special, *p) != NULL)
			fail_msg("unescaped '%c' at %zu in %s", *p, (size_t)(p - o), o);
		assert_true((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7F);
	}
	assert_non_null(strstr(o, "\\<script\\>alert\\(1\\)"));
	assert_non_null(strstr(o, "\\|\\`code\\`\\|"));
	assert_non_null(strstr(o, "http\\://evil.test"));
	assert_non_null(strstr(o, "\\\\r\\\\n")); /* the tokens' backslashes */
	free(o);
	struct mem m;
	mem_open(&m);
	mr_esc_md(m.f, MP_LIT("see www.evil.test or a@b.test \xc3\xa9t\xc3\xa9"), 0);
	mr_esc_md(m.f, MP_LIT("abcdef"), 3);
	assert_string_equal(mem_done(&m), "see www\\.evil.test or a\\@b.test \xc3\xa9t\xc3\xa9"
					  "abc...");
	free(m.p);
}

/* ---- renderers -------------------------------------------------------- */

static void test_markdown(void **state)
{
	(void)state;
	mr_results rs[3];
	load_fixture("postfix.json", &rs[0]);
	load_fixture("exim.json", &rs[1]);
	load_fixture("opensmtpd.json", &rs[2]);
	struct mem m;
	mem_open(&m);
	assert_int_equal(mr_render_markdown(m.f, rs, 3, 0), MP_OK);
	const char *o = mem_done(&m);
	/* 3 x 19 checks: postfix 1 fail 2 skip; exim 3 fail 1 skip; opensmtpd
	 * 4 fail 1 skip 1 error */
	assert_non_null(strstr(o, "mailprobe: 8 failed, 44 passed, 4 skipped, 1 errors\n"));
	assert_non_null(strstr(o, "57 checks against 3 targets: postfix, exim, opensmtpd\n"));
	assert_non_null(strstr(o, "| smtp | 44 | 8 | 4 | 1 | 57 |\n"));
	assert_non_null(strstr(o, "#### Failures and errors (9)"));
	/* worst first: MUST failures before the SHOULD ones, errors last */
	const char *must = strstr(o, "smtp.data.bare\\-lf\\-dot | MUST");
	const char *should = strstr(o, "smtp.size.declared | SHOULD");
	const char *err = strstr(o, "error | smtp.size.declared");
	assert_non_null(must);
	assert_non_null(should);
	assert_non_null(err);
	assert_true(must < should && should < err);
	assert_null(strstr(o, "smtp.greeting.220")); /* passes are not listed */
	free(m.p);

	/* a set length */
	mem_open(&m);
	assert_int_equal(mr_render_markdown(m.f, rs, 3, 4), MP_OK);
	o = mem_done(&m);
	assert_int_equal(count_of(o, "\n| \xE2\x9D\x8C fail |"), 4);
	assert_non_null(strstr(o, "... and 5 more (the first 4 are listed"));
	free(m.p);
	for (int i = 0; i < 3; i++)
		mr_free(&rs[i]);

	/* nothing failed */
	mr_results ok;
	rj_error e;
	assert_int_equal(load_str("{\"checks\":[{\"id\":\"a.b\",\"status\":\"pass\",\"level\":"
				  "\"MUST\",\"ref\":\"RFC 1\",\"message\":\"\"}]}", &ok, &e),
			 MP_OK);
	mem_open(&m);
	assert_int_equal(mr_render_markdown(m.f, &ok, 1, 0), MP_OK);
	o = mem_done(&m);
	assert_non_null(strstr(o, "0 failed, 1 passed"));
	assert_non_null(strstr(o, "No check failed."));
	free(m.p);
	mr_free(&ok);
}

static void test_markdown_hostile(void **state)
{
	(void)state;
	mr_results r;
	load_fixture("hostile.json", &r);
	struct mem m;
	mem_open(&m);
	assert_int_equal(mr_render_markdown(m.f, &r, 1, 0), MP_OK);
	const char *o = mem_done(&m);
	/* no raw markup: no unescaped '<', '[', backtick or pipe inside
	 * cells (a row has exactly the table's 7 cell boundaries), no escape
	 * byte for a terminal */
	assert_null(strchr(o, 0x1b));
	for (const char *p = o; *p; p++) {
		if (*p == '\\') {
			p++;
			continue;
		}
		assert_true(*p != '<' && *p != '[' && *p != '&' && *p != '*');
	}
	for (const char *line = o; *line; line = strchr(line, '\n') + 1) {
		const char *end = strchr(line, '\n');
		assert_non_null(end);
		if (line[0] == '|' && strncmp(line, "| \xE2", 4) == 0 && strstr(line, "hostile")) {
			size_t bars = 0;
			for (const char *p = line; p < end; p++) {
				if (*p == '\\') {
					p++;
					continue;
				}
				if (*p == '`')
					fail_msg("unescaped backtick: %.*s", (int)(end - line), line);
				bars += *p == '|';
			}
			assert_int_equal(bars, 7);
		}
	}
	free(m.p);
	mr_free(&r);
}

/* Every tag of a rendered page is one of ours and no attribute is an
 * event handler: the C side of the markup check (check.sh parses the same
 * output with python3's html.parser and xml.dom). */
static void assert_markup_ours(const char *o, const char *const *tags, size_t ntags)
{
	static const char *const attrs[] = {
		"lang", "charset", "http-equiv", "content", "name", "class", "id", "type",
		"checked", "href", "title", "width", "height", "viewBox", "role", "aria-label",
		"rx", "fill", "x", "y", "cx", "cy", "r", "stroke", "stroke-width",
		"stroke-dasharray", "stroke-dashoffset", "text-anchor", "font-size",
		"font-weight", "colspan", "data-f", "version", "encoding", "tests",
		"failures", "errors", "skipped", "time", "hostname", "timestamp", "classname",
		"message",
	};
	for (const char *p = strchr(o, '<'); p != NULL; p = strchr(p + 1, '<')) {
		const char *end = strchr(p, '>');
		assert_non_null(end);
		const char *q = p + 1;
		if (strncmp(q, "!DOCTYPE html>", 14) == 0)
			continue;
		if (*q == '/' || *q == '?')
			q++;
		size_t nl = strspn(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
		bool known = false;
		for (size_t k = 0; k < ntags; k++)
			known |= strlen(tags[k]) == nl && strncmp(q, tags[k], nl) == 0;
		if (!known)
			fail_msg("unknown tag: %.*s", (int)(end - p + 1), p);
		if (strncmp(p, "<script>", 8) == 0) { /* script data: up to its end tag */
			p = strstr(p, "</script>");
			assert_non_null(p);
			continue;
		}
		/* attributes: name="value" pairs; values hold no quote of their kind */
		q += nl;
		while (q < end) {
			q += strspn(q, " \n/?");
			if (q >= end)
				break;
			size_t an = strcspn(q, "= >");
			bool ok = false;
			for (size_t k = 0; k < MP_ARRAY_LEN(attrs); k++)
				ok |= strlen(attrs[k]) == an && strncmp(q, attrs[k], an) == 0;
			if (!ok || (an > 2 && (q[0] | 0x20) == 'o' && (q[1] | 0x20) == 'n'))
				fail_msg("attribute %.*s in %.*s", (int)an, q, (int)(end - p + 1), p);
			q += an;
			if (*q == '=') {
				assert_int_equal(q[1], '"');
				const char *close = strchr(q + 2, '"');
				assert_non_null(close);
				assert_true(close < end || end == NULL);
				q = close + 1;
			}
		}
	}
}

static const char *const html_tags[] = {
	"DOCTYPE", "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3",
	"p", "code", "section", "div", "span", "svg", "rect", "circle", "text", "table",
	"thead", "tbody", "tr", "th", "td", "form", "fieldset", "legend", "label", "input",
	"a", "article", "dl", "dt", "dd", "pre", "mark", "footer", "script", "br", "small",
};

static char *render_html(const char *const *names, size_t n, mr_results *rs)
{
	for (size_t i = 0; i < n; i++)
		load_fixture(names[i], &rs[i]);
	struct mem m;
	mem_open(&m);
	assert_int_equal(mr_render_html(m.f, rs, n, NULL), MP_OK);
	mem_done(&m);
	for (size_t i = 0; i < n; i++)
		mr_free(&rs[i]);
	return m.p;
}

static void test_sha256(void **state)
{
	(void)state;
	char b[45];
	mr_sha256_b64("abc", 3, b);
	assert_string_equal(b, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
	mr_sha256_b64("", 0, b);
	assert_string_equal(b, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
	/* 56 bytes: the length spills into a second block */
	mr_sha256_b64("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, b);
	assert_string_equal(b, "JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE=");
}

static void test_html(void **state)
{
	(void)state;
	static const char *const names[] = { "postfix.json", "exim.json", "opensmtpd.json",
					     "dovecot.json", "badserver.json" };
	mr_results rs[5];
	char *o = render_html(names, 5, rs);
	/* the counts a person sees */
	assert_non_null(strstr(o, "id=\"count-fail\">16<"));
	assert_non_null(strstr(o, "id=\"count-error\">2<"));
	assert_non_null(strstr(o, "id=\"count-pass\">61<"));
	assert_non_null(strstr(o, "id=\"count-skip\">8<"));
	assert_non_null(strstr(o, "id=\"count-total\">87<"));
	assert_non_null(strstr(o, "<h2>Failures and errors (18)</h2>"));
	assert_int_equal(count_of(o, "<article class=\"fault"), 18);
	assert_int_equal(count_of(o, "<tr class=\"st-"), 87);
	/* one script, ours, allowed by its hash and nothing else */
	assert_int_equal(count_of(o, "<script"), 1);
	assert_non_null(strstr(o, mr_html_script));
	char hash[45], csp[80];
	mr_sha256_b64(mr_html_script, strlen(mr_html_script), hash);
	snprintf(csp, sizeof csp, "script-src 'sha256-%s'", hash);
	assert_non_null(strstr(o, csp));
	assert_non_null(strstr(o, "default-src 'none'"));
	/* no external asset */
	assert_null(strstr(o, "src=\""));
	assert_null(strstr(o, "http://"));
	assert_null(strstr(o, "https://"));
	/* the SMTP smuggling fault, marked, with the bare LFs visible */
	assert_non_null(strstr(o, "body<mark><span class=\"tk\">\\n</span></mark>\n"));
	assert_non_null(strstr(o, "</span><mark>.<span class=\"tk\">\\n</span></mark>\n"));
	/* 8-bit: a raw 0xFC is invalid UTF-8, the sharp s valid */
	assert_non_null(strstr(o, "Gr<mark><span class=\"tk bad\">\\xFC</span></mark>"
				  "<span class=\"b8\" title=\"8-bit octets: C3 9F\">"));
	assert_markup_ours(o, html_tags, MP_ARRAY_LEN(html_tags));
	free(o);
}

static void test_html_hostile(void **state)
{
	(void)state;
	static const char *const names[] = { "hostile.json", "hostile-ids.json" };
	mr_results rs[2];
	char *o = render_html(names, 2, rs);
	assert_int_equal(count_of(o, "<script"), 1);
	assert_null(strstr(o, "<img"));
	assert_null(strstr(o, "<textarea"));
	assert_null(strstr(o, "<!--"));
	assert_null(strstr(o, "<b>"));
	assert_null(strstr(o, "<i>"));
	assert_non_null(strstr(o, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img"));
	/* the hostile fault, marked */
	assert_non_null(strstr(o, "<mark>&lt;script&gt;</mark>"));
	/* a fault far outside the excerpt is said to be */
	assert_non_null(strstr(o, "1 offending range lies outside the excerpt"));
	/* no control byte, no invalid UTF-8 in the page */
	for (const unsigned char *p = (const unsigned char *)o; *p; p++)
		assert_true(*p >= 0x20 || *p == '\n');
	assert_markup_ours(o, html_tags, MP_ARRAY_LEN(html_tags));
	free(o);
}

static const char *const xml_tags[] = {
	"xml", "testsuites", "testsuite", "testcase", "failure", "error", "skipped",
};

static void test_junit(void **state)
{
	(void)state;
	mr_results rs[3];
	load_fixture("postfix.json", &rs[0]);
	load_fixture("dovecot.json", &rs[1]);
	load_fixture("hostile.json", &rs[2]);
	struct mem m;
	mem_open(&m);
	assert_int_equal(mr_render_junit(m.f, rs, 3), MP_OK);
	const char *o = mem_done(&m);
	assert_non_null(strstr(o, "<testsuites name=\"mailprobe\" tests=\"38\" failures=\"2\" "
				  "errors=\"1\" skipped=\"4\""));
	/* one testcase per check; one testsuite per script and target: the
	 * oracle checks share theirs */
	assert_int_equal(count_of(o, "<testcase "), 38);
	const char *orc = strstr(o, "<testsuite name=\"oracle\" id=\"");
	assert_non_null(orc);
	assert_true(strncmp(strchr(orc + 30, '"') + 1, " tests=\"2\"", 10) == 0);
	assert_int_equal(count_of(o, "<failure "), 2);
	assert_int_equal(count_of(o, "<error "), 1);
	assert_int_equal(count_of(o, "<skipped "), 4);
	assert_non_null(strstr(o, "<failure message=\"the server ended DATA at &lt;LF&gt;.&lt;LF&gt; "
				  "and took the rest as a new command\" type=\"MUST\">"));
	/* the excerpt, the fault between markers */
	assert_non_null(strstr(o, "body&gt;&gt;&gt;\\n&lt;&lt;&lt;\n"));
	assert_non_null(strstr(o, "&gt;&gt;&gt;.\\n&lt;&lt;&lt;\n"));
	assert_null(strstr(o, "]]>"));
	assert_null(strstr(o, "<script"));
	assert_null(strstr(o, "<img"));
	for (const unsigned char *p = (const unsigned char *)o; *p; p++)
		assert_true(*p >= 0x20 || *p == '\n');
	assert_markup_ours(o, xml_tags, MP_ARRAY_LEN(xml_tags));
	free(m.p);
	for (int i = 0; i < 3; i++)
		mr_free(&rs[i]);
}

static void test_matrix(void **state)
{
	(void)state;
	mr_results rs[4];
	load_fixture("postfix.json", &rs[0]);
	load_fixture("exim.json", &rs[1]);
	load_fixture("opensmtpd.json", &rs[2]);
	load_fixture("hostile.json", &rs[3]);
	struct mem m;
	mem_open(&m);
	assert_int_equal(mr_render_matrix_html(m.f, rs, 3), MP_OK);
	const char *o = mem_done(&m);
	/* 19 rows, 3 columns; 10 rows differ */
	assert_non_null(strstr(o, "19 checks across 3 targets; 10 rows where the targets differ"));
	assert_int_equal(count_of(o, "<tr class=\"differs\">"), 10);
	assert_int_equal(count_of(o, "<tr class=\"same\">"), 9);
	assert_int_equal(count_of(o, "<td class=\"m "), 57);
	assert_null(strstr(o, "<script"));
	assert_non_null(strstr(o, "script-src 'none'"));
	assert_markup_ours(o, html_tags, MP_ARRAY_LEN(html_tags));
	free(m.p);

	mem_open(&m);
	assert_int_equal(mr_render_matrix_md(m.f, rs, 3, 0), MP_OK);
	o = mem_done(&m);
	assert_non_null(strstr(o, "| check | level | postfix | exim | opensmtpd |\n"));
	assert_non_null(strstr(o, "| smtp.data.bare\\-lf\\-dot | MUST | \xE2\x9D\x8C | \xE2\x9C\x85 "
				  "| \xE2\x9C\x85 |\n"));
	free(m.p);

	/* a hostile target name and one that ran fewer checks */
	mem_open(&m);
	assert_int_equal(mr_render_matrix_html(m.f, rs + 2, 2), MP_OK);
	o = mem_done(&m);
	assert_null(strstr(o, "<img"));
	assert_int_equal(count_of(o, "<script"), 0);
	assert_non_null(strstr(o, "title=\"not run\""));
	assert_markup_ours(o, html_tags, MP_ARRAY_LEN(html_tags));
	free(m.p);
	mem_open(&m);
	assert_int_equal(mr_render_matrix_md(m.f, rs + 2, 2, 5), MP_OK);
	o = mem_done(&m);
	assert_non_null(strstr(o, "... and 18 more rows."));
	for (const char *p = strchr(o, '<'); p != NULL; p = strchr(p + 1, '<'))
		assert_int_equal(p[-1], '\\');
	free(m.p);
	for (int i = 0; i < 4; i++)
		mr_free(&rs[i]);
}

static void test_diff(void **state)
{
	(void)state;
	mr_results a, b;
	mr_diff_counts dc;
	load_fixture("postfix-old.json", &a);
	load_fixture("postfix.json", &b);
	struct mem m;
	mem_open(&m);
	assert_int_equal(mr_render_diff(m.f, &a, &b, &dc), MP_OK);
	const char *o = mem_done(&m);
	assert_int_equal(dc.regressed, 1);
	assert_int_equal(dc.fixed, 1);
	assert_int_equal(dc.appeared, 1);
	assert_int_equal(dc.vanished, 1);
	assert_int_equal(dc.changed, 1);
	assert_int_equal(dc.same, 15);
	assert_non_null(strstr(o, "#### Regressed (1)"));
	assert_non_null(strstr(o, "| smtp.data.bare\\-lf\\-dot | postfix | pass | fail | MUST |"));
	assert_non_null(strstr(o, "| smtp.pipelining.order | postfix | fail | pass |"));
	assert_non_null(strstr(o, "| smtp.rset.state | postfix | - | pass |"));
	assert_non_null(strstr(o, "| smtp.expn.disabled | postfix | pass | - |"));
	free(m.p);
	/* backwards: the regression is a fix */
	mem_open(&m);
	assert_int_equal(mr_render_diff(m.f, &b, &a, &dc), MP_OK);
	mem_done(&m);
	free(m.p);
	/* pipelining.order: pass -> fail, vrfy.reply: skip -> fail */
	assert_int_equal(dc.regressed, 2);
	assert_int_equal(dc.fixed, 1);
	/* the same file: nothing */
	mem_open(&m);
	assert_int_equal(mr_render_diff(m.f, &b, &b, &dc), MP_OK);
	mem_done(&m);
	free(m.p);
	assert_int_equal(dc.regressed + dc.fixed + dc.appeared + dc.vanished + dc.changed, 0);
	assert_int_equal(dc.same, 19);
	mr_free(&a);
	mr_free(&b);
	/* skip -> fail is a regression; error -> pass a fix; hostile text
	 * stays escaped */
	rj_error e;
	assert_int_equal(load_str("{\"checks\":[{\"id\":\"a\",\"status\":\"skip\",\"level\":\"MUST\","
				  "\"ref\":\"r\",\"message\":\"\"},{\"id\":\"b\",\"status\":\"error\","
				  "\"level\":\"MUST\",\"ref\":\"r\",\"message\":\"\"}]}", &a, &e),
			 MP_OK);
	assert_int_equal(load_str("{\"checks\":[{\"id\":\"a\",\"status\":\"fail\",\"level\":\"MUST\","
				  "\"ref\":\"r\",\"message\":\"<img src=x onerror=y>|`\"},{\"id\":\"b\","
				  "\"status\":\"pass\",\"level\":\"MUST\",\"ref\":\"r\",\"message\":\"\"}]}",
				  &b, &e),
			 MP_OK);
	mem_open(&m);
	assert_int_equal(mr_render_diff(m.f, &a, &b, &dc), MP_OK);
	o = mem_done(&m);
	assert_int_equal(dc.regressed, 1);
	assert_int_equal(dc.fixed, 1);
	assert_non_null(strstr(o, "\\<img src=x onerror=y\\>\\|\\` |"));
	free(m.p);
	mr_free(&a);
	mr_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rjson_values),
		cmocka_unit_test(test_rjson_errors),
		cmocka_unit_test(test_rjson_limits),
		cmocka_unit_test(test_results_minimal),
		cmocka_unit_test(test_results_full),
		cmocka_unit_test(test_results_errors),
		cmocka_unit_test(test_escape_html),
		cmocka_unit_test(test_escape_xml),
		cmocka_unit_test(test_escape_script),
		cmocka_unit_test(test_escape_md),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_markdown_hostile),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_html_hostile),
		cmocka_unit_test(test_junit),
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_diff),
	};
	return cmocka_run_group_tests_name("reports", tests, NULL, NULL);
}
