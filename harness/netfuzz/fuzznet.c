/* fuzznet.c - the network fuzzer (see fuzznet.h): sending, the oracle, fuzz
 * requests, findings, the loop and the workers; its other parts and what they
 * share: fuzznet_internal.h. */
#include "netfuzz/fuzznet_internal.h"

static const char *const s_hm_names[DC_FUZZ_HM_COUNT] = {
    "none",
    "content-type",
    "target",
    "auth-missing",
    "auth-not-aws4",
    "auth-no-params",
    "auth-no-signature",
    "auth-bad-signature",
    "auth-foreign-key",
    "auth-wrong-region",
    "auth-stale-body",
    "auth-bad-date",
};

bool dc_fz_time_up(dc_fz *fz)
{
    const dc_fuzz_opts *o = fz->o;
    if (o->stop != NULL && *o->stop)
        return true;
    if (o->duration_s > 0 && s_now_s() - fz->t0 >= o->duration_s)
        return true;
    return fz->stopping;
}

/* ---- sending ------------------------------------------------------------------ */

/* Everything sent: the final header list and body, for the oracle and for findings. */
typedef struct {
    dc_http_headers h;
    dc_buf body;
} s_wire;

static void s_wire_free(s_wire *w)
{
    dc_http_headers_free(&w->h);
    dc_buf_free(&w->body);
}

/* Builds the exact request (headers signed or broken as r says). */
static int s_build(dc_fz *fz, const dc_fuzz_req *r, s_wire *w, dc_err *err)
{
    const dc_fuzz_opts *o = fz->o;
    memset(&w->h, 0, sizeof w->h);
    dc_buf_init(&w->body);
    dc_fuzz_req_body(r, &w->body);
    char target[128];
    const dc_service *svc = dc_spec_service(o->spec);
    snprintf(target, sizeof target, "%s.%s", svc->target_prefix, r->op);
    dc_http_headers_set(&w->h, "Host", fz->host);
    dc_http_headers_set(&w->h, "Content-Type", svc->content_type);
    dc_http_headers_set(&w->h, "X-Amz-Target", target);
    for (size_t i = 0; i < r->extra.n; i++)
        dc_http_headers_set(&w->h, r->extra.name[i], r->extra.value[i][0] == '\x01' ? NULL : r->extra.value[i]);
    if (!r->sign || r->hm == DC_FUZZ_HM_AUTH_MISSING)
        return 0;
    if (r->hm == DC_FUZZ_HM_AUTH_NOT_AWS4) {
        dc_http_headers_set(&w->h, "Authorization", DC_FUZZ_BASIC_AUTH);
        return 0;
    }
    if (r->hm == DC_FUZZ_HM_AUTH_NO_PARAMS) {
        dc_http_headers_set(&w->h, "Authorization", DC_SIGV4_ALGORITHM);
        return 0;
    }
    if (r->hm == DC_FUZZ_HM_AUTH_BAD_DATE)
        dc_http_headers_set(&w->h, "X-Amz-Date", "20150830T1236");
    dc_sigv4_header sh[S_MAX_HEADERS];
    for (size_t i = 0; i < w->h.n; i++)
        sh[i] = dc_sigv4_hdr(w->h.name[i], w->h.value[i]);
    size_t signed_len = w->body.len - (r->hm == DC_FUZZ_HM_AUTH_STALE_BODY ? 1 : 0);
    dc_sigv4_request req = {"POST", fz->path, NULL, sh, w->h.n, {w->body.data, signed_len}};
    dc_sigv4_credentials creds = o->creds;
    if (r->hm == DC_FUZZ_HM_AUTH_FOREIGN_KEY)
        creds.access_key_id = S_FOREIGN_KEY_ID;
    const char *region = o->region;
    if (r->hm == DC_FUZZ_HM_AUTH_WRONG_REGION)
        region = strcmp(o->region, "eu-west-3") == 0 ? "ap-south-2" : "eu-west-3";
    dc_sigv4_sign_opts so = {region, dc_spec_service(o->spec)->signing_name, (int64_t)time(NULL), NULL};
    dc_sigv4_signed sig;
    memset(&sig, 0, sizeof sig);
    dc_err serr;
    if (dc_sigv4_sign(&req, &creds, &so, &sig, &serr) != 0)
        return dc_fail(err, "%s: cannot sign the request: %s", r->op, serr.msg);
    if (sig.added_amz_date)
        dc_http_headers_set(&w->h, "X-Amz-Date", sig.amz_date);
    if (sig.added_security_token && o->creds.session_token != NULL)
        dc_http_headers_set(&w->h, "X-Amz-Security-Token", o->creds.session_token);
    dc_buf auth;
    dc_buf_init(&auth);
    dc_buf_append(&auth, sig.authorization.data, sig.authorization.len);
    char *sp = strstr((char *)auth.data, ", Signature=");
    if (r->hm == DC_FUZZ_HM_AUTH_NO_SIGNATURE && sp != NULL) {
        *sp = '\0';
    } else if (r->hm == DC_FUZZ_HM_AUTH_BAD_SIGNATURE && sp != NULL) {
        char *hex = sp + strlen(", Signature=");
        hex[0] = hex[0] == '0' ? '1' : '0'; /* one nibble off */
    }
    dc_http_headers_set(&w->h, "Authorization", (const char *)auth.data);
    dc_buf_free(&auth);
    dc_sigv4_signed_free(&sig);
    return 0;
}

