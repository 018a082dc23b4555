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

static mp_slice cs(const char *s)
{
	return MP_SLICE(s, strlen(s));
}

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

/* ---- limits (RFC 5321 4.5.3.1) at N and N+1 ---------------------------- */

/* Builds prefix + n copies of fill + suffix into buf. */
static size_t build(char *buf, size_t cap, const char *prefix, char fill,
		    size_t n, const char *suffix)
{
	size_t k = strlen(prefix), m = strlen(suffix);
	assert_true(k + n + m < cap);
	memcpy(buf, prefix, k);
	memset(buf + k, fill, n);
	memcpy(buf + k + n, suffix, m + 1);
	return k + n + m;
}

/* A domain of exactly n octets: labels of up to 63 "a" joined by dots. */
static size_t build_domain(char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (i % 64 == 63 && i + 1 < n) ? '.' : 'a';
	buf[n] = '\0';
	return n;
}

struct lim_case {
	const char *what;
	char *in;
	size_t n;
	unsigned flags;
	mp_rc rc;
	const char *diags;
};

static void test_cmd_limits(void **state)
{
	(void)state;
	static char b[16][13000];
	char dom[300];
	int k = 0;
	struct lim_case t[16];
	/* local-part 64 / 65 (4.5.3.1.1) */
	t[k] = (struct lim_case){ "local 64", b[k], build(b[k], sizeof b[k], "MAIL FROM:<", 'l', 64, "@x.example>"), 0, MP_OK, "" };
	k++;
	t[k] = (struct lim_case){ "local 65", b[k], build(b[k], sizeof b[k], "MAIL FROM:<", 'l', 65, "@x.example>"), 0, MP_INVALID, "SMTP_LOCAL_PART_TOO_LONG@75" };
	k++;
	/* domain 255 / 256 (4.5.3.1.2), as EHLO arguments */
	build_domain(dom, 255);
	t[k] = (struct lim_case){ "domain 255", b[k], build(b[k], sizeof b[k], "EHLO ", 'x', 0, dom), 0, MP_OK, "" };
	k++;
	build_domain(dom, 256);
	t[k] = (struct lim_case){ "domain 256", b[k], build(b[k], sizeof b[k], "EHLO ", 'x', 0, dom), 0, MP_INVALID, "SMTP_DOMAIN_TOO_LONG@260" };
	k++;
	/* path 256 / 257 with its brackets (4.5.3.1.3) */
	build_domain(dom, 256 - 2 - 64 - 1);
	snprintf(b[k], sizeof b[k], "RCPT TO:<%.64s@%s>", "llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllll", dom);
	t[k] = (struct lim_case){ "path 256", b[k], strlen(b[k]), 0, MP_OK, "" };
	k++;
	build_domain(dom, 256 - 2 - 64);
	snprintf(b[k], sizeof b[k], "RCPT TO:<%.64s@%s>", "llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllll", dom);
	t[k] = (struct lim_case){ "path 257", b[k], strlen(b[k]), 0, MP_INVALID, "SMTP_PATH_TOO_LONG@264" };
	k++;
	/* command line 510 / 511 octets before CRLF (4.5.3.1.4) */
	t[k] = (struct lim_case){ "line 510", b[k], build(b[k], sizeof b[k], "NOOP ", 'x', 505, ""), 0, MP_OK, "" };
	k++;
	t[k] = (struct lim_case){ "line 511", b[k], build(b[k], sizeof b[k], "NOOP ", 'x', 506, ""), 0, MP_INVALID, "SMTP_CMD_TOO_LONG@510" };
	k++;
	t[k] = (struct lim_case){ "line 511 lenient", b[k], build(b[k], sizeof b[k], "NOOP ", 'x', 506, ""), MP_SMTP_LENIENT, MP_INVALID, "SMTP_CMD_TOO_LONG@510" };
	k++;
	t[k] = (struct lim_case){ "unknown 511", b[k], build(b[k], sizeof b[k], "XFOO ", 'x', 506, ""), 0, MP_INVALID, "SMTP_CMD_TOO_LONG@510 SMTP_CMD_UNKNOWN@0" };
	k++;
	/* AUTH is a command like any other: 512 octets with CRLF (RFC 4954 4);
	 * only SASL response lines may reach 12288 (tested with the reader) */
	t[k] = (struct lim_case){ "auth 510", b[k], build(b[k], sizeof b[k], "AUTH X-AB ", 'A', 500, ""), 0, MP_OK, "" };
	k++;
	t[k] = (struct lim_case){ "auth 511", b[k], build(b[k], sizeof b[k], "AUTH X-ABC ", 'A', 500, ""), 0, MP_INVALID, "SMTP_CMD_TOO_LONG@510" };
	k++;
	t[k] = (struct lim_case){ "noop 12286", b[k], build(b[k], sizeof b[k], "NOOP ", 'A', 12281, ""), 0, MP_INVALID, "SMTP_CMD_TOO_LONG@510" };
	k++;
	/* ENVID at most 100 characters (RFC 3461 4.4) */
	t[k] = (struct lim_case){ "envid 100", b[k], build(b[k], sizeof b[k], "MAIL FROM:<a@b> ENVID=", 'e', 100, ""), 0, MP_OK, "" };
	k++;
	t[k] = (struct lim_case){ "envid 101", b[k], build(b[k], sizeof b[k], "MAIL FROM:<a@b> ENVID=", 'e', 101, ""), 0, MP_INVALID, "SMTP_PARAM_ENVID@22" };
	k++;
	/* ORCPT at most 500 characters (RFC 3461 4.2); the line is over 510 */
	t[k] = (struct lim_case){ "orcpt 501", b[k], build(b[k], sizeof b[k], "RCPT TO:<a@b> ORCPT=rfc822;", 'o', 494, ""), 0, MP_INVALID, "SMTP_CMD_TOO_LONG@510 SMTP_PARAM_ORCPT@20" };
	k++;
	for (int i = 0; i < k; i++) {
		uint8_t mem[4096];
		mp_arena a;
		mp_diag dv[DV];
		mp_diags d;
		mp_smtp_cmd c;
		mp_smtp_opts o = { t[i].flags };
		char got[512];
		mp_arena_init(&a, mem, sizeof mem);
		mp_diags_init(&d, dv, DV);
		mp_rc rc = mp_smtp_cmd_parse(MP_SLICE(t[i].in, t[i].n), BASE, &o, &a, &c, &d);
		fmt_diags(&d, 0, got, sizeof got);
		ncases++;
		if (rc != t[i].rc || strcmp(got, t[i].diags) != 0)
			BAD_CASE("%s (%zu octets): got %s '%s', want %s '%s'", t[i].what,
				 t[i].n, mp_rc_name(rc), got, mp_rc_name(t[i].rc), t[i].diags);
	}
	cases_done();
}

/* The arena holds the parameter list: too small is MP_NOSPACE and
 * ARENA_FULL at the first parameter, never a crash. */
static void test_cmd_arena(void **state)
{
	(void)state;
	const char *in = "MAIL FROM:<a@b> A=1 B=2 C=3 D=4 E=5 F=6 G=7 H=8 I=9 J=10 K=11 L=12";
	for (size_t cap = 0; cap <= 12 * sizeof(mp_smtp_param) + 16; cap += 8) {
		uint8_t *mem = malloc(cap ? cap : 1);
		mp_arena a;
		mp_diag dv[DV];
		mp_diags d;
		mp_smtp_cmd c;
		char got[256];
		assert_non_null(mem);
		mp_arena_init(&a, mem, cap);
		mp_diags_init(&d, dv, DV);
		mp_rc rc = mp_smtp_cmd_parse(cs(in), BASE, NULL, &a, &c, &d);
		fmt_diags(&d, 0, got, sizeof got);
		bool fits = cap >= 12 * sizeof(mp_smtp_param);
		ncases++;
		if (fits && (rc != MP_OK || c.nparams != 12 || d.n != 0))
			BAD_CASE("arena %zu: got %s, %zu params, '%s', want OK, 12", cap,
				 mp_rc_name(rc), c.nparams, got);
		if (!fits && (rc != MP_NOSPACE || strcmp(got, "ARENA_FULL@16") != 0 ||
			      c.nparams != 0))
			BAD_CASE("arena %zu: got %s, %zu params, '%s', want NOSPACE, 0, ARENA_FULL@16",
				 cap, mp_rc_name(rc), c.nparams, got);
		free(mem);
	}
	cases_done();
}

