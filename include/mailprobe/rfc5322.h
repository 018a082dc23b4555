/* mailprobe/rfc5322.h: the Internet Message Format header layer.
 *   RFC 5322 2.1.1 (line lengths), 2.2 (header fields, unfolding), 3.2
 *   (lexical tokens: FWS, CFWS, atoms, quoted strings), 3.3 (date-time),
 *   3.4 (addresses), 3.6 (the fields, their counts), 4 (obsolete syntax);
 *   RFC 6532 3 (UTF-8 in header fields); RFC 5321 4.4 (trace fields);
 *   RFC 2047 (encoded-words) with RFC 2231 5 (language in charset).
 *
 * Three layers:
 *   1. the header-section reader (mp_rfc5322_next): takes the message in
 *      any split under the contract of mailprobe/line.h and yields fields
 *      one by one, each a slice of the caller's buffer with its stream
 *      offset; it checks what lines and field names carry (2.1.1, 2.2,
 *      3.6 counts) and ends at the empty line or at the end of input;
 *   2. the structured-field parsers (addresses, msg-ids, date-time,
 *      Received, Return-Path) over a field body as the reader gives it,
 *      folds included, so every diag offset is a stream offset;
 *   3. RFC 2047 decoding of unstructured text, phrases and comments into
 *      UTF-8 (parsers/rfc2047.c, iconv per call, no global state).
 *
 * Strict by default: obsolete syntax (RFC 5322 4) makes a parse
 * MP_INVALID. MP_RFC5322_LENIENT accepts it, and bare LF line ends, and
 * still records a diag for each. Results are slices into the caller's
 * bytes; lists come from the caller's arena (MP_NOSPACE and ARENA_FULL
 * when it is full). The MIME fields are in mailprobe/mime.h. */
#ifndef MAILPROBE_RFC5322_H
#define MAILPROBE_RFC5322_H

#include "mailprobe/arena.h"
#include "mailprobe/diag.h"
#include "mailprobe/limits.h"
#include "mailprobe/line.h"
#include "mailprobe/slice.h"

#define MP_RFC5322_LENIENT 0x1 /* obs-* syntax, bare LF: accepted, reported */
#define MP_RFC5322_UTF8 0x2    /* RFC 6532: UTF-8 in field bodies is no fault */
#define MP_RFC5322_PART 0x4    /* the header of a MIME body part: no RFC 5322
                                  3.6 count checks (Date, From ...) */

typedef struct mp_rfc5322_opts {
	unsigned flags;
	size_t max_field;   /* bytes held for one field; 0 = MP_RFC5322_FIELD_MAX */
	size_t max_fields;  /* fields yielded; 0 = MP_RFC5322_FIELDS_MAX */
	unsigned max_depth; /* comment nesting; 0 = MP_RFC5322_DEPTH_MAX */
} mp_rfc5322_opts;

/* ---- the known fields (RFC 5322 3.6, RFC 2045, RFC 2183) ------------- */
typedef enum mp_hdr {
	MP_HDR_OTHER = 0, /* optional-field: any other name */
	MP_HDR_DATE, MP_HDR_FROM, MP_HDR_SENDER, MP_HDR_REPLY_TO, MP_HDR_TO,
	MP_HDR_CC, MP_HDR_BCC, MP_HDR_MESSAGE_ID, MP_HDR_IN_REPLY_TO,
	MP_HDR_REFERENCES, MP_HDR_SUBJECT, MP_HDR_COMMENTS, MP_HDR_KEYWORDS,
	MP_HDR_RESENT_DATE, MP_HDR_RESENT_FROM, MP_HDR_RESENT_SENDER,
	MP_HDR_RESENT_TO, MP_HDR_RESENT_CC, MP_HDR_RESENT_BCC,
	MP_HDR_RESENT_MESSAGE_ID, MP_HDR_RETURN_PATH, MP_HDR_RECEIVED,
	MP_HDR_MIME_VERSION, MP_HDR_CONTENT_TYPE, MP_HDR_CONTENT_TE,
	MP_HDR_CONTENT_ID, MP_HDR_CONTENT_DESCRIPTION,
	MP_HDR_CONTENT_DISPOSITION,
	MP_HDR_COUNT
} mp_hdr;

