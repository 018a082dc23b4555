/* test_mimetree.c: the MIME part tree walker.
 * Every case runs whole, byte by byte and split at every offset (buffers
 * end at a PROT_NONE page) with decoding on, and the event logs must
 * agree; the tree summary and the diags are compared with the table.
 * The shared corpora (../shared/corpora/messages) are walked too: no
 * crash, split invariance on the small ones, and the tree of each message
 * against tests/golden/mimetree/corpus.txt (counts of parts, types,
 * decoded sizes; made by tools/gmime-tree.c and checked by hand where we
 * differ from GMime, see the notes in that file). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "feed.h"
#include "mailprobe/mimetree.h"

#define DV 512

struct cx {
	mp_mt_opts o;
	mp_mimetree w;
	mp_diag dv[DV];
	mp_diags d;
	size_t ocap;
	/* body merge */
	int cur; /* event kind being merged, or -1 */
	mpt_log raw, dec;
	mpt_log tree; /* compact summary */
};

static void flush(struct cx *x, mpt_log *log)
{
	if (x->cur < 0)
		return;
	mpt_log_printf(log, "%s raw=", mp_mt_kind_name((mp_mt_kind)x->cur));
	mpt_log_bytes(log, x->raw.p, x->raw.n);
	if (x->cur == MP_MT_BODY) {
		mpt_log_printf(log, " dec=");
		mpt_log_bytes(log, x->dec.p, x->dec.n);
	}
	mpt_log_printf(log, "\n");
	x->raw.n = x->dec.n = 0;
	x->cur = -1;
}

static void cx_reset(void *c)
{
	struct cx *x = c;
	mp_diags_init(&x->d, x->dv, DV);
	mp_mimetree_init(&x->w, &x->o, 0);
	x->cur = -1;
	x->raw.n = x->dec.n = x->tree.n = 0;
}

static void log_event(struct cx *x, const mp_mt_event *ev, mpt_log *log)
{
	const mp_mt_part *p = ev->part;
	switch (ev->kind) {
	case MP_MT_BODY:
	case MP_MT_PREAMBLE:
	case MP_MT_EPILOGUE:
		if (x->cur != (int)ev->kind)
			flush(x, log);
		x->cur = (int)ev->kind;
		mpt_log_bytes(&x->raw, ev->raw.p, ev->raw.n);
		if (ev->kind == MP_MT_BODY)
			mpt_log_bytes(&x->dec, ev->dec.p, ev->dec.n);
		return;
	default:
		break;
	}
	flush(x, log);
	switch (ev->kind) {
	case MP_MT_FIELD:
		mpt_log_printf(log, "field @%llu %s ", (unsigned long long)ev->off,
			       ev->field.kind == MP_RFC5322_JUNK ? "junk" : "ok");
		mpt_log_bytes(log, ev->field.name.p, ev->field.name.n);
		mpt_log_printf(log, "\n");
		break;
	case MP_MT_PART_BEGIN:
		mpt_log_printf(log, "begin #%u d%u @%llu body@%llu %s/%s cs=%s cte=%s %s\n",
			       p->id, p->depth, (unsigned long long)p->off,
			       (unsigned long long)p->body_off, p->type,
			       p->subtype, p->charset, mp_mt_cte_name(p->cte),
			       mp_mt_shape_name(p->shape));
		if (p->id > 0)
			mpt_log_printf(&x->tree, " ");
		mpt_log_printf(&x->tree, "%s/%s", p->type, p->subtype);
		if (p->shape != MP_MT_LEAF)
			mpt_log_printf(&x->tree, "[");
		break;
	case MP_MT_PART_END:
		mpt_log_printf(log, "end #%u @%llu raw=%llu dec=%llu kids=%u closed=%d\n",
			       p->id, (unsigned long long)p->end_off,
			       (unsigned long long)p->raw_size,
			       (unsigned long long)p->dec_size, p->children,
			       p->closed);
		if (p->shape != MP_MT_LEAF)
			mpt_log_printf(&x->tree, "]");
		else
			mpt_log_printf(&x->tree, "=%llu", (unsigned long long)p->dec_size);
		break;
	default:
		mpt_log_printf(log, "END @%llu\n", (unsigned long long)ev->off);
		break;
	}
}

