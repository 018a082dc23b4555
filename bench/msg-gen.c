/* bench/msg-gen.c: a generated mail corpus for the message-layer rows:
 * plain and quoted-printable text, HTML alternatives, base64 attachments,
 * nested multiparts, forwarded message/rfc822 parts, RFC 2047 subjects
 * and display names. Deterministic (fixed seed), CRLF throughout. */
#include <string.h>

#include "mailprobe/codec.h"
#include "msg-gen.h"

#define CORPUS_MB 110

static const char *const words[] = {
	"the", "message", "server", "delivery", "status", "mailbox", "relay",
	"queue", "header", "content", "transfer", "encoding", "quoted", "line",
	"envelope", "recipient", "sender", "report", "notification", "body",
	"caf\xc3\xa9", "na\xc3\xafve", "stra\xc3\x9f" "e", "10%", "a=b",
};

static void words_line(bench_buf *b, uint64_t *s, size_t want)
{
	size_t len = 0;
	while (len < want) {
		const char *w = words[bench_rand(s) % (sizeof(words) / sizeof(words[0]))];
		bb_puts(b, w);
		bb_puts(b, " ");
		len += strlen(w) + 1;
	}
}

/* Plain 7-bit text: lines of 60-78 characters. */
static void text_body(bench_buf *b, uint64_t *s, size_t bytes)
{
	size_t start = b->n;
	while (b->n - start < bytes) {
		size_t len = 0, want = 60 + bench_rand(s) % 18;
		while (len < want) {
			const char *w = words[bench_rand(s) % 20];
			bb_puts(b, w);
			bb_puts(b, " ");
			len += strlen(w) + 1;
		}
		bb_puts(b, "\r\n");
	}
}

/* Quoted-printable text (UTF-8 words, "=" signs, soft breaks). */
static void qp_body(bench_buf *b, uint64_t *s, size_t bytes)
{
	static uint8_t raw[8192], enc[3 * 8192 + 64];
	mp_qpenc e;
	mp_qpenc_init(&e, 0);
	size_t start = b->n;
	while (b->n - start < bytes) {
		bench_buf t = { raw, 0, sizeof(raw) };
		while (t.n < 6000) {
			words_line(&t, s, 60 + bench_rand(s) % 60);
			bb_puts(&t, "\r\n");
		}
		size_t used, wrote;
		mp_qpenc_feed(&e, raw, t.n, enc, sizeof(enc), &used, &wrote);
		bb_put(b, enc, wrote);
	}
	size_t wrote;
	mp_qpenc_finish(&e, enc, sizeof(enc), &wrote);
	bb_put(b, enc, wrote);
	bb_puts(b, "\r\n");
}

/* Base64 of random octets, 76 columns. */
static void b64_body(bench_buf *b, uint64_t *s, size_t bytes)
{
	static uint8_t raw[57 * 64], enc[78 * 64 + 8];
	mp_b64enc e;
	mp_b64enc_init(&e, MP_B64ENC_WRAP);
	for (size_t done = 0; done < bytes; done += sizeof(raw)) {
		for (size_t i = 0; i < sizeof(raw); i += 8) {
			uint64_t r = bench_rand(s);
			memcpy(raw + i, &r, 8);
		}
		size_t used, wrote;
		mp_b64enc_feed(&e, raw, sizeof(raw), enc, sizeof(enc), &used, &wrote);
		bb_put(b, enc, wrote);
	}
	size_t wrote;
	mp_b64enc_finish(&e, enc, sizeof(enc), &wrote);
	bb_put(b, enc, wrote);
	bb_puts(b, "\r\n");
}

static void headers(bench_buf *b, uint64_t *s, unsigned id)
{
	bb_printf(b, "Return-Path: <sender%u@example.org>\r\n", id);
	bb_printf(b, "Received: from mx%u.example.net (mx%u.example.net [192.0.2.%u])\r\n"
		     "\tby mail.example.org with ESMTPS id %08x\r\n"
		     "\tfor <rcpt@example.org>; Fri, 21 Nov 1997 09:55:06 -0600\r\n",
		  id % 7, id % 7, id % 250, id);
	bb_printf(b, "From: =?UTF-8?Q?J=C3=B6rg_M=C3=BCller_%u?= <sender%u@example.org>\r\n",
		  id, id);
	bb_puts(b, "To: Recipient <rcpt@example.org>, \"Other, Person\" <other@example.org>\r\n");
	bb_puts(b, "Date: Fri, 21 Nov 1997 09:55:06 -0600\r\n");
	bb_printf(b, "Message-ID: <%u.%llu@example.org>\r\n", id,
		  (unsigned long long)(bench_rand(s) % 1000000));
	if (id % 2)
		bb_printf(b, "Subject: =?UTF-8?B?w5xiZXIgZGllIExpZWZlcnVuZw==?= =?UTF-8?Q?_Nr=2E_%u?=\r\n", id);
	else
		bb_printf(b, "Subject: =?ISO-8859-1?Q?R=E9sum=E9_de_la_r=E9union?= %u\r\n", id);
	bb_puts(b, "MIME-Version: 1.0\r\n");
}

