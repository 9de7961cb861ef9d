/* test_check.c - response checks against the repository's spec/ and the
 * recorded real bodies in tests/data/check (sources in its README.md).
 * Recorded bodies must pass; each mutated variant must fail with exactly one
 * failure of the expected kind at the expected path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "wire/check.h"
#include "core/datadir.h"
#include "spec/spec.h"
#include "test_util.h"

#define S_REQUEST_ID "RFMTVB72A6E2J39HBPIK8SHBN7VV4KQNSO5AEMVJF66Q9ASUAAJG" /* [S:response-headers] [R] */
#define S_NO_HEADER "" /* as a header value in the table: the header is not sent */

typedef struct {
    const char *name;
    const char *op;
    const char *file; /* under tests/data/check */
    long status;
    dc_check_level level;
    const char *from, *to;    /* textual mutation of the body (first occurrence); NULL: none */
    const char *crc;          /* NULL: crc32 of the (mutated) body; S_NO_HEADER; else sent as given */
    const char *request_id;   /* NULL: S_REQUEST_ID */
    const char *content_type; /* NULL: application/x-amz-json-1.0 */
    size_t nfail;             /* exact number of failures */
    dc_failure_kind kind;     /* of the first failure */
    const char *path;         /* of the first failure */
} s_case;

#define STRICT DC_CHECK_STRICT
#define COMPAT DC_CHECK_COMPAT
#define PASS 0, DC_FAIL_SHAPE, NULL

