/* parsers/imap-private.h: the IMAP lexer shared by the command and the
 * response grammar (imap-lex.c). A cursor walks one unit's text; each
 * ic_ function reads one ABNF rule of RFC 9051 9 and returns a node from
 * the arena, or NULL after pushing a diag at the offending offset.
 * Not installed; not part of the API. */
#ifndef MAILPROBE_IMAP_PRIVATE_H
#define MAILPROBE_IMAP_PRIVATE_H

#include "mailprobe/imap.h"

typedef struct imap_cur {
	const uint8_t *p;        /* the unit's text */
	size_t n, i;             /* its length without the final line end; position */
	const mp_imap_unit *u;
	unsigned flags;          /* MP_IMAP_LENIENT, MP_IMAP_REV1, MP_IMAP_UTF8 */
	unsigned depth, max_depth;
	mp_arena *a;
	mp_diags *d;
	bool bad;                /* a MUST rule was broken */
	bool full;               /* the arena ran out */
	bool stop;               /* a fatal error: stop reading this unit */
	bool sp_cut;             /* lenient: a SP before the line end where an
	                            element had to follow (ic_sp): the unit
	                            ends short, whatever the caller makes of it */
} imap_cur;

/* Character classes of RFC 9051 9 (bits of ic_class[]). */
enum {
	IC_ATOM = 1,      /* ATOM-CHAR */
	IC_ASTRING = 2,   /* ASTRING-CHAR = ATOM-CHAR / "]" */
	IC_TAG = 4,       /* ASTRING-CHAR except "+" */
	IC_LIST = 8,      /* list-char = ATOM-CHAR / "%" / "*" / "]" */
	IC_TEXT = 16,     /* TEXT-CHAR: CHAR except CR LF (and NUL) */
	IC_QUOTED = 32,   /* QUOTED-CHAR without escapes: TEXT-CHAR but DQUOTE "\" */
	IC_DIGIT = 64,
	IC_B64 = 128,     /* base64 alphabet (not "=") */
};
extern const uint8_t ic_class[256];

/* Starts a cursor on u (its final CRLF or LF is not part of n). */
void ic_init(imap_cur *c, const mp_imap_unit *u, const mp_imap_opts *o,
	     mp_arena *a, mp_diags *d);
uint64_t ic_off(const imap_cur *c, size_t pos);

static inline bool ic_lenient(const imap_cur *c)
{
	return (c->flags & MP_IMAP_LENIENT) != 0;
}
static inline int ic_peek(const imap_cur *c)
{
	return c->i < c->n ? c->p[c->i] : -1;
}
static inline bool ic_end(const imap_cur *c)
{
	return c->i >= c->n;
}
/* Pushes rule at text position pos; a MUST rule marks the parse bad.
 * Returns false so callers can `return ic_diag(...)`. */
bool ic_diag(imap_cur *c, size_t pos, mp_rule rule);
/* A deviation lenient mode accepts (extra SP, a stray escape, ...): the
 * diag always, the parse marked bad only when strict (as smtp-cmd.c's
 * lenient_diag). Returns false. */
bool ic_soft(imap_cur *c, size_t pos, mp_rule rule);
/* As ic_diag at the cursor, and stops the unit: every later ic_ call
 * returns NULL or false at once. Returns NULL. */
void *ic_fail(imap_cur *c, mp_rule rule);

/* Consumes ch if it is next. */
bool ic_char(imap_cur *c, int ch);
/* Requires ch next (ic_fail with rule otherwise). */
bool ic_expect(imap_cur *c, int ch, mp_rule rule);
/* One SP (lenient: several, diag'd; strict: a missing SP fails). */
bool ic_sp(imap_cur *c);
/* True when an SP follows (and consumes it with ic_sp's rules). */
bool ic_more(imap_cur *c);
/* Requires the end of the unit: anything left is IMAP_TRAILING. */
bool ic_done(imap_cur *c);
/* Consumes a keyword (case-insensitive) when it is followed by a non-
 * atom character; the slice as sent in *kw (may be NULL). */
bool ic_keyword(imap_cur *c, const char *word, mp_slice *kw);
/* The run of characters of class cls (may be empty). */
mp_slice ic_run(imap_cur *c, uint8_t cls);

mp_imap_node *ic_new(imap_cur *c, mp_imap_type type, mp_imap_sem sem,
		     size_t start);
/* Appends n to the list (*head, *tail); counts into *count (may be NULL). */
void ic_append(mp_imap_node **head, mp_imap_node **tail, mp_imap_node *n,
	       size_t *count);

/* The ABNF rules. NULL (a diag pushed) when the input breaks them. */
mp_imap_node *ic_atom(imap_cur *c, mp_imap_sem sem);       /* 1*ATOM-CHAR */
mp_imap_node *ic_tag(imap_cur *c);                         /* tag */
mp_imap_node *ic_number(imap_cur *c, mp_imap_sem sem, bool nz, bool is64);
mp_imap_node *ic_quoted(imap_cur *c, mp_imap_sem sem);
mp_imap_node *ic_literal(imap_cur *c, mp_imap_sem sem, bool allow8);
mp_imap_node *ic_string(imap_cur *c, mp_imap_sem sem);     /* quoted / literal */
mp_imap_node *ic_astring(imap_cur *c, mp_imap_sem sem);
mp_imap_node *ic_nstring(imap_cur *c, mp_imap_sem sem);    /* NIL / string */
mp_imap_node *ic_nil(imap_cur *c);                         /* NIL */
mp_imap_node *ic_mailbox(imap_cur *c);                     /* astring */
mp_imap_node *ic_list_mailbox(imap_cur *c);                /* 1*list-char / string */
mp_imap_node *ic_flag(imap_cur *c, bool perm);             /* flag / flag-perm */
mp_imap_node *ic_flag_list(imap_cur *c, bool perm);        /* "(" [flag *(SP flag)] ")" */
mp_imap_node *ic_seq_set(imap_cur *c, bool allow_dollar);  /* sequence-set */
mp_imap_node *ic_date(imap_cur *c);                        /* date (search) */
mp_imap_node *ic_date_time(imap_cur *c);                   /* date-time */
mp_imap_node *ic_section(imap_cur *c);                     /* "[" [section-spec] "]" */
/* "<" number ["." nz-number] ">": the length is required in commands
 * (RFC 9051 6.4.5) and absent in responses (7.5.2). */
mp_imap_node *ic_partial(imap_cur *c, bool with_len);
mp_imap_node *ic_text(imap_cur *c, mp_imap_sem sem);       /* text */
/* Any value: NIL, number, string, atom, or a list of values: for
 * extension data (tagged-ext-val, body-extension, unknown codes). */
mp_imap_node *ic_value(imap_cur *c, mp_imap_sem sem);
/* "(" and ")" with the depth limit. */
mp_imap_node *ic_open(imap_cur *c, mp_imap_sem sem);
bool ic_close(imap_cur *c, mp_imap_node *list);

#endif
