/* parsers/imap-read.c: IMAP framing. Cuts a stream into units (one
 * command or one response each) by lines and the literals their lines
 * announce (RFC 9051 4.3, 7888, 3516), so that the grammar always sees a
 * whole unit. Literals up to max_literal stay inline; bigger ones are
 * streamed as events while the unit's text goes on in the scratch memory.
 *
 * Framing follows the wire, not the grammar: a line ending in "{n}" (or
 * "{n+}", "{n-}", "~{n}") announces a literal wherever it stands, as a
 * peer's reader does; the grammar then says whether it could stand there. */
#include <string.h>

#include "mailprobe/imap.h"

enum { ST_LINE = 0, ST_LIT = 1, ST_STREAM = 2 };

void mp_imap_reader_init(mp_imap_reader *r, mp_imap_side side,
			 const mp_imap_opts *o, uint8_t *scratch, size_t cap)
{
	memset(r, 0, sizeof *r);
	r->side = side;
	if (o)
		r->o = *o;
	if (!r->o.max_line)
		r->o.max_line = MP_IMAP_LINE_HOLD_MAX;
	if (!r->o.max_literal)
		r->o.max_literal = MP_IMAP_LITERAL_HELD_MAX;
	if (!r->o.max_unit)
		r->o.max_unit = MP_IMAP_UNIT_MAX;
	if (!r->o.max_depth)
		r->o.max_depth = MP_IMAP_DEPTH_MAX;
	r->scratch = scratch;
	r->scratch_cap = scratch ? cap : 0;
}

uint64_t mp_imap_unit_offset(const mp_imap_unit *u, size_t pos)
{
	uint64_t o = u->off + pos;
	for (size_t k = 0; k < u->ngaps && k < MP_IMAP_GAPS_MAX; k++)
		if (u->gaps[k].pos <= pos)
			o += u->gaps[k].size;
	return o;
}

static void tail_push(mp_imap_reader *r, const uint8_t *p, size_t n)
{
	const size_t cap = sizeof r->tail;
	if (n >= cap) {
		memcpy(r->tail, p + n - cap, cap);
		r->ntail = (uint8_t)cap;
		return;
	}
	size_t keep = r->ntail < cap - n ? r->ntail : cap - n;
	memmove(r->tail, r->tail + r->ntail - keep, keep);
	memcpy(r->tail + keep, p, n);
	r->ntail = (uint8_t)(keep + n);
}

/* A literal announcement ending the line content t[0..k): 1 with *v and
 * *brace (index of "{" or "~"), 0 when there is none, -1 when its number
 * is out of range. */
static int announced(const uint8_t *t, size_t k, uint64_t *v, size_t *brace)
{
	if (k < 3 || t[k - 1] != '}')
		return 0;
	size_t j = k - 1;
	if (t[j - 1] == '+' || t[j - 1] == '-')
		j--;
	size_t e = j;
	while (j > 0 && mp_is_digit(t[j - 1]))
		j--;
	if (j == e || j == 0 || t[j - 1] != '{')
		return 0;
	*brace = j - 1;
	if (*brace > 0 && t[*brace - 1] == '~')
		--*brace;
	uint64_t x = 0;
	for (size_t q = j; q < e; q++) {
		uint64_t dv = (uint64_t)(t[q] - '0');
		if (x > (0x7fffffffffffffffull - dv) / 10)
			return -1;
		x = x * 10 + dv;
	}
	*v = x;
	return 1;
}

static void unit_reset(mp_imap_reader *r)
{
	r->st = ST_LINE;
	r->scanned = 0;
	r->line_len = r->lit_left = r->lit_size = r->held = r->line_octets = 0;
	r->ngaps = 0;
	r->ntail = 0;
	r->prev_cr = r->in_scratch = r->skipping = r->started = false;
	r->scratch_n = 0;
}

/* Fills the unit event from what the reader holds; text ends at buf[end]
 * in buf mode. */
