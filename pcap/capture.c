/* pcap/capture.c: captures through libpcap (pcap, pcapng), then link, IP
 * and TCP headers down to a segment.
 *
 * Link types (LINKTYPE_*, tcpdump.org/linktypes.html): NULL (0, host byte
 * order family), ETHERNET (1, with 802.1Q 0x8100, 802.1ad 0x88A8 and the
 * old QinQ 0x9100 tags, any depth up to 8), RAW (101; DLT 12 and 14),
 * LOOP (108, network byte order family), LINUX_SLL (113, 16-octet header,
 * protocol at 14), IPV4 (228), IPV6 (229), LINUX_SLL2 (276, 20-octet
 * header, protocol at 0).
 * IPv4 (RFC 791 3.1): version, IHL >= 5, total length; fragments (3.2)
 * reassembled by 8-octet blocks. IPv6 (RFC 8200 4): hop-by-hop, routing,
 * destination options, fragment (4.5, reassembled), AH (RFC 4302 2:
 * (len + 2) * 4 octets), mobility, HIP, shim6 headers skipped; ESP and
 * No Next Header end the chain. TCP (RFC 9293 3.1): data offset >= 5. */
/* libpcap headers use the BSD u_int types */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "mailprobe/pcap.h"

struct mp_pcap {
	pcap_t *p;
	FILE *f;
	int lt;
	bool classic;     /* pcap: record offsets computed, not asked */
	unsigned rechdr;  /* classic: octets of a record header */
	uint64_t off;     /* byte offset of the next record */
	uint64_t frames;
};

/* ---- reading ---- */

static uint32_t rd32(const uint8_t *p, bool be)
{
	return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
		  : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}
static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const uint8_t *p) { return rd32(p, true); }

bool mp_pcap_linktype_ok(int lt)
{
	switch (lt) {
	case 0: case 1: case 12: case 14: case 101: case 108: case 113:
	case 228: case 229: case 276:
		return true;
	default:
		return false;
	}
}

const char *mp_pcap_linktype_name(int lt)
{
	const char *n = pcap_datalink_val_to_name(lt);
	return n ? n : "unknown";
}

/* pcap_datalink gives DLT values; the LINKTYPE of raw IP differs. */
static int to_linktype(int dlt)
{
	return dlt == 12 || dlt == 14 ? 101 : dlt;
}

