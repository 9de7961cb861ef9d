/* fuzznet_setup.c - the fuzzer's set-up: the cases' scenarios run as they
 * are, their steps as seeds, generated seeds for operations no case covers
 * (fuzznet_internal.h). */
#include "netfuzz/fuzznet_internal.h"

/* ---- set-up: scenarios and seeds --------------------------------------------------- */

static void s_add_var_name(dc_fuzz_scenario *sc, const char *name)
{
    for (size_t i = 0; i < sc->nvar_names; i++)
        if (strcmp(sc->var_names[i], name) == 0)
            return;
    sc->var_names = dc_xrealloc(sc->var_names, (sc->nvar_names + 1) * sizeof *sc->var_names);
    sc->var_names[sc->nvar_names++] = name;
}

static void s_collect_captures(dc_fuzz_scenario *sc, const dc_json *t)
{
    if (t == NULL)
        return;
    if (t->type == DC_JSON_OBJECT) {
        for (size_t i = 0; i < t->count; i++) {
            if (strcmp(t->items[i].key, "$capture") == 0 && dc_json_is_string(&t->items[i]))
                s_add_var_name(sc, t->items[i].str);
            s_collect_captures(sc, &t->items[i]);
        }
    } else if (t->type == DC_JSON_ARRAY) {
        for (size_t i = 0; i < t->count; i++)
            s_collect_captures(sc, &t->items[i]);
    }
}

/* Without --ops: the operations in scope, not the plumbing ones (CreateTable,
 * PutItem, ...): the validation core models their shape only, not their
 * data-plane rules (key schema, billing), so its verdict is no oracle there. */
static bool s_op_wanted(const dc_fuzz_opts *o, const char *op)
{
    if (o->nops == 0) {
        const dc_operation *sop = dc_spec_operation(o->spec, op);
        return sop != NULL && !sop->plumbing;
    }
    for (size_t i = 0; i < o->nops; i++)
        if (strcmp(o->ops[i], op) == 0)
            return true;
    return false;
}

/* Sends one case call during set-up and stores its captures. */
void dc_fz_setup_call(dc_fz *fz, dc_fuzz_scenario *sc, const dc_call *call, const char *path, dc_json_doc *out_doc,
                      bool *out_parsed, long *status)
{
    dc_err err;
    *out_parsed = false;
    *status = 0;
    dc_json_doc req;
    dc_buf body;
    dc_buf_init(&body);
    if (call->raw_body != NULL) {
        if (dc_subst_text(call->raw_body->str, call->raw_body->str_len, sc->vars, path, &body, &err) != 0)
            goto done;
    } else if (call->request != NULL) {
        if (dc_subst(call->request, sc->vars, path, &req, &err) != 0)
            goto done;
        dc_json_print(req.root, &body);
        dc_json_doc_free(&req);
    } else {
        dc_buf_puts(&body, "{}");
    }
    dc_http_response resp;
    dc_http_response_init(&resp);
    if (dc_fz_call(fz, call->op, (const char *)body.data, body.len, &resp, out_doc, out_parsed, &err) == 0) {
        *status = resp.status;
        if (*out_parsed && resp.status / 100 == 2)
            dc_fz_track_response(fz, call->op, NULL, out_doc->root, false);
    } else if (resp.error == DC_HTTP_REFUSED || resp.error == DC_HTTP_DNS) {
        fz->stopping = true;
    }
    dc_http_response_free(&resp);
done:
    dc_buf_free(&body);
}

static void s_store_captures(dc_fuzz_scenario *sc, const dc_call *call, const dc_json *resp_root)
{
    dc_err err;
    if (call->has_expect && call->expect.body != NULL) {
        dc_json_doc t;
        if (dc_subst(call->expect.body, sc->vars, "", &t, &err) == 0) {
            dc_mismatches mm;
            dc_mismatches_init(&mm);
            (void)dc_match(t.root, resp_root, "", sc->vars, &mm);
            dc_mismatches_free(&mm);
            dc_json_doc_free(&t);
        }
    }
    for (size_t i = 0; call->capture != NULL && i < call->capture->count; i++) {
        const dc_json *c = &call->capture->items[i];
        const dc_json *v = dc_json_is_string(c) ? dc_json_path(resp_root, c->str) : NULL;
        if (v != NULL)
            (void)dc_vars_set(sc->vars, c->key, v, &err);
    }
}

