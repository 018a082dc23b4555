/* test_pop3.c: the POP3 grammar: commands (RFC 1939 4-7, RFC 2449 5,
 * RFC 2595 4, RFC 5034 4, RFC 6856 3), status lines with RFC 2449 8
 * response codes and APOP timestamps, listings and CAPA lines, states,
 * printers and JSON, and the incremental readers of both sides, each
 * stream fed whole, byte by byte and split at every offset. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "mailprobe/limits.h"
#include "mailprobe/pop3.h"

#define DV 64
#define BASE 1000 /* a stream offset: diags must carry it */

/* "RULE@off RULE@off" of d->v[from..n), for whole-list comparisons. */
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

static bool has_must(const mp_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (mp_rule_level(d->v[i].rule) != MP_NOTE)
			return true;
	return d->dropped > 0;
}

static bool slice_is(mp_slice s, const char *want)
{
	return want != NULL && s.n == strlen(want) &&
	       (s.n == 0 || memcmp(s.p, want, s.n) == 0);
}

static char *esc(mp_slice s)
{
	mpt_log l = { 0 };
	mpt_log_bytes(&l, s.p, s.n);
	if (l.p == NULL)
		mpt_log_printf(&l, "%s", "");
	return l.p; /* the caller frees */
}

/* ---- mp_pop3_cmd_parse ------------------------------------------------- */

struct cmd_case {
	const char *in;
	unsigned flags;
	mp_rc rc;
	mp_pop3_verb verb;
	size_t nargs;
	const char *a0, *a1;
	bool has_msg;
	uint64_t msg, lines;
	const char *diags; /* offsets from BASE */
};

