/* mailprobe/mime.h: the MIME header fields, one field body at a time.
 *   RFC 2045 4 (MIME-Version), 5 (Content-Type, defaults 5.2), 6
 *   (Content-Transfer-Encoding, default 6.1), 7 (Content-ID), 8
 *   (Content-Description: unstructured, see mp_rfc2047_decode);
 *   RFC 2046 4.1.2 (charset), 5.1.1 (boundary), 5.1.5 (digest default);
 *   RFC 2183 (Content-Disposition); RFC 2231 (parameter continuations,
 *   charset and language, %XX encoding).
 *
 * The API boundary: this module parses field bodies as the RFC 5322
 * reader (mailprobe/rfc5322.h) yields them and says what a part is
 * (mp_mime_part_fields, with the RFC defaults); walking a message's
 * part tree (boundaries, nesting, bodies) is a separate module built on
 * top of these calls and mp_rfc5322_next, and needs nothing else from
 * here. Results are slices into the caller's bytes, parameter lists from
 * the caller's arena, diags with stream offsets (rules-mime.def). */
#ifndef MAILPROBE_MIME_H
#define MAILPROBE_MIME_H

#include "mailprobe/rfc5322.h"

/* ---- parameters (RFC 2045 5.1, RFC 2231) -------------------------------- */

typedef struct mp_mime_param {
	mp_slice attr;   /* the attribute as sent: "title*1*" */
	mp_slice name;   /* without the RFC 2231 suffix: "title" */
	mp_slice value;  /* as sent: a token, or a quoted-string with its quotes */
	uint64_t off;    /* stream offset of attr */
	uint64_t voff;   /* stream offset of value */
	int section;     /* *N, or -1 when none */
	bool extended;   /* a trailing "*": value is ext-value / ext-octets */
	bool quoted;
} mp_mime_param;

typedef struct mp_mime_params {
	const mp_mime_param *v; /* from the arena, in the order sent */
	size_t n;
} mp_mime_params;

/* The value of parameter name (ASCII case-insensitive) as meant: RFC 2231
 * sections reassembled in their numeric order whatever the order sent,
 * quoted-strings unquoted, %XX decoded and converted from the charset of
 * section 0 to UTF-8 (iconv, as mp_charset_to_utf8; no charset: the
 * octets as they are). A plain "name=" is used when there is no RFC 2231
 * form. Diags: missing and duplicate sections, ext-value syntax, %
 * escapes, charset problems (they are also pushed by mp_mime_params_check;
 * pass d NULL when that ran). *charset_r and *lang_r (may be NULL) get the
 * slices of section 0. MP_OK with *len_r, MP_NEED_MORE when there is no
 * such parameter, MP_INVALID (written anyway), MP_NOSPACE. */
mp_rc mp_mime_param_get(const mp_mime_params *ps, const char *name,
			uint8_t *out, size_t cap, size_t *len_r,
			mp_slice *charset_r, mp_slice *lang_r, mp_diags *d);

/* Checks every parameter name once: duplicates, RFC 2231 section
 * numbering and encodings (decoding each into scratch from a). MP_OK or
 * MP_INVALID; MP_NOSPACE when a is too small for the scratch. */
mp_rc mp_mime_params_check(const mp_mime_params *ps, mp_arena *a,
			   mp_diags *d);

/* ---- Content-Type (RFC 2045 5.1) ---------------------------------------- */

typedef struct mp_mime_ctype {
	mp_slice type, subtype; /* as sent (compare ASCII case-insensitive) */
	mp_mime_params params;
	uint64_t off;
	bool defaulted;         /* filled by mp_mime_ctype_default */
} mp_mime_ctype;

/* content := type "/" subtype *(";" parameter). MP_OK, MP_INVALID (diags;
 * *ct_r holds what was read: RFC 2045 5.2 says to use the default then,
 * see mp_mime_part_fields), MP_NOSPACE. */
mp_rc mp_mime_ctype_parse(mp_slice value, uint64_t voff,
			  const mp_rfc5322_opts *o, mp_arena *a,
			  mp_mime_ctype *ct_r, mp_diags *d);
