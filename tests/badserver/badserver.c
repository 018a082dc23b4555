/*
 * badserver: a deliberately misbehaving mail server for the replay engine's
 * tests (tests/badserver/README.md). One process, one poll() loop, no
 * dependencies. Each listening port serves every connection in one mode:
 * silent, an endless line, a reply of gigabytes, a literal announced as
 * {4294967295}, 1 byte per second, a reset inside a reply, garbage, NUL in
 * the greeting, bare LF line ends, minimal correct SMTP/POP3/IMAP
 * responders, a STARTTLS that answers pipelined plaintext (the
 * CVE-2011-0411 class) and an SMTP server that answers 250 to everything.
 *
 * Every buffer is fixed: a connection holds INCAP octets of input and
 * OUTCAP of output, and generated streams are produced as they drain, so
 * the server itself never grows. It stops on SIGTERM or SIGINT, and after
 * --lifetime seconds whatever happens.
 *
 * Not part of libmailprobe and never a stand-in for a real server outside
 * tests/: it implements just enough of RFC 5321, RFC 1939 and RFC 3501 for
 * the scripts in tests/badserver/scripts/.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define INCAP 8192          /* input held per connection; longer lines are cut */
#define OUTCAP 65536        /* output queued per connection */
#define ROOM 4096           /* free output needed before a line is answered */
#define CMDCAP 4096         /* one IMAP command, its lines joined */
#define MAXCONN 64
#define MAXLISTEN 64
#define SMTP_LINE 512       /* RFC 5321 4.5.3.1.5: reply line with CRLF */
#define RESET_DELAY_MS 200  /* reset: time between the half reply and RST */
#define INJECT_WINDOW_MS 1000 /* starttls-inject: plaintext answered this long */

enum mode {
	M_SILENT,
	M_ENDLESS_LINE,
	M_HUGE_REPLY,
	M_HUGE_LITERAL,
	M_SLOW,
	M_RESET,
	M_GARBAGE,
	M_NUL,
	M_BARE_LF,
	M_SMTP_OK,
	M_POP3_OK,
	M_IMAP_OK,
	M_STARTTLS_INJECT,
	M_WRONG_CODE,
	M_COUNT
};

enum gen { G_NONE, G_ENDLESS, G_HUGE_REPLY, G_LITERAL, G_GARBAGE };
enum timer_action { T_NONE, T_RESET, T_CLOSE, T_LINGER };
#define LINGER_MS 2000      /* after our FIN, how long the peer's is awaited */

struct conn {
	bool used;
	int fd;
	enum mode mode;
	unsigned id;
	/* input: lines are cut from in[]; a line longer than INCAP is
	 * dropped up to its LF and handed on marked too long */
	uint8_t in[INCAP];
	size_t in_len;
	bool discarding;
	bool ignore_input; /* read and drop everything */
	bool halt;         /* answer nothing more */
	uint64_t lit_left; /* IMAP: literal octets still to skip */
	/* output */
	uint8_t out[OUTCAP];
	size_t out_off, out_len;
	const char *eol;
	uint64_t sent;
	/* generated streams */
	enum gen gen;
	uint64_t gen_left;
	uint32_t rng;
	/* pacing: at most chunk octets every interval */
	bool paced;
	int64_t pace_ms;
	size_t pace_chunk, budget;
	int64_t next_tick;
	/* one timer */
	enum timer_action timer;
	int64_t timer_at;
	bool close_after; /* close once the output has drained */
	bool peer_eof;    /* the peer sent FIN */
	bool draining;    /* our FIN is out; reading until the peer's */
	/* protocol state */
	bool smtp_hello, smtp_mail, smtp_rcpt, smtp_data, smtp_started;
	bool inject;
	bool pop_user, pop_auth, pop_deleted;
	bool imap_auth, imap_selected, imap_sasl;
	char tag[64];
	char cmd[CMDCAP];
	size_t cmd_len;
	bool cmd_cut;
};

struct listener {
	int fd;
	enum mode mode;
	unsigned port;
};

struct options {
	uint64_t max_bytes;
	uint64_t garbage_bytes;
	uint64_t slow_rate;
	uint64_t literal_rate;
	uint64_t lifetime;
	uint32_t seed;
	bool ipv6;
	bool verbose;
	const char *pidfile;
};

static struct options opt = {
	.max_bytes = 4ull << 30,
	.garbage_bytes = 4096,
	.slow_rate = 1,
	.literal_rate = 65536,
	.lifetime = 300,
	.seed = 1,
};

static struct conn conns[MAXCONN];
static struct listener listeners[MAXLISTEN];
static size_t nlisteners;
static unsigned next_id = 1;
static volatile sig_atomic_t stop_signal;

static void smtp_start(struct conn *c);
static void smtp_line(struct conn *c, const char *l, size_t n, bool too_long);
static void silent_start(struct conn *c);
static void endless_start(struct conn *c);
static void garbage_start(struct conn *c);
static void pop3_start(struct conn *c);
static void pop3_line(struct conn *c, const char *l, size_t n, bool too_long);
static void imap_start(struct conn *c);
static void imap_line(struct conn *c, const char *l, size_t n, bool too_long);
static void literal_line(struct conn *c, const char *l, size_t n, bool too_long);
static void wrong_line(struct conn *c, const char *l, size_t n, bool too_long);

