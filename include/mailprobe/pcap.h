/* mailprobe/pcap.h: captures to mail conversations (path 3 of DESIGN.md).
 *
 * Three layers, each usable alone:
 * - capture (pcap/capture.c): offline reading through libpcap (pcap and
 *   pcapng), then link (Ethernet with 802.1Q/802.1ad tags, Linux cooked
 *   v1 and v2, BSD NULL/LOOP, raw IPv4/IPv6), IP (RFC 791, RFC 8200 with
 *   its extension headers) and TCP (RFC 9293 3.1) headers; IPv4 and IPv6
 *   fragments are reassembled in a bounded table;
 * - reassembly (pcap/reasm.c): one TCP direction from segments to an
 *   ordered byte stream with gaps (RFC 9293 3.4, 3.10.7.4);
 * - flows (pcap/flow.c): a table of connections, which side is the
 *   client, the protocol (port, then greeting), the SMTP/POP3/IMAP stream
 *   readers over both sides, commands paired with their replies, TLS.
 *
 * Memory is bounded everywhere: flows, out-of-order octets per direction
 * and in total, fragments, retained octets; each limit is an option (0 =
 * the default named here) and each one hit is an anomaly. Anomalies are
 * diags (rules PCAP_* and TCP_* in parsers/rules-pcap.def) with the frame
 * number, the stream offset and, for gaps, the size.
 *
 * Overlap policy: the first copy of an octet wins (the one delivered or
 * held first, in capture order). A later copy that differs is
 * TCP_OVERLAP_DIFFERS; it is only compared while the first copy is still
 * held or within the last max_retain octets delivered. */
#ifndef MAILPROBE_PCAP_H
#define MAILPROBE_PCAP_H

#include <stdio.h>

#include "mailprobe/base.h"
#include "mailprobe/diag.h"
#include "mailprobe/slice.h"

/* ---- defaults of the options ---- */
#define MP_PCAP_FLOWS_MAX 65536            /* flows open at once */
#define MP_PCAP_FLOW_BUFFER_MAX (1u << 20) /* out-of-order octets a direction holds */
#define MP_PCAP_TOTAL_BUFFER_MAX (256u << 20) /* out-of-order octets of all flows */
#define MP_PCAP_RETAIN_MAX 2048            /* delivered octets kept to compare copies */
#define MP_PCAP_FRAGS_MAX 64               /* IP datagrams being reassembled */
#define MP_PCAP_ERR_MAX 256                /* error message buffers */

/* ---- capture reader ---- */

typedef struct mp_pcap mp_pcap; /* opaque: a libpcap handle */

typedef struct mp_frame {
	uint64_t no;          /* 1-based frame number */
	uint64_t sec;         /* capture time */
	uint32_t usec;
	uint32_t caplen, len; /* captured and on-the-wire lengths */
	const uint8_t *data;  /* caplen octets, valid until the next call */
	uint64_t file_off;    /* byte offset of the record in the file */
} mp_frame;

/* Opens a capture on f (the handle is the reader's from now on, also on
 * failure). MP_OK with *p_r, or MP_INVALID with err: a wrong magic, a
 * truncated header, an absurd snaplen, a link type not handled ("... at
 * byte N"). */
mp_rc mp_pcap_open(FILE *f, mp_pcap **p_r, char err[MP_PCAP_ERR_MAX]);
/* The next frame. MP_OK with *fr; MP_NEED_MORE at the end of the file;
 * MP_INVALID with err naming the byte offset of the bad record (a
 * truncated record, a length over the snaplen). */
mp_rc mp_pcap_next(mp_pcap *p, mp_frame *fr, char err[MP_PCAP_ERR_MAX]);
int mp_pcap_linktype(const mp_pcap *p); /* LINKTYPE_* value */
const char *mp_pcap_linktype_name(int linktype);
void mp_pcap_close(mp_pcap **p);
/* True when the reader decodes this link type. */
bool mp_pcap_linktype_ok(int linktype);

/* ---- packet decoding (no libpcap: pure over bytes) ---- */

