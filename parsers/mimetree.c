/* mimetree.c: the MIME part tree walked as a stream (mailprobe/mimetree.h).
 *   RFC 2046 5.1.1:
 *     multipart-body := [preamble CRLF] dash-boundary transport-padding
 *                       CRLF body-part *encapsulation close-delimiter
 *                       transport-padding [CRLF epilogue]
 *     dash-boundary := "--" boundary
 *     delimiter := CRLF dash-boundary
 *     close-delimiter := delimiter "--"
 *     transport-padding := *LWSP-char
 *     boundary := 0*69<bchars> bcharsnospace
 *   RFC 2045 5.2, 6.1 (defaults), 2.7, 2.8, 6.2, 6.4; RFC 2046 5.1.5,
 *   5.2.1; RFC 6532 3.5.
 *
 * The walker keeps a stack of open entities (the message, multiparts,
 * encapsulated messages, the leaf being read). Body octets are searched
 * for "-" with memchr: only a "--" at a line start can begin a delimiter,
 * and it is matched against the boundaries of the open multiparts,
 * innermost first. The line end before a delimiter belongs to it, so a
 * body never hands out a trailing CR or LF before the next byte is seen.
 * A delimiter of an enclosing multipart ends the inner entities (each
 * multipart among them without its close delimiter is a diag). */
#include <string.h>

#include "mailprobe/mimetree.h"

enum { ST_HEADER = 0, ST_BODY, ST_PREAMBLE, ST_PARTS, ST_EPILOGUE, ST_MSG };
enum { PEND_NONE = 0, PEND_DELIM, PEND_EOF };
enum { M_NO = 0, M_YES, M_MORE };
enum { SC_MORE = 0, SC_DELIM, SC_END };

/* ---- field bodies: a small local reader of Content-Type and
 * Content-Transfer-Encoding (see the note in mimetree.h) ---------------- */

/* RFC 2045 5.1: token := 1*<any (US-ASCII) CHAR except SPACE, CTLs, or
 * tspecials>; tspecials := ( ) < > @ , ; : \ " / [ ] ? = */
static bool is_token(uint8_t c)
{
	if (c <= 32 || c >= 127)
		return false;
	return strchr("()<>@,;:\\\"/[]?=", c) == NULL;
}

/* RFC 2046 5.1.1: bcharsnospace := DIGIT / ALPHA / "'" / "(" / ")" /
 * "+" / "_" / "," / "-" / "." / "/" / ":" / "=" / "?" */
static bool is_bchar(uint8_t c)
{
	return mp_is_alnum(c) || (c != 0 && strchr("'()+_,-./:=? ", c) != NULL);
}

/* CFWS as RFC 2045 allows it between tokens: white space, folds and
 * (nested) comments with quoted-pairs. */
static size_t skip_cfws(mp_slice v, size_t i)
{
	for (;;) {
		while (i < v.n && (v.p[i] == ' ' || v.p[i] == '\t' ||
				   v.p[i] == '\r' || v.p[i] == '\n'))
			i++;
		if (i >= v.n || v.p[i] != '(')
			return i;
		size_t depth = 0;
		while (i < v.n) {
			uint8_t c = v.p[i++];
			if (c == '\\' && i < v.n) {
				i++;
			} else if (c == '(') {
				depth++;
			} else if (c == ')' && --depth == 0) {
				break;
			}
		}
	}
}

static size_t skip_token(mp_slice v, size_t i)
{
	while (i < v.n && is_token(v.p[i]))
		i++;
	return i;
}

/* A quoted-string from v.p[i] == '"': the index after its closing quote,
 * or 0 when it is not closed. */
static size_t skip_quoted(mp_slice v, size_t i)
{
	for (i++; i < v.n; i++) {
		if (v.p[i] == '\\')
			i++;
		else if (v.p[i] == '"')
			return i + 1;
	}
	return 0;
}

/* type "/" subtype: MP_OK and *end_r, else MP_INVALID with *end_r at the
 * fault. */
static mp_rc type_sub(mp_slice v, size_t *ts, size_t *te, size_t *ss,
		      size_t *se, size_t *end_r)
{
	size_t i = skip_cfws(v, 0);
	*ts = i;
	i = skip_token(v, i);
	*te = i;
	if (i == *ts) {
		*end_r = i;
		return MP_INVALID;
	}
	i = skip_cfws(v, i);
	if (i >= v.n || v.p[i] != '/') {
		*end_r = i;
		return MP_INVALID;
	}
	i = skip_cfws(v, i + 1);
	*ss = i;
	i = skip_token(v, i);
	*se = i;
	*end_r = i;
	return i == *ss ? MP_INVALID : MP_OK;
}

