/* mailprobe/imap.h: the IMAP grammar, IMAP4rev2 (RFC 9051) and IMAP4rev1
 * (RFC 3501) with the extensions servers announce: LITERAL+/- (7888),
 * IDLE (2177), UIDPLUS (4315), CONDSTORE/QRESYNC (7162), ENABLE (5161),
 * ID (2971), NAMESPACE (2342), MOVE (6851), SPECIAL-USE (6154),
 * LIST-EXTENDED/LIST-STATUS (5258, 5819), ESEARCH (4731), SASL-IR (4959),
 * UTF8=ACCEPT (6855), BINARY (3516), QUOTA (9208), UNSELECT (3691),
 * CHILDREN (3348), APPENDLIMIT (7889), STATUS=SIZE.
 *
 * Two layers, as for SMTP and POP3:
 * - framing (mp_imap_next): cuts a stream into units, one command or one
 *   response each, following literals, so a unit arrives whole in any
 *   split; literals over the held limit are streamed as they arrive;
 * - grammar (mp_imap_cmd_parse, mp_imap_resp_parse): one unit into a
 *   tree of nodes (slices into the unit, nodes from the caller's arena),
 *   with diags carrying stream offsets.
 * A printer writes a parsed tree back in canonical form; parse, print,
 * parse gives an equal tree (mp_imap_node_eq). */
#ifndef MAILPROBE_IMAP_H
#define MAILPROBE_IMAP_H

#include "mailprobe/arena.h"
#include "mailprobe/diag.h"
#include "mailprobe/json.h"
#include "mailprobe/limits.h"
#include "mailprobe/slice.h"

/* Option flags. */
#define MP_IMAP_LENIENT 0x1 /* accept what common peers send, diag each deviation */
#define MP_IMAP_REV1 0x2    /* IMAP4rev1 (RFC 3501) where it differs from rev2 */
#define MP_IMAP_UTF8 0x4    /* UTF8=ACCEPT in effect: UTF-8 in quoted strings (RFC 6855 3) */

typedef struct mp_imap_opts {
	unsigned flags;
	size_t max_line;     /* octets of one line between literals; 0 = MP_IMAP_LINE_HOLD_MAX */
	size_t max_literal;  /* literals up to this are held inline; 0 = MP_IMAP_LITERAL_HELD_MAX */
	size_t max_unit;     /* octets of a whole unit held; 0 = MP_IMAP_UNIT_MAX */
	unsigned max_depth;  /* nesting of lists; 0 = MP_IMAP_DEPTH_MAX */
} mp_imap_opts;

/* ---- the tree ---- */

typedef enum mp_imap_type {
	MP_IMAP_NIL,     /* NIL */
	MP_IMAP_ATOM,    /* an atom, flag, keyword, sequence set, date as sent */
	MP_IMAP_NUMBER,  /* num */
	MP_IMAP_STRING,  /* quoted or literal (form says which); s = content */
	MP_IMAP_LIST,    /* "(" kids ")" */
	MP_IMAP_TEXT,    /* free text to the end of the line (resp-text, SASL) */
	MP_IMAP_SECTION, /* "[" kids "]": a section spec or a resp-text-code */
	MP_IMAP_ITEM,    /* s, then its kids: a SECTION or PARTIAL kid right
	                    after the name (BODY.PEEK[1]<0.10>), any other kid
	                    after one SP (a code: APPENDUID 38505 3955) */
	MP_IMAP_PARTIAL, /* "<" num ["." num2] ">" */
	MP_IMAP_TYPE_COUNT
} mp_imap_type;

