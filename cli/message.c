/* cli/message.c: `mailprobe parse message` (the header fields, decoded,
 * and the MIME part tree as JSON lines) and `mailprobe lint` (a finding
 * per rule broken, text or JSON, one message or an mbox). Memory stays
 * bounded whatever the input: both stream through one fixed buffer. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mailprobe/json.h"
#include "mailprobe/lint.h"
#include "mailprobe/mimetree.h"
#include "item.h"
#include "message.h"

#define EXIT_CONFORM 0
#define EXIT_NONCONFORM 1
#define EXIT_USAGE 2
#define EXIT_UNREADABLE 3

#define CHUNK (256 * 1024)
/* unconsumed bytes a reader may leave: a header field or a delimiter */
#define HOLD (MP_RFC5322_FIELD_MAX + MP_MT_DELIM_HOLD + 16)
#define BUFCAP (HOLD + 2 * CHUNK)
#define DIAGS 4096
#define ARENA (512 * 1024)
#define PARAMS_MAX 32
#define PARAMS_BYTES 8192

/* The first occurrence of pat[0..k) in b[0..n), or NULL (memmem is not
 * POSIX). */
static const uint8_t *find(const uint8_t *b, size_t n, const char *pat,
			   size_t k)
{
	while (n >= k) {
		const uint8_t *c = memchr(b, pat[0], n - k + 1);
		if (c == NULL)
			return NULL;
		if (memcmp(c, pat, k) == 0)
			return c;
		n -= (size_t)(c - b) + 1;
		b = c + 1;
	}
	return NULL;
}


/* ---- parse message --------------------------------------------------- */

struct pm {
	mp_mimetree w;
	mp_rfc5322_opts ho;
	mp_json j;
	mp_diags d;
	mp_diag dv[DIAGS];
	mp_arena a;
	bool nonconforming;
	uint8_t out[16384];
	uint8_t *scratch; /* decoded field values: 3 * max_field + 16 */
	size_t scratch_cap;
	/* the Content-Type parameters of the part whose header is read */
	size_t np;
	size_t pname[PARAMS_MAX], pnlen[PARAMS_MAX], pval[PARAMS_MAX],
		pvlen[PARAMS_MAX];
	size_t pused;
	bool ptrunc;
	uint8_t pbuf[PARAMS_BYTES];
	/* a run of preamble or epilogue octets */
	int run_kind;
	uint32_t run_part;
	uint64_t run_off, run_size;
};

static void item_begin(struct pm *m, const char *type, uint64_t off)
{
	mp_cli_item_begin(&m->j, type, off);
}

static void item_end(struct pm *m)
{
	if (mp_cli_item_end(&m->j, &m->d))
		m->nonconforming = true;
}

static void run_flush(struct pm *m)
{
	if (m->run_kind < 0)
		return;
	item_begin(m, m->run_kind == MP_MT_PREAMBLE ? "preamble" : "epilogue",
		   m->run_off);
	mp_json_key(&m->j, "part");
	mp_json_u64(&m->j, m->run_part);
	mp_json_key(&m->j, "size");
	mp_json_u64(&m->j, m->run_size);
	item_end(m);
	m->run_kind = -1;
}

static void param_add(struct pm *m, mp_slice name, mp_slice val)
{
	if (m->np >= PARAMS_MAX || PARAMS_BYTES - m->pused < name.n + val.n) {
		m->ptrunc = true;
		return;
	}
	m->pname[m->np] = m->pused;
	m->pnlen[m->np] = name.n;
	memcpy(m->pbuf + m->pused, name.p, name.n);
	m->pused += name.n;
	m->pval[m->np] = m->pused;
	m->pvlen[m->np] = val.n;
	memcpy(m->pbuf + m->pused, val.p, val.n);
	m->pused += val.n;
	m->np++;
}

/* Content-Type parameters, RFC 2231 sections joined and decoded
 * (mp_mime_param_get), each name once. */
