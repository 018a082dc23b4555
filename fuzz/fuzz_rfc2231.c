/* fuzz_rfc2231: Content-Type parameters with RFC 2231 continuations,
 * charsets and %XX. The input is a Content-Type body; byte 0 bit 0
 * lenient. Properties: never crashes; every parameter's value fits the
 * documented bound; the parameters written back in reverse order (and
 * rotated) reassemble to the same values with the same verdicts: order
 * independence of continuations. */
#include <string.h>

#include "fuzz_util.h"
#include "mailprobe/mime.h"

#define T "fuzz_rfc2231"

static size_t rebuild(const mp_mime_ctype *ct, size_t rot, bool rev, uint8_t *out, size_t cap)
{
	size_t n = 0;
	const char head[] = "application/x-fuzz";
	if (sizeof head > cap)
		return 0;
	memcpy(out, head, sizeof head - 1);
	n = sizeof head - 1;
	for (size_t k = 0; k < ct->params.n; k++) {
		size_t i = (k + rot) % ct->params.n;
		if (rev)
			i = ct->params.n - 1 - i;
		const mp_mime_param *p = &ct->params.v[i];
		if (n + 4 + p->attr.n + p->value.n > cap)
			return 0;
		memcpy(out + n, "; ", 2);
		n += 2;
		memcpy(out + n, p->attr.p, p->attr.n);
		n += p->attr.n;
		out[n++] = '=';
		memcpy(out + n, p->value.p, p->value.n);
		n += p->value.n;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t mem[1 << 20], mem2[1 << 20], text[1 << 17];
	static uint8_t v1[3 * 65536 + 64], v2[3 * 65536 + 64];
	static mp_diag dv[256];
	mp_arena a, a2;
	mp_diags d;
	mp_mime_ctype ct, ct2;
	if (size == 0 || size > 65536)
		return 0;
	mp_rfc5322_opts o = { .flags = data[0] & 1 };
	mp_slice in = MP_SLICE(data + 1, size - 1);
	mp_arena_init(&a, mem, sizeof mem);
	mp_diags_init(&d, dv, MP_ARRAY_LEN(dv));
	mp_rc rc = mp_mime_ctype_parse(in, 0, &o, &a, &ct, &d);
	fz_check_offsets(T, &d, in.n);
	if (rc == MP_NOSPACE || ct.subtype.n == 0 || ct.params.n == 0 ||
	    ct.params.n >= MP_MIME_PARAMS_MAX)
		return 0;
	/* an unclosed quoted string swallows what follows it: rebuilt in
	 * another order, it would swallow other parameters */
	for (size_t i = 0; i < ct.params.n; i++) {
		mp_slice v = ct.params.v[i].value;
		if (ct.params.v[i].quoted && (v.n < 2 || v.p[v.n - 1] != '"' || v.p[v.n - 2] == '\\'))
			return 0;
	}
	for (int variant = 0; variant < 2; variant++) {
		size_t tn = rebuild(&ct, variant ? ct.params.n / 2 : 0, variant == 0, text, sizeof text);
		if (tn == 0)
			return 0;
		mp_arena_init(&a2, mem2, sizeof mem2);
		if (mp_mime_ctype_parse(MP_SLICE(text, tn), 0, &o, &a2, &ct2, NULL) == MP_NOSPACE)
			return 0;
		if (ct2.params.n != ct.params.n)
			fz_die(T, "the rebuilt list has other parameters");
		for (size_t i = 0; i < ct.params.n; i++) {
			char name[256];
			const mp_mime_param *p = &ct.params.v[i];
			if (p->name.n >= sizeof name || memchr(p->name.p, 0, p->name.n))
				continue;
			memcpy(name, p->name.p, p->name.n);
			name[p->name.n] = '\0';
			size_t n1, n2;
			size_t cap = 3 * in.n + 64;
			mp_rc r1 = mp_mime_param_get(&ct.params, name, v1, cap, &n1, NULL, NULL, NULL);
			mp_rc r2 = mp_mime_param_get(&ct2.params, name, v2, cap, &n2, NULL, NULL, NULL);
			if (r1 == MP_NOSPACE)
				fz_die(T, "a value did not fit 3n + 64");
			if (r1 != r2 || (r1 != MP_NEED_MORE && (n1 != n2 || memcmp(v1, v2, n1) != 0)))
				fz_die(T, "the order of parameters changed a value");
		}
	}
	return 0;
}
