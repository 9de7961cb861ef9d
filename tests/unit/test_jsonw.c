/* test_jsonw.c - the one JSON writer (core/jsonw.h): exact bytes out, the
 * comma decided by the byte before, escaping as dc_buf_put_json_string. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/common.h"
#include "core/json.h"
#include "core/jsonw.h"

static void s_assert_text(dc_buf *b, const char *want)
{
    assert_int_equal(b->len, strlen(want));
    assert_string_equal((const char *)b->data, want);
    dc_buf_free(b);
}

static void members_and_elements_get_their_commas_and_nothing_else(void **state)
{
    (void)state;
    dc_buf b;
    dc_buf_init(&b);
    dc_jsonw_object(&b);
    dc_jsonw_member_string(&b, "a", "x");
    dc_jsonw_member_int(&b, "b", -7);
    dc_jsonw_member_uint(&b, "c", 18446744073709551615u);
    dc_jsonw_member_bool(&b, "d", false);
    dc_jsonw_key(&b, "e");
    dc_jsonw_array(&b);
    dc_jsonw_int(&b, 0);
    dc_jsonw_null(&b);
    dc_jsonw_object(&b);
    dc_jsonw_object_end(&b);
    dc_jsonw_array(&b);
    dc_jsonw_array_end(&b);
    dc_jsonw_string(&b, NULL);
    dc_jsonw_array_end(&b);
    dc_jsonw_member_raw(&b, "f", "[1,2]");
    dc_jsonw_object_end(&b);
    s_assert_text(&b, "{\"a\":\"x\",\"b\":-7,\"c\":18446744073709551615,\"d\":false,\"e\":[0,null,{},[],null],"
                      "\"f\":[1,2]}");
}

static void raw_appends_mix_with_the_writer(void **state)
{
    (void)state;
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_puts(&b, "{\"Table\":");
    dc_jsonw_object(&b); /* after ':' no comma */
    dc_jsonw_member_int(&b, "n", 1);
    dc_buf_putc(&b, '}');
    dc_jsonw_member_string(&b, "z", "after a hand-written '}'");
    dc_buf_puts(&b, ",");
    dc_jsonw_member_bool(&b, "y", true); /* after a hand-written ',' no second one */
    dc_buf_putc(&b, '}');
    dc_buf_putc(&b, '\n');
    dc_jsonw_object(&b); /* a new line of JSON lines: no comma after whitespace */
    dc_jsonw_object_end(&b);
    s_assert_text(&b, "{\"Table\":{\"n\":1},\"z\":\"after a hand-written '}'\",\"y\":true}\n{}");
}

static void numbers_print_as_printf_does(void **state)
{
    (void)state;
    static const struct {
        int64_t v;
        const char *want;
    } rows[] = {
        {0, "0"},
        {9, "9"},
        {10, "10"},
        {-1, "-1"},
        {INT64_MAX, "9223372036854775807"},
        {INT64_MIN, "-9223372036854775808"},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(rows); i++) {
        dc_buf b;
        dc_buf_init(&b);
        dc_jsonw_int(&b, rows[i].v);
        s_assert_text(&b, rows[i].want);
    }
}

static void strings_escape_as_the_buffer_escaper_does(void **state)
{
    (void)state;
    static const char *const rows[] = {
        "plain",
        "",
        "quote \" back \\ slash",
        "ctl \x01\x1f tab\t nl\n cr\r bs\b ff\f",
        "caf\xC3\xA9 \xE2\x82\xAC",
        "arn:aws:dynamodb:us-east-1:123456789012:table/t/backup/01576616366715-b4e58d3a",
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(rows); i++) {
        dc_buf got, want;
        dc_buf_init(&got);
        dc_buf_init(&want);
        dc_jsonw_key(&got, rows[i]);
        dc_jsonw_string(&got, rows[i]);
        dc_buf_put_json_string(&want, rows[i], strlen(rows[i]));
        dc_buf_putc(&want, ':');
        dc_buf_put_json_string(&want, rows[i], strlen(rows[i]));
        assert_int_equal(got.len, want.len);
        assert_memory_equal(got.data, want.data, want.len);
        dc_json_doc doc;
        dc_buf_reset(&got);
        dc_jsonw_string(&got, rows[i]);
        assert_int_equal(dc_json_parse((const char *)got.data, got.len, &doc, NULL), 0);
        assert_string_equal(dc_json_string(doc.root), rows[i]);
        dc_json_doc_free(&doc);
        dc_buf_free(&got);
        dc_buf_free(&want);
    }
    dc_buf b;
    dc_buf_init(&b);
    dc_jsonw_string_n(&b, "nul\0inside", 10);
    s_assert_text(&b, "\"nul\\u0000inside\"");
}

static void indented_layout_puts_each_member_on_a_line_and_keeps_empty_containers_inline(void **state)
{
    (void)state;
    dc_buf b;
    dc_buf_init(&b);
    dc_jsonw_object(&b);
    dc_jsonw_key_at(&b, 2, "id");
    dc_jsonw_string(&b, "x");
    dc_jsonw_key_n_at(&b, 2, "k\0", 2);
    dc_jsonw_object(&b);
    dc_jsonw_end_at(&b, 2, '}');
    dc_jsonw_key_at(&b, 2, "steps");
    dc_jsonw_array(&b);
    dc_jsonw_item_at(&b, 4);
    dc_jsonw_int(&b, 1);
    dc_jsonw_item_at(&b, 4);
    dc_jsonw_array(&b);
    dc_jsonw_end_at(&b, 4, ']');
    dc_jsonw_end_at(&b, 2, ']');
    dc_jsonw_end_at(&b, 0, '}');
    s_assert_text(&b, "{\n  \"id\": \"x\",\n  \"k\\u0000\": {},\n  \"steps\": [\n    1,\n    []\n  ]\n}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(members_and_elements_get_their_commas_and_nothing_else),
        cmocka_unit_test(raw_appends_mix_with_the_writer),
        cmocka_unit_test(numbers_print_as_printf_does),
        cmocka_unit_test(strings_escape_as_the_buffer_escaper_does),
        cmocka_unit_test(indented_layout_puts_each_member_on_a_line_and_keeps_empty_containers_inline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
