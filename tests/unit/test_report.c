/* test_report.c - report.json fields, JUnit XML, redaction of secrets, baselines, failure causes,
 * report.html's order and bars, reading report.json back and merging shards. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "suite/baseline.h"
#include "core/json.h"
#include "suite/report.h"

#define FAKE_SECRET "wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKESECRET"
#define FAKE_TOKEN "FQoGZXIvYXdzEFAKESESSIONTOKEN0123456789"
#define FAKE_SIG "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* Three cases: passed, failed (with a request that carries every kind of secret), unsupported. */
static void s_fixture(dc_run_result *r)
{
    dc_run_result_init(r);
    r->tool_version = dc_xstrdup("0.1.0");
    r->endpoint = dc_xstrdup("http://127.0.0.1:8000");
    r->level = dc_xstrdup("strict");
    r->started = dc_xstrdup("2026-01-01T00:00:00Z");
    r->duration_ms = 1234;
    dc_run_result_add_secret(r, FAKE_SECRET);
    dc_run_result_add_secret(r, FAKE_TOKEN);
    r->cases = dc_xcalloc(3, sizeof *r->cases);
    r->ncases = 3;
    dc_case_result *a = &r->cases[0], *b = &r->cases[1], *c = &r->cases[2];
    a->id = dc_xstrdup("backup/ok");
    a->status = DC_CASE_PASSED;
    a->duration_ms = 5;
    b->id = dc_xstrdup("backup/bad<&>");
    b->status = DC_CASE_FAILED;
    b->duration_ms = 7;
    dc_case_result_fail(b, 2, "message", "message", "Table not found: x", "Backup \"not\" found " FAKE_SECRET);
    b->request = dc_xstrdup("POST /\nAuthorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/"
                            "aws4_request, SignedHeaders=host, Signature=" FAKE_SIG "\n"
                            "X-Amz-Security-Token: " FAKE_TOKEN "\n\n{\"TableName\":\"" FAKE_SECRET "\"}");
    b->response = dc_xstrdup("HTTP/1.1 400 Bad Request\n\n{\"message\":\"Signature=" FAKE_SIG "\"}");
    c->id = dc_xstrdup("restore/unsupported");
    c->status = DC_CASE_UNSUPPORTED;
    c->reason = dc_xstrdup("the endpoint answers RestoreTableFromBackup with UnknownOperationException");
    r->ops = dc_xcalloc(1, sizeof *r->ops);
    r->nops = 1;
    r->ops[0].name = dc_xstrdup("RestoreTableFromBackup");
    r->ops[0].state = DC_OP_UNSUPPORTED;
}

static void report_json_has_the_minimum_fields_of_the_design(void **state)
{
    (void)state;
    dc_run_result r;
    s_fixture(&r);
    dc_buf b;
    dc_buf_init(&b);
    dc_report_json(&r, &b);
    dc_json_doc d;
    dc_err err;
    assert_int_equal(dc_json_parse(b.data, b.len, &d, &err), 0);
    const dc_json *root = d.root;
    assert_true(dc_json_string_eq(dc_json_get(root, "tool"), "ddbconform"));
    assert_true(dc_json_string_eq(dc_json_get(root, "version"), "0.1.0"));
    assert_true(dc_json_string_eq(dc_json_get(root, "endpoint"), "http://127.0.0.1:8000"));
    assert_true(dc_json_string_eq(dc_json_get(root, "level"), "strict"));
    assert_true(dc_json_string_eq(dc_json_get(root, "started"), "2026-01-01T00:00:00Z"));
    assert_string_equal(dc_json_get(root, "duration_ms")->str, "1234");
    static const char *const counts[][2] = {{"total", "3"},   {"passed", "1"},      {"failed", "1"},
                                            {"skipped", "0"}, {"unsupported", "1"}, {"expected_failures", "0"}};
    for (size_t i = 0; i < DC_ARRAY_LEN(counts); i++)
        assert_string_equal(dc_json_path(root, "summary")->type == DC_JSON_OBJECT
                                ? dc_json_get(dc_json_get(root, "summary"), counts[i][0])->str
                                : "",
                            counts[i][1]);
    assert_true(dc_json_string_eq(dc_json_path(root, "operations.RestoreTableFromBackup"), "unsupported"));
    const dc_json *cases = dc_json_get(root, "cases");
    assert_int_equal(cases->count, 3);
    assert_true(dc_json_string_eq(dc_json_path(root, "cases.1.id"), "backup/bad<&>"));
    assert_true(dc_json_string_eq(dc_json_path(root, "cases.1.status"), "failed"));
    assert_string_equal(dc_json_path(root, "cases.1.duration_ms")->str, "7");
    assert_string_equal(dc_json_path(root, "cases.1.failures.0.step")->str, "2");
    assert_true(dc_json_string_eq(dc_json_path(root, "cases.1.failures.0.kind"), "message"));
    assert_true(dc_json_string_eq(dc_json_path(root, "cases.1.failures.0.path"), "message"));
    assert_true(dc_json_string_eq(dc_json_path(root, "cases.1.failures.0.expected"), "Table not found: x"));
    assert_true(dc_json_string_eq(dc_json_path(root, "cases.2.status"), "unsupported"));
    dc_json_doc_free(&d);
    dc_buf_free(&b);
    dc_run_result_free(&r);
}

