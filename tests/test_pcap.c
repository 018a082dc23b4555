/* test_pcap.c: pcap/: the capture reader over every link type (captures
 * written here with pcap_dump_open), VLAN and QinQ tags, IPv6 extension
 * headers, IPv4 and IPv6 fragments, file errors with their byte offsets;
 * TCP reassembly (wraparound, out of order, retransmission, overlaps that
 * agree and disagree, gaps, mid-stream start, RST, caps); flows, protocol
 * detection, pairing, the public captures of ../shared/corpora/pcap
 * against the numbers tshark gives, and extracted scripts that the
 * engine's script reader accepts. */
#define _DEFAULT_SOURCE /* u_int in the libpcap headers */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "mailprobe/pcap.h"
#include "mailprobe/replay.h"

/* ---- packet building ---- */

typedef struct pkt {
	uint8_t b[70000];
	size_t n;
} pkt;

static void put(pkt *k, const void *p, size_t n)
{
	assert_true(k->n + n <= sizeof k->b);
	if (n)
		memcpy(k->b + k->n, p, n);
	k->n += n;
}
static void put8(pkt *k, unsigned v) { uint8_t c = (uint8_t)v; put(k, &c, 1); }
static void put16(pkt *k, unsigned v) { put8(k, v >> 8); put8(k, v & 0xff); }
static void put32(pkt *k, uint32_t v) { put16(k, v >> 16); put16(k, v & 0xffff); }

static const uint8_t C4[4] = { 192, 0, 2, 1 }, S4[4] = { 192, 0, 2, 25 };
static const uint8_t C6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t S6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x25 };

/* TCP header + payload */
static void tcp_hdr(pkt *k, uint16_t sp, uint16_t dp, uint32_t seq,
		    uint32_t ack, uint8_t flags, const void *pay, size_t n)
{
	put16(k, sp);
	put16(k, dp);
	put32(k, seq);
	put32(k, ack);
	put8(k, 5 << 4);
	put8(k, flags);
	put16(k, 65535);
	put16(k, 0);
	put16(k, 0);
	put(k, pay, n);
}

static void ip4_hdr(pkt *k, bool c2s, size_t plen, uint16_t id, unsigned fl_off,
		    uint8_t proto)
{
	put8(k, 0x45);
	put8(k, 0);
	put16(k, (unsigned)(20 + plen));
	put16(k, id);
	put16(k, fl_off);
	put8(k, 64);
	put8(k, proto);
	put16(k, 0);
	put(k, c2s ? C4 : S4, 4);
	put(k, c2s ? S4 : C4, 4);
}

static void ip6_hdr(pkt *k, bool c2s, size_t plen, uint8_t nh)
{
	put32(k, 0x60000000);
	put16(k, (unsigned)plen);
	put8(k, nh);
	put8(k, 64);
	put(k, c2s ? C6 : S6, 16);
	put(k, c2s ? S6 : C6, 16);
}

/* An IP packet (v4 or v6) holding one TCP segment. */
static void ip_tcp(pkt *k, int v, bool c2s, uint32_t seq, uint8_t flags,
		   const char *pay)
{
	size_t n = pay ? strlen(pay) : 0;
	uint16_t sp = c2s ? 40000 : 25, dp = c2s ? 25 : 40000;
	if (v == 4)
		ip4_hdr(k, c2s, 20 + n, 1, 0x4000, 6);
	else
		ip6_hdr(k, c2s, 20 + n, 6);
	tcp_hdr(k, sp, dp, seq, 1, flags, pay, n);
}

/* ---- capture files ---- */

typedef struct capw {
	pcap_t *dead;
	pcap_dumper_t *d;
	char path[64];
	uint32_t t;
} capw;

static void cap_open(capw *w, int dlt, int snaplen)
{
	snprintf(w->path, sizeof w->path, "/tmp/mp-test-pcap-XXXXXX");
	int fd = mkstemp(w->path);
	assert_true(fd >= 0);
	close(fd);
	w->dead = pcap_open_dead(dlt, snaplen);
	assert_non_null(w->dead);
	w->d = pcap_dump_open(w->dead, w->path);
	assert_non_null(w->d);
	w->t = 1000;
}

static void cap_write(capw *w, const pkt *k, size_t caplen)
{
	struct pcap_pkthdr h;
	memset(&h, 0, sizeof h);
	h.ts.tv_sec = w->t++;
	h.caplen = (bpf_u_int32)(caplen < k->n ? caplen : k->n);
	h.len = (bpf_u_int32)k->n;
	pcap_dump((u_char *)w->d, &h, k->b);
}

static void cap_close(capw *w)
{
	pcap_dump_close(w->d);
	pcap_close(w->dead);
}

/* Reads every frame of path and decodes it; returns the TCP segments'
 * payloads joined, and the number of segments. */
typedef struct decoded {
	char pay[4096];
	size_t n;
	size_t segs, invalid;
	uint16_t sport;
	uint8_t af;
	mp_pdiag dv[64];
	mp_pdiags d;
} decoded;

static void decode_file(const char *path, decoded *o)
{
	char err[MP_PCAP_ERR_MAX];
	mp_pcap *p;
	memset(o, 0, sizeof(*o));
	o->d = (mp_pdiags){ o->dv, 64, 0, 0 };
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	mp_rc rc = mp_pcap_open(f, &p, err);
	if (rc != MP_OK)
		fail_msg("open: %s", err);
	mp_decoder dc = { 0 };
	mp_frame fr;
	while ((rc = mp_pcap_next(p, &fr, err)) == MP_OK) {
		mp_tcpseg s;
		mp_rc r = mp_decode(&dc, mp_pcap_linktype(p), &fr, &s, &o->d);
		if (r == MP_INVALID)
			o->invalid++;
		if (r != MP_OK)
			continue;
		o->segs++;
		o->sport = s.sport;
		o->af = s.src.af;
		assert_true(o->n + s.n < sizeof o->pay);
		memcpy(o->pay + o->n, s.payload, s.n);
		o->n += s.n;
	}
	assert_int_equal(rc, MP_NEED_MORE);
	mp_decoder_finish(&dc, &o->d);
	mp_decoder_free(&dc);
	mp_pcap_close(&p);
	o->pay[o->n] = '\0';
}

static bool has_rule(const mp_pdiags *d, mp_rule r)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].rule == r)
			return true;
	return false;
}

/* ---- link types ---- */

enum { L_ETH, L_VLAN, L_QINQ, L_SLL, L_SLL2, L_NULL, L_LOOP, L_RAW, L_IPV4, L_IPV6 };
static const struct { int kind, dlt; const char *name; } links[] = {
	{ L_ETH, DLT_EN10MB, "ethernet" },
	{ L_VLAN, DLT_EN10MB, "802.1Q" },
	{ L_QINQ, DLT_EN10MB, "QinQ 802.1ad + 802.1Q" },
	{ L_SLL, DLT_LINUX_SLL, "linux cooked v1" },
	{ L_SLL2, DLT_LINUX_SLL2, "linux cooked v2" },
	{ L_NULL, DLT_NULL, "BSD null" },
	{ L_LOOP, DLT_LOOP, "OpenBSD loop" },
	{ L_RAW, DLT_RAW, "raw IP" },
	{ L_IPV4, 228, "LINKTYPE_IPV4" },
	{ L_IPV6, 229, "LINKTYPE_IPV6" },
};

