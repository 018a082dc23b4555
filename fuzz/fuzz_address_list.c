/* fuzz_address_list: address lists, mailbox lists and single mailboxes
 * (RFC 5322 3.4, 4.4). Byte 0: bit 0 lenient, bit 1 UTF-8, bits 2-3 the
 * form (address-list, address-list or CFWS, mailbox-list, mailbox).
 * Properties: an accepted list prints, and the printed form parses (in
 * the same mode) to an equal list: parse-print-parse; offsets inside the
 * input; a full arena is MP_NOSPACE, never a crash. */
#include <string.h>

#include "fuzz_util.h"
#include "mailprobe/rfc5322.h"

#define T "fuzz_address_list"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t mem[1 << 20], mem2[1 << 20], out[1 << 18];
	static mp_diag dv[256];
	mp_arena a, a2;
	mp_diags d;
	mp_rfc5322_addrlist l, l2;
	if (size == 0 || size > 65536)
		return 0;
	mp_rfc5322_opts o = { .flags = data[0] & 3 };
	mp_rfc5322_addr_form form = (mp_rfc5322_addr_form)((data[0] >> 2) & 3);
	mp_slice in = MP_SLICE(data + 1, size - 1);
	mp_arena_init(&a, mem, sizeof mem);
	mp_diags_init(&d, dv, MP_ARRAY_LEN(dv));
	mp_rc rc = mp_rfc5322_addrlist_parse(in, 0, form, &o, &a, &l, &d);
	fz_check_offsets(T, &d, in.n);
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].off > in.n)
			fz_die(T, "address offset beyond the input");
	/* a small arena: MP_NOSPACE or the same verdict */
	uint8_t tiny[256];
	mp_arena t;
	mp_arena_init(&t, tiny, sizeof tiny);
	mp_rc rc3 = mp_rfc5322_addrlist_parse(in, 0, form, &o, &t, &l2, NULL);
	if (rc3 != MP_NOSPACE && rc3 != rc)
		fz_die(T, "the arena size changed the verdict");
	if (rc != MP_OK)
		return 0;
	size_t n;
	if (mp_rfc5322_addrlist_write(&l, out, sizeof out, &n) != MP_OK)
		fz_die(T, "an accepted list does not print");
	if (n > 2 * in.n + 16)
		fz_die(T, "the printed list grew");
	mp_arena_init(&a2, mem2, sizeof mem2);
	mp_rc rc2 = mp_rfc5322_addrlist_parse(MP_SLICE(out, n), 0, form, &o, &a2, &l2, NULL);
	if (rc2 != MP_OK || !mp_rfc5322_addrlist_eq(&l, &l2))
		fz_die(T, "parse(print(list)) != list");
	return 0;
}
