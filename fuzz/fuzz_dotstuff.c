/* fuzz_dotstuff: the dot-stuffing decoder, encoder and end-of-data scanner.
 * Byte 0: bit 0 = MP_DOT_LENIENT_LF, bit 1 = MP_DOTENC_NORMALIZE.
 * Properties:
 *   1. decoding gives the same content and END offset for the whole input
 *      and for splits derived from the input;
 *   2. the scanner finds the same ambiguous sequences for any split;
 *   3. decode(encode(x)) == x, plus the CRLF finish adds when x does not
 *      end in CRLF, and the decoder ends exactly at the encoded end;
 *   4. every piece lies inside the input, every offset within [0, n]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "mailprobe/wire.h"

#define DIAGS 256

static void die(const char *what)
{
	fprintf(stderr, "fuzz_dotstuff: property broken: %s\n", what);
	abort();
}

struct dctx {
	mp_dotdec dec;
	mp_eodscan eod;
	unsigned flags;
	bool ended;
	mp_diag dv[DIAGS];
	mp_diags d;
};

static void d_reset(void *c)
{
	struct dctx *x = c;
	mp_dotdec_init(&x->dec, x->flags, 0);
	mp_eodscan_init(&x->eod, 0);
	mp_diags_init(&x->d, x->dv, DIAGS);
	x->ended = false;
}

static size_t d_feed(void *c, const uint8_t *buf, size_t len, bool eof,
		     mpt_log *log)
{
	struct dctx *x = c;
	size_t pos = 0, used;
	mp_dot_event ev;
	while (!x->ended) {
		mp_rc rc = mp_dotdec_next(&x->dec, buf + pos, len - pos, &ev,
					  &used, &x->d);
		if (used > len - pos)
			die("used beyond len");
		pos += used;
		if (rc != MP_OK)
			break;
		if (ev.kind == MP_DOT_PIECE) {
			if (ev.piece.n && (ev.piece.p < buf || ev.piece.p + ev.piece.n > buf + len))
				die("piece outside the buffer");
			mpt_log_bytes(log, ev.piece.p, ev.piece.n);
		} else {
			mpt_log_printf(log, "\nEND@%llu\n", (unsigned long long)ev.off);
			x->ended = true;
		}
	}
	if (x->ended) /* the rest is not data: consume it unread */
		pos = len;
	(void)eof;
	return pos;
}

/* The scanner alone over the raw bytes. */
static size_t e_feed(void *c, const uint8_t *buf, size_t len, bool eof,
		     mpt_log *log)
{
	struct dctx *x = c;
	size_t before = x->d.n;
	mp_eodscan_feed(&x->eod, buf, len, &x->d);
	if (eof)
		mp_eodscan_finish(&x->eod, &x->d);
	for (size_t i = before; i < x->d.n; i++)
		mpt_log_printf(log, "%s@%llu\n", mp_rule_name(x->d.v[i].rule),
			       (unsigned long long)x->d.v[i].offset);
	return len;
}

static uint8_t enc[2 * 65536 + 64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dctx x;
	if (size == 0 || size > 65536)
		return 0;
	unsigned opt = data[0];
	const uint8_t *in = data + 1;
	size_t n = size - 1;

	/* 1 + 2: split invariance of the decoder and of the scanner */
	x.flags = (opt & 1) ? MP_DOT_LENIENT_LF : 0;
	mpt_reader rd = { d_reset, d_feed, &x };
	const uint8_t *seed = n > 8 ? in + n - 8 : in;
	char *m = mpt_check_seeded_splits(&rd, in, n, seed, n > 8 ? 8 : n);
	if (m) {
		fprintf(stderr, "%s", m);
		die("decoder split invariance");
	}
	mpt_reader re = { d_reset, e_feed, &x };
	m = mpt_check_seeded_splits(&re, in, n, seed, n > 8 ? 8 : n);
	if (m) {
		fprintf(stderr, "%s", m);
		die("scanner split invariance");
	}
	for (size_t i = 0; i < x.d.n; i++)
		if (x.d.v[i].offset > n)
			die("diag offset beyond the input");

	/* 3: decode(encode(x)) == x (+ CRLF) */
	mp_dotenc e;
	size_t used, wrote, w = 0;
	unsigned ef = (opt & 2) ? MP_DOTENC_NORMALIZE : 0;
	mp_dotenc_init(&e, ef);
	if (mp_dotenc_write(&e, in, n, enc, sizeof enc - 8, &used, &wrote) != MP_OK ||
	    used != n)
		die("encoder did not take the whole input in 2n+2 bytes");
	w = wrote;
	if (mp_dotenc_finish(&e, enc + w, sizeof enc - w, &wrote) != MP_OK)
		die("encoder finish");
	w += wrote;
	if (ef)
		return 0; /* normalisation changes content on purpose */
	mp_dotdec dd;
	mp_dot_event ev;
	size_t pos = 0, cmp = 0;
	bool ended = false;
	mp_dotdec_init(&dd, 0, 0);
	while (pos < w) {
		mp_rc rc = mp_dotdec_next(&dd, enc + pos, w - pos, &ev, &used, NULL);
		pos += used;
		if (rc != MP_OK)
			break;
		if (ev.kind == MP_DOT_END) {
			ended = true;
			break;
		}
		if (cmp + ev.piece.n > n + 2)
			die("decoded more than was encoded");
		for (size_t i = 0; i < ev.piece.n; i++, cmp++) {
			uint8_t want = cmp < n ? in[cmp] : (cmp == n ? '\r' : '\n');
			if (ev.piece.p[i] != want)
				die("decode(encode(x)) != x");
		}
	}
	bool crlf_end = n >= 2 && in[n - 2] == '\r' && in[n - 1] == '\n';
	size_t want_len = (n == 0 || crlf_end) ? n : n + 2;
	if (!ended || pos != w || cmp != want_len)
		die("decoder did not end exactly at the encoded terminator");
	return 0;
}
