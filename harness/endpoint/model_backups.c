/* model_backups.c - backups: the store sorted by (creation ms, ARN) with its
 * ARN index, BackupDescription and ListBackups' summaries, and CreateBackup,
 * DescribeBackup, DeleteBackup, ListBackups ([S:backup-lifecycle]-[S:list-backups-rules]). */
#include "endpoint/model_internal.h"

/* Backup ARNs match ignoring the region field ([S:backup-lifecycle]: Describe/Delete
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
    *out = dc_hash_fnv1a(dc_hash_fnv1a(DC_HASH_FNV_SEED, arn, (size_t)(p - arn)), rest, strlen(rest));
    return true;
}

/* An ARN (core/arn.h) whose account is not account; an ARN that does not
 * parse says nothing, as in the validation core's rules (the safety nets below
 * then leave it to the lookup). */
bool dc_model_arn_account_other(const char *arn, const char *account)
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

static const char *s_backup_status(const dc_model *m, const dc_model_backup *bk)
{
    return m->now < bk->available_at_ms ? "CREATING" : "AVAILABLE";
}

/* arn: the BackupArn to show; Describe/DeleteBackup echo the one the request
 * gave, region and all ([S:backup-lifecycle] [R] AQ 012). */
static void s_put_backup_details(dc_buf *b, const dc_model_backup *bk, const char *arn, const char *status)
{
    dc_buf_putc(b, '{');
    dc_jsonw_member_string(b, "BackupArn", arn);
    s_member_time(b, "BackupCreationDateTime", bk->created_ms);
    if (bk->system)
        s_member_time(b, "BackupExpiryDateTime", bk->expiry_ms);
    dc_jsonw_member_string(b, "BackupName", bk->name);
    dc_jsonw_member_int(b, "BackupSizeBytes", 0);
    dc_jsonw_member_string(b, "BackupStatus", status);
    dc_jsonw_member_string(b, "BackupType", bk->system ? "SYSTEM" : "USER");
    dc_buf_putc(b, '}');
}

static void s_put_backup_desc(dc_buf *b, const dc_model_backup *bk, const char *arn, const char *status)
{
    const dc_model_def *d = &bk->def;
    dc_buf_putc(b, '{');
    dc_jsonw_key(b, "BackupDetails");
    s_put_backup_details(b, bk, arn, status);
    dc_jsonw_key(b, "SourceTableDetails");
    dc_buf_putc(b, '{');
    dc_jsonw_member_string(b, "BillingMode", d->pay_per_request ? "PAY_PER_REQUEST" : "PROVISIONED");
    dc_jsonw_member_int(b, "ItemCount", 0);
    dc_jsonw_member_raw(b, "KeySchema", d->key_schema);
    if (d->ondemand)
        dc_jsonw_member_raw(b, "OnDemandThroughput", d->ondemand);
    /* only RCU/WCU here; {0,0} for on-demand sources ([S:backup-lifecycle], [S:rec-describe-delete-backup-cli]) */
    dc_model_put_pt(b, "ProvisionedThroughput", d->pay_per_request ? 0 : d->rcu, d->pay_per_request ? 0 : d->wcu,
                    false);
    dc_jsonw_member_string(b, "TableArn", bk->table_arn);
    s_member_time(b, "TableCreationDateTime", bk->table_created_ms);
    dc_jsonw_member_string(b, "TableId", bk->table_id);
    dc_jsonw_member_string(b, "TableName", bk->table_name);
    dc_jsonw_member_int(b, "TableSizeBytes", 0);
    dc_buf_putc(b, '}');
    dc_jsonw_key(b, "SourceTableFeatureDetails");
    dc_buf_putc(b, '{');
    dc_model_put_index_list(b, d, true, NULL, DC_MODEL_ACTIVE);
    dc_model_put_index_list(b, d, false, NULL, DC_MODEL_ACTIVE);
    if (d->sse)
        dc_model_put_sse(b, d);
    if (d->stream)
        dc_jsonw_member_raw(b, "StreamDescription", d->stream);
    if (d->ttl_attr) {
        /* features appear only when enabled ([S:backup-lifecycle]) */
        dc_jsonw_key(b, "TimeToLiveDescription");
        dc_buf_putc(b, '{');
        dc_jsonw_member_string(b, "AttributeName", d->ttl_attr);
        dc_jsonw_member_string(b, "TimeToLiveStatus", "ENABLED");
        dc_buf_putc(b, '}');
    }
    dc_model_put_vindexes(b, d, NULL, DC_MODEL_ACTIVE);
    dc_buf_putc(b, '}');
    dc_buf_putc(b, '}');
}

