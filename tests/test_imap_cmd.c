/* tests/test_imap_cmd.c: the IMAP command grammar (parsers/imap-cmd.c).
 * Every input goes through mp_imap_reader (so literals and units are
 * real), whole, byte by byte and split at every offset; each unit is
 * parsed in the client state the stream is in, rendered as a one-line
 * summary, and (when it parsed MP_OK without streamed literals) written
 * and parsed again to an equal command. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "imaprt.h"
#include "mailprobe/imap.h"

#define DV 64

static size_t ncases;
static size_t nbad; /* cases whose summary differed */

/* ---- the summary ----
 * "OK tag [UID ]NAME args... RULE@off..." where each node renders as
 * SEM(value) (just value when its sem is NONE, or SECTION / PARTIAL on
 * their own types); value: an atom as sent, a number in decimal, "q"
 * for quoted strings, {n}data / {n+} / {n-} / ~{n} for literals
 * ({n}<streamed> when streamed), (kids) for lists, [kids] for
 * sections, name then kids for items, <a.b> for partials. */

static void node_str(mpt_log *l, const mp_imap_node *n);

static void nodes_str(mpt_log *l, const mp_imap_node *n, const char *sep)
{
	for (const mp_imap_node *k = n; k; k = k->next) {
		if (k != n)
			mpt_log_printf(l, "%s", sep);
		node_str(l, k);
	}
}

static void value_str(mpt_log *l, const mp_imap_node *n)
{
	switch (n->type) {
	case MP_IMAP_NIL:
		mpt_log_printf(l, "NIL");
		break;
	case MP_IMAP_ATOM:
	case MP_IMAP_TEXT:
		mpt_log_bytes(l, n->s.p, n->s.n);
		break;
	case MP_IMAP_NUMBER:
		mpt_log_printf(l, "%llu", (unsigned long long)n->num);
		break;
	case MP_IMAP_STRING: {
		static const char *const pre[] = { "", "{", "{", "{", "~{", "~{" };
		static const char *const post[] = { "", "}", "+}", "-}", "}", "+}" };
		if (n->form == MP_IMAP_QUOTED) {
			mpt_log_printf(l, "\"");
			mpt_log_bytes(l, n->s.p, n->s.n);
			mpt_log_printf(l, "\"");
			break;
		}
		mpt_log_printf(l, "%s%llu%s", pre[n->form], (unsigned long long)n->num,
			       post[n->form]);
		if (n->streamed)
			mpt_log_printf(l, "<streamed>");
		else
			mpt_log_bytes(l, n->s.p, n->s.n);
		break;
	}
	case MP_IMAP_LIST:
		mpt_log_printf(l, "(");
		nodes_str(l, n->kid, " ");
		mpt_log_printf(l, ")");
		break;
	case MP_IMAP_SECTION:
		mpt_log_printf(l, "[");
		nodes_str(l, n->kid, " ");
		mpt_log_printf(l, "]");
		break;
	case MP_IMAP_ITEM:
		mpt_log_bytes(l, n->s.p, n->s.n);
		nodes_str(l, n->kid, "");
		break;
	case MP_IMAP_PARTIAL:
		mpt_log_printf(l, "<%llu", (unsigned long long)n->num);
		if (n->has_num2)
			mpt_log_printf(l, ".%llu", (unsigned long long)n->num2);
		mpt_log_printf(l, ">");
		break;
	default:
		mpt_log_printf(l, "?");
	}
}

static void node_str(mpt_log *l, const mp_imap_node *n)
{
	bool plain = n->sem == MP_IMAP_S_NONE ||
		     (n->sem == MP_IMAP_S_SECTION &&
		      (n->type == MP_IMAP_SECTION || n->type == MP_IMAP_ATOM)) ||
		     (n->sem == MP_IMAP_S_PARTIAL && n->type == MP_IMAP_PARTIAL);
	if (!plain)
		mpt_log_printf(l, "%s(", mp_imap_sem_name(n->sem));
	value_str(l, n);
	if (!plain)
		mpt_log_printf(l, ")");
}

/* ---- the stream adapter ---- */

struct cx {
	mp_imap_reader r;
	mp_imap_opts o;
	mp_imap_cstate cs;
	uint8_t scratch[8192];
	size_t scratch_cap;
	uint8_t mem[1 << 16];
	size_t arena_cap;
	mp_diag dv[DV];
	mp_diags d;
	bool first;
	bool roundtrip; /* write and parse each accepted command again */
};

static void cx_reset(void *v)
{
	struct cx *x = v;
	mp_imap_reader_init(&x->r, MP_IMAP_CLIENT, &x->o, x->scratch, x->scratch_cap);
	mp_diags_init(&x->d, x->dv, DV);
	x->cs = MP_IMAP_CS_COMMAND;
	x->first = true;
}

static size_t cx_feed(void *v, const uint8_t *buf, size_t len, bool eof,
		      mpt_log *log)
{
	struct cx *x = v;
	size_t done = 0;
	for (;;) {
		mp_imap_event ev;
		size_t used = 0;
		mp_rc rc = mp_imap_next(&x->r, buf + done, len - done, eof, &ev, &used, &x->d);
		done += used;
		if (rc != MP_OK)
			break;
		if (ev.ev == MP_IMAP_EV_LITERAL)
			continue; /* the unit says it was streamed */
		mp_arena a;
		mp_arena_init(&a, x->mem, x->arena_cap ? x->arena_cap : sizeof x->mem);
		mp_imap_cmd c;
		mp_imap_cstate cs = x->cs;
		rc = mp_imap_cmd_parse(&ev.unit, cs, &x->o, &a, &c, &x->d);
		if (!x->first)
			mpt_log_printf(log, " | ");
		x->first = false;
		mpt_log_printf(log, "%s ", rc == MP_OK ? "OK" : rc == MP_INVALID ? "BAD" : "FULL");
		if (c.tag.n) {
			mpt_log_bytes(log, c.tag.p, c.tag.n);
			mpt_log_printf(log, " ");
		}
		if (c.uid)
			mpt_log_printf(log, "UID ");
		mpt_log_printf(log, "%s", mp_imap_cmd_name_str(c.name));
		if (c.name == MP_IMAP_CMD_UNKNOWN) {
			mpt_log_printf(log, ":");
			mpt_log_bytes(log, c.keyword.p, c.keyword.n);
		}
		size_t cnt = 0;
		for (const mp_imap_node *k = c.args; k; k = k->next, cnt++) {
			mpt_log_printf(log, " ");
			node_str(log, k);
		}
		if (cnt != c.nargs)
			mpt_log_printf(log, " NARGS=%zu/%zu", c.nargs, cnt);
		for (size_t i = 0; i < x->d.n; i++)
			mpt_log_printf(log, " %s@%llu", mp_rule_name(x->d.v[i].rule) + 5,
				       (unsigned long long)x->d.v[i].offset);
		mp_diags_clear(&x->d);
		mpt_log why = { 0 };
		if (rc == MP_OK && x->roundtrip && !mpt_imap_has_streamed(c.args) &&
		    !mpt_imap_cmd_roundtrip(&c, cs, &x->o, &why))
			fail_msg("parse(print(cmd)) != cmd: %.*s", (int)why.n, why.p);
		mpt_log_free(&why);
		x->cs = mp_imap_cstate_after(cs, &c);
	}
	if (eof) {
		for (size_t i = 0; i < x->d.n; i++)
			mpt_log_printf(log, " %s@%llu", mp_rule_name(x->d.v[i].rule) + 5,
				       (unsigned long long)x->d.v[i].offset);
		mp_diags_clear(&x->d);
	}
	return done;
}

static void check(unsigned flags, mp_imap_cstate cs0, size_t max_literal,
		  size_t arena, const char *in, size_t n, const char *want)
{
	struct cx *x = calloc(1, sizeof *x);
	assert_non_null(x);
	x->o.flags = flags;
	x->o.max_literal = max_literal;
	x->scratch_cap = sizeof x->scratch;
	x->arena_cap = arena;
	x->roundtrip = true;
	mpt_reader r = { cx_reset, cx_feed, x };
	mpt_log whole = { 0 };
	char *err;
	if (cs0 != MP_IMAP_CS_COMMAND) {
		/* a stream starting in another state: feed whole only */
		cx_reset(x);
		x->cs = cs0;
		size_t used = cx_feed(x, (const uint8_t *)in, n, true, &whole);
		(void)used;
		err = NULL;
	} else {
		err = mpt_check_splits(&r, (const uint8_t *)in, n, 256, n < 200, &whole);
	}
	if (err)
		fail_msg("'%.*s': %s", (int)(n > 60 ? 60 : n), in, err);
	if (strcmp(whole.p ? whole.p : "", want) != 0) {
		/* reported, counted, and the run goes on: one report per case */
		print_error("in   '%.*s'\ngot  '%s'\nwant '%s'\n", (int)n, in,
			    whole.p ? whole.p : "", want);
		nbad++;
	}
	mpt_log_free(&whole);
	free(x);
	ncases++;
}

#define S MP_IMAP_CS_COMMAND
#define L MP_IMAP_LENIENT
#define R1 MP_IMAP_REV1
/* strict IMAP4rev2 */
#define C(in, want) check(0, S, 0, 0, in, sizeof(in) - 1, want)
/* lenient */
#define CL(in, want) check(L, S, 0, 0, in, sizeof(in) - 1, want)
/* IMAP4rev1 */
#define C1(in, want) check(R1, S, 0, 0, in, sizeof(in) - 1, want)
#define CF(flags, in, want) check(flags, S, 0, 0, in, sizeof(in) - 1, want)
/* starting in state cs, fed whole */
#define CS(cs, in, want) check(0, cs, 0, 0, in, sizeof(in) - 1, want)

static void test_simple(void **state)
{
	(void)state;
	C("a CAPABILITY\r\n", "OK a CAPABILITY");
	C("a1 NOOP\r\n", "OK a1 NOOP");
	C("A023 LOGOUT\r\n", "OK A023 LOGOUT");
	C("a STARTTLS\r\n", "OK a STARTTLS");
	C("a NAMESPACE\r\n", "OK a NAMESPACE");
	C("a IDLE\r\n", "OK a IDLE");
	C("a CLOSE\r\n", "OK a CLOSE");
	C("a UNSELECT\r\n", "OK a UNSELECT");
	C("a EXPUNGE\r\n", "OK a EXPUNGE");
	C1("a CHECK\r\n", "OK a CHECK");
	C("a CHECK\r\n", "OK a CHECK CMD_REV2_CHECK@2");
	/* names are case-insensitive (RFC 9051 9) */
	C("a noop\r\n", "OK a NOOP");
	C("a NoOp\r\n", "OK a NOOP");
	C("a capability\r\nb logout\r\n", "OK a CAPABILITY | OK b LOGOUT");
	/* tags: any ASTRING-CHAR but "+" */
	C("a.b-c_1]x NOOP\r\n", "OK a.b-c_1]x NOOP");
	C("+ NOOP\r\n", "BAD UNKNOWN: TAG@0");
	C("a+ NOOP\r\n", "BAD a UNKNOWN: SP@1");
	C("* NOOP\r\n", "BAD UNKNOWN: TAG@0");
	C("(a) NOOP\r\n", "BAD UNKNOWN: TAG@0");
	C(" NOOP\r\n", "BAD UNKNOWN: TAG@0");
	/* arguments where none are taken */
	C("a NOOP x\r\n", "BAD a NOOP TRAILING@6");
	C("a LOGOUT \r\n", "BAD a LOGOUT TRAILING@8");
	C("a NOOP\r\nb NOOPX\r\n", "OK a NOOP | OK b UNKNOWN:NOOPX CMD_UNKNOWN@10");
	/* separators */
	C("a  NOOP\r\n", "BAD a UNKNOWN: EXTRA_SP@2");
	CL("a  NOOP\r\n", "OK a NOOP EXTRA_SP@2");
	C("aNOOP\r\n", "BAD aNOOP UNKNOWN: SP@5");
	C("a\r\n", "BAD a UNKNOWN: SP@1");
	C("a \r\n", "BAD a UNKNOWN: EXTRA_SP@1");
	CL("a \r\n", "BAD a UNKNOWN: EXTRA_SP@1 CMD_KEYWORD@2");
	CL("a UID \r\n", "BAD a UID UNKNOWN:UID EXTRA_SP@5 CMD_UID@6");
	CL("a FETCH \r\n", "BAD a FETCH EXTRA_SP@7 CMD_ARGS@8");
	CL("a FETCH 1 \r\n", "BAD a FETCH SEQ_SET(1) EXTRA_SP@9 CMD_ARGS@10");
	CL("a LOGIN x \r\n", "BAD a LOGIN USERID(x) EXTRA_SP@9 CMD_ARGS@10");
	CL("a SEARCH SEEN \r\n", "OK a SEARCH SEARCH_KEY(SEEN) EXTRA_SP@13");
	CL("a SEARCH OR SEEN \r\n", "BAD a SEARCH SEARCH_KEY(OR) SEARCH_KEY(SEEN) EXTRA_SP@16 CMD_ARGS@17");
	C("a (NOOP)\r\n", "BAD a UNKNOWN: CMD_KEYWORD@2");
	/* empty line, bare LF (a reader diag) */
	C("\r\n", "BAD UNKNOWN: EMPTY_LINE@0");
	C("a NOOP\n", "OK a NOOP BARE_LF@6");
	/* a cut command */
	C("a NOOP", "BAD a NOOP EOF_CUT@6");
}

