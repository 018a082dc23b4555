/* parsers/imap-cmd.c: the IMAP command grammar, client side.
 *   RFC 9051 6 (commands), 9 (formal syntax); RFC 3501 6, 9 (IMAP4rev1
 *   where it differs: LSUB, CHECK, RFC822.*, \Recent); RFC 2177 (IDLE),
 *   4315 (UID EXPUNGE), 4466 (extended syntax), 4959 (SASL-IR), 4731
 *   and 5182 (SEARCH RETURN), 5032 (YOUNGER/OLDER), 5161 (ENABLE), 5258
 *   and 5819 (LIST-EXTENDED, LIST-STATUS), 6154 (CREATE USE), 6851
 *   (MOVE), 6855 (UTF8 APPEND), 7162 (CONDSTORE/QRESYNC), 2971 (ID),
 *   3502 (MULTIAPPEND), 3516 (BINARY), 9208 (QUOTA).
 *
 * Parses one unit from mp_imap_next (a command with its literals) into
 * an mp_imap_cmd whose args are the tokens after the command name, in
 * order, so that the generic printer (imap-tree.c: nodes joined by SP,
 * LIST in parens, SECTION in brackets, ITEM = name then its SECTION and
 * PARTIAL kids) writes the command back. Grouping the wire has no
 * parens for stays flat: a search key and its argument are siblings.
 *
 * Node shapes of args (sem in brackets; keywords are ATOMs as sent):
 *   AUTHENTICATE  ATOM[AUTH_MECH] [ATOM[SASL_IR] (base64 or "=")]
 *   LOGIN         astring[USERID] astring[PASSWORD]
 *   ENABLE        ATOM[CAPABILITY]...
 *   SELECT EXAMINE  astring[MAILBOX] [LIST[OPTION] of params]
 *                 params: ATOM[OPTION] "CONDSTORE"; ATOM[OPTION] "QRESYNC"
 *                 LIST(NUMBER[NUMBER] uidvalidity, NUMBER[MODSEQ],
 *                 [ATOM[SEQ_SET] known-uids, [LIST(ATOM[SEQ_SET]
 *                 ATOM[SEQ_SET])]]); others ATOM[OPTION] [value]
 *   CREATE        astring[MAILBOX] [LIST[OPTION] (ATOM[OPTION] "USE"
 *                 LIST[LIST_ATTRS](ATOM[FLAG]...) / other params)]
 *   DELETE SUBSCRIBE UNSUBSCRIBE GETQUOTAROOT  astring[MAILBOX]
 *   RENAME        astring[MAILBOX] astring[MAILBOX] [LIST[OPTION]]
 *   LIST          [LIST[LIST_SELECT](ATOM[OPTION]...)] astring[MAILBOX]
 *                 (list-mailbox[LIST_MAILBOX] / LIST[LIST_MAILBOX] of
 *                 them) [ATOM "RETURN" LIST[LIST_RETURN](ATOM[OPTION]
 *                 ..., "STATUS" LIST[STATUS_ITEMS])]
 *   LSUB          astring[MAILBOX] list-mailbox[LIST_MAILBOX]
 *   STATUS        astring[MAILBOX] LIST[STATUS_ITEMS](ATOM[STATUS_ITEM]...)
 *   APPEND        astring[MAILBOX] then per message: [LIST[FLAG_LIST]]
 *                 [ATOM[DATE_TIME]] *(ATOM[EXTENSION] value) and
 *                 STRING[MESSAGE] (a literal or literal8), or ATOM[OPTION]
 *                 "UTF8" LIST(STRING[MESSAGE]), or ATOM[OPTION]
 *                 "CATENATE" LIST(...)
 *   SEARCH        [ATOM "RETURN" LIST[OPTION](ATOM[OPTION]...)]
 *                 [ATOM "CHARSET" (ATOM/STRING)[CHARSET]] keys, each
 *                 ATOM[SEARCH_KEY] followed by its arguments (astring
 *                 [STRING], ATOM[DATE], ATOM[FLAG], NUMBER[NUMBER],
 *                 ATOM[SEQ_SET], NUMBER[MODSEQ]); NOT and OR are followed
 *                 by their keys; a sequence set is ATOM[SEQ_SET]; a
 *                 parenthesised group is LIST[SEARCH_PROGRAM] of keys
 *   FETCH         ATOM[SEQ_SET] then ATOM[FETCH_ITEMS] (ALL FAST FULL),
 *                 or one item, or LIST[FETCH_ITEMS] of items; an item is
 *                 ATOM[FETCH_ITEM] (FLAGS, RFC822.SIZE, ...) or
 *                 ITEM[FETCH_ITEM] s="BODY.PEEK" with SECTION[SECTION]
 *                 (kids: ATOM[SECTION] spec [LIST of astring[STRING]
 *                 header names]) and PARTIAL[PARTIAL];
 *                 [LIST[MODIFIER](ATOM[OPTION] "CHANGEDSINCE"
 *                 NUMBER[MODSEQ], ATOM[OPTION] "VANISHED", ...)]
 *   STORE         ATOM[SEQ_SET] [LIST[MODIFIER](ATOM[OPTION]
 *                 "UNCHANGEDSINCE" NUMBER[MODSEQ])] ATOM[STORE_ACTION]
 *                 (LIST[FLAG_LIST] / ATOM[FLAG]...)
 *   COPY MOVE     ATOM[SEQ_SET] astring[MAILBOX]
 *   UID EXPUNGE   ATOM[SEQ_SET] (EXPUNGE alone takes none)
 *   ID            NIL[ID_PARAMS] / LIST[ID_PARAMS](string[STRING]
 *                 nstring[STRING] ...)
 *   GETQUOTA      astring[QUOTA_ROOT]
 *   SETQUOTA      astring[QUOTA_ROOT] LIST(ATOM[QUOTA_RESOURCE]
 *                 NUMBER[NUMBER] ...)
 *   DONE          none (tag empty); SASL: none for an empty response,
 *                 else ATOM[SASL_IR] (base64 or "*"), tag empty
 *   UNKNOWN       values as ic_value reads them, sem NONE
 *   the others    none
 * An astring is an ATOM or a STRING (quoted or literal) as sent.
 *
 * Leniency (MP_IMAP_LENIENT), each with its diag: extra SPs (the lexer),
 * several FETCH items without parens (read as a LIST, which the printer
 * then writes in parens), a macro inside a FETCH list, an unknown FETCH
 * item (kept as an ATOM), a literal in UTF8 APPEND data. */
#include <string.h>

#include "imap-private.h"

/* ---- small helpers ---- */

/* A chain of nodes: the command's args or a list's kids. */
typedef struct sink {
	mp_imap_node **head;
	mp_imap_node *tail;
	size_t n;
	mp_imap_node *list; /* when a list's kids: keeps its nkids */
} sink;

static sink sink_of(mp_imap_node *list)
{
	return (sink){ &list->kid, NULL, 0, list };
}

static bool put(sink *s, mp_imap_node *n)
{
	if (!n)
		return false;
	if (s->tail)
		s->tail->next = n;
	else
		*s->head = n;
	s->tail = n;
	s->n++;
	if (s->list)
		s->list->nkids = (uint32_t)s->n;
	return true;
}

typedef struct pc {
	imap_cur c;
	mp_imap_cmd *cmd;
	sink args;
	size_t kw_pos; /* text position of the command name */
} pc;

/* The run of ATOM-CHARs at the cursor, not consumed. */
static mp_slice peek_atom(const imap_cur *c)
{
	size_t i = c->i;
	while (i < c->n && (ic_class[c->p[i]] & IC_ATOM))
		i++;
	return MP_SLICE(c->p + c->i, c->stop ? 0 : i - c->i);
}

/* The octet after the SPs at the cursor (lenient mode allows several),
 * or -1 at the end; -1 too when no SP is at the cursor. */
