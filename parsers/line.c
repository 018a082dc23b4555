/* line.c: the streaming line reader (RFC 5321 2.3.8, RFC 1939 3, RFC 9051
 * 2.2: lines end in CRLF). Bare LF ends a line too, reported through eol
 * so each protocol raises its own rule. */
#include <string.h>

#include "mailprobe/limits.h"
#include "mailprobe/line.h"

void mp_line_init(mp_linerd *r, size_t max_line)
{
	memset(r, 0, sizeof(*r));
	r->max_line = max_line;
}

mp_rc mp_line_next(mp_linerd *r, const uint8_t *buf, size_t len,
		   mp_line *line_r, size_t *used_r)
{
	size_t max = r->max_line ? r->max_line : MP_LINE_HOLD_MAX;
	size_t used = 0;

	if (r->skipping) {
		const uint8_t *lf = len ? memchr(buf, '\n', len) : NULL;
		if (lf == NULL) {
			r->off += len;
			*used_r = len;
			return MP_NEED_MORE;
		}
		used = (size_t)(lf - buf) + 1;
		r->off += used;
		r->skipping = false;
		r->scanned = 0;
		buf += used;
		len -= used;
	}
	*used_r = used;

	size_t from = r->scanned < len ? r->scanned : len;
	const uint8_t *lf = memchr(buf + from, '\n', len - from);
	if (lf != NULL) {
		size_t i = (size_t)(lf - buf);
		size_t tn = i;
		mp_eol eol = MP_EOL_LF;
		if (i > 0 && buf[i - 1] == '\r') {
			tn = i - 1;
			eol = MP_EOL_CRLF;
		}
		line_r->off = r->off;
		/* a cut line reports no end, whether or not its LF was in
		 * this buffer: the same event for any split */
		line_r->eol = tn > max ? MP_EOL_NONE : eol;
		line_r->too_long = tn > max;
		line_r->text = MP_SLICE(buf, tn > max ? max : tn);
		r->off += i + 1;
		r->scanned = 0;
		*used_r = used + i + 1;
		return MP_OK;
	}
	/* No LF yet. max text bytes plus a pending CR may still end well. */
	if (len > max + 1) {
		line_r->off = r->off;
		line_r->eol = MP_EOL_NONE;
		line_r->too_long = true;
		line_r->text = MP_SLICE(buf, max);
		r->off += len;
		r->scanned = 0;
		r->skipping = true;
		*used_r = used + len;
		return MP_OK;
	}
	r->scanned = len;
	return MP_NEED_MORE;
}

mp_rc mp_line_finish(mp_linerd *r, const uint8_t *buf, size_t len,
		     mp_line *line_r, size_t *used_r)
{
	mp_rc rc = mp_line_next(r, buf, len, line_r, used_r);
	if (rc == MP_OK)
		return rc;
	buf += *used_r;
	len -= *used_r;
	if (len == 0 || r->skipping) {
		r->off += len;
		*used_r += len;
		r->skipping = false;
		r->scanned = 0;
		return MP_NEED_MORE;
	}
	line_r->off = r->off;
	line_r->eol = MP_EOL_NONE;
	line_r->too_long = false;
	line_r->text = MP_SLICE(buf, len);
	r->off += len;
	r->scanned = 0;
	*used_r += len;
	return MP_OK;
}

size_t mp_line_find_bare_cr(mp_slice text)
{
	const uint8_t *cr = text.n ? memchr(text.p, '\r', text.n) : NULL;
	return cr ? (size_t)(cr - text.p) : text.n;
}
