/* bench/imap-gen.h: deterministic IMAP streams for the bench rows. */
#ifndef MP_BENCH_IMAP_GEN_H
#define MP_BENCH_IMAP_GEN_H

#include "bench.h"

/* A server stream of about `target` octets: a greeting, then batches of
 * "* n FETCH (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE
 * BODY[] {n})" responses, each batch closed by a tagged OK. One NUL octet
 * is kept behind the end (not counted in b->n) for peers that want C
 * strings. Sets imap_gen_server_units to the number of responses
 * (greeting, untagged and tagged). */
void imap_gen_server(bench_buf *b, size_t target);
/* A client stream of mixed commands (SELECT, UID FETCH, UID SEARCH,
 * STORE, APPEND with literals, IDLE/DONE, LIST RETURN, ...). Sets
 * imap_gen_client_units to the number of units (commands and DONE
 * lines). Same NUL convention. */
void imap_gen_client(bench_buf *b, size_t target);

extern uint64_t imap_gen_server_units;
extern uint64_t imap_gen_client_units;

/* A peer or a row that counted a different number of units parsed only
 * part of the stream: the measurement would be wrong, so stop. */
void imap_gen_check(const char *who, uint64_t got, uint64_t want);

/* Peers over the server stream (bench/peer-*.c), built when the Makefile
 * found their libraries (BENCH_HAVE_DOVECOT, BENCH_HAVE_ETPAN). Each
 * checks its count of responses with imap_gen_check. */
uint64_t peer_dovecot_server(const uint8_t *p, size_t n);
uint64_t peer_etpan_server(const uint8_t *p, size_t n);
uint64_t peer_dovecot_client(const uint8_t *p, size_t n);

#endif