/* Sends w; the response goes to resp (init'ed by the caller). 0: an HTTP
 * response came back; -1: transport failure (resp->error says which). */
static int s_send_wire(dc_fz *fz, const char *op, const s_wire *w, dc_http_response *resp, dc_err *err)
{
    char **lines = dc_http_headers_lines(&w->h);
    if (fz->o->verbose != NULL)
        fprintf(fz->o->verbose, "%s> %s (%zu bytes)\n", fz->vtag, op, w->body.len);
    int rc = dc_http_request(fz->http, "POST", fz->o->endpoint, (const char *const *)lines, w->h.n, w->body.data,
                             w->body.len, resp, err);
    if (fz->o->verbose != NULL)
        fprintf(fz->o->verbose, "%s< %ld (%zu bytes)\n", fz->vtag, resp->status, resp->body.len);
    dc_http_lines_free(lines, w->h.n);
    return rc;
}

/* A plain signed call (set-up, context look-ups, clean-up): body JSON text. */
int dc_fz_call(dc_fz *fz, const char *op, const char *body, size_t len, dc_http_response *resp, dc_json_doc *doc,
               bool *parsed, dc_err *err)
{
    dc_fuzz_req r;
    dc_fuzz_req_init(&r, op);
    dc_buf_append(&r.raw, body, len);
    s_wire w;
    int rc = s_build(fz, &r, &w, err);
    if (rc == 0)
        rc = s_send_wire(fz, op, &w, resp, err);
    fz->st->extra_requests++;
    *parsed = false;
    if (rc == 0 && doc != NULL && resp->body.len > 0 && dc_json_parse(resp->body.data, resp->body.len, doc, err) == 0)
        *parsed = true;
    s_wire_free(&w);
    dc_fuzz_req_free(&r);
    return rc;
}

/* ---- the oracle ------------------------------------------------------------------ */

typedef dc_oracle_pred s_pred;
typedef dc_oracle_verdict s_verdict;
#define s_pred_free dc_oracle_pred_free

typedef struct {
    dc_json_doc docs[3];
    bool have[3];
} s_ctx_docs;

static void s_ctx_docs_free(s_ctx_docs *c)
{
    for (int i = 0; i < 3; i++)
        if (c->have[i])
            dc_json_doc_free(&c->docs[i]);
    memset(c, 0, sizeof *c);
}

/* One describe call of the context (validate/context.h), sent to the endpoint under test. */
static int s_ctx_call(void *user, const dc_operation *from, const char *body, size_t len, dc_json_doc *out)
{
    dc_fz *fz = user;
    dc_http_response resp;
    dc_http_response_init(&resp);
    bool parsed = false;
    dc_err err;
    int rc = dc_fz_call(fz, from->name, body, len, &resp, out, &parsed, &err);
    bool ok = rc == 0 && resp.status == 200 && parsed;
    if (parsed && !ok)
        dc_json_doc_free(out);
    dc_http_response_free(&resp);
    return ok ? 0 : -1;
}

/* Fetches the context the core's stateful rules need for request (op, root):
 * the describe calls spec/operations/<op>.json "context" names. */
static void s_fetch_context(dc_fz *fz, const char *op, const dc_json *root, s_ctx_docs *cd, dc_validate_context *ctx)
{
    _Static_assert(DC_ARRAY_LEN(cd->docs) == DC_CONTEXT_SLOT_COUNT, "one doc per context slot");
    memset(ctx, 0, sizeof *ctx);
    ctx->region = fz->o->region;
    ctx->account = fz->account[0] != '\0' ? fz->account : NULL;
    ctx->has_now = true;
    ctx->now = (double)time(NULL);
    dc_context_fetch(dc_spec_operation(fz->o->spec, op), root, DC_CONTEXT_FOR_ORACLE, s_ctx_call, fz, cd->docs,
                     cd->have);
    dc_context_apply(cd->docs, cd->have, ctx);
}

/* The oracle's context hook: the describe calls of s_fetch_context, per request. */
typedef struct {
    dc_fz *fz;
    s_ctx_docs cd;
} s_oracle_call;

static bool s_oracle_context(void *ctx, const char *op, const dc_json *root, dc_validate_context *out)
{
    s_oracle_call *c = ctx;
    s_fetch_context(c->fz, op, root, &c->cd, out);
    for (size_t i = 0; i < DC_ARRAY_LEN(c->cd.have); i++)
        if (c->cd.have[i])
            return true;
    return false;
}

static void s_oracle_context_end(void *ctx)
{
    s_ctx_docs_free(&((s_oracle_call *)ctx)->cd);
}

