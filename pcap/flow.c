/* pcap/flow.c: TCP connections of a capture, read as mail sessions.
 *
 * A table of flows keyed by both endpoints (a hash, and a list in order of
 * activity for eviction at max_flows). The client is the side that sent
 * the SYN, else the side facing a mail port, else the first sender. The
 * protocol comes from the port (--port first, then 25 465 587 2525 110
 * 995 143 993), then from what the server says first: "220" SMTP, "+OK"
 * POP3, "* OK" / "* PREAUTH" / "* BYE" IMAP, a TLS record TLS; a greeting
 * overrides the port. Both directions run through their reassembler
 * (pcap/reasm.c) into the stream readers of parsers/ (contract of
 * mailprobe/line.h), each fed as the capture delivers, so the two sides
 * interleave in capture order and replies pair with commands:
 * - SMTP (RFC 2920 3.1): replies answer commands in order; DATA gets its
 *   354, then the reply to the content; 334 continues AUTH;
 * - POP3: every command is announced to the server reader
 *   (mp_pop3_reader_expect), which then knows multi-line answers;
 * - IMAP: a tagged response completes the command of its tag.
 * STARTTLS (RFC 3207), STLS (RFC 2595 4), STARTTLS (RFC 9051 6.2.1): when
 * the answer is positive, the server's octets after it and the client's
 * from its first TLS record are counted as encrypted, not read. */
#include <stdlib.h>
#include <string.h>

#include "mailprobe/arena.h"
#include "mailprobe/imap.h"
#include "mailprobe/limits.h"
#include "mailprobe/pcap.h"
#include "mailprobe/pop3.h"
#include "mailprobe/smtp.h"
#include "mailprobe/wire.h"

#define FMAP 256          /* (offset, frame) pairs kept per side */
#define PEND_MAX 128      /* commands awaiting their reply */
#define PRE_MAX 65536     /* octets held per side before the protocol is known */
#define FLOW_DIAGS 32     /* anomalies kept per flow */
#define RD_DIAGS 256
#define ARENA_BYTES (4u << 20)
#define IMAP_SCRATCH (256u << 10)
#define TAG_MAX 32

const char *mp_fproto_name(mp_fproto p)
{
	static const char *const n[] = { "unknown", "smtp", "pop3", "imap", "tls" };
	return (unsigned)p < MP_ARRAY_LEN(n) ? n[p] : "unknown";
}

struct pend {
	int verb;
	bool starttls;
	uint8_t tlen;
	char tag[TAG_MAX];
};

struct flow;

struct side {
	struct flow *f;
	mp_side idx;
	mp_reasm rs;
	mp_reasm_out out;
	uint8_t *buf;      /* octets the reader has not consumed */
	size_t n, cap;
	uint64_t base;     /* stream offset of buf[0] */
	bool tls;          /* encrypted from tls_off on */
	bool tls_wait;     /* client: STARTTLS sent, a TLS record may come */
	uint64_t tls_off;
	uint64_t dend;     /* stream offset after the octets delivered last */
	struct { uint64_t off, frame; } fm[FMAP];
	unsigned fm_head, fm_n;
};

struct pstate {
	union {
		mp_smtp_reader smtp;
		mp_pop3_reader pop3;
		mp_imap_reader imap;
	} rd[2];
	mp_imap_opts io;
	mp_imap_cstate cs;
	bool greeted;
	uint8_t *scratch[2];
	struct pend q[PEND_MAX];
	unsigned qh, qn;
	bool in_data;     /* SMTP client: DATA or BDAT content flows */
};

struct flow {
	struct flow *hnext;
	struct flow *prev, *next; /* activity list: head = most recent */
	uint64_t hash;
	mp_ipaddr ep[2];  /* [MP_CLIENT], [MP_SERVER] */
	uint16_t port[2];
	bool done;        /* finished: a tombstone until evicted or reused */
	int first_side;   /* the side whose octets came first, or -1 */
	bool decided;
	mp_flowinfo fi;
	mp_pdiag dv[FLOW_DIAGS];
	struct side s[2];
	struct pstate *ps;
	mp_flows *fl;
};

struct mp_flows {
	mp_pcap_opts o;
	mp_flow_cb cb;
	struct flow **ht;
	size_t hmask;
	struct flow *head, *tail;
	size_t nflows;
	uint32_t next_id;
	mp_pdiag gdv[256];
	mp_pdiags gd;
	mp_reasm_pool pool;
	mp_arena arena;
	void *amem;
	mp_diag rdv[RD_DIAGS];
	mp_diags rd;
};

/* ---- small helpers ---- */

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

static int ep_cmp(const mp_ipaddr *a, uint16_t pa, const mp_ipaddr *b, uint16_t pb)
{
	int c = memcmp(a->a, b->a, 16);
	if (c != 0)
		return c;
	return pa < pb ? -1 : pa > pb;
}

static uint64_t key_hash(const mp_tcpseg *s)
{
	const mp_ipaddr *a = &s->src, *b = &s->dst;
	uint16_t pa = s->sport, pb = s->dport;
	if (ep_cmp(a, pa, b, pb) > 0) {
		const mp_ipaddr *t = a;
		a = b;
		b = t;
		uint16_t tp = pa;
		pa = pb;
		pb = tp;
	}
	uint64_t h = 0xcbf29ce484222325ull;
	h = mix(h, &a->af, 1);
	h = mix(h, a->a, 16);
	h = mix(h, &pa, 2);
	h = mix(h, b->a, 16);
	h = mix(h, &pb, 2);
	return h;
}

