/* test_model.c - the reference model on a frozen virtual clock: lifecycle
 * transitions, restores and their overrides, ListBackups paging and cursor
 * rules, PITR window math. Message texts are those of [S:semantic-error-texts] (copied in
 * tests/data/serve-facts.md), spelled out here on purpose: the model takes
 * them from spec/messages.json, and these tests pin what it answers. (The
 * timestamp notation is core/javafmt.h's: test_javafmt.c.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/datadir.h"
#include "endpoint/model.h"

#define T0_MS INT64_C(1700000000000) /* 2023-11-14T22:13:20Z, a whole second */

static dc_spec *g_spec; /* the model's texts */

typedef struct {
    dc_vclock *clock;
    dc_model *m;
    dc_model_result r;
    dc_json_doc doc;
    bool has_doc;
    dc_buf req;
} fx;

static fx *fx_new(const dc_model_options *over)
{
    fx *f = calloc(1, sizeof *f);
    dc_model_options opt;
    dc_model_options_default(&opt);
    if (over != NULL)
        opt = *over;
    opt.seed = 42;
    opt.spec = g_spec;
    f->clock = dc_vclock_new_fixed(T0_MS);
    f->m = dc_model_new(&opt, f->clock);
    dc_buf_init(&f->req);
    return f;
}

static void fx_reset(fx *f)
{
    dc_model_result_free(&f->r);
    if (f->has_doc)
        dc_json_doc_free(&f->doc);
    f->has_doc = false;
}

static void fx_free(fx *f)
{
    fx_reset(f);
    dc_buf_free(&f->req);
    dc_model_free(f->m);
    dc_vclock_free(f->clock);
    free(f);
}

/* Runs op with the printf-built request; returns the parsed response on
 * success, NULL on an error answer (f->r.error / f->r.message). */
static const dc_json *call(fx *f, const char *op, const char *fmt, ...)
{
    fx_reset(f);
    dc_buf_reset(&f->req);
    va_list ap;
    va_start(ap, fmt);
    dc_buf_vprintf(&f->req, fmt, ap);
    va_end(ap);
    dc_json_doc rq;
    dc_err err;
    if (dc_json_parse(f->req.data, f->req.len, &rq, &err) != 0)
        fail_msg("bad test request %s: %s", (const char *)f->req.data, err.msg);
    dc_model_execute(f->m, op, rq.root, &f->r);
    dc_json_doc_free(&rq);
    if (f->r.error != NULL)
        return NULL;
    if (dc_json_parse(f->r.body.data, f->r.body.len, &f->doc, &err) != 0)
        fail_msg("%s answered invalid JSON: %s", op, err.msg);
    f->has_doc = true;
    return f->doc.root;
}

static const dc_json *ok(fx *f, const char *op, const char *fmt, ...)
{
    fx_reset(f);
    dc_buf_reset(&f->req);
    va_list ap;
    va_start(ap, fmt);
    dc_buf_vprintf(&f->req, fmt, ap);
    va_end(ap);
    char *text = dc_xstrdup((const char *)f->req.data);
    const dc_json *res = call(f, op, "%s", text);
    free(text);
    if (res == NULL)
        fail_msg("%s failed: %s: %s", op, f->r.error, f->r.message ? f->r.message : "");
    return res;
}

static const char *str_at(const dc_json *root, const char *path)
{
    const char *s = dc_json_string(dc_json_path(root, path));
    if (s == NULL)
        fail_msg("no string at %s", path);
    return s;
}

#define assert_error(f, name, msg)                                                                                     \
    do {                                                                                                               \
        assert_non_null((f)->r.error);                                                                                 \
        assert_string_equal((f)->r.error, (name));                                                                     \
        assert_string_equal((f)->r.message, (msg));                                                                    \
    } while (0)

