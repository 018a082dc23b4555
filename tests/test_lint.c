/* test_lint.c: the message linter. Each case lists the rules it must
 * find (rule@first-offset) and is fed whole, byte by byte and split at
 * every offset: the findings (rule, first offset, count) must agree. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "mailprobe/lint.h"

struct cx {
	mp_lint l;
	mp_lint_opts o;
	uint8_t mem[MP_LINT_ARENA_MIN];
	mp_lint_finding fv[256];
};

static void cx_reset(void *c)
{
	struct cx *x = c;
	mp_lint_init(&x->l, &x->o, x->mem, sizeof(x->mem), 0);
}

static size_t cx_feed(void *c, const uint8_t *buf, size_t len, bool eof,
		      mpt_log *log)
{
	struct cx *x = c;
	size_t u = 0;
	mp_rc rc = mp_lint_feed(&x->l, buf, len, eof, &u);
	assert_true(u <= len);
	if (eof) {
		assert_int_equal(rc, MP_OK);
		assert_int_equal(u, len);
		size_t n = mp_lint_findings(&x->l, x->fv, MP_ARRAY_LEN(x->fv));
		for (size_t i = 0; i < n && i < MP_ARRAY_LEN(x->fv); i++)
			mpt_log_printf(log, "%s@%llu x%llu\n",
				       mp_rule_name(x->fv[i].rule),
				       (unsigned long long)x->fv[i].first,
				       (unsigned long long)x->fv[i].count);
		mpt_log_printf(log, "parts %llu\n", (unsigned long long)x->l.parts);
	}
	return u;
}

struct tcase {
	const char *name;
	const char *in;
	unsigned flags;
	const char *want; /* rule@offset items that must be in the log */
	const char *not;  /* rules that must not be */
	bool conforms;
};

#define HDR "From: a@example.org\r\nDate: Fri, 21 Nov 1997 09:55:06 -0600\r\nMessage-ID: <1@x>\r\n"
#define L80 "12345678901234567890123456789012345678901234567890123456789012345678901234567890"

