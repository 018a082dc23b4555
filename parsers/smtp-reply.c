/* smtp-reply.c: SMTP replies (RFC 5321 4.2, 4.2.1, 4.5.3.1.5), enhanced
 * status codes (RFC 3463 2, RFC 2034 3) and EHLO capabilities (RFC 5321
 * 4.1.1.1, RFC 1870 4, RFC 4954 3). */
#include <string.h>

#include "mailprobe/limits.h"
#include "mailprobe/sasl.h"
#include "smtp-private.h"

/* Reply-line = *( Reply-code "-" [ textstring ] CRLF )
 *              Reply-code [ SP textstring ] CRLF
 * Reply-code = %x32-35 %x30-35 %x30-39
 * textstring = 1*(%d09 / %d32-126) */
mp_rc mp_smtp_reply_line_parse(mp_slice line, uint64_t off, unsigned *code_r,
			       bool *more_r, mp_slice *text_r, mp_diags *d)
{
	bool bad = false;
	*code_r = 0;
	*more_r = false;
	*text_r = MP_SLICE(line.p, 0);
	if (line.n + 2 > MP_SMTP_REPLY_LINE_MAX) {
		mp_diag_push(d, off + MP_SMTP_REPLY_LINE_MAX - 2, MP_R_SMTP_REPLY_TOO_LONG);
		bad = true;
	}
	if (line.n < 3 || line.p[0] < '2' || line.p[0] > '5' ||
	    line.p[1] < '0' || line.p[1] > '5' || !mp_is_digit(line.p[2])) {
		mp_diag_push(d, off, MP_R_SMTP_REPLY_CODE);
		*text_r = line;
		return MP_INVALID;
	}
	*code_r = (unsigned)((line.p[0] - '0') * 100 + (line.p[1] - '0') * 10 +
			     (line.p[2] - '0'));
	if (line.n > 3) {
		if (line.p[3] == '-') {
			*more_r = true;
		} else if (line.p[3] != ' ') {
			mp_diag_push(d, off + 3, MP_R_SMTP_REPLY_SEPARATOR);
			*text_r = mp_slice_sub(line, 3, line.n);
			return MP_INVALID;
		}
		*text_r = mp_slice_sub(line, 4, line.n);
	}
	for (size_t i = 0; i < text_r->n; i++) {
		uint8_t c = text_r->p[i];
		if (!CC(c, C_TEXT)) {
			mp_diag_push(d, off + 4 + i, c == '\r' ? MP_R_SMTP_BARE_CR
							       : MP_R_SMTP_REPLY_TEXT);
			bad = true;
			break;
		}
	}
	return bad ? MP_INVALID : MP_OK;
}

/* status-code = class "." subject "." detail; class = "2" / "4" / "5";
 * subject = 1*3digit; detail = 1*3digit (RFC 3463 2) */
mp_rc mp_smtp_esc_parse(mp_slice t, uint64_t off, unsigned esc[3],
			size_t *len_r, mp_diags *d)
{
	size_t i = 0;
	if (t.n < 5 || !mp_is_digit(t.p[0]) || t.p[1] != '.' || !mp_is_digit(t.p[2]))
		return MP_NEED_MORE;
	for (int part = 0; part < 3; part++) {
		size_t st = i;
		unsigned v = 0;
		while (i < t.n && mp_is_digit(t.p[i]) && i - st < 4)
			v = v * 10 + (unsigned)(t.p[i++] - '0');
		size_t len = i - st;
		if (len == 0 || len > (part == 0 ? 1u : 3u) ||
		    (part == 0 && v != 2 && v != 4 && v != 5) ||
		    (part < 2 && (i >= t.n || t.p[i] != '.'))) {
			mp_diag_push(d, off, MP_R_SMTP_ESC_SYNTAX);
			return MP_INVALID;
		}
		esc[part] = v;
		if (part < 2)
			i++;
	}
	if (i < t.n && t.p[i] != ' ') {
		mp_diag_push(d, off, MP_R_SMTP_ESC_SYNTAX);
		return MP_INVALID;
	}
	*len_r = i;
	return MP_OK;
}

