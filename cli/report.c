/* report.c: `mailprobe report FORMAT RESULTS...`, results.json rendered
 * as HTML, Markdown, JUnit XML, a target matrix, or a diff of two runs.
 * Flags, files and exit codes only; the renderers live in reports/. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../reports/report.h"

#define EXIT_OK 0
#define EXIT_REGRESSED 1
#define EXIT_USAGE 2
#define EXIT_UNREADABLE 3

#define INPUTS_MAX 64

enum fmt { F_HTML, F_MARKDOWN, F_JUNIT, F_MATRIX, F_DIFF };

static const struct format {
	const char *name;
	enum fmt fmt;
	const char *args;
	const char *help;
} formats[] = {
	{ "html", F_HTML, "RESULTS... [-o FILE] [--title TEXT]",
	  "one self-contained HTML page: summaries, charts, a filterable table,\n"
	  "                 each failure with its transcript" },
	{ "markdown", F_MARKDOWN, "RESULTS... [-o FILE] [--max N]",
	  "a compact summary for a CI job or a pull request, failures first\n"
	  "                 (at most N of them, default 30)" },
	{ "junit", F_JUNIT, "RESULTS... [-o FILE]",
	  "JUnit XML: a testsuite per script, a testcase per check" },
	{ "matrix", F_MATRIX, "RESULTS... [-o FILE] [--markdown] [--max N]",
	  "targets side by side, a row per check (HTML; --markdown: Markdown)" },
	{ "diff", F_DIFF, "OLD NEW [-o FILE]",
	  "regressed, fixed, appeared and vanished checks; exit 1 on a regression" },
};

static void usage(FILE *f)
{
	fputs("usage: mailprobe report FORMAT ARGS...\n\nFormats:\n", f);
	for (size_t i = 0; i < MP_ARRAY_LEN(formats); i++)
		fprintf(f, "  %-8s %s\n           %s\n", formats[i].name, formats[i].args,
			formats[i].help);
	fputs("\nRESULTS are results.json files (reports/SCHEMA.md); '-' is stdin.\n"
	      "Output goes to stdout unless -o FILE is given.\n"
	      "Exit: 0 written, 1 diff found a regression, 2 usage error,\n"
	      "3 a results file could not be read or the output not written.\n", f);
}

/* Output: stdout, or FILE written through FILE.tmp and renamed, so a
 * failed run never leaves half a report under the real name. */
struct out {
	FILE *f;
	const char *path;
	char *tmp;
};

static int out_open(struct out *o, const char *path)
{
	o->path = path;
	o->tmp = NULL;
	if (path == NULL || strcmp(path, "-") == 0) {
		o->f = stdout;
		o->path = NULL;
		return EXIT_OK;
	}
	size_t n = strlen(path) + 5;
	o->tmp = malloc(n);
	if (o->tmp == NULL)
		return EXIT_UNREADABLE;
	snprintf(o->tmp, n, "%s.tmp", path);
	o->f = fopen(o->tmp, "wb");
	if (o->f == NULL) {
		fprintf(stderr, "mailprobe report: %s: %s\n", o->tmp, strerror(errno));
		free(o->tmp);
		return EXIT_UNREADABLE;
	}
	return EXIT_OK;
}

static int out_close(struct out *o, bool ok)
{
	int rc = EXIT_OK;
	if (o->f == stdout) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			fprintf(stderr, "mailprobe report: write error on stdout\n");
			rc = EXIT_UNREADABLE;
		}
		return rc;
	}
	if (ferror(o->f) || fclose(o->f) != 0) {
		fprintf(stderr, "mailprobe report: write error on %s\n", o->tmp);
		ok = false;
		rc = EXIT_UNREADABLE;
	}
	if (ok && rename(o->tmp, o->path) != 0) {
		fprintf(stderr, "mailprobe report: %s: %s\n", o->path, strerror(errno));
		rc = EXIT_UNREADABLE;
	}
	if (rc != EXIT_OK || !ok)
		remove(o->tmp);
	free(o->tmp);
	return rc;
}

static bool parse_count(const char *s, size_t *v_r)
{
	mp_slice sl = MP_SLICE(s, strlen(s));
	uint64_t v;
	if (mp_slice_u64(sl, 9, &v) != MP_OK || v == 0)
		return false;
	*v_r = (size_t)v;
	return true;
}

