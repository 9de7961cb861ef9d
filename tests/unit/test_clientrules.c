/* test_clientrules.c - spec/client-rules.json: the shipped file loads and
 * describes every rule the judge implements; a damaged copy is refused with a
 * line naming the JSON path; the retryable error classes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gate/clientrules.h"
#include "test_util.h"

static dc_buf s_text; /* the shipped file */

static void the_shipped_rules_describe_every_rule_the_judge_implements(void **state)
{
    (void)state;
    dc_client_rules *r = NULL;
    dc_err err;
    assert_int_equal(dc_client_rules_load(dc_test_home(), &r, &err), 0);
    for (int k = 0; k < DC_CRULE_COUNT; k++) {
        const dc_crule *rule = dc_client_rule(r, (dc_crule_id)k);
        assert_string_equal(rule->name, dc_crule_name((dc_crule_id)k));
        assert_true(strlen(rule->description) > 20);
        assert_true(strlen(rule->source) > 10);
    }
    /* the file's order is the report's order: wire first, re-signed last */
    assert_int_equal(dc_client_rule_at(r, 0), DC_CRULE_WIRE_METHOD);
    assert_int_equal(dc_client_rule_at(r, DC_CRULE_COUNT - 1), DC_CRULE_RETRY_RE_SIGNED);
    assert_int_equal(dc_client_rule(r, DC_CRULE_VALIDITY_REQUEST)->severity, DC_SEVERITY_INFO);
    assert_int_equal(dc_client_rule(r, DC_CRULE_RETRY_JITTER)->severity, DC_SEVERITY_WARNING);
    assert_int_equal(dc_client_rule(r, DC_CRULE_SIGNING_AMZ_HEADERS_SIGNED)->severity, DC_SEVERITY_FAILURE);
    assert_int_equal(dc_client_rule(r, DC_CRULE_SIGNING_AMZ_HEADERS_SIGNED)->compat_severity, DC_SEVERITY_WARNING);
    assert_int_equal(dc_client_rule(r, DC_CRULE_RETRY_AFTER_FAULT)->compat_severity, DC_SEVERITY_FAILURE);
    const dc_client_limits *lim = dc_client_rules_limits(r);
    assert_int_equal(lim->window_ms, 30000);
    assert_int_equal(lim->clock_skew_s, 900);
    assert_int_equal(lim->give_up_after_attempts, 3);
    assert_int_equal(lim->false_alarm_one_in, 10000);
    assert_int_equal(lim->measuring_noise_ms, 10);
    /* the schemes of issue 20, in the file's order, with their numbers */
    assert_int_equal(dc_client_rules_nschemes(r), 10);
    const dc_retry_scheme *legacy = dc_client_rules_scheme(r, 0);
    assert_string_equal(legacy->id, "botocore-legacy");
    assert_int_equal(legacy->max_attempts, 10);
    assert_int_equal(legacy->base_ms[DC_RCLASS_TRANSIENT], 50);
    assert_int_equal(legacy->jitter_low_percent, 100);
    assert_int_equal(legacy->cap_ms, 0);
    const dc_retry_scheme *v21 = dc_client_rules_scheme(r, 1);
    assert_string_equal(v21->id, "retries-2.1");
    assert_int_equal(v21->max_attempts, 4);
    assert_int_equal(v21->base_ms[DC_RCLASS_TRANSIENT], 25);
    assert_int_equal(v21->base_ms[DC_RCLASS_THROTTLING], 1000);
    assert_int_equal(v21->cap_ms, 20000);
    assert_int_equal(v21->extra_ms, 5000);
    const dc_retry_scheme *cpp = dc_client_rules_scheme(r, 9);
    assert_string_equal(cpp->id, "cpp-legacy");
    assert_true(cpp->first_retry_immediate);
    assert_int_equal(cpp->max_attempts, 11);
    assert_non_null(strstr(dc_client_rules_schemes_text(r), "loosest"));
    assert_true(dc_client_rules_operation(r, "RestoreTableToPointInTime", 25));
    assert_true(dc_client_rules_operation(r, "BatchWriteItem", 14));
    assert_false(dc_client_rules_operation(r, "ListBackup", 10));
    assert_non_null(strstr(dc_client_rules_tying(r), "amz-sdk-invocation-id"));
    dc_client_rules_free(r);
}

static void retryable_errors_are_classified_as_the_sdk_guides_list_them(void **state)
{
    (void)state;
    static const struct {
        const char *code;
        unsigned status;
        bool retryable;
        dc_retryable_class cls;
    } cases[] = {
        {"ThrottlingException", 400, true, DC_RETRYABLE_THROTTLING},
        {"ProvisionedThroughputExceededException", 400, true, DC_RETRYABLE_THROTTLING},
        {"LimitExceededException", 400, true, DC_RETRYABLE_THROTTLING},
        {NULL, 429, true, DC_RETRYABLE_THROTTLING},
        {"InternalServerError", 500, true, DC_RETRYABLE_TRANSIENT},
        {NULL, 503, true, DC_RETRYABLE_TRANSIENT},
        {"InvalidSignatureException", 400, true, DC_RETRYABLE_CLOCK_SKEW},
        {"ReplicatedWriteConflictException", 409, true, DC_RETRYABLE_SERVICE},
        {"ValidationException", 400, false, DC_RETRYABLE_THROTTLING},
        {"ResourceNotFoundException", 400, false, DC_RETRYABLE_THROTTLING},
        {"BackupNotFoundException", 400, false, DC_RETRYABLE_THROTTLING},
        {"TableNotFoundException", 400, false, DC_RETRYABLE_THROTTLING},
        {"ConditionalCheckFailedException", 400, false, DC_RETRYABLE_THROTTLING},
        {"UnrecognizedClientException", 400, false, DC_RETRYABLE_THROTTLING},
        {NULL, 404, false, DC_RETRYABLE_THROTTLING},
    };
    dc_client_rules *r = NULL;
    dc_err err;
    assert_int_equal(dc_client_rules_load(dc_test_home(), &r, &err), 0);
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        dc_retryable_class cls = DC_RETRYABLE_CLASS_COUNT;
        bool got = dc_client_rules_retryable(r, cases[i].code, cases[i].status, &cls);
        if (got != cases[i].retryable)
            fail_msg("%s %u: retryable %d, expected %d", cases[i].code ? cases[i].code : "-", cases[i].status, got,
                     cases[i].retryable);
        if (got)
            assert_int_equal(cls, cases[i].cls);
    }
    dc_client_rules_free(r);
}

