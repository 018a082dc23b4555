/* replay/script.c: the conversation script reader (scripts/README.md).
 *
 * A .mps file is a header of `key: value` lines up to the first blank
 * line, then one step a line. The reader resolves escapes, checks every
 * variable name, literal marker, pattern (compiled with regcomp when it
 * holds no variable), block and connection, and stops at the first error
 * with its line and column. Sizes are bounded (MP_SCRIPT_* in replay.h):
 * a hostile or fuzzed script is an error, never a crash or a hang. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mailprobe/replay.h"
#include "replay-private.h"

static const char *const step_names[MP_S_COUNT] = {
	"connect", "tls", "close", "shutdown", "wait", "send", "sendraw",
	"sendfile", "pipeline", "until", "end", "expect", "capture",
	"require", "check", "assert", "finally", "bdat",
};
static const char *const expect_names[MP_E_COUNT] = {
	"reply", "ok", "err", "continue", "tagged", "untagged",
	"no-untagged", "greeting", "line", "closed", "silence", "message",
	"body", "cap", "no-cap",
};
static const char *const tkind_names[MP_TK_COUNT] = {
	"smtp", "submission", "pop3", "imap",
};
/* variables every target gives (scripts/README.md) */
static const char *const builtin_vars[] = {
	"user", "password", "rcpt", "domain", "host", "uniq", "auth_plain",
	"user_b64", "password_b64",
};

const char *mp_step_kind_name(mp_step_kind k)
{
	return (unsigned)k < MP_S_COUNT ? step_names[k] : "?";
}
const char *mp_expect_kind_name(mp_expect_kind k)
{
	return (unsigned)k < MP_E_COUNT ? expect_names[k] : "?";
}
const char *mp_tkind_name(mp_tkind k)
{
	return (unsigned)k < MP_TK_COUNT ? tkind_names[k] : "?";
}
mp_proto mp_tkind_proto(mp_tkind k)
{
	return k == MP_TK_POP3 ? MP_PROTO_POP3 : k == MP_TK_IMAP ? MP_PROTO_IMAP
								 : MP_PROTO_SMTP;
}
const char *mp_proto_name(mp_proto p)
{
	return p == MP_PROTO_POP3 ? "pop3" : p == MP_PROTO_IMAP ? "imap" : "smtp";
}

/* ---- the reader's state ------------------------------------------------ */

typedef struct tok {
	const char *p; /* into the line */
	size_t n;
	unsigned col;
} tok;

#define TOKS_MAX 16

typedef struct rd {
	mp_script *s;
	mp_script_err *err;
	unsigned flags;
	unsigned line;
	const char *lp; /* the current line */
	size_t ln;
	int block[MP_SCRIPT_DEPTH_MAX]; /* open pipeline/until/finally steps */
	int depth;
	bool after_finally; /* finally ... end was read: no more steps */
	bool failed;
} rd;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void fail(rd *r, unsigned col, const char *fmt, ...)
{
	if (r->failed)
		return;
	r->failed = true;
	r->err->line = r->line;
	r->err->col = col;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->err->msg, sizeof r->err->msg, fmt, ap);
	va_end(ap);
}

static bool tok_is(const tok *t, const char *s)
{
	size_t n = strlen(s);
	return t->n == n && memcmp(t->p, s, n) == 0;
}

/* The column of pointer p in the current line. */
static unsigned col_of(const rd *r, const char *p)
{
	return (unsigned)(p - r->lp) + 1;
}

/* ---- the pool and pieces ---------------------------------------------- */

static bool pool_put(rd *r, const void *p, size_t n, uint32_t *off_r)
{
	mp_script *s = r->s;
	if (n > s->pool_cap - s->pool_n) {
		size_t want = s->pool_cap ? s->pool_cap : 4096;
		while (want - s->pool_n < n) {
			if (want > (8u << 20)) {
				fail(r, 1, "script too large (text pool over 8 MiB)");
				return false;
			}
			want *= 2;
		}
		uint8_t *np = realloc(s->pool, want);
		if (np == NULL) {
			fail(r, 1, "out of memory");
			return false;
		}
		s->pool = np;
		s->pool_cap = want;
	}
	if (n)
		memcpy(s->pool + s->pool_n, p, n);
	*off_r = (uint32_t)s->pool_n;
	s->pool_n += n;
	return true;
}

/* A C string copy of p[0..n) in the pool. */
static bool pool_str(rd *r, const char *p, size_t n, uint32_t *off_r)
{
	uint32_t o, z;
	if (!pool_put(r, p, n, &o) || !pool_put(r, "", 1, &z))
		return false;
	*off_r = o;
	return true;
}

static mp_piece *piece_new(rd *r, mp_text *t, mp_piece_kind k)
{
	mp_script *s = r->s;
	if (s->npieces == s->pieces_cap) {
		size_t want = s->pieces_cap ? s->pieces_cap * 2 : 64;
		if (want > (1u << 20)) {
			fail(r, 1, "script too large (over 1M text pieces)");
			return NULL;
		}
		mp_piece *np = realloc(s->pieces, want * sizeof *np);
		if (np == NULL) {
			fail(r, 1, "out of memory");
			return NULL;
		}
		s->pieces = np;
		s->pieces_cap = want;
	}
	mp_piece *pc = &s->pieces[s->npieces++];
	memset(pc, 0, sizeof *pc);
	pc->kind = (uint8_t)k;
	t->n++;
	return pc;
}

/* Appends octets to the text: merged into its last piece when that is a
 * BYTES piece ending at the pool's end. */
static bool text_bytes(rd *r, mp_text *t, const void *p, size_t n)
{
	mp_script *s = r->s;
	uint32_t off;
	if (!pool_put(r, p, n, &off))
		return false;
	if (t->n > 0) {
		mp_piece *last = &s->pieces[t->first + t->n - 1];
		if (last->kind == MP_PC_BYTES && last->off + last->len == off) {
			last->len += (uint32_t)n;
			return true;
		}
	}
	mp_piece *pc = piece_new(r, t, MP_PC_BYTES);
	if (pc == NULL)
		return false;
	pc->off = off;
	pc->len = (uint32_t)n;
	return true;
}

static bool is_name_char(int c, bool first)
{
	return mp_is_alpha(c) || c == '_' || (!first && mp_is_digit(c));
}

static bool var_known(const rd *r, const char *p, size_t n)
{
	for (size_t i = 0; i < MP_ARRAY_LEN(builtin_vars); i++)
		if (strlen(builtin_vars[i]) == n && memcmp(builtin_vars[i], p, n) == 0)
			return true;
	for (size_t i = 0; i < r->s->nvars; i++)
		if (strlen(r->s->vars[i]) == n && memcmp(r->s->vars[i], p, n) == 0)
			return true;
	return false;
}

/* ${name} at p (p[0] == '$', p[1] == '{'): a VAR piece; *adv_r octets. */
static bool text_var(rd *r, mp_text *t, const char *p, const char *end,
		     bool quote, size_t *adv_r)
{
	const char *q = p + 2;
	while (q < end && *q != '}')
		q++;
	if (q == end) {
		fail(r, col_of(r, p), "unterminated ${: missing }");
		return false;
	}
	size_t n = (size_t)(q - (p + 2));
	if (n == 0 || n >= MP_SCRIPT_NAME_MAX) {
		fail(r, col_of(r, p), "a variable name is 1 to %d characters",
		     MP_SCRIPT_NAME_MAX - 1);
		return false;
	}
	for (size_t i = 0; i < n; i++)
		if (!is_name_char((unsigned char)p[2 + i], i == 0)) {
			fail(r, col_of(r, p + 2 + i),
			     "bad character in a variable name (letters, digits, _)");
			return false;
		}
	if (!var_known(r, p + 2, n)) {
		fail(r, col_of(r, p), "unknown variable ${%.*s}", (int)n, p + 2);
		return false;
	}
	uint32_t off;
	if (!pool_put(r, p + 2, n, &off))
		return false;
	mp_piece *pc = piece_new(r, t, MP_PC_VAR);
	if (pc == NULL)
		return false;
	pc->off = off;
	pc->len = (uint32_t)n;
	pc->quote = quote;
	t->has_vars = true;
	*adv_r = n + 3;
	return true;
}

