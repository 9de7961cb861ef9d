/* model_tables.c - tables and items: table definitions (what a backup records
 * and a restore rebuilds), the per-table write history that point-in-time
 * restores read, TableDescription, and CreateTable, DescribeTable, DeleteTable,
 * PutItem, GetItem, DeleteItem, Scan ([S:backup-lifecycle], [S:rec-table-crud-localstack]). */
#include "endpoint/model_internal.h"

static const char *const s_status_names[] = {"CREATING", "ACTIVE", "DELETING"};

/* TableName members accept a table ARN since 2024-03 ([S:model-history]): the name is
 * the resource after "table/". Returns a malloc'd name. */
char *dc_model_table_name_of(const char *name_or_arn)
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

/* ------------------------------------------------------------ defs */

void dc_model_index_free(dc_model_index *x)
{
    free(x->name);
    free(x->key_schema);
    free(x->projection);
    free(x->ondemand);
}

void dc_model_def_free(dc_model_def *d)
{
    free(d->key_schema);
    free(d->attr_defs);
    free(d->hash_key);
    free(d->range_key);
    for (size_t i = 0; i < d->ngsis; i++)
        dc_model_index_free(&d->gsis[i]);
    free(d->gsis);
    for (size_t i = 0; i < d->nlsis; i++)
        dc_model_index_free(&d->lsis[i]);
    free(d->lsis);
    free(d->ondemand);
    free(d->kms_arn);
    free(d->stream);
    free(d->ttl_attr);
    for (size_t i = 0; i < d->nvindexes; i++)
        dc_model_vindex_free(&d->vindexes[i]);
    free(d->vindexes);
    memset(d, 0, sizeof *d);
}

void dc_model_index_copy(dc_model_index *dst, const dc_model_index *src)
{
    dst->name = dc_xstrdup(src->name);
    dst->key_schema = dc_xstrdup(src->key_schema);
    dst->projection = dc_xstrdup(src->projection);
    dst->has_pt = src->has_pt;
    dst->rcu = src->rcu;
    dst->wcu = src->wcu;
    dst->ondemand = s_strdup_or_null(src->ondemand);
}

void dc_model_def_copy(dc_model_def *dst, const dc_model_def *src)
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
        dc_model_index_copy(&dst->gsis[i], &src->gsis[i]);
    dst->nlsis = src->nlsis;
    dst->lsis = dc_xcalloc(src->nlsis, sizeof *dst->lsis);
    for (size_t i = 0; i < src->nlsis; i++)
        dc_model_index_copy(&dst->lsis[i], &src->lsis[i]);
    dst->pay_per_request = src->pay_per_request;
    dst->rcu = src->rcu;
    dst->wcu = src->wcu;
    dst->ondemand = s_strdup_or_null(src->ondemand);
    dst->sse = src->sse;
    dst->kms_arn = s_strdup_or_null(src->kms_arn);
    dst->stream = s_strdup_or_null(src->stream);
    dst->ttl_attr = s_strdup_or_null(src->ttl_attr);
    dst->nvindexes = src->nvindexes;
    dst->vindexes = dc_xcalloc(src->nvindexes, sizeof *dst->vindexes);
    for (size_t i = 0; i < src->nvindexes; i++)
        dc_model_vindex_copy(&dst->vindexes[i], &src->vindexes[i]);
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

void dc_model_apply_sse(dc_model *m, dc_model_def *d, const dc_json *spec)
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
bool dc_model_pt(const dc_json *pt, int64_t *rcu, int64_t *wcu)
{
    return dc_json_is_object(pt) && s_int(pt, "ReadCapacityUnits", rcu) && s_int(pt, "WriteCapacityUnits", wcu);
}

static int s_index_from_json(dc_model_index *x, const dc_json *j)
{
    const char *name = s_str(j, "IndexName");
    const dc_json *ks = dc_json_get(j, "KeySchema"), *pr = dc_json_get(j, "Projection");
    if (name == NULL || !dc_json_is_array(ks) || !dc_json_is_object(pr))
        return -1;
    x->name = dc_xstrdup(name);
    x->key_schema = s_print(ks);
    x->projection = s_print(pr);
    x->has_pt = dc_model_pt(dc_json_get(j, "ProvisionedThroughput"), &x->rcu, &x->wcu);
    const dc_json *od = dc_json_get(j, "OnDemandThroughput");
    x->ondemand = dc_json_is_object(od) ? s_print(od) : NULL;
    return 0;
}