static void link_hdr(pkt *k, int kind, int v)
{
	unsigned et = v == 4 ? 0x0800 : 0x86dd;
	static const uint8_t mac[12] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2 };
	switch (kind) {
	case L_ETH:
		put(k, mac, 12);
		put16(k, et);
		break;
	case L_VLAN:
		put(k, mac, 12);
		put16(k, 0x8100);
		put16(k, 42);
		put16(k, et);
		break;
	case L_QINQ:
		put(k, mac, 12);
		put16(k, 0x88a8);
		put16(k, 7);
		put16(k, 0x8100);
		put16(k, 42);
		put16(k, et);
		break;
	case L_SLL:
		put16(k, 0);
		put16(k, 1);
		put16(k, 6);
		put(k, mac, 8);
		put16(k, et);
		break;
	case L_SLL2:
		put16(k, et);
		put16(k, 0);
		put32(k, 1);
		put16(k, 1);
		put8(k, 0);
		put8(k, 6);
		put(k, mac, 8);
		break;
	case L_NULL: { /* host byte order, as the writer's */
		uint32_t fam = v == 4 ? 2 : 30;
		put(k, &fam, 4);
		break;
	}
	case L_LOOP:
		put32(k, v == 4 ? 2 : 24);
		break;
	default:
		break;
	}
}

static void test_link_types(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
		for (int v = 4; v <= 6; v += 2) {
			if ((links[i].kind == L_IPV4 && v == 6) ||
			    (links[i].kind == L_IPV6 && v == 4))
				continue;
			capw w;
			pkt k = { .n = 0 };
			cap_open(&w, links[i].dlt, 65535);
			link_hdr(&k, links[i].kind, v);
			ip_tcp(&k, v, false, 100, MP_TCP_ACK | MP_TCP_PSH, "220 hello\r\n");
			cap_write(&w, &k, k.n);
			cap_close(&w);
			decoded o;
			decode_file(w.path, &o);
			unlink(w.path);
			if (o.segs != 1 || strcmp(o.pay, "220 hello\r\n") != 0 ||
			    o.sport != 25 || o.af != v)
				fail_msg("%s IPv%d: got %zu segments '%s' port %u af %u, want 1 '220 hello'",
					 links[i].name, v, o.segs, o.pay, o.sport, o.af);
		}
	}
}

/* Ethernet frames padded to 60 octets: the padding is not payload. */
static void test_ethernet_padding(void **state)
{
	(void)state;
	capw w;
	pkt k = { .n = 0 };
	cap_open(&w, DLT_EN10MB, 65535);
	link_hdr(&k, L_ETH, 4);
	ip_tcp(&k, 4, true, 5, MP_TCP_ACK, "Q");
	while (k.n < 60)
		put8(&k, 0xee);
	cap_write(&w, &k, k.n);
	cap_close(&w);
	decoded o;
	decode_file(w.path, &o);
	unlink(w.path);
	assert_string_equal(o.pay, "Q");
}

/* IPv6: hop-by-hop, destination options, routing and AH before TCP. */
static void test_ipv6_ext_headers(void **state)
{
	(void)state;
	capw w;
	pkt k = { .n = 0 };
	const char *pay = "+OK ready\r\n";
	size_t n = strlen(pay);
	cap_open(&w, DLT_RAW, 65535);
	/* 8 (hbh) + 16 (dst, len 1) + 24 (routing, len 2) + 16 (AH: (2+2)*4) */
	ip6_hdr(&k, false, 8 + 16 + 24 + 16 + 20 + n, 0);
	put8(&k, 60); put8(&k, 0); put16(&k, 0); put32(&k, 0x01040000); /* hbh: PadN */
	put8(&k, 43); put8(&k, 1); for (int i = 0; i < 14; i++) put8(&k, 0);
	put8(&k, 51); put8(&k, 2); put8(&k, 0); put8(&k, 0); for (int i = 0; i < 20; i++) put8(&k, 0);
	put8(&k, 6); put8(&k, 2); for (int i = 0; i < 14; i++) put8(&k, 0);
	tcp_hdr(&k, 110, 40000, 7, 1, MP_TCP_ACK, pay, n);
	cap_write(&w, &k, k.n);
	/* ESP: the chain ends, no TCP to see */
	k.n = 0;
	ip6_hdr(&k, false, 16, 50);
	for (int i = 0; i < 16; i++) put8(&k, 0);
	cap_write(&w, &k, k.n);
	/* a chain cut inside an extension header */
	k.n = 0;
	ip6_hdr(&k, false, 4, 0);
	put32(&k, 0x06000000);
	cap_write(&w, &k, k.n);
	cap_close(&w);
	decoded o;
	decode_file(w.path, &o);
	unlink(w.path);
	assert_int_equal(o.segs, 1);
	assert_string_equal(o.pay, pay);
	assert_int_equal(o.sport, 110);
	assert_int_equal(o.invalid, 1);
	assert_true(has_rule(&o.d, MP_R_PCAP_IP6_MALFORMED));
}

/* One TCP segment in IPv4 fragments, delivered out of order; a second
 * datagram with an overlap that disagrees; a third never completed. */
static void ip4_frag(capw *w, uint16_t id, const uint8_t *dgram, size_t off,
		     size_t n, bool more)
{
	pkt k = { .n = 0 };
	ip4_hdr(&k, false, n, id, (unsigned)(off / 8) | (more ? 0x2000u : 0u), 6);
	put(&k, dgram + off, n);
	cap_write(w, &k, k.n);
}

static void test_ipv4_fragments(void **state)
{
	(void)state;
	pkt t = { .n = 0 };
	char pay[100];
	memset(pay, 'a', sizeof pay);
	memcpy(pay, "* OK ", 5);
	tcp_hdr(&t, 143, 40000, 9, 1, MP_TCP_ACK, pay, sizeof pay); /* 120 octets */
	capw w;
	cap_open(&w, DLT_RAW, 65535);
	ip4_frag(&w, 7, t.b, 64, 56, false);
	ip4_frag(&w, 7, t.b, 0, 32, true);
	ip4_frag(&w, 7, t.b, 32, 32, true);
	/* id 8: the same, and a copy of bytes 32..63 that differs */
	uint8_t bad[120];
	memcpy(bad, t.b, 120);
	bad[40] ^= 1;
	ip4_frag(&w, 8, t.b, 0, 32, true);
	ip4_frag(&w, 8, t.b, 32, 32, true);
	ip4_frag(&w, 8, bad, 32, 32, true);
	ip4_frag(&w, 8, t.b, 64, 56, false);
	/* id 9: a first fragment only */
	ip4_frag(&w, 9, t.b, 0, 32, true);
	cap_close(&w);
	decoded o;
	decode_file(w.path, &o);
	unlink(w.path);
	assert_int_equal(o.segs, 2);
	assert_int_equal(o.n, 200);
	assert_memory_equal(o.pay, pay, 100);
	assert_memory_equal(o.pay + 100, pay, 100); /* first copy kept */
	assert_true(has_rule(&o.d, MP_R_PCAP_IP_FRAGMENTED));
	assert_true(has_rule(&o.d, MP_R_PCAP_FRAG_OVERLAP));
	assert_true(has_rule(&o.d, MP_R_PCAP_FRAG_INCOMPLETE));
}

