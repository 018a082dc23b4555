/* fuzz_imap_utf7: modified UTF-7 mailbox names (RFC 3501 5.1.3).
 * Byte 0: bits 0-6 pick a short output capacity (a fraction of the full
 * output) for the NOSPACE checks, bit 7 a large base offset. The rest is
 * the name (or the UTF-8 to encode).
 * Properties:
 *  1. check and decode agree (verdict and diags, offsets within the
 *     input); decode never says NOSPACE with mp_mutf7_decoded_max bytes;
 *     a valid name decodes to valid UTF-8; a canonical name (valid, no
 *     diag at all, NOTEs included) is what encode writes for its
 *     decoding; a valid name with NOTEs re-encodes to a canonical name
 *     with the same decoding.
 *  2. valid UTF-8 encodes within mp_mutf7_encoded_max, the encoding
 *     passes check with no diag and decodes back; invalid UTF-8 is
 *     MP_INVALID with a diag and length 0.
 *  3. a capacity short of the output is MP_NOSPACE with the output's
 *     first cap bytes; the exact capacity is MP_OK. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "mailprobe/mutf7.h"

#define T "fuzz_imap_utf7"
#define DIAGS 4096

static mp_diag dv1[DIAGS], dv2[DIAGS], dv3[DIAGS];

static bool is_utf8(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t k = mp_utf8_seq_len(p + i, n - i);
		if (k == 0)
			return false;
		i += k;
	}
	return true;
}

static bool same_diags(const mp_diags *a, const mp_diags *b)
{
	if (a->n != b->n || a->dropped != b->dropped)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].offset != b->v[i].offset || a->v[i].rule != b->v[i].rule)
			return false;
	return true;
}

static void offsets_within(const mp_diags *d, uint64_t base, size_t n)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].offset < base || d->v[i].offset - base > n)
			fz_die(T, "diag offset outside the input");
}

static uint8_t *xmalloc(size_t n)
{
	uint8_t *p = malloc(n ? n : 1);
	if (p == NULL)
		abort();
	return p;
}

/* f over in[0..n) with exactly cap bytes of out (heap, so ASan sees an
 * overrun): NOSPACE with the prefix of want[0..wn) when cap < wn. */