static size_t cx_feed(void *c, const uint8_t *buf, size_t len, bool eof,
		      mpt_log *log)
{
	struct cx *x = c;
	size_t used = 0;
	uint8_t *out = malloc(x->ocap);
	for (;;) {
		mp_mt_event ev;
		size_t u;
		mp_rc rc = mp_mimetree_next(&x->w, buf + used, len - used, eof,
					    out, x->ocap, &ev, &u, &x->d);
		assert_true(u <= len - used);
		used += u;
		if (rc != MP_OK) {
			assert_int_equal(rc, MP_NEED_MORE);
			break;
		}
		log_event(x, &ev, log);
	}
	free(out);
	if (eof) {
		flush(x, log);
		assert_true(x->w.done);
		for (size_t i = 0; i < x->d.n; i++)
			mpt_log_printf(log, "diag %llu %s\n",
				       (unsigned long long)x->dv[i].offset,
				       mp_rule_name(x->dv[i].rule));
	}
	return used;
}

/* Walks in[0..n) whole; fills x (tree, diags). */
static void walk_whole(struct cx *x, const uint8_t *in, size_t n, mpt_log *log)
{
	cx_reset(x);
	size_t u = cx_feed(x, in, n, true, log);
	assert_int_equal(u, n);
}

static char *diag_list(const mp_diags *d)
{
	mpt_log l = { 0 };
	for (size_t i = 0; i < d->n; i++)
		mpt_log_printf(&l, "%s%s@%llu", i ? " " : "",
			       mp_rule_name(d->v[i].rule),
			       (unsigned long long)d->v[i].offset);
	mpt_log_printf(&l, "%s", "");
	return l.p;
}

struct tcase {
	const char *name;
	const char *in;
	const char *tree;   /* the summary */
	const char *diags;  /* rule@offset, space separated, in push order;
	                       NULL: not checked */
	unsigned depth;
};

#define HDR "From: a@example.org\r\nDate: Fri, 21 Nov 1997 09:55:06 -0600\r\nMessage-ID: <1@x>\r\n"
#define MIX(b) HDR "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"" b "\"\r\n\r\n"

