/* parsers/imap-resp.c: the IMAP response grammar, mp_imap_resp_parse.
 *   RFC 9051 7 (responses) and 9 (greeting, response-data,
 *   response-tagged, continue-req, resp-text-code, mailbox-data,
 *   message-data, envelope, body); RFC 3501 (IMAP4rev1: RECENT, LSUB,
 *   SEARCH, UNSEEN, RFC822*); RFC 4315 (APPENDUID, COPYUID); RFC 5530
 *   (codes); RFC 7162 (HIGHESTMODSEQ, NOMODSEQ, MODIFIED, CLOSED, MODSEQ,
 *   VANISHED); RFC 5161 (ENABLED); RFC 2971 (ID); RFC 2342 (NAMESPACE);
 *   RFC 4731 (ESEARCH); RFC 5258 (LIST-EXTENDED); RFC 9208 (QUOTA);
 *   RFC 3516 (BINARY); RFC 5256 (SORT, THREAD); RFC 7888 4 (no {n+} from
 *   a server).
 *
 * The result (mp_imap_resp) and the node shape of each response, so that
 * mp_imap_resp_write can write it back (parse, write, parse is an
 * identity). "kids" are the nodes of a LIST, SECTION or ITEM in order;
 * "args" are resp->args and their siblings.
 *
 * Status responses (tagged OK NO BAD; untagged OK NO BAD BYE PREAUTH):
 *   status, keyword (as sent), code, text; no args.
 *   code: ITEM sem RESP_CODE, s = the code's atom as sent, kids = its
 *   arguments, written "[" s *(SP kid) "]" then SP and the text (RFC 9051
 *   9: "[" resp-text-code "]" SP [text], the SP also when text is empty):
 *     BADCHARSET      [LIST sem CHARSET of ATOM / STRING sem CHARSET]
 *     CAPABILITY      ATOM sem CAPABILITY, one per capability
 *     PERMANENTFLAGS  LIST sem FLAG_LIST of ATOM sem FLAG (\* included)
 *     UIDNEXT UIDVALIDITY UNSEEN   NUMBER sem UID / NUMBER
 *     APPENDUID       NUMBER sem UID (uidvalidity), ATOM sem SEQ_SET
 *     COPYUID         NUMBER sem UID, ATOM sem SEQ_SET, ATOM sem SEQ_SET
 *     HIGHESTMODSEQ   NUMBER sem MODSEQ
 *     MODIFIED        ATOM sem SEQ_SET
 *     others, and known codes whose arguments are malformed: one TEXT
 *     node (the octets up to "]") when arguments are present.
 * Continuation ("+"): kind CONTINUE, code as above when the text starts
 *   with one, text = the rest (resp-text or base64, not decoded).
 * Data (untagged), data and keyword set; number for EXISTS RECENT
 *   EXPUNGE FETCH (no args for the first three):
 *   CAPABILITY ENABLED  args = ATOM sem CAPABILITY each
 *   FLAGS          args = LIST sem FLAG_LIST of ATOM sem FLAG
 *   LIST LSUB      args = LIST sem LIST_ATTRS (ATOM sem FLAG each),
 *                  STRING (quoted) or NIL sem DELIMITER, mailbox (ATOM or
 *                  STRING sem MAILBOX), [LIST sem EXTENSION: tag (ATOM /
 *                  STRING sem OPTION) and value (sem EXTENSION) pairs]
 *   STATUS         args = mailbox, LIST sem STATUS_ITEMS of pairs ATOM
 *                  sem STATUS_ITEM and its value (NUMBER, NIL, LIST)
 *   SEARCH SORT    args = NUMBER sem NUMBER each, [LIST sem MODSEQ of
 *                  ATOM "MODSEQ" and NUMBER sem MODSEQ]
 *   ESEARCH        args = [LIST sem SEARCH_CORRELATOR of ATOM "TAG" and
 *                  the tag-string (STRING / ATOM sem TAG)], [ATOM "UID" sem
 *                  UID], then pairs ATOM sem ESEARCH_RESULT and its value
 *                  (NUMBER, ATOM sem SEQ_SET, or a generic value)
 *   NAMESPACE      args = three NIL / LIST sem NAMESPACE; each LIST's kids
 *                  are descriptors, LIST sem OPTION: STRING prefix, STRING
 *                  (quoted) or NIL sem DELIMITER, then pairs STRING sem
 *                  EXTENSION and LIST of STRING
 *   ID             args = NIL or LIST sem ID_PARAMS of pairs STRING and
 *                  STRING / NIL
 *   QUOTA          args = root (ATOM / STRING sem QUOTA_ROOT), LIST of
 *                  triples ATOM sem QUOTA_RESOURCE, NUMBER, NUMBER
 *   QUOTAROOT      args = mailbox, roots (sem QUOTA_ROOT)
 *   VANISHED       args = [LIST sem VANISHED_EARLIER of ATOM "EARLIER"],
 *                  ATOM sem SEQ_SET
 *   FETCH          args = LIST sem FETCH_ITEMS of name / value pairs. A
 *                  name is ATOM sem FETCH_ITEM (FLAGS, UID, ENVELOPE, ...)
 *                  or ITEM sem FETCH_ITEM for BODY[..]<..>, BINARY[..]<..>,
 *                  BINARY.SIZE[..]: s = the name, kids = SECTION and an
 *                  optional PARTIAL. Values: FLAGS LIST sem FLAG_LIST; UID
 *                  NUMBER sem UID; MODSEQ LIST sem MODSEQ of NUMBER sem
 *                  MODSEQ; INTERNALDATE ATOM sem INTERNALDATE (the quoted
 *                  date-time as sent); RFC822.SIZE NUMBER sem SIZE;
 *                  BINARY.SIZE NUMBER sem SIZE; BODY[] BINARY[] RFC822*
 *                  STRING / NIL sem MESSAGE (streamed when the reader
 *                  streamed it); ENVELOPE; BODY / BODYSTRUCTURE: body.
 *   envelope       LIST sem ENVELOPE of 10: date (STRING / NIL sem DATE),
 *                  subject (sem STRING), from sender reply-to to cc bcc
 *                  (NIL or LIST sem ADDRESS_LIST of LIST sem ADDRESS of 4
 *                  STRING / NIL), in-reply-to, message-id (sem STRING)
 *   body           LIST sem BODY (the nested body of a message/rfc822:
 *                  sem BODY too; the parts of a multipart: sem BODY_PART)
 *     one part:    type, subtype (STRING), params (NIL / LIST sem
 *                  BODY_PARAMS of STRING), id, desc (STRING / NIL sem
 *                  BODY_FIELDS), encoding (STRING sem BODY_FIELDS),
 *                  octets (NUMBER sem SIZE), [envelope, body, lines
 *                  (NUMBER) for message/rfc822 and message/global]
 *                  [lines for TEXT types], then extension data: md5 (sem
 *                  STRING), dsp (NIL / LIST sem BODY_DSP: STRING, params),
 *                  lang (STRING / NIL / LIST sem BODY_LANG), location (sem
 *                  BODY_LOCATION), more (sem BODY_EXT)
 *     multipart:   the parts (LIST sem BODY_PART each), subtype (STRING),
 *                  then extension data: params, dsp, lang, location, more
 *   THREAD and unknown data: args = generic values (ic_value), or one
 *                  TEXT node holding the rest when they are not values;
 *                  "* n WORD ...": keyword = n as sent, number = n, the
 *                  first arg ATOM WORD.
 * Writing: nodes are joined by SP except (RFC 9051 9) the kids of a LIST
 *   sem ADDRESS_LIST (1*address), the kids of a LIST sem NAMESPACE
 *   (1*namespace-descr), and two adjacent kids sem BODY_PART of a body
 *   (1*body): those follow each other with no SP.
 *
 * Return: MP_OK when the response follows the grammar (lenient: when it
 * could be read, deviations diag'd); MP_INVALID when a MUST rule is broken
 * (strict) or the response could not be read (resp_r holds what was);
 * MP_NOSPACE when the arena ran out. */
#include <string.h>

#include "imap-private.h"

typedef struct kids {
	mp_imap_node *head, *tail;
	size_t n;
} kids;

static void add(kids *k, mp_imap_node *n)
{
	ic_append(&k->head, &k->tail, n, &k->n);
}

