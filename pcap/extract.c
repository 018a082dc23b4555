/* pcap/extract.c: a conversation script (scripts/README.md) per SMTP,
 * POP3 or IMAP flow of a capture.
 *
 * The client's octets become `send` steps (`sendraw` when a line does not
 * end in CRLF, `sendfile` of a data file for DATA and BDAT content, long
 * lines and large IMAP literals; IMAP literals as {{...}}); commands sent
 * before the reply to the first of them arrived are one `pipeline` (RFC
 * 2920; a synchronising IMAP literal is never inside one). The server's
 * replies become expectations of what does not change between runs:
 * SMTP codes and enhanced codes, POP3 +OK/-ERR, IMAP tagged statuses and
 * greeting status, continuations. Texts (dates, ids, greetings) are not
 * compared. Credentials become the engine's variables unless kept. The
 * script ends where replay cannot follow the capture: TLS after STARTTLS
 * (`tls` is the last step), a gap, a close, a reset, the script bounds. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mailprobe/imap.h"
#include "mailprobe/pcap.h"
#include "mailprobe/pop3.h"
#include "mailprobe/smtp.h"

#define BODY_MAX (900u << 10)   /* under MP_SCRIPT_FILE_MAX with the header */
#define STEPS_MAX 4000          /* under MP_SCRIPT_STEPS_MAX */
#define LINE_MAX_TEXT 7900      /* under MP_SCRIPT_LINE_MAX */
#define DATAFILE_MAX (16u << 20)
#define LIT_INLINE_MAX 1024

enum sasl_as { SA_NONE, SA_PLAIN, SA_LOGIN_USER, SA_LOGIN_PASS };

struct xs {
	char *b;              /* steps */
	size_t n, cap;
	char *q;              /* batch: sends not yet written */
	size_t qn, qcap;
	unsigned qlines;
	unsigned steps;
	bool stopped, greeted, replied;
	FILE *data;
	char dname[80];
	uint64_t dbytes;
	unsigned ndata;
	enum sasl_as sa;
	bool drop_auth;       /* an exchange that variables cannot replay */
	bool imap_cont;       /* IMAP: a continuation is for AUTHENTICATE/IDLE */
};

struct mp_extract {
	char *dir;
	char base[96];
	bool keep;
	struct xs **v;        /* by flow id */
	size_t nv;
	uint64_t written, errors;
};

/* ---- text ---- */

static void put(char **b, size_t *n, size_t *cap, const char *p, size_t k)
{
	if (*n + k + 1 > *cap) {
		size_t c = *cap ? *cap : 1024;
		while (c < *n + k + 1)
			c *= 2;
		char *nb = realloc(*b, c);
		if (nb == NULL)
			return;
		*b = nb;
		*cap = c;
	}
	memcpy(*b + *n, p, k);
	*n += k;
	(*b)[*n] = '\0';
}

