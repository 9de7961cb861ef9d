/* rules.c - the semantic rules of the validation core, one table.
 *
 * Each rule reads the request (and the context where it needs state) and
 * either passes or decides the verdict with a text from spec/messages.json.
 * Sources for every rule are in [S:validation-texts], [S:restore-from-backup], [S:restore-to-point-in-time],
 * [S:continuous-backups]; the message entries in spec/messages.json carry the source of each text. */
#include "validate/rules.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arn.h"

/* ---- message templates ---------------------------------------------------- */

/* Formats the template of message id, replacing {name} by the value given for
 * name in the NULL-terminated (name, value) list, and sets the verdict: the
 * error is the entry's type. */
static int s_decide(dc_rule_env *env, const char *id, ...)
{
    dc_buf b;
    dc_buf_init(&b);
    va_list ap;
    va_start(ap, id);
    int rc = dc_spec_message_vformat(env->spec, id, &b, ap);
    va_end(ap);
    const char *error = dc_spec_message_type(env->spec, id);
    if (rc != 0 || error == NULL) {
        char msg[160];
        snprintf(msg, sizeof msg, "ddbconform: spec/messages.json has no entry '%s'", id);
        dc_verdict_set(env->out, env->spec, "InternalServerError", msg, id);
    } else {
        dc_verdict_set(env->out, env->spec, error, b.data ? (const char *)b.data : "", id);
    }
    dc_buf_free(&b);
    return 0;
}

/* ---- small readers -------------------------------------------------------- */

static const dc_json *s_req(const dc_rule_env *env, const char *name)
{
    const dc_json *v = dc_json_get(env->request, name);
    return v != NULL && v->type == DC_JSON_NULL ? NULL : v;
}

static bool s_eq(const dc_json *v, const char *s)
{
    return dc_json_string_eq(v, s);
}

static bool s_known_partition(const char *p)
{
    static const char *const parts[] = {"aws",       "aws-cn",    "aws-us-gov", "aws-iso",
                                        "aws-iso-b", "aws-iso-e", "aws-iso-f",  "aws-eusc"};
    for (size_t i = 0; i < DC_ARRAY_LEN(parts); i++)
        if (strcmp(p, parts[i]) == 0)
            return true;
    return false;
}

/* Region grammar (us-east-1, us-gov-west-1, cn-north-1, ap-southeast-5, ...):
 * the service checks against its list of regions; the grammar is what we can
 * know without that list [I]. */
static bool s_region_like(const char *r)
{
    const char *p = r;
    int letters = 0;
    while (*p >= 'a' && *p <= 'z') {
        p++;
        letters++;
    }
    if (letters != 2 || *p != '-')
        return false;
    int parts = 0;
    while (*p == '-') {
        p++;
        const char *start = p;
        while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
            p++;
        if (p == start)
            return false;
        parts++;
    }
    if (*p != '\0' || parts < 2)
        return false;
    /* the last part is the number */
    const char *last = strrchr(r, '-') + 1;
    for (const char *q = last; *q; q++)
        if (*q < '0' || *q > '9')
            return false;
    return true;
}

static bool s_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

