/* bench/imap-gen.c: deterministic IMAP streams for `make bench`.
 *
 * The server stream is what a client sees when it downloads a mailbox:
 * FETCH responses carrying ENVELOPE, BODYSTRUCTURE and the whole message
 * as a BODY[] literal, batched under tagged OKs. The message, its
 * envelope and its body structure are built from the same data, so sizes
 * and line counts in BODYSTRUCTURE and RFC822.SIZE are the real ones.
 * The client stream is a mail client's side of a session. Both are valid
 * IMAP4rev2 and IMAP4rev1: 8-bit octets appear only inside literals, and
 * every literal's size is the length of the octets that follow it. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imap-gen.h"

uint64_t imap_gen_server_units;
uint64_t imap_gen_client_units;

void imap_gen_check(const char *who, uint64_t got, uint64_t want)
{
	if (got != want) {
		fprintf(stderr, "bench: %s parsed %llu IMAP units, the stream has %llu\n",
			who, (unsigned long long)got, (unsigned long long)want);
		exit(1);
	}
}

#define PICK(s, arr) ((arr)[bench_rand(s) % (sizeof(arr) / sizeof((arr)[0]))])

static const char *const first[] = {
	"Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi",
	"Ivan", "Judy", "Mallory", "Niaj", "Olivia", "Peggy", "Rupert", "Sybil",
};
static const char *const last[] = {
	"Smith", "Jones", "O'Brien", "Schmidt", "Dubois", "Rossi", "Kowalski",
	"Nakamura", "Garcia", "Jensen", "van der Berg", "Okafor",
};
static const char *const domains[] = {
	"example.org", "example.net", "example.com", "mail.example.de",
	"lists.example.org", "corp.example.co.uk",
};
static const char *const months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec",
};
static const char *const wdays[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const zones[] = { "+0100", "+0200", "-0500", "+0000", "-0800", "+0530" };
static const char *const words[] = {
	"meeting", "report", "quarterly", "numbers", "please", "review", "the",
	"attached", "draft", "before", "Friday", "thanks", "regards", "server",
	"migration", "mailbox", "schedule", "update", "budget", "team", "and",
	"invoice", "project", "notes", "from", "yesterday", "call", "with",
};
static const char *const subjects[] = {
	"Quarterly report", "Re: Budget 2023", "Fwd: Invoice #4711",
	"Meeting notes from yesterday", "Server migration schedule",
	"Re: Re: Team offsite", "[project] build failed on main",
	"Your order has shipped", "Lunch?",
};
/* Subjects sent as literals: 8-bit (raw UTF-8) or with quote characters. */
static const char *const lit_subjects[] = {
	"Gr\xc3\xbc\xc3\x9f" "e aus M\xc3\xbc" "nchen \xe2\x80\x94 \"Q3\" Zahlen",
	"R\xc3\xa9sum\xc3\xa9 et r\xc3\xa9union \xc3\xa0 Lyon",
	"\xe4\xbc\x9a\xe8\xad\xb0\xe3\x81\xae\xe3\x81\x8a\xe7\x9f\xa5\xe3\x82\x89\xe3\x81\x9b",
	"Re: \"urgent\" \\ path C:\\temp\\report.pdf",
};
static const char *const flagsets[] = {
	"(\\Seen)", "()", "(\\Seen \\Answered)", "(\\Seen $Forwarded)",
	"(\\Flagged)", "(\\Seen \\Answered \\Flagged $Label1)", "(\\Draft)",
};

typedef struct addr {
	char name[64]; /* empty: NIL */
	char local[32];
	const char *host;
} addr;

typedef struct date {
	int day, mon, year, h, m, sec, wday;
	const char *zone;
} date;

static void gen_addr(uint64_t *s, addr *a)
{
	const char *f = PICK(s, first), *l = PICK(s, last);
	if (bench_rand(s) % 5 == 0)
		a->name[0] = '\0';
	else if (bench_rand(s) % 7 == 0)
		snprintf(a->name, sizeof a->name, "\"%s\" %s", f, l); /* needs escapes */
	else
		snprintf(a->name, sizeof a->name, "%s %s", f, l);
	/* one bench_rand per statement: argument order is unspecified, and the
	 * stream must be the same whatever the compiler */
	const char *kind = bench_rand(s) % 2 ? "user" : "mail";
	unsigned num = (unsigned)(bench_rand(s) % 1000);
	snprintf(a->local, sizeof a->local, "%c.%s%u", f[0] | 0x20, kind, num);
	a->host = PICK(s, domains);
}

