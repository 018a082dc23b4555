/* mailprobe/smtp.h: the SMTP grammar, RFC 5321 with RFC 1869/1870 (SIZE),
 * 2920 (PIPELINING), 3030 (CHUNKING, BINARYMIME), 3207 (STARTTLS), 3461
 * (DSN), 3463 and 2034 (enhanced status codes), 4954 (AUTH), 6152
 * (8BITMIME), 6531 (SMTPUTF8).
 *
 * Results are slices into the caller's bytes; lists (ESMTP parameters,
 * reply lines, EHLO keywords) come from the caller's arena; diagnostics
 * go to the caller's sink with stream offsets. Strict by default;
 * MP_SMTP_LENIENT accepts what common peers send and still records a
 * diag for each deviation. */
#ifndef MAILPROBE_SMTP_H
#define MAILPROBE_SMTP_H

#include "mailprobe/arena.h"
#include "mailprobe/diag.h"
#include "mailprobe/json.h"
#include "mailprobe/limits.h"
#include "mailprobe/line.h"
#include "mailprobe/slice.h"
#include "mailprobe/wire.h"

#define MP_SMTP_LENIENT 0x1 /* "FROM: <a>", missing brackets, bare LF ... */
#define MP_SMTP_UTF8 0x2    /* SMTPUTF8 in effect for every MAIL (RFC 6531) */

typedef struct mp_smtp_opts {
	unsigned flags;
} mp_smtp_opts;

typedef enum mp_smtp_verb {
	MP_SMTP_HELO, MP_SMTP_EHLO, MP_SMTP_MAIL, MP_SMTP_RCPT,
	MP_SMTP_DATA, MP_SMTP_BDAT, MP_SMTP_RSET, MP_SMTP_VRFY,
	MP_SMTP_EXPN, MP_SMTP_HELP, MP_SMTP_NOOP, MP_SMTP_QUIT,
	MP_SMTP_STARTTLS, MP_SMTP_AUTH,
	MP_SMTP_UNKNOWN, /* a well-formed verb this parser does not know */
	MP_SMTP_VERB_COUNT
} mp_smtp_verb;

typedef enum mp_smtp_host {
	MP_SMTP_HOST_NONE = 0,
	MP_SMTP_HOST_DOMAIN,  /* Domain */
	MP_SMTP_HOST_IPV4,    /* "[" IPv4-address-literal "]" */
	MP_SMTP_HOST_IPV6,    /* "[IPv6:" IPv6-addr "]" */
	MP_SMTP_HOST_GENERAL, /* "[" Standardized-tag ":" dcontent "]" */
} mp_smtp_host;

typedef struct mp_smtp_path {
	mp_slice raw;    /* the path as sent, brackets included */
	mp_slice route;  /* A-d-l of an obsolete source route, or empty */
	mp_slice local;  /* Local-part as sent (quotes included) */
	mp_slice domain; /* Domain or address literal (brackets included) */
	mp_smtp_host host;
	bool null_path;  /* "<>" */
	bool postmaster; /* "<Postmaster>" without a domain */
	bool quoted;     /* Local-part is a Quoted-string */
	bool utf8;       /* carries UTF-8 (RFC 6531) */
} mp_smtp_path;

typedef enum mp_smtp_param_kind {
	MP_SMTP_P_OTHER = 0, MP_SMTP_P_SIZE, MP_SMTP_P_BODY,
	MP_SMTP_P_SMTPUTF8, MP_SMTP_P_AUTH, MP_SMTP_P_RET, MP_SMTP_P_ENVID,
	MP_SMTP_P_NOTIFY, MP_SMTP_P_ORCPT,
} mp_smtp_param_kind;

typedef struct mp_smtp_param {
	mp_slice keyword;
	mp_slice value;   /* empty when !has_value */
	bool has_value;
	mp_smtp_param_kind kind;
	uint64_t num;     /* SIZE */
} mp_smtp_param;

typedef struct mp_smtp_cmd {
	mp_smtp_verb verb;
	mp_slice keyword;       /* the verb as sent */
	mp_slice arg;           /* everything after verb SP */
	mp_smtp_path path;      /* MAIL, RCPT */
	mp_smtp_param *params;  /* MAIL, RCPT: from the arena */
	size_t nparams;
	mp_slice host;          /* HELO, EHLO: Domain or address literal */
	mp_smtp_host host_kind;
	uint64_t chunk;         /* BDAT chunk-size */
	bool last;              /* BDAT ... LAST */
	mp_slice mech, initial; /* AUTH mechanism [initial-response] */
	bool has_initial;
} mp_smtp_cmd;

const char *mp_smtp_verb_name(mp_smtp_verb v);
const char *mp_smtp_host_name(mp_smtp_host h);

/* Parses one command line without its line end; off is the stream offset
 * of line.p[0]. MP_OK: *cmd_r filled (slices into line; params in a);
 * MP_INVALID: the line breaks a MUST or SHOULD rule (diags say which)
 * and *cmd_r holds what could be read; MP_NOSPACE: the arena is full
 * (diag ARENA_FULL). */