static void test_ipv6_fragments(void **state)
{
	(void)state;
	pkt t = { .n = 0 };
	const char *pay = "220 fragmented greeting over IPv6, long enough for two\r\n";
	size_t n = strlen(pay);
	tcp_hdr(&t, 25, 40000, 1, 1, MP_TCP_ACK, pay, n);
	capw w;
	cap_open(&w, DLT_RAW, 65535);
	size_t cut = 40;
	for (int part = 1; part >= 0; part--) { /* second part first */
		pkt k = { .n = 0 };
		size_t off = part ? cut : 0, len = part ? t.n - cut : cut;
		ip6_hdr(&k, false, 8 + len, 44);
		put8(&k, 6);
		put8(&k, 0);
		put16(&k, (unsigned)off | (part ? 0u : 1u));
		put32(&k, 0xabcd);
		put(&k, t.b + off, len);
		cap_write(&w, &k, k.n);
	}
	cap_close(&w);
	decoded o;
	decode_file(w.path, &o);
	unlink(w.path);
	assert_int_equal(o.segs, 1);
	assert_string_equal(o.pay, pay);
}

/* Frames cut by the snaplen: the payload is what was captured. */
static void test_snaplen_cut(void **state)
{
	(void)state;
	capw w;
	pkt k = { .n = 0 };
	cap_open(&w, DLT_EN10MB, 64);
	link_hdr(&k, L_ETH, 4);
	ip_tcp(&k, 4, false, 100, MP_TCP_ACK, "220 this line is longer than the snaplen lets through\r\n");
	cap_write(&w, &k, 64);
	cap_close(&w);
	decoded o;
	decode_file(w.path, &o);
	unlink(w.path);
	assert_int_equal(o.segs, 1);
	assert_int_equal(o.n, 64 - 14 - 40);
	assert_true(has_rule(&o.d, MP_R_PCAP_FRAME_TRUNCATED));
}

/* ---- file errors: clear messages with byte offsets ---- */

static mp_rc open_bytes(const uint8_t *b, size_t n, char *err, mp_pcap **p)
{
	FILE *f = fmemopen((void *)b, n, "rb");
	assert_non_null(f);
	return mp_pcap_open(f, p, err);
}

static void test_file_errors(void **state)
{
	(void)state;
	char err[MP_PCAP_ERR_MAX];
	mp_pcap *p;
	static const uint8_t junk[] = "From: not a capture\r\n";
	assert_int_equal(open_bytes(junk, sizeof junk - 1, err, &p), MP_INVALID);
	assert_non_null(strstr(err, "magic"));
	assert_non_null(strstr(err, "at byte 0"));

	uint8_t h[24 + 16 + 60];
	memset(h, 0, sizeof h);
	uint32_t v[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1 };
	memcpy(h, v, 24);
	assert_int_equal(open_bytes(h, 10, err, &p), MP_INVALID);
	assert_non_null(strstr(err, "truncated"));

	v[4] = 0xfffffff0; /* absurd snaplen */
	memcpy(h, v, 24);
	assert_int_equal(open_bytes(h, 24, err, &p), MP_INVALID);
	assert_non_null(strstr(err, "snaplen"));
	assert_non_null(strstr(err, "at byte 16"));

	v[4] = 65535;
	v[5] = 147; /* USER0: not ours */
	memcpy(h, v, 24);
	assert_int_equal(open_bytes(h, 24, err, &p), MP_INVALID);
	assert_non_null(strstr(err, "link type 147"));
	assert_non_null(strstr(err, "at byte 20"));

	/* a record whose body is cut: an error at the record's offset */
	v[5] = 1;
	memcpy(h, v, 24);
	uint32_t r[4] = { 1, 0, 60, 60 };
	memcpy(h + 24, r, 16);
	assert_int_equal(open_bytes(h, 24 + 16 + 60, err, &p), MP_OK);
	mp_frame fr;
	assert_int_equal(mp_pcap_next(p, &fr, err), MP_OK);
	assert_int_equal(fr.file_off, 24);
	assert_int_equal(mp_pcap_next(p, &fr, err), MP_NEED_MORE);
	mp_pcap_close(&p);
	assert_int_equal(open_bytes(h, 24 + 16 + 30, err, &p), MP_OK);
	assert_int_equal(mp_pcap_next(p, &fr, err), MP_INVALID);
	assert_non_null(strstr(err, "at byte 24"));
	mp_pcap_close(&p);
	/* a record header cut short */
	assert_int_equal(open_bytes(h, 24 + 7, err, &p), MP_OK);
	assert_int_equal(mp_pcap_next(p, &fr, err), MP_INVALID);
	assert_non_null(strstr(err, "at byte 24"));
	mp_pcap_close(&p);
	/* a record longer than any snaplen */
	r[2] = r[3] = 0x7fffffff;
	memcpy(h + 24, r, 16);
	assert_int_equal(open_bytes(h, sizeof h, err, &p), MP_OK);
	assert_int_equal(mp_pcap_next(p, &fr, err), MP_INVALID);
	assert_non_null(strstr(err, "at byte 24"));
	mp_pcap_close(&p);
}

/* ---- reassembly ---- */

typedef struct coll {
	char buf[8192];
	size_t n;
	uint64_t next;    /* offsets must follow each other */
	char log[1024];   /* "gap@off+n " */
	mp_pdiag dv[64];
	mp_pdiags d;
	mp_reasm r;
	mp_reasm_pool pool;
	mp_reasm_out o;
} coll;

static void c_data(void *ctx, uint64_t off, const uint8_t *p, size_t n, uint64_t frame)
{
	coll *c = ctx;
	(void)frame;
	assert_int_equal(off, c->next);
	assert_true(c->n + n < sizeof c->buf);
	memcpy(c->buf + c->n, p, n);
	c->n += n;
	c->next += n;
	c->buf[c->n] = '\0';
}

static void c_gap(void *ctx, uint64_t off, uint64_t n, uint64_t frame)
{
	coll *c = ctx;
	(void)frame;
	assert_int_equal(off, c->next);
	size_t k = strlen(c->log);
	snprintf(c->log + k, sizeof c->log - k, "gap@%llu+%llu ",
		 (unsigned long long)off, (unsigned long long)n);
	c->next += n;
	/* gaps show in the text as '#' */
	for (uint64_t i = 0; i < n && c->n + 1 < sizeof c->buf; i++)
		c->buf[c->n++] = '#';
	c->buf[c->n] = '\0';
}