typedef enum mp_imap_form {
	MP_IMAP_QUOTED = 0,    /* "..." (s holds the octets between the quotes,
	                          backslash escapes kept: see mp_imap_unquote) */
	MP_IMAP_LITERAL = 1,   /* {n} CRLF */
	MP_IMAP_LITERAL_PLUS,  /* {n+} CRLF (RFC 7888) */
	MP_IMAP_LITERAL_MINUS, /* {n-} CRLF (RFC 7888, n <= 4096) */
	MP_IMAP_LITERAL8,      /* ~{n} CRLF (RFC 3516); with a flag for + */
	MP_IMAP_LITERAL8_PLUS,
} mp_imap_form;

/* What a node means in the grammar: lets a consumer find things without
 * knowing the shape (mp_imap_find), and tests assert roles. Values are
 * stable names in JSON (mp_imap_sem_name). */
#define MP_IMAP_SEMS(X) \
	X(NONE) X(TAG) X(MAILBOX) X(LIST_MAILBOX) X(FLAG) X(FLAG_LIST) \
	X(SEQ_SET) X(DATE) X(DATE_TIME) X(CHARSET) X(SEARCH_KEY) \
	X(SEARCH_PROGRAM) X(FETCH_ITEM) X(FETCH_ITEMS) X(SECTION) X(PARTIAL) \
	X(STORE_ACTION) X(STATUS_ITEM) X(STATUS_ITEMS) X(AUTH_MECH) \
	X(SASL_IR) X(USERID) X(PASSWORD) X(CAPABILITY) X(LIST_SELECT) \
	X(LIST_RETURN) X(MESSAGE) X(ID_PARAMS) X(QUOTA_ROOT) X(QUOTA_RESOURCE) \
	X(MODSEQ) X(UID) X(NUMBER) X(STRING) X(ENVELOPE) X(ADDRESS) \
	X(ADDRESS_LIST) X(BODY) X(BODY_PART) X(BODY_FIELDS) X(BODY_PARAMS) \
	X(BODY_DSP) X(BODY_LANG) X(BODY_LOCATION) X(BODY_EXT) X(RESP_CODE) \
	X(RESP_TEXT) X(LIST_ATTRS) X(DELIMITER) X(NAMESPACE) X(ESEARCH_RESULT) \
	X(SEARCH_CORRELATOR) X(INTERNALDATE) X(SIZE) X(OPTION) X(EXTENSION) \
	X(SORT_CRITERIA) X(VANISHED_EARLIER) X(MODIFIER) X(LITERAL_DATA)
typedef enum mp_imap_sem {
#define MP_IMAP_SEM_ENUM(n) MP_IMAP_S_##n,
	MP_IMAP_SEMS(MP_IMAP_SEM_ENUM)
#undef MP_IMAP_SEM_ENUM
	MP_IMAP_S_COUNT
} mp_imap_sem;

typedef struct mp_imap_node {
	uint8_t type;              /* mp_imap_type */
	uint8_t form;              /* MP_IMAP_STRING: mp_imap_form */
	uint16_t sem;              /* mp_imap_sem */
	uint32_t nkids;
	struct mp_imap_node *kid;  /* first child (LIST, SECTION, ITEM) */
	struct mp_imap_node *next; /* next sibling */
	mp_slice s;        /* ATOM, TEXT: the octets; STRING: the content;
	                      ITEM: its name; a streamed literal: empty */
	uint64_t num;      /* NUMBER; STRING literal: announced size;
	                      PARTIAL: origin */
	uint64_t num2;     /* PARTIAL: length (has_num2) */
	uint64_t off;      /* stream offset of the node's first octet */
	bool has_num2;
	bool streamed;     /* a literal too big to hold: s is empty */
	bool escapes;      /* a quoted string holding backslash escapes */
} mp_imap_node;

/* ---- framing ---- */

typedef enum mp_imap_side {
	MP_IMAP_CLIENT = 0, /* the stream a client sends: commands */
	MP_IMAP_SERVER = 1, /* the stream a server sends: responses */
} mp_imap_side;

#define MP_IMAP_GAPS_MAX 16

