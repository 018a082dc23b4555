/* common.c: what the renderers share: counting, grouping, ordering. */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "report.h"

void mr_count(mr_counts *c, mr_status s)
{
	if ((unsigned)s < MR_NSTATUS)
		c->v[s]++;
	c->total++;
}

mp_slice mr_key_protocol(const mr_results *r, const mr_check *c)
{
	(void)r;
	return mr_check_protocol(c);
}

mp_slice mr_key_rfc(const mr_results *r, const mr_check *c)
{
	(void)r;
	return mr_ref_doc(c->ref);
}

mp_slice mr_key_target(const mr_results *r, const mr_check *c)
{
	return mr_check_target(r, c);
}

/* Natural order: runs of digits compare by value ("RFC 822" < "RFC 1939"). */
int mr_slice_cmp(mp_slice a, mp_slice b)
{
	size_t i = 0, j = 0;
	while (i < a.n && j < b.n) {
		uint8_t x = a.p[i], y = b.p[j];
		if (x >= '0' && x <= '9' && y >= '0' && y <= '9') {
			size_t i0 = i, j0 = j;
			while (i0 < a.n && a.p[i0] == '0')
				i0++;
			while (j0 < b.n && b.p[j0] == '0')
				j0++;
			size_t ie = i0, je = j0;
			while (ie < a.n && a.p[ie] >= '0' && a.p[ie] <= '9')
				ie++;
			while (je < b.n && b.p[je] >= '0' && b.p[je] <= '9')
				je++;
			if (ie - i0 != je - j0)
				return ie - i0 < je - j0 ? -1 : 1;
			int m = memcmp(a.p + i0, b.p + j0, ie - i0);
			if (m != 0)
				return m;
			i = ie;
			j = je;
			continue;
		}
		if (x != y)
			return x < y ? -1 : 1;
		i++;
		j++;
	}
	if (a.n - i != b.n - j)
		return a.n - i < b.n - j ? -1 : 1;
	/* equal in value ("01" and "1"): bytes decide, so only equal slices
	 * compare equal */
	size_t m = a.n < b.n ? a.n : b.n;
	int c = m ? memcmp(a.p, b.p, m) : 0;
	if (c != 0)
		return c;
	return a.n < b.n ? -1 : a.n > b.n;
}

mp_rc mr_collect(const mr_results *rs, size_t nr, mr_ref **v_r, size_t *n_r)
{
	size_t n = 0, bytes;
	for (size_t i = 0; i < nr; i++)
		n += rs[i].n;
	*v_r = NULL;
	*n_r = 0;
	if (!mp_mul_ok(n ? n : 1, sizeof(mr_ref), &bytes))
		return MP_NOSPACE;
	mr_ref *v = malloc(bytes);
	if (v == NULL)
		return MP_NOSPACE;
	n = 0;
	for (size_t i = 0; i < nr; i++)
		for (size_t k = 0; k < rs[i].n; k++)
			v[n++] = (mr_ref){ &rs[i], &rs[i].checks[k] };
	*v_r = v;
	*n_r = n;
	return MP_OK;
}

struct keyed {
	mp_slice key;
	mr_status s;
	size_t seq;
};

static int keyed_cmp(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	int c = mr_slice_cmp(a->key, b->key);
	if (c != 0)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

mp_rc mr_group_by(const mr_results *rs, size_t nr, mr_key_fn key, mr_group **g_r,
		  size_t *n_r)
{
	mr_ref *v;
	size_t n, bytes;
	*g_r = NULL;
	*n_r = 0;
	if (mr_collect(rs, nr, &v, &n) != MP_OK)
		return MP_NOSPACE;
	struct keyed *k = NULL;
	mr_group *g = NULL;
	if (!mp_mul_ok(n ? n : 1, sizeof *k, &bytes) || (k = malloc(bytes)) == NULL ||
	    !mp_mul_ok(n ? n : 1, sizeof *g, &bytes) || (g = calloc(1, bytes)) == NULL) {
		free(v);
		free(k);
		return MP_NOSPACE;
	}
	for (size_t i = 0; i < n; i++)
		k[i] = (struct keyed){ key(v[i].r, v[i].c), v[i].c->status, i };
	free(v);
	qsort(k, n, sizeof *k, keyed_cmp);
	size_t ng = 0;
	for (size_t i = 0; i < n; i++) {
		if (ng == 0 || !mp_slice_eq(g[ng - 1].key, k[i].key))
			g[ng++].key = k[i].key;
		mr_count(&g[ng - 1].c, k[i].s);
	}
	free(k);
	*g_r = g;
	*n_r = ng;
	return MP_OK;
}

int mr_level_rank(mp_slice level)
{
	static const char *const levels[] = { "MUST", "SHOULD", "MAY", "NOTE" };
	for (size_t i = 0; i < MP_ARRAY_LEN(levels); i++)
		if (mp_slice_is_ci(level, levels[i]))
			return (int)i;
	return (int)MP_ARRAY_LEN(levels);
}

static int status_rank(mr_status s)
{
	static const int rank[MR_NSTATUS] = { [MR_FAIL] = 0, [MR_ERROR] = 1, [MR_SKIP] = 2,
					      [MR_PASS] = 3 };
	return (unsigned)s < MR_NSTATUS ? rank[s] : 4;
}

static int worst_cmp(const void *x, const void *y)
{
	const mr_ref *a = x, *b = y;
	int d = status_rank(a->c->status) - status_rank(b->c->status);
	if (d == 0)
		d = mr_level_rank(a->c->level) - mr_level_rank(b->c->level);
	if (d == 0)
		d = mr_slice_cmp(a->c->id, b->c->id);
	if (d == 0)
		d = mr_slice_cmp(mr_check_target(a->r, a->c), mr_check_target(b->r, b->c));
	if (d == 0) /* stable: file order */
		d = a->c < b->c ? -1 : a->c > b->c;
	return d;
}

void mr_sort_worst_first(mr_ref *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, worst_cmp);
}

