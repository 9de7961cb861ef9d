/* test_json.c - the strict JSON layer: must-accept / must-reject tables in the
 * classes of RFC 8259 (JSONTestSuite's y_/n_ naming), plus the gaps of cJSON
 * the layer exists to close. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/json.h"

typedef struct {
    const char *name;
    const char *text;
    size_t len; /* 0 = strlen(text) */
} json_case;

typedef struct {
    const char *name;
    const char *text;
    size_t len; /* 0 = strlen(text) */
    size_t at;  /* the offset of the error */
} json_reject;

static const json_case must_accept[] = {
    {"y_object_empty", "{}", 0},
    {"y_array_empty", "[]", 0},
    {"y_structure_whitespace", " \t\r\n{ \"a\" : [ 1 , 2 ] }\n", 0},
    {"y_number_zero", "0", 0},
    {"y_number_negative_zero", "-0", 0},
    {"y_number_fraction", "[1.5]", 0},
    {"y_number_exponent_java", "1.584532379393E9", 0},
    {"y_number_exponent_signed", "[1e-7, 2E+3]", 0},
    {"y_number_huge_exponent", "[1e400]", 0},
    {"y_number_very_long",
     "[123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890]", 0},
    {"y_string_escapes", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", 0},
    {"y_string_unicode_escape", "\"\\u00e9\\u4e2d\"", 0},
    {"y_string_surrogate_pair", "\"\\ud83d\\ude00\"", 0},
    {"y_string_utf8_raw", "\"caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80\"", 0},
    {"y_string_escaped_nul", "\"a\\u0000b\"", 0},
    {"y_literals", "[true,false,null]", 0},
    {"y_nested_64",
     "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
     "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
     0},
    {"y_object_duplicate_key", "{\"a\":1,\"a\":2}", 0},
};

/* at: the byte offset the error names ("byte N: ..."), where a reader would point */
static const json_reject must_reject[] = {
    {"n_empty", "", 0, 0},
    {"n_whitespace_only", "  ", 0, 2},
    {"n_trailing_garbage", "{} x", 0, 3},
    {"n_two_values", "1 2", 0, 2},
    {"n_trailing_comma_object", "{\"a\":1,}", 0, 7},
    {"n_trailing_comma_array", "[1,]", 0, 3},
    {"n_missing_colon", "{\"a\" 1}", 0, 5},
    {"n_single_quotes", "{'a':1}", 0, 1},
    {"n_unquoted_key", "{a:1}", 0, 1},
    {"n_number_leading_zero", "[01]", 0, 2},
    {"n_number_trailing_dot", "[1.]", 0, 3},
    {"n_number_leading_dot", "[.5]", 0, 1},
    {"n_number_plus", "[+1]", 0, 1},
    {"n_number_hex", "[0x1]", 0, 2},
    {"n_number_exp_no_digits", "[1e]", 0, 3},
    {"n_number_minus_only", "[-]", 0, 2},
    {"n_number_nan", "[NaN]", 0, 1},
    {"n_number_infinity", "[Infinity]", 0, 1},
    {"n_string_raw_newline", "[\"a\nb\"]", 0, 3},
    {"n_string_raw_tab", "[\"a\tb\"]", 0, 3},
    {"n_string_bad_escape", "[\"\\x41\"]", 0, 2},
    {"n_string_short_unicode", "[\"\\u12\"]", 0, 2},
    {"n_string_lone_high_surrogate", "[\"\\ud800\"]", 0, 2},
    {"n_string_lone_low_surrogate", "[\"\\udc00\"]", 0, 2},
    {"n_string_unterminated", "[\"abc", 0, 5},
    {"n_utf8_invalid_byte", "[\"\xff\"]", 0, 2},
    {"n_utf8_overlong_slash", "[\"\xc0\xaf\"]", 0, 2},
    {"n_utf8_overlong_3byte", "[\"\xe0\x80\xaf\"]", 0, 2},
    {"n_utf8_encoded_surrogate", "[\"\xed\xa0\x80\"]", 0, 2},
    {"n_utf8_above_max", "[\"\xf4\x90\x80\x80\"]", 0, 2},
    {"n_utf8_truncated", "[\"\xe4\xb8\"]", 0, 2},
    {"n_literal_case", "[True]", 0, 1},
    {"n_literal_truncated", "[nul]", 0, 1},
    {"n_unclosed_array", "[1", 0, 2},
    {"n_unclosed_object", "{\"a\":1", 0, 6},
    {"n_embedded_nul_outside_string", "[1]\0", 4, 3},
    {"n_comment", "[1] // c", 0, 4},
};

static size_t s_len(const json_case *c)
{
    return c->len ? c->len : strlen(c->text);
}

static void strict_parser_accepts_every_valid_document(void **state)
{
    (void)state;
    for (size_t i = 0; i < DC_ARRAY_LEN(must_accept); i++) {
        dc_json_doc doc;
        dc_err err = {{0}};
        int rc = dc_json_parse(must_accept[i].text, s_len(&must_accept[i]), &doc, &err);
        if (rc != 0)
            fail_msg("%s rejected: %s", must_accept[i].name, err.msg);
        dc_json_doc_free(&doc);
    }
}

static void strict_parser_rejects_every_invalid_document(void **state)
{
    (void)state;
    for (size_t i = 0; i < DC_ARRAY_LEN(must_reject); i++) {
        dc_json_doc doc;
        dc_err err = {{0}};
        const json_reject *r = &must_reject[i];
        int rc = dc_json_parse(r->text, r->len ? r->len : strlen(r->text), &doc, &err);
        if (rc == 0) {
            dc_json_doc_free(&doc);
            fail_msg("%s accepted", r->name);
        }
        char want[32];
        snprintf(want, sizeof want, "byte %zu: ", r->at);
        if (strncmp(err.msg, want, strlen(want)) != 0)
            fail_msg("%s: \"%s\", want it to start with \"%s\"", r->name, err.msg, want);
    }
}

static void nesting_deeper_than_the_limit_is_rejected(void **state)
{
    (void)state;
    char buf[2 * (DC_JSON_MAX_DEPTH + 1)];
    for (size_t i = 0; i <= DC_JSON_MAX_DEPTH; i++) {
        buf[i] = '[';
        buf[DC_JSON_MAX_DEPTH + 1 + i] = ']';
    }
    dc_json_doc doc;
    dc_err err = {{0}};
    assert_int_equal(dc_json_parse(buf, sizeof buf, &doc, &err), -1);
    assert_non_null(strstr(err.msg, "nesting deeper than the limit"));
    /* exactly the limit is fine */
    assert_int_equal(dc_json_parse(buf + 1, sizeof buf - 2, &doc, &err), 0);
    dc_json_doc_free(&doc);
}

static void escaped_nul_keeps_the_full_string_length(void **state)
{
    (void)state;
    const char *text = "{\"k\\u0000x\":\"a\\u0000b\"}";
    dc_json_doc doc;
    assert_int_equal(dc_json_parse(text, strlen(text), &doc, NULL), 0);
    const dc_json *m = &doc.root->items[0];
    assert_int_equal(m->key_len, 3);
    assert_memory_equal(m->key, "k\0x", 3);
    assert_int_equal(m->str_len, 3);
    assert_memory_equal(m->str, "a\0b", 3);
    /* a key with an embedded NUL does not match its prefix */
    assert_null(dc_json_get(doc.root, "k"));
    assert_non_null(dc_json_getn(doc.root, "k\0x", 3));
    dc_json_doc_free(&doc);
}

static void member_lookup_is_exact_case(void **state)
{
    (void)state;
    const char *text = "{\"TableName\":\"a\",\"tablename\":\"b\"}";
    dc_json_doc doc;
    assert_int_equal(dc_json_parse(text, strlen(text), &doc, NULL), 0);
    assert_string_equal(dc_json_string(dc_json_get(doc.root, "TableName")), "a");
    assert_string_equal(dc_json_string(dc_json_get(doc.root, "tablename")), "b");
    assert_null(dc_json_get(doc.root, "TABLENAME"));
    dc_json_doc_free(&doc);
}

static void duplicate_keys_are_counted_and_the_last_one_wins(void **state)
{
    (void)state;
    const char *text = "{\"a\":1,\"b\":2,\"a\":3}";
    dc_json_doc doc;
    assert_int_equal(dc_json_parse(text, strlen(text), &doc, NULL), 0);
    assert_int_equal(doc.duplicate_keys, 1);
    assert_string_equal(dc_json_get(doc.root, "a")->str, "3");
    assert_int_equal(doc.root->count, 3);
    dc_json_doc_free(&doc);
}

static void int64_reads_the_exact_text_not_a_double(void **state)
{
    (void)state;
    const char *text = "[9223372036854775807,-9223372036854775808,9223372036854775808,9007199254740993,1.5,1e3,-0]";
    dc_json_doc doc;
    assert_int_equal(dc_json_parse(text, strlen(text), &doc, NULL), 0);
    int64_t v = 0;
    assert_int_equal(dc_json_int64(&doc.root->items[0], &v), DC_INT_OK);
    assert_true(v == INT64_MAX);
    assert_int_equal(dc_json_int64(&doc.root->items[1], &v), DC_INT_OK);
    assert_true(v == INT64_MIN);
    assert_int_equal(dc_json_int64(&doc.root->items[2], &v), DC_INT_OVERFLOW);
    assert_int_equal(dc_json_int64(&doc.root->items[3], &v), DC_INT_OK);
    assert_true(v == 9007199254740993LL); /* not representable as a double */
    assert_int_equal(dc_json_int64(&doc.root->items[4], &v), DC_INT_NOT_INTEGER);
    assert_int_equal(dc_json_int64(&doc.root->items[5], &v), DC_INT_NOT_INTEGER);
    assert_int_equal(dc_json_int64(&doc.root->items[6], &v), DC_INT_OK);
    assert_true(v == 0);
    dc_json_doc_free(&doc);
}

static void numbers_keep_their_source_text(void **state)
{
    (void)state;
    const char *text = "{\"t\":1.584532379393E9,\"big\":123456789012345678901234567890123456789012345678901234567890"
                       "1234567890}";
    dc_json_doc doc;
    assert_int_equal(dc_json_parse(text, strlen(text), &doc, NULL), 0);
    const dc_json *t = dc_json_get(doc.root, "t");
    assert_string_equal(t->str, "1.584532379393E9");
    assert_true(t->num == 1584532379.393);
    const dc_json *big = dc_json_get(doc.root, "big");
    assert_int_equal(big->str_len, 70);
    dc_json_doc_free(&doc);
}

static void print_then_parse_gives_an_equal_document(void **state)
{
    (void)state;
    const char *text = " { \"a\" : [1.50, -0, 1E9, \"x\\u0000y\", true, null, {}], \"\\u00e9\": {\"b\": false} } ";
    dc_json_doc a, b;
    assert_int_equal(dc_json_parse(text, strlen(text), &a, NULL), 0);
    dc_buf out;
    dc_buf_init(&out);
    dc_json_print(a.root, &out);
    assert_string_equal((char *)out.data,
                        "{\"a\":[1.50,-0,1E9,\"x\\u0000y\",true,null,{}],\"\xc3\xa9\":{\"b\":false}}");
    assert_int_equal(dc_json_parse(out.data, out.len, &b, NULL), 0);
    assert_true(dc_json_equal(a.root, b.root));
    dc_buf_free(&out);
    dc_json_doc_free(&a);
    dc_json_doc_free(&b);
}

static void equality_ignores_member_order_but_not_values(void **state)
{
    (void)state;
    dc_json_doc a, b, c;
    assert_int_equal(dc_json_parse("{\"x\":1,\"y\":[1,2]}", 17, &a, NULL), 0);
    assert_int_equal(dc_json_parse("{\"y\":[1,2],\"x\":1.0}", 19, &b, NULL), 0);
    assert_int_equal(dc_json_parse("{\"y\":[2,1],\"x\":1}", 17, &c, NULL), 0);
    assert_true(dc_json_equal(a.root, b.root));
    assert_false(dc_json_equal(a.root, c.root));
    dc_json_doc_free(&a);
    dc_json_doc_free(&b);
    dc_json_doc_free(&c);
}

/* [S:member-order]: "Message" < "__type" < "message" by code point; a shorter
 * prefix first; the walk goes into arrays and nested objects. */
static void the_first_unsorted_member_is_found_at_any_depth(void **state)
{
    (void)state;
    static const struct {
        const char *text, *bad, *before; /* bad NULL: every object in order */
    } rows[] = {
        {"{\"Message\":\"m\",\"__type\":\"t\"}", NULL, NULL},
        {"{\"__type\":\"t\",\"message\":\"m\"}", NULL, NULL},
        {"{\"A\":1,\"AB\":[{\"a\":1,\"b\":2}],\"B\":{}}", NULL, NULL},
        {"{\"message\":\"m\",\"__type\":\"t\"}", "__type", "message"},
        {"{\"AB\":1,\"A\":2}", "A", "AB"},
        {"{\"A\":[1,{\"y\":1,\"x\":2}],\"B\":{\"d\":1,\"c\":2}}", "x", "y"},
        {"[{\"b\":{},\"a\":{}}]", "a", "b"},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(rows); i++) {
        dc_json_doc doc;
        assert_int_equal(dc_json_parse(rows[i].text, strlen(rows[i].text), &doc, NULL), 0);
        const dc_json *bad = dc_json_first_unsorted(doc.root);
        if (rows[i].bad == NULL) {
            if (bad != NULL)
                fail_msg("%s: %s reported out of order", rows[i].text, bad->key);
        } else {
            assert_non_null(bad);
            assert_string_equal(bad->key, rows[i].bad);
            assert_string_equal(bad[-1].key, rows[i].before);
        }
        dc_json_doc_free(&doc);
    }
}

static void utf16_length_counts_like_java(void **state)
{
    (void)state;
    const char *text = "[\"abc\",\"\xc3\xa9\",\"\xe4\xb8\xad\",\"\xf0\x9f\x98\x80\",\"a\\u0000b\"]";
    dc_json_doc doc;
    assert_int_equal(dc_json_parse(text, strlen(text), &doc, NULL), 0);
    assert_int_equal(dc_json_utf16_len(&doc.root->items[0]), 3);
    assert_int_equal(dc_json_utf16_len(&doc.root->items[1]), 1);
    assert_int_equal(dc_json_utf16_len(&doc.root->items[2]), 1);
    assert_int_equal(dc_json_utf16_len(&doc.root->items[3]), 2);
    assert_int_equal(dc_json_utf16_len(&doc.root->items[4]), 3);
    dc_json_doc_free(&doc);
}

/* Long strings without escapes are read from the document itself (cJSON sees ""
 * in their place): keys, values, UTF-8, neighbours with escapes and long
 * numbers all keep their exact bytes, and repeated long keys still count. */
static void long_plain_strings_keep_their_bytes(void **state)
{
    (void)state;
    char key[41], val[1001], num[81];
    memset(key, 'k', 40);
    key[40] = '\0';
    for (size_t i = 0; i < 1000; i += 2)
        memcpy(val + i, "\xc3\xa9", 2); /* 500 x U+00E9 */
    val[1000] = '\0';
    memset(num, '7', 80);
    num[80] = '\0';
    dc_buf text;
    dc_buf_init(&text);
    dc_buf_printf(&text,
                  "{\"%s\":\"%s\",\"esc\":\"%s\\n%s\",\"n\":%s,\"%s\":[\"%s\",\"short\",\"\\u00e9%s\"],"
                  "\"tail\":\"%s\"}",
                  key, val, key, key, num, key, key, key, key);
    dc_json_doc doc;
    assert_int_equal(dc_json_parse(text.data, text.len, &doc, NULL), 0);
    assert_int_equal(doc.root->count, 5);
    assert_int_equal(doc.duplicate_keys, 1);
    const dc_json *m = &doc.root->items[0];
    assert_int_equal(m->key_len, 40);
    assert_string_equal(m->key, key);
    assert_int_equal(m->str_len, 1000);
    assert_string_equal(m->str, val);
    assert_int_equal(dc_json_utf16_len(m), 500);
    char esc[82];
    snprintf(esc, sizeof esc, "%s\n%s", key, key);
    assert_string_equal(dc_json_get(doc.root, "esc")->str, esc);
    assert_string_equal(dc_json_get(doc.root, "n")->str, num);
    const dc_json *arr = dc_json_get(doc.root, key);
    assert_int_equal(arr->type, DC_JSON_ARRAY);
    assert_int_equal(arr->count, 3);
    assert_string_equal(arr->items[0].str, key);
    assert_string_equal(arr->items[1].str, "short");
    char e9[43];
    snprintf(e9, sizeof e9, "\xc3\xa9%s", key);
    assert_int_equal(arr->items[2].str_len, 42);
    assert_string_equal(arr->items[2].str, e9);
    assert_string_equal(dc_json_get(doc.root, "tail")->str, key);
    dc_json_doc_free(&doc);
    dc_buf_free(&text);
}

/* The scanner reads plain ASCII 16 bytes at a time: a byte it must refuse or
 * decode is found at every offset of a word. */
static void string_scanner_finds_a_special_byte_at_any_offset(void **state)
{
    (void)state;
    for (size_t at = 0; at < 24; at++) {
        char text[64];
        memset(text, 'a', sizeof text);
        text[0] = '"';
        text[30] = '"';
        text[31] = '\0';
        dc_json_doc doc;
        text[1 + at] = '\x01'; /* control character */
        assert_int_equal(dc_json_parse(text, 31, &doc, NULL), -1);
        text[1 + at] = '\x80'; /* a lone continuation byte */
        assert_int_equal(dc_json_parse(text, 31, &doc, NULL), -1);
        text[1 + at] = '"'; /* ends the string early: trailing bytes */
        assert_int_equal(dc_json_parse(text, 31, &doc, NULL), -1);
        text[1 + at] = '\\';
        text[2 + at] = 't';
        assert_int_equal(dc_json_parse(text, 31, &doc, NULL), 0);
        assert_int_equal(doc.root->str_len, 28);
        assert_int_equal(doc.root->str[at], '\t');
        dc_json_doc_free(&doc);
        memcpy(text + 1 + at, "\xf0\x9f\x98\x80", 4); /* U+1F600: 4 bytes, 2 UTF-16 units */
        assert_int_equal(dc_json_parse(text, 31, &doc, NULL), 0);
        assert_int_equal(doc.root->str_len, 29);
        assert_int_equal(dc_json_utf16_len(doc.root), 27);
        assert_memory_equal(doc.root->str + at, "\xf0\x9f\x98\x80", 4);
        dc_json_doc_free(&doc);
        text[1 + at] = '\x7f'; /* DEL is a plain byte */
        text[2 + at] = 'a';
        text[3 + at] = 'a';
        text[4 + at] = 'a';
        assert_int_equal(dc_json_parse(text, 31, &doc, NULL), 0);
        assert_int_equal(doc.root->str_len, 29);
        dc_json_doc_free(&doc);
    }
}

/* The string writer copies runs 16 bytes at a time: a byte it must escape is
 * escaped at every offset of a word, and bytes from 0x80 up are copied as they are. */
static void json_string_writer_escapes_a_special_byte_at_any_offset(void **state)
{
    (void)state;
    static const struct {
        char byte;
        const char *escaped;
    } specials[] = {{'"', "\\\""},     {'\\', "\\\\"},   {'\n', "\\n"},    {'\x01', "\\u0001"}, {'\x1f', "\\u001f"},
                    {'\0', "\\u0000"}, {'\x7f', "\x7f"}, {'\xc3', "\xc3"}, {' ', " "}};
    for (size_t k = 0; k < sizeof specials / sizeof specials[0]; k++) {
        for (size_t at = 0; at < 24; at++) {
            char in[30];
            memset(in, 'x', sizeof in);
            in[at] = specials[k].byte;
            bool plain = strlen(specials[k].escaped) == 1;
            assert_int_equal(dc_json_unescaped_run(in, sizeof in), plain ? sizeof in : at);
            char want[64];
            snprintf(want, sizeof want, "\"%.*s%s%.*s\"", (int)at, in, specials[k].escaped, (int)(sizeof in - at - 1),
                     in + at + 1);
            dc_buf out;
            dc_buf_init(&out);
            dc_buf_put_json_string(&out, in, sizeof in);
            assert_int_equal(out.len, strlen(want));
            assert_memory_equal(out.data, want, out.len);
            dc_buf_free(&out);
        }
    }
}

/* dc_utf8_check reads ASCII 16 bytes at a time: the first invalid byte is found
 * at every offset of a word, and valid multi-byte characters are passed over. */
static void utf8_check_finds_the_first_invalid_byte_at_any_offset(void **state)
{
    (void)state;
    for (size_t at = 0; at < 24; at++) {
        uint8_t v[32];
        memset(v, 'a', sizeof v);
        assert_int_equal(dc_utf8_check(v, sizeof v), sizeof v);
        v[at] = 0xff;
        assert_int_equal(dc_utf8_check(v, sizeof v), at);
        memcpy(v + at, "\xe4\xb8\xad", 3); /* U+4E2D */
        assert_int_equal(dc_utf8_check(v, sizeof v), sizeof v);
        v[at + 2] = 'a'; /* cut short */
        assert_int_equal(dc_utf8_check(v, sizeof v), at);
    }
}

/* A number's value is strtod of its text, whether cJSON read it (up to 63
 * characters) or saw a "0" in its place; the node pool is not zeroed, so every
 * member a node does not use is set: no key in arrays, no children in scalars. */
static void numbers_are_strtod_of_their_text_and_unused_members_are_empty(void **state)
{
    (void)state;
    char long63[64], long64[65];
    memset(long63, '9', 63);
    long63[63] = '\0';
    memset(long64, '9', 64);
    long64[64] = '\0';
    const char *texts[] = {"1.796100213713E9", "-0", "1e400", "-1e400", "0.1", "123456789012345678901", long63, long64};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char doc_text[200];
        snprintf(doc_text, sizeof doc_text, "[%s,\"s\",{},[],null]", texts[i]);
        dc_json_doc doc;
        assert_int_equal(dc_json_parse(doc_text, strlen(doc_text), &doc, NULL), 0);
        const dc_json *n = &doc.root->items[0];
        assert_string_equal(n->str, texts[i]);
        double want = strtod(texts[i], NULL);
        assert_memory_equal(&n->num, &want, sizeof want);
        assert_null(doc.root->key);
        assert_int_equal(doc.root->key_len, 0);
        for (size_t k = 0; k < doc.root->count; k++) {
            const dc_json *m = &doc.root->items[k];
            assert_null(m->key);
            assert_int_equal(m->key_len, 0);
            assert_int_equal(m->count, 0);
            if (m->type != DC_JSON_NUMBER)
                assert_true(m->num == 0);
            if (m->type != DC_JSON_NUMBER && m->type != DC_JSON_STRING) {
                assert_null(m->str);
                assert_int_equal(m->str_len, 0);
            }
            if (m->type != DC_JSON_OBJECT && m->type != DC_JSON_ARRAY)
                assert_null(m->items);
        }
        dc_json_doc_free(&doc);
    }
}

