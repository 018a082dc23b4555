/* mailprobe/replay.h: conversation scripts (scripts/README.md is the
 * language), the engine that replays them against real servers, and the
 * results (reports/SCHEMA.md).
 *
 * Three layers, one way:
 * - the script reader (replay/script.c): bytes of a .mps file into a
 *   mp_script; pure, no I/O but the optional file checks; every error has
 *   file:line:column; bounded sizes (MP_SCRIPT_* below);
 * - the engine (replay/engine.c, replay/conn.c): runs a script over TCP or
 *   TLS with poll(2) and a deadline on every wait, feeds every byte a
 *   server sends through that protocol's reader and parser (the grammar
 *   oracle) and records checks;
 * - results (replay/results.c): checks into results.json, JUnit XML and
 *   the terminal, every server byte escaped for where it is shown.
 *
 * Memory here is malloc'd (this is not the parser library) and bounded:
 * every buffer has a cap named below. */
#ifndef MAILPROBE_REPLAY_H
#define MAILPROBE_REPLAY_H

#include <regex.h>
#include <stdio.h>

#include "mailprobe/diag.h"
#include "mailprobe/slice.h"

#define MP_RESULTS_SCHEMA "mailprobe-results/1"
#define MP_VERSION "0.1.0"

/* ---- limits ----------------------------------------------------------- */
#define MP_SCRIPT_FILE_MAX (1u << 20)   /* a script file */
#define MP_SCRIPT_LINE_MAX 8192         /* one line of it */
#define MP_SCRIPT_STEPS_MAX 4096
#define MP_SCRIPT_CONNS_MAX 8
#define MP_SCRIPT_VARS_MAX 64           /* names a script captures */
#define MP_SCRIPT_CHECKS_MAX 64         /* the script's check plus `check` steps */
#define MP_SCRIPT_CODES_MAX 8           /* alternatives in `reply 250|251` */
#define MP_SCRIPT_NAME_MAX 32           /* connection, variable, tag names */
#define MP_SCRIPT_DEPTH_MAX 3           /* finally > until > pipeline */
#define MP_SCRIPT_TIMEOUT_MAX 3600      /* seconds */
#define MP_DATA_FILE_MAX (16u << 20)    /* a file sendfile/body/{{@}} reads */
#define MP_VAR_VALUE_MAX 4096           /* a captured or given value */
#define MP_CONN_HOLD_MAX ((1u << 20) + (64u << 10)) /* unconsumed octets */
#define MP_TRANSCRIPT_MAX (256u << 10)  /* kept per connection and direction */
#define MP_BODY_MAX (4u << 20)          /* the last body kept for comparison */
#define MP_KEPT_MAX (256u << 10)        /* IMAP untagged responses kept */
#define MP_WITHIN_DEFAULT_MS 10000
#define MP_SCRIPT_TIMEOUT_DEFAULT 60

/* ---- targets ---------------------------------------------------------- */

typedef enum mp_tkind {
	MP_TK_SMTP = 0,
	MP_TK_SUBMISSION = 1,
	MP_TK_POP3 = 2,
	MP_TK_IMAP = 3,
	MP_TK_COUNT
} mp_tkind;

/* The wire protocol a kind speaks (submission is SMTP). */
typedef enum mp_proto {
	MP_PROTO_SMTP = 0,
	MP_PROTO_POP3 = 1,
	MP_PROTO_IMAP = 2,
} mp_proto;

const char *mp_tkind_name(mp_tkind k); /* "smtp", "submission", ... */
mp_proto mp_tkind_proto(mp_tkind k);
const char *mp_proto_name(mp_proto p);

typedef struct mp_target {
	char url[300];
	mp_tkind kind;
	bool tls;       /* implicit TLS (smtps, submissions, pop3s, imaps) */
	char host[256]; /* as written; IPv6 without brackets */
	char port[8];
	char name[64];  /* NAME of NAME=URL (a label for reports), or "" */
} mp_target;

#define MP_TARGET_NAME_MAX 63
/* [NAME=]scheme://host[:port][/]: smtp smtps submission submissions pop3
 * pop3s imap imaps; IPv6 in brackets; NAME (letters, digits, . _ -, at
 * most 63) labels the target in results. MP_OK, or MP_INVALID with a
 * reason. */
mp_rc mp_target_parse(const char *url, mp_target *t_r, char *err, size_t cap);

