/* parsers/imap-lex.c: the IMAP lexer (imap-private.h), one function per
 * ABNF rule of RFC 9051 9, shared by the command and response grammars. */
#include <string.h>

#include "imap-private.h"

/* ---- character classes ---- */

#define A (IC_ATOM | IC_ASTRING | IC_TAG | IC_LIST | IC_TEXT | IC_QUOTED)
#define AD (A | IC_DIGIT | IC_B64)
#define AB (A | IC_B64)
/* Built from RFC 9051 9: ATOM-CHAR = CHAR except atom-specials, which
 * are "(" ")" "{" SP CTL "%" "*" DQUOTE "\" "]". */
const uint8_t ic_class[256] = {
	/* TEXT-CHAR is any CHAR except CR and LF: the controls are TEXT-CHARs
	 * (and QUOTED-CHARs), never ATOM-CHARs. */
	[0x01] = IC_TEXT | IC_QUOTED, [0x02] = IC_TEXT | IC_QUOTED,
	[0x03] = IC_TEXT | IC_QUOTED, [0x04] = IC_TEXT | IC_QUOTED,
	[0x05] = IC_TEXT | IC_QUOTED, [0x06] = IC_TEXT | IC_QUOTED,
	[0x07] = IC_TEXT | IC_QUOTED, [0x08] = IC_TEXT | IC_QUOTED,
	[0x09] = IC_TEXT | IC_QUOTED, [0x0b] = IC_TEXT | IC_QUOTED,
	[0x0c] = IC_TEXT | IC_QUOTED, [0x0e] = IC_TEXT | IC_QUOTED,
	[0x0f] = IC_TEXT | IC_QUOTED, [0x10] = IC_TEXT | IC_QUOTED,
	[0x11] = IC_TEXT | IC_QUOTED, [0x12] = IC_TEXT | IC_QUOTED,
	[0x13] = IC_TEXT | IC_QUOTED, [0x14] = IC_TEXT | IC_QUOTED,
	[0x15] = IC_TEXT | IC_QUOTED, [0x16] = IC_TEXT | IC_QUOTED,
	[0x17] = IC_TEXT | IC_QUOTED, [0x18] = IC_TEXT | IC_QUOTED,
	[0x19] = IC_TEXT | IC_QUOTED, [0x1a] = IC_TEXT | IC_QUOTED,
	[0x1b] = IC_TEXT | IC_QUOTED, [0x1c] = IC_TEXT | IC_QUOTED,
	[0x1d] = IC_TEXT | IC_QUOTED, [0x1e] = IC_TEXT | IC_QUOTED,
	[0x1f] = IC_TEXT | IC_QUOTED, [0x7f] = IC_TEXT | IC_QUOTED,
	[' '] = IC_TEXT | IC_QUOTED,
	['!'] = A, ['"'] = IC_TEXT, ['#'] = A, ['$'] = A, ['%'] = IC_LIST | IC_TEXT | IC_QUOTED,
	['&'] = A, ['\''] = A, ['('] = IC_TEXT | IC_QUOTED, [')'] = IC_TEXT | IC_QUOTED,
	['*'] = IC_LIST | IC_TEXT | IC_QUOTED, ['+'] = AB & ~IC_TAG, [','] = A,
	['-'] = A, ['.'] = A, ['/'] = AB,
	['0'] = AD, ['1'] = AD, ['2'] = AD, ['3'] = AD, ['4'] = AD,
	['5'] = AD, ['6'] = AD, ['7'] = AD, ['8'] = AD, ['9'] = AD,
	[':'] = A, [';'] = A, ['<'] = A, ['='] = A, ['>'] = A, ['?'] = A, ['@'] = A,
	['A'] = AB, ['B'] = AB, ['C'] = AB, ['D'] = AB, ['E'] = AB, ['F'] = AB,
	['G'] = AB, ['H'] = AB, ['I'] = AB, ['J'] = AB, ['K'] = AB, ['L'] = AB,
	['M'] = AB, ['N'] = AB, ['O'] = AB, ['P'] = AB, ['Q'] = AB, ['R'] = AB,
	['S'] = AB, ['T'] = AB, ['U'] = AB, ['V'] = AB, ['W'] = AB, ['X'] = AB,
	['Y'] = AB, ['Z'] = AB,
	['['] = A, ['\\'] = IC_TEXT, [']'] = IC_ASTRING | IC_TAG | IC_LIST | IC_TEXT | IC_QUOTED,
	['^'] = A, ['_'] = A, ['`'] = A,
	['a'] = AB, ['b'] = AB, ['c'] = AB, ['d'] = AB, ['e'] = AB, ['f'] = AB,
	['g'] = AB, ['h'] = AB, ['i'] = AB, ['j'] = AB, ['k'] = AB, ['l'] = AB,
	['m'] = AB, ['n'] = AB, ['o'] = AB, ['p'] = AB, ['q'] = AB, ['r'] = AB,
	['s'] = AB, ['t'] = AB, ['u'] = AB, ['v'] = AB, ['w'] = AB, ['x'] = AB,
	['y'] = AB, ['z'] = AB,
	['{'] = IC_TEXT | IC_QUOTED, ['|'] = A, ['}'] = A, ['~'] = A,
};
#undef A
#undef AD
#undef AB

