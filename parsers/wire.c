/* wire.c: wire rules shared by SMTP, POP3 and IMAP.
 *   RFC 5321 4.5.2 (transparency: dot-stuffing), 4.1.1.4 (end of data is
 *   CRLF "." CRLF), 2.3.8 (CR and LF only as CRLF), 4.5.3.1.6 (text line);
 *   RFC 1939 3 (POP3 multi-line byte-stuffing); RFC 5322 2.1.1 (998);
 *   RFC 6152 (8BITMIME), RFC 3030 (BINARYMIME), RFC 6531 (SMTPUTF8). */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "mailprobe/limits.h"
#include "mailprobe/wire.h"

/* ==== dot-stuffing decoder ============================================
 * States between calls. The decoder never consumes a dot at a line start
 * until it has seen what follows, so no state holds unconsumed content. */
enum {
	DEC_LS_CRLF = 0, /* at a line start after CRLF (or the start) */
	DEC_LS_LF = 1,   /* at a line start after a bare LF (lenient only) */
	DEC_MID = 2,     /* inside a line */
	DEC_MID_CR = 3,  /* inside a line, the last byte was CR */
};

void mp_dotdec_init(mp_dotdec *d, unsigned flags, uint64_t offset)
{
	d->off = offset;
	d->flags = flags;
	d->state = DEC_LS_CRLF;
	d->done = false;
}

static mp_rc dec_out(mp_dotdec *d, const uint8_t *buf, size_t from,
		     size_t pos, mp_dot_event *ev, size_t *used_r)
{
	uint64_t start = d->off;
	*used_r = pos;
	d->off += pos;
	if (pos > from) {
		ev->kind = MP_DOT_PIECE;
		ev->piece = MP_SLICE(buf + from, pos - from);
		ev->off = start + from;
		return MP_OK;
	}
	return MP_NEED_MORE;
}

mp_rc mp_dotdec_next(mp_dotdec *d, const uint8_t *buf, size_t len,
		     mp_dot_event *ev_r, size_t *used_r, mp_diags *diags)
{
	size_t pos = 0, from = 0;
	bool lenient = d->flags & MP_DOT_LENIENT_LF;

	*used_r = 0;
	if (d->done)
		return MP_NEED_MORE;
	while (pos < len) {
		if (d->state == DEC_MID_CR) {
			if (buf[pos] == '\n') {
				pos++;
				d->state = DEC_LS_CRLF;
			} else {
				d->state = DEC_MID;
			}
			continue;
		}
		if (d->state == DEC_MID) {
			const uint8_t *lf = memchr(buf + pos, '\n', len - pos);
			if (lf == NULL) {
				d->state = buf[len - 1] == '\r' ? DEC_MID_CR : DEC_MID;
				pos = len;
				break;
			}
			size_t i = (size_t)(lf - buf);
			/* entering MID means the byte before pos was no CR (else
			 * the state would be MID_CR), so buf[i - 1] decides */
			bool crlf = i > 0 && buf[i - 1] == '\r';
			pos = i + 1;
			if (crlf)
				d->state = DEC_LS_CRLF;
			else if (lenient)
				d->state = DEC_LS_LF;
			/* strict: a bare LF starts no line; stay in MID */
			continue;
		}
		/* at a line start */
		if (buf[pos] != '.') {
			d->state = DEC_MID;
			continue;
		}
		/* ". CR LF" decides; hold the dot until its followers are in */
		if (len - pos < 2 || (buf[pos + 1] == '\r' && len - pos < 3))
			break;
		uint8_t c1 = buf[pos + 1];
		bool end = false, bare = d->state == DEC_LS_LF;
		size_t tlen = 0;
		if (c1 == '\r' && buf[pos + 2] == '\n') {
			end = !bare || lenient;
			tlen = 3;
		} else if (c1 == '\n' && lenient) {
			end = true;
			bare = true;
			tlen = 2;
		}
		if (end) {
			if (pos > from) /* the content before goes out first */
				return dec_out(d, buf, from, pos, ev_r, used_r);
			if (bare)
				mp_diag_push(diags, d->off + pos, MP_R_WIRE_DOT_END_BARE_LF);
			ev_r->kind = MP_DOT_END;
			ev_r->piece = MP_SLICE(buf + pos, 0);
			ev_r->off = d->off + pos;
			d->off += pos + tlen;
			*used_r = pos + tlen;
			d->done = true;
			return MP_OK;
		}
		/* a leading dot on any other line is removed (4.5.2) */
		d->state = DEC_MID;
		if (pos > from) {
			mp_rc rc = dec_out(d, buf, from, pos, ev_r, used_r);
			/* consume the dot too: the next call starts after it */
			(*used_r)++;
			d->off++;
			return rc;
		}
		pos++;
		from = pos;
	}
	return dec_out(d, buf, from, pos, ev_r, used_r);
}

