/* results.c: results.json into mr_results (results.h): types and shapes
 * checked, every error with the byte offset of the value at fault. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"

const char *mr_status_name(mr_status s)
{
	static const char *const names[] = { "pass", "fail", "skip", "error" };
	return (unsigned)s < MP_ARRAY_LEN(names) ? names[s] : "?";
}

static mp_rc bad(rj_error *err, uint64_t off, const char *fmt, ...)
{
	va_list ap;
	err->off = off;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return MP_INVALID;
}

static mp_slice str_of(const rj_doc *d, uint32_t v)
{
	return MP_SLICE(d->strs + d->v[v].str, d->v[v].len);
}

mp_slice mr_check_protocol(const mr_check *c)
{
	if (c->protocol.p != NULL)
		return c->protocol;
	mp_slice id = c->id;
	size_t dot = mp_slice_find(id, '.');
	mp_slice first = mp_slice_sub(id, 0, dot);
	if (mp_slice_eq(first, MP_LIT("oracle")) && dot < id.n) {
		mp_slice rest = mp_slice_sub(id, dot + 1, id.n);
		return mp_slice_sub(rest, 0, mp_slice_find(rest, '.'));
	}
	return first;
}

mp_slice mr_check_target(const mr_results *r, const mr_check *c)
{
	if (c->target.p != NULL)
		return c->target;
	if (r->target.p != NULL)
		return r->target;
	const char *name = r->name ? r->name : "results";
	const char *slash = strrchr(name, '/');
	if (slash != NULL && slash[1] != '\0')
		name = slash + 1;
	size_t n = strlen(name);
	if (n > 5 && memcmp(name + n - 5, ".json", 5) == 0)
		n -= 5;
	return MP_SLICE(name, n);
}

mp_slice mr_check_script(const mr_check *c)
{
	return c->script.p != NULL ? c->script : c->id;
}

mp_slice mr_ref_doc(mp_slice ref)
{
	/* "RFC 5321 4.1.4" -> "RFC 5321": the first two words */
	size_t sp = mp_slice_find(ref, ' ');
	if (sp == ref.n)
		return ref;
	mp_slice rest = mp_slice_sub(ref, sp + 1, ref.n);
	return mp_slice_sub(ref, 0, sp + 1 + mp_slice_find(rest, ' '));
}

/* Members of one object, each known name at most once. */
struct field {
	const char *name;
	uint32_t v;
};

static mp_rc take_fields(const rj_doc *d, uint32_t obj, struct field *f, size_t nf,
			 rj_error *err)
{
	for (size_t k = 0; k < nf; k++)
		f[k].v = RJ_NONE;
	for (uint32_t c = d->v[obj].child; c != RJ_NONE; c = d->v[c].next) {
		for (size_t k = 0; k < nf; k++) {
			size_t kl = strlen(f[k].name);
			if (d->v[c].key_len != kl || memcmp(d->strs + d->v[c].key, f[k].name, kl))
				continue;
			if (f[k].v != RJ_NONE)
				return bad(err, d->v[c].off, "member \"%s\" given twice", f[k].name);
			f[k].v = c;
		}
	}
	return MP_OK;
}

static mp_rc want(const rj_doc *d, uint32_t v, rj_type t, const char *what, rj_error *err)
{
	if (d->v[v].type != t)
		return bad(err, d->v[v].off, "%s must be %s %s, not %s", what,
			   t == RJ_ARRAY || t == RJ_OBJECT ? "an" : "a", rj_type_name(t),
			   rj_type_name((rj_type)d->v[v].type));
	return MP_OK;
}

static mp_rc want_str(const rj_doc *d, uint32_t v, const char *what, mp_slice *s_r,
		      rj_error *err)
{
	if (want(d, v, RJ_STRING, what, err) != MP_OK)
		return MP_INVALID;
	*s_r = str_of(d, v);
	return MP_OK;
}