static const s_case s_cases[] = {
    /* recorded real responses pass at both levels */
    {"r1_expired_token_with_recorded_crc32_passes_strict", "DescribeBackup", "r01-expired-token.json", 400, STRICT,
     NULL, NULL, "2167418451", NULL, NULL, PASS},
    {"r4_access_denied_with_capital_message_passes_strict", "ListBackups", "r04-access-denied.json", 400, STRICT, NULL,
     NULL, NULL, NULL, NULL, PASS},
    {"r5_validation_exception_passes_strict", "RestoreTableFromBackup", "r05-validation.json", 400, STRICT, NULL, NULL,
     NULL, NULL, NULL, PASS},
    {"r6_resource_not_found_passes_strict_for_describe_table", "DescribeTable", "r06-resource-not-found.json", 400,
     STRICT, NULL, NULL, NULL, NULL, NULL, PASS},
    {"r7_create_backup_passes_strict", "CreateBackup", "r07-create-backup.json", 200, STRICT, NULL, NULL, NULL, NULL,
     NULL, PASS},
    {"r7_create_backup_passes_compat", "CreateBackup", "r07-create-backup.json", 200, COMPAT, NULL, NULL, NULL, NULL,
     NULL, PASS},
    {"r8_java_notation_timestamp_passes", "CreateBackup", "r08-create-backup-e9.json", 200, STRICT, NULL, NULL, NULL,
     NULL, NULL, PASS},
    {"r9_describe_backup_passes_strict", "DescribeBackup", "r09-describe-backup.json", 200, STRICT, NULL, NULL, NULL,
     NULL, NULL, PASS},
    {"r9_delete_backup_deleted_status_passes_strict", "DeleteBackup", "r09-delete-backup.json", 200, STRICT, NULL, NULL,
     NULL, NULL, NULL, PASS},
    /* NumberOfDecreasesToday 0: the model says min 1, the service sends 0;
     * spec/ records that drift (ProvisionedThroughputDescription) */
    {"r11_restore_from_backup_passes_strict", "RestoreTableFromBackup", "r11-restore-from-backup.json", 200, STRICT,
     NULL, NULL, NULL, NULL, NULL, PASS},
    {"r12_restore_to_point_in_time_passes_strict", "RestoreTableToPointInTime", "r12-restore-to-point-in-time.json",
     200, STRICT, NULL, NULL, NULL, NULL, NULL, PASS},
    {"r11_restore_from_backup_passes_strict_apart_from_the_drifted_member", "RestoreTableFromBackup",
     "r11-restore-from-backup.json", 200, STRICT, "\"NumberOfDecreasesToday\":0,", "", NULL, NULL, NULL, PASS},
    {"r13_update_continuous_backups_passes_strict", "UpdateContinuousBackups", "r13-update-continuous-backups.json",
     200, STRICT, NULL, NULL, NULL, NULL, NULL, PASS},
    {"r14_recovery_period_in_days_passes_strict", "DescribeContinuousBackups",
     "r14-describe-continuous-backups-2025.json", 200, STRICT, NULL, NULL, NULL, NULL, NULL, PASS},
    {"r15_pitr_disabled_passes_strict", "DescribeContinuousBackups", "r15-describe-continuous-backups-disabled.json",
     200, STRICT, NULL, NULL, NULL, NULL, NULL, PASS},
    {"missing_crc32_header_is_not_a_failure", "CreateBackup", "r07-create-backup.json", 200, STRICT, NULL, NULL,
     S_NO_HEADER, NULL, NULL, PASS},
    {"application_json_request_echoed_passes", "CreateBackup", "r07-create-backup.json", 200, STRICT, NULL, NULL, NULL,
     NULL, "application/json", PASS},
    {"content_type_parameters_are_ignored", "CreateBackup", "r07-create-backup.json", 200, STRICT, NULL, NULL, NULL,
     NULL, "application/x-amz-json-1.0; charset=UTF-8", PASS},
    {"long_at_int64_max_passes", "CreateBackup", "r08-create-backup-e9.json", 200, STRICT, "84973",
     "9223372036854775807", NULL, NULL, NULL, PASS},
    {"throttling_is_common_to_every_operation", "DescribeBackup", "r05-validation.json", 400, STRICT,
     "com.amazon.coral.validate#ValidationException\",\"message\":\"Supplied AttributeValue has more than one "
     "datatypes set, must contain exactly one of the supported datatypes",
     "com.amazon.coral.availability#ThrottlingException\",\"message\":\"Rate exceeded", NULL, NULL, NULL, PASS},
    {"modeled_backup_error_passes_for_its_operation", "DescribeBackup", "r05-validation.json", 400, STRICT,
     "com.amazon.coral.validate#ValidationException", "com.amazonaws.dynamodb.v20120810#BackupNotFoundException", NULL,
     NULL, NULL, PASS},
    {"wrong_namespace_passes_at_compat", "CreateBackup", "r05-validation.json", 400, COMPAT,
     "com.amazon.coral.validate#", "com.amazonaws.dynamodb.v20120810#", NULL, NULL, NULL, PASS},
    {"capital_message_for_validation_passes_at_compat", "CreateBackup", "r05-validation.json", 400, COMPAT,
     "\"message\"", "\"Message\"", NULL, NULL, NULL, PASS},
    {"sanitized_type_with_colon_suffix_passes_at_compat", "CreateBackup", "r05-validation.json", 400, COMPAT,
     "ValidationException\"", "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/\"", NULL,
     NULL, NULL, PASS},
    {"short_request_id_passes_at_compat", "CreateBackup", "r07-create-backup.json", 200, COMPAT, NULL, NULL, NULL,
     "abc-123", NULL, PASS},

    {"serialization_exception_without_message_passes_compat", "CreateBackup", "r-serialization-no-message.json", 400,
     COMPAT, NULL, NULL, "3948637019", NULL, NULL, PASS},
    /* the service sends SerializationException with no message at all for
     * unparseable bodies ("messageOptional" in spec/errors.json) */
    {"serialization_exception_without_message_passes_strict", "CreateBackup", "r-serialization-no-message.json", 400,
     STRICT, NULL, NULL, "3948637019", NULL, NULL, PASS},

    /* mutated variants fail with the exact kind and path */
    {"backup_status_active_is_an_enum_failure", "CreateBackup", "r07-create-backup.json", 200, STRICT, "\"CREATING\"",
     "\"ACTIVE\"", NULL, NULL, NULL, 1, DC_FAIL_ENUM, "BackupDetails.BackupStatus"},
    {"string_backup_size_bytes_is_a_shape_failure", "CreateBackup", "r07-create-backup.json", 200, STRICT,
     "\"BackupSizeBytes\":0", "\"BackupSizeBytes\":\"0\"", NULL, NULL, NULL, 1, DC_FAIL_SHAPE,
     "BackupDetails.BackupSizeBytes"},
    {"long_beyond_int64_is_a_limit_failure", "CreateBackup", "r08-create-backup-e9.json", 200, STRICT, "84973",
     "9223372036854775808", NULL, NULL, NULL, 1, DC_FAIL_LIMIT, "BackupDetails.BackupSizeBytes"},
    {"item_count_beyond_int64_is_a_limit_failure", "DescribeBackup", "r09-describe-backup.json", 200, STRICT,
     "\"ItemCount\":0", "\"ItemCount\":9223372036854775808", NULL, NULL, NULL, 1, DC_FAIL_LIMIT,
     "BackupDescription.SourceTableDetails.ItemCount"},
    {"negative_backup_size_is_a_limit_failure", "CreateBackup", "r07-create-backup.json", 200, STRICT,
     "\"BackupSizeBytes\":0", "\"BackupSizeBytes\":-1", NULL, NULL, NULL, 1, DC_FAIL_LIMIT,
     "BackupDetails.BackupSizeBytes"},
    {"fractional_long_is_a_shape_failure", "CreateBackup", "r07-create-backup.json", 200, STRICT,
     "\"BackupSizeBytes\":0", "\"BackupSizeBytes\":0.5", NULL, NULL, NULL, 1, DC_FAIL_SHAPE,
     "BackupDetails.BackupSizeBytes"},
    {"wrong_crc32_is_a_crc32_failure", "CreateBackup", "r07-create-backup.json", 200, STRICT, NULL, NULL, "2804954895",
     NULL, NULL, 1, DC_FAIL_CRC32, "x-amz-crc32"},
    {"crc32_of_the_unmutated_body_fails_after_mutation", "DescribeBackup", "r01-expired-token.json", 400, COMPAT,
     "expired", "expired.", "2167418451", NULL, NULL, 1, DC_FAIL_CRC32, "x-amz-crc32"},
    {"wrong_namespace_is_an_error_type_failure_at_strict", "CreateBackup", "r05-validation.json", 400, STRICT,
     "com.amazon.coral.validate#", "com.amazonaws.dynamodb.v20120810#", NULL, NULL, NULL, 1, DC_FAIL_ERROR_TYPE,
     "__type"},
    {"capital_message_for_validation_is_a_message_failure_at_strict", "CreateBackup", "r05-validation.json", 400,
     STRICT, "\"message\"", "\"Message\"", NULL, NULL, NULL, 1, DC_FAIL_MESSAGE, "message"},
    {"lowercase_message_for_access_denied_is_a_message_failure_at_strict", "ListBackups", "r04-access-denied.json", 400,
     STRICT, "\"Message\"", "\"message\"", NULL, NULL, NULL, 1, DC_FAIL_MESSAGE, "Message"},
    {"missing_message_is_a_message_failure_at_strict", "CreateBackup", "r01-expired-token.json", 400, STRICT,
     ",\"message\":\"The security token included in the request is expired\"", "", NULL, NULL, NULL, 1, DC_FAIL_MESSAGE,
     "message"},
    {"error_not_modeled_for_the_operation_is_an_error_type_failure", "CreateBackup", "r05-validation.json", 400, COMPAT,
     "com.amazon.coral.validate#ValidationException", "com.amazonaws.dynamodb.v20120810#BackupNotFoundException", NULL,
     NULL, NULL, 1, DC_FAIL_ERROR_TYPE, "__type"},
    {"error_unknown_to_the_catalog_is_an_error_type_failure", "CreateBackup", "r05-validation.json", 400, COMPAT,
     "ValidationException", "SourceTableNotFoundException", NULL, NULL, NULL, 1, DC_FAIL_ERROR_TYPE, "__type"},
    {"validation_error_with_status_500_is_a_status_failure", "CreateBackup", "r05-validation.json", 500, COMPAT, NULL,
     NULL, NULL, NULL, NULL, 1, DC_FAIL_STATUS, ""},
    {"error_body_with_status_200_is_a_status_failure", "CreateBackup", "r05-validation.json", 200, COMPAT, NULL, NULL,
     NULL, NULL, NULL, 1, DC_FAIL_STATUS, ""},
    {"missing_required_member_is_a_shape_failure", "CreateBackup", "r07-create-backup.json", 200, STRICT,
     "\"BackupName\":\"MusicCollectionBackup\",", "", NULL, NULL, NULL, 1, DC_FAIL_SHAPE, "BackupDetails.BackupName"},
    {"iso_timestamp_is_a_timestamp_failure", "CreateBackup", "r07-create-backup.json", 200, STRICT, "1576616366.715",
     "\"2019-12-17T20:59:26.715Z\"", NULL, NULL, NULL, 1, DC_FAIL_TIMESTAMP, "BackupDetails.BackupCreationDateTime"},
    {"millisecond_timestamp_is_a_timestamp_failure", "CreateBackup", "r07-create-backup.json", 200, STRICT,
     "1576616366.715", "1576616366715", NULL, NULL, NULL, 1, DC_FAIL_TIMESTAMP, "BackupDetails.BackupCreationDateTime"},
    {"wrong_enum_in_a_list_element_names_its_index", "DescribeBackup", "r09-describe-backup.json", 200, STRICT,
     "\"RANGE\"", "\"range\"", NULL, NULL, NULL, 1, DC_FAIL_ENUM,
     "BackupDescription.SourceTableDetails.KeySchema.1.KeyType"},
    {"string_boolean_is_a_shape_failure", "DescribeBackup", "r09-describe-backup.json", 200, STRICT,
     "\"SourceTableFeatureDetails\":{}",
     "\"SourceTableFeatureDetails\":{\"StreamDescription\":{\"StreamEnabled\":\"true\"}}", NULL, NULL, NULL, 1,
     DC_FAIL_SHAPE, "BackupDescription.SourceTableFeatureDetails.StreamDescription.StreamEnabled"},
    {"recovery_period_beyond_35_is_a_limit_failure", "DescribeContinuousBackups",
     "r14-describe-continuous-backups-2025.json", 200, STRICT, ":35", ":36", NULL, NULL, NULL, 1, DC_FAIL_LIMIT,
     "ContinuousBackupsDescription.PointInTimeRecoveryDescription.RecoveryPeriodInDays"},
    {"top_level_array_is_a_shape_failure", "CreateBackup", "r07-create-backup.json", 200, STRICT,
     "{\"BackupDetails\":{\"BackupArn\":\"arn:aws:dynamodb:us-west-2:123456789012:table/MusicCollection/backup/"
     "01576616366715-b4e58d3a\",\"BackupName\":\"MusicCollectionBackup\",\"BackupSizeBytes\":0,\"BackupStatus\":"
     "\"CREATING\",\"BackupType\":\"USER\",\"BackupCreationDateTime\":1576616366.715}}",
     "[]", NULL, NULL, NULL, 1, DC_FAIL_SHAPE, ""},
    {"truncated_body_is_a_shape_failure", "CreateBackup", "r07-create-backup.json", 200, COMPAT,
     "\"BackupType\":\"USER\",\"BackupCreationDateTime\":1576616366.715}}", "\"BackupType\":\"US", NULL, NULL, NULL, 1,
     DC_FAIL_SHAPE, ""},
    {"html_500_page_is_a_shape_failure", "CreateBackup", "x-html-500.html", 500, COMPAT, NULL, NULL, NULL, NULL,
     "text/html", 2, DC_FAIL_HEADER, "Content-Type"},
    {"missing_request_id_is_a_header_failure", "CreateBackup", "r07-create-backup.json", 200, COMPAT, NULL, NULL, NULL,
     S_NO_HEADER, NULL, 1, DC_FAIL_HEADER, "x-amzn-RequestId"},
    /* a request id of another shape is a note, never a failure ([S:request-id-form]) */
    {"lowercase_request_id_passes_at_strict", "CreateBackup", "r07-create-backup.json", 200, STRICT, NULL, NULL, NULL,
     "rfmtvb72a6e2j39hbpik8shbn7vv4kqnso5aemvjf66q9asuaajg", NULL, PASS},
    {"localstack_request_id_passes_at_strict", "CreateBackup", "r07-create-backup.json", 200, STRICT, NULL, NULL, NULL,
     "UA1IUBFM6870CXD0XVRJ5S9DM37XSJ7FGNUCCYU2D5T251KKPQPE", NULL, PASS},
    {"wrong_content_type_is_a_header_failure", "CreateBackup", "r07-create-backup.json", 200, COMPAT, NULL, NULL, NULL,
     NULL, "application/x-amz-json-1.1", 1, DC_FAIL_HEADER, "Content-Type"},
    {"missing_content_type_is_a_header_failure", "CreateBackup", "r07-create-backup.json", 200, COMPAT, NULL, NULL,
     NULL, NULL, S_NO_HEADER, 1, DC_FAIL_HEADER, "Content-Type"},
    {"duplicate_member_names_are_a_shape_failure", "CreateBackup", "r07-create-backup.json", 200, STRICT,
     "\"BackupType\":\"USER\"", "\"BackupType\":\"USER\",\"BackupType\":\"USER\"", NULL, NULL, NULL, 1, DC_FAIL_SHAPE,
     ""},
};

