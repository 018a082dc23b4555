/* mailprobe/codec.h: the transfer-encoding codecs of the message layer.
 *   base64: RFC 4648 4 (alphabet, padding), 3.3 (non-alphabet octets),
 *           3.5 (pad bits); RFC 2045 6.8 (MIME: 76-character lines, line
 *           breaks and other octets outside the alphabet ignored);
 *   quoted-printable: RFC 2045 6.7 (rules 1-5, 76-character lines).
 *
 * Every codec is incremental and allocation-free: a caller-owned state
 * (valid after *_init), fed any split of the input, writes into the
 * caller's output buffer. The same input gives the same output and the
 * same diags (same offsets, same order) whatever the split and whatever
 * the output capacities. One contract for all four:
 *
 *   mp_rc *_feed(st, in, len, out, cap, &used, &wrote, diags)
 *     consumes in[0..*used_r) and writes out[0..*wrote_r).
 *     MP_OK       all of in[] was consumed (*used_r == len);
 *     MP_NOSPACE  out[] filled first: *used_r < len, and the caller feeds
 *                 in[*used_r..len) again with fresh output space. An
 *                 input octet is consumed only together with all the
 *                 output it determines, so nothing is ever held back
 *                 for the caller to fetch and no diag is pushed twice.
 *   mp_rc *_finish(st, out, cap, &wrote, diags)
 *     ends the stream: writes what the end decides (padding, a pending
 *     escape), pushes the end-of-stream diags. MP_NOSPACE when cap is too
 *     small (nothing written, nothing pushed: call again with more).
 *     Decoders return MP_INVALID from finish when the stream broke a MUST
 *     or SHOULD rule (counted also when diags is NULL), else MP_OK.
 *
 * Decoders always decode: a problem is a diag (rules-codec.def) at its
 * stream offset (offset given at init + index), and decoding goes on as
 * the RFC's robust-decoder advice says. out may be NULL when cap is 0. */
#ifndef MAILPROBE_CODEC_H
#define MAILPROBE_CODEC_H

#include "mailprobe/diag.h"

/* RFC 2045 6.7 (5), 6.8: encoded lines are at most 76 characters. */
#define MP_CODEC_LINE_MAX 76

/* ---- base64 decoder ---------------------------------------------------
 * Each alphabet character after the first of a quantum completes one
 * output octet and writes it at once, so a decoder needs one octet of
 * output per character (at most 3 per 4 characters). Diags:
 *   B64_NON_ALPHABET  strict mode: an octet outside the alphabet and "="
 *                     (line breaks included), once per run, at its start;
 *   B64_JUNK          MIME mode: such an octet other than CR, LF, SP, TAB
 *                     (ignored), once per run, at its start;
 *   B64_PAD_POSITION  "=" where a quantum has 0 or 1 characters (ignored);
 *                     once per run of "=";
 *   B64_PAD_EXTRA     "=" after a quantum already complete ("QQ===",
 *                     "QUI=="), once per run;
 *   B64_PAD_MISSING   "QQ=" not followed by its second "=" (at the octet
 *                     that came instead, or at the end of the stream);
 *   B64_DATA_AFTER_PAD alphabet characters after padding (decoded as a
 *                     new quantum), at the first of them;
 *   B64_TRUNCATED     the stream ends inside a quantum without padding,
 *                     at the quantum's first character;
 *   B64_PAD_BITS      the bits a 2- or 3-character quantum leaves unused
 *                     are not zero, at that quantum's last character;
 *   B64_LINE_TOO_LONG MIME mode: a line (between CR or LF octets) over
 *                     76 octets, once per line at its 77th octet. */
#define MP_B64_MIME 0x1 /* RFC 2045 6.8 rather than RFC 4648 3.3 */

typedef struct mp_b64dec {
	uint64_t off;      /* stream offset of the next input octet */
	uint64_t problems; /* MUST/SHOULD diags so far (also without a sink) */
	unsigned flags;
	/* private */
	uint64_t line_off, q_off, last_off;
	uint32_t acc;
	uint8_t nacc, pad, run;
	bool long_done;
} mp_b64dec;

void mp_b64dec_init(mp_b64dec *d, unsigned flags, uint64_t offset);
mp_rc mp_b64dec_feed(mp_b64dec *d, const uint8_t *in, size_t len,
		     uint8_t *out, size_t cap, size_t *used_r,
		     size_t *wrote_r, mp_diags *diags);
/* Never writes (every octet was written by feed); out/cap for symmetry. */
mp_rc mp_b64dec_finish(mp_b64dec *d, uint8_t *out, size_t cap,
		       size_t *wrote_r, mp_diags *diags);

/* ---- base64 encoder ---------------------------------------------------
 * MP_B64ENC_WRAP: lines of 76 characters joined by CRLF (RFC 2045 6.8);
 * the CRLF is written before the 77th character, so the output never
 * ends in CRLF. Without it, one unbroken line (RFC 4648 4). Writes whole
 * characters: a call makes progress whenever cap >= 4. */
#define MP_B64ENC_WRAP 0x1

typedef struct mp_b64enc {
	unsigned flags;
	/* private */
	uint32_t acc;
	uint8_t nacc;
	uint8_t col;
} mp_b64enc;

