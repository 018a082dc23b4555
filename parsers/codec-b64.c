/* codec-b64.c: base64 decoder and encoder.
 *   RFC 4648 4 (the alphabet, 24-bit groups, "=" padding), 3.3 (octets
 *   outside the alphabet), 3.5 (pad bits set to zero by encoders);
 *   RFC 2045 6.8 (MIME: lines of at most 76 characters, line breaks and
 *   other octets outside the alphabet ignored by decoders).
 *
 * Both directions have a byte state machine (the reference: every other
 * path must agree with it) and fast paths over whole quanta: AVX2 (32
 * characters / 24 octets a step), SSSE3 (16 / 12) and portable 4-character
 * table steps. The fast paths only ever start at a quantum boundary with
 * nothing pending and stop before anything that is not a plain alphabet
 * character (in MIME mode they also step over CRLF line breaks), so they
 * push no diag but the long-line one, which lands at the same offset as
 * the byte path's. */
#include <string.h>

#include "codec-private.h"

/* ==== decoder ========================================================= */

/* Octet classes: 0-63 sextet values, then these. */
enum { C_EQ = 64, C_LB = 65, C_WS = 66, C_JUNK = 67 };
enum { PAD_NONE = 0, PAD_ONE = 1, PAD_DONE = 2 };
enum { RUN_NONE = 0, RUN_JUNK = 1, RUN_EQ_POS = 2, RUN_EQ_EXTRA = 3 };

static const char alphabet[65] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static uint8_t dec_tab[256];
static bool dec_tab_ready;

static void dec_tab_init(void)
{
	/* a race here writes the same bytes twice: harmless */
	for (int c = 0; c < 256; c++)
		dec_tab[c] = C_JUNK;
	for (int v = 0; v < 64; v++)
		dec_tab[(uint8_t)alphabet[v]] = (uint8_t)v;
	dec_tab['='] = C_EQ;
	dec_tab['\r'] = dec_tab['\n'] = C_LB;
	dec_tab[' '] = dec_tab['\t'] = C_WS;
	dec_tab_ready = true;
}

void mp_b64dec_init(mp_b64dec *d, unsigned flags, uint64_t offset)
{
	memset(d, 0, sizeof(*d));
	d->flags = flags;
	d->off = offset;
	d->line_off = offset;
	if (!dec_tab_ready)
		dec_tab_init();
}

#define PUSH(d, dg, at, rule) codec_push(&(d)->problems, (dg), (at), MP_R_##rule)

/* A quantum of 2 or 3 characters ends (by padding or the end): the bits
 * it leaves over must be zero (RFC 4648 3.5). */
static void end_short_quantum(mp_b64dec *d, mp_diags *dg)
{
	uint32_t mask = d->nacc == 2 ? 0xF : 0x3;
	if (d->acc & mask)
		PUSH(d, dg, d->last_off, B64_PAD_BITS);
}

static inline void long_check(mp_b64dec *d, uint64_t next, mp_diags *dg)
{
	if (!d->long_done && next - d->line_off > MP_CODEC_LINE_MAX) {
		d->long_done = true;
		PUSH(d, dg, d->line_off + MP_CODEC_LINE_MAX, B64_LINE_TOO_LONG);
	}
}

/* ---- fast paths: whole quanta from in[i], d->nacc == 0, no padding.
 * Each returns the new i and advances *o; they stop before any octet that
 * is not an alphabet character (MIME: after stepping over CRLFs). */

static const uint8_t *const b64_tab = dec_tab;

/* Portable: one quantum (4 characters, 3 octets) a step. */
static size_t quanta_scalar(const uint8_t *in, size_t i, size_t len,
			    uint8_t *out, size_t *o_r, size_t cap)
{
	size_t o = *o_r;
	while (len - i >= 4 && cap - o >= 3) {
		uint32_t a = b64_tab[in[i]], b = b64_tab[in[i + 1]];
		uint32_t c = b64_tab[in[i + 2]], e = b64_tab[in[i + 3]];
		if ((a | b | c | e) & 0xC0)
			break;
		uint32_t v = a << 18 | b << 12 | c << 6 | e;
		out[o] = (uint8_t)(v >> 16);
		out[o + 1] = (uint8_t)(v >> 8);
		out[o + 2] = (uint8_t)v;
		o += 3;
		i += 4;
	}
	*o_r = o;
	return i;
}