static void junit_xml_has_one_testcase_per_case_and_escapes_text(void **state)
{
    (void)state;
    dc_run_result r;
    s_fixture(&r);
    dc_buf b;
    dc_buf_init(&b);
    dc_report_junit(&r, &b);
    const char *x = (const char *)b.data;
    size_t n = 0;
    for (const char *p = x; (p = strstr(p, "<testcase ")) != NULL; p++)
        n++;
    assert_int_equal(n, 3);
    assert_non_null(strstr(x, "<testsuites name=\"ddbconform\" tests=\"3\" failures=\"1\" skipped=\"1\""));
    assert_non_null(strstr(x, "name=\"backup/bad&lt;&amp;&gt;\""));
    assert_non_null(strstr(x, "<failure type=\"message\" message=\"step 2 message: expected Table not found: x, actual "
                              "Backup &quot;not&quot; found &lt;redacted&gt;\">"));
    assert_non_null(strstr(x, "<skipped message=\"unsupported: the endpoint answers RestoreTableFromBackup"));
    assert_null(strstr(x, "bad<&>"));
    /* well-formed as far as the stdlib can tell without an XML parser: python's is used by the integration test */
    assert_int_equal(x[b.len - 1], '\n');
    dc_buf_free(&b);
    dc_run_result_free(&r);
}

static void secrets_in_a_request_never_reach_any_report_file(void **state)
{
    (void)state;
    dc_run_result r;
    s_fixture(&r);
    char dir[] = "/tmp/dc-test-report-XXXXXX";
    assert_non_null(mkdtemp(dir));
    dc_err err;
    assert_int_equal(dc_report_write(&r, dir, &err), 0);
    static const char *const files[] = {"report.json", "junit.xml", "report.html"};
    for (size_t i = 0; i < DC_ARRAY_LEN(files); i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        dc_buf b;
        dc_buf_init(&b);
        assert_int_equal(dc_read_file(path, 1u << 20, &b, &err), 0);
        assert_true(b.len > 0);
        assert_null(memmem(b.data, b.len, FAKE_SECRET, strlen(FAKE_SECRET)));
        assert_null(memmem(b.data, b.len, FAKE_TOKEN, strlen(FAKE_TOKEN)));
        assert_null(memmem(b.data, b.len, FAKE_SIG, strlen(FAKE_SIG)));
        assert_non_null(memmem(b.data, b.len, "<redacted>", 10) ? (void *)1
                                                                : memmem(b.data, b.len, "&lt;redacted&gt;", 16));
        dc_buf_free(&b);
        unlink(path);
    }
    rmdir(dir);
    dc_run_result_free(&r);
}

