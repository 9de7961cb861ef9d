/* model.c - tables, items, backups, restores and PITR over a virtual clock.
 *
 * Facts used (the repo copy is tests/data/serve-facts.md): §4.1-§4.6 for the
 * lifecycle rules. Every error text is a spec/messages.json entry, named by id
 * (each entry carries its source); the error is the entry's type. Times are
 * epoch ms (int64) inside; the wire form is Java-double epoch seconds
 * (core/javafmt.h). */
#include "endpoint/model.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arn.h"
#include "core/javafmt.h"

#define S_DAY_MS ((int64_t)86400000)

/* ---------------------------------------------------------------- data */

typedef struct {
    char *name;
    char *key_schema; /* JSON array text as given */
    char *projection; /* JSON object text as given */
    bool has_pt;
    int64_t rcu, wcu;
    char *ondemand; /* JSON object text or NULL */
} s_index;

/* What a table is made of; a backup records one and a restore rebuilds from it. */
typedef struct {
    char *key_schema; /* JSON array text */
    char *attr_defs;  /* JSON array text */
    char *hash_key, *range_key;
    s_index *gsis;
    size_t ngsis;
    bool has_gsis; /* the table was created with a GlobalSecondaryIndexes member */
    s_index *lsis;
    size_t nlsis;
    bool pay_per_request;
    int64_t rcu, wcu;
    char *ondemand; /* JSON object text or NULL */
    bool sse;
    char *kms_arn;
    char *stream; /* StreamSpecification JSON text or NULL */
} s_def;

typedef struct {
    int64_t t_ms;
    char *key;  /* canonical key text */
    char *item; /* JSON object text; NULL = deleted */
} s_write;

typedef struct {
    char *name, *arn;
    char id[37];
    char account[13]; /* the owner: the caller that created it; other accounts do not see it */
    int64_t created_ms, active_at_ms;
    bool deleting;
    int64_t gone_at_ms;
    s_def def;
    bool is_restore;
    char *restore_backup_arn; /* NULL for PITR restores */
    char *restore_source_arn;
    int64_t restore_time_ms;
    bool pitr;
    int64_t pitr_enabled_ms;    /* EarliestRestorableDateTime after enable: the enable time at whole seconds */
    int64_t pitr_enabled_at_ms; /* the enable call itself: a restore to [pitr_enabled_ms, this] sees its state */
    int recovery_days;
    s_write *writes;
    size_t nwrites, capwrites;
} s_table;

typedef struct s_backup {
    char *arn, *name;
    char account[13]; /* the source table's owner, as in the ARN */
    bool system;
    int64_t created_ms, available_at_ms, expiry_ms;
    char *table_name, *table_arn;
    char table_id[37];
    int64_t table_created_ms;
    s_def def;
    s_write *items; /* snapshot: the live items at backup time */
    size_t nitems;
    /* ListBackups' summary without its BackupStatus (the only member that
     * changes with time): summary[0, status_at) "<status>" summary[status_at..] */
    char *summary;
    size_t status_at, summary_len;
    uint64_t arn_hash;         /* s_arn_hash(arn): the ARN index's bucket */
    struct s_backup *arn_next; /* next backup of the same bucket */
} s_backup;

struct dc_model {
    dc_model_options opt;
    char *region, *account;
    char caller[13]; /* the account the current call runs as (dc_model_set_caller); default account */
    dc_vclock *clock;
    uint64_t rng;
    s_table **tables;
    size_t ntables;
    s_backup **backups; /* sorted by (created_ms, arn): ListBackups order and cursor order */
    size_t nbackups;
    /* the same backups by s_arn_hash of their ARN (chained through arn_next):
     * DescribeBackup & co. of an unknown ARN stop scanning all of them */
    s_backup **arn_buckets;
    size_t narn_buckets; /* 0 or a power of two */
    int64_t now;         /* read once per operation */
};

typedef enum { S_CREATING, S_ACTIVE, S_DELETING } s_status;
static const char *const s_status_names[] = {"CREATING", "ACTIVE", "DELETING"};

/* ------------------------------------------------------------ JSON writer */

/* The service writes the members of every object in code-point order of their
 * names, error bodies included (addendum N1: 20 CRC-verified real bodies match
 * only so). The writers below emit members in that order by hand, which costs
 * nothing per answer; tests/unit/test_model.c parses every answer of a full
 * scenario and fails on a member out of order. */

/* A comma goes before a member or element unless it is the first in its
 * container, which the previous byte tells. */
static void s_sep(dc_buf *b)
{
    if (b->len > 0) {
        char last = (char)b->data[b->len - 1];
        if (last != '{' && last != '[' && last != ':')
            dc_buf_putc(b, ',');
    }
}

/* A JSON string in three appends when nothing needs escaping (member names,
 * ARNs, ids and names nearly always): dc_buf_put_json_string appends byte by
 * byte, and a ListBackups answer writes 100 summaries. Same bytes either way. */
static void s_put_string(dc_buf *b, const char *v)
{
    size_t n = strlen(v);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c < 0x20 || c == '"' || c == '\\') {
            dc_buf_put_json_string(b, v, n);
            return;
        }
    }
    dc_buf_reserve(b, n + 2);
    dc_buf_putc(b, '"');
    dc_buf_append(b, v, n);
    dc_buf_putc(b, '"');
}

/* s_member_<kind>(b, key, value) writes one "key":value member of an object,
 * with the comma before it when needed; s_member_json writes a value that is
 * JSON text already (a key schema kept as given). */
static void s_member_key(dc_buf *b, const char *k)
{
    s_sep(b);
    s_put_string(b, k);
    dc_buf_putc(b, ':');
}

static void s_member_string(dc_buf *b, const char *k, const char *v)
{
    s_member_key(b, k);
    s_put_string(b, v);
}

static void s_member_int(dc_buf *b, const char *k, int64_t v)
{
    s_member_key(b, k);
    /* the text of "%" PRId64 without a vsnprintf sizing pass per number */
    char digits[24];
    size_t n = 0;
    uint64_t u = v < 0 ? 0u - (uint64_t)v : (uint64_t)v;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    if (v < 0)
        digits[sizeof digits - 1 - n++] = '-';
    dc_buf_append(b, digits + sizeof digits - n, n);
}

static void s_member_bool(dc_buf *b, const char *k, bool v)
{
    s_member_key(b, k);
    dc_buf_puts(b, v ? "true" : "false");
}

static void s_member_time(dc_buf *b, const char *k, int64_t ms)
{
    char t[DC_JAVA_DOUBLE_MAX];
    dc_java_time_ms(ms, t);
    s_member_key(b, k);
    dc_buf_puts(b, t);
}

static void s_member_json(dc_buf *b, const char *k, const char *json)
{
    s_member_key(b, k);
    dc_buf_puts(b, json);
}

/* ------------------------------------------------------------- helpers */

static const char *s_str(const dc_json *obj, const char *k)
{
    return dc_json_string(dc_json_get(obj, k));
}

/* JSON the model keeps from a request (key schemas, projections, items) is
 * kept with its members in code-point order: it goes back out as it is, and
 * the service's bodies are sorted at every level (addendum N1). */
static char *s_print(const dc_json *v)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_json_print_sorted(v, &b);
    return dc_buf_take(&b);
}

static bool s_int(const dc_json *obj, const char *k, int64_t *out)
{
    const dc_json *v = dc_json_get(obj, k);
    return v != NULL && dc_json_int64(v, out) == DC_INT_OK;
}

/* A request timestamp (epoch seconds, any JSON number) to ms. */
static bool s_time_ms(const dc_json *obj, const char *k, int64_t *out)
{
    const dc_json *v = dc_json_get(obj, k);
    if (!dc_json_is_number(v) || !isfinite(v->num) || fabs(v->num) > 1e14)
        return false;
    *out = (int64_t)llround(v->num * 1000.0);
    return true;
}

static char *s_strdup_or_null(const char *s)
{
    return s ? dc_xstrdup(s) : NULL;
}

