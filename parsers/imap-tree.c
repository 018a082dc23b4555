/* parsers/imap-tree.c: what every IMAP tree shares: names, search,
 * equality, the canonical printers and JSON. The grammars that build the
 * trees are imap-cmd.c and imap-resp.c. */
#include <string.h>

#include "mailprobe/imap.h"

/* ---- names ---- */

#define NAME_STR(n) #n,
static const char *const cmd_names[] = { MP_IMAP_CMDS(NAME_STR) };
static const char *const data_names[] = { MP_IMAP_DATAS(NAME_STR) };
static const char *const sem_names[] = { MP_IMAP_SEMS(NAME_STR) };
#undef NAME_STR

const char *mp_imap_cmd_name_str(mp_imap_cmd_name n)
{
	return (unsigned)n < MP_ARRAY_LEN(cmd_names) ? cmd_names[n] : "?";
}

const char *mp_imap_data_name(mp_imap_data x)
{
	return (unsigned)x < MP_ARRAY_LEN(data_names) ? data_names[x] : "?";
}

const char *mp_imap_sem_name(mp_imap_sem s)
{
	return (unsigned)s < MP_ARRAY_LEN(sem_names) ? sem_names[s] : "?";
}

const char *mp_imap_status_name(mp_imap_status s)
{
	static const char *const v[] = { "NONE", "OK", "NO", "BAD", "PREAUTH", "BYE" };
	return (unsigned)s < MP_ARRAY_LEN(v) ? v[s] : "?";
}

const char *mp_imap_type_name(mp_imap_type t)
{
	static const char *const v[] = { "nil", "atom", "number", "string", "list",
					  "text", "section", "item", "partial" };
	return (unsigned)t < MP_ARRAY_LEN(v) ? v[t] : "?";
}

static const char *form_name(unsigned f)
{
	static const char *const v[] = { "quoted", "literal", "literal+", "literal-",
					 "literal8", "literal8+" };
	return f < MP_ARRAY_LEN(v) ? v[f] : "?";
}

/* ---- search, unquote, equality ---- */

const mp_imap_node *mp_imap_find(const mp_imap_node *n, mp_imap_sem sem)
{
	for (; n; n = n->next) {
		if (n->sem == sem)
			return n;
		const mp_imap_node *k = mp_imap_find(n->kid, sem);
		if (k)
			return k;
	}
	return NULL;
}

mp_rc mp_imap_unquote(const mp_imap_node *n, uint8_t *out, size_t cap,
		      size_t *len_r)
{
	*len_r = 0;
	if (!n || n->streamed)
		return MP_INVALID;
	size_t k = 0;
	bool quoted = n->type == MP_IMAP_STRING && n->form == MP_IMAP_QUOTED;
	for (size_t i = 0; i < n->s.n; i++) {
		uint8_t b = n->s.p[i];
		if (quoted && b == '\\' && i + 1 < n->s.n)
			b = n->s.p[++i];
		if (k == cap)
			return MP_NOSPACE;
		out[k++] = b;
	}
	*len_r = k;
	return MP_OK;
}

static bool one_eq(const mp_imap_node *a, const mp_imap_node *b)
{
	return a->type == b->type && a->form == b->form && a->sem == b->sem &&
	       a->nkids == b->nkids && a->num == b->num && a->num2 == b->num2 &&
	       a->has_num2 == b->has_num2 && a->streamed == b->streamed &&
	       /* a number is its value: "007" and "7" are one number */
	       (a->type == MP_IMAP_NUMBER || mp_slice_eq(a->s, b->s)) &&
	       mp_imap_node_eq(a->kid, b->kid);
}

bool mp_imap_node_eq(const mp_imap_node *a, const mp_imap_node *b)
{
	for (; a && b; a = a->next, b = b->next)
		if (!one_eq(a, b))
			return false;
	return a == NULL && b == NULL;
}

bool mp_imap_cmd_eq(const mp_imap_cmd *a, const mp_imap_cmd *b)
{
	return mp_slice_eq(a->tag, b->tag) && a->name == b->name &&
	       a->uid == b->uid && mp_slice_eq_ascii_ci(a->keyword, b->keyword) &&
	       a->nargs == b->nargs && mp_imap_node_eq(a->args, b->args);
}