static bool s_oracle_state_error(void *ctx, const dc_operation *op, const char *name);

/* The oracle over this run: its spec, credentials and hooks. */
static dc_oracle s_oracle(dc_fz *fz, s_oracle_call *call)
{
    const dc_fuzz_opts *o = fz->o;
    memset(call, 0, sizeof *call);
    call->fz = fz;
    dc_oracle orc = {
        .spec = o->spec,
        .validator = fz->validator,
        .level = o->level,
        .region = o->region,
        .creds = &o->creds,
        .path = fz->path,
        .ctx = call,
        .context = s_oracle_context,
        .context_end = s_oracle_context_end,
        .state_error = s_oracle_state_error,
    };
    return orc;
}

/* Predicts the answer to the exact request w (oracle.h). */
static void s_predict(dc_fz *fz, const s_wire *w, s_pred *p)
{
    s_oracle_call call;
    dc_oracle orc = s_oracle(fz, &call);
    dc_oracle_wire ow = {&w->h, w->body.data, w->body.len};
    dc_oracle_predict(&orc, &ow, p);
}

/* ---- judging a response ----------------------------------------------------------- */

static bool s_is_state_error(const dc_spec *spec, const dc_operation *op, const char *name)
{
    for (size_t i = 0; i < op->nerrors; i++)
        if (strcmp(op->errors[i], name) == 0)
            return true;
    const dc_error_def *e = dc_spec_error(spec, name); /* errors.json "state": throttling, limits, access */
    return e != NULL && e->state;
}

static bool s_oracle_state_error(void *ctx, const dc_operation *op, const char *name)
{
    return s_is_state_error(((s_oracle_call *)ctx)->fz->o->spec, op, name);
}

/* ---- building fuzz requests ------------------------------------------------------------ */

static void s_freshen(dc_fz *fz, dc_fuzz_req *r)
{
    if (!r->has_tree || r->tree.type != DC_MNODE_OBJECT)
        return;
    const dc_operation *op = dc_spec_operation(fz->o->spec, r->op);
    for (size_t k = 0; k < r->tree.count; k++) {
        dc_mnode *m = &r->tree.items[k];
        if (m->type != DC_MNODE_STRING || m->key == NULL || !dc_fz_fresh_member(op, m->key))
            continue;
        char buf[300];
        snprintf(buf, sizeof buf, "%.*s-f%zu", (int)(m->len > 240 ? 240 : m->len), m->text, ++fz->fresh_counter);
        dc_mnode_set_string(m, buf, strlen(buf));
    }
}

static void s_req_from_seed(const dc_fz_seed *s, dc_fuzz_req *r)
{
    dc_fuzz_req_init(r, s->op);
    dc_mnode_clone(&s->body, &r->tree);
    r->has_tree = true;
}

static void s_header_mutation(dc_fz *fz, dc_fuzz_req *r)
{
    dc_fuzz_hm hm = (dc_fuzz_hm)(1 + dc_rng_below(&fz->rng, DC_FUZZ_HM_COUNT - 1));
    r->hm = hm;
    snprintf(r->mutator, sizeof r->mutator, "%s", s_hm_names[hm]);
    if (hm == DC_FUZZ_HM_CONTENT_TYPE) {
        static const char *const cts[] = {"application/x-amz-json-1.1",
                                          "text/plain",
                                          "application/json",
                                          "application/x-amz-json-1.0; charset=utf-8",
                                          "APPLICATION/X-AMZ-JSON-1.0",
                                          "application/xml",
                                          "\x01"};
        const char *ct = cts[dc_rng_below(&fz->rng, DC_ARRAY_LEN(cts))];
        dc_http_headers_set(&r->extra, "Content-Type", ct);
        snprintf(r->detail, sizeof r->detail, "Content-Type: %s", ct[0] == '\x01' ? "(none)" : ct);
    } else if (hm == DC_FUZZ_HM_TARGET) {
        char t[160], near[64];
        const char *prefix = dc_spec_service(fz->o->spec)->target_prefix;
        /* a prefix one version off: DynamoDB_20120810 -> DynamoDB_20120811 */
        snprintf(near, sizeof near, "%s", prefix);
        size_t nl = strlen(near);
        if (nl > 0)
            near[nl - 1] = near[nl - 1] == '9' ? '0' : (char)(near[nl - 1] + 1);
        switch (dc_rng_below(&fz->rng, 5)) {
        case 0: snprintf(t, sizeof t, "\x01"); break;
        case 1: snprintf(t, sizeof t, "%s.%sX", prefix, r->op); break;
        case 2: snprintf(t, sizeof t, "%s.%s", near, r->op); break;
        case 3: snprintf(t, sizeof t, "%s.%c%s", prefix, r->op[0] + 32, r->op + 1); break;
        default: snprintf(t, sizeof t, "%s.", prefix); break;
        }
        dc_http_headers_set(&r->extra, "X-Amz-Target", t);
        snprintf(r->detail, sizeof r->detail, "X-Amz-Target: %s", t[0] == '\x01' ? "(none)" : t);
    } else {
        snprintf(r->detail, sizeof r->detail, "%s", s_hm_names[hm]);
    }
}

