/* sweep.h - `ddbconform sweep`: deletes what runs of the suite left behind on
 * an endpoint, and nothing else (docs/plan-and-sweep.md).
 *
 * Only tables and backups whose names prove them the suite's are touched
 * (suite/names.h: a USER backup by its own name, a SYSTEM backup by its
 * table's; AWS_BACKUP backups never). In a safe order:
 * tables still CREATING (a restore in progress holds its backup) are waited
 * for; then the backups (one still CREATING is waited for, BackupInUse is
 * retried); then the tables (ResourceInUse retried); then the backups that
 * deleting PITR tables made. SYSTEM backups cannot be deleted by anyone (the
 * service keeps them until they expire): they are reported, not failed.
 * ThrottlingException, LimitExceededException, 5xx and transport errors are
 * retried with exponential backoff; calls of an operation are spaced by its
 * documented rate (spec/pace-aws.json, when present). */
#ifndef DC_SWEEP_H
#define DC_SWEEP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/common.h"
#include "spec/spec.h"
#include "wire/sigv4.h"

typedef struct {
    const char *endpoint;        /* http(s)://host[:port][/path] */
    const char *region;          /* signing region */
    dc_sigv4_credentials creds;  /* borrowed */
    const dc_spec *spec;         /* the wire constants (target prefix, content type, signing name) */
    const char *data_dir;        /* where spec/pace-aws.json is; NULL: no pacing by rate */
    int64_t older_than_s;        /* only what a case started at least this long ago */
    int64_t now;                 /* epoch seconds the age is measured against; 0 = time(NULL) */
    bool dry_run;                /* list what would be deleted; delete nothing */
    double wait_s;               /* longest wait for a CREATING table or backup, or an in-use retry */
    double backoff_max_s;        /* the longest single backoff sleep */
    long timeout_ms;             /* per request */
    FILE *out;                   /* one line per thing done */
    volatile sig_atomic_t *stop; /* set by SIGINT: no new deletions */
} dc_sweep_opts;

typedef struct {
    size_t tables_seen, backups_seen;   /* everything listed */
    size_t tables_ours, backups_ours;   /* provably the suite's and old enough */
    size_t tables_young, backups_young; /* the suite's, newer than --older-than: left alone */
    size_t tables_deleted, backups_deleted;
    size_t system_backups; /* the suite's SYSTEM backups: the service keeps them */
    size_t failed;         /* the suite's, old enough, and still there */
    size_t throttled;      /* retries after ThrottlingException / LimitExceededException */
} dc_sweep_result;

void dc_sweep_opts_default(dc_sweep_opts *o);
/* Returns -1 only when the sweep could not run (endpoint unusable, a listing
 * failed): err says why. What could not be deleted is counted in out->failed. */
int dc_sweep_run(const dc_sweep_opts *o, dc_sweep_result *out, dc_err *err);

#endif
