/* test_oracle.c - the fuzz oracle (netfuzz/oracle.h): what it predicts for an
 * exact request, how it classifies a response, and that its prediction is
 * what serve answers (both run endpoint/front.h). Tables of rows with exact
 * values; no network. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "endpoint/serve.h"
#include "netfuzz/oracle.h"
#include "validate/validate.h"
#include "wire/awsjson.h"
#include "wire/http.h"
#include "wire/sigv4.h"
#include "test_util.h"

#define S_AKID "AKIDORACLETEST"
#define S_SECRET "oracleTestSecret"
#define S_REGION "us-east-1"

static const dc_sigv4_credentials s_creds = {S_AKID, S_SECRET, NULL};
static dc_validator *s_validator;

static int s_setup(void **state)
{
    if (dc_test_spec_setup(state) != 0)
        return -1;
    s_validator = dc_validator_new(dc_test_spec());
    return 0;
}

static int s_teardown(void **state)
{
    dc_validator_free(s_validator);
    return dc_test_spec_teardown(state);
}

/* A context hook that looks nothing up, and one state error besides the modeled ones. */
static int s_context_calls;
static bool s_no_context(void *ctx, const char *op, const dc_json *root, dc_validate_context *out)
{
    (void)ctx, (void)op, (void)root, (void)out;
    s_context_calls++;
    return false;
}

static bool s_state_error(void *ctx, const dc_operation *op, const char *name)
{
    (void)ctx;
    for (size_t i = 0; i < op->nerrors; i++)
        if (strcmp(op->errors[i], name) == 0)
            return true;
    return strcmp(name, "ThrottlingException") == 0 || strcmp(name, "FooStateException") == 0;
}

static dc_oracle s_oracle(dc_check_level level)
{
    dc_oracle o = {
        .spec = dc_test_spec(),
        .validator = s_validator,
        .level = level,
        .region = S_REGION,
        .creds = &s_creds,
        .path = "/",
        .context = s_no_context,
        .state_error = s_state_error,
    };
    return o;
}

/* ---- requests ------------------------------------------------------------- */

typedef enum { S_SIGNED, S_UNSIGNED, S_FOREIGN_KEY, S_WRONG_REGION, S_STALE_BODY, S_BASIC } s_auth;

/* The exact request of a row: its headers, signed as auth says. NULL
 * content type or target = header absent. */
static void s_wire(const char *ctype, const char *target, const char *body, s_auth auth, dc_http_headers *h)
{
    memset(h, 0, sizeof *h);
    dc_http_headers_set(h, "Host", "127.0.0.1:8000");
    if (ctype != NULL)
        dc_http_headers_set(h, "Content-Type", ctype);
    if (target != NULL)
        dc_http_headers_set(h, "X-Amz-Target", target);
    if (auth == S_UNSIGNED)
        return;
    if (auth == S_BASIC) {
        dc_http_headers_set(h, "Authorization", "Basic ZGRiY29uZm9ybTpmdXp6");
        return;
    }
    dc_sigv4_header sh[DC_HTTP_MAX_REQUEST_HEADERS];
    for (size_t i = 0; i < h->n; i++)
        sh[i] = dc_sigv4_hdr(h->name[i], h->value[i]);
    size_t len = strlen(body);
    dc_sigv4_request req = {"POST", "/", NULL, sh, h->n, {(const uint8_t *)body, len - (auth == S_STALE_BODY)}};
    dc_sigv4_credentials c = s_creds;
    if (auth == S_FOREIGN_KEY)
        c.access_key_id = "AKIDSOMEBODYELSE0000";
    dc_sigv4_sign_opts so = {auth == S_WRONG_REGION ? "eu-west-3" : S_REGION, "dynamodb", (int64_t)time(NULL), NULL};
    dc_sigv4_signed sig;
    memset(&sig, 0, sizeof sig);
    dc_err err;
    if (dc_sigv4_sign(&req, &c, &so, &sig, &err) != 0)
        fail_msg("sign: %s", err.msg);
    if (sig.added_amz_date)
        dc_http_headers_set(h, "X-Amz-Date", sig.amz_date);
    dc_http_headers_set(h, "Authorization", (const char *)sig.authorization.data);
    dc_sigv4_signed_free(&sig);
}