static void s_body_mutation(dc_fz *fz, const dc_fz_seed *s, dc_fuzz_req *r)
{
    size_t n = dc_rng_chance(&fz->rng, 20) ? 2 : 1;
    r->detail[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        dc_mutator m = (dc_mutator)dc_rng_below(&fz->rng, DC_MUT_BODY_COUNT);
        dc_mutation info;
        if (m == DC_MUT_SYNTAX_DAMAGE) {
            if (r->has_tree) {
                dc_buf_reset(&r->raw);
                dc_mnode_print(&r->tree, &r->raw);
                dc_mnode_clear(&r->tree);
                r->has_tree = false;
            }
            dc_mutate_bytes(&fz->rng, &r->raw, &info);
        } else if (!r->has_tree || dc_mutate_tree(&fz->rng, s->sop->input, &r->tree, m, &info) != 0) {
            /* nothing to apply it to: fall back to a mutation that always applies */
            if (!r->has_tree || dc_mutate_tree(&fz->rng, s->sop->input, &r->tree, DC_MUT_TYPE_SWAP, &info) != 0)
                if (!r->has_tree || dc_mutate_tree(&fz->rng, s->sop->input, &r->tree, DC_MUT_EXTRA_MEMBER, &info) != 0)
                    continue;
        }
        size_t used = strlen(r->detail);
        snprintf(r->mutator + (i ? strlen(r->mutator) : 0), sizeof r->mutator - (i ? strlen(r->mutator) : 0), "%s%s",
                 i ? "+" : "", dc_mutator_name(info.mutator));
        snprintf(r->detail + used, sizeof r->detail - used, "%s%s", used ? "; " : "", info.detail);
    }
}

/* ---- findings: names, case files, shrinking ----------------------------------------------- */

/* One full exchange: build, predict, send, judge. */
static void s_exchange(dc_fz *fz, const dc_fuzz_req *r, s_pred *p, s_verdict *v, bool *transport)
{
    s_wire w;
    dc_err err;
    memset(p, 0, sizeof *p);
    memset(v, 0, sizeof *v);
    *transport = false;
    if (s_build(fz, r, &w, &err) != 0) {
        s_wire_free(&w);
        return;
    }
    s_predict(fz, &w, p);
    dc_http_response resp;
    dc_http_response_init(&resp);
    *transport = s_send_wire(fz, r->op, &w, &resp, &err) != 0;
    s_oracle_call call;
    dc_oracle orc = s_oracle(fz, &call);
    dc_oracle_wire ow = {&w.h, w.body.data, w.body.len};
    dc_json_doc doc; /* the answer, parsed once: by the judge, else here */
    dc_oracle_request orq = {r->op, r->mutator, dc_fz_gone_error(fz, r)};
    dc_oracle_judge_answer(&orc, &orq, &ow, p, &resp, *transport, v, &doc);
    if (!*transport && resp.status / 100 == 2) {
        if (doc.root == NULL && resp.body.len > 0)
            (void)dc_json_parse(resp.body.data, resp.body.len, &doc, &err);
        if (doc.root != NULL) {
            dc_fz_track_response(fz, r->op, r, doc.root, true);
            dc_fz_pool_trim(fz);
        }
    }
    dc_json_doc_free(&doc);
    dc_http_response_free(&resp);
    s_wire_free(&w);
}

typedef struct {
    dc_fz *fz;
    dc_fuzz_req *base;
    dc_finding_class cls;
    const char *key;
} s_shrink_ctx;

static bool s_still_found(s_shrink_ctx *sx, dc_fuzz_req *cand)
{
    if (dc_fz_time_up(sx->fz))
        return false;
    s_pred p;
    s_verdict v;
    bool transport = false;
    s_exchange(sx->fz, cand, &p, &v, &transport);
    sx->fz->st->extra_requests++;
    bool same = v.found && v.cls == sx->cls && strcmp(v.key, sx->key) == 0;
    s_pred_free(&p);
    return same;
}

static bool s_shrink_tree_pred(const dc_mnode *candidate, void *ud)
{
    s_shrink_ctx *sx = ud;
    dc_fuzz_req cand;
    dc_fuzz_req_copy(sx->base, &cand);
    dc_mnode_clear(&cand.tree);
    dc_mnode_clone(candidate, &cand.tree);
    bool same = s_still_found(sx, &cand);
    dc_fuzz_req_free(&cand);
    return same;
}

static bool s_shrink_bytes_pred(const uint8_t *data, size_t len, void *ud)
{
    s_shrink_ctx *sx = ud;
    dc_fuzz_req cand;
    dc_fuzz_req_copy(sx->base, &cand);
    dc_buf_reset(&cand.raw);
    dc_buf_append(&cand.raw, data, len);
    bool same = s_still_found(sx, &cand);
    dc_fuzz_req_free(&cand);
    return same;
}

