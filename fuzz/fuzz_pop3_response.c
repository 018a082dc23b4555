/* fuzz_pop3_response: the POP3 server-side reader, status lines,
 * multi-line responses, listings. Byte 0: bit 0 lenient, bit 1 feed the
 * reader hints (LIST, UIDL, CAPA, STAT, RETR in turn) as a client would.
 * Properties: the same events for any split; every status line accepted
 * without MUST diags prints and re-parses equal; offsets inside input. */
#include <string.h>

#include "fuzz_util.h"
#include "mailprobe/pop3.h"

#define T "fuzz_pop3_response"

struct ctx {
	mp_pop3_reader rd;
	mp_pop3_opts o;
	bool hints;
	mp_diag dv[256];
	mp_diags d;
	uint64_t n;
};

static void reset(void *v)
{
	static const mp_pop3_verb order[] = { MP_POP3_USER, MP_POP3_PASS,
		MP_POP3_STAT, MP_POP3_LIST, MP_POP3_UIDL, MP_POP3_CAPA,
		MP_POP3_RETR, MP_POP3_TOP, MP_POP3_DELE, MP_POP3_QUIT };
	struct ctx *x = v;
	mp_pop3_reader_init(&x->rd, true, &x->o);
	mp_diags_init(&x->d, x->dv, MP_ARRAY_LEN(x->dv));
	for (size_t i = 0; x->hints && i < MP_ARRAY_LEN(order); i++) {
		mp_pop3_cmd c = { .verb = order[i] };
		if (order[i] == MP_POP3_RETR || order[i] == MP_POP3_DELE) {
			c.nargs = 1;
			c.has_msg = true;
			c.msg = 1;
		}
		mp_pop3_reader_expect(&x->rd, &c);
	}
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
		mpt_log_printf(log, "%d@%llu m%d", (int)ev.kind,
			       (unsigned long long)ev.off, (int)ev.multiline);
		if (ev.kind == MP_POP3_EV_LINE) {
			mpt_log_printf(log, " ");
			mpt_log_bytes(log, ev.line.p, ev.line.n);
		}
		if (ev.kind == MP_POP3_EV_STATUS || ev.kind == MP_POP3_EV_GREETING) {
			const mp_pop3_resp *r = &ev.resp;
			mpt_log_printf(log, " %d ", (int)r->status);
			mpt_log_bytes(log, r->text.p, r->text.n);
			bool must = false;
			for (size_t i = before; i < x->d.n; i++)
				must |= mp_rule_level(x->d.v[i].rule) <= MP_SHOULD;
			if (!must && !(x->o.flags & MP_POP3_LENIENT) && x->d.dropped == 0) {
				static uint8_t out[1024];
				size_t n;
				mp_pop3_resp r2;
				if (mp_pop3_resp_write(r, out, sizeof out, &n) != MP_OK)
					fz_die(T, "an accepted status does not print");
				if (mp_pop3_resp_parse(MP_SLICE(out, n - 2), 0, &x->o, &r2, NULL) != MP_OK ||
				    !mp_pop3_resp_eq(r, &r2))
					fz_die(T, "parse(print(status)) != status");
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
	x.hints = (data[0] & 2) != 0;
	x.n = size - 1;
	mpt_reader r = { reset, feed, &x };
	fz_splits(T, &r, data + 1, size - 1);
	return 0;
}