static void putf(char **b, size_t *n, size_t *cap, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (k > 0)
		put(b, n, cap, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

/* Script text for octets: escapes as scripts/README.md "Text" has them;
 * imap: a "{{" or "}}" would start or end a literal. */
static void esc(char **b, size_t *n, size_t *cap, const uint8_t *p, size_t k,
		bool imap)
{
	for (size_t i = 0; i < k; i++) {
		uint8_t c = p[i];
		char t[8];
		if (c == '\\') {
			put(b, n, cap, "\\\\", 2);
		} else if (c == '$' && i + 1 < k && p[i + 1] == '{') {
			put(b, n, cap, "\\$", 2);
		} else if (imap && (c == '{' || c == '}') && i + 1 < k && p[i + 1] == c) {
			snprintf(t, sizeof t, "\\x%02x", c);
			put(b, n, cap, t, 4);
		} else if ((c >= 0x20 && c < 0x7f) || c == '\t') {
			put(b, n, cap, (const char *)&c, 1);
		} else {
			snprintf(t, sizeof t, "\\x%02x", c);
			put(b, n, cap, t, 4);
		}
	}
}

static bool full(const struct xs *s)
{
	return s->n + s->qn > BODY_MAX || s->steps + s->qlines > STEPS_MAX;
}

static void stop(struct xs *s, const char *why)
{
	if (s->stopped)
		return;
	putf(&s->b, &s->n, &s->cap, "# %s: the script ends here\n", why);
	s->stopped = true;
}

static void step(struct xs *s, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	if (s->stopped)
		return;
	if (full(s)) {
		stop(s, "the script bounds (size, steps) are reached");
		return;
	}
	va_start(ap, fmt);
	int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (k > 0)
		put(&s->b, &s->n, &s->cap, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
	s->steps++;
}

static void comment(struct xs *s, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	if (s->stopped)
		return;
	va_start(ap, fmt);
	int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	put(&s->b, &s->n, &s->cap, "# ", 2);
	if (k > 0)
		put(&s->b, &s->n, &s->cap, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
	put(&s->b, &s->n, &s->cap, "\n", 1);
}

/* The batch of sends goes out: alone, or as one pipeline. */
static void flush(struct xs *s)
{
	if (s->qlines == 0)
		return;
	if (!s->stopped) {
		if (full(s)) {
			stop(s, "the script bounds (size, steps) are reached");
		} else if (s->qlines == 1) {
			put(&s->b, &s->n, &s->cap, s->q, s->qn);
			s->steps++;
		} else {
			put(&s->b, &s->n, &s->cap, "pipeline c\n", 11);
			put(&s->b, &s->n, &s->cap, s->q, s->qn);
			put(&s->b, &s->n, &s->cap, "end\n", 4);
			s->steps += s->qlines + 2;
		}
	}
	s->qn = 0;
	s->qlines = 0;
}

static void queue_done(struct xs *s)
{
	put(&s->q, &s->qn, &s->qcap, "\n", 1);
	s->qlines++;
}

/* ---- data files ---- */

static bool data_open(mp_extract *x, struct xs *s, uint32_t id)
{
	char path[4200];
	s->ndata++;
	snprintf(s->dname, sizeof s->dname, "data/flow%04u-%u.raw", id, s->ndata);
	snprintf(path, sizeof path, "%s/%s", x->dir, s->dname);
	s->data = fopen(path, "wb");
	s->dbytes = 0;
	if (s->data == NULL) {
		x->errors++;
		stop(s, "a data file could not be written");
		return false;
	}
	return true;
}

static void data_close(mp_extract *x, struct xs *s)
{
	if (s->data == NULL)
		return;
	if (fclose(s->data) != 0)
		x->errors++;
	s->data = NULL;
}

/* Writes octets to a data file of their own; its name for the script. */
static bool data_file(mp_extract *x, struct xs *s, uint32_t id, const uint8_t *p,
		      size_t n)
{
	if (!data_open(x, s, id))
		return false;
	if (fwrite(p, 1, n, s->data) != n)
		x->errors++;
	data_close(x, s);
	return true;
}

/* ---- steps from items ---- */

static mp_slice trim_eol(mp_slice r, bool *crlf)
{
	*crlf = r.n >= 2 && r.p[r.n - 2] == '\r' && r.p[r.n - 1] == '\n';
	if (*crlf)
		r.n -= 2;
	return r;
}

static bool has_byte(mp_slice r, uint8_t a, uint8_t b)
{
	for (size_t i = 0; i < r.n; i++)
		if (r.p[i] == a || r.p[i] == b)
			return true;
	return false;
}

/* A client line as a send (or sendraw, or sendfile) into the batch. */
static void send_line(mp_extract *x, struct xs *s, uint32_t id, mp_slice raw)
{
	bool crlf;
	mp_slice t = trim_eol(raw, &crlf);
	if (s->stopped)
		return;
	if (crlf && !has_byte(t, '\r', '\n') && t.n < LINE_MAX_TEXT / 4) {
		put(&s->q, &s->qn, &s->qcap, "send c ", 7);
		esc(&s->q, &s->qn, &s->qcap, t.p, t.n, false);
	} else if (raw.n < LINE_MAX_TEXT / 4) {
		put(&s->q, &s->qn, &s->qcap, "sendraw c ", 10);
		esc(&s->q, &s->qn, &s->qcap, raw.p, raw.n, false);
	} else {
		if (!data_file(x, s, id, raw.p, raw.n))
			return;
		putf(&s->q, &s->qn, &s->qcap, "sendfile c %s", s->dname);
	}
	queue_done(s);
}

static void send_text(struct xs *s, const char *text)
{
	if (s->stopped)
		return;
	putf(&s->q, &s->qn, &s->qcap, "send c %s", text);
	queue_done(s);
}

/* Words of a command line. */
static size_t words(mp_slice t, mp_slice *w, size_t max)
{
	size_t k = 0, i = 0;
	while (i < t.n && k < max) {
		while (i < t.n && t.p[i] == ' ')
			i++;
		size_t st = i;
		while (i < t.n && t.p[i] != ' ' && t.p[i] != '\r' && t.p[i] != '\n')
			i++;
		if (i > st)
			w[k++] = MP_SLICE(t.p + st, i - st);
		if (i < t.n && (t.p[i] == '\r' || t.p[i] == '\n'))
			break;
	}
	return k;
}

/* SASL AUTH/AUTHENTICATE: the command with variables, or false when the
 * mechanism cannot be replayed (the exchange is then left out). prefix
 * is what precedes the mechanism ("AUTH", "a1 AUTHENTICATE"). */
static bool auth_cmd(struct xs *s, const char *prefix, mp_slice mech, bool ir)
{
	char line[256];
	if (mp_slice_is_ci(mech, "PLAIN")) {
		if (ir) {
			snprintf(line, sizeof line, "%s PLAIN ${auth_plain}", prefix);
		} else {
			snprintf(line, sizeof line, "%s PLAIN", prefix);
			s->sa = SA_PLAIN;
		}
	} else if (mp_slice_is_ci(mech, "LOGIN")) {
		if (ir) {
			snprintf(line, sizeof line, "%s LOGIN ${user_b64}", prefix);
			s->sa = SA_LOGIN_PASS;
		} else {
			snprintf(line, sizeof line, "%s LOGIN", prefix);
			s->sa = SA_LOGIN_USER;
		}
	} else {
		comment(s, "%s %.*s left out: it cannot be replayed from variables "
			   "(--keep-secrets keeps it)", prefix, (int)(mech.n < 40 ? mech.n : 40),
			   (const char *)mech.p);
		s->drop_auth = true;
		return false;
	}
	send_text(s, line);
	return true;
}

static bool tag_ok(mp_slice t)
{
	if (t.n == 0 || t.n >= 32)
		return false;
	for (size_t i = 0; i < t.n; i++) {
		uint8_t c = t.p[i];
		if (c <= 0x20 || c >= 0x7f || strchr("(){%*\"\\+]", c))
			return false;
	}
	return true;
}

/* An IMAP unit: lines with {n}, {n+}, {n-}, ~{n} literals become
 * {{TEXT}}, {{+TEXT}}, {{-TEXT}}, {{~TEXT}} (or @data files). */
static void imap_unit(mp_extract *x, struct xs *s, uint32_t id, mp_slice u)
{
	size_t i = 0;
	bool ok = u.n >= 2 && u.p[u.n - 2] == '\r' && u.p[u.n - 1] == '\n';
	size_t mark = s->qn;
	unsigned nlit = 0;
	if (!ok || s->stopped) {
		send_line(x, s, id, u);
		return;
	}
	put(&s->q, &s->qn, &s->qcap, "send c ", 7);
	while (i < u.n) {
		size_t e = i;
		while (e + 1 < u.n && !(u.p[e] == '\r' && u.p[e + 1] == '\n'))
			e++;
		if (e + 1 >= u.n || u.p[e] != '\r') { /* a bare LF inside */
			s->qn = mark;
			send_line(x, s, id, u);
			return;
		}
		/* line [i, e), CRLF at e */
		size_t j = e;
		uint64_t lit = 0;
		bool is_lit = false;
		char form = 0;
		if (j > i && u.p[j - 1] == '}') {
			size_t k = j - 1;
			if (k > i && (u.p[k - 1] == '+' || u.p[k - 1] == '-')) {
				form = (char)u.p[k - 1];
				k--;
			}
			size_t d = k;
			while (d > i && u.p[d - 1] >= '0' && u.p[d - 1] <= '9' && k - d < 10)
				d--;
			if (d < k && d > i && u.p[d - 1] == '{') {
				is_lit = true;
				for (size_t q = d; q < k; q++)
					lit = lit * 10 + (uint64_t)(u.p[q] - '0');
				j = d - 1;
				if (j > i && u.p[j - 1] == '~') {
					form = form == '+' ? 'P' : '~';
					j--;
				}
			}
		}
		if (!is_lit) {
			esc(&s->q, &s->qn, &s->qcap, u.p + i, e - i, true);
			i = e + 2;
			if (i >= u.n)
				break;
			/* more lines without a literal: not a form we can say */
			s->qn = mark;
			send_line(x, s, id, u);
			return;
		}
		if (e + 2 + lit > u.n || ++nlit > 16) {
			s->qn = mark;
			send_line(x, s, id, u);
			return;
		}
		esc(&s->q, &s->qn, &s->qcap, u.p + i, j - i, true);
		const uint8_t *lp = u.p + e + 2;
		put(&s->q, &s->qn, &s->qcap, "{{", 2);
		if (form == 'P')
			put(&s->q, &s->qn, &s->qcap, "~", 1); /* ~{n+}: said as ~ */
		else if (form)
			put(&s->q, &s->qn, &s->qcap, &form, 1);
		if (lit > LIT_INLINE_MAX) {
			size_t keep = s->qn;
			if (!data_file(x, s, id, lp, (size_t)lit)) {
				s->qn = mark;
				return;
			}
			s->qn = keep;
			putf(&s->q, &s->qn, &s->qcap, "@%s", s->dname);
		} else {
			for (size_t q = 0; q < lit; q++) { /* "}}" ends it */
				if (lp[q] == '}' && q + 1 < lit && lp[q + 1] == '}') {
					put(&s->q, &s->qn, &s->qcap, "\\x7d", 4);
					continue;
				}
				esc(&s->q, &s->qn, &s->qcap, lp + q, 1, false);
			}
		}
		put(&s->q, &s->qn, &s->qcap, "}}", 2);
		i = e + 2 + (size_t)lit;
		/* the line goes on after the literal up to its CRLF */
	}
	if (s->qn - mark > LINE_MAX_TEXT) {
		s->qn = mark;
		if (data_file(x, s, id, u.p, u.n)) {
			putf(&s->q, &s->qn, &s->qcap, "sendfile c %s", s->dname);
			queue_done(s);
		}
		return;
	}
	queue_done(s);
}

static struct xs *state(mp_extract *x, uint32_t id)
{
	if (id >= x->nv) {
		size_t nv = x->nv ? x->nv : 1024;
		while (nv <= id)
			nv *= 2;
		struct xs **v = realloc(x->v, nv * sizeof(*v));
		if (v == NULL)
			return NULL;
		memset(v + x->nv, 0, (nv - x->nv) * sizeof(*v));
		x->v = v;
		x->nv = nv;
	}
	if (x->v[id] == NULL)
		x->v[id] = calloc(1, sizeof(struct xs));
	return x->v[id];
}

static void smtp_item(mp_extract *x, struct xs *s, const mp_flowinfo *f,
		      const mp_item *it)
{
	bool crlf;
	mp_slice w[3];
	switch (it->kind) {
	case MP_IT_COMMAND: {
		mp_slice t = trim_eol(it->raw, &crlf);
		size_t k = words(t, w, 3);
		if (!x->keep && it->verb == MP_SMTP_AUTH && k >= 2) {
			auth_cmd(s, "AUTH", w[1], k >= 3);
			return;
		}
		send_line(x, s, f->id, it->raw);
		return;
	}
	case MP_IT_SASL:
		if (s->drop_auth)
			return;
		if (!x->keep && s->sa != SA_NONE) {
			mp_slice t = trim_eol(it->raw, &crlf);
			if (mp_slice_eq(t, MP_LIT("*"))) {
				s->sa = SA_NONE;
				send_text(s, "*");
				return;
			}
			send_text(s, s->sa == SA_PLAIN ? "${auth_plain}" :
				     s->sa == SA_LOGIN_USER ? "${user_b64}" : "${password_b64}");
			s->sa = s->sa == SA_LOGIN_USER ? SA_LOGIN_PASS : SA_NONE;
			return;
		}
		send_line(x, s, f->id, it->raw);
		return;
	case MP_IT_CONTINUE:
		if (s->drop_auth)
			return;
		flush(s);
		step(s, "expect c continue\n");
		return;
	case MP_IT_REPLY:
		if (it->greeting) {
			s->greeted = true;
			if (it->code < 200 || it->code > 599)
				step(s, "expect c line /^/\n");
			else
				step(s, "expect c reply %u\n", it->code);
			return;
		}
		if (s->drop_auth && it->verb == MP_SMTP_AUTH) {
			s->drop_auth = false;
			return;
		}
		if (!s->greeted && !s->replied) {
			/* mid-stream: the engine still reads the greeting first */
			step(s, "expect c reply 2xx\n");
		}
		s->replied = true;
		flush(s);
		if (it->code < 200 || it->code > 599) {
			comment(s, "a reply the grammar refused (see pcap lint)");
			step(s, "expect c line /^/\n");
			return;
		}
		if (it->has_esc)
			step(s, "expect c reply %u enhanced %u.%u.%u\n", it->code,
			     it->esc[0], it->esc[1], it->esc[2]);
		else
			step(s, "expect c reply %u\n", it->code);
		return;
	default:
		return;
	}
}

static void pop3_item(mp_extract *x, struct xs *s, const mp_flowinfo *f,
		      const mp_item *it)
{
	bool crlf;
	mp_slice w[3];
	switch (it->kind) {
	case MP_IT_COMMAND: {
		mp_slice t = trim_eol(it->raw, &crlf);
		size_t k = words(t, w, 3);
		if (!x->keep) {
			if (it->verb == MP_POP3_USER) {
				send_text(s, "USER ${user}");
				return;
			}
			if (it->verb == MP_POP3_PASS) {
				send_text(s, "PASS ${password}");
				return;
			}
			if (it->verb == MP_POP3_APOP) {
				comment(s, "APOP replaced by USER and PASS: its digest depends on the greeting");
				flush(s);
				step(s, "send c USER ${user}\n");
				step(s, "expect c ok\n");
				send_text(s, "PASS ${password}");
				return;
			}
			if (it->verb == MP_POP3_AUTH && k >= 2) {
				auth_cmd(s, "AUTH", w[1], k >= 3);
				return;
			}
		}
		send_line(x, s, f->id, it->raw);
		return;
	}
	case MP_IT_SASL:
	case MP_IT_CONTINUE:
		smtp_item(x, s, f, it);
		return;
	case MP_IT_REPLY:
		if (s->drop_auth && it->verb == MP_POP3_AUTH) {
			s->drop_auth = false;
			return;
		}
		if (!it->greeting && !s->greeted && !s->replied)
			step(s, "expect c ok\n");
		if (it->greeting)
			s->greeted = true;
		s->replied = true;
		flush(s);
		step(s, "expect c %s\n", it->code ? "ok" : "err");
		return;
	default:
		return;
	}
}

static void imap_item(mp_extract *x, struct xs *s, const mp_flowinfo *f,
		      const mp_item *it)
{
	bool crlf;
	mp_slice w[4];
	char pre[64];
	switch (it->kind) {
	case MP_IT_COMMAND: {
		mp_slice t = trim_eol(it->raw, &crlf);
		size_t k = words(t, w, 4);
		if (it->verb == MP_IMAP_CMD_AUTHENTICATE || it->verb == MP_IMAP_CMD_IDLE)
			s->imap_cont = true;
		if (!x->keep && k >= 2 && tag_ok(w[0])) {
			snprintf(pre, sizeof pre, "%.*s %.*s", (int)w[0].n, (const char *)w[0].p,
				 (int)(w[1].n < 20 ? w[1].n : 20), (const char *)w[1].p);
			if (it->verb == MP_IMAP_CMD_LOGIN) {
				char line[128];
				snprintf(line, sizeof line, "%s \"${user}\" \"${password}\"", pre);
				send_text(s, line);
				return;
			}
			if (it->verb == MP_IMAP_CMD_AUTHENTICATE && k >= 3) {
				auth_cmd(s, pre, w[2], k >= 4);
				return;
			}
		}
		if (it->sync_literal)
			flush(s); /* never inside a pipeline */
		imap_unit(x, s, f->id, it->raw);
		if (it->sync_literal)
			flush(s);
		return;
	}
	case MP_IT_SASL:
		smtp_item(x, s, f, it);
		return;
	case MP_IT_CONTINUE:
		if (!s->imap_cont || s->drop_auth)
			return; /* a literal's: the engine waits for it itself */
		flush(s);
		step(s, "expect c continue\n");
		return;
	case MP_IT_REPLY: {
		if (it->greeting) {
			s->greeted = true;
			if (it->status.n)
				step(s, "expect c greeting %.*s\n", (int)it->status.n,
				     (const char *)it->status.p);
			return;
		}
		s->imap_cont = false;
		if (s->drop_auth && it->verb == MP_IMAP_CMD_AUTHENTICATE) {
			s->drop_auth = false;
			return;
		}
		if (!s->greeted && !s->replied)
			step(s, "expect c greeting OK|PREAUTH\n");
		s->replied = true;
		flush(s);
		if (!tag_ok(it->tag) || it->status.n == 0 || it->status.n > 7) {
			comment(s, "a tagged response the script cannot name");
			return;
		}
		char st[8];
		for (size_t i = 0; i < it->status.n; i++) {
			char c = (char)it->status.p[i];
			st[i] = c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
		}
		st[it->status.n] = '\0';
		if (strcmp(st, "OK") && strcmp(st, "NO") && strcmp(st, "BAD"))
			return;
		step(s, "expect c tagged %.*s %s\n", (int)it->tag.n, (const char *)it->tag.p, st);
		return;
	}
	default:
		return;
	}
}

void mp_extract_item(mp_extract *x, const mp_flowinfo *f, const mp_item *it)
{
	if (f->proto != MP_FP_SMTP && f->proto != MP_FP_POP3 && f->proto != MP_FP_IMAP)
		return;
	struct xs *s = state(x, f->id);
	if (s == NULL || s->stopped)
		return;
	switch (it->kind) {
	case MP_IT_DATA:
		if (s->data == NULL && !data_open(x, s, f->id))
			return;
		if (s->dbytes + it->raw.n > DATAFILE_MAX) {
			data_close(x, s);
			flush(s);
			stop(s, "DATA over the 16 MiB a data file may hold");
			return;
		}
		if (fwrite(it->raw.p, 1, it->raw.n, s->data) != it->raw.n)
			x->errors++;
		s->dbytes += it->raw.n;
		return;
	case MP_IT_DATA_END:
		if (s->data) {
			data_close(x, s);
			putf(&s->q, &s->qn, &s->qcap, "sendfile c %s", s->dname);
			queue_done(s);
		}
		return;
	case MP_IT_TLS:
		flush(s);
		step(s, "tls c\n");
		stop(s, "TLS from here: the rest of the session is encrypted");
		return;
	case MP_IT_GAP:
		flush(s);
		comment(s, "%llu octets of the %s side missing from the capture at offset %llu",
			(unsigned long long)it->size, it->side == MP_CLIENT ? "client" : "server",
			(unsigned long long)it->off);
		stop(s, "a gap");
		return;
	case MP_IT_CLOSE:
		flush(s);
		if (it->code) {
			stop(s, "the connection was reset");
		} else if (it->side == MP_SERVER) {
			step(s, "expect c closed\n");
			s->stopped = true;
		} else {
			step(s, "close c\n");
			s->stopped = true;
		}
		return;
	case MP_IT_FINDING:
	case MP_IT_UNTAGGED:
		return;
	default:
		break;
	}
	if (f->proto == MP_FP_SMTP)
		smtp_item(x, s, f, it);
	else if (f->proto == MP_FP_POP3)
		pop3_item(x, s, f, it);
	else
		imap_item(x, s, f, it);
}

static void xs_free(mp_extract *x, struct xs *s)
{
	data_close(x, s);
	free(s->b);
	free(s->q);
	free(s);
}

void mp_extract_done(mp_extract *x, const mp_flowinfo *f)
{
	struct xs *s = f->id < x->nv ? x->v[f->id] : NULL;
	if (f->proto != MP_FP_SMTP && f->proto != MP_FP_POP3 && f->proto != MP_FP_IMAP) {
		if (s) {
			xs_free(x, s);
			x->v[f->id] = NULL;
		}
		return;
	}
	if (s == NULL && (s = state(x, f->id)) == NULL)
		return;
	if (s->data) { /* content the capture ended inside */
		data_close(x, s);
		putf(&s->q, &s->qn, &s->qcap, "sendfile c %s", s->dname);
		queue_done(s);
	}
	flush(s);
	const char *proto = mp_fproto_name(f->proto);
	const char *kind = f->proto == MP_FP_SMTP && (f->sport == 587 || f->sport == 465)
		? "submission" : proto;
	const char *ref = f->proto == MP_FP_SMTP ? "RFC 5321" :
			  f->proto == MP_FP_POP3 ? "RFC 1939" : "RFC 9051";
	char ca[64], sa[64], path[4200];
	mp_ipaddr_str(&f->caddr, ca, sizeof ca);
	mp_ipaddr_str(&f->saddr, sa, sizeof sa);
	snprintf(path, sizeof path, "%s/flow%04u-%s.mps", x->dir, f->id, proto);
	FILE *o = fopen(path, "wb");
	if (o == NULL) {
		x->errors++;
	} else {
		fprintf(o, "# extracted by mailprobe pcap extract from %s, flow %u:\n"
			   "# client %s port %u, server %s port %u, frames %llu-%llu\n"
			   "id: %s.pcap.%s-%u\n"
			   "title: replay of flow %u of %s (%s, %s port %u)\n"
			   "protocol: %s\n"
			   "ref: %s\n"
			   "level: MUST\n"
			   "needs: %s\n\n"
			   "connect c %s\n",
			x->base, f->id, ca, f->cport, sa, f->sport,
			(unsigned long long)f->first_frame, (unsigned long long)f->last_frame,
			proto, x->base, f->id, f->id, x->base, proto, sa, f->sport, proto,
			ref, kind, kind);
		if (!s->greeted && !s->replied && s->steps == 0 && !s->stopped) {
			if (f->proto == MP_FP_SMTP)
				fputs("expect c reply 2xx\n", o);
			else if (f->proto == MP_FP_POP3)
				fputs("expect c ok\n", o);
			else
				fputs("expect c greeting OK|PREAUTH\n", o);
		}
		if (s->b)
			fwrite(s->b, 1, s->n, o);
		if (ferror(o) | (fclose(o) != 0))
			x->errors++;
		else
			x->written++;
	}
	xs_free(x, s);
	x->v[f->id] = NULL;
}

mp_rc mp_extract_new(const char *dir, const char *capname, bool keep_secrets,
		     mp_extract **x_r)
{
	mp_extract *x = calloc(1, sizeof(*x));
	*x_r = NULL;
	if (x == NULL)
		return MP_NOSPACE;
	size_t dl = strlen(dir);
	x->dir = malloc(dl + 1);
	if (x->dir == NULL) {
		free(x);
		return MP_NOSPACE;
	}
	memcpy(x->dir, dir, dl + 1);
	x->keep = keep_secrets;
	/* the capture's base name, as an id segment: [a-z0-9-] */
	const char *b = strrchr(capname, '/');
	b = b ? b + 1 : capname;
	size_t n = 0;
	for (const char *p = b; *p && n < 60; p++) {
		char c = *p;
		if (c == '.' && (strcmp(p, ".pcap") == 0 || strcmp(p, ".pcapng") == 0 ||
				 strcmp(p, ".cap") == 0))
			break;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			c = '-';
		x->base[n++] = c;
	}
	if (n == 0)
		x->base[n++] = 'c';
	x->base[n] = '\0';
	*x_r = x;
	return MP_OK;
}

uint64_t mp_extract_free(mp_extract **px, uint64_t *errors_r)
{
	mp_extract *x = *px;
	if (x == NULL)
		return 0;
	for (size_t i = 0; i < x->nv; i++)
		if (x->v[i])
			xs_free(x, x->v[i]);
	uint64_t w = x->written;
	if (errors_r)
		*errors_r = x->errors;
	free(x->v);
	free(x->dir);
	free(x);
	*px = NULL;
	return w;
}