static mp_rc want_offset(const rj_doc *d, uint32_t v, const char *what, uint64_t *o_r,
			 rj_error *err)
{
	if (d->v[v].type != RJ_NUMBER || !d->v[v].is_int || d->v[v].i < 0)
		return bad(err, d->v[v].off, "%s must be a whole number >= 0", what);
	*o_r = (uint64_t)d->v[v].i;
	return MP_OK;
}

static void add_fault(mr_check *c, uint64_t off, uint64_t len)
{
	if (c->nfaults < MR_FAULTS_MAX)
		c->faults[c->nfaults++] = (mr_fault){ off, len };
	else
		c->faults_dropped++;
}

static mp_rc load_transcript(const rj_doc *d, uint32_t v, mr_check *c, rj_error *err)
{
	c->has_transcript = true;
	if (d->v[v].type == RJ_STRING) {
		c->transcript = str_of(d, v);
		return MP_OK;
	}
	if (want(d, v, RJ_OBJECT, "\"transcript\"", err) != MP_OK)
		return MP_INVALID;
	struct field f[] = { { "text", 0 }, { "offset", 0 }, { "faults", 0 } };
	if (take_fields(d, v, f, MP_ARRAY_LEN(f), err) != MP_OK)
		return MP_INVALID;
	if (f[0].v == RJ_NONE)
		return bad(err, d->v[v].off, "\"transcript\" object without \"text\"");
	if (want_str(d, f[0].v, "\"transcript.text\"", &c->transcript, err) != MP_OK)
		return MP_INVALID;
	if (f[1].v != RJ_NONE &&
	    want_offset(d, f[1].v, "\"transcript.offset\"", &c->t_off, err) != MP_OK)
		return MP_INVALID;
	if (f[2].v == RJ_NONE)
		return MP_OK;
	if (want(d, f[2].v, RJ_ARRAY, "\"transcript.faults\"", err) != MP_OK)
		return MP_INVALID;
	for (uint32_t i = d->v[f[2].v].child; i != RJ_NONE; i = d->v[i].next) {
		struct field g[] = { { "offset", 0 }, { "length", 0 } };
		uint64_t off = 0, len = 1;
		if (want(d, i, RJ_OBJECT, "a fault", err) != MP_OK ||
		    take_fields(d, i, g, MP_ARRAY_LEN(g), err) != MP_OK)
			return MP_INVALID;
		if (g[0].v == RJ_NONE)
			return bad(err, d->v[i].off, "a fault needs \"offset\"");
		if (want_offset(d, g[0].v, "\"offset\"", &off, err) != MP_OK ||
		    (g[1].v != RJ_NONE && want_offset(d, g[1].v, "\"length\"", &len, err) != MP_OK))
			return MP_INVALID;
		add_fault(c, off, len);
	}
	return MP_OK;
}

static const struct {
	const char *name;
	mr_status s;
} statuses[] = {
	{ "pass", MR_PASS }, { "fail", MR_FAIL }, { "skip", MR_SKIP }, { "error", MR_ERROR },
};

