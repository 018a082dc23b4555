/* bench/peer-gmime.c: GMime 3 doing the message row's work: the mbox
 * parsed by its own parser (GMIME_FORMAT_MBOX) over a memory stream of
 * the input (not copied), every message's tree walked, every leaf's
 * content decoded into a null stream (g_mime_data_wrapper_write_to_stream
 * runs the transfer-encoding filters), and the Subject decoded
 * (g_mime_message_get_subject). Built only with BENCH_HAVE_GMIME. */
#ifdef BENCH_HAVE_GMIME
#include <gmime/gmime.h>
#include <string.h>

#include "msg-rows.h"

struct acc {
	uint64_t parts, dec;
	GMimeStream *null;
};

static void walk(GMimeObject *o, struct acc *a)
{
	if (o == NULL)
		return;
	a->parts++;
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n; i++)
			walk(g_mime_multipart_get_part(mp, i), a);
	} else if (GMIME_IS_MESSAGE_PART(o)) {
		GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
		if (m)
			walk(g_mime_message_get_mime_part(m), a);
	} else if (GMIME_IS_PART(o)) {
		GMimeDataWrapper *w = g_mime_part_get_content(GMIME_PART(o));
		if (w) {
			size_t before = GMIME_STREAM_NULL(a->null)->written;
			g_mime_data_wrapper_write_to_stream(w, a->null);
			a->dec += GMIME_STREAM_NULL(a->null)->written - before;
		}
	}
}

uint64_t bmsg_run_gmime(const uint8_t *p, size_t n)
{
	static bool inited;
	if (!inited) {
		g_mime_init();
		inited = true;
	}
	struct acc a = { 0, 0, g_mime_stream_null_new() };
	uint64_t msgs = 0;
	/* a byte array over the input: GMime reads it, never grows it */
	GByteArray *ba = g_byte_array_new();
	guint8 *keep = ba->data;
	ba->data = (guint8 *)p;
	ba->len = (guint)n;
	GMimeStream *st = g_mime_stream_mem_new_with_byte_array(ba);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(st), FALSE);
	GMimeParser *parser = g_mime_parser_new_with_stream(st);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MBOX);
	while (!g_mime_parser_eos(parser)) {
		GMimeMessage *m = g_mime_parser_construct_message(parser, NULL);
		if (m == NULL)
			break;
		msgs++;
		const char *s = g_mime_message_get_subject(m);
		if (s)
			a.dec += strlen(s);
		walk(g_mime_message_get_mime_part(m), &a);
		g_object_unref(m);
	}
	g_object_unref(parser);
	g_object_unref(st);
	ba->data = keep;
	ba->len = 0;
	g_byte_array_free(ba, TRUE);
	g_object_unref(a.null);
	bmsg_stat_gmime = (bmsg_stat){ msgs, a.parts, a.dec };
	return (msgs << 40) ^ (a.parts << 20) ^ a.dec;
}
#endif
