/* bench/pcap/gen.c: writes the capture `make bench` reads: Ethernet,
 * IPv4, TCP; thousands of SMTP, POP3 and IMAP sessions, 64 open at once
 * with their segments interleaved (each a SYN handshake, the dialogue in
 * segments of at most 1448 octets, messages of 8-200 KB, FINs). The
 * content is plain pseudo-random text, the same for every run.
 * Usage: pcap-gen OUT.pcap MB */
#define _DEFAULT_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACTIVE 64
#define MSS 1448

static uint64_t rs = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
	rs ^= rs >> 12;
	rs ^= rs << 25;
	rs ^= rs >> 27;
	return rs * 2685821657736338717ull;
}

struct msg { uint8_t *p; size_t n; bool c2s; };
struct flow {
	struct msg *m;
	size_t nm, cap, cur, pos;
	uint32_t seq[2];
	uint32_t caddr;
	uint16_t cport, sport;
	int stage; /* 0 syn, 1 synack, 2 data, 3 fin c, 4 fin s, 5 done */
};

static FILE *out;
static uint64_t written, secs = 1700000000, usecs;

static void add(struct flow *f, bool c2s, const char *s, size_t n)
{
	if (f->nm == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 32;
		f->m = realloc(f->m, f->cap * sizeof(*f->m));
		if (f->m == NULL)
			exit(3);
	}
	f->m[f->nm].p = malloc(n ? n : 1);
	if (f->m[f->nm].p == NULL)
		exit(3);
	memcpy(f->m[f->nm].p, s, n);
	f->m[f->nm].n = n;
	f->m[f->nm].c2s = c2s;
	f->nm++;
}
static void adds(struct flow *f, bool c2s, const char *s) { add(f, c2s, s, strlen(s)); }

/* A message body of about size octets, CRLF lines, no line starting '.'. */
static void body(char *b, size_t size, size_t *n_r)
{
	static const char *const w[] = { "mail", "server", "probe", "relay", "queue",
		"header", "message", "delivery", "mailbox", "envelope", "transfer", "status" };
	size_t n = 0, col = 0;
	n += (size_t)snprintf(b, 200, "From: a@example.org\r\nTo: b@example.net\r\n"
			      "Subject: bench %llu\r\n\r\n", (unsigned long long)(rnd() % 100000));
	while (n + 20 < size) {
		const char *x = w[rnd() % 12];
		size_t k = strlen(x);
		memcpy(b + n, x, k);
		n += k;
		col += k;
		if (col > 66) {
			memcpy(b + n, "\r\n", 2);
			n += 2;
			col = 0;
		} else {
			b[n++] = ' ';
			col++;
		}
	}
	memcpy(b + n, "\r\n", 2);
	*n_r = n + 2;
}

static char *tmp;

static void session(struct flow *f, int kind)
{
	char line[512];
	size_t bn;
	int msgs = 1 + (int)(rnd() % 3);
	if (kind == 0) { /* SMTP */
		f->sport = 25;
		adds(f, false, "220 mx.example.net ESMTP ready\r\n");
		adds(f, true, "EHLO client.example.org\r\n");
		adds(f, false, "250-mx.example.net\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 8BITMIME\r\n");
		for (int i = 0; i < msgs; i++) {
			adds(f, true, "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nDATA\r\n");
			adds(f, false, "250 2.1.0 ok\r\n250 2.1.5 ok\r\n354 go ahead\r\n");
			body(tmp, 8000 + rnd() % 192000, &bn);
			memcpy(tmp + bn, ".\r\n", 3);
			add(f, true, tmp, bn + 3);
			adds(f, false, "250 2.0.0 queued as 4XYZ\r\n");
		}
		adds(f, true, "QUIT\r\n");
		adds(f, false, "221 2.0.0 bye\r\n");
	} else if (kind == 1) { /* POP3 */
		f->sport = 110;
		adds(f, false, "+OK POP3 ready <1896.697170952@dbc.mtview.ca.us>\r\n");
		adds(f, true, "USER bench\r\n");
		adds(f, false, "+OK\r\n");
		adds(f, true, "PASS secret\r\n");
		adds(f, false, "+OK maildrop locked\r\n");
		for (int i = 1; i <= msgs; i++) {
			snprintf(line, sizeof line, "RETR %d\r\n", i);
			adds(f, true, line);
			body(tmp + 20, 8000 + rnd() % 192000, &bn);
			memcpy(tmp + 15, "+OK\r\n", 5);
			memcpy(tmp + 20 + bn, ".\r\n", 3);
			add(f, false, tmp + 15, bn + 8);
		}
		adds(f, true, "QUIT\r\n");
		adds(f, false, "+OK bye\r\n");
	} else { /* IMAP */
		f->sport = 143;
		adds(f, false, "* OK [CAPABILITY IMAP4rev1 IMAP4rev2] ready\r\n");
		adds(f, true, "a1 LOGIN bench secret\r\n");
		adds(f, false, "a1 OK logged in\r\n");
		adds(f, true, "a2 SELECT INBOX\r\n");
		adds(f, false, "* 3 EXISTS\r\n* FLAGS (\\Seen \\Answered)\r\na2 OK [READ-WRITE] done\r\n");
		for (int i = 1; i <= msgs; i++) {
			snprintf(line, sizeof line, "a%d FETCH %d BODY[]\r\n", 2 + i, i);
			adds(f, true, line);
			body(tmp + 100, 8000 + rnd() % 192000, &bn);
			int h = snprintf(line, sizeof line, "* %d FETCH (BODY[] {%zu}\r\n", i, bn);
			memcpy(tmp + 100 - h, line, (size_t)h);
			int t = snprintf(line, sizeof line, ")\r\na%d OK done\r\n", 2 + i);
			memcpy(tmp + 100 + bn, line, (size_t)t);
			add(f, false, tmp + 100 - h, (size_t)h + bn + (size_t)t);
		}
		adds(f, true, "a9 LOGOUT\r\n");
		adds(f, false, "* BYE logging out\r\na9 OK bye\r\n");
	}
}