/* ==== dot-stuffing encoder ============================================ */
enum {
	ENC_LS = 1,      /* at a line start */
	ENC_CR = 2,      /* the last input byte was CR */
	ENC_END_CRLF = 4, /* the output so far ends in CRLF */
	ENC_ANY = 8,     /* some content was written */
};

void mp_dotenc_init(mp_dotenc *e, unsigned flags)
{
	e->flags = flags;
	e->state = ENC_LS;
}

mp_rc mp_dotenc_write(mp_dotenc *e, const uint8_t *in, size_t n,
		      uint8_t *out, size_t cap, size_t *used_r,
		      size_t *wrote_r)
{
	size_t i = 0, o = 0;
	int st = e->state;
	bool norm = e->flags & MP_DOTENC_NORMALIZE;

	if (!norm) {
		/* runs between line starts copied in bulk */
		while (i < n) {
			if ((st & ENC_LS) && in[i] == '.') {
				if (cap - o < 1)
					break;
				out[o++] = '.';
				st &= ~ENC_LS;
			}
			const uint8_t *lf = memchr(in + i, '\n', n - i);
			size_t end = lf ? (size_t)(lf - in) + 1 : n;
			size_t k = end - i;
			if (k > cap - o) {
				k = cap - o;
				if (k == 0)
					break;
			}
			memcpy(out + o, in + i, k);
			/* line start only after CRLF: the exact inverse of the
			 * strict decoder */
			bool prev_cr = (i + k >= 2) ? in[i + k - 2] == '\r'
						    : (k == 1 && (st & ENC_CR));
			uint8_t last = in[i + k - 1];
			o += k;
			i += k;
			st &= ~(ENC_LS | ENC_CR | ENC_END_CRLF);
			st |= ENC_ANY;
			if (last == '\n' && prev_cr)
				st |= ENC_LS | ENC_END_CRLF;
			else if (last == '\r')
				st |= ENC_CR;
		}
	} else {
		for (; i < n; i++) {
			uint8_t c = in[i];
			if (cap - o < 4)
				break;
			if ((st & ENC_CR) && c != '\n') {
				out[o++] = '\n'; /* bare CR becomes CRLF */
				st = (st & ~ENC_CR) | ENC_LS | ENC_END_CRLF;
			}
			if (c == '\n') {
				if (!(st & ENC_CR))
					out[o++] = '\r'; /* bare LF becomes CRLF */
				out[o++] = '\n';
				st = ENC_LS | ENC_END_CRLF | ENC_ANY;
				continue;
			}
			if ((st & ENC_LS) && c == '.')
				out[o++] = '.';
			out[o++] = c;
			st = ENC_ANY | (c == '\r' ? ENC_CR : 0);
		}
	}
	e->state = st;
	*used_r = i;
	*wrote_r = o;
	return i == n ? MP_OK : MP_NOSPACE;
}

mp_rc mp_dotenc_finish(mp_dotenc *e, uint8_t *out, size_t cap,
		       size_t *wrote_r)
{
	size_t o = 0;
	bool norm = e->flags & MP_DOTENC_NORMALIZE;
	*wrote_r = 0;
	if (cap < 5)
		return MP_NOSPACE;
	if ((e->state & ENC_ANY) && !(e->state & ENC_END_CRLF)) {
		if (!(norm && (e->state & ENC_CR)))
			out[o++] = '\r';
		out[o++] = '\n';
	}
	out[o++] = '.';
	out[o++] = '\r';
	out[o++] = '\n';
	e->state = ENC_LS;
	*wrote_r = o;
	return MP_OK;
}

/* ==== end-of-data ambiguity scanner ================================== */
enum { X_CRLF = 0, X_LF = 1, X_CR = 2 };
enum { Y_CRLF = 0, Y_LF = 1, Y_CR = 2 };

