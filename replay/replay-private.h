/* replay/replay-private.h: what the replay modules share and nothing else
 * includes (STYLE 1). */
#ifndef MAILPROBE_REPLAY_PRIVATE_H
#define MAILPROBE_REPLAY_PRIVATE_H

#include "mailprobe/replay.h"

/* A data file of the script (relative: the script's directory, then its
 * parent) into out. MP_OK with *len_r; MP_NOSPACE when over cap;
 * MP_INVALID with a message when it cannot be read. */
mp_rc mp_script_read_data(const mp_script *s, const char *name, uint8_t *out,
			  size_t cap, size_t *len_r, char *err, size_t errcap);

#define MP_PATTERN_INTERVALS 2
#define MP_PATTERN_MAX 1024
#define MP_PATTERN_COUNT_MAX 20
/* NULL when the pattern is safe to compile, else why not (see script.c). */
const char *mp_pattern_check(const char *re);

#endif
