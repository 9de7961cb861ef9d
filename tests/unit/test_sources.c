/* test_sources.c - the catalogue of sources in the HTML report (suite/sources.h):
 * entries parsed from "### [S:<id>] title" headings, a case's source with each
 * known id linked and secrets removed, and the cited entries (with the ones
 * they refer to) written into the page; the repository's own catalogue loads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/common.h"
#include "core/datadir.h"
#include "suite/sources.h"
#include "test_util.h"

static const char s_catalogue[] = "# Sources\n\nintro [S:not-an-entry]\n\n## Wire\n\n"
                                  "### [S:wire-request] The request\nPOST / only.\n- Class: recorded.\n"
                                  "- Sources: https://example.org/a.html, DYN.\n\n"
                                  "### [S:error-body] The error body\nSee [S:wire-request] & <more>.\n\n"
                                  "### [S:lonely] Not cited\ntext\n## Other\nnot in an entry\n"
                                  "### [S:wire-request] a second entry for the same id is ignored\n";

static char *s_cite(dc_sources *s, const char *text)
{
    static const char *const secrets[] = {"SEKRIT"};
    dc_buf b;
    dc_buf_init(&b);
    dc_sources_html_cite(s, &b, text, secrets, 1);
    return dc_buf_take(&b);
}

static void entries_come_from_the_headings(void **state)
{
    (void)state;
    dc_sources *s = dc_sources_parse(s_catalogue, strlen(s_catalogue));
    assert_int_equal(dc_sources_count(s), 3);
    dc_sources_free(s);
}

static void a_known_id_becomes_a_link_and_the_rest_is_escaped_text(void **state)
{
    (void)state;
    dc_sources *s = dc_sources_parse(s_catalogue, strlen(s_catalogue));
    char *html = s_cite(s, "[S:error-body] [R] a<b SEKRIT; [S:no-such] [S:Bad] [S:error-body");
    assert_string_equal(html, "<a class=\"src\" href=\"#src-error-body\" title=\"The error body\">[S:error-body]</a>"
                              " [R] a&lt;b &lt;redacted&gt;; [S:no-such] [S:Bad] [S:error-body");
    free(html);
    dc_sources_free(s);
}

static void without_a_catalogue_the_source_is_plain_text(void **state)
{
    (void)state;
    char *html = s_cite(NULL, "[S:error-body] & x");
    assert_string_equal(html, "[S:error-body] &amp; x");
    free(html);
    dc_buf b;
    dc_buf_init(&b);
    dc_sources_html_used(NULL, &b);
    assert_int_equal(b.len, 0);
    dc_buf_free(&b);
}

static void the_page_shows_the_cited_entries_and_those_they_refer_to(void **state)
{
    (void)state;
    dc_sources *s = dc_sources_parse(s_catalogue, strlen(s_catalogue));
    dc_buf b;
    dc_buf_init(&b);
    dc_sources_html_used(s, &b);
    assert_int_equal(b.len, 0); /* nothing cited yet */
    free(s_cite(s, "[S:error-body]"));
    dc_sources_html_used(s, &b);
    const char *page = (const char *)b.data;
    assert_non_null(strstr(page, "<section id=\"sources\"><h2>Sources cited above (2)</h2>"));
    const char *wire =
        strstr(page, "<div class=\"source\" id=\"src-wire-request\"><h3><code>[S:wire-request]</code> "
                     "The request</h3>\n<pre>POST / only.\n- Class: recorded.\n- Sources: "
                     "<a href=\"https://example.org/a.html\">https://example.org/a.html</a>, DYN.</pre>");
    const char *err = strstr(page, "<div class=\"source\" id=\"src-error-body\"><h3><code>[S:error-body]</code> The "
                                   "error body</h3>\n<pre>See <a class=\"src\" href=\"#src-wire-request\">"
                                   "[S:wire-request]</a> &amp; &lt;more&gt;.</pre>");
    assert_non_null(wire);
    assert_non_null(err);
    assert_true(wire < err); /* catalogue order */
    assert_null(strstr(page, "lonely"));
    dc_buf_free(&b);
    dc_sources_free(s);
}

static void the_repositorys_catalogue_loads(void **state)
{
    (void)state;
    dc_sources *s = dc_sources_load(dc_data_dir());
    assert_non_null(s);
    assert_true(dc_sources_count(s) >= 60);
    char *html = s_cite(s, "[S:restore-from-backup] [R]");
    assert_non_null(strstr(html, "href=\"#src-restore-from-backup\""));
    free(html);
    /* an entry of an area file, docs/sources/<area>.md */
    html = s_cite(s, "[S:aws-prices]");
    assert_non_null(strstr(html, "href=\"#src-aws-prices\""));
    free(html);
    dc_sources_free(s);
    assert_null(dc_sources_load("/nonexistent-ddbconform-data"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(entries_come_from_the_headings),
        cmocka_unit_test(a_known_id_becomes_a_link_and_the_rest_is_escaped_text),
        cmocka_unit_test(without_a_catalogue_the_source_is_plain_text),
        cmocka_unit_test(the_page_shows_the_cited_entries_and_those_they_refer_to),
        cmocka_unit_test(the_repositorys_catalogue_loads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
