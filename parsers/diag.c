/* diag.c: the bounded diagnostic sink and the rule table accessors. */
#include <string.h>

#include "mailprobe/diag.h"

static const struct rule_row {
	const char *name, *ref, *text;
	mp_level level;
} rules[] = {
#define X(id, lvl, ref, txt) { #id, ref, txt, lvl },
#include "rules.def"
#undef X
};

void mp_diags_init(mp_diags *d, mp_diag *v, size_t cap)
{
	d->v = v;
	d->cap = v ? cap : 0;
	d->n = 0;
	d->dropped = 0;
}

void mp_diag_push(mp_diags *d, uint64_t offset, mp_rule rule)
{
	if (d == NULL)
		return;
	if (d->n >= d->cap) {
		d->dropped++;
		return;
	}
	d->v[d->n].offset = offset;
	d->v[d->n].rule = rule;
	d->n++;
}

void mp_diags_clear(mp_diags *d)
{
	d->n = 0;
	d->dropped = 0;
}

bool mp_diags_nonconforming(const mp_diags *d)
{
	if (d->dropped)
		return true;
	for (size_t i = 0; i < d->n; i++)
		if (mp_rule_level(d->v[i].rule) <= MP_SHOULD)
			return true;
	return false;
}

bool mp_diags_has(const mp_diags *d, mp_rule rule)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].rule == rule)
			return true;
	return false;
}

static const struct rule_row *row(mp_rule r)
{
	return (unsigned)r < MP_R_COUNT ? &rules[r] : NULL;
}

const char *mp_rule_name(mp_rule r) { return row(r) ? row(r)->name : "?"; }
const char *mp_rule_ref(mp_rule r) { return row(r) ? row(r)->ref : "?"; }
const char *mp_rule_text(mp_rule r) { return row(r) ? row(r)->text : "?"; }
mp_level mp_rule_level(mp_rule r) { return row(r) ? row(r)->level : MP_NOTE; }

const char *mp_level_name(mp_level l)
{
	static const char *const names[] = { "MUST", "SHOULD", "MAY", "NOTE" };
	return (unsigned)l < MP_ARRAY_LEN(names) ? names[l] : "?";
}

mp_rc mp_rule_by_name(const char *name, mp_rule *r)
{
	for (size_t i = 0; i < MP_R_COUNT; i++) {
		if (strcmp(rules[i].name, name) == 0) {
			*r = (mp_rule)i;
			return MP_OK;
		}
	}
	return MP_INVALID;
}
