/* test_record.c - the response normalizer (typed, consistently numbered
 * placeholders), the recording diff (renaming, compat), recording paths, and
 * the runner's record/compare steps against the in-process reference endpoint.
 * Runs from the repository top (spec/normalize.json, tests/data/record/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "suite/cases.h"
#include "core/json.h"
#include "suite/record.h"
#include "suite/runner.h"
#include "endpoint/serve.h"

static dc_norm_rules *s_rules;
static dc_spec *s_spec; /* the runner's wire constants */

static int s_setup(void **state)
{
    (void)state;
    dc_err err;
    if (dc_norm_rules_load(".", &s_rules, &err) != 0 || dc_spec_load(".", &s_spec, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return 0;
}

static int s_teardown(void **state)
{
    (void)state;
    dc_norm_rules_free(s_rules);
    dc_spec_free(s_spec);
    return 0;
}

/* normalize(input) printed compactly (members sorted by the normalizer). */
static char *s_normalize(dc_norm *n, const char *input)
{
    dc_json_doc in, out;
    dc_err err;
    dc_buf b, c;
    dc_buf_init(&b);
    dc_buf_init(&c);
    assert_int_equal(dc_json_parse(input, strlen(input), &in, &err), 0);
    dc_norm_json(n, in.root, 0, &b);
    if (dc_json_parse(b.data, b.len, &out, &err) != 0)
        fail_msg("normalized output is not JSON (%s): %s", err.msg, (const char *)b.data);
    dc_json_print(out.root, &c);
    dc_json_doc_free(&in);
    dc_json_doc_free(&out);
    dc_buf_free(&b);
    return dc_buf_take(&c);
}

#define BK1 "arn:aws:dynamodb:us-west-2:123456789012:table/MusicCollection/backup/01576616366715-b4e58d3a"
#define BK2 "arn:aws:dynamodb:us-west-2:123456789012:table/MusicCollection/backup/01576616366999-00000000"
#define TB1 "arn:aws:dynamodb:us-west-2:123456789012:table/MusicCollection"
#define TB2 "arn:aws:dynamodb:us-west-2:123456789012:table/Other"
#define ID1 "b0c04bcc-309b-4352-b2ae-9088af169fe2"

static const struct {
    const char *name;
    const char *input;
    const char *expected;
} s_norm_table[] = {
    {"a backup ARN becomes a typed placeholder", "{\"BackupArn\":\"" BK1 "\"}", "{\"BackupArn\":\"<arn:backup#1>\"}"},
    {"two equal ARNs get the same placeholder, a different one the next number",
     "{\"A\":\"" TB1 "\",\"B\":\"" TB1 "\",\"C\":\"" TB2 "\"}",
     "{\"A\":\"<arn:table#1>\",\"B\":\"<arn:table#1>\",\"C\":\"<arn:table#2>\"}"},
    {"numbers count per type", "{\"A\":\"" BK2 "\",\"B\":\"" TB1 "\",\"C\":\"" BK1 "\"}",
     "{\"A\":\"<arn:backup#1>\",\"B\":\"<arn:table#1>\",\"C\":\"<arn:backup#2>\"}"},
    {"numbering follows sorted member names, not the server's order", "{\"Z\":\"" TB2 "\",\"A\":\"" TB1 "\"}",
     "{\"A\":\"<arn:table#1>\",\"Z\":\"<arn:table#2>\"}"},
    {"an ARN inside a message is replaced where it stands", "{\"message\":\"Backup not found: " BK1 "\"}",
     "{\"message\":\"Backup not found: <arn:backup#1>\"}"},
    {"a backup ARN with a short suffix is no backup ARN: the table part is, the rest stays visible",
     "{\"BackupArn\":\"" TB1 "/backup/01576616366715-b4e58d3\"}",
     "{\"BackupArn\":\"<arn:table#1>/backup/01576616366715-b4e58d3\"}"},
    {"any other ARN is a generic arn",
     "{\"Message\":\"User: arn:aws:iam::789087534298:user/dynamodb_test is not authorized\"}",
     "{\"Message\":\"User: <arn#1> is not authorized\"}"},
    {"a table id is a uuid", "{\"TableId\":\"" ID1 "\",\"Again\":\"" ID1 "\"}",
     "{\"Again\":\"<uuid#1>\",\"TableId\":\"<uuid#1>\"}"},
    {"equal timestamps in one group share a placeholder (plain and scientific notation)",
     "{\"BackupCreationDateTime\":1576622404.0,\"RestoreDateTime\":1.576622404E9}",
     "{\"BackupCreationDateTime\":\"<epoch#1>\",\"RestoreDateTime\":\"<epoch#1>\"}"},
    {"whole-second earliest restorable times get a loose placeholder of their own",
     "{\"EarliestRestorableDateTime\":1576622404.0,\"LatestRestorableDateTime\":1.576622404E9}",
     "{\"EarliestRestorableDateTime\":\"<epoch-loose#1>\",\"LatestRestorableDateTime\":\"<epoch#1>\"}"},
    {"timestamps compare at millisecond precision",
     "{\"BackupCreationDateTime\":1.584532379393E9,\"RestoreDateTime\":1584532379.394}",
     "{\"BackupCreationDateTime\":\"<epoch#1>\",\"RestoreDateTime\":\"<epoch#2>\"}"},
    {"equal timestamps of unrelated events stay apart (table created in the backup's millisecond)",
     "{\"CreationDateTime\":1576616366.715,\"BackupCreationDateTime\":1576616366.715}",
     "{\"BackupCreationDateTime\":\"<epoch#1>\",\"CreationDateTime\":\"<epoch#2>\"}"},
    {"the table's creation time is the same instant in DescribeTable and SourceTableDetails",
     "{\"Table\":{\"CreationDateTime\":1576615228.571},\"S\":{\"TableCreationDateTime\":1576615228.571}}",
     "{\"S\":{\"TableCreationDateTime\":\"<epoch#1>\"},\"Table\":{\"CreationDateTime\":\"<epoch#1>\"}}"},
    {"an ISO time in a message is the same instant as the equal restore time",
     "{\"RestoreDateTime\":1570000000,\"message\":\"RestoreDateTime '2019-10-02T07:06:40Z' must be within\"}",
     "{\"RestoreDateTime\":\"<epoch#1>\",\"message\":\"RestoreDateTime '<epoch#1>' must be within\"}"},
    {"SigV4 basic-format times in a message are timestamps too",
     "{\"message\":\"Signature expired: 20130301T000000Z is now earlier than 20261122T131500Z (20261122T130000Z - 15 "
     "min.)\"}",
     "{\"message\":\"Signature expired: <epoch#1> is now earlier than <epoch#2> (<epoch#3> - 15 min.)\"}"},
    {"numbers outside timestamp members keep their exact text", "{\"BackupSizeBytes\":84973,\"ItemCount\":0}",
     "{\"BackupSizeBytes\":84973,\"ItemCount\":0}"},
    {"the run's unique name is a literal placeholder",
     "{\"TableName\":\"dc-a1b2c3-src\",\"message\":\"Table already exists: dc-a1b2c3-dst\"}",
     "{\"TableName\":\"<unique>-src\",\"message\":\"Table already exists: <unique>-dst\"}"},
    {"an ARN that contains the unique name is one ARN placeholder",
     "{\"TableArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/dc-a1b2c3-src\"}",
     "{\"TableArn\":\"<arn:table#1>\"}"},
    {"arrays keep their order, objects inside are sorted", "{\"L\":[{\"b\":1,\"a\":2},\"x\",[]],\"E\":{}}",
     "{\"E\":{},\"L\":[{\"a\":2,\"b\":1},\"x\",[]]}"},
};

static void normalizer_replaces_volatile_values_with_consistent_typed_placeholders(void **state)
{
    (void)state;
    for (size_t i = 0; i < DC_ARRAY_LEN(s_norm_table); i++) {
        dc_norm *n = dc_norm_new(s_rules);
        dc_err err;
        assert_int_equal(dc_norm_add_literal(n, "dc-a1b2c3", "<unique>", &err), 0);
        char *got = s_normalize(n, s_norm_table[i].input);
        if (strcmp(got, s_norm_table[i].expected) != 0)
            fail_msg("%s:\n  input    %s\n  expected %s\n  actual   %s", s_norm_table[i].name, s_norm_table[i].input,
                     s_norm_table[i].expected, got);
        free(got);
        dc_norm_free(n);
    }
}

static void placeholders_stay_consistent_across_the_steps_of_one_case(void **state)
{
    (void)state;
    dc_norm *n = dc_norm_new(s_rules);
    char *a = s_normalize(n, "{\"BackupDetails\":{\"BackupArn\":\"" BK2 "\"}}");
    char *b = s_normalize(n, "{\"BackupDetails\":{\"BackupArn\":\"" BK1 "\"},\"Other\":\"" BK2 "\"}");
    assert_string_equal(a, "{\"BackupDetails\":{\"BackupArn\":\"<arn:backup#1>\"}}");
    assert_string_equal(b, "{\"BackupDetails\":{\"BackupArn\":\"<arn:backup#2>\"},\"Other\":\"<arn:backup#1>\"}");
    free(a);
    free(b);
    dc_norm_free(n);
}

static void a_step_records_status_error_selected_headers_and_body(void **state)
{
    (void)state;
    static const char body[] = "{\"__type\":\"com.amazon.coral.service#ExpiredTokenException\",\"message\":\"The "
                               "security token included in the request is expired\"}";
    char h_ct[] = "Content-Type", v_ct[] = "application/x-amz-json-1.0";
    char h_id[] = "x-amzn-RequestId", v_id[] = "RCI9ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKL";
    char h_crc[] = "X-Amz-Crc32", v_crc[] = "2167418451"; /* [S:response-headers] [R]: zlib crc32 of this very body */
    char h_date[] = "Date", v_date[] = "Thu, 22 Mar 2018 02:06:17 GMT";
    dc_http_header hs[] = {{h_ct, strlen(h_ct), v_ct, strlen(v_ct)},
                           {h_id, strlen(h_id), v_id, strlen(v_id)},
                           {h_crc, strlen(h_crc), v_crc, strlen(v_crc)},
                           {h_date, strlen(h_date), v_date, strlen(v_date)}};
    dc_http_response resp;
    dc_http_response_init(&resp);
    resp.status = 400;
    resp.headers = hs;
    resp.nheaders = DC_ARRAY_LEN(hs);
    resp.body.data = (uint8_t *)(uintptr_t)body;
    resp.body.len = sizeof body - 1;
    dc_norm *n = dc_norm_new(s_rules);
    dc_norm_step st = {2, "ListBackups", &resp, NULL, "com.amazon.coral.service#ExpiredTokenException"};
    dc_buf b, c;
    dc_buf_init(&b);
    dc_buf_init(&c);
    dc_norm_step_json(n, &st, 0, &b);
    dc_json_doc d;
    dc_err err;
    assert_int_equal(dc_json_parse(b.data, b.len, &d, &err), 0);
    dc_json_print(d.root, &c);
    assert_string_equal(
        (const char *)c.data,
        "{\"step\":2,\"op\":\"ListBackups\",\"status\":400,"
        "\"error\":\"com.amazon.coral.service#ExpiredTokenException\","
        "\"headers\":{\"content-type\":\"application/x-amz-json-1.0\",\"x-amz-crc32\":\"<crc32:valid>\","
        "\"x-amzn-requestid\":\"<request-id#1>\"},"
        "\"body\":{\"__type\":\"com.amazon.coral.service#ExpiredTokenException\",\"message\":\"The "
        "security token included in the request is expired\"}}");
    /* a wrong checksum and a request id of the wrong form are visible as such */
    v_crc[0] = '3';
    v_id[0] = 'r';
    dc_buf_reset(&b);
    dc_norm_step_json(n, &st, 0, &b);
    assert_non_null(strstr((const char *)b.data, "\"x-amz-crc32\": \"<crc32:invalid>\""));
    assert_non_null(
        strstr((const char *)b.data, "\"x-amzn-requestid\": \"rCI9ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKL\""));
    dc_json_doc_free(&d);
    dc_buf_free(&b);
    dc_buf_free(&c);
    dc_norm_free(n);
}

static void a_step_without_a_response_records_the_transport_error(void **state)
{
    (void)state;
    dc_norm *n = dc_norm_new(s_rules);
    dc_norm_step st = {1, "CreateBackup", NULL, "refused", NULL};
    dc_buf b;
    dc_buf_init(&b);
    dc_norm_step_json(n, &st, 0, &b);
    assert_string_equal((const char *)b.data,
                        "{\n  \"step\": 1,\n  \"op\": \"CreateBackup\",\n  \"transport\": \"refused\"\n}");
    dc_buf_free(&b);
    dc_norm_free(n);
}

/* ---- diff ----------------------------------------------------------------- */

static const struct {
    const char *name;
    const char *recorded;
    const char *actual;
    bool compat;
    const char *paths; /* the difference paths, ';'-joined, "" = none */
} s_diff_table[] = {
    {"identical steps have no difference", "{\"status\":200,\"body\":{\"A\":\"<arn:table#1>\"}}",
     "{\"status\":200,\"body\":{\"A\":\"<arn:table#1>\"}}", false, ""},
    {"consistently renamed placeholders are equal",
     "{\"a\":\"<arn:table#1>\",\"b\":\"x <arn:table#1> y\",\"c\":\"<arn:table#2>\"}",
     "{\"a\":\"<arn:table#2>\",\"b\":\"x <arn:table#2> y\",\"c\":\"<arn:table#1>\"}", false, ""},
    {"values equal when recorded but different now are a difference", "{\"a\":\"<uuid#1>\",\"b\":\"<uuid#1>\"}",
     "{\"a\":\"<uuid#1>\",\"b\":\"<uuid#2>\"}", false, "b"},
    {"distinct ARNs that became one are a difference", "{\"a\":\"<arn:backup#1>\",\"b\":\"<arn:backup#2>\"}",
     "{\"a\":\"<arn:backup#1>\",\"b\":\"<arn:backup#1>\"}", false, "b"},
    {"two timestamps that fall into one millisecond now are no difference", "{\"a\":\"<epoch#1>\",\"b\":\"<epoch#2>\"}",
     "{\"a\":\"<epoch#1>\",\"b\":\"<epoch#1>\"}", false, ""},
    {"timestamps equal when recorded must stay equal", "{\"a\":\"<epoch#1>\",\"b\":\"<epoch#1>\"}",
     "{\"a\":\"<epoch#1>\",\"b\":\"<epoch#2>\"}", false, "b"},
    {"rounded (loose) timestamps may split or merge between runs",
     "{\"a\":\"<epoch-loose#1>\",\"b\":\"<epoch-loose#1>\"}", "{\"a\":\"<epoch-loose#1>\",\"b\":\"<epoch-loose#2>\"}",
     false, ""},
    {"a loose timestamp is still a timestamp", "{\"a\":\"<epoch-loose#1>\"}", "{\"a\":\"<epoch#1>\"}", false, "a"},
    {"a placeholder of another type is a difference", "{\"a\":\"<arn:backup#1>\"}", "{\"a\":\"<arn:table#1>\"}", false,
     "a"},
    {"raw text where a placeholder was recorded is a difference", "{\"a\":\"<arn:backup#1>\"}",
     "{\"a\":\"arn:aws:dynamodb:x\"}", false, "a"},
    {"missing, extra and changed members are named by path",
     "{\"status\":400,\"body\":{\"B\":{\"S\":\"CREATING\",\"Gone\":1}}}",
     "{\"status\":200,\"body\":{\"B\":{\"S\":\"AVAILABLE\",\"New\":true}}}", false,
     "status;body.B.S;body.B.Gone;body.B.New"},
    {"arrays compare by index", "{\"L\":[1,2]}", "{\"L\":[1,3,4]}", false, "L.1;L.2"},
    {"numbers compare by value", "{\"n\":1.5E9}", "{\"n\":1500000000}", false, ""},
    {"strict compares the error namespace and the message",
     "{\"error\":\"com.amazonaws.dynamodb.v20120810#TableNotFoundException\",\"body\":{\"message\":\"Table not found: "
     "<unique>-x\"}}",
     "{\"error\":\"com.amazon.coral.service#TableNotFoundException\",\"body\":{\"message\":\"not found\"}}", false,
     "error;body.message"},
    {"compat compares the error by name and ignores the message",
     "{\"error\":\"com.amazonaws.dynamodb.v20120810#TableNotFoundException\",\"body\":{\"__type\":\"x\",\"message\":"
     "\"Table not found\"}}",
     "{\"error\":\"com.amazon.coral.service#TableNotFoundException\",\"body\":{\"__type\":\"x\",\"Message\":\"nope\"}}",
     true, ""},
    {"compat still names a different error", "{\"error\":\"a#ValidationException\",\"status\":400}",
     "{\"error\":\"a#TableNotFoundException\",\"status\":400}", true, "error"},
};

static void diff_names_each_difference_by_path_and_compares_placeholders_by_renaming(void **state)
{
    (void)state;
    for (size_t i = 0; i < DC_ARRAY_LEN(s_diff_table); i++) {
        dc_json_doc e, a;
        dc_err err;
        assert_int_equal(dc_json_parse(s_diff_table[i].recorded, strlen(s_diff_table[i].recorded), &e, &err), 0);
        assert_int_equal(dc_json_parse(s_diff_table[i].actual, strlen(s_diff_table[i].actual), &a, &err), 0);
        dc_record_cmp *c = dc_record_cmp_new();
        dc_mismatches m;
        dc_mismatches_init(&m);
        dc_record_diff(c, e.root, a.root, s_diff_table[i].compat, &m);
        dc_buf paths;
        dc_buf_init(&paths);
        for (size_t k = 0; k < m.count; k++)
            dc_buf_printf(&paths, "%s%s", k ? ";" : "", m.items[k].path);
        const char *got = paths.data ? (const char *)paths.data : "";
        if (strcmp(got, s_diff_table[i].paths) != 0)
            fail_msg("%s: expected differences at '%s', actual '%s'", s_diff_table[i].name, s_diff_table[i].paths, got);
        dc_buf_free(&paths);
        dc_mismatches_free(&m);
        dc_record_cmp_free(c);
        dc_json_doc_free(&e);
        dc_json_doc_free(&a);
    }
}

static void a_difference_carries_the_recorded_and_the_actual_value(void **state)
{
    (void)state;
    dc_json_doc e, a;
    dc_err err;
    static const char rec[] = "{\"S\":\"CREATING\",\"n\":[1]}", act[] = "{\"n\":{\"x\":1}}";
    assert_int_equal(dc_json_parse(rec, sizeof rec - 1, &e, &err), 0);
    assert_int_equal(dc_json_parse(act, sizeof act - 1, &a, &err), 0);
    dc_record_cmp *c = dc_record_cmp_new();
    dc_mismatches m;
    dc_mismatches_init(&m);
    dc_record_diff(c, e.root, a.root, false, &m);
    assert_int_equal(m.count, 2);
    assert_string_equal(m.items[0].path, "S");
    assert_string_equal(m.items[0].expected, "CREATING");
    assert_string_equal(m.items[0].actual, "(absent)");
    assert_string_equal(m.items[1].path, "n");
    assert_string_equal(m.items[1].expected, "[1]");
    assert_string_equal(m.items[1].actual, "{\"x\":1}");
    dc_mismatches_free(&m);
    dc_record_cmp_free(c);
    dc_json_doc_free(&e);
    dc_json_doc_free(&a);
}

static void recording_paths_never_leave_the_folder(void **state)
{
    (void)state;
    static const struct {
        const char *id;
        const char *path; /* NULL = refused */
    } t[] = {{"backup/create-then-describe", "rec/backup/create-then-describe.json"},
             {"x..y/z", "rec/x..y/z.json"},
             {"../etc/passwd", NULL},
             {"a/../../b", NULL},
             {"a/..", NULL},
             {"/abs", NULL},
             {"", NULL}};
    for (size_t i = 0; i < DC_ARRAY_LEN(t); i++) {
        dc_buf b;
        dc_err err;
        dc_buf_init(&b);
        int rc = dc_record_path("rec", t[i].id, &b, &err);
        if (t[i].path == NULL) {
            if (rc != -1)
                fail_msg("id '%s' was accepted as %s", t[i].id, (const char *)b.data);
        } else {
            assert_int_equal(rc, 0);
            assert_string_equal((const char *)b.data, t[i].path);
        }
        dc_buf_free(&b);
    }
}

static void rules_files_with_mistakes_are_refused_with_the_place_named(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *error_part;
    } t[] = {
        {"{\"strings\":[],\"headers\":[]}", "timestampMembers"},
        {"{\"strings\":[{\"type\":\"x\",\"pattern\":\"(\"}],\"headers\":[],\"timestampMembers\":\"a\"}",
         "strings[0]: pattern does not compile"},
        {"{\"strings\":[{\"type\":\"x\"}],\"headers\":[],\"timestampMembers\":\"a\"}", "strings[0].pattern"},
        {"{\"strings\":[],\"headers\":[{\"name\":\"a\",\"mode\":\"drop\"}],\"timestampMembers\":\"a\"}",
         "headers[0].mode: expected keep, placeholder or crc32"},
        {"[]", "expected an object"},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(t); i++) {
        dc_norm_rules *r = NULL;
        dc_err err;
        assert_int_equal(dc_norm_rules_parse("n.json", t[i].text, strlen(t[i].text), &r, &err), -1);
        assert_null(r);
        if (strstr(err.msg, t[i].error_part) == NULL)
            fail_msg("rules %s: error '%s' does not name '%s'", t[i].text, err.msg, t[i].error_part);
    }
}

/* ---- the runner's record/compare steps, against the in-process endpoint ---- */

typedef struct {
    dc_serve *server;
    char url[64];
    char dir[64];
    dc_case_ref *refs;
    size_t nrefs;
} s_env;

static void s_env_start(s_env *e)
{
    dc_serve_options so;
    dc_err err;
    memset(e, 0, sizeof *e);
    dc_serve_options_default(&so);
    so.port = 0;
    so.data_dir = ".";
    so.access_key_id = "AKIDRECORDTEST";
    so.secret_access_key = "recordTestSecret";
    if (dc_serve_start(&so, &e->server, &err) != 0)
        fail_msg("serve: %s", err.msg);
    snprintf(e->url, sizeof e->url, "http://127.0.0.1:%u", (unsigned)dc_serve_port(e->server));
    snprintf(e->dir, sizeof e->dir, "/tmp/dc-test-record-XXXXXX");
    assert_non_null(mkdtemp(e->dir));
    if (dc_cases_find("tests/data/record/cases", &e->refs, &e->nrefs, &err) != 0)
        fail_msg("%s", err.msg);
    assert_int_equal(e->nrefs, 1);
}

static void s_env_stop(s_env *e)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", e->dir);
    assert_int_equal(system(cmd), 0);
    dc_case_refs_free(e->refs, e->nrefs);
    dc_serve_stop(e->server);
}

