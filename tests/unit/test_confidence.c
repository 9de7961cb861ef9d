/* test_confidence.c - the confidence marker of a case: the loader's rules,
 * the status a failed disputed or inferred case gets, and how the reports
 * count and show it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "suite/cases.h"
#include "suite/confidence.h"
#include "suite/report.h"
#include "suite/runner.h"

#define CASE_HEAD "{\"id\":\"a/b\",\"description\":\"d\",\"source\":\"s\","
#define CASE_TAIL "\"steps\":[{\"op\":\"ListBackups\"}]}"
#define TWO_SOURCES                                                                                                    \
    "\"sources\":[{\"says\":\"exclusive\",\"source\":\"docs; AQ 014\"},"                                               \
    "{\"says\":\"inclusive\",\"source\":\"aws-sdk-js#3500\"}],"

static int s_parse(const char *json, dc_case *c, dc_err *err)
{
    return dc_case_parse("a/b.json", json, strlen(json), "a/b", c, err);
}

static void a_disputed_case_loads_its_sides_and_counts_as_a_tag(void **state)
{
    (void)state;
    dc_case c;
    dc_err err;
    assert_int_equal(s_parse(CASE_HEAD "\"confidence\":\"disputed\"," TWO_SOURCES CASE_TAIL, &c, &err), 0);
    assert_int_equal(c.confidence, DC_CONFIDENCE_DISPUTED);
    assert_int_equal(c.nsources, 2);
    assert_string_equal(c.sources[0].says, "exclusive");
    assert_string_equal(c.sources[1].source, "aws-sdk-js#3500");
    assert_true(dc_case_has_tag(&c, "disputed"));
    assert_false(dc_case_has_tag(&c, "inferred"));
    dc_case_free(&c);
    assert_int_equal(s_parse(CASE_HEAD CASE_TAIL, &c, &err), 0);
    assert_int_equal(c.confidence, DC_CONFIDENCE_CONFIRMED);
    assert_false(dc_case_has_tag(&c, "confirmed"));
    dc_case_free(&c);
}

static void the_loader_refuses_a_marker_it_cannot_act_on(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        const char *msg;
    } bad[] = {
        {CASE_HEAD "\"confidence\":\"maybe\"," CASE_TAIL,
         "a/b.json: confidence: must be \"confirmed\", \"disputed\" or \"inferred\""},
        {CASE_HEAD "\"confidence\":\"disputed\",\"sources\":[{\"says\":\"x\",\"source\":\"y\"}]," CASE_TAIL,
         "a/b.json: sources: a disputed case cites every side: at least two {\"says\", \"source\"}"},
        {CASE_HEAD TWO_SOURCES CASE_TAIL,
         "a/b.json: sources: only a disputed or inferred case lists its sources (\"confidence\")"},
        {CASE_HEAD "\"confidence\":\"inferred\",\"sources\":[{\"says\":\"x\"}]," CASE_TAIL,
         "a/b.json: sources[0]: needs a non-empty \"says\" (what this source says) and \"source\" (which)"},
        {CASE_HEAD
         "\"confidence\":\"inferred\",\"sources\":[{\"says\":\"x\",\"source\":\"y\",\"url\":\"z\"}]," CASE_TAIL,
         "a/b.json: sources[0]: unknown member 'url'"},
        {CASE_HEAD "\"tags\":[\"inferred\"]," CASE_TAIL,
         "a/b.json: confidence: a case tagged \"inferred\" says \"confidence\": \"inferred\""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dc_case c;
        dc_err err;
        assert_int_equal(s_parse(bad[i].json, &c, &err), -1);
        assert_string_equal(err.msg, bad[i].msg);
    }
}

static void s_result(dc_case_result *r, dc_confidence conf, dc_case_status st, const char *kind)
{
    memset(r, 0, sizeof *r);
    r->id = dc_xstrdup("list-backups/upper-bound");
    r->source = dc_xstrdup("[S:dispute-list-upper-bound]");
    r->status = st;
    r->confidence = conf;
    if (conf == DC_CONFIDENCE_DISPUTED) {
        dc_case_result_add_source(r, "exclusive", "docs; AQ 014");
        dc_case_result_add_source(r, "inclusive", "aws-sdk-js#3500");
    }
    if (kind != NULL)
        dc_case_result_fail(r, 3, kind, "BackupSummaries", "[]", "[1 summary]");
}

static void a_failed_disputed_case_is_disputed_and_does_not_fail_the_run(void **state)
{
    (void)state;
    dc_run_result run;
    dc_run_result_init(&run);
    run.cases = dc_xcalloc(1, sizeof *run.cases);
    run.ncases = 1;
    s_result(&run.cases[0], DC_CONFIDENCE_DISPUTED, DC_CASE_FAILED, "body");
    dc_case_result_apply_confidence(&run.cases[0], false, false);
    assert_int_equal(run.cases[0].status, DC_CASE_DISPUTED);
    assert_string_equal(run.cases[0].reason,
                        "the sources disagree: exclusive (docs; AQ 014) vs inclusive (aws-sdk-js#3500)");
    assert_false(dc_runner_has_failures(&run));
    dc_run_result_free(&run);
}

static void a_passed_disputed_case_stays_passed(void **state)
{
    (void)state;
    dc_case_result r;
    s_result(&r, DC_CONFIDENCE_DISPUTED, DC_CASE_PASSED, NULL);
    dc_case_result_apply_confidence(&r, false, false);
    assert_int_equal(r.status, DC_CASE_PASSED);
    assert_null(r.reason);
    dc_case_result_free(&r);
}

static void fail_disputed_keeps_it_failed_and_the_run_exits_1(void **state)
{
    (void)state;
    dc_run_result run;
    dc_run_result_init(&run);
    run.cases = dc_xcalloc(1, sizeof *run.cases);
    run.ncases = 1;
    s_result(&run.cases[0], DC_CONFIDENCE_DISPUTED, DC_CASE_FAILED, "body");
    dc_case_result_apply_confidence(&run.cases[0], true, false);
    assert_int_equal(run.cases[0].status, DC_CASE_FAILED);
    assert_true(dc_runner_has_failures(&run)); /* cmd_run: DC_EXIT_FAIL, exit code 1 */
    dc_run_result_free(&run);
}

