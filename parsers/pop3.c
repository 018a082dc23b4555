/* pop3.c: the POP3 grammar.
 *   RFC 1939 3 (commands, responses, multi-line byte-stuffing), 4-7 (the
 *   commands and their arguments, states); RFC 2449 4 (lengths), 5-6
 *   (CAPA), 8 (response codes); RFC 2595 4 (STLS); RFC 5034 4 (AUTH);
 *   RFC 6856 3 (UTF8, LANG). */
#include <string.h>

#include "mailprobe/limits.h"
#include "mailprobe/pop3.h"
#include "mailprobe/sasl.h"
#include "mailprobe/wire.h"

/* ---- the command table (STYLE 4) --------------------------------------
 * args: the argument grammar; states: bit per mp_pop3_state. */
enum argk {
	A_NONE,     /* no argument */
	A_MSG,      /* msg (RETR, DELE) */
	A_MSG_OPT,  /* [msg] (LIST, UIDL) */
	A_TOP,      /* msg SP n */
	A_NAME,     /* one argument (USER) */
	A_REST,     /* the rest of the line (PASS: spaces allowed) */
	A_APOP,     /* name SP digest */
	A_AUTH,     /* [mechanism [SP initial-response]] */
	A_LANG,     /* [lang-range] */
};

#define S_AUTH (1u << MP_POP3_AUTHORIZATION)
#define S_TRANS (1u << MP_POP3_TRANSACTION)

static const struct verb_row {
	const char *name;
	mp_pop3_verb verb;
	enum argk args;
	unsigned states;
} verbs[] = {
	{ "USER", MP_POP3_USER, A_NAME, S_AUTH },
	{ "PASS", MP_POP3_PASS, A_REST, S_AUTH },
	{ "APOP", MP_POP3_APOP, A_APOP, S_AUTH },
	{ "AUTH", MP_POP3_AUTH, A_AUTH, S_AUTH },
	{ "STAT", MP_POP3_STAT, A_NONE, S_TRANS },
	{ "LIST", MP_POP3_LIST, A_MSG_OPT, S_TRANS },
	{ "RETR", MP_POP3_RETR, A_MSG, S_TRANS },
	{ "DELE", MP_POP3_DELE, A_MSG, S_TRANS },
	{ "NOOP", MP_POP3_NOOP, A_NONE, S_TRANS },
	{ "RSET", MP_POP3_RSET, A_NONE, S_TRANS },
	{ "QUIT", MP_POP3_QUIT, A_NONE, S_AUTH | S_TRANS },
	{ "TOP", MP_POP3_TOP, A_TOP, S_TRANS },
	{ "UIDL", MP_POP3_UIDL, A_MSG_OPT, S_TRANS },
	{ "CAPA", MP_POP3_CAPA, A_NONE, S_AUTH | S_TRANS },
	{ "STLS", MP_POP3_STLS, A_NONE, S_AUTH },
	{ "UTF8", MP_POP3_UTF8, A_NONE, S_AUTH },
	{ "LANG", MP_POP3_LANG, A_LANG, S_AUTH | S_TRANS },
};

const char *mp_pop3_verb_name(mp_pop3_verb v)
{
	for (size_t i = 0; i < MP_ARRAY_LEN(verbs); i++)
		if (verbs[i].verb == v)
			return verbs[i].name;
	return "UNKNOWN";
}

const char *mp_pop3_state_name(mp_pop3_state s)
{
	static const char *const names[] = { "AUTHORIZATION", "TRANSACTION", "UPDATE" };
	return (unsigned)s < MP_ARRAY_LEN(names) ? names[s] : "?";
}

static const struct verb_row *verb_row(mp_pop3_verb v)
{
	for (size_t i = 0; i < MP_ARRAY_LEN(verbs); i++)
		if (verbs[i].verb == v)
			return &verbs[i];
	return NULL;
}

bool mp_pop3_cmd_state_ok(mp_pop3_verb v, mp_pop3_state s)
{
	const struct verb_row *r = verb_row(v);
	return r != NULL && (r->states & (1u << s)) != 0;
}

bool mp_pop3_cmd_multiline(const mp_pop3_cmd *c)
{
	switch (c->verb) {
	case MP_POP3_LIST:
	case MP_POP3_UIDL:
		return c->nargs == 0;
	case MP_POP3_RETR:
	case MP_POP3_TOP:
	case MP_POP3_CAPA:
		return true;
	case MP_POP3_AUTH: /* AUTH alone lists mechanisms (RFC 1734 use) */
		return c->nargs == 0;
	case MP_POP3_LANG:
		return c->nargs == 0;
	default:
		return false;
	}
}

/* msg: 1*DIGIT, not 0 (RFC 1939 5: "message-number ... starting at 1") */
static bool msg_number(mp_slice s, uint64_t *v)
{
	return mp_slice_u64(s, 20, v) == MP_OK && *v > 0;
}

