/* model_internal.h - what the parts of the model share (private to
 * harness/endpoint/model*.c; everything else includes model.h only).
 *
 * The model is split by resource behind the one dispatch in model.c:
 *   model.c          lifecycle, the clock tick, the dispatch table, the context
 *   model_tables.c   table definitions, tables and items (the write history)
 *   model_backups.c  backups, their ARN index, ListBackups
 *   model_pitr.c     continuous backups and the PITR window
 *   model_restore.c  both restores and their overrides
 *   model_settings.c the settings a restore keeps or drops (TTL, tags, deletion
 *                    protection, table class, UpdateTable) and vector indexes
 *
 * Facts used (the repo copy is tests/data/serve-facts.md): [S:backup-lifecycle] to [S:continuous-backups] for the
 * lifecycle rules. Every error text is a spec/messages.json entry, named by id
 * (each entry carries its source); the error is the entry's type. Times are
 * epoch ms (int64) inside; the wire form is Java-double epoch seconds
 * (core/javafmt.h).
 *
 * The small helpers below (request accessors, the Java-time member) are
 * static inline: each part gets its own copy, as when they were one file. */
#ifndef DC_MODEL_INTERNAL_H
#define DC_MODEL_INTERNAL_H

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arn.h"
#include "core/hash.h"
#include "core/javafmt.h"
#include "core/jsonw.h"
#include "endpoint/model.h"

#define DC_MODEL_DAY_MS ((int64_t)86400000)

/* ---------------------------------------------------------------- data */

typedef struct {
    char *name;
    char *key_schema; /* JSON array text as given */
    char *projection; /* JSON object text as given */
    bool has_pt;
    int64_t rcu, wcu;
    char *ondemand; /* JSON object text or NULL */
} dc_model_index;

/* A vector index (model 2026-08-04): its definition as CreateTable gave it. */
typedef struct {
    char *name;
    char *attr; /* VectorAttribute.AttributeName */
    int64_t dimensions;
    char *distance;      /* DistanceFunction */
    char *projection;    /* JSON object text */
    char *search_schema; /* JSON array text or NULL */
} dc_model_vindex;

/* What a table is made of; a backup records one and a restore rebuilds from it. */
typedef struct {
    char *key_schema; /* JSON array text */
    char *attr_defs;  /* JSON array text */
    char *hash_key, *range_key;
    dc_model_index *gsis;
    size_t ngsis;
    bool has_gsis; /* the table was created with a GlobalSecondaryIndexes member */
    dc_model_index *lsis;
    size_t nlsis;
    bool pay_per_request;
    int64_t rcu, wcu;
    char *ondemand; /* JSON object text or NULL */
    bool sse;
    char *kms_arn;
    char *stream;   /* StreamSpecification JSON text or NULL */
    char *ttl_attr; /* the TTL attribute while TTL is enabled, else NULL: backups record it, restores drop it */
    dc_model_vindex *vindexes;
    size_t nvindexes;
} dc_model_def;

/* One tag of a table (TagResource / CreateTable Tags). */
typedef struct {
    char *key, *value;
} dc_model_tag;

typedef struct {
    int64_t t_ms;
    char *key;  /* canonical key text */
    char *item; /* JSON object text; NULL = deleted */
} dc_model_write;

typedef struct {
    char *name, *arn;
    char id[37];
    char account[13]; /* the owner: the caller that created it; other accounts do not see it */
    int64_t created_ms, active_at_ms;
    bool deleting;
    int64_t gone_at_ms;
    dc_model_def def;
    bool is_restore;
    char *restore_backup_arn; /* NULL for PITR restores */
    char *restore_source_arn;
    int64_t restore_time_ms;
    bool pitr;
    int64_t pitr_enabled_ms;    /* EarliestRestorableDateTime after enable: the enable time at whole seconds */
    int64_t pitr_enabled_at_ms; /* the enable call itself: a restore to [pitr_enabled_ms, this] sees its state */
    int recovery_days;
    /* settings no backup records, so no restore brings them back ([S:restore-inheritance]) */
    dc_model_tag *tags;
    size_t ntags;
    bool deletion_protection;
    char *table_class; /* NULL: never set (no TableClassSummary) */
    dc_model_write *writes;
    size_t nwrites, capwrites;
} dc_model_table;

typedef struct dc_model_backup {
    char *arn, *name;
    char account[13]; /* the source table's owner, as in the ARN */
    bool system;
    int64_t created_ms, available_at_ms, expiry_ms;
    char *table_name, *table_arn;
    char table_id[37];
    int64_t table_created_ms;
    dc_model_def def;
    dc_model_write *items; /* snapshot: the live items at backup time */
    size_t nitems;
    /* ListBackups' summary without its BackupStatus (the only member that
     * changes with time): summary[0, status_at) "<status>" summary[status_at..] */
    char *summary;
    size_t status_at, summary_len;
    dc_hash_node arn_node; /* in dc_model.arn_index, keyed by s_arn_hash(arn) (model_backups.c) */
} dc_model_backup;

