/* smtp-stream.c: the incremental SMTP readers: a client side (commands,
 * DATA content, BDAT chunks, SASL lines, TLS) and a server side (whole
 * replies, EHLO capabilities), on the shared line reader. */
#include <string.h>

#include "mailprobe/limits.h"
#include "mailprobe/sasl.h"
#include "smtp-private.h"

enum { M_CMD = 0, M_DATA = 1, M_BDAT = 2, M_OPAQUE = 3 };

void mp_smtp_reader_init(mp_smtp_reader *r, bool server, const mp_smtp_opts *o)
{
	memset(r, 0, sizeof(*r));
	mp_line_init(&r->lr, MP_LINE_HOLD_MAX);
	r->server = server;
	if (o)
		r->opts = *o;
}

static void eol_diag(const mp_line *l, mp_diags *d)
{
	if (l->eol == MP_EOL_LF)
		mp_diag_push(d, l->off + l->text.n, MP_R_SMTP_BARE_LF);
}

/* TLS bytes where a line should start: the rest is opaque. */
static int tls_check(mp_smtp_reader *r, const uint8_t *buf, size_t len,
		     bool eof, mp_smtp_event *ev, size_t *used_r)
{
	int t = mp_wire_tls_start(buf, len, eof);
	if (t > 0) {
		ev->kind = MP_SMTP_EV_TLS;
		ev->off = r->lr.off;
		ev->data = MP_SLICE(buf, len);
		r->mode = M_OPAQUE;
		r->lr.off += len;
		*used_r = len;
	}
	return t;
}

static mp_rc client_next(mp_smtp_reader *r, const uint8_t *buf, size_t len,
			 bool eof, mp_arena *a, mp_smtp_event *ev,
			 size_t *used_r, mp_diags *d)
{
	size_t used;
	if (r->mode == M_DATA) {
		mp_dot_event de;
		mp_rc rc = mp_dotdec_next(&r->dot, buf, len, &de, &used, d);
		mp_eodscan_feed(&r->eod, buf, used, d);
		*used_r = used;
		r->lr.off = r->dot.off;
		if (rc == MP_OK) {
			ev->off = de.off;
			if (de.kind == MP_DOT_PIECE) {
				ev->kind = MP_SMTP_EV_DATA;
				ev->data = de.piece;
			} else {
				ev->kind = MP_SMTP_EV_DATA_END;
				mp_eodscan_finish(&r->eod, d);
				r->mode = M_CMD;
			}
			return MP_OK;
		}
		if (eof) {
			mp_eodscan_feed(&r->eod, buf + used, len - used, d);
			mp_eodscan_finish(&r->eod, d);
			r->lr.off += len - used;
			*used_r = len;
			mp_diag_push(d, r->lr.off, MP_R_SMTP_DATA_TRUNCATED);
			r->mode = M_CMD;
		}
		return MP_NEED_MORE;
	}
	if (r->mode == M_BDAT) {
		if (r->bdat_left == 0) {
			ev->kind = MP_SMTP_EV_BDAT_END;
			ev->off = r->lr.off;
			r->mode = M_CMD;
			return MP_OK;
		}
		size_t k = len < r->bdat_left ? len : (size_t)r->bdat_left;
		if (k == 0) {
			if (eof) {
				mp_diag_push(d, r->lr.off, MP_R_SMTP_BDAT_TRUNCATED);
				r->mode = M_CMD;
			}
			return MP_NEED_MORE;
		}
		ev->kind = MP_SMTP_EV_BDAT;
		ev->off = r->lr.off;
		ev->data = MP_SLICE(buf, k);
		r->bdat_left -= k;
		r->lr.off += k;
		*used_r = k;
		return MP_OK;
	}
	if (r->tls_pending && len > 0) {
		int t = tls_check(r, buf, len, eof, ev, used_r);
		if (t < 0)
			return MP_NEED_MORE;
		r->tls_pending = false;
		if (t > 0)
			return MP_OK;
		/* plain text after STARTTLS: the server refused; go on */
	}
	mp_line l;
	mp_rc rc = eof ? mp_line_finish(&r->lr, buf, len, &l, &used)
		       : mp_line_next(&r->lr, buf, len, &l, &used);
	*used_r = used;
	if (rc != MP_OK)
		return MP_NEED_MORE;
	ev->off = l.off;
	if (l.eol == MP_EOL_LF)
		eol_diag(&l, d);
	if (r->sasl > 0) {
		/* a SASL response: base64, or "*" to cancel (RFC 4954 4) */
		ev->kind = MP_SMTP_EV_SASL;
		ev->data = l.text;
		if (mp_slice_eq(l.text, MP_LIT("*")))
			r->sasl = 0;
		else
			r->sasl--;
		if (!mp_slice_eq(l.text, MP_LIT("*")) && !mp_base64_ok(l.text))
			mp_diag_push(d, l.off, MP_R_SMTP_SASL_LINE);
		if (l.text.n + 2 > MP_SMTP_CMD_LINE_AUTH_MAX)
			mp_diag_push(d, l.off + MP_SMTP_CMD_LINE_AUTH_MAX - 2,
				     MP_R_SMTP_SASL_TOO_LONG);
		return MP_OK;
	}
	ev->kind = MP_SMTP_EV_COMMAND;
	mp_smtp_opts o = r->opts;
	if (r->utf8_mail)
		o.flags |= MP_SMTP_UTF8;
	mp_rc prc = mp_smtp_cmd_parse(l.text, l.off, &o, a, &ev->cmd, d);
	if (l.too_long)
		return MP_OK; /* a cut line starts nothing */
	switch (ev->cmd.verb) {
	case MP_SMTP_DATA:
		if (prc == MP_OK || ev->cmd.arg.n == 0) {
			r->mode = M_DATA;
			mp_dotdec_init(&r->dot, (r->opts.flags & MP_SMTP_LENIENT) ?
				       MP_DOT_LENIENT_LF : 0, r->lr.off);
			mp_eodscan_init(&r->eod, r->lr.off);
		}
		break;
	case MP_SMTP_BDAT:
		if (prc == MP_OK || ev->cmd.chunk > 0) {
			r->mode = M_BDAT;
			r->bdat_left = ev->cmd.chunk;
		}
		break;
	case MP_SMTP_STARTTLS:
		r->tls_pending = true;
		break;
	case MP_SMTP_AUTH:
		if (ev->cmd.mech.n)
			r->sasl = mp_sasl_client_lines(ev->cmd.mech, ev->cmd.has_initial);
		break;
	case MP_SMTP_MAIL:
		r->utf8_mail = mp_smtp_cmd_param(&ev->cmd, "SMTPUTF8") != NULL;
		break;
	case MP_SMTP_RSET:
	case MP_SMTP_HELO:
	case MP_SMTP_EHLO:
		r->utf8_mail = false;
		break;
	default:
		break;
	}
	return MP_OK;
}

