/* replay/conn.c: one connection to a server: TCP (IPv4, IPv6) with
 * non-blocking sockets and poll(2), TLS with OpenSSL (implicit or after
 * STARTTLS, SNI from the URL host, verification only when asked), a
 * bounded receive buffer and a bounded transcript of both directions.
 *
 * Every wait has a deadline (mp_now_ms() milliseconds); nothing here can
 * block past it. Received octets are held in c->buf (at most
 * MP_CONN_HOLD_MAX) until the caller consumes them. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "conn.h"

uint64_t mp_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

bool mp_addr_is_loopback(const char *addr)
{
	struct in_addr a4;
	struct in6_addr a6;
	if (inet_pton(AF_INET, addr, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, addr, &a6) == 1) {
		if (IN6_IS_ADDR_LOOPBACK(&a6))
			return true;
		if (IN6_IS_ADDR_V4MAPPED(&a6))
			return a6.s6_addr[12] == 127;
	}
	return false;
}

static void tx_note(mp_conn *c, bool from_server, const uint8_t *p, size_t n)
{
	mp_tlog *t = from_server ? &c->rx : &c->tx;
	if (t->data == NULL && t->total < MP_TRANSCRIPT_MAX)
		t->data = malloc(MP_TRANSCRIPT_MAX);
	if (t->data != NULL && t->n < MP_TRANSCRIPT_MAX) {
		size_t k = n < MP_TRANSCRIPT_MAX - t->n ? n : MP_TRANSCRIPT_MAX - t->n;
		memcpy(t->data + t->n, p, k);
		t->n += k;
	}
	if (c->nrec < MP_CONN_RECORDS_MAX) {
		mp_trec *r = &c->rec[c->nrec++];
		r->t_ms = (uint32_t)(mp_now_ms() - c->t0);
		r->from_server = from_server;
		r->off = t->total;
		r->len = (uint32_t)n;
	} else {
		c->rec_dropped++;
	}
	t->total += n;
}

void mp_conn_init(mp_conn *c)
{
	memset(c, 0, sizeof *c);
	c->fd = -1;
}

static void set_err(char *err, size_t cap, const char *what, const char *detail)
{
	snprintf(err, cap, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
}

int mp_conn_open(mp_conn *c, const char *host, const char *port,
		 bool allow_remote, uint64_t deadline, char *err, size_t cap)
{
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	int g = getaddrinfo(host, port, &hints, &res);
	if (g != 0) {
		set_err(err, cap, "cannot resolve host", gai_strerror(g));
		return -1;
	}
	int fd = -1;
	char last[160] = "no address";
	for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
		char num[INET6_ADDRSTRLEN];
		const void *ap = ai->ai_family == AF_INET
			? (const void *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr
			: (const void *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;
		if (inet_ntop(ai->ai_family, ap, num, sizeof num) == NULL)
			continue;
		if (!allow_remote && !mp_addr_is_loopback(num)) {
			snprintf(last, sizeof last,
				 "%s is not a loopback address (--allow-remote to allow it)", num);
			continue;
		}
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd < 0) {
			snprintf(last, sizeof last, "socket: %s", strerror(errno));
			continue;
		}
		int fl = fcntl(fd, F_GETFL);
		if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
			snprintf(last, sizeof last, "fcntl: %s", strerror(errno));
			close(fd);
			fd = -1;
			continue;
		}
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		int rc = connect(fd, ai->ai_addr, ai->ai_addrlen);
		if (rc < 0 && errno == EINPROGRESS) {
			struct pollfd pf = { fd, POLLOUT, 0 };
			uint64_t now = mp_now_ms();
			int wait = now >= deadline ? 0 : (int)(deadline - now);
			int pr;
			do
				pr = poll(&pf, 1, wait);
			while (pr < 0 && errno == EINTR);
			if (pr == 0) {
				snprintf(last, sizeof last, "connect to %s port %s timed out", num, port);
				close(fd);
				fd = -1;
				continue;
			}
			int e = 0;
			socklen_t el = sizeof e;
			getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el);
			rc = e ? -1 : 0;
			errno = e;
		}
		if (rc < 0) {
			snprintf(last, sizeof last, "connect to %s port %s: %s", num, port,
				 strerror(errno));
			close(fd);
			fd = -1;
			continue;
		}
		break;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		set_err(err, cap, last, NULL);
		return -1;
	}
	c->fd = fd;
	c->t0 = mp_now_ms();
	c->open = true;
	if (c->buf == NULL) {
		c->buf = malloc(MP_CONN_HOLD_MAX);
		if (c->buf == NULL) {
			set_err(err, cap, "out of memory", NULL);
			mp_conn_close(c);
			return -1;
		}
	}
	return 0;
}

/* Waits for fd to be readable (ev POLLIN) or writable until deadline. */
static int wait_fd(int fd, short ev, uint64_t deadline)
{
	for (;;) {
		uint64_t now = mp_now_ms();
		if (now >= deadline)
			return 0;
		struct pollfd pf = { fd, ev, 0 };
		uint64_t left = deadline - now;
		int pr = poll(&pf, 1, left > 1000000 ? 1000000 : (int)left);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr < 0)
			return -1;
		if (pr == 0)
			continue; /* re-check the deadline */
		return 1;
	}
}

