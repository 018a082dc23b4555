/* cli/pcap.c: `mailprobe pcap list|lint|extract|replay CAPTURE`: flags,
 * output and exit codes; the work is in pcap/ (mailprobe/pcap.h) and, for
 * replay, the engine (mailprobe/replay.h): each flow is extracted to a
 * script in a directory of its own and run as `mailprobe run` would. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mailprobe/json.h"
#include "mailprobe/pcap.h"
#include "mailprobe/replay.h"

#include "item.h"
#include "run.h"

#define EXIT_OK 0
#define EXIT_NONCONFORM 1
#define EXIT_USAGE 2
#define EXIT_UNREADABLE 3

int mp_cli_pcap(int argc, char **argv);

enum mode { M_LIST, M_LINT, M_EXTRACT, M_REPLAY };

/* ---- replay: the client side of recorded flows against a server ---- */

struct rrep { /* a recorded reply */
	uint32_t flow;
	uint64_t frame;
	unsigned code;   /* SMTP code; POP3 1 +OK, 0 -ERR */
	bool greeting;
	char tag[32];    /* IMAP */
	char text[160];  /* its first line, printable */
};

struct rflow {
	uint32_t id;
	mp_fproto proto;
	uint16_t sport;
};

struct rp {
	struct rrep *v;
	size_t n, cap;
	struct rflow *f;
	size_t nf, capf;
};

static void *grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	size_t nc = *cap ? *cap * 2 : 64;
	void *nv = realloc(v, nc * size);
	if (nv != NULL)
		*cap = nc;
	return nv;
}

static void rp_item(struct rp *r, const mp_flowinfo *f, const mp_item *it)
{
	if (it->kind != MP_IT_REPLY ||
	    (f->proto != MP_FP_SMTP && f->proto != MP_FP_POP3 && f->proto != MP_FP_IMAP))
		return;
	struct rrep *v = grow(r->v, &r->cap, r->n, sizeof *v);
	if (v == NULL)
		return;
	r->v = v;
	struct rrep *e = &v[r->n++];
	memset(e, 0, sizeof *e);
	e->flow = f->id;
	e->frame = it->frame;
	e->code = it->code;
	e->greeting = it->greeting;
	size_t k = it->tag.n < sizeof e->tag - 1 ? it->tag.n : sizeof e->tag - 1;
	if (k)
		memcpy(e->tag, it->tag.p, k);
	size_t o = 0;
	for (size_t i = 0; i < it->raw.n && o + 5 < sizeof e->text; i++) {
		uint8_t c = it->raw.p[i];
		if (c == '\r' || c == '\n')
			break;
		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
			snprintf(e->text + o, sizeof e->text - o, "\\x%02x", c);
			o += 4;
		} else {
			e->text[o++] = (char)c;
		}
	}
	e->text[o] = '\0';
}

static void rp_done(struct rp *r, const mp_flowinfo *f)
{
	struct rflow *v = grow(r->f, &r->capf, r->nf, sizeof *v);
	if (v == NULL)
		return;
	r->f = v;
	v[r->nf++] = (struct rflow){ f->id, f->proto, f->sport };
}

/* The recorded reply an `expect c ...` line (after "expect c ") stands
 * for: the next one at cur (or a few later) of its class. -1: none. */
static long rp_match(const struct rp *r, uint32_t flow, size_t *cur, const char *e)
{
	size_t seen = 0;
	for (size_t i = *cur; i < r->n && seen < 4; i++) {
		const struct rrep *x = &r->v[i];
		if (x->flow != flow)
			continue;
		seen++;
		bool ok;
		if (strncmp(e, "reply ", 6) == 0)
			ok = x->code / 100 == (unsigned)(e[6] - '0');
		else if (strncmp(e, "ok", 2) == 0)
			ok = x->code == 1;
		else if (strncmp(e, "err", 3) == 0)
			ok = x->code == 0;
		else if (strncmp(e, "greeting", 8) == 0)
			ok = x->greeting;
		else if (strncmp(e, "tagged ", 7) == 0) {
			size_t tn = strcspn(e + 7, " ");
			ok = strlen(x->tag) == tn && strncmp(x->tag, e + 7, tn) == 0;
		} else
			ok = strncmp(e, "line ", 5) == 0;
		if (ok) {
			*cur = i + 1;
			return (long)i;
		}
	}
	return -1;
}

/* Rewrites the extracted script of flow fl at path for the replay: the
 * target's kind in needs/connect, SMTP replies compared by code (not by
 * enhanced code or text); a check per exchange;
 * map[line] = the recorded reply of that expect line, or -1. */
