/* mailprobe/pop3.h: the POP3 grammar, RFC 1939 with RFC 2449 (CAPA,
 * response codes, lengths), RFC 2595 (STLS), RFC 5034 (AUTH, SASL),
 * RFC 6856 (UTF8, LANG).
 *
 * Everything returned points into the caller's bytes (zero-copy); lists
 * come from the caller's arena; diagnostics go to the caller's sink with
 * stream offsets. Strict by default; MP_POP3_LENIENT accepts what common
 * peers send and still records a diag for each deviation. */
#ifndef MAILPROBE_POP3_H
#define MAILPROBE_POP3_H

#include "mailprobe/arena.h"
#include "mailprobe/diag.h"
#include "mailprobe/json.h"
#include "mailprobe/line.h"
#include "mailprobe/slice.h"

#define MP_POP3_LENIENT 0x1 /* bare LF, "+ok", extra spaces: accepted, diag'd */

typedef struct mp_pop3_opts {
	unsigned flags;
} mp_pop3_opts;

typedef enum mp_pop3_verb {
	MP_POP3_USER, MP_POP3_PASS, MP_POP3_APOP, MP_POP3_AUTH,
	MP_POP3_STAT, MP_POP3_LIST, MP_POP3_RETR, MP_POP3_DELE,
	MP_POP3_NOOP, MP_POP3_RSET, MP_POP3_QUIT, MP_POP3_TOP,
	MP_POP3_UIDL, MP_POP3_CAPA, MP_POP3_STLS, MP_POP3_UTF8,
	MP_POP3_LANG,
	MP_POP3_UNKNOWN, /* a well-formed keyword this parser does not know */
	MP_POP3_VERB_COUNT
} mp_pop3_verb;

/* RFC 1939 3: the session states. */
typedef enum mp_pop3_state {
	MP_POP3_AUTHORIZATION = 0,
	MP_POP3_TRANSACTION = 1,
	MP_POP3_UPDATE = 2,
} mp_pop3_state;

#define MP_POP3_ARGS_MAX 2

typedef struct mp_pop3_cmd {
	mp_pop3_verb verb;
	mp_slice keyword;  /* as sent */
	mp_slice argtext;  /* everything after keyword SP (PASS: the password) */
	mp_slice args[MP_POP3_ARGS_MAX];
	size_t nargs;
	uint64_t msg;      /* RETR DELE TOP, LIST and UIDL with an argument */
	uint64_t lines;    /* TOP's second argument */
	bool has_msg;
} mp_pop3_cmd;

typedef enum mp_pop3_status {
	MP_POP3_OK = 0,   /* "+OK" */
	MP_POP3_ERR = 1,  /* "-ERR" */
	MP_POP3_CONT = 2, /* "+ " SASL continuation (RFC 5034 4) */
	MP_POP3_BAD = 3,  /* no status indicator at all (a diag says so) */
} mp_pop3_status;

typedef struct mp_pop3_resp {
	mp_pop3_status status;
	mp_slice code;      /* RFC 2449 8 resp-code without brackets, or empty */
	mp_slice text;      /* the text after the status and code */
	mp_slice timestamp; /* "<...>" of an APOP greeting (RFC 1939 7), or empty */
} mp_pop3_resp;

/* Names for traces and JSON. */
const char *mp_pop3_verb_name(mp_pop3_verb v);
const char *mp_pop3_state_name(mp_pop3_state s);

/* True when verb may be sent in state (RFC 1939 4-6, RFC 2449 5,
 * RFC 2595 4, RFC 5034 4, RFC 6856 3). */
bool mp_pop3_cmd_state_ok(mp_pop3_verb verb, mp_pop3_state state);
/* True when the server's answer to this command is multi-line on +OK:
 * LIST and UIDL without argument, RETR, TOP, CAPA. */
bool mp_pop3_cmd_multiline(const mp_pop3_cmd *c);

/* Parses one command line without its line end; off is the stream offset
 * of line.p[0]. MP_OK: *cmd_r filled (slices into line), possibly with
 * diags of NOTE level; MP_INVALID: it breaks a rule (diags say which);
 * *cmd_r holds what could be read. Checks RFC 1939 3 (keywords 3-4
 * characters, arguments at most 40, one SP between) and RFC 2449 4 (a
 * command line at most 255 octets with its CRLF). */
mp_rc mp_pop3_cmd_parse(mp_slice line, uint64_t off, const mp_pop3_opts *o,
			mp_pop3_cmd *cmd_r, mp_diags *d);

/* Parses one response status line without its line end. Greetings carry
 * their APOP timestamp in ->timestamp. MP_OK or MP_INVALID as above. A
 * response line is at most 512 octets with its CRLF (RFC 2449 4). */
mp_rc mp_pop3_resp_parse(mp_slice line, uint64_t off, const mp_pop3_opts *o,
			 mp_pop3_resp *resp_r, mp_diags *d);

