/* front.c - the service's processing order (see front.h). */
#include "endpoint/front.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "wire/awsjson.h"

void dc_front_result_free(dc_front_result *r)
{
    if (r == NULL)
        return;
    dc_buf_free(&r->body);
    free(r->message);
    r->message = NULL;
}

const char *dc_front_header_value(const dc_front_request *req, const char *name)
{
    for (size_t i = 0; i < req->nheaders; i++)
        if (req->headers[i].name != NULL && strcasecmp(req->headers[i].name, name) == 0)
            return req->headers[i].value != NULL ? req->headers[i].value : "";
    return NULL;
}

/* {"__type":"<ns>#<name>"[,"<key>":"<message>"]}, members in code-point order */
static void s_error_body(dc_buf *out, const char *type, const char *key, const char *message, size_t len)
{
    /* members in code-point order, as the service writes them ([S:member-order]) */
    dc_error_body_write(out, type, strlen(type), key, message, message != NULL ? len : 0);
}

static void s_set_message(dc_front_result *res, const char *message, size_t len)
{
    free(res->message);
    res->message = NULL;
    res->message_len = 0;
    if (message != NULL) {
        res->message = dc_xmalloc(len + 1);
        memcpy(res->message, message, len);
        res->message[len] = '\0';
        res->message_len = len;
    }
}

void dc_front_error(const dc_spec *spec, const char *name, const char *message, size_t message_len,
                    dc_front_result *res)
{
    const dc_error_def *e = name != NULL ? dc_spec_error(spec, name) : NULL;
    if (e == NULL)
        e = dc_spec_error(spec, "InternalServerError");
    const char *key = e != NULL && e->message_key != NULL ? e->message_key : "message";
    dc_buf_reset(&res->body);
    s_error_body(&res->body, e != NULL ? e->wire_type : "InternalServerError", key, message, message_len);
    res->status = e != NULL && e->http_status > 0 ? (unsigned)e->http_status : 500u;
    res->error = e != NULL ? e->name : "InternalServerError";
    s_set_message(res, message, message_len);
}

/* The error of spec/messages.json entry id: its text, as its type. */
static void s_message_error(const dc_spec *spec, const char *id, dc_front_result *res)
{
    const char *text = dc_spec_message(spec, id);
    dc_front_error(spec, dc_spec_message_type(spec, id), text, text != NULL ? strlen(text) : 0, res);
    res->message_id = id;
}

/* 3. serve --faults: true when the fault answered (or dropped the connection). */
static bool s_fault(const dc_front *f, dc_front_result *res)
{
    if (f->hooks.fault == NULL)
        return false;
    res->fault = f->hooks.fault(f->hooks.ctx);
    switch (res->fault) {
    case DC_FAULT_RESET: /* the transport drops the connection: no answer at all */
        res->status = 0;
        res->content_type = NULL;
        break;
    case DC_FAULT_THROTTLE: s_message_error(f->spec, DC_MSG_ID("rate-exceeded"), res); break;
    case DC_FAULT_ERROR500: s_message_error(f->spec, DC_MSG_ID("internal-server-error"), res); break;
    default: return false; /* TRUNCATE, BADCRC: the transport damages the answer */
    }
    res->decision.stage = DC_FRONT_STAGE_FAULT;
    return true;
}

/* 5. "DynamoDB_20120810.CreateBackup" (or a legacy prefix) -> "CreateBackup",
 * when the endpoint knows it. */
static bool s_route(const dc_front *f, const char *target, char op[DC_FRONT_MAX_OP_NAME])
{
    if (target == NULL)
        return false;
    size_t op_len = 0;
    const char *name = dc_spec_target_operation(f->spec, target, strlen(target), &op_len);
    if (name == NULL || op_len >= DC_FRONT_MAX_OP_NAME)
        return false;
    memcpy(op, name, op_len);
    op[op_len] = '\0';
    return f->hooks.knows(f->hooks.ctx, op);
}

/* 6. SigV4: true when authenticated; else res holds the refusal. The
 * verdict's message may echo what the client sent (never our secret). */
static bool s_authenticate(const dc_front *f, const dc_front_request *rq, dc_front_result *res)
{
    bool overflow = rq->nheaders > DC_SIGV4_MAX_HEADERS;
    size_t n = overflow ? 0 : rq->nheaders;
    dc_sigv4_header *hs = dc_xcalloc(n + 1, sizeof *hs);
    for (size_t i = 0; i < n; i++)
        hs[i] = dc_sigv4_hdr(rq->headers[i].name, rq->headers[i].value ? rq->headers[i].value : "");
    dc_sigv4_request req = {
        .method = "POST",
        .path = rq->url,
        .query = rq->query != NULL && rq->query[0] != '\0' ? rq->query : NULL,
        .headers = hs,
        .header_count = n,
        .body = {rq->body, rq->body_len},
    };
    dc_sigv4_verify_opts vo = {
        .credentials = f->credentials,
        .credential_count = f->credential_count,
        .region = f->region,
        .spec = f->spec, /* texts, error types and the signing name */
        /* clients sign with the real time, whatever a virtual clock says */
        .now = rq->signing_now != 0 ? rq->signing_now : (int64_t)time(NULL),
        .skip_clock = false,
    };
    dc_sigv4_verdict v;
    dc_sigv4_verdict_init(&v);
    dc_err err;
    bool ok = true;
    if (overflow || dc_sigv4_verify(&req, &vo, &v, &err) != 0) {
        v.status = DC_SIGV4_INCOMPLETE_SIGNATURE;
        s_message_error(f->spec, DC_MSG_ID("incomplete-signature-too-many-headers"), res);
        ok = false;
    } else if (v.status != DC_SIGV4_OK) {
        const char *m = v.message.data != NULL ? (const char *)v.message.data : "";
        dc_buf_reset(&res->body);
        s_error_body(&res->body, v.error_type, "message", m, strlen(m));
        res->status = 400;
        res->error = dc_sigv4_status_name(v.status);
        s_set_message(res, m, strlen(m));
        ok = false;
    }
    res->decision.auth_checked = true;
    res->decision.auth = v.status;
    if (ok && f->hooks.authenticated != NULL)
        f->hooks.authenticated(f->hooks.ctx, v.access_key_id);
    dc_sigv4_verdict_free(&v);
    free(hs);
    return ok;
}