static void s_run(s_env *e, const char *record, const char *compare, dc_run_result *res)
{
    dc_runner_opts o;
    dc_err err;
    memset(&o, 0, sizeof o);
    o.endpoint = e->url;
    o.level = DC_CHECK_STRICT;
    o.region = "us-east-1";
    o.creds.access_key_id = "AKIDRECORDTEST";
    o.creds.secret_access_key = "recordTestSecret";
    o.record_dir = record;
    o.compare_dir = compare;
    o.norm = s_rules;
    o.spec = s_spec;
    o.no_check = true; /* the expectations and the recordings only */
    dc_run_result_init(res);
    assert_int_equal(dc_runner_run(&o, e->refs, e->nrefs, res, &err), 0);
    assert_int_equal(res->ncases, 1);
}

static char *s_slurp(const char *path)
{
    dc_buf b;
    dc_err err;
    dc_buf_init(&b);
    if (dc_read_file(path, 1u << 20, &b, &err) != 0)
        fail_msg("%s", err.msg);
    return dc_buf_take(&b);
}

static void runner_records_a_case_and_a_second_run_compares_equal(void **state)
{
    (void)state;
    s_env e;
    s_env_start(&e);
    dc_run_result res;
    s_run(&e, e.dir, NULL, &res);
    assert_int_equal(res.cases[0].status, DC_CASE_PASSED);
    assert_true(res.requests >= 5); /* 4 steps, a waiter poll, cleanup */
    dc_run_result_free(&res);

    char path[128];
    snprintf(path, sizeof path, "%s/lifecycle.json", e.dir);
    char *text = s_slurp(path);
    /* the backup ARN of CreateBackup and DescribeBackup is one placeholder; the made-up one in step 4 another */
    const char *first = strstr(text, "\"BackupArn\": \"<arn:backup#1>\"");
    assert_non_null(first);
    assert_non_null(strstr(first + 1, "\"BackupArn\": \"<arn:backup#1>\""));
    assert_non_null(strstr(text, "\"message\": \"Backup not found: <arn:backup#2>\""));
    assert_non_null(strstr(text, "\"TableName\": \"<unique>-src\""));
    assert_null(strstr(text, "\"step\": 5")); /* cleanup is not recorded */
    free(text);

    s_run(&e, NULL, e.dir, &res);
    if (res.cases[0].status != DC_CASE_PASSED)
        fail_msg("compare against its own recording: %s at %s: expected %s, actual %s", res.cases[0].failures[0].kind,
                 res.cases[0].failures[0].path, res.cases[0].failures[0].expected, res.cases[0].failures[0].actual);
    dc_run_result_free(&res);
    s_env_stop(&e);
}

