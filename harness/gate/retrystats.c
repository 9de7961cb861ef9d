/* retrystats.c - scheme bounds and the false-alarm-bounded delay tests. */
#include "gate/retrystats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"

#define S_MAX_SHIFT 40 /* 2^40 ms is beyond any cap: the bound stops growing there */

const char *dc_retry_class_name(dc_retry_class c)
{
    return c == DC_RCLASS_THROTTLING ? "throttling" : "transient";
}

int64_t dc_scheme_bound_us(const dc_retry_scheme *s, int attempt, dc_retry_class cls)
{
    if (attempt < 2)
        return 0;
    if (s->first_retry_immediate && attempt == 2)
        return 0;
    int shift = attempt - 2 > S_MAX_SHIFT ? S_MAX_SHIFT : attempt - 2;
    double ms = (double)s->base_ms[cls] * ldexp(1.0, shift);
    if (s->cap_ms > 0 && ms > (double)s->cap_ms)
        ms = (double)s->cap_ms;
    if (ms > 1e12)
        ms = 1e12;
    return (int64_t)(ms * 1000.0);
}

int64_t dc_scheme_floor_us(const dc_retry_scheme *s, int attempt, dc_retry_class cls)
{
    return dc_scheme_bound_us(s, attempt, cls) * s->jitter_low_percent / 100;
}

int64_t dc_scheme_longest_us(const dc_retry_scheme *s, int attempt, dc_retry_class cls)
{
    return dc_scheme_bound_us(s, attempt, cls) + s->extra_ms * 1000;
}

/* P(U(lo, hi) < t); a fixed value (lo == hi) counts as below t when it is not
 * above it (the larger probability: the tests stay conservative). */
static double s_cdf(double lo, double hi, double t)
{
    if (hi <= lo)
        return t >= lo ? 1.0 : 0.0;
    if (t <= lo)
        return 0.0;
    if (t >= hi)
        return 1.0;
    return (t - lo) / (hi - lo);
}

double dc_scheme_p_immediate(const dc_retry_scheme *s, const dc_retry_sample *r, const dc_retry_stat_params *p)
{
    double hi = (double)dc_scheme_bound_us(s, r->attempt, r->cls);
    double lo = (double)dc_scheme_floor_us(s, r->attempt, r->cls);
    if (hi <= lo)
        return hi < (double)p->immediate_us ? 1.0 : 0.0;
    return s_cdf(lo, hi, (double)p->immediate_us);
}

/* The mean over x uniform in [x0, x1] of P(U(lo, hi) < f * (x + d)), in closed
 * form (the CDF is a clamped line in x). */
static double s_mean_cdf(double x0, double x1, double lo, double hi, double f, double d)
{
    if (x1 <= x0)
        return s_cdf(lo, hi, f * (x0 + d));
    if (hi <= lo) { /* a step at f * (x + d) = lo */
        double at = lo / f - d;
        double above = at <= x0 ? x1 - x0 : at >= x1 ? 0.0 : x1 - at;
        return above / (x1 - x0);
    }
    double a = f / (hi - lo), b = (f * d - lo) / (hi - lo); /* g(x) = a x + b */
    double xa = -b / a, xb = (1.0 - b) / a;                 /* g = 0, g = 1 */
    double lo_x = xa > x0 ? xa : x0, hi_x = xb < x1 ? xb : x1;
    double sum = 0.0;
    if (xb < x1)
        sum += x1 - (xb > x0 ? xb : x0);
    if (hi_x > lo_x)
        sum += a * (hi_x * hi_x - lo_x * lo_x) / 2.0 + b * (hi_x - lo_x);
    return sum / (x1 - x0);
}