/* "Date", "From" ... ("" for MP_HDR_OTHER). */
const char *mp_hdr_name(mp_hdr h);
/* The id of a field name (ASCII case-insensitive), MP_HDR_OTHER else. */
mp_hdr mp_hdr_lookup(mp_slice name);

/* ---- the header-section reader ------------------------------------------ */

typedef enum mp_rfc5322_kind {
	MP_RFC5322_FIELD = 0, /* a header field */
	MP_RFC5322_JUNK = 1,  /* lines that are no field (no name, no colon,
	                         a fold with no field before it) */
	MP_RFC5322_END = 2,   /* the end of the header section */
} mp_rfc5322_kind;

typedef struct mp_rfc5322_field {
	mp_rfc5322_kind kind;
	mp_hdr id;
	mp_slice name;  /* the field name as sent (FIELD) */
	mp_slice value; /* the body after ":", folds included, without the
	                   last line end; at most max_field bytes */
	mp_slice raw;   /* name through the last line end (or what was held) */
	uint64_t off;   /* stream offset of raw.p[0] */
	uint64_t voff;  /* stream offset of value.p[0] */
	size_t lines;   /* physical lines of the field */
	bool truncated; /* the field was longer than max_field; the rest of
	                   it was skipped */
	/* END only: */
	uint64_t body_off; /* stream offset of the body (after the empty line);
	                      the end of input when there is no empty line */
	bool has_body;     /* an empty line was seen */
} mp_rfc5322_field;

typedef struct mp_rfc5322_reader {
	mp_rfc5322_opts opts;
	uint64_t off;   /* stream offset of the next unconsumed byte */
	/* private */
	mp_linerd lr;   /* peeks at lines of the held field */
	size_t held;    /* bytes of whole lines of the pending field in buf */
	size_t lines;
	size_t nfields;
	uint8_t state;
	bool cut_line;  /* the last held line was cut by the line cap */
	bool from_many; /* From holds more than one mailbox (3.6.2) */
	uint16_t counts[MP_HDR_COUNT];
} mp_rfc5322_reader;

/* A zeroed reader with zeroed opts is valid; this copies o (NULL = 0). */
void mp_rfc5322_reader_init(mp_rfc5322_reader *r, const mp_rfc5322_opts *o);

/* Next item of buf[0..len) under the contract of mailprobe/line.h. A field
 * is held in buf unconsumed until the first byte of the line after it
 * shows it complete (or eof), so the caller's buffer needs max_field + 2
 * bytes of room at most. MP_OK with *f_r (FIELD, JUNK, then END once),
 * MP_NEED_MORE otherwise; after END every call returns MP_NEED_MORE and
 * consumes nothing: the rest of buf is the body. With eof set no bytes
 * follow: what is held is yielded, then END. Diags (rules-rfc5322.def):
 * line lengths, line ends, octets, field names and the RFC 5322 3.6
 * counts (unless MP_RFC5322_PART), each at its stream offset. */
mp_rc mp_rfc5322_next(mp_rfc5322_reader *r, const uint8_t *buf, size_t len,
		      bool eof, mp_rfc5322_field *f_r, size_t *used_r,
		      mp_diags *d);

/* Unfolds a field body (RFC 5322 2.2.3): every CRLF (or bare LF) that is
 * followed by WSP is removed. out needs at most value.n bytes. MP_OK and
 * *len_r, or MP_NOSPACE (nothing useful in out). */
mp_rc mp_rfc5322_unfold(mp_slice value, uint8_t *out, size_t cap,
			size_t *len_r);