static void inferred_has_its_own_status_and_its_own_switch(void **state)
{
    (void)state;
    dc_case_result r;
    s_result(&r, DC_CONFIDENCE_INFERRED, DC_CASE_FAILED, "message");
    dc_case_result_apply_confidence(&r, true, false); /* --fail-disputed does not touch inferred cases */
    assert_int_equal(r.status, DC_CASE_INFERRED);
    assert_string_equal(r.reason, "the expectation is inferred: see the source: [S:dispute-list-upper-bound]");
    dc_case_result_free(&r);
    s_result(&r, DC_CONFIDENCE_INFERRED, DC_CASE_FAILED, "message");
    dc_case_result_apply_confidence(&r, false, true);
    assert_int_equal(r.status, DC_CASE_FAILED);
    dc_case_result_free(&r);
}

static void failures_that_are_not_about_the_answer_stay_failures(void **state)
{
    (void)state;
    static const char *const kinds[] = {"case", "transport"};
    for (size_t i = 0; i < 2; i++) {
        dc_case_result r;
        s_result(&r, DC_CONFIDENCE_DISPUTED, DC_CASE_FAILED, kinds[i]);
        dc_case_result_apply_confidence(&r, false, false);
        assert_int_equal(r.status, DC_CASE_FAILED);
        dc_case_result_free(&r);
    }
    /* the baseline came first: an xfail stays an xfail */
    dc_case_result r;
    s_result(&r, DC_CONFIDENCE_DISPUTED, DC_CASE_XFAIL, "body");
    dc_case_result_apply_confidence(&r, false, false);
    assert_int_equal(r.status, DC_CASE_XFAIL);
    dc_case_result_free(&r);
}

