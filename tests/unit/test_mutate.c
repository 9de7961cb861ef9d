/* test_mutate.c - the network fuzzer's mutators (deterministic per seed, each
 * does what its name says, driven by the spec) and the shrinker (fake
 * predicates). The network part is covered by tests/integration/fuzz_net_*.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/json.h"
#include "netfuzz/mutate.h"
#include "spec/spec.h"
#include "test_util.h"

static void s_tree(const char *json, dc_mnode *out)
{
    dc_json_doc doc;
    dc_err err;
    assert_int_equal(dc_json_parse(json, strlen(json), &doc, &err), 0);
    dc_mnode_from_json(doc.root, out);
    dc_json_doc_free(&doc);
}

static const dc_shape *s_input(const char *op)
{
    const dc_operation *o = dc_spec_operation(dc_test_spec(), op);
    assert_non_null(o);
    return o->input;
}

/* Mutates body of op with mutator m under seed; the printed result goes to out. */
static int s_mutate(const char *op, const char *body, dc_mutator m, uint64_t seed, dc_buf *out, dc_mutation *info)
{
    dc_rng r;
    dc_rng_seed(&r, seed);
    dc_mnode t;
    s_tree(body, &t);
    int rc = dc_mutate_tree(&r, s_input(op), &t, m, info);
    dc_buf_reset(out);
    dc_mnode_print(&t, out);
    dc_mnode_clear(&t);
    return rc;
}

static void rng_with_the_same_seed_repeats_and_another_seed_differs(void **state)
{
    (void)state;
    dc_rng a, b, c;
    dc_rng_seed(&a, 42);
    dc_rng_seed(&b, 42);
    dc_rng_seed(&c, 43);
    bool differs = false;
    for (int i = 0; i < 100; i++) {
        uint64_t x = dc_rng_next(&a);
        assert_true(x == dc_rng_next(&b));
        differs |= x != dc_rng_next(&c);
    }
    assert_true(differs);
    for (int i = 0; i < 1000; i++)
        assert_true(dc_rng_below(&a, 7) < 7);
    assert_int_equal(dc_rng_below(&a, 0), 0);
}

static void printer_round_trips_parsed_json_and_escapes_nul(void **state)
{
    (void)state;
    const char *in = "{\"a\":[1,2.50,\"x\\\"y\"],\"b\":{\"c\":null,\"d\":true},\"e\":\"\\u0000z\",\"f\":1E400}";
    dc_mnode t;
    s_tree(in, &t);
    dc_buf out;
    dc_buf_init(&out);
    dc_mnode_print(&t, &out);
    assert_string_equal((const char *)out.data,
                        "{\"a\":[1,2.50,\"x\\\"y\"],\"b\":{\"c\":null,\"d\":true},\"e\":\"\\u0000z\",\"f\":1E400}");
    dc_mnode_clear(&t);
    dc_buf_free(&out);
}

/* The printer copies plain runs 16 bytes at a time: a byte it escapes is escaped
 * at every offset (the quote and the backslash as \" \\, controls as \u00XX). */
static void printer_escapes_a_special_byte_at_any_offset(void **state)
{
    (void)state;
    static const struct {
        char byte;
        const char *escaped;
    } specials[] = {{'"', "\\\""}, {'\\', "\\\\"}, {'\n', "\\u000a"}, {'\0', "\\u0000"}, {'\xc3', "\xc3"}};
    for (size_t k = 0; k < sizeof specials / sizeof specials[0]; k++) {
        for (size_t at = 0; at < 24; at++) {
            char in[30];
            memset(in, 'x', sizeof in);
            in[at] = specials[k].byte;
            dc_mnode t;
            memset(&t, 0, sizeof t);
            dc_mnode_set_string(&t, in, sizeof in);
            char want[64];
            snprintf(want, sizeof want, "\"%.*s%s%.*s\"", (int)at, in, specials[k].escaped, (int)(sizeof in - at - 1),
                     in + at + 1);
            dc_buf out;
            dc_buf_init(&out);
            dc_mnode_print(&t, &out);
            assert_int_equal(out.len, strlen(want));
            assert_memory_equal(out.data, want, out.len);
            dc_buf_free(&out);
            dc_mnode_clear(&t);
        }
    }
}

