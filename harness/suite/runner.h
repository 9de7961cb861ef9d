/* runner.h - executes golden cases against an endpoint.
 *
 * Per case: builtin and case variables, then each step: request built from the
 * case (${var} substituted), SigV4-signed, sent over HTTP, checked by the check
 * module (shape, error catalog, headers, crc32) and by the step's expectations,
 * captures stored, waiter polled. The first failing step ends the case; cleanup
 * steps always run and their problems become notes. A response
 * UnknownOperationException (any namespace, any status) that the step did not
 * expect makes the case "unsupported" and marks the operation unsupported.
 * --record / --compare-to store or diff normalized responses (record.h).
 * Cases run on N threads (one HTTP client each); results keep the input order. */
#ifndef DC_RUNNER_H
#define DC_RUNNER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "suite/baseline.h"
#include "suite/cases.h"
#include "suite/pacing.h"
#include "wire/check.h"
#include "core/common.h"
#include "wire/http.h"
#include "suite/record.h"
#include "suite/result.h"
#include "wire/sigv4.h"
#include "spec/spec.h"

#define DC_RUNNER_MAX_JOBS 64
#define DC_RUNNER_MAX_TAGS 32

typedef struct {
    const char *endpoint; /* "http://127.0.0.1:8000" (path allowed, no query) */
    dc_check_level level;
    const char *region;                   /* signing region and ${region} */
    dc_sigv4_credentials creds;           /* borrowed */
    const dc_spec *spec;                  /* required: wire constants (spec/service.json), response checks */
    bool no_check;                        /* no check-module checks (the expectations only) */
    const dc_spec *catalog;               /* the operations' groups for the report; NULL: spec */
    const dc_baseline *baseline;          /* NULL: none */
    const char *filter;                   /* fnmatch glob on case ids, NULL = all */
    const char *tags[DC_RUNNER_MAX_TAGS]; /* run only cases with one of these (none = all) */
    size_t ntags;
    const char *exclude_tags[DC_RUNNER_MAX_TAGS]; /* leave out cases with one of these */
    size_t nexclude_tags;
    unsigned shard_k, shard_n;   /* 1-based K of N; 0/0 = no sharding */
    unsigned jobs;               /* threads; 0 = 1 */
    long timeout_ms;             /* per HTTP request; 0 = the http module's default */
    FILE *progress;              /* live progress (only drawn on a TTY), NULL = none */
    FILE *verbose;               /* one line per request, NULL = quiet */
    volatile sig_atomic_t *stop; /* set by SIGINT: no new cases start; NULL = never */
    /* Recordings (record.h); norm is required with either. A case is recorded
     * after it ran (its main steps, not cleanup, not waiter polls); with
     * compare_dir each step's normalized response is diffed against the
     * recording: a difference is a failure of kind "semantic" (it does not stop
     * the case, so one run names all of them) and a case the recording lacks is
     * "skipped" without being run. */
    const char *record_dir;
    const char *compare_dir;
    const dc_norm_rules *norm;
    /* A failed case whose facts are disputed (inferred) is reported "disputed"
     * ("inferred") and does not fail the run, unless these say it should
     * (suite/confidence.h). */
    bool fail_disputed;
    bool fail_inferred;
    const char *run_id; /* in every ${unique} (suite/names.h); NULL or malformed: a fresh one */
    /* run --pace (suite/pacing.h): rate-limited operations wait for a token,
     * waiters follow the profile, throttled steps are retried and noted.
     * NULL = send at once, judge every answer. */
    dc_pacing *pacing;
    /* The endpoint's clock, when the run controls it (the embedded endpoint;
     * serve --test-control): moves it forward by ms, 0 or -1 with err. Then the
     * clocked cases (a "pause" step) run after the others, one at a time, and
     * their pauses and poll intervals advance the clock instead of sleeping.
     * NULL: real time for every case. */
    int (*advance_clock)(void *ctx, int64_t ms, dc_err *err);
    void *clock_ctx;
} dc_runner_opts;

/* The case a shard K/N owns: FNV-1a of the id, mod N, equals K-1. */
bool dc_runner_in_shard(const char *id, unsigned k, unsigned n);

/* true when the run selects case id (--filter, --shard, and the tags when c,
 * the loaded case, is given); run --plan selects with it too. */
bool dc_runner_selects(const dc_runner_opts *o, const char *id, const dc_case *c);

/* Runs the cases of refs (each case's result names the operation it tests,
 * dc_case_operation with the spec's plumbing flags; the result lists every
 * operation of the spec with its group, and the shard) (as dc_cases_find returns them) and fills out
 * (dc_run_result_init'ed by the caller; endpoint/level/started are set here).
 * Returns -1 only for setup problems (err says which); case failures are results. */
int dc_runner_run(const dc_runner_opts *opts, const dc_case_ref *refs, size_t nrefs, dc_run_result *out, dc_err *err);

/* true when the run has a failure the baseline does not list. */
bool dc_runner_has_failures(const dc_run_result *r);

#endif