static void runner_reports_a_changed_recording_as_semantic_failures_and_runs_every_step(void **state)
{
    (void)state;
    s_env e;
    s_env_start(&e);
    dc_run_result res;
    s_run(&e, e.dir, NULL, &res);
    dc_run_result_free(&res);
    char path[128];
    snprintf(path, sizeof path, "%s/lifecycle.json", e.dir);
    char *text = s_slurp(path);
    /* step 2 recorded as SYSTEM, step 4 as a different error */
    char *p = strstr(text, "\"BackupType\": \"USER\"");
    assert_non_null(p);
    memcpy(p + 15, "XSER", 4);
    p = strstr(text, "v20120810#BackupNotFoundException\",");
    assert_non_null(p);
    memcpy(p + 10, "Table", 5); /* BackupNotFound -> TableNotFound: same length */
    memmove(p + 15, p + 16, strlen(p + 16) + 1);
    dc_err err;
    assert_int_equal(dc_write_file_atomic(path, text, strlen(text), &err), 0);
    free(text);

    s_run(&e, NULL, e.dir, &res);
    const dc_case_result *c = &res.cases[0];
    assert_int_equal(c->status, DC_CASE_FAILED);
    assert_int_equal(c->nfailures, 2);
    assert_int_equal(c->failures[0].step, 2);
    assert_string_equal(c->failures[0].kind, "semantic");
    assert_string_equal(c->failures[0].path, "body.BackupDetails.BackupType");
    assert_string_equal(c->failures[0].expected, "XSER");
    assert_string_equal(c->failures[0].actual, "USER");
    assert_int_equal(c->failures[1].step, 4);
    assert_string_equal(c->failures[1].path, "error");
    assert_string_equal(c->failures[1].expected, "com.amazonaws.dynamodb.v20120810#TableNotFoundException");
    dc_run_result_free(&res);
    s_env_stop(&e);
}