#ifdef MP_CODEC_X86
/* Validity by nibbles: an octet is outside the alphabet when the class
 * bits of its low nibble and of its high nibble meet. Classes (bit: high
 * nibbles): 0x01: 0, 1, 8-15 (never valid); 0x02: 2 (valid low 11, 15:
 * "+" "/"); 0x04: 3 (valid 0-9); 0x08: 4, 6 (valid 1-15); 0x10: 5, 7
 * (valid 0-10). The low-nibble table holds the classes it is invalid in. */
#define B64_LUT_LO                                                      \
	0x0B, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x07,   \
		0x15, 0x17, 0x17, 0x17, 0x15
#define B64_LUT_HI                                                      \
	0x01, 0x01, 0x02, 0x04, 0x08, 0x10, 0x08, 0x10, 0x01, 0x01, 0x01,   \
		0x01, 0x01, 0x01, 0x01, 0x01
/* What to add to an octet to get its sextet, by high nibble; index 1
 * (never a valid high nibble) serves "/", whose index is 2 - 1. */
#define B64_LUT_ADD                                                     \
	0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0

__attribute__((target("ssse3"))) static size_t
quanta_ssse3(const uint8_t *in, size_t i, size_t len, uint8_t *out,
	     size_t *o_r, size_t cap)
{
	const __m128i lut_lo = _mm_setr_epi8(B64_LUT_LO);
	const __m128i lut_hi = _mm_setr_epi8(B64_LUT_HI);
	const __m128i lut_add = _mm_setr_epi8(B64_LUT_ADD);
	const __m128i nib = _mm_set1_epi8(0x0F), slash = _mm_set1_epi8('/');
	const __m128i zero = _mm_setzero_si128();
	const __m128i m1 = _mm_set1_epi32(0x01400140);
	const __m128i m2 = _mm_set1_epi32(0x00011000);
	const __m128i pack = _mm_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13,
					   12, -1, -1, -1, -1);
	size_t o = *o_r;
	while (len - i >= 16 && cap - o >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(in + i));
		__m128i hi = _mm_and_si128(_mm_srli_epi32(v, 4), nib);
		__m128i lo = _mm_and_si128(v, nib);
		__m128i bad = _mm_and_si128(_mm_shuffle_epi8(lut_lo, lo),
					    _mm_shuffle_epi8(lut_hi, hi));
		unsigned m = ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(bad, zero)) & 0xFFFF;
		__m128i idx = _mm_add_epi8(hi, _mm_cmpeq_epi8(v, slash));
		__m128i s = _mm_add_epi8(v, _mm_shuffle_epi8(lut_add, idx));
		s = _mm_madd_epi16(_mm_maddubs_epi16(s, m1), m2);
		_mm_storeu_si128((__m128i *)(void *)(out + o), _mm_shuffle_epi8(s, pack));
		unsigned q = m ? (unsigned)__builtin_ctz(m) / 4 : 4;
		i += 4 * q;
		o += 3 * q;
		if (q < 4) {
			*o_r = o;
			return i;
		}
	}
	*o_r = o;
	return quanta_scalar(in, i, len, out, o_r, cap);
}