static const mp_rule eod_rule[3][3] = {
	/* X_CRLF */ { MP_R_COUNT, MP_R_WIRE_EOD_CRLF_DOT_LF, MP_R_WIRE_EOD_CRLF_DOT_CR },
	/* X_LF */ { MP_R_WIRE_EOD_LF_DOT_CRLF, MP_R_WIRE_EOD_LF_DOT_LF, MP_R_WIRE_EOD_LF_DOT_CR },
	/* X_CR */ { MP_R_WIRE_EOD_CR_DOT_CRLF, MP_R_WIRE_EOD_CR_DOT_LF, MP_R_WIRE_EOD_CR_DOT_CR },
};

void mp_eodscan_init(mp_eodscan *s, uint64_t offset)
{
	memset(s, 0, sizeof(*s));
	s->off = offset;
	s->start = offset;
	/* the start of data follows "DATA" CRLF: a virtual CRLF */
	s->h2 = '\r';
	s->h1 = '\n';
}

static size_t eod_report(mp_eodscan *s, int x, int y, uint64_t dot_off,
			 mp_diags *d)
{
	mp_rule r = eod_rule[x][y];
	if (r == MP_R_COUNT)
		return 0;
	uint64_t xlen = x == X_CRLF ? 2 : 1;
	/* the virtual CRLF of the start sits at the start */
	uint64_t xoff = dot_off - s->start >= xlen ? dot_off - xlen : s->start;
	mp_diag_push(d, xoff, r);
	return 1;
}

/* X of a dot at buf[i]: from the two bytes before it. */
static int eod_x(const mp_eodscan *s, const uint8_t *buf, size_t i)
{
	uint8_t b1 = i >= 1 ? buf[i - 1] : s->h1;
	uint8_t b2 = i >= 2 ? buf[i - 2] : i == 1 ? s->h1 : s->h2;
	if (b1 == '\n')
		return b2 == '\r' ? X_CRLF : X_LF;
	if (b1 == '\r')
		return X_CR;
	return -1;
}

size_t mp_eodscan_feed(mp_eodscan *s, const uint8_t *buf, size_t len,
		       mp_diags *d)
{
	size_t found = 0, i = 0;
	/* a dot from an earlier call still waiting for its Y */
	while (s->pend && i < len) {
		int x = s->pend - 1;
		uint8_t c = buf[i];
		if (s->pend_cr) {
			found += eod_report(s, x, c == '\n' ? Y_CRLF : Y_CR,
					    s->pend_off, d);
			s->pend = 0;
		} else if (c == '\r') {
			s->pend_cr = 1;
			i++;
		} else {
			if (c == '\n')
				found += eod_report(s, x, Y_LF, s->pend_off, d);
			s->pend = 0;
		}
	}
	while (i < len) {
		const uint8_t *dot = memchr(buf + i, '.', len - i);
		if (dot == NULL)
			break;
		size_t k = (size_t)(dot - buf);
		int x = eod_x(s, buf, k);
		i = k + 1;
		if (x < 0)
			continue;
		uint64_t dot_off = s->off + k;
		if (k + 1 >= len) {
			s->pend = (uint8_t)(x + 1);
			s->pend_cr = 0;
			s->pend_off = dot_off;
			break;
		}
		if (buf[k + 1] == '\n') {
			found += eod_report(s, x, Y_LF, dot_off, d);
		} else if (buf[k + 1] == '\r') {
			if (k + 2 >= len) {
				s->pend = (uint8_t)(x + 1);
				s->pend_cr = 1;
				s->pend_off = dot_off;
				break;
			}
			found += eod_report(s, x, buf[k + 2] == '\n' ? Y_CRLF : Y_CR,
					    dot_off, d);
		}
	}
	if (len >= 2) {
		s->h2 = buf[len - 2];
		s->h1 = buf[len - 1];
	} else if (len == 1) {
		s->h2 = s->h1;
		s->h1 = buf[0];
	}
	s->off += len;
	return found;
}

size_t mp_eodscan_finish(mp_eodscan *s, mp_diags *d)
{
	size_t found = 0;
	if (s->pend && s->pend_cr)
		found = eod_report(s, s->pend - 1, Y_CR, s->pend_off, d);
	s->pend = 0;
	return found;
}

/* ==== 7-bit and line checker ========================================= */