static void s_record(dc_fz *fz, const dc_fz_seed *seed, dc_fuzz_req *r, const s_pred *p, const s_verdict *v)
{
    const dc_fuzz_opts *o = fz->o;
    char key[DC_FUZZ_SEEN_KEY_SIZE];
    snprintf(key, sizeof key, "%.60s %.300s", r->op, v->key);
    /* deduplicated over all workers: the first to meet it shrinks and writes it */
    size_t no = dc_fuzz_store_note(fz->store, v->cls, key, fz->worker, o->seed, fz->request_no);
    if (no == 0 || no > DC_FUZZ_MAX_FINDINGS)
        return;
    /* shrink a copy, then write the case */
    dc_fuzz_req small;
    dc_fuzz_req_copy(r, &small);
    size_t tries = o->shrink_tries ? o->shrink_tries : DC_FUZZ_DEFAULT_SHRINK_TRIES;
    s_shrink_ctx sx = {fz, &small, v->cls, v->key};
    bool sequence = fz->nseq > 1;
    if (v->cls != DC_FIND_TRANSPORT && !sequence) {
        if (small.has_tree)
            (void)dc_shrink_tree(&small.tree, s_shrink_tree_pred, &sx, tries, NULL);
        else
            (void)dc_shrink_bytes(&small.raw, s_shrink_bytes_pred, &sx, tries, NULL);
    }
    /* the expectation of the shrunk request: predict it again (without sending) */
    s_pred sp;
    s_wire w;
    dc_err err;
    memset(&sp, 0, sizeof sp);
    const s_pred *use = p;
    if (s_build(fz, &small, &w, &err) == 0) {
        s_predict(fz, &w, &sp);
        use = &sp;
    }
    s_wire_free(&w);
    char file[DC_FUZZ_SEEN_FILE_SIZE];
    snprintf(file, sizeof file, "%03zu-%s-%s", no, dc_finding_class_name(v->cls), r->op);
    dc_finding_place at = {
        .dir = o->findings_dir,
        .seed = o->seed, /* this worker's: alone, `fuzz --seed <it>` sends its requests */
        .request_no = fz->request_no,
        .scenario = seed->scenario != SIZE_MAX ? &fz->sc[seed->scenario] : NULL,
        .step = seed->step,
        .before = fz->seq,
        .nbefore = fz->nseq > 0 ? fz->nseq - 1 : 0,
    };
    bool written = dc_findings_write_case(&at, file, &small, use, v, &err) == 0;
    dc_fuzz_store_case(fz->store, no, file, written);
    if (!written && o->console != NULL)
        fprintf(o->console, "fuzz: %s\n", err.msg);
    if (o->console != NULL)
        fprintf(o->console, "FINDING %-18s %s %s: expected %.160s; got %.160s -> %s/cases/%s.json\n",
                dc_finding_class_name(v->cls), r->op, r->mutator, v->expected, v->actual, o->findings_dir, file);
    s_pred_free(&sp);
    dc_fuzz_req_free(&small);
}

/* ---- the loop ------------------------------------------------------------------------------ */

static void s_rate_wait(dc_fz *fz, double *next)
{
    if (fz->o->rate <= 0)
        return;
    double now = s_now_s();
    if (*next > now)
        s_sleep_s(*next - now);
    *next = (*next > now ? *next : now) + 1.0 / fz->o->rate;
}

static bool s_budget_left(dc_fz *fz)
{
    if (dc_fz_time_up(fz))
        return false;
    return fz->o->max_requests == 0 || fz->st->requests < fz->o->max_requests;
}

static void s_one(dc_fz *fz, const dc_fz_seed *seed, dc_fuzz_req *r)
{
    s_pred p;
    s_verdict v;
    bool transport = false;
    fz->request_no = ++fz->st->requests;
    if (fz->o->verbose != NULL)
        fprintf(fz->o->verbose, "%s# %zu %s %s\n", fz->vtag, fz->request_no, r->op, r->mutator);
    s_exchange(fz, r, &p, &v, &transport);
    fz->transport_in_a_row = transport ? fz->transport_in_a_row + 1 : 0;
    if (fz->transport_in_a_row >= DC_FUZZ_MAX_TRANSPORT_IN_A_ROW)
        fz->stopping = true;
    if (v.found)
        s_record(fz, seed, r, &p, &v);
    s_pred_free(&p);
}

