/* fuzz_script: the conversation script reader (replay/script.c) over
 * arbitrary bytes. Byte 0: bit 0 parses with the data-file checks on
 * (paths relative to /nonexistent, so every file is missing).
 * Properties: never a crash or a leak; an error has a line within the
 * input's lines and a column within the line limit, and a message; a
 * script that reads has steps whose lines are within the input, blocks
 * that match, texts whose pieces lie in the pool, and it expands every
 * text with no variable values without overrunning a small buffer. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "mailprobe/replay.h"

#define T "fuzz_script"

static bool no_vars(void *ctx, const char *name, mp_slice *v)
{
	(void)ctx;
	(void)name;
	(void)v;
	return false;
}

static void check_text(const mp_script *s, const mp_text *t)
{
	if ((size_t)t->first + t->n > s->npieces)
		fz_die(T, "text pieces beyond the script");
	for (uint32_t i = 0; i < t->n; i++) {
		const mp_piece *p = &s->pieces[t->first + i];
		if ((size_t)p->off + p->len > s->pool_n)
			fz_die(T, "piece beyond the pool");
	}
	uint8_t out[64];
	size_t n, nl;
	mp_lit_span l[MP_LITS_MAX];
	char err[200];
	mp_rc rc = mp_text_expand(s, t, no_vars, NULL, out, sizeof out, &n, l, &nl, err, sizeof err);
	if (rc == MP_OK && (n > sizeof out || nl > MP_LITS_MAX))
		fz_die(T, "expansion beyond its buffer");
	for (size_t i = 0; rc == MP_OK && i < nl; i++)
		if (l[i].pos + l[i].len > n)
			fz_die(T, "literal beyond the expansion");
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	if (n == 0)
		return 0;
	unsigned flags = d[0] & 1 ? 0 : MP_SCRIPT_NO_FILES;
	d++;
	n--;
	size_t lines = 1;
	for (size_t i = 0; i < n; i++)
		lines += d[i] == '\n';
	mp_script *s = NULL;
	mp_script_err e;
	mp_rc rc = mp_script_parse("fuzz.mps", "/nonexistent", d, n, flags, &s, &e);
	if (rc != MP_OK) {
		if (s != NULL)
			fz_die(T, "a script with an error");
		if (e.msg[0] == '\0' || e.line > lines || e.col > MP_SCRIPT_LINE_MAX + 1)
			fz_die(T, "error position outside the input");
		return 0;
	}
	for (size_t i = 0; i < s->nsteps; i++) {
		const mp_step *st = &s->steps[i];
		if (st->line == 0 || st->line > lines)
			fz_die(T, "step line outside the input");
		if ((st->kind == MP_S_PIPELINE || st->kind == MP_S_UNTIL) &&
		    (st->match <= (int)i || (size_t)st->match >= s->nsteps ||
		     s->steps[st->match].kind != MP_S_END || s->steps[st->match].match != (int)i))
			fz_die(T, "unmatched block");
		if (st->conn >= (int)s->nconns || st->check >= (int)s->nchecks)
			fz_die(T, "index beyond the script");
		check_text(s, &st->text);
		if (st->re.present)
			check_text(s, &st->re.t);
	}
	mp_script_free(&s);
	return 0;
}