static mp_imap_node *fin(imap_cur *c, mp_imap_node *l, kids *k)
{
	if (!l)
		return NULL;
	l->kid = k->head;
	l->nkids = (uint32_t)k->n;
	return ic_close(c, l) ? l : NULL;
}

static bool rev1(const imap_cur *c)
{
	return (c->flags & MP_IMAP_REV1) != 0;
}

/* A note for IMAP4rev1 syntax in an IMAP4rev2 stream. */
static void rev1_only(imap_cur *c, size_t pos)
{
	if (!rev1(c))
		ic_diag(c, pos, MP_R_IMAP_RESP_REV1_ONLY);
}

/* ---- backtracking: a snapshot of the cursor ---- */

typedef struct snap {
	size_t i, dn, ddropped;
	unsigned depth;
	bool bad;
} snap;

static snap take(const imap_cur *c)
{
	snap s = { c->i, c->d ? c->d->n : 0, c->d ? c->d->dropped : 0,
		   c->depth, c->bad };
	return s;
}

/* Back to s, forgetting the diags since (unless keep_diags). Fails when
 * the arena ran out: that stays fatal. */
static bool back(imap_cur *c, const snap *s, bool keep_diags)
{
	if (c->full)
		return false;
	c->i = s->i;
	c->depth = s->depth;
	c->stop = false;
	if (!keep_diags) {
		c->bad = s->bad;
		if (c->d) {
			c->d->n = s->dn;
			c->d->dropped = s->ddropped;
		}
	}
	return true;
}

/* ---- small pieces ---- */

/* A required SP: as ic_sp, and when lenient mode took a SP before the
 * line end (ic_sp false without stopping), what was due is missing. */
static bool sp(imap_cur *c)
{
	if (ic_sp(c))
		return true;
	if (!c->stop)
		ic_fail(c, MP_R_IMAP_SP);
	return false;
}

/* string; lenient: NIL in its place, diag'd */
static mp_imap_node *str(imap_cur *c, mp_imap_sem sem)
{
	size_t s = c->i;
	if (ic_peek(c) == 'N' || ic_peek(c) == 'n') {
		if (ic_keyword(c, "NIL", NULL)) {
			if (!ic_lenient(c)) {
				c->i = s;
				return ic_fail(c, MP_R_IMAP_STRING);
			}
			ic_soft(c, s, MP_R_IMAP_STRING);
			return ic_new(c, MP_IMAP_NIL, sem, s);
		}
	}
	return ic_string(c, sem);
}

static mp_imap_node *nz(imap_cur *c, mp_imap_sem sem)
{
	return ic_number(c, sem, true, false);
}

/* uid-set: sequence-set without "*" (RFC 4315 4, RFC 7162 known-uids) */
static mp_imap_node *uid_set(imap_cur *c)
{
	mp_imap_node *n = ic_seq_set(c, false);
	if (!n)
		return NULL;
	size_t at = mp_slice_find(n->s, '*');
	if (at < n->s.n)
		ic_diag(c, (size_t)(n->s.p - c->p) + at, MP_R_IMAP_RESP_UID_SET);
	return n;
}

/* mod-sequence-value: 1*DIGIT, positive, 63 bits (RFC 7162 7) */
static mp_imap_node *modseq(imap_cur *c, bool zero_ok)
{
	size_t s = c->i;
	mp_imap_node *n = ic_number(c, MP_IMAP_S_MODSEQ, false, true);
	if (n && n->num == 0 && !zero_ok)
		ic_diag(c, s, MP_R_IMAP_RESP_MODSEQ);
	return n;
}

/* 1*<any TEXT-CHAR except "]"> as a TEXT node, or NULL when empty */
static mp_imap_node *code_text(imap_cur *c, mp_imap_sem sem)
{
	size_t s = c->i;
	while (c->i < c->n && c->p[c->i] != ']' && c->p[c->i] != '\r' &&
	       c->p[c->i] != '\n')
		c->i++;
	if (c->i == s)
		return NULL;
	mp_imap_node *t = ic_new(c, MP_IMAP_TEXT, sem, s);
	if (t)
		t->s = MP_SLICE(c->p + s, c->i - s);
	return t;
}

/* The capability list: *(SP capability); version checked at kw_pos. */
static void capabilities(imap_cur *c, kids *k, size_t kw_pos, bool version)
{
	bool r1 = false, r2 = false;
	while (ic_more(c)) {
		mp_imap_node *a = ic_atom(c, MP_IMAP_S_CAPABILITY);
		if (!a)
			return;
		r1 |= mp_slice_is_ci(a->s, "IMAP4rev1");
		r2 |= mp_slice_is_ci(a->s, "IMAP4rev2");
		add(k, a);
	}
	if (!version || c->stop)
		return;
	if (!r1 && !r2)
		ic_diag(c, kw_pos, MP_R_IMAP_RESP_CAPABILITY_VERSION);
	else if (!r2 && !rev1(c))
		ic_diag(c, kw_pos, MP_R_IMAP_RESP_CAPABILITY_REV1);
}

/* ---- response codes (RFC 9051 7.1, 9 resp-text-code) ---- */

enum carg {
	CA_NONE,      /* no arguments */
	CA_CHARSETS,  /* [SP "(" charset *(SP charset) ")"] */
	CA_CAPS,      /* capability-data */
	CA_FLAGPERM,  /* SP "(" [flag-perm *(SP flag-perm)] ")" */
	CA_NZ,        /* SP nz-number */
	CA_APPENDUID, /* SP nz-number SP uid-set */
	CA_COPYUID,   /* SP nz-number SP uid-set SP uid-set */
	CA_MODSEQ,    /* SP mod-sequence-value */
	CA_SEQSET,    /* SP sequence-set */
	CA_TEXT,      /* [SP 1*<any TEXT-CHAR except "]">] */
};

static const struct code_row {
	const char *name;
	enum carg arg;
	bool rev1;
} codes[] = {
	{ "ALERT", CA_NONE, false },
	{ "BADCHARSET", CA_CHARSETS, false },
	{ "CAPABILITY", CA_CAPS, false },
	{ "PARSE", CA_NONE, false },
	{ "PERMANENTFLAGS", CA_FLAGPERM, false },
	{ "READ-ONLY", CA_NONE, false },
	{ "READ-WRITE", CA_NONE, false },
	{ "TRYCREATE", CA_NONE, false },
	{ "UIDNEXT", CA_NZ, false },
	{ "UIDVALIDITY", CA_NZ, false },
	{ "UNSEEN", CA_NZ, true },
	{ "APPENDUID", CA_APPENDUID, false },
	{ "COPYUID", CA_COPYUID, false },
	{ "UIDNOTSTICKY", CA_NONE, false },
	{ "HIGHESTMODSEQ", CA_MODSEQ, false },
	{ "NOMODSEQ", CA_NONE, false },
	{ "MODIFIED", CA_SEQSET, false },
	{ "CLOSED", CA_NONE, false },
	{ "UNAVAILABLE", CA_NONE, false },
	{ "AUTHENTICATIONFAILED", CA_NONE, false },
	{ "AUTHORIZATIONFAILED", CA_NONE, false },
	{ "EXPIRED", CA_NONE, false },
	{ "PRIVACYREQUIRED", CA_NONE, false },
	{ "CONTACTADMIN", CA_NONE, false },
	{ "NOPERM", CA_NONE, false },
	{ "INUSE", CA_NONE, false },
	{ "EXPUNGEISSUED", CA_NONE, false },
	{ "CORRUPTION", CA_NONE, false },
	{ "SERVERBUG", CA_NONE, false },
	{ "CLIENTBUG", CA_NONE, false },
	{ "CANNOT", CA_NONE, false },
	{ "LIMIT", CA_NONE, false },
	{ "OVERQUOTA", CA_NONE, false },
	{ "ALREADYEXISTS", CA_NONE, false },
	{ "NONEXISTENT", CA_NONE, false },
	{ "NOTSAVED", CA_NONE, false },
	{ "HASCHILDREN", CA_NONE, false },
	{ "UNKNOWN-CTE", CA_NONE, false },
	{ "USEATTR", CA_NONE, false },        /* RFC 6154 */
	{ "TOOBIG", CA_NONE, false },         /* RFC 4469, 7889 */
	{ "COMPRESSIONACTIVE", CA_NONE, false }, /* RFC 4978 */
	{ "REFERRAL", CA_TEXT, false },       /* RFC 2221 */
	{ "BADURL", CA_TEXT, false },         /* RFC 4469 */
	{ "METADATA", CA_TEXT, false },       /* RFC 5464 */
	{ "NOUPDATE", CA_TEXT, false },       /* RFC 5267 */
	{ "MAILBOXID", CA_TEXT, false },      /* RFC 8474 */
	{ "ANNOTATE", CA_TEXT, false },       /* RFC 5257 */
	{ "ANNOTATIONS", CA_TEXT, false },
	{ "BADEVENT", CA_TEXT, false },       /* RFC 5465 */
	{ "NOTIFICATIONOVERFLOW", CA_NONE, false },
	{ "BADCOMPARATOR", CA_NONE, false },  /* RFC 5255 */
	{ "UNDEFINED-FILTER", CA_TEXT, false }, /* RFC 5466 */
	{ "URLMECH", CA_TEXT, false },        /* RFC 4467 */
	{ "INPROGRESS", CA_TEXT, false },     /* RFC 9585 */
};