static uint64_t s_rand(dc_model *m)
{
    uint64_t z = (m->rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void s_uuid(dc_model *m, char out[37])
{
    uint64_t a = s_rand(m), b = s_rand(m);
    snprintf(out, 37, "%08x-%04x-%04x-%04x-%012" PRIx64, (unsigned)(a >> 32), (unsigned)((a >> 16) & 0xffff),
             (unsigned)((a & 0x0fff) | 0x4000), (unsigned)(((b >> 48) & 0x3fff) | 0x8000),
             (uint64_t)(b & 0xffffffffffffull));
}

/* Fails the operation with spec/messages.json entry id, its {placeholders}
 * filled from the NULL-terminated (name, value) pairs; the error is the
 * entry's type. An id missing from the spec is a broken installation, said as
 * such rather than answered with an invented text. */
static void s_fail(const dc_model *m, dc_model_result *out, const char *id, ...)
{
    dc_buf b;
    dc_buf_init(&b);
    va_list ap;
    va_start(ap, id);
    int rc = dc_spec_message_vformat(m->opt.spec, id, &b, ap);
    va_end(ap);
    out->error = dc_spec_message_type(m->opt.spec, id);
    if (rc != 0 || out->error == NULL) {
        dc_buf_reset(&b);
        dc_buf_printf(&b, "ddbconform: spec/messages.json has no entry '%s'", id);
        out->error = "InternalServerError";
    }
    out->message = dc_buf_take(&b);
}

/* The validation core's answer to one missing required member (one clause
 * of constraint-not-null after validation-prefix-one), for a request the core
 * let through (model.h). */
static void s_fail_not_null(const dc_model *m, dc_model_result *out, const char *path)
{
    const dc_spec *spec = m->opt.spec;
    const char *constraint = dc_spec_message(spec, DC_MSG_ID("constraint-not-null"));
    dc_buf b;
    dc_buf_init(&b);
    if (constraint == NULL || dc_spec_message_format(spec, DC_MSG_ID("validation-prefix-one"), &b, NULL) != 0 ||
        dc_spec_message_format(spec, DC_MSG_ID("validation-clause"), &b, "value", "null", "path", path, "constraint",
                               constraint, NULL) != 0) {
        dc_buf_free(&b);
        s_fail(m, out, DC_MSG_ID("constraint-not-null"), NULL);
        return;
    }
    out->error = dc_spec_message_type(spec, DC_MSG_ID("validation-clause"));
    out->message = dc_buf_take(&b);
}

/* A number as a placeholder value. */
typedef struct {
    char text[24];
} s_num;

static s_num s_number(int64_t v)
{
    s_num n;
    snprintf(n.text, sizeof n.text, "%" PRId64, v);
    return n;
}

/* TableName members accept a table ARN since 2024-03 (facts §2.5): the name is
 * the resource after "table/". Returns a malloc'd name. */
static char *s_table_name_of(const char *name_or_arn)
{
    if (strncmp(name_or_arn, "arn:", 4) == 0) {
        const char *t = strstr(name_or_arn, ":table/");
        if (t != NULL) {
            t += 7;
            const char *end = strchr(t, '/');
            return end ? dc_xstrndup(t, (size_t)(end - t)) : dc_xstrdup(t);
        }
    }
    return dc_xstrdup(name_or_arn);
}

/* Backup ARNs match ignoring the region field (facts §4.1: Describe/Delete
 * echo the endpoint's ARN back). */
static bool s_arn_eq_ignoring_region(const char *a, const char *b)
{
    const char *pa = a, *pb = b;
    for (int field = 0; field < 3; field++) { /* arn:partition:service: */
        const char *ca = strchr(pa, ':'), *cb = strchr(pb, ':');
        if (!ca || !cb || ca - pa != cb - pb || memcmp(pa, pb, (size_t)(ca - pa)) != 0)
            return false;
        pa = ca + 1;
        pb = cb + 1;
    }
    pa = strchr(pa, ':');
    pb = strchr(pb, ':');
    return pa && pb && strcmp(pa, pb) == 0;
}

/* FNV-1a over len bytes of p, continuing h. */
static uint64_t s_fnv(uint64_t h, const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        h ^= (uint8_t)p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/* A hash of arn that skips its region field as s_arn_eq_ignoring_region does
 * (the bytes through the third ':' and from the fourth on), so ARNs it calls
 * equal hash alike. false when arn has fewer than four ':' (it equals none). */
static bool s_arn_hash(const char *arn, uint64_t *out)
{
    const char *p = arn;
    for (int field = 0; field < 3; field++) {
        p = strchr(p, ':');
        if (p == NULL)
            return false;
        p++;
    }
    const char *rest = strchr(p, ':');
    if (rest == NULL)
        return false;
    *out = s_fnv(s_fnv(0xcbf29ce484222325ull, arn, (size_t)(p - arn)), rest, strlen(rest));
    return true;
}

/* An ARN (core/arn.h) whose account is not account; an ARN that does not
 * parse says nothing, as in the validation core's rules (the safety nets below
 * then leave it to the lookup). */
static bool s_arn_account_other(const char *arn, const char *account)
{
    dc_arn a;
    return dc_arn_parse(arn, strlen(arn), &a) == 0 && strcmp(a.account, account) != 0;
}

/* The same for the region. */
static bool s_arn_region_other(const char *arn, const char *region)
{
    dc_arn a;
    return dc_arn_parse(arn, strlen(arn), &a) == 0 && strcmp(a.region, region) != 0;
}

/* 14-digit creation ms from ".../backup/01576616366715-b4e58d3a", or -1. */
static int64_t s_arn_ms(const char *arn)
{
    const char *p = strstr(arn, "/backup/");
    if (p == NULL)
        return -1;
    p += 8;
    int64_t v = 0;
    for (int i = 0; i < 14; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* ------------------------------------------------------------ defs */

static void s_index_free(s_index *x)
{
    free(x->name);
    free(x->key_schema);
    free(x->projection);
    free(x->ondemand);
}

static void s_def_free(s_def *d)
{
    free(d->key_schema);
    free(d->attr_defs);
    free(d->hash_key);
    free(d->range_key);
    for (size_t i = 0; i < d->ngsis; i++)
        s_index_free(&d->gsis[i]);
    free(d->gsis);
    for (size_t i = 0; i < d->nlsis; i++)
        s_index_free(&d->lsis[i]);
    free(d->lsis);
    free(d->ondemand);
    free(d->kms_arn);
    free(d->stream);
    memset(d, 0, sizeof *d);
}

static void s_index_copy(s_index *dst, const s_index *src)
{
    dst->name = dc_xstrdup(src->name);
    dst->key_schema = dc_xstrdup(src->key_schema);
    dst->projection = dc_xstrdup(src->projection);
    dst->has_pt = src->has_pt;
    dst->rcu = src->rcu;
    dst->wcu = src->wcu;
    dst->ondemand = s_strdup_or_null(src->ondemand);
}

static void s_def_copy(s_def *dst, const s_def *src)
{
    memset(dst, 0, sizeof *dst);
    dst->key_schema = dc_xstrdup(src->key_schema);
    dst->attr_defs = dc_xstrdup(src->attr_defs);
    dst->hash_key = dc_xstrdup(src->hash_key);
    dst->range_key = s_strdup_or_null(src->range_key);
    dst->ngsis = src->ngsis;
    dst->has_gsis = src->has_gsis;
    dst->gsis = dc_xcalloc(src->ngsis, sizeof *dst->gsis);
    for (size_t i = 0; i < src->ngsis; i++)
        s_index_copy(&dst->gsis[i], &src->gsis[i]);
    dst->nlsis = src->nlsis;
    dst->lsis = dc_xcalloc(src->nlsis, sizeof *dst->lsis);
    for (size_t i = 0; i < src->nlsis; i++)
        s_index_copy(&dst->lsis[i], &src->lsis[i]);
    dst->pay_per_request = src->pay_per_request;
    dst->rcu = src->rcu;
    dst->wcu = src->wcu;
    dst->ondemand = s_strdup_or_null(src->ondemand);
    dst->sse = src->sse;
    dst->kms_arn = s_strdup_or_null(src->kms_arn);
    dst->stream = s_strdup_or_null(src->stream);
}

static char *s_kms_arn(dc_model *m, const char *key_id)
{
    dc_buf b;
    dc_buf_init(&b);
    if (key_id != NULL && strncmp(key_id, "arn:", 4) == 0)
        dc_buf_puts(&b, key_id);
    else
        /* the AWS managed key: a fixed id per model so descriptions are stable */
        dc_buf_printf(&b, "arn:aws:kms:%s:%s:key/%s", m->region, m->caller,
                      key_id ? key_id : "00000000-0000-4000-8000-00000000d0db");
    return dc_buf_take(&b);
}

static void s_apply_sse(dc_model *m, s_def *d, const dc_json *spec)
{
    free(d->kms_arn);
    d->kms_arn = NULL;
    d->sse = false;
    const dc_json *en = dc_json_get(spec, "Enabled");
    if (en != NULL && en->type == DC_JSON_TRUE) {
        d->sse = true;
        d->kms_arn = s_kms_arn(m, s_str(spec, "KMSMasterKeyId"));
    }
}

/* Reads the {ReadCapacityUnits, WriteCapacityUnits} pair. */
static bool s_pt(const dc_json *pt, int64_t *rcu, int64_t *wcu)
{
    return dc_json_is_object(pt) && s_int(pt, "ReadCapacityUnits", rcu) && s_int(pt, "WriteCapacityUnits", wcu);
}

static int s_index_from_json(s_index *x, const dc_json *j)
{
    const char *name = s_str(j, "IndexName");
    const dc_json *ks = dc_json_get(j, "KeySchema"), *pr = dc_json_get(j, "Projection");
    if (name == NULL || !dc_json_is_array(ks) || !dc_json_is_object(pr))
        return -1;
    x->name = dc_xstrdup(name);
    x->key_schema = s_print(ks);
    x->projection = s_print(pr);
    x->has_pt = s_pt(dc_json_get(j, "ProvisionedThroughput"), &x->rcu, &x->wcu);
    const dc_json *od = dc_json_get(j, "OnDemandThroughput");
    x->ondemand = dc_json_is_object(od) ? s_print(od) : NULL;
    return 0;
}

/* CreateTable's request -> def. false (and out failed) when the request
 * cannot make a table. */
static bool s_def_from_create(dc_model *m, s_def *d, const dc_json *req, dc_model_result *out)
{
    memset(d, 0, sizeof *d);
    const dc_json *ks = dc_json_get(req, "KeySchema");
    if (!dc_json_is_array(ks) || ks->count == 0) {
        s_fail_not_null(m, out, "keySchema");
        return false;
    }
    for (size_t i = 0; i < ks->count; i++) {
        const char *an = s_str(&ks->items[i], "AttributeName"), *kt = s_str(&ks->items[i], "KeyType");
        if (an == NULL || kt == NULL)
            continue;
        if (strcmp(kt, "HASH") == 0 && d->hash_key == NULL)
            d->hash_key = dc_xstrdup(an);
        else if (strcmp(kt, "RANGE") == 0 && d->range_key == NULL)
            d->range_key = dc_xstrdup(an);
    }
    if (d->hash_key == NULL) {
        s_fail(m, out, DC_MSG_ID("create-table-first-key-not-hash"), NULL);
        return false;
    }
    d->key_schema = s_print(ks);
    const dc_json *ad = dc_json_get(req, "AttributeDefinitions");
    d->attr_defs = dc_json_is_array(ad) ? s_print(ad) : dc_xstrdup("[]");
    const char *bm = s_str(req, "BillingMode");
    d->pay_per_request = bm != NULL && strcmp(bm, "PAY_PER_REQUEST") == 0;
    if (!d->pay_per_request && !s_pt(dc_json_get(req, "ProvisionedThroughput"), &d->rcu, &d->wcu)) {
        s_fail(m, out, DC_MSG_ID("create-table-provisioned-needs-throughput"), NULL);
        return false;
    }
    const dc_json *gs = dc_json_get(req, "GlobalSecondaryIndexes");
    if (dc_json_is_array(gs)) {
        d->has_gsis = true;
        d->gsis = dc_xcalloc(gs->count, sizeof *d->gsis);
        for (size_t i = 0; i < gs->count; i++, d->ngsis++)
            if (s_index_from_json(&d->gsis[i], &gs->items[i]) != 0) {
                s_fail(m, out, DC_MSG_ID("create-table-index-malformed"), "member", "GlobalSecondaryIndexes", NULL);
                return false;
            }
    }
    const dc_json *ls = dc_json_get(req, "LocalSecondaryIndexes");
    if (dc_json_is_array(ls)) {
        d->lsis = dc_xcalloc(ls->count, sizeof *d->lsis);
        for (size_t i = 0; i < ls->count; i++, d->nlsis++)
            if (s_index_from_json(&d->lsis[i], &ls->items[i]) != 0) {
                s_fail(m, out, DC_MSG_ID("create-table-index-malformed"), "member", "LocalSecondaryIndexes", NULL);
                return false;
            }
    }
    const dc_json *od = dc_json_get(req, "OnDemandThroughput");
    d->ondemand = dc_json_is_object(od) ? s_print(od) : NULL;
    const dc_json *sse = dc_json_get(req, "SSESpecification");
    if (dc_json_is_object(sse))
        s_apply_sse(m, d, sse);
    const dc_json *st = dc_json_get(req, "StreamSpecification");
    if (dc_json_is_object(st) && dc_json_get(st, "StreamEnabled") != NULL &&
        dc_json_get(st, "StreamEnabled")->type == DC_JSON_TRUE)
        d->stream = s_print(st);
    return true;
}

/* ------------------------------------------------------------ tables */

static s_status s_table_status(const dc_model *m, const s_table *t)
{
    if (t->deleting)
        return S_DELETING;
    return m->now < t->active_at_ms ? S_CREATING : S_ACTIVE;
}

static void s_table_free(s_table *t)
{
    if (t == NULL)
        return;
    free(t->name);
    free(t->arn);
    s_def_free(&t->def);
    free(t->restore_backup_arn);
    free(t->restore_source_arn);
    for (size_t i = 0; i < t->nwrites; i++) {
        free(t->writes[i].key);
        free(t->writes[i].item);
    }
    free(t->writes);
    free(t);
}

/* Table names are per account: the caller sees only its own tables. */
static s_table *s_find_table(dc_model *m, const char *name)
{
    for (size_t i = 0; i < m->ntables; i++)
        if (strcmp(m->tables[i]->name, name) == 0 && strcmp(m->tables[i]->account, m->caller) == 0)
            return m->tables[i];
    return NULL;
}

static s_table *s_new_table(dc_model *m, const char *name, s_def *def_moved, int64_t ready_ms)
{
    s_table *t = dc_xcalloc(1, sizeof *t);
    t->name = dc_xstrdup(name);
    memcpy(t->account, m->caller, sizeof t->account);
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_printf(&b, "arn:aws:dynamodb:%s:%s:table/%s", m->region, t->account, name);
    t->arn = dc_buf_take(&b);
    s_uuid(m, t->id);
    t->created_ms = m->now;
    t->active_at_ms = m->now + ready_ms;
    t->def = *def_moved;
    memset(def_moved, 0, sizeof *def_moved);
    m->tables = dc_xrealloc(m->tables, (m->ntables + 1) * sizeof *m->tables);
    m->tables[m->ntables++] = t;
    return t;
}

static void s_add_write(s_table *t, int64_t at, const char *key, const char *item)
{
    if (t->nwrites == t->capwrites) {
        t->capwrites = t->capwrites ? t->capwrites * 2 : 16;
        t->writes = dc_xrealloc(t->writes, t->capwrites * sizeof *t->writes);
    }
    t->writes[t->nwrites].t_ms = at;
    t->writes[t->nwrites].key = dc_xstrdup(key);
    t->writes[t->nwrites].item = s_strdup_or_null(item);
    t->nwrites++;
}

typedef struct {
    const s_write *w;
    size_t idx;
} s_wref;

static int s_wref_cmp(const void *a, const void *b)
{
    const s_wref *x = a, *y = b;
    int c = strcmp(x->w->key, y->w->key);
    if (c != 0)
        return c;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* The live items as of time at: the last write per key at or before at.
 * Returns an owned array of borrowed pointers, sorted by key (Scan order). */
static const s_write **s_items_at(const s_table *t, int64_t at, size_t *n)
{
    s_wref *refs = dc_xcalloc(t->nwrites, sizeof *refs);
    size_t nr = 0;
    for (size_t i = 0; i < t->nwrites; i++)
        if (t->writes[i].t_ms <= at)
            refs[nr++] = (s_wref){&t->writes[i], i};
    qsort(refs, nr, sizeof *refs, s_wref_cmp);
    const s_write **out = dc_xcalloc(nr, sizeof *out);
    size_t no = 0;
    for (size_t i = 0; i < nr; i++) {
        bool last_of_key = i + 1 == nr || strcmp(refs[i].w->key, refs[i + 1].w->key) != 0;
        if (last_of_key && refs[i].w->item != NULL)
            out[no++] = refs[i].w;
    }
    free(refs);
    *n = no;
    return out;
}

/* Canonical key text of an item or Key object; NULL when a key attribute is missing. */
static char *s_item_key(const s_def *d, const dc_json *obj, const char **missing)
{
    const dc_json *h = dc_json_get(obj, d->hash_key);
    if (!dc_json_is_object(h)) {
        *missing = d->hash_key;
        return NULL;
    }
    dc_buf b;
    dc_buf_init(&b);
    dc_json_print(h, &b);
    if (d->range_key != NULL) {
        const dc_json *r = dc_json_get(obj, d->range_key);
        if (!dc_json_is_object(r)) {
            dc_buf_free(&b);
            *missing = d->range_key;
            return NULL;
        }
        dc_buf_putc(&b, '\x1f');
        dc_json_print(r, &b);
    }
    return dc_buf_take(&b);
}

/* ------------------------------------------------------- descriptions */

static void s_put_pt(dc_buf *b, const char *k, int64_t rcu, int64_t wcu, bool full)
{
    s_member_key(b, k);
    dc_buf_putc(b, '{');
    if (full)
        s_member_int(b, "NumberOfDecreasesToday", 0);
    s_member_int(b, "ReadCapacityUnits", rcu);
    s_member_int(b, "WriteCapacityUnits", wcu);
    dc_buf_putc(b, '}');
}

static void s_put_sse(dc_buf *b, const s_def *d)
{
    s_member_key(b, "SSEDescription");
    dc_buf_putc(b, '{');
    s_member_string(b, "KMSMasterKeyArn", d->kms_arn ? d->kms_arn : "");
    s_member_string(b, "SSEType", "KMS");
    s_member_string(b, "Status", "ENABLED");
    dc_buf_putc(b, '}');
}

/* One index list of a table (gsi: GlobalSecondaryIndexes, else
 * LocalSecondaryIndexes; nothing when empty): with table_arn, as
 * TableDescription shows them (*IndexDescription: status, sizes, ARN); without,
 * as a backup recorded them in SourceTableFeatureDetails (*IndexInfo, facts
 * §4.1). Members in code-point order. */
static void s_put_index_list(dc_buf *b, const s_def *d, bool gsi, const char *table_arn, s_status st)
{
    bool full = table_arn != NULL;
    size_t n = gsi ? d->ngsis : d->nlsis;
    if (n == 0)
        return;
    s_member_key(b, gsi ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
    dc_buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        const s_index *x = gsi ? &d->gsis[i] : &d->lsis[i];
        s_sep(b);
        dc_buf_putc(b, '{');
        if (full) {
            s_member_key(b, "IndexArn");
            dc_buf_printf(b, "\"%s/index/%s\"", table_arn, x->name);
        }
        s_member_string(b, "IndexName", x->name);
        if (full)
            s_member_int(b, "IndexSizeBytes", 0);
        if (gsi && full)
            s_member_string(b, "IndexStatus", st == S_CREATING ? "CREATING" : "ACTIVE");
        if (full)
            s_member_int(b, "ItemCount", 0);
        s_member_json(b, "KeySchema", x->key_schema);
        if (gsi && x->ondemand)
            s_member_json(b, "OnDemandThroughput", x->ondemand);
        s_member_json(b, "Projection", x->projection);
        if (gsi)
            s_put_pt(b, "ProvisionedThroughput", d->pay_per_request || !x->has_pt ? 0 : x->rcu,
                     d->pay_per_request || !x->has_pt ? 0 : x->wcu, full);
        dc_buf_putc(b, '}');
    }
    dc_buf_putc(b, ']');
}

/* TableDescription as DescribeTable/CreateTable/restores show it. */
static void s_put_table_desc(dc_model *m, dc_buf *b, const s_table *t, s_status st)
{
    (void)m;
    const s_def *d = &t->def;
    /* members in code-point order; sizes and counts are lagging statistics on
     * the real service (facts §4.1) */
    dc_buf_putc(b, '{');
    s_member_json(b, "AttributeDefinitions", d->attr_defs);
    s_member_key(b, "BillingModeSummary");
    dc_buf_putc(b, '{');
    s_member_string(b, "BillingMode", d->pay_per_request ? "PAY_PER_REQUEST" : "PROVISIONED");
    dc_buf_putc(b, '}');
    s_member_time(b, "CreationDateTime", t->created_ms);
    s_member_bool(b, "DeletionProtectionEnabled", false);
    s_put_index_list(b, d, true, t->arn, st);
    s_member_int(b, "ItemCount", 0);
    s_member_json(b, "KeySchema", d->key_schema);
    if (d->stream) {
        s_member_key(b, "LatestStreamArn");
        dc_buf_printf(b, "\"%s/stream/2020-01-01T00:00:00.000\"", t->arn);
        s_member_key(b, "LatestStreamLabel");
        dc_buf_puts(b, "\"2020-01-01T00:00:00.000\"");
    }
    s_put_index_list(b, d, false, t->arn, st);
    if (d->ondemand)
        s_member_json(b, "OnDemandThroughput", d->ondemand);
    s_put_pt(b, "ProvisionedThroughput", d->pay_per_request ? 0 : d->rcu, d->pay_per_request ? 0 : d->wcu, true);
    if (t->is_restore && st == S_CREATING) {
        /* present only while the restore runs (facts §4.4, AQ 216) */
        s_member_key(b, "RestoreSummary");
        dc_buf_putc(b, '{');
        s_member_time(b, "RestoreDateTime", t->restore_time_ms);
        s_member_bool(b, "RestoreInProgress", true);
        if (t->restore_backup_arn)
            s_member_string(b, "SourceBackupArn", t->restore_backup_arn);
        s_member_string(b, "SourceTableArn", t->restore_source_arn);
        dc_buf_putc(b, '}');
    }
    if (d->sse)
        s_put_sse(b, d);
    if (d->stream)
        s_member_json(b, "StreamSpecification", d->stream);
    s_member_string(b, "TableArn", t->arn);
    s_member_string(b, "TableId", t->id);
    s_member_string(b, "TableName", t->name);
    s_member_int(b, "TableSizeBytes", 0);
    s_member_string(b, "TableStatus", s_status_names[st]);
    dc_buf_putc(b, '}');
}

/* DeleteTable's reduced description (facts §5 R16). */
static void s_put_deleted_desc(dc_buf *b, const s_table *t)
{
    dc_buf_putc(b, '{');
    s_member_bool(b, "DeletionProtectionEnabled", false);
    s_member_int(b, "ItemCount", 0);
    s_put_pt(b, "ProvisionedThroughput", t->def.pay_per_request ? 0 : t->def.rcu,
             t->def.pay_per_request ? 0 : t->def.wcu, true);
    s_member_string(b, "TableArn", t->arn);
    s_member_string(b, "TableId", t->id);
    s_member_string(b, "TableName", t->name);
    s_member_int(b, "TableSizeBytes", 0);
    s_member_string(b, "TableStatus", "DELETING");
    dc_buf_putc(b, '}');
}

/* The restorable window of a PITR-enabled table (facts §4.6): Earliest is the
 * enable time (whole seconds) or now - RecoveryPeriodInDays, whichever is
 * later; Latest trails now by the configured lag, never before the enable time. */
static void s_pitr_window(const dc_model *m, const s_table *t, int64_t *earliest, int64_t *latest)
{
    *earliest = t->pitr_enabled_ms;
    *latest = t->pitr_enabled_ms;
    if (m->now - t->recovery_days * S_DAY_MS > *earliest)
        *earliest = m->now - t->recovery_days * S_DAY_MS;
    if (m->now - m->opt.pitr_lag_ms > *latest)
        *latest = m->now - m->opt.pitr_lag_ms;
}

static void s_put_cb_desc(dc_model *m, dc_buf *b, const s_table *t)
{
    bool enabling = m->now < t->active_at_ms + m->opt.backups_enabling_ms;
    dc_buf_putc(b, '{');
    s_member_string(b, "ContinuousBackupsStatus", enabling ? "DISABLED" : "ENABLED");
    s_member_key(b, "PointInTimeRecoveryDescription");
    dc_buf_putc(b, '{');
    if (t->pitr) {
        int64_t earliest, latest;
        s_pitr_window(m, t, &earliest, &latest);
        s_member_time(b, "EarliestRestorableDateTime", earliest);
        s_member_time(b, "LatestRestorableDateTime", latest);
        s_member_string(b, "PointInTimeRecoveryStatus", "ENABLED");
        s_member_int(b, "RecoveryPeriodInDays", t->recovery_days);
    } else {
        s_member_string(b, "PointInTimeRecoveryStatus", "DISABLED");
    }
    dc_buf_putc(b, '}');
    dc_buf_putc(b, '}');
}

static const char *s_backup_status(const dc_model *m, const s_backup *bk)
{
    return m->now < bk->available_at_ms ? "CREATING" : "AVAILABLE";
}

/* arn: the BackupArn to show; Describe/DeleteBackup echo the one the request
 * gave, region and all (facts §4.1 [R] AQ 012). */
static void s_put_backup_details(dc_buf *b, const s_backup *bk, const char *arn, const char *status)
{
    dc_buf_putc(b, '{');
    s_member_string(b, "BackupArn", arn);
    s_member_time(b, "BackupCreationDateTime", bk->created_ms);
    if (bk->system)
        s_member_time(b, "BackupExpiryDateTime", bk->expiry_ms);
    s_member_string(b, "BackupName", bk->name);
    s_member_int(b, "BackupSizeBytes", 0);
    s_member_string(b, "BackupStatus", status);
    s_member_string(b, "BackupType", bk->system ? "SYSTEM" : "USER");
    dc_buf_putc(b, '}');
}

static void s_put_backup_desc(dc_buf *b, const s_backup *bk, const char *arn, const char *status)
{
    const s_def *d = &bk->def;
    dc_buf_putc(b, '{');
    s_member_key(b, "BackupDetails");
    s_put_backup_details(b, bk, arn, status);
    s_member_key(b, "SourceTableDetails");
    dc_buf_putc(b, '{');
    s_member_string(b, "BillingMode", d->pay_per_request ? "PAY_PER_REQUEST" : "PROVISIONED");
    s_member_int(b, "ItemCount", 0);
    s_member_json(b, "KeySchema", d->key_schema);
    if (d->ondemand)
        s_member_json(b, "OnDemandThroughput", d->ondemand);
    /* only RCU/WCU here; {0,0} for on-demand sources (facts §4.1, R9) */
    s_put_pt(b, "ProvisionedThroughput", d->pay_per_request ? 0 : d->rcu, d->pay_per_request ? 0 : d->wcu, false);
    s_member_string(b, "TableArn", bk->table_arn);
    s_member_time(b, "TableCreationDateTime", bk->table_created_ms);
    s_member_string(b, "TableId", bk->table_id);
    s_member_string(b, "TableName", bk->table_name);
    s_member_int(b, "TableSizeBytes", 0);
    dc_buf_putc(b, '}');
    s_member_key(b, "SourceTableFeatureDetails");
    dc_buf_putc(b, '{');
    s_put_index_list(b, d, true, NULL, S_ACTIVE);
    s_put_index_list(b, d, false, NULL, S_ACTIVE);
    if (d->sse)
        s_put_sse(b, d);
    if (d->stream)
        s_member_json(b, "StreamDescription", d->stream);
    dc_buf_putc(b, '}');
    dc_buf_putc(b, '}');
}

/* The ListBackups summary of bk with an empty BackupStatus, kept in bk: a
 * summary is that text with the status put between the quotes at status_at
 * (s_put_backup_summary), the same bytes as writing it member by member. */
static void s_backup_summary_build(s_backup *bk)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_putc(&b, '{');
    s_member_string(&b, "BackupArn", bk->arn);
    s_member_time(&b, "BackupCreationDateTime", bk->created_ms);
    if (bk->system)
        s_member_time(&b, "BackupExpiryDateTime", bk->expiry_ms);
    s_member_string(&b, "BackupName", bk->name);
    s_member_int(&b, "BackupSizeBytes", 0);
    s_member_string(&b, "BackupStatus", "");
    bk->status_at = b.len - 1;
    s_member_string(&b, "BackupType", bk->system ? "SYSTEM" : "USER");
    s_member_string(&b, "TableArn", bk->table_arn);
    s_member_string(&b, "TableId", bk->table_id);
    s_member_string(&b, "TableName", bk->table_name);
    dc_buf_putc(&b, '}');
    bk->summary_len = b.len;
    bk->summary = dc_buf_take(&b);
}

static void s_put_backup_summary(dc_buf *b, const dc_model *m, const s_backup *bk)
{
    /* the status needs no escaping: s_put_string writes it as it is */
    dc_buf_append(b, bk->summary, bk->status_at);
    dc_buf_puts(b, s_backup_status(m, bk));
    dc_buf_append(b, bk->summary + bk->status_at, bk->summary_len - bk->status_at);
}

/* ------------------------------------------------------------ lifecycle */

static void s_backup_free(s_backup *bk)
{
    if (bk == NULL)
        return;
    free(bk->summary);
    free(bk->arn);
    free(bk->name);
    free(bk->table_name);
    free(bk->table_arn);
    s_def_free(&bk->def);
    for (size_t i = 0; i < bk->nitems; i++) {
        free(bk->items[i].key);
        free(bk->items[i].item);
    }
    free(bk->items);
    free(bk);
}

static int s_backup_order(const s_backup *a, int64_t ms, const char *arn)
{
    if (a->created_ms != ms)
        return a->created_ms < ms ? -1 : 1;
    return strcmp(a->arn, arn);
}

/* Position of bk in m->backups: the first of its (created_ms, ARN) order, then
 * on to bk itself (two backups may share an ARN: SYSTEM ones of one ms). */
static size_t s_backup_position(const dc_model *m, const s_backup *bk)
{
    size_t lo = 0, hi = m->nbackups;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s_backup_order(m->backups[mid], bk->created_ms, bk->arn) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    while (lo < m->nbackups && m->backups[lo] != bk)
        lo++;
    return lo;
}

/* The ARN index (dc_model.arn_buckets). An ARN without four ':' matches no
 * lookup, so its backup is left out. */
static void s_arn_index_link(dc_model *m, s_backup *bk)
{
    if (!s_arn_hash(bk->arn, &bk->arn_hash))
        return;
    s_backup **head = &m->arn_buckets[bk->arn_hash & (m->narn_buckets - 1)];
    bk->arn_next = *head;
    *head = bk;
}

/* Indexes bk, just inserted into m->backups; grows the buckets with the count. */
static void s_arn_index_add(dc_model *m, s_backup *bk)
{
    if (m->nbackups <= m->narn_buckets) {
        s_arn_index_link(m, bk);
        return;
    }
    free(m->arn_buckets);
    m->narn_buckets = m->narn_buckets ? m->narn_buckets * 2 : 64;
    m->arn_buckets = dc_xcalloc(m->narn_buckets, sizeof *m->arn_buckets);
    for (size_t i = 0; i < m->nbackups; i++)
        s_arn_index_link(m, m->backups[i]);
}

static void s_arn_index_remove(dc_model *m, const s_backup *bk)
{
    if (m->narn_buckets == 0)
        return;
    for (s_backup **p = &m->arn_buckets[bk->arn_hash & (m->narn_buckets - 1)]; *p != NULL; p = &(*p)->arn_next)
        if (*p == bk) {
            *p = bk->arn_next;
            return;
        }
}

static s_backup *s_new_backup(dc_model *m, const s_table *t, const char *name, bool system)
{
    s_backup *bk = dc_xcalloc(1, sizeof *bk);
    /* BackupCreationDateTime is the request time at ms precision and ListBackups
     * orders by it (facts §4.1, §4.3); requests to the real service are never in
     * the same ms one after another, so keep creation times strictly increasing
     * rather than let the random ARN suffix order two backups of one ms (SYSTEM
     * backups keep the deletion time: their expiry is derived from it). */
    int64_t created = m->now;
    if (!system && m->nbackups > 0 && created <= m->backups[m->nbackups - 1]->created_ms)
        created = m->backups[m->nbackups - 1]->created_ms + 1;
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_printf(&b, "arn:aws:dynamodb:%s:%s:table/%s/backup/%014" PRId64 "-%08x", m->region, t->account, t->name,
                  created, system ? 0u : (unsigned)(s_rand(m) & 0xffffffffu));
    bk->arn = dc_buf_take(&b);
    memcpy(bk->account, t->account, sizeof bk->account);
    bk->name = dc_xstrdup(name);
    bk->system = system;
    bk->created_ms = created;
    bk->available_at_ms = m->now + (system ? 0 : m->opt.backup_create_ms);
    bk->expiry_ms = created + DC_MODEL_SYSTEM_BACKUP_DAYS * S_DAY_MS;
    bk->table_name = dc_xstrdup(t->name);
    bk->table_arn = dc_xstrdup(t->arn);
    memcpy(bk->table_id, t->id, sizeof bk->table_id);
    bk->table_created_ms = t->created_ms;
    s_def_copy(&bk->def, &t->def);
    size_t n = 0;
    const s_write **live = s_items_at(t, m->now, &n);
    bk->items = dc_xcalloc(n, sizeof *bk->items);
    for (size_t i = 0; i < n; i++) {
        bk->items[i].key = dc_xstrdup(live[i]->key);
        bk->items[i].item = dc_xstrdup(live[i]->item);
    }
    bk->nitems = n;
    free(live);
    s_backup_summary_build(bk);

    /* sorted insert keeps ListBackups and its cursor a plain scan */
    size_t pos = m->nbackups;
    while (pos > 0 && s_backup_order(m->backups[pos - 1], bk->created_ms, bk->arn) > 0)
        pos--;
    m->backups = dc_xrealloc(m->backups, (m->nbackups + 1) * sizeof *m->backups);
    memmove(&m->backups[pos + 1], &m->backups[pos], (m->nbackups - pos) * sizeof *m->backups);
    m->backups[pos] = bk;
    m->nbackups++;
    s_arn_index_add(m, bk);
    return bk;
}

/* The first backup in m->backups whose ARN equals arn ignoring the region
 * (what a scan of them would find), through the ARN index. */
static s_backup *s_find_backup(dc_model *m, const char *arn, size_t *index)
{
    uint64_t h = 0;
    if (m->narn_buckets == 0 || !s_arn_hash(arn, &h))
        return NULL;
    size_t best = SIZE_MAX;
    for (s_backup *bk = m->arn_buckets[h & (m->narn_buckets - 1)]; bk != NULL; bk = bk->arn_next)
        if (bk->arn_hash == h && s_arn_eq_ignoring_region(bk->arn, arn)) {
            size_t pos = s_backup_position(m, bk);
            if (pos < best)
                best = pos;
        }
    if (best == SIZE_MAX)
        return NULL;
    if (index)
        *index = best;
    return m->backups[best];
}

/* Tables whose DELETING time ran out disappear. */
static void s_tick(dc_model *m)
{
    size_t w = 0;
    for (size_t i = 0; i < m->ntables; i++) {
        s_table *t = m->tables[i];
        if (t->deleting && m->now >= t->gone_at_ms)
            s_table_free(t);
        else
            m->tables[w++] = t;
    }
    m->ntables = w;
}

/* The limit of concurrent restores is per account (facts §4.4). */
static size_t s_restores_running(const dc_model *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->ntables; i++)
        if (m->tables[i]->is_restore && s_table_status(m, m->tables[i]) == S_CREATING &&
            strcmp(m->tables[i]->account, m->caller) == 0)
            n++;
    return n;
}

static const s_table *s_backup_restoring(const dc_model *m, const s_backup *bk)
{
    for (size_t i = 0; i < m->ntables; i++) {
        const s_table *t = m->tables[i];
        if (t->is_restore && t->restore_backup_arn && strcmp(t->restore_backup_arn, bk->arn) == 0 &&
            s_table_status(m, t) == S_CREATING)
            return t;
    }
    return NULL;
}

/* ------------------------------------------------------------ model API */

void dc_model_options_default(dc_model_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->region = DC_MODEL_DEFAULT_REGION;
    opt->account = DC_MODEL_DEFAULT_ACCOUNT;
    opt->restore_ms = 50;
}

dc_model *dc_model_new(const dc_model_options *opt, dc_vclock *clock)
{
    dc_model *m = dc_xcalloc(1, sizeof *m);
    m->opt = *opt;
    m->region = dc_xstrdup(opt->region ? opt->region : DC_MODEL_DEFAULT_REGION);
    m->account = dc_xstrdup(opt->account ? opt->account : DC_MODEL_DEFAULT_ACCOUNT);
    m->opt.region = m->region;
    m->opt.account = m->account;
    dc_model_set_caller(m, NULL);
    m->clock = clock;
    m->rng = opt->seed ? opt->seed : (uint64_t)dc_vclock_now_ms(clock) ^ 0x5DEECE66Dull;
    return m;
}

void dc_model_free(dc_model *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->ntables; i++)
        s_table_free(m->tables[i]);
    free(m->tables);
    for (size_t i = 0; i < m->nbackups; i++)
        s_backup_free(m->backups[i]);
    free(m->backups);
    free(m->arn_buckets);
    free(m->region);
    free(m->account);
    free(m);
}

void dc_model_set_caller(dc_model *m, const char *account)
{
    snprintf(m->caller, sizeof m->caller, "%s", account != NULL ? account : m->account);
}

size_t dc_model_table_count(dc_model *m)
{
    m->now = dc_vclock_now_ms(m->clock);
    s_tick(m);
    return m->ntables;
}

size_t dc_model_backup_count(dc_model *m)
{
    return m->nbackups;
}

void dc_model_result_free(dc_model_result *r)
{
    free(r->message);
    dc_buf_free(&r->body);
    r->message = NULL;
    r->error = NULL;
}

/* ------------------------------------------------------------ operations */

static bool s_require(const dc_model *m, dc_model_result *out, const char *v, const char *member)
{
    if (v != NULL)
        return true;
    s_fail(m, out, DC_MSG_ID("parameter-required"), "member", member, NULL);
    return false;
}

static void s_op_create_table(dc_model *m, const dc_json *req, dc_model_result *out)
{
    const char *given = s_str(req, "TableName");
    if (!s_require(m, out, given, "TableName"))
        return;
    char *name = s_table_name_of(given);
    s_def def;
    memset(&def, 0, sizeof def);
    s_table *t = s_find_table(m, name);
    if (t != NULL) {
        s_status st = s_table_status(m, t);
        if (st == S_ACTIVE)
            s_fail(m, out, DC_MSG_ID("resource-in-use-table-exists"), "name", name, NULL);
        else if (st == S_DELETING)
            s_fail(m, out, DC_MSG_ID("resource-in-use-being-deleted"), "name", name, NULL);
        else if (t->is_restore)
            s_fail(m, out, DC_MSG_ID("resource-in-use-being-used-prefixed"), "name", name, NULL);
        else
            s_fail(m, out, DC_MSG_ID("resource-in-use-being-created"), "name", name, NULL);
        goto cleanup;
    }
    if (m->ntables >= DC_MODEL_MAX_TABLES) {
        s_fail(m, out, DC_MSG_ID("table-limit-exceeded"), "n", s_number(DC_MODEL_MAX_TABLES).text, NULL);
        goto cleanup;
    }
    if (!s_def_from_create(m, &def, req, out))
        goto cleanup;
    t = s_new_table(m, name, &def, m->opt.table_create_ms);
    dc_buf_puts(&out->body, "{\"TableDescription\":");
    s_put_table_desc(m, &out->body, t, S_CREATING);
    dc_buf_putc(&out->body, '}');
cleanup:
    s_def_free(&def);
    free(name);
}

static s_table *s_table_for_describe(dc_model *m, const dc_json *req, dc_model_result *out, char **name_out)
{
    const char *given = s_str(req, "TableName");
    if (!s_require(m, out, given, "TableName"))
        return NULL;
    char *name = s_table_name_of(given);
    s_table *t = s_find_table(m, name);
    if (t == NULL)
        s_fail(m, out, DC_MSG_ID("resource-not-found-table"), "name", name, NULL);
    if (name_out)
        *name_out = name;
    else
        free(name);
    return t;
}

static void s_op_describe_table(dc_model *m, const dc_json *req, dc_model_result *out)
{
    s_table *t = s_table_for_describe(m, req, out, NULL);
    if (t == NULL)
        return;
    dc_buf_puts(&out->body, "{\"Table\":");
    s_put_table_desc(m, &out->body, t, s_table_status(m, t));
    dc_buf_putc(&out->body, '}');
}

static void s_op_delete_table(dc_model *m, const dc_json *req, dc_model_result *out)
{
    s_table *t = s_table_for_describe(m, req, out, NULL);
    if (t == NULL)
        return;
    s_status st = s_table_status(m, t);
    if (st == S_CREATING) {
        s_fail(m, out, DC_MSG_ID("resource-in-use-being-created"), "name", t->name, NULL);
        return;
    }
    if (st == S_DELETING) {
        s_fail(m, out, DC_MSG_ID("resource-in-use-being-deleted"), "name", t->name, NULL);
        return;
    }
    if (t->pitr) {
        /* the SYSTEM backup of a PITR-enabled table (facts §4.1); the real one
         * appears ~8-10 s later, the model makes it at once */
        dc_buf nb;
        dc_buf_init(&nb);
        dc_buf_printf(&nb, "%s$DeletedTableBackup", t->name);
        s_new_backup(m, t, (const char *)nb.data, true);
        dc_buf_free(&nb);
    }
    t->deleting = true;
    t->gone_at_ms = m->now + m->opt.table_delete_ms;
    dc_buf_puts(&out->body, "{\"TableDescription\":");
    s_put_deleted_desc(&out->body, t);
    dc_buf_putc(&out->body, '}');
}

/* Data-plane ops answer a missing table with the short RNF text. */
static s_table *s_table_for_items(dc_model *m, const dc_json *req, dc_model_result *out)
{
    const char *given = s_str(req, "TableName");
    if (!s_require(m, out, given, "TableName"))
        return NULL;
    char *name = s_table_name_of(given);
    s_table *t = s_find_table(m, name);
    free(name);
    if (t == NULL || s_table_status(m, t) == S_DELETING) {
        s_fail(m, out, DC_MSG_ID("resource-not-found"), NULL);
        return NULL;
    }
    return t;
}

static void s_op_put_item(dc_model *m, const dc_json *req, dc_model_result *out)
{
    s_table *t = s_table_for_items(m, req, out);
    if (t == NULL)
        return;
    const dc_json *item = dc_json_get(req, "Item");
    if (!dc_json_is_object(item)) {
        s_require(m, out, NULL, "Item");
        return;
    }
    const char *missing = NULL;
    char *key = s_item_key(&t->def, item, &missing);
    if (key == NULL) {
        s_fail(m, out, DC_MSG_ID("item-missing-key"), "key", missing, NULL);
        return;
    }
    if (t->nwrites >= DC_MODEL_MAX_WRITES) {
        s_fail(m, out, DC_MSG_ID("serve-item-write-limit"), "n", s_number(DC_MODEL_MAX_WRITES).text, NULL);
        free(key);
        return;
    }
    char *text = s_print(item);
    s_add_write(t, m->now, key, text);
    free(text);
    free(key);
    dc_buf_puts(&out->body, "{}");
}

static const s_write *s_current_item(const s_table *t, const char *key)
{
    for (size_t i = t->nwrites; i-- > 0;)
        if (strcmp(t->writes[i].key, key) == 0)
            return &t->writes[i];
    return NULL;
}

static char *s_key_of_request(const dc_model *m, s_table *t, const dc_json *req, dc_model_result *out)
{
    const dc_json *k = dc_json_get(req, "Key");
    if (!dc_json_is_object(k)) {
        s_require(m, out, NULL, "Key");
        return NULL;
    }
    const char *missing = NULL;
    char *key = s_item_key(&t->def, k, &missing);
    if (key == NULL)
        s_fail(m, out, DC_MSG_ID("key-element-mismatch"), NULL);
    return key;
}

static void s_op_get_item(dc_model *m, const dc_json *req, dc_model_result *out)
{
    s_table *t = s_table_for_items(m, req, out);
    if (t == NULL)
        return;
    char *key = s_key_of_request(m, t, req, out);
    if (key == NULL)
        return;
    const s_write *w = s_current_item(t, key);
    if (w != NULL && w->item != NULL) {
        dc_buf_puts(&out->body, "{\"Item\":");
        dc_buf_puts(&out->body, w->item);
        dc_buf_putc(&out->body, '}');
    } else {
        dc_buf_puts(&out->body, "{}");
    }
    free(key);
}

static void s_op_delete_item(dc_model *m, const dc_json *req, dc_model_result *out)
{
    s_table *t = s_table_for_items(m, req, out);
    if (t == NULL)
        return;
    char *key = s_key_of_request(m, t, req, out);
    if (key == NULL)
        return;
    if (t->nwrites < DC_MODEL_MAX_WRITES)
        s_add_write(t, m->now, key, NULL);
    free(key);
    dc_buf_puts(&out->body, "{}");
}

static void s_op_scan(dc_model *m, const dc_json *req, dc_model_result *out)
{
    s_table *t = s_table_for_items(m, req, out);
    if (t == NULL)
        return;
    size_t n = 0;
    const s_write **live = s_items_at(t, m->now, &n);
    dc_buf_printf(&out->body, "{\"Count\":%zu,\"Items\":[", n);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            dc_buf_putc(&out->body, ',');
        dc_buf_puts(&out->body, live[i]->item);
    }
    dc_buf_printf(&out->body, "],\"ScannedCount\":%zu}", n);
    free(live);
}

/* Source table of CreateBackup / continuous backups: a CREATING table is not
 * found (facts §4.2, §4.6). */
static s_table *s_source_table(dc_model *m, const char *member, const dc_json *req, dc_model_result *out)
{
    const char *given = s_str(req, member);
    if (!s_require(m, out, given, member))
        return NULL;
    char *name = s_table_name_of(given);
    s_table *t = s_find_table(m, name);
    if (t == NULL || s_table_status(m, t) == S_CREATING) {
        s_fail(m, out, DC_MSG_ID("table-not-found"), "name", name, NULL);
        t = NULL;
    }
    free(name);
    return t;
}

static bool s_backups_enabling(const dc_model *m, const s_table *t, dc_model_result *out)
{
    if (m->now < t->active_at_ms + m->opt.backups_enabling_ms) {
        s_fail(m, out, DC_MSG_ID("continuous-backups-unavailable"), "name", t->name, NULL);
        return true;
    }
    return false;
}

static void s_op_create_backup(dc_model *m, const dc_json *req, dc_model_result *out)
{
    const char *bname = s_str(req, "BackupName");
    if (!s_require(m, out, bname, "BackupName"))
        return;
    s_table *t = s_source_table(m, "TableName", req, out);
    if (t == NULL || s_backups_enabling(m, t, out))
        return;
    if (m->nbackups >= DC_MODEL_MAX_BACKUPS) {
        s_fail(m, out, DC_MSG_ID("serve-backup-limit"), "n", s_number(DC_MODEL_MAX_BACKUPS).text, NULL);
        return;
    }
    s_backup *bk = s_new_backup(m, t, bname, false);
    dc_buf_puts(&out->body, "{\"BackupDetails\":");
    s_put_backup_details(&out->body, bk, bk->arn, "CREATING"); /* always CREATING in the response (facts §4.1) */
    dc_buf_putc(&out->body, '}');
}

static s_backup *s_backup_of_request(dc_model *m, const dc_json *req, dc_model_result *out, size_t *index)
{
    const char *arn = s_str(req, "BackupArn");
    if (!s_require(m, out, arn, "BackupArn"))
        return NULL;
    /* the validation core refuses another account's ARN first (safety net) */
    if (s_arn_account_other(arn, m->caller)) {
        s_fail(m, out, DC_MSG_ID("access-denied"), NULL);
        return NULL;
    }
    s_backup *bk = s_find_backup(m, arn, index);
    if (bk == NULL)
        s_fail(m, out, DC_MSG_ID("backup-not-found"), "arn", arn, NULL);
    return bk;
}

static void s_op_describe_backup(dc_model *m, const dc_json *req, dc_model_result *out)
{
    s_backup *bk = s_backup_of_request(m, req, out, NULL);
    if (bk == NULL)
        return;
    dc_buf_puts(&out->body, "{\"BackupDescription\":");
    s_put_backup_desc(&out->body, bk, s_str(req, "BackupArn"), s_backup_status(m, bk));
    dc_buf_putc(&out->body, '}');
}

static void s_op_delete_backup(dc_model *m, const dc_json *req, dc_model_result *out)
{
    size_t index = 0;
    s_backup *bk = s_backup_of_request(m, req, out, &index);
    if (bk == NULL)
        return;
    if (bk->system) {
        char iso[DC_ISO_TIME_MAX];
        dc_iso_utc_seconds(bk->expiry_ms, iso);
        s_fail(m, out, DC_MSG_ID("delete-system-backup"), "arn", bk->arn, "expiry", iso, NULL);
        return;
    }
    if (s_backup_restoring(m, bk) != NULL) {
        s_fail(m, out, DC_MSG_ID("backup-in-use-delete"), "arn", bk->arn, NULL);
        return;
    }
    dc_buf_puts(&out->body, "{\"BackupDescription\":");
    s_put_backup_desc(&out->body, bk, s_str(req, "BackupArn"), "DELETED");
    dc_buf_putc(&out->body, '}');
    s_arn_index_remove(m, bk);
    memmove(&m->backups[index], &m->backups[index + 1], (m->nbackups - index - 1) * sizeof *m->backups);
    m->nbackups--;
    s_backup_free(bk);
}

static void s_op_list_backups(dc_model *m, const dc_json *req, dc_model_result *out)
{
    const char *type = s_str(req, "BackupType");
    bool want_user = true, want_system = false;
    if (type != NULL) {
        want_user = strcmp(type, "USER") == 0 || strcmp(type, "ALL") == 0;
        want_system = strcmp(type, "SYSTEM") == 0 || strcmp(type, "ALL") == 0;
        /* AWS_BACKUP: the model makes none */
    }
    const char *tname = s_str(req, "TableName");
    char *filter = tname ? s_table_name_of(tname) : NULL;
    int64_t lower = INT64_MIN, upper = INT64_MAX, limit = INT64_MAX;
    s_time_ms(req, "TimeRangeLowerBound", &lower);
    s_time_ms(req, "TimeRangeUpperBound", &upper);
    if (!s_int(req, "Limit", &limit) || limit < 1)
        limit = INT64_MAX;
    /* a pure cursor: resume after its (creation ms, ARN) position, whether or
     * not that backup still exists (facts §4.3) */
    const char *start = s_str(req, "ExclusiveStartBackupArn");
    int64_t start_ms = start ? s_arn_ms(start) : -1;
    if (start != NULL && s_arn_region_other(start, m->region)) { /* as the validation core (safety net) */
        s_fail(m, out, DC_MSG_ID("list-backups-start-arn-region"), NULL);
        free(filter);
        return;
    }

    dc_buf *b = &out->body;
    dc_buf_puts(b, "{\"BackupSummaries\":[");
    int64_t returned = 0;
    const char *last = NULL;
    bool more = false;
    /* m->backups is sorted by (created_ms, ARN): the cursor and the lower
     * bound skip a prefix (binary search), the upper bound ends the scan */
    size_t i = 0, hi = m->nbackups;
    while (i < hi) {
        size_t mid = i + (hi - i) / 2;
        const s_backup *bk = m->backups[mid];
        if (bk->created_ms < lower || (start != NULL && start_ms >= 0 && s_backup_order(bk, start_ms, start) <= 0))
            i = mid + 1;
        else
            hi = mid;
    }
    for (; i < m->nbackups; i++) {
        const s_backup *bk = m->backups[i];
        if (bk->created_ms >= upper)
            break;
        if (bk->system ? !want_system : !want_user)
            continue;
        if (strcmp(bk->account, m->caller) != 0)
            continue;
        if (filter && strcmp(bk->table_name, filter) != 0)
            continue;
        if (returned == limit) {
            more = true;
            break;
        }
        if (returned > 0)
            dc_buf_putc(b, ',');
        s_put_backup_summary(b, m, bk);
        returned++;
        last = bk->arn;
    }
    dc_buf_putc(b, ']');
    if (more && last != NULL)
        s_member_string(b, "LastEvaluatedBackupArn", last);
    dc_buf_putc(b, '}');
    free(filter);
}

/* Override lists select source indexes by KeySchema + Projection and may
 * rename them (facts §4.4). Returns false when an entry matches nothing. */
static bool s_json_text_equal(const char *text, const dc_json *v)
{
    dc_json_doc doc;
    if (dc_json_parse(text, strlen(text), &doc, NULL) != 0)
        return false;
    bool eq = dc_json_equal(doc.root, v);
    dc_json_doc_free(&doc);
    return eq;
}

static bool s_select_indexes(s_index **list, size_t *n, const dc_json *override, const char **bad_name)
{
    s_index *src = *list;
    size_t nsrc = *n;
    s_index *sel = dc_xcalloc(override->count, sizeof *sel);
    size_t nsel = 0;
    bool ok = true;
    for (size_t i = 0; i < override->count && ok; i++) {
        const dc_json *e = &override->items[i];
        const char *name = s_str(e, "IndexName");
        const dc_json *ks = dc_json_get(e, "KeySchema"), *pr = dc_json_get(e, "Projection");
        size_t j = 0;
        for (; j < nsrc; j++)
            if (ks && pr && s_json_text_equal(src[j].key_schema, ks) && s_json_text_equal(src[j].projection, pr))
                break;
        if (j == nsrc || name == NULL) {
            *bad_name = name ? name : "";
            ok = false;
            break;
        }
        s_index_copy(&sel[nsel], &src[j]);
        free(sel[nsel].name);
        sel[nsel].name = dc_xstrdup(name);
        int64_t rcu, wcu;
        if (s_pt(dc_json_get(e, "ProvisionedThroughput"), &rcu, &wcu)) {
            sel[nsel].has_pt = true;
            sel[nsel].rcu = rcu;
            sel[nsel].wcu = wcu;
        }
        const dc_json *od = dc_json_get(e, "OnDemandThroughput");
        if (dc_json_is_object(od)) {
            free(sel[nsel].ondemand);
            sel[nsel].ondemand = s_print(od);
        }
        nsel++;
    }
    if (!ok) {
        for (size_t i = 0; i < nsel; i++)
            s_index_free(&sel[i]);
        free(sel);
        return false;
    }
    for (size_t i = 0; i < nsrc; i++)
        s_index_free(&src[i]);
    free(src);
    *list = sel;
    *n = nsel;
    return true;
}

/* Applies the restore overrides to def (a copy of the source). false + out
 * set when the request asks for something the source cannot give. */
static bool s_apply_overrides(dc_model *m, s_def *d, const dc_json *req, dc_model_result *out)
{
    const char *bad = NULL;
    const dc_json *g = dc_json_get(req, "GlobalSecondaryIndexOverride");
    if (dc_json_is_array(g) && !s_select_indexes(&d->gsis, &d->ngsis, g, &bad)) {
        s_fail(m, out, DC_MSG_ID("restore-index-not-in-source"), "index", bad, NULL);
        return false;
    }
    const dc_json *l = dc_json_get(req, "LocalSecondaryIndexOverride");
    if (dc_json_is_array(l) && !s_select_indexes(&d->lsis, &d->nlsis, l, &bad)) {
        s_fail(m, out, DC_MSG_ID("restore-index-not-in-source"), "index", bad, NULL);
        return false;
    }
    const char *bm = s_str(req, "BillingModeOverride");
    if (bm != NULL) {
        bool to_pay_per_request = strcmp(bm, "PAY_PER_REQUEST") == 0;
        if (to_pay_per_request && !d->pay_per_request) {
            /* PAY_PER_REQUEST flips the recorded throughput to 0/0 (facts §4.4) */
            d->rcu = d->wcu = 0;
            for (size_t i = 0; i < d->ngsis; i++)
                d->gsis[i].rcu = d->gsis[i].wcu = 0;
        }
        d->pay_per_request = to_pay_per_request;
    }
    int64_t rcu, wcu;
    if (s_pt(dc_json_get(req, "ProvisionedThroughputOverride"), &rcu, &wcu)) {
        d->rcu = rcu;
        d->wcu = wcu;
    } else if (!d->pay_per_request && bm != NULL && d->rcu == 0) {
        s_fail(m, out, DC_MSG_ID("restore-provisioned-needs-throughput"), NULL);
        return false;
    }
    const dc_json *od = dc_json_get(req, "OnDemandThroughputOverride");
    if (dc_json_is_object(od)) {
        free(d->ondemand);
        d->ondemand = s_print(od);
    }
    const dc_json *sse = dc_json_get(req, "SSESpecificationOverride");
    if (dc_json_is_object(sse))
        s_apply_sse(m, d, sse);
    /* restores drop streams (facts §4.4) */
    free(d->stream);
    d->stream = NULL;
    return true;
}

/* Target checks shared by both restores (facts §4.4). */
static bool s_target_free(dc_model *m, const char *target, dc_model_result *out)
{
    s_table *t = s_find_table(m, target);
    if (t != NULL) {
        if (t->is_restore && s_table_status(m, t) == S_CREATING)
            s_fail(m, out, DC_MSG_ID("table-in-use-restoring"), "target", target, "arn",
                   t->restore_backup_arn ? t->restore_backup_arn : t->restore_source_arn, NULL);
        else
            s_fail(m, out, DC_MSG_ID("table-already-exists"), "name", target, NULL);
        return false;
    }
    return true;
}

static bool s_restore_capacity(dc_model *m, dc_model_result *out)
{
    if (s_restores_running(m) >= DC_MODEL_MAX_CONCURRENT_RESTORES) {
        /* the recorded text names the service's limit, 50, which DC_MODEL_MAX_CONCURRENT_RESTORES mirrors */
        s_fail(m, out, DC_MSG_ID("restore-limit-exceeded"), NULL);
        return false;
    }
    if (m->ntables >= DC_MODEL_MAX_TABLES) {
        s_fail(m, out, DC_MSG_ID("table-limit-exceeded"), "n", s_number(DC_MODEL_MAX_TABLES).text, NULL);
        return false;
    }
    return true;
}

static void s_finish_restore(dc_model *m, s_table *t, const s_write *items, const s_write *const *pitems, size_t n,
                             dc_model_result *out)
{
    for (size_t i = 0; i < n; i++) {
        const s_write *w = items ? &items[i] : pitems[i];
        s_add_write(t, m->now, w->key, w->item);
    }
    dc_buf_puts(&out->body, "{\"TableDescription\":");
    s_put_table_desc(m, &out->body, t, S_CREATING);
    dc_buf_putc(&out->body, '}');
}

static void s_op_restore_from_backup(dc_model *m, const dc_json *req, dc_model_result *out)
{
    const char *target = s_str(req, "TargetTableName");
    if (!s_require(m, out, target, "TargetTableName"))
        return;
    s_backup *bk = s_backup_of_request(m, req, out, NULL);
    if (bk == NULL || !s_target_free(m, target, out))
        return;
    if (s_backup_restoring(m, bk) != NULL) {
        s_fail(m, out, DC_MSG_ID("backup-in-use-restore"), "arn", bk->arn, NULL);
        return;
    }
    if (!s_restore_capacity(m, out))
        return;
    s_def def;
    s_def_copy(&def, &bk->def);
    if (!s_apply_overrides(m, &def, req, out)) {
        s_def_free(&def);
        return;
    }
    s_table *t = s_new_table(m, target, &def, m->opt.restore_ms);
    t->is_restore = true;
    t->restore_backup_arn = dc_xstrdup(bk->arn);
    t->restore_source_arn = dc_xstrdup(bk->table_arn);
    t->restore_time_ms = bk->created_ms;
    s_finish_restore(m, t, bk->items, NULL, bk->nitems, out);
}

static void s_op_restore_to_pitr(dc_model *m, const dc_json *req, dc_model_result *out)
{
    const char *target = s_str(req, "TargetTableName");
    if (!s_require(m, out, target, "TargetTableName"))
        return;
    const char *by_name = s_str(req, "SourceTableName"), *by_arn = s_str(req, "SourceTableArn");
    if (!s_require(m, out, by_name ? by_name : by_arn, "TableName"))
        return;
    if (by_name == NULL && s_arn_account_other(by_arn, m->caller)) { /* as the validation core (safety net) */
        s_fail(m, out, DC_MSG_ID("pitr-source-other-account"), NULL);
        return;
    }
    char *name = s_table_name_of(by_name ? by_name : by_arn);
    s_table *src = s_find_table(m, name);
    if (src == NULL || s_table_status(m, src) == S_CREATING) {
        if (by_name)
            s_fail(m, out, DC_MSG_ID("table-not-found"), "name", name, NULL);
        else
            s_fail(m, out, DC_MSG_ID("table-not-found-bare"), NULL);
        free(name);
        return;
    }
    free(name);
    /* precedence (facts §4.5): PITR enabled > window > target exists */
    if (!src->pitr) {
        s_fail(m, out, DC_MSG_ID("pitr-unavailable"), "name", src->name, NULL);
        return;
    }
    int64_t earliest, latest, at;
    s_pitr_window(m, src, &earliest, &latest);
    const dc_json *latest_flag = dc_json_get(req, "UseLatestRestorableTime");
    if (latest_flag != NULL && latest_flag->type == DC_JSON_TRUE) {
        at = latest;
    } else if (!s_time_ms(req, "RestoreDateTime", &at)) {
        s_fail(m, out, DC_MSG_ID("pitr-time-neither"), NULL);
        return;
    }
    if (at < earliest || at > latest) {
        char a[DC_ISO_TIME_MAX], e[DC_ISO_TIME_MAX], l[DC_ISO_TIME_MAX];
        dc_iso_utc_seconds(at, a);
        dc_iso_utc_seconds(earliest, e);
        dc_iso_utc_seconds(latest, l);
        s_fail(m, out, DC_MSG_ID("invalid-restore-time"), "time", a, "earliest", e, "latest", l, NULL);
        return;
    }
    if (strcmp(target, src->name) == 0) {
        s_fail(m, out, DC_MSG_ID("table-already-exists"), "name", target, NULL);
        return;
    }
    if (!s_target_free(m, target, out) || !s_restore_capacity(m, out))
        return;
    s_def def;
    s_def_copy(&def, &src->def);
    if (!s_apply_overrides(m, &def, req, out)) {
        s_def_free(&def);
        return;
    }
    size_t n = 0;
    /* Earliest is the enable time cut to whole seconds; the table's state at the
     * enable call is what the first restorable second holds (facts §4.6 R13) */
    const s_write **items = s_items_at(src, at < src->pitr_enabled_at_ms ? src->pitr_enabled_at_ms : at, &n);
    char *src_arn = dc_xstrdup(src->arn); /* s_new_table may move the table array */
    s_table *t = s_new_table(m, target, &def, m->opt.restore_ms);
    t->is_restore = true;
    t->restore_source_arn = src_arn;
    t->restore_time_ms = at;
    s_finish_restore(m, t, NULL, items, n, out);
    free(items);
}

static void s_op_describe_cb(dc_model *m, const dc_json *req, dc_model_result *out)
{
    s_table *t = s_source_table(m, "TableName", req, out);
    if (t == NULL)
        return;
    dc_buf_puts(&out->body, "{\"ContinuousBackupsDescription\":");
    s_put_cb_desc(m, &out->body, t);
    dc_buf_putc(&out->body, '}');
}

static void s_op_update_cb(dc_model *m, const dc_json *req, dc_model_result *out)
{
    s_table *t = s_source_table(m, "TableName", req, out);
    if (t == NULL || s_backups_enabling(m, t, out))
        return;
    const dc_json *spec = dc_json_get(req, "PointInTimeRecoverySpecification");
    const dc_json *en = dc_json_get(spec, "PointInTimeRecoveryEnabled");
    if (!dc_json_is_bool(en)) {
        s_fail_not_null(m, out, "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled");
        return;
    }
    int64_t days = 0;
    bool has_days = s_int(spec, "RecoveryPeriodInDays", &days) && days >= 1 && days <= 35;
    if (en->type == DC_JSON_TRUE) {
        if (!t->pitr) {
            /* Earliest == Latest == the enable time at whole seconds (facts §4.6, R13) */
            t->pitr = true;
            t->pitr_enabled_ms = m->now - m->now % 1000;
            t->pitr_enabled_at_ms = m->now;
            t->recovery_days = DC_MODEL_RECOVERY_DAYS_DEFAULT;
        }
        if (has_days)
            t->recovery_days = (int)days;
    } else {
        t->pitr = false; /* re-enabling resets Earliest and forgets RecoveryPeriodInDays */
    }
    dc_buf_puts(&out->body, "{\"ContinuousBackupsDescription\":");
    s_put_cb_desc(m, &out->body, t);
    dc_buf_putc(&out->body, '}');
}

typedef void (*s_op_fn)(dc_model *, const dc_json *, dc_model_result *);
static const struct {
    const char *name;
    s_op_fn fn;
} s_ops[] = {
    {"CreateTable", s_op_create_table},
    {"DescribeTable", s_op_describe_table},
    {"DeleteTable", s_op_delete_table},
    {"PutItem", s_op_put_item},
    {"GetItem", s_op_get_item},
    {"DeleteItem", s_op_delete_item},
    {"Scan", s_op_scan},
    {"CreateBackup", s_op_create_backup},
    {"DescribeBackup", s_op_describe_backup},
    {"DeleteBackup", s_op_delete_backup},
    {"ListBackups", s_op_list_backups},
    {"RestoreTableFromBackup", s_op_restore_from_backup},
    {"RestoreTableToPointInTime", s_op_restore_to_pitr},
    {"UpdateContinuousBackups", s_op_update_cb},
    {"DescribeContinuousBackups", s_op_describe_cb},
};

/* The handler of op, or NULL when the model does not serve it. */
static s_op_fn s_handler(const char *op)
{
    for (size_t i = 0; i < DC_ARRAY_LEN(s_ops); i++)
        if (strcmp(s_ops[i].name, op) == 0)
            return s_ops[i].fn;
    return NULL;
}

bool dc_model_knows(const char *op)
{
    return s_handler(op) != NULL;
}

void dc_model_execute(dc_model *m, const char *op, const dc_json *req, dc_model_result *out)
{
    memset(out, 0, sizeof *out);
    dc_buf_init(&out->body);
    m->now = dc_vclock_now_ms(m->clock);
    s_tick(m);
    s_op_fn fn = s_handler(op);
    if (fn == NULL) {
        s_fail(m, out, DC_MSG_ID("unknown-operation"), NULL);
        return;
    }
    fn(m, req, out);
    if (out->error != NULL)
        dc_buf_reset(&out->body);
}

/* ------------------------------------------------------------ context */

/* A describe call of the context (validate/context.h), answered by the model's
 * handler without a tick: the clock was read once for the whole request. */
static int s_ctx_call(void *user, const dc_operation *from, const char *body, size_t len, dc_json_doc *out)
{
    dc_model *m = user;
    s_op_fn fn = s_handler(from->name);
    dc_json_doc req;
    if (fn == NULL || dc_json_parse(body, len, &req, NULL) != 0)
        return -1;
    dc_model_result res;
    memset(&res, 0, sizeof res);
    dc_buf_init(&res.body);
    fn(m, req.root, &res);
    int rc = res.error == NULL && dc_json_parse(res.body.data, res.body.len, out, NULL) == 0 ? 0 : -1;
    dc_model_result_free(&res);
    dc_json_doc_free(&req);
    return rc;
}

void dc_model_context_build(dc_model *m, const char *op, const dc_json *req, dc_model_context *out)
{
    memset(out, 0, sizeof *out);
    m->now = dc_vclock_now_ms(m->clock);
    s_tick(m);
    out->ctx.has_now = true;
    out->ctx.now = (double)m->now / 1000.0;
    out->ctx.region = m->region;
    dc_context_fetch(dc_spec_operation(m->opt.spec, op), req, DC_CONTEXT_FOR_ENDPOINT, s_ctx_call, m, out->docs,
                     out->have);
    dc_context_apply(out->docs, out->have, &out->ctx);
}

void dc_model_context_free(dc_model_context *c)
{
    dc_context_docs_free(c->docs, c->have);
}