/* Listing lines of multi-line responses (already dot-unstuffed):
 * scan listing "msg SP size" (LIST, RFC 1939 5), unique-id listing
 * "msg SP unique-id" (UIDL, RFC 1939 7: 1-70 octets 0x21-0x7E), and a
 * CAPA line "tag *(SP param)" (RFC 2449 5, 6). MP_OK or MP_INVALID. */
mp_rc mp_pop3_scan_parse(mp_slice line, uint64_t off, uint64_t *msg_r,
			 uint64_t *size_r, mp_diags *d);
mp_rc mp_pop3_uidl_parse(mp_slice line, uint64_t off, uint64_t *msg_r,
			 mp_slice *uid_r, mp_diags *d);
typedef struct mp_pop3_capa {
	mp_slice tag;    /* "SASL", "TOP", "LOGIN-DELAY", ... */
	mp_slice params; /* the rest after tag SP, or empty */
} mp_pop3_capa;
mp_rc mp_pop3_capa_parse(mp_slice line, uint64_t off, mp_pop3_capa *cap_r,
			 mp_diags *d);

/* Canonical printers: upper-case keyword, single SP, CRLF. MP_OK with
 * *len_r, or MP_NOSPACE. Parse(print(x)) equals x under *_eq. */
mp_rc mp_pop3_cmd_write(const mp_pop3_cmd *c, uint8_t *out, size_t cap,
			size_t *len_r);
bool mp_pop3_cmd_eq(const mp_pop3_cmd *a, const mp_pop3_cmd *b);
mp_rc mp_pop3_resp_write(const mp_pop3_resp *r, uint8_t *out, size_t cap,
			 size_t *len_r);
bool mp_pop3_resp_eq(const mp_pop3_resp *a, const mp_pop3_resp *b);

/* JSON fields of a command / response (the caller opens the object). */
void mp_pop3_cmd_json(mp_json *j, const mp_pop3_cmd *c);
void mp_pop3_resp_json(mp_json *j, const mp_pop3_resp *r);

/* ---- incremental stream readers (contract: mailprobe/line.h) -------- */

typedef enum mp_pop3_ev_kind {
	MP_POP3_EV_COMMAND,   /* client: ev.cmd */
	MP_POP3_EV_SASL,      /* client: a SASL response line (ev.line) */
	MP_POP3_EV_TLS,       /* client or server: TLS starts; the rest of
	                         the stream is opaque (ev.line: those bytes) */
	MP_POP3_EV_GREETING,  /* server: ev.resp */
	MP_POP3_EV_STATUS,    /* server: ev.resp; ev.multiline tells whether
	                         lines and an END follow */
	MP_POP3_EV_LINE,      /* server: one unstuffed line of a multi-line
	                         response (ev.line, without the line end);
	                         when a hint says it answers LIST, UIDL or
	                         CAPA, the line is checked as a listing */
	MP_POP3_EV_END,       /* server: the "." line ending it */
} mp_pop3_ev_kind;

typedef struct mp_pop3_event {
	mp_pop3_ev_kind kind;
	uint64_t off;        /* stream offset of the item's first byte */
	mp_pop3_cmd cmd;
	mp_pop3_resp resp;
	mp_slice line;
	bool multiline;
	mp_pop3_verb answers; /* server: the command a hint said this answers,
	                         or MP_POP3_UNKNOWN */
} mp_pop3_event;

#define MP_POP3_HINTS_MAX 64

typedef struct mp_pop3_reader {
	mp_linerd lr;
	mp_pop3_opts opts;
	bool server;
	bool greeted;
	bool in_multi;
	bool opaque;
	bool tls_pending;   /* client: STLS sent; server: next +OK starts TLS */
	int sasl;           /* client: SASL lines expected (-1: until "*") */
	mp_pop3_verb multi_verb;
	/* hints: the commands the server answers, in order (server side) */
	struct { mp_pop3_verb verb; bool multi; } hint[MP_POP3_HINTS_MAX];
	size_t hint_head, hint_n;
} mp_pop3_reader;

/* Sets up a reader for one side. */
void mp_pop3_reader_init(mp_pop3_reader *r, bool server,
			 const mp_pop3_opts *o);
/* Server side: the next response answers cmd (pushed by a caller that
 * sees the client side). Without hints the reader decides from the bytes:
 * a +OK is single-line when the next line starts with "+" or "-ERR", and
 * multi-line otherwise; the answer to STLS can then not be told and the
 * TLS bytes are reported as lines. MP_NOSPACE when the queue is full. */
mp_rc mp_pop3_reader_expect(mp_pop3_reader *r, const mp_pop3_cmd *cmd);
/* MP_OK with *ev_r, or MP_NEED_MORE. With eof set nothing follows buf:
 * a last line without CRLF is read, an open multi-line response is a diag
 * (POP3_MULTI_TRUNCATED). *used_r as in line.h. */
mp_rc mp_pop3_next(mp_pop3_reader *r, const uint8_t *buf, size_t len,
		   bool eof, mp_pop3_event *ev_r, size_t *used_r,
		   mp_diags *d);

#endif