static bool same_ep(const mp_ipaddr *a, uint16_t pa, const mp_ipaddr *b, uint16_t pb)
{
	return pa == pb && a->af == b->af && memcmp(a->a, b->a, 16) == 0;
}

static mp_fproto port_proto(const mp_flows *fl, uint16_t port)
{
	for (size_t i = 0; i < fl->o.nports; i++)
		if (fl->o.ports[i].port == port)
			return (mp_fproto)fl->o.ports[i].proto;
	switch (port) {
	case 25: case 587: case 2525: return MP_FP_SMTP;
	case 110: return MP_FP_POP3;
	case 143: return MP_FP_IMAP;
	case 465: case 995: case 993: return MP_FP_TLS;
	default: return MP_FP_UNKNOWN;
	}
}

static void fdiag(struct flow *f, uint64_t frame, uint64_t off, uint64_t size,
		  mp_rule r)
{
	f->fi.anomalies++;
	mp_pdiag_push(&f->fi.diags, frame, off, size, r);
}

/* The frame that carried stream offset off of side s (the latest
 * delivery at or before it that is still remembered). */
static uint64_t frame_of(const struct side *s, uint64_t off)
{
	uint64_t best = 0;
	for (unsigned i = 0; i < s->fm_n; i++) {
		unsigned k = (s->fm_head + FMAP - 1 - i) % FMAP;
		best = s->fm[k].frame;
		if (s->fm[k].off <= off)
			return best;
	}
	return best ? best : s->rs.last_frame;
}

static void emit(struct flow *f, mp_item *it)
{
	mp_flows *fl = f->fl;
	it->frame = frame_of(&f->s[it->side], it->off);
	if (fl->cb.item)
		fl->cb.item(fl->cb.ctx, &f->fi, it);
}

/* Reader diags as findings (lint), then forgotten. */
static void findings(struct flow *f, mp_side side)
{
	mp_diags *d = &f->fl->rd;
	if (f->fl->o.lint) {
		for (size_t i = 0; i < d->n; i++) {
			mp_item it = { .kind = MP_IT_FINDING, .side = side,
				       .off = d->v[i].offset, .rule = d->v[i].rule };
			emit(f, &it);
		}
		if (d->dropped) {
			mp_item it = { .kind = MP_IT_FINDING, .side = side,
				       .off = f->s[side].base, .rule = MP_R_DIAGS_DROPPED };
			emit(f, &it);
		}
	}
	mp_diags_clear(d);
}

/* ---- pairing ---- */

static void pend_push(struct pstate *ps, int verb, bool starttls, mp_slice tag)
{
	if (ps->qn == PEND_MAX) { /* never answered: forget the oldest */
		ps->qh = (ps->qh + 1) % PEND_MAX;
		ps->qn--;
	}
	struct pend *p = &ps->q[(ps->qh + ps->qn) % PEND_MAX];
	p->verb = verb;
	p->starttls = starttls;
	p->tlen = (uint8_t)(tag.n < TAG_MAX ? tag.n : TAG_MAX);
	if (p->tlen)
		memcpy(p->tag, tag.p, p->tlen);
	ps->qn++;
}

static bool pend_pop(struct pstate *ps, struct pend *out)
{
	if (ps->qn == 0)
		return false;
	*out = ps->q[ps->qh];
	ps->qh = (ps->qh + 1) % PEND_MAX;
	ps->qn--;
	return true;
}

/* IMAP: takes the command of tag out of the queue. */
static bool pend_take_tag(struct pstate *ps, mp_slice tag, struct pend *out)
{
	for (unsigned i = 0; i < ps->qn; i++) {
		struct pend *p = &ps->q[(ps->qh + i) % PEND_MAX];
		if (p->tlen != tag.n || memcmp(p->tag, tag.p, tag.n) != 0)
			continue;
		*out = *p;
		for (unsigned j = i; j + 1 < ps->qn; j++)
			ps->q[(ps->qh + j) % PEND_MAX] = ps->q[(ps->qh + j + 1) % PEND_MAX];
		ps->qn--;
		return true;
	}
	return false;
}

static bool pend_front(const struct pstate *ps, struct pend *out)
{
	if (ps->qn == 0)
		return false;
	*out = ps->q[ps->qh];
	return true;
}

/* ---- TLS ---- */

static void go_tls(struct flow *f, mp_side side, uint64_t off)
{
	struct side *s = &f->s[side];
	if (s->tls)
		return;
	s->tls = true;
	s->tls_off = off;
	/* octets delivered before off (a gap is no octet) */
	uint64_t after = s->dend > off ? s->dend - off : 0;
	f->fi.clear[side] = f->fi.bytes[side] > after ? f->fi.bytes[side] - after : 0;
	mp_item it = { .kind = MP_IT_TLS, .side = side, .off = off };
	emit(f, &it);
}

/* True when side s is (or from buf[pos] turns) opaque TLS: a client that
 * asked to start TLS and now sends a TLS record. */
static bool tls_now(struct flow *f, struct side *s, const uint8_t *buf,
		    size_t pos, size_t len, bool eof)
{
	if (s->tls)
		return true;
	if (s->idx == MP_CLIENT && s->tls_wait && pos < len &&
	    mp_wire_tls_start(buf + pos, len - pos, eof) > 0) {
		go_tls(f, MP_CLIENT, s->base + pos);
		return true;
	}
	return false;
}

