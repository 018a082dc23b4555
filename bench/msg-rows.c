/* bench/msg-rows.c: mailprobe's side of the message-layer row: every
 * message of the mbox walked by mp_mimetree_next with base64 and QP
 * bodies decoded into a 64 KiB buffer, and the Subject's encoded-words
 * decoded (mp_rfc2047_decode): the work the peers do too. The checksum
 * counts parts and decoded octets. */
#include <string.h>

#include "mailprobe/mimetree.h"
#include "msg-rows.h"

bmsg_stat bmsg_stat_walk, bmsg_stat_gmime, bmsg_stat_etpan;

static uint8_t out[65536];
static uint8_t subj[4 * MP_RFC5322_FIELD_MAX];

uint64_t bmsg_run_walk(const uint8_t *p, size_t n)
{
	static mp_mimetree w;
	mp_mt_opts o = { 0 };
	o.flags = MP_MT_DECODE | MP_MT_QUIET_FIELDS;
	o.hdr.flags = MP_RFC5322_PART; /* no header counts: not a lint */
	uint64_t parts = 0, dec = 0, msgs = 0;
	size_t pos = 0, len;
	const uint8_t *m;
	while (bmsg_next(p, n, &pos, &m, &len)) {
		mp_mimetree_init(&w, &o, 0);
		size_t used = 0;
		msgs++;
		for (;;) {
			mp_mt_event ev;
			size_t u;
			mp_rc rc = mp_mimetree_next(&w, m + used, len - used, true, out,
						    sizeof(out), &ev, &u, NULL);
			used += u;
			if (rc != MP_OK)
				break;
			if (ev.kind == MP_MT_BODY) {
				dec += ev.dec.n;
			} else if (ev.kind == MP_MT_PART_BEGIN) {
				parts++;
			} else if (ev.kind == MP_MT_FIELD &&
				   ev.field.id == MP_HDR_SUBJECT) {
				size_t sn = 0;
				mp_rfc2047_decode(ev.field.value, ev.field.voff,
						  MP_2047_TEXT, &o.hdr, subj,
						  sizeof(subj), &sn, NULL);
				dec += sn;
			}
		}
	}
	bmsg_stat_walk = (bmsg_stat){ msgs, parts, dec };
	return (msgs << 40) ^ (parts << 20) ^ dec;
}