/* ---- the cursor ---- */

void ic_init(imap_cur *c, const mp_imap_unit *u, const mp_imap_opts *o,
	     mp_arena *a, mp_diags *d)
{
	memset(c, 0, sizeof *c);
	c->p = u->text.p;
	c->n = u->text.n;
	if (c->n && c->p[c->n - 1] == '\n') {
		c->n--;
		if (c->n && c->p[c->n - 1] == '\r')
			c->n--;
	}
	c->u = u;
	c->flags = o ? o->flags : 0;
	c->max_depth = o && o->max_depth ? o->max_depth : MP_IMAP_DEPTH_MAX;
	c->a = a;
	c->d = d;
}

uint64_t ic_off(const imap_cur *c, size_t pos)
{
	return mp_imap_unit_offset(c->u, pos);
}

bool ic_diag(imap_cur *c, size_t pos, mp_rule rule)
{
	mp_diag_push(c->d, ic_off(c, pos), rule);
	if (mp_rule_level(rule) == MP_MUST)
		c->bad = true;
	return false;
}

bool ic_soft(imap_cur *c, size_t pos, mp_rule rule)
{
	mp_diag_push(c->d, ic_off(c, pos), rule);
	if (!ic_lenient(c) && mp_rule_level(rule) == MP_MUST)
		c->bad = true;
	return false;
}

void *ic_fail(imap_cur *c, mp_rule rule)
{
	if (!c->stop)
		ic_diag(c, c->i, rule);
	c->bad = true;
	c->stop = true;
	return NULL;
}

bool ic_char(imap_cur *c, int ch)
{
	if (!c->stop && ic_peek(c) == ch) {
		c->i++;
		return true;
	}
	return false;
}

bool ic_expect(imap_cur *c, int ch, mp_rule rule)
{
	if (ic_char(c, ch))
		return true;
	ic_fail(c, rule);
	return false;
}

/* SP. A lenient reader takes a SP before the line end as the end (soft
 * EXTRA_SP): after ic_more the list may end there; after ic_sp an
 * element had to follow, so sp_cut records that the unit ended short
 * (the command parser names the missing arguments itself; the response
 * parser fails such a unit, which else would pass cut short). */
static bool sp_before(imap_cur *c, bool optional_end)
{
	if (c->stop)
		return false;
	if (!ic_char(c, ' '))
		return ic_fail(c, MP_R_IMAP_SP) != NULL;
	if (ic_peek(c) == ' ') {
		size_t at = c->i;
		if (!ic_lenient(c))
			return ic_fail(c, MP_R_IMAP_EXTRA_SP) != NULL;
		while (ic_peek(c) == ' ')
			c->i++;
		ic_soft(c, at, MP_R_IMAP_EXTRA_SP);
	}
	if (ic_end(c)) {
		/* a SP before the line end: nothing follows it */
		c->i--;
		if (!ic_lenient(c))
			return ic_fail(c, MP_R_IMAP_EXTRA_SP) != NULL;
		ic_soft(c, c->i, MP_R_IMAP_EXTRA_SP);
		c->sp_cut |= !optional_end;
		c->i = c->n;
		return false;
	}
	return true;
}

bool ic_sp(imap_cur *c)
{
	return sp_before(c, false);
}

bool ic_more(imap_cur *c)
{
	if (c->stop || ic_peek(c) != ' ')
		return false;
	return sp_before(c, true);
}

bool ic_done(imap_cur *c)
{
	if (c->stop)
		return false;
	if (!ic_end(c)) {
		ic_fail(c, MP_R_IMAP_TRAILING);
		return false;
	}
	return true;
}