/* The ListBackups summary of bk with an empty BackupStatus, kept in bk: a
 * summary is that text with the status put between the quotes at status_at
 * (s_put_backup_summary), the same bytes as writing it member by member. */
static void s_backup_summary_build(dc_model_backup *bk)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_putc(&b, '{');
    dc_jsonw_member_string(&b, "BackupArn", bk->arn);
    s_member_time(&b, "BackupCreationDateTime", bk->created_ms);
    if (bk->system)
        s_member_time(&b, "BackupExpiryDateTime", bk->expiry_ms);
    dc_jsonw_member_string(&b, "BackupName", bk->name);
    dc_jsonw_member_int(&b, "BackupSizeBytes", 0);
    dc_jsonw_member_string(&b, "BackupStatus", "");
    bk->status_at = b.len - 1;
    dc_jsonw_member_string(&b, "BackupType", bk->system ? "SYSTEM" : "USER");
    dc_jsonw_member_string(&b, "TableArn", bk->table_arn);
    dc_jsonw_member_string(&b, "TableId", bk->table_id);
    dc_jsonw_member_string(&b, "TableName", bk->table_name);
    dc_buf_putc(&b, '}');
    bk->summary_len = b.len;
    bk->summary = dc_buf_take(&b);
}

static void s_put_backup_summary(dc_buf *b, const dc_model *m, const dc_model_backup *bk)
{
    /* the status needs no escaping: dc_jsonw_string writes it as it is */
    dc_buf_append(b, bk->summary, bk->status_at);
    dc_buf_puts(b, s_backup_status(m, bk));
    dc_buf_append(b, bk->summary + bk->status_at, bk->summary_len - bk->status_at);
}

/* ------------------------------------------------------------ lifecycle */

void dc_model_backup_free(dc_model_backup *bk)
{
    if (bk == NULL)
        return;
    free(bk->summary);
    free(bk->arn);
    free(bk->name);
    free(bk->table_name);
    free(bk->table_arn);
    dc_model_def_free(&bk->def);
    for (size_t i = 0; i < bk->nitems; i++) {
        free(bk->items[i].key);
        free(bk->items[i].item);
    }
    free(bk->items);
    free(bk);
}

static int s_backup_order(const dc_model_backup *a, int64_t ms, const char *arn)
{
    if (a->created_ms != ms)
        return a->created_ms < ms ? -1 : 1;
    return strcmp(a->arn, arn);
}

/* Position of bk in m->backups: the first of its (created_ms, ARN) order, then
 * on to bk itself (two backups may share an ARN: SYSTEM ones of one ms). */
static size_t s_backup_position(const dc_model *m, const dc_model_backup *bk)
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

/* The ARN index (dc_model.arn_index). An ARN without four ':' matches no
 * lookup, so its backup is left out. */
static void s_arn_index_link(dc_model *m, dc_model_backup *bk)
{
    uint64_t h;
    if (s_arn_hash(bk->arn, &h))
        dc_hash_insert(&m->arn_index, &bk->arn_node, h);
}

/* Indexes bk, just inserted into m->backups; grows the buckets with the count
 * (re-linked in m->backups order, as before the table was shared). */
static void s_arn_index_add(dc_model *m, dc_model_backup *bk)
{
    if (m->nbackups <= m->arn_index.nbuckets) {
        s_arn_index_link(m, bk);
        return;
    }
    dc_hash_reset(&m->arn_index, m->arn_index.nbuckets ? m->arn_index.nbuckets * 2 : 64);
    for (size_t i = 0; i < m->nbackups; i++)
        s_arn_index_link(m, m->backups[i]);
}

static void s_arn_index_remove(dc_model *m, dc_model_backup *bk)
{
    dc_hash_remove(&m->arn_index, &bk->arn_node);
}