/* A literal left out of a unit's text because it was streamed. */
typedef struct mp_imap_gap {
	size_t pos;    /* where in text it would have started */
	uint64_t size; /* its octets on the wire */
} mp_imap_gap;

typedef struct mp_imap_unit {
	mp_slice text;   /* the whole unit with held literals inline and its
	                    final line end; in buf, or in the reader's scratch
	                    memory once a literal was streamed */
	uint64_t off;    /* stream offset of text.p[0] */
	mp_imap_gap gaps[MP_IMAP_GAPS_MAX];
	size_t ngaps;
	bool too_long;   /* over max_unit or max_line: text is the part held,
	                    the rest was skipped following the literals */
	bool eof_cut;    /* the stream ended inside the unit */
} mp_imap_unit;

typedef enum mp_imap_ev {
	MP_IMAP_EV_UNIT = 0,    /* ->unit is complete */
	MP_IMAP_EV_LITERAL = 1, /* ->lit: some octets of a streamed literal */
} mp_imap_ev;

typedef struct mp_imap_litdata {
	mp_slice data;   /* into buf */
	uint64_t size;   /* announced size */
	uint64_t at;     /* offset of data.p[0] within the literal */
	uint64_t off;    /* stream offset of data.p[0] */
	bool last;
} mp_imap_litdata;

typedef struct mp_imap_event {
	mp_imap_ev ev;
	mp_imap_unit unit;
	mp_imap_litdata lit;
} mp_imap_event;

typedef struct mp_imap_reader {
	mp_imap_side side;
	mp_imap_opts o;
	uint64_t off;        /* stream offset of buf[0] at the next call */
	uint8_t *scratch;    /* caller's memory for units cut by a streamed literal */
	size_t scratch_cap, scratch_n;
	/* private state */
	int st;
	size_t scanned;      /* buf mode: octets of the pending unit in buf */
	uint64_t line_len;   /* octets of the current line so far */
	uint64_t lit_left;   /* octets of the current literal still due */
	uint64_t lit_size;
	uint64_t unit_off;   /* stream offset of the unit's first octet */
	uint64_t held;       /* octets of the unit held (its text so far) */
	uint64_t line_octets; /* octets of the unit outside literals */
	mp_imap_gap gaps[MP_IMAP_GAPS_MAX];
	size_t ngaps;
	uint8_t tail[32];    /* the last octets of the current line */
	uint8_t ntail;
	bool prev_cr;        /* the last octet scanned was CR */
	bool in_scratch;     /* the unit so far is in scratch, not in buf */
	bool skipping;       /* discarding the rest of a cut unit */
	bool started;        /* a unit is pending */
} mp_imap_reader;

/* scratch (cap octets, the caller's) holds a unit once one of its
 * literals was streamed; its size caps such units (0: none can be). */
void mp_imap_reader_init(mp_imap_reader *r, mp_imap_side side,
			 const mp_imap_opts *o, uint8_t *scratch, size_t cap);

/* The incremental contract of line.h. MP_OK with *ev_r (a whole unit, or
 * octets of a streamed literal), or MP_NEED_MORE. With eof true, a unit
 * cut by the end of the stream is returned with eof_cut set. Framing
 * diags: bare LF, lines over max_line, units over max_unit, literal
 * announcements out of range. */
mp_rc mp_imap_next(mp_imap_reader *r, const uint8_t *buf, size_t len,
		   bool eof, mp_imap_event *ev_r, size_t *used_r, mp_diags *d);

/* The stream offset of text.p[pos] (the gaps shift what follows them). */
uint64_t mp_imap_unit_offset(const mp_imap_unit *u, size_t pos);

/* ---- commands ---- */

