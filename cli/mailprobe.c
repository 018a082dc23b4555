/* mailprobe: the command line. Subcommands, flags and exit codes only;
 * every protocol rule lives in the library.
 *
 * Exit codes (DESIGN.md): 0 everything conformed, 1 a MUST or SHOULD rule
 * was broken, 2 usage error, 3 the input could not be read. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mailprobe/arena.h"
#include "mailprobe/diag.h"
#include "mailprobe/imap.h"
#include "mailprobe/json.h"
#include "mailprobe/limits.h"
#include "mailprobe/line.h"
#include "mailprobe/pop3.h"
#include "mailprobe/smtp.h"
#include "mailprobe/wire.h"
#include "message.h"
#include "item.h"
#include "run.h"

#define EXIT_CONFORM 0
#define EXIT_NONCONFORM 1
#define EXIT_USAGE 2
#define EXIT_UNREADABLE 3

#define CHUNK (64 * 1024)
#define DIAGS_MAX 4096
#define ARENA_BYTES (8 * 1024 * 1024) /* pages are touched only when used */

static const char *prog = "mailprobe";

/* ---- output ---------------------------------------------------------- */


/* ---- one parse run --------------------------------------------------- */

struct run;

struct kind {
	const char *name;
	const char *help;
	void (*reset)(struct run *r);
	/* Consumes what it can of buf and prints an object per item. */
	size_t (*feed)(struct run *r, const uint8_t *buf, size_t len, bool eof);
	size_t hold; /* the most its reader leaves unconsumed; 0: a line */
};

struct run {
	const struct kind *kind;
	bool lenient;
	bool rev1; /* IMAP4rev1 rather than IMAP4rev2 */
	mp_json j;
	mp_diags d;
	mp_diag dv[DIAGS_MAX];
	mp_arena a;
	uint64_t items;
	bool nonconforming;
	/* per-kind state */
	union {
		struct {
			mp_dotdec dec;
			mp_eodscan eod;
			uint64_t start, bytes, msgs;
			bool open;
		} dot;
		struct {
			mp_8bitck ck;
		} bit;
		struct {
			mp_smtp_reader rd;
			uint64_t start, bytes;
			bool open;
		} smtp;
		struct {
			mp_pop3_reader rd;
			uint64_t lines, bytes;
		} pop3;
		struct {
			mp_imap_reader rd;
			mp_imap_opts o;
			mp_imap_cstate cs;
			bool greeted;
			uint64_t lit_off, lit_bytes; /* a streamed literal */
		} imap;
	} u;
};

/* Item bracket: begin_item writes {"type":..,"offset":..; end_item adds the
 * diags gathered since, closes the object and ends the line. */
static void begin_item(struct run *r, const char *type, uint64_t off)
{
	mp_cli_item_begin(&r->j, type, off);
}

static void end_item(struct run *r)
{
	if (mp_cli_item_end(&r->j, &r->d))
		r->nonconforming = true;
	mp_arena_reset(&r->a);
	r->items++;
}

/* ---- dotstuff: DATA / multi-line bodies, back to back ---------------- */

static void dot_reset(struct run *r)
{
	mp_dotdec_init(&r->u.dot.dec, r->lenient ? MP_DOT_LENIENT_LF : 0, 0);
	mp_eodscan_init(&r->u.dot.eod, 0);
	r->u.dot.start = 0;
	r->u.dot.bytes = 0;
	r->u.dot.msgs = 0;
	r->u.dot.open = false;
}

static void dot_emit(struct run *r, uint64_t end_off, bool ended)
{
	begin_item(r, "dotstuff-body", r->u.dot.start);
	mp_json_key(&r->j, "content_bytes");
	mp_json_u64(&r->j, r->u.dot.bytes);
	mp_json_key(&r->j, "terminated");
	mp_json_bool(&r->j, ended);
	mp_json_key(&r->j, "end_offset");
	mp_json_u64(&r->j, end_off);
	end_item(r);
}