static void reports_count_disputed_and_inferred_apart_and_show_both_sides(void **state)
{
    (void)state;
    dc_run_result run;
    dc_run_result_init(&run);
    run.cases = dc_xcalloc(3, sizeof *run.cases);
    run.ncases = 3;
    s_result(&run.cases[0], DC_CONFIDENCE_DISPUTED, DC_CASE_FAILED, "body");
    s_result(&run.cases[1], DC_CONFIDENCE_INFERRED, DC_CASE_FAILED, "message");
    s_result(&run.cases[2], DC_CONFIDENCE_CONFIRMED, DC_CASE_PASSED, NULL);
    for (size_t i = 0; i < 3; i++)
        dc_case_result_apply_confidence(&run.cases[i], false, false);
    dc_summary s;
    dc_run_result_summary(&run, &s);
    assert_int_equal(s.disputed, 1);
    assert_int_equal(s.inferred, 1);
    assert_int_equal(s.passed, 1);
    assert_int_equal(s.failed, 0);

    dc_buf b;
    dc_buf_init(&b);
    dc_report_json(&run, &b);
    const char *json = (const char *)b.data;
    assert_non_null(strstr(json, "\"expected_failures\":0,"));
    assert_non_null(strstr(json, "\"disputed\":1,\"inferred\":1,\"fixed\":0}"));
    assert_non_null(strstr(json, "\"status\":\"disputed\""));
    assert_non_null(strstr(json, "\"confidence\":\"disputed\",\"sources\":[{\"says\":\"exclusive\",\"source\":\"docs; "
                                 "AQ 014\"},{\"says\":\"inclusive\",\"source\":\"aws-sdk-js#3500\"}]"));
    dc_buf_free(&b);

    dc_buf_init(&b);
    dc_report_junit(&run, &b);
    const char *xml = (const char *)b.data;
    assert_non_null(strstr(xml, "tests=\"3\" failures=\"0\" skipped=\"2\""));
    assert_non_null(strstr(xml, "<skipped message=\"disputed: the sources disagree: exclusive (docs; AQ 014) vs "
                                "inclusive (aws-sdk-js#3500)\"/>"));
    assert_null(strstr(xml, "<failure"));
    assert_non_null(
        strstr(xml, "<system-out>step 3 body at BackupSummaries\n  expected: []\n  actual:   [1 summary]\n"));
    dc_buf_free(&b);

    dc_buf_init(&b);
    dc_report_html(&run, &b);
    assert_non_null(strstr((const char *)b.data, "<tr class=\"case\" data-status=\"disputed\">"));
    assert_non_null(strstr((const char *)b.data, "<br>exclusive <span class=\"muted\">(docs; AQ 014)</span>"));
    assert_non_null(strstr((const char *)b.data, ", 1 disputed, 1 inferred</b>"));
    dc_buf_free(&b);

    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    dc_report_console(mem, &run, NULL);
    fclose(mem);
    assert_non_null(strstr(text, "DISPUTED list-backups/upper-bound: the sources disagree: exclusive (docs; AQ 014) "
                                 "vs inclusive (aws-sdk-js#3500)\n      step 3 body at BackupSummaries"));
    assert_non_null(strstr(text, "1 passed, 0 failed, 0 skipped, 0 unsupported, 0 xfail, 1 disputed, 1 inferred ("));
    free(text);
    dc_run_result_free(&run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_disputed_case_loads_its_sides_and_counts_as_a_tag),
        cmocka_unit_test(the_loader_refuses_a_marker_it_cannot_act_on),
        cmocka_unit_test(a_failed_disputed_case_is_disputed_and_does_not_fail_the_run),
        cmocka_unit_test(a_passed_disputed_case_stays_passed),
        cmocka_unit_test(fail_disputed_keeps_it_failed_and_the_run_exits_1),
        cmocka_unit_test(inferred_has_its_own_status_and_its_own_switch),
        cmocka_unit_test(failures_that_are_not_about_the_answer_stay_failures),
        cmocka_unit_test(reports_count_disputed_and_inferred_apart_and_show_both_sides),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
