/* reportread.c - report.json back into a dc_run_result, and the merge of the
 * shards of one run (report.h, `ddbconform report --merge`). */
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "suite/report.h"

/* a copy of a string member, NULL when absent or null */
static char *s_str(const dc_json *obj, const char *key)
{
    const dc_json *v = dc_json_get(obj, key);
    return dc_json_is_string(v) ? dc_xstrndup(v->str, v->str_len) : NULL;
}

static int64_t s_int(const dc_json *obj, const char *key)
{
    int64_t n = 0;
    const dc_json *v = dc_json_get(obj, key);
    if (v != NULL && v->type == DC_JSON_NUMBER && dc_json_int64(v, &n) != DC_INT_OK)
        n = 0;
    return n;
}

static bool s_true(const dc_json *obj, const char *key)
{
    const dc_json *v = dc_json_get(obj, key);
    return v != NULL && v->type == DC_JSON_TRUE;
}

static int s_read_failures(const char *path, const char *id, const dc_json *fs, dc_case_result *c, dc_err *err)
{
    for (size_t k = 0; dc_json_is_array(fs) && k < fs->count; k++) {
        const dc_json *f = &fs->items[k];
        if (!dc_json_is_object(f))
            return dc_fail(err, "%s: case %.200s: failures[%zu] is not an object", path, id, k);
        char *kind = s_str(f, "kind"), *p = s_str(f, "path"), *e = s_str(f, "expected"), *a = s_str(f, "actual");
        dc_case_result_fail(c, (int)s_int(f, "step"), kind, p, e, a);
        free(kind);
        free(p);
        free(e);
        free(a);
    }
    return 0;
}

static void s_read_steps(const dc_json *ss, dc_case_result *c)
{
    size_t n = dc_json_is_array(ss) ? ss->count : 0;
    if (n == 0)
        return;
    c->steps = dc_xcalloc(n, sizeof *c->steps);
    for (size_t k = 0; k < n; k++) {
        const dc_json *s = &ss->items[k];
        dc_step_result *st = &c->steps[c->nsteps++];
        st->step = (int)s_int(s, "step");
        st->cleanup = dc_json_string_eq(dc_json_get(s, "phase"), "cleanup");
        st->op = s_str(s, "op");
        st->http_status = (long)s_int(s, "http_status");
        st->error = s_str(s, "error");
        st->duration_ms = s_int(s, "duration_ms");
        st->ok = s_true(s, "ok");
        st->polls = (int)s_int(s, "polls");
    }
}

static int s_read_case(const char *path, size_t i, const dc_json *k, dc_case_result *c, dc_err *err)
{
    if (!dc_json_is_object(k))
        return dc_fail(err, "%s: cases[%zu] is not an object", path, i);
    const dc_json *id = dc_json_get(k, "id");
    if (!dc_json_is_string(id) || id->str_len == 0)
        return dc_fail(err, "%s: cases[%zu] has no \"id\" string", path, i);
    c->id = dc_xstrndup(id->str, id->str_len);
    const dc_json *st = dc_json_get(k, "status");
    if (!dc_json_is_string(st) || dc_case_status_from_name(st->str, &c->status) != 0)
        return dc_fail(err, "%s: case %.200s: \"status\" is not a status this ddbconform knows", path, c->id);
    const dc_json *b = dc_json_get(k, "baseline");
    c->fixed = dc_json_is_string(b) && strncmp(b->str, "fixed", 5) == 0;
    c->operation = s_str(k, "operation");
    c->reason = s_str(k, "reason");
    c->issue = s_str(k, "issue");
    c->file = s_str(k, "file");
    c->description = s_str(k, "description");
    c->source = s_str(k, "source");
    c->duration_ms = s_int(k, "duration_ms");
    c->request = s_str(k, "request");
    c->response = s_str(k, "response");
    if (s_read_failures(path, c->id, dc_json_get(k, "failures"), c, err) != 0)
        return -1;
    s_read_steps(dc_json_get(k, "steps"), c);
    const dc_json *conf = dc_json_get(k, "confidence");
    if (dc_json_is_string(conf) && dc_confidence_from(conf->str, &c->confidence) != 0)
        return dc_fail(err, "%s: case %.200s: \"confidence\" is not one this ddbconform knows", path, c->id);
    const dc_json *srcs = dc_json_get(k, "sources");
    for (size_t j = 0; dc_json_is_array(srcs) && j < srcs->count; j++) {
        char *says = s_str(&srcs->items[j], "says"), *src = s_str(&srcs->items[j], "source");
        dc_case_result_add_source(c, says, src);
        free(says);
        free(src);
    }
    const dc_json *notes = dc_json_get(k, "notes");
    for (size_t j = 0; dc_json_is_array(notes) && j < notes->count; j++)
        if (dc_json_is_string(&notes->items[j]))
            dc_case_result_note(c, "%s", notes->items[j].str);
    return 0;
}

