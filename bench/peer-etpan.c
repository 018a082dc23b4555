/* bench/peer-etpan.c: libetpan's IMAP response parser over the bench's
 * server stream. mailimap_parse_response() needs a connected session, so
 * this calls the parser underneath it (mailimap_greeting_parse, then
 * mailimap_response_parse for each response: the untagged data up to and
 * including its tagged completion, RFC 9051 "response"), with the whole
 * stream as its buffer and no stream to read more from, and frees each
 * result. Built only when the Makefile found libetpan-dev
 * (BENCH_HAVE_ETPAN). */
#ifdef BENCH_HAVE_ETPAN

#include <stdio.h>

#include <libetpan/libetpan.h>

#include "imap-gen.h"

/* From libetpan's mailimap_parser.h, which Debian does not install; both
 * are exported by libetpan.so. */
int mailimap_greeting_parse(mailstream *fd, MMAPString *buffer,
			    struct mailimap_parser_context *parser_ctx,
			    size_t *indx, struct mailimap_greeting **result,
			    size_t progr_rate, progress_function *progr_fun);
int mailimap_response_parse(mailstream *fd, MMAPString *buffer,
			    struct mailimap_parser_context *parser_ctx,
			    size_t *indx, struct mailimap_response **result,
			    size_t progr_rate, progress_function *progr_fun);

uint64_t peer_etpan_server(const uint8_t *p, size_t n)
{
	static mailimap *session;
	if (session == NULL && (session = mailimap_new(0, NULL)) == NULL)
		return 0;
	struct mailimap_parser_context *ctx = mailimap_parser_context_new(session);
	/* The stream as the parser's buffer, not copied: the parser only reads
	 * it (the generator keeps a NUL behind the end). */
	MMAPString buf = { .str = (char *)(uintptr_t)p, .len = n,
			   .allocated_len = n + 1, .fd = -1, .mmapped_size = 0 };
	size_t indx = 0;
	uint64_t units = 0, sum = 0;
	struct mailimap_greeting *g = NULL;
	if (mailimap_greeting_parse(NULL, &buf, ctx, &indx, &g, 0, NULL) ==
	    MAILIMAP_NO_ERROR) {
		mailimap_greeting_free(g);
		units++;
	}
	for (;;) {
		/* the tagged completion's parse leaves its CRLF (a session drops
		 * it with the line buffer); skip it as the session would */
		if (indx + 2 <= n && p[indx] == '\r' && p[indx + 1] == '\n')
			indx += 2;
		if (indx >= n)
			break;
		struct mailimap_response *r = NULL;
		int rc = mailimap_response_parse(NULL, &buf, ctx, &indx, &r, 0, NULL);
		if (rc != MAILIMAP_NO_ERROR) {
			fprintf(stderr, "bench: libetpan: error %d at offset %zu\n", rc, indx);
			break;
		}
		if (r->rsp_cont_req_or_resp_data_list)
			units += (uint64_t)clist_count(r->rsp_cont_req_or_resp_data_list);
		units++; /* the tagged completion */
		sum += indx;
		mailimap_response_free(r);
	}
	mailimap_parser_context_free(ctx);
	imap_gen_check("libetpan", units, imap_gen_server_units);
	return units * 1000003 + sum;
}

#else
typedef int bench_peer_etpan_absent;
#endif