static void test_unknown(void **state)
{
	(void)state;
	C("a XYZZY\r\n", "OK a UNKNOWN:XYZZY CMD_UNKNOWN@2");
	C("a SORT (DATE) UTF-8 ALL\r\n", "OK a UNKNOWN:SORT (DATE) UTF-8 ALL CMD_UNKNOWN@2");
	C("a UID SORT (REVERSE ARRIVAL) US-ASCII SINCE 1-Feb-1994\r\n",
	  "OK a UID UNKNOWN:SORT (REVERSE ARRIVAL) US-ASCII SINCE 1-Feb-1994 CMD_UNKNOWN@6");
	C("a GETMETADATA \"INBOX\" /private/comment\r\n",
	  "OK a UNKNOWN:GETMETADATA \"INBOX\" /private/comment CMD_UNKNOWN@2");
	C("a X 1 NIL \\Seen {2}\r\nab\r\n", "OK a UNKNOWN:X 1 NIL FLAG(\\\\Seen) {2}ab CMD_UNKNOWN@2");
	C("a X (1 (2\r\n", "BAD a UNKNOWN:X CMD_UNKNOWN@2 LIST_CLOSE@9");
	/* UID needs one of its commands */
	C("a UID NOOP\r\n", "BAD a UID UNKNOWN:NOOP CMD_UID@6");
	C("a UID LOGIN a b\r\n", "BAD a UID UNKNOWN:LOGIN CMD_UID@6");
	C("a UID\r\n", "BAD a UID UNKNOWN:UID SP@5");
	C("a UID (x)\r\n", "BAD a UID UNKNOWN:UID CMD_UID@6");
	C("a uid expunge 1:3\r\n", "OK a UID EXPUNGE SEQ_SET(1:3)");
	C("a UID EXPUNGE\r\n", "BAD a UID EXPUNGE SP@13");
	C("a EXPUNGE 1\r\n", "BAD a EXPUNGE TRAILING@9");
}

static void test_auth(void **state)
{
	(void)state;
	C("a LOGIN SMITH SESAME\r\n", "OK a LOGIN USERID(SMITH) PASSWORD(SESAME)");
	C("a LOGIN \"fred\" \"p a\\\"ss\"\r\n", "OK a LOGIN USERID(\"fred\") PASSWORD(\"p a\\\\\"ss\")");
	C("a LOGIN {4}\r\nfred {3+}\r\nx y\r\n", "OK a LOGIN USERID({4}fred) PASSWORD({3+}x y)");
	C("a LOGIN fred\r\n", "BAD a LOGIN USERID(fred) SP@12");
	C("a LOGIN fred pass extra\r\n", "BAD a LOGIN USERID(fred) PASSWORD(pass) TRAILING@17");
	C("a LOGIN fr(ed pass\r\n", "BAD a LOGIN USERID(fr) SP@10");
	C("a LOGIN \"fred pass\r\n", "BAD a LOGIN QUOTED@8");
	C("a LOGIN fred ~{4}\r\npass\r\n", "BAD a LOGIN USERID(fred) LITERAL8_PLACE@13");
	CL("a LOGIN fred ~{4}\r\npass\r\n", "OK a LOGIN USERID(fred) PASSWORD(~{4}pass) LITERAL8_PLACE@13");
	C("a AUTHENTICATE PLAIN\r\n", "OK a AUTHENTICATE AUTH_MECH(PLAIN)");
	C("a AUTHENTICATE PLAIN AGZyZWQAcGFzcw==\r\n",
	  "OK a AUTHENTICATE AUTH_MECH(PLAIN) SASL_IR(AGZyZWQAcGFzcw==)");
	C("a AUTHENTICATE EXTERNAL =\r\n", "OK a AUTHENTICATE AUTH_MECH(EXTERNAL) SASL_IR(=)");
	C("a AUTHENTICATE PLAIN AGZy\r\n", "OK a AUTHENTICATE AUTH_MECH(PLAIN) SASL_IR(AGZy)");
	C("a AUTHENTICATE PLAIN AGZ=\r\n", "OK a AUTHENTICATE AUTH_MECH(PLAIN) SASL_IR(AGZ=)");
	C("a AUTHENTICATE PLAIN AGZ\r\n", "BAD a AUTHENTICATE AUTH_MECH(PLAIN) CMD_AUTH_IR@21");
	C("a AUTHENTICATE PLAIN AG==x\r\n", "BAD a AUTHENTICATE AUTH_MECH(PLAIN) CMD_AUTH_IR@25");
	C("a AUTHENTICATE PLAIN A===\r\n", "BAD a AUTHENTICATE AUTH_MECH(PLAIN) CMD_AUTH_IR@22");
	C("a AUTHENTICATE PLAIN AG=A\r\n", "BAD a AUTHENTICATE AUTH_MECH(PLAIN) CMD_AUTH_IR@24");
	C("a AUTHENTICATE PLAIN ==\r\n", "BAD a AUTHENTICATE AUTH_MECH(PLAIN) CMD_AUTH_IR@21");
	C("a AUTHENTICATE PLAIN a*bc\r\n", "BAD a AUTHENTICATE AUTH_MECH(PLAIN) CMD_AUTH_IR@22");
	C("a AUTHENTICATE PLAIN abcd efgh\r\n", "BAD a AUTHENTICATE AUTH_MECH(PLAIN) SASL_IR(abcd) TRAILING@25");
	C("a AUTHENTICATE\r\n", "BAD a AUTHENTICATE SP@14");
	C("a AUTHENTICATE \"PLAIN\"\r\n", "BAD a AUTHENTICATE ATOM@15");
	/* SASL exchanges (RFC 9051 6.2.2): lines after AUTHENTICATE */
	C("a AUTHENTICATE GSSAPI\r\nYGgGCSqGSIb3EgECAgIBAAD/////6jcyG4GE3KkTzBeBiVHeceP2CWY0SR0fAQAgAAQEBAQ=\r\n\r\nYDMGCSqGSIb3EgECAgIBAAD/////3LQBHXTpFfZgrejpLlLImPwkhbfa2QteAQAgAG1yYwE=\r\nb NOOP\r\n",
	  "OK a AUTHENTICATE AUTH_MECH(GSSAPI) | OK SASL SASL_IR(YGgGCSqGSIb3EgECAgIBAAD/////6jcyG4GE3KkTzBeBiVHeceP2CWY0SR0fAQAgAAQEBAQ=) | OK SASL | OK SASL SASL_IR(YDMGCSqGSIb3EgECAgIBAAD/////3LQBHXTpFfZgrejpLlLImPwkhbfa2QteAQAgAG1yYwE=) | OK b NOOP");
	C("a AUTHENTICATE CRAM-MD5\r\n*\r\nb NOOP\r\n",
	  "OK a AUTHENTICATE AUTH_MECH(CRAM-MD5) | OK SASL SASL_IR(*) | OK b NOOP");
	C("a AUTHENTICATE LOGIN\r\nZnJlZA==\r\ncGFzcw==\r\nb NOOP\r\n",
	  "OK a AUTHENTICATE AUTH_MECH(LOGIN) | OK SASL SASL_IR(ZnJlZA==) | OK SASL SASL_IR(cGFzcw==) | OK b NOOP");
	C("a AUTHENTICATE LOGIN\r\nnot*b64\r\n",
	  "OK a AUTHENTICATE AUTH_MECH(LOGIN) | BAD SASL CMD_SASL_BASE64@25");
	C("a AUTHENTICATE LOGIN\r\nabc\r\n", "OK a AUTHENTICATE AUTH_MECH(LOGIN) | BAD SASL CMD_SASL_BASE64@22");
	C("a AUTHENTICATE LOGIN\r\n**\r\n", "OK a AUTHENTICATE AUTH_MECH(LOGIN) | BAD SASL CMD_SASL_BASE64@22");
	/* one-step mechanisms with an initial response need no SASL lines */
	C("a AUTHENTICATE PLAIN AGZyZWQAcGFzcw==\r\nabcd\r\n",
	  "OK a AUTHENTICATE AUTH_MECH(PLAIN) SASL_IR(AGZyZWQAcGFzcw==) | BAD abcd UNKNOWN: SP@43");
	C("a AUTHENTICATE SCRAM-SHA-1 biwsbj11c2VyLHI9ZnlrbytkMmxiYkZnT05Sdjlx\r\nYz1iaXdzLHI9\r\n",
	  "OK a AUTHENTICATE AUTH_MECH(SCRAM-SHA-1) SASL_IR(biwsbj11c2VyLHI9ZnlrbytkMmxiYkZnT05Sdjlx) | OK SASL SASL_IR(Yz1iaXdzLHI9)");
	CS(MP_IMAP_CS_SASL, "dGVzdA==\r\n", "OK SASL SASL_IR(dGVzdA==)");
	CS(MP_IMAP_CS_SASL, "\r\n", "OK SASL");
	CS(MP_IMAP_CS_SASL, "DONE\r\n", "OK SASL SASL_IR(DONE)");
}

static void test_idle(void **state)
{
	(void)state;
	C("a IDLE\r\nDONE\r\nb NOOP\r\n", "OK a IDLE | OK DONE | OK b NOOP");
	C("a IDLE\r\ndone\r\n", "OK a IDLE | OK DONE");
	C("a IDLE\r\nb NOOP\r\nDONE\r\n", "OK a IDLE | BAD b NOOP CMD_IN_IDLE@8 | OK DONE");
	C("a IDLE\r\nDONE x\r\n", "OK a IDLE | BAD DONE UNKNOWN:x CMD_IN_IDLE@8 CMD_UNKNOWN@13");
	C("a IDLE\r\nDONEX\r\n", "OK a IDLE | BAD DONEX UNKNOWN: CMD_IN_IDLE@8 SP@13");
	C("a IDLE\r\n\r\n", "OK a IDLE | BAD UNKNOWN: CMD_IN_IDLE@8 EMPTY_LINE@8");
	C("DONE\r\n", "BAD DONE CMD_DONE_OUTSIDE@0");
	C("a IDLE x\r\n", "BAD a IDLE TRAILING@6");
	CS(MP_IMAP_CS_IDLE, "DONE\r\n", "OK DONE");
	CS(MP_IMAP_CS_IDLE, "DONE\n", "OK DONE BARE_LF@4");
}

