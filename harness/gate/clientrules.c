/* clientrules.c - the strict loader of spec/client-rules.json. */
#include "gate/clientrules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"

#define S_MAX_BYTES (1u << 20) /* the file is a few kB; anything near this is not it */

/* The ids the judge implements, in enum order. */
static const char *const s_names[DC_CRULE_COUNT] = {
    "wire.method",
    "wire.path",
    "wire.content-type",
    "wire.target",
    "wire.json-body",
    "signing.signature",
    "signing.scope",
    "signing.clock-skew",
    "signing.required-headers",
    "signing.amz-headers-signed",
    "signing.content-type-signed",
    "validity.request",
    "retry.after-fault",
    "retry.crc32-checked",
    "retry.non-retryable",
    "retry.backoff",
    "retry.backoff-cap",
    "retry.backoff-growth",
    "retry.jitter",
    "retry.max-attempts",
    "retry.invocation-id",
    "retry.attempt-header",
    "retry.re-signed",
};

static const char *const s_class_keys[DC_RETRYABLE_CLASS_COUNT] = {"throttling", "transient", "clockSkew", "service"};

/* limits.<key> -> its field */
static const struct {
    const char *key;
    size_t offset;
} s_limit_keys[] = {
    {"clockSkewSeconds", offsetof(dc_client_limits, clock_skew_s)},
    {"backoffToleranceMs", offsetof(dc_client_limits, backoff_tolerance_ms)},
    {"giveUpAfterAttempts", offsetof(dc_client_limits, give_up_after_attempts)},
    {"immediateRetryMs", offsetof(dc_client_limits, immediate_retry_ms)},
    {"sameDelayPercent", offsetof(dc_client_limits, same_delay_percent)},
    {"measuringNoiseMs", offsetof(dc_client_limits, measuring_noise_ms)},
    {"noiseExcessPercent", offsetof(dc_client_limits, noise_excess_percent)},
    {"growthFactorPercent", offsetof(dc_client_limits, growth_factor_percent)},
    {"falseAlarmOneIn", offsetof(dc_client_limits, false_alarm_one_in)},
    {"reSignGapMs", offsetof(dc_client_limits, resign_gap_ms)},
    {"exampleBodyBytes", offsetof(dc_client_limits, example_body_bytes)},
};

struct dc_client_rules {
    dc_json_doc doc; /* every string below points into it */
    dc_crule rules[DC_CRULE_COUNT];
    dc_crule_id order[DC_CRULE_COUNT];
    const char **operations;
    size_t *operation_lens; /* compared first: a lookup per request */
    size_t noperations;
    dc_code_list classes[DC_RETRYABLE_CLASS_COUNT];
    const char **codes_storage[DC_RETRYABLE_CLASS_COUNT];
    int64_t *status_storage[DC_RETRYABLE_CLASS_COUNT];
    dc_client_limits limits;
    const char *tying;
    dc_retry_scheme *schemes;
    size_t nschemes;
    const char *schemes_text;
};

typedef struct {
    const char *file;
    dc_err *err;
} s_ctx;

static int s_fail(const s_ctx *c, const char *path, const char *what)
{
    return dc_fail(c->err, "%s: %s: %s", c->file, path, what);
}

static int s_only_keys(const s_ctx *c, const dc_json *obj, const char *path, const char *const *allowed)
{
    if (!dc_json_is_object(obj))
        return s_fail(c, path, "expected an object");
    for (size_t i = 0; i < obj->count; i++) {
        bool known = false;
        for (size_t k = 0; allowed[k] != NULL && !known; k++)
            known = strlen(allowed[k]) == obj->items[i].key_len &&
                    memcmp(allowed[k], obj->items[i].key, obj->items[i].key_len) == 0;
        if (!known) {
            char what[160];
            snprintf(what, sizeof what, "unknown key '%.64s'", obj->items[i].key);
            return s_fail(c, path, what);
        }
    }
    return 0;
}

