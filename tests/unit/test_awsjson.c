/* test_awsjson.c - the one reader of awsJson error bodies and request content
 * types (wire/awsjson.h): the check module, the runner, the fuzz oracle, serve
 * and the client judge all read through it, so its answers are pinned here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "wire/awsjson.h"
#include "test_util.h"

static void error_name_is_sanitized_like_the_awsjson_protocol(void **state)
{
    (void)state;
    static const struct {
        const char *type, *name;
    } rows[] = {
        {"com.amazon.coral.validate#ValidationException", "ValidationException"},
        {"ValidationException", "ValidationException"},
        {"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError"},
        {"FooError:http://internal.amazon.com/coral/x#y", "FooError"},
        {"", ""},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(rows); i++) {
        size_t n = 0;
        const char *s = dc_awsjson_error_name(rows[i].type, strlen(rows[i].type), &n);
        assert_int_equal(n, strlen(rows[i].name));
        assert_memory_equal(s, rows[i].name, n);
    }
}

/* One body read with dc_awsjson_read_body; NULL = not expected. */
typedef struct {
    const char *body;
    dc_awsjson_kind kind;
    const char *name, *ns, *message, *key;
    bool twice;
} s_row;

static void s_check_row(const s_row *row)
{
    dc_json_doc doc;
    dc_awsjson_error e;
    dc_awsjson_kind k = dc_awsjson_read_body((const uint8_t *)row->body, strlen(row->body), &doc, &e);
    if (k != row->kind)
        fail_msg("%s: kind %d, expected %d", row->body, (int)k, (int)row->kind);
    if (row->name == NULL) {
        assert_null(e.name);
    } else {
        assert_non_null(e.name);
        assert_int_equal(e.name_len, strlen(row->name));
        assert_memory_equal(e.name, row->name, e.name_len);
    }
    if (row->ns == NULL) {
        assert_null(e.ns);
    } else {
        assert_int_equal(e.ns_len, strlen(row->ns));
        assert_memory_equal(e.ns, row->ns, e.ns_len);
    }
    size_t ml = 99;
    const char *m = dc_awsjson_error_message(&e, &ml);
    if (row->message == NULL) {
        assert_null(m);
        assert_int_equal(ml, 0);
    } else {
        assert_non_null(m);
        assert_int_equal(ml, strlen(row->message));
        assert_memory_equal(m, row->message, ml);
    }
    if (row->key == NULL)
        assert_null(e.message_key);
    else
        assert_string_equal(e.message_key, row->key);
    assert_int_equal(e.message_twice, row->twice);
    if (k == DC_AWSJSON_ERROR || k == DC_AWSJSON_NO_ERROR)
        dc_json_doc_free(&doc);
}

static void error_bodies_read_the_same_everywhere(void **state)
{
    (void)state;
    static const s_row rows[] = {
        /* namespaced __type, lower-case key */
        {"{\"__type\":\"com.amazonaws.dynamodb.v20120810#TableNotFoundException\",\"message\":\"Table not found: t\"}",
         DC_AWSJSON_ERROR, "TableNotFoundException", "com.amazonaws.dynamodb.v20120810", "Table not found: t",
         "message", false},
        /* the capitalised spelling of some errors ([S:error-body]) */
        {"{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"Message\":\"1 validation error detected\"}",
         DC_AWSJSON_ERROR, "ValidationException", "com.amazon.coral.validate", "1 validation error detected", "Message",
         false},
        /* both spellings: message wins, and the reader says there were two */
        {"{\"__type\":\"X#Y\",\"Message\":\"upper\",\"message\":\"lower\"}", DC_AWSJSON_ERROR, "Y", "X", "lower",
         "message", true},
        /* bare __type, no message */
        {"{\"__type\":\"SerializationException\"}", DC_AWSJSON_ERROR, "SerializationException", NULL, NULL, NULL,
         false},
        /* a message that is no string: the key is named, the text is absent */
        {"{\"__type\":\"a#B\",\"message\":null}", DC_AWSJSON_ERROR, "B", "a", NULL, "message", false},
        /* a success body */
        {"{\"BackupSummaries\":[]}", DC_AWSJSON_NO_ERROR, NULL, NULL, NULL, NULL, false},
        /* __type that is no string is no error name */
        {"{\"__type\":7,\"message\":\"m\"}", DC_AWSJSON_NO_ERROR, NULL, NULL, "m", "message", false},
        /* an array is no error body */
        {"[\"__type\"]", DC_AWSJSON_NO_ERROR, NULL, NULL, NULL, NULL, false},
        /* not JSON at all, and empty */
        {"<html>502 Bad Gateway</html>", DC_AWSJSON_NOT_JSON, NULL, NULL, NULL, NULL, false},
        {"", DC_AWSJSON_NOT_JSON, NULL, NULL, NULL, NULL, false},
        /* the XML 404 of a wrong content type ([S:wire-request]) */
        {"<UnknownOperationException/>\n", DC_AWSJSON_XML404, "UnknownOperationException", NULL, NULL, NULL, false},
        /* only at the start: a text that mentions it is not the 404 */
        {" <UnknownOperationException/>", DC_AWSJSON_NOT_JSON, NULL, NULL, NULL, NULL, false},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(rows); i++)
        s_check_row(&rows[i]);
}

static void xml404_is_the_tag_at_the_start_only(void **state)
{
    (void)state;
    assert_true(dc_awsjson_is_xml404((const uint8_t *)DC_AWSJSON_XML404_BODY, strlen(DC_AWSJSON_XML404_BODY)));
    assert_true(dc_awsjson_is_xml404((const uint8_t *)"<UnknownOperationException", 26));
    assert_false(dc_awsjson_is_xml404((const uint8_t *)"<UnknownOperationExceptio", 25));
    assert_false(dc_awsjson_is_xml404((const uint8_t *)"{\"__type\":\"UnknownOperationException\"}", 38));
    assert_false(dc_awsjson_is_xml404(NULL, 0));
}

static void request_content_types_accepted_are_the_two_the_service_takes(void **state)
{
    (void)state;
    static const struct {
        const char *ct;
        const char *echo; /* NULL: refused (404) */
    } rows[] = {
        {"application/x-amz-json-1.0", "application/x-amz-json-1.0"},
        {"application/x-amz-json-1.0; charset=UTF-8", "application/x-amz-json-1.0"},
        {" Application/X-Amz-Json-1.0 ", "application/x-amz-json-1.0"},
        {"APPLICATION/X-AMZ-JSON-1.0", "application/x-amz-json-1.0"},
        {"application/json", "application/json"},
        {"application/json;charset=utf-8", "application/json"},
        {"application/x-amz-json-1.1", NULL},
        {"text/plain", NULL},
        {"application/xml", NULL},
        {"", NULL},
        {NULL, NULL},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(rows); i++) {
        const char *got = dc_awsjson_content_type(dc_test_spec(), rows[i].ct);
        if (rows[i].echo == NULL)
            assert_null(got);
        else
            assert_string_equal(got, rows[i].echo);
    }
    /* the types come from spec/service.json, the default first */
    assert_string_equal(dc_spec_service(dc_test_spec())->content_type, "application/x-amz-json-1.0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_name_is_sanitized_like_the_awsjson_protocol),
        cmocka_unit_test(error_bodies_read_the_same_everywhere),
        cmocka_unit_test(xml404_is_the_tag_at_the_start_only),
        cmocka_unit_test(request_content_types_accepted_are_the_two_the_service_takes),
    };
    return cmocka_run_group_tests(tests, dc_test_spec_setup, dc_test_spec_teardown);
}