static bool rp_rewrite(const struct rp *r, const struct rflow *fl, const char *path,
		       const char *kind, long *map, size_t nmap)
{
	FILE *in = fopen(path, "rb");
	if (in == NULL)
		return false;
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *out = fopen(tmp, "wb");
	if (out == NULL) {
		fclose(in);
		return false;
	}
	char *line = NULL;
	char level[16] = "MUST", ref[64] = "RFC 5321";
	size_t lcap = 0, cur = 0, no = 0, nx = 1;
	bool after_expect = false;
	ssize_t ln;
	for (size_t i = 0; i < nmap; i++)
		map[i] = -1;
	while ((ln = getline(&line, &lcap, in)) >= 0) {
		no++;
		if (strncmp(line, "level: ", 7) == 0)
			snprintf(level, sizeof level, "%.*s", (int)strcspn(line + 7, "\r\n"), line + 7);
		else if (strncmp(line, "ref: ", 5) == 0)
			snprintf(ref, sizeof ref, "%.*s", (int)strcspn(line + 5, ":\r\n"), line + 5);
		/* each exchange after the greeting is a check of its own, so
		 * that every reply that differs is reported (keep_going) */
		if (after_expect && (strncmp(line, "send", 4) == 0 || strncmp(line, "pipeline ", 9) == 0)) {
			fprintf(out, "check x%zu %s %s: exchange %zu answered as recorded\n", nx, level, ref,
				nx);
			nx++;
			no++;
		}
		if (line[0] != '#' && line[0] != '\n')
			after_expect = strncmp(line, "expect c ", 9) == 0;
		if (strncmp(line, "needs: ", 7) == 0) {
			fprintf(out, "needs: %s\n", kind);
			continue;
		}
		if (strncmp(line, "connect c ", 10) == 0) {
			fprintf(out, "connect c %s\n", kind);
			continue;
		}
		if (strncmp(line, "expect c ", 9) == 0) {
			const char *e = line + 9;
			long m = rp_match(r, fl->id, &cur, e);
			if (no < nmap)
				map[no] = m;
			/* SMTP: the reply code as recorded (its class and its
			 * meaning: 250 is not 251, 550 not 554); enhanced
			 * codes and texts are not compared */
			if (strncmp(e, "reply ", 6) == 0 && e[6] >= '1' && e[6] <= '5' &&
			    e[7] >= '0' && e[7] <= '9' && e[8] >= '0' && e[8] <= '9') {
				fprintf(out, "expect c reply %.3s\n", e + 6);
				continue;
			}
		}
		fwrite(line, 1, (size_t)ln, out);
	}
	free(line);
	fclose(in);
	bool ok = !ferror(out);
	ok &= fclose(out) == 0;
	return ok && rename(tmp, path) == 0;
}

static void rm_tree(const char *dir)
{
	static const char *const sub[] = { "/data", "" };
	for (size_t k = 0; k < 2; k++) {
		char d[4200];
		snprintf(d, sizeof d, "%s%s", dir, sub[k]);
		DIR *h = opendir(d);
		if (h == NULL)
			continue;
		struct dirent *e;
		while ((e = readdir(h)) != NULL) {
			char p[4600];
			if (e->d_name[0] == '.' && (e->d_name[1] == '\0' ||
						    (e->d_name[1] == '.' && e->d_name[2] == '\0')))
				continue;
			snprintf(p, sizeof p, "%s/%s", d, e->d_name);
			unlink(p);
		}
		closedir(h);
		rmdir(d);
	}
}

struct ropts {
	mp_target target;
	bool have_target;
	uint32_t flows[64];
	size_t nflows;
	const char *json, *junit, *keep;
	bool quiet;
};

static mp_fproto kind_proto(mp_tkind k)
{
	mp_proto p = mp_tkind_proto(k);
	return p == MP_PROTO_SMTP ? MP_FP_SMTP : p == MP_PROTO_POP3 ? MP_FP_POP3 : MP_FP_IMAP;
}