static bool printable_arg(mp_slice s)
{
	for (size_t i = 0; i < s.n; i++)
		if (s.p[i] <= 0x20 || s.p[i] == 0x7F)
			return false;
	return true;
}

/* Splits argtext on single SP into args; diags for empty fields. */
/* Arguments from index free_from on are exempt from the 40-character
 * limit: AUTH's initial response is bounded only by the 255-octet line
 * (RFC 5034 4). */
static size_t split_args(mp_slice t, uint64_t off, bool lenient,
			 mp_slice *args, size_t max, size_t free_from,
			 bool *bad, mp_diags *d)
{
	size_t n = 0, i = 0;
	while (i < t.n) {
		size_t j = i;
		while (j < t.n && t.p[j] != ' ' && t.p[j] != '\t')
			j++;
		if (j == i) { /* an empty field: a second SP or a TAB */
			mp_diag_push(d, off + i, MP_R_POP3_ARG_SEPARATOR);
			if (!lenient)
				*bad = true;
			i++;
			continue;
		}
		if (n < max)
			args[n] = mp_slice_sub(t, i, j - i);
		n++;
		if (n - 1 < free_from && j - i > MP_POP3_ARG_MAX) {
			mp_diag_push(d, off + i + MP_POP3_ARG_MAX, MP_R_POP3_ARG_TOO_LONG);
			*bad = true;
		}
		if (j < t.n && t.p[j] == '\t') {
			mp_diag_push(d, off + j, MP_R_POP3_ARG_SEPARATOR);
			if (!lenient)
				*bad = true;
		}
		i = j + 1;
		if (j + 1 == t.n) { /* a trailing separator */
			mp_diag_push(d, off + j, MP_R_POP3_ARG_SEPARATOR);
			if (!lenient)
				*bad = true;
		}
	}
	return n;
}