static void gen_date(uint64_t *s, date *d)
{
	d->day = 1 + (int)(bench_rand(s) % 28);
	d->mon = (int)(bench_rand(s) % 12);
	d->year = 2019 + (int)(bench_rand(s) % 6);
	d->h = (int)(bench_rand(s) % 24);
	d->m = (int)(bench_rand(s) % 60);
	d->sec = (int)(bench_rand(s) % 60);
	d->wday = (int)(bench_rand(s) % 7);
	d->zone = PICK(s, zones);
}

/* A quoted string: DQUOTE with quoted-specials escaped. */
static void put_quoted(bench_buf *b, const char *t)
{
	bb_puts(b, "\"");
	for (const char *p = t; *p; p++) {
		if (*p == '"' || *p == '\\')
			bb_puts(b, "\\");
		bb_put(b, p, 1);
	}
	bb_puts(b, "\"");
}

/* A literal: {n} CRLF and exactly n octets. */
static void put_literal(bench_buf *b, const void *p, size_t n, bool plus)
{
	bb_printf(b, "{%zu%s}\r\n", n, plus ? "+" : "");
	bb_put(b, p, n);
}

static void put_addr(bench_buf *b, const addr *a)
{
	bb_puts(b, "(");
	if (a->name[0])
		put_quoted(b, a->name);
	else
		bb_puts(b, "NIL");
	bb_puts(b, " NIL ");
	put_quoted(b, a->local);
	bb_puts(b, " ");
	put_quoted(b, a->host);
	bb_puts(b, ")");
}

static void hdr_addr(bench_buf *b, const addr *a)
{
	if (a->name[0]) {
		bb_puts(b, "\"");
		for (const char *p = a->name; *p; p++) {
			if (*p == '"')
				bb_puts(b, "\\");
			bb_put(b, p, 1);
		}
		bb_printf(b, "\" <%s@%s>", a->local, a->host);
	} else {
		bb_printf(b, "%s@%s", a->local, a->host);
	}
}

/* Text lines of words up to about `want` octets; returns the lines. */
static unsigned text_lines(bench_buf *b, uint64_t *s, size_t want, bool html)
{
	size_t start = b->n;
	unsigned lines = 0;
	while (b->n - start < want) {
		size_t len = 0, w = 40 + bench_rand(s) % 30;
		if (html) {
			bb_puts(b, "<p>");
			len += 3;
		}
		while (len < w) {
			const char *x = PICK(s, words);
			bb_puts(b, x);
			bb_puts(b, " ");
			len += strlen(x) + 1;
		}
		if (html)
			bb_puts(b, "</p>");
		bb_puts(b, "\r\n");
		lines++;
	}
	return lines;
}