static void params_read(struct pm *m, const mp_rfc5322_field *f)
{
	mp_mime_ctype ct;
	size_t mark = mp_arena_mark(&m->a);
	m->np = 0;
	m->pused = 0;
	m->ptrunc = false;
	if (mp_mime_ctype_parse(f->value, f->voff, &m->ho, &m->a, &ct, NULL) ==
	    MP_NOSPACE) {
		m->ptrunc = true;
		mp_arena_rewind(&m->a, mark);
		return;
	}
	for (size_t i = 0; i < ct.params.n; i++) {
		mp_slice name = ct.params.v[i].name;
		bool seen = false;
		for (size_t k = 0; k < i; k++)
			if (mp_slice_eq_ascii_ci(ct.params.v[k].name, name))
				seen = true;
		char cname[128];
		if (seen || name.n == 0 || name.n >= sizeof(cname))
			continue;
		memcpy(cname, name.p, name.n);
		cname[name.n] = '\0';
		size_t n = 0;
		mp_rc rc = mp_mime_param_get(&ct.params, cname, m->scratch,
					     m->scratch_cap, &n, NULL, NULL, NULL);
		if (rc == MP_OK || rc == MP_INVALID)
			param_add(m, name, MP_SLICE(m->scratch, n));
	}
	mp_arena_rewind(&m->a, mark);
}

static void pm_field(struct pm *m, const mp_mt_event *ev)
{
	const mp_rfc5322_field *f = &ev->field;
	mp_arena_reset(&m->a);
	if (f->kind == MP_RFC5322_FIELD) {
		if (mp_rfc5322_field_check(f, &m->ho, &m->a, &m->d) == MP_NOSPACE)
			mp_diag_push(&m->d, f->off, MP_R_ARENA_FULL);
		if (f->id == MP_HDR_CONTENT_TYPE && ev->part &&
		    !ev->part->ctype_invalid)
			params_read(m, f);
	}
	item_begin(m, f->kind == MP_RFC5322_FIELD ? "field" : "junk", f->off);
	mp_json_key(&m->j, "part");
	mp_json_u64(&m->j, ev->part ? ev->part->id : 0);
	if (f->kind == MP_RFC5322_FIELD) {
		mp_json_key(&m->j, "name");
		mp_json_str(&m->j, f->name);
	}
	size_t n = 0;
	if (mp_rfc5322_unfold(f->value, m->scratch, m->scratch_cap, &n) == MP_OK) {
		mp_json_key(&m->j, "value");
		mp_json_str(&m->j, MP_SLICE(m->scratch, n));
	}
	if (f->kind == MP_RFC5322_FIELD &&
	    find(f->value.p, f->value.n, "=?", 2) != NULL) {
		mp_rc rc = mp_rfc2047_decode(f->value, f->voff, MP_2047_TEXT, &m->ho,
					     m->scratch, m->scratch_cap, &n, NULL);
		if (rc == MP_OK || rc == MP_INVALID) {
			mp_json_key(&m->j, "decoded");
			mp_json_str(&m->j, MP_SLICE(m->scratch, n));
		}
	}
	if (f->truncated) {
		mp_json_key(&m->j, "truncated");
		mp_json_bool(&m->j, true);
	}
	item_end(m);
}