/* The arguments of a known code; false when they break its definition. */
static bool code_args(imap_cur *c, const struct code_row *row, kids *k,
		      size_t name_pos)
{
	switch (row->arg) {
	case CA_NONE:
		return true;
	case CA_TEXT:
		if (ic_peek(c) == ' ') {
			c->i++;
			mp_imap_node *t = code_text(c, MP_IMAP_S_NONE);
			if (!t)
				return false;
			add(k, t);
		}
		return true;
	case CA_CAPS:
		capabilities(c, k, name_pos, true);
		return !c->stop;
	case CA_CHARSETS: {
		if (ic_peek(c) != ' ')
			return true;
		if (!sp(c))
			return false;
		mp_imap_node *l = ic_open(c, MP_IMAP_S_CHARSET);
		kids lk = { 0 };
		if (!l)
			return false;
		do {
			mp_imap_node *cs = ic_peek(c) == '"' ? ic_quoted(c, MP_IMAP_S_CHARSET)
							      : ic_atom(c, MP_IMAP_S_CHARSET);
			if (!cs)
				return false;
			add(&lk, cs);
		} while (ic_more(c));
		add(k, fin(c, l, &lk));
		return !c->stop;
	}
	case CA_FLAGPERM:
		if (!sp(c))
			return false;
		add(k, ic_flag_list(c, true));
		return !c->stop;
	case CA_NZ:
		if (!sp(c))
			return false;
		add(k, nz(c, strcmp(row->name, "UNSEEN") == 0 ? MP_IMAP_S_NUMBER
								: MP_IMAP_S_UID));
		return !c->stop;
	case CA_APPENDUID:
	case CA_COPYUID:
		if (!sp(c))
			return false;
		add(k, nz(c, MP_IMAP_S_UID));
		if (!sp(c))
			return false;
		add(k, uid_set(c));
		if (row->arg == CA_COPYUID) {
			if (!sp(c))
				return false;
			add(k, uid_set(c));
		}
		return !c->stop;
	case CA_MODSEQ:
		if (!sp(c))
			return false;
		add(k, modseq(c, false));
		return !c->stop;
	case CA_SEQSET:
		if (!sp(c))
			return false;
		add(k, ic_seq_set(c, false));
		return !c->stop;
	}
	return false;
}

/* "[" resp-text-code "]" at the cursor. NULL when no "]" closes it (the
 * cursor back at "["), else the code node with the cursor after "]". */
static mp_imap_node *resp_code(imap_cur *c)
{
	size_t open = c->i;
	/* the code must close before the line ends, or it is text */
	size_t close = open + 1;
	while (close < c->n && c->p[close] != ']' && c->p[close] != '\r' &&
	       c->p[close] != '\n')
		close++;
	if (close >= c->n || c->p[close] != ']') {
		ic_diag(c, open, MP_R_IMAP_RESP_CODE_OPEN);
		return NULL;
	}
	c->i++;
	size_t s = c->i;
	mp_slice name = ic_run(c, IC_ATOM);
	if (name.n == 0) {
		c->i = open;
		ic_diag(c, s, MP_R_IMAP_ATOM);
		return NULL;
	}
	mp_imap_node *code = ic_new(c, MP_IMAP_ITEM, MP_IMAP_S_RESP_CODE, s);
	if (!code)
		return NULL;
	code->s = name;
	const struct code_row *row = NULL;
	for (size_t k = 0; k < MP_ARRAY_LEN(codes) && !row; k++)
		if (mp_slice_is_ci(name, codes[k].name))
			row = &codes[k];
	if (!row)
		ic_diag(c, s, MP_R_IMAP_RESP_CODE_UNKNOWN);
	else if (row->rev1)
		rev1_only(c, s);
	static const struct code_row unknown = { "", CA_TEXT, false };
	kids k = { 0 };
	snap at = take(c);
	size_t before = c->d ? c->d->n + c->d->dropped : 0;
	bool ok = code_args(c, row ? row : &unknown, &k, s) && ic_peek(c) == ']';
	if (ok) {
		c->i++;
	} else {
		/* malformed arguments: their diags stay, the rest up to "]" is
		 * one TEXT node */
		size_t after = c->d ? c->d->n + c->d->dropped : 0;
		size_t failed = c->i;
		if (!back(c, &at, true))
			return NULL;
		if (after == before)
			ic_diag(c, failed, MP_R_IMAP_RESP_CODE_ARGS);
		c->bad = true;
		k = (kids){ 0 };
		if (ic_peek(c) == ' ')
			c->i++;
		add(&k, code_text(c, MP_IMAP_S_NONE));
		c->i++; /* the "]" */
	}
	code->kid = k.head;
	code->nkids = (uint32_t)k.n;
	return code;
}

/* resp-text after the status keyword or "+": [SP] ["[" code "]" SP] [text]. */
static void resp_text(imap_cur *c, mp_imap_resp *r, bool cont)
{
	if (ic_end(c)) {
		/* "a OK", "+": no SP, no text */
		ic_soft(c, c->i, cont ? MP_R_IMAP_RESP_CONTINUE_SP : MP_R_IMAP_RESP_TEXT_SP);
		r->text = MP_SLICE(c->p + c->i, 0);
		return;
	}
	if (!ic_char(c, ' ')) {
		ic_fail(c, cont ? MP_R_IMAP_RESP_CONTINUE_SP : MP_R_IMAP_RESP_TEXT_SP);
		return;
	}
	if (ic_peek(c) == '[') {
		r->code = resp_code(c);
		if (c->stop)
			return;
		if (r->code) {
			if (ic_end(c)) {
				ic_soft(c, c->i, MP_R_IMAP_RESP_CODE_SP);
			} else if (!ic_char(c, ' ')) {
				ic_diag(c, c->i, MP_R_IMAP_RESP_CODE_SP);
			}
		}
	}
	size_t s = c->i;
	if (ic_end(c)) {
		if (rev1(c) && !cont)
			ic_soft(c, s, MP_R_IMAP_RESP_TEXT_EMPTY);
		r->text = MP_SLICE(c->p + s, 0);
		return;
	}
	mp_imap_node *t = ic_text(c, MP_IMAP_S_RESP_TEXT);
	if (t)
		r->text = t->s;
}

/* ---- mailbox data ---- */

