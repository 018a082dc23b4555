/* tests/test_imap_read.c: IMAP framing (parsers/imap-read.c): units cut
 * by lines and literals, streamed literals, limits, every split. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "mailprobe/imap.h"

#define DV 64

struct rd_ctx {
	mp_imap_reader r;
	mp_imap_side side;
	mp_imap_opts o;
	uint8_t scratch[4096];
	size_t scratch_cap;
	mp_diag dv[DV];
	mp_diags d;
	size_t logged;  /* diags already logged */
	bool in_lit;    /* a streamed literal's data is being logged */
};

static void rd_reset(void *v)
{
	struct rd_ctx *x = v;
	mp_imap_reader_init(&x->r, x->side, &x->o, x->scratch, x->scratch_cap);
	mp_diags_init(&x->d, x->dv, DV);
	x->logged = 0;
	x->in_lit = false;
}

static void log_diags(struct rd_ctx *x, mpt_log *log)
{
	for (; x->logged < x->d.n; x->logged++)
		mpt_log_printf(log, " %s@%llu", mp_rule_name(x->d.v[x->logged].rule) + 5,
			       (unsigned long long)x->d.v[x->logged].offset);
}

static size_t rd_feed(void *v, const uint8_t *buf, size_t len, bool eof,
		      mpt_log *log)
{
	struct rd_ctx *x = v;
	size_t done = 0;
	for (;;) {
		mp_imap_event ev;
		size_t used = 0;
		mp_rc rc = mp_imap_next(&x->r, buf + done, len - done, eof, &ev, &used, &x->d);
		assert_true(used <= len - done);
		done += used;
		if (rc != MP_OK)
			break;
		if (ev.ev == MP_IMAP_EV_LITERAL) {
			/* merged: the data, then one mark when the last piece came */
			if (!x->in_lit)
				mpt_log_printf(log, "[lit %llu:", (unsigned long long)ev.lit.size);
			x->in_lit = true;
			mpt_log_bytes(log, ev.lit.data.p, ev.lit.data.n);
			if (ev.lit.last) {
				mpt_log_printf(log, "]");
				x->in_lit = false;
			}
			continue;
		}
		if (x->in_lit) {
			mpt_log_printf(log, "]");
			x->in_lit = false;
		}
		const mp_imap_unit *u = &ev.unit;
		mpt_log_printf(log, "{@%llu ", (unsigned long long)u->off);
		mpt_log_bytes(log, u->text.p, u->text.n);
		for (size_t k = 0; k < u->ngaps; k++)
			mpt_log_printf(log, " gap%zu+%llu", u->gaps[k].pos,
				       (unsigned long long)u->gaps[k].size);
		if (u->too_long)
			mpt_log_printf(log, " LONG");
		if (u->eof_cut)
			mpt_log_printf(log, " CUT");
		log_diags(x, log);
		mpt_log_printf(log, "}");
	}
	if (eof)
		log_diags(x, log);
	return done;
}

static void check_rd(mp_imap_side side, const mp_imap_opts *o, size_t scratch,
		     const char *in, size_t n, const char *want)
{
	struct rd_ctx *x = calloc(1, sizeof *x);
	assert_non_null(x);
	x->side = side;
	if (o)
		x->o = *o;
	x->scratch_cap = scratch;
	mpt_reader r = { rd_reset, rd_feed, x };
	mpt_log whole = { 0 };
	char *err = mpt_check_splits(&r, (const uint8_t *)in, n, 512, true, &whole);
	if (err)
		fail_msg("'%.*s': %s", (int)(n > 60 ? 60 : n), in, err);
	if (strcmp(whole.p ? whole.p : "", want) != 0)
		fail_msg("got  '%s'\nwant '%s'", whole.p ? whole.p : "", want);
	mpt_log_free(&whole);
	free(x);
}

#define RD(in, want) check_rd(MP_IMAP_CLIENT, NULL, 4096, in, sizeof(in) - 1, want)
#define RDO(side, o, scratch, in, want) check_rd(side, o, scratch, in, sizeof(in) - 1, want)
#define RDS(in, want) check_rd(MP_IMAP_SERVER, NULL, 4096, in, sizeof(in) - 1, want)

