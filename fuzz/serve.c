/* fuzz/serve.c - the reference endpoint's request handler (dc_serve_handle)
 * without sockets: routing, body cap, JSON parse, X-Amz-Target, SigV4 form
 * (form-only mode: no credentials configured), validation with the model's
 * context and the model itself.
 *
 * Input: up to S_MAX_REQUESTS requests separated by the line "=====" (so one
 * input can create a table, back it up and restore it); each request is a
 * message (fuzz_util.h framing) whose first line is "<METHOD> <url>[?<query>]".
 * The model is reset before every input and the clocks are frozen, so an
 * input always meets the same state.
 *
 * Properties (abort on violation): a status in a known set; every answer to
 * a DynamoDB request (Content-Type x-amz-json-1.0 or application/json) is one
 * JSON object with its members in code-point order at every level (facts
 * [S:member-order]), and an error status carries a string "__type"; a 404 carries
 * the service's XML body. (The test-control endpoint is exempt.) */
#include <string.h>

#include "fuzz_util.h"
#include "core/json.h"
#include "endpoint/serve.h"
#include "wire/awsjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define S_MAX_REQUESTS 16
#define S_SEPARATOR "\n=====\n"
#define S_CLOCK_MS 1700000000000LL /* 2023-11-14T22:13:20Z */

static dc_serve *s_serve;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    dc_serve_options opt;
    dc_serve_options_default(&opt);
    opt.data_dir = fz_data_dir();
    opt.fixed_clock_ms = S_CLOCK_MS;
    opt.test_control = true;
    opt.model.seed = 1;
    dc_err err;
    if (dc_serve_new(&opt, &s_serve, &err) != 0) {
        fprintf(stderr, "fuzz serve: %s\n", err.msg);
        abort();
    }
    return 0;
}

static void s_check_answer(const char *url, const dc_serve_response *r)
{
    static const unsigned known[] = {0, 200, 400, 404, 413, 500, 503};
    bool ok = false;
    for (size_t i = 0; i < DC_ARRAY_LEN(known); i++)
        ok = ok || r->status == known[i];
    FZ_CHECK(ok, "status %u", r->status);
    /* the test-control endpoint is ours, not DynamoDB's: its JSON has no __type */
    if (r->content_type == NULL || r->cors || r->status == 413 || strcmp(url, DC_SERVE_TEST_CONTROL_PATH) == 0)
        return;
    if (r->status == 404) {
        FZ_CHECK(dc_awsjson_is_xml404(r->body.data, r->body.len), "404 without the XML body");
        return;
    }
    if (dc_awsjson_content_type(fz_spec(), r->content_type) == NULL) /* not an awsJson answer */
        return;
    dc_json_doc doc;
    dc_err err;
    FZ_CHECK(dc_json_parse(r->body.data, r->body.len, &doc, &err) == 0, "answer %u is not JSON: %s", r->status,
             err.msg);
    FZ_CHECK(dc_json_is_object(doc.root), "answer %u is not an object", r->status);
    const dc_json *bad = dc_json_first_unsorted(doc.root); /* [S:member-order] */
    FZ_CHECK(bad == NULL, "answer %u: member %s out of code-point order", r->status, bad != NULL ? bad->key : "");
    if (r->status >= 400)
        FZ_CHECK(dc_json_is_string(dc_json_get(doc.root, "__type")), "error answer %u without a string __type",
                 r->status);
    dc_json_doc_free(&doc);
}

static void s_one(const uint8_t *data, size_t size)
{
    fz_message m;
    fz_message_parse(data, size, &m);
    const char *method, *url, *query;
    fz_request_line(&m, &method, &url, &query);
    dc_serve_header hs[FZ_MAX_HEADERS];
    for (size_t i = 0; i < m.nheaders; i++) {
        hs[i].name = m.names[i];
        hs[i].value = m.values[i];
    }
    dc_serve_request req = {
        .method = method,
        .url = url,
        .query = query,
        .headers = hs,
        .nheaders = m.nheaders,
        .body = m.body,
        .body_len = m.body_len,
        .body_too_large = false,
        .signing_now = S_CLOCK_MS / 1000,
    };
    dc_serve_response r;
    dc_serve_handle(s_serve, &req, &r);
    s_check_answer(url, &r);
    dc_serve_response_free(&r);
    fz_message_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dc_serve_reset(s_serve);
    const uint8_t *end = data + size;
    size_t seplen = strlen(S_SEPARATOR);
    for (int i = 0; i < S_MAX_REQUESTS && data <= end; i++) {
        const uint8_t *sep = memmem(data, (size_t)(end - data), S_SEPARATOR, seplen);
        const uint8_t *stop = sep ? sep : end;
        s_one(data, (size_t)(stop - data));
        if (sep == NULL)
            break;
        data = sep + seplen;
    }
    return 0;
}