/* obj.key as a non-empty string without NUL; NULL + error when it is not. */
static const char *s_string(const s_ctx *c, const dc_json *obj, const char *key, const char *path, bool required,
                            int *rc)
{
    const dc_json *v = dc_json_get(obj, key);
    char where[256];
    snprintf(where, sizeof where, "%s.%s", path, key);
    if (v == NULL) {
        if (required)
            *rc = s_fail(c, where, "missing");
        return NULL;
    }
    if (!dc_json_is_string(v) || v->str_len == 0 || strlen(v->str) != v->str_len) {
        *rc = s_fail(c, where, "expected a non-empty string");
        return NULL;
    }
    return v->str;
}

static int s_positive(const s_ctx *c, const dc_json *v, const char *path, int64_t *out)
{
    if (!dc_json_is_number(v) || dc_json_int64(v, out) != DC_INT_OK || *out <= 0)
        return s_fail(c, path, "expected a positive integer");
    return 0;
}

static int s_string_array(const s_ctx *c, const dc_json *v, const char *path, const char ***out, size_t *n)
{
    if (!dc_json_is_array(v))
        return s_fail(c, path, "expected an array of strings");
    *out = dc_xcalloc(v->count + 1, sizeof **out);
    *n = v->count;
    for (size_t i = 0; i < v->count; i++) {
        const dc_json *e = &v->items[i];
        if (!dc_json_is_string(e) || e->str_len == 0 || strlen(e->str) != e->str_len)
            return s_fail(c, path, "expected an array of non-empty strings");
        (*out)[i] = e->str;
    }
    return 0;
}

static int s_severity(const s_ctx *c, const char *text, const char *path, dc_severity *out)
{
    static const char *const names[] = {"failure", "warning", "info"};
    for (size_t i = 0; i < DC_ARRAY_LEN(names); i++)
        if (strcmp(text, names[i]) == 0) {
            *out = (dc_severity)i;
            return 0;
        }
    return s_fail(c, path, "expected failure, warning or info");
}

static int s_load_classes(const s_ctx *c, dc_client_rules *r, const dc_json *obj)
{
    static const char *const keys[] = {"throttling", "transient", "clockSkew", "service", NULL};
    static const char *const list_keys[] = {"codes", "statuses", "source", NULL};
    if (s_only_keys(c, obj, "retryableErrors", keys) != 0)
        return -1;
    for (int k = 0; k < DC_RETRYABLE_CLASS_COUNT; k++) {
        char path[96];
        snprintf(path, sizeof path, "retryableErrors.%s", s_class_keys[k]);
        const dc_json *cls = dc_json_get(obj, s_class_keys[k]);
        if (cls == NULL)
            return s_fail(c, path, "missing");
        if (s_only_keys(c, cls, path, list_keys) != 0)
            return -1;
        int rc = 0;
        r->classes[k].source = s_string(c, cls, "source", path, true, &rc);
        if (rc != 0)
            return -1;
        char sub[128];
        snprintf(sub, sizeof sub, "%s.codes", path);
        if (s_string_array(c, dc_json_get(cls, "codes"), sub, &r->codes_storage[k], &r->classes[k].ncodes) != 0)
            return -1;
        r->classes[k].codes = r->codes_storage[k];
        snprintf(sub, sizeof sub, "%s.statuses", path);
        const dc_json *st = dc_json_get(cls, "statuses");
        if (!dc_json_is_array(st))
            return s_fail(c, sub, "expected an array of HTTP status codes");
        r->status_storage[k] = dc_xcalloc(st->count + 1, sizeof(int64_t));
        for (size_t i = 0; i < st->count; i++) {
            int64_t v = 0;
            if (s_positive(c, &st->items[i], sub, &v) != 0 || v < 100 || v > 599)
                return s_fail(c, sub, "expected an array of HTTP status codes");
            r->status_storage[k][i] = v;
        }
        r->classes[k].statuses = r->status_storage[k];
        r->classes[k].nstatuses = st->count;
    }
    return 0;
}

