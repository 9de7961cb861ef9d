/* pace.c - reads a pace profile (see pace.h). */
#include "spec/pace.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"

#define S_MAX_FILE (1u << 20)

/* The number at obj.key.typical (or obj.key itself when it is a number). */
static int s_number(const dc_json *obj, const char *key, const char *where, double min, double max, double *out,
                    dc_err *err)
{
    const dc_json *v = dc_json_get(obj, key);
    if (v != NULL && dc_json_is_object(v))
        v = dc_json_get(v, "typical");
    if (v == NULL || !dc_json_is_number(v) || !(v->num >= min && v->num <= max))
        return dc_fail(err, "%s: %s: expected a number between %g and %g", where, key, min, max);
    *out = v->num;
    return 0;
}

/* A duration in seconds (the file's unit) as milliseconds. */
static int s_ms(const dc_json *obj, const char *key, const char *where, int64_t *out, dc_err *err)
{
    double d;
    if (s_number(obj, key, where, 0, 86400, &d, err) != 0)
        return -1;
    *out = (int64_t)llround(d * 1000.0);
    return 0;
}

static int s_durations(const dc_json *d, const char *file, dc_pace *p, dc_err *err)
{
    char where[1200];
    snprintf(where, sizeof where, "%s: durations", file);
    if (d == NULL || !dc_json_is_object(d))
        return dc_fail(err, "%s: expected an object", where);
    return s_ms(d, "tableCreate", where, &p->table_create_ms, err) != 0 ||
                   s_ms(d, "tableDelete", where, &p->table_delete_ms, err) != 0 ||
                   s_ms(d, "backupCreate", where, &p->backup_create_ms, err) != 0 ||
                   s_ms(d, "restore", where, &p->restore_ms, err) != 0 ||
                   s_ms(d, "restorePerThousandItems", where, &p->restore_ms_per_kitem, err) != 0 ||
                   s_ms(d, "pitrEnable", where, &p->backups_enabling_ms, err) != 0 ||
                   s_ms(d, "pitrLag", where, &p->pitr_lag_ms, err) != 0
               ? -1
               : 0;
}

static int s_rates(const dc_json *r, const char *file, dc_pace *p, dc_err *err)
{
    if (r == NULL || !dc_json_is_object(r))
        return dc_fail(err, "%s: ratesPerSecond: expected an object", file);
    for (size_t i = 0; i < r->count; i++) {
        const dc_json *e = &r->items[i];
        char where[1200];
        snprintf(where, sizeof where, "%s: ratesPerSecond.%s", file, e->key);
        if (!dc_json_is_object(e) || strlen(e->key) >= DC_PACE_MAX_OP)
            return dc_fail(err, "%s: expected an object under an operation name", where);
        if (p->nrates == DC_PACE_MAX_RATES)
            return dc_fail(err, "%s: more than %d rates", file, DC_PACE_MAX_RATES);
        dc_pace_rate *pr = &p->rates[p->nrates];
        memcpy(pr->op, e->key, strlen(e->key) + 1);
        if (s_number(e, "rate", where, 0.001, 1e6, &pr->per_second, err) != 0)
            return -1;
        pr->burst = pr->per_second < 1 ? 1 : pr->per_second; /* one second of tokens unless said */
        if (dc_json_get(e, "burst") != NULL && s_number(e, "burst", where, 1, 1e6, &pr->burst, err) != 0)
            return -1;
        p->nrates++;
    }
    return 0;
}

