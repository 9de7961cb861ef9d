/* test_clientreport.c - the gate's verdict line and exit code for every way a
 * run can end, and the three reports: client-report.json in the documented
 * format, junit.xml with one testcase per client x rule, a self-contained
 * report.html; the command line scrubbed of the secret. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/json.h"
#include "gate/clientreport.h"
#include "test_util.h"

static dc_client_rules *s_rules;

/* One client, every rule passed but retry.after-fault (failed, one example)
 * and retry.jitter (warning); requests = 0 gives an empty result. */
static void s_result(dc_gate_result *r, uint64_t requests)
{
    memset(r, 0, sizeof *r);
    r->requests = requests;
    if (requests == 0)
        return;
    r->clients = calloc(1, sizeof *r->clients);
    r->nclients = 1;
    dc_gate_client *c = &r->clients[0];
    c->id = strdup("AKIDGATETESTTEST0001/raw-client");
    c->access_key = strdup("AKIDGATETESTTEST0001");
    c->family = strdup("raw-client");
    c->user_agent = strdup("raw-client/1.0 <b>");
    c->requests = requests;
    for (int k = 0; k < DC_CRULE_COUNT; k++) {
        c->rules[k].id = (dc_crule_id)k;
        c->rules[k].status = DC_GATE_PASSED;
        c->rules[k].checks = 3;
    }
    dc_gate_rule_result *f = &c->rules[DC_CRULE_RETRY_AFTER_FAULT];
    f->status = DC_GATE_FAILED;
    f->violations = 1;
    f->nexamples = 1;
    dc_gate_example *e = &f->examples[0];
    e->detail = strdup("fault throttle on attempt 1; no further attempt of the call followed");
    e->attempt = 1;
    e->delay_ms = -1;
    e->method = strdup("POST");
    e->path = strdup("/");
    e->nheaders = 1;
    e->header_names = calloc(2, sizeof(char *));
    e->header_values = calloc(2, sizeof(char *));
    e->header_names[0] = strdup("Authorization");
    e->header_values[0] = strdup("AWS4-HMAC-SHA256 Credential=AKIDGATETESTTEST0001/20261130/us-east-1/dynamodb/"
                                 "aws4_request, SignedHeaders=host, Signature=<redacted>");
    e->body = strdup("{\"Limit\":10}");
    e->status = 400;
    e->error = strdup("ThrottlingException");
    e->answer_body = strdup("{\"__type\":\"com.amazon.coral.availability#ThrottlingException\"}");
    e->fault = "throttle";
    c->rules[DC_CRULE_RETRY_JITTER].status = DC_GATE_WARNING;
    c->rules[DC_CRULE_RETRY_JITTER].note = strdup("first retries of 3 calls waited 50.0 to 51.0 ms");
    c->rules[DC_CRULE_VALIDITY_REQUEST].status = DC_GATE_INFO;
    c->rules[DC_CRULE_RETRY_BACKOFF_GROWTH].status = DC_GATE_NOT_EXERCISED;
    c->rules[DC_CRULE_RETRY_BACKOFF_GROWTH].checks = 0;
    r->failed = 1;
    r->warnings = 1;
    r->failed_clients = 1;
}

static void the_verdict_names_every_way_a_run_ends(void **state)
{
    (void)state;
    static const char *const argv[] = {"python3", "client.py"};
    static const struct {
        bool not_found, timed_out;
        int exit_code, sig;
        uint64_t requests;
        int want;
        const char *line;
    } cases[] = {
        {false, false, 0, 0, 0, 1, "no requests seen: the client never talked to the endpoint"},
        {true, false, -1, 0, 0, 2, "python3: command not found (or not executable)"},
        {false, true, -1, 0, 5, 1,
         "python3 did not finish within --timeout 7 s and was stopped; 1 client rule failed: retry.after-fault "
         "(AKIDGATETESTTEST0001/raw-client)"},
        {false, false, -1, 9, 0, 1,
         "python3 was killed by SIGKILL; no requests seen: the client never talked to the "
         "endpoint"},
        {false, false, 3, 0, 5, 1,
         "python3 exited 3; 1 client rule failed: retry.after-fault (AKIDGATETESTTEST0001/raw-client)"},
        {false, false, 0, 0, 5, 1, "1 client rule failed: retry.after-fault (AKIDGATETESTTEST0001/raw-client)"},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        dc_gate_result r;
        s_result(&r, cases[i].requests);
        dc_gate_command cmd = {argv, 2, cases[i].not_found, cases[i].timed_out, 7, cases[i].exit_code, cases[i].sig, 1};
        dc_buf reason;
        dc_buf_init(&reason);
        assert_int_equal(dc_gate_verdict(s_rules, &r, &cmd, &reason), cases[i].want);
        assert_string_equal((const char *)reason.data, cases[i].line);
        dc_buf_free(&reason);
        dc_gate_result_free(&r);
    }
    /* serve --client-report: no command, a clean client */
    dc_gate_result r;
    s_result(&r, 4);
    r.clients[0].rules[DC_CRULE_RETRY_AFTER_FAULT].status = DC_GATE_PASSED;
    r.failed = 0;
    dc_buf reason;
    dc_buf_init(&reason);
    assert_int_equal(dc_gate_verdict(s_rules, &r, NULL, &reason), 0);
    assert_string_equal((const char *)reason.data, "");
    dc_buf_free(&reason);
    dc_gate_result_free(&r);
}