#define JSON "application/x-amz-json-1.0"
#define T(op) "DynamoDB_20120810." op

typedef struct {
    const char *what;
    const char *ctype, *target, *body;
    s_auth auth;
    /* the prediction */
    int status;
    const char *error; /* NULL = valid */
    const char *stage;
    const char *message; /* NULL = none expected (or not compared) */
    bool message_checked;
} s_prow;

static const s_prow s_prows[] = {
    /* 1. method and content type */
    {"text/plain is the XML 404", "text/plain", T("ListBackups"), "{}", S_SIGNED, 404, "UnknownOperationException",
     "content-type", NULL, true},
    {"no content type is the XML 404", NULL, T("ListBackups"), "{}", S_SIGNED, 404, "UnknownOperationException",
     "content-type", NULL, true},
    {"x-amz-json-1.1 is the XML 404", "application/x-amz-json-1.1", T("ListBackups"), "{}", S_SIGNED, 404,
     "UnknownOperationException", "content-type", NULL, true},
    {"the 404 comes before the body", "application/xml", NULL, "", S_UNSIGNED, 404, "UnknownOperationException",
     "content-type", NULL, true},
    {"application/json is taken", "application/json", T("ListBackups"), "{}", S_SIGNED, 200, NULL, "validate", NULL,
     false},
    {"parameters are ignored", JSON "; charset=utf-8", T("ListBackups"), "{}", S_SIGNED, 200, NULL, "validate", NULL,
     false},
    /* 4. parse: an empty body is a SerializationException, before target and signature */
    {"empty body", JSON, T("ListBackups"), "", S_SIGNED, 400, "SerializationException", "parse", NULL, true},
    {"empty body, bad target, unsigned", JSON, "nope", "", S_UNSIGNED, 400, "SerializationException", "parse", NULL,
     true},
    {"unparsable body", JSON, T("ListBackups"), "{", S_SIGNED, 400, "SerializationException", "parse", NULL, true},
    {"unparsable body before the signature", JSON, T("ListBackups"), "{\"Limit\":}", S_UNSIGNED, 400,
     "SerializationException", "parse", NULL, true},
    /* 5. target */
    {"no target", JSON, NULL, "{}", S_SIGNED, 400, "UnknownOperationException", "target", NULL, true},
    {"unknown operation", JSON, T("NoSuchOperation"), "{}", S_SIGNED, 400, "UnknownOperationException", "target", NULL,
     true},
    {"a prefix one version off", JSON, "DynamoDB_20120811.ListBackups", "{}", S_SIGNED, 400,
     "UnknownOperationException", "target", NULL, true},
    {"the prefix alone", JSON, "DynamoDB_20120810.", "{}", S_SIGNED, 400, "UnknownOperationException", "target", NULL,
     true},
    {"lower-case operation", JSON, T("listBackups"), "{}", S_SIGNED, 400, "UnknownOperationException", "target", NULL,
     true},
    {"the legacy prefix is routed", JSON, "DynamoDB_20111205.ListBackups", "{}", S_SIGNED, 200, NULL, "validate", NULL,
     false},
    {"target before the signature", JSON, T("Nope"), "{}", S_UNSIGNED, 400, "UnknownOperationException", "target", NULL,
     true},
    /* 6. SigV4: compared by name only */
    {"unsigned", JSON, T("ListBackups"), "{}", S_UNSIGNED, 400, "MissingAuthenticationTokenException", "auth", NULL,
     false},
    /* [S:processing-order]: an Authorization header not starting with AWS4- */
    {"Basic authorization", JSON, T("ListBackups"), "{}", S_BASIC, 400, "MissingAuthenticationTokenException", "auth",
     NULL, false},
    {"a key the endpoint does not know", JSON, T("ListBackups"), "{}", S_FOREIGN_KEY, 400,
     "UnrecognizedClientException", "auth", NULL, false},
    {"signed for another region", JSON, T("ListBackups"), "{}", S_WRONG_REGION, 400, "InvalidSignatureException",
     "auth", NULL, false},
    {"body changed after signing", JSON, T("ListBackups"), "{} ", S_STALE_BODY, 400, "InvalidSignatureException",
     "auth", NULL, false},
    {"signature before validation", JSON, T("ListBackups"), "{\"Limit\":0}", S_UNSIGNED, 400,
     "MissingAuthenticationTokenException", "auth", NULL, false},
    /* 7. validation, messages exact */
    {"limit below its minimum", JSON, T("ListBackups"), "{\"Limit\":0}", S_SIGNED, 400, "ValidationException",
     "validate",
     "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater "
     "than or equal to 1",
     true},
    {"a required member missing", JSON, T("DescribeBackup"), "{}", S_SIGNED, 400, "ValidationException", "validate",
     "1 validation error detected: Value null at 'backupArn' failed to satisfy constraint: Member must not be null",
     true},
    /* [S:error-body]: a type mismatch is a SerializationException with the token's type */
    {"a member of the wrong type", JSON, T("ListBackups"), "{\"Limit\":\"x\"}", S_SIGNED, 400, "SerializationException",
     "validate", "STRING_VALUE cannot be converted to Integer", true},
    /* 8. accepted */
    {"a valid request", JSON, T("ListBackups"), "{}", S_SIGNED, 200, NULL, "validate", NULL, false},
};