/* 6b. serve --pace: true when op may run now; else res holds the refusal. */
static bool s_admit(const dc_front *f, const char *op, dc_front_result *res)
{
    const char *id = f->hooks.admit != NULL ? f->hooks.admit(f->hooks.ctx, op) : NULL;
    if (id == NULL)
        return true;
    s_message_error(f->spec, id, res);
    res->fault = DC_FAULT_THROTTLE; /* for logs and observers: the transport sends it as is */
    res->decision.stage = DC_FRONT_STAGE_FAULT;
    return false;
}

/* 7. and 8.: validation with the hook's context, then the accepted hook. */
static void s_validate_and_answer(const dc_front *f, const char *op, const dc_json *root, dc_front_result *res)
{
    if (f->hooks.begin != NULL)
        f->hooks.begin(f->hooks.ctx);
    dc_validate_context ctx;
    memset(&ctx, 0, sizeof ctx);
    bool looked_up = f->hooks.context != NULL && f->hooks.context(f->hooks.ctx, op, root, &ctx);
    dc_verdict verdict;
    memset(&verdict, 0, sizeof verdict);
    dc_err err;
    /* -1: the spec does not describe op (e.g. DeleteItem): nothing to validate */
    int vrc = dc_validate_json(f->validator, op, root, &ctx, &verdict, &err);
    if (vrc == 0 && !verdict.ok) {
        res->decision.stage = DC_FRONT_STAGE_VALIDATION;
        dc_verdict_body(&verdict, &res->body);
        res->status = verdict.error && verdict.error->http_status > 0 ? (unsigned)verdict.error->http_status : 400u;
        res->error = verdict.error != NULL ? verdict.error->name : "ValidationException";
        free(res->message); /* the verdict's message moves into res */
        res->message = verdict.message;
        res->message_len = verdict.message != NULL ? verdict.message_len : 0;
        verdict.message = NULL;
        res->rule = verdict.rule;
        res->from_context = looked_up;
    } else {
        res->decision.stage = DC_FRONT_STAGE_MODEL;
        res->status = 200;
        if (f->hooks.accepted != NULL)
            f->hooks.accepted(f->hooks.ctx, op, root, res);
    }
    if (vrc == 0)
        dc_verdict_free(&verdict);
    if (f->hooks.end != NULL)
        f->hooks.end(f->hooks.ctx);
}

void dc_front_handle(const dc_front *f, const dc_front_request *req, dc_front_result *res)
{
    memset(res, 0, sizeof *res);
    dc_buf_init(&res->body);
    const char *method = req->method != NULL ? req->method : "";
    const char *ctype = dc_front_header_value(req, "Content-Type");
    const char *accepted = dc_awsjson_content_type(f->spec, ctype);
    if (strcmp(method, "POST") != 0 || accepted == NULL) { /* 1. */
        res->decision.stage = DC_FRONT_STAGE_ROUTE;
        res->status = 404;
        res->error = DC_AWSJSON_UNKNOWN_OPERATION;
        dc_buf_puts(&res->body, DC_AWSJSON_XML404_BODY);
        return;
    }
    if (req->body_too_large || req->body_len > DC_FRONT_MAX_BODY) { /* 2. */
        res->decision.stage = DC_FRONT_STAGE_BODY_CAP;
        res->status = 413;
        return;
    }
    res->content_type = accepted; /* every answer from here on echoes it */
    if (s_fault(f, res))          /* 3. */
        return;
    dc_json_doc doc;
    dc_err err;
    if (req->body_len == 0 || dc_json_parse(req->body, req->body_len, &doc, &err) != 0) { /* 4. */
        dc_front_error(f->spec, "SerializationException", NULL, 0, res);
        res->decision.stage = DC_FRONT_STAGE_JSON;
        return;
    }
    char op[DC_FRONT_MAX_OP_NAME] = "";
    if (!s_route(f, dc_front_header_value(req, "X-Amz-Target"), op)) { /* 5. */
        dc_front_error(f->spec, "UnknownOperationException", NULL, 0, res);
        res->decision.stage = DC_FRONT_STAGE_TARGET;
    } else {
        memcpy(res->decision.operation, op, sizeof op);
        res->decision.stage = DC_FRONT_STAGE_AUTH;
        if (s_authenticate(f, req, res) && s_admit(f, op, res)) /* 6. */
            s_validate_and_answer(f, op, doc.root, res);
    }
    dc_json_doc_free(&doc);
}
