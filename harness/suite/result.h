/* result.h - the results of a run: the model the runner writes into (cases,
 * their steps, failures and notes, operation states) and the renderings read
 * (suite/report.h), report --merge fills (reportread.c) and the matrix page
 * compares. The one table of case statuses lives here too. */
#ifndef DC_RESULT_H
#define DC_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "suite/confidence.h"

#define DC_REPORT_MAX_SECRETS 8

/* The statuses of a case. Each is one row of the table dc_case_statuses()
 * returns (its report.json name, summary member, colour and meaning): the
 * summary, the bars of report.html and of the matrix page, the legend and the
 * reader of report.json all walk that table, so a new status is one enum value
 * and one row. DC_CASE_NSTATUS counts them.
 * DISPUTED / INFERRED: failed, but the case rests on disputed / inferred facts
 * (suite/confidence.h); neither fails the run unless it is asked to. */
typedef enum {
    DC_CASE_PASSED,
    DC_CASE_FAILED,
    DC_CASE_SKIPPED,
    DC_CASE_UNSUPPORTED,
    DC_CASE_XFAIL,
    DC_CASE_DISPUTED,
    DC_CASE_INFERRED,
    DC_CASE_NSTATUS
} dc_case_status;

typedef struct {
    dc_case_status status;
    const char *name;        /* report.json "status" and CSS class */
    const char *summary_key; /* its member of report.json "summary" */
    const char *color;       /* CSS colour of its bar segment and rows */
    const char *meaning;     /* the legend's line */
} dc_status_info;

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

typedef struct dc_case_result dc_case_result;
struct dc_case_result {
    char *id;
    char *operation; /* the operation the case tests (dc_case_operation), or NULL */
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

/* What the spec says of an operation, for grouping the report: the cases/
 * group it belongs to and whether it is only scenario plumbing. */
typedef struct {
    char *name;
    char *group;   /* "backup", ...; NULL when the spec has none */
    bool plumbing; /* CreateTable, PutItem, ...: set-up, shown after the API's own */
} dc_op_info;

typedef struct {
    char *tool_version;
    char *endpoint;
    char *level;   /* "strict" | "compat" */
    char *impl;    /* the baseline's "impl", or NULL */
    char *started; /* ISO-8601 UTC */
    char *run_id;  /* in every name the run gave (suite/names.h; sweep finds leftovers by it), or NULL */
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
    dc_op_info *op_info; /* every operation of the spec (and of the cases), for grouping */
    size_t nop_info;
    unsigned shard_k, shard_n; /* --shard K/N; 0/0: not sharded */
    unsigned *merged_shards;   /* report --merge: the K of every shard merged, ascending */
    size_t nmerged_shards;
    char *merge_note; /* report --merge: why shards of different loopback ports count as one endpoint */
    const char *secrets[DC_REPORT_MAX_SECRETS]; /* borrowed; scrubbed from every output */
    size_t nsecrets;
} dc_run_result;

typedef struct {
    size_t total, passed, failed, skipped, unsupported, xfail, fixed, disputed, inferred;
    size_t count[DC_CASE_NSTATUS]; /* by status */
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
/* The status of a case that ran, by its confidence (c->confidence), after the
 * baseline was applied: a failed disputed case becomes DC_CASE_DISPUTED and a
 * failed inferred one DC_CASE_INFERRED, with a reason that names every source,
 * unless fail_disputed (fail_inferred) keeps it failed. A failure that is not
 * about the service's answer (a malformed case, no answer at all: kinds "case"
 * and "transport") keeps it failed. Other statuses are left alone. */
void dc_case_result_apply_confidence(dc_case_result *c, bool fail_disputed, bool fail_inferred);
void dc_run_result_add_secret(dc_run_result *r, const char *secret);

const char *dc_case_status_name(dc_case_status s);
/* The status table in display order (passed, failed, xfail, ...); *n rows. */
const dc_status_info *dc_case_statuses(size_t *n);
const dc_status_info *dc_case_status_info(dc_case_status s);
/* report.json's name -> status; -1 when it is none of the table's. */
int dc_case_status_from_name(const char *name, dc_case_status *out);
const char *dc_op_state_name(dc_op_state s);
void dc_run_result_summary(const dc_run_result *r, dc_summary *s);

/* Sets or adds an operation's spec facts (strings copied). */
void dc_run_result_op_info(dc_run_result *r, const char *name, const char *group, bool plumbing);
/* The op_info entry of name, or NULL. */
const dc_op_info *dc_run_result_find_op_info(const dc_run_result *r, const char *name);

#endif
