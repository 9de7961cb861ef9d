/* model_restore.c - RestoreTableFromBackup and RestoreTableToPointInTime: the
 * target and limit checks both share, the overrides applied to the copied
 * definition, and the restored items ([S:restore-from-backup], [S:restore-to-point-in-time]). */
#include "endpoint/model_internal.h"

/* The limit of concurrent restores is per account ([S:restore-from-backup]). */
static size_t s_restores_running(const dc_model *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->ntables; i++)
        if (m->tables[i]->is_restore && dc_model_table_status(m, m->tables[i]) == DC_MODEL_CREATING &&
            strcmp(m->tables[i]->account, m->caller) == 0)
            n++;
    return n;
}

const dc_model_table *dc_model_backup_restoring(const dc_model *m, const dc_model_backup *bk)
{
    for (size_t i = 0; i < m->ntables; i++) {
        const dc_model_table *t = m->tables[i];
        if (t->is_restore && t->restore_backup_arn && strcmp(t->restore_backup_arn, bk->arn) == 0 &&
            dc_model_table_status(m, t) == DC_MODEL_CREATING)
            return t;
    }
    return NULL;
}

/* Override lists select source indexes by KeySchema + Projection and may
 * rename them ([S:restore-from-backup]). Returns false when an entry matches nothing. */
static bool s_json_text_equal(const char *text, const dc_json *v)
{
    dc_json_doc doc;
    if (dc_json_parse(text, strlen(text), &doc, NULL) != 0)
        return false;
    bool eq = dc_json_equal(doc.root, v);
    dc_json_doc_free(&doc);
    return eq;
}

static bool s_select_indexes(dc_model_index **list, size_t *n, const dc_json *override, const char **bad_name)
{
    dc_model_index *src = *list;
    size_t nsrc = *n;
    dc_model_index *sel = dc_xcalloc(override->count, sizeof *sel);
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
        dc_model_index_copy(&sel[nsel], &src[j]);
        free(sel[nsel].name);
        sel[nsel].name = dc_xstrdup(name);
        int64_t rcu, wcu;
        if (dc_model_pt(dc_json_get(e, "ProvisionedThroughput"), &rcu, &wcu)) {
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
            dc_model_index_free(&sel[i]);
        free(sel);
        return false;
    }
    for (size_t i = 0; i < nsrc; i++)
        dc_model_index_free(&src[i]);
    free(src);
    *list = sel;
    *n = nsel;
    return true;
}

/* Applies the restore overrides to def (a copy of the source). false + out
 * set when the request asks for something the source cannot give. */
static bool s_apply_overrides(dc_model *m, dc_model_def *d, const dc_json *req, dc_model_result *out)
{
    const char *bad = NULL;
    const dc_json *g = dc_json_get(req, "GlobalSecondaryIndexOverride");
    if (dc_json_is_array(g) && !s_select_indexes(&d->gsis, &d->ngsis, g, &bad)) {
        dc_model_fail(m, out, DC_MSG_ID("restore-index-not-in-source"), "index", bad, NULL);
        return false;
    }
    const dc_json *l = dc_json_get(req, "LocalSecondaryIndexOverride");
    if (dc_json_is_array(l) && !s_select_indexes(&d->lsis, &d->nlsis, l, &bad)) {
        dc_model_fail(m, out, DC_MSG_ID("restore-index-not-in-source"), "index", bad, NULL);
        return false;
    }
    /* vector indexes: "The indexes provided must match existing vector indexes from the backup. You can choose
     * to exclude some or all" ([S:model-vector-indexes]); the text of a mismatch is not recorded and is the
     * GSI/LSI one by analogy ([S:vector-override-unrecorded]) */
    const dc_json *v = dc_json_get(req, "VectorIndexOverride");
    if (dc_json_is_array(v) && !dc_model_select_vindexes(d, v, &bad)) {
        dc_model_fail(m, out, DC_MSG_ID("restore-index-not-in-source"), "index", bad, NULL);
        return false;
    }
    const char *bm = s_str(req, "BillingModeOverride");
    if (bm != NULL) {
        bool to_pay_per_request = strcmp(bm, "PAY_PER_REQUEST") == 0;
        if (to_pay_per_request && !d->pay_per_request) {
            /* PAY_PER_REQUEST flips the recorded throughput to 0/0 ([S:restore-from-backup]) */
            d->rcu = d->wcu = 0;
            for (size_t i = 0; i < d->ngsis; i++)
                d->gsis[i].rcu = d->gsis[i].wcu = 0;
        }
        d->pay_per_request = to_pay_per_request;
    }
    int64_t rcu, wcu;
    if (dc_model_pt(dc_json_get(req, "ProvisionedThroughputOverride"), &rcu, &wcu)) {
        d->rcu = rcu;
        d->wcu = wcu;
    } else if (!d->pay_per_request && bm != NULL && d->rcu == 0) {
        dc_model_fail(m, out, DC_MSG_ID("restore-provisioned-needs-throughput"), NULL);
        return false;
    }
    const dc_json *od = dc_json_get(req, "OnDemandThroughputOverride");
    if (dc_json_is_object(od)) {
        free(d->ondemand);
        d->ondemand = s_print(od);
    }
    const dc_json *sse = dc_json_get(req, "SSESpecificationOverride");
    if (dc_json_is_object(sse))
        dc_model_apply_sse(m, d, sse);
    /* restores drop streams and TTL, which backups record ([S:restore-from-backup], [S:restore-inheritance]); tags,
     * PITR, deletion protection and the table class are the table's, not the def's: a new table has none */
    free(d->stream);
    d->stream = NULL;
    free(d->ttl_attr);
    d->ttl_attr = NULL;
    return true;
}

