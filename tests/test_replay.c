/* test_replay.c: the conversation script reader (every step kind, every
 * error with line:column, escapes, variables, IMAP literal splitting),
 * the engine's expectations and oracle against scripted fake servers on
 * 127.0.0.1 (a child process per server), hostile servers (endless
 * lines, huge literals, slow senders, resets) ending in findings within
 * their deadlines, results.json (structure, and reports/schema.json via
 * python3-jsonschema when present), JUnit escaping, and every script
 * under scripts/ reads. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mailprobe/replay.h"

#define HDR "id: t.x\ntitle: t\nprotocol: smtp\nref: RFC 5321 4.1.4\nlevel: MUST\n\n"
#define IHDR "id: t.i\ntitle: t\nprotocol: imap\nref: RFC 9051 6\nlevel: MUST\n\n"

static mp_script *parse_ok(const char *src)
{
	mp_script *s = NULL;
	mp_script_err e;
	mp_rc rc = mp_script_parse("t.mps", NULL, (const uint8_t *)src, strlen(src),
				   MP_SCRIPT_NO_FILES, &s, &e);
	if (rc != MP_OK)
		fail_msg("got error %u:%u %s, want a script", e.line, e.col, e.msg);
	return s;
}

/* ---- the reader ------------------------------------------------------------ */

static void test_every_step(void **state)
{
	(void)state;
	mp_script *s = parse_ok(
		"# c\n"
		"id: smtp.a.b\ntitle: T\nprotocol: e2e\nref: RFC 5321 4.1.4\nlevel: SHOULD\n"
		"needs: smtp pop3\ntimeout: 30\ntags: a b\n\n"
		"connect c smtp\n"                        /* 0 */
		"connect s submission starttls\n"         /* 1 */
		"connect p pop3 tls\n"                    /* 2 */
		"connect i imap\n"                        /* 3 */
		"expect c reply 250|251 /ok/ enhanced 2.1.5 within 3\n" /* 4 */
		"expect c reply 2xx\n"                    /* 5 */
		"send c EHLO x\n"                         /* 6 */
		"sendraw c \\r\\n\n"                      /* 7 */
		"sendfile c d.eml dotstuff\n"             /* 8 */
		"sendfile c d.eml bdat 100\n"             /* 9 */
		"sendfile c d.eml\n"                      /* 10 */
		"pipeline c\nsend c A\nsend c B\nend\n"   /* 11-14 */
		"expect p ok multiline /x/\n"             /* 15 */
		"expect p err\n"                          /* 16 */
		"expect p continue\n"                     /* 17 */
		"expect i tagged a1 OK|NO /done/\n"       /* 18 */
		"expect i untagged EXISTS /1/\n"          /* 19 */
		"expect i no-untagged BYE\n"              /* 20 */
		"expect i greeting PREAUTH\n"             /* 21 */
		"expect i line /^x/\n"                    /* 22 */
		"expect i closed\n"                       /* 23 */
		"expect i silence 200\n"                  /* 24 */
		"expect i message\n"                      /* 25 */
		"expect i body d.eml\n"                   /* 26 */
		"capture c v /id=([0-9]+)/\n"             /* 27 */
		"send c X ${v}\n"                         /* 28 */
		"require c cap PIPELINING\n"              /* 29 */
		"check sub MAY RFC 2920 3.1: replies in order\n" /* 30 */
		"until 5\nwait 10\nend\n"                 /* 31-33 */
		"tls c\nshutdown c\nclose c\n");          /* 34-36 */
	assert_non_null(s);
	assert_string_equal(mp_script_str(s, s->id), "smtp.a.b");
	assert_int_equal(s->level, MP_SHOULD);
	assert_int_equal(s->timeout_s, 30);
	assert_int_equal(s->nconns, 4);
	assert_int_equal(s->needs, 0xf);
	assert_int_equal(s->nsteps, 37);
	const mp_step *t = s->steps;
	assert_int_equal(t[1].mode, MP_CM_STARTTLS);
	assert_int_equal(t[1].tkind, MP_TK_SUBMISSION);
	assert_int_equal(t[2].mode, MP_CM_TLS);
	assert_int_equal(t[4].ex, MP_E_REPLY);
	assert_int_equal(t[4].ncodes, 2);
	assert_int_equal(t[4].codes[1].lo, 251);
	assert_true(t[4].has_esc && t[4].esc[0] == 2 && t[4].esc[1] == 1 && t[4].esc[2] == 5);
	assert_true(t[4].re.present && t[4].re.compiled);
	assert_int_equal(t[4].within_ms, 3000);
	assert_int_equal(t[5].codes[0].lo, 200);
	assert_int_equal(t[5].codes[0].hi, 299);
	assert_int_equal(t[8].mode, MP_FM_DOTSTUFF);
	assert_int_equal(t[9].mode, MP_FM_BDAT);
	assert_int_equal(t[9].num, 100);
	assert_int_equal(t[11].kind, MP_S_PIPELINE);
	assert_int_equal(t[11].match, 14);
	assert_int_equal(t[14].match, 11);
	assert_true(t[15].multiline);
	assert_int_equal(t[18].ist, MP_IST_OK | MP_IST_NO);
	assert_string_equal(mp_script_str(s, t[18].name), "a1");
	assert_string_equal(mp_script_str(s, t[19].name), "EXISTS");
	assert_int_equal(t[21].ist, MP_IST_PREAUTH);
	assert_int_equal(t[24].num, 200);
	assert_string_equal(mp_script_str(s, t[27].name), "v");
	assert_true(t[28].text.has_vars);
	assert_int_equal(s->nchecks, 2);
	assert_string_equal(mp_script_str(s, s->checks[1].id), "smtp.a.b.sub");
	assert_string_equal(mp_script_str(s, s->checks[1].ref), "RFC 2920 3.1");
	assert_string_equal(mp_script_str(s, s->checks[1].title), "replies in order");
	assert_int_equal(s->checks[1].level, MP_MAY);
	assert_int_equal(t[31].kind, MP_S_UNTIL);
	assert_int_equal(t[31].num, 5000);
	assert_int_equal(t[32].check, 1);
	assert_int_equal(t[29].check, 0);
	for (size_t i = 0; i < s->nsteps; i++)
		assert_true(t[i].line > 0 && t[i].col == 1);
	mp_script_free(&s);
	assert_null(s);
}

struct errcase {
	const char *src;
	unsigned line, col;
	const char *msg;
};