/* As mp_mt_param_next; *sloppy_r when a token value ran on with octets a
 * token may not hold (an unquoted "----=_NextPart_..." boundary): the
 * value is read up to the next ";" or white space, as mail readers do. */
static mp_rc param_next(mp_slice value, size_t *pos, mp_slice *attr_r,
			mp_slice *val_r, bool *sloppy_r)
{
	size_t i = *pos;
	if (i == 0) {
		size_t a, b, c, e;
		if (type_sub(value, &a, &b, &c, &e, &i) != MP_OK) {
			*pos = i;
			return MP_INVALID;
		}
	}
	i = skip_cfws(value, i);
	if (i >= value.n) {
		*pos = i;
		return MP_NEED_MORE;
	}
	if (value.p[i] != ';') {
		*pos = i;
		return MP_INVALID;
	}
	i = skip_cfws(value, i + 1);
	if (i >= value.n) { /* a trailing ";": common, harmless */
		*pos = i;
		return MP_NEED_MORE;
	}
	size_t as = i;
	i = skip_token(value, i);
	if (i == as) {
		*pos = i;
		return MP_INVALID;
	}
	*attr_r = MP_SLICE(value.p + as, i - as);
	i = skip_cfws(value, i);
	if (i >= value.n || value.p[i] != '=') {
		*pos = i;
		return MP_INVALID;
	}
	i = skip_cfws(value, i + 1);
	size_t vs = i;
	if (i < value.n && value.p[i] == '"') {
		size_t q = skip_quoted(value, i);
		if (q == 0) {
			*pos = i;
			return MP_INVALID;
		}
		i = q;
	} else {
		i = skip_token(value, i);
		if (i < value.n && value.p[i] != ';' && value.p[i] != ' ' &&
		    value.p[i] != '\t' && value.p[i] != '\r' &&
		    value.p[i] != '\n' && value.p[i] != '(' &&
		    value.p[i] != '"') {
			while (i < value.n && value.p[i] != ';' && value.p[i] != ' ' &&
			       value.p[i] != '\t' && value.p[i] != '\r' &&
			       value.p[i] != '\n')
				i++;
			*sloppy_r = true;
		}
		if (i == vs) {
			*pos = i;
			return MP_INVALID;
		}
	}
	*val_r = MP_SLICE(value.p + vs, i - vs);
	*pos = i;
	return MP_OK;
}

mp_rc mp_mt_param_next(mp_slice value, size_t *pos, mp_slice *attr_r,
		       mp_slice *val_r)
{
	bool sloppy = false;
	return param_next(value, pos, attr_r, val_r, &sloppy);
}

/* Lower-cased copy into a NUL-terminated buffer of cap bytes (cut). */
static void copy_lower(char *dst, size_t cap, mp_slice s)
{
	size_t n = s.n < cap - 1 ? s.n : cap - 1;
	for (size_t i = 0; i < n; i++)
		dst[i] = (char)mp_ascii_lower(s.p[i]);
	dst[n] = '\0';
}

/* Unquotes a value (quotes, quoted-pairs, folds) into dst[0..cap);
 * *n_r bytes, or false when it does not fit. */
static bool unquote(mp_slice v, uint8_t *dst, size_t cap, size_t *n_r)
{
	size_t n = 0;
	size_t i = 0, e = v.n;
	if (v.n >= 2 && v.p[0] == '"') {
		i = 1;
		e = v.n - 1;
	}
	for (; i < e; i++) {
		uint8_t c = v.p[i];
		if (c == '\r' || c == '\n')
			continue;
		if (c == '\\' && i + 1 < e)
			c = v.p[++i];
		if (n >= cap)
			return false;
		dst[n++] = c;
	}
	*n_r = n;
	return true;
}

static int hexval(uint8_t c)
{
	return mp_is_digit(c) ? c - '0' : mp_ascii_lower(c) - 'a' + 10;
}

/* An RFC 2231 4 ext-value, [charset] "'" [language] "'" *(attr-char /
 * "%" 2HEXDIG), decoded into dst (the octets as they are: a boundary is
 * ASCII); false when it does not fit or has no two quotes. */