/* Target checks shared by both restores ([S:restore-from-backup]). */
static bool s_target_free(dc_model *m, const char *target, dc_model_result *out)
{
    dc_model_table *t = dc_model_find_table(m, target);
    if (t != NULL) {
        if (t->is_restore && dc_model_table_status(m, t) == DC_MODEL_CREATING)
            dc_model_fail(m, out, DC_MSG_ID("table-in-use-restoring"), "target", target, "arn",
                          t->restore_backup_arn ? t->restore_backup_arn : t->restore_source_arn, NULL);
        else
            dc_model_fail(m, out, DC_MSG_ID("table-already-exists"), "name", target, NULL);
        return false;
    }
    return true;
}

static bool s_restore_capacity(dc_model *m, dc_model_result *out)
{
    if (s_restores_running(m) >= DC_MODEL_MAX_CONCURRENT_RESTORES) {
        /* the recorded text names the service's limit, 50, which DC_MODEL_MAX_CONCURRENT_RESTORES mirrors */
        dc_model_fail(m, out, DC_MSG_ID("restore-limit-exceeded"), NULL);
        return false;
    }
    if (m->ntables >= DC_MODEL_MAX_TABLES) {
        dc_model_fail(m, out, DC_MSG_ID("table-limit-exceeded"), "n", s_number(DC_MODEL_MAX_TABLES).text, NULL);
        return false;
    }
    return dc_model_table_ops_capacity(m, out);
}

static void s_finish_restore(dc_model *m, dc_model_table *t, const dc_model_write *items,
                             const dc_model_write *const *pitems, size_t n, dc_model_result *out)
{
    for (size_t i = 0; i < n; i++) {
        const dc_model_write *w = items ? &items[i] : pitems[i];
        dc_model_add_write(t, m->now, w->key, w->item);
    }
    dc_buf_puts(&out->body, "{\"TableDescription\":");
    dc_model_put_table_desc(m, &out->body, t, DC_MODEL_CREATING);
    dc_buf_putc(&out->body, '}');
}

void dc_model_op_restore_from_backup(dc_model *m, const dc_json *req, dc_model_result *out)
{
    const char *target = s_str(req, "TargetTableName");
    if (!dc_model_require(m, out, target, "TargetTableName"))
        return;
    dc_model_backup *bk = dc_model_backup_of_request(m, req, out, NULL);
    if (bk == NULL || !s_target_free(m, target, out))
        return;
    if (dc_model_backup_restoring(m, bk) != NULL) {
        dc_model_fail(m, out, DC_MSG_ID("backup-in-use-restore"), "arn", bk->arn, NULL);
        return;
    }
    if (!s_restore_capacity(m, out))
        return;
    dc_model_def def;
    dc_model_def_copy(&def, &bk->def);
    if (!s_apply_overrides(m, &def, req, out)) {
        dc_model_def_free(&def);
        return;
    }
    dc_model_table *t = dc_model_new_table(m, target, &def, dc_model_restore_ms(m, bk->nitems));
    t->is_restore = true;
    t->restore_backup_arn = dc_xstrdup(bk->arn);
    t->restore_source_arn = dc_xstrdup(bk->table_arn);
    t->restore_time_ms = bk->created_ms;
    s_finish_restore(m, t, bk->items, NULL, bk->nitems, out);
}

