/* smtp-cmd.c: SMTP commands (RFC 5321 4.1.1, 4.1.2, 4.1.3, 4.5.3.1)
 * with ESMTP parameters of RFC 1870 (SIZE), 6152 (BODY=8BITMIME), 3030
 * (BDAT, BINARYMIME), 3461 (DSN: RET ENVID NOTIFY ORCPT), 4954 (AUTH,
 * AUTH=), 6531 (SMTPUTF8: UTF-8 in addresses), 3207 (STARTTLS). */
#include <string.h>

#include "mailprobe/limits.h"
#include "mailprobe/sasl.h"
#include "smtp-private.h"

/* ---- character classes ---------------------------------------------- */
#define A_ (C_ALPHA | C_ATEXT | C_QTEXT | C_DCONTENT | C_XCHAR | C_VALUE | C_TEXT)
#define D_ (C_DIGIT | C_ATEXT | C_QTEXT | C_DCONTENT | C_XCHAR | C_VALUE | C_TEXT)
/* atext specials: ! # $ % & ' * + - / = ? ^ _ ` { | } ~ */
#define S_ (C_ATEXT | C_QTEXT | C_DCONTENT | C_XCHAR | C_VALUE | C_TEXT)
/* other printable: qtext, dcontent, xchar, value (per-char fixups below) */
#define P_ (C_QTEXT | C_DCONTENT | C_XCHAR | C_VALUE | C_TEXT)

const uint8_t mp_smtp_cc[256] = {
	['\t'] = C_TEXT,
	[' '] = C_QTEXT | C_TEXT,          /* qtextSMTP %d32-33 */
	['!'] = S_, ['"'] = C_DCONTENT | C_XCHAR | C_VALUE | C_TEXT,
	['#'] = S_, ['$'] = S_, ['%'] = S_, ['&'] = S_, ['\''] = S_,
	['('] = P_, [')'] = P_, ['*'] = S_,
	['+'] = C_ATEXT | C_QTEXT | C_DCONTENT | C_VALUE | C_TEXT, /* not xchar */
	[','] = P_, ['-'] = S_, ['.'] = P_, ['/'] = S_,
	['0'] = D_, ['1'] = D_, ['2'] = D_, ['3'] = D_, ['4'] = D_,
	['5'] = D_, ['6'] = D_, ['7'] = D_, ['8'] = D_, ['9'] = D_,
	[':'] = P_, [';'] = P_, ['<'] = P_,
	['='] = C_ATEXT | C_QTEXT | C_DCONTENT | C_TEXT, /* not xchar, value */
	['>'] = P_, ['?'] = S_, ['@'] = P_,
	['A'] = A_, ['B'] = A_, ['C'] = A_, ['D'] = A_, ['E'] = A_, ['F'] = A_,
	['G'] = A_, ['H'] = A_, ['I'] = A_, ['J'] = A_, ['K'] = A_, ['L'] = A_,
	['M'] = A_, ['N'] = A_, ['O'] = A_, ['P'] = A_, ['Q'] = A_, ['R'] = A_,
	['S'] = A_, ['T'] = A_, ['U'] = A_, ['V'] = A_, ['W'] = A_, ['X'] = A_,
	['Y'] = A_, ['Z'] = A_,
	['['] = C_QTEXT | C_XCHAR | C_VALUE | C_TEXT,      /* not dcontent */
	['\\'] = C_XCHAR | C_VALUE | C_TEXT,               /* not qtext, dcontent */
	[']'] = C_QTEXT | C_XCHAR | C_VALUE | C_TEXT,      /* not dcontent */
	['^'] = S_, ['_'] = S_, ['`'] = S_,
	['a'] = A_, ['b'] = A_, ['c'] = A_, ['d'] = A_, ['e'] = A_, ['f'] = A_,
	['g'] = A_, ['h'] = A_, ['i'] = A_, ['j'] = A_, ['k'] = A_, ['l'] = A_,
	['m'] = A_, ['n'] = A_, ['o'] = A_, ['p'] = A_, ['q'] = A_, ['r'] = A_,
	['s'] = A_, ['t'] = A_, ['u'] = A_, ['v'] = A_, ['w'] = A_, ['x'] = A_,
	['y'] = A_, ['z'] = A_,
	['{'] = S_, ['|'] = S_, ['}'] = S_, ['~'] = S_,
};

bool mp_smtp_put(uint8_t *out, size_t cap, size_t *n, mp_slice s)
{
	if (s.n > cap - *n)
		return false;
	if (s.n)
		memcpy(out + *n, s.p, s.n);
	*n += s.n;
	return true;
}

/* ---- parse context ---------------------------------------------------- */
struct pc {
	mp_slice s;      /* the whole line */
	uint64_t off;    /* stream offset of s.p[0] */
	bool lenient;
	bool bad;
	mp_diags *d;
};

static void diag(struct pc *c, size_t at, mp_rule r)
{
	mp_diag_push(c->d, c->off + at, r);
	if (mp_rule_level(r) <= MP_SHOULD)
		c->bad = true;
}

/* A deviation the lenient mode accepts: diag always, bad only if strict. */
static void lenient_diag(struct pc *c, size_t at, mp_rule r)
{
	mp_diag_push(c->d, c->off + at, r);
	if (!c->lenient)
		c->bad = true;
}

/* UTF-8 octets at s[i]: length of a valid sequence (>= 2) or 0. */
static size_t utf8_at(mp_slice s, size_t i)
{
	size_t k = mp_utf8_seq_len(s.p + i, s.n - i);
	return k >= 2 ? k : 0;
}

/* ---- domains and address literals -------------------------------------- */