static mp_rc load_check(const rj_doc *d, uint32_t v, mr_check *c, rj_error *err)
{
	enum { ID, STATUS, LEVEL, REF, MESSAGE, SCRIPT, TITLE, TARGET, PROTOCOL, DURATION,
	       TRANSCRIPT, OFFSETS, NF };
	struct field f[NF] = {
		[ID] = { "id", 0 }, [STATUS] = { "status", 0 }, [LEVEL] = { "level", 0 },
		[REF] = { "ref", 0 }, [MESSAGE] = { "message", 0 }, [SCRIPT] = { "script", 0 },
		[TITLE] = { "title", 0 }, [TARGET] = { "target", 0 },
		[PROTOCOL] = { "protocol", 0 }, [DURATION] = { "duration_ms", 0 },
		[TRANSCRIPT] = { "transcript", 0 }, [OFFSETS] = { "offsets", 0 },
	};
	static const char *const req[] = { "id", "status", "level", "ref", "message" };
	mp_slice *req_s[] = { &c->id, NULL, &c->level, &c->ref, &c->message };
	mp_slice *opt_s[] = { &c->script, &c->title, &c->target, &c->protocol };
	mp_slice st;
	char what[32];

	c->src_off = d->v[v].off;
	if (want(d, v, RJ_OBJECT, "a check", err) != MP_OK ||
	    take_fields(d, v, f, NF, err) != MP_OK)
		return MP_INVALID;
	for (size_t k = 0; k < MP_ARRAY_LEN(req); k++) {
		if (f[k].v == RJ_NONE)
			return bad(err, d->v[v].off, "check without \"%s\"", req[k]);
		snprintf(what, sizeof what, "\"%s\"", req[k]);
		if (want_str(d, f[k].v, what, req_s[k] ? req_s[k] : &st, err) != MP_OK)
			return MP_INVALID;
	}
	if (c->id.n == 0)
		return bad(err, d->v[f[ID].v].off, "\"id\" is empty");
	c->status = MR_NSTATUS;
	for (size_t k = 0; k < MP_ARRAY_LEN(statuses); k++)
		if (mp_slice_eq(st, MP_SLICE(statuses[k].name, strlen(statuses[k].name))))
			c->status = statuses[k].s;
	if (c->status == MR_NSTATUS)
		return bad(err, d->v[f[STATUS].v].off,
			   "\"status\" must be \"pass\", \"fail\", \"skip\" or \"error\"");
	for (size_t k = SCRIPT; k <= PROTOCOL; k++) {
		if (f[k].v == RJ_NONE || d->v[f[k].v].type == RJ_NULL)
			continue;
		snprintf(what, sizeof what, "\"%s\"", f[k].name);
		if (want_str(d, f[k].v, what, opt_s[k - SCRIPT], err) != MP_OK)
			return MP_INVALID;
	}
	if (f[DURATION].v != RJ_NONE && d->v[f[DURATION].v].type != RJ_NULL) {
		const rj_val *dv = &d->v[f[DURATION].v];
		if (dv->type != RJ_NUMBER || !(dv->d >= 0))
			return bad(err, dv->off, "\"duration_ms\" must be a number >= 0");
		c->has_duration = true;
		c->duration_ms = dv->d;
	}
	if (f[TRANSCRIPT].v != RJ_NONE && d->v[f[TRANSCRIPT].v].type != RJ_NULL &&
	    load_transcript(d, f[TRANSCRIPT].v, c, err) != MP_OK)
		return MP_INVALID;
	if (f[OFFSETS].v != RJ_NONE && d->v[f[OFFSETS].v].type != RJ_NULL) {
		if (want(d, f[OFFSETS].v, RJ_ARRAY, "\"offsets\"", err) != MP_OK)
			return MP_INVALID;
		for (uint32_t i = d->v[f[OFFSETS].v].child; i != RJ_NONE; i = d->v[i].next) {
			uint64_t off = 0;
			if (want_offset(d, i, "an offset", &off, err) != MP_OK)
				return MP_INVALID;
			add_fault(c, off, 1);
		}
	}
	return MP_OK;
}

