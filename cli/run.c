/* cli/run.c: `mailprobe run` and `mailprobe suite`: flags, script
 * discovery, one run per script and target (in parallel with -j: a child
 * process per run whose results come back through a temporary file),
 * progress, the summary table, results.json and JUnit, exit codes.
 *
 * Exit: 0 every check passed (skips allowed), 1 a MUST or SHOULD check
 * failed, 2 usage, 3 a target unreachable or a script unreadable/invalid
 * (3 wins over 1: such a run is not a verdict). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mailprobe/replay.h"
#include "run.h"

#define EXIT_OK 0
#define EXIT_FAIL 1
#define EXIT_USAGE 2
#define EXIT_UNREACHABLE 3
#define TARGETS_MAX 32
#define TAGS_MAX 16
#define SCRIPTS_MAX 4096

typedef struct paths {
	char **v;
	size_t n, cap;
} paths;

static void paths_add(paths *p, const char *s)
{
	if (p->n == SCRIPTS_MAX)
		return;
	if (p->n == p->cap) {
		size_t want = p->cap ? p->cap * 2 : 64;
		char **nv = realloc(p->v, want * sizeof *nv);
		if (nv == NULL)
			return;
		p->v = nv;
		p->cap = want;
	}
	char *d = strdup(s);
	if (d)
		p->v[p->n++] = d;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.mps under dir, sorted, depth at most 4. */
static int collect(paths *out, const char *path, int depth)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "mailprobe: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		paths_add(out, path);
		return 0;
	}
	if (depth > 4)
		return 0;
	DIR *d = opendir(path);
	if (d == NULL) {
		fprintf(stderr, "mailprobe: %s: %s\n", path, strerror(errno));
		return -1;
	}
	paths local = { 0 };
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char sub[PATH_MAX];
		int k = snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		if (k < 0 || (size_t)k >= sizeof sub)
			continue;
		size_t n = strlen(e->d_name);
		struct stat s2;
		if (stat(sub, &s2) != 0)
			continue;
		if (S_ISDIR(s2.st_mode) ? strcmp(e->d_name, "data") != 0
					: (n > 4 && strcmp(e->d_name + n - 4, ".mps") == 0))
			paths_add(&local, sub);
	}
	closedir(d);
	qsort(local.v, local.n, sizeof *local.v, cmp_str);
	int rc = 0;
	for (size_t i = 0; i < local.n; i++) {
		if (collect(out, local.v[i], depth + 1) != 0)
			rc = -1;
		free(local.v[i]);
	}
	free(local.v);
	return rc;
}

/* The bundled scripts: $MP_SCRIPTS_DIR, else next to the binary
 * (build/mailprobe -> scripts/), else an installed share dir. */
