/* codec-qp.c: quoted-printable decoder and encoder, RFC 2045 6.7:
 *   (1) "=" XX with upper-case hex for any octet; (2) 33-60 and 62-126
 *   may stand for themselves; (3) SP and TAB may, but not at the end of
 *   an encoded line, and decoders delete them there; (4) a line break is
 *   CRLF; (5) lines of at most 76 characters, "=" CRLF a soft break.
 *
 *   quoted-printable := qp-line *(CRLF qp-line)
 *   qp-line := *(qp-segment transport-padding CRLF) qp-part transport-padding
 *   qp-part := qp-section ; maximal length of 76 characters
 *   qp-segment := qp-section *(SPACE / TAB) "="
 *   ptext := hex-octet / safe-char
 *   safe-char := <any octet with decimal value of 33 through 60 inclusive,
 *                 and 62 through 126>
 *
 * Both directions have a byte state machine (the reference) and a fast
 * path over runs of plain octets (safe-char, SP, TAB), upper-case escapes
 * and CRLF / soft breaks: AVX2 or SSE2 classification of 32 or 16 octets
 * a step, or a portable table loop. A fast path starts only with nothing
 * held and leaves any SP/TAB run it cannot prove inner to the byte path,
 * so both give the same octets and the same diags. */
#include <string.h>

#include "codec-private.h"

#define PUSH(d, dg, at, rule) codec_push(&(d)->problems, (dg), (at), MP_R_##rule)

enum { S_TEXT = 0, S_EQ = 1, S_EQHEX = 2 };
enum { CR_NONE = 0, CR_HARD = 1, CR_SOFT = 2 };
enum { RUN_NONE = 0, RUN_8BIT = 1, RUN_CTL = 2 };

/* hex digit values (0xFF: not a digit); upper: only "0-9A-F" */
static uint8_t hexv[256], hexv_upper[256];
/* plain octets: safe-char, SP, TAB */
static uint8_t plain[256];
static bool tabs_ready;

static void tabs_init(void)
{
	for (int c = 0; c < 256; c++) {
		hexv[c] = hexv_upper[c] = 0xFF;
		plain[c] = (c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t';
	}
	for (int c = 0; c < 10; c++)
		hexv['0' + c] = hexv_upper['0' + c] = (uint8_t)c;
	for (int c = 0; c < 6; c++) {
		hexv['A' + c] = hexv_upper['A' + c] = (uint8_t)(10 + c);
		hexv['a' + c] = (uint8_t)(10 + c);
	}
	tabs_ready = true;
}

static inline bool is_ws(uint8_t c) { return c == ' ' || c == '\t'; }

/* ---- plain runs: copies in[i..) while plain, at most limit octets and
 * while out has room; returns the new i and advances *o_r. */
static size_t copy_scalar(const uint8_t *in, size_t i, size_t len,
			  uint8_t *out, size_t *o_r, size_t cap, size_t limit)
{
	size_t o = *o_r, end = len - i > limit ? i + limit : len;
	if (end - i > cap - o)
		end = i + (cap - o);
	while (i < end && plain[in[i]])
		out[o++] = in[i++];
	*o_r = o;
	return i;
}

#ifdef MP_CODEC_X86
static size_t copy_sse2(const uint8_t *in, size_t i, size_t len,
			uint8_t *out, size_t *o_r, size_t cap, size_t limit)
{
	const __m128i eq = _mm_set1_epi8('='), sp = _mm_set1_epi8(0x20);
	const __m128i tab = _mm_set1_epi8('\t'), del = _mm_set1_epi8(0x7E);
	size_t o = *o_r, start = i;
	while (len - i >= 16 && cap - o >= 16 && i - start < limit) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(in + i));
		/* signed compares: octets over 127 are below 0x20 */
		__m128i bad = _mm_or_si128(
			_mm_or_si128(_mm_cmpeq_epi8(v, eq), _mm_cmpgt_epi8(v, del)),
			_mm_andnot_si128(_mm_cmpeq_epi8(v, tab), _mm_cmplt_epi8(v, sp)));
		_mm_storeu_si128((__m128i *)(void *)(out + o), v);
		unsigned m = (unsigned)_mm_movemask_epi8(bad);
		size_t k = m ? (size_t)__builtin_ctz(m) : 16;
		if (k > limit - (i - start))
			k = limit - (i - start);
		i += k;
		o += k;
		if (k < 16) {
			*o_r = o;
			return i;
		}
	}
	*o_r = o;
	return copy_scalar(in, i, len, out, o_r, cap, limit - (i - start));
}

