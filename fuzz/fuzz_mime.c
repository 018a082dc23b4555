/* fuzz_mime: the whole message walk (mailprobe/mimetree.h) and decode,
 * and the linter (mailprobe/lint.h) over the same bytes.
 *
 * Byte 0 picks options: bit 0 lenient headers, bit 1 UTF-8 headers,
 * bits 2-4 the depth limit (0 = default, else 1-7), bit 5 the smallest
 * decoded output per call (MP_MT_OUT_MIN) rather than 64 KiB, bits 6-7 the
 * codec path (AVX2, SSSE3, scalar, byte). The rest is the message.
 *
 * Properties: every byte is consumed and the walk ends; slices lie in
 * the input and in order; a leaf's raw and decoded sizes are the sums of
 * its slices, a composite's sizes its extent; parts nest (PART_BEGIN and
 * PART_END pair up, depth within the limit); diag offsets within the
 * input; the decoded bytes of every base64/QP leaf equal what the codec
 * gives for its raw bytes in one call; the same events for splits derived
 * from the input; the linter consumes everything and agrees on the part
 * count. */
#include <string.h>

#include "fuzz_util.h"
#include "mailprobe/lint.h"
#include "mailprobe/mimetree.h"

#define T "fuzz_mime"
#define OUTCAP 65536

struct fx {
	mp_mt_opts o;
	mp_mimetree w;
	mp_diag dv[4096];
	mp_diags d;
	size_t ocap;
	int cur;
	mpt_log raw, dec;
};

static uint8_t out_buf[OUTCAP];

static void fx_flush(struct fx *x, mpt_log *log)
{
	if (x->cur < 0)
		return;
	mpt_log_printf(log, "%s ", mp_mt_kind_name((mp_mt_kind)x->cur));
	mpt_log_bytes(log, x->raw.p, x->raw.n);
	mpt_log_printf(log, " | ");
	mpt_log_bytes(log, x->dec.p, x->dec.n);
	mpt_log_printf(log, "\n");
	x->raw.n = x->dec.n = 0;
	x->cur = -1;
}

static void fx_reset(void *c)
{
	struct fx *x = c;
	mp_diags_init(&x->d, x->dv, MP_ARRAY_LEN(x->dv));
	mp_mimetree_init(&x->w, &x->o, 0);
	x->cur = -1;
	x->raw.n = x->dec.n = 0;
}

static size_t fx_feed(void *c, const uint8_t *buf, size_t len, bool eof,
		      mpt_log *log)
{
	struct fx *x = c;
	size_t used = 0;
	for (;;) {
		mp_mt_event ev;
		size_t u;
		mp_rc rc = mp_mimetree_next(&x->w, buf + used, len - used, eof,
					    out_buf, x->ocap, &ev, &u, &x->d);
		if (u > len - used)
			fz_die(T, "consumed more than given");
		used += u;
		if (rc != MP_OK) {
			if (rc != MP_NEED_MORE)
				fz_die(T, "unexpected return code");
			break;
		}
		if (ev.kind == MP_MT_BODY || ev.kind == MP_MT_PREAMBLE ||
		    ev.kind == MP_MT_EPILOGUE) {
			if (x->cur != (int)ev.kind)
				fx_flush(x, log);
			x->cur = (int)ev.kind;
			mpt_log_bytes(&x->raw, ev.raw.p, ev.raw.n);
			mpt_log_bytes(&x->dec, ev.dec.p, ev.dec.n);
			continue;
		}
		fx_flush(x, log);
		const mp_mt_part *p = ev.part;
		if (ev.kind == MP_MT_FIELD)
			mpt_log_printf(log, "field %llu %zu\n",
				       (unsigned long long)ev.field.off, ev.field.raw.n);
		else if (ev.kind == MP_MT_PART_BEGIN)
			mpt_log_printf(log, "begin %u %s/%s %s %s %llu\n", p->id,
				       p->type, p->subtype, mp_mt_cte_name(p->cte),
				       mp_mt_shape_name(p->shape),
				       (unsigned long long)p->body_off);
		else if (ev.kind == MP_MT_PART_END)
			mpt_log_printf(log, "end %u %llu %llu %llu\n", p->id,
				       (unsigned long long)p->end_off,
				       (unsigned long long)p->raw_size,
				       (unsigned long long)p->dec_size);
		else
			mpt_log_printf(log, "END %llu\n", (unsigned long long)ev.off);
	}
	if (eof) {
		fx_flush(x, log);
		fz_log_diags(log, &x->d);
	}
	return used;
}

/* ---- the whole walk, with its invariants -------------------------------- */

struct open_part {
	uint32_t id;
	uint64_t raw, dec;
	bool leaf, decoded;
	mp_mime_cte cte;
	size_t rstart; /* start of its raw bytes in rawcat */
	size_t dstart;
};

static uint8_t rawcat[1 << 20], deccat[1 << 20], check[1 << 20];

