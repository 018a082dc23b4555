/* tests/lib/imaprt.c: parse(print(x)) == x for IMAP commands and
 * responses (tests/lib/imaprt.h). */
#include "imaprt.h"

#include <string.h>

#include "mailprobe/arena.h"

static uint8_t out[1 << 17];
static uint8_t mem[1 << 18];

bool mpt_imap_has_streamed(const mp_imap_node *n)
{
	for (; n; n = n->next)
		if (n->streamed || mpt_imap_has_streamed(n->kid))
			return true;
	return false;
}

static void why_parse(mpt_log *why, size_t n, mp_rc rc, const mp_diags *d)
{
	mpt_log_printf(why, "wrote '");
	mpt_log_bytes(why, out, n);
	mpt_log_printf(why, "'; parsed again: %s", rc == MP_OK ? "differs" : mp_rc_name(rc));
	for (size_t i = 0; i < d->n; i++)
		mpt_log_printf(why, " %s@%llu", mp_rule_name(d->v[i].rule),
			       (unsigned long long)d->v[i].offset);
}

bool mpt_imap_cmd_roundtrip(const mp_imap_cmd *c, mp_imap_cstate cs, const mp_imap_opts *o,
			    mpt_log *why)
{
	size_t n = 0;
	mp_rc rc = mp_imap_cmd_write(c, out, sizeof out, &n);
	if (rc != MP_OK) {
		mpt_log_printf(why, "an accepted command does not print: %s", mp_rc_name(rc));
		return false;
	}
	mp_imap_unit u;
	memset(&u, 0, sizeof u);
	u.text = MP_SLICE(out, n);
	mp_arena a;
	mp_arena_init(&a, mem, sizeof mem);
	/* the print's diags are not the stream's: a private sink */
	mp_diag dv[64];
	mp_diags d;
	mp_diags_init(&d, dv, MP_ARRAY_LEN(dv));
	mp_imap_cmd c2;
	rc = mp_imap_cmd_parse(&u, cs, o, &a, &c2, &d);
	if (rc == MP_OK && mp_imap_cmd_eq(c, &c2))
		return true;
	mpt_log_printf(why, "state %d: ", (int)cs);
	why_parse(why, n, rc, &d);
	return false;
}

bool mpt_imap_resp_roundtrip(const mp_imap_resp *r, bool greeting, const mp_imap_opts *o,
			     mp_imap_resp *again, mpt_log *why)
{
	size_t n = 0;
	mp_rc rc = mp_imap_resp_write(r, out, sizeof out, &n);
	if (rc != MP_OK) {
		mpt_log_printf(why, "an accepted response does not print: %s", mp_rc_name(rc));
		return false;
	}
	mp_imap_unit u;
	memset(&u, 0, sizeof u);
	u.text = MP_SLICE(out, n);
	mp_arena a;
	mp_arena_init(&a, mem, sizeof mem);
	mp_diag dv[64];
	mp_diags d;
	mp_diags_init(&d, dv, MP_ARRAY_LEN(dv));
	mp_imap_resp r2;
	rc = mp_imap_resp_parse(&u, greeting, o, &a, again ? again : &r2, &d);
	if (rc == MP_OK && mp_imap_resp_eq(r, again ? again : &r2))
		return true;
	why_parse(why, n, rc, &d);
	return false;
}
