/* mime-fields.c: the MIME header fields, one body at a time.
 *   RFC 2045 4 (MIME-Version), 5.1 (Content-Type: type "/" subtype
 *   *(";" parameter), tokens and tspecials), 5.2 (defaults), 6.1, 6.4
 *   (Content-Transfer-Encoding, unknown mechanisms), 7 (Content-ID);
 *   RFC 2046 4.1.2 (charset), 5.1.1 (boundary: 1*70 bchars), 5.1.5
 *   (multipart/digest), 6.4 / 5 (composite types are 7bit, 8bit or
 *   binary); RFC 2183 2 (Content-Disposition and its parameters);
 *   RFC 2231 3 (continuations name*0 name*1 ...), 4 (name*=charset'lang'
 *   %XX), 4.1 (both together). */
#include <string.h>

#include "rfc5322-private.h"

/* ---- parameters ----------------------------------------------------------- */

/* attribute [*section] [*] as RFC 2231 3-4 extend RFC 2045's token. */
static void split_attr(mp_lx *x, mp_mime_param *p, size_t at)
{
	mp_slice a = p->attr;
	size_t star = mp_slice_find(a, '*');
	p->name = mp_slice_sub(a, 0, star);
	p->section = -1;
	if (star == a.n)
		return;
	mp_slice rest = mp_slice_sub(a, star + 1, a.n);
	if (rest.n == 0) {
		p->extended = true;
		return;
	}
	size_t k = 0;
	while (k < rest.n && mp_is_digit(rest.p[k]))
		k++;
	bool ext = k + 1 == rest.n && rest.p[k] == '*';
	uint64_t v;
	if (k == 0 || !(k == rest.n || ext) || (rest.p[0] == '0' && k > 1) ||
	    mp_slice_u64(mp_slice_sub(rest, 0, k), 4, &v) != MP_OK ||
	    v >= MP_RFC2231_SECTIONS_MAX) {
		mp_lx_diag(x, at + star, MP_R_RFC2231_SECTION_SYNTAX);
		return;
	}
	p->section = (int)v;
	p->extended = ext;
}

/* Error recovery: to the next ";" outside quoted strings, no diags. */
static void skip_param(mp_lx *x)
{
	while (!mp_lx_eof(x) && mp_lx_peek(x) != ';') {
		if (mp_lx_peek(x) == '"') {
			mp_lx y = *x;
			y.d = NULL;
			mp_lx_quoted(&y);
			x->i = y.i;
		} else {
			x->i++;
		}
	}
}

/* *(";" parameter); parameter = attribute "=" value. Stores up to cap in
 * v, returns how many were read. */
static size_t param_list(mp_lx *x, mp_mime_param *v, size_t cap)
{
	size_t n = 0;
	bool many = false;
	for (;;) {
		mp_lx_cfws(x);
		if (mp_lx_eof(x))
			break;
		if (mp_lx_peek(x) != ';') {
			mp_lx_diag(x, x->i, MP_R_MIME_PARAM_SYNTAX);
			skip_param(x);
			continue;
		}
		size_t semi = x->i++;
		mp_lx_cfws(x);
		if (mp_lx_eof(x)) {
			/* "text/plain;": a trailing ";" is no parameter */
			mp_lx_obs(x, semi, MP_R_MIME_PARAM_SYNTAX);
			break;
		}
		mp_mime_param p;
		memset(&p, 0, sizeof(p));
		size_t at = x->i;
		size_t k = mp_lx_token(x);
		if (k == 0) {
			mp_lx_diag(x, at, MP_R_MIME_PARAM_SYNTAX);
			skip_param(x);
			continue;
		}
		p.attr = mp_slice_sub(x->s, at, k);
		p.off = x->off + at;
		mp_lx_cfws(x);
		if (mp_lx_peek(x) != '=') {
			mp_lx_diag(x, x->i, MP_R_MIME_PARAM_SYNTAX);
			skip_param(x);
			continue;
		}
		x->i++;
		mp_lx_cfws(x);
		size_t vat = x->i;
		if (mp_lx_quoted(x)) {
			p.quoted = true;
		} else if (mp_lx_token(x) == 0) {
			mp_lx_diag(x, vat, MP_R_MIME_PARAM_SYNTAX);
			skip_param(x);
			continue;
		}
		p.value = mp_slice_sub(x->s, vat, x->i - vat);
		p.voff = x->off + vat;
		split_attr(x, &p, at);
		if (p.extended && p.quoted)
			mp_lx_diag(x, vat, MP_R_RFC2231_EXT_SYNTAX);
		if (n >= MP_MIME_PARAMS_MAX) {
			if (!many)
				mp_lx_diag(x, at, MP_R_MIME_PARAM_TOO_MANY);
			many = true;
			continue;
		}
		if (n < cap)
			v[n] = p;
		n++;
	}
	return n;
}

