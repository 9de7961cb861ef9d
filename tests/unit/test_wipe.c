/* test_wipe.c - dc_wipe (core/wipe.h): exactly the bytes asked for are
 * zeroed, nothing beside them; and it is the one wipe idiom of the harness
 * (no other module calls OPENSSL_cleanse or wipes through a volatile loop). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/common.h"
#include "core/wipe.h"
#include "test_util.h"

static void wipe_zeroes_exactly_the_bytes_asked_for(void **state)
{
    (void)state;
    unsigned char b[16];
    memset(b, 0xA5, sizeof b);
    dc_wipe(b + 4, 8);
    for (size_t i = 0; i < sizeof b; i++)
        assert_int_equal(b[i], i >= 4 && i < 12 ? 0x00 : 0xA5);
}

static void wipe_str_zeroes_the_text_and_keeps_what_follows_its_nul(void **state)
{
    (void)state;
    char s[12] = "secret\0tail";
    dc_wipe_str(s);
    static const char want[12] = "\0\0\0\0\0\0\0tail";
    assert_memory_equal(s, want, sizeof s);
}

static void wipe_of_nothing_does_nothing(void **state)
{
    (void)state;
    unsigned char b[4] = {1, 2, 3, 4};
    dc_wipe(NULL, 8);
    dc_wipe(b, 0);
    dc_wipe_str(NULL);
    dc_wipe_free_str(NULL);
    static const unsigned char want[4] = {1, 2, 3, 4};
    assert_memory_equal(b, want, sizeof b);
    char *owned = dc_xstrdup("AWS_SECRET_ACCESS_KEY=x");
    dc_wipe_free_str(owned); /* freed: ASan and valgrind check the free */
}

/* The source texts a second wipe idiom would show. */
static const char *const s_other_idioms[] = {"OPENSSL_cleanse(", "volatile char *", "explicit_bzero("};

static void only_core_wipe_erases_secrets(void **state)
{
    (void)state;
    size_t files;
    char **names = dc_test_harness_files(dc_test_home(), false, &files);
    for (size_t k = 0; k < files; k++) {
        char path[4800];
        snprintf(path, sizeof path, "%s/%s", dc_test_home(), names[k]);
        dc_buf text;
        dc_buf_init(&text);
        dc_err err;
        assert_int_equal(dc_read_file(path, 1u << 24, &text, &err), 0);
        bool is_wipe = strcmp(names[k], "harness/core/wipe.c") == 0;
        for (size_t i = 0; i < DC_ARRAY_LEN(s_other_idioms) && !is_wipe; i++)
            if (strstr((const char *)text.data, s_other_idioms[i]) != NULL)
                fail_msg("%s wipes with %s: use dc_wipe (core/wipe.h)", names[k], s_other_idioms[i]);
        dc_buf_free(&text);
        free(names[k]);
    }
    free(names);
    assert_true(files > 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wipe_zeroes_exactly_the_bytes_asked_for),
        cmocka_unit_test(wipe_str_zeroes_the_text_and_keeps_what_follows_its_nul),
        cmocka_unit_test(wipe_of_nothing_does_nothing),
        cmocka_unit_test(only_core_wipe_erases_secrets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
