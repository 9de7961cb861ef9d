/* oracle.c - the fuzz oracle (see oracle.h). */
#include "netfuzz/oracle.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "endpoint/front.h"
#include "suite/clauses.h"
#include "wire/awsjson.h"

void dc_oracle_pred_free(dc_oracle_pred *p)
{
    free(p->message);
    memset(p, 0, sizeof *p);
}

/* ---- predict ------------------------------------------------------------- */

static bool s_knows(void *ctx, const char *op)
{
    const dc_oracle *o = ctx;
    return dc_spec_operation(o->spec, op) != NULL;
}

static bool s_context(void *ctx, const char *op, const dc_json *root, dc_validate_context *out)
{
    const dc_oracle *o = ctx;
    return o->context != NULL && o->context(o->ctx, op, root, out);
}

static void s_end(void *ctx)
{
    const dc_oracle *o = ctx;
    if (o->context_end != NULL)
        o->context_end(o->ctx);
}

/* The oracle's words for the stages (they name the stage in a finding's case). */
static const char *s_stage(dc_front_stage st)
{
    switch (st) {
    case DC_FRONT_STAGE_ROUTE: return "content-type";
    case DC_FRONT_STAGE_BODY_CAP: return "body-cap";
    case DC_FRONT_STAGE_JSON: return "parse";
    case DC_FRONT_STAGE_TARGET: return "target";
    case DC_FRONT_STAGE_AUTH: return "auth";
    default: return "validate";
    }
}

void dc_oracle_predict(const dc_oracle *o, const dc_oracle_wire *w, dc_oracle_pred *p)
{
    memset(p, 0, sizeof *p);
    const dc_http_headers *h = w->headers;
    dc_front_header *hs = dc_xcalloc(h->n + 1, sizeof *hs);
    for (size_t i = 0; i < h->n; i++)
        hs[i] = (dc_front_header){h->name[i], h->value[i]};
    dc_front_request rq = {
        .method = "POST",
        .url = o->path,
        .headers = hs,
        .nheaders = h->n,
        .body = w->body,
        .body_len = w->body_len,
    };
    dc_front f = {
        .spec = o->spec,
        .validator = o->validator,
        .region = o->region,
        .credentials = o->creds,
        .credential_count = o->creds != NULL ? 1 : 0,
        .hooks = {.ctx = (void *)(uintptr_t)o, .knows = s_knows, .end = s_end, .context = s_context},
    };
    dc_front_result res;
    dc_front_handle(&f, &rq, &res);
    dc_front_stage st = res.decision.stage;
    p->stage = s_stage(st);
    p->status = (int)res.status;
    if (st == DC_FRONT_STAGE_MODEL) {
        p->valid = true;
    } else {
        p->xml404 = st == DC_FRONT_STAGE_ROUTE;
        p->error = res.error;
        /* auth texts may echo the Authorization header: compared by name only, never stored */
        p->message_checked = st != DC_FRONT_STAGE_AUTH;
        if (p->message_checked && res.message != NULL) {
            p->message = res.message; /* moved */
            p->message_len = res.message_len;
            res.message = NULL;
        }
        p->rule = res.rule;
        p->from_context = res.from_context;
    }
    dc_front_result_free(&res);
    free(hs);
}

/* ---- judge --------------------------------------------------------------- */

static void s_report_finding(dc_oracle_verdict *v, dc_finding_class c, const char *key, const char *expected,
                             const char *actual)
{
    if (v->found)
        return;
    v->found = true;
    v->cls = c;
    snprintf(v->key, sizeof v->key, "%s", key);
    snprintf(v->expected, sizeof v->expected, "%s", expected);
    snprintf(v->actual, sizeof v->actual, "%s", actual);
}

/* "<status> <escaped excerpt of the body>"; if_empty stands for an empty body. */
static void s_actual_excerpt(const dc_http_response *resp, const char *if_empty, char *out, size_t cap)
{
    dc_buf ex;
    dc_buf_init(&ex);
    dc_check_excerpt(resp->body.data, resp->body.len, &ex);
    const char *text = resp->body.len == 0 && if_empty != NULL ? if_empty : (const char *)ex.data;
    snprintf(out, cap, "%ld %.300s", resp->status, text != NULL ? text : "");
    dc_buf_free(&ex);
}