static void test_errors(void **state)
{
	(void)state;
	static const struct errcase cases[] = {
		{ "title: t\n\nconnect c smtp\n", 2, 1, "no 'id:'" },
		{ "id: a\nid: b\n", 2, 1, "twice" },
		{ "id: A..b\n", 1, 5, "dotted" },
		{ "bogus: x\n", 1, 1, "unknown header key" },
		{ " id: x\n", 1, 1, "column 1" },
		{ "id: x\nlevel: MUSTNT\n", 2, 8, "level is" },
		{ "id: x\nprotocol: http\n", 2, 11, "protocol is" },
		{ "id: x\ntimeout: 0\n", 2, 10, "timeout must" },
		{ "id: x\nneeds: smtp lmtp\n", 2, 13, "unknown need" },
		{ HDR, 6, 1, "no steps" },
		{ HDR "connect c smtp\nfrobnicate c\n", 8, 1, "unknown step" },
		{ HDR "send c x\n", 7, 6, "unknown connection" },
		{ HDR "connect 1c smtp\n", 7, 9, "connection name" },
		{ HDR "connect c ftp\n", 7, 11, "unknown kind" },
		{ HDR "connect c smtp ssl\n", 7, 16, "connect mode" },
		{ HDR "connect c smtp\nsend c a\\x4\n", 8, 9, "two hex digits" },
		{ HDR "connect c smtp\nsend c a\\\x01\n", 8, 10, "control octet" },
		{ HDR "connect c smtp\nsend c ${nope}\n", 8, 8, "unknown variable ${nope}" },
		{ HDR "connect c smtp\nsend c ${us-er}\n", 8, 12, "bad character" },
		{ HDR "connect c smtp\nsend c ${user\n", 8, 8, "missing }" },
		{ HDR "connect c smtp\nsend c ${}\n", 8, 8, "1 to" },
		{ HDR "connect c smtp\nexpect c reply 2x5\n", 8, 16, "bad reply code" },
		{ HDR "connect c smtp\nexpect c reply 250|\n", 8, 20, "missing after |" },
		{ HDR "connect c smtp\nexpect c reply 250 /a(/\n", 8, 20, "bad pattern" },
		{ HDR "connect c smtp\nexpect c reply 250 /abc\n", 8, 20, "missing closing /" },
		{ HDR "connect c smtp\nexpect c reply 250 enhanced 2.1\n", 8, 29, "enhanced status" },
		{ HDR "connect c smtp\nexpect c reply 250 bogus\n", 8, 20, "unexpected 'bogus'" },
		{ HDR "connect c smtp\nexpect c ok\n", 8, 10, "not for a smtp" },
		{ HDR "connect c smtp\nexpect c wibble\n", 8, 10, "unknown expectation" },
		{ HDR "connect c smtp\nexpect c reply 250 within 0\n", 8, 27, "within must" },
		{ HDR "connect c smtp\nexpect c closed now\n", 8, 17, "unexpected 'now'" },
		{ HDR "connect c imap\nexpect c tagged a1 MAYBE\n", 8, 20, "bad status" },
		{ HDR "connect c imap\nexpect c greeting NO\n", 8, 19, "bad status" },
		{ HDR "connect c imap\nexpect c tagged a(1 OK\n", 8, 18, "bad character in a tag" },
		{ HDR "connect c imap\nsend c a APPEND x {{abc\n", 8, 19, "missing }}" },
		{ HDR "connect c imap\nsend c a {{x{{y}}\n", 8, 13, "inside a literal" },
		{ HDR "connect c imap\npipeline c\nsend c a {{x}}\nend\n", 9, 1, "not in a pipeline" },
		{ HDR "connect c smtp\npipeline c\nexpect c reply 250\nend\n", 9, 1, "only send" },
		{ HDR "connect c smtp\npipeline c\n", 8, 1, "pipeline without end" },
		{ HDR "connect c smtp\nend\n", 8, 1, "end without" },
		{ HDR "until 5\nuntil 3\n", 8, 1, "cannot nest" },
		{ HDR "until 5\ncheck a MUST RFC 1: x\nend\n", 8, 1, "check inside" },
		{ HDR "check a MUST RFC 1 no colon\n", 7, 14, "REF: TEXT" },
		{ HDR "check a NEVER RFC 1: x\n", 7, 9, "bad level" },
		{ HDR "check A MUST RFC 1: x\n", 7, 7, "check id" },
		{ HDR "check a MUST RFC 1: x\ncheck a MUST RFC 1: y\n", 8, 7, "defined twice" },
		{ HDR "connect c smtp\ncapture c v /nogroup/\n", 8, 13, "needs a group" },
		{ HDR "connect c smtp\ncapture c user /(x)/\n", 8, 11, "given by the target" },
		{ HDR "connect c smtp\nrequire c ext X\n", 8, 11, "unknown requirement" },
		{ HDR "wait x\n", 7, 6, "wait must" },
		{ HDR "connect c smtp\nexpect c silence 0\n", 8, 18, "silence must" },
		{ HDR "connect c smtp\nsendfile c f.eml zip\n", 8, 18, "unknown sendfile mode" },
		{ HDR "connect c smtp\nsendfile c f.eml bdat 0\n", 8, 23, "chunk size must" },
		{ HDR "connect c smtp\nsend c a\x01\n", 8, 9, "control octet" },
		{ HDR "connect c smtp\nexpect c line /a\\0/\n", 8, 17, "NUL" },
		{ HDR "connect c smtp\nexpect c line /a+*/\n", 8, 15, "stacked quantifiers" },
		{ HDR "connect c smtp\nexpect c line /a{21}/\n", 8, 15, "count over 20" },
		{ HDR "connect c smtp\nexpect c line /a{2}b{2}c{2}/\n", 8, 15, "too many" },
		{ HDR "assert 1 ~ 2\n", 7, 10, "unknown operator" },
		{ HDR "assert 1 <\n", 7, 11, "missing right value" },
		{ HDR "assert 1 < 2 3\n", 7, 14, "unexpected '3'" },
		{ HDR "connect c smtp\nexpect c no-cap\n", 8, 16, "missing capability name" },
		{ HDR "until 5\nfinally\nend\nend\n", 8, 1, "cannot nest" },
		{ HDR "finally\nwait 1\n", 7, 1, "finally without end" },
		{ HDR "finally\nend\nwait 1\n", 9, 1, "no steps after finally" },
		{ HDR "finally\ncheck a MUST RFC 1: x\nend\n", 8, 1, "check inside" },
		{ HDR "connect c imap\nbdat c LAST x\n", 8, 1, "bdat is for SMTP" },
		{ HDR "connect c smtp\npipeline c\nwait 1\nend\n", 9, 1, "only send, sendraw, sendfile and bdat" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(cases); i++) {
		const struct errcase *c = &cases[i];
		mp_script *s = NULL;
		mp_script_err e;
		mp_rc rc = mp_script_parse("t.mps", NULL, (const uint8_t *)c->src, strlen(c->src),
					   MP_SCRIPT_NO_FILES, &s, &e);
		if (rc != MP_INVALID || e.line != c->line || e.col != c->col ||
		    strstr(e.msg, c->msg) == NULL)
			fail_msg("case %zu: got %s %u:%u \"%s\", want %u:%u \"%s\"", i,
				 rc == MP_OK ? "OK" : "error", e.line, e.col, e.msg, c->line,
				 c->col, c->msg);
		assert_null(s);
	}
	/* a missing data file, a NUL in the script, an over-long line */
	mp_script *s = NULL;
	mp_script_err e;
	const char *src = HDR "connect c smtp\nsendfile c no-such-file.eml\n";
	assert_int_equal(mp_script_parse("t", "/nonexistent", (const uint8_t *)src, strlen(src), 0, &s, &e),
			 MP_INVALID);
	assert_int_equal(e.line, 8);
	assert_int_equal(e.col, 12);
	const char nul[] = HDR "connect c smtp\nsend c a\0b\n";
	assert_int_equal(mp_script_parse("t", NULL, (const uint8_t *)nul, sizeof nul - 1,
					 MP_SCRIPT_NO_FILES, &s, &e), MP_INVALID);
	assert_int_equal(e.line, 8);
	assert_int_equal(e.col, 9);
	size_t n = strlen(HDR) + MP_SCRIPT_LINE_MAX + 100;
	char *big = malloc(n + 1);
	assert_non_null(big);
	memcpy(big, HDR, strlen(HDR));
	memset(big + strlen(HDR), 'a', n - strlen(HDR));
	big[n] = 0;
	assert_int_equal(mp_script_parse("t", NULL, (const uint8_t *)big, n, MP_SCRIPT_NO_FILES, &s, &e),
			 MP_INVALID);
	assert_int_equal(e.line, 7);
	free(big);
}

static bool vars_cb(void *ctx, const char *name, mp_slice *v)
{
	(void)ctx;
	if (strcmp(name, "user") == 0) {
		*v = MP_LIT("al.ice");
		return true;
	}
	if (strcmp(name, "uniq") == 0) {
		*v = MP_LIT("U1");
		return true;
	}
	return false;
}

static void expand_one(const mp_script *s, const mp_text *t, const char *want, size_t wn,
		       size_t want_lits)
{
	uint8_t out[512];
	size_t n, nl;
	mp_lit_span lits[MP_LITS_MAX];
	char err[200];
	assert_int_equal(mp_text_expand(s, t, vars_cb, NULL, out, sizeof out, &n, lits, &nl, err,
					sizeof err), MP_OK);
	if (n != wn || memcmp(out, want, wn) != 0)
		fail_msg("got %.*s (%zu), want %.*s (%zu)", (int)n, out, n, (int)wn, want, wn);
	assert_int_equal(nl, want_lits);
}

static void test_escapes_and_vars(void **state)
{
	(void)state;
	mp_script *s = parse_ok(HDR "connect c smtp\n"
				"send c a\\r\\n\\t\\0\\\\\\x41\\xfF\\$x ${user}$ {{x}}\n"
				"send c  two  spaces \n"
				"expect c line /^${user}\\.x\\/y\\x2e\\$/\n");
	expand_one(s, &s->steps[1].text, "a\r\n\t\0\\A\xff$x al.ice$ {{x}}", 24, 0);
	expand_one(s, &s->steps[2].text, " two  spaces ", 13, 0);
	/* in patterns: variables match literally, \/ is a slash, a
	 * metacharacter in hex is escaped, \$ stays a regex escape */
	expand_one(s, &s->steps[3].re.t, "^al\\.ice\\.x/y\\.\\$", 17, 0);
	assert_false(s->steps[3].re.compiled);
	/* an unknown value at run time */
	mp_script_free(&s);
	s = parse_ok(HDR "connect c smtp\nsend c ${rcpt}\n");
	uint8_t out[64];
	size_t n, nl;
	mp_lit_span lits[MP_LITS_MAX];
	char err[200];
	assert_int_equal(mp_text_expand(s, &s->steps[1].text, vars_cb, NULL, out, sizeof out, &n,
					lits, &nl, err, sizeof err), MP_INVALID);
	assert_non_null(strstr(err, "${rcpt}"));
	assert_int_equal(mp_text_expand(s, &s->steps[1].text, vars_cb, NULL, out, 2, &n,
					lits, &nl, err, sizeof err), MP_INVALID);
	mp_script_free(&s);
}

/* New steps and forms: assert, finally, bdat, cap/no-cap, no-untagged
 * with a pattern; a backslash that is no escape stays in send text. */
static void test_new_steps(void **state)
{
	(void)state;
	mp_script *s = parse_ok(IHDR "connect c imap\n"                 /* 0 */
		"send c a1 STORE 1 +FLAGS (\\Seen \\\\Deleted \\/x) \\\n" /* 1 */
		"assert ${uniq} >= 10\n"                                      /* 2 */
		"assert a\\x20b != x\n"                                      /* 3 */
		"expect c cap APPENDLIMIT\n"                                  /* 4 */
		"expect c no-cap STARTTLS within 2\n"                         /* 5 */
		"expect c no-untagged EXPUNGE /^\\* 1 /\n"                  /* 6 */
		"require c cap APPENDLIMIT\n"                                 /* 7 */
		"finally\n"                                                   /* 8 */
		"until 3\npipeline c\nsend c a2 LOGOUT\nend\nend\n"       /* 9-13 */
		"send c a3 NOOP\n"                                            /* 14 */
		"end\n");                                                      /* 15 */
	expand_one(s, &s->steps[1].text, "a1 STORE 1 +FLAGS (\\Seen \\Deleted \\/x) \\", 40, 0);
	assert_int_equal(s->steps[2].kind, MP_S_ASSERT);
	assert_int_equal(s->steps[2].op, MP_OP_GE);
	expand_one(s, &s->steps[2].text, "U1", 2, 0);
	expand_one(s, &s->steps[2].text2, "10", 2, 0);
	assert_int_equal(s->steps[3].op, MP_OP_NE);
	expand_one(s, &s->steps[3].text, "a b", 3, 0);
	assert_int_equal(s->steps[4].ex, MP_E_CAP);
	assert_string_equal(mp_script_str(s, s->steps[4].name), "APPENDLIMIT");
	assert_int_equal(s->steps[5].ex, MP_E_NO_CAP);
	assert_int_equal(s->steps[5].within_ms, 2000);
	assert_true(s->steps[6].re.present);
	assert_int_equal(s->finally_step, 8);
	assert_int_equal(s->steps[8].match, 15);
	assert_int_equal(s->steps[9].match, 13);
	assert_int_equal(s->steps[10].match, 12);
	mp_script_free(&s);
	s = parse_ok(HDR "connect c smtp\nbdat c LAST Subject: ${uniq}\\r\\n\nbdat c LASTx\n"
		     "pipeline c\nbdat c  two\nend\n");
	assert_int_equal(s->steps[1].kind, MP_S_BDAT);
	assert_true(s->steps[1].last);
	expand_one(s, &s->steps[1].text, "Subject: U1\r\n", 13, 0);
	assert_false(s->steps[2].last);
	expand_one(s, &s->steps[2].text, "LASTx", 5, 0);
	expand_one(s, &s->steps[4].text, " two", 4, 0);
	assert_int_equal(s->finally_step, -1);
	mp_script_free(&s);
}

static void test_literals(void **state)
{
	(void)state;
	mp_script *s = parse_ok(IHDR "connect c imap\n"
				"send c a APPEND INBOX {{Subject: ${uniq}\\r\\n}} {{+pl}}{{-mi}} {{~b\\x00n}}{{}}\n");
	uint8_t out[256];
	size_t n, nl;
	mp_lit_span l[MP_LITS_MAX];
	char err[200];
	assert_int_equal(mp_text_expand(s, &s->steps[1].text, vars_cb, NULL, out, sizeof out, &n, l,
					&nl, err, sizeof err), MP_OK);
	assert_int_equal(nl, 5);
	assert_int_equal(l[0].form, MP_LIT_SYNC);
	assert_int_equal(l[0].len, 13);
	assert_memory_equal(out + l[0].pos, "Subject: U1\r\n", 13);
	assert_int_equal(l[1].form, MP_LIT_PLUS);
	assert_memory_equal(out + l[1].pos, "pl", 2);
	assert_int_equal(l[2].form, MP_LIT_MINUS);
	assert_int_equal(l[3].form, MP_LIT_8);
	assert_int_equal(l[3].len, 3);
	assert_memory_equal(out + l[3].pos, "b\0n", 3);
	assert_int_equal(l[4].len, 0);
	assert_memory_equal(out, "a APPEND INBOX ", 15);
	mp_script_free(&s);
	/* {{ on a non-IMAP connection is text */
	s = parse_ok(HDR "connect c smtp\nsend c {{x}}\n");
	expand_one(s, &s->steps[1].text, "{{x}}", 5, 0);
	mp_script_free(&s);
}

static void test_targets(void **state)
{
	(void)state;
	mp_target t;
	char err[200];
	assert_int_equal(mp_target_parse("smtp://127.0.0.1:10025", &t, err, sizeof err), MP_OK);
	assert_int_equal(t.kind, MP_TK_SMTP);
	assert_string_equal(t.port, "10025");
	assert_false(t.tls);
	assert_int_equal(mp_target_parse("imaps://[::1]", &t, err, sizeof err), MP_OK);
	assert_string_equal(t.host, "::1");
	assert_string_equal(t.port, "993");
	assert_true(t.tls);
	assert_int_equal(mp_target_parse("submission://localhost:587/", &t, err, sizeof err), MP_OK);
	assert_int_equal(t.kind, MP_TK_SUBMISSION);
	assert_int_equal(mp_target_parse("http://x", &t, err, sizeof err), MP_INVALID);
	assert_int_equal(mp_target_parse("smtp://x:0", &t, err, sizeof err), MP_INVALID);
	assert_int_equal(mp_target_parse("smtp://x:99999", &t, err, sizeof err), MP_INVALID);
	assert_int_equal(mp_target_parse("smtp://u@x", &t, err, sizeof err), MP_INVALID);
	assert_int_equal(mp_target_parse("pop3://[::1", &t, err, sizeof err), MP_INVALID);
	/* NAME=URL */
	assert_int_equal(mp_target_parse("post-fix.1=smtp://127.0.0.1:25", &t, err, sizeof err), MP_OK);
	assert_string_equal(t.name, "post-fix.1");
	assert_string_equal(t.url, "smtp://127.0.0.1:25");
	assert_string_equal(mp_target_label(&t), "post-fix.1");
	assert_int_equal(mp_target_parse("smtp://127.0.0.1:25", &t, err, sizeof err), MP_OK);
	assert_string_equal(mp_target_label(&t), "smtp://127.0.0.1:25");
	assert_int_equal(mp_target_parse("=smtp://x", &t, err, sizeof err), MP_INVALID);
	assert_int_equal(mp_target_parse("a b=smtp://x", &t, err, sizeof err), MP_INVALID);
	assert_non_null(strstr(err, "target name"));
	assert_true(mp_addr_is_loopback("127.0.0.1"));
	assert_true(mp_addr_is_loopback("127.9.9.9"));
	assert_true(mp_addr_is_loopback("::1"));
	assert_true(mp_addr_is_loopback("::ffff:127.0.0.1"));
	assert_false(mp_addr_is_loopback("10.0.0.1"));
	assert_false(mp_addr_is_loopback("::2"));
	assert_false(mp_addr_is_loopback("example.com"));
}

/* ---- fake servers ------------------------------------------------------------ */

/* A server in a child: sends say[0] at once, then say[k] after the k-th
 * line from the client; "" sends nothing; "@close" closes, "@rst"
 * resets, "@slow:TEXT" sends TEXT one octet per 300 ms, "@flood" sends
 * endless octets without a line end, "@hang" waits. */
typedef struct fake {
	pid_t pid;
	char url[64];
} fake;

static void say(int fd, const char *s)
{
	if (strncmp(s, "@slow:", 6) == 0) {
		for (s += 6; *s; s++) {
			if (write(fd, s, 1) != 1)
				return;
			poll(NULL, 0, 300);
		}
	} else if (strcmp(s, "@flood") == 0) {
		static char junk[65536];
		memset(junk, 'A', sizeof junk);
		while (write(fd, junk, sizeof junk) > 0)
			;
	} else if (strcmp(s, "@hang") == 0) {
		sleep(30);
	} else if (strcmp(s, "@rst") == 0) {
		struct linger lg = { 1, 0 };
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
		close(fd);
		_exit(0);
	} else if (strcmp(s, "@close") == 0) {
		close(fd);
		_exit(0);
	} else {
		size_t n = strlen(s);
		bool close_after = n >= 6 && strcmp(s + n - 6, "@close") == 0;
		if (write(fd, s, close_after ? n - 6 : n) < 0)
			_exit(0);
		if (close_after) {
			close(fd);
			_exit(0);
		}
	}
}

static fake fake_start(const char *scheme, const char *const *script, size_t n)
{
	fake f;
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(ls >= 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(ls, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(ls, 4), 0);
	socklen_t al = sizeof a;
	getsockname(ls, (struct sockaddr *)&a, &al);
	snprintf(f.url, sizeof f.url, "%s://127.0.0.1:%u", scheme, ntohs(a.sin_port));
	f.pid = fork();
	assert_true(f.pid >= 0);
	if (f.pid == 0) {
		signal(SIGPIPE, SIG_IGN);
		alarm(40);
		int fd = accept(ls, NULL, NULL);
		if (fd < 0)
			_exit(1);
		say(fd, script[0]);
		size_t k = 1;
		char line[4096];
		size_t ln = 0;
		while (k < n) {
			char ch;
			ssize_t r = read(fd, &ch, 1);
			if (r <= 0)
				break;
			if (ln < sizeof line)
				line[ln++] = ch;
			if (ch == '\n') {
				say(fd, script[k++]);
				ln = 0;
			}
		}
		/* then read until the client closes */
		char buf[256];
		while (read(fd, buf, sizeof buf) > 0)
			;
		_exit(0);
	}
	close(ls);
	return f;
}

static void fake_stop(fake *f)
{
	kill(f->pid, SIGKILL);
	waitpid(f->pid, NULL, 0);
}

static const mp_check *find_check(const mp_results *r, const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].id, id) == 0)
			return &r->v[i];
	return NULL;
}