static size_t dot_feed(struct run *r, const uint8_t *buf, size_t len, bool eof)
{
	size_t pos = 0, used;
	mp_dot_event ev;
	while (pos < len) {
		uint64_t at = r->u.dot.dec.off;
		if (!r->u.dot.open) {
			r->u.dot.open = true;
			r->u.dot.start = at;
			r->u.dot.bytes = 0;
			mp_eodscan_init(&r->u.dot.eod, at);
		}
		mp_rc rc = mp_dotdec_next(&r->u.dot.dec, buf + pos, len - pos,
					  &ev, &used, &r->d);
		mp_eodscan_feed(&r->u.dot.eod, buf + pos, used, &r->d);
		pos += used;
		if (rc != MP_OK)
			break;
		if (ev.kind == MP_DOT_PIECE) {
			r->u.dot.bytes += ev.piece.n;
			continue;
		}
		mp_eodscan_finish(&r->u.dot.eod, &r->d);
		/* END: the terminator is 3 bytes from its dot */
		dot_emit(r, ev.off + 3, true);
		r->u.dot.open = false;
		uint64_t next = r->u.dot.dec.off;
		mp_dotdec_init(&r->u.dot.dec, r->lenient ? MP_DOT_LENIENT_LF : 0, next);
	}
	if (eof && r->u.dot.open) {
		/* bytes the decoder held (a dot awaiting its line end) */
		mp_eodscan_feed(&r->u.dot.eod, buf + pos, len - pos, &r->d);
		pos = len;
		mp_eodscan_finish(&r->u.dot.eod, &r->d);
		mp_diag_push(&r->d, r->u.dot.dec.off, MP_R_STREAM_TRUNCATED);
		dot_emit(r, r->u.dot.dec.off, false);
		r->u.dot.open = false;
	}
	return pos;
}

/* ---- 7bit: one message, verdict and every offending octet ------------ */

static void bit_reset(struct run *r)
{
	mp_8bitck_init(&r->u.bit.ck, 0, 0);
}

static size_t bit_feed(struct run *r, const uint8_t *buf, size_t len, bool eof)
{
	mp_8bitck *c = &r->u.bit.ck;
	mp_8bitck_feed(c, buf, len, &r->d);
	if (eof) {
		mp_body_need need = mp_8bitck_finish(c, &r->d);
		const mp_8bit_stats *s = &c->st;
		begin_item(r, "7bit", 0);
		mp_json_key(&r->j, "needs");
		mp_json_cstr(&r->j, mp_body_need_name(need));
		mp_json_key(&r->j, "smtputf8");
		mp_json_bool(&r->j, mp_8bitck_needs_smtputf8(c));
		mp_json_key(&r->j, "bytes");
		mp_json_u64(&r->j, s->bytes);
		mp_json_key(&r->j, "lines");
		mp_json_u64(&r->j, s->lines);
		mp_json_key(&r->j, "high_octets");
		mp_json_u64(&r->j, s->high);
		mp_json_key(&r->j, "nul");
		mp_json_u64(&r->j, s->nul);
		mp_json_key(&r->j, "bare_cr");
		mp_json_u64(&r->j, s->bare_cr);
		mp_json_key(&r->j, "bare_lf");
		mp_json_u64(&r->j, s->bare_lf);
		mp_json_key(&r->j, "long_lines");
		mp_json_u64(&r->j, s->long_lines);
		mp_json_key(&r->j, "max_line");
		mp_json_u64(&r->j, s->max_line);
		mp_json_key(&r->j, "utf8_valid");
		mp_json_bool(&r->j, s->utf8_valid);
		end_item(r);
	}
	return len;
}

/* ---- pop3-command / pop3-response ------------------------------------- */

static void pop3_reset(struct run *r, bool server)
{
	mp_pop3_opts o = { r->lenient ? MP_POP3_LENIENT : 0 };
	mp_pop3_reader_init(&r->u.pop3.rd, server, &o);
}
static void pop3c_reset(struct run *r) { pop3_reset(r, false); }
static void pop3s_reset(struct run *r) { pop3_reset(r, true); }