mp_slice ic_run(imap_cur *c, uint8_t cls)
{
	size_t s = c->i;
	if (!c->stop)
		while (c->i < c->n && (ic_class[c->p[c->i]] & cls))
			c->i++;
	return MP_SLICE(c->p + s, c->i - s);
}

bool ic_keyword(imap_cur *c, const char *word, mp_slice *kw)
{
	size_t k = strlen(word);
	if (c->stop || c->n - c->i < k)
		return false;
	for (size_t j = 0; j < k; j++)
		if (mp_ascii_lower(c->p[c->i + j]) != mp_ascii_lower((uint8_t)word[j]))
			return false;
	if (c->i + k < c->n && (ic_class[c->p[c->i + k]] & IC_ATOM))
		return false;
	if (kw)
		*kw = MP_SLICE(c->p + c->i, k);
	c->i += k;
	return true;
}

mp_imap_node *ic_new(imap_cur *c, mp_imap_type type, mp_imap_sem sem,
		     size_t start)
{
	if (c->stop)
		return NULL;
	mp_imap_node *n = MP_NEW(c->a, mp_imap_node, 1);
	if (!n) {
		if (!c->full)
			mp_diag_push(c->d, ic_off(c, start), MP_R_ARENA_FULL);
		c->full = c->bad = c->stop = true;
		return NULL;
	}
	memset(n, 0, sizeof *n);
	n->type = (uint8_t)type;
	n->sem = (uint16_t)sem;
	n->off = ic_off(c, start);
	return n;
}

void ic_append(mp_imap_node **head, mp_imap_node **tail, mp_imap_node *n,
	       size_t *count)
{
	if (!n)
		return;
	if (*tail)
		(*tail)->next = n;
	else
		*head = n;
	*tail = n;
	if (count)
		++*count;
}

/* ---- atoms, numbers, strings ---- */

mp_imap_node *ic_atom(imap_cur *c, mp_imap_sem sem)
{
	size_t s = c->i;
	mp_slice a = ic_run(c, IC_ATOM);
	if (a.n == 0)
		return ic_fail(c, MP_R_IMAP_ATOM);
	mp_imap_node *n = ic_new(c, MP_IMAP_ATOM, sem, s);
	if (n)
		n->s = a;
	return n;
}

mp_imap_node *ic_tag(imap_cur *c)
{
	size_t s = c->i;
	mp_slice a = ic_run(c, IC_TAG);
	if (a.n == 0)
		return ic_fail(c, MP_R_IMAP_TAG);
	mp_imap_node *n = ic_new(c, MP_IMAP_ATOM, MP_IMAP_S_TAG, s);
	if (n)
		n->s = a;
	return n;
}

mp_imap_node *ic_number(imap_cur *c, mp_imap_sem sem, bool nz, bool is64)
{
	size_t s = c->i;
	mp_slice dg = ic_run(c, IC_DIGIT);
	if (dg.n == 0)
		return ic_fail(c, MP_R_IMAP_NUMBER);
	uint64_t v = 0;
	uint64_t max = is64 ? 0x7fffffffffffffffull : 0xffffffffull;
	for (size_t k = 0; k < dg.n; k++) {
		uint64_t dv = (uint64_t)(dg.p[k] - '0');
		if (v > (max - dv) / 10) {
			c->i = s;
			return ic_fail(c, MP_R_IMAP_NUMBER_RANGE);
		}
		v = v * 10 + dv;
	}
	if (nz && (v == 0 || dg.p[0] == '0')) {
		c->i = s;
		return ic_fail(c, MP_R_IMAP_NZ_NUMBER);
	}
	mp_imap_node *n = ic_new(c, MP_IMAP_NUMBER, sem, s);
	if (n) {
		n->num = v;
		n->s = dg;
	}
	return n;
}

/* A UTF-8 sequence at p[i] (a high octet): its length, or 0 after a diag. */
static size_t utf8_at(imap_cur *c, size_t i, size_t end)
{
	size_t k = mp_utf8_seq_len(c->p + i, end - i);
	if (k == 0) {
		ic_diag(c, i, MP_R_IMAP_UTF8_INVALID);
		return 1;
	}
	return k;
}

static bool utf8_allowed(const imap_cur *c)
{
	return !(c->flags & MP_IMAP_REV1) || (c->flags & MP_IMAP_UTF8);
}