static const struct tcase cases[] = {
	{ "plain", HDR "\r\nhello\r\n", "text/plain=7", "", 0 },
	{ "no body", HDR, "text/plain=0", "", 0 },
	{ "base64 leaf", HDR "Content-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n",
	  "text/plain=5", "", 0 },
	{ "qp leaf", HDR "Content-Transfer-Encoding: quoted-printable\r\n"
	  "Content-Type: text/plain; charset=utf-8\r\n\r\na=3Db=\r\nc\r\n",
	  "text/plain=6", "", 0 },
	{ "multipart", MIX("xx") "pre\r\n--xx\r\n\r\none\r\n--xx\r\n"
	  "Content-Type: text/html\r\n\r\n<b>two</b>\r\n--xx--\r\nepi\r\n",
	  "multipart/mixed[ text/plain=3 text/html=10]", "", 0 },
	{ "empty preamble, padding", MIX("b") "--b  \r\n\r\none\r\n--b--\t\r\n",
	  "multipart/mixed[ text/plain=3]",
	  "MIMETREE_DELIM_PADDING@145 MIMETREE_DELIM_PADDING@159", 0 },
	{ "close missing", MIX("b") "--b\r\n\r\none\r\n",
	  "multipart/mixed[ text/plain=5]",
	  "MIMETREE_CLOSE_MISSING@157", 0 },
	{ "no parts", MIX("b") "just text\r\n--b--\r\n",
	  "multipart/mixed[]", "MIMETREE_NO_PARTS@156", 0 },
	{ "nested", MIX("o") "--o\r\nContent-Type: multipart/alternative; boundary=i\r\n\r\n"
	  "--i\r\n\r\na\r\n--i\r\nContent-Type: text/html\r\n\r\nb\r\n--i--\r\n"
	  "--o\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
	  "AAEC\r\n--o--\r\n",
	  "multipart/mixed[ multipart/alternative[ text/plain=1 text/html=1] application/octet-stream=3]",
	  "", 0 },
	{ "outer ends inner", MIX("o") "--o\r\nContent-Type: multipart/alternative; boundary=i\r\n\r\n"
	  "--i\r\n\r\na\r\n--o--\r\n",
	  "multipart/mixed[ multipart/alternative[ text/plain=1]]",
	  "MIMETREE_CLOSE_MISSING@211", 0 },
	{ "depth limit", MIX("o") "--o\r\nContent-Type: multipart/alternative; boundary=i\r\n\r\n"
	  "--i\r\n\r\na\r\n--i--\r\n--o--\r\n",
	  "multipart/mixed[ multipart/alternative=15]", "MIMETREE_DEPTH@150", 1 },
	{ "rfc822", MIX("o") "--o\r\nContent-Type: message/rfc822\r\n\r\n"
	  "From: b@example.org\r\nDate: Fri, 21 Nov 1997 09:55:06 -0600\r\nMessage-ID: <2@x>\r\n"
	  "Subject: inner\r\n\r\nbody\r\n--o--\r\n",
	  "multipart/mixed[ message/rfc822[ text/plain=4]]", "", 0 },
	{ "digest default", HDR "MIME-Version: 1.0\r\nContent-Type: multipart/digest; boundary=d\r\n\r\n"
	  "--d\r\n\r\nFrom: c@example.org\r\nDate: Fri, 21 Nov 1997 09:55:06 -0600\r\nMessage-ID: <3@x>\r\n\r\nx\r\n--d--\r\n",
	  "multipart/digest[ message/rfc822[ text/plain=1]]", "", 0 },
	{ "boundary missing", HDR "Content-Type: multipart/mixed\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n",
	  "multipart/mixed=17", "MIME_BOUNDARY_MISSING@92", 0 },
	{ "header unended", MIX("b") "--b\r\nContent-Type: text/plain\r\n--b--\r\n",
	  "multipart/mixed[ text/plain=0]", "MIMETREE_HEADER_UNENDED@176", 0 },
	{ "bare LF", "From: a@b\nDate: Fri, 21 Nov 1997 09:55:06 -0600\nMessage-ID: <1@x>\n"
	  "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n--b--\n",
	  "multipart/mixed[ text/plain=1]", NULL, 0 },
	{ "not a delimiter", MIX("b") "--b\r\n\r\n--bx\r\n--b -\r\n---b\r\n--b--\r\n",
	  "multipart/mixed[ text/plain=17]", "", 0 },
	{ "delimiter at eof", MIX("b") "--b\r\n\r\nx\r\n--b--",
	  "multipart/mixed[ text/plain=1]", "", 0 },
	{ "7bit with 8-bit octets", HDR "\r\nh\xc3\xa9\r\n", "text/plain=5",
	  "MIMETREE_7BIT_HIGH@82", 0 },
	{ "8bit with NUL", HDR "Content-Transfer-Encoding: 8bit\r\n\r\na\0b\r\n",
	  "text/plain=5", "MIMETREE_NOT_LINES@115", 0 },
	{ "bad base64", HDR "Content-Transfer-Encoding: base64\r\n\r\naGV*sbG8=\r\n",
	  "text/plain=5", "B64_JUNK@119", 0 },
	{ "composite encoded", MIX("b") "--b\r\nContent-Type: message/rfc822\r\n"
	  "Content-Transfer-Encoding: base64\r\n\r\nRnJvbTogYQ0KDQp4\r\n--b--\r\n",
	  "multipart/mixed[ message/rfc822=12]", "MIME_CTE_COMPOSITE@150", 0 },
	{ "unknown cte", HDR "Content-Transfer-Encoding: gzip\r\n\r\nabc\r\n",
	  "text/plain=5", "MIME_CTE_UNKNOWN@106", 0 },
	{ "bad ctype", HDR "Content-Type: text\r\n\r\nabc\r\n",
	  "text/plain=5", "MIME_TYPE_SYNTAX@97", 0 },
	{ "comment and quoted boundary", HDR "Content-Type: (c) multipart/mixed (x); "
	  "boundary=\"a b\\\"c\" ; charset=x\r\n\r\n--a b\"c\r\n\r\nz\r\n--a b\"c--\r\n",
	  "multipart/mixed[ text/plain=1]", "MIME_BOUNDARY_SYNTAX@127", 0 },
	{ "boundary prefix", MIX("ab") "--ab\r\nContent-Type: multipart/mixed; boundary=abc\r\n\r\n"
	  "--abc\r\n\r\nz\r\n--abc--\r\n--ab--\r\n",
	  "multipart/mixed[ multipart/mixed[ text/plain=1]]", "MIMETREE_BOUNDARY_PREFIX@152", 0 },
	{ "unquoted boundary past a token", HDR "Content-Type: multipart/alternative; boundary=----=_Next.1\r\n\r\n"
	  "------=_Next.1\r\n\r\nz\r\n------=_Next.1--\r\n",
	  "multipart/alternative[ text/plain=1]", "MIME_PARAM_SYNTAX@114", 0 },
	{ "rfc2231 boundary", HDR "Content-Type: multipart/signed; boundary*=\"us-ascii'en'a%42c\"\r\n\r\n"
	  "--aBc\r\n\r\nz\r\n--aBc--\r\n",
	  "multipart/signed[ text/plain=1]", "", 0 },
	{ "own delimiter ends the header", MIX("o") "--o\r\nContent-Type: multipart/mixed; boundary=i\r\n"
	  "--i\r\n\r\nx\r\n--i--\r\n--o--\r\n",
	  "multipart/mixed[ multipart/mixed[ text/plain=1]]", "MIMETREE_HEADER_UNENDED@193", 0 },
};

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < MP_ARRAY_LEN(cases); i++) {
		const struct tcase *t = &cases[i];
		size_t n = strlen(t->in);
		if (strcmp(t->name, "8bit with NUL") == 0) /* past the NUL */
			n += 1 + strlen(t->in + n + 1);
		for (size_t oc = 0; oc < 2; oc++) {
			struct cx *x = calloc(1, sizeof(*x));
			x->o.flags = MP_MT_DECODE | MP_MT_VALIDATE;
			x->o.max_depth = t->depth;
			x->ocap = oc ? MP_MT_OUT_MIN : 4096;
			mpt_reader r = { cx_reset, cx_feed, x };
			mpt_log whole = { 0 };
			char *err = mpt_check_splits(&r, (const uint8_t *)t->in, n,
						     4096, true, &whole);
			if (err)
				fail_msg("%s: %s\n%s", t->name, err, whole.p);
			mpt_log l2 = { 0 };
			walk_whole(x, (const uint8_t *)t->in, n, &l2);
			mpt_log_printf(&x->tree, "%s", "");
			if (strcmp(x->tree.p, t->tree) != 0 && !getenv("MP_CASES_PRINT"))
				fail_msg("%s: tree got %s, want %s\n%s", t->name,
					 x->tree.p, t->tree, l2.p);
			if (t->diags) {
				char *dl = diag_list(&x->d);
				if (getenv("MP_CASES_PRINT"))
					printf("%s\t%s\t%s\n", t->name, x->tree.p, dl);
				else if (strcmp(dl, t->diags) != 0)
					fail_msg("%s: diags got '%s', want '%s'\n%s",
						 t->name, dl, t->diags, l2.p);
				free(dl);
			}
			mpt_log_free(&l2);
			mpt_log_free(&whole);
			mpt_log_free(&x->raw);
			mpt_log_free(&x->dec);
			mpt_log_free(&x->tree);
			free(x);
		}
	}
}