/* The check id has status st, else a failure listing every check. */
static void want_status(const mp_results *r, const char *id, mp_status st)
{
	const mp_check *c = find_check(r, id);
	if (c && c->status == st)
		return;
	for (size_t i = 0; i < r->n; i++)
		print_error("  %s %s: %s\n", r->v[i].id, mp_status_name(r->v[i].status),
			    r->v[i].message);
	fail_msg("%s: got %s, want %s", id, c ? mp_status_name(c->status) : "nothing",
		 mp_status_name(st));
}

static bool keep_going; /* mp_replay_opts.keep_going for replay() */

/* Runs src against a fake server; the results in *res. */
static mp_status replay(const char *scheme, const char *const *srv, size_t n, const char *src,
			mp_results *res, uint32_t within_ms)
{
	fake f = fake_start(scheme, srv, n);
	mp_target t;
	char err[200];
	assert_int_equal(mp_target_parse(f.url, &t, err, sizeof err), MP_OK);
	mp_script *s = parse_ok(src);
	mp_replay_opts o;
	memset(&o, 0, sizeof o);
	o.targets = &t;
	o.ntargets = 1;
	o.user = "alice";
	o.password = "pw";
	o.rcpt = "alice@mailprobe.test";
	o.within_ms = within_ms;
	o.keep_going = keep_going;
	mp_results_init(res);
	mp_status st = mp_replay_run(s, &o, &t, res);
	mp_script_free(&s);
	fake_stop(&f);
	return st;
}