static mp_rc params_parse(mp_lx *x, mp_arena *a, mp_mime_params *ps)
{
	mp_lx y = *x;
	y.d = NULL;
	size_t cnt = param_list(&y, NULL, 0);
	mp_mime_param *v = NULL;
	ps->v = NULL;
	ps->n = 0;
	if (cnt) {
		v = a ? MP_NEW(a, mp_mime_param, cnt) : NULL;
		if (v == NULL) {
			mp_lx_diag(x, x->i, MP_R_ARENA_FULL);
			return MP_NOSPACE;
		}
	}
	size_t n = param_list(x, v, cnt);
	ps->v = v;
	ps->n = n < cnt ? n : cnt;
	return MP_OK;
}

/* A quoted-string's content (quoted-pairs resolved, folds removed) or a
 * token, as octets. */
static void unquote(const mp_mime_param *p, mp_sink *o, mp_conv *cv)
{
	mp_slice v = p->value;
	uint8_t buf[256];
	size_t nb = 0;
	size_t from = p->quoted ? 1 : 0;
	size_t to = p->quoted && v.n >= 2 && v.p[v.n - 1] == '"' ? v.n - 1 : v.n;
	for (size_t i = from; i < to; i++) {
		uint8_t c = v.p[i];
		if (p->quoted && (c == '\r' || c == '\n'))
			continue; /* folds */
		if (p->quoted && c == '\\' && i + 1 < to)
			c = v.p[++i];
		buf[nb++] = c;
		if (nb == sizeof buf) {
			if (cv)
				mp_conv_feed(cv, buf, nb, o, NULL);
			else
				mp_sink_put(o, buf, nb);
			nb = 0;
		}
	}
	if (cv)
		mp_conv_feed(cv, buf, nb, o, NULL);
	else
		mp_sink_put(o, buf, nb);
}

/* ext-octet = "%" 2(DIGIT / "A"-"F"); the rest of an ext-value. */
static void pct_decode(const mp_mime_param *p, size_t from, mp_sink *o,
		       mp_conv *cv, bool *bad, mp_diags *d, bool quiet)
{
	mp_slice v = p->value;
	uint8_t buf[256];
	size_t nb = 0;
	bool reported = quiet;
	for (size_t i = from; i < v.n; i++) {
		uint8_t c = v.p[i];
		if (c == '%') {
			if (i + 2 < v.n && mp_is_hex(v.p[i + 1]) && mp_is_hex(v.p[i + 2])) {
				int hi = mp_is_digit(v.p[i + 1]) ? v.p[i + 1] - '0' : (mp_ascii_lower(v.p[i + 1]) - 'a' + 10);
				int lo = mp_is_digit(v.p[i + 2]) ? v.p[i + 2] - '0' : (mp_ascii_lower(v.p[i + 2]) - 'a' + 10);
				c = (uint8_t)(hi * 16 + lo);
				i += 2;
			} else if (!reported) {
				mp_diag_push(d, p->voff + i, MP_R_RFC2231_PCT_ESCAPE);
				*bad = reported = true;
			}
		} else if ((c == '\'' || c == '*') && !reported) {
			mp_diag_push(d, p->voff + i, MP_R_RFC2231_EXT_SYNTAX);
			*bad = reported = true;
		}
		buf[nb++] = c;
		if (nb == sizeof buf) {
			if (cv)
				mp_conv_feed(cv, buf, nb, o, d);
			else
				mp_sink_put(o, buf, nb);
			nb = 0;
		}
	}
	if (cv)
		mp_conv_feed(cv, buf, nb, o, d);
	else
		mp_sink_put(o, buf, nb);
}

/* Among duplicates the least value wins, so the result does not depend
 * on the order sent. */
