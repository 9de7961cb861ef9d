/* test_retrystats.c - the retry schemes' delay tests (gate/retrystats.h): exact
 * values of the probabilities they rest on, then the false-alarm rate of every
 * statistical rule measured on simulated compliant clients of each scheme of
 * spec/client-rules.json (100,000 runs per scheme, a fixed seed), which must
 * stay at or under the file's 1 in falseAlarmOneIn; and the same tests must
 * catch simulated broken clients, so a rule that never fires cannot pass.
 * The rates are printed (tools/bench.sh shows them through bench/gate_rates.sh). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gate/clientrules.h"
#include "gate/retrystats.h"
#include "test_util.h"

#define S_RUNS 100000
#define S_SEED 0x20261207u
#define S_MAX_RETRIES 4096
#define S_MAX_CALLS 512

static dc_client_rules *s_rules;

static int s_setup(void **state)
{
    (void)state;
    dc_err err;
    if (dc_client_rules_load(dc_test_home(), &s_rules, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return 0;
}

static int s_teardown(void **state)
{
    (void)state;
    dc_client_rules_free(s_rules);
    return 0;
}

/* ------------------------------------------------------------ exact values */

static const dc_retry_scheme s_full1s = {
    .id = "t", .max_attempts = 3, .base_ms = {1000, 1000}, .cap_ms = 20000, .metrics = ""};

static void probabilities_match_their_closed_forms(void **state)
{
    (void)state;
    dc_retry_stat_params p = {
        .alpha = 1e-4, .noise_us = 0, .immediate_us = 3000, .growth_factor = 1.5, .same_ratio = 0.8};
    /* n uniform draws are within 80 % of their maximum with probability 0.2^(n-1) */
    assert_true(fabs(dc_scheme_p_same(&s_full1s, DC_RCLASS_THROTTLING, 4, &p) - 0.008) < 1e-12);
    assert_true(fabs(dc_scheme_p_same(&s_full1s, DC_RCLASS_THROTTLING, 2, &p) - 0.2) < 1e-12);
    /* U(0, 4 s) under 1.5 x U(0, 1 s): 1.5 * 0.5 / 4 */
    dc_growth_sample g = {{2, DC_RCLASS_TRANSIENT, 0}, {4, DC_RCLASS_TRANSIENT, 0}};
    assert_true(fabs(dc_scheme_p_no_growth(&s_full1s, &g, &p) - 0.1875) < 1e-12);
    /* 3 ms of a 1 s draw; of a 4 s draw before attempt 4 */
    dc_retry_sample r = {2, DC_RCLASS_TRANSIENT, 0};
    assert_true(fabs(dc_scheme_p_immediate(&s_full1s, &r, &p) - 0.003) < 1e-12);
    r.attempt = 4;
    assert_true(fabs(dc_scheme_p_immediate(&s_full1s, &r, &p) - 0.00075) < 1e-12);
    /* the cap applies: attempt 10 draws from 20 s, not 256 s */
    assert_int_equal(dc_scheme_bound_us(&s_full1s, 10, DC_RCLASS_THROTTLING), INT64_C(20000000));
    /* Poisson-binomial tails */
    double q[3] = {0.5, 0.5, 0.5};
    assert_true(fabs(dc_poisson_binomial_tail(q, 3, 2) - 0.5) < 1e-12);
    assert_true(fabs(dc_poisson_binomial_tail(q, 3, 3) - 0.125) < 1e-12);
    double q2[2] = {0.1, 0.2};
    assert_true(fabs(dc_poisson_binomial_tail(q2, 2, 1) - 0.28) < 1e-12);
    assert_true(fabs(dc_poisson_binomial_tail(q2, 2, 0) - 1.0) < 1e-12);
}

