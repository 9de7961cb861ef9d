/* findings.c - a fuzz finding written as a case file (see findings.h). */
#include "netfuzz/findings.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/jsonw.h"

/* Text with the scenario's variable values written back as ${name}, longest
 * value first; "${" in the text becomes "$${". */
static void s_templatize(const dc_fuzz_scenario *sc, const char *s, size_t len, dc_buf *out)
{
    const char *vals[64];
    const char *names[64];
    size_t lens[64], nv = 0;
    for (size_t i = 0; sc != NULL && i < sc->nvar_names && nv < 64; i++) {
        const dc_json *v = dc_vars_get(sc->vars, sc->var_names[i]);
        if (!dc_json_is_string(v) || v->str_len < 4)
            continue;
        vals[nv] = v->str;
        lens[nv] = v->str_len;
        names[nv] = sc->var_names[i];
        nv++;
    }
    for (size_t i = 0; i < len;) {
        size_t best = SIZE_MAX;
        for (size_t k = 0; k < nv; k++)
            if (lens[k] <= len - i && memcmp(s + i, vals[k], lens[k]) == 0 &&
                (best == SIZE_MAX || lens[k] > lens[best]))
                best = k;
        if (best != SIZE_MAX) {
            dc_buf_printf(out, "${%s}", names[best]);
            i += lens[best];
        } else if (s[i] == '$' && i + 1 < len && s[i + 1] == '{') {
            dc_buf_puts(out, "$${");
            i += 2;
        } else {
            dc_buf_putc(out, s[i]);
            i++;
        }
    }
}

/* Applies s_templatize to every string (and key-free) of a tree, in place. */
static void s_templatize_tree(const dc_fuzz_scenario *sc, dc_mnode *n)
{
    if (n->type == DC_MNODE_STRING) {
        dc_buf b;
        dc_buf_init(&b);
        s_templatize(sc, n->text, n->len, &b);
        dc_mnode_set_string(n, b.data ? (const char *)b.data : "", b.len);
        dc_buf_free(&b);
    }
    for (size_t i = 0; i < n->count; i++)
        s_templatize_tree(sc, &n->items[i]);
}

static bool s_tree_is_plain(const dc_mnode *n)
{
    /* a case "request" template must load through the strict layer: no raw
     * text, valid UTF-8, no duplicate keys */
    if (n->type == DC_MNODE_RAW)
        return false;
    if (n->type == DC_MNODE_STRING && dc_utf8_check((const uint8_t *)n->text, n->len) != n->len)
        return false;
    for (size_t i = 0; i < n->count; i++) {
        if (!s_tree_is_plain(&n->items[i]))
            return false;
        if (n->type == DC_MNODE_OBJECT)
            for (size_t k = 0; k < i; k++)
                if (n->items[k].key_len == n->items[i].key_len &&
                    memcmp(n->items[k].key, n->items[i].key, n->items[i].key_len) == 0)
                    return false;
    }
    return true;
}

/* "expect":{...} of the finding's step: the prediction, its message as
 * a clause set when it is a validation message, values as ${var} templates. */
static void s_write_expect(const dc_fuzz_scenario *sc, const dc_oracle_pred *p, dc_buf *out)
{
    dc_jsonw_key(out, "expect");
    dc_jsonw_object(out);
    if (p->valid || p->error == NULL) { /* a status without an error body (413) */
        dc_jsonw_member_int(out, "status", p->valid ? 200 : p->status);
        dc_jsonw_object_end(out);
        return;
    }
    dc_jsonw_member_int(out, "status", p->status);
    dc_jsonw_member_string(out, "error", p->error);
    if (p->message != NULL && p->message_checked) {
        dc_clause_set cs;
        dc_jsonw_key(out, "message");
        dc_buf tb;
        dc_buf_init(&tb);
        if (dc_clauses_parse(p->message, p->message_len, &cs) == 0) {
            dc_jsonw_object(out);
            dc_jsonw_key(out, "clauses");
            dc_jsonw_array(out);
            for (size_t i = 0; i < cs.n; i++) {
                dc_buf_reset(&tb);
                s_templatize(sc, cs.clauses[i], strlen(cs.clauses[i]), &tb);
                dc_jsonw_string_n(out, (const char *)tb.data, tb.len);
            }
            dc_jsonw_array_end(out);
            dc_jsonw_member_int(out, "count", cs.count);
            dc_jsonw_object_end(out);
            dc_clause_set_free(&cs);
        } else {
            s_templatize(sc, p->message, p->message_len, &tb);
            dc_jsonw_string_n(out, (const char *)tb.data, tb.len);
        }
        dc_buf_free(&tb);
    }
    dc_jsonw_object_end(out);
}

