/* pcap/reasm.c: one direction of a TCP connection, from segments in
 * capture order to the ordered octet stream (RFC 9293 3.4 sequence
 * numbers, 3.10.7.4 segment text).
 *
 * Sequence numbers are compared by their signed 32-bit difference from
 * the next expected one (RFC 9293 3.4: modulo 2^32), so a stream may wrap
 * any number of times; the stream offset is 64-bit. A SYN fixes offset 0
 * at ISN + 1; without one the first segment seen does (TCP_MIDSTREAM).
 * Overlap policy: first copy wins (see mailprobe/pcap.h). Segments ahead
 * of the stream are held, disjoint and sorted, within the per-direction
 * and total caps; when a cap is hit the oldest hole is given up as a gap
 * (TCP_BUFFER_LIMIT). Octets the snaplen cut off are held as gaps of
 * their own, so the stream goes on past them at once. */
#include <stdlib.h>
#include <string.h>

#include "mailprobe/pcap.h"

struct mp_rseg {
	mp_rseg *next;
	uint64_t off;
	uint32_t n;
	bool gap;       /* octets known to be missing (cut by the snaplen) */
	uint64_t frame;
	uint8_t data[];
};

static size_t flow_cap(const mp_reasm_pool *p)
{
	return p->max_flow ? p->max_flow : MP_PCAP_FLOW_BUFFER_MAX;
}
static size_t total_cap(const mp_reasm_pool *p)
{
	return p->max_total ? p->max_total : MP_PCAP_TOTAL_BUFFER_MAX;
}

static void diag(const mp_reasm_out *o, uint64_t frame, uint64_t off,
		 uint64_t size, mp_rule rule)
{
	mp_pdiag_push(o->diags, frame, off, size, rule);
}

/* Remembers the last octets delivered, for comparing later copies. */
static void retain(mp_reasm *r, mp_reasm_pool *pool, uint64_t off,
		   const uint8_t *p, size_t n)
{
	size_t cap = pool->max_retain ? pool->max_retain : MP_PCAP_RETAIN_MAX;
	if (r->tail == NULL) {
		r->tail = malloc(cap);
		if (r->tail == NULL)
			return;
		r->tail_cap = cap;
	}
	if (n > r->tail_cap) {
		off += n - r->tail_cap;
		p += n - r->tail_cap;
		n = r->tail_cap;
	}
	while (n > 0) {
		size_t at = (size_t)(off % r->tail_cap), k = r->tail_cap - at;
		if (k > n)
			k = n;
		memcpy(r->tail + at, p, k);
		off += k;
		p += k;
		n -= k;
	}
}

static void deliver(mp_reasm *r, mp_reasm_pool *pool, const mp_reasm_out *o,
		    const uint8_t *p, size_t n, uint64_t frame)
{
	if (n == 0)
		return;
	if (o->data)
		o->data(o->ctx, r->off, p, n, frame);
	retain(r, pool, r->off, p, n);
	r->off += n;
	r->next_seq += (uint32_t)n;
	r->bytes += n;
}

static void skip_gap(mp_reasm *r, const mp_reasm_out *o, uint64_t n,
		     uint64_t frame)
{
	if (n == 0)
		return;
	diag(o, frame, r->off, n, MP_R_TCP_GAP);
	if (o->gap)
		o->gap(o->ctx, r->off, n, frame);
	r->off += n;
	r->next_seq += (uint32_t)n;
	r->tail_from = r->off;
	r->gaps++;
	r->gap_bytes += n;
}

/* Compares a later copy of octets [off, off + n) already delivered with
 * what the ring still holds. True when they differ. */
static bool differs_retained(const mp_reasm *r, uint64_t off, const uint8_t *p,
			     size_t n)
{
	if (r->tail == NULL)
		return false;
	uint64_t lo = r->off > r->tail_cap ? r->off - r->tail_cap : 0;
	if (lo < r->tail_from)
		lo = r->tail_from;
	if (off < lo) {
		if (off + n <= lo)
			return false;
		p += lo - off;
		n -= (size_t)(lo - off);
		off = lo;
	}
	if (off + n > r->off)
		n = (size_t)(r->off - off);
	while (n > 0) {
		size_t at = (size_t)(off % r->tail_cap), k = r->tail_cap - at;
		if (k > n)
			k = n;
		if (memcmp(r->tail + at, p, k) != 0)
			return true;
		off += k;
		p += k;
		n -= k;
	}
	return false;
}

