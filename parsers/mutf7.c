/* mutf7.c: IMAP mailbox names in modified UTF-7.
 *   RFC 3501 5.1.3: printable US-ASCII but "&" as itself, "&" as "&-",
 *   everything else as "&" modified-BASE64 "-" (UTF-16BE, "," for "/");
 *   no implicit shift back, no null shifts, names end in US-ASCII, and
 *   BASE64 MUST NOT carry printing US-ASCII that can represent itself.
 *   RFC 2152: bits after the last whole 16-bit unit are discarded and
 *   must be zero. RFC 2781 2.2: surrogate pairs. RFC 3629 3: UTF-8.
 *
 * One walker serves check and decode: it validates the whole name and,
 * given an output buffer, writes the UTF-8 as it goes. */
#include "mailprobe/mutf7.h"

/* modified BASE64 (RFC 3501 5.1.3, RFC 2152 with "," for "/"):
 *   b64-char = ALPHA / DIGIT / "+" / ","
 * Value of c, or -1. */
static int b64_val(uint8_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == ',')
		return 63;
	return -1;
}

static const char b64_chars[64] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

/* An output sink that counts past its capacity: o is what the whole
 * output needs, only out[0..cap) is written. */
struct sink {
	uint8_t *out;
	size_t cap, o;
};

static void put(struct sink *s, uint8_t b)
{
	if (s->o < s->cap)
		s->out[s->o] = b;
	s->o++;
}