static const char *TABLE_SPEC =
    "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}],"
    "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"},{\"AttributeName\":\"sk\","
    "\"AttributeType\":\"S\"},{\"AttributeName\":\"gsk\",\"AttributeType\":\"S\"},{\"AttributeName\":\"lsk\","
    "\"AttributeType\":\"S\"}],\"BillingMode\":\"PAY_PER_REQUEST\","
    "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"gsi1\",\"KeySchema\":[{\"AttributeName\":\"gsk\",\"KeyType\":"
    "\"HASH\"}],\"Projection\":{\"ProjectionType\":\"ALL\"}}],"
    "\"LocalSecondaryIndexes\":[{\"IndexName\":\"lsi1\",\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":"
    "\"HASH\"},{\"AttributeName\":\"lsk\",\"KeyType\":\"RANGE\"}],\"Projection\":{\"ProjectionType\":\"KEYS_ONLY\"}}]";

static void make_table(fx *f, const char *name)
{
    ok(f, "CreateTable", "{\"TableName\":\"%s\",%s}", name, TABLE_SPEC);
}

static void put(fx *f, const char *table, const char *pk, const char *v)
{
    ok(f, "PutItem",
       "{\"TableName\":\"%s\",\"Item\":{\"pk\":{\"S\":\"%s\"},\"sk\":{\"S\":\"x\"},\"v\":{\"S\":\"%s\"}}}", table, pk,
       v);
}

static char *make_backup(fx *f, const char *table, const char *name)
{
    const dc_json *r = ok(f, "CreateBackup", "{\"TableName\":\"%s\",\"BackupName\":\"%s\"}", table, name);
    return dc_xstrdup(str_at(r, "BackupDetails.BackupArn"));
}

/* ---------------------------------------------------------------- tests */

static void created_table_turns_active_after_the_configured_delay(void **state)
{
    (void)state;
    dc_model_options o;
    dc_model_options_default(&o);
    o.table_create_ms = 100;
    fx *f = fx_new(&o);
    const dc_json *r = ok(f, "CreateTable", "{\"TableName\":\"t1\",%s}", TABLE_SPEC);
    assert_string_equal(str_at(r, "TableDescription.TableStatus"), "CREATING");
    assert_string_equal(str_at(r, "TableDescription.TableArn"), "arn:aws:dynamodb:us-east-1:123456789012:table/t1");
    assert_string_equal(str_at(r, "TableDescription.BillingModeSummary.BillingMode"), "PAY_PER_REQUEST");
    assert_string_equal(dc_json_path(r, "TableDescription.CreationDateTime")->str, "1.7E9");
    r = ok(f, "DescribeTable", "{\"TableName\":\"t1\"}");
    assert_string_equal(str_at(r, "Table.TableStatus"), "CREATING");
    /* CREATING tables are "not found" for CreateBackup ([S:create-backup-conditions]) */
    assert_null(call(f, "CreateBackup", "{\"TableName\":\"t1\",\"BackupName\":\"b1\"}"));
    assert_error(f, "TableNotFoundException", "Table not found: t1");
    assert_null(call(f, "CreateTable", "{\"TableName\":\"t1\",%s}", TABLE_SPEC));
    assert_error(f, "ResourceInUseException",
                 "Attempt to change a resource which is still in use: Table is being created: t1");
    dc_vclock_advance_ms(f->clock, 100);
    r = ok(f, "DescribeTable", "{\"TableName\":\"t1\"}");
    assert_string_equal(str_at(r, "Table.TableStatus"), "ACTIVE");
    assert_string_equal(str_at(r, "Table.GlobalSecondaryIndexes.0.IndexName"), "gsi1");
    assert_string_equal(str_at(r, "Table.LocalSecondaryIndexes.0.IndexName"), "lsi1");
    assert_null(call(f, "CreateTable", "{\"TableName\":\"t1\",%s}", TABLE_SPEC));
    assert_error(f, "ResourceInUseException", "Table already exists: t1");
    fx_free(f);
}

static void missing_table_answers_resource_not_found(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    assert_null(call(f, "DescribeTable", "{\"TableName\":\"nope\"}"));
    assert_error(f, "ResourceNotFoundException", "Requested resource not found: Table: nope not found");
    assert_null(call(f, "DeleteTable", "{\"TableName\":\"nope\"}"));
    assert_error(f, "ResourceNotFoundException", "Requested resource not found: Table: nope not found");
    fx_free(f);
}

static void backup_is_created_described_deleted_then_not_found(void **state)
{
    (void)state;
    dc_model_options o;
    dc_model_options_default(&o);
    o.backup_create_ms = 30;
    fx *f = fx_new(&o);
    make_table(f, "src");
    dc_vclock_advance_ms(f->clock, 1234);
    const dc_json *r = ok(f, "CreateBackup", "{\"TableName\":\"src\",\"BackupName\":\"bk1\"}");
    char *arn = dc_xstrdup(str_at(r, "BackupDetails.BackupArn"));
    /* ARN: ...:table/<T>/backup/<14-digit epoch ms>-<8 hex> ([S:backup-lifecycle]) */
    const char *prefix = "arn:aws:dynamodb:us-east-1:123456789012:table/src/backup/01700000001234-";
    assert_int_equal(strncmp(arn, prefix, strlen(prefix)), 0);
    assert_int_equal(strlen(arn), strlen(prefix) + 8);
    assert_string_equal(str_at(r, "BackupDetails.BackupStatus"), "CREATING");
    assert_string_equal(str_at(r, "BackupDetails.BackupType"), "USER");
    assert_string_equal(dc_json_path(r, "BackupDetails.BackupCreationDateTime")->str, "1.700000001234E9");
    assert_null(dc_json_path(r, "BackupDetails.BackupExpiryDateTime"));

    r = ok(f, "DescribeBackup", "{\"BackupArn\":\"%s\"}", arn);
    assert_string_equal(str_at(r, "BackupDescription.BackupDetails.BackupStatus"), "CREATING");
    dc_vclock_advance_ms(f->clock, 30);
    r = ok(f, "DescribeBackup", "{\"BackupArn\":\"%s\"}", arn);
    assert_string_equal(str_at(r, "BackupDescription.BackupDetails.BackupStatus"), "AVAILABLE");
    /* on-demand source: {0,0} and BillingMode; LSI/GSI info in the features */
    assert_string_equal(
        dc_json_path(r, "BackupDescription.SourceTableDetails.ProvisionedThroughput.ReadCapacityUnits")->str, "0");
    assert_null(dc_json_path(r, "BackupDescription.SourceTableDetails.ProvisionedThroughput.NumberOfDecreasesToday"));
    assert_string_equal(str_at(r, "BackupDescription.SourceTableDetails.BillingMode"), "PAY_PER_REQUEST");
    assert_string_equal(str_at(r, "BackupDescription.SourceTableFeatureDetails.GlobalSecondaryIndexes.0.IndexName"),
                        "gsi1");
    assert_string_equal(str_at(r, "BackupDescription.SourceTableFeatureDetails.LocalSecondaryIndexes.0.IndexName"),
                        "lsi1");

    r = ok(f, "DeleteBackup", "{\"BackupArn\":\"%s\"}", arn);
    assert_string_equal(str_at(r, "BackupDescription.BackupDetails.BackupStatus"), "DELETED");
    char msg[2048];
    snprintf(msg, sizeof msg, "Backup not found: %s", arn);
    assert_null(call(f, "DescribeBackup", "{\"BackupArn\":\"%s\"}", arn));
    assert_error(f, "BackupNotFoundException", msg);
    assert_null(call(f, "DeleteBackup", "{\"BackupArn\":\"%s\"}", arn));
    assert_error(f, "BackupNotFoundException", msg);
    free(arn);
    fx_free(f);
}

static void plain_table_backup_has_empty_feature_details(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    ok(f, "CreateTable",
       "{\"TableName\":\"plain\",\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
       "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
       "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":7}}");
    char *arn = make_backup(f, "plain", "bk");
    const dc_json *r = ok(f, "DescribeBackup", "{\"BackupArn\":\"%s\"}", arn);
    const dc_json *feat = dc_json_path(r, "BackupDescription.SourceTableFeatureDetails");
    assert_non_null(feat);
    assert_int_equal(feat->count, 0);
    assert_string_equal(
        dc_json_path(r, "BackupDescription.SourceTableDetails.ProvisionedThroughput.WriteCapacityUnits")->str, "7");
    assert_string_equal(str_at(r, "BackupDescription.SourceTableDetails.BillingMode"), "PROVISIONED");
    free(arn);
    fx_free(f);
}

/* arn with its region field replaced (the 4th ':'-separated field). */
static char *with_region(const char *arn, const char *region)
{
    const char *p = arn;
    for (int i = 0; i < 3; i++)
        p = strchr(p, ':') + 1;
    return dc_strf("%.*s%s%s", (int)(p - arn), arn, region, strchr(p, ':'));
}

/* Describe/DeleteBackup ignore the ARN's region and echo the ARN as sent
 * ([S:backup-lifecycle] [R] AQ 012); BackupNotFound echoes it too ([S:backup-not-found-text]). */
static void describe_and_delete_backup_echo_a_region_rewritten_arn(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    make_table(f, "src");
    char *arn = make_backup(f, "src", "bk");
    char *west = with_region(arn, "eu-west-1");
    const dc_json *r = ok(f, "DescribeBackup", "{\"BackupArn\":\"%s\"}", west);
    assert_string_equal(str_at(r, "BackupDescription.BackupDetails.BackupArn"), west);
    /* the source table keeps its own ARN */
    assert_string_equal(str_at(r, "BackupDescription.SourceTableDetails.TableArn"),
                        "arn:aws:dynamodb:us-east-1:123456789012:table/src");
    r = ok(f, "DeleteBackup", "{\"BackupArn\":\"%s\"}", west);
    assert_string_equal(str_at(r, "BackupDescription.BackupDetails.BackupArn"), west);
    assert_string_equal(str_at(r, "BackupDescription.BackupDetails.BackupStatus"), "DELETED");
    char *msg = dc_strf("Backup not found: %s", arn);
    assert_null(call(f, "DescribeBackup", "{\"BackupArn\":\"%s\"}", arn));
    assert_error(f, "BackupNotFoundException", msg);
    free(msg);
    msg = dc_strf("Backup not found: %s", west);
    assert_null(call(f, "DescribeBackup", "{\"BackupArn\":\"%s\"}", west));
    assert_error(f, "BackupNotFoundException", msg);
    free(msg);
    free(west);
    free(arn);
    fx_free(f);
}

/* ListBackups' cursor keeps its region: a region-swapped one is refused, as
 * the validation core does ([S:validation-texts], [S:list-backups-rules] [R] AQ 014/012). */
static void list_backups_refuses_a_cursor_of_another_region(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    make_table(f, "src");
    char *arn = make_backup(f, "src", "bk");
    const dc_json *r = ok(f, "ListBackups", "{\"ExclusiveStartBackupArn\":\"%s\"}", arn);
    assert_int_equal(dc_json_get(r, "BackupSummaries")->count, 0);
    char *west = with_region(arn, "eu-west-1");
    assert_null(call(f, "ListBackups", "{\"ExclusiveStartBackupArn\":\"%s\"}", west));
    assert_error(f, "ValidationException",
                 "Invalid Request: The supplied ExclusiveStartBackupArn does not match the region");
    free(west);
    free(arn);
    fx_free(f);
}

/* Each caller sees its own tables and backups; the ARNs the model mints carry
 * the caller's account (serve sets it per access key). */
