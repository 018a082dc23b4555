/* markdown.c: a compact summary for a CI job summary or a pull request
 * comment: the totals, a table per protocol, then the failures (worst
 * first) up to a set number of rows. Every string from the results is
 * escaped with mr_esc_md and cut to MR_MD_CELL_CHARS. */
#include <stdlib.h>

#include "escape.h"
#include "report.h"

static const char *const icon[MR_NSTATUS] = {
	[MR_PASS] = "\xE2\x9C\x85",            /* check mark */
	[MR_FAIL] = "\xE2\x9D\x8C",            /* cross */
	[MR_SKIP] = "\xE2\x8F\xAD\xEF\xB8\x8F", /* skip */
	[MR_ERROR] = "\xE2\x9A\xA0\xEF\xB8\x8F", /* warning */
};

static void md(FILE *f, mp_slice s) { mr_esc_md(f, s, MR_MD_CELL_CHARS); }

static void counts_row(FILE *f, mp_slice key, const mr_counts *c)
{
	fputs("| ", f);
	md(f, key);
	fprintf(f, " | %zu | %zu | %zu | %zu | %zu |\n", c->v[MR_PASS], c->v[MR_FAIL],
		c->v[MR_SKIP], c->v[MR_ERROR], c->total);
}

mp_rc mr_render_markdown(FILE *f, const mr_results *rs, size_t nr, size_t max_rows)
{
	mr_ref *v;
	size_t n, ng, nt;
	mr_group *g;
	mp_slice *t;
	mr_counts all = { 0 };
	if (max_rows == 0)
		max_rows = MR_MD_ROWS_DEFAULT;
	if (mr_collect(rs, nr, &v, &n) != MP_OK)
		return MP_NOSPACE;
	if (mr_group_by(rs, nr, mr_key_protocol, &g, &ng) != MP_OK) {
		free(v);
		return MP_NOSPACE;
	}
	if (mr_targets(rs, nr, &t, &nt) != MP_OK) {
		free(v);
		free(g);
		return MP_NOSPACE;
	}
	for (size_t i = 0; i < n; i++)
		mr_count(&all, v[i].c->status);
	size_t bad = all.v[MR_FAIL] + all.v[MR_ERROR];

	fprintf(f, "### %s mailprobe: %zu failed, %zu passed, %zu skipped, %zu errors\n\n",
		bad ? icon[MR_FAIL] : icon[MR_PASS], all.v[MR_FAIL], all.v[MR_PASS],
		all.v[MR_SKIP], all.v[MR_ERROR]);
	fprintf(f, "%zu checks against %zu target%s: ", all.total, nt, nt == 1 ? "" : "s");
	for (size_t i = 0; i < nt && i < 8; i++) {
		if (i > 0)
			fputs(", ", f);
		md(f, t[i]);
	}
	fputs(nt > 8 ? ", ...\n\n" : "\n\n", f);

	fputs("| protocol | pass | fail | skip | error | total |\n"
	      "|---|--:|--:|--:|--:|--:|\n", f);
	for (size_t i = 0; i < ng; i++)
		counts_row(f, g[i].key, &g[i].c);
	if (ng > 1)
		counts_row(f, MP_LIT("all"), &all);
	fputc('\n', f);

	if (bad > 0) {
		mr_sort_worst_first(v, n);
		fprintf(f, "#### Failures and errors (%zu)\n\n", bad);
		fputs("| | check | level | ref | target | message |\n"
		      "|---|---|---|---|---|---|\n", f);
		size_t shown = 0;
		for (size_t i = 0; i < n && shown < max_rows; i++) {
			const mr_check *c = v[i].c;
			if (c->status != MR_FAIL && c->status != MR_ERROR)
				break; /* sorted: the rest passed or skipped */
			fprintf(f, "| %s %s | ", icon[c->status], mr_status_name(c->status));
			md(f, c->id);
			fputs(" | ", f);
			md(f, c->level);
			fputs(" | ", f);
			md(f, c->ref);
			fputs(" | ", f);
			md(f, mr_check_target(v[i].r, c));
			fputs(" | ", f);
			md(f, c->message);
			fputs(" |\n", f);
			shown++;
		}
		if (bad > shown)
			fprintf(f, "\n... and %zu more (the first %zu are listed; the HTML report "
				   "has them all).\n", bad - shown, shown);
		fputc('\n', f);
	} else {
		fputs("No check failed.\n\n", f);
	}
	free(v);
	free(g);
	free(t);
	return MP_OK;
}
