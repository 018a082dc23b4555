/* bench/bench.h: the harness shared by the benchmark rows. */
#ifndef MP_BENCH_H
#define MP_BENCH_H

#include <stddef.h>
#include <stdint.h>

typedef struct bench_buf {
	uint8_t *p;
	size_t n, cap;
} bench_buf;

void bb_put(bench_buf *b, const void *p, size_t n);
void bb_puts(bench_buf *b, const char *s);
void bb_printf(bench_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Deterministic pseudo-random numbers (xorshift64*), fixed seed per row. */
uint64_t bench_rand(uint64_t *s);

/* One row: gen builds the input once; run parses it and returns a checksum
 * (items, bytes) so the work cannot be optimised away. */
typedef struct bench_row {
	const char *name;
	const char *peer;   /* NULL: compared with memcpy only */
	void (*gen)(bench_buf *in);
	uint64_t (*run)(const uint8_t *p, size_t n);
	uint64_t (*run_peer)(const uint8_t *p, size_t n);
	const char *peer2;  /* a second peer over the same input, or NULL */
	uint64_t (*run_peer2)(const uint8_t *p, size_t n);
} bench_row;

#endif