static void runner_skips_a_case_the_recording_lacks_with_a_note(void **state)
{
    (void)state;
    s_env e;
    s_env_start(&e);
    dc_run_result res;
    s_run(&e, NULL, e.dir, &res);
    const dc_case_result *c = &res.cases[0];
    assert_int_equal(c->status, DC_CASE_SKIPPED);
    assert_non_null(strstr(c->reason, "not in the recording"));
    assert_int_equal(c->nnotes, 1);
    assert_int_equal(res.requests, 0); /* not run at all */
    dc_run_result_free(&res);
    s_env_stop(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normalizer_replaces_volatile_values_with_consistent_typed_placeholders),
        cmocka_unit_test(placeholders_stay_consistent_across_the_steps_of_one_case),
        cmocka_unit_test(a_step_records_status_error_selected_headers_and_body),
        cmocka_unit_test(a_step_without_a_response_records_the_transport_error),
        cmocka_unit_test(diff_names_each_difference_by_path_and_compares_placeholders_by_renaming),
        cmocka_unit_test(a_difference_carries_the_recorded_and_the_actual_value),
        cmocka_unit_test(recording_paths_never_leave_the_folder),
        cmocka_unit_test(rules_files_with_mistakes_are_refused_with_the_place_named),
        cmocka_unit_test(runner_records_a_case_and_a_second_run_compares_equal),
        cmocka_unit_test(runner_reports_a_changed_recording_as_semantic_failures_and_runs_every_step),
        cmocka_unit_test(runner_skips_a_case_the_recording_lacks_with_a_note),
    };
    return cmocka_run_group_tests(tests, s_setup, s_teardown);
}