static int after_sp(const imap_cur *c)
{
	size_t j = c->i;
	while (j < c->n && c->p[j] == ' ')
		j++;
	return j > c->i && j < c->n && !c->stop ? c->p[j] : -1;
}

static bool rev1(const imap_cur *c)
{
	return (c->flags & MP_IMAP_REV1) != 0;
}

/* An atom keyword node (consumed): the slice as sent. */
static mp_imap_node *kw_node(imap_cur *c, mp_imap_sem sem)
{
	return ic_atom(c, sem);
}

/* A number that must not run into an atom ("12ab"). */
static mp_imap_node *num(imap_cur *c, mp_imap_sem sem, bool nz, bool is64)
{
	mp_imap_node *n = ic_number(c, sem, nz, is64);
	if (n && c->i < c->n && (ic_class[c->p[c->i]] & IC_ATOM))
		return ic_fail(c, MP_R_IMAP_NUMBER);
	return n;
}

static mp_imap_node *seq_set(imap_cur *c)
{
	return ic_seq_set(c, true);
}

/* Opens a list or fails; *s becomes its sink. */
static mp_imap_node *open_list(imap_cur *c, mp_imap_sem sem, sink *s)
{
	mp_imap_node *l = ic_open(c, sem);
	if (l)
		*s = sink_of(l);
	return l;
}

/* A generic extension parameter list "(" name [SP value] *(SP ...) ")"
 * where names are atoms; known(name) says whether a name is one we
 * know (else a NOTE). Values are read by ic_value when the token after
 * a name is not an atom (a list, number, string). */
static bool generic_param(imap_cur *c, sink *s)
{
	size_t at = c->i;
	mp_imap_node *name = kw_node(c, MP_IMAP_S_OPTION);
	if (!put(s, name))
		return false;
	ic_diag(c, at, MP_R_IMAP_CMD_MODIFIER_UNKNOWN);
	int nx = after_sp(c);
	if (nx >= 0) {
		if (nx == '(' || nx == '"' || nx == '{' || mp_is_digit(nx)) {
			if (!ic_sp(c))
				return false;
			return put(s, ic_value(c, MP_IMAP_S_NONE));
		}
	}
	return true;
}

/* ---- base64 (RFC 9051 9: base64 = *(4base64-char) [base64-terminal]) */

/* The position of the first octet that breaks base64 in p[s..e), or e
 * when none does; a last quad cut short is broken where it starts. */
static size_t b64_bad(const uint8_t *p, size_t s, size_t e)
{
	size_t i = s;
	while (i < e && (ic_class[p[i]] & IC_B64))
		i++;
	size_t k = i - s;
	if (i == e)
		return k % 4 == 0 ? e : i - k % 4;
	if (p[i] != '=')
		return i;
	/* a terminal: 2 chars "==" or 3 chars "=" ending a quad */
	if (k % 4 == 2) {
		if (i + 1 < e && p[i + 1] == '=' && i + 2 == e)
			return e;
		return i + 1 < e && p[i + 1] == '=' ? i + 2 : i + 1;
	}
	if (k % 4 == 3)
		return i + 1 == e ? e : i + 1;
	return i;
}

/* ---- the argument grammars, one per command ---- */

static bool a_none(pc *p)
{
	(void)p;
	return true;
}

/* authenticate = "AUTHENTICATE" SP auth-type [SP initial-resp]
 * initial-resp = (base64 / "=") (RFC 4959, RFC 9051 9) */
static bool a_auth(pc *p)
{
	imap_cur *c = &p->c;
	if (!ic_sp(c) || !put(&p->args, kw_node(c, MP_IMAP_S_AUTH_MECH)))
		return false;
	if (!ic_more(c))
		return true;
	size_t s = c->i, e = s;
	while (e < c->n && c->p[e] != ' ')
		e++;
	bool eq = e - s == 1 && c->p[s] == '=';
	if (!eq) {
		size_t bad = b64_bad(c->p, s, e);
		if (bad != e) {
			c->i = bad;
			return ic_fail(c, MP_R_IMAP_CMD_AUTH_IR) != NULL;
		}
	}
	mp_imap_node *n = ic_new(c, MP_IMAP_ATOM, MP_IMAP_S_SASL_IR, s);
	if (!n)
		return false;
	n->s = MP_SLICE(c->p + s, e - s);
	c->i = e;
	return put(&p->args, n);
}

/* login = "LOGIN" SP userid SP password */
static bool a_login(pc *p)
{
	imap_cur *c = &p->c;
	return ic_sp(c) && put(&p->args, ic_astring(c, MP_IMAP_S_USERID)) &&
	       ic_sp(c) && put(&p->args, ic_astring(c, MP_IMAP_S_PASSWORD));
}

/* enable = "ENABLE" 1*(SP capability) */
static bool a_enable(pc *p)
{
	imap_cur *c = &p->c;
	if (!ic_sp(c))
		return false;
	do {
		if (!put(&p->args, kw_node(c, MP_IMAP_S_CAPABILITY)))
			return false;
	} while (ic_more(c));
	return true;
}

/* QRESYNC: "(" uidvalidity SP mod-sequence-value [SP known-uids
 * [SP seq-match-data]] ")"; seq-match-data = "(" known-sequence-set SP
 * known-uid-set ")" (RFC 7162 3.2.5, 7) */
static bool qresync(imap_cur *c, sink *s)
{
	sink q;
	if (ic_peek(c) != '(')
		return ic_fail(c, MP_R_IMAP_CMD_QRESYNC) != NULL;
	mp_imap_node *l = open_list(c, MP_IMAP_S_NONE, &q);
	if (!put(s, l))
		return false;
	if (!put(&q, num(c, MP_IMAP_S_NUMBER, true, false)) || !ic_sp(c) ||
	    !put(&q, num(c, MP_IMAP_S_MODSEQ, true, true)))
		return false;
	if (ic_more(c)) {
		if (ic_peek(c) != '(') {
			if (!put(&q, seq_set(c)))
				return false;
			if (!ic_more(c))
				return ic_close(c, l);
		}
		sink m;
		if (ic_peek(c) != '(')
			return ic_fail(c, MP_R_IMAP_CMD_QRESYNC) != NULL;
		mp_imap_node *ml = open_list(c, MP_IMAP_S_NONE, &m);
		if (!put(&q, ml) || !put(&m, seq_set(c)) || !ic_sp(c) ||
		    !put(&m, seq_set(c)) || !ic_close(c, ml))
			return false;
	}
	if (ic_peek(c) != ')')
		return ic_fail(c, MP_R_IMAP_CMD_QRESYNC) != NULL;
	return ic_close(c, l);
}

/* select-params = SP "(" select-param *(SP select-param) ")" (RFC 4466
 * 2.1); create-params and rename-params alike. kind: 's' select, 'c'
 * create, 'r' rename. */
static bool params(pc *p, int kind)
{
	imap_cur *c = &p->c;
	sink s;
	mp_imap_node *l = open_list(c, MP_IMAP_S_OPTION, &s);
	if (!put(&p->args, l))
		return false;
	if (ic_peek(c) == ')')
		return ic_fail(c, MP_R_IMAP_CMD_LIST_EMPTY) != NULL;
	do {
		mp_slice a = peek_atom(c);
		if (kind == 's' && mp_slice_is_ci(a, "CONDSTORE")) {
			if (!put(&s, kw_node(c, MP_IMAP_S_OPTION)))
				return false;
		} else if (kind == 's' && mp_slice_is_ci(a, "QRESYNC")) {
			if (!put(&s, kw_node(c, MP_IMAP_S_OPTION)) || !ic_sp(c) ||
			    !qresync(c, &s))
				return false;
		} else if (kind == 'c' && mp_slice_is_ci(a, "USE")) {
			/* RFC 6154 3: "USE" SP "(" [use-attr *(SP use-attr)] ")" */
			sink u;
			if (!put(&s, kw_node(c, MP_IMAP_S_OPTION)) || !ic_sp(c))
				return false;
			mp_imap_node *ul = open_list(c, MP_IMAP_S_LIST_ATTRS, &u);
			if (!put(&s, ul))
				return false;
			if (ic_peek(c) != ')') {
				do {
					if (!put(&u, ic_flag(c, false)))
						return false;
				} while (ic_more(c));
			}
			if (!ic_close(c, ul))
				return false;
		} else if (!generic_param(c, &s)) {
			return false;
		}
	} while (ic_more(c));
	return ic_close(c, l);
}