/* mp_smtp_path_parse and mp_smtp_domain_parse on their own. */
static void test_path_domain(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		unsigned flags;
		bool utf8;
		mp_rc rc;
		const char *local, *domain;
		mp_smtp_host host;
		const char *diags;
	} p[] = {
		{ "<a@b.example>", 0, false, MP_OK, "a", "b.example", MP_SMTP_HOST_DOMAIN, "" },
		{ "<>", 0, false, MP_OK, "", "", MP_SMTP_HOST_NONE, "" },
		{ "<a@[192.0.2.1]>", 0, false, MP_OK, "a", "[192.0.2.1]", MP_SMTP_HOST_IPV4, "" },
		{ "<a@b> x", 0, false, MP_INVALID, "a", "b", MP_SMTP_HOST_DOMAIN, "SMTP_PATH_SYNTAX@5" },
		{ "a@b", 0, false, MP_INVALID, "a", "b", MP_SMTP_HOST_DOMAIN, "SMTP_PATH_SYNTAX@0" },
		{ "a@b", MP_SMTP_LENIENT, false, MP_OK, "a", "b", MP_SMTP_HOST_DOMAIN, "SMTP_PATH_SYNTAX@0" },
		{ "<\xc3\xa9@b>", 0, false, MP_INVALID, "\xc3\xa9", "b", MP_SMTP_HOST_DOMAIN, "SMTP_UTF8_NOT_ALLOWED@1" },
		{ "<\xc3\xa9@b>", 0, true, MP_OK, "\xc3\xa9", "b", MP_SMTP_HOST_DOMAIN, "" },
		{ "<\xc3\xa9@b>", MP_SMTP_UTF8, false, MP_OK, "\xc3\xa9", "b", MP_SMTP_HOST_DOMAIN, "" },
		{ "", 0, false, MP_INVALID, "", "", MP_SMTP_HOST_NONE, "SMTP_PATH_SYNTAX@0" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(p); i++) {
		mp_diag dv[DV];
		mp_diags d;
		mp_smtp_path path;
		mp_smtp_opts o = { p[i].flags };
		char got[256];
		mp_diags_init(&d, dv, DV);
		mp_rc rc = mp_smtp_path_parse(cs(p[i].in), BASE, &o, p[i].utf8, &path, &d);
		fmt_diags(&d, 0, got, sizeof got);
		ncases++;
		if (rc != p[i].rc || strcmp(got, p[i].diags) != 0 ||
		    !mp_slice_eq(path.local, cs(p[i].local)) ||
		    !mp_slice_eq(path.domain, cs(p[i].domain)) || path.host != p[i].host)
			BAD_CASE("path %zu '%s': got %s '%s' local '%.*s' domain '%.*s' %s, want %s '%s' '%s' '%s' %s",
				 i, p[i].in, mp_rc_name(rc), got, (int)path.local.n, path.local.p,
				 (int)path.domain.n, path.domain.p, mp_smtp_host_name(path.host),
				 mp_rc_name(p[i].rc), p[i].diags, p[i].local, p[i].domain,
				 mp_smtp_host_name(p[i].host));
	}
	static const struct {
		const char *in;
		bool utf8;
		mp_rc rc;
		mp_smtp_host host;
		const char *diags;
	} dm[] = {
		{ "example.com", false, MP_OK, MP_SMTP_HOST_DOMAIN, "" },
		{ "a", false, MP_OK, MP_SMTP_HOST_DOMAIN, "" },
		{ "a-b.c-d", false, MP_OK, MP_SMTP_HOST_DOMAIN, "" },
		{ "[192.0.2.1]", false, MP_OK, MP_SMTP_HOST_IPV4, "" },
		{ "[IPv6:::1]", false, MP_OK, MP_SMTP_HOST_IPV6, "" },
		{ "[IPv6:1:2]", false, MP_INVALID, MP_SMTP_HOST_IPV6, "SMTP_IPV6_SYNTAX@6" },
		{ "[tag:v]", false, MP_OK, MP_SMTP_HOST_GENERAL, "" },
		{ "a..b", false, MP_INVALID, MP_SMTP_HOST_NONE, "SMTP_DOMAIN_SYNTAX@0" },
		{ "", false, MP_INVALID, MP_SMTP_HOST_NONE, "SMTP_DOMAIN_SYNTAX@0" },
		{ "-a", false, MP_INVALID, MP_SMTP_HOST_NONE, "SMTP_DOMAIN_SYNTAX@0" },
		{ "a-", false, MP_INVALID, MP_SMTP_HOST_NONE, "SMTP_DOMAIN_SYNTAX@0" },
		{ "a.", false, MP_INVALID, MP_SMTP_HOST_NONE, "SMTP_DOMAIN_SYNTAX@0" },
		{ "b\xc3\xbc.de", false, MP_INVALID, MP_SMTP_HOST_DOMAIN, "SMTP_UTF8_NOT_ALLOWED@1" },
		{ "b\xc3\xbc.de", true, MP_OK, MP_SMTP_HOST_DOMAIN, "" },
		{ "b\xfc.de", true, MP_INVALID, MP_SMTP_HOST_NONE, "SMTP_UTF8_INVALID@1 SMTP_DOMAIN_SYNTAX@0" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(dm); i++) {
		mp_diag dv[DV];
		mp_diags d;
		mp_smtp_host h;
		char got[256];
		mp_diags_init(&d, dv, DV);
		mp_rc rc = mp_smtp_domain_parse(cs(dm[i].in), BASE, dm[i].utf8, &h, &d);
		fmt_diags(&d, 0, got, sizeof got);
		ncases++;
		if (rc != dm[i].rc || h != dm[i].host || strcmp(got, dm[i].diags) != 0)
			BAD_CASE("domain %zu '%s': got %s %s '%s', want %s %s '%s'", i, dm[i].in,
				 mp_rc_name(rc), mp_smtp_host_name(h), got, mp_rc_name(dm[i].rc),
				 mp_smtp_host_name(dm[i].host), dm[i].diags);
	}
	cases_done();
}

/* ---- replies (RFC 5321 4.2) -------------------------------------------- */

static void test_reply_line(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		mp_rc rc;
		unsigned code;
		bool more;
		const char *text, *diags;
	} t[] = {
		{ "250 OK", MP_OK, 250, false, "OK", "" },
		{ "250-First line", MP_OK, 250, true, "First line", "" },
		{ "250", MP_OK, 250, false, "", "" },
		{ "250-", MP_OK, 250, true, "", "" },
		{ "200 lowest", MP_OK, 200, false, "lowest", "" },
		{ "559 highest", MP_OK, 559, false, "highest", "" },
		{ "354 Start mail input; end with <CRLF>.<CRLF>", MP_OK, 354, false, "Start mail input; end with <CRLF>.<CRLF>", "" },
		{ "421 4.4.2 timeout", MP_OK, 421, false, "4.4.2 timeout", "" },
		{ "250 a\tb", MP_OK, 250, false, "a\tb", "" },
		{ "199 low", MP_INVALID, 0, false, "199 low", "SMTP_REPLY_CODE@0" },
		{ "600 high", MP_INVALID, 0, false, "600 high", "SMTP_REPLY_CODE@0" },
		{ "560 high", MP_INVALID, 0, false, "560 high", "SMTP_REPLY_CODE@0" },
		{ "260 x", MP_INVALID, 0, false, "260 x", "SMTP_REPLY_CODE@0" },
		{ "2x0 x", MP_INVALID, 0, false, "2x0 x", "SMTP_REPLY_CODE@0" },
		{ "25", MP_INVALID, 0, false, "25", "SMTP_REPLY_CODE@0" },
		{ "", MP_INVALID, 0, false, "", "SMTP_REPLY_CODE@0" },
		{ " 250 x", MP_INVALID, 0, false, " 250 x", "SMTP_REPLY_CODE@0" },
		{ "250x", MP_INVALID, 250, false, "x", "SMTP_REPLY_SEPARATOR@3" },
		{ "250\tOK", MP_INVALID, 250, false, "\tOK", "SMTP_REPLY_SEPARATOR@3" },
		{ "2500 OK", MP_INVALID, 250, false, "0 OK", "SMTP_REPLY_SEPARATOR@3" },
		{ "250 caf\xc3\xa9", MP_INVALID, 250, false, "caf\xc3\xa9", "SMTP_REPLY_TEXT@7" },
		{ "250 a\x01", MP_INVALID, 250, false, "a\x01", "SMTP_REPLY_TEXT@5" },
		{ "250-a\x7f", MP_INVALID, 250, true, "a\x7f", "SMTP_REPLY_TEXT@5" },
		{ "250 a\rb", MP_INVALID, 250, false, "a\rb", "SMTP_BARE_CR@5" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(t); i++) {
		mp_diag dv[DV];
		mp_diags d;
		unsigned code;
		bool more;
		mp_slice text;
		char got[256];
		mp_diags_init(&d, dv, DV);
		mp_rc rc = mp_smtp_reply_line_parse(cs(t[i].in), BASE, &code, &more, &text, &d);
		fmt_diags(&d, 0, got, sizeof got);
		ncases++;
		if (rc != t[i].rc || code != t[i].code || more != t[i].more ||
		    !mp_slice_eq(text, cs(t[i].text)) || strcmp(got, t[i].diags) != 0)
			BAD_CASE("reply line %zu '%s': got %s %u more=%d '%.*s' '%s', want %s %u more=%d '%s' '%s'",
				 i, t[i].in, mp_rc_name(rc), code, more, (int)text.n, text.p, got,
				 mp_rc_name(t[i].rc), t[i].code, t[i].more, t[i].text, t[i].diags);
	}
	/* 510 and 511 octets before CRLF (RFC 5321 4.5.3.1.5) */
	char b[600];
	for (size_t n = 509; n <= 512; n++) {
		mp_diag dv[DV];
		mp_diags d;
		unsigned code;
		bool more;
		mp_slice text;
		char got[256];
		build(b, sizeof b, "250 ", 't', n - 4, "");
		mp_diags_init(&d, dv, DV);
		mp_rc rc = mp_smtp_reply_line_parse(MP_SLICE(b, n), BASE, &code, &more, &text, &d);
		fmt_diags(&d, 0, got, sizeof got);
		const char *want = n <= 510 ? "" : "SMTP_REPLY_TOO_LONG@510";
		ncases++;
		if (rc != (n <= 510 ? MP_OK : MP_INVALID) || code != 250 ||
		    text.n != n - 4 || strcmp(got, want) != 0)
			BAD_CASE("reply line of %zu: got %s %u %zu '%s', want '%s'", n,
				 mp_rc_name(rc), code, text.n, got, want);
	}
	cases_done();
}

static void test_esc(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		mp_rc rc;
		unsigned e0, e1, e2;
		size_t len;
		const char *diags;
	} t[] = {
		{ "2.1.0 Ok", MP_OK, 2, 1, 0, 5, "" },
		{ "5.7.1", MP_OK, 5, 7, 1, 5, "" },
		{ "4.4.2 timeout", MP_OK, 4, 4, 2, 5, "" },
		{ "5.5.10 x", MP_OK, 5, 5, 10, 6, "" },
		{ "5.123.456 x", MP_OK, 5, 123, 456, 9, "" },
		{ "2.0.0", MP_OK, 2, 0, 0, 5, "" },
		{ "5.1000.1 x", MP_INVALID, 0, 0, 0, 0, "SMTP_ESC_SYNTAX@0" },
		{ "5.1.1000 x", MP_INVALID, 0, 0, 0, 0, "SMTP_ESC_SYNTAX@0" },
		{ "3.1.1 x", MP_INVALID, 0, 0, 0, 0, "SMTP_ESC_SYNTAX@0" },
		{ "1.1.1 x", MP_INVALID, 0, 0, 0, 0, "SMTP_ESC_SYNTAX@0" },
		{ "2.1.0x", MP_INVALID, 0, 0, 0, 0, "SMTP_ESC_SYNTAX@0" },
		{ "2.1.x y", MP_INVALID, 0, 0, 0, 0, "SMTP_ESC_SYNTAX@0" },
		{ "2.1 ok", MP_INVALID, 0, 0, 0, 0, "SMTP_ESC_SYNTAX@0" },
		{ "Ok", MP_NEED_MORE, 0, 0, 0, 0, "" },
		{ "2.1", MP_NEED_MORE, 0, 0, 0, 0, "" },
		{ "", MP_NEED_MORE, 0, 0, 0, 0, "" },
		{ "22.1.0 x", MP_NEED_MORE, 0, 0, 0, 0, "" },
		{ "5..1 x", MP_NEED_MORE, 0, 0, 0, 0, "" },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(t); i++) {
		mp_diag dv[DV];
		mp_diags d;
		unsigned e[3] = { 0, 0, 0 };
		size_t len = 0;
		char got[256];
		mp_diags_init(&d, dv, DV);
		mp_rc rc = mp_smtp_esc_parse(cs(t[i].in), BASE, e, &len, &d);
		fmt_diags(&d, 0, got, sizeof got);
		ncases++;
		if (rc != t[i].rc || strcmp(got, t[i].diags) != 0 ||
		    (rc == MP_OK && (e[0] != t[i].e0 || e[1] != t[i].e1 ||
				     e[2] != t[i].e2 || len != t[i].len)))
			BAD_CASE("esc %zu '%s': got %s %u.%u.%u len %zu '%s', want %s %u.%u.%u len %zu '%s'",
				 i, t[i].in, mp_rc_name(rc), e[0], e[1], e[2], len, got,
				 mp_rc_name(t[i].rc), t[i].e0, t[i].e1, t[i].e2, t[i].len,
				 t[i].diags);
	}
	cases_done();
}

/* Splits "a|b|c" into lines at stream offsets BASE, +len+2, ... */
static size_t split_lines(const char *in, char *buf, size_t cap, mp_slice *lines,
			  uint64_t *offs, size_t max)
{
	size_t n = 0, k = strlen(in);
	uint64_t off = BASE;
	assert_true(k < cap);
	memcpy(buf, in, k + 1);
	char *p = buf;
	while (n < max) {
		char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		lines[n] = MP_SLICE(p, len);
		offs[n++] = off;
		off += len + 2;
		if (bar == NULL)
			break;
		p = bar + 1;
	}
	return n;
}

struct reply_case {
	const char *in; /* lines joined by "|" */
	mp_rc rc;
	unsigned code;
	const char *esc; /* "" when none */
	const char *diags;
};

static const struct reply_case reply_cases[] = {
	{ "250 OK", MP_OK, 250, "", "" },
	{ "250", MP_OK, 250, "", "" },
	{ "250-a|250-b|250 c", MP_OK, 250, "", "" },
	{ "220-mx.example ESMTP|220-more|220", MP_OK, 220, "", "" },
	{ "250 2.1.0 Ok", MP_OK, 250, "2.1.0", "" },
	{ "550 5.7.1 Relaying denied", MP_OK, 550, "5.7.1", "" },
	{ "421 4.4.2 Connection timed out", MP_OK, 421, "4.4.2", "" },
	{ "550-5.1.1 No such user|550 5.1.1 here", MP_OK, 550, "5.1.1", "" },
	{ "250 2.0.0", MP_OK, 250, "2.0.0", "" },
	{ "354 Go ahead", MP_OK, 354, "", "" },
	/* RFC 5321 4.2.1: every line carries the same code */
	{ "250-a|251 b", MP_INVALID, 250, "", "SMTP_REPLY_CODE_MISMATCH@7" },
	{ "250-a|250-b|550 c", MP_INVALID, 250, "", "SMTP_REPLY_CODE_MISMATCH@14" },
	{ "250-a|2x0 b", MP_INVALID, 250, "", "SMTP_REPLY_CODE@7" },
	{ "199 a", MP_INVALID, 0, "", "SMTP_REPLY_CODE@0" },
	/* RFC 3463 2: the class matches the first digit */
	{ "250 5.1.0 x", MP_INVALID, 250, "5.1.0", "SMTP_ESC_CLASS@4" },
	{ "550 2.0.0 x", MP_INVALID, 550, "2.0.0", "SMTP_ESC_CLASS@4" },
	{ "450-4.2.1 a|450 5.2.1 b", MP_INVALID, 450, "4.2.1", "SMTP_ESC_CLASS@17 SMTP_ESC_INCONSISTENT@0" },
	{ "550 3.1.1 x", MP_INVALID, 550, "", "SMTP_ESC_SYNTAX@4" },
	{ "550 5.1000.1 x", MP_INVALID, 550, "", "SMTP_ESC_SYNTAX@4" },
	/* RFC 2034 3: every line carries the same enhanced code */
	{ "550-5.7.1 a|550 5.7.2 b", MP_INVALID, 550, "5.7.1", "SMTP_ESC_INCONSISTENT@0" },
	{ "550-5.7.1 a|550 b", MP_INVALID, 550, "5.7.1", "SMTP_ESC_INCONSISTENT@0" },
	{ "550-a|550 5.7.1 b", MP_INVALID, 550, "5.7.1", "SMTP_ESC_INCONSISTENT@0" },
	/* bad text on one line */
	{ "250-a|250 caf\xc3\xa9", MP_INVALID, 250, "", "SMTP_REPLY_TEXT@14" },
	{ "250-a|250x", MP_INVALID, 250, "", "SMTP_REPLY_SEPARATOR@10" },
};