/* The modes, their names on the command line and what serves them. */
static const struct mode_def {
	const char *name;
	void (*start)(struct conn *c);
	void (*line)(struct conn *c, const char *l, size_t n, bool too_long);
	const char *summary;
} modes[M_COUNT] = {
	[M_SILENT] = { "silent", silent_start, NULL,
		"accepts and never sends a greeting" },
	[M_ENDLESS_LINE] = { "endless-line", endless_start, NULL,
		"\"220 \" then one line without end, up to --max-bytes" },
	[M_HUGE_REPLY] = { "huge-reply", smtp_start, smtp_line,
		"220, then a multi-line 250 reply of --max-bytes to the first command" },
	[M_HUGE_LITERAL] = { "huge-literal", imap_start, literal_line,
		"IMAP greeting, then * 1 FETCH (BODY[] {4294967295} and slow data" },
	[M_SLOW] = { "slow", smtp_start, smtp_line,
		"smtp-ok at --slow-rate octets per second (default 1)" },
	[M_RESET] = { "reset", smtp_start, smtp_line,
		"220, then half an EHLO reply and a TCP RST" },
	[M_GARBAGE] = { "garbage", garbage_start, NULL,
		"--garbage-bytes random octets (NUL, 8-bit), then close" },
	[M_NUL] = { "nul", smtp_start, smtp_line,
		"smtp-ok whose greeting holds a NUL: 220 mail\\0.example ESMTP" },
	[M_BARE_LF] = { "bare-lf", smtp_start, smtp_line,
		"smtp-ok with every line ended by a bare LF" },
	[M_SMTP_OK] = { "smtp-ok", smtp_start, smtp_line,
		"a minimal correct SMTP server" },
	[M_POP3_OK] = { "pop3-ok", pop3_start, pop3_line,
		"a minimal correct POP3 server with one message" },
	[M_IMAP_OK] = { "imap-ok", imap_start, imap_line,
		"a minimal correct IMAP4rev1 server with one message" },
	[M_STARTTLS_INJECT] = { "starttls-inject", smtp_start, smtp_line,
		"220 to STARTTLS, then plaintext answers to pipelined commands, then close" },
	[M_WRONG_CODE] = { "wrong-code", smtp_start, wrong_line,
		"220, then 250 to every line, RCPT before MAIL and QUIT included" },
};

/* The one message the POP3 and IMAP responders hold; CRLF line ends, one
 * line starting with "." so that dot-stuffing shows. */
static const char message[] =
	"From: sender@badserver.test\r\n"
	"To: user@badserver.test\r\n"
	"Subject: badserver test message\r\n"
	"Date: Mon, 01 Jan 2024 00:00:00 +0000\r\n"
	"Message-ID: <1@badserver.test>\r\n"
	"\r\n"
	"Hello from badserver.\r\n"
	".this line starts with a dot\r\n"
	"Bye.\r\n";

/* ---- small utilities */

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
	va_list ap;
	if (!opt.verbose)
		return;
	va_start(ap, fmt);
	fputs("badserver: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* A decimal number with an optional K, M or G suffix (powers of 1024).
 * Returns false on anything else or on overflow. */
static bool parse_u64(const char *s, uint64_t *r)
{
	uint64_t v = 0, mul = 1;
	const char *p = s;
	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	switch (*p) {
	case 'k': case 'K': mul = 1ull << 10; p++; break;
	case 'm': case 'M': mul = 1ull << 20; p++; break;
	case 'g': case 'G': mul = 1ull << 30; p++; break;
	default: break;
	}
	if (*p != '\0' || (v != 0 && v > UINT64_MAX / mul))
		return false;
	*r = v * mul;
	return true;
}

static bool parse_port(const char *s, size_t n, unsigned *r)
{
	unsigned v = 0;
	if (n == 0 || n > 5)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > 65535)
		return false;
	*r = v;
	return true;
}

static int find_mode(const char *name)
{
	for (int m = 0; m < M_COUNT; m++)
		if (strcmp(modes[m].name, name) == 0)
			return m;
	return -1;
}

static bool set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	return fl >= 0 && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0;
}

/* ---- output */

static size_t out_free(const struct conn *c)
{
	return OUTCAP - c->out_len;
}

/* Append n octets; the caller made room (ROOM before each line), so a
 * shortfall is a bug here and is cut rather than overrun. */
static void put(struct conn *c, const void *p, size_t n)
{
	if (c->out_off > 0 && c->out_off + c->out_len + n > OUTCAP) {
		memmove(c->out, c->out + c->out_off, c->out_len);
		c->out_off = 0;
	}
	if (n > OUTCAP - c->out_off - c->out_len)
		n = OUTCAP - c->out_off - c->out_len;
	memcpy(c->out + c->out_off + c->out_len, p, n);
	c->out_len += n;
}

static void puts_(struct conn *c, const char *s)
{
	put(c, s, strlen(s));
}

/* One line of text and the connection's line end. */
static void reply(struct conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void reply(struct conn *c, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof buf)
		n = (int)sizeof buf - 1;
	put(c, buf, (size_t)n);
	puts_(c, c->eol);
}

/* ---- connection life */

static void conn_close(struct conn *c, bool reset)
{
	if (reset) {
		struct linger lg = { .l_onoff = 1, .l_linger = 0 };
		setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	}
	logf_("conn %u (%s): %s after %llu octets sent", c->id,
	      modes[c->mode].name, reset ? "reset" : "closed",
	      (unsigned long long)c->sent);
	close(c->fd);
	c->used = false;
}

static void set_paced(struct conn *c, uint64_t rate)
{
	if (rate == 0)
		rate = 1;
	c->paced = true;
	if (rate < 10) { /* whole octets, one chunk per 1/rate s */
		c->pace_chunk = 1;
		c->pace_ms = (int64_t)(1000 / rate);
	} else {         /* rate/10 octets every 100 ms */
		c->pace_chunk = (size_t)(rate / 10 > OUTCAP ? OUTCAP : rate / 10);
		c->pace_ms = 100;
	}
	c->budget = c->pace_chunk;
	c->next_tick = now_ms() + c->pace_ms;
}

static void set_timer(struct conn *c, enum timer_action a, int64_t ms)
{
	c->timer = a;
	c->timer_at = now_ms() + ms;
}

/* ---- generated streams: produced as the output drains */