static void short_cap(mp_rc (*f)(mp_slice, uint8_t *, size_t, size_t *,
				 uint64_t, mp_diags *),
		      const uint8_t *in, size_t n, const uint8_t *want,
		      size_t wn, size_t cap)
{
	uint8_t *out = cap ? xmalloc(cap) : NULL;
	size_t len = (size_t)-1;
	mp_rc rc = f(MP_SLICE(in, n), out, cap, &len, 0, NULL);
	if (cap < wn) {
		if (rc != MP_NOSPACE || len != cap)
			fz_die(T, "short capacity is not NOSPACE with outlen = cap");
	} else if (rc != MP_OK || len != wn) {
		fz_die(T, "enough capacity is not OK with the full length");
	}
	if (len && memcmp(out, want, len) != 0)
		fz_die(T, "output under a short capacity is not a prefix");
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mp_diags d1, d2, d3;
	size_t len, len2, len3;
	if (size == 0)
		return 0;
	unsigned flags = data[0];
	const uint8_t *in = data + 1;
	size_t n = size - 1;
	uint64_t base = (flags & 0x80) ? UINT64_MAX / 2 : 0;
	unsigned frac = flags & 0x7F; /* short capacity = full * frac / 128 */

	/* ---- 1. as a modified UTF-7 name */
	mp_diags_init(&d1, dv1, DIAGS);
	mp_diags_init(&d2, dv2, DIAGS);
	mp_rc rc1 = mp_mutf7_check(MP_SLICE(in, n), base, &d1);
	if (rc1 != MP_OK && rc1 != MP_INVALID)
		fz_die(T, "check returned neither OK nor INVALID");
	if ((rc1 == MP_INVALID) != mp_diags_nonconforming(&d1) && !d1.dropped)
		fz_die(T, "check verdict differs from the levels of its diags");
	offsets_within(&d1, base, n);
	size_t dcap = mp_mutf7_decoded_max(n);
	uint8_t *dec = xmalloc(dcap);
	mp_rc rc2 = mp_mutf7_decode(MP_SLICE(in, n), dec, dcap, &len, base, &d2);
	if (rc2 != rc1)
		fz_die(T, "decode and check disagree");
	if (!same_diags(&d1, &d2))
		fz_die(T, "decode and check push different diags");
	if (rc2 == MP_INVALID && len != 0)
		fz_die(T, "INVALID decode with a length");
	if (rc2 == MP_OK) {
		if (!is_utf8(dec, len))
			fz_die(T, "a valid name decodes to invalid UTF-8");
		size_t ecap = mp_mutf7_encoded_max(len);
		uint8_t *enc = xmalloc(ecap);
		mp_diags_init(&d3, dv3, DIAGS);
		if (mp_mutf7_encode(MP_SLICE(dec, len), enc, ecap, &len2, 0, &d3) !=
		    MP_OK || d3.n)
			fz_die(T, "the decoding of a valid name does not encode");
		if (d1.n == 0 && (len2 != n || memcmp(enc, in, n) != 0))
			fz_die(T, "a canonical name is not encode(decode(name))");
		if (d1.n != 0) {
			/* NOTE-only: the re-encoding is canonical, same text */
			uint8_t *back = xmalloc(len);
			if (mp_mutf7_check(MP_SLICE(enc, len2), 0, &d3) != MP_OK || d3.n)
				fz_die(T, "re-encoding of a NOTE name is not canonical");
			if (mp_mutf7_decode(MP_SLICE(enc, len2), back, len, &len3, 0,
					    NULL) != MP_OK || len3 != len ||
			    memcmp(back, dec, len) != 0)
				fz_die(T, "re-encoding of a NOTE name decodes otherwise");
			free(back);
		}
		/* 3. decode under a short capacity */
		short_cap(mp_mutf7_decode, in, n, dec, len, len * frac / 128);
		short_cap(mp_mutf7_decode, in, n, dec, len, len);
		free(enc);
	} else {
		/* invalid stays invalid under any capacity */
		uint8_t *small = xmalloc(1);
		if (mp_mutf7_decode(MP_SLICE(in, n), small, frac % 2, &len, base,
				    NULL) != MP_INVALID || len != 0)
			fz_die(T, "an invalid name is not INVALID under a small capacity");
		free(small);
	}
	free(dec);

	/* ---- 2. as UTF-8 to encode */
	size_t ecap = mp_mutf7_encoded_max(n);
	uint8_t *enc = xmalloc(ecap);
	mp_diags_init(&d3, dv3, DIAGS);
	mp_rc rc3 = mp_mutf7_encode(MP_SLICE(in, n), enc, ecap, &len, base, &d3);
	offsets_within(&d3, base, n);
	if (is_utf8(in, n)) {
		if (rc3 != MP_OK || d3.n)
			fz_die(T, "valid UTF-8 does not encode within the bound");
		mp_diags_init(&d3, dv3, DIAGS);
		if (mp_mutf7_check(MP_SLICE(enc, len), 0, &d3) != MP_OK || d3.n)
			fz_die(T, "an encoding does not pass check cleanly");
		uint8_t *back = xmalloc(n);
		if (mp_mutf7_decode(MP_SLICE(enc, len), back, n, &len2, 0, NULL) !=
		    MP_OK || len2 != n || memcmp(back, in, n) != 0)
			fz_die(T, "decode(encode(x)) != x");
		free(back);
		/* 3. encode under a short capacity */
		short_cap(mp_mutf7_encode, in, n, enc, len, len * frac / 128);
		if (len)
			short_cap(mp_mutf7_encode, in, n, enc, len, len - 1);
	} else {
		if (rc3 != MP_INVALID || len != 0 || (d3.n == 0 && d3.dropped == 0))
			fz_die(T, "invalid UTF-8 is not INVALID with a diag");
	}
	free(enc);
	return 0;
}