mp_imap_node *ic_quoted(imap_cur *c, mp_imap_sem sem)
{
	size_t s = c->i;
	if (!ic_char(c, '"'))
		return ic_fail(c, MP_R_IMAP_STRING);
	size_t body = c->i;
	bool esc = false;
	while (c->i < c->n && c->p[c->i] != '"') {
		/* the plain QUOTED-CHARs by table, the rest one by one */
		while (c->i < c->n && (ic_class[c->p[c->i]] & IC_QUOTED))
			c->i++;
		if (c->i >= c->n || c->p[c->i] == '"')
			break;
		uint8_t b = c->p[c->i];
		if (b == '\\') {
			esc = true;
			if (c->i + 1 < c->n && (c->p[c->i + 1] == '"' || c->p[c->i + 1] == '\\')) {
				c->i += 2;
				continue;
			}
			if (!ic_lenient(c))
				return ic_fail(c, MP_R_IMAP_QUOTED_ESCAPE);
			ic_soft(c, c->i, MP_R_IMAP_QUOTED_ESCAPE);
			c->i++;
			continue;
		}
		if (b >= 0x80) {
			if (!utf8_allowed(c))
				ic_diag(c, c->i, MP_R_IMAP_QUOTED_8BIT);
			c->i += utf8_at(c, c->i, c->n);
			continue;
		}
		if (b == '\r' || b == '\n') /* CR or LF inside a unit's line */
			return ic_fail(c, b == '\r' ? MP_R_IMAP_BARE_CR : MP_R_IMAP_QUOTED);
		if (b == 0)
			ic_diag(c, c->i, MP_R_IMAP_NUL);
		c->i++;
	}
	if (c->i >= c->n) {
		c->i = s;
		return ic_fail(c, MP_R_IMAP_QUOTED);
	}
	mp_imap_node *n = ic_new(c, MP_IMAP_STRING, sem, s);
	if (n) {
		n->form = MP_IMAP_QUOTED;
		n->s = MP_SLICE(c->p + body, c->i - body);
		n->escapes = esc;
	}
	c->i++; /* the closing DQUOTE */
	return n;
}

/* The gap of a streamed literal starting at text position pos, if any. */
static const mp_imap_gap *gap_at(const imap_cur *c, size_t pos)
{
	for (size_t k = 0; k < c->u->ngaps; k++)
		if (c->u->gaps[k].pos == pos)
			return &c->u->gaps[k];
	return NULL;
}

mp_imap_node *ic_literal(imap_cur *c, mp_imap_sem sem, bool allow8)
{
	size_t s = c->i;
	bool l8 = ic_char(c, '~');
	if (l8 && !allow8) {
		if (!ic_lenient(c)) {
			c->i = s;
			return ic_fail(c, MP_R_IMAP_LITERAL8_PLACE);
		}
		ic_soft(c, s, MP_R_IMAP_LITERAL8_PLACE);
	}
	if (!ic_char(c, '{'))
		return ic_fail(c, l8 ? MP_R_IMAP_LITERAL_SYNTAX : MP_R_IMAP_STRING);
	size_t ds = c->i;
	mp_slice dg = ic_run(c, IC_DIGIT);
	uint64_t v = 0;
	if (dg.n == 0) {
		c->i = ds;
		return ic_fail(c, MP_R_IMAP_LITERAL_SYNTAX);
	}
	bool rev1 = (c->flags & MP_IMAP_REV1) != 0;
	uint64_t max = rev1 ? 0xffffffffull : 0x7fffffffffffffffull;
	for (size_t k = 0; k < dg.n; k++) {
		uint64_t dv = (uint64_t)(dg.p[k] - '0');
		if (v > (max - dv) / 10) {
			c->i = ds;
			return ic_fail(c, MP_R_IMAP_LITERAL_RANGE);
		}
		v = v * 10 + dv;
	}
	uint8_t form = l8 ? MP_IMAP_LITERAL8 : MP_IMAP_LITERAL;
	if (ic_char(c, '+'))
		form = l8 ? MP_IMAP_LITERAL8_PLUS : MP_IMAP_LITERAL_PLUS;
	else if (!l8 && ic_char(c, '-'))
		form = MP_IMAP_LITERAL_MINUS;
	if (!ic_char(c, '}'))
		return ic_fail(c, MP_R_IMAP_LITERAL_SYNTAX);
	/* the line end after the announcement lies inside the unit's text
	 * (c->n stops only before the final one) */
	size_t tn = c->u->text.n;
	if (c->i < tn && c->p[c->i] == '\r')
		c->i++;
	if (!(c->i < tn && c->p[c->i] == '\n')) {
		if (c->u->too_long || c->u->eof_cut) { /* the reader said so */
			c->bad = c->stop = true;
			return NULL;
		}
		return ic_fail(c, MP_R_IMAP_LITERAL_SYNTAX);
	}
	c->i++;
	mp_imap_node *n = ic_new(c, MP_IMAP_STRING, sem, s);
	if (!n)
		return NULL;
	n->form = form;
	n->num = v;
	if (gap_at(c, c->i)) {
		if (c->i == tn && (c->u->eof_cut || c->u->too_long)) {
			/* the unit was cut in or after this streamed literal (the
			 * reader reported it): nothing after it can be judged,
			 * and its end may lie beyond the stream */
			c->bad = c->stop = true;
			return NULL;
		}
		n->streamed = true;
		n->s = MP_SLICE(c->p + c->i, 0);
		return n;
	}
	if (tn - c->i < v) {
		c->bad = c->stop = true; /* cut: the reader reported it */
		if (!c->u->too_long && !c->u->eof_cut)
			ic_diag(c, c->i, MP_R_IMAP_LITERAL_SYNTAX);
		return NULL;
	}
	n->s = MP_SLICE(c->p + c->i, (size_t)v);
	if (form != MP_IMAP_LITERAL8 && form != MP_IMAP_LITERAL8_PLUS) {
		const void *z = memchr(n->s.p, 0, n->s.n);
		if (z)
			ic_diag(c, c->i + (size_t)((const uint8_t *)z - n->s.p),
				MP_R_IMAP_LITERAL_NUL);
	}
	c->i += (size_t)v;
	if (c->i > c->n) /* a literal cannot end the unit: text must follow */
		c->n = c->i;
	return n;
}