static void ssl_err(char *err, size_t cap, const char *what)
{
	unsigned long e = ERR_get_error();
	char m[160];
	if (e)
		ERR_error_string_n(e, m, sizeof m);
	else
		snprintf(m, sizeof m, "%s", errno ? strerror(errno) : "connection closed");
	ERR_clear_error();
	set_err(err, cap, what, m);
}

void *mp_tls_ctx(bool verify, const char *ca_file, char *err, size_t cap)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	if (ctx == NULL) {
		ssl_err(err, cap, "TLS setup");
		return NULL;
	}
	SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
	if (verify) {
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
		int ok = ca_file ? SSL_CTX_load_verify_locations(ctx, ca_file, NULL)
				 : SSL_CTX_set_default_verify_paths(ctx);
		if (ok != 1) {
			ssl_err(err, cap, "TLS trust store");
			SSL_CTX_free(ctx);
			return NULL;
		}
	} else {
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	}
	return ctx;
}

void mp_tls_ctx_free(void *ctx)
{
	SSL_CTX_free(ctx);
}

int mp_conn_tls(mp_conn *c, void *ctxp, const char *host, bool verify,
		uint64_t deadline, char *err, size_t cap)
{
	SSL_CTX *ctx = ctxp;
	SSL *ssl = SSL_new(ctx);
	if (ssl == NULL || SSL_set_fd(ssl, c->fd) != 1) {
		ssl_err(err, cap, "TLS setup");
		SSL_free(ssl);
		return -1;
	}
	struct in6_addr a6;
	struct in_addr a4;
	bool is_ip = inet_pton(AF_INET, host, &a4) == 1 || inet_pton(AF_INET6, host, &a6) == 1;
	if (!is_ip)
		SSL_set_tlsext_host_name(ssl, host); /* SNI: names only (RFC 6066 3) */
	if (verify) {
		X509_VERIFY_PARAM *vp = SSL_get0_param(ssl);
		if (is_ip)
			X509_VERIFY_PARAM_set1_ip_asc(vp, host);
		else
			SSL_set1_host(ssl, host);
	}
	for (;;) {
		ERR_clear_error();
		int rc = SSL_connect(ssl);
		if (rc == 1)
			break;
		int e = SSL_get_error(ssl, rc);
		short ev = e == SSL_ERROR_WANT_READ ? POLLIN : e == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
		if (ev == 0) {
			long vr = SSL_get_verify_result(ssl);
			if (verify && vr != X509_V_OK)
				set_err(err, cap, "TLS handshake: certificate",
					X509_verify_cert_error_string(vr));
			else
				ssl_err(err, cap, "TLS handshake");
			SSL_free(ssl);
			return -1;
		}
		int w = wait_fd(c->fd, ev, deadline);
		if (w <= 0) {
			set_err(err, cap, "TLS handshake", w == 0 ? "timed out" : strerror(errno));
			SSL_free(ssl);
			return -1;
		}
	}
	c->ssl = ssl;
	c->tls = true;
	snprintf(c->tls_info, sizeof c->tls_info, "%s %s", SSL_get_version(ssl),
		 SSL_get_cipher_name(ssl));
	return 0;
}

int mp_conn_write(mp_conn *c, const uint8_t *p, size_t n, uint64_t deadline,
		  char *err, size_t cap)
{
	if (!c->open) {
		set_err(err, cap, "connection is not open", NULL);
		return -1;
	}
	if (c->wr_shut) {
		set_err(err, cap, "connection was shut down for writing", NULL);
		return -1;
	}
	tx_note(c, false, p, n);
	size_t done = 0;
	while (done < n) {
		ssize_t w;
		short ev = POLLOUT;
		if (c->ssl) {
			ERR_clear_error();
			size_t k = n - done > 1u << 30 ? 1u << 30 : n - done;
			int rc = SSL_write(c->ssl, p + done, (int)k);
			if (rc > 0) {
				done += (size_t)rc;
				continue;
			}
			int e = SSL_get_error(c->ssl, rc);
			if (e == SSL_ERROR_WANT_READ)
				ev = POLLIN;
			else if (e != SSL_ERROR_WANT_WRITE) {
				ssl_err(err, cap, "TLS write");
				return -1;
			}
		} else {
			w = send(c->fd, p + done, n - done, MSG_NOSIGNAL);
			if (w > 0) {
				done += (size_t)w;
				continue;
			}
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
				set_err(err, cap, "write", strerror(errno));
				return -1;
			}
		}
		int wr = wait_fd(c->fd, ev, deadline);
		if (wr <= 0) {
			set_err(err, cap, "write", wr == 0 ? "timed out (the server reads no more)"
						       : strerror(errno));
			return -1;
		}
	}
	return 0;
}