/* mailbox-list: "(" [mbx-list-flags] ")" SP delim SP mailbox [SP ext] */
static void mailbox_list(imap_cur *c, kids *args, bool extended)
{
	mp_imap_node *l = ic_open(c, MP_IMAP_S_LIST_ATTRS);
	kids k = { 0 };
	int sflags = 0;
	if (!l)
		return;
	if (ic_peek(c) != ')') {
		do {
			size_t s = c->i;
			mp_imap_node *f = ic_flag(c, false);
			if (!f)
				return;
			if (f->s.p[0] != '\\')
				ic_diag(c, s, MP_R_IMAP_RESP_LIST_ATTR);
			static const char *const sf[] = { "\\Noselect", "\\NonExistent",
							  "\\Marked", "\\Unmarked" };
			for (size_t j = 0; j < MP_ARRAY_LEN(sf); j++)
				if (mp_slice_is_ci(f->s, sf[j]) && ++sflags == 2)
					ic_diag(c, s, MP_R_IMAP_RESP_LIST_SFLAG);
			add(&k, f);
		} while (ic_more(c));
	}
	add(args, fin(c, l, &k));
	if (!sp(c))
		return;
	/* DQUOTE QUOTED-CHAR DQUOTE / nil */
	size_t ds = c->i;
	mp_imap_node *d = ic_nstring(c, MP_IMAP_S_DELIMITER);
	if (!d)
		return;
	if (d->type == MP_IMAP_STRING) {
		bool one = d->form == MP_IMAP_QUOTED &&
			   ((d->s.n == 2 && d->s.p[0] == '\\') ||
			    (d->s.n >= 1 && d->s.p[0] != '\\' &&
			     mp_utf8_seq_len(d->s.p, d->s.n) == d->s.n));
		if (!one)
			ic_diag(c, ds, MP_R_IMAP_RESP_LIST_DELIM);
	}
	add(args, d);
	if (!sp(c))
		return;
	add(args, ic_mailbox(c));
	if (!extended || !ic_more(c))
		return;
	/* mbx-list-extended = "(" [item *(SP item)] ")";
	 * item = astring SP tagged-ext-val */
	mp_imap_node *x = ic_open(c, MP_IMAP_S_EXTENSION);
	kids xk = { 0 };
	if (!x)
		return;
	if (ic_peek(c) != ')') {
		do {
			mp_imap_node *tag = ic_astring(c, MP_IMAP_S_OPTION);
			if (!tag || !sp(c))
				return;
			size_t vs = c->i;
			mp_imap_node *v = ic_value(c, MP_IMAP_S_EXTENSION);
			if (!v)
				return;
			add(&xk, tag);
			add(&xk, v);
			if (mp_slice_is_ci(tag->s, "CHILDINFO")) {
				bool ok = v->type == MP_IMAP_LIST && v->nkids > 0;
				for (mp_imap_node *o = v->kid; ok && o; o = o->next)
					ok = o->type == MP_IMAP_STRING && o->form == MP_IMAP_QUOTED;
				if (!ok)
					ic_diag(c, vs, MP_R_IMAP_RESP_LIST_EXTENDED);
			} else if (mp_slice_is_ci(tag->s, "OLDNAME")) {
				bool ok = v->type == MP_IMAP_LIST && v->nkids == 1 &&
					  (v->kid->type == MP_IMAP_STRING ||
					   v->kid->type == MP_IMAP_ATOM);
				if (!ok)
					ic_diag(c, vs, MP_R_IMAP_RESP_LIST_EXTENDED);
				else
					v->kid->sem = MP_IMAP_S_MAILBOX;
			}
		} while (ic_more(c));
	}
	add(args, fin(c, x, &xk));
}

/* STATUS SP mailbox SP "(" [status-att-val *(SP status-att-val)] ")" */
static void status_data(imap_cur *c, kids *args)
{
	static const struct {
		const char *name;
		int kind; /* 0 number, 1 nz-number, 2 number64, 3 modseq
			     (zero ok), 4 number / NIL, 5 rev1 number */
	} atts[] = {
		{ "MESSAGES", 0 }, { "UIDNEXT", 1 }, { "UIDVALIDITY", 1 },
		{ "UNSEEN", 0 }, { "DELETED", 0 }, { "SIZE", 2 },
		{ "HIGHESTMODSEQ", 3 }, { "APPENDLIMIT", 4 },
		{ "DELETED-STORAGE", 2 }, { "RECENT", 5 },
	};
	add(args, ic_mailbox(c));
	if (!sp(c))
		return;
	mp_imap_node *l = ic_open(c, MP_IMAP_S_STATUS_ITEMS);
	kids k = { 0 };
	if (!l)
		return;
	if (ic_peek(c) != ')') {
		do {
			size_t s = c->i;
			mp_imap_node *a = ic_atom(c, MP_IMAP_S_STATUS_ITEM);
			if (!a || !sp(c))
				return;
			add(&k, a);
			int kind = -1;
			for (size_t j = 0; j < MP_ARRAY_LEN(atts) && kind < 0; j++)
				if (mp_slice_is_ci(a->s, atts[j].name))
					kind = atts[j].kind;
			mp_imap_node *v;
			switch (kind) {
			case 0:
				v = ic_number(c, MP_IMAP_S_NUMBER, false, false);
				break;
			case 1:
				v = nz(c, MP_IMAP_S_UID);
				break;
			case 2:
				v = ic_number(c, MP_IMAP_S_SIZE, false, true);
				break;
			case 3:
				v = modseq(c, true);
				break;
			case 4:
				v = ic_peek(c) == 'N' || ic_peek(c) == 'n'
					    ? ic_nil(c)
					    : ic_number(c, MP_IMAP_S_SIZE, false, false);
				break;
			case 5:
				rev1_only(c, s);
				v = ic_number(c, MP_IMAP_S_NUMBER, false, false);
				break;
			default:
				ic_diag(c, s, MP_R_IMAP_RESP_UNKNOWN_ITEM);
				v = ic_value(c, MP_IMAP_S_NONE);
				break;
			}
			if (!v)
				return;
			add(&k, v);
		} while (ic_more(c));
	}
	add(args, fin(c, l, &k));
}

/* SEARCH / SORT: *(SP nz-number) [SP "(" "MODSEQ" SP mod-sequence-value ")"] */
static void search_data(imap_cur *c, kids *args)
{
	while (ic_more(c)) {
		if (ic_peek(c) == '(') {
			mp_imap_node *l = ic_open(c, MP_IMAP_S_MODSEQ);
			kids k = { 0 };
			mp_imap_node *m = ic_atom(c, MP_IMAP_S_NONE);
			if (!l || !m)
				return;
			if (!mp_slice_is_ci(m->s, "MODSEQ")) {
				c->i -= m->s.n;
				ic_fail(c, MP_R_IMAP_ATOM);
				return;
			}
			add(&k, m);
			if (!sp(c))
				return;
			add(&k, modseq(c, false));
			add(args, fin(c, l, &k));
			return; /* it ends the response */
		}
		mp_imap_node *n = nz(c, MP_IMAP_S_NUMBER);
		if (!n)
			return;
		add(args, n);
	}
}

/* ESEARCH [search-correlator] [SP "UID"] *(SP search-return-data) */
static void esearch_data(imap_cur *c, kids *args)
{
	if (ic_peek(c) == ' ' && c->i + 1 < c->n && c->p[c->i + 1] == '(') {
		sp(c);
		mp_imap_node *l = ic_open(c, MP_IMAP_S_SEARCH_CORRELATOR);
		kids k = { 0 };
		size_t s = c->i;
		if (!l || !ic_keyword(c, "TAG", NULL)) {
			ic_fail(c, MP_R_IMAP_ATOM);
			return;
		}
		mp_imap_node *t = ic_new(c, MP_IMAP_ATOM, MP_IMAP_S_NONE, s);
		if (!t || !sp(c))
			return;
		t->s = MP_SLICE(c->p + s, 3);
		add(&k, t);
		add(&k, ic_astring(c, MP_IMAP_S_TAG));
		add(args, fin(c, l, &k));
	}
	while (ic_more(c)) {
		size_t s = c->i;
		mp_imap_node *a = ic_atom(c, MP_IMAP_S_ESEARCH_RESULT);
		if (!a)
			return;
		if (mp_slice_is_ci(a->s, "UID") && args->n <= 1 &&
		    (args->n == 0 || args->head->sem == MP_IMAP_S_SEARCH_CORRELATOR)) {
			a->sem = MP_IMAP_S_UID;
			add(args, a);
			continue;
		}
		if (!sp(c))
			return;
		add(args, a);
		mp_imap_node *v;
		if (mp_slice_is_ci(a->s, "MIN") || mp_slice_is_ci(a->s, "MAX")) {
			v = nz(c, MP_IMAP_S_NUMBER);
		} else if (mp_slice_is_ci(a->s, "COUNT")) {
			v = ic_number(c, MP_IMAP_S_NUMBER, false, false);
		} else if (mp_slice_is_ci(a->s, "ALL")) {
			v = ic_seq_set(c, false);
		} else if (mp_slice_is_ci(a->s, "MODSEQ")) {
			v = modseq(c, false);
		} else {
			if (!mp_slice_is_ci(a->s, "PARTIAL") && !mp_slice_is_ci(a->s, "RELEVANCY"))
				ic_diag(c, s, MP_R_IMAP_RESP_UNKNOWN_ITEM);
			v = ic_value(c, MP_IMAP_S_NONE);
		}
		if (!v)
			return;
		add(args, v);
	}
}