static void path_lookup_walks_members_and_indexes(void **state)
{
    (void)state;
    const char *text = "{\"Table\":{\"KeySchema\":[{\"AttributeName\":\"pk\"},{\"AttributeName\":\"sk\"}]}}";
    dc_json_doc doc;
    assert_int_equal(dc_json_parse(text, strlen(text), &doc, NULL), 0);
    assert_string_equal(dc_json_string(dc_json_path(doc.root, "Table.KeySchema.1.AttributeName")), "sk");
    assert_null(dc_json_path(doc.root, "Table.KeySchema.2.AttributeName"));
    assert_null(dc_json_path(doc.root, "Table.Nope"));
    dc_json_doc_free(&doc);
}

static void parser_never_reads_past_the_given_length(void **state)
{
    (void)state;
    /* the buffer continues with valid JSON that must not be seen */
    const char text[] = "{\"a\":1}garbage";
    dc_json_doc doc;
    assert_int_equal(dc_json_parse(text, 7, &doc, NULL), 0);
    dc_json_doc_free(&doc);
    assert_int_equal(dc_json_parse(text, 5, &doc, NULL), -1);
}

static void load_file_names_the_file_in_every_error(void **state)
{
    (void)state;
    char dir[] = "/tmp/dc-test-json-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char good[64], bad[64], missing[64];
    snprintf(good, sizeof good, "%s/good.json", dir);
    snprintf(bad, sizeof bad, "%s/bad.json", dir);
    snprintf(missing, sizeof missing, "%s/missing.json", dir);
    assert_int_equal(dc_write_file_atomic(good, "{\"a\":1}", 7, NULL), 0);
    assert_int_equal(dc_write_file_atomic(bad, "[1,]", 4, NULL), 0);
    const struct {
        const char *path, *label;
        size_t max;
        const char *want; /* NULL: loads; else the message after "<dir>/" is filled in */
    } rows[] = {
        {good, NULL, 64, NULL},
        {good, "spec/good.json", 64, NULL},
        {bad, NULL, 64, "%s/bad.json: byte 3: unexpected character"},
        {bad, "spec/bad.json", 64, "spec/bad.json: byte 3: unexpected character"},
        {missing, NULL, 64, "%s/missing.json: cannot open: No such file or directory"},
        {missing, "spec/missing.json", 64,
         "spec/missing.json: %s/missing.json: cannot open: No such file or directory"},
        {good, NULL, 4, "%s/good.json: larger than the limit of 4 bytes"},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(rows); i++) {
        dc_json_doc doc;
        dc_err err = {{0}};
        int rc = dc_json_load_file(rows[i].path, rows[i].label, rows[i].max, &doc, &err);
        if (rows[i].want == NULL) {
            if (rc != 0)
                fail_msg("row %zu: %s", i, err.msg);
            assert_string_equal(dc_json_get(doc.root, "a")->str, "1");
            dc_json_doc_free(&doc);
            continue;
        }
        char want[256];
        /* the rows' texts are the format: only the folder is filled in */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        snprintf(want, sizeof want, rows[i].want, dir);
#pragma GCC diagnostic pop
        assert_int_equal(rc, -1);
        assert_string_equal(err.msg, want);
    }
    unlink(good);
    unlink(bad);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strict_parser_accepts_every_valid_document),
        cmocka_unit_test(strict_parser_rejects_every_invalid_document),
        cmocka_unit_test(nesting_deeper_than_the_limit_is_rejected),
        cmocka_unit_test(escaped_nul_keeps_the_full_string_length),
        cmocka_unit_test(member_lookup_is_exact_case),
        cmocka_unit_test(duplicate_keys_are_counted_and_the_last_one_wins),
        cmocka_unit_test(int64_reads_the_exact_text_not_a_double),
        cmocka_unit_test(numbers_keep_their_source_text),
        cmocka_unit_test(print_then_parse_gives_an_equal_document),
        cmocka_unit_test(equality_ignores_member_order_but_not_values),
        cmocka_unit_test(the_first_unsorted_member_is_found_at_any_depth),
        cmocka_unit_test(utf16_length_counts_like_java),
        cmocka_unit_test(long_plain_strings_keep_their_bytes),
        cmocka_unit_test(string_scanner_finds_a_special_byte_at_any_offset),
        cmocka_unit_test(json_string_writer_escapes_a_special_byte_at_any_offset),
        cmocka_unit_test(utf8_check_finds_the_first_invalid_byte_at_any_offset),
        cmocka_unit_test(numbers_are_strtod_of_their_text_and_unused_members_are_empty),
        cmocka_unit_test(path_lookup_walks_members_and_indexes),
        cmocka_unit_test(parser_never_reads_past_the_given_length),
        cmocka_unit_test(load_file_names_the_file_in_every_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
