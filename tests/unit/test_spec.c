/* test_spec.c - the spec loader against the committed spec/ data (exact
 * values from the facts of docs/sources.md) and against broken spec folders written to a
 * temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/json.h"
#include "spec/spec.h"
#include "validate/validate.h"
#include "test_util.h"

/* The committed spec is every test's state in the first group. */
static int s_setup(void **state)
{
    if (dc_test_spec_setup(state) != 0)
        return -1;
    *state = (void *)dc_test_spec();
    return 0;
}

static const dc_member *s_member(const dc_spec *spec, const char *shape, const char *member)
{
    const dc_shape *s = dc_spec_shape(spec, shape);
    assert_non_null(s);
    const dc_member *m = dc_shape_member(s, member, strlen(member));
    assert_non_null(m);
    return m;
}

/* ---- shapes -------------------------------------------------------------- */

static void table_name_is_a_string_of_3_to_255_characters(void **state)
{
    const dc_shape *s = dc_spec_shape(*state, "TableName");
    assert_non_null(s);
    assert_int_equal(s->type, DC_SHAPE_STRING);
    assert_true(s->has_min);
    assert_true(s->has_max);
    assert_int_equal(s->min, 3);
    assert_int_equal(s->max, 255);
    assert_string_equal(s->pattern, "[a-zA-Z0-9_.-]+");
}

static void table_name_pattern_must_match_the_whole_string(void **state)
{
    static const struct {
        const char *value;
        size_t len;
        bool matches;
    } cases[] = {
        {"abc", 3, true},
        {"ab", 2, true}, /* too short, but length is not the pattern's business */
        {"a.b-c_D9", 8, true},
        {"bad name!", 9, false},
        {"abc;", 4, false}, /* a prefix match is not enough (Java matches()) */
        {";abc", 4, false},
        {"abc\n", 4, false}, /* '$' would allow a final newline; whole-string must not */
        {"", 0, false},
        {"ab\0c", 4, false}, /* the length is honoured: NUL is a character */
        {"caf\xc3\xa9", 5, false},
    };
    const dc_shape *s = dc_spec_shape(*state, "TableName");
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        if (dc_shape_pattern_matches(s, cases[i].value, cases[i].len) != cases[i].matches)
            fail_msg("pattern on '%s': expected %s", cases[i].value, cases[i].matches ? "match" : "no match");
    }
}

/* A subject that is not UTF-8 never matches (PCRE2 checks it when ours finds it
 * invalid), wherever the bad byte is; long ASCII ones are matched as before. */
static void pattern_refuses_invalid_utf8_at_any_offset(void **state)
{
    const dc_shape *s = dc_spec_shape(*state, "TableName");
    char v[40];
    memset(v, 'a', sizeof v);
    assert_true(dc_shape_pattern_matches(s, v, sizeof v));
    for (size_t at = 0; at < 24; at++) {
        memset(v, 'a', sizeof v);
        v[at] = '\xff';
        assert_false(dc_shape_pattern_matches(s, v, sizeof v));
        memcpy(v + at, "\xed\xa0\x80", 3); /* a UTF-16 surrogate in UTF-8 */
        assert_false(dc_shape_pattern_matches(s, v, sizeof v));
        memcpy(v + at, "\xc3\xa9", 2); /* valid, outside the pattern */
        v[at + 2] = 'a';
        assert_false(dc_shape_pattern_matches(s, v, sizeof v));
    }
}

static void shapes_without_a_pattern_match_anything(void **state)
{
    const dc_shape *s = dc_spec_shape(*state, "BackupArn");
    assert_null(s->pattern);
    assert_true(dc_shape_pattern_matches(s, "bad name!", 9));
}

static void path_names_lower_case_only_the_first_character(void **state)
{
    static const struct {
        const char *shape, *member, *path_name;
    } cases[] = {
        {"RestoreTableFromBackupInput", "SSESpecificationOverride", "sSESpecificationOverride"},
        {"SSESpecification", "KMSMasterKeyId", "kMSMasterKeyId"},
        {"RestoreTableFromBackupInput", "TargetTableName", "targetTableName"},
        {"PointInTimeRecoverySpecification", "RecoveryPeriodInDays", "recoveryPeriodInDays"},
        {"ScanInput", "Select", "select"},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++)
        assert_string_equal(s_member(*state, cases[i].shape, cases[i].member)->path_name, cases[i].path_name);
}

static void billing_mode_enum_message_is_in_service_order(void **state)
{
    const dc_shape *s = dc_spec_shape(*state, "BillingMode");
    assert_string_equal(s->enum_message, "[PROVISIONED, PAY_PER_REQUEST]");
    assert_int_equal(s->nenums, 2);
    assert_true(dc_shape_enum_contains(s, "PAY_PER_REQUEST", 15));
    assert_false(dc_shape_enum_contains(s, "pay_per_request", 15));
    assert_false(dc_shape_enum_contains(s, "PAY_PER", 7));
    assert_false(dc_shape_enum_contains(s, "PAY_PER_REQUESTX", 16));
}

static void recorded_enum_orders_differ_from_model_order(void **state)
{
    static const struct {
        const char *shape, *message, *first_model_value;
    } cases[] = {
        {"StreamViewType", "[OLD_IMAGE, KEYS_ONLY, NEW_AND_OLD_IMAGES, NEW_IMAGE]", "NEW_IMAGE"},
        {"ScalarAttributeType", "[B, N, S]", "S"},
        {"Select", "[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]", "ALL_ATTRIBUTES"},
        {"BackupTypeFilter", "[USER, SYSTEM, AWS_BACKUP, ALL]", "USER"}, /* unrecorded: model order */
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        const dc_shape *s = dc_spec_shape(*state, cases[i].shape);
        assert_non_null(s);
        assert_string_equal(s->enum_message, cases[i].message);
        assert_string_equal(s->enums[0], cases[i].first_model_value);
    }
}

