/* fuzz_smtp_reply: the SMTP server-side reader, reply and EHLO parsers.
 * Byte 0: bit 0 lenient. The rest: a server stream. Properties: the same
 * replies for any split; every reply accepted without MUST diags prints
 * and re-parses to an equal reply; diag offsets inside the input. */
#include <string.h>

#include "fuzz_util.h"
#include "mailprobe/limits.h"
#include "mailprobe/smtp.h"

#define T "fuzz_smtp_reply"

struct ctx {
	mp_smtp_reader rd;
	mp_smtp_opts o;
	mp_arena a;
	uint8_t mem[1 << 17];
	mp_diag dv[256];
	mp_diags d;
	uint64_t n;
};

static void reset(void *v)
{
	struct ctx *x = v;
	mp_smtp_reader_init(&x->rd, true, &x->o);
	mp_arena_init(&x->a, x->mem, sizeof x->mem);
	mp_diags_init(&x->d, x->dv, MP_ARRAY_LEN(x->dv));
}

/* print, split the printed lines, parse again, compare */
static void roundtrip(const mp_smtp_reply *r)
{
	static uint8_t out[1 << 17];
	static uint8_t mem2[1 << 17];
	static mp_slice lines[MP_REPLY_LINES_MAX];
	static uint64_t offs[MP_REPLY_LINES_MAX];
	size_t len, n = 0, st = 0;
	mp_arena a2;
	mp_smtp_reply r2;
	if (mp_smtp_reply_write(r, out, sizeof out, &len) != MP_OK)
		fz_die(T, "an accepted reply does not print");
	for (size_t i = 0; i + 1 < len && n < MP_REPLY_LINES_MAX; i++) {
		if (out[i] == '\r' && out[i + 1] == '\n') {
			lines[n] = MP_SLICE(out + st, i - st);
			offs[n++] = st;
			st = i + 2;
			i++;
		}
	}
	mp_arena_init(&a2, mem2, sizeof mem2);
	if (mp_smtp_reply_parse(lines, offs, n, &a2, &r2, NULL) != MP_OK ||
	    !mp_smtp_reply_eq(r, &r2))
		fz_die(T, "parse(print(reply)) != reply");
}

static size_t feed(void *v, const uint8_t *buf, size_t len, bool eof,
		   mpt_log *log)
{
	struct ctx *x = v;
	size_t pos = 0, used;
	mp_smtp_event ev;
	for (;;) {
		mp_arena_reset(&x->a);
		size_t before = x->d.n;
		mp_rc rc = mp_smtp_next(&x->rd, buf + pos, len - pos, eof, &x->a,
					&ev, &used, &x->d);
		if (used > len - pos)
			fz_die(T, "used beyond len");
		pos += used;
		if (rc != MP_OK)
			break;
		mpt_log_printf(log, "%d@%llu", (int)ev.kind, (unsigned long long)ev.off);
		if (ev.kind == MP_SMTP_EV_REPLY) {
			mpt_log_printf(log, " %u/%zu", ev.reply.code, ev.reply.nlines);
			for (size_t i = 0; i < ev.reply.nlines; i++) {
				mpt_log_printf(log, " |");
				mpt_log_bytes(log, ev.reply.lines[i].text.p, ev.reply.lines[i].text.n);
			}
			if (ev.has_caps)
				mpt_log_printf(log, " caps=%zu", ev.caps.n);
			bool must = false;
			for (size_t i = before; i < x->d.n; i++)
				must |= mp_rule_level(x->d.v[i].rule) <= MP_SHOULD;
			if (!must && x->d.dropped == 0 && ev.reply.nlines > 0)
				roundtrip(&ev.reply);
		}
		fz_check_offsets(T, &x->d, x->n);
		fz_log_diags(log, &x->d);
		mpt_log_printf(log, "\n");
	}
	if (eof) {
		fz_check_offsets(T, &x->d, x->n);
		fz_log_diags(log, &x->d);
		pos = len;
	}
	return pos;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ctx x;
	if (size == 0 || size > 65536)
		return 0;
	x.o.flags = data[0] & 1 ? MP_SMTP_LENIENT : 0;
	x.n = size - 1;
	mpt_reader r = { reset, feed, &x };
	fz_splits(T, &r, data + 1, size - 1);
	return 0;
}