static int hexval(int c)
{
	return mp_is_digit(c) ? c - '0' : (mp_ascii_lower(c) - 'a' + 10);
}

static bool re_meta(uint8_t c)
{
	return strchr(".[]()*+?{}|^$\\", c) != NULL && c != 0;
}

enum text_mode {
	TM_SEND,    /* escapes, variables, IMAP literal markers */
	TM_PLAIN,   /* escapes, variables */
	TM_PATTERN, /* a pattern between slashes */
};

/* Reads p[0..n) into t. Columns come from the current line. */
static bool parse_text(rd *r, const char *p, size_t n, enum text_mode mode,
		       bool imap, mp_text *t)
{
	const char *end = p + n;
	memset(t, 0, sizeof *t);
	t->first = (uint32_t)r->s->npieces;
	t->line = r->line;
	t->col = col_of(r, p);
	const char *lit_open = NULL; /* inside {{ ... }} */
	while (p < end && !r->failed) {
		unsigned char c = (unsigned char)*p;
		if (c == '\\') {
			if (p + 1 == end) {
				if (mode == TM_PATTERN) {
					fail(r, col_of(r, p), "a lone \\ at the end of the pattern");
					return false;
				}
				/* outside patterns: a backslash as it is */
				if (!text_bytes(r, t, p, 1))
					return false;
				p++;
				continue;
			}
			unsigned char e = (unsigned char)p[1];
			uint8_t b;
			size_t adv = 2;
			switch (e) {
			case 'r': b = '\r'; break;
			case 'n': b = '\n'; break;
			case 't': b = '\t'; break;
			case '0': b = 0; break;
			case '$': b = '$'; break;
			case '/':
				if (mode != TM_PATTERN)
					goto other;
				b = '/';
				break;
			case '\\': b = '\\'; break;
			case 'x':
				if (p + 3 >= end + 0 || !mp_is_hex((unsigned char)p[2]) ||
				    !mp_is_hex((unsigned char)p[3])) {
					fail(r, col_of(r, p), "\\x needs two hex digits");
					return false;
				}
				b = (uint8_t)(hexval((unsigned char)p[2]) * 16 +
					      hexval((unsigned char)p[3]));
				adv = 4;
				break;
			default:
			other:
				if (mode == TM_PATTERN) {
					/* a regex escape: passed on as written */
					if (!text_bytes(r, t, p, 2))
						return false;
					p += 2;
					continue;
				}
				/* not an escape: the backslash stays (IMAP
				 * flags \Seen), the octet after it is read as
				 * any other */
				if (!text_bytes(r, t, p, 1))
					return false;
				p++;
				continue;
			}
			if (mode == TM_PATTERN) {
				if (b == 0) {
					fail(r, col_of(r, p), "a pattern cannot hold NUL");
					return false;
				}
				if (e == '\\' || e == '$' || (e == 'x' && re_meta(b))) {
					/* a regex escape: \\ a backslash, \$ a
					 * dollar, a metacharacter in hex itself */
					char esc[2] = { '\\', (char)b };
					if (!text_bytes(r, t, esc, 2))
						return false;
					p += adv;
					continue;
				}
			}
			if (!text_bytes(r, t, &b, 1))
				return false;
			p += adv;
			continue;
		}
		if (c == '$' && p + 1 < end && p[1] == '{') {
			size_t adv;
			if (!text_var(r, t, p, end, mode == TM_PATTERN, &adv))
				return false;
			p += adv;
			continue;
		}
		if (mode == TM_SEND && imap && c == '{' && p + 1 < end && p[1] == '{') {
			if (lit_open) {
				fail(r, col_of(r, p), "{{ inside a literal (write \\x7b\\x7b)");
				return false;
			}
			lit_open = p;
			mp_lit_form form = MP_LIT_SYNC;
			p += 2;
			if (p < end && (*p == '+' || *p == '-' || *p == '~')) {
				form = *p == '+' ? MP_LIT_PLUS : *p == '-' ? MP_LIT_MINUS : MP_LIT_8;
				p++;
			}
			mp_piece *pc = piece_new(r, t, MP_PC_LIT_OPEN);
			if (pc == NULL)
				return false;
			pc->lit = (uint8_t)form;
			t->has_lits = true;
			if (p < end && *p == '@') {
				const char *fp = ++p;
				while (p + 1 < end && !(p[0] == '}' && p[1] == '}'))
					p++;
				if (p + 1 >= end) {
					fail(r, col_of(r, lit_open), "unterminated {{: missing }}");
					return false;
				}
				if (p == fp) {
					fail(r, col_of(r, fp), "{{@ needs a file name");
					return false;
				}
				uint32_t off;
				if (!pool_put(r, fp, (size_t)(p - fp), &off))
					return false;
				mp_piece *fpc = piece_new(r, t, MP_PC_LIT_FILE);
				if (fpc == NULL)
					return false;
				fpc->off = off;
				fpc->len = (uint32_t)(p - fp);
				/* the file is checked with the other data files */
				char path[1024];
				if (!(r->flags & MP_SCRIPT_NO_FILES)) {
					const char *dir = r->s->dir ? r->s->dir : ".";
					struct stat st;
					int k = fp[0] == '/'
						? snprintf(path, sizeof path, "%.*s", (int)(p - fp), fp)
						: snprintf(path, sizeof path, "%s/%.*s", dir, (int)(p - fp), fp);
					bool ok = k > 0 && (size_t)k < sizeof path && stat(path, &st) == 0;
					if (!ok && fp[0] != '/') {
						k = snprintf(path, sizeof path, "%s/../%.*s", dir, (int)(p - fp), fp);
						ok = k > 0 && (size_t)k < sizeof path && stat(path, &st) == 0;
					}
					if (!ok) {
						fail(r, col_of(r, fp), "no such data file '%.*s'",
						     (int)(p - fp), fp);
						return false;
					}
				}
				mp_piece *cl = piece_new(r, t, MP_PC_LIT_CLOSE);
				if (cl == NULL)
					return false;
				lit_open = NULL;
				p += 2;
			}
			continue;
		}
		if (lit_open && c == '}' && p + 1 < end && p[1] == '}') {
			if (piece_new(r, t, MP_PC_LIT_CLOSE) == NULL)
				return false;
			lit_open = NULL;
			p += 2;
			continue;
		}
		if (c < 0x20 && c != '\t') {
			fail(r, col_of(r, p), "control octet 0x%02x in the script (write \\x%02x)", c, c);
			return false;
		}
		if (!text_bytes(r, t, p, 1))
			return false;
		p++;
	}
	if (lit_open) {
		fail(r, col_of(r, lit_open), "unterminated {{: missing }}");
		return false;
	}
	return !r->failed;
}

/* ---- patterns ----------------------------------------------------------- */

/* Concatenates a variable-free text into buf (NUL-terminated). */
static bool text_flat(const mp_script *s, const mp_text *t, char *buf, size_t cap)
{
	size_t n = 0;
	for (uint32_t i = 0; i < t->n; i++) {
		const mp_piece *pc = &s->pieces[t->first + i];
		if (pc->kind != MP_PC_BYTES)
			return false;
		if (pc->len >= cap - n)
			return false;
		memcpy(buf + n, s->pool + pc->off, pc->len);
		n += pc->len;
	}
	buf[n] = '\0';
	return true;
}