static size_t pop3_feed(struct run *r, const uint8_t *buf, size_t len, bool eof)
{
	size_t pos = 0, used;
	mp_pop3_event ev;
	static const char *const kinds_[] = { "command", "sasl", "tls", "greeting",
					      "status", "line", "end" };
	for (;;) {
		mp_rc rc = mp_pop3_next(&r->u.pop3.rd, buf + pos, len - pos, eof,
					&ev, &used, &r->d);
		pos += used;
		if (rc != MP_OK)
			break;
		if (ev.kind == MP_POP3_EV_LINE) {
			/* body lines are counted, not printed one by one */
			r->u.pop3.lines++;
			r->u.pop3.bytes += ev.line.n;
			if (r->d.n == 0)
				continue;
		}
		begin_item(r, kinds_[ev.kind], ev.off);
		switch (ev.kind) {
		case MP_POP3_EV_COMMAND:
			mp_pop3_cmd_json(&r->j, &ev.cmd);
			break;
		case MP_POP3_EV_GREETING:
		case MP_POP3_EV_STATUS:
			mp_pop3_resp_json(&r->j, &ev.resp);
			mp_json_key(&r->j, "multiline");
			mp_json_bool(&r->j, ev.multiline);
			r->u.pop3.lines = r->u.pop3.bytes = 0;
			break;
		case MP_POP3_EV_END:
			mp_json_key(&r->j, "lines");
			mp_json_u64(&r->j, r->u.pop3.lines);
			mp_json_key(&r->j, "bytes");
			mp_json_u64(&r->j, r->u.pop3.bytes);
			break;
		case MP_POP3_EV_SASL:
			mp_json_key(&r->j, "length");
			mp_json_u64(&r->j, ev.line.n);
			break;
		default:
			break;
		}
		end_item(r);
	}
	if (eof) {
		if (r->d.n) { /* diags raised at the end of the stream */
			begin_item(r, "end-of-stream", r->u.pop3.rd.lr.off);
			end_item(r);
		}
		pos = len;
	}
	return pos;
}

/* ---- smtp-command / smtp-reply ---------------------------------------- */

static void smtp_reset(struct run *r, bool server)
{
	mp_smtp_opts o = { r->lenient ? MP_SMTP_LENIENT : 0 };
	mp_smtp_reader_init(&r->u.smtp.rd, server, &o);
	r->u.smtp.open = false;
}
static void smtpc_reset(struct run *r) { smtp_reset(r, false); }
static void smtps_reset(struct run *r) { smtp_reset(r, true); }

static size_t smtp_feed(struct run *r, const uint8_t *buf, size_t len, bool eof)
{
	size_t pos = 0, used;
	mp_smtp_event ev;
	for (;;) {
		mp_rc rc = mp_smtp_next(&r->u.smtp.rd, buf + pos, len - pos, eof,
					&r->a, &ev, &used, &r->d);
		pos += used;
		if (rc != MP_OK)
			break;
		switch (ev.kind) {
		case MP_SMTP_EV_DATA:
		case MP_SMTP_EV_BDAT:
			/* content is counted; one object when it ends */
			if (!r->u.smtp.open) {
				r->u.smtp.open = true;
				r->u.smtp.start = ev.off;
				r->u.smtp.bytes = 0;
			}
			r->u.smtp.bytes += ev.data.n;
			continue;
		case MP_SMTP_EV_DATA_END:
		case MP_SMTP_EV_BDAT_END:
			begin_item(r, ev.kind == MP_SMTP_EV_DATA_END ? "data" : "bdat",
				   r->u.smtp.open ? r->u.smtp.start : ev.off);
			mp_json_key(&r->j, "content_bytes");
			mp_json_u64(&r->j, r->u.smtp.open ? r->u.smtp.bytes : 0);
			mp_json_key(&r->j, "end_offset");
			mp_json_u64(&r->j, ev.off);
			r->u.smtp.open = false;
			break;
		case MP_SMTP_EV_COMMAND:
			begin_item(r, "command", ev.off);
			mp_smtp_cmd_json(&r->j, &ev.cmd);
			break;
		case MP_SMTP_EV_SASL:
			begin_item(r, "sasl", ev.off);
			mp_json_key(&r->j, "length");
			mp_json_u64(&r->j, ev.data.n);
			break;
		case MP_SMTP_EV_TLS:
			begin_item(r, "tls", ev.off);
			break;
		case MP_SMTP_EV_REPLY:
			begin_item(r, ev.greeting ? "greeting" : "reply", ev.off);
			mp_smtp_reply_json(&r->j, &ev.reply);
			if (ev.has_caps)
				mp_smtp_caps_json(&r->j, &ev.caps);
			break;
		}
		end_item(r);
	}
	if (eof) {
		if (r->d.n || r->u.smtp.open) {
			begin_item(r, r->u.smtp.open ? "data" : "end-of-stream",
				   r->u.smtp.open ? r->u.smtp.start : r->u.smtp.rd.lr.off);
			if (r->u.smtp.open) {
				mp_json_key(&r->j, "content_bytes");
				mp_json_u64(&r->j, r->u.smtp.bytes);
				mp_json_key(&r->j, "terminated");
				mp_json_bool(&r->j, false);
			}
			end_item(r);
		}
		pos = len;
	}
	return pos;
}