/* The target as results name it: its NAME, else its URL. */
static inline const char *mp_target_label(const mp_target *t)
{
	return t->name[0] ? t->name : t->url;
}

/* ---- scripts ---------------------------------------------------------- */

typedef enum mp_step_kind {
	MP_S_CONNECT, MP_S_TLS, MP_S_CLOSE, MP_S_SHUTDOWN, MP_S_WAIT,
	MP_S_SEND, MP_S_SENDRAW, MP_S_SENDFILE, MP_S_PIPELINE, MP_S_UNTIL,
	MP_S_END, MP_S_EXPECT, MP_S_CAPTURE, MP_S_REQUIRE, MP_S_CHECK,
	MP_S_ASSERT, MP_S_FINALLY, MP_S_BDAT,
	MP_S_COUNT
} mp_step_kind;

typedef enum mp_expect_kind {
	MP_E_REPLY, MP_E_OK, MP_E_ERR, MP_E_CONTINUE, MP_E_TAGGED,
	MP_E_UNTAGGED, MP_E_NO_UNTAGGED, MP_E_GREETING, MP_E_LINE,
	MP_E_CLOSED, MP_E_SILENCE, MP_E_MESSAGE, MP_E_BODY, MP_E_CAP,
	MP_E_NO_CAP,
	MP_E_COUNT
} mp_expect_kind;

const char *mp_step_kind_name(mp_step_kind k);
const char *mp_expect_kind_name(mp_expect_kind k);

/* A text argument: a run of pieces, expanded when the step runs. */
typedef enum mp_piece_kind {
	MP_PC_BYTES,     /* pool[off..off+len): octets, escapes resolved */
	MP_PC_VAR,       /* ${name}: pool[off..off+len) the name */
	MP_PC_LIT_OPEN,  /* {{ : an IMAP literal starts; lit = its form */
	MP_PC_LIT_CLOSE, /* }} */
	MP_PC_LIT_FILE,  /* {{@path}}: pool[off..off+len) the path (with
	                    OPEN/CLOSE around it) */
} mp_piece_kind;

typedef enum mp_lit_form {
	MP_LIT_SYNC = 0, /* {n}  */
	MP_LIT_PLUS,     /* {n+} */
	MP_LIT_MINUS,    /* {n-} */
	MP_LIT_8,        /* ~{n} */
} mp_lit_form;

typedef struct mp_piece {
	uint8_t kind;  /* mp_piece_kind */
	uint8_t lit;   /* mp_lit_form */
	bool quote;    /* a variable inside a pattern: matched literally */
	uint32_t off, len;
} mp_piece;

typedef struct mp_text {
	uint32_t first, n;  /* pieces[first..first+n) */
	uint32_t line, col; /* where it starts in the script */
	bool has_vars;
	bool has_lits;
} mp_text;

/* A /pattern/: POSIX extended, case-insensitive. Compiled when the script
 * is read if it holds no variable; else when the step runs. */
typedef struct mp_pattern {
	mp_text t;
	bool present;
	bool compiled;
	regex_t re;
} mp_pattern;

typedef enum mp_conn_mode {
	MP_CM_DEFAULT = 0, /* as the target URL says */
	MP_CM_TLS,         /* implicit TLS */
	MP_CM_STARTTLS,    /* upgrade after the greeting */
} mp_conn_mode;

typedef enum mp_file_mode {
	MP_FM_RAW = 0, MP_FM_DOTSTUFF, MP_FM_BDAT,
} mp_file_mode;

/* IMAP status bits for `tagged` / `greeting`. */
#define MP_IST_OK 0x1
#define MP_IST_NO 0x2
#define MP_IST_BAD 0x4
#define MP_IST_PREAUTH 0x8
#define MP_IST_BYE 0x10

/* assert: the comparison */
typedef enum mp_assert_op {
	MP_OP_LT, MP_OP_LE, MP_OP_GT, MP_OP_GE, MP_OP_EQ, MP_OP_NE,
} mp_assert_op;