mp_rc mp_pcap_open(FILE *f, mp_pcap **p_r, char err[MP_PCAP_ERR_MAX])
{
	char eb[PCAP_ERRBUF_SIZE] = "";
	uint8_t h[24];
	*p_r = NULL;
	mp_pcap *p = calloc(1, sizeof(*p));
	if (p == NULL) {
		snprintf(err, MP_PCAP_ERR_MAX, "out of memory");
		fclose(f);
		return MP_INVALID;
	}
	/* our own look at the file header first, where the file can seek:
	   errors named by their byte offset */
	size_t got = fread(h, 1, sizeof h, f);
	bool peeked = fseek(f, 0, SEEK_SET) == 0;
	if (peeked) {
		uint32_t m = got >= 4 ? rd32(h, false) : 0;
		if (got < 4) {
			snprintf(err, MP_PCAP_ERR_MAX,
				 "truncated file: %zu bytes, a capture header needs 4 at byte 0", got);
			goto fail;
		}
		bool pcapm = m == 0xa1b2c3d4 || m == 0xd4c3b2a1 || m == 0xa1b23c4d ||
			     m == 0x4d3cb2a1 || m == 0xa1b2cd34 || m == 0x34cdb2a1;
		if (!pcapm && m != 0x0a0d0d0a) {
			snprintf(err, MP_PCAP_ERR_MAX,
				 "not a pcap or pcapng file: magic %02x%02x%02x%02x at byte 0",
				 h[0], h[1], h[2], h[3]);
			goto fail;
		}
		if (pcapm) {
			/* m was read little-endian: a swapped magic means big-endian */
			bool be = m == 0xd4c3b2a1 || m == 0x4d3cb2a1 || m == 0x34cdb2a1;
			if (got < 24) {
				snprintf(err, MP_PCAP_ERR_MAX,
					 "truncated file: %zu bytes, the pcap header needs 24 at byte 0", got);
				goto fail;
			}
			uint32_t snap = rd32(h + 16, be);
			if (snap > (1u << 30)) {
				snprintf(err, MP_PCAP_ERR_MAX,
					 "absurd snaplen %u at byte 16", snap);
				goto fail;
			}
			p->classic = true;
			p->rechdr = (m == 0xa1b2cd34 || m == 0x34cdb2a1) ? 24 : 16;
			p->off = 24;
			uint32_t lt = rd32(h + 20, be) & 0x03ffffff;
			if (!mp_pcap_linktype_ok((int)lt)) {
				snprintf(err, MP_PCAP_ERR_MAX,
					 "link type %u (%s) not handled at byte 20", lt,
					 mp_pcap_linktype_name((int)lt));
				goto fail;
			}
		}
	}
	/* a larger stdio buffer: libpcap reads each record with fread */
	setvbuf(f, NULL, _IOFBF, 1 << 18);
	p->f = f;
	p->p = pcap_fopen_offline(f, eb);
	if (p->p == NULL) {
		snprintf(err, MP_PCAP_ERR_MAX, "%s at byte 0", eb[0] ? eb : "unreadable capture");
		goto fail;
	}
	p->lt = to_linktype(pcap_datalink(p->p));
	if (!p->classic) {
		long t = ftell(f);
		p->off = t > 0 ? (uint64_t)t : 0;
	}
	if (!mp_pcap_linktype_ok(p->lt)) {
		snprintf(err, MP_PCAP_ERR_MAX, "link type %d (%s) not handled at byte %llu",
			 p->lt, mp_pcap_linktype_name(p->lt), (unsigned long long)p->off);
		pcap_close(p->p);
		free(p);
		return MP_INVALID;
	}
	*p_r = p;
	return MP_OK;
fail:
	fclose(f);
	free(p);
	return MP_INVALID;
}

mp_rc mp_pcap_next(mp_pcap *p, mp_frame *fr, char err[MP_PCAP_ERR_MAX])
{
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t at = p->off;
	int rc = pcap_next_ex(p->p, &h, &data);
	if (rc == PCAP_ERROR_BREAK)
		return MP_NEED_MORE;
	if (rc != 1) {
		snprintf(err, MP_PCAP_ERR_MAX, "bad record %llu at byte %llu: %s",
			 (unsigned long long)p->frames + 1, (unsigned long long)at,
			 pcap_geterr(p->p));
		return MP_INVALID;
	}
	p->frames++;
	if (p->classic) {
		p->off += p->rechdr + h->caplen;
	} else {
		long t = ftell(p->f);
		if (t > 0)
			p->off = (uint64_t)t;
	}
	fr->no = p->frames;
	fr->sec = (uint64_t)h->ts.tv_sec;
	fr->usec = (uint32_t)h->ts.tv_usec;
	fr->caplen = h->caplen;
	fr->len = h->len < h->caplen ? h->caplen : h->len;
	fr->data = data;
	fr->file_off = at;
	return MP_OK;
}

int mp_pcap_linktype(const mp_pcap *p) { return p->lt; }

void mp_pcap_close(mp_pcap **pp)
{
	mp_pcap *p = *pp;
	if (p == NULL)
		return;
	pcap_close(p->p); /* closes the FILE too */
	free(p);
	*pp = NULL;
}

/* ---- anomalies ---- */

void mp_pdiag_push(mp_pdiags *d, uint64_t frame, uint64_t off, uint64_t size,
		   mp_rule rule)
{
	if (d == NULL)
		return;
	if (d->n >= d->cap) {
		d->dropped++;
		return;
	}
	d->v[d->n++] = (mp_pdiag){ frame, off, size, rule };
}

/* ---- IP fragments ---- */

#define FRAG_DATA 65536u
#define FRAG_BLOCKS (FRAG_DATA / 8)