/* glibc's regcomp copies a bounded repetition's tree once per count, so
 * nested intervals ((a{99}){99}){99} take memory and time exponentially:
 * at most MP_PATTERN_INTERVALS intervals, each count at most
 * MP_PATTERN_COUNT_MAX. NULL when re is fine, else what is wrong. */
const char *mp_pattern_check(const char *re)
{
	int intervals = 0;
	bool quant = false; /* the last element was a quantifier */
	if (strlen(re) > MP_PATTERN_MAX)
		return "pattern over 1024 octets";
	for (const char *p = re; *p; p++) {
		bool was = quant;
		quant = false;
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == '*' || *p == '+' || *p == '?' ||
		    (*p == '{' && mp_is_digit((unsigned char)p[1]))) {
			if (was)
				return "stacked quantifiers (a+*, a{2}+) in a pattern";
			quant = true;
		}
		if (*p == '[') { /* a bracket expression: { is literal inside */
			const char *q = p + 1;
			if (*q == '^')
				q++;
			if (*q == ']')
				q++;
			while (*q && *q != ']')
				q++;
			if (*q == '\0')
				return NULL; /* regcomp reports it */
			p = q;
			continue;
		}
		if (*p != '{' || !mp_is_digit((unsigned char)p[1]))
			continue;
		if (++intervals > MP_PATTERN_INTERVALS)
			return "too many {m,n} intervals in a pattern";
		for (const char *q = p + 1; *q && *q != '}'; q++) {
			unsigned v = 0;
			int digits = 0;
			while (mp_is_digit((unsigned char)*q) && digits < 4) {
				v = v * 10 + (unsigned)(*q - '0');
				q++;
				digits++;
			}
			if (v > MP_PATTERN_COUNT_MAX || digits == 4)
				return "a {m,n} count over 20 in a pattern";
			if (*q != ',')
				break;
		}
		while (p[1] && p[1] != '}')
			p++;
		if (p[1] == '}')
			p++;
	}
	return NULL;
}

/* /.../ starting at tk->p[0] == '/': finds the closing slash (not after a
 * backslash) within the rest of the line. *end_r: the octet after it. */
static bool parse_pattern(rd *r, const char *p, const char *lend,
			  mp_pattern *pat, const char **end_r, bool need_group)
{
	if (p >= lend || *p != '/') {
		fail(r, p < lend ? col_of(r, p) : col_of(r, lend), "expected /PATTERN/");
		return false;
	}
	const char *q = p + 1;
	while (q < lend && *q != '/') {
		if (*q == '\\' && q + 1 < lend)
			q++;
		q++;
	}
	if (q >= lend) {
		fail(r, col_of(r, p), "unterminated pattern: missing closing /");
		return false;
	}
	if (!parse_text(r, p + 1, (size_t)(q - (p + 1)), TM_PATTERN, false, &pat->t))
		return false;
	pat->t.col = col_of(r, p);
	pat->present = true;
	*end_r = q + 1;
	if (!pat->t.has_vars) {
		static char buf[MP_SCRIPT_LINE_MAX * 2 + 1];
		if (!text_flat(r->s, &pat->t, buf, sizeof buf)) {
			fail(r, col_of(r, p), "pattern too long");
			return false;
		}
		const char *why = mp_pattern_check(buf);
		if (why != NULL) {
			fail(r, col_of(r, p), "%s", why);
			return false;
		}
		int rc = regcomp(&pat->re, buf, REG_EXTENDED | REG_ICASE | REG_NEWLINE);
		if (rc != 0) {
			char m[120];
			regerror(rc, &pat->re, m, sizeof m);
			fail(r, col_of(r, p), "bad pattern: %s", m);
			return false;
		}
		pat->compiled = true;
		if (need_group && pat->re.re_nsub < 1) {
			fail(r, col_of(r, p), "capture needs a group ( ) in its pattern");
			return false;
		}
	} else if (need_group && memchr(p, '(', (size_t)(q - p)) == NULL) {
		fail(r, col_of(r, p), "capture needs a group ( ) in its pattern");
		return false;
	}
	return true;
}

/* ---- tokens --------------------------------------------------------------- */

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static const char *tok_end(const char *p, const char *end)
{
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	return p;
}

/* The next token at *pp; false at the end of the line. */
static bool next_tok(rd *r, const char **pp, const char *end, tok *t)
{
	const char *p = skip_ws(*pp, end);
	if (p == end)
		return false;
	const char *q = tok_end(p, end);
	t->p = p;
	t->n = (size_t)(q - p);
	t->col = col_of(r, p);
	*pp = q;
	return true;
}

static bool need_tok(rd *r, const char **pp, const char *end, tok *t,
		     const char *what)
{
	if (next_tok(r, pp, end, t))
		return true;
	fail(r, col_of(r, end), "missing %s", what);
	return false;
}

static bool no_more(rd *r, const char *p, const char *end)
{
	p = skip_ws(p, end);
	if (p != end) {
		fail(r, col_of(r, p), "unexpected '%.*s'", (int)(tok_end(p, end) - p), p);
		return false;
	}
	return true;
}

/* The rest of an `expect C cap`, `no-cap` or `require C cap` line: one
 * capability name (at most 64 octets) into st->name. */
static bool cap_name(rd *r, const char *p, const char *end, mp_step *st)
{
	tok t;
	if (!need_tok(r, &p, end, &t, "capability name"))
		return false;
	if (t.n > 64) {
		fail(r, t.col, "capability name too long");
		return false;
	}
	if (!pool_str(r, t.p, t.n, &st->name))
		return false;
	return no_more(r, p, end);
}

/* A decimal number in [lo, hi]. */
static bool tok_num(rd *r, const tok *t, uint64_t lo, uint64_t hi, uint64_t *v_r,
		    const char *what)
{
	uint64_t v;
	if (mp_slice_u64(MP_SLICE(t->p, t->n), 10, &v) != MP_OK || v < lo || v > hi) {
		fail(r, t->col, "%s must be a number from %llu to %llu", what,
		     (unsigned long long)lo, (unsigned long long)hi);
		return false;
	}
	*v_r = v;
	return true;
}

static bool name_ok(const tok *t)
{
	if (t->n == 0 || t->n >= MP_SCRIPT_NAME_MAX)
		return false;
	for (size_t i = 0; i < t->n; i++)
		if (!is_name_char((unsigned char)t->p[i], i == 0))
			return false;
	return true;
}

static int conn_find(const mp_script *s, const tok *t)
{
	for (size_t i = 0; i < s->nconns; i++)
		if (strlen(s->conns[i].name) == t->n && memcmp(s->conns[i].name, t->p, t->n) == 0)
			return (int)i;
	return -1;
}

/* A connection named earlier by `connect`. */
static bool conn_tok(rd *r, const char **pp, const char *end, int *c_r)
{
	tok t;
	if (!need_tok(r, pp, end, &t, "connection name"))
		return false;
	int c = conn_find(r->s, &t);
	if (c < 0) {
		fail(r, t.col, "unknown connection '%.*s' (no connect step before)",
		     (int)t.n, t.p);
		return false;
	}
	*c_r = c;
	return true;
}

static int tkind_of(const tok *t)
{
	for (int k = 0; k < MP_TK_COUNT; k++)
		if (tok_is(t, tkind_names[k]))
			return k;
	return -1;
}

static bool level_of(const tok *t, mp_level *l_r)
{
	if (tok_is(t, "MUST"))
		*l_r = MP_MUST;
	else if (tok_is(t, "SHOULD"))
		*l_r = MP_SHOULD;
	else if (tok_is(t, "MAY"))
		*l_r = MP_MAY;
	else
		return false;
	return true;
}

