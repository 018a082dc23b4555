/* mailprobe/mimetree.h: the MIME part tree of a message, walked as a
 * stream.
 *   RFC 2045 5.2 and 6.1 (the defaults: text/plain; charset=us-ascii;
 *   7bit), 2.7, 2.8, 6.2 (7bit, 8bit and binary against what the content
 *   holds), 6.4 (encodings of composite types); RFC 2046 5.1.1 (boundary,
 *   delimiter lines with transport padding, the close delimiter,
 *   preamble and epilogue), 5.1.5 (digest default), 5.2.1
 *   (message/rfc822); RFC 6532 3.5 (message/global).
 *
 * An incremental, allocation-free walker under the contract of
 * mailprobe/line.h: a message in any split gives the same events (body
 * slices may be cut differently; their concatenation is the same). The
 * walker holds an entity stack of at most MP_MT_DEPTH_HARD frames in its
 * own struct; the caller's buffer needs the room of one header field
 * (mailprobe/rfc5322.h, max_field + 2) or one delimiter line
 * (MP_MT_DELIM_HOLD), whichever is larger. Headers are read by
 * mp_rfc5322_next; every field is handed to the caller (MP_MT_FIELD)
 * before the part that carries it begins (MP_MT_PART_BEGIN).
 *
 * Body octets come as raw slices of the caller's buffer and, with
 * MP_MT_DECODE, decoded through the base64 and quoted-printable decoders
 * of mailprobe/codec.h into the output the caller passes on each call
 * (7bit, 8bit, binary and unknown encodings: the decoded slice is the raw
 * one). Diags (rules-mimetree.def, rules-mime.def, the codecs') carry
 * stream offsets.
 *
 * Note: the Content-Type and Content-Transfer-Encoding bodies are read
 * here by a small local reader (type, subtype, boundary, charset, the
 * encoding token), apart from the full parsers of mailprobe/mime.h, on
 * purpose: the walker has to find parts the way mail readers do (an
 * unquoted "----=_NextPart_..." boundary is read to the next ";" or
 * white space, the first boundary and charset count) with no arena and
 * fixed memory per frame, while mime.h is the strict judge (every
 * parameter, RFC 2231 sections and charsets, duplicates) that the
 * linter applies to the same fields; the walker's own diags cover only
 * what it relies on. mp_mt_param_next walks parameters for callers that
 * want them all. */
#ifndef MAILPROBE_MIMETREE_H
#define MAILPROBE_MIMETREE_H

#include "mailprobe/codec.h"
#include "mailprobe/mime.h"
#include "mailprobe/rfc5322.h"
#include "mailprobe/wire.h"

#define MP_MT_DEPTH_DEFAULT 32  /* nesting followed when opts say 0 */
#define MP_MT_DEPTH_HARD 64     /* frames the walker has room for */
#define MP_MT_BOUNDARY_MAX 70   /* RFC 2046 5.1.1 */
#define MP_MT_PAD_MAX 200       /* transport padding after a delimiter:
                                   longer, and the line is no delimiter */
#define MP_MT_DELIM_HOLD (2 + 2 + MP_MT_BOUNDARY_MAX + 2 + MP_MT_PAD_MAX + 2)
#define MP_MT_TOKEN_MAX 63      /* type, subtype, charset kept (cut longer) */
#define MP_MT_OUT_MIN 128       /* decoded output space per call */

#define MP_MT_DECODE 0x1   /* decode base64 and QP bodies into out */
#define MP_MT_VALIDATE 0x2 /* check 7bit/8bit bodies against their octets */
#define MP_MT_QUIET_FIELDS 0x4 /* no diags about Content-Type and
                                  Content-Transfer-Encoding bodies: the
                                  caller checks every field itself
                                  (mp_rfc5322_field_check) */

typedef struct mp_mt_opts {
	unsigned flags;
	unsigned max_depth;       /* 0 = MP_MT_DEPTH_DEFAULT; at most HARD */
	mp_rfc5322_opts hdr;      /* for every header (PART added for parts) */
} mp_mt_opts;

typedef enum mp_mt_kind {
	MP_MT_FIELD = 0,      /* ev.field: a header field (or JUNK) */
	MP_MT_PART_BEGIN = 1, /* ev.part: the part's header was read */
	MP_MT_BODY = 2,       /* ev.raw (and ev.dec): octets of a leaf body */
	MP_MT_PREAMBLE = 3,   /* ev.raw: the preamble of a multipart (ev.part) */
	MP_MT_EPILOGUE = 4,   /* ev.raw: the epilogue of a multipart (ev.part) */
	MP_MT_PART_END = 5,   /* ev.part: sizes final */
	MP_MT_END = 6,        /* the message was walked to its end */
} mp_mt_kind;

typedef enum mp_mt_shape {
	MP_MT_LEAF = 0,      /* a body of octets */
	MP_MT_MULTIPART = 1, /* preamble, parts, epilogue */
	MP_MT_MESSAGE = 2,   /* message/rfc822 or message/global: one child,
	                        the encapsulated message */
} mp_mt_shape;

