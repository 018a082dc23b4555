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
 * and CRLF / soft breaks: the encoder copies plain runs with AVX2 or SSE2
 * classification of 32 or 16 octets a step, the decoder decodes windows
 * of 64 or 32 octets with AVX2 or SSSE3 masks and left-packing; then a
 * portable table loop. A fast path starts only with nothing
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

/* Left-packing, for pshufb: packlo[m] the positions of the bits of m
 * (0-7) in order, 0x80 after them; packhi[m] the same plus 8 (the upper
 * half of a 16-octet lane). */
static uint64_t packlo[256], packhi[256];
static uint8_t packn[256];
/* The decoder's vector constants, each in all 32 octets: read from
 * memory in the loop (held in registers, they would be rebuilt there). */
enum { QK_EQ, QK_TAB, QK_SP, QK_DEL, QK_D0, QK_D9, QK_UA, QK_UF, QK_CR, QK_LF, QK_F0, QK_X90, QK_X0F, QK_X09, QK_N };
static uint8_t qk[QK_N][32] __attribute__((aligned(32)));

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
	for (unsigned m = 0; m < 256; m++) {
		uint64_t t = 0x8080808080808080ull;
		unsigned n = 0;
		for (unsigned b = 0; b < 8; b++) {
			if (!(m >> b & 1))
				continue;
			t &= ~(0xFFull << 8 * n);
			t |= (uint64_t)b << 8 * n;
			n++;
		}
		packlo[m] = t;
		packhi[m] = t + 0x0808080808080808ull; /* no carry: bytes <= 0x80 */
		packn[m] = (uint8_t)n;
	}
	static const uint8_t qkv[QK_N] = { '=', '\t', ' ', 0x7E, '0' - 1, '9', 'A' - 1, 'F', '\r', '\n', 0xF0, 0x90, 0x0F, 0x09 };
	for (int k = 0; k < QK_N; k++)
		memset(qk[k], qkv[k], sizeof qk[k]);
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