/* select = "SELECT" SP mailbox [select-params]; examine alike */
static bool a_select(pc *p)
{
	imap_cur *c = &p->c;
	if (!ic_sp(c) || !put(&p->args, ic_mailbox(c)))
		return false;
	if (ic_more(c))
		return params(p, 's');
	return true;
}

/* create = "CREATE" SP mailbox [create-params] */
static bool a_create(pc *p)
{
	imap_cur *c = &p->c;
	if (!ic_sp(c) || !put(&p->args, ic_mailbox(c)))
		return false;
	if (ic_more(c))
		return params(p, 'c');
	return true;
}

/* delete / subscribe / unsubscribe / getquotaroot = NAME SP mailbox */
static bool a_mailbox(pc *p)
{
	imap_cur *c = &p->c;
	return ic_sp(c) && put(&p->args, ic_mailbox(c));
}

/* rename = "RENAME" SP mailbox SP mailbox [rename-params] */
static bool a_rename(pc *p)
{
	imap_cur *c = &p->c;
	if (!ic_sp(c) || !put(&p->args, ic_mailbox(c)) || !ic_sp(c) ||
	    !put(&p->args, ic_mailbox(c)))
		return false;
	if (ic_more(c))
		return params(p, 'r');
	return true;
}

/* status-att = "MESSAGES" / "UIDNEXT" / "UIDVALIDITY" / "UNSEEN" /
 * "DELETED" / "SIZE" (RFC 9051 9); "RECENT" (RFC 3501); "HIGHESTMODSEQ"
 * (RFC 7162); "APPENDLIMIT" (RFC 7889); "MAILBOXID" (RFC 8474). */
static bool status_atts(imap_cur *c, sink *to)
{
	static const char *const atts[] = { "MESSAGES", "UIDNEXT", "UIDVALIDITY",
		"UNSEEN", "DELETED", "SIZE", "RECENT", "HIGHESTMODSEQ",
		"APPENDLIMIT", "MAILBOXID" };
	sink s;
	mp_imap_node *l = open_list(c, MP_IMAP_S_STATUS_ITEMS, &s);
	if (!put(to, l))
		return false;
	if (ic_peek(c) == ')')
		return ic_fail(c, MP_R_IMAP_CMD_LIST_EMPTY) != NULL;
	do {
		size_t at = c->i;
		mp_slice a = peek_atom(c);
		size_t k = 0;
		while (k < MP_ARRAY_LEN(atts) && !mp_slice_is_ci(a, atts[k]))
			k++;
		if (k == MP_ARRAY_LEN(atts))
			return ic_fail(c, MP_R_IMAP_CMD_STATUS_ATT) != NULL;
		if (!put(&s, kw_node(c, MP_IMAP_S_STATUS_ITEM)))
			return false;
		if (k == 6 && !rev1(c))
			ic_diag(c, at, MP_R_IMAP_CMD_REV2_RECENT);
	} while (ic_more(c));
	return ic_close(c, l);
}

/* status = "STATUS" SP mailbox SP "(" status-att *(SP status-att) ")" */
static bool a_status(pc *p)
{
	imap_cur *c = &p->c;
	return ic_sp(c) && put(&p->args, ic_mailbox(c)) && ic_sp(c) &&
	       status_atts(c, &p->args);
}

/* list = "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat
 *        [SP list-return-opts]   (RFC 9051 9, RFC 5258 6) */
static bool a_list(pc *p)
{
	imap_cur *c = &p->c;
	if (!ic_sp(c))
		return false;
	if (ic_peek(c) == '(') {
		/* list-select-opts = "(" [...] ")" */
		sink s;
		mp_imap_node *l = open_list(c, MP_IMAP_S_LIST_SELECT, &s);
		if (!put(&p->args, l))
			return false;
		size_t rm = 0;
		bool base = false, has_rm = false;
		if (ic_peek(c) != ')') {
			do {
				size_t at = c->i;
				mp_slice a = peek_atom(c);
				if (mp_slice_is_ci(a, "RECURSIVEMATCH")) {
					has_rm = true;
					rm = at;
				} else if (mp_slice_is_ci(a, "SUBSCRIBED") || mp_slice_is_ci(a, "SPECIAL-USE")) {
					base = true;
				} else if (!mp_slice_is_ci(a, "REMOTE")) {
					base = true; /* option-extension: may be a base option */
					if (!generic_param(c, &s))
						return false;
					continue;
				}
				if (!put(&s, kw_node(c, MP_IMAP_S_OPTION)))
					return false;
			} while (ic_more(c));
		}
		if (!ic_close(c, l))
			return false;
		if (has_rm && !base)
			ic_diag(c, rm, MP_R_IMAP_CMD_RECURSIVEMATCH);
		if (!ic_sp(c))
			return false;
	}
	if (!put(&p->args, ic_mailbox(c)) || !ic_sp(c))
		return false;
	if (ic_peek(c) == '(') {
		/* patterns = "(" list-mailbox *(SP list-mailbox) ")" */
		sink s;
		mp_imap_node *l = open_list(c, MP_IMAP_S_LIST_MAILBOX, &s);
		if (!put(&p->args, l))
			return false;
		if (ic_peek(c) == ')')
			return ic_fail(c, MP_R_IMAP_CMD_LIST_EMPTY) != NULL;
		do {
			if (!put(&s, ic_list_mailbox(c)))
				return false;
		} while (ic_more(c));
		if (!ic_close(c, l))
			return false;
	} else if (!put(&p->args, ic_list_mailbox(c))) {
		return false;
	}
	if (!ic_more(c))
		return true;
	/* list-return-opts = "RETURN" SP "(" [return-option *(SP return-option)] ")" */
	if (!mp_slice_is_ci(peek_atom(c), "RETURN"))
		return ic_fail(c, MP_R_IMAP_TRAILING) != NULL;
	if (!put(&p->args, kw_node(c, MP_IMAP_S_NONE)) || !ic_sp(c))
		return false;
	sink s;
	mp_imap_node *l = open_list(c, MP_IMAP_S_LIST_RETURN, &s);
	if (!put(&p->args, l))
		return false;
	if (ic_peek(c) != ')') {
		do {
			mp_slice a = peek_atom(c);
			if (mp_slice_is_ci(a, "STATUS")) {
				if (!put(&s, kw_node(c, MP_IMAP_S_OPTION)) || !ic_sp(c) ||
				    !status_atts(c, &s))
					return false;
			} else if (mp_slice_is_ci(a, "SUBSCRIBED") || mp_slice_is_ci(a, "CHILDREN") ||
				   mp_slice_is_ci(a, "SPECIAL-USE") || mp_slice_is_ci(a, "MYRIGHTS")) {
				if (!put(&s, kw_node(c, MP_IMAP_S_OPTION)))
					return false;
			} else if (!generic_param(c, &s)) {
				return false;
			}
		} while (ic_more(c));
	}
	return ic_close(c, l);
}

/* lsub = "LSUB" SP mailbox SP list-mailbox (RFC 3501 9) */
static bool a_lsub(pc *p)
{
	imap_cur *c = &p->c;
	if (!rev1(c))
		ic_diag(c, p->kw_pos, MP_R_IMAP_CMD_REV2_LSUB);
	return ic_sp(c) && put(&p->args, ic_mailbox(c)) && ic_sp(c) &&
	       put(&p->args, ic_list_mailbox(c));
}