static bool s_hex_lower(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

/* resource "table/<name>/backup/<14 digits>-<8 hex>" ([S:backup-lifecycle]) */
static bool s_backup_resource(const char *r, size_t n)
{
    if (n < 6 || memcmp(r, "table/", 6) != 0)
        return false;
    const char *name = r + 6;
    const char *slash = memchr(name, '/', n - 6);
    if (slash == NULL || slash == name)
        return false;
    const char *rest = slash + 1;
    size_t rlen = n - (size_t)(rest - r);
    if (rlen != 7 + 14 + 1 + 8 || memcmp(rest, "backup/", 7) != 0)
        return false;
    return s_digits(rest + 7, 14) && rest[21] == '-' && s_hex_lower(rest + 22, 8);
}

/* ---- member checks -------------------------------------------------------- */

/* "backup-arn": Describe/Delete/RestoreTableFromBackup answer malformed ARNs
 * with 'Invalid Backup ARN' instead of the model's length clause, and ARNs
 * with an unknown partition/service/region with 'BackupArn is not valid'
 * ([S:validation-texts] [R] AQ). An empty region, and the ARN of another account than
 * the caller's (context "account"), are AccessDeniedException 'Access is
 * denied' ([S:semantic-error-texts], [S:backup-lifecycle], [S:restore-from-backup] [R] AQ 012/273). The order among
 * these four answers is not recorded [I]: a malformed ARN is refused before anything is read from it, and the account
 * is compared last, so that the region and partition answers hold whoever calls. The region otherwise does not matter:
 * the backup is looked up ignoring it (endpoint/model_backups.c). */
static int s_check_backup_arn(dc_rule_env *env, const dc_json *v)
{
    dc_arn arn;
    if (dc_arn_parse(v->str, v->str_len, &arn) != 0 || !s_backup_resource(arn.resource, arn.resource_len) ||
        !s_digits(arn.account, strlen(arn.account)) || strlen(arn.account) != 12)
        return s_decide(env, DC_MSG_ID("backup-arn-invalid"), NULL);
    if (arn.region[0] == '\0')
        return s_decide(env, DC_MSG_ID("access-denied"), NULL);
    if (!s_known_partition(arn.partition) || strcmp(arn.service, "dynamodb") != 0 || !s_region_like(arn.region))
        return s_decide(env, DC_MSG_ID("backup-arn-not-valid"), NULL);
    if (env->ctx->account != NULL && strcmp(arn.account, env->ctx->account) != 0)
        return s_decide(env, DC_MSG_ID("access-denied"), NULL);
    return 0;
}

/* "table-name-or-arn": plain names were held to the TableName rules during
 * generic validation; ARNs are checked here ([S:validation-texts] last row [R] AQ). */
static int s_check_table_arn(dc_rule_env *env, const dc_json *v)
{
    if (v->str_len < 4 || memcmp(v->str, "arn:", 4) != 0)
        return 0;
    dc_arn arn;
    const char *id = NULL;
    if (dc_arn_parse(v->str, v->str_len, &arn) != 0)
        id = DC_MSG_ID("table-arn-format");
    else if (!s_known_partition(arn.partition))
        id = DC_MSG_ID("table-arn-invalid-partition");
    else if (!s_region_like(arn.region))
        id = DC_MSG_ID("table-arn-invalid-region");
    else if (arn.resource_len < 7 || memcmp(arn.resource, "table/", 6) != 0 ||
             memchr(arn.resource + 6, '/', arn.resource_len - 6) != NULL)
        id = DC_MSG_ID("table-arn-invalid-resource-type");
    if (id == NULL)
        return 0;
    return s_decide(env, id, "count", "1", "arn", v->str, NULL);
}

/* ---- stateless operation rules ------------------------------------------- */

/* RestoreTableFromBackup TargetTableName '' still meets the legacy table-name
 * validator, which answers before the generic one ([S:validation-texts] [R] AQ 442). */
static int s_rule_target_name_empty(dc_rule_env *env)
{
    const dc_json *t = s_req(env, "TargetTableName");
    if (dc_json_is_string(t) && t->str_len == 0)
        return s_decide(env, DC_MSG_ID("table-name-length-legacy"), NULL);
    return 0;
}

static int s_rule_time_range(dc_rule_env *env)
{
    const dc_json *lo = s_req(env, "TimeRangeLowerBound"), *hi = s_req(env, "TimeRangeUpperBound");
    if (dc_json_is_number(lo) && dc_json_is_number(hi) && lo->num > hi->num)
        return s_decide(env, DC_MSG_ID("list-backups-time-range"), NULL);
    return 0;
}

/* ListBackups' cursor is matched with its region, unlike Describe/DeleteBackup:
 * a region-swapped ExclusiveStartBackupArn is refused ([S:validation-texts], [S:list-backups-rules] [R]
 * AQ 014/012). Needs the endpoint's region; an ARN that does not parse is left
 * to the cursor (a pure position, [S:list-backups-rules]). */
static int s_rule_start_arn_region(dc_rule_env *env)
{
    const dc_json *arn = s_req(env, "ExclusiveStartBackupArn");
    dc_arn a;
    if (env->ctx->region == NULL || !dc_json_is_string(arn) || dc_arn_parse(arn->str, arn->str_len, &a) != 0)
        return 0;
    if (strcmp(a.region, env->ctx->region) != 0)
        return s_decide(env, DC_MSG_ID("list-backups-start-arn-region"), NULL);
    return 0;
}

static int s_rule_pitr_source(dc_rule_env *env)
{
    const dc_json *arn = s_req(env, "SourceTableArn"), *name = s_req(env, "SourceTableName");
    if (arn != NULL && name != NULL)
        return s_decide(env, DC_MSG_ID("pitr-source-both"), NULL);
    if (arn == NULL && name == NULL)
        return s_decide(env, DC_MSG_ID("parameter-table-name-required"), NULL);
    return 0;
}

static int s_rule_pitr_time(dc_rule_env *env)
{
    const dc_json *t = s_req(env, "RestoreDateTime"), *latest = s_req(env, "UseLatestRestorableTime");
    bool use_latest = latest != NULL && latest->type == DC_JSON_TRUE;
    if (t != NULL && use_latest)
        return s_decide(env, DC_MSG_ID("pitr-time-both"), NULL);
    if (t == NULL && !use_latest)
        return s_decide(env, DC_MSG_ID("pitr-time-neither"), NULL);
    return 0;
}

static int s_rule_pitr_source_arn(dc_rule_env *env)
{
    const dc_json *arn = s_req(env, "SourceTableArn");
    if (!dc_json_is_string(arn))
        return 0;
    if (arn->str_len < 4 || memcmp(arn->str, "arn:", 4) != 0)
        return s_decide(env, DC_MSG_ID("arn-must-start-with-arn"), "value", arn->str, NULL);
    dc_arn a;
    if (dc_arn_parse(arn->str, arn->str_len, &a) != 0 || strcmp(a.service, "dynamodb") != 0 || a.resource_len < 7 ||
        memcmp(a.resource, "table/", 6) != 0 || !s_known_partition(a.partition) || !s_region_like(a.region))
        return s_decide(env, DC_MSG_ID("pitr-source-arn-invalid"), NULL);
    return 0;
}

/* A SourceTableArn of another account than the caller's is refused with a
 * ValidationException of its own ([S:validation-texts] [R] AQ 272, DDB-TABLE-442),
 * not AccessDeniedException as for backup ARNs. Needs the context's account;
 * runs after the ARN's format was accepted. */
static int s_rule_pitr_source_account(dc_rule_env *env)
{
    const dc_json *arn = s_req(env, "SourceTableArn");
    dc_arn a;
    if (env->ctx->account == NULL || !dc_json_is_string(arn) || dc_arn_parse(arn->str, arn->str_len, &a) != 0)
        return 0;
    if (strcmp(a.account, env->ctx->account) != 0)
        return s_decide(env, DC_MSG_ID("pitr-source-other-account"), NULL);
    return 0;
}

static int s_rule_recovery_period(dc_rule_env *env)
{
    const dc_json *spec = s_req(env, "PointInTimeRecoverySpecification");
    const dc_json *enabled = dc_json_get(spec, "PointInTimeRecoveryEnabled");
    const dc_json *days = dc_json_get(spec, "RecoveryPeriodInDays");
    if (enabled != NULL && enabled->type == DC_JSON_FALSE && days != NULL && days->type != DC_JSON_NULL)
        return s_decide(env, DC_MSG_ID("recovery-period-on-disable"), NULL);
    return 0;
}

/* ---- context readers ------------------------------------------------------ */

/* The source table's billing mode as the backup recorded it (restore from
 * backup) or as the live table shows it (PITR). NULL when unknown. A
 * DescribeTable without BillingModeSummary is a provisioned table. */
static const char *s_source_billing(const dc_rule_env *env)
{
    if (env->ctx->backup != NULL) {
        const dc_json *m = dc_json_path(env->ctx->backup, "SourceTableDetails.BillingMode");
        if (dc_json_is_string(m))
            return m->str;
        if (dc_json_path(env->ctx->backup, "SourceTableDetails") != NULL)
            return "PROVISIONED";
    }
    if (env->ctx->source_table != NULL) {
        const dc_json *m = dc_json_path(env->ctx->source_table, "BillingModeSummary.BillingMode");
        return dc_json_is_string(m) ? m->str : "PROVISIONED";
    }
    return NULL;
}

static const dc_json *s_source_indexes(const dc_rule_env *env, const char *member)
{
    if (env->ctx->backup != NULL) {
        char path[96];
        snprintf(path, sizeof path, "SourceTableFeatureDetails.%s", member);
        return dc_json_path(env->ctx->backup, path);
    }
    if (env->ctx->source_table != NULL)
        return dc_json_get(env->ctx->source_table, member);
    return NULL;
}

static bool s_have_source(const dc_rule_env *env)
{
    return env->ctx->backup != NULL || env->ctx->source_table != NULL;
}

/* ---- restore overrides ---------------------------------------------------- */

static int s_rule_billing_throughput(dc_rule_env *env)
{
    const dc_json *mode = s_req(env, "BillingModeOverride");
    const dc_json *pt = s_req(env, "ProvisionedThroughputOverride");
    const dc_json *gsis = s_req(env, "GlobalSecondaryIndexOverride");
    if (s_eq(mode, "PROVISIONED") && pt == NULL)
        return s_decide(env, DC_MSG_ID("restore-provisioned-needs-throughput"), NULL);
    if (s_eq(mode, "PAY_PER_REQUEST") && pt != NULL)
        return s_decide(env, DC_MSG_ID("restore-throughput-with-on-demand"), NULL);
    if (s_eq(mode, "PAY_PER_REQUEST") && dc_json_is_array(gsis)) {
        for (size_t i = 0; i < gsis->count; i++) {
            const dc_json *g = &gsis->items[i];
            const dc_json *gpt = dc_json_get(g, "ProvisionedThroughput");
            if (gpt != NULL && gpt->type != DC_JSON_NULL)
                return s_decide(env, DC_MSG_ID("restore-throughput-with-on-demand-index"), "index",
                                dc_json_string(dc_json_get(g, "IndexName")), NULL);
        }
    }
    const char *source = s_source_billing(env);
    if (mode == NULL && pt != NULL && source != NULL && strcmp(source, "PAY_PER_REQUEST") == 0)
        return s_decide(env, DC_MSG_ID("restore-throughput-needs-provisioned"), NULL);
    /* An on-demand backup's indexes have no throughput to keep: switching to
     * PROVISIONED needs a GSI override naming them ([S:gsi-override-to-provisioned], inferred). */
    if (s_eq(mode, "PROVISIONED") && gsis == NULL && source != NULL && strcmp(source, "PAY_PER_REQUEST") == 0) {
        const dc_json *src = s_source_indexes(env, "GlobalSecondaryIndexes");
        if (dc_json_is_array(src) && src->count > 0)
            return s_decide(env, DC_MSG_ID("restore-gsi-override-needed-provisioned"), "index",
                            dc_json_string(dc_json_get(&src->items[0], "IndexName")), NULL);
    }
    const char *effective = mode != NULL ? mode->str : source;
    if (effective != NULL && strcmp(effective, "PROVISIONED") == 0 && dc_json_is_array(gsis)) {
        for (size_t i = 0; i < gsis->count; i++) {
            const dc_json *g = &gsis->items[i];
            const dc_json *gpt = dc_json_get(g, "ProvisionedThroughput");
            if (gpt == NULL || gpt->type == DC_JSON_NULL)
                return s_decide(env, DC_MSG_ID("restore-index-needs-throughput"), "index",
                                dc_json_string(dc_json_get(g, "IndexName")), NULL);
        }
    }
    return 0;
}

static int s_rule_on_demand(dc_rule_env *env)
{
    const dc_json *od = s_req(env, "OnDemandThroughputOverride");
    if (!dc_json_is_object(od))
        return 0;
    const dc_json *mode = s_req(env, "BillingModeOverride");
    const char *source = s_source_billing(env);
    const char *effective = mode != NULL ? mode->str : source;
    if (effective != NULL && strcmp(effective, "PROVISIONED") == 0)
        return s_decide(env, DC_MSG_ID("restore-on-demand-needs-pay-per-request"), NULL);
    /* -1 means "no maximum"; 0 and other negatives are outside the range [R 0/0, I otherwise] */
    static const char *const units[] = {"MaxReadRequestUnits", "MaxWriteRequestUnits"};
    for (size_t i = 0; i < 2; i++) {
        const dc_json *u = dc_json_get(od, units[i]);
        int64_t n;
        if (dc_json_is_number(u) && dc_json_int64(u, &n) == DC_INT_OK && n < 1 && n != -1)
            return s_decide(env, DC_MSG_ID("restore-on-demand-out-of-range"), "unit", units[i], NULL);
    }
    return 0;
}

static bool s_key_schema_equal(const dc_json *a, const dc_json *b)
{
    if (!dc_json_is_array(a) || !dc_json_is_array(b) || a->count != b->count)
        return false;
    for (size_t i = 0; i < a->count; i++) {
        if (!dc_json_equal(dc_json_get(&a->items[i], "AttributeName"), dc_json_get(&b->items[i], "AttributeName")) ||
            !dc_json_equal(dc_json_get(&a->items[i], "KeyType"), dc_json_get(&b->items[i], "KeyType")))
            return false;
    }
    return true;
}

static bool s_string_set_equal(const dc_json *a, const dc_json *b)
{
    size_t na = dc_json_is_array(a) ? a->count : 0, nb = dc_json_is_array(b) ? b->count : 0;
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++) {
        bool found = false;
        for (size_t j = 0; j < nb && !found; j++)
            found = dc_json_equal(&a->items[i], &b->items[j]);
        if (!found)
            return false;
    }
    return true;
}