/* A line begins at stream offset at: its length and run counted anew. */
static inline void new_line(mp_qpdec *d, uint64_t at)
{
	d->line_off = at;
	d->long_done = false;
	d->run = RUN_NONE;
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

/* ---- decoder fast paths ------------------------------------------------
 * From in[i] in S_TEXT with nothing held: plain runs, upper-case escapes,
 * soft breaks and CRLF hard breaks. The vector paths take a window of W
 * octets (32 or 16) at a time without a branch on what it holds: masks
 * of its classes give the tokens ("=XX", "=" CRLF, CRLF), the octets
 * that stay are left-packed with pshufb (each escape replaced by its
 * value), and the window ends before its first octet that is none of
 * these or starts a token the window does not hold whole (the next
 * window starts there). A window that cannot take its first octet hands
 * over to the scalar loop, which takes the same tokens one by one (and
 * the last octets, where no window fits). A SP/TAB run where the fast
 * path stops is given back to the byte path, which decides whether it
 * ends a line. */

/* What a window does. */
typedef struct qp_win {
	uint64_t keep; /* window octets that are written */
	uint64_t brk;  /* where its line breaks start ("=" or CR) */
	uint64_t soft; /* which of them are soft */
	unsigned adv;  /* octets it consumes (0: none, leave the window loop) */
} qp_win;

/* Bit k of a mask is window octet k. np: not plain (safe-char, SP,
 * TAB); pws: the octet before the window is a SP/TAB the fast path
 * wrote. */
static inline qp_win qp_plan(unsigned W, uint64_t eq, uint64_t np,
			     uint64_t hex, uint64_t cr, uint64_t lf,
			     uint64_t ws, uint64_t pws)
{
	qp_win w;
	uint64_t soft = eq & cr >> 1 & lf >> 2;
	uint64_t tok = (eq & hex >> 1 & hex >> 2) | soft;
	/* the octets after a token's "=" (never "="); all inside the window */
	uint64_t drop = tok << 1 | tok << 2 | soft;
	uint64_t hard = cr & lf >> 1 & ~drop;
	/* a hard break after SP/TAB is left to the byte path */
	uint64_t bad = np & ~(tok | drop | (hard & ~(ws << 1 | pws)) | hard << 1);
	uint64_t pm = (bad & (0 - bad)) - 1; /* the octets before the stop */
	w.adv = bad ? (unsigned)__builtin_ctzll(bad) : W;
	w.keep = pm & ~drop; /* the tokens before the stop end before it */
	w.soft = soft & pm;
	w.brk = w.soft | (hard & pm);
	return w;
}

/* The line bookkeeping of a window at base + i: only the line open
 * before it can pass 76 octets (a line inside a window is shorter). */
static inline void qp_lines(mp_qpdec *d, const qp_win *w, uint64_t at,
			    uint64_t *line_off, bool *long_done, mp_diags *dg)
{
	uint64_t has = 0 - (uint64_t)(w->brk != 0); /* all ones: a break */
	unsigned k0 = (unsigned)__builtin_ctzll(w->brk | 1ull << 63);
	unsigned kl = 63 - (unsigned)__builtin_clzll(w->brk | 1);
	uint64_t end = (at + k0 + (w->soft >> k0 & 1)) & has;
	end |= (at + w->adv) & ~has;
	if (!*long_done && end - *line_off > MP_CODEC_LINE_MAX) {
		*long_done = true;
		PUSH(d, dg, *line_off + MP_CODEC_LINE_MAX, QP_LINE_TOO_LONG);
	}
	uint64_t next = at + kl + 2 + (w->soft >> kl & 1);
	*line_off = (next & has) | (*line_off & ~has);
	*long_done = *long_done && !has;
}

/* The scalar loop: the same tokens one at a time. *from_r: no giving
 * back before it (the start, or just after the last line break). */
static size_t dec_scalar(mp_qpdec *d, const uint8_t *in, size_t i,
			 size_t len, uint8_t *out, size_t *o_r, size_t cap,
			 uint64_t base, mp_diags *dg, size_t *from_r)
{
	size_t o = *o_r, from = *from_r;
	for (;;) {
		while (i < len && o < cap && plain[in[i]])
			out[o++] = in[i++];
		if (len - i >= 3 && in[i] == '=') {
			uint8_t h = hexv_upper[in[i + 1]];
			uint8_t l = hexv_upper[in[i + 2]];
			if ((h | l) < 16 && o < cap) {
				out[o++] = (uint8_t)(h << 4 | l);
				i += 3;
				continue;
			}
			if (in[i + 1] == '\r' && in[i + 2] == '\n') {
				long_check(d, base + i + 1, dg);
				i += 3;
				new_line(d, base + i);
				from = i;
				continue;
			}
			break;
		}
		if (len - i >= 2 && in[i] == '\r' && in[i + 1] == '\n' &&
		    cap - o >= 2 && !(i > from && is_ws(in[i - 1]))) {
			long_check(d, base + i, dg);
			out[o++] = '\r';
			out[o++] = '\n';
			i += 2;
			new_line(d, base + i);
			from = i;
			continue;
		}
		break;
	}
	*o_r = o;
	*from_r = from;
	return i;
}

#ifdef MP_CODEC_X86
/* One body for both widths: a window is two vectors, a and b (W = 2 *
 * VW octets: 64 or 32). V the vector type, P the intrinsic prefix
 * (_mm256 / _mm), B the vector width in bits, MM its movemask as a
 * uint64_t, SEL(m, x, y) m ? x : y by octet, STORE(dec, keep) the
 * left-packing of dec by the VW bits of keep. Signed compares: octets
 * over 127 are below 0x20 and not over 0x7E. An escape's octet: hex
 * digit values (c & 15) + (c > '9' ? 9 : 0) of v1 (the high one, shifted
 * in 16-bit lanes, hence the 0xF0 mask) and v2, the octets 1 and 2 on. */
#define QP_LOAD(P, B, V, q) P##_loadu_si##B((const V *)(const void *)(q))
#define QP_K(P, B, V, k) P##_load_si##B((const V *)(const void *)qk[k])
#define QP_CLASSES(P, B, V, v, eq, tab, np, hx, ws, cr, lf)                     \
	V eq = P##_cmpeq_epi8(v, QP_K(P, B, V, QK_EQ));                         \
	V tab = P##_cmpeq_epi8(v, QP_K(P, B, V, QK_TAB));                       \
	V sp_##v = P##_cmpeq_epi8(v, QP_K(P, B, V, QK_SP));                     \
	V np = P##_or_si##B(                                                    \
		P##_or_si##B(eq, P##_cmpgt_epi8(v, QP_K(P, B, V, QK_DEL))),     \
		P##_andnot_si##B(tab, P##_cmpgt_epi8(QP_K(P, B, V, QK_SP), v))); \
	V hx = P##_or_si##B(                                                    \
		P##_andnot_si##B(P##_cmpgt_epi8(v, QP_K(P, B, V, QK_D9)),       \
				 P##_cmpgt_epi8(v, QP_K(P, B, V, QK_D0))),      \
		P##_andnot_si##B(P##_cmpgt_epi8(v, QP_K(P, B, V, QK_UF)),       \
				 P##_cmpgt_epi8(v, QP_K(P, B, V, QK_UA))));     \
	V ws = P##_or_si##B(tab, sp_##v);                                       \
	V cr = P##_cmpeq_epi8(v, QP_K(P, B, V, QK_CR));                         \
	V lf = P##_cmpeq_epi8(v, QP_K(P, B, V, QK_LF));
#define QP_VALUE(P, B, V, SEL, v1, v2, eq, v0)                                  \
	SEL(eq,                                                                 \
	    P##_or_si##B(                                                       \
		    P##_add_epi8(P##_and_si##B(P##_slli_epi16(v1, 4),           \
					       QP_K(P, B, V, QK_F0)),           \
				 P##_and_si##B(P##_cmpgt_epi8(v1, QP_K(P, B, V, QK_D9)), \
					       QP_K(P, B, V, QK_X90))),         \
		    P##_add_epi8(P##_and_si##B(v2, QP_K(P, B, V, QK_X0F)),      \
				 P##_and_si##B(P##_cmpgt_epi8(v2, QP_K(P, B, V, QK_D9)), \
					       QP_K(P, B, V, QK_X09)))),        \
	    v0)