static bool ext_value(mp_slice v, uint8_t *dst, size_t cap, size_t *n_r)
{
	size_t i = 0, q = 0, n = 0;
	if (v.n >= 2 && v.p[0] == '"' && v.p[v.n - 1] == '"')
		v = MP_SLICE(v.p + 1, v.n - 2); /* quoted, though it should not be */
	while (i < v.n && q < 2)
		if (v.p[i++] == '\'')
			q++;
	if (q < 2)
		return false;
	for (; i < v.n; i++) {
		uint8_t c = v.p[i];
		if (c == '%' && i + 2 < v.n && mp_is_hex(v.p[i + 1]) &&
		    mp_is_hex(v.p[i + 2])) {
			c = (uint8_t)(hexval(v.p[i + 1]) * 16 + hexval(v.p[i + 2]));
			i += 2;
		}
		if (n >= cap)
			return false;
		dst[n++] = c;
	}
	*n_r = n;
	return true;
}

static void ctype_read(mp_mt_frame *fr, mp_slice v, uint64_t voff,
		       mp_diags *d)
{
	mp_mt_part *p = &fr->part;
	size_t ts, te, ss, se, end;
	if (p->has_ctype || p->ctype_invalid)
		return; /* the first Content-Type counts */
	if (type_sub(v, &ts, &te, &ss, &se, &end) != MP_OK) {
		mp_diag_push(d, voff + end, MP_R_MIME_TYPE_SYNTAX);
		p->ctype_invalid = true; /* RFC 2045 5.2: the default stands */
		return;
	}
	p->has_ctype = true;
	copy_lower(p->type, sizeof(p->type), MP_SLICE(v.p + ts, te - ts));
	copy_lower(p->subtype, sizeof(p->subtype), MP_SLICE(v.p + ss, se - ss));
	p->charset[0] = '\0';
	p->boundary[0] = '\0';
	fr->blen = 0;
	bool multi = strcmp(p->type, "multipart") == 0;
	bool have_b = false;
	size_t pos = end;
	mp_slice a, val;
	mp_rc rc;
	for (;;) {
		bool sloppy = false;
		size_t at0 = pos;
		rc = param_next(v, &pos, &a, &val, &sloppy);
		if (rc != MP_OK)
			break;
		if (sloppy)
			mp_diag_push(d, voff + skip_cfws(v, at0), MP_R_MIME_PARAM_SYNTAX);
		if (mp_slice_is_ci(a, "charset") && p->charset[0] == '\0') {
			uint8_t tmp[MP_MT_TOKEN_MAX + 1];
			size_t n;
			if (!unquote(val, tmp, sizeof(tmp) - 1, &n))
				n = sizeof(tmp) - 1;
			copy_lower(p->charset, sizeof(p->charset), MP_SLICE(tmp, n));
		} else if (multi && !have_b &&
			   (mp_slice_is_ci(a, "boundary") || mp_slice_is_ci(a, "boundary*"))) {
			uint64_t at = voff + (size_t)(val.p - v.p);
			size_t n = 0;
			bool ok;
			have_b = true;
			if (a.n == 8)
				ok = unquote(val, (uint8_t *)p->boundary,
					     MP_MT_BOUNDARY_MAX, &n);
			else /* RFC 2231 4: charset'lang'%XX */
				ok = ext_value(val, (uint8_t *)p->boundary,
					       MP_MT_BOUNDARY_MAX, &n);
			if (!ok || n == 0) {
				mp_diag_push(d, at, MP_R_MIME_BOUNDARY_SYNTAX);
				p->boundary[0] = '\0';
				continue;
			}
			p->boundary[n] = '\0';
			fr->blen = (uint8_t)n;
			for (size_t i = 0; i < n; i++)
				if (!is_bchar((uint8_t)p->boundary[i])) {
					mp_diag_push(d, at, MP_R_MIME_BOUNDARY_SYNTAX);
					break;
				}
			if (p->boundary[n - 1] == ' ')
				mp_diag_push(d, at, MP_R_MIME_BOUNDARY_SYNTAX);
		}
	}
	if (rc == MP_INVALID)
		mp_diag_push(d, voff + pos, MP_R_MIME_PARAM_SYNTAX);
	if (multi && !have_b)
		mp_diag_push(d, voff, MP_R_MIME_BOUNDARY_MISSING);
}

static const char *const cte_names[] = { "7bit", "8bit", "binary",
	"quoted-printable", "base64", "x-token", "unknown" };