/* The request body as case text: ${var} templates, bytes that are not UTF-8
 * as U+FFFD (*lossy then set). */
static void s_body_text(const dc_fuzz_scenario *sc, const dc_fuzz_req *r, dc_buf *tb, bool *lossy)
{
    dc_buf body;
    dc_buf_init(&body);
    dc_fuzz_req_body(r, &body);
    for (size_t i = 0; i < body.len;) {
        size_t ok = dc_utf8_check(body.data + i, body.len - i);
        dc_buf tmp;
        dc_buf_init(&tmp);
        s_templatize(sc, (const char *)body.data + i, ok, &tmp);
        dc_buf_append(tb, tmp.data, tmp.len);
        dc_buf_free(&tmp);
        i += ok;
        if (i < body.len) {
            dc_buf_puts(tb, "\xEF\xBF\xBD");
            *lossy = true;
            i++;
        }
    }
    dc_buf_free(&body);
}

/* Writes one step of a finding case (the request template and expectation). */
static void s_write_step(const dc_fuzz_scenario *sc, const dc_fuzz_req *r, const dc_oracle_pred *p, bool with_expect,
                         dc_buf *out, bool *lossy)
{
    dc_jsonw_object(out);
    dc_jsonw_member_string(out, "op", r->op);
    if (r->has_tree && r->tree.type == DC_MNODE_OBJECT && s_tree_is_plain(&r->tree) &&
        r->hm != DC_FUZZ_HM_AUTH_STALE_BODY) {
        dc_mnode t;
        dc_mnode_clone(&r->tree, &t);
        s_templatize_tree(sc, &t);
        dc_jsonw_key(out, "request");
        dc_mnode_print(&t, out);
        dc_mnode_clear(&t);
    } else {
        dc_buf tb;
        dc_buf_init(&tb);
        s_body_text(sc, r, &tb, lossy); /* the case format holds text */
        dc_jsonw_key(out, "rawBody");
        dc_jsonw_string_n(out, (const char *)tb.data, tb.len);
        dc_buf_free(&tb);
    }
    bool bad_auth = r->hm == DC_FUZZ_HM_AUTH_NOT_AWS4 || r->hm == DC_FUZZ_HM_AUTH_NO_PARAMS;
    if (r->extra.n > 0 || bad_auth) {
        dc_jsonw_key(out, "headers");
        dc_jsonw_object(out);
        for (size_t i = 0; i < r->extra.n; i++) {
            dc_jsonw_key(out, r->extra.name[i]);
            if (r->extra.value[i][0] == '\x01')
                dc_jsonw_null(out);
            else
                dc_jsonw_string(out, r->extra.value[i]);
        }
        if (bad_auth)
            dc_jsonw_member_string(out, "Authorization",
                                   r->hm == DC_FUZZ_HM_AUTH_NOT_AWS4 ? DC_FUZZ_BASIC_AUTH : DC_SIGV4_ALGORITHM);
        dc_jsonw_object_end(out);
    }
    if (!r->sign || r->hm == DC_FUZZ_HM_AUTH_MISSING || bad_auth)
        dc_jsonw_member_bool(out, "sign", false);
    if (r->hm >= DC_FUZZ_HM_AUTH_NO_SIGNATURE && r->hm != DC_FUZZ_HM_NONE)
        dc_jsonw_member_string(out, "note",
                               "ddbconform fuzz signed this request and then broke its authentication on purpose; the "
                               "case format cannot express that, so a replay sends it correctly signed");
    if (with_expect && p != NULL)
        s_write_expect(sc, p, out);
    dc_jsonw_object_end(out);
}

/* The steps of the seed's case before the seed step, as they are in the case file. */
static void s_write_prefix(const dc_fuzz_scenario *sc, size_t upto, dc_buf *out)
{
    const dc_json *steps = dc_json_get(sc->c.doc.root, "steps");
    for (size_t i = 0; steps != NULL && i < steps->count && i < upto; i++) {
        dc_jsonw_sep(out);
        dc_json_print(&steps->items[i], out);
    }
}