__attribute__((target("avx2"))) static size_t
copy_avx2(const uint8_t *in, size_t i, size_t len, uint8_t *out,
	  size_t *o_r, size_t cap, size_t limit)
{
	const __m256i eq = _mm256_set1_epi8('='), sp = _mm256_set1_epi8(0x20);
	const __m256i tab = _mm256_set1_epi8('\t'), del = _mm256_set1_epi8(0x7E);
	size_t o = *o_r, start = i;
	while (len - i >= 32 && cap - o >= 32 && i - start < limit) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(in + i));
		__m256i bad = _mm256_or_si256(
			_mm256_or_si256(_mm256_cmpeq_epi8(v, eq), _mm256_cmpgt_epi8(v, del)),
			_mm256_andnot_si256(_mm256_cmpeq_epi8(v, tab),
					    _mm256_cmpgt_epi8(sp, v)));
		_mm256_storeu_si256((__m256i *)(void *)(out + o), v);
		uint32_t m = (uint32_t)_mm256_movemask_epi8(bad);
		size_t k = m ? (size_t)__builtin_ctz(m) : 32;
		if (k > limit - (i - start))
			k = limit - (i - start);
		i += k;
		o += k;
		if (k < 32) {
			*o_r = o;
			return i;
		}
	}
	*o_r = o;
	return copy_sse2(in, i, len, out, o_r, cap, limit - (i - start));
}
#endif

static size_t copy_plain(enum codec_impl impl, const uint8_t *in, size_t i,
			 size_t len, uint8_t *out, size_t *o_r, size_t cap,
			 size_t limit)
{
#ifdef MP_CODEC_X86
	if (impl == IMPL_AVX2)
		return copy_avx2(in, i, len, out, o_r, cap, limit);
	if (impl == IMPL_SSSE3)
		return copy_sse2(in, i, len, out, o_r, cap, limit);
#endif
	(void)impl;
	return copy_scalar(in, i, len, out, o_r, cap, limit);
}

/* ==== decoder ========================================================= */

void mp_qpdec_init(mp_qpdec *d, uint64_t offset)
{
	memset(d, 0, sizeof(*d));
	d->off = offset;
	d->line_off = offset;
	if (!tabs_ready)
		tabs_init();
}

static inline void long_check(mp_qpdec *d, uint64_t next, mp_diags *dg)
{
	if (!d->long_done && next - d->line_off > MP_CODEC_LINE_MAX) {
		d->long_done = true;
		PUSH(d, dg, d->line_off + MP_CODEC_LINE_MAX, QP_LINE_TOO_LONG);
	}
}

/* Writes held octets that turned out to be data. True when all went. */
static bool flush(mp_qpdec *d, uint8_t *out, size_t *o_r, size_t cap)
{
	size_t o = *o_r;
	while (d->hpos < d->nhold && o < cap)
		out[o++] = d->hold[d->hpos++];
	*o_r = o;
	if (d->hpos < d->nhold)
		return false;
	d->nhold = d->hpos = 0;
	d->flushing = false;
	return true;
}

/* From in[i] in S_TEXT with nothing held: plain runs, upper-case escapes,
 * soft breaks and CRLF hard breaks. A SP/TAB run at the point where it
 * stops is given back to the byte path, which decides whether it ends a
 * line. One body for every path: SCAN copies whole vectors of plain
 * octets (and stops at the first other one), the loop after it the rest. */
