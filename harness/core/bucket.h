/* bucket.h - token buckets by name, shared by threads: serve's pace throttles
 * with them (endpoint/pace.h), run's pacing waits on them (suite/pacing.h).
 *
 * A bucket holds at most burst tokens and gains rate tokens per second; a call
 * takes one. Time is given by the caller (monotonic microseconds), so tests
 * drive it without sleeping. */
#ifndef DC_BUCKET_H
#define DC_BUCKET_H

#include <stdint.h>

typedef struct dc_buckets dc_buckets;

dc_buckets *dc_buckets_new(void);
void dc_buckets_free(dc_buckets *b);

/* Adds (or replaces) the bucket of name, full. rate > 0, burst >= 1. */
void dc_buckets_add(dc_buckets *b, const char *name, double rate, double burst);

/* Adds the bucket of name, full, unless there is one. */
void dc_buckets_ensure(dc_buckets *b, const char *name, double rate, double burst);

/* Takes a token of name at now_us: 0 when taken (always, for a name without
 * a bucket), else the microseconds until a token is due (none was taken). */
int64_t dc_buckets_take(dc_buckets *b, const char *name, int64_t now_us);

/* Monotonic microseconds (CLOCK_MONOTONIC). */
int64_t dc_buckets_now_us(void);

#endif