static void predictions_follow_the_processing_order(void **state)
{
    (void)state;
    dc_oracle o = s_oracle(DC_CHECK_STRICT);
    for (size_t i = 0; i < DC_ARRAY_LEN(s_prows); i++) {
        const s_prow *r = &s_prows[i];
        dc_http_headers h;
        s_wire(r->ctype, r->target, r->body, r->auth, &h);
        dc_oracle_wire w = {&h, (const uint8_t *)r->body, strlen(r->body)};
        dc_oracle_pred p;
        dc_oracle_predict(&o, &w, &p);
        char got[600];
        snprintf(got, sizeof got, "%d %s %s %s%s", p.status, p.error ? p.error : "(valid)", p.stage,
                 p.message ? p.message : "-", p.message_checked ? "" : " (unchecked)");
        char want[600];
        snprintf(want, sizeof want, "%d %s %s %s%s", r->status, r->error ? r->error : "(valid)", r->stage,
                 r->message ? r->message : "-", r->message_checked ? "" : " (unchecked)");
        if (strcmp(got, want) != 0)
            fail_msg("%s:\n  predicted %s\n  expected  %s", r->what, got, want);
        assert_int_equal(p.valid, r->error == NULL);
        assert_int_equal(p.xml404, r->status == 404);
        dc_oracle_pred_free(&p);
        dc_http_headers_free(&h);
    }
}

static void a_body_over_the_cap_is_predicted_413(void **state)
{
    (void)state;
    dc_oracle o = s_oracle(DC_CHECK_STRICT);
    size_t len = DC_FRONT_MAX_BODY + 1;
    uint8_t *big = dc_xmalloc(len);
    memset(big, ' ', len);
    dc_http_headers h;
    s_wire(JSON, T("ListBackups"), "", S_UNSIGNED, &h);
    dc_oracle_wire w = {&h, big, len};
    dc_oracle_pred p;
    dc_oracle_predict(&o, &w, &p);
    assert_int_equal(p.status, 413);
    assert_null(p.error);
    assert_false(p.valid);
    assert_string_equal(p.stage, "body-cap");
    dc_oracle_pred_free(&p);
    dc_http_headers_free(&h);
    free(big);
}