struct dc_model {
    dc_model_options opt;
    char *region, *account;
    char caller[13]; /* the account the current call runs as (dc_model_set_caller); default account */
    dc_vclock *clock;
    uint64_t rng;
    dc_model_table **tables;
    size_t ntables;
    dc_model_backup **backups; /* sorted by (created_ms, arn): ListBackups order and cursor order */
    size_t nbackups;
    /* the same backups by s_arn_hash of their ARN (core/hash.h): DescribeBackup
     * & co. of an unknown ARN stop scanning all of them */
    dc_hash arn_index;
    int64_t now; /* read once per operation */
};

typedef enum { DC_MODEL_CREATING, DC_MODEL_ACTIVE, DC_MODEL_DELETING } dc_model_status;

/* ------------------------------------------------------------ JSON writer */

/* The service writes the members of every object in code-point order of their
 * names, error bodies included ([S:member-order]: 20 CRC-verified real bodies match
 * only so). The writers below emit members in that order by hand, which costs
 * nothing per answer; tests/unit/test_model.c parses every answer of a full
 * scenario and fails on a member out of order. */

/* The one JSON writer (core/jsonw.h) writes the members; the model keeps
 * their order. Times are Java-double epoch seconds (core/javafmt.h). */
static inline void s_member_time(dc_buf *b, const char *k, int64_t ms)
{
    char t[DC_JAVA_DOUBLE_MAX];
    dc_java_time_ms(ms, t);
    dc_jsonw_member_raw(b, k, t);
}

/* ------------------------------------------------------------- helpers */

static inline const char *s_str(const dc_json *obj, const char *k)
{
    return dc_json_string(dc_json_get(obj, k));
}

/* JSON the model keeps from a request (key schemas, projections, items) is
 * kept with its members in code-point order: it goes back out as it is, and
 * the service's bodies are sorted at every level ([S:member-order]). */
static inline char *s_print(const dc_json *v)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_json_print_sorted(v, &b);
    return dc_buf_take(&b);
}

static inline bool s_int(const dc_json *obj, const char *k, int64_t *out)
{
    const dc_json *v = dc_json_get(obj, k);
    return v != NULL && dc_json_int64(v, out) == DC_INT_OK;
}

/* A request timestamp (epoch seconds, any JSON number) to ms. */
static inline bool s_time_ms(const dc_json *obj, const char *k, int64_t *out)
{
    const dc_json *v = dc_json_get(obj, k);
    if (!dc_json_is_number(v) || !isfinite(v->num) || fabs(v->num) > 1e14)
        return false;
    *out = (int64_t)llround(v->num * 1000.0);
    return true;
}

static inline char *s_strdup_or_null(const char *s)
{
    return s ? dc_xstrdup(s) : NULL;
}

/* A number as a placeholder value. */
typedef struct {
    char text[24];
} s_num;

static inline s_num s_number(int64_t v)
{
    s_num n;
    snprintf(n.text, sizeof n.text, "%" PRId64, v);
    return n;
}

/* model.c */
uint64_t dc_model_rand(dc_model *m);
void dc_model_uuid(dc_model *m, char out[37]);
void dc_model_fail(const dc_model *m, dc_model_result *out, const char *id, ...);
void dc_model_fail_not_null(const dc_model *m, dc_model_result *out, const char *path);
bool dc_model_require(const dc_model *m, dc_model_result *out, const char *v, const char *member);
/* false (and out failed) when the caller has opt.max_changing_tables tables
 * CREATING or DELETING already; CreateTable, DeleteTable and restores ask. */
bool dc_model_table_ops_capacity(dc_model *m, dc_model_result *out);
/* How long a restore of n items stays CREATING. */
int64_t dc_model_restore_ms(const dc_model *m, size_t n);