static uint32_t xorshift(uint32_t *s)
{
	uint32_t x = *s;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

static void gen_fill(struct conn *c)
{
	uint8_t buf[8192];
	while (c->gen != G_NONE && out_free(c) >= sizeof buf) {
		size_t n = 0;
		switch (c->gen) {
		case G_ENDLESS: /* letters, never CR or LF */
			n = sizeof buf;
			if (n > c->gen_left)
				n = (size_t)c->gen_left;
			for (size_t i = 0; i < n; i++)
				buf[i] = (uint8_t)('a' + (c->sent + c->out_len + i) % 26);
			c->gen_left -= n;
			if (c->gen_left == 0) {
				c->gen = G_NONE;
				c->close_after = true;
			}
			break;
		case G_HUGE_REPLY: /* 512-octet "250-X-PAD xxx" lines */
			while (n + SMTP_LINE <= sizeof buf && c->gen_left >= SMTP_LINE) {
				memcpy(buf + n, "250-X-PAD ", 10);
				memset(buf + n + 10, 'x', SMTP_LINE - 12);
				memcpy(buf + n + SMTP_LINE - 2, "\r\n", 2);
				n += SMTP_LINE;
				c->gen_left -= SMTP_LINE;
			}
			if (c->gen_left < SMTP_LINE) {
				put(c, buf, n);
				reply(c, "250 8BITMIME");
				c->gen = G_NONE;
				return;
			}
			break;
		case G_LITERAL: /* text lines of 78 octets and CRLF */
			n = sizeof buf;
			if (n > c->gen_left)
				n = (size_t)c->gen_left;
			for (size_t i = 0; i < n; i++) {
				uint64_t at = (c->sent + c->out_len + i) % 80;
				buf[i] = at == 78 ? '\r' : at == 79 ? '\n' : 'x';
			}
			c->gen_left -= n;
			if (c->gen_left == 0) {
				c->gen = G_NONE;
				c->close_after = true;
			}
			break;
		case G_GARBAGE:
			n = sizeof buf;
			if (n > c->gen_left)
				n = (size_t)c->gen_left;
			for (size_t i = 0; i < n; i++)
				buf[i] = (uint8_t)(xorshift(&c->rng) >> 24);
			c->gen_left -= n;
			if (c->gen_left == 0) {
				c->gen = G_NONE;
				c->close_after = true;
			}
			break;
		case G_NONE:
			break;
		}
		put(c, buf, n);
	}
}

/* ---- SMTP: smtp-ok and the modes built on it */

static void smtp_start(struct conn *c)
{
	switch (c->mode) {
	case M_NUL:
		{
			static const char g[] = "220 mail\0.example ESMTP\r\n";
			put(c, g, sizeof g - 1);
		}
		return;
	case M_SLOW:
		set_paced(c, opt.slow_rate);
		reply(c, "220 slow.example ESMTP badserver");
		return;
	case M_RESET:
		reply(c, "220 reset.example ESMTP badserver");
		return;
	default:
		reply(c, "220 badserver.test ESMTP badserver");
		return;
	}
}

static void smtp_reset_txn(struct conn *c)
{
	c->smtp_mail = c->smtp_rcpt = c->smtp_data = false;
}

/* The verb (up to SP) is VERB, case-insensitive; *args_r is what follows
 * the SP, or "" without one. */
static bool verb_is(const char *l, const char *verb, const char **args_r)
{
	size_t n = strlen(verb);
	if (strncasecmp(l, verb, n) != 0 || (l[n] != '\0' && l[n] != ' '))
		return false;
	*args_r = l[n] == ' ' ? l + n + 1 : l + n;
	return true;
}

static bool prefix_is(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static void smtp_ehlo(struct conn *c, const char *args, bool extended)
{
	if (*args == '\0') {
		reply(c, "501 5.5.4 Syntax: %s hostname", extended ? "EHLO" : "HELO");
		return;
	}
	smtp_reset_txn(c);
	c->smtp_hello = true;
	if (!extended) {
		reply(c, "250 badserver.test");
		return;
	}
	reply(c, "250-badserver.test");
	reply(c, "250-PIPELINING");
	reply(c, "250-SIZE 10240000");
	if (c->mode == M_STARTTLS_INJECT)
		reply(c, "250-STARTTLS");
	reply(c, "250-ENHANCEDSTATUSCODES");
	reply(c, "250 8BITMIME");
}

static void smtp_line(struct conn *c, const char *l, size_t n, bool too_long)
{
	const char *a;
	(void)n;
	if (c->smtp_data) {
		if (!too_long && strcmp(l, ".") == 0 && n == 1) {
			smtp_reset_txn(c);
			reply(c, "250 2.0.0 Ok: queued as BADSERVER1");
		}
		return;
	}
	if (too_long) {
		reply(c, "500 5.5.2 Error: line too long");
		return;
	}
	if (c->mode == M_HUGE_REPLY && !c->smtp_started) {
		c->smtp_started = true;
		c->smtp_hello = true;
		reply(c, "250-huge.example");
		c->gen = G_HUGE_REPLY;
		c->gen_left = opt.max_bytes;
		return;
	}
	c->smtp_started = true;
	if (c->mode == M_RESET) {
		/* half an EHLO reply, then RST; nothing more is answered */
		puts_(c, "250-reset.example\r\n250-PIPEL");
		c->halt = true;
		set_timer(c, T_RESET, RESET_DELAY_MS);
		return;
	}
	if (verb_is(l, "EHLO", &a)) {
		smtp_ehlo(c, a, true);
	} else if (verb_is(l, "HELO", &a)) {
		smtp_ehlo(c, a, false);
	} else if (verb_is(l, "MAIL", &a)) {
		if (!c->smtp_hello)
			reply(c, "503 5.5.1 Error: send HELO/EHLO first");
		else if (c->smtp_mail)
			reply(c, "503 5.5.1 Error: nested MAIL command");
		else if (!prefix_is(a, "FROM:"))
			reply(c, "501 5.5.4 Syntax: MAIL FROM:<address>");
		else {
			c->smtp_mail = true;
			reply(c, "250 2.1.0 Ok");
		}
	} else if (verb_is(l, "RCPT", &a)) {
		if (!c->smtp_mail)
			reply(c, "503 5.5.1 Error: need MAIL command");
		else if (!prefix_is(a, "TO:"))
			reply(c, "501 5.5.4 Syntax: RCPT TO:<address>");
		else {
			c->smtp_rcpt = true;
			reply(c, "250 2.1.5 Ok");
		}
	} else if (verb_is(l, "DATA", &a)) {
		if (*a != '\0')
			reply(c, "501 5.5.4 Syntax: DATA");
		else if (!c->smtp_mail)
			reply(c, "503 5.5.1 Error: need MAIL command");
		else if (!c->smtp_rcpt)
			reply(c, "503 5.5.1 Error: need RCPT command");
		else {
			c->smtp_data = true;
			reply(c, "354 End data with <CR><LF>.<CR><LF>");
		}
	} else if (verb_is(l, "RSET", &a)) {
		smtp_reset_txn(c);
		reply(c, "250 2.0.0 Ok");
	} else if (verb_is(l, "NOOP", &a)) {
		reply(c, "250 2.0.0 Ok");
	} else if (verb_is(l, "VRFY", &a)) {
		reply(c, "252 2.0.0 Cannot VRFY user, but will accept message");
	} else if (verb_is(l, "QUIT", &a)) {
		reply(c, "221 2.0.0 Bye");
		c->close_after = true;
	} else if (c->mode == M_STARTTLS_INJECT && verb_is(l, "STARTTLS", &a)) {
		reply(c, "220 2.0.0 Ready to start TLS");
		/* the flaw: whatever plaintext follows is still answered,
		 * for a while, and then the connection just closes */
		c->inject = true;
		set_timer(c, T_CLOSE, INJECT_WINDOW_MS);
	} else {
		reply(c, "500 5.5.2 Error: command not recognized");
	}
}

static void wrong_line(struct conn *c, const char *l, size_t n, bool too_long)
{
	const char *a;
	(void)n;
	(void)too_long;
	reply(c, "250 2.0.0 Ok");
	if (verb_is(l, "QUIT", &a))
		c->close_after = true;
}

/* ---- modes that only send */

static void silent_start(struct conn *c)
{
	c->ignore_input = true;
}

static void endless_start(struct conn *c)
{
	c->ignore_input = true;
	puts_(c, "220 ");
	c->gen = G_ENDLESS;
	c->gen_left = opt.max_bytes > 4 ? opt.max_bytes - 4 : 0;
	if (c->gen_left == 0) {
		c->gen = G_NONE;
		c->close_after = true;
	}
}

static void garbage_start(struct conn *c)
{
	c->ignore_input = true;
	c->rng = opt.seed ? opt.seed : 1;
	c->gen = G_GARBAGE;
	c->gen_left = opt.garbage_bytes;
	if (c->gen_left == 0) {
		c->gen = G_NONE;
		c->close_after = true;
	}
}

/* ---- POP3 */

static void pop3_start(struct conn *c)
{
	reply(c, "+OK badserver POP3 ready");
}

/* The message dot-stuffed, "." line included (RFC 1939 3); at most
 * maxlines body lines when maxlines >= 0 (TOP). */
static void pop3_send_message(struct conn *c, long maxlines)
{
	const char *p = message, *end = message + sizeof message - 1;
	bool body = false;
	long lines = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		if (body && maxlines >= 0 && lines++ >= maxlines)
			break;
		if (*p == '.')
			put(c, ".", 1);
		put(c, p, len);
		if (len == 2 && p[0] == '\r')
			body = true;
		p += len;
	}
	reply(c, ".");
}

static bool pop3_msgno(const char *a, bool deleted)
{
	return strcmp(a, "1") == 0 && !deleted;
}

static void pop3_line(struct conn *c, const char *l, size_t n, bool too_long)
{
	const char *a;
	size_t size = sizeof message - 1;
	(void)n;
	if (too_long) {
		reply(c, "-ERR line too long");
		return;
	}
	if (verb_is(l, "QUIT", &a)) {
		reply(c, "+OK badserver signing off");
		c->close_after = true;
	} else if (verb_is(l, "CAPA", &a)) {
		reply(c, "+OK Capability list follows");
		reply(c, "USER");
		reply(c, "TOP");
		reply(c, "UIDL");
		reply(c, "IMPLEMENTATION badserver");
		reply(c, ".");
	} else if (verb_is(l, "USER", &a)) {
		if (c->pop_auth)
			reply(c, "-ERR already authenticated");
		else if (*a == '\0')
			reply(c, "-ERR USER needs a name");
		else {
			c->pop_user = true;
			reply(c, "+OK send PASS");
		}
	} else if (verb_is(l, "PASS", &a)) {
		if (c->pop_auth)
			reply(c, "-ERR already authenticated");
		else if (!c->pop_user)
			reply(c, "-ERR send USER first");
		else {
			c->pop_auth = true;
			reply(c, "+OK logged in");
		}
	} else if (!c->pop_auth) {
		reply(c, "-ERR not authenticated");
	} else if (verb_is(l, "NOOP", &a)) {
		reply(c, "+OK");
	} else if (verb_is(l, "STAT", &a)) {
		if (c->pop_deleted)
			reply(c, "+OK 0 0");
		else
			reply(c, "+OK 1 %zu", size);
	} else if (verb_is(l, "LIST", &a) || verb_is(l, "UIDL", &a)) {
		bool uidl = prefix_is(l, "UIDL");
		if (*a != '\0') {
			if (!pop3_msgno(a, c->pop_deleted))
				reply(c, "-ERR no such message");
			else if (uidl)
				reply(c, "+OK 1 badserver-1");
			else
				reply(c, "+OK 1 %zu", size);
			return;
		}
		reply(c, "+OK listing follows");
		if (!c->pop_deleted) {
			if (uidl)
				reply(c, "1 badserver-1");
			else
				reply(c, "1 %zu", size);
		}
		reply(c, ".");
	} else if (verb_is(l, "RETR", &a)) {
		if (!pop3_msgno(a, c->pop_deleted)) {
			reply(c, "-ERR no such message");
			return;
		}
		reply(c, "+OK %zu octets", size);
		pop3_send_message(c, -1);
	} else if (verb_is(l, "TOP", &a)) {
		long k = 0;
		const char *p = a;
		if (!prefix_is(a, "1 ") || c->pop_deleted) {
			reply(c, "-ERR no such message");
			return;
		}
		for (p = a + 2; *p >= '0' && *p <= '9' && k < 1000000; p++)
			k = k * 10 + (*p - '0');
		if (p == a + 2 || *p != '\0') {
			reply(c, "-ERR TOP needs a line count");
			return;
		}
		reply(c, "+OK top of message follows");
		pop3_send_message(c, k);
	} else if (verb_is(l, "DELE", &a)) {
		if (!pop3_msgno(a, c->pop_deleted)) {
			reply(c, "-ERR no such message");
			return;
		}
		c->pop_deleted = true;
		reply(c, "+OK message 1 deleted");
	} else if (verb_is(l, "RSET", &a)) {
		c->pop_deleted = false;
		reply(c, "+OK");
	} else {
		reply(c, "-ERR unknown command");
	}
}

/* ---- IMAP */

static void imap_start(struct conn *c)
{
	reply(c, "* OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] badserver IMAP ready");
}

/* When line [0, n) ends with a literal announcement "{N}", "{N+}" or
 * "{N-}" (or literal8 "~{N}"), its size into *size_r and whether the
 * client waits for "+" into *sync_r. */
static bool imap_literal_at_end(const char *l, size_t n, uint64_t *size_r,
				bool *sync_r)
{
	size_t i;
	uint64_t v = 0;
	if (n < 3 || l[n - 1] != '}')
		return false;
	i = n - 1;
	*sync_r = true;
	if (l[i - 1] == '+' || l[i - 1] == '-') {
		*sync_r = false;
		i--;
	}
	size_t digits_end = i;
	while (i > 0 && l[i - 1] >= '0' && l[i - 1] <= '9')
		i--;
	if (i == digits_end || i == 0 || l[i - 1] != '{' || digits_end - i > 19)
		return false;
	for (size_t k = i; k < digits_end; k++)
		v = v * 10 + (uint64_t)(l[k] - '0');
	*size_r = v;
	return true;
}

static bool has_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (; *s; s++)
		if (strncasecmp(s, w, n) == 0)
			return true;
	return false;
}

