/* bench/codec-rows.h: the base64 and quoted-printable rows
 * (codec-rows.c), spliced into bench_rows[] by bench/rows.c. A peer is
 * there when the Makefile found it with pkg-config (BENCH_HAVE_*). */
#ifndef MP_BENCH_CODEC_ROWS_H
#define MP_BENCH_CODEC_ROWS_H

#include "bench.h"

void bcodec_gen_b64(bench_buf *b);
void bcodec_gen_binary(bench_buf *b);
void bcodec_gen_qp(bench_buf *b);
void bcodec_gen_plain(bench_buf *b);
uint64_t bcodec_run_b64dec(const uint8_t *p, size_t n);
uint64_t bcodec_run_b64enc(const uint8_t *p, size_t n);
uint64_t bcodec_run_qpdec(const uint8_t *p, size_t n);
uint64_t bcodec_run_qpenc(const uint8_t *p, size_t n);

#ifdef BENCH_HAVE_OPENSSL
uint64_t bcodec_run_ossl_dec(const uint8_t *p, size_t n);
uint64_t bcodec_run_ossl_enc(const uint8_t *p, size_t n);
#define BCODEC_B64DEC_PEER "OpenSSL EVP_DecodeUpdate"
#define BCODEC_B64ENC_PEER "OpenSSL EVP_EncodeUpdate"
#define BCODEC_B64DEC_RUN bcodec_run_ossl_dec
#define BCODEC_B64ENC_RUN bcodec_run_ossl_enc
#else
#define BCODEC_B64DEC_PEER NULL
#define BCODEC_B64ENC_PEER NULL
#define BCODEC_B64DEC_RUN NULL
#define BCODEC_B64ENC_RUN NULL
#endif

#ifdef BENCH_HAVE_GMIME
uint64_t bcodec_run_gmime_dec(const uint8_t *p, size_t n);
uint64_t bcodec_run_gmime_enc(const uint8_t *p, size_t n);
#define BCODEC_QPDEC_PEER "GMime quoted_decode_step"
#define BCODEC_QPENC_PEER "GMime quoted_encode_step"
#define BCODEC_QPDEC_RUN bcodec_run_gmime_dec
#define BCODEC_QPENC_RUN bcodec_run_gmime_enc
#else
#define BCODEC_QPDEC_PEER NULL
#define BCODEC_QPENC_PEER NULL
#define BCODEC_QPDEC_RUN NULL
#define BCODEC_QPENC_RUN NULL
#endif

#define CODEC_ROWS                                                               \
	{ "base64 decode (MIME, 76 col)", BCODEC_B64DEC_PEER, bcodec_gen_b64,      \
	  bcodec_run_b64dec, BCODEC_B64DEC_RUN, NULL, NULL },                      \
	{ "base64 encode", BCODEC_B64ENC_PEER, bcodec_gen_binary,                  \
	  bcodec_run_b64enc, BCODEC_B64ENC_RUN, NULL, NULL },                      \
	{ "QP decode", BCODEC_QPDEC_PEER, bcodec_gen_qp, bcodec_run_qpdec,         \
	  BCODEC_QPDEC_RUN, NULL, NULL },                                          \
	{ "QP encode", BCODEC_QPENC_PEER, bcodec_gen_plain, bcodec_run_qpenc,      \
	  BCODEC_QPENC_RUN, NULL, NULL },

#endif
