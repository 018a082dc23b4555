/* replay/engine.c: runs a conversation script against real servers
 * (scripts/README.md) and records its checks.
 *
 * Each connection reads the server through that protocol's own reader and
 * parser, whatever the script asks: SMTP replies through mp_smtp_next
 * (server side), POP3 through mp_pop3_next with a hint per command we
 * sent (mp_pop3_reader_expect), IMAP through mp_imap_next and
 * mp_imap_resp_parse (the first response as the greeting). Every MUST or
 * SHOULD diag becomes an oracle check `oracle.PROTO.RULE` (mp_results_add
 * keeps one per target and rule, with a count). Expectations then look at
 * the items those readers produce: a reply, a status line, a body line, a
 * response. Every wait has a deadline; the receive buffer and everything
 * kept are bounded. */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conn.h"
#include "mailprobe/arena.h"
#include "mailprobe/imap.h"
#include "mailprobe/pop3.h"
#include "mailprobe/smtp.h"

#define ARENA_BYTES (1u << 20)
#define DIAGS 256
#define LAST_MAX (256u << 10)
#define CAPS_MAX 4096
#define STASH_MAX 16
#define IMAP_SCRATCH (1u << 20)
#define STASH_RAW 1024
#define FINALLY_GRACE_MS 10000

enum res { RS_OK = 0, RS_FAIL, RS_SKIP, RS_ERROR };

typedef enum ik {
	I_SMTP, I_POP, I_IMAP, I_EOF, I_TIMEOUT, I_FULL,
} ik;

typedef struct item {
	ik k;
	uint64_t off;
	mp_slice raw;        /* the item's octets as sent (IMAP: the unit) */
	mp_smtp_event sev;
	mp_pop3_event pev;
	mp_imap_resp ir;
} item;

typedef struct kept {
	char kw[MP_SCRIPT_NAME_MAX];
	size_t pos, len;     /* in pc->kept */
} kept;

typedef struct pconn {
	mp_conn io;
	bool used;
	mp_tkind kind;
	mp_proto proto;
	const mp_target *tgt;
	mp_smtp_reader smtp;
	mp_pop3_reader pop3;
	mp_imap_reader imap;
	mp_imap_opts iopts;
	uint8_t *scratch;
	bool imap_greeted;
	uint8_t greet_status;  /* IMAP: MP_IST_* of the greeting, 0 unread */
	mp_arena arena;
	uint8_t *amem;
	mp_diag dv[DIAGS];
	mp_diags d;
	size_t pending;        /* octets the last item used, consumed next */
	bool drained;          /* the stream ended and the reader is done */
	uint8_t *last;         /* the last response(s), for capture */
	size_t last_n;
	char caps[CAPS_MAX];   /* " CAP CAP " upper case */
	bool caps_known;
	bool capa_open;        /* POP3: the lines of a CAPA answer follow */
	uint8_t *kept;         /* IMAP untagged responses since `tagged` */
	size_t kept_n;
	kept kv[512];
	size_t nkv;
	bool kv_hold;          /* kv[kv_from..] were read by a send step
	                          (literal waits): the next tagged step
	                          keeps them */
	size_t kv_from;
	struct {               /* tagged responses read before their step */
		char tag[MP_SCRIPT_NAME_MAX];
		uint8_t st;
		uint16_t n;
		uint8_t raw[STASH_RAW];
	} stash[STASH_MAX];
	size_t nstash;
	struct {               /* SMTP: our side, for the reader's hints */
		uint8_t mode;  /* SC_CMD, SC_DATA, SC_BDAT */
		bool sasl;     /* AUTH: lines are SASL responses until its reply */
		uint64_t bdat_left;
		char line[16]; /* the start of the current line */
		size_t ln;     /* its length so far */
	} sc;
	uint64_t big_literal;  /* IMAP: octets of literals too big to hold */
	uint64_t mute_below;   /* the oracle read octets before this already */
	uint8_t greet[1024];   /* connect ... starttls: the greeting, shown
	                          again to the script over TLS */
	size_t greet_n;
	unsigned serial;       /* transcripts: connections made under this name */
} pconn;

typedef struct capvar {
	char name[MP_SCRIPT_NAME_MAX];
	uint8_t *v;
	size_t n;
} capvar;

enum { SC_CMD = 0, SC_DATA, SC_BDAT };

typedef struct run {
	const mp_script *s;
	const mp_replay_opts *o;
	const mp_target *primary;
	mp_results *res;
	const mp_target *tgt[MP_TK_COUNT];
	pconn c[MP_SCRIPT_CONNS_MAX];
	void *tls_ctx;
	uint64_t t0, deadline;
	capvar vars[MP_SCRIPT_VARS_MAX];
	char uniq[40];
	char auth_plain[1200], user_b64[600], password_b64[600];
	uint8_t *body;
	size_t body_n;
	bool body_set, body_cut;
	uint8_t *message;
	size_t message_n;
	bool message_set;
	bool bdat_open;        /* bdat steps: a chunk without LAST was sent */
	uint8_t *sbuf;         /* a response without its line ends */
	bool transcript_warned;
	uint8_t *xbuf;         /* expansion and file buffer */
	size_t xcap;
	uint8_t *pipe;         /* pipeline: what is written at its end */
	size_t pipe_n;
	int pipe_conn;
	bool piping;           /* inside pipeline ... end */
	/* the failure of the current step */
	char msg[1200];
	bool has_ex;
	mp_excerpt ex;
	uint8_t exbuf[MP_EXCERPT_MAX];
	unsigned fail_line;
} run;

static void stash_put(pconn *pc, const item *it);

/* ---- helpers ---------------------------------------------------------------- */

/* Appends "s" for a message: server octets escaped (\xHH), at most max. */
static void esc_append(char *out, size_t cap, const uint8_t *p, size_t n, size_t max)
{
	size_t o = strlen(out);
	for (size_t i = 0; i < n && i < max && o + 8 < cap; i++) {
		uint8_t c = p[i];
		if (c == '\r')
			o += (size_t)snprintf(out + o, cap - o, "\\r");
		else if (c == '\n')
			o += (size_t)snprintf(out + o, cap - o, "\\n");
		else if (c < 0x20 || c >= 0x7f || c == '\\')
			o += (size_t)snprintf(out + o, cap - o, "\\x%02X", c);
		else
			out[o++] = (char)c;
		out[o] = '\0';
	}
	if (n > max && o + 4 < cap)
		snprintf(out + o, cap - o, "...");
}

/* p[0..n) without line ends: CRLF and LF between lines become LF, the
 * line end at the very end goes. At most n octets into out. */
static size_t strip_eol(const uint8_t *p, size_t n, uint8_t *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n')
			continue;
		if (p[i] == '\n' && i + 1 == n)
			break;
		out[o++] = p[i];
	}
	return o;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int failf(run *r, const mp_step *st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof r->msg, fmt, ap);
	va_end(ap);
	r->fail_line = st ? st->line : 0;
	return RS_FAIL;
}

/* The excerpt: octets [off, off+n) of the server stream of pc (what the
 * transcript kept), mark the offending octet. */
static void set_excerpt(run *r, const pconn *pc, const char *name, uint64_t off,
			size_t n, uint64_t mark)
{
	const mp_tlog *t = &pc->io.rx;
	r->has_ex = false;
	if (off >= t->n)
		return;
	if (n > MP_EXCERPT_MAX)
		n = MP_EXCERPT_MAX;
	if (n > t->n - off)
		n = t->n - (size_t)off;
	memcpy(r->exbuf, t->data + off, n);
	snprintf(r->ex.conn, sizeof r->ex.conn, "%s", name);
	r->ex.from_server = true;
	r->ex.offset = off;
	r->ex.mark = mark;
	r->ex.data = r->exbuf;
	r->ex.n = n;
	r->has_ex = true;
}

/* The last octets the server sent up to now. */
static void excerpt_tail(run *r, const pconn *pc, const char *name)
{
	uint64_t end = pc->io.rx.total;
	uint64_t off = end > 256 ? end - 256 : 0;
	set_excerpt(r, pc, name, off, (size_t)(end - off), end);
}

static const char *conn_name(const run *r, const pconn *pc)
{
	return r->s->conns[pc - r->c].name;
}