static void cte_read(mp_mt_part *p, mp_slice v, uint64_t voff, mp_diags *d)
{
	if (p->has_cte)
		return;
	size_t i = skip_cfws(v, 0), s = i;
	i = skip_token(v, i);
	mp_slice t = MP_SLICE(v.p + s, i - s);
	if (t.n == 0 || skip_cfws(v, i) != v.n) {
		mp_diag_push(d, voff + (t.n ? i : s), MP_R_MIME_CTE_SYNTAX);
		if (t.n == 0)
			return; /* the default stands */
	}
	p->has_cte = true;
	for (int c = MP_CTE_7BIT; c <= MP_CTE_BASE64; c++)
		if (mp_slice_is_ci(t, cte_names[c])) {
			p->cte = (mp_mime_cte)c;
			return;
		}
	if (t.n > 2 && (t.p[0] == 'x' || t.p[0] == 'X') && t.p[1] == '-') {
		p->cte = MP_CTE_XTOKEN;
		return;
	}
	p->cte = MP_CTE_UNKNOWN;
	mp_diag_push(d, voff + s, MP_R_MIME_CTE_UNKNOWN);
}

/* ---- names ------------------------------------------------------------- */

const char *mp_mt_shape_name(mp_mt_shape s)
{
	static const char *const n[] = { "leaf", "multipart", "message" };
	return (unsigned)s < MP_ARRAY_LEN(n) ? n[s] : "?";
}

const char *mp_mt_kind_name(mp_mt_kind k)
{
	static const char *const n[] = { "field", "part_begin", "body",
		"preamble", "epilogue", "part_end", "end" };
	return (unsigned)k < MP_ARRAY_LEN(n) ? n[k] : "?";
}

const char *mp_mt_cte_name(mp_mime_cte c)
{
	return (unsigned)c < MP_ARRAY_LEN(cte_names) ? cte_names[c] : "?";
}

/* ---- frames ------------------------------------------------------------- */

static unsigned max_depth(const mp_mimetree *w)
{
	unsigned m = w->opts.max_depth ? w->opts.max_depth : MP_MT_DEPTH_DEFAULT;
	return m > MP_MT_DEPTH_HARD ? MP_MT_DEPTH_HARD : m;
}

/* Opens an entity whose header starts at w->off; is_msg: a message (the
 * root or an encapsulated one), else a body part. */
static void push(mp_mimetree *w, bool is_msg)
{
	mp_mt_frame *fr = &w->f[w->nf];
	const mp_mt_frame *par = w->nf ? &w->f[w->nf - 1] : NULL;
	memset(fr, 0, sizeof(*fr));
	fr->part.id = w->next_id++;
	fr->part.parent = par ? par->part.id : UINT32_MAX;
	fr->part.depth = w->nf;
	fr->part.index = par ? par->part.children : 0;
	fr->part.off = w->off;
	fr->part.body_off = w->off;
	if (par && par->digest) {
		memcpy(fr->part.type, "message", 8);
		memcpy(fr->part.subtype, "rfc822", 7);
	} else {
		memcpy(fr->part.type, "text", 5);
		memcpy(fr->part.subtype, "plain", 6);
	}
	if (par)
		w->f[w->nf - 1].part.children++;
	fr->state = ST_HEADER;
	w->nf++;
	mp_rfc5322_opts ho = w->opts.hdr;
	if (!is_msg)
		ho.flags |= MP_RFC5322_PART;
	mp_rfc5322_reader_init(&w->hr, &ho);
	w->hr.off = w->off;
	w->bol = true;
	w->safe = 0;
}

void mp_mimetree_init(mp_mimetree *w, const mp_mt_opts *o, uint64_t offset)
{
	memset(w, 0, sizeof(*w));
	if (o)
		w->opts = *o;
	w->off = offset;
	push(w, true);
}