/* A dotted check id: segments of [a-z0-9-], 1..120 octets. */
static bool id_ok(const char *p, size_t n)
{
	if (n == 0 || n > 120 || p[0] == '.' || p[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (!((c >= 'a' && c <= 'z') || mp_is_digit(c) || c == '-' || c == '.' ||
		      c == '_'))
			return false;
		if (c == '.' && p[i + 1] == '.')
			return false;
	}
	return true;
}

/* `within N` at the end of the rest p..end: strips it and sets ms. */
static bool strip_within(rd *r, const char *p, const char **end, uint32_t *ms)
{
	const char *e = *end;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	const char *ns = e;
	while (ns > p && ns[-1] != ' ' && ns[-1] != '\t')
		ns--;
	const char *ws = ns;
	while (ws > p && (ws[-1] == ' ' || ws[-1] == '\t'))
		ws--;
	const char *wb = ws;
	while (wb > p && wb[-1] != ' ' && wb[-1] != '\t')
		wb--;
	if (ws - wb == 6 && memcmp(wb, "within", 6) == 0 && ns < e) {
		tok t = { ns, (size_t)(e - ns), col_of(r, ns) };
		uint64_t v;
		if (!tok_num(r, &t, 1, MP_SCRIPT_TIMEOUT_MAX, &v, "within"))
			return false;
		*ms = (uint32_t)(v * 1000);
		*end = wb;
	}
	return true;
}

/* ---- steps ---------------------------------------------------------------- */

static mp_step *step_new(rd *r, mp_step_kind k, unsigned col)
{
	mp_script *s = r->s;
	if (s->nsteps == MP_SCRIPT_STEPS_MAX) {
		fail(r, col, "more than %d steps", MP_SCRIPT_STEPS_MAX);
		return NULL;
	}
	if (s->nsteps % 64 == 0) {
		mp_step *np = realloc(s->steps, (s->nsteps + 64) * sizeof *np);
		if (np == NULL) {
			fail(r, col, "out of memory");
			return NULL;
		}
		s->steps = np;
	}
	mp_step *st = &s->steps[s->nsteps++];
	memset(st, 0, sizeof *st);
	st->kind = (uint8_t)k;
	st->line = r->line;
	st->col = col;
	st->conn = -1;
	st->match = -1;
	st->check = (int)s->nchecks - 1;
	return st;
}

static bool in_block(const rd *r, mp_step_kind k)
{
	for (int i = 0; i < r->depth; i++)
		if (r->s->steps[r->block[i]].kind == k)
			return true;
	return false;
}

/* A sendfile / body path token: a plain text, checked to exist. */
static bool path_text(rd *r, const tok *t, mp_text *out)
{
	if (!parse_text(r, t->p, t->n, TM_PLAIN, false, out))
		return false;
	if (out->has_vars || (r->flags & MP_SCRIPT_NO_FILES))
		return true;
	char name[1024], path[2048];
	if (!text_flat(r->s, out, name, sizeof name)) {
		fail(r, t->col, "file name too long");
		return false;
	}
	const char *dir = r->s->dir ? r->s->dir : ".";
	struct stat st;
	if (name[0] == '/') {
		if (stat(name, &st) == 0)
			return true;
	} else {
		int k = snprintf(path, sizeof path, "%s/%s", dir, name);
		if (k > 0 && (size_t)k < sizeof path && stat(path, &st) == 0)
			return true;
		k = snprintf(path, sizeof path, "%s/../%s", dir, name);
		if (k > 0 && (size_t)k < sizeof path && stat(path, &st) == 0)
			return true;
	}
	fail(r, t->col, "no such data file '%s'", name);
	return false;
}

static bool parse_expect(rd *r, mp_step *st, const char *p, const char *end)
{
	mp_proto proto = mp_tkind_proto((mp_tkind)r->s->conns[st->conn].tkind);
	st->within_ms = 0;
	if (!strip_within(r, p, &end, &st->within_ms))
		return false;
	tok k;
	if (!need_tok(r, &p, end, &k, "what to expect"))
		return false;
	int ex = -1;
	for (int i = 0; i < MP_E_COUNT; i++)
		if (tok_is(&k, expect_names[i]))
			ex = i;
	if (ex < 0) {
		fail(r, k.col, "unknown expectation '%.*s'", (int)k.n, k.p);
		return false;
	}
	st->ex = (uint8_t)ex;
	static const unsigned char allowed[MP_E_COUNT] = {
		/* bits: 1 smtp, 2 pop3, 4 imap */
		[MP_E_REPLY] = 1, [MP_E_OK] = 2, [MP_E_ERR] = 2, [MP_E_CONTINUE] = 7,
		[MP_E_TAGGED] = 4, [MP_E_UNTAGGED] = 4, [MP_E_NO_UNTAGGED] = 4,
		[MP_E_GREETING] = 4, [MP_E_LINE] = 7, [MP_E_CLOSED] = 7,
		[MP_E_SILENCE] = 7, [MP_E_MESSAGE] = 7, [MP_E_BODY] = 7,
		[MP_E_CAP] = 7, [MP_E_NO_CAP] = 7,
	};
	if (!(allowed[ex] & (1u << proto))) {
		fail(r, k.col, "'expect %s' is not for a %s connection", expect_names[ex],
		     mp_proto_name(proto));
		return false;
	}
	tok t;
	const char *pe;
	switch ((mp_expect_kind)ex) {
	case MP_E_REPLY: {
		if (!need_tok(r, &p, end, &t, "reply code (250, 2xx, 250|251)"))
			return false;
		const char *c = t.p, *ce = t.p + t.n;
		while (c < ce) {
			const char *a = c;
			while (c < ce && *c != '|')
				c++;
			size_t n = (size_t)(c - a);
			bool ok = n == 3 && a[0] >= '2' && a[0] <= '5';
			uint16_t lo = 0, hi = 0;
			if (ok && a[1] == 'x' && a[2] == 'x') {
				lo = (uint16_t)((a[0] - '0') * 100);
				hi = (uint16_t)(lo + 99);
			} else if (ok && mp_is_digit(a[1]) && mp_is_digit(a[2])) {
				lo = hi = (uint16_t)((a[0] - '0') * 100 + (a[1] - '0') * 10 + (a[2] - '0'));
			} else {
				ok = false;
			}
			if (!ok) {
				fail(r, col_of(r, a), "bad reply code '%.*s' (250, 2xx, 250|251)",
				     (int)n, a);
				return false;
			}
			if (st->ncodes == MP_SCRIPT_CODES_MAX) {
				fail(r, col_of(r, a), "at most %d reply codes", MP_SCRIPT_CODES_MAX);
				return false;
			}
			st->codes[st->ncodes].lo = lo;
			st->codes[st->ncodes].hi = hi;
			st->ncodes++;
			if (c < ce) {
				c++;
				if (c == ce) {
					fail(r, col_of(r, c), "reply code missing after |");
					return false;
				}
			}
		}
		for (;;) {
			const char *q = skip_ws(p, end);
			if (q == end)
				break;
			if (*q == '/' && !st->re.present) {
				if (!parse_pattern(r, q, end, &st->re, &pe, false))
					return false;
				p = pe;
				continue;
			}
			if (!next_tok(r, &p, end, &t))
				break;
			if (tok_is(&t, "enhanced") && !st->has_esc) {
				tok e;
				if (!need_tok(r, &p, end, &e, "enhanced status code (2.1.5)"))
					return false;
				unsigned v[3] = { 0, 0, 0 };
				int part = 0;
				size_t digits = 0;
				bool ok = true;
				for (size_t i = 0; i < e.n && ok; i++) {
					if (e.p[i] == '.') {
						ok = digits > 0 && part < 2;
						part++;
						digits = 0;
					} else if (mp_is_digit(e.p[i]) && digits < 3) {
						v[part] = v[part] * 10 + (unsigned)(e.p[i] - '0');
						digits++;
					} else {
						ok = false;
					}
				}
				if (!ok || part != 2 || digits == 0 || v[0] < 2 || v[0] > 5) {
					fail(r, e.col, "bad enhanced status code '%.*s' (class.subject.detail)",
					     (int)e.n, e.p);
					return false;
				}
				memcpy(st->esc, v, sizeof v);
				st->has_esc = true;
				continue;
			}
			fail(r, t.col, "unexpected '%.*s' (a /pattern/ or enhanced X.Y.Z)",
			     (int)t.n, t.p);
			return false;
		}
		return true;
	}
	case MP_E_OK:
	case MP_E_ERR: {
		const char *q = skip_ws(p, end);
		if (ex == MP_E_OK && q < end && *q != '/') {
			if (!next_tok(r, &p, end, &t))
				return false;
			if (!tok_is(&t, "multiline")) {
				fail(r, t.col, "unexpected '%.*s' (multiline or a /pattern/)",
				     (int)t.n, t.p);
				return false;
			}
			st->multiline = true;
			q = skip_ws(p, end);
		}
		if (q < end) {
			if (!parse_pattern(r, q, end, &st->re, &pe, false))
				return false;
			p = pe;
		}
		return no_more(r, p, end);
	}
	case MP_E_TAGGED:
	case MP_E_GREETING: {
		if (ex == MP_E_TAGGED) {
			if (!need_tok(r, &p, end, &t, "tag"))
				return false;
			for (size_t i = 0; i < t.n; i++) {
				unsigned char c = (unsigned char)t.p[i];
				if (c <= 0x20 || c >= 0x7f || c == '(' || c == ')' || c == '{' ||
				    c == '%' || c == '*' || c == '"' || c == '\\' || c == '+' ||
				    c == ']') {
					fail(r, t.col + (unsigned)i, "bad character in a tag");
					return false;
				}
			}
			if (t.n >= MP_SCRIPT_NAME_MAX) {
				fail(r, t.col, "a tag is at most %d characters", MP_SCRIPT_NAME_MAX - 1);
				return false;
			}
			if (!pool_str(r, t.p, t.n, &st->name))
				return false;
		}
		if (!need_tok(r, &p, end, &t, "status (OK, NO, BAD...)"))
			return false;
		const char *c = t.p, *ce = t.p + t.n;
		while (c <= ce) {
			const char *a = c;
			while (c < ce && *c != '|')
				c++;
			tok one = { a, (size_t)(c - a), col_of(r, a) };
			uint8_t bit = tok_is(&one, "OK") ? MP_IST_OK
				: tok_is(&one, "NO") && ex == MP_E_TAGGED ? MP_IST_NO
				: tok_is(&one, "BAD") && ex == MP_E_TAGGED ? MP_IST_BAD
				: tok_is(&one, "PREAUTH") && ex == MP_E_GREETING ? MP_IST_PREAUTH
				: tok_is(&one, "BYE") && ex == MP_E_GREETING ? MP_IST_BYE : 0;
			if (bit == 0) {
				fail(r, one.col, "bad status '%.*s' (%s)", (int)one.n, one.p,
				     ex == MP_E_TAGGED ? "OK, NO, BAD" : "OK, PREAUTH, BYE");
				return false;
			}
			st->ist |= bit;
			c++;
		}
		const char *q = skip_ws(p, end);
		if (q < end) {
			if (!parse_pattern(r, q, end, &st->re, &pe, false))
				return false;
			p = pe;
		}
		return no_more(r, p, end);
	}
	case MP_E_UNTAGGED:
	case MP_E_NO_UNTAGGED: {
		if (!need_tok(r, &p, end, &t, "response keyword (EXISTS, FETCH...)"))
			return false;
		for (size_t i = 0; i < t.n; i++)
			if (!mp_is_alnum((unsigned char)t.p[i]) && t.p[i] != '-' &&
			    t.p[i] != '.' && t.p[i] != '_') {
				fail(r, t.col + (unsigned)i, "bad character in a keyword");
				return false;
			}
		if (t.n >= MP_SCRIPT_NAME_MAX) {
			fail(r, t.col, "keyword too long");
			return false;
		}
		if (!pool_str(r, t.p, t.n, &st->name))
			return false;
		const char *q = skip_ws(p, end);
		if (q < end) {
			if (!parse_pattern(r, q, end, &st->re, &pe, false))
				return false;
			p = pe;
		}
		return no_more(r, p, end);
	}
	case MP_E_LINE: {
		const char *q = skip_ws(p, end);
		if (!parse_pattern(r, q, end, &st->re, &pe, false))
			return false;
		return no_more(r, pe, end);
	}
	case MP_E_SILENCE:
		if (!need_tok(r, &p, end, &t, "milliseconds"))
			return false;
		if (!tok_num(r, &t, 1, 600000, &st->num, "silence"))
			return false;
		return no_more(r, p, end);
	case MP_E_CAP:
	case MP_E_NO_CAP:
		return cap_name(r, p, end, st);
	case MP_E_BODY:
		if (!need_tok(r, &p, end, &t, "file name"))
			return false;
		if (!path_text(r, &t, &st->text))
			return false;
		return no_more(r, p, end);
	case MP_E_CONTINUE:
	case MP_E_CLOSED:
	case MP_E_MESSAGE:
	default:
		return no_more(r, p, end);
	}
}

static bool parse_step(rd *r, const char *p, const char *end)
{
	mp_script *s = r->s;
	tok v;
	next_tok(r, &p, end, &v);
	int k = -1;
	for (int i = 0; i < MP_S_COUNT; i++)
		if (tok_is(&v, step_names[i]))
			k = i;
	if (k < 0) {
		fail(r, v.col, "unknown step '%.*s'", (int)v.n, v.p);
		return false;
	}
	if (r->after_finally) {
		fail(r, v.col, "no steps after finally ... end (it is the script's last block)");
		return false;
	}
	if (in_block(r, MP_S_PIPELINE) && k != MP_S_SEND && k != MP_S_SENDRAW &&
	    k != MP_S_SENDFILE && k != MP_S_BDAT && k != MP_S_END) {
		fail(r, v.col, "only send, sendraw, sendfile and bdat go inside a pipeline");
		return false;
	}
	if (k == MP_S_CHECK && r->depth > 0) {
		fail(r, v.col, "check inside a block");
		return false;
	}
	mp_step *st = step_new(r, (mp_step_kind)k, v.col);
	if (st == NULL)
		return false;
	tok t;
	switch ((mp_step_kind)k) {
	case MP_S_CONNECT: {
		if (!need_tok(r, &p, end, &t, "connection name"))
			return false;
		if (!name_ok(&t)) {
			fail(r, t.col, "a connection name is a letter then letters, digits, _");
			return false;
		}
		tok kt;
		if (!need_tok(r, &p, end, &kt, "kind (smtp, submission, pop3, imap)"))
			return false;
		int tk = tkind_of(&kt);
		if (tk < 0) {
			fail(r, kt.col, "unknown kind '%.*s' (smtp, submission, pop3, imap)",
			     (int)kt.n, kt.p);
			return false;
		}
		tok m;
		if (next_tok(r, &p, end, &m)) {
			if (tok_is(&m, "tls"))
				st->mode = MP_CM_TLS;
			else if (tok_is(&m, "starttls"))
				st->mode = MP_CM_STARTTLS;
			else {
				fail(r, m.col, "unknown connect mode '%.*s' (tls, starttls)",
				     (int)m.n, m.p);
				return false;
			}
		}
		if (!no_more(r, p, end))
			return false;
		int c = conn_find(s, &t);
		if (c < 0) {
			if (s->nconns == MP_SCRIPT_CONNS_MAX) {
				fail(r, t.col, "more than %d connections", MP_SCRIPT_CONNS_MAX);
				return false;
			}
			c = (int)s->nconns++;
			memcpy(s->conns[c].name, t.p, t.n);
			s->conns[c].name[t.n] = '\0';
		}
		s->conns[c].tkind = (uint8_t)tk;
		st->conn = c;
		st->tkind = (uint8_t)tk;
		s->needs |= 1u << tk;
		return true;
	}
	case MP_S_TLS:
	case MP_S_CLOSE:
	case MP_S_SHUTDOWN:
		if (!conn_tok(r, &p, end, &st->conn))
			return false;
		return no_more(r, p, end);
	case MP_S_WAIT:
		if (!need_tok(r, &p, end, &t, "milliseconds"))
			return false;
		if (!tok_num(r, &t, 0, 600000, &st->num, "wait"))
			return false;
		return no_more(r, p, end);
	case MP_S_SEND:
	case MP_S_SENDRAW: {
		if (!conn_tok(r, &p, end, &st->conn))
			return false;
		/* the text is the rest after one SP or TAB */
		if (p < end)
			p++;
		bool imap = mp_tkind_proto((mp_tkind)s->conns[st->conn].tkind) == MP_PROTO_IMAP;
		if (!parse_text(r, p, (size_t)(end - p), TM_SEND, imap, &st->text))
			return false;
		if (st->text.has_lits && in_block(r, MP_S_PIPELINE)) {
			for (uint32_t i = 0; i < st->text.n; i++) {
				const mp_piece *pc = &s->pieces[st->text.first + i];
				if (pc->kind == MP_PC_LIT_OPEN &&
				    (pc->lit == MP_LIT_SYNC || pc->lit == MP_LIT_8)) {
					fail(r, v.col, "a synchronising literal needs the server's +: not in a pipeline");
					return false;
				}
			}
		}
		if (k == MP_S_SEND && st->text.n == 0 && p >= end) {
			/* `send c` alone sends an empty line: allowed */
		}
		return true;
	}
	case MP_S_SENDFILE: {
		if (!conn_tok(r, &p, end, &st->conn))
			return false;
		if (!need_tok(r, &p, end, &t, "file name"))
			return false;
		if (!path_text(r, &t, &st->text))
			return false;
		tok m;
		if (next_tok(r, &p, end, &m)) {
			if (tok_is(&m, "dotstuff")) {
				st->mode = MP_FM_DOTSTUFF;
			} else if (tok_is(&m, "bdat")) {
				tok n;
				st->mode = MP_FM_BDAT;
				if (!need_tok(r, &p, end, &n, "chunk size"))
					return false;
				if (!tok_num(r, &n, 1, MP_DATA_FILE_MAX, &st->num, "chunk size"))
					return false;
			} else {
				fail(r, m.col, "unknown sendfile mode '%.*s' (dotstuff, bdat N)",
				     (int)m.n, m.p);
				return false;
			}
		}
		return no_more(r, p, end);
	}
	case MP_S_PIPELINE:
	case MP_S_UNTIL:
	case MP_S_FINALLY:
		if (r->depth == MP_SCRIPT_DEPTH_MAX || in_block(r, (mp_step_kind)k) ||
		    (k == MP_S_FINALLY && r->depth > 0)) {
			fail(r, v.col, "%s cannot nest here", step_names[k]);
			return false;
		}
		if (k == MP_S_FINALLY) {
			s->finally_step = (int)(s->nsteps - 1);
		} else if (k == MP_S_PIPELINE) {
			if (!conn_tok(r, &p, end, &st->conn))
				return false;
		} else {
			if (!need_tok(r, &p, end, &t, "seconds"))
				return false;
			if (!tok_num(r, &t, 1, MP_SCRIPT_TIMEOUT_MAX, &st->num, "until"))
				return false;
			st->num *= 1000;
		}
		r->block[r->depth++] = (int)(s->nsteps - 1);
		return no_more(r, p, end);
	case MP_S_END:
		if (r->depth == 0) {
			fail(r, v.col, "end without pipeline or until");
			return false;
		}
		st->match = r->block[--r->depth];
		s->steps[st->match].match = (int)(s->nsteps - 1);
		if (s->steps[st->match].kind == MP_S_FINALLY)
			r->after_finally = true;
		return no_more(r, p, end);
	case MP_S_EXPECT:
		if (!conn_tok(r, &p, end, &st->conn))
			return false;
		return parse_expect(r, st, p, end);
	case MP_S_CAPTURE: {
		if (!conn_tok(r, &p, end, &st->conn))
			return false;
		if (!need_tok(r, &p, end, &t, "variable name"))
			return false;
		if (!name_ok(&t)) {
			fail(r, t.col, "a variable name is a letter then letters, digits, _");
			return false;
		}
		for (size_t i = 0; i < MP_ARRAY_LEN(builtin_vars); i++)
			if (tok_is(&t, builtin_vars[i])) {
				fail(r, t.col, "${%s} is given by the target: capture into another name",
				     builtin_vars[i]);
				return false;
			}
		if (!pool_str(r, t.p, t.n, &st->name))
			return false;
		if (!var_known(r, t.p, t.n)) {
			if (s->nvars == MP_SCRIPT_VARS_MAX) {
				fail(r, t.col, "more than %d variables", MP_SCRIPT_VARS_MAX);
				return false;
			}
			memcpy(s->vars[s->nvars], t.p, t.n);
			s->vars[s->nvars][t.n] = '\0';
			s->nvars++;
		}
		const char *q = skip_ws(p, end), *pe;
		if (!parse_pattern(r, q, end, &st->re, &pe, true))
			return false;
		return no_more(r, pe, end);
	}
	case MP_S_REQUIRE: {
		if (!conn_tok(r, &p, end, &st->conn))
			return false;
		if (!need_tok(r, &p, end, &t, "'cap'"))
			return false;
		if (!tok_is(&t, "cap")) {
			fail(r, t.col, "unknown requirement '%.*s' (cap NAME)", (int)t.n, t.p);
			return false;
		}
		return cap_name(r, p, end, st);
	}
	case MP_S_CHECK: {
		tok id, lv;
		if (!need_tok(r, &p, end, &id, "check id"))
			return false;
		if (!id_ok(id.p, id.n)) {
			fail(r, id.col, "a check id is dotted words of a-z 0-9 - _");
			return false;
		}
		if (!need_tok(r, &p, end, &lv, "level (MUST, SHOULD, MAY)"))
			return false;
		mp_level level;
		if (!level_of(&lv, &level)) {
			fail(r, lv.col, "bad level '%.*s' (MUST, SHOULD, MAY)", (int)lv.n, lv.p);
			return false;
		}
		const char *rs = skip_ws(p, end);
		const char *colon = NULL;
		for (const char *q = rs; q + 1 < end; q++)
			if (q[0] == ':' && (q[1] == ' ' || q[1] == '\t')) {
				colon = q;
				break;
			}
		if (rs == end) {
			fail(r, col_of(r, end), "missing REF: TEXT");
			return false;
		}
		if (colon == NULL || colon == rs) {
			fail(r, col_of(r, rs), "check needs REF: TEXT (RFC 5321 4.1.4: what it checks)");
			return false;
		}
		const char *ts = skip_ws(colon + 1, end);
		if (ts == end) {
			fail(r, col_of(r, end), "missing the check's text after ':'");
			return false;
		}
		for (size_t i = 0; i < s->nchecks; i++) {
			const char *full = mp_script_str(s, s->checks[i].id);
			size_t base = strlen(mp_script_str(s, s->id));
			if (i > 0 && strlen(full) == base + 1 + id.n &&
			    memcmp(full + base + 1, id.p, id.n) == 0) {
				fail(r, id.col, "check '%.*s' defined twice", (int)id.n, id.p);
				return false;
			}
		}
		if (s->nchecks == MP_SCRIPT_CHECKS_MAX) {
			fail(r, v.col, "more than %d checks", MP_SCRIPT_CHECKS_MAX - 1);
			return false;
		}
		mp_script_check *c = &s->checks[s->nchecks];
		char full[300];
		int fn = snprintf(full, sizeof full, "%s.%.*s", mp_script_str(s, s->id),
				  (int)id.n, id.p);
		if (fn < 0 || (size_t)fn >= sizeof full) {
			fail(r, id.col, "check id too long");
			return false;
		}
		const char *re = colon;
		while (re > rs && (re[-1] == ' ' || re[-1] == '\t'))
			re--;
		if (!pool_str(r, full, (size_t)fn, &c->id) ||
		    !pool_str(r, rs, (size_t)(re - rs), &c->ref) ||
		    !pool_str(r, ts, (size_t)(end - ts), &c->title))
			return false;
		c->level = level;
		c->first_step = (int)s->nsteps;
		s->nchecks++;
		st->check = (int)s->nchecks - 1;
		return true;
	}
	case MP_S_ASSERT: {
		static const char *const ops[] = { "<", "<=", ">", ">=", "==", "!=" };
		tok a, op, b;
		if (!need_tok(r, &p, end, &a, "left value") ||
		    !need_tok(r, &p, end, &op, "operator (< <= > >= == !=)") ||
		    !need_tok(r, &p, end, &b, "right value"))
			return false;
		int o = -1;
		for (int i = 0; i < (int)MP_ARRAY_LEN(ops); i++)
			if (tok_is(&op, ops[i]))
				o = i;
		if (o < 0) {
			fail(r, op.col, "unknown operator '%.*s' (< <= > >= == !=)", (int)op.n, op.p);
			return false;
		}
		st->op = (uint8_t)o;
		if (!no_more(r, p, end))
			return false;
		return parse_text(r, a.p, a.n, TM_PLAIN, false, &st->text) &&
		       parse_text(r, b.p, b.n, TM_PLAIN, false, &st->text2);
	}
	case MP_S_BDAT: {
		if (!conn_tok(r, &p, end, &st->conn))
			return false;
		if (mp_tkind_proto((mp_tkind)s->conns[st->conn].tkind) != MP_PROTO_SMTP) {
			fail(r, v.col, "bdat is for SMTP connections");
			return false;
		}
		/* [LAST] then the text: the rest after one SP or TAB */
		if (p < end)
			p++;
		if (end - p >= 4 && memcmp(p, "LAST", 4) == 0 &&
		    (end - p == 4 || p[4] == ' ' || p[4] == '\t')) {
			st->last = true;
			p += 4;
			if (p < end)
				p++;
		}
		return parse_text(r, p, (size_t)(end - p), TM_PLAIN, false, &st->text);
	}
	case MP_S_COUNT:
		break;
	}
	return false;
}

/* ---- the header ------------------------------------------------------------ */

enum { H_ID, H_TITLE, H_PROTOCOL, H_REF, H_LEVEL, H_NEEDS, H_TIMEOUT, H_TAGS, H_COUNT };
static const char *const hkeys[H_COUNT] = {
	"id", "title", "protocol", "ref", "level", "needs", "timeout", "tags",
};

static bool parse_header_line(rd *r, const char *p, const char *end, bool *seen)
{
	mp_script *s = r->s;
	const char *k = p;
	while (p < end && *p != ':' && *p != ' ' && *p != '\t')
		p++;
	if (p == end || *p != ':') {
		fail(r, 1, "expected 'key: value' (the header ends at the first blank line)");
		return false;
	}
	int h = -1;
	for (int i = 0; i < H_COUNT; i++)
		if (strlen(hkeys[i]) == (size_t)(p - k) && memcmp(hkeys[i], k, (size_t)(p - k)) == 0)
			h = i;
	if (h < 0) {
		fail(r, 1, "unknown header key '%.*s'", (int)(p - k), k);
		return false;
	}
	if (seen[h]) {
		fail(r, 1, "header key '%s' given twice", hkeys[h]);
		return false;
	}
	seen[h] = true;
	const char *vs = skip_ws(p + 1, end), *ve = end;
	while (ve > vs && (ve[-1] == ' ' || ve[-1] == '\t'))
		ve--;
	unsigned vcol = col_of(r, vs);
	if (vs == ve) {
		fail(r, vcol, "header key '%s' has no value", hkeys[h]);
		return false;
	}
	size_t vn = (size_t)(ve - vs);
	tok vt = { vs, vn, vcol };
	switch (h) {
	case H_ID:
		if (!id_ok(vs, vn)) {
			fail(r, vcol, "an id is dotted words of a-z 0-9 - _ (smtp.rcpt.before-mail)");
			return false;
		}
		return pool_str(r, vs, vn, &s->id);
	case H_TITLE:
		return pool_str(r, vs, vn, &s->title);
	case H_REF:
		return pool_str(r, vs, vn, &s->ref);
	case H_TAGS:
		return pool_str(r, vs, vn, &s->tags);
	case H_PROTOCOL:
		if (!tok_is(&vt, "smtp") && !tok_is(&vt, "pop3") && !tok_is(&vt, "imap") &&
		    !tok_is(&vt, "e2e")) {
			fail(r, vcol, "protocol is smtp, pop3, imap or e2e");
			return false;
		}
		return pool_str(r, vs, vn, &s->protocol);
	case H_LEVEL:
		if (!level_of(&vt, &s->level)) {
			fail(r, vcol, "level is MUST, SHOULD or MAY");
			return false;
		}
		return true;
	case H_TIMEOUT: {
		uint64_t v;
		if (!tok_num(r, &vt, 1, MP_SCRIPT_TIMEOUT_MAX, &v, "timeout"))
			return false;
		s->timeout_s = (unsigned)v;
		return true;
	}
	case H_NEEDS: {
		const char *q = vs;
		tok t;
		while (next_tok(r, &q, ve, &t)) {
			int tk = tkind_of(&t);
			if (tk < 0) {
				fail(r, t.col, "unknown need '%.*s' (smtp, submission, pop3, imap)",
				     (int)t.n, t.p);
				return false;
			}
			s->needs |= 1u << tk;
		}
		return true;
	}
	}
	return false;
}

/* ---- the whole file ------------------------------------------------------------ */

mp_rc mp_script_parse(const char *name, const char *dir, const uint8_t *src,
		      size_t n, unsigned flags, mp_script **s_r,
		      mp_script_err *err)
{
	memset(err, 0, sizeof *err);
	*s_r = NULL;
	mp_script *s = calloc(1, sizeof *s);
	if (s == NULL) {
		snprintf(err->msg, sizeof err->msg, "out of memory");
		return MP_INVALID;
	}
	s->path = strdup(name ? name : "-");
	s->dir = strdup(dir ? dir : ".");
	s->timeout_s = MP_SCRIPT_TIMEOUT_DEFAULT;
	s->finally_step = -1;
	rd r = { .s = s, .err = err, .flags = flags };
	uint32_t z;
	if (s->path == NULL || s->dir == NULL || !pool_put(&r, "", 1, &z)) {
		snprintf(err->msg, sizeof err->msg, "out of memory");
		mp_script_free(&s);
		return MP_INVALID;
	}
	/* offset 0 of the pool is "": unset strings read as empty */
	if (n > MP_SCRIPT_FILE_MAX) {
		r.line = 1;
		fail(&r, 1, "script over %u octets", MP_SCRIPT_FILE_MAX);
	}
	bool header = true, seen[H_COUNT] = { false };
	size_t pos = 0;
	unsigned header_end = 0;
	while (!r.failed && pos < n) {
		const uint8_t *nl = memchr(src + pos, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - (src + pos)) : n - pos;
		r.line++;
		r.lp = (const char *)src + pos;
		r.ln = len;
		pos += len + (nl ? 1 : 0);
		if (len > 0 && r.lp[len - 1] == '\r')
			len--;
		if (len > MP_SCRIPT_LINE_MAX) {
			fail(&r, MP_SCRIPT_LINE_MAX + 1, "line over %d octets", MP_SCRIPT_LINE_MAX);
			break;
		}
		const char *p = r.lp, *end = r.lp + len;
		const void *nul = memchr(p, 0, len);
		if (nul) {
			fail(&r, col_of(&r, nul), "NUL octet in the script (write \\0)");
			break;
		}
		const char *q = skip_ws(p, end);
		if (header) {
			if (q == end) {
				header = false;
				header_end = r.line;
				/* the header is complete here */
				static const int req[] = { H_ID, H_TITLE, H_PROTOCOL, H_REF, H_LEVEL };
				for (size_t i = 0; i < MP_ARRAY_LEN(req); i++)
					if (!seen[req[i]]) {
						fail(&r, 1, "header has no '%s:' (id, title, protocol, ref, level are required)",
						     hkeys[req[i]]);
						break;
					}
				if (r.failed)
					break;
				mp_script_check *c = &s->checks[0];
				c->id = s->id;
				c->title = s->title;
				c->ref = s->ref;
				c->level = s->level;
				c->first_step = 0;
				s->nchecks = 1;
				continue;
			}
			if (*q == '#')
				continue;
			if (q != p) {
				fail(&r, 1, "a header line starts in column 1");
				break;
			}
			parse_header_line(&r, p, end, seen);
			continue;
		}
		if (q == end || *q == '#')
			continue;
		parse_step(&r, q, end);
	}
	if (!r.failed && header) {
		r.line = r.line ? r.line : 1;
		fail(&r, 1, "no blank line after the header, and no steps");
	}
	if (!r.failed && r.depth > 0) {
		const mp_step *o = &s->steps[r.block[r.depth - 1]];
		r.line = o->line;
		fail(&r, o->col, "%s without end", step_names[o->kind]);
	}
	if (!r.failed && s->nsteps == 0) {
		r.line = header_end;
		fail(&r, 1, "no steps");
	}
	if (r.failed) {
		mp_script_free(&s);
		return MP_INVALID;
	}
	*s_r = s;
	return MP_OK;
}

mp_rc mp_script_load(const char *path, unsigned flags, mp_script **s_r,
		     mp_script_err *err)
{
	memset(err, 0, sizeof *err);
	*s_r = NULL;
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		snprintf(err->msg, sizeof err->msg, "%s", strerror(errno));
		return MP_INVALID;
	}
	uint8_t *buf = malloc(MP_SCRIPT_FILE_MAX + 1);
	if (buf == NULL) {
		fclose(f);
		snprintf(err->msg, sizeof err->msg, "out of memory");
		return MP_INVALID;
	}
	size_t n = fread(buf, 1, MP_SCRIPT_FILE_MAX + 1, f);
	bool bad = ferror(f) != 0;
	fclose(f);
	if (bad || n > MP_SCRIPT_FILE_MAX) {
		free(buf);
		snprintf(err->msg, sizeof err->msg, bad ? "read error" : "script over %u octets",
			 MP_SCRIPT_FILE_MAX);
		return MP_INVALID;
	}
	char dir[1024];
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		snprintf(dir, sizeof dir, ".");
	else if (slash == path)
		snprintf(dir, sizeof dir, "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	mp_rc rc = mp_script_parse(path, dir, buf, n, flags, s_r, err);
	free(buf);
	return rc;
}

void mp_script_free(mp_script **sp)
{
	mp_script *s = *sp;
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nsteps; i++)
		if (s->steps[i].re.compiled)
			regfree(&s->steps[i].re.re);
	free(s->steps);
	free(s->pieces);
	free(s->pool);
	free(s->path);
	free(s->dir);
	free(s);
	*sp = NULL;
}