static void require_exercised_fails_on_a_retry_rule_not_exercised_and_names_it(void **state)
{
    (void)state;
    dc_gate_result r;
    s_result(&r, 4); /* retry.backoff-growth not exercised, validity.request info */
    r.clients[0].rules[DC_CRULE_SIGNING_SIGNATURE].status = DC_GATE_NOT_EXERCISED; /* not a retry rule */
    dc_buf reason;
    dc_buf_init(&reason);
    dc_buf_puts(&reason, "1 client rule failed: retry.after-fault (AKIDGATETESTTEST0001/raw-client)");
    assert_int_equal(dc_gate_verdict_exercised(s_rules, &r, 1, &reason), 1);
    assert_string_equal((const char *)reason.data,
                        "1 client rule failed: retry.after-fault (AKIDGATETESTTEST0001/raw-client); 1 retry rule not "
                        "exercised (--require-exercised): retry.backoff-growth (AKIDGATETESTTEST0001/raw-client)");
    /* every retry rule exercised: the verdict stands */
    r.clients[0].rules[DC_CRULE_RETRY_BACKOFF_GROWTH].status = DC_GATE_PASSED;
    dc_buf_reset(&reason);
    assert_int_equal(dc_gate_verdict_exercised(s_rules, &r, 0, &reason), 0);
    assert_int_equal(reason.len, 0);
    /* the console line names the retry rules not exercised and the scheme */
    r.clients[0].rules[DC_CRULE_RETRY_JITTER].status = DC_GATE_NOT_EXERCISED;
    r.clients[0].retries = 2;
    dc_buf out;
    dc_buf_init(&out);
    dc_gate_report_console(s_rules, &r, &out);
    assert_non_null(strstr((const char *)out.data, "2 not exercised (retry.jitter); retry scheme none documented\n"));
    dc_buf_free(&out);
    dc_buf_free(&reason);
    dc_gate_result_free(&r);
}

static void s_run(dc_gate_run *run, dc_gate_command *cmd)
{
    static const char *const argv[] = {"node", "client.mjs", "--key=s3cr3t-gate-key", "\xff"};
    static const char *const secrets[] = {"s3cr3t-gate-key", NULL};
    *cmd = (dc_gate_command){argv, 4, false, false, 600, 0, 0, 1234};
    *run = (dc_gate_run){"0.1.0",
                         "http://127.0.0.1:4000",
                         "us-east-1",
                         "throttle=0.05,seed=3",
                         DC_GATE_STRICT,
                         "2026-11-30T12:00:00Z",
                         2345,
                         cmd,
                         1,
                         "1 client rule failed: retry.after-fault (x)",
                         secrets,
                         false};
}