static void test_mailboxes(void **state)
{
	(void)state;
	C("A142 SELECT INBOX\r\n", "OK A142 SELECT MAILBOX(INBOX)");
	C("A932 EXAMINE blurdybloop\r\n", "OK A932 EXAMINE MAILBOX(blurdybloop)");
	C("a SELECT \"a b\"\r\n", "OK a SELECT MAILBOX(\"a b\")");
	C("a SELECT {3}\r\na b\r\n", "OK a SELECT MAILBOX({3}a b)");
	C("a SELECT a]b\r\n", "OK a SELECT MAILBOX(a]b)");
	C("a SELECT\r\n", "BAD a SELECT SP@8");
	C("a SELECT a b\r\n", "BAD a SELECT MAILBOX(a) LIST_OPEN@11");
	C("a SELECT a%\r\n", "BAD a SELECT MAILBOX(a) TRAILING@10");
	C("a SELECT INBOX (CONDSTORE)\r\n", "OK a SELECT MAILBOX(INBOX) OPTION((OPTION(CONDSTORE)))");
	C("A02 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))\r\n",
	  "OK A02 SELECT MAILBOX(INBOX) OPTION((OPTION(QRESYNC) (NUMBER(67890007) MODSEQ(20050715194045000) SEQ_SET(41,43:211,214:541))))");
	C("B04 SELECT INBOX (QRESYNC (67890007 90060115194045000 41:211,214:541 (1:5,7,9 1:5,7,9)))\r\n",
	  "OK B04 SELECT MAILBOX(INBOX) OPTION((OPTION(QRESYNC) (NUMBER(67890007) MODSEQ(90060115194045000) SEQ_SET(41:211,214:541) (SEQ_SET(1:5,7,9) SEQ_SET(1:5,7,9)))))");
	C("a SELECT INBOX (QRESYNC (1 2 (1:5 10:15)))\r\n",
	  "OK a SELECT MAILBOX(INBOX) OPTION((OPTION(QRESYNC) (NUMBER(1) MODSEQ(2) (SEQ_SET(1:5) SEQ_SET(10:15)))))");
	C("a SELECT INBOX (QRESYNC (0 2))\r\n", "BAD a SELECT MAILBOX(INBOX) OPTION((OPTION(QRESYNC) ())) NZ_NUMBER@25");
	C("a SELECT INBOX (QRESYNC (1))\r\n", "BAD a SELECT MAILBOX(INBOX) OPTION((OPTION(QRESYNC) (NUMBER(1)))) SP@26");
	C("a SELECT INBOX (QRESYNC 1 2)\r\n", "BAD a SELECT MAILBOX(INBOX) OPTION((OPTION(QRESYNC))) CMD_QRESYNC@24");
	C("a SELECT INBOX (QRESYNC (1 2 3 (4 5) 6))\r\n", "BAD a SELECT MAILBOX(INBOX) OPTION((OPTION(QRESYNC) (NUMBER(1) MODSEQ(2) SEQ_SET(3) (SEQ_SET(4) SEQ_SET(5))))) CMD_QRESYNC@36");
	C("a SELECT INBOX (QRESYNC (1 2 3 4))\r\n", "BAD a SELECT MAILBOX(INBOX) OPTION((OPTION(QRESYNC) (NUMBER(1) MODSEQ(2) SEQ_SET(3)))) CMD_QRESYNC@31");
	C("a SELECT INBOX ()\r\n", "BAD a SELECT MAILBOX(INBOX) OPTION(()) CMD_LIST_EMPTY@16");
	C("a SELECT INBOX (CONDSTORE X-FOO (1 2) X-BAR)\r\n",
	  "OK a SELECT MAILBOX(INBOX) OPTION((OPTION(CONDSTORE) OPTION(X-FOO) (1 2) OPTION(X-BAR))) CMD_MODIFIER_UNKNOWN@26 CMD_MODIFIER_UNKNOWN@38");
	C("a EXAMINE INBOX (CONDSTORE)\r\n", "OK a EXAMINE MAILBOX(INBOX) OPTION((OPTION(CONDSTORE)))");
	C("A003 CREATE owatagusiam/\r\n", "OK A003 CREATE MAILBOX(owatagusiam/)");
	C("t1 CREATE \"Important Messages\" (USE (\\Important))\r\n",
	  "OK t1 CREATE MAILBOX(\"Important Messages\") OPTION((OPTION(USE) LIST_ATTRS((FLAG(\\\\Important)))))");
	C("a CREATE x (USE (\\Drafts \\Sent))\r\n",
	  "OK a CREATE MAILBOX(x) OPTION((OPTION(USE) LIST_ATTRS((FLAG(\\\\Drafts) FLAG(\\\\Sent)))))");
	C("a CREATE x (USE ())\r\n", "OK a CREATE MAILBOX(x) OPTION((OPTION(USE) LIST_ATTRS(())))");
	C("a CREATE x (USE \\Drafts)\r\n", "BAD a CREATE MAILBOX(x) OPTION((OPTION(USE))) LIST_OPEN@16");
	C("a CREATE\r\n", "BAD a CREATE SP@8");
	C("A683 DELETE blurdybloop\r\n", "OK A683 DELETE MAILBOX(blurdybloop)");
	C("A683 RENAME blurdybloop sarasoop\r\n", "OK A683 RENAME MAILBOX(blurdybloop) MAILBOX(sarasoop)");
	C("a RENAME x\r\n", "BAD a RENAME MAILBOX(x) SP@10");
	C("A002 SUBSCRIBE #news.comp.mail.mime\r\n", "OK A002 SUBSCRIBE MAILBOX(#news.comp.mail.mime)");
	C("A002 UNSUBSCRIBE #news.comp.mail.mime\r\n", "OK A002 UNSUBSCRIBE MAILBOX(#news.comp.mail.mime)");
	C("a GETQUOTAROOT INBOX\r\n", "OK a GETQUOTAROOT MAILBOX(INBOX)");
	C("a GETQUOTA \"\"\r\n", "OK a GETQUOTA QUOTA_ROOT(\"\")");
	C("a GETQUOTA !partition/sda4\r\n", "OK a GETQUOTA QUOTA_ROOT(!partition/sda4)");
	C("a SETQUOTA \"\" (STORAGE 512)\r\n",
	  "OK a SETQUOTA QUOTA_ROOT(\"\") (QUOTA_RESOURCE(STORAGE) NUMBER(512))");
	C("a SETQUOTA \"\" (STORAGE 512 MESSAGE 1000)\r\n",
	  "OK a SETQUOTA QUOTA_ROOT(\"\") (QUOTA_RESOURCE(STORAGE) NUMBER(512) QUOTA_RESOURCE(MESSAGE) NUMBER(1000))");
	C("a SETQUOTA \"\" ()\r\n", "OK a SETQUOTA QUOTA_ROOT(\"\") ()");
	C("a SETQUOTA \"\" (STORAGE)\r\n", "BAD a SETQUOTA QUOTA_ROOT(\"\") (QUOTA_RESOURCE(STORAGE)) SP@22");
	C("a SETQUOTA \"\" (STORAGE x)\r\n", "BAD a SETQUOTA QUOTA_ROOT(\"\") (QUOTA_RESOURCE(STORAGE)) NUMBER@23");
	C("a SETQUOTA \"\" STORAGE 5\r\n", "BAD a SETQUOTA QUOTA_ROOT(\"\") LIST_OPEN@14");
	C("a ENABLE CONDSTORE\r\n", "OK a ENABLE CAPABILITY(CONDSTORE)");
	C("t2 ENABLE CONDSTORE X-GOOD-IDEA\r\n", "OK t2 ENABLE CAPABILITY(CONDSTORE) CAPABILITY(X-GOOD-IDEA)");
	C("a ENABLE UTF8=ACCEPT\r\n", "OK a ENABLE CAPABILITY(UTF8=ACCEPT)");
	C("a ENABLE\r\n", "BAD a ENABLE SP@8");
	C("a ENABLE \"x\"\r\n", "BAD a ENABLE ATOM@9");
}