static void whole_walk(struct fx *x, const uint8_t *in, size_t n)
{
	static struct open_part st[MP_MT_DEPTH_HARD + 2];
	size_t ns = 0, used = 0, rn = 0, dn = 0;
	uint64_t last_off = 0;
	unsigned limit = x->o.max_depth ? x->o.max_depth : MP_MT_DEPTH_DEFAULT;
	fx_reset(x);
	for (;;) {
		mp_mt_event ev;
		size_t u;
		mp_rc rc = mp_mimetree_next(&x->w, in + used, n - used, true,
					    out_buf, x->ocap, &ev, &u, &x->d);
		used += u;
		if (rc != MP_OK)
			break;
		const mp_mt_part *p = ev.part;
		switch (ev.kind) {
		case MP_MT_PART_BEGIN:
			if (ns >= MP_ARRAY_LEN(st) || p->depth != ns || p->depth > limit)
				fz_die(T, "part nesting");
			st[ns].id = p->id;
			st[ns].raw = st[ns].dec = 0;
			st[ns].leaf = p->shape == MP_MT_LEAF;
			st[ns].decoded = p->decoded;
			st[ns].cte = p->cte;
			st[ns].rstart = rn;
			st[ns].dstart = dn;
			ns++;
			break;
		case MP_MT_BODY:
			if (ns == 0 || !st[ns - 1].leaf || p->id != st[ns - 1].id)
				fz_die(T, "body outside a leaf");
			if (ev.raw.n && (ev.raw.p < in || ev.raw.p + ev.raw.n > in + n))
				fz_die(T, "raw slice outside the input");
			if (ev.raw.n && ev.off < last_off)
				fz_die(T, "slices out of order");
			if (ev.raw.n)
				last_off = ev.off + ev.raw.n;
			st[ns - 1].raw += ev.raw.n;
			st[ns - 1].dec += ev.dec.n;
			if (rn + ev.raw.n <= sizeof(rawcat)) {
				memcpy(rawcat + rn, ev.raw.p, ev.raw.n);
				rn += ev.raw.n;
			}
			if (dn + ev.dec.n <= sizeof(deccat)) {
				memcpy(deccat + dn, ev.dec.p, ev.dec.n);
				dn += ev.dec.n;
			}
			break;
		case MP_MT_PART_END: {
			if (ns == 0 || st[ns - 1].id != p->id)
				fz_die(T, "PART_END without its PART_BEGIN");
			struct open_part *o = &st[--ns];
			if (p->end_off < p->body_off || p->end_off > n)
				fz_die(T, "part extent");
			if (o->leaf && (p->raw_size != o->raw || p->dec_size != o->dec))
				fz_die(T, "leaf sizes are not the sums of its slices");
			if (!o->leaf && p->raw_size != p->end_off - p->body_off)
				fz_die(T, "composite size is not its extent");
			if (o->leaf && o->decoded && rn - o->rstart == o->raw &&
			    dn - o->dstart == o->dec && o->raw <= sizeof(check)) {
				/* the codec in one call gives the same octets */
				size_t cu = 0, cw = 0, fw = 0;
				if (o->cte == MP_CTE_BASE64) {
					mp_b64dec bd;
					mp_b64dec_init(&bd, MP_B64_MIME, 0);
					mp_b64dec_feed(&bd, rawcat + o->rstart, o->raw, check,
						       sizeof(check), &cu, &cw, NULL);
					mp_b64dec_finish(&bd, check + cw, sizeof(check) - cw,
							 &fw, NULL);
				} else {
					mp_qpdec qd;
					mp_qpdec_init(&qd, 0);
					mp_qpdec_feed(&qd, rawcat + o->rstart, o->raw, check,
						      sizeof(check), &cu, &cw, NULL);
					mp_qpdec_finish(&qd, check + cw, sizeof(check) - cw,
							&fw, NULL);
				}
				if (cw + fw != o->dec ||
				    memcmp(check, deccat + o->dstart, o->dec) != 0)
					fz_die(T, "decoded octets differ from the codec's");
			}
			rn = o->rstart;
			dn = o->dstart;
			break;
		}
		case MP_MT_PREAMBLE:
		case MP_MT_EPILOGUE:
			if (ev.raw.n && (ev.raw.p < in || ev.raw.p + ev.raw.n > in + n))
				fz_die(T, "raw slice outside the input");
			break;
		default:
			break;
		}
	}
	if (used != n || !x->w.done || ns != 0)
		fz_die(T, "the walk did not consume everything and end");
	fz_check_offsets(T, &x->d, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fx x;
	static mp_lint l;
	static uint8_t mem[MP_LINT_ARENA_MIN];
	if (size == 0)
		return 0;
	unsigned opt = data[0];
	const uint8_t *in = data + 1;
	size_t n = size - 1;
	memset(&x.o, 0, sizeof(x.o));
	x.o.flags = MP_MT_DECODE | MP_MT_VALIDATE;
	if (opt & 1)
		x.o.hdr.flags |= MP_RFC5322_LENIENT;
	if (opt & 2)
		x.o.hdr.flags |= MP_RFC5322_UTF8;
	x.o.max_depth = (opt >> 2) & 7;
	x.ocap = (opt & 0x20) ? MP_MT_OUT_MIN : OUTCAP;
	mp_codec_simd((mp_codec_path)((opt >> 6) & 3));

	whole_walk(&x, in, n);
	uint32_t parts = x.w.next_id;

	mpt_reader r = { fx_reset, fx_feed, &x };
	fz_splits(T, &r, in, n);

	mp_lint_opts lo = { 0 };
	lo.flags = ((opt & 1) ? MP_LINT_LENIENT : 0) | ((opt & 2) ? MP_LINT_UTF8 : 0);
	lo.max_depth = x.o.max_depth;
	mp_lint_init(&l, &lo, mem, sizeof(mem), 0);
	size_t u = 0;
	if (mp_lint_feed(&l, in, n, true, &u) != MP_OK || u != n || !l.done)
		fz_die(T, "the linter did not finish");
	if (l.parts != parts)
		fz_die(T, "the linter and the walker count different parts");
	mp_codec_simd(MP_CODEC_AUTO);
	mpt_log_free(&x.raw);
	mpt_log_free(&x.dec);
	return 0;
}