typedef struct mp_ipaddr {
	uint8_t af;  /* 4 or 6 */
	uint8_t a[16];
} mp_ipaddr;

#define MP_TCP_FIN 0x01
#define MP_TCP_SYN 0x02
#define MP_TCP_RST 0x04
#define MP_TCP_PSH 0x08
#define MP_TCP_ACK 0x10

typedef struct mp_tcpseg {
	mp_ipaddr src, dst;
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	const uint8_t *payload; /* captured payload */
	uint32_t n;             /* captured payload octets */
	uint32_t wire_n;        /* payload octets per the IP length (> n when
	                           the frame was cut by the snaplen) */
	uint64_t frame;
} mp_tcpseg;

typedef struct mp_pdiag {
	uint64_t frame;
	uint64_t offset; /* stream offset, or the offset in the frame for
	                    decoding anomalies */
	uint64_t size;   /* TCP_GAP: missing octets; else 0 */
	mp_rule rule;
} mp_pdiag;

/* A bounded sink of anomalies; overflow is counted. */
typedef struct mp_pdiags {
	mp_pdiag *v;
	size_t cap, n, dropped;
} mp_pdiags;
void mp_pdiag_push(mp_pdiags *d, uint64_t frame, uint64_t off, uint64_t size,
		   mp_rule rule);

typedef struct mp_frag mp_frag; /* private */

typedef struct mp_decoder {
	size_t max_frags;      /* 0 = MP_PCAP_FRAGS_MAX */
	mp_frag *frags;        /* the reassembly table (allocated lazily) */
	size_t nfrags;
	uint8_t *done;         /* the last datagram completed (freed next call) */
	uint64_t frames, tcp, not_tcp, bad, fragments, truncated;
} mp_decoder;

/* Decodes frame fr of link type lt down to TCP. MP_OK with *seg (slices
 * into fr->data or, for a reassembled datagram, the decoder's memory,
 * valid until the next call); MP_NEED_MORE when the frame is no TCP
 * segment (another protocol, a fragment held); MP_INVALID when a header
 * is malformed (a diag says which). */
mp_rc mp_decode(mp_decoder *dc, int lt, const mp_frame *fr, mp_tcpseg *seg,
		mp_pdiags *d);
/* End of capture: each datagram still incomplete is PCAP_FRAG_INCOMPLETE. */
void mp_decoder_finish(mp_decoder *dc, mp_pdiags *d);
void mp_decoder_free(mp_decoder *dc);

/* ---- TCP reassembly of one direction ---- */

typedef struct mp_rseg mp_rseg; /* private: a held segment */

/* The shared budget of every direction. */
typedef struct mp_reasm_pool {
	size_t max_flow;   /* octets one direction holds; 0 = MP_PCAP_FLOW_BUFFER_MAX */
	size_t max_total;  /* octets all hold; 0 = MP_PCAP_TOTAL_BUFFER_MAX */
	size_t max_retain; /* delivered octets kept; 0 = MP_PCAP_RETAIN_MAX */
	size_t held;       /* octets held now */
	size_t peak;
} mp_reasm_pool;

/* Where the ordered stream goes. Each callback may be NULL. */
typedef struct mp_reasm_out {
	void *ctx;
	/* octets at stream offset off, in order, each once */
	void (*data)(void *ctx, uint64_t off, const uint8_t *p, size_t n,
		     uint64_t frame);
	/* n octets at off are missing (never captured) */
	void (*gap)(void *ctx, uint64_t off, uint64_t n, uint64_t frame);
	mp_pdiags *diags;
} mp_reasm_out;