static void test_list(void **state)
{
	(void)state;
	C("A101 LIST \"\" \"\"\r\n", "OK A101 LIST MAILBOX(\"\") LIST_MAILBOX(\"\")");
	C("A102 LIST #news.comp.mail.misc \"\"\r\n", "OK A102 LIST MAILBOX(#news.comp.mail.misc) LIST_MAILBOX(\"\")");
	C("A103 LIST /usr/staff/jones \"\"\r\n", "OK A103 LIST MAILBOX(/usr/staff/jones) LIST_MAILBOX(\"\")");
	C("A202 LIST ~/Mail/ %\r\n", "OK A202 LIST MAILBOX(~/Mail/) LIST_MAILBOX(%)");
	C("a LIST \"\" *\r\n", "OK a LIST MAILBOX(\"\") LIST_MAILBOX(*)");
	C("a LIST \"\" INBOX.%]*\r\n", "OK a LIST MAILBOX(\"\") LIST_MAILBOX(INBOX.%]*)");
	C("A01 LIST (SUBSCRIBED) \"\" \"*\"\r\n",
	  "OK A01 LIST LIST_SELECT((OPTION(SUBSCRIBED))) MAILBOX(\"\") LIST_MAILBOX(\"*\")");
	C("A02 LIST (SUBSCRIBED REMOTE) \"\" \"*\" RETURN (CHILDREN)\r\n",
	  "OK A02 LIST LIST_SELECT((OPTION(SUBSCRIBED) OPTION(REMOTE))) MAILBOX(\"\") LIST_MAILBOX(\"*\") RETURN LIST_RETURN((OPTION(CHILDREN)))");
	C("A03 LIST () \"\" (\"foo\" \"foo/*\")\r\n",
	  "OK A03 LIST LIST_SELECT(()) MAILBOX(\"\") LIST_MAILBOX((LIST_MAILBOX(\"foo\") LIST_MAILBOX(\"foo/*\")))");
	C("A04 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"%\" RETURN (CHILDREN)\r\n",
	  "OK A04 LIST LIST_SELECT((OPTION(SUBSCRIBED) OPTION(RECURSIVEMATCH))) MAILBOX(\"\") LIST_MAILBOX(\"%\") RETURN LIST_RETURN((OPTION(CHILDREN)))");
	C("A05 LIST (RECURSIVEMATCH) \"\" \"%\"\r\n",
	  "BAD A05 LIST LIST_SELECT((OPTION(RECURSIVEMATCH))) MAILBOX(\"\") LIST_MAILBOX(\"%\") CMD_RECURSIVEMATCH@10");
	C("A06 LIST (REMOTE RECURSIVEMATCH) \"\" \"%\"\r\n",
	  "BAD A06 LIST LIST_SELECT((OPTION(REMOTE) OPTION(RECURSIVEMATCH))) MAILBOX(\"\") LIST_MAILBOX(\"%\") CMD_RECURSIVEMATCH@17");
	C("A07 LIST \"\" % RETURN (STATUS (MESSAGES UNSEEN))\r\n",
	  "OK A07 LIST MAILBOX(\"\") LIST_MAILBOX(%) RETURN LIST_RETURN((OPTION(STATUS) STATUS_ITEMS((STATUS_ITEM(MESSAGES) STATUS_ITEM(UNSEEN)))))");
	C("t1 LIST \"\" \"%\" RETURN (SPECIAL-USE)\r\n",
	  "OK t1 LIST MAILBOX(\"\") LIST_MAILBOX(\"%\") RETURN LIST_RETURN((OPTION(SPECIAL-USE)))");
	C("t3 LIST (SPECIAL-USE) \"\" \"*\"\r\n",
	  "OK t3 LIST LIST_SELECT((OPTION(SPECIAL-USE))) MAILBOX(\"\") LIST_MAILBOX(\"*\")");
	C("a LIST \"\" % RETURN ()\r\n", "OK a LIST MAILBOX(\"\") LIST_MAILBOX(%) RETURN LIST_RETURN(())");
	C("a LIST \"\" % RETURN (X-FOO)\r\n",
	  "OK a LIST MAILBOX(\"\") LIST_MAILBOX(%) RETURN LIST_RETURN((OPTION(X-FOO))) CMD_MODIFIER_UNKNOWN@20");
	C("a LIST (X-SEL) \"\" %\r\n",
	  "OK a LIST LIST_SELECT((OPTION(X-SEL))) MAILBOX(\"\") LIST_MAILBOX(%) CMD_MODIFIER_UNKNOWN@8");
	C("a LIST \"\" % STATUS (MESSAGES)\r\n", "BAD a LIST MAILBOX(\"\") LIST_MAILBOX(%) TRAILING@12");
	C("a LIST \"\" % RETURN (STATUS ())\r\n", "BAD a LIST MAILBOX(\"\") LIST_MAILBOX(%) RETURN LIST_RETURN((OPTION(STATUS) STATUS_ITEMS(()))) CMD_LIST_EMPTY@28");
	C("a LIST \"\" ()\r\n", "BAD a LIST MAILBOX(\"\") LIST_MAILBOX(()) CMD_LIST_EMPTY@11");
	C("a LIST \"\"\r\n", "BAD a LIST MAILBOX(\"\") SP@9");
	C("a LIST \"\" %\" \r\n", "BAD a LIST MAILBOX(\"\") LIST_MAILBOX(%) TRAILING@11");
	CL("a LIST  \"\"  *\r\n", "OK a LIST MAILBOX(\"\") LIST_MAILBOX(*) EXTRA_SP@7 EXTRA_SP@11");
	/* LSUB: IMAP4rev1; deprecated in IMAP4rev2 */
	C1("A002 LSUB \"#news.\" \"comp.mail.*\"\r\n", "OK A002 LSUB MAILBOX(\"#news.\") LIST_MAILBOX(\"comp.mail.*\")");
	C("A002 LSUB \"#news.\" \"comp.mail.*\"\r\n",
	  "OK A002 LSUB MAILBOX(\"#news.\") LIST_MAILBOX(\"comp.mail.*\") CMD_REV2_LSUB@5");
	C1("a LSUB \"\" %\r\n", "OK a LSUB MAILBOX(\"\") LIST_MAILBOX(%)");
	C1("a LSUB \"\"\r\n", "BAD a LSUB MAILBOX(\"\") SP@9");
}

static void test_status(void **state)
{
	(void)state;
	C("A042 STATUS blurdybloop (UIDNEXT MESSAGES)\r\n",
	  "OK A042 STATUS MAILBOX(blurdybloop) STATUS_ITEMS((STATUS_ITEM(UIDNEXT) STATUS_ITEM(MESSAGES)))");
	C("a STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE HIGHESTMODSEQ APPENDLIMIT MAILBOXID)\r\n",
	  "OK a STATUS MAILBOX(INBOX) STATUS_ITEMS((STATUS_ITEM(MESSAGES) STATUS_ITEM(UIDNEXT) STATUS_ITEM(UIDVALIDITY) STATUS_ITEM(UNSEEN) STATUS_ITEM(DELETED) STATUS_ITEM(SIZE) STATUS_ITEM(HIGHESTMODSEQ) STATUS_ITEM(APPENDLIMIT) STATUS_ITEM(MAILBOXID)))");
	C("a status INBOX (messages)\r\n", "OK a STATUS MAILBOX(INBOX) STATUS_ITEMS((STATUS_ITEM(messages)))");
	C1("a STATUS INBOX (RECENT)\r\n", "OK a STATUS MAILBOX(INBOX) STATUS_ITEMS((STATUS_ITEM(RECENT)))");
	C("a STATUS INBOX (RECENT)\r\n",
	  "OK a STATUS MAILBOX(INBOX) STATUS_ITEMS((STATUS_ITEM(RECENT))) CMD_REV2_RECENT@16");
	C("a STATUS INBOX (FOO)\r\n", "BAD a STATUS MAILBOX(INBOX) STATUS_ITEMS(()) CMD_STATUS_ATT@16");
	C("a STATUS INBOX ()\r\n", "BAD a STATUS MAILBOX(INBOX) STATUS_ITEMS(()) CMD_LIST_EMPTY@16");
	C("a STATUS INBOX MESSAGES\r\n", "BAD a STATUS MAILBOX(INBOX) LIST_OPEN@15");
	C("a STATUS INBOX (MESSAGES\r\n", "BAD a STATUS MAILBOX(INBOX) STATUS_ITEMS((STATUS_ITEM(MESSAGES))) LIST_CLOSE@24");
	C("a STATUS INBOX\r\n", "BAD a STATUS MAILBOX(INBOX) SP@14");
	C("a STATUS INBOX (MESSAGES  UNSEEN)\r\n", "BAD a STATUS MAILBOX(INBOX) STATUS_ITEMS((STATUS_ITEM(MESSAGES))) EXTRA_SP@25");
	CL("a STATUS INBOX (MESSAGES  UNSEEN)\r\n",
	   "OK a STATUS MAILBOX(INBOX) STATUS_ITEMS((STATUS_ITEM(MESSAGES) STATUS_ITEM(UNSEEN))) EXTRA_SP@25");
}

static void test_append(void **state)
{
	(void)state;
	C("A003 APPEND saved-messages (\\Seen) {5}\r\nhello\r\n",
	  "OK A003 APPEND MAILBOX(saved-messages) FLAG_LIST((FLAG(\\\\Seen))) MESSAGE({5}hello)");
	C("a APPEND x {3}\r\nabc\r\n", "OK a APPEND MAILBOX(x) MESSAGE({3}abc)");
	C("a APPEND x {3+}\r\nabc\r\n", "OK a APPEND MAILBOX(x) MESSAGE({3+}abc)");
	C("a APPEND x () \" 7-Feb-1994 21:52:25 -0800\" {3}\r\nabc\r\n",
	  "OK a APPEND MAILBOX(x) FLAG_LIST(()) DATE_TIME(\" 7-Feb-1994 21:52:25 -0800\") MESSAGE({3}abc)");
	C("a APPEND x \"17-Feb-1994 21:52:25 +0100\" {3}\r\nabc\r\n",
	  "OK a APPEND MAILBOX(x) DATE_TIME(\"17-Feb-1994 21:52:25 +0100\") MESSAGE({3}abc)");
	C("a APPEND x ~{3}\r\na\0c\r\n", "OK a APPEND MAILBOX(x) MESSAGE(~{3}a\\x00c)");
	C("a APPEND x {3}\r\na\0c\r\n", "BAD a APPEND MAILBOX(x) MESSAGE({3}a\\x00c) LITERAL_NUL@17");
	/* MULTIAPPEND (RFC 3502) */
	C("A003 APPEND saved-messages (\\Seen) {3}\r\nabc (\\Seen \\Flagged) {2}\r\nde\r\n",
	  "OK A003 APPEND MAILBOX(saved-messages) FLAG_LIST((FLAG(\\\\Seen))) MESSAGE({3}abc) FLAG_LIST((FLAG(\\\\Seen) FLAG(\\\\Flagged))) MESSAGE({2}de)");
	C("a APPEND x {1}\r\na {1}\r\nb {1}\r\nc\r\n",
	  "OK a APPEND MAILBOX(x) MESSAGE({1}a) MESSAGE({1}b) MESSAGE({1}c)");
	/* UTF8 (RFC 6855 4) and CATENATE (RFC 4469) */
	C("a APPEND x UTF8 (~{3}\r\nabc)\r\n", "OK a APPEND MAILBOX(x) OPTION(UTF8) (MESSAGE(~{3}abc))");
	C("a APPEND x (\\Seen) UTF8 (~{3+}\r\nabc)\r\n",
	  "OK a APPEND MAILBOX(x) FLAG_LIST((FLAG(\\\\Seen))) OPTION(UTF8) (MESSAGE(~{3+}abc))");
	C("a APPEND x UTF8 ({3}\r\nabc)\r\n", "BAD a APPEND MAILBOX(x) OPTION(UTF8) (MESSAGE({3}abc)) CMD_APPEND_UTF8@17");
	CL("a APPEND x UTF8 ({3}\r\nabc)\r\n", "OK a APPEND MAILBOX(x) OPTION(UTF8) (MESSAGE({3}abc)) CMD_APPEND_UTF8@17");
	C("a APPEND x UTF8 ~{3}\r\nabc\r\n", "BAD a APPEND MAILBOX(x) OPTION(UTF8) CMD_APPEND_UTF8@16");
	C("a APPEND x UTF8 (\"abc\")\r\n", "BAD a APPEND MAILBOX(x) OPTION(UTF8) () CMD_APPEND_UTF8@17");
	C("A003 APPEND Drafts (\\Seen \\Draft $MDNSent) CATENATE (URL \"/Drafts;UIDVALIDITY=385759045/;UID=20/;section=HEADER\" TEXT {5}\r\nhello URL \"/x\")\r\n",
	  "OK A003 APPEND MAILBOX(Drafts) FLAG_LIST((FLAG(\\\\Seen) FLAG(\\\\Draft) FLAG($MDNSent))) OPTION(CATENATE) (URL \"/Drafts;UIDVALIDITY=385759045/;UID=20/;section=HEADER\" TEXT {5}hello URL \"/x\")");
	C("a APPEND x X-EXT 5 {1}\r\na\r\n",
	  "OK a APPEND MAILBOX(x) EXTENSION(X-EXT) 5 MESSAGE({1}a) CMD_MODIFIER_UNKNOWN@11");
	/* what is not message data */
	C("a APPEND x \"abc\"\r\n", "BAD a APPEND MAILBOX(x) DATE_TIME@11");
	C("a APPEND x (\\Seen) \"abc\"\r\n", "BAD a APPEND MAILBOX(x) FLAG_LIST((FLAG(\\\\Seen))) DATE_TIME@19");
	C("a APPEND x (\\Seen)\r\n", "BAD a APPEND MAILBOX(x) FLAG_LIST((FLAG(\\\\Seen))) SP@18");
	C("a APPEND x\r\n", "BAD a APPEND MAILBOX(x) SP@10");
	C("a APPEND x (\\Seen) ()\r\n", "BAD a APPEND MAILBOX(x) FLAG_LIST((FLAG(\\\\Seen))) CMD_APPEND_DATA@19");
	C("a APPEND x (\\*) {1}\r\na\r\n", "BAD a APPEND MAILBOX(x) FLAG_LIST((FLAG(\\\\*))) MESSAGE({1}a) FLAG_WILDCARD@12");
	C("a APPEND x \"32-Feb-1994 21:52:25 -0800\" {1}\r\na\r\n", "BAD a APPEND MAILBOX(x) DATE_TIME@11");
	C("a APPEND x {1}\r\na {1}\r\n", "BAD a APPEND MAILBOX(x) MESSAGE({1}a) EOF_CUT@23");
	C("a APPEND x {3}\r\nabc extra\r\n", "BAD a APPEND MAILBOX(x) MESSAGE({3}abc) EXTENSION(extra) CMD_MODIFIER_UNKNOWN@20 SP@25");
	C("a APPEND x {3}\r\nabc\r\nb NOOP\r\n", "OK a APPEND MAILBOX(x) MESSAGE({3}abc) | OK b NOOP");
}