/* Snum = 1*3DIGIT, 0-255 */
static bool ipv4_ok(mp_slice s)
{
	size_t i = 0;
	for (int part = 0; part < 4; part++) {
		size_t st = i;
		unsigned v = 0;
		while (i < s.n && mp_is_digit(s.p[i]) && i - st < 4)
			v = v * 10 + (unsigned)(s.p[i++] - '0');
		if (i == st || i - st > 3 || v > 255)
			return false;
		if (part < 3) {
			if (i >= s.n || s.p[i] != '.')
				return false;
			i++;
		}
	}
	return i == s.n;
}

/* IPv6-addr = IPv6-full / IPv6-comp / IPv6v4-full / IPv6v4-comp
 * IPv6-full = IPv6-hex 7(":" IPv6-hex)
 * IPv6-comp = [IPv6-hex *5(":" IPv6-hex)] "::" [IPv6-hex *5(":" IPv6-hex)]
 *             ; no more than 6 groups in addition to the "::"
 * IPv6v4-full = IPv6-hex 5(":" IPv6-hex) ":" IPv4-address-literal
 * IPv6v4-comp = [IPv6-hex *3(":" IPv6-hex)] "::"
 *               [IPv6-hex *3(":" IPv6-hex) ":"] IPv4-address-literal
 *             ; no more than 4 groups in addition to "::" and the IPv4 */
static bool ipv6_ok(mp_slice s)
{
	size_t groups = 0, i = 0;
	bool comp = false, v4 = false;
	if (s.n >= 2 && s.p[0] == ':' && s.p[1] == ':') {
		comp = true;
		i = 2;
		if (i == s.n)
			return true;
	} else if (s.n == 0 || s.p[0] == ':') {
		return false;
	}
	while (i < s.n) {
		size_t st = i;
		while (i < s.n && mp_is_hex(s.p[i]))
			i++;
		if (i < s.n && s.p[i] == '.') { /* the IPv4 tail */
			if (!ipv4_ok(mp_slice_sub(s, st, s.n - st)))
				return false;
			v4 = true;
			i = s.n;
			break;
		}
		if (i == st || i - st > 4)
			return false;
		groups++;
		if (i == s.n)
			break;
		if (s.p[i] != ':')
			return false;
		i++;
		if (i < s.n && s.p[i] == ':') {
			if (comp)
				return false; /* a second "::" */
			comp = true;
			i++;
			if (i == s.n)
				break;
		} else if (i == s.n) {
			return false; /* a trailing single ":" */
		}
	}
	if (comp)
		return v4 ? groups <= 4 : groups <= 6;
	return v4 ? groups == 6 : groups == 8;
}

/* Ldh-str = *( ALPHA / DIGIT / "-" ) Let-dig */
static bool ldh_str(mp_slice s)
{
	if (s.n == 0 || !mp_is_alnum(s.p[s.n - 1]))
		return false;
	for (size_t i = 0; i < s.n; i++)
		if (!mp_is_alnum(s.p[i]) && s.p[i] != '-')
			return false;
	return true;
}

/* address-literal = "[" ( IPv4-address-literal / IPv6-address-literal /
 *                         General-address-literal ) "]" */
static mp_smtp_host addr_literal(struct pc *c, mp_slice s, size_t at)
{
	mp_slice in = mp_slice_sub(s, 1, s.n - 2);
	if (s.n < 2 || s.p[s.n - 1] != ']') {
		diag(c, at, MP_R_SMTP_ADDR_LITERAL_SYNTAX);
		return MP_SMTP_HOST_NONE;
	}
	if (mp_slice_prefix_ci(in, MP_LIT("IPv6:"))) {
		if (!ipv6_ok(mp_slice_sub(in, 5, in.n)))
			diag(c, at + 6, MP_R_SMTP_IPV6_SYNTAX);
		return MP_SMTP_HOST_IPV6;
	}
	size_t colon = mp_slice_find(in, ':');
	if (colon < in.n) {
		/* General-address-literal = Standardized-tag ":" 1*dcontent */
		mp_slice tag = mp_slice_sub(in, 0, colon);
		mp_slice val = mp_slice_sub(in, colon + 1, in.n);
		bool ok = ldh_str(tag) && val.n > 0;
		for (size_t i = 0; ok && i < val.n; i++)
			ok = CC(val.p[i], C_DCONTENT);
		if (!ok)
			diag(c, at + 1, MP_R_SMTP_ADDR_LITERAL_SYNTAX);
		return MP_SMTP_HOST_GENERAL;
	}
	if (!ipv4_ok(in))
		diag(c, at + 1, MP_R_SMTP_IPV4_SYNTAX);
	return MP_SMTP_HOST_IPV4;
}

/* Domain = sub-domain *("." sub-domain); sub-domain = Let-dig [Ldh-str]
 * (RFC 6531 3.3: sub-domain =/ U-label when SMTPUTF8 is in effect) */
static bool domain_ok(struct pc *c, mp_slice s, size_t at, bool utf8,
		      bool *has_utf8)
{
	size_t i = 0;
	if (s.n > MP_SMTP_DOMAIN_MAX)
		diag(c, at + MP_SMTP_DOMAIN_MAX, MP_R_SMTP_DOMAIN_TOO_LONG);
	while (i <= s.n) {
		size_t st = i;
		bool last_ok = false;
		while (i < s.n && s.p[i] != '.') {
			uint8_t b = s.p[i];
			if (mp_is_alnum(b)) {
				last_ok = true;
				i++;
			} else if (b == '-' && i > st) {
				last_ok = false;
				i++;
			} else if (b >= 0x80 && utf8_at(s, i)) {
				*has_utf8 = true;
				if (!utf8)
					diag(c, at + i, MP_R_SMTP_UTF8_NOT_ALLOWED);
				i += utf8_at(s, i);
				last_ok = true;
			} else {
				if (b >= 0x80)
					diag(c, at + i, MP_R_SMTP_UTF8_INVALID);
				return false;
			}
		}
		if (i == st || !last_ok)
			return false;
		if (i == s.n)
			return true;
		i++; /* "." */
		if (i == s.n)
			return false; /* a trailing dot */
	}
	return true;
}