/* A literal starts here: "{", or "~{" (a "~" alone is an ATOM-CHAR, as
 * in the atom ~/Mail/). */
static bool literal_next(const imap_cur *c)
{
	int ch = ic_peek(c);
	return ch == '{' || (ch == '~' && c->i + 1 < c->n && c->p[c->i + 1] == '{');
}

mp_imap_node *ic_string(imap_cur *c, mp_imap_sem sem)
{
	int ch = ic_peek(c);
	if (ch == '"')
		return ic_quoted(c, sem);
	if (ch == '{' || ch == '~')
		return ic_literal(c, sem, false);
	return ic_fail(c, MP_R_IMAP_STRING);
}

mp_imap_node *ic_astring(imap_cur *c, mp_imap_sem sem)
{
	if (ic_peek(c) == '"' || literal_next(c))
		return ic_string(c, sem);
	size_t s = c->i;
	mp_slice a = ic_run(c, IC_ASTRING);
	if (a.n == 0)
		return ic_fail(c, MP_R_IMAP_STRING);
	mp_imap_node *n = ic_new(c, MP_IMAP_ATOM, sem, s);
	if (n)
		n->s = a;
	return n;
}

mp_imap_node *ic_nil(imap_cur *c)
{
	size_t s = c->i;
	if (!ic_keyword(c, "NIL", NULL))
		return ic_fail(c, MP_R_IMAP_NIL);
	return ic_new(c, MP_IMAP_NIL, MP_IMAP_S_NONE, s);
}

mp_imap_node *ic_nstring(imap_cur *c, mp_imap_sem sem)
{
	size_t s = c->i;
	if (ic_keyword(c, "NIL", NULL)) {
		mp_imap_node *n = ic_new(c, MP_IMAP_NIL, sem, s);
		return n;
	}
	return ic_string(c, sem);
}

mp_imap_node *ic_mailbox(imap_cur *c)
{
	return ic_astring(c, MP_IMAP_S_MAILBOX);
}

mp_imap_node *ic_list_mailbox(imap_cur *c)
{
	if (ic_peek(c) == '"' || literal_next(c))
		return ic_string(c, MP_IMAP_S_LIST_MAILBOX);
	size_t s = c->i;
	mp_slice a = ic_run(c, IC_LIST);
	if (a.n == 0)
		return ic_fail(c, MP_R_IMAP_STRING);
	mp_imap_node *n = ic_new(c, MP_IMAP_ATOM, MP_IMAP_S_LIST_MAILBOX, s);
	if (n)
		n->s = a;
	return n;
}

/* ---- flags, lists ---- */

