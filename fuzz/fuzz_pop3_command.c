/* fuzz_pop3_command: the POP3 client-side reader and command parser.
 * Byte 0: bit 0 lenient. Properties: the same events for any split;
 * every command the strict parser accepts prints and re-parses to an
 * equal command; diag offsets inside the input. */
#include <string.h>

#include "fuzz_util.h"
#include "mailprobe/pop3.h"

#define T "fuzz_pop3_command"

struct ctx {
	mp_pop3_reader rd;
	mp_pop3_opts o;
	mp_diag dv[256];
	mp_diags d;
	uint64_t n;
};

static void reset(void *v)
{
	struct ctx *x = v;
	mp_pop3_reader_init(&x->rd, false, &x->o);
	mp_diags_init(&x->d, x->dv, MP_ARRAY_LEN(x->dv));
}

static size_t feed(void *v, const uint8_t *buf, size_t len, bool eof,
		   mpt_log *log)
{
	struct ctx *x = v;
	size_t pos = 0, used;
	mp_pop3_event ev;
	for (;;) {
		size_t before = x->d.n;
		mp_rc rc = mp_pop3_next(&x->rd, buf + pos, len - pos, eof, &ev,
					&used, &x->d);
		if (used > len - pos)
			fz_die(T, "used beyond len");
		pos += used;
		if (rc != MP_OK)
			break;
		mpt_log_printf(log, "%d@%llu", (int)ev.kind, (unsigned long long)ev.off);
		if (ev.kind == MP_POP3_EV_COMMAND) {
			const mp_pop3_cmd *c = &ev.cmd;
			mpt_log_printf(log, " %s/%zu", mp_pop3_verb_name(c->verb), c->nargs);
			bool must = false;
			for (size_t i = before; i < x->d.n; i++)
				must |= mp_rule_level(x->d.v[i].rule) <= MP_SHOULD;
			if (!must && !(x->o.flags & MP_POP3_LENIENT) && x->d.dropped == 0) {
				static uint8_t out[1024];
				size_t n;
				mp_pop3_cmd c2;
				if (mp_pop3_cmd_write(c, out, sizeof out, &n) != MP_OK)
					fz_die(T, "an accepted command does not print");
				if (mp_pop3_cmd_parse(MP_SLICE(out, n - 2), 0, &x->o, &c2, NULL) != MP_OK ||
				    !mp_pop3_cmd_eq(c, &c2))
					fz_die(T, "parse(print(cmd)) != cmd");
			}
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
	x.o.flags = data[0] & 1 ? MP_POP3_LENIENT : 0;
	x.n = size - 1;
	mpt_reader r = { reset, feed, &x };
	fz_splits(T, &r, data + 1, size - 1);
	return 0;
}