static void tables_and_backups_belong_to_the_calling_account(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    dc_model_set_caller(f->m, "111122223333");
    const dc_json *r = ok(f, "CreateTable", "{\"TableName\":\"t1\",%s}", TABLE_SPEC);
    assert_string_equal(str_at(r, "TableDescription.TableArn"), "arn:aws:dynamodb:us-east-1:111122223333:table/t1");
    char *arn = make_backup(f, "t1", "bk");
    const char *prefix = "arn:aws:dynamodb:us-east-1:111122223333:table/t1/backup/01700000000000-";
    assert_int_equal(strncmp(arn, prefix, strlen(prefix)), 0);
    r = ok(f, "ListBackups", "{}");
    assert_int_equal(dc_json_get(r, "BackupSummaries")->count, 1);

    dc_model_set_caller(f->m, NULL); /* back to the model's account, 123456789012 */
    assert_null(call(f, "DescribeTable", "{\"TableName\":\"t1\"}"));
    assert_error(f, "ResourceNotFoundException", "Requested resource not found: Table: t1 not found");
    r = ok(f, "ListBackups", "{}");
    assert_int_equal(dc_json_get(r, "BackupSummaries")->count, 0);
    r = ok(f, "CreateTable", "{\"TableName\":\"t1\",%s}", TABLE_SPEC); /* the same name in another account */
    assert_string_equal(str_at(r, "TableDescription.TableArn"), "arn:aws:dynamodb:us-east-1:123456789012:table/t1");
    /* another account's backup: what the validation core answers before the model ([S:backup-lifecycle]) */
    assert_null(call(f, "DescribeBackup", "{\"BackupArn\":\"%s\"}", arn));
    assert_error(f, "AccessDeniedException", "Access is denied");
    assert_null(call(f, "RestoreTableFromBackup", "{\"BackupArn\":\"%s\",\"TargetTableName\":\"r1\"}", arn));
    assert_error(f, "AccessDeniedException", "Access is denied");
    assert_null(call(f, "RestoreTableToPointInTime",
                     "{\"SourceTableArn\":\"arn:aws:dynamodb:us-east-1:111122223333:table/t1\",\"TargetTableName\":"
                     "\"r1\",\"UseLatestRestorableTime\":true}"));
    assert_error(f, "ValidationException",
                 "This action is only supported by accounts that match the resource owner\u2019s account.");
    /* an ARN that does not parse as far as its account (here a NUL after the region, as the
     * network fuzzer sent it) is no other account's: the validation core let it through too */
    assert_null(
        call(f, "RestoreTableToPointInTime",
             "{\"SourceTableArn\":\"arn:aws:dynamodb:us-east-1\\u0000:123456789012:table/t1\",\"TargetTableName\":"
             "\"r1\",\"UseLatestRestorableTime\":true}"));
    assert_error(f, "TableNotFoundException", "Table not found");

    dc_model_set_caller(f->m, "111122223333");
    r = ok(f, "DescribeBackup", "{\"BackupArn\":\"%s\"}", arn);
    assert_string_equal(str_at(r, "BackupDescription.SourceTableDetails.TableArn"),
                        "arn:aws:dynamodb:us-east-1:111122223333:table/t1");
    assert_int_equal(dc_model_table_count(f->m), 2);
    free(arn);
    fx_free(f);
}

static void restore_is_creating_with_summary_then_active_without_it(void **state)
{
    (void)state;
    fx *f = fx_new(NULL); /* restore_ms default 50 */
    make_table(f, "src");
    put(f, "src", "a", "1");
    put(f, "src", "b", "2");
    char *arn = make_backup(f, "src", "bk");
    put(f, "src", "c", "after-backup");
    dc_vclock_advance_ms(f->clock, 5000);
    const dc_json *r = ok(f, "RestoreTableFromBackup", "{\"TargetTableName\":\"dst\",\"BackupArn\":\"%s\"}", arn);
    assert_string_equal(str_at(r, "TableDescription.TableStatus"), "CREATING");
    assert_string_equal(str_at(r, "TableDescription.RestoreSummary.SourceBackupArn"), arn);
    assert_string_equal(str_at(r, "TableDescription.RestoreSummary.SourceTableArn"),
                        "arn:aws:dynamodb:us-east-1:123456789012:table/src");
    assert_string_equal(dc_json_path(r, "TableDescription.RestoreSummary.RestoreDateTime")->str, "1.7E9");
    assert_int_equal(dc_json_path(r, "TableDescription.RestoreSummary.RestoreInProgress")->type, DC_JSON_TRUE);

    /* one restore per backup; the target being restored; delete while in use */
    char msg[2048];
    assert_null(call(f, "RestoreTableFromBackup", "{\"TargetTableName\":\"dst2\",\"BackupArn\":\"%s\"}", arn));
    snprintf(msg, sizeof msg, "Backup is being used to restore another table: %s", arn);
    assert_error(f, "BackupInUseException", msg);
    assert_null(call(f, "RestoreTableFromBackup", "{\"TargetTableName\":\"dst\",\"BackupArn\":\"%s\"}", arn));
    snprintf(msg, sizeof msg, "Table: dst is already being restored from backup: %s", arn);
    assert_error(f, "TableInUseException", msg);
    assert_null(call(f, "DeleteBackup", "{\"BackupArn\":\"%s\"}", arn));
    snprintf(msg, sizeof msg, "Backup is being used to restore table: %s", arn);
    assert_error(f, "BackupInUseException", msg);

    dc_vclock_advance_ms(f->clock, 49);
    r = ok(f, "DescribeTable", "{\"TableName\":\"dst\"}");
    assert_string_equal(str_at(r, "Table.TableStatus"), "CREATING");
    assert_non_null(dc_json_path(r, "Table.RestoreSummary"));
    dc_vclock_advance_ms(f->clock, 1);
    r = ok(f, "DescribeTable", "{\"TableName\":\"dst\"}");
    assert_string_equal(str_at(r, "Table.TableStatus"), "ACTIVE");
    assert_null(dc_json_path(r, "Table.RestoreSummary"));
    /* items as of the backup, not after */
    r = ok(f, "Scan", "{\"TableName\":\"dst\"}");
    assert_string_equal(dc_json_get(r, "Count")->str, "2");
    assert_string_equal(str_at(r, "Items.0.pk.S"), "a");
    assert_string_equal(str_at(r, "Items.1.v.S"), "2");
    assert_null(call(f, "RestoreTableFromBackup", "{\"TargetTableName\":\"dst\",\"BackupArn\":\"%s\"}", arn));
    assert_error(f, "TableAlreadyExistsException", "Table already exists: dst");
    free(arn);
    fx_free(f);
}

/* Every answer of the settings operations keeps the service's member order. */
static const dc_json *sorted_ok(fx *f, const char *op, const char *fmt, ...)
{
    dc_buf b;
    dc_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    dc_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    const dc_json *r = ok(f, op, "%s", (const char *)b.data);
    dc_buf_free(&b);
    const dc_json *bad = dc_json_first_unsorted(r);
    if (bad != NULL)
        fail_msg("%s: member %s out of code-point order: %.*s", op, bad->key, (int)f->r.body.len,
                 (const char *)f->r.body.data);
    return r;
}

/* [S:restore-inheritance]: both restore kinds keep SSE and drop tags,
 * TTL, stream, PITR, deletion protection and the table class. */
