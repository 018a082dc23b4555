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
/* MP_OK with *ev_r, or MP_NEED_MORE. Pieces always point into buf. To
 * decide about a dot at a line start the decoder needs up to three bytes
 * (". CR LF"); when they are not all in buf it leaves them unconsumed
 * (*used_r < len) for the caller to feed again with more bytes. At end of
 * stream, bytes left unconsumed mean the terminator never came. After END
 * (done set) calls consume nothing. In lenient mode each end accepted on
 * a bare LF is a diag (WIRE_DOT_END_BARE_LF). */
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
 * Scans a raw DATA stream for every "." that stands between two line
 * breaks where the pair is not CRLF . CRLF: X "." Y with X one of CRLF,
 * bare LF, bare CR and Y one of CRLF, bare LF, bare CR. Each occurrence is
 * one diag (WIRE_EOD_<X>_DOT_<Y>) at the offset of X's first byte. The
 * start of the stream counts as CRLF (it follows "DATA" CRLF). */
typedef struct mp_eodscan {
	uint64_t off;     /* stream offset of the next byte */
	uint8_t h1, h2;   /* private: the last two bytes (h1 the latest) */
	uint64_t start;   /* private: offset of the stream's first byte */
	uint8_t pend;     /* private: a dot waiting for its Y: 0, or 1 + X */
	uint8_t pend_cr;  /* the byte after that dot was CR */
	uint64_t pend_off;
} mp_eodscan;

void mp_eodscan_init(mp_eodscan *s, uint64_t offset);
/* Consumes all of buf; returns the number of ambiguous sequences found in
 * this call (also pushed as diags). Any split gives the same diags. */
size_t mp_eodscan_feed(mp_eodscan *s, const uint8_t *buf, size_t len,
		       mp_diags *diags);
/* Ends the stream: a pending "." CR counts as X "." CR. */
size_t mp_eodscan_finish(mp_eodscan *s, mp_diags *diags);

/* ---- 7-bit and line checker -----------------------------------------
 * Reports the offset of every octet over 127 (a NOTE: 8BITMIME allows
 * them), every NUL, bare CR, bare LF, and every line over max_line octets
 * before its CRLF (once per line, at the offset of octet max_line + 1),
 * and decides what the content needs. */
typedef enum mp_body_need {
	MP_NEED_7BIT = 0,       /* ASCII, CRLF lines <= 998, no NUL */
	MP_NEED_8BITMIME = 1,   /* octets > 127 in CRLF lines <= 998, no NUL
	                           (RFC 6152) */
	MP_NEED_BINARYMIME = 2, /* NUL, bare CR/LF or longer lines: only BDAT
	                           with BODY=BINARYMIME carries it (RFC 3030) */
} mp_body_need;

typedef struct mp_8bit_stats {
	uint64_t bytes, lines, high, nul, bare_cr, bare_lf, long_lines;
	uint64_t max_line;   /* longest line before its line end */
	uint64_t header_high; /* octets > 127 before the first empty line */
	bool utf8_valid;     /* every octet > 127 is part of valid UTF-8 */
} mp_8bit_stats;

typedef struct mp_8bitck {
	uint64_t off;        /* stream offset of the next byte */
	size_t max_line;     /* 0 = MP_MSG_LINE_MAX (998) */
	mp_8bit_stats st;
	uint64_t line_off;   /* private: offset where the current line began */
	bool prev_cr;        /* private: the last byte was CR */
	bool in_header;      /* private: no empty line seen yet */
	bool long_reported;  /* private */
	uint8_t utf8_need;   /* private: continuation bytes still due */
	uint8_t utf8_lo, utf8_hi; /* private: range of the next one */
	uint64_t utf8_at;    /* private: where the pending sequence began */
} mp_8bitck;

void mp_8bitck_init(mp_8bitck *c, size_t max_line, uint64_t offset);
/* Consumes all of buf; one diag per offending octet or line. */
void mp_8bitck_feed(mp_8bitck *c, const uint8_t *buf, size_t len,
		    mp_diags *diags);
/* Ends the stream (a last line without CRLF is counted) and returns the
 * verdict. */
mp_body_need mp_8bitck_finish(mp_8bitck *c, mp_diags *diags);
/* After finish: true when the header section carries 8-bit octets that
 * are valid UTF-8, so the message needs SMTPUTF8 (RFC 6531 3.3) besides
 * its body verdict. */
bool mp_8bitck_needs_smtputf8(const mp_8bitck *c);
const char *mp_body_need_name(mp_body_need n); /* "7BIT", "8BITMIME", "BINARYMIME" */

/* The vector paths of the 7-bit check. AUTO picks the widest the CPU has
 * (AVX2, else SSE2); tests and fuzz targets force each narrower one to
 * prove they all agree with the byte-at-a-time path. Process-wide. */
typedef enum mp_simd {
	MP_SIMD_AUTO,
	MP_SIMD_SSE2,    /* 64-byte blocks with SSE2 even where AVX2 exists */
	MP_SIMD_NARROW,  /* no 64-byte blocks: 16-byte skips and the byte path */
} mp_simd;
void mp_wire_simd(mp_simd level);

/* ---- TLS after STARTTLS / STLS --------------------------------------
 * Does p start a TLS handshake record (0x16 0x03 0x00-0x04, RFC 8446
 * 5.1)? A line of a text protocol never does. 1 yes, 0 no, -1 too few
 * bytes to tell (only when !eof). */
int mp_wire_tls_start(const uint8_t *p, size_t n, bool eof);

#endif
