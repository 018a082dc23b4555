/* tests/lib/imaprt.h: the IMAP print-and-parse-again property, shared by
 * the unit tests and the fuzz targets. */
#ifndef MPT_IMAPRT_H
#define MPT_IMAPRT_H

#include <stdbool.h>

#include "feed.h"
#include "mailprobe/imap.h"

/* Any node of the list n (kids included) streamed: its octets were not
 * held, so the value cannot be printed back. */
bool mpt_imap_has_streamed(const mp_imap_node *n);

/* An accepted command printed (mp_imap_cmd_write) and parsed again in
 * state cs with o equals itself. True, or false with what went wrong in
 * why: the print, the rc and the diags of the second parse. */
bool mpt_imap_cmd_roundtrip(const mp_imap_cmd *c, mp_imap_cstate cs, const mp_imap_opts *o,
			    mpt_log *why);

/* The same for a response; *again (may be NULL) gets the second parse,
 * valid until the next call. */
bool mpt_imap_resp_roundtrip(const mp_imap_resp *r, bool greeting, const mp_imap_opts *o,
			     mp_imap_resp *again, mpt_log *why);

#endif