/* ---- expansion at run time ------------------------------------------------------ */

/* Reads a data file (relative: the script's dir, then its parent). */
static mp_rc read_data(const mp_script *s, const char *name, uint8_t *out,
		       size_t cap, size_t *len_r, char *err, size_t errcap)
{
	char path[2048];
	FILE *f = NULL;
	if (name[0] == '/') {
		f = fopen(name, "rb");
	} else {
		int k = snprintf(path, sizeof path, "%s/%s", s->dir, name);
		if (k > 0 && (size_t)k < sizeof path)
			f = fopen(path, "rb");
		if (f == NULL) {
			k = snprintf(path, sizeof path, "%s/../%s", s->dir, name);
			if (k > 0 && (size_t)k < sizeof path)
				f = fopen(path, "rb");
		}
	}
	if (f == NULL) {
		snprintf(err, errcap, "cannot open data file '%s': %s", name, strerror(errno));
		return MP_INVALID;
	}
	size_t n = fread(out, 1, cap, f);
	int extra = n == cap ? fgetc(f) : EOF;
	bool bad = ferror(f) != 0;
	fclose(f);
	if (bad) {
		snprintf(err, errcap, "read error on data file '%s'", name);
		return MP_INVALID;
	}
	if (extra != EOF)
		return MP_NOSPACE;
	*len_r = n;
	return MP_OK;
}

