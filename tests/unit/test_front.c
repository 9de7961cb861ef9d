/* test_front.c - the service's processing order (endpoint/front.h) through
 * its hooks, without serve or a model: which stage answers, with which
 * status, error, message id, echoed content type and fault, and which hooks
 * run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "endpoint/front.h"
#include "validate/validate.h"
#include "wire/awsjson.h"
#include "wire/sigv4.h"
#include "test_util.h"

static const dc_sigv4_credentials s_creds = {"AKIDFRONTTEST", "frontTestSecret", NULL};
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

/* The hooks' record of one request. */
typedef struct {
    dc_fault_kind fault;
    int begins, ends, contexts, accepts;
} s_calls;

static bool s_knows(void *ctx, const char *op)
{
    (void)ctx;
    return strcmp(op, "ListBackups") == 0 || strcmp(op, "DescribeBackup") == 0;
}

static dc_fault_kind s_fault(void *ctx)
{
    return ((s_calls *)ctx)->fault;
}

static void s_begin(void *ctx)
{
    ((s_calls *)ctx)->begins++;
}

static void s_end(void *ctx)
{
    ((s_calls *)ctx)->ends++;
}

static bool s_context(void *ctx, const char *op, const dc_json *root, dc_validate_context *out)
{
    (void)op, (void)root, (void)out;
    ((s_calls *)ctx)->contexts++;
    return false;
}

static void s_accepted(void *ctx, const char *op, const dc_json *root, dc_front_result *res)
{
    (void)op, (void)root;
    ((s_calls *)ctx)->accepts++;
    dc_buf_puts(&res->body, "{\"model\":true}");
}

/* A request, signed when asked; room for the headers past the SigV4 cap. */
typedef struct {
    dc_front_header h[DC_SIGV4_MAX_HEADERS + 2];
    size_t n;
    dc_sigv4_signed sig;
} s_req;

static void s_request(s_req *r, const char *ctype, const char *target, const char *body, bool sign)
{
    memset(r, 0, sizeof *r);
    r->h[r->n++] = (dc_front_header){"Host", "127.0.0.1"};
    if (ctype != NULL)
        r->h[r->n++] = (dc_front_header){"Content-Type", ctype};
    if (target != NULL)
        r->h[r->n++] = (dc_front_header){"X-Amz-Target", target};
    if (!sign)
        return;
    dc_sigv4_header sh[8];
    for (size_t i = 0; i < r->n; i++)
        sh[i] = dc_sigv4_hdr(r->h[i].name, r->h[i].value);
    dc_sigv4_request rq = {"POST", "/", NULL, sh, r->n, {(const uint8_t *)body, strlen(body)}};
    dc_sigv4_sign_opts so = {"us-east-1", "dynamodb", (int64_t)time(NULL), NULL};
    dc_err err;
    if (dc_sigv4_sign(&rq, &s_creds, &so, &r->sig, &err) != 0)
        fail_msg("sign: %s", err.msg);
    r->h[r->n++] = (dc_front_header){"X-Amz-Date", r->sig.amz_date};
    r->h[r->n++] = (dc_front_header){"Authorization", (const char *)r->sig.authorization.data};
}

typedef struct {
    const char *what;
    const char *method, *ctype, *target, *body;
    bool sign, too_large, many_headers;
    dc_fault_kind fault;
    /* the answer */
    dc_front_stage stage;
    unsigned status;
    const char *error;      /* NULL = none */
    const char *message_id; /* NULL = none */
    const char *content_type;
    const char *operation;
    int begins, contexts, accepts; /* hook calls (end: as many as begin) */
} s_row;

#define JSON "application/x-amz-json-1.0"
#define LB "DynamoDB_20120810.ListBackups"

static const s_row s_rows[] = {
    {"GET is the XML 404", "GET", JSON, LB, "{}", true, false, false, DC_FAULT_NONE, DC_FRONT_STAGE_ROUTE, 404,
     "UnknownOperationException", NULL, NULL, "", 0, 0, 0},
    {"a type the service does not take", "POST", "text/plain", LB, "{}", true, false, false, DC_FAULT_NONE,
     DC_FRONT_STAGE_ROUTE, 404, "UnknownOperationException", NULL, NULL, "", 0, 0, 0},
    {"a body over the cap", "POST", JSON, LB, "{}", true, true, false, DC_FAULT_NONE, DC_FRONT_STAGE_BODY_CAP, 413,
     NULL, NULL, NULL, "", 0, 0, 0},
    {"throttled by the fault hook", "POST", JSON, LB, "{}", true, false, false, DC_FAULT_THROTTLE, DC_FRONT_STAGE_FAULT,
     400, "ThrottlingException", "rate-exceeded", JSON, "", 0, 0, 0},
    {"a 500 from the fault hook", "POST", "application/json", LB, "{}", true, false, false, DC_FAULT_ERROR500,
     DC_FRONT_STAGE_FAULT, 500, "InternalServerError", "internal-server-error", "application/json", "", 0, 0, 0},
    {"a reset: no answer", "POST", JSON, LB, "{}", true, false, false, DC_FAULT_RESET, DC_FRONT_STAGE_FAULT, 0, NULL,
     NULL, NULL, "", 0, 0, 0},
    {"a truncation is the transport's", "POST", JSON, LB, "{}", true, false, false, DC_FAULT_TRUNCATE,
     DC_FRONT_STAGE_MODEL, 200, NULL, NULL, JSON, "ListBackups", 1, 1, 1},
    {"empty body", "POST", JSON, LB, "", true, false, false, DC_FAULT_NONE, DC_FRONT_STAGE_JSON, 400,
     "SerializationException", NULL, JSON, "", 0, 0, 0},
    {"an operation the endpoint does not know", "POST", JSON, "DynamoDB_20120810.CreateBackup", "{}", true, false,
     false, DC_FAULT_NONE, DC_FRONT_STAGE_TARGET, 400, "UnknownOperationException", NULL, JSON, "", 0, 0, 0},
    {"the legacy prefix", "POST", JSON, "DynamoDB_20111205.ListBackups", "{}", true, false, false, DC_FAULT_NONE,
     DC_FRONT_STAGE_MODEL, 200, NULL, NULL, JSON, "ListBackups", 1, 1, 1},
    {"unsigned", "POST", JSON, LB, "{}", false, false, false, DC_FAULT_NONE, DC_FRONT_STAGE_AUTH, 400,
     "MissingAuthenticationTokenException", NULL, JSON, "ListBackups", 0, 0, 0},
    {"more headers than SigV4 takes", "POST", JSON, LB, "{}", true, false, true, DC_FAULT_NONE, DC_FRONT_STAGE_AUTH,
     400, "IncompleteSignatureException", "incomplete-signature-too-many-headers", JSON, "ListBackups", 0, 0, 0},
    {"refused by validation", "POST", JSON, "DynamoDB_20120810.DescribeBackup", "{}", true, false, false, DC_FAULT_NONE,
     DC_FRONT_STAGE_VALIDATION, 400, "ValidationException", NULL, JSON, "DescribeBackup", 1, 1, 0},
    {"accepted: the model answers", "POST", "application/json; charset=utf-8", LB, "{}", true, false, false,
     DC_FAULT_NONE, DC_FRONT_STAGE_MODEL, 200, NULL, NULL, "application/json", "ListBackups", 1, 1, 1},
};