/* Reads tests/data/check/<file> into b. */
static void s_load(const char *file, dc_buf *b)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/check/%s", dc_test_home(), file);
    dc_err err;
    if (dc_read_file(path, 1u << 20, b, &err) != 0)
        fail_msg("%s", err.msg);
}

/* Replaces the first occurrence of from by to; the test fails if from is absent. */
static void s_mutate(dc_buf *b, const char *from, const char *to)
{
    const char *at = strstr((const char *)b->data, from);
    if (at == NULL)
        fail_msg("mutation source not in the body: %s", from);
    size_t off = (size_t)(at - (const char *)b->data), fl = strlen(from);
    dc_buf out;
    dc_buf_init(&out);
    dc_buf_append(&out, b->data, off);
    dc_buf_puts(&out, to);
    dc_buf_append(&out, b->data + off + fl, b->len - off - fl);
    dc_buf_free(b);
    *b = out;
}

static void s_print_failures(const dc_check_result *r)
{
    for (size_t i = 0; i < r->nfailures; i++)
        print_message("  failure %zu: %s at '%s': expected %s, actual %s\n", i,
                      dc_failure_kind_name(r->failures[i].kind), r->failures[i].path, r->failures[i].expected,
                      r->failures[i].actual);
}

/* Loads the body of one table row, mutated as the row says. */
static void s_row_body(const s_case *tc, dc_buf *body)
{
    s_load(tc->file, body);
    if (tc->from != NULL)
        s_mutate(body, tc->from, tc->to);
}