static void c_init(coll *c)
{
	memset(c, 0, sizeof(*c));
	c->d = (mp_pdiags){ c->dv, 64, 0, 0 };
	c->o = (mp_reasm_out){ c, c_data, c_gap, &c->d };
}

static void c_seg(coll *c, uint32_t seq, uint8_t fl, const char *p)
{
	uint32_t n = p ? (uint32_t)strlen(p) : 0;
	mp_reasm_segment(&c->r, &c->pool, &c->o, seq, fl, (const uint8_t *)p, n, n, 1);
}

static void c_done(coll *c)
{
	mp_reasm_finish(&c->r, &c->pool, &c->o);
	mp_reasm_free(&c->r, &c->pool);
	assert_int_equal(c->pool.held, 0);
}

#define A MP_TCP_ACK

static void test_reasm_in_order_wrap(void **state)
{
	(void)state;
	coll c;
	c_init(&c);
	uint32_t isn = 0xfffffff8u; /* the stream wraps after 7 octets */
	c_seg(&c, isn, MP_TCP_SYN, NULL);
	c_seg(&c, isn + 1, A, "EHLO x\r\n");
	c_seg(&c, isn + 9, A, "MAIL FROM:<>\r\n");
	c_seg(&c, isn + 23, A | MP_TCP_FIN, "QUIT\r\n");
	assert_true(c.r.closed);
	c_done(&c);
	assert_string_equal(c.buf, "EHLO x\r\nMAIL FROM:<>\r\nQUIT\r\n");
	assert_int_equal(c.d.n, 0);
	assert_string_equal(c.log, "");
}

static void test_reasm_out_of_order(void **state)
{
	(void)state;
	coll c;
	c_init(&c);
	c_seg(&c, 1000, MP_TCP_SYN, NULL);
	c_seg(&c, 1012, A, "world ");
	c_seg(&c, 1018, A | MP_TCP_FIN, "again");
	assert_int_equal(c.n, 0);
	c_seg(&c, 1001, A, "hello dear"); /* one octet short of 1012 */
	assert_string_equal(c.buf, "hello dear");
	c_seg(&c, 1011, A, " ");
	assert_string_equal(c.buf, "hello dear world again");
	assert_true(c.r.closed);
	assert_int_equal(c.r.ooo, 2);
	c_done(&c);
	assert_int_equal(c.d.n, 0);
}

/* Retransmissions that agree are counted; ones that differ are an
 * anomaly, and the first copy stays, whether it was delivered (retained
 * tail) or held out of order. */
static void test_reasm_overlaps(void **state)
{
	(void)state;
	coll c;
	c_init(&c);
	c_seg(&c, 0, MP_TCP_SYN, NULL);
	c_seg(&c, 1, A, "abcdef");
	c_seg(&c, 1, A, "abcdef");   /* a full retransmission */
	c_seg(&c, 4, A, "defgh");    /* overlaps the end, agrees */
	assert_string_equal(c.buf, "abcdefgh");
	assert_int_equal(c.d.n, 0);
	assert_int_equal(c.r.retrans, 2);
	c_seg(&c, 3, A, "XY");       /* disagrees with delivered octets */
	assert_int_equal(c.d.n, 1);
	assert_int_equal(c.d.v[0].rule, MP_R_TCP_OVERLAP_DIFFERS);
	assert_int_equal(c.d.v[0].offset, 2);
	c_seg(&c, 20, A, "tuvw");    /* held */
	c_seg(&c, 22, A, "vwxy");    /* agrees with the held part */
	c_seg(&c, 18, A, "rsTU");    /* disagrees with the held part */
	assert_int_equal(c.d.n, 2);
	assert_int_equal(c.d.v[1].rule, MP_R_TCP_OVERLAP_DIFFERS);
	c_seg(&c, 9, A, "ijklmnopq");
	assert_string_equal(c.buf, "abcdefghijklmnopqrstuvwxy");
	c_done(&c);
}

/* Losses: the hole is a gap of its size when the capture ends. */
static void test_reasm_gaps(void **state)
{
	(void)state;
	coll c;
	c_init(&c);
	c_seg(&c, 0, MP_TCP_SYN, NULL);
	c_seg(&c, 1, A, "one ");
	c_seg(&c, 9, A, "three ");
	c_seg(&c, 20, A | MP_TCP_FIN, "five");
	assert_string_equal(c.buf, "one ");
	c_done(&c);
	assert_string_equal(c.buf, "one ####three #####five");
	assert_string_equal(c.log, "gap@4+4 gap@14+5 ");
	assert_int_equal(c.r.gaps, 2);
	assert_int_equal(c.r.gap_bytes, 9);
	assert_true(c.d.n == 2 && c.d.v[0].rule == MP_R_TCP_GAP && c.d.v[0].size == 4);
	/* the data before a FIN that never came */
	coll e;
	c_init(&e);
	c_seg(&e, 0, MP_TCP_SYN, NULL);
	c_seg(&e, 1, A, "ab");
	c_seg(&e, 10, A | MP_TCP_FIN, NULL);
	c_done(&e);
	assert_string_equal(e.log, "gap@2+7 ");
}

/* No SYN: the first segment seen is offset 0; older ones are ignored. */
static void test_reasm_midstream(void **state)
{
	(void)state;
	coll c;
	c_init(&c);
	c_seg(&c, 5000, A, NULL); /* a pure ACK fixes nothing */
	c_seg(&c, 7000, A, "middle ");
	c_seg(&c, 6990, A, "0123456789");
	c_seg(&c, 6995, A, "56789middle end");
	c_done(&c);
	assert_string_equal(c.buf, "middle end");
	assert_true(c.d.n >= 2);
	assert_int_equal(c.d.v[0].rule, MP_R_TCP_MIDSTREAM);
	assert_int_equal(c.d.v[1].rule, MP_R_TCP_BEFORE_START);
}

static void test_reasm_rst_and_fin(void **state)
{
	(void)state;
	coll c;
	c_init(&c);
	c_seg(&c, 0, MP_TCP_SYN, NULL);
	c_seg(&c, 1, A | MP_TCP_FIN, "bye");
	c_seg(&c, 4, A, "more"); /* beyond the FIN */
	assert_string_equal(c.buf, "bye");
	assert_true(c.r.closed);
	assert_int_equal(c.d.v[0].rule, MP_R_TCP_DATA_AFTER_FIN);
	c_seg(&c, 5, MP_TCP_RST, NULL);
	assert_true(c.r.rst);
	assert_int_equal(c.d.v[1].rule, MP_R_TCP_RESET);
	c_done(&c);
}

