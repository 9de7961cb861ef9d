/* model_settings.c - the table settings a restore keeps or drops, and vector indexes.
 *
 * What a restored table inherits ([S:restore-inheritance]): items,
 * indexes as recorded, billing and capacity, on-demand maxima, SSE. What it does not:
 * streams and TTL (a backup records them in SourceTableFeatureDetails, the restore
 * drops them: model_restore.c), tags, PITR, deletion protection and the table class
 * (no backup records them: they live on the table, so a new table has none). The
 * operations here set them up and read them back, validated only as far as the
 * scenarios need (plumbing). Vector indexes (botocore model 2026-08-04) are part of
 * the def: backups record them, restores rebuild them unless VectorIndexOverride
 * keeps a subset. */
#include "endpoint/model_internal.h"

/* ------------------------------------------------------------ vector indexes */

void dc_model_vindex_free(dc_model_vindex *x)
{
    free(x->name);
    free(x->attr);
    free(x->distance);
    free(x->projection);
    free(x->search_schema);
}

void dc_model_vindex_copy(dc_model_vindex *dst, const dc_model_vindex *src)
{
    dst->name = dc_xstrdup(src->name);
    dst->attr = dc_xstrdup(src->attr);
    dst->dimensions = src->dimensions;
    dst->distance = dc_xstrdup(src->distance);
    dst->projection = dc_xstrdup(src->projection);
    dst->search_schema = s_strdup_or_null(src->search_schema);
}

/* One VectorIndex entry (CreateTable's VectorIndexes, a VectorIndexOverride entry). */
static bool s_vindex_from_json(dc_model_vindex *x, const dc_json *j)
{
    memset(x, 0, sizeof *x);
    const char *name = s_str(j, "IndexName"), *dist = s_str(j, "DistanceFunction");
    const char *attr = s_str(dc_json_get(j, "VectorAttribute"), "AttributeName");
    const dc_json *pr = dc_json_get(j, "Projection"), *ss = dc_json_get(j, "SearchSchema");
    int64_t dims = 0;
    if (name == NULL || dist == NULL || attr == NULL || !dc_json_is_object(pr) || !s_int(j, "Dimensions", &dims))
        return false;
    x->name = dc_xstrdup(name);
    x->attr = dc_xstrdup(attr);
    x->dimensions = dims;
    x->distance = dc_xstrdup(dist);
    x->projection = s_print(pr);
    x->search_schema = dc_json_is_array(ss) ? s_print(ss) : NULL;
    return true;
}

bool dc_model_vindexes_from_json(dc_model_def *d, const dc_json *arr)
{
    d->vindexes = dc_xcalloc(arr->count, sizeof *d->vindexes);
    for (size_t i = 0; i < arr->count; i++, d->nvindexes++)
        if (!s_vindex_from_json(&d->vindexes[i], &arr->items[i]))
            return false;
    return true;
}

/* The VectorIndexes list: with table_arn as TableDescription shows it
 * (VectorIndexDescription: ARN, status, sizes), without as a backup recorded it
 * (SourceTableFeatureDetails, VectorIndexInfo). Members in code-point order. */
void dc_model_put_vindexes(dc_buf *b, const dc_model_def *d, const char *table_arn, dc_model_status st)
{
    if (d->nvindexes == 0)
        return;
    bool full = table_arn != NULL;
    dc_jsonw_key(b, "VectorIndexes");
    dc_buf_putc(b, '[');
    for (size_t i = 0; i < d->nvindexes; i++) {
        const dc_model_vindex *x = &d->vindexes[i];
        dc_jsonw_sep(b);
        dc_buf_putc(b, '{');
        dc_jsonw_member_int(b, "Dimensions", x->dimensions);
        dc_jsonw_member_string(b, "DistanceFunction", x->distance);
        if (full) {
            dc_jsonw_key(b, "IndexArn");
            dc_buf_printf(b, "\"%s/index/%s\"", table_arn, x->name);
        }
        dc_jsonw_member_string(b, "IndexName", x->name);
        if (full) {
            dc_jsonw_member_int(b, "IndexSizeBytes", 0);
            dc_jsonw_member_string(b, "IndexStatus", st == DC_MODEL_CREATING ? "CREATING" : "ACTIVE");
            dc_jsonw_member_int(b, "ItemCount", 0);
        }
        dc_jsonw_member_raw(b, "Projection", x->projection);
        if (x->search_schema)
            dc_jsonw_member_raw(b, "SearchSchema", x->search_schema);
        dc_jsonw_key(b, "VectorAttribute");
        dc_buf_putc(b, '{');
        dc_jsonw_member_string(b, "AttributeName", x->attr);
        dc_buf_putc(b, '}');
        dc_buf_putc(b, '}');
    }
    dc_buf_putc(b, ']');
}