/* One index list of CreateTable (member names it in the error); the entries
 * read so far stay counted in *n, so dc_model_def_free frees them. */
static bool s_indexes_from_json(dc_model *m, dc_model_index **list, size_t *n, const dc_json *arr, const char *member,
                                dc_model_result *out)
{
    *list = dc_xcalloc(arr->count, sizeof **list);
    for (size_t i = 0; i < arr->count; i++, (*n)++)
        if (s_index_from_json(&(*list)[i], &arr->items[i]) != 0) {
            dc_model_fail(m, out, DC_MSG_ID("create-table-index-malformed"), "member", member, NULL);
            return false;
        }
    return true;
}

/* CreateTable's request -> def. false (and out failed) when the request
 * cannot make a table. */
static bool s_def_from_create(dc_model *m, dc_model_def *d, const dc_json *req, dc_model_result *out)
{
    memset(d, 0, sizeof *d);
    const dc_json *ks = dc_json_get(req, "KeySchema");
    if (!dc_json_is_array(ks) || ks->count == 0) {
        dc_model_fail_not_null(m, out, "keySchema");
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
        dc_model_fail(m, out, DC_MSG_ID("create-table-first-key-not-hash"), NULL);
        return false;
    }
    d->key_schema = s_print(ks);
    const dc_json *ad = dc_json_get(req, "AttributeDefinitions");
    d->attr_defs = dc_json_is_array(ad) ? s_print(ad) : dc_xstrdup("[]");
    const char *bm = s_str(req, "BillingMode");
    d->pay_per_request = bm != NULL && strcmp(bm, "PAY_PER_REQUEST") == 0;
    if (!d->pay_per_request && !dc_model_pt(dc_json_get(req, "ProvisionedThroughput"), &d->rcu, &d->wcu)) {
        dc_model_fail(m, out, DC_MSG_ID("create-table-provisioned-needs-throughput"), NULL);
        return false;
    }
    const dc_json *gs = dc_json_get(req, "GlobalSecondaryIndexes");
    if (dc_json_is_array(gs)) {
        d->has_gsis = true;
        if (!s_indexes_from_json(m, &d->gsis, &d->ngsis, gs, "GlobalSecondaryIndexes", out))
            return false;
    }
    const dc_json *ls = dc_json_get(req, "LocalSecondaryIndexes");
    if (dc_json_is_array(ls) && !s_indexes_from_json(m, &d->lsis, &d->nlsis, ls, "LocalSecondaryIndexes", out))
        return false;
    const dc_json *od = dc_json_get(req, "OnDemandThroughput");
    d->ondemand = dc_json_is_object(od) ? s_print(od) : NULL;
    const dc_json *sse = dc_json_get(req, "SSESpecification");
    if (dc_json_is_object(sse))
        dc_model_apply_sse(m, d, sse);
    const dc_json *st = dc_json_get(req, "StreamSpecification");
    if (dc_json_is_object(st) && dc_json_get(st, "StreamEnabled") != NULL &&
        dc_json_get(st, "StreamEnabled")->type == DC_JSON_TRUE)
        d->stream = s_print(st);
    const dc_json *vx = dc_json_get(req, "VectorIndexes");
    if (dc_json_is_array(vx) && !dc_model_vindexes_from_json(d, vx)) {
        dc_model_fail(m, out, DC_MSG_ID("create-table-index-malformed"), "member", "VectorIndexes", NULL);
        return false;
    }
    return true;
}

/* ------------------------------------------------------------ tables */

dc_model_status dc_model_table_status(const dc_model *m, const dc_model_table *t)
{
    if (t->deleting)
        return DC_MODEL_DELETING;
    return m->now < t->active_at_ms ? DC_MODEL_CREATING : DC_MODEL_ACTIVE;
}

void dc_model_table_free(dc_model_table *t)
{
    if (t == NULL)
        return;
    free(t->name);
    free(t->arn);
    dc_model_def_free(&t->def);
    free(t->restore_backup_arn);
    free(t->restore_source_arn);
    dc_model_tags_free(t);
    free(t->table_class);
    for (size_t i = 0; i < t->nwrites; i++) {
        free(t->writes[i].key);
        free(t->writes[i].item);
    }
    free(t->writes);
    free(t);
}