static void sleep_ms(uint64_t ms)
{
	while (ms > 0) {
		int k = ms > 100000 ? 100000 : (int)ms;
		poll(NULL, 0, k);
		ms -= (uint64_t)k;
	}
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static void b64(const uint8_t *in, size_t n, char *out, size_t cap)
{
	static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;
	for (size_t i = 0; i < n && o + 5 < cap; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = t[(v >> 18) & 63];
		out[o++] = t[(v >> 12) & 63];
		out[o++] = i + 1 < n ? t[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? t[v & 63] : '=';
	}
	out[o] = '\0';
}

/* ---- variables ------------------------------------------------------------------ */

static bool cstr_val(const char *v, mp_slice *r_)
{
	if (v == NULL || v[0] == '\0')
		return false;
	*r_ = MP_SLICE(v, strlen(v));
	return true;
}

static bool var_get(void *ctx, const char *name, mp_slice *val)
{
	run *r = ctx;
	const mp_replay_opts *o = r->o;
	for (size_t i = 0; i < MP_SCRIPT_VARS_MAX; i++)
		if (r->vars[i].name[0] && strcmp(r->vars[i].name, name) == 0) {
			*val = MP_SLICE(r->vars[i].v, r->vars[i].n);
			return true;
		}
	if (strcmp(name, "user") == 0)
		return cstr_val(o->user, val);
	if (strcmp(name, "password") == 0)
		return cstr_val(o->password, val);
	if (strcmp(name, "rcpt") == 0)
		return cstr_val(o->rcpt, val);
	if (strcmp(name, "domain") == 0) {
		if (o->domain)
			return cstr_val(o->domain, val);
		const char *at = o->rcpt ? strrchr(o->rcpt, '@') : NULL;
		return cstr_val(at ? at + 1 : NULL, val);
	}
	if (strcmp(name, "host") == 0)
		return cstr_val(r->primary->host, val);
	if (strcmp(name, "uniq") == 0)
		return cstr_val(r->uniq, val);
	if (o->user && o->password) {
		if (strcmp(name, "auth_plain") == 0)
			return cstr_val(r->auth_plain, val);
		if (strcmp(name, "user_b64") == 0)
			return cstr_val(r->user_b64, val);
		if (strcmp(name, "password_b64") == 0)
			return cstr_val(r->password_b64, val);
	}
	return false;
}

static int set_var(run *r, const mp_step *st, const char *name, const uint8_t *p, size_t n)
{
	if (n > MP_VAR_VALUE_MAX)
		return failf(r, st, "captured value over %d octets", MP_VAR_VALUE_MAX);
	size_t k = 0;
	while (k < MP_SCRIPT_VARS_MAX && r->vars[k].name[0] && strcmp(r->vars[k].name, name) != 0)
		k++;
	if (k == MP_SCRIPT_VARS_MAX)
		return failf(r, st, "too many variables");
	uint8_t *v = malloc(n ? n : 1);
	if (v == NULL)
		return failf(r, st, "out of memory");
	if (n)
		memcpy(v, p, n);
	free(r->vars[k].v);
	snprintf(r->vars[k].name, sizeof r->vars[k].name, "%s", name);
	r->vars[k].v = v;
	r->vars[k].n = n;
	return RS_OK;
}

static int expand(run *r, const mp_step *st, const mp_text *t, size_t *len_r,
		  mp_lit_span *lits, size_t *nl)
{
	char err[200] = "";
	mp_lit_span dummy[MP_LITS_MAX];
	size_t dn;
	mp_rc rc = mp_text_expand(r->s, t, var_get, r, r->xbuf, r->xcap, len_r,
				  lits ? lits : dummy, nl ? nl : &dn, err, sizeof err);
	if (rc == MP_NOSPACE) {
		snprintf(r->msg, sizeof r->msg, "text over %zu octets", r->xcap);
		r->fail_line = st->line;
		return RS_ERROR;
	}
	if (rc != MP_OK) {
		snprintf(r->msg, sizeof r->msg, "%s", err);
		r->fail_line = st->line;
		return RS_ERROR;
	}
	return RS_OK;
}

/* ---- patterns -------------------------------------------------------------------- */

/* Compiles (when it holds variables) and runs pat over p[0..n) (NULs
 * allowed). 1 match (groups in m), 0 none, -1 error (message set). */
static int pat_match(run *r, const mp_step *st, const mp_pattern *pat,
		     const uint8_t *p, size_t n, regmatch_t *m, size_t nm)
{
	regex_t tmp, *re = (regex_t *)&pat->re;
	if (!pat->compiled) {
		size_t len;
		if (expand(r, st, &pat->t, &len, NULL, NULL) != RS_OK)
			return -1;
		if (len >= r->xcap)
			return -1;
		r->xbuf[len] = 0;
		const char *why = mp_pattern_check((const char *)r->xbuf);
		if (why != NULL) {
			snprintf(r->msg, sizeof r->msg, "pattern after expansion: %s", why);
			r->fail_line = st->line;
			return -1;
		}
		int rc = regcomp(&tmp, (const char *)r->xbuf, REG_EXTENDED | REG_ICASE | REG_NEWLINE);
		if (rc != 0) {
			char e[120];
			regerror(rc, &tmp, e, sizeof e);
			snprintf(r->msg, sizeof r->msg, "bad pattern after expansion: %s", e);
			r->fail_line = st->line;
			return -1;
		}
		re = &tmp;
	}
	regmatch_t one[1];
	if (nm == 0) {
		m = one;
		nm = 1;
	}
	m[0].rm_so = 0;
	m[0].rm_eo = (regoff_t)n;
	int rc = regexec(re, (const char *)p, nm, m, REG_STARTEND);
	if (!pat->compiled)
		regfree(&tmp);
	return rc == 0 ? 1 : 0;
}

/* ---- the oracle -------------------------------------------------------------------- */

static void oracle(run *r, pconn *pc)
{
	for (size_t i = 0; i < pc->d.n; i++) {
		mp_rule rule = pc->d.v[i].rule;
		if (pc->d.v[i].offset < pc->mute_below)
			continue;
		mp_level lv = mp_rule_level(rule);
		if (lv != MP_MUST && lv != MP_SHOULD)
			continue;
		char id[120];
		snprintf(id, sizeof id, "oracle.%s.%s", mp_proto_name(pc->proto), mp_rule_name(rule));
		uint64_t off = pc->d.v[i].offset;
		mp_check c;
		memset(&c, 0, sizeof c);
		c.id = id;
		c.title = (char *)mp_rule_text(rule);
		c.ref = (char *)mp_rule_ref(rule);
		c.message = (char *)mp_rule_text(rule);
		c.level = lv;
		c.status = MP_FAIL;
		c.script = (char *)r->s->path;
		c.target = pc->tgt ? (char *)mp_target_label(pc->tgt) : NULL;
		c.url = pc->tgt ? (char *)pc->tgt->url : NULL;
		c.suite = (char *)"oracle";
		c.protocol = (char *)mp_proto_name(pc->proto);
		c.count = 1;
		uint64_t from = off > 64 ? off - 64 : 0;
		set_excerpt(r, pc, conn_name(r, pc), from, 192, off);
		if (r->has_ex) {
			c.has_excerpt = true;
			c.ex = r->ex;
		}
		r->has_ex = false;
		mp_results_add(r->res, &c);
	}
	mp_diags_clear(&pc->d);
}

/* ---- reading items ------------------------------------------------------------------- */

static void caps_add(pconn *pc, mp_slice kw)
{
	size_t o = strlen(pc->caps);
	if (o == 0)
		pc->caps[o++] = ' ';
	if (o + kw.n + 2 >= sizeof pc->caps)
		return;
	for (size_t i = 0; i < kw.n; i++) {
		uint8_t ch = kw.p[i];
		pc->caps[o++] = (char)(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
	}
	pc->caps[o++] = ' ';
	pc->caps[o] = '\0';
}

/* SMTP and POP3: keyword K with parameter words P also lists K=P
 * (AUTH PLAIN LOGIN: AUTH, AUTH=PLAIN, AUTH=LOGIN), as IMAP writes them. */
static void caps_add_params(pconn *pc, mp_slice kw, mp_slice params)
{
	caps_add(pc, kw);
	size_t i = 0;
	while (i < params.n) {
		while (i < params.n && params.p[i] == ' ')
			i++;
		size_t b = i;
		while (i < params.n && params.p[i] != ' ')
			i++;
		if (i == b || kw.n + 1 + (i - b) > 128)
			continue;
		char both[130];
		memcpy(both, kw.p, kw.n);
		both[kw.n] = '=';
		memcpy(both + kw.n + 1, params.p + b, i - b);
		caps_add(pc, MP_SLICE(both, kw.n + 1 + (i - b)));
	}
}

static void last_append(pconn *pc, const uint8_t *p, size_t n)
{
	if (pc->last == NULL)
		pc->last = malloc(LAST_MAX);
	if (pc->last == NULL)
		return;
	if (n > LAST_MAX - pc->last_n)
		n = LAST_MAX - pc->last_n;
	if (n)
		memcpy(pc->last + pc->last_n, p, n);
	pc->last_n += n;
}

static void body_keep(run *r, const uint8_t *p, size_t n, bool fresh)
{
	if (fresh) {
		r->body_n = 0;
		r->body_cut = false;
		r->body_set = true;
	}
	if (r->body == NULL)
		r->body = malloc(MP_BODY_MAX);
	if (r->body == NULL)
		return;
	if (n > MP_BODY_MAX - r->body_n) {
		n = MP_BODY_MAX - r->body_n;
		r->body_cut = true;
	}
	if (n == 0)
		return;
	memcpy(r->body + r->body_n, p, n);
	r->body_n += n;
}

/* What every item tells us, whoever reads it: capabilities, IMAP
 * untagged responses and message bodies. */
static void observe(run *r, pconn *pc, const item *it)
{
	if (it->k == I_SMTP && it->sev.has_caps) {
		pc->caps[0] = '\0';
		pc->caps_known = true;
		for (size_t i = 0; i < it->sev.caps.n; i++)
			caps_add_params(pc, it->sev.caps.v[i].keyword, it->sev.caps.v[i].params);
	} else if (it->k == I_POP) {
		const mp_pop3_event *e = &it->pev;
		if (e->kind == MP_POP3_EV_STATUS && e->answers == MP_POP3_CAPA &&
		    e->resp.status == MP_POP3_OK && e->multiline) {
			pc->caps[0] = '\0';
			pc->caps_known = true;
			pc->capa_open = true;
		} else if (e->kind == MP_POP3_EV_LINE && pc->capa_open) {
			size_t n = 0;
			while (n < e->line.n && e->line.p[n] != ' ')
				n++;
			size_t ps = n < e->line.n ? n + 1 : n;
			caps_add_params(pc, MP_SLICE(e->line.p, n),
					MP_SLICE(e->line.p + ps, e->line.n - ps));
		} else if (e->kind != MP_POP3_EV_LINE) {
			pc->capa_open = false;
		}
	} else if (it->k == I_IMAP) {
		const mp_imap_resp *x = &it->ir;
		if (x->kind == MP_IMAP_UNTAGGED && x->data == MP_IMAP_DATA_CAPABILITY) {
			pc->caps[0] = '\0';
			pc->caps_known = true;
			for (const mp_imap_node *n = x->args; n; n = n->next)
				if (n->type == MP_IMAP_ATOM)
					caps_add(pc, n->s);
		}
		if (x->code && x->code->type == MP_IMAP_ITEM &&
		    mp_slice_eq_ascii_ci(x->code->s, MP_LIT("CAPABILITY"))) {
			pc->caps[0] = '\0';
			pc->caps_known = true;
			for (const mp_imap_node *n = x->code->kid; n; n = n->next)
				if (n->type == MP_IMAP_ATOM)
					caps_add(pc, n->s);
		}
		if (x->kind == MP_IMAP_UNTAGGED) {
			if (x->data == MP_IMAP_DATA_FETCH) {
				const mp_imap_node *m = mp_imap_find(x->args, MP_IMAP_S_MESSAGE);
				if (m && m->type == MP_IMAP_STRING) {
					if (m->streamed) {
						r->body_set = true;
						r->body_n = 0;
						r->body_cut = true;
					} else if (m->form == MP_IMAP_QUOTED) {
						size_t len = 0;
						body_keep(r, NULL, 0, true);
						if (r->body && mp_imap_unquote(m, r->body, MP_BODY_MAX, &len) == MP_OK)
							r->body_n = len;
					} else {
						body_keep(r, m->s.p, m->s.n, true);
					}
				}
			}
			if (pc->nkv < MP_ARRAY_LEN(pc->kv)) {
				if (pc->kept == NULL)
					pc->kept = malloc(MP_KEPT_MAX);
				size_t n = it->raw.n;
				if (pc->kept && n <= MP_KEPT_MAX - pc->kept_n) {
					kept *k = &pc->kv[pc->nkv++];
					snprintf(k->kw, sizeof k->kw, "%.*s", (int)x->keyword.n,
						 (const char *)x->keyword.p);
					k->pos = pc->kept_n;
					k->len = n;
					if (n)
						memcpy(pc->kept + pc->kept_n, it->raw.p, n);
					pc->kept_n += n;
				}
			}
		}
	}
}

static void readers_init(pconn *pc, bool keep_offsets, bool greeted)
{
	uint64_t off = pc->io.off;
	mp_smtp_opts so = { 0 };
	mp_pop3_opts po = { 0 };
	mp_smtp_reader_init(&pc->smtp, true, &so);
	mp_pop3_reader_init(&pc->pop3, true, &po);
	pc->iopts = (mp_imap_opts){ .max_literal = (960u << 10), .max_unit = (1u << 20) };
	mp_imap_reader_init(&pc->imap, MP_IMAP_SERVER, &pc->iopts, pc->scratch,
			    pc->scratch ? IMAP_SCRATCH : 0);
	if (keep_offsets) {
		pc->smtp.lr.off = off;
		pc->smtp.greeted = greeted;
		pc->pop3.lr.off = off;
		pc->pop3.greeted = greeted;
		pc->imap.off = off;
		pc->imap_greeted = greeted;
	}
	pc->pending = 0;
	pc->drained = false;
	pc->capa_open = false;
	memset(&pc->sc, 0, sizeof pc->sc);
}

/* The next item from pc, waiting until deadline. Its slices stay valid
 * until the next call. */
static void next_item(run *r, pconn *pc, uint64_t deadline, item *it)
{
	memset(it, 0, sizeof *it);
	if (pc->pending) {
		mp_conn_consume(&pc->io, pc->pending);
		pc->pending = 0;
	}
	mp_arena_reset(&pc->arena);
	for (;;) {
		if (pc->drained) {
			it->k = I_EOF;
			return;
		}
		bool eof = pc->io.eof;
		const uint8_t *buf = pc->io.buf;
		size_t len = pc->io.len, used = 0;
		mp_rc rc = MP_NEED_MORE;
		uint64_t at = pc->io.off;
		if (pc->proto == MP_PROTO_SMTP) {
			rc = mp_smtp_next(&pc->smtp, buf, len, eof, &pc->arena, &it->sev, &used, &pc->d);
			if (rc == MP_OK && it->sev.kind == MP_SMTP_EV_REPLY) {
				it->k = I_SMTP;
				it->off = it->sev.off;
				/* a refused DATA or a finished AUTH: our next
				 * lines are commands again */
				if (it->sev.answers == MP_SMTP_DATA && it->sev.reply.code != 354 &&
				    pc->sc.mode == SC_DATA)
					pc->sc.mode = SC_CMD;
				if (it->sev.answers == MP_SMTP_AUTH && it->sev.reply.code != 334)
					pc->sc.sasl = false;
			} else if (rc == MP_OK) {
				rc = MP_NEED_MORE + 10; /* not an item: go on */
			}
		} else if (pc->proto == MP_PROTO_POP3) {
			rc = mp_pop3_next(&pc->pop3, buf, len, eof, &it->pev, &used, &pc->d);
			if (rc == MP_OK && it->pev.kind >= MP_POP3_EV_GREETING) {
				it->k = I_POP;
				it->off = it->pev.off;
			} else if (rc == MP_OK) {
				rc = MP_NEED_MORE + 10;
			}
		} else {
			mp_imap_event ev;
			rc = mp_imap_next(&pc->imap, buf, len, eof, &ev, &used, &pc->d);
			if (rc == MP_OK && ev.ev == MP_IMAP_EV_UNIT) {
				it->k = I_IMAP;
				it->off = ev.unit.off;
				it->raw = ev.unit.text;
				mp_imap_resp_parse(&ev.unit, !pc->imap_greeted, &pc->iopts,
						   &pc->arena, &it->ir, &pc->d);
				if (!pc->imap_greeted) {
					pc->imap_greeted = true;
					mp_imap_status s = it->ir.status;
					pc->greet_status = s == MP_IMAP_ST_OK ? MP_IST_OK
						: s == MP_IMAP_ST_PREAUTH ? MP_IST_PREAUTH
						: s == MP_IMAP_ST_BYE ? MP_IST_BYE : 0x80;
				}
			} else if (rc == MP_OK) {
				pc->big_literal += ev.lit.data.n;
				rc = MP_NEED_MORE + 10;
			}
		}
		oracle(r, pc);
		if (used > len)
			used = len;
		if ((int)rc == MP_OK) {
			if (it->k == I_SMTP && it->sev.reply.nlines > 0) {
				/* the raw reply: from its first line to the end of the last */
				const mp_smtp_reply *rp = &it->sev.reply;
				const mp_smtp_reply_line *ll = &rp->lines[rp->nlines - 1];
				uint64_t s0 = rp->lines[0].off, e0 = ll->toff + ll->text.n;
				if (s0 >= at && e0 >= s0 && e0 - at <= len)
					it->raw = MP_SLICE(buf + (s0 - at), (size_t)(e0 - s0));
			} else if (it->k == I_POP) {
				uint64_t s0 = it->pev.off;
				if (s0 >= at && s0 - at <= len) {
					size_t p0 = (size_t)(s0 - at), e = p0;
					while (e < used && buf[e] != '\n')
						e++;
					it->raw = MP_SLICE(buf + p0, e - p0);
					if (it->raw.n && it->raw.p[it->raw.n - 1] == '\r')
						it->raw.n--;
				}
			}
			pc->pending = used;
			observe(r, pc, it);
			return;
		}
		if (used > 0) {
			mp_conn_consume(&pc->io, used);
			if ((int)rc == MP_NEED_MORE + 10)
				continue;
		}
		if ((int)rc == MP_NEED_MORE + 10)
			continue;
		if (eof) {
			pc->drained = true;
			it->k = I_EOF;
			return;
		}
		int got = mp_conn_read(&pc->io, deadline);
		if (got > 0 || got == MP_CR_EOF || got == MP_CR_ERROR)
			continue; /* eof and resets: the readers get eof next */
		it->k = got == MP_CR_TIMEOUT ? I_TIMEOUT : I_FULL;
		return;
	}
}

/* Reads what has already come, without waiting, for the oracle. */
static void drain(run *r, pconn *pc)
{
	if (!pc->io.open)
		return;
	item it;
	for (int i = 0; i < 100000; i++) {
		next_item(r, pc, mp_now_ms(), &it);
		if (it.k == I_EOF || it.k == I_TIMEOUT || it.k == I_FULL)
			break;
	}
	if (pc->pending) {
		mp_conn_consume(&pc->io, pc->pending);
		pc->pending = 0;
	}
}

static void write_transcript(run *r, pconn *pc)
{
	if (r->o->transcripts == NULL || pc->io.nrec == 0)
		return;
	/* SCRIPT-ID.TARGET.CONN.N.txt: TARGET the run's target (its name, else
	 * host_port), so the runs of several targets never share a file */
	char tname[300], path[1600];
	const mp_target *t = r->primary;
	if (t->name[0])
		snprintf(tname, sizeof tname, "%s", t->name);
	else
		snprintf(tname, sizeof tname, "%s_%s", t->host, t->port);
	for (char *q = tname; *q; q++)
		if (!mp_is_alnum((unsigned char)*q) && *q != '.' && *q != '-' && *q != '_')
			*q = '_';
	snprintf(path, sizeof path, "%s/%s.%s.%s.%u.txt", r->o->transcripts,
		 mp_script_str(r->s, r->s->id), tname, conn_name(r, pc), pc->serial);
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		if (!r->transcript_warned)
			fprintf(stderr, "mailprobe: cannot write %s: %s\n", path, strerror(errno));
		r->transcript_warned = true;
		return;
	}
	fprintf(f, "# %s connection %s to %s%s%s\n", r->s->path, conn_name(r, pc),
		pc->tgt ? pc->tgt->url : "?", pc->io.tls ? " TLS " : "", pc->io.tls_info);
	mp_conn_transcript(&pc->io, f);
	fprintf(f, "# client sent %llu octets, server %llu\n",
		(unsigned long long)pc->io.tx.total, (unsigned long long)pc->io.rx.total);
	fclose(f);
}

static void conn_close(run *r, pconn *pc)
{
	if (!pc->used)
		return;
	drain(r, pc);
	write_transcript(r, pc);
	mp_conn_free(&pc->io);
	pc->used = false;
}

/* "got: ..." for a message. */
static void describe(char *out, size_t cap, const item *it, const pconn *pc)
{
	out[0] = '\0';
	switch (it->k) {
	case I_EOF:
		snprintf(out, cap, "%s", pc->io.reset ? "the connection was reset" : "the server closed the connection");
		if (pc->io.reset && pc->io.errmsg[0]) {
			size_t o = strlen(out);
			snprintf(out + o, cap - o, " (%s)", pc->io.errmsg);
		}
		return;
	case I_TIMEOUT:
		snprintf(out, cap, "nothing complete in time (%llu octets pending%s)",
			 (unsigned long long)pc->io.len,
			 pc->big_literal ? ", inside a literal" : "");
		return;
	case I_FULL:
		snprintf(out, cap, "over %u octets without a complete response", MP_CONN_HOLD_MAX);
		return;
	default:
		snprintf(out, cap, "got \"");
		esc_append(out, cap, it->raw.p, it->raw.n, 300);
		size_t o = strlen(out);
		snprintf(out + o, cap - o, "\"");
	}
}

/* A failed expectation: message and excerpt of the item. */
static int fail_item(run *r, const mp_step *st, pconn *pc, const item *it,
		     const char *want)
{
	char got[900];
	describe(got, sizeof got, it, pc);
	failf(r, st, "expected %s; %s", want, got);
	if (it->k == I_SMTP || it->k == I_POP || it->k == I_IMAP)
		set_excerpt(r, pc, conn_name(r, pc), it->off, it->raw.n + 2, it->off);
	else
		excerpt_tail(r, pc, conn_name(r, pc));
	return RS_FAIL;
}

/* ---- sending ------------------------------------------------------------------------ */

static uint64_t step_deadline(const run *r, const mp_step *st)
{
	uint32_t w = st && st->within_ms ? st->within_ms
		   : r->o->within_ms ? r->o->within_ms : MP_WITHIN_DEFAULT_MS;
	return min_u64(mp_now_ms() + w, r->deadline);
}

/* POP3: each command line sent tells the reader what answers it. */
static void pop3_hints(pconn *pc, const uint8_t *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t e = i;
		while (e < n && p[e] != '\n')
			e++;
		if (e == n)
			break; /* not a complete line */
		size_t ln = e - i;
		if (ln && p[i + ln - 1] == '\r')
			ln--;
		mp_pop3_cmd cmd;
		mp_pop3_opts po = { MP_POP3_LENIENT };
		if (mp_pop3_cmd_parse(MP_SLICE(p + i, ln), 0, &po, &cmd, NULL) == MP_OK &&
		    cmd.verb != MP_POP3_UNKNOWN)
			mp_pop3_reader_expect(&pc->pop3, &cmd);
		i = e + 1;
	}
}

/* SMTP: one complete command line we sent (without its line end). */
static void smtp_line(pconn *pc, size_t total)
{
	static const struct { const char *v; mp_smtp_verb verb; } verbs[] = {
		{ "HELO", MP_SMTP_HELO }, { "EHLO", MP_SMTP_EHLO }, { "MAIL", MP_SMTP_MAIL },
		{ "RCPT", MP_SMTP_RCPT }, { "DATA", MP_SMTP_DATA }, { "BDAT", MP_SMTP_BDAT },
		{ "RSET", MP_SMTP_RSET }, { "VRFY", MP_SMTP_VRFY }, { "EXPN", MP_SMTP_EXPN },
		{ "HELP", MP_SMTP_HELP }, { "NOOP", MP_SMTP_NOOP }, { "QUIT", MP_SMTP_QUIT },
		{ "STARTTLS", MP_SMTP_STARTTLS }, { "AUTH", MP_SMTP_AUTH },
	};
	if (pc->sc.sasl)
		return; /* a SASL response: AUTH stays pending until its reply */
	size_t held = total < sizeof pc->sc.line ? total : sizeof pc->sc.line;
	const char *l = pc->sc.line;
	size_t w = 0;
	while (w < held && l[w] != ' ' && l[w] != '\r')
		w++;
	int verb = MP_SMTP_UNKNOWN;
	for (size_t i = 0; i < MP_ARRAY_LEN(verbs); i++)
		if (strlen(verbs[i].v) == w &&
		    mp_slice_eq_ascii_ci(MP_SLICE(l, w), MP_SLICE(verbs[i].v, w)))
			verb = verbs[i].verb;
	mp_smtp_reader_expect(&pc->smtp, verb);
	if (verb == MP_SMTP_DATA) {
		pc->sc.mode = SC_DATA; /* until its reply says otherwise */
	} else if (verb == MP_SMTP_AUTH) {
		pc->sc.sasl = true;
	} else if (verb == MP_SMTP_BDAT) {
		uint64_t k = 0;
		size_t i = w;
		while (i < held && l[i] == ' ')
			i++;
		size_t d0 = i;
		while (i < held && mp_is_digit((unsigned char)l[i]) && i - d0 < 12)
			k = k * 10 + (uint64_t)(l[i++] - '0');
		if (i > d0 && k > 0) {
			pc->sc.mode = SC_BDAT;
			pc->sc.bdat_left = k;
		}
	}
}

/* SMTP: what we send, read as the server will (commands, DATA content to
 * "." CRLF, BDAT chunks, SASL lines), tells the reader what each reply
 * answers (mp_smtp_reader_expect): an EHLO reply is told from a
 * multi-line reply to anything else. */
static void smtp_hints(pconn *pc, const uint8_t *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (pc->sc.mode == SC_BDAT) {
			size_t k = n - i < pc->sc.bdat_left ? n - i : (size_t)pc->sc.bdat_left;
			i += k;
			pc->sc.bdat_left -= k;
			if (pc->sc.bdat_left == 0)
				pc->sc.mode = SC_CMD;
			continue;
		}
		uint8_t c = p[i++];
		if (c != '\n') {
			if (pc->sc.ln < sizeof pc->sc.line)
				pc->sc.line[pc->sc.ln] = (char)c;
			pc->sc.ln++;
			continue;
		}
		size_t ln = pc->sc.ln;
		pc->sc.ln = 0;
		if (pc->sc.mode == SC_DATA) {
			const char *l = pc->sc.line;
			if ((ln == 1 && l[0] == '.') || (ln == 2 && l[0] == '.' && l[1] == '\r')) {
				mp_smtp_reader_expect(&pc->smtp, MP_SMTP_HINT_CONTENT);
				pc->sc.mode = SC_CMD;
			}
			continue;
		}
		smtp_line(pc, ln);
	}
}