static void test_append_streamed(void **state)
{
	(void)state;
	/* a literal over max_literal is streamed: the node says so */
	const char in[] = "a APPEND x (\\Seen) {10}\r\n0123456789\r\nb NOOP\r\n";
	check(0, S, 4, 0, in, sizeof in - 1,
	      "OK a APPEND MAILBOX(x) FLAG_LIST((FLAG(\\\\Seen))) MESSAGE({10}<streamed>) | OK b NOOP");
	const char in2[] = "a APPEND x {10}\r\n0123456789 {2}\r\nab\r\n";
	check(0, S, 4, 0, in2, sizeof in2 - 1, "OK a APPEND MAILBOX(x) MESSAGE({10}<streamed>) MESSAGE({2}ab)");
	/* offsets after a streamed literal count its octets */
	const char in3[] = "a APPEND x {10}\r\n0123456789 ()\r\n";
	check(0, S, 4, 0, in3, sizeof in3 - 1, "BAD a APPEND MAILBOX(x) MESSAGE({10}<streamed>) FLAG_LIST(()) SP@30");
	/* the stream ends inside a streamed literal: the reader's EOF_CUT,
	 * nothing judged after it (no offset beyond the stream) */
	const char in4[] = "a APPEND x UTF8 (~{12}\r\n0123";
	check(0, S, 4, 0, in4, sizeof in4 - 1, "BAD a APPEND MAILBOX(x) OPTION(UTF8) () EOF_CUT@28");
	const char in5[] = "a APPEND x {6}\r\n012345";
	check(0, S, 4, 0, in5, sizeof in5 - 1, "BAD a APPEND MAILBOX(x) EOF_CUT@22");
}

static void test_search(void **state)
{
	(void)state;
	C("A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"\r\n",
	  "OK A282 SEARCH SEARCH_KEY(FLAGGED) SEARCH_KEY(SINCE) DATE(1-Feb-1994) SEARCH_KEY(NOT) SEARCH_KEY(FROM) STRING(\"Smith\")");
	C("A283 SEARCH TEXT \"string not in mailbox\"\r\n",
	  "OK A283 SEARCH SEARCH_KEY(TEXT) STRING(\"string not in mailbox\")");
	C("A284 SEARCH CHARSET UTF-8 TEXT {12}\r\n\xd0\xa2\xd0\xb5\xd1\x81\xd1\x82\xd1\x82\xd1\x82\r\n",
	  "OK A284 SEARCH CHARSET CHARSET(UTF-8) SEARCH_KEY(TEXT) STRING({12}\\xd0\\xa2\\xd0\\xb5\\xd1\\x81\\xd1\\x82\\xd1\\x82\\xd1\\x82)");
	C("a SEARCH CHARSET \"UTF-8\" ALL\r\n", "OK a SEARCH CHARSET CHARSET(\"UTF-8\") SEARCH_KEY(ALL)");
	C("A285 SEARCH RETURN (MIN MAX) FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"\r\n",
	  "OK A285 SEARCH RETURN OPTION((OPTION(MIN) OPTION(MAX))) SEARCH_KEY(FLAGGED) SEARCH_KEY(SINCE) DATE(1-Feb-1994) SEARCH_KEY(NOT) SEARCH_KEY(FROM) STRING(\"Smith\")");
	C("A286 SEARCH RETURN (ALL) FLAGGED\r\n", "OK A286 SEARCH RETURN OPTION((OPTION(ALL))) SEARCH_KEY(FLAGGED)");
	C("a SEARCH RETURN () ALL\r\n", "OK a SEARCH RETURN OPTION(()) SEARCH_KEY(ALL)");
	C("a SEARCH RETURN (COUNT SAVE) UNSEEN\r\n",
	  "OK a SEARCH RETURN OPTION((OPTION(COUNT) OPTION(SAVE))) SEARCH_KEY(UNSEEN)");
	C("a SEARCH RETURN (PARTIAL 1:10) ALL\r\n",
	  "OK a SEARCH RETURN OPTION((OPTION(PARTIAL) 1:10)) SEARCH_KEY(ALL) CMD_MODIFIER_UNKNOWN@17");
	C("a UID SEARCH 1:100 UID 443:557\r\n", "OK a UID SEARCH SEQ_SET(1:100) SEARCH_KEY(UID) SEQ_SET(443:557)");
	C("a SEARCH $\r\n", "OK a SEARCH SEQ_SET($)");
	C("a SEARCH UID $ SMALLER 4096\r\n", "OK a SEARCH SEARCH_KEY(UID) SEQ_SET($) SEARCH_KEY(SMALLER) NUMBER(4096)");
	C("a SEARCH OR FROM x (TO y CC z) LARGER 100\r\n",
	  "OK a SEARCH SEARCH_KEY(OR) SEARCH_KEY(FROM) STRING(x) SEARCH_PROGRAM((SEARCH_KEY(TO) STRING(y) SEARCH_KEY(CC) STRING(z))) SEARCH_KEY(LARGER) NUMBER(100)");
	C("a SEARCH OR OR SEEN DRAFT NOT (DELETED OR ANSWERED FLAGGED)\r\n",
	  "OK a SEARCH SEARCH_KEY(OR) SEARCH_KEY(OR) SEARCH_KEY(SEEN) SEARCH_KEY(DRAFT) SEARCH_KEY(NOT) SEARCH_PROGRAM((SEARCH_KEY(DELETED) SEARCH_KEY(OR) SEARCH_KEY(ANSWERED) SEARCH_KEY(FLAGGED)))");
	C("a SEARCH ((((SEEN))))\r\n",
	  "OK a SEARCH SEARCH_PROGRAM((SEARCH_PROGRAM((SEARCH_PROGRAM((SEARCH_PROGRAM((SEARCH_KEY(SEEN)))))))))");
	C("a SEARCH HEADER Message-ID \"<x@y>\" BCC a BODY b SUBJECT {2}\r\nhi TO \"\"\r\n",
	  "OK a SEARCH SEARCH_KEY(HEADER) STRING(Message-ID) STRING(\"<x@y>\") SEARCH_KEY(BCC) STRING(a) SEARCH_KEY(BODY) STRING(b) SEARCH_KEY(SUBJECT) STRING({2}hi) SEARCH_KEY(TO) STRING(\"\")");
	C("a SEARCH BEFORE 1-Jan-2000 ON 31-Dec-1999 SENTBEFORE 2-feb-2001 SENTON \"3-Mar-2002\" SENTSINCE 04-Apr-2003\r\n",
	  "OK a SEARCH SEARCH_KEY(BEFORE) DATE(1-Jan-2000) SEARCH_KEY(ON) DATE(31-Dec-1999) SEARCH_KEY(SENTBEFORE) DATE(2-feb-2001) SEARCH_KEY(SENTON) DATE(\"3-Mar-2002\") SEARCH_KEY(SENTSINCE) DATE(04-Apr-2003)");
	C("a SEARCH ANSWERED DELETED DRAFT FLAGGED SEEN UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNSEEN\r\n",
	  "OK a SEARCH SEARCH_KEY(ANSWERED) SEARCH_KEY(DELETED) SEARCH_KEY(DRAFT) SEARCH_KEY(FLAGGED) SEARCH_KEY(SEEN) SEARCH_KEY(UNANSWERED) SEARCH_KEY(UNDELETED) SEARCH_KEY(UNDRAFT) SEARCH_KEY(UNFLAGGED) SEARCH_KEY(UNSEEN)");
	C("a SEARCH KEYWORD $Forwarded UNKEYWORD Junk\r\n",
	  "OK a SEARCH SEARCH_KEY(KEYWORD) FLAG($Forwarded) SEARCH_KEY(UNKEYWORD) FLAG(Junk)");
	C("a SEARCH KEYWORD \\Seen\r\n", "BAD a SEARCH SEARCH_KEY(KEYWORD) ATOM@17");
	C("a SEARCH YOUNGER 3600 OLDER 60\r\n",
	  "OK a SEARCH SEARCH_KEY(YOUNGER) NUMBER(3600) SEARCH_KEY(OLDER) NUMBER(60)");
	C("a SEARCH YOUNGER 0\r\n", "BAD a SEARCH SEARCH_KEY(YOUNGER) NZ_NUMBER@17");
	C("a SEARCH EMAILID M6d99ac3275bb4e THREADID T64b478a75b7ea9\r\n",
	  "OK a SEARCH SEARCH_KEY(EMAILID) STRING(M6d99ac3275bb4e) SEARCH_KEY(THREADID) STRING(T64b478a75b7ea9)");
	/* CONDSTORE (RFC 7162 3.1.5) */
	C("a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338\r\n",
	  "OK a SEARCH SEARCH_KEY(MODSEQ) STRING(\"/flags/\\\\\\\\draft\") all MODSEQ(620162338)");
	C("a SEARCH MODSEQ 0\r\n", "OK a SEARCH SEARCH_KEY(MODSEQ) MODSEQ(0)");
	C("a SEARCH MODSEQ \"/flags/x\" priv 5 MODSEQ \"/flags/y\" shared 6\r\n",
	  "OK a SEARCH SEARCH_KEY(MODSEQ) STRING(\"/flags/x\") priv MODSEQ(5) SEARCH_KEY(MODSEQ) STRING(\"/flags/y\") shared MODSEQ(6)");
	C("a SEARCH MODSEQ \"/other/x\" all 5\r\n", "BAD a SEARCH SEARCH_KEY(MODSEQ) STRING(\"/other/x\") CMD_SEARCH_MODSEQ@16");
	C("a SEARCH MODSEQ \"/flags/x\" some 5\r\n", "BAD a SEARCH SEARCH_KEY(MODSEQ) STRING(\"/flags/x\") CMD_SEARCH_MODSEQ@27");
	C("a SEARCH MODSEQ 9223372036854775808\r\n", "BAD a SEARCH SEARCH_KEY(MODSEQ) NUMBER_RANGE@16");
	C("a SEARCH LARGER 9223372036854775807\r\n", "OK a SEARCH SEARCH_KEY(LARGER) NUMBER(9223372036854775807)");
	/* \Recent keys: IMAP4rev1 only */
	C1("a SEARCH NEW OLD RECENT\r\n", "OK a SEARCH SEARCH_KEY(NEW) SEARCH_KEY(OLD) SEARCH_KEY(RECENT)");
	C("a SEARCH NEW\r\n", "OK a SEARCH SEARCH_KEY(NEW) CMD_REV2_RECENT@9");
	/* broken */
	C("a SEARCH\r\n", "BAD a SEARCH SP@8");
	C("a SEARCH FOO\r\n", "BAD a SEARCH CMD_SEARCH_KEY@9");
	C("a SEARCH FROM\r\n", "BAD a SEARCH SEARCH_KEY(FROM) SP@13");
	C("a SEARCH SINCE 1-Foo-1994\r\n", "BAD a SEARCH SEARCH_KEY(SINCE) DATE@15");
	C("a SEARCH SINCE 32-Jan-1994\r\n", "BAD a SEARCH SEARCH_KEY(SINCE) DATE@15");
	C("a SEARCH LARGER x\r\n", "BAD a SEARCH SEARCH_KEY(LARGER) NUMBER@16");
	C("a SEARCH LARGER 12x\r\n", "BAD a SEARCH SEARCH_KEY(LARGER) NUMBER@18");
	C("a SEARCH 0:4\r\n", "BAD a SEARCH SEQ_SET@9");
	C("a SEARCH ()\r\n", "BAD a SEARCH SEARCH_PROGRAM(()) CMD_LIST_EMPTY@10");
	C("a SEARCH (SEEN\r\n", "BAD a SEARCH SEARCH_PROGRAM((SEARCH_KEY(SEEN))) LIST_CLOSE@14");
	C("a SEARCH OR SEEN\r\n", "BAD a SEARCH SEARCH_KEY(OR) SEARCH_KEY(SEEN) SP@16");
	C("a SEARCH NOT\r\n", "BAD a SEARCH SEARCH_KEY(NOT) SP@12");
	C("a SEARCH CHARSET\r\n", "BAD a SEARCH CHARSET SP@16");
	C("a SEARCH CHARSET UTF-8\r\n", "BAD a SEARCH CHARSET CHARSET(UTF-8) SP@22");
	C("a SEARCH ALL CHARSET UTF-8\r\n", "BAD a SEARCH SEARCH_KEY(ALL) CMD_SEARCH_KEY@13");
	C("a SEARCH RETURN (MIN)\r\n", "BAD a SEARCH RETURN OPTION((OPTION(MIN))) SP@21");
	C("a SEARCH \"x\"\r\n", "BAD a SEARCH ATOM@9");
	C("a SEARCH SEEN  DRAFT\r\n", "BAD a SEARCH SEARCH_KEY(SEEN) EXTRA_SP@14");
	CL("a search seen  draft\r\n", "OK a SEARCH SEARCH_KEY(seen) SEARCH_KEY(draft) EXTRA_SP@14");
}