/* Offsets start where init says. */
static void test_base_offset(void **state)
{
	(void)state;
	static const char in[] = MIX("b") "--b\r\n\r\none\r\n";
	struct cx *x = calloc(1, sizeof(*x));
	x->ocap = 4096;
	mp_diags_init(&x->d, x->dv, DV);
	mp_mimetree_init(&x->w, NULL, 1000);
	mpt_log l = { 0 };
	cx_feed(x, (const uint8_t *)in, sizeof(in) - 1, true, &l);
	assert_int_equal(x->d.n, 1);
	assert_int_equal(x->dv[0].offset, 1000 + sizeof(in) - 1);
	assert_int_equal(x->dv[0].rule, MP_R_MIMETREE_CLOSE_MISSING);
	mpt_log_free(&l);
	mpt_log_free(&x->raw);
	mpt_log_free(&x->dec);
	mpt_log_free(&x->tree);
	free(x);
}

/* Deep nesting far past the limit stays bounded and reports once. */
static void test_deep(void **state)
{
	(void)state;
	mpt_log in = { 0 };
	mpt_log_printf(&in, "Content-Type: multipart/mixed; boundary=b0\r\n\r\n");
	for (int i = 1; i < 200; i++)
		mpt_log_printf(&in, "--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n",
			       i - 1, i);
	struct cx *x = calloc(1, sizeof(*x));
	x->ocap = 4096;
	x->o.max_depth = 100; /* clamped to MP_MT_DEPTH_HARD */
	mpt_log l = { 0 };
	walk_whole(x, (const uint8_t *)in.p, in.n, &l);
	assert_true(mp_diags_has(&x->d, MP_R_MIMETREE_DEPTH));
	mpt_log_free(&l);
	mpt_log_free(&in);
	mpt_log_free(&x->raw);
	mpt_log_free(&x->dec);
	mpt_log_free(&x->tree);
	free(x);
}

