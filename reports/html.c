/* html.c: one self-contained HTML page per set of results: no external
 * asset, no network (a Content-Security-Policy of default-src 'none'; the
 * one inline script allowed by its SHA-256). Summaries per protocol, RFC
 * and target with inline SVG bars; a table of every check, filterable by
 * status, level and protocol with checkboxes (CSS :has() hides rows without
 * any script; the script does the same for older browsers and counts the
 * rows shown); a section per failed check with its transcript around the
 * fault, the offending octets marked and invisible ones made visible.
 *
 * Every string from the results goes through mr_esc_html; class names and
 * ids are built from indexes and fixed words only. */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "report.h"

static const char *const st_names[MR_NSTATUS] = { "pass", "fail", "skip", "error" };
static const char *const lv_ids[] = { "must", "should", "may", "note", "other" };
static const char *const lv_names[] = { "MUST", "SHOULD", "MAY", "NOTE", "other" };

const char mr_html_script[] =
	"(function(){\n"
	"var rows=document.querySelectorAll('tr[data-f]'),out=document.getElementById('shown');\n"
	"function on(id){var e=document.getElementById(id);return !e||e.checked;}\n"
	"function upd(){var n=0;for(var i=0;i<rows.length;i++){\n"
	" var ids=rows[i].getAttribute('data-f').split(' '),show=true;\n"
	" for(var k=0;k<ids.length;k++)if(!on(ids[k]))show=false;\n"
	" rows[i].hidden=!show;if(show)n++;}\n"
	" if(out)out.textContent=n+' of '+rows.length+' checks shown';}\n"
	"var f=document.getElementById('filters');if(f)f.addEventListener('change',upd);\n"
	"upd();})();\n";

static const char css[] =
	":root{--pass:#1a7f37;--fail:#cf222e;--skip:#9a6700;--error:#8250df;--none:#d0d7de;"
	"--fg:#1f2328;--mute:#59636e;--line:#d0d7de;--bg:#fff;--alt:#f6f8fa}\n"
	"*{box-sizing:border-box}\n"
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--fg);"
	"background:var(--bg);margin:0 auto;max-width:1200px;padding:16px 24px}\n"
	"h1{font-size:22px;margin:8px 0 4px}h2{font-size:18px;margin:28px 0 8px;"
	"border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:0 0 6px}\n"
	".meta{color:var(--mute);margin:0 0 12px}\n"
	"table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);"
	"padding:4px 8px;text-align:left;vertical-align:top}th{background:var(--alt)}\n"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"code,pre,.id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
	"font-size:12.5px}\n"
	".id{overflow-wrap:break-word;min-width:18ch}\n"
	".cards{display:flex;gap:12px;flex-wrap:wrap;align-items:center}\n"
	".card{border:1px solid var(--line);border-radius:8px;padding:8px 16px;min-width:110px}\n"
	".card .n{display:block;font-size:26px;font-weight:600}\n"
	".card.pass .n{color:var(--pass)}.card.fail .n{color:var(--fail)}"
	".card.skip .n{color:var(--skip)}.card.error .n{color:var(--error)}\n"
	".badge{display:inline-block;border-radius:10px;padding:0 8px;color:#fff;font-size:12px;"
	"font-weight:600}\n"
	".badge.pass{background:var(--pass)}.badge.fail{background:var(--fail)}"
	".badge.skip{background:var(--skip)}.badge.error{background:var(--error)}\n"
	".sum td:first-child{width:30%}\n"
	".filters{display:flex;gap:16px;flex-wrap:wrap;margin:8px 0}\n"
	".filters fieldset{border:1px solid var(--line);border-radius:6px;padding:4px 10px}\n"
	".filters label{margin-right:10px;white-space:nowrap}\n"
	"#shown{color:var(--mute)}\n"
	"tr[hidden]{display:none}\n"
	".fault{border:1px solid var(--line);border-left:4px solid var(--fail);border-radius:6px;"
	"padding:10px 14px;margin:12px 0}\n"
	".fault.error{border-left-color:var(--error)}\n"
	".fault dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0 0 8px}\n"
	".fault dt{color:var(--mute)}.fault dd{margin:0;overflow-wrap:anywhere}\n"
	"pre.tx{background:var(--alt);border:1px solid var(--line);border-radius:6px;"
	"padding:8px;overflow-x:auto;white-space:pre;line-height:1.35}\n"
	".ln{color:var(--mute);user-select:none;display:inline-block;min-width:7ch;"
	"text-align:right;margin-right:12px;border-right:1px solid var(--line);padding-right:6px}\n"
	".tk{color:#0550ae;background:#ddf4ff;border-radius:3px;padding:0 1px}\n"
	".tk.bad{color:#fff;background:var(--error)}\n"
	".b8{background:#fff8c5;border-bottom:1px dotted var(--skip)}\n"
	"mark{background:#ffebe9;outline:2px solid var(--fail);border-radius:2px;color:inherit}\n"
	".note{color:var(--mute);font-style:italic}\n"
	".legend span{margin-right:12px}\n"
	"a{color:#0969da}\n"
	"@media print{.filters,#shown{display:none}}\n";

