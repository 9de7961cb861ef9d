/* test_hash.c - the one hash table (core/hash.h): FNV-1a's published values,
 * the nodes of a key latest first, keys sharing a bucket kept apart, removal
 * and growth by reset and re-insertion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/common.h"
#include "core/hash.h"

typedef struct {
    int id;
    dc_hash_node node;
} s_item;

static int s_id(const dc_hash_node *n)
{
    return n == NULL ? -1 : DC_HASH_ENTRY(n, s_item, node)->id;
}

static void fnv1a_gives_the_published_64_bit_values(void **state)
{
    (void)state;
    assert_true(dc_hash_fnv1a(DC_HASH_FNV_SEED, "", 0) == 0xcbf29ce484222325ull);
    assert_true(dc_hash_fnv1a(DC_HASH_FNV_SEED, "a", 1) == 0xaf63dc4c8601ec8cull);
    assert_true(dc_hash_fnv1a(DC_HASH_FNV_SEED, "foobar", 6) == 0x85944171f73967e8ull);
    /* continuing a hash is hashing the concatenation */
    assert_true(dc_hash_fnv1a(dc_hash_fnv1a(DC_HASH_FNV_SEED, "foo", 3), "bar", 3) ==
                dc_hash_fnv1a(DC_HASH_FNV_SEED, "foobar", 6));
}

static void nodes_of_a_key_come_latest_first_and_other_keys_of_the_bucket_are_skipped(void **state)
{
    (void)state;
    dc_hash h;
    dc_hash_init(&h, 4);
    s_item it[4] = {{0, {0}}, {1, {0}}, {2, {0}}, {3, {0}}};
    dc_hash_insert(&h, &it[0].node, 7);
    dc_hash_insert(&h, &it[1].node, 3); /* the same bucket as 7 (7 & 3 == 3) */
    dc_hash_insert(&h, &it[2].node, 7);
    dc_hash_insert(&h, &it[3].node, 8);
    assert_int_equal(h.n, 4);
    dc_hash_node *n = dc_hash_first(&h, 7);
    assert_int_equal(s_id(n), 2);
    n = dc_hash_next(n);
    assert_int_equal(s_id(n), 0);
    assert_null(dc_hash_next(n));
    assert_int_equal(s_id(dc_hash_first(&h, 3)), 1);
    assert_null(dc_hash_next(dc_hash_first(&h, 3)));
    assert_null(dc_hash_first(&h, 11)); /* bucket 3, no such key */

    assert_true(dc_hash_remove(&h, &it[2].node));
    assert_false(dc_hash_remove(&h, &it[2].node));
    assert_int_equal(s_id(dc_hash_first(&h, 7)), 0);
    assert_int_equal(h.n, 3);

    /* growth: reset to more buckets, re-insert in the order to be found */
    dc_hash_reset(&h, 64);
    assert_null(dc_hash_first(&h, 7));
    dc_hash_insert(&h, &it[0].node, it[0].node.key);
    dc_hash_insert(&h, &it[1].node, it[1].node.key);
    dc_hash_insert(&h, &it[3].node, it[3].node.key);
    assert_int_equal(s_id(dc_hash_first(&h, 7)), 0);
    assert_int_equal(s_id(dc_hash_first(&h, 3)), 1);
    assert_int_equal(s_id(dc_hash_first(&h, 8)), 3);
    assert_int_equal(h.n, 3);
    dc_hash_free(&h);
}

static void an_empty_table_finds_nothing(void **state)
{
    (void)state;
    dc_hash h;
    dc_hash_init(&h, 0);
    s_item x = {0, {0}};
    assert_null(dc_hash_first(&h, 0));
    assert_false(dc_hash_remove(&h, &x.node));
    dc_hash_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fnv1a_gives_the_published_64_bit_values),
        cmocka_unit_test(nodes_of_a_key_come_latest_first_and_other_keys_of_the_bucket_are_skipped),
        cmocka_unit_test(an_empty_table_finds_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