static void test_search_depth(void **state)
{
	(void)state;
	/* NOT, OR and parens nest against max_depth (32) */
	char buf[512];
	size_t k = 0;
	k += (size_t)snprintf(buf + k, sizeof buf - k, "a SEARCH ");
	for (int i = 0; i < 40; i++)
		k += (size_t)snprintf(buf + k, sizeof buf - k, "NOT ");
	k += (size_t)snprintf(buf + k, sizeof buf - k, "SEEN\r\n");
	mpt_log got = { 0 };
	struct cx *x = calloc(1, sizeof *x);
	assert_non_null(x);
	x->scratch_cap = sizeof x->scratch;
	cx_reset(x);
	cx_feed(x, (const uint8_t *)buf, k, true, &got);
	assert_non_null(strstr(got.p, "BAD a SEARCH"));
	if (!strstr(got.p, "DEPTH@141"))
		fail_msg("got %s", got.p);
	assert_non_null(strstr(got.p, "DEPTH@141"));
	mpt_log_free(&got);
	/* 32 nested NOTs are fine */
	k = (size_t)snprintf(buf, sizeof buf, "a SEARCH ");
	for (int i = 0; i < 32; i++)
		k += (size_t)snprintf(buf + k, sizeof buf - k, "NOT ");
	k += (size_t)snprintf(buf + k, sizeof buf - k, "SEEN\r\n");
	cx_reset(x);
	cx_feed(x, (const uint8_t *)buf, k, true, &got);
	assert_true(strncmp(got.p, "OK a SEARCH", 11) == 0);
	mpt_log_free(&got);
	free(x);
	ncases += 2;
}

static void test_fetch(void **state)
{
	(void)state;
	C("A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])\r\n",
	  "OK A654 FETCH SEQ_SET(2:4) FETCH_ITEMS((FETCH_ITEM(FLAGS) FETCH_ITEM(BODY[HEADER.FIELDS (STRING(DATE) STRING(FROM))])))");
	C("a FETCH 1:* ALL\r\n", "OK a FETCH SEQ_SET(1:*) FETCH_ITEMS(ALL)");
	C("a FETCH 1 FAST\r\n", "OK a FETCH SEQ_SET(1) FETCH_ITEMS(FAST)");
	C("a FETCH 1 full\r\n", "OK a FETCH SEQ_SET(1) FETCH_ITEMS(full)");
	C("a FETCH 1 FLAGS\r\n", "OK a FETCH SEQ_SET(1) FETCH_ITEM(FLAGS)");
	C("a FETCH 1 BODY[]\r\n", "OK a FETCH SEQ_SET(1) FETCH_ITEM(BODY[])");
	C("a FETCH 1 (ENVELOPE FLAGS INTERNALDATE RFC822.SIZE BODY BODYSTRUCTURE UID MODSEQ EMAILID THREADID SAVEDATE)\r\n",
	  "OK a FETCH SEQ_SET(1) FETCH_ITEMS((FETCH_ITEM(ENVELOPE) FETCH_ITEM(FLAGS) FETCH_ITEM(INTERNALDATE) FETCH_ITEM(RFC822.SIZE) FETCH_ITEM(BODY) FETCH_ITEM(BODYSTRUCTURE) FETCH_ITEM(UID) FETCH_ITEM(MODSEQ) FETCH_ITEM(EMAILID) FETCH_ITEM(THREADID) FETCH_ITEM(SAVEDATE)))");
	C("a FETCH 1 BODY.PEEK[HEADER.FIELDS (A)]<0.10>\r\n",
	  "OK a FETCH SEQ_SET(1) FETCH_ITEM(BODY.PEEK[HEADER.FIELDS (STRING(A))]<0.10>)");
	C("a FETCH 1 (BODY.PEEK[1.2.MIME] BODY[1.TEXT] BODY[HEADER] BODY[TEXT] BODY[3] BODY[HEADER.FIELDS.NOT (X-A \"Y\")])\r\n",
	  "OK a FETCH SEQ_SET(1) FETCH_ITEMS((FETCH_ITEM(BODY.PEEK[1.2.MIME]) FETCH_ITEM(BODY[1.TEXT]) FETCH_ITEM(BODY[HEADER]) FETCH_ITEM(BODY[TEXT]) FETCH_ITEM(BODY[3]) FETCH_ITEM(BODY[HEADER.FIELDS.NOT (STRING(X-A) STRING(\"Y\"))])))");
	C("a FETCH 1 (BINARY[1] BINARY.PEEK[1.2]<0.100> BINARY.SIZE[2] BINARY[])\r\n",
	  "OK a FETCH SEQ_SET(1) FETCH_ITEMS((FETCH_ITEM(BINARY[1]) FETCH_ITEM(BINARY.PEEK[1.2]<0.100>) FETCH_ITEM(BINARY.SIZE[2]) FETCH_ITEM(BINARY[])))");
	C("a UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)\r\n",
	  "OK a UID FETCH SEQ_SET(1:*) FETCH_ITEMS((FETCH_ITEM(FLAGS))) MODIFIER((OPTION(CHANGEDSINCE) MODSEQ(12345)))");
	C("s100 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)\r\n",
	  "OK s100 UID FETCH SEQ_SET(300:500) FETCH_ITEMS((FETCH_ITEM(FLAGS))) MODIFIER((OPTION(CHANGEDSINCE) MODSEQ(12345) OPTION(VANISHED)))");
	C("a FETCH 1 FLAGS (CHANGEDSINCE 1 VANISHED)\r\n",
	  "BAD a FETCH SEQ_SET(1) FETCH_ITEM(FLAGS) MODIFIER((OPTION(CHANGEDSINCE) MODSEQ(1) OPTION(VANISHED))) CMD_VANISHED@32");
	C("a UID FETCH 1 FLAGS (VANISHED)\r\n", "BAD a UID FETCH SEQ_SET(1) FETCH_ITEM(FLAGS) MODIFIER((OPTION(VANISHED))) CMD_VANISHED@21");
	C("a FETCH 1 FLAGS (CHANGEDSINCE 0)\r\n", "BAD a FETCH SEQ_SET(1) FETCH_ITEM(FLAGS) MODIFIER((OPTION(CHANGEDSINCE))) NZ_NUMBER@30");
	C("a FETCH 1 FLAGS ()\r\n", "BAD a FETCH SEQ_SET(1) FETCH_ITEM(FLAGS) MODIFIER(()) CMD_LIST_EMPTY@17");
	C("a FETCH 1 FLAGS (X-MOD 5)\r\n",
	  "OK a FETCH SEQ_SET(1) FETCH_ITEM(FLAGS) MODIFIER((OPTION(X-MOD) 5)) CMD_MODIFIER_UNKNOWN@17");
	/* IMAP4rev1 items */
	C1("a FETCH 1 (RFC822 RFC822.HEADER RFC822.TEXT RFC822.SIZE)\r\n",
	   "OK a FETCH SEQ_SET(1) FETCH_ITEMS((FETCH_ITEM(RFC822) FETCH_ITEM(RFC822.HEADER) FETCH_ITEM(RFC822.TEXT) FETCH_ITEM(RFC822.SIZE)))");
	C("a FETCH 1 (RFC822.HEADER RFC822.SIZE)\r\n",
	  "OK a FETCH SEQ_SET(1) FETCH_ITEMS((FETCH_ITEM(RFC822.HEADER) FETCH_ITEM(RFC822.SIZE))) CMD_REV2_RFC822@11");
	C("a FETCH 1 RFC822\r\n", "OK a FETCH SEQ_SET(1) FETCH_ITEM(RFC822) CMD_REV2_RFC822@10");
	/* broken */
	C("a FETCH 1 (FLAGS UID\r\n", "BAD a FETCH SEQ_SET(1) FETCH_ITEMS((FETCH_ITEM(FLAGS) FETCH_ITEM(UID))) LIST_CLOSE@20");
	C("a FETCH 1 FLAGS UID\r\n", "BAD a FETCH SEQ_SET(1) CMD_FETCH_PARENS@10 CMD_FETCH_PARENS@16");
	CL("a FETCH 1 FLAGS UID\r\n",
	   "OK a FETCH SEQ_SET(1) FETCH_ITEMS((FETCH_ITEM(FLAGS) FETCH_ITEM(UID))) CMD_FETCH_PARENS@10");
	CL("a FETCH 1 FLAGS BODY.PEEK[] (CHANGEDSINCE 4)\r\n",
	   "OK a FETCH SEQ_SET(1) FETCH_ITEMS((FETCH_ITEM(FLAGS) FETCH_ITEM(BODY.PEEK[]))) MODIFIER((OPTION(CHANGEDSINCE) MODSEQ(4))) CMD_FETCH_PARENS@10");
	/* several SPs (lenient) read as one: the same tree as the print */
	CL("a FETCH 1 FLAGS  UID\r\n",
	   "OK a FETCH SEQ_SET(1) FETCH_ITEMS((FETCH_ITEM(FLAGS) FETCH_ITEM(UID))) CMD_FETCH_PARENS@10 EXTRA_SP@16");
	CL("a FETCH 1 FLAGS  (X-A  4)\r\n",
	   "OK a FETCH SEQ_SET(1) FETCH_ITEM(FLAGS) MODIFIER((OPTION(X-A) 4)) EXTRA_SP@16 CMD_MODIFIER_UNKNOWN@18 EXTRA_SP@22");
	C("a FETCH 1 FLAGS  UID\r\n", "BAD a FETCH SEQ_SET(1) CMD_FETCH_PARENS@10 CMD_FETCH_PARENS@16");
	C("a FETCH 1 (ALL)\r\n", "BAD a FETCH SEQ_SET(1) FETCH_ITEMS((FETCH_ITEM(ALL))) CMD_FETCH_MACRO@11");
	CL("a FETCH 1 (FAST UID)\r\n",
	   "OK a FETCH SEQ_SET(1) FETCH_ITEMS((FETCH_ITEM(FAST) FETCH_ITEM(UID))) CMD_FETCH_MACRO@11");
	C("a FETCH 1 ALL FLAGS\r\n", "BAD a FETCH SEQ_SET(1) FETCH_ITEMS(ALL) LIST_OPEN@14");
	C("a FETCH 1 X-GM-LABELS\r\n", "BAD a FETCH SEQ_SET(1) CMD_FETCH_ATT@10");
	CL("a FETCH 1 (X-GM-LABELS X-GM-MSGID)\r\n",
	   "OK a FETCH SEQ_SET(1) FETCH_ITEMS((FETCH_ITEM(X-GM-LABELS) FETCH_ITEM(X-GM-MSGID))) CMD_FETCH_ATT@11 CMD_FETCH_ATT@23");
	C("a FETCH 1 FLAGSX\r\n", "BAD a FETCH SEQ_SET(1) CMD_FETCH_ATT@10");
	C("a FETCH 1 ()\r\n", "BAD a FETCH SEQ_SET(1) FETCH_ITEMS(()) CMD_LIST_EMPTY@11");
	C("a FETCH 1 (\"FLAGS\")\r\n", "BAD a FETCH SEQ_SET(1) FETCH_ITEMS(()) CMD_FETCH_ATT@11");
	C("a FETCH 1 BODY[\r\n", "BAD a FETCH SEQ_SET(1) SECTION@15");
	C("a FETCH 1 BODY[FOO]\r\n", "BAD a FETCH SEQ_SET(1) SECTION@15");
	C("a FETCH 1 BODY[MIME]\r\n", "BAD a FETCH SEQ_SET(1) SECTION@15");
	C("a FETCH 1 BODY[0]\r\n", "BAD a FETCH SEQ_SET(1) SECTION@15");
	C("a FETCH 1 BODY[HEADER.FIELDS]\r\n", "BAD a FETCH SEQ_SET(1) SP@28");
	C("a FETCH 1 BODY[HEADER.FIELDS ()]\r\n", "BAD a FETCH SEQ_SET(1) STRING@30");
	C("a FETCH 1 BODY[]<0>\r\n", "BAD a FETCH SEQ_SET(1) PARTIAL@18");
	C("a FETCH 1 BODY[]<0.0>\r\n", "BAD a FETCH SEQ_SET(1) NZ_NUMBER@19");
	C("a FETCH 1 BODY[]<0.1>x\r\n", "BAD a FETCH SEQ_SET(1) CMD_FETCH_ATT@21");
	C("a FETCH 1 BODY<0.1>\r\n", "BAD a FETCH SEQ_SET(1) CMD_FETCH_ATT@14");
	C("a FETCH 1 BINARY\r\n", "BAD a FETCH SEQ_SET(1) SECTION@16");
	C("a FETCH 1 BINARY[HEADER]\r\n", "BAD a FETCH SEQ_SET(1) CMD_BINARY_SECTION@17");
	C("a FETCH 1 BINARY[1.TEXT]\r\n", "BAD a FETCH SEQ_SET(1) CMD_BINARY_SECTION@19");
	C("a FETCH 1 BINARY.SIZE[1]<0.5>\r\n", "BAD a FETCH SEQ_SET(1) CMD_FETCH_ATT@24");
	C("a FETCH 1 BODYSTRUCTURE[]\r\n", "BAD a FETCH SEQ_SET(1) CMD_FETCH_ATT@23");
	C("a FETCH 0 FLAGS\r\n", "BAD a FETCH SEQ_SET@8");
	C("a FETCH 1:0 FLAGS\r\n", "BAD a FETCH SEQ_SET@10");
	C("a FETCH 1,,2 FLAGS\r\n", "BAD a FETCH SEQ_SET@10");
	C("a FETCH 4294967296 FLAGS\r\n", "BAD a FETCH SEQ_SET@8");
	C("a FETCH 4294967295,*:3,$ FLAGS\r\n", "BAD a FETCH SEQ_SET@23");
	C("a FETCH 4294967295,*:3 FLAGS\r\n", "OK a FETCH SEQ_SET(4294967295,*:3) FETCH_ITEM(FLAGS)");
	C("a FETCH 1\r\n", "BAD a FETCH SEQ_SET(1) SP@9");
	C("a FETCH FLAGS\r\n", "BAD a FETCH SEQ_SET@8");
	C("a FETCH 1 FLAGS \r\n", "BAD a FETCH SEQ_SET(1) FETCH_ITEM(FLAGS) EXTRA_SP@15");
	CL("a FETCH 1 FLAGS \r\n", "OK a FETCH SEQ_SET(1) FETCH_ITEM(FLAGS) EXTRA_SP@15");
}