static int s_read_ops(const char *path, const dc_json *root, dc_run_result *r, dc_err *err)
{
    static const dc_op_state states[] = {DC_OP_SUPPORTED, DC_OP_UNSUPPORTED, DC_OP_PARTIAL};
    const dc_json *ops = dc_json_get(root, "operations");
    size_t n = dc_json_is_object(ops) ? ops->count : 0;
    r->ops = dc_xcalloc(n ? n : 1, sizeof *r->ops);
    for (size_t i = 0; i < n; i++) {
        const dc_json *v = &ops->items[i];
        size_t k = 0;
        while (k < DC_ARRAY_LEN(states) && !dc_json_string_eq(v, dc_op_state_name(states[k])))
            k++;
        if (k == DC_ARRAY_LEN(states))
            return dc_fail(err, "%s: operations.%.100s is not one of supported|partial|unsupported", path, v->key);
        r->ops[r->nops].name = dc_xstrndup(v->key, v->key_len);
        r->ops[r->nops++].state = states[k];
    }
    const dc_json *info = dc_json_get(root, "operation_info");
    for (size_t i = 0; dc_json_is_object(info) && i < info->count; i++) {
        const dc_json *v = &info->items[i];
        const dc_json *g = dc_json_get(v, "group");
        char *name = dc_xstrndup(v->key, v->key_len);
        char *group = dc_json_is_string(g) ? dc_xstrndup(g->str, g->str_len) : NULL;
        dc_run_result_op_info(r, name, group, s_true(v, "plumbing"));
        free(name);
        free(group);
    }
    return 0;
}

static void s_read_shard(const dc_json *root, dc_run_result *r)
{
    const dc_json *sh = dc_json_get(root, "shard");
    if (!dc_json_is_object(sh))
        return;
    int64_t k = s_int(sh, "index"), n = s_int(sh, "count");
    if (n <= 0 || n > DC_REPORT_MAX_MERGE || k < 0 || k > n)
        return;
    r->shard_k = (unsigned)k;
    r->shard_n = (unsigned)n;
    r->merge_note = s_str(sh, "note");
    const dc_json *m = dc_json_get(sh, "merged");
    if (!dc_json_is_array(m) || m->count == 0)
        return;
    r->merged_shards = dc_xcalloc(m->count, sizeof *r->merged_shards);
    for (size_t i = 0; i < m->count; i++) {
        int64_t v = 0;
        if (dc_json_int64(&m->items[i], &v) == DC_INT_OK && v > 0 && v <= n)
            r->merged_shards[r->nmerged_shards++] = (unsigned)v;
    }
}

int dc_report_read(const char *path, const void *data, size_t len, dc_run_result *r, dc_err *err)
{
    dc_json_doc doc;
    dc_err perr;
    if (dc_json_parse(data, len, &doc, &perr) != 0)
        return dc_fail(err, "%s: not JSON: %s", path, perr.msg);
    int rc = -1;
    const dc_json *root = doc.root;
    const dc_json *cases = dc_json_get(root, "cases");
    if (!dc_json_is_object(root) || !dc_json_string_eq(dc_json_get(root, "tool"), "ddbconform")) {
        dc_fail(err, "%s: not a ddbconform report.json (\"tool\" is not \"ddbconform\")", path);
        goto cleanup;
    }
    if (!dc_json_is_array(cases)) {
        dc_fail(err, "%s: not a report.json (no \"cases\" array)", path);
        goto cleanup;
    }
    r->tool_version = s_str(root, "version");
    r->endpoint = s_str(root, "endpoint");
    r->level = s_str(root, "level");
    r->impl = s_str(root, "impl");
    r->started = s_str(root, "started");
    r->duration_ms = s_int(root, "duration_ms");
    r->interrupted = s_true(root, "interrupted");
    const dc_json *t = dc_json_get(root, "timing");
    r->requests = (size_t)s_int(t, "requests");
    r->wire_us = s_int(t, "wire_us");
    r->harness_us = s_int(t, "harness_us");
    s_read_shard(root, r);
    if (s_read_ops(path, root, r, err) != 0)
        goto cleanup;
    r->cases = dc_xcalloc(cases->count ? cases->count : 1, sizeof *r->cases);
    for (size_t i = 0; i < cases->count; i++) {
        r->ncases++;
        if (s_read_case(path, i, &cases->items[i], &r->cases[i], err) != 0)
            goto cleanup;
    }
    rc = 0;
cleanup:
    dc_json_doc_free(&doc);
    return rc;
}