/* Every tree mutator, same seed twice -> same bytes and the same description. */
static void every_mutator_is_deterministic_per_seed(void **state)
{
    (void)state;
    const char *body =
        "{\"TargetTableName\":\"restored-table\",\"BackupArn\":\"arn:aws:dynamodb:us-east-1:"
        "123456789012:table/src/backup/01576616366715-b4e58d3a\",\"BillingModeOverride\":\"PROVISIONED\","
        "\"ProvisionedThroughputOverride\":{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":5}}";
    dc_buf a, b;
    dc_buf_init(&a);
    dc_buf_init(&b);
    for (int m = 0; m < DC_MUT_SYNTAX_DAMAGE; m++) {
        for (uint64_t seed = 1; seed <= 20; seed++) {
            dc_mutation ia, ib;
            int ra = s_mutate("RestoreTableFromBackup", body, (dc_mutator)m, seed, &a, &ia);
            int rb = s_mutate("RestoreTableFromBackup", body, (dc_mutator)m, seed, &b, &ib);
            assert_int_equal(ra, rb);
            assert_int_equal(a.len, b.len);
            assert_memory_equal(a.data, b.data, a.len);
            assert_string_equal(ia.detail, ib.detail);
            if (ra == 0 && m != DC_MUT_EXTRA_MEMBER && m != DC_MUT_DUPLICATE_KEY)
                assert_true(a.len != strlen(body) || memcmp(a.data, body, a.len) != 0);
        }
    }
    dc_buf_free(&a);
    dc_buf_free(&b);
}

static void length_boundary_sets_min_minus_one_min_max_or_max_plus_one(void **state)
{
    (void)state;
    dc_buf out;
    dc_buf_init(&out);
    bool seen[4] = {false, false, false, false};
    for (uint64_t seed = 1; seed <= 60; seed++) {
        dc_mutation info;
        assert_int_equal(
            s_mutate("CreateBackup", "{\"BackupName\":\"bk1\"}", DC_MUT_LENGTH_BOUNDARY, seed, &out, &info), 0);
        assert_string_equal(info.path, "BackupName");
        dc_json_doc d;
        dc_err err;
        assert_int_equal(dc_json_parse(out.data, out.len, &d, &err), 0);
        size_t n = dc_json_get(d.root, "BackupName")->str_len;
        assert_true(n == 2 || n == 3 || n == 255 || n == 256); /* BackupName: length 3..255 */
        seen[n == 2 ? 0 : n == 3 ? 1 : n == 255 ? 2 : 3] = true;
        /* the value keeps matching the pattern: only the length is off */
        const dc_shape *s = dc_spec_shape(dc_test_spec(), "BackupName");
        assert_true(dc_shape_pattern_matches(s, dc_json_get(d.root, "BackupName")->str, n));
        dc_json_doc_free(&d);
    }
    assert_true(seen[0] && seen[1] && seen[2] && seen[3]);
    dc_buf_free(&out);
}

static void pattern_break_makes_the_member_fail_its_pattern(void **state)
{
    (void)state;
    dc_buf out;
    dc_buf_init(&out);
    const dc_shape *s = dc_spec_shape(dc_test_spec(), "BackupName");
    for (uint64_t seed = 1; seed <= 40; seed++) {
        dc_mutation info;
        assert_int_equal(
            s_mutate("CreateBackup", "{\"BackupName\":\"backup1\"}", DC_MUT_PATTERN_BREAK, seed, &out, &info), 0);
        dc_json_doc d;
        dc_err err;
        assert_int_equal(dc_json_parse(out.data, out.len, &d, &err), 0);
        const dc_json *v = dc_json_get(d.root, "BackupName");
        assert_false(dc_shape_pattern_matches(s, v->str, v->str_len));
        dc_json_doc_free(&d);
    }
    dc_buf_free(&out);
}