static void s_setup_wait(dc_fz *fz, dc_fuzz_scenario *sc, const dc_step *st)
{
    double limit = st->wait_timeout > 0 && st->wait_timeout < S_WAIT_CAP_S ? st->wait_timeout : S_WAIT_CAP_S;
    double interval = st->wait_interval > 0 ? st->wait_interval : 0.5;
    if (interval > 1.0)
        interval = 0.2; /* local endpoints settle fast; a real one just takes more polls */
    double end = s_now_s() + limit;
    while (!dc_fz_time_up(fz)) {
        dc_json_doc doc;
        bool parsed = false;
        long status = 0;
        dc_fz_setup_call(fz, sc, &st->wait, st->path, &doc, &parsed, &status);
        bool all = st->until != NULL;
        for (size_t i = 0; all && i < st->until->count; i++) {
            const dc_json *u = &st->until->items[i];
            if (strcmp(u->key, "$error") == 0) {
                dc_awsjson_error ae;
                all = parsed && dc_awsjson_error_read(doc.root, &ae) && dc_json_is_string(u) &&
                      ae.name_len == u->str_len && memcmp(ae.name, u->str, ae.name_len) == 0;
            } else {
                dc_json_doc tt;
                dc_err err;
                all = parsed && dc_subst(u, sc->vars, "", &tt, &err) == 0;
                if (all) {
                    dc_mismatches mm;
                    dc_mismatches_init(&mm);
                    all = dc_match(tt.root, dc_json_path(doc.root, u->key), u->key, sc->vars, &mm);
                    dc_mismatches_free(&mm);
                    dc_json_doc_free(&tt);
                }
            }
        }
        if (parsed)
            dc_json_doc_free(&doc);
        if (all || s_now_s() > end)
            break;
        s_sleep_s(interval);
    }
}

/* A member that names a resource the request creates (spec "creates.fresh"). */
bool dc_fz_fresh_member(const dc_operation *op, const char *member)
{
    for (size_t i = 0; op != NULL && i < op->nfresh; i++)
        if (strcmp(op->fresh[i], member) == 0)
            return true;
    return false;
}

/* The seed is valid when the core accepts it without context. */
static bool s_core_accepts(dc_fz *fz, const char *op, const dc_mnode *body)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_mnode_print(body, &b);
    dc_verdict v;
    memset(&v, 0, sizeof v);
    dc_err err;
    dc_validate_context ctx;
    memset(&ctx, 0, sizeof ctx);
    int rc = dc_validate(fz->validator, op, b.data, b.len, &ctx, &v, &err);
    bool ok = rc == 0 && v.ok;
    if (rc == 0)
        dc_verdict_free(&v);
    dc_buf_free(&b);
    return ok;
}

static void s_add_seed(dc_fz *fz, size_t scenario, size_t step, const dc_operation *sop, dc_mnode *body, bool generated)
{
    if (fz->nseeds >= DC_FUZZ_MAX_SEEDS) {
        dc_mnode_clear(body);
        return;
    }
    dc_fz_seed *s = &fz->seeds[fz->nseeds++];
    s->scenario = scenario;
    s->step = step;
    s->op = sop->name;
    s->sop = sop;
    s->body = *body;
    s->generated = generated;
    memset(body, 0, sizeof *body);
}