#define MP_IMAP_CMDS(X) \
	X(CAPABILITY) X(NOOP) X(LOGOUT) X(STARTTLS) X(AUTHENTICATE) X(LOGIN) \
	X(ENABLE) X(SELECT) X(EXAMINE) X(CREATE) X(DELETE) X(RENAME) \
	X(SUBSCRIBE) X(UNSUBSCRIBE) X(LIST) X(LSUB) X(NAMESPACE) X(STATUS) \
	X(APPEND) X(IDLE) X(CHECK) X(CLOSE) X(UNSELECT) X(EXPUNGE) X(SEARCH) \
	X(FETCH) X(STORE) X(COPY) X(MOVE) X(ID) X(GETQUOTA) X(GETQUOTAROOT) \
	X(SETQUOTA) X(DONE) X(SASL) X(UNKNOWN)
typedef enum mp_imap_cmd_name {
#define MP_IMAP_CMD_ENUM(n) MP_IMAP_CMD_##n,
	MP_IMAP_CMDS(MP_IMAP_CMD_ENUM)
#undef MP_IMAP_CMD_ENUM
	MP_IMAP_CMD_COUNT
} mp_imap_cmd_name;

typedef struct mp_imap_cmd {
	mp_slice tag;         /* empty for DONE and SASL lines */
	mp_imap_cmd_name name;
	mp_slice keyword;     /* as sent (UNKNOWN: the atom) */
	bool uid;             /* UID COPY/MOVE/FETCH/SEARCH/STORE/EXPUNGE */
	mp_imap_node *args;   /* first argument; the rest are its siblings */
	size_t nargs;
	uint64_t off;
} mp_imap_cmd;

/* What the client side is in: after IDLE a "DONE" line ends it (RFC
 * 2177 3); after AUTHENTICATE the lines are SASL responses (RFC 9051
 * 6.2.2). The stream helpers (mp_imap_cmd_state_*) keep it. */
typedef enum mp_imap_cstate {
	MP_IMAP_CS_COMMAND = 0,
	MP_IMAP_CS_IDLE = 1,
	MP_IMAP_CS_SASL = 2,
} mp_imap_cstate;

/* Parses one unit (text with its final CRLF, as the reader gives it) in
 * state cs. MP_OK: *cmd_r filled, nodes from a; MP_INVALID: a rule is
 * broken (diags), *cmd_r holds what was read; MP_NOSPACE: the arena is
 * full (an ARENA_FULL diag). */
mp_rc mp_imap_cmd_parse(const mp_imap_unit *u, mp_imap_cstate cs,
			const mp_imap_opts *o, mp_arena *a, mp_imap_cmd *cmd_r,
			mp_diags *d);
/* The client state after cmd (IDLE enters IDLE, AUTHENTICATE enters SASL
 * unless its SASL-IR completes it, DONE leaves IDLE). In SASL state, a
 * line with a SP is taken as the next command (the server's tagged reply
 * is not in this stream). */
mp_imap_cstate mp_imap_cstate_after(mp_imap_cstate cs, const mp_imap_cmd *cmd);

const char *mp_imap_cmd_name_str(mp_imap_cmd_name n);

/* ---- responses ---- */

typedef enum mp_imap_rkind {
	MP_IMAP_TAGGED = 0,
	MP_IMAP_UNTAGGED = 1,
	MP_IMAP_CONTINUE = 2, /* "+" */
} mp_imap_rkind;

typedef enum mp_imap_status {
	MP_IMAP_ST_NONE = 0, /* a data response */
	MP_IMAP_ST_OK, MP_IMAP_ST_NO, MP_IMAP_ST_BAD, MP_IMAP_ST_PREAUTH,
	MP_IMAP_ST_BYE,
} mp_imap_status;

#define MP_IMAP_DATAS(X) \
	X(NONE) X(CAPABILITY) X(ENABLED) X(FLAGS) X(LIST) X(LSUB) X(NAMESPACE) \
	X(STATUS) X(SEARCH) X(ESEARCH) X(SORT) X(THREAD) X(ID) X(QUOTA) \
	X(QUOTAROOT) X(EXISTS) X(RECENT) X(EXPUNGE) X(FETCH) X(VANISHED) \
	X(UNKNOWN)
