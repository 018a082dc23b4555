/* rfc5322-private.h: the lexer shared by parsers/rfc5322*.c, rfc2047.c
 * and mime-fields.c only (STYLE 1). One cursor over a field body as the
 * reader gives it (folds included), so every offset is a stream offset. */
#ifndef MP_RFC5322_PRIVATE_H
#define MP_RFC5322_PRIVATE_H

#include "mailprobe/mime.h"
#include "mailprobe/rfc5322.h"

/* Character classes of RFC 5322 3.2.3-3.4.1 and RFC 2045 5.1. */
enum {
	K_ATEXT = 1,   /* atext (3.2.3) */
	K_CTEXT = 2,   /* ctext (3.2.2): printable but ( ) \ */
	K_QTEXT = 4,   /* qtext (3.2.4): printable but \ " */
	K_DTEXT = 8,   /* dtext (3.4.1): printable but [ ] \ */
	K_FTEXT = 16,  /* ftext (3.6.8): printable but : */
	K_TOKEN = 32,  /* RFC 2045 token: printable but tspecials */
	K_WSP = 64,    /* SP HTAB */
	K_ACHAR = 128, /* RFC 2231 attribute-char: token but * ' % */
};
extern const uint8_t mp_rfc5322_cc[256];
#define KC(c, m) ((mp_rfc5322_cc[(uint8_t)(c)] & (m)) != 0)

/* obs-NO-WS-CTL = %d1-8 / %d11 / %d12 / %d14-31 / %d127 */
static inline bool mp_obs_ctl(uint8_t c)
{
	return (c >= 1 && c <= 8) || c == 11 || c == 12 ||
	       (c >= 14 && c <= 31) || c == 127;
}

typedef struct mp_lx {
	mp_slice s;       /* the field body */
	size_t i;         /* cursor */
	uint64_t off;     /* stream offset of s.p[0] */
	unsigned flags;
	unsigned max_depth;
	mp_diags *d;
	bool bad;         /* a MUST/SHOULD rule broke (strict), or a rule
	                     that lenient mode does not forgive */
} mp_lx;

void mp_lx_init(mp_lx *x, mp_slice s, uint64_t off, const mp_rfc5322_opts *o,
		mp_diags *d);
/* Pushes rule at s index at; marks the parse bad. */
void mp_lx_diag(mp_lx *x, size_t at, mp_rule r);
/* Obsolete syntax: pushes; bad only in strict mode. */
void mp_lx_obs(mp_lx *x, size_t at, mp_rule r);
static inline bool mp_lx_eof(const mp_lx *x) { return x->i >= x->s.n; }
static inline int mp_lx_peek(const mp_lx *x)
{
	return x->i < x->s.n ? x->s.p[x->i] : -1;
}

/* Length of a fold (CRLF or bare LF then WSP) at i, or 0. */
size_t mp_lx_fold_at(const mp_lx *x, size_t i);
/* FWS = ([*WSP CRLF] 1*WSP) / obs-FWS: true when some was skipped. */
bool mp_lx_fws(mp_lx *x);
/* CFWS: FWS and comments (nested up to max_depth). True when some. */
bool mp_lx_cfws(mp_lx *x);
/* One comment at the cursor ("(" ...): false when none is there. */
bool mp_lx_comment(mp_lx *x);
/* Length of a UTF-8 non-ASCII sequence at i (2-4), or 0; with a diag
 * when the octet is 8-bit and UTF-8 is not allowed or invalid. The
 * caller treats invalid octets as one-octet text. */
size_t mp_lx_8bit(mp_lx *x, size_t i);
/* 1*atext (with UTF8-non-ascii): the length scanned from the cursor,
 * cursor moved; 0 when none. */
size_t mp_lx_atext(mp_lx *x);
/* quoted-string without its surrounding CFWS; cursor at DQUOTE. false
 * when there is none. Pushes diags for obs-qp, controls, unclosed. */
bool mp_lx_quoted(mp_lx *x);
/* word = atom / quoted-string, surrounding CFWS skipped. *w_r the atom
 * or quoted string (quotes kept). */
bool mp_lx_word(mp_lx *x, mp_slice *w_r);
/* dot-atom-text at the cursor (no CFWS). Length, 0 when none. Stops at
 * a "." not followed by atext (not consumed). */
size_t mp_lx_dot_atom_text(mp_lx *x);

/* RFC 2045 token at the cursor (no CFWS); length, 0 when none. */
size_t mp_lx_token(mp_lx *x);

/* Appends s to out[*n..cap); false when it does not fit. */
bool mp_put(uint8_t *out, size_t cap, size_t *n, mp_slice s);
static inline bool mp_putc(uint8_t *out, size_t cap, size_t *n, uint8_t c)
{
	if (*n >= cap)
		return false;
	out[(*n)++] = c;
	return true;
}

/* Charset conversion to UTF-8 (rfc2047.c), shared with RFC 2231. */
#include <iconv.h>
enum { MP_CV_NONE = 0, MP_CV_UTF8, MP_CV_ASCII, MP_CV_ICONV };
typedef struct mp_conv {
	int kind;
	iconv_t cd;
	mp_slice cs;        /* the charset of the open converter */
	uint8_t carry[16];  /* an incomplete character held for the next piece */
	size_t ncarry;
	uint64_t off;       /* diag offset for invalid octets */
	bool reported;      /* CHARSET_INVALID pushed since off was set */
	bool invalid;
} mp_conv;
typedef struct mp_sink {
	uint8_t *p;
	size_t cap, n;
	bool nospace;       /* set once something did not fit */
} mp_sink;
void mp_sink_put(mp_sink *o, const uint8_t *p, size_t n);
void mp_sink_fffd(mp_sink *o);
/* false when the charset is unknown (nothing to close then). */
bool mp_conv_open(mp_conv *cv, mp_slice charset);
/* Invalid octets: U+FFFD and one RFC2047_CHARSET_INVALID at cv->off. */
void mp_conv_feed(mp_conv *cv, const uint8_t *in, size_t n, mp_sink *o,
		  mp_diags *d);
/* Flushes (U+FFFD for a held partial character) and frees. */
void mp_conv_close(mp_conv *cv, mp_sink *o);

/* The date-time grammar from the cursor (rfc5322-date.c), for Received
 * and Content-Disposition dates. */
bool mp_rfc5322_date_lx(mp_lx *x, mp_rfc5322_date *dt);
/* Addresses a list holds (parsed without diags or arena). */
size_t mp_rfc5322_addr_count(mp_slice value, mp_rfc5322_addr_form form,
			     unsigned flags);
/* One msg-id at the cursor, CFWS around skipped (rfc5322-addr.c). */
bool mp_rfc5322_msgid_lx(mp_lx *x, mp_rfc5322_msgid *m);

#endif
