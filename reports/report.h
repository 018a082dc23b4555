/* reports/report.h: the renderers. Each takes loaded results files
 * (results.h) and writes one document to f; none reads anything else, and
 * every string from the results goes through escape.h for its context.
 * They return MP_OK, or MP_NOSPACE when memory ran out; write errors are
 * the caller's to see on f (ferror). */
#ifndef MAILPROBE_REPORTS_REPORT_H
#define MAILPROBE_REPORTS_REPORT_H

#include <stdio.h>

#include "results.h"

#define MR_MD_ROWS_DEFAULT 30  /* markdown: failures listed */
#define MR_MD_CELL_CHARS 160   /* markdown: a message cell at most */

typedef struct mr_counts {
	size_t v[MR_NSTATUS];
	size_t total;
} mr_counts;

/* One check of a set of results files. */
typedef struct mr_ref {
	const mr_results *r;
	const mr_check *c;
} mr_ref;

typedef struct mr_group {
	mp_slice key;
	mr_counts c;
} mr_group;

typedef mp_slice (*mr_key_fn)(const mr_results *r, const mr_check *c);
mp_slice mr_key_protocol(const mr_results *r, const mr_check *c);
mp_slice mr_key_rfc(const mr_results *r, const mr_check *c);
mp_slice mr_key_target(const mr_results *r, const mr_check *c);

void mr_count(mr_counts *c, mr_status s);
/* Every check of rs[0..nr) in file order; *v_r freed by the caller. */
mp_rc mr_collect(const mr_results *rs, size_t nr, mr_ref **v_r, size_t *n_r);
/* Groups by key (sorted by key; RFC numbers in numeric order). */
mp_rc mr_group_by(const mr_results *rs, size_t nr, mr_key_fn key, mr_group **g_r,
		  size_t *n_r);
/* Sorts failures first: fail, error, skip, pass; then MUST, SHOULD, MAY,
 * NOTE; then id, target. */
void mr_sort_worst_first(mr_ref *v, size_t n);
int mr_level_rank(mp_slice level);
int mr_slice_cmp(mp_slice a, mp_slice b);
/* Distinct targets in order of first appearance. */
mp_rc mr_targets(const mr_results *rs, size_t nr, mp_slice **t_r, size_t *n_r);

typedef struct mr_html_opts {
	const char *title; /* NULL: "mailprobe conformance report" */
} mr_html_opts;

mp_rc mr_render_markdown(FILE *f, const mr_results *rs, size_t nr, size_t max_rows);
mp_rc mr_render_html(FILE *f, const mr_results *rs, size_t nr, const mr_html_opts *o);
mp_rc mr_render_junit(FILE *f, const mr_results *rs, size_t nr);
mp_rc mr_render_matrix_html(FILE *f, const mr_results *rs, size_t nr);
mp_rc mr_render_matrix_md(FILE *f, const mr_results *rs, size_t nr, size_t max_rows);

typedef struct mr_diff_counts {
	size_t regressed, fixed, appeared, vanished, changed, same;
} mr_diff_counts;
/* Markdown list of what changed from old to new; keyed by target and id. */
mp_rc mr_render_diff(FILE *f, const mr_results *old, const mr_results *new_,
		     mr_diff_counts *dc);

/* The page's inline script (for tests: its hash is in the page's CSP). */
extern const char mr_html_script[];
/* SHA-256 of p[0..n) as base64 into out (45 bytes with the NUL). */
void mr_sha256_b64(const void *p, size_t n, char out[45]);

#endif
