/* rjson.c: the strict, bounded JSON reader of rjson.h. Recursive descent,
 * depth bounded by the limits; values in one growable array, strings in
 * one buffer no bigger than the input. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mailprobe/slice.h"
#include "rjson.h"

#define NUMBER_CHARS_MAX 64

typedef struct rj_parser {
	const uint8_t *p;
	size_t n, pos;
	uint32_t depth, max_depth, max_values;
	rj_doc *doc;
	rj_error *err;
	mp_rc rc;
} rj_parser;

const char *rj_type_name(rj_type t)
{
	static const char *const names[] = {
		"null", "false", "true", "number", "string", "array", "object",
	};
	return (unsigned)t < MP_ARRAY_LEN(names) ? names[t] : "?";
}

static mp_rc fail_at(rj_parser *ps, size_t off, mp_rc rc, const char *fmt, ...)
{
	va_list ap;
	if (ps->rc != MP_OK)
		return ps->rc; /* the first error stands */
	ps->rc = rc;
	ps->err->off = off;
	va_start(ap, fmt);
	vsnprintf(ps->err->msg, sizeof ps->err->msg, fmt, ap);
	va_end(ap);
	return rc;
}

/* Byte at pos, described for an error message. */
static const char *what_at(const rj_parser *ps, char *buf, size_t cap)
{
	if (ps->pos >= ps->n)
		return "the end of the input";
	uint8_t c = ps->p[ps->pos];
	if (c > 0x20 && c < 0x7F && c != '\'')
		snprintf(buf, cap, "'%c'", c);
	else
		snprintf(buf, cap, "byte 0x%02X", c);
	return buf;
}

