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

/* The second parse of out[0..n): its unit, arena and diags (the
 * print's diags are not the stream's: a private sink). */
struct again {
	size_t n;
	mp_imap_unit u;
	mp_arena a;
	mp_diag dv[64];
	mp_diags d;
};

static void again_init(struct again *g)
{
	memset(&g->u, 0, sizeof g->u);
	g->u.text = MP_SLICE(out, g->n);
	mp_arena_init(&g->a, mem, sizeof mem);
	mp_diags_init(&g->d, g->dv, MP_ARRAY_LEN(g->dv));
}

static void why_parse(mpt_log *why, const struct again *g, mp_rc rc)
{
	mpt_log_printf(why, "wrote '");
	mpt_log_bytes(why, out, g->n);
	mpt_log_printf(why, "'; parsed again: %s", rc == MP_OK ? "differs" : mp_rc_name(rc));
	for (size_t i = 0; i < g->d.n; i++)
		mpt_log_printf(why, " %s@%llu", mp_rule_name(g->d.v[i].rule),
			       (unsigned long long)g->d.v[i].offset);
}

bool mpt_imap_cmd_roundtrip(const mp_imap_cmd *c, mp_imap_cstate cs, const mp_imap_opts *o,
			    mpt_log *why)
{
	struct again g;
	mp_rc rc = mp_imap_cmd_write(c, out, sizeof out, &g.n);
	if (rc != MP_OK) {
		mpt_log_printf(why, "an accepted command does not print: %s", mp_rc_name(rc));
		return false;
	}
	again_init(&g);
	mp_imap_cmd c2;
	rc = mp_imap_cmd_parse(&g.u, cs, o, &g.a, &c2, &g.d);
	if (rc == MP_OK && mp_imap_cmd_eq(c, &c2))
		return true;
	mpt_log_printf(why, "state %d: ", (int)cs);
	why_parse(why, &g, rc);
	return false;
}

bool mpt_imap_resp_roundtrip(const mp_imap_resp *r, bool greeting, const mp_imap_opts *o,
			     mp_imap_resp *again, mpt_log *why)
{
	struct again g;
	mp_rc rc = mp_imap_resp_write(r, out, sizeof out, &g.n);
	if (rc != MP_OK) {
		mpt_log_printf(why, "an accepted response does not print: %s", mp_rc_name(rc));
		return false;
	}
	again_init(&g);
	mp_imap_resp r2;
	rc = mp_imap_resp_parse(&g.u, greeting, o, &g.a, again ? again : &r2, &g.d);
	if (rc == MP_OK && mp_imap_resp_eq(r, again ? again : &r2))
		return true;
	why_parse(why, &g, rc);
	return false;
}