static void pm_part(struct pm *m, const mp_mt_part *p)
{
	item_begin(m, "part", p->off);
	mp_json_key(&m->j, "id");
	mp_json_u64(&m->j, p->id);
	mp_json_key(&m->j, "parent");
	if (p->parent == UINT32_MAX)
		mp_json_null(&m->j);
	else
		mp_json_u64(&m->j, p->parent);
	mp_json_key(&m->j, "depth");
	mp_json_u64(&m->j, p->depth);
	mp_json_key(&m->j, "index");
	mp_json_u64(&m->j, p->index);
	mp_json_key(&m->j, "content_type");
	char ct[2 * MP_MT_TOKEN_MAX + 2];
	snprintf(ct, sizeof(ct), "%s/%s", p->type, p->subtype);
	mp_json_cstr(&m->j, ct);
	mp_json_key(&m->j, "defaulted");
	mp_json_bool(&m->j, !p->has_ctype);
	mp_json_key(&m->j, "params");
	mp_json_obj_begin(&m->j);
	if (p->has_ctype) {
		for (size_t i = 0; i < m->np; i++) {
			char name[128];
			size_t nl = m->pnlen[i] < sizeof(name) - 1 ? m->pnlen[i]
								   : sizeof(name) - 1;
			memcpy(name, m->pbuf + m->pname[i], nl);
			name[nl] = '\0';
			mp_json_key(&m->j, name);
			mp_json_str(&m->j, MP_SLICE(m->pbuf + m->pval[i], m->pvlen[i]));
		}
	}
	mp_json_obj_end(&m->j);
	if (m->ptrunc) {
		mp_json_key(&m->j, "params_truncated");
		mp_json_bool(&m->j, true);
	}
	mp_json_key(&m->j, "charset");
	if (p->charset[0])
		mp_json_cstr(&m->j, p->charset);
	else
		mp_json_null(&m->j);
	mp_json_key(&m->j, "encoding");
	mp_json_cstr(&m->j, mp_mt_cte_name(p->cte));
	mp_json_key(&m->j, "shape");
	mp_json_cstr(&m->j, mp_mt_shape_name(p->shape));
	mp_json_key(&m->j, "body_offset");
	mp_json_u64(&m->j, p->body_off);
	item_end(m);
	m->np = 0;
	m->pused = 0;
	m->ptrunc = false;
}

static void pm_part_end(struct pm *m, const mp_mt_part *p)
{
	item_begin(m, "part_end", p->end_off);
	mp_json_key(&m->j, "id");
	mp_json_u64(&m->j, p->id);
	mp_json_key(&m->j, "content_type");
	char ct[2 * MP_MT_TOKEN_MAX + 2];
	snprintf(ct, sizeof(ct), "%s/%s", p->type, p->subtype);
	mp_json_cstr(&m->j, ct);
	mp_json_key(&m->j, "header_offset");
	mp_json_u64(&m->j, p->off);
	mp_json_key(&m->j, "body_offset");
	mp_json_u64(&m->j, p->body_off);
	mp_json_key(&m->j, "end_offset");
	mp_json_u64(&m->j, p->end_off);
	mp_json_key(&m->j, "raw_size");
	mp_json_u64(&m->j, p->raw_size);
	mp_json_key(&m->j, "decoded_size");
	mp_json_u64(&m->j, p->dec_size);
	if (p->shape == MP_MT_MULTIPART) {
		mp_json_key(&m->j, "parts");
		mp_json_u64(&m->j, p->children);
		mp_json_key(&m->j, "closed");
		mp_json_bool(&m->j, p->closed);
	}
	item_end(m);
}

static size_t pm_feed(struct pm *m, const uint8_t *buf, size_t len, bool eof)
{
	size_t used = 0;
	for (;;) {
		mp_mt_event ev;
		size_t u = 0;
		mp_rc rc = mp_mimetree_next(&m->w, buf + used, len - used, eof,
					    m->out, sizeof(m->out), &ev, &u, &m->d);
		used += u;
		if (rc != MP_OK)
			break;
		if (ev.kind == MP_MT_PREAMBLE || ev.kind == MP_MT_EPILOGUE) {
			if (m->run_kind != (int)ev.kind || m->run_part != ev.part->id) {
				run_flush(m);
				m->run_kind = (int)ev.kind;
				m->run_part = ev.part->id;
				m->run_off = ev.off;
				m->run_size = 0;
			}
			m->run_size += ev.raw.n;
			continue;
		}
		if (ev.kind == MP_MT_BODY)
			continue; /* sizes come with part_end; diags with it too */
		run_flush(m);
		switch (ev.kind) {
		case MP_MT_FIELD:
			pm_field(m, &ev);
			break;
		case MP_MT_PART_BEGIN:
			pm_part(m, ev.part);
			break;
		case MP_MT_PART_END:
			pm_part_end(m, ev.part);
			break;
		default:
			item_begin(m, "end", ev.off);
			mp_json_key(&m->j, "parts");
			mp_json_u64(&m->j, m->w.next_id);
			item_end(m);
			break;
		}
	}
	return used;
}