static int raw_write(run *r, const mp_step *st, pconn *pc, const uint8_t *p, size_t n)
{
	if (!pc->used || !pc->io.open)
		return failf(r, st, "connection %s is not open", conn_name(r, pc));
	if (pc->proto == MP_PROTO_POP3)
		pop3_hints(pc, p, n);
	else if (pc->proto == MP_PROTO_SMTP)
		smtp_hints(pc, p, n);
	if (r->piping && r->pipe_conn == (int)(pc - r->c)) {
		if (n > MP_DATA_FILE_MAX - r->pipe_n)
			return failf(r, st, "pipeline over %u octets", MP_DATA_FILE_MAX);
		if (n)
			memcpy(r->pipe + r->pipe_n, p, n);
		r->pipe_n += n;
		return RS_OK;
	}
	char err[200];
	if (mp_conn_write(&pc->io, p, n, step_deadline(r, st), err, sizeof err) != 0) {
		failf(r, st, "cannot send: %s", err);
		excerpt_tail(r, pc, conn_name(r, pc));
		return RS_FAIL;
	}
	return RS_OK;
}

static int do_send(run *r, const mp_step *st, pconn *pc, bool crlf)
{
	size_t n, nl = 0;
	mp_lit_span lits[MP_LITS_MAX];
	int rc = expand(r, st, &st->text, &n, lits, &nl);
	if (rc != RS_OK)
		return rc;
	if (crlf) {
		if (n + 2 > r->xcap)
			return failf(r, st, "line too long");
		r->xbuf[n++] = '\r';
		r->xbuf[n++] = '\n';
	}
	size_t pos = 0;
	for (size_t i = 0; i < nl; i++) {
		const mp_lit_span *l = &lits[i];
		char hdr[40];
		int hn = snprintf(hdr, sizeof hdr, "%s{%zu%s}\r\n", l->form == MP_LIT_8 ? "~" : "",
				  l->len, l->form == MP_LIT_PLUS ? "+" : l->form == MP_LIT_MINUS ? "-" : "");
		if ((rc = raw_write(r, st, pc, r->xbuf + pos, l->pos - pos)) != RS_OK ||
		    (rc = raw_write(r, st, pc, (const uint8_t *)hdr, (size_t)hn)) != RS_OK)
			return rc;
		if (l->form == MP_LIT_SYNC || l->form == MP_LIT_8) {
			/* the server's "+" first; untagged data may come before
			 * (kept for the next tagged step), and completions of
			 * other commands; a tagged NO or BAD for this command
			 * refuses the literal (RFC 9051 4.3, 7.5): the rest of
			 * the command is not sent and the response waits for
			 * its `tagged` step */
			size_t tn = 0;
			while (tn < n && r->xbuf[tn] != ' ')
				tn++;
			mp_slice tag = MP_SLICE(r->xbuf, tn);
			uint64_t dl = step_deadline(r, st);
			item it;
			if (!pc->kv_hold) {
				pc->kv_hold = true;
				pc->kv_from = pc->nkv;
			}
			for (;;) {
				next_item(r, pc, dl, &it);
				if (it.k == I_IMAP && it.ir.kind == MP_IMAP_UNTAGGED)
					continue;
				if (it.k == I_IMAP && it.ir.kind == MP_IMAP_TAGGED) {
					stash_put(pc, &it);
					if (mp_slice_eq(it.ir.tag, tag))
						return RS_OK;
					continue;
				}
				break;
			}
			if (!(it.k == I_IMAP && it.ir.kind == MP_IMAP_CONTINUE))
				return fail_item(r, st, pc, &it, "a + continuation for the literal");
		}
		if ((rc = raw_write(r, st, pc, r->xbuf + l->pos, l->len)) != RS_OK)
			return rc;
		pos = l->pos + l->len;
	}
	return raw_write(r, st, pc, r->xbuf + pos, n - pos);
}