#define QP_DEC_FAST(NAME, ATTR, DECL, SCAN)                                     \
	ATTR static size_t NAME(mp_qpdec *d, const uint8_t *in, size_t i,       \
				size_t len, uint8_t *out, size_t *o_r,          \
				size_t cap, uint64_t base, mp_diags *dg)        \
	{                                                                       \
		size_t o = *o_r, from = i; /* no giving back before from */     \
		DECL                                                            \
		for (;;) {                                                      \
			SCAN                                                    \
			while (i < len && o < cap && plain[in[i]])              \
				out[o++] = in[i++];                             \
			if (len - i >= 3 && in[i] == '=') {                     \
				uint8_t h = hexv_upper[in[i + 1]];              \
				uint8_t l = hexv_upper[in[i + 2]];              \
				if ((h | l) < 16 && o < cap) {                  \
					out[o++] = (uint8_t)(h << 4 | l);       \
					i += 3;                                 \
					/* escapes come in runs (UTF-8) */      \
					while (len - i >= 3 && in[i] == '=' &&  \
					       o < cap &&                       \
					       (hexv_upper[in[i + 1]] |         \
						hexv_upper[in[i + 2]]) < 16) {  \
						out[o++] = (uint8_t)(           \
							hexv_upper[in[i + 1]] << 4 | \
							hexv_upper[in[i + 2]]); \
						i += 3;                         \
					}                                       \
					continue;                               \
				}                                               \
				if (in[i + 1] == '\r' && in[i + 2] == '\n') {   \
					long_check(d, base + i + 1, dg);        \
					i += 3;                                 \
					d->line_off = base + i;                 \
					d->long_done = false;                   \
					d->run = RUN_NONE;                      \
					from = i;                               \
					continue;                               \
				}                                               \
				break;                                          \
			}                                                       \
			if (len - i >= 2 && in[i] == '\r' && in[i + 1] == '\n' && \
			    cap - o >= 2 && !(i > from && is_ws(in[i - 1]))) {  \
				long_check(d, base + i, dg);                    \
				out[o++] = '\r';                                \
				out[o++] = '\n';                                \
				i += 2;                                         \
				d->line_off = base + i;                         \
				d->long_done = false;                           \
				d->run = RUN_NONE;                              \
				from = i;                                       \
				continue;                                       \
			}                                                       \
			break;                                                  \
		}                                                               \
		while (i > from && is_ws(in[i - 1])) {                          \
			i--;                                                    \
			o--;                                                    \
		}                                                               \
		if (i > from)                                                   \
			d->run = RUN_NONE;                                      \
		long_check(d, base + i, dg);                                    \
		*o_r = o;                                                       \
		return i;                                                       \
	}

QP_DEC_FAST(dec_fast_scalar, , , )

#ifdef MP_CODEC_X86
/* signed compares: octets over 127 are below 0x20 */
#define QP_DECL_SSE2                                                            \
	const __m128i eq16 = _mm_set1_epi8('='), sp16 = _mm_set1_epi8(0x20);    \
	const __m128i tab16 = _mm_set1_epi8('\t'), del16 = _mm_set1_epi8(0x7E);
#define QP_SCAN_SSE2                                                            \
	while (len - i >= 16 && cap - o >= 16) {                                \
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(in + i)); \
		__m128i bad = _mm_or_si128(                                     \
			_mm_or_si128(_mm_cmpeq_epi8(v, eq16), _mm_cmpgt_epi8(v, del16)), \
			_mm_andnot_si128(_mm_cmpeq_epi8(v, tab16), _mm_cmplt_epi8(v, sp16))); \
		_mm_storeu_si128((__m128i *)(void *)(out + o), v);              \
		unsigned m = (unsigned)_mm_movemask_epi8(bad);                  \
		size_t k = m ? (size_t)__builtin_ctz(m) : 16;                   \
		i += k;                                                         \
		o += k;                                                         \
		if (m)                                                          \
			break;                                                  \
	}
#define QP_DECL_AVX2                                                            \
	const __m256i eq = _mm256_set1_epi8('='), sp = _mm256_set1_epi8(0x20);  \
	const __m256i tab = _mm256_set1_epi8('\t'), del = _mm256_set1_epi8(0x7E);
#define QP_SCAN_AVX2                                                            \
	while (len - i >= 32 && cap - o >= 32) {                                \
		__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(in + i)); \
		__m256i bad = _mm256_or_si256(                                  \
			_mm256_or_si256(_mm256_cmpeq_epi8(v, eq), _mm256_cmpgt_epi8(v, del)), \
			_mm256_andnot_si256(_mm256_cmpeq_epi8(v, tab),          \
					    _mm256_cmpgt_epi8(sp, v)));         \
		_mm256_storeu_si256((__m256i *)(void *)(out + o), v);           \
		uint32_t m = (uint32_t)_mm256_movemask_epi8(bad);               \
		size_t k = m ? (size_t)__builtin_ctz(m) : 32;                   \
		i += k;                                                         \
		o += k;                                                         \
		if (m)                                                          \
			break;                                                  \
	}
