/* bench/rows.c: the benchmark rows: generators and parse loops. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "mailprobe/wire.h"

#define MB(n) ((size_t)(n) * 1000 * 1000)

static const char *const words[] = {
	"the", "message", "server", "delivery", "status", "mailbox", "relay",
	"queue", "header", "content", "transfer", "encoding", "quoted", "line",
	"envelope", "recipient", "sender", "report", "notification", "body",
};

/* A text line of about 60-78 characters; 1 in 40 starts with a dot. */
static void text_line(bench_buf *b, uint64_t *s, bool utf8)
{
	size_t len = 0;
	if (bench_rand(s) % 40 == 0) {
		bb_puts(b, ".");
		len++;
	}
	size_t want = 60 + bench_rand(s) % 18;
	while (len < want) {
		const char *w = words[bench_rand(s) % MP_ARRAY_LEN(words)];
		if (utf8 && bench_rand(s) % 25 == 0)
			w = "gr\xc3\xbc\xc3\x9f";
		bb_puts(b, w);
		bb_puts(b, " ");
		len += strlen(w) + 1;
	}
	bb_puts(b, "\r\n");
}

/* ---- dot-stuffed DATA stream: many messages back to back */
static void gen_dot(bench_buf *b)
{
	uint64_t s = 1;
	while (b->n < MB(16)) {
		size_t lines = 20 + bench_rand(&s) % 400;
		for (size_t i = 0; i < lines; i++) {
			if (bench_rand(&s) % 40 == 0)
				bb_puts(b, "."); /* stuffed */
			text_line(b, &s, false);
		}
		bb_puts(b, ".\r\n");
	}
}

static uint64_t run_dotdec(const uint8_t *p, size_t n)
{
	mp_dotdec d;
	mp_dot_event ev;
	size_t used, pos = 0;
	uint64_t content = 0, msgs = 0;
	mp_dotdec_init(&d, 0, 0);
	while (pos < n) {
		mp_rc rc = mp_dotdec_next(&d, p + pos, n - pos, &ev, &used, NULL);
		pos += used;
		if (rc != MP_OK)
			break;
		if (ev.kind == MP_DOT_PIECE) {
			content += ev.piece.n;
		} else {
			msgs++;
			mp_dotdec_init(&d, 0, d.off);
		}
	}
	return content * 1000 + msgs;
}

/* Peer: the straightforward byte-at-a-time unstuffer most servers have,
 * copying into an output buffer (the shape of libetpan's and Dovecot's). */
static uint64_t run_dot_naive(const uint8_t *p, size_t n)
{
	static uint8_t *out;
	if (out == NULL && (out = malloc(MB(17))) == NULL)
		abort();
	size_t o = 0;
	uint64_t msgs = 0, content = 0;
	int st = 0; /* 0 line start, 1 mid, 2 after CR, 3 line-start dot, 4 dot CR */
	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];
		switch (st) {
		case 0:
			if (c == '.') { st = 3; continue; }
			break;
		case 3:
			if (c == '\r') { st = 4; continue; }
			break;
		case 4:
			if (c == '\n') { msgs++; content += o; o = 0; st = 0; continue; }
			out[o++] = '\r';
			break;
		default:
			break;
		}
		out[o++] = c;
		st = c == '\r' ? 2 : (c == '\n' && st == 2) ? 0 : 1;
	}
	return (content + o) * 1000 + msgs;
}

static uint64_t run_dotenc(const uint8_t *p, size_t n)
{
	static uint8_t out[1 << 16];
	mp_dotenc e;
	size_t pos = 0, used, wrote;
	uint64_t total = 0;
	mp_dotenc_init(&e, 0);
	while (pos < n) {
		mp_dotenc_write(&e, p + pos, n - pos, out, sizeof out, &used, &wrote);
		pos += used;
		total += wrote;
	}
	mp_dotenc_finish(&e, out, sizeof out, &wrote);
	return total + wrote;
}

static uint64_t run_eodscan(const uint8_t *p, size_t n)
{
	mp_eodscan s;
	mp_eodscan_init(&s, 0);
	uint64_t k = mp_eodscan_feed(&s, p, n, NULL);
	return k + mp_eodscan_finish(&s, NULL);
}

/* ---- 7-bit check: mixed text, some UTF-8 */
static void gen_mixed(bench_buf *b)
{
	uint64_t s = 2;
	while (b->n < MB(16))
		text_line(b, &s, true);
}

static uint64_t run_8bit(const uint8_t *p, size_t n)
{
	mp_8bitck c;
	mp_8bitck_init(&c, 0, 0);
	mp_8bitck_feed(&c, p, n, NULL);
	mp_body_need need = mp_8bitck_finish(&c, NULL);
	return c.st.high * 10 + (uint64_t)need;
}

#include "rows-proto.inc"
#include "codec-rows.h"
#include "msg-rows.h"

const bench_row bench_rows[] = {
	{ "dot-unstuff (wire)", "naive byte loop", gen_dot, run_dotdec, run_dot_naive, NULL, NULL },
	{ "dot-stuff encode (wire)", NULL, gen_mixed, run_dotenc, NULL, NULL, NULL },
	{ "end-of-data scan (wire)", NULL, gen_dot, run_eodscan, NULL, NULL, NULL },
	{ "7-bit check (wire)", NULL, gen_mixed, run_8bit, NULL, NULL, NULL },
	PROTO_ROWS
	IMAP_ROWS
	CODEC_ROWS
	MSG_ROWS
};
const size_t bench_rows_n = sizeof(bench_rows) / sizeof(bench_rows[0]);
