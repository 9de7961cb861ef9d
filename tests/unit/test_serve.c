/* test_serve.c - the --faults parser, the seeded fault sequence, request ids,
 * and the in-process server API (start on a free port, real HTTP through
 * libcurl, virtual clock, stop). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "core/datadir.h"
#include "endpoint/faults.h"
#include "endpoint/serve.h"

static void fault_spec_parses_rates_latency_and_seed(void **state)
{
    (void)state;
    dc_faults_spec fs;
    dc_err err;
    assert_int_equal(dc_faults_parse("throttle=0.1,error500=0.05,latency=50ms,truncate=0.01,badcrc=0.01,reset=0.01,"
                                     "seed=42",
                                     &fs, &err),
                     0);
    assert_true(fs.rate[DC_FAULT_THROTTLE] == 0.1);
    assert_true(fs.rate[DC_FAULT_ERROR500] == 0.05);
    assert_true(fs.rate[DC_FAULT_RESET] == 0.01);
    assert_int_equal(fs.latency_ms, 50);
    assert_int_equal(fs.seed, 42);
    assert_int_equal(dc_faults_parse("latency=2s", &fs, &err), 0);
    assert_int_equal(fs.latency_ms, 2000);
    assert_int_equal(dc_faults_parse("", &fs, &err), 0);
    assert_false(dc_faults_any(&fs));
}

static void bad_fault_specs_are_refused_with_a_line_naming_the_item(void **state)
{
    (void)state;
    static const struct {
        const char *spec;
        const char *msg;
    } cases[] = {
        {"throttle=2", "--faults: throttle=2: expected a probability between 0 and 1"},
        {"throttle=x", "--faults: throttle=x: expected a probability between 0 and 1"},
        {"bogus=0.1", "--faults: unknown fault 'bogus' (known: throttle, error500, truncate, badcrc, reset, latency, "
                      "seed, sparelast, default, none)"},
        {"sparelast=yes", "--faults: sparelast=yes: expected 0 or 1"},
        {"throttle", "--faults: 'throttle': expected key=value"},
        {"latency=fast", "--faults: latency=fast: expected a duration like 50ms or 2s (at most 60000 ms)"},
        {"seed=-1", "--faults: seed=-1: expected a non-negative integer"},
        {"throttle=0.6,error500=0.6", "--faults: the probabilities add up to 1.2, more than 1"},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        dc_faults_spec fs;
        dc_err err;
        assert_int_equal(dc_faults_parse(cases[i].spec, &fs, &err), -1);
        assert_string_equal(err.msg, cases[i].msg);
    }
}

static void the_default_profile_faults_every_kind_and_spares_the_last_attempt(void **state)
{
    (void)state;
    dc_faults_spec fs;
    dc_err err;
    assert_int_equal(dc_faults_parse("default", &fs, &err), 0);
    assert_true(fs.spare_last);
    for (int k = DC_FAULT_THROTTLE; k < DC_FAULT_KIND_COUNT; k++)
        assert_true(fs.rate[k] > 0.0);
    assert_true(fs.rate[DC_FAULT_THROTTLE] == 0.35);
    /* later items override it; none turns everything off */
    assert_int_equal(dc_faults_parse("default,seed=7,badcrc=0", &fs, &err), 0);
    assert_int_equal(fs.seed, 7);
    assert_true(fs.rate[DC_FAULT_BADCRC] == 0.0);
    assert_true(fs.rate[DC_FAULT_RESET] == 0.05);
    assert_int_equal(dc_faults_parse("none", &fs, &err), 0);
    assert_false(dc_faults_any(&fs));

    /* the announced last attempt is never faulted; others follow the sequence */
    assert_int_equal(dc_faults_parse("throttle=1,sparelast=1", &fs, &err), 0);
    dc_faults *f = dc_faults_new(&fs);
    assert_int_equal(dc_faults_next_for(f, "attempt=1; max=3"), DC_FAULT_THROTTLE);
    assert_int_equal(dc_faults_next_for(f, "attempt=2; max=3"), DC_FAULT_THROTTLE);
    assert_int_equal(dc_faults_next_for(f, "ttl=20261207T000000Z; attempt=3; max=3"), DC_FAULT_NONE);
    assert_int_equal(dc_faults_next_for(f, "max=4;attempt=4"), DC_FAULT_NONE);
    assert_int_equal(dc_faults_next_for(f, "attempt=1"), DC_FAULT_THROTTLE); /* no max: not known to be last */
    assert_int_equal(dc_faults_next_for(f, NULL), DC_FAULT_THROTTLE);
    dc_faults_free(f);
    assert_int_equal(dc_faults_parse("throttle=1", &fs, &err), 0); /* sparelast off: the last is faulted too */
    f = dc_faults_new(&fs);
    assert_int_equal(dc_faults_next_for(f, "attempt=3; max=3"), DC_FAULT_THROTTLE);
    dc_faults_free(f);
}

