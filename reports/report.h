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

/* A transcript excerpt around its faults, as pieces for a renderer. */
typedef enum mr_piece {
	MR_P_TEXT,  /* printable ASCII, as is */
	MR_P_UTF8,  /* one valid non-ASCII character (8-bit octets) */
	MR_P_TOKEN, /* an invisible or invalid byte or character: tok */
} mr_piece;

typedef struct mr_tx_out {
	void *ctx;
	/* a line begins at stream offset off */
	void (*line)(void *ctx, uint64_t off);
	void (*piece)(void *ctx, mr_piece kind, mp_slice bytes, const char *tok);
	/* the line ended (after its LF token, or the excerpt's end) */
	void (*eol)(void *ctx);
	void (*mark)(void *ctx, bool on); /* offending bytes begin, end */
} mr_tx_out;

#define MR_TX_CONTEXT_LINES 8   /* lines shown before and after the faults */
#define MR_TX_BYTES_MAX 16384   /* at most this much of one excerpt */

typedef struct mr_tx_span {
	uint64_t from, to;      /* stream offsets shown */
	size_t before, after;   /* bytes of the excerpt left out */
	size_t faults_outside;  /* fault ranges not inside the excerpt */
} mr_tx_span;

/* Walks c's transcript: the lines around its faults (all of it when it
 * has none inside), each fault's bytes between mark(true) and
 * mark(false). */
void mr_transcript_walk(const mr_check *c, const mr_tx_out *o, mr_tx_span *span_r);

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

/* Shared by the HTML renderers: the page up to <body> (CSP with the
 * script's hash when with_script, else no script at all) and the end. */
void mr_html_begin(FILE *f, mp_slice title, const char *extra_css, bool with_script);
void mr_html_end(FILE *f, bool with_script);
/* An inline SVG bar of c's statuses, width px wide. */
void mr_html_bar(FILE *f, const mr_counts *c, int width);
/* The index of key among g[0..n) (sorted by mr_slice_cmp), or n. */
size_t mr_group_find(const mr_group *g, size_t n, mp_slice key);

/* The page's inline script (for tests: its hash is in the page's CSP). */
extern const char mr_html_script[];
/* SHA-256 of p[0..n) as base64 into out (45 bytes with the NUL). */
void mr_sha256_b64(const void *p, size_t n, char out[45]);

#endif