static void skip_ws(rj_parser *ps)
{
	while (ps->pos < ps->n) {
		uint8_t c = ps->p[ps->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			return;
		ps->pos++;
	}
}

static uint32_t new_val(rj_parser *ps, rj_type t)
{
	rj_doc *d = ps->doc;
	if (d->n >= ps->max_values) {
		fail_at(ps, ps->pos, MP_INVALID, "more than %u values", ps->max_values);
		return RJ_NONE;
	}
	if (d->n == d->cap) {
		uint64_t cap = d->cap ? (uint64_t)d->cap * 2 : 64;
		size_t bytes;
		if (cap > ps->max_values)
			cap = ps->max_values;
		if (!mp_mul_ok(cap, sizeof(rj_val), &bytes)) {
			fail_at(ps, ps->pos, MP_NOSPACE, "out of memory");
			return RJ_NONE;
		}
		rj_val *v = realloc(d->v, bytes);
		if (v == NULL) {
			fail_at(ps, ps->pos, MP_NOSPACE, "out of memory");
			return RJ_NONE;
		}
		d->v = v;
		d->cap = (uint32_t)cap;
	}
	uint32_t i = d->n++;
	memset(&d->v[i], 0, sizeof d->v[i]);
	d->v[i].type = (uint8_t)t;
	d->v[i].next = RJ_NONE;
	d->v[i].child = RJ_NONE;
	d->v[i].off = ps->pos;
	return i;
}

static int hex4(const uint8_t *p)
{
	int v = 0;
	for (int k = 0; k < 4; k++) {
		uint8_t c = p[k];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static void put_utf8(char *o, size_t *on, uint32_t cp)
{
	if (cp < 0x80) {
		o[(*on)++] = (char)cp;
	} else if (cp < 0x800) {
		o[(*on)++] = (char)(0xC0 | (cp >> 6));
		o[(*on)++] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		o[(*on)++] = (char)(0xE0 | (cp >> 12));
		o[(*on)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[(*on)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		o[(*on)++] = (char)(0xF0 | (cp >> 18));
		o[(*on)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
		o[(*on)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[(*on)++] = (char)(0x80 | (cp & 0x3F));
	}
}

/* A string at pos (the opening quote), decoded into doc->strs. */
static mp_rc parse_string(rj_parser *ps, uint32_t *at_r, uint32_t *len_r)
{
	rj_doc *d = ps->doc;
	size_t start = ps->pos++;
	size_t base = d->strs_n, on = base;
	char *o = d->strs;
	/* decoded bytes + NUL never exceed the input bytes they came from
	 * (quotes included), so strs (input size + 1) cannot overflow */
	while (ps->pos < ps->n) {
		uint8_t c = ps->p[ps->pos];
		if (c == '"') {
			ps->pos++;
			o[on] = '\0';
			*at_r = (uint32_t)base;
			*len_r = (uint32_t)(on - base);
			d->strs_n = on + 1;
			return MP_OK;
		}
		if (c < 0x20)
			return fail_at(ps, ps->pos, MP_INVALID,
				       "control byte 0x%02X inside a string (escape it)", c);
		if (c >= 0x80) {
			size_t k = mp_utf8_seq_len(ps->p + ps->pos, ps->n - ps->pos);
			if (k == 0)
				return fail_at(ps, ps->pos, MP_INVALID,
					       "invalid UTF-8 byte 0x%02X inside a string", c);
			memcpy(o + on, ps->p + ps->pos, k);
			on += k;
			ps->pos += k;
			continue;
		}
		if (c != '\\') {
			o[on++] = (char)c;
			ps->pos++;
			continue;
		}
		size_t esc = ps->pos;
		if (ps->pos + 1 >= ps->n)
			break;
		uint8_t e = ps->p[ps->pos + 1];
		ps->pos += 2;
		switch (e) {
		case '"': o[on++] = '"'; continue;
		case '\\': o[on++] = '\\'; continue;
		case '/': o[on++] = '/'; continue;
		case 'b': o[on++] = '\b'; continue;
		case 'f': o[on++] = '\f'; continue;
		case 'n': o[on++] = '\n'; continue;
		case 'r': o[on++] = '\r'; continue;
		case 't': o[on++] = '\t'; continue;
		case 'u': break;
		default:
			return fail_at(ps, esc, MP_INVALID, "unknown escape '\\%c'",
				       e >= 0x20 && e < 0x7F ? e : '?');
		}
		int cp = ps->n - ps->pos >= 4 ? hex4(ps->p + ps->pos) : -1;
		if (cp < 0)
			return fail_at(ps, esc, MP_INVALID, "\\u needs four hex digits");
		ps->pos += 4;
		if (cp >= 0x80 && cp <= 0xFF) {
			o[on++] = (char)cp; /* a raw byte (see rjson.h) */
			continue;
		}
		if (cp >= 0xDC00 && cp <= 0xDFFF)
			return fail_at(ps, esc, MP_INVALID, "lone low surrogate \\u%04X", cp);
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			int lo = -1;
			if (ps->n - ps->pos >= 6 && ps->p[ps->pos] == '\\' &&
			    ps->p[ps->pos + 1] == 'u')
				lo = hex4(ps->p + ps->pos + 2);
			if (lo < 0xDC00 || lo > 0xDFFF)
				return fail_at(ps, esc, MP_INVALID,
					       "high surrogate \\u%04X without its low half", cp);
			ps->pos += 6;
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		}
		put_utf8(o, &on, (uint32_t)cp);
	}
	return fail_at(ps, start, MP_INVALID, "string not closed before the end of the input");
}

static mp_rc parse_number(rj_parser *ps, uint32_t vi)
{
	size_t start = ps->pos, i = ps->pos;
	const uint8_t *p = ps->p;
	bool neg = false, is_int = true, fits = true;
	uint64_t mag = 0;
	if (i < ps->n && p[i] == '-') {
		neg = true;
		i++;
	}
	if (i >= ps->n || p[i] < '0' || p[i] > '9')
		return fail_at(ps, i, MP_INVALID, "a number needs a digit here");
	if (p[i] == '0' && i + 1 < ps->n && p[i + 1] >= '0' && p[i + 1] <= '9')
		return fail_at(ps, i, MP_INVALID, "leading zero in a number");
	while (i < ps->n && p[i] >= '0' && p[i] <= '9') {
		unsigned dg = p[i] - '0';
		if (mag > (UINT64_MAX - dg) / 10)
			fits = false;
		else
			mag = mag * 10 + dg;
		i++;
	}
	if (i < ps->n && p[i] == '.') {
		is_int = false;
		i++;
		if (i >= ps->n || p[i] < '0' || p[i] > '9')
			return fail_at(ps, i, MP_INVALID, "a digit must follow the decimal point");
		while (i < ps->n && p[i] >= '0' && p[i] <= '9')
			i++;
	}
	if (i < ps->n && (p[i] == 'e' || p[i] == 'E')) {
		is_int = false;
		i++;
		if (i < ps->n && (p[i] == '+' || p[i] == '-'))
			i++;
		if (i >= ps->n || p[i] < '0' || p[i] > '9')
			return fail_at(ps, i, MP_INVALID, "a digit must follow the exponent");
		while (i < ps->n && p[i] >= '0' && p[i] <= '9')
			i++;
	}
	if (i - start > NUMBER_CHARS_MAX)
		return fail_at(ps, start, MP_INVALID, "number longer than %d characters",
			       NUMBER_CHARS_MAX);
	char tmp[NUMBER_CHARS_MAX + 1];
	memcpy(tmp, p + start, i - start);
	tmp[i - start] = '\0';
	rj_val *v = &ps->doc->v[vi];
	v->d = strtod(tmp, NULL);
	if (is_int && fits && mag <= (uint64_t)INT64_MAX + (neg ? 1u : 0u)) {
		v->is_int = true;
		v->i = neg ? (int64_t)(0 - mag) : (int64_t)mag;
	}
	ps->pos = i;
	return MP_OK;
}

static mp_rc parse_value(rj_parser *ps, uint32_t *vi_r);

static mp_rc parse_container(rj_parser *ps, uint32_t vi, bool is_obj)
{
	size_t open = ps->pos;
	uint8_t close = is_obj ? '}' : ']';
	uint32_t last = RJ_NONE, count = 0;
	char wb[16];
	if (ps->depth >= ps->max_depth)
		return fail_at(ps, open, MP_INVALID, "nested deeper than %u", ps->max_depth);
	ps->depth++;
	ps->pos++;
	skip_ws(ps);
	if (ps->pos < ps->n && ps->p[ps->pos] == close) {
		ps->pos++;
		ps->depth--;
		return MP_OK;
	}
	for (;;) {
		uint32_t key = 0, key_len = 0, ci;
		skip_ws(ps);
		if (is_obj) {
			if (ps->pos >= ps->n || ps->p[ps->pos] != '"')
				return fail_at(ps, ps->pos, MP_INVALID,
					       "expected a member name in quotes, found %s",
					       what_at(ps, wb, sizeof wb));
			if (parse_string(ps, &key, &key_len) != MP_OK)
				return ps->rc;
			skip_ws(ps);
			if (ps->pos >= ps->n || ps->p[ps->pos] != ':')
				return fail_at(ps, ps->pos, MP_INVALID,
					       "expected ':' after the member name, found %s",
					       what_at(ps, wb, sizeof wb));
			ps->pos++;
			skip_ws(ps);
		}
		if (parse_value(ps, &ci) != MP_OK)
			return ps->rc;
		rj_val *v = ps->doc->v; /* may have moved */
		v[ci].key = key;
		v[ci].key_len = key_len;
		if (last == RJ_NONE)
			v[vi].child = ci;
		else
			v[last].next = ci;
		last = ci;
		count++;
		skip_ws(ps);
		if (ps->pos < ps->n && ps->p[ps->pos] == ',') {
			ps->pos++;
			skip_ws(ps);
			if (ps->pos < ps->n && ps->p[ps->pos] == close)
				return fail_at(ps, ps->pos, MP_INVALID, "trailing comma before '%c'",
					       close);
			continue;
		}
		if (ps->pos < ps->n && ps->p[ps->pos] == close) {
			ps->pos++;
			break;
		}
		if (ps->pos >= ps->n)
			return fail_at(ps, open, MP_INVALID, "%s not closed before the end of the input",
				       is_obj ? "object" : "array");
		return fail_at(ps, ps->pos, MP_INVALID, "expected ',' or '%c', found %s", close,
			       what_at(ps, wb, sizeof wb));
	}
	ps->doc->v[vi].count = count;
	ps->depth--;
	return MP_OK;
}

static mp_rc parse_literal(rj_parser *ps, const char *word)
{
	size_t k = strlen(word);
	if (ps->n - ps->pos < k || memcmp(ps->p + ps->pos, word, k) != 0)
		return fail_at(ps, ps->pos, MP_INVALID, "unknown literal (expected '%s')", word);
	ps->pos += k;
	return MP_OK;
}

static mp_rc parse_value(rj_parser *ps, uint32_t *vi_r)
{
	char wb[16];
	skip_ws(ps);
	if (ps->pos >= ps->n)
		return fail_at(ps, ps->pos, MP_INVALID, "expected a value, found the end of the input");
	uint8_t c = ps->p[ps->pos];
	rj_type t;
	switch (c) {
	case '{': t = RJ_OBJECT; break;
	case '[': t = RJ_ARRAY; break;
	case '"': t = RJ_STRING; break;
	case 't': t = RJ_TRUE; break;
	case 'f': t = RJ_FALSE; break;
	case 'n': t = RJ_NULL; break;
	default:
		if (c == '-' || (c >= '0' && c <= '9')) {
			t = RJ_NUMBER;
			break;
		}
		return fail_at(ps, ps->pos, MP_INVALID, "expected a value, found %s",
			       what_at(ps, wb, sizeof wb));
	}
	uint32_t vi = new_val(ps, t);
	if (vi == RJ_NONE)
		return ps->rc;
	*vi_r = vi;
	switch (t) {
	case RJ_OBJECT: return parse_container(ps, vi, true);
	case RJ_ARRAY: return parse_container(ps, vi, false);
	case RJ_STRING: {
		uint32_t at, len;
		if (parse_string(ps, &at, &len) != MP_OK)
			return ps->rc;
		ps->doc->v[vi].str = at;
		ps->doc->v[vi].len = len;
		return MP_OK;
	}
	case RJ_TRUE: return parse_literal(ps, "true");
	case RJ_FALSE: return parse_literal(ps, "false");
	case RJ_NULL: return parse_literal(ps, "null");
	case RJ_NUMBER: return parse_number(ps, vi);
	}
	return MP_INVALID;
}

mp_rc rj_parse(const uint8_t *buf, size_t n, const rj_limits *lim,
	       rj_doc *doc, rj_error *err)
{
	rj_parser ps = { .p = buf, .n = n, .doc = doc, .err = err, .rc = MP_OK };
	size_t max_bytes = lim && lim->max_bytes ? lim->max_bytes : RJ_BYTES_MAX;
	ps.max_depth = lim && lim->max_depth ? lim->max_depth : RJ_DEPTH_MAX;
	ps.max_values = lim && lim->max_values ? lim->max_values : RJ_VALUES_MAX;
	memset(doc, 0, sizeof *doc);
	err->off = 0;
	err->msg[0] = '\0';
	if (max_bytes > RJ_BYTES_MAX)
		max_bytes = RJ_BYTES_MAX; /* string offsets are 32-bit */
	if (n > max_bytes)
		return fail_at(&ps, max_bytes, MP_INVALID, "input larger than %zu bytes", max_bytes);
	doc->strs_cap = n + 1;
	doc->strs = malloc(doc->strs_cap);
	if (doc->strs == NULL)
		return fail_at(&ps, 0, MP_NOSPACE, "out of memory");
	doc->strs[0] = '\0';
	doc->strs_n = 1; /* offset 0: the empty string (keys of non-members) */
	if (n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) {
		fail_at(&ps, 0, MP_INVALID, "byte order mark before the value (RFC 8259 8.1)");
	} else {
		uint32_t root;
		if (parse_value(&ps, &root) == MP_OK) {
			skip_ws(&ps);
			if (ps.pos < n) {
				char wb[16];
				fail_at(&ps, ps.pos, MP_INVALID, "%s after the value",
					what_at(&ps, wb, sizeof wb));
			}
		}
	}
	if (ps.rc != MP_OK)
		rj_free(doc);
	return ps.rc;
}

void rj_free(rj_doc *doc)
{
	free(doc->v);
	free(doc->strs);
	memset(doc, 0, sizeof *doc);
}

uint32_t rj_get(const rj_doc *d, uint32_t obj, const char *key)
{
	if (obj >= d->n || d->v[obj].type != RJ_OBJECT)
		return RJ_NONE;
	size_t kl = strlen(key);
	for (uint32_t c = d->v[obj].child; c != RJ_NONE; c = d->v[c].next)
		if (d->v[c].key_len == kl && memcmp(d->strs + d->v[c].key, key, kl) == 0)
			return c;
	return RJ_NONE;
}
