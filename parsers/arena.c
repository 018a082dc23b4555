/* arena.c: bump allocation over caller memory; NULL when full, never a crash. */
#include "mailprobe/arena.h"

void mp_arena_init(mp_arena *a, void *mem, size_t cap)
{
	a->base = mem;
	a->cap = mem ? cap : 0;
	a->used = 0;
	a->peak = 0;
}

void *mp_arena_alloc(mp_arena *a, size_t size, size_t align)
{
	if (align == 0 || (align & (align - 1)) != 0)
		return NULL;
	uintptr_t at = (uintptr_t)a->base + a->used;
	size_t pad = (size_t)((align - (at & (align - 1))) & (align - 1));
	if (pad > a->cap - a->used || size > a->cap - a->used - pad)
		return NULL;
	void *p = a->base + a->used + pad; /* @UNSAFE: bounds checked above */
	a->used += pad + size;
	if (a->used > a->peak)
		a->peak = a->used;
	return p;
}

void *mp_arena_array(mp_arena *a, size_t each, size_t count, size_t align)
{
	size_t total;
	if (!mp_mul_ok(each, count, &total))
		return NULL;
	return mp_arena_alloc(a, total, align);
}