static void same_seed_gives_the_same_fault_sequence(void **state)
{
    (void)state;
    dc_faults_spec fs;
    assert_int_equal(dc_faults_parse("throttle=0.3,reset=0.2,seed=7", &fs, NULL), 0);
    dc_faults *a = dc_faults_new(&fs), *b = dc_faults_new(&fs);
    int counts[DC_FAULT_KIND_COUNT] = {0};
    for (int i = 0; i < 1000; i++) {
        dc_fault_kind k = dc_faults_next(a);
        assert_int_equal(k, dc_faults_next(b));
        counts[k]++;
    }
    /* rates hold roughly: 300 +- 60, 200 +- 60, no unrequested kinds */
    assert_in_range(counts[DC_FAULT_THROTTLE], 240, 360);
    assert_in_range(counts[DC_FAULT_RESET], 140, 260);
    assert_int_equal(counts[DC_FAULT_ERROR500], 0);
    dc_faults_free(a);
    dc_faults_free(b);
}

/* [S:request-id-form]: 26 base32hex characters, then a constant suffix (the
 * shape is spec/service.json's; the expectation is spelled out here) */
static void request_id_is_26_base32hex_characters_then_the_service_suffix(void **state)
{
    (void)state;
    dc_spec *spec = NULL;
    dc_err err;
    if (dc_spec_load(dc_data_dir(), &spec, &err) != 0)
        fail_msg("%s", err.msg);
    static const char base32hex[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
    bool seen[sizeof base32hex - 1] = {false};
    char id[DC_SPEC_REQUEST_ID_MAX + 1], id2[DC_SPEC_REQUEST_ID_MAX + 1];
    for (uint64_t seed = 1; seed <= 200; seed++) {
        dc_serve_request_id(dc_spec_service(spec), seed, id);
        dc_serve_request_id(dc_spec_service(spec), seed + 1, id2);
        assert_int_equal(strlen(id), 52);
        assert_int_equal(strspn(id, base32hex), 52); /* the suffix is base32hex too */
        assert_string_equal(id + 26, "VV4KQNSO5AEMVJF66Q9ASUAAJG");
        assert_string_not_equal(id, id2);
        for (size_t i = 0; i < 26; i++)
            seen[strchr(base32hex, id[i]) - base32hex] = true;
    }
    for (size_t i = 0; i < DC_ARRAY_LEN(seen); i++)
        assert_true(seen[i]);
    dc_spec_free(spec);
}

/* ---- in-process server over real HTTP */

typedef struct {
    long status;
    dc_buf body;
    dc_buf headers;
} http_res;

static size_t s_sink(char *p, size_t size, size_t n, void *ud)
{
    dc_buf_append(ud, p, size * n);
    return size * n;
}

/* POST signed with access key id key (form-only mode: any secret). */
static void post_as(uint16_t port, const char *key, const char *target, const char *body, http_res *res)
{
    CURL *c = curl_easy_init();
    char url[64], tgt[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/", (unsigned)port);
    snprintf(tgt, sizeof tgt, "X-Amz-Target: DynamoDB_20120810.%s", target);
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/x-amz-json-1.0");
    h = curl_slist_append(h, tgt);
    dc_buf_init(&res->body);
    dc_buf_init(&res->headers);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    /* form-only mode still wants a SigV4-shaped request */
    curl_easy_setopt(c, CURLOPT_AWS_SIGV4, "aws:amz:us-east-1:dynamodb");
    char userpwd[96];
    snprintf(userpwd, sizeof userpwd, "%s:secret", key);
    curl_easy_setopt(c, CURLOPT_USERPWD, userpwd);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, s_sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &res->body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, s_sink);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &res->headers);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    assert_int_equal(curl_easy_perform(c), CURLE_OK);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

static void post(uint16_t port, const char *target, const char *body, http_res *res)
{
    post_as(port, "AKIDTEST", target, body, res);
}

static void http_res_free(http_res *r)
{
    dc_buf_free(&r->body);
    dc_buf_free(&r->headers);
}

static void in_process_server_answers_restores_and_follows_its_clock(void **state)
{
    (void)state;
    dc_serve_options opt;
    dc_serve_options_default(&opt);
    opt.port = 0;
    opt.model.restore_ms = 60000; /* a minute of virtual time, skipped by the clock */
    dc_serve *s = NULL;
    dc_err err;
    if (dc_serve_start(&opt, &s, &err) != 0)
        fail_msg("start: %s", err.msg);
    uint16_t port = dc_serve_port(s);
    assert_true(port > 0);

    http_res r;
    post(port, "CreateTable",
         "{\"TableName\":\"tbl\",\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
         "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],\"BillingMode\":"
         "\"PAY_PER_REQUEST\"}",
         &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr((char *)r.headers.data, "x-amz-crc32: "));
    assert_non_null(strstr((char *)r.headers.data, "Content-Type: application/x-amz-json-1.0"));
    http_res_free(&r);
    post(port, "CreateBackup", "{\"TableName\":\"tbl\",\"BackupName\":\"bk1\"}", &r);
    assert_int_equal(r.status, 200);
    dc_json_doc doc;
    assert_int_equal(dc_json_parse(r.body.data, r.body.len, &doc, NULL), 0);
    char req[1024];
    snprintf(req, sizeof req, "{\"TargetTableName\":\"tbl2\",\"BackupArn\":\"%s\"}",
             dc_json_string(dc_json_path(doc.root, "BackupDetails.BackupArn")));
    dc_json_doc_free(&doc);
    http_res_free(&r);
    post(port, "RestoreTableFromBackup", req, &r);
    assert_int_equal(r.status, 200);
    http_res_free(&r);

    post(port, "DescribeTable", "{\"TableName\":\"tbl2\"}", &r);
    assert_non_null(strstr((char *)r.body.data, "\"TableStatus\":\"CREATING\""));
    http_res_free(&r);
    dc_vclock_advance_ms(dc_serve_clock(s), 60000);
    post(port, "DescribeTable", "{\"TableName\":\"tbl2\"}", &r);
    assert_non_null(strstr((char *)r.body.data, "\"TableStatus\":\"ACTIVE\""));
    assert_null(strstr((char *)r.body.data, "RestoreSummary"));
    http_res_free(&r);

    /* the catalog gives the namespace; the body has exactly __type then message */
    post(port, "DescribeBackup",
         "{\"BackupArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/tbl/backup/01700000000000-abcdef12\"}", &r);
    assert_int_equal(r.status, 400);
    assert_string_equal(
        (char *)r.body.data,
        "{\"__type\":\"com.amazonaws.dynamodb.v20120810#BackupNotFoundException\",\"message\":\"Backup "
        "not found: arn:aws:dynamodb:us-east-1:123456789012:table/tbl/backup/01700000000000-abcdef12\"}");
    http_res_free(&r);
    post(port, "NoSuchOperation", "{}", &r);
    assert_string_equal((char *)r.body.data, "{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}");
    http_res_free(&r);
    dc_serve_stop(s);
}

/* The error body has exactly the two members named, with these values (the
 * order of members is not what this test is about). */
static void assert_error_body(const http_res *r, const char *type, const char *key, const char *message)
{
    assert_int_equal(r->status, 400);
    dc_json_doc doc;
    if (dc_json_parse(r->body.data, r->body.len, &doc, NULL) != 0)
        fail_msg("not JSON: %s", (const char *)r->body.data);
    assert_int_equal(doc.root->count, 2);
    assert_string_equal(dc_json_string(dc_json_get(doc.root, "__type")), type);
    assert_string_equal(dc_json_string(dc_json_get(doc.root, key)), message);
    dc_json_doc_free(&doc);
}

static char *s_string_at(const http_res *r, const char *path)
{
    dc_json_doc doc;
    assert_int_equal(dc_json_parse(r->body.data, r->body.len, &doc, NULL), 0);
    const char *v = dc_json_string(dc_json_path(doc.root, path));
    if (v == NULL)
        fail_msg("no %s in %s", path, (const char *)r->body.data);
    char *copy = dc_xstrdup(v);
    dc_json_doc_free(&doc);
    return copy;
}

/* --account-for-key: the access key decides the caller's account; another
 * account's backup ARN is AccessDeniedException, its SourceTableArn the
 * ValidationException of [S:validation-texts]; tables are per account. */
static void each_access_key_runs_as_its_account(void **state)
{
    (void)state;
    const char *map[] = {"AKIDOTHER=111122223333"};
    dc_serve_options opt;
    dc_serve_options_default(&opt);
    opt.port = 0;
    opt.key_accounts = map;
    opt.nkey_accounts = 1;
    dc_serve *s = NULL;
    dc_err err;
    if (dc_serve_start(&opt, &s, &err) != 0)
        fail_msg("start: %s", err.msg);
    uint16_t port = dc_serve_port(s);
    http_res r;
    post_as(port, "AKIDOTHER", "CreateTable",
            "{\"TableName\":\"tbl\",\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
            "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],\"BillingMode\":"
            "\"PAY_PER_REQUEST\"}",
            &r);
    assert_int_equal(r.status, 200);
    char *arn = s_string_at(&r, "TableDescription.TableArn");
    assert_string_equal(arn, "arn:aws:dynamodb:us-east-1:111122223333:table/tbl");
    free(arn);
    http_res_free(&r);
    post_as(port, "AKIDOTHER", "CreateBackup", "{\"TableName\":\"tbl\",\"BackupName\":\"bk1\"}", &r);
    assert_int_equal(r.status, 200);
    char *backup = s_string_at(&r, "BackupDetails.BackupArn");
    const char *prefix = "arn:aws:dynamodb:us-east-1:111122223333:table/tbl/backup/";
    assert_int_equal(strncmp(backup, prefix, strlen(prefix)), 0);
    http_res_free(&r);

    /* an unmapped key runs as --account (default 123456789012) */
    char req[1024];
    snprintf(req, sizeof req, "{\"BackupArn\":\"%s\"}", backup);
    post(port, "DescribeBackup", req, &r);
    assert_error_body(&r, "com.amazon.coral.service#AccessDeniedException", "Message", "Access is denied");
    http_res_free(&r);
    post(port, "DeleteBackup", req, &r);
    assert_error_body(&r, "com.amazon.coral.service#AccessDeniedException", "Message", "Access is denied");
    http_res_free(&r);
    snprintf(req, sizeof req, "{\"BackupArn\":\"%s\",\"TargetTableName\":\"rst\"}", backup);
    post(port, "RestoreTableFromBackup", req, &r);
    assert_error_body(&r, "com.amazon.coral.service#AccessDeniedException", "Message", "Access is denied");
    http_res_free(&r);
    post(port, "RestoreTableToPointInTime",
         "{\"SourceTableArn\":\"arn:aws:dynamodb:us-east-1:111122223333:table/tbl\",\"TargetTableName\":\"rst\","
         "\"UseLatestRestorableTime\":true}",
         &r);
    assert_error_body(&r, "com.amazon.coral.validate#ValidationException", "message",
                      "This action is only supported by accounts that match the resource owner\u2019s account.");
    http_res_free(&r);
    post(port, "DescribeTable", "{\"TableName\":\"tbl\"}", &r);
    assert_error_body(&r, "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "message",
                      "Requested resource not found: Table: tbl not found");
    http_res_free(&r);

    /* the owner may rewrite the region: found, and echoed as sent ([S:backup-lifecycle]) */
    char *west = dc_strf("arn:aws:dynamodb:eu-west-1:%s", backup + strlen("arn:aws:dynamodb:us-east-1:"));
    snprintf(req, sizeof req, "{\"BackupArn\":\"%s\"}", west);
    post_as(port, "AKIDOTHER", "DescribeBackup", req, &r);
    assert_int_equal(r.status, 200);
    char *echoed = s_string_at(&r, "BackupDescription.BackupDetails.BackupArn");
    assert_string_equal(echoed, west);
    free(echoed);
    http_res_free(&r);
    free(west);
    free(backup);
    dc_serve_stop(s);
}

static void start_refuses_a_bad_account_or_key_mapping(void **state)
{
    (void)state;
    static const struct {
        const char *account, *mapping, *msg;
    } cases[] = {
        {"12345", NULL, "--account 12345: expected a 12-digit account id"},
        {NULL, "AKID=1234567890123",
         "--account-for-key AKID=1234567890123: expected ACCESS_KEY_ID=ACCOUNT (12 digits)"},
        {NULL, "=123456789012", "--account-for-key =123456789012: expected ACCESS_KEY_ID=ACCOUNT (12 digits)"},
        {NULL, "AKID", "--account-for-key AKID: expected ACCESS_KEY_ID=ACCOUNT (12 digits)"},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        dc_serve_options opt;
        dc_serve_options_default(&opt);
        opt.port = 0;
        if (cases[i].account != NULL)
            opt.account = cases[i].account;
        const char *map[1] = {cases[i].mapping};
        opt.key_accounts = map;
        opt.nkey_accounts = cases[i].mapping != NULL ? 1 : 0;
        dc_serve *s = NULL;
        dc_err err;
        assert_int_equal(dc_serve_start(&opt, &s, &err), -1);
        assert_null(s);
        assert_string_equal(err.msg, cases[i].msg);
    }
}

static void throttle_fault_answers_rate_exceeded(void **state)
{
    (void)state;
    dc_serve_options opt;
    dc_serve_options_default(&opt);
    opt.port = 0;
    opt.faults = "throttle=1";
    dc_serve *s = NULL;
    dc_err err;
    if (dc_serve_start(&opt, &s, &err) != 0)
        fail_msg("start: %s", err.msg);
    http_res r;
    post(dc_serve_port(s), "ListBackups", "{}", &r);
    assert_int_equal(r.status, 400);
    assert_string_equal(
        (char *)r.body.data,
        "{\"__type\":\"com.amazon.coral.availability#ThrottlingException\",\"message\":\"Rate exceeded\"}");
    http_res_free(&r);
    dc_serve_stop(s);
}

static void start_refuses_a_bad_fault_spec(void **state)
{
    (void)state;
    dc_serve_options opt;
    dc_serve_options_default(&opt);
    opt.port = 0;
    opt.faults = "throttle=5";
    dc_serve *s = NULL;
    dc_err err;
    assert_int_equal(dc_serve_start(&opt, &s, &err), -1);
    assert_null(s);
    assert_string_equal(err.msg, "--faults: throttle=5: expected a probability between 0 and 1");
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fault_spec_parses_rates_latency_and_seed),
        cmocka_unit_test(bad_fault_specs_are_refused_with_a_line_naming_the_item),
        cmocka_unit_test(the_default_profile_faults_every_kind_and_spares_the_last_attempt),
        cmocka_unit_test(same_seed_gives_the_same_fault_sequence),
        cmocka_unit_test(request_id_is_26_base32hex_characters_then_the_service_suffix),
        cmocka_unit_test(in_process_server_answers_restores_and_follows_its_clock),
        cmocka_unit_test(each_access_key_runs_as_its_account),
        cmocka_unit_test(start_refuses_a_bad_account_or_key_mapping),
        cmocka_unit_test(throttle_fault_answers_rate_exceeded),
        cmocka_unit_test(start_refuses_a_bad_fault_spec),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