static bool s_projection_equal(const dc_json *a, const dc_json *b)
{
    return dc_json_equal(dc_json_get(a, "ProjectionType"), dc_json_get(b, "ProjectionType")) &&
           s_string_set_equal(dc_json_get(a, "NonKeyAttributes"), dc_json_get(b, "NonKeyAttributes"));
}

/* An override entry must match a source index by KeySchema and Projection; the
 * name may differ (the index is renamed). New indexes are refused ([S:restore-from-backup]). */
static int s_check_index_list(dc_rule_env *env, const char *override, const char *source_member)
{
    const dc_json *list = s_req(env, override);
    if (!dc_json_is_array(list))
        return 0;
    const dc_json *source = s_source_indexes(env, source_member);
    for (size_t i = 0; i < list->count; i++) {
        const dc_json *o = &list->items[i];
        bool match = false;
        for (size_t j = 0; dc_json_is_array(source) && j < source->count && !match; j++) {
            const dc_json *s = &source->items[j];
            match = s_key_schema_equal(dc_json_get(o, "KeySchema"), dc_json_get(s, "KeySchema")) &&
                    s_projection_equal(dc_json_get(o, "Projection"), dc_json_get(s, "Projection"));
        }
        if (!match)
            return s_decide(env, DC_MSG_ID("restore-index-not-in-source"), "index",
                            dc_json_string(dc_json_get(o, "IndexName")), NULL);
    }
    return 0;
}