static bool s_text_equal(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

/* VectorIndexOverride: "The indexes provided must match existing vector indexes
 * from the backup. You can choose to exclude some or all" ([S:model-vector-indexes]).
 * The model reads "match" as the whole definition, name included (a full
 * definition is required by the shape; renaming is not described):
 * [S:vector-override-unrecorded]. An empty
 * list keeps none. false + *bad_name when an entry matches no recorded index. */
bool dc_model_select_vindexes(dc_model_def *d, const dc_json *override, const char **bad_name)
{
    dc_model_vindex *sel = dc_xcalloc(override->count, sizeof *sel);
    size_t nsel = 0;
    bool ok = true;
    for (size_t i = 0; i < override->count && ok; i++) {
        dc_model_vindex want;
        bool read = s_vindex_from_json(&want, &override->items[i]);
        size_t j = 0;
        for (; read && j < d->nvindexes; j++) {
            const dc_model_vindex *x = &d->vindexes[j];
            if (strcmp(x->name, want.name) == 0 && strcmp(x->attr, want.attr) == 0 &&
                x->dimensions == want.dimensions && strcmp(x->distance, want.distance) == 0 &&
                strcmp(x->projection, want.projection) == 0 && s_text_equal(x->search_schema, want.search_schema))
                break;
        }
        if (!read || j == d->nvindexes) {
            const char *name = s_str(&override->items[i], "IndexName");
            *bad_name = name ? name : "";
            ok = false;
        } else {
            dc_model_vindex_copy(&sel[nsel++], &d->vindexes[j]);
        }
        dc_model_vindex_free(&want);
    }
    if (!ok) {
        for (size_t i = 0; i < nsel; i++)
            dc_model_vindex_free(&sel[i]);
        free(sel);
        return false;
    }
    for (size_t i = 0; i < d->nvindexes; i++)
        dc_model_vindex_free(&d->vindexes[i]);
    free(d->vindexes);
    d->vindexes = sel;
    d->nvindexes = nsel;
    return true;
}

/* ------------------------------------------------------------ tags */

void dc_model_tags_free(dc_model_table *t)
{
    for (size_t i = 0; i < t->ntags; i++) {
        free(t->tags[i].key);
        free(t->tags[i].value);
    }
    free(t->tags);
    t->tags = NULL;
    t->ntags = 0;
}

/* Adds the {Key, Value} entries of tags; a key already there takes the new value. */
void dc_model_tags_set(dc_model_table *t, const dc_json *tags)
{
    if (!dc_json_is_array(tags))
        return;
    for (size_t i = 0; i < tags->count; i++) {
        const char *k = s_str(&tags->items[i], "Key"), *v = s_str(&tags->items[i], "Value");
        if (k == NULL || v == NULL)
            continue;
        size_t j = 0;
        while (j < t->ntags && strcmp(t->tags[j].key, k) != 0)
            j++;
        if (j == t->ntags) {
            if (t->ntags >= DC_MODEL_MAX_TAGS)
                continue; /* the service allows 50 per resource; past that serve keeps the first */
            t->tags = dc_xrealloc(t->tags, (t->ntags + 1) * sizeof *t->tags);
            t->tags[j].key = dc_xstrdup(k);
            t->tags[j].value = NULL;
            t->ntags++;
        }
        free(t->tags[j].value);
        t->tags[j].value = dc_xstrdup(v);
    }
}

static void s_tags_remove(dc_model_table *t, const dc_json *keys)
{
    if (!dc_json_is_array(keys))
        return;
    for (size_t i = 0; i < keys->count; i++) {
        const char *k = dc_json_string(&keys->items[i]);
        for (size_t j = 0; k != NULL && j < t->ntags; j++)
            if (strcmp(t->tags[j].key, k) == 0) {
                free(t->tags[j].key);
                free(t->tags[j].value);
                memmove(&t->tags[j], &t->tags[j + 1], (t->ntags - j - 1) * sizeof *t->tags);
                t->ntags--;
                break;
            }
    }
}

/* ------------------------------------------------------------ settings */

static void s_set_table_class(dc_model_table *t, const char *cls)
{
    if (cls == NULL)
        return;
    free(t->table_class);
    t->table_class = dc_xstrdup(cls);
}

void dc_model_table_settings_from_create(dc_model_table *t, const dc_json *req)
{
    dc_model_tags_set(t, dc_json_get(req, "Tags"));
    const dc_json *dp = dc_json_get(req, "DeletionProtectionEnabled");
    t->deletion_protection = dp != NULL && dp->type == DC_JSON_TRUE;
    s_set_table_class(t, s_str(req, "TableClass"));
}

/* The table a settings call names (a name or an ARN). A restore target is
 * ResourceNotFound to all of them for its whole CREATING window ([S:restore-target-settings-calls]); a CreateTable-made
 * CREATING table refuses changes as "being created" ([S:restore-target-settings-calls]) and answers reads. */
static dc_model_table *s_settings_table(dc_model *m, const char *given, bool change, dc_model_result *out)
{
    char *name = dc_model_table_name_of(given);
    dc_model_table *t = dc_model_find_table(m, name);
    dc_model_status st = t ? dc_model_table_status(m, t) : DC_MODEL_ACTIVE;
    if (t == NULL || (st == DC_MODEL_CREATING && t->is_restore)) {
        dc_model_fail(m, out, DC_MSG_ID("resource-not-found-table"), "name", name, NULL);
        t = NULL;
    } else if (change && st == DC_MODEL_CREATING) {
        dc_model_fail(m, out, DC_MSG_ID("resource-in-use-being-created"), "name", name, NULL);
        t = NULL;
    } else if (change && st == DC_MODEL_DELETING) {
        dc_model_fail(m, out, DC_MSG_ID("resource-in-use-being-deleted"), "name", name, NULL);
        t = NULL;
    }
    free(name);
    return t;
}

static dc_model_table *s_settings_table_of(dc_model *m, const dc_json *req, const char *member, bool change,
                                           dc_model_result *out)
{
    const char *given = s_str(req, member);
    if (!dc_model_require(m, out, given, member))
        return NULL;
    return s_settings_table(m, given, change, out);
}

/* UpdateTable: what a scenario changes after creation (deletion protection,
 * stream, table class, billing and capacity, on-demand maxima, SSE). The
 * service is UPDATING for seconds after a stream or class change ([S:restore-inheritance]); the model applies every
 * change at once. */
void dc_model_op_update_table(dc_model *m, const dc_json *req, dc_model_result *out)
{
    dc_model_table *t = s_settings_table_of(m, req, "TableName", true, out);
    if (t == NULL)
        return;
    dc_model_def *d = &t->def;
    const dc_json *dp = dc_json_get(req, "DeletionProtectionEnabled");
    if (dc_json_is_bool(dp))
        t->deletion_protection = dp->type == DC_JSON_TRUE;
    s_set_table_class(t, s_str(req, "TableClass"));
    const dc_json *st = dc_json_get(req, "StreamSpecification");
    if (dc_json_is_object(st)) {
        const dc_json *en = dc_json_get(st, "StreamEnabled");
        free(d->stream);
        d->stream = en != NULL && en->type == DC_JSON_TRUE ? s_print(st) : NULL;
    }
    const char *bm = s_str(req, "BillingMode");
    if (bm != NULL)
        d->pay_per_request = strcmp(bm, "PAY_PER_REQUEST") == 0;
    int64_t rcu, wcu;
    if (dc_model_pt(dc_json_get(req, "ProvisionedThroughput"), &rcu, &wcu)) {
        d->rcu = rcu;
        d->wcu = wcu;
    }
    const dc_json *od = dc_json_get(req, "OnDemandThroughput");
    if (dc_json_is_object(od)) {
        free(d->ondemand);
        d->ondemand = s_print(od);
    }
    const dc_json *sse = dc_json_get(req, "SSESpecification");
    if (dc_json_is_object(sse))
        dc_model_apply_sse(m, d, sse);
    dc_buf_puts(&out->body, "{\"TableDescription\":");
    dc_model_put_table_desc(m, &out->body, t, dc_model_table_status(m, t));
    dc_buf_putc(&out->body, '}');
}

/* UpdateTimeToLive answers the specification it applied ([S:model-operations]
 * UpdateTimeToLiveOutput). The service refuses enabling an enabled TTL and
 * takes up to an hour to disable; the model does neither (plumbing). */
void dc_model_op_update_ttl(dc_model *m, const dc_json *req, dc_model_result *out)
{
    dc_model_table *t = s_settings_table_of(m, req, "TableName", true, out);
    if (t == NULL)
        return;
    const dc_json *spec = dc_json_get(req, "TimeToLiveSpecification");
    const dc_json *en = dc_json_get(spec, "Enabled");
    const char *attr = s_str(spec, "AttributeName");
    if (!dc_json_is_bool(en) || attr == NULL) {
        dc_model_fail_not_null(
            m, out, !dc_json_is_bool(en) ? "timeToLiveSpecification.enabled" : "timeToLiveSpecification.attributeName");
        return;
    }
    bool on = en->type == DC_JSON_TRUE;
    free(t->def.ttl_attr);
    t->def.ttl_attr = on ? dc_xstrdup(attr) : NULL;
    dc_buf_puts(&out->body, "{\"TimeToLiveSpecification\":{");
    dc_jsonw_member_string(&out->body, "AttributeName", attr);
    dc_jsonw_member_bool(&out->body, "Enabled", on);
    dc_buf_puts(&out->body, "}}");
}

/* DescribeTimeToLive: a table without TTL reads {TimeToLiveStatus: DISABLED}
 * without AttributeName ([S:restore-inheritance] [R] AQ 144/215). */
void dc_model_op_describe_ttl(dc_model *m, const dc_json *req, dc_model_result *out)
{
    dc_model_table *t = s_settings_table_of(m, req, "TableName", false, out);
    if (t == NULL)
        return;
    dc_buf_puts(&out->body, "{\"TimeToLiveDescription\":{");
    if (t->def.ttl_attr)
        dc_jsonw_member_string(&out->body, "AttributeName", t->def.ttl_attr);
    dc_jsonw_member_string(&out->body, "TimeToLiveStatus", t->def.ttl_attr ? "ENABLED" : "DISABLED");
    dc_buf_puts(&out->body, "}}");
}

/* TagResource / UntagResource answer an empty object: the model has no output
 * shape (spec: TagResourceOutput). */
void dc_model_op_tag_resource(dc_model *m, const dc_json *req, dc_model_result *out)
{
    dc_model_table *t = s_settings_table_of(m, req, "ResourceArn", true, out);
    if (t == NULL)
        return;
    dc_model_tags_set(t, dc_json_get(req, "Tags"));
    dc_buf_puts(&out->body, "{}");
}

void dc_model_op_untag_resource(dc_model *m, const dc_json *req, dc_model_result *out)
{
    dc_model_table *t = s_settings_table_of(m, req, "ResourceArn", true, out);
    if (t == NULL)
        return;
    s_tags_remove(t, dc_json_get(req, "TagKeys"));
    dc_buf_puts(&out->body, "{}");
}

/* ListTagsOfResource: {"Tags": [...]} in the order the tags were set; a table
 * without tags reads an empty list ([S:restore-inheritance] [R] AQ 215: "returns
 * an empty list" for a restored table). */
void dc_model_op_list_tags(dc_model *m, const dc_json *req, dc_model_result *out)
{
    dc_model_table *t = s_settings_table_of(m, req, "ResourceArn", false, out);
    if (t == NULL)
        return;
    dc_buf *b = &out->body;
    dc_buf_puts(b, "{\"Tags\":[");
    for (size_t i = 0; i < t->ntags; i++) {
        dc_jsonw_sep(b);
        dc_buf_putc(b, '{');
        dc_jsonw_member_string(b, "Key", t->tags[i].key);
        dc_jsonw_member_string(b, "Value", t->tags[i].value);
        dc_buf_putc(b, '}');
    }
    dc_buf_puts(b, "]}");
}
