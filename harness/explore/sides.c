/* sides.c - the model in-process and the endpoint over HTTP (see sides.h). */
#include "explore/sides.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define S_PITR_LAG_MS 300000 /* as serve: LatestRestorableDateTime ~5 min behind now [S:continuous-backups] */
#define S_MAX_HEADERS 12
#define S_RESTORE_MS 150 /* as serve's default */

void dc_ex_answer_init(dc_ex_answer *a)
{
    memset(a, 0, sizeof *a);
    dc_buf_init(&a->raw);
}

void dc_ex_answer_free(dc_ex_answer *a)
{
    free(a->message);
    dc_buf_free(&a->raw);
    if (a->has_doc)
        dc_json_doc_free(&a->doc);
    dc_ex_answer_init(a);
}

void dc_ex_answer_read_error(dc_ex_answer *a)
{
    a->error[0] = '\0';
    if (a->raw.len > 0 && !a->has_doc) {
        dc_err err;
        a->has_doc = dc_json_parse(a->raw.data, a->raw.len, &a->doc, &err) == 0;
    }
    if (a->status >= 200 && a->status < 300)
        return;
    const char *type = a->has_doc ? dc_json_string(dc_json_get(a->doc.root, "__type")) : NULL;
    if (type == NULL) {
        snprintf(a->error, sizeof a->error, "HTTP %d", a->status);
        return;
    }
    const char *hash = strrchr(type, '#');
    snprintf(a->error, sizeof a->error, "%s", hash != NULL ? hash + 1 : type);
    const char *msg = dc_json_string(dc_json_get(a->doc.root, "message"));
    if (msg == NULL)
        msg = dc_json_string(dc_json_get(a->doc.root, "Message"));
    free(a->message);
    a->message = msg != NULL ? dc_xstrdup(msg) : NULL;
}

/* ------------------------------------------------------------ the model */

struct dc_ex_model_side {
    const dc_spec *spec;
    dc_vclock *clock;
    dc_validator *validator;
    dc_model *model;
};

dc_ex_model_side *dc_ex_model_side_new(const dc_spec *spec, const char *region, int64_t start_ms, uint64_t seed)
{
    dc_ex_model_side *m = dc_xcalloc(1, sizeof *m);
    m->spec = spec;
    m->clock = start_ms != 0 ? dc_vclock_new_fixed(start_ms) : dc_vclock_new();
    m->validator = dc_validator_new(spec);
    dc_model_options o;
    dc_model_options_default(&o);
    o.spec = spec;
    o.region = region;
    o.pitr_lag_ms = S_PITR_LAG_MS;
    /* a restore stays CREATING for at least this long (serve's default; the
     * real service takes 1.5-13 min, [S:restore-from-backup]): a restored
     * table ACTIVE at the first poll is a divergence, a slower one is waited
     * for (run.c, settle); the other transitions are instant */
    o.restore_ms = S_RESTORE_MS;
    o.seed = seed != 0 ? seed : 1;
    m->model = dc_model_new(&o, m->clock);
    return m;
}

void dc_ex_model_side_free(dc_ex_model_side *m)
{
    if (m == NULL)
        return;
    dc_model_free(m->model);
    dc_validator_free(m->validator);
    dc_vclock_free(m->clock);
    free(m);
}

void dc_ex_model_side_advance_ms(dc_ex_model_side *m, int64_t ms)
{
    dc_vclock_advance_ms(m->clock, ms);
}

int64_t dc_ex_model_side_now_ms(dc_ex_model_side *m)
{
    return dc_vclock_now_ms(m->clock);
}

/* Steps 7 and 8 of the processing order (endpoint/front.h) as serve runs
 * them: the request is signed and well-formed JSON by construction. */
void dc_ex_model_side_call(dc_ex_model_side *m, const char *op, const char *body, size_t len, dc_ex_answer *out)
{
    dc_ex_answer_init(out);
    dc_json_doc req;
    dc_err err;
    if (dc_json_parse(body, len, &req, &err) != 0) {
        out->status = 400;
        snprintf(out->error, sizeof out->error, "SerializationException");
        return;
    }
    dc_model_context mc;
    memset(&mc, 0, sizeof mc);
    /* as serve: only the named rules read the described resources, and
     * building them describes whole resources: skipped for operations without */
    const dc_operation *spec_op = dc_spec_operation(m->spec, op);
    if (spec_op == NULL || spec_op->nrules > 0)
        dc_model_context_build(m->model, op, req.root, &mc);
    dc_verdict v;
    memset(&v, 0, sizeof v);
    int vrc = dc_validate_json(m->validator, op, req.root, &mc.ctx, &v, &err);
    if (vrc == 0 && !v.ok) {
        dc_verdict_body(&v, &out->raw);
        out->status = v.error != NULL && v.error->http_status > 0 ? v.error->http_status : 400;
    } else {
        dc_model_result r;
        dc_model_execute(m->model, op, req.root, &r);
        if (r.error != NULL) {
            const dc_error_def *e = dc_spec_error(m->spec, r.error);
            const char *key = e != NULL && e->message_key != NULL ? e->message_key : "message";
            const char *type = e != NULL ? e->wire_type : r.error;
            dc_error_body_write(&out->raw, type, strlen(type), key, r.message,
                                r.message != NULL ? strlen(r.message) : 0);
            out->status = e != NULL && e->http_status > 0 ? e->http_status : 400;
        } else {
            out->status = 200;
            dc_buf_free(&out->raw);
            out->raw = r.body;
            dc_buf_init(&r.body);
        }
        dc_model_result_free(&r);
    }
    if (vrc == 0)
        dc_verdict_free(&v);
    dc_model_context_free(&mc);
    dc_json_doc_free(&req);
    dc_ex_answer_read_error(out);
}