static void esc_str(const mp_smtp_reply *r, char *out, size_t cap)
{
	if (r->has_esc)
		snprintf(out, cap, "%u.%u.%u", r->esc[0], r->esc[1], r->esc[2]);
	else
		out[0] = '\0';
}

static void test_reply_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < MP_ARRAY_LEN(reply_cases); i++) {
		const struct reply_case *t = &reply_cases[i];
		char buf[512], got[256], esc[32];
		mp_slice lines[8];
		uint64_t offs[8];
		uint8_t mem[2048];
		mp_arena a;
		mp_diag dv[DV];
		mp_diags d;
		mp_smtp_reply r;
		size_t n = split_lines(t->in, buf, sizeof buf, lines, offs, 8);
		mp_arena_init(&a, mem, sizeof mem);
		mp_diags_init(&d, dv, DV);
		mp_rc rc = mp_smtp_reply_parse(lines, offs, n, &a, &r, &d);
		fmt_diags(&d, 0, got, sizeof got);
		esc_str(&r, esc, sizeof esc);
		ncases++;
		if (rc != t->rc || r.code != t->code || strcmp(esc, t->esc) != 0 ||
		    strcmp(got, t->diags) != 0 || r.nlines != n || r.off != BASE)
			BAD_CASE("reply %zu '%s': got %s %u '%s' %zu lines '%s', want %s %u '%s' %zu '%s'",
				 i, t->in, mp_rc_name(rc), r.code, esc, r.nlines, got,
				 mp_rc_name(t->rc), t->code, t->esc, n, t->diags);
		for (size_t k = 0; k < r.nlines; k++)
			if (r.lines[k].off != offs[k] ||
			    r.lines[k].toff != offs[k] + (uint64_t)(r.lines[k].text.p - lines[k].p))
				BAD_CASE("reply %zu line %zu: offsets %llu/%llu", i, k,
					 (unsigned long long)r.lines[k].off,
					 (unsigned long long)r.lines[k].toff);
	}
	/* the arena holds the line list */
	mp_slice l[2] = { MP_LIT("250-a"), MP_LIT("250 b") };
	uint64_t o[2] = { BASE, BASE + 7 };
	uint8_t mem[8];
	mp_arena a;
	mp_diag dv[4];
	mp_diags d;
	mp_smtp_reply r;
	mp_arena_init(&a, mem, sizeof mem);
	mp_diags_init(&d, dv, 4);
	assert_int_equal(mp_smtp_reply_parse(l, o, 2, &a, &r, &d), MP_NOSPACE);
	assert_int_equal(d.n, 1);
	assert_int_equal(dv[0].rule, MP_R_ARENA_FULL);
	assert_int_equal(dv[0].offset, BASE);
	/* no lines at all */
	assert_int_equal(mp_smtp_reply_parse(l, o, 0, &a, &r, &d), MP_INVALID);
	ncases += 2;
	cases_done();
}

/* ---- EHLO capabilities (RFC 5321 4.1.1.1, RFC 1870 4, RFC 4954 3) ----- */

struct ehlo_case {
	const char *in;   /* reply lines joined by "|" */
	mp_rc rc;         /* of mp_smtp_ehlo_parse */
	const char *domain;
	const char *caps; /* "KW params|KW|..." in order */
	uint64_t size_max;
	/* mp_smtp_caps_has queries: "kw=params;!absent;..." */
	const char *has;
	const char *diags; /* of the reply and EHLO parses, from BASE */
};

#define PF_DOMAIN "250-mail.example.com"

static const struct ehlo_case ehlo_cases[] = {
	/* Postfix 3.x, default smtpd_* settings */
	{ PF_DOMAIN "|250-PIPELINING|250-SIZE 10240000|250-VRFY|250-ETRN|250-STARTTLS|"
	  "250-ENHANCEDSTATUSCODES|250-8BITMIME|250-DSN|250-SMTPUTF8|250 CHUNKING",
	  MP_OK, "mail.example.com",
	  "PIPELINING|SIZE 10240000|VRFY|ETRN|STARTTLS|ENHANCEDSTATUSCODES|8BITMIME|DSN|SMTPUTF8|CHUNKING",
	  10240000, "pipelining=;Size=10240000;STARTTLS=;chunking=;!AUTH;!BINARYMIME;!SIZE10240000", "" },
	/* Postfix after STARTTLS with SASL and broken_sasl_auth_clients:
	 * "AUTH=PLAIN LOGIN" is no ehlo-keyword ("=" is not in its
	 * grammar), so it is an EHLO_LINE error and not listed */
	{ PF_DOMAIN "|250-PIPELINING|250-SIZE 10240000|250-AUTH PLAIN LOGIN|250-AUTH=PLAIN LOGIN|250 8BITMIME",
	  MP_INVALID, "mail.example.com", "PIPELINING|SIZE 10240000|AUTH PLAIN LOGIN|8BITMIME",
	  10240000, "AUTH=PLAIN LOGIN;!AUTH=PLAIN", "SMTP_EHLO_LINE@83" },
	/* the obsolete form alone */
	{ "250-mx.example|250 AUTH=LOGIN", MP_INVALID, "mx.example", "", 0, "!AUTH;!AUTH=LOGIN",
	  "SMTP_EHLO_LINE@20" },
	/* Exim 4.9x */
	{ "250-mx.example.org Hello client.example.net [192.0.2.7]|250-SIZE 52428800|250-8BITMIME|"
	  "250-PIPELINING|250-PIPECONNECT|250-AUTH PLAIN LOGIN CRAM-MD5|250-CHUNKING|250-STARTTLS|"
	  "250-SMTPUTF8|250 HELP",
	  MP_OK, "mx.example.org",
	  "SIZE 52428800|8BITMIME|PIPELINING|PIPECONNECT|AUTH PLAIN LOGIN CRAM-MD5|CHUNKING|STARTTLS|SMTPUTF8|HELP",
	  52428800, "auth=PLAIN LOGIN CRAM-MD5;HELP=;!DSN", "" },
	/* Exim 4.92 announced "X_PIPE_CONNECT": "_" is not in ehlo-keyword */
	{ "250-mx.example.org|250-PIPELINING|250-X_PIPE_CONNECT|250 HELP", MP_INVALID,
	  "mx.example.org", "PIPELINING|HELP", 0, "!X_PIPE_CONNECT;HELP=", "SMTP_EHLO_LINE@40" },
	/* OpenSMTPD 6.x */
	{ "250-mx.example.org Hello client.example.net [192.0.2.7], pleased to meet you|"
	  "250-8BITMIME|250-ENHANCEDSTATUSCODES|250-SIZE 36700160|250-DSN|250 HELP",
	  MP_OK, "mx.example.org", "8BITMIME|ENHANCEDSTATUSCODES|SIZE 36700160|DSN|HELP",
	  36700160, "dsn=;8bitmime=;!PIPELINING", "" },
	/* BINARYMIME goes with CHUNKING (RFC 3030 3) */
	{ "250-x.example|250-CHUNKING|250 BINARYMIME", MP_OK, "x.example", "CHUNKING|BINARYMIME", 0,
	  "binarymime=;chunking=", "" },
	/* SIZE: size-param = [1*DIGIT] (RFC 1870 4); no value or 0 is no limit */
	{ "250-x.example|250-SIZE|250 PIPELINING", MP_OK, "x.example", "SIZE|PIPELINING", 0, "SIZE=", "" },
	{ "250-x.example|250 SIZE 0", MP_OK, "x.example", "SIZE 0", 0, "SIZE=0", "" },
	{ "250-x.example|250 SIZE 18446744073709551615", MP_OK, "x.example",
	  "SIZE 18446744073709551615", UINT64_MAX, "", "" },
	{ "250-x.example|250 SIZE abc", MP_INVALID, "x.example", "SIZE abc", 0, "SIZE=abc",
	  "SMTP_EHLO_PARAM@24" },
	{ "250-x.example|250 SIZE 10M", MP_INVALID, "x.example", "SIZE 10M", 0, "", "SMTP_EHLO_PARAM@24" },
	{ "250-x.example|250 SIZE -1", MP_INVALID, "x.example", "SIZE -1", 0, "", "SMTP_EHLO_PARAM@24" },
	{ "250-x.example|250 SIZE 100 200", MP_INVALID, "x.example", "SIZE 100 200", 0, "",
	  "SMTP_EHLO_PARAM@24" },
	{ "250-x.example|250 SIZE 18446744073709551616", MP_INVALID, "x.example",
	  "SIZE 18446744073709551616", 0, "", "SMTP_EHLO_PARAM@24" },
	/* keywords are case-insensitive (RFC 5321 2.4) */
	{ "250-x.example|250-pipelining|250-size 1000|250-Auth PLAIN|250 starttls", MP_OK, "x.example",
	  "pipelining|size 1000|Auth PLAIN|starttls", 1000,
	  "PIPELINING=;SIZE=1000;AUTH=PLAIN;StartTLS=", "" },
	/* duplicates, also in another case: reported, the first counts */
	{ "250-x.example|250-PIPELINING|250-SIZE 100|250 pipelining", MP_INVALID, "x.example",
	  "PIPELINING|SIZE 100", 100, "PIPELINING=", "SMTP_EHLO_DUPLICATE@49" },
	{ "250-x.example|250-8BITMIME|250-8BITMIME|250 8bitmime", MP_INVALID, "x.example",
	  "8BITMIME", 0, "8BITMIME=",
	  "SMTP_EHLO_DUPLICATE@33 SMTP_EHLO_DUPLICATE@47" },
	{ "250-x.example|250-SIZE 100|250 SIZE 200", MP_INVALID, "x.example",
	  "SIZE 100", 100, "SIZE=100", "SMTP_EHLO_DUPLICATE@33" },
	/* AUTH: 1*(SP sasl-mech), sasl-mech upper-case 1*20 (RFC 4954 3, RFC 4422 3.1) */
	{ "250-x.example|250 AUTH SCRAM-SHA-256 XOAUTH2 OAUTHBEARER GSSAPI DIGEST-MD5 NTLM",
	  MP_OK, "x.example", "AUTH SCRAM-SHA-256 XOAUTH2 OAUTHBEARER GSSAPI DIGEST-MD5 NTLM", 0,
	  "auth=SCRAM-SHA-256 XOAUTH2 OAUTHBEARER GSSAPI DIGEST-MD5 NTLM", "" },
	{ "250-x.example|250 AUTH", MP_INVALID, "x.example", "AUTH", 0, "AUTH=", "SMTP_EHLO_PARAM@19" },
	{ "250-x.example|250 AUTH plain login", MP_INVALID, "x.example", "AUTH plain login", 0, "",
	  "SMTP_EHLO_PARAM@24" },
	{ "250-x.example|250 AUTH PLAIN ABCDEFGHIJKLMNOPQRSTU", MP_INVALID, "x.example",
	  "AUTH PLAIN ABCDEFGHIJKLMNOPQRSTU", 0, "", "SMTP_EHLO_PARAM@30" },
	{ "250-x.example|250 AUTH PLAIN L@GIN", MP_INVALID, "x.example", "AUTH PLAIN L@GIN", 0, "",
	  "SMTP_EHLO_PARAM@30" },
	/* ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-"), ehlo-param
	 * = 1*(%d33-126), one SP between (RFC 5321 4.1.1.1) */
	{ "250-x.example|250-X-EXPS GSSAPI NTLM|250-XCLIENT NAME ADDR PORT PROTO HELO LOGIN|250 8BITMIME",
	  MP_OK, "x.example", "X-EXPS GSSAPI NTLM|XCLIENT NAME ADDR PORT PROTO HELO LOGIN|8BITMIME", 0,
	  "x-exps=GSSAPI NTLM;XCLIENT=NAME ADDR PORT PROTO HELO LOGIN", "" },
	{ "250-x.example|250-XFOO a=b,c/d[e]~|250 X1", MP_OK, "x.example", "XFOO a=b,c/d[e]~|X1", 0,
	  "XFOO=a=b,c/d[e]~", "" },
	{ "250-x.example|250--PIPELINING|250 8BITMIME", MP_INVALID, "x.example", "8BITMIME", 0,
	  "!-PIPELINING;!PIPELINING", "SMTP_EHLO_LINE@19" },
	{ "250-x.example|250-|250 8BITMIME", MP_INVALID, "x.example", "8BITMIME", 0, "",
	  "SMTP_EHLO_LINE@19" },
	{ "250-x.example|250- PIPELINING|250 8BITMIME", MP_INVALID, "x.example", "8BITMIME", 0, "",
	  "SMTP_EHLO_LINE@19" },
	{ "250-x.example|250-PIPELINING |250 8BITMIME", MP_INVALID, "x.example", "8BITMIME", 0,
	  "!PIPELINING", "SMTP_EHLO_LINE@19" },
	{ "250-x.example|250-XFOO a  b|250 8BITMIME", MP_INVALID, "x.example", "8BITMIME", 0, "",
	  "SMTP_EHLO_LINE@19" },
	{ "250-x.example|250-XFOO  b|250 8BITMIME", MP_INVALID, "x.example", "8BITMIME", 0, "!XFOO",
	  "SMTP_EHLO_LINE@19" },
	{ "250-x.example|250-XFOO\tb|250 8BITMIME", MP_INVALID, "x.example", "8BITMIME", 0, "",
	  "SMTP_EHLO_LINE@19" },
	{ "250-x.example|250-XFOO a\tb|250 8BITMIME", MP_INVALID, "x.example", "8BITMIME", 0, "",
	  "SMTP_EHLO_LINE@19" },
	{ "250-x.example|250-X.FOO|250 8BITMIME", MP_INVALID, "x.example", "8BITMIME", 0, "",
	  "SMTP_EHLO_LINE@19" },
	{ "250-x.example|250-SMTP\xc3\x9cTF8|250 8BITMIME", MP_INVALID, "x.example", "8BITMIME", 0, "",
	  "SMTP_REPLY_TEXT@23 SMTP_EHLO_LINE@19" },
	/* the first line: Domain [SP ehlo-greet] */
	{ "250 mx.example.com", MP_OK, "mx.example.com", "", 0, "!PIPELINING", "" },
	{ "250 mx.example.com at your service, [192.0.2.7]", MP_OK, "mx.example.com", "", 0, "", "" },
	{ "250-bad_host.example|250 8BITMIME", MP_INVALID, "bad_host.example", "8BITMIME", 0, "8BITMIME=",
	  "SMTP_EHLO_DOMAIN@4" },
	{ "250-|250 8BITMIME", MP_INVALID, "", "8BITMIME", 0, "", "SMTP_EHLO_DOMAIN@4" },
	{ "250- mx.example|250 8BITMIME", MP_INVALID, "", "8BITMIME", 0, "", "SMTP_EHLO_DOMAIN@4" },
	{ "250-[192.0.2.1]|250 8BITMIME", MP_OK, "[192.0.2.1]", "8BITMIME", 0, "", "" },
};

