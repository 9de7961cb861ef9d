/* test_regex.c - core/regex.h: the one PCRE2 search that case matchers,
 * expected messages and the runner share. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/regex.h"

/* Unanchored like grep; ^...$ anchors; the pattern and subject are UTF-8. */
static void search_is_unanchored_and_anchors_only_when_asked(void **state)
{
    (void)state;
    static const struct {
        const char *pattern, *subject;
        bool matched;
    } rows[] = {
        {"Table not found", "Requested: Table not found: t", true},
        {"^Table not found$", "Requested: Table not found: t", false},
        {"^Table not found: [a-z]+$", "Table not found: t", true},
        {"^.$", "\xc3\xa9", true}, /* one character, two bytes */
        {"^[0-9]{14}-[0-9a-f]{8}$", "01576616366715-b4e58d3a", true},
        {"^[0-9]{14}-[0-9a-f]{8}$", "01576616366715-B4E58D3A", false},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(rows); i++) {
        bool m = !rows[i].matched;
        dc_err err;
        assert_int_equal(dc_regex_search(rows[i].pattern, rows[i].subject, strlen(rows[i].subject), &m, &err), 0);
        if (m != rows[i].matched)
            fail_msg("/%s/ on '%s': %d, want %d", rows[i].pattern, rows[i].subject, m, rows[i].matched);
    }
}

/* The subject is len bytes: a NUL inside it is searched like any byte. */
static void search_reads_exactly_len_bytes(void **state)
{
    (void)state;
    bool m = false;
    dc_err err;
    assert_int_equal(dc_regex_search("b$", "a\0b", 3, &m, &err), 0);
    assert_true(m);
    assert_int_equal(dc_regex_search("b", "a\0b", 1, &m, &err), 0);
    assert_false(m);
}

static void a_pattern_that_does_not_compile_is_named_with_its_offset(void **state)
{
    (void)state;
    bool m = true;
    dc_err err;
    assert_int_equal(dc_regex_search("a(b", "ab", 2, &m, &err), -1);
    assert_string_equal(err.msg, "regex /a(b/ does not compile at offset 3: missing closing parenthesis");
}

typedef struct {
    char seen[256];
} s_groups;

static int s_collect(const char *name, const char *value, size_t len, void *ctx, dc_err *err)
{
    (void)err;
    s_groups *g = ctx;
    size_t n = strlen(g->seen);
    snprintf(g->seen + n, sizeof g->seen - n, "%s=%.*s;", name, (int)len, value);
    return 0;
}

static int s_refuse(const char *name, const char *value, size_t len, void *ctx, dc_err *err)
{
    (void)value, (void)len, (void)ctx;
    return dc_fail(err, "no %s", name);
}

/* Named groups that took part, in the name table's (alphabetical) order. */
static void named_groups_are_reported_when_the_search_matches(void **state)
{
    (void)state;
    s_groups g = {{0}};
    bool m = false;
    dc_err err;
    const char *arn = "arn:aws:dynamodb:eu-west-1:111122223333:table/T";
    assert_int_equal(dc_regex_search_groups("^arn:[^:]+:dynamodb:(?<region>[^:]*):(?<account>[0-9]{12}):(?<x>z)?", arn,
                                            strlen(arn), &m, s_collect, &g, &err),
                     0);
    assert_true(m);
    assert_string_equal(g.seen, "account=111122223333;region=eu-west-1;");
    g.seen[0] = '\0';
    assert_int_equal(dc_regex_search_groups("^(?<a>q)", arn, strlen(arn), &m, s_collect, &g, &err), 0);
    assert_false(m);
    assert_string_equal(g.seen, "");
    assert_int_equal(dc_regex_search_groups("(?<account>[0-9]{12})", arn, strlen(arn), &m, s_refuse, NULL, &err), -1);
    assert_string_equal(err.msg, "no account");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(search_is_unanchored_and_anchors_only_when_asked),
        cmocka_unit_test(search_reads_exactly_len_bytes),
        cmocka_unit_test(a_pattern_that_does_not_compile_is_named_with_its_offset),
        cmocka_unit_test(named_groups_are_reported_when_the_search_matches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
