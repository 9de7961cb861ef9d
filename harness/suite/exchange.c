/* exchange.c - one HTTP exchange of a case step (exchange.h), in stages:
 * body, headers, signature, report text, the request, the answer read. */
#include "suite/exchange.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "suite/report.h"
#include "wire/awsjson.h"

void dc_exchange_init(dc_exchange *x)
{
    memset(x, 0, sizeof *x);
    dc_http_response_init(&x->resp);
    dc_check_result_init(&x->check);
    dc_buf_init(&x->request_text);
}

void dc_exchange_free(dc_exchange *x)
{
    dc_http_response_free(&x->resp);
    dc_check_result_free(&x->check);
    if (x->body_parsed)
        dc_json_doc_free(&x->body);
    free(x->error_name);
    free(x->error_ns);
    free(x->message);
    dc_buf_free(&x->request_text);
    memset(x, 0, sizeof *x);
}

/* The error fields of a response, when check did not provide them (an
 * operation the spec does not know, or no spec). */
static void s_read_error_fields(dc_exchange *x)
{
    if (x->check.is_error || x->check.error_name != NULL) {
        x->error_name = x->check.error_name ? dc_xstrdup(x->check.error_name) : NULL;
        if (x->check.message != NULL) {
            x->message = dc_xstrndup(x->check.message, x->check.message_len);
            x->message_present = true;
        }
        x->message_key = x->check.message_key;
        x->unknown_op = x->check.unknown_operation;
    } else if (x->body_parsed && dc_json_is_object(x->body.root)) {
        dc_awsjson_error ae;
        if (dc_awsjson_error_read(x->body.root, &ae)) {
            x->error_name = dc_xstrndup(ae.name, ae.name_len);
            x->message_key = ae.message_key;
            size_t ml = 0;
            const char *m = dc_awsjson_error_message(&ae, &ml);
            if (m != NULL) {
                x->message = dc_xstrndup(m, ml);
                x->message_present = true;
            }
        }
    } else if (x->resp.status == 404 && dc_awsjson_is_xml404(x->resp.body.data, x->resp.body.len)) {
        x->error_name = dc_xstrdup(DC_AWSJSON_UNKNOWN_OPERATION); /* the XML 404 of [S:wire-request] */
    }
    if (x->error_name != NULL && strcmp(x->error_name, DC_AWSJSON_UNKNOWN_OPERATION) == 0)
        x->unknown_op = true;
    /* the namespace: the text of __type before '#' */
    dc_awsjson_error ae;
    if (x->body_parsed && dc_awsjson_error_read(x->body.root, &ae) && ae.ns != NULL)
        x->error_ns = dc_xstrndup(ae.ns, ae.ns_len);
}

/* Stage 1: the body, ${var} substituted (rawBody as text, request as JSON,
 * "{}" without either, as SDKs send for an empty input ([S:wire-request])). */
static int s_build_body(const dc_call *call, dc_vars *vars, const char *path, dc_buf *body, dc_err *err)
{
    char p[300];
    if (call->raw_body != NULL) {
        snprintf(p, sizeof p, "%s.rawBody", path);
        if (dc_subst_text(call->raw_body->str, call->raw_body->str_len, vars, p, body, err) != 0)
            return -1;
    } else if (call->request != NULL) {
        dc_json_doc doc;
        snprintf(p, sizeof p, "%s.request", path);
        if (dc_subst(call->request, vars, p, &doc, err) != 0)
            return -1;
        dc_json_print(doc.root, body);
        dc_json_doc_free(&doc);
    } else {
        dc_buf_puts(body, "{}");
    }
    if (body->len > DC_EXCHANGE_MAX_BODY)
        return dc_fail(err, "%s: request body larger than %u bytes", path, DC_EXCHANGE_MAX_BODY);
    return 0;
}

/* Stage 2: Host, Content-Type and X-Amz-Target from the spec, then the
 * step's own headers (null removes one; values ${var} substituted). */
static int s_build_headers(const dc_exchange_target *t, const dc_call *call, dc_vars *vars, const char *path,
                           dc_http_headers *h, dc_err *err)
{
    const dc_service *svc = dc_spec_service(t->spec);
    dc_buf tmp;
    dc_buf_init(&tmp);
    dc_http_headers_set(h, "Host", t->host);
    dc_http_headers_set(h, "Content-Type", svc->content_type);
    dc_buf_printf(&tmp, "%s.%s", svc->target_prefix, call->op);
    dc_http_headers_set(h, "X-Amz-Target", (const char *)tmp.data);
    int rc = 0;
    for (size_t i = 0; call->headers != NULL && i < call->headers->count && rc == 0; i++) {
        const dc_json *hv = &call->headers->items[i];
        if (hv->type == DC_JSON_NULL) {
            dc_http_headers_set(h, hv->key, NULL);
            continue;
        }
        char p[300];
        snprintf(p, sizeof p, "%s.headers.%s", path, hv->key);
        dc_buf_reset(&tmp);
        rc = dc_subst_text(hv->str, hv->str_len, vars, p, &tmp, err);
        if (rc == 0)
            dc_http_headers_set(h, hv->key, tmp.data ? (const char *)tmp.data : "");
    }
    dc_buf_free(&tmp);
    return rc;
}

/* Stage 3: SigV4 over the headers and body; adds X-Amz-Date,
 * X-Amz-Security-Token and Authorization. sig is freed by the caller when
 * *signed_ok. */