__attribute__((target("avx2"))) static size_t
quanta_avx2(const uint8_t *in, size_t i, size_t len, uint8_t *out,
	    size_t *o_r, size_t cap)
{
	const __m256i lut_lo = _mm256_setr_epi8(B64_LUT_LO, B64_LUT_LO);
	const __m256i lut_hi = _mm256_setr_epi8(B64_LUT_HI, B64_LUT_HI);
	const __m256i lut_add = _mm256_setr_epi8(B64_LUT_ADD, B64_LUT_ADD);
	const __m256i nib = _mm256_set1_epi8(0x0F), slash = _mm256_set1_epi8('/');
	const __m256i zero = _mm256_setzero_si256();
	const __m256i m1 = _mm256_set1_epi32(0x01400140);
	const __m256i m2 = _mm256_set1_epi32(0x00011000);
	const __m256i pack = _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14,
					      13, 12, -1, -1, -1, -1, 2, 1, 0,
					      6, 5, 4, 10, 9, 8, 14, 13, 12,
					      -1, -1, -1, -1);
	const __m256i join = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7);
	size_t o = *o_r;
	while (len - i >= 32 && cap - o >= 32) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(in + i));
		__m256i hi = _mm256_and_si256(_mm256_srli_epi32(v, 4), nib);
		__m256i lo = _mm256_and_si256(v, nib);
		__m256i bad = _mm256_and_si256(_mm256_shuffle_epi8(lut_lo, lo),
					       _mm256_shuffle_epi8(lut_hi, hi));
		uint32_t m = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(bad, zero));
		__m256i idx = _mm256_add_epi8(hi, _mm256_cmpeq_epi8(v, slash));
		__m256i s = _mm256_add_epi8(v, _mm256_shuffle_epi8(lut_add, idx));
		s = _mm256_madd_epi16(_mm256_maddubs_epi16(s, m1), m2);
		s = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(s, pack), join);
		_mm256_storeu_si256((__m256i *)(void *)(out + o), s);
		unsigned q = m ? (unsigned)__builtin_ctz(m) / 4 : 8;
		i += 4 * q;
		o += 3 * q;
		if (q < 8) {
			*o_r = o;
			return i;
		}
	}
	*o_r = o;
	return quanta_ssse3(in, i, len, out, o_r, cap);
}
#endif

static size_t quanta(enum codec_impl impl, const uint8_t *in, size_t i,
		     size_t len, uint8_t *out, size_t *o_r, size_t cap)
{
#ifdef MP_CODEC_X86
	if (impl == IMPL_AVX2)
		return quanta_avx2(in, i, len, out, o_r, cap);
	if (impl == IMPL_SSSE3)
		return quanta_ssse3(in, i, len, out, o_r, cap);
#endif
	(void)impl;
	return quanta_scalar(in, i, len, out, o_r, cap);
}

/* Whole quanta and (MIME) CRLF line breaks from in[i]. */
static size_t dec_fast(mp_b64dec *d, enum codec_impl impl, const uint8_t *in,
		       size_t i, size_t len, uint8_t *out, size_t *o_r,
		       size_t cap, uint64_t base, mp_diags *dg)
{
	bool mime = d->flags & MP_B64_MIME;
	for (;;) {
		size_t j = quanta(impl, in, i, len, out, o_r, cap);
		if (j > i) {
			d->run = RUN_NONE;
			i = j;
			if (mime)
				long_check(d, base + i, dg);
		}
		if (!mime || len - i < 2 || in[i] != '\r' || in[i + 1] != '\n')
			return i;
		i += 2;
		d->line_off = base + i;
		d->long_done = false;
		d->run = RUN_NONE;
	}
}