mp_rc mp_pop3_cmd_parse(mp_slice line, uint64_t off, const mp_pop3_opts *o,
			mp_pop3_cmd *c, mp_diags *d)
{
	bool lenient = o && (o->flags & MP_POP3_LENIENT);
	bool bad = false;

	memset(c, 0, sizeof(*c));
	c->verb = MP_POP3_UNKNOWN;
	if (line.n + 2 > MP_POP3_CMD_LINE_MAX) {
		mp_diag_push(d, off + MP_POP3_CMD_LINE_MAX - 2, MP_R_POP3_CMD_TOO_LONG);
		bad = true;
	}
	size_t cr = mp_line_find_bare_cr(line);
	if (cr < line.n) {
		mp_diag_push(d, off + cr, MP_R_POP3_BARE_CR);
		bad = true;
	}
	/* keyword = 3*4VCHAR (RFC 2449 3 refines RFC 1939's "three or four
	 * characters"); separated from the arguments by one SP */
	size_t k = 0;
	while (k < line.n && line.p[k] != ' ' && line.p[k] != '\t')
		k++;
	c->keyword = mp_slice_sub(line, 0, k);
	if (k < 3 || k > 4 || !printable_arg(c->keyword)) {
		mp_diag_push(d, off, MP_R_POP3_KEYWORD_SYNTAX);
		return MP_INVALID;
	}
	const struct verb_row *row = NULL;
	for (size_t i = 0; i < MP_ARRAY_LEN(verbs); i++) {
		mp_slice name = MP_SLICE(verbs[i].name, strlen(verbs[i].name));
		if (mp_slice_eq_ascii_ci(c->keyword, name)) {
			row = &verbs[i];
			break;
		}
	}
	c->argtext = k < line.n ? mp_slice_sub(line, k + 1, line.n) : MP_SLICE(line.p + k, 0);
	/* a TAB is a wrong separator, as between arguments, not part of
	 * the keyword */
	if (k < line.n && (line.p[k] == '\t' || c->argtext.n == 0)) {
		mp_diag_push(d, off + k, MP_R_POP3_ARG_SEPARATOR);
		if (!lenient)
			bad = true;
	}
	uint64_t aoff = off + k + 1;
	if (row == NULL) {
		/* an extension's arguments are its own (RFC 2449 3): split
		 * them, judge nothing, not even the length of RFC 1939 */
		bool ignored = false;
		mp_diag_push(d, off, MP_R_POP3_CMD_UNKNOWN);
		c->nargs = split_args(c->argtext, aoff, true, c->args,
				      MP_POP3_ARGS_MAX, SIZE_MAX, &ignored, NULL);
		if (c->nargs > MP_POP3_ARGS_MAX)
			c->nargs = MP_POP3_ARGS_MAX;
		return bad ? MP_INVALID : MP_OK;
	}
	c->verb = row->verb;
	if (row->args == A_REST) {
		/* PASS: the argument is the rest of the line (RFC 1939 7
		 * notes that a password may contain spaces) */
		c->args[0] = c->argtext;
		c->nargs = c->argtext.n ? 1 : 0;
		if (c->nargs == 0) {
			mp_diag_push(d, off + k, MP_R_POP3_ARG_COUNT);
			bad = true;
		}
		if (c->argtext.n > MP_POP3_ARG_MAX) {
			mp_diag_push(d, aoff + MP_POP3_ARG_MAX, MP_R_POP3_ARG_TOO_LONG);
			bad = true;
		}
		return bad ? MP_INVALID : MP_OK;
	}
	size_t n = split_args(c->argtext, aoff, lenient, c->args,
			      MP_POP3_ARGS_MAX, row->args == A_AUTH ? 1 : SIZE_MAX,
			      &bad, d);
	c->nargs = n > MP_POP3_ARGS_MAX ? MP_POP3_ARGS_MAX : n;
	size_t lo = 0, hi = 0;
	switch (row->args) {
	case A_NONE: break;
	case A_MSG: lo = hi = 1; break;
	case A_MSG_OPT: hi = 1; break;
	case A_TOP: lo = hi = 2; break;
	case A_NAME: lo = hi = 1; break;
	case A_APOP: lo = hi = 2; break;
	case A_AUTH: hi = 2; break;
	case A_LANG: hi = 1; break;
	case A_REST: break;
	}
	if (n < lo || n > hi) {
		mp_diag_push(d, n > hi && n > 0 ? aoff : off + k, MP_R_POP3_ARG_COUNT);
		return MP_INVALID;
	}
	uint64_t a0 = aoff + mp_slice_offset(c->argtext, c->args[0]);
	uint64_t a1 = aoff + mp_slice_offset(c->argtext, c->args[1]);
	switch (row->args) {
	case A_MSG:
	case A_MSG_OPT:
	case A_TOP:
		if (n >= 1) {
			if (!msg_number(c->args[0], &c->msg)) {
				mp_diag_push(d, a0, MP_R_POP3_MSG_NUMBER);
				bad = true;
			} else {
				c->has_msg = true;
			}
		}
		if (row->args == A_TOP &&
		    mp_slice_u64(c->args[1], 20, &c->lines) != MP_OK) {
			mp_diag_push(d, a1, MP_R_POP3_TOP_LINES);
			bad = true;
		}
		break;
	case A_APOP: {
		/* digest = 32 lower-case hex digits (the MD5 of RFC 1321) */
		mp_slice dg = c->args[1];
		bool ok = dg.n == 32;
		for (size_t i = 0; ok && i < dg.n; i++)
			ok = mp_is_digit(dg.p[i]) || (dg.p[i] >= 'a' && dg.p[i] <= 'f');
		if (!ok) {
			mp_diag_push(d, a1, MP_R_POP3_APOP_DIGEST);
			bad = true;
		}
		break;
	}
	case A_AUTH:
		if (n >= 1 && !mp_sasl_mech_ok(c->args[0], true)) {
			mp_diag_push(d, a0, MP_R_POP3_AUTH_MECH);
			bad = true;
		}
		if (n == 2 && !mp_slice_eq(c->args[1], MP_LIT("=")) &&
		    !mp_base64_ok(c->args[1])) {
			mp_diag_push(d, a1, MP_R_POP3_AUTH_INITIAL);
			bad = true;
		}
		break;
	default:
		break;
	}
	return bad ? MP_INVALID : MP_OK;
}

/* ---- responses ------------------------------------------------------- */

/* resp-code = "[" resp-level *("/" resp-level) "]"
 * resp-level = 1*rchar; rchar = %x20-2E / %x30-5C / %x5E-7F (RFC 2449 8);
 * we require at least one non-space so "[ ]" stays text. */
static bool rchar(uint8_t c)
{
	return c >= 0x20 && c <= 0x7F && c != '/' && c != ']';
}

/* "[" 1*SP "]": text, not a code (see above) */
static bool blank_code(mp_slice t)
{
	size_t e = mp_slice_find(t, ']');
	if (e == t.n || e < 2)
		return false;
	for (size_t i = 1; i < e; i++)
		if (t.p[i] != ' ')
			return false;
	return true;
}

static const char *const known_codes[] = {
	"IN-USE", "LOGIN-DELAY", "SYS/TEMP", "SYS/PERM", "AUTH", "UTF8",
};