static int s_load_limits(const s_ctx *c, dc_client_rules *r, const dc_json *obj)
{
    static const char *const item_keys[] = {"value", "source", NULL};
    const char *keys[DC_ARRAY_LEN(s_limit_keys) + 1];
    for (size_t i = 0; i < DC_ARRAY_LEN(s_limit_keys); i++)
        keys[i] = s_limit_keys[i].key;
    keys[DC_ARRAY_LEN(s_limit_keys)] = NULL;
    if (s_only_keys(c, obj, "limits", keys) != 0)
        return -1;
    for (size_t i = 0; i < DC_ARRAY_LEN(s_limit_keys); i++) {
        char path[96];
        snprintf(path, sizeof path, "limits.%s", s_limit_keys[i].key);
        const dc_json *item = dc_json_get(obj, s_limit_keys[i].key);
        if (item == NULL)
            return s_fail(c, path, "missing");
        if (s_only_keys(c, item, path, item_keys) != 0)
            return -1;
        int rc = 0;
        s_string(c, item, "source", path, true, &rc);
        if (rc != 0)
            return -1;
        char sub[128];
        snprintf(sub, sizeof sub, "%s.value", path);
        const dc_json *v = dc_json_get(item, "value");
        if (v == NULL)
            return s_fail(c, sub, "missing");
        if (s_positive(c, v, sub, (int64_t *)(void *)((char *)&r->limits + s_limit_keys[i].offset)) != 0)
            return -1;
    }
    return 0;
}

static int s_load_rules(const s_ctx *c, dc_client_rules *r, const dc_json *arr)
{
    static const char *const keys[] = {"id", "severity", "compatSeverity", "description", "source", NULL};
    bool seen[DC_CRULE_COUNT] = {false};
    if (!dc_json_is_array(arr))
        return s_fail(c, "rules", "expected an array");
    if (arr->count != DC_CRULE_COUNT) {
        char what[96];
        snprintf(what, sizeof what, "expected the %d rules the judge implements, found %zu", (int)DC_CRULE_COUNT,
                 arr->count);
        return s_fail(c, "rules", what);
    }
    for (size_t i = 0; i < arr->count; i++) {
        char path[48];
        snprintf(path, sizeof path, "rules[%zu]", i);
        const dc_json *o = &arr->items[i];
        if (s_only_keys(c, o, path, keys) != 0)
            return -1;
        int rc = 0;
        const char *id = s_string(c, o, "id", path, true, &rc);
        const char *sev = rc == 0 ? s_string(c, o, "severity", path, true, &rc) : NULL;
        const char *csev = rc == 0 ? s_string(c, o, "compatSeverity", path, false, &rc) : NULL;
        const char *desc = rc == 0 ? s_string(c, o, "description", path, true, &rc) : NULL;
        const char *src = rc == 0 ? s_string(c, o, "source", path, true, &rc) : NULL;
        if (rc != 0)
            return -1;
        int which = -1;
        for (int k = 0; k < DC_CRULE_COUNT; k++)
            if (strcmp(s_names[k], id) == 0)
                which = k;
        char where[96];
        snprintf(where, sizeof where, "%s.id", path);
        if (which < 0) {
            char what[160];
            snprintf(what, sizeof what, "'%.80s' is not a rule the judge implements", id);
            return s_fail(c, where, what);
        }
        if (seen[which])
            return s_fail(c, where, "rule described twice");
        seen[which] = true;
        dc_crule *rule = &r->rules[which];
        rule->name = s_names[which];
        rule->description = desc;
        rule->source = src;
        snprintf(where, sizeof where, "%s.severity", path);
        if (s_severity(c, sev, where, &rule->severity) != 0)
            return -1;
        rule->compat_severity = rule->severity;
        snprintf(where, sizeof where, "%s.compatSeverity", path);
        if (csev != NULL && s_severity(c, csev, where, &rule->compat_severity) != 0)
            return -1;
        r->order[i] = (dc_crule_id)which;
    }
    return 0;
}

/* obj.key as a non-negative integer (absent: dflt when not required). */
static int s_count(const s_ctx *c, const dc_json *obj, const char *key, const char *path, bool required, int64_t dflt,
                   int64_t *out)
{
    char where[160];
    snprintf(where, sizeof where, "%s.%s", path, key);
    const dc_json *v = dc_json_get(obj, key);
    if (v == NULL) {
        *out = dflt;
        return required ? s_fail(c, where, "missing") : 0;
    }
    if (!dc_json_is_number(v) || dc_json_int64(v, out) != DC_INT_OK || *out < 0 || *out > 1000000000)
        return s_fail(c, where, "expected a non-negative integer");
    return 0;
}

