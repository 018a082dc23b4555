/* fuzz_base64: the base64 decoder and encoder (RFC 4648, RFC 2045 6.8).
 * Byte 0: bit 0 = MP_B64_MIME for decoding the input, bit 1 =
 * MP_B64ENC_WRAP for the round trip, bits 2-7 = a short output capacity
 * (1-64) for the capacity check. The rest is the stream.
 * Properties (fuzz_codec.h): split invariance, every path and capacity
 * agree, diag offsets inside the input; decode(encode(x)) == x with no
 * diag (wrapped output decoded in MIME mode, unwrapped strictly), the
 * encoded length is mp_b64enc_len, every path encodes alike. */
#include "fuzz_codec.h"

static uint8_t enc0[2 * FC_MAX + 64], enc1[2 * FC_MAX + 64];
static uint8_t dec[FC_MAX + 64];

static size_t encode(unsigned flags, const uint8_t *in, size_t n, uint8_t *out)
{
	mp_b64enc e;
	size_t u, w, w2;
	mp_b64enc_init(&e, flags);
	if (mp_b64enc_feed(&e, in, n, out, sizeof enc0, &u, &w) != MP_OK || u != n)
		fc_die("encoder did not take the input");
	if (mp_b64enc_finish(&e, out + w, sizeof enc0 - w, &w2) != MP_OK)
		fc_die("encoder finish");
	if (w + w2 != mp_b64enc_len(n, flags))
		fc_die("encoded length is not mp_b64enc_len");
	return w + w2;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size > FC_MAX)
		return 0;
	unsigned opt = data[0];
	const uint8_t *in = data + 1;
	size_t n = size - 1;

	fc_check_decoder(false, (opt & 1) ? MP_B64_MIME : 0, in, n, 1 + (opt >> 2));

	unsigned ef = (opt & 2) ? MP_B64ENC_WRAP : 0;
	unsigned df = (opt & 2) ? MP_B64_MIME : 0;
	mp_codec_simd(MP_CODEC_BYTE);
	size_t en = encode(ef, in, n, enc0);
	for (size_t p = 0; p < sizeof fc_paths / sizeof fc_paths[0]; p++) {
		mp_codec_simd(fc_paths[p]);
		if (encode(ef, in, n, enc1) != en || memcmp(enc0, enc1, en) != 0)
			fc_die("paths encode differently");
		mp_b64dec d;
		mp_diag dv[4];
		mp_diags dg;
		size_t u, w, w2;
		mp_diags_init(&dg, dv, 4);
		mp_b64dec_init(&d, df, 0);
		if (mp_b64dec_feed(&d, enc0, en, dec, sizeof dec, &u, &w, &dg) != MP_OK ||
		    mp_b64dec_finish(&d, dec + w, sizeof dec - w, &w2, &dg) != MP_OK ||
		    dg.n || dg.dropped)
			fc_die("our encoding does not decode cleanly");
		if (w + w2 != n || memcmp(dec, in, n) != 0)
			fc_die("decode(encode(x)) != x");
	}
	mp_codec_simd(MP_CODEC_AUTO);
	return 0;
}