static void test_units(void **state)
{
	(void)state;
	RD("", "");
	RD("a NOOP\r\n", "{@0 a NOOP\\x0d\\x0a}");
	RD("a NOOP\r\nb LOGOUT\r\n", "{@0 a NOOP\\x0d\\x0a}{@8 b LOGOUT\\x0d\\x0a}");
	RD("\r\n", "{@0 \\x0d\\x0a}");
	/* bare LF: a line end all the same, and a diag at the LF */
	RD("a NOOP\nb NOOP\r\n", "{@0 a NOOP\\x0a BARE_LF@6}{@7 b NOOP\\x0d\\x0a}");
	/* a lone CR is no line end */
	RD("a\rb\r\n", "{@0 a\\x0db\\x0d\\x0a}");
	/* held literals, of every form, inline */
	RD("a LOGIN {3}\r\nbob {4}\r\npass\r\n",
	   "{@0 a LOGIN {3}\\x0d\\x0abob {4}\\x0d\\x0apass\\x0d\\x0a}");
	RD("a LOGIN {3+}\r\nbob {4-}\r\npass\r\nb NOOP\r\n",
	   "{@0 a LOGIN {3+}\\x0d\\x0abob {4-}\\x0d\\x0apass\\x0d\\x0a}{@30 b NOOP\\x0d\\x0a}");
	RD("a APPEND x ~{3}\r\n\0\r\n\r\n", "{@0 a APPEND x ~{3}\\x0d\\x0a\\x00\\x0d\\x0a\\x0d\\x0a}");
	/* a literal holding CRLF and "{1}" does not end or extend the unit */
	RD("a X {5}\r\n{1}\r\n\r\n", "{@0 a X {5}\\x0d\\x0a{1}\\x0d\\x0a\\x0d\\x0a}");
	/* {0} announces an empty literal: the line goes on */
	RD("a X {0}\r\n y\r\n", "{@0 a X {0}\\x0d\\x0a y\\x0d\\x0a}");
	/* not announcements */
	RD("a X {3\r\nb\r\n", "{@0 a X {3\\x0d\\x0a}{@8 b\\x0d\\x0a}");
	RD("a X 3}\r\n", "{@0 a X 3}\\x0d\\x0a}");
	RD("a X {}\r\n", "{@0 a X {}\\x0d\\x0a}");
	RD("a X {+}\r\n", "{@0 a X {+}\\x0d\\x0a}");
	/* out of range: a diag at the brace, and the unit ends there */
	RD("a X {99999999999999999999}\r\n",
	   "{@0 a X {99999999999999999999}\\x0d\\x0a LITERAL_RANGE@4}");
	RD("a X {9223372036854775807}\r\nab",
	   "[lit 9223372036854775807:ab]{@0 a X {9223372036854775807}\\x0d\\x0a gap27+9223372036854775807 CUT EOF_CUT@29}");
	/* the stream ends inside a unit */
	RD("a NOOP", "{@0 a NOOP CUT EOF_CUT@6}");
	RD("a X {4}\r\nab", "{@0 a X {4}\\x0d\\x0aab CUT EOF_CUT@11}");
	/* server side: a response with a literal */
	RDS("* 1 FETCH (BODY[] {5}\r\nhello)\r\na OK done\r\n",
	    "{@0 * 1 FETCH (BODY[] {5}\\x0d\\x0ahello)\\x0d\\x0a}{@31 a OK done\\x0d\\x0a}");
}

static void test_streamed(void **state)
{
	(void)state;
	mp_imap_opts o = { .max_literal = 4 };
	/* over max_literal: streamed, the unit goes on in scratch, a gap */
	RDO(MP_IMAP_SERVER, &o, 4096, "* 1 FETCH (BODY[] {10}\r\n0123456789 UID 7)\r\na OK\r\n",
		 "[lit 10:0123456789]{@0 * 1 FETCH (BODY[] {10}\\x0d\\x0a UID 7)\\x0d\\x0a gap24+10}{@43 a OK\\x0d\\x0a}");
	/* two streamed literals, one held between them */
	RDO(MP_IMAP_CLIENT, &o, 4096, "a X {5}\r\nabcde {2}\r\nxy {6}\r\n123456\r\n",
		 "[lit 5:abcde][lit 6:123456]{@0 a X {5}\\x0d\\x0a {2}\\x0d\\x0axy {6}\\x0d\\x0a\\x0d\\x0a gap9+5 gap23+6}");
	/* a scratch too small for the unit so far: cut, rest skipped with
	 * its literal, the next unit read */
	RDO(MP_IMAP_CLIENT, &o, 8, "a APPEND box {5}\r\nhello\r\nb NOOP\r\n",
		 "{@0 a APPEND box {5}\\x0d\\x0a LONG UNIT_TOO_LONG@13}{@25 b NOOP\\x0d\\x0a}");
	/* the stream ends inside a streamed literal */
	RDO(MP_IMAP_CLIENT, &o, 4096, "a X {9}\r\nabc",
		 "[lit 9:abc]{@0 a X {9}\\x0d\\x0a gap9+9 CUT EOF_CUT@12}");
}