static int s_flag(const s_ctx *c, const dc_json *obj, const char *key, const char *path, bool *out)
{
    const dc_json *v = dc_json_get(obj, key);
    *out = false;
    if (v == NULL)
        return 0;
    if (v->type != DC_JSON_TRUE && v->type != DC_JSON_FALSE) {
        char where[160];
        snprintf(where, sizeof where, "%s.%s", path, key);
        return s_fail(c, where, "expected true or false");
    }
    *out = v->type == DC_JSON_TRUE;
    return 0;
}

static int s_load_scheme(const s_ctx *c, const dc_json *o, const char *path, dc_retry_scheme *s)
{
    static const char *const keys[] = {"id",
                                       "description",
                                       "families",
                                       "userAgentTokens",
                                       "metrics",
                                       "maxAttempts",
                                       "throttlingBaseMs",
                                       "transientBaseMs",
                                       "capMs",
                                       "jitter",
                                       "firstRetryImmediate",
                                       "extraMs",
                                       "rateLimited",
                                       "crc32Retried",
                                       "source",
                                       NULL};
    if (s_only_keys(c, o, path, keys) != 0)
        return -1;
    int rc = 0;
    s->id = s_string(c, o, "id", path, true, &rc);
    s->description = rc == 0 ? s_string(c, o, "description", path, true, &rc) : NULL;
    s->source = rc == 0 ? s_string(c, o, "source", path, true, &rc) : NULL;
    const char *jitter = rc == 0 ? s_string(c, o, "jitter", path, true, &rc) : NULL;
    if (rc != 0)
        return -1;
    const dc_json *m = dc_json_get(o, "metrics");
    char where[160];
    snprintf(where, sizeof where, "%s.metrics", path);
    if (!dc_json_is_string(m) || strlen(m->str) != m->str_len)
        return s_fail(c, where, "expected a string of feature letters (may be empty)");
    s->metrics = m->str;
    snprintf(where, sizeof where, "%s.families", path);
    if (s_string_array(c, dc_json_get(o, "families"), where, (const char ***)(void *)&s->families, &s->nfamilies) != 0)
        return -1;
    snprintf(where, sizeof where, "%s.userAgentTokens", path);
    if (s_string_array(c, dc_json_get(o, "userAgentTokens"), where, (const char ***)(void *)&s->ua_tokens,
                       &s->ntokens) != 0)
        return -1;
    int64_t max = 0, cap = 0, extra = 0;
    if (s_count(c, o, "maxAttempts", path, true, 0, &max) != 0 ||
        s_count(c, o, "throttlingBaseMs", path, true, 0, &s->base_ms[DC_RCLASS_THROTTLING]) != 0 ||
        s_count(c, o, "transientBaseMs", path, true, 0, &s->base_ms[DC_RCLASS_TRANSIENT]) != 0 ||
        s_count(c, o, "capMs", path, true, 0, &cap) != 0 || s_count(c, o, "extraMs", path, true, 0, &extra) != 0 ||
        s_flag(c, o, "firstRetryImmediate", path, &s->first_retry_immediate) != 0 ||
        s_flag(c, o, "rateLimited", path, &s->rate_limited) != 0 ||
        s_flag(c, o, "crc32Retried", path, &s->crc32_retried) != 0)
        return -1;
    snprintf(where, sizeof where, "%s.maxAttempts", path);
    if (max < 1 || max > 1000)
        return s_fail(c, where, "expected 1 to 1000 attempts");
    s->max_attempts = (int)max;
    s->cap_ms = cap;
    s->extra_ms = extra;
    snprintf(where, sizeof where, "%s.jitter", path);
    if (strcmp(jitter, "full") == 0)
        s->jitter_low_percent = 0;
    else if (strcmp(jitter, "equal") == 0)
        s->jitter_low_percent = 50;
    else if (strcmp(jitter, "none") == 0)
        s->jitter_low_percent = 100;
    else
        return s_fail(c, where, "expected full, equal or none");
    return 0;
}