static void each_stage_answers_with_its_status_error_and_hooks(void **state)
{
    (void)state;
    for (size_t i = 0; i < DC_ARRAY_LEN(s_rows); i++) {
        const s_row *row = &s_rows[i];
        s_calls calls = {.fault = row->fault};
        dc_front f = {
            .spec = dc_test_spec(),
            .validator = s_validator,
            .region = "us-east-1",
            .credentials = &s_creds,
            .credential_count = 1,
            .hooks = {.ctx = &calls,
                      .knows = s_knows,
                      .fault = s_fault,
                      .begin = s_begin,
                      .end = s_end,
                      .context = s_context,
                      .accepted = s_accepted},
        };
        s_req r;
        s_request(&r, row->ctype, row->target, row->body, row->sign);
        size_t n = r.n;
        if (row->many_headers)
            for (; n < DC_SIGV4_MAX_HEADERS + 1; n++)
                r.h[n] = (dc_front_header){"X-Pad", "x"};
        dc_front_request rq = {.method = row->method,
                               .url = "/",
                               .headers = r.h,
                               .nheaders = n,
                               .body = (const uint8_t *)row->body,
                               .body_len = strlen(row->body),
                               .body_too_large = row->too_large};
        dc_front_result res;
        dc_front_handle(&f, &rq, &res);
        if (res.decision.stage != row->stage || res.status != row->status)
            fail_msg("%s: stage %d status %u, expected stage %d status %u", row->what, (int)res.decision.stage,
                     res.status, (int)row->stage, row->status);
        if (row->error == NULL)
            assert_null(res.error);
        else
            assert_string_equal(res.error, row->error);
        if (row->message_id == NULL) {
            assert_null(res.message_id);
        } else {
            assert_string_equal(res.message_id, row->message_id);
            /* the text is the catalog's, in the body too */
            const char *text = dc_spec_message(dc_test_spec(), row->message_id);
            assert_non_null(res.message);
            assert_string_equal(res.message, text);
            dc_json_doc doc;
            dc_awsjson_error ae;
            assert_int_equal(dc_awsjson_read_body(res.body.data, res.body.len, &doc, &ae), DC_AWSJSON_ERROR);
            size_t ml = 0;
            const char *m = dc_awsjson_error_message(&ae, &ml);
            assert_int_equal(ml, strlen(text));
            assert_memory_equal(m, text, ml);
            dc_json_doc_free(&doc);
        }
        if (row->content_type == NULL)
            assert_null(res.content_type);
        else
            assert_string_equal(res.content_type, row->content_type);
        assert_string_equal(res.decision.operation, row->operation);
        assert_int_equal(res.decision.auth_checked, row->stage >= DC_FRONT_STAGE_AUTH);
        assert_int_equal(res.fault, row->fault);
        assert_int_equal(calls.begins, row->begins);
        assert_int_equal(calls.ends, row->begins);
        assert_int_equal(calls.contexts, row->contexts);
        assert_int_equal(calls.accepts, row->accepts);
        if (row->status == 404)
            assert_string_equal((const char *)res.body.data, DC_AWSJSON_XML404_BODY);
        if (row->accepts)
            assert_string_equal((const char *)res.body.data, "{\"model\":true}");
        if (row->status == 413 || row->status == 0)
            assert_int_equal(res.body.len, 0);
        dc_front_result_free(&res);
        dc_sigv4_signed_free(&r.sig);
    }
}

static void an_unknown_error_name_answers_as_internal_server_error(void **state)
{
    (void)state;
    dc_front_result res;
    memset(&res, 0, sizeof res);
    dc_buf_init(&res.body);
    dc_front_error(dc_test_spec(), "NoSuchException", "m", 1, &res);
    assert_int_equal(res.status, 500);
    assert_string_equal(res.error, "InternalServerError");
    assert_string_equal((const char *)res.body.data,
                        "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"m\"}");
    dc_front_result_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_stage_answers_with_its_status_error_and_hooks),
        cmocka_unit_test(an_unknown_error_name_answers_as_internal_server_error),
    };
    return cmocka_run_group_tests(tests, s_setup, s_teardown);
}