/* Runs the chosen flows' scripts (written into dir) against the target. */
static int rp_run(struct rp *r, const struct ropts *ro, mp_replay_opts *o,
		  const char *dir, const char *cap)
{
	mp_results all;
	mp_results_init(&all);
	const char *kind = mp_tkind_name(ro->target.kind);
	mp_fproto want = kind_proto(ro->target.kind);
	const char **names = calloc(r->nf + 1, sizeof *names);
	char (*paths)[4200] = calloc(r->nf + 1, sizeof *paths);
	size_t nn = 0;
	int ex = EXIT_OK;
	if (names == NULL || paths == NULL) {
		fprintf(stderr, "mailprobe pcap: out of memory\n");
		free(names);
		free(paths);
		return EXIT_UNREADABLE;
	}
	for (size_t q = 0; q < ro->nflows; q++) {
		bool found = false;
		for (size_t i = 0; i < r->nf; i++)
			found |= r->f[i].id == ro->flows[q];
		if (!found) {
			fprintf(stderr, "mailprobe pcap: %s: no flow %u\n", cap, ro->flows[q]);
			ex = EXIT_USAGE;
		}
	}
	for (size_t i = 0; i < r->nf && ex == EXIT_OK; i++) {
		const struct rflow *fl = &r->f[i];
		bool pick = ro->nflows == 0 && fl->proto == want;
		for (size_t q = 0; q < ro->nflows; q++)
			pick |= ro->flows[q] == fl->id;
		if (!pick)
			continue;
		if (fl->proto != MP_FP_SMTP && fl->proto != MP_FP_POP3 && fl->proto != MP_FP_IMAP) {
			fprintf(stderr, "mailprobe pcap: flow %u is %s: nothing to replay\n", fl->id,
				mp_fproto_name(fl->proto));
			continue;
		}
		if (fl->proto != want) {
			fprintf(stderr, "mailprobe pcap: flow %u is %s, the target speaks %s\n",
				fl->id, mp_fproto_name(fl->proto), mp_fproto_name(want));
			ex = EXIT_USAGE;
			continue;
		}
		char *path = paths[nn];
		snprintf(path, sizeof paths[0], "%s/flow%04u-%s.mps", dir, fl->id,
			 mp_fproto_name(fl->proto));
		long *map = calloc(MP_SCRIPT_STEPS_MAX * 2, sizeof *map);
		mp_script *s = NULL;
		mp_script_err err;
		if (map == NULL || !rp_rewrite(r, fl, path, kind, map, MP_SCRIPT_STEPS_MAX * 2) ||
		    mp_script_load(path, 0, &s, &err) != MP_OK) {
			fprintf(stderr, "mailprobe pcap: flow %u: its script could not be made\n", fl->id);
			free(map);
			ex = EXIT_UNREADABLE;
			continue;
		}
		names[nn++] = path;
		mp_results res;
		mp_results_init(&res);
		uint64_t t0 = mp_now_ms();
		mp_status w = mp_replay_run(s, o, &ro->target, &res);
		for (size_t k = 0; k < res.n; k++) {
			mp_check *c = &res.v[k];
			long m = c->step_line < MP_SCRIPT_STEPS_MAX * 2 ? map[c->step_line] : -1;
			if (c->status != MP_FAIL || m < 0 || strncmp(c->id, "oracle.", 7) == 0)
				continue;
			const struct rrep *x = &r->v[m];
			size_t n = strlen(c->message) + strlen(x->text) + 96;
			char *msg = malloc(n);
			if (msg == NULL)
				continue;
			snprintf(msg, n, "frame %llu: recorded \"%s\"; replayed: %s",
				 (unsigned long long)x->frame, x->text, c->message);
			free(c->message);
			c->message = msg;
		}
		if (!ro->quiet)
			fprintf(stderr, "flow %u %-40s %s (%llu ms)\n", fl->id,
				mp_script_str(s, s->id), mp_status_name(w),
				(unsigned long long)(mp_now_ms() - t0));
		for (size_t k = 0; k < res.n; k++)
			mp_results_add(&all, &res.v[k]);
		mp_results_free(&res);
		mp_script_free(&s);
		free(map);
	}
	if (ex == EXIT_OK && nn == 0) {
		fprintf(stderr, "mailprobe pcap: %s: no %s flow to replay\n", cap,
			ro->nflows ? "chosen" : mp_fproto_name(want));
		ex = EXIT_NONCONFORM;
	}
	all.duration_ms = mp_now_ms() - all.start_ms;
	mp_run_info info = { &ro->target, 1, names, nn };
	int out = mp_cli_results_out(&all, &info, ro->json, ro->junit, nn > 0, "mailprobe pcap");
	if (ex == EXIT_OK)
		ex = out;
	mp_results_free(&all);
	free(names);
	free(paths);
	return ex;
}

struct sum { /* a finished flow, for `list` */
	mp_flowinfo fi;
	char anom[160];
	mp_pdiag dv[8];
	size_t ndv;
};

struct cli {
	enum mode mode;
	bool json;
	const char *cap;
	mp_json j;
	struct sum *v;
	size_t n, cap_n;
	uint64_t must;    /* reader findings at MUST or SHOULD */
	uint64_t findings;
	mp_extract *x;
	struct rp rp;
};


static void usage(FILE *f)
{
	fprintf(f, "usage: mailprobe pcap list [--json] [OPTIONS] CAPTURE\n"
		   "       mailprobe pcap lint [--json] [--lenient] [OPTIONS] CAPTURE\n"
		   "       mailprobe pcap extract [--keep-secrets] [OPTIONS] CAPTURE -o DIR\n"
		   "       mailprobe pcap replay --target URL [--flow N]... [OPTIONS] CAPTURE\n\n"
		   "Reads a capture (pcap or pcapng: Ethernet, VLAN, Linux cooked v1/v2,\n"
		   "BSD loopback, raw IP), reassembles every TCP flow and reads the SMTP,\n"
		   "POP3 and IMAP ones (port, then greeting).\n\n"
		   "  list     one line per flow: protocol, endpoints, start, octets each\n"
		   "           way, commands, TLS, anomalies (--json: {\"flows\": [...]})\n"
		   "  lint     the grammar oracle and wire rules over both sides of every\n"
		   "           flow: findings with frame number and stream offset\n"
		   "  extract  one conversation script per flow into DIR (data files in\n"
		   "           DIR/data); credentials become ${user}, ${password}, ...\n"
		   "  replay   the client side of the chosen flows (--flow N, default every\n"
		   "           flow of the target's protocol) against --target, through the\n"
		   "           scripts extract writes (in a temporary directory, or -o DIR):\n"
		   "           each recorded exchange is a check; a reply of another code\n"
		   "           than the recorded one (SMTP 250 vs 251 or 550, POP3 +OK/-ERR,\n"
		   "           IMAP tagged OK/NO/BAD) fails it, naming the frame and both\n"
		   "           replies, and the replay reads on, so every differing reply\n"
		   "           is reported; the grammar oracle reads every server byte as\n"
		   "           `run` does\n\n"
		   "Options:\n"
		   "  --port PROTO:N          read port N as smtp, pop3, imap or tls\n"
		   "  --max-flows N           flows open at once (default %u)\n"
		   "  --max-flow-buffer N     out-of-order octets per direction (default %u)\n"
		   "  --max-buffer N          out-of-order octets in total (default %u)\n"
		   "  --max-frags N           IP datagrams in reassembly (default %u)\n"
		   "  --keep-secrets          extract: keep credentials as captured\n"
		   "  --lenient               readers accept what common peers send\n"
		   "  -o DIR                  extract: the output directory; replay: keep\n"
		   "                          the scripts there\n"
		   "Replay options (as `mailprobe run`):\n"
		   "  --target [NAME=]URL     the server; --flow N (repeatable) the flows\n"
		   "  --user U, --password-env VAR, --rcpt ADDRESS, --domain D\n"
		   "  --json FILE, --junit FILE, --within S, --transcripts DIR, -q\n"
		   "  --tls-verify, --ca FILE, --allow-remote\n\n"
		   "Exit: 0 ok (lint: every flow conformed; replay: every check passed),\n"
		   "1 lint found a MUST/SHOULD rule broken (replay: a check failed), 2\n"
		   "usage, 3 the capture could not be read or (replay) the target not\n"
		   "reached (its error\n"
		   "names the byte offset; what was read before is still reported).\n",
		MP_PCAP_FLOWS_MAX, MP_PCAP_FLOW_BUFFER_MAX, MP_PCAP_TOTAL_BUFFER_MAX,
		MP_PCAP_FRAGS_MAX);
}