/* ---- the readers, per protocol: each consumes what it can of
 * buf[0..len) (stream offset s->base) and returns what it consumed ---- */

static size_t smtp_run(struct flow *f, struct side *s, const uint8_t *buf,
		       size_t len, bool eof)
{
	mp_flows *fl = f->fl;
	struct pstate *ps = f->ps;
	mp_smtp_reader *r = &ps->rd[s->idx].smtp;
	mp_diags *d = fl->o.lint ? &fl->rd : NULL;
	size_t pos = 0, used;
	mp_smtp_event ev;
	for (;;) {
		if (tls_now(f, s, buf, pos, len, eof))
			return len;
		bool data_mode = s->idx == MP_CLIENT && (r->mode == 1 || r->mode == 2);
		size_t at = pos;
		mp_rc rc = mp_smtp_next(r, buf + pos, len - pos, eof, &fl->arena, &ev,
					&used, d);
		pos += used;
		if (data_mode && used > 0 && fl->o.items) {
			mp_item it = { .kind = MP_IT_DATA, .side = MP_CLIENT,
				       .off = s->base + at, .raw = MP_SLICE(buf + at, used) };
			emit(f, &it);
		}
		if (d)
			findings(f, s->idx);
		if (rc != MP_OK)
			break;
		mp_item it = { .side = s->idx, .off = ev.off,
			       .raw = MP_SLICE(buf + at, used) };
		switch (ev.kind) {
		case MP_SMTP_EV_COMMAND:
			f->fi.commands++;
			it.kind = MP_IT_COMMAND;
			it.verb = ev.cmd.verb;
			pend_push(ps, ev.cmd.verb, ev.cmd.verb == MP_SMTP_STARTTLS, (mp_slice){ 0 });
			/* what each reply answers: a multi-line 250 is an
			 * EHLO reply only when it answers EHLO */
			mp_smtp_reader_expect(&ps->rd[MP_SERVER].smtp, ev.cmd.verb);
			if (ev.cmd.verb == MP_SMTP_STARTTLS)
				s->tls_wait = true;
			break;
		case MP_SMTP_EV_SASL:
			it.kind = MP_IT_SASL;
			break;
		case MP_SMTP_EV_DATA:
		case MP_SMTP_EV_BDAT:
			mp_arena_reset(&fl->arena);
			continue; /* reported as raw octets above */
		case MP_SMTP_EV_DATA_END:
		case MP_SMTP_EV_BDAT_END:
			if (ev.kind == MP_SMTP_EV_DATA_END) /* BDAT's reply answers BDAT */
				mp_smtp_reader_expect(&ps->rd[MP_SERVER].smtp, MP_SMTP_HINT_CONTENT);
			it.kind = MP_IT_DATA_END;
			it.raw = (mp_slice){ 0 };
			/* the reply to the content answers it */
			pend_push(ps, -1, false, (mp_slice){ 0 });
			break;
		case MP_SMTP_EV_TLS:
			go_tls(f, s->idx, ev.off);
			mp_arena_reset(&fl->arena);
			return len;
		case MP_SMTP_EV_REPLY: {
			f->fi.replies++;
			it.kind = MP_IT_REPLY;
			it.code = ev.reply.code;
			it.has_esc = ev.reply.has_esc;
			memcpy(it.esc, ev.reply.esc, sizeof it.esc);
			it.greeting = ev.greeting;
			struct pend p = { .verb = -2 };
			if (ev.greeting)
				break;
			if (ev.reply.code == 334) {
				it.kind = MP_IT_CONTINUE;
				break;
			}
			if (pend_pop(ps, &p)) {
				it.verb = p.verb;
				/* BDAT: the reply answers the command; its
				   DATA_END entry is not one */
				if (p.verb == MP_SMTP_BDAT) {
					struct pend q;
					if (pend_front(ps, &q) && q.verb == -1)
						pend_pop(ps, &q);
				}
			} else {
				it.verb = -2; /* unsolicited */
			}
			if (p.starttls && ev.reply.code == 220) {
				emit(f, &it);
				mp_arena_reset(&fl->arena);
				f->fi.starttls = true;
				go_tls(f, MP_SERVER, s->base + pos);
				return len;
			}
			break;
		}
		}
		emit(f, &it);
		mp_arena_reset(&fl->arena);
	}
	return pos;
}