/* model_tables.c */
char *dc_model_table_name_of(const char *name_or_arn);
void dc_model_index_free(dc_model_index *x);
void dc_model_def_free(dc_model_def *d);
void dc_model_index_copy(dc_model_index *dst, const dc_model_index *src);
void dc_model_def_copy(dc_model_def *dst, const dc_model_def *src);
void dc_model_apply_sse(dc_model *m, dc_model_def *d, const dc_json *spec);
bool dc_model_pt(const dc_json *pt, int64_t *rcu, int64_t *wcu);
dc_model_status dc_model_table_status(const dc_model *m, const dc_model_table *t);
void dc_model_table_free(dc_model_table *t);
dc_model_table *dc_model_find_table(dc_model *m, const char *name);
dc_model_table *dc_model_new_table(dc_model *m, const char *name, dc_model_def *def_moved, int64_t ready_ms);
void dc_model_add_write(dc_model_table *t, int64_t at, const char *key, const char *item);
const dc_model_write **dc_model_items_at(const dc_model_table *t, int64_t at, size_t *n);
void dc_model_put_pt(dc_buf *b, const char *k, int64_t rcu, int64_t wcu, bool full);
void dc_model_put_sse(dc_buf *b, const dc_model_def *d);
void dc_model_put_index_list(dc_buf *b, const dc_model_def *d, bool gsi, const char *table_arn, dc_model_status st);
void dc_model_put_table_desc(dc_model *m, dc_buf *b, const dc_model_table *t, dc_model_status st);
void dc_model_op_create_table(dc_model *m, const dc_json *req, dc_model_result *out);
void dc_model_op_describe_table(dc_model *m, const dc_json *req, dc_model_result *out);
void dc_model_op_delete_table(dc_model *m, const dc_json *req, dc_model_result *out);
void dc_model_op_put_item(dc_model *m, const dc_json *req, dc_model_result *out);
void dc_model_op_get_item(dc_model *m, const dc_json *req, dc_model_result *out);
void dc_model_op_delete_item(dc_model *m, const dc_json *req, dc_model_result *out);
void dc_model_op_scan(dc_model *m, const dc_json *req, dc_model_result *out);
void dc_model_op_list_tables(dc_model *m, const dc_json *req, dc_model_result *out);
dc_model_table *dc_model_source_table(dc_model *m, const char *member, const dc_json *req, dc_model_result *out);

/* model_backups.c */
bool dc_model_arn_account_other(const char *arn, const char *account);
void dc_model_backup_free(dc_model_backup *bk);
dc_model_backup *dc_model_new_backup(dc_model *m, const dc_model_table *t, const char *name, bool system);
bool dc_model_backups_enabling(const dc_model *m, const dc_model_table *t, dc_model_result *out);
void dc_model_op_create_backup(dc_model *m, const dc_json *req, dc_model_result *out);
dc_model_backup *dc_model_backup_of_request(dc_model *m, const dc_json *req, dc_model_result *out, size_t *index);
void dc_model_op_describe_backup(dc_model *m, const dc_json *req, dc_model_result *out);
void dc_model_op_delete_backup(dc_model *m, const dc_json *req, dc_model_result *out);
void dc_model_op_list_backups(dc_model *m, const dc_json *req, dc_model_result *out);

/* model_pitr.c */
void dc_model_pitr_window(const dc_model *m, const dc_model_table *t, int64_t *earliest, int64_t *latest);
void dc_model_op_describe_cb(dc_model *m, const dc_json *req, dc_model_result *out);
void dc_model_op_update_cb(dc_model *m, const dc_json *req, dc_model_result *out);

/* model_settings.c */
void dc_model_vindex_free(dc_model_vindex *x);
void dc_model_vindex_copy(dc_model_vindex *dst, const dc_model_vindex *src);
bool dc_model_vindexes_from_json(dc_model_def *d, const dc_json *arr);
void dc_model_put_vindexes(dc_buf *b, const dc_model_def *d, const char *table_arn, dc_model_status st);
bool dc_model_select_vindexes(dc_model_def *d, const dc_json *override, const char **bad_name);
void dc_model_tags_free(dc_model_table *t);
void dc_model_tags_set(dc_model_table *t, const dc_json *tags);
void dc_model_table_settings_from_create(dc_model_table *t, const dc_json *req);
void dc_model_op_update_table(dc_model *m, const dc_json *req, dc_model_result *out);
void dc_model_op_update_ttl(dc_model *m, const dc_json *req, dc_model_result *out);
void dc_model_op_describe_ttl(dc_model *m, const dc_json *req, dc_model_result *out);
void dc_model_op_tag_resource(dc_model *m, const dc_json *req, dc_model_result *out);
void dc_model_op_untag_resource(dc_model *m, const dc_json *req, dc_model_result *out);
void dc_model_op_list_tags(dc_model *m, const dc_json *req, dc_model_result *out);

/* model_restore.c */
const dc_model_table *dc_model_backup_restoring(const dc_model *m, const dc_model_backup *bk);
void dc_model_op_restore_from_backup(dc_model *m, const dc_json *req, dc_model_result *out);
void dc_model_op_restore_to_pitr(dc_model *m, const dc_json *req, dc_model_result *out);

#endif