struct mp_frag {
	bool used;
	uint8_t af, proto;
	uint8_t src[16], dst[16];
	uint32_t id;
	uint32_t total;      /* length of the whole payload, when last seen */
	bool have_last;
	uint64_t frame;      /* first fragment */
	uint64_t stamp;      /* for eviction: the frame count when created */
	uint8_t *data;       /* FRAG_DATA octets */
	uint8_t bits[FRAG_BLOCKS / 8];
};

static void frag_drop(mp_frag *f)
{
	free(f->data);
	f->data = NULL;
	f->used = false;
}

/* Adds fragment (off, n) of a datagram; MP_OK with out, outn once the
 * datagram is whole (out is the decoder's until the next call). */
static mp_rc frag_add(mp_decoder *dc, const mp_frame *fr, uint8_t af,
		      const uint8_t *src, const uint8_t *dst, uint32_t id,
		      uint8_t proto, uint32_t off, bool more, const uint8_t *p,
		      uint32_t n, const uint8_t **out, uint32_t *outn,
		      mp_pdiags *d)
{
	size_t alen = af == 4 ? 4 : 16, max = dc->max_frags ? dc->max_frags : MP_PCAP_FRAGS_MAX;
	dc->fragments++;
	if (off + (uint64_t)n > FRAG_DATA || (more && (n % 8) != 0)) {
		mp_pdiag_push(d, fr->no, 0, 0, af == 4 ? MP_R_PCAP_IP_MALFORMED : MP_R_PCAP_IP6_MALFORMED);
		return MP_INVALID;
	}
	if (dc->frags == NULL) {
		dc->frags = calloc(max, sizeof(mp_frag));
		if (dc->frags == NULL)
			return MP_NEED_MORE;
		dc->nfrags = max;
	}
	mp_frag *f = NULL, *fre = NULL, *old = NULL;
	for (size_t i = 0; i < dc->nfrags; i++) {
		mp_frag *x = &dc->frags[i];
		if (!x->used) {
			if (fre == NULL)
				fre = x;
			continue;
		}
		if (x->af == af && x->id == id && x->proto == proto &&
		    memcmp(x->src, src, alen) == 0 && memcmp(x->dst, dst, alen) == 0) {
			f = x;
			break;
		}
		if (old == NULL || x->stamp < old->stamp)
			old = x;
	}
	if (f == NULL) {
		if (fre == NULL) {
			mp_pdiag_push(d, old->frame, 0, 0, MP_R_PCAP_FRAG_INCOMPLETE);
			frag_drop(old);
			fre = old;
		}
		f = fre;
		memset(f, 0, sizeof(*f));
		f->data = malloc(FRAG_DATA);
		if (f->data == NULL)
			return MP_NEED_MORE;
		f->used = true;
		f->af = af;
		f->proto = proto;
		memcpy(f->src, src, alen);
		memcpy(f->dst, dst, alen);
		f->id = id;
		f->frame = fr->no;
		f->stamp = dc->frames;
		mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_IP_FRAGMENTED);
	}
	if (!more) {
		if (f->have_last && f->total != off + n)
			mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_FRAG_OVERLAP);
		if (!f->have_last) {
			f->have_last = true;
			f->total = off + n;
		}
	}
	/* first copy wins: only blocks not yet set are written */
	bool differs = false;
	for (uint32_t b = off / 8; b * 8 < off + n; b++) {
		uint32_t s = b * 8, e = s + 8 > off + n ? off + n : s + 8;
		if (f->bits[b / 8] & (1u << (b % 8))) {
			if (memcmp(f->data + s, p + (s - off), e - s) != 0)
				differs = true;
		} else {
			memcpy(f->data + s, p + (s - off), e - s);
			if (e - s == 8 || !more)
				f->bits[b / 8] |= (uint8_t)(1u << (b % 8));
		}
	}
	if (differs)
		mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_FRAG_OVERLAP);
	if (!f->have_last)
		return MP_NEED_MORE;
	for (uint32_t b = 0; b * 8 < f->total; b++)
		if (!(f->bits[b / 8] & (1u << (b % 8))))
			return MP_NEED_MORE;
	free(dc->done);
	dc->done = f->data;
	f->data = NULL;
	f->used = false;
	*out = dc->done;
	*outn = f->total;
	return MP_OK;
}