/* namespace = nil / "(" 1*namespace-descr ")";
 * namespace-descr = "(" string SP (DQUOTE QUOTED-CHAR DQUOTE / nil)
 *                   *(SP string SP "(" string *(SP string) ")") ")" */
static mp_imap_node *namespace(imap_cur *c)
{
	size_t s = c->i;
	if (ic_keyword(c, "NIL", NULL))
		return ic_new(c, MP_IMAP_NIL, MP_IMAP_S_NAMESPACE, s);
	mp_imap_node *l = ic_open(c, MP_IMAP_S_NAMESPACE);
	kids k = { 0 };
	if (!l)
		return NULL;
	if (ic_peek(c) == ')')
		ic_diag(c, s, MP_R_IMAP_RESP_NAMESPACE_EMPTY);
	while (ic_peek(c) == '(' || (ic_peek(c) == ' ' && k.n)) {
		if (ic_peek(c) == ' ') {
			ic_soft(c, c->i, MP_R_IMAP_RESP_JOIN_SP);
			c->i++;
			continue;
		}
		mp_imap_node *d = ic_open(c, MP_IMAP_S_OPTION);
		kids dk = { 0 };
		if (!d)
			return NULL;
		add(&dk, ic_string(c, MP_IMAP_S_STRING));
		if (!sp(c))
			return NULL;
		size_t ds = c->i;
		mp_imap_node *del = ic_nstring(c, MP_IMAP_S_DELIMITER);
		if (!del)
			return NULL;
		if (del->type == MP_IMAP_STRING &&
		    !(del->form == MP_IMAP_QUOTED &&
		      ((del->s.n == 2 && del->s.p[0] == '\\') ||
		       (del->s.n >= 1 && del->s.p[0] != '\\' &&
			mp_utf8_seq_len(del->s.p, del->s.n) == del->s.n))))
			ic_diag(c, ds, MP_R_IMAP_RESP_LIST_DELIM);
		add(&dk, del);
		while (ic_more(c)) {
			add(&dk, ic_string(c, MP_IMAP_S_EXTENSION));
			if (!sp(c))
				return NULL;
			mp_imap_node *vl = ic_open(c, MP_IMAP_S_NONE);
			kids vk = { 0 };
			if (!vl)
				return NULL;
			do {
				mp_imap_node *v = ic_string(c, MP_IMAP_S_STRING);
				if (!v)
					return NULL;
				add(&vk, v);
			} while (ic_more(c));
			add(&dk, fin(c, vl, &vk));
		}
		add(&k, fin(c, d, &dk));
		if (c->stop)
			return NULL;
	}
	return fin(c, l, &k);
}

/* ID SP ("(" [string SP nstring *(SP string SP nstring)] ")" / nil) */
static void id_data(imap_cur *c, kids *args)
{
	size_t s = c->i;
	if (ic_keyword(c, "NIL", NULL)) {
		add(args, ic_new(c, MP_IMAP_NIL, MP_IMAP_S_ID_PARAMS, s));
		return;
	}
	mp_imap_node *l = ic_open(c, MP_IMAP_S_ID_PARAMS);
	kids k = { 0 };
	if (!l)
		return;
	size_t pairs = 0;
	if (ic_peek(c) != ')') {
		do {
			size_t fs = c->i;
			mp_imap_node *f = ic_string(c, MP_IMAP_S_STRING);
			if (!f)
				return;
			add(&k, f);
			if (f->s.n > 30)
				ic_diag(c, fs, MP_R_IMAP_RESP_ID_LIMITS);
			if (ic_peek(c) != ' ') {
				ic_diag(c, c->i, MP_R_IMAP_RESP_ID_PAIRS);
				break;
			}
			sp(c);
			size_t vs = c->i;
			mp_imap_node *v = ic_nstring(c, MP_IMAP_S_STRING);
			if (!v)
				return;
			add(&k, v);
			if (v->s.n > 1024)
				ic_diag(c, vs, MP_R_IMAP_RESP_ID_LIMITS);
			if (++pairs == 31)
				ic_diag(c, fs, MP_R_IMAP_RESP_ID_LIMITS);
		} while (ic_more(c));
	}
	add(args, fin(c, l, &k));
}

/* QUOTA SP root SP "(" [resource usage limit *(SP ...)] ")" (RFC 9208) */
static void quota_data(imap_cur *c, kids *args)
{
	add(args, ic_astring(c, MP_IMAP_S_QUOTA_ROOT));
	if (!sp(c))
		return;
	mp_imap_node *l = ic_open(c, MP_IMAP_S_NONE);
	kids k = { 0 };
	if (!l)
		return;
	if (ic_peek(c) != ')') {
		do {
			add(&k, ic_atom(c, MP_IMAP_S_QUOTA_RESOURCE));
			if (!sp(c))
				return;
			add(&k, ic_number(c, MP_IMAP_S_NUMBER, false, true));
			if (!sp(c))
				return;
			add(&k, ic_number(c, MP_IMAP_S_NUMBER, false, true));
		} while (!c->stop && ic_more(c));
	}
	add(args, fin(c, l, &k));
}

/* ---- envelope and body (RFC 9051 7.5.2, 9) ---- */

/* env-* address lists: "(" 1*address ")" / nil, groups checked */
static mp_imap_node *address_list(imap_cur *c)
{
	size_t s = c->i;
	if (ic_keyword(c, "NIL", NULL))
		return ic_new(c, MP_IMAP_NIL, MP_IMAP_S_ADDRESS_LIST, s);
	mp_imap_node *l = ic_open(c, MP_IMAP_S_ADDRESS_LIST);
	kids k = { 0 };
	bool group = false;
	if (!l)
		return NULL;
	if (ic_peek(c) == ')')
		ic_diag(c, s, MP_R_IMAP_RESP_ADDRESS_EMPTY);
	while (ic_peek(c) == '(' || (ic_peek(c) == ' ' && k.n)) {
		if (ic_peek(c) == ' ') {
			ic_soft(c, c->i, MP_R_IMAP_RESP_JOIN_SP);
			c->i++;
			continue;
		}
		size_t as = c->i;
		mp_imap_node *a = ic_open(c, MP_IMAP_S_ADDRESS);
		kids ak = { 0 };
		if (!a)
			return NULL;
		for (int j = 0; j < 4; j++) {
			if (j && !sp(c))
				return NULL;
			mp_imap_node *f = ic_nstring(c, MP_IMAP_S_STRING);
			if (!f)
				return NULL;
			add(&ak, f);
		}
		if (!fin(c, a, &ak))
			return NULL;
		add(&k, a);
		/* RFC 9051 7.5.2: host NIL marks a group: its start when the
		 * mailbox names it, its end when the mailbox is NIL too */
		const mp_imap_node *mbox = ak.head->next->next, *host = mbox->next;
		if (host->type == MP_IMAP_NIL) {
			bool start = mbox->type != MP_IMAP_NIL;
			if (start == group)
				ic_diag(c, as, MP_R_IMAP_RESP_ADDRESS_GROUP);
			group = start;
		}
	}
	if (group && !c->stop)
		ic_diag(c, c->i, MP_R_IMAP_RESP_ADDRESS_GROUP);
	return fin(c, l, &k);
}

static mp_imap_node *envelope(imap_cur *c)
{
	mp_imap_node *l = ic_open(c, MP_IMAP_S_ENVELOPE);
	kids k = { 0 };
	if (!l)
		return NULL;
	for (int j = 0; j < 10; j++) {
		if (j && !sp(c))
			return NULL;
		mp_imap_node *f;
		if (j >= 2 && j <= 7)
			f = address_list(c);
		else
			f = ic_nstring(c, j == 0 ? MP_IMAP_S_DATE : MP_IMAP_S_STRING);
		if (!f)
			return NULL;
		add(&k, f);
	}
	return fin(c, l, &k);
}