static unsigned base64_lines(bench_buf *b, uint64_t *s, size_t want)
{
	static const char al[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char line[78];
	unsigned lines = 0;
	for (size_t n = 0; n < want; n += 78) {
		for (int i = 0; i < 76; i++)
			line[i] = al[bench_rand(s) % 64];
		line[76] = '\r';
		line[77] = '\n';
		bb_put(b, line, sizeof line);
		lines++;
	}
	return lines;
}

/* One message and everything a FETCH says about it. */
typedef struct msg {
	bench_buf raw;                 /* the whole message */
	bench_buf plain, html, att;    /* part bodies */
	unsigned plain_lines, html_lines;
	addr from, to[4], cc[3];
	size_t nto, ncc;
	bool group;                    /* Cc is a group */
	date d;
	int subj_kind;                 /* 0 NIL, 1 quoted, 2 literal */
	const char *subject;
	char msgid[64], inreply[64];
	unsigned bnd;
	bool has_att, rfc822;
} msg;

static void msg_build(msg *m, uint64_t *s)
{
	m->raw.n = m->plain.n = m->html.n = m->att.n = 0;
	gen_addr(s, &m->from);
	m->nto = 1 + bench_rand(s) % 4;
	for (size_t i = 0; i < m->nto; i++)
		gen_addr(s, &m->to[i]);
	m->ncc = bench_rand(s) % 3 ? 0 : 1 + bench_rand(s) % 3;
	for (size_t i = 0; i < m->ncc; i++)
		gen_addr(s, &m->cc[i]);
	m->group = m->ncc > 0 && bench_rand(s) % 3 == 0;
	gen_date(s, &m->d);
	unsigned k = (unsigned)(bench_rand(s) % 8);
	m->subj_kind = k == 0 ? 0 : k == 1 ? 2 : 1;
	m->subject = m->subj_kind == 2 ? PICK(s, lit_subjects) : PICK(s, subjects);
	unsigned id1 = (unsigned)bench_rand(s), id2 = (unsigned)(bench_rand(s) & 0xffff);
	snprintf(m->msgid, sizeof m->msgid, "<%08x.%04x@%s>", id1, id2, m->from.host);
	if (bench_rand(s) % 3 == 0) {
		unsigned id3 = (unsigned)bench_rand(s);
		snprintf(m->inreply, sizeof m->inreply, "<%08x@%s>", id3, PICK(s, domains));
	} else
		m->inreply[0] = '\0';
	m->bnd = (unsigned)bench_rand(s);
	m->has_att = bench_rand(s) % 3 != 0;
	m->rfc822 = !m->has_att && bench_rand(s) % 4 == 0;

	/* 1-8 KB in all: about 1 KB of headers, the rest split over parts */
	size_t total = 1024 + bench_rand(s) % 7168;
	size_t body = total > 1400 ? total - 1100 : 300;
	size_t tpart = m->has_att ? body / 4 : body / 2;
	m->plain_lines = text_lines(&m->plain, s, tpart, false);
	m->html_lines = text_lines(&m->html, s, tpart, true);
	if (m->has_att)
		base64_lines(&m->att, s, body - 2 * tpart);

	bench_buf *r = &m->raw;
	const date *d = &m->d;
	bb_printf(r, "Return-Path: <%s@%s>\r\n", m->from.local, m->from.host);
	unsigned mx = (unsigned)(bench_rand(s) % 9);
	unsigned ip = (unsigned)(bench_rand(s) % 254 + 1);
	unsigned qid = (unsigned)bench_rand(s);
	bb_printf(r, "Received: from mx%u.%s (mx.%s [192.0.2.%u])\r\n"
		  "\tby imap.example.org (Postfix) with ESMTPS id 4F%08X\r\n"
		  "\tfor <%s@%s>; %s, %d %s %d %02d:%02d:%02d %s\r\n",
		  mx, m->from.host, m->from.host, ip, qid,
		  m->to[0].local, m->to[0].host, wdays[d->wday], d->day,
		  months[d->mon], d->year, d->h, d->m, d->sec, d->zone);
	bb_printf(r, "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=%s;\r\n"
		  "\ts=mail; h=from:to:subject:date:message-id;\r\n\tbh=", m->from.host);
	base64_lines(r, s, 1);
	bb_puts(r, "\tb=");
	base64_lines(r, s, 1);
	bb_puts(r, "\t");
	base64_lines(r, s, 1);
	bb_puts(r, "From: ");
	hdr_addr(r, &m->from);
	bb_puts(r, "\r\nTo: ");
	for (size_t i = 0; i < m->nto; i++) {
		if (i)
			bb_puts(r, ",\r\n ");
		hdr_addr(r, &m->to[i]);
	}
	bb_puts(r, "\r\n");
	if (m->ncc) {
		bb_puts(r, m->group ? "Cc: project-team: " : "Cc: ");
		for (size_t i = 0; i < m->ncc; i++) {
			if (i)
				bb_puts(r, ", ");
			hdr_addr(r, &m->cc[i]);
		}
		bb_puts(r, m->group ? ";\r\n" : "\r\n");
	}
	if (m->subj_kind)
		bb_printf(r, "Subject: %s\r\n", m->subject);
	bb_printf(r, "Date: %s, %d %s %d %02d:%02d:%02d %s\r\n", wdays[d->wday],
		  d->day, months[d->mon], d->year, d->h, d->m, d->sec, d->zone);
	bb_printf(r, "Message-ID: %s\r\n", m->msgid);
	if (m->inreply[0])
		bb_printf(r, "In-Reply-To: %s\r\n", m->inreply);
	bb_printf(r, "MIME-Version: 1.0\r\n"
		  "Content-Type: multipart/mixed; boundary=\"mix-%08x\"\r\n"
		  "Content-Language: en\r\n\r\n"
		  "This is a multi-part message in MIME format.\r\n"
		  "--mix-%08x\r\n"
		  "Content-Type: multipart/alternative; boundary=\"alt-%08x\"\r\n\r\n"
		  "--alt-%08x\r\n"
		  "Content-Type: text/plain; charset=UTF-8; format=flowed\r\n"
		  "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
		  m->bnd, m->bnd, m->bnd, m->bnd);
	bb_put(r, m->plain.p, m->plain.n);
	bb_printf(r, "--alt-%08x\r\n"
		  "Content-Type: text/html; charset=UTF-8\r\n"
		  "Content-Transfer-Encoding: quoted-printable\r\n\r\n", m->bnd);
	bb_put(r, m->html.p, m->html.n);
	bb_printf(r, "--alt-%08x--\r\n", m->bnd);
	if (m->has_att) {
		bb_printf(r, "--mix-%08x\r\n"
			  "Content-Type: application/pdf; name=\"report-%u.pdf\"\r\n"
			  "Content-Description: Quarterly report\r\n"
			  "Content-Disposition: attachment; filename=\"report-%u.pdf\"\r\n"
			  "Content-Transfer-Encoding: base64\r\n\r\n",
			  m->bnd, m->bnd % 1000, m->bnd % 1000);
		bb_put(r, m->att.p, m->att.n);
	}
	bb_printf(r, "--mix-%08x--\r\n", m->bnd);
}

static void put_date_q(bench_buf *b, const date *d)
{
	bb_printf(b, "\"%s, %d %s %d %02d:%02d:%02d %s\"", wdays[d->wday], d->day,
		  months[d->mon], d->year, d->h, d->m, d->sec, d->zone);
}

static void put_env(bench_buf *b, const msg *m, bool with_nl_lit)
{
	bb_puts(b, "(");
	put_date_q(b, &m->d);
	bb_puts(b, " ");
	if (m->subj_kind == 0)
		bb_puts(b, "NIL");
	else if (m->subj_kind == 2 && with_nl_lit)
		put_literal(b, m->subject, strlen(m->subject), false);
	else if (m->subj_kind == 2)
		put_quoted(b, "Re: Fwd: (no subject)");
	else
		put_quoted(b, m->subject);
	bb_puts(b, " (");
	put_addr(b, &m->from);
	bb_puts(b, ") (");
	put_addr(b, &m->from); /* sender */
	bb_puts(b, ") (");
	put_addr(b, &m->from); /* reply-to */
	bb_puts(b, ") (");
	for (size_t i = 0; i < m->nto; i++)
		put_addr(b, &m->to[i]);
	bb_puts(b, ") ");
	if (m->ncc == 0) {
		bb_puts(b, "NIL");
	} else {
		bb_puts(b, "(");
		if (m->group)
			bb_puts(b, "(NIL NIL \"project-team\" NIL)");
		for (size_t i = 0; i < m->ncc; i++)
			put_addr(b, &m->cc[i]);
		if (m->group)
			bb_puts(b, "(NIL NIL NIL NIL)");
		bb_puts(b, ")");
	}
	bb_puts(b, " NIL ");
	if (m->inreply[0])
		put_quoted(b, m->inreply);
	else
		bb_puts(b, "NIL");
	bb_puts(b, " ");
	put_quoted(b, m->msgid);
	bb_puts(b, ")");
}

static void put_bodystructure(bench_buf *b, const msg *m, uint64_t *s)
{
	bb_printf(b, "(((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\" \"FORMAT\" \"flowed\") "
		  "NIL NIL \"QUOTED-PRINTABLE\" %zu %u NIL NIL NIL NIL)"
		  "(\"TEXT\" \"HTML\" (\"CHARSET\" \"UTF-8\") NIL NIL "
		  "\"QUOTED-PRINTABLE\" %zu %u NIL NIL NIL NIL) \"ALTERNATIVE\" "
		  "(\"BOUNDARY\" \"alt-%08x\") NIL NIL NIL)",
		  m->plain.n, m->plain_lines, m->html.n, m->html_lines, m->bnd);
	if (m->has_att) {
		unsigned long long md5a = bench_rand(s), md5b = bench_rand(s);
		bb_printf(b, "(\"APPLICATION\" \"PDF\" (\"NAME\" \"report-%u.pdf\") "
			  "\"<part2.%08x@example.org>\" \"Quarterly report\" \"BASE64\" %zu "
			  "\"%016llx%016llx\" (\"ATTACHMENT\" (\"FILENAME\" \"report-%u.pdf\" "
			  "\"SIZE\" \"%zu\")) (\"EN\" \"DE\") \"https://example.org/r/%u\"",
			  m->bnd % 1000, m->bnd, m->att.n, md5a, md5b,
			  m->bnd % 1000, m->att.n * 3 / 4, m->bnd);
		if (bench_rand(s) % 2)
			bb_puts(b, " (\"X-SCAN\" 42 (\"clean\" NIL))");
		bb_puts(b, ")");
	} else if (m->rfc822) {
		/* a forwarded message: body-type-msg */
		bb_puts(b, "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 612 ");
		put_env(b, m, false);
		bb_puts(b, " (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL "
			   "\"7BIT\" 212 6 NIL NIL NIL NIL) 18 NIL (\"INLINE\" NIL) NIL NIL)");
	}
	bb_printf(b, " \"MIXED\" (\"BOUNDARY\" \"mix-%08x\") NIL (\"EN\") NIL)", m->bnd);
}

static void bb_free(bench_buf *b)
{
	free(b->p);
	*b = (bench_buf){ 0 };
}

static void end_with_nul(bench_buf *b)
{
	bb_put(b, "", 1);
	b->n--;
}

void imap_gen_server(bench_buf *b, size_t target)
{
	uint64_t s = 9, units = 1;
	unsigned seq = 0, tag = 0;
	msg m;
	memset(&m, 0, sizeof m);
	bb_puts(b, "* OK [CAPABILITY IMAP4rev1 IMAP4rev2 SASL-IR LOGIN-REFERRALS ID "
		   "ENABLE IDLE LITERAL+ AUTH=PLAIN] Dovecot (Debian) ready.\r\n");
	while (b->n < target) {
		unsigned batch = 5 + (unsigned)(bench_rand(&s) % 20);
		for (unsigned i = 0; i < batch; i++) {
			seq++;
			msg_build(&m, &s);
			const date *d = &m.d;
			bb_printf(b, "* %u FETCH (UID %u FLAGS %s INTERNALDATE "
				  "\"%2d-%s-%d %02d:%02d:%02d %s\" RFC822.SIZE %zu ENVELOPE ",
				  seq, 1000 + seq * 3, PICK(&s, flagsets), d->day,
				  months[d->mon], d->year, d->h, d->m, d->sec, d->zone,
				  m.raw.n);
			put_env(b, &m, true);
			bb_puts(b, " BODYSTRUCTURE ");
			put_bodystructure(b, &m, &s);
			bb_puts(b, " BODY[] ");
			put_literal(b, m.raw.p, m.raw.n, false);
			bb_puts(b, ")\r\n");
			units++;
		}
		bb_printf(b, "A%04u OK Fetch completed (0.%03u + 0.000 secs).\r\n",
			  ++tag, (unsigned)(bench_rand(&s) % 1000));
		units++;
	}
	bb_free(&m.raw);
	bb_free(&m.plain);
	bb_free(&m.html);
	bb_free(&m.att);
	end_with_nul(b);
	imap_gen_server_units = units;
}

static const char *const mailboxes[] = {
	"INBOX", "Sent", "Archive/2023", "\"Drafts\"", "Lists/dovecot",
	"\"Project X\"", "&AMQ-rger", "Trash",
};
static const char *const hdr_lists[] = {
	"FROM TO CC SUBJECT DATE MESSAGE-ID",
	"DATE FROM SUBJECT",
	("From To Cc Bcc Subject Date Message-ID Priority X-Priority References "
	 "Newsgroups In-Reply-To Content-Type Reply-To"),
};

void imap_gen_client(bench_buf *b, size_t target)
{
	uint64_t s = 10, units = 0;
	unsigned tag = 0;
	msg m;
	memset(&m, 0, sizeof m);
	bb_puts(b, "a0000 CAPABILITY\r\na0001 LOGIN alice ");
	put_literal(b, "p4ss \"w0rd\"", 11, true);
	bb_puts(b, "\r\na0002 ENABLE QRESYNC\r\n"
		   "a0003 ID (\"name\" \"Thunderbird\" \"version\" \"115.3.1\")\r\n");
	units += 4;
	tag = 3;
	while (b->n < target) {
		unsigned lo = 1000 + (unsigned)(bench_rand(&s) % 5000);
		unsigned k = (unsigned)(bench_rand(&s) % 16);
		const char *mb = PICK(&s, mailboxes);
		date d;
		gen_date(&s, &d);
		bb_printf(b, "a%04u ", ++tag);
		units++;
		switch (k) {
		case 0:
			bb_printf(b, "SELECT %s (CONDSTORE)\r\n", mb);
			break;
		case 1:
		case 2:
		case 3:
			bb_printf(b, "UID FETCH %u:* (UID FLAGS INTERNALDATE RFC822.SIZE "
				  "BODY.PEEK[HEADER.FIELDS (%s)]<0.1024>) (CHANGEDSINCE %u)\r\n",
				  lo, PICK(&s, hdr_lists), lo * 7);
			break;
		case 4:
			bb_printf(b, "UID FETCH %u,%u:%u,%u (BODYSTRUCTURE ENVELOPE "
				  "BODY.PEEK[1.2.MIME] BODY.PEEK[TEXT]<0.2048> BINARY.PEEK[2])\r\n",
				  lo, lo + 2, lo + 40, lo + 97);
			break;
		case 5:
		case 6:
			bb_printf(b, "UID SEARCH RETURN (MIN MAX COUNT) CHARSET UTF-8 "
				  "OR (FROM \"%s\" SINCE %d-%s-%d) (NOT SEEN LARGER %u) "
				  "UNDELETED UID %u:*\r\n",
				  PICK(&s, first), d.day, months[d.mon], d.year, lo * 10, lo);
			break;
		case 7:
			bb_printf(b, "UID SEARCH NOT (OR SUBJECT \"%s\" HEADER X-Spam \"yes\") "
				  "BEFORE %d-%s-%d (OR FLAGGED (ANSWERED KEYWORD $Forwarded))\r\n",
				  PICK(&s, subjects), d.day, months[d.mon], d.year);
			break;
		case 8:
			bb_printf(b, "UID STORE %u:%u +FLAGS.SILENT (\\Seen $Forwarded)\r\n",
				  lo, lo + (unsigned)(bench_rand(&s) % 50));
			break;
		case 9:
			bb_printf(b, "STORE %u -FLAGS (\\Flagged)\r\n", lo % 300 + 1);
			break;
		case 10:
		case 11: {
			msg_build(&m, &s);
			bb_printf(b, "APPEND %s (\\Seen) \"%2d-%s-%d %02d:%02d:%02d %s\" ",
				  mb, d.day, months[d.mon], d.year, d.h, d.m, d.sec, d.zone);
			put_literal(b, m.raw.p, m.raw.n, k == 11);
			bb_puts(b, "\r\n");
			break;
		}
		case 12:
			bb_puts(b, "IDLE\r\nDONE\r\n");
			units++;
			break;
		case 13:
			bb_puts(b, "LIST (SUBSCRIBED) \"\" (\"INBOX\" \"Lists/*\") RETURN "
				   "(CHILDREN SPECIAL-USE STATUS (MESSAGES UNSEEN UIDNEXT))\r\n");
			break;
		case 14:
			bb_printf(b, "STATUS %s (MESSAGES UIDNEXT UIDVALIDITY UNSEEN SIZE)\r\n", mb);
			break;
		default:
			bb_printf(b, "UID MOVE %u:%u Trash\r\n", lo, lo + 3);
			break;
		}
	}
	bb_printf(b, "a%04u LOGOUT\r\n", ++tag);
	units++;
	bb_free(&m.raw);
	bb_free(&m.plain);
	bb_free(&m.html);
	bb_free(&m.att);
	end_with_nul(b);
	imap_gen_client_units = units;
}