static int load_file(run *r, const mp_step *st, size_t *n_r)
{
	size_t n;
	int rc = expand(r, st, &st->text, &n, NULL, NULL);
	if (rc != RS_OK)
		return rc;
	char name[1024];
	snprintf(name, sizeof name, "%.*s", (int)(n < 1023 ? n : 1023), (const char *)r->xbuf);
	char err[200] = "";
	mp_rc frc = mp_script_read_data(r->s, name, r->xbuf, MP_DATA_FILE_MAX, n_r, err, sizeof err);
	if (frc == MP_NOSPACE) {
		snprintf(r->msg, sizeof r->msg, "data file '%s' over %u octets", name, MP_DATA_FILE_MAX);
		r->fail_line = st->line;
		return RS_ERROR;
	}
	if (frc != MP_OK) {
		snprintf(r->msg, sizeof r->msg, "%s", err);
		r->fail_line = st->line;
		return RS_ERROR;
	}
	return RS_OK;
}

static int remember_message(run *r, const uint8_t *p, size_t n)
{
	uint8_t *m = realloc(r->message, n ? n : 1);
	if (m == NULL)
		return RS_ERROR;
	if (n)
		memcpy(m, p, n);
	r->message = m;
	r->message_n = n;
	r->message_set = true;
	r->bdat_open = false;
	return RS_OK;
}

static int do_sendfile(run *r, const mp_step *st, pconn *pc)
{
	size_t n;
	int rc = load_file(r, st, &n);
	if (rc != RS_OK)
		return rc;
	const uint8_t *f = r->xbuf;
	if (st->mode == MP_FM_RAW)
		return raw_write(r, st, pc, f, n);
	if (st->mode == MP_FM_BDAT) {
		if ((rc = remember_message(r, f, n)) != RS_OK)
			return rc;
		size_t pos = 0;
		do {
			size_t k = n - pos < st->num ? n - pos : (size_t)st->num;
			bool last = pos + k == n;
			char hdr[64];
			int hn = snprintf(hdr, sizeof hdr, "BDAT %zu%s\r\n", k, last ? " LAST" : "");
			if ((rc = raw_write(r, st, pc, (const uint8_t *)hdr, (size_t)hn)) != RS_OK ||
			    (rc = raw_write(r, st, pc, f + pos, k)) != RS_OK)
				return rc;
			pos += k;
		} while (pos < n);
		return RS_OK;
	}
	/* dotstuff: lines to CRLF, the message remembered unstuffed */
	size_t cap = n * 2 + 8;
	uint8_t *norm = malloc(cap), *out = malloc(cap + n + 8);
	if (norm == NULL || out == NULL) {
		free(norm);
		free(out);
		return failf(r, st, "out of memory");
	}
	size_t nn = 0, on = 0;
	bool bol = true;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = f[i];
		if (c == '\r' && i + 1 < n && f[i + 1] == '\n')
			continue;
		if (bol && c == '.')
			out[on++] = '.';
		if (c == '\n') {
			norm[nn++] = '\r';
			out[on++] = '\r';
		}
		norm[nn++] = c;
		out[on++] = c;
		bol = c == '\n';
	}
	if (!bol) {
		norm[nn++] = '\r';
		norm[nn++] = '\n';
		out[on++] = '\r';
		out[on++] = '\n';
	}
	memcpy(out + on, ".\r\n", 3);
	on += 3;
	rc = remember_message(r, norm, nn);
	if (rc == RS_OK)
		rc = raw_write(r, st, pc, out, on);
	free(norm);
	free(out);
	return rc;
}

/* ---- connections ---------------------------------------------------------------------- */

static int do_tls(run *r, const mp_step *st, pconn *pc)
{
	if (!pc->used || !pc->io.open)
		return failf(r, st, "connection %s is not open", conn_name(r, pc));
	if (pc->io.tls)
		return failf(r, st, "connection %s is already TLS", conn_name(r, pc));
	/* plaintext the server sent before our handshake: injected or answers
	 * to commands pipelined behind STARTTLS (CVE-2011-0411) */
	if (pc->pending) {
		mp_conn_consume(&pc->io, pc->pending);
		pc->pending = 0;
	}
	uint64_t before = pc->io.rx.total;
	mp_conn_read(&pc->io, mp_now_ms() + 100);
	if (pc->io.len > 0) {
		static const char *const refs[] = { "RFC 3207 4.2", "RFC 2595 4", "RFC 9051 6.2.1" };
		uint64_t at = pc->io.off;
		mp_check c;
		memset(&c, 0, sizeof c);
		c.id = (char *)"tls.plaintext-before-handshake";
		c.title = (char *)"no plaintext octets between the TLS go-ahead and the handshake";
		c.ref = (char *)refs[pc->proto];
		char m[600] = "server sent plaintext after the TLS go-ahead, before the handshake: \"";
		esc_append(m, sizeof m, pc->io.buf, pc->io.len, 200);
		size_t o = strlen(m);
		snprintf(m + o, sizeof m - o, "\"");
		c.message = m;
		c.level = MP_MUST;
		c.status = MP_FAIL;
		c.script = (char *)r->s->path;
		c.target = (char *)mp_target_label(pc->tgt);
		c.url = (char *)pc->tgt->url;
		c.suite = (char *)mp_script_str(r->s, r->s->id);
		c.protocol = (char *)mp_proto_name(pc->proto);
		set_excerpt(r, pc, conn_name(r, pc), at, pc->io.len, at);
		if (r->has_ex) {
			c.has_excerpt = true;
			c.ex = r->ex;
		}
		r->has_ex = false;
		mp_results_add(r->res, &c);
		/* the oracle still reads them as plaintext */
		drain(r, pc);
		mp_conn_consume(&pc->io, pc->io.len);
	}
	(void)before;
	char err[300];
	if (r->tls_ctx == NULL) {
		r->tls_ctx = mp_tls_ctx(r->o->tls_verify, r->o->ca_file, err, sizeof err);
		if (r->tls_ctx == NULL) {
			snprintf(r->msg, sizeof r->msg, "%s", err);
			r->fail_line = st->line;
			return RS_ERROR;
		}
	}
	if (mp_conn_tls(&pc->io, r->tls_ctx, pc->tgt->host, r->o->tls_verify,
			step_deadline(r, st), err, sizeof err) != 0) {
		failf(r, st, "%s", err);
		excerpt_tail(r, pc, conn_name(r, pc));
		return RS_FAIL;
	}
	/* implicit TLS: the stream starts now; STARTTLS: it goes on */
	readers_init(pc, true, pc->io.rx.total > 0);
	pc->caps[0] = '\0';
	pc->caps_known = false;
	return RS_OK;
}

static bool cap_has(const pconn *pc, const char *name)
{
	char pat[80];
	size_t n = strlen(name);
	if (n + 3 > sizeof pat)
		return false;
	pat[0] = ' ';
	for (size_t i = 0; i < n; i++)
		pat[1 + i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 32 : name[i]);
	pat[n + 1] = ' ';
	pat[n + 2] = '\0';
	if (strstr(pc->caps, pat) != NULL)
		return true;
	/* NAME also matches NAME=value (APPENDLIMIT=35651584) */
	pat[n + 1] = '=';
	return strchr(name, '=') == NULL && strstr(pc->caps, pat) != NULL;
}