static void the_loaded_schemes_bound_delays_as_their_sources_say(void **state)
{
    (void)state;
    const dc_retry_scheme *legacy = NULL, *v21 = NULL, *cpp = NULL, *js2 = NULL;
    for (size_t i = 0; i < dc_client_rules_nschemes(s_rules); i++) {
        const dc_retry_scheme *s = dc_client_rules_scheme(s_rules, i);
        legacy = strcmp(s->id, "botocore-legacy") == 0 ? s : legacy;
        v21 = strcmp(s->id, "retries-2.1") == 0 ? s : v21;
        cpp = strcmp(s->id, "cpp-legacy") == 0 ? s : cpp;
        js2 = strcmp(s->id, "js-v2-legacy") == 0 ? s : js2;
    }
    assert_non_null(legacy);
    assert_non_null(v21);
    assert_non_null(cpp);
    assert_non_null(js2);
    /* botocore legacy: 50, 100, 200 ms, fixed */
    assert_int_equal(dc_scheme_bound_us(legacy, 4, DC_RCLASS_TRANSIENT), 200000);
    assert_int_equal(dc_scheme_floor_us(legacy, 4, DC_RCLASS_TRANSIENT), 200000);
    /* 2.1: 25 ms x 2^(n-1) after a 500, 1 s x 2^(n-1) after throttling, + 5 s of x-amz-retry-after */
    assert_int_equal(dc_scheme_bound_us(v21, 3, DC_RCLASS_TRANSIENT), 50000);
    assert_int_equal(dc_scheme_longest_us(v21, 3, DC_RCLASS_THROTTLING), 7000000);
    /* C++: the first retry at once, then 50, 100 ms */
    assert_int_equal(dc_scheme_bound_us(cpp, 2, DC_RCLASS_TRANSIENT), 0);
    assert_int_equal(dc_scheme_bound_us(cpp, 3, DC_RCLASS_TRANSIENT), 50000);
    /* JS v2: the 11th attempt may wait up to 25.6 s (no cap): issue 20's 23.8 s is allowed */
    assert_int_equal(dc_scheme_bound_us(js2, 11, DC_RCLASS_THROTTLING), 25600000);
}

/* ------------------------------------------------------------ simulation */

typedef struct {
    uint64_t state;
} s_rng;