static mp_smtp_host host_parse(struct pc *c, mp_slice s, size_t at, bool utf8,
			       bool *has_utf8)
{
	if (s.n > 0 && s.p[0] == '[')
		return addr_literal(c, s, at);
	if (!domain_ok(c, s, at, utf8, has_utf8)) {
		diag(c, at, MP_R_SMTP_DOMAIN_SYNTAX);
		return MP_SMTP_HOST_NONE;
	}
	return MP_SMTP_HOST_DOMAIN;
}

/* ---- paths ----------------------------------------------------------- */

/* Local-part = Dot-string / Quoted-string; returns its length in s from
 * 0, or 0 on error (diag pushed). */
static size_t local_part(struct pc *c, mp_slice s, size_t at, bool utf8,
			 mp_smtp_path *p)
{
	size_t i = 0;
	if (s.n > 0 && s.p[0] == '"') {
		/* Quoted-string = DQUOTE *QcontentSMTP DQUOTE */
		p->quoted = true;
		i = 1;
		while (i < s.n && s.p[i] != '"') {
			uint8_t b = s.p[i];
			if (b == '\\') {
				/* quoted-pairSMTP = %d92 %d32-126 */
				if (i + 1 >= s.n || s.p[i + 1] < 32 || s.p[i + 1] > 126) {
					diag(c, at + i, MP_R_SMTP_LOCAL_PART_SYNTAX);
					return 0;
				}
				i += 2;
			} else if (CC(b, C_QTEXT)) {
				i++;
			} else if (b >= 0x80 && utf8_at(s, i)) {
				p->utf8 = true;
				if (!utf8)
					diag(c, at + i, MP_R_SMTP_UTF8_NOT_ALLOWED);
				i += utf8_at(s, i);
			} else {
				diag(c, at + i, b >= 0x80 ? MP_R_SMTP_UTF8_INVALID
							  : MP_R_SMTP_LOCAL_PART_SYNTAX);
				return 0;
			}
		}
		if (i >= s.n) {
			diag(c, at, MP_R_SMTP_LOCAL_PART_SYNTAX);
			return 0;
		}
		return i + 1;
	}
	/* Dot-string = Atom *("." Atom); Atom = 1*atext */
	bool need_atext = true;
	while (i < s.n && s.p[i] != '@' && s.p[i] != '>') {
		uint8_t b = s.p[i];
		if (CC(b, C_ATEXT)) {
			need_atext = false;
			i++;
		} else if (b == '.' && !need_atext) {
			need_atext = true;
			i++;
		} else if (b >= 0x80 && utf8_at(s, i)) {
			p->utf8 = true;
			if (!utf8)
				diag(c, at + i, MP_R_SMTP_UTF8_NOT_ALLOWED);
			i += utf8_at(s, i);
			need_atext = false;
		} else {
			diag(c, at + i, b >= 0x80 ? MP_R_SMTP_UTF8_INVALID
						  : MP_R_SMTP_LOCAL_PART_SYNTAX);
			return 0;
		}
	}
	if (i == 0 || need_atext) {
		diag(c, at + i, MP_R_SMTP_LOCAL_PART_SYNTAX);
		return 0;
	}
	return i;
}

/* Path = "<" [ A-d-l ":" ] Mailbox ">"; s holds the path only. */
static void path_body(struct pc *c, mp_slice s, size_t at, bool utf8,
		      bool brackets, mp_smtp_path *p)
{
	mp_slice in = brackets ? mp_slice_sub(s, 1, s.n - 2) : s;
	size_t ia = at + (brackets ? 1 : 0);
	if (s.n > MP_SMTP_PATH_MAX)
		diag(c, at + MP_SMTP_PATH_MAX, MP_R_SMTP_PATH_TOO_LONG);
	if (in.n > 0 && in.p[0] == '@') {
		/* A-d-l = At-domain *( "," At-domain ); At-domain = "@" Domain */
		size_t colon = mp_slice_find(in, ':');
		p->route = mp_slice_sub(in, 0, colon);
		diag(c, ia, MP_R_SMTP_SOURCE_ROUTE);
		if (colon == in.n) {
			diag(c, ia, MP_R_SMTP_PATH_SYNTAX);
			return;
		}
		size_t i = 0;
		while (i < colon) {
			size_t e = i + 1;
			while (e < colon && in.p[e] != ',')
				e++;
			bool u = false;
			if (in.p[i] != '@' ||
			    !domain_ok(c, mp_slice_sub(in, i + 1, e - i - 1), ia + i + 1, utf8, &u)) {
				diag(c, ia + i, MP_R_SMTP_DOMAIN_SYNTAX);
				return;
			}
			i = e + 1;
		}
		in = mp_slice_sub(in, colon + 1, in.n);
		ia += colon + 1;
	}
	if (in.n == 0) {
		diag(c, ia, MP_R_SMTP_PATH_SYNTAX);
		return;
	}
	size_t ln = local_part(c, in, ia, utf8, p);
	if (ln == 0)
		return;
	p->local = mp_slice_sub(in, 0, ln);
	if (ln > MP_SMTP_LOCAL_PART_MAX)
		diag(c, ia + MP_SMTP_LOCAL_PART_MAX, MP_R_SMTP_LOCAL_PART_TOO_LONG);
	if (ln == in.n || in.p[ln] != '@') {
		diag(c, ia + ln, MP_R_SMTP_PATH_SYNTAX);
		return;
	}
	p->domain = mp_slice_sub(in, ln + 1, in.n);
	if (p->domain.n == 0) {
		diag(c, ia + ln + 1, MP_R_SMTP_DOMAIN_SYNTAX);
		return;
	}
	bool u = false;
	p->host = host_parse(c, p->domain, ia + ln + 1, utf8, &u);
	p->utf8 = p->utf8 || u;
}