/* append = "APPEND" SP mailbox 1*append-message
 * append-message = append-opts SP append-data
 * append-opts = [SP flag-list] [SP date-time] *(SP append-ext)
 * append-data = literal / literal8 / append-data-ext
 *   (RFC 9051 9, RFC 3502, RFC 4466 2.1, RFC 6855 4: "UTF8" SP "("
 *   literal8 ")", RFC 4469: "CATENATE" SP "(" cat-part ... ")") */
static bool a_append(pc *p)
{
	imap_cur *c = &p->c;
	if (!ic_sp(c) || !put(&p->args, ic_mailbox(c)))
		return false;
	if (!ic_sp(c))
		return false;
	for (;;) {
		if (ic_peek(c) == '(') {
			if (!put(&p->args, ic_flag_list(c, false)) || !ic_sp(c))
				return false;
		}
		if (ic_peek(c) == '"') {
			if (!put(&p->args, ic_date_time(c)) || !ic_sp(c))
				return false;
		}
		int ch = ic_peek(c);
		if (ch == '{' || ch == '~') {
			if (!put(&p->args, ic_literal(c, MP_IMAP_S_MESSAGE, true)))
				return false;
		} else {
			size_t at = c->i;
			mp_slice a = peek_atom(c);
			if (a.n == 0)
				return ic_fail(c, MP_R_IMAP_CMD_APPEND_DATA) != NULL;
			if (mp_slice_is_ci(a, "UTF8")) {
				sink s;
				if (!put(&p->args, kw_node(c, MP_IMAP_S_OPTION)) || !ic_sp(c))
					return false;
				if (ic_peek(c) != '(')
					return ic_fail(c, MP_R_IMAP_CMD_APPEND_UTF8) != NULL;
				mp_imap_node *l = open_list(c, MP_IMAP_S_NONE, &s);
				if (!put(&p->args, l))
					return false;
				size_t ls = c->i;
				ch = ic_peek(c);
				if (ch != '{' && ch != '~')
					return ic_fail(c, MP_R_IMAP_CMD_APPEND_UTF8) != NULL;
				mp_imap_node *m = ic_literal(c, MP_IMAP_S_MESSAGE, true);
				if (!put(&s, m) || !ic_close(c, l))
					return false;
				if (m->form != MP_IMAP_LITERAL8 && m->form != MP_IMAP_LITERAL8_PLUS)
					ic_soft(c, ls, MP_R_IMAP_CMD_APPEND_UTF8);
			} else if (mp_slice_is_ci(a, "CATENATE")) {
				if (!put(&p->args, kw_node(c, MP_IMAP_S_OPTION)) || !ic_sp(c))
					return false;
				if (ic_peek(c) != '(')
					return ic_fail(c, MP_R_IMAP_LIST_OPEN) != NULL;
				if (!put(&p->args, ic_value(c, MP_IMAP_S_NONE)))
					return false;
			} else {
				/* append-ext = append-ext-name SP append-ext-value:
				 * an extension before the data */
				if (!put(&p->args, kw_node(c, MP_IMAP_S_EXTENSION)))
					return false;
				ic_diag(c, at, MP_R_IMAP_CMD_MODIFIER_UNKNOWN);
				if (!ic_sp(c) || !put(&p->args, ic_value(c, MP_IMAP_S_NONE)) ||
				    !ic_sp(c))
					return false;
				continue;
			}
		}
		/* MULTIAPPEND: another message follows after SP */
		if (!ic_more(c))
			return true;
	}
}

/* ---- SEARCH ---- */

enum skind {
	K_NONE,    /* the key alone */
	K_ASTRING, /* SP astring */
	K_DATE,    /* SP date */
	K_FLAG,    /* SP flag-keyword */
	K_HEADER,  /* SP header-fld-name SP astring */
	K_NUM64,   /* SP number64 */
	K_NZ,      /* SP nz-number (RFC 5032) */
	K_SEQ,     /* SP sequence-set */
	K_NOT,     /* SP search-key */
	K_OR,      /* SP search-key SP search-key */
	K_MODSEQ,  /* [SP entry-name SP entry-type-req] SP mod-sequence-valzer */
	K_ATOM,    /* SP atom (objectid, RFC 8474) */
};

static const struct skey {
	const char *name;
	unsigned char kind;
	bool recent; /* \Recent: deprecated in IMAP4rev2 */
} skeys[] = {
	{ "ALL", K_NONE, false },        { "ANSWERED", K_NONE, false },
	{ "BCC", K_ASTRING, false },     { "BEFORE", K_DATE, false },
	{ "BODY", K_ASTRING, false },    { "CC", K_ASTRING, false },
	{ "DELETED", K_NONE, false },    { "DRAFT", K_NONE, false },
	{ "FLAGGED", K_NONE, false },    { "FROM", K_ASTRING, false },
	{ "HEADER", K_HEADER, false },   { "KEYWORD", K_FLAG, false },
	{ "LARGER", K_NUM64, false },    { "NEW", K_NONE, true },
	{ "NOT", K_NOT, false },         { "OLD", K_NONE, true },
	{ "ON", K_DATE, false },         { "OR", K_OR, false },
	{ "RECENT", K_NONE, true },      { "SEEN", K_NONE, false },
	{ "SENTBEFORE", K_DATE, false }, { "SENTON", K_DATE, false },
	{ "SENTSINCE", K_DATE, false },  { "SINCE", K_DATE, false },
	{ "SMALLER", K_NUM64, false },   { "SUBJECT", K_ASTRING, false },
	{ "TEXT", K_ASTRING, false },    { "TO", K_ASTRING, false },
	{ "UID", K_SEQ, false },         { "UNANSWERED", K_NONE, false },
	{ "UNDELETED", K_NONE, false },  { "UNDRAFT", K_NONE, false },
	{ "UNFLAGGED", K_NONE, false },  { "UNKEYWORD", K_FLAG, false },
	{ "UNSEEN", K_NONE, false },     { "MODSEQ", K_MODSEQ, false },
	{ "YOUNGER", K_NZ, false },      { "OLDER", K_NZ, false },
	{ "EMAILID", K_ATOM, false },    { "THREADID", K_ATOM, false },
};

static bool search_key(imap_cur *c, sink *s);

/* search-modsequence = "MODSEQ" [search-modseq-ext] SP
 * mod-sequence-valzer; search-modseq-ext = SP entry-name SP
 * entry-type-req; entry-name = DQUOTE "/flags/" attr-flag DQUOTE
 * (RFC 7162 7) */
static bool modseq_key(imap_cur *c, sink *s)
{
	if (ic_peek(c) == '"') {
		size_t at = c->i;
		mp_imap_node *e = ic_quoted(c, MP_IMAP_S_STRING);
		if (!put(s, e))
			return false;
		if (e->s.n <= 7 || !mp_slice_eq_ascii_ci(mp_slice_sub(e->s, 0, 7), MP_LIT("/flags/"))) {
			c->i = at;
			return ic_fail(c, MP_R_IMAP_CMD_SEARCH_MODSEQ) != NULL;
		}
		if (!ic_sp(c))
			return false;
		mp_slice t = peek_atom(c);
		if (!mp_slice_is_ci(t, "priv") && !mp_slice_is_ci(t, "shared") && !mp_slice_is_ci(t, "all"))
			return ic_fail(c, MP_R_IMAP_CMD_SEARCH_MODSEQ) != NULL;
		if (!put(s, kw_node(c, MP_IMAP_S_NONE)) || !ic_sp(c))
			return false;
	}
	return put(s, num(c, MP_IMAP_S_MODSEQ, false, true));
}

/* search-key (RFC 9051 9 and the extensions above). Keys nest through
 * NOT, OR and parens: the depth counts against max_depth. */