static void test_store_copy(void **state)
{
	(void)state;
	C("A003 STORE 2:4 +FLAGS (\\Deleted)\r\n",
	  "OK A003 STORE SEQ_SET(2:4) STORE_ACTION(+FLAGS) FLAG_LIST((FLAG(\\\\Deleted)))");
	C("a STORE 1 FLAGS \\Seen \\Answered\r\n",
	  "OK a STORE SEQ_SET(1) STORE_ACTION(FLAGS) FLAG(\\\\Seen) FLAG(\\\\Answered)");
	C("a STORE 1 -FLAGS.SILENT ($Junk)\r\n",
	  "OK a STORE SEQ_SET(1) STORE_ACTION(-FLAGS.SILENT) FLAG_LIST((FLAG($Junk)))");
	C("a STORE 1 flags.silent ()\r\n", "OK a STORE SEQ_SET(1) STORE_ACTION(flags.silent) FLAG_LIST(())");
	C("a UID STORE 1:* +FLAGS.SILENT (\\Seen)\r\n",
	  "OK a UID STORE SEQ_SET(1:*) STORE_ACTION(+FLAGS.SILENT) FLAG_LIST((FLAG(\\\\Seen)))");
	C("d105 STORE 7,5,9 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)\r\n",
	  "OK d105 STORE SEQ_SET(7,5,9) MODIFIER((OPTION(UNCHANGEDSINCE) MODSEQ(320162338))) STORE_ACTION(+FLAGS.SILENT) FLAG_LIST((FLAG(\\\\Deleted)))");
	C("a STORE 1 (UNCHANGEDSINCE 0) FLAGS ()\r\n",
	  "OK a STORE SEQ_SET(1) MODIFIER((OPTION(UNCHANGEDSINCE) MODSEQ(0))) STORE_ACTION(FLAGS) FLAG_LIST(())");
	C("a STORE 1 () FLAGS ()\r\n", "BAD a STORE SEQ_SET(1) MODIFIER(()) CMD_LIST_EMPTY@11");
	C("a STORE $ +FLAGS (\\Flagged)\r\n", "OK a STORE SEQ_SET($) STORE_ACTION(+FLAGS) FLAG_LIST((FLAG(\\\\Flagged)))");
	C("a STORE 1 *FLAGS (\\Seen)\r\n", "BAD a STORE SEQ_SET(1) CMD_STORE_ACTION@10");
	C("a STORE 1 FLAG (\\Seen)\r\n", "BAD a STORE SEQ_SET(1) CMD_STORE_ACTION@10");
	C("a STORE 1 +FLAGS.LOUD (\\Seen)\r\n", "BAD a STORE SEQ_SET(1) CMD_STORE_ACTION@10");
	C("a STORE 1 +FLAGS\r\n", "BAD a STORE SEQ_SET(1) STORE_ACTION(+FLAGS) SP@16");
	C("a STORE 1 +FLAGS (\\*)\r\n", "BAD a STORE SEQ_SET(1) STORE_ACTION(+FLAGS) FLAG_LIST((FLAG(\\\\*))) FLAG_WILDCARD@18");
	C("a STORE 1 +FLAGS (\\Seen\r\n", "BAD a STORE SEQ_SET(1) STORE_ACTION(+FLAGS) LIST_CLOSE@23");
	C("a STORE 1 +FLAGS (\\)\r\n", "BAD a STORE SEQ_SET(1) STORE_ACTION(+FLAGS) FLAG@18");
	C("A003 COPY 2:4 MEETING\r\n", "OK A003 COPY SEQ_SET(2:4) MAILBOX(MEETING)");
	C("a UID MOVE 42:69 foo\r\n", "OK a UID MOVE SEQ_SET(42:69) MAILBOX(foo)");
	C("a MOVE 1 \"Sent Items\"\r\n", "OK a MOVE SEQ_SET(1) MAILBOX(\"Sent Items\")");
	C("a UID COPY $ {4+}\r\nJunk\r\n", "OK a UID COPY SEQ_SET($) MAILBOX({4+}Junk)");
	C("a COPY 2:4\r\n", "BAD a COPY SEQ_SET(2:4) SP@10");
	C("a COPY x y\r\n", "BAD a COPY SEQ_SET@7");
}

static void test_id(void **state)
{
	(void)state;
	C("a023 ID (\"name\" \"sodr\" \"version\" \"19.34\" \"vendor\" \"Pink Floyd Music Limited\")\r\n",
	  "OK a023 ID ID_PARAMS((STRING(\"name\") STRING(\"sodr\") STRING(\"version\") STRING(\"19.34\") STRING(\"vendor\") STRING(\"Pink Floyd Music Limited\")))");
	C("a ID NIL\r\n", "OK a ID ID_PARAMS(NIL)");
	C("a ID ()\r\n", "OK a ID ID_PARAMS(())");
	C("a ID (\"name\" NIL)\r\n", "OK a ID ID_PARAMS((STRING(\"name\") STRING(NIL)))");
	C("a ID (\"name\" {3}\r\nabc)\r\n", "OK a ID ID_PARAMS((STRING(\"name\") STRING({3}abc)))");
	C("a ID (\"name\")\r\n", "BAD a ID ID_PARAMS((STRING(\"name\"))) SP@12");
	C("a ID (name \"x\")\r\n", "BAD a ID ID_PARAMS(()) STRING@6");
	C("a ID \"x\"\r\n", "BAD a ID NIL@5");
	C("a ID\r\n", "BAD a ID SP@4");
	C("a ID (\"a\" \"1\" \"A\" \"2\")\r\n",
	  "BAD a ID ID_PARAMS((STRING(\"a\") STRING(\"1\") STRING(\"A\") STRING(\"2\"))) CMD_ID_FIELD_DUP@14");
	C("a ID (\"0123456789012345678901234567890\" NIL)\r\n",
	  "BAD a ID ID_PARAMS((STRING(\"0123456789012345678901234567890\") STRING(NIL))) CMD_ID_FIELD_LEN@6");
	C("a ID (\"012345678901234567890123456789\" NIL)\r\n",
	  "OK a ID ID_PARAMS((STRING(\"012345678901234567890123456789\") STRING(NIL)))");
	C("a ID (\"01234567890123456789012345678\\\\\" NIL)\r\n",
	  "OK a ID ID_PARAMS((STRING(\"01234567890123456789012345678\\\\\\\\\") STRING(NIL)))");
}