static void render_caps(mpt_log *l, const mp_smtp_caps *c)
{
	for (size_t i = 0; i < c->n; i++) {
		mpt_log_printf(l, "%s", i ? "|" : "");
		mpt_log_bytes(l, c->v[i].keyword.p, c->v[i].keyword.n);
		if (c->v[i].params.n) {
			mpt_log_printf(l, " ");
			mpt_log_bytes(l, c->v[i].params.p, c->v[i].params.n);
		}
	}
	if (l->p == NULL)
		mpt_log_printf(l, "%s", "");
}

/* Runs the "kw=params;!kw" queries; "" when all answer as stated, else
 * what went wrong. */
static void check_has(const mp_smtp_caps *c, const char *q, char *err, size_t cap)
{
	char buf[512];
	err[0] = '\0';
	snprintf(buf, sizeof buf, "%s", q);
	for (char *it = buf, *next; *it; it = next) {
		char *semi = strchr(it, ';');
		next = semi ? semi + 1 : it + strlen(it);
		if (semi)
			*semi = '\0';
		bool want = it[0] != '!';
		char *kw = want ? it : it + 1;
		char *eq = want ? strchr(kw, '=') : NULL;
		const char *params = "";
		if (eq) {
			*eq = '\0';
			params = eq + 1;
		}
		mp_slice got = MP_SLICE("?", 1);
		bool has = mp_smtp_caps_has(c, kw, &got);
		if (has != want || (want && !mp_slice_eq(got, cs(params)))) {
			snprintf(err, cap, "has(%s) = %d '%.*s', want %d '%s'", kw, has,
				 has ? (int)got.n : 0, has ? (const char *)got.p : "",
				 want, params);
			return;
		}
	}
}

static void test_ehlo_caps(void **state)
{
	(void)state;
	for (size_t i = 0; i < MP_ARRAY_LEN(ehlo_cases); i++) {
		const struct ehlo_case *t = &ehlo_cases[i];
		char buf[1024], got[512], err[256];
		mp_slice lines[32];
		uint64_t offs[32];
		uint8_t mem[4096];
		mp_arena a;
		mp_diag dv[DV];
		mp_diags d;
		mp_smtp_reply r;
		mp_smtp_caps c;
		mpt_log l = { 0 };
		size_t n = split_lines(t->in, buf, sizeof buf, lines, offs, 32);
		mp_arena_init(&a, mem, sizeof mem);
		mp_diags_init(&d, dv, DV);
		mp_smtp_reply_parse(lines, offs, n, &a, &r, &d);
		mp_rc rc = mp_smtp_ehlo_parse(&r, &a, &c, &d);
		fmt_diags(&d, 0, got, sizeof got);
		render_caps(&l, &c);
		check_has(&c, t->has, err, sizeof err);
		ncases++;
		if (rc != t->rc || strcmp(got, t->diags) != 0)
			BAD_CASE("ehlo %zu '%s': got %s '%s', want %s '%s'", i, t->in,
				 mp_rc_name(rc), got, mp_rc_name(t->rc), t->diags);
		if (!mp_slice_eq(c.domain, cs(t->domain)) || strcmp(l.p, t->caps) != 0 ||
		    c.size_max != t->size_max)
			BAD_CASE("ehlo %zu '%s': got domain '%.*s' caps '%s' size %llu, want '%s' '%s' %llu",
				 i, t->in, (int)c.domain.n, c.domain.p, l.p,
				 (unsigned long long)c.size_max, t->domain, t->caps,
				 (unsigned long long)t->size_max);
		if (err[0])
			BAD_CASE("ehlo %zu '%s': %s", i, t->in, err);
		/* every cap lies in its line; its offset is the line's text */
		for (size_t k = 0; k < c.n; k++) {
			size_t li = 0;
			while (li < n && !(c.v[k].keyword.p >= lines[li].p &&
					   c.v[k].keyword.p < lines[li].p + lines[li].n))
				li++;
			if (li == n || c.v[k].off != offs[li] + 4)
				BAD_CASE("ehlo %zu cap %zu: offset %llu", i, k,
					 (unsigned long long)c.v[k].off);
		}
		mpt_log_free(&l);
	}
	/* the arena holds the capability list */
	mp_slice l2[3] = { MP_LIT("250-x.example"), MP_LIT("250-PIPELINING"), MP_LIT("250 DSN") };
	uint64_t o2[3] = { BASE, BASE + 15, BASE + 31 };
	uint8_t mem[sizeof(mp_smtp_reply_line) * 3 + sizeof(mp_smtp_cap) * 2 + 64];
	mp_arena a;
	mp_diag dv[4];
	mp_diags d;
	mp_smtp_reply r;
	mp_smtp_caps c;
	mp_arena_init(&a, mem, sizeof(mp_smtp_reply_line) * 3 + 8);
	mp_diags_init(&d, dv, 4);
	assert_int_equal(mp_smtp_reply_parse(l2, o2, 3, &a, &r, &d), MP_OK);
	assert_int_equal(mp_smtp_ehlo_parse(&r, &a, &c, &d), MP_NOSPACE);
	assert_int_equal(d.n, 1);
	assert_int_equal(dv[0].rule, MP_R_ARENA_FULL);
	assert_int_equal(dv[0].offset, BASE);
	mp_arena_init(&a, mem, sizeof mem);
	assert_int_equal(mp_smtp_reply_parse(l2, o2, 3, &a, &r, &d), MP_OK);
	assert_int_equal(mp_smtp_ehlo_parse(&r, &a, &c, &d), MP_OK);
	assert_int_equal(c.n, 2);
	/* a reply with no lines */
	r.nlines = 0;
	assert_int_equal(mp_smtp_ehlo_parse(&r, &a, &c, &d), MP_INVALID);
	assert_int_equal(c.n, 0);
	ncases += 3;
	cases_done();
}

/* ---- printers and JSON ------------------------------------------------- */