/* Finds the end of a bracketed path from s[0] == '<': the index after
 * '>', honouring quoted strings; 0 when there is none. */
static size_t path_end(mp_slice s)
{
	bool q = false;
	for (size_t i = 1; i < s.n; i++) {
		if (q && s.p[i] == '\\') {
			i++;
		} else if (s.p[i] == '"') {
			q = !q;
		} else if (!q && s.p[i] == '>') {
			return i + 1;
		}
	}
	return 0;
}

/* The path of MAIL / RCPT at s (after "FROM:"/"TO:"); returns the bytes
 * it took. rcpt: "<Postmaster>" allowed, "<>" not. */
static size_t path_arg(struct pc *c, mp_slice s, size_t at, bool utf8,
		       bool rcpt, mp_smtp_path *p)
{
	memset(p, 0, sizeof(*p));
	if (s.n == 0 || s.p[0] != '<') {
		/* no brackets: a common deviation, lenient only */
		size_t e = mp_slice_find(s, ' ');
		p->raw = mp_slice_sub(s, 0, e);
		lenient_diag(c, at, MP_R_SMTP_PATH_SYNTAX);
		if (e == 0)
			return 0;
		path_body(c, p->raw, at, utf8, false, p);
		return e;
	}
	size_t e = path_end(s);
	if (e == 0) {
		diag(c, at, MP_R_SMTP_PATH_SYNTAX);
		p->raw = s;
		return s.n;
	}
	p->raw = mp_slice_sub(s, 0, e);
	if (e == 2) { /* "<>" */
		p->null_path = true;
		if (rcpt)
			diag(c, at, MP_R_SMTP_NULL_RCPT);
		return e;
	}
	if (rcpt && mp_slice_eq_ascii_ci(p->raw, MP_LIT("<Postmaster>"))) {
		p->postmaster = true;
		p->local = mp_slice_sub(p->raw, 1, 10);
		return e;
	}
	path_body(c, p->raw, at, utf8, true, p);
	return e;
}

mp_rc mp_smtp_path_parse(mp_slice s, uint64_t off, const mp_smtp_opts *o,
			 bool utf8, mp_smtp_path *p, mp_diags *d)
{
	struct pc c = { s, off, o && (o->flags & MP_SMTP_LENIENT), false, d };
	size_t n = path_arg(&c, s, 0, utf8 || (o && (o->flags & MP_SMTP_UTF8)), false, p);
	if (n != s.n)
		diag(&c, n, MP_R_SMTP_PATH_SYNTAX);
	return c.bad ? MP_INVALID : MP_OK;
}

mp_rc mp_smtp_domain_parse(mp_slice s, uint64_t off, bool utf8,
			   mp_smtp_host *kind_r, mp_diags *d)
{
	struct pc c = { s, off, false, false, d };
	bool u = false;
	*kind_r = host_parse(&c, s, 0, utf8, &u);
	return c.bad ? MP_INVALID : MP_OK;
}

/* ---- ESMTP parameters ------------------------------------------------ */

/* xtext = *( xchar / hexchar ); hexchar = "+" 2(%x30-39 / %x41-46) */
static bool xtext_ok(mp_slice s)
{
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] == '+') {
			if (i + 2 >= s.n)
				return false;
			for (size_t k = 1; k <= 2; k++) {
				uint8_t h = s.p[i + k];
				if (!mp_is_digit(h) && !(h >= 'A' && h <= 'F'))
					return false;
			}
			i += 2;
		} else if (!CC(s.p[i], C_XCHAR)) {
			return false;
		}
	}
	return true;
}

#define NAME(s) (s), sizeof(s) - 1
static const struct {
	const char *name;
	size_t len;
	mp_smtp_param_kind kind;
	bool on_mail, on_rcpt;
} param_kinds[] = {
	{ NAME("SIZE"), MP_SMTP_P_SIZE, true, false },
	{ NAME("BODY"), MP_SMTP_P_BODY, true, false },
	{ NAME("SMTPUTF8"), MP_SMTP_P_SMTPUTF8, true, false },
	{ NAME("AUTH"), MP_SMTP_P_AUTH, true, false },
	{ NAME("RET"), MP_SMTP_P_RET, true, false },
	{ NAME("ENVID"), MP_SMTP_P_ENVID, true, false },
	{ NAME("NOTIFY"), MP_SMTP_P_NOTIFY, false, true },
	{ NAME("ORCPT"), MP_SMTP_P_ORCPT, false, true },
};