static int s_sign(const dc_exchange_target *t, const char *path, const dc_buf *body, dc_http_headers *h,
                  dc_sigv4_signed *sig, bool *signed_ok, dc_err *err)
{
    dc_sigv4_header sh[DC_EXCHANGE_MAX_HEADERS];
    for (size_t i = 0; i < h->n; i++)
        sh[i] = dc_sigv4_hdr(h->name[i], h->value[i]);
    dc_sigv4_request req = {"POST", t->path, NULL, sh, h->n, {body->data, body->len}};
    dc_sigv4_sign_opts so = {t->region, dc_spec_service(t->spec)->signing_name, (int64_t)time(NULL), NULL};
    dc_err serr;
    if (dc_sigv4_sign(&req, t->creds, &so, sig, &serr) != 0)
        return dc_fail(err, "%s: cannot sign the request: %s", path, serr.msg);
    *signed_ok = true;
    if (sig->added_amz_date)
        dc_http_headers_set(h, "X-Amz-Date", sig->amz_date);
    if (sig->added_security_token && t->creds->session_token != NULL)
        dc_http_headers_set(h, "X-Amz-Security-Token", t->creds->session_token);
    dc_http_headers_set(h, "Authorization", (const char *)sig->authorization.data);
    return 0;
}

/* Stage 4: the request as report text, secret headers redacted. */
static void s_request_text(const dc_exchange_target *t, const dc_http_headers *h, const dc_buf *body, dc_buf *out)
{
    dc_buf_printf(out, "POST %s\n", t->path);
    for (size_t i = 0; i < h->n; i++) {
        bool secret = dc_http_header_is_secret(h->name[i], strlen(h->name[i]));
        dc_buf_printf(out, "%s: %s\n", h->name[i], secret ? "<redacted>" : h->value[i]);
    }
    dc_buf_putc(out, '\n');
    dc_buf_append(out, body->data, body->len < DC_REPORT_EXCERPT_BYTES ? body->len : DC_REPORT_EXCERPT_BYTES);
}

/* Stage 6: the answer read: JSON body, the check module (unless no_check or
 * an operation the spec does not know), the error fields. */
static void s_read_answer(const dc_exchange_target *t, const dc_call *call, const dc_http_headers *h, dc_exchange *x)
{
    dc_err perr;
    if (x->resp.body.len > 0 && dc_json_parse(x->resp.body.data, x->resp.body.len, &x->body, &perr) == 0)
        x->body_parsed = true;
    const dc_operation *op = t->no_check ? NULL : dc_spec_operation(t->spec, call->op);
    if (op != NULL) {
        const char *ct = NULL;
        for (size_t i = 0; i < h->n; i++)
            if (strcasecmp(h->name[i], "Content-Type") == 0)
                ct = h->value[i];
        dc_check_input in = dc_check_input_from_http(&x->resp, ct);
        dc_err cerr;
        if (dc_check_response(t->spec, op, t->level, &in, &x->check, &cerr) != 0)
            dc_check_add_failure(&x->check, DC_FAIL_SEMANTIC, "", "a checkable response", cerr.msg);
    }
    s_read_error_fields(x);
}

int dc_exchange_send(dc_http_client *http, const dc_exchange_target *t, const dc_call *call, dc_vars *vars,
                     const char *path, dc_exchange *x, dc_err *err)
{
    dc_buf body;
    dc_http_headers h = {0};
    char **lines = NULL;
    dc_sigv4_signed sig;
    bool signed_ok = false;
    int rc = -1;
    dc_buf_init(&body);
    memset(&sig, 0, sizeof sig);
    if (s_build_body(call, vars, path, &body, err) != 0 || s_build_headers(t, call, vars, path, &h, err) != 0 ||
        (call->sign && s_sign(t, path, &body, &h, &sig, &signed_ok, err) != 0))
        goto cleanup;
    s_request_text(t, &h, &body, &x->request_text);
    if (t->verbose != NULL)
        fprintf(t->verbose, "> %s %s (%zu bytes)\n", call->op, path, body.len);
    /* Stage 5: the request over HTTP; a transport failure is a check failure */
    lines = dc_http_headers_lines(&h);
    dc_err herr;
    x->sent = true;
    rc = 0;
    if (dc_http_request(http, "POST", t->url, (const char *const *)lines, h.n, body.data, body.len, &x->resp, &herr) !=
        0) {
        dc_check_add_transport(&x->check, herr.msg);
        goto cleanup;
    }
    x->have_response = true;
    if (t->verbose != NULL)
        fprintf(t->verbose, "< %ld (%zu bytes)\n", x->resp.status, x->resp.body.len);
    s_read_answer(t, call, &h, x);
cleanup:
    dc_http_lines_free(lines, h.n);
    if (signed_ok)
        dc_sigv4_signed_free(&sig);
    dc_http_headers_free(&h);
    dc_buf_free(&body);
    return rc;
}

void dc_exchange_response_text(const dc_exchange *x, dc_buf *out)
{
    if (!x->have_response) {
        dc_buf_puts(out, "(no response)");
        return;
    }
    dc_buf_printf(out, "%s\n", x->resp.status_line ? x->resp.status_line : "HTTP ?");
    for (size_t i = 0; i < x->resp.nheaders; i++) {
        const dc_http_header *hh = &x->resp.headers[i];
        bool secret = dc_http_header_is_secret(hh->name, hh->name_len);
        dc_buf_append(out, hh->name, hh->name_len);
        dc_buf_puts(out, ": ");
        if (secret)
            dc_buf_puts(out, "<redacted>");
        else
            dc_buf_append(out, hh->value, hh->value_len);
        dc_buf_putc(out, '\n');
    }
    dc_buf_putc(out, '\n');
    size_t n = x->resp.body.len < DC_REPORT_EXCERPT_BYTES ? x->resp.body.len : DC_REPORT_EXCERPT_BYTES;
    dc_buf_append(out, x->resp.body.data, n);
}