mp_rc mp_b64dec_feed(mp_b64dec *d, const uint8_t *in, size_t len,
		     uint8_t *out, size_t cap, size_t *used_r,
		     size_t *wrote_r, mp_diags *dg)
{
	size_t i = 0, o = 0;
	uint64_t base = d->off;
	bool mime = d->flags & MP_B64_MIME;
	enum codec_impl impl = codec_impl();
	mp_rc rc = MP_OK;

	if (out == NULL)
		cap = 0;
	while (i < len) {
		if (d->nacc == 0 && d->pad == PAD_NONE && impl != IMPL_BYTE) {
			i = dec_fast(d, impl, in, i, len, out, &o, cap, base, dg);
			if (i >= len)
				break;
		}
		uint8_t c = in[i], v = dec_tab[c];
		uint64_t at = base + i;
		if (v < 64) {
			if (d->pad == PAD_NONE && d->nacc > 0 && o >= cap) {
				rc = MP_NOSPACE;
				break;
			}
			d->run = RUN_NONE;
			if (d->pad != PAD_NONE) {
				if (d->pad == PAD_ONE) {
					PUSH(d, dg, at, B64_PAD_MISSING);
					end_short_quantum(d, dg);
				}
				PUSH(d, dg, at, B64_DATA_AFTER_PAD);
				d->pad = PAD_NONE;
				d->nacc = 0;
			}
			switch (d->nacc) {
			case 0:
				d->acc = v;
				d->q_off = at;
				d->nacc = 1;
				break;
			case 1:
				out[o++] = (uint8_t)(d->acc << 2 | v >> 4);
				d->acc = v & 0xF;
				d->nacc = 2;
				break;
			case 2:
				out[o++] = (uint8_t)(d->acc << 4 | v >> 2);
				d->acc = v & 0x3;
				d->nacc = 3;
				break;
			default:
				out[o++] = (uint8_t)(d->acc << 6 | v);
				d->nacc = 0;
				break;
			}
			d->last_off = at;
		} else if (v == C_EQ) {
			if (d->pad == PAD_DONE) {
				if (d->run != RUN_EQ_EXTRA)
					PUSH(d, dg, at, B64_PAD_EXTRA);
				d->run = RUN_EQ_EXTRA;
			} else if (d->pad == PAD_ONE || d->nacc == 3) {
				end_short_quantum(d, dg);
				d->pad = PAD_DONE;
				d->nacc = 0;
				d->run = RUN_NONE;
			} else if (d->nacc == 2) {
				d->pad = PAD_ONE;
				d->run = RUN_NONE;
			} else {
				if (d->run != RUN_EQ_POS)
					PUSH(d, dg, at, B64_PAD_POSITION);
				d->run = RUN_EQ_POS;
			}
		} else if (mime && v == C_LB) {
			d->run = RUN_NONE;
			d->line_off = at + 1;
			d->long_done = false;
			i++;
			continue;
		} else if (mime && v == C_WS) {
			d->run = RUN_NONE;
		} else {
			if (d->run != RUN_JUNK) {
				if (mime)
					PUSH(d, dg, at, B64_JUNK);
				else
					PUSH(d, dg, at, B64_NON_ALPHABET);
			}
			d->run = RUN_JUNK;
		}
		if (mime)
			long_check(d, at + 1, dg);
		i++;
	}
	d->off += i;
	*used_r = i;
	*wrote_r = o;
	return rc;
}

mp_rc mp_b64dec_finish(mp_b64dec *d, uint8_t *out, size_t cap,
		       size_t *wrote_r, mp_diags *dg)
{
	(void)out;
	(void)cap;
	*wrote_r = 0;
	if (d->pad == PAD_ONE) {
		PUSH(d, dg, d->off, B64_PAD_MISSING);
		end_short_quantum(d, dg);
	} else if (d->pad == PAD_NONE && d->nacc > 0) {
		PUSH(d, dg, d->q_off, B64_TRUNCATED);
		if (d->nacc > 1)
			end_short_quantum(d, dg);
	}
	d->pad = PAD_DONE;
	d->nacc = 0;
	d->run = RUN_NONE;
	return d->problems ? MP_INVALID : MP_OK;
}

/* ==== encoder ========================================================= */

void mp_b64enc_init(mp_b64enc *e, unsigned flags)
{
	memset(e, 0, sizeof(*e));
	e->flags = flags;
}

size_t mp_b64enc_len(size_t n, unsigned flags)
{
	size_t q = n / 3 + (n % 3 != 0), chars;
	if (!mp_mul_ok(q, 4, &chars))
		return SIZE_MAX;
	if ((flags & MP_B64ENC_WRAP) && chars > 0) {
		size_t breaks = (chars - 1) / MP_CODEC_LINE_MAX;
		if (chars > SIZE_MAX - 2 * breaks)
			return SIZE_MAX;
		chars += 2 * breaks;
	}
	return chars;
}

/* 3 octets to 4 characters, portable. */
static inline void enc_quantum(const uint8_t *p, uint8_t *q)
{
	uint32_t v = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
	q[0] = (uint8_t)alphabet[v >> 18];
	q[1] = (uint8_t)alphabet[(v >> 12) & 63];
	q[2] = (uint8_t)alphabet[(v >> 6) & 63];
	q[3] = (uint8_t)alphabet[v & 63];
}

#ifdef MP_CODEC_X86
/* Sextets to characters: 0-25 +65, 26-51 +71, 52-61 -4, 62 -19, 63 -16,
 * looked up by min(v - 51, 0) with 13 for v < 26. */
#define B64_LUT_ENC                                                     \
	71, -4, -4, -4, -4, -4, -4, -4, -4, -4, -4, -19, -16, 65, 0, 0

