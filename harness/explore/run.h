/* run.h - one run of a sequence in lockstep: a fresh model and fresh names
 * (prefix), every step sent to both sides and judged, asynchronous states
 * settled, and at the end everything the run created on the endpoint deleted.
 *
 * Settling: after a step that left something in transition on the endpoint
 * (CreateTable, a restore, CreateBackup, DeleteTable) and succeeded on the
 * model, the run polls the endpoint's describe call until it shows the
 * model's settled state (the service documents a CREATING restore for
 * minutes, [S:restore-from-backup]: a slower endpoint is not a divergence), then judges
 * that describe answer: what a restored table inherits is judged there.
 * With serve's test-control clock a poll advances both clocks by one second;
 * elsewhere it waits in real time, within a bound.
 *
 * A divergence in a body leaves both states in step and the run goes on; a
 * different status or error ends it. */
#ifndef DC_EXPLORE_RUN_H
#define DC_EXPLORE_RUN_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/common.h"
#include "explore/divergence.h"
#include "explore/gen.h"
#include "explore/judge.h"
#include "explore/sides.h"
#include "spec/spec.h"

#define DC_EX_SETTLE_STEP_MS 1000    /* one poll's advance of the test-control clock */
#define DC_EX_SETTLE_MAX_POLLS 120   /* polls before the endpoint's transition counts as stuck */
#define DC_EX_SETTLE_REAL_POLL_MS 50 /* real-time poll interval */
#define DC_EX_MAX_PAGES 20           /* ListBackups pages one step follows */

/* What every run of one explore shares. */
typedef struct {
    const dc_spec *spec;
    const dc_ex_rules *rules;
    const char *region;
    bool compat;
    bool test_clock;       /* the endpoint offers serve's test-control clock */
    double advance_cap_s;  /* real-time mode: longest wait one advance step makes */
    double *wait_budget_s; /* real-time mode: waits left for the whole explore (shared) */
    pthread_mutex_t *budget_lock;
    pthread_rwlock_t *clock_lock; /* test clock shared by workers: advances exclusive */
    int64_t *clock_total_ms;      /* the shared clock's advance so far (workers' models follow it) */
    FILE *verbose;                /* one line per call: op, model status/error, endpoint status/error */
} dc_ex_env;

/* The case file a run writes as it goes (casefile.c); NULL = none. */
typedef struct dc_ex_recorder dc_ex_recorder;

typedef struct dc_ex_run dc_ex_run;

/* A fresh run on the endpoint connection ep (borrowed). */
dc_ex_run *dc_ex_run_begin(const dc_ex_env *env, dc_ex_endpoint *ep, dc_ex_recorder *rec);
/* Runs one step. 0: both agreed; 1: *d holds the divergence; -1: the endpoint
 * stopped answering (transport failures in a row). model_ok: the model
 * answered 2xx (for the generator). */
int dc_ex_run_step(dc_ex_run *r, size_t index, const dc_ex_step *s, bool *model_ok, dc_ex_divergence *d);
/* Deletes what the run created on the endpoint (backups, then tables; PITR
 * is disabled first so no system backup is left) and frees the run. */
void dc_ex_run_end(dc_ex_run *r);
size_t dc_ex_run_notes(const dc_ex_run *r);
size_t dc_ex_run_extra_requests(const dc_ex_run *r);

/* Replays steps[0..n) in a fresh run: 1 when it diverges with key (any
 * divergence when key is NULL), the divergence in *d (may be NULL). A
 * divergence with another key goes by when it leaves the states in step
 * (a body difference), and ends the replay when not. */
int dc_ex_run_replay(const dc_ex_env *env, dc_ex_endpoint *ep, const dc_ex_step *steps, size_t n, const char *key,
                     dc_ex_divergence *d, dc_ex_recorder *rec);

#endif
