/* test_text.c - the one markup escaper, redaction and UTF-8 repair of
 * core/text.h, and dc_strf: table-driven, exact bytes out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/common.h"
#include "core/text.h"

#define FFFD "\xEF\xBF\xBD"

/* Inputs carry their length (sizeof - 1), so rows may hold NUL bytes. */
#define ROW(in, want)                                                                                                  \
    {                                                                                                                  \
        in, sizeof(in) - 1, want, sizeof(want) - 1                                                                     \
    }

typedef struct {
    const char *in;
    size_t in_len;
    const char *want;
    size_t want_len;
} s_row;

static void s_assert_bytes(const dc_buf *got, const s_row *row, size_t i)
{
    if (got->len != row->want_len || (row->want_len > 0 && memcmp(got->data, row->want, row->want_len) != 0))
        fail_msg("row %zu: got \"%.*s\" (%zu bytes), want \"%.*s\" (%zu bytes)", i, (int)got->len,
                 got->data ? (const char *)got->data : "", got->len, (int)row->want_len, row->want, row->want_len);
}

static void markup_escapes_the_five_characters_and_replaces_what_markup_may_not_hold(void **state)
{
    (void)state;
    static const s_row rows[] = {
        ROW("plain text", "plain text"),
        ROW("a & b < c > d", "a &amp; b &lt; c &gt; d"),
        ROW("\"q\" 'a'", "&quot;q&quot; &#39;a&#39;"),
        ROW("line\nnext\ttab", "line\nnext\ttab"),
        ROW("cr\r\n", "cr" FFFD "\n"),
        ROW("nul\0kept", "nul" FFFD "kept"),
        ROW("bell\x07 del\x7F", "bell" FFFD " del" FFFD),
        ROW("caf\xC3\xA9 \xE2\x82\xAC", "caf\xC3\xA9 \xE2\x82\xAC"),
        ROW("bad \xFF byte", "bad " FFFD " byte"),
        ROW("cut \xE2\x82", "cut " FFFD FFFD),
        ROW("\xC3\x28<", FFFD "(&lt;"),
        ROW("", ""),
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(rows); i++) {
        dc_buf out;
        dc_buf_init(&out);
        dc_text_markup(&out, rows[i].in, rows[i].in_len);
        s_assert_bytes(&out, &rows[i], i);
        dc_buf_free(&out);
    }
}

static void redaction_replaces_secret_headers_signatures_and_registered_secrets(void **state)
{
    (void)state;
    static const char *const secrets[] = {"s3cretKeyValue", ""};
    static const s_row rows[] = {
        ROW("Authorization: AWS4-HMAC-SHA256 Credential=x\nnext", "Authorization: <redacted>\nnext"),
        ROW("x-amz-security-token: tok\n", "x-amz-security-token: <redacted>\n"),
        ROW("body Authorization: stays", "body Authorization: stays"),
        ROW("sig Signature=0123abcdEF, more", "sig Signature=<redacted>, more"),
        ROW("key s3cretKeyValue twice s3cretKeyValue", "key <redacted> twice <redacted>"),
        ROW("nul\0s3cretKeyValue", "nul\0<redacted>"),
        ROW("no secret here", "no secret here"),
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(rows); i++) {
        dc_buf out;
        dc_buf_init(&out);
        dc_text_redact(&out, rows[i].in, rows[i].in_len, secrets, DC_ARRAY_LEN(secrets));
        s_assert_bytes(&out, &rows[i], i);
        dc_buf_free(&out);
    }
}

static void markup_redacted_redacts_first_then_escapes(void **state)
{
    (void)state;
    static const char *const secrets[] = {"<key>"};
    static const char in[] = "Authorization: <a>\n<key> & Signature=ff\0end";
    static const char want[] =
        "Authorization: &lt;redacted&gt;\n&lt;redacted&gt; &amp; Signature=&lt;redacted&gt;" FFFD "end";
    dc_buf out;
    dc_buf_init(&out);
    dc_text_markup_redacted(&out, in, sizeof in - 1, secrets, 1);
    assert_int_equal(out.len, sizeof want - 1);
    assert_memory_equal(out.data, want, sizeof want - 1);
    dc_buf_free(&out);
}

static void utf8_repair_replaces_each_bad_byte_and_keeps_the_rest(void **state)
{
    (void)state;
    static const s_row rows[] = {
        ROW("ok \xC3\xA9", "ok \xC3\xA9"),
        ROW("a\xFF\xFE"
            "b",
            "a" FFFD FFFD "b"),
        ROW("nul\0<&>", "nul\0<&>"),
        ROW("\xE2\x82", FFFD FFFD),
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(rows); i++) {
        dc_buf out;
        dc_buf_init(&out);
        dc_text_utf8_repair(&out, (const uint8_t *)rows[i].in, rows[i].in_len);
        s_assert_bytes(&out, &rows[i], i);
        dc_buf_free(&out);
    }
}

static void strf_prints_into_a_new_string(void **state)
{
    (void)state;
    char *s = dc_strf("%s has %d items", "table", 3);
    assert_string_equal(s, "table has 3 items");
    free(s);
    s = dc_strf("%s", "");
    assert_string_equal(s, "");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(markup_escapes_the_five_characters_and_replaces_what_markup_may_not_hold),
        cmocka_unit_test(redaction_replaces_secret_headers_signatures_and_registered_secrets),
        cmocka_unit_test(markup_redacted_redacts_first_then_escapes),
        cmocka_unit_test(utf8_repair_replaces_each_bad_byte_and_keeps_the_rest),
        cmocka_unit_test(strf_prints_into_a_new_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
