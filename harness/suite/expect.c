/* expect.c - a step's expectations held against its exchange (expect.h). */
#include "suite/expect.h"

#include <stdlib.h>
#include <string.h>

#include "suite/clauses.h"
#include "core/regex.h"
#include "suite/match.h"

void dc_expect_fail(dc_expect_sink *s, const char *kind, const char *path, const char *expected, const char *actual)
{
    if (s->res != NULL)
        dc_case_result_fail(s->res, s->step, kind, path, expected, actual);
    s->failed = true;
}

static void s_fail_mismatches(dc_expect_sink *s, const char *kind, const char *prefix, const dc_mismatches *m)
{
    for (size_t i = 0; i < m->count; i++) {
        dc_buf p;
        dc_buf_init(&p);
        dc_buf_puts(&p, prefix);
        if (prefix[0] && m->items[i].path[0])
            dc_buf_putc(&p, '.');
        dc_buf_puts(&p, m->items[i].path);
        dc_expect_fail(s, kind, (const char *)p.data, m->items[i].expected, m->items[i].actual);
        dc_buf_free(&p);
    }
    if (m->dropped > 0) {
        char n[64];
        snprintf(n, sizeof n, "%zu more mismatches", m->dropped);
        dc_expect_fail(s, kind, prefix, "(see above)", n);
    }
}

/* A one-line description of what came back, for status/error failures. */
static char *s_answer(const dc_exchange *x)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_printf(&b, "%ld", x->resp.status);
    if (x->error_name != NULL) {
        dc_buf_printf(&b, " %s", x->error_name);
        if (x->message != NULL)
            dc_buf_printf(&b, ": %.200s", x->message);
    }
    return dc_buf_take(&b);
}

/* Expectation stage 1: the status, the error's name and namespace, and the
 * message member's key (the last two at strict only). */
static void s_expect_status(const dc_expect *e, bool strict, const dc_exchange *x, dc_expect_sink *s)
{
    char want[300];
    int expected_status = e->status != 0 ? e->status : (e->error == NULL ? 200 : 0);
    if (expected_status != 0 && x->resp.status != expected_status) {
        char *a = s_answer(x);
        snprintf(want, sizeof want, "%d", expected_status);
        dc_expect_fail(s, "status", "", want, a);
        free(a);
    }
    if (e->error != NULL && (x->error_name == NULL || strcmp(x->error_name, e->error) != 0)) {
        char none[64];
        snprintf(none, sizeof none, "(no error: HTTP %ld)", x->resp.status);
        dc_expect_fail(s, "error_type", "__type", e->error, x->error_name ? x->error_name : none);
    }
    if (strict && e->ns != NULL && (x->error_ns == NULL || strcmp(x->error_ns, e->ns) != 0))
        dc_expect_fail(s, "error_type", "__type", e->ns, x->error_ns ? x->error_ns : "(no namespace)");
    if (strict && e->message_key != NULL) {
        const char *want_key = dc_json_string(e->message_key); /* NULL: no message member */
        if ((want_key == NULL) != (x->message_key == NULL) ||
            (want_key != NULL && strcmp(want_key, x->message_key) != 0))
            dc_expect_fail(s, "message", want_key ? want_key : "message", want_key ? want_key : "(no message member)",
                           x->message_key ? x->message_key : "(no message member)");
    }
}

/* Expectation stage 2 (strict): the message - exact text, a regex, or a
 * clause set of a validation message. */