/* connect ... starttls: greeting, capabilities, the upgrade, handshake. */
static int starttls(run *r, const mp_step *st, pconn *pc)
{
	item it;
	uint64_t dl = step_deadline(r, st);
	static const char *const cap_cmd[] = { "EHLO mailprobe.test\r\n", "CAPA\r\n",
					       "mp0 CAPABILITY\r\n" };
	static const char *const tls_cmd[] = { "STARTTLS\r\n", "STLS\r\n", "mp1 STARTTLS\r\n" };
	static const char *const cap_name[] = { "STARTTLS", "STLS", "STARTTLS" };
	next_item(r, pc, dl, &it);
	bool ok = (it.k == I_SMTP && it.sev.reply.code == 220) ||
		  (it.k == I_POP && it.pev.resp.status == MP_POP3_OK) ||
		  (it.k == I_IMAP && it.ir.kind == MP_IMAP_UNTAGGED && it.ir.status == MP_IMAP_ST_OK);
	if (!ok)
		return fail_item(r, st, pc, &it, "a greeting before STARTTLS");
	/* kept to show the script again after the upgrade */
	pc->greet_n = 0;
	if (it.raw.n + 2 <= sizeof pc->greet) {
		memcpy(pc->greet, it.raw.p, it.raw.n);
		pc->greet_n = it.raw.n;
		if (pc->proto != MP_PROTO_IMAP) {
			pc->greet[pc->greet_n++] = '\r';
			pc->greet[pc->greet_n++] = '\n';
		}
	}
	int rc = raw_write(r, st, pc, (const uint8_t *)cap_cmd[pc->proto], strlen(cap_cmd[pc->proto]));
	if (rc != RS_OK)
		return rc;
	for (;;) {
		next_item(r, pc, dl, &it);
		if (it.k == I_POP && it.pev.kind == MP_POP3_EV_LINE)
			continue;
		if (it.k == I_IMAP && it.ir.kind == MP_IMAP_UNTAGGED)
			continue;
		break;
	}
	ok = (it.k == I_SMTP && it.sev.reply.code == 250) ||
	     (it.k == I_POP && (it.pev.kind == MP_POP3_EV_END || it.pev.resp.status == MP_POP3_OK)) ||
	     (it.k == I_IMAP && it.ir.kind == MP_IMAP_TAGGED && it.ir.status == MP_IMAP_ST_OK);
	if (!ok)
		return fail_item(r, st, pc, &it, "the capabilities");
	if (it.k == I_POP && it.pev.kind != MP_POP3_EV_END)
		for (;;) { /* the rest of the CAPA listing */
			next_item(r, pc, dl, &it);
			if (!(it.k == I_POP && it.pev.kind == MP_POP3_EV_LINE))
				break;
		}
	if (!cap_has(pc, cap_name[pc->proto])) {
		snprintf(r->msg, sizeof r->msg, "server does not offer %s", cap_name[pc->proto]);
		r->fail_line = st->line;
		return RS_SKIP;
	}
	rc = raw_write(r, st, pc, (const uint8_t *)tls_cmd[pc->proto], strlen(tls_cmd[pc->proto]));
	if (rc != RS_OK)
		return rc;
	next_item(r, pc, dl, &it);
	ok = (it.k == I_SMTP && it.sev.reply.code == 220) ||
	     (it.k == I_POP && it.pev.resp.status == MP_POP3_OK) ||
	     (it.k == I_IMAP && it.ir.kind == MP_IMAP_TAGGED && it.ir.status == MP_IMAP_ST_OK);
	if (!ok)
		return fail_item(r, st, pc, &it, "the go-ahead for STARTTLS");
	rc = do_tls(r, st, pc);
	if (rc != RS_OK || pc->greet_n == 0)
		return rc;
	/* the script reads the greeting as on a plain connection; the
	 * oracle does not read it twice, offsets stay those of the stream */
	size_t g = pc->greet_n;
	if (pc->io.len + g > MP_CONN_HOLD_MAX || pc->io.off < g)
		return rc;
	memmove(pc->io.buf + g, pc->io.buf, pc->io.len);
	memcpy(pc->io.buf, pc->greet, g);
	pc->io.len += g;
	pc->mute_below = pc->io.off;
	pc->io.off -= g;
	readers_init(pc, true, false);
	return rc;
}

static int do_connect(run *r, const mp_step *st, pconn *pc)
{
	const mp_target *t = r->tgt[st->tkind];
	if (t == NULL) {
		snprintf(r->msg, sizeof r->msg, "no %s target", mp_tkind_name((mp_tkind)st->tkind));
		r->fail_line = st->line;
		return RS_SKIP;
	}
	conn_close(r, pc);
	unsigned serial = pc->serial + 1;
	uint8_t *scratch = pc->scratch, *amem = pc->amem, *last = pc->last, *kp = pc->kept;
	memset(pc, 0, sizeof *pc);
	pc->serial = serial;
	pc->scratch = scratch;
	pc->amem = amem;
	pc->last = last;
	pc->kept = kp;
	mp_conn_init(&pc->io);
	pc->kind = (mp_tkind)st->tkind;
	pc->proto = mp_tkind_proto(pc->kind);
	pc->tgt = t;
	if (pc->amem == NULL)
		pc->amem = malloc(ARENA_BYTES);
	if (pc->proto == MP_PROTO_IMAP && pc->scratch == NULL)
		pc->scratch = malloc(IMAP_SCRATCH);
	if (pc->amem == NULL || (pc->proto == MP_PROTO_IMAP && pc->scratch == NULL)) {
		snprintf(r->msg, sizeof r->msg, "out of memory");
		return RS_ERROR;
	}
	mp_arena_init(&pc->arena, pc->amem, ARENA_BYTES);
	mp_diags_init(&pc->d, pc->dv, DIAGS);
	readers_init(pc, false, false);
	char err[300];
	if (mp_conn_open(&pc->io, t->host, t->port, r->o->allow_remote, step_deadline(r, st),
			 err, sizeof err) != 0) {
		snprintf(r->msg, sizeof r->msg, "cannot connect to %s: %s", t->url, err);
		r->fail_line = st->line;
		mp_conn_free(&pc->io);
		return RS_ERROR;
	}
	pc->used = true;
	if (st->mode == MP_CM_STARTTLS && t->tls) {
		/* an implicit-TLS port has no plaintext phase to upgrade */
		snprintf(r->msg, sizeof r->msg, "%s is implicit TLS: no STARTTLS upgrade there", t->url);
		r->fail_line = st->line;
		return RS_SKIP;
	}
	bool tls = st->mode == MP_CM_TLS || (st->mode == MP_CM_DEFAULT && t->tls);
	if (tls)
		return do_tls(r, st, pc);
	if (st->mode == MP_CM_STARTTLS || (st->mode == MP_CM_DEFAULT && r->o->force_starttls))
		return starttls(r, st, pc);
	return RS_OK;
}

/* ---- expectations --------------------------------------------------------------------- */

static bool code_ok(const mp_step *st, unsigned code)
{
	for (size_t i = 0; i < st->ncodes; i++)
		if (code >= st->codes[i].lo && code <= st->codes[i].hi)
			return true;
	return false;
}

static void code_spec(const mp_step *st, char *out, size_t cap)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < st->ncodes && o + 8 < cap; i++) {
		if (st->codes[i].lo == st->codes[i].hi)
			o += (size_t)snprintf(out + o, cap - o, "%s%u", i ? "|" : "", st->codes[i].lo);
		else
			o += (size_t)snprintf(out + o, cap - o, "%s%uxx", i ? "|" : "", st->codes[i].lo / 100);
	}
}

/* Remembers the item as the last response: its lines without their line
 * ends (CRLF or LF), joined by LF; responses one after another also by LF. */
static void keep_last(run *r, pconn *pc, const uint8_t *p, size_t n, bool fresh)
{
	if (fresh)
		pc->last_n = 0;
	else if (pc->last_n)
		last_append(pc, (const uint8_t *)"\n", 1);
	if (r->sbuf == NULL)
		return;
	size_t k = strip_eol(p, n < MP_CONN_HOLD_MAX ? n : MP_CONN_HOLD_MAX, r->sbuf);
	last_append(pc, r->sbuf, k);
}

static void keep_item(run *r, pconn *pc, const item *it, bool fresh)
{
	keep_last(r, pc, it->raw.p, it->raw.n, fresh);
}

static int match_text(run *r, const mp_step *st, const uint8_t *p, size_t n)
{
	return pat_match(r, st, &st->re, p, n, NULL, 0);
}

/* A pattern against a whole response (IMAP, the greeting): first its
 * lines without their line ends, joined by LF (so $ matches at each
 * line's end), then, for patterns written for the octets as sent (with
 * \r\n), the response as sent. */
static int match_resp(run *r, const mp_step *st, const uint8_t *p, size_t n)
{
	if (r->sbuf != NULL) {
		size_t k = strip_eol(p, n < MP_CONN_HOLD_MAX ? n : MP_CONN_HOLD_MAX, r->sbuf);
		int m = match_text(r, st, r->sbuf, k);
		if (m != 0)
			return m;
	}
	return match_text(r, st, p, n);
}

static int ex_reply(run *r, const mp_step *st, pconn *pc, item *it)
{
	char spec[80], want[200];
	code_spec(st, spec, sizeof spec);
	snprintf(want, sizeof want, "reply %s", spec);
	if (it->k != I_SMTP)
		return fail_item(r, st, pc, it, want);
	const mp_smtp_reply *rp = &it->sev.reply;
	if (!code_ok(st, rp->code))
		return fail_item(r, st, pc, it, want);
	if (st->has_esc) {
		snprintf(want, sizeof want, "reply %s with enhanced code %u.%u.%u", spec,
			 st->esc[0], st->esc[1], st->esc[2]);
		if (!rp->has_esc || memcmp(rp->esc, st->esc, sizeof st->esc) != 0)
			return fail_item(r, st, pc, it, want);
	}
	if (st->re.present) {
		for (size_t i = 0; i < rp->nlines; i++) {
			int m = match_text(r, st, rp->lines[i].text.p, rp->lines[i].text.n);
			if (m < 0)
				return RS_ERROR;
			if (m)
				return RS_OK;
		}
		return fail_item(r, st, pc, it, "a reply line matching the pattern");
	}
	return RS_OK;
}

/* POP3 ok/err: a status line, then (multi-line) its body. */
static int ex_pop(run *r, const mp_step *st, pconn *pc, item *it, uint64_t dl)
{
	bool want_ok = st->ex == MP_E_OK;
	const char *want = want_ok ? (st->multiline ? "+OK and a multi-line body" : "+OK") : "-ERR";
	if (it->k != I_POP || (it->pev.kind != MP_POP3_EV_STATUS && it->pev.kind != MP_POP3_EV_GREETING))
		return fail_item(r, st, pc, it, want);
	mp_pop3_status s = it->pev.resp.status;
	if (s != (want_ok ? MP_POP3_OK : MP_POP3_ERR))
		return fail_item(r, st, pc, it, want);
	if (st->multiline && !it->pev.multiline)
		return fail_item(r, st, pc, it, want);
	if (st->re.present) {
		int m = match_text(r, st, it->pev.resp.text.p, it->pev.resp.text.n);
		if (m < 0)
			return RS_ERROR;
		if (!m)
			return fail_item(r, st, pc, it, "a status text matching the pattern");
	}
	if (it->pev.multiline) {
		body_keep(r, NULL, 0, true);
		uint64_t start = it->off;
		for (;;) {
			next_item(r, pc, dl, it);
			if (it->k == I_POP && it->pev.kind == MP_POP3_EV_LINE) {
				body_keep(r, it->pev.line.p, it->pev.line.n, false);
				body_keep(r, (const uint8_t *)"\r\n", 2, false);
				keep_item(r, pc, it, false);
				continue;
			}
			if (it->k == I_POP && it->pev.kind == MP_POP3_EV_END)
				break;
			char m[200];
			snprintf(m, sizeof m, "the multi-line body started at offset %llu to end with \".\"",
				 (unsigned long long)start);
			return fail_item(r, st, pc, it, m);
		}
	}
	return RS_OK;
}

static uint8_t ist_of(mp_imap_status s)
{
	return s == MP_IMAP_ST_OK ? MP_IST_OK : s == MP_IMAP_ST_NO ? MP_IST_NO
	     : s == MP_IMAP_ST_BAD ? MP_IST_BAD : s == MP_IMAP_ST_PREAUTH ? MP_IST_PREAUTH
	     : s == MP_IMAP_ST_BYE ? MP_IST_BYE : 0;
}

static void ist_spec(uint8_t b, char *out, size_t cap)
{
	static const char *const n[] = { "OK", "NO", "BAD", "PREAUTH", "BYE" };
	size_t o = 0;
	out[0] = '\0';
	for (int i = 0; i < 5 && o + 10 < cap; i++)
		if (b & (1u << i))
			o += (size_t)snprintf(out + o, cap - o, "%s%s", o ? "|" : "", n[i]);
}