void mp_8bitck_init(mp_8bitck *c, size_t max_line, uint64_t offset)
{
	memset(c, 0, sizeof(*c));
	c->off = offset;
	c->line_off = offset;
	c->max_line = max_line ? max_line : MP_MSG_LINE_MAX;
	c->in_header = true;
	c->st.utf8_valid = true;
}

/* Any byte of v is zero (the classic bit trick). */
#define HAS_ZERO(v) (((v) - 0x0101010101010101ull) & ~(v) & 0x8080808080808080ull)
#define BCAST(b) (0x0101010101010101ull * (uint8_t)(b))

static void line_end(mp_8bitck *c, uint64_t at)
{
	/* at: offset of the byte that ends the line (CR of CRLF, or a bare
	 * LF/CR); the line's length is at - line_off */
	uint64_t n = at - c->line_off;
	if (n > c->st.max_line)
		c->st.max_line = n;
	if (n == 0 && c->in_header)
		c->in_header = false;
	c->st.lines++;
	c->long_reported = false;
}

static void utf8_byte(mp_8bitck *c, uint8_t b, uint64_t at, mp_diags *d)
{
	if (c->utf8_need) {
		if (b >= c->utf8_lo && b <= c->utf8_hi) {
			c->utf8_need--;
			c->utf8_lo = 0x80;
			c->utf8_hi = 0xBF;
			return;
		}
		/* a broken sequence: reported where it began */
		if (c->st.utf8_valid)
			mp_diag_push(d, c->utf8_at, MP_R_WIRE_UTF8_INVALID);
		c->st.utf8_valid = false;
		c->utf8_need = 0;
	}
	if (b < 0x80)
		return;
	c->utf8_at = at;
	/* RFC 3629 4 table: lead byte, range of the second */
	c->utf8_lo = 0x80;
	c->utf8_hi = 0xBF;
	if (b >= 0xC2 && b <= 0xDF) {
		c->utf8_need = 1;
	} else if (b >= 0xE0 && b <= 0xEF) {
		c->utf8_need = 2;
		if (b == 0xE0)
			c->utf8_lo = 0xA0;
		if (b == 0xED)
			c->utf8_hi = 0x9F;
	} else if (b >= 0xF0 && b <= 0xF4) {
		c->utf8_need = 3;
		if (b == 0xF0)
			c->utf8_lo = 0x90;
		if (b == 0xF4)
			c->utf8_hi = 0x8F;
	} else {
		if (c->st.utf8_valid)
			mp_diag_push(d, at, MP_R_WIRE_UTF8_INVALID);
		c->st.utf8_valid = false;
	}
}

/* The long-line rule, judged whenever the scan stops inside a line: the
 * diag always lands at line_off + max_line, whatever the split. */
static void long_check(mp_8bitck *c, uint64_t at, mp_diags *d)
{
	if (!c->long_reported && at - c->line_off > c->max_line) {
		c->long_reported = true;
		c->st.long_lines++;
		mp_diag_push(d, c->line_off + c->max_line, MP_R_WIRE_LINE_TOO_LONG);
	}
}

static mp_simd simd_level = MP_SIMD_AUTO;

void mp_wire_simd(mp_simd level)
{
	simd_level = level;
}

#ifdef __SSE2__
static inline uint64_t popcount64(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555ull;
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (x * 0x0101010101010101ull) >> 56;
}

/* The byte classes of one 64-byte block, one bit per byte. */
typedef struct block_masks {
	uint64_t cr, lf, nul, high;
	uint64_t cont;  /* 0x80-0xBF */
	uint64_t lead2; /* 0xC2-0xDF: leads of two-octet sequences */
} block_masks;

#define MP_ALWAYS_INLINE inline __attribute__((always_inline))