/* Two JSON integers (Dimensions) with the same value, whatever their spelling. */
static bool s_int_equal(const dc_json *a, const dc_json *b)
{
    int64_t x = 0, y = 0;
    return dc_json_is_number(a) && dc_json_is_number(b) && dc_json_int64(a, &x) == DC_INT_OK &&
           dc_json_int64(b, &y) == DC_INT_OK && x == y;
}

/* VectorIndexOverride: "The indexes provided must match existing vector indexes
 * from the backup" ([S:model-vector-indexes]); match read as the whole
 * definition, name included, and the GSI/LSI text for a mismatch
 * ([S:vector-override-unrecorded]). */
static int s_check_vector_list(dc_rule_env *env)
{
    const dc_json *list = s_req(env, "VectorIndexOverride");
    if (!dc_json_is_array(list))
        return 0;
    const dc_json *source = s_source_indexes(env, "VectorIndexes");
    for (size_t i = 0; i < list->count; i++) {
        const dc_json *o = &list->items[i];
        bool match = false;
        for (size_t j = 0; dc_json_is_array(source) && j < source->count && !match; j++) {
            const dc_json *s = &source->items[j];
            const dc_json *oss = dc_json_get(o, "SearchSchema"), *sss = dc_json_get(s, "SearchSchema");
            match = dc_json_equal(dc_json_get(o, "IndexName"), dc_json_get(s, "IndexName")) &&
                    dc_json_equal(dc_json_path(o, "VectorAttribute.AttributeName"),
                                  dc_json_path(s, "VectorAttribute.AttributeName")) &&
                    s_int_equal(dc_json_get(o, "Dimensions"), dc_json_get(s, "Dimensions")) &&
                    dc_json_equal(dc_json_get(o, "DistanceFunction"), dc_json_get(s, "DistanceFunction")) &&
                    s_projection_equal(dc_json_get(o, "Projection"), dc_json_get(s, "Projection")) &&
                    ((oss == NULL && sss == NULL) || (oss != NULL && sss != NULL && dc_json_equal(oss, sss)));
        }
        if (!match)
            return s_decide(env, DC_MSG_ID("restore-index-not-in-source"), "index",
                            dc_json_string(dc_json_get(o, "IndexName")), NULL);
    }
    return 0;
}

