/* bench/msg-rows.h: the message-layer rows (msg-rows.c), spliced into
 * bench_rows[] by bench/rows.c: parse + walk + decode of a generated mbox
 * (msg-gen.c) by mailprobe, GMime 3 (peer-gmime.c) and libetpan
 * (peer-etpan-msg.c), each peer where the Makefile found it. */
#ifndef MP_BENCH_MSG_ROWS_H
#define MP_BENCH_MSG_ROWS_H

#include "bench.h"
#include "msg-gen.h"

/* What the last run counted, to check the contenders did the same work
 * (bench --check-msg prints them). */
typedef struct bmsg_stat {
	uint64_t msgs, parts, dec;
} bmsg_stat;
extern bmsg_stat bmsg_stat_walk, bmsg_stat_gmime, bmsg_stat_etpan;

uint64_t bmsg_run_walk(const uint8_t *p, size_t n);

#ifdef BENCH_HAVE_GMIME
uint64_t bmsg_run_gmime(const uint8_t *p, size_t n);
#define BMSG_PEER "GMime 3 parse+decode"
#define BMSG_PEER_RUN bmsg_run_gmime
#else
#define BMSG_PEER NULL
#define BMSG_PEER_RUN NULL
#endif

#ifdef BENCH_HAVE_ETPAN
uint64_t bmsg_run_etpan(const uint8_t *p, size_t n);
#define BMSG_PEER2 "libetpan mailmime"
#define BMSG_PEER2_RUN bmsg_run_etpan
#else
#define BMSG_PEER2 NULL
#define BMSG_PEER2_RUN NULL
#endif

/* GMime first when both are there; libetpan alone takes the first slot */
#if defined(BENCH_HAVE_GMIME)
#define MSG_ROWS                                                              \
	{ "message parse+walk+decode", BMSG_PEER, bmsg_gen, bmsg_run_walk,     \
	  BMSG_PEER_RUN, BMSG_PEER2, BMSG_PEER2_RUN },
#else
#define MSG_ROWS                                                              \
	{ "message parse+walk+decode", BMSG_PEER2, bmsg_gen, bmsg_run_walk,    \
	  BMSG_PEER2_RUN, NULL, NULL },
#endif

#endif