/* Delivers held segments that became contiguous. */
static void drain(mp_reasm *r, mp_reasm_pool *pool, const mp_reasm_out *o)
{
	while (r->held && r->held->off <= r->off) {
		mp_rseg *h = r->held;
		r->held = h->next;
		if (r->held == NULL)
			r->held_last = NULL;
		uint64_t end = h->off + h->n;
		if (end > r->off) {
			size_t skip = (size_t)(r->off - h->off);
			if (h->gap)
				skip_gap(r, o, end - r->off, h->frame);
			else
				deliver(r, pool, o, h->data + skip, h->n - skip, h->frame);
		}
		if (!h->gap) {
			r->nheld -= h->n;
			pool->held -= h->n;
		}
		free(h);
	}
}

/* Gives up the first hole: a gap up to the first held segment. */
static void give_up_hole(mp_reasm *r, mp_reasm_pool *pool, const mp_reasm_out *o)
{
	if (r->held == NULL)
		return;
	diag(o, r->held->frame, r->off, 0, MP_R_TCP_BUFFER_LIMIT);
	skip_gap(r, o, r->held->off - r->off, r->held->frame);
	drain(r, pool, o);
}

static mp_rseg *seg_new(uint64_t off, const uint8_t *p, uint32_t n, bool gap,
			uint64_t frame)
{
	mp_rseg *s = malloc(sizeof(*s) + (gap ? 0 : n));
	if (s == NULL)
		return NULL;
	s->next = NULL;
	s->off = off;
	s->n = n;
	s->gap = gap;
	s->frame = frame;
	if (!gap)
		memcpy(s->data, p, n);
	return s;
}

/* Holds [off, off + n) minus what is held already (first copy wins);
 * overlaps are compared. */
static void hold(mp_reasm *r, mp_reasm_pool *pool, const mp_reasm_out *o,
		 uint64_t off, const uint8_t *p, uint32_t n, bool gap,
		 uint64_t frame)
{
	uint64_t end = off + n;
	mp_rseg **pp = &r->held;
	if (r->held_last && off >= r->held_last->off + r->held_last->n)
		pp = &r->held_last->next; /* the common case: behind the last */
	uint64_t c = off;
	bool overlap = false, differs = false;
	while (c < end) {
		mp_rseg *h = *pp;
		if (h != NULL && h->off + h->n <= c) {
			pp = &h->next;
			continue;
		}
		uint64_t stop = (h == NULL || h->off >= end) ? end : h->off;
		if (c < stop) {
			mp_rseg *s = seg_new(c, gap ? NULL : p + (c - off), (uint32_t)(stop - c), gap, frame);
			if (s == NULL)
				return;
			s->next = h;
			*pp = s;
			if (h == NULL)
				r->held_last = s;
			if (!gap) {
				r->nheld += s->n;
				pool->held += s->n;
				if (pool->held > pool->peak)
					pool->peak = pool->held;
			}
			pp = &s->next;
			c = stop;
			continue;
		}
		/* h covers c */
		uint64_t e = h->off + h->n < end ? h->off + h->n : end;
		overlap = true;
		if (!gap && !h->gap &&
		    memcmp(h->data + (c - h->off), p + (c - off), (size_t)(e - c)) != 0)
			differs = true;
		c = e;
		pp = &h->next;
	}
	if (overlap)
		r->overlaps++;
	if (differs)
		diag(o, frame, off, 0, MP_R_TCP_OVERLAP_DIFFERS);
}