/* Checks body as the answer of one table row, with the headers the row asks for. */
/* parsed: the body as a caller parsed it (dc_check_input.parsed), or NULL. */
static void s_check_body_parsed(const s_case *tc, const dc_buf *body, const dc_json_doc *parsed, dc_check_result *r)
{
    char crc[24];
    const char *crc_value = tc->crc;
    if (crc_value == NULL) {
        snprintf(crc, sizeof crc, "%lu", crc32(0L, body->data, (uInt)body->len));
        crc_value = crc;
    }
    const char *rid = tc->request_id != NULL ? tc->request_id : S_REQUEST_ID;
    const char *ct = tc->content_type != NULL ? tc->content_type : "application/x-amz-json-1.0";
    dc_http_header h[3];
    size_t nh = 0;
    const char *names[3] = {"x-amzn-RequestId", "Content-Type", "x-amz-crc32"};
    const char *values[3] = {rid, ct, crc_value};
    for (size_t i = 0; i < 3; i++) {
        if (values[i][0] == '\0')
            continue;
        h[nh++] = (dc_http_header){(char *)names[i], strlen(names[i]), (char *)values[i], strlen(values[i])};
    }
    const char *req_ct = NULL;
    if (tc->content_type != NULL && strncmp(tc->content_type, "application/json", 16) == 0)
        req_ct = "application/json";
    dc_check_input in = {.status = tc->status,
                         .headers = h,
                         .nheaders = nh,
                         .body = body->data,
                         .body_len = body->len,
                         .request_content_type = req_ct,
                         .parsed = parsed};
    const dc_operation *op = dc_spec_operation(dc_test_spec(), tc->op);
    if (op == NULL)
        fail_msg("operation %s not in spec/", tc->op);
    dc_err err;
    dc_check_result_init(r);
    assert_int_equal(dc_check_response(dc_test_spec(), op, tc->level, &in, r, &err), 0);
}