static void frame(const struct flow *f, bool c2s, uint8_t flags, const uint8_t *p, size_t n)
{
	uint8_t h[14 + 20 + 20];
	uint32_t src = c2s ? f->caddr : 0x0a000001u, dst = c2s ? 0x0a000001u : f->caddr;
	uint16_t sp = c2s ? f->cport : f->sport, dp = c2s ? f->sport : f->cport;
	uint32_t seq = f->seq[!c2s], ack = f->seq[c2s];
	size_t tot = 40 + n;
	memset(h, 0, sizeof h);
	h[0] = 2; h[5] = 1; h[6] = 2; h[11] = 2; h[12] = 0x08;
	uint8_t *ip = h + 14, *t = h + 34;
	ip[0] = 0x45; ip[2] = (uint8_t)(tot >> 8); ip[3] = (uint8_t)tot; ip[6] = 0x40;
	ip[8] = 64; ip[9] = 6;
	for (int i = 0; i < 4; i++) {
		ip[12 + i] = (uint8_t)(src >> (24 - 8 * i));
		ip[16 + i] = (uint8_t)(dst >> (24 - 8 * i));
	}
	t[0] = (uint8_t)(sp >> 8); t[1] = (uint8_t)sp; t[2] = (uint8_t)(dp >> 8); t[3] = (uint8_t)dp;
	for (int i = 0; i < 4; i++) {
		t[4 + i] = (uint8_t)(seq >> (24 - 8 * i));
		t[8 + i] = (uint8_t)(ack >> (24 - 8 * i));
	}
	t[12] = 5 << 4; t[13] = flags; t[14] = 0xff; t[15] = 0xff;
	usecs += 37;
	uint32_t rec[4] = { (uint32_t)(secs + usecs / 1000000), (uint32_t)(usecs % 1000000),
			    (uint32_t)(54 + n), (uint32_t)(54 + n) };
	fwrite(rec, 4, 4, out);
	fwrite(h, 1, sizeof h, out);
	fwrite(p, 1, n, out);
	written += 16 + 54 + n;
}

/* A frame without payload that takes one sequence number (SYN, FIN),
 * then stage next; false when that is the end (stage 5). */
static bool ctl(struct flow *f, bool c2s, uint8_t flags, int next)
{
	frame(f, c2s, flags, NULL, 0);
	f->seq[!c2s]++;
	f->stage = next;
	return next != 5;
}

/* One step of a flow: a frame. False when it is over. */
static bool step(struct flow *f)
{
	switch (f->stage) {
	case 0:
		return ctl(f, true, 0x02, 1); /* SYN */
	case 1:
		return ctl(f, false, 0x12, 2); /* SYN ACK */
	case 2: {
		struct msg *m = &f->m[f->cur];
		size_t k = m->n - f->pos < MSS ? m->n - f->pos : MSS;
		frame(f, m->c2s, 0x18, m->p + f->pos, k);
		f->seq[!m->c2s] += (uint32_t)k;
		f->pos += k;
		if (f->pos == m->n) {
			f->cur++;
			f->pos = 0;
			if (f->cur == f->nm)
				f->stage = 3;
		}
		return true;
	}
	case 3:
		return ctl(f, true, 0x11, 4); /* FIN ACK, each way */
	case 4:
		return ctl(f, false, 0x11, 5);
	default:
		return false;
	}
}

static void flow_init(struct flow *f, uint32_t id)
{
	for (size_t i = 0; i < f->nm; i++)
		free(f->m[i].p);
	f->nm = f->cur = f->pos = 0;
	f->stage = 0;
	f->caddr = 0xc0000000u | (id & 0xffffff);
	f->cport = (uint16_t)(1024 + id % 60000);
	f->seq[0] = (uint32_t)rnd();
	f->seq[1] = (uint32_t)rnd();
	session(f, (int)(id % 3));
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: pcap-gen OUT.pcap MB\n");
		return 2;
	}
	uint64_t want = (uint64_t)atoll(argv[2]) << 20; /* checksrc: allow (bench) */
	out = fopen(argv[1], "wb");
	tmp = malloc(1 << 20);
	if (out == NULL || tmp == NULL)
		return 3;
	uint32_t hdr[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1 };
	fwrite(hdr, 4, 6, out);
	struct flow *fl = calloc(ACTIVE, sizeof(*fl));
	uint32_t next = 1, flows = 0;
	for (int i = 0; i < ACTIVE; i++)
		flow_init(&fl[i], next++);
	while (written < want) {
		struct flow *f = &fl[rnd() % ACTIVE];
		if (!step(f)) {
			flows++;
			flow_init(f, next++);
		}
	}
	/* close what is open */
	for (int i = 0; i < ACTIVE; i++) {
		while (step(&fl[i]))
			;
		flows++;
	}
	if (fclose(out) != 0)
		return 3;
	fprintf(stderr, "pcap-gen: %s: %llu bytes, %u flows\n", argv[1],
		(unsigned long long)written + 24, flows);
	return 0;
}