mp_rc mp_smtp_reply_parse(const mp_slice *lines, const uint64_t *offs,
			  size_t n, mp_arena *a, mp_smtp_reply *r,
			  mp_diags *d)
{
	bool bad = false;
	memset(r, 0, sizeof(*r));
	if (n == 0)
		return MP_INVALID;
	r->off = offs[0];
	r->lines = MP_NEW(a, mp_smtp_reply_line, n);
	if (r->lines == NULL) {
		mp_diag_push(d, offs[0], MP_R_ARENA_FULL);
		return MP_NOSPACE;
	}
	int esc_lines = 0;
	bool esc_differs = false;
	for (size_t i = 0; i < n; i++) {
		unsigned code;
		bool more;
		mp_slice text;
		if (mp_smtp_reply_line_parse(lines[i], offs[i], &code, &more, &text, d) != MP_OK)
			bad = true;
		if (i == 0)
			r->code = code;
		else if (code != r->code && code != 0) {
			mp_diag_push(d, offs[i], MP_R_SMTP_REPLY_CODE_MISMATCH);
			bad = true;
		}
		if (more != (i + 1 < n) && code != 0) {
			/* a "-" on the last line or a final line inside:
			 * the reader only ends on a final line, so this is
			 * a line cut by the reader's hold limit */
			bad = true;
		}
		unsigned esc[3];
		size_t elen;
		uint64_t toff = offs[i] + (uint64_t)(text.p - lines[i].p);
		mp_rc erc = code ? mp_smtp_esc_parse(text, toff, esc, &elen, d)
				 : MP_NEED_MORE;
		if (erc == MP_OK) {
			esc_lines++;
			if (esc[0] != code / 100) {
				mp_diag_push(d, toff, MP_R_SMTP_ESC_CLASS);
				bad = true;
			}
			if (!r->has_esc) {
				r->has_esc = true;
				memcpy(r->esc, esc, sizeof esc);
			} else if (memcmp(r->esc, esc, sizeof esc) != 0) {
				esc_differs = true;
			}
		} else if (erc == MP_INVALID) {
			bad = true;
		}
		r->lines[i].text = text;
		r->lines[i].off = offs[i];
		r->lines[i].toff = toff;
	}
	r->nlines = n;
	if (esc_lines > 0 && (esc_lines != (int)n || esc_differs)) {
		mp_diag_push(d, offs[0], MP_R_SMTP_ESC_INCONSISTENT);
		bad = true;
	}
	return bad ? MP_INVALID : MP_OK;
}

/* ehlo-ok-rsp = ( "250" SP Domain [ SP ehlo-greet ] CRLF )
 *             / ( "250-" Domain [ SP ehlo-greet ] CRLF
 *                 *( "250-" ehlo-line CRLF ) "250" SP ehlo-line CRLF )
 * ehlo-line = ehlo-keyword *( SP ehlo-param )
 * ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
 * ehlo-param = 1*(%d33-126) */
mp_rc mp_smtp_ehlo_parse(const mp_smtp_reply *r, mp_arena *a,
			 mp_smtp_caps *caps, mp_diags *d)
{
	bool bad = false;
	memset(caps, 0, sizeof(*caps));
	if (r->nlines == 0)
		return MP_INVALID;
	mp_slice first = r->lines[0].text;
	size_t sp = mp_slice_find(first, ' ');
	caps->domain = mp_slice_sub(first, 0, sp);
	mp_smtp_host kind;
	if (mp_smtp_domain_parse(caps->domain, r->lines[0].toff, true, &kind, NULL) != MP_OK) {
		mp_diag_push(d, r->lines[0].toff, MP_R_SMTP_EHLO_DOMAIN);
		bad = true;
	}
	if (r->nlines == 1)
		return bad ? MP_INVALID : MP_OK;
	caps->v = MP_NEW(a, mp_smtp_cap, r->nlines - 1);
	if (caps->v == NULL) {
		mp_diag_push(d, r->off, MP_R_ARENA_FULL);
		return MP_NOSPACE;
	}
	for (size_t i = 1; i < r->nlines; i++) {
		mp_slice t = r->lines[i].text;
		uint64_t at = r->lines[i].toff;
		mp_smtp_cap *cp = &caps->v[caps->n];
		sp = mp_slice_find(t, ' ');
		cp->keyword = mp_slice_sub(t, 0, sp);
		cp->params = sp < t.n ? mp_slice_sub(t, sp + 1, t.n) : MP_SLICE(t.p + t.n, 0);
		cp->off = at;
		bool ok = cp->keyword.n > 0 && mp_is_alnum(cp->keyword.p[0]) &&
			  !(sp < t.n && cp->params.n == 0);
		for (size_t j = 1; ok && j < cp->keyword.n; j++)
			ok = mp_is_alnum(cp->keyword.p[j]) || cp->keyword.p[j] == '-';
		for (size_t j = 0; ok && j < cp->params.n; j++) {
			uint8_t b = cp->params.p[j];
			/* params separated by single SP, each 1*(%d33-126):
			 * no SP first, last or twice */
			ok = (b >= 33 && b <= 126) ||
			     (b == ' ' && j > 0 && j + 1 < cp->params.n &&
			      cp->params.p[j + 1] != ' ');
		}
		if (!ok) {
			mp_diag_push(d, at, MP_R_SMTP_EHLO_LINE);
			bad = true;
			continue;
		}
		bool dup = false;
		for (size_t j = 0; j < caps->n && !dup; j++)
			dup = mp_slice_eq_ascii_ci(caps->v[j].keyword, cp->keyword);
		if (dup) {
			/* the first announcement counts (for caps_has, the SIZE
			 * limit and the JSON alike); the repeat is reported */
			mp_diag_push(d, at, MP_R_SMTP_EHLO_DUPLICATE);
			bad = true;
			continue;
		}
		if (mp_slice_eq_ascii_ci(cp->keyword, MP_LIT("SIZE")) && cp->params.n) {
			/* size-param = [1*DIGIT] (RFC 1870 4) */
			if (mp_slice_u64(cp->params, 20, &caps->size_max) != MP_OK) {
				mp_diag_push(d, at + 5, MP_R_SMTP_EHLO_PARAM);
				bad = true;
			}
		} else if (mp_slice_eq_ascii_ci(cp->keyword, MP_LIT("AUTH"))) {
			/* "AUTH" 1*(SP sasl-mech) (RFC 4954 3) */
			mp_slice rest = cp->params;
			uint64_t pat = at + 5;
			if (rest.n == 0) {
				mp_diag_push(d, at, MP_R_SMTP_EHLO_PARAM);
				bad = true;
			}
			while (rest.n) {
				size_t e = mp_slice_find(rest, ' ');
				if (!mp_sasl_mech_ok(mp_slice_sub(rest, 0, e), false)) {
					mp_diag_push(d, pat, MP_R_SMTP_EHLO_PARAM);
					bad = true;
					break;
				}
				rest = mp_slice_sub(rest, e + 1, rest.n);
				pat += e + 1;
			}
		}
		caps->n++;
	}
	return bad ? MP_INVALID : MP_OK;
}