void mp_decoder_finish(mp_decoder *dc, mp_pdiags *d)
{
	for (size_t i = 0; i < dc->nfrags; i++)
		if (dc->frags[i].used) {
			mp_pdiag_push(d, dc->frags[i].frame, 0, 0, MP_R_PCAP_FRAG_INCOMPLETE);
			frag_drop(&dc->frags[i]);
		}
}

void mp_decoder_free(mp_decoder *dc)
{
	for (size_t i = 0; i < dc->nfrags; i++)
		frag_drop(&dc->frags[i]);
	free(dc->frags);
	free(dc->done);
	dc->frags = NULL;
	dc->done = NULL;
	dc->nfrags = 0;
}

/* ---- headers ---- */

/* TCP over p[0..cap) (captured) of a payload of wire octets. */
static mp_rc tcp(mp_decoder *dc, const mp_frame *fr, const uint8_t *p,
		 uint32_t cap, uint32_t wire, mp_tcpseg *s, mp_pdiags *d)
{
	if (cap < 20) {
		if (wire >= 20 && fr->caplen < fr->len) {
			dc->truncated++;
			mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_FRAME_TRUNCATED);
			return MP_NEED_MORE;
		}
		mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_TCP_MALFORMED);
		return MP_INVALID;
	}
	uint32_t doff = (uint32_t)(p[12] >> 4) * 4;
	if (doff < 20 || doff > wire) {
		mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_TCP_MALFORMED);
		return MP_INVALID;
	}
	if (doff > cap) {
		dc->truncated++;
		mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_FRAME_TRUNCATED);
		return MP_NEED_MORE;
	}
	s->sport = be16(p);
	s->dport = be16(p + 2);
	s->seq = be32(p + 4);
	s->ack = be32(p + 8);
	s->flags = p[13];
	s->payload = p + doff;
	s->n = cap - doff;
	s->wire_n = wire - doff;
	s->frame = fr->no;
	if (s->wire_n > s->n) {
		dc->truncated++;
		mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_FRAME_TRUNCATED);
	}
	dc->tcp++;
	return MP_OK;
}

static bool ip6_ext(uint8_t nh)
{
	return nh == 0 || nh == 43 || nh == 60 || nh == 51 || nh == 135 ||
	       nh == 139 || nh == 140 || nh == 44;
}

/* The IPv6 header chain from next header nh over p[0..cap) of wire. */
static mp_rc ip6_chain(mp_decoder *dc, const mp_frame *fr, uint8_t nh,
		       const uint8_t *p, uint32_t cap, uint32_t wire,
		       const uint8_t *ip, mp_tcpseg *s, mp_pdiags *d,
		       bool reassembled)
{
	for (int k = 0; k < 16 && ip6_ext(nh); k++) {
		if (cap < 8) {
			if (fr->caplen < fr->len)
				return MP_NEED_MORE;
			mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_IP6_MALFORMED);
			return MP_INVALID;
		}
		uint32_t len;
		if (nh == 44) {
			uint32_t fo = be16(p + 2) & 0xfff8u;
			bool more = p[3] & 1;
			uint8_t next = p[0];
			if (reassembled) { /* a second fragment header */
				mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_IP6_MALFORMED);
				return MP_INVALID;
			}
			if (fo == 0 && !more) { /* an atomic fragment (RFC 6946) */
				nh = next;
				p += 8, cap -= 8, wire -= 8;
				continue;
			}
			if (cap < wire) /* a cut fragment cannot be used */
				return MP_NEED_MORE;
			const uint8_t *out;
			uint32_t outn;
			mp_rc rc = frag_add(dc, fr, 6, ip + 8, ip + 24, be32(p + 4), next,
					    fo, more, p + 8, wire - 8, &out, &outn, d);
			if (rc != MP_OK)
				return rc;
			return ip6_chain(dc, fr, next, out, outn, outn, ip, s, d, true);
		}
		len = nh == 51 ? ((uint32_t)p[1] + 2) * 4 : ((uint32_t)p[1] + 1) * 8;
		if (len > wire) {
			mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_IP6_MALFORMED);
			return MP_INVALID;
		}
		if (len > cap)
			return MP_NEED_MORE;
		nh = p[0];
		p += len, cap -= len, wire -= len;
	}
	if (nh != 6) {
		if (ip6_ext(nh)) /* over 16 headers */
			mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_IP6_MALFORMED);
		dc->not_tcp++;
		return MP_NEED_MORE;
	}
	return tcp(dc, fr, p, cap, wire, s, d);
}

