/* rfc2047.c: MIME encoded-words in header fields, decoded to UTF-8.
 *   RFC 2047 2 (syntax, 75-octet words, 76-character lines), 4.1 (B),
 *   4.2 (Q), 5 (where words may stand: (1) unstructured text, (2)
 *   comments, (3) phrases; never in quoted strings), 6.2 (adjacent words
 *   separated by linear white space only are joined without it);
 *   RFC 2231 5 (charset "*" language); RFC 2046 4.1.2 (charset names).
 * Charsets are converted with iconv(3): one converter per run of
 * adjacent words of the same charset, opened and closed within the call
 * (no global state). base64 is the codec module's (mailprobe/codec.h). */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "mailprobe/codec.h"
#include "rfc5322-private.h"

/* ---- charset conversion ------------------------------------------------ */

void mp_sink_put(mp_sink *o, const uint8_t *p, size_t n)
{
	if (o->nospace || n > o->cap - o->n) {
		o->nospace = true;
		return;
	}
	if (n)
		memcpy(o->p + o->n, p, n);
	o->n += n;
}

void mp_sink_fffd(mp_sink *o)
{
	mp_sink_put(o, (const uint8_t *)"\xEF\xBF\xBD", 3);
}

static void bad_octet(mp_conv *cv, mp_sink *o, mp_diags *d)
{
	mp_sink_fffd(o);
	cv->invalid = true;
	if (!cv->reported)
		mp_diag_push(d, cv->off, MP_R_RFC2047_CHARSET_INVALID);
	cv->reported = true;
}

/* Names iconv does not know by the name mail uses. */
static const struct alias_row {
	const char *mail, *iconv;
} aliases[] = {
	{ "ks_c_5601-1987", "CP949" }, { "ks_c_5601", "CP949" },
	{ "x-sjis", "SHIFT_JIS" }, { "x-euc-jp", "EUC-JP" },
	{ "x-gbk", "GBK" }, { "cp-850", "CP850" },
	{ "unicode-1-1-utf-8", "UTF-8" },
};

bool mp_conv_open(mp_conv *cv, mp_slice cs)
{
	char name[64];
	memset(cv, 0, sizeof(*cv));
	cv->cd = (iconv_t)-1;
	cv->cs = cs;
	if (mp_slice_is_ci(cs, "utf-8") || mp_slice_is_ci(cs, "utf8")) {
		cv->kind = MP_CV_UTF8;
		return true;
	}
	if (mp_slice_is_ci(cs, "us-ascii") || mp_slice_is_ci(cs, "ascii")) {
		cv->kind = MP_CV_ASCII;
		return true;
	}
	if (cs.n == 0 || cs.n >= sizeof name)
		return false;
	for (size_t i = 0; i < cs.n; i++) {
		uint8_t c = cs.p[i];
		if (c <= 0x20 || c >= 0x7F || c == '/')
			return false; /* no paths, no odd names for iconv */
	}
	memcpy(name, cs.p, cs.n);
	name[cs.n] = '\0';
	for (size_t i = 0; i < MP_ARRAY_LEN(aliases); i++) {
		if (mp_slice_is_ci(cs, aliases[i].mail)) {
			size_t k = strlen(aliases[i].iconv);
			memcpy(name, aliases[i].iconv, k + 1);
		}
	}
	cv->cd = iconv_open("UTF-8", name);
	if (cv->cd == (iconv_t)-1)
		return false;
	cv->kind = MP_CV_ICONV;
	return true;
}