static void s_check_body(const s_case *tc, const dc_buf *body, dc_check_result *r)
{
    s_check_body_parsed(tc, body, NULL, r);
}

/* Runs the check of one table row. */
static void s_check_case(const s_case *tc, dc_buf *body, dc_check_result *r)
{
    s_row_body(tc, body);
    s_check_body(tc, body, r);
}

static void s_run_case(void **state)
{
    const s_case *tc = *state;
    dc_buf body;
    dc_buf_init(&body);
    dc_check_result r;
    s_check_case(tc, &body, &r);
    if (r.nfailures != tc->nfail) {
        s_print_failures(&r);
        fail_msg("%s: %zu failures, expected %zu", tc->name, r.nfailures, tc->nfail);
    }
    if (tc->nfail > 0) {
        assert_string_equal(dc_failure_kind_name(r.failures[0].kind), dc_failure_kind_name(tc->kind));
        assert_string_equal(r.failures[0].path, tc->path);
    }
    assert_int_equal(r.dropped, 0);
    dc_check_result_free(&r);
    dc_buf_free(&body);
}

/* ---- single-purpose tests ------------------------------------------------ */

static const s_case *s_find(const char *name)
{
    for (size_t i = 0; i < DC_ARRAY_LEN(s_cases); i++) {
        if (strcmp(s_cases[i].name, name) == 0)
            return &s_cases[i];
    }
    fail_msg("no case %s", name);
    return NULL;
}

static void error_body_fields_are_returned_for_the_runner(void **state)
{
    (void)state;
    dc_buf body;
    dc_buf_init(&body);
    dc_check_result r;
    s_check_case(s_find("r1_expired_token_with_recorded_crc32_passes_strict"), &body, &r);
    assert_true(r.is_error);
    assert_string_equal(r.error_type, "com.amazon.coral.service#ExpiredTokenException");
    assert_string_equal(r.error_name, "ExpiredTokenException");
    assert_string_equal(r.message_key, "message");
    assert_string_equal(r.message, "The security token included in the request is expired");
    assert_int_equal(r.message_len, 53);
    assert_false(r.unknown_operation);
    dc_check_result_free(&r);
    dc_buf_free(&body);
}

