/* reports/results.h: results.json as the renderers see it (reports/SCHEMA.md).
 *
 * A results file is one object with a "checks" array. Each check carries
 * the required fields id, status, level, ref and message, and may carry
 * script, title, protocol, target, duration_ms and a transcript excerpt:
 * a string, or {"text", "offset" (stream offset of text[0]), "faults":
 * [{"offset", "length"}]}; "offsets" on the check is a list of stream
 * offsets of single offending bytes. Unknown members are ignored (newer
 * minor versions add fields); a known member twice is an error, so no two
 * readers can see different values.
 *
 * Every string is hostile: it came from a server or a capture. The loader
 * checks types and shapes only; the renderers escape. */
#ifndef MAILPROBE_REPORTS_RESULTS_H
#define MAILPROBE_REPORTS_RESULTS_H

#include <stdio.h>

#include "mailprobe/slice.h"
#include "rjson.h"

#define MR_SCHEMA "mailprobe-results/1"
#define MR_FAULTS_MAX 256 /* fault ranges kept per check; more are counted */

typedef enum mr_status { MR_PASS, MR_FAIL, MR_SKIP, MR_ERROR, MR_NSTATUS } mr_status;

typedef struct mr_fault {
	uint64_t off, len; /* stream offsets, like the transcript's offset */
} mr_fault;

typedef struct mr_check {
	mp_slice id, level, ref, message; /* required */
	mr_status status;
	mp_slice script, title, target, protocol; /* p NULL: absent */
	bool has_duration;
	double duration_ms;
	bool has_transcript;
	mp_slice transcript;
	uint64_t t_off; /* stream offset of transcript.p[0] */
	mr_fault *faults;
	size_t nfaults, faults_dropped;
	uint64_t src_off; /* offset of the check in the file */
} mr_check;

typedef struct mr_results {
	const char *name;     /* what the file was called on the command line */
	mp_slice target;      /* top-level target name; p NULL: absent */
	mp_slice started;     /* top-level "started" timestamp; p NULL: absent */
	mr_check *checks;
	size_t n;
	mr_fault *fault_mem;
	rj_doc doc;
} mr_results;

const char *mr_status_name(mr_status s);
/* Protocol of a check: its "protocol", else the first part of its id
 * ("oracle.smtp.X" gives "smtp"). */
mp_slice mr_check_protocol(const mr_check *c);
/* Target of a check: its own, the file's, or the file's name. */
mp_slice mr_check_target(const mr_results *r, const mr_check *c);
/* The script a check belongs to: "script", else its id. */
mp_slice mr_check_script(const mr_check *c);
/* "RFC 5321" of "RFC 5321 4.1.4"; the whole ref when it has no section. */
mp_slice mr_ref_doc(mp_slice ref);

/* Parses and checks buf[0..n). MP_OK, or MP_INVALID / MP_NOSPACE with
 * *err. name is kept (not copied). */
mp_rc mr_load(const uint8_t *buf, size_t n, const char *name, mr_results *r,
	      rj_error *err);
/* Reads path ("-": stdin) up to RJ_BYTES_MAX and loads it. MP_INVALID
 * when unreadable too (err says why, offset 0). */
mp_rc mr_load_file(const char *path, mr_results *r, rj_error *err);
void mr_free(mr_results *r);

#endif