/* A tagged response read before its `tagged` step. */
static void stash_put(pconn *pc, const item *it)
{
	if (pc->nstash == STASH_MAX)
		return;
	size_t k = pc->nstash++;
	snprintf(pc->stash[k].tag, MP_SCRIPT_NAME_MAX, "%.*s", (int)it->ir.tag.n,
		 (const char *)it->ir.tag.p);
	pc->stash[k].st = ist_of(it->ir.status);
	size_t n = it->raw.n < STASH_RAW ? it->raw.n : STASH_RAW;
	memcpy(pc->stash[k].raw, it->raw.p, n);
	pc->stash[k].n = (uint16_t)n;
}

static int ex_tagged(run *r, const mp_step *st, pconn *pc, item *it, uint64_t dl)
{
	const char *tag = mp_script_str(r->s, st->name);
	char sp[40], want[120];
	ist_spec(st->ist, sp, sizeof sp);
	snprintf(want, sizeof want, "tagged %s %s", tag, sp);
	/* the untagged responses kept: those a send step read since the last
	 * tagged step (waiting for a literal's +), then this step's */
	if (pc->kv_hold && pc->kv_from < pc->nkv) {
		size_t base = pc->kv[pc->kv_from].pos;
		memmove(pc->kept, pc->kept + base, pc->kept_n - base);
		pc->kept_n -= base;
		for (size_t i = pc->kv_from; i < pc->nkv; i++) {
			pc->kv[i - pc->kv_from] = pc->kv[i];
			pc->kv[i - pc->kv_from].pos -= base;
		}
		pc->nkv -= pc->kv_from;
	} else {
		pc->nkv = 0;
		pc->kept_n = 0;
	}
	pc->kv_hold = false;
	pc->last_n = 0;
	for (size_t i = 0; i < pc->nkv; i++)
		keep_last(r, pc, pc->kept + pc->kv[i].pos, pc->kv[i].len, false);
	/* a completion read earlier, out of order (or the refusal of a
	 * synchronising literal, read by the send step) */
	for (size_t i = 0; i < pc->nstash; i++)
		if (strcmp(pc->stash[i].tag, tag) == 0) {
			uint8_t s = pc->stash[i].st;
			uint8_t raw[STASH_RAW];
			size_t rn = pc->stash[i].n;
			memcpy(raw, pc->stash[i].raw, rn);
			pc->stash[i] = pc->stash[--pc->nstash];
			keep_last(r, pc, raw, rn, false);
			if (!(s & st->ist)) {
				failf(r, st, "expected %s; it came earlier: \"", want);
				esc_append(r->msg, sizeof r->msg, raw, rn, 300);
				strncat(r->msg, "\"", sizeof r->msg - strlen(r->msg) - 1);
				return RS_FAIL;
			}
			if (st->re.present) {
				int m = match_resp(r, st, raw, rn);
				if (m < 0)
					return RS_ERROR;
				if (!m) {
					failf(r, st, "expected a tagged response matching the pattern; it came earlier: \"");
					esc_append(r->msg, sizeof r->msg, raw, rn, 300);
					strncat(r->msg, "\"", sizeof r->msg - strlen(r->msg) - 1);
					return RS_FAIL;
				}
			}
			return RS_OK;
		}
	for (;;) {
		next_item(r, pc, dl, it);
		if (it->k != I_IMAP)
			return fail_item(r, st, pc, it, want);
		keep_item(r, pc, it, false);
		if (it->ir.kind == MP_IMAP_UNTAGGED)
			continue;
		if (it->ir.kind == MP_IMAP_CONTINUE)
			return fail_item(r, st, pc, it, want);
		if (!mp_slice_eq(it->ir.tag, MP_SLICE(tag, strlen(tag)))) {
			stash_put(pc, it);
			continue;
		}
		if (!(ist_of(it->ir.status) & st->ist))
			return fail_item(r, st, pc, it, want);
		if (st->re.present) {
			int m = match_resp(r, st, it->raw.p, it->raw.n);
			if (m < 0)
				return RS_ERROR;
			if (!m)
				return fail_item(r, st, pc, it, "a tagged response matching the pattern");
		}
		return RS_OK;
	}
}

static int ex_untagged(run *r, const mp_step *st, pconn *pc, bool none)
{
	const char *kw = mp_script_str(r->s, st->name);
	for (size_t i = 0; i < pc->nkv; i++) {
		const kept *k = &pc->kv[i];
		if (strlen(k->kw) != strlen(kw) ||
		    !mp_slice_is_ci(MP_SLICE(k->kw, strlen(k->kw)), kw))
			continue;
		int m = 1;
		if (st->re.present) {
			m = match_resp(r, st, pc->kept + k->pos, k->len);
			if (m < 0)
				return RS_ERROR;
		}
		if (m && none) {
			failf(r, st, "expected no untagged %s%s; got \"", kw,
			      st->re.present ? " matching the pattern" : "");
			esc_append(r->msg, sizeof r->msg, pc->kept + k->pos, k->len, 300);
			strncat(r->msg, "\"", sizeof r->msg - strlen(r->msg) - 1);
			return RS_FAIL;
		}
		if (m)
			return RS_OK;
	}
	if (none)
		return RS_OK;
	return failf(r, st, "expected an untagged %s%s among the %zu untagged responses since the last tagged step",
		     kw, st->re.present ? " matching the pattern" : "", pc->nkv);
}

/* Takes the trace fields a server adds on top off a message. */
static mp_slice strip_trace(mp_slice b)
{
	static const char *const names[] = { "return-path:", "received:", "delivered-to:",
					     "x-original-to:" };
	for (;;) {
		bool hit = false;
		for (size_t i = 0; i < MP_ARRAY_LEN(names) && !hit; i++)
			if (mp_slice_prefix_ci(b, MP_SLICE(names[i], strlen(names[i]))))
				hit = true;
		if (!hit)
			return b;
		size_t p = 0;
		for (;;) { /* the field with its folded lines */
			while (p < b.n && b.p[p] != '\n')
				p++;
			if (p < b.n)
				p++;
			if (p < b.n && (b.p[p] == ' ' || b.p[p] == '\t'))
				continue;
			break;
		}
		b = mp_slice_sub(b, p, b.n - p);
	}
}

static int compare_body(run *r, const mp_step *st, const uint8_t *want, size_t wn,
			bool strip, const char *what)
{
	if (!r->body_set)
		return failf(r, st, "no body was read before this step");
	if (r->body_cut)
		return failf(r, st, "the body was over %u octets and not kept whole", MP_BODY_MAX);
	mp_slice b = MP_SLICE(r->body, r->body_n);
	if (strip)
		b = strip_trace(b);
	size_t i = 0;
	while (i < b.n && i < wn && b.p[i] == want[i])
		i++;
	if (i == b.n && i == wn)
		return RS_OK;
	failf(r, st, "the body differs from %s at octet %zu (body %zu octets, expected %zu): got \"",
	      what, i, b.n, wn);
	size_t from = i > 20 ? i - 20 : 0;
	esc_append(r->msg, sizeof r->msg, b.p + from, b.n - from, 60);
	size_t o = strlen(r->msg);
	snprintf(r->msg + o, sizeof r->msg - o, "\", expected \"");
	esc_append(r->msg, sizeof r->msg, want + (from < wn ? from : wn), from < wn ? wn - from : 0, 60);
	o = strlen(r->msg);
	snprintf(r->msg + o, sizeof r->msg - o, "\"");
	return RS_FAIL;
}

static int do_expect(run *r, const mp_step *st, pconn *pc)
{
	if (!pc->used && st->ex != MP_E_MESSAGE && st->ex != MP_E_BODY &&
	    st->ex != MP_E_UNTAGGED && st->ex != MP_E_NO_UNTAGGED &&
	    st->ex != MP_E_CAP && st->ex != MP_E_NO_CAP)
		return failf(r, st, "connection %s is not open", conn_name(r, pc));
	uint64_t dl = step_deadline(r, st);
	item it;
	switch ((mp_expect_kind)st->ex) {
	case MP_E_CAP:
	case MP_E_NO_CAP: {
		const char *cap = mp_script_str(r->s, st->name);
		bool none = st->ex == MP_E_NO_CAP;
		if (!pc->caps_known)
			return failf(r, st, "expected the capabilities %s %s; no capability list "
				     "(EHLO, CAPA, CAPABILITY) was read on %s", none ? "without" : "with",
				     cap, conn_name(r, pc));
		if (cap_has(pc, cap) != none)
			return RS_OK;
		failf(r, st, "expected the capabilities %s %s; they are:", none ? "without" : "with", cap);
		esc_append(r->msg, sizeof r->msg, (const uint8_t *)pc->caps, strlen(pc->caps), 600);
		return RS_FAIL;
	}
	case MP_E_UNTAGGED:
	case MP_E_NO_UNTAGGED:
		return ex_untagged(r, st, pc, st->ex == MP_E_NO_UNTAGGED);
	case MP_E_MESSAGE:
		if (!r->message_set)
			return failf(r, st, "no message was sent with sendfile ... dotstuff before this step");
		return compare_body(r, st, r->message, r->message_n, true, "the message sent");
	case MP_E_BODY: {
		size_t n;
		int rc = load_file(r, st, &n);
		if (rc != RS_OK)
			return rc;
		return compare_body(r, st, r->xbuf, n, false, "the file");
	}
	case MP_E_SILENCE: {
		uint64_t before = pc->io.rx.total;
		size_t held = pc->io.len - pc->pending;
		uint64_t until = min_u64(mp_now_ms() + st->num, r->deadline);
		while (mp_now_ms() < until && !pc->io.eof) {
			int g = mp_conn_read(&pc->io, until);
			if (g == MP_CR_TIMEOUT)
				break;
			if (g < 0)
				break;
		}
		if (pc->io.rx.total != before || held > 0) {
			uint64_t from = pc->io.rx.total - (pc->io.rx.total - before) - held;
			failf(r, st, "expected silence for %llu ms; the server sent %llu octets",
			      (unsigned long long)st->num,
			      (unsigned long long)(pc->io.rx.total - before + held));
			set_excerpt(r, pc, conn_name(r, pc), from, 256, from);
			return RS_FAIL;
		}
		if (pc->io.eof)
			return failf(r, st, "expected silence; %s", pc->io.reset ? "the connection was reset" : "the server closed the connection");
		if (mp_now_ms() >= r->deadline)
			return failf(r, st, "script timeout during silence");
		return RS_OK;
	}
	case MP_E_CLOSED:
		next_item(r, pc, dl, &it);
		if (it.k == I_EOF && !pc->io.reset)
			return RS_OK;
		return fail_item(r, st, pc, &it, "the server to close the connection");
	case MP_E_GREETING: {
		char sp[40], want[80];
		ist_spec(st->ist, sp, sizeof sp);
		snprintf(want, sizeof want, "greeting %s", sp);
		if (!pc->imap_greeted) {
			next_item(r, pc, dl, &it);
			if (it.k != I_IMAP)
				return fail_item(r, st, pc, &it, want);
			keep_item(r, pc, &it, true);
			if (!(pc->greet_status & st->ist))
				return fail_item(r, st, pc, &it, want);
			if (st->re.present) {
				int m = match_resp(r, st, it.raw.p, it.raw.n);
				if (m <= 0)
					return m < 0 ? RS_ERROR : fail_item(r, st, pc, &it, "a greeting matching the pattern");
			}
			return RS_OK;
		}
		if (!(pc->greet_status & st->ist))
			return failf(r, st, "expected %s; the greeting read earlier differs", want);
		return RS_OK;
	}
	case MP_E_TAGGED:
		return ex_tagged(r, st, pc, &it, dl);
	default:
		break;
	}
	next_item(r, pc, dl, &it);
	if (it.k == I_SMTP || it.k == I_POP || it.k == I_IMAP)
		keep_item(r, pc, &it, true);
	switch ((mp_expect_kind)st->ex) {
	case MP_E_REPLY:
		return ex_reply(r, st, pc, &it);
	case MP_E_OK:
	case MP_E_ERR:
		return ex_pop(r, st, pc, &it, dl);
	case MP_E_CONTINUE: {
		bool ok = (it.k == I_SMTP && it.sev.reply.code == 334) ||
			  (it.k == I_POP && it.pev.resp.status == MP_POP3_CONT &&
			   it.pev.kind == MP_POP3_EV_STATUS) ||
			  (it.k == I_IMAP && it.ir.kind == MP_IMAP_CONTINUE);
		if (!ok)
			return fail_item(r, st, pc, &it, pc->proto == MP_PROTO_SMTP ? "a 334 continuation" : "a + continuation");
		return RS_OK;
	}
	case MP_E_LINE: {
		if (it.k != I_SMTP && it.k != I_POP && it.k != I_IMAP)
			return fail_item(r, st, pc, &it, "a line");
		/* each line of the item, as sent */
		size_t i = 0;
		while (i <= it.raw.n) {
			size_t e = i;
			while (e < it.raw.n && it.raw.p[e] != '\n')
				e++;
			size_t ln = e - i;
			if (ln && it.raw.p[i + ln - 1] == '\r')
				ln--;
			int m = match_text(r, st, it.raw.p + i, ln);
			if (m < 0)
				return RS_ERROR;
			if (m)
				return RS_OK;
			if (e >= it.raw.n)
				break;
			i = e + 1;
		}
		return fail_item(r, st, pc, &it, "a line matching the pattern");
	}
	default:
		return failf(r, st, "internal: unknown expectation");
	}
}

