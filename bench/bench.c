/* bench/bench.c: `make bench`. For each row: generate a multi-megabyte
 * stream, parse it RUNS times (interleaved with memcpy and the peers over
 * the same bytes) and print the median MB/s of each, then the memory the
 * parse took above the input, measured in a child process (VmHWM - VmRSS). */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define RUNS 9

void bb_put(bench_buf *b, const void *p, size_t n)
{
	if (b->cap - b->n < n) {
		size_t cap = b->cap ? b->cap : 1 << 20;
		while (cap - b->n < n)
			cap *= 2;
		b->p = realloc(b->p, cap);
		if (b->p == NULL)
			abort();
		b->cap = cap;
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

void bb_puts(bench_buf *b, const char *s) { bb_put(b, s, strlen(s)); }

void bb_printf(bench_buf *b, const char *fmt, ...)
{
	char tmp[4096];
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (k > 0)
		bb_put(b, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

uint64_t bench_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static uint8_t *copy_dst;
static uint64_t run_memcpy(const uint8_t *p, size_t n)
{
	memcpy(copy_dst, p, n);
	__asm__ volatile("" : : "r"(copy_dst) : "memory");
	return copy_dst[n / 2];
}

/* The median MB/s of each of k parsers over the same input. Their runs
 * are interleaved (run i of every parser, then run i + 1), so a change in
 * the machine's load during the row weighs on all of them alike. */
static void median_mbs(uint64_t (*const *fn)(const uint8_t *, size_t), size_t k,
		       const uint8_t *p, size_t n, double *mbs_r)
{
	double t[4][RUNS];
	uint64_t sum[4];
	for (size_t j = 0; j < k; j++)
		sum[j] = fn[j](p, n); /* warm-up */
	for (int i = 0; i < RUNS; i++) {
		for (size_t j = 0; j < k; j++) {
			double a = now();
			uint64_t s = fn[j](p, n);
			t[j][i] = (double)n / 1e6 / (now() - a);
			if (s != sum[j]) {
				fprintf(stderr, "bench: checksum changed between runs\n");
				exit(1);
			}
		}
	}
	for (size_t j = 0; j < k; j++) {
		qsort(t[j], RUNS, sizeof t[j][0], cmp_d);
		mbs_r[j] = t[j][RUNS / 2];
	}
}

static long status_kb(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	size_t kl = strlen(key);
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, key, kl) == 0)
			v = strtol(line + kl, NULL, 10); /* checksrc: allow (bench) */
	fclose(f);
	return v;
}

/* Child: build the input, note RSS, reset the high-water mark, parse once,
 * report the peak above the input. */
static long mem_over_input_kb(const bench_row *r,
			      uint64_t (*run)(const uint8_t *, size_t))
{
	int fd[2];
	if (pipe(fd) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		bench_buf in = { 0 };
		r->gen(&in);
		FILE *c = fopen("/proc/self/clear_refs", "w");
		if (c) {
			fputs("5", c);
			fclose(c);
		}
		long base = status_kb("VmRSS:");
		volatile uint64_t s = run(in.p, in.n);
		(void)s;
		long peak = status_kb("VmHWM:");
		long d = peak - base;
		if (write(fd[1], &d, sizeof d) != (ssize_t)sizeof d)
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	long d = -1;
	if (read(fd[0], &d, sizeof d) != (ssize_t)sizeof d)
		d = -1;
	close(fd[0]);
	waitpid(pid, NULL, 0);
	return d;
}

extern const bench_row bench_rows[];
extern const size_t bench_rows_n;

int main(int argc, char **argv)
{
	/* bench --dump NAME: write the input of the first row named like NAME
	 * to stdout, to check it with other tools */
	if (argc == 3 && strcmp(argv[1], "--dump") == 0) {
		for (size_t i = 0; i < bench_rows_n; i++) {
			if (strstr(bench_rows[i].name, argv[2]) == NULL)
				continue;
			bench_buf in = { 0 };
			bench_rows[i].gen(&in);
			return fwrite(in.p, 1, in.n, stdout) == in.n ? 0 : 3;
		}
		return 2;
	}
	const char *only = argc > 1 ? argv[1] : NULL;
	static char peer_mem[4096];
	printf("mailprobe bench: median of %d runs, MB/s (1e6 bytes/s)\n\n", RUNS);
	printf("| %-29s | %7s | %9s | %9s | %6s | %-22s | %9s | %12s |\n",
	       "parser", "MB", "MB/s", "memcpy", "ratio", "peer", "peer MB/s",
	       "mem > input");
	printf("|%s|%s|%s|%s|%s|%s|%s|%s|\n", "-------------------------------",
	       "---------", "-----------", "-----------", "--------",
	       "------------------------", "-----------", "--------------");
	for (size_t i = 0; i < bench_rows_n; i++) {
		const bench_row *r = &bench_rows[i];
		if (only && strstr(r->name, only) == NULL)
			continue;
		bench_buf in = { 0 };
		r->gen(&in);
		copy_dst = malloc(in.n);
		if (copy_dst == NULL)
			abort();
		memset(copy_dst, 1, in.n);
		uint64_t (*fns[4])(const uint8_t *, size_t) = { r->run, run_memcpy };
		size_t k = 2;
		if (r->run_peer)
			fns[k++] = r->run_peer;
		if (r->run_peer2)
			fns[k++] = r->run_peer2;
		double v[4] = { 0 };
		median_mbs(fns, k, in.p, in.n, v);
		double mb = v[0], mc = v[1];
		double mp = r->run_peer ? v[2] : 0;
		double mp2 = r->run_peer2 ? v[r->run_peer ? 3 : 2] : 0;
		long mem = mem_over_input_kb(r, r->run);
		char peer[32] = "-";
		if (r->run_peer)
			snprintf(peer, sizeof peer, "%.1f", mp);
		printf("| %-29s | %7.1f | %9.1f | %9.1f | %5.0f%% | %-22s | %9s | %9ld KB |\n",
		       r->name, (double)in.n / 1e6, mb, mc, 100.0 * mb / mc,
		       r->peer ? r->peer : "-", peer, mem);
		/* a second peer over the same input: its own line, its speed in
		 * the peer columns */
		if (r->run_peer2) {
			snprintf(peer, sizeof peer, "%.1f", mp2);
			printf("| %-29s | %7s | %9s | %9s | %6s | %-22s | %9s | %12s |\n",
			       "  (same input)", "", "", "", "", r->peer2, peer, "");
		}
		/* the peers' memory above the input, noted after the table */
		if (r->run_peer) {
			size_t u = strlen(peer_mem);
			snprintf(peer_mem + u, sizeof peer_mem - u, "  %s: %s %ld KB%s",
				 r->name, r->peer, mem_over_input_kb(r, r->run_peer),
				 r->run_peer2 ? "" : "\n");
			if (r->run_peer2) {
				u = strlen(peer_mem);
				snprintf(peer_mem + u, sizeof peer_mem - u, ", %s %ld KB\n",
					 r->peer2, mem_over_input_kb(r, r->run_peer2));
			}
		}
		fflush(stdout);
		free(copy_dst);
		free(in.p);
	}
	if (peer_mem[0])
		printf("\npeers' memory above the input:\n%s", peer_mem);
	return 0;
}