static MP_ALWAYS_INLINE void block_classes(const uint8_t *p, block_masks *m)
{
	const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
	const __m128i zero = _mm_setzero_si128();
	const __m128i c0 = _mm_set1_epi8((char)0xC0), c1 = _mm_set1_epi8((char)0xC1);
	const __m128i e0 = _mm_set1_epi8((char)0xE0);
	__m128i v[4];
	*m = (block_masks){ 0, 0, 0, 0, 0, 0 };
	for (int k = 0; k < 4; k++) {
		v[k] = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
		unsigned sh = 16u * (unsigned)k;
		m->cr |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v[k], cr)) << sh;
		m->lf |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v[k], lf)) << sh;
		m->nul |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v[k], zero)) << sh;
		m->high |= (uint64_t)(unsigned)_mm_movemask_epi8(v[k]) << sh;
	}
	if (m->high == 0)
		return;
	for (int k = 0; k < 4; k++) {
		unsigned sh = 16u * (unsigned)k;
		/* signed compares: 0x80-0xBF are the octets below (signed) 0xC0 */
		m->cont |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v[k], c0)) << sh;
		m->lead2 |= (uint64_t)(unsigned)_mm_movemask_epi8(
				    _mm_and_si128(_mm_cmpgt_epi8(v[k], c1),
						  _mm_cmplt_epi8(v[k], e0))) << sh;
	}
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define MP_HAVE_AVX2_PATH 1
/* The same classes with AVX2, chosen at run time where the CPU has it. */
__attribute__((target("avx2,popcnt,bmi"))) static MP_ALWAYS_INLINE void
block_classes_avx2(const uint8_t *p, block_masks *m)
{
	const __m256i cr = _mm256_set1_epi8('\r'), lf = _mm256_set1_epi8('\n');
	const __m256i zero = _mm256_setzero_si256();
	const __m256i c0 = _mm256_set1_epi8((char)0xC0), c1 = _mm256_set1_epi8((char)0xC1);
	const __m256i e0 = _mm256_set1_epi8((char)0xE0);
	__m256i v[2];
	*m = (block_masks){ 0, 0, 0, 0, 0, 0 };
	for (int k = 0; k < 2; k++) {
		v[k] = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32 * k));
		unsigned sh = 32u * (unsigned)k;
		m->cr |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v[k], cr)) << sh;
		m->lf |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v[k], lf)) << sh;
		m->high |= (uint64_t)(uint32_t)_mm256_movemask_epi8(v[k]) << sh;
	}
	/* where NUL is, the careful path tells; here only whether */
	__m256i z = _mm256_or_si256(_mm256_cmpeq_epi8(v[0], zero),
				    _mm256_cmpeq_epi8(v[1], zero));
	m->nul = !_mm256_testz_si256(z, z);
	if (m->high == 0)
		return;
	for (int k = 0; k < 2; k++) {
		unsigned sh = 32u * (unsigned)k;
		m->cont |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(c0, v[k])) << sh;
		m->lead2 |= (uint64_t)(uint32_t)_mm256_movemask_epi8(
				    _mm256_and_si256(_mm256_cmpgt_epi8(v[k], c1),
						     _mm256_cmpgt_epi8(e0, v[k]))) << sh;
	}
}
#endif

/* One 64-byte block at buf[i] (len - i >= 65) on the fastest path: line
 * ends all CRLF, no NUL, 8-bit octets only as whole UTF-8 sequences inside
 * the block, and no diags wanted for them. Two-octet sequences are checked
 * by masks (every lead followed by one continuation, nothing else 8-bit);
 * longer ones one by one. Returns the bytes consumed (64, or 65 when the
 * block's last CR has its LF just after it), or 0 when the careful path
 * must take the block. */
static MP_ALWAYS_INLINE size_t block64(mp_8bitck *c, const uint8_t *buf,
				       size_t i, size_t len, uint64_t base,
				       mp_diags *d, const block_masks *mp,
				       bool hwpop)
{
#define POP(x) (hwpop ? (uint64_t)__builtin_popcountll(x) : popcount64(x))
	const uint8_t *p = buf + i;
	block_masks m = *mp;
	if (m.nul != 0 || m.lf != m.cr << 1)
		return 0;
	size_t adv = 64;
	if (m.cr >> 63) {
		if (p[64] != '\n')
			return 0;
		adv = 65;
	}
	if (m.high != 0) {
		if (d != NULL)
			return 0;
		if (m.cont != m.lead2 << 1 || (m.lead2 >> 63) ||
		    (m.lead2 | m.cont) != m.high) {
			/* three- and four-octet sequences, or broken ones */
			uint64_t h = m.high;
			while (h != 0) {
				unsigned pos = (unsigned)__builtin_ctzll(h);
				size_t k = mp_utf8_seq_len(p + pos, len - i - pos);
				if (k == 0 || pos + k > 64)
					return 0;
				h &= ~(((1ull << k) - 1) << pos);
			}
		}
		c->st.high += POP(m.high);
	}
	uint64_t crm = m.cr;
	bool header = c->in_header;
	uint64_t line_off = c->line_off, maxl = c->st.max_line;
	c->st.lines += POP(crm);
	while (crm != 0) {
		unsigned pos = (unsigned)__builtin_ctzll(crm);
		uint64_t at = base + i + pos;
		uint64_t n = at - line_off;
		crm &= crm - 1;
		if (n > c->max_line || (n == 0 && header)) {
			/* the rare cases: a long line, the header's end */
			c->line_off = line_off;
			c->st.max_line = maxl;
			long_check(c, at, d);
			line_end(c, at);
			c->st.lines--; /* counted above */
			maxl = c->st.max_line;
			if (header && !c->in_header) {
				c->st.header_high += POP(m.high & ((1ull << pos) - 1));
				header = false;
			}
		} else if (n > maxl) {
			maxl = n;
		}
		line_off = at + 2;
	}
	c->line_off = line_off;
	c->st.max_line = maxl;
	if (header)
		c->st.header_high += POP(m.high);
#undef POP
	return adv;
}

