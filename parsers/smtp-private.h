/* smtp-private.h: shared between parsers/smtp-*.c only. */
#ifndef MP_SMTP_PRIVATE_H
#define MP_SMTP_PRIVATE_H

#include "mailprobe/smtp.h"

/* Character classes of RFC 5321 4.1.2 / RFC 5322 3.2.3, one table. */
enum {
	C_ALPHA = 1, C_DIGIT = 2, C_ATEXT = 4, C_QTEXT = 8, C_DCONTENT = 16,
	C_XCHAR = 32, C_VALUE = 64, C_TEXT = 128,
};
extern const uint8_t mp_smtp_cc[256];
#define CC(c, m) ((mp_smtp_cc[(uint8_t)(c)] & (m)) != 0)

/* Appends s to out[*n..cap); false when it does not fit. */
bool mp_smtp_put(uint8_t *out, size_t cap, size_t *n, mp_slice s);

#endif