static void unit_event(mp_imap_reader *r, const uint8_t *buf, size_t ustart,
		       size_t end, mp_imap_event *ev)
{
	memset(&ev->unit, 0, sizeof ev->unit);
	ev->ev = MP_IMAP_EV_UNIT;
	mp_imap_unit *u = &ev->unit;
	u->text = r->in_scratch ? MP_SLICE(r->scratch, r->scratch_n)
				: MP_SLICE(buf + ustart, end - ustart);
	u->off = r->unit_off;
	u->ngaps = r->ngaps;
	memcpy(u->gaps, r->gaps, r->ngaps * sizeof r->gaps[0]);
}

static uint64_t unit_limit(const mp_imap_reader *r)
{
	uint64_t lim = r->o.max_unit;
	if (r->in_scratch && r->scratch_cap < lim)
		lim = r->scratch_cap;
	return lim;
}

mp_rc mp_imap_next(mp_imap_reader *r, const uint8_t *buf, size_t len,
		   bool eof, mp_imap_event *ev, size_t *used_r, mp_diags *d)
{
	bool bufmode = !(r->in_scratch || r->skipping);
	size_t ustart = 0;
	size_t i = bufmode ? r->scanned : 0;
	if (i > len)
		i = len; /* a caller that shrank buf: rescan what is there */
	for (;;) {
		if (r->st == ST_STREAM) {
			if (i == len)
				break;
			size_t take = len - i;
			if (take > r->lit_left)
				take = (size_t)r->lit_left;
			ev->ev = MP_IMAP_EV_LITERAL;
			ev->lit.data = MP_SLICE(buf + i, take);
			ev->lit.size = r->lit_size;
			ev->lit.at = r->lit_size - r->lit_left;
			ev->lit.off = r->off + i;
			ev->lit.last = take == r->lit_left;
			i += take;
			r->lit_left -= take;
			if (r->lit_left == 0)
				r->st = ST_LINE;
			*used_r = i;
			r->off += i;
			return MP_OK;
		}
		if (r->st == ST_LIT) {
			size_t take = len - i;
			if (take > r->lit_left)
				take = (size_t)r->lit_left;
			if (r->in_scratch && !r->skipping) {
				memcpy(r->scratch + r->scratch_n, buf + i, take);
				r->scratch_n += take;
			}
			if (!r->skipping)
				r->held += take;
			i += take;
			r->lit_left -= take;
			if (r->lit_left)
				break;
			r->st = ST_LINE;
			continue;
		}
		if (i == len)
			break;
		if (!r->started) {
			r->started = true;
			r->unit_off = r->off + i;
		}
		const uint8_t *lf = memchr(buf + i, '\n', len - i);
		size_t end = lf ? (size_t)(lf - buf) : len;
		size_t chunk = end - i;
		if (!r->skipping) {
			/* the limits, judged on what is known: a CR that ends the
			 * bytes so far may yet be the CR of CRLF */
			bool cr_last = chunk ? buf[end - 1] == '\r' : r->prev_cr;
			uint64_t known = r->line_len + chunk - (cr_last ? 1 : 0);
			uint64_t lim = unit_limit(r);
			size_t cut = len + 1;
			mp_rule why = MP_R_IMAP_LINE_TOO_LONG;
			if (known > r->o.max_line)
				cut = i + (size_t)(r->o.max_line - r->line_len);
			if (r->held + chunk + (lf ? 1 : 0) > lim) {
				size_t c2 = i + (size_t)(lim - r->held);
				if (c2 < cut) {
					cut = c2;
					why = MP_R_IMAP_UNIT_TOO_LONG;
				}
			}
			if (cut <= len) {
				size_t take = cut - i;
				if (r->in_scratch) {
					memcpy(r->scratch + r->scratch_n, buf + i, take);
					r->scratch_n += take;
				}
				tail_push(r, buf + i, take);
				r->line_len += take;
				r->held += take;
				if (take)
					r->prev_cr = buf[cut - 1] == '\r';
				mp_diag_push(d, r->off + cut, why);
				unit_event(r, buf, ustart, cut, ev);
				ev->unit.too_long = true;
				r->skipping = true;
				*used_r = cut;
				r->off += cut;
				return MP_OK;
			}
			if (r->in_scratch) {
				memcpy(r->scratch + r->scratch_n, buf + i, chunk + (lf ? 1 : 0));
				r->scratch_n += chunk + (lf ? 1 : 0);
			}
			r->held += chunk + (lf ? 1 : 0);
			r->line_octets += chunk + (lf ? 1 : 0);
		}
		tail_push(r, buf + i, chunk);
		r->line_len += chunk;
		if (chunk)
			r->prev_cr = buf[end - 1] == '\r';
		i = end;
		if (!lf)
			break;
		/* a line end at buf[i] */
		uint64_t lf_off = r->off + i;
		if (!r->prev_cr)
			mp_diag_push(d, lf_off, MP_R_IMAP_BARE_LF);
		i++;
		size_t k = r->ntail - (r->prev_cr ? 1 : 0);
		uint64_t v = 0;
		size_t brace = 0;
		int a = announced(r->tail, k, &v, &brace);
		uint64_t brace_off = lf_off - (r->prev_cr ? 1 : 0) - (k - brace);
		r->prev_cr = false;
		r->line_len = 0;
		r->ntail = 0;
		if (a < 0)
			mp_diag_push(d, brace_off, MP_R_IMAP_LITERAL_RANGE);
		if (a == 1 && v > 0) {
			r->lit_size = r->lit_left = v;
			if (r->skipping || (v <= r->o.max_literal &&
					    r->held + v <= unit_limit(r))) {
				r->st = ST_LIT;
				continue;
			}
			/* too big to hold: stream it, the unit goes on in scratch */
			if (!r->in_scratch) {
				size_t n = i - ustart;
				if (n > r->scratch_cap) {
					mp_diag_push(d, brace_off, MP_R_IMAP_UNIT_TOO_LONG);
					unit_event(r, buf, ustart, i, ev);
					ev->unit.too_long = true;
					r->skipping = true;
					r->st = ST_LIT;
					*used_r = i;
					r->off += i;
					return MP_OK;
				}
				if (n)
					memcpy(r->scratch, buf + ustart, n);
				r->scratch_n = n;
				r->in_scratch = true;
			}
			if (r->ngaps == MP_IMAP_GAPS_MAX) {
				mp_diag_push(d, brace_off, MP_R_IMAP_TOO_MANY_LITERALS);
				unit_event(r, buf, ustart, i, ev);
				ev->unit.too_long = true;
				r->skipping = true;
				r->st = ST_LIT;
				*used_r = i;
				r->off += i;
				return MP_OK;
			}
			r->gaps[r->ngaps].pos = r->scratch_n;
			r->gaps[r->ngaps].size = v;
			r->ngaps++;
			r->st = ST_STREAM;
			continue;
		}
		if (a == 1)
			continue; /* {0}: an empty literal, the line goes on */
		/* the unit ends here */
		if (r->skipping) {
			unit_reset(r);
			ustart = i;
			continue;
		}
		if (r->side == MP_IMAP_CLIENT && r->line_octets > MP_IMAP_CMD_LINE_ADVISED)
			mp_diag_push(d, r->unit_off, MP_R_IMAP_CMD_LINE_ADVISED);
		unit_event(r, buf, ustart, i, ev);
		unit_reset(r);
		*used_r = i;
		r->off += i;
		return MP_OK;
	}
	/* nothing more from these bytes */
	if (eof) {
		bool pending = r->started && !r->skipping &&
			       (r->in_scratch || i > ustart || r->st != ST_LINE);
		if (pending) {
			mp_diag_push(d, r->off + len, MP_R_IMAP_EOF_CUT);
			unit_event(r, buf, ustart, len, ev);
			ev->unit.eof_cut = true;
			unit_reset(r);
			*used_r = len;
			r->off += len;
			return MP_OK;
		}
		unit_reset(r);
		*used_r = len;
		r->off += len;
		return MP_NEED_MORE;
	}
	if (r->in_scratch || r->skipping) {
		*used_r = i;
		r->scanned = 0;
	} else {
		*used_r = ustart;
		r->scanned = i - ustart;
	}
	r->off += *used_r;
	return MP_NEED_MORE;
}
