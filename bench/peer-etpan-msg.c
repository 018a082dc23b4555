/* bench/peer-etpan-msg.c: libetpan doing the message row's work: each
 * message of the mbox (split as mailprobe splits it) parsed by
 * mailmime_parse, the tree walked, every single part decoded by
 * mailmime_part_parse, the Subject decoded by
 * mailmime_encoded_phrase_parse. Built only with BENCH_HAVE_ETPAN. */
#ifdef BENCH_HAVE_ETPAN
#include <libetpan/libetpan.h>
#include <stdlib.h>
#include <string.h>

#include "msg-rows.h"

struct acc {
	uint64_t parts, dec;
};

static void subject(struct mailimf_fields *f, struct acc *a)
{
	if (f == NULL)
		return;
	for (clistiter *it = clist_begin(f->fld_list); it; it = clist_next(it)) {
		struct mailimf_field *fd = clist_content(it);
		if (fd->fld_type != MAILIMF_FIELD_SUBJECT)
			continue;
		const char *v = fd->fld_data.fld_subject->sbj_value;
		size_t i = 0;
		char *res = NULL;
		if (mailmime_encoded_phrase_parse("iso-8859-1", v, strlen(v), &i,
						  "utf-8", &res) == MAILIMF_NO_ERROR) {
			a->dec += strlen(res);
			free(res);
		}
	}
}

static void walk(struct mailmime *m, struct acc *a)
{
	if (m == NULL)
		return;
	switch (m->mm_type) {
	case MAILMIME_SINGLE: {
		a->parts++;
		struct mailmime_data *d = m->mm_data.mm_single;
		if (d && d->dt_type == MAILMIME_DATA_TEXT) {
			size_t i = 0, rl = 0;
			char *res = NULL;
			if (mailmime_part_parse(d->dt_data.dt_text.dt_data,
						d->dt_data.dt_text.dt_length, &i,
						d->dt_encoding, &res, &rl) == MAILIMF_NO_ERROR) {
				a->dec += rl;
				mailmime_decoded_part_free(res);
			}
		}
		break;
	}
	case MAILMIME_MULTIPLE:
		a->parts++;
		for (clistiter *it = clist_begin(m->mm_data.mm_multipart.mm_mp_list);
		     it; it = clist_next(it))
			walk(clist_content(it), a);
		break;
	case MAILMIME_MESSAGE:
		if (m->mm_parent)
			a->parts++; /* an encapsulated message/rfc822 part */
		subject(m->mm_data.mm_message.mm_fields, a);
		walk(m->mm_data.mm_message.mm_msg_mime, a);
		break;
	default:
		break;
	}
}

uint64_t bmsg_run_etpan(const uint8_t *p, size_t n)
{
	struct acc a = { 0, 0 };
	uint64_t msgs = 0;
	size_t pos = 0, len;
	const uint8_t *m;
	while (bmsg_next(p, n, &pos, &m, &len)) {
		size_t idx = 0;
		struct mailmime *mime = NULL;
		msgs++;
		if (mailmime_parse((const char *)m, len, &idx, &mime) != MAILIMF_NO_ERROR)
			continue;
		walk(mime, &a);
		mailmime_free(mime);
	}
	bmsg_stat_etpan = (bmsg_stat){ msgs, a.parts, a.dec };
	return (msgs << 40) ^ (a.parts << 20) ^ a.dec;
}
#endif