static void redaction_replaces_secret_header_values_and_signatures(void **state)
{
    (void)state;
    dc_run_result r;
    dc_run_result_init(&r);
    static const char in[] = "authorization: AWS4 x, Signature=" FAKE_SIG "\nX-Amz-Date: 20260101T000000Z\n"
                             "x-amz-security-token: abc\nbody Signature=" FAKE_SIG " end";
    dc_buf out;
    dc_buf_init(&out);
    dc_report_redact(&r, in, strlen(in), &out);
    assert_string_equal((const char *)out.data, "authorization: <redacted>\nX-Amz-Date: 20260101T000000Z\n"
                                                "x-amz-security-token: <redacted>\nbody Signature=<redacted> end");
    dc_buf_free(&out);
}

static void baseline_turns_listed_failures_into_xfail_and_flags_listed_passes_as_fixed(void **state)
{
    (void)state;
    static const char JSON[] = "{\"impl\":\"moto\",\"cases\":{\"a/fails\":{\"reason\":\"no validation\","
                               "\"issue\":\"https://example.invalid/1\"},\"a/passes\":{\"reason\":\"was broken\"}}}";
    dc_baseline bl;
    dc_err err;
    assert_int_equal(dc_baseline_parse("moto.json", JSON, strlen(JSON), &bl, &err), 0);
    assert_string_equal(bl.impl, "moto");
    dc_case_result f = {0}, p = {0}, u = {0};
    f.id = dc_xstrdup("a/fails");
    f.status = DC_CASE_FAILED;
    p.id = dc_xstrdup("a/passes");
    p.status = DC_CASE_PASSED;
    u.id = dc_xstrdup("a/unlisted");
    u.status = DC_CASE_FAILED;
    dc_baseline_apply(&bl, &f);
    dc_baseline_apply(&bl, &p);
    dc_baseline_apply(&bl, &u);
    assert_int_equal(f.status, DC_CASE_XFAIL);
    assert_string_equal(f.reason, "no validation");
    assert_string_equal(f.issue, "https://example.invalid/1");
    assert_int_equal(p.status, DC_CASE_PASSED);
    assert_true(p.fixed);
    assert_int_equal(u.status, DC_CASE_FAILED);
    dc_case_result_free(&f);
    dc_case_result_free(&p);
    dc_case_result_free(&u);
    dc_baseline_free(&bl);
    static const char BAD[] = "{\"impl\":\"moto\",\"cases\":{\"a/x\":{\"issue\":\"y\"}}}";
    assert_int_equal(dc_baseline_parse("moto.json", BAD, strlen(BAD), &bl, &err), -1);
    assert_string_equal(err.msg, "moto.json: cases.a/x: must be an object with a non-empty \"reason\"");
}

/* The generator's marker is the one extra member a baseline may carry; a typo of it is refused. */
static void baseline_accepts_the_generator_marker_and_refuses_other_members(void **state)
{
    (void)state;
    static const char MARKED[] = "{\"generatedBy\":\"tools/gen/moto-baseline.py\",\"impl\":\"moto\",\"notes\":\"n\","
                                 "\"cases\":{\"a/x\":{\"reason\":\"r\"}}}";
    static const char TYPO[] = "{\"generatedby\":\"tools/gen/moto-baseline.py\",\"impl\":\"moto\",\"cases\":{}}";
    dc_baseline bl;
    dc_err err;
    assert_int_equal(dc_baseline_parse("moto.json", MARKED, strlen(MARKED), &bl, &err), 0);
    assert_int_equal(bl.n, 1);
    dc_baseline_free(&bl);
    assert_int_equal(dc_baseline_parse("moto.json", TYPO, strlen(TYPO), &bl, &err), -1);
    assert_string_equal(err.msg, "moto.json: (root): unknown member 'generatedby'");
}