/* ---- imap-command / imap-response ------------------------------------- */

static uint8_t imap_scratch[MP_IMAP_UNIT_MAX];

static void imap_reset(struct run *r, mp_imap_side side)
{
	r->u.imap.o = (mp_imap_opts){ .flags = (r->lenient ? MP_IMAP_LENIENT : 0u) |
						(r->rev1 ? MP_IMAP_REV1 : 0u) };
	mp_imap_reader_init(&r->u.imap.rd, side, &r->u.imap.o, imap_scratch,
			    sizeof imap_scratch);
	r->u.imap.cs = MP_IMAP_CS_COMMAND;
	r->u.imap.greeted = false;
	r->u.imap.lit_bytes = 0;
}
static void imapc_reset(struct run *r) { imap_reset(r, MP_IMAP_CLIENT); }
static void imaps_reset(struct run *r) { imap_reset(r, MP_IMAP_SERVER); }

static size_t imap_feed(struct run *r, const uint8_t *buf, size_t len, bool eof)
{
	size_t pos = 0, used;
	mp_imap_event ev;
	bool server = r->u.imap.rd.side == MP_IMAP_SERVER;
	for (;;) {
		mp_rc rc = mp_imap_next(&r->u.imap.rd, buf + pos, len - pos, eof,
					&ev, &used, &r->d);
		pos += used;
		if (rc != MP_OK)
			break;
		if (ev.ev == MP_IMAP_EV_LITERAL) {
			/* a literal too big to hold: counted, one object at its end */
			if (ev.lit.at == 0)
				r->u.imap.lit_off = ev.lit.off;
			r->u.imap.lit_bytes += ev.lit.data.n;
			if (!ev.lit.last)
				continue;
			begin_item(r, "literal", r->u.imap.lit_off);
			mp_json_key(&r->j, "size");
			mp_json_u64(&r->j, ev.lit.size);
			mp_json_key(&r->j, "received");
			mp_json_u64(&r->j, r->u.imap.lit_bytes);
			r->u.imap.lit_bytes = 0;
			end_item(r);
			continue;
		}
		const mp_imap_unit *u = &ev.unit;
		mp_rc prc;
		if (server) {
			mp_imap_resp resp;
			begin_item(r, r->u.imap.greeted ? "response" : "greeting", u->off);
			prc = mp_imap_resp_parse(u, !r->u.imap.greeted, &r->u.imap.o,
						 &r->a, &resp, &r->d);
			r->u.imap.greeted = true;
			mp_imap_resp_json(&r->j, &resp);
		} else {
			mp_imap_cmd cmd;
			begin_item(r, "command", u->off);
			prc = mp_imap_cmd_parse(u, r->u.imap.cs, &r->u.imap.o, &r->a,
						&cmd, &r->d);
			r->u.imap.cs = mp_imap_cstate_after(r->u.imap.cs, &cmd);
			mp_imap_cmd_json(&r->j, &cmd);
		}
		mp_json_key(&r->j, "valid");
		mp_json_bool(&r->j, prc == MP_OK);
		if (u->too_long || u->eof_cut) {
			mp_json_key(&r->j, u->too_long ? "cut_too_long" : "cut_by_eof");
			mp_json_bool(&r->j, true);
		}
		end_item(r);
	}
	if (eof) {
		if (r->d.n) {
			begin_item(r, "end-of-stream", r->u.imap.rd.off);
			end_item(r);
		}
		pos = len;
	}
	return pos;
}

static const struct kind kinds[] = {
	{ "smtp-command", "the client side of an SMTP session: commands, DATA, BDAT, AUTH lines",
	  smtpc_reset, smtp_feed, 0 },
	{ "smtp-reply", "the server side of an SMTP session: replies, enhanced codes, EHLO capabilities",
	  smtps_reset, smtp_feed, 0 },
	{ "pop3-command", "the client side of a POP3 session: commands, SASL lines",
	  pop3c_reset, pop3_feed, 0 },
	{ "pop3-response", "the server side of a POP3 session: greeting, status lines, multi-line responses",
	  pop3s_reset, pop3_feed, 0 },
	{ "dotstuff", "a dot-stuffed DATA or POP3 multi-line stream: content, terminator, ambiguous end-of-data sequences",
	  dot_reset, dot_feed, 0 },
	{ "7bit", "message content: every 8-bit octet, NUL, bare CR/LF, line over 998, and what the content needs",
	  bit_reset, bit_feed, 0 },
	{ "imap-command", "the client side of an IMAP session: tagged commands with literals, IDLE/DONE, SASL lines",
	  imapc_reset, imap_feed, MP_IMAP_UNIT_MAX },
	{ "imap-response", "the server side of an IMAP session: greeting, tagged, untagged and continuation responses",
	  imaps_reset, imap_feed, MP_IMAP_UNIT_MAX },
};