typedef struct mp_reasm {
	bool started;    /* the start of the stream is known */
	bool syn;        /* it started with a SYN */
	bool fin, rst;   /* seen */
	bool closed;     /* every octet up to the FIN delivered */
	uint32_t next_seq; /* sequence number of stream offset off */
	uint64_t off;      /* stream offset of the next octet to deliver */
	uint64_t fin_off;  /* stream offset of the FIN (fin set) */
	uint32_t isn;      /* the SYN's sequence number (syn set) */
	mp_rseg *held;     /* out-of-order segments, by offset, disjoint */
	mp_rseg *held_last;
	size_t nheld;      /* octets held */
	uint64_t seen_end; /* the highest stream offset a segment reached
	                      (cut octets included) */
	uint8_t *tail;     /* ring of the last delivered octets */
	size_t tail_cap;
	uint64_t tail_from; /* the ring holds [max(tail_from, off - cap), off) */
	/* counters */
	uint64_t segs, bytes, retrans, ooo, overlaps, gaps, gap_bytes;
	uint64_t first_frame, last_frame;
} mp_reasm;

/* One segment of this direction. seq, flags, payload as on the wire;
 * wire_n >= n counts octets the capture cut off (they become a gap).
 * Delivers what became contiguous. */
void mp_reasm_segment(mp_reasm *r, mp_reasm_pool *pool, const mp_reasm_out *o,
		      uint32_t seq, uint8_t flags, const uint8_t *payload,
		      uint32_t n, uint32_t wire_n, uint64_t frame);
/* End of capture (or of the flow): every hole before held octets is a
 * gap; everything held is delivered. */
void mp_reasm_finish(mp_reasm *r, mp_reasm_pool *pool, const mp_reasm_out *o);
/* Frees what the direction holds. */
void mp_reasm_free(mp_reasm *r, mp_reasm_pool *pool);

/* ---- flows ---- */

typedef enum mp_fproto {
	MP_FP_UNKNOWN = 0,
	MP_FP_SMTP,
	MP_FP_POP3,
	MP_FP_IMAP,
	MP_FP_TLS, /* implicit TLS: listed, not read */
} mp_fproto;
const char *mp_fproto_name(mp_fproto p); /* "smtp" ... "unknown" */

#define MP_PCAP_PORTS_MAX 32

typedef struct mp_pcap_opts {
	size_t max_flows;  /* 0 = MP_PCAP_FLOWS_MAX */
	mp_reasm_pool pool; /* its limits */
	size_t max_frags;
	struct { uint16_t port; uint8_t proto; } ports[MP_PCAP_PORTS_MAX];
	size_t nports;     /* --port PROTO:N, before the well-known ports */
	bool lint;         /* keep the readers' diags (findings) */
	bool items;        /* report commands, replies and data (extract) */
	bool lenient;      /* readers in lenient mode */
} mp_pcap_opts;

typedef enum mp_side { MP_CLIENT = 0, MP_SERVER = 1 } mp_side;

typedef struct mp_flowinfo {
	uint32_t id;            /* 1-based, in order of the first frame */
	mp_fproto proto;
	mp_ipaddr caddr, saddr; /* client, server */
	uint16_t cport, sport;
	uint64_t sec;           /* time of the first frame */
	uint32_t usec;
	uint64_t first_frame, last_frame;
	uint64_t bytes[2];      /* octets delivered each way (gaps excluded) */
	uint64_t clear[2];      /* of them, octets before TLS */
	uint64_t commands, replies;
	bool starttls;          /* STARTTLS/STLS succeeded */
	bool syn, fin[2], rst, midstream;
	uint64_t anomalies;     /* diags of rules PCAP_* and TCP_* */
	uint64_t retrans, ooo, gaps, gap_bytes, overlaps;
	mp_pdiags diags;        /* anomalies kept (bounded) */
} mp_flowinfo;

/* What a flow reports as it is read (opts.items / opts.lint). */
typedef enum mp_item_kind {
	MP_IT_COMMAND,   /* client: a command line or IMAP unit (raw) */
	MP_IT_SASL,      /* client: a SASL response line */
	MP_IT_DATA,      /* client: DATA/BDAT octets as sent (raw, pieces) */
	MP_IT_DATA_END,  /* client: the end of a DATA body or BDAT chunk */
	MP_IT_REPLY,     /* server: a complete reply/status/tagged response */
	MP_IT_CONTINUE,  /* server: 334, "+ " continuation */
	MP_IT_UNTAGGED,  /* server: an IMAP untagged response, a POP3 body */
	MP_IT_TLS,       /* either: octets from here are encrypted */
	MP_IT_GAP,       /* either: octets missing */
	MP_IT_CLOSE,     /* either: FIN; ->code 1 when RST */
	MP_IT_FINDING,   /* either: a reader diag (opts.lint) */
} mp_item_kind;