static const struct {
	const char *in;
	unsigned flags;
	mp_rc rc; /* of both parses */
	const char *want;
} write_cases[] = {
	/* every verb */
	{ "HELO relay.example.org", 0, OK, "HELO relay.example.org\r\n" },
	{ "EHLO relay.example.org", 0, OK, "EHLO relay.example.org\r\n" },
	{ "EHLO [192.0.2.1]", 0, OK, "EHLO [192.0.2.1]\r\n" },
	{ "EHLO [IPv6:2001:db8::1]", 0, OK, "EHLO [IPv6:2001:db8::1]\r\n" },
	{ "MAIL FROM:<a@b.example>", 0, OK, "MAIL FROM:<a@b.example>\r\n" },
	{ "RCPT TO:<a@b.example>", 0, OK, "RCPT TO:<a@b.example>\r\n" },
	{ "DATA", 0, OK, "DATA\r\n" },
	{ "BDAT 1000", 0, OK, "BDAT 1000\r\n" },
	{ "BDAT 0 LAST", 0, OK, "BDAT 0 LAST\r\n" },
	{ "RSET", 0, OK, "RSET\r\n" },
	{ "VRFY Smith", 0, OK, "VRFY Smith\r\n" },
	{ "VRFY <smith@example.com>", 0, OK, "VRFY <smith@example.com>\r\n" },
	{ "EXPN Example-People", 0, OK, "EXPN Example-People\r\n" },
	{ "HELP", 0, OK, "HELP\r\n" },
	{ "HELP MAIL", 0, OK, "HELP MAIL\r\n" },
	{ "NOOP", 0, OK, "NOOP\r\n" },
	{ "NOOP anything at all", 0, OK, "NOOP anything at all\r\n" },
	{ "QUIT", 0, OK, "QUIT\r\n" },
	{ "STARTTLS", 0, OK, "STARTTLS\r\n" },
	{ "AUTH LOGIN", 0, OK, "AUTH LOGIN\r\n" },
	{ "AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=", 0, OK, "AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n" },
	{ "AUTH EXTERNAL =", 0, OK, "AUTH EXTERNAL =\r\n" },
	{ "XCLIENT ADDR=192.0.2.1", 0, OK, "XCLIENT ADDR=192.0.2.1\r\n" },
	/* verbs upper-cased, arguments as sent */
	{ "quit", 0, OK, "QUIT\r\n" },
	{ "ehlo Relay.Example.ORG", 0, OK, "EHLO Relay.Example.ORG\r\n" },
	{ "Mail From:<Smith@Bar.com>", 0, OK, "MAIL FROM:<Smith@Bar.com>\r\n" },
	{ "rcpt to:<Jones@foo.com> notify=never", 0, OK, "RCPT TO:<Jones@foo.com> notify=never\r\n" },
	{ "bdat 5 last", 0, OK, "BDAT 5 last\r\n" },
	{ "auth plain dGVzdAB0ZXN0AHRlc3Q=", 0, OK, "AUTH plain dGVzdAB0ZXN0AHRlc3Q=\r\n" },
	{ "xfoo bar", 0, OK, "XFOO bar\r\n" },
	/* MAIL with every ESMTP parameter */
	{ "MAIL FROM:<a@b> SIZE=100 BODY=8BITMIME RET=HDRS ENVID=QQ314159 AUTH=<>", 0, OK,
	  "MAIL FROM:<a@b> SIZE=100 BODY=8BITMIME RET=HDRS ENVID=QQ314159 AUTH=<>\r\n" },
	{ "MAIL FROM:<j\xc3\xbcrgen@example.com> BODY=8BITMIME SMTPUTF8 AUTH=e+3Dmc2@example.com", 0, OK,
	  "MAIL FROM:<j\xc3\xbcrgen@example.com> BODY=8BITMIME SMTPUTF8 AUTH=e+3Dmc2@example.com\r\n" },
	{ "MAIL FROM:<a@b> BODY=BINARYMIME SIZE=0 XFOO X-BAR=baz", 0, OK,
	  "MAIL FROM:<a@b> BODY=BINARYMIME SIZE=0 XFOO X-BAR=baz\r\n" },
	{ "RCPT TO:<a@b> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=rfc822;Bob@Example.COM", 0, OK,
	  "RCPT TO:<a@b> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=rfc822;Bob@Example.COM\r\n" },
	/* paths: null, Postmaster, quoted local parts, address literals */
	{ "MAIL FROM:<>", 0, OK, "MAIL FROM:<>\r\n" },
	{ "MAIL FROM:<> SIZE=0", 0, OK, "MAIL FROM:<> SIZE=0\r\n" },
	{ "RCPT TO:<Postmaster>", 0, OK, "RCPT TO:<Postmaster>\r\n" },
	{ "RCPT TO:<postmaster>", 0, OK, "RCPT TO:<postmaster>\r\n" },
	{ "MAIL FROM:<\"john doe\"@example.com>", 0, OK, "MAIL FROM:<\"john doe\"@example.com>\r\n" },
	{ "MAIL FROM:<\"a\\\"b\\\\c\"@x.example>", 0, OK, "MAIL FROM:<\"a\\\"b\\\\c\"@x.example>\r\n" },
	{ "MAIL FROM:<\"a>b\"@x.example>", 0, OK, "MAIL FROM:<\"a>b\"@x.example>\r\n" },
	{ "RCPT TO:<a@[192.0.2.1]>", 0, OK, "RCPT TO:<a@[192.0.2.1]>\r\n" },
	{ "RCPT TO:<a@[IPv6:2001:db8::1]>", 0, OK, "RCPT TO:<a@[IPv6:2001:db8::1]>\r\n" },
	{ "RCPT TO:<a@[IPv6:::ffff:192.0.2.1]>", 0, OK, "RCPT TO:<a@[IPv6:::ffff:192.0.2.1]>\r\n" },
	{ "RCPT TO:<a@[x-tag:abc]>", 0, OK, "RCPT TO:<a@[x-tag:abc]>\r\n" },
	/* source routes are obsolete (SHOULD NOT): MP_INVALID, printed as sent */
	{ "RCPT TO:<@hosta.int,@jkl.org:userc@d.bar.org>", 0, BAD,
	  "RCPT TO:<@hosta.int,@jkl.org:userc@d.bar.org>\r\n" },
	{ "MAIL FROM:<@a:u@c>", 0, BAD, "MAIL FROM:<@a:u@c>\r\n" },
	/* lenient parses print in the strict form */
	{ "MAIL FROM: <a@b>", LENI, OK, "MAIL FROM:<a@b>\r\n" },
	{ "MAIL FROM:a@b SIZE=10", LENI, OK, "MAIL FROM:<a@b> SIZE=10\r\n" },
	{ "MAIL FROM:<a@b> SIZE=1  BODY=7BIT", LENI, OK, "MAIL FROM:<a@b> SIZE=1 BODY=7BIT\r\n" },
	{ "MAIL  FROM:<a@b>", LENI, OK, "MAIL FROM:<a@b>\r\n" },
};

static const struct {
	const char *in; /* lines joined by "|" */
	const char *want;
} reply_write_cases[] = {
	{ "250 OK", "250 OK\r\n" },
	{ "250", "250\r\n" },
	{ "250 ", "250\r\n" },
	{ "220 mx.example.com ESMTP Postfix", "220 mx.example.com ESMTP Postfix\r\n" },
	{ "250-a|250-b|250 c", "250-a\r\n250-b\r\n250 c\r\n" },
	{ "250-mail.example.com|250-PIPELINING|250-SIZE 10240000|250 8BITMIME",
	  "250-mail.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 8BITMIME\r\n" },
	{ "220-mx.example ESMTP|220-|220", "220-mx.example ESMTP\r\n220-\r\n220\r\n" },
	{ "250 2.1.0 Ok", "250 2.1.0 Ok\r\n" },
	{ "550 5.7.1 Relaying denied", "550 5.7.1 Relaying denied\r\n" },
	{ "550-5.1.1 No such user|550 5.1.1 here", "550-5.1.1 No such user\r\n550 5.1.1 here\r\n" },
	{ "421 4.4.2 mx.example Error: timeout exceeded", "421 4.4.2 mx.example Error: timeout exceeded\r\n" },
	{ "354 End data with <CR><LF>.<CR><LF>", "354 End data with <CR><LF>.<CR><LF>\r\n" },
	{ "334 VXNlcm5hbWU6", "334 VXNlcm5hbWU6\r\n" },
	/* continue-req = "334" SP [base64] CRLF (RFC 4954 4) */
	{ "334 ", "334 \r\n" },
	{ "334", "334 \r\n" },
	{ "250 a\tb", "250 a\tb\r\n" },
};

/* Splits printed output at CRLF into lines at offsets from BASE. */
static size_t split_crlf(const uint8_t *out, size_t len, mp_slice *lines,
			 uint64_t *offs, size_t max)
{
	size_t n = 0, st = 0;
	for (size_t i = 0; i + 1 < len && n < max; i++) {
		if (out[i] == '\r' && out[i + 1] == '\n') {
			lines[n] = MP_SLICE(out + st, i - st);
			offs[n++] = BASE + st;
			st = i + 2;
			i++;
		}
	}
	return n;
}

#define GUARD 0xA5

/* Every capacity below len is MP_NOSPACE with *len_r 0 and nothing
 * written past cap; len itself fits. */
static void check_nospace(const char *what, const mp_smtp_cmd *c,
			  const mp_smtp_reply *r, size_t len)
{
	uint8_t out[1024];
	assert_true(len < sizeof out);
	for (size_t cap = 0; cap <= len; cap++) {
		size_t got = 12345;
		memset(out, GUARD, sizeof out);
		mp_rc rc = c ? mp_smtp_cmd_write(c, out, cap, &got)
			     : mp_smtp_reply_write(r, out, cap, &got);
		mp_rc want = cap < len ? MP_NOSPACE : MP_OK;
		ncases++;
		if (rc != want || got != (cap < len ? 0 : len))
			BAD_CASE("%s cap %zu of %zu: got %s len %zu, want %s", what, cap, len,
				 mp_rc_name(rc), got, mp_rc_name(want));
		for (size_t k = cap; k < sizeof out; k++)
			if (out[k] != GUARD) {
				BAD_CASE("%s cap %zu: byte %zu written", what, cap, k);
				break;
			}
	}
}

static void sink_log(void *ctx, const char *p, size_t n)
{
	mpt_log_printf(ctx, "%.*s", (int)n, p);
}

static void test_printers(void **state)
{
	(void)state;
	for (size_t i = 0; i < MP_ARRAY_LEN(write_cases); i++) {
		uint8_t mem[4096], mem2[4096], out[1024];
		mp_arena a, a2;
		mp_diag dv[DV];
		mp_diags d, d2;
		mp_smtp_cmd c, c2;
		mp_smtp_opts o = { write_cases[i].flags };
		size_t len = 0;
		const char *in = write_cases[i].in, *want = write_cases[i].want;
		mp_arena_init(&a, mem, sizeof mem);
		mp_arena_init(&a2, mem2, sizeof mem2);
		mp_diags_init(&d, dv, DV);
		mp_diags_init(&d2, dv, DV);
		mp_rc rc = mp_smtp_cmd_parse(cs(in), BASE, &o, &a, &c, &d);
		mp_rc wrc = mp_smtp_cmd_write(&c, out, sizeof out, &len);
		ncases++;
		if (rc != write_cases[i].rc || wrc != MP_OK || len != strlen(want) ||
		    memcmp(out, want, len) != 0) {
			BAD_CASE("write %zu '%s': parse %s, write %s '%.*s', want %s '%s'", i, in,
				 mp_rc_name(rc), mp_rc_name(wrc), (int)len, out,
				 mp_rc_name(write_cases[i].rc), want);
			continue;
		}
		/* the printed form stands alone: strict, UTF-8 as in the
		 * original parse */
		o.flags = (write_cases[i].flags & ~(unsigned)MP_SMTP_LENIENT);
		mp_rc rc2 = mp_smtp_cmd_parse(MP_SLICE(out, len - 2), BASE, &o, &a2, &c2, &d2);
		if (rc2 != write_cases[i].rc || !mp_smtp_cmd_eq(&c, &c2) || !mp_smtp_cmd_eq(&c2, &c))
			BAD_CASE("write %zu '%s': re-parse %s, equal %d", i, in, mp_rc_name(rc2),
				 mp_smtp_cmd_eq(&c, &c2));
		if (i % 8 == 0)
			check_nospace(in, &c, NULL, len);
	}
	/* _eq tells different commands apart */
	{
		static const char *const pairs[][2] = {
			{ "MAIL FROM:<a@b>", "RCPT TO:<a@b>" },
			{ "MAIL FROM:<a@b>", "MAIL FROM:<A@b>" },
			{ "MAIL FROM:<a@b> SIZE=1", "MAIL FROM:<a@b> SIZE=2" },
			{ "MAIL FROM:<a@b> SIZE=1", "MAIL FROM:<a@b>" },
			{ "BDAT 5", "BDAT 5 LAST" },
			{ "AUTH PLAIN", "AUTH PLAIN =" },
			{ "NOOP a", "NOOP b" },
			{ "XFOO", "XBAR" },
			{ "EHLO a.example", "HELO a.example" },
		};
		for (size_t i = 0; i < MP_ARRAY_LEN(pairs); i++) {
			uint8_t mem[4096], mem2[4096];
			mp_arena a, a2;
			mp_smtp_cmd c, c2;
			mp_arena_init(&a, mem, sizeof mem);
			mp_arena_init(&a2, mem2, sizeof mem2);
			mp_smtp_cmd_parse(cs(pairs[i][0]), 0, NULL, &a, &c, NULL);
			mp_smtp_cmd_parse(cs(pairs[i][1]), 0, NULL, &a2, &c2, NULL);
			ncases++;
			if (mp_smtp_cmd_eq(&c, &c2) || mp_smtp_cmd_eq(&c2, &c))
				BAD_CASE("eq '%s' '%s': equal", pairs[i][0], pairs[i][1]);
		}
	}
	for (size_t i = 0; i < MP_ARRAY_LEN(reply_write_cases); i++) {
		const char *in = reply_write_cases[i].in, *want = reply_write_cases[i].want;
		char buf[512];
		uint8_t out[1024], mem[2048], mem2[2048];
		mp_slice lines[8], lines2[8];
		uint64_t offs[8], offs2[8];
		mp_arena a, a2;
		mp_smtp_reply r, r2;
		size_t len = 0;
		size_t n = split_lines(in, buf, sizeof buf, lines, offs, 8);
		mp_arena_init(&a, mem, sizeof mem);
		mp_arena_init(&a2, mem2, sizeof mem2);
		mp_rc rc = mp_smtp_reply_parse(lines, offs, n, &a, &r, NULL);
		mp_rc wrc = mp_smtp_reply_write(&r, out, sizeof out, &len);
		ncases++;
		if (rc != MP_OK || wrc != MP_OK || len != strlen(want) || memcmp(out, want, len) != 0) {
			BAD_CASE("reply write %zu '%s': parse %s, write %s '%.*s', want '%s'", i, in,
				 mp_rc_name(rc), mp_rc_name(wrc), (int)len, out, want);
			continue;
		}
		size_t n2 = split_crlf(out, len, lines2, offs2, 8);
		mp_rc rc2 = mp_smtp_reply_parse(lines2, offs2, n2, &a2, &r2, NULL);
		if (rc2 != MP_OK || n2 != n || !mp_smtp_reply_eq(&r, &r2) || !mp_smtp_reply_eq(&r2, &r))
			BAD_CASE("reply write %zu '%s': re-parse %s %zu lines, equal %d", i, in,
				 mp_rc_name(rc2), n2, mp_smtp_reply_eq(&r, &r2));
		if (i % 3 == 0)
			check_nospace(in, NULL, &r, len);
	}
	/* _eq tells different replies apart */
	{
		static const char *const pairs[][2] = {
			{ "250 OK", "251 OK" },
			{ "250 OK", "250 Ok" },
			{ "250-a|250 b", "250 a" },
			{ "250 2.0.0 x", "250 2.0.1 x" },
		};
		for (size_t i = 0; i < MP_ARRAY_LEN(pairs); i++) {
			char b1[64], b2[64];
			uint8_t mem[1024], mem2[1024];
			mp_slice l1[4], l2[4];
			uint64_t o1[4], o2[4];
			mp_arena a, a2;
			mp_smtp_reply r, r2;
			size_t n1 = split_lines(pairs[i][0], b1, sizeof b1, l1, o1, 4);
			size_t n2 = split_lines(pairs[i][1], b2, sizeof b2, l2, o2, 4);
			mp_arena_init(&a, mem, sizeof mem);
			mp_arena_init(&a2, mem2, sizeof mem2);
			mp_smtp_reply_parse(l1, o1, n1, &a, &r, NULL);
			mp_smtp_reply_parse(l2, o2, n2, &a2, &r2, NULL);
			ncases++;
			if (mp_smtp_reply_eq(&r, &r2) || mp_smtp_reply_eq(&r2, &r))
				BAD_CASE("reply eq '%s' '%s': equal", pairs[i][0], pairs[i][1]);
		}
	}
	/* JSON: AUTH initial responses are never echoed */
	static const struct {
		const char *in, *want, *secret;
	} js[] = {
		{ "AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=",
		  "{\"verb\":\"AUTH\",\"known\":true,\"mechanism\":\"PLAIN\",\"initial_response\":true}",
		  "dGVzdAB0" },
		{ "AUTH LOGIN", "{\"verb\":\"AUTH\",\"known\":true,\"mechanism\":\"LOGIN\",\"initial_response\":false}",
		  NULL },
		{ "MAIL FROM:<\"j d\"@[IPv6:2001:db8::1]> SIZE=100 SMTPUTF8",
		  "{\"verb\":\"MAIL\",\"known\":true,\"path\":{\"raw\":\"<\\\"j d\\\"@[IPv6:2001:db8::1]>\","
		  "\"local\":\"\\\"j d\\\"\",\"domain\":\"[IPv6:2001:db8::1]\",\"host_kind\":\"ipv6\"},"
		  "\"params\":[{\"keyword\":\"SIZE\",\"value\":\"100\"},{\"keyword\":\"SMTPUTF8\"}]}", NULL },
		{ "MAIL FROM:<>", "{\"verb\":\"MAIL\",\"known\":true,\"path\":{\"raw\":\"<>\",\"null\":true,"
		  "\"local\":\"\",\"domain\":\"\",\"host_kind\":\"none\"},\"params\":[]}", NULL },
		{ "EHLO [192.0.2.1]", "{\"verb\":\"EHLO\",\"known\":true,\"host\":\"[192.0.2.1]\",\"host_kind\":\"ipv4\"}",
		  NULL },
		{ "BDAT 0 LAST", "{\"verb\":\"BDAT\",\"known\":true,\"chunk\":0,\"last\":true}", NULL },
		{ "xclient NAME=a", "{\"verb\":\"xclient\",\"known\":false,\"arg\":\"NAME=a\"}", NULL },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(js); i++) {
		uint8_t mem[4096];
		mp_arena a;
		mp_smtp_cmd c;
		mpt_log out = { 0 };
		mp_json j;
		mp_arena_init(&a, mem, sizeof mem);
		mp_smtp_cmd_parse(cs(js[i].in), 0, NULL, &a, &c, NULL);
		mp_json_init(&j, sink_log, &out);
		mp_json_obj_begin(&j);
		mp_smtp_cmd_json(&j, &c);
		mp_json_obj_end(&j);
		ncases++;
		if (strcmp(out.p, js[i].want) != 0)
			BAD_CASE("json '%s': got %s, want %s", js[i].in, out.p, js[i].want);
		if (js[i].secret && strstr(out.p, js[i].secret))
			BAD_CASE("json '%s': the initial response is echoed: %s", js[i].in, out.p);
		mpt_log_free(&out);
	}
	cases_done();
}