mp_rc mp_pop3_resp_parse(mp_slice line, uint64_t off, const mp_pop3_opts *o,
			 mp_pop3_resp *r, mp_diags *d)
{
	bool lenient = o && (o->flags & MP_POP3_LENIENT);
	bool bad = false;
	size_t k;

	memset(r, 0, sizeof(*r));
	if (line.n + 2 > MP_POP3_RESP_LINE_MAX) {
		mp_diag_push(d, off + MP_POP3_RESP_LINE_MAX - 2, MP_R_POP3_RESP_TOO_LONG);
		bad = true;
	}
	size_t cr = mp_line_find_bare_cr(line);
	if (cr < line.n) {
		mp_diag_push(d, off + cr, MP_R_POP3_BARE_CR);
		bad = true;
	}
	if (mp_slice_prefix_ci(line, MP_LIT("+OK"))) {
		r->status = MP_POP3_OK;
		k = 3;
	} else if (mp_slice_prefix_ci(line, MP_LIT("-ERR"))) {
		r->status = MP_POP3_ERR;
		k = 4;
	} else if (line.n >= 1 && line.p[0] == '+' &&
		   (line.n == 1 || line.p[1] == ' ')) {
		/* continue-req = "+" SP [base64] CRLF (RFC 5034 4) */
		r->status = MP_POP3_CONT;
		if (line.n == 1) {
			/* "+" without its SP: common, accepted when lenient */
			mp_diag_push(d, off + 1, MP_R_POP3_CONT_SYNTAX);
			bad = !lenient || bad;
		}
		r->text = mp_slice_sub(line, 2, line.n);
		if (!mp_base64_ok(r->text)) {
			/* some servers send text; a MUST all the same */
			mp_diag_push(d, off + 2, MP_R_POP3_CONT_SYNTAX);
			bad = !lenient || bad;
		}
		return bad ? MP_INVALID : MP_OK;
	} else {
		mp_diag_push(d, off, MP_R_POP3_STATUS_INVALID);
		r->status = MP_POP3_BAD;
		r->text = line;
		return MP_INVALID;
	}
	mp_slice st = mp_slice_sub(line, 0, k);
	if (!mp_slice_eq(st, r->status == MP_POP3_OK ? MP_LIT("+OK") : MP_LIT("-ERR"))) {
		mp_diag_push(d, off, MP_R_POP3_STATUS_CASE);
		bad = !lenient || bad;
	}
	if (k < line.n && line.p[k] != ' ') {
		mp_diag_push(d, off + k, MP_R_POP3_STATUS_SEPARATOR);
		bad = true;
		r->text = mp_slice_sub(line, k, line.n);
		return MP_INVALID;
	}
	mp_slice t = mp_slice_sub(line, k + 1, line.n);
	uint64_t toff = off + k + 1;
	if (t.n > 0 && t.p[0] == '[' && !blank_code(t)) {
		size_t e = mp_slice_find(t, ']');
		mp_slice code = mp_slice_sub(t, 1, e > 0 ? e - 1 : 0);
		bool ok = e < t.n && code.n > 0;
		/* levels separated by "/", none empty */
		for (size_t i = 0, lvl = 0; ok && i <= code.n; i++) {
			if (i == code.n || code.p[i] == '/') {
				ok = lvl > 0;
				lvl = 0;
			} else if (!rchar(code.p[i])) {
				ok = false;
			} else {
				lvl++;
			}
		}
		if (!ok) {
			mp_diag_push(d, toff, MP_R_POP3_RESP_CODE_SYNTAX);
			bad = true;
			r->text = t;
			return MP_INVALID;
		}
		r->code = code;
		bool known = false;
		for (size_t i = 0; i < MP_ARRAY_LEN(known_codes); i++) {
			mp_slice kc = MP_SLICE(known_codes[i], strlen(known_codes[i]));
			/* hierarchical: [SYS/TEMP/...] is of kind SYS/TEMP */
			if (mp_slice_eq_ascii_ci(code, kc) ||
			    (mp_slice_prefix_ci(code, kc) && code.p[kc.n] == '/'))
				known = true;
		}
		if (!known)
			mp_diag_push(d, toff + 1, MP_R_POP3_RESP_CODE_UNKNOWN);
		t = mp_slice_sub(t, e + 1, t.n);
		toff += e + 1;
		if (t.n > 0 && t.p[0] == ' ') {
			t = mp_slice_sub(t, 1, t.n);
			toff++;
		}
	}
	r->text = t;
	/* the APOP timestamp: a msg-id "<" ... "@" ... ">" (RFC 1939 7) */
	size_t lt = mp_slice_find(t, '<');
	if (r->status == MP_POP3_OK && lt < t.n) {
		mp_slice rest = mp_slice_sub(t, lt, t.n);
		size_t gt = mp_slice_find(rest, '>');
		if (gt < rest.n) {
			mp_slice ts = mp_slice_sub(rest, 0, gt + 1);
			size_t at = mp_slice_find(ts, '@');
			bool ok = at > 1 && at + 2 < ts.n;
			for (size_t i = 1; ok && i + 1 < ts.n; i++)
				ok = ts.p[i] > 0x20 && ts.p[i] < 0x7F && ts.p[i] != '<';
			r->timestamp = ts;
			if (!ok)
				mp_diag_push(d, toff + lt, MP_R_POP3_TIMESTAMP_SYNTAX);
		}
	}
	return bad ? MP_INVALID : MP_OK;
}

/* ---- listings ---------------------------------------------------------- */