static bool better(const mp_mime_param *a, const mp_mime_param *b)
{
	size_t n = a->value.n < b->value.n ? a->value.n : b->value.n;
	int c = n ? memcmp(a->value.p, b->value.p, n) : 0;
	if (c != 0)
		return c < 0;
	if (a->value.n != b->value.n)
		return a->value.n < b->value.n;
	return a->extended && !b->extended;
}

mp_rc mp_mime_param_get(const mp_mime_params *ps, const char *name,
			uint8_t *out, size_t cap, size_t *len_r,
			mp_slice *charset_r, mp_slice *lang_r, mp_diags *d)
{
	mp_slice nm = MP_SLICE(name, strlen(name));
	const mp_mime_param *plain = NULL, *single = NULL, *first = NULL;
	size_t nplain = 0, nsingle = 0, nsec = 0;
	int maxsec = -1;
	bool bad = false;
	mp_sink o = { out, out ? cap : 0, 0, false };
	*len_r = 0;
	if (charset_r)
		*charset_r = MP_SLICE("", 0);
	if (lang_r)
		*lang_r = MP_SLICE("", 0);
	for (size_t i = 0; i < ps->n; i++) {
		const mp_mime_param *p = &ps->v[i];
		if (!mp_slice_eq_ascii_ci(p->name, nm))
			continue;
		if (first == NULL)
			first = p;
		if (p->section >= 0) {
			nsec++;
			if (p->section > maxsec)
				maxsec = p->section;
		} else if (p->extended) {
			if (nsingle++ == 0 || better(p, single))
				single = p;
			if (nsingle == 2)
				mp_diag_push(d, p->off, MP_R_MIME_PARAM_DUPLICATE), bad = true;
		} else {
			if (nplain++ == 0 || better(p, plain))
				plain = p;
			if (nplain == 2)
				mp_diag_push(d, p->off, MP_R_MIME_PARAM_DUPLICATE), bad = true;
		}
	}
	if (first == NULL)
		return MP_NEED_MORE;
	if (nsec == 0 && single == NULL) {
		unquote(plain, &o, NULL);
		if (o.nospace)
			return MP_NOSPACE;
		*len_r = o.n;
		return bad ? MP_INVALID : MP_OK;
	}
	if (plain)
		mp_diag_push(d, plain->off, MP_R_RFC2231_MIXED);
	if (nsec && single) {
		mp_diag_push(d, single->off, MP_R_MIME_PARAM_DUPLICATE);
		bad = true;
	}
	/* the sections in order: 0 .. maxsec, or the single extended value */
	mp_conv cv;
	bool conv = false;
	int last = nsec ? maxsec : 0;
	for (int k = 0; k <= last; k++) {
		const mp_mime_param *p = NULL;
		size_t dup = 0;
		if (nsec) {
			for (size_t i = 0; i < ps->n; i++) {
				const mp_mime_param *q = &ps->v[i];
				if (q->section != k || !mp_slice_eq_ascii_ci(q->name, nm))
					continue;
				if (dup++ == 0 || better(q, p))
					p = q;
				if (dup == 2) {
					mp_diag_push(d, q->off, MP_R_RFC2231_SECTION_DUPLICATE);
					bad = true;
				}
			}
			if (p == NULL) {
				mp_diag_push(d, first->off, MP_R_RFC2231_SECTION_MISSING);
				bad = true;
				continue;
			}
		} else {
			p = single;
		}
		if (!p->extended) {
			unquote(p, &o, conv ? &cv : NULL);
			continue;
		}
		size_t from = 0;
		bool quiet = false;
		if (k == 0) {
			/* ext-value = [charset] "'" [language] "'" value-chars */
			mp_slice v = p->value;
			size_t q1 = mp_slice_find(v, '\'');
			size_t q2 = q1 < v.n ? q1 + 1 + mp_slice_find(mp_slice_sub(v, q1 + 1, v.n), '\'') : v.n;
			if (q2 >= v.n) {
				mp_diag_push(d, p->voff, MP_R_RFC2231_EXT_SYNTAX);
				bad = quiet = true;
			} else {
				mp_slice cs = mp_slice_sub(v, 0, q1);
				if (charset_r)
					*charset_r = cs;
				if (lang_r)
					*lang_r = mp_slice_sub(v, q1 + 1, q2 - q1 - 1);
				from = q2 + 1;
				if (cs.n) {
					if (mp_conv_open(&cv, cs)) {
						conv = true;
						cv.off = p->voff;
					} else {
						mp_diag_push(d, p->voff, MP_R_RFC2047_CHARSET_UNKNOWN);
						bad = true;
					}
				}
			}
		}
		pct_decode(p, from, &o, conv ? &cv : NULL, &bad, d, quiet);
	}
	if (conv) {
		if (cv.ncarry) {
			mp_diag_push(d, cv.off, MP_R_RFC2047_CHARSET_INVALID);
			bad = true;
		}
		bad |= cv.invalid;
		mp_conv_close(&cv, &o);
	}
	if (o.nospace)
		return MP_NOSPACE;
	*len_r = o.n;
	return bad ? MP_INVALID : MP_OK;
}

