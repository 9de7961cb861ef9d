/* test_matrix.c - the compatibility matrix of `ddbconform report`: merge of case
 * sets, statuses, refusal of what is not a report.json, labels, HTML escaping,
 * redaction of request/response bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "suite/matrix.h"

#define FAKE_SIG "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define FAKE_TOKEN "FQoGZXIvYXdzEFAKESESSIONTOKEN0123456789"

static void s_add(dc_matrix *m, const char *path, const char *json)
{
    dc_err err = {{0}};
    int rc = dc_matrix_add(m, path, json, strlen(json), &err);
    if (rc != 0)
        fail_msg("%s: %s", path, err.msg);
}

static char *s_page(const dc_matrix *m, const char *title)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_matrix_html(m, title, &b);
    return dc_buf_take(&b);
}

static size_t s_count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void rows_are_the_sorted_union_of_every_reports_case_ids(void **state)
{
    (void)state;
    dc_matrix *m = dc_matrix_new();
    s_add(m, "r/serve/report.json",
          "{\"tool\":\"ddbconform\",\"cases\":[{\"id\":\"b/two\",\"status\":\"passed\"},"
          "{\"id\":\"a/one\",\"status\":\"failed\"}]}");
    s_add(m, "r/moto/report.json",
          "{\"tool\":\"ddbconform\",\"cases\":[{\"id\":\"c/three\",\"status\":\"skipped\"},"
          "{\"id\":\"a/one\",\"status\":\"xfail\"}]}");
    assert_int_equal(dc_matrix_ncols(m), 2);
    assert_int_equal(dc_matrix_nrows(m), 3);
    static const struct {
        const char *id;
        dc_cell_status col0, col1;
    } want[] = {
        {"a/one", DC_CELL_FAILED, DC_CELL_XFAIL},
        {"b/two", DC_CELL_PASSED, DC_CELL_ABSENT},
        {"c/three", DC_CELL_ABSENT, DC_CELL_SKIPPED},
    };
    for (size_t r = 0; r < sizeof want / sizeof want[0]; r++) {
        assert_string_equal(dc_matrix_row_id(m, r, NULL), want[r].id);
        assert_int_equal(dc_matrix_cell(m, r, 0), want[r].col0);
        assert_int_equal(dc_matrix_cell(m, r, 1), want[r].col1);
    }
    char *page = s_page(m, NULL);
    assert_int_equal(s_count(page, "data-status=\"absent\""), 2);
    assert_non_null(strstr(page, "<span data-count=\"absent\">1</span> absent"));
    assert_non_null(strstr(page, "<tr id=\"case-1\" class=\"differs\">"));
    free(page);
    dc_matrix_free(m);
}

static void each_status_of_report_json_becomes_the_cell_of_that_status(void **state)
{
    (void)state;
    static const struct {
        const char *status;
        dc_cell_status cell;
        const char *td;
    } rows[] = {
        {"passed", DC_CELL_PASSED, "<td class=\"cell passed\" data-col=\"1\" data-status=\"passed\">passed</td>"},
        {"failed", DC_CELL_FAILED, "<td class=\"cell failed\" data-col=\"1\" data-status=\"failed\"><details>"},
        {"xfail", DC_CELL_XFAIL, "<td class=\"cell xfail\" data-col=\"1\" data-status=\"xfail\"><details>"},
        {"unsupported", DC_CELL_UNSUPPORTED,
         "<td class=\"cell unsupported\" data-col=\"1\" data-status=\"unsupported\"><details>"},
        {"skipped", DC_CELL_SKIPPED, "<td class=\"cell skipped\" data-col=\"1\" data-status=\"skipped\"><details>"},
        {"disputed", DC_CELL_DISPUTED, "<td class=\"cell disputed\" data-col=\"1\" data-status=\"disputed\"><details>"},
        {"inferred", DC_CELL_INFERRED, "<td class=\"cell inferred\" data-col=\"1\" data-status=\"inferred\"><details>"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char json[256];
        snprintf(json, sizeof json, "{\"tool\":\"ddbconform\",\"cases\":[{\"id\":\"x/y\",\"status\":\"%s\"}]}",
                 rows[i].status);
        dc_matrix *m = dc_matrix_new();
        s_add(m, "a/report.json", json);
        assert_int_equal(dc_matrix_cell(m, 0, 0), rows[i].cell);
        assert_string_equal(dc_cell_status_name(rows[i].cell), rows[i].status);
        char *page = s_page(m, NULL);
        if (strstr(page, rows[i].td) == NULL)
            fail_msg("status %s: no %s", rows[i].status, rows[i].td);
        char count[64];
        snprintf(count, sizeof count, "<span data-count=\"%s\">1</span>", rows[i].status);
        assert_non_null(strstr(page, count));
        free(page);
        dc_matrix_free(m);
    }
}

static void a_passed_case_the_baseline_lists_is_shown_as_fixed(void **state)
{
    (void)state;
    dc_matrix *m = dc_matrix_new();
    s_add(m, "a/report.json",
          "{\"tool\":\"ddbconform\",\"cases\":[{\"id\":\"x\",\"status\":\"passed\",\"baseline\":\"fixed (xfail "
          "passed)\"}]}");
    char *page = s_page(m, NULL);
    assert_non_null(strstr(page, "<td class=\"cell passed fixed\" data-col=\"1\" data-status=\"passed\"><details>"
                                 "<summary>passed (fixed)</summary>"));
    assert_non_null(strstr(page, "remove it from the baseline"));
    free(page);
    dc_matrix_free(m);
}

static void what_is_not_a_ddbconform_report_is_refused_with_a_one_line_cause(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        const char *cause;
    } rows[] = {
        {"", "bad.json: not JSON: "},
        {"{\"tool\":\"ddbconform\",\"cases\":[]} x", "bad.json: not JSON: "},
        {"[1,2]", "bad.json: not a report.json (the top level is not an object)"},
        {"{\"cases\":[]}", "bad.json: not a ddbconform report.json (\"tool\" is missing)"},
        {"{\"tool\":\"h2spec\",\"cases\":[]}", "bad.json: not a ddbconform report.json (\"tool\" is h2spec)"},
        {"{\"tool\":\"ddbconform\"}", "bad.json: not a report.json (no \"cases\" array)"},
        {"{\"tool\":\"ddbconform\",\"cases\":{}}", "bad.json: not a report.json (no \"cases\" array)"},
        {"{\"tool\":\"ddbconform\",\"cases\":[3]}", "bad.json: cases[0] is not an object"},
        {"{\"tool\":\"ddbconform\",\"cases\":[{\"status\":\"passed\"}]}", "bad.json: cases[0] has no \"id\" string"},
        {"{\"tool\":\"ddbconform\",\"cases\":[{\"id\":\"\",\"status\":\"passed\"}]}",
         "bad.json: cases[0] has no \"id\" string"},
        {"{\"tool\":\"ddbconform\",\"cases\":[{\"id\":\"a\",\"status\":\"great\"}]}",
         "bad.json: case a: \"status\" is not one of passed|failed|xfail|unsupported|skipped|disputed|inferred"},
        {"{\"tool\":\"ddbconform\",\"cases\":[{\"id\":\"a\",\"status\":\"passed\"},{\"id\":\"a\",\"status\":"
         "\"failed\"}]}",
         "bad.json: case id 'a' appears twice"},
        {"{\"tool\":\"ddbconform\",\"operations\":[],\"cases\":[]}", "bad.json: \"operations\" is not an object"},
        {"{\"tool\":\"ddbconform\",\"operations\":{\"CreateBackup\":\"maybe\"},\"cases\":[]}",
         "bad.json: operations.CreateBackup is not one of supported|partial|unsupported"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        dc_matrix *m = dc_matrix_new();
        dc_err err = {{0}};
        assert_int_equal(dc_matrix_add(m, "bad.json", rows[i].json, strlen(rows[i].json), &err), -1);
        if (strncmp(err.msg, rows[i].cause, strlen(rows[i].cause)) != 0)
            fail_msg("row %zu: cause '%s', want '%s'", i, err.msg, rows[i].cause);
        assert_null(strchr(err.msg, '\n'));
        assert_int_equal(dc_matrix_ncols(m), 0);
        dc_matrix_free(m);
    }
}

static void unknown_members_of_a_report_are_ignored(void **state)
{
    (void)state;
    dc_matrix *m = dc_matrix_new();
    s_add(m, "a/report.json",
          "{\"tool\":\"ddbconform\",\"future\":{\"x\":[1]},\"summary\":{\"new\":1},\"cases\":[{\"id\":\"x\","
          "\"status\":\"failed\",\"flaky\":true,\"failures\":[{\"step\":1,\"kind\":\"status\",\"path\":\"\","
          "\"expected\":\"400\",\"actual\":\"200\",\"extra\":[]}]}]}");
    assert_int_equal(dc_matrix_cell(m, 0, 0), DC_CELL_FAILED);
    char *page = s_page(m, NULL);
    assert_non_null(strstr(page, "<td class=\"expected\">400</td><td class=\"actual\">200</td>"));
    free(page);
    dc_matrix_free(m);
}

static void column_label_is_impl_else_the_folder_else_the_file_and_is_unique(void **state)
{
    (void)state;
    static const struct {
        const char *path;
        const char *impl; /* NULL: no impl member */
        const char *label;
    } rows[] = {
        {"reports/compat/serve/report.json", NULL, "serve"},
        {"reports/compat/moto/report.json", "moto", "moto"},
        {"elsewhere/moto/report.json", NULL, "moto (2)"},
        {"/tmp/x//report.json", NULL, "x"},
        {"ddblocal.json", NULL, "ddblocal.json"},
        {"./run1.json", NULL, "run1.json"},
        {"other/report.json", "", "other"},
        {"z/report.json", "moto", "moto (3)"},
    };
    dc_matrix *m = dc_matrix_new();
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char json[256];
        if (rows[i].impl != NULL)
            snprintf(json, sizeof json, "{\"tool\":\"ddbconform\",\"impl\":\"%s\",\"cases\":[]}", rows[i].impl);
        else
            snprintf(json, sizeof json, "{\"tool\":\"ddbconform\",\"impl\":null,\"cases\":[]}");
        s_add(m, rows[i].path, json);
        assert_string_equal(dc_matrix_label(m, i), rows[i].label);
    }
    dc_matrix_free(m);
}

