/* fuzznet_internal.h - what the parts of the network fuzzer share: a
 * worker's state, the seeds, the tracked resources and the deleted-resource
 * set; private to harness/netfuzz/fuzznet*.c.
 *   fuzznet.c          sending, the oracle, fuzz requests, findings, the loop, workers
 *   fuzznet_setup.c    set-up: scenarios run as they are, their seeds, generated seeds
 *   fuzznet_pool.c     resources created and deleted: tracking, the pool, the gone set
 *   fuzznet_summary.c  summary.json */
#ifndef DC_FUZZNET_INTERNAL_H
#define DC_FUZZNET_INTERNAL_H

#include "netfuzz/fuzznet.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "suite/cases.h"
#include "wire/awsjson.h"
#include "wire/check.h"
#include "wire/http.h"
#include "core/arn.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/jsonw.h"
#include "netfuzz/findings.h"
#include "netfuzz/fuzzreq.h"
#include "netfuzz/jobs.h"
#include "netfuzz/mutate.h"
#include "netfuzz/oracle.h"
#include "validate/context.h"
#include "validate/validate.h"

#define S_MAX_HEADERS DC_HTTP_MAX_REQUEST_HEADERS
#define S_MAX_SCENARIOS 256
#define S_MAX_TRACKED 4096 /* resources created during a run and not yet deleted (set-up + the pool) */
/* The pool: at most this many resources the fuzz stream created (not the
 * set-up's, which seeds name) stay on the endpoint per worker and deleting
 * operation; past it the oldest go at once. Without a bound a long run's
 * backups pile up on the endpoint (and on a real account, where they cost
 * money) until ListBackups answers reach their 1 MB page cap (facts: pages
 * are capped at 1 MB) and every one of them is parsed and checked: the run
 * slows down as it goes. 32 keeps a ListBackups answer at a few kB, leaves
 * the stream enough of its own resources to list, and keeps the tracked
 * list (set-up + 32 per kind) short enough to scan. */
#define S_POOL_BOUND 32
#define S_MAX_GONE 32768                        /* deleted resources remembered for use-after-delete (a hash set) */
#define S_MAX_DEL_OPS 8                         /* operations with "deletes" */
#define S_MAX_SEQ 3                             /* requests in one stateful sequence */
#define S_GEN_TRIES 300                         /* generated candidates tried per seedless operation */
#define S_WAIT_CAP_S 30.0                       /* longest set-up waiter, whatever the case asks */
#define S_CLEANUP_RETRY_S 5.0                   /* DeleteTable of a table still CREATING is retried this long */
#define S_FOREIGN_KEY_ID "AKIDDDBCONFORMFUZZ00" /* a key id no endpoint knows */

/* ---- small helpers ----------------------------------------------------------- */

