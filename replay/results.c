/* replay/results.c: checks and their renderings: results.json (the one
 * source of truth, reports/SCHEMA.md), JUnit XML and the terminal table.
 * Server octets are hostile wherever they are shown: JSON escapes them
 * (mailprobe/json.h), XML and the terminal show what is not printable
 * UTF-8 as \xHH. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mailprobe/json.h"
#include "replay-private.h"

const char *mp_status_name(mp_status s)
{
	static const char *const n[] = { "pass", "fail", "skip", "error" };
	return (unsigned)s < 4 ? n[s] : "?";
}

void mp_results_init(mp_results *r)
{
	memset(r, 0, sizeof *r);
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(r->started, sizeof r->started, "%Y-%m-%dT%H:%M:%SZ", &tm);
	r->start_ms = mp_now_ms();
}

static void check_free(mp_check *c)
{
	free(c->id);
	free(c->title);
	free(c->ref);
	free(c->message);
	free(c->script);
	free(c->target);
	free(c->url);
	free(c->suite);
	free(c->protocol);
	free(c->ex.data);
}

void mp_results_free(mp_results *r)
{
	for (size_t i = 0; i < r->n; i++)
		check_free(&r->v[i]);
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static bool str_eq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

void mp_results_add(mp_results *r, const mp_check *c)
{
	if (c->id && strncmp(c->id, "oracle.", 7) == 0) {
		for (size_t i = 0; i < r->n; i++) {
			mp_check *o = &r->v[i];
			if (strcmp(o->id, c->id) == 0 && str_eq(o->target, c->target) &&
			    str_eq(o->url, c->url)) {
				o->count += c->count ? c->count : 1;
				return;
			}
		}
	}
	if (r->n == r->cap) {
		size_t want = r->cap ? r->cap * 2 : 64;
		mp_check *nv = realloc(r->v, want * sizeof *nv);
		if (nv == NULL)
			return; /* out of memory: the check is lost, never a crash */
		r->v = nv;
		r->cap = want;
	}
	mp_check *d = &r->v[r->n++];
	*d = *c;
	d->id = dup_or_null(c->id ? c->id : "?");
	d->title = dup_or_null(c->title);
	d->ref = dup_or_null(c->ref ? c->ref : "");
	d->message = dup_or_null(c->message ? c->message : "");
	d->script = dup_or_null(c->script);
	d->target = dup_or_null(c->target);
	d->url = dup_or_null(c->url);
	d->suite = dup_or_null(c->suite);
	d->protocol = dup_or_null(c->protocol);
	d->ex.data = NULL;
	if (c->has_excerpt && c->ex.n) {
		d->ex.data = malloc(c->ex.n);
		if (d->ex.data)
			memcpy(d->ex.data, c->ex.data, c->ex.n);
		else
			d->ex.n = 0;
	}
}

/* ---- the -j byte stream: netstrings of the fields ---------------------- */

static void put_str(FILE *f, const char *s)
{
	if (s == NULL) {
		fputs("-,", f);
		return;
	}
	fprintf(f, "%zu:", strlen(s));
	fputs(s, f);
	fputc(',', f);
}

static void put_bytes(FILE *f, const uint8_t *p, size_t n)
{
	fprintf(f, "%zu:", n);
	if (n)
		fwrite(p, 1, n, f);
	fputc(',', f);
}