static void every_text_on_the_page_is_html_escaped(void **state)
{
    (void)state;
    dc_matrix *m = dc_matrix_new();
    s_add(m, "a/report.json",
          "{\"tool\":\"ddbconform\",\"impl\":\"<b>impl</b>\",\"endpoint\":\"http://h/?a=1&b=\\\"2\\\"\","
          "\"operations\":{\"<Op>\":\"partial\"},"
          "\"cases\":[{\"id\":\"x/<script>alert(1)</script>\",\"status\":\"failed\",\"description\":\"d'q\","
          "\"failures\":[{\"step\":2,\"kind\":\"message\",\"path\":\"message\",\"expected\":\"<img src=x>\","
          "\"actual\":\"a & b\"}],\"request\":\"POST /\\n\\n{\\\"k\\\":\\\"</pre>\\\"}\"}]}");
    dc_matrix_note(m, "moto: skipped <not importable>");
    char *page = s_page(m, "T<i>itle");
    static const char *const must[] = {
        "<title>T&lt;i&gt;itle</title>",
        "<p class=\"note\">moto: skipped &lt;not importable&gt;</p>",
        "<span class=\"label\">&lt;b&gt;impl&lt;/b&gt;</span>",
        "http://h/?a=1&amp;b=&quot;2&quot;",
        "<th class=\"opname\">&lt;Op&gt;</th>",
        "<code>x/&lt;script&gt;alert(1)&lt;/script&gt;</code>",
        " title=\"d&#39;q\"",
        "<td class=\"expected\">&lt;img src=x&gt;</td><td class=\"actual\">a &amp; b</td>",
        "{&quot;k&quot;:&quot;&lt;/pre&gt;&quot;}",
    };
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
        if (strstr(page, must[i]) == NULL)
            fail_msg("page lacks %s", must[i]);
    static const char *const never[] = {"<script", "<img", "<b>impl", "<Op>", "<i>itle", "</pre>\"", "<not"};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        if (strstr(page, never[i]) != NULL)
            fail_msg("page has raw %s", never[i]);
    free(page);
    dc_matrix_free(m);
}