static void expected_and_actual_name_the_values(void **state)
{
    (void)state;
    dc_buf body;
    dc_buf_init(&body);
    dc_check_result r;
    s_check_case(s_find("backup_status_active_is_an_enum_failure"), &body, &r);
    assert_string_equal(r.failures[0].expected, "[CREATING, DELETED, AVAILABLE]");
    assert_string_equal(r.failures[0].actual, "\"ACTIVE\"");
    dc_check_result_free(&r);
    s_check_case(s_find("wrong_crc32_is_a_crc32_failure"), &body, &r);
    assert_string_equal(r.failures[0].expected, "2804954894");
    assert_string_equal(r.failures[0].actual, "2804954895");
    dc_check_result_free(&r);
    s_check_case(s_find("wrong_namespace_is_an_error_type_failure_at_strict"), &body, &r);
    assert_string_equal(r.failures[0].expected, "com.amazon.coral.validate#ValidationException");
    assert_string_equal(r.failures[0].actual, "com.amazonaws.dynamodb.v20120810#ValidationException");
    dc_check_result_free(&r);
    s_check_case(s_find("capital_message_for_validation_is_a_message_failure_at_strict"), &body, &r);
    assert_string_equal(r.failures[0].expected, "member \"message\"");
    assert_string_equal(r.failures[0].actual, "member \"Message\"");
    dc_check_result_free(&r);
    s_check_case(s_find("long_beyond_int64_is_a_limit_failure"), &body, &r);
    assert_string_equal(r.failures[0].actual, "9223372036854775808");
    dc_check_result_free(&r);
    dc_buf_free(&body);
}

static void html_page_failure_carries_a_bounded_escaped_excerpt(void **state)
{
    (void)state;
    dc_buf body;
    dc_buf_init(&body);
    dc_check_result r;
    s_check_case(s_find("html_500_page_is_a_shape_failure"), &body, &r);
    assert_int_equal(r.nfailures, 2);
    assert_string_equal(dc_failure_kind_name(r.failures[1].kind), "shape");
    assert_string_equal(r.failures[1].path, "");
    const char *a = r.failures[1].actual;
    assert_true(strlen(a) <= DC_CHECK_EXCERPT_MAX);
    assert_memory_equal(a, "<html><head><title>500 Internal Server Error</title>", 52);
    assert_string_equal(a + strlen(a) - 3, "...");
    assert_non_null(strstr(a, "request.</p>\\n<p>Either"));
    dc_check_result_free(&r);
    dc_buf_free(&body);
}

static void unknown_members_are_notes_not_failures(void **state)
{
    (void)state;
    s_case tc = *s_find("r7_create_backup_passes_strict");
    tc.from = "\"BackupType\":\"USER\"";
    tc.to = "\"BackupType\":\"USER\",\"BackupTier\":\"WARM\"";
    dc_buf body;
    dc_buf_init(&body);
    dc_check_result r;
    s_check_case(&tc, &body, &r);
    assert_int_equal(r.nfailures, 0);
    assert_int_equal(r.nnotes, 1);
    assert_string_equal(r.notes[0], "BackupDetails.BackupTier: member not in the spec");
    dc_check_result_free(&r);
    dc_buf_free(&body);
}

static void request_id_of_another_shape_is_a_note(void **state)
{
    (void)state;
    dc_buf body;
    dc_buf_init(&body);
    dc_check_result r;
    s_check_case(s_find("localstack_request_id_passes_at_strict"), &body, &r);
    assert_int_equal(r.nfailures, 0);
    assert_int_equal(r.nnotes, 1);
    assert_string_equal(r.notes[0],
                        "x-amzn-RequestId: not DynamoDB-shaped (UA1IUBFM6870CXD0XVRJ5S9DM37XSJ7FGNUCCYU2D5T251KKPQPE)");
    dc_check_result_free(&r);
    s_check_case(s_find("r7_create_backup_passes_strict"), &body, &r);
    assert_int_equal(r.nnotes, 0);
    dc_check_result_free(&r);
    dc_buf_free(&body);
}

