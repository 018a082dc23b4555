/* test_smtp.c: the SMTP grammar: commands with paths, address literals
 * and ESMTP parameters (RFC 5321 4.1, 4.5.3.1; RFC 1870, 3030, 3461,
 * 4954, 6152, 6531), replies with enhanced status codes (RFC 5321 4.2,
 * RFC 3463, RFC 2034), EHLO capabilities, printers and JSON, and the
 * incremental readers of both sides, each stream fed whole, byte by byte
 * and split at every offset. Every diag is checked with its rule and its
 * stream offset, from a base offset that is not 0. */
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
#include "mailprobe/smtp.h"

#define DV 64
#define BASE 1000 /* a stream offset: diags must carry it */

/* "RULE@rel RULE@rel" of d->v[from..n), rel = offset - BASE. */
static void fmt_diags(const mp_diags *d, size_t from, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = from; i < d->n && n < cap; i++) {
		int k = snprintf(out + n, cap - n, "%s%s@%lld", n ? " " : "",
				 mp_rule_name(d->v[i].rule),
				 (long long)(d->v[i].offset - BASE));
		if (k < 0)
			break;
		n += (size_t)k;
	}
	if (d->dropped && n < cap)
		snprintf(out + n, cap - n, " +%zu dropped", d->dropped);
}

/* Every failing case is printed; the test fails at its end, so one run
 * shows them all. */
static int nfail;
static int ncases; /* asserting cases run, for the summary */
#define BAD_CASE(...) \
	do { \
		print_error(__VA_ARGS__); \
		print_error("\n"); \
		nfail++; \
	} while (0)

static void cases_done(void)
{
	int n = nfail;
	nfail = 0;
	if (n)
		fail_msg("%d case(s) failed", n);
}

static const char *const kind_names[] = {
	"?", "", "", "", "", "", "", "", "",
};

/* One line of text naming what the parse found: the verb, then the
 * fields that matter for it. */
static void render_cmd(mpt_log *l, const mp_smtp_cmd *c)
{
	if (c->verb == MP_SMTP_UNKNOWN) {
		mpt_log_printf(l, "?");
		mpt_log_bytes(l, c->keyword.p, c->keyword.n);
	} else {
		mpt_log_printf(l, "%s", mp_smtp_verb_name(c->verb));
	}
	switch (c->verb) {
	case MP_SMTP_HELO:
	case MP_SMTP_EHLO:
		mpt_log_printf(l, " host=");
		mpt_log_bytes(l, c->host.p, c->host.n);
		mpt_log_printf(l, "/%s", mp_smtp_host_name(c->host_kind));
		break;
	case MP_SMTP_MAIL:
	case MP_SMTP_RCPT: {
		const mp_smtp_path *p = &c->path;
		mpt_log_printf(l, " path=");
		mpt_log_bytes(l, p->raw.p, p->raw.n);
		if (p->route.n) {
			mpt_log_printf(l, " route=");
			mpt_log_bytes(l, p->route.p, p->route.n);
		}
		if (p->local.n) {
			mpt_log_printf(l, " local=");
			mpt_log_bytes(l, p->local.p, p->local.n);
		}
		if (p->domain.n || p->host != MP_SMTP_HOST_NONE) {
			mpt_log_printf(l, " domain=");
			mpt_log_bytes(l, p->domain.p, p->domain.n);
			mpt_log_printf(l, "/%s", mp_smtp_host_name(p->host));
		}
		mpt_log_printf(l, "%s%s%s%s", p->null_path ? " null" : "",
			       p->postmaster ? " postmaster" : "",
			       p->quoted ? " quoted" : "", p->utf8 ? " utf8" : "");
		for (size_t i = 0; i < c->nparams; i++) {
			const mp_smtp_param *q = &c->params[i];
			mpt_log_printf(l, " ");
			mpt_log_bytes(l, q->keyword.p, q->keyword.n);
			if (q->has_value) {
				mpt_log_printf(l, "=");
				mpt_log_bytes(l, q->value.p, q->value.n);
			}
			if ((unsigned)q->kind < MP_ARRAY_LEN(kind_names))
				mpt_log_printf(l, "%s", kind_names[q->kind]);
			if (q->kind == MP_SMTP_P_SIZE)
				mpt_log_printf(l, "#%llu", (unsigned long long)q->num);
		}
		break;
	}
	case MP_SMTP_BDAT:
		mpt_log_printf(l, " chunk=%llu%s", (unsigned long long)c->chunk,
			       c->last ? " LAST" : "");
		break;
	case MP_SMTP_AUTH:
		mpt_log_printf(l, " mech=");
		mpt_log_bytes(l, c->mech.p, c->mech.n);
		if (c->has_initial) {
			mpt_log_printf(l, " ir=");
			mpt_log_bytes(l, c->initial.p, c->initial.n);
		}
		break;
	default:
		if (c->arg.n) {
			mpt_log_printf(l, " arg=");
			mpt_log_bytes(l, c->arg.p, c->arg.n);
		}
		break;
	}
}

/* ---- mp_smtp_cmd_parse ------------------------------------------------- */

struct cmd_case {
	const char *in;
	unsigned flags;
	mp_rc rc;
	const char *want;  /* render_cmd */
	const char *diags; /* offsets from BASE */
};

#define LENI MP_SMTP_LENIENT
#define U8 MP_SMTP_UTF8
#define OK MP_OK
#define BAD MP_INVALID