bool mp_imap_resp_eq(const mp_imap_resp *a, const mp_imap_resp *b)
{
	if ((a->code == NULL) != (b->code == NULL))
		return false;
	return a->kind == b->kind && mp_slice_eq(a->tag, b->tag) &&
	       a->status == b->status && a->data == b->data &&
	       mp_slice_eq_ascii_ci(a->keyword, b->keyword) &&
	       a->number == b->number && mp_slice_eq(a->text, b->text) &&
	       a->nargs == b->nargs &&
	       (a->code == NULL || mp_imap_node_eq(a->code, b->code)) &&
	       mp_imap_node_eq(a->args, b->args);
}

/* ---- printers ---- */

typedef struct wbuf {
	uint8_t *p;
	size_t cap, n;
	bool full, gone; /* out of space; a streamed literal met */
} wbuf;

static void put(wbuf *w, const void *p, size_t n)
{
	if (w->full || w->cap - w->n < n) {
		w->full = true;
		return;
	}
	if (n)
		memcpy(w->p + w->n, p, n);
	w->n += n;
}

static void puts_(wbuf *w, const char *s)
{
	put(w, s, strlen(s));
}

static void put_upper(wbuf *w, mp_slice s)
{
	if (w->full || w->cap - w->n < s.n) {
		w->full = true;
		return;
	}
	for (size_t i = 0; i < s.n; i++) {
		uint8_t b = s.p[i];
		w->p[w->n++] = (uint8_t)(b >= 'a' && b <= 'z' ? b - 32 : b);
	}
}