#define QP_DEC_VEC(NAME, ATTR, VW, B, V, P, MM, SEL, STORE)                     \
	ATTR static size_t NAME(mp_qpdec *d, const uint8_t *in, size_t i,       \
				size_t len, uint8_t *out, size_t *o_r,          \
				size_t cap, uint64_t base, mp_diags *dg,        \
				size_t from)                                    \
	{                                                                       \
		size_t o = *o_r;                                                \
		uint64_t pws = i > from && is_ws(in[i - 1]);                    \
		uint64_t line_off = d->line_off;                                \
		bool long_done = d->long_done;                                  \
		while (len - i >= 2 * VW + 2 && cap - o >= 2 * VW) {            \
			const uint8_t *p = in + i;                              \
			V a = QP_LOAD(P, B, V, p), b = QP_LOAD(P, B, V, p + VW); \
			QP_CLASSES(P, B, V, a, eqa, taba, npa, hxa, wsa, cra, lfa) \
			QP_CLASSES(P, B, V, b, eqb, tabb, npb, hxb, wsb, crb, lfb) \
			uint64_t ws = MM(wsa) | MM(wsb) << VW;                  \
			qp_win w = qp_plan(2 * VW, MM(eqa) | MM(eqb) << VW,     \
					   MM(npa) | MM(npb) << VW,             \
					   MM(hxa) | MM(hxb) << VW,             \
					   MM(cra) | MM(crb) << VW,             \
					   MM(lfa) | MM(lfb) << VW, ws, pws);   \
			if (w.adv == 0)                                         \
				break;                                          \
			V da = QP_VALUE(P, B, V, SEL, QP_LOAD(P, B, V, p + 1),  \
					QP_LOAD(P, B, V, p + 2), eqa, a);       \
			V db = QP_VALUE(P, B, V, SEL, QP_LOAD(P, B, V, p + VW + 1), \
					QP_LOAD(P, B, V, p + VW + 2), eqb, b);  \
			STORE(da, w.keep)                                       \
			STORE(db, w.keep >> VW)                                 \
			qp_lines(d, &w, base + i, &line_off, &long_done, dg);   \
			pws = ws >> (w.adv - 1) & 1;                            \
			i += w.adv;                                             \
		}                                                               \
		d->line_off = line_off;                                         \
		d->long_done = long_done;                                       \
		*o_r = o;                                                       \
		return i;                                                       \
	}