mp_rc mp_smtp_cmd_parse(mp_slice line, uint64_t off, const mp_smtp_opts *o,
			mp_arena *a, mp_smtp_cmd *cmd_r, mp_diags *d);

/* Parses a Mailbox / Path / Domain on its own (for callers that check
 * addresses outside commands). Same return values. */
mp_rc mp_smtp_path_parse(mp_slice s, uint64_t off, const mp_smtp_opts *o,
			 bool utf8, mp_smtp_path *path_r, mp_diags *d);
mp_rc mp_smtp_domain_parse(mp_slice s, uint64_t off, bool utf8,
			   mp_smtp_host *kind_r, mp_diags *d);

/* Finds a parameter by keyword (ASCII case-insensitive), or NULL. */
const mp_smtp_param *mp_smtp_cmd_param(const mp_smtp_cmd *c, const char *kw);

/* ---- replies ----------------------------------------------------------- */

typedef struct mp_smtp_reply_line {
	mp_slice text;  /* after the code and its separator */
	uint64_t off;   /* stream offset of the line */
	uint64_t toff;  /* stream offset of text.p[0] */
} mp_smtp_reply_line;

typedef struct mp_smtp_reply {
	unsigned code;          /* 200..559 */
	bool has_esc;           /* an enhanced status code leads the text */
	unsigned esc[3];        /* class.subject.detail (RFC 3463) */
	mp_smtp_reply_line *lines; /* from the arena */
	size_t nlines;
	uint64_t off;
} mp_smtp_reply;

/* One reply line without its line end: Reply-code, then "-" (more lines
 * follow), SP or the line end (the last line), then text. MP_OK with
 * *code_r, *more_r and *text_r; MP_INVALID with diags. */
mp_rc mp_smtp_reply_line_parse(mp_slice line, uint64_t off, unsigned *code_r,
			       bool *more_r, mp_slice *text_r, mp_diags *d);

/* An enhanced status code at the start of text: class "." subject "."
 * detail, then SP or the end (RFC 3463 2, RFC 2034 3). MP_OK with esc[3]
 * and *len_r (bytes of the code), MP_INVALID when text starts like one but
 * breaks the grammar (diag), MP_NEED_MORE when text has none. */
mp_rc mp_smtp_esc_parse(mp_slice text, uint64_t off, unsigned esc_r[3],
			size_t *len_r, mp_diags *d);

/* Parses a whole reply given as its lines (each without line end),
 * checking that every line carries the same code, that all but the last
 * use "-", enhanced codes agree with the reply class. MP_OK or
 * MP_INVALID; MP_NOSPACE when the arena is full. */
mp_rc mp_smtp_reply_parse(const mp_slice *lines, const uint64_t *offs,
			  size_t n, mp_arena *a, mp_smtp_reply *r,
			  mp_diags *d);

/* ---- EHLO capabilities (RFC 5321 4.1.1.1) ----------------------------- */
typedef struct mp_smtp_cap {
	mp_slice keyword; /* ehlo-keyword */
	mp_slice params;  /* the rest after keyword SP, or empty */
	uint64_t off;
} mp_smtp_cap;

typedef struct mp_smtp_caps {
	mp_slice domain;   /* of the first line */
	mp_smtp_cap *v;    /* from the arena */
	size_t n;
	uint64_t size_max; /* SIZE n, 0 when absent or unlimited */
} mp_smtp_caps;

/* From a 250 EHLO reply: the domain and every ehlo-line. Checks
 * ehlo-keyword / ehlo-param grammar, duplicates, SIZE and AUTH params. */
mp_rc mp_smtp_ehlo_parse(const mp_smtp_reply *r, mp_arena *a,
			 mp_smtp_caps *caps_r, mp_diags *d);
/* True when the keyword was announced; *params_r its parameters. */
bool mp_smtp_caps_has(const mp_smtp_caps *c, const char *kw,
		      mp_slice *params_r);

/* ---- printers and JSON ------------------------------------------------- */

/* Canonical forms: upper-case verb, one SP, "FROM:"/"TO:" with no space,
 * parameters as parsed, CRLF. MP_OK with *len_r or MP_NOSPACE. parse of
 * the output equals the input under *_eq for every strict parse. */
mp_rc mp_smtp_cmd_write(const mp_smtp_cmd *c, uint8_t *out, size_t cap,
			size_t *len_r);
bool mp_smtp_cmd_eq(const mp_smtp_cmd *a, const mp_smtp_cmd *b);
mp_rc mp_smtp_reply_write(const mp_smtp_reply *r, uint8_t *out, size_t cap,
			  size_t *len_r);
bool mp_smtp_reply_eq(const mp_smtp_reply *a, const mp_smtp_reply *b);

void mp_smtp_cmd_json(mp_json *j, const mp_smtp_cmd *c);
void mp_smtp_reply_json(mp_json *j, const mp_smtp_reply *r);
void mp_smtp_caps_json(mp_json *j, const mp_smtp_caps *c);