mp_rc mp_smtp_reader_expect(mp_smtp_reader *r, int verb)
{
	r->hinted = true;
	if (r->hint_n == MP_SMTP_HINTS_MAX)
		return MP_NOSPACE;
	r->hint[(r->hint_head + r->hint_n) % MP_SMTP_HINTS_MAX] = (int8_t)verb;
	r->hint_n++;
	return MP_OK;
}

static int hint_pop(mp_smtp_reader *r)
{
	if (r->hint_n == 0)
		return MP_SMTP_HINT_NONE;
	int v = r->hint[r->hint_head];
	r->hint_head = (r->hint_head + 1) % MP_SMTP_HINTS_MAX;
	r->hint_n--;
	return v;
}

/* What the reply (not the greeting) answers, by the hints. */
static int hint_take(mp_smtp_reader *r, unsigned code)
{
	if (r->hint_n == 0)
		return MP_SMTP_HINT_NONE;
	int v = r->hint[r->hint_head];
	if (v == MP_SMTP_AUTH && code == 334)
		return v; /* the exchange goes on */
	hint_pop(r);
	if (v == MP_SMTP_DATA && code != 354 && r->hint_n > 0 &&
	    r->hint[r->hint_head] == MP_SMTP_HINT_CONTENT)
		hint_pop(r); /* no content follows a refused DATA */
	return v;
}

/* Builds the reply from the n lines held in buf[0..end). */
static mp_rc finish_reply(mp_smtp_reader *r, const uint8_t *buf, size_t end,
			  size_t n, mp_arena *a, mp_smtp_event *ev,
			  size_t *used_r, mp_diags *d)
{
	size_t mark = mp_arena_mark(a);
	mp_slice *lines = MP_NEW(a, mp_slice, n);
	uint64_t *offs = MP_NEW(a, uint64_t, n);
	if (lines == NULL || offs == NULL) {
		mp_diag_push(d, r->lr.off, MP_R_ARENA_FULL);
		mp_arena_rewind(a, mark);
		if (r->greeted)
			hint_pop(r); /* its hint goes with it */
		/* drop the reply rather than loop on it */
		r->lr.off += end;
		*used_r = end;
		r->held = r->held_lines = 0;
		return MP_NEED_MORE;
	}
	for (size_t k = 0; k < n; k++) {
		const struct mp_smtp_held *h = &r->held_v[k];
		lines[k] = MP_SLICE(buf + h->pos, h->len);
		offs[k] = r->lr.off + h->pos;
		if (h->eol == MP_EOL_LF)
			mp_diag_push(d, offs[k] + h->len, MP_R_SMTP_BARE_LF);
	}
	ev->kind = MP_SMTP_EV_REPLY;
	ev->off = r->lr.off;
	mp_smtp_reply_parse(lines, offs, n, a, &ev->reply, d);
	ev->greeting = !r->greeted;
	/* RFC 5321 3.1: 220, or 554 to refuse the session; 3.8: a server
	 * that must shut down answers 421, "if necessary, asynchronously
	 * from command receipt", so also before any command (busy servers
	 * greet with 421 and close) */
	if (!r->greeted && ev->reply.code != 220 && ev->reply.code != 554 && ev->reply.code != 421)
		mp_diag_push(d, ev->off, MP_R_SMTP_GREETING_CODE);
	ev->answers = r->greeted ? hint_take(r, ev->reply.code) : MP_SMTP_HINT_NONE;
	r->greeted = true;
	/* an EHLO reply: by the hints when there are, else any multi-line 250 */
	bool ehlo = r->hinted ? ev->answers == MP_SMTP_EHLO : ev->reply.nlines > 1;
	if (ev->reply.code == 250 && ehlo &&
	    mp_smtp_ehlo_parse(&ev->reply, a, &ev->caps, d) != MP_NOSPACE)
		ev->has_caps = true;
	r->lr.off += end;
	*used_r = end;
	r->held = r->held_lines = 0;
	return MP_OK;
}

