/* bench/peer-dovecot.c: Dovecot's own IMAP argument parser (libdovecot,
 * lib-imap imap-parser) over the bench's server stream, the way an IMAP
 * client of Dovecot's (imapc) reads it: the tag or "*" as a word, then all
 * arguments of the line with literals read into the arguments, then the
 * line end, then a reset for the next response. Built only when the
 * Makefile found dovecot-dev (BENCH_HAVE_DOVECOT). */
#ifdef BENCH_HAVE_DOVECOT

#define HAVE_CONFIG_H 1
#include "lib.h"
#include "istream.h"
#include "imap-parser.h"

#include <stdbool.h>
#include <stdio.h>

#include "imap-gen.h"

/* Every argument visited, as a consumer would: lengths and list sizes
 * summed so the work is not thrown away. */
static uint64_t dv_walk(const struct imap_arg *a)
{
	uint64_t sum = 0;
	for (; a->type != IMAP_ARG_EOL; a++) {
		const struct imap_arg *kids;
		unsigned int nkids;
		switch (a->type) {
		case IMAP_ARG_LIST:
			if (imap_arg_get_list_full(a, &kids, &nkids))
				sum += nkids + dv_walk(kids);
			break;
		case IMAP_ARG_ATOM:
		case IMAP_ARG_STRING:
		case IMAP_ARG_LITERAL:
			sum += a->str_len;
			break;
		default:
			sum++;
			break;
		}
	}
	return sum;
}

static void dv_init(void)
{
	static bool inited;
	if (!inited) {
		lib_init();
		inited = true;
	}
}

uint64_t peer_dovecot_server(const uint8_t *p, size_t n)
{
	dv_init();
	const enum imap_parser_flags flags = IMAP_PARSE_FLAG_LITERAL8 |
		IMAP_PARSE_FLAG_SERVER_TEXT | IMAP_PARSE_FLAG_ATOM_ALLCHARS;
	struct istream *in = i_stream_create_from_data(p, n);
	struct imap_parser *ps = imap_parser_create(in, NULL, 1 << 20, NULL);
	uint64_t units = 0, sum = 0;
	for (;;) {
		size_t sz;
		(void)i_stream_get_data(in, &sz);
		if (sz == 0)
			break;
		const char *tag = imap_parser_read_word(ps);
		const struct imap_arg *args;
		if (tag == NULL || imap_parser_read_args(ps, 0, flags, &args) < 0) {
			enum imap_parser_error e;
			fprintf(stderr, "bench: Dovecot parser: %s at response %llu\n",
				tag ? imap_parser_get_error(ps, &e) : "no tag",
				(unsigned long long)units);
			break;
		}
		sum += dv_walk(args) + (unsigned char)tag[0];
		/* the parser stops at the line end: skip it as imapc does */
		const unsigned char *d = i_stream_get_data(in, &sz);
		size_t i = 0;
		while (i < sz && d[i] != '\n')
			i++;
		i_stream_skip(in, i < sz ? i + 1 : sz);
		imap_parser_reset(ps);
		units++;
	}
	imap_parser_unref(&ps);
	i_stream_unref(&in);
	imap_gen_check("Dovecot imap-parser", units, imap_gen_server_units);
	return units * 1000003 + sum;
}

/* The client stream as Dovecot's imap process reads commands: the tag,
 * the command name (a second word after UID), then the arguments with
 * literals (APPEND's too) read into them; the line after IDLE is DONE. */
uint64_t peer_dovecot_client(const uint8_t *p, size_t n)
{
	dv_init();
	struct istream *in = i_stream_create_from_data(p, n);
	struct imap_parser *ps = imap_parser_create(in, NULL, 1 << 20, NULL);
	uint64_t units = 0, sum = 0;
	for (;;) {
		size_t sz;
		const unsigned char *d = i_stream_get_data(in, &sz);
		if (sz == 0)
			break;
		if (sz >= 6 && memcmp(d, "DONE\r\n", 6) == 0) {
			i_stream_skip(in, 6);
			units++;
			continue;
		}
		const char *tag, *name;
		const struct imap_arg *args;
		if (imap_parser_read_tag(ps, &tag) <= 0 ||
		    imap_parser_read_command_name(ps, &name) <= 0 ||
		    (strcmp(name, "UID") == 0 &&
		     imap_parser_read_command_name(ps, &name) <= 0) ||
		    imap_parser_read_args(ps, 0, IMAP_PARSE_FLAG_LITERAL8, &args) < 0) {
			enum imap_parser_error e;
			fprintf(stderr, "bench: Dovecot parser: %s at command %llu\n",
				imap_parser_get_error(ps, &e), (unsigned long long)units);
			break;
		}
		sum += dv_walk(args) + strlen(name);
		d = i_stream_get_data(in, &sz);
		size_t i = 0;
		while (i < sz && d[i] != '\n')
			i++;
		i_stream_skip(in, i < sz ? i + 1 : sz);
		imap_parser_reset(ps);
		units++;
	}
	imap_parser_unref(&ps);
	i_stream_unref(&in);
	imap_gen_check("Dovecot imap-parser (commands)", units, imap_gen_client_units);
	return units * 1000003 + sum;
}

#else
typedef int bench_peer_dovecot_absent;
#endif