static void param_value(struct pc *c, mp_smtp_param *p, size_t vat)
{
	mp_slice v = p->value;
	switch (p->kind) {
	case MP_SMTP_P_SIZE: /* size-value = 1*20DIGIT */
		if (!p->has_value || mp_slice_u64(v, 20, &p->num) != MP_OK)
			diag(c, vat, MP_R_SMTP_PARAM_SIZE);
		break;
	case MP_SMTP_P_BODY:
		if (!mp_slice_eq_ascii_ci(v, MP_LIT("7BIT")) &&
		    !mp_slice_eq_ascii_ci(v, MP_LIT("8BITMIME")) &&
		    !mp_slice_eq_ascii_ci(v, MP_LIT("BINARYMIME")))
			diag(c, vat, MP_R_SMTP_PARAM_BODY);
		break;
	case MP_SMTP_P_SMTPUTF8:
		if (p->has_value)
			diag(c, vat, MP_R_SMTP_PARAM_SMTPUTF8);
		break;
	case MP_SMTP_P_AUTH: /* "AUTH=" ( xtext / "<>" ) */
		if (!p->has_value || (!mp_slice_eq(v, MP_LIT("<>")) && !xtext_ok(v)))
			diag(c, vat, MP_R_SMTP_PARAM_AUTH);
		break;
	case MP_SMTP_P_RET:
		if (!mp_slice_eq_ascii_ci(v, MP_LIT("FULL")) &&
		    !mp_slice_eq_ascii_ci(v, MP_LIT("HDRS")))
			diag(c, vat, MP_R_SMTP_PARAM_RET);
		break;
	case MP_SMTP_P_ENVID:
		if (!p->has_value || v.n > 100 || !xtext_ok(v))
			diag(c, vat, MP_R_SMTP_PARAM_ENVID);
		break;
	case MP_SMTP_P_NOTIFY: {
		/* "NEVER" / 1#( "SUCCESS" / "FAILURE" / "DELAY" ) */
		bool ok = p->has_value;
		if (ok && mp_slice_eq_ascii_ci(v, MP_LIT("NEVER")))
			break;
		unsigned seen = 0;
		size_t i = 0;
		while (ok && i <= v.n) {
			size_t e = i;
			while (e < v.n && v.p[e] != ',')
				e++;
			mp_slice w = mp_slice_sub(v, i, e - i);
			unsigned bit = mp_slice_eq_ascii_ci(w, MP_LIT("SUCCESS")) ? 1
				     : mp_slice_eq_ascii_ci(w, MP_LIT("FAILURE")) ? 2
				     : mp_slice_eq_ascii_ci(w, MP_LIT("DELAY")) ? 4 : 0;
			ok = bit != 0 && !(seen & bit);
			seen |= bit;
			i = e + 1;
		}
		if (!ok)
			diag(c, vat, MP_R_SMTP_PARAM_NOTIFY);
		break;
	}
	case MP_SMTP_P_ORCPT: {
		/* orcpt-parameter = "ORCPT=" original-recipient-address;
		 * original-recipient-address = addr-type ";" xtext;
		 * addr-type = atom; at most 500 characters */
		size_t semi = mp_slice_find(v, ';');
		bool ok = p->has_value && v.n <= 500 && semi > 0 && semi < v.n &&
			  xtext_ok(mp_slice_sub(v, semi + 1, v.n));
		for (size_t i = 0; ok && i < semi; i++)
			ok = CC(v.p[i], C_ATEXT);
		if (!ok)
			diag(c, vat, MP_R_SMTP_PARAM_ORCPT);
		break;
	}
	case MP_SMTP_P_OTHER:
		break;
	}
}

/* Mail-parameters = esmtp-param *(SP esmtp-param) */
static void params_parse(struct pc *c, mp_slice s, size_t at, bool rcpt,
			 bool utf8, mp_arena *a, mp_smtp_cmd *cmd, bool *oom)
{
	/* count first, then take exactly that from the arena */
	size_t n = 0;
	for (size_t i = 0; i < s.n; i++)
		if (s.p[i] != ' ' && (i == 0 || s.p[i - 1] == ' '))
			n++;
	if (n == 0)
		return;
	mp_smtp_param *v = MP_NEW(a, mp_smtp_param, n);
	if (v == NULL) {
		mp_diag_push(c->d, c->off + at, MP_R_ARENA_FULL);
		*oom = true;
		return;
	}
	cmd->params = v;
	size_t i = 0, k = 0;
	while (i < s.n && k < n) {
		if (s.p[i] == ' ') {
			lenient_diag(c, at + i, MP_R_SMTP_SPACE);
			i++;
			continue;
		}
		size_t e = i;
		while (e < s.n && s.p[e] != ' ')
			e++;
		mp_smtp_param *p = &v[k++];
		memset(p, 0, sizeof(*p));
		mp_slice t = mp_slice_sub(s, i, e - i);
		size_t eq = mp_slice_find(t, '=');
		p->keyword = mp_slice_sub(t, 0, eq);
		p->has_value = eq < t.n;
		p->value = p->has_value ? mp_slice_sub(t, eq + 1, t.n) : MP_SLICE(t.p + t.n, 0);
		/* esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
		 * esmtp-value = 1*(%d33-60 / %d62-126) (RFC 6531: UTF-8 too) */
		bool ok = p->keyword.n > 0 && mp_is_alnum(p->keyword.p[0]);
		for (size_t j = 1; ok && j < p->keyword.n; j++)
			ok = mp_is_alnum(p->keyword.p[j]) || p->keyword.p[j] == '-';
		if (ok && p->has_value && p->value.n == 0)
			ok = false;
		for (size_t j = 0; ok && j < p->value.n; j++) {
			uint8_t b = p->value.p[j];
			if (b >= 0x80 && utf8 && utf8_at(p->value, j))
				j += utf8_at(p->value, j) - 1;
			else
				ok = CC(b, C_VALUE);
		}
		if (!ok) {
			diag(c, at + i, MP_R_SMTP_PARAM_SYNTAX);
		} else {
			for (size_t j = 0; j < MP_ARRAY_LEN(param_kinds); j++) {
				mp_slice name = MP_SLICE(param_kinds[j].name,
							 param_kinds[j].len);
				if (!mp_slice_eq_ascii_ci(p->keyword, name))
					continue;
				p->kind = param_kinds[j].kind;
				if (rcpt ? !param_kinds[j].on_rcpt : !param_kinds[j].on_mail)
					diag(c, at + i, MP_R_SMTP_PARAM_WRONG_COMMAND);
				else
					param_value(c, p, p->has_value ? at + i + eq + 1 : at + i);
			}
		}
		for (size_t j = 0; j + 1 < k; j++)
			if (mp_slice_eq_ascii_ci(v[j].keyword, p->keyword)) {
				diag(c, at + i, MP_R_SMTP_PARAM_DUPLICATE);
				break;
			}
		i = e;
		if (i < s.n && i + 1 == s.n) {
			lenient_diag(c, at + i, MP_R_SMTP_SPACE);
			i++;
		} else if (i < s.n) {
			i++;
		}
	}
	cmd->nparams = k;
}

