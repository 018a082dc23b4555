/* mailprobe/line.h: the one streaming line reader every line protocol
 * plugs into (STYLE 3, 21). Zero-copy: lines are views into the caller's
 * buffer.
 *
 * Contract of the _next() functions of every incremental reader here:
 *   rc = X_next(reader, buf, len, ..., &used);
 *   - buf[0] is at stream offset reader->off (the reader keeps count);
 *   - *used_r bytes of buf are consumed whatever the result; the caller
 *     keeps buf[*used_r..len), appends new bytes behind them and calls
 *     again with the same reader;
 *   - MP_OK: an item was produced; its slices point into buf and stay
 *     valid until the caller moves or overwrites those bytes;
 *   - MP_NEED_MORE: nothing more can be produced from these bytes.
 * Feeding the same bytes in any split gives the same items. */
#ifndef MAILPROBE_LINE_H
#define MAILPROBE_LINE_H

#include "mailprobe/slice.h"

typedef enum mp_eol {
	MP_EOL_CRLF = 0, /* "\r\n" */
	MP_EOL_LF = 1,   /* a bare "\n" */
	MP_EOL_NONE = 2, /* the stream ended (mp_line_finish) or the line was cut */
} mp_eol;

typedef struct mp_line {
	mp_slice text; /* the line without its end; at most max_line bytes */
	uint64_t off;  /* stream offset of the line's first byte */
	mp_eol eol;
	bool too_long; /* text is the first max_line bytes of a longer line;
	                  the reader discards the rest through the next LF;
	                  eol is then always MP_EOL_NONE */
} mp_line;

typedef struct mp_linerd {
	uint64_t off;     /* stream offset of the next unconsumed byte */
	size_t scanned;   /* bytes of the pending line already searched */
	size_t max_line;  /* hold cap for a line's text; 0 = MP_LINE_HOLD_MAX */
	bool skipping;    /* discarding the tail of an over-long line */
} mp_linerd;

/* A zeroed mp_linerd is valid (max_line 0 = default); this sets the cap. */
void mp_line_init(mp_linerd *r, size_t max_line);

/* Next line of buf[0..len). MP_OK with *line_r, or MP_NEED_MORE. Over-long
 * lines are returned once with too_long set as soon as max_line is
 * crossed, so memory stays bounded; the rest through LF is skipped. */
mp_rc mp_line_next(mp_linerd *r, const uint8_t *buf, size_t len,
		   mp_line *line_r, size_t *used_r);

/* At end of stream: MP_OK with the unterminated rest (eol MP_EOL_NONE) if
 * len > 0 and not skipping, else MP_NEED_MORE. Consumes everything. */
mp_rc mp_line_finish(mp_linerd *r, const uint8_t *buf, size_t len,
		     mp_line *line_r, size_t *used_r);

/* Total bytes of the line on the wire: text plus its end. */
static inline size_t mp_line_wire_len(const mp_line *l)
{
	return l->text.n + (l->eol == MP_EOL_CRLF ? 2 : l->eol == MP_EOL_LF ? 1 : 0);
}

/* Offset of the first bare CR (a CR not followed by LF) in the text, or
 * text.n. Lines from mp_line_next never end in the CR of their CRLF. */
size_t mp_line_find_bare_cr(mp_slice text);

#endif