/* Checks an unstructured body (RFC 5322 3.2.5: *([FWS] VCHAR) *WSP, with
 * obs-utext in lenient mode): control octets, 8-bit octets (RFC 6532).
 * MP_OK or MP_INVALID. voff is the stream offset of value.p[0]. */
mp_rc mp_rfc5322_unstructured_check(mp_slice value, uint64_t voff,
				    const mp_rfc5322_opts *o, mp_diags *d);

/* ---- addresses (RFC 5322 3.4, 4.4) ------------------------------------- */

typedef struct mp_rfc5322_mailbox {
	mp_slice display; /* the phrase as sent (first word to last word,
	                     inner CFWS kept), empty when none */
	mp_slice route;   /* obs-route as sent (without its ":"), or empty */
	mp_slice local;   /* local-part as sent: quotes kept; an
	                     obs-local-part keeps its inner CFWS */
	mp_slice domain;  /* dot-atom, domain-literal (brackets kept) or
	                     obs-domain as sent */
	uint64_t off;     /* stream offset of the mailbox's first token */
	bool angle;       /* name-addr: the addr-spec stood in "<" ">" */
	bool has_display;
	bool domain_literal;
	bool obsolete;    /* some obs-* production was used */
	bool smtp_ok;     /* also a Mailbox of RFC 5321 4.1.2 (Dot-string or
	                     Quoted-string, Domain or address literal, the
	                     4.5.3.1 lengths): checked with mp_smtp_domain_parse */
} mp_rfc5322_mailbox;

typedef struct mp_rfc5322_address {
	bool group;
	mp_rfc5322_mailbox mb;       /* !group */
	mp_slice group_name;         /* group: display-name as sent */
	mp_rfc5322_mailbox *members; /* group: from the arena */
	size_t nmembers;
	uint64_t off;
} mp_rfc5322_address;

typedef struct mp_rfc5322_addrlist {
	mp_rfc5322_address *v; /* from the arena */
	size_t n;
} mp_rfc5322_addrlist;

/* What a field body must hold. */
typedef enum mp_rfc5322_addr_form {
	MP_ADDR_LIST = 0,    /* address-list (To, Cc, Reply-To, Resent-To ...) */
	MP_ADDR_LIST_OPT,    /* address-list / CFWS (Bcc, Resent-Bcc) */
	MP_MAILBOX_LIST,     /* mailbox-list (From, Resent-From) */
	MP_MAILBOX_ONE,      /* mailbox (Sender, Resent-Sender) */
} mp_rfc5322_addr_form;

/* Parses an address field body (value as the reader gives it; voff its
 * stream offset). MP_OK with *l_r; MP_INVALID (diags say where; *l_r has
 * what was read); MP_NOSPACE when the arena is full (ARENA_FULL). */
mp_rc mp_rfc5322_addrlist_parse(mp_slice value, uint64_t voff,
				mp_rfc5322_addr_form form,
				const mp_rfc5322_opts *o, mp_arena *a,
				mp_rfc5322_addrlist *l_r, mp_diags *d);

/* A lone addr-spec (local-part "@" domain), optionally surrounded by
 * CFWS: for address checks outside fields. Same return values. */
mp_rc mp_rfc5322_addr_spec_parse(mp_slice s, uint64_t off,
				 const mp_rfc5322_opts *o,
				 mp_rfc5322_mailbox *mb_r, mp_diags *d);

/* The canonical form: mailboxes as [display SP] "<" [route ":"]
 * local "@" domain ">" or local "@" domain when there was no display or
 * route, groups as name ":" members ";" with ", " between members and
 * addresses. CFWS outside the slices is dropped. MP_OK and *len_r, or
 * MP_NOSPACE. Parsing the output gives an equal list (mp_rfc5322_addrlist_eq). */
mp_rc mp_rfc5322_addrlist_write(const mp_rfc5322_addrlist *l, uint8_t *out,
				size_t cap, size_t *len_r);
bool mp_rfc5322_addrlist_eq(const mp_rfc5322_addrlist *a,
			    const mp_rfc5322_addrlist *b);