static void put_utf8(struct sink *s, uint32_t cp)
{
	if (cp < 0x80) {
		put(s, (uint8_t)cp);
	} else if (cp < 0x800) {
		put(s, (uint8_t)(0xC0 | (cp >> 6)));
		put(s, (uint8_t)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		put(s, (uint8_t)(0xE0 | (cp >> 12)));
		put(s, (uint8_t)(0x80 | ((cp >> 6) & 0x3F)));
		put(s, (uint8_t)(0x80 | (cp & 0x3F)));
	} else {
		put(s, (uint8_t)(0xF0 | (cp >> 18)));
		put(s, (uint8_t)(0x80 | ((cp >> 12) & 0x3F)));
		put(s, (uint8_t)(0x80 | ((cp >> 6) & 0x3F)));
		put(s, (uint8_t)(0x80 | (cp & 0x3F)));
	}
}

static mp_rc finish(const struct sink *s, bool bad, size_t *outlen_r)
{
	if (bad) {
		*outlen_r = 0;
		return MP_INVALID;
	}
	if (s->o > s->cap) {
		*outlen_r = s->cap;
		return MP_NOSPACE;
	}
	*outlen_r = s->o;
	return MP_OK;
}

/* ==== check and decode ================================================ */
struct walk {
	uint64_t base;
	mp_diags *d;
	bool bad;      /* a MUST or SHOULD rule was broken */
	struct sink s;
};

static void diag(struct walk *w, size_t i, mp_rule r)
{
	mp_diag_push(w->d, w->base + i, r);
	if (mp_rule_level(r) <= MP_SHOULD)
		w->bad = true;
}

/* The state of one "&" ... run. */
struct run {
	uint32_t acc;     /* bits not yet part of a whole unit (< 16 of them) */
	unsigned nbits;
	size_t unit_at;   /* index of the character where that unit starts */
	bool high;        /* a high surrogate waits for its low one */
	uint16_t high_u;
	size_t high_at;
	size_t last;      /* index of the last BASE64 character */
};

static void unit(struct walk *w, struct run *r, uint16_t u, size_t at)
{
	if (r->high) {
		r->high = false;
		if (u >= 0xDC00 && u <= 0xDFFF) {
			put_utf8(&w->s, 0x10000 + ((uint32_t)(r->high_u - 0xD800) << 10) +
						(uint32_t)(u - 0xDC00));
			return;
		}
		diag(w, r->high_at, MP_R_MUTF7_SURROGATE);
	}
	if (u >= 0xD800 && u <= 0xDBFF) {
		r->high = true;
		r->high_u = u;
		r->high_at = at;
		return;
	}
	if (u >= 0xDC00 && u <= 0xDFFF) {
		diag(w, at, MP_R_MUTF7_SURROGATE);
		return;
	}
	if (u == '&')
		diag(w, at, MP_R_MUTF7_B64_AMPERSAND);
	else if (u >= 0x20 && u <= 0x7E)
		diag(w, at, MP_R_MUTF7_B64_ASCII);
	put_utf8(&w->s, u);
}

/* A run starts after the "&" at p[i]; returns the index where it ended:
 * its "-", or the character that cut it, or n. */
static size_t run(struct walk *w, const uint8_t *p, size_t n, size_t i)
{
	struct run r = { 0 };
	size_t j = i + 1;
	bool any = false;
	for (; j < n; j++) {
		uint8_t c = p[j];
		int v = b64_val(c);
		if (v < 0) {
			if (c == '-')
				break;
			if (c == '/' || c == '=') {
				diag(w, j, MP_R_MUTF7_B64_CHAR);
				continue;
			}
			if (c < 0x20 || c > 0x7E) {
				diag(w, j, MP_R_MUTF7_OCTET);
				continue;
			}
			break; /* printable: no implicit shift back */
		}
		if (r.nbits == 0)
			r.unit_at = j;
		r.acc = (r.acc << 6) | (uint32_t)v;
		r.nbits += 6;
		r.last = j;
		any = true;
		if (r.nbits >= 16) {
			r.nbits -= 16;
			uint16_t u = (uint16_t)(r.acc >> r.nbits);
			r.acc &= (1u << r.nbits) - 1;
			unit(w, &r, u, r.unit_at);
			r.unit_at = j; /* the rest of c starts the next unit */
		}
	}
	if (r.high)
		diag(w, r.high_at, MP_R_MUTF7_SURROGATE);
	if (any && r.nbits >= 6)
		diag(w, r.last, MP_R_MUTF7_B64_LENGTH);
	if (any && r.acc != 0)
		diag(w, r.last, MP_R_MUTF7_B64_PAD_BITS);
	if (j >= n || p[j] != '-')
		diag(w, j, MP_R_MUTF7_UNTERMINATED);
	return j;
}

static void walk(struct walk *w, mp_slice name)
{
	const uint8_t *p = name.p;
	size_t n = name.n, i = 0;
	size_t closed = SIZE_MAX; /* index of the "-" that ended the last run */
	while (i < n) {
		uint8_t c = p[i];
		if (c < 0x20 || c > 0x7E) {
			diag(w, i, MP_R_MUTF7_OCTET);
			i++;
			continue;
		}
		if (c != '&') {
			put(&w->s, c);
			i++;
			continue;
		}
		if (i + 1 < n && p[i + 1] == '-') { /* "&-" is "&" */
			put(&w->s, '&');
			i += 2;
			continue;
		}
		if (closed != SIZE_MAX && closed + 1 == i)
			diag(w, closed, MP_R_MUTF7_NULL_SHIFT);
		size_t j = run(w, p, n, i);
		if (j < n && p[j] == '-') {
			closed = j;
			i = j + 1;
		} else {
			closed = SIZE_MAX;
			i = j; /* the cutting character is read as US-ASCII */
		}
	}
}

mp_rc mp_mutf7_check(mp_slice name, uint64_t base, mp_diags *d)
{
	struct walk w = { .base = base, .d = d };
	walk(&w, name);
	return w.bad ? MP_INVALID : MP_OK;
}

mp_rc mp_mutf7_decode(mp_slice name, uint8_t *out, size_t cap,
		      size_t *outlen_r, uint64_t base, mp_diags *d)
{
	struct walk w = { .base = base, .d = d };
	w.s.out = out;
	w.s.cap = out ? cap : 0;
	walk(&w, name);
	return finish(&w.s, w.bad, outlen_r);
}

/* ==== encode ========================================================== */

/* One UTF-8 sequence at p[0..n), n > 0 (RFC 3629 3): MP_R_COUNT and *cp
 * when well formed, else the rule; *len the octets it spans (for an
 * ill-formed one: the octets up to where the next sequence may start,
 * so each bad sequence is one diag). */
static mp_rule utf8_get(const uint8_t *p, size_t n, uint32_t *cp, size_t *len)
{
	uint8_t c = p[0];
	size_t k;
	*len = 1;
	if (c < 0x80) {
		*cp = c;
		return MP_R_COUNT;
	}
	if (c < 0xC0 || c >= 0xF8) { /* stray continuation or no lead */
		while (*len < n && (p[*len] & 0xC0) == 0x80)
			(*len)++;
		return MP_R_MUTF7_UTF8_INVALID;
	}
	k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
	uint32_t v = c & (0x7Fu >> k);
	for (size_t i = 1; i < k; i++) {
		if (i >= n || (p[i] & 0xC0) != 0x80) {
			*len = i;
			return MP_R_MUTF7_UTF8_INVALID;
		}
		v = (v << 6) | (p[i] & 0x3Fu);
	}
	*len = k;
	if ((k == 2 && v < 0x80) || (k == 3 && v < 0x800) ||
	    (k == 4 && v < 0x10000))
		return MP_R_MUTF7_UTF8_OVERLONG;
	if (v >= 0xD800 && v <= 0xDFFF)
		return MP_R_MUTF7_UTF8_SURROGATE;
	if (v > 0x10FFFF)
		return MP_R_MUTF7_UTF8_RANGE;
	*cp = v;
	return MP_R_COUNT;
}

struct enc {
	struct sink s;
	bool in_run;
	uint32_t acc;
	unsigned nbits;
};

static void enc_bits(struct enc *e, uint16_t u)
{
	e->acc = (e->acc << 16) | u;
	e->nbits += 16;
	while (e->nbits >= 6) {
		e->nbits -= 6;
		put(&e->s, (uint8_t)b64_chars[(e->acc >> e->nbits) & 0x3F]);
	}
	e->acc &= (1u << e->nbits) - 1;
}

static void enc_close(struct enc *e)
{
	if (!e->in_run)
		return;
	if (e->nbits > 0) /* the last character padded with zero bits */
		put(&e->s, (uint8_t)b64_chars[(e->acc << (6 - e->nbits)) & 0x3F]);
	put(&e->s, '-');
	e->in_run = false;
	e->acc = 0;
	e->nbits = 0;
}

mp_rc mp_mutf7_encode(mp_slice utf8, uint8_t *out, size_t cap,
		      size_t *outlen_r, uint64_t base, mp_diags *d)
{
	struct enc e = { { out, out ? cap : 0, 0 }, false, 0, 0 };
	bool bad = false;
	size_t i = 0, len;
	uint32_t cp = 0;
	while (i < utf8.n) {
		mp_rule r = utf8_get(utf8.p + i, utf8.n - i, &cp, &len);
		if (r != MP_R_COUNT) {
			mp_diag_push(d, base + i, r);
			bad = true;
			i += len;
			continue;
		}
		i += len;
		if (cp >= 0x20 && cp <= 0x7E) {
			enc_close(&e);
			put(&e.s, (uint8_t)cp);
			if (cp == '&')
				put(&e.s, '-');
			continue;
		}
		if (!e.in_run) {
			put(&e.s, '&');
			e.in_run = true;
		}
		if (cp >= 0x10000) { /* RFC 2781 2.1 */
			cp -= 0x10000;
			enc_bits(&e, (uint16_t)(0xD800 | (cp >> 10)));
			enc_bits(&e, (uint16_t)(0xDC00 | (cp & 0x3FF)));
		} else {
			enc_bits(&e, (uint16_t)cp);
		}
	}
	enc_close(&e);
	return finish(&e.s, bad, outlen_r);
}

size_t mp_mutf7_encoded_max(size_t utf8_len)
{
	size_t r;
	return mp_mul_ok(utf8_len, 5, &r) ? r : SIZE_MAX;
}

size_t mp_mutf7_decoded_max(size_t mutf7_len)
{
	size_t extra = mutf7_len / 8 + (mutf7_len % 8 != 0);
	return mutf7_len > SIZE_MAX - extra ? SIZE_MAX : mutf7_len + extra;
}
