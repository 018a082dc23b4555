/* fuzz_encoded_word: RFC 2047 decoding in text, comments and phrases, and
 * the encoder. Byte 0: bits 0-1 the context, bit 2 lenient, bit 3 'B' or
 * 'Q' for the encoder. Properties: decoding never crashes and fits in
 * 3n + 16 octets as documented; a too small output is MP_NOSPACE; for
 * UTF-8 input, decode(encode(x)) == x in every context, with no diag;
 * every encoded-word within 75 octets. */
#include <string.h>

#include "fuzz_util.h"
#include "mailprobe/rfc5322.h"

#define T "fuzz_encoded_word"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[3 * 65536 + 16], enc[8 * 65536], dec[3 * 65536];
	static mp_diag dv[64];
	mp_diags d;
	size_t n;
	if (size == 0 || size > 65536)
		return 0;
	mp_rfc2047_ctx ctx = (mp_rfc2047_ctx)((data[0] & 3) % 3);
	mp_rfc5322_opts o = { .flags = data[0] & 4 ? MP_RFC5322_LENIENT : 0 };
	mp_slice in = MP_SLICE(data + 1, size - 1);
	mp_diags_init(&d, dv, MP_ARRAY_LEN(dv));
	mp_rc rc = mp_rfc2047_decode(in, 0, ctx, &o, out, 3 * in.n + 16, &n, &d);
	if (rc == MP_NOSPACE)
		fz_die(T, "3n + 16 octets were not enough");
	fz_check_offsets(T, &d, in.n);
	if (n > 0 && in.n <= 4096) {
		size_t m;
		if (mp_rfc2047_decode(in, 0, ctx, &o, dec, n - 1, &m, NULL) != MP_NOSPACE)
			fz_die(T, "a too small output was not MP_NOSPACE");
	}
	/* round trip of UTF-8 text (bounded: three decodes of 8x the input) */
	if (in.n > 4096)
		return 0;
	char e = data[0] & 8 ? 'B' : 'Q';
	rc = mp_rfc2047_encode(in, e, enc, sizeof enc, &n);
	if (rc == MP_INVALID)
		return 0;
	if (rc != MP_OK)
		fz_die(T, "encoding failed");
	for (size_t a = 0, b = 0; b <= n; b++) {
		if (b == n || enc[b] == ' ') {
			if (b - a > MP_RFC2047_WORD_MAX)
				fz_die(T, "an encoded-word over 75 octets");
			a = b + 1;
		}
	}
	for (int c = 0; c < 3; c++) {
		size_t m;
		mp_diags_clear(&d);
		if (mp_rfc2047_decode(MP_SLICE(enc, n), 0, (mp_rfc2047_ctx)c, NULL, dec, sizeof dec, &m, &d) != MP_OK ||
		    d.n != 0 || m != in.n || memcmp(dec, in.p, m) != 0)
			fz_die(T, "decode(encode(x)) != x");
	}
	return 0;
}