static bool search_key(imap_cur *c, sink *s)
{
	int ch = ic_peek(c);
	if (ch == '(') {
		sink g;
		mp_imap_node *l = open_list(c, MP_IMAP_S_SEARCH_PROGRAM, &g);
		if (!put(s, l))
			return false;
		if (ic_peek(c) == ')')
			return ic_fail(c, MP_R_IMAP_CMD_LIST_EMPTY) != NULL;
		do {
			if (!search_key(c, &g))
				return false;
		} while (ic_more(c));
		return ic_close(c, l);
	}
	if (ch == '*' || ch == '$' || mp_is_digit(ch))
		return put(s, seq_set(c));
	size_t at = c->i;
	mp_slice a = peek_atom(c);
	const struct skey *k = NULL;
	uint8_t f0 = a.n ? a.p[0] | 0x20 : 0; /* the first letter, folded: most rows end there */
	for (size_t j = 0; j < MP_ARRAY_LEN(skeys) && !k; j++)
		if (((uint8_t)skeys[j].name[0] | 0x20) == f0 && mp_slice_is_ci(a, skeys[j].name))
			k = &skeys[j];
	if (!k)
		return ic_fail(c, a.n ? MP_R_IMAP_CMD_SEARCH_KEY : MP_R_IMAP_ATOM) != NULL;
	if (!put(s, kw_node(c, MP_IMAP_S_SEARCH_KEY)))
		return false;
	if (k->recent && !rev1(c))
		ic_diag(c, at, MP_R_IMAP_CMD_REV2_RECENT);
	if (k->kind == K_NONE)
		return true;
	if (!ic_sp(c))
		return false;
	switch (k->kind) {
	case K_ASTRING:
		return put(s, ic_astring(c, MP_IMAP_S_STRING));
	case K_DATE:
		return put(s, ic_date(c));
	case K_FLAG:
		return put(s, kw_node(c, MP_IMAP_S_FLAG));
	case K_HEADER:
		return put(s, ic_astring(c, MP_IMAP_S_STRING)) && ic_sp(c) &&
		       put(s, ic_astring(c, MP_IMAP_S_STRING));
	case K_NUM64:
		return put(s, num(c, MP_IMAP_S_NUMBER, false, true));
	case K_NZ:
		return put(s, num(c, MP_IMAP_S_NUMBER, true, false));
	case K_SEQ:
		return put(s, seq_set(c));
	case K_ATOM:
		return put(s, kw_node(c, MP_IMAP_S_STRING));
	case K_MODSEQ:
		return modseq_key(c, s);
	case K_NOT:
	case K_OR: {
		if (c->depth >= c->max_depth)
			return ic_fail(c, MP_R_IMAP_DEPTH) != NULL;
		c->depth++;
		bool ok = search_key(c, s);
		if (ok && k->kind == K_OR)
			ok = ic_sp(c) && search_key(c, s);
		c->depth--;
		return ok;
	}
	default:
		return false;
	}
}

/* search = "SEARCH" [search-return-opts] SP search-program
 * search-return-opts = SP "RETURN" SP "(" [search-return-opt
 *   *(SP search-return-opt)] ")"
 * search-program = ["CHARSET" SP charset SP] search-key *(SP search-key) */
static bool a_search(pc *p)
{
	imap_cur *c = &p->c;
	if (!ic_sp(c))
		return false;
	if (mp_slice_is_ci(peek_atom(c), "RETURN")) {
		sink s;
		if (!put(&p->args, kw_node(c, MP_IMAP_S_NONE)) || !ic_sp(c))
			return false;
		mp_imap_node *l = open_list(c, MP_IMAP_S_OPTION, &s);
		if (!put(&p->args, l))
			return false;
		if (ic_peek(c) != ')') {
			do {
				mp_slice a = peek_atom(c);
				if (mp_slice_is_ci(a, "MIN") || mp_slice_is_ci(a, "MAX") || mp_slice_is_ci(a, "ALL") ||
				    mp_slice_is_ci(a, "COUNT") || mp_slice_is_ci(a, "SAVE")) {
					if (!put(&s, kw_node(c, MP_IMAP_S_OPTION)))
						return false;
				} else if (!generic_param(c, &s)) {
					return false;
				}
			} while (ic_more(c));
		}
		if (!ic_close(c, l) || !ic_sp(c))
			return false;
	}
	if (mp_slice_is_ci(peek_atom(c), "CHARSET")) {
		/* charset = atom / quoted */
		if (!put(&p->args, kw_node(c, MP_IMAP_S_NONE)) || !ic_sp(c))
			return false;
		mp_imap_node *cs = ic_peek(c) == '"' ? ic_quoted(c, MP_IMAP_S_CHARSET)
						     : kw_node(c, MP_IMAP_S_CHARSET);
		if (!put(&p->args, cs) || !ic_sp(c))
			return false;
	}
	do {
		if (!search_key(c, &p->args))
			return false;
	} while (ic_more(c));
	return true;
}

/* ---- FETCH ---- */

/* The name of a fetch item: letters, digits, ".", "-", "_". */
static mp_slice item_name(const imap_cur *c)
{
	size_t i = c->i;
	while (i < c->n && (mp_is_alpha(c->p[i]) || mp_is_digit(c->p[i]) ||
			    c->p[i] == '.' || c->p[i] == '-' || c->p[i] == '_'))
		i++;
	return MP_SLICE(c->p + c->i, c->stop ? 0 : i - c->i);
}

static bool item_end(const imap_cur *c)
{
	int ch = ic_peek(c);
	return ch < 0 || ch == ' ' || ch == ')';
}

/* fetch-att (RFC 9051 9; RFC 3501 9 RFC822*; RFC 7162 MODSEQ; RFC 8474
 * EMAILID THREADID; RFC 8514 SAVEDATE; RFC 3516 BINARY*). */
static mp_imap_node *fetch_att(imap_cur *c, bool top)
{
	static const char *const simple[] = { "ENVELOPE", "FLAGS", "INTERNALDATE",
		"RFC822.SIZE", "BODYSTRUCTURE", "UID", "MODSEQ", "EMAILID",
		"THREADID", "SAVEDATE", "RFC822", "RFC822.HEADER", "RFC822.TEXT",
		"BODY" };
	size_t at = c->i;
	mp_slice a = item_name(c);
	if (a.n == 0)
		return ic_fail(c, MP_R_IMAP_CMD_FETCH_ATT);
	bool macro = mp_slice_is_ci(a, "ALL") || mp_slice_is_ci(a, "FAST") || mp_slice_is_ci(a, "FULL");
	if (macro) {
		if (!top)
			ic_soft(c, at, MP_R_IMAP_CMD_FETCH_MACRO);
		c->i += a.n;
		mp_imap_node *n = ic_new(c, MP_IMAP_ATOM, top ? MP_IMAP_S_FETCH_ITEMS
							   : MP_IMAP_S_FETCH_ITEM, at);
		if (n)
			n->s = a;
		if (!item_end(c))
			return ic_fail(c, MP_R_IMAP_CMD_FETCH_ATT);
		return n;
	}
	bool sec = at + a.n < c->n && c->p[at + a.n] == '[';
	bool body = mp_slice_is_ci(a, "BODY") || mp_slice_is_ci(a, "BODY.PEEK");
	bool bin = mp_slice_is_ci(a, "BINARY") || mp_slice_is_ci(a, "BINARY.PEEK");
	bool binsize = mp_slice_is_ci(a, "BINARY.SIZE");
	if ((body && sec) || bin || binsize) {
		mp_imap_node *n = ic_new(c, MP_IMAP_ITEM, MP_IMAP_S_FETCH_ITEM, at);
		if (!n)
			return NULL;
		n->s = a;
		c->i += a.n;
		size_t ss = c->i;
		mp_imap_node *sn = ic_section(c);
		if (!sn)
			return NULL;
		n->kid = sn;
		n->nkids = 1;
		if ((bin || binsize) && sn->kid) {
			mp_slice sp = sn->kid->s;
			for (size_t i = 0; i < sp.n; i++)
				if (!mp_is_digit(sp.p[i]) && sp.p[i] != '.') {
					c->i = ss + 1 + i;
					return ic_fail(c, MP_R_IMAP_CMD_BINARY_SECTION);
				}
		}
		if (!binsize && ic_peek(c) == '<') {
			mp_imap_node *pn = ic_partial(c, true);
			if (!pn)
				return NULL;
			sn->next = pn;
			n->nkids = 2;
		}
		if (!item_end(c))
			return ic_fail(c, MP_R_IMAP_CMD_FETCH_ATT);
		return n;
	}
	size_t k = 0;
	while (k < MP_ARRAY_LEN(simple) && !mp_slice_is_ci(a, simple[k]))
		k++;
	if (k == MP_ARRAY_LEN(simple)) {
		/* an unknown item (X-GM-LABELS, ...): lenient keeps it */
		if (!ic_lenient(c))
			return ic_fail(c, MP_R_IMAP_CMD_FETCH_ATT);
		ic_soft(c, at, MP_R_IMAP_CMD_FETCH_ATT);
	} else if (k >= 10 && k <= 12 && !rev1(c)) {
		ic_diag(c, at, MP_R_IMAP_CMD_REV2_RFC822);
	}
	c->i += a.n;
	mp_imap_node *n = ic_new(c, MP_IMAP_ATOM, MP_IMAP_S_FETCH_ITEM, at);
	if (n)
		n->s = a;
	if (!item_end(c))
		return ic_fail(c, MP_R_IMAP_CMD_FETCH_ATT);
	return n;
}