static int scripts_root(char *out, size_t cap)
{
	const char *env = getenv("MP_SCRIPTS_DIR");
	struct stat st;
	if (env && env[0]) {
		snprintf(out, cap, "%s", env);
		return 0;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		static const char *const rel[] = { "/../scripts", "/scripts", "/../share/mailprobe/scripts" };
		for (size_t i = 0; i < MP_ARRAY_LEN(rel); i++) {
			int k = snprintf(out, cap, "%s%s", exe, rel[i]);
			if (k > 0 && (size_t)k < cap && stat(out, &st) == 0 && S_ISDIR(st.st_mode))
				return 0;
		}
	}
	if (stat("scripts", &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(out, cap, "scripts");
		return 0;
	}
	return -1;
}

static void usage(FILE *f, bool suite)
{
	if (suite)
		fprintf(f, "usage: mailprobe suite smtp|pop3|imap|e2e|all --target URL... [OPTIONS]\n\n"
			   "Runs the bundled conversation scripts (scripts/<suite>/, found next to the\n"
			   "binary or in $MP_SCRIPTS_DIR).\n\n");
	else
		fprintf(f, "usage: mailprobe run --target URL [--target URL...] [OPTIONS] SCRIPT|DIR...\n\n"
			   "Replays conversation scripts (.mps, scripts/README.md) against servers;\n"
			   "every byte a server sends is also checked by its protocol's grammar.\n\n");
	fprintf(f, "Targets: smtp:// smtps:// submission:// submissions:// pop3:// pop3s://\n"
		   "imap:// imaps:// then host[:port]; only loopback addresses unless --allow-remote.\n\n"
		   "Options:\n"
		   "  --target [NAME=]URL a server (repeat for several; a script runs once per\n"
		   "                      target of its first needed kind); NAME labels it in\n"
		   "                      results, reports and progress (postfix=smtp://...)\n"
		   "  --user U            ${user}\n"
		   "  --password-env VAR  ${password} from the environment variable VAR\n"
		   "  --rcpt ADDRESS      ${rcpt}; ${domain} defaults to its domain\n"
		   "  --domain D          ${domain}\n"
		   "  --json FILE         results.json (reports/SCHEMA.md)\n"
		   "  --junit FILE        JUnit XML\n"
		   "  -j N                N scripts in parallel (separate processes)\n"
		   "  --tls-verify        verify certificates (--ca FILE: trust FILE)\n"
		   "  --ca FILE           CA certificates for --tls-verify\n"
		   "  --starttls          `connect C KIND` upgrades with STARTTLS/STLS\n"
		   "  --tag T             only scripts tagged T (repeatable: any of them)\n"
		   "  --within S          default wait of expect steps, seconds (10)\n"
		   "  --transcripts DIR   write every connection's transcript into DIR (created)\n"
		   "  --allow-remote      allow non-loopback target addresses\n"
		   "  -q                  no progress lines\n"
		   "  -h, --help          this text\n\n"
		   "Exit: 0 all checks passed (skips allowed), 1 a MUST or SHOULD check failed,\n"
		   "2 usage, 3 a target unreachable or a script unreadable.\n");
}

/* mkdir -p path: 0, or -1 with a message. */
static int make_dirs(const char *path)
{
	char p[PATH_MAX];
	if (path[0] == '\0' || strlen(path) >= sizeof p) {
		fprintf(stderr, "mailprobe: --transcripts: bad directory name\n");
		return -1;
	}
	snprintf(p, sizeof p, "%s", path);
	for (char *q = p + 1;; q++) {
		if (*q != '/' && *q != '\0')
			continue;
		char c = *q;
		*q = '\0';
		struct stat st;
		if (stat(p, &st) != 0) {
			if (mkdir(p, 0777) != 0 && errno != EEXIST) {
				fprintf(stderr, "mailprobe: --transcripts: cannot create %s: %s\n", p,
					strerror(errno));
				return -1;
			}
		} else if (!S_ISDIR(st.st_mode)) {
			fprintf(stderr, "mailprobe: --transcripts: %s is not a directory\n", p);
			return -1;
		}
		*q = c;
		if (c == '\0')
			break;
	}
	if (access(path, W_OK | X_OK) != 0) {
		fprintf(stderr, "mailprobe: --transcripts: cannot write into %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	return 0;
}

typedef struct job {
	mp_script *s;
	const mp_target *primary;
	const char *path;
	mp_results res;
	pid_t pid;
	FILE *tf;
	mp_status worst;
	uint64_t ms;
	bool done;
} job;

static bool has_tag(const mp_script *s, char *const *tags, size_t ntags)
{
	if (ntags == 0)
		return true;
	const char *t = mp_script_str(s, s->tags);
	for (size_t i = 0; i < ntags; i++) {
		size_t n = strlen(tags[i]);
		for (const char *p = t; (p = strstr(p, tags[i])) != NULL; p++) {
			bool b = p == t || p[-1] == ' ' || p[-1] == ',';
			bool e = p[n] == '\0' || p[n] == ' ' || p[n] == ',';
			if (b && e)
				return true;
		}
	}
	return false;
}

static void progress(bool quiet, size_t k, size_t n, const job *j)
{
	if (quiet)
		return;
	size_t cnt[4] = { 0, 0, 0, 0 };
	for (size_t i = 0; i < j->res.n; i++)
		if (strncmp(j->res.v[i].id, "oracle.", 7) != 0)
			cnt[j->res.v[i].status]++;
	size_t orc = 0;
	for (size_t i = 0; i < j->res.n; i++)
		if (strncmp(j->res.v[i].id, "oracle.", 7) == 0)
			orc++;
	fprintf(stderr, "[%zu/%zu] %-40s %-28s %s", k, n, mp_script_str(j->s, j->s->id),
		mp_target_label(j->primary), mp_status_name(j->worst));
	fprintf(stderr, " (%zu pass, %zu fail, %zu skip, %zu error", cnt[0], cnt[1], cnt[2], cnt[3]);
	if (orc)
		fprintf(stderr, ", %zu oracle", orc);
	fprintf(stderr, "; %llu ms)\n", (unsigned long long)j->ms);
}

static int run_main(int argc, char **argv, const char *suite)
{
	mp_target targets[TARGETS_MAX];
	size_t ntargets = 0;
	char *tags[TAGS_MAX];
	size_t ntags = 0;
	mp_replay_opts o;
	memset(&o, 0, sizeof o);
	const char *json = NULL, *junit = NULL;
	unsigned jobs = 1;
	bool quiet = false;
	paths in = { 0 };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEEDV()                                                              \
	do {                                                                     \
		if (v == NULL) {                                                     \
			fprintf(stderr, "mailprobe: %s needs a value\n", a);            \
			return EXIT_USAGE;                                               \
		}                                                                    \
		i++;                                                                 \
	} while (0)
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout, suite != NULL);
			return EXIT_OK;
		} else if (strcmp(a, "--target") == 0) {
			NEEDV();
			char err[200];
			if (ntargets == TARGETS_MAX) {
				fprintf(stderr, "mailprobe: at most %d targets\n", TARGETS_MAX);
				return EXIT_USAGE;
			}
			if (mp_target_parse(v, &targets[ntargets], err, sizeof err) != MP_OK) {
				fprintf(stderr, "mailprobe: --target: %s\n", err);
				return EXIT_USAGE;
			}
			ntargets++;
		} else if (strcmp(a, "--user") == 0) {
			NEEDV();
			o.user = v;
		} else if (strcmp(a, "--password") == 0) {
			fprintf(stderr, "mailprobe: no password on the command line: use --password-env VAR\n");
			return EXIT_USAGE;
		} else if (strcmp(a, "--password-env") == 0) {
			NEEDV();
			o.password = getenv(v);
			if (o.password == NULL) {
				fprintf(stderr, "mailprobe: --password-env: %s is not set\n", v);
				return EXIT_USAGE;
			}
		} else if (strcmp(a, "--rcpt") == 0) {
			NEEDV();
			o.rcpt = v;
		} else if (strcmp(a, "--domain") == 0) {
			NEEDV();
			o.domain = v;
		} else if (strcmp(a, "--json") == 0) {
			NEEDV();
			json = v;
		} else if (strcmp(a, "--junit") == 0) {
			NEEDV();
			junit = v;
		} else if (strcmp(a, "-j") == 0 || strncmp(a, "-j", 2) == 0) {
			const char *n = a[2] ? a + 2 : v;
			if (a[2] == '\0')
				NEEDV();
			uint64_t jv;
			if (n == NULL || mp_slice_u64(MP_SLICE(n, strlen(n)), 3, &jv) != MP_OK || jv < 1 || jv > 64) {
				fprintf(stderr, "mailprobe: -j takes 1 to 64\n");
				return EXIT_USAGE;
			}
			jobs = (unsigned)jv;
		} else if (strcmp(a, "--tls-verify") == 0) {
			o.tls_verify = true;
		} else if (strcmp(a, "--ca") == 0) {
			NEEDV();
			o.ca_file = v;
		} else if (strcmp(a, "--starttls") == 0) {
			o.force_starttls = true;
		} else if (strcmp(a, "--allow-remote") == 0) {
			o.allow_remote = true;
		} else if (strcmp(a, "--tag") == 0) {
			NEEDV();
			if (ntags < TAGS_MAX)
				tags[ntags++] = (char *)v;
		} else if (strcmp(a, "--within") == 0) {
			NEEDV();
			uint64_t w;
			if (mp_slice_u64(MP_SLICE(v, strlen(v)), 4, &w) != MP_OK || w < 1 || w > 3600) {
				fprintf(stderr, "mailprobe: --within takes 1 to 3600 seconds\n");
				return EXIT_USAGE;
			}
			o.within_ms = (uint32_t)(w * 1000);
		} else if (strcmp(a, "--transcripts") == 0) {
			NEEDV();
			o.transcripts = v;
		} else if (strcmp(a, "-q") == 0) {
			quiet = true;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "mailprobe: unknown option '%s'\n", a);
			usage(stderr, suite != NULL);
			return EXIT_USAGE;
		} else if (suite != NULL) {
			fprintf(stderr, "mailprobe suite: unexpected '%s' (scripts come with `run`)\n", a);
			return EXIT_USAGE;
		} else {
			paths_add(&in, a);
		}
#undef NEEDV
	}
	if (ntargets == 0) {
		fprintf(stderr, "mailprobe: at least one --target URL\n");
		usage(stderr, suite != NULL);
		return EXIT_USAGE;
	}
	if (o.transcripts != NULL && make_dirs(o.transcripts) != 0)
		return EXIT_USAGE;
	int exit_io = EXIT_OK;
	paths files = { 0 };
	if (suite != NULL) {
		char root[PATH_MAX];
		if (scripts_root(root, sizeof root) != 0) {
			fprintf(stderr, "mailprobe: bundled scripts not found (set MP_SCRIPTS_DIR)\n");
			return EXIT_UNREACHABLE;
		}
		static const char *const all[] = { "smtp", "pop3", "imap", "e2e" };
		bool any = false;
		for (size_t i = 0; i < MP_ARRAY_LEN(all); i++) {
			if (strcmp(suite, "all") != 0 && strcmp(suite, all[i]) != 0)
				continue;
			any = true;
			char dir[PATH_MAX + 8];
			snprintf(dir, sizeof dir, "%s/%s", root, all[i]);
			struct stat st;
			if (stat(dir, &st) == 0)
				collect(&files, dir, 0);
		}
		if (!any) {
			fprintf(stderr, "mailprobe suite: unknown suite '%s' (smtp pop3 imap e2e all)\n", suite);
			return EXIT_USAGE;
		}
	} else {
		if (in.n == 0) {
			fprintf(stderr, "mailprobe run: no SCRIPT or DIR given\n");
			usage(stderr, false);
			return EXIT_USAGE;
		}
		for (size_t i = 0; i < in.n; i++)
			if (collect(&files, in.v[i], 0) != 0)
				exit_io = EXIT_UNREACHABLE;
	}
	mp_results all;
	mp_results_init(&all);
	/* read every script first: syntax errors are errors before any run */
	job *jv = calloc(files.n * ntargets + 1, sizeof *jv);
	mp_script **scripts = calloc(files.n + 1, sizeof *scripts);
	if (jv == NULL || scripts == NULL) {
		fprintf(stderr, "mailprobe: out of memory\n");
		return EXIT_UNREACHABLE;
	}
	size_t nj = 0;
	for (size_t i = 0; i < files.n; i++) {
		mp_script_err err;
		if (mp_script_load(files.v[i], 0, &scripts[i], &err) != MP_OK) {
			if (err.line)
				fprintf(stderr, "%s:%u:%u: error: %s\n", files.v[i], err.line, err.col, err.msg);
			else
				fprintf(stderr, "%s: error: %s\n", files.v[i], err.msg);
			char m[400];
			snprintf(m, sizeof m, "%s:%u:%u: %s", files.v[i], err.line, err.col, err.msg);
			mp_check c;
			memset(&c, 0, sizeof c);
			c.id = (char *)"script.unreadable";
			c.title = (char *)"the script reads";
			c.ref = (char *)"scripts/README.md";
			c.message = m;
			c.level = MP_MUST;
			c.status = MP_ERROR;
			c.script = files.v[i];
			c.suite = files.v[i];
			c.step_line = err.line;
			mp_results_add(&all, &c);
			exit_io = EXIT_UNREACHABLE;
			continue;
		}
		mp_script *s = scripts[i];
		if (!has_tag(s, tags, ntags))
			continue;
		/* once per target of the first kind it needs */
		int kind = -1;
		for (int k = 0; k < MP_TK_COUNT && kind < 0; k++)
			if (s->needs & (1u << k))
				kind = k;
		bool any = false;
		for (size_t t = 0; t < ntargets; t++)
			if ((int)targets[t].kind == kind) {
				jv[nj].s = s;
				jv[nj].path = files.v[i];
				jv[nj].primary = &targets[t];
				nj++;
				any = true;
			}
		if (!any) {
			jv[nj].s = s;
			jv[nj].path = files.v[i];
			jv[nj].primary = &targets[0];
			nj++;
		}
	}
	o.targets = targets;
	o.ntargets = ntargets;
	fflush(stdout);
	fflush(stderr);
	size_t started = 0, finished = 0, running = 0;
	while (finished < nj) {
		while (started < nj && running < jobs) {
			job *j = &jv[started++];
			mp_results_init(&j->res);
			uint64_t t0 = mp_now_ms();
			if (jobs == 1) {
				j->worst = mp_replay_run(j->s, &o, j->primary, &j->res);
				j->ms = mp_now_ms() - t0;
				j->done = true;
				finished++;
				progress(quiet, finished, nj, j);
				continue;
			}
			j->tf = tmpfile();
			j->ms = t0;
			pid_t pid = j->tf ? fork() : -1;
			if (pid == 0) {
				mp_results r;
				mp_results_init(&r);
				mp_status w = mp_replay_run(j->s, &o, j->primary, &r);
				int rc = mp_results_dump(&r, j->tf);
				fflush(j->tf);
				_exit(rc != 0 ? 100 : (int)w);
			}
			if (pid < 0) {
				/* no process: run it here */
				if (j->tf)
					fclose(j->tf);
				j->tf = NULL;
				j->worst = mp_replay_run(j->s, &o, j->primary, &j->res);
				j->ms = mp_now_ms() - t0;
				j->done = true;
				finished++;
				progress(quiet, finished, nj, j);
				continue;
			}
			j->pid = pid;
			running++;
		}
		if (running == 0)
			continue;
		int wst;
		pid_t pid = waitpid(-1, &wst, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (size_t k = 0; k < nj; k++) {
			job *j = &jv[k];
			if (j->pid != pid || j->done)
				continue;
			j->done = true;
			running--;
			finished++;
			j->ms = mp_now_ms() - j->ms;
			rewind(j->tf);
			int code = WIFEXITED(wst) ? WEXITSTATUS(wst) : -1;
			if (mp_results_read(&j->res, j->tf) != 0 || code < 0 || code > 3) {
				mp_check c;
				memset(&c, 0, sizeof c);
				char m[200];
				snprintf(m, sizeof m, "the run of this script ended abnormally (%s %d)",
					 WIFSIGNALED(wst) ? "signal" : "exit",
					 WIFSIGNALED(wst) ? WTERMSIG(wst) : code);
				c.id = (char *)mp_script_str(j->s, j->s->id);
				c.title = (char *)mp_script_str(j->s, j->s->title);
				c.ref = (char *)mp_script_str(j->s, j->s->ref);
				c.level = j->s->level;
				c.status = MP_ERROR;
				c.message = m;
				c.script = (char *)j->path;
				c.target = (char *)mp_target_label(j->primary);
				c.url = (char *)j->primary->url;
				c.suite = c.id;
				mp_results_add(&j->res, &c);
				j->worst = MP_ERROR;
			} else {
				j->worst = (mp_status)code;
			}
			fclose(j->tf);
			j->tf = NULL;
			progress(quiet, finished, nj, j);
		}
	}
	/* merged in script order: one oracle check per target and rule */
	int exit_rc = exit_io;
	for (size_t k = 0; k < nj; k++) {
		for (size_t i = 0; i < jv[k].res.n; i++)
			mp_results_add(&all, &jv[k].res.v[i]);
		mp_results_free(&jv[k].res);
	}
	all.duration_ms = mp_now_ms() - all.start_ms;
	const char **names = calloc(files.n + 1, sizeof *names);
	for (size_t i = 0; names && i < files.n; i++)
		names[i] = files.v[i];
	mp_run_info info = { targets, ntargets, names, names ? files.n : 0 };
	int out_rc = mp_cli_results_out(&all, &info, json, junit, true, "mailprobe");
	if (exit_rc == EXIT_OK)
		exit_rc = out_rc;
	free(names);
	mp_results_free(&all);
	for (size_t i = 0; i < files.n; i++) {
		mp_script_free(&scripts[i]);
		free(files.v[i]);
	}
	for (size_t i = 0; i < in.n; i++)
		free(in.v[i]);
	free(in.v);
	free(files.v);
	free(scripts);
	free(jv);
	return exit_rc;
}

