/* fuzz_rfc5322: the RFC 5322 header-section reader and every field's
 * checker (addresses, msg-ids, dates, Received, RFC 2047, MIME fields).
 * Byte 0: bit 0 lenient, bit 1 UTF-8 headers, bit 2 MIME part, bits 3-4
 * max_field (default, 64, 300, 1000), bit 5 max_fields 8. Properties: the
 * same fields and diags for any split; every field within max_field and
 * inside the input; unfolding never grows a value; diag offsets inside
 * the input; checkers never need more than the arena they are given. */
#include <string.h>

#include "fuzz_util.h"
#include "mailprobe/mime.h"
#include "mailprobe/rfc5322.h"

#define T "fuzz_rfc5322"

struct ctx {
	mp_rfc5322_reader rd;
	mp_rfc5322_opts o;
	mp_diag dv[512];
	mp_diags d;
	uint64_t n;
	bool done;
};

static void reset(void *v)
{
	struct ctx *x = v;
	mp_rfc5322_reader_init(&x->rd, &x->o);
	mp_diags_init(&x->d, x->dv, MP_ARRAY_LEN(x->dv));
	x->done = false;
}

static size_t feed(void *v, const uint8_t *buf, size_t len, bool eof,
		   mpt_log *log)
{
	static uint8_t mem[1 << 19], unf[1 << 17];
	struct ctx *x = v;
	size_t pos = 0, used;
	mp_rfc5322_field f;
	size_t maxf = x->o.max_field ? x->o.max_field : MP_RFC5322_FIELD_MAX;
	if (x->done)
		return len;
	for (;;) {
		mp_rc rc = mp_rfc5322_next(&x->rd, buf + pos, len - pos, eof, &f, &used, &x->d);
		if (used > len - pos)
			fz_die(T, "used beyond len");
		pos += used;
		if (rc != MP_OK)
			break;
		mpt_log_printf(log, "%d@%llu", (int)f.kind, (unsigned long long)f.off);
		if (f.kind == MP_RFC5322_END) {
			mpt_log_printf(log, " body=%d@%llu", f.has_body, (unsigned long long)f.body_off);
			x->done = true;
		} else {
			if (f.raw.n > maxf + 2 || f.value.n > f.raw.n || f.off + f.raw.n > x->n ||
			    f.value.p < f.raw.p || f.value.p + f.value.n > f.raw.p + f.raw.n)
				fz_die(T, "field outside its bounds");
			mpt_log_printf(log, " ");
			mpt_log_bytes(log, f.name.p, f.name.n);
			mpt_log_printf(log, " %zu%s", f.value.n, f.truncated ? " cut" : "");
			size_t un;
			if (mp_rfc5322_unfold(f.value, unf, f.value.n, &un) != MP_OK || un > f.value.n)
				fz_die(T, "unfolding grew a value");
			if (f.kind == MP_RFC5322_FIELD) {
				mp_arena a;
				mp_arena_init(&a, mem, sizeof mem);
				rc = mp_rfc5322_field_check(&f, &x->o, &a, &x->d);
				if (rc == MP_NOSPACE && f.value.n < 4096)
					fz_die(T, "a small field needed more than 512 KiB");
				if (a.used != 0)
					fz_die(T, "field_check kept arena memory");
				mpt_log_printf(log, " %s", mp_rc_name(rc));
			}
		}
		fz_check_offsets(T, &x->d, x->n);
		fz_log_diags(log, &x->d);
		mpt_log_printf(log, "\n");
		if (x->done)
			return len;
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
	static const size_t caps[] = { 0, 64, 300, 1000 };
	if (size == 0 || size > 65536)
		return 0;
	memset(&x.o, 0, sizeof x.o);
	x.o.flags = data[0] & 7;
	x.o.max_field = caps[(data[0] >> 3) & 3];
	x.o.max_fields = data[0] & 0x20 ? 8 : 0;
	x.n = size - 1;
	mpt_reader r = { reset, feed, &x };
	fz_splits(T, &r, data + 1, size - 1);
	return 0;
}
