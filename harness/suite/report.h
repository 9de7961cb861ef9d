/* report.h - results of a run and their renderings: report.json (the fields of
 * DESIGN.md "report.json" plus per-case duration, steps, and request/response
 * excerpts of failures), junit.xml, a self-contained report.html, and the
 * console (progress line on a TTY, a closing summary line always).
 *
 * Every text that leaves this module passes dc_report_redact: values of
 * Authorization and X-Amz-Security-Token header lines, AWS signatures and every
 * registered secret (secret key, session token) become "<redacted>". */
#ifndef DC_REPORT_H
#define DC_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/common.h"
#include "suite/confidence.h"

#define DC_REPORT_MAX_SECRETS 8
#define DC_REPORT_EXCERPT_BYTES 4096 /* request/response bytes kept per failing step */

/* DISPUTED / INFERRED: failed, but the case rests on disputed / inferred facts
 * (suite/confidence.h); neither fails the run unless it is asked to. */
typedef enum {
    DC_CASE_PASSED,
    DC_CASE_FAILED,
    DC_CASE_SKIPPED,
    DC_CASE_UNSUPPORTED,
    DC_CASE_XFAIL,
    DC_CASE_DISPUTED,
    DC_CASE_INFERRED
} dc_case_status;

typedef enum { DC_OP_SUPPORTED, DC_OP_UNSUPPORTED, DC_OP_PARTIAL } dc_op_state;

/* All strings owned (malloc'd) by the result they sit in. */
typedef struct {
    int step;   /* 1-based step number; 0 = the case itself (e.g. kind "case") */
    char *kind; /* status|error_type|message|shape|enum|limit|header|crc32|timestamp|semantic|transport
                 * |body|capture|wait|case */
    char *path;
    char *expected;
    char *actual;
} dc_case_failure;

typedef struct {
    int step;         /* 1-based within its phase */
    bool cleanup;     /* a cleanup step */
    char *op;         /* NULL for a wait-only step */
    long http_status; /* 0: no response */
    char *error;      /* error name answered, or NULL */
    int64_t duration_ms;
    bool ok;
    int polls; /* waiter requests made (0: no waiter) */
} dc_step_result;

/* One side of a disputed (or the basis of an inferred) expectation. */
typedef struct {
    char *says;
    char *source;
} dc_case_source;

struct dc_case_result {
    char *id;
    char *file;
    char *description;
    char *source;
    dc_case_status status;
    char *reason; /* skipped: why; unsupported: which operation; xfail: the baseline's reason */
    char *issue;  /* xfail/fixed: the baseline's issue link, or NULL */
    bool fixed;   /* listed in the baseline but passed: "fixed (xfail passed)" */
    int64_t duration_ms;
    dc_case_failure *failures;
    size_t nfailures;
    dc_step_result *steps;
    size_t nsteps;
    char **notes; /* cleanup errors and other remarks */
    size_t nnotes;
    char *request;  /* excerpt of the failing step's request (redacted), or NULL */
    char *response; /* excerpt of its response, or NULL */
    dc_confidence confidence;
    dc_case_source *sources; /* the case's "sources" (disputed: every side) */
    size_t nsources;
};

typedef struct {
    char *name;
    dc_op_state state;
} dc_op_result;

typedef struct {
    char *tool_version;
    char *endpoint;
    char *level;   /* "strict" | "compat" */
    char *impl;    /* the baseline's "impl", or NULL */
    char *started; /* ISO-8601 UTC */
    int64_t duration_ms;
    bool interrupted; /* SIGINT: cases not run are reported skipped */
    /* Where the time went, over every request of the run (steps and waiter polls):
     * wire_us is curl's transfer time, harness_us the time of the same exchanges
     * spent in our code (building, substitution, signing, the client, checks,
     * matching, captures, recording). Sleeps between polls are in neither. */
    size_t requests;
    int64_t wire_us;
    int64_t harness_us;
    const char *record_dir;  /* borrowed: --record DIR, or NULL */
    const char *compare_dir; /* borrowed: --compare-to DIR, or NULL */
    dc_case_result *cases;   /* in stable (id) order */
    size_t ncases;
    dc_op_result *ops;
    size_t nops;
    const char *secrets[DC_REPORT_MAX_SECRETS]; /* borrowed; scrubbed from every output */
    size_t nsecrets;
} dc_run_result;

typedef struct {
    size_t total, passed, failed, skipped, unsupported, xfail, fixed, disputed, inferred;
} dc_summary;

void dc_run_result_init(dc_run_result *r);
void dc_run_result_free(dc_run_result *r);
void dc_case_result_free(dc_case_result *c);
/* Appends a failure (strings copied). */
void dc_case_result_fail(dc_case_result *c, int step, const char *kind, const char *path, const char *expected,
                         const char *actual);
void dc_case_result_note(dc_case_result *c, const char *fmt, ...) DC_PRINTF(2, 3);
/* Appends a source (strings copied). */
void dc_case_result_add_source(dc_case_result *c, const char *says, const char *source);
void dc_run_result_add_secret(dc_run_result *r, const char *secret);

const char *dc_case_status_name(dc_case_status s);
const char *dc_op_state_name(dc_op_state s);
void dc_report_summary(const dc_run_result *r, dc_summary *s);

/* Copies text[0..len) into out with secrets removed (see the top of this file). */
void dc_report_redact(const dc_run_result *r, const char *text, size_t len, dc_buf *out);

void dc_report_json(const dc_run_result *r, dc_buf *out);
void dc_report_junit(const dc_run_result *r, dc_buf *out);
void dc_report_html(const dc_run_result *r, dc_buf *out);
/* Writes dir/report.json, dir/junit.xml and dir/report.html atomically
 * (creating dir and its parents). */
int dc_report_write(const dc_run_result *r, const char *dir, dc_err *err);

/* Console. progress: "\r[k/n] 3 passed, 1 failed  <id>" when out is a TTY. */
void dc_report_progress(FILE *out, size_t done, size_t total, const dc_summary *s, const char *id);
/* Failure details (one block per failed case) and the closing line
 * "N passed, N failed, N skipped, N unsupported, N xfail (...)". */
void dc_report_console(FILE *out, const dc_run_result *r, const char *report_dir);

#endif
