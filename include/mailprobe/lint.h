/* mailprobe/lint.h: the message linter, a library function over the
 * header reader (mailprobe/rfc5322.h), the field checks
 * (mp_rfc5322_field_check: addresses, dates, msg-ids, MIME fields, RFC
 * 2047), the part tree walker (mailprobe/mimetree.h) with its decoders
 * and 7bit/8bit validation, and the 7-bit and line checker
 * (mailprobe/wire.h).
 *
 * Rules it gathers, each at its stream offset: From and Date present,
 * singleton fields not repeated (RFC 5322 3.6); lines of 998 (MUST) and
 * 78 (SHOULD) octets in the header and the body (RFC 5322 2.1.1); CRLF
 * only, NUL; 8-bit octets in the header (RFC 5322 2.2, RFC 6532) and in
 * bodies against their declared encoding (RFC 2045 2.7, 2.8, 6.2);
 * MIME-Version where MIME fields are used (RFC 2045 4); boundaries,
 * nesting, close delimiters (RFC 2046 5.1.1); base64 and QP that do not
 * decode cleanly (RFC 2045 6.7, 6.8); encoded-words (RFC 2047).
 *
 * Findings are per rule: the first offset and how often it was broken,
 * so memory stays bounded whatever the message. Incremental under the
 * contract of mailprobe/line.h. No allocation: the caller owns the
 * struct (about 160 KB: put it on the heap) and the arena memory. */
#ifndef MAILPROBE_LINT_H
#define MAILPROBE_LINT_H

#include "mailprobe/mimetree.h"

#define MP_LINT_UTF8 0x1    /* RFC 6532: UTF-8 header fields are no fault */
#define MP_LINT_LENIENT 0x2 /* obsolete syntax and bare LF accepted (still
                               reported) */
#define MP_LINT_ARENA_MIN (256 * 1024) /* field checks of a 64 KiB field */
#define MP_LINT_SCRATCH 4096           /* decoded output per step */

typedef struct mp_lint_opts {
	unsigned flags;
	unsigned max_depth; /* 0 = MP_MT_DEPTH_DEFAULT */
} mp_lint_opts;

typedef struct mp_lint_finding {
	mp_rule rule;
	uint64_t first;  /* stream offset of the first time */
	uint64_t count;
} mp_lint_finding;

typedef struct mp_lint {
	mp_lint_opts opts;
	uint64_t off;     /* stream offset of the next unconsumed byte */
	uint64_t parts;   /* parts walked */
	bool done;
	/* private */
	mp_mimetree w;
	mp_rfc5322_opts ho;
	mp_8bitck ck;
	mp_arena a;
	mp_diags d;
	mp_diag dv[4096];
	uint64_t line_off;      /* of the current body line (78 check) */
	bool in_header;
	bool long_done;
	bool prev_cr;
	bool mime_fields;       /* some Content-* field was seen */
	bool version;           /* the top-level MIME-Version */
	uint64_t mime_at;
	uint64_t first[MP_R_COUNT];
	uint64_t count[MP_R_COUNT];
	uint8_t out[MP_LINT_SCRATCH];
} mp_lint;

/* mem/cap: arena memory for the field checks (at least
 * MP_LINT_ARENA_MIN). offset: stream offset of the first byte. */
void mp_lint_init(mp_lint *l, const mp_lint_opts *o, void *mem, size_t cap,
		  uint64_t offset);

/* Lints buf[0..len) under the contract of mailprobe/line.h: *used_r
 * bytes consumed; keep the rest, append, call again. With eof set no
 * bytes follow: the message is finished (done set) and MP_OK returned.
 * MP_NEED_MORE otherwise. */
mp_rc mp_lint_feed(mp_lint *l, const uint8_t *buf, size_t len, bool eof,
		   size_t *used_r);

/* The findings so far, ordered by first offset: up to cap written, the
 * number there are returned. */
size_t mp_lint_findings(const mp_lint *l, mp_lint_finding *v, size_t cap);

/* True when some finding is a MUST or SHOULD. */
bool mp_lint_nonconforming(const mp_lint *l);

#endif