/* body-fld-param = "(" string SP string *(SP string SP string) ")" / nil */
static mp_imap_node *body_params(imap_cur *c)
{
	size_t s = c->i;
	if (ic_keyword(c, "NIL", NULL))
		return ic_new(c, MP_IMAP_NIL, MP_IMAP_S_BODY_PARAMS, s);
	mp_imap_node *l = ic_open(c, MP_IMAP_S_BODY_PARAMS);
	kids k = { 0 };
	if (!l)
		return NULL;
	if (ic_peek(c) != ')') {
		do {
			mp_imap_node *v = str(c, MP_IMAP_S_STRING);
			if (!v)
				return NULL;
			add(&k, v);
		} while (ic_more(c));
	}
	if (k.n == 0 || k.n % 2)
		ic_soft(c, s, MP_R_IMAP_RESP_BODY_PARAM);
	return fin(c, l, &k);
}

/* body-extension = nstring / number / number64 / "(" body-extension
 * *(SP body-extension) ")" */
static mp_imap_node *body_ext(imap_cur *c)
{
	int ch = ic_peek(c);
	if (ch == '(') {
		mp_imap_node *l = ic_open(c, MP_IMAP_S_BODY_EXT);
		kids k = { 0 };
		if (!l)
			return NULL;
		do {
			mp_imap_node *v = body_ext(c);
			if (!v)
				return NULL;
			add(&k, v);
		} while (ic_more(c));
		return fin(c, l, &k);
	}
	if (mp_is_digit(ch))
		return ic_number(c, MP_IMAP_S_BODY_EXT, false, true);
	return ic_nstring(c, MP_IMAP_S_BODY_EXT);
}

/* body-fld-dsp SP body-fld-lang SP body-fld-loc *(SP body-extension),
 * each optional after the previous one; the cursor after what came. */
static void body_ext_tail(imap_cur *c, kids *k)
{
	if (!ic_more(c))
		return;
	/* body-fld-dsp = "(" string SP body-fld-param ")" / nil */
	size_t s = c->i;
	if (ic_keyword(c, "NIL", NULL)) {
		add(k, ic_new(c, MP_IMAP_NIL, MP_IMAP_S_BODY_DSP, s));
	} else {
		mp_imap_node *d = ic_open(c, MP_IMAP_S_BODY_DSP);
		kids dk = { 0 };
		if (!d)
			return;
		add(&dk, str(c, MP_IMAP_S_STRING));
		if (!sp(c))
			return;
		add(&dk, body_params(c));
		add(k, fin(c, d, &dk));
	}
	if (c->stop || !ic_more(c))
		return;
	/* body-fld-lang = nstring / "(" string *(SP string) ")" */
	if (ic_peek(c) == '(') {
		mp_imap_node *l = ic_open(c, MP_IMAP_S_BODY_LANG);
		kids lk = { 0 };
		if (!l)
			return;
		do {
			mp_imap_node *v = ic_string(c, MP_IMAP_S_STRING);
			if (!v)
				return;
			add(&lk, v);
		} while (ic_more(c));
		add(k, fin(c, l, &lk));
	} else {
		add(k, ic_nstring(c, MP_IMAP_S_BODY_LANG));
	}
	if (c->stop || !ic_more(c))
		return;
	add(k, ic_nstring(c, MP_IMAP_S_BODY_LOCATION));
	while (!c->stop && ic_more(c))
		add(k, body_ext(c));
}

static bool str_is(const mp_imap_node *n, const char *w)
{
	return n && n->type == MP_IMAP_STRING && mp_slice_is_ci(n->s, w);
}

/* body = "(" (body-type-1part / body-type-mpart) ")" */
static mp_imap_node *body(imap_cur *c, mp_imap_sem sem)
{
	mp_imap_node *l = ic_open(c, sem);
	kids k = { 0 };
	if (!l)
		return NULL;
	if (ic_peek(c) == '(') {
		/* body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart] */
		while (ic_peek(c) == '(') {
			mp_imap_node *p = body(c, MP_IMAP_S_BODY_PART);
			if (!p)
				return NULL;
			add(&k, p);
			if (ic_peek(c) == ' ' && c->i + 1 < c->n && c->p[c->i + 1] == '(') {
				ic_soft(c, c->i, MP_R_IMAP_RESP_JOIN_SP);
				c->i++;
			}
		}
		if (!sp(c))
			return NULL;
		add(&k, str(c, MP_IMAP_S_STRING));
		if (!c->stop && ic_more(c)) {
			add(&k, body_params(c));
			body_ext_tail(c, &k);
		}
		return fin(c, l, &k);
	}
	/* body-type-1part: type SP subtype SP body-fields [...] */
	mp_imap_node *type = str(c, MP_IMAP_S_STRING);
	add(&k, type);
	if (!sp(c))
		return NULL;
	mp_imap_node *sub = str(c, MP_IMAP_S_STRING);
	add(&k, sub);
	/* body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP
	 * body-fld-enc SP body-fld-octets */
	if (!sp(c))
		return NULL;
	add(&k, body_params(c));
	if (!sp(c))
		return NULL;
	add(&k, ic_nstring(c, MP_IMAP_S_BODY_FIELDS));
	if (!sp(c))
		return NULL;
	add(&k, ic_nstring(c, MP_IMAP_S_BODY_FIELDS));
	if (!sp(c))
		return NULL;
	add(&k, str(c, MP_IMAP_S_BODY_FIELDS));
	if (!sp(c))
		return NULL;
	add(&k, ic_number(c, MP_IMAP_S_SIZE, false, false));
	if (c->stop)
		return NULL;
	if (str_is(type, "MESSAGE") && (str_is(sub, "RFC822") || str_is(sub, "GLOBAL"))) {
		/* body-type-msg: ... SP envelope SP body SP body-fld-lines */
		if (!sp(c))
			return NULL;
		add(&k, envelope(c));
		if (!sp(c))
			return NULL;
		add(&k, body(c, MP_IMAP_S_BODY));
		if (!sp(c))
			return NULL;
		add(&k, ic_number(c, MP_IMAP_S_NUMBER, false, true));
	} else if (str_is(type, "TEXT")) {
		/* body-type-text: ... SP body-fld-lines */
		if (!sp(c))
			return NULL;
		add(&k, ic_number(c, MP_IMAP_S_NUMBER, false, true));
	}
	/* body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang
	 * [SP body-fld-loc *(SP body-extension)]]] */
	if (!c->stop && ic_more(c)) {
		add(&k, ic_nstring(c, MP_IMAP_S_STRING));
		body_ext_tail(c, &k);
	}
	return fin(c, l, &k);
}

/* ---- FETCH (RFC 9051 7.5.2, 9 msg-att) ---- */

/* section-binary = "[" [section-part] "]" */
static void binary_section(imap_cur *c, const mp_imap_node *sec)
{
	const mp_imap_node *spec = sec->kid;
	if (!spec)
		return;
	bool ok = sec->nkids == 1;
	for (size_t j = 0; ok && j < spec->s.n; j++)
		ok = mp_is_digit(spec->s.p[j]) || spec->s.p[j] == '.';
	if (!ok)
		ic_diag(c, (size_t)(spec->s.p - c->p), MP_R_IMAP_RESP_BINARY_SECTION);
}

/* the value of BODY[...] BINARY[...] RFC822*: nstring (BINARY: literal8) */
static mp_imap_node *msg_value(imap_cur *c, bool binary)
{
	if (binary && ic_peek(c) == '~')
		return ic_literal(c, MP_IMAP_S_MESSAGE, true);
	return ic_nstring(c, MP_IMAP_S_MESSAGE);
}

static const char *const known_ext_items[] = {
	"X-GM-MSGID", "X-GM-THRID", "X-GM-LABELS", "EMAILID", "THREADID",
	"SAVEDATE", "PREVIEW", "ANNOTATION",
};

