/* fuzz_results_json: the results.json reader (reports/rjson.c, results.c)
 * and every renderer over what it accepts. Properties: an error names an
 * offset inside the input (or its end); an accepted file renders in every
 * format; the HTML page holds exactly one <script> and the matrix none;
 * no output holds a control byte but LF, or a '<' that opens an element
 * not ours (hostile bytes are always escaped).
 *
 * fuzz/build.sh links the parser library only; the reports are not in it,
 * so their sources are included here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../reports/common.c"
#include "../reports/diff.c"
#include "../reports/escape.c"
#include "../reports/html.c"
#include "../reports/junit.c"
#include "../reports/markdown.c"
#include "../reports/matrix.c"
#include "../reports/results.c"
#include "../reports/rjson.c"
#include "../reports/sha256.c"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_results_json: property broken: %s\n", what);
	abort();
}

static size_t count(const char *hay, size_t n, const char *needle)
{
	size_t c = 0, k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			c++;
	return c;
}

static void no_controls(const char *p, size_t n, const char *what)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 && p[i] != '\n')
			die(what);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	mr_results r;
	rj_error e;
	mp_rc rc = mr_load(d, n, "fuzz.json", &r, &e);
	if (rc != MP_OK) {
		if (e.off > n || e.msg[0] == '\0')
			die("error offset outside the input or no message");
		return 0;
	}
	for (int fmt = 0; fmt < 5; fmt++) {
		char *p = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&p, &len);
		mr_diff_counts dc;
		if (f == NULL)
			return 0;
		switch (fmt) {
		case 0: mr_render_html(f, &r, 1, NULL); break;
		case 1: mr_render_junit(f, &r, 1); break;
		case 2: mr_render_markdown(f, &r, 1, 5); break;
		case 3: mr_render_matrix_html(f, &r, 1); break;
		default: mr_render_diff(f, &r, &r, &dc); break;
		}
		fclose(f);
		no_controls(p, len, "a control byte in the output");
		if (fmt == 0 && (count(p, len, "<script") != 1 || count(p, len, "<img") != 0))
			die("html: a script or an element not ours");
		if (fmt == 3 && count(p, len, "<script") != 0)
			die("matrix: a script");
		if (fmt == 1 && (count(p, len, "<script") != 0 || count(p, len, "]]>") != 0))
			die("junit: markup not ours");
		if (fmt == 4 && (dc.regressed || dc.fixed || dc.appeared || dc.vanished || dc.changed))
			die("diff of a file with itself is not empty");
		free(p);
	}
	mr_free(&r);
	return 0;
}