static void imap_fetch(struct conn *c, const char *tag, const char *args, bool uid)
{
	char items[256] = "";
	size_t size = sizeof message - 1;
	const char *body = NULL;
	if (!c->imap_selected) {
		reply(c, "%s BAD no mailbox selected", tag);
		return;
	}
	if (*args == '\0' || strchr(args, ' ') == NULL) {
		reply(c, "%s BAD FETCH needs a sequence set and items", tag);
		return;
	}
	if (!(prefix_is(args, "1 ") || prefix_is(args, "1:* ") ||
	      prefix_is(args, "* ") || prefix_is(args, "1:1 "))) {
		reply(c, "%s OK %sFETCH completed", tag, uid ? "UID " : "");
		return;
	}
	if (uid)
		snprintf(items, sizeof items, "UID 1 ");
	if (has_word(args, "FLAGS"))
		snprintf(items + strlen(items), sizeof items - strlen(items), "FLAGS (\\Seen) ");
	if (has_word(args, "RFC822.SIZE"))
		snprintf(items + strlen(items), sizeof items - strlen(items), "RFC822.SIZE %zu ", size);
	if (has_word(args, "BODY[]") || has_word(args, "BODY.PEEK[]"))
		body = "BODY[]";
	else if (has_word(args, "RFC822)") || has_word(args, "RFC822 ") ||
		 (strlen(args) >= 6 && strcasecmp(args + strlen(args) - 6, "RFC822") == 0))
		body = "RFC822";
	if (body) {
		char head[320];
		snprintf(head, sizeof head, "* 1 FETCH (%s%s {%zu}\r\n", items, body, size);
		puts_(c, head);
		put(c, message, size);
		reply(c, ")");
	} else {
		size_t il = strlen(items);
		if (il == 0)
			reply(c, "* 1 FETCH (FLAGS (\\Seen))");
		else
			reply(c, "* 1 FETCH (%.*s)", (int)(il - 1), items);
	}
	reply(c, "%s OK %sFETCH completed", tag, uid ? "UID " : "");
}