/* Streams in through feed(ctx, buf, len, eof) -> used. */
typedef size_t (*feed_fn)(void *ctx, const uint8_t *buf, size_t len, bool eof);

static int stream(FILE *in, const char *name, feed_fn feed, void *ctx)
{
	uint8_t *buf = malloc(BUFCAP);
	size_t held = 0;
	if (buf == NULL) {
		fprintf(stderr, "mailprobe: out of memory\n");
		return EXIT_UNREADABLE;
	}
	for (;;) {
		size_t got = fread(buf + held, 1, BUFCAP - held, in);
		bool eof = got == 0 && feof(in);
		if (got == 0 && ferror(in)) {
			fprintf(stderr, "mailprobe: %s: read error: %s\n", name,
				strerror(errno));
			free(buf);
			return EXIT_UNREADABLE;
		}
		held += got;
		size_t used = feed(ctx, buf, held, eof);
		if (used > held)
			used = held;
		memmove(buf, buf + used, held - used);
		held -= used;
		if (eof)
			break;
		if (held == BUFCAP) {
			fprintf(stderr, "mailprobe: internal error: walker holds %zu bytes\n",
				held);
			free(buf);
			return EXIT_UNREADABLE;
		}
	}
	free(buf);
	return EXIT_CONFORM;
}

static size_t pm_feed_cb(void *ctx, const uint8_t *buf, size_t len, bool eof)
{
	return pm_feed(ctx, buf, len, eof);
}

int mp_cli_parse_message(const char *file, bool lenient)
{
	FILE *in = stdin;
	if (file != NULL && strcmp(file, "-") != 0) {
		in = fopen(file, "rb");
		if (in == NULL) {
			fprintf(stderr, "mailprobe parse: %s: %s\n", file, strerror(errno));
			return EXIT_UNREADABLE;
		}
	}
	struct pm *m = calloc(1, sizeof(*m));
	void *mem = malloc(ARENA);
	size_t scap = 3 * MP_RFC5322_FIELD_MAX + 16;
	uint8_t *scratch = malloc(scap);
	if (m == NULL || mem == NULL || scratch == NULL) {
		fprintf(stderr, "mailprobe: out of memory\n");
		free(m);
		free(mem);
		free(scratch);
		if (in != stdin)
			fclose(in);
		return EXIT_UNREADABLE;
	}
	m->scratch = scratch;
	m->scratch_cap = scap;
	m->run_kind = -1;
	if (lenient)
		m->ho.flags |= MP_RFC5322_LENIENT;
	mp_mt_opts o = { 0 };
	o.flags = MP_MT_DECODE | MP_MT_VALIDATE | MP_MT_QUIET_FIELDS;
	o.hdr = m->ho;
	mp_mimetree_init(&m->w, &o, 0);
	mp_diags_init(&m->d, m->dv, DIAGS);
	mp_arena_init(&m->a, mem, ARENA);
	int rc = stream(in, file ? file : "-", pm_feed_cb, m);
	if (in != stdin)
		fclose(in);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "mailprobe: write error on stdout\n");
		rc = EXIT_UNREADABLE;
	}
	if (rc == EXIT_CONFORM && m->nonconforming)
		rc = EXIT_NONCONFORM;
	free(scratch);
	free(mem);
	free(m);
	return rc;
}

/* ---- lint ------------------------------------------------------------- */

struct lr {
	mp_lint *l;
	void *mem;
	mp_lint_opts o;
	bool json, mbox, quiet;
	const char *file;
	bool in_msg;
	uint64_t file_off;  /* of buf[0] */
	uint64_t msg_off;
	uint64_t msgs;
	bool nonconforming;
	mp_lint_finding fv[MP_R_COUNT];
};