static void s_sequence(dc_fz *fz, double *next)
{
    /* seeds of one scenario, in a random order, one maybe twice */
    const dc_fz_seed *first = &fz->seeds[dc_rng_below(&fz->rng, fz->nseeds)];
    const dc_fz_seed *pool[DC_FUZZ_MAX_SEEDS];
    size_t np = 0;
    for (size_t i = 0; i < fz->nseeds; i++)
        if (fz->seeds[i].scenario == first->scenario)
            pool[np++] = &fz->seeds[i];
    size_t n = 2 + dc_rng_below(&fz->rng, S_MAX_SEQ - 1);
    const dc_fz_seed *picked[S_MAX_SEQ];
    char names[200] = "";
    for (size_t i = 0; i < n; i++) {
        picked[i] = i > 0 && dc_rng_chance(&fz->rng, 30) ? picked[i - 1] : pool[dc_rng_below(&fz->rng, np)];
        size_t used = strlen(names);
        snprintf(names + used, sizeof names - used, "%s%s", i ? ">" : "", picked[i]->op);
    }
    fz->nseq = 0;
    for (size_t i = 0; i < n && s_budget_left(fz); i++) {
        dc_fuzz_req *r = &fz->seq[fz->nseq++];
        s_req_from_seed(picked[i], r);
        if (dc_rng_chance(&fz->rng, 70))
            s_freshen(fz, r);
        snprintf(r->mutator, sizeof r->mutator, "sequence");
        snprintf(r->detail, sizeof r->detail, "%s (step %zu)", names, i + 1);
        s_rate_wait(fz, next);
        s_one(fz, picked[i], r);
    }
    for (size_t i = 0; i < fz->nseq; i++)
        dc_fuzz_req_free(&fz->seq[i]);
    fz->nseq = 0;
}

static void s_loop(dc_fz *fz)
{
    double next = s_now_s();
    while (s_budget_left(fz)) {
        size_t roll = dc_rng_below(&fz->rng, 100);
        if (roll < 8) {
            s_sequence(fz, &next);
            continue;
        }
        const dc_fz_seed *seed = &fz->seeds[dc_rng_below(&fz->rng, fz->nseeds)];
        dc_fuzz_req r;
        s_req_from_seed(seed, &r);
        if (roll < 16) {
            s_freshen(fz, &r);
            snprintf(r.mutator, sizeof r.mutator, "positive");
            snprintf(r.detail, sizeof r.detail, "the seed as it is");
        } else if (roll < 32) {
            s_header_mutation(fz, &r);
        } else {
            s_body_mutation(fz, seed, &r);
        }
        s_rate_wait(fz, &next);
        s_one(fz, seed, &r);
        dc_fuzz_req_free(&r);
    }
}

/* ---- clean-up and summary --------------------------------------------------------------------- */

static void s_cleanup(dc_fz *fz)
{
    /* the cases' own clean-up, then everything else the run created */
    for (size_t i = 0; i < fz->nsc; i++) {
        dc_fuzz_scenario *sc = &fz->sc[i];
        for (size_t k = 0; k < sc->c.ncleanup; k++) {
            if (!sc->c.cleanup[k].has_call)
                continue;
            dc_json_doc doc;
            bool parsed = false;
            long status = 0;
            dc_fz_setup_call(fz, sc, &sc->c.cleanup[k].call, sc->c.cleanup[k].path, &doc, &parsed, &status);
            if (parsed)
                dc_json_doc_free(&doc);
        }
    }
    /* what the run created, by deleting operation in spec order (backups before tables) */
    for (size_t d = 0; d < fz->ndel_ops; d++)
        for (size_t i = 0; i < fz->ntracked; i++)
            if (fz->tracked[i].del == d)
                (void)dc_fz_delete_tracked(fz, &fz->tracked[i], S_CLEANUP_RETRY_S);
}

static int s_mkdirs(const char *dir, dc_err *err)
{
    char p[4096];
    if (strlen(dir) > sizeof p - 16)
        return dc_fail(err, "%.100s...: findings folder name too long", dir);
    snprintf(p, sizeof p, "%.4000s/cases", dir);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST)
            return dc_fail(err, "%s: cannot create: %s", p, strerror(errno));
        *s = '/';
    }
    if (mkdir(p, 0755) != 0 && errno != EEXIST)
        return dc_fail(err, "%s: cannot create: %s", p, strerror(errno));
    return 0;
}

/* Host header value and request path of the endpoint URL. */
static int s_parse_endpoint(dc_fz *fz, const char *url, dc_err *err)
{
    const char *p = strstr(url, "://");
    if (p == NULL || (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0))
        return dc_fail(err, "--endpoint %s: expected http://host[:port][/path]", url);
    p += 3;
    size_t hl = strcspn(p, "/?#");
    if (hl == 0 || hl >= sizeof fz->host)
        return dc_fail(err, "--endpoint %s: no host", url);
    snprintf(fz->host, sizeof fz->host, "%.*s", (int)hl, p);
    const char *path = p + hl;
    if (*path == '?' || *path == '#')
        return dc_fail(err, "--endpoint %s: no query or fragment allowed", url);
    snprintf(fz->path, sizeof fz->path, "%s", *path ? path : "/");
    return 0;
}

/* CPU time of the whole process (every thread), user + system, in seconds. */
static double s_cpu_s(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec / 1e6;
}