/* Runs block64 over the blocks from buf[i] while they qualify; returns
 * the index where it stopped. */
static size_t blocks_sse2(mp_8bitck *c, const uint8_t *buf, size_t i,
			  size_t len, uint64_t base, mp_diags *d)
{
	while (len - i >= 65) {
		block_masks m;
		block_classes(buf + i, &m);
		size_t adv = block64(c, buf, i, len, base, d, &m, false);
		if (adv == 0)
			break;
		i += adv;
	}
	return i;
}

#ifdef MP_HAVE_AVX2_PATH
__attribute__((target("avx2,popcnt,bmi"))) static size_t
blocks_avx2(mp_8bitck *c, const uint8_t *buf, size_t i, size_t len,
	    uint64_t base, mp_diags *d)
{
	while (len - i >= 65) {
		block_masks m;
		block_classes_avx2(buf + i, &m);
		size_t adv = block64(c, buf, i, len, base, d, &m, true);
		if (adv == 0)
			break;
		i += adv;
	}
	return i;
}
#endif

static size_t blocks(mp_8bitck *c, const uint8_t *buf, size_t i, size_t len,
		     uint64_t base, mp_diags *d)
{
	if (simd_level == MP_SIMD_NARROW)
		return i;
#ifdef MP_HAVE_AVX2_PATH
	if (simd_level == MP_SIMD_AUTO && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") &&
	    __builtin_cpu_supports("bmi"))
		return blocks_avx2(c, buf, i, len, base, d);
#endif
	return blocks_sse2(c, buf, i, len, base, d);
}
#endif

/* Skips plain bytes and whole CRLF line ends from buf[i]; returns the
 * index of the first byte the careful path must see (>= 0x80, NUL, a CR
 * or LF that is not a CRLF within buf), or len. */
static size_t fast_scan(mp_8bitck *c, const uint8_t *buf, size_t i,
			size_t len, uint64_t base, mp_diags *d)
{
#ifdef __SSE2__
	const __m128i zero = _mm_setzero_si128();
	const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
	while (len - i >= 16) {
		if (len - i >= 65) {
			i = blocks(c, buf, i, len, base, d);
			if (len - i < 16)
				break;
		}
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(buf + i));
		__m128i sp = _mm_or_si128(_mm_cmpeq_epi8(v, zero),
					  _mm_or_si128(_mm_cmpeq_epi8(v, cr),
						       _mm_cmpeq_epi8(v, lf)));
		unsigned m = (unsigned)_mm_movemask_epi8(sp) |
			     (unsigned)_mm_movemask_epi8(v);
		if (m == 0) {
			i += 16;
			continue;
		}
		size_t p = i + (size_t)__builtin_ctz(m);
		if (buf[p] >= 0x80) {
			/* a whole valid UTF-8 sequence stays on the fast path */
			size_t k = mp_utf8_seq_len(buf + p, len - p);
			if (k == 0)
				return p;
			for (size_t j = 0; j < k; j++) {
				long_check(c, base + p + j + 1, d);
				if (d != NULL)
					mp_diag_push(d, base + p + j, MP_R_WIRE_8BIT_OCTET);
			}
			c->st.high += k;
			if (c->in_header)
				c->st.header_high += k;
			i = p + k;
			continue;
		}
		if (buf[p] != '\r' || p + 1 >= len || buf[p + 1] != '\n')
			return p;
		/* CRLF: the line ends at the CR */
		uint64_t at = base + p;
		long_check(c, at, d);
		line_end(c, at);
		c->line_off = at + 2;
		i = p + 2;
	}