int mp_results_dump(const mp_results *r, FILE *f)
{
	for (size_t i = 0; i < r->n; i++) {
		const mp_check *c = &r->v[i];
		fputc('C', f);
		put_str(f, c->id);
		put_str(f, c->title);
		put_str(f, c->ref);
		put_str(f, c->message);
		put_str(f, c->script);
		put_str(f, c->target);
		put_str(f, c->url);
		put_str(f, c->suite);
		put_str(f, c->protocol);
		fprintf(f, "%d %d %llu %llu %u %d;", (int)c->level, (int)c->status,
			(unsigned long long)c->duration_ms, (unsigned long long)c->count,
			c->step_line, c->has_excerpt ? 1 : 0);
		if (c->has_excerpt) {
			put_str(f, c->ex.conn);
			fprintf(f, "%d %llu %llu;", c->ex.from_server ? 1 : 0,
				(unsigned long long)c->ex.offset, (unsigned long long)c->ex.mark);
			put_bytes(f, c->ex.data, c->ex.n);
		}
		fputc('\n', f);
	}
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

/* A netstring back; *out malloc'd (NUL-terminated) or NULL for "-". */
static int get_field(FILE *f, char **out, size_t *len_r, size_t max)
{
	int ch = fgetc(f);
	*out = NULL;
	if (ch == '-')
		return fgetc(f) == ',' ? 0 : -1;
	size_t n = 0;
	int digits = 0;
	while (ch >= '0' && ch <= '9' && digits < 9) {
		n = n * 10 + (size_t)(ch - '0');
		digits++;
		ch = fgetc(f);
	}
	if (ch != ':' || digits == 0 || n > max)
		return -1;
	char *p = malloc(n + 1);
	if (p == NULL)
		return -1;
	if (fread(p, 1, n, f) != n || fgetc(f) != ',') {
		free(p);
		return -1;
	}
	p[n] = '\0';
	*out = p;
	if (len_r)
		*len_r = n;
	return 0;
}

int mp_results_read(mp_results *r, FILE *f)
{
	for (;;) {
		int ch = fgetc(f);
		if (ch == EOF)
			return 0;
		if (ch != 'C')
			return -1;
		mp_check c;
		memset(&c, 0, sizeof c);
		char *ex_conn = NULL;
		int lv, st, he, fs;
		unsigned long long dur, cnt, off, mark;
		int bad = get_field(f, &c.id, NULL, 4096) || get_field(f, &c.title, NULL, 1 << 16) ||
			  get_field(f, &c.ref, NULL, 4096) || get_field(f, &c.message, NULL, 1 << 20) ||
			  get_field(f, &c.script, NULL, 4096) || get_field(f, &c.target, NULL, 4096) ||
			  get_field(f, &c.url, NULL, 4096) || get_field(f, &c.suite, NULL, 4096) || get_field(f, &c.protocol, NULL, 64);
		if (!bad && fscanf(f, "%d %d %llu %llu %u %d;", &lv, &st, &dur, &cnt,
				   &c.step_line, &he) != 6)
			bad = 1;
		if (!bad) {
			c.level = (mp_level)lv;
			c.status = (mp_status)st;
			c.duration_ms = dur;
			c.count = cnt;
			c.has_excerpt = he != 0;
		}
		if (!bad && c.has_excerpt) {
			char *data = NULL;
			size_t n = 0;
			bad = get_field(f, &ex_conn, NULL, MP_SCRIPT_NAME_MAX - 1) ||
			      fscanf(f, "%d %llu %llu;", &fs, &off, &mark) != 3 ||
			      get_field(f, &data, &n, MP_EXCERPT_MAX);
			if (!bad) {
				snprintf(c.ex.conn, sizeof c.ex.conn, "%s", ex_conn ? ex_conn : "");
				c.ex.from_server = fs != 0;
				c.ex.offset = off;
				c.ex.mark = mark;
				c.ex.data = (uint8_t *)data;
				c.ex.n = n;
			} else {
				free(data);
			}
		}
		if (!bad && fgetc(f) != '\n')
			bad = 1;
		if (!bad)
			mp_results_add(r, &c);
		free(ex_conn);
		check_free(&c);
		if (bad)
			return -1;
	}
}

/* ---- JSON ------------------------------------------------------------------ */

static void sink_file(void *ctx, const char *p, size_t n)
{
	fwrite(p, 1, n, (FILE *)ctx);
}

static void count_status(const mp_results *r, size_t cnt[4])
{
	memset(cnt, 0, 4 * sizeof cnt[0]);
	for (size_t i = 0; i < r->n; i++)
		if ((unsigned)r->v[i].status < 4)
			cnt[r->v[i].status]++;
}

int mp_results_json(const mp_results *r, const mp_run_info *info, FILE *f)
{
	mp_json j;
	mp_json_init(&j, sink_file, f);
	mp_json_obj_begin(&j);
	mp_json_key(&j, "schema");
	mp_json_cstr(&j, MP_RESULTS_SCHEMA);
	mp_json_key(&j, "tool");
	mp_json_obj_begin(&j);
	mp_json_key(&j, "name");
	mp_json_cstr(&j, "mailprobe");
	mp_json_key(&j, "version");
	mp_json_cstr(&j, MP_VERSION);
	mp_json_obj_end(&j);
	mp_json_key(&j, "started");
	mp_json_cstr(&j, r->started);
	mp_json_key(&j, "duration_ms");
	mp_json_u64(&j, r->duration_ms);
	mp_json_key(&j, "targets");
	mp_json_arr_begin(&j);
	for (size_t i = 0; info && i < info->ntargets; i++) {
		const mp_target *t = &info->targets[i];
		mp_json_obj_begin(&j);
		if (t->name[0]) {
			mp_json_key(&j, "name");
			mp_json_cstr(&j, t->name);
		}
		mp_json_key(&j, "url");
		mp_json_cstr(&j, t->url);
		mp_json_key(&j, "kind");
		mp_json_cstr(&j, mp_tkind_name(t->kind));
		mp_json_key(&j, "host");
		mp_json_cstr(&j, t->host);
		mp_json_key(&j, "port");
		mp_json_cstr(&j, t->port);
		mp_json_key(&j, "tls");
		mp_json_bool(&j, t->tls);
		mp_json_obj_end(&j);
	}
	mp_json_arr_end(&j);
	mp_json_key(&j, "scripts");
	mp_json_arr_begin(&j);
	for (size_t i = 0; info && i < info->nscripts; i++)
		mp_json_cstr(&j, info->scripts[i]);
	mp_json_arr_end(&j);
	size_t cnt[4];
	count_status(r, cnt);
	mp_json_key(&j, "summary");
	mp_json_obj_begin(&j);
	for (int s = 0; s < 4; s++) {
		mp_json_key(&j, mp_status_name((mp_status)s));
		mp_json_u64(&j, cnt[s]);
	}
	mp_json_obj_end(&j);
	mp_json_key(&j, "checks");
	mp_json_arr_begin(&j);
	for (size_t i = 0; i < r->n; i++) {
		const mp_check *c = &r->v[i];
		mp_json_obj_begin(&j);
		mp_json_key(&j, "id");
		mp_json_cstr(&j, c->id);
		mp_json_key(&j, "status");
		mp_json_cstr(&j, mp_status_name(c->status));
		mp_json_key(&j, "level");
		mp_json_cstr(&j, mp_level_name(c->level));
		mp_json_key(&j, "ref");
		mp_json_cstr(&j, c->ref);
		mp_json_key(&j, "message");
		mp_json_cstr(&j, c->message);
		if (c->title) {
			mp_json_key(&j, "title");
			mp_json_cstr(&j, c->title);
		}
		if (c->script) {
			mp_json_key(&j, "script");
			mp_json_cstr(&j, c->script);
		}
		if (c->suite) {
			mp_json_key(&j, "suite");
			mp_json_cstr(&j, c->suite);
		}
		if (c->target) {
			mp_json_key(&j, "target");
			mp_json_cstr(&j, c->target);
		}
		if (c->url) {
			mp_json_key(&j, "target_url");
			mp_json_cstr(&j, c->url);
		}
		mp_json_key(&j, "duration_ms");
		mp_json_u64(&j, c->duration_ms);
		if (c->count) {
			mp_json_key(&j, "count");
			mp_json_u64(&j, c->count);
		}
		if (c->step_line) {
			mp_json_key(&j, "line");
			mp_json_u64(&j, c->step_line);
		}
		if (c->protocol) {
			mp_json_key(&j, "protocol");
			mp_json_cstr(&j, c->protocol);
		}
		if (c->has_excerpt) {
			/* the octets around the finding, from the stream of one
			 * connection; faults: the offending octets */
			mp_json_key(&j, "transcript");
			mp_json_obj_begin(&j);
			mp_json_key(&j, "text");
			mp_json_str(&j, MP_SLICE(c->ex.data, c->ex.n));
			mp_json_key(&j, "offset");
			mp_json_u64(&j, c->ex.offset);
			mp_json_key(&j, "faults");
			mp_json_arr_begin(&j);
			mp_json_obj_begin(&j);
			mp_json_key(&j, "offset");
			mp_json_u64(&j, c->ex.mark);
			mp_json_key(&j, "length");
			mp_json_u64(&j, 1);
			mp_json_obj_end(&j);
			mp_json_arr_end(&j);
			mp_json_key(&j, "connection");
			mp_json_cstr(&j, c->ex.conn);
			mp_json_key(&j, "direction");
			mp_json_cstr(&j, c->ex.from_server ? "server" : "client");
			mp_json_obj_end(&j);
		}
		mp_json_obj_end(&j);
	}
	mp_json_arr_end(&j);
	mp_json_obj_end(&j);
	fputc('\n', f);
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

/* ---- escaping for XML and terminals ----------------------------------------------- */

/* Writes s for a human: printable ASCII and valid UTF-8 (no C1
 * controls) as is, else \xHH; xml also escapes & < > " ', raw (octets
 * from the wire rather than messages already escaped) doubles \\. */
static void esc_text(FILE *f, const uint8_t *s, size_t n, bool xml, bool raw)
{
	for (size_t i = 0; i < n;) {
		uint8_t c = s[i];
		if (c >= 0x80) {
			size_t k = mp_utf8_seq_len(s + i, n - i);
			bool c1 = k == 2 && c == 0xC2 && s[i + 1] < 0xA0;
			if (k > 0 && !c1) {
				fwrite(s + i, 1, k, f);
				i += k;
				continue;
			}
			fprintf(f, "\\x%02X", c);
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			if (c == '\r')
				fputs("\\r", f);
			else if (c == '\n')
				fputs("\\n", f);
			else if (c == '\t')
				fputs("\\t", f);
			else
				fprintf(f, "\\x%02X", c);
		} else if (raw && c == '\\') {
			fputs("\\\\", f);
		} else if (xml && c == '&') {
			fputs("&amp;", f);
		} else if (xml && c == '<') {
			fputs("&lt;", f);
		} else if (xml && c == '>') {
			fputs("&gt;", f);
		} else if (xml && c == '"') {
			fputs("&quot;", f);
		} else if (xml && c == '\'') {
			fputs("&apos;", f);
		} else {
			fputc(c, f);
		}
		i++;
	}
}

void mp_term_escape(FILE *f, const uint8_t *s, size_t n)
{
	esc_text(f, s, n, false, true);
}

static void xml_str(FILE *f, const char *s)
{
	if (s)
		esc_text(f, (const uint8_t *)s, strlen(s), true, false);
}

int mp_results_junit(const mp_results *r, FILE *f)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	size_t cnt[4];
	count_status(r, cnt);
	fprintf(f, "<testsuites name=\"mailprobe\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n",
		r->n, cnt[MP_FAIL], cnt[MP_ERROR], cnt[MP_SKIP]);
	/* suites in order of first appearance */
	bool *done = calloc(r->n ? r->n : 1, sizeof *done);
	if (done == NULL)
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		if (done[i])
			continue;
		const char *suite = r->v[i].suite ? r->v[i].suite : "mailprobe";
		size_t n = 0, fl = 0, er = 0, sk = 0;
		uint64_t ms = 0;
		for (size_t k = i; k < r->n; k++) {
			const char *sk2 = r->v[k].suite ? r->v[k].suite : "mailprobe";
			if (strcmp(sk2, suite) != 0)
				continue;
			n++;
			fl += r->v[k].status == MP_FAIL;
			er += r->v[k].status == MP_ERROR;
			sk += r->v[k].status == MP_SKIP;
			ms += r->v[k].duration_ms;
		}
		fputs("  <testsuite name=\"", f);
		xml_str(f, suite);
		fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\">\n",
			n, fl, er, sk, (double)ms / 1000.0);
		for (size_t k = i; k < r->n; k++) {
			const mp_check *c = &r->v[k];
			const char *sk2 = c->suite ? c->suite : "mailprobe";
			if (strcmp(sk2, suite) != 0)
				continue;
			done[k] = true;
			fputs("    <testcase classname=\"", f);
			xml_str(f, suite);
			fputs("\" name=\"", f);
			xml_str(f, c->id);
			if (c->target) {
				fputs(" @ ", f);
				xml_str(f, c->target);
			}
			fprintf(f, "\" time=\"%.3f\"", (double)c->duration_ms / 1000.0);
			if (c->status == MP_PASS) {
				fputs("/>\n", f);
				continue;
			}
			fputs(">\n      <", f);
			const char *el = c->status == MP_FAIL ? "failure" : c->status == MP_ERROR ? "error" : "skipped";
			fputs(el, f);
			fputs(" message=\"", f);
			xml_str(f, c->message);
			fputs("\" type=\"", f);
			fputs(mp_level_name(c->level), f);
			fputs("\">", f);
			xml_str(f, c->ref);
			if (c->step_line)
				fprintf(f, " (line %u)", c->step_line);
			if (c->has_excerpt) {
				fprintf(f, "\n%s %s offset %llu (mark %llu): ", c->ex.conn,
					c->ex.from_server ? "server" : "client",
					(unsigned long long)c->ex.offset, (unsigned long long)c->ex.mark);
				esc_text(f, c->ex.data, c->ex.n, true, true);
			}
			fprintf(f, "</%s>\n    </testcase>\n", el);
		}
		fputs("  </testsuite>\n", f);
	}
	free(done);
	fputs("</testsuites>\n", f);
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

