/* codec.c: what the transfer-encoding codecs share: the vector path in
 * force (mp_codec_simd, the library's second process-wide switch, for
 * tests and fuzzing like mp_wire_simd) and the counting diag push.
 * The codecs: codec-b64.c (RFC 4648, RFC 2045 6.8), codec-qp.c
 * (RFC 2045 6.7). */
#include "codec-private.h"

static mp_codec_path forced = MP_CODEC_AUTO;

void mp_codec_simd(mp_codec_path path)
{
	forced = path;
}

static enum codec_impl cpu_best(void)
{
#ifdef MP_CODEC_X86
	if (__builtin_cpu_supports("avx2"))
		return IMPL_AVX2;
	if (__builtin_cpu_supports("ssse3"))
		return IMPL_SSSE3;
#endif
	return IMPL_SCALAR;
}

enum codec_impl codec_impl(void)
{
	enum codec_impl best = cpu_best();
	switch (forced) {
	case MP_CODEC_AUTO:
		return best;
	case MP_CODEC_SSSE3:
		return best <= IMPL_SSSE3 ? IMPL_SSSE3 : IMPL_SCALAR;
	case MP_CODEC_SCALAR:
		return IMPL_SCALAR;
	case MP_CODEC_BYTE:
		return IMPL_BYTE;
	}
	return IMPL_BYTE;
}

const char *mp_codec_path_name(void)
{
	switch (cpu_best()) {
	case IMPL_AVX2: return "avx2";
	case IMPL_SSSE3: return "ssse3";
	default: return "scalar";
	}
}

void codec_push(uint64_t *problems, mp_diags *d, uint64_t off, mp_rule r)
{
	if (mp_rule_level(r) <= MP_SHOULD)
		(*problems)++;
	mp_diag_push(d, off, r);
}