static size_t pop3_run(struct flow *f, struct side *s, const uint8_t *buf,
		       size_t len, bool eof)
{
	mp_flows *fl = f->fl;
	struct pstate *ps = f->ps;
	mp_pop3_reader *r = &ps->rd[s->idx].pop3;
	mp_diags *d = fl->o.lint ? &fl->rd : NULL;
	size_t pos = 0, used;
	mp_pop3_event ev;
	for (;;) {
		if (tls_now(f, s, buf, pos, len, eof))
			return len;
		size_t at = pos;
		mp_rc rc = mp_pop3_next(r, buf + pos, len - pos, eof, &ev, &used, d);
		pos += used;
		if (d)
			findings(f, s->idx);
		if (rc != MP_OK)
			break;
		mp_item it = { .side = s->idx, .off = ev.off,
			       .raw = MP_SLICE(buf + at, used) };
		switch (ev.kind) {
		case MP_POP3_EV_COMMAND:
			f->fi.commands++;
			it.kind = MP_IT_COMMAND;
			it.verb = ev.cmd.verb;
			mp_pop3_reader_expect(&ps->rd[MP_SERVER].pop3, &ev.cmd);
			pend_push(ps, ev.cmd.verb, ev.cmd.verb == MP_POP3_STLS, (mp_slice){ 0 });
			if (ev.cmd.verb == MP_POP3_STLS)
				s->tls_wait = true;
			break;
		case MP_POP3_EV_SASL:
			it.kind = MP_IT_SASL;
			break;
		case MP_POP3_EV_TLS:
			go_tls(f, s->idx, ev.off);
			return len;
		case MP_POP3_EV_GREETING:
			f->fi.replies++;
			it.kind = MP_IT_REPLY;
			it.greeting = true;
			it.code = ev.resp.status == MP_POP3_OK;
			break;
		case MP_POP3_EV_STATUS: {
			if (ev.resp.status == MP_POP3_CONT) {
				it.kind = MP_IT_CONTINUE;
				break;
			}
			f->fi.replies++;
			it.kind = MP_IT_REPLY;
			it.code = ev.resp.status == MP_POP3_OK;
			struct pend p = { .verb = -2 };
			it.verb = pend_pop(ps, &p) ? p.verb : -2;
			if (p.starttls && ev.resp.status == MP_POP3_OK) {
				emit(f, &it);
				f->fi.starttls = true;
				go_tls(f, MP_SERVER, s->base + pos);
				return len;
			}
			break;
		}
		case MP_POP3_EV_LINE:
		case MP_POP3_EV_END:
			continue; /* bodies are not items */
		}
		emit(f, &it);
	}
	return pos;
}

/* Strips an atom's worth of tag from the start of a unit. */
static mp_slice unit_tag(mp_slice t)
{
	size_t i = 0;
	while (i < t.n && t.p[i] > ' ' && t.p[i] < 0x7f && i < TAG_MAX)
		i++;
	return MP_SLICE(t.p, i);
}

static bool has_sync_literal(mp_slice t)
{
	/* a line ending "{n}" CRLF, not "{n+}" */
	for (size_t i = 2; i < t.n; i++) {
		if (t.p[i] != '\n' || t.p[i - 1] != '\r' || t.p[i - 2] != '}')
			continue;
		size_t j = i - 3;
		while (j > 0 && t.p[j] >= '0' && t.p[j] <= '9')
			j--;
		if (t.p[j] == '{' && j + 3 < i)
			return true;
	}
	return false;
}

static size_t imap_run(struct flow *f, struct side *s, const uint8_t *buf,
		       size_t len, bool eof)
{
	mp_flows *fl = f->fl;
	struct pstate *ps = f->ps;
	mp_imap_reader *r = &ps->rd[s->idx].imap;
	mp_diags *d = fl->o.lint ? &fl->rd : NULL;
	size_t pos = 0, used;
	mp_imap_event ev;
	for (;;) {
		if (tls_now(f, s, buf, pos, len, eof))
			return len;
		mp_rc rc = mp_imap_next(r, buf + pos, len - pos, eof, &ev, &used, d);
		pos += used;
		if (rc != MP_OK) {
			if (d)
				findings(f, s->idx);
			break;
		}
		if (ev.ev == MP_IMAP_EV_LITERAL) {
			if (d)
				findings(f, s->idx);
			continue;
		}
		const mp_imap_unit *u = &ev.unit;
		mp_item it = { .side = s->idx, .off = u->off, .raw = u->text };
		if (s->idx == MP_CLIENT) {
			mp_imap_cmd cmd;
			mp_imap_cstate before = ps->cs;
			mp_rc prc = mp_imap_cmd_parse(u, ps->cs, &ps->io, &fl->arena, &cmd, d);
			ps->cs = mp_imap_cstate_after(ps->cs, &cmd);
			(void)prc;
			if (before == MP_IMAP_CS_SASL && cmd.name == MP_IMAP_CMD_SASL) {
				it.kind = MP_IT_SASL;
			} else if (cmd.name == MP_IMAP_CMD_DONE) {
				it.kind = MP_IT_COMMAND;
				it.verb = cmd.name;
			} else {
				f->fi.commands++;
				it.kind = MP_IT_COMMAND;
				it.verb = cmd.name;
				it.tag = cmd.tag.n ? cmd.tag : unit_tag(u->text);
				it.sync_literal = has_sync_literal(u->text);
				pend_push(ps, cmd.name, cmd.name == MP_IMAP_CMD_STARTTLS, it.tag);
				if (cmd.name == MP_IMAP_CMD_STARTTLS)
					s->tls_wait = true;
			}
		} else {
			mp_imap_resp resp;
			bool greeting = !ps->greeted;
			ps->greeted = true;
			mp_rc prc = mp_imap_resp_parse(u, greeting, &ps->io, &fl->arena, &resp, d);
			(void)prc;
			it.greeting = greeting;
			it.status = resp.status != MP_IMAP_ST_NONE ? resp.keyword : (mp_slice){ 0 };
			if (greeting) {
				f->fi.replies++;
				it.kind = MP_IT_REPLY;
			} else if (resp.kind == MP_IMAP_CONTINUE) {
				it.kind = MP_IT_CONTINUE;
			} else if (resp.kind == MP_IMAP_UNTAGGED) {
				it.kind = MP_IT_UNTAGGED;
			} else {
				f->fi.replies++;
				it.kind = MP_IT_REPLY;
				it.tag = resp.tag;
				struct pend p = { .verb = -2 };
				it.verb = pend_take_tag(ps, resp.tag, &p) ? p.verb : -2;
				if (p.starttls && resp.status == MP_IMAP_ST_OK) {
					if (d)
						findings(f, s->idx);
					emit(f, &it);
					mp_arena_reset(&fl->arena);
					f->fi.starttls = true;
					go_tls(f, MP_SERVER, s->base + pos);
					return len;
				}
			}
		}
		if (d)
			findings(f, s->idx);
		emit(f, &it);
		mp_arena_reset(&fl->arena);
	}
	return pos;
}