/* v printed with the members of every object in reverse order. */
static void s_print_reversed(const dc_json *v, dc_buf *out)
{
    if (v->type != DC_JSON_OBJECT && v->type != DC_JSON_ARRAY) {
        dc_json_print(v, out);
        return;
    }
    bool obj = v->type == DC_JSON_OBJECT;
    dc_buf_putc(out, obj ? '{' : '[');
    for (size_t k = 0; k < v->count; k++) {
        const dc_json *m = &v->items[obj ? v->count - 1 - k : k];
        if (k > 0)
            dc_buf_putc(out, ',');
        if (obj) {
            dc_buf_put_json_string(out, m->key, m->key_len);
            dc_buf_putc(out, ':');
        }
        s_print_reversed(m, out);
    }
    dc_buf_putc(out, obj ? '}' : ']');
}

static int s_str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Failures and notes as sorted lines: the verdict, whatever order the check
 * walked the members in. */
static void s_verdict_text(dc_check_result *r, dc_buf *out)
{
    char **lines = calloc(r->nfailures + r->nnotes + 1, sizeof *lines);
    size_t n = 0;
    for (size_t i = 0; i < r->nfailures; i++) {
        dc_buf b;
        dc_buf_init(&b);
        dc_buf_printf(&b, "failure %s %s: expected %s", dc_failure_kind_name(r->failures[i].kind), r->failures[i].path,
                      r->failures[i].expected);
        lines[n++] = dc_buf_take(&b);
    }
    for (size_t i = 0; i < r->nnotes; i++)
        lines[n++] = dc_xstrdup(r->notes[i]);
    qsort(lines, n, sizeof *lines, s_str_cmp);
    dc_buf_printf(out, "error=%d name=%s message=%s\n", r->is_error, r->error_name ? r->error_name : "-",
                  r->message ? r->message : "-");
    for (size_t i = 0; i < n; i++) {
        dc_buf_printf(out, "%s\n", lines[i]);
        free(lines[i]);
    }
    free(lines);
}

/* [S:member-order]: the service sorts members, and a checker must not depend on
 * it. Every row whose crc32 is computed from its body gets the same verdict
 * with the members of every object reversed. */
static void reordering_members_never_changes_the_verdict(void **state)
{
    (void)state;
    size_t compared = 0;
    for (size_t i = 0; i < DC_ARRAY_LEN(s_cases); i++) {
        const s_case *tc = &s_cases[i];
        if (tc->crc != NULL && tc->crc[0] != '\0')
            continue; /* a recorded or wrong crc32 belongs to the bytes as they were */
        dc_buf body, reversed, want, got;
        dc_buf_init(&body);
        dc_buf_init(&reversed);
        dc_buf_init(&want);
        dc_buf_init(&got);
        s_row_body(tc, &body);
        dc_json_doc doc;
        if (dc_json_parse(body.data, body.len, &doc, NULL) == 0) {
            s_print_reversed(doc.root, &reversed);
            dc_json_doc_free(&doc);
            dc_check_result r;
            s_check_body(tc, &body, &r);
            s_verdict_text(&r, &want);
            dc_check_result_free(&r);
            s_check_body(tc, &reversed, &r);
            s_verdict_text(&r, &got);
            dc_check_result_free(&r);
            if (strcmp((const char *)want.data, (const char *)got.data) != 0)
                fail_msg("%s: verdict changed with members reversed:\n%s---\n%s", tc->name, (const char *)want.data,
                         (const char *)got.data);
            compared++;
        }
        dc_buf_free(&body);
        dc_buf_free(&reversed);
        dc_buf_free(&want);
        dc_buf_free(&got);
    }
    assert_true(compared >= 30);
}

/* The fuzz oracle hands the check the body it already parsed: every row with
 * a JSON body gets the same verdict either way. */
static void a_body_the_caller_parsed_gets_the_same_verdict(void **state)
{
    (void)state;
    size_t compared = 0;
    for (size_t i = 0; i < DC_ARRAY_LEN(s_cases); i++) {
        const s_case *tc = &s_cases[i];
        dc_buf body, want, got;
        dc_buf_init(&body);
        dc_buf_init(&want);
        dc_buf_init(&got);
        s_row_body(tc, &body);
        dc_json_doc doc;
        if (body.len > 0 && dc_json_parse(body.data, body.len, &doc, NULL) == 0) {
            dc_check_result r;
            s_check_body(tc, &body, &r);
            s_verdict_text(&r, &want);
            dc_check_result_free(&r);
            s_check_body_parsed(tc, &body, &doc, &r);
            s_verdict_text(&r, &got);
            dc_check_result_free(&r);
            dc_json_doc_free(&doc);
            if (strcmp((const char *)want.data, (const char *)got.data) != 0)
                fail_msg("%s: verdict changed with the body parsed by the caller:\n%s---\n%s", tc->name,
                         (const char *)want.data, (const char *)got.data);
            compared++;
        }
        dc_buf_free(&body);
        dc_buf_free(&want);
        dc_buf_free(&got);
    }
    assert_true(compared >= 30);
}