static void test_smtp_expectations(void **state)
{
	(void)state;
	static const char *const srv[] = {
		"220 mx ESMTP\r\n",
		"250-mx\r\n250-PIPELINING\r\n250 SIZE 100\r\n",
		"250 2.1.0 sender ok\r\n",
		"550 5.1.1 no such user\r\n",
		"221 bye\r\n",
		"@close",
	};
	mp_results r;
	mp_status st = replay("smtp", srv, MP_ARRAY_LEN(srv), HDR
		"connect c smtp\n"
		"expect c reply 220 /esmtp/\n"
		"send c EHLO t\n"
		"expect c reply 2xx\n"
		"require c cap PIPELINING\n"
		"capture c size /SIZE ([0-9]+)/\n"
		"send c MAIL FROM:<a@b> SIZE=${size}\n"
		"expect c reply 250 enhanced 2.1.0 /sender/\n"
		"check rcpt MUST RFC 5321 4.1.1.3: unknown users are refused\n"
		"send c RCPT TO:<${rcpt}>\n"
		"expect c reply 250|251\n"
		"send c QUIT\n"
		"expect c reply 221\n", &r, 2000);
	assert_int_equal(st, MP_FAIL);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.v[0].id, "t.x");
	assert_int_equal(r.v[0].status, MP_PASS);
	assert_string_equal(r.v[1].id, "t.x.rcpt");
	assert_int_equal(r.v[1].status, MP_FAIL);
	assert_int_equal(r.v[1].step_line, 17);
	assert_non_null(strstr(r.v[1].message, "550 5.1.1 no such user"));
	assert_true(r.v[1].has_excerpt);
	assert_memory_equal(r.v[1].ex.data, "550 5.1.1", 9);
	assert_int_equal(r.v[1].ex.offset, strlen(srv[0]) + strlen(srv[1]) + strlen(srv[2]));
	mp_results_free(&r);

	/* the oracle: a bare LF and a bad greeting code, whatever the steps */
	static const char *const bad[] = { "200 hi\n", "250 ok\r\n", "@close" };
	replay("smtp", bad, MP_ARRAY_LEN(bad), HDR
	       "connect c smtp\nexpect c reply 2xx\nsend c NOOP\nexpect c reply 250\nsend c QUIT\nexpect c closed\n",
	       &r, 2000);
	const mp_check *lf = find_check(&r, "oracle.smtp.SMTP_BARE_LF");
	assert_non_null(lf);
	assert_int_equal(lf->status, MP_FAIL);
	assert_int_equal(lf->level, MP_MUST);
	assert_int_equal(lf->ex.mark, 6);
	assert_non_null(find_check(&r, "oracle.smtp.SMTP_GREETING_CODE"));
	const mp_check *main_ = find_check(&r, "t.x");
	if (main_->status != MP_PASS)
		fail_msg("got %s: %s", mp_status_name(main_->status), main_->message);
	mp_results_free(&r);
}