static void the_context_is_looked_up_once_for_a_request_that_reaches_validation(void **state)
{
    (void)state;
    dc_oracle o = s_oracle(DC_CHECK_STRICT);
    static const struct {
        const char *target, *body;
        s_auth auth;
        int calls;
    } rows[] = {
        {T("ListBackups"), "{}", S_SIGNED, 1},
        {T("DescribeBackup"), "{\"BackupArn\":\"x\"}", S_SIGNED, 1},
        {T("ListBackups"), "", S_SIGNED, 0},     /* refused before validation: parse */
        {T("ListBackups"), "{}", S_UNSIGNED, 0}, /* refused before validation: auth */
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(rows); i++) {
        dc_http_headers h;
        s_wire(JSON, rows[i].target, rows[i].body, rows[i].auth, &h);
        dc_oracle_wire w = {&h, (const uint8_t *)rows[i].body, strlen(rows[i].body)};
        dc_oracle_pred p;
        s_context_calls = 0;
        dc_oracle_predict(&o, &w, &p);
        assert_int_equal(s_context_calls, rows[i].calls);
        dc_oracle_pred_free(&p);
        dc_http_headers_free(&h);
    }
}

/* ---- judging responses ---------------------------------------------------------- */

#define RID "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOP"

typedef struct {
    const char *what;
    /* the prediction */
    bool valid, xml404;
    const char *error;
    int status;
    const char *message;
    const char *gone;
    dc_check_level level;
    /* the response */
    bool transport;
    long rstatus;
    const char *rbody;
    /* the verdict */
    bool found;
    dc_finding_class cls;
    const char *key;
} s_jrow;

#define VE "com.amazon.coral.validate#ValidationException"
#define LIMIT_MSG "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must X"