/* ---- the corpora -------------------------------------------------------- */

static uint8_t *slurp(const char *path, size_t *n_r)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *p = malloc((size_t)sz + 1);
	*n_r = fread(p, 1, (size_t)sz, f);
	fclose(f);
	return p;
}

struct golden {
	char *text;
};

/* The golden line for name: "name<TAB>tree", or NULL. */
static const char *golden_find(const char *g, const char *name, size_t *len_r)
{
	size_t nl = strlen(name);
	for (const char *p = g; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t ll = e ? (size_t)(e - p) : strlen(p);
		if (ll > nl && memcmp(p, name, nl) == 0 && p[nl] == '\t') {
			*len_r = ll - nl - 1;
			return p + nl + 1;
		}
		p = e ? e + 1 : NULL;
	}
	return NULL;
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk_dir(const char *root, const char *rel, char ***names,
		     size_t *n, size_t *cap)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	DIR *dir = opendir(path);
	if (!dir)
		return;
	struct dirent *de;
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char sub[4096];
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		char full[8192];
		snprintf(full, sizeof(full), "%s/%s", root, sub);
		struct stat st;
		if (stat(full, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			walk_dir(root, sub, names, n, cap);
		} else {
			if (*n == *cap) {
				*cap = *cap ? *cap * 2 : 64;
				*names = realloc(*names, *cap * sizeof(char *));
			}
			(*names)[(*n)++] = strdup(sub);
		}
	}
	closedir(dir);
}

static void test_corpora(void **state)
{
	(void)state;
	const char *src = getenv("MP_SRCDIR");
	char root[4096], gpath[4096];
	snprintf(root, sizeof(root), "%s/corpora/shared/messages", src ? src : ".");
	snprintf(gpath, sizeof(gpath), "%s/tests/golden/mimetree/corpus.txt",
		 src ? src : ".");
	char **names = NULL;
	size_t n = 0, cap = 0;
	walk_dir(root, "", &names, &n, &cap);
	if (n == 0) {
		print_message("corpora not found under %s: skipped\n", root);
		skip();
	}
	qsort(names, n, sizeof(char *), cmpstr);
	size_t gn = 0;
	char *golden = (char *)slurp(gpath, &gn);
	if (golden)
		golden[gn] = '\0';
	size_t parts = 0, compared = 0, failures = 0;
	for (size_t i = 0; i < n; i++) {
		char full[8192];
		snprintf(full, sizeof(full), "%s/%s", root, names[i]);
		size_t len = 0;
		uint8_t *in = slurp(full, &len);
		assert_non_null(in);
		struct cx *x = calloc(1, sizeof(*x));
		x->o.flags = MP_MT_DECODE | MP_MT_VALIDATE;
		x->ocap = 4096;
		mpt_log l = { 0 };
		walk_whole(x, in, len, &l);
		mpt_log_printf(&x->tree, "%s", "");
		parts += x->w.next_id;
		if (len <= 6000) {
			mpt_reader r = { cx_reset, cx_feed, x };
			mpt_log whole = { 0 };
			char *err = mpt_check_splits(&r, in, len, 0, false, &whole);
			if (err)
				fail_msg("%s: %s", names[i], err);
			mpt_log_free(&whole);
		}
		size_t gl = 0;
		const char *g = golden ? golden_find(golden, names[i], &gl) : NULL;
		if (g) {
			compared++;
			if (strlen(x->tree.p) != gl || memcmp(x->tree.p, g, gl) != 0) {
				print_message("%s: tree got %s, want %.*s\n", names[i],
					      x->tree.p, (int)gl, g);
				failures++;
			}
		} else if (getenv("MP_GOLDEN_PRINT")) {
			printf("%s\t%s\n", names[i], x->tree.p);
		}
		mpt_log_free(&l);
		mpt_log_free(&x->raw);
		mpt_log_free(&x->dec);
		mpt_log_free(&x->tree);
		free(x);
		free(in);
		free(names[i]);
	}
	print_message("corpora: %zu messages, %zu parts, %zu compared with the golden trees, %zu differ\n",
		      n, parts, compared, failures);
	free(names);
	free(golden);
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_base_offset),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_corpora),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
