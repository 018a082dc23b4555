/* bench/codec-rows.c: base64 and quoted-printable rows (codec-rows.h).
 * Peers over the same input, each checked to give the same number of
 * octets as ours: OpenSSL's EVP_DecodeUpdate / EVP_EncodeUpdate for
 * base64 (its encoder writes 64-column LF lines: its own format, same
 * input), GMime 3's g_mime_encoding_quoted_decode_step / _encode_step for
 * quoted-printable (the step functions under its QP filter). Each peer is
 * compiled in only where pkg-config found it (the Makefile's bench rule). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "codec-rows.h"
#include "mailprobe/codec.h"

#ifdef BENCH_HAVE_OPENSSL
#include <openssl/evp.h>
#endif
#ifdef BENCH_HAVE_GMIME
#include <gmime/gmime.h>
#endif

#define CODEC_MB(n) ((size_t)(n) * 1000 * 1000)

static uint8_t *outbuf;
static size_t outcap;

static uint8_t *out_for(size_t n)
{
	size_t need = n * 2 + 4096;
	if (outcap < need) {
		free(outbuf);
		outbuf = malloc(need);
		if (outbuf == NULL)
			abort();
		outcap = need;
	}
	return outbuf;
}

/* Random octets, encoded by us in 76-column CRLF lines (RFC 2045 6.8). */
void bcodec_gen_b64(bench_buf *b)
{
	uint64_t s = 11;
	size_t n = CODEC_MB(12);
	uint8_t *raw = malloc(n);
	if (raw == NULL)
		abort();
	for (size_t i = 0; i < n; i++)
		raw[i] = (uint8_t)bench_rand(&s);
	size_t cap = mp_b64enc_len(n, MP_B64ENC_WRAP) + 8, u, w, w2;
	uint8_t *enc = malloc(cap);
	mp_b64enc e;
	if (enc == NULL)
		abort();
	mp_b64enc_init(&e, MP_B64ENC_WRAP);
	mp_b64enc_feed(&e, raw, n, enc, cap, &u, &w);
	mp_b64enc_finish(&e, enc + w, cap - w, &w2);
	bb_put(b, enc, w + w2);
	bb_puts(b, "\r\n");
	free(enc);
	free(raw);
}

void bcodec_gen_binary(bench_buf *b)
{
	uint64_t s = 12;
	uint8_t tmp[4096];
	while (b->n < CODEC_MB(12)) {
		for (size_t i = 0; i < sizeof tmp; i++)
			tmp[i] = (uint8_t)bench_rand(&s);
		bb_put(b, tmp, sizeof tmp);
	}
}

static const char *const cwords[] = {
	"the", "message", "server", "delivery", "status", "mailbox", "relay",
	"queue", "header", "content", "transfer", "encoding", "quoted", "line",
	"envelope", "recipient", "sender", "report", "notification", "body",
	"gr\xc3\xbc\xc3\x9f" "e", "caf\xc3\xa9", "na\xc3\xafve", "a=b",
};

/* Text: CRLF lines of 40-110 characters, mostly ASCII, some UTF-8. */
static void gen_text(bench_buf *b, size_t size)
{
	uint64_t s = 13;
	while (b->n < size) {
		size_t want = 40 + bench_rand(&s) % 70, len = 0;
		while (len < want) {
			uint64_t r = bench_rand(&s) % 100;
			const char *w = cwords[r < 90 ? r % 20 : 20 + r % 4];
			bb_puts(b, w);
			bb_puts(b, " ");
			len += strlen(w) + 1;
		}
		bb_puts(b, "\r\n");
	}
}

void bcodec_gen_plain(bench_buf *b) { gen_text(b, CODEC_MB(12)); }

/* That text, quoted-printable by us (soft breaks, =XX escapes). */
void bcodec_gen_qp(bench_buf *b)
{
	bench_buf t = { 0 };
	gen_text(&t, CODEC_MB(12));
	size_t cap = t.n * 3 + 64, u, w, w2;
	uint8_t *enc = malloc(cap);
	mp_qpenc e;
	if (enc == NULL)
		abort();
	mp_qpenc_init(&e, 0);
	mp_qpenc_feed(&e, t.p, t.n, enc, cap, &u, &w);
	mp_qpenc_finish(&e, enc + w, cap - w, &w2);
	bb_put(b, enc, w + w2);
	free(enc);
	free(t.p);
}

/* ---- ours */
static uint64_t sum(const uint8_t *o, size_t n)
{
	return n * 1000 + (n ? o[n / 2] : 0);
}