mp_rc mp_mime_params_check(const mp_mime_params *ps, mp_arena *a,
			   mp_diags *d)
{
	bool bad = false;
	for (size_t i = 0; i < ps->n; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = mp_slice_eq_ascii_ci(ps->v[j].name, ps->v[i].name);
		if (seen)
			continue;
		/* scratch for the value: every section's octets, 3 UTF-8 octets
		 * (U+FFFD) at most per octet */
		size_t total = 16;
		for (size_t j = i; j < ps->n; j++)
			if (mp_slice_eq_ascii_ci(ps->v[j].name, ps->v[i].name))
				total += 3 * ps->v[j].value.n + 8;
		size_t mark = mp_arena_mark(a);
		uint8_t *buf = MP_NEW(a, uint8_t, total);
		if (buf == NULL) {
			mp_diag_push(d, ps->v[i].off, MP_R_ARENA_FULL);
			return MP_NOSPACE;
		}
		char name[128];
		size_t nl = ps->v[i].name.n < sizeof name - 1 ? ps->v[i].name.n : sizeof name - 1;
		memcpy(name, ps->v[i].name.p, nl);
		name[nl] = '\0';
		size_t len;
		mp_rc rc = MP_OK;
		if (memchr(name, '\0', nl) == NULL)
			rc = mp_mime_param_get(ps, name, buf, total, &len, NULL, NULL, d);
		mp_arena_rewind(a, mark);
		if (rc == MP_INVALID)
			bad = true;
		if (rc == MP_NOSPACE)
			return MP_NOSPACE;
	}
	return bad ? MP_INVALID : MP_OK;
}

/* ---- Content-Type ----------------------------------------------------------- */

static const char *const top_types[] = {
	"text", "image", "audio", "video", "application", "multipart", "message",
	"font", "model", "haptic",
};

/* bchars = bcharsnospace / " "; bcharsnospace = DIGIT / ALPHA / "'" / "("
 * / ")" / "+" / "_" / "," / "-" / "." / "/" / ":" / "=" / "?" */