static int s_limits_and_client(const dc_json *root, const char *file, dc_pace *p, dc_err *err)
{
    char where[1200];
    const dc_json *l = dc_json_get(root, "concurrency"), *c = dc_json_get(root, "client");
    if (l == NULL || !dc_json_is_object(l) || c == NULL || !dc_json_is_object(c))
        return dc_fail(err, "%s: expected objects \"concurrency\" and \"client\"", file);
    const dc_json *rs = dc_json_get(l, "restores"), *to = dc_json_get(l, "tableOperations");
    const dc_json *rl = rs != NULL ? dc_json_get(rs, "limit") : NULL,
                  *tl = to != NULL ? dc_json_get(to, "limit") : NULL;
    if (rl == NULL || !dc_json_is_number(rl) || !(rl->num >= 1 && rl->num <= 1e6) || tl == NULL ||
        !dc_json_is_number(tl) || !(tl->num >= 1 && tl->num <= 1e6))
        return dc_fail(err, "%s: concurrency: expected restores.limit and tableOperations.limit, numbers >= 1", file);
    p->concurrent_restores = (unsigned)rl->num;
    p->concurrent_table_ops = (unsigned)tl->num;
    double share, attempts;
    snprintf(where, sizeof where, "%s: client", file);
    if (s_ms(c, "waiterInterval", where, &p->waiter_interval_ms, err) != 0 ||
        s_number(c, "rateShare", where, 0.01, 1, &share, err) != 0 ||
        s_ms(c, "throttleBackoff", where, &p->backoff_ms, err) != 0 ||
        s_ms(c, "throttleBackoffMax", where, &p->backoff_max_ms, err) != 0 ||
        s_number(c, "throttleMaxAttempts", where, 1, 100, &attempts, err) != 0)
        return -1;
    p->rate_share = share;
    p->max_attempts = (unsigned)attempts;
    return 0;
}

/* NAME[:SCALE] -> the file to read and the scale. */
static int s_split_arg(const char *data_dir, const char *arg, char *path, size_t path_size, char *name,
                       size_t name_size, double *scale, dc_err *err)
{
    const char *colon = strrchr(arg, ':');
    size_t len = colon != NULL ? (size_t)(colon - arg) : strlen(arg);
    *scale = 1.0;
    if (colon != NULL) {
        char *end = NULL;
        double s = strtod(colon + 1, &end);
        if (colon[1] == '\0' || *end != '\0' || !(s >= DC_PACE_SCALE_MIN && s <= DC_PACE_SCALE_MAX))
            return dc_fail(err, "--pace %s: SCALE expected a number between %g and %g (0.05: 20 times faster)", arg,
                           DC_PACE_SCALE_MIN, DC_PACE_SCALE_MAX);
        *scale = s;
    }
    if (len == 0 || len >= name_size)
        return dc_fail(err, "--pace %s: expected NAME[:SCALE] (e.g. aws, aws:0.05) or FILE.json[:SCALE]", arg);
    memcpy(name, arg, len);
    name[len] = '\0';
    bool is_file = strchr(name, '/') != NULL || (len > 5 && strcmp(name + len - 5, ".json") == 0);
    if (!is_file && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") != len)
        return dc_fail(err, "--pace %s: a profile name is lower-case letters, digits and '-' (e.g. aws)", arg);
    int n = is_file ? snprintf(path, path_size, "%s", name)
                    : snprintf(path, path_size, "%s/spec/pace-%s.json", data_dir, name);
    if (n < 0 || (size_t)n >= path_size)
        return dc_fail(err, "--pace %s: path too long", arg);
    return 0;
}

int dc_pace_load(const char *data_dir, const char *arg, dc_pace *out, dc_err *err)
{
    memset(out, 0, sizeof *out);
    char path[1024], name[512];
    if (s_split_arg(data_dir, arg, path, sizeof path, name, sizeof name, &out->scale, err) != 0)
        return -1;
    dc_json_doc doc;
    char label[1200];
    snprintf(label, sizeof label, "--pace %s", name);
    if (dc_json_load_file(path, label, S_MAX_FILE, &doc, err) != 0)
        return -1;
    int rc = -1;
    const dc_json *root = doc.root;
    if (!dc_json_is_object(root) || doc.duplicate_keys > 0) {
        dc_fail(err, "%s: expected one object without duplicate keys", path);
        goto done;
    }
    snprintf(out->name, sizeof out->name, "%s", name);
    if (s_durations(dc_json_get(root, "durations"), path, out, err) != 0 ||
        s_rates(dc_json_get(root, "ratesPerSecond"), path, out, err) != 0 ||
        s_limits_and_client(root, path, out, err) != 0)
        goto done;
    rc = 0;
done:
    dc_json_doc_free(&doc);
    return rc;
}

int64_t dc_pace_ms(const dc_pace *p, int64_t real_ms)
{
    double v = (double)real_ms * p->scale;
    return v <= 0 ? 0 : (int64_t)llround(v);
}

const dc_pace_rate *dc_pace_rate_of(const dc_pace *p, const char *op)
{
    for (size_t i = 0; i < p->nrates; i++)
        if (strcmp(p->rates[i].op, op) == 0)
            return &p->rates[i];
    return NULL;
}