void dc_model_op_restore_to_pitr(dc_model *m, const dc_json *req, dc_model_result *out)
{
    const char *target = s_str(req, "TargetTableName");
    if (!dc_model_require(m, out, target, "TargetTableName"))
        return;
    const char *by_name = s_str(req, "SourceTableName"), *by_arn = s_str(req, "SourceTableArn");
    if (!dc_model_require(m, out, by_name ? by_name : by_arn, "TableName"))
        return;
    if (by_name == NULL && dc_model_arn_account_other(by_arn, m->caller)) { /* as the validation core (safety net) */
        dc_model_fail(m, out, DC_MSG_ID("pitr-source-other-account"), NULL);
        return;
    }
    char *name = dc_model_table_name_of(by_name ? by_name : by_arn);
    dc_model_table *src = dc_model_find_table(m, name);
    if (src == NULL || dc_model_table_status(m, src) == DC_MODEL_CREATING) {
        if (by_name)
            dc_model_fail(m, out, DC_MSG_ID("table-not-found"), "name", name, NULL);
        else
            dc_model_fail(m, out, DC_MSG_ID("table-not-found-bare"), NULL);
        free(name);
        return;
    }
    free(name);
    /* precedence ([S:restore-to-point-in-time]): PITR enabled > window > target exists */
    if (!src->pitr) {
        dc_model_fail(m, out, DC_MSG_ID("pitr-unavailable"), "name", src->name, NULL);
        return;
    }
    int64_t earliest, latest, at;
    dc_model_pitr_window(m, src, &earliest, &latest);
    const dc_json *latest_flag = dc_json_get(req, "UseLatestRestorableTime");
    if (latest_flag != NULL && latest_flag->type == DC_JSON_TRUE) {
        at = latest;
    } else if (!s_time_ms(req, "RestoreDateTime", &at)) {
        dc_model_fail(m, out, DC_MSG_ID("pitr-time-neither"), NULL);
        return;
    }
    if (at < earliest || at > latest) {
        char a[DC_ISO_TIME_MAX], e[DC_ISO_TIME_MAX], l[DC_ISO_TIME_MAX];
        dc_iso_utc_seconds(at, a);
        dc_iso_utc_seconds(earliest, e);
        dc_iso_utc_seconds(latest, l);
        dc_model_fail(m, out, DC_MSG_ID("invalid-restore-time"), "time", a, "earliest", e, "latest", l, NULL);
        return;
    }
    if (strcmp(target, src->name) == 0) {
        dc_model_fail(m, out, DC_MSG_ID("table-already-exists"), "name", target, NULL);
        return;
    }
    if (!s_target_free(m, target, out) || !s_restore_capacity(m, out))
        return;
    dc_model_def def;
    dc_model_def_copy(&def, &src->def);
    if (!s_apply_overrides(m, &def, req, out)) {
        dc_model_def_free(&def);
        return;
    }
    size_t n = 0;
    /* Earliest is the enable time cut to whole seconds; the table's state at the
     * enable call is what the first restorable second holds ([S:continuous-backups] [S:rec-enable-pitr-cli]) */
    const dc_model_write **items =
        dc_model_items_at(src, at < src->pitr_enabled_at_ms ? src->pitr_enabled_at_ms : at, &n);
    char *src_arn = dc_xstrdup(src->arn); /* dc_model_new_table may move the table array */
    dc_model_table *t = dc_model_new_table(m, target, &def, dc_model_restore_ms(m, n));
    t->is_restore = true;
    t->restore_source_arn = src_arn;
    t->restore_time_ms = at;
    s_finish_restore(m, t, NULL, items, n, out);
    free(items);
}