/* ---- page frame, shared with matrix.c ---------------------------------- */

void mr_html_begin(FILE *f, mp_slice title, const char *extra_css, bool with_script)
{
	char hash[45];
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
	      "script-src ",
	      f);
	if (with_script) {
		mr_sha256_b64(mr_html_script, strlen(mr_html_script), hash);
		fprintf(f, "'sha256-%s'", hash);
	} else {
		fputs("'none'", f);
	}
	fputs("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"referrer\" content=\"no-referrer\">\n<title>",
	      f);
	mr_esc_html(f, title);
	fputs("</title>\n<style>\n", f);
	fputs(css, f);
	if (extra_css != NULL)
		fputs(extra_css, f);
	fputs("</style>\n</head>\n<body>\n", f);
}

void mr_html_end(FILE *f, bool with_script)
{
	fputs("<footer class=\"meta\"><p>Written by mailprobe report. Every string above came "
	      "from a server or a capture and is shown escaped; invisible and invalid octets "
	      "appear as tokens: \\r \\n \\t \\0 \\xHH \\u{HHHH}.</p></footer>\n",
	      f);
	if (with_script) {
		fputs("<script>", f);
		fputs(mr_html_script, f);
		fputs("</script>\n", f);
	}
	fputs("</body>\n</html>\n", f);
}

void mr_html_bar(FILE *f, const mr_counts *c, int width)
{
	static const char *const colors[MR_NSTATUS] = { "#1a7f37", "#cf222e", "#9a6700",
							"#8250df" };
	static const mr_status order[] = { MR_PASS, MR_FAIL, MR_ERROR, MR_SKIP };
	fprintf(f, "<svg class=\"bar\" width=\"%d\" height=\"14\" viewBox=\"0 0 %d 14\" "
		   "role=\"img\" aria-label=\"%zu pass, %zu fail, %zu skip, %zu error\">"
		   "<title>%zu pass, %zu fail, %zu skip, %zu error</title>",
		width, width, c->v[MR_PASS], c->v[MR_FAIL], c->v[MR_SKIP], c->v[MR_ERROR],
		c->v[MR_PASS], c->v[MR_FAIL], c->v[MR_SKIP], c->v[MR_ERROR]);
	fprintf(f, "<rect width=\"%d\" height=\"14\" rx=\"3\" fill=\"#d0d7de\"/>", width);
	double x = 0;
	for (size_t k = 0; k < MP_ARRAY_LEN(order) && c->total > 0; k++) {
		double w = (double)width * (double)c->v[order[k]] / (double)c->total;
		if (w <= 0)
			continue;
		fprintf(f, "<rect x=\"%.2f\" width=\"%.2f\" height=\"14\" fill=\"%s\"/>", x, w,
			colors[order[k]]);
		x += w;
	}
	fputs("</svg>", f);
}

size_t mr_group_find(const mr_group *g, size_t n, mp_slice key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = mr_slice_cmp(g[mid].key, key);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return n;
}

/* ---- the report ------------------------------------------------------- */

static void donut(FILE *f, const mr_counts *c)
{
	static const char *const colors[MR_NSTATUS] = { "#1a7f37", "#cf222e", "#9a6700",
							"#8250df" };
	static const mr_status order[] = { MR_PASS, MR_FAIL, MR_ERROR, MR_SKIP };
	fprintf(f, "<svg class=\"donut\" width=\"120\" height=\"120\" viewBox=\"0 0 42 42\" "
		   "role=\"img\" aria-label=\"%zu of %zu checks passed\"><title>%zu of %zu checks "
		   "passed</title><circle cx=\"21\" cy=\"21\" r=\"15.915\" fill=\"none\" "
		   "stroke=\"#d0d7de\" stroke-width=\"6\"/>",
		c->v[MR_PASS], c->total, c->v[MR_PASS], c->total);
	double at = 0;
	for (size_t k = 0; k < MP_ARRAY_LEN(order) && c->total > 0; k++) {
		double pct = 100.0 * (double)c->v[order[k]] / (double)c->total;
		if (pct <= 0)
			continue;
		fprintf(f, "<circle cx=\"21\" cy=\"21\" r=\"15.915\" fill=\"none\" stroke=\"%s\" "
			   "stroke-width=\"6\" stroke-dasharray=\"%.3f %.3f\" "
			   "stroke-dashoffset=\"%.3f\"/>",
			colors[order[k]], pct, 100.0 - pct, 25.0 - at);
		at += pct;
	}
	unsigned pct = c->total ? (unsigned)(100.0 * (double)c->v[MR_PASS] / (double)c->total) : 0;
	fprintf(f, "<text x=\"21\" y=\"23.5\" text-anchor=\"middle\" font-size=\"8\" "
		   "font-weight=\"600\">%u%%</text></svg>\n",
		pct);
}