static int s_rule_index_overrides(dc_rule_env *env)
{
    if (!s_have_source(env))
        return 0;
    s_check_index_list(env, "GlobalSecondaryIndexOverride", "GlobalSecondaryIndexes");
    if (!env->out->ok)
        return 0;
    s_check_index_list(env, "LocalSecondaryIndexOverride", "LocalSecondaryIndexes");
    if (!env->out->ok)
        return 0;
    return s_check_vector_list(env);
}

static int s_rule_cross_region_sse(dc_rule_env *env)
{
    if (env->ctx->region == NULL || s_req(env, "SSESpecificationOverride") != NULL)
        return 0;
    const dc_json *arn = s_req(env, "BackupArn");
    if (arn == NULL)
        arn = s_req(env, "SourceTableArn");
    dc_arn a;
    if (!dc_json_is_string(arn) || dc_arn_parse(arn->str, arn->str_len, &a) != 0)
        return 0;
    if (strcmp(a.region, env->ctx->region) != 0)
        return s_decide(env, DC_MSG_ID("restore-cross-region-sse"), NULL);
    return 0;
}

/* ---- backups ---------------------------------------------------------------- */

static void s_iso8601(double epoch, char *out, size_t cap);

/* SYSTEM backups (made when a PITR table is deleted) cannot be deleted by the
 * user ([S:validation-texts], [S:backup-lifecycle] [R] AQ 015/167); needs the backup's description. */