static uint64_t s_next(s_rng *g)
{
    uint64_t z = (g->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double s_u01(s_rng *g)
{
    return (double)(s_next(g) >> 11) / 9007199254740992.0;
}

typedef enum { S_COMPLIANT, S_NO_WAIT, S_CONSTANT_100MS, S_FIXED_FIRST_500MS } s_behaviour;

typedef struct {
    dc_retry_sample retries[S_MAX_RETRIES];
    size_t nretries;
    dc_growth_sample growth[S_MAX_CALLS];
    size_t ngrowth;
} s_run;

/* One run of a client following s (or broken as b): calls calls, each attempt
 * faulted with probability fault_p (30 % of faults throttling), retried up to
 * the scheme's attempts; every delay is the scheme's draw plus measuring noise
 * in [0, noise]; a rate-limited scheme adds up to its extraMs. */
static void s_simulate(const dc_retry_scheme *s, s_behaviour b, int calls, double fault_p, int64_t noise_us, s_rng *g,
                       s_run *out)
{
    out->nretries = out->ngrowth = 0;
    for (int c = 0; c < calls; c++) {
        dc_retry_sample first = {0}, later = {0};
        int nret = 0;
        for (int attempt = 1; attempt <= s->max_attempts; attempt++) {
            if (s_u01(g) >= fault_p)
                break; /* the attempt succeeded */
            if (attempt == s->max_attempts)
                break; /* gave up */
            dc_retry_class cls = s_u01(g) < 0.3 ? DC_RCLASS_THROTTLING : DC_RCLASS_TRANSIENT;
            double hi = (double)dc_scheme_bound_us(s, attempt + 1, cls);
            double lo = (double)dc_scheme_floor_us(s, attempt + 1, cls);
            double sleep = lo + (hi - lo) * s_u01(g);
            if (s->rate_limited)
                sleep += (double)s->extra_ms * 1000.0 * s_u01(g) * (s_u01(g) < 0.2 ? 1.0 : 0.0);
            if (b == S_NO_WAIT)
                sleep = 0.0;
            else if (b == S_CONSTANT_100MS)
                sleep = 100000.0;
            else if (b == S_FIXED_FIRST_500MS && attempt == 1)
                sleep = 500000.0;
            /* measuring noise: within its bound, but 5 % of it up to 5 x beyond (noiseExcessPercent) */
            double noise = (double)noise_us * s_u01(g) * (s_u01(g) < 0.05 ? 5.0 : 1.0);
            if (b == S_NO_WAIT)
                noise = 2000.0 * s_u01(g);
            dc_retry_sample r = {attempt + 1, cls, (int64_t)(sleep + noise)};
            if (out->nretries < S_MAX_RETRIES)
                out->retries[out->nretries++] = r;
            if (nret == 0)
                first = r;
            else if (nret <= 2)
                later = r;
            nret++;
        }
        if (nret >= 2 && out->ngrowth < S_MAX_CALLS) {
            out->growth[out->ngrowth].first = first;
            out->growth[out->ngrowth++].later = later;
        }
    }
}

enum { S_R_BACKOFF, S_R_GROWTH, S_R_JITTER, S_R_CAP, S_R_COUNT };
static const char *const s_rule_names[S_R_COUNT] = {"retry.backoff", "retry.backoff-growth", "retry.jitter",
                                                    "retry.backoff-cap"};

/* Alarms per rule over runs runs of s (judged against cands), and how many
 * runs could be judged. */
static void s_measure(const dc_retry_scheme *s, const dc_retry_scheme *const *cands, size_t ncands, s_behaviour b,
                      int runs, uint64_t seed, uint64_t alarms[S_R_COUNT], uint64_t judged[S_R_COUNT])
{
    dc_retry_stat_params p = dc_client_rules_stat_params(s_rules);
    s_rng g = {seed};
    s_run *run = malloc(sizeof *run);
    assert_non_null(run);
    memset(alarms, 0, S_R_COUNT * sizeof *alarms);
    memset(judged, 0, S_R_COUNT * sizeof *judged);
    for (int i = 0; i < runs; i++) {
        /* a default-profile run (40 calls, 30 % faults), or a heavy one (80 calls, 60 %) */
        bool heavy = (i & 1) != 0;
        s_simulate(s, b, heavy ? 80 : 40, heavy ? 0.6 : 0.3, p.noise_us, &g, run);
        dc_stat_verdict v = dc_retry_test_backoff(cands, ncands, run->retries, run->nretries, &p);
        alarms[S_R_BACKOFF] += v.alarm;
        judged[S_R_BACKOFF] += v.judged;
        v = dc_retry_test_growth(cands, ncands, run->growth, run->ngrowth, &p);
        alarms[S_R_GROWTH] += v.alarm;
        judged[S_R_GROWTH] += v.judged;
        v = dc_retry_test_jitter(cands, ncands, run->retries, run->nretries, &p);
        alarms[S_R_JITTER] += v.alarm;
        judged[S_R_JITTER] += v.judged;
        size_t worst;
        alarms[S_R_CAP] += dc_retry_test_cap(cands, ncands, run->retries, run->nretries, &p, &worst) > 0;
        judged[S_R_CAP] += run->nretries > 0;
    }
    free(run);
}

static void compliant_clients_of_every_scheme_trip_no_rule_more_than_once_in_ten_thousand_runs(void **state)
{
    (void)state;
    const dc_client_limits *lim = dc_client_rules_limits(s_rules);
    uint64_t allowed = (uint64_t)S_RUNS / (uint64_t)lim->false_alarm_one_in;
    printf("false alarms per %d simulated runs of a compliant client (judged: runs with enough samples to judge)\n",
           S_RUNS);
    printf("  %-18s %-22s %8s %8s %10s\n", "scheme", "rule", "alarms", "judged", "rate");
    for (size_t i = 0; i < dc_client_rules_nschemes(s_rules); i++) {
        const dc_retry_scheme *s = dc_client_rules_scheme(s_rules, i);
        const dc_retry_scheme *one[1] = {s};
        uint64_t alarms[S_R_COUNT], judged[S_R_COUNT];
        s_measure(s, one, 1, S_COMPLIANT, S_RUNS, S_SEED + i, alarms, judged);
        for (int r = 0; r < S_R_COUNT; r++) {
            printf("  %-18s %-22s %8llu %8llu %10.6f\n", s->id, s_rule_names[r], (unsigned long long)alarms[r],
                   (unsigned long long)judged[r], (double)alarms[r] / S_RUNS);
            if (alarms[r] > allowed)
                fail_msg("%s: %s trips %llu of %d compliant runs, more than 1 in %lld", s->id, s_rule_names[r],
                         (unsigned long long)alarms[r], S_RUNS, (long long)lim->false_alarm_one_in);
        }
        /* the cap has no randomness beyond the noise, which stays under the slack */
        assert_int_equal(alarms[S_R_CAP], 0);
    }
}

static const dc_retry_scheme *s_scheme(const char *id)
{
    for (size_t i = 0; i < dc_client_rules_nschemes(s_rules); i++)
        if (strcmp(dc_client_rules_scheme(s_rules, i)->id, id) == 0)
            return dc_client_rules_scheme(s_rules, i);
    fail_msg("no scheme %s", id);
    return NULL;
}

static void broken_clients_are_caught_by_the_same_tests(void **state)
{
    (void)state;
    /* a client declaring botocore standard (and so 2.1) that breaks the scheme */
    const dc_retry_scheme *decl[2] = {s_scheme("retries-2.1"), s_scheme("botocore-standard")};
    const int runs = 2000;
    static const struct {
        s_behaviour b;
        int rule;
        const char *what;
        uint64_t at_least; /* of runs */
    } cases[] = {
        {S_NO_WAIT, S_R_BACKOFF, "never waits", 1900},
        {S_CONSTANT_100MS, S_R_GROWTH, "waits a constant 100 ms", 900},
        {S_FIXED_FIRST_500MS, S_R_JITTER, "waits a fixed 500 ms first", 1000},
    };
    printf("simulated broken clients declaring botocore standard, %d runs each\n", runs);
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        uint64_t alarms[S_R_COUNT], judged[S_R_COUNT];
        s_measure(decl[1], decl, 2, cases[i].b, runs, S_SEED + 100 + i, alarms, judged);
        printf("  %-28s %-22s caught in %llu runs (%llu judged)\n", cases[i].what, s_rule_names[cases[i].rule],
               (unsigned long long)alarms[cases[i].rule], (unsigned long long)judged[cases[i].rule]);
        if (alarms[cases[i].rule] < cases[i].at_least)
            fail_msg("a client that %s is caught by %s in only %llu of %d runs", cases[i].what,
                     s_rule_names[cases[i].rule], (unsigned long long)alarms[cases[i].rule], runs);
    }
    /* undeclared (every scheme a candidate): the no-wait client is still caught by retry.backoff */
    const dc_retry_scheme *all[64];
    size_t n = 0;
    for (size_t i = 0; i < dc_client_rules_nschemes(s_rules) && n < 64; i++)
        all[n++] = dc_client_rules_scheme(s_rules, i);
    uint64_t alarms[S_R_COUNT], judged[S_R_COUNT];
    s_measure(decl[1], all, n, S_NO_WAIT, runs, S_SEED + 200, alarms, judged);
    printf("  %-28s %-22s caught in %llu runs (%llu judged)\n", "never waits, undeclared", "retry.backoff",
           (unsigned long long)alarms[S_R_BACKOFF], (unsigned long long)judged[S_R_BACKOFF]);
    assert_true(alarms[S_R_BACKOFF] >= 900);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(probabilities_match_their_closed_forms),
        cmocka_unit_test(the_loaded_schemes_bound_delays_as_their_sources_say),
        cmocka_unit_test(compliant_clients_of_every_scheme_trip_no_rule_more_than_once_in_ten_thousand_runs),
        cmocka_unit_test(broken_clients_are_caught_by_the_same_tests),
    };
    return cmocka_run_group_tests(tests, s_setup, s_teardown);
}