/* Table names are per account: the caller sees only its own tables. */
dc_model_table *dc_model_find_table(dc_model *m, const char *name)
{
    for (size_t i = 0; i < m->ntables; i++)
        if (strcmp(m->tables[i]->name, name) == 0 && strcmp(m->tables[i]->account, m->caller) == 0)
            return m->tables[i];
    return NULL;
}

dc_model_table *dc_model_new_table(dc_model *m, const char *name, dc_model_def *def_moved, int64_t ready_ms)
{
    dc_model_table *t = dc_xcalloc(1, sizeof *t);
    t->name = dc_xstrdup(name);
    memcpy(t->account, m->caller, sizeof t->account);
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_printf(&b, "arn:aws:dynamodb:%s:%s:table/%s", m->region, t->account, name);
    t->arn = dc_buf_take(&b);
    dc_model_uuid(m, t->id);
    t->created_ms = m->now;
    t->active_at_ms = m->now + ready_ms;
    t->def = *def_moved;
    memset(def_moved, 0, sizeof *def_moved);
    m->tables = dc_xrealloc(m->tables, (m->ntables + 1) * sizeof *m->tables);
    m->tables[m->ntables++] = t;
    return t;
}

void dc_model_add_write(dc_model_table *t, int64_t at, const char *key, const char *item)
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
    const dc_model_write *w;
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
const dc_model_write **dc_model_items_at(const dc_model_table *t, int64_t at, size_t *n)
{
    s_wref *refs = dc_xcalloc(t->nwrites, sizeof *refs);
    size_t nr = 0;
    for (size_t i = 0; i < t->nwrites; i++)
        if (t->writes[i].t_ms <= at)
            refs[nr++] = (s_wref){&t->writes[i], i};
    qsort(refs, nr, sizeof *refs, s_wref_cmp);
    const dc_model_write **out = dc_xcalloc(nr, sizeof *out);
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
static char *s_item_key(const dc_model_def *d, const dc_json *obj, const char **missing)
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

void dc_model_put_pt(dc_buf *b, const char *k, int64_t rcu, int64_t wcu, bool full)
{
    dc_jsonw_key(b, k);
    dc_buf_putc(b, '{');
    if (full)
        dc_jsonw_member_int(b, "NumberOfDecreasesToday", 0);
    dc_jsonw_member_int(b, "ReadCapacityUnits", rcu);
    dc_jsonw_member_int(b, "WriteCapacityUnits", wcu);
    dc_buf_putc(b, '}');
}

void dc_model_put_sse(dc_buf *b, const dc_model_def *d)
{
    dc_jsonw_key(b, "SSEDescription");
    dc_buf_putc(b, '{');
    dc_jsonw_member_string(b, "KMSMasterKeyArn", d->kms_arn ? d->kms_arn : "");
    dc_jsonw_member_string(b, "SSEType", "KMS");
    dc_jsonw_member_string(b, "Status", "ENABLED");
    dc_buf_putc(b, '}');
}

/* One index list of a table (gsi: GlobalSecondaryIndexes, else
 * LocalSecondaryIndexes; nothing when empty): with table_arn, as
 * TableDescription shows them (*IndexDescription: status, sizes, ARN); without,
 * as a backup recorded them in SourceTableFeatureDetails (*IndexInfo, facts
 * [S:backup-lifecycle]). Members in code-point order. */
void dc_model_put_index_list(dc_buf *b, const dc_model_def *d, bool gsi, const char *table_arn, dc_model_status st)
{
    bool full = table_arn != NULL;
    size_t n = gsi ? d->ngsis : d->nlsis;
    if (n == 0)
        return;
    dc_jsonw_key(b, gsi ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
    dc_buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        const dc_model_index *x = gsi ? &d->gsis[i] : &d->lsis[i];
        dc_jsonw_sep(b);
        dc_buf_putc(b, '{');
        if (full) {
            dc_jsonw_key(b, "IndexArn");
            dc_buf_printf(b, "\"%s/index/%s\"", table_arn, x->name);
        }
        dc_jsonw_member_string(b, "IndexName", x->name);
        if (full)
            dc_jsonw_member_int(b, "IndexSizeBytes", 0);
        if (gsi && full)
            dc_jsonw_member_string(b, "IndexStatus", st == DC_MODEL_CREATING ? "CREATING" : "ACTIVE");
        if (full)
            dc_jsonw_member_int(b, "ItemCount", 0);
        dc_jsonw_member_raw(b, "KeySchema", x->key_schema);
        if (gsi && x->ondemand)
            dc_jsonw_member_raw(b, "OnDemandThroughput", x->ondemand);
        dc_jsonw_member_raw(b, "Projection", x->projection);
        if (gsi)
            dc_model_put_pt(b, "ProvisionedThroughput", d->pay_per_request || !x->has_pt ? 0 : x->rcu,
                            d->pay_per_request || !x->has_pt ? 0 : x->wcu, full);
        dc_buf_putc(b, '}');
    }
    dc_buf_putc(b, ']');
}

/* TableDescription as DescribeTable/CreateTable/restores show it. */
void dc_model_put_table_desc(dc_model *m, dc_buf *b, const dc_model_table *t, dc_model_status st)
{
    (void)m;
    const dc_model_def *d = &t->def;
    /* members in code-point order; sizes and counts are lagging statistics on
     * the real service ([S:backup-lifecycle]) */
    dc_buf_putc(b, '{');
    dc_jsonw_member_raw(b, "AttributeDefinitions", d->attr_defs);
    dc_jsonw_key(b, "BillingModeSummary");
    dc_buf_putc(b, '{');
    dc_jsonw_member_string(b, "BillingMode", d->pay_per_request ? "PAY_PER_REQUEST" : "PROVISIONED");
    dc_buf_putc(b, '}');
    s_member_time(b, "CreationDateTime", t->created_ms);
    dc_jsonw_member_bool(b, "DeletionProtectionEnabled", t->deletion_protection);
    dc_model_put_index_list(b, d, true, t->arn, st);
    dc_jsonw_member_int(b, "ItemCount", 0);
    dc_jsonw_member_raw(b, "KeySchema", d->key_schema);
    if (d->stream) {
        dc_jsonw_key(b, "LatestStreamArn");
        dc_buf_printf(b, "\"%s/stream/2020-01-01T00:00:00.000\"", t->arn);
        dc_jsonw_key(b, "LatestStreamLabel");
        dc_buf_puts(b, "\"2020-01-01T00:00:00.000\"");
    }
    dc_model_put_index_list(b, d, false, t->arn, st);
    if (d->ondemand)
        dc_jsonw_member_raw(b, "OnDemandThroughput", d->ondemand);
    dc_model_put_pt(b, "ProvisionedThroughput", d->pay_per_request ? 0 : d->rcu, d->pay_per_request ? 0 : d->wcu, true);
    if (t->is_restore && st == DC_MODEL_CREATING) {
        /* present only while the restore runs ([S:restore-from-backup], AQ 216) */
        dc_jsonw_key(b, "RestoreSummary");
        dc_buf_putc(b, '{');
        s_member_time(b, "RestoreDateTime", t->restore_time_ms);
        dc_jsonw_member_bool(b, "RestoreInProgress", true);
        if (t->restore_backup_arn)
            dc_jsonw_member_string(b, "SourceBackupArn", t->restore_backup_arn);
        dc_jsonw_member_string(b, "SourceTableArn", t->restore_source_arn);
        dc_buf_putc(b, '}');
    }
    if (d->sse)
        dc_model_put_sse(b, d);
    if (d->stream)
        dc_jsonw_member_raw(b, "StreamSpecification", d->stream);
    dc_jsonw_member_string(b, "TableArn", t->arn);
    if (t->table_class) {
        /* absent for a table whose class was never set (a restored one: [S:restore-inheritance]) */
        dc_jsonw_key(b, "TableClassSummary");
        dc_buf_putc(b, '{');
        dc_jsonw_member_string(b, "TableClass", t->table_class);
        dc_buf_putc(b, '}');
    }
    dc_jsonw_member_string(b, "TableId", t->id);
    dc_jsonw_member_string(b, "TableName", t->name);
    dc_jsonw_member_int(b, "TableSizeBytes", 0);
    dc_jsonw_member_string(b, "TableStatus", s_status_names[st]);
    dc_model_put_vindexes(b, d, t->arn, st);
    dc_buf_putc(b, '}');
}

/* DeleteTable's reduced description ([S:rec-table-crud-localstack]). */
static void s_put_deleted_desc(dc_buf *b, const dc_model_table *t)
{
    dc_buf_putc(b, '{');
    dc_jsonw_member_bool(b, "DeletionProtectionEnabled", t->deletion_protection);
    dc_jsonw_member_int(b, "ItemCount", 0);
    dc_model_put_pt(b, "ProvisionedThroughput", t->def.pay_per_request ? 0 : t->def.rcu,
                    t->def.pay_per_request ? 0 : t->def.wcu, true);
    dc_jsonw_member_string(b, "TableArn", t->arn);
    dc_jsonw_member_string(b, "TableId", t->id);
    dc_jsonw_member_string(b, "TableName", t->name);
    dc_jsonw_member_int(b, "TableSizeBytes", 0);
    dc_jsonw_member_string(b, "TableStatus", "DELETING");
    dc_buf_putc(b, '}');
}

void dc_model_op_create_table(dc_model *m, const dc_json *req, dc_model_result *out)
{
    const char *given = s_str(req, "TableName");
    if (!dc_model_require(m, out, given, "TableName"))
        return;
    char *name = dc_model_table_name_of(given);
    dc_model_def def;
    memset(&def, 0, sizeof def);
    dc_model_table *t = dc_model_find_table(m, name);
    if (t != NULL) {
        dc_model_status st = dc_model_table_status(m, t);
        if (st == DC_MODEL_ACTIVE)
            dc_model_fail(m, out, DC_MSG_ID("resource-in-use-table-exists"), "name", name, NULL);
        else if (st == DC_MODEL_DELETING)
            dc_model_fail(m, out, DC_MSG_ID("resource-in-use-being-deleted"), "name", name, NULL);
        else if (t->is_restore)
            dc_model_fail(m, out, DC_MSG_ID("resource-in-use-being-used-prefixed"), "name", name, NULL);
        else
            dc_model_fail(m, out, DC_MSG_ID("resource-in-use-being-created"), "name", name, NULL);
        goto cleanup;
    }
    if (m->ntables >= DC_MODEL_MAX_TABLES) {
        dc_model_fail(m, out, DC_MSG_ID("table-limit-exceeded"), "n", s_number(DC_MODEL_MAX_TABLES).text, NULL);
        goto cleanup;
    }
    if (!dc_model_table_ops_capacity(m, out))
        goto cleanup;
    if (!s_def_from_create(m, &def, req, out))
        goto cleanup;
    t = dc_model_new_table(m, name, &def, m->opt.table_create_ms);
    dc_model_table_settings_from_create(t, req);
    dc_buf_puts(&out->body, "{\"TableDescription\":");
    dc_model_put_table_desc(m, &out->body, t, DC_MODEL_CREATING);
    dc_buf_putc(&out->body, '}');
cleanup:
    dc_model_def_free(&def);
    free(name);
}

static dc_model_table *s_table_for_describe(dc_model *m, const dc_json *req, dc_model_result *out, char **name_out)
{
    const char *given = s_str(req, "TableName");
    if (!dc_model_require(m, out, given, "TableName"))
        return NULL;
    char *name = dc_model_table_name_of(given);
    dc_model_table *t = dc_model_find_table(m, name);
    if (t == NULL)
        dc_model_fail(m, out, DC_MSG_ID("resource-not-found-table"), "name", name, NULL);
    if (name_out)
        *name_out = name;
    else
        free(name);
    return t;
}

void dc_model_op_describe_table(dc_model *m, const dc_json *req, dc_model_result *out)
{
    dc_model_table *t = s_table_for_describe(m, req, out, NULL);
    if (t == NULL)
        return;
    dc_buf_puts(&out->body, "{\"Table\":");
    dc_model_put_table_desc(m, &out->body, t, dc_model_table_status(m, t));
    dc_buf_putc(&out->body, '}');
}

void dc_model_op_delete_table(dc_model *m, const dc_json *req, dc_model_result *out)
{
    dc_model_table *t = s_table_for_describe(m, req, out, NULL);
    if (t == NULL)
        return;
    dc_model_status st = dc_model_table_status(m, t);
    if (st == DC_MODEL_CREATING) {
        dc_model_fail(m, out, DC_MSG_ID("resource-in-use-being-created"), "name", t->name, NULL);
        return;
    }
    if (st == DC_MODEL_DELETING) {
        dc_model_fail(m, out, DC_MSG_ID("resource-in-use-being-deleted"), "name", t->name, NULL);
        return;
    }
    if (t->deletion_protection) {
        dc_model_fail(m, out, DC_MSG_ID("delete-table-deletion-protected"), NULL);
        return;
    }
    if (!dc_model_table_ops_capacity(m, out))
        return;
    if (t->pitr) {
        /* the SYSTEM backup of a PITR-enabled table ([S:backup-lifecycle]); the real one
         * appears ~8-10 s later, the model makes it at once */
        dc_buf nb;
        dc_buf_init(&nb);
        dc_buf_printf(&nb, "%s$DeletedTableBackup", t->name);
        dc_model_new_backup(m, t, (const char *)nb.data, true);
        dc_buf_free(&nb);
    }
    t->deleting = true;
    t->gone_at_ms = m->now + m->opt.table_delete_ms;
    dc_buf_puts(&out->body, "{\"TableDescription\":");
    s_put_deleted_desc(&out->body, t);
    dc_buf_putc(&out->body, '}');
}

/* Data-plane ops answer a missing table with the short RNF text, and a
 * CREATING one too: "Requested resource not found", never ResourceInUse
 * ([S:creating-table-data-plane]: recorded for CreateTable-made tables, inferred
 * for restore targets, which can be written "only after it becomes active"). */
static dc_model_table *s_table_for_items(dc_model *m, const dc_json *req, dc_model_result *out)
{
    const char *given = s_str(req, "TableName");
    if (!dc_model_require(m, out, given, "TableName"))
        return NULL;
    char *name = dc_model_table_name_of(given);
    dc_model_table *t = dc_model_find_table(m, name);
    free(name);
    if (t == NULL || dc_model_table_status(m, t) != DC_MODEL_ACTIVE) {
        dc_model_fail(m, out, DC_MSG_ID("resource-not-found"), NULL);
        return NULL;
    }
    return t;
}

void dc_model_op_put_item(dc_model *m, const dc_json *req, dc_model_result *out)
{
    dc_model_table *t = s_table_for_items(m, req, out);
    if (t == NULL)
        return;
    const dc_json *item = dc_json_get(req, "Item");
    if (!dc_json_is_object(item)) {
        dc_model_require(m, out, NULL, "Item");
        return;
    }
    const char *missing = NULL;
    char *key = s_item_key(&t->def, item, &missing);
    if (key == NULL) {
        dc_model_fail(m, out, DC_MSG_ID("item-missing-key"), "key", missing, NULL);
        return;
    }
    if (t->nwrites >= DC_MODEL_MAX_WRITES) {
        dc_model_fail(m, out, DC_MSG_ID("serve-item-write-limit"), "n", s_number(DC_MODEL_MAX_WRITES).text, NULL);
        free(key);
        return;
    }
    char *text = s_print(item);
    dc_model_add_write(t, m->now, key, text);
    free(text);
    free(key);
    dc_buf_puts(&out->body, "{}");
}

static const dc_model_write *s_current_item(const dc_model_table *t, const char *key)
{
    for (size_t i = t->nwrites; i-- > 0;)
        if (strcmp(t->writes[i].key, key) == 0)
            return &t->writes[i];
    return NULL;
}

static char *s_key_of_request(const dc_model *m, dc_model_table *t, const dc_json *req, dc_model_result *out)
{
    const dc_json *k = dc_json_get(req, "Key");
    if (!dc_json_is_object(k)) {
        dc_model_require(m, out, NULL, "Key");
        return NULL;
    }
    const char *missing = NULL;
    char *key = s_item_key(&t->def, k, &missing);
    if (key == NULL)
        dc_model_fail(m, out, DC_MSG_ID("key-element-mismatch"), NULL);
    return key;
}

/* GetItem/DeleteItem: the table and the key text of the request (owned), or
 * NULL with out failed. */
static char *s_item_of_request(dc_model *m, const dc_json *req, dc_model_result *out, dc_model_table **table)
{
    *table = s_table_for_items(m, req, out);
    return *table == NULL ? NULL : s_key_of_request(m, *table, req, out);
}

void dc_model_op_get_item(dc_model *m, const dc_json *req, dc_model_result *out)
{
    dc_model_table *t = NULL;
    char *key = s_item_of_request(m, req, out, &t);
    if (key == NULL)
        return;
    const dc_model_write *w = s_current_item(t, key);
    if (w != NULL && w->item != NULL) {
        dc_buf_puts(&out->body, "{\"Item\":");
        dc_buf_puts(&out->body, w->item);
        dc_buf_putc(&out->body, '}');
    } else {
        dc_buf_puts(&out->body, "{}");
    }
    free(key);
}

void dc_model_op_delete_item(dc_model *m, const dc_json *req, dc_model_result *out)
{
    dc_model_table *t = NULL;
    char *key = s_item_of_request(m, req, out, &t);
    if (key == NULL)
        return;
    if (t->nwrites < DC_MODEL_MAX_WRITES)
        dc_model_add_write(t, m->now, key, NULL);
    free(key);
    dc_buf_puts(&out->body, "{}");
}

void dc_model_op_scan(dc_model *m, const dc_json *req, dc_model_result *out)
{
    dc_model_table *t = s_table_for_items(m, req, out);
    if (t == NULL)
        return;
    size_t n = 0;
    const dc_model_write **live = dc_model_items_at(t, m->now, &n);
    dc_buf_printf(&out->body, "{\"Count\":%zu,\"Items\":[", n);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            dc_buf_putc(&out->body, ',');
        dc_buf_puts(&out->body, live[i]->item);
    }
    dc_buf_printf(&out->body, "],\"ScannedCount\":%zu}", n);
    free(live);
}

