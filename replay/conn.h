/* replay/conn.h: one connection (replay/conn.c); private to replay/. */
#ifndef MAILPROBE_REPLAY_CONN_H
#define MAILPROBE_REPLAY_CONN_H

#include <stdio.h>

#include "replay-private.h"

#define MP_CONN_RECORDS_MAX 4096

/* The first MP_TRANSCRIPT_MAX octets of one direction; total counts all. */
typedef struct mp_tlog {
	uint8_t *data;
	size_t n;
	uint64_t total;
} mp_tlog;

/* One read or write: when, which way, where in its stream. */
typedef struct mp_trec {
	uint32_t t_ms;
	bool from_server;
	uint64_t off;
	uint32_t len;
} mp_trec;

typedef struct mp_conn {
	int fd;
	void *ssl;          /* SSL *, or NULL */
	bool open, tls, eof, reset, wr_shut;
	uint8_t *buf;       /* received, not yet consumed: MP_CONN_HOLD_MAX */
	size_t len;
	uint64_t off;       /* server stream offset of buf[0] */
	uint64_t t0;
	mp_tlog rx, tx;
	mp_trec rec[MP_CONN_RECORDS_MAX];
	size_t nrec, rec_dropped;
	char errmsg[200];
	char tls_info[80];
} mp_conn;

/* mp_conn_read results besides a positive count of new octets */
#define MP_CR_EOF 0
#define MP_CR_TIMEOUT (-1)
#define MP_CR_ERROR (-2)
#define MP_CR_FULL (-3)

void mp_conn_init(mp_conn *c);
/* TCP to host:port (resolved; loopback only unless allow_remote). 0, or
 * -1 with a message in err. */
int mp_conn_open(mp_conn *c, const char *host, const char *port,
		 bool allow_remote, uint64_t deadline, char *err, size_t cap);
/* A client SSL_CTX; NULL with a message. */
void *mp_tls_ctx(bool verify, const char *ca_file, char *err, size_t cap);
void mp_tls_ctx_free(void *ctx);
/* TLS handshake on the open connection (SNI: host when a name). */
int mp_conn_tls(mp_conn *c, void *ctx, const char *host, bool verify,
		uint64_t deadline, char *err, size_t cap);
/* Writes all of p (recorded in the transcript). 0, or -1 with err. */
int mp_conn_write(mp_conn *c, const uint8_t *p, size_t n, uint64_t deadline,
		  char *err, size_t cap);
/* Reads what has come, waiting until deadline: > 0 octets appended to
 * buf, or MP_CR_*. */
int mp_conn_read(mp_conn *c, uint64_t deadline);
void mp_conn_consume(mp_conn *c, size_t n);
void mp_conn_shutdown(mp_conn *c);
void mp_conn_close(mp_conn *c);
void mp_conn_free(mp_conn *c);
void mp_conn_transcript(const mp_conn *c, FILE *f);

#endif
