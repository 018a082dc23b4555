/* escape.c: the output escapers of escape.h. */
#include <string.h>

#include "escape.h"

static uint32_t decode(const uint8_t *p, size_t k)
{
	switch (k) {
	case 1: return p[0];
	case 2: return ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
	case 3: return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
		       (p[2] & 0x3F);
	default: return ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
			((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
	}
}

/* Code points shown as tokens although valid: C1 controls, format
 * characters that reorder or hide text, separators, noncharacters. */
static bool hidden_cp(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || cp == 0xAD || cp == 0x061C ||
	       (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF ||
	       (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE ||
	       (cp >= 0xFFF9 && cp <= 0xFFFB) || (cp >= 0xE0000 && cp <= 0xE007F);
}

size_t mr_vis_next(const uint8_t *p, size_t n, char tok[MR_TOKEN_MAX])
{
	static const char hex[] = "0123456789ABCDEF";
	uint8_t c = p[0];
	tok[0] = '\0';
	if (c >= 0x20 && c < 0x7F)
		return 1;
	if (c < 0x80) {
		const char *t = NULL;
		switch (c) {
		case '\r': t = "\\r"; break;
		case '\n': t = "\\n"; break;
		case '\t': t = "\\t"; break;
		case '\0': t = "\\0"; break;
		default: break;
		}
		if (t != NULL) {
			memcpy(tok, t, 3);
		} else {
			memcpy(tok, "\\x", 2);
			tok[2] = hex[c >> 4];
			tok[3] = hex[c & 15];
			tok[4] = '\0';
		}
		return 1;
	}
	size_t k = mp_utf8_seq_len(p, n);
	if (k == 0) {
		memcpy(tok, "\\x", 2);
		tok[2] = hex[c >> 4];
		tok[3] = hex[c & 15];
		tok[4] = '\0';
		return 1;
	}
	uint32_t cp = decode(p, k);
	if (hidden_cp(cp)) {
		size_t i = 0;
		char digits[8];
		int nd = 0;
		do {
			digits[nd++] = hex[cp & 15];
			cp >>= 4;
		} while (cp != 0 || nd < 4);
		tok[i++] = '\\';
		tok[i++] = 'u';
		tok[i++] = '{';
		while (nd > 0)
			tok[i++] = digits[--nd];
		tok[i++] = '}';
		tok[i] = '\0';
	}
	return k;
}

/* Writes s with each byte of `special` replaced by its reference from
 * refs (same order) and tokens through tok_out. */
static void esc_refs(FILE *f, mp_slice s, const char *special, const char *const *refs,
		     void (*tok_out)(FILE *, const char *))
{
	char tok[MR_TOKEN_MAX];
	size_t i = 0;
	while (i < s.n) {
		size_t k = mr_vis_next(s.p + i, s.n - i, tok);
		if (tok[0] != '\0') {
			tok_out(f, tok);
		} else if (k == 1 && strchr(special, s.p[i]) != NULL) {
			fputs(refs[strchr(special, s.p[i]) - special], f);
		} else {
			fwrite(s.p + i, 1, k, f);
		}
		i += k;
	}
}

static void tok_plain(FILE *f, const char *tok) { fputs(tok, f); }

static const char *const markup_refs[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&#39;" };

void mr_esc_html(FILE *f, mp_slice s) { esc_refs(f, s, "&<>\"'", markup_refs, tok_plain); }

void mr_esc_xml(FILE *f, mp_slice s) { esc_refs(f, s, "&<>\"'", markup_refs, tok_plain); }

void mr_esc_script_json(FILE *f, mp_slice s)
{
	static const char *const refs[] = {
		"\\u003c", "\\u003e", "\\u0026", "\\u002f", "\\\"", "\\\\", "\\u0027",
	};
	/* tokens carry a backslash: escaped for JSON */
	char tok[MR_TOKEN_MAX];
	size_t i = 0;
	while (i < s.n) {
		size_t k = mr_vis_next(s.p + i, s.n - i, tok);
		if (tok[0] != '\0') {
			for (const char *t = tok; *t; t++)
				fputs(*t == '\\' ? "\\\\" : (char[]){ *t, 0 }, f);
		} else if (k == 1 && strchr("<>&/\"\\'", s.p[i]) != NULL) {
			fputs(refs[strchr("<>&/\"\\'", s.p[i]) - "<>&/\"\\'"], f);
		} else {
			fwrite(s.p + i, 1, k, f);
		}
		i += k;
	}
}

/* Markdown: ASCII punctuation that can open or close inline markup (or a
 * table cell) is escaped; ':' and '@' break GFM autolinks of URLs and
 * e-mail addresses, and '.' after "www" breaks www. autolinks. */
void mr_esc_md(FILE *f, mp_slice s, size_t max_chars)
{
	static const char special[] = "\\`*_{}[]()<>#+-!|~&:@";
	char tok[MR_TOKEN_MAX];
	size_t i = 0, chars = 0;
	while (i < s.n) {
		if (max_chars && chars == max_chars) {
			fputs("...", f);
			return;
		}
		size_t k = mr_vis_next(s.p + i, s.n - i, tok);
		if (tok[0] != '\0') {
			for (const char *t = tok; *t; t++) {
				if (strchr(special, *t) != NULL)
					fputc('\\', f);
				fputc(*t, f);
			}
		} else if (k == 1 && (strchr(special, s.p[i]) != NULL ||
				      (s.p[i] == '.' && i >= 3 &&
				       (s.p[i - 1] | 0x20) == 'w' && (s.p[i - 2] | 0x20) == 'w' &&
				       (s.p[i - 3] | 0x20) == 'w'))) {
			fputc('\\', f);
			fputc(s.p[i], f);
		} else {
			fwrite(s.p + i, 1, k, f);
		}
		i += k;
		chars++;
	}
}