/* Table: each failure shape and the cause it is grouped under. */
static void each_failure_is_grouped_under_a_short_cause_key(void **state)
{
    (void)state;
    static const struct {
        const char *kind, *path, *expected, *actual, *key;
    } cases[] = {
        {"header", "x-amzn-RequestId", "present", "absent", "header x-amzn-RequestId"},
        {"header", "Content-Type", "application/x-amz-json-1.0", "application/json", "header Content-Type"},
        {"status", "", "400", "500", "status: expected 400, got 500"},
        {"error_type", "__type", "ValidationException", "TableNotFoundException",
         "error type: expected ValidationException, got TableNotFoundException"},
        {"message", "message", "Table not found: a", "Table not found: b", "message text"},
        {"message", "Message", "Message", "message", "message key: expected Message, got message"},
        {"body", "BackupSummaries.12.BackupArn", "$arn", "x", "body BackupSummaries.N.BackupArn"},
        {"shape", "", "a JSON error object", "<html>", "shape"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dc_buf b;
        dc_buf_init(&b);
        dc_report_cause_key(cases[i].kind, cases[i].path, cases[i].expected, cases[i].actual, &b);
        assert_string_equal((const char *)b.data, cases[i].key);
        dc_buf_free(&b);
    }
}

static void report_json_lists_causes_with_case_counts_and_an_example(void **state)
{
    (void)state;
    dc_run_result r;
    s_fixture(&r);
    dc_case_result_fail(&r.cases[1], 2, "header", "x-amzn-RequestId", "present", "absent");
    dc_case_result_fail(&r.cases[1], 3, "header", "x-amzn-RequestId", "present", "absent");
    dc_buf b;
    dc_buf_init(&b);
    dc_report_json(&r, &b);
    dc_json_doc doc;
    dc_err err;
    assert_int_equal(dc_json_parse(b.data, b.len, &doc, &err), 0);
    const dc_json *causes = dc_json_get(doc.root, "causes");
    assert_int_equal(causes->count, 2);
    /* one case each; the header cause has two failures, so it sorts first */
    assert_true(dc_json_string_eq(dc_json_get(&causes->items[0], "cause"), "header x-amzn-RequestId"));
    assert_string_equal(dc_json_get(&causes->items[0], "cases")->str, "1");
    assert_string_equal(dc_json_get(&causes->items[0], "failures")->str, "2");
    assert_true(dc_json_string_eq(dc_json_path(&causes->items[0], "example.case"), "backup/bad<&>"));
    assert_string_equal(dc_json_path(&causes->items[0], "example.step")->str, "2");
    assert_true(dc_json_string_eq(dc_json_get(&causes->items[1], "cause"), "message text"));
    dc_json_doc_free(&doc);
    dc_buf_free(&b);
    dc_run_result_free(&r);
}

/* report.html: the failure above every passed case, which is folded; one bar segment per status with its count. */
static void report_html_puts_failures_before_passes_and_sizes_bars_by_count(void **state)
{
    (void)state;
    dc_run_result r;
    s_fixture(&r);
    dc_buf b;
    dc_buf_init(&b);
    dc_report_html(&r, &b);
    const char *page = (const char *)b.data;
    const char *failures = strstr(page, "<section id=\"failures\">");
    const char *bad =
        strstr(page, "<div class=\"case failed\" data-status=\"failed\" id=\"case-backup/bad&lt;&amp;&gt;\">");
    const char *folded = strstr(page, "<details class=\"passed\" data-count=\"1\"><summary>1 passed</summary>");
    assert_non_null(failures);
    assert_non_null(bad);
    assert_non_null(folded);
    assert_true(failures < bad && bad < folded);
    assert_true(strstr(page, "<section id=\"failure-causes\">") < failures);
    assert_non_null(
        strstr(page, "<span class=\"seg failed\" data-status=\"failed\" data-count=\"1\" style=\"flex-grow:1\""));
    assert_null(strstr(page, "data-status=\"xfail\" data-count"));
    assert_non_null(strstr(page, "<td class=\"expected\">Table not found: x</td>"));
    dc_buf_free(&b);
    dc_run_result_free(&r);
}

/* A report written as shard K/3 reads back; two shards merge into one sorted run. */
static void shards_read_back_from_json_merge_and_refuse_what_does_not_belong(void **state)
{
    (void)state;
    dc_run_result src[2];
    dc_run_result sh[2];
    const char *paths[2] = {"s1.json", "s2.json"};
    for (int i = 0; i < 2; i++) {
        s_fixture(&src[i]);
        src[i].shard_k = (unsigned)i + 1;
        src[i].shard_n = 3;
        /* shard 1 keeps the failed case, shard 2 the other two */
        dc_case_result keep[2];
        size_t n = 0;
        for (size_t k = 0; k < src[i].ncases; k++) {
            if ((src[i].cases[k].status == DC_CASE_FAILED) == (i == 0))
                keep[n++] = src[i].cases[k];
            else
                dc_case_result_free(&src[i].cases[k]);
        }
        memcpy(src[i].cases, keep, n * sizeof *keep);
        src[i].ncases = n;
        dc_run_result_op_info(&src[i], "RestoreTableFromBackup", "restore", false);
        dc_buf b;
        dc_buf_init(&b);
        dc_report_json(&src[i], &b);
        dc_err err;
        dc_run_result_init(&sh[i]);
        assert_int_equal(dc_report_read(paths[i], b.data, b.len, &sh[i], &err), 0);
        assert_int_equal(sh[i].shard_k, (unsigned)i + 1);
        dc_buf_free(&b);
    }
    dc_run_result out;
    dc_run_result_init(&out);
    dc_err err;
    /* a level that differs is refused, naming both files */
    free(sh[1].level);
    sh[1].level = dc_xstrdup("compat");
    assert_int_equal(dc_report_merge(sh, paths, 2, &out, &err), -1);
    assert_string_equal(err.msg, "s2.json: level compat, but s1.json has strict (the shards of one run share "
                                 "endpoint, level, version and shard count)");
    free(sh[1].level);
    sh[1].level = dc_xstrdup("strict");
    /* endpoints: anything but another loopback port is refused */
    static const char *const refused[][2] = {
        {"http://127.0.0.1:8000", "http://10.0.0.1:8000"},
        {"http://127.0.0.1:8000", "https://127.0.0.1:8001"},
        {"http://127.0.0.1:8000", "http://127.0.0.1.example.com:8001"},
        {"http://127.0.0.1:8000", "http://127.0.0.1:8001/x"},
        {"embedded", "http://127.0.0.1:8001"},
        {"http://127.0.0.1", "http://127.0.0.1:8001"},
        {"http://[::1]:8000", "http://[::2]:8001"},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(refused); i++) {
        for (int k = 0; k < 2; k++) {
            free(sh[k].endpoint);
            sh[k].endpoint = dc_xstrdup(refused[i][k]);
        }
        assert_int_equal(dc_report_merge(sh, paths, 2, &out, &err), -1);
        assert_non_null(strstr(err.msg, "s2.json: endpoint "));
        assert_null(out.merge_note);
    }
    static const char *const loopback[][2] = {{"http://[::1]:1", "http://[::1]:2"},
                                              {"http://127.0.0.1:80/p", "http://127.0.0.1:81/p"}};
    for (size_t i = 0; i < DC_ARRAY_LEN(loopback); i++) {
        for (int k = 0; k < 2; k++) {
            free(sh[k].endpoint);
            sh[k].endpoint = dc_xstrdup(loopback[i][k]);
        }
        sh[0].shard_n = 4; /* refused for the count, after the endpoints were accepted */
        assert_int_equal(dc_report_merge(sh, paths, 2, &out, &err), -1);
        assert_non_null(strstr(err.msg, "s2.json: shard 2/3, but s1.json is shard 1/4"));
        sh[0].shard_n = 3;
    }
    for (int k = 0; k < 2; k++) {
        free(sh[k].endpoint);
        sh[k].endpoint = dc_strf("http://localhost:%d", 4566 + k);
    }
    assert_int_equal(dc_report_merge(sh, paths, 2, &out, &err), 0);
    assert_string_equal(out.endpoint, "http://localhost:4566");
    assert_string_equal(out.merge_note, "the shards ran against endpoints that differ only by their loopback port "
                                        "(http://localhost:4566, http://localhost:4567): merged as one endpoint");
    assert_int_equal(out.ncases, 3);
    assert_string_equal(out.cases[0].id, "backup/bad<&>");
    assert_string_equal(out.cases[1].id, "backup/ok");
    assert_string_equal(out.cases[2].id, "restore/unsupported");
    assert_int_equal(out.cases[0].status, DC_CASE_FAILED);
    assert_int_equal(out.cases[0].nfailures, 1);
    assert_string_equal(out.cases[0].failures[0].expected, "Table not found: x");
    assert_int_equal(out.shard_n, 3);
    assert_int_equal(out.nmerged_shards, 2);
    assert_int_equal(out.duration_ms, 1234);
    assert_string_equal(dc_run_result_find_op_info(&out, "RestoreTableFromBackup")->group, "restore");
    dc_run_result_free(&out);
    for (int i = 0; i < 2; i++) {
        dc_run_result_free(&sh[i]);
        dc_run_result_free(&src[i]);
    }
}

/* Every row of the status table is one status end to end: its name reads back,
 * report.json's summary has its member, and report.html has its colour. */
static void every_status_of_the_table_has_a_name_a_summary_member_and_a_colour(void **state)
{
    (void)state;
    size_t n = 0;
    const dc_status_info *t = dc_case_statuses(&n);
    assert_int_equal(n, DC_CASE_NSTATUS);
    dc_run_result r;
    s_fixture(&r);
    dc_buf json, html;
    dc_buf_init(&json);
    dc_buf_init(&html);
    dc_report_json(&r, &json);
    dc_report_html(&r, &html);
    dc_json_doc doc;
    dc_err err;
    assert_int_equal(dc_json_parse(json.data, json.len, &doc, &err), 0);
    for (size_t i = 0; i < n; i++) {
        dc_case_status st;
        assert_int_equal(dc_case_status_from_name(t[i].name, &st), 0);
        assert_int_equal(st, t[i].status);
        assert_ptr_equal(dc_case_status_info(st), &t[i]);
        const dc_json *v = dc_json_get(dc_json_get(doc.root, "summary"), t[i].summary_key);
        assert_non_null(v);
        char want[128];
        snprintf(want, sizeof want, ".seg.%s,.dot.%s{background:%s}", t[i].name, t[i].name, t[i].color);
        assert_non_null(strstr((const char *)html.data, want));
    }
    assert_string_equal(dc_json_path(doc.root, "summary.failed")->str, "1");
    assert_string_equal(dc_json_path(doc.root, "summary.expected_failures")->str, "0");
    dc_case_status st;
    assert_int_equal(dc_case_status_from_name("great", &st), -1);
    dc_json_doc_free(&doc);
    dc_buf_free(&json);
    dc_buf_free(&html);
    dc_run_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(report_json_has_the_minimum_fields_of_the_design),
        cmocka_unit_test(junit_xml_has_one_testcase_per_case_and_escapes_text),
        cmocka_unit_test(secrets_in_a_request_never_reach_any_report_file),
        cmocka_unit_test(redaction_replaces_secret_header_values_and_signatures),
        cmocka_unit_test(baseline_turns_listed_failures_into_xfail_and_flags_listed_passes_as_fixed),
        cmocka_unit_test(baseline_accepts_the_generator_marker_and_refuses_other_members),
        cmocka_unit_test(every_status_of_the_table_has_a_name_a_summary_member_and_a_colour),
        cmocka_unit_test(each_failure_is_grouped_under_a_short_cause_key),
        cmocka_unit_test(report_json_lists_causes_with_case_counts_and_an_example),
        cmocka_unit_test(report_html_puts_failures_before_passes_and_sizes_bars_by_count),
        cmocka_unit_test(shards_read_back_from_json_merge_and_refuse_what_does_not_belong),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
