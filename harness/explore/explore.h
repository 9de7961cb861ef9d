/* explore.h - `ddbconform explore`: random operation sequences over tables,
 * items, backups, PITR settings, restores and time, run in lockstep on the
 * endpoint and on the reference model (the code serve answers with), every
 * answer judged (explore/judge.h); each divergence shrunk to a minimal
 * sequence and written as a replayable case (explore/casefile.h).
 *
 * The work is cut into episodes of at most episode_len steps: each starts
 * from nothing (fresh names, a fresh model) and deletes what it created, so
 * a divergence is shrunk within its episode and no episode sees another's
 * resources. Episode e's steps are a function of (seed, e) alone; with
 * jobs > 1, worker k runs episodes k, k+jobs, ... on its own connection. */
#ifndef DC_EXPLORE_H
#define DC_EXPLORE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/common.h"
#include "explore/gen.h"
#include "spec/spec.h"
#include "wire/sigv4.h"

#define DC_EXPLORE_MAX_JOBS 16
#define DC_EXPLORE_EPISODE_LEN 100    /* steps per episode */
#define DC_EXPLORE_SHRINK_RUNS 400    /* replays one finding's shrinking may make */
#define DC_EXPLORE_MAX_FINDINGS 200   /* distinct findings written; more are counted */
#define DC_EXPLORE_WAIT_BUDGET_S 60.0 /* real-time mode: all advance waits together */
#define DC_EXPLORE_ADVANCE_CAP_S 1.0  /* real-time mode: one advance's wait */

typedef struct {
    const char *endpoint;
    uint64_t seed;
    size_t max_steps;  /* 0 = no bound (then duration_s) */
    double duration_s; /* 0 = none */
    unsigned jobs;     /* 0 = 1 */
    const char *findings_dir;
    bool compat;
    const char *ops[DC_EX_MAX_OPS];
    size_t nops;
    const char *region;
    dc_sigv4_credentials creds; /* borrowed; never logged */
    const dc_spec *spec;
    long timeout_ms;
    size_t episode_len;   /* 0 = DC_EXPLORE_EPISODE_LEN */
    size_t shrink_runs;   /* 0 = DC_EXPLORE_SHRINK_RUNS */
    double wait_budget_s; /* 0 = DC_EXPLORE_WAIT_BUDGET_S */
    FILE *console;        /* a line per finding, the summary; NULL = quiet */
    bool progress;        /* a progress line on the console (a TTY) */
    FILE *verbose;        /* one line per call; NULL = none */
    volatile sig_atomic_t *stop;
} dc_explore_opts;

typedef struct {
    size_t steps;    /* generated steps run */
    size_t episodes; /* episodes run (finished or stopped by a divergence) */
    size_t requests; /* to the endpoint, everything included */
    size_t findings; /* distinct */
    size_t written;  /* case files */
    size_t occurrences;
    size_t notes; /* members only the endpoint sent */
    double seconds;
    bool test_clock;
    unsigned jobs;
} dc_explore_stats;

/* -1: set-up problem (unreachable endpoint, unwritable folder, rules): err. */
int dc_explore_run(const dc_explore_opts *o, dc_explore_stats *st, dc_err *err);

#endif