static bool num(const char *s, uint64_t max, uint64_t *v)
{
	uint64_t r = 0;
	if (*s == '\0')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || r > (max - (uint64_t)(*s - '0')) / 10)
			return false;
		r = r * 10 + (uint64_t)(*s - '0');
	}
	*v = r;
	return true;
}

static void ts_str(uint64_t sec, uint32_t usec, char *out, size_t cap)
{
	time_t t = (time_t)sec;
	struct tm tm;
	if (gmtime_r(&t, &tm) == NULL) {
		snprintf(out, cap, "%llu", (unsigned long long)sec);
		return;
	}
	char d[40];
	strftime(d, sizeof d, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, cap, "%s.%06uZ", d, usec);
}

static const char *tls_kind(const mp_flowinfo *f)
{
	return f->proto == MP_FP_TLS ? "implicit" : f->starttls ? "starttls" : "none";
}

static void json_ep(mp_json *j, const char *key, const mp_ipaddr *a, uint16_t port)
{
	char s[64];
	mp_ipaddr_str(a, s, sizeof s);
	mp_json_key(j, key);
	mp_json_obj_begin(j);
	mp_json_key(j, "addr");
	mp_json_cstr(j, s);
	mp_json_key(j, "port");
	mp_json_u64(j, port);
	mp_json_obj_end(j);
}

static void json_pdiag(mp_json *j, const mp_pdiag *d)
{
	mp_json_obj_begin(j);
	mp_json_key(j, "rule");
	mp_json_cstr(j, mp_rule_name(d->rule));
	mp_json_key(j, "level");
	mp_json_cstr(j, mp_level_name(mp_rule_level(d->rule)));
	mp_json_key(j, "ref");
	mp_json_cstr(j, mp_rule_ref(d->rule));
	mp_json_key(j, "frame");
	mp_json_u64(j, d->frame);
	mp_json_key(j, "offset");
	mp_json_u64(j, d->offset);
	if (d->size) {
		mp_json_key(j, "size");
		mp_json_u64(j, d->size);
	}
	mp_json_obj_end(j);
}

/* ---- callbacks ---- */

static void on_item(void *ctx, const mp_flowinfo *f, const mp_item *it)
{
	struct cli *c = ctx;
	if (c->mode == M_EXTRACT || c->mode == M_REPLAY) {
		mp_extract_item(c->x, f, it);
		if (c->mode == M_REPLAY)
			rp_item(&c->rp, f, it);
		return;
	}
	if (c->mode != M_LINT || it->kind != MP_IT_FINDING)
		return;
	mp_level lv = mp_rule_level(it->rule);
	c->findings++;
	if (lv <= MP_SHOULD)
		c->must++;
	const char *side = it->side == MP_CLIENT ? "client" : "server";
	if (c->json) {
		mp_json_init(&c->j, mp_cli_sink_stdout, NULL);
		mp_json_obj_begin(&c->j);
		mp_json_key(&c->j, "flow");
		mp_json_u64(&c->j, f->id);
		mp_json_key(&c->j, "protocol");
		mp_json_cstr(&c->j, mp_fproto_name(f->proto));
		mp_json_key(&c->j, "side");
		mp_json_cstr(&c->j, side);
		mp_json_key(&c->j, "frame");
		mp_json_u64(&c->j, it->frame);
		mp_json_key(&c->j, "offset");
		mp_json_u64(&c->j, it->off);
		mp_json_key(&c->j, "rule");
		mp_json_cstr(&c->j, mp_rule_name(it->rule));
		mp_json_key(&c->j, "level");
		mp_json_cstr(&c->j, mp_level_name(lv));
		mp_json_key(&c->j, "ref");
		mp_json_cstr(&c->j, mp_rule_ref(it->rule));
		mp_json_key(&c->j, "text");
		mp_json_cstr(&c->j, mp_rule_text(it->rule));
		mp_json_obj_end(&c->j);
		fputc('\n', stdout);
	} else {
		printf("%s: flow %u %s %s frame %llu offset %llu: %s %s (%s) %s\n", c->cap,
		       f->id, mp_fproto_name(f->proto), side, (unsigned long long)it->frame,
		       (unsigned long long)it->off, mp_level_name(lv), mp_rule_name(it->rule),
		       mp_rule_ref(it->rule), mp_rule_text(it->rule));
	}
}

