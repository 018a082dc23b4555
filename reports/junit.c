/* junit.c: JUnit XML as the common CI systems read it (reports/junit.xsd):
 * <testsuites>, a <testsuite> per script and target, a <testcase> per
 * check; a failed check has a <failure> (an error an <error>) with the
 * message as attribute and the ref, level and transcript excerpt as text;
 * a skipped one a <skipped>. Every string is escaped with mr_esc_xml, so
 * no byte XML 1.0 forbids reaches the file. */
#include <stdlib.h>

#include "escape.h"
#include "report.h"

static int suite_cmp(const void *x, const void *y)
{
	const mr_ref *a = x, *b = y;
	int d = mr_slice_cmp(mr_check_target(a->r, a->c), mr_check_target(b->r, b->c));
	if (d == 0)
		d = mr_slice_cmp(mr_check_script(a->c), mr_check_script(b->c));
	if (d == 0) /* file order within a suite */
		d = a->r != b->r ? (a->r < b->r ? -1 : 1) : (a->c < b->c ? -1 : a->c > b->c);
	return d;
}

static bool same_suite(const mr_ref *a, const mr_ref *b)
{
	return mp_slice_eq(mr_check_target(a->r, a->c), mr_check_target(b->r, b->c)) &&
	       mp_slice_eq(mr_check_script(a->c), mr_check_script(b->c));
}

static void attr(FILE *f, const char *name, mp_slice v)
{
	fprintf(f, " %s=\"", name);
	mr_esc_xml(f, v);
	fputc('"', f);
}

static double seconds(const mr_check *c)
{
	return c->has_duration ? c->duration_ms / 1000.0 : 0.0;
}

/* transcript excerpt as text: tokens visible, faults between >>> <<< */
static void tx_line(void *ctx, uint64_t off) { fprintf(ctx, "%8llu  ", (unsigned long long)off); }
static void tx_piece(void *ctx, mr_piece kind, mp_slice b, const char *tok)
{
	if (kind == MR_P_TOKEN)
		fputs(tok, ctx);
	else
		mr_esc_xml(ctx, b);
}
static void tx_eol(void *ctx) { fputc('\n', ctx); }
static void tx_mark(void *ctx, bool on) { fputs(on ? "&gt;&gt;&gt;" : "&lt;&lt;&lt;", ctx); }

static void failure_body(FILE *f, const mr_results *r, const mr_check *c)
{
	fputs("\n", f);
	mr_esc_xml(f, c->message);
	fputs("\nref: ", f);
	mr_esc_xml(f, c->ref);
	fputs("\nlevel: ", f);
	mr_esc_xml(f, c->level);
	fputs("\ntarget: ", f);
	mr_esc_xml(f, mr_check_target(r, c));
	fputc('\n', f);
	if (c->title.p != NULL) {
		fputs("title: ", f);
		mr_esc_xml(f, c->title);
		fputc('\n', f);
	}
	if (!c->has_transcript)
		return;
	mr_tx_out o = { f, tx_line, tx_piece, tx_eol, tx_mark };
	mr_tx_span sp;
	fputs("transcript (stream offset, then the octets; the offending ones between "
	      "&gt;&gt;&gt; and &lt;&lt;&lt;):\n", f);
	mr_transcript_walk(c, &o, &sp);
	if (sp.before || sp.after)
		fprintf(f, "(%zu octets before and %zu after not shown)\n", sp.before, sp.after);
	if (sp.faults_outside)
		fprintf(f, "(%zu offending ranges lie outside the excerpt)\n", sp.faults_outside);
}

mp_rc mr_render_junit(FILE *f, const mr_results *rs, size_t nr)
{
	mr_ref *v;
	size_t n;
	mr_counts all = { 0 };
	double total_s = 0;
	if (mr_collect(rs, nr, &v, &n) != MP_OK)
		return MP_NOSPACE;
	if (n > 1)
		qsort(v, n, sizeof *v, suite_cmp);
	for (size_t i = 0; i < n; i++) {
		mr_count(&all, v[i].c->status);
		total_s += seconds(v[i].c);
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<testsuites name=\"mailprobe\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
		   "skipped=\"%zu\" time=\"%.3f\">\n",
		all.total, all.v[MR_FAIL], all.v[MR_ERROR], all.v[MR_SKIP], total_s);
	for (size_t i = 0, id = 0; i < n; id++) {
		size_t j = i;
		mr_counts sc = { 0 };
		double ss = 0;
		while (j < n && same_suite(&v[i], &v[j])) {
			mr_count(&sc, v[j].c->status);
			ss += seconds(v[j].c);
			j++;
		}
		const mr_results *r = v[i].r;
		fputs("  <testsuite", f);
		attr(f, "name", mr_check_script(v[i].c));
		fprintf(f, " id=\"%zu\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" "
			   "time=\"%.3f\"",
			id, sc.total, sc.v[MR_FAIL], sc.v[MR_ERROR], sc.v[MR_SKIP], ss);
		attr(f, "hostname", mr_check_target(r, v[i].c));
		if (r->started.p != NULL)
			attr(f, "timestamp", r->started);
		fputs(">\n", f);
		for (; i < j; i++) {
			const mr_check *c = v[i].c;
			fputs("    <testcase", f);
			attr(f, "name", c->id);
			fputs(" classname=\"", f);
			mr_esc_xml(f, mr_check_target(v[i].r, c));
			fputc('.', f);
			mr_esc_xml(f, mr_check_protocol(c));
			fprintf(f, "\" time=\"%.3f\"", seconds(c));
			if (c->status == MR_PASS) {
				fputs("/>\n", f);
				continue;
			}
			fputs(">\n      ", f);
			if (c->status == MR_SKIP) {
				fputs("<skipped", f);
				attr(f, "message", c->message);
				fputs("/>\n", f);
			} else {
				const char *el = c->status == MR_FAIL ? "failure" : "error";
				fprintf(f, "<%s", el);
				attr(f, "message", c->message);
				attr(f, "type", c->level);
				fputc('>', f);
				failure_body(f, v[i].r, c);
				fprintf(f, "</%s>\n", el);
			}
			fputs("    </testcase>\n", f);
		}
		fputs("  </testsuite>\n", f);
	}
	fputs("</testsuites>\n", f);
	free(v);
	return MP_OK;
}