static size_t run(struct flow *f, struct side *s, const uint8_t *buf, size_t len,
		  bool eof)
{
	switch (f->fi.proto) {
	case MP_FP_SMTP: return smtp_run(f, s, buf, len, eof);
	case MP_FP_POP3: return pop3_run(f, s, buf, len, eof);
	case MP_FP_IMAP: return imap_run(f, s, buf, len, eof);
	default: return len;
	}
}

static bool reading(const struct flow *f)
{
	return f->ps != NULL;
}

/* Sets the reader of side i up to start at stream offset off. */
static void reader_init(struct flow *f, mp_side i, uint64_t off)
{
	struct pstate *ps = f->ps;
	bool lenient = f->fl->o.lenient;
	switch (f->fi.proto) {
	case MP_FP_SMTP: {
		mp_smtp_opts o = { lenient ? MP_SMTP_LENIENT : 0 };
		mp_smtp_reader_init(&ps->rd[i].smtp, i == MP_SERVER, &o);
		ps->rd[i].smtp.lr.off = off;
		break;
	}
	case MP_FP_POP3: {
		mp_pop3_opts o = { lenient ? MP_POP3_LENIENT : 0 };
		mp_pop3_reader_init(&ps->rd[i].pop3, i == MP_SERVER, &o);
		ps->rd[i].pop3.lr.off = off;
		break;
	}
	case MP_FP_IMAP:
		mp_imap_reader_init(&ps->rd[i].imap, i == MP_SERVER ? MP_IMAP_SERVER : MP_IMAP_CLIENT,
				    &ps->io, ps->scratch[i], ps->scratch[i] ? IMAP_SCRATCH : 0);
		ps->rd[i].imap.off = off;
		if (i == MP_CLIENT)
			ps->cs = MP_IMAP_CS_COMMAND;
		break;
	default:
		break;
	}
}

/* Appends to the side's buffer; false when it would pass the bound. */
static bool buf_add(struct side *s, const uint8_t *p, size_t n, size_t max)
{
	if (s->n + n > max)
		return false;
	if (s->n + n > s->cap) {
		size_t cap = s->cap ? s->cap : 4096;
		while (cap < s->n + n)
			cap *= 2;
		if (cap > max)
			cap = max;
		uint8_t *b = realloc(s->buf, cap);
		if (b == NULL)
			return false;
		s->buf = b;
		s->cap = cap;
	}
	memcpy(s->buf + s->n, p, n);
	s->n += n;
	return true;
}

static size_t hold_max(const struct flow *f)
{
	size_t h = f->fi.proto == MP_FP_IMAP ? MP_IMAP_UNIT_MAX : MP_LINE_HOLD_MAX;
	return h + (256u << 10);
}

/* Runs the reader over the held octets plus p[0..n). */
static void feed(struct flow *f, struct side *s, const uint8_t *p, size_t n,
		 bool eof)
{
	if (s->n == 0 && n > 0) {
		size_t used = run(f, s, p, n, eof);
		s->base += used;
		if (used < n && !buf_add(s, p + used, n - used, hold_max(f))) {
			s->base += n - used; /* a reader broke its bound: drop */
			reader_init(f, s->idx, s->base);
		}
		return;
	}
	if (n > 0 && !buf_add(s, p, n, hold_max(f))) {
		s->base += s->n + n;
		s->n = 0;
		reader_init(f, s->idx, s->base);
		return;
	}
	static const uint8_t none[1];
	size_t used = run(f, s, s->buf ? s->buf : none, s->n, eof);
	if (used > s->n)
		used = s->n;
	if (s->n > used)
		memmove(s->buf, s->buf + used, s->n - used);
	s->n -= used;
	s->base += used;
}

/* ---- protocol decision ---- */

static mp_fproto by_greeting(const struct side *s, bool *sure)
{
	const uint8_t *p = s->buf;
	size_t n = s->n;
	*sure = true;
	int t = mp_wire_tls_start(p, n, false);
	if (t > 0)
		return MP_FP_TLS;
	if (n < 4 && t < 0) {
		*sure = false;
		return MP_FP_UNKNOWN;
	}
	if (n >= 3 && memcmp(p, "220", 3) == 0)
		return MP_FP_SMTP;
	if (n >= 3 && memcmp(p, "+OK", 3) == 0)
		return MP_FP_POP3;
	if (n >= 4 && (memcmp(p, "* OK", 4) == 0 || memcmp(p, "* PR", 4) == 0 ||
		       memcmp(p, "* BY", 4) == 0))
		return MP_FP_IMAP;
	if (n < 4) {
		*sure = false;
		return MP_FP_UNKNOWN;
	}
	*sure = false;
	return MP_FP_UNKNOWN;
}