static mp_rc ip(mp_decoder *dc, const mp_frame *fr, const uint8_t *p,
		uint32_t cap, mp_tcpseg *s, mp_pdiags *d)
{
	bool cut = fr->caplen < fr->len;
	if (cap < 1) {
		mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_LINK_MALFORMED);
		return MP_INVALID;
	}
	unsigned v = p[0] >> 4;
	if (v == 4) {
		if (cap < 20) {
			if (cut)
				return MP_NEED_MORE;
			mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_IP_MALFORMED);
			return MP_INVALID;
		}
		uint32_t ihl = (uint32_t)(p[0] & 15) * 4, tot = be16(p + 2);
		if (ihl < 20 || tot < ihl || ihl > cap) {
			mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_IP_MALFORMED);
			return MP_INVALID;
		}
		if (tot > cap && !cut) {
			/* shorter than it says, and not by the snaplen */
			mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_IP_MALFORMED);
			return MP_INVALID;
		}
		uint32_t have = tot < cap ? tot : cap; /* Ethernet padding off */
		s->src.af = s->dst.af = 4;
		memset(s->src.a, 0, 16);
		memset(s->dst.a, 0, 16);
		memcpy(s->src.a, p + 12, 4);
		memcpy(s->dst.a, p + 16, 4);
		uint16_t fl = be16(p + 6);
		uint32_t fo = (uint32_t)(fl & 0x1fff) * 8;
		bool more = fl & 0x2000;
		if (p[9] != 6) {
			dc->not_tcp++;
			return MP_NEED_MORE;
		}
		if (fo != 0 || more) {
			if (have < tot)
				return MP_NEED_MORE;
			const uint8_t *out;
			uint32_t outn;
			mp_rc rc = frag_add(dc, fr, 4, p + 12, p + 16, be16(p + 4), 6, fo,
					    more, p + ihl, tot - ihl, &out, &outn, d);
			if (rc != MP_OK)
				return rc;
			return tcp(dc, fr, out, outn, outn, s, d);
		}
		return tcp(dc, fr, p + ihl, have - ihl, tot - ihl, s, d);
	}
	if (v == 6) {
		if (cap < 40) {
			if (cut)
				return MP_NEED_MORE;
			mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_IP6_MALFORMED);
			return MP_INVALID;
		}
		uint32_t plen = be16(p + 4);
		if (plen == 0) /* a jumbogram (RFC 2675): the rest of the frame */
			plen = fr->len > 40 ? fr->len - 40 : 0;
		if (plen > cap - 40 && !cut) {
			mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_IP6_MALFORMED);
			return MP_INVALID;
		}
		uint32_t have = plen < cap - 40 ? plen : cap - 40;
		s->src.af = s->dst.af = 6;
		memcpy(s->src.a, p + 8, 16);
		memcpy(s->dst.a, p + 24, 16);
		return ip6_chain(dc, fr, p[6], p + 40, have, plen, p, s, d, false);
	}
	mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_LINK_MALFORMED);
	return MP_INVALID;
}

