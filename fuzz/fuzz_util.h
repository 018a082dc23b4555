/* fuzz/fuzz_util.h: what the fuzz targets share (header-only, so that
 * fuzz/build.sh can keep building every fuzz_*.c as one target). */
#ifndef MP_FUZZ_UTIL_H
#define MP_FUZZ_UTIL_H

#include <stdio.h>
#include <stdlib.h>

#include "feed.h"
#include "mailprobe/diag.h"

static inline void fz_die(const char *target, const char *what)
{
	fprintf(stderr, "%s: property broken: %s\n", target, what);
	abort();
}

/* Logs the diags pushed since from, then forgets them. */
static inline void fz_log_diags(mpt_log *log, mp_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		mpt_log_printf(log, " %s@%llu", mp_rule_name(d->v[i].rule),
			       (unsigned long long)d->v[i].offset);
	if (d->dropped)
		mpt_log_printf(log, " dropped=%zu", d->dropped);
	mp_diags_clear(d);
}

/* Every diag offset within the stream. */
static inline void fz_check_offsets(const char *target, const mp_diags *d,
				    uint64_t n)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].offset > n)
			fz_die(target, "diag offset beyond the input");
}

/* Splits seeded from the input's last bytes; aborts on a difference. */
static inline void fz_splits(const char *target, const mpt_reader *r,
			     const uint8_t *in, size_t n)
{
	size_t k = n > 8 ? 8 : n;
	char *m = mpt_check_seeded_splits(r, in, n, in + n - k, k);
	if (m) {
		fprintf(stderr, "%s", m);
		free(m);
		fz_die(target, "split invariance");
	}
}

#endif
