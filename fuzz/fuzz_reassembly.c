/* fuzz_reassembly: one TCP direction from a synthetic segment stream
 * decoded from the input: any order, overlap, duplication and loss.
 * Input: byte 0 picks the ISN's high bits (wraparound), bytes 1-2 the
 * stream length (<= 4096); then 4 octets a segment: offset (2), length
 * (1), flags (1: bit 0 lost, bit 1 sent twice, bit 2 carries the FIN).
 * The octets are those of one stream, so every overlap agrees.
 * Properties: delivered in the input's order and delivered sorted by
 * offset give the same stream (octets and gaps, as one string); every
 * delivered octet is the stream's octet at its offset; no overlap is
 * reported as differing; nothing is held after the end. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "mailprobe/pcap.h"

#define T "fuzz_reassembly"
#define LMAX 4096
#define SEGS 512

struct seg { uint32_t off; uint32_t n; uint8_t fl; };

struct out {
	uint8_t buf[2 * LMAX + 64]; /* data octets; gaps as 0xff runs with a marker */
	size_t n;
	uint64_t next;
	bool bad;
	const uint8_t *stream;
	mp_pdiag dv[64];
	mp_pdiags d;
};

static void o_data(void *ctx, uint64_t off, const uint8_t *p, size_t n, uint64_t frame)
{
	struct out *o = ctx;
	(void)frame;
	if (off != o->next || off + n > LMAX + 1)
		fz_die(T, "data out of place");
	if (memcmp(p, o->stream + off, n) != 0)
		fz_die(T, "octets that are not the stream's");
	if (o->n + n <= sizeof o->buf) {
		memcpy(o->buf + o->n, p, n);
		o->n += n;
	}
	o->next += n;
}

static void o_gap(void *ctx, uint64_t off, uint64_t n, uint64_t frame)
{
	struct out *o = ctx;
	(void)frame;
	if (off != o->next)
		fz_die(T, "gap out of place");
	/* gaps merge: the same missing range may be said in pieces */
	for (uint64_t i = 0; i < n && o->n < sizeof o->buf; i++)
		o->buf[o->n++] = 0xfe;
	o->next += n;
}

static void deliver(struct out *o, const uint8_t *stream, uint32_t isn,
		    const struct seg *v, size_t nv, const size_t *order)
{
	mp_reasm r;
	mp_reasm_pool pool = { .max_flow = 1 << 20, .max_total = 1 << 21 };
	memset(&r, 0, sizeof r);
	memset(o, 0, sizeof(*o));
	o->stream = stream;
	o->d = (mp_pdiags){ o->dv, 64, 0, 0 };
	mp_reasm_out ro = { o, o_data, o_gap, &o->d };
	mp_reasm_segment(&r, &pool, &ro, isn, MP_TCP_SYN, NULL, 0, 0, 1);
	for (size_t k = 0; k < nv; k++) {
		const struct seg *s = &v[order[k]];
		if (s->fl & 1)
			continue;
		for (int rep = 0; rep < ((s->fl & 2) ? 2 : 1); rep++)
			mp_reasm_segment(&r, &pool, &ro, isn + 1 + s->off,
					 MP_TCP_ACK | ((s->fl & 4) ? MP_TCP_FIN : 0),
					 stream + s->off, s->n, s->n, 2 + order[k]);
	}
	mp_reasm_finish(&r, &pool, &ro);
	mp_reasm_free(&r, &pool);
	if (pool.held != 0)
		fz_die(T, "octets held after the end");
	for (size_t i = 0; i < o->d.n; i++)
		if (o->d.v[i].rule == MP_R_TCP_OVERLAP_DIFFERS)
			fz_die(T, "an agreeing overlap reported as differing");
}

static struct seg segs[SEGS];
static size_t ord_in[SEGS], ord_sorted[SEGS];
static uint8_t stream[LMAX + 1];
static struct out a, b;
static const struct seg *cmp_v;

static int by_off(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	if (cmp_v[i].off != cmp_v[j].off)
		return cmp_v[i].off < cmp_v[j].off ? -1 : 1;
	return i < j ? -1 : i > j;
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	if (n < 3)
		return 0;
	uint32_t isn = (uint32_t)d[0] << 24 | 0xfff000u;
	uint32_t len = ((uint32_t)d[1] << 8 | d[2]) % LMAX + 1;
	d += 3;
	n -= 3;
	for (uint32_t i = 0; i <= len && i < sizeof stream; i++)
		stream[i] = (uint8_t)(i * 131 + (i >> 8));
	size_t nv = 0;
	for (size_t i = 0; i + 4 <= n && nv < SEGS; i += 4) {
		struct seg s;
		s.off = ((uint32_t)d[i] << 8 | d[i + 1]) % len;
		s.n = d[i + 2];
		if (s.off + s.n > len)
			s.n = len - s.off;
		s.fl = d[i + 3];
		/* a FIN only on a segment that ends the stream, kept */
		if ((s.fl & 4) && s.off + s.n == len)
			s.fl &= (uint8_t)~1;
		else
			s.fl &= (uint8_t)~4;
		segs[nv] = s;
		ord_in[nv] = ord_sorted[nv] = nv;
		nv++;
	}
	cmp_v = segs;
	qsort(ord_sorted, nv, sizeof ord_sorted[0], by_off);
	deliver(&a, stream, isn, segs, nv, ord_in);
	deliver(&b, stream, isn, segs, nv, ord_sorted);
	if (a.n != b.n || memcmp(a.buf, b.buf, a.n) != 0)
		fz_die(T, "shuffled delivery differs from ordered delivery");
	return 0;
}