/* Caps: past the per-direction cap the oldest hole becomes a gap. */
static void test_reasm_caps(void **state)
{
	(void)state;
	coll c;
	c_init(&c);
	c.pool.max_flow = 8;
	c_seg(&c, 0, MP_TCP_SYN, NULL);
	c_seg(&c, 1, A, "a");
	c_seg(&c, 3, A, "cdef");
	c_seg(&c, 7, A, "ghij"); /* 8 held would be fine, */
	c_seg(&c, 12, A, "lm");  /* 10 is not: the hole at 1 goes */
	assert_string_equal(c.buf, "a#cdefghij");
	assert_true(c.pool.held <= 8);
	c_done(&c);
	assert_string_equal(c.buf, "a#cdefghij#lm");
	bool lim = false;
	for (size_t i = 0; i < c.d.n; i++)
		lim |= c.d.v[i].rule == MP_R_TCP_BUFFER_LIMIT;
	assert_true(lim);
}

/* Octets cut by the snaplen: a gap at once, the stream goes on. */
static void test_reasm_cut_segments(void **state)
{
	(void)state;
	coll c;
	c_init(&c);
	c_seg(&c, 0, MP_TCP_SYN, NULL);
	mp_reasm_segment(&c.r, &c.pool, &c.o, 1, A, (const uint8_t *)"abcdef", 3, 6, 2);
	assert_string_equal(c.buf, "abc###");
	c_seg(&c, 7, A, "gh");
	assert_string_equal(c.buf, "abc###gh");
	c_done(&c);
}

/* In order and shuffled: the same stream (a fixed permutation here; the
 * fuzz target fuzz_reassembly checks any). */
static void test_reasm_shuffle(void **state)
{
	(void)state;
	static const char text[] = "The quick brown fox jumps over the lazy dog, "
				   "again and again, until the stream wraps, "
				   "and then some more octets to pass the hundred.";
	size_t n = sizeof text - 1;
	struct { uint32_t off, len; } segs[] = {
		{ 0, 7 }, { 5, 9 }, { 14, 10 }, { 20, 3 }, { 24, 30 },
		{ 40, 20 }, { 60, 40 }, { 100, (uint32_t)(n - 100) } };
	int perm[] = { 6, 2, 7, 0, 4, 1, 5, 3 };
	coll a, b;
	c_init(&a);
	c_init(&b);
	uint32_t isn = 0xffffffe0u;
	c_seg(&a, isn, MP_TCP_SYN, NULL);
	c_seg(&b, isn, MP_TCP_SYN, NULL);
	for (size_t i = 0; i < 8; i++) {
		mp_reasm_segment(&a.r, &a.pool, &a.o, isn + 1 + segs[i].off, A,
				 (const uint8_t *)text + segs[i].off, segs[i].len, segs[i].len, 1);
		int j = perm[i];
		mp_reasm_segment(&b.r, &b.pool, &b.o, isn + 1 + segs[j].off, A,
				 (const uint8_t *)text + segs[j].off, segs[j].len, segs[j].len, 1);
	}
	c_done(&a);
	c_done(&b);
	assert_string_equal(a.buf, text);
	assert_string_equal(b.buf, text);
}


/* ---- flows ---- */

typedef struct run {
	uint64_t flows, bytes, commands, replies, tls_flows, starttls;
	uint64_t protos[5];
	uint64_t findings, serious; /* serious: MUST and SHOULD */
	mp_extract *x;
	char err[MP_PCAP_ERR_MAX];
} run;

static void r_item(void *ctx, const mp_flowinfo *f, const mp_item *it)
{
	run *r = ctx;
	if (it->kind == MP_IT_FINDING) {
		r->findings++;
		if (mp_rule_level(it->rule) <= MP_SHOULD)
			r->serious++;
	}
	if (r->x)
		mp_extract_item(r->x, f, it);
}

static void r_done(void *ctx, const mp_flowinfo *f)
{
	run *r = ctx;
	if (f->bytes[0] + f->bytes[1] > 0)
		r->flows++;
	r->bytes += f->bytes[0] + f->bytes[1];
	r->commands += f->commands;
	r->replies += f->replies;
	r->protos[f->proto]++;
	r->starttls += f->starttls;
	if (r->x)
		mp_extract_done(r->x, f);
}

/* The CLI's loop: MP_OK, or MP_INVALID with r->err. */
static mp_rc run_file(const char *path, run *r, bool lint, const char *xdir)
{
	mp_pcap *p;
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	memset(r, 0, sizeof(*r));
	if (mp_pcap_open(f, &p, r->err) != MP_OK)
		return MP_INVALID;
	mp_pcap_opts o = { .lint = lint, .items = xdir != NULL };
	mp_flow_cb cb = { r, r_item, r_done };
	mp_flows *fl;
	if (xdir)
		assert_int_equal(mp_extract_new(xdir, path, false, &r->x), MP_OK);
	assert_int_equal(mp_flows_new(&o, &cb, &fl), MP_OK);
	mp_decoder dc = { 0 };
	mp_frame fr;
	mp_tcpseg seg;
	mp_rc rc;
	while ((rc = mp_pcap_next(p, &fr, r->err)) == MP_OK)
		if (mp_decode(&dc, mp_pcap_linktype(p), &fr, &seg, mp_flows_diags(fl)) == MP_OK)
			mp_flows_segment(fl, &seg, fr.sec, fr.usec);
	mp_decoder_finish(&dc, mp_flows_diags(fl));
	mp_flows_finish(fl);
	mp_flows_free(&fl);
	mp_decoder_free(&dc);
	mp_pcap_close(&p);
	if (r->x) {
		uint64_t errors = 1;
		mp_extract_free(&r->x, &errors);
		assert_int_equal(errors, 0);
	}
	return rc == MP_INVALID ? MP_INVALID : MP_OK;
}

/* Flows with payload and octets both ways (TCP payload delivered once,
 * gaps left out) as tshark 4.0.17 `-z follow,tcp,raw,N` counts them. */