int mp_conn_read(mp_conn *c, uint64_t deadline)
{
	if (!c->open || c->eof)
		return MP_CR_EOF;
	if (c->len >= MP_CONN_HOLD_MAX)
		return MP_CR_FULL;
	size_t room = MP_CONN_HOLD_MAX - c->len;
	if (room > 65536)
		room = 65536;
	for (;;) {
		short ev = POLLIN;
		if (c->ssl) {
			ERR_clear_error();
			int rc = SSL_read(c->ssl, c->buf + c->len, (int)room);
			if (rc > 0) {
				tx_note(c, true, c->buf + c->len, (size_t)rc);
				c->len += (size_t)rc;
				return rc;
			}
			int e = SSL_get_error(c->ssl, rc);
			if (e == SSL_ERROR_ZERO_RETURN) {
				c->eof = true;
				return MP_CR_EOF;
			}
			if (e == SSL_ERROR_WANT_WRITE) {
				ev = POLLOUT;
			} else if (e != SSL_ERROR_WANT_READ) {
				ssl_err(c->errmsg, sizeof c->errmsg, "TLS read");
				c->eof = true;
				c->reset = true;
				return MP_CR_ERROR;
			}
		} else {
			ssize_t r = recv(c->fd, c->buf + c->len, room, 0);
			if (r > 0) {
				tx_note(c, true, c->buf + c->len, (size_t)r);
				c->len += (size_t)r;
				return (int)r;
			}
			if (r == 0) {
				c->eof = true;
				return MP_CR_EOF;
			}
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK) {
				snprintf(c->errmsg, sizeof c->errmsg, "read: %s", strerror(errno));
				c->eof = true;
				c->reset = true;
				return MP_CR_ERROR;
			}
		}
		int w = wait_fd(c->fd, ev, deadline);
		if (w == 0)
			return MP_CR_TIMEOUT;
		if (w < 0) {
			snprintf(c->errmsg, sizeof c->errmsg, "poll: %s", strerror(errno));
			return MP_CR_ERROR;
		}
	}
}

void mp_conn_consume(mp_conn *c, size_t n)
{
	if (n > c->len)
		n = c->len;
	memmove(c->buf, c->buf + n, c->len - n);
	c->len -= n;
	c->off += n;
}

void mp_conn_shutdown(mp_conn *c)
{
	if (!c->open || c->wr_shut)
		return;
	if (c->ssl)
		SSL_shutdown(c->ssl); /* sends close_notify; no wait */
	shutdown(c->fd, SHUT_WR);
	c->wr_shut = true;
}

void mp_conn_close(mp_conn *c)
{
	if (c->ssl) {
		if (!c->wr_shut && !c->reset)
			SSL_shutdown(c->ssl);
		SSL_free(c->ssl);
		c->ssl = NULL;
	}
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->open = false;
}

void mp_conn_free(mp_conn *c)
{
	mp_conn_close(c);
	free(c->buf);
	free(c->rx.data);
	free(c->tx.data);
	mp_conn_init(c);
}

/* Escaped transcript lines: "[+12ms] S> text" per record. */
void mp_conn_transcript(const mp_conn *c, FILE *f)
{
	for (size_t i = 0; i < c->nrec; i++) {
		const mp_trec *r = &c->rec[i];
		const mp_tlog *t = r->from_server ? &c->rx : &c->tx;
		fprintf(f, "[+%ums] %s @%llu %u octets: ", (unsigned)r->t_ms,
			r->from_server ? "S>" : "C>", (unsigned long long)r->off,
			(unsigned)r->len);
		if (r->off < t->n) {
			size_t k = r->len;
			if (k > t->n - r->off)
				k = t->n - (size_t)r->off;
			mp_term_escape(f, t->data + r->off, k);
			if (k < r->len)
				fputs(" [not kept]", f);
		} else {
			fputs("[not kept]", f);
		}
		fputc('\n', f);
	}
	if (c->rec_dropped)
		fprintf(f, "[%zu more records not kept]\n", c->rec_dropped);
}