mp_rc mp_text_expand(const mp_script *s, const mp_text *t, mp_var_get get,
		     void *ctx, uint8_t *out, size_t cap, size_t *len_r,
		     mp_lit_span *lits, size_t *nlits_r, char *err,
		     size_t errcap)
{
	size_t n = 0, nl = 0;
	bool in_lit = false;
	for (uint32_t i = 0; i < t->n; i++) {
		const mp_piece *pc = &s->pieces[t->first + i];
		switch ((mp_piece_kind)pc->kind) {
		case MP_PC_BYTES:
			if (pc->len > cap - n)
				return MP_NOSPACE;
			memcpy(out + n, s->pool + pc->off, pc->len);
			n += pc->len;
			break;
		case MP_PC_VAR: {
			char name[MP_SCRIPT_NAME_MAX];
			snprintf(name, sizeof name, "%.*s", (int)pc->len,
				 (const char *)s->pool + pc->off);
			mp_slice v;
			if (get == NULL || !get(ctx, name, &v)) {
				snprintf(err, errcap, "variable ${%s} has no value", name);
				return MP_INVALID;
			}
			for (size_t k = 0; k < v.n; k++) {
				bool q = pc->quote && re_meta(v.p[k]);
				if ((size_t)(q ? 2 : 1) > cap - n)
					return MP_NOSPACE;
				if (pc->quote && v.p[k] == 0) {
					snprintf(err, errcap, "variable ${%s} holds NUL: not in a pattern", name);
					return MP_INVALID;
				}
				if (q)
					out[n++] = '\\';
				out[n++] = v.p[k];
			}
			break;
		}
		case MP_PC_LIT_OPEN:
			if (nl == MP_LITS_MAX) {
				snprintf(err, errcap, "more than %d literals in one line", MP_LITS_MAX);
				return MP_INVALID;
			}
			lits[nl].pos = n;
			lits[nl].form = (mp_lit_form)pc->lit;
			in_lit = true;
			break;
		case MP_PC_LIT_FILE: {
			char name[1024];
			snprintf(name, sizeof name, "%.*s", (int)pc->len,
				 (const char *)s->pool + pc->off);
			size_t got;
			mp_rc rc = read_data(s, name, out + n, cap - n, &got, err, errcap);
			if (rc != MP_OK)
				return rc;
			n += got;
			break;
		}
		case MP_PC_LIT_CLOSE:
			if (in_lit) {
				lits[nl].len = n - lits[nl].pos;
				nl++;
			}
			in_lit = false;
			break;
		}
	}
	*len_r = n;
	if (nlits_r)
		*nlits_r = nl;
	return MP_OK;
}

mp_rc mp_script_read_data(const mp_script *s, const char *name, uint8_t *out,
			  size_t cap, size_t *len_r, char *err, size_t errcap)
{
	return read_data(s, name, out, cap, len_r, err, errcap);
}