/* ---- values ------------------------------------------------------------------------------ */

static bool all_digits(const uint8_t *p, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!mp_is_digit(p[i]))
			return false;
	return true;
}

/* Decimal numbers of any length: <0, 0, >0. */
static int num_cmp(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
	while (an > 1 && a[0] == '0')
		a++, an--;
	while (bn > 1 && b[0] == '0')
		b++, bn--;
	if (an != bn)
		return an < bn ? -1 : 1;
	return memcmp(a, b, an);
}

/* assert A OP B: numbers compare as numbers, == and != also compare
 * other values octet by octet. */
static int do_assert(run *r, const mp_step *st)
{
	static const char *const ops[] = { "<", "<=", ">", ">=", "==", "!=" };
	uint8_t a[MP_VAR_VALUE_MAX + 1];
	size_t an, bn;
	int rc = expand(r, st, &st->text, &an, NULL, NULL);
	if (rc != RS_OK)
		return rc;
	if (an > MP_VAR_VALUE_MAX)
		return failf(r, st, "assert: the left value is over %d octets", MP_VAR_VALUE_MAX);
	memcpy(a, r->xbuf, an);
	if ((rc = expand(r, st, &st->text2, &bn, NULL, NULL)) != RS_OK)
		return rc;
	const uint8_t *b = r->xbuf;
	bool num = all_digits(a, an) && all_digits(b, bn);
	int c;
	if (num)
		c = num_cmp(a, an, b, bn);
	else if (st->op == MP_OP_EQ || st->op == MP_OP_NE)
		c = an == bn && memcmp(a, b, an) == 0 ? 0 : 1;
	else
		c = 2; /* not numbers */
	bool ok = c != 2 &&
		  (st->op == MP_OP_LT ? c < 0 : st->op == MP_OP_LE ? c <= 0
		 : st->op == MP_OP_GT ? c > 0 : st->op == MP_OP_GE ? c >= 0
		 : st->op == MP_OP_EQ ? c == 0 : c != 0);
	if (ok)
		return RS_OK;
	failf(r, st, "assert failed: \"");
	esc_append(r->msg, sizeof r->msg, a, an, 200);
	size_t o = strlen(r->msg);
	snprintf(r->msg + o, sizeof r->msg - o, "\" %s \"", ops[st->op]);
	esc_append(r->msg, sizeof r->msg, b, bn, 200);
	o = strlen(r->msg);
	snprintf(r->msg + o, sizeof r->msg - o, "\"%s",
		 c == 2 ? " (< <= > >= compare decimal numbers; a value is not one)"
		 : num ? " (as numbers)" : " (as strings)");
	return RS_FAIL;
}

/* bdat C [LAST] TEXT: BDAT with the octet count of the expanded text. The
 * chunks of bdat steps up to the LAST one make the script's *message*. */
static int do_bdat(run *r, const mp_step *st, pconn *pc)
{
	size_t n;
	int rc = expand(r, st, &st->text, &n, NULL, NULL);
	if (rc != RS_OK)
		return rc;
	if (!r->bdat_open)
		r->message_n = 0;
	uint8_t *m = realloc(r->message, r->message_n + n + 1);
	if (m == NULL)
		return failf(r, st, "out of memory");
	memcpy(m + r->message_n, r->xbuf, n);
	r->message = m;
	r->message_n += n;
	r->message_set = true;
	r->bdat_open = !st->last;
	char hdr[64];
	int hn = snprintf(hdr, sizeof hdr, "BDAT %zu%s\r\n", n, st->last ? " LAST" : "");
	if ((rc = raw_write(r, st, pc, (const uint8_t *)hdr, (size_t)hn)) != RS_OK)
		return rc;
	return raw_write(r, st, pc, r->xbuf, n);
}

/* ---- running steps ---------------------------------------------------------------------- */

static int exec_range(run *r, size_t from, size_t to, size_t *failed_at);

static int exec_step(run *r, size_t i, size_t *next)
{
	const mp_step *st = &r->s->steps[i];
	pconn *pc = st->conn >= 0 ? &r->c[st->conn] : NULL;
	*next = i + 1;
	if (mp_now_ms() >= r->deadline) {
		failf(r, st, "script timeout (%u s) before this step", r->s->timeout_s);
		return RS_FAIL;
	}
	r->has_ex = false;
	switch ((mp_step_kind)st->kind) {
	case MP_S_CONNECT:
		return do_connect(r, st, pc);
	case MP_S_TLS:
		return do_tls(r, st, pc);
	case MP_S_CLOSE:
		conn_close(r, pc);
		return RS_OK;
	case MP_S_SHUTDOWN:
		if (!pc->used)
			return failf(r, st, "connection %s is not open", conn_name(r, pc));
		mp_conn_shutdown(&pc->io);
		return RS_OK;
	case MP_S_WAIT: {
		uint64_t now = mp_now_ms();
		sleep_ms(min_u64(st->num, r->deadline > now ? r->deadline - now : 0));
		return RS_OK;
	}
	case MP_S_SEND:
	case MP_S_SENDRAW:
		return do_send(r, st, pc, st->kind == MP_S_SEND);
	case MP_S_SENDFILE:
		return do_sendfile(r, st, pc);
	case MP_S_PIPELINE: {
		if (r->pipe == NULL)
			r->pipe = malloc(MP_DATA_FILE_MAX);
		if (r->pipe == NULL)
			return failf(r, st, "out of memory");
		r->pipe_n = 0;
		r->pipe_conn = st->conn;
		size_t fa;
		uint8_t *keep = r->pipe;
		r->piping = true;
		int rc = exec_range(r, i + 1, (size_t)st->match, &fa);
		r->piping = false;
		if (rc == RS_OK) {
			char err[200];
			if (!pc->used || !pc->io.open)
				rc = failf(r, st, "connection %s is not open", conn_name(r, pc));
			else {
				/* POP3 hints were given as the lines were queued */
				if (mp_conn_write(&pc->io, keep, r->pipe_n, step_deadline(r, st), err,
						  sizeof err) != 0)
					rc = failf(r, st, "cannot send the pipeline: %s", err);
			}
		}
		*next = (size_t)st->match + 1;
		return rc;
	}
	case MP_S_UNTIL: {
		uint64_t end = min_u64(mp_now_ms() + st->num, r->deadline);
		int rc;
		for (;;) {
			size_t fa;
			rc = exec_range(r, i + 1, (size_t)st->match, &fa);
			if (rc != RS_FAIL || mp_now_ms() + 500 > end)
				break;
			sleep_ms(500);
		}
		*next = (size_t)st->match + 1;
		return rc;
	}
	case MP_S_END:
		return RS_OK;
	case MP_S_EXPECT:
		return do_expect(r, st, pc);
	case MP_S_CAPTURE: {
		regmatch_t m[2];
		int k = pat_match(r, st, &st->re, pc->last ? pc->last : (const uint8_t *)"",
				  pc->last_n, m, 2);
		if (k < 0)
			return RS_ERROR;
		if (k == 0 || m[1].rm_so < 0) {
			failf(r, st, "capture %s: the pattern does not match the last response \"",
			      mp_script_str(r->s, st->name));
			esc_append(r->msg, sizeof r->msg, pc->last, pc->last_n, 300);
			strncat(r->msg, "\"", sizeof r->msg - strlen(r->msg) - 1);
			return RS_FAIL;
		}
		return set_var(r, st, mp_script_str(r->s, st->name), pc->last + m[1].rm_so,
			       (size_t)(m[1].rm_eo - m[1].rm_so));
	}
	case MP_S_REQUIRE: {
		const char *cap = mp_script_str(r->s, st->name);
		if (cap_has(pc, cap))
			return RS_OK;
		snprintf(r->msg, sizeof r->msg, "server does not announce %s%s", cap,
			 pc->caps_known ? "" : " (no capability list was read)");
		r->fail_line = st->line;
		return RS_SKIP;
	}
	case MP_S_ASSERT:
		return do_assert(r, st);
	case MP_S_BDAT:
		return do_bdat(r, st, pc);
	case MP_S_FINALLY: /* run by mp_replay_run at the end */
		*next = (size_t)st->match + 1;
		return RS_OK;
	case MP_S_CHECK:
	case MP_S_COUNT:
		break;
	}
	return RS_OK;
}

static int exec_range(run *r, size_t from, size_t to, size_t *failed_at)
{
	size_t i = from;
	while (i < to) {
		size_t next;
		int rc = exec_step(r, i, &next);
		if (rc != RS_OK) {
			*failed_at = i;
			return rc;
		}
		i = next;
	}
	return RS_OK;
}

/* Records check ci with the excerpt ex (NULL: none); msg and ex are copied. */
static void record(run *r, size_t ci, mp_status st, const char *msg, uint64_t ms,
		   unsigned line, const mp_excerpt *ex)
{
	const mp_script *s = r->s;
	const mp_script_check *k = &s->checks[ci];
	mp_check c;
	memset(&c, 0, sizeof c);
	c.id = (char *)mp_script_str(s, k->id);
	c.title = (char *)mp_script_str(s, k->title);
	c.ref = (char *)mp_script_str(s, k->ref);
	c.level = k->level;
	c.status = st;
	c.message = (char *)msg;
	c.script = s->path;
	c.target = (char *)mp_target_label(r->primary);
	c.url = (char *)r->primary->url;
	c.suite = (char *)mp_script_str(s, s->id);
	c.protocol = (char *)mp_script_str(s, s->protocol);
	c.duration_ms = ms;
	c.step_line = line;
	if (ex) {
		c.has_excerpt = true;
		c.ex = *ex;
	}
	mp_results_add(r->res, &c);
}

/* keep_going: the first failed expect of the current check, kept until
 * the check ends, and how many more failed after it */
struct differ {
	char msg[1300];
	unsigned line;
	size_t more;
	bool has_ex, any;
	mp_excerpt ex;
	uint8_t exbuf[MP_EXCERPT_MAX];
};

/* A check that failed on one or more replies under keep_going. */
static void keep_record(run *r, size_t ci, struct differ *kp, uint64_t ms)
{
	char m[1400];
	if (kp->more)
		snprintf(m, sizeof m, "%s; and %zu more repl%s differed", kp->msg, kp->more,
			 kp->more == 1 ? "y" : "ies");
	else
		snprintf(m, sizeof m, "%s", kp->msg);
	mp_excerpt e = kp->ex;
	e.data = kp->exbuf;
	record(r, ci, MP_FAIL, m, ms, kp->line, kp->has_ex ? &e : NULL);
}