#define QP_MM256(x) ((uint64_t)(uint32_t)_mm256_movemask_epi8(x))
#define QP_SEL256(m, x, y) _mm256_blendv_epi8((y), (x), (m))
/* four 8-octet groups, each packed inside its 128-bit lane */
#define QP_STORE256(dec, keep)                                                  \
	{                                                                       \
		unsigned m0 = (unsigned)(keep) & 0xFF;                          \
		unsigned m1 = (unsigned)((keep) >> 8) & 0xFF;                   \
		unsigned m2 = (unsigned)((keep) >> 16) & 0xFF;                  \
		unsigned m3 = (unsigned)((keep) >> 24) & 0xFF;                  \
		__m256i s = _mm256_shuffle_epi8(dec, _mm256_set_epi64x(         \
			(long long)packhi[m3], (long long)packlo[m2],           \
			(long long)packhi[m1], (long long)packlo[m0]));         \
		__m128i s0 = _mm256_castsi256_si128(s);                         \
		__m128i s1 = _mm256_extracti128_si256(s, 1);                    \
		_mm_storel_epi64((__m128i *)(void *)(out + o), s0);             \
		o += packn[m0];                                                 \
		_mm_storeh_pi((__m64 *)(void *)(out + o), _mm_castsi128_ps(s0)); \
		o += packn[m1];                                                 \
		_mm_storel_epi64((__m128i *)(void *)(out + o), s1);             \
		o += packn[m2];                                                 \
		_mm_storeh_pi((__m64 *)(void *)(out + o), _mm_castsi128_ps(s1)); \
		o += packn[m3];                                                 \
	}
#define QP_MM128(x) ((uint64_t)(unsigned)_mm_movemask_epi8(x))
#define QP_SEL128(m, x, y) _mm_or_si128(_mm_and_si128((m), (x)), _mm_andnot_si128((m), (y)))
#define QP_STORE128(dec, keep)                                                  \
	{                                                                       \
		unsigned m0 = (unsigned)(keep) & 0xFF;                          \
		unsigned m1 = (unsigned)((keep) >> 8) & 0xFF;                   \
		__m128i s = _mm_shuffle_epi8(dec, _mm_set_epi64x(               \
			(long long)packhi[m1], (long long)packlo[m0]));         \
		_mm_storel_epi64((__m128i *)(void *)(out + o), s);              \
		o += packn[m0];                                                 \
		_mm_storeh_pi((__m64 *)(void *)(out + o), _mm_castsi128_ps(s)); \
		o += packn[m1];                                                 \
	}

QP_DEC_VEC(dec_vec_avx2, __attribute__((target("avx2"))), 32, 256, __m256i,
	   _mm256, QP_MM256, QP_SEL256, QP_STORE256)
QP_DEC_VEC(dec_vec_ssse3, __attribute__((target("ssse3"))), 16, 128, __m128i,
	   _mm, QP_MM128, QP_SEL128, QP_STORE128)
#endif

static size_t dec_fast(mp_qpdec *d, enum codec_impl impl, const uint8_t *in,
		       size_t i, size_t len, uint8_t *out, size_t *o_r,
		       size_t cap, uint64_t base, mp_diags *dg)
{
	size_t start = i, from = i; /* no giving back before from */
#ifdef MP_CODEC_X86
	if (impl == IMPL_AVX2)
		i = dec_vec_avx2(d, in, i, len, out, o_r, cap, base, dg, from);
	else if (impl == IMPL_SSSE3)
		i = dec_vec_ssse3(d, in, i, len, out, o_r, cap, base, dg, from);
#endif
	(void)impl;
	i = dec_scalar(d, in, i, len, out, o_r, cap, base, dg, &from);
	while (i > from && is_ws(in[i - 1])) {
		i--;
		(*o_r)--;
	}
	if (i > start)
		d->run = RUN_NONE;
	long_check(d, base + i, dg);
	return i;
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
			new_line(d, at + 1);
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
