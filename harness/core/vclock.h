/* vclock.h - the virtual clock of the reference endpoint.
 *
 * now = base + offset, where base is the real wall clock (or a fixed instant
 * for deterministic unit tests) and offset is what tests advance. Everything
 * the model times (CREATING -> ACTIVE, PITR windows, ListBackups ranges) reads
 * this clock, so scenarios that take minutes on the real service run in
 * milliseconds. Thread-safe: the HTTP front reads it from worker threads while
 * a control request advances it. */
#ifndef DC_VCLOCK_H
#define DC_VCLOCK_H

#include <stdint.h>

typedef struct dc_vclock dc_vclock;

/* Real wall clock plus an offset (initially 0). Returns an owned clock. */
dc_vclock *dc_vclock_new(void);
/* Frozen clock starting at start_ms (epoch ms): only dc_vclock_advance moves it. */
dc_vclock *dc_vclock_new_fixed(int64_t start_ms);
void dc_vclock_free(dc_vclock *c);

/* Epoch milliseconds: the service's timestamps have ms precision. */
int64_t dc_vclock_now_ms(dc_vclock *c);
/* Moves the clock forward (or backward, for negative ms). */
void dc_vclock_advance_ms(dc_vclock *c, int64_t ms);
int64_t dc_vclock_offset_ms(dc_vclock *c);

#endif