static void restores_keep_sse_and_drop_the_settings_backups_do_not_bring_back(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    const dc_json *r = sorted_ok(
        f, "CreateTable",
        "{\"TableName\":\"src\",%s,\"Tags\":[{\"Key\":\"team\",\"Value\":\"a\"}],\"DeletionProtectionEnabled\":true,"
        "\"TableClass\":\"STANDARD_INFREQUENT_ACCESS\",\"SSESpecification\":{\"Enabled\":true,\"SSEType\":\"KMS\"},"
        "\"StreamSpecification\":{\"StreamEnabled\":true,\"StreamViewType\":\"KEYS_ONLY\"}}",
        TABLE_SPEC);
    assert_int_equal(dc_json_path(r, "TableDescription.DeletionProtectionEnabled")->type, DC_JSON_TRUE);
    assert_string_equal(str_at(r, "TableDescription.TableClassSummary.TableClass"), "STANDARD_INFREQUENT_ACCESS");
    char *kms = dc_xstrdup(str_at(r, "TableDescription.SSEDescription.KMSMasterKeyArn"));
    r = sorted_ok(f, "UpdateTimeToLive",
                  "{\"TableName\":\"src\",\"TimeToLiveSpecification\":{\"Enabled\":true,\"AttributeName\":\"exp\"}}");
    assert_int_equal(dc_json_path(r, "TimeToLiveSpecification.Enabled")->type, DC_JSON_TRUE);
    r = sorted_ok(f, "DescribeTimeToLive", "{\"TableName\":\"src\"}");
    assert_string_equal(str_at(r, "TimeToLiveDescription.TimeToLiveStatus"), "ENABLED");
    assert_string_equal(str_at(r, "TimeToLiveDescription.AttributeName"), "exp");
    sorted_ok(f, "TagResource",
              "{\"ResourceArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/src\",\"Tags\":[{\"Key\":\"env\","
              "\"Value\":\"b\"},{\"Key\":\"team\",\"Value\":\"c\"}]}");
    r = sorted_ok(f, "ListTagsOfResource", "{\"ResourceArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/src\"}");
    assert_int_equal(dc_json_get(r, "Tags")->count, 2);
    assert_string_equal(str_at(r, "Tags.0.Value"), "c"); /* a key set again takes the new value */
    sorted_ok(f, "UpdateContinuousBackups",
              "{\"TableName\":\"src\",\"PointInTimeRecoverySpecification\":{\"PointInTimeRecoveryEnabled\":true}}");
    char *arn = make_backup(f, "src", "bk");
    r = sorted_ok(f, "DescribeBackup", "{\"BackupArn\":\"%s\"}", arn);
    assert_string_equal(str_at(r, "BackupDescription.SourceTableFeatureDetails.TimeToLiveDescription.AttributeName"),
                        "exp");
    assert_non_null(dc_json_path(r, "BackupDescription.SourceTableFeatureDetails.StreamDescription"));
    ok(f, "RestoreTableFromBackup", "{\"TargetTableName\":\"r1\",\"BackupArn\":\"%s\"}", arn);
    ok(f, "RestoreTableToPointInTime",
       "{\"SourceTableName\":\"src\",\"TargetTableName\":\"r2\",\"UseLatestRestorableTime\":true}");
    dc_vclock_advance_ms(f->clock, 50);
    static const char *const targets[] = {"r1", "r2"};
    for (size_t i = 0; i < DC_ARRAY_LEN(targets); i++) {
        r = sorted_ok(f, "DescribeTable", "{\"TableName\":\"%s\"}", targets[i]);
        assert_string_equal(str_at(r, "Table.TableStatus"), "ACTIVE");
        assert_string_equal(str_at(r, "Table.SSEDescription.KMSMasterKeyArn"), kms);
        assert_int_equal(dc_json_path(r, "Table.DeletionProtectionEnabled")->type, DC_JSON_FALSE);
        assert_null(dc_json_path(r, "Table.TableClassSummary"));
        assert_null(dc_json_path(r, "Table.StreamSpecification"));
        assert_null(dc_json_path(r, "Table.LatestStreamArn"));
        r = sorted_ok(f, "DescribeTimeToLive", "{\"TableName\":\"%s\"}", targets[i]);
        assert_string_equal(str_at(r, "TimeToLiveDescription.TimeToLiveStatus"), "DISABLED");
        assert_null(dc_json_path(r, "TimeToLiveDescription.AttributeName"));
        r = sorted_ok(f, "ListTagsOfResource", "{\"ResourceArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/%s\"}",
                      targets[i]);
        assert_int_equal(dc_json_get(r, "Tags")->count, 0);
        r = sorted_ok(f, "DescribeContinuousBackups", "{\"TableName\":\"%s\"}", targets[i]);
        assert_string_equal(
            str_at(r, "ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus"),
            "DISABLED");
    }
    /* the protected source refuses DeleteTable until UpdateTable lifts the protection */
    assert_null(call(f, "DeleteTable", "{\"TableName\":\"src\"}"));
    assert_error(f, "ValidationException",
                 "Resource cannot be deleted as it is currently protected against deletion. Disable deletion "
                 "protection first.");
    r = sorted_ok(f, "UpdateTable", "{\"TableName\":\"src\",\"DeletionProtectionEnabled\":false}");
    assert_int_equal(dc_json_path(r, "TableDescription.DeletionProtectionEnabled")->type, DC_JSON_FALSE);
    sorted_ok(f, "UntagResource",
              "{\"ResourceArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/src\",\"TagKeys\":[\"team\"]}");
    r = ok(f, "ListTagsOfResource", "{\"ResourceArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/src\"}");
    assert_int_equal(dc_json_get(r, "Tags")->count, 1);
    ok(f, "DeleteTable", "{\"TableName\":\"src\"}");
    /* a missing table: the control-plane RNF text ([S:semantic-error-texts]; [S:restore-target-settings-calls] for tags
     * and TTL) */
    assert_null(call(f, "DescribeTimeToLive", "{\"TableName\":\"nope\"}"));
    assert_error(f, "ResourceNotFoundException", "Requested resource not found: Table: nope not found");
    free(arn);
    free(kms);
    fx_free(f);
}

static const char *VECTOR_TWO =
    "\"VectorIndexes\":[{\"IndexName\":\"v1\",\"VectorAttribute\":{\"AttributeName\":\"emb\"},\"Dimensions\":3,"
    "\"DistanceFunction\":\"COSINE\",\"Projection\":{\"ProjectionType\":\"KEYS_ONLY\"}},{\"IndexName\":\"v2\","
    "\"VectorAttribute\":{\"AttributeName\":\"emb2\"},\"Dimensions\":8,\"DistanceFunction\":\"EUCLIDEAN\","
    "\"Projection\":{\"ProjectionType\":\"ALL\"}}]";
static const char *VECTOR_V2 =
    "{\"IndexName\":\"v2\",\"VectorAttribute\":{\"AttributeName\":\"emb2\"},\"Dimensions\":8,\"DistanceFunction\":"
    "\"EUCLIDEAN\",\"Projection\":{\"ProjectionType\":\"ALL\"}}";

/* [S:model-vector-indexes]: backups record VectorIndexes, restores rebuild them,
 * VectorIndexOverride keeps the listed ones, which must match the backup's. */