#define LENI MP_POP3_LENIENT
#define CMD(in, fl, rc, verb, n, a0, a1, hm, msg, lines, diags) \
	{ in, fl, rc, MP_POP3_##verb, n, a0, a1, hm, msg, lines, diags }

static const struct cmd_case cmd_cases[] = {
	/* RFC 1939 4-7, the examples of the text */
	CMD("USER mrose", 0, MP_OK, USER, 1, "mrose", NULL, false, 0, 0, ""),
	CMD("USER frated", 0, MP_OK, USER, 1, "frated", NULL, false, 0, 0, ""),
	CMD("PASS secret", 0, MP_OK, PASS, 1, "secret", NULL, false, 0, 0, ""),
	CMD("PASS secret with spaces", 0, MP_OK, PASS, 1, "secret with spaces", NULL, false, 0, 0, ""),
	CMD("PASS  lead", 0, MP_OK, PASS, 1, " lead", NULL, false, 0, 0, ""),
	CMD("APOP mrose c4c9334bac560ecc979e58001b3e22fb", 0, MP_OK, APOP, 2,
	    "mrose", "c4c9334bac560ecc979e58001b3e22fb", false, 0, 0, ""),
	CMD("STAT", 0, MP_OK, STAT, 0, NULL, NULL, false, 0, 0, ""),
	CMD("LIST", 0, MP_OK, LIST, 0, NULL, NULL, false, 0, 0, ""),
	CMD("LIST 2", 0, MP_OK, LIST, 1, "2", NULL, true, 2, 0, ""),
	CMD("LIST 3", 0, MP_OK, LIST, 1, "3", NULL, true, 3, 0, ""),
	CMD("RETR 1", 0, MP_OK, RETR, 1, "1", NULL, true, 1, 0, ""),
	CMD("DELE 1", 0, MP_OK, DELE, 1, "1", NULL, true, 1, 0, ""),
	CMD("DELE 2", 0, MP_OK, DELE, 1, "2", NULL, true, 2, 0, ""),
	CMD("NOOP", 0, MP_OK, NOOP, 0, NULL, NULL, false, 0, 0, ""),
	CMD("RSET", 0, MP_OK, RSET, 0, NULL, NULL, false, 0, 0, ""),
	CMD("QUIT", 0, MP_OK, QUIT, 0, NULL, NULL, false, 0, 0, ""),
	CMD("TOP 1 10", 0, MP_OK, TOP, 2, "1", "10", true, 1, 10, ""),
	CMD("TOP 100 3", 0, MP_OK, TOP, 2, "100", "3", true, 100, 3, ""),
	CMD("TOP 1 0", 0, MP_OK, TOP, 2, "1", "0", true, 1, 0, ""),
	CMD("UIDL", 0, MP_OK, UIDL, 0, NULL, NULL, false, 0, 0, ""),
	CMD("UIDL 2", 0, MP_OK, UIDL, 1, "2", NULL, true, 2, 0, ""),
	CMD("RETR 18446744073709551615", 0, MP_OK, RETR, 1, "18446744073709551615",
	    NULL, true, UINT64_MAX, 0, ""),
	CMD("RETR 007", 0, MP_OK, RETR, 1, "007", NULL, true, 7, 0, ""),
	/* RFC 2449 5, RFC 2595 4, RFC 5034 4, RFC 6856 3 */
	CMD("CAPA", 0, MP_OK, CAPA, 0, NULL, NULL, false, 0, 0, ""),
	CMD("STLS", 0, MP_OK, STLS, 0, NULL, NULL, false, 0, 0, ""),
	CMD("AUTH", 0, MP_OK, AUTH, 0, NULL, NULL, false, 0, 0, ""),
	CMD("AUTH PLAIN", 0, MP_OK, AUTH, 1, "PLAIN", NULL, false, 0, 0, ""),
	CMD("AUTH CRAM-MD5", 0, MP_OK, AUTH, 1, "CRAM-MD5", NULL, false, 0, 0, ""),
	CMD("AUTH KERBEROS_V4", 0, MP_OK, AUTH, 1, "KERBEROS_V4", NULL, false, 0, 0, ""),
	CMD("AUTH plain", 0, MP_OK, AUTH, 1, "plain", NULL, false, 0, 0, ""),
	CMD("AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=", 0, MP_OK, AUTH, 2, "PLAIN",
	    "dGVzdAB0ZXN0AHRlc3Q=", false, 0, 0, ""),
	CMD("AUTH EXTERNAL =", 0, MP_OK, AUTH, 2, "EXTERNAL", "=", false, 0, 0, ""),
	CMD("AUTH EXTERNAL dXNlcg==", 0, MP_OK, AUTH, 2, "EXTERNAL", "dXNlcg==", false, 0, 0, ""),
	/* RFC 5034 4: the initial response is bounded by the 255-octet line,
	 * not by the 40-character argument limit of RFC 1939 */
	CMD("AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAGNvcnJlY3QgaG9yc2UgYmF0dGVyeQ==", 0, MP_OK,
	    AUTH, 2, "PLAIN", "AGFsaWNlQGV4YW1wbGUub3JnAGNvcnJlY3QgaG9yc2UgYmF0dGVyeQ==",
	    false, 0, 0, ""),
	CMD("UTF8", 0, MP_OK, UTF8, 0, NULL, NULL, false, 0, 0, ""),
	CMD("LANG", 0, MP_OK, LANG, 0, NULL, NULL, false, 0, 0, ""),
	CMD("LANG es", 0, MP_OK, LANG, 1, "es", NULL, false, 0, 0, ""),
	CMD("LANG *", 0, MP_OK, LANG, 1, "*", NULL, false, 0, 0, ""),
	/* keywords are case-insensitive (RFC 1939 3) */
	CMD("user mrose", 0, MP_OK, USER, 1, "mrose", NULL, false, 0, 0, ""),
	CMD("Pass Secret", 0, MP_OK, PASS, 1, "Secret", NULL, false, 0, 0, ""),
	CMD("retr 1", 0, MP_OK, RETR, 1, "1", NULL, true, 1, 0, ""),
	CMD("tOp 2 5", 0, MP_OK, TOP, 2, "2", "5", true, 2, 5, ""),
	CMD("stls", 0, MP_OK, STLS, 0, NULL, NULL, false, 0, 0, ""),
	CMD("uidl 9", 0, MP_OK, UIDL, 1, "9", NULL, true, 9, 0, ""),
	CMD("capa", 0, MP_OK, CAPA, 0, NULL, NULL, false, 0, 0, ""),
	CMD("Utf8", 0, MP_OK, UTF8, 0, NULL, NULL, false, 0, 0, ""),
	CMD("quit", 0, MP_OK, QUIT, 0, NULL, NULL, false, 0, 0, ""),
	/* well-formed keywords of no known command: a NOTE, MP_OK */
	CMD("XTND XMIT", 0, MP_OK, UNKNOWN, 1, "XMIT", NULL, false, 0, 0, "POP3_CMD_UNKNOWN@1000"),
	CMD("LAST", 0, MP_OK, UNKNOWN, 0, NULL, NULL, false, 0, 0, "POP3_CMD_UNKNOWN@1000"),
	CMD("XYZ a b c", 0, MP_OK, UNKNOWN, 2, "a", "b", false, 0, 0, "POP3_CMD_UNKNOWN@1000"),
	CMD("XYZ  a", 0, MP_OK, UNKNOWN, 1, "a", NULL, false, 0, 0, "POP3_CMD_UNKNOWN@1000"),
	/* keyword syntax: 3 or 4 printable characters */
	CMD("US mrose", 0, MP_INVALID, UNKNOWN, 0, NULL, NULL, false, 0, 0, "POP3_KEYWORD_SYNTAX@1000"),
	CMD("USERS mrose", 0, MP_INVALID, UNKNOWN, 0, NULL, NULL, false, 0, 0, "POP3_KEYWORD_SYNTAX@1000"),
	CMD("QU", 0, MP_INVALID, UNKNOWN, 0, NULL, NULL, false, 0, 0, "POP3_KEYWORD_SYNTAX@1000"),
	CMD("QUITS", 0, MP_INVALID, UNKNOWN, 0, NULL, NULL, false, 0, 0, "POP3_KEYWORD_SYNTAX@1000"),
	CMD("", 0, MP_INVALID, UNKNOWN, 0, NULL, NULL, false, 0, 0, "POP3_KEYWORD_SYNTAX@1000"),
	CMD(" USER mrose", 0, MP_INVALID, UNKNOWN, 0, NULL, NULL, false, 0, 0, "POP3_KEYWORD_SYNTAX@1000"),
	CMD("NO\x01P", 0, MP_INVALID, UNKNOWN, 0, NULL, NULL, false, 0, 0, "POP3_KEYWORD_SYNTAX@1000"),
	CMD("QUI\x7f", 0, MP_INVALID, UNKNOWN, 0, NULL, NULL, false, 0, 0, "POP3_KEYWORD_SYNTAX@1000"),
	CMD("QUITX\t", 0, MP_INVALID, UNKNOWN, 0, NULL, NULL, false, 0, 0, "POP3_KEYWORD_SYNTAX@1000"),
	CMD("\tQUIT", LENI, MP_INVALID, UNKNOWN, 0, NULL, NULL, false, 0, 0, "POP3_KEYWORD_SYNTAX@1000"),
	CMD("US mrose", LENI, MP_INVALID, UNKNOWN, 0, NULL, NULL, false, 0, 0, "POP3_KEYWORD_SYNTAX@1000"),
	/* argument counts: too few at the keyword's end, too many at the
	 * first argument */
	CMD("USER", 0, MP_INVALID, USER, 0, NULL, NULL, false, 0, 0, "POP3_ARG_COUNT@1004"),
	CMD("USER a b", 0, MP_INVALID, USER, 2, "a", "b", false, 0, 0, "POP3_ARG_COUNT@1005"),
	CMD("PASS", 0, MP_INVALID, PASS, 0, NULL, NULL, false, 0, 0, "POP3_ARG_COUNT@1004"),
	CMD("APOP mrose", 0, MP_INVALID, APOP, 1, "mrose", NULL, false, 0, 0, "POP3_ARG_COUNT@1004"),
	CMD("APOP", 0, MP_INVALID, APOP, 0, NULL, NULL, false, 0, 0, "POP3_ARG_COUNT@1004"),
	CMD("STAT 1", 0, MP_INVALID, STAT, 1, "1", NULL, false, 0, 0, "POP3_ARG_COUNT@1005"),
	CMD("NOOP x", 0, MP_INVALID, NOOP, 1, "x", NULL, false, 0, 0, "POP3_ARG_COUNT@1005"),
	CMD("RSET 1", 0, MP_INVALID, RSET, 1, "1", NULL, false, 0, 0, "POP3_ARG_COUNT@1005"),
	CMD("QUIT now", 0, MP_INVALID, QUIT, 1, "now", NULL, false, 0, 0, "POP3_ARG_COUNT@1005"),
	CMD("CAPA x", 0, MP_INVALID, CAPA, 1, "x", NULL, false, 0, 0, "POP3_ARG_COUNT@1005"),
	CMD("STLS x", 0, MP_INVALID, STLS, 1, "x", NULL, false, 0, 0, "POP3_ARG_COUNT@1005"),
	CMD("UTF8 x", 0, MP_INVALID, UTF8, 1, "x", NULL, false, 0, 0, "POP3_ARG_COUNT@1005"),
	CMD("LANG en fr", 0, MP_INVALID, LANG, 2, "en", "fr", false, 0, 0, "POP3_ARG_COUNT@1005"),
	CMD("RETR", 0, MP_INVALID, RETR, 0, NULL, NULL, false, 0, 0, "POP3_ARG_COUNT@1004"),
	CMD("RETR 1 2", 0, MP_INVALID, RETR, 2, "1", "2", false, 0, 0, "POP3_ARG_COUNT@1005"),
	CMD("DELE", 0, MP_INVALID, DELE, 0, NULL, NULL, false, 0, 0, "POP3_ARG_COUNT@1004"),
	CMD("LIST 1 2", 0, MP_INVALID, LIST, 2, "1", "2", false, 0, 0, "POP3_ARG_COUNT@1005"),
	CMD("UIDL 1 2", 0, MP_INVALID, UIDL, 2, "1", "2", false, 0, 0, "POP3_ARG_COUNT@1005"),
	CMD("TOP", 0, MP_INVALID, TOP, 0, NULL, NULL, false, 0, 0, "POP3_ARG_COUNT@1003"),
	CMD("TOP 1", 0, MP_INVALID, TOP, 1, "1", NULL, false, 0, 0, "POP3_ARG_COUNT@1003"),
	CMD("TOP 1 2 3", 0, MP_INVALID, TOP, 2, "1", "2", false, 0, 0, "POP3_ARG_COUNT@1004"),
	CMD("AUTH PLAIN = x", 0, MP_INVALID, AUTH, 2, "PLAIN", "=", false, 0, 0, "POP3_ARG_COUNT@1005"),
	CMD("USER a b", LENI, MP_INVALID, USER, 2, "a", "b", false, 0, 0, "POP3_ARG_COUNT@1005"),
	/* message numbers (RFC 1939 5): positive decimal */
	CMD("RETR 0", 0, MP_INVALID, RETR, 1, "0", NULL, false, 0, 0, "POP3_MSG_NUMBER@1005"),
	CMD("RETR -1", 0, MP_INVALID, RETR, 1, "-1", NULL, false, 0, 0, "POP3_MSG_NUMBER@1005"),
	CMD("RETR +1", 0, MP_INVALID, RETR, 1, "+1", NULL, false, 0, 0, "POP3_MSG_NUMBER@1005"),
	CMD("RETR 1x", 0, MP_INVALID, RETR, 1, "1x", NULL, false, 0, 0, "POP3_MSG_NUMBER@1005"),
	CMD("RETR x", 0, MP_INVALID, RETR, 1, "x", NULL, false, 0, 0, "POP3_MSG_NUMBER@1005"),
	CMD("RETR 18446744073709551616", 0, MP_INVALID, RETR, 1, "18446744073709551616",
	    NULL, false, 0, 0, "POP3_MSG_NUMBER@1005"),
	CMD("RETR 99999999999999999999", 0, MP_INVALID, RETR, 1, "99999999999999999999",
	    NULL, false, 0, 0, "POP3_MSG_NUMBER@1005"),
	CMD("RETR 123456789012345678901", 0, MP_INVALID, RETR, 1, "123456789012345678901",
	    NULL, false, 0, 0, "POP3_MSG_NUMBER@1005"),
	CMD("DELE 0", 0, MP_INVALID, DELE, 1, "0", NULL, false, 0, 0, "POP3_MSG_NUMBER@1005"),
	CMD("LIST 0", 0, MP_INVALID, LIST, 1, "0", NULL, false, 0, 0, "POP3_MSG_NUMBER@1005"),
	CMD("UIDL a1", 0, MP_INVALID, UIDL, 1, "a1", NULL, false, 0, 0, "POP3_MSG_NUMBER@1005"),
	CMD("TOP 0 10", 0, MP_INVALID, TOP, 2, "0", "10", false, 0, 10, "POP3_MSG_NUMBER@1004"),
	CMD("RETR 0", LENI, MP_INVALID, RETR, 1, "0", NULL, false, 0, 0, "POP3_MSG_NUMBER@1005"),
	/* TOP's line count (RFC 1939 7): non-negative decimal */
	CMD("TOP 1 -1", 0, MP_INVALID, TOP, 2, "1", "-1", true, 1, 0, "POP3_TOP_LINES@1006"),
	CMD("TOP 1 x", 0, MP_INVALID, TOP, 2, "1", "x", true, 1, 0, "POP3_TOP_LINES@1006"),
	CMD("TOP 12 99999999999999999999", 0, MP_INVALID, TOP, 2, "12",
	    "99999999999999999999", true, 12, 0, "POP3_TOP_LINES@1007"),
	CMD("TOP 0 x", 0, MP_INVALID, TOP, 2, "0", "x", false, 0, 0,
	    "POP3_MSG_NUMBER@1004 POP3_TOP_LINES@1006"),
	/* the APOP digest (RFC 1939 7): 32 lower-case hex digits */
	CMD("APOP mrose c4c9334bac560ecc979e58001b3e22f", 0, MP_INVALID, APOP, 2,
	    "mrose", "c4c9334bac560ecc979e58001b3e22f", false, 0, 0, "POP3_APOP_DIGEST@1011"),
	CMD("APOP mrose c4c9334bac560ecc979e58001b3e22fb0", 0, MP_INVALID, APOP, 2,
	    "mrose", "c4c9334bac560ecc979e58001b3e22fb0", false, 0, 0, "POP3_APOP_DIGEST@1011"),
	CMD("APOP mrose C4C9334BAC560ECC979E58001B3E22FB", 0, MP_INVALID, APOP, 2,
	    "mrose", "C4C9334BAC560ECC979E58001B3E22FB", false, 0, 0, "POP3_APOP_DIGEST@1011"),
	CMD("APOP mrose c4c9334bac560ecc979e58001b3e22fg", 0, MP_INVALID, APOP, 2,
	    "mrose", "c4c9334bac560ecc979e58001b3e22fg", false, 0, 0, "POP3_APOP_DIGEST@1011"),
	CMD("APOP a 00000000000000000000000000000000", 0, MP_OK, APOP, 2,
	    "a", "00000000000000000000000000000000", false, 0, 0, ""),
	/* AUTH (RFC 5034 4): SASL mechanism names, base64 or "=" */
	CMD("AUTH PL@IN", 0, MP_INVALID, AUTH, 1, "PL@IN", NULL, false, 0, 0, "POP3_AUTH_MECH@1005"),
	CMD("AUTH ABCDEFGHIJKLMNOPQRSTU", 0, MP_INVALID, AUTH, 1, "ABCDEFGHIJKLMNOPQRSTU",
	    NULL, false, 0, 0, "POP3_AUTH_MECH@1005"),
	CMD("AUTH ABCDEFGHIJKLMNOPQRST", 0, MP_OK, AUTH, 1, "ABCDEFGHIJKLMNOPQRST",
	    NULL, false, 0, 0, ""),
	CMD("AUTH PLAIN abc", 0, MP_INVALID, AUTH, 2, "PLAIN", "abc", false, 0, 0, "POP3_AUTH_INITIAL@1011"),
	CMD("AUTH PLAIN ab=c", 0, MP_INVALID, AUTH, 2, "PLAIN", "ab=c", false, 0, 0, "POP3_AUTH_INITIAL@1011"),
	CMD("AUTH PLAIN ==", 0, MP_INVALID, AUTH, 2, "PLAIN", "==", false, 0, 0, "POP3_AUTH_INITIAL@1011"),
	CMD("AUTH PLAIN dGVz!A==", 0, MP_INVALID, AUTH, 2, "PLAIN", "dGVz!A==", false, 0, 0,
	    "POP3_AUTH_INITIAL@1011"),
	CMD("AUTH P.X abc", 0, MP_INVALID, AUTH, 2, "P.X", "abc", false, 0, 0,
	    "POP3_AUTH_MECH@1005 POP3_AUTH_INITIAL@1009"),
	/* separators: one SP; strict MP_INVALID, lenient MP_OK, diag both */
	CMD("LIST  1", 0, MP_INVALID, LIST, 1, "1", NULL, true, 1, 0, "POP3_ARG_SEPARATOR@1005"),
	CMD("LIST  1", LENI, MP_OK, LIST, 1, "1", NULL, true, 1, 0, "POP3_ARG_SEPARATOR@1005"),
	CMD("TOP 1  10", 0, MP_INVALID, TOP, 2, "1", "10", true, 1, 10, "POP3_ARG_SEPARATOR@1006"),
	CMD("TOP 1  10", LENI, MP_OK, TOP, 2, "1", "10", true, 1, 10, "POP3_ARG_SEPARATOR@1006"),
	CMD("TOP 1\t10", 0, MP_INVALID, TOP, 2, "1", "10", true, 1, 10, "POP3_ARG_SEPARATOR@1005"),
	CMD("TOP 1\t10", LENI, MP_OK, TOP, 2, "1", "10", true, 1, 10, "POP3_ARG_SEPARATOR@1005"),
	CMD("RETR 1 ", 0, MP_INVALID, RETR, 1, "1", NULL, true, 1, 0, "POP3_ARG_SEPARATOR@1006"),
	CMD("RETR 1 ", LENI, MP_OK, RETR, 1, "1", NULL, true, 1, 0, "POP3_ARG_SEPARATOR@1006"),
	CMD("STAT ", 0, MP_INVALID, STAT, 0, NULL, NULL, false, 0, 0, "POP3_ARG_SEPARATOR@1004"),
	CMD("STAT ", LENI, MP_OK, STAT, 0, NULL, NULL, false, 0, 0, "POP3_ARG_SEPARATOR@1004"),
	/* a TAB after the keyword is a separator, not part of it */
	CMD("QUIT\t", 0, MP_INVALID, QUIT, 0, NULL, NULL, false, 0, 0, "POP3_ARG_SEPARATOR@1004"),
	CMD("QUIT\t", LENI, MP_OK, QUIT, 0, NULL, NULL, false, 0, 0, "POP3_ARG_SEPARATOR@1004"),
	CMD("TOP\t1 10", 0, MP_INVALID, TOP, 2, "1", "10", true, 1, 10, "POP3_ARG_SEPARATOR@1003"),
	CMD("TOP\t1 10", LENI, MP_OK, TOP, 2, "1", "10", true, 1, 10, "POP3_ARG_SEPARATOR@1003"),
	CMD("PASS\tsecret", LENI, MP_OK, PASS, 1, "secret", NULL, false, 0, 0, "POP3_ARG_SEPARATOR@1004"),
	CMD("XTND\tXMIT", LENI, MP_OK, UNKNOWN, 1, "XMIT", NULL, false, 0, 0,
	    "POP3_ARG_SEPARATOR@1004 POP3_CMD_UNKNOWN@1000"),
	CMD("LIST\t\t1", LENI, MP_OK, LIST, 1, "1", NULL, true, 1, 0,
	    "POP3_ARG_SEPARATOR@1004 POP3_ARG_SEPARATOR@1005"),
	CMD("USER  mrose", 0, MP_INVALID, USER, 1, "mrose", NULL, false, 0, 0, "POP3_ARG_SEPARATOR@1005"),
	CMD("USER  mrose", LENI, MP_OK, USER, 1, "mrose", NULL, false, 0, 0, "POP3_ARG_SEPARATOR@1005"),
	CMD("USER mrose\t", 0, MP_INVALID, USER, 1, "mrose", NULL, false, 0, 0,
	    "POP3_ARG_SEPARATOR@1010 POP3_ARG_SEPARATOR@1010"),
	CMD("APOP  mrose c4c9334bac560ecc979e58001b3e22fb", LENI, MP_OK, APOP, 2,
	    "mrose", "c4c9334bac560ecc979e58001b3e22fb", false, 0, 0, "POP3_ARG_SEPARATOR@1005"),
	CMD("LIST  ", LENI, MP_OK, LIST, 0, NULL, NULL, false, 0, 0, "POP3_ARG_SEPARATOR@1005"),
	/* bare CR inside the line (RFC 1939 3: lines end in CRLF) */
	CMD("USER mr\rose", 0, MP_INVALID, USER, 1, "mr\rose", NULL, false, 0, 0, "POP3_BARE_CR@1007"),
	CMD("USER mr\rose", LENI, MP_INVALID, USER, 1, "mr\rose", NULL, false, 0, 0, "POP3_BARE_CR@1007"),
	CMD("NOOP\r", 0, MP_INVALID, UNKNOWN, 0, NULL, NULL, false, 0, 0,
	    "POP3_BARE_CR@1004 POP3_KEYWORD_SYNTAX@1000"),
	CMD("PASS a\rb", 0, MP_INVALID, PASS, 1, "a\rb", NULL, false, 0, 0, "POP3_BARE_CR@1006"),
};

static void check_cmd(const struct cmd_case *t, const char *what)
{
	mp_diag dv[DV];
	mp_diags d;
	mp_pop3_cmd c;
	mp_pop3_opts o = { t->flags };
	char got[1024];
	mp_diags_init(&d, dv, DV);
	mp_rc rc = mp_pop3_cmd_parse(MP_SLICE(t->in, strlen(t->in)), BASE, &o, &c, &d);
	fmt_diags(&d, 0, got, sizeof got);
	if (rc != t->rc)
		fail_msg("%s: rc got %s, want %s (diags %s)", what, mp_rc_name(rc),
			 mp_rc_name(t->rc), got);
	if (strcmp(got, t->diags) != 0)
		fail_msg("%s: diags got '%s', want '%s'", what, got, t->diags);
	if (c.verb != t->verb)
		fail_msg("%s: verb got %s, want %s", what, mp_pop3_verb_name(c.verb),
			 mp_pop3_verb_name(t->verb));
	if (c.nargs != t->nargs)
		fail_msg("%s: nargs got %zu, want %zu", what, c.nargs, t->nargs);
	const char *want[2] = { t->a0, t->a1 };
	for (size_t i = 0; i < t->nargs && i < 2; i++) {
		if (!slice_is(c.args[i], want[i])) {
			char *g = esc(c.args[i]);
			fail_msg("%s: args[%zu] got '%s', want '%s'", what, i, g, want[i]);
		}
	}
	if (c.has_msg != t->has_msg)
		fail_msg("%s: has_msg got %d, want %d", what, c.has_msg, t->has_msg);
	if (c.has_msg && c.msg != t->msg)
		fail_msg("%s: msg got %llu, want %llu", what, (unsigned long long)c.msg,
			 (unsigned long long)t->msg);
	if (c.verb == MP_POP3_TOP && c.lines != t->lines)
		fail_msg("%s: lines got %llu, want %llu", what,
			 (unsigned long long)c.lines, (unsigned long long)t->lines);
	/* slices point into the line, keyword first */
	if (c.keyword.n && c.keyword.p != (const uint8_t *)t->in)
		fail_msg("%s: keyword does not point into the line", what);
}

static void test_cmd_parse(void **state)
{
	(void)state;
	char what[160];
	for (size_t i = 0; i < MP_ARRAY_LEN(cmd_cases); i++) {
		snprintf(what, sizeof what, "cmd %zu '%s'%s", i, cmd_cases[i].in,
			 cmd_cases[i].flags ? " lenient" : "");
		check_cmd(&cmd_cases[i], what);
	}
	/* the NULL sink and NULL options are allowed */
	mp_pop3_cmd c;
	assert_int_equal(mp_pop3_cmd_parse(MP_LIT("RETR 0"), 0, NULL, &c, NULL), MP_INVALID);
	assert_int_equal(mp_pop3_cmd_parse(MP_LIT("RETR 5"), 0, NULL, &c, NULL), MP_OK);
	assert_int_equal(c.msg, 5);
	/* argtext: everything after keyword SP */
	assert_int_equal(mp_pop3_cmd_parse(MP_LIT("TOP 1 10"), 0, NULL, &c, NULL), MP_OK);
	assert_true(slice_is(c.argtext, "1 10"));
	assert_true(slice_is(c.keyword, "TOP"));
}

/* Lengths: arguments of 40 pass, 41 do not (RFC 1939 3); command lines
 * of 253 octets plus CRLF pass, 254 do not (RFC 2449 4). */
static void test_cmd_limits(void **state)
{
	(void)state;
	char in[400], want[200], what[80];
	struct cmd_case t;
	char a40[41], a41[42];
	memset(a40, 'a', 40);
	a40[40] = '\0';
	memset(a41, 'a', 41);
	a41[41] = '\0';

	snprintf(in, sizeof in, "USER %s", a40);
	t = (struct cmd_case)CMD(in, 0, MP_OK, USER, 1, a40, NULL, false, 0, 0, "");
	check_cmd(&t, "USER 40");
	snprintf(in, sizeof in, "USER %s", a41);
	t = (struct cmd_case)CMD(in, 0, MP_INVALID, USER, 1, a41, NULL, false, 0, 0,
				 "POP3_ARG_TOO_LONG@1045");
	check_cmd(&t, "USER 41");
	t.flags = LENI;
	check_cmd(&t, "USER 41 lenient");
	snprintf(in, sizeof in, "PASS %s", a40);
	t = (struct cmd_case)CMD(in, 0, MP_OK, PASS, 1, a40, NULL, false, 0, 0, "");
	check_cmd(&t, "PASS 40");
	snprintf(in, sizeof in, "PASS %s", a41);
	t = (struct cmd_case)CMD(in, 0, MP_INVALID, PASS, 1, a41, NULL, false, 0, 0,
				 "POP3_ARG_TOO_LONG@1045");
	check_cmd(&t, "PASS 41");
	snprintf(in, sizeof in, "APOP %s c4c9334bac560ecc979e58001b3e22fb", a40);
	t = (struct cmd_case)CMD(in, 0, MP_OK, APOP, 2, a40,
				 "c4c9334bac560ecc979e58001b3e22fb", false, 0, 0, "");
	check_cmd(&t, "APOP 40");
	snprintf(in, sizeof in, "APOP %s c4c9334bac560ecc979e58001b3e22fb", a41);
	t = (struct cmd_case)CMD(in, 0, MP_INVALID, APOP, 2, a41,
				 "c4c9334bac560ecc979e58001b3e22fb", false, 0, 0,
				 "POP3_ARG_TOO_LONG@1045");
	check_cmd(&t, "APOP 41");
	/* the second argument: "TOP 1 " is 6 octets, its 41st at 1046 */
	snprintf(in, sizeof in, "TOP 1 %.40s", "0000000000000000000000000000000000000001");
	t = (struct cmd_case)CMD(in, 0, MP_INVALID, TOP, 2, "1",
				 "0000000000000000000000000000000000000001", true, 1, 0,
				 "POP3_TOP_LINES@1006");
	check_cmd(&t, "TOP 1 <40 digits>");
	snprintf(in, sizeof in, "TOP 1 %s", a41);
	t = (struct cmd_case)CMD(in, 0, MP_INVALID, TOP, 2, "1", a41, true, 1, 0,
				 "POP3_ARG_TOO_LONG@1046 POP3_TOP_LINES@1006");
	check_cmd(&t, "TOP 1 <41>");

	/* 253 octets: "XTND" and six arguments of 40, then " ab" */
	size_t n = 0;
	n += (size_t)snprintf(in + n, sizeof in - n, "XTND");
	for (int i = 0; i < 6; i++)
		n += (size_t)snprintf(in + n, sizeof in - n, " %s", a40);
	snprintf(in + n, sizeof in - n, " ab");
	assert_int_equal(strlen(in), 253);
	t = (struct cmd_case)CMD(in, 0, MP_OK, UNKNOWN, 2, a40, a40, false, 0, 0,
				 "POP3_CMD_UNKNOWN@1000");
	check_cmd(&t, "253 octets");
	snprintf(in + n, sizeof in - n, " abc");
	assert_int_equal(strlen(in), 254);
	t = (struct cmd_case)CMD(in, 0, MP_INVALID, UNKNOWN, 2, a40, a40, false, 0, 0,
				 "POP3_CMD_TOO_LONG@1253 POP3_CMD_UNKNOWN@1000");
	check_cmd(&t, "254 octets");
	t.flags = LENI;
	check_cmd(&t, "254 octets lenient");
	/* a known command over the line limit */
	memset(in, 'a', 300);
	memcpy(in, "USER ", 5);
	in[300] = '\0';
	snprintf(want, sizeof want, "POP3_CMD_TOO_LONG@1253 POP3_ARG_TOO_LONG@1045");
	t = (struct cmd_case)CMD(in, 0, MP_INVALID, USER, 1, in + 5, NULL, false, 0, 0, want);
	check_cmd(&t, "USER 295");
	/* 40 lines of arguments on an unknown command are not judged */
	snprintf(in, sizeof in, "XTND %s", a41);
	t = (struct cmd_case)CMD(in, 0, MP_OK, UNKNOWN, 1, a41, NULL, false, 0, 0,
				 "POP3_CMD_UNKNOWN@1000");
	snprintf(what, sizeof what, "unknown with a 41-octet argument");
	check_cmd(&t, what);
}

/* ---- mp_pop3_resp_parse ------------------------------------------------ */

struct resp_case {
	const char *in;
	unsigned flags;
	mp_rc rc;
	mp_pop3_status status;
	const char *code, *text, *ts;
	const char *diags;
};

#define RESP(in, fl, rc, st, code, text, ts, diags) \
	{ in, fl, rc, MP_POP3_##st, code, text, ts, diags }

static const struct resp_case resp_cases[] = {
	RESP("+OK", 0, MP_OK, OK, "", "", "", ""),
	RESP("-ERR", 0, MP_OK, ERR, "", "", "", ""),
	RESP("+OK ", 0, MP_OK, OK, "", "", "", ""),
	RESP("+OK 2 320", 0, MP_OK, OK, "", "2 320", "", ""),
	RESP("+OK mrose's maildrop has 2 messages (320 octets)", 0, MP_OK, OK, "",
	     "mrose's maildrop has 2 messages (320 octets)", "", ""),
	RESP("+OK dewey POP3 server signing off (maildrop empty)", 0, MP_OK, OK, "",
	     "dewey POP3 server signing off (maildrop empty)", "", ""),
	RESP("-ERR no such message, only 2 messages in maildrop", 0, MP_OK, ERR, "",
	     "no such message, only 2 messages in maildrop", "", ""),
	RESP("-ERR permission denied", 0, MP_OK, ERR, "", "permission denied", "", ""),
	RESP("+OK  two", 0, MP_OK, OK, "", " two", "", ""),
	/* status case (RFC 1939 3: "+OK" and "-ERR" in upper case) */
	RESP("+ok", 0, MP_INVALID, OK, "", "", "", "POP3_STATUS_CASE@1000"),
	RESP("+ok", LENI, MP_OK, OK, "", "", "", "POP3_STATUS_CASE@1000"),
	RESP("+Ok fine", LENI, MP_OK, OK, "", "fine", "", "POP3_STATUS_CASE@1000"),
	RESP("-err no", 0, MP_INVALID, ERR, "", "no", "", "POP3_STATUS_CASE@1000"),
	RESP("-Err no", LENI, MP_OK, ERR, "", "no", "", "POP3_STATUS_CASE@1000"),
	/* the indicator must be followed by SP or the line end */
	RESP("+OKfoo", 0, MP_INVALID, OK, "", "foo", "", "POP3_STATUS_SEPARATOR@1003"),
	RESP("+OKfoo", LENI, MP_INVALID, OK, "", "foo", "", "POP3_STATUS_SEPARATOR@1003"),
	RESP("-ERRfoo", 0, MP_INVALID, ERR, "", "foo", "", "POP3_STATUS_SEPARATOR@1004"),
	RESP("+OK\tx", 0, MP_INVALID, OK, "", "\tx", "", "POP3_STATUS_SEPARATOR@1003"),
	/* no status indicator at all */
	RESP("OK", 0, MP_INVALID, BAD, "", "OK", "", "POP3_STATUS_INVALID@1000"),
	RESP("", 0, MP_INVALID, BAD, "", "", "", "POP3_STATUS_INVALID@1000"),
	RESP("* OK ready", 0, MP_INVALID, BAD, "", "* OK ready", "", "POP3_STATUS_INVALID@1000"),
	RESP("220 mail ESMTP", 0, MP_INVALID, BAD, "", "220 mail ESMTP", "", "POP3_STATUS_INVALID@1000"),
	RESP("-ER", 0, MP_INVALID, BAD, "", "-ER", "", "POP3_STATUS_INVALID@1000"),
	RESP("+O", 0, MP_INVALID, BAD, "", "+O", "", "POP3_STATUS_INVALID@1000"),
	RESP("+x", LENI, MP_INVALID, BAD, "", "+x", "", "POP3_STATUS_INVALID@1000"),
	/* RFC 2449 8 response codes */
	RESP("-ERR [IN-USE] Do you have another POP session running?", 0, MP_OK, ERR,
	     "IN-USE", "Do you have another POP session running?", "", ""),
	RESP("-ERR [LOGIN-DELAY] wait some more", 0, MP_OK, ERR, "LOGIN-DELAY",
	     "wait some more", "", ""),
	RESP("-ERR [SYS/TEMP] try later", 0, MP_OK, ERR, "SYS/TEMP", "try later", "", ""),
	RESP("-ERR [SYS/PERM] gone", 0, MP_OK, ERR, "SYS/PERM", "gone", "", ""),
	RESP("-ERR [AUTH] bad credentials", 0, MP_OK, ERR, "AUTH", "bad credentials", "", ""),
	RESP("-ERR [UTF8] use UTF8", 0, MP_OK, ERR, "UTF8", "use UTF8", "", ""),
	RESP("+OK [IN-USE]", 0, MP_OK, OK, "IN-USE", "", "", ""),
	RESP("-ERR [in-use] lower case", 0, MP_OK, ERR, "in-use", "lower case", "", ""),
	RESP("-ERR [SYS/TEMP/FOO] deeper", 0, MP_OK, ERR, "SYS/TEMP/FOO", "deeper", "", ""),
	RESP("-ERR [AUTH/X/Y]", 0, MP_OK, ERR, "AUTH/X/Y", "", "", ""),
	RESP("-ERR [IN-USE]x", 0, MP_OK, ERR, "IN-USE", "x", "", ""),
	RESP("-ERR [XYZ] what", 0, MP_OK, ERR, "XYZ", "what", "", "POP3_RESP_CODE_UNKNOWN@1006"),
	RESP("-ERR [SYS] x", 0, MP_OK, ERR, "SYS", "x", "", "POP3_RESP_CODE_UNKNOWN@1006"),
	RESP("-ERR [SYS/TEMPX] x", 0, MP_OK, ERR, "SYS/TEMPX", "x", "", "POP3_RESP_CODE_UNKNOWN@1006"),
	RESP("-ERR [IN-USEX] x", 0, MP_OK, ERR, "IN-USEX", "x", "", "POP3_RESP_CODE_UNKNOWN@1006"),
	RESP("+OK [FOO/BAR] x", 0, MP_OK, OK, "FOO/BAR", "x", "", "POP3_RESP_CODE_UNKNOWN@1005"),
	/* "[" SP "]" is text, not a code */
	RESP("-ERR [ ] x", 0, MP_OK, ERR, "", "[ ] x", "", ""),
	RESP("+OK [   ]", 0, MP_OK, OK, "", "[   ]", "", ""),
	RESP("-ERR [ x] y", 0, MP_OK, ERR, " x", "y", "", "POP3_RESP_CODE_UNKNOWN@1006"),
	RESP("-ERR [ /x] y", 0, MP_OK, ERR, " /x", "y", "", "POP3_RESP_CODE_UNKNOWN@1006"),
	RESP("-ERR [ ", 0, MP_INVALID, ERR, "", "[ ", "", "POP3_RESP_CODE_SYNTAX@1005"),
	/* malformed codes */
	RESP("-ERR [", 0, MP_INVALID, ERR, "", "[", "", "POP3_RESP_CODE_SYNTAX@1005"),
	RESP("-ERR []", 0, MP_INVALID, ERR, "", "[]", "", "POP3_RESP_CODE_SYNTAX@1005"),
	RESP("-ERR [] x", LENI, MP_INVALID, ERR, "", "[] x", "", "POP3_RESP_CODE_SYNTAX@1005"),
	RESP("-ERR [A//B] x", 0, MP_INVALID, ERR, "", "[A//B] x", "", "POP3_RESP_CODE_SYNTAX@1005"),
	RESP("-ERR [A/] x", 0, MP_INVALID, ERR, "", "[A/] x", "", "POP3_RESP_CODE_SYNTAX@1005"),
	RESP("-ERR [/A] x", 0, MP_INVALID, ERR, "", "[/A] x", "", "POP3_RESP_CODE_SYNTAX@1005"),
	RESP("-ERR [IN-USE x", 0, MP_INVALID, ERR, "", "[IN-USE x", "", "POP3_RESP_CODE_SYNTAX@1005"),
	RESP("-ERR [A\x01] x", 0, MP_INVALID, ERR, "", "[A\x01] x", "", "POP3_RESP_CODE_SYNTAX@1005"),
	RESP("+OK [\xc3\xa9]", 0, MP_INVALID, OK, "", "[\xc3\xa9]", "", "POP3_RESP_CODE_SYNTAX@1004"),
	/* the APOP greeting (RFC 1939 7) */
	RESP("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>", 0, MP_OK, OK, "",
	     "POP3 server ready <1896.697170952@dbc.mtview.ca.us>",
	     "<1896.697170952@dbc.mtview.ca.us>", ""),
	RESP("+OK <a@b> ready", 0, MP_OK, OK, "", "<a@b> ready", "<a@b>", ""),
	RESP("+OK [IN-USE] <a@b>", 0, MP_OK, OK, "IN-USE", "<a@b>", "<a@b>", ""),
	RESP("+OK ready <nodomain>", 0, MP_OK, OK, "", "ready <nodomain>", "<nodomain>",
	     "POP3_TIMESTAMP_SYNTAX@1010"),
	RESP("+OK <@b>", 0, MP_OK, OK, "", "<@b>", "<@b>", "POP3_TIMESTAMP_SYNTAX@1004"),
	RESP("+OK <a@>", 0, MP_OK, OK, "", "<a@>", "<a@>", "POP3_TIMESTAMP_SYNTAX@1004"),
	RESP("+OK x <a b@c>", 0, MP_OK, OK, "", "x <a b@c>", "<a b@c>", "POP3_TIMESTAMP_SYNTAX@1006"),
	RESP("+OK <>", 0, MP_OK, OK, "", "<>", "<>", "POP3_TIMESTAMP_SYNTAX@1004"),
	RESP("+OK <a<b@c>", 0, MP_OK, OK, "", "<a<b@c>", "<a<b@c>", "POP3_TIMESTAMP_SYNTAX@1004"),
	RESP("+OK ready <1896.697170952@dbc", 0, MP_OK, OK, "", "ready <1896.697170952@dbc", "", ""),
	RESP("-ERR <a@b>", 0, MP_OK, ERR, "", "<a@b>", "", ""),
	/* SASL continuations (RFC 5034 4) */
	RESP("+ ", 0, MP_OK, CONT, "", "", "", ""),
	RESP("+ dGVzdA==", 0, MP_OK, CONT, "", "dGVzdA==", "", ""),
	RESP("+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UuZXhhbXBsZS5uZXQ+", 0, MP_OK, CONT, "",
	     "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UuZXhhbXBsZS5uZXQ+", "", ""),
	RESP("+", 0, MP_INVALID, CONT, "", "", "", "POP3_CONT_SYNTAX@1001"),
	RESP("+", LENI, MP_OK, CONT, "", "", "", "POP3_CONT_SYNTAX@1001"),
	RESP("+ Go ahead", 0, MP_INVALID, CONT, "", "Go ahead", "", "POP3_CONT_SYNTAX@1002"),
	RESP("+ Go ahead", LENI, MP_OK, CONT, "", "Go ahead", "", "POP3_CONT_SYNTAX@1002"),
	RESP("+ abc", 0, MP_INVALID, CONT, "", "abc", "", "POP3_CONT_SYNTAX@1002"),
	/* bare CR */
	RESP("+OK a\rb", 0, MP_INVALID, OK, "", "a\rb", "", "POP3_BARE_CR@1005"),
	RESP("-ERR\r", LENI, MP_INVALID, ERR, "", "\r", "", "POP3_BARE_CR@1004 POP3_STATUS_SEPARATOR@1004"),
};

static void check_resp(const struct resp_case *t, const char *in, size_t n,
		       const char *what)
{
	mp_diag dv[DV];
	mp_diags d;
	mp_pop3_resp r;
	mp_pop3_opts o = { t->flags };
	char got[1024];
	mp_diags_init(&d, dv, DV);
	mp_rc rc = mp_pop3_resp_parse(MP_SLICE(in, n), BASE, &o, &r, &d);
	fmt_diags(&d, 0, got, sizeof got);
	if (rc != t->rc)
		fail_msg("%s: rc got %s, want %s (diags %s)", what, mp_rc_name(rc),
			 mp_rc_name(t->rc), got);
	if (strcmp(got, t->diags) != 0)
		fail_msg("%s: diags got '%s', want '%s'", what, got, t->diags);
	if (r.status != t->status)
		fail_msg("%s: status got %d, want %d", what, r.status, t->status);
	const char *names[3] = { "code", "text", "timestamp" };
	const mp_slice gs[3] = { r.code, r.text, r.timestamp };
	const char *ws[3] = { t->code, t->text, t->ts };
	for (size_t i = 0; i < 3; i++) {
		if (ws[i] == NULL)
			continue;
		if (!slice_is(gs[i], ws[i])) {
			char *g = esc(gs[i]);
			fail_msg("%s: %s got '%s', want '%s'", what, names[i], g, ws[i]);
		}
		if (gs[i].n && (gs[i].p < (const uint8_t *)in ||
				gs[i].p + gs[i].n > (const uint8_t *)in + n))
			fail_msg("%s: %s does not point into the line", what, names[i]);
	}
}

static void test_resp_parse(void **state)
{
	(void)state;
	char what[160];
	for (size_t i = 0; i < MP_ARRAY_LEN(resp_cases); i++) {
		snprintf(what, sizeof what, "resp %zu '%s'%s", i, resp_cases[i].in,
			 resp_cases[i].flags ? " lenient" : "");
		check_resp(&resp_cases[i], resp_cases[i].in, strlen(resp_cases[i].in), what);
	}
}

/* RFC 2449 4: a response line is at most 512 octets with its CRLF. */
static void test_resp_limits(void **state)
{
	(void)state;
	static char in[600];
	memset(in, 'x', sizeof in);
	memcpy(in, "+OK ", 4);
	struct resp_case t = RESP(NULL, 0, MP_OK, OK, "", NULL, "", "");
	check_resp(&t, in, 510, "+OK 510");
	t = (struct resp_case)RESP(NULL, 0, MP_INVALID, OK, "", NULL, "",
				   "POP3_RESP_TOO_LONG@1510");
	check_resp(&t, in, 511, "+OK 511");
	t.flags = LENI;
	check_resp(&t, in, 511, "+OK 511 lenient");
	check_resp(&t, in, 600, "+OK 600 lenient");
	memcpy(in, "-ERR [SYS/TEMP] ", 16);
	t = (struct resp_case)RESP(NULL, 0, MP_OK, ERR, "SYS/TEMP", NULL, "", "");
	check_resp(&t, in, 510, "-ERR code 510");
	t = (struct resp_case)RESP(NULL, 0, MP_INVALID, ERR, "SYS/TEMP", NULL, "",
				   "POP3_RESP_TOO_LONG@1510");
	check_resp(&t, in, 511, "-ERR code 511");
	/* a continuation is a response line too */
	memset(in, 'A', sizeof in);
	memcpy(in, "+ ", 2);
	t = (struct resp_case)RESP(NULL, 0, MP_OK, CONT, "", NULL, "", "");
	check_resp(&t, in, 510, "+ 508 base64");
	t = (struct resp_case)RESP(NULL, 0, MP_INVALID, CONT, "", NULL, "",
				   "POP3_RESP_TOO_LONG@1510");
	check_resp(&t, in, 514, "+ 512 base64");
}

/* ---- listings and CAPA lines ----------------------------------------- */

static void test_scan_parse(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		mp_rc rc;
		uint64_t msg, size;
	} t[] = {
		{ "1 120", MP_OK, 1, 120 },
		{ "2 200", MP_OK, 2, 200 },
		{ "3 0", MP_OK, 3, 0 },
		{ "2 200 more info", MP_OK, 2, 200 }, /* RFC 1939 5 allows it */
		{ "18446744073709551615 18446744073709551615", MP_OK, UINT64_MAX, UINT64_MAX },
		{ "0 120", MP_INVALID, 0, 0 },
		{ "1", MP_INVALID, 0, 0 },
		{ "1 ", MP_INVALID, 0, 0 },
		{ "", MP_INVALID, 0, 0 },
		{ " 1 120", MP_INVALID, 0, 0 },
		{ "1  120", MP_INVALID, 0, 0 },
		{ "a 120", MP_INVALID, 0, 0 },
		{ "1 12a", MP_INVALID, 0, 0 },
		{ "1 -5", MP_INVALID, 0, 0 },
		{ "1\t120", MP_INVALID, 0, 0 },
		{ "1 18446744073709551616", MP_INVALID, 0, 0 },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(t); i++) {
		mp_diag dv[DV];
		mp_diags d;
		uint64_t m = 0, s = 0;
		char got[256];
		mp_diags_init(&d, dv, DV);
		mp_rc rc = mp_pop3_scan_parse(MP_SLICE(t[i].in, strlen(t[i].in)), BASE,
					      &m, &s, &d);
		fmt_diags(&d, 0, got, sizeof got);
		const char *want = t[i].rc == MP_OK ? "" : "POP3_SCAN_LINE@1000";
		if (rc != t[i].rc || strcmp(got, want) != 0)
			fail_msg("scan '%s': got %s '%s', want %s '%s'", t[i].in,
				 mp_rc_name(rc), got, mp_rc_name(t[i].rc), want);
		if (rc == MP_OK && (m != t[i].msg || s != t[i].size))
			fail_msg("scan '%s': got %llu %llu, want %llu %llu", t[i].in,
				 (unsigned long long)m, (unsigned long long)s,
				 (unsigned long long)t[i].msg, (unsigned long long)t[i].size);
	}
}

static void test_uidl_parse(void **state)
{
	(void)state;
	char u70[80], u71[80];
	memset(u70, '!', sizeof u70);
	snprintf(u70, sizeof u70, "1 ");
	memset(u70 + 2, 'Z', 70);
	u70[72] = '\0';
	memcpy(u71, u70, 72);
	memcpy(u71 + 72, "~", 2);
	const struct {
		const char *in;
		mp_rc rc;
		uint64_t msg;
		const char *uid;
	} t[] = {
		{ "1 whqtswO00WBw418f9t5JxYwZ", MP_OK, 1, "whqtswO00WBw418f9t5JxYwZ" },
		{ "2 QhdPYR:00WBw1Ph7x7", MP_OK, 2, "QhdPYR:00WBw1Ph7x7" },
		{ "3 !", MP_OK, 3, "!" },
		{ "4 ~}|{", MP_OK, 4, "~}|{" },
		{ u70, MP_OK, 1, u70 + 2 },
		{ u71, MP_INVALID, 1, u71 + 2 },
		{ "1 ", MP_INVALID, 1, "" },
		{ "1", MP_INVALID, 1, "" },
		{ "0 abc", MP_INVALID, 0, "abc" },
		{ "x abc", MP_INVALID, 0, "abc" },
		{ "1 ab cd", MP_INVALID, 1, "ab cd" },
		{ "1 ab\x7f", MP_INVALID, 1, "ab\x7f" },
		{ "1 \xc3\xa9t\xc3\xa9", MP_INVALID, 1, "\xc3\xa9t\xc3\xa9" },
		{ "1 a\tb", MP_INVALID, 1, "a\tb" },
		{ "1 a\x01", MP_INVALID, 1, "a\x01" },
		{ "", MP_INVALID, 0, "" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(t); i++) {
		mp_diag dv[DV];
		mp_diags d;
		uint64_t m = 0;
		mp_slice uid = { 0 };
		char got[256];
		mp_diags_init(&d, dv, DV);
		mp_rc rc = mp_pop3_uidl_parse(MP_SLICE(t[i].in, strlen(t[i].in)), BASE,
					      &m, &uid, &d);
		fmt_diags(&d, 0, got, sizeof got);
		const char *want = t[i].rc == MP_OK ? "" : "POP3_UIDL_LINE@1000";
		if (rc != t[i].rc || strcmp(got, want) != 0)
			fail_msg("uidl %zu '%s': got %s '%s', want %s '%s'", i, t[i].in,
				 mp_rc_name(rc), got, mp_rc_name(t[i].rc), want);
		if (rc == MP_OK && m != t[i].msg)
			fail_msg("uidl '%s': msg got %llu, want %llu", t[i].in,
				 (unsigned long long)m, (unsigned long long)t[i].msg);
		if (rc == MP_OK && !slice_is(uid, t[i].uid))
			fail_msg("uidl '%s': uid got %zu octets, want '%s'", t[i].in,
				 uid.n, t[i].uid);
	}
}

static void test_capa_parse(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		mp_rc rc;
		const char *tag, *params, *diags;
	} t[] = {
		/* RFC 2449 6 and the example of RFC 2449 5 */
		{ "TOP", MP_OK, "TOP", "", "" },
		{ "USER", MP_OK, "USER", "", "" },
		{ "SASL CRAM-MD5 KERBEROS_V4", MP_OK, "SASL", "CRAM-MD5 KERBEROS_V4", "" },
		{ "RESP-CODES", MP_OK, "RESP-CODES", "", "" },
		{ "LOGIN-DELAY 900", MP_OK, "LOGIN-DELAY", "900", "" },
		{ "LOGIN-DELAY 900 USER", MP_OK, "LOGIN-DELAY", "900 USER", "" },
		{ "PIPELINING", MP_OK, "PIPELINING", "", "" },
		{ "EXPIRE 60", MP_OK, "EXPIRE", "60", "" },
		{ "EXPIRE NEVER", MP_OK, "EXPIRE", "NEVER", "" },
		{ "EXPIRE 0 USER", MP_OK, "EXPIRE", "0 USER", "" },
		{ "EXPIRE never", MP_OK, "EXPIRE", "never", "" },
		{ "UIDL", MP_OK, "UIDL", "", "" },
		{ "IMPLEMENTATION Shlemazle-Plotz-v302", MP_OK, "IMPLEMENTATION",
		  "Shlemazle-Plotz-v302", "" },
		{ "STLS", MP_OK, "STLS", "", "" },
		{ "UTF8 USER", MP_OK, "UTF8", "USER", "" },
		{ "LANG", MP_OK, "LANG", "", "" },
		{ "X-FOO a b c", MP_OK, "X-FOO", "a b c", "" },
		{ "SASL", MP_OK, "SASL", "", "" },
		/* parameters out of their grammar */
		{ "LOGIN-DELAY x", MP_INVALID, "LOGIN-DELAY", "x", "POP3_CAPA_PARAM@1012" },
		{ "LOGIN-DELAY", MP_INVALID, "LOGIN-DELAY", "", "POP3_CAPA_PARAM@1012" },
		{ "LOGIN-DELAY NEVER", MP_INVALID, "LOGIN-DELAY", "NEVER", "POP3_CAPA_PARAM@1012" },
		{ "LOGIN-DELAY 900 ALL", MP_INVALID, "LOGIN-DELAY", "900 ALL", "POP3_CAPA_PARAM@1012" },
		{ "EXPIRE -1", MP_INVALID, "EXPIRE", "-1", "POP3_CAPA_PARAM@1007" },
		{ "EXPIRE 60 USER X", MP_INVALID, "EXPIRE", "60 USER X", "POP3_CAPA_PARAM@1007" },
		{ "SASL plain", MP_INVALID, "SASL", "plain", "POP3_CAPA_PARAM@1005" },
		{ "SASL PLAIN B@D", MP_INVALID, "SASL", "PLAIN B@D", "POP3_CAPA_PARAM@1011" },
		/* params: 1*pchar each, one SP between (RFC 2449 9) */
		{ "SASL PLAIN  LOGIN", MP_INVALID, "SASL", "PLAIN  LOGIN", "POP3_CAPA_LINE@1000" },
		{ "SASL PLAIN ", MP_INVALID, "SASL", "PLAIN ", "POP3_CAPA_LINE@1000" },
		{ "LOGIN-DELAY 900 ", MP_INVALID, "LOGIN-DELAY", "900 ", "POP3_CAPA_LINE@1000" },
		{ "X-FOO  a", MP_INVALID, "X-FOO", " a", "POP3_CAPA_LINE@1000" },
		{ "X-FOO a\tb", MP_INVALID, "X-FOO", "a\tb", "POP3_CAPA_LINE@1000" },
		{ "IMPLEMENTATION \xc3\xa9", MP_INVALID, "IMPLEMENTATION", "\xc3\xa9", "POP3_CAPA_LINE@1000" },
		{ "X-FOO a\x7f", MP_OK, "X-FOO", "a\x7f", "" },
		{ "X-FOO ~", MP_OK, "X-FOO", "~", "" },
		/* the line itself */
		{ "", MP_INVALID, NULL, NULL, "POP3_CAPA_LINE@1000" },
		{ "TOP ", MP_INVALID, NULL, NULL, "POP3_CAPA_LINE@1000" },
		{ " TOP", MP_INVALID, NULL, NULL, "POP3_CAPA_LINE@1000" },
		{ "X.Y", MP_INVALID, NULL, NULL, "POP3_CAPA_LINE@1000" },
		{ "T\x01P", MP_INVALID, NULL, NULL, "POP3_CAPA_LINE@1000" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(t); i++) {
		mp_diag dv[DV];
		mp_diags d;
		mp_pop3_capa cap;
		char got[256];
		mp_diags_init(&d, dv, DV);
		mp_rc rc = mp_pop3_capa_parse(MP_SLICE(t[i].in, strlen(t[i].in)), BASE,
					      &cap, &d);
		fmt_diags(&d, 0, got, sizeof got);
		if (rc != t[i].rc || strcmp(got, t[i].diags) != 0)
			fail_msg("capa '%s': got %s '%s', want %s '%s'", t[i].in,
				 mp_rc_name(rc), got, mp_rc_name(t[i].rc), t[i].diags);
		if (t[i].tag && !slice_is(cap.tag, t[i].tag))
			fail_msg("capa '%s': tag got %zu octets, want '%s'", t[i].in,
				 cap.tag.n, t[i].tag);
		if (t[i].params && !slice_is(cap.params, t[i].params))
			fail_msg("capa '%s': params got %zu octets, want '%s'", t[i].in,
				 cap.params.n, t[i].params);
	}
}

/* ---- states, multi-line answers, names --------------------------------- */

static void test_states(void **state)
{
	(void)state;
	/* A: AUTHORIZATION, T: TRANSACTION; no command in UPDATE */
	static const struct {
		mp_pop3_verb v;
		const char *name;
		bool a, t;
	} t[] = {
		{ MP_POP3_USER, "USER", true, false },
		{ MP_POP3_PASS, "PASS", true, false },
		{ MP_POP3_APOP, "APOP", true, false },
		{ MP_POP3_AUTH, "AUTH", true, false },
		{ MP_POP3_STAT, "STAT", false, true },
		{ MP_POP3_LIST, "LIST", false, true },
		{ MP_POP3_RETR, "RETR", false, true },
		{ MP_POP3_DELE, "DELE", false, true },
		{ MP_POP3_NOOP, "NOOP", false, true },
		{ MP_POP3_RSET, "RSET", false, true },
		{ MP_POP3_QUIT, "QUIT", true, true },
		{ MP_POP3_TOP, "TOP", false, true },
		{ MP_POP3_UIDL, "UIDL", false, true },
		{ MP_POP3_CAPA, "CAPA", true, true },
		{ MP_POP3_STLS, "STLS", true, false },
		{ MP_POP3_UTF8, "UTF8", true, false },
		{ MP_POP3_LANG, "LANG", true, true },
		{ MP_POP3_UNKNOWN, "UNKNOWN", false, false },
	};
	assert_int_equal(MP_ARRAY_LEN(t), MP_POP3_VERB_COUNT);
	for (size_t i = 0; i < MP_ARRAY_LEN(t); i++) {
		const char *n = mp_pop3_verb_name(t[i].v);
		if (strcmp(n, t[i].name) != 0)
			fail_msg("verb %d: name got %s, want %s", t[i].v, n, t[i].name);
		bool a = mp_pop3_cmd_state_ok(t[i].v, MP_POP3_AUTHORIZATION);
		bool tr = mp_pop3_cmd_state_ok(t[i].v, MP_POP3_TRANSACTION);
		bool u = mp_pop3_cmd_state_ok(t[i].v, MP_POP3_UPDATE);
		if (a != t[i].a || tr != t[i].t || u)
			fail_msg("%s: states got A%d T%d U%d, want A%d T%d U0", n, a, tr,
				 u, t[i].a, t[i].t);
	}
	assert_false(mp_pop3_cmd_state_ok(MP_POP3_VERB_COUNT, MP_POP3_AUTHORIZATION));
	assert_string_equal(mp_pop3_verb_name(MP_POP3_VERB_COUNT), "UNKNOWN");
	assert_string_equal(mp_pop3_state_name(MP_POP3_AUTHORIZATION), "AUTHORIZATION");
	assert_string_equal(mp_pop3_state_name(MP_POP3_TRANSACTION), "TRANSACTION");
	assert_string_equal(mp_pop3_state_name(MP_POP3_UPDATE), "UPDATE");
	assert_string_equal(mp_pop3_state_name((mp_pop3_state)3), "?");
}

static void test_multiline(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		bool multi;
	} t[] = {
		{ "USER a", false }, { "PASS a", false },
		{ "APOP a c4c9334bac560ecc979e58001b3e22fb", false },
		{ "AUTH", true }, { "AUTH PLAIN", false }, { "AUTH PLAIN =", false },
		{ "STAT", false }, { "LIST", true }, { "LIST 1", false },
		{ "RETR 1", true }, { "DELE 1", false }, { "NOOP", false },
		{ "RSET", false }, { "QUIT", false }, { "TOP 1 0", true },
		{ "UIDL", true }, { "UIDL 1", false }, { "CAPA", true },
		{ "STLS", false }, { "UTF8", false }, { "LANG", true },
		{ "LANG fr", false }, { "XTND XMIT", false }, { "XTND", false },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(t); i++) {
		mp_pop3_cmd c;
		mp_pop3_cmd_parse(MP_SLICE(t[i].in, strlen(t[i].in)), 0, NULL, &c, NULL);
		bool m = mp_pop3_cmd_multiline(&c);
		if (m != t[i].multi)
			fail_msg("multiline '%s': got %d, want %d", t[i].in, m, t[i].multi);
	}
}

/* ---- printers ---------------------------------------------------------- */

static void test_cmd_write(void **state)
{
	(void)state;
	uint8_t out[400];
	size_t n, tried = 0;
	/* every case the strict parser accepts without MUST diags:
	 * parse(write(x)) == x, and write is canonical */
	for (size_t i = 0; i < MP_ARRAY_LEN(cmd_cases); i++) {
		const struct cmd_case *t = &cmd_cases[i];
		mp_diag dv[DV], dv2[DV];
		mp_diags d, d2;
		mp_pop3_cmd a, b;
		mp_diags_init(&d, dv, DV);
		if (t->flags || mp_pop3_cmd_parse(MP_SLICE(t->in, strlen(t->in)), 7,
						  NULL, &a, &d) != MP_OK || has_must(&d))
			continue;
		tried++;
		assert_int_equal(mp_pop3_cmd_write(&a, out, sizeof out, &n), MP_OK);
		if (n < 2 || out[n - 2] != '\r' || out[n - 1] != '\n')
			fail_msg("write '%s': no CRLF", t->in);
		mp_diags_init(&d2, dv2, DV);
		mp_rc rc = mp_pop3_cmd_parse(MP_SLICE(out, n - 2), 0, NULL, &b, &d2);
		if (rc != MP_OK || !mp_pop3_cmd_eq(&a, &b))
			fail_msg("write '%s': got '%.*s' (%s), not equal", t->in,
				 (int)n - 2, out, mp_rc_name(rc));
		/* the written line again gives the same bytes */
		uint8_t out2[400];
		size_t n2;
		assert_int_equal(mp_pop3_cmd_write(&b, out2, sizeof out2, &n2), MP_OK);
		if (n2 != n || memcmp(out, out2, n) != 0)
			fail_msg("write '%s': not stable", t->in);
		/* every shorter buffer: MP_NOSPACE and *len_r 0 */
		for (size_t cap = 0; cap < n; cap++) {
			size_t m = 99;
			if (mp_pop3_cmd_write(&a, out2, cap, &m) != MP_NOSPACE || m != 0)
				fail_msg("write '%s' cap %zu: want MP_NOSPACE", t->in, cap);
		}
	}
	if (tried < 50)
		fail_msg("round trip: got %zu cases, want 50 or more", tried);
	/* canonical forms */
	static const struct {
		const char *in, *want;
	} t[] = {
		{ "user mrose", "USER mrose\r\n" },
		{ "tOp 2 5", "TOP 2 5\r\n" },
		{ "Pass Secret", "PASS Secret\r\n" },
		{ "PASS secret with spaces", "PASS secret with spaces\r\n" },
		{ "xtnd xmit", "XTND xmit\r\n" },
		{ "XYZ a b c", "XYZ a b\r\n" },
		{ "auth plain =", "AUTH plain =\r\n" },
		{ "stat", "STAT\r\n" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(t); i++) {
		mp_pop3_cmd c;
		mp_pop3_cmd_parse(MP_SLICE(t[i].in, strlen(t[i].in)), 0, NULL, &c, NULL);
		assert_int_equal(mp_pop3_cmd_write(&c, out, sizeof out, &n), MP_OK);
		if (n != strlen(t[i].want) || memcmp(out, t[i].want, n) != 0)
			fail_msg("write '%s': got '%.*s', want '%s'", t[i].in, (int)n,
				 out, t[i].want);
	}
	/* eq tells commands apart */
	mp_pop3_cmd a, b;
	mp_pop3_cmd_parse(MP_LIT("RETR 1"), 0, NULL, &a, NULL);
	mp_pop3_cmd_parse(MP_LIT("RETR 2"), 0, NULL, &b, NULL);
	assert_false(mp_pop3_cmd_eq(&a, &b));
	mp_pop3_cmd_parse(MP_LIT("DELE 1"), 0, NULL, &b, NULL);
	assert_false(mp_pop3_cmd_eq(&a, &b));
	mp_pop3_cmd_parse(MP_LIT("XAAA"), 0, NULL, &a, NULL);
	mp_pop3_cmd_parse(MP_LIT("xaaa"), 0, NULL, &b, NULL);
	assert_true(mp_pop3_cmd_eq(&a, &b));
	mp_pop3_cmd_parse(MP_LIT("XAAB"), 0, NULL, &b, NULL);
	assert_false(mp_pop3_cmd_eq(&a, &b));
	mp_pop3_cmd_parse(MP_LIT("USER a"), 0, NULL, &a, NULL);
	mp_pop3_cmd_parse(MP_LIT("USER A"), 0, NULL, &b, NULL);
	assert_false(mp_pop3_cmd_eq(&a, &b));
}

static void test_resp_write(void **state)
{
	(void)state;
	uint8_t out[700], out2[700];
	size_t n, n2, tried = 0;
	for (size_t i = 0; i < MP_ARRAY_LEN(resp_cases); i++) {
		const struct resp_case *t = &resp_cases[i];
		mp_diag dv[DV], dv2[DV];
		mp_diags d, d2;
		mp_pop3_resp a, b;
		mp_diags_init(&d, dv, DV);
		if (t->flags || mp_pop3_resp_parse(MP_SLICE(t->in, strlen(t->in)), 7,
						   NULL, &a, &d) != MP_OK || has_must(&d))
			continue;
		tried++;
		assert_int_equal(mp_pop3_resp_write(&a, out, sizeof out, &n), MP_OK);
		mp_diags_init(&d2, dv2, DV);
		mp_rc rc = mp_pop3_resp_parse(MP_SLICE(out, n - 2), 0, NULL, &b, &d2);
		if (rc != MP_OK || !mp_pop3_resp_eq(&a, &b))
			fail_msg("write '%s': got '%.*s' (%s), not equal", t->in,
				 (int)n - 2, out, mp_rc_name(rc));
		assert_int_equal(mp_pop3_resp_write(&b, out2, sizeof out2, &n2), MP_OK);
		if (n2 != n || memcmp(out, out2, n) != 0)
			fail_msg("write '%s': not stable", t->in);
		for (size_t cap = 0; cap < n; cap++) {
			size_t m = 99;
			if (mp_pop3_resp_write(&a, out2, cap, &m) != MP_NOSPACE || m != 0)
				fail_msg("write '%s' cap %zu: want MP_NOSPACE", t->in, cap);
		}
	}
	if (tried < 30)
		fail_msg("round trip: got %zu cases, want 30 or more", tried);
	static const struct {
		const char *in, *want;
	} t[] = {
		{ "+OK", "+OK\r\n" },
		{ "+OK ", "+OK\r\n" },
		{ "-ERR [in-use] busy", "-ERR [in-use] busy\r\n" },
		{ "-ERR [IN-USE]x", "-ERR [IN-USE] x\r\n" },
		{ "+ ", "+ \r\n" },
		{ "+ dGVzdA==", "+ dGVzdA==\r\n" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(t); i++) {
		mp_pop3_resp r;
		mp_pop3_resp_parse(MP_SLICE(t[i].in, strlen(t[i].in)), 0, NULL, &r, NULL);
		assert_int_equal(mp_pop3_resp_write(&r, out, sizeof out, &n), MP_OK);
		if (n != strlen(t[i].want) || memcmp(out, t[i].want, n) != 0)
			fail_msg("write '%s': got '%.*s', want '%s'", t[i].in, (int)n,
				 out, t[i].want);
	}
	mp_pop3_resp a, b;
	mp_pop3_resp_parse(MP_LIT("+OK x"), 0, NULL, &a, NULL);
	mp_pop3_resp_parse(MP_LIT("-ERR x"), 0, NULL, &b, NULL);
	assert_false(mp_pop3_resp_eq(&a, &b));
	mp_pop3_resp_parse(MP_LIT("+OK [AUTH] x"), 0, NULL, &b, NULL);
	assert_false(mp_pop3_resp_eq(&a, &b));
}

/* ---- JSON -------------------------------------------------------------- */

static void sink_log(void *ctx, const char *p, size_t n)
{
	mpt_log_printf(ctx, "%.*s", (int)n, p);
}

static void test_json(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} cmds[] = {
		{ "APOP mrose c4c9334bac560ecc979e58001b3e22fb",
		  "{\"verb\":\"APOP\",\"known\":true,\"args\":[\"mrose\",\"(secret)\"]}" },
		{ "PASS secret with spaces",
		  "{\"verb\":\"PASS\",\"known\":true,\"args\":[\"(secret)\"]}" },
		{ "AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=",
		  "{\"verb\":\"AUTH\",\"known\":true,\"args\":[\"PLAIN\",\"(secret)\"]}" },
		{ "TOP 1 10",
		  "{\"verb\":\"TOP\",\"known\":true,\"args\":[\"1\",\"10\"],\"msg\":1,\"lines\":10}" },
		{ "LIST 2", "{\"verb\":\"LIST\",\"known\":true,\"args\":[\"2\"],\"msg\":2}" },
		{ "STAT", "{\"verb\":\"STAT\",\"known\":true,\"args\":[]}" },
		{ "xtnd xmit", "{\"verb\":\"xtnd\",\"known\":false,\"args\":[\"xmit\"]}" },
		{ "USER m\"r", "{\"verb\":\"USER\",\"known\":true,\"args\":[\"m\\\"r\"]}" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(cmds); i++) {
		mpt_log out = { 0 };
		mp_json j;
		mp_pop3_cmd c;
		mp_pop3_cmd_parse(MP_SLICE(cmds[i].in, strlen(cmds[i].in)), 0, NULL, &c, NULL);
		mp_json_init(&j, sink_log, &out);
		mp_json_obj_begin(&j);
		mp_pop3_cmd_json(&j, &c);
		mp_json_obj_end(&j);
		if (strcmp(out.p, cmds[i].want) != 0)
			fail_msg("json '%s': got %s, want %s", cmds[i].in, out.p, cmds[i].want);
		if (strstr(out.p, "secret with") || strstr(out.p, "c4c9334b") ||
		    strstr(out.p, "dGVzdAB0"))
			fail_msg("json '%s': a credential is echoed: %s", cmds[i].in, out.p);
		mpt_log_free(&out);
	}
	static const struct {
		const char *in, *want;
	} resps[] = {
		{ "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>",
		  "{\"status\":\"+OK\",\"text\":\"POP3 server ready <1896.697170952@dbc.mtview.ca.us>\","
		  "\"timestamp\":\"<1896.697170952@dbc.mtview.ca.us>\"}" },
		{ "-ERR [SYS/TEMP] later",
		  "{\"status\":\"-ERR\",\"code\":\"SYS/TEMP\",\"text\":\"later\"}" },
		{ "+ dGVzdA==", "{\"status\":\"+\",\"text\":\"dGVzdA==\"}" },
		{ "hello\x01", "{\"status\":\"none\",\"text\":\"hello\\u0001\"}" },
		{ "+OK", "{\"status\":\"+OK\",\"text\":\"\"}" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(resps); i++) {
		mpt_log out = { 0 };
		mp_json j;
		mp_pop3_resp r;
		mp_pop3_resp_parse(MP_SLICE(resps[i].in, strlen(resps[i].in)), 0, NULL, &r, NULL);
		mp_json_init(&j, sink_log, &out);
		mp_json_obj_begin(&j);
		mp_pop3_resp_json(&j, &r);
		mp_json_obj_end(&j);
		if (strcmp(out.p, resps[i].want) != 0)
			fail_msg("json '%s': got %s, want %s", resps[i].in, out.p, resps[i].want);
		mpt_log_free(&out);
	}
}

/* ---- stream readers ---------------------------------------------------- */

#define HINTS_MAX 16

struct rd_ctx {
	bool server;
	unsigned flags;
	const char *hints[HINTS_MAX]; /* commands the server answers, in order */
	mp_pop3_reader r;
	mp_diag dv[DV];
	mp_diags d;
	size_t logged;
};

static void rd_reset(void *c)
{
	struct rd_ctx *x = c;
	mp_pop3_opts o = { x->flags };
	mp_pop3_reader_init(&x->r, x->server, &o);
	mp_diags_init(&x->d, x->dv, DV);
	x->logged = 0;
	for (size_t i = 0; i < HINTS_MAX && x->hints[i]; i++) {
		mp_pop3_cmd cmd;
		mp_pop3_cmd_parse(MP_SLICE(x->hints[i], strlen(x->hints[i])), 0, NULL,
				  &cmd, NULL);
		if (mp_pop3_reader_expect(&x->r, &cmd) != MP_OK)
			abort();
	}
}

/* Lines are logged in full up to 80 octets, longer ones by their head
 * and length: the log states events, not bulk. */
static void log_line(mpt_log *log, mp_slice s)
{
	mpt_log_printf(log, " [");
	mpt_log_bytes(log, s.p, s.n > 80 ? 16 : s.n);
	if (s.n > 80)
		mpt_log_printf(log, "...%zu", s.n);
	mpt_log_printf(log, "]");
}

static void log_event(mpt_log *log, const mp_pop3_event *ev)
{
	static const char *const st[] = { "+OK", "-ERR", "+", "BAD" };
	switch (ev->kind) {
	case MP_POP3_EV_COMMAND:
		mpt_log_printf(log, "C@%llu %s", (unsigned long long)ev->off,
			       ev->cmd.verb == MP_POP3_UNKNOWN ? "?" :
			       mp_pop3_verb_name(ev->cmd.verb));
		for (size_t i = 0; i < ev->cmd.nargs; i++)
			log_line(log, ev->cmd.args[i]);
		if (ev->cmd.has_msg)
			mpt_log_printf(log, " msg=%llu", (unsigned long long)ev->cmd.msg);
		if (ev->cmd.verb == MP_POP3_TOP && ev->cmd.nargs == 2)
			mpt_log_printf(log, " lines=%llu", (unsigned long long)ev->cmd.lines);
		break;
	case MP_POP3_EV_SASL:
		mpt_log_printf(log, "A@%llu", (unsigned long long)ev->off);
		log_line(log, ev->line);
		break;
	case MP_POP3_EV_TLS:
		mpt_log_printf(log, "TLS@%llu", (unsigned long long)ev->off);
		break;
	case MP_POP3_EV_GREETING:
	case MP_POP3_EV_STATUS:
		mpt_log_printf(log, "%s@%llu %s", ev->kind == MP_POP3_EV_GREETING ? "G" : "S",
			       (unsigned long long)ev->off, st[ev->resp.status]);
		if (ev->resp.code.n) {
			mpt_log_printf(log, " code=");
			log_line(log, ev->resp.code);
		}
		log_line(log, ev->resp.text);
		if (ev->resp.timestamp.n) {
			mpt_log_printf(log, " ts=");
			log_line(log, ev->resp.timestamp);
		}
		if (ev->multiline)
			mpt_log_printf(log, " multi");
		break;
	case MP_POP3_EV_LINE:
		mpt_log_printf(log, "L@%llu", (unsigned long long)ev->off);
		log_line(log, ev->line);
		break;
	case MP_POP3_EV_END:
		mpt_log_printf(log, "E@%llu", (unsigned long long)ev->off);
		break;
	}
	if (ev->kind != MP_POP3_EV_COMMAND && ev->kind != MP_POP3_EV_SASL &&
	    ev->kind != MP_POP3_EV_TLS && ev->answers != MP_POP3_UNKNOWN)
		mpt_log_printf(log, " for %s", mp_pop3_verb_name(ev->answers));
	mpt_log_printf(log, "\n");
}

static void log_diags(struct rd_ctx *x, mpt_log *log)
{
	for (; x->logged < x->d.n; x->logged++)
		mpt_log_printf(log, "  %s@%llu\n", mp_rule_name(x->d.v[x->logged].rule),
			       (unsigned long long)x->d.v[x->logged].offset);
}

static size_t rd_feed(void *c, const uint8_t *buf, size_t len, bool eof,
		      mpt_log *log)
{
	struct rd_ctx *x = c;
	size_t pos = 0, used;
	mp_pop3_event ev;
	for (;;) {
		mp_rc rc = mp_pop3_next(&x->r, buf + pos, len - pos, eof, &ev, &used, &x->d);
		if (used > len - pos)
			abort();
		pos += used;
		if (rc == MP_OK)
			log_event(log, &ev);
		log_diags(x, log);
		if (rc != MP_OK)
			break;
	}
	if (eof && x->d.dropped)
		mpt_log_printf(log, "  dropped %zu\n", x->d.dropped);
	return pos;
}

struct stream_case {
	const char *name;
	bool server;
	unsigned flags;
	const char *hints[HINTS_MAX];
	const char *in;
	const char *want;
};

static void run_stream(const struct stream_case *t, const uint8_t *in, size_t n,
		       size_t max_all, bool guard)
{
	struct rd_ctx *x = calloc(1, sizeof(*x));
	assert_non_null(x);
	x->server = t->server;
	x->flags = t->flags;
	memcpy(x->hints, t->hints, sizeof x->hints);
	mpt_reader r = { rd_reset, rd_feed, x };
	mpt_log whole = { 0 };
	char *err = mpt_check_splits(&r, in, n, max_all, guard, &whole);
	if (err)
		fail_msg("%s: %s", t->name, err);
	if (strcmp(whole.p ? whole.p : "", t->want) != 0)
		fail_msg("%s: got\n%s\nwant\n%s", t->name, whole.p ? whole.p : "", t->want);
	mpt_log_free(&whole);
	free(x);
}

#define APOP_LINE "APOP mrose c4c9334bac560ecc979e58001b3e22fb"
#define GREETING "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>"

static const struct stream_case streams[] = {
	/* RFC 1939 10, the client's side */
	{ "rfc1939 client", false, 0, { NULL },
	  APOP_LINE "\r\nSTAT\r\nLIST\r\nRETR 1\r\nDELE 1\r\nRETR 2\r\nDELE 2\r\nQUIT\r\n",
	  "C@0 APOP [mrose] [c4c9334bac560ecc979e58001b3e22fb]\n"
	  "C@45 STAT\n"
	  "C@51 LIST\n"
	  "C@57 RETR [1] msg=1\n"
	  "C@65 DELE [1] msg=1\n"
	  "C@73 RETR [2] msg=2\n"
	  "C@81 DELE [2] msg=2\n"
	  "C@89 QUIT\n" },
	/* RFC 1939 10, the server's side, no hints: lookahead */
	{ "rfc1939 server", true, 0, { NULL },
	  GREETING "\r\n"
	  "+OK mrose's maildrop has 2 messages (320 octets)\r\n"
	  "+OK 2 320\r\n"
	  "+OK 2 messages (320 octets)\r\n"
	  "1 120\r\n"
	  "2 200\r\n"
	  ".\r\n"
	  "+OK 120 octets\r\n"
	  "Subject: one\r\n"
	  "\r\n"
	  "..hidden\r\n"
	  ".\r\n"
	  "+OK message 1 deleted\r\n"
	  "+OK 200 octets\r\n"
	  "Subject: two\r\n"
	  ".\r\n"
	  "+OK message 2 deleted\r\n"
	  "+OK dewey POP3 server signing off (maildrop empty)\r\n",
	  "G@0 +OK [POP3 server ready <1896.697170952@dbc.mtview.ca.us>] ts= [<1896.697170952@dbc.mtview.ca.us>]\n"
	  "S@57 +OK [mrose's maildrop has 2 messages (320 octets)]\n"
	  "S@107 +OK [2 320]\n"
	  "S@118 +OK [2 messages (320 octets)] multi\n"
	  "L@147 [1 120]\n"
	  "L@154 [2 200]\n"
	  "E@161\n"
	  "S@164 +OK [120 octets] multi\n"
	  "L@180 [Subject: one]\n"
	  "L@194 []\n"
	  "L@196 [.hidden]\n"
	  "E@206\n"
	  "S@209 +OK [message 1 deleted]\n"
	  "S@232 +OK [200 octets] multi\n"
	  "L@248 [Subject: two]\n"
	  "E@262\n"
	  "S@265 +OK [message 2 deleted]\n"
	  "S@288 +OK [dewey POP3 server signing off (maildrop empty)]\n" },
	/* the same with hints: answers named, listings checked */
	{ "rfc1939 server hinted", true, 0,
	  { APOP_LINE, "STAT", "LIST", "RETR 1", "DELE 1", "RETR 2", "DELE 2", "QUIT" },
	  GREETING "\r\n"
	  "+OK mrose's maildrop has 2 messages (320 octets)\r\n"
	  "+OK 2 320\r\n"
	  "+OK 2 messages (320 octets)\r\n"
	  "1 120\r\n"
	  "2 200\r\n"
	  ".\r\n"
	  "+OK 120 octets\r\n"
	  "Subject: one\r\n"
	  ".\r\n"
	  "+OK message 1 deleted\r\n"
	  "+OK 200 octets\r\n"
	  "+OK\r\n"
	  ".\r\n"
	  "+OK message 2 deleted\r\n"
	  "+OK dewey POP3 server signing off (maildrop empty)\r\n",
	  "G@0 +OK [POP3 server ready <1896.697170952@dbc.mtview.ca.us>] ts= [<1896.697170952@dbc.mtview.ca.us>]\n"
	  "S@57 +OK [mrose's maildrop has 2 messages (320 octets)] for APOP\n"
	  "S@107 +OK [2 320] for STAT\n"
	  "S@118 +OK [2 messages (320 octets)] multi for LIST\n"
	  "L@147 [1 120] for LIST\n"
	  "L@154 [2 200] for LIST\n"
	  "E@161 for LIST\n"
	  "S@164 +OK [120 octets] multi for RETR\n"
	  "L@180 [Subject: one] for RETR\n"
	  "E@194 for RETR\n"
	  "S@197 +OK [message 1 deleted] for DELE\n"
	  "S@220 +OK [200 octets] multi for RETR\n"
	  "L@236 [+OK] for RETR\n"
	  "E@241 for RETR\n"
	  "S@244 +OK [message 2 deleted] for DELE\n"
	  "S@267 +OK [dewey POP3 server signing off (maildrop empty)] for QUIT\n" },
	/* LIST, UIDL, TOP answers; byte-stuffing both ways */
	{ "listings hinted", true, 0, { "LIST", "UIDL", "TOP 1 2", "LIST 9", "UIDL 1" },
	  "+OK hi\r\n"
	  "+OK 3 messages\r\n1 120\r\n2 200\r\nx 5\r\n.\r\n"
	  "+OK\r\n1 whqtswO00WBw418f9t5JxYwZ\r\n2 a b\r\n.\r\n"
	  "+OK\r\n..foo\r\n.bar\r\n...\r\n..\r\n.\r\n"
	  "-ERR no such message\r\n"
	  "+OK 1 whqtswO00WBw418f9t5JxYwZ\r\n",
	  "G@0 +OK [hi]\n"
	  "S@8 +OK [3 messages] multi for LIST\n"
	  "L@24 [1 120] for LIST\n"
	  "L@31 [2 200] for LIST\n"
	  "L@38 [x 5] for LIST\n"
	  "  POP3_SCAN_LINE@38\n"
	  "E@43 for LIST\n"
	  "S@46 +OK [] multi for UIDL\n"
	  "L@51 [1 whqtswO00WBw418f9t5JxYwZ] for UIDL\n"
	  "L@79 [2 a b] for UIDL\n"
	  "  POP3_UIDL_LINE@79\n"
	  "E@86 for UIDL\n"
	  "S@89 +OK [] multi for TOP\n"
	  "L@94 [.foo] for TOP\n"
	  "L@101 [bar] for TOP\n"
	  "  POP3_NOT_STUFFED@101\n"
	  "L@107 [..] for TOP\n"
	  "L@112 [.] for TOP\n"
	  "E@116 for TOP\n"
	  "S@119 -ERR [no such message] for LIST\n"
	  "S@141 +OK [1 whqtswO00WBw418f9t5JxYwZ] for UIDL\n" },
	/* stuffed listing lines are unstuffed before the check */
	{ "stuffed scan line", true, 0, { "LIST" },
	  "+OK\r\n+OK\r\n.1 2\r\n.\r\n",
	  "G@0 +OK []\n"
	  "S@5 +OK [] multi for LIST\n"
	  "L@10 [1 2] for LIST\n"
	  "  POP3_NOT_STUFFED@10\n"
	  "E@16 for LIST\n" },
	/* CAPA answer (RFC 2449 5 example) checked line by line */
	{ "capa hinted", true, 0, { "CAPA" },
	  "+OK\r\n+OK Capability list follows\r\nTOP\r\nUSER\r\n"
	  "SASL CRAM-MD5 KERBEROS_V4\r\nRESP-CODES\r\nLOGIN-DELAY 900\r\n"
	  "PIPELINING\r\nEXPIRE 60\r\nUIDL\r\nIMPLEMENTATION Shlemazle-Plotz-v302\r\n"
	  "LOGIN-DELAY x\r\nSASL b@d\r\n.\r\n",
	  "G@0 +OK []\n"
	  "S@5 +OK [Capability list follows] multi for CAPA\n"
	  "L@34 [TOP] for CAPA\n"
	  "L@39 [USER] for CAPA\n"
	  "L@45 [SASL CRAM-MD5 KERBEROS_V4] for CAPA\n"
	  "L@72 [RESP-CODES] for CAPA\n"
	  "L@84 [LOGIN-DELAY 900] for CAPA\n"
	  "L@101 [PIPELINING] for CAPA\n"
	  "L@113 [EXPIRE 60] for CAPA\n"
	  "L@124 [UIDL] for CAPA\n"
	  "L@130 [IMPLEMENTATION Shlemazle-Plotz-v302] for CAPA\n"
	  "L@167 [LOGIN-DELAY x] for CAPA\n"
	  "  POP3_CAPA_PARAM@179\n"
	  "L@182 [SASL b@d] for CAPA\n"
	  "  POP3_CAPA_PARAM@187\n"
	  "E@192 for CAPA\n" },
	/* lookahead without hints: +OK then +OK, -ERR or "+ " is single */
	{ "lookahead", true, 0, { NULL },
	  "+OK\r\n+OK a\r\n+OK b\r\n-ERR c\r\n+OK d\r\n+ \r\n+OK e\r\nline\r\n.\r\n"
	  "+OK f\r\n-err g\r\n+ok h\r\n",
	  "G@0 +OK []\n"
	  "S@5 +OK [a]\n"
	  "S@12 +OK [b]\n"
	  "S@19 -ERR [c]\n"
	  "S@27 +OK [d]\n"
	  "S@34 + []\n"
	  "S@38 +OK [e] multi\n"
	  "L@45 [line]\n"
	  "E@51\n"
	  "S@54 +OK [f]\n"
	  "S@61 -ERR [g]\n"
	  "  POP3_STATUS_CASE@61\n"
	  "S@69 +OK [h]\n"
	  "  POP3_STATUS_CASE@69\n" },
	/* a +OK last in the stream is single-line; a +OK before a short
	 * tail waits for the tail */
	{ "lookahead at eof", true, 0, { NULL },
	  "+OK\r\n+OK\r\n.\r\n",
	  "G@0 +OK []\n"
	  "S@5 +OK [] multi\n"
	  "E@10\n" },
	{ "lookahead short", true, 0, { NULL },
	  "+OK\r\n+OK\r\n+O",
	  "G@0 +OK []\n"
	  "S@5 +OK [] multi\n"
	  "L@10 [+O]\n"
	  "  POP3_MULTI_TRUNCATED@12\n" },
	/* STAT answers checked when a hint says so (RFC 1939 5) */
	{ "stat hinted", true, 0, { "STAT", "STAT", "STAT", "STAT", "STAT" },
	  "+OK\r\n+OK 2 320\r\n+OK 2\r\n+OK two 320\r\n-ERR no\r\n+OK 0 0 extra\r\n",
	  "G@0 +OK []\n"
	  "S@5 +OK [2 320] for STAT\n"
	  "S@16 +OK [2] for STAT\n"
	  "  POP3_STAT_SYNTAX@16\n"
	  "S@23 +OK [two 320] for STAT\n"
	  "  POP3_STAT_SYNTAX@23\n"
	  "S@36 -ERR [no] for STAT\n"
	  "S@45 +OK [0 0 extra] for STAT\n" },
	/* truncated multi-line answers */
	{ "truncated", true, 0, { NULL },
	  "+OK\r\n+OK\r\nline1\r\nline2\r\n",
	  "G@0 +OK []\n"
	  "S@5 +OK [] multi\n"
	  "L@10 [line1]\n"
	  "L@17 [line2]\n"
	  "  POP3_MULTI_TRUNCATED@24\n" },
	{ "truncated mid-line", true, 0, { "RETR 1" },
	  "+OK\r\n+OK\r\nline1\r\nli",
	  "G@0 +OK []\n"
	  "S@5 +OK [] multi for RETR\n"
	  "L@10 [line1] for RETR\n"
	  "L@17 [li] for RETR\n"
	  "  POP3_MULTI_TRUNCATED@19\n" },
	{ "truncated at dot", true, 0, { "RETR 1" },
	  "+OK\r\n+OK\r\n.",
	  "G@0 +OK []\n"
	  "S@5 +OK [] multi for RETR\n"
	  "L@10 [] for RETR\n"
	  "  POP3_NOT_STUFFED@10\n"
	  "  POP3_MULTI_TRUNCATED@11\n" },
	/* bare LF line ends: strict keeps reading, lenient ends on ".\n" */
	{ "bare LF strict", true, 0, { "RETR 1" },
	  "+OK\n+OK\nabc\n.\n.\r\n",
	  "G@0 +OK []\n"
	  "  POP3_BARE_LF@3\n"
	  "S@4 +OK [] multi for RETR\n"
	  "  POP3_BARE_LF@7\n"
	  "L@8 [abc] for RETR\n"
	  "  POP3_BARE_LF@11\n"
	  "L@12 [] for RETR\n"
	  "  POP3_BARE_LF@13\n"
	  "  POP3_NOT_STUFFED@12\n"
	  "E@14 for RETR\n" },
	{ "bare LF lenient", true, LENI, { "RETR 1" },
	  "+OK\n+OK\nabc\n.\n+OK x\n",
	  "G@0 +OK []\n"
	  "  POP3_BARE_LF@3\n"
	  "S@4 +OK [] multi for RETR\n"
	  "  POP3_BARE_LF@7\n"
	  "L@8 [abc] for RETR\n"
	  "  POP3_BARE_LF@11\n"
	  "E@12 for RETR\n"
	  "  POP3_BARE_LF@13\n"
	  "S@14 +OK [x]\n"
	  "  POP3_BARE_LF@19\n" },
	{ "bare LF client", false, 0, { NULL },
	  "USER a\nPASS b\r\n",
	  "C@0 USER [a]\n"
	  "  POP3_BARE_LF@6\n"
	  "C@7 PASS [b]\n" },
	/* SASL (RFC 5034 4): the client lines after AUTH */
	{ "auth plain", false, 0, { NULL },
	  "CAPA\r\nAUTH PLAIN\r\nAHRlc3QAdGVzdA==\r\nSTAT\r\nQUIT\r\n",
	  "C@0 CAPA\n"
	  "C@6 AUTH [PLAIN]\n"
	  "A@18 [AHRlc3QAdGVzdA==]\n"
	  "C@36 STAT\n"
	  "C@42 QUIT\n" },
	{ "auth plain ir", false, 0, { NULL },
	  "AUTH PLAIN AHRlc3QAdGVzdA==\r\nSTAT\r\n",
	  "C@0 AUTH [PLAIN] [AHRlc3QAdGVzdA==]\n"
	  "C@29 STAT\n" },
	{ "auth login", false, 0, { NULL },
	  "AUTH LOGIN\r\ndGVzdA==\r\ndGVzdA==\r\nLIST\r\n",
	  "C@0 AUTH [LOGIN]\n"
	  "A@12 [dGVzdA==]\n"
	  "A@22 [dGVzdA==]\n"
	  "C@32 LIST\n" },
	{ "auth cancel", false, 0, { NULL },
	  "AUTH LOGIN\r\n*\r\nUSER a\r\n",
	  "C@0 AUTH [LOGIN]\n"
	  "A@12 [*]\n"
	  "C@15 USER [a]\n" },
	{ "auth bad line", false, 0, { NULL },
	  "AUTH CRAM-MD5\r\nnot base64!\r\nNOOP\r\n",
	  "C@0 AUTH [CRAM-MD5]\n"
	  "A@15 [not base64!]\n"
	  "  POP3_SASL_LINE@15\n"
	  "C@28 NOOP\n" },
	{ "auth empty line", false, 0, { NULL },
	  "AUTH PLAIN\r\n\r\nNOOP\r\n",
	  "C@0 AUTH [PLAIN]\n"
	  "A@12 []\n"
	  "C@14 NOOP\n" },
	{ "auth scram", false, 0, { NULL },
	  "AUTH SCRAM-SHA-1\r\nbixuPXVzZXIscj1meXtv\r\n"
	  "dj1ybUY5cHFWOFM3c3VBb1pXamE0ZEpSa0ZzS1E9\r\nSTAT\r\n",
	  "C@0 AUTH [SCRAM-SHA-1]\n"
	  "A@18 [bixuPXVzZXIscj1meXtv]\n"
	  "A@40 [dj1ybUY5cHFWOFM3c3VBb1pXamE0ZEpSa0ZzS1E9]\n"
	  "C@82 STAT\n" },
	{ "auth empty ir", false, 0, { NULL },
	  "AUTH PLAIN =\r\nSTAT\r\n",
	  "C@0 AUTH [PLAIN] [=]\n"
	  "C@14 STAT\n" },
	{ "auth cancel, again with ir", false, 0, { NULL },
	  "AUTH DIGEST-MD5\r\n*\r\nAUTH LOGIN dGVzdA==\r\ncGFzcw==\r\nQUIT\r\n",
	  "C@0 AUTH [DIGEST-MD5]\n"
	  "A@17 [*]\n"
	  "C@20 AUTH [LOGIN] [dGVzdA==]\n"
	  "A@41 [cGFzcw==]\n"
	  "C@51 QUIT\n" },
	{ "auth list", false, 0, { NULL },
	  "AUTH\r\nNOOP\r\n",
	  "C@0 AUTH\n"
	  "C@6 NOOP\n" },
	/* pipelined answers: an -ERR takes its hint and is single-line */
	{ "pipelined hinted", true, 0, { "RETR 9", "LIST 2", "LIST" },
	  "+OK\r\n-ERR no such message\r\n+OK 2 200\r\n+OK\r\n1 2\r\n.\r\n",
	  "G@0 +OK []\n"
	  "S@5 -ERR [no such message] for RETR\n"
	  "S@27 +OK [2 200] for LIST\n"
	  "S@38 +OK [] multi for LIST\n"
	  "L@43 [1 2] for LIST\n"
	  "E@48 for LIST\n" },
	/* AUTH and LANG without arguments list (RFC 5034 4, RFC 6856 3) */
	{ "auth and lang lists", true, 0, { "AUTH", "LANG", "LANG fr" },
	  "+OK\r\n+OK\r\nPLAIN\r\nLOGIN\r\n.\r\n+OK\r\nen English\r\n.\r\n-ERR no\r\n",
	  "G@0 +OK []\n"
	  "S@5 +OK [] multi for AUTH\n"
	  "L@10 [PLAIN] for AUTH\n"
	  "L@17 [LOGIN] for AUTH\n"
	  "E@24 for AUTH\n"
	  "S@27 +OK [] multi for LANG\n"
	  "L@32 [en English] for LANG\n"
	  "E@44 for LANG\n"
	  "S@47 -ERR [no] for LANG\n" },
	/* more answers than hints: back to the lookahead */
	{ "hints run out", true, 0, { "NOOP" },
	  "+OK\r\n+OK\r\n+OK x\r\nline\r\n.\r\n",
	  "G@0 +OK []\n"
	  "S@5 +OK [] for NOOP\n"
	  "S@10 +OK [x] multi\n"
	  "L@17 [line]\n"
	  "E@23\n" },
	{ "stat lenient", true, LENI, { "STAT" },
	  "+OK\r\n+ok 1 2\r\n",
	  "G@0 +OK []\n"
	  "S@5 +OK [1 2] for STAT\n"
	  "  POP3_STATUS_CASE@5\n" },
	{ "greeting with code", true, 0, { NULL },
	  "-ERR [SYS/TEMP] try later\r\n",
	  "G@0 -ERR code= [SYS/TEMP] [try later]\n" },
	/* the server side of a SASL exchange, with hints */
	{ "auth server", true, 0, { "AUTH PLAIN", "STAT" },
	  "+OK\r\n+ \r\n+OK maildrop locked\r\n+OK 0 0\r\n",
	  "G@0 +OK []\n"
	  "S@5 + []\n"
	  "S@9 +OK [maildrop locked] for AUTH\n"
	  "S@30 +OK [0 0] for STAT\n" },
	/* STLS (RFC 2595 4): TLS bytes end the readable stream */
	{ "stls client", false, 0, { NULL },
	  "CAPA\r\nSTLS\r\n\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03QUIT\r\n",
	  "C@0 CAPA\n"
	  "C@6 STLS\n"
	  "TLS@12\n" },
	{ "stls server", true, 0, { "STLS" },
	  "+OK\r\n+OK Begin TLS negotiation\r\n\x16\x03\x03\x00\x7a\x02\x00\x00\x76\r\n.\r\n",
	  "G@0 +OK []\n"
	  "S@5 +OK [Begin TLS negotiation] for STLS\n"
	  "TLS@32\n" },
	{ "stls server no hint", true, 0, { NULL },
	  "+OK\r\n+OK Begin TLS negotiation\r\n\x16\x03\x03\x00\x7a\x02\x00\x00\x76\r\n.\r\n",
	  "G@0 +OK []\n"
	  "S@5 +OK [Begin TLS negotiation]\n"
	  "TLS@32\n" },
	/* implicit TLS (port 995): TLS from the first byte */
	{ "implicit tls client", false, 0, { NULL },
	  "\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03",
	  "TLS@0\n" },
	{ "implicit tls server", true, 0, { NULL },
	  "\x16\x03\x03\x00\x7a\x02\x00\x00\x76\r\n+OK\r\n",
	  "TLS@0\n" },
	/* not TLS: a version byte over 4, or the stream ends first */
	{ "tls version 5", false, 0, { NULL },
	  "\x16\x03\x05\r\nNOOP\r\n",
	  "C@0 ?\n"
	  "  POP3_KEYWORD_SYNTAX@0\n"
	  "C@5 NOOP\n" },
	{ "tls cut short", false, 0, { NULL },
	  "\x16\x03",
	  "C@0 ?\n"
	  "  POP3_KEYWORD_SYNTAX@0\n" },
	/* an 0x16 inside a line is no TLS */
	{ "not tls", false, 0, { NULL },
	  "USER \x16\x03\x01\r\n\x16\r\n",
	  "C@0 USER [\\x16\\x03\\x01]\n"
	  "C@10 ?\n"
	  "  POP3_KEYWORD_SYNTAX@10\n" },
	/* client lines with errors, in order */
	{ "client errors", false, 0, { NULL },
	  "RETR 0\r\nTOP 1\r\nXTND\r\nLIST  1\r\n\r\n",
	  "C@0 RETR [0]\n"
	  "  POP3_MSG_NUMBER@5\n"
	  "C@8 TOP [1]\n"
	  "  POP3_ARG_COUNT@11\n"
	  "C@15 ?\n"
	  "  POP3_CMD_UNKNOWN@15\n"
	  "C@21 LIST [1] msg=1\n"
	  "  POP3_ARG_SEPARATOR@26\n"
	  "C@30 ?\n"
	  "  POP3_KEYWORD_SYNTAX@30\n" },
	{ "client lenient", false, LENI, { NULL },
	  "USER  a\r\nLIST\t1\r\nQUIT \r\n",
	  "C@0 USER [a]\n"
	  "  POP3_ARG_SEPARATOR@5\n"
	  "C@9 LIST [1] msg=1\n"
	  "  POP3_ARG_SEPARATOR@13\n"
	  "C@17 QUIT\n"
	  "  POP3_ARG_SEPARATOR@21\n" },
	{ "client bare CR", false, 0, { NULL },
	  "USER a\rb\r\nPASS x\r\n",
	  "C@0 USER [a\\x0db]\n"
	  "  POP3_BARE_CR@6\n"
	  "C@10 PASS [x]\n" },
	{ "client last line", false, 0, { NULL },
	  "NOOP\r\nQUIT",
	  "C@0 NOOP\n"
	  "C@6 QUIT\n" },
	{ "empty", true, 0, { NULL }, "", "" },
	{ "greeting only", true, 0, { NULL }, GREETING,
	  "G@0 +OK [POP3 server ready <1896.697170952@dbc.mtview.ca.us>] ts= [<1896.697170952@dbc.mtview.ca.us>]\n" },
	{ "bad greeting", true, 0, { NULL }, "* OK IMAP4rev1\r\n+OK\r\n",
	  "G@0 BAD [* OK IMAP4rev1]\n"
	  "  POP3_STATUS_INVALID@0\n"
	  "S@16 +OK []\n" },
};

static void test_streams(void **state)
{
	(void)state;
	for (size_t i = 0; i < MP_ARRAY_LEN(streams); i++)
		run_stream(&streams[i], (const uint8_t *)streams[i].in,
			   strlen(streams[i].in), 4096, true);
}

/* Lines over the reader's hold (MP_LINE_HOLD_MAX): one diag, then the
 * next line. */
static void test_stream_long(void **state)
{
	(void)state;
	size_t big = MP_LINE_HOLD_MAX + 100;
	uint8_t *in = malloc(big + 64);
	assert_non_null(in);

	/* client: USER then a long line then NOOP */
	size_t n = 0;
	memcpy(in, "USER ", 5);
	memset(in + 5, 'a', big);
	n = 5 + big;
	memcpy(in + n, "\r\nNOOP\r\n", 8);
	n += 8;
	struct stream_case c = { "long command", false, 0, { NULL }, NULL,
		"C@0 USER\n"
		"  POP3_CMD_TOO_LONG@253\n"
		"C@65643 NOOP\n" };
	run_stream(&c, in, n, 0, false);

	/* server: a long status line; the next status is read */
	memcpy(in, "+OK\r\n+OK ", 9);
	memset(in + 9, 'b', big);
	n = 9 + big;
	memcpy(in + n, "\r\n+OK next\r\n", 12);
	n += 12;
	struct stream_case s = { "long status", true, 0, { NULL }, NULL,
		"G@0 +OK []\n"
		"S@5 +OK [bbbbbbbbbbbbbbbb...506]\n"
		"  POP3_RESP_TOO_LONG@515\n"
		"S@65647 +OK [next]\n" };
	run_stream(&s, in, n, 0, false);

	/* server: a long +OK followed by a listing line: the tail of the
	 * long line was never seen, so it is single-line in every split */
	memcpy(in + 9 + big, "\r\nline\r\n.\r\n", 11);
	n = 9 + big + 11;
	struct stream_case s2 = { "long status, then text", true, 0, { NULL }, NULL,
		"G@0 +OK []\n"
		"S@5 +OK [bbbbbbbbbbbbbbbb...506]\n"
		"  POP3_RESP_TOO_LONG@515\n"
		"S@65647 BAD [line]\n"
		"  POP3_STATUS_INVALID@65647\n"
		"S@65653 BAD [.]\n"
		"  POP3_STATUS_INVALID@65653\n" };
	run_stream(&s2, in, n, 0, false);

	/* server: a long line inside a multi-line answer */
	memcpy(in, "+OK\r\n+OK\r\n", 10);
	memset(in + 10, 'c', big);
	n = 10 + big;
	memcpy(in + n, "\r\nend\r\n.\r\n", 10);
	n += 10;
	struct stream_case m = { "long content line", true, 0, { "RETR 1" }, NULL,
		"G@0 +OK []\n"
		"S@5 +OK [] multi for RETR\n"
		"L@10 [cccccccccccccccc...65536] for RETR\n"
		"L@65648 [end] for RETR\n"
		"E@65653 for RETR\n" };
	run_stream(&m, in, n, 0, false);

	/* lines over the RFC limits but within the hold: one diag each */
	memset(in, 'a', 300);
	memcpy(in, "USER ", 5);
	memcpy(in + 300, "\r\nNOOP\r\n", 8);
	struct stream_case c3 = { "300-octet command", false, 0, { NULL }, NULL,
		"C@0 USER [aaaaaaaaaaaaaaaa...295]\n"
		"  POP3_CMD_TOO_LONG@253\n"
		"  POP3_ARG_TOO_LONG@45\n"
		"C@302 NOOP\n" };
	run_stream(&c3, in, 308, 4096, true);
	memcpy(in, "+OK\r\n+OK ", 9);
	memset(in + 9, 'x', 600);
	memcpy(in + 609, "\r\n+OK\r\n", 7);
	struct stream_case s3 = { "604-octet status", true, 0, { NULL }, NULL,
		"G@0 +OK []\n"
		"S@5 +OK [xxxxxxxxxxxxxxxx...600]\n"
		"  POP3_RESP_TOO_LONG@515\n"
		"S@611 +OK []\n" };
	run_stream(&s3, in, 616, 4096, true);
	/* a SASL line over the hold */
	memcpy(in, "AUTH PLAIN\r\n", 12);
	memset(in + 12, 'A', big);
	memcpy(in + 12 + big, "\r\nNOOP\r\n", 8);
	struct stream_case a = { "long sasl line", false, 0, { NULL }, NULL,
		"C@0 AUTH [PLAIN]\n"
		"A@12 [AAAAAAAAAAAAAAAA...65536]\n"
		"  POP3_CMD_TOO_LONG@265\n"
		"C@65650 NOOP\n" };
	run_stream(&a, in, 12 + big + 8, 0, false);

	/* the tail of a long line is skipped, whatever it holds: TLS-like
	 * bytes in it start no TLS */
	memcpy(in, "USER ", 5);
	memset(in + 5, 'a', big);
	memcpy(in + 5 + MP_LINE_HOLD_MAX + 10, "\x16\x03\x01", 3);
	n = 5 + big;
	memcpy(in + n, "\r\nNOOP\r\n", 8);
	n += 8;
	struct stream_case t = { "long with tls tail", false, 0, { NULL }, NULL,
		"C@0 USER\n"
		"  POP3_CMD_TOO_LONG@253\n"
		"C@65643 NOOP\n" };
	run_stream(&t, in, n, 0, false);
	free(in);
}

static void test_expect_queue(void **state)
{
	(void)state;
	mp_pop3_reader r;
	mp_pop3_cmd c;
	mp_pop3_reader_init(&r, true, NULL);
	mp_pop3_cmd_parse(MP_LIT("NOOP"), 0, NULL, &c, NULL);
	for (int i = 0; i < MP_POP3_HINTS_MAX; i++)
		assert_int_equal(mp_pop3_reader_expect(&r, &c), MP_OK);
	assert_int_equal(mp_pop3_reader_expect(&r, &c), MP_NOSPACE);
	assert_int_equal(r.hint_n, MP_POP3_HINTS_MAX);
	/* a greeting takes no hint; each status takes one, in order */
	const uint8_t in[] = "+OK\r\n+OK\r\n+OK\r\n";
	mp_pop3_event ev;
	size_t used, pos = 0;
	assert_int_equal(mp_pop3_next(&r, in, 15, true, &ev, &used, NULL), MP_OK);
	assert_int_equal(ev.kind, MP_POP3_EV_GREETING);
	pos += used;
	assert_int_equal(mp_pop3_next(&r, in + pos, 15 - pos, true, &ev, &used, NULL), MP_OK);
	assert_int_equal(ev.kind, MP_POP3_EV_STATUS);
	assert_int_equal(ev.answers, MP_POP3_NOOP);
	assert_int_equal(r.hint_n, MP_POP3_HINTS_MAX - 1);
	assert_int_equal(mp_pop3_reader_expect(&r, &c), MP_OK);
	assert_int_equal(mp_pop3_reader_expect(&r, &c), MP_NOSPACE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmd_parse),
		cmocka_unit_test(test_cmd_limits),
		cmocka_unit_test(test_resp_parse),
		cmocka_unit_test(test_resp_limits),
		cmocka_unit_test(test_scan_parse),
		cmocka_unit_test(test_uidl_parse),
		cmocka_unit_test(test_capa_parse),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_multiline),
		cmocka_unit_test(test_cmd_write),
		cmocka_unit_test(test_resp_write),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_streams),
		cmocka_unit_test(test_stream_long),
		cmocka_unit_test(test_expect_queue),
	};
	return cmocka_run_group_tests_name("pop3", tests, NULL, NULL);
}