static void message(bench_buf *b, uint64_t *s, unsigned id)
{
	bb_printf(b, "From sender%u@example.org Fri Nov 21 09:55:06 1997\r\n", id);
	headers(b, s, id);
	switch (id % 5) {
	case 0: /* plain */
		bb_puts(b, "Content-Type: text/plain; charset=us-ascii\r\n\r\n");
		text_body(b, s, 2000 + bench_rand(s) % 30000);
		break;
	case 1: /* quoted-printable */
		bb_puts(b, "Content-Type: text/plain; charset=utf-8\r\n"
			   "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
		qp_body(b, s, 4000 + bench_rand(s) % 40000);
		break;
	case 2: /* text + base64 attachment */
		bb_printf(b, "Content-Type: multipart/mixed; boundary=\"=_mix_%u\"\r\n\r\n"
			     "This is a multi-part message in MIME format.\r\n", id);
		bb_printf(b, "--=_mix_%u\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n", id);
		text_body(b, s, 1000 + bench_rand(s) % 5000);
		bb_printf(b, "--=_mix_%u\r\nContent-Type: application/pdf; name=\"=?UTF-8?Q?r=C3=A9sum=C3=A9?=.pdf\"\r\n"
			     "Content-Disposition: attachment; filename*=UTF-8''r%%C3%%A9sum%%C3%%A9.pdf\r\n"
			     "Content-Transfer-Encoding: base64\r\n\r\n", id);
		b64_body(b, s, 50000 + bench_rand(s) % 400000);
		bb_printf(b, "--=_mix_%u--\r\n", id);
		break;
	case 3: /* nested: alternative (text, QP html), image, forwarded message */
		bb_printf(b, "Content-Type: multipart/mixed; boundary=\"outer%u\"\r\n\r\n", id);
		bb_printf(b, "--outer%u\r\nContent-Type: multipart/alternative; boundary=\"alt%u\"\r\n\r\n", id, id);
		bb_printf(b, "--alt%u\r\nContent-Type: text/plain; charset=utf-8\r\n"
			     "Content-Transfer-Encoding: quoted-printable\r\n\r\n", id);
		qp_body(b, s, 2000 + bench_rand(s) % 8000);
		bb_printf(b, "--alt%u\r\nContent-Type: text/html; charset=utf-8\r\n"
			     "Content-Transfer-Encoding: quoted-printable\r\n\r\n", id);
		bb_puts(b, "<html><body>=0D=0A");
		qp_body(b, s, 3000 + bench_rand(s) % 10000);
		bb_printf(b, "--alt%u--\r\n", id);
		bb_printf(b, "--outer%u\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
			     "Content-Disposition: inline; filename=\"logo.png\"\r\n\r\n", id);
		b64_body(b, s, 5000 + bench_rand(s) % 60000);
		bb_printf(b, "--outer%u\r\nContent-Type: message/rfc822\r\n\r\n", id);
		headers(b, s, id + 1000000);
		bb_puts(b, "Content-Type: text/plain; charset=us-ascii\r\n\r\n");
		text_body(b, s, 1000 + bench_rand(s) % 4000);
		bb_printf(b, "--outer%u--\r\n", id);
		break;
	default: /* report-ish: related with several small parts */
		bb_printf(b, "Content-Type: multipart/related; boundary=\"rel%u\"; type=\"text/html\"\r\n\r\n", id);
		for (int k = 0; k < 4; k++) {
			bb_printf(b, "--rel%u\r\nContent-Type: image/gif\r\nContent-ID: <img%d.%u@example.org>\r\n"
				     "Content-Transfer-Encoding: base64\r\n\r\n", id, k, id);
			b64_body(b, s, 2000 + bench_rand(s) % 20000);
		}
		bb_printf(b, "--rel%u--\r\n", id);
		break;
	}
}

void bmsg_gen(bench_buf *b)
{
	uint64_t s = 7;
	unsigned id = 0;
	while (b->n < (size_t)CORPUS_MB * 1000 * 1000)
		message(b, &s, id++);
}

bool bmsg_next(const uint8_t *p, size_t n, size_t *pos, const uint8_t **msg,
	       size_t *len)
{
	size_t i = *pos;
	if (i >= n)
		return false;
	if (n - i >= 5 && memcmp(p + i, "From ", 5) == 0) {
		const uint8_t *nl = memchr(p + i, '\n', n - i);
		i = nl ? (size_t)(nl - p) + 1 : n;
	}
	size_t st = i;
	for (;;) {
		const uint8_t *nl = memchr(p + i, '\n', n - i);
		if (nl == NULL || n - (size_t)(nl - p) < 6) {
			i = n;
			break;
		}
		i = (size_t)(nl - p) + 1;
		if (memcmp(p + i, "From ", 5) == 0)
			break;
	}
	*msg = p + st;
	*len = i - st;
	*pos = i;
	return true;
}