static void enum_near_miss_gives_a_value_outside_the_enum(void **state)
{
    (void)state;
    dc_buf out;
    dc_buf_init(&out);
    const dc_shape *s = dc_shape_member(s_input("ListBackups"), "BackupType", 10)->shape;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        dc_mutation info;
        assert_int_equal(s_mutate("ListBackups", "{\"BackupType\":\"USER\"}", DC_MUT_ENUM_NEAR_MISS, seed, &out, &info),
                         0);
        dc_json_doc d;
        dc_err err;
        assert_int_equal(dc_json_parse(out.data, out.len, &d, &err), 0);
        const dc_json *v = dc_json_get(d.root, "BackupType");
        assert_non_null(v);
        assert_false(dc_shape_enum_contains(s, v->str, v->str_len));
        dc_json_doc_free(&d);
    }
    dc_buf_free(&out);
}

static void type_swap_changes_the_json_type_of_one_member(void **state)
{
    (void)state;
    dc_buf out;
    dc_buf_init(&out);
    for (uint64_t seed = 1; seed <= 40; seed++) {
        dc_mutation info;
        assert_int_equal(s_mutate("ListBackups", "{\"Limit\":5}", DC_MUT_TYPE_SWAP, seed, &out, &info), 0);
        dc_json_doc d;
        dc_err err;
        assert_int_equal(dc_json_parse(out.data, out.len, &d, &err), 0);
        assert_int_not_equal(dc_json_get(d.root, "Limit")->type, DC_JSON_NUMBER);
        dc_json_doc_free(&d);
    }
    dc_buf_free(&out);
}

static void number_boundary_uses_the_range_or_an_overflow(void **state)
{
    (void)state;
    /* ListBackups Limit: value 1..100 */
    static const char *const allowed[] = {
        "0", "1", "100", "101", "2147483648", "-2147483649", "9223372036854775808", "1.5", "-0", "1e400", "-1"};
    dc_buf out;
    dc_buf_init(&out);
    for (uint64_t seed = 1; seed <= 60; seed++) {
        dc_mutation info;
        assert_int_equal(s_mutate("ListBackups", "{\"Limit\":5}", DC_MUT_NUMBER_BOUNDARY, seed, &out, &info), 0);
        dc_json_doc d;
        dc_err err;
        assert_int_equal(dc_json_parse(out.data, out.len, &d, &err), 0);
        const char *text = dc_json_get(d.root, "Limit")->str;
        bool ok = false;
        for (size_t i = 0; i < DC_ARRAY_LEN(allowed); i++)
            ok |= strcmp(text, allowed[i]) == 0;
        assert_true(ok);
        dc_json_doc_free(&d);
    }
    dc_buf_free(&out);
}

static void drop_and_extra_member_change_the_member_count_by_one(void **state)
{
    (void)state;
    dc_buf out;
    dc_buf_init(&out);
    for (uint64_t seed = 1; seed <= 30; seed++) {
        dc_mutation info;
        dc_json_doc d;
        dc_err err;
        assert_int_equal(s_mutate("CreateBackup", "{\"TableName\":\"tbl\",\"BackupName\":\"bk1\"}", DC_MUT_DROP_MEMBER,
                                  seed, &out, &info),
                         0);
        assert_int_equal(dc_json_parse(out.data, out.len, &d, &err), 0);
        assert_int_equal(d.root->count, 1);
        dc_json_doc_free(&d);
        assert_int_equal(s_mutate("CreateBackup", "{\"TableName\":\"tbl\",\"BackupName\":\"bk1\"}", DC_MUT_EXTRA_MEMBER,
                                  seed, &out, &info),
                         0);
        assert_int_equal(dc_json_parse(out.data, out.len, &d, &err), 0);
        assert_int_equal(d.root->count, 3);
        dc_json_doc_free(&d);
    }
    dc_buf_free(&out);
}