void mp_results_table(const mp_results *r, FILE *f)
{
	size_t cnt[4];
	count_status(r, cnt);
	fprintf(f, "\n%-6s %-6s %-44s %-28s %s\n", "STATUS", "LEVEL", "CHECK", "TARGET", "MESSAGE");
	for (size_t i = 0; i < r->n; i++) {
		const mp_check *c = &r->v[i];
		fprintf(f, "%-6s %-6s ", mp_status_name(c->status), mp_level_name(c->level));
		esc_text(f, (const uint8_t *)c->id, strlen(c->id), false, false);
		size_t idn = strlen(c->id);
		if (c->count > 1)
			idn += (size_t)fprintf(f, " x%llu", (unsigned long long)c->count);
		fprintf(f, "%*s ", idn < 44 ? (int)(44 - idn) : 0, "");
		fprintf(f, "%-28s ", c->target ? c->target : "-");
		if (c->status != MP_PASS) {
			size_t mn = strlen(c->message);
			esc_text(f, (const uint8_t *)c->message, mn > 160 ? 160 : mn, false, false);
			if (mn > 160)
				fputs("...", f);
		}
		fputc('\n', f);
	}
	fprintf(f, "\n%zu checks: %zu pass, %zu fail, %zu skip, %zu error (%.1f s)\n",
		r->n, cnt[MP_PASS], cnt[MP_FAIL], cnt[MP_SKIP], cnt[MP_ERROR],
		(double)r->duration_ms / 1000.0);
}