/* fetch-modifiers = SP "(" fetch-modifier *(SP fetch-modifier) ")"
 * fetch-modifier = "CHANGEDSINCE" SP mod-sequence-value / "VANISHED"
 *   (RFC 4466 2.4, RFC 7162 3.1.4.1, 3.2.6) */
static bool fetch_mods(pc *p)
{
	imap_cur *c = &p->c;
	sink s;
	mp_imap_node *l = open_list(c, MP_IMAP_S_MODIFIER, &s);
	if (!put(&p->args, l))
		return false;
	if (ic_peek(c) == ')')
		return ic_fail(c, MP_R_IMAP_CMD_LIST_EMPTY) != NULL;
	bool since = false;
	size_t van = 0;
	bool has_van = false;
	do {
		size_t at = c->i;
		mp_slice a = peek_atom(c);
		if (mp_slice_is_ci(a, "CHANGEDSINCE")) {
			since = true;
			if (!put(&s, kw_node(c, MP_IMAP_S_OPTION)) || !ic_sp(c) ||
			    !put(&s, num(c, MP_IMAP_S_MODSEQ, true, true)))
				return false;
		} else if (mp_slice_is_ci(a, "VANISHED")) {
			has_van = true;
			van = at;
			if (!put(&s, kw_node(c, MP_IMAP_S_OPTION)))
				return false;
		} else if (!generic_param(c, &s)) {
			return false;
		}
	} while (ic_more(c));
	if (!ic_close(c, l))
		return false;
	if (has_van && (!since || !p->cmd->uid))
		ic_diag(c, van, MP_R_IMAP_CMD_VANISHED);
	return true;
}

/* fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" /
 *         fetch-att / "(" fetch-att *(SP fetch-att) ")") [fetch-modifiers] */
static bool a_fetch(pc *p)
{
	imap_cur *c = &p->c;
	if (!ic_sp(c) || !put(&p->args, seq_set(c)) || !ic_sp(c))
		return false;
	if (ic_peek(c) == '(') {
		sink s;
		mp_imap_node *l = open_list(c, MP_IMAP_S_FETCH_ITEMS, &s);
		if (!put(&p->args, l))
			return false;
		if (ic_peek(c) == ')')
			return ic_fail(c, MP_R_IMAP_CMD_LIST_EMPTY) != NULL;
		do {
			if (!put(&s, fetch_att(c, false)))
				return false;
		} while (ic_more(c));
		if (!ic_close(c, l))
			return false;
	} else {
		size_t at = c->i;
		mp_imap_node *one = fetch_att(c, true);
		if (!one)
			return false;
		int nx = after_sp(c);
		if (nx >= 0 && nx != '(' && one->sem == MP_IMAP_S_FETCH_ITEM) {
			/* items without parens: lenient reads them as a list */
			ic_soft(c, at, MP_R_IMAP_CMD_FETCH_PARENS);
			if (!ic_lenient(c)) {
				c->i++;
				return ic_fail(c, MP_R_IMAP_CMD_FETCH_PARENS) != NULL;
			}
			mp_imap_node *l = ic_new(c, MP_IMAP_LIST, MP_IMAP_S_FETCH_ITEMS, at);
			if (!put(&p->args, l))
				return false;
			sink s = sink_of(l);
			put(&s, one);
			while (after_sp(c) >= 0 && after_sp(c) != '(') {
				if (!ic_sp(c) || !put(&s, fetch_att(c, false)))
					return !c->stop;
			}
		} else if (!put(&p->args, one)) {
			return false;
		}
	}
	if (ic_more(c))
		return fetch_mods(p);
	return true;
}

/* ---- STORE, COPY, MOVE, EXPUNGE ---- */

/* store = "STORE" SP sequence-set [store-modifiers] SP store-att-flags
 * store-modifiers = SP "(" store-modifier *(SP store-modifier) ")"
 * store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP
 *                   (flag-list / (flag *(SP flag)))   (RFC 9051, 7162) */
static bool a_store(pc *p)
{
	imap_cur *c = &p->c;
	if (!ic_sp(c) || !put(&p->args, seq_set(c)) || !ic_sp(c))
		return false;
	if (ic_peek(c) == '(') {
		sink s;
		mp_imap_node *l = open_list(c, MP_IMAP_S_MODIFIER, &s);
		if (!put(&p->args, l))
			return false;
		if (ic_peek(c) == ')')
			return ic_fail(c, MP_R_IMAP_CMD_LIST_EMPTY) != NULL;
		do {
			if (mp_slice_is_ci(peek_atom(c), "UNCHANGEDSINCE")) {
				if (!put(&s, kw_node(c, MP_IMAP_S_OPTION)) || !ic_sp(c) ||
				    !put(&s, num(c, MP_IMAP_S_MODSEQ, false, true)))
					return false;
			} else if (!generic_param(c, &s)) {
				return false;
			}
		} while (ic_more(c));
		if (!ic_close(c, l) || !ic_sp(c))
			return false;
	}
	mp_slice a = peek_atom(c);
	mp_slice b = a;
	if (b.n && (b.p[0] == '+' || b.p[0] == '-'))
		b = mp_slice_sub(b, 1, b.n - 1);
	if (!mp_slice_is_ci(b, "FLAGS") && !mp_slice_is_ci(b, "FLAGS.SILENT"))
		return ic_fail(c, MP_R_IMAP_CMD_STORE_ACTION) != NULL;
	if (!put(&p->args, kw_node(c, MP_IMAP_S_STORE_ACTION)) || !ic_sp(c))
		return false;
	if (ic_peek(c) == '(')
		return put(&p->args, ic_flag_list(c, false));
	do {
		if (!put(&p->args, ic_flag(c, false)))
			return false;
	} while (ic_more(c));
	return true;
}

/* copy = "COPY" SP sequence-set SP mailbox; move alike */
static bool a_copy(pc *p)
{
	imap_cur *c = &p->c;
	return ic_sp(c) && put(&p->args, seq_set(c)) && ic_sp(c) &&
	       put(&p->args, ic_mailbox(c));
}