static inline double s_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline void s_sleep_s(double s)
{
    if (s <= 0)
        return;
    struct timespec ts = {(time_t)s, (long)((s - floor(s)) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* ---- headers ----------------------------------------------------------------- */

typedef dc_http_headers dc_http_headers;

/* ---- the state --------------------------------------------------------------- */

typedef struct {
    size_t scenario; /* SIZE_MAX for generated seeds */
    size_t step;     /* index in the scenario's steps */
    const char *op;  /* spec operation name */
    const dc_operation *sop;
    dc_mnode body; /* the request after substitution */
    bool generated;
} dc_fz_seed;

/* A resource the run created: "<deleting operation>\n<value>", that operation,
 * and whether the fuzz stream created it (the pool) or the set-up did. */
typedef struct {
    char *entry;
    size_t del; /* index in del_ops */
    bool fuzz;
} dc_fz_tracked;

/* A set of strings (core/hash.h, FNV-1a): the deleted resources, looked up
 * once per fuzz request. Entries hold their length: values may hold NUL. */
typedef struct {
    dc_hash_node node;
    size_t len;
    char *s; /* owned */
} dc_fz_strset_entry;

typedef struct {
    dc_hash index;
    dc_fz_strset_entry **items; /* owned, for growing and freeing */
    size_t n, cap;
} dc_fz_strset;

typedef struct {
    const dc_fuzz_opts *o;                /* the run's options with this worker's seed and share of the budget */
    unsigned worker;                      /* 0.. --jobs - 1 */
    char names[DC_FUZZ_NAME_PREFIX_SIZE]; /* first characters of the names it creates */
    char vtag[16];                        /* "" with one worker, else "[k] " before each --verbose line */
    dc_fuzz_store *store;                 /* the findings of all workers */
    dc_http_client *http;
    dc_validator *validator;
    dc_rng rng;
    char host[256];
    char path[256];
    dc_fuzz_scenario *sc;
    size_t nsc;
    dc_fz_seed *seeds;
    size_t nseeds;
    dc_fz_tracked tracked[S_MAX_TRACKED]; /* oldest first (spec "creates") */
    size_t ntracked;
    dc_fz_strset gone;                          /* "<deleting operation>\n<value>" (spec "deletes" with a goneError) */
    const dc_operation *del_ops[S_MAX_DEL_OPS]; /* the spec's operations with "deletes", in spec order */
    size_t ndel_ops;
    size_t pool_live[S_MAX_DEL_OPS];  /* the pool (fuzz-created, tracked) per deleting operation */
    size_t pool_max[S_MAX_DEL_OPS];   /* most it held after an answer was dealt with (+1 in between) */
    size_t pool_deleted;              /* pool deletes sent (extra requests) */
    size_t setup_live[S_MAX_DEL_OPS]; /* the set-up's resources when fuzzing began */
    char account[13];                 /* the caller's account, from the first ARN the endpoint minted; "" until then */
    size_t fresh_counter;
    size_t transport_in_a_row;
    double t0;
    bool stopping;
    dc_fuzz_stats *st; /* this worker's: requests, extra requests, seeds */
    /* the current stateful sequence (for the case file of a finding inside it) */
    dc_fuzz_req seq[S_MAX_SEQ];
    size_t nseq;
    size_t request_no;
} dc_fz;

/* A run's workers (one without --jobs). */
typedef struct {
    dc_fz fz;
    dc_fuzz_opts o;   /* the run's options with this worker's seed, share of --requests and of --rate */
    dc_fuzz_stats st; /* this worker's counters */
    pthread_t thread;
    int rc; /* of its set-up */
    dc_err err;
    double loop_end_s;          /* when its fuzzing loop ended (s_now_s) */
    size_t sent_before_loop;    /* requests it had sent when the loop began */
    size_t sent_before_cleanup; /* ... and when its clean-up began */
} dc_fz_worker;

/* fuzznet.c */
bool dc_fz_time_up(dc_fz *fz);
int dc_fz_call(dc_fz *fz, const char *op, const char *body, size_t len, dc_http_response *resp, dc_json_doc *doc,
               bool *parsed, dc_err *err);

/* fuzznet_pool.c */
void dc_fz_strset_free(dc_fz_strset *set);
void dc_fz_track_response(dc_fz *fz, const char *op, const dc_fuzz_req *r, const dc_json *body, bool fuzz);
const char *dc_fz_gone_error(dc_fz *fz, const dc_fuzz_req *r);
int dc_fz_delete_tracked(dc_fz *fz, const dc_fz_tracked *t, double retry_s);
void dc_fz_pool_trim(dc_fz *fz);

/* fuzznet_setup.c */
void dc_fz_setup_call(dc_fz *fz, dc_fuzz_scenario *sc, const dc_call *call, const char *path, dc_json_doc *out_doc,
                      bool *out_parsed, long *status);
bool dc_fz_fresh_member(const dc_operation *op, const char *member);
int dc_fz_setup(dc_fz *fz, dc_err *err);
void dc_fz_generated_seeds(dc_fz *fz);

/* fuzznet_summary.c */
void dc_fz_summary(const dc_fuzz_opts *o, const dc_fuzz_store *store, const dc_fuzz_stats *st, const dc_fz_worker *w,
                   unsigned jobs, dc_err *err);

#endif
