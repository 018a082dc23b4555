/* fuzz_smtp_command: the SMTP client-side reader and command parser.
 * Byte 0: bit 0 lenient, bit 1 SMTPUTF8 in effect. The rest: a client
 * stream. Properties: the same events for any split (seeded from the
 * input); every command the strict parser accepts prints and re-parses
 * to an equal command; diag offsets lie inside the input; pieces lie
 * inside the buffer. */
#include <string.h>

#include "fuzz_util.h"
#include "mailprobe/smtp.h"

#define T "fuzz_smtp_command"

struct ctx {
	mp_smtp_reader rd;
	mp_smtp_opts o;
	mp_arena a;
	uint8_t mem[1 << 16];
	mp_diag dv[256];
	mp_diags d;
	uint64_t n;
	bool in_data;
};

static void reset(void *v)
{
	struct ctx *x = v;
	mp_smtp_reader_init(&x->rd, false, &x->o);
	mp_arena_init(&x->a, x->mem, sizeof x->mem);
	mp_diags_init(&x->d, x->dv, MP_ARRAY_LEN(x->dv));
	x->in_data = false;
}

static void roundtrip(struct ctx *x, const mp_smtp_cmd *c)
{
	static uint8_t out[16384];
	static uint8_t mem2[1 << 16];
	size_t len;
	mp_smtp_cmd c2;
	mp_arena a2;
	mp_smtp_opts o = x->o;
	if (mp_smtp_cmd_write(c, out, sizeof out, &len) != MP_OK)
		fz_die(T, "an accepted command does not print");
	mp_arena_init(&a2, mem2, sizeof mem2);
	o.flags |= MP_SMTP_UTF8; /* the printed form stands alone */
	if (mp_smtp_cmd_parse(MP_SLICE(out, len - 2), 0, &o, &a2, &c2, NULL) != MP_OK ||
	    !mp_smtp_cmd_eq(c, &c2))
		fz_die(T, "parse(print(cmd)) != cmd");
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
		if (ev.kind == MP_SMTP_EV_DATA || ev.kind == MP_SMTP_EV_BDAT) {
			if (ev.data.n && (ev.data.p < buf || ev.data.p + ev.data.n > buf + len))
				fz_die(T, "piece outside the buffer");
			if (!x->in_data)
				mpt_log_printf(log, "%s@%llu [", ev.kind == MP_SMTP_EV_DATA ? "DATA" : "BDAT",
					       (unsigned long long)ev.off);
			x->in_data = true;
			mpt_log_bytes(log, ev.data.p, ev.data.n);
			continue;
		}
		if (x->in_data)
			mpt_log_printf(log, "]\n");
		x->in_data = false;
		mpt_log_printf(log, "%d@%llu", (int)ev.kind, (unsigned long long)ev.off);
		if (ev.kind == MP_SMTP_EV_COMMAND) {
			mpt_log_printf(log, " %s", mp_smtp_verb_name(ev.cmd.verb));
			mpt_log_bytes(log, ev.cmd.arg.p, ev.cmd.arg.n);
			bool must = false;
			for (size_t i = before; i < x->d.n; i++)
				must |= mp_rule_level(x->d.v[i].rule) <= MP_SHOULD;
			if (!must && !(x->o.flags & MP_SMTP_LENIENT) && ev.cmd.keyword.n &&
			    x->d.dropped == 0)
				roundtrip(x, &ev.cmd);
		}
		fz_check_offsets(T, &x->d, x->n);
		fz_log_diags(log, &x->d);
		mpt_log_printf(log, "\n");
	}
	if (eof) {
		if (x->in_data)
			mpt_log_printf(log, "]\n");
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
	x.o.flags = (data[0] & 1 ? MP_SMTP_LENIENT : 0) | (data[0] & 2 ? MP_SMTP_UTF8 : 0);
	x.n = size - 1;
	mpt_reader r = { reset, feed, &x };
	fz_splits(T, &r, data + 1, size - 1);
	return 0;
}
