/* reports/escape.h: hostile bytes out, one function per output context.
 *
 * Every string in a results file came from a server or a capture. Each
 * writer below makes any byte sequence inert in its context and visible to
 * a person: control bytes, invalid UTF-8, noncharacters and the Unicode
 * format characters that reorder or hide text (bidi overrides, zero-width
 * joiners, line separators) are written as ASCII tokens: \r \n \t \0
 * \xHH (a byte), \u{HHHH} (a code point). */
#ifndef MAILPROBE_REPORTS_ESCAPE_H
#define MAILPROBE_REPORTS_ESCAPE_H

#include <stdio.h>

#include "mailprobe/slice.h"

#define MR_TOKEN_MAX 16

/* The next character of p[0..n) (n > 0). Returns the bytes it spans. When
 * it must be shown as a token, tok holds it (NUL-terminated ASCII) and the
 * return is nonzero; otherwise tok[0] is NUL and the bytes are printable
 * text (ASCII 0x20-0x7E or valid UTF-8). */
size_t mr_vis_next(const uint8_t *p, size_t n, char tok[MR_TOKEN_MAX]);

/* HTML text and double- or single-quoted attribute values (the same
 * escaping serves both: & < > " ' are references). */
void mr_esc_html(FILE *f, mp_slice s);
/* The inside of a JSON string placed in an HTML <script> element: no
 * "</script", "<!--" or "]]>" can form (< > & / are \u escapes). */
void mr_esc_script_json(FILE *f, mp_slice s);
/* XML 1.0 text and attribute values: & < > " ' as references, and only
 * characters XML allows (the rest as tokens). */
void mr_esc_xml(FILE *f, mp_slice s);
/* Markdown (CommonMark and GFM) inline text, also inside a table cell:
 * ASCII punctuation that can start markup is backslash-escaped, so no
 * emphasis, code, link, autolink, HTML or cell boundary can form. At most
 * max_chars characters (0: all), then "...". */
void mr_esc_md(FILE *f, mp_slice s, size_t max_chars);
/* Plain C string helpers for the same contexts. */
static inline void mr_esc_html_c(FILE *f, const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	mr_esc_html(f, MP_SLICE(s, n));
}

#endif