mp_rc mr_targets(const mr_results *rs, size_t nr, mp_slice **t_r, size_t *n_r)
{
	mr_group *g;
	size_t ng, bytes;
	*t_r = NULL;
	*n_r = 0;
	if (mr_group_by(rs, nr, mr_key_target, &g, &ng) != MP_OK)
		return MP_NOSPACE;
	mp_slice *t = NULL;
	if (!mp_mul_ok(ng ? ng : 1, sizeof *t, &bytes) || (t = malloc(bytes)) == NULL) {
		free(g);
		return MP_NOSPACE;
	}
	/* order of first appearance: walk the checks, take each group once */
	bool *seen = calloc(ng ? ng : 1, sizeof *seen);
	if (seen == NULL) {
		free(g);
		free(t);
		return MP_NOSPACE;
	}
	size_t nt = 0;
	for (size_t i = 0; i < nr && nt < ng; i++) {
		for (size_t k = 0; k < rs[i].n && nt < ng; k++) {
			mp_slice key = mr_check_target(&rs[i], &rs[i].checks[k]);
			/* binary search among the sorted groups */
			size_t lo = 0, hi = ng;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				int c = mr_slice_cmp(g[mid].key, key);
				if (c == 0) {
					lo = mid;
					break;
				}
				if (c < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo < ng && mp_slice_eq(g[lo].key, key) && !seen[lo]) {
				seen[lo] = true;
				t[nt++] = key;
			}
		}
	}
	free(seen);
	free(g);
	*t_r = t;
	*n_r = nt;
	return MP_OK;
}

/* ---- transcript excerpts ---------------------------------------------- */

static bool in_fault(const mr_check *c, size_t i)
{
	uint64_t at = c->t_off + i;
	for (size_t k = 0; k < c->nfaults; k++) {
		uint64_t len = c->faults[k].len ? c->faults[k].len : 1;
		if (at >= c->faults[k].off && at - c->faults[k].off < len)
			return true;
	}
	return false;
}

static size_t line_start(mp_slice t, size_t i)
{
	while (i > 0 && t.p[i - 1] != '\n')
		i--;
	return i;
}

static size_t line_end(mp_slice t, size_t i) /* just past the LF */
{
	while (i < t.n && t.p[i] != '\n')
		i++;
	return i < t.n ? i + 1 : t.n;
}

void mr_transcript_walk(const mr_check *c, const mr_tx_out *o, mr_tx_span *span_r)
{
	mp_slice t = c->transcript;
	size_t lo = t.n, hi = 0, outside = c->faults_dropped;
	for (size_t k = 0; k < c->nfaults; k++) {
		uint64_t off = c->faults[k].off, len = c->faults[k].len ? c->faults[k].len : 1;
		if (off < c->t_off || off - c->t_off >= t.n) {
			outside++;
			continue;
		}
		size_t rel = (size_t)(off - c->t_off);
		size_t end = len > t.n - rel ? t.n : rel + (size_t)len;
		if (rel < lo)
			lo = rel;
		if (end > hi)
			hi = end;
	}
	size_t from = 0, to = t.n;
	if (lo < hi) {
		from = line_start(t, lo);
		for (int k = 0; k < MR_TX_CONTEXT_LINES && from > 0; k++)
			from = line_start(t, from - 1);
		to = line_end(t, hi - 1);
		for (int k = 0; k < MR_TX_CONTEXT_LINES && to < t.n; k++)
			to = line_end(t, to);
		if (lo - from > MR_TX_BYTES_MAX / 2)
			from = lo - MR_TX_BYTES_MAX / 2;
	}
	if (to - from > MR_TX_BYTES_MAX)
		to = from + MR_TX_BYTES_MAX;
	if (span_r != NULL)
		*span_r = (mr_tx_span){ c->t_off + from, c->t_off + to, from, t.n - to, outside };

	bool marked = false, at_bol = true;
	char tok[MR_TOKEN_MAX];
	size_t i = from;
	while (i < to) {
		if (at_bol) {
			o->line(o->ctx, c->t_off + i);
			at_bol = false;
		}
		bool f = in_fault(c, i);
		if (f != marked) {
			o->mark(o->ctx, f);
			marked = f;
		}
		size_t k = mr_vis_next(t.p + i, to - i, tok);
		if (tok[0] != '\0') {
			o->piece(o->ctx, MR_P_TOKEN, MP_SLICE(t.p + i, k), tok);
		} else if (k > 1) {
			o->piece(o->ctx, MR_P_UTF8, MP_SLICE(t.p + i, k), NULL);
		} else {
			size_t j = i + 1; /* a run of printable ASCII, one fault state */
			while (j < to && t.p[j] >= 0x20 && t.p[j] < 0x7F && in_fault(c, j) == f)
				j++;
			k = j - i;
			o->piece(o->ctx, MR_P_TEXT, MP_SLICE(t.p + i, k), NULL);
		}
		if (k == 1 && t.p[i] == '\n') {
			if (marked)
				o->mark(o->ctx, false);
			marked = false;
			o->eol(o->ctx);
			at_bol = true;
		}
		i += k;
	}
	if (marked)
		o->mark(o->ctx, false);
	if (!at_bol)
		o->eol(o->ctx);
}