static size_t sp_split(mp_slice line, mp_slice *a, mp_slice *b)
{
	size_t sp = mp_slice_find(line, ' ');
	*a = mp_slice_sub(line, 0, sp);
	*b = sp < line.n ? mp_slice_sub(line, sp + 1, line.n) : MP_SLICE(line.p + line.n, 0);
	return sp;
}

mp_rc mp_pop3_scan_parse(mp_slice line, uint64_t off, uint64_t *msg_r,
			 uint64_t *size_r, mp_diags *d)
{
	/* scan-listing = msg SP size [SP *VCHAR] (RFC 1939 5 allows more
	 * information after the size, not recommended) */
	mp_slice a, b, c;
	size_t sp = sp_split(line, &a, &b);
	sp_split(b, &b, &c);
	if (sp == line.n || !msg_number(a, msg_r) ||
	    mp_slice_u64(b, 20, size_r) != MP_OK) {
		mp_diag_push(d, off, MP_R_POP3_SCAN_LINE);
		return MP_INVALID;
	}
	return MP_OK;
}

mp_rc mp_pop3_uidl_parse(mp_slice line, uint64_t off, uint64_t *msg_r,
			 mp_slice *uid_r, mp_diags *d)
{
	/* unique-id = 1*70 %x21-7E (RFC 1939 7) */
	mp_slice a, b;
	size_t sp = sp_split(line, &a, &b);
	bool ok = sp < line.n && msg_number(a, msg_r) && b.n >= 1 && b.n <= 70;
	for (size_t i = 0; ok && i < b.n; i++)
		ok = b.p[i] >= 0x21 && b.p[i] <= 0x7E;
	*uid_r = b;
	if (!ok) {
		mp_diag_push(d, off, MP_R_POP3_UIDL_LINE);
		return MP_INVALID;
	}
	return MP_OK;
}

mp_rc mp_pop3_capa_parse(mp_slice line, uint64_t off, mp_pop3_capa *cap,
			 mp_diags *d)
{
	/* capability = capa-tag *(SP param); capa-tag = 1*cchar;
	 * cchar = %x21-2D / %x2F-7F; param = 1*pchar; pchar = %x21-7F
	 * (RFC 2449 9): no empty param, so no SP at either end or twice */
	size_t sp = sp_split(line, &cap->tag, &cap->params);
	mp_slice pr = cap->params;
	bool ok = cap->tag.n > 0 && !(sp < line.n && cap->params.n == 0);
	for (size_t i = 0; ok && i < cap->tag.n; i++)
		ok = cap->tag.p[i] >= 0x21 && cap->tag.p[i] <= 0x7F && cap->tag.p[i] != '.';
	for (size_t i = 0; ok && i < pr.n; i++)
		ok = pr.p[i] == ' ' ? i > 0 && i + 1 < pr.n && pr.p[i + 1] != ' '
				    : pr.p[i] >= 0x21 && pr.p[i] <= 0x7F;
	if (!ok) {
		mp_diag_push(d, off, MP_R_POP3_CAPA_LINE);
		return MP_INVALID;
	}
	uint64_t poff = off + cap->tag.n + 1, v;
	mp_slice p1, p2;
	sp_split(cap->params, &p1, &p2);
	/* LOGIN-DELAY n [USER], EXPIRE (n / "NEVER") [USER] (RFC 2449 6.5,
	 * 6.7); SASL mech *(SP mech) (6.3) */
	if (mp_slice_eq_ascii_ci(cap->tag, MP_LIT("LOGIN-DELAY")) ||
	    mp_slice_eq_ascii_ci(cap->tag, MP_LIT("EXPIRE"))) {
		bool never = mp_slice_eq_ascii_ci(cap->tag, MP_LIT("EXPIRE")) &&
			     mp_slice_eq_ascii_ci(p1, MP_LIT("NEVER"));
		if ((!never && mp_slice_u64(p1, 20, &v) != MP_OK) ||
		    (p2.n && !mp_slice_eq_ascii_ci(p2, MP_LIT("USER")))) {
			mp_diag_push(d, poff, MP_R_POP3_CAPA_PARAM);
			return MP_INVALID;
		}
	} else if (mp_slice_eq_ascii_ci(cap->tag, MP_LIT("SASL"))) {
		mp_slice rest = cap->params, m;
		uint64_t at = poff;
		while (rest.n) {
			size_t s2 = sp_split(rest, &m, &rest);
			if (!mp_sasl_mech_ok(m, false)) {
				mp_diag_push(d, at, MP_R_POP3_CAPA_PARAM);
				return MP_INVALID;
			}
			at += s2 + 1;
		}
	}
	return MP_OK;
}

/* ---- printers ---------------------------------------------------------- */

static bool put(uint8_t *out, size_t cap, size_t *n, mp_slice s)
{
	if (s.n > cap - *n)
		return false;
	if (s.n)
		memcpy(out + *n, s.p, s.n);
	*n += s.n;
	return true;
}