void dc_oracle_describe(const dc_oracle_pred *p, char *out, size_t cap)
{
    if (p->valid)
        snprintf(out, cap, "2xx or a state error of the operation");
    else
        snprintf(out, cap, "%d %s%s%.300s", p->status, p->error ? p->error : "",
                 p->message && p->message_checked ? ": " : "", p->message && p->message_checked ? p->message : "");
}

/* At strict: the message predicted and the one received say the same (a
 * validation message as a clause set, in any order). */
static bool s_same_message(const dc_oracle_pred *p, const char *m, size_t ml)
{
    if (p->message == NULL || m == NULL)
        return (p->message == NULL) == (m == NULL);
    dc_clause_set cs;
    if (dc_clauses_parse(p->message, p->message_len, &cs) != 0)
        return p->message_len == ml && memcmp(p->message, m, ml) == 0;
    dc_mismatches mm;
    dc_mismatches_init(&mm);
    bool same = dc_clauses_match((const char *const *)cs.clauses, cs.n, cs.count, m, ml, "message", &mm);
    dc_mismatches_free(&mm);
    dc_clause_set_free(&cs);
    return same;
}

/* The error answered against the one predicted. */
static void s_judge_error(const dc_oracle *o, const dc_oracle_request *rq, const dc_operation *op,
                          const dc_oracle_pred *p, const dc_http_response *resp, const char *got,
                          const dc_awsjson_error *ae, const char *exp, dc_oracle_verdict *v)
{
    char act[400], key[300], gone_exp[400];
    size_t ml = 0;
    const char *m = dc_awsjson_error_message(ae, &ml);
    bool ok2xx = resp->status >= 200 && resp->status < 300 && got == NULL;
    snprintf(act, sizeof act, "%ld %s%s%.300s", resp->status, got ? got : "", m != NULL ? ": " : "", m ? m : "");
    if (p->valid) {
        if (ok2xx && rq->gone != NULL) {
            snprintf(gone_exp, sizeof gone_exp, "400 %s (deleted before)", rq->gone);
            s_report_finding(v, DC_FIND_USE_AFTER_DELETE, rq->gone, gone_exp, act);
        } else if (!ok2xx && (got == NULL || op == NULL || !o->state_error(o->ctx, op, got))) {
            snprintf(key, sizeof key, "%s via %s", got ? got : "?", rq->mutator);
            s_report_finding(v, DC_FIND_REJECTED_VALID, key, exp, act);
        }
    } else if (ok2xx) {
        snprintf(key, sizeof key, "%s via %s", p->error, rq->mutator);
        s_report_finding(v, DC_FIND_ACCEPTED_INVALID, key, exp, act);
    } else if (got == NULL || strcmp(got, p->error) != 0) {
        bool both_state = p->from_context && got != NULL && op != NULL && o->state_error(o->ctx, op, got) &&
                          o->state_error(o->ctx, op, p->error);
        if (!both_state) {
            snprintf(key, sizeof key, "%s -> %s", p->error, got ? got : "?");
            s_report_finding(v, DC_FIND_WRONG_ERROR, key, exp, act);
        }
    } else if (o->level == DC_CHECK_STRICT && p->message_checked && !s_same_message(p, m, ml)) {
        snprintf(key, sizeof key, "%s %s", p->error, p->rule ? p->rule : "");
        s_report_finding(v, DC_FIND_WRONG_MESSAGE, key, exp, act);
    }
}

/* The check module's findings about the response itself. */
static void s_judge_checks(const dc_oracle *o, const dc_operation *op, const char *got, const dc_check_result *cr,
                           dc_oracle_verdict *v)
{
    char key[300];
    for (size_t i = 0; i < cr->nfailures && !v->found; i++) {
        const dc_failure *f = &cr->failures[i];
        dc_finding_class c = DC_FIND_BAD_RESPONSE;
        if (f->kind == DC_FAIL_STATUS)
            c = DC_FIND_WRONG_STATUS;
        else if (f->kind == DC_FAIL_ERROR_TYPE && got != NULL && op != NULL && !dc_spec_error_allowed(o->spec, op, got))
            c = DC_FIND_UNDOCUMENTED;
        snprintf(key, sizeof key, "%s %s", dc_failure_kind_name(f->kind), f->path);
        s_report_finding(v, c, key, f->expected, f->actual);
        snprintf(v->path, sizeof v->path, "%s", f->path);
    }
}

