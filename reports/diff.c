/* diff.c: what changed between two runs, keyed by target and check id:
 * regressed (passed or skipped before, fails or errs now), fixed (failed
 * or erred before, passes now), appeared, vanished, and other changes.
 * Written as Markdown, so a CI job can post it; the caller exits 1 on a
 * regression. */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "report.h"

static int key_cmp(const void *x, const void *y)
{
	const mr_ref *a = x, *b = y;
	int d = mr_slice_cmp(mr_check_target(a->r, a->c), mr_check_target(b->r, b->c));
	if (d == 0)
		d = mr_slice_cmp(a->c->id, b->c->id);
	if (d == 0)
		d = a->c < b->c ? -1 : a->c > b->c;
	return d;
}

static int key_cmp2(const mr_ref *a, const mr_ref *b)
{
	int d = mr_slice_cmp(mr_check_target(a->r, a->c), mr_check_target(b->r, b->c));
	return d != 0 ? d : mr_slice_cmp(a->c->id, b->c->id);
}

static bool is_bad(mr_status s) { return s == MR_FAIL || s == MR_ERROR; }

enum kind { K_REGRESSED, K_FIXED, K_APPEARED, K_VANISHED, K_CHANGED, K_SAME, K_N };

static const char *const titles[K_N] = {
	"Regressed", "Fixed", "Appeared", "Vanished", "Changed otherwise", "Unchanged",
};

struct pair {
	const mr_ref *old, *new_;
	enum kind k;
};

static void cell(FILE *f, mp_slice s)
{
	fputs(" | ", f);
	mr_esc_md(f, s, MR_MD_CELL_CHARS);
}

mp_rc mr_render_diff(FILE *f, const mr_results *old, const mr_results *new_,
		     mr_diff_counts *dc)
{
	mr_ref *a, *b;
	size_t na, nb;
	*dc = (mr_diff_counts){ 0 };
	if (mr_collect(old, 1, &a, &na) != MP_OK)
		return MP_NOSPACE;
	if (mr_collect(new_, 1, &b, &nb) != MP_OK) {
		free(a);
		return MP_NOSPACE;
	}
	struct pair *p = calloc(na + nb + 1, sizeof *p);
	if (p == NULL) {
		free(a);
		free(b);
		return MP_NOSPACE;
	}
	qsort(a, na, sizeof *a, key_cmp);
	qsort(b, nb, sizeof *b, key_cmp);
	size_t np = 0, i = 0, j = 0, cnt[K_N] = { 0 };
	while (i < na || j < nb) {
		int d = i == na ? 1 : j == nb ? -1 : key_cmp2(&a[i], &b[j]);
		struct pair *q = &p[np++];
		if (d < 0) {
			*q = (struct pair){ &a[i++], NULL, K_VANISHED };
		} else if (d > 0) {
			*q = (struct pair){ NULL, &b[j++], K_APPEARED };
		} else {
			mr_status so = a[i].c->status, sn = b[j].c->status;
			enum kind k = so == sn            ? K_SAME
				      : !is_bad(so) && is_bad(sn) ? K_REGRESSED
				      : is_bad(so) && sn == MR_PASS ? K_FIXED
								: K_CHANGED;
			*q = (struct pair){ &a[i++], &b[j++], k };
		}
		cnt[q->k]++;
	}
	*dc = (mr_diff_counts){ cnt[K_REGRESSED], cnt[K_FIXED], cnt[K_APPEARED],
				cnt[K_VANISHED], cnt[K_CHANGED], cnt[K_SAME] };

	fprintf(f, "### %s mailprobe diff: %zu regressed, %zu fixed, %zu appeared, "
		   "%zu vanished, %zu changed otherwise, %zu unchanged\n\n",
		cnt[K_REGRESSED] ? "\xE2\x9D\x8C" : "\xE2\x9C\x85", cnt[K_REGRESSED], cnt[K_FIXED],
		cnt[K_APPEARED], cnt[K_VANISHED], cnt[K_CHANGED], cnt[K_SAME]);
	const char *on = old->name ? old->name : "old", *nn = new_->name ? new_->name : "new";
	fputs("From ", f);
	mr_esc_md(f, MP_SLICE(on, strlen(on)), 0);
	fputs(" to ", f);
	mr_esc_md(f, MP_SLICE(nn, strlen(nn)), 0);
	fputs(".\n\n", f);
	for (enum kind k = K_REGRESSED; k < K_SAME; k++) {
		if (cnt[k] == 0)
			continue;
		fprintf(f, "#### %s (%zu)\n\n| check | target | was | now | level | ref | message |\n"
			   "|---|---|---|---|---|---|---|\n",
			titles[k], cnt[k]);
		for (size_t x = 0; x < np; x++) {
			if (p[x].k != k)
				continue;
			const mr_ref *r = p[x].new_ ? p[x].new_ : p[x].old;
			fputs("|", f);
			fputc(' ', f);
			mr_esc_md(f, r->c->id, MR_MD_CELL_CHARS);
			cell(f, mr_check_target(r->r, r->c));
			fprintf(f, " | %s | %s", p[x].old ? mr_status_name(p[x].old->c->status) : "-",
				p[x].new_ ? mr_status_name(p[x].new_->c->status) : "-");
			cell(f, r->c->level);
			cell(f, r->c->ref);
			cell(f, r->c->message);
			fputs(" |\n", f);
		}
		fputc('\n', f);
	}
	free(p);
	free(a);
	free(b);
	return MP_OK;
}