static void on_done(void *ctx, const mp_flowinfo *f)
{
	struct cli *c = ctx;
	if (c->mode == M_EXTRACT || c->mode == M_REPLAY) {
		mp_extract_done(c->x, f);
		if (c->mode == M_REPLAY)
			rp_done(&c->rp, f);
		return;
	}
	if (c->mode == M_LINT) {
		/* the flow's own anomalies (capture, TCP) as findings too */
		for (size_t i = 0; i < f->diags.n; i++) {
			const mp_pdiag *d = &f->diags.v[i];
			if (c->json) {
				mp_json_init(&c->j, mp_cli_sink_stdout, NULL);
				mp_json_obj_begin(&c->j);
				mp_json_key(&c->j, "flow");
				mp_json_u64(&c->j, f->id);
				mp_json_key(&c->j, "protocol");
				mp_json_cstr(&c->j, mp_fproto_name(f->proto));
				mp_json_key(&c->j, "anomaly");
				json_pdiag(&c->j, d);
				mp_json_obj_end(&c->j);
				fputc('\n', stdout);
			} else {
				printf("%s: flow %u %s frame %llu offset %llu: %s %s (%s) %s",
				       c->cap, f->id, mp_fproto_name(f->proto),
				       (unsigned long long)d->frame, (unsigned long long)d->offset,
				       mp_level_name(mp_rule_level(d->rule)), mp_rule_name(d->rule),
				       mp_rule_ref(d->rule), mp_rule_text(d->rule));
				if (d->size)
					printf(" [%llu octets]", (unsigned long long)d->size);
				putchar('\n');
			}
		}
		return;
	}
	if (c->n == c->cap_n) {
		size_t nc = c->cap_n ? c->cap_n * 2 : 256;
		struct sum *v = realloc(c->v, nc * sizeof(*v));
		if (v == NULL)
			return;
		c->v = v;
		c->cap_n = nc;
	}
	struct sum *s = &c->v[c->n++];
	s->fi = *f;
	s->fi.diags = (mp_pdiags){ 0 };
	s->ndv = f->diags.n < 8 ? f->diags.n : 8;
	memcpy(s->dv, f->diags.v, s->ndv * sizeof(mp_pdiag));
	/* "RULE xN, ..." by rule */
	size_t k = 0;
	s->anom[0] = '\0';
	for (size_t i = 0; i < f->diags.n; i++) {
		mp_rule r = f->diags.v[i].rule;
		bool seen = false;
		for (size_t q = 0; q < i; q++)
			seen |= f->diags.v[q].rule == r;
		if (seen)
			continue;
		unsigned cnt = 0;
		for (size_t q = i; q < f->diags.n; q++)
			cnt += f->diags.v[q].rule == r;
		int w = snprintf(s->anom + k, sizeof s->anom - k, "%s%s%s", k ? "," : "",
				 mp_rule_name(r), "");
		if (w < 0 || (size_t)w >= sizeof s->anom - k)
			break;
		k += (size_t)w;
		if (cnt > 1) {
			w = snprintf(s->anom + k, sizeof s->anom - k, "x%u", cnt);
			if (w < 0 || (size_t)w >= sizeof s->anom - k)
				break;
			k += (size_t)w;
		}
	}
}

static int by_id(const void *a, const void *b)
{
	const struct sum *x = a, *y = b;
	return x->fi.id < y->fi.id ? -1 : x->fi.id > y->fi.id;
}