static void client_report_json_has_the_documented_fields_and_no_secret(void **state)
{
    (void)state;
    dc_gate_result r;
    s_result(&r, 5);
    dc_gate_run run;
    dc_gate_command cmd;
    s_run(&run, &cmd);
    dc_buf out;
    dc_buf_init(&out);
    dc_gate_report_json(s_rules, &r, &run, &out);
    assert_null(strstr((const char *)out.data, "s3cr3t-gate-key"));
    dc_json_doc doc;
    dc_err err;
    assert_int_equal(dc_json_parse(out.data, out.len, &doc, &err), 0);
    assert_int_equal(doc.duplicate_keys, 0);
    const dc_json *root = doc.root;
    assert_true(dc_json_string_eq(dc_json_get(root, "tool"), "ddbconform"));
    assert_true(dc_json_string_eq(dc_json_get(root, "kind"), "client-report"));
    assert_true(dc_json_string_eq(dc_json_get(root, "version"), "0.1.0"));
    static const char *const paths[][2] = {
        {"summary.clients", "1"},
        {"summary.requests", "5"},
        {"summary.failed", "1"},
        {"command.exit", "0"},
        {"exit", "1"},
        {"clients.0.requests", "5"},
        {"clients.0.rules.0.count", "3"},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(paths); i++) {
        const dc_json *v = dc_json_path(root, paths[i][0]);
        assert_non_null(v);
        assert_string_equal(v->str, paths[i][1]);
    }
    assert_true(dc_json_string_eq(dc_json_path(root, "command.argv.2"), "--key=<redacted>"));
    assert_true(dc_json_string_eq(dc_json_path(root, "command.argv.3"), "\xEF\xBF\xBD"));
    assert_true(dc_json_string_eq(dc_json_path(root, "clients.0.id"), "AKIDGATETESTTEST0001/raw-client"));
    const dc_json *rules = dc_json_path(root, "clients.0.rules");
    assert_int_equal(rules->count, DC_CRULE_COUNT);
    const dc_json *after = NULL;
    for (size_t i = 0; i < rules->count; i++)
        if (dc_json_string_eq(dc_json_get(&rules->items[i], "id"), "retry.after-fault"))
            after = &rules->items[i];
    assert_non_null(after);
    assert_true(dc_json_string_eq(dc_json_get(after, "status"), "failed"));
    assert_true(dc_json_string_eq(dc_json_path(after, "examples.0.fault"), "throttle"));
    assert_true(dc_json_string_eq(dc_json_path(after, "examples.0.answer.error"), "ThrottlingException"));
    assert_true(dc_json_string_eq(dc_json_path(after, "examples.0.request.headers.0.0"), "Authorization"));
    assert_int_equal(dc_json_get(root, "rules")->count, DC_CRULE_COUNT);
    dc_json_doc_free(&doc);
    dc_buf_free(&out);
    dc_gate_result_free(&r);
}

static size_t s_count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void junit_has_one_testcase_per_client_and_rule_plus_the_run(void **state)
{
    (void)state;
    dc_gate_result r;
    s_result(&r, 5);
    dc_gate_run run;
    dc_gate_command cmd;
    s_run(&run, &cmd);
    dc_buf out;
    dc_buf_init(&out);
    dc_gate_report_junit(s_rules, &r, &run, &out);
    const char *x = (const char *)out.data;
    assert_int_equal(s_count(x, "<testcase "), DC_CRULE_COUNT + 2);
    assert_int_equal(s_count(x, "<failure "), 1);
    assert_int_equal(s_count(x, "<skipped "), 1);
    assert_non_null(strstr(x, "<testsuites name=\"ddbconform gate\" tests=\"25\" failures=\"1\" skipped=\"1\""));
    assert_non_null(strstr(x, "name=\"retry.after-fault\"><failure message=\"1 of 3: fault throttle on attempt 1; no "
                              "further attempt of the call followed\" type=\"client-rule\">"));
    assert_non_null(strstr(x, "value=\"raw-client/1.0 &lt;b&gt;\""));
    assert_null(strstr(x, "s3cr3t-gate-key"));
    dc_buf_free(&out);
    dc_gate_result_free(&r);
}

static void the_html_page_shows_which_client_broke_which_rule_and_needs_nothing_else(void **state)
{
    (void)state;
    dc_gate_result r;
    s_result(&r, 5);
    dc_gate_run run;
    dc_gate_command cmd;
    s_run(&run, &cmd);
    dc_buf out;
    dc_buf_init(&out);
    dc_gate_report_html(s_rules, &r, &run, &out);
    const char *h = (const char *)out.data;
    assert_non_null(strstr(h, "<td class=\"s failed\"><a href=\"#c0-retry.after-fault\">failed 1/3</a></td>"));
    assert_non_null(strstr(h, "<td class=\"s warning\"><a href=\"#c0-retry.jitter\">warning 0/3</a></td>"));
    assert_non_null(strstr(h, "<details id=\"c0-retry.after-fault\" open>"));
    assert_non_null(strstr(h, "Signature=&lt;redacted&gt;"));
    assert_int_equal(s_count(h, "<tr><td title="), DC_CRULE_COUNT);
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "src=\"http"));
    assert_null(strstr(h, "s3cr3t-gate-key"));
    assert_null(strstr(h, "<b>"));
    dc_buf_free(&out);
    dc_gate_result_free(&r);
}

int main(void)
{
    dc_err err;
    if (dc_client_rules_load(dc_test_home(), &s_rules, &err) != 0) {
        fprintf(stderr, "test_clientreport: %s\n", err.msg);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_verdict_names_every_way_a_run_ends),
        cmocka_unit_test(require_exercised_fails_on_a_retry_rule_not_exercised_and_names_it),
        cmocka_unit_test(client_report_json_has_the_documented_fields_and_no_secret),
        cmocka_unit_test(junit_has_one_testcase_per_client_and_rule_plus_the_run),
        cmocka_unit_test(the_html_page_shows_which_client_broke_which_rule_and_needs_nothing_else),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    dc_client_rules_free(s_rules);
    return rc;
}
