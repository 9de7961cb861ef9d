/* test_javafmt.c - timestamps and times as the service's Java stack prints
 * them (core/javafmt.h): Double.toString notation of the recorded bodies
 * ([S:response-timestamps]), the digit-based fast path for epoch ms against the general
 * one, and ISO-8601 UTC whole seconds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/common.h"
#include "core/javafmt.h"

#define T0_MS INT64_C(1700000000000) /* 2023-11-14T22:13:20Z, a whole second */
#define S_RANDOM_TIMES 200000

static void java_double_prints_like_java_double_to_string(void **state)
{
    (void)state;
    static const struct {
        double in;
        const char *out;
    } cases[] = {
        {1584532379.393, "1.584532379393E9"}, /* [S:response-timestamps] [S:rec-create-backup-wire-2020] */
        {1576622404.0, "1.576622404E9"},      /* [S:rec-restore-pitr-cli] */
        {1562054355.238, "1.562054355238E9"},
        {1363728080.07, "1.36372808007E9"},
        {0.5, "0.5"},
        {1e7, "1.0E7"},
        {9999999.0, "9999999.0"},
        {0.001, "0.001"},
        {0.0001, "1.0E-4"},
        {0.0, "0.0"},
        {-1.5, "-1.5"},
        {100.0, "100.0"},
        {123.456, "123.456"},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        char out[DC_JAVA_DOUBLE_MAX];
        dc_java_double(cases[i].in, out);
        assert_string_equal(out, cases[i].out);
    }
}

static void iso_time_is_utc_whole_seconds(void **state)
{
    (void)state;
    char out[DC_ISO_TIME_MAX];
    dc_iso_utc_seconds(T0_MS + 999, out);
    assert_string_equal(out, "2023-11-14T22:13:20Z");
}

static void time_ms_prints_the_recorded_service_timestamps(void **state)
{
    (void)state;
    static const struct {
        int64_t ms;
        const char *out;
    } cases[] = {
        {INT64_C(1584532379393), "1.584532379393E9"}, /* [S:response-timestamps] [S:rec-create-backup-wire-2020] */
        {INT64_C(1576622404000), "1.576622404E9"},    /* [S:rec-restore-pitr-cli] */
        {INT64_C(1562054355238), "1.562054355238E9"},
        {INT64_C(1363728080070), "1.36372808007E9"},
        {1, "0.001"},
        {500, "0.5"},
        {1000, "1.0"},
        {100000, "100.0"},
        {123456, "123.456"},
        {INT64_C(9999999000), "9999999.0"},
        {INT64_C(9999999999), "9999999.999"},
        {INT64_C(10000000000), "1.0E7"},
        {INT64_C(10000000001), "1.0000000001E7"},
        {0, "0.0"},
        {-1500, "-1.5"},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        char out[DC_JAVA_DOUBLE_MAX];
        dc_java_time_ms(cases[i].ms, out);
        assert_string_equal(out, cases[i].out);
    }
}

static void time_ms_matches_java_double_for_every_magnitude(void **state)
{
    (void)state;
    uint64_t z = 12345;
    for (int i = 0; i < S_RANDOM_TIMES; i++) {
        z = z * 6364136223846793005ull + 1442695040888963407ull;
        /* every number of digits from 1 to 16, and runs of trailing zeros */
        uint64_t digits = 1 + (z >> 33) % 16, pow10 = 1;
        for (uint64_t d = 0; d < digits; d++)
            pow10 *= 10;
        int64_t ms = (int64_t)((z >> 7) % pow10);
        if (i % 3 == 0)
            ms -= ms % 1000;
        if (i % 7 == 0)
            ms -= ms % 100000;
        char fast[DC_JAVA_DOUBLE_MAX], slow[DC_JAVA_DOUBLE_MAX];
        dc_java_time_ms(ms, fast);
        dc_java_double((double)ms / 1000.0, slow);
        if (strcmp(fast, slow) != 0)
            fail_msg("ms %lld: dc_java_time_ms \"%s\" but dc_java_double \"%s\"", (long long)ms, fast, slow);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(java_double_prints_like_java_double_to_string),
        cmocka_unit_test(iso_time_is_utc_whole_seconds),
        cmocka_unit_test(time_ms_prints_the_recorded_service_timestamps),
        cmocka_unit_test(time_ms_matches_java_double_for_every_magnitude),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