static void lint_report(struct lr *r)
{
	mp_lint *l = r->l;
	size_t n = mp_lint_findings(l, r->fv, MP_ARRAY_LEN(r->fv));
	bool bad = mp_lint_nonconforming(l);
	if (bad)
		r->nonconforming = true;
	if (r->json) {
		mp_json j;
		mp_json_init(&j, mp_cli_sink_stdout, NULL);
		mp_json_obj_begin(&j);
		mp_json_key(&j, "file");
		mp_json_cstr(&j, r->file);
		if (r->mbox) {
			mp_json_key(&j, "message");
			mp_json_u64(&j, r->msgs);
		}
		mp_json_key(&j, "offset");
		mp_json_u64(&j, r->msg_off);
		mp_json_key(&j, "bytes");
		mp_json_u64(&j, l->off - r->msg_off);
		mp_json_key(&j, "parts");
		mp_json_u64(&j, l->parts);
		mp_json_key(&j, "conforms");
		mp_json_bool(&j, !bad);
		mp_json_key(&j, "findings");
		mp_json_arr_begin(&j);
		for (size_t i = 0; i < n; i++) {
			const mp_lint_finding *f = &r->fv[i];
			mp_json_obj_begin(&j);
			mp_json_key(&j, "offset");
			mp_json_u64(&j, f->first);
			mp_json_key(&j, "rule");
			mp_json_cstr(&j, mp_rule_name(f->rule));
			mp_json_key(&j, "level");
			mp_json_cstr(&j, mp_level_name(mp_rule_level(f->rule)));
			mp_json_key(&j, "ref");
			mp_json_cstr(&j, mp_rule_ref(f->rule));
			mp_json_key(&j, "text");
			mp_json_cstr(&j, mp_rule_text(f->rule));
			mp_json_key(&j, "count");
			mp_json_u64(&j, f->count);
			mp_json_obj_end(&j);
		}
		mp_json_arr_end(&j);
		mp_json_obj_end(&j);
		fputc('\n', stdout);
		return;
	}
	char where[64] = "";
	if (r->mbox)
		snprintf(where, sizeof(where), ":%llu", (unsigned long long)r->msgs);
	for (size_t i = 0; i < n; i++) {
		const mp_lint_finding *f = &r->fv[i];
		mp_level lv = mp_rule_level(f->rule);
		if (r->quiet && lv != MP_MUST && lv != MP_SHOULD)
			continue;
		printf("%s%s: %llu: %s %s (%s): %s", r->file, where,
		       (unsigned long long)f->first, mp_level_name(lv),
		       mp_rule_name(f->rule), mp_rule_ref(f->rule),
		       mp_rule_text(f->rule));
		if (f->count > 1)
			printf(" [%llu times]", (unsigned long long)f->count);
		fputc('\n', stdout);
	}
}

static void lint_start(struct lr *r, uint64_t off)
{
	mp_lint_init(r->l, &r->o, r->mem, ARENA, off);
	r->msg_off = off;
	r->in_msg = true;
}

/* Feeds buf[0..n) of the current message; at end, reports it. Returns
 * the bytes consumed. */
static size_t lint_part(struct lr *r, const uint8_t *buf, size_t n, bool end)
{
	size_t u = 0;
	mp_lint_feed(r->l, buf, n, end, &u);
	if (end) {
		lint_report(r);
		r->msgs++;
		r->in_msg = false;
		return n;
	}
	return u;
}

static size_t lint_feed_cb(void *ctx, const uint8_t *buf, size_t len, bool eof)
{
	struct lr *r = ctx;
	size_t used = 0;
	for (;;) {
		const uint8_t *b = buf + used;
		size_t n = len - used;
		uint64_t off = r->file_off + used;
		if (!r->mbox) {
			if (!r->in_msg)
				lint_start(r, off);
			used += lint_part(r, b, n, eof);
			break;
		}
		if (!r->in_msg) {
			if (n == 0)
				break;
			/* the envelope line "From " ... LF is not message */
			const uint8_t *nl = memchr(b, '\n', n);
			if (n >= 5 && memcmp(b, "From ", 5) == 0) {
				if (nl == NULL) {
					if (!eof && n < HOLD)
						break;
					used = len;
					break;
				}
				used += (size_t)(nl - b) + 1;
				continue;
			}
			if (n < 5 && !eof)
				break;
			lint_start(r, off);
			continue;
		}
		/* the message runs to the next LF "From " */
		const uint8_t *sep = n >= 6 ? find(b, n, "\nFrom ", 6) : NULL;
		if (sep) {
			size_t end = (size_t)(sep - b) + 1;
			used += lint_part(r, b, end, true);
			continue;
		}
		if (eof) {
			used += lint_part(r, b, n, true);
			break;
		}
		size_t safe = n > 5 ? n - 5 : 0;
		used += lint_part(r, b, safe, false);
		break;
	}
	r->file_off += used;
	return used;
}