/* keep_going: every reply that differs fails its check, the script
 * reads on; an error that is no reply (a closed connection) ends it */
static void test_keep_going(void **state)
{
	(void)state;
	static const char *const srv[] = {
		"220 mx ESMTP\r\n", "250 mx\r\n", "550 5.1.0 no\r\n", "550 5.1.1 no\r\n",
		"250 2.1.5 ok\r\n", "554 5.5.1 no valid recipients\r\n", "221 bye\r\n", "@close",
	};
	static const char *const src = HDR
		"connect c smtp\n"
		"expect c reply 220\n"
		"send c EHLO t\n"
		"expect c reply 250\n"
		"check mail MUST RFC 5321 4.1.1.2: MAIL accepted\n"
		"send c MAIL FROM:<a@b>\n"
		"expect c reply 250\n"
		"check rcpt MUST RFC 5321 4.1.1.3: RCPT accepted\n"
		"send c RCPT TO:<x@b>\n"
		"expect c reply 250\n"
		"send c RCPT TO:<y@b>\n"
		"expect c reply 250\n"
		"send c DATA\n"
		"expect c reply 354\n"
		"check quit MUST RFC 5321 4.1.1.10: QUIT answered\n"
		"send c QUIT\n"
		"expect c reply 221\n"
		"send c NOOP\n"
		"expect c reply 250\n";
	mp_results r;
	keep_going = true;
	mp_status st = replay("smtp", srv, MP_ARRAY_LEN(srv), src, &r, 2000);
	keep_going = false;
	assert_int_equal(st, MP_FAIL);
	assert_int_equal(r.n, 4);
	want_status(&r, "t.x", MP_PASS);
	want_status(&r, "t.x.mail", MP_FAIL);
	assert_int_equal(r.v[1].step_line, 13);
	assert_non_null(strstr(r.v[1].message, "550 5.1.0 no"));
	assert_null(strstr(r.v[1].message, "more"));
	assert_true(r.v[1].has_excerpt);
	assert_memory_equal(r.v[1].ex.data, "550 5.1.0", 9);
	/* two replies of rcpt differ: the first is named, the other counted */
	want_status(&r, "t.x.rcpt", MP_FAIL);
	assert_int_equal(r.v[2].step_line, 16);
	assert_non_null(strstr(r.v[2].message, "550 5.1.1 no"));
	assert_non_null(strstr(r.v[2].message, "; and 1 more reply differed"));
	assert_memory_equal(r.v[2].ex.data, "550 5.1.1", 9);
	/* QUIT answered, then the server closed: the NOOP gets no reply */
	want_status(&r, "t.x.quit", MP_FAIL);
	assert_non_null(strstr(r.v[3].message, "line 25: "));
	mp_results_free(&r);

	/* a failed check keeps its excerpt when the oracle reports more of
	 * the same connection as it closes (it reuses the excerpt buffer) */
	static const char *const late[] = { "220 mx\r\n", "550 5.0.0 no\r\n250 late\n", "@close" };
	replay("smtp", late, MP_ARRAY_LEN(late), HDR
	       "connect c smtp\nexpect c reply 220\nsend c NOOP\nexpect c reply 250\n", &r, 2000);
	want_status(&r, "t.x", MP_FAIL);
	assert_non_null(find_check(&r, "oracle.smtp.SMTP_BARE_LF"));
	const mp_check *tx = find_check(&r, "t.x");
	assert_true(tx->has_excerpt);
	assert_memory_equal(tx->ex.data, "550 5.0.0 no", 12);
	mp_results_free(&r);

	/* without keep_going the first difference ends the script */
	st = replay("smtp", srv, MP_ARRAY_LEN(srv), src, &r, 2000);
	assert_int_equal(st, MP_FAIL);
	want_status(&r, "t.x.mail", MP_FAIL);
	want_status(&r, "t.x.rcpt", MP_SKIP);
	want_status(&r, "t.x.quit", MP_SKIP);
	mp_results_free(&r);
}

static void test_pop3_expectations(void **state)
{
	(void)state;
	static const char *const srv[] = {
		"+OK ready <1.2@x>\r\n",
		"+OK\r\nUSER\r\nTOP\r\nUIDL\r\n.\r\n",
		"+OK 1 messages\r\n1 120\r\n.\r\n",
		"+OK 120 octets\r\nSubject: x\r\n\r\n..dot\r\n.\r\n",
		"-ERR no such message\r\n",
		"+OK bye\r\n@close",
	};
	mp_results r;
	mp_status st = replay("pop3", srv, MP_ARRAY_LEN(srv),
		"id: p.x\ntitle: t\nprotocol: pop3\nref: RFC 1939 5\nlevel: MUST\n\n"
		"connect p pop3\n"
		"expect p ok /ready/\n"
		"send p CAPA\n"
		"expect p ok multiline\n"
		"require p cap UIDL\n"
		"send p LIST\n"
		"expect p ok\n"
		"capture p size /^1 ([0-9]+)/\n"
		"send p RETR 1\n"
		"expect p ok multiline /${size} octets/\n"
		"expect p body /dev/null\n", &r, 2000);
	assert_int_equal(st, MP_FAIL); /* the body is not empty */
	assert_int_equal(r.v[0].status, MP_FAIL);
	assert_non_null(strstr(r.v[0].message, "differs"));
	mp_results_free(&r);
	replay("pop3", srv, MP_ARRAY_LEN(srv),
		"id: p.x\ntitle: t\nprotocol: pop3\nref: RFC 1939 5\nlevel: MUST\n\n"
		"connect p pop3\nexpect p ok\nsend p CAPA\nexpect p ok multiline\n"
		"send p LIST\nexpect p ok multiline\nsend p RETR 1\nexpect p ok multiline\n"
		"expect p line /./ within 1\n", &r, 2000);
	/* the unstuffed body was kept; nothing more came: a timeout */
	assert_int_equal(r.v[0].status, MP_FAIL);
	assert_non_null(strstr(r.v[0].message, "nothing complete in time"));
	mp_results_free(&r);
	replay("pop3", srv, MP_ARRAY_LEN(srv),
		"id: p.x\ntitle: t\nprotocol: pop3\nref: RFC 1939 5\nlevel: MUST\n\n"
		"connect p pop3\nexpect p ok\nsend p CAPA\nexpect p ok multiline\n"
		"send p LIST\nexpect p ok multiline\nsend p RETR 1\nexpect p ok multiline\n"
		"send p RETR 9\nexpect p err /no such/\nsend p QUIT\nexpect p ok\nexpect p closed\n",
		&r, 2000);
	want_status(&r, "p.x", MP_PASS);
	assert_int_equal(r.n, 1); /* and the oracle found nothing */
	mp_results_free(&r);
}