mp_imap_node *ic_flag(imap_cur *c, bool perm)
{
	size_t s = c->i;
	if (ic_char(c, '\\')) {
		if (ic_char(c, '*')) {
			if (!perm)
				ic_diag(c, s, MP_R_IMAP_FLAG_WILDCARD);
		} else if (ic_run(c, IC_ATOM).n == 0) {
			c->i = s;
			return ic_fail(c, MP_R_IMAP_FLAG);
		}
	} else if (ic_run(c, IC_ATOM).n == 0) {
		return ic_fail(c, MP_R_IMAP_FLAG);
	}
	mp_imap_node *n = ic_new(c, MP_IMAP_ATOM, MP_IMAP_S_FLAG, s);
	if (n)
		n->s = MP_SLICE(c->p + s, c->i - s);
	return n;
}

mp_imap_node *ic_open(imap_cur *c, mp_imap_sem sem)
{
	size_t s = c->i;
	if (!ic_char(c, '('))
		return ic_fail(c, MP_R_IMAP_LIST_OPEN);
	if (c->depth >= c->max_depth) {
		c->i = s;
		return ic_fail(c, MP_R_IMAP_DEPTH);
	}
	c->depth++;
	return ic_new(c, MP_IMAP_LIST, sem, s);
}

bool ic_close(imap_cur *c, mp_imap_node *list)
{
	(void)list;
	if (!ic_expect(c, ')', MP_R_IMAP_LIST_CLOSE))
		return false;
	c->depth--;
	return true;
}

/* "(" [elem *(SP elem)] ")" (need_one: 1*elem), elem(c, arg) each. */
static mp_imap_node *list_of(imap_cur *c, mp_imap_sem sem, bool need_one,
			     mp_imap_node *(*elem)(imap_cur *, bool), bool arg)
{
	mp_imap_node *l = ic_open(c, sem);
	if (!l)
		return NULL;
	mp_imap_node *tail = NULL;
	size_t cnt = 0;
	if (need_one || ic_peek(c) != ')') {
		do {
			mp_imap_node *e = elem(c, arg);
			if (!e)
				return NULL;
			ic_append(&l->kid, &tail, e, &cnt);
		} while (ic_more(c));
	}
	l->nkids = (uint32_t)cnt;
	return ic_close(c, l) ? l : NULL;
}

mp_imap_node *ic_flag_list(imap_cur *c, bool perm)
{
	return list_of(c, MP_IMAP_S_FLAG_LIST, false, ic_flag, perm);
}

/* ---- sequence sets, dates, sections ---- */

mp_imap_node *ic_seq_set(imap_cur *c, bool allow_dollar)
{
	size_t s = c->i;
	if (allow_dollar && ic_char(c, '$')) {
		if (c->i < c->n && (ic_class[c->p[c->i]] & IC_ATOM) && c->p[c->i] != ',') {
			c->i = s;
			return ic_fail(c, MP_R_IMAP_SEQ_SET);
		}
	} else {
		for (;;) {
			/* seq-number [":" seq-number] */
			for (int k = 0; k < 2; k++) {
				if (!ic_char(c, '*')) {
					size_t ds = c->i;
					mp_slice dg = ic_run(c, IC_DIGIT);
					uint64_t v = 0;
					if (dg.n == 0 || dg.p[0] == '0' || dg.n > 10 ||
					    mp_slice_u64(dg, 10, &v) != MP_OK || v > 0xffffffffull) {
						c->i = ds;
						return ic_fail(c, MP_R_IMAP_SEQ_SET);
					}
				}
				if (k == 0 && !ic_char(c, ':'))
					break;
			}
			if (!ic_char(c, ','))
				break;
		}
		if (c->i < c->n && (ic_class[c->p[c->i]] & IC_ATOM))
			return ic_fail(c, MP_R_IMAP_SEQ_SET);
	}
	mp_imap_node *n = ic_new(c, MP_IMAP_ATOM, MP_IMAP_S_SEQ_SET, s);
	if (n)
		n->s = MP_SLICE(c->p + s, c->i - s);
	return n;
}

static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";

/* date-day "-" date-month "-" date-year; day of 1*2DIGIT or, fixed,
 * (SP DIGIT) / 2DIGIT. */