static void vector_indexes_are_recorded_restored_and_chosen_by_the_override(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    const dc_json *r = sorted_ok(f, "CreateTable", "{\"TableName\":\"src\",%s,%s}", TABLE_SPEC, VECTOR_TWO);
    assert_string_equal(str_at(r, "TableDescription.VectorIndexes.0.IndexStatus"), "CREATING");
    assert_string_equal(str_at(r, "TableDescription.VectorIndexes.1.IndexArn"),
                        "arn:aws:dynamodb:us-east-1:123456789012:table/src/index/v2");
    char *arn = make_backup(f, "src", "bk");
    r = sorted_ok(f, "DescribeBackup", "{\"BackupArn\":\"%s\"}", arn);
    assert_string_equal(str_at(r, "BackupDescription.SourceTableFeatureDetails.VectorIndexes.1.DistanceFunction"),
                        "EUCLIDEAN");
    assert_null(dc_json_path(r, "BackupDescription.SourceTableFeatureDetails.VectorIndexes.0.IndexStatus"));
    r = sorted_ok(f, "RestoreTableFromBackup", "{\"TargetTableName\":\"all\",\"BackupArn\":\"%s\"}", arn);
    assert_int_equal(dc_json_path(r, "TableDescription.VectorIndexes")->count, 2);
    dc_vclock_advance_ms(f->clock, 50);
    r = ok(f, "RestoreTableFromBackup",
           "{\"TargetTableName\":\"one\",\"BackupArn\":\"%s\",\"VectorIndexOverride\":[%s]}", arn, VECTOR_V2);
    assert_int_equal(dc_json_path(r, "TableDescription.VectorIndexes")->count, 1);
    assert_string_equal(str_at(r, "TableDescription.VectorIndexes.0.IndexName"), "v2");
    dc_vclock_advance_ms(f->clock, 50);
    r = ok(f, "RestoreTableFromBackup",
           "{\"TargetTableName\":\"none\",\"BackupArn\":\"%s\",\"VectorIndexOverride\":[]}", arn);
    assert_null(dc_json_path(r, "TableDescription.VectorIndexes"));
    dc_vclock_advance_ms(f->clock, 50);
    /* a definition the backup does not have (other dimensions) is refused */
    assert_null(call(f, "RestoreTableFromBackup",
                     "{\"TargetTableName\":\"bad\",\"BackupArn\":\"%s\",\"VectorIndexOverride\":[{\"IndexName\":\"v2\","
                     "\"VectorAttribute\":{\"AttributeName\":\"emb2\"},\"Dimensions\":9,\"DistanceFunction\":"
                     "\"EUCLIDEAN\",\"Projection\":{\"ProjectionType\":\"ALL\"}}]}",
                     arn));
    assert_error(f, "ValidationException",
                 "Invalid Request: Index v2 does not match a secondary index that existed in the source table and "
                 "cannot be created during the restore operation");
    free(arn);
    fx_free(f);
}

static void restore_with_empty_gsi_override_drops_all_indexes(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    make_table(f, "src");
    char *arn = make_backup(f, "src", "bk");
    const dc_json *r = ok(f, "RestoreTableFromBackup",
                          "{\"TargetTableName\":\"dst\",\"BackupArn\":\"%s\",\"GlobalSecondaryIndexOverride\":[],"
                          "\"LocalSecondaryIndexOverride\":[]}",
                          arn);
    /* a real description of the new table, whose index lists are gone (not an empty answer) */
    assert_true(dc_json_string_eq(dc_json_path(r, "TableDescription.TableName"), "dst"));
    assert_null(dc_json_path(r, "TableDescription.GlobalSecondaryIndexes"));
    assert_null(dc_json_path(r, "TableDescription.LocalSecondaryIndexes"));
    free(arn);
    fx_free(f);
}

static void restore_without_overrides_keeps_all_indexes(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    make_table(f, "src");
    char *arn = make_backup(f, "src", "bk");
    const dc_json *r = ok(f, "RestoreTableFromBackup", "{\"TargetTableName\":\"dst\",\"BackupArn\":\"%s\"}", arn);
    assert_string_equal(str_at(r, "TableDescription.GlobalSecondaryIndexes.0.IndexName"), "gsi1");
    assert_string_equal(str_at(r, "TableDescription.LocalSecondaryIndexes.0.IndexName"), "lsi1");
    free(arn);
    fx_free(f);
}

static void restore_gsi_override_renames_the_matching_index_and_rejects_new_ones(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    make_table(f, "src");
    char *arn = make_backup(f, "src", "bk");
    const dc_json *r = ok(f, "RestoreTableFromBackup",
                          "{\"TargetTableName\":\"dst\",\"BackupArn\":\"%s\",\"GlobalSecondaryIndexOverride\":[{"
                          "\"IndexName\":\"renamed\",\"KeySchema\":[{\"AttributeName\":\"gsk\",\"KeyType\":\"HASH\"}],"
                          "\"Projection\":{\"ProjectionType\":\"ALL\"}}],\"BillingModeOverride\":\"PROVISIONED\","
                          "\"ProvisionedThroughputOverride\":{\"ReadCapacityUnits\":3,\"WriteCapacityUnits\":4}}",
                          arn);
    assert_string_equal(str_at(r, "TableDescription.GlobalSecondaryIndexes.0.IndexName"), "renamed");
    assert_null(dc_json_path(r, "TableDescription.GlobalSecondaryIndexes.1"));
    assert_string_equal(str_at(r, "TableDescription.LocalSecondaryIndexes.0.IndexName"), "lsi1");
    assert_string_equal(str_at(r, "TableDescription.BillingModeSummary.BillingMode"), "PROVISIONED");
    assert_string_equal(dc_json_path(r, "TableDescription.ProvisionedThroughput.ReadCapacityUnits")->str, "3");
    dc_vclock_advance_ms(f->clock, 50); /* the first restore no longer holds the backup */
    assert_null(call(f, "RestoreTableFromBackup",
                     "{\"TargetTableName\":\"dst3\",\"BackupArn\":\"%s\",\"GlobalSecondaryIndexOverride\":[{"
                     "\"IndexName\":\"newidx\",\"KeySchema\":[{\"AttributeName\":\"other\",\"KeyType\":\"HASH\"}],"
                     "\"Projection\":{\"ProjectionType\":\"ALL\"}}]}",
                     arn));
    assert_error(f, "ValidationException",
                 "Invalid Request: Index newidx does not match a secondary index that existed in the source table and "
                 "cannot be created during the restore operation");
    free(arn);
    fx_free(f);
}

static void fifty_first_concurrent_restore_exceeds_the_limit(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    make_table(f, "src");
    for (int i = 0; i < DC_MODEL_MAX_CONCURRENT_RESTORES; i++) {
        char name[16];
        snprintf(name, sizeof name, "bk%d", i);
        char *arn = make_backup(f, "src", name);
        ok(f, "RestoreTableFromBackup", "{\"TargetTableName\":\"dst%d\",\"BackupArn\":\"%s\"}", i, arn);
        free(arn);
    }
    char *arn = make_backup(f, "src", "extra");
    assert_null(call(f, "RestoreTableFromBackup", "{\"TargetTableName\":\"dst-extra\",\"BackupArn\":\"%s\"}", arn));
    assert_error(f, "LimitExceededException",
                 "Subscriber limit exceeded: Only 50 restore operations can be done simultaneously");
    dc_vclock_advance_ms(f->clock, 50);
    ok(f, "RestoreTableFromBackup", "{\"TargetTableName\":\"dst-extra\",\"BackupArn\":\"%s\"}", arn);
    free(arn);
    fx_free(f);
}

static size_t summaries(const dc_json *r)
{
    const dc_json *s = dc_json_get(r, "BackupSummaries");
    assert_true(dc_json_is_array(s));
    return s->count;
}

