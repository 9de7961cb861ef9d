/* pace.h - a pace profile (spec/pace-<name>.json, the one run --plan reads
 * too): how long the real service's asynchronous states last (durations.*.
 * typical, seconds), how fast each operation may be called (ratesPerSecond:
 * rate, burst), how many things may run at once (concurrency) and how run
 * keeps to it (client), each number with its source in the file.
 *
 * `serve --pace aws[:SCALE]` answers at that pace (endpoint/pace.h); `run
 * --pace aws[:SCALE]` polls and retries at it (suite/pacing.h). SCALE runs the
 * profile faster (0.05: 20 times) or slower than the service: durations are
 * multiplied by it, rates divided by it, so a scaled run is the real one with
 * a compressed clock. */
#ifndef DC_PACE_H
#define DC_PACE_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"

#define DC_PACE_MAX_RATES 64
#define DC_PACE_MAX_OP 64
#define DC_PACE_SCALE_MIN 0.001 /* 1000 times faster than the service */
#define DC_PACE_SCALE_MAX 100.0

typedef struct {
    char op[DC_PACE_MAX_OP];
    double per_second; /* real-service rate (unscaled) */
    double burst;      /* tokens a full bucket holds */
} dc_pace_rate;

typedef struct {
    char name[512]; /* "aws", or the file given */
    double scale;   /* 1 = the service's own pace */
    /* durations in real-service milliseconds (unscaled; dc_pace_ms scales) */
    int64_t table_create_ms, table_delete_ms, backup_create_ms, restore_ms, restore_ms_per_kitem, backups_enabling_ms,
        pitr_lag_ms;
    dc_pace_rate rates[DC_PACE_MAX_RATES];
    size_t nrates;
    unsigned concurrent_restores, concurrent_table_ops;
    /* the client's side (run) */
    int64_t waiter_interval_ms;
    double rate_share;
    int64_t backoff_ms, backoff_max_ms;
    unsigned max_attempts;
} dc_pace;

/* Reads ARG: "NAME[:SCALE]" (NAME = a profile of DATA_DIR/spec/pace-NAME.json,
 * e.g. "aws", "aws:0.05") or "FILE.json[:SCALE]" (a path with '/' or ending
 * in .json). err: one line naming the argument or the file and what is wrong. */
int dc_pace_load(const char *data_dir, const char *arg, dc_pace *out, dc_err *err);

/* A real-service duration at the profile's scale (rounded, at least 0). */
int64_t dc_pace_ms(const dc_pace *p, int64_t real_ms);

/* The rate of op, NULL when the profile does not limit it. */
const dc_pace_rate *dc_pace_rate_of(const dc_pace *p, const char *op);

#endif