static void start_reading(struct flow *f)
{
	f->ps = calloc(1, sizeof(*f->ps));
	if (f->ps == NULL)
		return;
	struct pstate *ps = f->ps;
	if (f->fi.proto == MP_FP_IMAP) {
		ps->io = (mp_imap_opts){ .flags = f->fl->o.lenient ? MP_IMAP_LENIENT : 0u };
		for (int i = 0; i < 2; i++)
			ps->scratch[i] = malloc(IMAP_SCRATCH);
	}
	for (int i = 0; i < 2; i++)
		reader_init(f, (mp_side)i, f->s[i].base);
	if (f->first_side == MP_CLIENT) {
		/* the client spoke first: the server's first words are no
		   greeting (a capture that missed it) */
		if (f->fi.proto == MP_FP_SMTP)
			ps->rd[MP_SERVER].smtp.greeted = true;
		else if (f->fi.proto == MP_FP_POP3)
			ps->rd[MP_SERVER].pop3.greeted = true;
		else
			ps->greeted = true;
	}
}

/* Called with new octets held; decides when it can, then reads. */
static void try_decide(struct flow *f, bool eof)
{
	struct side *cs = &f->s[MP_CLIENT], *ss = &f->s[MP_SERVER];
	mp_fproto port = port_proto(f->fl, f->port[MP_SERVER]);
	mp_fproto p = MP_FP_UNKNOWN;
	bool decided = false, sure = false;
	if (ss->n > 0) {
		p = by_greeting(ss, &sure);
		if (sure) {
			decided = true;
		} else if (ss->n >= 4 || eof || ss->n >= PRE_MAX) {
			p = port;
			decided = true;
		}
	}
	if (!decided && cs->n > 0) {
		int t = mp_wire_tls_start(cs->buf, cs->n, eof);
		if (t > 0) {
			p = MP_FP_TLS;
			decided = true;
		} else if (t == 0 && port != MP_FP_UNKNOWN && (f->fi.midstream || cs->base > 0)) {
			p = port; /* no greeting to wait for */
			decided = true;
		} else if (t == 0 && (cs->n >= PRE_MAX || eof)) {
			p = port;
			decided = true;
		}
	}
	if (!decided)
		return;
	f->decided = true;
	f->fi.proto = p;
	if (p == MP_FP_SMTP || p == MP_FP_POP3 || p == MP_FP_IMAP)
		start_reading(f);
	/* what was held goes to the readers, the side that spoke first first */
	for (int k = 0; k < 2; k++) {
		mp_side first = f->first_side == MP_CLIENT ? MP_CLIENT : MP_SERVER;
		struct side *s = &f->s[k == 0 ? first : !first];
		if (reading(f)) {
			feed(f, s, NULL, 0, false);
		} else {
			s->base += s->n;
			s->n = 0;
		}
	}
}

/* ---- reassembler callbacks ---- */

static void on_data(void *ctx, uint64_t off, const uint8_t *p, size_t n,
		    uint64_t frame)
{
	struct side *s = ctx;
	struct flow *f = s->f;
	if (f->first_side < 0)
		f->first_side = s->idx;
	f->fi.bytes[s->idx] += n;
	s->dend = off + n;
	s->fm[s->fm_head].off = off;
	s->fm[s->fm_head].frame = frame;
	s->fm_head = (s->fm_head + 1) % FMAP;
	if (s->fm_n < FMAP)
		s->fm_n++;
	if (!f->decided) {
		if (!buf_add(s, p, n, PRE_MAX + 65536)) {
			s->base += s->n + n;
			s->n = 0;
		}
		try_decide(f, false);
		return;
	}
	if (!reading(f) || s->tls) {
		s->base += n;
		return;
	}
	feed(f, s, p, n, false);
}

static void on_gap(void *ctx, uint64_t off, uint64_t n, uint64_t frame)
{
	struct side *s = ctx;
	struct flow *f = s->f;
	(void)frame;
	mp_item it = { .kind = MP_IT_GAP, .side = s->idx, .off = off, .size = n };
	if (f->decided)
		emit(f, &it);
	if (s->tls) {
		s->base = off + n;
		return;
	}
	/* the reader's state is lost with the octets: start over after them */
	s->n = 0;
	s->base = off + n;
	if (f->decided && reading(f)) {
		reader_init(f, s->idx, s->base);
		if (s->idx == MP_SERVER) { /* no greeting after a gap */
			if (f->fi.proto == MP_FP_SMTP)
				f->ps->rd[MP_SERVER].smtp.greeted = true;
			else if (f->fi.proto == MP_FP_POP3)
				f->ps->rd[MP_SERVER].pop3.greeted = true;
		}
	}
}

/* ---- flow table ---- */

mp_rc mp_flows_new(const mp_pcap_opts *o, const mp_flow_cb *cb, mp_flows **fl_r)
{
	mp_flows *fl = calloc(1, sizeof(*fl));
	*fl_r = NULL;
	if (fl == NULL)
		return MP_NOSPACE;
	fl->o = *o;
	if (cb)
		fl->cb = *cb;
	size_t max = o->max_flows ? o->max_flows : MP_PCAP_FLOWS_MAX, hs = 1024;
	while (hs < max * 2 && hs < (1u << 24))
		hs *= 2;
	fl->ht = calloc(hs, sizeof(*fl->ht));
	fl->amem = malloc(ARENA_BYTES);
	if (fl->ht == NULL || fl->amem == NULL) {
		free(fl->ht);
		free(fl->amem);
		free(fl);
		return MP_NOSPACE;
	}
	fl->hmask = hs - 1;
	fl->o.max_flows = max;
	fl->pool = o->pool;
	fl->pool.held = fl->pool.peak = 0;
	fl->gd = (mp_pdiags){ fl->gdv, MP_ARRAY_LEN(fl->gdv), 0, 0 };
	mp_arena_init(&fl->arena, fl->amem, ARENA_BYTES);
	mp_diags_init(&fl->rd, fl->rdv, RD_DIAGS);
	*fl_r = fl;
	return MP_OK;
}

