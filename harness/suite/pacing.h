/* pacing.h - run at a pace profile's speed (`run --pace aws[:SCALE]`,
 * spec/pace.h), so that a run against the real service (or serve --pace)
 * never earns the throttling it could avoid and never fails on the rest:
 *
 *   - every call of a rate-limited operation first takes a token of a bucket
 *     the whole run shares (all --jobs threads): at most rateShare of the
 *     operation's rate, evenly spaced (no burst), with at most half the
 *     service's burst of them in flight;
 *   - a waiter polls at the case's interval but no faster than the profile's
 *     client.waiterInterval, times SCALE (the cases' times are the service's);
 *   - a waiter's timeout is the case's, times SCALE, times --wait-scale;
 *   - a ThrottlingException (or a LimitExceededException of the concurrent
 *     restores or table operations: "... simultaneously") the step does not
 *     expect is retried after the SDKs' backoff
 *     (rand(0,1) x min(base x 2^(n-1), max), scaled) and noted in the report;
 *     after throttleMaxAttempts the case is skipped as "throttled", never failed. */
#ifndef DC_PACING_H
#define DC_PACING_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "spec/pace.h"
#include "suite/result.h"

/* How the report's notes and skip reasons about throttling begin. */
#define DC_PACING_NOTE "throttled: "

typedef struct dc_pacing dc_pacing;

/* wait_scale multiplies the waiters' timeouts on top of the profile's scale
 * (>0; 1 = as the cases say at the profile's pace). */
dc_pacing *dc_pacing_new(const dc_pace *p, double wait_scale);
void dc_pacing_free(dc_pacing *pc);

const dc_pace *dc_pacing_profile(const dc_pacing *pc);

/* Blocks until op may be sent (or *stop is set): fewer than half its burst
 * of calls in flight, and a token. Thread-safe. Each acquire is paired with
 * a dc_pacing_release once the answer (or the transport's failure) is in. */
void dc_pacing_acquire(dc_pacing *pc, const char *op, volatile sig_atomic_t *stop);
void dc_pacing_release(dc_pacing *pc, const char *op);

/* A waiter's poll interval and timeout, seconds. */
double dc_pacing_wait_interval(const dc_pacing *pc, double case_interval_s);
double dc_pacing_wait_timeout(const dc_pacing *pc, double case_timeout_s);

/* true when an answer with this error is the service asking to slow down
 * (ThrottlingException; LimitExceededException "... simultaneously")
 * and the step did not expect that error. */
bool dc_pacing_throttled(const char *error_name, const char *message, const char *expected_error);

/* The wait before attempt+1 after attempt (1-based) was throttled, ms; -1
 * when attempt was the last one allowed. */
int64_t dc_pacing_backoff_ms(const dc_pacing *pc, unsigned attempt);

/* The run's throttling as its report says it: how many calls were retried
 * (notes beginning DC_PACING_NOTE) and how many cases were given up (skip
 * reasons beginning so). */
void dc_pacing_tally(const dc_run_result *r, size_t *retried, size_t *given_up);

/* Sleeps ms, waking early when *stop is set. */
void dc_pacing_sleep_ms(int64_t ms, volatile sig_atomic_t *stop);

#endif