static void usage_lint(FILE *f)
{
	fprintf(f, "usage: mailprobe lint [--json] [--mbox] [--utf8] [--lenient] [--quiet] FILE|-...\n\n"
		   "Checks messages against RFC 5322, 2045-2047, 2231, 6532: a finding per\n"
		   "rule broken, with the offset of its first occurrence, its count, level\n"
		   "and RFC section. From and Date present, singleton fields once, lines of\n"
		   "998 (MUST) and 78 (SHOULD), CRLF only, 8-bit content against the\n"
		   "declared encoding, MIME-Version with MIME fields, boundaries and\n"
		   "nesting, base64 and QP that do not decode cleanly, encoded-words,\n"
		   "8-bit header octets, and every field's own syntax.\n\n"
		   "  --json     one JSON object per message instead of text lines\n"
		   "  --mbox     FILE is an mbox: one report per message (\"From \" lines)\n"
		   "  --utf8     UTF-8 header fields are allowed (RFC 6532)\n"
		   "  --lenient  obsolete syntax and bare LF accepted (still reported)\n"
		   "  --quiet    text output: MUST and SHOULD findings only\n\n"
		   "Offsets count from the start of the file. Memory is bounded whatever\n"
		   "the input size.\n"
		   "Exit: 0 conforms, 1 a MUST/SHOULD rule broken, 2 usage, 3 unreadable input.\n");
}

int mp_cli_lint(int argc, char **argv)
{
	struct lr *r = calloc(1, sizeof(*r));
	int rc = EXIT_CONFORM, nfiles = 0;
	if (r == NULL)
		return EXIT_UNREADABLE;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage_lint(stdout);
			free(r);
			return EXIT_CONFORM;
		} else if (strcmp(a, "--json") == 0) {
			r->json = true;
		} else if (strcmp(a, "--mbox") == 0) {
			r->mbox = true;
		} else if (strcmp(a, "--utf8") == 0) {
			r->o.flags |= MP_LINT_UTF8;
		} else if (strcmp(a, "--lenient") == 0) {
			r->o.flags |= MP_LINT_LENIENT;
		} else if (strcmp(a, "--quiet") == 0) {
			r->quiet = true;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "mailprobe lint: unknown option '%s'\n", a);
			usage_lint(stderr);
			free(r);
			return EXIT_USAGE;
		} else {
			nfiles++;
		}
	}
	if (nfiles == 0) {
		usage_lint(stderr);
		free(r);
		return EXIT_USAGE;
	}
	r->l = malloc(sizeof(*r->l));
	r->mem = malloc(ARENA);
	if (r->l == NULL || r->mem == NULL) {
		fprintf(stderr, "mailprobe: out of memory\n");
		free(r->l);
		free(r->mem);
		free(r);
		return EXIT_UNREADABLE;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] == '-' && a[1] != '\0')
			continue;
		FILE *in = stdin;
		if (strcmp(a, "-") != 0) {
			in = fopen(a, "rb");
			if (in == NULL) {
				fprintf(stderr, "mailprobe lint: %s: %s\n", a, strerror(errno));
				rc = EXIT_UNREADABLE;
				continue;
			}
		}
		r->file = a;
		r->in_msg = false;
		r->file_off = 0;
		r->msgs = 0;
		int src = stream(in, a, lint_feed_cb, r);
		if (src != EXIT_CONFORM)
			rc = src;
		if (in != stdin)
			fclose(in);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "mailprobe: write error on stdout\n");
		rc = EXIT_UNREADABLE;
	}
	if (rc == EXIT_CONFORM && r->nonconforming)
		rc = EXIT_NONCONFORM;
	free(r->l);
	free(r->mem);
	free(r);
	return rc;
}