static void list_backups_pages_by_limit_and_omits_the_cursor_on_the_last_page(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    make_table(f, "src");
    char *arns[5];
    for (int i = 0; i < 5; i++) {
        dc_vclock_advance_ms(f->clock, 10);
        char name[16];
        snprintf(name, sizeof name, "b%d", i);
        arns[i] = make_backup(f, "src", name);
    }
    const dc_json *r = ok(f, "ListBackups", "{\"Limit\":2}");
    assert_int_equal(summaries(r), 2);
    assert_string_equal(str_at(r, "BackupSummaries.0.BackupArn"), arns[0]);
    assert_string_equal(str_at(r, "LastEvaluatedBackupArn"), arns[1]);
    r = ok(f, "ListBackups", "{\"Limit\":2,\"ExclusiveStartBackupArn\":\"%s\"}", arns[1]);
    assert_string_equal(str_at(r, "BackupSummaries.0.BackupArn"), arns[2]);
    assert_string_equal(str_at(r, "LastEvaluatedBackupArn"), arns[3]);
    /* Limit == what is left: no LastEvaluatedBackupArn ([S:list-backups-rules]) */
    r = ok(f, "ListBackups", "{\"Limit\":1,\"ExclusiveStartBackupArn\":\"%s\"}", arns[3]);
    assert_int_equal(summaries(r), 1);
    assert_null(dc_json_get(r, "LastEvaluatedBackupArn"));
    r = ok(f, "ListBackups", "{}");
    assert_int_equal(summaries(r), 5);
    assert_null(dc_json_get(r, "LastEvaluatedBackupArn"));
    /* a deleted backup still works as a cursor */
    ok(f, "DeleteBackup", "{\"BackupArn\":\"%s\"}", arns[2]);
    r = ok(f, "ListBackups", "{\"ExclusiveStartBackupArn\":\"%s\"}", arns[2]);
    assert_int_equal(summaries(r), 2);
    assert_string_equal(str_at(r, "BackupSummaries.0.BackupArn"), arns[3]);
    /* so does a well-formed ARN that never existed, by its embedded time */
    r = ok(f, "ListBackups",
           "{\"ExclusiveStartBackupArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/src/backup/"
           "01700000000035-ffffffff\"}");
    assert_int_equal(summaries(r), 2);
    for (int i = 0; i < 5; i++)
        free(arns[i]);
    fx_free(f);
}

static void list_backups_time_range_is_lower_inclusive_upper_exclusive(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    make_table(f, "src");
    char *a = make_backup(f, "src", "at-t0"); /* 1700000000.000 */
    dc_vclock_advance_ms(f->clock, 1000);
    char *b = make_backup(f, "src", "at-t0plus1"); /* 1700000001.000 */
    const dc_json *r = ok(f, "ListBackups", "{\"TimeRangeLowerBound\":1700000000,\"TimeRangeUpperBound\":1700000001}");
    assert_int_equal(summaries(r), 1);
    assert_string_equal(str_at(r, "BackupSummaries.0.BackupArn"), a);
    r = ok(f, "ListBackups", "{\"TimeRangeLowerBound\":1700000000.001}");
    assert_int_equal(summaries(r), 1);
    assert_string_equal(str_at(r, "BackupSummaries.0.BackupArn"), b);
    r = ok(f, "ListBackups", "{\"TableName\":\"no-such-table\"}");
    assert_int_equal(summaries(r), 0);
    free(a);
    free(b);
    fx_free(f);
}

static void deleting_a_pitr_table_leaves_an_undeletable_system_backup(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    make_table(f, "src");
    char *user = make_backup(f, "src", "user-bk");
    ok(f, "UpdateContinuousBackups",
       "{\"TableName\":\"src\",\"PointInTimeRecoverySpecification\":{\"PointInTimeRecoveryEnabled\":true}}");
    const dc_json *r = ok(f, "DeleteTable", "{\"TableName\":\"src\"}");
    assert_string_equal(str_at(r, "TableDescription.TableStatus"), "DELETING");
    assert_null(call(f, "DescribeTable", "{\"TableName\":\"src\"}"));
    assert_error(f, "ResourceNotFoundException", "Requested resource not found: Table: src not found");

    r = ok(f, "ListBackups", "{}");
    assert_int_equal(summaries(r), 1); /* USER by default */
    assert_string_equal(str_at(r, "BackupSummaries.0.BackupArn"), user);
    r = ok(f, "ListBackups", "{\"BackupType\":\"SYSTEM\"}");
    assert_int_equal(summaries(r), 1);
    assert_string_equal(str_at(r, "BackupSummaries.0.BackupName"), "src$DeletedTableBackup");
    assert_string_equal(str_at(r, "BackupSummaries.0.BackupType"), "SYSTEM");
    /* expiry = creation + 35 days */
    assert_string_equal(dc_json_path(r, "BackupSummaries.0.BackupExpiryDateTime")->str, "1.703024E9");
    char *sys = dc_xstrdup(str_at(r, "BackupSummaries.0.BackupArn"));
    assert_string_equal(sys + strlen(sys) - 9, "-00000000");
    r = ok(f, "ListBackups", "{\"BackupType\":\"ALL\",\"TableName\":\"src\"}");
    assert_int_equal(summaries(r), 2);
    assert_null(call(f, "DeleteBackup", "{\"BackupArn\":\"%s\"}", sys));
    char msg[2048];
    snprintf(msg, sizeof msg,
             "Invalid Request: User is not allowed to delete the system backup with arn %s. It will automatically "
             "expire on 2023-12-19T22:13:20Z",
             sys);
    assert_error(f, "ValidationException", msg);
    /* backups survive the table */
    ok(f, "DescribeBackup", "{\"BackupArn\":\"%s\"}", user);
    free(sys);
    free(user);
    fx_free(f);
}

/* DescribeBackup goes through an ARN index (model_backups.c): it must follow every
 * DeleteBackup, grow past its first buckets, take the SYSTEM backups DeleteTable
 * makes, and answer the first of two backups sharing one ARN as a scan would. */
static void backup_lookups_follow_deletes_and_table_deletes(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    make_table(f, "src");
    enum { N = 150 }; /* past the index's first 64 and 128 buckets */
    char *arns[N];
    for (int i = 0; i < N; i++) {
        char name[16];
        snprintf(name, sizeof name, "b%03d", i);
        arns[i] = make_backup(f, "src", name);
    }
    for (int i = 0; i < N; i += 3)
        ok(f, "DeleteBackup", "{\"BackupArn\":\"%s\"}", arns[i]);
    for (int i = 0; i < N; i++) {
        const dc_json *r = call(f, "DescribeBackup", "{\"BackupArn\":\"%s\"}", arns[i]);
        if (i % 3 == 0) {
            assert_null(r);
            assert_string_equal(f->r.error, "BackupNotFoundException");
        } else {
            assert_non_null(r);
            assert_string_equal(str_at(r, "BackupDescription.BackupDetails.BackupArn"), arns[i]);
            char name[16];
            snprintf(name, sizeof name, "b%03d", i);
            assert_string_equal(str_at(r, "BackupDescription.BackupDetails.BackupName"), name);
        }
    }
    assert_null(call(f, "DeleteBackup", "{\"BackupArn\":\"%s\"}", arns[0]));
    assert_string_equal(f->r.error, "BackupNotFoundException");
    assert_int_equal(dc_model_backup_count(f->m), N - N / 3);

    /* the frozen clock lets two PITR deletions of "src" make one SYSTEM ARN
     * twice; the first made is the one found, then after the others */
    const char *pitr = "{\"TableName\":\"src\",\"PointInTimeRecoverySpecification\":"
                       "{\"PointInTimeRecoveryEnabled\":true}}";
    char *ids[2];
    for (int k = 0; k < 2; k++) {
        if (k == 1)
            make_table(f, "src");
        ids[k] = dc_xstrdup(str_at(ok(f, "DescribeTable", "{\"TableName\":\"src\"}"), "Table.TableId"));
        ok(f, "UpdateContinuousBackups", "%s", pitr);
        ok(f, "DeleteTable", "{\"TableName\":\"src\"}");
    }
    assert_string_not_equal(ids[0], ids[1]);
    const dc_json *r = ok(f, "ListBackups", "{\"BackupType\":\"SYSTEM\"}");
    assert_int_equal(summaries(r), 2);
    char *sys = dc_xstrdup(str_at(r, "BackupSummaries.0.BackupArn"));
    assert_string_equal(str_at(r, "BackupSummaries.1.BackupArn"), sys);
    r = ok(f, "DescribeBackup", "{\"BackupArn\":\"%s\"}", sys);
    assert_string_equal(str_at(r, "BackupDescription.SourceTableDetails.TableId"), ids[0]);
    assert_int_equal(dc_model_backup_count(f->m), N - N / 3 + 2);
    ok(f, "DescribeBackup", "{\"BackupArn\":\"%s\"}", arns[N - 1]);
    free(sys);
    for (int k = 0; k < 2; k++)
        free(ids[k]);
    for (int i = 0; i < N; i++)
        free(arns[i]);
    fx_free(f);
}