static void a_damaged_rules_file_is_refused_with_the_json_path(void **state)
{
    (void)state;
    static const struct {
        const char *find, *replace, *msg;
    } cases[] = {
        {"\"windowMs\": 30000", "\"windowMs\": 0",
         "spec/client-rules.json: tying.windowMs: expected a positive integer"},
        {"\"tying\": {", "\"tying\": {\"extra\": 1, ", "spec/client-rules.json: tying: unknown key 'extra'"},
        {"\"retryableErrors\": {", "\"retryableErrors\": {\"fatal\": {}, ",
         "spec/client-rules.json: retryableErrors: unknown key 'fatal'"},
        {"\"statuses\": [429]", "\"statuses\": [42]",
         "spec/client-rules.json: retryableErrors.throttling.statuses: expected an array of HTTP status codes"},
        {"\"falseAlarmOneIn\": {\"value\": 10000", "\"falseAlarmOneIn\": {\"value\": \"10000\"",
         "spec/client-rules.json: limits.falseAlarmOneIn.value: expected a positive integer"},
        {"\"jitter\": \"none\"", "\"jitter\": \"some\"",
         "spec/client-rules.json: retrySchemes.schemes[0].jitter: expected full, equal or none"},
        {"\"maxAttempts\": 10,", "\"maxAttempts\": -1,",
         "spec/client-rules.json: retrySchemes.schemes[0].maxAttempts: expected a non-negative integer"},
        {"\"id\": \"retries-2.1\"", "\"id\": \"botocore-legacy\"",
         "spec/client-rules.json: retrySchemes.schemes[1]: scheme id used twice"},
        {"\"limits\": {", "\"limits\": {\"clockSkewSeconds\": {\"value\": 1, \"source\": \"x\"}, ",
         "spec/client-rules.json: a key appears twice in one object"},
        {"{\"id\": \"wire.method\", \"severity\": \"failure\"", "{\"id\": \"wire.method\", \"severity\": \"fatal\"",
         "spec/client-rules.json: rules[0].severity: expected failure, warning or info"},
        {"{\"id\": \"wire.path\"", "{\"id\": \"wire.paths\"",
         "spec/client-rules.json: rules[1].id: 'wire.paths' is not a rule the judge implements"},
        {"{\"id\": \"wire.path\"", "{\"id\": \"wire.method\"",
         "spec/client-rules.json: rules[1].id: rule described twice"},
        {"{\"id\": \"retry.re-signed\",", "{\"id\": \"retry.re-signed\", \"bogus\": 1,",
         "spec/client-rules.json: rules[22]: unknown key 'bogus'"},
        {"\"source\": \"The client rules", "\"sauce\": \"The client rules",
         "spec/client-rules.json: $: unknown key 'sauce'"},
        {"\"names\": [\"BatchExecuteStatement\"", "\"names\": [7",
         "spec/client-rules.json: serviceOperations.names: expected an array of non-empty strings"},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        const char *text = (const char *)s_text.data;
        const char *at = strstr(text, cases[i].find);
        if (at == NULL)
            fail_msg("case %zu: '%s' is not in the shipped file", i, cases[i].find);
        dc_buf b;
        dc_buf_init(&b);
        dc_buf_append(&b, text, (size_t)(at - text));
        dc_buf_puts(&b, cases[i].replace);
        dc_buf_puts(&b, at + strlen(cases[i].find));
        dc_client_rules *r = NULL;
        dc_err err;
        assert_int_equal(dc_client_rules_parse(b.data, b.len, DC_CLIENT_RULES_FILE, &r, &err), -1);
        assert_null(r);
        assert_string_equal(err.msg, cases[i].msg);
        dc_buf_free(&b);
    }
}

int main(void)
{
    char path[4200];
    dc_err err;
    snprintf(path, sizeof path, "%s/%s", dc_test_home(), DC_CLIENT_RULES_FILE);
    dc_buf_init(&s_text);
    if (dc_read_file(path, 1u << 20, &s_text, &err) != 0) {
        fprintf(stderr, "test_clientrules: %s\n", err.msg);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_shipped_rules_describe_every_rule_the_judge_implements),
        cmocka_unit_test(retryable_errors_are_classified_as_the_sdk_guides_list_them),
        cmocka_unit_test(a_damaged_rules_file_is_refused_with_the_json_path),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    dc_buf_free(&s_text);
    return rc;
}
