/* mailprobe/wire.h: wire rules shared by SMTP, POP3 and IMAP.
 *   - dot-stuffing decoder and encoder (RFC 5321 4.5.2, RFC 1939 3),
 *     incremental, zero-copy on decode;
 *   - end-of-data ambiguity scanner (the SMTP smuggling basis);
 *   - 7-bit / 8-bit / line checker (RFC 5321 2.3.8 and 4.5.3.1.6,
 *     RFC 5322 2.1.1 and 2.3, RFC 6152, RFC 3030, RFC 6531).
 * All follow the incremental contract of mailprobe/line.h. */
#ifndef MAILPROBE_WIRE_H
#define MAILPROBE_WIRE_H

#include "mailprobe/diag.h"
#include "mailprobe/slice.h"

/* ---- dot-stuffing decoder ------------------------------------------
 * Fed the bytes that follow a DATA 354 (or a POP3 multi-line +OK line),
 * it yields the unstuffed content as slices of the input (a stuffed
 * leading dot is skipped by ending one slice before it) and then END when
 * the terminating "." CRLF has been consumed. The CRLF before the "." is
 * content: the last line's end. The start of the data is a line start. */

/* Leniency flags: each still records a diag where it applies. */
#define MP_DOT_LENIENT_LF 0x1 /* also end on LF "." LF / LF "." CRLF */

typedef enum mp_dot_kind {
	MP_DOT_PIECE = 0, /* ev.piece: content bytes */
	MP_DOT_END = 1,   /* the terminator was consumed; ev.off is its "." */
} mp_dot_kind;

typedef struct mp_dot_event {
	mp_dot_kind kind;
	mp_slice piece; /* MP_DOT_PIECE only */
	uint64_t off;   /* stream offset of piece.p[0], or of the END dot */
} mp_dot_event;

typedef struct mp_dotdec {
	uint64_t off;   /* stream offset of the next unconsumed byte */
	unsigned flags;
	int state;      /* private */
	bool done;      /* END was returned; further calls return MP_NEED_MORE
	                   and consume nothing */
} mp_dotdec;

/* offset: stream offset of the first byte to be fed. */
void mp_dotdec_init(mp_dotdec *d, unsigned flags, uint64_t offset);
/* MP_OK with *ev_r, or MP_NEED_MORE (all of buf consumed or, when done,
 * nothing). Diags: bare CR/LF around a would-be terminator, etc. */
mp_rc mp_dotdec_next(mp_dotdec *d, const uint8_t *buf, size_t len,
		     mp_dot_event *ev_r, size_t *used_r, mp_diags *diags);

/* ---- dot-stuffing encoder ------------------------------------------
 * Writes in[] dot-stuffed into out[]; incremental over any split. */
#define MP_DOTENC_NORMALIZE 0x1 /* turn bare LF and bare CR into CRLF */

typedef struct mp_dotenc {
	unsigned flags;
	int state; /* private */
} mp_dotenc;

void mp_dotenc_init(mp_dotenc *e, unsigned flags);
/* Encodes as much of in[0..n) as fits: *used_r input bytes consumed,
 * *wrote_r output bytes written. MP_OK when all input was consumed,
 * MP_NOSPACE when out filled first (call again with the rest). Needs at
 * most 2n+2 bytes of out for n bytes of in. */
mp_rc mp_dotenc_write(mp_dotenc *e, const uint8_t *in, size_t n,
		      uint8_t *out, size_t cap, size_t *used_r,
		      size_t *wrote_r);
/* The terminator: CRLF first when the content did not end in CRLF, then
 * "." CRLF (at most 5 bytes). MP_NOSPACE if cap is too small. */
mp_rc mp_dotenc_finish(mp_dotenc *e, uint8_t *out, size_t cap,
		       size_t *wrote_r);

/* ---- end-of-data ambiguity scanner ---------------------------------
 * Scans a raw DATA stream for every sequence some receiver might take
 * as end of data although it is not CRLF "." CRLF: LF.LF, CR.CR,
 * LF.CRLF, CRLF.LF, CRLF.CR, CR.CRLF, CR.LF, LF.CR ... Each is reported
 * once as a diag at the offset of its first byte. */
typedef struct mp_eodscan {
	uint64_t off; /* stream offset of the next byte */
	uint32_t hist; /* private: last bytes seen */
	uint8_t nhist;
} mp_eodscan;

void mp_eodscan_init(mp_eodscan *s, uint64_t offset);
/* Consumes all of buf; returns the number of ambiguous sequences found in
 * this call (also pushed as diags). */
size_t mp_eodscan_feed(mp_eodscan *s, const uint8_t *buf, size_t len,
		       mp_diags *diags);
size_t mp_eodscan_finish(mp_eodscan *s, mp_diags *diags);

/* ---- 7-bit and line checker ----------------------------------------- */
typedef enum mp_body_need {
	MP_NEED_7BIT = 0,       /* 7bit: ASCII, CRLF lines <= 998, no NUL */
	MP_NEED_8BITMIME = 1,   /* octets > 127 in CRLF lines <= 998, no NUL */
	MP_NEED_BINARYMIME = 2, /* NUL, bare CR/LF or longer lines: BDAT only */
} mp_body_need;

typedef struct mp_8bit_stats {
	uint64_t bytes, lines, high, nul, bare_cr, bare_lf, long_lines;
	uint64_t max_line;  /* longest line before its CRLF */
	bool utf8_valid;    /* every high octet is part of valid UTF-8 */
} mp_8bit_stats;

typedef struct mp_8bitck {
	uint64_t off;
	size_t max_line;    /* 0 = MP_MSG_LINE_MAX (998) */
	mp_8bit_stats st;
	uint64_t line_len;  /* private */
	int state;          /* private */
	uint8_t utf8_need;  /* private */
} mp_8bitck;

void mp_8bitck_init(mp_8bitck *c, size_t max_line, uint64_t offset);
/* Consumes all of buf; one diag per offending octet or line. */
void mp_8bitck_feed(mp_8bitck *c, const uint8_t *buf, size_t len,
		    mp_diags *diags);
/* Ends the stream (a last line without CRLF is counted) and returns the
 * verdict. */
mp_body_need mp_8bitck_finish(mp_8bitck *c, mp_diags *diags);
const char *mp_body_need_name(mp_body_need n); /* "7BIT", "8BITMIME", "BINARYMIME" */

#endif