typedef struct mp_step {
	uint8_t kind;      /* mp_step_kind */
	uint8_t ex;        /* MP_S_EXPECT: mp_expect_kind */
	uint8_t mode;      /* connect: mp_conn_mode; sendfile: mp_file_mode */
	uint8_t tkind;     /* connect: mp_tkind */
	uint32_t line, col;
	int conn;          /* connection index, or -1 */
	int check;         /* the check it belongs to (0 = the script's) */
	int match;         /* pipeline/until: index of its end; end: its opener */
	uint32_t within_ms;
	uint64_t num;      /* wait/silence ms, until ms, bdat chunk size */
	mp_text text;      /* send, sendraw, bdat: the line; sendfile, body:
	                      the path; assert: the left value */
	mp_text text2;     /* assert: the right value */
	uint8_t op;        /* assert: mp_assert_op */
	bool last;         /* bdat: BDAT n LAST */
	mp_pattern re;
	/* reply: codes as [lo, hi] ranges ("2xx" = 200..299) */
	struct { uint16_t lo, hi; } codes[MP_SCRIPT_CODES_MAX];
	uint8_t ncodes;
	bool has_esc;
	unsigned esc[3];
	bool multiline;    /* ok multiline */
	uint8_t ist;       /* tagged, greeting: MP_IST_* bits */
	uint32_t name;     /* pool offset of a C string: tagged TAG, untagged
	                      KEYWORD, capture NAME, require/cap/no-cap NAME */
} mp_step;

typedef struct mp_script_check {
	uint32_t id, title, ref; /* pool offsets of C strings */
	mp_level level;
	int first_step;
} mp_script_check;

typedef struct mp_script {
	char *path;             /* as given */
	char *dir;              /* the script's directory, for data files */
	uint32_t id, title, protocol, ref, tags; /* pool offsets */
	mp_level level;
	unsigned needs;         /* bits (1 << mp_tkind): header needs and connects */
	unsigned timeout_s;
	mp_step *steps;
	size_t nsteps;
	struct { char name[MP_SCRIPT_NAME_MAX]; uint8_t tkind; } conns[MP_SCRIPT_CONNS_MAX];
	size_t nconns;
	char vars[MP_SCRIPT_VARS_MAX][MP_SCRIPT_NAME_MAX]; /* captured names */
	size_t nvars;
	mp_script_check checks[MP_SCRIPT_CHECKS_MAX];
	size_t nchecks;
	int finally_step;       /* the `finally` step, or -1 */
	mp_piece *pieces;
	size_t npieces, pieces_cap;
	uint8_t *pool;
	size_t pool_n, pool_cap;
} mp_script;

typedef struct mp_script_err {
	unsigned line, col; /* 1-based; 0 when the file could not be read */
	char msg[200];
} mp_script_err;

/* A C string in the script's pool. */
static inline const char *mp_script_str(const mp_script *s, uint32_t off)
{
	return (const char *)s->pool + off;
}

#define MP_SCRIPT_NO_FILES 0x1 /* do not check that data files exist */

/* Reads a script from src[0..n). name is used in messages and dir for
 * data files (NULL: the current directory). MP_OK with *s_r (free with
 * mp_script_free), or MP_INVALID with *err (the first error, with its
 * line and column). Never reads past n; sizes are bounded by the
 * MP_SCRIPT_* limits (each an error). */
mp_rc mp_script_parse(const char *name, const char *dir, const uint8_t *src,
		      size_t n, unsigned flags, mp_script **s_r,
		      mp_script_err *err);
/* Reads the file at path, then as mp_script_parse. MP_INVALID with line 0
 * when the file cannot be read or is over MP_SCRIPT_FILE_MAX. */
mp_rc mp_script_load(const char *path, unsigned flags, mp_script **s_r,
		     mp_script_err *err);
void mp_script_free(mp_script **s);

/* Variables for expansion: the callback finds name's value; false when
 * it has none (an error at run time). */
typedef bool (*mp_var_get)(void *ctx, const char *name, mp_slice *val_r);

/* A literal in expanded text: content at out[pos..pos+len). */
typedef struct mp_lit_span {
	size_t pos, len;
	mp_lit_form form;
} mp_lit_span;
#define MP_LITS_MAX 16

/* Expands text into out (cap octets): escapes were resolved when read;
 * variables are looked up, {{@file}} read (relative to s->dir). Literal
 * contents are inline in out and located by lits (at most MP_LITS_MAX).
 * MP_OK with *len_r; MP_INVALID with a message in err (unknown variable,
 * unreadable file); MP_NOSPACE when out is too small. */
mp_rc mp_text_expand(const mp_script *s, const mp_text *t, mp_var_get get,
		     void *ctx, uint8_t *out, size_t cap, size_t *len_r,
		     mp_lit_span *lits, size_t *nlits_r, char *err,
		     size_t errcap);