/* The header of the top frame ended: the body starts at body_off. */
static void header_done(mp_mimetree *w, uint64_t body_off, mp_diags *d)
{
	mp_mt_frame *fr = &w->f[w->nf - 1];
	mp_mt_part *p = &fr->part;
	p->body_off = body_off;
	if (strcmp(p->type, "text") == 0 && p->charset[0] == '\0')
		memcpy(p->charset, "us-ascii", 9);
	bool composite = false;
	p->shape = MP_MT_LEAF;
	if (strcmp(p->type, "multipart") == 0) {
		composite = true;
		if (fr->blen)
			p->shape = MP_MT_MULTIPART;
	} else if (strcmp(p->type, "message") == 0 &&
		   (strcmp(p->subtype, "rfc822") == 0 ||
		    strcmp(p->subtype, "global") == 0)) {
		composite = true;
		if (p->cte != MP_CTE_QP && p->cte != MP_CTE_BASE64)
			p->shape = MP_MT_MESSAGE;
	}
	/* RFC 2045 6.4: only the identity encodings for composite types
	 * (RFC 6532 3.5 lets message/global be encoded) */
	if (composite && p->cte != MP_CTE_7BIT && p->cte != MP_CTE_8BIT &&
	    p->cte != MP_CTE_BINARY && strcmp(p->subtype, "global") != 0)
		mp_diag_push(d, p->off, MP_R_MIME_CTE_COMPOSITE);
	if (p->shape != MP_MT_LEAF && p->depth + 1 > max_depth(w)) {
		mp_diag_push(d, p->off, MP_R_MIMETREE_DEPTH);
		p->shape = MP_MT_LEAF;
	}
	w->bol = true;
	w->safe = 0;
	if (p->shape == MP_MT_MULTIPART) {
		fr->state = ST_PREAMBLE;
		fr->digest = strcmp(p->subtype, "digest") == 0;
		for (uint32_t k = 0; k + 1 < w->nf; k++) {
			const mp_mt_frame *o = &w->f[k];
			if (o->part.shape == MP_MT_MULTIPART &&
			    (o->state == ST_PREAMBLE || o->state == ST_PARTS) &&
			    o->blen <= fr->blen &&
			    memcmp(o->part.boundary, p->boundary, o->blen) == 0) {
				mp_diag_push(d, p->off, MP_R_MIMETREE_BOUNDARY_PREFIX);
				break;
			}
		}
		w->active++;
		return;
	}
	if (p->shape == MP_MT_MESSAGE) {
		fr->state = ST_MSG;
		push(w, true); /* PART_BEGIN still points at fr */
		return;
	}
	fr->state = ST_BODY;
	p->decoded = (w->opts.flags & MP_MT_DECODE) &&
		     (p->cte == MP_CTE_QP || p->cte == MP_CTE_BASE64);
	if (p->cte == MP_CTE_BASE64)
		mp_b64dec_init(&w->b64, MP_B64_MIME, body_off);
	else if (p->cte == MP_CTE_QP)
		mp_qpdec_init(&w->qp, body_off);
	mp_8bitck_init(&w->ck, 0, body_off);
	mp_diags_init(&w->ckd, w->ckv, MP_ARRAY_LEN(w->ckv));
}

static bool validating(const mp_mimetree *w, const mp_mt_part *p)
{
	return (w->opts.flags & MP_MT_VALIDATE) &&
	       (p->cte == MP_CTE_7BIT || p->cte == MP_CTE_8BIT);
}

/* The first diag of the 7-bit checker that is one of r1, r2 ...: its
 * offset, else fallback. */
static uint64_t first_of(const mp_diags *cd, const mp_rule *rs, size_t nr,
			 uint64_t fallback)
{
	for (size_t i = 0; i < cd->n; i++)
		for (size_t k = 0; k < nr; k++)
			if (cd->v[i].rule == rs[k])
				return cd->v[i].offset;
	return fallback;
}

static void validate_end(mp_mimetree *w, const mp_mt_part *p, mp_diags *d)
{
	static const mp_rule high[] = { MP_R_WIRE_8BIT_OCTET };
	static const mp_rule lines[] = { MP_R_WIRE_NUL, MP_R_WIRE_BARE_CR,
		MP_R_WIRE_BARE_LF, MP_R_WIRE_LINE_TOO_LONG };
	mp_8bitck_finish(&w->ck, &w->ckd);
	const mp_8bit_stats *st = &w->ck.st;
	if (p->cte == MP_CTE_7BIT && st->high)
		mp_diag_push(d, first_of(&w->ckd, high, 1, p->body_off),
			     MP_R_MIMETREE_7BIT_HIGH);
	if (st->nul || st->bare_cr || st->bare_lf || st->long_lines)
		mp_diag_push(d, first_of(&w->ckd, lines, 4, p->body_off),
			     MP_R_MIMETREE_NOT_LINES);
}

/* ---- delimiters --------------------------------------------------------- */

struct delim {
	uint32_t k;   /* frame of the multipart */
	bool close;
	bool pad;
	size_t dash;  /* index of the "--" */
	size_t end;   /* index after the delimiter line's end */
};