/* one msg-att item: name SP value, appended to k */
static bool fetch_item(imap_cur *c, kids *k)
{
	size_t s = c->i;
	while (c->i < c->n && (ic_class[c->p[c->i]] & IC_ATOM) && c->p[c->i] != '[' &&
	       c->p[c->i] != '<')
		c->i++;
	mp_slice name = MP_SLICE(c->p + s, c->i - s);
	if (name.n == 0) {
		ic_fail(c, MP_R_IMAP_ATOM);
		return false;
	}
	bool body_sec = mp_slice_is_ci(name, "BODY"), bin = mp_slice_is_ci(name, "BINARY"),
	     binsize = mp_slice_is_ci(name, "BINARY.SIZE");
	if (ic_peek(c) == '[' && (body_sec || bin || binsize)) {
		mp_imap_node *it = ic_new(c, MP_IMAP_ITEM, MP_IMAP_S_FETCH_ITEM, s);
		kids ik = { 0 };
		if (!it)
			return false;
		it->s = name;
		mp_imap_node *sec = ic_section(c);
		if (!sec)
			return false;
		add(&ik, sec);
		if (!body_sec)
			binary_section(c, sec);
		if (!binsize && ic_peek(c) == '<') {
			size_t ps = c->i;
			mp_imap_node *p = ic_partial(c, false);
			if (!p)
				return false;
			if (bin)
				ic_diag(c, ps, MP_R_IMAP_RESP_BINARY_ORIGIN);
			add(&ik, p);
		}
		it->kid = ik.head;
		it->nkids = (uint32_t)ik.n;
		add(k, it);
		if (!sp(c))
			return false;
		mp_imap_node *v = binsize ? ic_number(c, MP_IMAP_S_SIZE, false, false)
					  : msg_value(c, bin);
		add(k, v);
		return v != NULL;
	}
	if (ic_peek(c) == '[' || ic_peek(c) == '<') {
		/* an atom going on: read it whole as an unknown name */
		c->i = s;
		name = ic_run(c, IC_ATOM);
	}
	mp_imap_node *a = ic_new(c, MP_IMAP_ATOM, MP_IMAP_S_FETCH_ITEM, s);
	if (!a)
		return false;
	a->s = name;
	add(k, a);
	if (!sp(c))
		return false;
	mp_imap_node *v;
	if (mp_slice_is_ci(name, "FLAGS")) {
		v = ic_flag_list(c, false);
		for (mp_imap_node *f = v ? v->kid : NULL; f; f = f->next)
			if (mp_slice_is_ci(f->s, "\\Recent"))
				rev1_only(c, (size_t)(f->s.p - c->p));
	} else if (mp_slice_is_ci(name, "UID")) {
		v = nz(c, MP_IMAP_S_UID);
	} else if (mp_slice_is_ci(name, "MODSEQ")) {
		/* "MODSEQ" SP "(" permsg-modsequence ")" (RFC 7162 7) */
		mp_imap_node *l = ic_open(c, MP_IMAP_S_MODSEQ);
		kids mk = { 0 };
		if (!l)
			return false;
		add(&mk, modseq(c, false));
		v = fin(c, l, &mk);
	} else if (mp_slice_is_ci(name, "INTERNALDATE")) {
		v = ic_date_time(c);
		if (v)
			v->sem = MP_IMAP_S_INTERNALDATE;
	} else if (mp_slice_is_ci(name, "RFC822.SIZE")) {
		v = ic_number(c, MP_IMAP_S_SIZE, false, true);
	} else if (mp_slice_is_ci(name, "ENVELOPE")) {
		v = envelope(c);
	} else if (mp_slice_is_ci(name, "BODY") || mp_slice_is_ci(name, "BODYSTRUCTURE")) {
		v = body(c, MP_IMAP_S_BODY);
	} else if (mp_slice_is_ci(name, "RFC822") || mp_slice_is_ci(name, "RFC822.HEADER") ||
		   mp_slice_is_ci(name, "RFC822.TEXT")) {
		rev1_only(c, s);
		v = msg_value(c, false);
	} else {
		bool known = false;
		for (size_t j = 0; j < MP_ARRAY_LEN(known_ext_items) && !known; j++)
			known = mp_slice_is_ci(name, known_ext_items[j]);
		if (!known)
			ic_diag(c, s, MP_R_IMAP_RESP_UNKNOWN_ITEM);
		v = ic_value(c, MP_IMAP_S_NONE);
	}
	add(k, v);
	return v != NULL;
}

static void fetch_data(imap_cur *c, kids *args)
{
	size_t s = c->i;
	mp_imap_node *l = ic_open(c, MP_IMAP_S_FETCH_ITEMS);
	kids k = { 0 };
	if (!l)
		return;
	if (ic_peek(c) == ')') {
		ic_diag(c, s, MP_R_IMAP_RESP_FETCH_EMPTY);
	} else {
		do {
			if (!fetch_item(c, &k))
				return;
		} while (ic_more(c));
	}
	add(args, fin(c, l, &k));
}

/* ---- generic data ---- */

/* *(SP value) appended to args, or the rest as one TEXT node when it is
 * no values */
static void generic(imap_cur *c, kids *args)
{
	snap at = take(c);
	kids before = *args;
	while (ic_more(c)) {
		mp_imap_node *v = ic_value(c, MP_IMAP_S_NONE);
		if (!v)
			break;
		add(args, v);
	}
	if (!c->stop && ic_end(c))
		return;
	if (!back(c, &at, false))
		return;
	*args = before;
	if (args->tail)
		args->tail->next = NULL;
	if (ic_peek(c) != ' ')
		return;
	if (!sp(c) || ic_end(c))
		return;
	add(args, ic_text(c, MP_IMAP_S_NONE));
}

/* ---- the dispatch ---- */

static const struct data_row {
	const char *name;
	mp_imap_data data;
} datas[] = {
	{ "CAPABILITY", MP_IMAP_DATA_CAPABILITY }, { "ENABLED", MP_IMAP_DATA_ENABLED },
	{ "FLAGS", MP_IMAP_DATA_FLAGS },           { "LIST", MP_IMAP_DATA_LIST },
	{ "LSUB", MP_IMAP_DATA_LSUB },             { "NAMESPACE", MP_IMAP_DATA_NAMESPACE },
	{ "STATUS", MP_IMAP_DATA_STATUS },         { "SEARCH", MP_IMAP_DATA_SEARCH },
	{ "ESEARCH", MP_IMAP_DATA_ESEARCH },       { "SORT", MP_IMAP_DATA_SORT },
	{ "THREAD", MP_IMAP_DATA_THREAD },         { "ID", MP_IMAP_DATA_ID },
	{ "QUOTA", MP_IMAP_DATA_QUOTA },           { "QUOTAROOT", MP_IMAP_DATA_QUOTAROOT },
	{ "VANISHED", MP_IMAP_DATA_VANISHED },
};

static void data_resp(imap_cur *c, mp_imap_resp *r, kids *args, size_t kw_pos)
{
	switch (r->data) {
	case MP_IMAP_DATA_CAPABILITY:
	case MP_IMAP_DATA_ENABLED:
		capabilities(c, args, kw_pos, r->data == MP_IMAP_DATA_CAPABILITY);
		break;
	case MP_IMAP_DATA_FLAGS:
		if (sp(c))
			add(args, ic_flag_list(c, false));
		break;
	case MP_IMAP_DATA_LSUB:
		rev1_only(c, kw_pos);
		/* fall through */
	case MP_IMAP_DATA_LIST:
		if (sp(c))
			mailbox_list(c, args, r->data == MP_IMAP_DATA_LIST);
		break;
	case MP_IMAP_DATA_STATUS:
		if (sp(c))
			status_data(c, args);
		break;
	case MP_IMAP_DATA_SEARCH:
		rev1_only(c, kw_pos);
		/* fall through */
	case MP_IMAP_DATA_SORT:
		search_data(c, args);
		break;
	case MP_IMAP_DATA_ESEARCH:
		esearch_data(c, args);
		break;
	case MP_IMAP_DATA_NAMESPACE:
		for (int j = 0; j < 3 && sp(c); j++)
			add(args, namespace(c));
		break;
	case MP_IMAP_DATA_ID:
		if (sp(c))
			id_data(c, args);
		break;
	case MP_IMAP_DATA_QUOTA:
		if (sp(c))
			quota_data(c, args);
		break;
	case MP_IMAP_DATA_QUOTAROOT:
		if (!sp(c))
			break;
		add(args, ic_mailbox(c));
		while (!c->stop && ic_more(c))
			add(args, ic_astring(c, MP_IMAP_S_QUOTA_ROOT));
		break;
	case MP_IMAP_DATA_VANISHED:
		if (!sp(c))
			break;
		if (ic_peek(c) == '(') {
			mp_imap_node *l = ic_open(c, MP_IMAP_S_VANISHED_EARLIER);
			kids k = { 0 };
			size_t s = c->i;
			if (!l || !ic_keyword(c, "EARLIER", NULL)) {
				ic_fail(c, MP_R_IMAP_ATOM);
				break;
			}
			mp_imap_node *e = ic_new(c, MP_IMAP_ATOM, MP_IMAP_S_NONE, s);
			if (!e)
				break;
			e->s = MP_SLICE(c->p + s, c->i - s);
			add(&k, e);
			add(args, fin(c, l, &k));
			if (!sp(c))
				break;
		}
		add(args, uid_set(c));
		break;
	case MP_IMAP_DATA_FETCH:
		if (sp(c))
			fetch_data(c, args);
		break;
	case MP_IMAP_DATA_THREAD:
	default:
		generic(c, args);
		break;
	}
}