static int s_rule_delete_system_backup(dc_rule_env *env)
{
    const dc_json *details = env->ctx->backup ? dc_json_get(env->ctx->backup, "BackupDetails") : NULL;
    if (!s_eq(dc_json_get(details, "BackupType"), "SYSTEM"))
        return 0;
    const dc_json *arn = dc_json_get(details, "BackupArn");
    if (!dc_json_is_string(arn))
        arn = s_req(env, "BackupArn");
    const dc_json *expiry = dc_json_get(details, "BackupExpiryDateTime");
    char iso[32] = "";
    if (dc_json_is_number(expiry))
        s_iso8601(expiry->num, iso, sizeof iso); /* the format after "expire on" is not recorded [I] */
    return s_decide(env, DC_MSG_ID("delete-system-backup"), "arn", dc_json_is_string(arn) ? arn->str : "", "expiry",
                    iso, NULL);
}

/* ---- PITR window ------------------------------------------------------------ */

/* Years 1 through 9999: the instants an ISO 8601 date can write (and a
 * time_t holds). A describe answer with another number (1e300, say) gets ""
 * as an absent one does, instead of an out-of-range conversion. */
#define S_ISO_FIRST_S (-62135596800.0)
#define S_ISO_LAST_S 253402300799.0

static void s_iso8601(double epoch, char *out, size_t cap)
{
    if (!(epoch >= S_ISO_FIRST_S && epoch < S_ISO_LAST_S + 1.0)) { /* NaN fails both */
        if (cap > 0)
            out[0] = '\0';
        return;
    }
    time_t t = (time_t)floor(epoch);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *s_pitr_table_name(const dc_rule_env *env, char *buf, size_t cap)
{
    const dc_json *name = s_req(env, "SourceTableName");
    if (dc_json_is_string(name))
        return name->str;
    const dc_json *arn = s_req(env, "SourceTableArn");
    dc_arn a;
    if (dc_json_is_string(arn) && dc_arn_parse(arn->str, arn->str_len, &a) == 0 && a.resource_len > 6) {
        snprintf(buf, cap, "%.*s", (int)(a.resource_len - 6), a.resource + 6);
        return buf;
    }
    const dc_json *t = env->ctx->source_table ? dc_json_get(env->ctx->source_table, "TableName") : NULL;
    return dc_json_is_string(t) ? t->str : "";
}

/* Precedence ([S:restore-to-point-in-time]): PITR enabled is checked before the time window. */
static int s_rule_pitr_window(dc_rule_env *env)
{
    const dc_json *cb = env->ctx->continuous_backups;
    if (cb == NULL)
        return 0;
    const dc_json *desc = dc_json_get(cb, "PointInTimeRecoveryDescription");
    char name_buf[300];
    if (!s_eq(dc_json_get(desc, "PointInTimeRecoveryStatus"), "ENABLED"))
        return s_decide(env, DC_MSG_ID("pitr-unavailable"), "name", s_pitr_table_name(env, name_buf, sizeof name_buf),
                        NULL);
    const dc_json *t = s_req(env, "RestoreDateTime");
    if (!dc_json_is_number(t))
        return 0;
    const dc_json *earliest = dc_json_get(desc, "EarliestRestorableDateTime");
    const dc_json *latest = dc_json_get(desc, "LatestRestorableDateTime");
    bool have_latest = dc_json_is_number(latest) || env->ctx->has_now;
    double lo = dc_json_is_number(earliest) ? earliest->num : -INFINITY;
    double hi = dc_json_is_number(latest) ? latest->num : env->ctx->now;
    if (t->num < lo || (have_latest && t->num > hi)) {
        char ts[32], los[32], his[32];
        s_iso8601(t->num, ts, sizeof ts);
        s_iso8601(isfinite(lo) ? lo : 0, los, sizeof los);
        s_iso8601(have_latest ? hi : 0, his, sizeof his);
        return s_decide(env, DC_MSG_ID("invalid-restore-time"), "time", ts, "earliest", los, "latest", his, NULL);
    }
    return 0;
}

/* ---- the table -------------------------------------------------------------- */

typedef struct {
    const char *id;
    dc_rule_phase phase;
    int (*fn)(dc_rule_env *env);
} s_rule;

static const s_rule s_rules[] = {
    {"restore-target-name-empty", DC_RULE_PHASE_PRE, s_rule_target_name_empty},
    {"list-backups-time-range", DC_RULE_PHASE_POST, s_rule_time_range},
    {"list-backups-start-arn-region", DC_RULE_PHASE_POST, s_rule_start_arn_region},
    {"pitr-source-exclusive", DC_RULE_PHASE_POST, s_rule_pitr_source},
    {"pitr-source-arn-format", DC_RULE_PHASE_POST, s_rule_pitr_source_arn},
    {"pitr-source-arn-account", DC_RULE_PHASE_POST, s_rule_pitr_source_account},
    {"pitr-time-exclusive", DC_RULE_PHASE_POST, s_rule_pitr_time},
    {"recovery-period-on-disable", DC_RULE_PHASE_POST, s_rule_recovery_period},
    {"restore-billing-throughput", DC_RULE_PHASE_POST, s_rule_billing_throughput},
    {"restore-on-demand", DC_RULE_PHASE_POST, s_rule_on_demand},
    {"restore-index-overrides", DC_RULE_PHASE_POST, s_rule_index_overrides},
    {"restore-cross-region-sse", DC_RULE_PHASE_POST, s_rule_cross_region_sse},
    {"pitr-window", DC_RULE_PHASE_POST, s_rule_pitr_window},
    {"delete-system-backup", DC_RULE_PHASE_POST, s_rule_delete_system_backup},
};

typedef struct {
    const char *id;
    int (*fn)(dc_rule_env *env, const dc_json *value);
} s_member_check;

static const s_member_check s_member_checks[] = {
    {"backup-arn", s_check_backup_arn},
    {"table-name-or-arn", s_check_table_arn},
};

bool dc_rule_known(const char *id)
{
    for (size_t i = 0; i < DC_ARRAY_LEN(s_rules); i++)
        if (strcmp(s_rules[i].id, id) == 0)
            return true;
    for (size_t i = 0; i < DC_ARRAY_LEN(s_member_checks); i++)
        if (strcmp(s_member_checks[i].id, id) == 0)
            return true;
    return false;
}

static int s_run_member_checks(dc_rule_env *env)
{
    const dc_shape *in = env->op->input;
    for (size_t i = 0; i < in->nmembers && env->out->ok; i++) {
        const dc_member *m = &in->members[i];
        if (m->check == NULL)
            continue;
        const dc_json *v = s_req(env, m->name);
        if (!dc_json_is_string(v))
            continue;
        for (size_t c = 0; c < DC_ARRAY_LEN(s_member_checks); c++)
            if (strcmp(s_member_checks[c].id, m->check) == 0)
                s_member_checks[c].fn(env, v);
    }
    return 0;
}

int dc_rules_run(dc_rule_env *env, dc_rule_phase phase)
{
    if (phase == DC_RULE_PHASE_POST)
        s_run_member_checks(env);
    for (size_t r = 0; r < env->op->nrules && env->out->ok; r++) {
        for (size_t i = 0; i < DC_ARRAY_LEN(s_rules); i++) {
            if (strcmp(s_rules[i].id, env->op->rules[r]) != 0)
                continue;
            if (s_rules[i].phase == phase)
                s_rules[i].fn(env);
            break;
        }
    }
    return 0;
}