/* Does b[j..) hold boundary bnd followed by ["--"] padding and a line end
 * (or the end of the stream)? */
static int match1(const char *bnd, size_t blen, const uint8_t *b, size_t n,
		  size_t j, bool eof, struct delim *dm)
{
	size_t avail = n - j;
	size_t cmp = avail < blen ? avail : blen;
	if (memcmp(b + j, bnd, cmp) != 0)
		return M_NO;
	if (avail < blen)
		return eof ? M_NO : M_MORE;
	size_t q = j + blen;
	dm->close = false;
	if (q < n && b[q] == '-') {
		if (q + 1 >= n)
			return eof ? M_NO : M_MORE;
		if (b[q + 1] != '-')
			return M_NO;
		dm->close = true;
		q += 2;
	}
	size_t ps = q;
	while (q < n && (b[q] == ' ' || b[q] == '\t') && q - ps <= MP_MT_PAD_MAX)
		q++;
	if (q - ps > MP_MT_PAD_MAX)
		return M_NO;
	dm->pad = q > ps;
	if (q >= n) {
		if (!eof)
			return M_MORE;
		dm->end = n;
		return M_YES;
	}
	if (b[q] == '\n') {
		dm->end = q + 1;
		return M_YES;
	}
	if (b[q] != '\r')
		return M_NO;
	if (q + 1 >= n) {
		if (!eof)
			return M_MORE;
		return M_NO;
	}
	if (b[q + 1] != '\n')
		return M_NO;
	dm->end = q + 2;
	return M_YES;
}

/* A "-" at b[i], at a line start: a delimiter of an open multipart? */
static int match_all(const mp_mimetree *w, const uint8_t *b, size_t n,
		     size_t i, bool eof, struct delim *dm)
{
	if (i + 1 >= n)
		return eof ? M_NO : M_MORE;
	if (b[i + 1] != '-')
		return M_NO;
	bool more = false;
	for (uint32_t k = w->nf; k-- > 0;) {
		const mp_mt_frame *fr = &w->f[k];
		/* a multipart whose header is still being read: its own
		 * delimiter ends that header too */
		bool own = fr->state == ST_HEADER && fr->blen > 0 &&
			   strcmp(fr->part.type, "multipart") == 0;
		if (!own && (fr->part.shape != MP_MT_MULTIPART ||
			     (fr->state != ST_PREAMBLE && fr->state != ST_PARTS)))
			continue;
		int r = match1(fr->part.boundary, fr->blen, b, n, i + 2, eof, dm);
		if (r == M_YES) {
			if (more)
				return M_MORE;
			dm->k = k;
			dm->dash = i;
			return M_YES;
		}
		if (r == M_MORE)
			more = true;
	}
	return more ? M_MORE : M_NO;
}

/* The index where the line end before b[i] starts (i itself when b[i]
 * starts the buffer at a line start). */
static size_t line_end_before(const uint8_t *b, size_t i)
{
	if (i == 0 || b[i - 1] != '\n')
		return i;
	i--;
	if (i > 0 && b[i - 1] == '\r')
		i--;
	return i;
}

/* Body octets of b[0..n) up to *e_r, then: SC_DELIM (a delimiter line
 * starts at *e_r, dm says which), SC_MORE (what follows *e_r needs more
 * bytes) or SC_END (eof: everything is body). */
static int scan(mp_mimetree *w, const uint8_t *b, size_t n, bool eof,
		size_t *e_r, struct delim *dm)
{
	if (w->active == 0) {
		*e_r = n;
		return eof ? SC_END : SC_MORE;
	}
	size_t p = w->safe < n ? w->safe : n;
	for (;;) {
		const uint8_t *m = p < n ? memchr(b + p, '-', n - p) : NULL;
		if (m == NULL) {
			size_t e = n;
			if (!eof) {
				if (e > 0 && b[e - 1] == '\n') {
					e--;
					if (e > 0 && b[e - 1] == '\r')
						e--;
				} else if (e > 0 && b[e - 1] == '\r') {
					e--;
				}
			}
			*e_r = e;
			return eof ? SC_END : SC_MORE;
		}
		size_t i = (size_t)(m - b);
		bool bol = i == 0 ? (w->bol && w->safe == 0) : b[i - 1] == '\n';
		if (!bol) {
			p = i + 1;
			continue;
		}
		int r = match_all(w, b, n, i, eof, dm);
		if (r == M_NO) {
			p = i + 1;
			continue;
		}
		*e_r = line_end_before(b, i);
		return r == M_MORE ? SC_MORE : SC_DELIM;
	}
}

