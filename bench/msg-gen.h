/* bench/msg-gen.h: the message corpus of the message-layer rows
 * (msg-gen.c) and the mbox splitter every contender uses. */
#ifndef MP_BENCH_MSG_GEN_H
#define MP_BENCH_MSG_GEN_H

#include <stdbool.h>

#include "bench.h"

/* At least 100 MB of messages in mbox form ("From " lines): plain text,
 * quoted-printable, base64 attachments, nested multiparts, message/rfc822,
 * encoded-word headers; CRLF line ends; deterministic. */
void bmsg_gen(bench_buf *b);
/* The next message of the mbox p[0..n) from *pos: true with msg/len (the
 * "From " line skipped), false at the end. */
bool bmsg_next(const uint8_t *p, size_t n, size_t *pos, const uint8_t **msg,
	       size_t *len);

#endif