/* Each 32-bit lane holds octets b1 b0 b2 b1 (as 16-bit words: b0b1 and
 * b1b2); mulhi moves sextets 0 and 2 down to bytes 0 and 2, mullo moves
 * sextets 1 and 3 up to bytes 1 and 3. */
__attribute__((target("ssse3"))) static inline __m128i enc_split_ssse3(__m128i v)
{
	__m128i a = _mm_mulhi_epu16(_mm_and_si128(v, _mm_set1_epi32(0x0FC0FC00)),
				    _mm_set1_epi32(0x04000040));
	__m128i b = _mm_mullo_epi16(_mm_and_si128(v, _mm_set1_epi32(0x003F03F0)),
				    _mm_set1_epi32(0x01000010));
	return _mm_or_si128(a, b);
}

__attribute__((target("ssse3"))) static inline __m128i
enc_chars_ssse3(__m128i s)
{
	const __m128i lut = _mm_setr_epi8(B64_LUT_ENC);
	__m128i idx = _mm_subs_epu8(s, _mm_set1_epi8(51));
	idx = _mm_or_si128(idx, _mm_and_si128(_mm_cmpgt_epi8(_mm_set1_epi8(26), s),
					      _mm_set1_epi8(13)));
	return _mm_add_epi8(s, _mm_shuffle_epi8(lut, idx));
}

/* n quanta (n % 4 == 0) from p (p[3n/4*... ] readable up to 16 past each
 * 12-octet step) to q; returns the quanta done. */
__attribute__((target("ssse3"))) static size_t
enc_ssse3(const uint8_t *p, size_t avail, uint8_t *q, size_t nq)
{
	const __m128i shuf = _mm_setr_epi8(1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7,
					   10, 9, 11, 10);
	size_t done = 0;
	while (nq - done >= 4 && avail >= 16) {
		__m128i v = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), shuf);
		v = enc_split_ssse3(v);
		_mm_storeu_si128((__m128i *)(void *)q, enc_chars_ssse3(v));
		p += 12;
		avail -= 12;
		q += 16;
		done += 4;
	}
	return done;
}

__attribute__((target("avx2"))) static size_t
enc_avx2(const uint8_t *p, size_t avail, uint8_t *q, size_t nq)
{
	const __m256i shuf = _mm256_setr_epi8(1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8,
					      7, 10, 9, 11, 10, 1, 0, 2, 1, 4,
					      3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10);
	const __m256i lut = _mm256_setr_epi8(B64_LUT_ENC, B64_LUT_ENC);
	size_t done = 0;
	while (nq - done >= 8 && avail >= 28) {
		__m128i a = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + 12));
		__m256i v = _mm256_inserti128_si256(_mm256_castsi128_si256(a), b, 1);
		v = _mm256_shuffle_epi8(v, shuf);
		v = _mm256_or_si256(
			_mm256_mulhi_epu16(_mm256_and_si256(v, _mm256_set1_epi32(0x0FC0FC00)),
					   _mm256_set1_epi32(0x04000040)),
			_mm256_mullo_epi16(_mm256_and_si256(v, _mm256_set1_epi32(0x003F03F0)),
					   _mm256_set1_epi32(0x01000010)));
		__m256i idx = _mm256_subs_epu8(v, _mm256_set1_epi8(51));
		idx = _mm256_or_si256(idx, _mm256_and_si256(
						   _mm256_cmpgt_epi8(_mm256_set1_epi8(26), v),
						   _mm256_set1_epi8(13)));
		v = _mm256_add_epi8(v, _mm256_shuffle_epi8(lut, idx));
		_mm256_storeu_si256((__m256i *)(void *)q, v);
		p += 24;
		avail -= 24;
		q += 32;
		done += 8;
	}
	return done + enc_ssse3(p, avail, q, nq - done);
}
#endif

/* nq whole quanta from p (avail octets readable) to q. */
static void enc_quanta(enum codec_impl impl, const uint8_t *p, size_t avail,
		       uint8_t *q, size_t nq)
{
	size_t done = 0;
#ifdef MP_CODEC_X86
	if (impl == IMPL_AVX2)
		done = enc_avx2(p, avail, q, nq);
	else if (impl == IMPL_SSSE3)
		done = enc_ssse3(p, avail, q, nq);
#endif
	(void)impl;
	for (; done < nq; done++)
		enc_quantum(p + 3 * done, q + 4 * done);
}