static const s_jrow s_jrows[] = {
    {"no answer at all", true, false, NULL, 200, NULL, NULL, DC_CHECK_STRICT, true, 0, "", true, DC_FIND_TRANSPORT,
     "reset"},
    {"a 500", true, false, NULL, 200, NULL, NULL, DC_CHECK_STRICT, false, 500,
     "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\"}", true, DC_FIND_SERVER_ERROR, "500"},
    {"the XML 404 as predicted", false, true, "UnknownOperationException", 404, NULL, NULL, DC_CHECK_STRICT, false, 404,
     DC_AWSJSON_XML404_BODY, false, DC_FIND_COUNT, ""},
    {"a 2xx where the 404 was due", false, true, "UnknownOperationException", 404, NULL, NULL, DC_CHECK_STRICT, false,
     200, "{\"BackupSummaries\":[]}", true, DC_FIND_ACCEPTED_INVALID, "404 content-type"},
    {"a JSON error where the 404 was due", false, true, "UnknownOperationException", 404, NULL, NULL, DC_CHECK_STRICT,
     false, 400, "{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}", true, DC_FIND_WRONG_ERROR,
     "404 content-type"},
    {"HTML where JSON was due", false, false, "SerializationException", 400, NULL, NULL, DC_CHECK_STRICT, false, 400,
     "<html>bad request</html>", true, DC_FIND_NON_JSON, "400"},
    {"an empty error body", false, false, "SerializationException", 400, NULL, NULL, DC_CHECK_STRICT, false, 400, "",
     true, DC_FIND_NON_JSON, "400"},
    {"the XML 404 where a JSON error was due", false, false, "SerializationException", 400, NULL, NULL, DC_CHECK_STRICT,
     false, 404, DC_AWSJSON_XML404_BODY, true, DC_FIND_NON_JSON, "404"},
    {"valid and answered", true, false, NULL, 200, NULL, NULL, DC_CHECK_STRICT, false, 200, "{\"BackupSummaries\":[]}",
     false, DC_FIND_COUNT, ""},
    {"valid and throttled: a state error", true, false, NULL, 200, NULL, NULL, DC_CHECK_STRICT, false, 400,
     "{\"__type\":\"com.amazon.coral.availability#ThrottlingException\",\"message\":\"Rate exceeded\"}", false,
     DC_FIND_COUNT, ""},
    {"valid and refused", true, false, NULL, 200, NULL, NULL, DC_CHECK_STRICT, false, 400,
     "{\"__type\":\"" VE "\",\"message\":\"no\"}", true, DC_FIND_REJECTED_VALID, "ValidationException via row"},
    {"invalid and accepted", false, false, "ValidationException", 400, LIMIT_MSG, NULL, DC_CHECK_STRICT, false, 200,
     "{\"BackupSummaries\":[]}", true, DC_FIND_ACCEPTED_INVALID, "ValidationException via row"},
    {"another error", false, false, "ValidationException", 400, LIMIT_MSG, NULL, DC_CHECK_STRICT, false, 400,
     "{\"__type\":\"com.amazon.coral.service#SerializationException\"}", true, DC_FIND_WRONG_ERROR,
     "ValidationException -> SerializationException"},
    {"the error with another message at strict", false, false, "ValidationException", 400, "Expected text", NULL,
     DC_CHECK_STRICT, false, 400, "{\"__type\":\"" VE "\",\"message\":\"Other text\"}", true, DC_FIND_WRONG_MESSAGE,
     "ValidationException "},
    {"the error with another message at compat", false, false, "ValidationException", 400, "Expected text", NULL,
     DC_CHECK_COMPAT, false, 400, "{\"__type\":\"" VE "\",\"message\":\"Other text\"}", false, DC_FIND_COUNT, ""},
    {"the error and its message", false, false, "ValidationException", 400, "Expected text", NULL, DC_CHECK_STRICT,
     false, 400, "{\"__type\":\"" VE "\",\"message\":\"Expected text\"}", false, DC_FIND_COUNT, ""},
    {"the clauses of a validation message in another order", false, false, "ValidationException", 400,
     "2 validation errors detected: Value 'a' at 'x' failed to satisfy constraint: C1; Value 'b' at 'y' failed to "
     "satisfy constraint: C2",
     NULL, DC_CHECK_STRICT, false, 400,
     "{\"__type\":\"" VE "\",\"message\":\"2 validation errors detected: Value 'b' at 'y' failed to satisfy "
     "constraint: C2; Value 'a' at 'x' failed to satisfy constraint: C1\"}",
     false, DC_FIND_COUNT, ""},
    {"a message where none was due", false, false, "SerializationException", 400, NULL, NULL, DC_CHECK_STRICT, false,
     400, "{\"__type\":\"com.amazon.coral.service#SerializationException\",\"Message\":\"x\"}", true,
     DC_FIND_WRONG_MESSAGE, "SerializationException "},
    {"a deleted backup answered 2xx", true, false, NULL, 200, NULL, "BackupNotFoundException", DC_CHECK_STRICT, false,
     200, "{\"BackupSummaries\":[]}", true, DC_FIND_USE_AFTER_DELETE, "BackupNotFoundException"},
    {"a known state error in another namespace at strict", true, false, NULL, 200, NULL, NULL, DC_CHECK_STRICT, false,
     400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\",\"message\":\"Rate exceeded\"}", true,
     DC_FIND_BAD_RESPONSE, "error_type __type"},
    {"an error the operation does not model", true, false, NULL, 200, NULL, NULL, DC_CHECK_STRICT, false, 400,
     "{\"__type\":\"com.amazonaws.dynamodb.v20120810#BackupNotFoundException\",\"message\":\"m\"}", true,
     DC_FIND_REJECTED_VALID, "BackupNotFoundException via row"},
    {"the right error with a wrong status", false, false, "ValidationException", 400, NULL, NULL, DC_CHECK_COMPAT,
     false, 403, "{\"__type\":\"" VE "\"}", true, DC_FIND_WRONG_STATUS, "status "},
    {"a state error the catalog does not know", true, false, NULL, 200, NULL, NULL, DC_CHECK_COMPAT, false, 400,
     "{\"__type\":\"x#FooStateException\",\"message\":\"m\"}", true, DC_FIND_UNDOCUMENTED, "error_type __type"},
    {"a success body of the wrong shape", true, false, NULL, 200, NULL, NULL, DC_CHECK_COMPAT, false, 200,
     "{\"BackupSummaries\":7}", true, DC_FIND_BAD_RESPONSE, "shape BackupSummaries"},
    {"a 413 predicted and answered", false, false, NULL, 413, NULL, NULL, DC_CHECK_STRICT, false, 413, "", false,
     DC_FIND_COUNT, ""},
    {"a 413 predicted, 400 answered", false, false, NULL, 413, NULL, NULL, DC_CHECK_STRICT, false, 400, "", true,
     DC_FIND_WRONG_STATUS, "413 body-cap"},
};