/* The default Content-Type: text/plain; charset=us-ascii (RFC 2045 5.2),
 * or message/rfc822 inside multipart/digest (RFC 2046 5.1.5). The
 * parameter lives in static storage. */
void mp_mime_ctype_default(mp_mime_ctype *ct, bool in_digest);
/* type/subtype comparisons, ASCII case-insensitive. */
bool mp_mime_ctype_is(const mp_mime_ctype *ct, const char *type,
		      const char *subtype /* NULL: any */);

/* ---- Content-Transfer-Encoding (RFC 2045 6) ---------------------------- */

typedef enum mp_mime_cte {
	MP_CTE_7BIT = 0, /* the default (RFC 2045 6.1) */
	MP_CTE_8BIT, MP_CTE_BINARY, MP_CTE_QP, MP_CTE_BASE64,
	MP_CTE_XTOKEN,   /* "x-..." */
	MP_CTE_UNKNOWN,  /* anything else: treat the part as
	                    application/octet-stream (RFC 2045 6.4) */
} mp_mime_cte;

const char *mp_mime_cte_name(mp_mime_cte c); /* "7bit" ... */
mp_rc mp_mime_cte_parse(mp_slice value, uint64_t voff,
			const mp_rfc5322_opts *o, mp_mime_cte *cte_r,
			mp_slice *token_r, mp_diags *d);

/* ---- MIME-Version (RFC 2045 4) ----------------------------------------- */

/* version := 1*DIGIT "." 1*DIGIT, comments allowed between the tokens.
 * MP_OK with major/minor; MIME_VERSION_VALUE when not 1.0. */
mp_rc mp_mime_version_parse(mp_slice value, uint64_t voff,
			    const mp_rfc5322_opts *o, unsigned *major_r,
			    unsigned *minor_r, mp_diags *d);

/* ---- Content-Disposition (RFC 2183) ------------------------------------ */

typedef enum mp_mime_disp_kind {
	MP_DISP_INLINE = 0, MP_DISP_ATTACHMENT, MP_DISP_OTHER,
} mp_mime_disp_kind;

typedef struct mp_mime_disp {
	mp_mime_disp_kind kind;
	mp_slice type;          /* as sent */
	mp_mime_params params;
	bool has_size;
	uint64_t size;          /* size= */
	uint64_t off;
} mp_mime_disp;

/* disposition := disposition-type *(";" disposition-parm). filename,
 * creation-date, modification-date, read-date (quoted date-time) and size
 * are checked. Same return values as mp_mime_ctype_parse. */
mp_rc mp_mime_disp_parse(mp_slice value, uint64_t voff,
			 const mp_rfc5322_opts *o, mp_arena *a,
			 mp_mime_disp *dp_r, mp_diags *d);

/* ---- Content-ID (RFC 2045 7) ------------------------------------------- */
mp_rc mp_mime_cid_parse(mp_slice value, uint64_t voff,
			const mp_rfc5322_opts *o, mp_rfc5322_msgid *id_r,
			mp_diags *d);

/* ---- a part's fields, with the defaults --------------------------------- */

typedef struct mp_mime_part_fields {
	mp_mime_ctype ctype;    /* parsed, or the default */
	mp_mime_cte cte;        /* parsed, or MP_CTE_7BIT */
	mp_slice cte_token;
	mp_mime_disp disp;
	bool has_ctype, has_cte, has_disp, has_version, has_cid;
	mp_rfc5322_msgid cid;
	unsigned version_major, version_minor;
	bool octet_stream;      /* an unknown encoding: RFC 2045 6.4 says to
	                           treat the part as application/octet-stream */
} mp_mime_part_fields;

/* Starts a part with every default in place (RFC 2045 5.2, 6.1; RFC 2046
 * 5.1.5 when in_digest). */
void mp_mime_part_init(mp_mime_part_fields *pf, bool in_digest);
/* Feeds one field of the part's header: MIME fields are parsed into pf
 * (an invalid Content-Type leaves the default in place, RFC 2045 5.2),
 * other fields are ignored (MP_OK). Same return values as the parsers. */
mp_rc mp_mime_part_field(mp_mime_part_fields *pf, const mp_rfc5322_field *f,
			 const mp_rfc5322_opts *o, mp_arena *a, mp_diags *d);

#endif