/* ---- the streaming driver: bounded memory whatever the input --------- */

static int run_stream(struct run *r, FILE *in, const char *name)
{
	/* held = unconsumed bytes + one chunk; readers never hold more than
	 * MP_LINE_HOLD_MAX (+ a few bytes) unconsumed */
	size_t cap = (r->kind->hold ? r->kind->hold : MP_LINE_HOLD_MAX) + 2 * CHUNK;
	uint8_t *buf = malloc(cap);
	size_t held = 0;
	if (buf == NULL) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return EXIT_UNREADABLE;
	}
	r->kind->reset(r);
	for (;;) {
		size_t got = fread(buf + held, 1, cap - held, in);
		bool eof = got == 0;
		if (eof && ferror(in)) {
			fprintf(stderr, "%s: %s: read error: %s\n", prog, name,
				strerror(errno));
			free(buf);
			return EXIT_UNREADABLE;
		}
		held += got;
		size_t used = r->kind->feed(r, buf, held, eof && feof(in));
		if (used > held)
			used = held;
		memmove(buf, buf + used, held - used);
		held -= used;
		if (eof)
			break;
		if (held == cap) {
			/* a reader broke its bound: never grow, never loop */
			fprintf(stderr, "%s: internal error: reader holds %zu bytes\n",
				prog, held);
			free(buf);
			return EXIT_UNREADABLE;
		}
	}
	free(buf);
	return EXIT_CONFORM;
}

static void usage_parse(FILE *f)
{
	fprintf(f, "usage: %s parse [--lenient] [--rev1] KIND [FILE|-]\n\n"
		   "Reads a stream (a whole client or server side of a session, or a\n"
		   "message) and prints one JSON object per item with its fields and\n"
		   "diagnostics {offset, rule, level, ref, text}.\n\n"
		   "KIND:\n", prog);
	for (size_t i = 0; i < MP_ARRAY_LEN(kinds); i++)
		fprintf(f, "  %-15s %s\n", kinds[i].name, kinds[i].help);
	fprintf(f, "  %-15s %s\n", "message", "a message: header fields (decoded), the MIME part tree with types, parameters, encodings, sizes and offsets");
	fprintf(f, "\nOptions:\n"
		   "  --lenient   accept what common peers send; deviations are still reported\n"
		   "  --rev1      IMAP kinds: judge by IMAP4rev1 (RFC 3501), not IMAP4rev2\n"
		   "  -h, --help  this text\n\n"
		   "Exit: 0 conforms, 1 a MUST/SHOULD rule broken, 2 usage, 3 unreadable input.\n");
}