mp_rc mp_pop3_cmd_write(const mp_pop3_cmd *c, uint8_t *out, size_t cap,
			size_t *len_r)
{
	size_t n = 0;
	bool ok = true;
	if (c->verb == MP_POP3_UNKNOWN) {
		/* keep the keyword as sent, upper-cased below */
		ok = put(out, cap, &n, c->keyword);
		for (size_t i = 0; ok && i < n; i++)
			if (out[i] >= 'a' && out[i] <= 'z')
				out[i] = (uint8_t)(out[i] - 32);
	} else {
		const char *name = mp_pop3_verb_name(c->verb);
		ok = put(out, cap, &n, MP_SLICE(name, strlen(name)));
	}
	if (c->verb == MP_POP3_PASS) {
		if (c->nargs)
			ok = ok && put(out, cap, &n, MP_LIT(" ")) &&
			     put(out, cap, &n, c->args[0]);
	} else {
		for (size_t i = 0; ok && i < c->nargs; i++)
			ok = put(out, cap, &n, MP_LIT(" ")) &&
			     put(out, cap, &n, c->args[i]);
	}
	ok = ok && put(out, cap, &n, MP_LIT("\r\n"));
	*len_r = ok ? n : 0;
	return ok ? MP_OK : MP_NOSPACE;
}

bool mp_pop3_cmd_eq(const mp_pop3_cmd *a, const mp_pop3_cmd *b)
{
	if (a->verb != b->verb || a->nargs != b->nargs ||
	    a->has_msg != b->has_msg || a->msg != b->msg || a->lines != b->lines)
		return false;
	if (a->verb == MP_POP3_UNKNOWN && !mp_slice_eq_ascii_ci(a->keyword, b->keyword))
		return false;
	for (size_t i = 0; i < a->nargs; i++)
		if (!mp_slice_eq(a->args[i], b->args[i]))
			return false;
	return true;
}

mp_rc mp_pop3_resp_write(const mp_pop3_resp *r, uint8_t *out, size_t cap,
			 size_t *len_r)
{
	size_t n = 0;
	bool ok;
	if (r->status == MP_POP3_CONT) {
		ok = put(out, cap, &n, MP_LIT("+ ")) && put(out, cap, &n, r->text);
	} else {
		ok = put(out, cap, &n, r->status == MP_POP3_OK ? MP_LIT("+OK") : MP_LIT("-ERR"));
		if (ok && r->code.n)
			ok = put(out, cap, &n, MP_LIT(" [")) &&
			     put(out, cap, &n, r->code) && put(out, cap, &n, MP_LIT("]"));
		if (ok && r->text.n)
			ok = put(out, cap, &n, MP_LIT(" ")) && put(out, cap, &n, r->text);
	}
	ok = ok && put(out, cap, &n, MP_LIT("\r\n"));
	*len_r = ok ? n : 0;
	return ok ? MP_OK : MP_NOSPACE;
}

bool mp_pop3_resp_eq(const mp_pop3_resp *a, const mp_pop3_resp *b)
{
	return a->status == b->status && mp_slice_eq(a->code, b->code) &&
	       mp_slice_eq(a->text, b->text) &&
	       mp_slice_eq(a->timestamp, b->timestamp);
}

/* ---- JSON -------------------------------------------------------------- */

void mp_pop3_cmd_json(mp_json *j, const mp_pop3_cmd *c)
{
	mp_json_key(j, "verb");
	if (c->verb == MP_POP3_UNKNOWN)
		mp_json_str(j, c->keyword);
	else
		mp_json_cstr(j, mp_pop3_verb_name(c->verb));
	mp_json_key(j, "known");
	mp_json_bool(j, c->verb != MP_POP3_UNKNOWN);
	mp_json_key(j, "args");
	mp_json_arr_begin(j);
	for (size_t i = 0; i < c->nargs; i++) {
		/* the AUTH initial response carries credentials too
		 * (PLAIN: the password, RFC 4616 2) */
		if (c->verb == MP_POP3_PASS ||
		    (c->verb == MP_POP3_APOP && i == 1) ||
		    (c->verb == MP_POP3_AUTH && i == 1))
			mp_json_cstr(j, "(secret)"); /* never echo credentials */
		else
			mp_json_str(j, c->args[i]);
	}
	mp_json_arr_end(j);
	if (c->has_msg) {
		mp_json_key(j, "msg");
		mp_json_u64(j, c->msg);
	}
	if (c->verb == MP_POP3_TOP && c->nargs == 2) {
		mp_json_key(j, "lines");
		mp_json_u64(j, c->lines);
	}
}