static const struct { const char *path; uint64_t flows, bytes; int bad; } corpus[] = {
	{ "arkime/imap-tag.pcap", 1, 18, 0 },
	{ "arkime/imap.pcap", 3, 22363, 0 },
	{ "arkime/pop3-tag.pcap", 1, 16, 0 },
	{ "arkime/smtp-data-250.pcap", 1, 1898, 0 },
	{ "arkime/smtp-data-521.pcap", 1, 3976, 0 },
	{ "arkime/smtp-decrypted.pcap", 4, 29004, 0 },
	{ "arkime/smtp-html.pcap", 1, 169, 0 },
	{ "arkime/smtp-moloch-bof.pcap", 1, 9399, 0 },
	{ "arkime/smtp-nospaces.pcap", 1, 352, 0 },
	{ "arkime/smtp-originating.pcap", 1, 2172, 0 },
	{ "arkime/smtp-rcpt-553.pcap", 1, 789, 0 },
	{ "arkime/smtp-starttls.pcap", 1, 6011, 0 },
	{ "arkime/smtp-subject-8859-b.pcap", 1, 2151, 0 },
	{ "arkime/smtp-subject-8859-multi.pcap", 1, 1341, 0 },
	{ "arkime/smtp-subject-8859-q.pcap", 1, 1570, 0 },
	{ "arkime/smtp-subject-encoded-empty.pcap", 1, 1106, 0 },
	{ "arkime/smtp-subject-gb2312-b.pcap", 1, 2059, 0 },
	{ "arkime/smtp-subject-multi-nospace.pcap", 1, 325, 0 },
	{ "arkime/smtp-subject-utf8-mixed.pcap", 1, 1594, 0 },
	{ "arkime/smtp-subject-utf8-q.pcap", 1, 2329, 0 },
	{ "arkime/smtp-subject-windows.pcap", 1, 960, 0 },
	{ "arkime/smtp-zip.pcap", 1, 1969, 0 },
	{ "arkime/socks5-smtp-503.pcap", 1, 327, 0 },
	{ "pcapplusplus/Smtp.pcap", 2, 310, 0 }, /* tshark 346: frames 7 and 8 repeat sequence numbers with other octets; first copy wins (TCP_OVERLAP_DIFFERS x2) */
	{ "profuzzbench/smtp_requests_full.pcap", 1, 531, 0 },
	{ "profuzzbench/smtp_requests_full_bdat.pcap", 1, 437, 0 },
	{ "suricata-verify/bug-1045__smtpsuricataflowbitsFN.pcap", 1, 902, 0 },
	{ "suricata-verify/bug-1449-01__suricata_stackoverflow.pcap", 1, 572, 0 },
	{ "suricata-verify/bug-3616-smtp.pcap", 1, 15243, 0 },
	{ "suricata-verify/bug-6207-1.pcap", 1, 1593, 0 },
	{ "suricata-verify/bug-6207-2.pcap", 1, 1196, 0 },
	{ "suricata-verify/detect-email-received.pcap", 1, 1079, 0 },
	{ "suricata-verify/firewall-ruletype-firewall-122-smtp__smtp-simple-session.pcap", 1, 498, 0 },
	{ "suricata-verify/firewall-ruletype-firewall-125-smtp-all-rcpts-required-drop__two-rcpt.pcap", 1, 586, 0 },
	{ "suricata-verify/firewall-ruletype-firewall-127-smtp-interactive-commands__smtp-interactive.pcap", 1, 665, 0 },
	{ "suricata-verify/firewall-ruletype-firewall-128-smtp-rset-next-tx-delivered__smtp-rset-change-sender.pcap", 1, 576, 0 },
	{ "suricata-verify/firewall-ruletype-firewall-130-smtp-rset-after-rcpt__smtp-rset-after-rcpt.pcap", 1, 606, 0 },
	{ "suricata-verify/firewall-ruletype-firewall-131-smtp-quit-after-mail-from__smtp-quit-after-mail.pcap", 1, 149, 0 },
	{ "suricata-verify/firewall-ruletype-firewall-132-smtp-nested-mail-from__smtp-nested-mail.pcap", 1, 564, 0 },
	{ "suricata-verify/firewall-ruletype-firewall-133-smtp-out-of-order-commands__smtp-out-of-order.pcap", 1, 602, 0 },
	{ "suricata-verify/firewall-ruletype-firewall-134-smtp-rset-then-quit__smtp-rset-then-quit.pcap", 1, 210, 0 },
	{ "suricata-verify/firewall-ruletype-firewall-135-smtp-multi-mail-accept__smtp-multi-mail.pcap", 1, 1279, 0 },
	{ "suricata-verify/firewall-ruletype-firewall-139-smtp-pipelined-post-data-mail-from__smtp-pipelined-post-data-mail-from.pcap", 1, 1015, 0 },
	{ "suricata-verify/imap-detection.pcap", 1, 21515, 0 },
	{ "suricata-verify/issue-4220-01-ids__1flowB.pcap", 1, 964634, 0 },
	{ "suricata-verify/mime__mime-dec-parse-full-msg-test01.pcap", 1, 685, 0 },
	{ "suricata-verify/mime__mime-dec-parse-full-msg-test02.pcap", 1, 704, 0 },
	{ "suricata-verify/mime__mime-dec-parse-line-test01.pcap", 1, 736, 0 },
	{ "suricata-verify/mime__mime-dec-parse-line-test02.pcap", 1, 788, 0 },
	{ "suricata-verify/mime__mime-dec-parse-long-filename01.pcap", 1, 1012, 0 },
	{ "suricata-verify/mime__mime-dec-parse-long-filename02.pcap", 1, 1268, 0 },
	{ "suricata-verify/mime__mime-dec-parse-odd-len.pcap", 1, 751, 0 },
	{ "suricata-verify/mime__mime-dec-parse-rem-sp.pcap", 1, 750, 0 },
	{ "suricata-verify/mime__mime-dec-parse-small-rem-inp.pcap", 1, 757, 0 },
	{ "suricata-verify/mime__mime-dec-very-small-inp.pcap", 1, 754, 0 },
	{ "suricata-verify/mime__mime-quoted-printable.pcap", 1, 45353, 0 },
	{ "suricata-verify/mime__smtp-mime-encap-8649-baseline.pcap", 1, 420, 0 },
	{ "suricata-verify/mime__smtp-mime-encap-8649-combined.pcap", 1, 611, 0 },
	{ "suricata-verify/pop3-02-bug-7709.pcap", 2, 7196, 0 },
	{ "suricata-verify/pop3-03-bug-7709.pcap", 2, 281, 0 },
	{ "suricata-verify/pop3-auth-01.pcap", 1, 369, 0 },
	{ "suricata-verify/pop3.pcap", 1, 158354, 0 },
	{ "suricata-verify/protocol-change-failed-event.pcap", 1, 69, 0 },
	{ "suricata-verify/smtp-attachment-md5.pcap", 1, 871, 0 },
	{ "suricata-verify/smtp-bdat-bad-tail-next-mail.pcap", 1, 871, 0 },
	{ "suricata-verify/smtp-bdat-bad-tail-reply-queue.pcap", 1, 468, 0 },
	{ "suricata-verify/smtp-bdat-last-next-mail.pcap", 1, 1012, 0 },
	{ "suricata-verify/smtp-bdat-multichunk-inspection.pcap", 1, 511, 0 },
	{ "suricata-verify/smtp-bdat-multichunk-next-mail.pcap", 1, 1041, 0 },
	{ "suricata-verify/smtp-bdat-pipelined-next-mail.pcap", 1, 1028, 0 },
	{ "suricata-verify/smtp-bdat-zero-last-next-mail.pcap", 1, 792, 0 },
	{ "suricata-verify/smtp-bug-5981.pcap", 1, 15577, 0 },
	{ "suricata-verify/smtp-bug-5989.pcap", 1, 20294, 0 },
	{ "suricata-verify/smtp-bug-6053.pcap", 1, 5295, 0 },
	{ "suricata-verify/smtp-data-rejected__10.7.29.101_49898-178.63.41.150_25.pcap", 1, 115235, 0 },
	{ "suricata-verify/smtp-ehlo-reset-after-rejected-data.pcap", 1, 737, 0 },
	{ "suricata-verify/smtp-ehlo-reset.pcap", 1, 745, 0 },
	{ "suricata-verify/smtp-errors__smtperr.pcap", 4, 39621, 0 },
	{ "suricata-verify/smtp-extract-url-schemes.pcap", 1, 1134, 0 },
	{ "suricata-verify/smtp-file-data-01.pcap", 1, 17927, 0 },
	{ "suricata-verify/smtp-helo-reset-after-rcpt.pcap", 1, 781, 0 },
	{ "suricata-verify/smtp-long-DATA-line.pcap", 1, 15577, 0 },
	{ "suricata-verify/smtp-long-command.pcap", 1, 4356, 0 },
	{ "suricata-verify/smtp-no-helo-quit.pcap", 1, 57, 0 },
	{ "suricata-verify/smtp-no-helo-rset-helo-mail.pcap", 1, 523, 0 },
	{ "suricata-verify/smtp-no-helo-rset.pcap", 1, 56, 0 },
	{ "suricata-verify/smtp-pipelined-post-data-rset-sequence.pcap", 1, 1061, 0 },
	{ "suricata-verify/smtp-pipelined-rset-after-complete.pcap", 1, 1031, 0 },
	{ "suricata-verify/smtp-pipelined-rset-data-replies.pcap", 1, 127, 0 },
	{ "suricata-verify/smtp-pipelining.pcap", 1, 402, 0 },
	{ "suricata-verify/smtp-quit.pcap", 1, 6, 0 },
	{ "suricata-verify/smtp-raw-extraction.pcap", 1, 15577, 0 },
	{ "suricata-verify/smtp-rejected-ehlo-preserves-envelope.pcap", 1, 551, 0 },
	{ "suricata-verify/smtp-rfc2231.pcap", 1, 71902, 0 },
	{ "suricata-verify/smtp-rset-starttls.pcap", 1, 31, 0 },
	{ "suricata-verify/smtp-rset.pcap", 1, 580, 0 },
	{ "suricata-verify/smtp-startssl.pcap", 1, 4542, 0 },
	{ "suricata-verify/smtp-to-comma__10.7.29.101_49898-178.63.41.150_25.pcap", 1, 2395, 1 }, /* damaged upstream: an error at record 19 */
	{ "suricata-verify/tcp-async-01.pcap", 1, 181278, 0 },
};