/* "EXPUNGE" / uid-expunge = "UID" SP "EXPUNGE" SP sequence-set */
static bool a_expunge(pc *p)
{
	imap_cur *c = &p->c;
	if (!p->cmd->uid)
		return true;
	return ic_sp(c) && put(&p->args, seq_set(c));
}

static bool a_check(pc *p)
{
	if (!rev1(&p->c))
		ic_diag(&p->c, p->kw_pos, MP_R_IMAP_CMD_REV2_CHECK);
	return true;
}

/* ---- ID, QUOTA ---- */

/* The octets a string stands for (escapes counted once). */
static size_t str_len(const mp_imap_node *n)
{
	if (n->type != MP_IMAP_STRING)
		return 0;
	if (n->form != MP_IMAP_QUOTED)
		return n->streamed ? (size_t)n->num : n->s.n;
	size_t k = 0;
	for (size_t i = 0; i < n->s.n; i++, k++)
		if (n->s.p[i] == '\\' && i + 1 < n->s.n)
			i++;
	return k;
}

/* id = "ID" SP id-params-list
 * id-params-list = "(" *(string SP nstring) ")" / nil (RFC 2971 4) */
static bool a_id(pc *p)
{
	imap_cur *c = &p->c;
	if (!ic_sp(c))
		return false;
	if (ic_peek(c) != '(') {
		mp_imap_node *n = ic_nil(c);
		if (n)
			n->sem = MP_IMAP_S_ID_PARAMS;
		return put(&p->args, n);
	}
	sink s;
	mp_imap_node *l = open_list(c, MP_IMAP_S_ID_PARAMS, &s);
	if (!put(&p->args, l))
		return false;
	size_t pairs = 0;
	if (ic_peek(c) != ')') {
		do {
			size_t at = c->i;
			mp_imap_node *f = ic_string(c, MP_IMAP_S_STRING);
			if (!put(&s, f))
				return false;
			if (++pairs == 31)
				ic_diag(c, at, MP_R_IMAP_CMD_ID_PAIRS);
			if (str_len(f) > 30)
				ic_diag(c, at, MP_R_IMAP_CMD_ID_FIELD_LEN);
			for (const mp_imap_node *o = l->kid; o && o != f; o = o->next ? o->next->next : NULL)
				if (!o->streamed && !f->streamed && mp_slice_eq_ascii_ci(o->s, f->s)) {
					ic_diag(c, at, MP_R_IMAP_CMD_ID_FIELD_DUP);
					break;
				}
			if (!ic_sp(c))
				return false;
			size_t vat = c->i;
			mp_imap_node *v = ic_nstring(c, MP_IMAP_S_STRING);
			if (!put(&s, v))
				return false;
			if (str_len(v) > 1024)
				ic_diag(c, vat, MP_R_IMAP_CMD_ID_VALUE_LEN);
		} while (ic_more(c));
	}
	return ic_close(c, l);
}

/* getquota = "GETQUOTA" SP quota-root-name (RFC 9208 4) */
static bool a_getquota(pc *p)
{
	imap_cur *c = &p->c;
	return ic_sp(c) && put(&p->args, ic_astring(c, MP_IMAP_S_QUOTA_ROOT));
}

/* setquota = "SETQUOTA" SP quota-root-name SP setquota-list
 * setquota-list = "(" [setquota-resource *(SP setquota-resource)] ")"
 * setquota-resource = resource-name SP resource-limit (RFC 9208 4) */
static bool a_setquota(pc *p)
{
	imap_cur *c = &p->c;
	if (!ic_sp(c) || !put(&p->args, ic_astring(c, MP_IMAP_S_QUOTA_ROOT)) ||
	    !ic_sp(c))
		return false;
	sink s;
	mp_imap_node *l = open_list(c, MP_IMAP_S_NONE, &s);
	if (!put(&p->args, l))
		return false;
	if (ic_peek(c) != ')') {
		do {
			if (!put(&s, kw_node(c, MP_IMAP_S_QUOTA_RESOURCE)) || !ic_sp(c) ||
			    !put(&s, num(c, MP_IMAP_S_NUMBER, false, true)))
				return false;
		} while (ic_more(c));
	}
	return ic_close(c, l);
}

/* Extension commands: the arguments as generic values. */
static bool a_generic(pc *p)
{
	imap_cur *c = &p->c;
	while (ic_more(c))
		if (!put(&p->args, ic_value(c, MP_IMAP_S_NONE)))
			return false;
	return true;
}

/* ---- the command table (STYLE 4) ---- */

#define F_UID 1u /* may follow UID */

static const struct cmd_row {
	const char *name;
	mp_imap_cmd_name cmd;
	bool (*args)(pc *p);
	unsigned flags;
} cmds[] = {
	{ "CAPABILITY", MP_IMAP_CMD_CAPABILITY, a_none, 0 },
	{ "NOOP", MP_IMAP_CMD_NOOP, a_none, 0 },
	{ "LOGOUT", MP_IMAP_CMD_LOGOUT, a_none, 0 },
	{ "STARTTLS", MP_IMAP_CMD_STARTTLS, a_none, 0 },
	{ "AUTHENTICATE", MP_IMAP_CMD_AUTHENTICATE, a_auth, 0 },
	{ "LOGIN", MP_IMAP_CMD_LOGIN, a_login, 0 },
	{ "ENABLE", MP_IMAP_CMD_ENABLE, a_enable, 0 },
	{ "SELECT", MP_IMAP_CMD_SELECT, a_select, 0 },
	{ "EXAMINE", MP_IMAP_CMD_EXAMINE, a_select, 0 },
	{ "CREATE", MP_IMAP_CMD_CREATE, a_create, 0 },
	{ "DELETE", MP_IMAP_CMD_DELETE, a_mailbox, 0 },
	{ "RENAME", MP_IMAP_CMD_RENAME, a_rename, 0 },
	{ "SUBSCRIBE", MP_IMAP_CMD_SUBSCRIBE, a_mailbox, 0 },
	{ "UNSUBSCRIBE", MP_IMAP_CMD_UNSUBSCRIBE, a_mailbox, 0 },
	{ "LIST", MP_IMAP_CMD_LIST, a_list, 0 },
	{ "LSUB", MP_IMAP_CMD_LSUB, a_lsub, 0 },
	{ "NAMESPACE", MP_IMAP_CMD_NAMESPACE, a_none, 0 },
	{ "STATUS", MP_IMAP_CMD_STATUS, a_status, 0 },
	{ "APPEND", MP_IMAP_CMD_APPEND, a_append, 0 },
	{ "IDLE", MP_IMAP_CMD_IDLE, a_none, 0 },
	{ "CHECK", MP_IMAP_CMD_CHECK, a_check, 0 },
	{ "CLOSE", MP_IMAP_CMD_CLOSE, a_none, 0 },
	{ "UNSELECT", MP_IMAP_CMD_UNSELECT, a_none, 0 },
	{ "EXPUNGE", MP_IMAP_CMD_EXPUNGE, a_expunge, F_UID },
	{ "SEARCH", MP_IMAP_CMD_SEARCH, a_search, F_UID },
	{ "FETCH", MP_IMAP_CMD_FETCH, a_fetch, F_UID },
	{ "STORE", MP_IMAP_CMD_STORE, a_store, F_UID },
	{ "COPY", MP_IMAP_CMD_COPY, a_copy, F_UID },
	{ "MOVE", MP_IMAP_CMD_MOVE, a_copy, F_UID },
	{ "ID", MP_IMAP_CMD_ID, a_id, 0 },
	{ "GETQUOTA", MP_IMAP_CMD_GETQUOTA, a_getquota, 0 },
	{ "GETQUOTAROOT", MP_IMAP_CMD_GETQUOTAROOT, a_mailbox, 0 },
	{ "SETQUOTA", MP_IMAP_CMD_SETQUOTA, a_setquota, 0 },
};