/* ---- stream readers (mp_smtp_next) ------------------------------------- */

struct rd_ctx {
	bool server;
	unsigned flags;
	mp_smtp_reader r;
	mp_arena a;
	uint8_t mem[1 << 16];
	mp_diag dv[DV];
	mp_diags d;
	size_t logged;
	bool in_data; /* a DATA or BDAT piece is open in the log */
};

static void rd_reset(void *c)
{
	struct rd_ctx *x = c;
	mp_smtp_opts o = { x->flags };
	mp_smtp_reader_init(&x->r, x->server, &o);
	mp_arena_init(&x->a, x->mem, sizeof x->mem);
	mp_diags_init(&x->d, x->dv, DV);
	x->logged = 0;
	x->in_data = false;
}

/* Lines up to 80 octets in full, longer ones by their head and length. */
static void log_line(mpt_log *log, mp_slice s)
{
	mpt_log_printf(log, " [");
	mpt_log_bytes(log, s.p, s.n > 80 ? 16 : s.n);
	if (s.n > 80)
		mpt_log_printf(log, "...%zu", s.n);
	mpt_log_printf(log, "]");
}

static void log_event(mpt_log *log, const mp_smtp_event *ev)
{
	unsigned long long off = (unsigned long long)ev->off;
	switch (ev->kind) {
	case MP_SMTP_EV_COMMAND:
		mpt_log_printf(log, "C@%llu ", off);
		render_cmd(log, &ev->cmd);
		break;
	case MP_SMTP_EV_SASL:
		mpt_log_printf(log, "A@%llu", off);
		log_line(log, ev->data);
		break;
	case MP_SMTP_EV_DATA_END:
		mpt_log_printf(log, "E@%llu", off);
		break;
	case MP_SMTP_EV_BDAT_END:
		mpt_log_printf(log, "BE@%llu", off);
		break;
	case MP_SMTP_EV_TLS:
		mpt_log_printf(log, "TLS@%llu", off);
		break;
	case MP_SMTP_EV_REPLY:
		mpt_log_printf(log, "R@%llu %u%s", off, ev->reply.code,
			       ev->greeting ? " greeting" : "");
		if (ev->reply.has_esc)
			mpt_log_printf(log, " esc=%u.%u.%u", ev->reply.esc[0],
				       ev->reply.esc[1], ev->reply.esc[2]);
		for (size_t i = 0; i < ev->reply.nlines; i++)
			log_line(log, ev->reply.lines[i].text);
		if (ev->has_caps) {
			mpt_log_printf(log, " caps=%zu:", ev->caps.n);
			render_caps(log, &ev->caps);
		}
		break;
	case MP_SMTP_EV_DATA:
	case MP_SMTP_EV_BDAT:
		break;
	}
	mpt_log_printf(log, "\n");
}

static void rd_diags(struct rd_ctx *x, mpt_log *log)
{
	for (; x->logged < x->d.n; x->logged++)
		mpt_log_printf(log, "  %s@%llu\n", mp_rule_name(x->d.v[x->logged].rule),
			       (unsigned long long)x->d.v[x->logged].offset);
}

/* DATA and BDAT pieces are merged into one "D@off [...]" / "B@off [...]"
 * entry, with the diags of that stretch after it: a split cuts pieces
 * differently, and the log states events, not chunking. */
static size_t rd_feed(void *c, const uint8_t *buf, size_t len, bool eof,
		      mpt_log *log)
{
	struct rd_ctx *x = c;
	size_t pos = 0, used;
	mp_smtp_event ev;
	for (;;) {
		mp_arena_reset(&x->a);
		mp_rc rc = mp_smtp_next(&x->r, buf + pos, len - pos, eof, &x->a, &ev,
					&used, &x->d);
		if (used > len - pos)
			abort();
		if (rc == MP_OK && ev.data.n &&
		    (ev.data.p < buf + pos || ev.data.p + ev.data.n > buf + len))
			abort();
		pos += used;
		if (rc == MP_OK &&
		    (ev.kind == MP_SMTP_EV_DATA || ev.kind == MP_SMTP_EV_BDAT)) {
			if (!x->in_data)
				mpt_log_printf(log, "%s@%llu [", ev.kind == MP_SMTP_EV_DATA ? "D" : "B",
					       (unsigned long long)ev.off);
			x->in_data = true;
			mpt_log_bytes(log, ev.data.p, ev.data.n);
			continue;
		}
		if (rc == MP_OK) {
			if (x->in_data) {
				mpt_log_printf(log, "]\n");
				x->in_data = false;
				rd_diags(x, log);
			}
			log_event(log, &ev);
			rd_diags(x, log);
			continue;
		}
		if (!x->in_data)
			rd_diags(x, log);
		break;
	}
	if (eof) {
		if (x->in_data) {
			mpt_log_printf(log, "]\n");
			x->in_data = false;
		}
		rd_diags(x, log);
		if (x->d.dropped)
			mpt_log_printf(log, "  dropped %zu\n", x->d.dropped);
	}
	return pos;
}

struct smtp_stream {
	const char *name;
	bool server;
	unsigned flags;
	const char *in;
	size_t n; /* 0: strlen(in) */
	const char *want;
};

static void run_smtp_stream(const struct smtp_stream *t, const uint8_t *in, size_t n,
			    size_t max_all, bool guard)
{
	struct rd_ctx *x = calloc(1, sizeof(*x));
	assert_non_null(x);
	x->server = t->server;
	x->flags = t->flags;
	mpt_reader r = { rd_reset, rd_feed, x };
	mpt_log whole = { 0 };
	char *err = mpt_check_splits(&r, in, n, max_all, guard, &whole);
	ncases++;
	if (err) {
		BAD_CASE("%s: %s", t->name, err);
		free(err);
	}
	if (strcmp(whole.p ? whole.p : "", t->want) != 0)
		BAD_CASE("%s: got\n%s\nwant\n%s", t->name, whole.p ? whole.p : "", t->want);
	mpt_log_free(&whole);
	free(x);
}

#define TLS_HELLO "\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03QUIT\r\n\x00\x01"

#define BDAT_IN \
	"EHLO c.example\r\nMAIL FROM:<a@b.example> BODY=BINARYMIME\r\nRCPT TO:<c@d.example>\r\n" \
	"BDAT 11\r\n.\r\nQUIT\r\n\x00\xff" "BDAT 5 LAST\r\nabcdeQUIT\r\n"

