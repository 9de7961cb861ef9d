/* faults.c - the --faults spec parser and the seeded decision sequence. */
#include "endpoint/faults.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct dc_faults {
    dc_faults_spec spec;
    pthread_mutex_t lock; /* the sequence is shared by the server's worker threads */
    uint64_t state;
};

static const char *const s_names[DC_FAULT_KIND_COUNT] = {"none", "throttle", "error500", "truncate", "badcrc", "reset"};

const char *dc_fault_name(dc_fault_kind k)
{
    return (unsigned)k < DC_FAULT_KIND_COUNT ? s_names[k] : "?";
}

static int s_parse_rate(const char *key, const char *val, double *out, dc_err *err)
{
    char *end = NULL;
    errno = 0;
    double d = strtod(val, &end);
    if (*val == '\0' || *end != '\0' || errno != 0 || !isfinite(d) || d < 0.0 || d > 1.0)
        return dc_fail(err, "--faults: %s=%s: expected a probability between 0 and 1", key, val);
    *out = d;
    return 0;
}

static int s_parse_latency(const char *val, int64_t *out, dc_err *err)
{
    char *end = NULL;
    errno = 0;
    double d = strtod(val, &end);
    double scale = 1.0;
    if (end != NULL && strcmp(end, "ms") == 0)
        scale = 1.0;
    else if (end != NULL && strcmp(end, "s") == 0)
        scale = 1000.0;
    else if (end == NULL || *end != '\0')
        end = NULL;
    if (*val == '\0' || end == NULL || errno != 0 || !isfinite(d) || d < 0.0 || d * scale > DC_FAULTS_MAX_LATENCY_MS)
        return dc_fail(err, "--faults: latency=%s: expected a duration like 50ms or 2s (at most %d ms)", val,
                       DC_FAULTS_MAX_LATENCY_MS);
    *out = (int64_t)llround(d * scale);
    return 0;
}

int dc_faults_parse(const char *spec, dc_faults_spec *out, dc_err *err)
{
    memset(out, 0, sizeof *out);
    out->seed = 1;
    if (spec == NULL || *spec == '\0')
        return 0;
    if (strlen(spec) > DC_FAULTS_SPEC_MAX)
        return dc_fail(err, "--faults: spec longer than %d bytes", DC_FAULTS_SPEC_MAX);

    char *copy = dc_xstrdup(spec);
    int rc = -1;
    char *save = NULL;
    for (char *item = strtok_r(copy, ",", &save); item != NULL; item = strtok_r(NULL, ",", &save)) {
        if (strcmp(item, "default") == 0 || strcmp(item, "none") == 0) {
            dc_faults_spec base;
            if (strcmp(item, "none") == 0)
                memset(&base, 0, sizeof base), base.seed = 1;
            else if (dc_faults_parse(DC_FAULTS_DEFAULT, &base, err) != 0)
                goto cleanup;
            *out = base;
            continue;
        }
        char *eq = strchr(item, '=');
        if (eq == NULL) {
            dc_fail(err, "--faults: '%s': expected key=value", item);
            goto cleanup;
        }
        *eq = '\0';
        const char *key = item, *val = eq + 1;
        bool known = false;
        for (int k = DC_FAULT_THROTTLE; k < DC_FAULT_KIND_COUNT; k++) {
            if (strcmp(key, s_names[k]) == 0) {
                if (s_parse_rate(key, val, &out->rate[k], err) != 0)
                    goto cleanup;
                known = true;
            }
        }
        if (known)
            continue;
        if (strcmp(key, "latency") == 0) {
            if (s_parse_latency(val, &out->latency_ms, err) != 0)
                goto cleanup;
        } else if (strcmp(key, "sparelast") == 0) {
            if (strcmp(val, "0") != 0 && strcmp(val, "1") != 0) {
                dc_fail(err, "--faults: sparelast=%s: expected 0 or 1", val);
                goto cleanup;
            }
            out->spare_last = val[0] == '1';
        } else if (strcmp(key, "seed") == 0) {
            char *end = NULL;
            errno = 0;
            unsigned long long s = strtoull(val, &end, 10);
            if (*val == '\0' || *val == '-' || *end != '\0' || errno != 0) {
                dc_fail(err, "--faults: seed=%s: expected a non-negative integer", val);
                goto cleanup;
            }
            out->seed = s;
        } else {
            dc_fail(err,
                    "--faults: unknown fault '%s' (known: throttle, error500, truncate, badcrc, reset, latency, "
                    "seed, sparelast, default, none)",
                    key);
            goto cleanup;
        }
    }
    double sum = 0.0;
    for (int k = DC_FAULT_THROTTLE; k < DC_FAULT_KIND_COUNT; k++)
        sum += out->rate[k];
    if (sum > 1.0 + 1e-9) {
        dc_fail(err, "--faults: the probabilities add up to %g, more than 1", sum);
        goto cleanup;
    }
    rc = 0;
cleanup:
    free(copy);
    return rc;
}

bool dc_faults_any(const dc_faults_spec *spec)
{
    for (int k = DC_FAULT_THROTTLE; k < DC_FAULT_KIND_COUNT; k++)
        if (spec->rate[k] > 0.0)
            return true;
    return spec->latency_ms > 0;
}

dc_faults *dc_faults_new(const dc_faults_spec *spec)
{
    dc_faults *f = dc_xcalloc(1, sizeof *f);
    f->spec = *spec;
    f->state = spec->seed;
    pthread_mutex_init(&f->lock, NULL);
    return f;
}

void dc_faults_free(dc_faults *f)
{
    if (f == NULL)
        return;
    pthread_mutex_destroy(&f->lock);
    free(f);
}

/* splitmix64: tiny, seedable with any value (0 included), good enough to
 * spread fault decisions; not for anything secret. */
static uint64_t s_splitmix(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

dc_fault_kind dc_faults_next(dc_faults *f)
{
    pthread_mutex_lock(&f->lock);
    uint64_t r = s_splitmix(&f->state);
    pthread_mutex_unlock(&f->lock);
    double u = (double)(r >> 11) / 9007199254740992.0; /* 53 bits -> [0, 1) */
    double acc = 0.0;
    for (int k = DC_FAULT_THROTTLE; k < DC_FAULT_KIND_COUNT; k++) {
        acc += f->spec.rate[k];
        if (u < acc)
            return (dc_fault_kind)k;
    }
    return DC_FAULT_NONE;
}

/* attempt=N and max=M of an amz-sdk-request header, in any order and spacing. */
static bool s_last_attempt(const char *h)
{
    long attempt = 0, max = 0;
    for (const char *p = h; p != NULL && *p != '\0';) {
        p += strspn(p, " \t;");
        long *dst = strncmp(p, "attempt=", 8) == 0 ? &attempt : strncmp(p, "max=", 4) == 0 ? &max : NULL;
        if (dst != NULL)
            *dst = strtol(strchr(p, '=') + 1, NULL, 10);
        p = strchr(p, ';');
    }
    return max > 0 && attempt >= max;
}

dc_fault_kind dc_faults_next_for(dc_faults *f, const char *amz_sdk_request)
{
    dc_fault_kind k = dc_faults_next(f); /* drawn either way: the sequence stays the seed's */
    if (f->spec.spare_last && amz_sdk_request != NULL && s_last_attempt(amz_sdk_request))
        return DC_FAULT_NONE;
    return k;
}

int64_t dc_faults_latency_ms(const dc_faults *f)
{
    return f->spec.latency_ms;
}
