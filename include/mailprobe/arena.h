/* mailprobe/arena.h: a bump allocator over caller-provided memory, for
 * the lists a parse yields. Exhaustion returns NULL, which every caller
 * turns into a diag (MP_R_ARENA_FULL) and MP_NOSPACE, never a crash. */
#ifndef MAILPROBE_ARENA_H
#define MAILPROBE_ARENA_H

#include "mailprobe/base.h"

typedef struct mp_arena {
	uint8_t *base;
	size_t cap, used, peak;
} mp_arena;

/* mem (cap bytes) stays the caller's and must outlive every allocation. */
void mp_arena_init(mp_arena *a, void *mem, size_t cap);
/* size bytes aligned to align (a power of two); NULL when full. */
void *mp_arena_alloc(mp_arena *a, size_t size, size_t align);
/* count elements of each bytes; NULL when full or when count*each wraps. */
void *mp_arena_array(mp_arena *a, size_t each, size_t count, size_t align);
#define MP_NEW(a, T, n) ((T *)mp_arena_array((a), sizeof(T), (n), _Alignof(T)))

static inline size_t mp_arena_mark(const mp_arena *a) { return a->used; }
static inline void mp_arena_rewind(mp_arena *a, size_t m)
{
	if (m <= a->used)
		a->used = m;
}
static inline void mp_arena_reset(mp_arena *a) { a->used = 0; }

#endif