static int s_load_schemes(const s_ctx *c, dc_client_rules *r, const dc_json *obj)
{
    static const char *const keys[] = {"description", "source", "schemes", NULL};
    if (obj == NULL)
        return s_fail(c, "retrySchemes", "missing");
    if (s_only_keys(c, obj, "retrySchemes", keys) != 0)
        return -1;
    int rc = 0;
    r->schemes_text = s_string(c, obj, "description", "retrySchemes", true, &rc);
    s_string(c, obj, "source", "retrySchemes", true, &rc);
    if (rc != 0)
        return -1;
    const dc_json *arr = dc_json_get(obj, "schemes");
    if (!dc_json_is_array(arr) || arr->count == 0)
        return s_fail(c, "retrySchemes.schemes", "expected a non-empty array");
    r->schemes = dc_xcalloc(arr->count, sizeof *r->schemes);
    r->nschemes = arr->count;
    for (size_t i = 0; i < arr->count; i++) {
        char path[64];
        snprintf(path, sizeof path, "retrySchemes.schemes[%zu]", i);
        if (s_load_scheme(c, &arr->items[i], path, &r->schemes[i]) != 0)
            return -1;
        for (size_t k = 0; k < i; k++)
            if (strcmp(r->schemes[k].id, r->schemes[i].id) == 0)
                return s_fail(c, path, "scheme id used twice");
    }
    return 0;
}

static int s_load(const s_ctx *c, dc_client_rules *r)
{
    static const char *const top[] = {
        "source", "tying", "serviceOperations", "retryableErrors", "retrySchemes", "limits", "rules", NULL};
    static const char *const tying_keys[] = {"windowMs", "description", "source", NULL};
    static const char *const ops_keys[] = {"names", "source", NULL};
    const dc_json *root = r->doc.root;
    if (r->doc.duplicate_keys > 0)
        return dc_fail(c->err, "%s: a key appears twice in one object", c->file);
    if (s_only_keys(c, root, "$", top) != 0)
        return -1;
    int rc = 0;
    s_string(c, root, "source", "$", true, &rc);
    if (rc != 0)
        return -1;

    const dc_json *tying = dc_json_get(root, "tying");
    if (tying == NULL)
        return s_fail(c, "tying", "missing");
    if (s_only_keys(c, tying, "tying", tying_keys) != 0)
        return -1;
    r->tying = s_string(c, tying, "description", "tying", true, &rc);
    s_string(c, tying, "source", "tying", true, &rc);
    if (rc != 0)
        return -1;
    if (s_positive(c, dc_json_get(tying, "windowMs"), "tying.windowMs", &r->limits.window_ms) != 0)
        return -1;

    const dc_json *ops = dc_json_get(root, "serviceOperations");
    if (ops == NULL)
        return s_fail(c, "serviceOperations", "missing");
    if (s_only_keys(c, ops, "serviceOperations", ops_keys) != 0)
        return -1;
    s_string(c, ops, "source", "serviceOperations", true, &rc);
    if (rc != 0)
        return -1;
    if (s_string_array(c, dc_json_get(ops, "names"), "serviceOperations.names", &r->operations, &r->noperations) != 0)
        return -1;
    r->operation_lens = dc_xcalloc(r->noperations + 1, sizeof *r->operation_lens);
    for (size_t i = 0; i < r->noperations; i++)
        r->operation_lens[i] = strlen(r->operations[i]);

    const dc_json *classes = dc_json_get(root, "retryableErrors");
    if (classes == NULL)
        return s_fail(c, "retryableErrors", "missing");
    if (s_load_classes(c, r, classes) != 0)
        return -1;
    if (s_load_schemes(c, r, dc_json_get(root, "retrySchemes")) != 0)
        return -1;
    const dc_json *limits = dc_json_get(root, "limits");
    if (limits == NULL)
        return s_fail(c, "limits", "missing");
    if (s_load_limits(c, r, limits) != 0)
        return -1;
    return s_load_rules(c, r, dc_json_get(root, "rules"));
}

int dc_client_rules_parse(const void *data, size_t len, const char *name, dc_client_rules **out, dc_err *err)
{
    *out = NULL;
    dc_client_rules *r = dc_xcalloc(1, sizeof *r);
    s_ctx c = {name, err};
    dc_err jerr;
    if (dc_json_parse(data, len, &r->doc, &jerr) != 0) {
        dc_fail(err, "%s: %s", name, jerr.msg);
        free(r);
        return -1;
    }
    if (s_load(&c, r) != 0) {
        dc_client_rules_free(r);
        return -1;
    }
    *out = r;
    return 0;
}

