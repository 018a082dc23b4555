/* cli/item.h: the JSON-lines output every CLI subcommand shares: one
 * object per item, {"type", "offset", ...fields, "diags"}. */
#ifndef MP_CLI_ITEM_H
#define MP_CLI_ITEM_H

#include <stdint.h>

#include "mailprobe/diag.h"
#include "mailprobe/json.h"

/* An mp_json sink writing to stdout (errors are caught by the caller's
 * fflush/ferror check: lost output is an error). */
void mp_cli_sink_stdout(void *ctx, const char *p, size_t n);
/* Opens an item object on stdout: {"type":TYPE,"offset":OFF */
void mp_cli_item_begin(mp_json *j, const char *type, uint64_t off);
/* Adds the diags gathered since (and how many were dropped), closes the
 * object, ends the line and clears d. Returns true when a MUST or SHOULD
 * diag was among them. */
bool mp_cli_item_end(mp_json *j, mp_diags *d);

#endif