static void lru_unlink(mp_flows *fl, struct flow *f)
{
	if (f->prev)
		f->prev->next = f->next;
	else
		fl->head = f->next;
	if (f->next)
		f->next->prev = f->prev;
	else
		fl->tail = f->prev;
	f->prev = f->next = NULL;
}

static void lru_front(mp_flows *fl, struct flow *f)
{
	if (fl->head == f)
		return;
	if (f->prev || f->next || fl->tail == f)
		lru_unlink(fl, f);
	f->next = fl->head;
	if (fl->head)
		fl->head->prev = f;
	fl->head = f;
	if (fl->tail == NULL)
		fl->tail = f;
}

/* The flow is over: what is held is delivered, readers see the end. */
static void flow_finish(mp_flows *fl, struct flow *f)
{
	if (f->done)
		return;
	for (int i = 0; i < 2; i++)
		mp_reasm_finish(&f->s[i].rs, &fl->pool, &f->s[i].out);
	if (!f->decided)
		try_decide(f, true);
	if (!f->decided) { /* nothing from either side */
		f->decided = true;
		f->fi.proto = port_proto(fl, f->port[MP_SERVER]);
	}
	for (int k = 0; k < 2; k++) {
		mp_side i = k == 0 ? MP_SERVER : MP_CLIENT;
		struct side *s = &f->s[i];
		if (reading(f) && !s->tls)
			feed(f, s, NULL, 0, true);
	}
	for (int i = 0; i < 2; i++) {
		mp_reasm *r = &f->s[i].rs;
		f->fi.retrans += r->retrans;
		f->fi.ooo += r->ooo;
		f->fi.gaps += r->gaps;
		f->fi.gap_bytes += r->gap_bytes;
		f->fi.overlaps += r->overlaps;
		f->fi.fin[i] = r->fin;
		if (r->rst)
			f->fi.rst = true;
		if (!f->s[i].tls)
			f->fi.clear[i] = f->fi.bytes[i];
	}
	for (int i = 0; i < 2; i++) {
		if (f->fi.fin[i] || f->fi.rst) {
			mp_item it = { .kind = MP_IT_CLOSE, .side = (mp_side)i,
				       .off = f->s[i].rs.off, .code = f->s[i].rs.rst };
			emit(f, &it);
		}
	}
	f->fi.first_frame = f->s[0].rs.first_frame && f->s[1].rs.first_frame
		? (f->s[0].rs.first_frame < f->s[1].rs.first_frame ? f->s[0].rs.first_frame : f->s[1].rs.first_frame)
		: f->s[0].rs.first_frame | f->s[1].rs.first_frame;
	f->fi.last_frame = f->s[0].rs.last_frame > f->s[1].rs.last_frame
		? f->s[0].rs.last_frame : f->s[1].rs.last_frame;
	if (fl->cb.done)
		fl->cb.done(fl->cb.ctx, &f->fi);
	for (int i = 0; i < 2; i++) {
		mp_reasm_free(&f->s[i].rs, &fl->pool);
		free(f->s[i].buf);
		f->s[i].buf = NULL;
		f->s[i].n = f->s[i].cap = 0;
	}
	if (f->ps) {
		free(f->ps->scratch[0]);
		free(f->ps->scratch[1]);
		free(f->ps);
		f->ps = NULL;
	}
	f->done = true;
}

static void flow_remove(mp_flows *fl, struct flow *f)
{
	struct flow **pp = &fl->ht[f->hash & fl->hmask];
	while (*pp && *pp != f)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = f->hnext;
	lru_unlink(fl, f);
	fl->nflows--;
	free(f);
}

static struct flow *flow_new(mp_flows *fl, const mp_tcpseg *seg, uint64_t h,
			     uint64_t sec, uint32_t usec)
{
	if (fl->nflows >= fl->o.max_flows && fl->tail) {
		struct flow *old = fl->tail;
		if (!old->done)
			fdiag(old, seg->frame, 0, 0, MP_R_TCP_FLOW_LIMIT);
		flow_finish(fl, old);
		flow_remove(fl, old);
	}
	struct flow *f = calloc(1, sizeof(*f));
	if (f == NULL)
		return NULL;
	f->fl = fl;
	f->hash = h;
	f->first_side = -1;
	f->fi.diags = (mp_pdiags){ f->dv, FLOW_DIAGS, 0, 0 };
	/* which side is the client */
	bool sender_client;
	if ((seg->flags & (MP_TCP_SYN | MP_TCP_ACK)) == MP_TCP_SYN)
		sender_client = true;
	else if ((seg->flags & (MP_TCP_SYN | MP_TCP_ACK)) == (MP_TCP_SYN | MP_TCP_ACK))
		sender_client = false;
	else if (port_proto(fl, seg->dport) != MP_FP_UNKNOWN)
		sender_client = true;
	else if (port_proto(fl, seg->sport) != MP_FP_UNKNOWN)
		sender_client = false;
	else
		sender_client = seg->sport > seg->dport;
	mp_side snd = sender_client ? MP_CLIENT : MP_SERVER;
	f->ep[snd] = seg->src;
	f->port[snd] = seg->sport;
	f->ep[!snd] = seg->dst;
	f->port[!snd] = seg->dport;
	f->fi.caddr = f->ep[MP_CLIENT];
	f->fi.saddr = f->ep[MP_SERVER];
	f->fi.cport = f->port[MP_CLIENT];
	f->fi.sport = f->port[MP_SERVER];
	f->fi.sec = sec;
	f->fi.usec = usec;
	f->fi.id = ++fl->next_id;
	f->fi.syn = (seg->flags & MP_TCP_SYN) != 0;
	f->fi.midstream = !f->fi.syn;
	for (int i = 0; i < 2; i++) {
		struct side *s = &f->s[i];
		s->f = f;
		s->idx = (mp_side)i;
		s->out = (mp_reasm_out){ s, on_data, on_gap, &f->fi.diags };
	}
	f->hnext = fl->ht[h & fl->hmask];
	fl->ht[h & fl->hmask] = f;
	fl->nflows++;
	lru_front(fl, f);
	return f;
}