static void xml_404_unknown_operation_marks_the_operation_unsupported(void **state)
{
    (void)state;
    s_case tc = {
        "xml", "CreateBackup", "r-unknown-operation-404.xml", 404, STRICT, NULL, NULL, "3552371480", NULL, "text/xml",
        PASS};
    dc_buf body;
    dc_buf_init(&body);
    dc_check_result r;
    s_check_case(&tc, &body, &r);
    s_print_failures(&r);
    assert_int_equal(r.nfailures, 0);
    assert_true(r.unknown_operation);
    assert_string_equal(r.error_name, "UnknownOperationException");
    dc_check_result_free(&r);
    dc_buf_free(&body);
}

static void json_unknown_operation_in_any_namespace_marks_the_operation_unsupported(void **state)
{
    (void)state;
    /* DynamoDB Local answers the backup ops this way (namespace differs from the service's). */
    s_case tc = *s_find("r5_validation_exception_passes_strict");
    tc.level = COMPAT;
    tc.from = "com.amazon.coral.validate#ValidationException";
    tc.to = "com.amazonaws.dynamodb.v20120810#UnknownOperationException";
    dc_buf body;
    dc_buf_init(&body);
    dc_check_result r;
    s_check_case(&tc, &body, &r);
    assert_true(r.unknown_operation);
    assert_int_equal(r.nfailures, 0);
    dc_check_result_free(&r);
    dc_buf_free(&body);
}

static void transport_failure_is_recorded_with_kind_transport(void **state)
{
    (void)state;
    dc_check_result r;
    dc_check_result_init(&r);
    dc_check_add_transport(&r, "refused: http://127.0.0.1:1/: Connection refused");
    assert_int_equal(r.nfailures, 1);
    assert_string_equal(dc_failure_kind_name(r.failures[0].kind), "transport");
    assert_string_equal(r.failures[0].actual, "refused: http://127.0.0.1:1/: Connection refused");
    dc_check_result_free(&r);
}

static void failures_beyond_the_cap_are_counted_not_kept(void **state)
{
    (void)state;
    dc_check_result r;
    dc_check_result_init(&r);
    for (int i = 0; i < DC_CHECK_MAX_FAILURES + 5; i++)
        dc_check_add_failure(&r, DC_FAIL_SHAPE, "x", "y", "z");
    assert_int_equal(r.nfailures, DC_CHECK_MAX_FAILURES);
    assert_int_equal(r.dropped, 5);
    dc_check_result_free(&r);
}

static void excerpt_escapes_control_bytes_and_quotes(void **state)
{
    (void)state;
    dc_buf out;
    dc_buf_init(&out);
    static const uint8_t in[] = {'a', '"', '\\', '\n', 0, 0xff, 'z'};
    dc_check_excerpt(in, sizeof in, &out);
    assert_string_equal((const char *)out.data, "a\"\\\\\\n\\x00\\xffz");
    dc_buf_free(&out);
}

int main(void)
{
    struct CMUnitTest tests[DC_ARRAY_LEN(s_cases) + 16];
    size_t n = 0;
    for (size_t i = 0; i < DC_ARRAY_LEN(s_cases); i++)
        tests[n++] =
            (struct CMUnitTest){.name = s_cases[i].name, .test_func = s_run_case, .initial_state = (void *)&s_cases[i]};
    const struct CMUnitTest single[] = {
        cmocka_unit_test(error_body_fields_are_returned_for_the_runner),
        cmocka_unit_test(expected_and_actual_name_the_values),
        cmocka_unit_test(html_page_failure_carries_a_bounded_escaped_excerpt),
        cmocka_unit_test(unknown_members_are_notes_not_failures),
        cmocka_unit_test(request_id_of_another_shape_is_a_note),
        cmocka_unit_test(reordering_members_never_changes_the_verdict),
        cmocka_unit_test(a_body_the_caller_parsed_gets_the_same_verdict),
        cmocka_unit_test(xml_404_unknown_operation_marks_the_operation_unsupported),
        cmocka_unit_test(json_unknown_operation_in_any_namespace_marks_the_operation_unsupported),
        cmocka_unit_test(transport_failure_is_recorded_with_kind_transport),
        cmocka_unit_test(failures_beyond_the_cap_are_counted_not_kept),
        cmocka_unit_test(excerpt_escapes_control_bytes_and_quotes),
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(single); i++)
        tests[n++] = single[i];
    return _cmocka_run_group_tests("check", tests, n, dc_test_spec_setup, dc_test_spec_teardown);
}