static mp_rc server_next(mp_smtp_reader *r, const uint8_t *buf, size_t len,
			 bool eof, mp_arena *a, mp_smtp_event *ev,
			 size_t *used_r, mp_diags *d)
{
	if (r->held == 0 && len > 0) {
		int t = tls_check(r, buf, len, eof, ev, used_r);
		if (t < 0)
			return MP_NEED_MORE;
		if (t > 0)
			return MP_OK;
	}
	/* scan on from the lines already known to continue the reply */
	mp_linerd la;
	mp_line_init(&la, MP_LINE_HOLD_MAX);
	la.off = r->lr.off + r->held;
	size_t pos = r->held;
	for (;;) {
		mp_line l;
		size_t u;
		mp_rc rc = eof ? mp_line_finish(&la, buf + pos, len - pos, &l, &u)
			       : mp_line_next(&la, buf + pos, len - pos, &l, &u);
		if (rc != MP_OK) {
			if (eof && r->held_lines > 0) {
				mp_diag_push(d, r->lr.off + pos, MP_R_SMTP_REPLY_TRUNCATED);
				return finish_reply(r, buf, pos, r->held_lines, a, ev, used_r, d);
			}
			if (eof && pos < len) { /* skipped tail of a cut line */
				r->lr.off += len - pos;
				*used_r = len;
			}
			return MP_NEED_MORE;
		}
		struct mp_smtp_held *h = &r->held_v[r->held_lines++];
		h->pos = (uint32_t)(pos + (size_t)(l.text.p - (buf + pos)));
		h->len = (uint32_t)l.text.n;
		h->eol = (uint8_t)l.eol;
		pos += u;
		bool cont = l.text.n >= 4 && l.text.p[3] == '-' &&
			    mp_is_digit(l.text.p[0]) && !l.too_long;
		bool more = cont && l.eol != MP_EOL_NONE;
		if (!more) {
			/* a "-" line cut by the end of the stream */
			if (cont)
				mp_diag_push(d, r->lr.off + pos, MP_R_SMTP_REPLY_TRUNCATED);
			mp_rc frc = finish_reply(r, buf, pos, r->held_lines, a, ev, used_r, d);
			r->lr.skipping = la.skipping;
			return frc;
		}
		if (pos > MP_LINE_HOLD_MAX || r->held_lines >= MP_REPLY_LINES_MAX) {
			mp_diag_push(d, r->lr.off + pos, MP_R_SMTP_REPLY_TOO_MANY_LINES);
			return finish_reply(r, buf, pos, r->held_lines, a, ev, used_r, d);
		}
		r->held = pos;
	}
}

mp_rc mp_smtp_next(mp_smtp_reader *r, const uint8_t *buf, size_t len,
		   bool eof, mp_arena *a, mp_smtp_event *ev, size_t *used_r,
		   mp_diags *d)
{
	memset(ev, 0, sizeof(*ev));
	ev->answers = MP_SMTP_HINT_NONE;
	*used_r = 0;
	if (r->mode == M_OPAQUE) {
		r->lr.off += len;
		*used_r = len;
		return MP_NEED_MORE;
	}
	if (!r->server)
		return client_next(r, buf, len, eof, a, ev, used_r, d);
	size_t skipped = 0;
	if (r->lr.skipping) {
		/* the tail of a reply line cut at the hold limit */
		const uint8_t *lf = len ? memchr(buf, '\n', len) : NULL;
		skipped = lf ? (size_t)(lf - buf) + 1 : len;
		r->lr.off += skipped;
		r->lr.skipping = lf == NULL;
		*used_r = skipped;
		if (lf == NULL)
			return MP_NEED_MORE;
	}
	mp_rc rc = server_next(r, buf + skipped, len - skipped, eof, a, ev,
			       used_r, d);
	*used_r += skipped;
	return rc;
}