typedef enum mp_imap_data {
#define MP_IMAP_DATA_ENUM(n) MP_IMAP_DATA_##n,
	MP_IMAP_DATAS(MP_IMAP_DATA_ENUM)
#undef MP_IMAP_DATA_ENUM
	MP_IMAP_DATA_COUNT
} mp_imap_data;

typedef struct mp_imap_resp {
	mp_imap_rkind kind;
	mp_slice tag;          /* TAGGED only */
	mp_imap_status status; /* OK NO BAD PREAUTH BYE, or NONE for data */
	mp_imap_data data;     /* untagged data: what it is */
	mp_slice keyword;      /* the status or data keyword as sent */
	uint64_t number;       /* EXISTS RECENT EXPUNGE FETCH: the number */
	mp_imap_node *code;    /* resp-text-code (an ITEM named by the code), or NULL */
	mp_slice text;         /* resp-text after the code (continue: its text
	                          or base64) */
	mp_imap_node *args;    /* data: first argument; the rest are siblings */
	size_t nargs;
	uint64_t off;
} mp_imap_resp;

/* Parses one unit of the server side. greeting: the first response of a
 * connection (RFC 9051 7.1: OK, PREAUTH or BYE only). Return codes as
 * mp_imap_cmd_parse. */
mp_rc mp_imap_resp_parse(const mp_imap_unit *u, bool greeting,
			 const mp_imap_opts *o, mp_arena *a,
			 mp_imap_resp *resp_r, mp_diags *d);

const char *mp_imap_status_name(mp_imap_status s);
const char *mp_imap_data_name(mp_imap_data x);
const char *mp_imap_type_name(mp_imap_type t);
const char *mp_imap_sem_name(mp_imap_sem s);

/* ---- tree helpers, printer, JSON ---- */

/* The first node of sem in the tree under n (n and its siblings, depth
 * first), or NULL. */
const mp_imap_node *mp_imap_find(const mp_imap_node *n, mp_imap_sem sem);
/* A quoted string's content without its escapes (or a literal's data)
 * into out. MP_OK, MP_NOSPACE, or MP_INVALID for a streamed literal. */
mp_rc mp_imap_unquote(const mp_imap_node *n, uint8_t *out, size_t cap,
		      size_t *len_r);
/* Trees are equal when types, forms, sems, contents and numbers are
 * (offsets are not compared; a quoted string compares by its escapes as
 * sent, which the printer keeps). */
bool mp_imap_node_eq(const mp_imap_node *a, const mp_imap_node *b);
bool mp_imap_cmd_eq(const mp_imap_cmd *a, const mp_imap_cmd *b);
bool mp_imap_resp_eq(const mp_imap_resp *a, const mp_imap_resp *b);

/* Canonical printers: keywords in upper case, one SP between items, each
 * string in the form it was sent, CRLF at the end. A tree holding a
 * streamed literal cannot be written (its octets are gone): MP_INVALID.
 * Otherwise MP_OK with *len_r, or MP_NOSPACE. */
mp_rc mp_imap_cmd_write(const mp_imap_cmd *c, uint8_t *out, size_t cap,
			size_t *len_r);
mp_rc mp_imap_resp_write(const mp_imap_resp *r, uint8_t *out, size_t cap,
			 size_t *len_r);
/* The nodes n and its siblings joined by SP (no line end). */
mp_rc mp_imap_nodes_write(const mp_imap_node *n, uint8_t *out, size_t cap,
			  size_t *len_r);

/* JSON fields of a command / response (the caller opens the object);
 * the tree as nested objects {type, sem, value, kids}. */
void mp_imap_cmd_json(mp_json *j, const mp_imap_cmd *c);
void mp_imap_resp_json(mp_json *j, const mp_imap_resp *r);
void mp_imap_node_json(mp_json *j, const mp_imap_node *n);

#endif