int mp_cli_results_out(const mp_results *all, const mp_run_info *info, const char *json,
		       const char *junit, bool table, const char *who)
{
	bool failed = false, errored = false, lost = false;
	for (size_t i = 0; i < all->n; i++) {
		const mp_check *c = &all->v[i];
		if (c->status == MP_FAIL && (c->level == MP_MUST || c->level == MP_SHOULD))
			failed = true;
		if (c->status == MP_ERROR)
			errored = true;
	}
	if (table)
		mp_results_table(all, stdout);
	if (json) {
		FILE *f = strcmp(json, "-") == 0 ? stdout : fopen(json, "w");
		if (f == NULL || mp_results_json(all, info, f) != 0) {
			fprintf(stderr, "%s: cannot write %s: %s\n", who, json, strerror(errno));
			lost = true;
		}
		if (f && f != stdout)
			fclose(f);
	}
	if (junit) {
		FILE *f = fopen(junit, "w");
		if (f == NULL || mp_results_junit(all, f) != 0) {
			fprintf(stderr, "%s: cannot write %s: %s\n", who, junit, strerror(errno));
			lost = true;
		}
		if (f)
			fclose(f);
	}
	if (fflush(stdout) != 0)
		lost = true; /* lost output is an error, never silent */
	return lost || errored ? EXIT_UNREACHABLE : failed ? EXIT_FAIL : EXIT_OK;
}

int mp_cli_run(int argc, char **argv)
{
	return run_main(argc, argv, NULL);
}

int mp_cli_suite(int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-') {
		if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
			usage(stdout, true);
			return EXIT_OK;
		}
		usage(stderr, true);
		return EXIT_USAGE;
	}
	return run_main(argc - 1, argv + 1, argv[1]);
}