static const char *corpus_dir(void)
{
	static char d[4096];
	const char *src = getenv("MP_SRCDIR");
	snprintf(d, sizeof d, "%s/corpora/shared/pcap", src ? src : ".");
	return d;
}

static void test_corpus_list(void **state)
{
	(void)state;
	char path[8192];
	size_t seen = 0;
	for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", corpus_dir(), corpus[i].path);
		if (access(path, R_OK) != 0)
			continue;
		seen++;
		run r;
		mp_rc rc = run_file(path, &r, true, NULL);
		if (corpus[i].bad) {
			if (rc != MP_INVALID || strstr(r.err, "at byte 3695") == NULL)
				fail_msg("%s: got %d '%s', want an error at byte 3695", corpus[i].path,
					 rc, r.err);
		} else if (rc != MP_OK) {
			fail_msg("%s: %s", corpus[i].path, r.err);
		}
		if (r.flows != corpus[i].flows || r.bytes != corpus[i].bytes)
			fail_msg("%s: got %llu flows %llu octets, want %llu %llu", corpus[i].path,
				 (unsigned long long)r.flows, (unsigned long long)r.bytes,
				 (unsigned long long)corpus[i].flows, (unsigned long long)corpus[i].bytes);
	}
	if (seen == 0)
		skip();
}

/* Every flow of every public capture extracts to a script the engine's
 * script reader accepts (data files checked). */
static void test_corpus_extract(void **state)
{
	(void)state;
	char path[8192], dir[64], cmd[128];
	size_t scripts = 0;
	for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", corpus_dir(), corpus[i].path);
		if (access(path, R_OK) != 0)
			continue;
		snprintf(dir, sizeof dir, "/tmp/mp-test-extract-XXXXXX");
		assert_non_null(mkdtemp(dir));
		char data[128];
		snprintf(data, sizeof data, "%s/data", dir);
		assert_int_equal(mkdir(data, 0777), 0);
		run r;
		run_file(path, &r, false, dir);
		for (uint32_t id = 1; id < 64; id++) {
			static const char *const pr[] = { "smtp", "pop3", "imap" };
			for (int k = 0; k < 3; k++) {
				char sp[256];
				snprintf(sp, sizeof sp, "%s/flow%04u-%s.mps", dir, id, pr[k]);
				if (access(sp, R_OK) != 0)
					continue;
				mp_script *sc;
				mp_script_err e;
				if (mp_script_load(sp, 0, &sc, &e) != MP_OK)
					fail_msg("%s flow %u: %s:%u:%u: %s", corpus[i].path, id, sp,
						 e.line, e.col, e.msg);
				mp_script_free(&sc);
				scripts++;
			}
		}
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		assert_int_equal(system(cmd), 0);
	}
	if (scripts == 0)
		skip();
}

