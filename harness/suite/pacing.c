/* pacing.c - run at a pace profile's speed (see pacing.h). */
#include "suite/pacing.h"

#include <errno.h>
#include <math.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/bucket.h"
#include "core/common.h"

#define S_SLEEP_SLICE_MS 100 /* a stop request is seen within this */

struct dc_pacing {
    dc_pace p;
    double wait_scale;
    dc_buckets *buckets; /* one per limited operation, shared by the run's threads */
    /* calls of each limited operation (p.rates' order) between acquire and
     * release: at most half its burst, so however the threads and the network
     * bunch them, they never arrive as more than the service's bucket holds */
    pthread_mutex_t mu;
    pthread_cond_t freed;
    unsigned in_flight[DC_PACE_MAX_RATES];
};

static unsigned s_in_flight_cap(const dc_pace_rate *r)
{
    unsigned half = (unsigned)(r->burst / 2);
    return half < 1 ? 1 : half;
}

static int s_rate_index(const dc_pacing *pc, const char *op)
{
    for (size_t i = 0; i < pc->p.nrates; i++)
        if (strcmp(pc->p.rates[i].op, op) == 0)
            return (int)i;
    return -1;
}

dc_pacing *dc_pacing_new(const dc_pace *p, double wait_scale)
{
    dc_pacing *pc = dc_xcalloc(1, sizeof *pc);
    pc->p = *p;
    pc->wait_scale = wait_scale > 0 ? wait_scale : 1.0;
    pc->buckets = dc_buckets_new();
    pthread_mutex_init(&pc->mu, NULL);
    pthread_cond_init(&pc->freed, NULL);
    for (size_t i = 0; i < p->nrates; i++)
        /* evenly spaced at a share of the rate: requests the network bunches
         * still find tokens in the service's (fuller) bucket */
        dc_buckets_add(pc->buckets, p->rates[i].op, p->rates[i].per_second * p->rate_share / p->scale, 1.0);
    return pc;
}

void dc_pacing_free(dc_pacing *pc)
{
    if (pc == NULL)
        return;
    dc_buckets_free(pc->buckets);
    pthread_cond_destroy(&pc->freed);
    pthread_mutex_destroy(&pc->mu);
    free(pc);
}

const dc_pace *dc_pacing_profile(const dc_pacing *pc)
{
    return &pc->p;
}

void dc_pacing_sleep_ms(int64_t ms, volatile sig_atomic_t *stop)
{
    while (ms > 0 && (stop == NULL || !*stop)) {
        int64_t slice = ms < S_SLEEP_SLICE_MS ? ms : S_SLEEP_SLICE_MS;
        struct timespec ts = {(time_t)(slice / 1000), (long)(slice % 1000) * 1000000L};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR && (stop == NULL || !*stop)) {
        }
        ms -= slice;
    }
}

void dc_pacing_acquire(dc_pacing *pc, const char *op, volatile sig_atomic_t *stop)
{
    int i = s_rate_index(pc, op);
    if (i < 0)
        return;
    pthread_mutex_lock(&pc->mu);
    while (pc->in_flight[i] >= s_in_flight_cap(&pc->p.rates[i]) && (stop == NULL || !*stop)) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += S_SLEEP_SLICE_MS * 1000000L; /* a stop request is seen within the slice */
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&pc->freed, &pc->mu, &until);
    }
    pc->in_flight[i]++;
    pthread_mutex_unlock(&pc->mu);
    for (;;) {
        int64_t wait_us = dc_buckets_take(pc->buckets, op, dc_buckets_now_us());
        if (wait_us == 0 || (stop != NULL && *stop))
            return;
        dc_pacing_sleep_ms((wait_us + 999) / 1000, stop);
    }
}

void dc_pacing_release(dc_pacing *pc, const char *op)
{
    int i = s_rate_index(pc, op);
    if (i < 0)
        return;
    pthread_mutex_lock(&pc->mu);
    if (pc->in_flight[i] > 0)
        pc->in_flight[i]--;
    pthread_cond_broadcast(&pc->freed);
    pthread_mutex_unlock(&pc->mu);
}

double dc_pacing_wait_interval(const dc_pacing *pc, double case_interval_s)
{
    /* the case's interval is real-service time like its timeout: both scale,
     * or a waiter's last poll would cost a whole unscaled interval (at aws:0.02
     * a 6.6 s table creation polled every second took 1 s instead of 132 ms) */
    double floor_s = (double)pc->p.waiter_interval_ms / 1000.0;
    return (case_interval_s > floor_s ? case_interval_s : floor_s) * pc->p.scale;
}

double dc_pacing_wait_timeout(const dc_pacing *pc, double case_timeout_s)
{
    return case_timeout_s * pc->p.scale * pc->wait_scale;
}

void dc_pacing_tally(const dc_run_result *r, size_t *retried, size_t *given_up)
{
    size_t n = strlen(DC_PACING_NOTE);
    *retried = *given_up = 0;
    for (size_t i = 0; i < r->ncases; i++) {
        const dc_case_result *c = &r->cases[i];
        for (size_t k = 0; k < c->nnotes; k++)
            *retried += strncmp(c->notes[k], DC_PACING_NOTE, n) == 0;
        *given_up += c->status == DC_CASE_SKIPPED && c->reason != NULL && strncmp(c->reason, DC_PACING_NOTE, n) == 0;
    }
}

bool dc_pacing_throttled(const char *error_name, const char *message, const char *expected_error)
{
    if (error_name == NULL || (expected_error != NULL && strcmp(expected_error, error_name) == 0))
        return false;
    if (strcmp(error_name, "ThrottlingException") == 0)
        return true;
    /* the restore and table-operation limits ([S:rate-limits]): the Terraform
     * provider retries them ([S:terraform-retry-substrings]); other
     * LimitExceeded texts are quotas */
    return strcmp(error_name, "LimitExceededException") == 0 && message != NULL &&
           strstr(message, "simultaneously") != NULL;
}

int64_t dc_pacing_backoff_ms(const dc_pacing *pc, unsigned attempt)
{
    if (attempt >= pc->p.max_attempts)
        return -1;
    double cap = (double)pc->p.backoff_max_ms;
    double d = fmin((double)pc->p.backoff_ms * pow(2.0, (double)(attempt - 1)), cap);
    uint32_t r = 0;
    if (RAND_bytes((unsigned char *)&r, sizeof r) != 1)
        r = (uint32_t)rand();
    /* full jitter, as the SDKs' standard mode ([S:sdk-throttling-backoff]) */
    return dc_pace_ms(&pc->p, (int64_t)(d * ((double)r / 4294967296.0)));
}