/* Length a UTF-8 sequence would have from its lead octet, 0 if none. */
static size_t utf8_want(uint8_t c)
{
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

void mp_conv_feed(mp_conv *cv, const uint8_t *in, size_t n,
		      mp_sink *o, mp_diags *d)
{
	uint8_t tmp[16 + 512];
	while (n > 0) {
		size_t take = n > 512 ? 512 : n;
		size_t m = cv->ncarry;
		memcpy(tmp, cv->carry, m);
		memcpy(tmp + m, in, take);
		m += take;
		in += take;
		n -= take;
		cv->ncarry = 0;
		size_t i = 0;
		if (cv->kind == MP_CV_UTF8) {
			while (i < m) {
				size_t k = mp_utf8_seq_len(tmp + i, m - i);
				if (k > 0) {
					mp_sink_put(o, tmp + i, k);
					i += k;
					continue;
				}
				size_t want = utf8_want(tmp[i]);
				bool prefix = want > 0 && m - i < want;
				for (size_t j = i + 1; prefix && j < m; j++)
					prefix = (tmp[j] & 0xC0) == 0x80;
				if (prefix) {
					memcpy(cv->carry, tmp + i, m - i);
					cv->ncarry = m - i;
					break;
				}
				bad_octet(cv, o, d);
				i++;
			}
		} else if (cv->kind == MP_CV_ASCII) {
			for (; i < m; i++) {
				if (tmp[i] < 0x80)
					mp_sink_put(o, tmp + i, 1);
				else
					bad_octet(cv, o, d);
			}
		} else {
			char *ip = (char *)tmp;
			size_t il = m;
			while (il > 0 && !o->nospace) {
				char *op = (char *)o->p + o->n;
				size_t ol = o->cap - o->n;
				size_t r = iconv(cv->cd, &ip, &il, &op, &ol);
				o->n = (size_t)((uint8_t *)op - o->p);
				if (r != (size_t)-1)
					break;
				if (errno == E2BIG) {
					o->nospace = true;
				} else if (errno == EINVAL && il < sizeof cv->carry) {
					memcpy(cv->carry, ip, il);
					cv->ncarry = il;
					il = 0;
				} else { /* EILSEQ, or an endless EINVAL */
					bad_octet(cv, o, d);
					ip++;
					il--;
				}
			}
		}
	}
}

void mp_conv_close(mp_conv *cv, mp_sink *o)
{
	if (cv->ncarry)
		mp_sink_fffd(o);
	cv->ncarry = 0;
	if (cv->kind == MP_CV_ICONV) {
		/* back to the initial state (ISO-2022-*): may write octets */
		char *op = (char *)o->p + o->n;
		size_t ol = o->cap - o->n;
		if (!o->nospace && iconv(cv->cd, NULL, NULL, &op, &ol) != (size_t)-1)
			o->n = (size_t)((uint8_t *)op - o->p);
		iconv_close(cv->cd);
	}
	cv->kind = MP_CV_NONE;
}

/* "charset*lang" (RFC 2231 5): the charset part. */
static mp_slice charset_only(mp_slice cs)
{
	size_t star = mp_slice_find(cs, '*');
	return mp_slice_sub(cs, 0, star);
}

mp_rc mp_charset_to_utf8(mp_slice charset, mp_slice in, uint64_t off,
			 uint8_t *out, size_t cap, size_t *len_r, mp_diags *d)
{
	mp_conv cv;
	mp_sink o = { out, cap, 0, false };
	*len_r = 0;
	if (!mp_conv_open(&cv, charset_only(charset))) {
		mp_diag_push(d, off, MP_R_RFC2047_CHARSET_UNKNOWN);
		return MP_INVALID;
	}
	cv.off = off;
	mp_conv_feed(&cv, in.p, in.n, &o, d);
	if (cv.ncarry) {
		mp_diag_push(d, off, MP_R_RFC2047_CHARSET_INVALID);
		cv.invalid = true;
	}
	mp_conv_close(&cv, &o);
	if (o.nospace)
		return MP_NOSPACE;
	*len_r = o.n;
	return cv.invalid ? MP_INVALID : MP_OK;
}

/* ---- encoded-words ------------------------------------------------------- */

/* especials = "(" / ")" / "<" / ">" / "@" / "," / ";" / ":" / "
 *             <"> / "/" / "[" / "]" / "?" / "." / "=" */
static bool ew_token_char(uint8_t c)
{
	return c > 0x20 && c < 0x7F && !strchr("()<>@,;:\"/[]?.=", c);
}

struct ew {
	mp_slice charset; /* with any "*lang" */
	uint8_t enc;      /* 'B' or 'Q' (upper-cased), or what stood there */
	mp_slice text;
	size_t len;       /* of the whole word */
};

/* encoded-word = "=?" charset "?" encoding "?" encoded-text "?=" at s[i].
 * The length of the word, or 0 when there is none there. */
static size_t ew_at(mp_slice s, size_t i, struct ew *w)
{
	size_t j = i + 2, st;
	if (i + 2 > s.n || s.p[i] != '=' || s.p[i + 1] != '?')
		return 0;
	st = j;
	while (j < s.n && ew_token_char(s.p[j]))
		j++;
	if (j == st || j >= s.n || s.p[j] != '?')
		return 0;
	w->charset = mp_slice_sub(s, st, j - st);
	j++;
	if (j + 1 >= s.n || !ew_token_char(s.p[j]) || s.p[j + 1] != '?')
		return 0;
	w->enc = (uint8_t)mp_ascii_lower(s.p[j]) == 'b' ? 'B' :
		 (uint8_t)mp_ascii_lower(s.p[j]) == 'q' ? 'Q' : s.p[j];
	j += 2;
	st = j;
	while (j < s.n && s.p[j] > 0x20 && s.p[j] < 0x7F && s.p[j] != '?')
		j++;
	if (j == st || j + 1 >= s.n || s.p[j] != '?' || s.p[j + 1] != '=')
		return 0;
	w->text = mp_slice_sub(s, st, j - st);
	w->len = j + 2 - i;
	return w->len;
}

static int hexval(uint8_t c)
{
	if (mp_is_digit(c))
		return c - '0';
	c = (uint8_t)mp_ascii_lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Q characters that may stand for themselves (RFC 2047 5). */
static bool q_char_ok(uint8_t c, mp_rfc2047_ctx ctx)
{
	if (ctx == MP_2047_PHRASE)
		return mp_is_alnum(c) || strchr("!*+-/", c) != NULL;
	if (ctx == MP_2047_COMMENT && (c == '(' || c == ')' || c == '"'))
		return false;
	return c > 0x20 && c < 0x7F && c != '?' && c != '=' && c != '_';
}

struct dec {
	mp_slice s;
	uint64_t off;
	mp_rfc2047_ctx ctx;
	unsigned flags;
	mp_diags *d;
	mp_sink o;
	mp_conv cv;
	bool open;  /* cv is open for the current run */
	bool bad;
};

static void diag(struct dec *x, size_t at, mp_rule r)
{
	mp_diag_push(x->d, x->off + at, r);
	if (mp_rule_level(r) <= MP_SHOULD)
		x->bad = true;
}

static void run_end(struct dec *x)
{
	if (x->open) {
		mp_conv_close(&x->cv, &x->o);
		x->open = false;
	}
}

/* Decodes the word at s[at] (w parsed); false (nothing written, diag
 * pushed) when it cannot be: the caller copies it as it is. */
static bool ew_decode(struct dec *x, size_t at, const struct ew *w)
{
	if (w->enc != 'B' && w->enc != 'Q') {
		diag(x, at, MP_R_RFC2047_ENCODING);
		return false;
	}
	mp_slice cs = charset_only(w->charset);
	mp_conv probe;
	if (!(x->open && mp_slice_eq_ascii_ci(x->cv.cs, cs))) {
		if (!mp_conv_open(&probe, cs)) {
			diag(x, at, MP_R_RFC2047_CHARSET_UNKNOWN);
			return false;
		}
		run_end(x);
		x->cv = probe;
		x->open = true;
	}
	if (w->len > MP_RFC2047_WORD_MAX)
		diag(x, at + MP_RFC2047_WORD_MAX, MP_R_RFC2047_TOO_LONG);
	x->cv.off = x->off + at;
	x->cv.reported = false;
	x->cv.invalid = false;
	size_t toff = (size_t)(w->text.p - x->s.p);
	uint8_t raw[384];
	size_t nraw = 0;
	if (w->enc == 'B') {
		mp_b64dec b;
		mp_b64dec_init(&b, 0, 0);
		for (size_t i = 0; i < w->text.n;) {
			size_t take = w->text.n - i > 512 ? 512 : w->text.n - i;
			size_t used, wrote;
			mp_b64dec_feed(&b, w->text.p + i, take, raw, sizeof raw, &used, &wrote, NULL);
			mp_conv_feed(&x->cv, raw, wrote, &x->o, x->d);
			i += used;
		}
		size_t wrote;
		if (mp_b64dec_finish(&b, raw, sizeof raw, &wrote, NULL) != MP_OK || b.problems)
			diag(x, toff, MP_R_RFC2047_B_INVALID);
		mp_conv_feed(&x->cv, raw, wrote, &x->o, x->d);
	} else {
		bool char_bad = false;
		for (size_t i = 0; i < w->text.n; i++) {
			uint8_t c = w->text.p[i];
			if (c == '_') {
				c = ' ';
			} else if (c == '=') {
				int a = i + 1 < w->text.n ? hexval(w->text.p[i + 1]) : -1;
				int b = i + 2 < w->text.n ? hexval(w->text.p[i + 2]) : -1;
				if (a < 0 || b < 0) {
					diag(x, toff + i, MP_R_RFC2047_Q_ESCAPE);
				} else {
					c = (uint8_t)(a * 16 + b);
					i += 2;
				}
			} else if (!q_char_ok(c, x->ctx) && !char_bad) {
				diag(x, toff + i, MP_R_RFC2047_Q_CHAR);
				char_bad = true;
			}
			raw[nraw++] = c;
			if (nraw == sizeof raw) {
				mp_conv_feed(&x->cv, raw, nraw, &x->o, x->d);
				nraw = 0;
			}
		}
		mp_conv_feed(&x->cv, raw, nraw, &x->o, x->d);
	}
	if (x->cv.ncarry)
		diag(x, at, MP_R_RFC2047_PARTIAL_CHAR);
	if (x->cv.invalid)
		x->bad = true;
	return true;
}

/* Length of linear white space (WSP and folds) at i. */
static size_t lws_at(mp_slice s, size_t i)
{
	size_t j = i;
	for (;;) {
		if (j < s.n && (s.p[j] == ' ' || s.p[j] == '\t')) {
			j++;
		} else if (j + 2 < s.n && s.p[j] == '\r' && s.p[j + 1] == '\n' &&
			   (s.p[j + 2] == ' ' || s.p[j + 2] == '\t')) {
			j += 2;
		} else if (j + 1 < s.n && s.p[j] == '\n' && (s.p[j + 1] == ' ' || s.p[j + 1] == '\t')) {
			j++;
		} else {
			return j - i;
		}
	}
}

/* Copies linear white space unfolded. */
static void put_lws(struct dec *x, size_t i, size_t n)
{
	for (size_t k = i; k < i + n; k++)
		if (x->s.p[k] == ' ' || x->s.p[k] == '\t')
			mp_sink_put(&x->o, x->s.p + k, 1);
}

/* Reports an encoded-word standing inside s[i..i+n) (not the whole of
 * it) with rule r. */
static void inner_words(struct dec *x, size_t i, size_t n, mp_rule r)
{
	struct ew w;
	for (size_t k = i; k + 1 < i + n; k++) {
		if (ew_at(mp_slice_sub(x->s, 0, i + n), k, &w)) {
			diag(x, k, r);
			return;
		}
	}
}

/* unstructured text and comment text: words between linear white space
 * (and, in comments, parentheses). */
static void decode_text(struct dec *x)
{
	mp_slice s = x->s;
	size_t i = 0, ws = 0, wsn = 0;
	bool prev_ew = false;
	while (i < s.n) {
		size_t k = lws_at(s, i);
		if (k) {
			ws = i;
			wsn = k;
			i += k;
			continue;
		}
		if (x->ctx == MP_2047_COMMENT && (s.p[i] == '(' || s.p[i] == ')' || s.p[i] == '\\')) {
			run_end(x);
			put_lws(x, ws, wsn);
			wsn = 0;
			size_t len = s.p[i] == '\\' && i + 1 < s.n ? 2 : 1;
			mp_sink_put(&x->o, s.p + i + len - 1, 1); /* a quoted-pair loses "\" */
			i += len;
			prev_ew = false;
			continue;
		}
		size_t st = i;
		while (i < s.n && lws_at(s, i) == 0 &&
		       !(x->ctx == MP_2047_COMMENT && (s.p[i] == '(' || s.p[i] == ')' || s.p[i] == '\\')))
			i++;
		struct ew w;
		if (ew_at(s, st, &w) == i - st) {
			size_t mark = x->o.n;
			if (!prev_ew)
				put_lws(x, ws, wsn);
			size_t m2 = x->o.n;
			if (ew_decode(x, st, &w)) {
				prev_ew = true;
				wsn = 0;
				continue;
			}
			x->o.n = prev_ew ? mark : m2;
			if (prev_ew)
				put_lws(x, ws, wsn);
		} else {
			put_lws(x, ws, wsn);
			inner_words(x, st, i - st, MP_R_RFC2047_NOT_DELIMITED);
		}
		run_end(x);
		mp_sink_put(&x->o, s.p + st, i - st);
		wsn = 0;
		prev_ew = false;
	}
	run_end(x);
	put_lws(x, ws, wsn);
}

/* A phrase: words joined by one SP, quoted strings unquoted, comments
 * dropped, adjacent encoded-words joined without space. */
static void decode_phrase(struct dec *x, const mp_rfc5322_opts *o)
{
	mp_lx lx;
	bool any = false, prev_ew = false, after_dot = false;
	mp_lx_init(&lx, x->s, x->off, o, NULL);
	for (;;) {
		mp_lx_cfws(&lx);
		if (mp_lx_eof(&lx))
			break;
		size_t st = lx.i;
		int c = mp_lx_peek(&lx);
		if (c == '"') {
			mp_lx_quoted(&lx);
			run_end(x);
			if (any && !after_dot)
				mp_sink_put(&x->o, (const uint8_t *)" ", 1);
			size_t end = lx.i;
			if (end > st + 1 && x->s.p[end - 1] == '"')
				end--;
			inner_words(x, st + 1, end - st - 1, MP_R_RFC2047_IN_QUOTES);
			for (size_t k = st + 1; k < end; k++) {
				size_t f = mp_lx_fold_at(&lx, k);
				if (f) {
					k += f - 1;
					continue;
				}
				if (x->s.p[k] == '\\' && k + 1 < end)
					k++;
				mp_sink_put(&x->o, x->s.p + k, 1);
			}
			any = true;
			prev_ew = after_dot = false;
			continue;
		}
		if (c == '.') {
			run_end(x);
			lx.i++;
			mp_sink_put(&x->o, (const uint8_t *)".", 1);
			prev_ew = false;
			after_dot = false;
			any = true;
			continue;
		}
		size_t k = mp_lx_atext(&lx);
		if (k == 0) {
			/* a special where a phrase has none: copied */
			run_end(x);
			lx.i++;
			mp_sink_put(&x->o, x->s.p + st, 1);
			any = true;
			prev_ew = false;
			continue;
		}
		struct ew w;
		if (ew_at(x->s, st, &w) == k) {
			size_t mark = x->o.n;
			if (any && !prev_ew)
				mp_sink_put(&x->o, (const uint8_t *)" ", 1);
			if (ew_decode(x, st, &w)) {
				prev_ew = any = true;
				continue;
			}
			x->o.n = mark;
		} else {
			inner_words(x, st, k, MP_R_RFC2047_IN_TOKEN);
		}
		run_end(x);
		if (any)
			mp_sink_put(&x->o, (const uint8_t *)" ", 1);
		mp_sink_put(&x->o, x->s.p + st, k);
		any = true;
		prev_ew = false;
	}
	run_end(x);
}

mp_rc mp_rfc2047_decode(mp_slice value, uint64_t voff, mp_rfc2047_ctx ctx,
			const mp_rfc5322_opts *o, uint8_t *out, size_t cap,
			size_t *len_r, mp_diags *d)
{
	struct dec x;
	memset(&x, 0, sizeof(x));
	x.s = value;
	x.off = voff;
	x.ctx = ctx;
	x.flags = o ? o->flags : 0;
	x.d = d;
	x.o.p = out;
	x.o.cap = out ? cap : 0;
	*len_r = 0;
	if (ctx == MP_2047_PHRASE)
		decode_phrase(&x, o);
	else
		decode_text(&x);
	if (x.o.nospace)
		return MP_NOSPACE;
	*len_r = x.o.n;
	return x.bad ? MP_INVALID : MP_OK;
}

/* ---- the encoder ----------------------------------------------------------- */

static bool q_plain(uint8_t c)
{
	return mp_is_alnum(c) || c == '!' || c == '*' || c == '+' || c == '-' || c == '/';
}

mp_rc mp_rfc2047_encode(mp_slice text, char enc, uint8_t *out, size_t cap,
			size_t *len_r)
{
	static const char hex[] = "0123456789ABCDEF";
	const bool b = enc == 'B' || enc == 'b';
	const size_t budget = MP_RFC2047_WORD_MAX - 12; /* "=?UTF-8?X?" "?=" */
	size_t n = 0, i = 0;
	bool ok = true;
	*len_r = 0;
	for (size_t k = 0; k < text.n;) {
		size_t q = mp_utf8_seq_len(text.p + k, text.n - k);
		if (q == 0)
			return MP_INVALID;
		k += q;
	}
	while (ok && i < text.n) {
		/* whole characters that fit one word */
		size_t j = i, cost = 0;
		while (j < text.n) {
			size_t q = mp_utf8_seq_len(text.p + j, text.n - j);
			size_t c2 = 0;
			if (b) {
				c2 = ((j + q - i + 2) / 3) * 4;
			} else {
				for (size_t t = j; t < j + q; t++)
					c2 += q_plain(text.p[t]) || text.p[t] == ' ' ? 1 : 3;
				c2 += cost;
			}
			if (c2 > budget)
				break;
			cost = c2;
			j += q;
		}
		if (n)
			ok = mp_putc(out, cap, &n, ' ');
		ok = ok && mp_put(out, cap, &n, b ? MP_LIT("=?UTF-8?B?") : MP_LIT("=?UTF-8?Q?"));
		if (b) {
			mp_b64enc e;
			size_t used, wrote, w2;
			mp_b64enc_init(&e, 0);
			if (ok && cap - n >= budget + 4) {
				mp_b64enc_feed(&e, text.p + i, j - i, out + n, cap - n, &used, &wrote);
				n += wrote;
				mp_b64enc_finish(&e, out + n, cap - n, &w2);
				n += w2;
			} else {
				ok = false;
			}
		} else {
			for (size_t t = i; ok && t < j; t++) {
				uint8_t c = text.p[t];
				if (c == ' ') {
					ok = mp_putc(out, cap, &n, '_');
				} else if (q_plain(c)) {
					ok = mp_putc(out, cap, &n, c);
				} else {
					ok = mp_putc(out, cap, &n, '=') &&
					     mp_putc(out, cap, &n, (uint8_t)hex[c >> 4]) &&
					     mp_putc(out, cap, &n, (uint8_t)hex[c & 15]);
				}
			}
		}
		ok = ok && mp_put(out, cap, &n, MP_LIT("?="));
		i = j;
	}
	if (!ok)
		return MP_NOSPACE;
	*len_r = n;
	return MP_OK;
}