/* Whole quanta from in[i] with nothing pending. */
static size_t enc_fast(mp_b64enc *e, enum codec_impl impl, const uint8_t *in,
		       size_t i, size_t len, uint8_t *out, size_t *o_r,
		       size_t cap)
{
	size_t o = *o_r;
	bool wrap = e->flags & MP_B64ENC_WRAP;
	while (len - i >= 3) {
		if (wrap && e->col >= MP_CODEC_LINE_MAX) {
			if (cap - o < 6)
				break;
			out[o++] = '\r';
			out[o++] = '\n';
			e->col = 0;
		}
		size_t nq = (len - i) / 3, room = (cap - o) / 4;
		if (nq > room)
			nq = room;
		if (wrap && nq > (size_t)(MP_CODEC_LINE_MAX - e->col) / 4)
			nq = (size_t)(MP_CODEC_LINE_MAX - e->col) / 4;
		if (nq == 0)
			break;
		enc_quanta(impl, in + i, len - i, out + o, nq);
		i += 3 * nq;
		o += 4 * nq;
		if (wrap)
			e->col = (uint8_t)(e->col + 4 * nq);
	}
	*o_r = o;
	return i;
}

mp_rc mp_b64enc_feed(mp_b64enc *e, const uint8_t *in, size_t len,
		     uint8_t *out, size_t cap, size_t *used_r,
		     size_t *wrote_r)
{
	size_t i = 0, o = 0;
	bool wrap = e->flags & MP_B64ENC_WRAP;
	enum codec_impl impl = codec_impl();
	mp_rc rc = MP_OK;

	if (out == NULL)
		cap = 0;
	while (i < len) {
		if (e->nacc == 0 && impl != IMPL_BYTE) {
			i = enc_fast(e, impl, in, i, len, out, &o, cap);
			if (i >= len)
				break;
		}
		uint8_t b = in[i], t[4];
		size_t k = 0;
		if (e->nacc == 0 && wrap && e->col >= MP_CODEC_LINE_MAX) {
			t[k++] = '\r';
			t[k++] = '\n';
		}
		switch (e->nacc) {
		case 0:
			t[k++] = (uint8_t)alphabet[b >> 2];
			break;
		case 1:
			t[k++] = (uint8_t)alphabet[(e->acc << 4 | b >> 4) & 63];
			break;
		default:
			t[k++] = (uint8_t)alphabet[(e->acc << 2 | b >> 6) & 63];
			t[k++] = (uint8_t)alphabet[b & 63];
			break;
		}
		if (cap - o < k) {
			rc = MP_NOSPACE;
			break;
		}
		memcpy(out + o, t, k);
		o += k;
		if (t[0] == '\r')
			e->col = (uint8_t)(k - 2);
		else if (wrap)
			e->col = (uint8_t)(e->col + k);
		if (e->nacc == 0) {
			e->acc = b & 0x3;
			e->nacc = 1;
		} else if (e->nacc == 1) {
			e->acc = b & 0xF;
			e->nacc = 2;
		} else {
			e->nacc = 0;
		}
		i++;
	}
	*used_r = i;
	*wrote_r = o;
	return rc;
}

mp_rc mp_b64enc_finish(mp_b64enc *e, uint8_t *out, size_t cap,
		       size_t *wrote_r)
{
	uint8_t t[3];
	size_t k = 0;
	*wrote_r = 0;
	if (e->nacc == 1) {
		t[k++] = (uint8_t)alphabet[(e->acc << 4) & 63];
		t[k++] = '=';
		t[k++] = '=';
	} else if (e->nacc == 2) {
		t[k++] = (uint8_t)alphabet[(e->acc << 2) & 63];
		t[k++] = '=';
	}
	if (out == NULL)
		cap = 0;
	if (cap < k)
		return MP_NOSPACE;
	if (k)
		memcpy(out, t, k);
	*wrote_r = k;
	e->nacc = 0;
	return MP_OK;
}
