/* fuzz/cases.c - the golden-case loader (cases.h) and what the runner does
 * with a loaded case without a network: variable substitution of every
 * request, message, body and header template, the matchers (each template
 * against its own substituted value) and the clause-set parser.
 *
 * Input: the bytes of one case file.
 *
 * Properties (abort on violation): a case that loads has at least one step
 * and at most DC_CASE_MAX_STEPS steps and cleanup steps, an id, and every
 * operation it lists is used by a step; a clause set parses to at most
 * DC_CLAUSES_MAX clauses and a message matches its own clause set. */
#include <string.h>

#include "suite/cases.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void s_template(const dc_json *tmpl, dc_vars *vars, const char *path, bool match_self)
{
    if (tmpl == NULL)
        return;
    dc_err err;
    dc_json_doc out;
    if (dc_subst(tmpl, vars, path, &out, &err) != 0)
        return;
    if (match_self && dc_match_check(out.root, path, &err) == 0) {
        dc_mismatches mm;
        dc_mismatches_init(&mm);
        (void)dc_match(out.root, out.root, "", vars, &mm);
        FZ_CHECK(mm.count <= DC_MISMATCH_MAX, "%zu mismatches kept", mm.count);
        dc_mismatches_free(&mm);
    }
    dc_json_doc_free(&out);
}

static void s_message(const dc_expect *e, dc_vars *vars)
{
    if (e->message == NULL)
        return;
    dc_err err;
    dc_buf t;
    dc_buf_init(&t);
    if (e->msg_kind == DC_MSG_REGEX && dc_json_is_string(e->message)) {
        bool matched = false;
        (void)dc_regex_search(e->message->str, "abc", 3, &matched, &err);
    } else if (e->msg_kind == DC_MSG_EXACT && dc_json_is_string(e->message) &&
               dc_subst_text(e->message->str, e->message->str_len, vars, "message", &t, &err) == 0) {
        dc_clause_set cs;
        if (dc_clauses_parse((const char *)t.data, t.len, &cs) == 0) {
            FZ_CHECK(cs.n <= DC_CLAUSES_MAX, "%zu clauses parsed", cs.n);
            dc_mismatches mm;
            dc_mismatches_init(&mm);
            bool same = dc_clauses_match((const char *const *)cs.clauses, cs.n, cs.count, (const char *)t.data, t.len,
                                         "message", &mm);
            /* a message listing more clauses than the cap cannot match a capped set */
            if (cs.n < DC_CLAUSES_MAX)
                FZ_CHECK(same, "a message does not match its own clause set: %s", t.data);
            dc_mismatches_free(&mm);
            dc_clause_set_free(&cs);
        }
    }
    dc_buf_free(&t);
}

static void s_call(const dc_call *call, dc_vars *vars)
{
    dc_err err;
    s_template(call->request, vars, "request", false);
    if (call->raw_body != NULL) {
        dc_buf t;
        dc_buf_init(&t);
        (void)dc_subst_text(call->raw_body->str, call->raw_body->str_len, vars, "rawBody", &t, &err);
        dc_buf_free(&t);
    }
    s_template(call->headers, vars, "headers", false);
    if (call->has_expect) {
        s_template(call->expect.body, vars, "expect.body", true);
        s_template(call->expect.headers, vars, "expect.headers", false);
        s_message(&call->expect, vars);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dc_case c;
    dc_err err;
    /* the clause parser on the raw bytes as a message */
    dc_clause_set raw;
    if (dc_clauses_parse((const char *)data, size, &raw) == 0) {
        FZ_CHECK(raw.n <= DC_CLAUSES_MAX, "%zu clauses parsed", raw.n);
        dc_clause_set_free(&raw);
    }
    if (dc_case_parse("fuzz.json", data, size, NULL, &c, &err) != 0)
        return 0;
    FZ_CHECK(c.id != NULL, "a case without an id");
    FZ_CHECK(c.nsteps >= 1 && c.nsteps <= DC_CASE_MAX_STEPS, "%zu steps", c.nsteps);
    FZ_CHECK(c.ncleanup <= DC_CASE_MAX_STEPS, "%zu cleanup steps", c.ncleanup);
    for (size_t i = 0; i < c.nops; i++)
        FZ_CHECK(dc_case_uses_op(&c, c.ops[i]), "listed operation %s is not used", c.ops[i]);
    (void)dc_case_has_tag(&c, "smoke");

    dc_vars *vars = dc_vars_new();
    (void)dc_vars_set_string(vars, "unique", "fz0001", &err);
    (void)dc_vars_set_string(vars, "uuid", "00000000-0000-4000-8000-000000000000", &err);
    (void)dc_vars_set_number(vars, "now", "1700000000", &err);
    (void)dc_vars_set_string(vars, "region", "us-east-1", &err);
    for (size_t i = 0; c.vars != NULL && i < c.vars->count; i++) {
        dc_json_doc v;
        if (dc_subst(&c.vars->items[i], vars, "vars", &v, &err) == 0) {
            (void)dc_vars_set(vars, c.vars->items[i].key, v.root, &err);
            dc_json_doc_free(&v);
        }
    }
    for (size_t i = 0; i < c.nsteps; i++) {
        const dc_step *st = &c.steps[i];
        if (st->has_call)
            s_call(&st->call, vars);
        if (st->has_wait) {
            s_call(&st->wait, vars);
            s_template(st->until, vars, "until", true);
        }
    }
    for (size_t i = 0; i < c.ncleanup; i++)
        if (c.cleanup[i].has_call)
            s_call(&c.cleanup[i].call, vars);
    dc_vars_free(vars);
    dc_case_free(&c);
    return 0;
}