int dc_findings_write_case(const dc_finding_place *at, const char *id, const dc_fuzz_req *r, const dc_oracle_pred *p,
                           const dc_oracle_verdict *v, dc_err *err)
{
    const dc_fuzz_scenario *sc = at->scenario;
    bool lossy = false;
    dc_buf out, t;
    dc_buf_init(&out);
    dc_buf_init(&t);
    dc_jsonw_object(&out);
    dc_jsonw_member_string(&out, "id", id);
    dc_buf_printf(&t, "fuzz finding %s: %s %s (%s); expected %s; got %s", dc_finding_class_name(v->cls), r->op,
                  r->mutator, r->detail, v->expected, v->actual);
    dc_jsonw_key(&out, "description");
    dc_buf tt;
    dc_buf_init(&tt);
    s_templatize(sc, (const char *)t.data, t.len, &tt);
    /* descriptions are text: keep them valid UTF-8 */
    for (size_t i = 0; i < tt.len; i++)
        if (tt.data[i] >= 0x80)
            tt.data[i] = '?';
    dc_jsonw_string_n(&out, (const char *)tt.data, tt.len);
    dc_buf_free(&tt);
    dc_buf_reset(&t);
    dc_buf_printf(&t,
                  "ddbconform fuzz --seed %llu, request %zu, mutator %s; expectation from the validation core "
                  "(stage %s%s%s), the error catalog and the check module (spec/)",
                  (unsigned long long)at->seed, at->request_no, r->mutator, p->stage ? p->stage : "-",
                  p->rule ? ", rule " : "", p->rule ? p->rule : "");
    dc_jsonw_key(&out, "source");
    dc_jsonw_string_n(&out, (const char *)t.data, t.len);
    /* "both": the message expectation is a strict-only check anyway (cases/README.md) */
    dc_jsonw_member_string(&out, "level", "both");
    dc_jsonw_key(&out, "tags");
    dc_jsonw_array(&out);
    dc_jsonw_string(&out, "fuzz-finding");
    dc_jsonw_string(&out, dc_finding_class_name(v->cls));
    size_t tags_at = out.len;
    dc_jsonw_array_end(&out);
    if (sc != NULL && sc->c.vars != NULL) {
        dc_jsonw_key(&out, "vars");
        dc_json_print(sc->c.vars, &out);
    }
    dc_jsonw_key(&out, "steps");
    dc_jsonw_array(&out);
    if (sc != NULL)
        s_write_prefix(sc, at->step, &out);
    for (size_t i = 0; i < at->nbefore; i++)
        s_write_step(sc, &at->before[i], NULL, false, &out, &lossy);
    s_write_step(sc, r, p, true, &out, &lossy);
    dc_jsonw_array_end(&out);
    if (sc != NULL) {
        const dc_json *cl = dc_json_get(sc->c.doc.root, "cleanup");
        if (cl != NULL) {
            dc_jsonw_key(&out, "cleanup");
            dc_json_print(cl, &out);
        }
    }
    dc_jsonw_object_end(&out);
    dc_buf_putc(&out, '\n');
    if (lossy) {
        /* tag inserted before the closing ']' of tags */
        const char *tag = ",\"not-byte-exact\"";
        dc_buf tmp;
        dc_buf_init(&tmp);
        dc_buf_append(&tmp, out.data, tags_at);
        dc_buf_puts(&tmp, tag);
        dc_buf_append(&tmp, out.data + tags_at, out.len - tags_at);
        dc_buf_free(&out);
        out = tmp;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/cases/%s.json", at->dir, id);
    int rc = dc_write_file_atomic(path, out.data, out.len, err);
    if (rc == 0 && lossy) {
        dc_buf body;
        dc_buf_init(&body);
        dc_fuzz_req_body(r, &body);
        snprintf(path, sizeof path, "%s/cases/%s.body", at->dir, id);
        rc = dc_write_file_atomic(path, body.data, body.len, err);
        dc_buf_free(&body);
    }
    dc_buf_free(&out);
    dc_buf_free(&t);
    return rc;
}