static void test_imap_expectations(void **state)
{
	(void)state;
	static const char *const srv[] = {
		"* OK [CAPABILITY IMAP4rev1 LITERAL+ IDLE] hi\r\n",
		"+ go\r\n",
		"* 3 EXISTS\r\n* 1 FETCH (BODY[] {5}\r\nhello)\r\na1 OK [APPENDUID 1 7] done\r\n",
		"* BYE logging out\r\na2 OK bye\r\n@close",
	};
	mp_results r;
	mp_status st = replay("imap", srv, MP_ARRAY_LEN(srv), IHDR
		"connect i imap\n"
		"expect i greeting OK\n"
		"require i cap IDLE\n"
		"send i a1 APPEND INBOX {{hello}}\n"
		"expect i tagged a1 OK /APPENDUID/\n"
		"capture i uid /APPENDUID [0-9]+ ([0-9]+)/\n"
		"expect i untagged EXISTS /3/\n"
		"expect i untagged FETCH\n"
		"expect i no-untagged EXPUNGE\n"
		"send i a2 LOGOUT ${uid}\n"
		"expect i tagged a2 OK\n"
		"expect i untagged BYE\n"
		"expect i closed\n", &r, 2000);
	want_status(&r, "t.i", MP_PASS);
	assert_int_equal(st, MP_PASS);
	assert_int_equal(r.n, 1);
	mp_results_free(&r);
	/* a synchronising literal refused with a tagged NO (RFC 9051 allows
	 * it): the send step stops there, the next tagged step judges it,
	 * untagged data read while waiting for + is kept for it */
	static const char *const no[] = {
		"* OK hi\r\n", "* 4 EXISTS\r\na1 NO [TOOBIG] no\r\n", "a2 OK fine\r\n", "",
	};
	replay("imap", no, MP_ARRAY_LEN(no), IHDR
	       "connect i imap\nexpect i greeting OK\nsend i a1 APPEND INBOX {{big}} {{more}}\n"
	       "expect i tagged a1 NO /\\[TOOBIG\\] no$/\nexpect i untagged EXISTS /^\\* 4 EXISTS$/\n"
	       "capture i t /^(a1 NO .*)$/\nassert \"${t}\" == \"a1\\x20NO\\x20[TOOBIG]\\x20no\"\n"
	       "send i a2 NOOP\nexpect i tagged a2 OK\n", &r, 2000);
	want_status(&r, "t.i", MP_PASS);
	mp_results_free(&r);
	/* the refusal judged by a tagged step that wants OK */
	replay("imap", no, MP_ARRAY_LEN(no), IHDR
	       "connect i imap\nexpect i greeting OK\nsend i a1 APPEND INBOX {{big}}\n"
	       "expect i tagged a1 OK\n", &r, 2000);
	want_status(&r, "t.i", MP_FAIL);
	assert_non_null(strstr(r.v[0].message, "a1 NO [TOOBIG] no"));
	mp_results_free(&r);
	/* no + and no tagged response: still a failure of the send step */
	static const char *const none[] = { "* OK hi\r\n", "* BAD what\r\n", "" };
	replay("imap", none, MP_ARRAY_LEN(none), IHDR
	       "connect i imap\nexpect i greeting OK\nsend i a1 APPEND INBOX {{big}} within 1\n", &r, 1000);
	want_status(&r, "t.i", MP_FAIL);
	assert_non_null(strstr(r.v[0].message, "continuation"));
	mp_results_free(&r);
}

/* capture sees lines without CRLF joined by LF; patterns see a response
 * without its line ends ($ before CRLF), IMAP also as sent */
static void test_lines_and_patterns(void **state)
{
	(void)state;
	static const char *const srv[] = {
		"* OK [CAPABILITY IMAP4rev2 APPENDLIMIT=35651584 STARTTLS] hi\r\n",
		"* 3 EXPUNGE\r\n* 2 EXPUNGE\r\n* 1 FETCH (BODY[] {7}\r\nab\r\ncd)\r\n"
		"* SEARCH 1 2 3\r\na1 OK done\r\n",
		"",
	};
	mp_results r;
	replay("imap", srv, MP_ARRAY_LEN(srv), IHDR
		"connect i imap\nexpect i greeting OK /hi$/\n"
		"require i cap APPENDLIMIT\nexpect i cap appendlimit\nexpect i no-cap IDLE\n"
		"send i a1 EXPUNGE\nexpect i tagged a1 OK /^a1 OK done$/\n"
		"expect i untagged SEARCH /^\\* SEARCH 1 2 3$/\n"
		"expect i untagged FETCH /\\{7\\}\\r\\nab/\n"       /* as sent */
		"expect i untagged FETCH /\\{7\\}$/\n"                  /* by lines */
		"expect i no-untagged EXPUNGE /^\\* 1 EXPUNGE$/\n"
		"capture i o /(\\* 3 EXPUNGE\\n\\* 2 EXPUNGE)\\n/\n"
		"capture i lit /\\n(ab\\ncd\\))\\n/\n"
		"capture i end /(done)$/\n"
		"assert ${end} == done\n", &r, 2000);
	want_status(&r, "t.i", MP_PASS);
	mp_results_free(&r);
	/* no-cap fails when the capability is listed, with the list */
	replay("imap", srv, MP_ARRAY_LEN(srv), IHDR
		"connect i imap\nexpect i greeting OK\nexpect i no-cap STARTTLS\n", &r, 2000);
	want_status(&r, "t.i", MP_FAIL);
	assert_non_null(strstr(r.v[0].message, "APPENDLIMIT=35651584"));
	mp_results_free(&r);
	/* SMTP: a reply's lines, AUTH PLAIN LOGIN as AUTH=PLAIN */
	static const char *const smtp[] = {
		"220 mx ESMTP\r\n", "250-mx\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 100\r\n", "",
	};
	replay("smtp", smtp, MP_ARRAY_LEN(smtp), HDR
		"connect c smtp\nexpect c reply 220\nexpect c no-cap STARTTLS\n", &r, 2000);
	want_status(&r, "t.x", MP_FAIL);
	assert_non_null(strstr(r.v[0].message, "no capability list"));
	mp_results_free(&r);
	replay("smtp", smtp, MP_ARRAY_LEN(smtp), HDR
		"connect c smtp\nexpect c reply 220\nsend c EHLO t\nexpect c reply 250 /^SIZE 100$/\n"
		"require c cap AUTH=PLAIN\nexpect c cap SIZE\nexpect c no-cap STARTTLS\n"
		"expect c no-cap AUTH=CRAM-MD5\n"
		"capture c all /^250-(mx\\n250-AUTH PLAIN LOGIN)$/\ncapture c x /^250 (SIZE [0-9]+)$/\n"
		"assert ${x} == SIZE\\x20100\n", &r, 2000);
	want_status(&r, "t.x", MP_PASS);
	mp_results_free(&r);
}