static const struct smtp_stream smtp_streams[] = {
	{ "client session", false, 0,
	  "EHLO client.example.net\r\n"
	  "MAIL FROM:<alice@example.net> SIZE=40\r\n"
	  "RCPT TO:<bob@example.com>\r\n"
	  "DATA\r\n"
	  "Subject: hi\r\n"
	  "\r\n"
	  "..leading dot\r\n"
	  ".\r\n"
	  "QUIT\r\n", 0,
	  "C@0 EHLO host=client.example.net/domain\n"
	  "C@25 MAIL path=<alice@example.net> local=alice domain=example.net/domain SIZE=40#40\n"
	  "C@64 RCPT path=<bob@example.com> local=bob domain=example.com/domain\n"
	  "C@91 DATA\n"
	  "D@97 [Subject: hi\\x0d\\x0a\\x0d\\x0a.leading dot\\x0d\\x0a]\n"
	  "E@127\n"
	  "C@130 QUIT\n" },
	{ "server session", true, 0,
	  "220 mx.example.com ESMTP Postfix\r\n"
	  "250-mx.example.com\r\n"
	  "250-PIPELINING\r\n"
	  "250-SIZE 10240000\r\n"
	  "250-ENHANCEDSTATUSCODES\r\n"
	  "250 8BITMIME\r\n"
	  "250 2.1.0 Ok\r\n"
	  "250 2.1.5 Ok\r\n"
	  "354 End data with <CR><LF>.<CR><LF>\r\n"
	  "250 2.0.0 Ok: queued as 4Tq1x22Zbkz\r\n"
	  "221 2.0.0 Bye\r\n", 0,
	  "R@0 220 greeting [mx.example.com ESMTP Postfix]\n"
	  "R@34 250 [mx.example.com] [PIPELINING] [SIZE 10240000] [ENHANCEDSTATUSCODES] [8BITMIME] caps=4:PIPELINING|SIZE 10240000|ENHANCEDSTATUSCODES|8BITMIME\n"
	  "R@128 250 esc=2.1.0 [2.1.0 Ok]\n"
	  "R@142 250 esc=2.1.5 [2.1.5 Ok]\n"
	  "R@156 354 [End data with <CR><LF>.<CR><LF>]\n"
	  "R@193 250 esc=2.0.0 [2.0.0 Ok: queued as 4Tq1x22Zbkz]\n"
	  "R@230 221 esc=2.0.0 [2.0.0 Bye]\n" },
	/* RFC 2920: MAIL, RCPT, RCPT, DATA sent in one go, then the body,
	 * RSET and another transaction */
	{ "client pipelining", false, 0,
	  "MAIL FROM:<> BODY=8BITMIME\r\nRCPT TO:<a@x.example> NOTIFY=NEVER\r\n"
	  "RCPT TO:<Postmaster>\r\nDATA\r\nbody\r\n.\r\nRSET\r\nNOOP\r\n"
	  "MAIL FROM:<b@y.example>\r\nRCPT TO:<c@[192.0.2.1]>\r\nDATA\r\n.\r\nQUIT\r\n", 0,
	  "C@0 MAIL path=<> null BODY=8BITMIME\n"
	  "C@28 RCPT path=<a@x.example> local=a domain=x.example/domain NOTIFY=NEVER\n"
	  "C@64 RCPT path=<Postmaster> local=Postmaster postmaster\n"
	  "C@86 DATA\n"
	  "D@92 [body\\x0d\\x0a]\n"
	  "E@98\n"
	  "C@101 RSET\n"
	  "C@107 NOOP\n"
	  "C@113 MAIL path=<b@y.example> local=b domain=y.example/domain\n"
	  "C@138 RCPT path=<c@[192.0.2.1]> local=c domain=[192.0.2.1]/ipv4\n"
	  "C@163 DATA\n"
	  "E@169\n"
	  "C@172 QUIT\n" },
	{ "server pipelined replies", true, 0,
	  "220 mx.example ESMTP\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n"
	  "550-5.1.1 <c@x.example>: Recipient address rejected:\r\n550 5.1.1 User unknown\r\n"
	  "354 go ahead\r\n", 0,
	  "R@0 220 greeting [mx.example ESMTP]\n"
	  "R@22 250 esc=2.1.0 [2.1.0 Ok]\n"
	  "R@36 250 esc=2.1.5 [2.1.5 Ok]\n"
	  "R@50 550 esc=5.1.1 [5.1.1 <c@x.example>: Recipient address rejected:] [5.1.1 User unknown]\n"
	  "R@128 354 [go ahead]\n" },
	/* RFC 3030: chunks are opaque octets, dots and CRLFs included */
	{ "client bdat", false, 0, BDAT_IN, sizeof(BDAT_IN) - 1,
	  "C@0 EHLO host=c.example/domain\n"
	  "C@16 MAIL path=<a@b.example> local=a domain=b.example/domain BODY=BINARYMIME\n"
	  "C@57 RCPT path=<c@d.example> local=c domain=d.example/domain\n"
	  "C@80 BDAT chunk=11\n"
	  "B@89 [.\\x0d\\x0aQUIT\\x0d\\x0a\\x00\\xff]\n"
	  "BE@100\n"
	  "C@100 BDAT chunk=5 LAST\n"
	  "B@113 [abcde]\n"
	  "BE@118\n"
	  "C@118 QUIT\n" },
	{ "client bdat 0 last", false, 0,
	  "BDAT 3\r\nabcBDAT 0 LAST\r\nRSET\r\n", 0,
	  "C@0 BDAT chunk=3\n"
	  "B@8 [abc]\n"
	  "BE@11\n"
	  "C@11 BDAT chunk=0 LAST\n"
	  "BE@24\n"
	  "C@24 RSET\n" },
	{ "client bdat truncated", false, 0,
	  "BDAT 10 LAST\r\nabc", 0,
	  "C@0 BDAT chunk=10 LAST\n"
	  "B@14 [abc]\n"
	  "  SMTP_BDAT_TRUNCATED@17\n" },
	/* RFC 4954: PLAIN with an initial response needs no SASL line */
	{ "client auth plain", false, 0,
	  "EHLO c.example\r\nAUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\nMAIL FROM:<a@b.example> AUTH=<>\r\n", 0,
	  "C@0 EHLO host=c.example/domain\n"
	  "C@16 AUTH mech=PLAIN ir=dGVzdAB0ZXN0AHRlc3Q=\n"
	  "C@49 MAIL path=<a@b.example> local=a domain=b.example/domain AUTH=<>\n" },
	{ "client auth plain, empty initial response", false, 0,
	  "AUTH PLAIN =\r\nNOOP\r\n", 0,
	  "C@0 AUTH mech=PLAIN ir==\n"
	  "C@14 NOOP\n" },
	{ "client auth plain, no initial response", false, 0,
	  "AUTH PLAIN\r\ndGVzdAB0ZXN0AHRlc3Q=\r\nNOOP\r\n", 0,
	  "C@0 AUTH mech=PLAIN\n"
	  "A@12 [dGVzdAB0ZXN0AHRlc3Q=]\n"
	  "C@34 NOOP\n" },
	{ "client auth login", false, 0,
	  "AUTH LOGIN\r\ndXNlcg==\r\ncGFzcw==\r\nMAIL FROM:<a@b.example>\r\n", 0,
	  "C@0 AUTH mech=LOGIN\n"
	  "A@12 [dXNlcg==]\n"
	  "A@22 [cGFzcw==]\n"
	  "C@32 MAIL path=<a@b.example> local=a domain=b.example/domain\n" },
	{ "client auth login cancelled", false, 0,
	  "AUTH LOGIN\r\n*\r\nNOOP\r\n", 0,
	  "C@0 AUTH mech=LOGIN\n"
	  "A@12 [*]\n"
	  "C@15 NOOP\n" },
	{ "client auth bad sasl line", false, 0,
	  "AUTH LOGIN\r\nnot base64!\r\ncGFzcw==\r\nQUIT\r\n", 0,
	  "C@0 AUTH mech=LOGIN\n"
	  "A@12 [not base64!]\n"
	  "  SMTP_SASL_LINE@12\n"
	  "A@25 [cGFzcw==]\n"
	  "C@35 QUIT\n" },
	{ "server auth login", true, 0,
	  "220 mx.example ESMTP\r\n250-mx.example\r\n250 AUTH PLAIN LOGIN\r\n"
	  "334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n235 2.7.0 Authentication successful\r\n", 0,
	  "R@0 220 greeting [mx.example ESMTP]\n"
	  "R@22 250 [mx.example] [AUTH PLAIN LOGIN] caps=1:AUTH PLAIN LOGIN\n"
	  "R@60 334 [VXNlcm5hbWU6]\n"
	  "R@78 334 [UGFzc3dvcmQ6]\n"
	  "R@96 235 esc=2.7.0 [2.7.0 Authentication successful]\n" },
	/* RFC 3207: TLS bytes after STARTTLS make the rest opaque */
	{ "client starttls", false, 0,
	  "EHLO c.example\r\nSTARTTLS\r\n" TLS_HELLO, sizeof("EHLO c.example\r\nSTARTTLS\r\n" TLS_HELLO) - 1,
	  "C@0 EHLO host=c.example/domain\n"
	  "C@16 STARTTLS\n"
	  "TLS@26\n" },
	{ "client starttls refused", false, 0,
	  "STARTTLS\r\nQUIT\r\n", 0,
	  "C@0 STARTTLS\n"
	  "C@10 QUIT\n" },
	{ "server starttls", true, 0,
	  "220 mx.example ESMTP\r\n250-mx.example\r\n250 STARTTLS\r\n220 2.0.0 Ready to start TLS\r\n"
	  "\x16\x03\x03\x00\x7a\x02\x00\x00\x76\x03\x03" "250 x\r\n",
	  sizeof("220 mx.example ESMTP\r\n250-mx.example\r\n250 STARTTLS\r\n220 2.0.0 Ready to start TLS\r\n"
		 "\x16\x03\x03\x00\x7a\x02\x00\x00\x76\x03\x03" "250 x\r\n") - 1,
	  "R@0 220 greeting [mx.example ESMTP]\n"
	  "R@22 250 [mx.example] [STARTTLS] caps=1:STARTTLS\n"
	  "R@52 220 esc=2.0.0 [2.0.0 Ready to start TLS]\n"
	  "TLS@82\n" },
	/* greetings: 220 or 554 (RFC 5321 3.1), 421 (3.8) */
	{ "server greeting 421", true, 0,
	  "421 4.3.2 mx.example too busy, try later\r\n", 0,
	  "R@0 421 greeting esc=4.3.2 [4.3.2 mx.example too busy, try later]\n" },
	{ "server greeting 554", true, 0,
	  "554 5.7.1 No SMTP service here\r\n221 bye\r\n", 0,
	  "R@0 554 greeting esc=5.7.1 [5.7.1 No SMTP service here]\n"
	  "R@32 221 [bye]\n" },
	{ "server bad greeting", true, 0,
	  "250 mx.example ready\r\n220 mx.example\r\n", 0,
	  "R@0 250 greeting [mx.example ready]\n"
	  "  SMTP_GREETING_CODE@0\n"
	  "R@22 220 [mx.example]\n" },
	{ "server multi-line greeting", true, 0,
	  "220-mx.example ESMTP\r\n220-no UCE\r\n220 \r\n", 0,
	  "R@0 220 greeting [mx.example ESMTP] [no UCE] []\n" },
	{ "server reply errors", true, 0,
	  "220 mx\r\n250-a\r\n251 b\r\n550-5.7.1 a\r\n550 5.7.2 b\r\n250 ok\nxyz\r\n", 0,
	  "R@0 220 greeting [mx]\n"
	  "R@8 250 [a] [b] caps=1:b\n"
	  "  SMTP_REPLY_CODE_MISMATCH@15\n"
	  "R@22 550 esc=5.7.1 [5.7.1 a] [5.7.2 b]\n"
	  "  SMTP_ESC_INCONSISTENT@22\n"
	  "R@48 250 [ok]\n"
	  "  SMTP_BARE_LF@54\n"
	  "R@55 0 [xyz]\n"
	  "  SMTP_REPLY_CODE@55\n" },
	/* a "-" line cut by the end of the stream leaves the reply open */
	{ "server reply truncated", true, 0,
	  "220 mx\r\n250-mx.example\r\n250-PIPELINING", 0,
	  "R@0 220 greeting [mx]\n"
	  "R@8 250 [mx.example] [PIPELINING] caps=1:PIPELINING\n"
	  "  SMTP_REPLY_TRUNCATED@38\n" },
	/* bare LF (RFC 5321 2.3.8): the reader flags it on command lines;
	 * in DATA content only where it makes an ambiguous end of data
	 * (content checks are mp_8bitck's); strict: "." LF ends nothing and
	 * its dot is taken as stuffing */
	{ "client bare lf in data", false, 0,
	  "DATA\r\nline one\nline two\r\n.\nstill data\r\n.\r\nQUIT\r\n", 0,
	  "C@0 DATA\n"
	  "D@6 [line one\\x0aline two\\x0d\\x0a\\x0astill data\\x0d\\x0a]\n"
	  "  WIRE_EOD_CRLF_DOT_LF@23\n"
	  "E@39\n"
	  "C@42 QUIT\n" },
	{ "client bare lf in data, lenient", false, LENI,
	  "DATA\r\nline one\nline two\r\n.\nQUIT\r\n", 0,
	  "C@0 DATA\n"
	  "D@6 [line one\\x0aline two\\x0d\\x0a]\n"
	  "  WIRE_DOT_END_BARE_LF@25\n"
	  "  WIRE_EOD_CRLF_DOT_LF@23\n"
	  "E@25\n"
	  "C@27 QUIT\n" },
	{ "client bare lf command", false, 0,
	  "NOOP\nQUIT\r\n", 0,
	  "C@0 NOOP\n"
	  "  SMTP_BARE_LF@4\n"
	  "C@5 QUIT\n" },
	{ "client data truncated", false, 0,
	  "DATA\r\nSubject: x\r\n\r\nbody", 0,
	  "C@0 DATA\n"
	  "D@6 [Subject: x\\x0d\\x0a\\x0d\\x0abody]\n"
	  "  SMTP_DATA_TRUNCATED@24\n" },
	{ "client data smuggling", false, 0,
	  "DATA\r\na\r\n.\nMAIL FROM:<x@y.example>\r\n.\r\n", 0,
	  "C@0 DATA\n"
	  "D@6 [a\\x0d\\x0a\\x0aMAIL FROM:<x@y.example>\\x0d\\x0a]\n"
	  "  WIRE_EOD_CRLF_DOT_LF@7\n"
	  "E@36\n" },
	/* SMTPUTF8 on MAIL lets the RCPTs carry UTF-8, until RSET */
	{ "client smtputf8", false, 0,
	  "MAIL FROM:<a@b.example> SMTPUTF8\r\nRCPT TO:<j\xc3\xbcrgen@x.example>\r\nRSET\r\n"
	  "RCPT TO:<j\xc3\xbcrgen@x.example>\r\n", 0,
	  "C@0 MAIL path=<a@b.example> local=a domain=b.example/domain SMTPUTF8\n"
	  "C@34 RCPT path=<j\\xc3\\xbcrgen@x.example> local=j\\xc3\\xbcrgen domain=x.example/domain utf8\n"
	  "C@63 RSET\n"
	  "C@69 RCPT path=<j\\xc3\\xbcrgen@x.example> local=j\\xc3\\xbcrgen domain=x.example/domain utf8\n"
	  "  SMTP_UTF8_NOT_ALLOWED@79\n" },
	{ "client last line without crlf", false, 0,
	  "NOOP\r\nQUIT", 0,
	  "C@0 NOOP\n"
	  "C@6 QUIT\n" },
	{ "empty client", false, 0, "", 0, "" },
	{ "empty server", true, 0, "", 0, "" },
};

