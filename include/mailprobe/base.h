/* mailprobe/base.h: return codes, levels and the few macros every module uses. */
#ifndef MAILPROBE_BASE_H
#define MAILPROBE_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Every parser returns one of these; never NULL or 0 as failure (STYLE 6). */
typedef enum mp_rc {
	MP_OK = 0,        /* an item was produced / the call succeeded */
	MP_NEED_MORE = 1, /* incremental: feed more bytes and call again */
	MP_INVALID = 2,   /* input does not conform; diags say where and why */
	MP_NOSPACE = 3,   /* a caller-provided buffer or arena is full */
} mp_rc;

const char *mp_rc_name(mp_rc rc);

/* Statics that unit tests reach: `static` in normal builds, external
 * under -DMP_UNITTEST (STYLE 35). */
#ifdef MP_UNITTEST
#define MP_STATIC
#else
#define MP_STATIC static
#endif

/* Checked count * size (STYLE 14): true and *r = a*b, or false on wrap. */
static inline bool mp_mul_ok(size_t a, size_t b, size_t *r)
{
	if (b != 0 && a > SIZE_MAX / b)
		return false;
	*r = a * b;
	return true;
}

#define MP_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