void mp_flows_segment(mp_flows *fl, const mp_tcpseg *seg, uint64_t sec,
		      uint32_t usec)
{
	uint64_t h = key_hash(seg);
	struct flow *f = fl->ht[h & fl->hmask];
	for (; f; f = f->hnext) {
		if (f->hash != h)
			continue;
		if ((same_ep(&f->ep[0], f->port[0], &seg->src, seg->sport) &&
		     same_ep(&f->ep[1], f->port[1], &seg->dst, seg->dport)) ||
		    (same_ep(&f->ep[1], f->port[1], &seg->src, seg->sport) &&
		     same_ep(&f->ep[0], f->port[0], &seg->dst, seg->dport)))
			break;
	}
	bool syn = (seg->flags & (MP_TCP_SYN | MP_TCP_ACK)) == MP_TCP_SYN;
	if (f && syn) {
		/* a new connection on the same ports, or a SYN again */
		mp_reasm *r = &f->s[MP_CLIENT].rs;
		bool same = same_ep(&f->ep[MP_CLIENT], f->port[MP_CLIENT], &seg->src, seg->sport);
		if (f->done || !same || (r->syn && r->isn != seg->seq) || (!r->syn && r->started)) {
			if (!f->done)
				fdiag(f, seg->frame, f->s[MP_CLIENT].rs.off, 0, MP_R_TCP_SYN_CHANGED);
			flow_finish(fl, f);
			flow_remove(fl, f);
			f = NULL;
		}
	}
	if (f && f->done)
		return; /* late segments of a finished flow */
	if (f == NULL) {
		/* only a segment that starts something opens a flow */
		if (!(seg->flags & MP_TCP_SYN) && seg->wire_n == 0)
			return;
		if (seg->flags & MP_TCP_RST)
			return;
		f = flow_new(fl, seg, h, sec, usec);
		if (f == NULL)
			return;
	} else {
		lru_front(fl, f);
	}
	mp_side side = same_ep(&f->ep[MP_CLIENT], f->port[MP_CLIENT], &seg->src, seg->sport)
		? MP_CLIENT : MP_SERVER;
	struct side *s = &f->s[side];
	if ((seg->flags & MP_TCP_SYN) && side == MP_SERVER && !f->s[MP_CLIENT].rs.started)
		f->fi.syn = true;
	mp_reasm_segment(&s->rs, &fl->pool, &s->out, seg->seq, seg->flags,
			 seg->payload, seg->n, seg->wire_n, seg->frame);
	if (s->rs.rst) {
		/* a reset ends both directions */
		mp_reasm *o = &f->s[!side].rs;
		o->rst = false;
		flow_finish(fl, f);
		return;
	}
	if (f->s[0].rs.closed && f->s[1].rs.closed)
		flow_finish(fl, f);
}

static int by_id(const void *a, const void *b)
{
	const struct flow *x = *(struct flow *const *)a, *y = *(struct flow *const *)b;
	return x->fi.id < y->fi.id ? -1 : x->fi.id > y->fi.id;
}

void mp_flows_finish(mp_flows *fl)
{
	/* in order of first frame: the ids */
	size_t n = 0;
	for (struct flow *f = fl->head; f; f = f->next)
		n++;
	struct flow **v = malloc((n ? n : 1) * sizeof(*v));
	if (v == NULL) {
		for (struct flow *f = fl->head; f; f = f->next)
			flow_finish(fl, f);
		return;
	}
	n = 0;
	for (struct flow *f = fl->head; f; f = f->next)
		v[n++] = f;
	qsort(v, n, sizeof(*v), by_id);
	for (size_t i = 0; i < n; i++)
		flow_finish(fl, v[i]);
	free(v);
}

mp_pdiags *mp_flows_diags(mp_flows *fl) { return &fl->gd; }
mp_reasm_pool *mp_flows_pool(mp_flows *fl) { return &fl->pool; }
uint64_t mp_flows_count(const mp_flows *fl) { return fl->next_id; }

void mp_flows_free(mp_flows **pfl)
{
	mp_flows *fl = *pfl;
	if (fl == NULL)
		return;
	while (fl->head) {
		struct flow *f = fl->head;
		flow_finish(fl, f);
		flow_remove(fl, f);
	}
	free(fl->ht);
	free(fl->amem);
	free(fl);
	*pfl = NULL;
}
