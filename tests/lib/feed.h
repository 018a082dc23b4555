/* tests/lib/feed.h: the split feeder shared by the unit tests and the
 * fuzz targets (STYLE 31, 34, 37). A reader under test is wrapped in an
 * adapter that turns its items into lines of a text log; feeding the same
 * input whole, byte by byte and split anywhere must give the same log.
 * Adapters merge payload pieces (DATA bodies, literals) that a split may
 * cut differently, so the log states events, not chunking. */
#ifndef MP_TEST_FEED_H
#define MP_TEST_FEED_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct mpt_log {
	char *p;
	size_t n, cap;
} mpt_log;

void mpt_log_printf(mpt_log *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends bytes escaped: printable ASCII as is, the rest as \xHH, '\\' as \\. */
void mpt_log_bytes(mpt_log *l, const void *p, size_t n);
void mpt_log_free(mpt_log *l);

typedef struct mpt_reader {
	/* Start a fresh stream. */
	void (*reset)(void *ctx);
	/* buf holds every byte not yet consumed, then the new ones. Produce
	 * all items the reader can, log them, return the bytes consumed. With
	 * eof set no bytes follow: flush what is pending. */
	size_t (*feed)(void *ctx, const uint8_t *buf, size_t len, bool eof,
		       mpt_log *log);
	void *ctx;
} mpt_reader;

/* Feeds in[0..n) cut at cuts[0..ncuts) (ascending) into log. Each call of
 * feed sees a private copy of exactly len bytes that ends at an
 * inaccessible page when guard is set (else a malloc copy, for ASan). */
void mpt_run_split(const mpt_reader *r, const uint8_t *in, size_t n,
		   const size_t *cuts, size_t ncuts, bool guard, mpt_log *log);

/* Runs whole, byte by byte and (when n <= max_all) split in two at every
 * offset, else at up to 64 offsets spread over the input. Returns NULL
 * when all logs agree and fills *whole with the log of the whole feed;
 * else a malloc'd message naming the split that differed. */
char *mpt_check_splits(const mpt_reader *r, const uint8_t *in, size_t n,
		       size_t max_all, bool guard, mpt_log *whole);

/* Splits derived from seed bytes (fuzzing): up to 8 cuts. Returns NULL or
 * a message as above. */
char *mpt_check_seeded_splits(const mpt_reader *r, const uint8_t *in,
			      size_t n, const uint8_t *seed, size_t seedn);

/* A copy of p[0..n) whose last byte sits just before a PROT_NONE page. */
uint8_t *mpt_guard_copy(const void *p, size_t n);
void mpt_guard_free(uint8_t *p, size_t n);

#endif