/* ---- results ---------------------------------------------------------- */

typedef enum mp_status {
	MP_PASS = 0, MP_FAIL = 1, MP_SKIP = 2, MP_ERROR = 3,
} mp_status;
const char *mp_status_name(mp_status s);

typedef struct mp_excerpt {
	char conn[MP_SCRIPT_NAME_MAX];
	bool from_server;   /* which stream: server to us, or us to server */
	uint64_t offset;    /* stream offset of data[0] */
	uint64_t mark;      /* stream offset of the offending octet */
	uint8_t *data;      /* malloc'd, at most MP_EXCERPT_MAX */
	size_t n;
} mp_excerpt;
#define MP_EXCERPT_MAX 512

typedef struct mp_check {
	char *id, *title, *ref, *message, *script, *suite;
	char *target;        /* the target's name, else its URL */
	char *url;           /* the target's URL */
	char *protocol;      /* smtp, pop3, imap, e2e */
	mp_level level;
	mp_status status;
	uint64_t duration_ms;
	uint64_t count;      /* oracle: occurrences in this run */
	unsigned step_line;  /* 0: none */
	bool has_excerpt;
	mp_excerpt ex;
} mp_check;

typedef struct mp_results {
	mp_check *v;
	size_t n, cap;
	char started[32];    /* RFC 3339 UTC */
	uint64_t start_ms;
	uint64_t duration_ms;
} mp_results;

void mp_results_init(mp_results *r);
void mp_results_free(mp_results *r);
/* Appends a copy of c (strings and excerpt are duplicated). An oracle
 * check (id "oracle.*") with the same id and target as one already there
 * adds its count instead: one check per (target, rule) per run. */
void mp_results_add(mp_results *r, const mp_check *c);
/* Writes the results as a byte stream mp_results_read understands (for
 * -j: a child's results travel to the parent). */
int mp_results_dump(const mp_results *r, FILE *f);
int mp_results_read(mp_results *r, FILE *f);

typedef struct mp_run_info {
	const mp_target *targets;
	size_t ntargets;
	const char *const *scripts; /* the scripts run, for the record */
	size_t nscripts;
} mp_run_info;

/* results.json (reports/SCHEMA.md). 0, or -1 on a write error. */
int mp_results_json(const mp_results *r, const mp_run_info *info, FILE *f);
/* JUnit XML: a testsuite per script (suite), a testcase per check. */
int mp_results_junit(const mp_results *r, FILE *f);
/* Terminal: a table of every check and the totals. Server bytes are
 * shown escaped (\xHH for control and non-UTF-8 octets). */
void mp_results_table(const mp_results *r, FILE *f);
/* Writes s[0..n) for a terminal: printable ASCII and valid UTF-8 as is,
 * everything else \xHH (also CR, LF, ESC). */
void mp_term_escape(FILE *f, const uint8_t *s, size_t n);

/* ---- the engine --------------------------------------------------------- */

typedef struct mp_replay_opts {
	const mp_target *targets; /* the primary target and the first of
	                             every other kind are used */
	size_t ntargets;
	const char *user, *password, *rcpt, *domain;
	bool tls_verify;
	const char *ca_file;      /* with tls_verify: trust these */
	bool allow_remote;        /* else only loopback addresses */
	bool force_starttls;      /* --starttls: `connect C KIND` upgrades */
	uint32_t within_ms;       /* default wait; 0 = MP_WITHIN_DEFAULT_MS */
	unsigned timeout_scale;   /* tests: divide script timeouts; 0 = 1 */
	const char *transcripts;  /* a directory for full transcripts, or NULL */
	bool keep_going;          /* a failed top-level expect fails its check
	                             and the script reads on (pcap replay:
	                             every differing reply is reported) */
} mp_replay_opts;

/* Runs s with primary as the target of its kind. Appends the script's
 * checks (and oracle findings) to res. Returns the worst status: MP_ERROR
 * when a target could not be reached. */
mp_status mp_replay_run(const mp_script *s, const mp_replay_opts *o,
			const mp_target *primary, mp_results *res);

/* Milliseconds on the monotonic clock. */
uint64_t mp_now_ms(void);

/* True when addr (a numeric IPv4 or IPv6 address) is loopback. */
bool mp_addr_is_loopback(const char *addr);

#endif