static void byte_level_mutators_produce_what_they_say(void **state)
{
    (void)state;
    dc_buf out;
    dc_buf_init(&out);
    for (uint64_t seed = 1; seed <= 30; seed++) {
        dc_mutation info;
        dc_json_doc d;
        dc_err err;
        const char *body = "{\"TableName\":\"tbl\",\"BackupName\":\"bk1\"}";

        assert_int_equal(s_mutate("CreateBackup", body, DC_MUT_DEEP_NESTING, seed, &out, &info), 0);
        assert_non_null(memmem(out.data, out.len, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", 32));

        assert_int_equal(s_mutate("CreateBackup", body, DC_MUT_HUGE_STRING, seed, &out, &info), 0);
        assert_true(out.len > DC_MUTATE_HUGE_STRING);
        assert_int_equal(dc_json_parse(out.data, out.len, &d, &err), 0);
        dc_json_doc_free(&d);

        assert_int_equal(s_mutate("CreateBackup", body, DC_MUT_INVALID_UTF8, seed, &out, &info), 0);
        bool bad = dc_utf8_check(out.data, out.len) != out.len || memmem(out.data, out.len, "\\ud800", 6) != NULL;
        assert_true(bad);
        assert_int_not_equal(dc_json_parse(out.data, out.len, &d, &err), 0); /* the strict layer refuses it */

        assert_int_equal(s_mutate("CreateBackup", body, DC_MUT_NUL_CHAR, seed, &out, &info), 0);
        assert_non_null(memmem(out.data, out.len, "\\u0000", 6));

        assert_int_equal(s_mutate("CreateBackup", body, DC_MUT_DUPLICATE_KEY, seed, &out, &info), 0);
        assert_int_equal(dc_json_parse(out.data, out.len, &d, &err), 0);
        assert_int_equal(d.duplicate_keys, 1);
        dc_json_doc_free(&d);

        dc_rng r;
        dc_rng_seed(&r, seed);
        dc_buf_reset(&out);
        dc_buf_puts(&out, body);
        dc_mutate_bytes(&r, &out, &info);
        assert_int_equal(info.mutator, DC_MUT_SYNTAX_DAMAGE);
        assert_true(info.detail[0] != '\0');
        assert_true(out.len != strlen(body) || memcmp(out.data, body, out.len) != 0);
    }
    dc_buf_free(&out);
}

static void timestamp_edge_replaces_a_timestamp_member(void **state)
{
    (void)state;
    dc_buf out;
    dc_buf_init(&out);
    dc_mutation info;
    assert_int_equal(
        s_mutate("ListBackups", "{\"TimeRangeLowerBound\":1700000000}", DC_MUT_TIMESTAMP_EDGE, 3, &out, &info), 0);
    /* a present timestamp member is changed, or an absent one added */
    assert_true(strcmp(info.path, "TimeRangeLowerBound") == 0 || strcmp(info.path, "TimeRangeUpperBound") == 0);
    assert_string_not_equal((const char *)out.data, "{\"TimeRangeLowerBound\":1700000000}");
    /* a body without a timestamp member: nothing to do, nothing changed */
    assert_int_equal(s_mutate("DescribeBackup", "{\"BackupArn\":\"x\"}", DC_MUT_TIMESTAMP_EDGE, 3, &out, &info), -1);
    assert_string_equal((const char *)out.data, "{\"BackupArn\":\"x\"}");
    dc_buf_free(&out);
}

static void generated_enum_values_are_in_the_enum(void **state)
{
    (void)state;
    const dc_shape *s = dc_shape_member(s_input("ListBackups"), "BackupType", 10)->shape;
    dc_rng r;
    dc_rng_seed(&r, 9);
    for (int i = 0; i < 20; i++) {
        dc_mnode v;
        dc_mutate_generate(&r, s, 0, &v);
        assert_int_equal(v.type, DC_MNODE_STRING);
        assert_true(dc_shape_enum_contains(s, v.text, v.len));
        dc_mnode_clear(&v);
    }
}

/* ---- shrinker ---- */

typedef struct {
    size_t calls;
} s_counter;

static bool s_has_backup_name(const dc_mnode *c, void *ud)
{
    ((s_counter *)ud)->calls++;
    return dc_mnode_get((dc_mnode *)c, "BackupName") != NULL;
}

static void shrinker_keeps_only_what_the_predicate_needs(void **state)
{
    (void)state;
    dc_mnode t;
    s_tree("{\"TableName\":\"abcdefgh\",\"BackupName\":\"aaaaaaaaaaaaaaaa\",\"Extra\":[1,2,{\"x\":\"y\"}]}", &t);
    s_counter c = {0};
    size_t tries = 0;
    size_t kept = dc_shrink_tree(&t, s_has_backup_name, &c, 1000, &tries);
    assert_true(kept > 0);
    assert_int_equal(tries, c.calls);
    dc_buf out;
    dc_buf_init(&out);
    dc_mnode_print(&t, &out);
    assert_string_equal((const char *)out.data, "{\"BackupName\":\"a\"}");
    dc_buf_free(&out);
    dc_mnode_clear(&t);
}

static void shrinker_stops_after_the_bounded_number_of_tries(void **state)
{
    (void)state;
    dc_mnode t;
    s_tree("{\"TableName\":\"abcdefgh\",\"BackupName\":\"aaaaaaaaaaaaaaaa\",\"Extra\":[1,2,3,4,5,6]}", &t);
    s_counter c = {0};
    size_t tries = 0;
    (void)dc_shrink_tree(&t, s_has_backup_name, &c, 3, &tries);
    assert_int_equal(tries, 3);
    assert_int_equal(c.calls, 3);
    dc_mnode_clear(&t);
}

static bool s_never(const dc_mnode *c, void *ud)
{
    (void)c;
    ((s_counter *)ud)->calls++;
    return false;
}

static void shrinker_leaves_the_tree_alone_when_nothing_reproduces(void **state)
{
    (void)state;
    const char *in = "{\"a\":\"xyz\",\"b\":[1]}";
    dc_mnode t;
    s_tree(in, &t);
    s_counter c = {0};
    assert_int_equal(dc_shrink_tree(&t, s_never, &c, 100, NULL), 0);
    dc_buf out;
    dc_buf_init(&out);
    dc_mnode_print(&t, &out);
    assert_string_equal((const char *)out.data, in);
    /* removals a, b, 1 and the halving of "xyz": four candidates, one pass */
    assert_int_equal(c.calls, 4);
    dc_buf_free(&out);
    dc_mnode_clear(&t);
}

static bool s_has_bang(const uint8_t *d, size_t n, void *ud)
{
    ((s_counter *)ud)->calls++;
    return memchr(d, '!', n) != NULL;
}

static void byte_shrinker_reduces_to_the_byte_that_matters(void **state)
{
    (void)state;
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_puts(&b, "{\"TableName\":\"ab!cd\",\"x\":[1,2,3]}");
    s_counter c = {0};
    (void)dc_shrink_bytes(&b, s_has_bang, &c, 1000, NULL);
    assert_int_equal(b.len, 1);
    assert_int_equal(b.data[0], '!');
    dc_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rng_with_the_same_seed_repeats_and_another_seed_differs),
        cmocka_unit_test(printer_round_trips_parsed_json_and_escapes_nul),
        cmocka_unit_test(printer_escapes_a_special_byte_at_any_offset),
        cmocka_unit_test(every_mutator_is_deterministic_per_seed),
        cmocka_unit_test(length_boundary_sets_min_minus_one_min_max_or_max_plus_one),
        cmocka_unit_test(pattern_break_makes_the_member_fail_its_pattern),
        cmocka_unit_test(enum_near_miss_gives_a_value_outside_the_enum),
        cmocka_unit_test(type_swap_changes_the_json_type_of_one_member),
        cmocka_unit_test(number_boundary_uses_the_range_or_an_overflow),
        cmocka_unit_test(drop_and_extra_member_change_the_member_count_by_one),
        cmocka_unit_test(byte_level_mutators_produce_what_they_say),
        cmocka_unit_test(timestamp_edge_replaces_a_timestamp_member),
        cmocka_unit_test(generated_enum_values_are_in_the_enum),
        cmocka_unit_test(shrinker_keeps_only_what_the_predicate_needs),
        cmocka_unit_test(shrinker_stops_after_the_bounded_number_of_tries),
        cmocka_unit_test(shrinker_leaves_the_tree_alone_when_nothing_reproduces),
        cmocka_unit_test(byte_shrinker_reduces_to_the_byte_that_matters),
    };
    return cmocka_run_group_tests(tests, dc_test_spec_setup, dc_test_spec_teardown);
}
