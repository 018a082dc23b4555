/* fuzz_imap_response: the IMAP server side, framing (mp_imap_next) and
 * grammar (mp_imap_resp_parse, the first unit as the greeting). Byte 0:
 * bit 0 lenient, bit 1 IMAP4rev1, bit 2 UTF8=ACCEPT, bit 3 small
 * max_literal (literals streamed), bit 4 small max_depth.
 * Properties: the same event log for any split; every response parsed
 * MP_OK without streamed literals writes and parses again equal;
 * diag offsets inside the input. */
#include <string.h>

#include "fuzz_util.h"
#include "imaprt.h"
#include "mailprobe/imap.h"

#define T "fuzz_imap_response"

struct ctx {
	mp_imap_reader rd;
	mp_imap_opts o;
	uint8_t scratch[8192];
	mp_diag dv[256];
	mp_diags d;
	uint64_t n;
	bool first, in_lit;
};

static uint8_t mem[1 << 18];

static void reset(void *v)
{
	struct ctx *x = v;
	mp_imap_reader_init(&x->rd, MP_IMAP_SERVER, &x->o, x->scratch, sizeof x->scratch);
	mp_diags_init(&x->d, x->dv, MP_ARRAY_LEN(x->dv));
	x->first = true;
	x->in_lit = false;
}

static size_t feed(void *v, const uint8_t *buf, size_t len, bool eof,
		   mpt_log *log)
{
	struct ctx *x = v;
	size_t pos = 0;
	for (;;) {
		mp_imap_event ev;
		size_t used = 0;
		mp_rc rc = mp_imap_next(&x->rd, buf + pos, len - pos, eof, &ev, &used, &x->d);
		if (used > len - pos)
			fz_die(T, "used beyond len");
		pos += used;
		if (rc != MP_OK)
			break;
		if (ev.ev == MP_IMAP_EV_LITERAL) {
			if (!x->in_lit)
				mpt_log_printf(log, "[lit %llu:", (unsigned long long)ev.lit.size);
			x->in_lit = true;
			mpt_log_bytes(log, ev.lit.data.p, ev.lit.data.n);
			if (ev.lit.last) {
				mpt_log_printf(log, "]");
				x->in_lit = false;
			}
			continue;
		}
		if (x->in_lit) {
			mpt_log_printf(log, "]");
			x->in_lit = false;
		}
		mp_arena a;
		mp_arena_init(&a, mem, sizeof mem);
		mp_imap_resp r;
		bool greeting = x->first;
		x->first = false;
		rc = mp_imap_resp_parse(&ev.unit, greeting, &x->o, &a, &r, &x->d);
		mpt_log_printf(log, "{@%llu rc%d k%d s%d d%d n%llu a%zu c%d t", (unsigned long long)ev.unit.off,
			       (int)rc, (int)r.kind, (int)r.status, (int)r.data,
			       (unsigned long long)r.number, r.nargs, r.code != NULL);
		mpt_log_bytes(log, r.text.p, r.text.n);
		mpt_log why = { 0 };
		if (rc == MP_OK && !mpt_imap_has_streamed(r.args) && !mpt_imap_has_streamed(r.code) &&
		    !mpt_imap_resp_roundtrip(&r, greeting, &x->o, NULL, &why)) {
			fprintf(stderr, "%s: %.*s\n", T, (int)why.n, why.p);
			fz_die(T, "parse(print(response)) != response");
		}
		mpt_log_free(&why);
		fz_check_offsets(T, &x->d, x->n);
		fz_log_diags(log, &x->d);
		mpt_log_printf(log, "}\n");
	}
	if (eof) {
		fz_check_offsets(T, &x->d, x->n);
		fz_log_diags(log, &x->d);
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
	x.o.flags = data[0] & 7;
	if (data[0] & 8)
		x.o.max_literal = 8;
	if (data[0] & 16)
		x.o.max_depth = 4;
	x.n = size - 1;
	mpt_reader r = { reset, feed, &x };
	fz_splits(T, &r, data + 1, size - 1);
	return 0;
}