/* ---- the commands ---------------------------------------------------- */

enum argspec { ARG_NONE, ARG_REQ, ARG_OPT };

struct verb_row {
	const char *name;
	size_t len;
	mp_smtp_verb verb;
	enum argspec args;
	void (*parse)(struct pc *c, mp_smtp_cmd *cmd, size_t at, mp_arena *a,
		      bool utf8, bool *oom);
};

/* ehlo = "EHLO" SP ( Domain / address-literal ); helo = "HELO" SP Domain */
static void p_hello(struct pc *c, mp_smtp_cmd *cmd, size_t at, mp_arena *a,
		    bool utf8, bool *oom)
{
	(void)a;
	(void)oom;
	bool u = false;
	cmd->host = cmd->arg;
	cmd->host_kind = host_parse(c, cmd->arg, at, utf8, &u);
	if (cmd->host_kind == MP_SMTP_HOST_NONE ||
	    (cmd->verb == MP_SMTP_HELO && cmd->host_kind != MP_SMTP_HOST_DOMAIN))
		diag(c, at, MP_R_SMTP_HELO_DOMAIN);
}

/* mail = "MAIL FROM:" Reverse-path [SP Mail-parameters]
 * rcpt = "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" /
 *        Forward-path ) [SP Rcpt-parameters] */
static void p_mail_rcpt(struct pc *c, mp_smtp_cmd *cmd, size_t at,
			mp_arena *a, bool utf8, bool *oom)
{
	bool rcpt = cmd->verb == MP_SMTP_RCPT;
	mp_slice kw = rcpt ? MP_LIT("TO:") : MP_LIT("FROM:");
	mp_slice s = cmd->arg;
	if (!mp_slice_prefix_ci(s, kw)) {
		diag(c, at, rcpt ? MP_R_SMTP_TO_SYNTAX : MP_R_SMTP_FROM_SYNTAX);
		return;
	}
	size_t i = kw.n;
	while (i < s.n && s.p[i] == ' ') {
		lenient_diag(c, at + i, MP_R_SMTP_PATH_SPACE);
		i++;
	}
	/* SMTPUTF8 on this MAIL allows UTF-8 in its own path: look ahead */
	if (!rcpt) {
		size_t j = i;
		while (j + 9 <= s.n) {
			const uint8_t *sp = memchr(s.p + j, ' ', s.n - j);
			if (sp == NULL)
				break;
			j = (size_t)(sp - s.p);
			if (j + 9 <= s.n &&
			    mp_slice_eq_ascii_ci(mp_slice_sub(s, j + 1, 8), MP_LIT("SMTPUTF8")) &&
			    (j + 9 == s.n || s.p[j + 9] == ' ' || s.p[j + 9] == '='))
				utf8 = true;
			j++;
		}
	}
	size_t n = path_arg(c, mp_slice_sub(s, i, s.n), at + i, utf8, rcpt, &cmd->path);
	i += n;
	if (i < s.n) {
		if (s.p[i] != ' ') {
			diag(c, at + i, MP_R_SMTP_PATH_SYNTAX);
			return;
		}
		params_parse(c, mp_slice_sub(s, i + 1, s.n), at + i + 1, rcpt,
			     utf8, a, cmd, oom);
	}
}

/* bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ]; end-marker = "LAST" */
static void p_bdat(struct pc *c, mp_smtp_cmd *cmd, size_t at, mp_arena *a,
		   bool utf8, bool *oom)
{
	(void)a;
	(void)utf8;
	(void)oom;
	mp_slice s = cmd->arg;
	size_t sp = mp_slice_find(s, ' ');
	if (mp_slice_u64(mp_slice_sub(s, 0, sp), 20, &cmd->chunk) != MP_OK) {
		diag(c, at, MP_R_SMTP_BDAT_SYNTAX);
		return;
	}
	if (sp < s.n) {
		if (mp_slice_eq_ascii_ci(mp_slice_sub(s, sp + 1, s.n), MP_LIT("LAST")))
			cmd->last = true;
		else
			diag(c, at + sp + 1, MP_R_SMTP_BDAT_SYNTAX);
	}
}

/* auth-command = "AUTH" SP sasl-mech [SP initial-response]
 * initial-response = base64 / "=" (RFC 4954 4) */
static void p_auth(struct pc *c, mp_smtp_cmd *cmd, size_t at, mp_arena *a,
		   bool utf8, bool *oom)
{
	(void)a;
	(void)utf8;
	(void)oom;
	mp_slice s = cmd->arg;
	size_t sp = mp_slice_find(s, ' ');
	cmd->mech = mp_slice_sub(s, 0, sp);
	if (!mp_sasl_mech_ok(cmd->mech, true))
		diag(c, at, MP_R_SMTP_AUTH_MECH);
	if (sp < s.n) {
		cmd->initial = mp_slice_sub(s, sp + 1, s.n);
		cmd->has_initial = true;
		if (!mp_slice_eq(cmd->initial, MP_LIT("=")) && !mp_base64_ok(cmd->initial))
			diag(c, at + sp + 1, MP_R_SMTP_AUTH_INITIAL);
	}
}

