/* lint.c: the message linter (mailprobe/lint.h): RFC 5322 2.1.1, 2.2,
 * 3.6; RFC 2045 2.7, 2.8, 4, 6; RFC 2046 5.1; RFC 2047; RFC 6532.
 *
 * One pass: the walker (mimetree.c) reads headers and parts and decodes
 * bodies into scratch; every header field goes through
 * mp_rfc5322_field_check; header octets are checked for 8-bit; body
 * octets (everything that is not a header field) go through the 7-bit
 * checker and a 78-column counter. Diags are folded into per-rule
 * counts after every step, so memory does not grow with the message. */
#include <string.h>

#include "mailprobe/lint.h"

#define CK_PIECE 240 /* the 7-bit checker pushes at most one diag an octet */

void mp_lint_init(mp_lint *l, const mp_lint_opts *o, void *mem, size_t cap,
		  uint64_t offset)
{
	memset(l, 0, sizeof(*l));
	if (o)
		l->opts = *o;
	if (l->opts.flags & MP_LINT_UTF8)
		l->ho.flags |= MP_RFC5322_UTF8;
	if (l->opts.flags & MP_LINT_LENIENT)
		l->ho.flags |= MP_RFC5322_LENIENT;
	mp_mt_opts mo = { 0 };
	mo.flags = MP_MT_DECODE | MP_MT_VALIDATE | MP_MT_QUIET_FIELDS;
	mo.max_depth = l->opts.max_depth;
	mo.hdr = l->ho;
	mp_mimetree_init(&l->w, &mo, offset);
	mp_8bitck_init(&l->ck, 0, offset);
	mp_arena_init(&l->a, mem, cap);
	mp_diags_init(&l->d, l->dv, MP_ARRAY_LEN(l->dv));
	l->off = offset;
	l->line_off = offset;
}

static void drain(mp_lint *l)
{
	for (size_t i = 0; i < l->d.n; i++) {
		mp_rule r = l->d.v[i].rule;
		uint64_t at = l->d.v[i].offset;
		if ((unsigned)r >= MP_R_COUNT)
			continue;
		if (l->count[r] == 0 || at < l->first[r])
			l->first[r] = at;
		l->count[r]++;
	}
	mp_diags_clear(&l->d);
}

/* Body octets: the 7-bit checker (NUL, bare CR/LF, 998, 8-bit) and the
 * 78-column SHOULD of RFC 5322 2.1.1. */
static void body_bytes(mp_lint *l, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i += CK_PIECE) {
		size_t k = n - i < CK_PIECE ? n - i : CK_PIECE;
		mp_8bitck_feed(&l->ck, b + i, k, &l->d);
		drain(l);
	}
	size_t i = 0;
	while (i < n) {
		const uint8_t *nl = memchr(b + i, '\n', n - i);
		size_t j = nl ? (size_t)(nl - b) : n;
		uint64_t len = l->off + j - l->line_off;
		bool cr = j > 0 ? b[j - 1] == '\r' : l->prev_cr;
		if (cr && len > 0)
			len--;
		if (!l->long_done && len > MP_MSG_LINE_ADVISED) {
			mp_diag_push(&l->d, l->line_off + MP_MSG_LINE_ADVISED,
				     MP_R_RFC5322_LINE_LONG);
			l->long_done = true;
		}
		if (nl == NULL)
			break;
		l->line_off = l->off + j + 1;
		l->long_done = false;
		i = j + 1;
	}
	if (n > 0)
		l->prev_cr = b[n - 1] == '\r';
}