int dc_client_rules_load(const char *dir, dc_client_rules **out, dc_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, DC_CLIENT_RULES_FILE);
    dc_buf b;
    dc_buf_init(&b);
    int rc = dc_read_file(path, S_MAX_BYTES, &b, err);
    if (rc == 0)
        rc = dc_client_rules_parse(b.data, b.len, DC_CLIENT_RULES_FILE, out, err);
    dc_buf_free(&b);
    return rc;
}

void dc_client_rules_free(dc_client_rules *r)
{
    if (r == NULL)
        return;
    for (int k = 0; k < DC_RETRYABLE_CLASS_COUNT; k++) {
        free(r->codes_storage[k]);
        free(r->status_storage[k]);
    }
    for (size_t i = 0; i < r->nschemes; i++) {
        free((void *)r->schemes[i].families);
        free((void *)r->schemes[i].ua_tokens);
    }
    free(r->schemes);
    free(r->operations);
    free(r->operation_lens);
    dc_json_doc_free(&r->doc);
    free(r);
}

const dc_crule *dc_client_rule(const dc_client_rules *r, dc_crule_id id)
{
    return &r->rules[id];
}

dc_crule_id dc_client_rule_at(const dc_client_rules *r, size_t i)
{
    return r->order[i];
}

const dc_client_limits *dc_client_rules_limits(const dc_client_rules *r)
{
    return &r->limits;
}

const char *dc_client_rules_tying(const dc_client_rules *r)
{
    return r->tying;
}

bool dc_client_rules_operation(const dc_client_rules *r, const char *name, size_t len)
{
    for (size_t i = 0; i < r->noperations; i++)
        if (r->operation_lens[i] == len && memcmp(r->operations[i], name, len) == 0)
            return true;
    return false;
}

bool dc_client_rules_retryable(const dc_client_rules *r, const char *code, unsigned status, dc_retryable_class *cls)
{
    for (int k = 0; k < DC_RETRYABLE_CLASS_COUNT; k++) {
        const dc_code_list *l = &r->classes[k];
        bool hit = false;
        for (size_t i = 0; code != NULL && i < l->ncodes && !hit; i++)
            hit = strcmp(l->codes[i], code) == 0;
        for (size_t i = 0; i < l->nstatuses && !hit; i++)
            hit = l->statuses[i] == (int64_t)status;
        if (hit) {
            if (cls != NULL)
                *cls = (dc_retryable_class)k;
            return true;
        }
    }
    return false;
}

size_t dc_client_rules_nschemes(const dc_client_rules *r)
{
    return r->nschemes;
}

const dc_retry_scheme *dc_client_rules_scheme(const dc_client_rules *r, size_t i)
{
    return &r->schemes[i];
}

const char *dc_client_rules_schemes_text(const dc_client_rules *r)
{
    return r->schemes_text;
}

dc_retry_stat_params dc_client_rules_stat_params(const dc_client_rules *r)
{
    const dc_client_limits *l = &r->limits;
    dc_retry_stat_params p = {
        .alpha = 1.0 / (double)l->false_alarm_one_in,
        .noise_us = l->measuring_noise_ms * 1000,
        .noise_excess = (double)l->noise_excess_percent / 100.0,
        .immediate_us = l->immediate_retry_ms * 1000,
        .tolerance_us = l->backoff_tolerance_ms * 1000,
        .growth_factor = (double)l->growth_factor_percent / 100.0,
        .same_ratio = (double)l->same_delay_percent / 100.0,
    };
    return p;
}

const dc_code_list *dc_client_rules_codes(const dc_client_rules *r, dc_retryable_class c)
{
    return &r->classes[c];
}

const char *dc_severity_name(dc_severity s)
{
    switch (s) {
    case DC_SEVERITY_FAILURE: return "failure";
    case DC_SEVERITY_WARNING: return "warning";
    case DC_SEVERITY_INFO: return "info";
    }
    return "?";
}

const char *dc_crule_name(dc_crule_id id)
{
    return (unsigned)id < DC_CRULE_COUNT ? s_names[id] : "?";
}