/* ---- incremental stream readers (contract: mailprobe/line.h) ---------- */

typedef enum mp_smtp_ev_kind {
	MP_SMTP_EV_COMMAND,  /* client: ev.cmd */
	MP_SMTP_EV_DATA,     /* client: a piece of DATA content (ev.data) */
	MP_SMTP_EV_DATA_END, /* client: "." CRLF ended DATA */
	MP_SMTP_EV_BDAT,     /* client: a piece of a BDAT chunk (ev.data) */
	MP_SMTP_EV_BDAT_END, /* client: the chunk is complete */
	MP_SMTP_EV_SASL,     /* client: an AUTH response line (ev.data) */
	MP_SMTP_EV_TLS,      /* either side: a TLS handshake starts; the rest
	                        of the stream is opaque */
	MP_SMTP_EV_REPLY,    /* server: a complete reply (ev.reply) */
} mp_smtp_ev_kind;

typedef struct mp_smtp_event {
	mp_smtp_ev_kind kind;
	uint64_t off;
	mp_smtp_cmd cmd;
	mp_smtp_reply reply;
	mp_smtp_caps caps;  /* server: a multi-line 250 read as EHLO reply */
	bool has_caps;
	bool greeting;      /* server: the first reply of the stream */
	int answers;        /* server: what the reply answers by the hints
	                       (mp_smtp_reader_expect): an mp_smtp_verb,
	                       MP_SMTP_HINT_CONTENT, or MP_SMTP_HINT_NONE */
	mp_slice data;
} mp_smtp_event;

#define MP_SMTP_HINTS_MAX 64
#define MP_SMTP_HINT_NONE (-1)    /* no hint: greeting, unsolicited, no hints */
#define MP_SMTP_HINT_CONTENT (-2) /* the DATA content ended ("." CRLF) */

typedef struct mp_smtp_reader {
	mp_linerd lr;
	mp_smtp_opts opts;
	bool server;
	int mode;           /* private */
	int sasl;           /* client: SASL lines still expected */
	bool utf8_mail;     /* client: the open MAIL had SMTPUTF8 */
	uint64_t bdat_left; /* client: chunk octets still due */
	mp_dotdec dot;      /* client: DATA content */
	mp_eodscan eod;     /* client: ambiguous end-of-data sequences */
	bool tls_pending;   /* client: STARTTLS was sent */
	bool greeted;       /* server: the greeting was read */
	bool bdat_end;      /* client: BDAT_END is due */
	size_t held;        /* server: bytes of complete lines of an
	                       unfinished multi-line reply, kept in buf */
	size_t held_lines;
	uint64_t held_off;
	struct mp_smtp_held {   /* server: where each held line lies in buf */
		uint32_t pos, len;
		uint8_t eol;
	} held_v[MP_REPLY_LINES_MAX];
	/* server: what the next replies answer, in order (hints) */
	int8_t hint[MP_SMTP_HINTS_MAX];
	size_t hint_head, hint_n;
	bool hinted;        /* server: a hint was ever given */
} mp_smtp_reader;

void mp_smtp_reader_init(mp_smtp_reader *r, bool server,
			 const mp_smtp_opts *o);
/* Server side: the next reply not yet announced answers verb (an
 * mp_smtp_verb, MP_SMTP_UNKNOWN for any other line) or, with
 * MP_SMTP_HINT_CONTENT, the end of DATA content; pushed by a caller that
 * sees the client side (RFC 2920 3.1: replies come in command order; a
 * BDAT command is answered once, after its chunk). Without hints every
 * multi-line 250 is read as an EHLO reply (capabilities, EHLO grammar).
 * Once hinted, only a 250 answering EHLO is; the greeting takes no hint, a
 * 334 answering AUTH leaves AUTH pending, a reply to DATA other than 354
 * drops the content hint right behind it. MP_NOSPACE when the queue is
 * full (the hint is lost: that reply reads as unannounced). */
mp_rc mp_smtp_reader_expect(mp_smtp_reader *r, int verb);
/* MP_OK with *ev_r, or MP_NEED_MORE. The client reader assumes every DATA
 * is answered 354 and every STARTTLS 220 (it sees no replies): DATA
 * content follows DATA, TLS bytes after STARTTLS make the rest opaque,
 * plain lines after it are read as commands. SASL lines follow AUTH as
 * mp_sasl_client_lines() says. The server reader holds a multi-line
 * reply unconsumed until its last line (at most MP_LINE_HOLD_MAX bytes;
 * a longer one is cut with a diag). With eof set no bytes follow. The
 * events' arena data lives in a until the caller rewinds it. */
mp_rc mp_smtp_next(mp_smtp_reader *r, const uint8_t *buf, size_t len,
		   bool eof, mp_arena *a, mp_smtp_event *ev_r,
		   size_t *used_r, mp_diags *d);

#endif