/* ---- the walk ----------------------------------------------------------- */

/* Hands out b[0..e) as the top frame's body, preamble or epilogue. */
static size_t emit(mp_mimetree *w, const uint8_t *b, size_t e, uint8_t *out,
		   size_t cap, mp_mt_event *ev, mp_diags *d)
{
	mp_mt_frame *fr = &w->f[w->nf - 1];
	mp_mt_part *p = &fr->part;
	ev->part = p;
	ev->off = w->off;
	ev->raw = MP_SLICE(b, e);
	ev->dec = ev->raw;
	if (fr->state == ST_PREAMBLE) {
		ev->kind = MP_MT_PREAMBLE;
		return e;
	}
	if (fr->state == ST_EPILOGUE) {
		ev->kind = MP_MT_EPILOGUE;
		return e;
	}
	ev->kind = MP_MT_BODY;
	if (p->decoded) {
		size_t u = 0, wr = 0;
		if (p->cte == MP_CTE_BASE64)
			mp_b64dec_feed(&w->b64, b, e, out, cap, &u, &wr, d);
		else
			mp_qpdec_feed(&w->qp, b, e, out, cap, &u, &wr, d);
		ev->raw.n = u;
		ev->dec = MP_SLICE(out, wr);
		p->dec_size += wr;
	} else {
		p->dec_size += e;
	}
	if (validating(w, p))
		mp_8bitck_feed(&w->ck, b, ev->raw.n, &w->ckd);
	p->raw_size += ev->raw.n;
	return ev->raw.n;
}

/* One step of the work a delimiter or the end leaves: pops the frames
 * above pop_to one PART_END at a time. MP_OK with an event, or
 * MP_NEED_MORE when the work is done (no event), MP_NOSPACE. */
static mp_rc pending(mp_mimetree *w, const uint8_t *buf, uint8_t *out,
		     size_t cap, mp_mt_event *ev, mp_diags *d)
{
	while (w->nf > w->pop_to) {
		mp_mt_frame *t = &w->f[w->nf - 1];
		mp_mt_part *p = &t->part;
		if (t->state == ST_BODY && p->decoded && !w->tail_done) {
			size_t wr = 0;
			if (cap < MP_MT_OUT_MIN)
				return MP_NOSPACE;
			if (p->cte == MP_CTE_BASE64)
				mp_b64dec_finish(&w->b64, out, cap, &wr, d);
			else
				mp_qpdec_finish(&w->qp, out, cap, &wr, d);
			w->tail_done = true;
			if (wr > 0) {
				p->dec_size += wr;
				ev->kind = MP_MT_BODY;
				ev->part = p;
				ev->off = w->pend_end;
				ev->raw = MP_SLICE(buf, 0);
				ev->dec = MP_SLICE(out, wr);
				return MP_OK;
			}
		}
		if (t->state == ST_BODY && validating(w, p))
			validate_end(w, p, d);
		if (t->state == ST_HEADER) {
			/* the end came inside the header (only at eof) */
			p->body_off = w->pend_end;
		}
		if (p->shape == MP_MT_MULTIPART) {
			if (t->state != ST_EPILOGUE) {
				mp_diag_push(d, w->pend_at, MP_R_MIMETREE_CLOSE_MISSING);
				w->active--;
			}
			if (p->children == 0 && t->state != ST_EPILOGUE)
				mp_diag_push(d, w->pend_at, MP_R_MIMETREE_NO_PARTS);
		}
		p->end_off = w->pend_end;
		if (p->shape != MP_MT_LEAF || t->state != ST_BODY) {
			p->raw_size = p->end_off - p->body_off;
			p->dec_size = p->raw_size;
		}
		w->nf--;
		w->tail_done = false;
		ev->kind = MP_MT_PART_END;
		ev->part = p;
		ev->off = p->end_off;
		return MP_OK;
	}
	if (w->pend == PEND_EOF) {
		w->pend = PEND_NONE;
		w->done = true;
		ev->kind = MP_MT_END;
		ev->off = w->off;
		return MP_OK;
	}
	mp_mt_frame *m = &w->f[w->nf - 1];
	w->pend = PEND_NONE;
	if (w->pend_close) {
		if (m->part.children == 0)
			mp_diag_push(d, w->pend_at, MP_R_MIMETREE_NO_PARTS);
		m->state = ST_EPILOGUE;
		m->part.closed = true;
		w->active--;
		w->bol = true;
		w->safe = 0;
	} else {
		m->state = ST_PARTS;
		push(w, false);
	}
	return MP_NEED_MORE;
}