static const struct verb_row verbs[] = {
	{ NAME("HELO"), MP_SMTP_HELO, ARG_REQ, p_hello },
	{ NAME("EHLO"), MP_SMTP_EHLO, ARG_REQ, p_hello },
	{ NAME("MAIL"), MP_SMTP_MAIL, ARG_REQ, p_mail_rcpt },
	{ NAME("RCPT"), MP_SMTP_RCPT, ARG_REQ, p_mail_rcpt },
	{ NAME("DATA"), MP_SMTP_DATA, ARG_NONE, NULL },
	{ NAME("BDAT"), MP_SMTP_BDAT, ARG_REQ, p_bdat },
	{ NAME("RSET"), MP_SMTP_RSET, ARG_NONE, NULL },
	{ NAME("VRFY"), MP_SMTP_VRFY, ARG_REQ, NULL },
	{ NAME("EXPN"), MP_SMTP_EXPN, ARG_REQ, NULL },
	{ NAME("HELP"), MP_SMTP_HELP, ARG_OPT, NULL },
	{ NAME("NOOP"), MP_SMTP_NOOP, ARG_OPT, NULL },
	{ NAME("QUIT"), MP_SMTP_QUIT, ARG_NONE, NULL },
	{ NAME("STARTTLS"), MP_SMTP_STARTTLS, ARG_NONE, NULL },
	{ NAME("AUTH"), MP_SMTP_AUTH, ARG_REQ, p_auth },
};

const char *mp_smtp_verb_name(mp_smtp_verb v)
{
	for (size_t i = 0; i < MP_ARRAY_LEN(verbs); i++)
		if (verbs[i].verb == v)
			return verbs[i].name;
	return "UNKNOWN";
}

const char *mp_smtp_host_name(mp_smtp_host h)
{
	static const char *const n[] = { "none", "domain", "ipv4", "ipv6", "general" };
	return (unsigned)h < MP_ARRAY_LEN(n) ? n[h] : "?";
}

mp_rc mp_smtp_cmd_parse(mp_slice line, uint64_t off, const mp_smtp_opts *o,
			mp_arena *a, mp_smtp_cmd *cmd, mp_diags *d)
{
	unsigned flags = o ? o->flags : 0;
	struct pc c = { line, off, (flags & MP_SMTP_LENIENT) != 0, false, d };
	bool oom = false;

	memset(cmd, 0, sizeof(*cmd));
	cmd->verb = MP_SMTP_UNKNOWN;
	size_t k = 0;
	while (k < line.n && line.p[k] != ' ')
		k++;
	cmd->keyword = mp_slice_sub(line, 0, k);
	/* AUTH too: "the AUTH command is still subject to the line length
	 * limitations" (RFC 4954 4); only the responses may be longer */
	if (line.n + 2 > MP_SMTP_CMD_LINE_MAX)
		diag(&c, MP_SMTP_CMD_LINE_MAX - 2, MP_R_SMTP_CMD_TOO_LONG);
	size_t cr = mp_line_find_bare_cr(line);
	if (cr < line.n)
		diag(&c, cr, MP_R_SMTP_BARE_CR);
	bool alpha = k > 0;
	for (size_t i = 0; alpha && i < k; i++)
		alpha = mp_is_alpha(line.p[i]);
	if (!alpha) {
		diag(&c, 0, MP_R_SMTP_VERB_SYNTAX);
		return MP_INVALID;
	}
	const struct verb_row *row = NULL;
	for (size_t i = 0; i < MP_ARRAY_LEN(verbs); i++) {
		if (k == verbs[i].len &&
		    mp_slice_eq_ascii_ci(cmd->keyword, MP_SLICE(verbs[i].name, k))) {
			row = &verbs[i];
			break;
		}
	}
	cmd->arg = k < line.n ? mp_slice_sub(line, k + 1, line.n) : MP_SLICE(line.p + k, 0);
	size_t at = k + 1;
	/* exactly one SP between verb and argument, none at the end */
	while (cmd->arg.n > 0 && cmd->arg.p[0] == ' ') {
		lenient_diag(&c, at, MP_R_SMTP_SPACE);
		cmd->arg = mp_slice_sub(cmd->arg, 1, cmd->arg.n);
		at++;
	}
	while (cmd->arg.n > 0 && cmd->arg.p[cmd->arg.n - 1] == ' ') {
		lenient_diag(&c, at + cmd->arg.n - 1, MP_R_SMTP_SPACE);
		cmd->arg.n--;
	}
	if (row == NULL) {
		mp_diag_push(d, off, MP_R_SMTP_CMD_UNKNOWN);
		return c.bad ? MP_INVALID : MP_OK;
	}
	cmd->verb = row->verb;
	if (row->args == ARG_NONE && cmd->arg.n > 0) {
		diag(&c, at, MP_R_SMTP_ARG_UNEXPECTED);
		return MP_INVALID;
	}
	if (row->args == ARG_REQ && cmd->arg.n == 0) {
		diag(&c, k, MP_R_SMTP_ARG_MISSING);
		return MP_INVALID;
	}
	if (row->parse != NULL && cmd->arg.n > 0)
		row->parse(&c, cmd, at, a, (flags & MP_SMTP_UTF8) != 0, &oom);
	if (oom)
		return MP_NOSPACE;
	return c.bad ? MP_INVALID : MP_OK;
}

const mp_smtp_param *mp_smtp_cmd_param(const mp_smtp_cmd *c, const char *kw)
{
	mp_slice k = MP_SLICE(kw, strlen(kw));
	for (size_t i = 0; i < c->nparams; i++)
		if (mp_slice_eq_ascii_ci(c->params[i].keyword, k))
			return &c->params[i];
	return NULL;
}

/* ---- printer, equality, JSON ----------------------------------------- */