static int cmd_parse(int argc, char **argv)
{
	bool lenient = false, rev1 = false;
	const char *kname = NULL, *file = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage_parse(stdout);
			return EXIT_CONFORM;
		} else if (strcmp(a, "--lenient") == 0) {
			lenient = true;
		} else if (strcmp(a, "--strict") == 0) {
			lenient = false;
		} else if (strcmp(a, "--rev1") == 0) {
			rev1 = true;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "%s parse: unknown option '%s'\n", prog, a);
			usage_parse(stderr);
			return EXIT_USAGE;
		} else if (kname == NULL) {
			kname = a;
		} else if (file == NULL) {
			file = a;
		} else {
			fprintf(stderr, "%s parse: too many arguments\n", prog);
			return EXIT_USAGE;
		}
	}
	if (kname == NULL) {
		usage_parse(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(kname, "message") == 0) /* cli/message.c */
		return mp_cli_parse_message(file, lenient);
	const struct kind *k = NULL;
	for (size_t i = 0; i < MP_ARRAY_LEN(kinds); i++)
		if (strcmp(kinds[i].name, kname) == 0)
			k = &kinds[i];
	if (k == NULL) {
		fprintf(stderr, "%s parse: unknown KIND '%s'\n", prog, kname);
		usage_parse(stderr);
		return EXIT_USAGE;
	}
	FILE *in = stdin;
	if (file != NULL && strcmp(file, "-") != 0) {
		in = fopen(file, "rb");
		if (in == NULL) {
			fprintf(stderr, "%s parse: %s: %s\n", prog, file, strerror(errno));
			return EXIT_UNREADABLE;
		}
	}
	struct run *r = calloc(1, sizeof(*r));
	void *mem = malloc(ARENA_BYTES);
	if (r == NULL || mem == NULL) {
		fprintf(stderr, "%s: out of memory\n", prog);
		free(r);
		free(mem);
		return EXIT_UNREADABLE;
	}
	r->kind = k;
	r->lenient = lenient;
	r->rev1 = rev1;
	mp_diags_init(&r->d, r->dv, DIAGS_MAX);
	mp_arena_init(&r->a, mem, ARENA_BYTES);
	int rc = run_stream(r, in, file ? file : "-");
	if (in != stdin)
		fclose(in);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: write error on stdout\n", prog);
		rc = EXIT_UNREADABLE;
	}
	if (rc == EXIT_CONFORM && r->nonconforming)
		rc = EXIT_NONCONFORM;
	free(mem);
	free(r);
	return rc;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: %s COMMAND [ARGS]\n\n"
		   "Commands:\n"
		   "  parse KIND [FILE|-]   parse a protocol stream, print JSON per item\n"
		   "  rules                 list every rule: id, level, RFC section, text\n"
		   "  lint [--json] [--mbox] FILE...   check messages, a finding per rule broken\n"
		   "  report FORMAT RESULTS...  render results.json: html markdown junit matrix diff\n"
		   "  run --target URL... SCRIPT|DIR...   replay conversation scripts\n"
		   "  suite smtp|pop3|imap|e2e|all --target URL...   the bundled scripts\n"
		   "  pcap list|lint|extract CAPTURE   flows of a capture: list, lint, scripts\n"
		   "  help                  this text\n\n"
		   "'%s COMMAND --help' describes a command.\n", prog, prog);
}

static int cmd_rules(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		printf("usage: %s rules\nPrints every rule as JSON lines: name, level, ref, text.\n", prog);
		return EXIT_CONFORM;
	}
	mp_json j;
	for (size_t i = 0; i < MP_R_COUNT; i++) {
		mp_json_init(&j, mp_cli_sink_stdout, NULL);
		mp_json_obj_begin(&j);
		mp_json_key(&j, "rule");
		mp_json_cstr(&j, mp_rule_name((mp_rule)i));
		mp_json_key(&j, "level");
		mp_json_cstr(&j, mp_level_name(mp_rule_level((mp_rule)i)));
		mp_json_key(&j, "ref");
		mp_json_cstr(&j, mp_rule_ref((mp_rule)i));
		mp_json_key(&j, "text");
		mp_json_cstr(&j, mp_rule_text((mp_rule)i));
		mp_json_obj_end(&j);
		fputc('\n', stdout);
	}
	return fflush(stdout) == 0 ? EXIT_CONFORM : EXIT_UNREADABLE;
}

int cmd_report(int argc, char **argv);
int mp_cli_pcap(int argc, char **argv);

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *c = argv[1];
	if (strcmp(c, "parse") == 0)
		return cmd_parse(argc - 1, argv + 1);
	if (strcmp(c, "rules") == 0)
		return cmd_rules(argc - 1, argv + 1);
	if (strcmp(c, "lint") == 0) /* cli/message.c */
		return mp_cli_lint(argc - 1, argv + 1);
	if (strcmp(c, "report") == 0) /* cli/report.c */
		return cmd_report(argc - 1, argv + 1);
	if (strcmp(c, "run") == 0)
		return mp_cli_run(argc - 1, argv + 1);
	if (strcmp(c, "suite") == 0)
		return mp_cli_suite(argc - 1, argv + 1);
	if (strcmp(c, "pcap") == 0) /* cli/pcap.c */
		return mp_cli_pcap(argc - 1, argv + 1);
	if (strcmp(c, "help") == 0 || strcmp(c, "-h") == 0 || strcmp(c, "--help") == 0) {
		usage(stdout);
		return EXIT_CONFORM;
	}
	fprintf(stderr, "%s: unknown command '%s'\n", prog, c);
	usage(stderr);
	return EXIT_USAGE;
}