static void s_expect_message(const dc_expect *e, dc_vars *vars, const char *path, const dc_exchange *x,
                             dc_expect_sink *s)
{
    char want[300];
    dc_err err;
    const char *msg = x->message ? x->message : "";
    if (!x->message_present) {
        dc_expect_fail(s, "message", "message", "a message", "(no message member)");
    } else if (e->msg_kind == DC_MSG_EXACT || e->msg_kind == DC_MSG_REGEX) {
        dc_buf t;
        dc_buf_init(&t);
        if (dc_subst_text(e->message->str, e->message->str_len, vars, path, &t, &err) != 0) {
            dc_expect_fail(s, "case", "message", "defined variables", err.msg);
        } else if (e->msg_kind == DC_MSG_EXACT) {
            if (strcmp((const char *)t.data, msg) != 0)
                dc_expect_fail(s, "message", x->message_key ? x->message_key : "message", (const char *)t.data, msg);
        } else {
            bool m = false;
            if (dc_regex_search((const char *)t.data, msg, strlen(msg), &m, &err) != 0)
                dc_expect_fail(s, "case", "message", "a valid regex", err.msg);
            else if (!m) {
                snprintf(want, sizeof want, "a message matching /%.250s/", (const char *)t.data);
                dc_expect_fail(s, "message", x->message_key ? x->message_key : "message", want, msg);
            }
        }
        dc_buf_free(&t);
    } else {
        dc_json_doc cl;
        if (dc_subst(e->message, vars, path, &cl, &err) != 0) {
            dc_expect_fail(s, "case", "message", "defined variables", err.msg);
        } else {
            const char **exp = dc_xcalloc(cl.root->count + 1, sizeof *exp);
            for (size_t i = 0; i < cl.root->count; i++)
                exp[i] = cl.root->items[i].str;
            dc_mismatches m;
            dc_mismatches_init(&m);
            if (!dc_clauses_match(exp, cl.root->count, e->clause_count, msg, strlen(msg), "message", &m))
                s_fail_mismatches(s, "message", "", &m);
            dc_mismatches_free(&m);
            free(exp);
            dc_json_doc_free(&cl);
        }
    }
}

/* Expectation stage 3: the body against the expected JSON (dc_match). */
static void s_expect_body(const dc_expect *e, dc_vars *vars, const char *path, const dc_exchange *x, dc_expect_sink *s)
{
    dc_err err;
    dc_json_doc t;
    if (dc_subst(e->body, vars, path, &t, &err) != 0) {
        dc_expect_fail(s, "case", "", "defined variables", err.msg);
    } else {
        if (!x->body_parsed) {
            dc_expect_fail(s, "body", "", "a JSON body", x->resp.body.len ? "(not JSON)" : "(empty body)");
        } else {
            dc_mismatches m;
            dc_mismatches_init(&m);
            if (!dc_match(t.root, x->body.root, "", vars, &m))
                s_fail_mismatches(s, "body", "", &m);
            dc_mismatches_free(&m);
        }
        dc_json_doc_free(&t);
    }
}

/* Expectation stage 4: each expected header, its value as a JSON string. */
static void s_expect_headers(const dc_expect *e, dc_vars *vars, const char *path, const dc_exchange *x,
                             dc_expect_sink *s)
{
    dc_err err;
    dc_json_doc t;
    if (dc_subst(e->headers, vars, path, &t, &err) != 0) {
        dc_expect_fail(s, "case", "", "defined variables", err.msg);
    } else {
        for (size_t i = 0; i < t.root->count; i++) {
            const dc_json *tm = &t.root->items[i];
            const dc_http_header *hh = dc_http_response_header(&x->resp, tm->key);
            dc_json_doc hv;
            bool have = false;
            if (hh != NULL) {
                dc_buf js;
                dc_buf_init(&js);
                dc_buf_put_json_string(&js, hh->value, hh->value_len);
                have = dc_json_parse(js.data, js.len, &hv, &err) == 0;
                dc_buf_free(&js);
            }
            dc_mismatches m;
            dc_mismatches_init(&m);
            if (!dc_match(tm, have ? hv.root : NULL, tm->key, vars, &m))
                s_fail_mismatches(s, "header", "", &m);
            dc_mismatches_free(&m);
            if (have)
                dc_json_doc_free(&hv);
        }
        dc_json_doc_free(&t);
    }
}

void dc_expect_check(const dc_expect *e, bool strict, dc_vars *vars, const char *path, const dc_exchange *x,
                     dc_expect_sink *s)
{
    s_expect_status(e, strict, x, s);
    if (strict && e->msg_kind != DC_MSG_NONE)
        s_expect_message(e, vars, path, x, s);
    if (e->body != NULL)
        s_expect_body(e, vars, path, x, s);
    if (e->headers != NULL)
        s_expect_headers(e, vars, path, x, s);
}

void dc_expect_captures(const dc_call *call, dc_vars *vars, const dc_exchange *x, dc_expect_sink *s)
{
    if (call->capture == NULL)
        return;
    for (size_t i = 0; i < call->capture->count; i++) {
        const dc_json *c = &call->capture->items[i];
        const dc_json *v = x->body_parsed ? dc_json_path(x->body.root, c->str) : NULL;
        dc_err err;
        if (v == NULL)
            dc_expect_fail(s, "capture", c->str, "a value to capture", "(absent)");
        else if (dc_vars_set(vars, c->key, v, &err) != 0)
            dc_expect_fail(s, "capture", c->str, "a stored capture", err.msg);
    }
}