#endif
	while (len - i >= 8) {
		uint64_t v;
		memcpy(&v, buf + i, 8);
		if ((v & 0x8080808080808080ull) || HAS_ZERO(v) ||
		    HAS_ZERO(v ^ BCAST('\r')) || HAS_ZERO(v ^ BCAST('\n')))
			break;
		i += 8;
	}
	while (i < len) {
		uint8_t b = buf[i];
		if (b >= 0x80 || b == 0 || b == '\r' || b == '\n')
			break;
		i++;
	}
	long_check(c, base + i, d);
	return i;
}

void mp_8bitck_feed(mp_8bitck *c, const uint8_t *buf, size_t len,
		    mp_diags *d)
{
	size_t i = 0;
	uint64_t base = c->off;
	while (i < len) {
		if (!c->prev_cr && !c->utf8_need) {
			i = fast_scan(c, buf, i, len, base, d);
			if (i >= len)
				break;
		}
		uint8_t b = buf[i];
		uint64_t at = base + i;
		if (c->prev_cr) {
			c->prev_cr = false;
			if (b == '\n') { /* CRLF: the line ended at the CR */
				c->line_off = at + 1;
				i++;
				continue;
			}
			/* bare CR: a line break for counting purposes */
			c->st.bare_cr++;
			mp_diag_push(d, at - 1, MP_R_WIRE_BARE_CR);
			c->line_off = at;
		}
		/* a line end judges the bytes before it; any other byte
		 * counts itself */
		long_check(c, (b == '\r' || b == '\n') ? at : at + 1, d);
		if (b == '\r') {
			line_end(c, at);
			c->prev_cr = true;
		} else if (b == '\n') {
			c->st.bare_lf++;
			mp_diag_push(d, at, MP_R_WIRE_BARE_LF);
			line_end(c, at);
			c->line_off = at + 1;
		} else if (b == 0) {
			c->st.nul++;
			mp_diag_push(d, at, MP_R_WIRE_NUL);
		}
		if (b >= 0x80 || c->utf8_need) {
			if (b >= 0x80) {
				c->st.high++;
				if (c->in_header)
					c->st.header_high++;
				mp_diag_push(d, at, MP_R_WIRE_8BIT_OCTET);
			}
			utf8_byte(c, b, at, d);
		}
		i++;
	}
	c->off += len;
	c->st.bytes += len;
}

mp_body_need mp_8bitck_finish(mp_8bitck *c, mp_diags *d)
{
	if (c->prev_cr) {
		c->prev_cr = false;
		c->st.bare_cr++;
		mp_diag_push(d, c->off - 1, MP_R_WIRE_BARE_CR);
		c->line_off = c->off;
	} else if (c->off > c->line_off) {
		line_end(c, c->off); /* a last line without CRLF */
		c->line_off = c->off;
	}
	if (c->utf8_need) {
		if (c->st.utf8_valid)
			mp_diag_push(d, c->utf8_at, MP_R_WIRE_UTF8_INVALID);
		c->st.utf8_valid = false;
		c->utf8_need = 0;
	}
	const mp_8bit_stats *s = &c->st;
	if (s->nul || s->bare_cr || s->bare_lf || s->long_lines)
		return MP_NEED_BINARYMIME;
	return s->high ? MP_NEED_8BITMIME : MP_NEED_7BIT;
}

bool mp_8bitck_needs_smtputf8(const mp_8bitck *c)
{
	return c->st.header_high > 0 && c->st.utf8_valid;
}

const char *mp_body_need_name(mp_body_need n)
{
	switch (n) {
	case MP_NEED_7BIT: return "7BIT";
	case MP_NEED_8BITMIME: return "8BITMIME";
	case MP_NEED_BINARYMIME: return "BINARYMIME";
	}
	return "?";
}

int mp_wire_tls_start(const uint8_t *p, size_t n, bool eof)
{
	/* ContentType handshake (22), ProtocolVersion major 3 (RFC 8446 5.1) */
	if (n >= 1 && p[0] != 0x16)
		return 0;
	if (n >= 2 && p[1] != 0x03)
		return 0;
	if (n >= 3)
		return p[2] <= 0x04;
	return eof ? 0 : -1;
}