void mp_reasm_segment(mp_reasm *r, mp_reasm_pool *pool, const mp_reasm_out *o,
		      uint32_t seq, uint8_t flags, const uint8_t *p, uint32_t n,
		      uint32_t wire_n, uint64_t frame)
{
	r->segs++;
	if (r->first_frame == 0)
		r->first_frame = frame;
	r->last_frame = frame;
	if (wire_n < n)
		wire_n = n;
	if (flags & MP_TCP_RST) {
		if (!r->rst)
			diag(o, frame, r->off, 0, MP_R_TCP_RESET);
		r->rst = true;
		return;
	}
	if (flags & MP_TCP_SYN) {
		if (!r->started) {
			r->started = r->syn = true;
			r->isn = seq;
			r->next_seq = seq + 1;
			r->off = 0;
		}
		seq++; /* the SYN takes a sequence number; data follow it */
	}
	if (!r->started) {
		if (wire_n == 0 && !(flags & MP_TCP_FIN))
			return; /* a pure ACK fixes nothing */
		r->started = true;
		r->next_seq = seq;
		r->off = 0;
		diag(o, frame, 0, 0, MP_R_TCP_MIDSTREAM);
	}
	int64_t start = (int64_t)r->off + (int32_t)(seq - r->next_seq);
	int64_t wend = start + (int64_t)wire_n;
	if (flags & MP_TCP_FIN) {
		if (!r->fin && wend >= 0) {
			r->fin = true;
			r->fin_off = (uint64_t)wend;
		}
	}
	if (wire_n == 0)
		goto done;
	if (wend <= 0 && start < 0) {
		diag(o, frame, 0, 0, MP_R_TCP_BEFORE_START);
		return;
	}
	if (start < 0) { /* before the start of a mid-stream capture */
		uint32_t k = (uint32_t)-start;
		diag(o, frame, 0, 0, MP_R_TCP_BEFORE_START);
		if (k >= n) {
			n = 0;
		} else {
			p += k;
			n -= k;
		}
		wire_n -= k;
		start = 0;
	}
	uint64_t s = (uint64_t)start, e = s + n, we = s + wire_n;
	if (r->fin && we > r->fin_off) {
		diag(o, frame, r->fin_off, 0, MP_R_TCP_DATA_AFTER_FIN);
		if (e > r->fin_off)
			e = r->fin_off > s ? r->fin_off : s;
		we = r->fin_off > s ? r->fin_off : s;
		n = (uint32_t)(e - s);
	}
	if (we > r->seen_end)
		r->seen_end = we;
	/* the part already delivered: a retransmission */
	if (s < r->off) {
		r->retrans++;
		uint64_t upto = e < r->off ? e : r->off;
		bool keepalive = n == 1 && s + 1 == r->off;
		if (!keepalive && upto > s && differs_retained(r, s, p, (size_t)(upto - s)))
			diag(o, frame, s, 0, MP_R_TCP_OVERLAP_DIFFERS);
		if (e <= r->off) {
			if (we > r->off && n < wire_n) /* its cut tail */
				hold(r, pool, o, r->off, NULL, (uint32_t)(we - r->off), true, frame);
			drain(r, pool, o);
			goto done;
		}
		p += r->off - s;
		n -= (uint32_t)(r->off - s);
		s = r->off;
	} else if (s > r->off) {
		r->ooo++;
	}
	if (s == r->off && r->held == NULL) {
		deliver(r, pool, o, p, n, frame); /* in order: no copy */
	} else {
		/* room first: give up the oldest holes while over a cap */
		while (r->held && (r->nheld + n > flow_cap(pool) ||
				   pool->held + n > total_cap(pool)))
			give_up_hole(r, pool, o);
		if (s < r->off) { /* the hole before it went */
			if (e <= r->off) {
				drain(r, pool, o);
				goto done;
			}
			p += r->off - s;
			n -= (uint32_t)(r->off - s);
			s = r->off;
		}
		if (n > flow_cap(pool) || pool->held + n > total_cap(pool)) {
			diag(o, frame, r->off, 0, MP_R_TCP_BUFFER_LIMIT);
			skip_gap(r, o, s - r->off, frame);
			deliver(r, pool, o, p, n, frame);
		} else if (n > 0) {
			hold(r, pool, o, s, p, n, false, frame);
		}
	}
	if (we > s + n) /* octets the snaplen cut off */
		hold(r, pool, o, s + n, NULL, (uint32_t)(we - s - n), true, frame);
	drain(r, pool, o);
done:
	if (r->fin && r->off >= r->fin_off)
		r->closed = true;
}

void mp_reasm_finish(mp_reasm *r, mp_reasm_pool *pool, const mp_reasm_out *o)
{
	while (r->held) {
		mp_rseg *h = r->held;
		if (h->off > r->off)
			skip_gap(r, o, h->off - r->off, h->frame);
		drain(r, pool, o);
	}
	uint64_t end = r->seen_end;
	if (r->fin && r->fin_off > end)
		end = r->fin_off;
	if (end > r->off)
		skip_gap(r, o, end - r->off, r->last_frame);
	if (r->fin)
		r->closed = true;
}

void mp_reasm_free(mp_reasm *r, mp_reasm_pool *pool)
{
	while (r->held) {
		mp_rseg *h = r->held;
		r->held = h->next;
		if (!h->gap) {
			r->nheld -= h->n;
			pool->held -= h->n;
		}
		free(h);
	}
	r->held_last = NULL;
	free(r->tail);
	r->tail = NULL;
}