int dc_fz_setup(dc_fz *fz, dc_err *err)
{
    const dc_fuzz_opts *o = fz->o;
    dc_case_ref *refs = NULL;
    size_t nrefs = 0;
    if (dc_cases_find(o->cases_path, &refs, &nrefs, err) != 0)
        return -1;
    fz->sc = dc_xcalloc(nrefs ? nrefs : 1, sizeof *fz->sc);
    fz->seeds = dc_xcalloc(DC_FUZZ_MAX_SEEDS, sizeof *fz->seeds);
    for (size_t ci = 0; ci < nrefs && fz->nsc < S_MAX_SCENARIOS && !dc_fz_time_up(fz); ci++) {
        dc_fuzz_scenario *sc = &fz->sc[fz->nsc];
        dc_err cerr;
        if (dc_case_load(refs[ci].file, refs[ci].id, &sc->c, &cerr) != 0) {
            if (o->console != NULL)
                fprintf(o->console, "fuzz: skipping %s\n", cerr.msg);
            continue;
        }
        if (dc_case_has_tag(&sc->c, "real-aws-only") || sc->c.clocked) { /* clocked: needs endpoint time */
            dc_case_free(&sc->c);
            continue;
        }
        fz->nsc++;
        sc->vars = dc_vars_new();
        /* names derive from the seed: the same seed sends the same requests */
        snprintf(sc->unique, sizeof sc->unique, "%s-%06x", fz->names, (unsigned)(dc_rng_next(&fz->rng) & 0xFFFFFF));
        char uuid[40], now[32];
        uint64_t a = dc_rng_next(&fz->rng), b = dc_rng_next(&fz->rng);
        snprintf(uuid, sizeof uuid, "%08x-%04x-4%03x-a%03x-%012llx", (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xFFFF,
                 (unsigned)a & 0xFFF, (unsigned)(b >> 52) & 0xFFF, (unsigned long long)(b & 0xFFFFFFFFFFFFULL));
        snprintf(now, sizeof now, "%lld", (long long)time(NULL));
        (void)dc_vars_set_string(sc->vars, "unique", sc->unique, &cerr);
        (void)dc_vars_set_string(sc->vars, "uuid", uuid, &cerr);
        (void)dc_vars_set_number(sc->vars, "now", now, &cerr);
        (void)dc_vars_set_string(sc->vars, "region", o->region, &cerr);
        s_add_var_name(sc, "unique");
        s_add_var_name(sc, "uuid");
        s_add_var_name(sc, "region");
        for (size_t i = 0; sc->c.vars != NULL && i < sc->c.vars->count; i++) {
            dc_json_doc v;
            if (dc_subst(&sc->c.vars->items[i], sc->vars, "vars", &v, &cerr) == 0) {
                (void)dc_vars_set(sc->vars, sc->c.vars->items[i].key, v.root, &cerr);
                dc_json_doc_free(&v);
            }
            s_add_var_name(sc, sc->c.vars->items[i].key);
        }
        for (size_t si = 0; si < sc->c.nsteps && !dc_fz_time_up(fz); si++) {
            const dc_step *st = &sc->c.steps[si];
            if (st->has_call) {
                const dc_call *call = &st->call;
                s_collect_captures(sc, call->has_expect ? call->expect.body : NULL);
                for (size_t k = 0; call->capture != NULL && k < call->capture->count; k++)
                    s_add_var_name(sc, call->capture->items[k].key);
                /* a seed: a plain signed call whose request the core accepts */
                const dc_operation *sop = dc_spec_operation(o->spec, call->op);
                dc_json_doc req;
                if (sop != NULL && call->sign && call->raw_body == NULL && call->headers == NULL &&
                    call->request != NULL && s_op_wanted(o, call->op) &&
                    dc_subst(call->request, sc->vars, st->path, &req, &cerr) == 0) {
                    dc_mnode body;
                    dc_mnode_from_json(req.root, &body);
                    dc_json_doc_free(&req);
                    if (s_core_accepts(fz, call->op, &body))
                        s_add_seed(fz, fz->nsc - 1, si, sop, &body, false);
                    else
                        dc_mnode_clear(&body);
                }
                dc_json_doc doc;
                bool parsed = false;
                long status = 0;
                dc_fz_setup_call(fz, sc, call, st->path, &doc, &parsed, &status);
                if (fz->stopping) {
                    dc_case_refs_free(refs, nrefs);
                    return dc_fail(err, "cannot reach %s: connection refused", o->endpoint);
                }
                if (parsed) {
                    s_store_captures(sc, call, doc.root);
                    dc_json_doc_free(&doc);
                }
            }
            if (st->has_wait)
                s_setup_wait(fz, sc, st);
        }
    }
    dc_case_refs_free(refs, nrefs);
    return 0;
}

/* A value of a seed member of this shape (the pick-th, cyclically), to give
 * generated seeds real targets; NULL when no seed has one. */
static const dc_mnode *s_pool_value(dc_fz *fz, const dc_shape *shape, size_t pick)
{
    const dc_mnode *found[DC_FUZZ_MAX_SEEDS];
    size_t n = 0;
    for (size_t i = 0; i < fz->nseeds && n < DC_FUZZ_MAX_SEEDS; i++) {
        const dc_fz_seed *s = &fz->seeds[i];
        if (s->generated || s->body.type != DC_MNODE_OBJECT)
            continue;
        for (size_t k = 0; k < s->body.count && n < DC_FUZZ_MAX_SEEDS; k++) {
            const dc_mnode *m = &s->body.items[k];
            const dc_member *mm = dc_shape_member(s->sop->input, m->key ? m->key : "", m->key_len);
            if (mm != NULL && mm->shape == shape && m->type == DC_MNODE_STRING)
                found[n++] = m;
        }
    }
    return n ? found[pick % n] : NULL;
}

void dc_fz_generated_seeds(dc_fz *fz)
{
    const dc_fuzz_opts *o = fz->o;
    for (size_t i = 0; i < dc_spec_operation_count(o->spec); i++) {
        const dc_operation *op = dc_spec_operation_at(o->spec, i);
        if (!s_op_wanted(o, op->name))
            continue;
        bool have = false;
        for (size_t k = 0; k < fz->nseeds && !have; k++)
            have = strcmp(fz->seeds[k].op, op->name) == 0;
        if (have)
            continue;
        for (int t = 0; t < S_GEN_TRIES; t++) {
            dc_mnode body;
            dc_mutate_generate(&fz->rng, op->input, 0, &body);
            for (size_t k = 0; k < body.count; k++) {
                dc_mnode *m = &body.items[k];
                const dc_member *mm = dc_shape_member(op->input, m->key, m->key_len);
                const dc_mnode *pv = mm ? s_pool_value(fz, mm->shape, dc_rng_below(&fz->rng, 64)) : NULL;
                if (pv == NULL && mm != NULL && mm->shape->type == DC_SHAPE_STRING) {
                    /* a TableArn member may take a TableName value */
                    const dc_shape *alt = dc_spec_shape(o->spec, "TableName");
                    if (alt != NULL && mm->shape == dc_spec_shape(o->spec, "TableArn"))
                        pv = s_pool_value(fz, alt, dc_rng_below(&fz->rng, 64));
                }
                if (pv != NULL && !dc_fz_fresh_member(op, m->key))
                    dc_mnode_set_string(m, pv->text, pv->len);
            }
            if (s_core_accepts(fz, op->name, &body)) {
                s_add_seed(fz, SIZE_MAX, 0, op, &body, true);
                break;
            }
            dc_mnode_clear(&body);
        }
    }
}