/* Worker k: its options (seed, share of the budget), names, connection and validator. */
static int s_worker_init(dc_fz_worker *w, unsigned k, unsigned jobs, const dc_fuzz_opts *o, dc_fuzz_store *store,
                         double t0, dc_err *err)
{
    dc_fz *fz = &w->fz;
    w->o = *o;
    w->o.seed = dc_fuzz_worker_seed(o->seed, k);
    w->o.max_requests = dc_fuzz_worker_share(o->max_requests, jobs, k);
    w->o.rate = o->rate / jobs;
    fz->o = &w->o;
    fz->st = &w->st;
    fz->store = store;
    fz->worker = k;
    fz->t0 = t0;
    dc_fuzz_worker_prefix(k, fz->names);
    if (jobs > 1)
        snprintf(fz->vtag, sizeof fz->vtag, "[%u] ", k);
    dc_rng_seed(&fz->rng, w->o.seed);
    for (size_t i = 0; i < dc_spec_operation_count(o->spec); i++) {
        const dc_operation *op = dc_spec_operation_at(o->spec, i);
        if (op->delete_key == NULL)
            continue;
        if (fz->ndel_ops == S_MAX_DEL_OPS)
            return dc_fail(err, "the spec has more than %d deleting operations", S_MAX_DEL_OPS);
        fz->del_ops[fz->ndel_ops++] = op;
    }
    if (s_parse_endpoint(fz, o->endpoint, err) != 0)
        return -1;
    dc_http_options ho;
    memset(&ho, 0, sizeof ho);
    ho.total_timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : DC_FUZZ_DEFAULT_TIMEOUT_MS;
    ho.connect_timeout_ms = ho.total_timeout_ms < DC_HTTP_DEFAULT_CONNECT_TIMEOUT_MS
                                ? ho.total_timeout_ms
                                : DC_HTTP_DEFAULT_CONNECT_TIMEOUT_MS;
    if ((fz->http = dc_http_client_new(&ho, err)) == NULL)
        return -1;
    fz->validator = dc_validator_new(o->spec);
    return 0;
}

static void s_worker_free(dc_fz_worker *w)
{
    dc_fz *fz = &w->fz;
    for (size_t i = 0; i < fz->nsc; i++) {
        dc_case_free(&fz->sc[i].c);
        dc_vars_free(fz->sc[i].vars);
        free(fz->sc[i].var_names);
    }
    free(fz->sc);
    for (size_t i = 0; i < fz->nseeds; i++)
        dc_mnode_clear(&fz->seeds[i].body);
    free(fz->seeds);
    for (size_t i = 0; i < fz->ntracked; i++)
        free(fz->tracked[i].entry);
    dc_fz_strset_free(&fz->gone);
    dc_validator_free(fz->validator);
    dc_http_client_free(fz->http);
}

static void *s_worker_setup(void *arg)
{
    dc_fz_worker *w = arg;
    w->rc = dc_fz_setup(&w->fz, &w->err);
    if (w->rc == 0) {
        dc_fz_generated_seeds(&w->fz);
        w->st.seeds = w->fz.nseeds;
    }
    return NULL;
}

static size_t s_sent(const dc_fz_worker *w)
{
    return w->st.requests + w->st.extra_requests;
}

static void *s_worker_fuzz(void *arg)
{
    dc_fz_worker *w = arg;
    w->sent_before_loop = s_sent(w);
    for (size_t i = 0; i < w->fz.ntracked; i++)
        w->fz.setup_live[w->fz.tracked[i].del]++;
    s_loop(&w->fz);
    w->loop_end_s = s_now_s();
    w->sent_before_cleanup = s_sent(w);
    w->fz.stopping = false;
    s_cleanup(&w->fz);
    return NULL;
}

static void *s_worker_cleanup(void *arg)
{
    dc_fz_worker *w = arg;
    w->fz.stopping = false;
    s_cleanup(&w->fz);
    return NULL;
}

/* The phases of a run whose set-up began at t0 and whose fuzzing began at
 * fuzz_t0 (dc_fuzz_stats). */
static void s_phases(const dc_fz_worker *w, unsigned jobs, double t0, double fuzz_t0, dc_fuzz_stats *st)
{
    double loop_end = fuzz_t0, end = s_now_s();
    for (unsigned k = 0; k < jobs; k++) {
        if (w[k].loop_end_s > loop_end)
            loop_end = w[k].loop_end_s;
        st->setup_requests += w[k].sent_before_loop;
        st->fuzz_phase_requests += w[k].sent_before_cleanup - w[k].sent_before_loop;
        st->cleanup_requests += s_sent(&w[k]) - w[k].sent_before_cleanup;
    }
    st->setup_seconds = fuzz_t0 - t0;
    st->fuzz_seconds = loop_end - fuzz_t0;
    st->cleanup_seconds = end - loop_end;
}

/* fn for every worker: on this thread with one worker, else one thread each. */
static void s_each_worker(dc_fz_worker *w, unsigned jobs, void *(*fn)(void *))
{
    if (jobs == 1) {
        fn(&w[0]);
        return;
    }
    bool started[DC_FUZZ_MAX_JOBS] = {false};
    for (unsigned k = 0; k < jobs; k++)
        started[k] = pthread_create(&w[k].thread, NULL, fn, &w[k]) == 0;
    for (unsigned k = 0; k < jobs; k++) {
        if (started[k])
            pthread_join(w[k].thread, NULL);
        else
            fn(&w[k]); /* no thread to be had: this worker runs after the others */
    }
}

