/* fuzz_imap_command: the IMAP client side: mp_imap_reader framing and
 * mp_imap_cmd_parse, with the client state (IDLE, SASL) tracked by
 * mp_imap_cstate_after. Byte 0: bit 0 lenient, bit 1 IMAP4rev1, bit 2
 * UTF8=ACCEPT, bit 3 small held-literal limit (streamed literals), bit 4
 * small max_depth. Properties: the same events for any split; every
 * command that parses MP_OK without streamed literals prints, and the
 * print parses to an equal command; the arena and the diags stay within
 * their bounds; diag offsets lie inside the input. */
#include <string.h>

#include "fuzz_util.h"
#include "imaprt.h"
#include "mailprobe/imap.h"

#define T "fuzz_imap_command"

struct ctx {
	mp_imap_reader rd;
	mp_imap_opts o;
	mp_imap_cstate cs;
	uint8_t scratch[1 << 16];
	uint8_t mem[1 << 16];
	uint8_t out[1 << 17];
	mp_diag dv[256];
	mp_diags d;
	uint64_t n;
};

static void reset(void *v)
{
	struct ctx *x = v;
	mp_imap_reader_init(&x->rd, MP_IMAP_CLIENT, &x->o, x->scratch, sizeof x->scratch);
	mp_diags_init(&x->d, x->dv, MP_ARRAY_LEN(x->dv));
	x->cs = MP_IMAP_CS_COMMAND;
}

static size_t feed(void *v, const uint8_t *buf, size_t len, bool eof,
		   mpt_log *log)
{
	struct ctx *x = v;
	size_t pos = 0, used;
	mp_imap_event ev;
	for (;;) {
		mp_rc rc = mp_imap_next(&x->rd, buf + pos, len - pos, eof, &ev, &used, &x->d);
		if (used > len - pos)
			fz_die(T, "used beyond len");
		pos += used;
		if (rc != MP_OK)
			break;
		if (ev.ev == MP_IMAP_EV_LITERAL)
			continue; /* pieces differ by split; the unit has the gap */
		mp_arena a;
		mp_arena_init(&a, x->mem, sizeof x->mem);
		mp_imap_cmd c;
		mp_imap_cstate cs = x->cs;
		rc = mp_imap_cmd_parse(&ev.unit, cs, &x->o, &a, &c, &x->d);
		if (a.used > a.cap)
			fz_die(T, "arena beyond its capacity");
		if (x->d.n > x->d.cap)
			fz_die(T, "diags beyond their capacity");
		mpt_log_printf(log, "@%llu %d %d %s uid=%d n=%zu tag=",
			       (unsigned long long)ev.unit.off, (int)cs, (int)rc,
			       mp_imap_cmd_name_str(c.name), (int)c.uid, c.nargs);
		mpt_log_bytes(log, c.tag.p, c.tag.n);
		size_t w = 0;
		if (mp_imap_nodes_write(c.args, x->out, sizeof x->out, &w) == MP_OK) {
			mpt_log_printf(log, " args=");
			mpt_log_bytes(log, x->out, w);
		}
		mpt_log why = { 0 };
		if (rc == MP_OK && !mpt_imap_has_streamed(c.args) &&
		    !mpt_imap_cmd_roundtrip(&c, cs, &x->o, &why)) {
			fprintf(stderr, "%s: %.*s\n", T, (int)why.n, why.p);
			fz_die(T, "parse(print(cmd)) != cmd");
		}
		mpt_log_free(&why);
		x->cs = mp_imap_cstate_after(cs, &c);
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
	memset(&x.o, 0, sizeof x.o);
	x.o.flags = (data[0] & 1 ? MP_IMAP_LENIENT : 0) | (data[0] & 2 ? MP_IMAP_REV1 : 0) |
		    (data[0] & 4 ? MP_IMAP_UTF8 : 0);
	if (data[0] & 8)
		x.o.max_literal = 8;
	if (data[0] & 16)
		x.o.max_depth = 4;
	x.n = size - 1;
	mpt_reader r = { reset, feed, &x };
	fz_splits(T, &r, data + 1, size - 1);
	return 0;
}