void mp_b64enc_init(mp_b64enc *e, unsigned flags);
mp_rc mp_b64enc_feed(mp_b64enc *e, const uint8_t *in, size_t len,
		     uint8_t *out, size_t cap, size_t *used_r,
		     size_t *wrote_r);
/* The last quantum with its padding: at most 3 octets. */
mp_rc mp_b64enc_finish(mp_b64enc *e, uint8_t *out, size_t cap,
		       size_t *wrote_r);
/* Output size for n input octets (encoded length incl. CRLFs); SIZE_MAX
 * when it does not fit in size_t. */
size_t mp_b64enc_len(size_t n, unsigned flags);

/* ---- quoted-printable decoder ----------------------------------------
 * Line breaks are CRLF, a bare LF or a bare CR (each bare one a diag);
 * a hard break is copied as it came, "=" before a break is a soft break
 * and writes nothing. Whitespace at the end of a line is deleted
 * (RFC 2045 6.7 (3)); the decoder holds such a run (up to
 * MP_QPDEC_HOLD octets: a longer run, only possible on a line already
 * over 76, is passed on but for its last part). Diags:
 *   QP_LOWER_HEX      "=3d": decoded, at the "=";
 *   QP_BAD_ESCAPE     "=" not followed by two hex digits or a line break
 *                     (also "=" or "=X" at the end): the octets are
 *                     passed through literally, at the "=";
 *   QP_TRAILING_WS    SP/TAB ending a line, deleted, at the first of them
 *                     (also between "=" and the break of a soft break);
 *   QP_LINE_TOO_LONG  an encoded line over 76 octets, at its 77th;
 *   QP_BARE_CR, QP_BARE_LF  at the octet;
 *   QP_8BIT           octets over 127 not encoded, once per run;
 *   QP_CONTROL        control octets (0-31 but TAB and line breaks, 127)
 *                     not encoded, once per run. */
#define MP_QPDEC_HOLD 80

typedef struct mp_qpdec {
	uint64_t off;      /* stream offset of the next input octet */
	uint64_t problems; /* MUST/SHOULD diags so far */
	/* private */
	uint64_t line_off, ws_off, eq_off, cr_off;
	uint8_t hold[MP_QPDEC_HOLD];
	uint8_t nhold, hpos, state, cr, run;
	bool flushing, long_done;
} mp_qpdec;

void mp_qpdec_init(mp_qpdec *d, uint64_t offset);
mp_rc mp_qpdec_feed(mp_qpdec *d, const uint8_t *in, size_t len,
		    uint8_t *out, size_t cap, size_t *used_r,
		    size_t *wrote_r, mp_diags *diags);
/* Writes at most 2 octets ("=" or "=X" left at the end) after any held
 * octets still being flushed; MP_NOSPACE (with *wrote_r octets written)
 * until they all fit: call again with fresh space. */
mp_rc mp_qpdec_finish(mp_qpdec *d, uint8_t *out, size_t cap,
		      size_t *wrote_r, mp_diags *diags);

/* ---- quoted-printable encoder ----------------------------------------
 * Canonical: "=", controls, octets over 126 and SP/TAB before a line
 * break or the end written "=XX" (upper-case hex); lines of at most 75
 * characters plus a soft-break "=" (so at most 76). Text mode keeps
 * CRLF as a hard break (a bare CR or LF is encoded); MP_QPENC_BINARY
 * encodes CR and LF too (RFC 2045 6.7 (4)). Writes whole tokens: a call
 * makes progress whenever cap >= 18 (a held SP and CR, a soft break and
 * an escape can be decided by one octet). */
#define MP_QPENC_BINARY 0x1

typedef struct mp_qpenc {
	unsigned flags;
	/* private */
	uint8_t col, ws, cr;
} mp_qpenc;

void mp_qpenc_init(mp_qpenc *e, unsigned flags);
mp_rc mp_qpenc_feed(mp_qpenc *e, const uint8_t *in, size_t len,
		    uint8_t *out, size_t cap, size_t *used_r,
		    size_t *wrote_r);
/* A held SP/TAB or CR: at most 12 octets. */
mp_rc mp_qpenc_finish(mp_qpenc *e, uint8_t *out, size_t cap,
		      size_t *wrote_r);

/* ---- vector paths -------------------------------------------------------
 * AUTO picks the widest path the CPU has (AVX2, else SSSE3/SSE2 where the
 * CPU has them, else portable words). Tests and fuzz targets force each
 * narrower one to prove they agree. Process-wide, like mp_wire_simd. */
typedef enum mp_codec_path {
	MP_CODEC_AUTO = 0,
	MP_CODEC_SSSE3 = 1,  /* 128-bit vectors even where AVX2 exists */
	MP_CODEC_SCALAR = 2, /* portable fast paths, no vectors */
	MP_CODEC_BYTE = 3,   /* no fast paths: the byte state machines only */
} mp_codec_path;
void mp_codec_simd(mp_codec_path path);
/* The path AUTO resolves to on this CPU, for reports: "avx2", "ssse3",
 * "scalar". */
const char *mp_codec_path_name(void);

#endif