bool mp_smtp_caps_has(const mp_smtp_caps *c, const char *kw, mp_slice *params_r)
{
	for (size_t i = 0; i < c->n; i++) {
		if (mp_slice_is_ci(c->v[i].keyword, kw)) {
			if (params_r)
				*params_r = c->v[i].params;
			return true;
		}
	}
	return false;
}

mp_rc mp_smtp_reply_write(const mp_smtp_reply *r, uint8_t *out, size_t cap,
			  size_t *len_r)
{
	size_t n = 0;
	bool ok = true;
	uint8_t code[4] = { (uint8_t)('0' + r->code / 100 % 10),
			    (uint8_t)('0' + r->code / 10 % 10),
			    (uint8_t)('0' + r->code % 10), 0 };
	for (size_t i = 0; ok && i < r->nlines; i++) {
		code[3] = i + 1 < r->nlines ? '-' : ' ';
		/* "334" SP [base64] (RFC 4954 4): the SP stays */
		bool sep = r->lines[i].text.n || code[3] == '-' || r->code == 334;
		ok = mp_smtp_put(out, cap, &n, MP_SLICE(code, sep ? 4 : 3)) &&
		     mp_smtp_put(out, cap, &n, r->lines[i].text) &&
		     mp_smtp_put(out, cap, &n, MP_LIT("\r\n"));
	}
	*len_r = ok ? n : 0;
	return ok ? MP_OK : MP_NOSPACE;
}

bool mp_smtp_reply_eq(const mp_smtp_reply *a, const mp_smtp_reply *b)
{
	if (a->code != b->code || a->nlines != b->nlines || a->has_esc != b->has_esc ||
	    memcmp(a->esc, b->esc, sizeof a->esc) != 0)
		return false;
	for (size_t i = 0; i < a->nlines; i++)
		if (!mp_slice_eq(a->lines[i].text, b->lines[i].text))
			return false;
	return true;
}

void mp_smtp_reply_json(mp_json *j, const mp_smtp_reply *r)
{
	mp_json_key(j, "code");
	mp_json_u64(j, r->code);
	if (r->has_esc) {
		char e[16];
		int k = 0;
		for (int i = 0; i < 3; i++) {
			unsigned v = r->esc[i];
			if (v >= 100)
				e[k++] = (char)('0' + v / 100);
			if (v >= 10)
				e[k++] = (char)('0' + v / 10 % 10);
			e[k++] = (char)('0' + v % 10);
			if (i < 2)
				e[k++] = '.';
		}
		mp_json_key(j, "enhanced");
		mp_json_str(j, MP_SLICE(e, (size_t)k));
	}
	mp_json_key(j, "lines");
	mp_json_arr_begin(j);
	for (size_t i = 0; i < r->nlines; i++)
		mp_json_str(j, r->lines[i].text);
	mp_json_arr_end(j);
}

void mp_smtp_caps_json(mp_json *j, const mp_smtp_caps *c)
{
	mp_json_key(j, "ehlo_domain");
	mp_json_str(j, c->domain);
	mp_json_key(j, "capabilities");
	mp_json_obj_begin(j);
	for (size_t i = 0; i < c->n; i++) {
		char k[64];
		size_t n = c->v[i].keyword.n < sizeof k - 1 ? c->v[i].keyword.n : sizeof k - 1;
		for (size_t x = 0; x < n; x++) {
			uint8_t b = c->v[i].keyword.p[x];
			k[x] = (char)(b >= 'a' && b <= 'z' ? b - 32 : b);
		}
		k[n] = '\0';
		mp_json_key(j, k);
		mp_json_str(j, c->v[i].params);
	}
	mp_json_obj_end(j);
}
