/* slice.c: comparisons and number parsing over mp_slice views. */
#include <string.h>

#include "mailprobe/slice.h"

bool mp_slice_eq(mp_slice a, mp_slice b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

bool mp_slice_eq_ascii_ci(mp_slice a, mp_slice b)
{
	if (a.n != b.n)
		return false;
	for (size_t i = 0; i < a.n; i++) {
		uint8_t x = a.p[i], y = b.p[i];
		if (x == y)
			continue;
		/* equal but for case only if they differ in bit 5 and are
		 * letters */
		x |= 0x20;
		if ((a.p[i] ^ y) != 0x20 || x < 'a' || x > 'z')
			return false;
	}
	return true;
}

bool mp_slice_is_ci(mp_slice s, const char *w)
{
	for (size_t i = 0; i < s.n; i++) {
		uint8_t x = s.p[i], y = (uint8_t)w[i];
		if (y == 0)
			return false; /* w is shorter (a NUL in s included) */
		if (x == y)
			continue;
		x |= 0x20;
		if ((s.p[i] ^ y) != 0x20 || x < 'a' || x > 'z')
			return false;
	}
	return w[s.n] == '\0';
}

bool mp_slice_prefix_ci(mp_slice a, mp_slice prefix)
{
	return a.n >= prefix.n &&
	       mp_slice_eq_ascii_ci(mp_slice_sub(a, 0, prefix.n), prefix);
}

size_t mp_slice_offset(mp_slice whole, mp_slice part)
{
	if (part.p < whole.p || part.p > whole.p + whole.n)
		return whole.n;
	return (size_t)(part.p - whole.p);
}

size_t mp_slice_find(mp_slice s, uint8_t c)
{
	const uint8_t *f = s.n ? memchr(s.p, c, s.n) : NULL;
	return f ? (size_t)(f - s.p) : s.n;
}

mp_rc mp_slice_u64(mp_slice s, size_t max_digits, uint64_t *v_r)
{
	uint64_t v = 0;
	if (s.n == 0 || s.n > max_digits)
		return MP_INVALID;
	for (size_t i = 0; i < s.n; i++) {
		if (!mp_is_digit(s.p[i]))
			return MP_INVALID;
		unsigned d = (unsigned)(s.p[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return MP_INVALID;
		v = v * 10 + d;
	}
	*v_r = v;
	return MP_OK;
}

const char *mp_rc_name(mp_rc rc)
{
	switch (rc) {
	case MP_OK: return "OK";
	case MP_NEED_MORE: return "NEED_MORE";
	case MP_INVALID: return "INVALID";
	case MP_NOSPACE: return "NOSPACE";
	}
	return "?";
}