static void field(mp_lint *l, const mp_mt_event *ev)
{
	const mp_rfc5322_field *f = &ev->field;
	if (f->kind != MP_RFC5322_FIELD)
		return;
	size_t before = l->d.n;
	mp_arena_reset(&l->a);
	mp_rfc5322_field_check(f, &l->ho, &l->a, &l->d);
	if (f->id >= MP_HDR_CONTENT_TYPE && f->id <= MP_HDR_CONTENT_DISPOSITION &&
	    !l->mime_fields) {
		l->mime_fields = true;
		l->mime_at = f->off;
	}
	if (f->id == MP_HDR_MIME_VERSION && ev->part && ev->part->depth == 0)
		l->version = true;
	/* RFC 5322 2.2: field bodies are US-ASCII (RFC 6532: or UTF-8) */
	bool reported = false;
	for (size_t i = before; i < l->d.n; i++)
		if (l->d.v[i].rule == MP_R_RFC5322_8BIT ||
		    l->d.v[i].rule == MP_R_RFC5322_UTF8_INVALID)
			reported = true;
	if (reported)
		return;
	for (size_t i = 0; i < f->raw.n; i++) {
		if (f->raw.p[i] < 0x80)
			continue;
		if (!(l->opts.flags & MP_LINT_UTF8)) {
			mp_diag_push(&l->d, f->off + i, MP_R_RFC5322_8BIT);
			return;
		}
		size_t k = mp_utf8_seq_len(f->raw.p + i, f->raw.n - i);
		if (k == 0) {
			mp_diag_push(&l->d, f->off + i, MP_R_RFC5322_UTF8_INVALID);
			return;
		}
		i += k - 1;
	}
}

mp_rc mp_lint_feed(mp_lint *l, const uint8_t *buf, size_t len, bool eof,
		   size_t *used_r)
{
	size_t used = 0;
	*used_r = 0;
	if (l->done)
		return MP_OK;
	for (;;) {
		mp_mt_event ev;
		size_t u = 0;
		mp_rc rc = mp_mimetree_next(&l->w, buf + used, len - used, eof,
					    l->out, sizeof(l->out), &ev, &u, &l->d);
		bool hdr = rc == MP_OK && (ev.kind == MP_MT_FIELD ||
					   ev.kind == MP_MT_PART_BEGIN);
		if (u > 0) {
			if (hdr) {
				/* header lines: the reader checked them */
				mp_8bitck_feed(&l->ck, buf + used, u, NULL);
				l->line_off = l->off + u;
				l->long_done = false;
				l->prev_cr = false;
			} else {
				body_bytes(l, buf + used, u);
			}
			used += u;
			l->off += u;
		}
		if (rc == MP_OK) {
			if (ev.kind == MP_MT_FIELD) {
				field(l, &ev);
			} else if (ev.kind == MP_MT_PART_BEGIN) {
				l->parts++;
			} else if (ev.kind == MP_MT_END) {
				mp_8bitck_finish(&l->ck, &l->d);
				if (l->mime_fields && !l->version)
					mp_diag_push(&l->d, l->mime_at,
						     MP_R_MIMETREE_VERSION_MISSING);
				l->done = true;
			}
		}
		drain(l);
		if (rc != MP_OK || l->done)
			break;
	}
	*used_r = used;
	return l->done ? MP_OK : MP_NEED_MORE;
}

size_t mp_lint_findings(const mp_lint *l, mp_lint_finding *v, size_t cap)
{
	size_t n = 0;
	for (unsigned r = 0; r < MP_R_COUNT; r++) {
		if (l->count[r] == 0)
			continue;
		mp_lint_finding f = { (mp_rule)r, l->first[r], l->count[r] };
		/* insertion by first offset, then rule id */
		size_t at = n < cap ? n : cap;
		while (at > 0 && v[at - 1].first > f.first)
			at--;
		if (at < cap) {
			size_t last = n < cap ? n : cap - 1;
			memmove(v + at + 1, v + at, (last - at) * sizeof(*v));
			v[at] = f;
		}
		n++;
	}
	return n;
}

bool mp_lint_nonconforming(const mp_lint *l)
{
	for (unsigned r = 0; r < MP_R_COUNT; r++) {
		if (l->count[r] == 0)
			continue;
		mp_level lv = mp_rule_level((mp_rule)r);
		if (lv == MP_MUST || lv == MP_SHOULD)
			return true;
	}
	return false;
}