static void summary_table(FILE *f, const char *what, const mr_group *g, size_t n)
{
	fprintf(f, "<table class=\"sum\">\n<thead><tr><th>%s</th><th></th>"
		   "<th class=\"num\">pass</th><th class=\"num\">fail</th><th class=\"num\">skip</th>"
		   "<th class=\"num\">error</th><th class=\"num\">total</th></tr></thead>\n<tbody>\n",
		what);
	for (size_t i = 0; i < n; i++) {
		fputs("<tr><td class=\"id\">", f);
		mr_esc_html(f, g[i].key);
		fputs("</td><td>", f);
		mr_html_bar(f, &g[i].c, 240);
		fprintf(f, "</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
			   "<td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
			   "<td class=\"num\">%zu</td></tr>\n",
			g[i].c.v[MR_PASS], g[i].c.v[MR_FAIL], g[i].c.v[MR_SKIP], g[i].c.v[MR_ERROR],
			g[i].c.total);
	}
	fputs("</tbody>\n</table>\n", f);
}

/* transcript pieces as HTML */
static void h_line(void *ctx, uint64_t off)
{
	fprintf(ctx, "<span class=\"ln\">%llu</span>", (unsigned long long)off);
}

static void h_piece(void *ctx, mr_piece kind, mp_slice b, const char *tok)
{
	FILE *f = ctx;
	if (kind == MR_P_TEXT) {
		mr_esc_html(f, b);
	} else if (kind == MR_P_UTF8) {
		fputs("<span class=\"b8\" title=\"8-bit octets:", f);
		for (size_t i = 0; i < b.n; i++)
			fprintf(f, " %02X", b.p[i]);
		fputs("\">", f);
		mr_esc_html(f, b);
		fputs("</span>", f);
	} else {
		bool invalid = b.n == 1 && b.p[0] >= 0x80;
		fprintf(f, "<span class=\"tk%s\">", invalid ? " bad" : "");
		mr_esc_html_c(f, tok);
		fputs("</span>", f);
	}
}

static void h_eol(void *ctx) { fputc('\n', ctx); }

static void h_mark(void *ctx, bool on) { fputs(on ? "<mark>" : "</mark>", ctx); }

static void dd(FILE *f, const char *label, mp_slice v)
{
	if (v.p == NULL)
		return;
	fprintf(f, "<dt>%s</dt><dd>", label);
	mr_esc_html(f, v);
	fputs("</dd>", f);
}

/* anchor f-FILE-CHECK: the results file and the check's index in it */
static void fault_section(FILE *f, const mr_ref *r, size_t file)
{
	const mr_check *c = r->c;
	fprintf(f, "<article class=\"fault %s\" id=\"f-%zu-%zu\">\n<h3><span class=\"badge %s\">"
		   "%s</span> <span class=\"id\">",
		st_names[c->status], file, (size_t)(c - r->r->checks), st_names[c->status],
		st_names[c->status]);
	mr_esc_html(f, c->id);
	fputs("</span></h3>\n<dl>", f);
	dd(f, "message", c->message);
	dd(f, "title", c->title);
	dd(f, "ref", c->ref);
	dd(f, "level", c->level);
	dd(f, "target", mr_check_target(r->r, c));
	dd(f, "script", c->script);
	if (c->has_duration)
		fprintf(f, "<dt>duration</dt><dd>%.0f ms</dd>", c->duration_ms);
	fputs("</dl>\n", f);
	if (!c->has_transcript) {
		fputs("<p class=\"note\">No transcript in the results.</p>\n</article>\n", f);
		return;
	}
	mr_tx_out o = { f, h_line, h_piece, h_eol, h_mark };
	mr_tx_span sp;
	fputs("<pre class=\"tx\">", f);
	mr_transcript_walk(c, &o, &sp);
	fputs("</pre>\n", f);
	if (sp.before || sp.after)
		fprintf(f, "<p class=\"note\">Stream octets %llu to %llu shown; %zu octets of the "
			   "excerpt before and %zu after are left out.</p>\n",
			(unsigned long long)sp.from, (unsigned long long)sp.to, sp.before, sp.after);
	if (sp.faults_outside)
		fprintf(f, "<p class=\"note\">%zu offending range%s outside the excerpt.</p>\n",
			sp.faults_outside, sp.faults_outside == 1 ? " lies" : "s lie");
	fputs("</article>\n", f);
}

