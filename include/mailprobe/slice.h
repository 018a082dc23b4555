/* mailprobe/slice.h: a view into the caller's bytes; parsers return
 * slices, never copies (DESIGN.md "Core types"). */
#ifndef MAILPROBE_SLICE_H
#define MAILPROBE_SLICE_H

#include "mailprobe/base.h"

typedef struct mp_slice {
	const uint8_t *p;
	size_t n;
} mp_slice;

#define MP_LIT(s) ((mp_slice){ (const uint8_t *)(s), sizeof(s) - 1 })
#define MP_SLICE(ptr, len) ((mp_slice){ (const uint8_t *)(ptr), (len) })

/* Sub-slice, clamped to s: never points outside s. */
static inline mp_slice mp_slice_sub(mp_slice s, size_t off, size_t len)
{
	if (off > s.n)
		off = s.n;
	if (len > s.n - off)
		len = s.n - off;
	return (mp_slice){ s.p + off, len };
}

/* Byte-exact equality. */
bool mp_slice_eq(mp_slice a, mp_slice b);
/* Equality with ASCII letters folded; other bytes compared exactly. */
bool mp_slice_eq_ascii_ci(mp_slice a, mp_slice b);
/* s equals the C string w, ASCII letters folded (as mp_slice_eq_ascii_ci);
 * stops at the first octet that differs, so a scan of a table of names
 * costs no strlen. */
bool mp_slice_is_ci(mp_slice s, const char *w);
/* a starts with prefix, ASCII case folded. */
bool mp_slice_prefix_ci(mp_slice a, mp_slice prefix);
/* Offset of part inside whole; part must lie within whole (asserted in
 * debug builds), else returns whole.n. */
size_t mp_slice_offset(mp_slice whole, mp_slice part);
/* Index of the first byte c in s, or s.n when absent. */
size_t mp_slice_find(mp_slice s, uint8_t c);
/* Parses s as a decimal number of at most max_digits digits with no
 * sign. MP_OK and *v_r, or MP_INVALID on empty, non-digit or overflow of
 * uint64_t (checked before multiplying, STYLE 22). */
mp_rc mp_slice_u64(mp_slice s, size_t max_digits, uint64_t *v_r);

/* Length of the valid UTF-8 sequence at p[0..n) per RFC 3629 4 (no
 * overlong forms, surrogates or code points over U+10FFFF): 1 for ASCII,
 * 2-4, or 0 when p does not start a valid sequence within n bytes. */
static inline size_t mp_utf8_seq_len(const uint8_t *p, size_t n)
{
	if (n == 0)
		return 0;
	uint8_t c = p[0];
	size_t k;
	uint8_t lo = 0x80, hi = 0xBF; /* range of the second octet */
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		k = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		k = 3;
		lo = c == 0xE0 ? 0xA0 : 0x80; /* no overlong forms */
		hi = c == 0xED ? 0x9F : 0xBF; /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		k = 4;
		lo = c == 0xF0 ? 0x90 : 0x80;
		hi = c == 0xF4 ? 0x8F : 0xBF; /* nothing above U+10FFFF */
	} else {
		return 0;
	}
	if (n < k || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < k; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return k;
}

static inline int mp_ascii_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}
static inline bool mp_is_digit(int c) { return c >= '0' && c <= '9'; }
static inline bool mp_is_alpha(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
static inline bool mp_is_alnum(int c) { return mp_is_alpha(c) || mp_is_digit(c); }
static inline bool mp_is_hex(int c)
{
	return mp_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

#endif
