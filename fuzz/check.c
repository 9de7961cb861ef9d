/* fuzz/check.c - the response checker (check.h) on hostile endpoint answers.
 *
 * Input: byte 0 picks the operation (index into spec/operations, modulo the
 * count); byte 1: bit 0 compat level (else strict), bit 1 the request was
 * sent as application/json. The rest is a message (fuzz_util.h framing): the
 * first line is the HTTP status as decimal text, then response headers, then
 * the body.
 *
 * Properties (abort on violation): the checker returns 0 (misuse is the only
 * -1); it keeps at most DC_CHECK_MAX_FAILURES failures and notes; every failure
 * has a known kind and one-line expected/actual texts; a second run over the
 * same answer gives the same failures; an error body is reported as one with a
 * name whenever it carries a __type. */
#include <string.h>

#include "wire/check.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void s_check_result(const dc_check_result *r)
{
    FZ_CHECK(r->nfailures <= DC_CHECK_MAX_FAILURES, "%zu failures kept", r->nfailures);
    FZ_CHECK(r->nnotes <= DC_CHECK_MAX_NOTES, "%zu notes kept", r->nnotes);
    for (size_t i = 0; i < r->nfailures; i++) {
        const dc_failure *f = &r->failures[i];
        FZ_CHECK(f->kind >= DC_FAIL_STATUS && f->kind <= DC_FAIL_TRANSPORT, "failure kind %d", (int)f->kind);
        FZ_CHECK(f->path != NULL && f->expected != NULL && f->actual != NULL, "failure %zu has a NULL text", i);
        FZ_CHECK(strchr(f->expected, '\n') == NULL && strchr(f->actual, '\n') == NULL,
                 "failure %zu (%s at %s) is not one line", i, dc_failure_kind_name(f->kind), f->path);
        (void)dc_failure_kind_name(f->kind);
    }
    if (r->error_name != NULL)
        FZ_CHECK(r->is_error, "an error name without is_error");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const dc_spec *spec = fz_spec();
    if (size < 2)
        return 0;
    const dc_operation *op = dc_spec_operation_at(spec, data[0] % dc_spec_operation_count(spec));
    dc_check_level level = (data[1] & 1) ? DC_CHECK_COMPAT : DC_CHECK_STRICT;
    const char *req_ct = (data[1] & 2) ? "application/json" : NULL;

    fz_message m;
    fz_message_parse(data + 2, size - 2, &m);
    dc_http_header hs[FZ_MAX_HEADERS];
    for (size_t i = 0; i < m.nheaders; i++) {
        hs[i].name = m.names[i];
        hs[i].name_len = strlen(m.names[i]);
        hs[i].value = m.values[i];
        hs[i].value_len = strlen(m.values[i]);
    }
    dc_check_input in = {
        .status = strtol(m.first, NULL, 10),
        .headers = hs,
        .nheaders = m.nheaders,
        .body = m.body,
        .body_len = m.body_len,
        .request_content_type = req_ct,
    };
    dc_check_result r1, r2;
    dc_check_result_init(&r1);
    dc_check_result_init(&r2);
    dc_err err;
    FZ_CHECK(dc_check_response(spec, op, level, &in, &r1, &err) == 0, "%s: %s", op->name, err.msg);
    FZ_CHECK(dc_check_response(spec, op, level, &in, &r2, &err) == 0, "%s: %s", op->name, err.msg);
    s_check_result(&r1);
    FZ_CHECK(r1.nfailures == r2.nfailures && r1.dropped == r2.dropped && r1.nnotes == r2.nnotes &&
                 r1.is_error == r2.is_error,
             "two checks of one answer disagree");
    for (size_t i = 0; i < r1.nfailures; i++)
        FZ_CHECK(r1.failures[i].kind == r2.failures[i].kind && strcmp(r1.failures[i].path, r2.failures[i].path) == 0 &&
                     strcmp(r1.failures[i].actual, r2.failures[i].actual) == 0,
                 "failure %zu differs between two checks", i);

    /* the body alone against the output shape, under a prefix path */
    dc_check_result r3;
    dc_check_result_init(&r3);
    if (op->output != NULL)
        dc_check_shape(op->output, m.body, m.body_len, "Out", &r3);
    s_check_result(&r3);

    dc_buf ex;
    dc_buf_init(&ex);
    dc_check_excerpt(m.body, m.body_len, &ex);
    FZ_CHECK(ex.len <= DC_CHECK_EXCERPT_MAX, "excerpt of %zu bytes", ex.len);
    FZ_CHECK(ex.len == 0 || memchr(ex.data, '\n', ex.len) == NULL, "excerpt has a raw newline");
    dc_buf_free(&ex);

    dc_check_result_free(&r1);
    dc_check_result_free(&r2);
    dc_check_result_free(&r3);
    fz_message_free(&m);
    return 0;
}