static void responses_are_classified(void **state)
{
    (void)state;
    for (size_t i = 0; i < DC_ARRAY_LEN(s_jrows); i++) {
        const s_jrow *r = &s_jrows[i];
        dc_oracle o = s_oracle(r->level);
        dc_oracle_pred p = {
            .valid = r->valid,
            .xml404 = r->xml404,
            .error = r->error,
            .status = r->status,
            .message = r->message ? dc_xstrdup(r->message) : NULL,
            .message_len = r->message ? strlen(r->message) : 0,
            .message_checked = true,
            .stage = r->status == 413 ? "body-cap" : "validate",
        };
        dc_http_headers h;
        s_wire(JSON, T("ListBackups"), "{}", S_UNSIGNED, &h);
        dc_oracle_wire w = {&h, (const uint8_t *)"{}", 2};
        dc_http_response resp;
        dc_http_response_init(&resp);
        dc_http_header hd[2] = {{"x-amzn-RequestId", strlen("x-amzn-RequestId"), RID, strlen(RID)},
                                {"Content-Type", strlen("Content-Type"), JSON, strlen(JSON)}};
        resp.status = r->rstatus;
        resp.headers = hd;
        resp.nheaders = r->rstatus == 404 || r->rstatus == 413 ? 1 : 2;
        resp.error = r->transport ? DC_HTTP_RESET : DC_HTTP_OK;
        dc_buf_puts(&resp.body, r->rbody);
        dc_oracle_request rq = {"ListBackups", "row", r->gone};
        dc_oracle_verdict v;
        dc_oracle_judge(&o, &rq, &w, &p, &resp, r->transport, &v);
        if (v.found != r->found || (r->found && (v.cls != r->cls || strcmp(v.key, r->key) != 0)))
            fail_msg("%s: got %s %s \"%s\" (expected %s / actual %s), want %s %s \"%s\"", r->what,
                     v.found ? "found" : "clean", v.found ? dc_finding_class_name(v.cls) : "", v.key, v.expected,
                     v.actual, r->found ? "found" : "clean", r->found ? dc_finding_class_name(r->cls) : "", r->key);
        resp.headers = NULL;
        resp.nheaders = 0;
        dc_http_response_free(&resp);
        dc_oracle_pred_free(&p);
        dc_http_headers_free(&h);
    }
}

static void the_expected_answer_is_described_for_the_finding(void **state)
{
    (void)state;
    char out[500];
    dc_oracle_pred p = {.valid = true};
    dc_oracle_describe(&p, out, sizeof out);
    assert_string_equal(out, "2xx or a state error of the operation");
    dc_oracle_pred q = {.error = "ValidationException", .status = 400, .message = "m", .message_checked = true};
    dc_oracle_describe(&q, out, sizeof out);
    assert_string_equal(out, "400 ValidationException: m");
    q.message_checked = false;
    dc_oracle_describe(&q, out, sizeof out);
    assert_string_equal(out, "400 ValidationException");
}

/* ---- the oracle and serve agree ------------------------------------------------- */

/* serve (in-process, the same credentials) answers what the oracle predicted:
 * status and error name, and the message where the oracle compares it. The
 * rows are the two places where the old oracle had its own order. */