static const struct tcase cases[] = {
	{ "clean", HDR "Subject: hello\r\n\r\nbody\r\n", 0, "", "", true },
	{ "clean mime", HDR "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
	  "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
	  "aGk=\r\n--b--\r\n", 0, "", "", true },
	{ "no from, no date", "Subject: x\r\n\r\nbody\r\n", 0,
	  "RFC5322_DATE_MISSING@12 RFC5322_FROM_MISSING@12", "", false },
	{ "duplicate subject", HDR "Subject: a\r\nSubject: b\r\n\r\n", 0,
	  "RFC5322_FIELD_DUPLICATE@91", "", false },
	{ "body line 78 and 998", HDR "\r\n" L80 "\r\nshort\r\n", 0,
	  "RFC5322_LINE_LONG@159", "WIRE_LINE_TOO_LONG", false },
	{ "bare LF in body", HDR "\r\na\nb\r\n", 0, "WIRE_BARE_LF@82", "", false },
	{ "8bit in 7bit body", HDR "\r\nh\xc3\xa9\r\n", 0,
	  "MIMETREE_7BIT_HIGH@82 WIRE_8BIT_OCTET@82", "", false },
	{ "8bit declared", HDR "MIME-Version: 1.0\r\nContent-Transfer-Encoding: 8bit\r\n\r\nh\xc3\xa9\r\n",
	  0, "WIRE_8BIT_OCTET@134", "MIMETREE_7BIT_HIGH", true },
	{ "mime without version", HDR "Content-Type: text/plain; charset=us-ascii\r\n\r\nx\r\n", 0,
	  "MIMETREE_VERSION_MISSING@79", "", false },
	{ "bad base64", HDR "MIME-Version: 1.0\r\nContent-Transfer-Encoding: base64\r\n\r\naGk*\r\n",
	  0, "B64_JUNK@138 B64_TRUNCATED@135", "", false },
	{ "bad qp", HDR "MIME-Version: 1.0\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\na=Zb\r\n",
	  0, "QP_BAD_ESCAPE@146", "", false },
	{ "close missing", HDR "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
	  "--b\r\n\r\nx\r\n", 0, "MIMETREE_CLOSE_MISSING@153", "", false },
	{ "8-bit header", HDR "Subject: h\xc3\xa9\r\n\r\n", 0, "RFC5322_8BIT@", "", false },
	{ "8-bit header utf8", HDR "Subject: h\xc3\xa9\r\n\r\n", MP_LINT_UTF8, "",
	  "RFC5322_8BIT", true },
	{ "encoded-word", HDR "Subject: =?utf-8?x?abc?=\r\n\r\n", 0, "RFC2047_", "", false },
	{ "header line 998", HDR "Subject: " L80 L80 L80 L80 L80 L80 L80 L80 L80 L80 L80 L80 L80 "\r\n\r\n",
	  0, "RFC5322_LINE_TOO_LONG@", "", false },
};

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < MP_ARRAY_LEN(cases); i++) {
		const struct tcase *t = &cases[i];
		struct cx *x = calloc(1, sizeof(*x));
		x->o.flags = t->flags;
		mpt_reader r = { cx_reset, cx_feed, x };
		mpt_log whole = { 0 };
		size_t n = strlen(t->in);
		char *err = mpt_check_splits(&r, (const uint8_t *)t->in, n, 600,
					     true, &whole);
		if (err)
			fail_msg("%s: %s", t->name, err);
		mpt_log_printf(&whole, "%s", "");
		/* every wanted item is there */
		char want[1024];
		snprintf(want, sizeof(want), "%s", t->want);
		for (char *tok = want, *sp; tok && *tok; tok = sp) {
			sp = strchr(tok, ' ');
			if (sp)
				*sp++ = '\0';
			if (strstr(whole.p, tok) == NULL)
				fail_msg("%s: want %s, got\n%s", t->name, tok, whole.p);
		}
		if (*t->not && strstr(whole.p, t->not) != NULL)
			fail_msg("%s: %s must not be found, got\n%s", t->name, t->not,
				 whole.p);
		cx_reset(x);
		size_t u;
		mp_lint_feed(&x->l, (const uint8_t *)t->in, n, true, &u);
		if (mp_lint_nonconforming(&x->l) == t->conforms)
			fail_msg("%s: conforms got %d, want %d\n%s", t->name,
				 !t->conforms, t->conforms, whole.p);
		mpt_log_free(&whole);
		free(x);
	}
}

/* A long message in small chunks: bounded state, counts add up. */
static void test_stream(void **state)
{
	(void)state;
	struct cx *x = calloc(1, sizeof(*x));
	cx_reset(x);
	static const char head[] = HDR "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n";
	static const char part[] = "--b\r\nContent-Transfer-Encoding: base64\r\n\r\naGk=\r\n";
	size_t u;
	mp_lint_feed(&x->l, (const uint8_t *)head, sizeof(head) - 1, false, &u);
	assert_int_equal(u, sizeof(head) - 1);
	char held[256];
	size_t nh = 0;
	for (int i = 0; i < 20000; i++) {
		memcpy(held + nh, part, sizeof(part) - 1);
		nh += sizeof(part) - 1;
		mp_lint_feed(&x->l, (const uint8_t *)held, nh, false, &u);
		memmove(held, held + u, nh - u);
		nh -= u;
		assert_true(nh < 128);
	}
	memcpy(held + nh, "--b--\r\n", 7);
	nh += 7;
	assert_int_equal(mp_lint_feed(&x->l, (const uint8_t *)held, nh, true, &u), MP_OK);
	assert_int_equal(x->l.parts, 20001);
	assert_false(mp_lint_nonconforming(&x->l));
	free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_stream),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