static void imap_command(struct conn *c, char *cmd)
{
	char *sp = strchr(cmd, ' ');
	const char *tag = cmd, *a;
	char *name;
	if (sp == NULL || sp == cmd) {
		reply(c, "* BAD missing tag or command");
		return;
	}
	*sp = '\0';
	name = sp + 1;
	size_t tl = strlen(tag);
	if (tl >= sizeof c->tag)
		tl = sizeof c->tag - 1;
	memcpy(c->tag, tag, tl);
	c->tag[tl] = '\0';
	if (c->cmd_cut) {
		reply(c, "%s BAD command too long", tag);
	} else if (verb_is(name, "CAPABILITY", &a)) {
		reply(c, "* CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN");
		reply(c, "%s OK CAPABILITY completed", tag);
	} else if (verb_is(name, "NOOP", &a)) {
		reply(c, "%s OK NOOP completed", tag);
	} else if (verb_is(name, "LOGOUT", &a)) {
		reply(c, "* BYE badserver logging out");
		reply(c, "%s OK LOGOUT completed", tag);
		c->close_after = true;
	} else if (verb_is(name, "LOGIN", &a)) {
		if (c->imap_auth)
			reply(c, "%s BAD already authenticated", tag);
		else if (strchr(a, ' ') == NULL)
			reply(c, "%s BAD LOGIN needs a user and a password", tag);
		else {
			c->imap_auth = true;
			reply(c, "%s OK LOGIN completed", tag);
		}
	} else if (verb_is(name, "AUTHENTICATE", &a)) {
		if (c->imap_auth)
			reply(c, "%s BAD already authenticated", tag);
		else if (!prefix_is(a, "PLAIN") || (a[5] != '\0' && a[5] != ' '))
			reply(c, "%s NO unsupported mechanism", tag);
		else if (a[5] == ' ') {
			c->imap_auth = true;
			reply(c, "%s OK AUTHENTICATE completed", tag);
		} else {
			c->imap_sasl = true;
			reply(c, "+ ");
		}
	} else if (!c->imap_auth) {
		reply(c, "%s BAD command unknown or not allowed before LOGIN", tag);
	} else if (verb_is(name, "SELECT", &a) || verb_is(name, "EXAMINE", &a)) {
		bool ro = prefix_is(name, "EXAMINE");
		if (*a == '\0') {
			reply(c, "%s BAD missing mailbox", tag);
			return;
		}
		c->imap_selected = true;
		reply(c, "* 1 EXISTS");
		reply(c, "* 0 RECENT");
		reply(c, "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)");
		reply(c, "* OK [PERMANENTFLAGS ()] No permanent flags permitted");
		reply(c, "* OK [UIDVALIDITY 1] UIDs valid");
		reply(c, "* OK [UIDNEXT 2] Predicted next UID");
		reply(c, "%s OK [%s] %s completed", tag, ro ? "READ-ONLY" : "READ-WRITE",
		      ro ? "EXAMINE" : "SELECT");
	} else if (verb_is(name, "LIST", &a)) {
		reply(c, "* LIST () \"/\" INBOX");
		reply(c, "%s OK LIST completed", tag);
	} else if (verb_is(name, "FETCH", &a)) {
		imap_fetch(c, tag, a, false);
	} else if (verb_is(name, "UID", &a) && verb_is(a, "FETCH", &a)) {
		imap_fetch(c, tag, a, true);
	} else if (verb_is(name, "CLOSE", &a) || verb_is(name, "UNSELECT", &a)) {
		if (!c->imap_selected) {
			reply(c, "%s BAD no mailbox selected", tag);
			return;
		}
		c->imap_selected = false;
		reply(c, "%s OK %s completed", tag, name);
	} else {
		reply(c, "%s BAD unknown command", tag);
	}
}