QP_DEC_FAST(dec_fast_sse2, , QP_DECL_SSE2, QP_SCAN_SSE2)
QP_DEC_FAST(dec_fast_avx2, __attribute__((target("avx2"))),
	    QP_DECL_AVX2 QP_DECL_SSE2,
	    QP_SCAN_AVX2 if (len - i < 32 || cap - o < 32) { QP_SCAN_SSE2 })
#endif

static size_t dec_fast(mp_qpdec *d, enum codec_impl impl, const uint8_t *in,
		       size_t i, size_t len, uint8_t *out, size_t *o_r,
		       size_t cap, uint64_t base, mp_diags *dg)
{
#ifdef MP_CODEC_X86
	if (impl == IMPL_AVX2)
		return dec_fast_avx2(d, in, i, len, out, o_r, cap, base, dg);
	if (impl == IMPL_SSSE3)
		return dec_fast_sse2(d, in, i, len, out, o_r, cap, base, dg);
#endif
	(void)impl;
	return dec_fast_scalar(d, in, i, len, out, o_r, cap, base, dg);
}

mp_rc mp_qpdec_feed(mp_qpdec *d, const uint8_t *in, size_t len,
		    uint8_t *out, size_t cap, size_t *used_r,
		    size_t *wrote_r, mp_diags *dg)
{
	size_t i = 0, o = 0;
	uint64_t base = d->off;
	enum codec_impl impl = codec_impl();
	mp_rc rc = MP_OK;

	if (out == NULL)
		cap = 0;
	while (i < len) {
		if (d->flushing && !flush(d, out, &o, cap)) {
			rc = MP_NOSPACE;
			break;
		}
		if (d->state == S_TEXT && d->nhold == 0 && d->cr == CR_NONE &&
		    impl != IMPL_BYTE) {
			i = dec_fast(d, impl, in, i, len, out, &o, cap, base, dg);
			if (i >= len)
				break;
		}
		uint8_t c = in[i];
		uint64_t at = base + i;
		if (d->cr != CR_NONE) {
			if (c == '\n') {
				if (d->cr == CR_HARD) {
					if (o >= cap) {
						rc = MP_NOSPACE;
						break;
					}
					out[o++] = '\n';
				}
				d->cr = CR_NONE;
				d->line_off = at + 1;
				i++;
				continue;
			}
			PUSH(d, dg, d->cr_off, QP_BARE_CR);
			d->cr = CR_NONE;
		}
		if (c == '\r' || c == '\n') {
			if (d->state == S_EQHEX) { /* "=X" CR: not an escape */
				PUSH(d, dg, d->eq_off, QP_BAD_ESCAPE);
				d->state = S_TEXT;
				d->flushing = true;
				continue;
			}
			bool soft = d->state == S_EQ;
			if (!soft && o >= cap) {
				rc = MP_NOSPACE;
				break;
			}
			if (d->nhold > (soft ? 1 : 0))
				PUSH(d, dg, d->ws_off, QP_TRAILING_WS);
			if (c == '\n')
				PUSH(d, dg, at, QP_BARE_LF);
			d->nhold = d->hpos = 0;
			d->state = S_TEXT;
			if (!soft)
				out[o++] = c;
			if (c == '\r') {
				d->cr = soft ? CR_SOFT : CR_HARD;
				d->cr_off = at;
			}
			d->line_off = at + 1;
			d->long_done = false;
			d->run = RUN_NONE;
			i++;
			continue;
		}
		if (d->state == S_TEXT) {
			if (is_ws(c)) {
				if (d->nhold == MP_QPDEC_HOLD) {
					d->flushing = true;
					continue;
				}
				if (d->nhold == 0)
					d->ws_off = at;
				d->hold[d->nhold++] = c;
				d->run = RUN_NONE;
			} else if (d->nhold) {
				d->flushing = true; /* the SP/TAB were inner */
				continue;
			} else if (c == '=') {
				d->hold[0] = '=';
				d->nhold = 1;
				d->state = S_EQ;
				d->eq_off = at;
				d->run = RUN_NONE;
			} else {
				if (o >= cap) {
					rc = MP_NOSPACE;
					break;
				}
				if (c > 127) {
					if (d->run != RUN_8BIT)
						PUSH(d, dg, at, QP_8BIT);
					d->run = RUN_8BIT;
				} else if (c < 32 || c == 127) {
					if (d->run != RUN_CTL)
						PUSH(d, dg, at, QP_CONTROL);
					d->run = RUN_CTL;
				} else {
					d->run = RUN_NONE;
				}
				out[o++] = c;
			}
		} else if (d->state == S_EQ) {
			if (is_ws(c) && d->nhold < MP_QPDEC_HOLD) {
				if (d->nhold == 1)
					d->ws_off = at;
				d->hold[d->nhold++] = c;
			} else if (d->nhold == 1 && hexv[c] != 0xFF) {
				d->hold[d->nhold++] = c;
				d->state = S_EQHEX;
			} else {
				PUSH(d, dg, d->eq_off, QP_BAD_ESCAPE);
				d->state = S_TEXT;
				d->flushing = true;
				continue;
			}
		} else { /* S_EQHEX */
			if (hexv[c] == 0xFF) {
				PUSH(d, dg, d->eq_off, QP_BAD_ESCAPE);
				d->state = S_TEXT;
				d->flushing = true;
				continue;
			}
			if (o >= cap) {
				rc = MP_NOSPACE;
				break;
			}
			uint8_t h = d->hold[1];
			if (hexv_upper[h] == 0xFF || hexv_upper[c] == 0xFF)
				PUSH(d, dg, d->eq_off, QP_LOWER_HEX);
			out[o++] = (uint8_t)(hexv[h] << 4 | hexv[c]);
			d->nhold = d->hpos = 0;
			d->state = S_TEXT;
		}
		long_check(d, at + 1, dg);
		i++;
	}
	d->off += i;
	*used_r = i;
	*wrote_r = o;
	return rc;
}

