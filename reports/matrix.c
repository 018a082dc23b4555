/* matrix.c: several targets side by side (Postfix, Exim, OpenSMTPD;
 * Dovecot and others): a row per check id, a column per target, as HTML
 * (no script: a checkbox and CSS :has() keep only the rows where the
 * targets differ) and as Markdown. Rows are ordered by protocol and id;
 * a target that did not run a check shows a dash. */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "report.h"

static const char *const mx_names[MR_NSTATUS] = { "pass", "fail", "skip", "error" };
static const char *const st_icon[MR_NSTATUS] = {
	"\xE2\x9C\x85", "\xE2\x9D\x8C", "\xE2\x8F\xAD\xEF\xB8\x8F", "\xE2\x9A\xA0\xEF\xB8\x8F",
};
static const char *const st_glyph[MR_NSTATUS] = { "&#x2714;", "&#x2718;", "&#x2013;", "!" };

struct cellref {
	mr_ref ref;
	size_t target; /* column */
};

struct matrix {
	mp_slice *targets;
	size_t nt;
	struct cellref *cells; /* sorted by protocol, id, column */
	size_t n;
	size_t *row; /* start of each row in cells */
	size_t nrows;
};

static int cell_cmp(const void *x, const void *y)
{
	const struct cellref *a = x, *b = y;
	int d = mr_slice_cmp(mr_check_protocol(a->ref.c), mr_check_protocol(b->ref.c));
	if (d == 0)
		d = mr_slice_cmp(a->ref.c->id, b->ref.c->id);
	if (d == 0)
		d = a->target < b->target ? -1 : a->target > b->target;
	if (d == 0)
		d = a->ref.c < b->ref.c ? -1 : a->ref.c > b->ref.c;
	return d;
}

struct tkey {
	mp_slice key;
	size_t col;
};

static int tkey_cmp(const void *x, const void *y)
{
	const struct tkey *a = x, *b = y;
	return mr_slice_cmp(a->key, b->key);
}

static void matrix_free(struct matrix *m)
{
	free(m->targets);
	free(m->cells);
	free(m->row);
}

static mp_rc matrix_build(const mr_results *rs, size_t nr, struct matrix *m)
{
	mr_ref *v;
	size_t n;
	memset(m, 0, sizeof *m);
	if (mr_targets(rs, nr, &m->targets, &m->nt) != MP_OK)
		return MP_NOSPACE;
	if (mr_collect(rs, nr, &v, &n) != MP_OK)
		goto nomem;
	struct tkey *tk = calloc(m->nt ? m->nt : 1, sizeof *tk);
	m->cells = calloc(n ? n : 1, sizeof *m->cells);
	m->row = calloc(n + 1, sizeof *m->row);
	if (tk == NULL || m->cells == NULL || m->row == NULL) {
		free(tk);
		free(v);
		goto nomem;
	}
	for (size_t i = 0; i < m->nt; i++)
		tk[i] = (struct tkey){ m->targets[i], i };
	qsort(tk, m->nt, sizeof *tk, tkey_cmp);
	for (size_t i = 0; i < n; i++) {
		struct tkey want = { mr_check_target(v[i].r, v[i].c), 0 };
		struct tkey *hit = bsearch(&want, tk, m->nt, sizeof *tk, tkey_cmp);
		m->cells[i] = (struct cellref){ v[i], hit ? hit->col : 0 };
	}
	free(tk);
	free(v);
	m->n = n;
	qsort(m->cells, n, sizeof *m->cells, cell_cmp);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || !mp_slice_eq(m->cells[i].ref.c->id, m->cells[i - 1].ref.c->id))
			m->row[m->nrows++] = i;
	m->row[m->nrows] = n;
	return MP_OK;
nomem:
	matrix_free(m);
	return MP_NOSPACE;
}

/* The check of row r in column t (the first one, when a target has the
 * same id twice), or NULL. */
static const mr_ref *cell_at(const struct matrix *m, size_t r, size_t t)
{
	for (size_t i = m->row[r]; i < m->row[r + 1]; i++)
		if (m->cells[i].target == t)
			return &m->cells[i].ref;
	return NULL;
}

static bool row_differs(const struct matrix *m, size_t r)
{
	const mr_ref *first = cell_at(m, r, 0);
	for (size_t t = 1; t < m->nt; t++) {
		const mr_ref *c = cell_at(m, r, t);
		if ((c == NULL) != (first == NULL) ||
		    (c != NULL && c->c->status != first->c->status))
			return true;
	}
	return false;
}

static const char matrix_css[] =
	"td.m{text-align:center;white-space:nowrap;font-weight:600}\n"
	"td.m.pass{color:var(--pass);background:#dafbe1}td.m.fail{color:#fff;background:var(--fail)}"
	"td.m.skip{color:var(--skip);background:#fff8c5}td.m.error{color:#fff;"
	"background:var(--error)}td.m.none{color:var(--mute)}\n"
	"tr.differs td:first-child{border-left:4px solid var(--skip)}\n"
	"tr.proto th{background:#eaeef2;text-align:left}\n"
	"body:has(#only-diff:checked) tbody tr.same{display:none}\n"
	"thead th.t{text-align:center;overflow-wrap:anywhere;min-width:90px}\n";