double dc_scheme_p_no_growth(const dc_retry_scheme *s, const dc_growth_sample *g, const dc_retry_stat_params *p)
{
    if (s->rate_limited)
        return 1.0;
    double h1 = (double)dc_scheme_bound_us(s, g->first.attempt, g->first.cls);
    double l1 = (double)dc_scheme_floor_us(s, g->first.attempt, g->first.cls);
    double h2 = (double)dc_scheme_bound_us(s, g->later.attempt, g->later.cls);
    double l2 = (double)dc_scheme_floor_us(s, g->later.attempt, g->later.cls);
    /* measured later < f * measured first implies sleep2 < f * (sleep1 + noise) */
    double pr = s_mean_cdf(l1, h1, l2, h2, p->growth_factor, (double)p->noise_us);
    pr = pr < p->noise_excess ? p->noise_excess : pr; /* one late measurement is not an alarm */
    return pr > 1.0 ? 1.0 : pr;
}

double dc_scheme_p_same(const dc_retry_scheme *s, dc_retry_class cls, size_t n, const dc_retry_stat_params *p)
{
    if (n < 2 || s->rate_limited)
        return 1.0;
    double b = (double)dc_scheme_bound_us(s, 2, cls);
    double l = (double)s->jitter_low_percent / 100.0;
    if (b <= 0.0 || l >= 1.0)
        return 1.0;
    /* S iid U(l, 1) (scaled by b), M their maximum: measured min >= r * measured
     * max implies min S >= r * M - delta, so
     * P <= int_l^1 n (M - max(l, rM - delta))^(n-1) dM / (1-l)^n, in closed form:
     * up to M* = (l + delta) / r the bracket is M - l, beyond it (1-r) M + delta. */
    double r = p->same_ratio, delta = (double)p->noise_us / b, dn = (double)n;
    double m_star = (l + delta) / r;
    double sum = pow((m_star < 1.0 ? m_star : 1.0) - l, dn);
    if (m_star < 1.0)
        sum += (pow((1.0 - r) + delta, dn) - pow((1.0 - r) * m_star + delta, dn)) / (1.0 - r);
    double pr = sum / pow(1.0 - l, dn);
    return pr > 1.0 ? 1.0 : pr;
}

/* P(at most m of the events happen), q[i] the chance of event i happening:
 * the distribution of the count kept only up to m (O(n m)). */
static double s_at_most(const double *q, size_t n, size_t m, bool complement)
{
    double *dp = dc_xcalloc(m + 2, sizeof *dp);
    dp[0] = 1.0;
    for (size_t i = 0; i < n; i++) {
        double hit = complement ? 1.0 - q[i] : q[i];
        size_t top = i + 1 < m ? i + 1 : m;
        for (size_t j = top; j > 0; j--)
            dp[j] = dp[j] * (1.0 - hit) + dp[j - 1] * hit;
        dp[0] *= 1.0 - hit;
    }
    double sum = 0.0;
    for (size_t j = 0; j <= m; j++)
        sum += dp[j];
    free(dp);
    return sum;
}

double dc_poisson_binomial_tail(const double *q, size_t n, size_t k)
{
    if (k == 0)
        return 1.0;
    if (k > n)
        return 0.0;
    double tail;
    if (k - 1 < n - k) /* few hits asked for: 1 - P(at most k-1 hits) */
        tail = 1.0 - s_at_most(q, n, k - 1, false);
    else /* many: P(at most n-k misses), exact however small */
        tail = s_at_most(q, n, n - k, true);
    return tail < 0.0 ? 0.0 : tail > 1.0 ? 1.0 : tail;
}

/* The tail test shared by retry.backoff and retry.backoff-growth. */
static dc_stat_verdict s_tail_verdict(const double *q, size_t n, size_t hits, double alpha)
{
    dc_stat_verdict v = {.n = n, .hits = hits, .p = 1.0, .p_min = 1.0};
    if (n == 0)
        return v;
    v.p_min = dc_poisson_binomial_tail(q, n, n);
    v.judged = v.p_min <= alpha;
    if (v.judged) {
        v.p = dc_poisson_binomial_tail(q, n, hits);
        v.alarm = v.p <= alpha;
    }
    return v;
}