static void control_characters_and_nul_become_replacement_characters_not_cuts(void **state)
{
    (void)state;
    dc_matrix *m = dc_matrix_new();
    s_add(m, "a/report.json",
          "{\"tool\":\"ddbconform\",\"cases\":[{\"id\":\"a\\u0000b\\u0007c\",\"status\":\"passed\"},"
          "{\"id\":\"a\",\"status\":\"passed\"}]}");
    assert_int_equal(dc_matrix_nrows(m), 2);
    size_t len = 0;
    assert_string_equal(dc_matrix_row_id(m, 0, &len), "a");
    assert_int_equal(len, 1);
    dc_matrix_row_id(m, 1, &len);
    assert_int_equal(len, 5);
    char *page = s_page(m, NULL);
    assert_non_null(strstr(page, "<code>a\xEF\xBF\xBD"
                                 "b\xEF\xBF\xBD"
                                 "c</code>"));
    free(page);
    dc_matrix_free(m);
}

static void authorization_token_and_signatures_never_reach_the_page(void **state)
{
    (void)state;
    dc_matrix *m = dc_matrix_new();
    s_add(m, "a/report.json",
          "{\"tool\":\"ddbconform\",\"cases\":[{\"id\":\"x\",\"status\":\"failed\",\"failures\":[{\"step\":1,"
          "\"kind\":\"message\",\"path\":\"message\",\"expected\":\"e\",\"actual\":\"bad Signature=" FAKE_SIG "\"}],"
          "\"request\":\"POST /\\nAuthorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/"
          "aws4_request, SignedHeaders=host, Signature=" FAKE_SIG "\\nX-Amz-Security-Token: " FAKE_TOKEN
          "\\n\\n{}\",\"response\":\"HTTP/1.1 400\\n\\n{\\\"message\\\":\\\"Signature=" FAKE_SIG "\\\"}\"}]}");
    char *page = s_page(m, NULL);
    assert_null(strstr(page, FAKE_SIG));
    assert_null(strstr(page, FAKE_TOKEN));
    assert_null(strstr(page, "Credential=AKID"));
    assert_non_null(strstr(page, "Authorization: &lt;redacted&gt;\n"));
    assert_non_null(strstr(page, "X-Amz-Security-Token: &lt;redacted&gt;\n"));
    assert_int_equal(s_count(page, "Signature=&lt;redacted&gt;"), 2);
    free(page);
    dc_matrix_free(m);
}