static bool date_text(imap_cur *c, bool fixed)
{
	size_t s = c->i;
	unsigned day = 0;
	if (fixed && ic_peek(c) == ' ')
		c->i++;
	mp_slice dd = ic_run(c, IC_DIGIT);
	if (dd.n == 0 || dd.n > 2 || (fixed && c->i - s != 2))
		return false;
	for (size_t k = 0; k < dd.n; k++)
		day = day * 10 + (unsigned)(dd.p[k] - '0');
	if (day < 1 || day > 31 || !ic_char(c, '-') || c->n - c->i < 3)
		return false;
	bool month = false;
	for (int m = 0; m < 12 && !month; m++)
		month = mp_ascii_lower(c->p[c->i]) == months[m * 3] &&
			mp_ascii_lower(c->p[c->i + 1]) == months[m * 3 + 1] &&
			mp_ascii_lower(c->p[c->i + 2]) == months[m * 3 + 2];
	if (!month)
		return false;
	c->i += 3;
	if (!ic_char(c, '-'))
		return false;
	mp_slice yy = ic_run(c, IC_DIGIT);
	return yy.n == 4;
}

mp_imap_node *ic_date(imap_cur *c)
{
	size_t s = c->i;
	bool q = ic_char(c, '"');
	if (!date_text(c, false) || (q && !ic_char(c, '"')) ||
	    (c->i < c->n && (ic_class[c->p[c->i]] & IC_ATOM))) {
		c->i = s;
		return ic_fail(c, MP_R_IMAP_DATE);
	}
	mp_imap_node *n = ic_new(c, MP_IMAP_ATOM, MP_IMAP_S_DATE, s);
	if (n)
		n->s = MP_SLICE(c->p + s, c->i - s);
	return n;
}

static bool digits(imap_cur *c, size_t k, unsigned max)
{
	if (c->n - c->i < k)
		return false;
	unsigned v = 0;
	for (size_t j = 0; j < k; j++) {
		if (!mp_is_digit(c->p[c->i + j]))
			return false;
		v = v * 10 + (unsigned)(c->p[c->i + j] - '0');
	}
	c->i += k;
	return v <= max;
}

mp_imap_node *ic_date_time(imap_cur *c)
{
	size_t s = c->i;
	bool ok = ic_char(c, '"') && date_text(c, true) && ic_char(c, ' ') &&
		  digits(c, 2, 23) && ic_char(c, ':') && digits(c, 2, 59) &&
		  ic_char(c, ':') && digits(c, 2, 60) && ic_char(c, ' ') &&
		  (ic_char(c, '+') || ic_char(c, '-')) && digits(c, 4, 9999) &&
		  ic_char(c, '"');
	if (!ok) {
		c->i = s;
		return ic_fail(c, MP_R_IMAP_DATE_TIME);
	}
	/* the zone's minutes are at most 59 */
	if (c->p[c->i - 3] > '5') {
		c->i = s;
		return ic_fail(c, MP_R_IMAP_DATE_TIME);
	}
	mp_imap_node *n = ic_new(c, MP_IMAP_ATOM, MP_IMAP_S_DATE_TIME, s);
	if (n)
		n->s = MP_SLICE(c->p + s, c->i - s);
	return n;
}

/* section-spec = section-msgtext / (section-part ["." section-text]);
 * read as one atom-like run, then checked piece by piece. */
static bool section_spec_ok(mp_slice a, bool *fields)
{
	size_t i = 0;
	bool part = false;
	*fields = false;
	while (i < a.n && mp_is_digit(a.p[i])) {
		if (a.p[i] == '0')
			return false; /* nz-number */
		size_t s = i;
		while (i < a.n && mp_is_digit(a.p[i]))
			i++;
		if (i - s > 10)
			return false;
		part = true;
		if (i == a.n)
			return true;
		if (a.p[i] != '.')
			return false;
		i++;
	}
	mp_slice rest = mp_slice_sub(a, i, a.n - i);
	if (rest.n == 0)
		return false; /* "" or a trailing "." */
	static const char *const texts[] = { "HEADER", "TEXT", "MIME",
					     "HEADER.FIELDS", "HEADER.FIELDS.NOT" };
	for (size_t k = 0; k < 5; k++) {
		if (mp_slice_is_ci(rest, texts[k])) {
			if (k == 2 && !part)
				return false; /* MIME only after a part */
			*fields = k >= 3;
			return true;
		}
	}
	return false;
}

/* header-fld-name = astring */
static mp_imap_node *header_name(imap_cur *c, bool unused)
{
	(void)unused;
	return ic_astring(c, MP_IMAP_S_STRING);
}

