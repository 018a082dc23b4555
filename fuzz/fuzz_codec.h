/* fuzz/fuzz_codec.h: what fuzz_base64 and fuzz_qp share (header-only, so
 * fuzz/build.sh keeps building each fuzz_*.c as one target): a decoder
 * adapter for the split feeder that logs output octets, diags and the
 * finish code, and the checks both targets make:
 *   1. the log is the same for the whole input and for splits derived
 *      from the input;
 *   2. the same on every path (AVX2, SSSE3, scalar, byte) and under a
 *      short output capacity taken from the input;
 *   3. every diag offset lies inside the input (<= its length);
 *   4. decode(encode(x)) == x without a diag, on every path, and every
 *      path encodes alike. */
#ifndef MP_FUZZ_CODEC_H
#define MP_FUZZ_CODEC_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "mailprobe/codec.h"

#define FC_DIAGS 512
#define FC_MAX 65536

struct fc_ctx {
	bool qp;
	unsigned flags;
	size_t ocap;
	mp_b64dec b;
	mp_qpdec q;
	mp_diag dv[FC_DIAGS];
	mp_diags d;
	uint64_t h, total; /* FNV-1a of the output so far, its length */
	uint8_t out[FC_MAX + 64];
};

/* The output goes into the log as its length and hash: escaping every
 * octet would cost more than decoding it. */
static void fc_hash(struct fc_ctx *x, const uint8_t *p, size_t n)
{
	uint64_t h = x->h;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	x->h = h;
	x->total += n;
}

static void fc_die(const char *what)
{
	fprintf(stderr, "fuzz codec: property broken: %s\n", what);
	abort();
}

static void fc_reset(void *c)
{
	struct fc_ctx *x = c;
	mp_diags_init(&x->d, x->dv, FC_DIAGS);
	mp_b64dec_init(&x->b, x->flags, 0);
	mp_qpdec_init(&x->q, 0);
	x->h = 0xcbf29ce484222325ull;
	x->total = 0;
}

static size_t fc_feed(void *c, const uint8_t *buf, size_t len, bool eof,
		      mpt_log *log)
{
	struct fc_ctx *x = c;
	size_t pos = 0, u, w;
	while (pos < len) {
		mp_rc rc = x->qp
			? mp_qpdec_feed(&x->q, buf + pos, len - pos, x->out, x->ocap, &u, &w, &x->d)
			: mp_b64dec_feed(&x->b, buf + pos, len - pos, x->out, x->ocap, &u, &w, &x->d);
		if (u > len - pos || w > x->ocap)
			fc_die("used or wrote beyond the bounds");
		if (rc == MP_NOSPACE ? (u == 0 && w == 0) : (rc != MP_OK || u != len - pos))
			fc_die("feed made no progress or stopped early");
		fc_hash(x, x->out, w);
		pos += u;
	}
	if (eof) {
		mp_rc rc;
		do {
			rc = x->qp ? mp_qpdec_finish(&x->q, x->out, x->ocap, &w, &x->d)
				   : mp_b64dec_finish(&x->b, x->out, x->ocap, &w, &x->d);
			fc_hash(x, x->out, w);
			if (rc == MP_NOSPACE && w == 0)
				fc_die("finish made no progress");
		} while (rc == MP_NOSPACE);
		mpt_log_printf(log, "%llu octets, hash %016llx|%d|",
			       (unsigned long long)x->total, (unsigned long long)x->h, (int)rc);
		for (size_t i = 0; i < x->d.n; i++)
			mpt_log_printf(log, " %s@%llu", mp_rule_name(x->d.v[i].rule),
				       (unsigned long long)x->d.v[i].offset);
		mpt_log_printf(log, " dropped=%zu", x->d.dropped);
	}
	return len;
}

static const mp_codec_path fc_paths[] = { MP_CODEC_AUTO, MP_CODEC_SSSE3,
					  MP_CODEC_SCALAR, MP_CODEC_BYTE };

/* Properties 1-3 for the decoder over in[0..n). */
static void fc_check_decoder(bool qp, unsigned flags, const uint8_t *in,
			     size_t n, size_t short_cap)
{
	static struct fc_ctx x;
	mpt_reader r = { fc_reset, fc_feed, &x };
	mpt_log want = { 0 }, got = { 0 };
	x.qp = qp;
	x.flags = flags;
	x.ocap = FC_MAX + 64;
	mp_codec_simd(MP_CODEC_BYTE);
	mpt_run_split(&r, in, n, NULL, 0, false, &want);
	for (size_t i = 0; i < x.d.n; i++)
		if (x.d.v[i].offset > n)
			fc_die("diag offset beyond the input");
	for (size_t p = 0; p < sizeof fc_paths / sizeof fc_paths[0]; p++) {
		mp_codec_simd(fc_paths[p]);
		size_t k = n > 8 ? 8 : n;
		char *m = mpt_check_seeded_splits(&r, in, n, in + n - k, k);
		if (m) {
			fprintf(stderr, "path %zu: %s", p, m);
			fc_die("split invariance");
		}
		for (int c = 0; c < 2; c++) {
			/* a short capacity costs a call per octet: scaled on
			 * long inputs */
			x.ocap = !c ? FC_MAX + 64 : n > 4096 ? 64 * short_cap : short_cap;
			mpt_log_free(&got);
			mpt_run_split(&r, in, n, NULL, 0, false, &got);
			if (got.n != want.n || (got.n && memcmp(got.p, want.p, got.n) != 0)) {
				fprintf(stderr, "path %zu cap %zu:\n got %s\nwant %s\n", p,
					x.ocap, got.p, want.p);
				fc_die("paths or capacities disagree");
			}
		}
		x.ocap = FC_MAX + 64;
	}
	mp_codec_simd(MP_CODEC_AUTO);
	mpt_log_free(&want);
	mpt_log_free(&got);
}

#endif