static void checkbox(FILE *f, const char *id, mp_slice label, size_t count)
{
	fprintf(f, "<label><input type=\"checkbox\" id=\"%s\" checked> ", id);
	mr_esc_html(f, label);
	fprintf(f, " (%zu)</label>\n", count);
}

mp_rc mr_render_html(FILE *f, const mr_results *rs, size_t nr, const mr_html_opts *o)
{
	mr_ref *v = NULL;
	mr_group *gp = NULL, *grfc = NULL, *gt = NULL;
	size_t n, ngp, ngrfc, ngt;
	mp_rc rc = MP_NOSPACE;
	mr_counts all = { 0 }, lv[MP_ARRAY_LEN(lv_ids)] = { { { 0 }, 0 } };
	char id[48];
	const char *title = o && o->title ? o->title : "mailprobe conformance report";

	if (mr_collect(rs, nr, &v, &n) != MP_OK ||
	    mr_group_by(rs, nr, mr_key_protocol, &gp, &ngp) != MP_OK ||
	    mr_group_by(rs, nr, mr_key_rfc, &grfc, &ngrfc) != MP_OK ||
	    mr_group_by(rs, nr, mr_key_target, &gt, &ngt) != MP_OK)
		goto out;
	for (size_t i = 0; i < n; i++) {
		mr_count(&all, v[i].c->status);
		mr_count(&lv[mr_level_rank(v[i].c->level)], v[i].c->status);
	}

	/* CSS :has() filters: fixed words and indexes only */
	size_t cap = 4096 + ngp * 96;
	char *fcss = malloc(cap);
	if (fcss == NULL)
		goto out;
	size_t used = 0;
	for (size_t k = 0; k < MR_NSTATUS; k++)
		used += (size_t)snprintf(fcss + used, cap - used,
					 "body:has(#fs-%s:not(:checked)) tr.st-%s{display:none}\n",
					 st_names[k], st_names[k]);
	for (size_t k = 0; k < MP_ARRAY_LEN(lv_ids); k++)
		used += (size_t)snprintf(fcss + used, cap - used,
					 "body:has(#fl-%s:not(:checked)) tr.lv-%s{display:none}\n",
					 lv_ids[k], lv_ids[k]);
	for (size_t k = 0; k < ngp; k++)
		used += (size_t)snprintf(fcss + used, cap - used,
					 "body:has(#fp-%zu:not(:checked)) tr.pr-%zu{display:none}\n", k,
					 k);
	mr_html_begin(f, MP_SLICE(title, strlen(title)), fcss, true);
	free(fcss);

	/* header */
	fputs("<header>\n<h1>", f);
	mr_esc_html_c(f, title);
	fprintf(f, "</h1>\n<p class=\"meta\">%zu checks, %zu target%s, from ", all.total, ngt,
		ngt == 1 ? "" : "s");
	for (size_t i = 0; i < nr; i++) {
		fputs(i ? ", " : "", f);
		fputs("<code>", f);
		mr_esc_html_c(f, rs[i].name ? rs[i].name : "-");
		fputs("</code>", f);
		if (rs[i].started.p != NULL) {
			fputs(" (", f);
			mr_esc_html(f, rs[i].started);
			fputs(")", f);
		}
	}
	fputs("</p>\n</header>\n", f);

	/* summary */
	fputs("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n", f);
	donut(f, &all);
	static const mr_status card_order[] = { MR_FAIL, MR_ERROR, MR_PASS, MR_SKIP };
	static const char *const card_words[MR_NSTATUS] = { "passed", "failed", "skipped",
							    "errors" };
	for (size_t k = 0; k < MP_ARRAY_LEN(card_order); k++) {
		mr_status s = card_order[k];
		fprintf(f, "<div class=\"card %s\"><span class=\"n\" id=\"count-%s\">%zu</span>%s</div>\n",
			st_names[s], st_names[s], all.v[s], card_words[s]);
	}
	fprintf(f, "<div class=\"card\"><span class=\"n\" id=\"count-total\">%zu</span>checks</div>\n"
		   "</div>\n",
		all.total);
	fputs("<h2>By protocol</h2>\n", f);
	summary_table(f, "protocol", gp, ngp);
	fputs("<h2>By RFC</h2>\n", f);
	summary_table(f, "RFC", grfc, ngrfc);
	if (ngt > 1) {
		fputs("<h2>By target</h2>\n", f);
		summary_table(f, "target", gt, ngt);
	}
	fputs("</section>\n", f);

	/* the checks, worst first, with the filters */
	mr_sort_worst_first(v, n);
	fputs("<section id=\"checks\">\n<h2>Checks</h2>\n<form class=\"filters\" id=\"filters\">\n"
	      "<fieldset><legend>Status</legend>\n", f);
	for (size_t k = 0; k < MR_NSTATUS; k++) {
		snprintf(id, sizeof id, "fs-%s", st_names[k]);
		checkbox(f, id, MP_SLICE(st_names[k], strlen(st_names[k])), all.v[k]);
	}
	fputs("</fieldset>\n<fieldset><legend>Level</legend>\n", f);
	for (size_t k = 0; k < MP_ARRAY_LEN(lv_ids); k++) {
		if (lv[k].total == 0)
			continue;
		snprintf(id, sizeof id, "fl-%s", lv_ids[k]);
		checkbox(f, id, MP_SLICE(lv_names[k], strlen(lv_names[k])), lv[k].total);
	}
	fputs("</fieldset>\n<fieldset><legend>Protocol</legend>\n", f);
	for (size_t k = 0; k < ngp; k++) {
		snprintf(id, sizeof id, "fp-%zu", k);
		checkbox(f, id, gp[k].key, gp[k].c.total);
	}
	fprintf(f, "</fieldset>\n</form>\n<p id=\"shown\">%zu checks</p>\n", n);
	fputs("<table id=\"checks-table\">\n<thead><tr><th>status</th><th>check</th>"
	      "<th>protocol</th><th>level</th><th>ref</th><th>target</th><th>message</th>"
	      "<th class=\"num\">ms</th></tr></thead>\n<tbody>\n", f);
	for (size_t i = 0; i < n; i++) {
		const mr_check *c = v[i].c;
		mp_slice proto = mr_check_protocol(c);
		size_t pi = mr_group_find(gp, ngp, proto);
		int li = mr_level_rank(c->level);
		size_t idx = (size_t)(c - v[i].r->checks); /* stable anchor: file, check */
		size_t file = (size_t)(v[i].r - rs);
		fprintf(f, "<tr class=\"st-%s lv-%s pr-%zu\" data-f=\"fs-%s fl-%s fp-%zu\">"
			   "<td><span class=\"badge %s\">%s</span></td><td class=\"id\">",
			st_names[c->status], lv_ids[li], pi, st_names[c->status], lv_ids[li], pi,
			st_names[c->status], st_names[c->status]);
		bool linked = c->status == MR_FAIL || c->status == MR_ERROR;
		if (linked)
			fprintf(f, "<a href=\"#f-%zu-%zu\">", file, idx);
		mr_esc_html(f, c->id);
		fputs(linked ? "</a></td><td>" : "</td><td>", f);
		mr_esc_html(f, proto);
		fputs("</td><td>", f);
		mr_esc_html(f, c->level);
		fputs("</td><td>", f);
		mr_esc_html(f, c->ref);
		fputs("</td><td>", f);
		mr_esc_html(f, mr_check_target(v[i].r, c));
		fputs("</td><td>", f);
		mr_esc_html(f, c->message);
		fputs("</td><td class=\"num\">", f);
		if (c->has_duration)
			fprintf(f, "%.0f", c->duration_ms);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody>\n</table>\n</section>\n", f);

	/* a section per failed check */
	size_t bad = all.v[MR_FAIL] + all.v[MR_ERROR];
	fprintf(f, "<section id=\"failures\">\n<h2>Failures and errors (%zu)</h2>\n", bad);
	if (bad == 0)
		fputs("<p>No check failed.</p>\n", f);
	else
		fputs("<p class=\"legend\"><span><mark>offending octets</mark></span>"
		      "<span><span class=\"tk\">\\r</span> an invisible octet</span>"
		      "<span><span class=\"tk bad\">\\xFF</span> not UTF-8</span>"
		      "<span><span class=\"b8\">&#xfc;</span> 8-bit (UTF-8)</span>"
		      "<span>the left column: stream offset of the line</span></p>\n", f);
	for (size_t i = 0; i < n && i < bad; i++)
		fault_section(f, &v[i], (size_t)(v[i].r - rs));
	fputs("</section>\n", f);
	mr_html_end(f, true);
	rc = MP_OK;
out:
	free(v);
	free(gp);
	free(grfc);
	free(gt);
	return rc;
}