mp_rc mp_qpdec_finish(mp_qpdec *d, uint8_t *out, size_t cap,
		      size_t *wrote_r, mp_diags *dg)
{
	size_t o = 0;
	if (out == NULL)
		cap = 0;
	*wrote_r = 0;
	if (d->state != S_TEXT && !d->flushing) {
		/* "=" or "=X" at the end: no escape, no soft break; the octets
		 * go out as they came (SP/TAB after a lone "=" are trailing) */
		PUSH(d, dg, d->eq_off, QP_BAD_ESCAPE);
		if (d->state == S_EQ && d->nhold > 1) {
			PUSH(d, dg, d->ws_off, QP_TRAILING_WS);
			d->nhold = 1;
		}
		d->state = S_TEXT;
		d->flushing = true;
	}
	if (d->flushing && !flush(d, out, &o, cap)) {
		*wrote_r = o;
		return MP_NOSPACE;
	}
	if (d->cr != CR_NONE)
		PUSH(d, dg, d->cr_off, QP_BARE_CR);
	if (d->nhold)
		PUSH(d, dg, d->ws_off, QP_TRAILING_WS);
	d->cr = CR_NONE;
	d->nhold = d->hpos = 0;
	*wrote_r = o;
	return d->problems ? MP_INVALID : MP_OK;
}

/* ==== encoder ========================================================= */

static const char hexdig[] = "0123456789ABCDEF";

/* The output of one step, built before it is known to fit. */
typedef struct tokbuf {
	uint8_t b[24];
	size_t n;
	unsigned col;
} tokbuf;

/* A token of k characters; a soft break first when the line would pass
 * 75 characters (76 with the soft break's "="). */
static inline void tok(tokbuf *t, const uint8_t *s, size_t k)
{
	if (t->col + k > MP_CODEC_LINE_MAX - 1) {
		t->b[t->n++] = '=';
		t->b[t->n++] = '\r';
		t->b[t->n++] = '\n';
		t->col = 0;
	}
	memcpy(t->b + t->n, s, k);
	t->n += k;
	t->col += (unsigned)k;
}

static inline void tok_lit(tokbuf *t, uint8_t c) { tok(t, &c, 1); }

static inline void tok_enc(tokbuf *t, uint8_t c)
{
	uint8_t s[3] = { '=', (uint8_t)hexdig[c >> 4], (uint8_t)hexdig[c & 15] };
	tok(t, s, 3);
}

void mp_qpenc_init(mp_qpenc *e, unsigned flags)
{
	memset(e, 0, sizeof(*e));
	e->flags = flags;
	if (!tabs_ready)
		tabs_init();
}

/* From in[i] with nothing held: plain runs within the line, escapes of
 * octets that are always escaped, and (text) CRLF. Leaves a run's last
 * SP/TAB to the byte path, which holds it. */
