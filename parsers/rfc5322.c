/* rfc5322.c: the header section of an Internet message.
 *   RFC 5322 2.1.1 (998/78 line lengths), 2.2 (fields: name ":" body
 *   CRLF), 2.2.3 (folding, unfolding), 3.2.2 (FWS, comments, CFWS), 3.2.3
 *   (atoms), 3.2.4 (quoted strings), 3.2.5 (unstructured), 3.5 (the
 *   empty line before the body), 3.6 (the fields and how often each may
 *   occur), 3.6.8 (field names), 4.1, 4.2, 4.5 (obs-utext, obs-FWS,
 *   obs-optional); RFC 6532 3.1-3.2 (UTF-8 in field bodies).
 * The reader is incremental under the contract of mailprobe/line.h; the
 * lexer (rfc5322-private.h) is shared by the structured-field parsers. */
#include <string.h>

#include "mailprobe/limits.h"
#include "rfc5322-private.h"

const uint8_t mp_rfc5322_cc[256] = {
	[9] = K_WSP,
	[32] = K_WSP,
	['!'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['"'] = K_CTEXT | K_DTEXT | K_FTEXT,
	['#'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['$'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['%'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN,
	['&'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['\''] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN,
	['('] = K_QTEXT | K_DTEXT | K_FTEXT,
	[')'] = K_QTEXT | K_DTEXT | K_FTEXT,
	['*'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN,
	['+'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	[','] = K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT,
	['-'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['.'] = K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['/'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT,
	['0'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['1'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['2'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['3'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['4'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['5'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['6'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['7'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['8'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['9'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	[':'] = K_CTEXT | K_QTEXT | K_DTEXT,
	[';'] = K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT,
	['<'] = K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT,
	['='] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT,
	['>'] = K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT,
	['?'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT,
	['@'] = K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT,
	['A'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['B'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['C'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['D'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['E'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['F'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['G'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['H'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['I'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['J'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['K'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['L'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['M'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['N'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['O'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['P'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['Q'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['R'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['S'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['T'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['U'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['V'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['W'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['X'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['Y'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['Z'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['['] = K_CTEXT | K_QTEXT | K_FTEXT,
	['\\'] = K_FTEXT,
	[']'] = K_CTEXT | K_QTEXT | K_FTEXT,
	['^'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['_'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['`'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['a'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['b'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['c'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['d'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['e'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['f'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['g'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['h'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['i'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['j'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['k'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['l'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['m'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['n'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['o'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['p'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['q'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['r'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['s'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['t'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['u'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['v'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['w'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['x'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['y'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['z'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['{'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['|'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['}'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
	['~'] = K_ATEXT | K_CTEXT | K_QTEXT | K_DTEXT | K_FTEXT | K_TOKEN | K_ACHAR,
};

/* ---- field names (STYLE 4: one table) ---------------------------------- */
static const struct hdr_row {
	const char *name;
	mp_hdr id;
	bool once; /* RFC 5322 3.6: at most one per message */
} hdrs[] = {
	{ "", MP_HDR_OTHER, false },
	{ "Date", MP_HDR_DATE, true },
	{ "From", MP_HDR_FROM, true },
	{ "Sender", MP_HDR_SENDER, true },
	{ "Reply-To", MP_HDR_REPLY_TO, true },
	{ "To", MP_HDR_TO, true },
	{ "Cc", MP_HDR_CC, true },
	{ "Bcc", MP_HDR_BCC, true },
	{ "Message-ID", MP_HDR_MESSAGE_ID, true },
	{ "In-Reply-To", MP_HDR_IN_REPLY_TO, true },
	{ "References", MP_HDR_REFERENCES, true },
	{ "Subject", MP_HDR_SUBJECT, true },
	{ "Comments", MP_HDR_COMMENTS, false },
	{ "Keywords", MP_HDR_KEYWORDS, false },
	{ "Resent-Date", MP_HDR_RESENT_DATE, false },
	{ "Resent-From", MP_HDR_RESENT_FROM, false },
	{ "Resent-Sender", MP_HDR_RESENT_SENDER, false },
	{ "Resent-To", MP_HDR_RESENT_TO, false },
	{ "Resent-Cc", MP_HDR_RESENT_CC, false },
	{ "Resent-Bcc", MP_HDR_RESENT_BCC, false },
	{ "Resent-Message-ID", MP_HDR_RESENT_MESSAGE_ID, false },
	{ "Return-Path", MP_HDR_RETURN_PATH, false },
	{ "Received", MP_HDR_RECEIVED, false },
	{ "MIME-Version", MP_HDR_MIME_VERSION, false },
	{ "Content-Type", MP_HDR_CONTENT_TYPE, false },
	{ "Content-Transfer-Encoding", MP_HDR_CONTENT_TE, false },
	{ "Content-ID", MP_HDR_CONTENT_ID, false },
	{ "Content-Description", MP_HDR_CONTENT_DESCRIPTION, false },
	{ "Content-Disposition", MP_HDR_CONTENT_DISPOSITION, false },
};

const char *mp_hdr_name(mp_hdr h)
{
	return (unsigned)h < MP_ARRAY_LEN(hdrs) ? hdrs[h].name : "";
}

mp_hdr mp_hdr_lookup(mp_slice name)
{
	for (size_t i = 1; i < MP_ARRAY_LEN(hdrs); i++)
		if (mp_slice_is_ci(name, hdrs[i].name))
			return hdrs[i].id;
	return MP_HDR_OTHER;
}

bool mp_put(uint8_t *out, size_t cap, size_t *n, mp_slice s)
{
	if (s.n > cap - *n)
		return false;
	if (s.n)
		memcpy(out + *n, s.p, s.n);
	*n += s.n;
	return true;
}

/* ---- the lexer ---------------------------------------------------------- */

void mp_lx_init(mp_lx *x, mp_slice s, uint64_t off, const mp_rfc5322_opts *o,
		mp_diags *d)
{
	memset(x, 0, sizeof(*x));
	x->s = s;
	x->off = off;
	x->flags = o ? o->flags : 0;
	x->max_depth = o && o->max_depth ? o->max_depth : MP_RFC5322_DEPTH_MAX;
	x->d = d;
}

/* The reader reports NUL, bare CR and LF and obs-FWS lines of a field at
 * the offsets the lexer finds them again: pushed once. */
static void push_once(mp_lx *x, size_t at, mp_rule r)
{
	bool seen = false;
	if (x->d && (r == MP_R_RFC5322_NUL || r == MP_R_RFC5322_BARE_CR ||
		     r == MP_R_RFC5322_BARE_LF || r == MP_R_RFC5322_OBS_FWS))
		for (size_t i = 0; i < x->d->n && !seen; i++)
			seen = x->d->v[i].rule == r && x->d->v[i].offset == x->off + at;
	if (!seen)
		mp_diag_push(x->d, x->off + at, r);
}

void mp_lx_diag(mp_lx *x, size_t at, mp_rule r)
{
	push_once(x, at, r);
	if (mp_rule_level(r) <= MP_SHOULD)
		x->bad = true;
}

void mp_lx_obs(mp_lx *x, size_t at, mp_rule r)
{
	push_once(x, at, r);
	if (!(x->flags & MP_RFC5322_LENIENT) && mp_rule_level(r) <= MP_SHOULD)
		x->bad = true;
}

size_t mp_lx_fold_at(const mp_lx *x, size_t i)
{
	const mp_slice s = x->s;
	if (i + 2 < s.n && s.p[i] == '\r' && s.p[i + 1] == '\n' && KC(s.p[i + 2], K_WSP))
		return 2;
	if (i + 1 < s.n && s.p[i] == '\n' && KC(s.p[i + 1], K_WSP))
		return 1;
	return 0;
}

/* A second fold in one run of FWS makes a line of white space only:
 * obs-FWS (RFC 5322 4.2), reported at that line's start as the reader
 * does. */
bool mp_lx_fws(mp_lx *x)
{
	size_t st = x->i;
	size_t folds = 0, line = 0;
	for (;;) {
		if (x->i < x->s.n && KC(x->s.p[x->i], K_WSP)) {
			x->i++;
			continue;
		}
		size_t f = mp_lx_fold_at(x, x->i);
		if (f == 0)
			break;
		if (folds++ > 0)
			mp_lx_obs(x, line, MP_R_RFC5322_OBS_FWS);
		x->i += f;
		line = x->i;
	}
	return x->i > st;
}

size_t mp_lx_8bit(mp_lx *x, size_t i)
{
	size_t k = mp_utf8_seq_len(x->s.p + i, x->s.n - i);
	if (k < 2) {
		mp_lx_obs(x, i, MP_R_RFC5322_UTF8_INVALID);
		return 0;
	}
	if (!(x->flags & MP_RFC5322_UTF8))
		mp_lx_obs(x, i, MP_R_RFC5322_8BIT);
	return k;
}

/* quoted-pair = ("\" (VCHAR / WSP)) / obs-qp; cursor at "\". */
static void quoted_pair(mp_lx *x)
{
	size_t at = x->i++;
	if (x->i >= x->s.n) {
		mp_lx_obs(x, at, MP_R_RFC5322_OBS_QP);
		return;
	}
	uint8_t c = x->s.p[x->i];
	if (c >= 0x80) {
		size_t k = mp_lx_8bit(x, x->i);
		x->i += k ? k : 1;
		return;
	}
	if (c == 0 || c == '\r' || c == '\n' || mp_obs_ctl(c))
		mp_lx_obs(x, at, MP_R_RFC5322_OBS_QP);
	x->i++;
}

/* A text octet of a comment or quoted string that is neither its class
 * nor WSP, fold, "\" or a delimiter. */
static void odd_octet(mp_lx *x)
{
	uint8_t c = x->s.p[x->i];
	if (c >= 0x80) {
		size_t k = mp_lx_8bit(x, x->i);
		x->i += k ? k : 1;
		return;
	}
	/* obs-ctext, obs-qtext = obs-NO-WS-CTL (lenient); NUL, a bare CR or
	 * LF are not even that (the reader reports bare CR/LF in fields) */
	if (mp_obs_ctl(c))
		mp_lx_obs(x, x->i, MP_R_RFC5322_CONTROL);
	else if (c == 0)
		mp_lx_diag(x, x->i, MP_R_RFC5322_NUL);
	else
		mp_lx_diag(x, x->i, c == '\r' ? MP_R_RFC5322_BARE_CR : MP_R_RFC5322_BARE_LF);
	x->i++;
}

/* comment = "(" *([FWS] ccontent) [FWS] ")"; ccontent = ctext /
 * quoted-pair / comment. Nesting is counted, not recursed. */
bool mp_lx_comment(mp_lx *x)
{
	if (mp_lx_peek(x) != '(')
		return false;
	size_t st = x->i++;
	unsigned depth = 1;
	bool deep = false;
	while (depth > 0) {
		if (x->i >= x->s.n) {
			mp_lx_diag(x, st, MP_R_RFC5322_COMMENT_UNCLOSED);
			return true;
		}
		uint8_t c = x->s.p[x->i];
		size_t f;
		if (c == '(') {
			if (++depth > x->max_depth && !deep) {
				mp_lx_diag(x, x->i, MP_R_RFC5322_COMMENT_DEPTH);
				deep = true;
			}
			x->i++;
		} else if (c == ')') {
			depth--;
			x->i++;
		} else if (c == '\\') {
			quoted_pair(x);
		} else if (KC(c, K_CTEXT | K_WSP)) {
			x->i++;
		} else if ((f = mp_lx_fold_at(x, x->i)) != 0) {
			x->i += f;
		} else {
			odd_octet(x);
		}
	}
	return true;
}

bool mp_lx_cfws(mp_lx *x)
{
	size_t st = x->i;
	for (;;) {
		mp_lx_fws(x);
		if (!mp_lx_comment(x))
			break;
	}
	return x->i > st;
}

size_t mp_lx_atext(mp_lx *x)
{
	size_t st = x->i;
	while (x->i < x->s.n) {
		uint8_t c = x->s.p[x->i];
		if (KC(c, K_ATEXT)) {
			x->i++;
		} else if (c >= 0x80) {
			size_t k = mp_lx_8bit(x, x->i);
			x->i += k ? k : 1;
		} else {
			break;
		}
	}
	return x->i - st;
}

bool mp_lx_quoted(mp_lx *x)
{
	if (mp_lx_peek(x) != '"')
		return false;
	size_t st = x->i++;
	for (;;) {
		if (x->i >= x->s.n) {
			mp_lx_diag(x, st, MP_R_RFC5322_QUOTE_UNCLOSED);
			return true;
		}
		uint8_t c = x->s.p[x->i];
		size_t f;
		if (c == '"') {
			x->i++;
			return true;
		} else if (c == '\\') {
			quoted_pair(x);
		} else if (KC(c, K_QTEXT | K_WSP)) {
			x->i++;
		} else if ((f = mp_lx_fold_at(x, x->i)) != 0) {
			x->i += f;
		} else {
			odd_octet(x);
		}
	}
}

bool mp_lx_word(mp_lx *x, mp_slice *w_r)
{
	size_t save = x->i;
	mp_lx_cfws(x);
	size_t st = x->i;
	if (!mp_lx_quoted(x) && mp_lx_atext(x) == 0) {
		x->i = save;
		return false;
	}
	*w_r = mp_slice_sub(x->s, st, x->i - st);
	mp_lx_cfws(x);
	return true;
}

size_t mp_lx_dot_atom_text(mp_lx *x)
{
	size_t st = x->i;
	if (mp_lx_atext(x) == 0)
		return 0;
	while (x->i + 1 < x->s.n && x->s.p[x->i] == '.' &&
	       (KC(x->s.p[x->i + 1], K_ATEXT) || x->s.p[x->i + 1] >= 0x80)) {
		x->i++;
		mp_lx_atext(x);
	}
	return x->i - st;
}

size_t mp_lx_token(mp_lx *x)
{
	size_t st = x->i;
	while (x->i < x->s.n && KC(x->s.p[x->i], K_TOKEN))
		x->i++;
	return x->i - st;
}

/* ---- the header-section reader -------------------------------------------- */

enum { ST_FIELDS = 0, ST_SKIP_LINE, ST_SKIP_CONT, ST_DONE };

void mp_rfc5322_reader_init(mp_rfc5322_reader *r, const mp_rfc5322_opts *o)
{
	memset(r, 0, sizeof(*r));
	if (o)
		r->opts = *o;
	mp_line_init(&r->lr, SIZE_MAX / 2); /* only finds LFs: the reader cuts */
}

static size_t max_field(const mp_rfc5322_reader *r)
{
	return r->opts.max_field ? r->opts.max_field : MP_RFC5322_FIELD_MAX;
}

/* Diags of one physical line at stream offset off. A cut line (over
 * max_field) is judged by its first max_field bytes and by being longer
 * than max_field, never by what a split happened to show of its tail. */
static void scan_line(const mp_rfc5322_reader *r, const mp_line *ln,
		      uint64_t off, bool cont, bool cut, mp_diags *d)
{
	mp_slice t = ln->text;
	size_t len = t.n;
	if (cut && len < max_field(r) + 1)
		len = max_field(r) + 1; /* longer than the cap: all we know */
	if (cut && t.n > max_field(r))
		t.n = max_field(r);
	if (len > MP_MSG_LINE_MAX && (!cut || max_field(r) >= MP_MSG_LINE_MAX))
		mp_diag_push(d, off + MP_MSG_LINE_MAX, MP_R_RFC5322_LINE_TOO_LONG);
	else if (len > MP_MSG_LINE_ADVISED && (!cut || max_field(r) >= MP_MSG_LINE_ADVISED))
		mp_diag_push(d, off + MP_MSG_LINE_ADVISED, MP_R_RFC5322_LINE_LONG);
	size_t cr = mp_line_find_bare_cr(t);
	if (cr < t.n)
		mp_diag_push(d, off + cr, MP_R_RFC5322_BARE_CR);
	const uint8_t *nul = t.n ? memchr(t.p, 0, t.n) : NULL;
	if (nul)
		mp_diag_push(d, off + (size_t)(nul - t.p), MP_R_RFC5322_NUL);
	if (cont) {
		size_t i = 0;
		while (i < t.n && (t.p[i] == ' ' || t.p[i] == '\t'))
			i++;
		if (i == t.n)
			mp_diag_push(d, off, MP_R_RFC5322_OBS_FWS);
	}
	if (cut)
		return;
	if (ln->eol == MP_EOL_LF)
		mp_diag_push(d, off + t.n, MP_R_RFC5322_BARE_LF);
	else if (ln->eol == MP_EOL_NONE)
		mp_diag_push(d, off + t.n, MP_R_RFC5322_NO_CRLF);
}

/* Classifies the held unit b[0..n) (hn bytes of it are the field as
 * held, n - hn the last line end(s) not in value) into *f. */
static bool emit(mp_rfc5322_reader *r, const uint8_t *b, size_t n,
		 size_t vend, uint64_t off, bool truncated,
		 mp_rfc5322_field *f, mp_diags *d)
{
	memset(f, 0, sizeof(*f));
	f->raw = MP_SLICE(b, n);
	f->off = off;
	f->lines = r->lines;
	f->truncated = truncated;
	size_t i = 0;
	while (i < vend && KC(b[i], K_FTEXT))
		i++;
	size_t ne = i;
	while (i < vend && (b[i] == ' ' || b[i] == '\t'))
		i++;
	if (ne > 0 && i < vend && b[i] == ':') {
		f->kind = MP_RFC5322_FIELD;
		f->name = MP_SLICE(b, ne);
		f->id = mp_hdr_lookup(f->name);
		if (i > ne)
			mp_diag_push(d, off + ne, MP_R_RFC5322_OBS_FIELD_NAME_WSP);
		f->value = MP_SLICE(b + i + 1, vend - i - 1);
		f->voff = off + i + 1;
	} else {
		f->kind = MP_RFC5322_JUNK;
		f->value = MP_SLICE(b, vend);
		f->voff = off;
		mp_diag_push(d, off, vend > 0 && b[0] == ':' ? MP_R_RFC5322_FIELD_NAME
							     : MP_R_RFC5322_NOT_A_FIELD);
	}
	if (truncated)
		mp_diag_push(d, off + n, MP_R_RFC5322_FIELD_TOO_LONG);
	r->nfields++;
	size_t maxn = r->opts.max_fields ? r->opts.max_fields : MP_RFC5322_FIELDS_MAX;
	if (r->nfields > maxn) {
		if (r->nfields == maxn + 1)
			mp_diag_push(d, off, MP_R_RFC5322_TOO_MANY_FIELDS);
		return false;
	}
	if (f->kind == MP_RFC5322_FIELD && !(r->opts.flags & MP_RFC5322_PART)) {
		if (r->counts[f->id] < UINT16_MAX)
			r->counts[f->id]++;
		if (hdrs[f->id].once && r->counts[f->id] == 2)
			mp_diag_push(d, off, MP_R_RFC5322_FIELD_DUPLICATE);
		if (f->id == MP_HDR_FROM && !truncated &&
		    mp_rfc5322_addr_count(f->value, MP_MAILBOX_LIST, r->opts.flags) > 1)
			r->from_many = true;
	}
	return true;
}

static void end_item(mp_rfc5322_reader *r, uint64_t at, bool body,
		     uint64_t body_off, mp_rfc5322_field *f, mp_diags *d)
{
	memset(f, 0, sizeof(*f));
	f->kind = MP_RFC5322_END;
	f->off = at;
	f->voff = at;
	f->has_body = body;
	f->body_off = body_off;
	r->state = ST_DONE;
	if (r->opts.flags & MP_RFC5322_PART)
		return;
	if (r->counts[MP_HDR_DATE] == 0)
		mp_diag_push(d, at, MP_R_RFC5322_DATE_MISSING);
	if (r->counts[MP_HDR_FROM] == 0)
		mp_diag_push(d, at, MP_R_RFC5322_FROM_MISSING);
	if (r->counts[MP_HDR_MESSAGE_ID] == 0)
		mp_diag_push(d, at, MP_R_RFC5322_MSGID_MISSING);
	if (r->from_many && r->counts[MP_HDR_SENDER] == 0)
		mp_diag_push(d, at, MP_R_RFC5322_SENDER_MISSING);
}

mp_rc mp_rfc5322_next(mp_rfc5322_reader *r, const uint8_t *buf, size_t len,
		      bool eof, mp_rfc5322_field *f, size_t *used_r,
		      mp_diags *d)
{
	size_t maxf = max_field(r);
	size_t used = 0;
	mp_line ln;
	size_t u;

	*used_r = 0;
	for (;;) {
		const uint8_t *b = buf + used;
		size_t n = len - used;
		uint64_t off = r->off;
		mp_rc rc;

		switch (r->state) {
		case ST_DONE:
			return MP_NEED_MORE;
		case ST_SKIP_LINE: /* the tail of a cut line, through its LF */
			rc = mp_line_next(&r->lr, b, n, &ln, &u);
			if (rc != MP_OK) {
				u = n;
				r->lr.scanned = 0;
			} else {
				r->state = ST_SKIP_CONT;
			}
			used += u;
			r->off += u;
			*used_r = used;
			if (rc != MP_OK) {
				if (!eof)
					return MP_NEED_MORE;
				r->state = ST_FIELDS;
			}
			continue;
		case ST_SKIP_CONT: /* continuation lines of a cut field */
			if (n == 0) {
				if (!eof)
					return MP_NEED_MORE;
				r->state = ST_FIELDS;
				continue;
			}
			if (b[0] != ' ' && b[0] != '\t') {
				r->state = ST_FIELDS;
				continue;
			}
			r->state = ST_SKIP_LINE;
			continue;
		default:
			break;
		}

		/* ST_FIELDS */
		if (r->held == 0) {
			if (n == 0) {
				if (!eof)
					return MP_NEED_MORE;
				end_item(r, off, false, off, f, d);
				return MP_OK;
			}
			rc = mp_line_next(&r->lr, b, n, &ln, &u);
			if (rc != MP_OK) {
				if (n > maxf + 1) {
					/* one line over the cap: cut it */
					r->lines = 1;
					ln.text = MP_SLICE(b, maxf);
					ln.eol = MP_EOL_NONE;
					scan_line(r, &ln, off, b[0] == ' ' || b[0] == '\t', true, d);
					bool out = emit(r, b, maxf, maxf, off, true, f, d);
					used += n;
					r->off += n;
					*used_r = used;
					r->lr.scanned = 0;
					r->state = ST_SKIP_LINE;
					if (out)
						return MP_OK;
					continue;
				}
				if (!eof)
					return MP_NEED_MORE;
				ln.text = MP_SLICE(b, n);
				ln.eol = MP_EOL_NONE;
				ln.too_long = false;
				u = n;
				r->lr.scanned = 0;
			}
			if (ln.text.n == 0 && ln.eol != MP_EOL_NONE) {
				scan_line(r, &ln, off, false, false, d);
				used += u;
				r->off += u;
				*used_r = used;
				end_item(r, off, true, r->off, f, d);
				return MP_OK;
			}
			scan_line(r, &ln, off, b[0] == ' ' || b[0] == '\t', ln.text.n > maxf, d);
			r->held = u;
			r->lines = 1;
			r->cut_line = ln.eol == MP_EOL_NONE;
			if (ln.text.n > maxf) {
				/* complete, but over the cap */
				bool out = emit(r, b, maxf, maxf, off, true, f, d);
				used += u;
				r->off += u;
				*used_r = used;
				r->held = 0;
				r->state = ST_SKIP_CONT;
				if (out)
					return MP_OK;
				continue;
			}
		}
		/* a unit b[0..held) is pending: is the next line a fold? */
		size_t h = r->held;
		bool done = false, cut = false;
		size_t vend = 0;
		if (r->cut_line) {
			done = true; /* it ended the input */
		} else if (h < n) {
			if (b[h] == ' ' || b[h] == '\t') {
				rc = mp_line_next(&r->lr, b + h, n - h, &ln, &u);
				if (rc != MP_OK) {
					if (n > maxf + 1) {
						cut = true;
					} else if (!eof) {
						return MP_NEED_MORE;
					} else {
						ln.text = MP_SLICE(b + h, n - h);
						ln.eol = MP_EOL_NONE;
						u = n - h;
						r->lr.scanned = 0;
					}
				}
				if (!cut) {
					if (h + ln.text.n > maxf) {
						cut = true;
					} else {
						scan_line(r, &ln, off + h, true, false, d);
						r->held += u;
						r->lines++;
						if (ln.eol == MP_EOL_NONE)
							r->cut_line = true;
						continue;
					}
				}
			} else {
				done = true;
			}
		} else if (eof) {
			done = true;
		} else {
			return MP_NEED_MORE;
		}
		if (cut) {
			/* the field outgrew max_field: yield what fits, skip
			 * the rest of this line and the field's folds */
			bool whole = rc == MP_OK;
			r->lines++;
			bool out = emit(r, b, maxf, maxf, off, true, f, d);
			size_t take = whole ? h + u : n;
			used += take;
			r->off += take;
			*used_r = used;
			r->held = 0;
			r->lr.scanned = 0;
			r->state = whole ? ST_SKIP_CONT : ST_SKIP_LINE;
			if (out)
				return MP_OK;
			continue;
		}
		(void)done;
		/* the value ends before the last line end */
		vend = h;
		if (vend > 0 && b[vend - 1] == '\n') {
			vend--;
			if (vend > 0 && b[vend - 1] == '\r')
				vend--;
		}
		bool out = emit(r, b, h, vend, off, false, f, d);
		used += h;
		r->off += h;
		*used_r = used;
		r->held = 0;
		r->cut_line = false;
		if (out)
			return MP_OK;
	}
}

/* ---- unfolding and unstructured bodies ------------------------------------ */

mp_rc mp_rfc5322_unfold(mp_slice v, uint8_t *out, size_t cap, size_t *len_r)
{
	mp_lx x;
	size_t n = 0;
	mp_lx_init(&x, v, 0, NULL, NULL);
	*len_r = 0;
	for (size_t i = 0; i < v.n;) {
		size_t f = mp_lx_fold_at(&x, i);
		if (f) {
			i += f;
			continue;
		}
		if (n >= cap)
			return MP_NOSPACE;
		out[n++] = v.p[i++];
	}
	*len_r = n;
	return MP_OK;
}

/* unstructured = (*([FWS] VCHAR) *WSP) / obs-unstruct
 * obs-utext = %d0 / obs-NO-WS-CTL / VCHAR */
mp_rc mp_rfc5322_unstructured_check(mp_slice v, uint64_t voff,
				    const mp_rfc5322_opts *o, mp_diags *d)
{
	mp_lx x;
	mp_lx_init(&x, v, voff, o, d);
	while (x.i < v.n) {
		uint8_t c = v.p[x.i];
		size_t f;
		if ((c > 32 && c < 127) || c == ' ' || c == '\t') {
			x.i++;
		} else if ((f = mp_lx_fold_at(&x, x.i)) != 0) {
			x.i += f;
		} else if (c >= 0x80) {
			size_t k = mp_lx_8bit(&x, x.i);
			x.i += k ? k : 1;
		} else if (c == 0) {
			x.i++; /* the reader reported RFC5322_NUL */
			x.bad |= !(x.flags & MP_RFC5322_LENIENT);
		} else if (c == '\r' || c == '\n') {
			x.i++; /* the reader reported the bare CR or LF */
			x.bad = true;
		} else {
			mp_lx_obs(&x, x.i, MP_R_RFC5322_CONTROL);
			x.i++;
		}
	}
	return x.bad ? MP_INVALID : MP_OK;
}

/* ---- one call per field ------------------------------------------------------- */

/* RFC 2047 2: a line holding an encoded-word is at most 76 characters. */
static bool ew_lines(const mp_rfc5322_field *f, mp_diags *d)
{
	mp_slice r = f->raw;
	bool ok = true;
	size_t st = 0;
	for (size_t i = 0; i <= r.n; i++) {
		if (i < r.n && r.p[i] != '\n')
			continue;
		size_t e = i > st && r.p[i - 1] == '\r' ? i - 1 : i;
		bool ew = false;
		for (size_t k = st; k + 1 < e && !ew; k++)
			ew = r.p[k] == '=' && r.p[k + 1] == '?';
		if (ew && e - st > MP_RFC2047_LINE_MAX) {
			mp_diag_push(d, f->off + st + MP_RFC2047_LINE_MAX, MP_R_RFC2047_LINE_TOO_LONG);
			ok = false;
		}
		st = i + 1;
	}
	return ok;
}

static mp_rc worst(mp_rc a, mp_rc b)
{
	if (a == MP_NOSPACE || b == MP_NOSPACE)
		return MP_NOSPACE;
	return a == MP_INVALID || b == MP_INVALID ? MP_INVALID : MP_OK;
}

/* Decodes display names and unstructured text into scratch from a, for
 * the RFC 2047 rules. */
static mp_rc decode_check(mp_slice s, uint64_t off, mp_rfc2047_ctx ctx,
			  const mp_rfc5322_opts *o, mp_arena *a, mp_diags *d)
{
	size_t mark = mp_arena_mark(a);
	size_t cap = 3 * s.n + 16;
	uint8_t *buf = MP_NEW(a, uint8_t, cap);
	size_t n;
	if (buf == NULL) {
		mp_diag_push(d, off, MP_R_ARENA_FULL);
		return MP_NOSPACE;
	}
	mp_rc rc = mp_rfc2047_decode(s, off, ctx, o, buf, cap, &n, d);
	mp_arena_rewind(a, mark);
	return rc;
}

static mp_rc displays_check(const mp_rfc5322_addrlist *l, const mp_slice v,
			    uint64_t voff, const mp_rfc5322_opts *o,
			    mp_arena *a, mp_diags *d)
{
	mp_rc rc = MP_OK;
	for (size_t i = 0; i < l->n; i++) {
		const mp_rfc5322_address *ad = &l->v[i];
		mp_slice s = ad->group ? ad->group_name : ad->mb.display;
		if (s.n)
			rc = worst(rc, decode_check(s, voff + mp_slice_offset(v, s), MP_2047_PHRASE, o, a, d));
		for (size_t k = 0; ad->group && k < ad->nmembers; k++) {
			s = ad->members[k].display;
			if (s.n)
				rc = worst(rc, decode_check(s, voff + mp_slice_offset(v, s), MP_2047_PHRASE, o, a, d));
		}
	}
	return rc;
}

mp_rc mp_rfc5322_field_check(const mp_rfc5322_field *f,
			     const mp_rfc5322_opts *o, mp_arena *a,
			     mp_diags *d)
{
	mp_slice v = f->value;
	uint64_t vo = f->voff;
	size_t mark = mp_arena_mark(a);
	mp_rc rc = MP_OK;
	if (f->kind != MP_RFC5322_FIELD)
		return MP_INVALID;
	bool lines_ok = ew_lines(f, d);
	switch (f->id) {
	case MP_HDR_DATE:
	case MP_HDR_RESENT_DATE: {
		mp_rfc5322_date dt;
		rc = mp_rfc5322_date_parse(v, vo, o, &dt, d);
		break;
	}
	case MP_HDR_FROM:
	case MP_HDR_RESENT_FROM:
	case MP_HDR_SENDER:
	case MP_HDR_RESENT_SENDER:
	case MP_HDR_TO:
	case MP_HDR_CC:
	case MP_HDR_REPLY_TO:
	case MP_HDR_RESENT_TO:
	case MP_HDR_RESENT_CC:
	case MP_HDR_BCC:
	case MP_HDR_RESENT_BCC: {
		mp_rfc5322_addr_form form = MP_ADDR_LIST;
		if (f->id == MP_HDR_FROM || f->id == MP_HDR_RESENT_FROM)
			form = MP_MAILBOX_LIST;
		else if (f->id == MP_HDR_SENDER || f->id == MP_HDR_RESENT_SENDER)
			form = MP_MAILBOX_ONE;
		else if (f->id == MP_HDR_BCC || f->id == MP_HDR_RESENT_BCC)
			form = MP_ADDR_LIST_OPT;
		mp_rfc5322_addrlist l;
		rc = mp_rfc5322_addrlist_parse(v, vo, form, o, a, &l, d);
		if (rc != MP_NOSPACE)
			rc = worst(rc, displays_check(&l, v, vo, o, a, d));
		break;
	}
	case MP_HDR_MESSAGE_ID:
	case MP_HDR_RESENT_MESSAGE_ID:
	case MP_HDR_IN_REPLY_TO:
	case MP_HDR_REFERENCES: {
		mp_rfc5322_msgids l;
		bool one = f->id == MP_HDR_MESSAGE_ID || f->id == MP_HDR_RESENT_MESSAGE_ID;
		rc = mp_rfc5322_msgids_parse(v, vo, one, o, a, &l, d);
		break;
	}
	case MP_HDR_KEYWORDS: {
		size_t n;
		rc = mp_rfc5322_keywords_parse(v, vo, o, &n, d);
		break;
	}
	case MP_HDR_RETURN_PATH: {
		mp_rfc5322_mailbox mb;
		bool null;
		rc = mp_rfc5322_return_path_parse(v, vo, o, &mb, &null, d);
		break;
	}
	case MP_HDR_RECEIVED: {
		mp_rfc5322_received r;
		rc = mp_rfc5322_received_parse(v, vo, o, a, &r, d);
		break;
	}
	case MP_HDR_MIME_VERSION: {
		unsigned ma, mi;
		rc = mp_mime_version_parse(v, vo, o, &ma, &mi, d);
		break;
	}
	case MP_HDR_CONTENT_TYPE: {
		mp_mime_ctype ct;
		rc = mp_mime_ctype_parse(v, vo, o, a, &ct, d);
		break;
	}
	case MP_HDR_CONTENT_TE: {
		mp_mime_cte cte;
		mp_slice tok;
		rc = mp_mime_cte_parse(v, vo, o, &cte, &tok, d);
		break;
	}
	case MP_HDR_CONTENT_ID: {
		mp_rfc5322_msgid id;
		rc = mp_mime_cid_parse(v, vo, o, &id, d);
		break;
	}
	case MP_HDR_CONTENT_DISPOSITION: {
		mp_mime_disp dp;
		rc = mp_mime_disp_parse(v, vo, o, a, &dp, d);
		break;
	}
	case MP_HDR_SUBJECT:
	case MP_HDR_COMMENTS:
	case MP_HDR_CONTENT_DESCRIPTION:
		rc = mp_rfc5322_unstructured_check(v, vo, o, d);
		rc = worst(rc, decode_check(v, vo, MP_2047_TEXT, o, a, d));
		break;
	default:
		rc = mp_rfc5322_unstructured_check(v, vo, o, d);
		break;
	}
	mp_arena_rewind(a, mark);
	return lines_ok ? rc : worst(rc, MP_INVALID);
}