static void test_readers(void **state)
{
	(void)state;
	for (size_t i = 0; i < MP_ARRAY_LEN(smtp_streams); i++) {
		const struct smtp_stream *t = &smtp_streams[i];
		run_smtp_stream(t, (const uint8_t *)t->in, t->n ? t->n : strlen(t->in), 4096, true);
	}
	cases_done();
}

/* Server reader hints (mp_smtp_reader_expect): replies paired with the
 * commands sent. A multi-line 250 to BDAT (Exim) is no EHLO reply; 334
 * keeps AUTH pending; a refused DATA drops the content hint; without
 * hints every multi-line 250 is still read as EHLO. Every split. */
static void test_reader_hints(void **state)
{
	(void)state;
	static const char srv[] =
		"220 mx ESMTP\r\n"                                    /* greeting */
		"250-mx\r\n250 CHUNKING\r\n"                        /* EHLO */
		"250- 42 byte chunk, total 42\r\n250 OK id=1\r\n"   /* BDAT */
		"334 \r\n235 ok\r\n"                                 /* AUTH */
		"503 no\r\n"                                          /* DATA */
		"250-mx\r\n250 SIZE 10\r\n"                         /* EHLO */
		"250 ok\r\n"                                          /* NOOP */
		"250-x\r\n250 y\r\n";                               /* unannounced */
	static const int hints[] = { MP_SMTP_EHLO, MP_SMTP_BDAT, MP_SMTP_AUTH, MP_SMTP_DATA,
				     MP_SMTP_HINT_CONTENT, MP_SMTP_EHLO, MP_SMTP_NOOP };
	static const int want_ans[] = { MP_SMTP_HINT_NONE, MP_SMTP_EHLO, MP_SMTP_BDAT, MP_SMTP_AUTH,
					MP_SMTP_AUTH, MP_SMTP_DATA, MP_SMTP_EHLO, MP_SMTP_NOOP,
					MP_SMTP_HINT_NONE };
	static const bool want_caps[] = { false, true, false, false, false, false, true, false, false };
	size_t n = sizeof srv - 1;
	for (int hinted = 0; hinted < 2; hinted++)
		for (size_t cut = 0; cut <= n; cut++) {
			mp_smtp_reader r;
			mp_smtp_reader_init(&r, true, NULL);
			if (hinted)
				for (size_t i = 0; i < MP_ARRAY_LEN(hints); i++)
					assert_int_equal(mp_smtp_reader_expect(&r, hints[i]), MP_OK);
			uint8_t amem[8192];
			mp_arena a;
			mp_arena_init(&a, amem, sizeof amem);
			mp_diag dv[32];
			mp_diags d;
			mp_diags_init(&d, dv, 32);
			size_t pos = 0, k = 0;
			size_t avail = cut;
			for (;;) {
				mp_smtp_event ev;
				size_t used;
				bool eof = avail == n;
				mp_arena_reset(&a);
				mp_rc rc = mp_smtp_next(&r, (const uint8_t *)srv + pos, avail - pos, eof,
							&a, &ev, &used, &d);
				pos += used;
				if (rc == MP_OK) {
					assert_true(k < MP_ARRAY_LEN(want_ans));
					if (hinted)
						assert_int_equal(ev.answers, want_ans[k]);
					else
						assert_int_equal(ev.answers, MP_SMTP_HINT_NONE);
					/* without hints: every multi-line 250 */
					bool caps = hinted ? want_caps[k] : ev.reply.nlines > 1 && ev.reply.code == 250;
					assert_int_equal(ev.has_caps, caps);
					k++;
					continue;
				}
				if (avail == n)
					break;
				avail = n;
			}
			assert_int_equal(k, MP_ARRAY_LEN(want_ans));
			/* the oracle: SMTP_EHLO_DOMAIN only when the BDAT reply is
			 * read as EHLO (no hints) */
			bool ehlo_domain = false;
			for (size_t i = 0; i < d.n; i++)
				if (d.v[i].rule == MP_R_SMTP_EHLO_DOMAIN)
					ehlo_domain = true;
			assert_int_equal(ehlo_domain, !hinted);
		}
	/* a full queue refuses a hint */
	mp_smtp_reader r;
	mp_smtp_reader_init(&r, true, NULL);
	for (size_t i = 0; i < MP_SMTP_HINTS_MAX; i++)
		assert_int_equal(mp_smtp_reader_expect(&r, MP_SMTP_NOOP), MP_OK);
	assert_int_equal(mp_smtp_reader_expect(&r, MP_SMTP_NOOP), MP_NOSPACE);
}

/* Builds s1 + n copies of fill + s2 into a malloc'd buffer. */
static char *make3(const char *s1, char fill, size_t n, const char *s2, size_t *len_r)
{
	size_t a = strlen(s1), b = strlen(s2);
	char *p = malloc(a + n + b + 1);
	assert_non_null(p);
	memcpy(p, s1, a);
	memset(p + a, fill, n);
	memcpy(p + a + n, s2, b + 1);
	*len_r = a + n + b;
	return p;
}

/* Lines longer than the RFC limits, and longer than the reader holds. */
static void test_readers_long(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		bool server;
		const char *head;
		char fill;
		size_t n;
		const char *tail;
		size_t max_all; /* 0: spread splits only, no guard pages */
		const char *want_head, *want_tail; /* around a logged fill run */
		size_t want_n;
	} t[] = {
		/* SASL lines may reach 12288 octets with CRLF (RFC 4954 4) */
		{ "sasl 600", false, "AUTH XOAUTH2\r\n", 'A', 600, "\r\nNOOP\r\n", 4096,
		  "C@0 AUTH mech=XOAUTH2\nA@14 [AAAAAAAAAAAAAAAA...600]\nC@616 NOOP\n", "", 0 },
		/* base64 comes in groups of 4: 12284 is the longest valid
		 * response, 12286 octets with CRLF */
		{ "sasl 12286 with crlf", false, "AUTH XOAUTH2\r\n", 'A', 12284, "\r\nNOOP\r\n", 0,
		  "C@0 AUTH mech=XOAUTH2\nA@14 [AAAAAAAAAAAAAAAA...12284]\nC@12300 NOOP\n", "", 0 },
		{ "sasl 12288 with crlf", false, "AUTH XOAUTH2\r\n", 'A', 12284, "==\r\nNOOP\r\n", 0,
		  "C@0 AUTH mech=XOAUTH2\nA@14 [AAAAAAAAAAAAAAAA...12286]\n  SMTP_SASL_LINE@14\n"
		  "C@12302 NOOP\n", "", 0 },
		{ "sasl 12289 with crlf", false, "AUTH XOAUTH2\r\n", 'A', 12284, "A==\r\nNOOP\r\n", 0,
		  "C@0 AUTH mech=XOAUTH2\nA@14 [AAAAAAAAAAAAAAAA...12287]\n  SMTP_SASL_LINE@14\n"
		  "  SMTP_SASL_TOO_LONG@12300\nC@12303 NOOP\n", "", 0 },
		{ "sasl 12290 with crlf", false, "AUTH LOGIN dXNlcg==\r\n", 'A', 12288, "\r\nQUIT\r\n", 0,
		  "C@0 AUTH mech=LOGIN ir=dXNlcg==\nA@21 [AAAAAAAAAAAAAAAA...12288]\n"
		  "  SMTP_SASL_TOO_LONG@12307\nC@12311 QUIT\n", "", 0 },
		/* commands, AUTH included, stop at 512 (RFC 5321 4.5.3.1.4) */
		{ "command 600", false, "NOOP ", 'x', 595, "\r\nQUIT\r\n", 4096,
		  "C@0 NOOP arg=", "\n  SMTP_CMD_TOO_LONG@510\nC@602 QUIT\n", 595 },
		{ "auth 600", false, "AUTH PLAIN ", 'A', 588, "\r\nQUIT\r\n", 4096,
		  "C@0 AUTH mech=PLAIN ir=", "\n  SMTP_CMD_TOO_LONG@510\nC@601 QUIT\n", 588 },
		/* over the hold: the head is parsed, the tail skipped, the
		 * next line read */
		{ "command over the hold", false, "NOOP ", 'x', MP_LINE_HOLD_MAX + 100,
		  "\r\nRSET\r\nQUIT\r\n", 0,
		  "C@0 NOOP arg=", "\n  SMTP_CMD_TOO_LONG@510\nC@65643 RSET\nC@65649 QUIT\n",
		  MP_LINE_HOLD_MAX - 5 },
		/* replies stop at 512 (RFC 5321 4.5.3.1.5) */
		{ "reply 600", true, "220 mx\r\n250 ", 'y', 596, "\r\n221 bye\r\n", 4096,
		  "R@0 220 greeting [mx]\nR@8 250 [yyyyyyyyyyyyyyyy...596]\n  SMTP_REPLY_TOO_LONG@518\n"
		  "R@610 221 [bye]\n", "", 0 },
		{ "multi-line reply 600", true, "220 mx\r\n250-mx.example\r\n250-", 'y', 596,
		  "\r\n250 DSN\r\n", 4096,
		  "R@0 220 greeting [mx]\nR@8 250 [mx.example] [yyyyyyyyyyyyyyyy...596] [DSN] caps=2:",
		  "|DSN\n  SMTP_REPLY_TOO_LONG@534\n", 596 },
	};
	for (size_t i = 0; i < MP_ARRAY_LEN(t); i++) {
		size_t n;
		char *in = make3(t[i].head, t[i].fill, t[i].n, t[i].tail, &n);
		size_t wn;
		char *want = t[i].want_n ? make3(t[i].want_head, t[i].fill, t[i].want_n,
						 t[i].want_tail, &wn)
					 : NULL;
		struct smtp_stream s = { t[i].name, t[i].server, 0, NULL, n,
					 want ? want : t[i].want_head };
		run_smtp_stream(&s, (const uint8_t *)in, n, t[i].max_all, t[i].max_all != 0);
		free(want);
		free(in);
	}
	cases_done();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmd_parse),
		cmocka_unit_test(test_cmd_limits),
		cmocka_unit_test(test_cmd_arena),
		cmocka_unit_test(test_path_domain),
		cmocka_unit_test(test_reply_line),
		cmocka_unit_test(test_esc),
		cmocka_unit_test(test_reply_parse),
		cmocka_unit_test(test_ehlo_caps),
		cmocka_unit_test(test_printers),
		cmocka_unit_test(test_readers),
		cmocka_unit_test(test_readers_long),
		cmocka_unit_test(test_reader_hints),
	};
	return cmocka_run_group_tests_name("smtp", tests, NULL, NULL);
}