mp_rc mp_mimetree_next(mp_mimetree *w, const uint8_t *buf, size_t len,
		       bool eof, uint8_t *out, size_t cap, mp_mt_event *ev,
		       size_t *used_r, mp_diags *d)
{
	size_t used = 0;
	*used_r = 0;
	ev->kind = MP_MT_END;
	ev->part = NULL;
	ev->raw = MP_SLICE(buf, 0);
	ev->dec = ev->raw;
	ev->off = w->off;
	if (w->done)
		return MP_NEED_MORE;
	for (;;) {
		const uint8_t *b = buf + used;
		size_t n = len - used;
		*used_r = used;
		if (w->pend != PEND_NONE) {
			mp_rc rc = pending(w, b, out, cap, ev, d);
			if (rc != MP_NEED_MORE)
				return rc;
			continue;
		}
		mp_mt_frame *fr = &w->f[w->nf - 1];
		if (fr->state == ST_HEADER) {
			struct delim dm;
			if ((w->active || fr->blen) && n > 0 && b[0] == '-') {
				int r = match_all(w, b, n, 0, eof, &dm);
				if (r == M_MORE)
					return MP_NEED_MORE;
				if (r == M_YES) {
					mp_diag_push(d, w->off, MP_R_MIMETREE_HEADER_UNENDED);
					header_done(w, w->off, d);
					ev->kind = MP_MT_PART_BEGIN;
					ev->part = &fr->part;
					ev->off = fr->part.off;
					return MP_OK;
				}
			}
			size_t u = 0;
			mp_rc rc = mp_rfc5322_next(&w->hr, b, n, eof, &ev->field,
						   &u, d);
			used += u;
			w->off += u;
			*used_r = used;
			if (rc != MP_OK)
				return MP_NEED_MORE;
			if (ev->field.kind == MP_RFC5322_END) {
				if (!ev->field.has_body && fr->part.depth > 0 &&
				    (w->active || eof) &&
				    w->f[fr->part.depth - 1].part.shape ==
					    MP_MT_MULTIPART)
					mp_diag_push(d, ev->field.off,
						     MP_R_MIMETREE_HEADER_UNENDED);
				header_done(w, ev->field.body_off, d);
				ev->kind = MP_MT_PART_BEGIN;
				ev->part = &fr->part;
				ev->off = fr->part.off;
				return MP_OK;
			}
			if (ev->field.kind == MP_RFC5322_FIELD) {
				mp_diags *fd = (w->opts.flags & MP_MT_QUIET_FIELDS)
						       ? NULL : d;
				if (ev->field.id == MP_HDR_CONTENT_TYPE)
					ctype_read(fr, ev->field.value,
						   ev->field.voff, fd);
				else if (ev->field.id == MP_HDR_CONTENT_TE)
					cte_read(&fr->part, ev->field.value,
						 ev->field.voff, fd);
				else if (ev->field.id == MP_HDR_MIME_VERSION)
					fr->part.has_version = true;
			}
			ev->kind = MP_MT_FIELD;
			ev->part = &fr->part;
			ev->off = ev->field.off;
			return MP_OK;
		}
		/* a body, preamble or epilogue */
		if (fr->state == ST_BODY && fr->part.decoded &&
		    cap < MP_MT_OUT_MIN)
			return MP_NOSPACE;
		size_t e = 0;
		struct delim dm;
		int s = scan(w, b, n, eof, &e, &dm);
		if (e > 0) {
			size_t c = emit(w, b, e, out, cap, ev, d);
			w->safe = e - c;
			if (c > 0)
				w->bol = false;
			used += c;
			w->off += c;
			*used_r = used;
			return MP_OK;
		}
		if (s == SC_MORE)
			return MP_NEED_MORE;
		w->pend_end = w->off;
		if (s == SC_END) {
			w->pend = PEND_EOF;
			w->pop_to = 0;
			w->pend_at = w->off;
			continue;
		}
		w->pend = PEND_DELIM;
		w->pop_to = dm.k + 1;
		w->pend_close = dm.close;
		w->pend_at = w->off + dm.dash;
		if (dm.pad)
			mp_diag_push(d, w->off + dm.dash, MP_R_MIMETREE_DELIM_PADDING);
		used += dm.end;
		w->off += dm.end;
	}
}