static void serve_answers_what_the_oracle_predicts(void **state)
{
    (void)state;
    dc_serve_options so;
    dc_serve_options_default(&so);
    so.access_key_id = S_AKID;
    so.secret_access_key = S_SECRET;
    so.data_dir = dc_test_home();
    dc_serve *srv = NULL;
    dc_err err;
    if (dc_serve_new(&so, &srv, &err) != 0)
        fail_msg("serve: %s", err.msg);
    static const struct {
        const char *target, *body;
        s_auth auth;
        unsigned status;
        const char *error;
    } rows[] = {
        /* the legacy prefix is routed like the current one ([S:processing-order]) */
        {"DynamoDB_20111205.ListBackups", "{}", S_SIGNED, 200, NULL},
        {"DynamoDB_20111205.DescribeBackup", "{}", S_SIGNED, 400, "ValidationException"},
        /* an empty body is a SerializationException before target and signature */
        {T("ListBackups"), "", S_SIGNED, 400, "SerializationException"},
        {"bogus", "", S_UNSIGNED, 400, "SerializationException"},
        {T("ListBackups"), "{}", S_UNSIGNED, 400, "MissingAuthenticationTokenException"},
        {T("Nope"), "{}", S_SIGNED, 400, "UnknownOperationException"},
    };
    dc_oracle o = s_oracle(DC_CHECK_STRICT);
    for (size_t i = 0; i < DC_ARRAY_LEN(rows); i++) {
        dc_http_headers h;
        s_wire(JSON, rows[i].target, rows[i].body, rows[i].auth, &h);
        dc_oracle_wire w = {&h, (const uint8_t *)rows[i].body, strlen(rows[i].body)};
        dc_oracle_pred p;
        dc_oracle_predict(&o, &w, &p);

        dc_serve_header sh[DC_HTTP_MAX_REQUEST_HEADERS];
        for (size_t k = 0; k < h.n; k++)
            sh[k] = (dc_serve_header){h.name[k], h.value[k]};
        dc_serve_request rq = {.method = "POST",
                               .url = "/",
                               .headers = sh,
                               .nheaders = h.n,
                               .body = (const uint8_t *)rows[i].body,
                               .body_len = strlen(rows[i].body)};
        dc_serve_response rs;
        dc_serve_handle(srv, &rq, &rs);
        dc_json_doc doc;
        dc_awsjson_error ae;
        dc_awsjson_kind kind = dc_awsjson_read_body(rs.body.data, rs.body.len, &doc, &ae);

        assert_int_equal(rs.status, rows[i].status);
        assert_int_equal(p.status, (int)rows[i].status);
        if (rows[i].error == NULL) {
            assert_true(p.valid);
            assert_int_equal(kind, DC_AWSJSON_NO_ERROR);
        } else {
            assert_int_equal(kind, DC_AWSJSON_ERROR);
            assert_int_equal(ae.name_len, strlen(rows[i].error));
            assert_memory_equal(ae.name, rows[i].error, ae.name_len);
            assert_string_equal(p.error, rows[i].error);
            size_t ml = 0;
            const char *m = dc_awsjson_error_message(&ae, &ml);
            if (p.message_checked) {
                assert_int_equal(p.message == NULL, m == NULL);
                if (m != NULL) {
                    assert_int_equal(p.message_len, ml);
                    assert_memory_equal(p.message, m, ml);
                }
            }
        }
        if (kind == DC_AWSJSON_ERROR || kind == DC_AWSJSON_NO_ERROR)
            dc_json_doc_free(&doc);
        dc_serve_response_free(&rs);
        dc_oracle_pred_free(&p);
        dc_http_headers_free(&h);
    }
    dc_serve_stop(srv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(predictions_follow_the_processing_order),
        cmocka_unit_test(a_body_over_the_cap_is_predicted_413),
        cmocka_unit_test(the_context_is_looked_up_once_for_a_request_that_reaches_validation),
        cmocka_unit_test(responses_are_classified),
        cmocka_unit_test(the_expected_answer_is_described_for_the_finding),
        cmocka_unit_test(serve_answers_what_the_oracle_predicts),
    };
    return cmocka_run_group_tests(tests, s_setup, s_teardown);
}