/* ---- merge -------------------------------------------------------------- */

static bool s_streq(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* url without its port when its host is a loopback one (127.0.0.0/8, localhost,
 * [::1]), else NULL: shards that each started an emulator on a free port ran
 * against one implementation. */
static char *s_loopback_without_port(const char *url)
{
    const char *host = url ? strstr(url, "://") : NULL;
    if (host == NULL)
        return NULL;
    host += 3;
    const char *end = host + strcspn(host, "/?#");
    const char *colon = host[0] == '[' ? strstr(host, "]:") : memchr(host, ':', (size_t)(end - host));
    if (colon == NULL || colon >= end)
        return NULL;
    if (host[0] == '[')
        colon++;
    size_t hlen = (size_t)(colon - host);
    bool loopback = (hlen == 9 && strncmp(host, "localhost", 9) == 0) ||
                    (hlen == 5 && strncmp(host, "[::1]", 5) == 0) ||
                    (hlen >= 9 && strncmp(host, "127.", 4) == 0 && strspn(host, "0123456789.") == hlen);
    if (!loopback || strspn(colon + 1, "0123456789") != (size_t)(end - colon - 1) || end == colon + 1)
        return NULL;
    return dc_strf("%.*s%s", (int)(colon - url), url, end);
}

static bool s_same_but_loopback_port(const char *a, const char *b)
{
    char *x = s_loopback_without_port(a), *y = s_loopback_without_port(b);
    bool same = x != NULL && y != NULL && strcmp(x, y) == 0;
    free(x);
    free(y);
    return same;
}

/* One line naming the first shard that does not belong with shards[0]; *ports
 * says whether some shard's endpoint differs from the first only by its
 * loopback port (merged, with a note). */
static int s_check_shards(const dc_run_result *sh, const char *const *paths, size_t n, bool *ports, dc_err *err)
{
    *ports = false;
    static const char tail[] = "(the shards of one run share endpoint, level, version and shard count)";
    for (size_t i = 0; i < n; i++) {
        if (sh[i].shard_k == 0 || sh[i].shard_n == 0)
            return dc_fail(err,
                           "%s: not a shard of a run (its report.json has no \"shard\" index: run it with "
                           "--shard K/N)",
                           paths[i]);
        if (i == 0)
            continue;
        if (!s_streq(sh[i].endpoint, sh[0].endpoint) && s_same_but_loopback_port(sh[i].endpoint, sh[0].endpoint))
            *ports = true;
        else if (!s_streq(sh[i].endpoint, sh[0].endpoint))
            return dc_fail(err, "%s: endpoint %s, but %s has %s %s", paths[i], sh[i].endpoint ? sh[i].endpoint : "",
                           paths[0], sh[0].endpoint ? sh[0].endpoint : "", tail);
        if (!s_streq(sh[i].level, sh[0].level))
            return dc_fail(err, "%s: level %s, but %s has %s %s", paths[i], sh[i].level ? sh[i].level : "", paths[0],
                           sh[0].level ? sh[0].level : "", tail);
        if (!s_streq(sh[i].tool_version, sh[0].tool_version))
            return dc_fail(err, "%s: ddbconform %s, but %s has %s %s", paths[i],
                           sh[i].tool_version ? sh[i].tool_version : "", paths[0],
                           sh[0].tool_version ? sh[0].tool_version : "", tail);
        if (sh[i].shard_n != sh[0].shard_n)
            return dc_fail(err, "%s: shard %u/%u, but %s is shard %u/%u %s", paths[i], sh[i].shard_k, sh[i].shard_n,
                           paths[0], sh[0].shard_k, sh[0].shard_n, tail);
        for (size_t j = 0; j < i; j++)
            if (sh[j].shard_k == sh[i].shard_k)
                return dc_fail(err, "%s: shard %u/%u again (%s is that shard too)", paths[i], sh[i].shard_k,
                               sh[i].shard_n, paths[j]);
    }
    return 0;
}

typedef struct {
    const char *id;
    size_t shard;
    size_t idx;
} s_case_ref;

static int s_cmp_ref(const void *a, const void *b)
{
    const s_case_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c != 0 ? c : (x->shard < y->shard ? -1 : x->shard > y->shard);
}

static int s_cmp_uint(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

static int s_op_rank(dc_op_state s)
{
    return s == DC_OP_UNSUPPORTED ? 2 : s == DC_OP_PARTIAL ? 1 : 0;
}

static void s_merge_ops(dc_run_result *out, const dc_run_result *sh)
{
    for (size_t i = 0; i < sh->nops; i++) {
        size_t j = 0;
        while (j < out->nops && strcmp(out->ops[j].name, sh->ops[i].name) != 0)
            j++;
        if (j == out->nops) {
            out->ops = dc_xrealloc(out->ops, (out->nops + 1) * sizeof *out->ops);
            out->ops[j].name = dc_xstrdup(sh->ops[i].name);
            out->ops[j].state = sh->ops[i].state;
            out->nops++;
        } else if (s_op_rank(sh->ops[i].state) > s_op_rank(out->ops[j].state)) {
            out->ops[j].state = sh->ops[i].state;
        }
    }
    for (size_t i = 0; i < sh->nop_info; i++)
        if (dc_run_result_find_op_info(out, sh->op_info[i].name) == NULL)
            dc_run_result_op_info(out, sh->op_info[i].name, sh->op_info[i].group, sh->op_info[i].plumbing);
}

static int s_cmp_op(const void *a, const void *b)
{
    return strcmp(((const dc_op_result *)a)->name, ((const dc_op_result *)b)->name);
}

int dc_report_merge(dc_run_result *sh, const char *const *paths, size_t n, dc_run_result *out, dc_err *err)
{
    if (n == 0)
        return dc_fail(err, "no shard given");
    bool ports;
    if (s_check_shards(sh, paths, n, &ports, err) != 0)
        return -1;
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += sh[i].ncases;
    s_case_ref *refs = dc_xcalloc(total ? total : 1, sizeof *refs);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < sh[i].ncases; j++)
            refs[k++] = (s_case_ref){sh[i].cases[j].id, i, j};
    if (total > 1)
        qsort(refs, total, sizeof *refs, s_cmp_ref);
    for (size_t i = 1; i < total; i++)
        if (strcmp(refs[i - 1].id, refs[i].id) == 0) {
            dc_fail(err, "case id '%.200s' is in %s and in %s: shards of one run never share a case", refs[i].id,
                    paths[refs[i - 1].shard], paths[refs[i].shard]);
            free(refs);
            return -1;
        }
    out->tool_version = dc_xstrdup(sh[0].tool_version ? sh[0].tool_version : "dev");
    out->endpoint = dc_xstrdup(sh[0].endpoint ? sh[0].endpoint : "");
    if (ports) {
        dc_buf note;
        dc_buf_init(&note);
        dc_buf_puts(&note, "the shards ran against endpoints that differ only by their loopback port (");
        size_t shown = 0;
        for (size_t i = 0; i < n; i++) {
            bool again = false;
            for (size_t j = 0; j < i && !again; j++)
                again = s_streq(sh[j].endpoint, sh[i].endpoint);
            if (!again && shown++ < 8)
                dc_buf_printf(&note, "%s%s", shown > 1 ? ", " : "", sh[i].endpoint);
        }
        if (shown > 8)
            dc_buf_printf(&note, " and %zu more", shown - 8);
        dc_buf_puts(&note, "): merged as one endpoint");
        out->merge_note = dc_buf_take(&note);
    }
    out->level = dc_xstrdup(sh[0].level ? sh[0].level : "strict");
    out->shard_n = sh[0].shard_n;
    out->merged_shards = dc_xcalloc(n, sizeof *out->merged_shards);
    for (size_t i = 0; i < n; i++) {
        const dc_run_result *s = &sh[i];
        out->merged_shards[out->nmerged_shards++] = s->shard_k;
        if (out->impl == NULL && s->impl != NULL)
            out->impl = dc_xstrdup(s->impl);
        if (s->started != NULL && (out->started == NULL || strcmp(s->started, out->started) < 0)) {
            free(out->started);
            out->started = dc_xstrdup(s->started);
        }
        if (s->duration_ms > out->duration_ms)
            out->duration_ms = s->duration_ms;
        out->interrupted |= s->interrupted;
        out->requests += s->requests;
        out->wire_us += s->wire_us;
        out->harness_us += s->harness_us;
        s_merge_ops(out, s);
    }
    qsort(out->merged_shards, out->nmerged_shards, sizeof *out->merged_shards, s_cmp_uint);
    if (out->nops > 1)
        qsort(out->ops, out->nops, sizeof *out->ops, s_cmp_op);
    /* the cases move: each shard keeps zeroed husks its free ignores */
    out->cases = dc_xcalloc(total ? total : 1, sizeof *out->cases);
    for (size_t i = 0; i < total; i++) {
        dc_case_result *c = &sh[refs[i].shard].cases[refs[i].idx];
        out->cases[out->ncases++] = *c;
        memset(c, 0, sizeof *c);
    }
    free(refs);
    return 0;
}