mp_rc mp_smtp_cmd_write(const mp_smtp_cmd *c, uint8_t *out, size_t cap,
			size_t *len_r)
{
	size_t n = 0;
	bool ok;
	const char *name = mp_smtp_verb_name(c->verb);
	if (c->verb == MP_SMTP_UNKNOWN) {
		ok = mp_smtp_put(out, cap, &n, c->keyword);
		for (size_t i = 0; ok && i < n; i++)
			if (out[i] >= 'a' && out[i] <= 'z')
				out[i] = (uint8_t)(out[i] - 32);
	} else {
		ok = mp_smtp_put(out, cap, &n, MP_SLICE(name, strlen(name)));
	}
	switch (c->verb) {
	case MP_SMTP_MAIL:
	case MP_SMTP_RCPT:
		ok = ok && mp_smtp_put(out, cap, &n, c->verb == MP_SMTP_MAIL ?
				       MP_LIT(" FROM:") : MP_LIT(" TO:"));
		if (c->path.raw.n && c->path.raw.p[0] != '<')
			ok = ok && mp_smtp_put(out, cap, &n, MP_LIT("<")) &&
			     mp_smtp_put(out, cap, &n, c->path.raw) &&
			     mp_smtp_put(out, cap, &n, MP_LIT(">"));
		else
			ok = ok && mp_smtp_put(out, cap, &n, c->path.raw);
		for (size_t i = 0; ok && i < c->nparams; i++) {
			ok = mp_smtp_put(out, cap, &n, MP_LIT(" ")) &&
			     mp_smtp_put(out, cap, &n, c->params[i].keyword);
			if (ok && c->params[i].has_value)
				ok = mp_smtp_put(out, cap, &n, MP_LIT("=")) &&
				     mp_smtp_put(out, cap, &n, c->params[i].value);
		}
		break;
	default:
		if (c->arg.n)
			ok = ok && mp_smtp_put(out, cap, &n, MP_LIT(" ")) &&
			     mp_smtp_put(out, cap, &n, c->arg);
		break;
	}
	ok = ok && mp_smtp_put(out, cap, &n, MP_LIT("\r\n"));
	*len_r = ok ? n : 0;
	return ok ? MP_OK : MP_NOSPACE;
}

static bool path_eq(const mp_smtp_path *a, const mp_smtp_path *b)
{
	return mp_slice_eq(a->route, b->route) && mp_slice_eq(a->local, b->local) &&
	       mp_slice_eq(a->domain, b->domain) && a->host == b->host &&
	       a->null_path == b->null_path && a->postmaster == b->postmaster &&
	       a->quoted == b->quoted && a->utf8 == b->utf8;
}

bool mp_smtp_cmd_eq(const mp_smtp_cmd *a, const mp_smtp_cmd *b)
{
	if (a->verb != b->verb || a->nparams != b->nparams ||
	    !path_eq(&a->path, &b->path) || !mp_slice_eq(a->host, b->host) ||
	    a->host_kind != b->host_kind || a->chunk != b->chunk ||
	    a->last != b->last || !mp_slice_eq(a->mech, b->mech) ||
	    !mp_slice_eq(a->initial, b->initial) || a->has_initial != b->has_initial)
		return false;
	if (a->verb == MP_SMTP_UNKNOWN && !mp_slice_eq_ascii_ci(a->keyword, b->keyword))
		return false;
	if (a->verb != MP_SMTP_MAIL && a->verb != MP_SMTP_RCPT &&
	    !mp_slice_eq(a->arg, b->arg))
		return false;
	for (size_t i = 0; i < a->nparams; i++) {
		const mp_smtp_param *x = &a->params[i], *y = &b->params[i];
		if (!mp_slice_eq(x->keyword, y->keyword) || !mp_slice_eq(x->value, y->value) ||
		    x->has_value != y->has_value || x->kind != y->kind || x->num != y->num)
			return false;
	}
	return true;
}

void mp_smtp_cmd_json(mp_json *j, const mp_smtp_cmd *c)
{
	mp_json_key(j, "verb");
	if (c->verb == MP_SMTP_UNKNOWN)
		mp_json_str(j, c->keyword);
	else
		mp_json_cstr(j, mp_smtp_verb_name(c->verb));
	mp_json_key(j, "known");
	mp_json_bool(j, c->verb != MP_SMTP_UNKNOWN);
	switch (c->verb) {
	case MP_SMTP_HELO:
	case MP_SMTP_EHLO:
		mp_json_key(j, "host");
		mp_json_str(j, c->host);
		mp_json_key(j, "host_kind");
		mp_json_cstr(j, mp_smtp_host_name(c->host_kind));
		break;
	case MP_SMTP_MAIL:
	case MP_SMTP_RCPT:
		mp_json_key(j, "path");
		mp_json_obj_begin(j);
		mp_json_key(j, "raw");
		mp_json_str(j, c->path.raw);
		if (c->path.null_path) {
			mp_json_key(j, "null");
			mp_json_bool(j, true);
		}
		if (c->path.route.n) {
			mp_json_key(j, "route");
			mp_json_str(j, c->path.route);
		}
		mp_json_key(j, "local");
		mp_json_str(j, c->path.local);
		mp_json_key(j, "domain");
		mp_json_str(j, c->path.domain);
		mp_json_key(j, "host_kind");
		mp_json_cstr(j, mp_smtp_host_name(c->path.host));
		if (c->path.utf8) {
			mp_json_key(j, "utf8");
			mp_json_bool(j, true);
		}
		mp_json_obj_end(j);
		mp_json_key(j, "params");
		mp_json_arr_begin(j);
		for (size_t i = 0; i < c->nparams; i++) {
			mp_json_obj_begin(j);
			mp_json_key(j, "keyword");
			mp_json_str(j, c->params[i].keyword);
			if (c->params[i].has_value) {
				mp_json_key(j, "value");
				mp_json_str(j, c->params[i].value);
			}
			mp_json_obj_end(j);
		}
		mp_json_arr_end(j);
		break;
	case MP_SMTP_BDAT:
		mp_json_key(j, "chunk");
		mp_json_u64(j, c->chunk);
		mp_json_key(j, "last");
		mp_json_bool(j, c->last);
		break;
	case MP_SMTP_AUTH:
		mp_json_key(j, "mechanism");
		mp_json_str(j, c->mech);
		mp_json_key(j, "initial_response");
		mp_json_bool(j, c->has_initial); /* credentials never echoed */
		break;
	default:
		if (c->arg.n) {
			mp_json_key(j, "arg");
			mp_json_str(j, c->arg);
		}
		break;
	}
}