static void long_request_bytes_are_cut_at_a_character_and_the_rest_counted(void **state)
{
    (void)state;
    /* "x" then 2-byte characters: byte DC_MATRIX_EXCERPT_BYTES is the second byte of one, so the cut moves back
     * one byte: 16383 shown of 1 + 8242 * 2 = 16485, 102 counted */
    size_t body = DC_MATRIX_EXCERPT_BYTES + 100;
    dc_buf j;
    dc_buf_init(&j);
    dc_buf_puts(&j, "{\"tool\":\"ddbconform\",\"cases\":[{\"id\":\"x\",\"status\":\"failed\",\"request\":\"x");
    for (size_t i = 0; i < body / 2; i++)
        dc_buf_puts(&j, "\xC3\xA9");
    dc_buf_puts(&j, "\"}]}");
    dc_matrix *m = dc_matrix_new();
    s_add(m, "a/report.json", (const char *)j.data);
    char *page = s_page(m, NULL);
    assert_non_null(strstr(page, "\xC3\xA9\n… (102 bytes more)</pre>"));
    assert_null(strstr(page, "\xEF\xBF\xBD")); /* no broken character */
    free(page);
    dc_matrix_free(m);
    dc_buf_free(&j);
}

static void the_operations_table_has_one_row_per_operation_and_a_dash_for_untried_ones(void **state)
{
    (void)state;
    dc_matrix *m = dc_matrix_new();
    s_add(m, "r/serve/report.json",
          "{\"tool\":\"ddbconform\",\"operations\":{\"CreateBackup\":\"supported\",\"ListBackups\":\"supported\"},"
          "\"cases\":[]}");
    s_add(m, "r/local/report.json",
          "{\"tool\":\"ddbconform\",\"operations\":{\"CreateBackup\":\"unsupported\"},\"cases\":[]}");
    char *page = s_page(m, NULL);
    assert_non_null(strstr(page, "<thead><tr><th>operation</th><th>group</th><th data-col=\"1\">serve</th><th "
                                 "data-col=\"2\">local</th>"
                                 "</tr></thead>"));
    assert_non_null(strstr(page, "<tr><th class=\"opname\">CreateBackup</th><td class=\"group\">other</td>"
                                 "<td class=\"op supported\" data-col=\"1\" "
                                 "data-state=\"supported\">supported</td><td class=\"op unsupported\" data-col=\"2\" "
                                 "data-state=\"unsupported\">unsupported</td></tr>"));
    assert_non_null(strstr(page, "<tr><th class=\"opname\">ListBackups</th><td class=\"group\">other</td>"
                                 "<td class=\"op supported\" data-col=\"1\" "
                                 "data-state=\"supported\">supported</td><td class=\"op absent\" data-col=\"2\" "
                                 "data-state=\"absent\">"));
    free(page);
    dc_matrix_free(m);
}