void mp_pop3_resp_json(mp_json *j, const mp_pop3_resp *r)
{
	static const char *const st[] = { "+OK", "-ERR", "+", "none" };
	mp_json_key(j, "status");
	mp_json_cstr(j, st[r->status]);
	if (r->code.n) {
		mp_json_key(j, "code");
		mp_json_str(j, r->code);
	}
	mp_json_key(j, "text");
	mp_json_str(j, r->text);
	if (r->timestamp.n) {
		mp_json_key(j, "timestamp");
		mp_json_str(j, r->timestamp);
	}
}

/* ---- the stream readers ------------------------------------------------ */

void mp_pop3_reader_init(mp_pop3_reader *r, bool server, const mp_pop3_opts *o)
{
	memset(r, 0, sizeof(*r));
	mp_line_init(&r->lr, MP_LINE_HOLD_MAX);
	r->server = server;
	if (o)
		r->opts = *o;
	r->multi_verb = MP_POP3_UNKNOWN;
}

mp_rc mp_pop3_reader_expect(mp_pop3_reader *r, const mp_pop3_cmd *cmd)
{
	if (r->hint_n == MP_POP3_HINTS_MAX)
		return MP_NOSPACE;
	size_t at = (r->hint_head + r->hint_n) % MP_POP3_HINTS_MAX;
	r->hint[at].verb = cmd->verb;
	r->hint[at].multi = mp_pop3_cmd_multiline(cmd);
	r->hint_n++;
	return MP_OK;
}

/* The line-end rules of command and status lines. */
static void line_rules(const mp_line *l, size_t limit, mp_rule too_long,
		       mp_diags *d)
{
	if (l->eol == MP_EOL_LF)
		mp_diag_push(d, l->off + l->text.n, MP_R_POP3_BARE_LF);
	if (l->too_long)
		mp_diag_push(d, l->off + limit - 2, too_long);
}

