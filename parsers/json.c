/* json.c: streaming JSON writer (RFC 8259) with lossless-offset escaping. */
#include <stdio.h>
#include <string.h>

#include "mailprobe/json.h"

void mp_json_init(mp_json *j, mp_json_sink sink, void *ctx)
{
	memset(j, 0, sizeof(*j));
	j->sink = sink;
	j->ctx = ctx;
}

static void out(mp_json *j, const char *s, size_t n) { j->sink(j->ctx, s, n); }

static void value_prefix(mp_json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	int d = j->depth < MP_JSON_DEPTH_MAX ? j->depth : MP_JSON_DEPTH_MAX;
	if (j->need_comma[d])
		out(j, ",", 1);
	j->need_comma[d] = true;
}

static void open(mp_json *j, const char *c)
{
	value_prefix(j);
	out(j, c, 1);
	j->depth++;
	if (j->depth <= MP_JSON_DEPTH_MAX)
		j->need_comma[j->depth] = false;
}

static void close_(mp_json *j, const char *c)
{
	if (j->depth > 0)
		j->depth--;
	out(j, c, 1);
}

void mp_json_obj_begin(mp_json *j) { open(j, "{"); }
void mp_json_obj_end(mp_json *j) { close_(j, "}"); }
void mp_json_arr_begin(mp_json *j) { open(j, "["); }
void mp_json_arr_end(mp_json *j) { close_(j, "]"); }

void mp_json_escape(mp_json_sink sink, void *ctx, mp_slice s)
{
	size_t run = 0, i = 0;
	char esc[8];
	while (i < s.n) {
		uint8_t c = s.p[i];
		size_t k = mp_utf8_seq_len(s.p + i, s.n - i);
		const char *e = NULL;
		size_t en = 2;
		if (k > 1) {
			i += k;
			continue;
		}
		if (k == 1 && c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) {
			i++;
			continue;
		}
		switch (c) {
		case '"': e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\t': e = "\\t"; break;
		default:
			snprintf(esc, sizeof esc, "\\u%04x", c);
			e = esc;
			en = 6;
		}
		if (i > run)
			sink(ctx, (const char *)s.p + run, i - run);
		sink(ctx, e, en);
		i++;
		run = i;
	}
	if (i > run)
		sink(ctx, (const char *)s.p + run, i - run);
}

void mp_json_key(mp_json *j, const char *key)
{
	value_prefix(j);
	out(j, "\"", 1);
	mp_json_escape(j->sink, j->ctx, MP_SLICE(key, strlen(key)));
	out(j, "\":", 2);
	j->after_key = true;
}

void mp_json_str(mp_json *j, mp_slice s)
{
	value_prefix(j);
	out(j, "\"", 1);
	mp_json_escape(j->sink, j->ctx, s);
	out(j, "\"", 1);
}

void mp_json_cstr(mp_json *j, const char *s)
{
	if (s == NULL)
		mp_json_null(j);
	else
		mp_json_str(j, MP_SLICE(s, strlen(s)));
}

void mp_json_u64(mp_json *j, uint64_t v)
{
	char b[24];
	int n = snprintf(b, sizeof b, "%llu", (unsigned long long)v);
	value_prefix(j);
	out(j, b, (size_t)n);
}

void mp_json_i64(mp_json *j, int64_t v)
{
	char b[24];
	int n = snprintf(b, sizeof b, "%lld", (long long)v);
	value_prefix(j);
	out(j, b, (size_t)n);
}

void mp_json_bool(mp_json *j, bool v)
{
	value_prefix(j);
	out(j, v ? "true" : "false", v ? 4 : 5);
}

void mp_json_null(mp_json *j)
{
	value_prefix(j);
	out(j, "null", 4);
}

void mp_json_diags(mp_json *j, const mp_diags *d, size_t from)
{
	mp_json_key(j, "diags");
	mp_json_arr_begin(j);
	for (size_t i = from; d != NULL && i < d->n; i++) {
		mp_rule r = d->v[i].rule;
		mp_json_obj_begin(j);
		mp_json_key(j, "offset");
		mp_json_u64(j, d->v[i].offset);
		mp_json_key(j, "rule");
		mp_json_cstr(j, mp_rule_name(r));
		mp_json_key(j, "level");
		mp_json_cstr(j, mp_level_name(mp_rule_level(r)));
		mp_json_key(j, "ref");
		mp_json_cstr(j, mp_rule_ref(r));
		mp_json_key(j, "text");
		mp_json_cstr(j, mp_rule_text(r));
		mp_json_obj_end(j);
	}
	mp_json_arr_end(j);
}