static const struct cmd_case cmd_cases[] = {
	/* every verb (RFC 5321 4.1.1) */
	{ "HELO example.com", 0, OK, "HELO host=example.com/domain", "" },
	{ "EHLO example.com", 0, OK, "EHLO host=example.com/domain", "" },
	{ "MAIL FROM:<a@b.example>", 0, OK, "MAIL path=<a@b.example> local=a domain=b.example/domain", "" },
	{ "RCPT TO:<a@b.example>", 0, OK, "RCPT path=<a@b.example> local=a domain=b.example/domain", "" },
	{ "DATA", 0, OK, "DATA", "" },
	{ "BDAT 1000", 0, OK, "BDAT chunk=1000", "" },
	{ "RSET", 0, OK, "RSET", "" },
	{ "VRFY Smith", 0, OK, "VRFY arg=Smith", "" },
	{ "EXPN Example-People", 0, OK, "EXPN arg=Example-People", "" },
	{ "HELP", 0, OK, "HELP", "" },
	{ "HELP MAIL", 0, OK, "HELP arg=MAIL", "" },
	{ "NOOP", 0, OK, "NOOP", "" },
	{ "NOOP anything at all", 0, OK, "NOOP arg=anything at all", "" },
	{ "QUIT", 0, OK, "QUIT", "" },
	{ "STARTTLS", 0, OK, "STARTTLS", "" },
	{ "AUTH PLAIN", 0, OK, "AUTH mech=PLAIN", "" },
	/* unknown but well-formed verbs: a NOTE, MP_OK */
	{ "XCLIENT ADDR=192.0.2.1", 0, OK, "?XCLIENT arg=ADDR=192.0.2.1", "SMTP_CMD_UNKNOWN@0" },
	{ "ETRN example.com", 0, OK, "?ETRN arg=example.com", "SMTP_CMD_UNKNOWN@0" },
	{ "TURN", 0, OK, "?TURN", "SMTP_CMD_UNKNOWN@0" },
	{ "xfoo bar", 0, OK, "?xfoo arg=bar", "SMTP_CMD_UNKNOWN@0" },
	/* verbs that are not alphabetic */
	{ "X-FOO", 0, BAD, "?X-FOO", "SMTP_VERB_SYNTAX@0" },
	{ "MAIL1 FROM:<a@b>", 0, BAD, "?MAIL1", "SMTP_VERB_SYNTAX@0" },
	{ "", 0, BAD, "?", "SMTP_VERB_SYNTAX@0" },
	{ " QUIT", 0, BAD, "?", "SMTP_VERB_SYNTAX@0" },
	{ "QU\xc3\x8fT", 0, BAD, "?QU\\xc3\\x8fT", "SMTP_VERB_SYNTAX@0" },
	{ "MAIL\tFROM:<a@b>", 0, BAD, "?MAIL\\x09FROM:<a@b>", "SMTP_VERB_SYNTAX@0" },
	/* verbs are case-insensitive (RFC 5321 2.4) */
	{ "quit", 0, OK, "QUIT", "" },
	{ "Mail From:<a@b>", 0, OK, "MAIL path=<a@b> local=a domain=b/domain", "" },
	{ "rcpt to:<A@B>", 0, OK, "RCPT path=<A@B> local=A domain=B/domain", "" },
	{ "StartTLS", 0, OK, "STARTTLS", "" },
	{ "ehlo x", 0, OK, "EHLO host=x/domain", "" },
	{ "bdat 5 last", 0, OK, "BDAT chunk=5 LAST", "" },
	{ "DaTa", 0, OK, "DATA", "" },
	/* RFC 5321 Appendix D.1, D.2, D.3, D.4 */
	{ "EHLO bar.com", 0, OK, "EHLO host=bar.com/domain", "" },
	{ "MAIL FROM:<Smith@bar.com>", 0, OK, "MAIL path=<Smith@bar.com> local=Smith domain=bar.com/domain", "" },
	{ "RCPT TO:<Jones@foo.com>", 0, OK, "RCPT path=<Jones@foo.com> local=Jones domain=foo.com/domain", "" },
	{ "RCPT TO:<Green@foo.com>", 0, OK, "RCPT path=<Green@foo.com> local=Green domain=foo.com/domain", "" },
	{ "RCPT TO:<Brown@foo.com>", 0, OK, "RCPT path=<Brown@foo.com> local=Brown domain=foo.com/domain", "" },
	{ "MAIL FROM:<JQP@bar.com>", 0, OK, "MAIL path=<JQP@bar.com> local=JQP domain=bar.com/domain", "" },
	{ "RCPT TO:<Jones@XYZ.COM>", 0, OK, "RCPT path=<Jones@XYZ.COM> local=Jones domain=XYZ.COM/domain", "" },
	{ "EHLO foo.com", 0, OK, "EHLO host=foo.com/domain", "" },
	{ "RCPT TO:<Jones@foo.com>", 0, OK, "RCPT path=<Jones@foo.com> local=Jones domain=foo.com/domain", "" },
	{ "VRFY Crispin", 0, OK, "VRFY arg=Crispin", "" },
	{ "EHLO xyz.com", 0, OK, "EHLO host=xyz.com/domain", "" },
	{ "RCPT TO:<Jones@XYZ.COM>", 0, OK, "RCPT path=<Jones@XYZ.COM> local=Jones domain=XYZ.COM/domain", "" },
	/* HELO takes a Domain only, EHLO an address literal too */
	{ "HELO [192.0.2.1]", 0, BAD, "HELO host=[192.0.2.1]/ipv4", "SMTP_HELO_DOMAIN@5" },
	{ "EHLO [192.0.2.1]", 0, OK, "EHLO host=[192.0.2.1]/ipv4", "" },
	{ "EHLO [IPv6:2001:db8::1]", 0, OK, "EHLO host=[IPv6:2001:db8::1]/ipv6", "" },
	{ "EHLO [300.0.2.1]", 0, BAD, "EHLO host=[300.0.2.1]/ipv4", "SMTP_IPV4_SYNTAX@6" },
	{ "EHLO -bad.example", 0, BAD, "EHLO host=-bad.example/none", "SMTP_DOMAIN_SYNTAX@5 SMTP_HELO_DOMAIN@5" },
	{ "EHLO bad_host", 0, BAD, "EHLO host=bad_host/none", "SMTP_DOMAIN_SYNTAX@5 SMTP_HELO_DOMAIN@5" },
	{ "EHLO", 0, BAD, "EHLO host=/none", "SMTP_ARG_MISSING@4" },
	{ "HELO", 0, BAD, "HELO host=/none", "SMTP_ARG_MISSING@4" },
	/* null and Postmaster paths */
	{ "MAIL FROM:<>", 0, OK, "MAIL path=<> null", "" },
	{ "RCPT TO:<Postmaster>", 0, OK, "RCPT path=<Postmaster> local=Postmaster postmaster", "" },
	{ "RCPT TO:<postmaster>", 0, OK, "RCPT path=<postmaster> local=postmaster postmaster", "" },
	{ "RCPT TO:<Postmaster@example.com>", 0, OK, "RCPT path=<Postmaster@example.com> local=Postmaster domain=example.com/domain", "" },
	{ "MAIL FROM:<Postmaster>", 0, BAD, "MAIL path=<Postmaster> local=Postmaster", "SMTP_PATH_SYNTAX@21" },
	{ "RCPT TO:<>", 0, BAD, "RCPT path=<> null", "SMTP_NULL_RCPT@8" },
	{ "MAIL FROM:<> SIZE=0", 0, OK, "MAIL path=<> null SIZE=0#0", "" },
	/* quoted local parts (RFC 5321 4.1.2 Quoted-string) */
	{ "MAIL FROM:<\"john doe\"@example.com>", 0, OK, "MAIL path=<\"john doe\"@example.com> local=\"john doe\" domain=example.com/domain quoted", "" },
	{ "MAIL FROM:<\"a\\\"b\"@x.example>", 0, OK, "MAIL path=<\"a\\\\\"b\"@x.example> local=\"a\\\\\"b\" domain=x.example/domain quoted", "" },
	{ "MAIL FROM:<\"a\\\\\"@x.example>", 0, OK, "MAIL path=<\"a\\\\\\\\\"@x.example> local=\"a\\\\\\\\\" domain=x.example/domain quoted", "" },
	{ "MAIL FROM:<\"a>b\"@x.example>", 0, OK, "MAIL path=<\"a>b\"@x.example> local=\"a>b\" domain=x.example/domain quoted", "" },
	{ "MAIL FROM:<\"a@b\"@x.example>", 0, OK, "MAIL path=<\"a@b\"@x.example> local=\"a@b\" domain=x.example/domain quoted", "" },
	{ "MAIL FROM:<\" \"@x.example>", 0, OK, "MAIL path=<\" \"@x.example> local=\" \" domain=x.example/domain quoted", "" },
	{ "MAIL FROM:<\"abc@example.com>", 0, BAD, "MAIL path=<\"abc@example.com>", "SMTP_PATH_SYNTAX@10" },
	{ "MAIL FROM:<\"a\x01" "b\"@x>", 0, BAD, "MAIL path=<\"a\\x01b\"@x> quoted", "SMTP_LOCAL_PART_SYNTAX@13" },
	{ "MAIL FROM:<\"a\\\x01\"@x>", 0, BAD, "MAIL path=<\"a\\\\\\x01\"@x> quoted", "SMTP_LOCAL_PART_SYNTAX@13" },
	{ "MAIL FROM:<\"ab\"c@x>", 0, BAD, "MAIL path=<\"ab\"c@x> local=\"ab\" quoted", "SMTP_PATH_SYNTAX@15" },
	/* Dot-string edges */
	{ "MAIL FROM:<a.b.c@x.example>", 0, OK, "MAIL path=<a.b.c@x.example> local=a.b.c domain=x.example/domain", "" },
	{ "MAIL FROM:<!#$%&'*+-/=?^_`{|}~@x>", 0, OK, "MAIL path=<!#$%&'*+-/=?^_`{|}~@x> local=!#$%&'*+-/=?^_`{|}~ domain=x/domain", "" },
	{ "MAIL FROM:<.a@x.example>", 0, BAD, "MAIL path=<.a@x.example>", "SMTP_LOCAL_PART_SYNTAX@11" },
	{ "MAIL FROM:<a.@x.example>", 0, BAD, "MAIL path=<a.@x.example>", "SMTP_LOCAL_PART_SYNTAX@13" },
	{ "MAIL FROM:<a..b@x.example>", 0, BAD, "MAIL path=<a..b@x.example>", "SMTP_LOCAL_PART_SYNTAX@13" },
	{ "MAIL FROM:<a b@x>", 0, BAD, "MAIL path=<a b@x>", "SMTP_LOCAL_PART_SYNTAX@12" },
	{ "MAIL FROM:<a(b)@x>", 0, BAD, "MAIL path=<a(b)@x>", "SMTP_LOCAL_PART_SYNTAX@12" },
	{ "MAIL FROM:<@x>", 0, BAD, "MAIL path=<@x> route=@x", "SMTP_SOURCE_ROUTE@11 SMTP_PATH_SYNTAX@11" },
	{ "MAIL FROM:<a>", 0, BAD, "MAIL path=<a> local=a", "SMTP_PATH_SYNTAX@12" },
	{ "MAIL FROM:<a@b", 0, BAD, "MAIL path=<a@b", "SMTP_PATH_SYNTAX@10" },
	{ "MAIL FROM:<a@b>x", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain", "SMTP_PATH_SYNTAX@15" },
	/* source routes (RFC 5321 4.1.2 A-d-l, Appendix C) */
	{ "MAIL FROM:<@a,@b:u@c>", 0, BAD, "MAIL path=<@a,@b:u@c> route=@a,@b local=u domain=c/domain", "SMTP_SOURCE_ROUTE@11" },
	{ "RCPT TO:<@hosta.int,@jkl.org:userc@d.bar.org>", 0, BAD, "RCPT path=<@hosta.int,@jkl.org:userc@d.bar.org> route=@hosta.int,@jkl.org local=userc domain=d.bar.org/domain", "SMTP_SOURCE_ROUTE@9" },
	{ "MAIL FROM:<@a:u@c>", 0, BAD, "MAIL path=<@a:u@c> route=@a local=u domain=c/domain", "SMTP_SOURCE_ROUTE@11" },
	{ "MAIL FROM:<@a,b:u@c>", 0, BAD, "MAIL path=<@a,b:u@c> route=@a,b", "SMTP_SOURCE_ROUTE@11 SMTP_DOMAIN_SYNTAX@14" },
	{ "MAIL FROM:<@-a:u@c>", 0, BAD, "MAIL path=<@-a:u@c> route=@-a", "SMTP_SOURCE_ROUTE@11 SMTP_DOMAIN_SYNTAX@11" },
	{ "MAIL FROM:<@a,@:u@c>", 0, BAD, "MAIL path=<@a,@:u@c> route=@a,@", "SMTP_SOURCE_ROUTE@11 SMTP_DOMAIN_SYNTAX@14" },
	/* domains (RFC 5321 4.1.2 Domain, sub-domain, Ldh-str) */
	{ "RCPT TO:<a@mail-1.ex-am--ple.com>", 0, OK, "RCPT path=<a@mail-1.ex-am--ple.com> local=a domain=mail-1.ex-am--ple.com/domain", "" },
	{ "RCPT TO:<a@123.example>", 0, OK, "RCPT path=<a@123.example> local=a domain=123.example/domain", "" },
	{ "RCPT TO:<a@-x.example>", 0, BAD, "RCPT path=<a@-x.example> local=a domain=-x.example/none", "SMTP_DOMAIN_SYNTAX@11" },
	{ "RCPT TO:<a@x-.example>", 0, BAD, "RCPT path=<a@x-.example> local=a domain=x-.example/none", "SMTP_DOMAIN_SYNTAX@11" },
	{ "RCPT TO:<a@x.example->", 0, BAD, "RCPT path=<a@x.example-> local=a domain=x.example-/none", "SMTP_DOMAIN_SYNTAX@11" },
	{ "RCPT TO:<a@x.example.>", 0, BAD, "RCPT path=<a@x.example.> local=a domain=x.example./none", "SMTP_DOMAIN_SYNTAX@11" },
	{ "RCPT TO:<a@.x.example>", 0, BAD, "RCPT path=<a@.x.example> local=a domain=.x.example/none", "SMTP_DOMAIN_SYNTAX@11" },
	{ "RCPT TO:<a@x..example>", 0, BAD, "RCPT path=<a@x..example> local=a domain=x..example/none", "SMTP_DOMAIN_SYNTAX@11" },
	{ "RCPT TO:<a@x_y.example>", 0, BAD, "RCPT path=<a@x_y.example> local=a domain=x_y.example/none", "SMTP_DOMAIN_SYNTAX@11" },
	{ "RCPT TO:<a@>", 0, BAD, "RCPT path=<a@> local=a", "SMTP_DOMAIN_SYNTAX@11" },
	/* address literals (RFC 5321 4.1.3) */
	{ "RCPT TO:<a@[192.0.2.1]>", 0, OK, "RCPT path=<a@[192.0.2.1]> local=a domain=[192.0.2.1]/ipv4", "" },
	{ "RCPT TO:<a@[0.0.0.0]>", 0, OK, "RCPT path=<a@[0.0.0.0]> local=a domain=[0.0.0.0]/ipv4", "" },
	{ "RCPT TO:<a@[255.255.255.255]>", 0, OK, "RCPT path=<a@[255.255.255.255]> local=a domain=[255.255.255.255]/ipv4", "" },
	{ "RCPT TO:<a@[256.1.1.1]>", 0, BAD, "RCPT path=<a@[256.1.1.1]> local=a domain=[256.1.1.1]/ipv4", "SMTP_IPV4_SYNTAX@12" },
	{ "RCPT TO:<a@[1.2.3]>", 0, BAD, "RCPT path=<a@[1.2.3]> local=a domain=[1.2.3]/ipv4", "SMTP_IPV4_SYNTAX@12" },
	{ "RCPT TO:<a@[1.2.3.4.5]>", 0, BAD, "RCPT path=<a@[1.2.3.4.5]> local=a domain=[1.2.3.4.5]/ipv4", "SMTP_IPV4_SYNTAX@12" },
	{ "RCPT TO:<a@[1.2.3.0004]>", 0, BAD, "RCPT path=<a@[1.2.3.0004]> local=a domain=[1.2.3.0004]/ipv4", "SMTP_IPV4_SYNTAX@12" },
	{ "RCPT TO:<a@[1..2.3]>", 0, BAD, "RCPT path=<a@[1..2.3]> local=a domain=[1..2.3]/ipv4", "SMTP_IPV4_SYNTAX@12" },
	{ "RCPT TO:<a@[]>", 0, BAD, "RCPT path=<a@[]> local=a domain=[]/ipv4", "SMTP_IPV4_SYNTAX@12" },
	{ "RCPT TO:<a@[192.0.2.1>", 0, BAD, "RCPT path=<a@[192.0.2.1> local=a domain=[192.0.2.1/none", "SMTP_ADDR_LITERAL_SYNTAX@11" },
	{ "RCPT TO:<a@[IPv6:2001:db8::1]>", 0, OK, "RCPT path=<a@[IPv6:2001:db8::1]> local=a domain=[IPv6:2001:db8::1]/ipv6", "" },
	{ "RCPT TO:<a@[IPv6:::1]>", 0, OK, "RCPT path=<a@[IPv6:::1]> local=a domain=[IPv6:::1]/ipv6", "" },
	{ "RCPT TO:<a@[IPv6:::]>", 0, OK, "RCPT path=<a@[IPv6:::]> local=a domain=[IPv6:::]/ipv6", "" },
	{ "RCPT TO:<a@[IPv6:1::]>", 0, OK, "RCPT path=<a@[IPv6:1::]> local=a domain=[IPv6:1::]/ipv6", "" },
	{ "RCPT TO:<a@[ipv6:AbCd::eF01]>", 0, OK, "RCPT path=<a@[ipv6:AbCd::eF01]> local=a domain=[ipv6:AbCd::eF01]/ipv6", "" },
	{ "RCPT TO:<a@[IPv6:1:2:3:4:5:6:7:8]>", 0, OK, "RCPT path=<a@[IPv6:1:2:3:4:5:6:7:8]> local=a domain=[IPv6:1:2:3:4:5:6:7:8]/ipv6", "" },
	{ "RCPT TO:<a@[IPv6:1:2:3:4:5:6:7:8:9]>", 0, BAD, "RCPT path=<a@[IPv6:1:2:3:4:5:6:7:8:9]> local=a domain=[IPv6:1:2:3:4:5:6:7:8:9]/ipv6", "SMTP_IPV6_SYNTAX@17" },
	{ "RCPT TO:<a@[IPv6:1:2:3:4:5:6:7]>", 0, BAD, "RCPT path=<a@[IPv6:1:2:3:4:5:6:7]> local=a domain=[IPv6:1:2:3:4:5:6:7]/ipv6", "SMTP_IPV6_SYNTAX@17" },
	{ "RCPT TO:<a@[IPv6:1::2::3]>", 0, BAD, "RCPT path=<a@[IPv6:1::2::3]> local=a domain=[IPv6:1::2::3]/ipv6", "SMTP_IPV6_SYNTAX@17" },
	{ "RCPT TO:<a@[IPv6:1:2:3:4:5:6:7::]>", 0, BAD, "RCPT path=<a@[IPv6:1:2:3:4:5:6:7::]> local=a domain=[IPv6:1:2:3:4:5:6:7::]/ipv6", "SMTP_IPV6_SYNTAX@17" },
	{ "RCPT TO:<a@[IPv6:1:2:3:4:5:6::]>", 0, OK, "RCPT path=<a@[IPv6:1:2:3:4:5:6::]> local=a domain=[IPv6:1:2:3:4:5:6::]/ipv6", "" },
	{ "RCPT TO:<a@[IPv6:12345::1]>", 0, BAD, "RCPT path=<a@[IPv6:12345::1]> local=a domain=[IPv6:12345::1]/ipv6", "SMTP_IPV6_SYNTAX@17" },
	{ "RCPT TO:<a@[IPv6:1:2:]>", 0, BAD, "RCPT path=<a@[IPv6:1:2:]> local=a domain=[IPv6:1:2:]/ipv6", "SMTP_IPV6_SYNTAX@17" },
	{ "RCPT TO:<a@[IPv6::1:2]>", 0, BAD, "RCPT path=<a@[IPv6::1:2]> local=a domain=[IPv6::1:2]/ipv6", "SMTP_IPV6_SYNTAX@17" },
	{ "RCPT TO:<a@[IPv6:::1:g]>", 0, BAD, "RCPT path=<a@[IPv6:::1:g]> local=a domain=[IPv6:::1:g]/ipv6", "SMTP_IPV6_SYNTAX@17" },
	{ "RCPT TO:<a@[IPv6:]>", 0, BAD, "RCPT path=<a@[IPv6:]> local=a domain=[IPv6:]/ipv6", "SMTP_IPV6_SYNTAX@17" },
	{ "RCPT TO:<a@[IPv6:::ffff:192.0.2.1]>", 0, OK, "RCPT path=<a@[IPv6:::ffff:192.0.2.1]> local=a domain=[IPv6:::ffff:192.0.2.1]/ipv6", "" },
	{ "RCPT TO:<a@[IPv6:::192.0.2.1]>", 0, OK, "RCPT path=<a@[IPv6:::192.0.2.1]> local=a domain=[IPv6:::192.0.2.1]/ipv6", "" },
	{ "RCPT TO:<a@[IPv6:1:2:3:4:5:6:192.0.2.1]>", 0, OK, "RCPT path=<a@[IPv6:1:2:3:4:5:6:192.0.2.1]> local=a domain=[IPv6:1:2:3:4:5:6:192.0.2.1]/ipv6", "" },
	{ "RCPT TO:<a@[IPv6:1:2:3:4:5:192.0.2.1]>", 0, BAD, "RCPT path=<a@[IPv6:1:2:3:4:5:192.0.2.1]> local=a domain=[IPv6:1:2:3:4:5:192.0.2.1]/ipv6", "SMTP_IPV6_SYNTAX@17" },
	{ "RCPT TO:<a@[IPv6:1:2:3:4::192.0.2.1]>", 0, OK, "RCPT path=<a@[IPv6:1:2:3:4::192.0.2.1]> local=a domain=[IPv6:1:2:3:4::192.0.2.1]/ipv6", "" },
	{ "RCPT TO:<a@[IPv6:1:2:3:4:5::192.0.2.1]>", 0, BAD, "RCPT path=<a@[IPv6:1:2:3:4:5::192.0.2.1]> local=a domain=[IPv6:1:2:3:4:5::192.0.2.1]/ipv6", "SMTP_IPV6_SYNTAX@17" },
	{ "RCPT TO:<a@[IPv6:::ffff:192.0.2.256]>", 0, BAD, "RCPT path=<a@[IPv6:::ffff:192.0.2.256]> local=a domain=[IPv6:::ffff:192.0.2.256]/ipv6", "SMTP_IPV6_SYNTAX@17" },
	{ "RCPT TO:<a@[IPv6:::ffff:192.0.2.1:1]>", 0, BAD, "RCPT path=<a@[IPv6:::ffff:192.0.2.1:1]> local=a domain=[IPv6:::ffff:192.0.2.1:1]/ipv6", "SMTP_IPV6_SYNTAX@17" },
	{ "RCPT TO:<a@[x-tag:abc]>", 0, OK, "RCPT path=<a@[x-tag:abc]> local=a domain=[x-tag:abc]/general", "" },
	{ "RCPT TO:<a@[X400:c=us;a=x]>", 0, OK, "RCPT path=<a@[X400:c=us;a=x]> local=a domain=[X400:c=us;a=x]/general", "" },
	/* Standardized-tag = Ldh-str, which may start with "-" */
	{ "RCPT TO:<a@[-x:abc]>", 0, OK, "RCPT path=<a@[-x:abc]> local=a domain=[-x:abc]/general", "" },
	{ "RCPT TO:<a@[x-:abc]>", 0, BAD, "RCPT path=<a@[x-:abc]> local=a domain=[x-:abc]/general", "SMTP_ADDR_LITERAL_SYNTAX@12" },
	{ "RCPT TO:<a@[x:]>", 0, BAD, "RCPT path=<a@[x:]> local=a domain=[x:]/general", "SMTP_ADDR_LITERAL_SYNTAX@12" },
	{ "RCPT TO:<a@[x:a b]>", 0, BAD, "RCPT path=<a@[x:a b]> local=a domain=[x:a b]/general", "SMTP_ADDR_LITERAL_SYNTAX@12" },
	{ "RCPT TO:<a@[x:a\\b]>", 0, BAD, "RCPT path=<a@[x:a\\\\b]> local=a domain=[x:a\\\\b]/general", "SMTP_ADDR_LITERAL_SYNTAX@12" },
	{ "RCPT TO:<a@[:abc]>", 0, BAD, "RCPT path=<a@[:abc]> local=a domain=[:abc]/general", "SMTP_ADDR_LITERAL_SYNTAX@12" },
	/* UTF-8 in addresses (RFC 6531 3.3, 3.4) */
	{ "MAIL FROM:<j\xc3\xbcrgen@example.com>", 0, BAD, "MAIL path=<j\\xc3\\xbcrgen@example.com> local=j\\xc3\\xbcrgen domain=example.com/domain utf8", "SMTP_UTF8_NOT_ALLOWED@12" },
	{ "MAIL FROM:<j\xc3\xbcrgen@example.com> SMTPUTF8", 0, OK, "MAIL path=<j\\xc3\\xbcrgen@example.com> local=j\\xc3\\xbcrgen domain=example.com/domain utf8 SMTPUTF8", "" },
	{ "MAIL FROM:<j\xc3\xbcrgen@example.com> BODY=8BITMIME SMTPUTF8", 0, OK, "MAIL path=<j\\xc3\\xbcrgen@example.com> local=j\\xc3\\xbcrgen domain=example.com/domain utf8 BODY=8BITMIME SMTPUTF8", "" },
	{ "MAIL FROM:<j\xc3\xbcrgen@example.com>", U8, OK, "MAIL path=<j\\xc3\\xbcrgen@example.com> local=j\\xc3\\xbcrgen domain=example.com/domain utf8", "" },
	{ "RCPT TO:<a@b\xc3\xbc" "cher.example>", 0, BAD, "RCPT path=<a@b\\xc3\\xbccher.example> local=a domain=b\\xc3\\xbccher.example/domain utf8", "SMTP_UTF8_NOT_ALLOWED@12" },
	{ "RCPT TO:<a@b\xc3\xbc" "cher.example>", U8, OK, "RCPT path=<a@b\\xc3\\xbccher.example> local=a domain=b\\xc3\\xbccher.example/domain utf8", "" },
	{ "RCPT TO:<\xe7\x94\xb0\xe4\xb8\xad@\xe4\xbe\x8b.example>", U8, OK, "RCPT path=<\\xe7\\x94\\xb0\\xe4\\xb8\\xad@\\xe4\\xbe\\x8b.example> local=\\xe7\\x94\\xb0\\xe4\\xb8\\xad domain=\\xe4\\xbe\\x8b.example/domain utf8", "" },
	{ "MAIL FROM:<\"j\xc3\xbc\"@x.example> SMTPUTF8", 0, OK, "MAIL path=<\"j\\xc3\\xbc\"@x.example> local=\"j\\xc3\\xbc\" domain=x.example/domain quoted utf8 SMTPUTF8", "" },
	{ "MAIL FROM:<\"j\xc3\xbc\"@x.example>", 0, BAD, "MAIL path=<\"j\\xc3\\xbc\"@x.example> local=\"j\\xc3\\xbc\" domain=x.example/domain quoted utf8", "SMTP_UTF8_NOT_ALLOWED@13" },
	{ "MAIL FROM:<j\xffrgen@example.com> SMTPUTF8", 0, BAD, "MAIL path=<j\\xffrgen@example.com> SMTPUTF8", "SMTP_UTF8_INVALID@12" },
	{ "MAIL FROM:<j\xc3rgen@example.com>", U8, BAD, "MAIL path=<j\\xc3rgen@example.com>", "SMTP_UTF8_INVALID@12" },
	{ "MAIL FROM:<j\xc0\xafrgen@example.com>", U8, BAD, "MAIL path=<j\\xc0\\xafrgen@example.com>", "SMTP_UTF8_INVALID@12" },
	{ "RCPT TO:<a@b\xc3.example>", U8, BAD, "RCPT path=<a@b\\xc3.example> local=a domain=b\\xc3.example/none", "SMTP_UTF8_INVALID@12 SMTP_DOMAIN_SYNTAX@11" },
	{ "MAIL FROM:<\"j\xed\xa0\x80\"@x.example>", U8, BAD, "MAIL path=<\"j\\xed\\xa0\\x80\"@x.example> quoted", "SMTP_UTF8_INVALID@13" },
	{ "EHLO b\xc3\xbc" "cher.example", 0, BAD, "EHLO host=b\\xc3\\xbccher.example/domain", "SMTP_UTF8_NOT_ALLOWED@6" },
	{ "EHLO b\xc3\xbc" "cher.example", U8, OK, "EHLO host=b\\xc3\\xbccher.example/domain", "" },
	/* ESMTP parameters: SIZE (RFC 1870 3) */
	{ "MAIL FROM:<a@b> SIZE=1000", 0, OK, "MAIL path=<a@b> local=a domain=b/domain SIZE=1000#1000", "" },
	{ "MAIL FROM:<a@b> SIZE=18446744073709551615", 0, OK, "MAIL path=<a@b> local=a domain=b/domain SIZE=18446744073709551615#18446744073709551615", "" },
	{ "MAIL FROM:<a@b> SIZE=10x", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain SIZE=10x#0", "SMTP_PARAM_SIZE@21" },
	{ "MAIL FROM:<a@b> SIZE=-1", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain SIZE=-1#0", "SMTP_PARAM_SIZE@21" },
	{ "MAIL FROM:<a@b> SIZE=123456789012345678901", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain SIZE=123456789012345678901#0", "SMTP_PARAM_SIZE@21" },
	{ "MAIL FROM:<a@b> SIZE", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain SIZE#0", "SMTP_PARAM_SIZE@16" },
	{ "MAIL FROM:<a@b> size=7", 0, OK, "MAIL path=<a@b> local=a domain=b/domain size=7#7", "" },
	/* BODY (RFC 6152 2, RFC 3030 3) */
	{ "MAIL FROM:<a@b> BODY=7BIT", 0, OK, "MAIL path=<a@b> local=a domain=b/domain BODY=7BIT", "" },
	{ "MAIL FROM:<a@b> BODY=8BITMIME", 0, OK, "MAIL path=<a@b> local=a domain=b/domain BODY=8BITMIME", "" },
	{ "MAIL FROM:<a@b> BODY=BINARYMIME", 0, OK, "MAIL path=<a@b> local=a domain=b/domain BODY=BINARYMIME", "" },
	{ "MAIL FROM:<a@b> body=8bitmime", 0, OK, "MAIL path=<a@b> local=a domain=b/domain body=8bitmime", "" },
	{ "MAIL FROM:<a@b> BODY=8BIT", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain BODY=8BIT", "SMTP_PARAM_BODY@21" },
	{ "MAIL FROM:<a@b> BODY", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain BODY", "SMTP_PARAM_BODY@16" },
	/* SMTPUTF8 (RFC 6531 3.4) */
	{ "MAIL FROM:<a@b> SMTPUTF8", 0, OK, "MAIL path=<a@b> local=a domain=b/domain SMTPUTF8", "" },
	{ "MAIL FROM:<a@b> SMTPUTF8=yes", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain SMTPUTF8=yes", "SMTP_PARAM_SMTPUTF8@25" },
	/* AUTH= (RFC 4954 5) with xtext (RFC 3461 4) */
	{ "MAIL FROM:<a@b> AUTH=<>", 0, OK, "MAIL path=<a@b> local=a domain=b/domain AUTH=<>", "" },
	{ "MAIL FROM:<a@b> AUTH=e+3Dmc2@example.com", 0, OK, "MAIL path=<a@b> local=a domain=b/domain AUTH=e+3Dmc2@example.com", "" },
	{ "MAIL FROM:<a@b> AUTH=joe+2Bx", 0, OK, "MAIL path=<a@b> local=a domain=b/domain AUTH=joe+2Bx", "" },
	{ "MAIL FROM:<a@b> AUTH=joe+2bx", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain AUTH=joe+2bx", "SMTP_PARAM_AUTH@21" },
	{ "MAIL FROM:<a@b> AUTH=joe+ZZ", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain AUTH=joe+ZZ", "SMTP_PARAM_AUTH@21" },
	{ "MAIL FROM:<a@b> AUTH=joe+2", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain AUTH=joe+2", "SMTP_PARAM_AUTH@21" },
	{ "MAIL FROM:<a@b> AUTH=joe+", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain AUTH=joe+", "SMTP_PARAM_AUTH@21" },
	{ "MAIL FROM:<a@b> AUTH", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain AUTH", "SMTP_PARAM_AUTH@16" },
	/* RET and ENVID (RFC 3461 4.3, 4.4) */
	{ "MAIL FROM:<a@b> RET=FULL", 0, OK, "MAIL path=<a@b> local=a domain=b/domain RET=FULL", "" },
	{ "MAIL FROM:<a@b> RET=HDRS", 0, OK, "MAIL path=<a@b> local=a domain=b/domain RET=HDRS", "" },
	{ "MAIL FROM:<a@b> ret=hdrs", 0, OK, "MAIL path=<a@b> local=a domain=b/domain ret=hdrs", "" },
	{ "MAIL FROM:<a@b> RET=ALL", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain RET=ALL", "SMTP_PARAM_RET@20" },
	{ "MAIL FROM:<a@b> RET", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain RET", "SMTP_PARAM_RET@16" },
	{ "MAIL FROM:<a@b> ENVID=QQ314159", 0, OK, "MAIL path=<a@b> local=a domain=b/domain ENVID=QQ314159", "" },
	{ "MAIL FROM:<a@b> ENVID=a+2Bb+3D", 0, OK, "MAIL path=<a@b> local=a domain=b/domain ENVID=a+2Bb+3D", "" },
	{ "MAIL FROM:<a@b> ENVID=a+zz", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain ENVID=a+zz", "SMTP_PARAM_ENVID@22" },
	{ "MAIL FROM:<a@b> ENVID", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain ENVID", "SMTP_PARAM_ENVID@16" },
	{ "MAIL FROM:<a@b> SIZE=100 BODY=8BITMIME RET=HDRS ENVID=QQ314159 AUTH=<>", 0, OK, "MAIL path=<a@b> local=a domain=b/domain SIZE=100#100 BODY=8BITMIME RET=HDRS ENVID=QQ314159 AUTH=<>", "" },
	/* NOTIFY and ORCPT (RFC 3461 4.1, 4.2) */
	{ "RCPT TO:<a@b> NOTIFY=NEVER", 0, OK, "RCPT path=<a@b> local=a domain=b/domain NOTIFY=NEVER", "" },
	{ "RCPT TO:<a@b> NOTIFY=SUCCESS,FAILURE,DELAY", 0, OK, "RCPT path=<a@b> local=a domain=b/domain NOTIFY=SUCCESS,FAILURE,DELAY", "" },
	{ "RCPT TO:<a@b> NOTIFY=delay,success", 0, OK, "RCPT path=<a@b> local=a domain=b/domain NOTIFY=delay,success", "" },
	{ "RCPT TO:<a@b> NOTIFY=FAILURE", 0, OK, "RCPT path=<a@b> local=a domain=b/domain NOTIFY=FAILURE", "" },
	{ "RCPT TO:<a@b> NOTIFY=NEVER,SUCCESS", 0, BAD, "RCPT path=<a@b> local=a domain=b/domain NOTIFY=NEVER,SUCCESS", "SMTP_PARAM_NOTIFY@21" },
	{ "RCPT TO:<a@b> NOTIFY=SUCCESS,SUCCESS", 0, BAD, "RCPT path=<a@b> local=a domain=b/domain NOTIFY=SUCCESS,SUCCESS", "SMTP_PARAM_NOTIFY@21" },
	{ "RCPT TO:<a@b> NOTIFY=SUCCESS,", 0, BAD, "RCPT path=<a@b> local=a domain=b/domain NOTIFY=SUCCESS,", "SMTP_PARAM_NOTIFY@21" },
	{ "RCPT TO:<a@b> NOTIFY=ALWAYS", 0, BAD, "RCPT path=<a@b> local=a domain=b/domain NOTIFY=ALWAYS", "SMTP_PARAM_NOTIFY@21" },
	{ "RCPT TO:<a@b> NOTIFY", 0, BAD, "RCPT path=<a@b> local=a domain=b/domain NOTIFY", "SMTP_PARAM_NOTIFY@14" },
	{ "RCPT TO:<a@b> ORCPT=rfc822;a+40b", 0, OK, "RCPT path=<a@b> local=a domain=b/domain ORCPT=rfc822;a+40b", "" },
	{ "RCPT TO:<a@b> NOTIFY=SUCCESS ORCPT=rfc822;Bob@Example.COM", 0, OK, "RCPT path=<a@b> local=a domain=b/domain NOTIFY=SUCCESS ORCPT=rfc822;Bob@Example.COM", "" },
	{ "RCPT TO:<a@b> ORCPT=rfc822", 0, BAD, "RCPT path=<a@b> local=a domain=b/domain ORCPT=rfc822", "SMTP_PARAM_ORCPT@20" },
	{ "RCPT TO:<a@b> ORCPT=;a", 0, BAD, "RCPT path=<a@b> local=a domain=b/domain ORCPT=;a", "SMTP_PARAM_ORCPT@20" },
	{ "RCPT TO:<a@b> ORCPT=rfc822;a+4", 0, BAD, "RCPT path=<a@b> local=a domain=b/domain ORCPT=rfc822;a+4", "SMTP_PARAM_ORCPT@20" },
	{ "RCPT TO:<a@b> ORCPT=rf@c;a", 0, BAD, "RCPT path=<a@b> local=a domain=b/domain ORCPT=rf@c;a", "SMTP_PARAM_ORCPT@20" },
	{ "RCPT TO:<a@b> ORCPT", 0, BAD, "RCPT path=<a@b> local=a domain=b/domain ORCPT", "SMTP_PARAM_ORCPT@14" },
	/* parameters on the wrong command */
	{ "RCPT TO:<a@b> RET=FULL", 0, BAD, "RCPT path=<a@b> local=a domain=b/domain RET=FULL", "SMTP_PARAM_WRONG_COMMAND@14" },
	{ "RCPT TO:<a@b> ENVID=x", 0, BAD, "RCPT path=<a@b> local=a domain=b/domain ENVID=x", "SMTP_PARAM_WRONG_COMMAND@14" },
	{ "RCPT TO:<a@b> SIZE=10", 0, BAD, "RCPT path=<a@b> local=a domain=b/domain SIZE=10#0", "SMTP_PARAM_WRONG_COMMAND@14" },
	{ "RCPT TO:<a@b> BODY=7BIT", 0, BAD, "RCPT path=<a@b> local=a domain=b/domain BODY=7BIT", "SMTP_PARAM_WRONG_COMMAND@14" },
	{ "MAIL FROM:<a@b> NOTIFY=NEVER", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain NOTIFY=NEVER", "SMTP_PARAM_WRONG_COMMAND@16" },
	{ "MAIL FROM:<a@b> ORCPT=rfc822;a", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain ORCPT=rfc822;a", "SMTP_PARAM_WRONG_COMMAND@16" },
	/* duplicates */
	{ "MAIL FROM:<a@b> SIZE=1 SIZE=2", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain SIZE=1#1 SIZE=2#2", "SMTP_PARAM_DUPLICATE@23" },
	{ "MAIL FROM:<a@b> SIZE=1 size=2", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain SIZE=1#1 size=2#2", "SMTP_PARAM_DUPLICATE@23" },
	{ "MAIL FROM:<a@b> XA=1 XB XA", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain XA=1? XB? XA?", "SMTP_PARAM_DUPLICATE@24" },
	/* keyword and value syntax (RFC 5321 4.1.2 esmtp-param) */
	{ "MAIL FROM:<a@b> XFOO=bar", 0, OK, "MAIL path=<a@b> local=a domain=b/domain XFOO=bar?", "" },
	{ "MAIL FROM:<a@b> X-PARAM 9X=1", 0, OK, "MAIL path=<a@b> local=a domain=b/domain X-PARAM? 9X=1?", "" },
	{ "MAIL FROM:<a@b> -X=1", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain -X=1?", "SMTP_PARAM_SYNTAX@16" },
	{ "MAIL FROM:<a@b> X_Y=1", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain X_Y=1?", "SMTP_PARAM_SYNTAX@16" },
	{ "MAIL FROM:<a@b> =1", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain =1?", "SMTP_PARAM_SYNTAX@16" },
	{ "MAIL FROM:<a@b> X=a=b", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain X=a=b?", "SMTP_PARAM_SYNTAX@16" },
	{ "MAIL FROM:<a@b> X=", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain X=?", "SMTP_PARAM_SYNTAX@16" },
	{ "MAIL FROM:<a@b> X=\xc3\xa9", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain X=\\xc3\\xa9?", "SMTP_PARAM_SYNTAX@16" },
	{ "MAIL FROM:<a@b> X=\xc3\xa9 SMTPUTF8", 0, OK, "MAIL path=<a@b> local=a domain=b/domain X=\\xc3\\xa9? SMTPUTF8", "" },
	{ "MAIL FROM:<a@b> SIZE=1  BODY=7BIT", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain SIZE=1#1 BODY=7BIT", "SMTP_SPACE@23" },
	{ "MAIL FROM:<a@b> SIZE=1  BODY=7BIT", LENI, OK, "MAIL path=<a@b> local=a domain=b/domain SIZE=1#1 BODY=7BIT", "SMTP_SPACE@23" },
	{ "MAIL FROM:<a@b>SIZE=1", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain", "SMTP_PATH_SYNTAX@15" },
	/* BDAT (RFC 3030 2) */
	{ "BDAT 1000 LAST", 0, OK, "BDAT chunk=1000 LAST", "" },
	{ "BDAT 0 LAST", 0, OK, "BDAT chunk=0 LAST", "" },
	{ "BDAT 0", 0, OK, "BDAT chunk=0", "" },
	{ "BDAT x", 0, BAD, "BDAT chunk=0", "SMTP_BDAT_SYNTAX@5" },
	{ "BDAT -1", 0, BAD, "BDAT chunk=0", "SMTP_BDAT_SYNTAX@5" },
	{ "BDAT 10 FIRST", 0, BAD, "BDAT chunk=10", "SMTP_BDAT_SYNTAX@8" },
	{ "BDAT 10 LAST x", 0, BAD, "BDAT chunk=10", "SMTP_BDAT_SYNTAX@8" },
	{ "BDAT LAST", 0, BAD, "BDAT chunk=0", "SMTP_BDAT_SYNTAX@5" },
	{ "BDAT 123456789012345678901", 0, BAD, "BDAT chunk=0", "SMTP_BDAT_SYNTAX@5" },
	{ "BDAT", 0, BAD, "BDAT chunk=0", "SMTP_ARG_MISSING@4" },
	/* AUTH (RFC 4954 4) */
	{ "AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=", 0, OK, "AUTH mech=PLAIN ir=dGVzdAB0ZXN0AHRlc3Q=", "" },
	{ "AUTH PLAIN =", 0, OK, "AUTH mech=PLAIN ir==", "" },
	{ "AUTH login", 0, OK, "AUTH mech=login", "" },
	{ "AUTH SCRAM-SHA-256", 0, OK, "AUTH mech=SCRAM-SHA-256", "" },
	{ "AUTH PLAIN abc", 0, BAD, "AUTH mech=PLAIN ir=abc", "SMTP_AUTH_INITIAL@11" },
	{ "AUTH PLAIN dGVz dA==", 0, BAD, "AUTH mech=PLAIN ir=dGVz dA==", "SMTP_AUTH_INITIAL@11" },
	{ "AUTH PLAIN ab=c", 0, BAD, "AUTH mech=PLAIN ir=ab=c", "SMTP_AUTH_INITIAL@11" },
	{ "AUTH PL@IN", 0, BAD, "AUTH mech=PL@IN", "SMTP_AUTH_MECH@5" },
	{ "AUTH ABCDEFGHIJKLMNOPQRSTU", 0, BAD, "AUTH mech=ABCDEFGHIJKLMNOPQRSTU", "SMTP_AUTH_MECH@5" },
	{ "AUTH", 0, BAD, "AUTH mech=", "SMTP_ARG_MISSING@4" },
	/* spacing (RFC 5321 4.1.2: exactly one SP) */
	{ "MAIL FROM: <a@b>", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain", "SMTP_PATH_SPACE@10" },
	{ "MAIL FROM: <a@b>", LENI, OK, "MAIL path=<a@b> local=a domain=b/domain", "SMTP_PATH_SPACE@10" },
	{ "RCPT TO:  <a@b>", LENI, OK, "RCPT path=<a@b> local=a domain=b/domain", "SMTP_PATH_SPACE@8 SMTP_PATH_SPACE@9" },
	{ "MAIL FROM:a@b", 0, BAD, "MAIL path=a@b local=a domain=b/domain", "SMTP_PATH_SYNTAX@10" },
	{ "MAIL FROM:a@b", LENI, OK, "MAIL path=a@b local=a domain=b/domain", "SMTP_PATH_SYNTAX@10" },
	{ "MAIL FROM:a@b SIZE=10", LENI, OK, "MAIL path=a@b local=a domain=b/domain SIZE=10#10", "SMTP_PATH_SYNTAX@10" },
	{ "MAIL  FROM:<a@b>", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain", "SMTP_SPACE@5" },
	{ "MAIL  FROM:<a@b>", LENI, OK, "MAIL path=<a@b> local=a domain=b/domain", "SMTP_SPACE@5" },
	{ "MAIL FROM:<a@b> ", 0, BAD, "MAIL path=<a@b> local=a domain=b/domain", "SMTP_SPACE@15" },
	{ "MAIL FROM:<a@b> ", LENI, OK, "MAIL path=<a@b> local=a domain=b/domain", "SMTP_SPACE@15" },
	{ "QUIT  ", 0, BAD, "QUIT", "SMTP_SPACE@5" },
	{ "NOOP  x", 0, BAD, "NOOP arg=x", "SMTP_SPACE@5" },
	/* arguments where none belong, or missing */
	{ "DATA x", 0, BAD, "DATA arg=x", "SMTP_ARG_UNEXPECTED@5" },
	{ "QUIT now", 0, BAD, "QUIT arg=now", "SMTP_ARG_UNEXPECTED@5" },
	{ "RSET all", 0, BAD, "RSET arg=all", "SMTP_ARG_UNEXPECTED@5" },
	{ "STARTTLS x", 0, BAD, "STARTTLS arg=x", "SMTP_ARG_UNEXPECTED@9" },
	{ "MAIL", 0, BAD, "MAIL path=", "SMTP_ARG_MISSING@4" },
	{ "VRFY", 0, BAD, "VRFY", "SMTP_ARG_MISSING@4" },
	{ "EXPN", 0, BAD, "EXPN", "SMTP_ARG_MISSING@4" },
	{ "MAIL <a@b>", 0, BAD, "MAIL path=", "SMTP_FROM_SYNTAX@5" },
	{ "MAIL FROM <a@b>", 0, BAD, "MAIL path=", "SMTP_FROM_SYNTAX@5" },
	{ "MAIL TO:<a@b>", 0, BAD, "MAIL path=", "SMTP_FROM_SYNTAX@5" },
	{ "RCPT <a@b>", 0, BAD, "RCPT path=", "SMTP_TO_SYNTAX@5" },
	{ "RCPT FROM:<a@b>", 0, BAD, "RCPT path=", "SMTP_TO_SYNTAX@5" },
	/* bare CR inside a line (RFC 5321 2.3.8) */
	{ "NOOP a\rb", 0, BAD, "NOOP arg=a\\x0db", "SMTP_BARE_CR@6" },
};

static void check_cmd(const struct cmd_case *t, const char *in, size_t n,
		      const char *what)
{
	uint8_t mem[4096];
	mp_arena a;
	mp_diag dv[DV];
	mp_diags d;
	mp_smtp_cmd c;
	mp_smtp_opts o = { t->flags };
	char got[2048];
	mpt_log l = { 0 };

	mp_arena_init(&a, mem, sizeof mem);
	mp_diags_init(&d, dv, DV);
	mp_rc rc = mp_smtp_cmd_parse(MP_SLICE(in, n), BASE, &o, &a, &c, &d);
	fmt_diags(&d, 0, got, sizeof got);
	render_cmd(&l, &c);
	ncases++;
	if (rc != t->rc)
		BAD_CASE("%s: rc got %s, want %s (diags %s)", what, mp_rc_name(rc),
			 mp_rc_name(t->rc), got);
	if (strcmp(got, t->diags) != 0)
		BAD_CASE("%s: diags got '%s', want '%s'", what, got, t->diags);
	if (strcmp(l.p, t->want) != 0)
		BAD_CASE("%s: got '%s', want '%s'", what, l.p, t->want);
	/* MP_OK exactly when no MUST/SHOULD diag was pushed (lenient
	 * deviations excepted) */
	if (!(t->flags & MP_SMTP_LENIENT) && (rc == MP_OK) == mp_diags_nonconforming(&d))
		BAD_CASE("%s: rc %s does not match the diags %s", what,
			 mp_rc_name(rc), got);
	mpt_log_free(&l);
}

static void test_cmd_parse(void **state)
{
	(void)state;
	char what[160];
	for (size_t i = 0; i < MP_ARRAY_LEN(cmd_cases); i++) {
		snprintf(what, sizeof what, "cmd %zu '%s'", i, cmd_cases[i].in);
		check_cmd(&cmd_cases[i], cmd_cases[i].in, strlen(cmd_cases[i].in), what);
	}
	cases_done();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmd_parse),
	};
	return cmocka_run_group_tests_name("smtp", tests, NULL, NULL);
}
