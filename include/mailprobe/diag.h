/* mailprobe/diag.h: diagnostics with stream offsets and rule ids.
 *
 * Every rule lives once in parsers/rules.def (an X-macro table that
 * includes one rules-<module>.def per module): id, RFC 2119 level, RFC
 * section, text. Code names rule ids (MP_R_<ID>), never strings; the same
 * id travels into findings and reports (DESIGN.md, STYLE 18). */
#ifndef MAILPROBE_DIAG_H
#define MAILPROBE_DIAG_H

#include "mailprobe/base.h"

/* How binding the broken rule is. MP_NOTE marks a deviation that breaks
 * no requirement (obsolete-but-allowed syntax, an informative verdict). */
typedef enum mp_level {
	MP_MUST = 0,
	MP_SHOULD = 1,
	MP_MAY = 2,
	MP_NOTE = 3,
} mp_level;

typedef enum mp_rule {
#define X(id, lvl, ref, txt) MP_R_##id,
#include "../../parsers/rules.def"
#undef X
	MP_R_COUNT
} mp_rule;

typedef struct mp_diag {
	uint64_t offset; /* from the start of the stream, not of a chunk */
	mp_rule rule;
} mp_diag;

/* A bounded sink: pushes past cap are counted in dropped, never stored. */
typedef struct mp_diags {
	mp_diag *v;
	size_t cap, n, dropped;
} mp_diags;

void mp_diags_init(mp_diags *d, mp_diag *v, size_t cap);
/* Records (offset, rule). d may be NULL: the diag is then discarded. */
void mp_diag_push(mp_diags *d, uint64_t offset, mp_rule rule);
/* n = dropped = 0; the storage is kept. */
void mp_diags_clear(mp_diags *d);
/* True when some stored diag has level MUST or SHOULD, or any was dropped. */
bool mp_diags_nonconforming(const mp_diags *d);
/* True when a diag with that rule is stored. */
bool mp_diags_has(const mp_diags *d, mp_rule rule);

/* The table, by id. Out-of-range ids give "?" strings and MP_NOTE. */
const char *mp_rule_name(mp_rule r); /* "SMTP_CMD_TOO_LONG" */
const char *mp_rule_ref(mp_rule r);  /* "RFC 5321 4.5.3.1.4" */
const char *mp_rule_text(mp_rule r); /* "command line over 512 octets" */
mp_level mp_rule_level(mp_rule r);
const char *mp_level_name(mp_level l); /* "MUST", "SHOULD", "MAY", "NOTE" */
/* Looks a rule up by name; MP_OK and *r, or MP_INVALID. */
mp_rc mp_rule_by_name(const char *name, mp_rule *r);

#endif