static void pitr_window_follows_enable_time_lag_and_recovery_period(void **state)
{
    (void)state;
    dc_model_options o;
    dc_model_options_default(&o);
    o.pitr_lag_ms = 300000; /* the real ~5 min */
    fx *f = fx_new(&o);
    make_table(f, "src");
    const dc_json *r = ok(f, "DescribeContinuousBackups", "{\"TableName\":\"src\"}");
    assert_string_equal(str_at(r, "ContinuousBackupsDescription.ContinuousBackupsStatus"), "ENABLED");
    assert_string_equal(
        str_at(r, "ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus"), "DISABLED");
    assert_int_equal(dc_json_path(r, "ContinuousBackupsDescription.PointInTimeRecoveryDescription")->count, 1);

    dc_vclock_advance_ms(f->clock, 1500); /* enable at T0+1.5 s: Earliest at the whole second */
    r = ok(f, "UpdateContinuousBackups",
           "{\"TableName\":\"src\",\"PointInTimeRecoverySpecification\":{\"PointInTimeRecoveryEnabled\":true}}");
    const char *p = "ContinuousBackupsDescription.PointInTimeRecoveryDescription.";
    char path[128];
#define AT(member) (snprintf(path, sizeof path, "%s%s", p, member), dc_json_path(r, path))
    assert_string_equal(AT("EarliestRestorableDateTime")->str, "1.700000001E9");
    assert_string_equal(AT("LatestRestorableDateTime")->str, "1.700000001E9");
    assert_string_equal(AT("RecoveryPeriodInDays")->str, "35");

    dc_vclock_advance_ms(f->clock, 600000); /* 10 min later: Latest = now - 5 min */
    r = ok(f, "DescribeContinuousBackups", "{\"TableName\":\"src\"}");
    assert_string_equal(AT("EarliestRestorableDateTime")->str, "1.700000001E9");
    assert_string_equal(AT("LatestRestorableDateTime")->str, "1.7000003015E9");

    r = ok(f, "UpdateContinuousBackups",
           "{\"TableName\":\"src\",\"PointInTimeRecoverySpecification\":{\"PointInTimeRecoveryEnabled\":true,"
           "\"RecoveryPeriodInDays\":1}}");
    assert_string_equal(AT("RecoveryPeriodInDays")->str, "1");
    dc_vclock_advance_ms(f->clock, 2 * 86400000LL);
    r = ok(f, "DescribeContinuousBackups", "{\"TableName\":\"src\"}");
    /* now = T0 + 1.5 s + 10 min + 2 d; Earliest = now - 1 d */
    assert_string_equal(AT("EarliestRestorableDateTime")->str, "1.7000870015E9");

    /* outside the window */
    assert_null(call(f, "RestoreTableToPointInTime",
                     "{\"SourceTableName\":\"src\",\"TargetTableName\":\"dst\",\"RestoreDateTime\":1700000000}"));
    assert_error(f, "InvalidRestoreTimeException",
                 "RestoreDateTime '2023-11-14T22:13:20Z' must be within EarliestRestorableDateTime "
                 "'2023-11-15T22:23:21Z' and LatestRestorableDateTime '2023-11-16T22:18:21Z'");

    /* disable: only the status; re-enable resets Earliest and the period */
    r = ok(f, "UpdateContinuousBackups",
           "{\"TableName\":\"src\",\"PointInTimeRecoverySpecification\":{\"PointInTimeRecoveryEnabled\":false}}");
    assert_int_equal(dc_json_path(r, "ContinuousBackupsDescription.PointInTimeRecoveryDescription")->count, 1);
    assert_null(call(f, "RestoreTableToPointInTime",
                     "{\"SourceTableName\":\"src\",\"TargetTableName\":\"dst\",\"UseLatestRestorableTime\":true}"));
    assert_error(f, "PointInTimeRecoveryUnavailableException", "Point in time recovery is not enabled for table 'src'");
    r = ok(f, "UpdateContinuousBackups",
           "{\"TableName\":\"src\",\"PointInTimeRecoverySpecification\":{\"PointInTimeRecoveryEnabled\":true}}");
    assert_string_equal(AT("RecoveryPeriodInDays")->str, "35");
    assert_string_equal(AT("EarliestRestorableDateTime")->str, "1.700173401E9");
#undef AT
    fx_free(f);
}

static void pitr_restore_gives_the_items_as_of_the_restore_time(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    make_table(f, "src");
    ok(f, "UpdateContinuousBackups",
       "{\"TableName\":\"src\",\"PointInTimeRecoverySpecification\":{\"PointInTimeRecoveryEnabled\":true}}");
    put(f, "src", "a", "old");
    dc_vclock_advance_ms(f->clock, 2000); /* T0+2 s: a=old */
    put(f, "src", "a", "new");
    put(f, "src", "b", "later");
    dc_vclock_advance_ms(f->clock, 1000);
    const dc_json *r =
        ok(f, "RestoreTableToPointInTime",
           "{\"SourceTableName\":\"src\",\"TargetTableName\":\"past\",\"RestoreDateTime\":1700000001.5}");
    assert_string_equal(dc_json_path(r, "TableDescription.RestoreSummary.RestoreDateTime")->str, "1.7000000015E9");
    assert_null(dc_json_path(r, "TableDescription.RestoreSummary.SourceBackupArn"));
    /* CREATING: the data plane does not see the target yet ([S:creating-table-data-plane]) */
    assert_null(call(f, "Scan", "{\"TableName\":\"past\"}"));
    assert_error(f, "ResourceNotFoundException", "Requested resource not found");
    dc_vclock_advance_ms(f->clock, 100); /* past restore_ms: ACTIVE */
    r = ok(f, "Scan", "{\"TableName\":\"past\"}");
    assert_string_equal(dc_json_get(r, "Count")->str, "1");
    assert_string_equal(str_at(r, "Items.0.v.S"), "old");
    r = ok(f, "RestoreTableToPointInTime",
           "{\"SourceTableName\":\"src\",\"TargetTableName\":\"latest\",\"UseLatestRestorableTime\":true}");
    dc_vclock_advance_ms(f->clock, 100);
    r = ok(f, "Scan", "{\"TableName\":\"latest\"}");
    assert_string_equal(dc_json_get(r, "Count")->str, "2");
    assert_string_equal(str_at(r, "Items.0.v.S"), "new");
    /* precedence: the window before the target ([S:restore-to-point-in-time]) */
    assert_null(call(f, "RestoreTableToPointInTime",
                     "{\"SourceTableName\":\"src\",\"TargetTableName\":\"latest\",\"RestoreDateTime\":1600000000}"));
    assert_string_equal(f->r.error, "InvalidRestoreTimeException");
    assert_null(call(f, "RestoreTableToPointInTime",
                     "{\"SourceTableName\":\"src\",\"TargetTableName\":\"src\",\"UseLatestRestorableTime\":true}"));
    assert_error(f, "TableAlreadyExistsException", "Table already exists: src");
    assert_null(call(f, "RestoreTableToPointInTime",
                     "{\"SourceTableName\":\"gone\",\"TargetTableName\":\"x1\",\"UseLatestRestorableTime\":true}"));
    assert_error(f, "TableNotFoundException", "Table not found: gone");
    assert_null(call(f, "RestoreTableToPointInTime",
                     "{\"SourceTableArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/gone\",\"TargetTableName\":"
                     "\"x1\",\"UseLatestRestorableTime\":true}"));
    assert_error(f, "TableNotFoundException", "Table not found");
    fx_free(f);
}