void dc_oracle_judge(const dc_oracle *o, const dc_oracle_request *rq, const dc_oracle_wire *w, const dc_oracle_pred *p,
                     const dc_http_response *resp, bool transport_failed, dc_oracle_verdict *v)
{
    dc_oracle_judge_answer(o, rq, w, p, resp, transport_failed, v, NULL);
}

void dc_oracle_judge_answer(const dc_oracle *o, const dc_oracle_request *rq, const dc_oracle_wire *w,
                            const dc_oracle_pred *p, const dc_http_response *resp, bool transport_failed,
                            dc_oracle_verdict *v, dc_json_doc *answer)
{
    const dc_operation *op = dc_spec_operation(o->spec, rq->op);
    char exp[400], act[400], key[300];
    memset(v, 0, sizeof *v);
    dc_oracle_describe(p, exp, sizeof exp);
    if (answer != NULL)
        memset(answer, 0, sizeof *answer);
    if (transport_failed) {
        const char *kind = dc_http_error_kind_name(resp->error);
        s_report_finding(v, DC_FIND_TRANSPORT, kind, exp, kind);
        return;
    }
    if (resp->status >= 500) {
        s_actual_excerpt(resp, NULL, act, sizeof act);
        snprintf(key, sizeof key, "%ld", resp->status);
        s_report_finding(v, DC_FIND_SERVER_ERROR, key, exp, act);
        return;
    }
    if (!p->valid && p->error == NULL) { /* a status without a body (413) */
        if (resp->status != p->status) {
            s_actual_excerpt(resp, NULL, act, sizeof act);
            snprintf(key, sizeof key, "%d %s", p->status, p->stage);
            s_report_finding(v, DC_FIND_WRONG_STATUS, key, exp, act);
        }
        return;
    }
    if (p->xml404) {
        if (resp->status != 404 || !dc_awsjson_is_xml404(resp->body.data, resp->body.len)) {
            s_actual_excerpt(resp, NULL, act, sizeof act);
            s_report_finding(v, resp->status / 100 == 2 ? DC_FIND_ACCEPTED_INVALID : DC_FIND_WRONG_ERROR,
                             "404 content-type", "404 " DC_AWSJSON_XML404_TAG, act);
        }
        return;
    }
    dc_json_doc doc;
    dc_awsjson_error ae;
    dc_awsjson_kind kind = dc_awsjson_read_body(resp->body.data, resp->body.len, &doc, &ae);
    bool parsed = kind == DC_AWSJSON_ERROR || kind == DC_AWSJSON_NO_ERROR;
    dc_check_result cr;
    dc_check_result_init(&cr);
    dc_check_input in = dc_check_input_from_http(resp, dc_http_headers_get(w->headers, "Content-Type"));
    in.parsed = parsed ? &doc : NULL; /* one parse of the answer for both readers */
    dc_err err;
    if (op != NULL)
        (void)dc_check_response(o->spec, op, o->level, &in, &cr, &err);
    if (!parsed) {
        s_actual_excerpt(resp, "(empty body)", act, sizeof act);
        snprintf(key, sizeof key, "%ld", resp->status);
        s_report_finding(v, DC_FIND_NON_JSON, key, exp, act);
        dc_check_result_free(&cr);
        return;
    }
    char got_name[128] = "";
    const char *got = NULL;
    if (ae.name != NULL) {
        snprintf(got_name, sizeof got_name, "%.*s", (int)(ae.name_len < 127 ? ae.name_len : 127), ae.name);
        got = got_name;
    }
    s_judge_error(o, rq, op, p, resp, got, &ae, exp, v);
    s_judge_checks(o, op, got, &cr, v);
    if (answer != NULL)
        *answer = doc; /* moved: the caller reads the answer too */
    else
        dc_json_doc_free(&doc);
    dc_check_result_free(&cr);
}