int cmd_report(int argc, char **argv); /* called by mailprobe.c */
int cmd_report(int argc, char **argv)
{
	const struct format *fm = NULL;
	const char *outp = NULL, *title = NULL, *in[INPUTS_MAX];
	size_t nin = 0, max_rows = 0;
	bool md = false;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < MP_ARRAY_LEN(formats); i++)
		if (strcmp(argv[1], formats[i].name) == 0)
			fm = &formats[i];
	if (fm == NULL) {
		fprintf(stderr, "mailprobe report: unknown format '%s'\n", argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		bool has_val = i + 1 < argc;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			printf("usage: mailprobe report %s %s\n  %s\n", fm->name, fm->args, fm->help);
			return EXIT_OK;
		} else if (strcmp(a, "-o") == 0 && has_val) {
			outp = argv[++i];
		} else if (strcmp(a, "--title") == 0 && has_val && fm->fmt == F_HTML) {
			title = argv[++i];
		} else if (strcmp(a, "--max") == 0 && has_val &&
			   (fm->fmt == F_MARKDOWN || fm->fmt == F_MATRIX)) {
			if (!parse_count(argv[++i], &max_rows)) {
				fprintf(stderr, "mailprobe report: --max wants a number > 0\n");
				return EXIT_USAGE;
			}
		} else if (strcmp(a, "--markdown") == 0 && fm->fmt == F_MATRIX) {
			md = true;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "mailprobe report %s: unknown option or missing value '%s'\n",
				fm->name, a);
			return EXIT_USAGE;
		} else if (nin == INPUTS_MAX) {
			fprintf(stderr, "mailprobe report: more than %d results files\n", INPUTS_MAX);
			return EXIT_USAGE;
		} else {
			in[nin++] = a;
		}
	}
	if (nin == 0 || (fm->fmt == F_DIFF && nin != 2)) {
		fprintf(stderr, "usage: mailprobe report %s %s\n", fm->name, fm->args);
		return EXIT_USAGE;
	}

	mr_results *rs = calloc(nin, sizeof *rs);
	if (rs == NULL)
		return EXIT_UNREADABLE;
	int rc = EXIT_OK;
	size_t loaded = 0;
	for (; loaded < nin; loaded++) {
		rj_error err;
		if (mr_load_file(in[loaded], &rs[loaded], &err) != MP_OK) {
			fprintf(stderr, "mailprobe report: %s: byte %llu: %s\n", in[loaded],
				(unsigned long long)err.off, err.msg);
			rc = EXIT_UNREADABLE;
			break;
		}
	}
	struct out o;
	if (rc == EXIT_OK)
		rc = out_open(&o, outp);
	if (rc == EXIT_OK) {
		mp_rc r = MP_OK;
		mr_diff_counts dc = { 0 };
		mr_html_opts ho = { .title = title };
		switch (fm->fmt) {
		case F_HTML: r = mr_render_html(o.f, rs, nin, &ho); break;
		case F_MARKDOWN: r = mr_render_markdown(o.f, rs, nin, max_rows); break;
		case F_JUNIT: r = mr_render_junit(o.f, rs, nin); break;
		case F_MATRIX:
			r = md ? mr_render_matrix_md(o.f, rs, nin, max_rows)
			       : mr_render_matrix_html(o.f, rs, nin);
			break;
		case F_DIFF: r = mr_render_diff(o.f, &rs[0], &rs[1], &dc); break;
		}
		if (r != MP_OK)
			fprintf(stderr, "mailprobe report: out of memory\n");
		rc = out_close(&o, r == MP_OK);
		if (r != MP_OK)
			rc = EXIT_UNREADABLE;
		if (rc == EXIT_OK && fm->fmt == F_DIFF && dc.regressed > 0)
			rc = EXIT_REGRESSED;
		if (rc == EXIT_OK && o.path != NULL && fm->fmt != F_DIFF)
			fprintf(stderr, "mailprobe report: wrote %s\n", o.path);
	}
	for (size_t i = 0; i < loaded; i++)
		mr_free(&rs[i]);
	free(rs);
	return rc;
}
