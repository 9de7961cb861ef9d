/* jobs.h - `ddbconform fuzz --jobs N`: how the work is split over N workers
 * and what they share.
 *
 * Each worker has its own connection, its own random stream and its own
 * resources: it runs the cases' set-up itself under names of its own, so no
 * worker ever touches another's tables or backups. Worker 0's stream is the
 * one-worker stream of --seed S (so --jobs 1 sends exactly what the fuzzer
 * sent before it had workers); worker k's is the one-worker stream of
 * dc_fuzz_worker_seed(S, k), its names starting with its own prefix.
 *
 * The budget: --requests N is split evenly (worker k sends
 * dc_fuzz_worker_share(N, J, k), so each stream is deterministic whatever the
 * timing); --duration bounds every worker (wall time since the start);
 * --rate R is shared (each worker at most R/J per second).
 *
 * Shared: the findings store (dc_fuzz_store), deduplicated across workers by
 * (class, operation, key); the worker that meets a finding first shrinks it
 * and writes its case. */
#ifndef DC_FUZZ_JOBS_H
#define DC_FUZZ_JOBS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netfuzz/findclass.h"

#define DC_FUZZ_MAX_JOBS 16        /* --jobs; one name prefix letter per worker */
#define DC_FUZZ_NAME_PREFIX_SIZE 3 /* "fz" + NUL */
#define DC_FUZZ_SEEN_KEY_SIZE 400  /* "<operation> <verdict key>" */
#define DC_FUZZ_SEEN_FILE_SIZE 64  /* "<number>-<class>-<operation>" */

/* The seed of worker k's random stream: seed itself for worker 0, a
 * splitmix64 hash of (seed, k) for the others (streams that do not overlap). */
uint64_t dc_fuzz_worker_seed(uint64_t seed, unsigned k);

/* Worker k's part of a budget of total requests over jobs workers: the even
 * split, the first (total mod jobs) workers one more. */
size_t dc_fuzz_worker_share(size_t total, unsigned jobs, unsigned k);

/* The first two characters of the names worker k gives what it creates:
 * "fz" for worker 0 (the names before --jobs), "fa", "fb", ... for the others. */
void dc_fuzz_worker_prefix(unsigned k, char out[DC_FUZZ_NAME_PREFIX_SIZE]);

/* One distinct finding. */
typedef struct {
    dc_finding_class cls;
    char key[DC_FUZZ_SEEN_KEY_SIZE];
    size_t count;                      /* occurrences, over all workers */
    char file[DC_FUZZ_SEEN_FILE_SIZE]; /* its case id ("" until named) */
    unsigned worker;                   /* the worker that met it first */
    uint64_t seed;                     /* that worker's seed (dc_fuzz_worker_seed) */
    size_t request;                    /* that worker's request number */
} dc_fuzz_seen;

/* The findings of all workers. Every function locks; the fields are read
 * without the lock only once the workers are done. */
typedef struct {
    pthread_mutex_t lock;
    dc_fuzz_seen *seen; /* owned; in the order first met */
    size_t nseen;
    size_t occurrences; /* requests that showed a finding, duplicates included */
    size_t written;     /* case files written */
    size_t by_class[DC_FIND_COUNT];
} dc_fuzz_store;

void dc_fuzz_store_init(dc_fuzz_store *s);
void dc_fuzz_store_free(dc_fuzz_store *s);

/* Counts one occurrence of (cls, key) met by worker at its request number
 * request. Returns the finding's number (1, 2, ... in the order first met)
 * when nobody met it before, 0 for a duplicate. */
size_t dc_fuzz_store_note(dc_fuzz_store *s, dc_finding_class cls, const char *key, unsigned worker, uint64_t seed,
                          size_t request);

/* Names the case of finding no (as returned by dc_fuzz_store_note); written:
 * the case file is on disk. */
void dc_fuzz_store_case(dc_fuzz_store *s, size_t no, const char *file, bool written);

#endif