static void print_list(struct cli *c, uint64_t frames, const mp_pdiags *gd)
{
	qsort(c->v, c->n, sizeof(*c->v), by_id);
	if (c->json) {
		mp_json_init(&c->j, mp_cli_sink_stdout, NULL);
		mp_json_obj_begin(&c->j);
		mp_json_key(&c->j, "capture");
		mp_json_cstr(&c->j, c->cap);
		mp_json_key(&c->j, "frames");
		mp_json_u64(&c->j, frames);
		mp_json_key(&c->j, "flows");
		mp_json_arr_begin(&c->j);
		for (size_t i = 0; i < c->n; i++) {
			const mp_flowinfo *f = &c->v[i].fi;
			char ts[64];
			ts_str(f->sec, f->usec, ts, sizeof ts);
			mp_json_obj_begin(&c->j);
			mp_json_key(&c->j, "id");
			mp_json_u64(&c->j, f->id);
			mp_json_key(&c->j, "protocol");
			mp_json_cstr(&c->j, mp_fproto_name(f->proto));
			json_ep(&c->j, "client", &f->caddr, f->cport);
			json_ep(&c->j, "server", &f->saddr, f->sport);
			mp_json_key(&c->j, "start");
			mp_json_cstr(&c->j, ts);
			mp_json_key(&c->j, "first_frame");
			mp_json_u64(&c->j, f->first_frame);
			mp_json_key(&c->j, "last_frame");
			mp_json_u64(&c->j, f->last_frame);
			mp_json_key(&c->j, "bytes_client");
			mp_json_u64(&c->j, f->bytes[MP_CLIENT]);
			mp_json_key(&c->j, "bytes_server");
			mp_json_u64(&c->j, f->bytes[MP_SERVER]);
			mp_json_key(&c->j, "clear_client");
			mp_json_u64(&c->j, f->clear[MP_CLIENT]);
			mp_json_key(&c->j, "clear_server");
			mp_json_u64(&c->j, f->clear[MP_SERVER]);
			mp_json_key(&c->j, "commands");
			mp_json_u64(&c->j, f->commands);
			mp_json_key(&c->j, "replies");
			mp_json_u64(&c->j, f->replies);
			mp_json_key(&c->j, "tls");
			mp_json_cstr(&c->j, tls_kind(f));
			mp_json_key(&c->j, "syn");
			mp_json_bool(&c->j, f->syn);
			mp_json_key(&c->j, "fin_client");
			mp_json_bool(&c->j, f->fin[MP_CLIENT]);
			mp_json_key(&c->j, "fin_server");
			mp_json_bool(&c->j, f->fin[MP_SERVER]);
			mp_json_key(&c->j, "rst");
			mp_json_bool(&c->j, f->rst);
			mp_json_key(&c->j, "retransmissions");
			mp_json_u64(&c->j, f->retrans);
			mp_json_key(&c->j, "out_of_order");
			mp_json_u64(&c->j, f->ooo);
			mp_json_key(&c->j, "gaps");
			mp_json_u64(&c->j, f->gaps);
			mp_json_key(&c->j, "gap_bytes");
			mp_json_u64(&c->j, f->gap_bytes);
			mp_json_key(&c->j, "anomaly_count");
			mp_json_u64(&c->j, f->anomalies);
			mp_json_key(&c->j, "anomalies");
			mp_json_arr_begin(&c->j);
			for (size_t k = 0; k < c->v[i].ndv; k++)
				json_pdiag(&c->j, &c->v[i].dv[k]);
			mp_json_arr_end(&c->j);
			mp_json_obj_end(&c->j);
		}
		mp_json_arr_end(&c->j);
		mp_json_key(&c->j, "capture_anomalies");
		mp_json_arr_begin(&c->j);
		for (size_t k = 0; k < gd->n; k++)
			json_pdiag(&c->j, &gd->v[k]);
		mp_json_arr_end(&c->j);
		mp_json_obj_end(&c->j);
		fputc('\n', stdout);
		return;
	}
	for (size_t i = 0; i < c->n; i++) {
		const mp_flowinfo *f = &c->v[i].fi;
		char ts[64], ca[64], sa[64];
		ts_str(f->sec, f->usec, ts, sizeof ts);
		mp_ipaddr_str(&f->caddr, ca, sizeof ca);
		mp_ipaddr_str(&f->saddr, sa, sizeof sa);
		bool v6 = f->caddr.af == 6;
		printf("%4u %-7s %s%s%s:%u > %s%s%s:%u %s c>s %llu s>c %llu cmds %llu tls %s anomalies %s\n",
		       f->id, mp_fproto_name(f->proto), v6 ? "[" : "", ca, v6 ? "]" : "",
		       f->cport, v6 ? "[" : "", sa, v6 ? "]" : "", f->sport, ts,
		       (unsigned long long)f->bytes[MP_CLIENT],
		       (unsigned long long)f->bytes[MP_SERVER],
		       (unsigned long long)f->commands, tls_kind(f),
		       c->v[i].anom[0] ? c->v[i].anom : "-");
	}
	for (size_t k = 0; k < gd->n; k++)
		printf("capture: frame %llu: %s (%s) %s\n", (unsigned long long)gd->v[k].frame,
		       mp_rule_name(gd->v[k].rule), mp_rule_ref(gd->v[k].rule),
		       mp_rule_text(gd->v[k].rule));
}

static bool mkdirs(const char *dir)
{
	char p[4096];
	if (snprintf(p, sizeof p, "%s/data", dir) >= (int)sizeof p)
		return false;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return false;
	return mkdir(p, 0777) == 0 || errno == EEXIST;
}