static void imap_line(struct conn *c, const char *l, size_t n, bool too_long)
{
	uint64_t size;
	bool sync;
	if (c->imap_sasl) { /* the SASL response line */
		c->imap_sasl = false;
		if (n == 1 && l[0] == '*') {
			reply(c, "%s BAD AUTHENTICATE cancelled", c->tag);
		} else {
			c->imap_auth = true;
			reply(c, "%s OK AUTHENTICATE completed", c->tag);
		}
		return;
	}
	if (too_long || memchr(l, '\0', n) != NULL)
		c->cmd_cut = true;
	if (n > CMDCAP - 1 - c->cmd_len) {
		c->cmd_cut = true;
		n = CMDCAP - 1 - c->cmd_len;
	}
	memcpy(c->cmd + c->cmd_len, l, n);
	c->cmd_len += n;
	c->cmd[c->cmd_len] = '\0';
	if (!too_long && imap_literal_at_end(l, n, &size, &sync)) {
		/* the literal's octets are skipped, never held */
		c->lit_left = size;
		if (sync)
			reply(c, "+ Ready for literal data");
		return;
	}
	imap_command(c, c->cmd);
	c->cmd_len = 0;
	c->cmd_cut = false;
}

/* huge-literal: whatever the command, a literal of 4294967295 octets that
 * arrives at --literal-rate and never completes. */
static void literal_line(struct conn *c, const char *l, size_t n, bool too_long)
{
	(void)l;
	(void)n;
	(void)too_long;
	puts_(c, "* 1 FETCH (BODY[] {4294967295}\r\n");
	c->ignore_input = true;
	set_paced(c, opt.literal_rate);
	c->gen = G_LITERAL;
	c->gen_left = opt.max_bytes;
}

/* ---- the loop */

/* Answer the complete lines held, while there is room for the answers. */
static void process_input(struct conn *c)
{
	size_t pos = 0;
	char line[INCAP + 1];
	if (c->ignore_input) {
		c->in_len = 0;
		return;
	}
	while (pos < c->in_len && !c->halt && !c->close_after && c->gen == G_NONE) {
		if (c->lit_left > 0) {
			size_t k = c->in_len - pos;
			if (k > c->lit_left)
				k = (size_t)c->lit_left;
			pos += k;
			c->lit_left -= k;
			continue;
		}
		if (c->inject && c->in[pos] == 0x16) {
			/* a TLS record: the client went ahead; the flaw is
			 * shown, so stop here */
			c->halt = true;
			c->close_after = true;
			break;
		}
		if (out_free(c) < ROOM)
			break;
		uint8_t *nl = memchr(c->in + pos, '\n', c->in_len - pos);
		if (nl == NULL)
			break;
		size_t end = (size_t)(nl - (c->in + pos));
		size_t n = end;
		if (n > 0 && c->in[pos + n - 1] == '\r')
			n--;
		memcpy(line, c->in + pos, n);
		line[n] = '\0';
		bool too_long = c->discarding;
		c->discarding = false;
		pos += end + 1;
		if (modes[c->mode].line)
			modes[c->mode].line(c, line, n, too_long);
	}
	if (c->halt)
		pos = c->in_len;
	memmove(c->in, c->in + pos, c->in_len - pos);
	c->in_len -= pos;
	if (c->in_len == INCAP && c->lit_left == 0 &&
	    memchr(c->in, '\n', c->in_len) == NULL) {
		c->discarding = true; /* over-long line: drop up to its LF */
		c->in_len = 0;
	}
}