static const struct cmd_row *cmd_row(mp_slice kw)
{
	uint8_t f0 = kw.n ? kw.p[0] | 0x20 : 0; /* as in search_key */
	for (size_t i = 0; i < MP_ARRAY_LEN(cmds); i++)
		if (((uint8_t)cmds[i].name[0] | 0x20) == f0 && mp_slice_is_ci(kw, cmds[i].name))
			return &cmds[i];
	return NULL;
}

/* ---- lines of the IDLE and SASL states ---- */

static bool sasl_line(pc *p)
{
	imap_cur *c = &p->c;
	p->cmd->name = MP_IMAP_CMD_SASL;
	if (ic_end(c))
		return true; /* an empty response */
	size_t s = c->i;
	if (!(c->n - s == 1 && c->p[s] == '*')) {
		size_t bad = b64_bad(c->p, s, c->n);
		if (bad != c->n) {
			c->i = bad;
			return ic_fail(c, MP_R_IMAP_CMD_SASL_BASE64) != NULL;
		}
	}
	mp_imap_node *n = ic_new(c, MP_IMAP_ATOM, MP_IMAP_S_SASL_IR, s);
	if (!n)
		return false;
	n->s = MP_SLICE(c->p + s, c->n - s);
	c->i = c->n;
	return put(&p->args, n);
}

/* "DONE" alone on its line (RFC 2177 3, RFC 9051 6.3.13). */
static bool done_line(imap_cur *c)
{
	size_t s = c->i;
	if (ic_keyword(c, "DONE", NULL) && ic_end(c))
		return true;
	c->i = s;
	return false;
}

/* ---- the entry points ---- */

/* A NUMBER node stands for its value (num): the printer writes it in
 * decimal, so "007" and "7" are one number and the digits as sent are
 * not kept in s (which would make parse(print(x)) differ from x). */
static void numbers_by_value(mp_imap_node *n)
{
	for (; n; n = n->next) {
		if (n->type == MP_IMAP_NUMBER)
			n->s.n = 0;
		numbers_by_value(n->kid);
	}
}

static mp_rc finish(pc *p)
{
	mp_imap_cmd *cmd = p->cmd;
	cmd->nargs = p->args.n;
	numbers_by_value(cmd->args);
	imap_cur *c = &p->c;
	if (c->full)
		return MP_NOSPACE;
	if (!c->stop)
		ic_done(c);
	if (p->c.u->too_long || p->c.u->eof_cut)
		c->bad = true; /* the reader said so */
	return c->bad ? MP_INVALID : MP_OK;
}

mp_rc mp_imap_cmd_parse(const mp_imap_unit *u, mp_imap_cstate cs,
			const mp_imap_opts *o, mp_arena *a, mp_imap_cmd *cmd_r,
			mp_diags *d)
{
	pc p;
	memset(cmd_r, 0, sizeof *cmd_r);
	memset(&p, 0, sizeof p);
	ic_init(&p.c, u, o, a, d);
	imap_cur *c = &p.c;
	p.cmd = cmd_r;
	p.args = (sink){ &cmd_r->args, NULL, 0, NULL };
	cmd_r->off = u->off;
	cmd_r->name = MP_IMAP_CMD_UNKNOWN;

	if (cs == MP_IMAP_CS_IDLE) {
		if (done_line(c)) {
			cmd_r->name = MP_IMAP_CMD_DONE;
			cmd_r->keyword = MP_SLICE(c->p, 4);
			return finish(&p);
		}
		ic_diag(c, 0, MP_R_IMAP_CMD_IN_IDLE);
	} else if (cs == MP_IMAP_CS_SASL && !memchr(c->p, ' ', c->n)) {
		sasl_line(&p);
		return finish(&p);
	}
	if (ic_end(c)) {
		ic_fail(c, MP_R_IMAP_EMPTY_LINE);
		return finish(&p);
	}
	if (cs != MP_IMAP_CS_IDLE && done_line(c)) {
		ic_diag(c, 0, MP_R_IMAP_CMD_DONE_OUTSIDE);
		cmd_r->name = MP_IMAP_CMD_DONE;
		cmd_r->keyword = MP_SLICE(c->p, 4);
		return finish(&p);
	}
	/* command = tag SP (command-any / command-auth / command-nonauth /
	 *           command-select) CRLF */
	mp_imap_node *tag = ic_tag(c);
	if (!tag)
		return finish(&p);
	cmd_r->tag = tag->s;
	if (!ic_sp(c)) {
		if (!c->stop) /* lenient: "tag SP" and the line end */
			ic_fail(c, MP_R_IMAP_CMD_KEYWORD);
		return finish(&p);
	}
	p.kw_pos = c->i;
	mp_slice kw = peek_atom(c);
	if (kw.n == 0) {
		ic_fail(c, MP_R_IMAP_CMD_KEYWORD);
		return finish(&p);
	}
	c->i += kw.n;
	cmd_r->keyword = kw;
	const struct cmd_row *row = cmd_row(kw);
	if (mp_slice_is_ci(kw, "UID")) {
		/* uid = "UID" SP (copy / move / fetch / search / store /
		 *       uid-expunge) */
		cmd_r->uid = true;
		if (!ic_sp(c)) {
			if (!c->stop)
				ic_fail(c, MP_R_IMAP_CMD_UID);
			return finish(&p);
		}
		p.kw_pos = c->i;
		kw = peek_atom(c);
		if (kw.n == 0) {
			ic_fail(c, MP_R_IMAP_CMD_UID);
			return finish(&p);
		}
		cmd_r->keyword = kw;
		row = cmd_row(kw);
		if (row && !(row->flags & F_UID)) {
			ic_fail(c, MP_R_IMAP_CMD_UID);
			return finish(&p);
		}
		c->i += kw.n;
	}
	if (!row) {
		/* an extension command (SORT, THREAD, GETMETADATA, ...) */
		ic_diag(c, p.kw_pos, MP_R_IMAP_CMD_UNKNOWN);
		a_generic(&p);
		return finish(&p);
	}
	cmd_r->name = row->cmd;
	if (!row->args(&p) && !c->stop) {
		/* only a lenient SP before the line end stops a grammar without
		 * a diag of its own: the arguments it wanted are missing */
		ic_fail(c, MP_R_IMAP_CMD_ARGS);
	}
	return finish(&p);
}

/* SASL mechanisms whose initial response is the whole exchange. */
static bool one_step(mp_slice mech)
{
	return mp_slice_is_ci(mech, "PLAIN") || mp_slice_is_ci(mech, "EXTERNAL") ||
	       mp_slice_is_ci(mech, "ANONYMOUS");
}

mp_imap_cstate mp_imap_cstate_after(mp_imap_cstate cs, const mp_imap_cmd *cmd)
{
	switch (cmd->name) {
	case MP_IMAP_CMD_IDLE:
		return MP_IMAP_CS_IDLE;
	case MP_IMAP_CMD_DONE:
		return cs == MP_IMAP_CS_IDLE ? MP_IMAP_CS_COMMAND : cs;
	case MP_IMAP_CMD_AUTHENTICATE: {
		const mp_imap_node *ir = mp_imap_find(cmd->args, MP_IMAP_S_SASL_IR);
		if (ir && cmd->args && one_step(cmd->args->s))
			return MP_IMAP_CS_COMMAND;
		return MP_IMAP_CS_SASL;
	}
	case MP_IMAP_CMD_SASL:
		if (cmd->args && cmd->args->s.n == 1 && cmd->args->s.p[0] == '*')
			return MP_IMAP_CS_COMMAND; /* cancelled */
		return MP_IMAP_CS_SASL;
	default:
		/* a command in SASL state: the exchange ended (the server's
		 * reply is not in this stream); IDLE lasts until DONE */
		return cs == MP_IMAP_CS_IDLE ? MP_IMAP_CS_IDLE : MP_IMAP_CS_COMMAND;
	}
}
