/* mailprobe/json.h: a streaming JSON writer into a caller's sink. It does
 * no I/O of its own; the CLI and the reports give it stdout or a buffer.
 *
 * Strings are hostile bytes: valid UTF-8 passes through, control bytes and
 * '"' '\\' are escaped, and a byte that is not part of valid UTF-8 is
 * written as the code point of the same value (\u00HH); the diags carry
 * offsets, so the exact bytes can always be found in the input. */
#ifndef MAILPROBE_JSON_H
#define MAILPROBE_JSON_H

#include "mailprobe/diag.h"
#include "mailprobe/slice.h"

#define MP_JSON_DEPTH_MAX 32

typedef void (*mp_json_sink)(void *ctx, const char *p, size_t n);

typedef struct mp_json {
	mp_json_sink sink;
	void *ctx;
	int depth;
	bool after_key;
	bool need_comma[MP_JSON_DEPTH_MAX + 1];
} mp_json;

void mp_json_init(mp_json *j, mp_json_sink sink, void *ctx);
/* Nesting deeper than MP_JSON_DEPTH_MAX is written flat, never overruns. */
void mp_json_obj_begin(mp_json *j);
void mp_json_obj_end(mp_json *j);
void mp_json_arr_begin(mp_json *j);
void mp_json_arr_end(mp_json *j);
void mp_json_key(mp_json *j, const char *key);
void mp_json_str(mp_json *j, mp_slice s);
void mp_json_cstr(mp_json *j, const char *s);
void mp_json_u64(mp_json *j, uint64_t v);
void mp_json_i64(mp_json *j, int64_t v);
void mp_json_bool(mp_json *j, bool v);
void mp_json_null(mp_json *j);
/* "diags": [{offset, rule, level, ref, text}...] for d->v[from..n). */
void mp_json_diags(mp_json *j, const mp_diags *d, size_t from);
/* Writes s JSON-escaped without quotes to sink (for other writers). */
void mp_json_escape(mp_json_sink sink, void *ctx, mp_slice s);

#endif