int dc_fuzz_run(const dc_fuzz_opts *o, dc_fuzz_stats *stats, dc_err *err)
{
    memset(stats, 0, sizeof *stats);
    double t0 = s_now_s(), cpu0 = s_cpu_s();
    int rc = -1;
    unsigned jobs = o->jobs == 0 ? 1 : o->jobs > DC_FUZZ_MAX_JOBS ? DC_FUZZ_MAX_JOBS : o->jobs;
    if (o->max_requests > 0 && o->max_requests < jobs)
        jobs = (unsigned)o->max_requests; /* every worker sends at least one request */
    dc_fuzz_store store;
    dc_fuzz_store_init(&store);
    dc_fz_worker *w = dc_xcalloc(jobs, sizeof *w);
    if (o->max_requests == 0 && o->duration_s <= 0) {
        dc_fail(err, "fuzz needs a bound: --requests N or --duration SEC");
        goto cleanup;
    }
    for (unsigned k = 0; k < jobs; k++)
        if (s_worker_init(&w[k], k, jobs, o, &store, t0, err) != 0)
            goto cleanup;
    if (s_mkdirs(o->findings_dir, err) != 0)
        goto cleanup;
    {
        /* reachable at all? one line when not (contract: exit 2) */
        dc_http_response resp;
        dc_http_response_init(&resp);
        bool parsed = false;
        dc_err herr;
        int hrc = dc_fz_call(&w[0].fz, "ListBackups", "{}", 2, &resp, NULL, &parsed, &herr);
        dc_http_error_kind kind = resp.error;
        dc_http_response_free(&resp);
        if (hrc != 0) {
            dc_fail(err, "cannot reach %s: %s", o->endpoint, dc_http_error_kind_name(kind));
            goto cleanup;
        }
    }
    s_each_worker(w, jobs, s_worker_setup);
    for (unsigned k = 0; k < jobs && rc != 0; k++) {
        if (w[k].rc != 0) {
            *err = w[k].err;
        } else if (w[k].fz.nseeds == 0) {
            dc_fail(err, "no seeds: no case under %s has a request the validation core accepts%s", o->cases_path,
                    o->nops ? " for the --ops given" : "");
        } else {
            continue;
        }
        if (jobs > 1) /* what the other workers' set-up created goes again */
            s_each_worker(w, jobs, s_worker_cleanup);
        goto cleanup;
    }
    if (o->console != NULL) {
        fprintf(o->console, "fuzz: %zu seeds from %zu scenarios; seed %llu\n", w[0].fz.nseeds, w[0].fz.nsc,
                (unsigned long long)o->seed);
        if (jobs > 1) {
            fprintf(o->console,
                    "fuzz: %u workers, one connection each; alone, worker k is fuzz --seed <its seed>:", jobs);
            for (unsigned k = 0; k < jobs; k++)
                fprintf(o->console, " %u:%llu", k, (unsigned long long)w[k].o.seed);
            fputc('\n', o->console);
        }
    }
    double fuzz_t0 = s_now_s();
    s_each_worker(w, jobs, s_worker_fuzz);
    s_phases(w, jobs, t0, fuzz_t0, stats);
    stats->seconds = s_now_s() - t0;
    stats->cpu_seconds = s_cpu_s() - cpu0;
    stats->jobs = jobs;
    stats->seeds = w[0].st.seeds;
    for (unsigned k = 0; k < jobs; k++) {
        stats->requests += w[k].st.requests;
        stats->extra_requests += w[k].st.extra_requests;
    }
    stats->findings = store.nseen;
    stats->written = store.written;
    stats->occurrences = store.occurrences;
    memcpy(stats->by_class, store.by_class, sizeof stats->by_class);
    dc_fz_summary(o, &store, stats, w, jobs, err);
    if (o->console != NULL)
        fprintf(o->console,
                "fuzz: %zu requests (%zu more for set-up, context, shrinking, clean-up) in %.1f s; %zu "
                "findings (%zu occurrences); summary %s/summary.json\n"
                "fuzz: set-up %.1f s (%zu requests), fuzzing %.1f s (%zu requests, %.0f/s), clean-up %.1f s "
                "(%zu requests)\n",
                stats->requests, stats->extra_requests, stats->seconds, stats->findings, stats->occurrences,
                o->findings_dir, stats->setup_seconds, stats->setup_requests, stats->fuzz_seconds,
                stats->fuzz_phase_requests,
                stats->fuzz_seconds > 0 ? (double)stats->fuzz_phase_requests / stats->fuzz_seconds : 0.0,
                stats->cleanup_seconds, stats->cleanup_requests);
    rc = 0;
cleanup:
    for (unsigned k = 0; k < jobs; k++)
        s_worker_free(&w[k]);
    free(w);
    dc_fuzz_store_free(&store);
    return rc;
}