typedef struct mp_mt_part {
	uint32_t id;       /* 0 for the message, then in order of appearance */
	uint32_t parent;   /* UINT32_MAX for the message */
	uint32_t depth;    /* 0 for the message */
	uint32_t index;    /* among its siblings, from 0 */
	mp_mt_shape shape;
	/* Content-Type, lower-cased, NUL-terminated; defaults applied */
	char type[MP_MT_TOKEN_MAX + 1], subtype[MP_MT_TOKEN_MAX + 1];
	char charset[MP_MT_TOKEN_MAX + 1]; /* "" when the type has none */
	char boundary[MP_MT_BOUNDARY_MAX + 1];
	mp_mime_cte cte;
	bool has_ctype;    /* a valid Content-Type was sent */
	bool has_cte, has_version, ctype_invalid;
	bool decoded;      /* its body goes through a decoder (MP_MT_DECODE) */
	bool closed;       /* multipart: its close delimiter was seen */
	uint64_t off;      /* stream offset of the header */
	uint64_t body_off; /* of the body */
	uint64_t end_off;  /* PART_END: the end of the body (a delimiter's
	                      line end before it is not body) */
	uint64_t raw_size; /* leaf: body octets; else end_off - body_off */
	uint64_t dec_size; /* leaf with decoded: octets decoded, else raw_size */
	uint32_t children;
} mp_mt_part;

typedef struct mp_mt_event {
	mp_mt_kind kind;
	const mp_mt_part *part;  /* valid until the next call */
	mp_rfc5322_field field;  /* FIELD */
	mp_slice raw;            /* BODY, PREAMBLE, EPILOGUE: in buf (a BODY
	                            with raw.n 0 carries a decoder's tail) */
	mp_slice dec;            /* BODY: in out, or raw when not decoded */
	uint64_t off;            /* stream offset of raw.p[0] or the event */
} mp_mt_event;

typedef struct mp_mt_frame {
	mp_mt_part part;
	uint8_t state;
	uint8_t blen;
	bool digest;       /* multipart/digest: children default message/rfc822 */
} mp_mt_frame;

typedef struct mp_mimetree {
	mp_mt_opts opts;
	uint64_t off;      /* stream offset of the next unconsumed byte */
	/* private */
	mp_mt_frame f[MP_MT_DEPTH_HARD + 1];
	uint32_t nf;       /* frames open */
	uint32_t next_id;
	uint32_t active;   /* multiparts whose boundary is live */
	mp_rfc5322_reader hr;
	mp_b64dec b64;
	mp_qpdec qp;
	mp_8bitck ck;
	mp_diag ckv[8];
	mp_diags ckd;
	uint64_t pend_at;  /* offset for diags of the pending action */
	uint64_t pend_end; /* end_off for the frames popped */
	uint32_t pop_to;   /* frames left open after popping */
	uint8_t pend;      /* pending action after a delimiter or eof */
	bool pend_close;
	bool tail_done;    /* the leaf being popped has flushed its decoder */
	bool bol;          /* buf[0] is at a line start with no line end before */
	bool done;
	size_t safe;       /* buf[0..safe) is known to be body */
} mp_mimetree;

/* A fresh walk; o may be NULL (all defaults). offset: stream offset of
 * the first byte fed. */
void mp_mimetree_init(mp_mimetree *w, const mp_mt_opts *o, uint64_t offset);

/* Next event of buf[0..len) under the contract of mailprobe/line.h;
 * with eof set no bytes follow. out/cap: decoded output for this call
 * (used only with MP_MT_DECODE; cap at least MP_MT_OUT_MIN while a
 * decoded body is being walked, else MP_NOSPACE and nothing consumed).
 * MP_OK with *ev_r; MP_NEED_MORE; after END every call returns
 * MP_NEED_MORE and consumes nothing. Diags at stream offsets. */
mp_rc mp_mimetree_next(mp_mimetree *w, const uint8_t *buf, size_t len,
		       bool eof, uint8_t *out, size_t cap, mp_mt_event *ev_r,
		       size_t *used_r, mp_diags *d);

/* "leaf", "multipart", "message"; names of the event kinds. */
const char *mp_mt_shape_name(mp_mt_shape s);
const char *mp_mt_kind_name(mp_mt_kind k);
/* "7bit", "8bit", "binary", "quoted-printable", "base64", "x-token",
 * "unknown" (local until mp_mime_cte_name is in the library). */
const char *mp_mt_cte_name(mp_mime_cte c);

/* The parameters of a Content-Type (or Content-Disposition) body, one per
 * call from *pos (start at 0): attribute and value as sent (a quoted
 * value keeps its quotes). MP_OK, MP_NEED_MORE when there are no more,
 * MP_INVALID when the rest does not parse. A stop-gap for the callers of
 * this module until mp_mime_ctype_parse is in the library. */
mp_rc mp_mt_param_next(mp_slice value, size_t *pos, mp_slice *attr_r,
		       mp_slice *val_r);

#endif