static void test_id_limits(void **state)
{
	(void)state;
	/* 30 pairs fit, the 31st does not; values up to 1024 octets */
	char buf[4096];
	size_t k = (size_t)snprintf(buf, sizeof buf, "a ID (");
	for (int i = 0; i < 31; i++)
		k += (size_t)snprintf(buf + k, sizeof buf - k, "%s\"f%02d\" NIL", i ? " " : "", i);
	k += (size_t)snprintf(buf + k, sizeof buf - k, ")\r\n");
	mpt_log got = { 0 };
	struct cx *x = calloc(1, sizeof *x);
	assert_non_null(x);
	x->scratch_cap = sizeof x->scratch;
	cx_reset(x);
	cx_feed(x, (const uint8_t *)buf, k, true, &got);
	assert_true(strncmp(got.p, "BAD a ID", 8) == 0);
	char want[32];
	snprintf(want, sizeof want, "CMD_ID_PAIRS@%d", 6 + 30 * 10);
	assert_non_null(strstr(got.p, want));
	mpt_log_free(&got);
	for (int len = 1024; len <= 1025; len++) {
		k = (size_t)snprintf(buf, sizeof buf, "a ID (\"v\" \"");
		memset(buf + k, 'x', (size_t)len);
		k += (size_t)len;
		k += (size_t)snprintf(buf + k, sizeof buf - k, "\")\r\n");
		cx_reset(x);
		cx_feed(x, (const uint8_t *)buf, k, true, &got);
		if (len == 1024)
			assert_true(strncmp(got.p, "OK a ID", 7) == 0);
		else
			assert_non_null(strstr(got.p, "CMD_ID_VALUE_LEN@10"));
		mpt_log_free(&got);
	}
	free(x);
	ncases += 3;
}

static void test_literals(void **state)
{
	(void)state;
	/* literals of every form inside commands */
	C("a LOGIN {4-}\r\nfred {0}\r\n\r\n", "OK a LOGIN USERID({4-}fred) PASSWORD({0})");
	C("a SELECT {5+}\r\nINBOX\r\nb NOOP\r\n", "OK a SELECT MAILBOX({5+}INBOX) | OK b NOOP");
	C("a SELECT {5}\r\nINBOX (CONDSTORE)\r\n", "OK a SELECT MAILBOX({5}INBOX) OPTION((OPTION(CONDSTORE)))");
	C("a SELECT {5}\r\nIN\r\n\r\n", "OK a SELECT MAILBOX({5}IN\\x0d\\x0a\\x0d) BARE_LF@19");
	C("a SELECT {x}\r\n", "BAD a SELECT LITERAL_SYNTAX@10");
	C("a SELECT {5\r\n", "BAD a SELECT LITERAL_SYNTAX@11");
	C("a SELECT {5}x\r\n", "BAD a SELECT LITERAL_SYNTAX@12");
	/* a literal where the grammar wants no string */
	C("a FETCH {1}\r\n1 FLAGS\r\n", "BAD a FETCH SEQ_SET@8");
	C("a STATUS INBOX ({8}\r\nMESSAGES)\r\n", "BAD a STATUS MAILBOX(INBOX) STATUS_ITEMS(()) CMD_STATUS_ATT@16");
	/* 8-bit: in quoted strings of IMAP4rev2, not of IMAP4rev1 */
	C("a SELECT \"\xc3\xa9t\xc3\xa9\"\r\n", "OK a SELECT MAILBOX(\"\\xc3\\xa9t\\xc3\\xa9\")");
	C1("a SELECT \"\xc3\xa9t\xc3\xa9\"\r\n",
	   "BAD a SELECT MAILBOX(\"\\xc3\\xa9t\\xc3\\xa9\") QUOTED_8BIT@10 QUOTED_8BIT@13");
	CF(R1 | MP_IMAP_UTF8, "a SELECT \"\xc3\xa9\"\r\n", "OK a SELECT MAILBOX(\"\\xc3\\xa9\")");
	C("a SELECT \"\xc3\"\r\n", "BAD a SELECT MAILBOX(\"\\xc3\") UTF8_INVALID@10");
	C("a SELECT \xc3\xa9\r\n", "BAD a SELECT STRING@9");
	C("a SELECT \"a\\b\"\r\n", "BAD a SELECT QUOTED_ESCAPE@11");
	CL("a SELECT \"a\\b\"\r\n", "OK a SELECT MAILBOX(\"a\\\\b\") QUOTED_ESCAPE@11");
	C("a SELECT \"a\0b\"\r\n", "BAD a SELECT MAILBOX(\"a\\x00b\") NUL@11");
	C("a SELECT a\rb\r\n", "BAD a SELECT MAILBOX(a) TRAILING@10");
}

static void test_streams(void **state)
{
	(void)state;
	/* a real client session (Thunderbird-like), every split */
	C("1 capability\r\n2 authenticate PLAIN\r\nAHVzZXIAcGFzcw==\r\n3 ID (\"name\" \"Thunderbird\" \"version\" \"115.0\")\r\n"
	  "4 select \"INBOX\" (CONDSTORE)\r\n5 UID fetch 1:* (FLAGS) (CHANGEDSINCE 100)\r\n6 IDLE\r\nDONE\r\n7 logout\r\n",
	  "OK 1 CAPABILITY | OK 2 AUTHENTICATE AUTH_MECH(PLAIN) | OK SASL SASL_IR(AHVzZXIAcGFzcw==) | "
	  "OK 3 ID ID_PARAMS((STRING(\"name\") STRING(\"Thunderbird\") STRING(\"version\") STRING(\"115.0\"))) | "
	  "OK 4 SELECT MAILBOX(\"INBOX\") OPTION((OPTION(CONDSTORE))) | "
	  "OK 5 UID FETCH SEQ_SET(1:*) FETCH_ITEMS((FETCH_ITEM(FLAGS))) MODIFIER((OPTION(CHANGEDSINCE) MODSEQ(100))) | "
	  "OK 6 IDLE | OK DONE | OK 7 LOGOUT");
	/* pipelined APPENDs with LITERAL+ */
	C("a APPEND x {3+}\r\nabc\r\nb APPEND y (\\Seen) {2+}\r\nde\r\nc NOOP\r\n",
	  "OK a APPEND MAILBOX(x) MESSAGE({3+}abc) | OK b APPEND MAILBOX(y) FLAG_LIST((FLAG(\\\\Seen))) MESSAGE({2+}de) | OK c NOOP");
	/* a broken command does not disturb the next one */
	C("a FETCH x\r\nb NOOP\r\n", "BAD a FETCH SEQ_SET@8 | OK b NOOP");
	C("a SEARCH (\r\nb NOOP\r\n", "BAD a SEARCH SEARCH_PROGRAM(()) ATOM@10 | OK b NOOP");
	/* AUTHENTICATE then an IDLE */
	C("a AUTHENTICATE XOAUTH2 dXNlcj0=\r\n\r\nb IDLE\r\nDONE\r\n",
	  "OK a AUTHENTICATE AUTH_MECH(XOAUTH2) SASL_IR(dXNlcj0=) | OK SASL | OK b IDLE | OK DONE");
}

static void test_offsets_and_tree(void **state)
{
	(void)state;
	static const char in[] = "x0 UID FETCH 5 (BODY.PEEK[HEADER.FIELDS (A)]<0.10>)\r\n";
	mp_imap_unit u = { .text = MP_SLICE(in, sizeof in - 1), .off = 1000 };
	static uint8_t mem[1 << 14];
	mp_arena a;
	mp_arena_init(&a, mem, sizeof mem);
	mp_imap_cmd c;
	assert_int_equal(mp_imap_cmd_parse(&u, MP_IMAP_CS_COMMAND, NULL, &a, &c, NULL), MP_OK);
	assert_int_equal(c.name, MP_IMAP_CMD_FETCH);
	assert_true(c.uid);
	assert_int_equal(c.off, 1000);
	assert_int_equal(c.nargs, 2);
	assert_memory_equal(c.tag.p, "x0", 2);
	assert_int_equal(c.keyword.n, 5);
	assert_memory_equal(c.keyword.p, "FETCH", 5);
	const mp_imap_node *s = c.args;
	assert_int_equal(s->type, MP_IMAP_ATOM);
	assert_int_equal(s->sem, MP_IMAP_S_SEQ_SET);
	assert_int_equal(s->off, 1013);
	const mp_imap_node *l = s->next;
	assert_int_equal(l->type, MP_IMAP_LIST);
	assert_int_equal(l->off, 1015);
	assert_int_equal(l->nkids, 1);
	const mp_imap_node *it = l->kid;
	assert_int_equal(it->type, MP_IMAP_ITEM);
	assert_int_equal(it->off, 1016);
	assert_int_equal(it->nkids, 2);
	assert_int_equal(it->kid->type, MP_IMAP_SECTION);
	assert_int_equal(it->kid->off, 1025);
	assert_int_equal(it->kid->next->type, MP_IMAP_PARTIAL);
	assert_int_equal(it->kid->next->num, 0);
	assert_int_equal(it->kid->next->num2, 10);
	assert_non_null(mp_imap_find(c.args, MP_IMAP_S_PARTIAL));
	assert_ptr_equal(mp_imap_find(c.args, MP_IMAP_S_FETCH_ITEM), it);
	/* the printer writes it back as sent */
	uint8_t out[256];
	size_t n;
	assert_int_equal(mp_imap_cmd_write(&c, out, sizeof out, &n), MP_OK);
	assert_int_equal(n, sizeof in - 1);
	assert_memory_equal(out, in, n);
	/* arena exhaustion: MP_NOSPACE with an ARENA_FULL diag, at every size */
	for (size_t cap = 0; cap < 8 * sizeof(mp_imap_node); cap += 8) {
		mp_arena_init(&a, mem, cap);
		mp_diag dv[8];
		mp_diags d;
		mp_diags_init(&d, dv, 8);
		mp_rc rc = mp_imap_cmd_parse(&u, MP_IMAP_CS_COMMAND, NULL, &a, &c, &d);
		if (cap < 7 * sizeof(mp_imap_node))
			assert_int_equal(rc, MP_NOSPACE);
		if (rc == MP_NOSPACE)
			assert_true(mp_diags_has(&d, MP_R_ARENA_FULL));
		else
			assert_int_equal(rc, MP_OK);
	}
	ncases += 2;
}

static void test_cstate(void **state)
{
	(void)state;
	mp_imap_cmd c = { 0 };
	c.name = MP_IMAP_CMD_IDLE;
	assert_int_equal(mp_imap_cstate_after(MP_IMAP_CS_COMMAND, &c), MP_IMAP_CS_IDLE);
	c.name = MP_IMAP_CMD_DONE;
	assert_int_equal(mp_imap_cstate_after(MP_IMAP_CS_IDLE, &c), MP_IMAP_CS_COMMAND);
	assert_int_equal(mp_imap_cstate_after(MP_IMAP_CS_COMMAND, &c), MP_IMAP_CS_COMMAND);
	c.name = MP_IMAP_CMD_NOOP;
	assert_int_equal(mp_imap_cstate_after(MP_IMAP_CS_IDLE, &c), MP_IMAP_CS_IDLE);
	assert_int_equal(mp_imap_cstate_after(MP_IMAP_CS_SASL, &c), MP_IMAP_CS_COMMAND);
	c.name = MP_IMAP_CMD_AUTHENTICATE;
	assert_int_equal(mp_imap_cstate_after(MP_IMAP_CS_COMMAND, &c), MP_IMAP_CS_SASL);
	ncases += 6;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_auth),
		cmocka_unit_test(test_idle),
		cmocka_unit_test(test_mailboxes),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_append_streamed),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_search_depth),
		cmocka_unit_test(test_fetch),
		cmocka_unit_test(test_store_copy),
		cmocka_unit_test(test_id),
		cmocka_unit_test(test_id_limits),
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_streams),
		cmocka_unit_test(test_offsets_and_tree),
		cmocka_unit_test(test_cstate),
	};
	int rc = cmocka_run_group_tests_name("imap_cmd", tests, NULL, NULL);
	printf("imap_cmd: %zu cases, %zu wrong\n", ncases, nbad);
	return rc || nbad;
}
