/* fuzz_7bit: the 7-bit and line checker.
 * Byte 0: the line limit is 998 when even, 76 + (byte 0 >> 1) when odd.
 * The input's length modulo 3 picks the vector path (AUTO, SSE2, NARROW),
 * so every path meets the byte-at-a-time one of the short splits.
 * Properties: the same stats, verdict and diags for any split; counters
 * agree with a plain reference count of the same octets; the verdict
 * follows from the stats; diag offsets lie inside the input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "mailprobe/wire.h"

#define DIAGS 512

static void die(const char *what)
{
	fprintf(stderr, "fuzz_7bit: property broken: %s\n", what);
	abort();
}

struct bctx {
	mp_8bitck ck;
	size_t max;
	mp_diag dv[DIAGS];
	mp_diags d;
	mp_body_need need;
};

static void b_reset(void *c)
{
	struct bctx *x = c;
	mp_8bitck_init(&x->ck, x->max, 0);
	mp_diags_init(&x->d, x->dv, DIAGS);
}

static size_t b_feed(void *c, const uint8_t *buf, size_t len, bool eof,
		     mpt_log *log)
{
	struct bctx *x = c;
	mp_8bitck_feed(&x->ck, buf, len, &x->d);
	if (eof) {
		x->need = mp_8bitck_finish(&x->ck, &x->d);
		const mp_8bit_stats *s = &x->ck.st;
		mpt_log_printf(log, "need=%d bytes=%llu lines=%llu high=%llu nul=%llu cr=%llu lf=%llu long=%llu max=%llu utf8=%d\n",
			       (int)x->need, (unsigned long long)s->bytes,
			       (unsigned long long)s->lines, (unsigned long long)s->high,
			       (unsigned long long)s->nul, (unsigned long long)s->bare_cr,
			       (unsigned long long)s->bare_lf, (unsigned long long)s->long_lines,
			       (unsigned long long)s->max_line, (int)s->utf8_valid);
		for (size_t i = 0; i < x->d.n; i++)
			mpt_log_printf(log, "%s@%llu\n", mp_rule_name(x->d.v[i].rule),
				       (unsigned long long)x->d.v[i].offset);
		mpt_log_printf(log, "dropped=%zu\n", x->d.dropped);
	}
	return len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bctx x;
	if (size == 0)
		return 0;
	x.max = (data[0] & 1) ? 76 + (data[0] >> 1) : 0;
	const uint8_t *in = data + 1;
	size_t n = size - 1;
	mp_wire_simd((mp_simd)(size % 3));
	mpt_reader r = { b_reset, b_feed, &x };
	const uint8_t *seed = n > 8 ? in + n - 8 : in;
	char *m = mpt_check_seeded_splits(&r, in, n, seed, n > 8 ? 8 : n);
	if (m) {
		fprintf(stderr, "%s", m);
		die("split invariance");
	}
	/* after the last run, x holds the split run's final state */
	const mp_8bit_stats *s = &x.ck.st;
	uint64_t high = 0, nul = 0;
	for (size_t i = 0; i < n; i++) {
		high += in[i] > 127;
		nul += in[i] == 0;
	}
	if (s->bytes != n || s->high != high || s->nul != nul)
		die("counters differ from a plain count");
	if ((s->nul || s->bare_cr || s->bare_lf || s->long_lines) &&
	    x.need != MP_NEED_BINARYMIME)
		die("NUL, bare CR/LF or a long line without BINARYMIME");
	if (x.need == MP_NEED_7BIT && s->high)
		die("high octets judged 7BIT");
	for (size_t i = 0; i < x.d.n; i++)
		if (x.d.v[i].offset > n)
			die("diag offset beyond the input");
	return 0;
}