mp_status mp_replay_run(const mp_script *s, const mp_replay_opts *o,
			const mp_target *primary, mp_results *res)
{
	run *r = calloc(1, sizeof *r);
	if (r == NULL)
		return MP_ERROR;
	r->s = s;
	r->o = o;
	r->primary = primary;
	r->res = res;
	for (size_t i = 0; i < o->ntargets; i++)
		if (r->tgt[o->targets[i].kind] == NULL)
			r->tgt[o->targets[i].kind] = &o->targets[i];
	r->tgt[primary->kind] = primary;
	r->t0 = mp_now_ms();
	unsigned scale = o->timeout_scale ? o->timeout_scale : 1;
	r->deadline = r->t0 + (uint64_t)s->timeout_s * 1000u / scale;
	r->xcap = MP_DATA_FILE_MAX + 64;
	r->xbuf = malloc(r->xcap);
	r->sbuf = malloc(MP_CONN_HOLD_MAX);
	static unsigned counter;
	snprintf(r->uniq, sizeof r->uniq, "mp%lx%x%x", (unsigned long)time(NULL),
		 (unsigned)getpid() & 0xffffff, ++counter);
	if (o->user && o->password) {
		uint8_t plain[800];
		size_t un = strlen(o->user), pn = strlen(o->password);
		if (un + pn + 2 <= sizeof plain) {
			plain[0] = 0;
			memcpy(plain + 1, o->user, un);
			plain[1 + un] = 0;
			memcpy(plain + 2 + un, o->password, pn);
			b64(plain, un + pn + 2, r->auth_plain, sizeof r->auth_plain);
		}
		b64((const uint8_t *)o->user, un, r->user_b64, sizeof r->user_b64);
		b64((const uint8_t *)o->password, pn, r->password_b64, sizeof r->password_b64);
	}
	mp_status worst = MP_PASS;
	/* needs: every kind the script connects to needs a target */
	char missing[80] = "";
	for (int k = 0; k < MP_TK_COUNT; k++)
		if ((s->needs & (1u << k)) && r->tgt[k] == NULL)
			snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s%s",
				 missing[0] ? ", " : "", mp_tkind_name((mp_tkind)k));
	if (missing[0] || r->xbuf == NULL || r->sbuf == NULL) {
		char m[160];
		snprintf(m, sizeof m, r->xbuf ? "no %s target given" : "out of memory", missing);
		for (size_t ci = 0; ci < s->nchecks; ci++)
			record(r, ci, r->xbuf ? MP_SKIP : MP_ERROR, m, 0, 0, NULL);
		mp_status st = r->xbuf ? MP_SKIP : MP_ERROR;
		free(r->xbuf);
		free(r->sbuf);
		free(r);
		return st;
	}
	/* the steps, check by check */
	size_t ci = 0, i = 0;
	uint64_t cstart = mp_now_ms();
	int rc = RS_OK;
	size_t failed_at = 0;
	size_t stop = s->finally_step >= 0 ? (size_t)s->finally_step : s->nsteps;
	struct differ *kp = o->keep_going ? calloc(1, sizeof *kp) : NULL;
	while (i < stop) {
		const mp_step *st = &s->steps[i];
		if (st->kind == MP_S_CHECK) {
			if (kp && kp->any) {
				keep_record(r, ci, kp, mp_now_ms() - cstart);
				worst = MP_FAIL;
				kp->any = false;
			} else {
				record(r, ci, MP_PASS, "passed", mp_now_ms() - cstart, 0, NULL);
			}
			ci = (size_t)st->check;
			cstart = mp_now_ms();
			i++;
			continue;
		}
		size_t next;
		rc = exec_step(r, i, &next);
		if (rc == RS_FAIL && kp && st->kind == MP_S_EXPECT && mp_now_ms() < r->deadline) {
			/* a reply that differs: note it, read on */
			if (kp->any) {
				kp->more++;
			} else {
				kp->any = true;
				kp->more = 0;
				kp->line = r->fail_line ? r->fail_line : st->line;
				snprintf(kp->msg, sizeof kp->msg, "line %u: %s", kp->line, r->msg);
				kp->has_ex = r->has_ex;
				kp->ex = r->ex;
				memcpy(kp->exbuf, r->exbuf, sizeof kp->exbuf);
			}
			r->msg[0] = '\0';
			r->fail_line = 0;
			rc = RS_OK;
		}
		if (rc != RS_OK) {
			failed_at = i;
			break;
		}
		i = next;
	}
	char prior[1320] = "";
	if (kp && kp->any) {
		if (rc == RS_OK) {
			/* the last check failed on a reply, the script ran on */
			keep_record(r, ci, kp, mp_now_ms() - cstart);
			worst = MP_FAIL;
			ci = SIZE_MAX;
		} else {
			snprintf(prior, sizeof prior, "%s; then ", kp->msg);
		}
	}
	free(kp);
	/* the outcome, before finally can touch the message and excerpt */
	char m[2600];
	bool has_ex = r->has_ex;
	mp_excerpt ex = r->ex;
	uint8_t exbuf[MP_EXCERPT_MAX];
	memcpy(exbuf, r->exbuf, sizeof exbuf);
	if (rc == RS_OK)
		snprintf(m, sizeof m, "passed");
	else
		snprintf(m, sizeof m, "%sline %u: %s", prior,
			 r->fail_line ? r->fail_line : s->steps[failed_at].line, r->msg);
	/* finally ... end: always, with at least FINALLY_GRACE_MS of time;
	 * each failed step is logged (in the message and on stderr), the
	 * others still run, and no check fails for them */
	if (s->finally_step >= 0) {
		const mp_step *fs = &s->steps[s->finally_step];
		uint64_t now = mp_now_ms();
		if (r->deadline < now + FINALLY_GRACE_MS)
			r->deadline = now + FINALLY_GRACE_MS;
		size_t k = (size_t)s->finally_step + 1;
		while (k < (size_t)fs->match) {
			size_t next;
			r->msg[0] = '\0';
			r->fail_line = 0;
			int frc = exec_step(r, k, &next);
			if (frc != RS_OK) {
				unsigned line = r->fail_line ? r->fail_line : s->steps[k].line;
				fprintf(stderr, "mailprobe: %s on %s: finally: line %u: %s\n", s->path,
					mp_target_label(primary), line, r->msg);
				size_t mo = strlen(m);
				if (mo + 40 < sizeof m)
					snprintf(m + mo, sizeof m - mo, "; finally: line %u: %s", line, r->msg);
			}
			k = next;
		}
	}
	ex.data = exbuf; /* kept here: the oracle at close uses r->exbuf */
	/* the connections: the oracle reads what is left, then they close */
	for (size_t k = 0; k < s->nconns; k++)
		conn_close(r, &r->c[k]);
	if (rc == RS_OK) {
		if (ci != SIZE_MAX)
			record(r, ci, MP_PASS, m, mp_now_ms() - cstart, 0, NULL);
	} else {
		mp_status stt = rc == RS_FAIL ? MP_FAIL : rc == RS_SKIP ? MP_SKIP : MP_ERROR;
		record(r, ci, stt, m, mp_now_ms() - cstart, s->steps[failed_at].line,
		       has_ex ? &ex : NULL);
		worst = stt;
		char later[200];
		snprintf(later, sizeof later, "not run: the script ended at line %u",
			 s->steps[failed_at].line);
		for (size_t k = ci + 1; k < s->nchecks; k++)
			record(r, k, MP_SKIP, stt == MP_SKIP ? m : later, 0, 0, NULL);
	}
	if (r->tls_ctx)
		mp_tls_ctx_free(r->tls_ctx);
	for (size_t k = 0; k < MP_SCRIPT_CONNS_MAX; k++) {
		free(r->c[k].scratch);
		free(r->c[k].amem);
		free(r->c[k].last);
		free(r->c[k].kept);
	}
	for (size_t k = 0; k < MP_SCRIPT_VARS_MAX; k++)
		free(r->vars[k].v);
	free(r->body);
	free(r->message);
	free(r->xbuf);
	free(r->sbuf);
	free(r->pipe);
	free(r);
	return worst;
}

/* ---- targets ------------------------------------------------------------------------------ */

mp_rc mp_target_parse(const char *url, mp_target *t, char *err, size_t cap)
{
	static const struct { const char *scheme; mp_tkind kind; bool tls; const char *port; } sch[] = {
		{ "smtp", MP_TK_SMTP, false, "25" },
		{ "smtps", MP_TK_SMTP, true, "465" },
		{ "submission", MP_TK_SUBMISSION, false, "587" },
		{ "submissions", MP_TK_SUBMISSION, true, "465" },
		{ "pop3", MP_TK_POP3, false, "110" },
		{ "pop3s", MP_TK_POP3, true, "995" },
		{ "imap", MP_TK_IMAP, false, "143" },
		{ "imaps", MP_TK_IMAP, true, "993" },
	};
	memset(t, 0, sizeof *t);
	/* NAME=URL: a label for reports */
	const char *eq = strchr(url, '='), *sep0 = strstr(url, "://");
	if (eq != NULL && (sep0 == NULL || eq < sep0)) {
		size_t nn = (size_t)(eq - url);
		if (nn == 0 || nn > MP_TARGET_NAME_MAX) {
			snprintf(err, cap, "a target name is 1 to %d characters (NAME=URL)", MP_TARGET_NAME_MAX);
			return MP_INVALID;
		}
		for (size_t i = 0; i < nn; i++)
			if (!mp_is_alnum((unsigned char)url[i]) && url[i] != '.' && url[i] != '_' &&
			    url[i] != '-') {
				snprintf(err, cap, "a target name is letters, digits, '.', '_' and '-' (NAME=URL)");
				return MP_INVALID;
			}
		memcpy(t->name, url, nn);
		t->name[nn] = '\0';
		url = eq + 1;
	}
	if (strlen(url) >= sizeof t->url) {
		snprintf(err, cap, "URL too long");
		return MP_INVALID;
	}
	snprintf(t->url, sizeof t->url, "%s", url);
	const char *sep = strstr(url, "://");
	if (sep == NULL) {
		snprintf(err, cap, "'%s' is not scheme://host[:port]", url);
		return MP_INVALID;
	}
	size_t sn = (size_t)(sep - url);
	int k = -1;
	for (size_t i = 0; i < MP_ARRAY_LEN(sch); i++)
		if (strlen(sch[i].scheme) == sn && strncmp(url, sch[i].scheme, sn) == 0)
			k = (int)i;
	if (k < 0) {
		snprintf(err, cap, "unknown scheme '%.*s' (smtp smtps submission submissions pop3 pop3s imap imaps)",
			 (int)(sn > 20 ? 20 : sn), url);
		return MP_INVALID;
	}
	t->kind = sch[k].kind;
	t->tls = sch[k].tls;
	const char *h = sep + 3, *he, *p = NULL;
	if (*h == '[') {
		he = strchr(h, ']');
		if (he == NULL) {
			snprintf(err, cap, "unterminated [ in '%s'", url);
			return MP_INVALID;
		}
		h++;
		p = he + 1;
	} else {
		he = h;
		while (*he && *he != ':' && *he != '/')
			he++;
		p = he;
	}
	if (he == h || (size_t)(he - h) >= sizeof t->host) {
		snprintf(err, cap, "no host in '%s'", url);
		return MP_INVALID;
	}
	snprintf(t->host, sizeof t->host, "%.*s", (int)(he - h), h);
	for (const char *q = t->host; *q; q++)
		if ((unsigned char)*q <= 0x20 || *q == '@') {
			snprintf(err, cap, "bad host in '%s' (no user@ part; --user gives the user)", url);
			return MP_INVALID;
		}
	if (*p == ':') {
		p++;
		size_t n = 0;
		while (mp_is_digit((unsigned char)p[n]))
			n++;
		uint64_t v;
		if (n == 0 || mp_slice_u64(MP_SLICE(p, n), 5, &v) != MP_OK || v == 0 || v > 65535) {
			snprintf(err, cap, "bad port in '%s'", url);
			return MP_INVALID;
		}
		snprintf(t->port, sizeof t->port, "%u", (unsigned)v);
		p += n;
	} else {
		snprintf(t->port, sizeof t->port, "%s", sch[k].port);
	}
	if (*p == '/')
		p++;
	if (*p != '\0') {
		snprintf(err, cap, "unexpected '%s' after host:port in '%s'", p, url);
		return MP_INVALID;
	}
	return MP_OK;
}
