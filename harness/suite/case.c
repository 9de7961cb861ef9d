/* case.c - the case file loader, its fixture includes, and the walk that finds
 * case files (case.h; format: cases/README.md). */
#include "suite/case.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/regex.h"
#include "suite/clauses.h"
#include "suite/match.h"
#include "suite/vars.h"

/* ======================================================================== */
/* loader                                                                   */
/* ======================================================================== */

typedef struct {
    const char *file;
    dc_err *err;
} s_ctx;

#define S_FAIL(ctx, path, ...) s_fail_at((ctx), (path), __VA_ARGS__)

static int s_fail_at(s_ctx *ctx, const char *path, const char *fmt, ...) DC_PRINTF(3, 4);
static int s_fail_at(s_ctx *ctx, const char *path, const char *fmt, ...)
{
    char what[DC_ERR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return dc_fail(ctx->err, "%s: %s: %s", ctx->file, path[0] ? path : "(root)", what);
}

/* Refuses members not in allowed (typos in a case must not silently pass). */
static int s_only_members(s_ctx *ctx, const dc_json *obj, const char *path, const char *const *allowed, size_t n)
{
    for (size_t i = 0; i < obj->count; i++) {
        bool ok = false;
        for (size_t k = 0; k < n && !ok; k++)
            ok = strcmp(obj->items[i].key, allowed[k]) == 0;
        if (!ok)
            return S_FAIL(ctx, path, "unknown member '%s'", obj->items[i].key);
    }
    return 0;
}

static bool s_op_name_ok(const char *s)
{
    if (s == NULL || *s == '\0' || strlen(s) > 64)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

static int s_find_duplicate(const dc_json *n, dc_buf *path)
{
    size_t mark = path->len;
    if (n->type == DC_JSON_OBJECT) {
        for (size_t i = 0; i < n->count; i++) {
            for (size_t k = 0; k < i; k++) {
                if (n->items[k].key_len == n->items[i].key_len &&
                    memcmp(n->items[k].key, n->items[i].key, n->items[i].key_len) == 0) {
                    dc_tmpl_path_key(path, n->items[i].key, n->items[i].key_len);
                    return 1;
                }
            }
        }
    }
    if (n->type == DC_JSON_OBJECT || n->type == DC_JSON_ARRAY) {
        for (size_t i = 0; i < n->count; i++) {
            if (n->type == DC_JSON_OBJECT)
                dc_tmpl_path_key(path, n->items[i].key, n->items[i].key_len);
            else
                dc_tmpl_path_index(path, i);
            if (s_find_duplicate(&n->items[i], path))
                return 1;
            path->len = mark;
            path->data[mark] = '\0';
        }
    }
    return 0;
}

/* dst = path + suffix, cut to fit (paths in case files are short; a cut one still reads). */
static void s_join(char *dst, size_t n, const char *path, const char *suffix)
{
    size_t a = strlen(path), b = strlen(suffix);
    if (a > n - 1)
        a = n - 1;
    memcpy(dst, path, a);
    if (b > n - 1 - a)
        b = n - 1 - a;
    memcpy(dst + a, suffix, b);
    dst[a + b] = '\0';
}

static int s_parse_expect(s_ctx *ctx, const dc_json *e, const char *path, dc_expect *x)
{
    static const char *const allowed[] = {"status", "error", "namespace", "messageKey", "message", "body", "headers"};
    char p[256];
    memset(x, 0, sizeof *x);
    x->clause_count = -1;
    if (!dc_json_is_object(e))
        return S_FAIL(ctx, path, "must be an object");
    if (s_only_members(ctx, e, path, allowed, DC_ARRAY_LEN(allowed)) != 0)
        return -1;
    const dc_json *v;
    if ((v = dc_json_get(e, "status")) != NULL) {
        int64_t st;
        s_join(p, sizeof p, path, ".status");
        if (!dc_json_is_number(v) || dc_json_int64(v, &st) != DC_INT_OK || st < 100 || st > 599)
            return S_FAIL(ctx, p, "must be an HTTP status code (an integer 100..599)");
        x->status = (int)st;
    }
    if ((v = dc_json_get(e, "error")) != NULL) {
        s_join(p, sizeof p, path, ".error");
        if (!s_op_name_ok(dc_json_string(v)))
            return S_FAIL(ctx, p, "must be an error name like \"ValidationException\" (no namespace)");
        x->error = v->str;
    }
    if ((v = dc_json_get(e, "namespace")) != NULL) {
        s_join(p, sizeof p, path, ".namespace");
        if (!dc_json_is_string(v) || v->str_len == 0 || strchr(v->str, '#') != NULL)
            return S_FAIL(ctx, p, "must be a namespace like \"com.amazon.coral.validate\" (no '#')");
        x->ns = v->str;
    }
    if ((v = dc_json_get(e, "messageKey")) != NULL) {
        s_join(p, sizeof p, path, ".messageKey");
        if (v->type != DC_JSON_NULL && !dc_json_string_eq(v, "message") && !dc_json_string_eq(v, "Message"))
            return S_FAIL(ctx, p, "must be \"message\", \"Message\" or null (no message member)");
        x->message_key = v;
    }
    if ((v = dc_json_get(e, "message")) != NULL) {
        s_join(p, sizeof p, path, ".message");
        if (dc_json_is_string(v)) {
            x->msg_kind = DC_MSG_EXACT;
            x->message = v;
        } else if (dc_json_is_object(v) && dc_json_get(v, "clauses") != NULL) {
            static const char *const ok[] = {"clauses", "count"};
            if (s_only_members(ctx, v, p, ok, 2) != 0)
                return -1;
            const dc_json *cl = dc_json_get(v, "clauses");
            if (!dc_json_is_array(cl) || cl->count == 0 || cl->count > DC_CLAUSES_MAX)
                return S_FAIL(ctx, p, "clauses must be a non-empty array of strings (at most %d)", DC_CLAUSES_MAX);
            for (size_t i = 0; i < cl->count; i++)
                if (!dc_json_is_string(&cl->items[i]))
                    return S_FAIL(ctx, p, "clauses[%zu] must be a string", i);
            const dc_json *cnt = dc_json_get(v, "count");
            if (cnt != NULL) {
                int64_t n;
                if (!dc_json_is_number(cnt) || dc_json_int64(cnt, &n) != DC_INT_OK || n < 1 || n > 100)
                    return S_FAIL(ctx, p, "count must be an integer 1..100");
                x->clause_count = (long)n;
            }
            x->msg_kind = DC_MSG_CLAUSES;
            x->message = cl;
        } else if (dc_json_is_object(v) && dc_json_get(v, "regex") != NULL) {
            static const char *const ok[] = {"regex"};
            if (s_only_members(ctx, v, p, ok, 1) != 0)
                return -1;
            const dc_json *re = dc_json_get(v, "regex");
            bool m;
            dc_err rerr;
            if (!dc_json_is_string(re))
                return S_FAIL(ctx, p, "regex must be a string");
            if (strstr(re->str, "${") == NULL && dc_regex_search(re->str, "", 0, &m, &rerr) != 0)
                return S_FAIL(ctx, p, "%s", rerr.msg);
            x->msg_kind = DC_MSG_REGEX;
            x->message = re;
        } else {
            return S_FAIL(ctx, p, "must be a string, {\"clauses\": [...], \"count\": n} or {\"regex\": \"...\"}");
        }
    }
    if ((v = dc_json_get(e, "body")) != NULL) {
        s_join(p, sizeof p, path, ".body");
        dc_err merr;
        if (dc_match_check(v, "", &merr) != 0)
            return S_FAIL(ctx, p, "%s", merr.msg);
        x->body = v;
    }
    if ((v = dc_json_get(e, "headers")) != NULL) {
        s_join(p, sizeof p, path, ".headers");
        if (!dc_json_is_object(v))
            return S_FAIL(ctx, p, "must be an object of header name -> value or matcher");
        dc_err merr;
        if (dc_match_check(v, "", &merr) != 0)
            return S_FAIL(ctx, p, "%s", merr.msg);
        x->headers = v;
    }
    if (x->error != NULL && x->body != NULL && dc_json_get(x->body, "__type") != NULL)
        return S_FAIL(ctx, path, "give the error name in \"error\", not as a body matcher on __type");
    return 0;
}

/* The request part shared by steps and waiters: op, request|rawBody, headers, sign. */
static int s_parse_call(s_ctx *ctx, const dc_json *s, const char *path, dc_call *c)
{
    char p[256];
    const dc_json *v;
    memset(c, 0, sizeof *c);
    c->sign = true;
    v = dc_json_get(s, "op");
    s_join(p, sizeof p, path, ".op");
    if (v == NULL)
        return S_FAIL(ctx, path, "missing \"op\" (the operation name, e.g. \"CreateBackup\")");
    if (!s_op_name_ok(dc_json_string(v)))
        return S_FAIL(ctx, p, "must be an operation name of [A-Za-z0-9] (e.g. \"CreateBackup\")");
    c->op = v->str;
    c->request = dc_json_get(s, "request");
    c->raw_body = dc_json_get(s, "rawBody");
    if (c->request != NULL && c->raw_body != NULL)
        return S_FAIL(ctx, path, "give either \"request\" or \"rawBody\", not both");
    if (c->request != NULL && !dc_json_is_object(c->request)) {
        s_join(p, sizeof p, path, ".request");
        return S_FAIL(ctx, p, "must be an object (use \"rawBody\" for other bytes)");
    }
    if (c->raw_body != NULL && !dc_json_is_string(c->raw_body)) {
        s_join(p, sizeof p, path, ".rawBody");
        return S_FAIL(ctx, p, "must be a string (the body bytes)");
    }
    if ((v = dc_json_get(s, "headers")) != NULL) {
        s_join(p, sizeof p, path, ".headers");
        if (!dc_json_is_object(v))
            return S_FAIL(ctx, p, "must be an object of header name -> string (null removes the header)");
        for (size_t i = 0; i < v->count; i++) {
            const dc_json *h = &v->items[i];
            if (h->type != DC_JSON_STRING && h->type != DC_JSON_NULL)
                return S_FAIL(ctx, p, "'%s' must be a string or null", h->key);
            if (h->key_len == 0 || strpbrk(h->key, ": \r\n") != NULL ||
                (h->type == DC_JSON_STRING && (memchr(h->str, '\n', h->str_len) || memchr(h->str, '\r', h->str_len))))
                return S_FAIL(ctx, p, "'%s' is not a valid header line", h->key);
        }
        c->headers = v;
    }
    if ((v = dc_json_get(s, "sign")) != NULL) {
        s_join(p, sizeof p, path, ".sign");
        if (!dc_json_is_bool(v))
            return S_FAIL(ctx, p, "must be true or false");
        c->sign = v->type == DC_JSON_TRUE;
    }
    return 0;
}

static int s_parse_wait(s_ctx *ctx, const dc_json *w, const char *path, dc_step *st)
{
    static const char *const allowed[] = {"op",   "request", "rawBody", "headers",
                                          "sign", "until",   "timeout", "interval"};
    char p[256];
    if (!dc_json_is_object(w))
        return S_FAIL(ctx, path, "must be an object");
    if (s_only_members(ctx, w, path, allowed, DC_ARRAY_LEN(allowed)) != 0 || s_parse_call(ctx, w, path, &st->wait) != 0)
        return -1;
    st->until = dc_json_get(w, "until");
    s_join(p, sizeof p, path, ".until");
    if (!dc_json_is_object(st->until) || st->until->count == 0)
        return S_FAIL(ctx, p, "must be an object of response path -> value or matcher (or \"$error\": name)");
    for (size_t i = 0; i < st->until->count; i++) {
        const dc_json *u = &st->until->items[i];
        dc_err merr;
        if (strcmp(u->key, "$error") == 0) {
            if (!s_op_name_ok(dc_json_string(u)))
                return S_FAIL(ctx, p, "$error must be an error name");
        } else if (dc_match_check(u, u->key, &merr) != 0) {
            return S_FAIL(ctx, p, "%s", merr.msg);
        }
    }
    st->wait_timeout = 30.0;
    st->wait_interval = 0.5;
    const dc_json *v;
    if ((v = dc_json_get(w, "timeout")) != NULL) {
        s_join(p, sizeof p, path, ".timeout");
        if (!dc_json_is_number(v) || !(v->num > 0 && v->num <= DC_WAIT_MAX_SECONDS))
            return S_FAIL(ctx, p, "must be seconds in (0, %.0f]", DC_WAIT_MAX_SECONDS);
        st->wait_timeout = v->num;
    }
    if ((v = dc_json_get(w, "interval")) != NULL) {
        s_join(p, sizeof p, path, ".interval");
        if (!dc_json_is_number(v) || !(v->num >= 0.01 && v->num <= 60))
            return S_FAIL(ctx, p, "must be seconds in [0.01, 60]");
        st->wait_interval = v->num;
    }
    st->has_wait = true;
    return 0;
}

static int s_parse_capture(s_ctx *ctx, const dc_json *v, const char *path)
{
    if (!dc_json_is_object(v))
        return S_FAIL(ctx, path, "must be an object of variable name -> dotted response path");
    for (size_t i = 0; i < v->count; i++) {
        const dc_json *m = &v->items[i];
        for (size_t k = 0; k < m->key_len; k++)
            if (!dc_vars_name_char(m->key[k]))
                return S_FAIL(ctx, path, "variable name '%s' may hold only [A-Za-z0-9_]", m->key);
        if (m->key_len == 0 || !dc_json_is_string(m) || m->str_len == 0)
            return S_FAIL(ctx, path, "'%s' must name a response path like \"BackupDetails.BackupArn\"", m->key);
    }
    return 0;
}

static int s_parse_step(s_ctx *ctx, const dc_json *s, const char *path, int index, dc_step *st)
{
    static const char *const allowed[] = {"op",     "request", "rawBody", "headers", "sign",
                                          "expect", "capture", "wait",    "note",    "pause"};
    char p[256];
    memset(st, 0, sizeof *st);
    st->index = index;
    if (!dc_json_is_object(s))
        return S_FAIL(ctx, path, "must be an object");
    if (s_only_members(ctx, s, path, allowed, DC_ARRAY_LEN(allowed)) != 0)
        return -1;
    const dc_json *pause = dc_json_get(s, "pause");
    if (pause != NULL) {
        /* time that must pass between two writes on the endpoint's clock (a
         * PITR restore point between them, a backup after them): a step of its own */
        s_join(p, sizeof p, path, ".pause");
        if (!dc_json_is_number(pause) || !(pause->num > 0 && pause->num <= DC_PAUSE_MAX_SECONDS))
            return S_FAIL(ctx, p, "must be seconds in (0, %.0f]", DC_PAUSE_MAX_SECONDS);
        for (size_t i = 0; i < s->count; i++)
            if (strcmp(s->items[i].key, "pause") != 0 && strcmp(s->items[i].key, "note") != 0)
                return S_FAIL(ctx, path, "a pause step has only \"pause\" (and \"note\"), not \"%s\"", s->items[i].key);
        st->pause = pause->num;
        return 0;
    }
    const dc_json *w = dc_json_get(s, "wait");
    if (dc_json_get(s, "op") != NULL || w == NULL) {
        if (s_parse_call(ctx, s, path, &st->call) != 0)
            return -1;
        st->has_call = true;
        const dc_json *e = dc_json_get(s, "expect");
        if (e != NULL) {
            s_join(p, sizeof p, path, ".expect");
            if (s_parse_expect(ctx, e, p, &st->call.expect) != 0)
                return -1;
            st->call.has_expect = true;
        } else {
            st->call.expect.clause_count = -1;
        }
        if ((st->call.capture = dc_json_get(s, "capture")) != NULL) {
            s_join(p, sizeof p, path, ".capture");
            if (s_parse_capture(ctx, st->call.capture, p) != 0)
                return -1;
        }
    } else {
        static const char *const call_only[] = {"request", "rawBody", "headers", "sign", "expect", "capture"};
        for (size_t i = 0; i < DC_ARRAY_LEN(call_only); i++)
            if (dc_json_get(s, call_only[i]) != NULL)
                return S_FAIL(ctx, path, "\"%s\" needs an \"op\" (a wait-only step has just \"wait\")", call_only[i]);
    }
    if (w != NULL) {
        s_join(p, sizeof p, path, ".wait");
        if (s_parse_wait(ctx, w, p, st) != 0)
            return -1;
    }
    return 0;
}

static void s_add_op(dc_case *c, const char *op)
{
    for (size_t i = 0; i < c->nops; i++)
        if (strcmp(c->ops[i], op) == 0)
            return;
    c->ops = dc_xrealloc(c->ops, (c->nops + 1) * sizeof *c->ops);
    c->ops[c->nops++] = op;
}

static int s_parse_steps(s_ctx *ctx, const dc_json *arr, const char *name, bool required, dc_case *c, dc_step **out,
                         size_t *n)
{
    char p[64];
    if (arr == NULL) {
        if (required)
            return S_FAIL(ctx, "", "missing \"%s\" (a non-empty array of steps)", name);
        return 0;
    }
    if (!dc_json_is_array(arr) || (required && arr->count == 0))
        return S_FAIL(ctx, name, "must be a%s array of steps", required ? " non-empty" : "n");
    if (arr->count > DC_CASE_MAX_STEPS)
        return S_FAIL(ctx, name, "more than %d steps", DC_CASE_MAX_STEPS);
    *out = dc_xcalloc(arr->count, sizeof **out);
    *n = arr->count;
    for (size_t i = 0; i < arr->count; i++) {
        snprintf(p, sizeof p, "%s[%zu]", name, i);
        if (s_parse_step(ctx, &arr->items[i], p, (int)i + 1, &(*out)[i]) != 0)
            return -1;
        if ((*out)[i].has_call)
            s_add_op(c, (*out)[i].call.op);
        if ((*out)[i].has_wait)
            s_add_op(c, (*out)[i].wait.op);
        if ((*out)[i].pause > 0 && strcmp(name, "steps") == 0)
            c->clocked = true;
    }
    return 0;
}

/* ======================================================================== */
/* includes                                                                 */
/* ======================================================================== */

/* A step that is an include: an object with an "include" member. */
static bool s_is_include(const dc_json *step)
{
    return dc_json_is_object(step) && dc_json_get(step, "include") != NULL;
}

/* The first include step in steps or cleanup, with its path; NULL if none. */
static const dc_json *s_find_include(const dc_json *root, char *path, size_t cap)
{
    static const char *const arrays[] = {"steps", "cleanup"};
    for (size_t k = 0; k < DC_ARRAY_LEN(arrays); k++) {
        const dc_json *arr = dc_json_get(root, arrays[k]);
        for (size_t i = 0; dc_json_is_array(arr) && i < arr->count; i++) {
            if (s_is_include(&arr->items[i])) {
                snprintf(path, cap, "%s[%zu]", arrays[k], i);
                return &arr->items[i];
            }
        }
    }
    return NULL;
}

/* The cases folder of file: file without "/<id>.json" ("." when file is
 * "<id>.json"); NULL when file is not at that place. */
static char *s_cases_folder(const char *file, const char *id)
{
    size_t flen = strlen(file), tail = strlen(id) + 5;
    if (flen < tail || strncmp(file + flen - tail, id, tail - 5) != 0 || strcmp(file + flen - 5, ".json") != 0)
        return NULL;
    if (flen == tail)
        return dc_xstrdup(".");
    if (file[flen - tail - 1] != '/')
        return NULL;
    return dc_xstrndup(file, flen - tail - 1);
}

/* A fixture name: [a-z0-9-], 1..64 characters (a file name under .fixtures/, never a path). */
static bool s_fixture_name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return true;
}

/* Reads <folder>/.fixtures/<name>.json into doc; its "steps" array in *steps. */
static int s_load_fixture(s_ctx *ctx, const char *path, const char *folder, const char *name, dc_json_doc *doc,
                          const dc_json **steps)
{
    static const char *const allowed[] = {"description", "steps"};
    dc_buf fb, text;
    dc_err ferr;
    int rc = -1;
    dc_buf_init(&fb);
    dc_buf_init(&text);
    memset(doc, 0, sizeof *doc);
    dc_buf_printf(&fb, "%s/.fixtures/%s.json", folder, name);
    const char *fixture = (const char *)fb.data;
    if (dc_read_file(fixture, DC_CASE_MAX_BYTES, &text, &ferr) != 0) {
        S_FAIL(ctx, path, "include \"%s\": %s", name, ferr.msg);
        goto cleanup;
    }
    if (dc_json_parse(text.data, text.len, doc, &ferr) != 0) {
        S_FAIL(ctx, path, "include \"%s\": %s: not valid JSON: %s", name, fixture, ferr.msg);
        goto cleanup;
    }
    const dc_json *root = doc->root, *d = dc_json_get(root, "description");
    s_ctx fctx = {fixture, ctx->err};
    if (doc->duplicate_keys > 0 || !dc_json_is_object(root)) {
        S_FAIL(ctx, path, "include \"%s\": %s: a fixture is a JSON object without repeated members", name, fixture);
        goto cleanup;
    }
    if (s_only_members(&fctx, root, "", allowed, DC_ARRAY_LEN(allowed)) != 0)
        goto cleanup;
    *steps = dc_json_get(root, "steps");
    if (!dc_json_is_string(d) || d->str_len == 0) {
        S_FAIL(&fctx, "description", "must say what the steps set up and which variables they use");
        goto cleanup;
    }
    if (!dc_json_is_array(*steps) || (*steps)->count == 0) {
        S_FAIL(&fctx, "steps", "must be a non-empty array of steps");
        goto cleanup;
    }
    for (size_t i = 0; i < (*steps)->count; i++) {
        if (s_is_include(&(*steps)->items[i])) {
            char p[32];
            snprintf(p, sizeof p, "steps[%zu]", i);
            S_FAIL(&fctx, p, "a fixture cannot include another one");
            goto cleanup;
        }
    }
    rc = 0;
cleanup:
    if (rc != 0)
        dc_json_doc_free(doc);
    dc_buf_free(&fb);
    dc_buf_free(&text);
    return rc;
}

/* Appends the array arr (steps or cleanup) to out with every include step
 * replaced by its fixture's steps. */
static int s_put_expanded(s_ctx *ctx, const char *folder, const char *name, const dc_json *arr, dc_buf *out)
{
    size_t n = 0;
    dc_buf_putc(out, '[');
    for (size_t i = 0; i < arr->count; i++) {
        const dc_json *st = &arr->items[i];
        if (!s_is_include(st)) {
            if (n++ > 0)
                dc_buf_putc(out, ',');
            dc_json_print(st, out);
            continue;
        }
        char p[64];
        snprintf(p, sizeof p, "%s[%zu]", name, i);
        const char *fixture = dc_json_string(dc_json_get(st, "include"));
        if (st->count != 1 || fixture == NULL || !s_fixture_name_ok(fixture))
            return S_FAIL(ctx, p, "an include step is only {\"include\": \"<fixture name of [a-z0-9-]>\"}");
        dc_json_doc doc;
        const dc_json *steps = NULL;
        if (s_load_fixture(ctx, p, folder, fixture, &doc, &steps) != 0)
            return -1;
        for (size_t k = 0; k < steps->count; k++) {
            if (n++ > 0)
                dc_buf_putc(out, ',');
            dc_json_print(&steps->items[k], out);
        }
        dc_json_doc_free(&doc);
    }
    dc_buf_putc(out, ']');
    return 0;
}

/* Replaces c->doc by the same document with its include steps expanded: the
 * rest of the loader then sees the steps as if written in the case. */
static int s_expand_includes(s_ctx *ctx, dc_case *c, const char *where)
{
    char *folder = s_cases_folder(c->file, c->id);
    dc_buf text;
    dc_json_doc doc;
    dc_err perr;
    int rc = -1;
    dc_buf_init(&text);
    if (folder == NULL) {
        S_FAIL(ctx, where, "an include needs the cases folder, but the file is not at <folder>/%s.json", c->id);
        goto cleanup;
    }
    const dc_json *root = c->doc.root;
    dc_buf_putc(&text, '{');
    for (size_t i = 0; i < root->count; i++) {
        const dc_json *m = &root->items[i];
        if (i > 0)
            dc_buf_putc(&text, ',');
        dc_buf_put_json_string(&text, m->key, m->key_len);
        dc_buf_putc(&text, ':');
        if ((strcmp(m->key, "steps") == 0 || strcmp(m->key, "cleanup") == 0) && dc_json_is_array(m)) {
            if (s_put_expanded(ctx, folder, m->key, m, &text) != 0)
                goto cleanup;
        } else {
            dc_json_print(m, &text);
        }
    }
    dc_buf_putc(&text, '}');
    if (dc_json_parse(text.data, text.len, &doc, &perr) != 0) { /* printed JSON always parses */
        S_FAIL(ctx, where, "the expanded case is not valid JSON: %s", perr.msg);
        goto cleanup;
    }
    dc_json_doc_free(&c->doc);
    c->doc = doc;
    rc = 0;
cleanup:
    free(folder);
    dc_buf_free(&text);
    return rc;
}

/* ======================================================================== */
/* the case                                                                 */
/* ======================================================================== */

static int s_parse_tags(s_ctx *ctx, const dc_json *v, dc_case *c)
{
    if (v == NULL)
        return 0;
    if (!dc_json_is_array(v))
        return S_FAIL(ctx, "tags", "must be an array of strings");
    c->tags = dc_xcalloc(v->count, sizeof *c->tags);
    for (size_t i = 0; i < v->count; i++) {
        if (!dc_json_is_string(&v->items[i]) || v->items[i].str_len == 0) {
            char p[32];
            snprintf(p, sizeof p, "tags[%zu]", i);
            return S_FAIL(ctx, p, "must be a non-empty string");
        }
        c->tags[c->ntags++] = v->items[i].str;
    }
    return 0;
}

#define S_MAX_SOURCES 8

/* "confidence" and "sources" (cases/README.md "Confidence"). */
static int s_parse_confidence(s_ctx *ctx, const dc_json *root, dc_case *c)
{
    const dc_json *v = dc_json_get(root, "confidence");
    if (v != NULL && (!dc_json_is_string(v) || dc_confidence_from(v->str, &c->confidence) != 0))
        return S_FAIL(ctx, "confidence", "must be \"confirmed\", \"disputed\" or \"inferred\"");
    const dc_json *src = dc_json_get(root, "sources");
    if (src != NULL) {
        if (c->confidence == DC_CONFIDENCE_CONFIRMED)
            return S_FAIL(ctx, "sources", "only a disputed or inferred case lists its sources (\"confidence\")");
        if (!dc_json_is_array(src) || src->count > S_MAX_SOURCES)
            return S_FAIL(ctx, "sources", "must be an array of at most %d {\"says\", \"source\"} objects",
                          S_MAX_SOURCES);
        c->sources = dc_xcalloc(src->count ? src->count : 1, sizeof *c->sources);
        for (size_t i = 0; i < src->count; i++) {
            static const char *const allowed[] = {"says", "source"};
            const dc_json *e = &src->items[i];
            char p[32];
            snprintf(p, sizeof p, "sources[%zu]", i);
            if (!dc_json_is_object(e))
                return S_FAIL(ctx, p, "must be an object {\"says\": \"...\", \"source\": \"...\"}");
            if (s_only_members(ctx, e, p, allowed, DC_ARRAY_LEN(allowed)) != 0)
                return -1;
            const dc_json *says = dc_json_get(e, "says"), *from = dc_json_get(e, "source");
            if (!dc_json_is_string(says) || says->str_len == 0 || !dc_json_is_string(from) || from->str_len == 0)
                return S_FAIL(ctx, p, "needs a non-empty \"says\" (what this source says) and \"source\" (which)");
            c->sources[c->nsources].says = says->str;
            c->sources[c->nsources].source = from->str;
            c->nsources++;
        }
    }
    if (c->confidence == DC_CONFIDENCE_DISPUTED && c->nsources < 2)
        return S_FAIL(ctx, "sources", "a disputed case cites every side: at least two {\"says\", \"source\"}");
    /* the tag and the marker must not disagree: a case tagged inferred that fails the run would surprise */
    for (size_t i = 0; i < c->ntags; i++)
        if (strcmp(c->tags[i], "inferred") == 0 && c->confidence != DC_CONFIDENCE_INFERRED)
            return S_FAIL(ctx, "confidence", "a case tagged \"inferred\" says \"confidence\": \"inferred\"");
    return 0;
}

static int s_parse_vars(s_ctx *ctx, const dc_json *v, dc_case *c)
{
    if (v == NULL)
        return 0;
    if (!dc_json_is_object(v))
        return S_FAIL(ctx, "vars", "must be an object of name -> value");
    for (size_t i = 0; i < v->count; i++)
        for (size_t k = 0; k < v->items[i].key_len; k++)
            if (!dc_vars_name_char(v->items[i].key[k]))
                return S_FAIL(ctx, "vars", "variable name '%s' may hold only [A-Za-z0-9_]", v->items[i].key);
    c->vars = v;
    return 0;
}

static int s_case_parse(const char *file, const void *data, size_t len, const char *expected_id, bool resolve,
                        dc_case *c, dc_err *err)
{
    static const char *const allowed[] = {"id",    "description", "source", "level",      "tags",    "vars",
                                          "steps", "cleanup",     "notes",  "confidence", "sources", "generatedBy"};
    s_ctx ctx = {file, err};
    dc_err perr;
    const dc_json *root, *v;
    memset(c, 0, sizeof *c);
    c->file = dc_xstrdup(file);
    if (dc_json_parse(data, len, &c->doc, &perr) != 0) {
        dc_fail(err, "%s: not valid JSON: %s", file, perr.msg);
        goto fail;
    }
    root = c->doc.root;
    if (c->doc.duplicate_keys > 0) {
        dc_buf path;
        dc_buf_init(&path);
        dc_buf_puts(&path, "");
        (void)s_find_duplicate(root, &path);
        S_FAIL(&ctx, (const char *)path.data, "duplicate member (each name may appear once)");
        dc_buf_free(&path);
        goto fail;
    }
    if (!dc_json_is_object(root)) {
        S_FAIL(&ctx, "", "a case is a JSON object");
        goto fail;
    }
    if (s_only_members(&ctx, root, "", allowed, DC_ARRAY_LEN(allowed)) != 0)
        goto fail;
    v = dc_json_get(root, "id");
    if (!dc_json_is_string(v) || v->str_len == 0 || strlen(v->str) != v->str_len) {
        S_FAIL(&ctx, "id", v == NULL ? "missing (the path under cases/ without .json)" : "must be a non-empty string");
        goto fail;
    }
    c->id = v->str;
    if (expected_id != NULL && strcmp(expected_id, c->id) != 0) {
        S_FAIL(&ctx, "id", "is \"%s\" but the file's place says \"%s\" (id = path under cases/ without .json)", c->id,
               expected_id);
        goto fail;
    }
    char where[64];
    if (s_find_include(root, where, sizeof where) != NULL) {
        if (!resolve) {
            S_FAIL(&ctx, where, "an include is resolved only when the case is loaded from its file");
            goto fail;
        }
        if (s_expand_includes(&ctx, c, where) != 0)
            goto fail;
        root = c->doc.root;
        c->id = dc_json_get(root, "id")->str;
    }
    v = dc_json_get(root, "description");
    if (!dc_json_is_string(v) || v->str_len == 0) {
        S_FAIL(&ctx, "description", v == NULL ? "missing" : "must be a non-empty string");
        goto fail;
    }
    c->description = v->str;
    v = dc_json_get(root, "source");
    if (!dc_json_is_string(v) || v->str_len == 0) {
        S_FAIL(&ctx, "source",
               v == NULL ? "missing (which fact/model/doc the case rests on)" : "must be a non-empty string");
        goto fail;
    }
    c->source = v->str;
    v = dc_json_get(root, "generatedBy");
    if (v != NULL) {
        if (!dc_json_is_string(v) || v->str_len == 0) {
            S_FAIL(&ctx, "generatedBy", "must name the generator that wrote the file (\"tools/gen/cases.py\")");
            goto fail;
        }
        c->generated_by = v->str;
    }
    v = dc_json_get(root, "level");
    if (v != NULL) {
        if (dc_json_string_eq(v, "strict"))
            c->strict_only = true;
        else if (!dc_json_string_eq(v, "both")) {
            S_FAIL(&ctx, "level", "must be \"both\" or \"strict\"");
            goto fail;
        }
    }
    if (s_parse_tags(&ctx, dc_json_get(root, "tags"), c) != 0 || s_parse_confidence(&ctx, root, c) != 0 ||
        s_parse_vars(&ctx, dc_json_get(root, "vars"), c) != 0)
        goto fail;
    if (s_parse_steps(&ctx, dc_json_get(root, "steps"), "steps", true, c, &c->steps, &c->nsteps) != 0 ||
        s_parse_steps(&ctx, dc_json_get(root, "cleanup"), "cleanup", false, c, &c->cleanup, &c->ncleanup) != 0)
        goto fail;
    return 0;
fail:
    dc_case_free(c);
    return -1;
}

int dc_case_parse(const char *file, const void *data, size_t len, const char *expected_id, dc_case *c, dc_err *err)
{
    return s_case_parse(file, data, len, expected_id, false, c, err);
}

int dc_case_load(const char *file, const char *expected_id, dc_case *c, dc_err *err)
{
    dc_buf b;
    dc_buf_init(&b);
    int rc = dc_read_file(file, DC_CASE_MAX_BYTES, &b, err);
    if (rc == 0)
        rc = s_case_parse(file, b.data, b.len, expected_id, true, c, err);
    else
        memset(c, 0, sizeof *c);
    dc_buf_free(&b);
    return rc;
}

void dc_case_free(dc_case *c)
{
    free(c->file);
    free(c->steps);
    free(c->cleanup);
    free(c->tags);
    free(c->sources);
    free(c->ops);
    dc_json_doc_free(&c->doc);
    memset(c, 0, sizeof *c);
}

bool dc_case_has_tag(const dc_case *c, const char *tag)
{
    if (c->confidence != DC_CONFIDENCE_CONFIRMED && strcmp(dc_confidence_name(c->confidence), tag) == 0)
        return true;
    for (size_t i = 0; i < c->ntags; i++)
        if (strcmp(c->tags[i], tag) == 0)
            return true;
    return false;
}

bool dc_case_uses_op(const dc_case *c, const char *op)
{
    for (size_t i = 0; i < c->nops; i++)
        if (strcmp(c->ops[i], op) == 0)
            return true;
    return false;
}

const char *dc_case_operation(const dc_case *c, bool (*is_plumbing)(const char *op, const void *ctx), const void *ctx)
{
    const char *last = NULL;
    for (size_t i = c->nsteps; i-- > 0;) {
        if (!c->steps[i].has_call || c->steps[i].call.op == NULL)
            continue;
        const char *op = c->steps[i].call.op;
        if (last == NULL)
            last = op;
        if (is_plumbing == NULL || !is_plumbing(op, ctx))
            return op;
    }
    return last;
}

/* ======================================================================== */
/* finding case files                                                       */
/* ======================================================================== */

typedef struct {
    dc_case_ref *items;
    size_t n, cap;
} s_refs;

static void s_refs_add(s_refs *r, const char *file, const char *id)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 32;
        r->items = dc_xrealloc(r->items, r->cap * sizeof *r->items);
    }
    r->items[r->n].file = dc_xstrdup(file);
    r->items[r->n].id = id ? dc_xstrdup(id) : NULL;
    r->n++;
}

