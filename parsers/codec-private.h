/* codec-private.h: what codec-b64.c and codec-qp.c share: the process-wide
 * path switch (mp_codec_simd) resolved against the CPU, and the diag push
 * that also counts problems. Included by parsers/codec-*.c only. */
#ifndef MP_CODEC_PRIVATE_H
#define MP_CODEC_PRIVATE_H

#include "mailprobe/codec.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define MP_CODEC_X86 1
#include <immintrin.h>
#endif

/* The path in force for this call: AUTO resolved to what the CPU has. */
enum codec_impl {
	IMPL_AVX2 = 0,
	IMPL_SSSE3 = 1,
	IMPL_SCALAR = 2,
	IMPL_BYTE = 3,
};
enum codec_impl codec_impl(void);

/* Pushes a diag and counts MUST/SHOULD ones in *problems. */
void codec_push(uint64_t *problems, mp_diags *d, uint64_t off, mp_rule r);

#endif