static size_t enc_fast(mp_qpenc *e, enum codec_impl impl, const uint8_t *in,
		       size_t i, size_t len, uint8_t *out, size_t *o_r,
		       size_t cap)
{
	size_t o = *o_r, from = i;
	bool binary = e->flags & MP_QPENC_BINARY;
	for (;;) {
		size_t room = MP_CODEC_LINE_MAX - 1 - e->col;
		size_t j = copy_plain(impl, in, i, len, out, &o, cap, room);
		e->col = (uint8_t)(e->col + (j - i));
		i = j;
		if (i >= len || o >= cap)
			break;
		uint8_t c = in[i];
		if (plain[c]) { /* the line is full */
			if (cap - o < 4)
				break;
			memcpy(out + o, "=\r\n", 3);
			o += 3;
			e->col = 0;
			continue;
		}
		if (c == '\r' && !binary) {
			if (len - i < 2 || in[i + 1] != '\n' || cap - o < 2 ||
			    (i > from && is_ws(in[i - 1])))
				break;
			out[o++] = '\r';
			out[o++] = '\n';
			e->col = 0;
			i += 2;
			continue;
		}
		if (cap - o < 6)
			break;
		if (e->col + 3 > MP_CODEC_LINE_MAX - 1) {
			memcpy(out + o, "=\r\n", 3);
			o += 3;
			e->col = 0;
		}
		out[o++] = '=';
		out[o++] = (uint8_t)hexdig[c >> 4];
		out[o++] = (uint8_t)hexdig[c & 15];
		e->col = (uint8_t)(e->col + 3);
		i++;
	}
	/* a SP/TAB just copied may end a line: give it back */
	if (i > from && is_ws(in[i - 1]) && (i >= len || !plain[in[i]] || o >= cap)) {
		i--;
		o--;
		e->col--;
	}
	*o_r = o;
	return i;
}

mp_rc mp_qpenc_feed(mp_qpenc *e, const uint8_t *in, size_t len,
		    uint8_t *out, size_t cap, size_t *used_r,
		    size_t *wrote_r)
{
	size_t i = 0, o = 0;
	bool binary = e->flags & MP_QPENC_BINARY;
	enum codec_impl impl = codec_impl();
	mp_rc rc = MP_OK;

	if (out == NULL)
		cap = 0;
	while (i < len) {
		if (e->ws == 0 && e->cr == 0 && impl != IMPL_BYTE) {
			i = enc_fast(e, impl, in, i, len, out, &o, cap);
			if (i >= len)
				break;
		}
		uint8_t b = in[i], ws = e->ws, cr = e->cr;
		tokbuf t = { .n = 0, .col = e->col };
		if (cr) {
			if (b == '\n') {
				if (ws)
					tok_enc(&t, ws);
				t.b[t.n++] = '\r';
				t.b[t.n++] = '\n';
				t.col = 0;
				ws = cr = 0;
				goto commit;
			}
			if (ws)
				tok_lit(&t, ws); /* "=0D" follows it */
			tok_enc(&t, '\r');
			ws = cr = 0;
		}
		if (b == '\r' && !binary) {
			cr = 1; /* CRLF or a bare CR: the next octet tells */
			goto commit;
		}
		if (ws)
			tok_lit(&t, ws);
		ws = 0;
		if (is_ws(b))
			ws = b; /* literal unless a line break or the end follows */
		else if (plain[b])
			tok_lit(&t, b);
		else
			tok_enc(&t, b);
commit:
		if (cap - o < t.n) {
			rc = MP_NOSPACE;
			break;
		}
		memcpy(out + o, t.b, t.n);
		o += t.n;
		e->col = (uint8_t)t.col;
		e->ws = ws;
		e->cr = cr;
		i++;
	}
	*used_r = i;
	*wrote_r = o;
	return rc;
}

mp_rc mp_qpenc_finish(mp_qpenc *e, uint8_t *out, size_t cap,
		      size_t *wrote_r)
{
	tokbuf t = { .n = 0, .col = e->col };
	if (out == NULL)
		cap = 0;
	*wrote_r = 0;
	if (e->cr) {
		if (e->ws)
			tok_lit(&t, e->ws);
		tok_enc(&t, '\r');
	} else if (e->ws) {
		tok_enc(&t, e->ws);
	}
	if (cap < t.n)
		return MP_NOSPACE;
	if (t.n)
		memcpy(out, t.b, t.n);
	*wrote_r = t.n;
	e->col = (uint8_t)t.col;
	e->ws = e->cr = 0;
	return MP_OK;
}
