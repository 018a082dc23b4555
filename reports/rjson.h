/* reports/rjson.h: a small, strict, bounded JSON reader (RFC 8259) for
 * results.json. The input is hostile: every limit (size, depth, values,
 * string length) is checked, and every error names its byte offset.
 *
 * The whole document is parsed at once into a flat tree of values. Values
 * are addressed by index (0 is the root); containers link their children
 * with `child` and `next`. Decoded strings live in one buffer the reader
 * owns, each NUL-terminated after its `len` bytes (strings may hold NUL).
 *
 * Strict: no comments, no trailing commas, no leading zeros, no control
 * bytes or invalid UTF-8 inside strings, no lone surrogates, nothing after
 * the value but whitespace. One liberty, matching mailprobe's own writer
 * (mailprobe/json.h): an escape \u0080-\u00FF decodes to that single byte,
 * not to the code point's UTF-8, because the writer uses it for a raw byte
 * that was not valid UTF-8; the reports show such bytes as 8-bit octets.
 * Duplicate member names are not rejected here: the results loader, which
 * knows the keys it reads, rejects them there. */
#ifndef MAILPROBE_REPORTS_RJSON_H
#define MAILPROBE_REPORTS_RJSON_H

#include "mailprobe/base.h"

#define RJ_DEPTH_MAX 64                /* nested arrays and objects */
#define RJ_BYTES_MAX (64u << 20)       /* the whole document */
#define RJ_VALUES_MAX (4u << 20)       /* values in the document */
#define RJ_NONE UINT32_MAX             /* no such value */

typedef enum rj_type {
	RJ_NULL,
	RJ_FALSE,
	RJ_TRUE,
	RJ_NUMBER,
	RJ_STRING,
	RJ_ARRAY,
	RJ_OBJECT,
} rj_type;

typedef struct rj_limits {
	size_t max_bytes;   /* 0: RJ_BYTES_MAX */
	uint32_t max_depth; /* 0: RJ_DEPTH_MAX */
	uint32_t max_values; /* 0: RJ_VALUES_MAX */
} rj_limits;

typedef struct rj_val {
	uint8_t type;   /* rj_type */
	bool is_int;    /* a number without fraction or exponent that fits */
	uint32_t next;  /* next sibling (array item, object member) */
	uint32_t child; /* first item or member; RJ_NONE when empty */
	uint32_t count; /* items or members */
	uint32_t key;   /* object members: offset of the name in strs */
	uint32_t key_len;
	uint32_t str;   /* strings: offset of the bytes in strs */
	uint32_t len;
	uint64_t off;   /* byte offset of the value in the input */
	int64_t i;      /* numbers with is_int */
	double d;       /* every number */
} rj_val;

typedef struct rj_doc {
	rj_val *v;
	uint32_t n, cap;
	char *strs; /* decoded strings, each NUL-terminated */
	size_t strs_n, strs_cap;
} rj_doc;

typedef struct rj_error {
	uint64_t off;  /* byte offset in the input */
	char msg[120];
} rj_error;

/* Parses buf[0..n). MP_OK and *doc filled (free with rj_free), or
 * MP_INVALID with *err (offset, reason) and nothing to free, or
 * MP_NOSPACE when memory ran out (also in *err). */
mp_rc rj_parse(const uint8_t *buf, size_t n, const rj_limits *lim,
	       rj_doc *doc, rj_error *err);
void rj_free(rj_doc *doc);

/* Accessors; each is safe on any index (RJ_NONE gives RJ_NONE / 0). */
static inline const rj_val *rj_at(const rj_doc *d, uint32_t i)
{
	return i < d->n ? &d->v[i] : NULL;
}
static inline const char *rj_str(const rj_doc *d, uint32_t i)
{
	return i < d->n && d->v[i].type == RJ_STRING ? d->strs + d->v[i].str : NULL;
}
static inline const char *rj_key(const rj_doc *d, uint32_t i)
{
	return i < d->n ? d->strs + d->v[i].key : "";
}
/* The first member named key (NUL-free key), or RJ_NONE. */
uint32_t rj_get(const rj_doc *d, uint32_t obj, const char *key);
const char *rj_type_name(rj_type t);

#endif