dc_stat_verdict dc_retry_test_backoff(const dc_retry_scheme *const *cands, size_t ncands, const dc_retry_sample *r,
                                      size_t n, const dc_retry_stat_params *p)
{
    double *q = dc_xcalloc(n + 1, sizeof *q);
    size_t hits = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t c = 0; c < ncands; c++) {
            double pi = dc_scheme_p_immediate(cands[c], &r[i], p);
            q[i] = pi > q[i] ? pi : q[i];
        }
        hits += r[i].delay_us < p->immediate_us ? 1u : 0u;
    }
    dc_stat_verdict v = s_tail_verdict(q, ncands > 0 ? n : 0, hits, p->alpha);
    free(q);
    return v;
}

dc_stat_verdict dc_retry_test_growth(const dc_retry_scheme *const *cands, size_t ncands, const dc_growth_sample *g,
                                     size_t n, const dc_retry_stat_params *p)
{
    double *q = dc_xcalloc(n + 1, sizeof *q);
    size_t hits = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t c = 0; c < ncands; c++) {
            double pi = dc_scheme_p_no_growth(cands[c], &g[i], p);
            q[i] = pi > q[i] ? pi : q[i];
        }
        hits += (double)g[i].later.delay_us < p->growth_factor * (double)g[i].first.delay_us ? 1u : 0u;
    }
    dc_stat_verdict v = s_tail_verdict(q, ncands > 0 ? n : 0, hits, p->alpha);
    free(q);
    return v;
}

dc_stat_verdict dc_retry_test_jitter(const dc_retry_scheme *const *cands, size_t ncands, const dc_retry_sample *first,
                                     size_t n, const dc_retry_stat_params *p)
{
    dc_stat_verdict v = {.p = 1.0, .p_min = 1.0};
    for (size_t i = 0; i < n; i++)
        v.n += first[i].attempt == 2 ? 1u : 0u;
    for (int c = 0; c < DC_RCLASS_COUNT && ncands > 0; c++) {
        int64_t lo = INT64_MAX, hi = INT64_MIN;
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (first[i].attempt == 2 && first[i].cls == (dc_retry_class)c) {
                lo = first[i].delay_us < lo ? first[i].delay_us : lo;
                hi = first[i].delay_us > hi ? first[i].delay_us : hi;
                k++;
            }
        if (k < 2)
            continue;
        double worst = 0.0;
        for (size_t s = 0; s < ncands; s++) {
            double ps = dc_scheme_p_same(cands[s], (dc_retry_class)c, k, p);
            worst = ps > worst ? ps : worst;
        }
        double pc = worst * 2.0 > 1.0 ? 1.0 : worst * 2.0; /* two classes, alpha / 2 each */
        bool same = (double)lo >= p->same_ratio * (double)hi;
        if (pc < v.p_min)
            v.p_min = pc;
        if (pc <= p->alpha) {
            v.judged = true;
            if (same) {
                v.alarm = true;
                v.hits += k;
                v.p = pc < v.p ? pc : v.p;
            }
        }
    }
    return v;
}

size_t dc_retry_test_cap(const dc_retry_scheme *const *cands, size_t ncands, const dc_retry_sample *r, size_t n,
                         const dc_retry_stat_params *p, size_t *worst)
{
    size_t bad = 0;
    int64_t worst_by = INT64_MIN;
    *worst = SIZE_MAX;
    for (size_t i = 0; i < n && ncands > 0; i++) {
        int64_t limit = 0;
        for (size_t c = 0; c < ncands; c++) {
            int64_t l = dc_scheme_longest_us(cands[c], r[i].attempt, r[i].cls);
            limit = l > limit ? l : limit;
        }
        int64_t by = r[i].delay_us - (limit + p->tolerance_us);
        if (by > 0) {
            bad++;
            if (by > worst_by) {
                worst_by = by;
                *worst = i;
            }
        }
    }
    return bad;
}