/* assert: numbers as numbers, strings for == and !=, both values shown */
static void test_assert(void **state)
{
	(void)state;
	static const char *const srv[] = { "220 mx uid 10 next 9 ESMTP\r\n", "" };
	struct { const char *steps; mp_status want; const char *msg; } cases[] = {
		{ "assert ${a} > ${b}\nassert ${a} >= 0010\nassert ${b} < ${a}\nassert ${b} <= 9\n"
		  "assert ${a} == 010\nassert ${a} != ${b}\nassert x${a} == x10\nassert abc != abd\n"
		  "assert 99999999999999999999999 > 99999999999999999999998\n", MP_PASS, NULL },
		{ "assert ${b} > ${a}\n", MP_FAIL, "\"9\" > \"10\" (as numbers)" },
		{ "assert x${a} == x010\n", MP_FAIL, "\"x10\" == \"x010\" (as strings)" },
		{ "assert abc < abd\n", MP_FAIL, "a value is not one" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(cases); i++) {
		char src[1024];
		snprintf(src, sizeof src, HDR "connect c smtp\nexpect c reply 220\n"
			 "capture c a /uid ([0-9]+)/\ncapture c b /next ([0-9]+)/\n%s", cases[i].steps);
		mp_results r;
		replay("smtp", srv, MP_ARRAY_LEN(srv), src, &r, 2000);
		want_status(&r, "t.x", cases[i].want);
		if (cases[i].msg && strstr(r.v[0].message, cases[i].msg) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, r.v[0].message, cases[i].msg);
		mp_results_free(&r);
	}
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	static char buf[65536];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

/* finally runs after a failure, its failures are logged, not counted;
 * bdat counts the expanded octets; transcripts are named by target */
static void test_finally_bdat_transcripts(void **state)
{
	(void)state;
	static const char *const srv[] = {
		"220 mx ESMTP\r\n", "550 no\r\n", "250 chunk\r\n", "221 bye\r\n", "",
	};
	char dir[] = "/tmp/mp-tr-XXXXXX";
	assert_non_null(mkdtemp(dir));
	fake f = fake_start("smtp", srv, MP_ARRAY_LEN(srv));
	mp_target t;
	char err[200], url[100];
	snprintf(url, sizeof url, "mx-1=%s", f.url);
	assert_int_equal(mp_target_parse(url, &t, err, sizeof err), MP_OK);
	assert_string_equal(t.name, "mx-1");
	mp_script *s = parse_ok(HDR "connect c smtp\nexpect c reply 220\n"
		"send c MAIL FROM:<>\nexpect c reply 250\n"            /* fails: 550 */
		"send c NEVER\n"
		"finally\n"
		"bdat c LAST ${uniq}\\r\\n\n"                           /* 250 chunk */
		"expect c reply 354\n"                                  /* fails: logged */
		"send c QUIT\nexpect c reply 221\n"
		"end\n");
	mp_replay_opts o;
	memset(&o, 0, sizeof o);
	o.targets = &t;
	o.ntargets = 1;
	o.transcripts = dir;
	mp_results r;
	mp_results_init(&r);
	assert_int_equal(mp_replay_run(s, &o, &t, &r), MP_FAIL);
	fake_stop(&f);
	mp_script_free(&s);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.v[0].status, MP_FAIL);
	assert_int_equal(r.v[0].step_line, 10);
	assert_non_null(strstr(r.v[0].message, "line 10: expected reply 250"));
	assert_non_null(strstr(r.v[0].message, "; finally: line 14: expected reply 354"));
	assert_null(strstr(r.v[0].message, "line 16"));
	assert_string_equal(r.v[0].target, "mx-1");
	assert_string_equal(r.v[0].url, f.url);
	mp_results_free(&r);
	char path[300];
	snprintf(path, sizeof path, "%s/t.x.mx-1.c.1.txt", dir);
	char *tr = slurp(path);
	if (tr == NULL)
		fail_msg("no transcript %s", path);
	/* BDAT with the octet count of the expanded text (${uniq} CRLF, one
	 * write after the command line), then QUIT */
	const char *bd = strstr(tr, "BDAT ");
	assert_non_null(bd);
	unsigned n = 0, got = 0;
	assert_int_equal(sscanf(bd, "BDAT %u LAST", &n), 1);
	const char *c = strstr(bd, "C> @");
	assert_non_null(c);
	assert_int_equal(sscanf(c, "C> @%*u %u octets: mp", &got), 1);
	const char *v = strstr(c, "octets: ") + 8;
	assert_int_equal(n, got);
	assert_int_equal(n, (unsigned)(strstr(v, "\\r\\n") - v) + 2);
	assert_non_null(strstr(tr, "QUIT"));
	assert_null(strstr(tr, "NEVER"));
	unlink(path);
	rmdir(dir);
}

/* A multi-line reply to BDAT (Exim: "250- 42 byte chunk, total 42") is no
 * EHLO reply: the oracle pairs replies with the commands sent */
static void test_smtp_pairing(void **state)
{
	(void)state;
	static const char *const srv[] = {
		"220 mx ESMTP\r\n",
		"250-mx\r\n250-CHUNKING\r\n250 PIPELINING\r\n",
		"250 ok\r\n250 ok\r\n",
		"",
		"250- 12 byte chunk, total 12\r\n250 OK id=1\r\n",
		"334 \r\n",
		"235 ok\r\n",
		"503 no\r\n",
		"250-mx\r\n250 CHUNKING\r\n",
		"221 bye\r\n",
		"",
	};
	mp_results r;
	replay("smtp", srv, MP_ARRAY_LEN(srv), HDR
		"connect c smtp\nexpect c reply 220\nsend c EHLO t\nexpect c reply 250\n"
		"require c cap CHUNKING\n"
		"pipeline c\nsend c MAIL FROM:<>\nsend c RCPT TO:<a@b>\nend\n"
		"expect c reply 250\nexpect c reply 250\n"
		"sendraw c BDAT 12 LAST\\r\\nx\\r\\n.\\r\\nRSET\\r\\n\n"
		"expect c reply 250\n"
		"send c AUTH PLAIN\nexpect c continue\nsend c AGFsaWNlAHB3\nexpect c reply 235\n"
		"send c DATA\nexpect c reply 503\n"
		"send c EHLO t\nexpect c reply 250\nexpect c cap CHUNKING\nexpect c no-cap PIPELINING\n"
		"send c QUIT\nexpect c reply 221\n", &r, 2000);
	want_status(&r, "t.x", MP_PASS);
	assert_null(find_check(&r, "oracle.smtp.SMTP_EHLO_DOMAIN"));
	assert_int_equal(r.n, 1);
	mp_results_free(&r);
}

/* Hostile servers: every one ends as a finding, within its deadline. */
static void test_hostile(void **state)
{
	(void)state;
	struct { const char *srv[3]; const char *step; const char *want; } cases[] = {
		{ { "220 hi\r\n", "@flood", "" }, "send c NOOP\nexpect c reply 250 within 3\n", "" },
		{ { "220 hi\r\n", "@slow:250 ok but slow\r\n", "" }, "send c NOOP\nexpect c reply 250 within 1\n", "in time" },
		{ { "220 hi\r\n", "250-partial\r\n@rst", "" }, "send c NOOP\nexpect c reply 250\n", "" },
		{ { "220 hi\r\n", "@rst", "" }, "send c NOOP\nexpect c reply 250\n", "reset" },
		{ { "220 hi\r\n", "2\x01" "0 \xff\x1b[31m\r\n", "" }, "send c NOOP\nexpect c reply 250\n", "\\x01" },
		{ { "220 hi\r\n", "@hang", "" }, "send c NOOP\nexpect c silence 300\nexpect c reply 250 within 1\n", "in time" },
		{ { "220 hi\r\n", "250 early\r\n", "" }, "send c NOOP\nexpect c silence 300\n", "sent 11 octets" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(cases); i++) {
		char src[512];
		snprintf(src, sizeof src, HDR "connect c smtp\nexpect c reply 220\n%s", cases[i].step);
		mp_results r;
		uint64_t t0 = mp_now_ms();
		replay("smtp", cases[i].srv, 3, src, &r, 2000);
		uint64_t ms = mp_now_ms() - t0;
		const mp_check *c = find_check(&r, "t.x");
		assert_non_null(c);
		if (c->status != MP_FAIL || strstr(c->message, cases[i].want) == NULL || ms > 6000)
			fail_msg("case %zu: got %s \"%s\" in %llu ms", i, mp_status_name(c->status),
				 c->message, (unsigned long long)ms);
		for (size_t k = 0; k < strlen(c->message); k++)
			assert_true((unsigned char)c->message[k] >= 0x20 && (unsigned char)c->message[k] < 0x7f);
		mp_results_free(&r);
	}
	/* a literal announced as {4294967295}: bounded memory, a timeout */
	static const char *const lit[] = { "* OK hi\r\n", "* 1 FETCH (BODY[] {4294967295}\r\nabc", "" };
	mp_results r;
	replay("imap", lit, 3, IHDR "connect i imap\nexpect i greeting OK\nsend i a1 FETCH 1 BODY[]\n"
	       "expect i tagged a1 OK within 1\n", &r, 2000);
	const mp_check *c = find_check(&r, "t.i");
	assert_int_equal(c->status, MP_FAIL);
	assert_non_null(strstr(c->message, "inside a literal"));
	mp_results_free(&r);
	/* an unreachable target is an error */
	mp_target t;
	char err[200];
	assert_int_equal(mp_target_parse("smtp://127.0.0.1:1", &t, err, sizeof err), MP_OK);
	mp_script *s = parse_ok(HDR "connect c smtp\nexpect c reply 220\n");
	mp_replay_opts o;
	memset(&o, 0, sizeof o);
	o.targets = &t;
	o.ntargets = 1;
	mp_results_init(&r);
	assert_int_equal(mp_replay_run(s, &o, &t, &r), MP_ERROR);
	assert_int_equal(r.v[0].status, MP_ERROR);
	mp_results_free(&r);
	/* a remote address is refused without --allow-remote */
	assert_int_equal(mp_target_parse("smtp://192.0.2.1:25", &t, err, sizeof err), MP_OK);
	mp_results_init(&r);
	assert_int_equal(mp_replay_run(s, &o, &t, &r), MP_ERROR);
	assert_non_null(strstr(r.v[0].message, "not a loopback"));
	mp_results_free(&r);
	mp_script_free(&s);
}

/* ---- results ------------------------------------------------------------------ */

static void fill(mp_results *r)
{
	mp_results_init(r);
	mp_check c;
	memset(&c, 0, sizeof c);
	uint8_t ex[] = "250 \x00\xff<&>\"\r\n";
	c.id = (char *)"oracle.smtp.SMTP_BARE_LF";
	c.title = (char *)"t";
	c.ref = (char *)"RFC 5321 2.3.8";
	c.message = (char *)"LF without CR <&>";
	c.level = MP_MUST;
	c.status = MP_FAIL;
	c.target = (char *)"smtp://127.0.0.1:25";
	c.suite = (char *)"oracle";
	c.protocol = (char *)"smtp";
	c.count = 1;
	c.has_excerpt = true;
	snprintf(c.ex.conn, sizeof c.ex.conn, "c");
	c.ex.from_server = true;
	c.ex.offset = 10;
	c.ex.mark = 14;
	c.ex.data = ex;
	c.ex.n = sizeof ex - 1;
	mp_results_add(r, &c);
	mp_results_add(r, &c); /* the same rule and target: counted */
	c.target = (char *)"smtp://127.0.0.1:26";
	mp_results_add(r, &c);
	c.id = (char *)"smtp.x";
	c.target = (char *)"mx";
	c.url = (char *)"smtp://127.0.0.1:25";
	c.suite = (char *)"smtp.x";
	c.status = MP_PASS;
	c.has_excerpt = false;
	c.step_line = 3;
	c.script = (char *)"scripts/smtp/x.mps";
	mp_results_add(r, &c);
}

static void test_results(void **state)
{
	(void)state;
	mp_results r;
	fill(&r);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.v[0].count, 2);
	/* -j: through the byte stream and back */
	FILE *f = tmpfile();
	assert_int_equal(mp_results_dump(&r, f), 0);
	rewind(f);
	mp_results back;
	mp_results_init(&back);
	assert_int_equal(mp_results_read(&back, f), 0);
	fclose(f);
	assert_int_equal(back.n, 3);
	assert_memory_equal(back.v[0].ex.data, r.v[0].ex.data, r.v[0].ex.n);
	assert_string_equal(back.v[2].script, "scripts/smtp/x.mps");
	assert_string_equal(back.v[2].target, "mx");
	assert_string_equal(back.v[2].url, "smtp://127.0.0.1:25");
	assert_null(back.v[0].url);
	mp_results_free(&back);
	/* JSON: the structure, then the schema when python3-jsonschema is here */
	char path[] = "/tmp/mp-results-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w+");
	mp_target t;
	char err[100];
	assert_int_equal(mp_target_parse("mx=smtp://127.0.0.1:25", &t, err, sizeof err), MP_OK);
	const char *scripts[] = { "scripts/smtp/x.mps" };
	mp_run_info info = { &t, 1, scripts, 1 };
	assert_int_equal(mp_results_json(&r, &info, f), 0);
	rewind(f);
	char buf[8192];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = 0;
	fclose(f);
	assert_non_null(strstr(buf, "{\"schema\":\"mailprobe-results/1\""));
	assert_non_null(strstr(buf, "\"checks\":[{\"id\":\"oracle.smtp.SMTP_BARE_LF\",\"status\":\"fail\",\"level\":\"MUST\""));
	assert_non_null(strstr(buf, "\"text\":\"250 \\u0000\\u00ff<&>\\\"\\r\\n\""));
	assert_non_null(strstr(buf, "\"count\":2"));
	/* a target's name labels it; its URL stays */
	assert_non_null(strstr(buf, "\"targets\":[{\"name\":\"mx\",\"url\":\"smtp://127.0.0.1:25\""));
	assert_non_null(strstr(buf, "\"target\":\"mx\",\"target_url\":\"smtp://127.0.0.1:25\""));
	const char *src = getenv("MP_SRCDIR");
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "python3 -c 'import jsonschema' 2>/dev/null");
	if (src && system(cmd) == 0) {
		snprintf(cmd, sizeof cmd,
			 "python3 -c 'import json,sys,jsonschema; "
			 "jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' "
			 "%s %s/reports/schema.json", path, src);
		assert_int_equal(system(cmd), 0);
	} else {
		print_message("python3-jsonschema missing: schema validation skipped\n");
	}
	unlink(path);
	/* JUnit: server octets escaped for XML, no raw control octets */
	f = tmpfile();
	assert_int_equal(mp_results_junit(&r, f), 0);
	rewind(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = 0;
	fclose(f);
	assert_non_null(strstr(buf, "<testsuite name=\"oracle\" tests=\"2\" failures=\"2\""));
	assert_non_null(strstr(buf, "250 \\x00\\xFF&lt;&amp;&gt;&quot;\\r\\n"));
	assert_non_null(strstr(buf, "message=\"LF without CR &lt;&amp;&gt;\""));
	for (size_t i = 0; i < n; i++)
		assert_true((unsigned char)buf[i] >= 0x20 || buf[i] == '\n');
	mp_results_free(&r);
}