typedef struct mp_item {
	mp_item_kind kind;
	mp_side side;
	uint64_t off;      /* stream offset */
	uint64_t frame;    /* the frame that carried off (approximate for
	                      items held over many segments: the frame of
	                      the segment holding their first octet) */
	mp_slice raw;      /* the octets as sent, line end included */
	unsigned code;     /* SMTP: the reply code; POP3: 1 +OK, 0 -ERR */
	bool has_esc;
	unsigned esc[3];
	mp_slice tag;      /* IMAP: the tag of a command or tagged response */
	mp_slice status;   /* IMAP: OK NO BAD PREAUTH BYE */
	int verb;          /* command: mp_smtp_verb / mp_pop3_verb / mp_imap_cmd_name */
	bool greeting;
	bool sync_literal; /* IMAP command: holds a synchronising literal */
	uint64_t size;     /* MP_IT_GAP: octets */
	mp_rule rule;      /* MP_IT_FINDING */
} mp_item;

typedef struct mp_flows mp_flows; /* opaque */

typedef struct mp_flow_cb {
	void *ctx;
	/* an item of flow f, in capture order across both sides */
	void (*item)(void *ctx, const mp_flowinfo *f, const mp_item *it);
	/* flow f is over (FIN both ways, RST, evicted, or end of capture):
	   f is valid during the call only */
	void (*done)(void *ctx, const mp_flowinfo *f);
} mp_flow_cb;

/* A flow table. MP_OK with *fl_r, MP_NOSPACE when out of memory. */
mp_rc mp_flows_new(const mp_pcap_opts *o, const mp_flow_cb *cb,
		   mp_flows **fl_r);
/* One decoded segment (in capture order). */
void mp_flows_segment(mp_flows *fl, const mp_tcpseg *seg, uint64_t sec,
		      uint32_t usec);
/* End of capture: every open flow is finished (done called). */
void mp_flows_finish(mp_flows *fl);
/* Capture-level anomalies (decoding), and counters. */
mp_pdiags *mp_flows_diags(mp_flows *fl);
mp_reasm_pool *mp_flows_pool(mp_flows *fl);
uint64_t mp_flows_count(const mp_flows *fl);
void mp_flows_free(mp_flows **fl);

/* Formats an address ("192.0.2.1", "2001:db8::1") into out. */
void mp_ipaddr_str(const mp_ipaddr *a, char *out, size_t cap);

/* ---- flows to conversation scripts (scripts/README.md) ---- */

typedef struct mp_extract mp_extract; /* opaque */

/* Scripts go to dir (which must exist), data files to dir/data/. capname
 * names the capture in ids and titles. Credentials (SMTP and POP3 AUTH
 * PLAIN/LOGIN, USER/PASS, APOP, IMAP LOGIN and AUTHENTICATE PLAIN/LOGIN)
 * become ${user}, ${password}, ${auth_plain}, ${user_b64},
 * ${password_b64} unless keep_secrets. MP_OK or MP_NOSPACE. */
mp_rc mp_extract_new(const char *dir, const char *capname, bool keep_secrets,
		     mp_extract **x_r);
/* Feed it the flow callbacks (items need opts.items). */
void mp_extract_item(mp_extract *x, const mp_flowinfo *f, const mp_item *it);
/* Writes the flow's script (SMTP, POP3, IMAP flows only). */
void mp_extract_done(mp_extract *x, const mp_flowinfo *f);
/* Scripts written; *errors_r: files that could not be written. */
uint64_t mp_extract_free(mp_extract **x, uint64_t *errors_r);

#endif