static void put_u64(wbuf *w, uint64_t v)
{
	char t[24];
	size_t k = sizeof t;
	do {
		t[--k] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(w, t + k, sizeof t - k);
}

static void put_nodes(wbuf *w, const mp_imap_node *n, const char *sep);

static void put_node(wbuf *w, const mp_imap_node *n)
{
	switch (n->type) {
	case MP_IMAP_NIL:
		puts_(w, "NIL");
		break;
	case MP_IMAP_ATOM:
	case MP_IMAP_TEXT:
		put(w, n->s.p, n->s.n);
		break;
	case MP_IMAP_NUMBER:
		put_u64(w, n->num);
		break;
	case MP_IMAP_STRING:
		if (n->form == MP_IMAP_QUOTED) {
			puts_(w, "\"");
			put(w, n->s.p, n->s.n);
			puts_(w, "\"");
			break;
		}
		if (n->streamed) {
			w->gone = true;
			break;
		}
		if (n->form == MP_IMAP_LITERAL8 || n->form == MP_IMAP_LITERAL8_PLUS)
			puts_(w, "~");
		puts_(w, "{");
		put_u64(w, n->s.n);
		if (n->form == MP_IMAP_LITERAL_PLUS || n->form == MP_IMAP_LITERAL8_PLUS)
			puts_(w, "+");
		else if (n->form == MP_IMAP_LITERAL_MINUS)
			puts_(w, "-");
		puts_(w, "}\r\n");
		put(w, n->s.p, n->s.n);
		break;
	case MP_IMAP_LIST:
		puts_(w, "(");
		put_nodes(w, n->kid, n->sem == MP_IMAP_S_ADDRESS_LIST ||
					     n->sem == MP_IMAP_S_NAMESPACE ? "" : " ");
		puts_(w, ")");
		break;
	case MP_IMAP_SECTION:
		puts_(w, "[");
		put_nodes(w, n->kid, " ");
		puts_(w, "]");
		break;
	case MP_IMAP_ITEM:
		put(w, n->s.p, n->s.n);
		for (const mp_imap_node *k = n->kid; k; k = k->next) {
			if (k->type != MP_IMAP_SECTION && k->type != MP_IMAP_PARTIAL)
				puts_(w, " ");
			put_node(w, k);
		}
		break;
	case MP_IMAP_PARTIAL:
		puts_(w, "<");
		put_u64(w, n->num);
		if (n->has_num2) {
			puts_(w, ".");
			put_u64(w, n->num2);
		}
		puts_(w, ">");
		break;
	default:
		w->gone = true;
		break;
	}
}

/* The grammar joins some runs without SP: 1*body in a multipart body,
 * and (put_node) 1*address and 1*namespace-descr in their lists. */
static bool joined(const mp_imap_node *prev, const mp_imap_node *k)
{
	return prev->sem == MP_IMAP_S_BODY_PART && k->sem == MP_IMAP_S_BODY_PART;
}

static void put_nodes(wbuf *w, const mp_imap_node *n, const char *sep)
{
	for (const mp_imap_node *k = n, *prev = NULL; k; prev = k, k = k->next) {
		if (prev && !joined(prev, k))
			puts_(w, sep);
		put_node(w, k);
	}
}

static mp_rc wdone(const wbuf *w, size_t *len_r)
{
	*len_r = w->full || w->gone ? 0 : w->n;
	return w->gone ? MP_INVALID : w->full ? MP_NOSPACE : MP_OK;
}

mp_rc mp_imap_nodes_write(const mp_imap_node *n, uint8_t *out, size_t cap,
			  size_t *len_r)
{
	wbuf w = { out, cap, 0, false, false };
	put_nodes(&w, n, " ");
	return wdone(&w, len_r);
}

mp_rc mp_imap_cmd_write(const mp_imap_cmd *c, uint8_t *out, size_t cap,
			size_t *len_r)
{
	wbuf w = { out, cap, 0, false, false };
	if (c->name == MP_IMAP_CMD_SASL) {
		put_nodes(&w, c->args, " ");
	} else if (c->name == MP_IMAP_CMD_DONE) {
		puts_(&w, "DONE");
	} else {
		put(&w, c->tag.p, c->tag.n);
		puts_(&w, " ");
		if (c->uid)
			puts_(&w, "UID ");
		if (c->name == MP_IMAP_CMD_UNKNOWN)
			put(&w, c->keyword.p, c->keyword.n);
		else
			puts_(&w, mp_imap_cmd_name_str(c->name));
		if (c->args) {
			puts_(&w, " ");
			put_nodes(&w, c->args, " ");
		}
	}
	puts_(&w, "\r\n");
	return wdone(&w, len_r);
}

/* SP resp-text: resp-text = ["[" resp-text-code "]" SP] [text] (RFC 9051
 * 9), so the SPs stand even when the text is empty. */
static void put_resp_text(wbuf *w, const mp_imap_resp *r)
{
	puts_(w, " ");
	if (r->code) {
		puts_(w, "[");
		put_node(w, r->code);
		puts_(w, "] ");
	}
	put(w, r->text.p, r->text.n);
}

mp_rc mp_imap_resp_write(const mp_imap_resp *r, uint8_t *out, size_t cap,
			 size_t *len_r)
{
	wbuf w = { out, cap, 0, false, false };
	if (r->kind == MP_IMAP_CONTINUE) {
		puts_(&w, "+");
		put_resp_text(&w, r);
	} else {
		if (r->kind == MP_IMAP_TAGGED)
			put(&w, r->tag.p, r->tag.n);
		else
			puts_(&w, "*");
		if (r->status != MP_IMAP_ST_NONE) {
			puts_(&w, " ");
			puts_(&w, mp_imap_status_name(r->status));
			put_resp_text(&w, r);
		} else {
			bool numbered = r->data == MP_IMAP_DATA_EXISTS ||
					r->data == MP_IMAP_DATA_RECENT ||
					r->data == MP_IMAP_DATA_EXPUNGE ||
					r->data == MP_IMAP_DATA_FETCH;
			if (numbered) {
				puts_(&w, " ");
				put_u64(&w, r->number);
			}
			puts_(&w, " ");
			put_upper(&w, r->keyword);
			if (r->args) {
				puts_(&w, " ");
				put_nodes(&w, r->args, " ");
			}
		}
	}
	puts_(&w, "\r\n");
	return wdone(&w, len_r);
}

/* ---- JSON ---- */

void mp_imap_node_json(mp_json *j, const mp_imap_node *n)
{
	mp_json_obj_begin(j);
	mp_json_key(j, "type");
	mp_json_cstr(j, mp_imap_type_name((mp_imap_type)n->type));
	if (n->sem != MP_IMAP_S_NONE) {
		mp_json_key(j, "sem");
		mp_json_cstr(j, mp_imap_sem_name((mp_imap_sem)n->sem));
	}
	mp_json_key(j, "offset");
	mp_json_u64(j, n->off);
	if (n->sem == MP_IMAP_S_PASSWORD || n->sem == MP_IMAP_S_SASL_IR) {
		/* credentials never reach a log or a report */
		mp_json_key(j, "hidden");
		mp_json_bool(j, true);
		mp_json_obj_end(j);
		return;
	}
	switch (n->type) {
	case MP_IMAP_NUMBER:
		mp_json_key(j, "value");
		mp_json_u64(j, n->num);
		break;
	case MP_IMAP_STRING:
		mp_json_key(j, "form");
		mp_json_cstr(j, form_name(n->form));
		if (n->form != MP_IMAP_QUOTED) {
			mp_json_key(j, "size");
			mp_json_u64(j, n->num);
		}
		if (n->streamed) {
			mp_json_key(j, "streamed");
			mp_json_bool(j, true);
			break;
		}
		mp_json_key(j, "value");
		mp_json_str(j, n->s);
		if (n->escapes) {
			mp_json_key(j, "escapes");
			mp_json_bool(j, true);
		}
		break;
	case MP_IMAP_ATOM:
	case MP_IMAP_TEXT:
		mp_json_key(j, "value");
		mp_json_str(j, n->s);
		break;
	case MP_IMAP_ITEM:
		mp_json_key(j, "name");
		mp_json_str(j, n->s);
		break;
	case MP_IMAP_PARTIAL:
		mp_json_key(j, "origin");
		mp_json_u64(j, n->num);
		if (n->has_num2) {
			mp_json_key(j, "length");
			mp_json_u64(j, n->num2);
		}
		break;
	default:
		break;
	}
	if (n->kid) {
		mp_json_key(j, "kids");
		mp_json_arr_begin(j);
		for (const mp_imap_node *k = n->kid; k; k = k->next)
			mp_imap_node_json(j, k);
		mp_json_arr_end(j);
	}
	mp_json_obj_end(j);
}

static void nodes_json(mp_json *j, const char *key, const mp_imap_node *n)
{
	mp_json_key(j, key);
	mp_json_arr_begin(j);
	for (; n; n = n->next)
		mp_imap_node_json(j, n);
	mp_json_arr_end(j);
}

void mp_imap_cmd_json(mp_json *j, const mp_imap_cmd *c)
{
	mp_json_key(j, "tag");
	mp_json_str(j, c->tag);
	mp_json_key(j, "command");
	mp_json_cstr(j, mp_imap_cmd_name_str(c->name));
	mp_json_key(j, "keyword");
	mp_json_str(j, c->keyword);
	if (c->uid) {
		mp_json_key(j, "uid");
		mp_json_bool(j, true);
	}
	nodes_json(j, "args", c->args);
}

void mp_imap_resp_json(mp_json *j, const mp_imap_resp *r)
{
	static const char *const kinds[] = { "tagged", "untagged", "continue" };
	mp_json_key(j, "kind");
	mp_json_cstr(j, (unsigned)r->kind < 3 ? kinds[r->kind] : "?");
	if (r->kind == MP_IMAP_TAGGED) {
		mp_json_key(j, "tag");
		mp_json_str(j, r->tag);
	}
	if (r->status != MP_IMAP_ST_NONE) {
		mp_json_key(j, "status");
		mp_json_cstr(j, mp_imap_status_name(r->status));
	}
	if (r->data != MP_IMAP_DATA_NONE) {
		mp_json_key(j, "data");
		mp_json_cstr(j, mp_imap_data_name(r->data));
		mp_json_key(j, "keyword");
		mp_json_str(j, r->keyword);
	}
	if (r->data == MP_IMAP_DATA_EXISTS || r->data == MP_IMAP_DATA_RECENT ||
	    r->data == MP_IMAP_DATA_EXPUNGE || r->data == MP_IMAP_DATA_FETCH) {
		mp_json_key(j, "number");
		mp_json_u64(j, r->number);
	}
	if (r->code) {
		mp_json_key(j, "code");
		mp_imap_node_json(j, r->code);
	}
	if (r->status != MP_IMAP_ST_NONE || r->kind == MP_IMAP_CONTINUE) {
		mp_json_key(j, "text");
		mp_json_str(j, r->text);
	}
	if (r->args)
		nodes_json(j, "args", r->args);
}