static bool boundary_ok(const uint8_t *p, size_t n)
{
	if (n < 1 || n > 70 || p[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!mp_is_alnum(p[i]) && !strchr("'()+_,-./:=? ", p[i]))
			return false;
	return true;
}

mp_rc mp_mime_ctype_parse(mp_slice value, uint64_t voff,
			  const mp_rfc5322_opts *o, mp_arena *a,
			  mp_mime_ctype *ct, mp_diags *d)
{
	mp_lx x;
	memset(ct, 0, sizeof(*ct));
	mp_lx_init(&x, value, voff, o, d);
	mp_lx_cfws(&x);
	size_t at = x.i;
	ct->off = voff + at;
	size_t k = mp_lx_token(&x);
	ct->type = mp_slice_sub(value, at, k);
	mp_lx_cfws(&x);
	if (k == 0 || mp_lx_peek(&x) != '/') {
		mp_lx_diag(&x, k ? x.i : at, value.n ? MP_R_MIME_TYPE_SYNTAX : MP_R_RFC5322_EMPTY_BODY);
		return MP_INVALID;
	}
	x.i++;
	mp_lx_cfws(&x);
	size_t st = x.i;
	k = mp_lx_token(&x);
	ct->subtype = mp_slice_sub(value, st, k);
	if (k == 0) {
		mp_lx_diag(&x, st, MP_R_MIME_TYPE_SYNTAX);
		return MP_INVALID;
	}
	bool known = mp_slice_prefix_ci(ct->type, MP_LIT("x-"));
	for (size_t i = 0; i < MP_ARRAY_LEN(top_types); i++)
		known |= mp_slice_is_ci(ct->type, top_types[i]);
	if (!known)
		mp_diag_push(d, voff + at, MP_R_MIME_TYPE_UNKNOWN);
	if (params_parse(&x, a, &ct->params) == MP_NOSPACE)
		return MP_NOSPACE;
	if (mp_mime_params_check(&ct->params, a, d) == MP_INVALID)
		x.bad = true;
	uint8_t buf[256];
	size_t n;
	if (mp_slice_is_ci(ct->type, "multipart")) {
		mp_rc rc = mp_mime_param_get(&ct->params, "boundary", buf, sizeof buf, &n, NULL, NULL, NULL);
		if (rc == MP_NEED_MORE) {
			mp_lx_diag(&x, at, MP_R_MIME_BOUNDARY_MISSING);
		} else if (rc == MP_NOSPACE || !boundary_ok(buf, n)) {
			for (size_t i = 0; i < ct->params.n; i++)
				if (mp_slice_is_ci(ct->params.v[i].name, "boundary")) {
					mp_diag_push(d, ct->params.v[i].voff, MP_R_MIME_BOUNDARY_SYNTAX);
					x.bad = true;
					break;
				}
		}
	}
	if (mp_slice_is_ci(ct->type, "text") &&
	    mp_mime_param_get(&ct->params, "charset", buf, sizeof buf, &n, NULL, NULL, NULL) == MP_NEED_MORE)
		mp_diag_push(d, voff + at, MP_R_MIME_CHARSET_MISSING);
	return x.bad ? MP_INVALID : MP_OK;
}

void mp_mime_ctype_default(mp_mime_ctype *ct, bool in_digest)
{
	static const mp_mime_param charset = {
		.attr = { (const uint8_t *)"charset", 7 },
		.name = { (const uint8_t *)"charset", 7 },
		.value = { (const uint8_t *)"us-ascii", 8 },
		.section = -1,
	};
	memset(ct, 0, sizeof(*ct));
	ct->defaulted = true;
	if (in_digest) {
		ct->type = MP_LIT("message");
		ct->subtype = MP_LIT("rfc822");
		return;
	}
	ct->type = MP_LIT("text");
	ct->subtype = MP_LIT("plain");
	ct->params.v = &charset;
	ct->params.n = 1;
}

bool mp_mime_ctype_is(const mp_mime_ctype *ct, const char *type,
		      const char *subtype)
{
	return mp_slice_is_ci(ct->type, type) && (subtype == NULL || mp_slice_is_ci(ct->subtype, subtype));
}

/* ---- Content-Transfer-Encoding ------------------------------------------------ */

static const char *const cte_names[] = {
	"7bit", "8bit", "binary", "quoted-printable", "base64", "x-token", "unknown",
};

const char *mp_mime_cte_name(mp_mime_cte c)
{
	return (unsigned)c < MP_ARRAY_LEN(cte_names) ? cte_names[c] : "?";
}

mp_rc mp_mime_cte_parse(mp_slice value, uint64_t voff,
			const mp_rfc5322_opts *o, mp_mime_cte *cte,
			mp_slice *token_r, mp_diags *d)
{
	mp_lx x;
	mp_lx_init(&x, value, voff, o, d);
	*cte = MP_CTE_7BIT;
	mp_lx_cfws(&x);
	size_t at = x.i;
	size_t k = mp_lx_token(&x);
	*token_r = mp_slice_sub(value, at, k);
	mp_lx_cfws(&x);
	if (k == 0 || !mp_lx_eof(&x)) {
		mp_lx_diag(&x, k ? x.i : at, value.n ? MP_R_MIME_CTE_SYNTAX : MP_R_RFC5322_EMPTY_BODY);
		*cte = MP_CTE_UNKNOWN;
		return MP_INVALID;
	}
	for (int c = MP_CTE_7BIT; c <= MP_CTE_BASE64; c++) {
		if (mp_slice_is_ci(*token_r, cte_names[c])) {
			*cte = (mp_mime_cte)c;
			return x.bad ? MP_INVALID : MP_OK;
		}
	}
	if (mp_slice_prefix_ci(*token_r, MP_LIT("x-"))) {
		*cte = MP_CTE_XTOKEN;
		return x.bad ? MP_INVALID : MP_OK;
	}
	*cte = MP_CTE_UNKNOWN;
	mp_lx_diag(&x, at, MP_R_MIME_CTE_UNKNOWN);
	return MP_INVALID;
}

/* ---- MIME-Version --------------------------------------------------------- */

mp_rc mp_mime_version_parse(mp_slice value, uint64_t voff,
			    const mp_rfc5322_opts *o, unsigned *major,
			    unsigned *minor, mp_diags *d)
{
	mp_lx x;
	uint64_t v[2] = { 0, 0 };
	mp_lx_init(&x, value, voff, o, d);
	*major = *minor = 0;
	for (int part = 0; part < 2; part++) {
		mp_lx_cfws(&x);
		size_t st = x.i;
		while (!mp_lx_eof(&x) && mp_is_digit(mp_lx_peek(&x)))
			x.i++;
		if (mp_slice_u64(mp_slice_sub(value, st, x.i - st), 9, &v[part]) != MP_OK) {
			mp_lx_diag(&x, st, value.n ? MP_R_MIME_VERSION_SYNTAX : MP_R_RFC5322_EMPTY_BODY);
			return MP_INVALID;
		}
		mp_lx_cfws(&x);
		if (part == 0) {
			if (mp_lx_peek(&x) != '.') {
				mp_lx_diag(&x, x.i, MP_R_MIME_VERSION_SYNTAX);
				return MP_INVALID;
			}
			x.i++;
		}
	}
	if (!mp_lx_eof(&x)) {
		mp_lx_diag(&x, x.i, MP_R_MIME_VERSION_SYNTAX);
		return MP_INVALID;
	}
	*major = (unsigned)v[0];
	*minor = (unsigned)v[1];
	if (v[0] != 1 || v[1] != 0)
		mp_lx_diag(&x, 0, MP_R_MIME_VERSION_VALUE);
	return x.bad ? MP_INVALID : MP_OK;
}

/* ---- Content-Disposition ----------------------------------------------------- */

mp_rc mp_mime_disp_parse(mp_slice value, uint64_t voff,
			 const mp_rfc5322_opts *o, mp_arena *a,
			 mp_mime_disp *dp, mp_diags *d)
{
	mp_lx x;
	memset(dp, 0, sizeof(*dp));
	mp_lx_init(&x, value, voff, o, d);
	mp_lx_cfws(&x);
	size_t at = x.i;
	dp->off = voff + at;
	size_t k = mp_lx_token(&x);
	dp->type = mp_slice_sub(value, at, k);
	if (k == 0) {
		mp_lx_diag(&x, at, value.n ? MP_R_MIME_DISP_SYNTAX : MP_R_RFC5322_EMPTY_BODY);
		return MP_INVALID;
	}
	dp->kind = mp_slice_is_ci(dp->type, "inline") ? MP_DISP_INLINE :
		   mp_slice_is_ci(dp->type, "attachment") ? MP_DISP_ATTACHMENT : MP_DISP_OTHER;
	if (params_parse(&x, a, &dp->params) == MP_NOSPACE)
		return MP_NOSPACE;
	if (mp_mime_params_check(&dp->params, a, d) == MP_INVALID)
		x.bad = true;
	/* size := "size" "=" 1*DIGIT; the dates := quoted date-time */
	static const char *const dates[] = { "creation-date", "modification-date", "read-date" };
	uint8_t buf[256];
	size_t n;
	for (size_t i = 0; i < dp->params.n; i++) {
		const mp_mime_param *p = &dp->params.v[i];
		if (mp_slice_is_ci(p->name, "size")) {
			if (p->quoted || p->extended ||
			    mp_slice_u64(p->value, 20, &dp->size) != MP_OK) {
				mp_lx_diag(&x, (size_t)(p->voff - voff), MP_R_MIME_DISP_PARAM);
			} else {
				dp->has_size = true;
			}
			continue;
		}
		for (size_t j = 0; j < MP_ARRAY_LEN(dates); j++) {
			if (!mp_slice_is_ci(p->name, dates[j]))
				continue;
			mp_rfc5322_date dt;
			mp_rfc5322_opts lo = { .flags = MP_RFC5322_LENIENT };
			if (!p->quoted ||
			    mp_mime_param_get(&dp->params, dates[j], buf, sizeof buf, &n, NULL, NULL, NULL) != MP_OK ||
			    mp_rfc5322_date_parse(MP_SLICE(buf, n), p->voff, &lo, &dt, NULL) != MP_OK)
				mp_lx_diag(&x, (size_t)(p->voff - voff), MP_R_MIME_DISP_PARAM);
		}
	}
	return x.bad ? MP_INVALID : MP_OK;
}

/* ---- Content-ID ------------------------------------------------------------- */

mp_rc mp_mime_cid_parse(mp_slice value, uint64_t voff,
			const mp_rfc5322_opts *o, mp_rfc5322_msgid *id,
			mp_diags *d)
{
	mp_lx x, y;
	mp_lx_init(&y, value, voff, o, NULL);
	if (!mp_rfc5322_msgid_lx(&y, id) || !mp_lx_eof(&y)) {
		mp_lx_init(&x, value, voff, o, d);
		mp_lx_diag(&x, y.i < value.n ? y.i : 0, MP_R_MIME_CID_SYNTAX);
		return MP_INVALID;
	}
	mp_lx_init(&x, value, voff, o, d);
	mp_rfc5322_msgid_lx(&x, id);
	return x.bad ? MP_INVALID : MP_OK;
}

/* ---- a part's fields ----------------------------------------------------------- */

void mp_mime_part_init(mp_mime_part_fields *pf, bool in_digest)
{
	memset(pf, 0, sizeof(*pf));
	mp_mime_ctype_default(&pf->ctype, in_digest);
	pf->cte = MP_CTE_7BIT;
	pf->cte_token = MP_LIT("7bit");
	pf->disp.kind = MP_DISP_INLINE;
}

/* RFC 2045 6.4 / RFC 2046 5: composite types are 7bit, 8bit or binary. */
static void composite_check(const mp_mime_part_fields *pf, uint64_t off,
			    mp_diags *d)
{
	if (!pf->has_ctype || !pf->has_cte)
		return;
	if ((mp_mime_ctype_is(&pf->ctype, "multipart", NULL) ||
	     mp_mime_ctype_is(&pf->ctype, "message", NULL)) &&
	    pf->cte != MP_CTE_7BIT && pf->cte != MP_CTE_8BIT && pf->cte != MP_CTE_BINARY)
		mp_diag_push(d, off, MP_R_MIME_CTE_COMPOSITE);
}

mp_rc mp_mime_part_field(mp_mime_part_fields *pf, const mp_rfc5322_field *f,
			 const mp_rfc5322_opts *o, mp_arena *a, mp_diags *d)
{
	mp_rc rc = MP_OK;
	if (f->kind != MP_RFC5322_FIELD)
		return MP_OK;
	switch (f->id) {
	case MP_HDR_CONTENT_TYPE: {
		mp_mime_ctype ct;
		rc = mp_mime_ctype_parse(f->value, f->voff, o, a, &ct, d);
		if (rc != MP_NOSPACE && ct.subtype.n > 0) {
			/* RFC 2045 5.2: an invalid Content-Type leaves the
			 * default; a valid type with a bad parameter stays */
			pf->ctype = ct;
			pf->has_ctype = true;
			composite_check(pf, f->off, d);
		}
		break;
	}
	case MP_HDR_CONTENT_TE:
		rc = mp_mime_cte_parse(f->value, f->voff, o, &pf->cte, &pf->cte_token, d);
		pf->has_cte = true;
		pf->octet_stream = pf->cte == MP_CTE_UNKNOWN;
		composite_check(pf, f->off, d);
		break;
	case MP_HDR_CONTENT_DISPOSITION:
		rc = mp_mime_disp_parse(f->value, f->voff, o, a, &pf->disp, d);
		pf->has_disp = rc != MP_NOSPACE && pf->disp.type.n > 0;
		break;
	case MP_HDR_MIME_VERSION:
		rc = mp_mime_version_parse(f->value, f->voff, o, &pf->version_major,
					   &pf->version_minor, d);
		pf->has_version = true;
		break;
	case MP_HDR_CONTENT_ID:
		rc = mp_mime_cid_parse(f->value, f->voff, o, &pf->cid, d);
		pf->has_cid = rc == MP_OK;
		break;
	default:
		break;
	}
	return rc;
}