dc_model_backup *dc_model_new_backup(dc_model *m, const dc_model_table *t, const char *name, bool system)
{
    dc_model_backup *bk = dc_xcalloc(1, sizeof *bk);
    /* BackupCreationDateTime is the request time at ms precision and ListBackups
     * orders by it ([S:backup-lifecycle], [S:list-backups-rules]); requests to the real service are never in
     * the same ms one after another, so keep creation times strictly increasing
     * rather than let the random ARN suffix order two backups of one ms (SYSTEM
     * backups keep the deletion time: their expiry is derived from it). Only
     * within a second: a clock set back by the test control (run's clocked cases)
     * must not push every later backup to the latest one's future time. */
    int64_t created = m->now;
    if (!system && m->nbackups > 0 && created <= m->backups[m->nbackups - 1]->created_ms &&
        m->backups[m->nbackups - 1]->created_ms - created < 1000)
        created = m->backups[m->nbackups - 1]->created_ms + 1;
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_printf(&b, "arn:aws:dynamodb:%s:%s:table/%s/backup/%014" PRId64 "-%08x", m->region, t->account, t->name,
                  created, system ? 0u : (unsigned)(dc_model_rand(m) & 0xffffffffu));
    bk->arn = dc_buf_take(&b);
    memcpy(bk->account, t->account, sizeof bk->account);
    bk->name = dc_xstrdup(name);
    bk->system = system;
    bk->created_ms = created;
    bk->available_at_ms = m->now + (system ? 0 : m->opt.backup_create_ms);
    bk->expiry_ms = created + DC_MODEL_SYSTEM_BACKUP_DAYS * DC_MODEL_DAY_MS;
    bk->table_name = dc_xstrdup(t->name);
    bk->table_arn = dc_xstrdup(t->arn);
    memcpy(bk->table_id, t->id, sizeof bk->table_id);
    bk->table_created_ms = t->created_ms;
    dc_model_def_copy(&bk->def, &t->def);
    size_t n = 0;
    const dc_model_write **live = dc_model_items_at(t, m->now, &n);
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
static dc_model_backup *s_find_backup(dc_model *m, const char *arn, size_t *index)
{
    uint64_t h = 0;
    if (!s_arn_hash(arn, &h))
        return NULL;
    size_t best = SIZE_MAX;
    for (dc_hash_node *n = dc_hash_first(&m->arn_index, h); n != NULL; n = dc_hash_next(n)) {
        dc_model_backup *bk = DC_HASH_ENTRY(n, dc_model_backup, arn_node);
        if (s_arn_eq_ignoring_region(bk->arn, arn)) {
            size_t pos = s_backup_position(m, bk);
            if (pos < best)
                best = pos;
        }
    }
    if (best == SIZE_MAX)
        return NULL;
    if (index)
        *index = best;
    return m->backups[best];
}

bool dc_model_backups_enabling(const dc_model *m, const dc_model_table *t, dc_model_result *out)
{
    if (m->now < t->active_at_ms + m->opt.backups_enabling_ms) {
        dc_model_fail(m, out, DC_MSG_ID("continuous-backups-unavailable"), "name", t->name, NULL);
        return true;
    }
    return false;
}

void dc_model_op_create_backup(dc_model *m, const dc_json *req, dc_model_result *out)
{
    const char *bname = s_str(req, "BackupName");
    if (!dc_model_require(m, out, bname, "BackupName"))
        return;
    dc_model_table *t = dc_model_source_table(m, "TableName", req, out);
    if (t == NULL || dc_model_backups_enabling(m, t, out))
        return;
    if (m->nbackups >= DC_MODEL_MAX_BACKUPS) {
        dc_model_fail(m, out, DC_MSG_ID("serve-backup-limit"), "n", s_number(DC_MODEL_MAX_BACKUPS).text, NULL);
        return;
    }
    dc_model_backup *bk = dc_model_new_backup(m, t, bname, false);
    dc_buf_puts(&out->body, "{\"BackupDetails\":");
    s_put_backup_details(&out->body, bk, bk->arn,
                         "CREATING"); /* always CREATING in the response ([S:backup-lifecycle]) */
    dc_buf_putc(&out->body, '}');
}

dc_model_backup *dc_model_backup_of_request(dc_model *m, const dc_json *req, dc_model_result *out, size_t *index)
{
    const char *arn = s_str(req, "BackupArn");
    if (!dc_model_require(m, out, arn, "BackupArn"))
        return NULL;
    /* the validation core refuses another account's ARN first (safety net) */
    if (dc_model_arn_account_other(arn, m->caller)) {
        dc_model_fail(m, out, DC_MSG_ID("access-denied"), NULL);
        return NULL;
    }
    dc_model_backup *bk = s_find_backup(m, arn, index);
    if (bk == NULL)
        dc_model_fail(m, out, DC_MSG_ID("backup-not-found"), "arn", arn, NULL);
    return bk;
}

void dc_model_op_describe_backup(dc_model *m, const dc_json *req, dc_model_result *out)
{
    dc_model_backup *bk = dc_model_backup_of_request(m, req, out, NULL);
    if (bk == NULL)
        return;
    dc_buf_puts(&out->body, "{\"BackupDescription\":");
    s_put_backup_desc(&out->body, bk, s_str(req, "BackupArn"), s_backup_status(m, bk));
    dc_buf_putc(&out->body, '}');
}

void dc_model_op_delete_backup(dc_model *m, const dc_json *req, dc_model_result *out)
{
    size_t index = 0;
    dc_model_backup *bk = dc_model_backup_of_request(m, req, out, &index);
    if (bk == NULL)
        return;
    if (bk->system) {
        char iso[DC_ISO_TIME_MAX];
        dc_iso_utc_seconds(bk->expiry_ms, iso);
        dc_model_fail(m, out, DC_MSG_ID("delete-system-backup"), "arn", bk->arn, "expiry", iso, NULL);
        return;
    }
    if (dc_model_backup_restoring(m, bk) != NULL) {
        dc_model_fail(m, out, DC_MSG_ID("backup-in-use-delete"), "arn", bk->arn, NULL);
        return;
    }
    dc_buf_puts(&out->body, "{\"BackupDescription\":");
    s_put_backup_desc(&out->body, bk, s_str(req, "BackupArn"), "DELETED");
    dc_buf_putc(&out->body, '}');
    s_arn_index_remove(m, bk);
    memmove(&m->backups[index], &m->backups[index + 1], (m->nbackups - index - 1) * sizeof *m->backups);
    m->nbackups--;
    dc_model_backup_free(bk);
}

void dc_model_op_list_backups(dc_model *m, const dc_json *req, dc_model_result *out)
{
    const char *type = s_str(req, "BackupType");
    bool want_user = true, want_system = false;
    if (type != NULL) {
        want_user = strcmp(type, "USER") == 0 || strcmp(type, "ALL") == 0;
        want_system = strcmp(type, "SYSTEM") == 0 || strcmp(type, "ALL") == 0;
        /* AWS_BACKUP: the model makes none */
    }
    const char *tname = s_str(req, "TableName");
    char *filter = tname ? dc_model_table_name_of(tname) : NULL;
    int64_t lower = INT64_MIN, upper = INT64_MAX, limit = INT64_MAX;
    s_time_ms(req, "TimeRangeLowerBound", &lower);
    s_time_ms(req, "TimeRangeUpperBound", &upper);
    if (!s_int(req, "Limit", &limit) || limit < 1)
        limit = INT64_MAX;
    /* a pure cursor: resume after its (creation ms, ARN) position, whether or
     * not that backup still exists ([S:list-backups-rules]) */
    const char *start = s_str(req, "ExclusiveStartBackupArn");
    int64_t start_ms = start ? s_arn_ms(start) : -1;
    if (start != NULL && s_arn_region_other(start, m->region)) { /* as the validation core (safety net) */
        dc_model_fail(m, out, DC_MSG_ID("list-backups-start-arn-region"), NULL);
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
        const dc_model_backup *bk = m->backups[mid];
        if (bk->created_ms < lower || (start != NULL && start_ms >= 0 && s_backup_order(bk, start_ms, start) <= 0))
            i = mid + 1;
        else
            hi = mid;
    }
    for (; i < m->nbackups; i++) {
        const dc_model_backup *bk = m->backups[i];
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
        dc_jsonw_member_string(b, "LastEvaluatedBackupArn", last);
    dc_buf_putc(b, '}');
    free(filter);
}