int mp_cli_pcap(int argc, char **argv)
{
	struct cli c = { 0 };
	mp_pcap_opts o = { 0 };
	const char *out = NULL;
	bool keep = false;
	struct ropts ro;
	mp_replay_opts ropt;
	memset(&ro, 0, sizeof ro);
	memset(&ropt, 0, sizeof ropt);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "list") == 0)
		c.mode = M_LIST;
	else if (strcmp(argv[1], "lint") == 0)
		c.mode = M_LINT;
	else if (strcmp(argv[1], "extract") == 0)
		c.mode = M_EXTRACT;
	else if (strcmp(argv[1], "replay") == 0)
		c.mode = M_REPLAY;
	else {
		fprintf(stderr, "mailprobe pcap: unknown subcommand '%s'\n", argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		uint64_t v;
		bool val = i + 1 < argc;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return EXIT_OK;
		} else if (c.mode == M_REPLAY && val &&
			   (strcmp(a, "--json") == 0 || strcmp(a, "--junit") == 0 ||
			    strcmp(a, "--user") == 0 || strcmp(a, "--rcpt") == 0 ||
			    strcmp(a, "--domain") == 0 || strcmp(a, "--transcripts") == 0 ||
			    strcmp(a, "--ca") == 0)) {
			const char *sv = argv[++i];
			if (a[2] == 'j' && a[3] == 's')
				ro.json = sv;
			else if (a[2] == 'j')
				ro.junit = sv;
			else if (a[2] == 'u')
				ropt.user = sv;
			else if (a[2] == 'r')
				ropt.rcpt = sv;
			else if (a[2] == 'd')
				ropt.domain = sv;
			else if (a[2] == 't')
				ropt.transcripts = sv;
			else
				ropt.ca_file = sv;
		} else if (c.mode == M_REPLAY && strcmp(a, "--target") == 0 && val) {
			char err[200];
			if (ro.have_target ||
			    mp_target_parse(argv[++i], &ro.target, err, sizeof err) != MP_OK) {
				fprintf(stderr, "mailprobe pcap: --target: %s\n",
					ro.have_target ? "one target" : err);
				return EXIT_USAGE;
			}
			ro.have_target = true;
		} else if (c.mode == M_REPLAY && strcmp(a, "--password-env") == 0 && val) {
			ropt.password = getenv(argv[++i]);
			if (ropt.password == NULL) {
				fprintf(stderr, "mailprobe pcap: --password-env: %s is not set\n", argv[i]);
				return EXIT_USAGE;
			}
		} else if (c.mode == M_REPLAY && strcmp(a, "--flow") == 0 && val) {
			if (!num(argv[++i], UINT32_MAX, &v) || v == 0 || ro.nflows == 64) {
				fprintf(stderr, "mailprobe pcap: --flow wants a flow number (at most 64 of them)\n");
				return EXIT_USAGE;
			}
			ro.flows[ro.nflows++] = (uint32_t)v;
		} else if (c.mode == M_REPLAY && strcmp(a, "--within") == 0 && val) {
			if (!num(argv[++i], 3600, &v) || v == 0) {
				fprintf(stderr, "mailprobe pcap: --within takes 1 to 3600 seconds\n");
				return EXIT_USAGE;
			}
			ropt.within_ms = (uint32_t)(v * 1000);
		} else if (c.mode == M_REPLAY && strcmp(a, "--tls-verify") == 0) {
			ropt.tls_verify = true;
		} else if (c.mode == M_REPLAY && strcmp(a, "--allow-remote") == 0) {
			ropt.allow_remote = true;
		} else if (c.mode == M_REPLAY && strcmp(a, "-q") == 0) {
			ro.quiet = true;
		} else if (strcmp(a, "--json") == 0) {
			c.json = true;
		} else if (strcmp(a, "--lenient") == 0) {
			o.lenient = true;
		} else if (strcmp(a, "--keep-secrets") == 0) {
			keep = true;
		} else if (strcmp(a, "-o") == 0 && val) {
			out = argv[++i];
		} else if (strcmp(a, "--port") == 0 && val) {
			const char *s = argv[++i], *colon = strchr(s, ':');
			static const char *const names[] = { "unknown", "smtp", "pop3", "imap", "tls" };
			int p = -1;
			for (int k = 1; colon && k < 5; k++)
				if ((size_t)(colon - s) == strlen(names[k]) &&
				    strncmp(s, names[k], strlen(names[k])) == 0)
					p = k;
			if (p < 0 || !num(colon + 1, 65535, &v) || v == 0 ||
			    o.nports == MP_PCAP_PORTS_MAX) {
				fprintf(stderr, "mailprobe pcap: --port wants PROTO:N (smtp, pop3, imap, tls; 1-65535)\n");
				return EXIT_USAGE;
			}
			o.ports[o.nports].port = (uint16_t)v;
			o.ports[o.nports++].proto = (uint8_t)p;
		} else if ((strcmp(a, "--max-flows") == 0 || strcmp(a, "--max-flow-buffer") == 0 ||
			    strcmp(a, "--max-buffer") == 0 || strcmp(a, "--max-frags") == 0) && val) {
			if (!num(argv[++i], (uint64_t)1 << 40, &v) || v == 0) {
				fprintf(stderr, "mailprobe pcap: %s wants a positive number\n", a);
				return EXIT_USAGE;
			}
			if (strcmp(a, "--max-flows") == 0)
				o.max_flows = (size_t)v;
			else if (strcmp(a, "--max-flow-buffer") == 0)
				o.pool.max_flow = (size_t)v;
			else if (strcmp(a, "--max-buffer") == 0)
				o.pool.max_total = (size_t)v;
			else
				o.max_frags = (size_t)v;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "mailprobe pcap: unknown option or missing value '%s'\n", a);
			usage(stderr);
			return EXIT_USAGE;
		} else if (c.cap == NULL) {
			c.cap = a;
		} else {
			fprintf(stderr, "mailprobe pcap: too many arguments\n");
			return EXIT_USAGE;
		}
	}
	if (c.cap == NULL || (c.mode == M_EXTRACT && out == NULL)) {
		fprintf(stderr, "mailprobe pcap: %s\n", c.cap == NULL ? "no CAPTURE given" :
			"extract needs -o DIR");
		usage(stderr);
		return EXIT_USAGE;
	}
	if (c.mode == M_REPLAY && !ro.have_target) {
		fprintf(stderr, "mailprobe pcap: replay needs --target URL\n");
		return EXIT_USAGE;
	}
	char tmpdir[64] = "";
	if (c.mode == M_REPLAY && out == NULL) {
		const char *t = getenv("TMPDIR");
		snprintf(tmpdir, sizeof tmpdir, "%s/mailprobe-replay-XXXXXX",
			 t && t[0] && strlen(t) < 40 ? t : "/tmp");
		if (mkdtemp(tmpdir) == NULL) {
			fprintf(stderr, "mailprobe pcap: %s: %s\n", tmpdir, strerror(errno));
			return EXIT_UNREADABLE;
		}
		out = tmpdir;
	}
	o.lint = c.mode == M_LINT;
	o.items = c.mode == M_EXTRACT || c.mode == M_REPLAY;
	if (c.mode == M_EXTRACT || c.mode == M_REPLAY) {
		if (!mkdirs(out) || mp_extract_new(out, c.cap, keep, &c.x) != MP_OK) {
			fprintf(stderr, "mailprobe pcap: %s: %s\n", out, strerror(errno));
			if (tmpdir[0])
				rm_tree(tmpdir);
			return EXIT_UNREADABLE;
		}
	}
	FILE *f = strcmp(c.cap, "-") == 0 ? stdin : fopen(c.cap, "rb");
	if (f == NULL) {
		fprintf(stderr, "mailprobe pcap: %s: %s\n", c.cap, strerror(errno));
		mp_extract_free(&c.x, NULL);
		if (tmpdir[0])
			rm_tree(tmpdir);
		return EXIT_UNREADABLE;
	}
	char err[MP_PCAP_ERR_MAX];
	mp_pcap *p;
	if (mp_pcap_open(f, &p, err) != MP_OK) {
		fprintf(stderr, "mailprobe pcap: %s: %s\n", c.cap, err);
		mp_extract_free(&c.x, NULL);
		if (tmpdir[0])
			rm_tree(tmpdir);
		return EXIT_UNREADABLE;
	}
	mp_flow_cb cb = { &c, on_item, on_done };
	mp_flows *fl;
	o.max_frags = o.max_frags ? o.max_frags : MP_PCAP_FRAGS_MAX;
	if (mp_flows_new(&o, &cb, &fl) != MP_OK) {
		fprintf(stderr, "mailprobe pcap: out of memory\n");
		mp_pcap_close(&p);
		mp_extract_free(&c.x, NULL);
		if (tmpdir[0])
			rm_tree(tmpdir);
		return EXIT_UNREADABLE;
	}
	mp_decoder dc = { .max_frags = o.max_frags };
	mp_frame fr;
	mp_tcpseg seg;
	mp_rc rc;
	int lt = mp_pcap_linktype(p);
	mp_pdiags *gd = mp_flows_diags(fl);
	uint64_t frames = 0;
	while ((rc = mp_pcap_next(p, &fr, err)) == MP_OK) {
		frames++;
		if (mp_decode(&dc, lt, &fr, &seg, gd) == MP_OK)
			mp_flows_segment(fl, &seg, fr.sec, fr.usec);
	}
	int ex = EXIT_OK;
	if (rc == MP_INVALID) {
		fprintf(stderr, "mailprobe pcap: %s: %s\n", c.cap, err);
		ex = EXIT_UNREADABLE;
	}
	mp_decoder_finish(&dc, gd);
	mp_flows_finish(fl);
	if (c.mode == M_LIST)
		print_list(&c, frames, gd);
	if (c.mode == M_REPLAY) {
		uint64_t errors = 0;
		mp_extract_free(&c.x, &errors);
		if (errors) {
			fprintf(stderr, "mailprobe pcap: %llu files could not be written\n",
				(unsigned long long)errors);
			ex = EXIT_UNREADABLE;
		} else {
			ropt.targets = &ro.target;
			ropt.ntargets = 1;
			ropt.keep_going = true; /* every differing reply, not the first */
			fflush(stdout);
			int rex = rp_run(&c.rp, &ro, &ropt, out, c.cap);
			if (ex == EXIT_OK)
				ex = rex;
		}
		if (tmpdir[0])
			rm_tree(tmpdir);
		free(c.rp.v);
		free(c.rp.f);
	}
	if (c.mode == M_EXTRACT) {
		uint64_t errors = 0, w = mp_extract_free(&c.x, &errors);
		printf("%llu scripts written to %s\n", (unsigned long long)w, out);
		if (errors) {
			fprintf(stderr, "mailprobe pcap: %llu files could not be written\n",
				(unsigned long long)errors);
			ex = EXIT_UNREADABLE;
		}
	}
	if (c.mode == M_LINT && ex == EXIT_OK && c.must)
		ex = EXIT_NONCONFORM;
	mp_flows_free(&fl);
	mp_decoder_free(&dc);
	mp_pcap_close(&p);
	free(c.v);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "mailprobe pcap: write error on stdout\n");
		ex = EXIT_UNREADABLE;
	}
	return ex;
}