static void backups_being_enabled_window_refuses_backup_and_pitr_changes(void **state)
{
    (void)state;
    dc_model_options o;
    dc_model_options_default(&o);
    o.backups_enabling_ms = 3000;
    fx *f = fx_new(&o);
    make_table(f, "src");
    assert_null(call(f, "CreateBackup", "{\"TableName\":\"src\",\"BackupName\":\"bk\"}"));
    assert_error(f, "ContinuousBackupsUnavailableException",
                 "Backups are being enabled for the table: src. Please retry later");
    const dc_json *r = ok(f, "DescribeContinuousBackups", "{\"TableName\":\"src\"}");
    assert_string_equal(str_at(r, "ContinuousBackupsDescription.ContinuousBackupsStatus"), "DISABLED");
    assert_null(
        call(f, "UpdateContinuousBackups",
             "{\"TableName\":\"src\",\"PointInTimeRecoverySpecification\":{\"PointInTimeRecoveryEnabled\":true}}"));
    assert_string_equal(f->r.error, "ContinuousBackupsUnavailableException");
    dc_vclock_advance_ms(f->clock, 3000);
    free(make_backup(f, "src", "bk"));
    fx_free(f);
}

static void items_are_stored_read_back_and_deleted(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    make_table(f, "t");
    put(f, "t", "k", "v1");
    const dc_json *r = ok(f, "GetItem", "{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"k\"},\"sk\":{\"S\":\"x\"}}}");
    assert_string_equal(str_at(r, "Item.v.S"), "v1");
    ok(f, "DeleteItem", "{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"k\"},\"sk\":{\"S\":\"x\"}}}");
    r = ok(f, "GetItem", "{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"k\"},\"sk\":{\"S\":\"x\"}}}");
    assert_null(dc_json_get(r, "Item"));
    assert_null(call(f, "PutItem", "{\"TableName\":\"t\",\"Item\":{\"pk\":{\"S\":\"k\"}}}"));
    assert_error(f, "ValidationException", "One or more parameter values were invalid: Missing the key sk in the item");
    fx_free(f);
}

static void context_carries_the_declared_backup_and_the_clock(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    make_table(f, "src");
    char *arn = make_backup(f, "src", "bk");
    dc_json_doc rq;
    char text[1024];
    snprintf(text, sizeof text, "{\"TargetTableName\":\"dst\",\"BackupArn\":\"%s\"}", arn);
    assert_int_equal(dc_json_parse(text, strlen(text), &rq, NULL), 0);
    dc_model_context c;
    dc_model_context_build(f->m, "RestoreTableFromBackup", rq.root, &c);
    assert_true(c.ctx.has_now);
    assert_true(c.ctx.now == 1700000000.0);
    assert_string_equal(c.ctx.region, "us-east-1");
    assert_string_equal(str_at(c.ctx.backup, "BackupDetails.BackupArn"), arn);
    /* the source as the backup recorded it; RestoreTableFromBackup's "context"
     * (spec/operations) names no other slot */
    assert_string_equal(str_at(c.ctx.backup, "SourceTableFeatureDetails.GlobalSecondaryIndexes.0.IndexName"), "gsi1");
    assert_null(c.ctx.source_table);
    assert_null(c.ctx.continuous_backups);
    dc_model_context_free(&c);
    dc_json_doc_free(&rq);
    free(arn);
    fx_free(f);
}

static void s_pitr_context(fx *f, const char *request, dc_model_context *c)
{
    dc_json_doc rq;
    assert_int_equal(dc_json_parse(request, strlen(request), &rq, NULL), 0);
    dc_model_context_build(f->m, "RestoreTableToPointInTime", rq.root, c);
    dc_json_doc_free(&rq);
}

/* RestoreTableToPointInTime's "context": the source by name or ARN; continuous
 * backups only while PITR is enabled ("serveOnlyIf": otherwise the model answers). */
static void pitr_context_has_the_source_and_continuous_backups_only_when_enabled(void **state)
{
    (void)state;
    fx *f = fx_new(NULL);
    make_table(f, "src");
    dc_model_context c;
    s_pitr_context(f, "{\"SourceTableName\":\"src\",\"TargetTableName\":\"dst\"}", &c);
    assert_string_equal(str_at(c.ctx.source_table, "TableName"), "src");
    assert_null(c.ctx.continuous_backups);
    assert_null(c.ctx.backup);
    dc_model_context_free(&c);
    ok(f, "UpdateContinuousBackups",
       "{\"TableName\":\"src\",\"PointInTimeRecoverySpecification\":{\"PointInTimeRecoveryEnabled\":true}}");
    s_pitr_context(f,
                   "{\"SourceTableArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/src\","
                   "\"TargetTableName\":\"dst\"}",
                   &c);
    assert_string_equal(str_at(c.ctx.source_table, "TableName"), "src");
    assert_string_equal(str_at(c.ctx.continuous_backups, "PointInTimeRecoveryDescription.PointInTimeRecoveryStatus"),
                        "ENABLED");
    dc_model_context_free(&c);
    s_pitr_context(f, "{\"SourceTableName\":\"nope\",\"TargetTableName\":\"dst\"}", &c);
    assert_null(c.ctx.source_table);
    assert_null(c.ctx.continuous_backups);
    assert_true(c.ctx.has_now);
    dc_model_context_free(&c);
    fx_free(f);
}

static int s_load_spec(void **state)
{
    (void)state;
    dc_err err;
    if (dc_spec_load(dc_data_dir(), &g_spec, &err) != 0) {
        fprintf(stderr, "spec load failed: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int s_free_spec(void **state)
{
    (void)state;
    dc_spec_free(g_spec);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(created_table_turns_active_after_the_configured_delay),
        cmocka_unit_test(missing_table_answers_resource_not_found),
        cmocka_unit_test(backup_is_created_described_deleted_then_not_found),
        cmocka_unit_test(plain_table_backup_has_empty_feature_details),
        cmocka_unit_test(describe_and_delete_backup_echo_a_region_rewritten_arn),
        cmocka_unit_test(tables_and_backups_belong_to_the_calling_account),
        cmocka_unit_test(list_backups_refuses_a_cursor_of_another_region),
        cmocka_unit_test(restore_is_creating_with_summary_then_active_without_it),
        cmocka_unit_test(restores_keep_sse_and_drop_the_settings_backups_do_not_bring_back),
        cmocka_unit_test(vector_indexes_are_recorded_restored_and_chosen_by_the_override),
        cmocka_unit_test(restore_with_empty_gsi_override_drops_all_indexes),
        cmocka_unit_test(restore_without_overrides_keeps_all_indexes),
        cmocka_unit_test(restore_gsi_override_renames_the_matching_index_and_rejects_new_ones),
        cmocka_unit_test(fifty_first_concurrent_restore_exceeds_the_limit),
        cmocka_unit_test(list_backups_pages_by_limit_and_omits_the_cursor_on_the_last_page),
        cmocka_unit_test(list_backups_time_range_is_lower_inclusive_upper_exclusive),
        cmocka_unit_test(deleting_a_pitr_table_leaves_an_undeletable_system_backup),
        cmocka_unit_test(backup_lookups_follow_deletes_and_table_deletes),
        cmocka_unit_test(pitr_window_follows_enable_time_lag_and_recovery_period),
        cmocka_unit_test(pitr_restore_gives_the_items_as_of_the_restore_time),
        cmocka_unit_test(backups_being_enabled_window_refuses_backup_and_pitr_changes),
        cmocka_unit_test(items_are_stored_read_back_and_deleted),
        cmocka_unit_test(context_carries_the_declared_backup_and_the_clock),
        cmocka_unit_test(pitr_context_has_the_source_and_continuous_backups_only_when_enabled),
    };
    return cmocka_run_group_tests(tests, s_load_spec, s_free_spec);
}
