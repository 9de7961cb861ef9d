/* retrystats.h - the documented retry schemes (spec/client-rules.json
 * retrySchemes) and the tests that judge a client's random delays against
 * them with a known false-alarm rate.
 *
 * A scheme draws the sleep before attempt a (2, 3, ...) after an answer of
 * class c (throttling or transient) uniformly from [low * B, B] with
 * B = base_c * 2^(a-2), capped at cap (when it has one): low 0 is full jitter,
 * 0.5 equal jitter, 1 no jitter (a fixed delay). The gate measures
 * sleep + noise, noise in [0, noise] (the client's own work and the
 * endpoint's scheduling only ever add time).
 *
 * Every statistical test below is one test per client and run whose alarm has
 * probability at most alpha when the client follows any of the candidate
 * schemes: each sample's probability under the null is taken as the largest
 * over the candidates, and the tail of the resulting Poisson-binomial (or the
 * closed form of "all n draws about the same") is compared with alpha. A test
 * whose samples could not reach alpha even if every one looked wrong is not
 * judged ("not exercised": too few samples to tell). */
#ifndef DC_RETRYSTATS_H
#define DC_RETRYSTATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { DC_RCLASS_THROTTLING, DC_RCLASS_TRANSIENT, DC_RCLASS_COUNT } dc_retry_class;

typedef struct {
    const char *id;
    const char *description;
    const char *source;
    const char *const *families; /* User-Agent families (first token's product) that may declare it */
    size_t nfamilies;
    const char *const *ua_tokens; /* any of these in the User-Agent declares it; none = the family alone does */
    size_t ntokens;
    const char *metrics; /* User-Agent "m/" feature letters that declare it ("E"); "" = none */
    int max_attempts;    /* the default, for DynamoDB */
    int64_t base_ms[DC_RCLASS_COUNT];
    int64_t cap_ms;             /* 0 = no cap */
    int jitter_low_percent;     /* 0 full jitter, 50 equal jitter, 100 none */
    bool first_retry_immediate; /* the first retry does not wait (AWS SDK for C++ legacy) */
    int64_t extra_ms;           /* allowance beyond the backoff: rate limiter, x-amz-retry-after */
    bool rate_limited;          /* a client-side rate limiter adds waits: no growth / jitter test */
    bool crc32_retried;         /* a 2xx answer with a bad x-amz-crc32 is retried */
} dc_retry_scheme;

/* One retry: the attempt it is (>= 2), the class of the answer before it, its delay. */
typedef struct {
    int attempt;
    dc_retry_class cls;
    int64_t delay_us;
} dc_retry_sample;

/* One call with at least 2 retries: its first delay and the delay of its last
 * retry among the first three (attempt 3 or 4). */
typedef struct {
    dc_retry_sample first, later;
} dc_growth_sample;

typedef struct {
    double alpha;         /* false alarms allowed per client and run, per test */
    int64_t noise_us;     /* measuring noise bound */
    double noise_excess;  /* the share of delays whose noise may exceed it: a floor of retry.backoff-growth odds */
    int64_t immediate_us; /* a delay under this is "no wait" */
    int64_t tolerance_us; /* slack of the cap test */
    double growth_factor; /* a call's delays did not grow: later < factor * first */
    double same_ratio;    /* delays are "the same": min >= ratio * max */
} dc_retry_stat_params;

/* Upper end B of the sleep before attempt after an answer of class cls (µs). */
int64_t dc_scheme_bound_us(const dc_retry_scheme *s, int attempt, dc_retry_class cls);
/* Lower end of that sleep (µs). */
int64_t dc_scheme_floor_us(const dc_retry_scheme *s, int attempt, dc_retry_class cls);
/* The longest delay the scheme allows before attempt, extra allowance included (µs). */
int64_t dc_scheme_longest_us(const dc_retry_scheme *s, int attempt, dc_retry_class cls);

/* P(sleep < immediate) for this retry under s. */
double dc_scheme_p_immediate(const dc_retry_scheme *s, const dc_retry_sample *r, const dc_retry_stat_params *p);
/* P(later + noise < factor * (first + noise)) under s, noise at its worst. */
double dc_scheme_p_no_growth(const dc_retry_scheme *s, const dc_growth_sample *g, const dc_retry_stat_params *p);
/* P(n first delays after answers of class cls are the same (min >= ratio * max)), noise at its worst. */
double dc_scheme_p_same(const dc_retry_scheme *s, dc_retry_class cls, size_t n, const dc_retry_stat_params *p);

typedef struct {
    bool judged;  /* the samples could reach alpha */
    bool alarm;   /* the rule is broken */
    double p;     /* P(a result at least this extreme) under the worst candidate; 1 when not judged */
    double p_min; /* the smallest p the samples could give */
    size_t n;     /* samples looked at */
    size_t hits;  /* samples that looked wrong (immediate, not grown, same) */
} dc_stat_verdict;

/* retry.backoff: too many retries came at once. */
dc_stat_verdict dc_retry_test_backoff(const dc_retry_scheme *const *cands, size_t ncands, const dc_retry_sample *r,
                                      size_t n, const dc_retry_stat_params *p);
/* retry.backoff-growth: too many calls whose delays did not grow. */
dc_stat_verdict dc_retry_test_growth(const dc_retry_scheme *const *cands, size_t ncands, const dc_growth_sample *g,
                                     size_t n, const dc_retry_stat_params *p);
/* retry.jitter: the first retries (attempt 2) of the samples after answers of
 * one class all waited the same (each class is a test of its own at alpha / 2). */
dc_stat_verdict dc_retry_test_jitter(const dc_retry_scheme *const *cands, size_t ncands, const dc_retry_sample *first,
                                     size_t n, const dc_retry_stat_params *p);
/* retry.backoff-cap: how many delays exceed the longest any candidate allows
 * (+ tolerance); *worst: the index of the one furthest beyond, or SIZE_MAX. */
size_t dc_retry_test_cap(const dc_retry_scheme *const *cands, size_t ncands, const dc_retry_sample *r, size_t n,
                         const dc_retry_stat_params *p, size_t *worst);

/* The Poisson-binomial tail P(X >= k) for independent events of probabilities q[0..n). */
double dc_poisson_binomial_tail(const double *q, size_t n, size_t k);

const char *dc_retry_class_name(dc_retry_class c);

#endif
