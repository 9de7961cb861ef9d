/* test_names.c - the suite's resource-name scheme (suite/names.h): what run
 * makes, sweep accepts; look-alikes and foreign names it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "suite/names.h"

static void made_name_has_the_fixed_form_and_parses_back(void **state)
{
    (void)state;
    char u[DC_UNIQUE_LEN + 1];
    dc_unique_make("3fa2c1", 0x6756f3a1, 0x2a, u);
    assert_int_equal(strlen(u), DC_UNIQUE_LEN);
    assert_memory_equal(u, "ddbc-3fa2c1-6756f3a1-002a", 25);
    dc_unique_info info;
    assert_true(dc_unique_parse(u, strlen(u), &info));
    assert_string_equal(info.run_id, "3fa2c1");
    assert_int_equal(info.created, 0x6756f3a1);
    assert_int_equal(info.seq, 0x2a);
}

static void names_built_on_the_token_are_the_suites(void **state)
{
    (void)state;
    char u[DC_UNIQUE_LEN + 1], name[300];
    dc_unique_make("00ff00", 1765000000, 7, u);
    static const char *const suffixes[] = {"", "-src", "-r", ".b1", "_x", "-xxxxxxxxxxxxxxxxxxxx"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(name, sizeof name, "%s%s", u, suffixes[i]);
        assert_true(dc_unique_parse(name, strlen(name), NULL));
    }
}

static void look_alikes_and_foreign_names_are_refused(void **state)
{
    (void)state;
    char u[DC_UNIQUE_LEN + 1], name[300];
    dc_unique_make("3fa2c1", 0x6756f3a1, 0x2a, u);
    /* one character changed anywhere: the check fails or the form does */
    for (size_t i = 0; i < DC_UNIQUE_LEN; i++) {
        memcpy(name, u, sizeof u);
        name[i] = name[i] == '0' ? '1' : '0';
        assert_false(dc_unique_parse(name, strlen(name), NULL));
    }
    static const char *const foreign[] = {
        "Music",
        "prod-orders",
        "dc-a1b2c3-src",
        "ddbc-",
        "ddbc-3fa2c1-6756f3a1-002a0000",
        "DDBC-3FA2C1-6756F3A1-002A0000",
        "xddbc-3fa2c1-6756f3a1-002a0000-src",
    };
    for (size_t i = 0; i < sizeof foreign / sizeof foreign[0]; i++)
        assert_false(dc_unique_parse(foreign[i], strlen(foreign[i]), NULL));
    /* the token followed by something that is not a separator */
    snprintf(name, sizeof name, "%sx", u);
    assert_false(dc_unique_parse(name, strlen(name), NULL));
    /* upper case hex is not what run writes */
    memcpy(name, u, sizeof u);
    for (char *p = name; *p; p++)
        if (*p >= 'a' && *p <= 'f')
            *p = (char)(*p - 'a' + 'A');
    assert_false(dc_unique_parse(name, strlen(name), NULL));
}

static void run_ids_are_six_lower_hex_digits(void **state)
{
    (void)state;
    char id[DC_RUN_ID_LEN + 1];
    dc_run_id_new(id);
    assert_true(dc_run_id_valid(id));
    assert_false(dc_run_id_valid("3FA2C1"));
    assert_false(dc_run_id_valid("3fa2c"));
    assert_false(dc_run_id_valid(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(made_name_has_the_fixed_form_and_parses_back),
        cmocka_unit_test(names_built_on_the_token_are_the_suites),
        cmocka_unit_test(look_alikes_and_foreign_names_are_refused),
        cmocka_unit_test(run_ids_are_six_lower_hex_digits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