static const struct status_row {
	const char *name;
	mp_imap_status st;
} statuses[] = {
	{ "OK", MP_IMAP_ST_OK },   { "NO", MP_IMAP_ST_NO }, { "BAD", MP_IMAP_ST_BAD },
	{ "BYE", MP_IMAP_ST_BYE }, { "PREAUTH", MP_IMAP_ST_PREAUTH },
};

/* After the number of "* n ...": EXISTS RECENT EXPUNGE FETCH. */
static void numbered(imap_cur *c, mp_imap_resp *r, kids *args)
{
	size_t ns = c->i;
	mp_imap_node *num = ic_number(c, MP_IMAP_S_NUMBER, false, false);
	if (!num || !sp(c))
		return;
	r->number = num->num;
	size_t ks = c->i;
	mp_slice kw = ic_run(c, IC_ATOM);
	if (kw.n == 0) {
		ic_fail(c, MP_R_IMAP_ATOM);
		return;
	}
	r->keyword = kw;
	bool need_nz = false;
	if (mp_slice_is_ci(kw, "EXISTS")) {
		r->data = MP_IMAP_DATA_EXISTS;
	} else if (mp_slice_is_ci(kw, "RECENT")) {
		r->data = MP_IMAP_DATA_RECENT;
		rev1_only(c, ks);
	} else if (mp_slice_is_ci(kw, "EXPUNGE")) {
		r->data = MP_IMAP_DATA_EXPUNGE;
		need_nz = true;
	} else if (mp_slice_is_ci(kw, "FETCH")) {
		r->data = MP_IMAP_DATA_FETCH;
		need_nz = true;
	} else {
		/* unknown: the number is the keyword, the atom the first arg */
		r->data = MP_IMAP_DATA_UNKNOWN;
		ic_diag(c, ks, MP_R_IMAP_RESP_UNKNOWN_DATA);
		r->keyword = MP_SLICE(c->p + ns, ks - 1 - ns);
		mp_imap_node *a = ic_new(c, MP_IMAP_ATOM, MP_IMAP_S_NONE, ks);
		if (!a)
			return;
		a->s = kw;
		add(args, a);
	}
	if (need_nz && (num->num == 0 || num->s.p[0] == '0'))
		ic_diag(c, ns, MP_R_IMAP_NZ_NUMBER);
	data_resp(c, r, args, ks);
}

/* Diags the literals {n+} {n-} a server may not send (RFC 7888 4), and
 * leaves NUMBER nodes with their value only (the printer writes it
 * canonically). */
static void walk(imap_cur *c, mp_imap_node *n)
{
	for (; n; n = n->next) {
		if (n->type == MP_IMAP_STRING &&
		    (n->form == MP_IMAP_LITERAL_PLUS || n->form == MP_IMAP_LITERAL_MINUS ||
		     n->form == MP_IMAP_LITERAL8_PLUS)) {
			mp_diag_push(c->d, n->off, MP_R_IMAP_LITERAL_NONSYNC_SERVER);
			c->bad = true;
		}
		if (n->type == MP_IMAP_NUMBER)
			n->s = MP_SLICE(n->s.p, 0);
		walk(c, n->kid);
	}
}

mp_rc mp_imap_resp_parse(const mp_imap_unit *u, bool greeting,
			 const mp_imap_opts *o, mp_arena *a,
			 mp_imap_resp *r, mp_diags *d)
{
	imap_cur cur;
	imap_cur *c = &cur;
	bool cut = u->too_long || u->eof_cut;
	/* a cut unit: the reader reported it; the grammar's view of the
	 * cut would only add noise at the cut */
	ic_init(c, u, o, a, cut ? NULL : d);
	memset(r, 0, sizeof *r);
	r->off = u->off;
	r->kind = MP_IMAP_UNTAGGED;
	kids args = { 0 };

	if (ic_end(c)) {
		ic_fail(c, MP_R_IMAP_EMPTY_LINE);
	} else if (ic_peek(c) == '+') {
		c->i++;
		r->kind = MP_IMAP_CONTINUE;
		if (greeting)
			ic_diag(c, 0, MP_R_IMAP_RESP_GREETING);
		resp_text(c, r, true);
	} else {
		if (ic_char(c, '*')) {
			r->kind = MP_IMAP_UNTAGGED;
		} else {
			mp_imap_node *t = ic_tag(c);
			if (t) {
				r->kind = MP_IMAP_TAGGED;
				r->tag = t->s;
			}
			if (greeting)
				ic_diag(c, 0, MP_R_IMAP_RESP_GREETING);
		}
		if (sp(c)) {
			size_t ks = c->i;
			if (r->kind == MP_IMAP_UNTAGGED && mp_is_digit(ic_peek(c))) {
				if (greeting)
					ic_diag(c, ks, MP_R_IMAP_RESP_GREETING);
				numbered(c, r, &args);
			} else {
				mp_slice kw = ic_run(c, IC_ATOM);
				if (kw.n == 0)
					ic_fail(c, MP_R_IMAP_ATOM);
				r->keyword = kw;
				for (size_t k = 0; k < MP_ARRAY_LEN(statuses) && !r->status; k++)
					if (mp_slice_is_ci(kw, statuses[k].name))
						r->status = statuses[k].st;
				for (size_t k = 0; k < MP_ARRAY_LEN(datas) && !r->data && !r->status; k++)
					if (mp_slice_is_ci(kw, datas[k].name))
						r->data = datas[k].data;
				if (c->stop) {
					/* no keyword */
				} else if (r->kind == MP_IMAP_TAGGED &&
					   (r->status == MP_IMAP_ST_NONE ||
					    r->status == MP_IMAP_ST_BYE ||
					    r->status == MP_IMAP_ST_PREAUTH)) {
					ic_diag(c, ks, MP_R_IMAP_RESP_TAGGED);
					if (r->status == MP_IMAP_ST_NONE) {
						r->data = MP_IMAP_DATA_NONE;
						c->stop = true; /* no grammar to follow */
					}
				} else if (greeting && r->kind == MP_IMAP_UNTAGGED &&
					   r->status != MP_IMAP_ST_OK &&
					   r->status != MP_IMAP_ST_PREAUTH &&
					   r->status != MP_IMAP_ST_BYE) {
					ic_diag(c, ks, MP_R_IMAP_RESP_GREETING);
				} else if (!greeting && r->status == MP_IMAP_ST_PREAUTH) {
					ic_diag(c, ks, MP_R_IMAP_RESP_PREAUTH);
				}
				if (c->stop) {
					/* nothing more */
				} else if (r->status != MP_IMAP_ST_NONE) {
					resp_text(c, r, false);
				} else {
					if (r->data == MP_IMAP_DATA_NONE) {
						r->data = MP_IMAP_DATA_UNKNOWN;
						ic_diag(c, ks, MP_R_IMAP_RESP_UNKNOWN_DATA);
					}
					data_resp(c, r, &args, ks);
				}
			}
		}
	}
	ic_done(c);
	if (c->sp_cut && !c->stop && !c->bad) {
		/* "* 8 FETCH (BODY[HEADER.FIELDS " read leniently: no items */
		ic_diag(c, c->n, MP_R_IMAP_RESP_SHORT);
		c->bad = true;
	}
	r->args = args.head;
	r->nargs = args.n;
	walk(c, r->code);
	walk(c, r->args);
	if (c->full)
		return MP_NOSPACE;
	if (cut)
		return MP_INVALID;
	return c->stop || c->bad ? MP_INVALID : MP_OK;
}