/* Returns false when the connection is gone. */
static bool do_read(struct conn *c)
{
	uint8_t scratch[16384];
	for (;;) {
		uint8_t *dst = c->ignore_input ? scratch : c->in + c->in_len;
		size_t room = c->ignore_input ? sizeof scratch : INCAP - c->in_len;
		if (room == 0)
			return true;
		ssize_t r = recv(c->fd, dst, room, 0);
		if (r > 0) {
			if (!c->ignore_input)
				c->in_len += (size_t)r;
			if (!c->ignore_input)
				return true;
			continue;
		}
		if (r == 0) {
			/* the peer is done: what it sent is still answered
			 * (pump), generated streams stop */
			logf_("conn %u: EOF from peer", c->id);
			if (c->draining) {
				conn_close(c, false);
				return false;
			}
			c->peer_eof = true;
			c->gen = G_NONE;
			return true;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return true;
		conn_close(c, false);
		return false;
	}
}

static bool do_write(struct conn *c)
{
	while (c->out_len > 0) {
		size_t n = c->out_len;
		if (c->paced) {
			if (c->budget == 0)
				return true;
			if (n > c->budget)
				n = c->budget;
		}
		ssize_t w = send(c->fd, c->out + c->out_off, n, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return true;
			logf_("conn %u: write: %s", c->id, strerror(errno));
			conn_close(c, false);
			return false;
		}
		c->out_off += (size_t)w;
		c->out_len -= (size_t)w;
		c->sent += (uint64_t)w;
		if (c->paced)
			c->budget -= (size_t)w;
		if (c->out_len == 0)
			c->out_off = 0;
		gen_fill(c);
	}
	return true;
}

/* Everything a connection can do now; false when it is gone. */
static bool pump(struct conn *c)
{
	process_input(c);
	gen_fill(c);
	if (!do_write(c))
		return false;
	process_input(c);
	if (c->peer_eof)
		c->close_after = true;
	if (c->close_after && c->out_len == 0 && c->gen == G_NONE) {
		if (c->peer_eof) {
			conn_close(c, false);
			return false;
		}
		if (!c->draining) {
			/* FIN, then read until the peer's: closing with its
			 * octets unread would send RST and could destroy our
			 * last reply before the peer read it */
			shutdown(c->fd, SHUT_WR);
			c->draining = true;
			c->ignore_input = true;
			c->halt = true;
			c->in_len = 0;
			set_timer(c, T_LINGER, LINGER_MS);
		}
	}
	return true;
}

static void accept_all(struct listener *ls)
{
	for (;;) {
		int fd = accept(ls->fd, NULL, NULL);
		if (fd < 0)
			return;
		struct conn *c = NULL;
		for (size_t i = 0; i < MAXCONN; i++)
			if (!conns[i].used) {
				c = &conns[i];
				break;
			}
		if (c == NULL || !set_nonblock(fd)) {
			close(fd);
			continue;
		}
		memset(c, 0, sizeof *c);
		c->used = true;
		c->fd = fd;
		c->mode = ls->mode;
		c->id = next_id++;
		c->eol = ls->mode == M_BARE_LF ? "\n" : "\r\n";
		logf_("conn %u (%s) on port %u", c->id, modes[c->mode].name, ls->port);
		modes[c->mode].start(c);
		pump(c);
	}
}

static bool add_listener(enum mode mode, unsigned port, int family)
{
	int fd, one = 1;
	struct sockaddr_storage ss;
	socklen_t len;
	if (nlisteners == MAXLISTEN) {
		fprintf(stderr, "badserver: too many listeners\n");
		return false;
	}
	memset(&ss, 0, sizeof ss);
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof *sin;
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		sin6->sin6_addr = in6addr_loopback;
		len = sizeof *sin6;
	}
	fd = socket(family, SOCK_STREAM, 0);
	if (fd < 0) {
		perror("badserver: socket");
		return false;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 16) != 0 ||
	    !set_nonblock(fd)) {
		fprintf(stderr, "badserver: %s port %u: %s\n",
			family == AF_INET ? "127.0.0.1" : "::1", port, strerror(errno));
		close(fd);
		return false;
	}
	len = sizeof ss;
	getsockname(fd, (struct sockaddr *)&ss, &len);
	listeners[nlisteners].fd = fd;
	listeners[nlisteners].mode = mode;
	listeners[nlisteners].port = family == AF_INET ?
		ntohs(((struct sockaddr_in *)&ss)->sin_port) :
		ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	nlisteners++;
	return true;
}

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: badserver [--mode MODE] [--port PORT | PORT]\n"
		"       badserver --listen PORT:MODE [--listen PORT:MODE]...\n"
		"options: --ipv6 (also ::1)  --max-bytes N[K|M|G] (default 4G)\n"
		"  --garbage-bytes N (4096)  --seed N (1)  --slow-rate N (1/s)\n"
		"  --literal-rate N (65536/s)  --lifetime SECONDS (300)\n"
		"  --pidfile FILE  --verbose  --list-modes  --help\n"
		"Listens on 127.0.0.1; PORT 0 picks one. Prints \"port N\" (--mode)\n"
		"or \"port N MODE\" (--listen) per port on stdout once listening.\n"
		"Modes (tests/badserver/README.md):\n");
	for (int m = 0; m < M_COUNT; m++)
		fprintf(f, "  %-16s %s\n", modes[m].name, modes[m].summary);
}

struct spec {
	unsigned port;
	int mode;
	bool named; /* from --listen */
};