static void operations_are_grouped_by_the_reports_operation_info_with_plumbing_last(void **state)
{
    (void)state;
    dc_matrix *m = dc_matrix_new();
    s_add(m, "r/serve/report.json",
          "{\"tool\":\"ddbconform\",\"operations\":{\"CreateTable\":\"supported\",\"ListBackups\":\"partial\","
          "\"Zeta\":\"supported\",\"CreateBackup\":\"supported\"},\"operation_info\":{\"CreateTable\":{\"group\":"
          "\"table\",\"plumbing\":true},\"ListBackups\":{\"group\":\"list-backups\",\"plumbing\":false},"
          "\"CreateBackup\":{\"group\":\"backup\",\"plumbing\":false}},\"cases\":[]}");
    char *page = s_page(m, NULL);
    const char *order[] = {
        ">CreateBackup</th><td class=\"group\">backup</td>", ">ListBackups</th><td class=\"group\">list-backups</td>",
        ">CreateTable</th><td class=\"group\">table (plumbing)</td>", ">Zeta</th><td class=\"group\">other</td>"};
    const char *at = page;
    for (size_t i = 0; i < DC_ARRAY_LEN(order); i++) {
        const char *next = strstr(at, order[i]);
        if (next == NULL)
            fail_msg("operation row %zu (%s) missing or out of order", i, order[i]);
        at = next;
    }
    free(page);
    dc_matrix_free(m);
}

static void each_implementation_has_a_bar_of_its_statuses_and_its_failure_causes(void **state)
{
    (void)state;
    dc_matrix *m = dc_matrix_new();
    s_add(m, "r/emu/report.json",
          "{\"tool\":\"ddbconform\",\"cases\":["
          "{\"id\":\"a/1\",\"status\":\"failed\",\"failures\":[{\"step\":1,\"kind\":\"header\",\"path\":"
          "\"x-amzn-RequestId\",\"expected\":\"present\",\"actual\":\"absent\"},{\"step\":1,\"kind\":\"header\","
          "\"path\":\"x-amzn-RequestId\",\"expected\":\"52 characters\",\"actual\":\"x\"}]},"
          "{\"id\":\"a/2\",\"status\":\"failed\",\"failures\":[{\"step\":2,\"kind\":\"status\",\"path\":\"\","
          "\"expected\":\"400\",\"actual\":\"500\"},{\"step\":2,\"kind\":\"header\",\"path\":"
          "\"x-amzn-RequestId\",\"expected\":\"present\",\"actual\":\"absent\"}]},"
          "{\"id\":\"a/3\",\"status\":\"passed\"},{\"id\":\"a/4\",\"status\":\"skipped\"}]}");
    char *page = s_page(m, NULL);
    assert_non_null(strstr(page, "<span class=\"seg passed\" data-status=\"passed\" data-count=\"1\" "
                                 "style=\"flex-grow:1\""));
    assert_non_null(strstr(page, "<span class=\"seg failed\" data-status=\"failed\" data-count=\"2\" "
                                 "style=\"flex-grow:2\""));
    assert_null(strstr(page, "data-status=\"xfail\" data-count"));
    /* a case counts once per cause; the first failure is the example */
    assert_non_null(strstr(page, "<li class=\"cause\" data-cases=\"2\" data-failures=\"3\"><b>2</b> <span "
                                 "class=\"key\">header x-amzn-RequestId</span> <span class=\"sub\">e.g. a/1</span>"));
    assert_non_null(strstr(page, "<li class=\"cause\" data-cases=\"1\" data-failures=\"1\"><b>1</b> <span "
                                 "class=\"key\">status: expected 400, got 500</span>"));
    free(page);
    dc_matrix_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rows_are_the_sorted_union_of_every_reports_case_ids),
        cmocka_unit_test(each_status_of_report_json_becomes_the_cell_of_that_status),
        cmocka_unit_test(a_passed_case_the_baseline_lists_is_shown_as_fixed),
        cmocka_unit_test(what_is_not_a_ddbconform_report_is_refused_with_a_one_line_cause),
        cmocka_unit_test(unknown_members_of_a_report_are_ignored),
        cmocka_unit_test(column_label_is_impl_else_the_folder_else_the_file_and_is_unique),
        cmocka_unit_test(every_text_on_the_page_is_html_escaped),
        cmocka_unit_test(control_characters_and_nul_become_replacement_characters_not_cuts),
        cmocka_unit_test(authorization_token_and_signatures_never_reach_the_page),
        cmocka_unit_test(long_request_bytes_are_cut_at_a_character_and_the_rest_counted),
        cmocka_unit_test(the_operations_table_has_one_row_per_operation_and_a_dash_for_untried_ones),
        cmocka_unit_test(operations_are_grouped_by_the_reports_operation_info_with_plumbing_last),
        cmocka_unit_test(each_implementation_has_a_bar_of_its_statuses_and_its_failure_causes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