/* ---- msg-id (RFC 5322 3.6.4) -------------------------------------------- */

typedef struct mp_rfc5322_msgid {
	mp_slice left;  /* id-left */
	mp_slice right; /* id-right (no-fold-literal keeps its brackets) */
	uint64_t off;   /* of "<" */
	bool obsolete;
} mp_rfc5322_msgid;

typedef struct mp_rfc5322_msgids {
	mp_rfc5322_msgid *v; /* from the arena */
	size_t n;
	size_t phrases;      /* obs-references / obs-in-reply-to phrases */
} mp_rfc5322_msgids;

/* one: exactly one msg-id (Message-ID, Resent-Message-ID, Content-ID),
 * else 1*msg-id (In-Reply-To, References). Same return values. */
mp_rc mp_rfc5322_msgids_parse(mp_slice value, uint64_t voff, bool one,
			      const mp_rfc5322_opts *o, mp_arena *a,
			      mp_rfc5322_msgids *l_r, mp_diags *d);
/* "<left@right>" separated by SP. MP_OK or MP_NOSPACE. */
mp_rc mp_rfc5322_msgids_write(const mp_rfc5322_msgids *l, uint8_t *out,
			      size_t cap, size_t *len_r);

/* ---- date-time (RFC 5322 3.3, 4.3) -------------------------------------- */

typedef struct mp_rfc5322_date {
	int year, month, day;  /* month 1-12; year as meant (obs-year mapped) */
	int hour, min, sec;
	int zone;              /* minutes east of UTC */
	int dow;               /* 0 = Sun ... 6 = Sat, when has_dow */
	bool has_dow, has_sec;
	bool zone_unknown;     /* "-0000", military and unknown zone names */
	bool obsolete;
	uint64_t off;          /* of the first token */
} mp_rfc5322_date;

/* Parses a date-time body. Range checks (month day counts with leap
 * years, hours, minutes, seconds 0-60, zone minutes) and the day-of-week
 * agreement with the date are diags. MP_OK, or MP_INVALID. */
mp_rc mp_rfc5322_date_parse(mp_slice value, uint64_t voff,
			    const mp_rfc5322_opts *o, mp_rfc5322_date *dt_r,
			    mp_diags *d);
/* "Fri, 21 Nov 1997 09:55:06 -0600" (day-of-week only when has_dow,
 * seconds always). MP_OK or MP_NOSPACE (needs 32 bytes at most). */
mp_rc mp_rfc5322_date_write(const mp_rfc5322_date *dt, uint8_t *out,
			    size_t cap, size_t *len_r);
/* Day of the week of a Gregorian date, 0 = Sunday. */
int mp_rfc5322_weekday(int year, int month, int day);
/* Seconds since 1970-01-01T00:00:00Z (the zone applied). */
int64_t mp_rfc5322_date_epoch(const mp_rfc5322_date *dt);

/* ---- trace fields (RFC 5322 3.6.7, RFC 5321 4.4) ------------------------- */

typedef struct mp_rfc5322_received_kv {
	mp_slice name;  /* "from", "by", "via", "with", "id", "for", or other */
	mp_slice value; /* the token after it (addr-spec, angle-addr, word) */
	uint64_t off;
} mp_rfc5322_received_kv;

typedef struct mp_rfc5322_received {
	mp_rfc5322_received_kv *v; /* from the arena */
	size_t n;
	mp_rfc5322_date date;
	bool has_date;             /* lenient: obs-received has none */
} mp_rfc5322_received;

/* received = "Received:" [1*received-token / CFWS] ";" date-time */
mp_rc mp_rfc5322_received_parse(mp_slice value, uint64_t voff,
				const mp_rfc5322_opts *o, mp_arena *a,
				mp_rfc5322_received *r_r, mp_diags *d);

/* return = "Return-Path:" path; path = angle-addr / ([CFWS] "<" [CFWS] ">"
 * [CFWS]). *null_r for "<>"; else *mb_r. */