mp_rc mr_render_matrix_html(FILE *f, const mr_results *rs, size_t nr)
{
	struct matrix m;
	if (matrix_build(rs, nr, &m) != MP_OK)
		return MP_NOSPACE;
	mr_counts *per = calloc(m.nt ? m.nt : 1, sizeof *per);
	if (per == NULL) {
		matrix_free(&m);
		return MP_NOSPACE;
	}
	size_t ndiff = 0;
	for (size_t r = 0; r < m.nrows; r++) {
		ndiff += row_differs(&m, r);
		for (size_t t = 0; t < m.nt; t++) {
			const mr_ref *c = cell_at(&m, r, t);
			if (c != NULL)
				mr_count(&per[t], c->c->status);
		}
	}
	mr_html_begin(f, MP_LIT("mailprobe target matrix"), matrix_css, false);
	fprintf(f, "<header>\n<h1>mailprobe target matrix</h1>\n<p class=\"meta\">%zu checks "
		   "across %zu targets; %zu rows where the targets differ.</p>\n</header>\n",
		m.nrows, m.nt, ndiff);
	fputs("<p><label><input type=\"checkbox\" id=\"only-diff\"> only the rows where the "
	      "targets differ</label></p>\n", f);
	fputs("<table id=\"matrix\">\n<thead><tr><th>check</th><th>level</th><th>ref</th>", f);
	for (size_t t = 0; t < m.nt; t++) {
		fputs("<th class=\"t\">", f);
		mr_esc_html(f, m.targets[t]);
		fputs("</th>", f);
	}
	fputs("</tr>\n<tr><th colspan=\"3\">passed / failed / checks</th>", f);
	for (size_t t = 0; t < m.nt; t++) {
		fprintf(f, "<th class=\"t\">%zu / %zu / %zu<br>", per[t].v[MR_PASS], per[t].v[MR_FAIL],
			per[t].total);
		mr_html_bar(f, &per[t], 90);
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	mp_slice proto = { NULL, 0 };
	for (size_t r = 0; r < m.nrows; r++) {
		const mr_check *c0 = m.cells[m.row[r]].ref.c;
		mp_slice p = mr_check_protocol(c0);
		if (r == 0 || !mp_slice_eq(p, proto)) {
			fprintf(f, "<tr class=\"proto\"><th colspan=\"%zu\">", m.nt + 3);
			mr_esc_html(f, p);
			fputs("</th></tr>\n", f);
			proto = p;
		}
		fprintf(f, "<tr class=\"%s\"><td class=\"id\">", row_differs(&m, r) ? "differs" : "same");
		mr_esc_html(f, c0->id);
		if (c0->title.p != NULL) {
			fputs("<br><small>", f);
			mr_esc_html(f, c0->title);
			fputs("</small>", f);
		}
		fputs("</td><td>", f);
		mr_esc_html(f, c0->level);
		fputs("</td><td>", f);
		mr_esc_html(f, c0->ref);
		fputs("</td>", f);
		for (size_t t = 0; t < m.nt; t++) {
			const mr_ref *c = cell_at(&m, r, t);
			if (c == NULL) {
				fputs("<td class=\"m none\" title=\"not run\">&#x2014;</td>", f);
				continue;
			}
			mr_status s = c->c->status;
			fprintf(f, "<td class=\"m %s\" title=\"", mx_names[s]);
			mr_esc_html(f, c->c->message);
			fprintf(f, "\">%s %s</td>", st_glyph[s], mx_names[s]);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
	mr_html_end(f, false);
	free(per);
	matrix_free(&m);
	return MP_OK;
}

mp_rc mr_render_matrix_md(FILE *f, const mr_results *rs, size_t nr, size_t max_rows)
{
	struct matrix m;
	if (matrix_build(rs, nr, &m) != MP_OK)
		return MP_NOSPACE;
	fprintf(f, "### mailprobe target matrix: %zu checks, %zu targets\n\n| check | level |",
		m.nrows, m.nt);
	for (size_t t = 0; t < m.nt; t++) {
		fputc(' ', f);
		mr_esc_md(f, m.targets[t], 40);
		fputs(" |", f);
	}
	fputs("\n|---|---|", f);
	for (size_t t = 0; t < m.nt; t++)
		fputs(":-:|", f);
	fputc('\n', f);
	size_t shown = 0;
	for (size_t r = 0; r < m.nrows && (max_rows == 0 || shown < max_rows); r++, shown++) {
		const mr_check *c0 = m.cells[m.row[r]].ref.c;
		fputs("| ", f);
		mr_esc_md(f, c0->id, MR_MD_CELL_CHARS);
		fputs(" | ", f);
		mr_esc_md(f, c0->level, 16);
		fputs(" |", f);
		for (size_t t = 0; t < m.nt; t++) {
			const mr_ref *c = cell_at(&m, r, t);
			fprintf(f, " %s |", c ? st_icon[c->c->status] : "\xE2\x80\x94");
		}
		fputc('\n', f);
	}
	if (shown < m.nrows)
		fprintf(f, "\n... and %zu more rows.\n", m.nrows - shown);
	fputs("\n\xE2\x9C\x85 pass \xE2\x9D\x8C fail \xE2\x8F\xAD\xEF\xB8\x8F skip "
	      "\xE2\x9A\xA0\xEF\xB8\x8F error \xE2\x80\x94 not run\n", f);
	matrix_free(&m);
	return MP_OK;
}