static void recovery_period_in_days_is_1_to_35_since_2025_01_07(void **state)
{
    const dc_shape *s = dc_spec_shape(*state, "RecoveryPeriodInDays");
    assert_int_equal(s->type, DC_SHAPE_INTEGER);
    assert_int_equal(s->min, 1);
    assert_int_equal(s->max, 35);
    assert_string_equal(s->since, "2025-01-07");
    const dc_member *m = s_member(*state, "PointInTimeRecoverySpecification", "RecoveryPeriodInDays");
    assert_ptr_equal(m->shape, s);
    assert_false(m->required);
    assert_string_equal(m->since, "2025-01-07");
    assert_true(s_member(*state, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")->required);
}

static void restore_overrides_carry_their_since_dates(void **state)
{
    static const struct {
        const char *member, *since;
    } cases[] = {
        {"BillingModeOverride", "2019-11-12"},         {"GlobalSecondaryIndexOverride", "2019-11-12"},
        {"LocalSecondaryIndexOverride", "2019-11-12"}, {"ProvisionedThroughputOverride", "2019-11-12"},
        {"SSESpecificationOverride", "2020-02-17"},    {"OnDemandThroughputOverride", "2024-05-02"},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        assert_string_equal(s_member(*state, "RestoreTableFromBackupInput", cases[i].member)->since, cases[i].since);
        assert_string_equal(s_member(*state, "RestoreTableToPointInTimeInput", cases[i].member)->since, cases[i].since);
    }
    assert_string_equal(s_member(*state, "RestoreTableToPointInTimeInput", "SourceTableArn")->since, "2020-02-17");
    assert_null(s_member(*state, "RestoreTableFromBackupInput", "TargetTableName")->since);
    /* vector indexes: botocore's DynamoDB model of 2026-08-04 (tests/data/botocore-model) */
    assert_string_equal(s_member(*state, "RestoreTableFromBackupInput", "VectorIndexOverride")->since, "2026-08-04");
    assert_string_equal(s_member(*state, "RestoreTableToPointInTimeInput", "VectorIndexOverride")->since, "2026-08-04");
    assert_string_equal(s_member(*state, "SourceTableFeatureDetails", "VectorIndexes")->since, "2026-08-04");
}

static void backup_arn_keeps_the_model_min_only_as_drift(void **state)
{
    const dc_shape *s = dc_spec_shape(*state, "BackupArn");
    const struct dc_json *model = NULL;
    assert_false(s->has_min);
    assert_int_equal(s->max, 1024);
    assert_non_null(dc_spec_shape_drift(*state, s, &model));
    int64_t min = 0;
    assert_int_equal(dc_json_int64(dc_json_get(model, "min"), &min), DC_INT_OK);
    assert_int_equal(min, 37);
    static const char *const ops[] = {"DeleteBackupInput", "DescribeBackupInput", "RestoreTableFromBackupInput"};
    for (size_t i = 0; i < DC_ARRAY_LEN(ops); i++)
        assert_string_equal(s_member(*state, ops[i], "BackupArn")->check, "backup-arn");
    const dc_shape *kms = dc_spec_shape(*state, "KMSMasterKeyId");
    assert_true(kms->has_min);
    assert_int_equal(kms->min, 1);
}

static void table_name_members_of_shape_table_arn_accept_names_or_arns(void **state)
{
    static const char *const inputs[] = {"CreateBackupInput",
                                         "ListBackupsInput",
                                         "UpdateContinuousBackupsInput",
                                         "DescribeContinuousBackupsInput",
                                         "CreateTableInput",
                                         "DescribeTableInput",
                                         "DeleteTableInput",
                                         "PutItemInput",
                                         "GetItemInput",
                                         "ScanInput"};
    const dc_shape *arn = dc_spec_shape(*state, "TableArn");
    for (size_t i = 0; i < DC_ARRAY_LEN(inputs); i++) {
        const dc_member *m = s_member(*state, inputs[i], "TableName");
        assert_ptr_equal(m->shape, arn);
        assert_string_equal(m->check, "table-name-or-arn");
    }
    assert_null(s_member(*state, "RestoreTableToPointInTimeInput", "SourceTableArn")->check);
}

static void attribute_value_is_a_union(void **state)
{
    const dc_shape *s = dc_spec_shape(*state, "AttributeValue");
    assert_true(s->is_union);
    assert_false(dc_spec_shape(*state, "SSESpecification")->is_union);
    /* recursive: L is a list of AttributeValue */
    assert_ptr_equal(s_member(*state, "AttributeValue", "L")->shape->member, s);
}

/* ---- operations ------------------------------------------------------------ */

static void all_twenty_two_operations_are_present(void **state)
{
    static const struct {
        const char *name, *since;
        bool plumbing;
    } ops[] = {
        {"CreateBackup", "2017-11-29", false},
        {"CreateTable", "2012-08-10", true},
        {"DeleteBackup", "2017-11-29", false},
        {"DeleteItem", "2012-08-10", true},
        {"DeleteTable", "2012-08-10", true},
        {"DescribeBackup", "2017-11-29", false},
        {"DescribeContinuousBackups", "2017-11-29", false},
        {"DescribeTable", "2012-08-10", true},
        {"DescribeTimeToLive", "2017-02-27", true},
        {"GetItem", "2012-08-10", true},
        {"ListBackups", "2017-11-29", false},
        {"ListTables", "2012-08-10", true},
        {"ListTagsOfResource", "2017-01-17", true},
        {"PutItem", "2012-08-10", true},
        {"RestoreTableFromBackup", "2017-11-29", false},
        {"RestoreTableToPointInTime", "2018-03-26", false},
        {"Scan", "2012-08-10", true},
        {"TagResource", "2017-01-17", true},
        {"UntagResource", "2017-01-17", true},
        {"UpdateContinuousBackups", "2018-03-26", false},
        {"UpdateTable", "2012-08-10", true},
        {"UpdateTimeToLive", "2017-02-27", true},
    };
    assert_int_equal(dc_spec_operation_count(*state), DC_ARRAY_LEN(ops));
    for (size_t i = 0; i < DC_ARRAY_LEN(ops); i++) {
        const dc_operation *op = dc_spec_operation(*state, ops[i].name);
        assert_non_null(op);
        assert_ptr_equal(dc_spec_operation_at(*state, i), op); /* sorted by name */
        assert_string_equal(op->since, ops[i].since);
        assert_int_equal(op->plumbing, ops[i].plumbing);
        char want[64];
        snprintf(want, sizeof want, "%sInput", ops[i].name);
        assert_string_equal(op->input->name, want);
        assert_int_equal(op->input->type, DC_SHAPE_STRUCTURE);
    }
    assert_null(dc_spec_operation(*state, "ListExports"));
    assert_null(dc_spec_operation_at(*state, DC_ARRAY_LEN(ops)));
}

static void operations_list_their_rules_in_run_order(void **state)
{
    static const struct {
        const char *op;
        const char *rules[10];
    } cases[] = {
        {"CreateBackup", {NULL}},
        {"DeleteBackup", {"delete-system-backup", NULL}},
        {"ListBackups", {"list-backups-time-range", "list-backups-start-arn-region", NULL}},
        {"RestoreTableFromBackup",
         {"restore-target-name-empty", "restore-billing-throughput", "restore-on-demand", "restore-index-overrides",
          "restore-cross-region-sse", NULL}},
        {"RestoreTableToPointInTime",
         {"pitr-time-exclusive", "pitr-source-exclusive", "pitr-source-arn-format", "pitr-source-arn-account",
          "restore-billing-throughput", "restore-on-demand", "restore-index-overrides", "restore-cross-region-sse",
          "pitr-window", NULL}},
        {"UpdateContinuousBackups", {"recovery-period-on-disable", NULL}},
        {"DescribeContinuousBackups", {NULL}},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        const dc_operation *op = dc_spec_operation(*state, cases[i].op);
        size_t n = 0;
        while (cases[i].rules[n] != NULL)
            n++;
        assert_int_equal(op->nrules, n);
        for (size_t j = 0; j < n; j++)
            assert_string_equal(op->rules[j], cases[i].rules[j]);
    }
}

static void create_backup_lists_the_six_modeled_errors(void **state)
{
    static const char *const want[] = {
        "TableNotFoundException", "TableInUseException",    "ContinuousBackupsUnavailableException",
        "BackupInUseException",   "LimitExceededException", "InternalServerError"};
    const dc_operation *op = dc_spec_operation(*state, "CreateBackup");
    assert_int_equal(op->nerrors, DC_ARRAY_LEN(want));
    for (size_t i = 0; i < DC_ARRAY_LEN(want); i++)
        assert_string_equal(op->errors[i], want[i]);
}

/* ---- errors and messages ------------------------------------------------------ */

static void error_catalog_has_the_recorded_namespaces_statuses_and_message_keys(void **state)
{
    static const struct {
        const char *name, *ns, *key;
        int http;
        bool common;
    } cases[] = {
        {"ValidationException", "com.amazon.coral.validate", "message", 400, true},
        {"AccessDeniedException", "com.amazon.coral.service", "Message", 400, true},
        {"SerializationException", "com.amazon.coral.service", "Message", 400, true},
        {"UnknownOperationException", "com.amazon.coral.service", NULL, 400, true},
        {"MissingAuthenticationTokenException", "com.amazon.coral.service", "message", 400, true},
        {"ThrottlingException", "com.amazon.coral.availability", "message", 400, true},
        {"InternalServerError", "com.amazonaws.dynamodb.v20120810", "message", 500, true},
        {"ServiceUnavailable", "com.amazonaws.dynamodb.v20120810", "message", 503, true},
        {"BackupNotFoundException", "com.amazonaws.dynamodb.v20120810", "message", 400, false},
        {"ResourceNotFoundException", "com.amazonaws.dynamodb.v20120810", "message", 400, false},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        const dc_error_def *e = dc_spec_error(*state, cases[i].name);
        if (e == NULL)
            fail_msg("%s missing from the catalog", cases[i].name);
        assert_string_equal(e->ns, cases[i].ns);
        assert_int_equal(e->http_status, cases[i].http);
        if (cases[i].key == NULL)
            assert_null(e->message_key);
        else
            assert_string_equal(e->message_key, cases[i].key);
        assert_int_equal(e->common, cases[i].common);
        assert_int_equal(e->server_fault, cases[i].http >= 500);
    }
    assert_null(dc_spec_error(*state, "SourceTableNotFoundException")); /* moto-only, not real */
    assert_true(dc_spec_error_message_optional(*state, dc_spec_error(*state, "SerializationException")));
    assert_false(dc_spec_error_message_optional(*state, dc_spec_error(*state, "ValidationException")));
    assert_false(dc_spec_error_message_optional(*state, dc_spec_error(*state, "UnknownOperationException")));
}

static void backup_not_found_is_allowed_for_describe_backup_but_not_list_backups(void **state)
{
    assert_true(dc_spec_error_allowed(*state, dc_spec_operation(*state, "DescribeBackup"), "BackupNotFoundException"));
    assert_false(dc_spec_error_allowed(*state, dc_spec_operation(*state, "ListBackups"), "BackupNotFoundException"));
    assert_false(dc_spec_error_allowed(*state, dc_spec_operation(*state, "DescribeBackup"), "NoSuchError"));
}

static void throttling_and_validation_are_allowed_for_every_operation(void **state)
{
    for (size_t i = 0; i < dc_spec_operation_count(*state); i++) {
        const dc_operation *op = dc_spec_operation_at(*state, i);
        assert_true(dc_spec_error_allowed(*state, op, "ThrottlingException"));
        assert_true(dc_spec_error_allowed(*state, op, "ValidationException"));
        assert_true(dc_spec_error_allowed(*state, op, "InternalServerError"));
    }
}

static void errors_are_listed_in_name_order(void **state)
{
    /* every error of spec/errors.json, none lost or added by the loader */
    dc_json_doc doc;
    assert_int_equal(dc_test_load_json("spec/errors.json", &doc), 0);
    size_t in_file = dc_json_get(doc.root, "errors")->count;
    dc_json_doc_free(&doc);
    size_t n = dc_spec_error_count(*state);
    assert_int_equal(in_file, 31);
    assert_int_equal(n, in_file);
    for (size_t i = 1; i < n; i++)
        assert_true(strcmp(dc_spec_error_at(*state, i - 1)->name, dc_spec_error_at(*state, i)->name) < 0);
    assert_null(dc_spec_error_at(*state, n));
}

static void message_format_fills_placeholders_and_keeps_unknown_ones_visible(void **state)
{
    const dc_spec *spec = *state;
    dc_buf b;
    dc_buf_init(&b);
    assert_int_equal(dc_spec_message_format(spec, "table-not-found", &b, "name", "Music", NULL), 0);
    assert_string_equal((const char *)b.data, "Table not found: Music");
    b.len = 0;
    assert_int_equal(dc_spec_message_format(spec, "table-not-found", &b, "other", "x", NULL), 0);
    assert_string_equal((const char *)b.data, "Table not found: {name}");
    size_t before = b.len;
    assert_int_equal(dc_spec_message_format(spec, "no-such-message-id", &b, NULL), -1);
    assert_int_equal(b.len, before);
    dc_buf_free(&b);
}

static void service_constants_come_from_service_json(void **state)
{
    const dc_spec *spec = *state;
    const dc_service *sv = dc_spec_service(spec);
    assert_string_equal(sv->target_prefix, "DynamoDB_20120810");
    assert_string_equal(sv->content_type, "application/x-amz-json-1.0");
    assert_string_equal(sv->signing_name, "dynamodb");
    assert_string_equal(sv->api_version, "2012-08-10");
    assert_string_equal(sv->legacy_target_prefixes[0], "DynamoDB_20111205");
    assert_null(sv->legacy_target_prefixes[1]);
    assert_string_equal(sv->accepted_content_types[1], "application/json");
    assert_null(sv->accepted_content_types[2]);
    /* [S:request-id-form] */
    assert_string_equal(sv->request_id_alphabet, "0123456789ABCDEFGHIJKLMNOPQRSTUV");
    assert_int_equal(sv->request_id_random_length, 26);
    assert_string_equal(sv->request_id_suffix, "VV4KQNSO5AEMVJF66Q9ASUAAJG");
    assert_true(dc_spec_request_id_shaped(sv, "C2DI00CD4O0A1FG2Q17NF3RL33VV4KQNSO5AEMVJF66Q9ASUAAJG", 52));
    assert_true(dc_spec_request_id_shaped(sv, "UG9KFPA1TJOKE98VNIM6DVT70NVV4KQNSO5AEMVJF66Q9ASUAAJG", 52));
    assert_false(dc_spec_request_id_shaped(sv, "UA1IUBFM6870CXD0XVRJ5S9DM37XSJ7FGNUCCYU2D5T251KKPQPE", 52));
    assert_false(dc_spec_request_id_shaped(sv, "W2DI00CD4O0A1FG2Q17NF3RL33VV4KQNSO5AEMVJF66Q9ASUAAJG", 52));
    assert_false(dc_spec_request_id_shaped(sv, "C2DI00CD4O0A1FG2Q17NF3RL3VV4KQNSO5AEMVJF66Q9ASUAAJG", 51));
}

static void target_operation_accepts_the_current_and_legacy_prefixes_only(void **state)
{
    const dc_spec *spec = *state;
    static const struct {
        const char *target, *op;
    } cases[] = {
        {"DynamoDB_20120810.CreateBackup", "CreateBackup"},
        {"DynamoDB_20111205.ListBackups", "ListBackups"},
        {"DynamoDB_20120810.", NULL},
        {"DynamoDB_20120810CreateBackup", NULL},
        {"DynamoDBStreams_20120810.ListStreams", NULL},
        {"CreateBackup", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        size_t n = 0;
        const char *op = dc_spec_target_operation(spec, cases[i].target, strlen(cases[i].target), &n);
        if (cases[i].op == NULL) {
            if (op != NULL)
                fail_msg("'%s': expected no operation, got '%.*s'", cases[i].target, (int)n, op);
        } else {
            if (op == NULL || n != strlen(cases[i].op) || memcmp(op, cases[i].op, n) != 0)
                fail_msg("'%s': expected '%s'", cases[i].target, cases[i].op);
        }
    }
}

static void messages_are_found_by_id(void **state)
{
    static const struct {
        const char *id, *text;
    } cases[] = {
        {"backup-arn-invalid", "Invalid Backup ARN"},
        {"list-backups-time-range", "One or more parameter values were invalid: Time range lower bound must be less "
                                    "than or equal to upper bound"},
        {"table-name-length-legacy", "TableName must be at least 3 characters long and at most 255 characters long"},
        {"recovery-period-on-disable",
         "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery."},
        {"constraint-length-min", "Member must have length greater than or equal to {n}"},
        {"pitr-source-other-account",
         "This action is only supported by accounts that match the resource owner\xe2\x80\x99s account."},
        {"backup-not-found", "Backup not found: {arn}"},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        const char *t = dc_spec_message(*state, cases[i].id);
        if (t == NULL)
            fail_msg("message %s missing", cases[i].id);
        assert_string_equal(t, cases[i].text);
    }
    assert_null(dc_spec_message(*state, "no-such-message"));
}

static void message_entries_carry_their_type_use_and_wire_type(void **state)
{
    const dc_message *m = dc_spec_message_def(*state, "rate-exceeded");
    assert_non_null(m);
    assert_string_equal(m->type, "ThrottlingException");
    assert_string_equal(m->confidence, "R");
    assert_false(m->doc_only);
    assert_true(dc_spec_message_def(*state, "access-denied-user")->doc_only);
    assert_string_equal(dc_spec_message_type(*state, "table-not-found"), "TableNotFoundException");
    assert_null(dc_spec_message_type(*state, "no-such-message"));
    assert_string_equal(dc_spec_error(*state, "ThrottlingException")->wire_type,
                        "com.amazon.coral.availability#ThrottlingException");
    size_t n = dc_spec_message_count(*state);
    assert_true(n > 0);
    assert_ptr_equal(dc_spec_message_at(*state, 0), dc_spec_message_def(*state, dc_spec_message_at(*state, 0)->id));
    assert_null(dc_spec_message_at(*state, n));
}

static void message_values_keep_their_bytes_and_a_missing_one_stays_visible(void **state)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_message_arg arn = {"arn", "a\0b", 3};
    assert_int_equal(dc_spec_message_format_args(*state, "backup-not-found", &b, &arn, 1), 0);
    assert_int_equal(b.len, strlen("Backup not found: ") + 3);
    assert_memory_equal(b.data, "Backup not found: a\0b", b.len);
    dc_buf_reset(&b);
    assert_int_equal(dc_spec_message_format(*state, "table-in-use-restoring", &b, "target", "T", NULL), 0);
    assert_string_equal((const char *)b.data, "Table: T is already being restored from backup: {arn}");
    dc_buf_reset(&b);
    assert_int_equal(dc_spec_message_format_args(*state, "no-such-message", &b, NULL, 0), -1);
    assert_int_equal(b.len, 0);
    dc_buf_free(&b);
}

static void message_templates_match_and_split_texts_the_way_they_were_composed(void **state)
{
    static const struct {
        const char *id, *text;
        bool matches;
    } cases[] = {
        {"table-not-found", "Table not found: Music", true},
        {"table-not-found", "Table not found", false},
        {"table-not-found-bare", "Table not found", true},
        {"constraint-length-min", "Member must have length greater than or equal to 3", true},
        {"constraint-value-min", "Member must have length greater than or equal to 3", false},
        {"invalid-restore-time",
         "RestoreDateTime 'a' must be within EarliestRestorableDateTime 'b' and LatestRestorableDateTime 'c'", true},
        {"no-such-message", "x", false},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++)
        if (dc_spec_message_matches(*state, cases[i].id, cases[i].text, strlen(cases[i].text)) != cases[i].matches)
            fail_msg("%s against \"%s\": want %s", cases[i].id, cases[i].text, cases[i].matches ? "a match" : "none");
    size_t len = 99;
    const char *at = dc_spec_message_after(*state, "validation-clause", "value", &len);
    assert_non_null(at);
    assert_int_equal(len, 5);
    assert_memory_equal(at, " at '", 5);
    at = dc_spec_message_after(*state, "validation-clause", "constraint", &len);
    assert_non_null(at);
    assert_int_equal(len, 0);
    assert_null(dc_spec_message_after(*state, "validation-clause", "nope", &len));
}

static void shape_type_names_are_the_model_words(void **state)
{
    (void)state;
    assert_string_equal(dc_shape_type_name(DC_SHAPE_LONG), "long");
    assert_string_equal(dc_shape_type_name(DC_SHAPE_TIMESTAMP), "timestamp");
    assert_string_equal(dc_shape_type_name(DC_SHAPE_MAP), "map");
}

/* ---- broken spec folders ------------------------------------------------------ */

static const char s_errors_ok[] =
    "{\"errors\":{\"ValidationException\":{\"namespace\":\"com.amazon.coral.validate\",\"http\":400,"
    "\"messageKey\":\"message\",\"common\":true}}}";
static const char s_messages_ok[] = "{\"messages\":{\"m-one\":{\"text\":\"x\",\"type\":\"ValidationException\","
                                    "\"source\":\"t\",\"confidence\":\"R\"}}}";
static const char s_shapes_ok[] = "{\"shapes\":{\"Name\":{\"type\":\"string\",\"min\":3,\"pattern\":\"[a-z]+\"}}}";
static const char s_op_ok[] =
    "{\"name\":\"Op\",\"since\":\"2017-11-29\",\"plumbing\":false,\"input\":\"OpInput\",\"output\":\"OpOutput\","
    "\"errors\":[],\"rules\":[],\"shapes\":{\"OpInput\":{\"type\":\"structure\",\"members\":{\"A\":{\"shape\":"
    "\"Name\",\"required\":true}}},\"OpOutput\":{\"type\":\"structure\",\"members\":{}}}}";

static const char s_service_ok[] =
    "{\"source\":\"s\",\"apiVersion\":\"2012-08-10\",\"targetPrefix\":\"DynamoDB_20120810\","
    "\"legacyTargetPrefixes\":[\"DynamoDB_20111205\"],\"contentType\":\"application/x-amz-json-1.0\","
    "\"acceptedContentTypes\":[\"application/x-amz-json-1.0\",\"application/json\"],\"signingName\":\"dynamodb\","
    "\"endpointPrefix\":\"dynamodb\",\"requestId\":{\"alphabet\":\"0123456789ABCDEFGHIJKLMNOPQRSTUV\","
    "\"randomLength\":26,\"suffix\":\"VV4KQNSO5AEMVJF66Q9ASUAAJG\",\"source\":\"s\"}}";

static void s_write(const char *dir, const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void s_remove_tree(const char *dir)
{
    static const char *const files[] = {"spec/errors.json",  "spec/messages.json",      "spec/shapes.json",
                                        "spec/service.json", "spec/operations/Op.json", "spec/operations"};
    char path[512];
    for (size_t i = 0; i < DC_ARRAY_LEN(files); i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        if (remove(path) != 0 && i < 4)
            fail_msg("cannot remove %s", path);
    }
    snprintf(path, sizeof path, "%s/spec", dir);
    rmdir(path);
    rmdir(dir);
}

/* "group" and "example" (read by tools/gen/cases.py): every operation's cases folder, and for the
 * backup/PITR operations a minimal request the validation core accepts once ${unique} is a name. */
static void operations_name_their_case_folder_and_a_valid_example(void **state)
{
    const dc_spec *spec = *state;
    static const struct {
        const char *op, *group;
    } want[] = {
        {"CreateBackup", "backup"},
        {"DeleteBackup", "backup"},
        {"DescribeBackup", "backup"},
        {"ListBackups", "list-backups"},
        {"RestoreTableFromBackup", "restore"},
        {"RestoreTableToPointInTime", "pitr-restore"},
        {"UpdateContinuousBackups", "continuous-backups"},
        {"DescribeContinuousBackups", "continuous-backups"},
        {"CreateTable", "table"},
        {"DescribeTable", "table"},
        {"DeleteTable", "table"},
        {"PutItem", "items"},
        {"GetItem", "items"},
        {"Scan", "items"},
    };
    dc_validator *v = dc_validator_new(spec);
    for (size_t i = 0; i < DC_ARRAY_LEN(want); i++) {
        const dc_operation *op = dc_spec_operation(spec, want[i].op);
        assert_non_null(op);
        assert_non_null(op->group);
        assert_string_equal(op->group, want[i].group);
        if (op->plumbing) {
            assert_null(op->example);
            continue;
        }
        assert_non_null(op->example);
        dc_buf text, body;
        dc_buf_init(&text);
        dc_buf_init(&body);
        dc_json_print(op->example, &text);
        for (const char *p = (const char *)text.data; *p != '\0'; p++) {
            if (strncmp(p, "${unique}", 9) == 0) {
                dc_buf_puts(&body, "dc-0a1b2c");
                p += 8;
            } else {
                dc_buf_putc(&body, *p);
            }
        }
        dc_verdict verdict;
        dc_err err;
        assert_int_equal(dc_validate(v, want[i].op, body.data, body.len, NULL, &verdict, &err), 0);
        if (!verdict.ok)
            fail_msg("%s example %s: %s", want[i].op, (const char *)body.data, verdict.message);
        dc_verdict_free(&verdict);
        dc_buf_free(&text);
        dc_buf_free(&body);
    }
    dc_validator_free(v);
}

/* An operation file with "errors" and extra top-level keys (X) before its shapes: OpInput {A},
 * OpOutput {D: OpInput}; "context", "creates", "deletes" may name Op itself. */
#define S_OP_WITH(X)                                                                                                   \
    "{\"name\":\"Op\",\"since\":\"2017-11-29\",\"input\":\"OpInput\",\"output\":\"OpOutput\","                         \
    "\"errors\":[\"ValidationException\"],\"rules\":[]," X                                                             \
    "\"shapes\":{\"OpInput\":{\"type\":\"structure\",\"members\":{\"A\":{\"shape\":\"Name\",\"required\":true}}},"     \
    "\"OpOutput\":{\"type\":\"structure\",\"members\":{\"D\":{\"shape\":\"OpInput\"}}}}}"

/* Loads a minimal valid spec folder (errors, messages, shapes, service, one
 * operation Op) written to a temporary folder, with file (relative to the
 * folder) replaced by text when file is not NULL; the folder is removed. */
static int s_load_folder(const char *file, const char *text, dc_spec **spec, dc_err *err)
{
    char dir[] = "/tmp/test_spec_XXXXXX";
    char sub[600];
    assert_non_null(mkdtemp(dir));
    snprintf(sub, sizeof sub, "%s/spec", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(sub, sizeof sub, "%s/spec/operations", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    s_write(dir, "spec/errors.json", s_errors_ok);
    s_write(dir, "spec/messages.json", s_messages_ok);
    s_write(dir, "spec/shapes.json", s_shapes_ok);
    s_write(dir, "spec/operations/Op.json", s_op_ok);
    s_write(dir, "spec/service.json", s_service_ok);
    if (file != NULL)
        s_write(dir, file, text);
    int rc = dc_spec_load(dir, spec, err);
    s_remove_tree(dir);
    return rc;
}

static void broken_spec_folders_fail_naming_file_and_path(void **state)
{
    (void)state;
    static const struct {
        const char *what, *file, *text, *expected;
    } cases[] = {
        {"dangling shape reference", "spec/shapes.json",
         "{\"shapes\":{\"Name\":{\"type\":\"string\"},\"L\":{\"type\":\"list\",\"member\":\"Nope\"}}}",
         "spec/shapes.json: shapes.L.member: unknown shape 'Nope'"},
        {"dangling member shape", "spec/operations/Op.json",
         "{\"name\":\"Op\",\"since\":\"2017-11-29\",\"input\":\"OpInput\",\"output\":\"OpInput\",\"errors\":[],"
         "\"rules\":[],\"shapes\":{\"OpInput\":{\"type\":\"structure\",\"members\":{\"A\":{\"shape\":\"Gone\"}}}}}",
         "spec/operations/Op.json: shapes.OpInput.members.A.shape: unknown shape 'Gone'"},
        {"bad type", "spec/shapes.json", "{\"shapes\":{\"Name\":{\"type\":\"strng\"}}}",
         "spec/shapes.json: shapes.Name.type: 'strng' is not one of string, integer, long, double, boolean, "
         "timestamp, blob, structure, list, map"},
        {"duplicate key", "spec/shapes.json", "{\"shapes\":{\"Name\":{\"type\":\"string\",\"min\":3,\"min\":4}}}",
         "spec/shapes.json: shapes.Name.min: duplicate key"},
        {"min not an integer", "spec/shapes.json", "{\"shapes\":{\"Name\":{\"type\":\"string\",\"min\":\"3\"}}}",
         "spec/shapes.json: shapes.Name.min: expected an integer"},
        {"unknown key", "spec/shapes.json", "{\"shapes\":{\"Name\":{\"type\":\"string\",\"minimum\":3}}}",
         "spec/shapes.json: shapes.Name: unknown key 'minimum'"},
        {"pattern that does not compile", "spec/shapes.json",
         "{\"shapes\":{\"Name\":{\"type\":\"string\",\"pattern\":\"[a-z\"}}}",
         "spec/shapes.json: shapes.Name.pattern: does not compile at offset 4: "},
        {"enumMessage naming a value the enum lacks", "spec/shapes.json",
         "{\"shapes\":{\"Name\":{\"type\":\"string\"},\"E\":{\"type\":\"string\",\"enum\":[\"A\",\"B\"],"
         "\"enumMessage\":\"[B, C]\"}}}",
         "spec/shapes.json: shapes.E.enumMessage: 'C' is not an enum value"},
        {"shape defined twice", "spec/shapes.json",
         "{\"shapes\":{\"Name\":{\"type\":\"string\"},\"OpInput\":{\"type\":\"structure\",\"members\":{}}}}",
         "spec/operations/Op.json: shapes.OpInput: shape already defined in spec/shapes.json"},
        {"error not in the catalog", "spec/operations/Op.json",
         "{\"name\":\"Op\",\"since\":\"2017-11-29\",\"input\":\"OpInput\",\"output\":\"OpInput\","
         "\"errors\":[\"NoSuch\"],\"rules\":[],\"shapes\":{\"OpInput\":{\"type\":\"structure\",\"members\":{}}}}",
         "spec/operations/Op.json: errors: 'NoSuch' is not in spec/errors.json"},
        {"group that is not a folder name", "spec/operations/Op.json",
         "{\"name\":\"Op\",\"since\":\"2017-11-29\",\"group\":\"Backup/x\",\"input\":\"OpInput\","
         "\"output\":\"OpInput\",\"errors\":[],\"rules\":[],\"shapes\":{\"OpInput\":{\"type\":\"structure\","
         "\"members\":{}}}}",
         "spec/operations/Op.json: group: 'Backup/x' is not a kebab-case folder name"},
        {"example that is not an object", "spec/operations/Op.json",
         "{\"name\":\"Op\",\"since\":\"2017-11-29\",\"example\":[],\"input\":\"OpInput\",\"output\":\"OpInput\","
         "\"errors\":[],\"rules\":[],\"shapes\":{\"OpInput\":{\"type\":\"structure\",\"members\":{}}}}",
         "spec/operations/Op.json: example: expected an object (a request body)"},
        {"example with a member the input lacks", "spec/operations/Op.json",
         "{\"name\":\"Op\",\"since\":\"2017-11-29\",\"example\":{\"A\":\"abc\",\"B\":1},\"input\":\"OpInput\","
         "\"output\":\"OpInput\",\"errors\":[],\"rules\":[],\"shapes\":{\"OpInput\":{\"type\":\"structure\","
         "\"members\":{\"A\":{\"shape\":\"Name\"}}}}}",
         "spec/operations/Op.json: example: 'B' is not a member of OpInput"},
        {"example without a required member", "spec/operations/Op.json",
         "{\"name\":\"Op\",\"since\":\"2017-11-29\",\"example\":{},\"input\":\"OpInput\",\"output\":\"OpInput\","
         "\"errors\":[],\"rules\":[],\"shapes\":{\"OpInput\":{\"type\":\"structure\",\"members\":{\"A\":"
         "{\"shape\":\"Name\",\"required\":true}}}}}",
         "spec/operations/Op.json: example: the required member 'A' is missing"},
        {"nameShape on a member that is not a string", "spec/operations/Op.json",
         "{\"name\":\"Op\",\"since\":\"2017-11-29\",\"input\":\"OpInput\",\"output\":\"OpInput\","
         "\"errors\":[],\"rules\":[],\"shapes\":{\"OpInput\":{\"type\":\"structure\",\"members\":{\"A\":"
         "{\"shape\":\"OpInput\",\"nameShape\":\"Name\"}}}}}",
         "spec/operations/Op.json: shapes.OpInput.members.A.nameShape: only for a string member, naming a string "
         "shape"},
        {"nameShape naming no shape", "spec/operations/Op.json",
         "{\"name\":\"Op\",\"since\":\"2017-11-29\",\"input\":\"OpInput\",\"output\":\"OpInput\","
         "\"errors\":[],\"rules\":[],\"shapes\":{\"OpInput\":{\"type\":\"structure\",\"members\":{\"A\":"
         "{\"shape\":\"Name\",\"nameShape\":\"NoSuch\"}}}}}",
         "spec/operations/Op.json: shapes.OpInput.members.A.nameShape: unknown shape 'NoSuch'"},
        {"bad since date", "spec/operations/Op.json",
         "{\"name\":\"Op\",\"since\":\"2017-11\",\"input\":\"OpInput\",\"output\":\"OpInput\",\"errors\":[],"
         "\"rules\":[],\"shapes\":{\"OpInput\":{\"type\":\"structure\",\"members\":{}}}}",
         "spec/operations/Op.json: (root).since: expected a date YYYY-MM-DD, got '2017-11'"},
        {"model without drift", "spec/shapes.json",
         "{\"shapes\":{\"Name\":{\"type\":\"string\",\"model\":{\"min\":37}}}}",
         "spec/shapes.json: shapes.Name: 'model' and 'drift' go together"},
        {"message of an unknown error type", "spec/messages.json",
         "{\"messages\":{\"m\":{\"text\":\"x\",\"type\":\"Nope\",\"source\":\"s\",\"confidence\":\"R\"}}}",
         "spec/messages.json: messages.m.type: 'Nope' is not in spec/errors.json"},
        {"message with a use other than doc", "spec/messages.json",
         "{\"messages\":{\"m\":{\"text\":\"x\",\"type\":\"ValidationException\",\"source\":\"s\","
         "\"confidence\":\"R\",\"use\":\"code\"}}}",
         "spec/messages.json: messages.m.use: expected \"doc\" (documentation only) or no key"},
        {"invalid JSON", "spec/errors.json", "{\"errors\":{,}}", "spec/errors.json: byte "},
        {"service without a target prefix", "spec/service.json",
         "{\"source\":\"s\",\"apiVersion\":\"x\",\"legacyTargetPrefixes\":[],\"contentType\":\"c\","
         "\"acceptedContentTypes\":[\"c\"],\"signingName\":\"d\",\"endpointPrefix\":\"d\"}",
         "spec/service.json: (root): missing key 'targetPrefix'"},
        {"service with an unknown key", "spec/service.json", "{\"source\":\"s\",\"prefix\":\"x\"}",
         "spec/service.json: (root): unknown key 'prefix'"},
        {"context naming an unknown operation", "spec/operations/Op.json",
         S_OP_WITH("\"context\":[{\"slot\":\"backup\",\"from\":\"Nope\",\"key\":{\"A\":\"A\"},\"result\":\"D\"}],"),
         "spec/operations/Op.json: context.0.from: unknown operation 'Nope'"},
        {"context with an unknown slot", "spec/operations/Op.json",
         S_OP_WITH("\"context\":[{\"slot\":\"table\",\"from\":\"Op\",\"key\":{\"A\":\"A\"},\"result\":\"D\"}],"),
         "spec/operations/Op.json: context.0.slot: 'table' is not one of sourceTable, backup, continuousBackups"},
        {"context key naming a member the request lacks", "spec/operations/Op.json",
         S_OP_WITH("\"context\":[{\"slot\":\"backup\",\"from\":\"Op\",\"key\":{\"A\":\"B\"},\"result\":\"D\"}],"),
         "spec/operations/Op.json: context.0.key: 'B' is not a member of OpInput"},
        {"context result the describe output lacks", "spec/operations/Op.json",
         S_OP_WITH("\"context\":[{\"slot\":\"backup\",\"from\":\"Op\",\"key\":{\"A\":\"A\"},\"result\":\"E\"}],"),
         "spec/operations/Op.json: context.0.result: 'E' is not a member of OpOutput"},
        {"context that is not an array", "spec/operations/Op.json", S_OP_WITH("\"context\":{},"),
         "spec/operations/Op.json: context: expected an array of {\"slot\", \"from\", \"key\", \"result\"}"},
        {"context key that is not an object", "spec/operations/Op.json",
         S_OP_WITH("\"context\":[{\"slot\":\"backup\",\"from\":\"Op\",\"key\":\"A\",\"result\":\"D\"}],"),
         "spec/operations/Op.json: context.0.key: expected an object {\"<Op member>\": \"<Op member>\"}"},
        {"context condition on a path the result lacks", "spec/operations/Op.json",
         S_OP_WITH("\"context\":[{\"slot\":\"backup\",\"from\":\"Op\",\"key\":{\"A\":\"A\"},\"result\":\"D\","
                   "\"serveOnlyIf\":{\"X\":\"v\"}}],"),
         "spec/operations/Op.json: context.0.serveOnlyIf: 'X': 'X' is not a member of OpInput"},
        {"fresh member the request lacks", "spec/operations/Op.json",
         S_OP_WITH("\"creates\":{\"fresh\":[\"Z\"],\"resources\":[]},"),
         "spec/operations/Op.json: creates.fresh.0: 'Z' is not a member of OpInput"},
        {"created resource deleted by an operation without deletes", "spec/operations/Op.json",
         S_OP_WITH("\"creates\":{\"resources\":[{\"response\":\"D.A\",\"deleteWith\":\"Op\"}]},"),
         "spec/operations/Op.json: creates.resources.0.deleteWith: Op has no \"deletes\""},
        {"created resource at a path that is not a string", "spec/operations/Op.json",
         S_OP_WITH("\"creates\":{\"resources\":[{\"response\":\"D\",\"deleteWith\":\"Op\"}]},"),
         "spec/operations/Op.json: creates.resources.0: 'D' is a structure, not a string"},
        {"gone error the operation does not answer", "spec/operations/Op.json",
         S_OP_WITH("\"deletes\":{\"key\":\"A\",\"goneError\":\"NoSuch\"},"),
         "spec/operations/Op.json: deletes.goneError: 'NoSuch' is not one of the operation's errors"},
        {"deletes key the request lacks", "spec/operations/Op.json", S_OP_WITH("\"deletes\":{\"key\":\"Q\"},"),
         "spec/operations/Op.json: deletes.key: 'Q' is not a member of OpInput"},
        {"state that is not a boolean", "spec/errors.json",
         "{\"errors\":{\"ValidationException\":{\"namespace\":\"com.amazon.coral.validate\",\"http\":400,"
         "\"messageKey\":\"message\",\"common\":true,\"state\":\"yes\"}}}",
         "spec/errors.json: errors.ValidationException.state: expected true or false"},
        {"service list with a number", "spec/service.json",
         "{\"source\":\"s\",\"apiVersion\":\"x\",\"targetPrefix\":\"T\",\"legacyTargetPrefixes\":[1],"
         "\"contentType\":\"c\",\"acceptedContentTypes\":[\"c\"],\"signingName\":\"d\",\"endpointPrefix\":\"d\"}",
         "spec/service.json: legacyTargetPrefixes: element 0: expected a non-empty string"},
        {"service request id longer than the limit", "spec/service.json",
         "{\"source\":\"s\",\"apiVersion\":\"x\",\"targetPrefix\":\"T\",\"legacyTargetPrefixes\":[],"
         "\"contentType\":\"c\",\"acceptedContentTypes\":[\"c\"],\"signingName\":\"d\",\"endpointPrefix\":\"d\","
         "\"requestId\":{\"alphabet\":\"AB\",\"randomLength\":200,\"suffix\":\"S\",\"source\":\"s\"}}",
         "spec/service.json: requestId.randomLength: expected 1 to 128 minus the suffix length"},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        dc_spec *spec = NULL;
        dc_err err = {{0}};
        int rc = s_load_folder(cases[i].file, cases[i].text, &spec, &err);
        if (rc != -1 || spec != NULL)
            fail_msg("%s: loaded although broken", cases[i].what);
        if (strncmp(err.msg, cases[i].expected, strlen(cases[i].expected)) != 0)
            fail_msg("%s:\n  got      '%s'\n  expected '%s...'", cases[i].what, err.msg, cases[i].expected);
    }
}

static void the_minimal_valid_folder_loads(void **state)
{
    (void)state;
    dc_spec *spec = NULL;
    dc_err err = {{0}};
    int rc = s_load_folder(NULL, NULL, &spec, &err);
    if (rc != 0)
        fail_msg("%s", err.msg);
    assert_int_equal(dc_spec_operation_count(spec), 1);
    assert_string_equal(dc_spec_operation(spec, "Op")->input->members[0].shape->name, "Name");
    dc_spec_free(spec);
}

static void context_creates_and_deletes_load_with_their_operations(void **state)
{
    (void)state;
    dc_spec *spec = NULL;
    dc_err err = {{0}};
    int rc = s_load_folder(
        "spec/operations/Op.json",
        S_OP_WITH("\"context\":[{\"slot\":\"continuousBackups\",\"from\":\"Op\",\"key\":{\"A\":\"A\"},"
                  "\"result\":\"D\",\"serveOnlyIf\":{\"A\":\"on\"}}],"
                  "\"creates\":{\"fresh\":[\"A\"],\"resources\":[{\"response\":\"D.A\",\"deleteWith\":\"Op\"}]},"
                  "\"deletes\":{\"key\":\"A\",\"busyError\":\"ValidationException\"},"),
        &spec, &err);
    if (rc != 0)
        fail_msg("%s", err.msg);
    const dc_operation *op = dc_spec_operation(spec, "Op");
    assert_int_equal(op->ncontext, 1);
    assert_int_equal(op->context[0].slot, DC_CONTEXT_CONTINUOUS_BACKUPS);
    assert_ptr_equal(op->context[0].from, op);
    assert_int_equal(op->context[0].nkeys, 1);
    assert_string_equal(op->context[0].keys[0].from_member, "A");
    assert_string_equal(op->context[0].keys[0].request_member, "A");
    assert_string_equal(op->context[0].result, "D");
    assert_int_equal(op->context[0].nserve_only_if, 1);
    assert_string_equal(op->context[0].serve_only_if[0].path, "A");
    assert_string_equal(op->context[0].serve_only_if[0].value, "on");
    assert_int_equal(op->nfresh, 1);
    assert_string_equal(op->fresh[0], "A");
    assert_int_equal(op->ncreated, 1);
    assert_string_equal(op->created[0].response, "D.A");
    assert_ptr_equal(op->created[0].delete_with, op);
    assert_string_equal(op->delete_key, "A");
    assert_null(op->gone_error);
    assert_string_equal(op->busy_error, "ValidationException");
    assert_false(dc_spec_error(spec, "ValidationException")->state);
    dc_spec_free(spec);
}

/* The declarations the model and the fuzzer read (spec/operations, errors.json "state"). */
static void restores_and_deletes_declare_their_context_and_resources(void **state)
{
    const dc_spec *spec = *state;
    const dc_operation *pitr = dc_spec_operation(spec, "RestoreTableToPointInTime");
    assert_int_equal(pitr->ncontext, 4);
    static const struct {
        dc_context_slot slot;
        const char *from, *member, *result;
        size_t nconditions;
    } want[] = {
        {DC_CONTEXT_SOURCE_TABLE, "DescribeTable", "SourceTableName", "Table", 0},
        {DC_CONTEXT_CONTINUOUS_BACKUPS, "DescribeContinuousBackups", "SourceTableName", "ContinuousBackupsDescription",
         1},
        {DC_CONTEXT_SOURCE_TABLE, "DescribeTable", "SourceTableArn", "Table", 0},
        {DC_CONTEXT_CONTINUOUS_BACKUPS, "DescribeContinuousBackups", "SourceTableArn", "ContinuousBackupsDescription",
         1},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(want); i++) {
        const dc_context_source *c = &pitr->context[i];
        assert_int_equal(c->slot, want[i].slot);
        assert_string_equal(c->from->name, want[i].from);
        assert_int_equal(c->nkeys, 1);
        assert_string_equal(c->keys[0].from_member, "TableName");
        assert_string_equal(c->keys[0].request_member, want[i].member);
        assert_string_equal(c->result, want[i].result);
        assert_int_equal(c->nserve_only_if, want[i].nconditions);
    }
    assert_string_equal(pitr->context[1].serve_only_if[0].path,
                        "PointInTimeRecoveryDescription.PointInTimeRecoveryStatus");
    assert_string_equal(pitr->context[1].serve_only_if[0].value, "ENABLED");
    assert_int_equal(pitr->nfresh, 1);
    assert_string_equal(pitr->fresh[0], "TargetTableName");
    assert_int_equal(pitr->ncreated, 1);
    assert_string_equal(pitr->created[0].response, "TableDescription.TableName");
    assert_string_equal(pitr->created[0].delete_with->name, "DeleteTable");

    const dc_operation *rfb = dc_spec_operation(spec, "RestoreTableFromBackup");
    assert_int_equal(rfb->ncontext, 1);
    assert_int_equal(rfb->context[0].slot, DC_CONTEXT_BACKUP);
    assert_string_equal(rfb->context[0].from->name, "DescribeBackup");
    assert_string_equal(dc_context_slot_name(rfb->context[0].slot), "backup");

    const dc_operation *cb = dc_spec_operation(spec, "CreateBackup");
    assert_int_equal(cb->nfresh, 0);
    assert_int_equal(cb->ncreated, 1);
    assert_string_equal(cb->created[0].response, "BackupDetails.BackupArn");
    assert_string_equal(cb->created[0].delete_with->name, "DeleteBackup");

    const dc_operation *db = dc_spec_operation(spec, "DeleteBackup");
    assert_string_equal(db->delete_key, "BackupArn");
    assert_string_equal(db->gone_error, "BackupNotFoundException");
    assert_string_equal(db->busy_error, "BackupInUseException"); /* a restore from it is running */
    const dc_operation *dt = dc_spec_operation(spec, "DeleteTable");
    assert_string_equal(dt->delete_key, "TableName");
    assert_null(dt->gone_error);
    assert_string_equal(dt->busy_error, "ResourceInUseException");
    assert_null(dc_spec_operation(spec, "DescribeTable")->delete_key);
    assert_int_equal(dc_spec_operation(spec, "ListBackups")->ncontext, 0);

    size_t nstate = 0;
    for (size_t i = 0; i < dc_spec_error_count(spec); i++)
        nstate += dc_spec_error_at(spec, i)->state;
    assert_int_equal(nstate, 4);
    assert_true(dc_spec_error(spec, "ThrottlingException")->state);
    assert_true(dc_spec_error(spec, "LimitExceededException")->state);
    assert_true(dc_spec_error(spec, "AccessDeniedException")->state);
    assert_true(dc_spec_error(spec, "RequestLimitExceeded")->state);
    assert_false(dc_spec_error(spec, "ValidationException")->state);
}

static void a_missing_folder_fails_with_the_file_name(void **state)
{
    (void)state;
    dc_spec *spec = NULL;
    dc_err err = {{0}};
    assert_int_equal(dc_spec_load("/nonexistent/ddbconform", &spec, &err), -1);
    assert_null(spec);
    assert_true(strncmp(err.msg, "spec/errors.json: ", 18) == 0);
}

int main(void)
{
    const struct CMUnitTest loaded[] = {
        cmocka_unit_test(table_name_is_a_string_of_3_to_255_characters),
        cmocka_unit_test(table_name_pattern_must_match_the_whole_string),
        cmocka_unit_test(pattern_refuses_invalid_utf8_at_any_offset),
        cmocka_unit_test(shapes_without_a_pattern_match_anything),
        cmocka_unit_test(path_names_lower_case_only_the_first_character),
        cmocka_unit_test(billing_mode_enum_message_is_in_service_order),
        cmocka_unit_test(recorded_enum_orders_differ_from_model_order),
        cmocka_unit_test(recovery_period_in_days_is_1_to_35_since_2025_01_07),
        cmocka_unit_test(restore_overrides_carry_their_since_dates),
        cmocka_unit_test(backup_arn_keeps_the_model_min_only_as_drift),
        cmocka_unit_test(table_name_members_of_shape_table_arn_accept_names_or_arns),
        cmocka_unit_test(attribute_value_is_a_union),
        cmocka_unit_test(all_twenty_two_operations_are_present),
        cmocka_unit_test(operations_list_their_rules_in_run_order),
        cmocka_unit_test(create_backup_lists_the_six_modeled_errors),
        cmocka_unit_test(error_catalog_has_the_recorded_namespaces_statuses_and_message_keys),
        cmocka_unit_test(backup_not_found_is_allowed_for_describe_backup_but_not_list_backups),
        cmocka_unit_test(throttling_and_validation_are_allowed_for_every_operation),
        cmocka_unit_test(errors_are_listed_in_name_order),
        cmocka_unit_test(messages_are_found_by_id),
        cmocka_unit_test(message_entries_carry_their_type_use_and_wire_type),
        cmocka_unit_test(message_values_keep_their_bytes_and_a_missing_one_stays_visible),
        cmocka_unit_test(message_templates_match_and_split_texts_the_way_they_were_composed),
        cmocka_unit_test(message_format_fills_placeholders_and_keeps_unknown_ones_visible),
        cmocka_unit_test(service_constants_come_from_service_json),
        cmocka_unit_test(target_operation_accepts_the_current_and_legacy_prefixes_only),
        cmocka_unit_test(shape_type_names_are_the_model_words),
        cmocka_unit_test(operations_name_their_case_folder_and_a_valid_example),
        cmocka_unit_test(restores_and_deletes_declare_their_context_and_resources),
    };
    const struct CMUnitTest broken[] = {
        cmocka_unit_test(broken_spec_folders_fail_naming_file_and_path),
        cmocka_unit_test(the_minimal_valid_folder_loads),
        cmocka_unit_test(context_creates_and_deletes_load_with_their_operations),
        cmocka_unit_test(a_missing_folder_fails_with_the_file_name),
    };
    int failed = cmocka_run_group_tests_name("spec (committed data)", loaded, s_setup, dc_test_spec_teardown);
    failed += cmocka_run_group_tests_name("spec (broken folders)", broken, NULL, NULL);
    return failed;
}
