/* fuzznet.h - the network fuzzer behind `ddbconform fuzz`.
 *
 * Seeds: every step of the golden cases whose request the validation core
 * accepts (after ${var} substitution) - the cases run once as set-up, so the
 * tables and backups they create are real targets for stateful operations -
 * plus, for spec operations no case covers, a request generated from the
 * input shape (first candidate the core accepts), its resource names taken
 * from the seeds.
 *
 * Each fuzz request is one of: a seed sent as it is (positive), a seed with
 * one or two spec-driven body mutations (mutate.h), a seed with one header
 * mutation (content type, target, missing/garbled/stale auth, bad date), or a
 * short stateful sequence of seeds of one scenario (repeats and reorders:
 * double restore, use after delete, restore during delete, delete during
 * restore). Bodies are re-signed after mutating; auth is broken only on
 * purpose.
 *
 * Oracle (netfuzz/oracle.h), per request: the service's processing order of
 * endpoint/front.h - the code serve answers with - with the fuzzer's own
 * credentials (the endpoint must know them) and the validation context the
 * fuzzer fetched (DescribeBackup / DescribeTable / DescribeContinuousBackups
 * of the resource the request names). Valid means 2xx or a state error
 * modeled for the operation; invalid means that exact error (at strict:
 * message, or the clause set of a validation message). Every response also
 * goes through the check module (status per catalog, documented errors,
 * shape, headers, crc32).
 *
 * Findings are deduplicated by (class, operation, key), shrunk by delta
 * debugging while the same finding reproduces, and written as case files
 * (cases/README.md format) under DIR/cases/, with DIR/summary.json.
 *
 * With jobs > 1, that many workers fuzz at once, each on its own connection
 * with its own random stream and resources, sharing the findings (jobs.h). */
#ifndef DC_FUZZNET_H
#define DC_FUZZNET_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wire/check.h"
#include "core/common.h"
#include "wire/sigv4.h"
#include "spec/spec.h"
#include "netfuzz/findclass.h"

#define DC_FUZZ_MAX_FINDINGS 200        /* distinct findings written; more are counted */
#define DC_FUZZ_DEFAULT_SHRINK_TRIES 48 /* requests one finding's shrinking may send */
#define DC_FUZZ_MAX_SEEDS 512
#define DC_FUZZ_MAX_OPS 32                /* --ops entries */
#define DC_FUZZ_DEFAULT_TIMEOUT_MS 10000L /* per request */
#define DC_FUZZ_MAX_TRANSPORT_IN_A_ROW 5  /* the endpoint is gone: stop */

typedef struct {
    const char *endpoint; /* "http://127.0.0.1:8000" */
    uint64_t seed;
    size_t max_requests;      /* fuzz requests (set-up, context and shrinking not counted); 0 = no bound */
    double duration_s;        /* wall-clock bound; 0 = none (one of the two bounds must be set) */
    const char *findings_dir; /* DIR: DIR/summary.json, DIR/cases/<id>.json */
    dc_check_level level;
    double rate;                      /* fuzz requests per second, 0 = as fast as the endpoint answers */
    const char *cases_path;           /* where seeds come from (a folder or one case file) */
    const char *ops[DC_FUZZ_MAX_OPS]; /* fuzz only these operations (none = every operation with a seed) */
    size_t nops;
    const char *region;
    dc_sigv4_credentials creds; /* borrowed; never logged */
    const dc_spec *spec;
    long timeout_ms;             /* 0 = DC_FUZZ_DEFAULT_TIMEOUT_MS */
    size_t shrink_tries;         /* 0 = DC_FUZZ_DEFAULT_SHRINK_TRIES */
    FILE *console;               /* one line per finding and a summary line; NULL = quiet */
    FILE *verbose;               /* one line per request; NULL = none */
    volatile sig_atomic_t *stop; /* set by SIGINT; NULL = never */
    unsigned jobs;               /* workers, one connection each (netfuzz/jobs.h); 0 = 1 */
} dc_fuzz_opts;

typedef struct {
    size_t requests;       /* fuzz requests sent */
    size_t extra_requests; /* set-up, context look-ups, shrinking, clean-up */
    size_t findings;       /* distinct findings */
    size_t written;        /* of which written as case files */
    size_t occurrences;    /* requests that showed a finding (duplicates included) */
    size_t by_class[DC_FIND_COUNT];
    size_t seeds;       /* of worker 0 (each worker has its own, as many) */
    double seconds;     /* wall time */
    double cpu_seconds; /* the process's own CPU time meanwhile, user + system, all workers */
    unsigned jobs;      /* workers that ran */
    /* The run's three phases, one after the other: set-up (every worker's
     * scenarios, their waits included), fuzzing (until the last worker's
     * loop ends) and clean-up. Their requests add up to requests +
     * extra_requests (set-up counts the reachability probe). A long run's
     * throughput is the fuzzing phase's: set-up and clean-up are a fixed
     * cost. */
    double setup_seconds, fuzz_seconds, cleanup_seconds;
    size_t setup_requests, fuzz_phase_requests, cleanup_requests;
} dc_fuzz_stats;

/* Runs the fuzzer. Returns -1 for set-up problems (unreachable endpoint,
 * unreadable cases, no seeds, findings folder not writable): err holds one
 * line. Findings are results (stats), not errors. */
int dc_fuzz_run(const dc_fuzz_opts *o, dc_fuzz_stats *stats, dc_err *err);

#endif