mp_rc mp_rfc5322_return_path_parse(mp_slice value, uint64_t voff,
				   const mp_rfc5322_opts *o,
				   mp_rfc5322_mailbox *mb_r, bool *null_r,
				   mp_diags *d);

/* keywords = phrase *("," phrase): *n_r phrases. */
mp_rc mp_rfc5322_keywords_parse(mp_slice value, uint64_t voff,
				const mp_rfc5322_opts *o, size_t *n_r,
				mp_diags *d);

/* ---- one call per field ------------------------------------------------- */

/* Checks a field by its id: the structured parsers above for the fields
 * of RFC 5322 3.6, mailprobe/mime.h for the MIME fields, the unstructured
 * check for the rest (RFC 2047 words in Subject, Comments and
 * Content-Description are decoded into scratch memory from a, so their
 * rules are checked too). MP_OK, MP_INVALID or MP_NOSPACE. */
mp_rc mp_rfc5322_field_check(const mp_rfc5322_field *f,
			     const mp_rfc5322_opts *o, mp_arena *a,
			     mp_diags *d);

/* ---- RFC 2047 encoded-words (parsers/rfc2047.c) ------------------------- */

typedef enum mp_rfc2047_ctx {
	MP_2047_TEXT = 0, /* unstructured: *text, RFC 2047 5 (1) */
	MP_2047_PHRASE,   /* a phrase (display names): 5 (3) */
	MP_2047_COMMENT,  /* the text of a comment: 5 (2) */
} mp_rfc2047_ctx;

/* Decodes a field body (or a phrase or comment text, as ctx says) into
 * UTF-8: folds are unfolded; encoded-words are decoded from their charset
 * (iconv: UTF-8, US-ASCII, ISO-8859-*, Windows-125x, KOI8-R, EUC-KR,
 * ISO-2022-KR, EUC-JP, ISO-2022-JP, Shift_JIS, GB2312, GBK, GB18030,
 * Big5 ... whatever iconv knows; "charset*lang" as RFC 2231 5); linear
 * white space between adjacent encoded-words is dropped; in PHRASE mode
 * quoted strings lose their quotes and quoted-pairs (never decoded: RFC
 * 2047 5 (3)), comments are dropped, words are joined by one SP; other
 * text is copied as it is. An encoded-word that breaks a rule is copied
 * as it is and reported (RFC2047_* rules), as are an unknown charset and
 * octets invalid in the charset (U+FFFD written for them).
 * MP_OK with *len_r, MP_INVALID (written anyway, diags say why), or
 * MP_NOSPACE (out too small: 3 * value.n + 16 is always enough). */
mp_rc mp_rfc2047_decode(mp_slice value, uint64_t voff, mp_rfc2047_ctx ctx,
			const mp_rfc5322_opts *o, uint8_t *out, size_t cap,
			size_t *len_r, mp_diags *d);

/* Converts in (octets of charset) to UTF-8 with iconv; invalid octets
 * become U+FFFD with a diag (RFC2047_CHARSET_INVALID at off + their
 * index); MP_INVALID with RFC2047_CHARSET_UNKNOWN when iconv does not know
 * the charset (nothing written). A "*lang" suffix is ignored. MP_OK,
 * MP_INVALID or MP_NOSPACE. Shared with the RFC 2231 parameter decoder. */
mp_rc mp_charset_to_utf8(mp_slice charset, mp_slice in, uint64_t off,
			 uint8_t *out, size_t cap, size_t *len_r,
			 mp_diags *d);

/* Encodes UTF-8 text as encoded-words of charset UTF-8 ('B' or 'Q'), each
 * at most 75 octets and never splitting a character, separated by SP.
 * MP_OK with *len_r, MP_NOSPACE, MP_INVALID when text is not UTF-8. */
mp_rc mp_rfc2047_encode(mp_slice text, char enc, uint8_t *out, size_t cap,
			size_t *len_r);

#endif