/* What an extracted script says, for a few captures. */
static void extract_one(const char *rel, char *out, size_t cap)
{
	char path[8192], dir[64], sp[256], cmd[128];
	snprintf(path, sizeof path, "%s/%s", corpus_dir(), rel);
	snprintf(dir, sizeof dir, "/tmp/mp-test-extract-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(sp, sizeof sp, "%s/data", dir);
	assert_int_equal(mkdir(sp, 0777), 0);
	run r;
	run_file(path, &r, false, dir);
	snprintf(sp, sizeof sp, "%s/flow0001-%s.mps", dir,
		 strstr(rel, "imap") ? "imap" : strstr(rel, "pop3") ? "pop3" : "smtp");
	FILE *f = fopen(sp, "rb");
	assert_non_null(f);
	size_t n = fread(out, 1, cap - 1, f);
	out[n] = '\0';
	fclose(f);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_extract_content(void **state)
{
	(void)state;
	static char s[1 << 20];
	char path[8192];
	snprintf(path, sizeof path, "%s/suricata-verify/smtp-pipelining.pcap", corpus_dir());
	if (access(path, R_OK) != 0)
		skip();
	extract_one("suricata-verify/smtp-pipelining.pcap", s, sizeof s);
	assert_non_null(strstr(s, "pipeline c\n"));        /* RFC 2920 */
	assert_non_null(strstr(s, "expect c reply 354\n"));
	assert_non_null(strstr(s, "sendfile c data/"));
	extract_one("arkime/smtp-data-521.pcap", s, sizeof s);
	assert_non_null(strstr(s, "send c AUTH PLAIN\nexpect c continue\nsend c ${auth_plain}\n"));
	assert_non_null(strstr(s, "expect c reply 521 enhanced 5.2.1\n"));
	assert_non_null(strstr(s, "needs: submission\n"));
	extract_one("arkime/smtp-starttls.pcap", s, sizeof s);
	assert_non_null(strstr(s, "send c STARTTLS\nexpect c reply 220 enhanced 2.0.0\ntls c\n"));
	extract_one("arkime/imap.pcap", s, sizeof s);
	assert_non_null(strstr(s, "expect c greeting OK\n"));
	assert_non_null(strstr(s, "LOGIN \"${user}\" \"${password}\"\n"));
	assert_non_null(strstr(s, "expect c tagged a0004 OK\n"));
	extract_one("suricata-verify/pop3.pcap", s, sizeof s);
	assert_non_null(strstr(s, "send c PASS ${password}\n"));
	assert_null(strstr(s, "\nsend c PASS x"));
}

/* The project's own samples of real clients and servers (MANIFEST.md):
 * flows as recorded, no MUST or SHOULD finding. In particular the
 * multi-line reply to BDAT LAST (Exim: "250- 53 byte chunk ...") is not
 * taken for an EHLO reply: the client's commands say what each reply
 * answers. */
static void test_samples_lint(void **state)
{
	(void)state;
	static const struct { const char *f; uint64_t flows, commands; unsigned proto; } v[] = {
		{ "smtp-exim-bdat.pcap", 1, 6, MP_FP_SMTP },
		{ "smtp-postfix-bdat.pcap", 1, 6, MP_FP_SMTP },
		{ "imap-dovecot-ipv6-authenticate.pcap", 1, 6, MP_FP_IMAP },
		{ "smtp-postfix-pipelining.pcap", 1, 5, MP_FP_SMTP },
		{ "pop3-dovecot-top-uidl.pcap", 1, 12, MP_FP_POP3 },
		{ "imap-dovecot-literal-idle.pcapng", 1, 7, MP_FP_IMAP },
	};
	const char *src = getenv("MP_SRCDIR");
	for (size_t i = 0; i < MP_ARRAY_LEN(v); i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/pcap/samples/%s", src ? src : ".", v[i].f);
		run r;
		if (run_file(path, &r, true, NULL) != MP_OK)
			fail_msg("%s: %s", v[i].f, r.err);
		if (r.flows != v[i].flows || r.commands != v[i].commands || r.protos[v[i].proto] != 1 ||
		    r.serious != 0)
			fail_msg("%s: %llu flows %llu commands, %llu MUST/SHOULD findings", v[i].f,
				 (unsigned long long)r.flows, (unsigned long long)r.commands,
				 (unsigned long long)r.serious);
	}
}

/* Two interleaved SMTP flows over Ethernet, one with its segments out
 * of order and retransmitted, one with STARTTLS: flows, octets,
 * commands, TLS. */
static void eth_seg(capw *w, int flow, bool c2s, uint32_t seq, uint8_t fl, const char *pay)
{
	pkt k = { .n = 0 };
	size_t n = pay ? strlen(pay) : 0;
	uint16_t cp = (uint16_t)(40000 + flow);
	link_hdr(&k, L_ETH, 4);
	ip4_hdr(&k, c2s, 20 + n, 1, 0x4000, 6);
	tcp_hdr(&k, c2s ? cp : 25, c2s ? 25 : cp, seq, 1, fl, pay, n);
	cap_write(w, &k, k.n);
}

static void test_flows_interleaved(void **state)
{
	(void)state;
	capw w;
	cap_open(&w, DLT_EN10MB, 65535);
	uint32_t c = 100, s = 5000;
	for (int f = 1; f <= 2; f++) {
		eth_seg(&w, f, true, c, MP_TCP_SYN, NULL);
		eth_seg(&w, f, false, s, MP_TCP_SYN | A, NULL);
	}
	for (int f = 1; f <= 2; f++)
		eth_seg(&w, f, false, s + 1, A, "220 mx ESMTP\r\n");
	for (int f = 1; f <= 2; f++)
		eth_seg(&w, f, true, c + 1, A, "EHLO a\r\n");
	eth_seg(&w, 1, false, s + 15, A, "250-mx\r\n250 STARTTLS\r\n");
	eth_seg(&w, 2, false, s + 15, A, "250-mx\r\n250 PIPELINING\r\n");
	eth_seg(&w, 1, true, c + 9, A, "STARTTLS\r\n");
	/* flow 2: MAIL, RCPT pipelined; RCPT first on the wire */
	eth_seg(&w, 2, true, c + 9 + 16, A, "RCPT TO:<b@c>\r\n");
	eth_seg(&w, 1, false, s + 37, A, "220 go ahead\r\n");
	eth_seg(&w, 1, true, c + 19, A, "\x16\x03\x03\x01\x05hello");
	eth_seg(&w, 2, true, c + 9, A, "MAIL FROM:<>\r\n"); /* 14 octets: a hole of 2 */
	eth_seg(&w, 2, true, c + 9 + 14, A, "\r\n");         /* an empty line fills it */
	eth_seg(&w, 2, true, c + 9, A, "MAIL FROM:<>\r\n");  /* retransmitted */
	eth_seg(&w, 2, false, s + 39, A, "250 ok\r\n500 eh\r\n250 ok\r\n");
	eth_seg(&w, 2, true, c + 40, A | MP_TCP_FIN, "QUIT\r\n");
	eth_seg(&w, 2, false, s + 63, A | MP_TCP_FIN, "221 bye\r\n");
	cap_close(&w);
	run r;
	assert_int_equal(run_file(w.path, &r, true, NULL), MP_OK);
	if (getenv("MP_KEEP"))
		printf("kept %s\n", w.path);
	else
		unlink(w.path);
	assert_int_equal(r.flows, 2);
	assert_int_equal(r.protos[MP_FP_SMTP], 2);
	assert_int_equal(r.starttls, 1);
	assert_int_equal(r.commands, 2 + 1 + 4); /* EHLO x2, STARTTLS, MAIL "" RCPT QUIT */
	assert_int_equal(r.bytes, (14 + 8 + 22 + 10 + 14 + 10) + (14 + 8 + 24 + 14 + 2 + 15 + 24 + 6 + 9));
	assert_int_equal(r.replies, 3 + 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link_types),
		cmocka_unit_test(test_ethernet_padding),
		cmocka_unit_test(test_ipv6_ext_headers),
		cmocka_unit_test(test_ipv4_fragments),
		cmocka_unit_test(test_ipv6_fragments),
		cmocka_unit_test(test_snaplen_cut),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_reasm_in_order_wrap),
		cmocka_unit_test(test_reasm_out_of_order),
		cmocka_unit_test(test_reasm_overlaps),
		cmocka_unit_test(test_reasm_gaps),
		cmocka_unit_test(test_reasm_midstream),
		cmocka_unit_test(test_reasm_rst_and_fin),
		cmocka_unit_test(test_reasm_caps),
		cmocka_unit_test(test_reasm_cut_segments),
		cmocka_unit_test(test_reasm_shuffle),
		cmocka_unit_test(test_flows_interleaved),
		cmocka_unit_test(test_corpus_list),
		cmocka_unit_test(test_corpus_extract),
		cmocka_unit_test(test_extract_content),
		cmocka_unit_test(test_samples_lint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