static int s_walk(const char *dir, const char *rel, s_refs *r, int depth, dc_err *err)
{
    if (depth > 16)
        return dc_fail(err, "%s: folders nested too deep", dir);
    DIR *d = opendir(dir);
    if (d == NULL)
        return dc_fail(err, "%s: cannot read folder: %s", dir, strerror(errno));
    int rc = 0;
    struct dirent *de;
    while (rc == 0 && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        size_t nl = strlen(de->d_name);
        char *full = dc_xmalloc(strlen(dir) + nl + 2);
        sprintf(full, "%s/%s", dir, de->d_name);
        char *sub = dc_xmalloc(strlen(rel) + nl + 2);
        sprintf(sub, "%s%s%s", rel, rel[0] ? "/" : "", de->d_name);
        struct stat st;
        if (stat(full, &st) != 0) {
            rc = dc_fail(err, "%s: %s", full, strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            rc = s_walk(full, sub, r, depth + 1, err);
        } else if (S_ISREG(st.st_mode) && nl > 5 && strcmp(de->d_name + nl - 5, ".json") == 0) {
            if (r->n >= DC_CASE_MAX_FILES)
                rc = dc_fail(err, "%s: more than %d case files", dir, DC_CASE_MAX_FILES);
            else {
                sub[strlen(sub) - 5] = '\0';
                s_refs_add(r, full, sub);
            }
        }
        free(full);
        free(sub);
    }
    closedir(d);
    return rc;
}

static int s_ref_cmp(const void *a, const void *b)
{
    const dc_case_ref *x = a, *y = b;
    return strcmp(x->id ? x->id : x->file, y->id ? y->id : y->file);
}

int dc_cases_find(const char *path, dc_case_ref **refs, size_t *n, dc_err *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return dc_fail(err, "%s: cannot read cases: %s", path, strerror(errno));
    s_refs r = {*refs, *n, *n};
    size_t first = *n;
    int rc = 0;
    if (S_ISDIR(st.st_mode)) {
        size_t len = strlen(path);
        char *root = dc_xstrndup(path, len);
        while (len > 1 && root[len - 1] == '/')
            root[--len] = '\0';
        rc = s_walk(root, "", &r, 0, err);
        free(root);
    } else {
        s_refs_add(&r, path, NULL);
    }
    if (r.n > first)
        qsort(r.items + first, r.n - first, sizeof *r.items, s_ref_cmp);
    *refs = r.items;
    *n = r.n;
    return rc;
}

void dc_case_refs_free(dc_case_ref *refs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(refs[i].file);
        free(refs[i].id);
    }
    free(refs);
}