uint64_t bcodec_run_b64dec(const uint8_t *p, size_t n)
{
	uint8_t *o = out_for(n);
	mp_b64dec d;
	size_t u, w, w2;
	mp_b64dec_init(&d, MP_B64_MIME, 0);
	mp_b64dec_feed(&d, p, n, o, outcap, &u, &w, NULL);
	if (mp_b64dec_finish(&d, o + w, outcap - w, &w2, NULL) != MP_OK) {
		fprintf(stderr, "bench: base64 input does not decode cleanly\n");
		exit(1);
	}
	return sum(o, w + w2);
}

uint64_t bcodec_run_b64enc(const uint8_t *p, size_t n)
{
	uint8_t *o = out_for(n);
	mp_b64enc e;
	size_t u, w, w2;
	mp_b64enc_init(&e, MP_B64ENC_WRAP);
	mp_b64enc_feed(&e, p, n, o, outcap, &u, &w);
	mp_b64enc_finish(&e, o + w, outcap - w, &w2);
	/* the number of input octets, as the peer reports it */
	return n * 1000 + (o[(w + w2) / 2] != 0);
}

uint64_t bcodec_run_qpdec(const uint8_t *p, size_t n)
{
	uint8_t *o = out_for(n);
	mp_qpdec d;
	size_t u, w, w2;
	mp_qpdec_init(&d, 0);
	mp_qpdec_feed(&d, p, n, o, outcap, &u, &w, NULL);
	if (mp_qpdec_finish(&d, o + w, outcap - w, &w2, NULL) != MP_OK) {
		fprintf(stderr, "bench: QP input does not decode cleanly\n");
		exit(1);
	}
	return sum(o, w + w2);
}

uint64_t bcodec_run_qpenc(const uint8_t *p, size_t n)
{
	uint8_t *o = out_for(n * 2);
	mp_qpenc e;
	size_t u, w, w2;
	mp_qpenc_init(&e, 0);
	mp_qpenc_feed(&e, p, n, o, outcap, &u, &w);
	mp_qpenc_finish(&e, o + w, outcap - w, &w2);
	return n * 1000 + (o[(w + w2) / 2] != 0);
}

/* ---- peers */
#ifdef BENCH_HAVE_OPENSSL
uint64_t bcodec_run_ossl_dec(const uint8_t *p, size_t n)
{
	uint8_t *o = out_for(n);
	EVP_ENCODE_CTX *c = EVP_ENCODE_CTX_new();
	int w = 0, w2 = 0;
	if (c == NULL)
		abort();
	EVP_DecodeInit(c);
	/* one call per 1 MB: its length argument is an int */
	size_t pos = 0, tot = 0;
	while (pos < n) {
		int k = (int)(n - pos > (1u << 20) ? (1u << 20) : n - pos);
		if (EVP_DecodeUpdate(c, o + tot, &w, p + pos, k) < 0) {
			fprintf(stderr, "bench: EVP_DecodeUpdate failed\n");
			exit(1);
		}
		tot += (size_t)w;
		pos += (size_t)k;
	}
	EVP_DecodeFinal(c, o + tot, &w2);
	tot += (size_t)w2;
	EVP_ENCODE_CTX_free(c);
	return sum(o, tot);
}

uint64_t bcodec_run_ossl_enc(const uint8_t *p, size_t n)
{
	uint8_t *o = out_for(n);
	EVP_ENCODE_CTX *c = EVP_ENCODE_CTX_new();
	int w = 0;
	size_t pos = 0, tot = 0;
	if (c == NULL)
		abort();
	EVP_EncodeInit(c);
	while (pos < n) {
		int k = (int)(n - pos > (1u << 20) ? (1u << 20) : n - pos);
		if (!EVP_EncodeUpdate(c, o + tot, &w, p + pos, k))
			abort();
		tot += (size_t)w;
		pos += (size_t)k;
	}
	EVP_EncodeFinal(c, o + tot, &w);
	tot += (size_t)w;
	EVP_ENCODE_CTX_free(c);
	return n * 1000 + (o[tot / 2] != 0);
}
#endif

#ifdef BENCH_HAVE_GMIME
uint64_t bcodec_run_gmime_dec(const uint8_t *p, size_t n)
{
	uint8_t *o = out_for(n);
	int state = 0;
	guint32 save = 0;
	size_t w = g_mime_encoding_quoted_decode_step(p, n, o, &state, &save);
	return sum(o, w);
}

uint64_t bcodec_run_gmime_enc(const uint8_t *p, size_t n)
{
	uint8_t *o = out_for(n * 2);
	int state = -1;
	guint32 save = 0;
	size_t w = g_mime_encoding_quoted_encode_step(p, n, o, &state, &save);
	w += g_mime_encoding_quoted_encode_close(NULL, 0, o + w, &state, &save);
	return n * 1000 + (o[w / 2] != 0);
}
#endif