/* ------------------------------------------------------------ the endpoint */

struct dc_ex_endpoint {
    dc_ex_endpoint_opts o;
    dc_http_client *http;
    char host[256];
    char path[256];
    char clock_url[600];
    size_t requests;
};

int dc_ex_endpoint_new(const dc_ex_endpoint_opts *o, dc_ex_endpoint **out, dc_err *err)
{
    dc_ex_endpoint *e = dc_xcalloc(1, sizeof *e);
    e->o = *o;
    dc_http_options ho;
    memset(&ho, 0, sizeof ho);
    ho.total_timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 10000L;
    e->http = dc_http_client_new(&ho, err);
    if (e->http == NULL) {
        free(e);
        return -1;
    }
    /* "http://host:port/path" -> Host and the signed path */
    const char *p = strstr(o->url, "://");
    p = p != NULL ? p + 3 : o->url;
    size_t hl = strcspn(p, "/?");
    snprintf(e->host, sizeof e->host, "%.*s", (int)hl, p);
    snprintf(e->path, sizeof e->path, "%s", p[hl] == '/' ? p + hl : "/");
    snprintf(e->clock_url, sizeof e->clock_url, "%.*s/_ddbconform/clock", (int)(p - o->url + (long)hl), o->url);
    *out = e;
    return 0;
}

void dc_ex_endpoint_free(dc_ex_endpoint *e)
{
    if (e == NULL)
        return;
    dc_http_client_free(e->http);
    free(e);
}

size_t dc_ex_endpoint_requests(const dc_ex_endpoint *e)
{
    return e->requests;
}

void dc_ex_endpoint_call(dc_ex_endpoint *e, const char *op, const char *body, size_t len, dc_ex_answer *out)
{
    dc_ex_answer_init(out);
    const dc_service *svc = dc_spec_service(e->o.spec);
    char target[128];
    snprintf(target, sizeof target, "%s.%s", svc->target_prefix, op);
    dc_http_headers h;
    memset(&h, 0, sizeof h);
    dc_http_headers_set(&h, "Host", e->host);
    dc_http_headers_set(&h, "Content-Type", svc->content_type);
    dc_http_headers_set(&h, "X-Amz-Target", target);
    dc_sigv4_header sh[S_MAX_HEADERS];
    for (size_t i = 0; i < h.n && i < S_MAX_HEADERS; i++)
        sh[i] = dc_sigv4_hdr(h.name[i], h.value[i]);
    dc_sigv4_request req = {"POST", e->path, NULL, sh, h.n, {(const uint8_t *)body, len}};
    dc_sigv4_sign_opts so = {e->o.region, svc->signing_name, (int64_t)time(NULL), NULL};
    dc_sigv4_signed sig;
    memset(&sig, 0, sizeof sig);
    dc_err err;
    if (dc_sigv4_sign(&req, &e->o.creds, &so, &sig, &err) != 0) {
        snprintf(out->transport, sizeof out->transport, "signing");
        dc_http_headers_free(&h);
        return;
    }
    if (sig.added_amz_date)
        dc_http_headers_set(&h, "X-Amz-Date", sig.amz_date);
    if (sig.added_security_token && e->o.creds.session_token != NULL)
        dc_http_headers_set(&h, "X-Amz-Security-Token", e->o.creds.session_token);
    dc_http_headers_set(&h, "Authorization", (const char *)sig.authorization.data);
    dc_sigv4_signed_free(&sig);
    char **lines = dc_http_headers_lines(&h);
    dc_http_response resp;
    dc_http_response_init(&resp);
    e->requests++;
    if (dc_http_request(e->http, "POST", e->o.url, (const char *const *)lines, h.n, body, len, &resp, &err) != 0) {
        snprintf(out->transport, sizeof out->transport, "%s", dc_http_error_kind_name(resp.error));
    } else {
        out->status = (int)resp.status;
        out->raw = resp.body;
        dc_buf_init(&resp.body);
        dc_ex_answer_read_error(out);
    }
    dc_http_lines_free(lines, h.n);
    dc_http_headers_free(&h);
    dc_http_response_free(&resp);
}

bool dc_ex_endpoint_clock(dc_ex_endpoint *e, int64_t advance_ms, int64_t *now_ms)
{
    char url[700];
    if (advance_ms != 0)
        snprintf(url, sizeof url, "%s?advance=%.3f", e->clock_url, (double)advance_ms / 1000.0);
    else
        snprintf(url, sizeof url, "%s", e->clock_url);
    dc_http_response resp;
    dc_http_response_init(&resp);
    dc_err err;
    bool ok = false;
    e->requests++;
    if (dc_http_request(e->http, "POST", url, NULL, 0, NULL, 0, &resp, &err) == 0 && resp.status == 200) {
        dc_json_doc d;
        if (dc_json_parse(resp.body.data, resp.body.len, &d, &err) == 0) {
            const dc_json *n = dc_json_get(d.root, "nowMs");
            if (dc_json_is_number(n)) {
                *now_ms = (int64_t)n->num;
                ok = true;
            }
            dc_json_doc_free(&d);
        }
    }
    dc_http_response_free(&resp);
    return ok;
}