mp_rc mr_load(const uint8_t *buf, size_t n, const char *name, mr_results *r,
	      rj_error *err)
{
	memset(r, 0, sizeof *r);
	r->name = name;
	mp_rc rc = rj_parse(buf, n, NULL, &r->doc, err);
	if (rc != MP_OK)
		return rc;
	const rj_doc *d = &r->doc;
	struct field f[] = { { "schema", 0 }, { "checks", 0 }, { "target", 0 }, { "started", 0 } };
	if (want(d, 0, RJ_OBJECT, "results", err) != MP_OK ||
	    take_fields(d, 0, f, MP_ARRAY_LEN(f), err) != MP_OK)
		goto fail;
	if (f[0].v != RJ_NONE) {
		mp_slice s;
		if (want_str(d, f[0].v, "\"schema\"", &s, err) != MP_OK)
			goto fail;
		if (!mp_slice_eq(s, MP_LIT(MR_SCHEMA))) {
			bad(err, d->v[f[0].v].off, "\"schema\" is not \"" MR_SCHEMA "\"");
			goto fail;
		}
	}
	if (f[2].v != RJ_NONE) {
		uint32_t t = f[2].v;
		if (d->v[t].type == RJ_OBJECT) /* {"name": ..., "url": ...} */
			t = rj_get(d, t, "name");
		if (t == RJ_NONE || want_str(d, t, "\"target\" (or its \"name\")", &r->target,
					     err) != MP_OK) {
			if (t == RJ_NONE)
				bad(err, d->v[f[2].v].off, "\"target\" object without \"name\"");
			goto fail;
		}
	}
	if (f[3].v != RJ_NONE && want_str(d, f[3].v, "\"started\"", &r->started, err) != MP_OK)
		goto fail;
	if (f[1].v == RJ_NONE) {
		bad(err, 0, "results without a \"checks\" array");
		goto fail;
	}
	if (want(d, f[1].v, RJ_ARRAY, "\"checks\"", err) != MP_OK)
		goto fail;
	size_t nc = d->v[f[1].v].count, bytes;
	if (nc > 0) {
		if (!mp_mul_ok(nc, sizeof(mr_check), &bytes) ||
		    (r->checks = calloc(1, bytes)) == NULL)
			goto nomem;
	}
	/* faults: MR_FAULTS_MAX per check at most, but never more than the
	 * offsets the file holds; count them first */
	size_t nf = 0;
	for (uint32_t i = 0; i < d->n; i++)
		if (d->v[i].type == RJ_NUMBER)
			nf++;
	if (nf > 0) {
		if (!mp_mul_ok(nf, sizeof(mr_fault), &bytes) ||
		    (r->fault_mem = malloc(bytes)) == NULL)
			goto nomem;
	}
	size_t used = 0;
	for (uint32_t c = d->v[f[1].v].child; c != RJ_NONE; c = d->v[c].next) {
		mr_check *ck = &r->checks[r->n];
		ck->faults = r->fault_mem ? r->fault_mem + used : NULL;
		if (load_check(d, c, ck, err) != MP_OK)
			goto fail;
		used += ck->nfaults;
		r->n++;
	}
	return MP_OK;
nomem:
	err->off = 0;
	snprintf(err->msg, sizeof err->msg, "out of memory");
	mr_free(r);
	return MP_NOSPACE;
fail:
	mr_free(r);
	return MP_INVALID;
}

mp_rc mr_load_file(const char *path, mr_results *r, rj_error *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	memset(r, 0, sizeof *r);
	if (f == NULL)
		return bad(err, 0, "%s", strerror(errno));
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap);
	mp_rc rc = MP_OK;
	while (buf != NULL) {
		if (n == cap) {
			if (cap > RJ_BYTES_MAX) {
				rc = bad(err, RJ_BYTES_MAX, "input larger than %u bytes",
					 (unsigned)RJ_BYTES_MAX);
				break;
			}
			uint8_t *nb = realloc(buf, cap * 2);
			if (nb == NULL) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			if (ferror(f))
				rc = bad(err, n, "read error: %s", strerror(errno));
			break;
		}
	}
	if (f != stdin)
		fclose(f);
	if (buf == NULL) {
		err->off = 0;
		snprintf(err->msg, sizeof err->msg, "out of memory");
		return MP_NOSPACE;
	}
	if (rc == MP_OK)
		rc = mr_load(buf, n, path, r, err);
	free(buf); /* the document keeps its own decoded copy */
	return rc;
}

void mr_free(mr_results *r)
{
	rj_free(&r->doc);
	free(r->checks);
	free(r->fault_mem);
	r->checks = NULL;
	r->fault_mem = NULL;
	r->n = 0;
}