int main(int argc, char **argv)
{
	struct spec specs[MAXLISTEN];
	size_t nspecs = 0;
	int mode = -1;
	unsigned port = 0;
	bool have_port = false;
	struct pollfd pfd[MAXLISTEN + MAXCONN];

	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		uint64_t n;
#define NEED_VALUE() do { if (v == NULL) { fprintf(stderr, "badserver: %s needs a value\n", o); return 2; } i++; } while (0)
		if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(o, "--list-modes") == 0) {
			for (int m = 0; m < M_COUNT; m++)
				printf("%s\n", modes[m].name);
			return 0;
		} else if (strcmp(o, "--mode") == 0) {
			NEED_VALUE();
			mode = find_mode(v);
			if (mode < 0) {
				fprintf(stderr, "badserver: unknown mode %s (--list-modes)\n", v);
				return 2;
			}
		} else if (strcmp(o, "--port") == 0) {
			NEED_VALUE();
			if (!parse_port(v, strlen(v), &port)) {
				fprintf(stderr, "badserver: bad port %s\n", v);
				return 2;
			}
			have_port = true;
		} else if (strcmp(o, "--listen") == 0) {
			NEED_VALUE();
			const char *colon = strchr(v, ':');
			unsigned p;
			int m = colon ? find_mode(colon + 1) : -1;
			if (colon == NULL || !parse_port(v, (size_t)(colon - v), &p) || m < 0) {
				fprintf(stderr, "badserver: --listen wants PORT:MODE, not %s\n", v);
				return 2;
			}
			if (nspecs == MAXLISTEN / 2) {
				fprintf(stderr, "badserver: too many --listen\n");
				return 2;
			}
			specs[nspecs++] = (struct spec){ p, m, true };
		} else if (strcmp(o, "--ipv6") == 0) {
			opt.ipv6 = true;
		} else if (strcmp(o, "--verbose") == 0 || strcmp(o, "-v") == 0) {
			opt.verbose = true;
		} else if (strcmp(o, "--pidfile") == 0) {
			NEED_VALUE();
			opt.pidfile = v;
		} else if (strcmp(o, "--max-bytes") == 0 || strcmp(o, "--garbage-bytes") == 0 ||
			   strcmp(o, "--slow-rate") == 0 || strcmp(o, "--literal-rate") == 0 ||
			   strcmp(o, "--lifetime") == 0 || strcmp(o, "--seed") == 0) {
			NEED_VALUE();
			if (!parse_u64(v, &n)) {
				fprintf(stderr, "badserver: %s wants a number, not %s\n", o, v);
				return 2;
			}
			if (strcmp(o, "--max-bytes") == 0)
				opt.max_bytes = n;
			else if (strcmp(o, "--garbage-bytes") == 0)
				opt.garbage_bytes = n;
			else if (strcmp(o, "--slow-rate") == 0)
				opt.slow_rate = n ? n : 1;
			else if (strcmp(o, "--literal-rate") == 0)
				opt.literal_rate = n ? n : 1;
			else if (strcmp(o, "--lifetime") == 0)
				opt.lifetime = n;
			else
				opt.seed = (uint32_t)n;
		} else if (o[0] != '-' && !have_port && parse_port(o, strlen(o), &port)) {
			have_port = true;
		} else {
			fprintf(stderr, "badserver: unknown argument %s\n", o);
			usage(stderr);
			return 2;
		}
#undef NEED_VALUE
	}
	if (mode >= 0 || nspecs == 0) {
		if (mode < 0) {
			fprintf(stderr, "badserver: give --mode MODE or --listen PORT:MODE\n");
			usage(stderr);
			return 2;
		}
		specs[nspecs++] = (struct spec){ port, mode, false };
	} else if (have_port) {
		fprintf(stderr, "badserver: a port without --mode\n");
		return 2;
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	for (size_t i = 0; i < nspecs; i++) {
		if (!add_listener((enum mode)specs[i].mode, specs[i].port, AF_INET))
			return 1;
		unsigned got = listeners[nlisteners - 1].port;
		if (opt.ipv6 && !add_listener((enum mode)specs[i].mode, got, AF_INET6))
			return 1;
		if (specs[i].named)
			printf("port %u %s\n", got, modes[specs[i].mode].name);
		else
			printf("port %u\n", got);
	}
	if (opt.pidfile) {
		FILE *f = fopen(opt.pidfile, "w");
		if (f == NULL || fprintf(f, "%ld\n", (long)getpid()) < 0 || fclose(f) != 0) {
			fprintf(stderr, "badserver: %s: %s\n", opt.pidfile, strerror(errno));
			return 1;
		}
	}
	if (fflush(stdout) != 0)
		return 1;

	int64_t end = now_ms() + (int64_t)(opt.lifetime > 86400 * 365 ? 86400 * 365 : opt.lifetime) * 1000;
	while (!stop_signal) {
		int64_t now = now_ms();
		if (now >= end) {
			logf_("lifetime over");
			break;
		}
		int64_t wait = end - now;
		if (wait > 1000)
			wait = 1000;
		size_t np = 0;
		struct conn *pc[MAXCONN];
		for (size_t i = 0; i < nlisteners; i++)
			pfd[np++] = (struct pollfd){ .fd = listeners[i].fd, .events = POLLIN };
		size_t first = np;
		for (size_t i = 0; i < MAXCONN; i++) {
			struct conn *c = &conns[i];
			short ev = 0;
			if (!c->used)
				continue;
			if (!c->peer_eof && (c->ignore_input || c->in_len < INCAP))
				ev |= POLLIN;
			if (c->out_len > 0 && (!c->paced || c->budget > 0))
				ev |= POLLOUT;
			if (c->paced && (c->out_len > 0 || c->gen != G_NONE) && c->budget == 0 &&
			    c->next_tick - now < wait)
				wait = c->next_tick - now;
			if (c->timer != T_NONE && c->timer_at - now < wait)
				wait = c->timer_at - now;
			pc[np - first] = c;
			pfd[np++] = (struct pollfd){ .fd = c->fd, .events = ev };
		}
		if (wait < 0)
			wait = 0;
		int r = poll(pfd, (nfds_t)np, (int)wait);
		if (r < 0 && errno != EINTR) {
			perror("badserver: poll");
			break;
		}
		now = now_ms();
		for (size_t i = first; r > 0 && i < np; i++) {
			struct conn *c = pc[i - first];
			if (!c->used || pfd[i].revents == 0)
				continue;
			if ((pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) && !do_read(c))
				continue;
			pump(c);
		}
		for (size_t i = 0; i < MAXCONN; i++) {
			struct conn *c = &conns[i];
			if (!c->used)
				continue;
			if (c->paced && now >= c->next_tick) {
				c->budget = c->pace_chunk;
				c->next_tick = now + c->pace_ms;
				if (!pump(c))
					continue;
			}
			if (c->timer != T_NONE && now >= c->timer_at) {
				if (c->timer == T_RESET || c->timer == T_LINGER) {
					conn_close(c, c->timer == T_RESET);
					continue;
				}
				c->timer = T_NONE;
				c->halt = true;
				c->close_after = true;
				pump(c);
			}
		}
		for (size_t i = 0; r > 0 && i < nlisteners; i++)
			if (pfd[i].revents & POLLIN)
				accept_all(&listeners[i]);
	}
	if (stop_signal)
		logf_("signal %d: stopping", (int)stop_signal);
	for (size_t i = 0; i < MAXCONN; i++)
		if (conns[i].used)
			conn_close(&conns[i], false);
	for (size_t i = 0; i < nlisteners; i++)
		close(listeners[i].fd);
	if (opt.pidfile)
		unlink(opt.pidfile);
	return 0;
}