static int s_name_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The caller's tables (DELETING ones until they are gone) in name order, a
 * page of Limit (default and most 100) after ExclusiveStartTableName;
 * LastEvaluatedTableName when more follow ([S:model-operations] BC ListTables). */
void dc_model_op_list_tables(dc_model *m, const dc_json *req, dc_model_result *out)
{
    int64_t limit = 100;
    if (!s_int(req, "Limit", &limit) || limit < 1 || limit > 100)
        limit = 100; /* validation refused the others before the model */
    const char *start = s_str(req, "ExclusiveStartTableName");
    const char **names = dc_xcalloc(m->ntables + 1, sizeof *names);
    size_t n = 0;
    for (size_t i = 0; i < m->ntables; i++)
        if (strcmp(m->tables[i]->account, m->caller) == 0 && (start == NULL || strcmp(m->tables[i]->name, start) > 0))
            names[n++] = m->tables[i]->name;
    qsort(names, n, sizeof *names, s_name_cmp);
    size_t page = n < (size_t)limit ? n : (size_t)limit;
    dc_jsonw_object(&out->body);
    if (page < n)
        dc_jsonw_member_string(&out->body, "LastEvaluatedTableName", names[page - 1]);
    dc_jsonw_key(&out->body, "TableNames");
    dc_jsonw_array(&out->body);
    for (size_t i = 0; i < page; i++)
        dc_jsonw_string(&out->body, names[i]);
    dc_jsonw_array_end(&out->body);
    dc_jsonw_object_end(&out->body);
    free(names);
}

/* Source table of CreateBackup / continuous backups: a CREATING table is not
 * found ([S:create-backup-conditions], [S:continuous-backups]). */
dc_model_table *dc_model_source_table(dc_model *m, const char *member, const dc_json *req, dc_model_result *out)
{
    const char *given = s_str(req, member);
    if (!dc_model_require(m, out, given, member))
        return NULL;
    char *name = dc_model_table_name_of(given);
    dc_model_table *t = dc_model_find_table(m, name);
    if (t == NULL || dc_model_table_status(m, t) == DC_MODEL_CREATING) {
        dc_model_fail(m, out, DC_MSG_ID("table-not-found"), "name", name, NULL);
        t = NULL;
    }
    free(name);
    return t;
}
