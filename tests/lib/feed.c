/* tests/lib/feed.c: split feeder and guard-page buffers for tests and fuzz. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "feed.h"

static void log_reserve(mpt_log *l, size_t more)
{
	if (l->cap - l->n > more)
		return;
	size_t cap = l->cap ? l->cap : 256;
	while (cap - l->n <= more)
		cap *= 2;
	char *p = realloc(l->p, cap);
	if (p == NULL)
		abort();
	l->p = p;
	l->cap = cap;
}

void mpt_log_printf(mpt_log *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (k < 0)
		abort();
	log_reserve(l, (size_t)k + 1);
	va_start(ap, fmt);
	vsnprintf(l->p + l->n, (size_t)k + 1, fmt, ap);
	va_end(ap);
	l->n += (size_t)k;
}

void mpt_log_bytes(mpt_log *l, const void *p, size_t n)
{
	const uint8_t *b = p;
	log_reserve(l, n * 4 + 1);
	for (size_t i = 0; i < n; i++) {
		if (b[i] == '\\') {
			l->p[l->n++] = '\\';
			l->p[l->n++] = '\\';
		} else if (b[i] >= 0x20 && b[i] < 0x7F) {
			l->p[l->n++] = (char)b[i];
		} else {
			l->n += (size_t)snprintf(l->p + l->n, 5, "\\x%02x", b[i]);
		}
	}
	l->p[l->n] = '\0';
}

void mpt_log_free(mpt_log *l)
{
	free(l->p);
	memset(l, 0, sizeof(*l));
}

uint8_t *mpt_guard_copy(const void *p, size_t n)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t data = (n + pg - 1) / pg * pg;
	uint8_t *m = mmap(NULL, data + pg, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		abort();
	if (mprotect(m + data, pg, PROT_NONE) != 0)
		abort();
	uint8_t *at = m + data - n;
	if (n)
		memcpy(at, p, n);
	return at;
}

void mpt_guard_free(uint8_t *p, size_t n)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t data = (n + pg - 1) / pg * pg;
	munmap(p + n - data, data + pg);
}

/* held: unconsumed bytes; appends in[from..to) and feeds. */
static void feed_piece(const mpt_reader *r, uint8_t **held, size_t *hn,
		       const uint8_t *in, size_t from, size_t to, bool eof,
		       bool guard, mpt_log *log)
{
	size_t len = *hn + (to - from);
	uint8_t *tmp = malloc(len ? len : 1);
	if (tmp == NULL)
		abort();
	if (*hn)
		memcpy(tmp, *held, *hn);
	if (to > from)
		memcpy(tmp + *hn, in + from, to - from);
	uint8_t *buf = guard ? mpt_guard_copy(tmp, len) : tmp;
	size_t used = r->feed(r->ctx, buf, len, eof, log);
	if (used > len)
		abort();
	memmove(tmp, buf + used, len - used);
	if (guard)
		mpt_guard_free(buf, len);
	free(*held);
	*held = tmp;
	*hn = len - used;
}

void mpt_run_split(const mpt_reader *r, const uint8_t *in, size_t n,
		   const size_t *cuts, size_t ncuts, bool guard, mpt_log *log)
{
	uint8_t *held = NULL;
	size_t hn = 0, at = 0;
	r->reset(r->ctx);
	for (size_t i = 0; i < ncuts; i++) {
		size_t c = cuts[i] > n ? n : cuts[i];
		if (c < at)
			continue;
		feed_piece(r, &held, &hn, in, at, c, false, guard, log);
		at = c;
	}
	feed_piece(r, &held, &hn, in, at, n, true, guard, log);
	free(held);
}

static char *differs(const char *how, const mpt_log *want, const mpt_log *got)
{
	size_t i = 0;
	while (i < want->n && i < got->n && want->p[i] == got->p[i])
		i++;
	size_t from = i > 60 ? i - 60 : 0;
	char *msg = NULL;
	size_t mn = 0;
	FILE *f = open_memstream(&msg, &mn);
	if (f == NULL)
		abort();
	fprintf(f, "%s: logs differ at log byte %zu\n--- whole: ...%.*s\n--- split: ...%.*s\n",
		how, i, (int)((want->n - from) > 400 ? 400 : want->n - from),
		want->p ? want->p + from : "",
		(int)((got->n - from) > 400 ? 400 : got->n - from),
		got->p ? got->p + from : "");
	fclose(f);
	return msg;
}

static bool same(const mpt_log *a, const mpt_log *b)
{
	return a->n == b->n && (a->n == 0 || memcmp(a->p, b->p, a->n) == 0);
}

char *mpt_check_splits(const mpt_reader *r, const uint8_t *in, size_t n,
		       size_t max_all, bool guard, mpt_log *whole)
{
	char how[64];
	mpt_run_split(r, in, n, NULL, 0, guard, whole);

	mpt_log got = { 0 };
	size_t *cuts = malloc((n ? n : 1) * sizeof(*cuts));
	if (cuts == NULL)
		abort();
	for (size_t i = 0; i < n; i++)
		cuts[i] = i + 1;
	mpt_run_split(r, in, n, cuts, n, guard, &got);
	free(cuts);
	if (!same(whole, &got)) {
		char *m = differs("byte by byte", whole, &got);
		mpt_log_free(&got);
		return m;
	}
	size_t step = (n <= max_all || n < 64) ? 1 : n / 64;
	for (size_t c = 1; c < n; c += step) {
		mpt_log_free(&got);
		mpt_run_split(r, in, n, &c, 1, guard, &got);
		if (!same(whole, &got)) {
			snprintf(how, sizeof how, "split at %zu", c);
			char *m = differs(how, whole, &got);
			mpt_log_free(&got);
			return m;
		}
	}
	mpt_log_free(&got);
	return NULL;
}

char *mpt_check_seeded_splits(const mpt_reader *r, const uint8_t *in,
			      size_t n, const uint8_t *seed, size_t seedn)
{
	mpt_log whole = { 0 }, got = { 0 };
	size_t cuts[8], k = 0, at = 0;
	for (size_t i = 0; i + 1 < seedn && k < 8 && n > 0; i += 2) {
		size_t step = ((size_t)seed[i] << 8 | seed[i + 1]) % (n + 1);
		at += step;
		if (at > n)
			break;
		cuts[k++] = at;
	}
	mpt_run_split(r, in, n, NULL, 0, false, &whole);
	mpt_run_split(r, in, n, cuts, k, false, &got);
	char *m = same(&whole, &got) ? NULL : differs("seeded split", &whole, &got);
	mpt_log_free(&whole);
	mpt_log_free(&got);
	return m;
}