mp_imap_node *ic_section(imap_cur *c)
{
	size_t s = c->i;
	if (!ic_char(c, '['))
		return ic_fail(c, MP_R_IMAP_SECTION);
	mp_imap_node *n = ic_new(c, MP_IMAP_SECTION, MP_IMAP_S_SECTION, s);
	if (!n)
		return NULL;
	if (ic_char(c, ']'))
		return n;
	size_t as = c->i;
	mp_slice a = ic_run(c, IC_ATOM);
	bool fields;
	if (a.n == 0 || !section_spec_ok(a, &fields)) {
		c->i = as;
		return ic_fail(c, MP_R_IMAP_SECTION);
	}
	mp_imap_node *spec = ic_new(c, MP_IMAP_ATOM, MP_IMAP_S_SECTION, as);
	if (!spec)
		return NULL;
	spec->s = a;
	n->kid = spec;
	n->nkids = 1;
	if (fields) {
		if (!ic_sp(c))
			return NULL;
		mp_imap_node *l = list_of(c, MP_IMAP_S_NONE, true, header_name, false);
		if (!l)
			return NULL;
		spec->next = l;
		n->nkids = 2;
	}
	if (!ic_expect(c, ']', MP_R_IMAP_SECTION))
		return NULL;
	return n;
}

mp_imap_node *ic_partial(imap_cur *c, bool with_len)
{
	size_t s = c->i;
	if (!ic_char(c, '<'))
		return ic_fail(c, MP_R_IMAP_PARTIAL);
	mp_imap_node *n = ic_new(c, MP_IMAP_PARTIAL, MP_IMAP_S_PARTIAL, s);
	if (!n)
		return NULL;
	mp_imap_node *a = ic_number(c, MP_IMAP_S_NUMBER, false, false);
	if (!a)
		return NULL;
	n->num = a->num;
	if (with_len) {
		if (!ic_expect(c, '.', MP_R_IMAP_PARTIAL))
			return NULL;
		mp_imap_node *b = ic_number(c, MP_IMAP_S_NUMBER, true, false);
		if (!b)
			return NULL;
		n->num2 = b->num;
		n->has_num2 = true;
	}
	if (!ic_expect(c, '>', MP_R_IMAP_PARTIAL))
		return NULL;
	return n;
}

mp_imap_node *ic_text(imap_cur *c, mp_imap_sem sem)
{
	size_t s = c->i;
	while (c->i < c->n) {
		uint8_t b = c->p[c->i];
		if (b >= 0x80) {
			if (!utf8_allowed(c))
				ic_diag(c, c->i, MP_R_IMAP_QUOTED_8BIT);
			c->i += utf8_at(c, c->i, c->n);
			continue;
		}
		if (b == '\r' || b == '\n')
			break; /* a line end inside the unit: a literal follows */
		if (b == 0)
			ic_diag(c, c->i, MP_R_IMAP_NUL);
		c->i++;
	}
	if (c->i > c->n)
		c->i = c->n;
	if (c->i == s)
		return ic_fail(c, MP_R_IMAP_TEXT);
	mp_imap_node *n = ic_new(c, MP_IMAP_TEXT, sem, s);
	if (n)
		n->s = MP_SLICE(c->p + s, c->i - s);
	return n;
}

static mp_imap_node *value_elem(imap_cur *c, bool unused)
{
	(void)unused;
	return ic_value(c, MP_IMAP_S_NONE);
}

mp_imap_node *ic_value(imap_cur *c, mp_imap_sem sem)
{
	int ch = ic_peek(c);
	if (ch == '(')
		return list_of(c, sem, false, value_elem, false);
	if (ch == '"')
		return ic_quoted(c, sem);
	if (literal_next(c))
		return ic_literal(c, sem, true);
	if (ch == '\\')
		return ic_flag(c, true);
	if (mp_is_digit(ch)) {
		size_t s = c->i;
		mp_slice dg = ic_run(c, IC_DIGIT);
		bool atom = c->i < c->n && (ic_class[c->p[c->i]] & (IC_ATOM | IC_LIST | IC_ASTRING));
		c->i = s;
		if (!atom && dg.n <= 19)
			return ic_number(c, sem, false, true);
	}
	size_t s = c->i;
	if (ic_keyword(c, "NIL", NULL))
		return ic_new(c, MP_IMAP_NIL, sem, s);
	mp_slice a = ic_run(c, IC_ATOM | IC_LIST | IC_ASTRING);
	if (a.n == 0)
		return ic_fail(c, MP_R_IMAP_VALUE);
	mp_imap_node *n = ic_new(c, MP_IMAP_ATOM, sem, s);
	if (n)
		n->s = a;
	return n;
}
