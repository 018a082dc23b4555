/* fuzz_pcap: capture bytes in memory through pcap_fopen_offline on
 * fmemopen (mp_pcap_open), then link, IP, fragments, TCP reassembly and
 * the flows with their SMTP/POP3/IMAP readers, lint on. Byte 0: bit 0
 * lenient readers, bit 1 tiny caps (flows, buffers, fragments) so that
 * every limit path runs. Properties: a bad file is an error naming a
 * byte offset inside the input, never a crash; every frame's record
 * offset lies inside the input; every finding's offset is within what
 * its side delivered; the held octets return to zero. */
#define _DEFAULT_SOURCE /* fmemopen, and u_int in the libpcap headers */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "mailprobe/pcap.h"

#define T "fuzz_pcap"

static void on_item(void *ctx, const mp_flowinfo *f, const mp_item *it)
{
	(void)ctx;
	if (it->frame > f->last_frame && f->last_frame != 0)
		fz_die(T, "an item in a frame after the flow's last");
}

static void on_done(void *ctx, const mp_flowinfo *f)
{
	(void)ctx;
	if (f->clear[0] > f->bytes[0] || f->clear[1] > f->bytes[1])
		fz_die(T, "more clear octets than octets");
}

static uint64_t at_byte(const char *err)
{
	const char *p = strstr(err, "at byte ");
	uint64_t v = 0;
	if (p == NULL)
		fz_die(T, "an error without its byte offset");
	for (p += 8; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (uint64_t)(*p - '0');
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned flags = data[0];
	data++;
	size--;
	if (size == 0)
		return 0;
	FILE *f = fmemopen((void *)data, size, "rb");
	if (f == NULL)
		return 0;
	char err[MP_PCAP_ERR_MAX];
	mp_pcap *p;
	if (mp_pcap_open(f, &p, err) != MP_OK) {
		if (at_byte(err) > size)
			fz_die(T, "open error offset beyond the input");
		return 0;
	}
	mp_pcap_opts o = { .lint = true, .items = true, .lenient = flags & 1,
			   .max_flows = 64 };
	if (flags & 2) {
		o.max_flows = 2;
		o.pool.max_flow = 64;
		o.pool.max_total = 128;
		o.pool.max_retain = 8;
		o.max_frags = 1;
	}
	mp_flow_cb cb = { NULL, on_item, on_done };
	mp_flows *fl;
	if (mp_flows_new(&o, &cb, &fl) != MP_OK) {
		mp_pcap_close(&p);
		return 0;
	}
	mp_decoder dc = { .max_frags = o.max_frags };
	mp_frame fr;
	mp_tcpseg seg;
	mp_rc rc;
	while ((rc = mp_pcap_next(p, &fr, err)) == MP_OK) {
		if (fr.file_off > size)
			fz_die(T, "record offset beyond the input");
		if (mp_decode(&dc, mp_pcap_linktype(p), &fr, &seg, mp_flows_diags(fl)) == MP_OK) {
			if (seg.n > fr.caplen || seg.wire_n < seg.n)
				fz_die(T, "segment larger than its frame");
			mp_flows_segment(fl, &seg, fr.sec, fr.usec);
		}
	}
	if (rc == MP_INVALID && at_byte(err) > size)
		fz_die(T, "record error offset beyond the input");
	mp_decoder_finish(&dc, mp_flows_diags(fl));
	mp_flows_finish(fl);
	if (mp_flows_pool(fl)->held != 0)
		fz_die(T, "held octets left after the end");
	mp_flows_free(&fl);
	mp_decoder_free(&dc);
	mp_pcap_close(&p);
	return 0;
}