static void test_limits(void **state)
{
	(void)state;
	mp_imap_opts o = { .max_line = 8 };
	/* 8 octets before CRLF fit; 9 do not */
	RDO(MP_IMAP_CLIENT, &o, 64, "12345678\r\n", "{@0 12345678\\x0d\\x0a}");
	RDO(MP_IMAP_CLIENT, &o, 64, "123456789\r\nb\r\n",
		 "{@0 12345678 LONG LINE_TOO_LONG@8}{@11 b\\x0d\\x0a}");
	/* a cut line that announces a literal: the literal is skipped too */
	RDO(MP_IMAP_CLIENT, &o, 64, "a XXXXXXXX {3}\r\nabc\r\nb\r\n",
		 "{@0 a XXXXXX LONG LINE_TOO_LONG@8}{@21 b\\x0d\\x0a}");
	/* the unit limit counts held literals */
	mp_imap_opts u = { .max_unit = 17 };
	RDO(MP_IMAP_CLIENT, &u, 0, "a X {6}\r\n123456\r\nb\r\n",
		 "{@0 a X {6}\\x0d\\x0a123456\\x0d\\x0a}{@17 b\\x0d\\x0a}");
	u.max_unit = 16;
	RDO(MP_IMAP_CLIENT, &u, 0, "a X {6}\r\n123456\r\nb\r\n",
		 "{@0 a X {6}\\x0d\\x0a123456\\x0d LONG UNIT_TOO_LONG@16}{@17 b\\x0d\\x0a}");
	/* a literal that would cross the unit limit, no scratch to stream it */
	RDO(MP_IMAP_CLIENT, &u, 0, "a X {8}\r\n12345678\r\nb\r\n",
		 "{@0 a X {8}\\x0d\\x0a LONG UNIT_TOO_LONG@4}{@19 b\\x0d\\x0a}");
	/* a client line over 8192 octets: RFC 7162 4 advice */
	size_t n = 8200;
	char *big = malloc(n);
	assert_non_null(big);
	memset(big, 'x', n);
	memcpy(big, "a ", 2);
	memcpy(big + n - 2, "\r\n", 2);
	struct rd_ctx *x = calloc(1, sizeof *x);
	assert_non_null(x);
	x->side = MP_IMAP_CLIENT;
	rd_reset(x);
	mp_imap_event ev;
	size_t used;
	assert_int_equal(mp_imap_next(&x->r, (const uint8_t *)big, n, false, &ev, &used, &x->d), MP_OK);
	assert_int_equal(used, n);
	assert_int_equal(ev.unit.text.n, n);
	assert_true(mp_diags_has(&x->d, MP_R_IMAP_CMD_LINE_ADVISED));
	free(x);
	free(big);
}

static void test_offsets(void **state)
{
	(void)state;
	mp_imap_unit u = { .text = MP_LIT("a X {3}\r\n Y {2}\r\n Z\r\n"), .off = 100, .ngaps = 2 };
	u.gaps[0] = (mp_imap_gap){ 9, 3 };
	u.gaps[1] = (mp_imap_gap){ 17, 2 };
	assert_int_equal(mp_imap_unit_offset(&u, 0), 100);
	assert_int_equal(mp_imap_unit_offset(&u, 8), 108);
	assert_int_equal(mp_imap_unit_offset(&u, 9), 112);
	assert_int_equal(mp_imap_unit_offset(&u, 16), 119);
	assert_int_equal(mp_imap_unit_offset(&u, 17), 122);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_streamed),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_offsets),
	};
	return cmocka_run_group_tests_name("imap_read", tests, NULL, NULL);
}