/* ---- every bundled script reads ------------------------------------------------- */

static int walk(const char *dir, int *count)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return 0;
	int bad = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char p[2048];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(p, &st) != 0)
			continue;
		size_t n = strlen(e->d_name);
		if (S_ISDIR(st.st_mode)) {
			bad += walk(p, count);
		} else if (n > 4 && strcmp(e->d_name + n - 4, ".mps") == 0) {
			mp_script *s = NULL;
			mp_script_err err;
			if (mp_script_load(p, 0, &s, &err) != MP_OK) {
				print_error("%s:%u:%u: %s\n", p, err.line, err.col, err.msg);
				bad++;
			}
			mp_script_free(&s);
			(*count)++;
		}
	}
	closedir(d);
	return bad;
}

static void test_bundled_scripts(void **state)
{
	(void)state;
	const char *src = getenv("MP_SRCDIR");
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/scripts", src ? src : ".");
	int count = 0;
	assert_int_equal(walk(dir, &count), 0);
	assert_true(count >= 9);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_step),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_escapes_and_vars),
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_new_steps),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_smtp_expectations),
		cmocka_unit_test(test_keep_going),
		cmocka_unit_test(test_pop3_expectations),
		cmocka_unit_test(test_imap_expectations),
		cmocka_unit_test(test_lines_and_patterns),
		cmocka_unit_test(test_assert),
		cmocka_unit_test(test_finally_bdat_transcripts),
		cmocka_unit_test(test_smtp_pairing),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_results),
		cmocka_unit_test(test_bundled_scripts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