/* An ethertype-style protocol: IP, or not for us. */
static mp_rc by_ethertype(mp_decoder *dc, const mp_frame *fr, uint16_t et,
			  const uint8_t *p, uint32_t cap, mp_tcpseg *s,
			  mp_pdiags *d)
{
	if (et != 0x0800 && et != 0x86dd) {
		dc->not_tcp++;
		return MP_NEED_MORE;
	}
	return ip(dc, fr, p, cap, s, d);
}

static bool family_ip(uint32_t fam)
{
	return fam == 2 || fam == 10 || fam == 24 || fam == 28 || fam == 30;
}

mp_rc mp_decode(mp_decoder *dc, int lt, const mp_frame *fr, mp_tcpseg *s,
		mp_pdiags *d)
{
	const uint8_t *p = fr->data;
	uint32_t cap = fr->caplen;
	dc->frames++;
	memset(s, 0, sizeof(*s));
	mp_rc rc;
	switch (lt) {
	case 1: { /* Ethernet */
		if (cap < 14)
			goto short_link;
		uint16_t et = be16(p + 12);
		uint32_t o = 14;
		for (int k = 0; k < 8 && (et == 0x8100 || et == 0x88a8 || et == 0x9100); k++) {
			if (cap < o + 4)
				goto short_link;
			et = be16(p + o + 2);
			o += 4;
		}
		rc = by_ethertype(dc, fr, et, p + o, cap - o, s, d);
		break;
	}
	case 113: /* Linux cooked v1 */
		if (cap < 16)
			goto short_link;
		rc = by_ethertype(dc, fr, be16(p + 14), p + 16, cap - 16, s, d);
		break;
	case 276: /* Linux cooked v2 */
		if (cap < 20)
			goto short_link;
		rc = by_ethertype(dc, fr, be16(p), p + 20, cap - 20, s, d);
		break;
	case 0:   /* BSD loopback: family in the writer's byte order */
	case 108: /* OpenBSD loopback: network byte order */
		if (cap < 4)
			goto short_link;
		if (!family_ip(rd32(p, false)) && !family_ip(rd32(p, true))) {
			dc->not_tcp++;
			rc = MP_NEED_MORE;
			break;
		}
		rc = ip(dc, fr, p + 4, cap - 4, s, d);
		break;
	case 12: case 14: case 101: case 228: case 229:
		rc = ip(dc, fr, p, cap, s, d);
		break;
	default:
		mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_LINK_MALFORMED);
		return MP_INVALID;
	}
	if (rc == MP_INVALID)
		dc->bad++;
	return rc;
short_link:
	if (fr->caplen < fr->len) {
		dc->truncated++;
		mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_FRAME_TRUNCATED);
		return MP_NEED_MORE;
	}
	dc->bad++;
	mp_pdiag_push(d, fr->no, 0, 0, MP_R_PCAP_LINK_MALFORMED);
	return MP_INVALID;
}

void mp_ipaddr_str(const mp_ipaddr *a, char *out, size_t cap)
{
	if (a->af == 4) {
		snprintf(out, cap, "%u.%u.%u.%u", a->a[0], a->a[1], a->a[2], a->a[3]);
		return;
	}
	/* RFC 5952: lower case, the longest run of zero groups as "::" */
	uint16_t g[8];
	for (int i = 0; i < 8; i++)
		g[i] = be16(a->a + 2 * i);
	int bs = -1, bl = 0;
	for (int i = 0; i < 8;) {
		int j = i;
		while (j < 8 && g[j] == 0)
			j++;
		if (j - i > bl && j - i >= 2) {
			bs = i;
			bl = j - i;
		}
		i = j > i ? j : i + 1;
	}
	size_t n = 0;
	out[0] = '\0';
	for (int i = 0; i < 8 && n < cap; i++) {
		int k;
		if (i == bs) {
			k = snprintf(out + n, cap - n, "::");
			i += bl - 1;
		} else {
			k = snprintf(out + n, cap - n, "%s%x",
				     (i > 0 && i != bs + bl) ? ":" : "", g[i]);
		}
		if (k < 0)
			break;
		n += (size_t)k;
	}
}