mp_rc mp_pop3_next(mp_pop3_reader *r, const uint8_t *buf, size_t len,
		   bool eof, mp_pop3_event *ev, size_t *used_r, mp_diags *d)
{
	size_t used;
	mp_line l;

	*used_r = 0;
	memset(ev, 0, sizeof(*ev));
	ev->answers = MP_POP3_UNKNOWN;
	if (r->opaque) {
		r->lr.off += len;
		*used_r = len;
		return MP_NEED_MORE;
	}
	/* TLS bytes where a line should start: not in the skipped tail of
	 * an over-long line, where buf starts wherever a chunk did */
	if (!r->in_multi && !r->lr.skipping && len > 0) {
		int t = mp_wire_tls_start(buf, len, eof);
		if (t < 0)
			return MP_NEED_MORE;
		if (t > 0) {
			ev->kind = MP_POP3_EV_TLS;
			ev->off = r->lr.off;
			ev->line = MP_SLICE(buf, len);
			r->opaque = true;
			r->lr.off += len;
			*used_r = len;
			return MP_OK;
		}
	}
	mp_linerd save = r->lr;
	mp_rc rc = eof ? mp_line_finish(&r->lr, buf, len, &l, &used)
		       : mp_line_next(&r->lr, buf, len, &l, &used);
	*used_r = used;
	if (rc != MP_OK) {
		if (eof && r->in_multi) {
			mp_diag_push(d, r->lr.off, MP_R_POP3_MULTI_TRUNCATED);
			r->in_multi = false;
		}
		return MP_NEED_MORE;
	}
	ev->off = l.off;
	ev->line = l.text;
	if (!r->server) {
		line_rules(&l, MP_POP3_CMD_LINE_MAX, MP_R_POP3_CMD_TOO_LONG, d);
		if (r->sasl != 0) {
			/* a SASL response: base64 or "*" to cancel */
			ev->kind = MP_POP3_EV_SASL;
			if (mp_slice_eq(l.text, MP_LIT("*")))
				r->sasl = 0;
			else if (r->sasl > 0)
				r->sasl--;
			if (!mp_slice_eq(l.text, MP_LIT("*")) && !mp_base64_ok(l.text))
				mp_diag_push(d, l.off, MP_R_POP3_SASL_LINE);
			return MP_OK;
		}
		ev->kind = MP_POP3_EV_COMMAND;
		if (!l.too_long)
			mp_pop3_cmd_parse(l.text, l.off, &r->opts, &ev->cmd, d);
		else
			mp_pop3_cmd_parse(mp_slice_sub(l.text, 0, 4), l.off,
					  &r->opts, &ev->cmd, NULL);
		if (ev->cmd.verb == MP_POP3_AUTH && ev->cmd.nargs >= 1)
			r->sasl = mp_sasl_client_lines(ev->cmd.args[0], ev->cmd.nargs == 2);
		return MP_OK;
	}

	/* server side */
	if (r->in_multi) {
		if (l.eol == MP_EOL_LF)
			mp_diag_push(d, l.off + l.text.n, MP_R_POP3_BARE_LF);
		bool bare_ok = l.eol == MP_EOL_CRLF || l.eol == MP_EOL_NONE ||
			       (r->opts.flags & MP_POP3_LENIENT);
		if (l.text.n == 1 && l.text.p[0] == '.' && bare_ok &&
		    l.eol != MP_EOL_NONE) {
			ev->kind = MP_POP3_EV_END;
			ev->answers = r->multi_verb;
			r->in_multi = false;
			return MP_OK;
		}
		ev->kind = MP_POP3_EV_LINE;
		ev->answers = r->multi_verb;
		uint64_t loff = l.off;
		if (l.text.n > 0 && l.text.p[0] == '.') {
			if (l.text.n == 1 || l.text.p[1] != '.')
				mp_diag_push(d, l.off, MP_R_POP3_NOT_STUFFED);
			ev->line = mp_slice_sub(l.text, 1, l.text.n);
			loff++;
		}
		uint64_t v1, v2;
		mp_slice uid;
		mp_pop3_capa cap;
		if (r->multi_verb == MP_POP3_LIST)
			mp_pop3_scan_parse(ev->line, loff, &v1, &v2, d);
		else if (r->multi_verb == MP_POP3_UIDL)
			mp_pop3_uidl_parse(ev->line, loff, &v1, &uid, d);
		else if (r->multi_verb == MP_POP3_CAPA)
			mp_pop3_capa_parse(ev->line, loff, &cap, d);
		/* the stream's last line has no end; a cut over-long line
		 * has none either, but more may follow it */
		if (eof && l.eol == MP_EOL_NONE && !l.too_long) {
			mp_diag_push(d, r->lr.off, MP_R_POP3_MULTI_TRUNCATED);
			r->in_multi = false;
		}
		return MP_OK;
	}
	/* an over-long line is diag'd once by line_rules: parse only the
	 * part that fits (RFC 2449 4: 512 octets with the CRLF) */
	mp_slice text = l.too_long ? mp_slice_sub(l.text, 0, MP_POP3_RESP_LINE_MAX - 2) : l.text;
	/* without a hint, a +OK is multi-line unless the next line starts
	 * a new response: look at it before consuming this one */
	bool hinted = r->hint_n > 0 && r->greeted;
	bool multi = false;
	mp_pop3_verb answers = MP_POP3_UNKNOWN;
	bool ok_line = mp_slice_prefix_ci(text, MP_LIT("+OK"));
	if (r->greeted && ok_line) {
		if (hinted) {
			multi = r->hint[r->hint_head].multi;
			answers = r->hint[r->hint_head].verb;
		} else {
			const uint8_t *nx = buf + used;
			size_t nn = len - used;
			if (nn < 4 && !eof && !l.too_long) {
				r->lr = save; /* hold the line until we see more */
				*used_r = 0;
				return MP_NEED_MORE;
			}
			/* an over-long line was cut where the reader's hold
			 * ran out, so what follows it is seen in some splits
			 * and not in others: call it single-line in all */
			mp_slice next = MP_SLICE(nx, nn);
			multi = !l.too_long && nn > 0 &&
				!mp_slice_prefix_ci(next, MP_LIT("+OK")) &&
				!mp_slice_prefix_ci(next, MP_LIT("-ERR")) &&
				!mp_slice_prefix_ci(next, MP_LIT("+ ")) &&
				mp_wire_tls_start(nx, nn, true) == 0;
		}
	}
	if (hinted && (ok_line || mp_slice_prefix_ci(text, MP_LIT("-ERR")))) {
		answers = r->hint[r->hint_head].verb;
		r->hint_head = (r->hint_head + 1) % MP_POP3_HINTS_MAX;
		r->hint_n--;
	}
	/* after the lookahead: a held line is read again, diag'd once */
	line_rules(&l, MP_POP3_RESP_LINE_MAX, MP_R_POP3_RESP_TOO_LONG, d);
	ev->kind = r->greeted ? MP_POP3_EV_STATUS : MP_POP3_EV_GREETING;
	r->greeted = true;
	mp_pop3_resp_parse(text, l.off, &r->opts, &ev->resp, d);
	if (ev->resp.status == MP_POP3_OK && answers == MP_POP3_STAT) {
		/* "+OK" SP nn SP mm (RFC 1939 5) */
		uint64_t v1, v2;
		mp_slice t = ev->resp.text;
		size_t sp = mp_slice_find(t, ' ');
		mp_slice rest = mp_slice_sub(t, sp + 1, t.n);
		size_t sp2 = mp_slice_find(rest, ' ');
		if (sp == t.n || mp_slice_u64(mp_slice_sub(t, 0, sp), 20, &v1) != MP_OK ||
		    mp_slice_u64(mp_slice_sub(rest, 0, sp2), 20, &v2) != MP_OK)
			mp_diag_push(d, l.off, MP_R_POP3_STAT_SYNTAX);
	}
	ev->multiline = multi;
	ev->answers = answers;
	if (multi) {
		r->in_multi = true;
		r->multi_verb = answers;
	}
	return MP_OK;
}
