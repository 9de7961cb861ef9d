/* judge.c - the comparison of one answer pair (see judge.h). */
#include "explore/judge.h"

#include <stdlib.h>
#include <string.h>

#define S_MAX_NAMES 32
#define S_MAX_CONFIDENCE 16

typedef struct {
    char *op, *path, *when, *confidence, *sources;
} s_conf;

struct dc_ex_rules {
    dc_norm_rules *norm;
    char *ignored[S_MAX_NAMES];
    size_t nignored;
    char *unordered[S_MAX_NAMES];
    size_t nunordered;
    char *ts_suffix;            /* "DateTime" of "DateTime$" */
    char *absence[S_MAX_NAMES]; /* "Op:Member": the endpoint must not send what the model leaves out */
    size_t nabsence;
    s_conf conf[S_MAX_CONFIDENCE];
    size_t nconf;
};

static int s_names(const dc_json *doc, const char *key, char **out, size_t *n, dc_err *err)
{
    const dc_json *a = dc_json_get(doc, key);
    if (!dc_json_is_array(a) || a->count > S_MAX_NAMES)
        return dc_fail(err, "spec/explore.json: %s: expected an array of at most %d names", key, S_MAX_NAMES);
    for (size_t i = 0; i < a->count; i++) {
        if (!dc_json_is_string(&a->items[i]))
            return dc_fail(err, "spec/explore.json: %s.%zu: expected a string", key, i);
        out[(*n)++] = dc_xstrdup(a->items[i].str);
    }
    return 0;
}

int dc_ex_rules_load(const char *data_dir, dc_ex_rules **out, dc_err *err)
{
    dc_ex_rules *r = dc_xcalloc(1, sizeof *r);
    char *path = dc_strf("%s/spec/explore.json", data_dir);
    dc_json_doc d;
    int rc = dc_json_load_file(path, "spec/explore.json", 1u << 20, &d, err);
    free(path);
    if (rc != 0) {
        free(r);
        return -1;
    }
    const char *ts = dc_json_string(dc_json_get(d.root, "timestampMembers"));
    rc = s_names(d.root, "ignoreMembers", r->ignored, &r->nignored, err);
    if (rc == 0)
        rc = s_names(d.root, "unorderedArrays", r->unordered, &r->nunordered, err);
    if (rc == 0)
        rc = s_names(d.root, "absenceMatters", r->absence, &r->nabsence, err);
    if (rc == 0 && (ts == NULL || strlen(ts) < 2 || ts[strlen(ts) - 1] != '$'))
        rc = dc_fail(err, "spec/explore.json: timestampMembers: expected a \"<suffix>$\" string");
    if (rc == 0)
        r->ts_suffix = dc_xstrndup(ts, strlen(ts) - 1);
    const dc_json *conf = dc_json_get(d.root, "confidence");
    for (size_t i = 0; rc == 0 && dc_json_is_array(conf) && i < conf->count && i < S_MAX_CONFIDENCE; i++) {
        const dc_json *c = &conf->items[i];
        const char *op = dc_json_string(dc_json_get(c, "op"));
        const char *p = dc_json_string(dc_json_get(c, "path"));
        const char *level = dc_json_string(dc_json_get(c, "confidence"));
        const dc_json *src = dc_json_get(c, "sources");
        if (op == NULL || p == NULL || level == NULL || !dc_json_is_array(src)) {
            rc = dc_fail(err, "spec/explore.json: confidence.%zu: needs op, path, confidence and sources", i);
            break;
        }
        s_conf *e = &r->conf[r->nconf++];
        e->op = dc_xstrdup(op);
        e->path = dc_xstrdup(p);
        const char *when = dc_json_string(dc_json_get(c, "when"));
        e->when = when != NULL ? dc_xstrdup(when) : NULL;
        e->confidence = dc_xstrdup(level);
        dc_buf b;
        dc_buf_init(&b);
        dc_json_print(src, &b);
        e->sources = dc_buf_take(&b);
    }
    dc_json_doc_free(&d);
    if (rc == 0)
        rc = dc_norm_rules_load(data_dir, &r->norm, err);
    if (rc != 0) {
        dc_ex_rules_free(r);
        return -1;
    }
    *out = r;
    return 0;
}

void dc_ex_rules_free(dc_ex_rules *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->nignored; i++)
        free(r->ignored[i]);
    for (size_t i = 0; i < r->nunordered; i++)
        free(r->unordered[i]);
    for (size_t i = 0; i < r->nabsence; i++)
        free(r->absence[i]);
    for (size_t i = 0; i < r->nconf; i++) {
        free(r->conf[i].op);
        free(r->conf[i].path);
        free(r->conf[i].when);
        free(r->conf[i].confidence);
        free(r->conf[i].sources);
    }
    free(r->ts_suffix);
    dc_norm_rules_free(r->norm);
    free(r);
}

static bool s_in(char *const *names, size_t n, const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
            return true;
    return false;
}

bool dc_ex_rules_ignored(const dc_ex_rules *r, const char *name, size_t len)
{
    return s_in(r->ignored, r->nignored, name, len);
}

bool dc_ex_rules_unordered(const dc_ex_rules *r, const char *name, size_t len)
{
    return s_in(r->unordered, r->nunordered, name, len);
}

bool dc_ex_rules_timestamp(const dc_ex_rules *r, const char *name, size_t len)
{
    size_t sl = strlen(r->ts_suffix);
    return len >= sl && memcmp(name + len - sl, r->ts_suffix, sl) == 0;
}

const char *dc_ex_rules_confidence(const dc_ex_rules *r, const char *op, const char *path, const char *sequence,
                                   const char **sources)
{
    for (size_t i = 0; i < r->nconf; i++) {
        const s_conf *c = &r->conf[i];
        if (strcmp(c->op, op) != 0 || strncmp(path, c->path, strlen(c->path)) != 0)
            continue;
        if (c->when != NULL && (sequence == NULL || strstr(sequence, c->when) == NULL))
            continue;
        *sources = c->sources;
        return c->confidence;
    }
    *sources = NULL;
    return "confirmed";
}

/* ------------------------------------------------------------ the view */

static int s_member_cmp(const void *a, const void *b)
{
    const dc_json *x = *(const dc_json *const *)a, *y = *(const dc_json *const *)b;
    return dc_json_key_cmp(x->key, x->key_len, y->key, y->key_len);
}

static int s_text_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void s_view(const dc_ex_rules *r, const dc_json *v, bool in_ts, bool drop_type, dc_buf *out)
{
    if (v->type == DC_JSON_NUMBER && in_ts) {
        dc_buf_puts(out, "\"<time>\"");
    } else if (v->type == DC_JSON_OBJECT) {
        dc_buf_putc(out, '{');
        bool first = true;
        /* members in key order: the text of an element of a set-like array
         * is its sort key, whatever order the endpoint wrote the members in */
        const dc_json **order = dc_xcalloc(v->count + 1, sizeof *order);
        for (size_t i = 0; i < v->count; i++)
            order[i] = &v->items[i];
        qsort(order, v->count, sizeof *order, s_member_cmp);
        for (size_t i = 0; i < v->count; i++) {
            const dc_json *m = order[i];
            if (dc_ex_rules_ignored(r, m->key, m->key_len) || (drop_type && strcmp(m->key, "__type") == 0))
                continue;
            if (!first)
                dc_buf_putc(out, ',');
            first = false;
            dc_buf_put_json_string(out, m->key, m->key_len);
            dc_buf_putc(out, ':');
            if (m->type == DC_JSON_ARRAY && dc_ex_rules_unordered(r, m->key, m->key_len)) {
                /* a set: its elements' views in text order */
                char **texts = dc_xcalloc(m->count + 1, sizeof *texts);
                for (size_t k = 0; k < m->count; k++) {
                    dc_buf e;
                    dc_buf_init(&e);
                    s_view(r, &m->items[k], false, false, &e);
                    texts[k] = e.data != NULL ? dc_buf_take(&e) : dc_xstrdup("null");
                }
                qsort(texts, m->count, sizeof *texts, s_text_cmp);
                dc_buf_putc(out, '[');
                for (size_t k = 0; k < m->count; k++) {
                    dc_buf_puts(out, k ? "," : "");
                    dc_buf_puts(out, texts[k]);
                    free(texts[k]);
                }
                dc_buf_putc(out, ']');
                free(texts);
            } else {
                s_view(r, m, dc_ex_rules_timestamp(r, m->key, m->key_len), false, out);
            }
        }
        free(order);
        dc_buf_putc(out, '}');
    } else if (v->type == DC_JSON_ARRAY) {
        dc_buf_putc(out, '[');
        for (size_t k = 0; k < v->count; k++) {
            dc_buf_puts(out, k ? "," : "");
            s_view(r, &v->items[k], false, false, out);
        }
        dc_buf_putc(out, ']');
    } else {
        dc_json_print(v, out);
    }
}

void dc_ex_judge_view(const dc_ex_rules *r, const dc_json *body, bool compat, dc_buf *out)
{
    s_view(r, body, false, compat, out);
}

/* ------------------------------------------------------------ the judge */

struct dc_ex_judge {
    const dc_ex_rules *r;
    dc_norm *model, *real;
    dc_record_cmp *cmp;
};

dc_ex_judge *dc_ex_judge_new(const dc_ex_rules *r)
{
    dc_ex_judge *j = dc_xcalloc(1, sizeof *j);
    j->r = r;
    j->model = dc_norm_new(r->norm);
    j->real = dc_norm_new(r->norm);
    j->cmp = dc_record_cmp_new();
    return j;
}

void dc_ex_judge_free(dc_ex_judge *j)
{
    if (j == NULL)
        return;
    dc_norm_free(j->model);
    dc_norm_free(j->real);
    dc_record_cmp_free(j->cmp);
    free(j);
}

/* {"status":N,"error":"Name"|null,"body":<normalized view>} */
static int s_step(dc_ex_judge *j, dc_norm *n, const dc_ex_answer *a, bool compat, dc_json_doc *out)
{
    dc_buf view, norm, step;
    dc_buf_init(&view);
    dc_buf_init(&norm);
    dc_buf_init(&step);
    int rc = -1;
    dc_err err;
    dc_buf_printf(&step, "{\"status\":%d,\"error\":", a->status);
    if (a->error[0] != '\0')
        dc_buf_put_json_string(&step, a->error, strlen(a->error));
    else
        dc_buf_puts(&step, "null");
    dc_buf_puts(&step, ",\"body\":");
    if (a->has_doc) {
        dc_json_doc vd;
        dc_ex_judge_view(j->r, a->doc.root, compat, &view);
        if (dc_json_parse(view.data, view.len, &vd, &err) == 0) {
            dc_norm_json(n, vd.root, 0, &norm);
            dc_json_doc_free(&vd);
            dc_buf_append(&step, norm.data, norm.len);
        } else {
            dc_buf_puts(&step, "null");
        }
    } else if (a->raw.len > 0) {
        dc_buf_printf(&step, "\"<not JSON: %zu bytes>\"", a->raw.len);
    } else {
        dc_buf_puts(&step, "null");
    }
    dc_buf_putc(&step, '}');
    rc = dc_json_parse(step.data, step.len, out, &err);
    dc_buf_free(&view);
    dc_buf_free(&norm);
    dc_buf_free(&step);
    return rc;
}

/* Must the endpoint leave out the member at path ("body.Table.RestoreSummary")
 * when the model does? Its "Op:Member" is in absenceMatters and the
 * endpoint's value is not empty. */
static bool s_absence_matters(const dc_ex_rules *r, const dc_operation *op, const char *path, const char *actual)
{
    if (op == NULL || strcmp(actual, "[]") == 0 || strcmp(actual, "{}") == 0 || strcmp(actual, "null") == 0)
        return false;
    const char *member = strrchr(path, '.');
    member = member != NULL ? member + 1 : path;
    for (size_t i = 0; i < r->nabsence; i++) {
        const char *colon = strchr(r->absence[i], ':');
        if (colon != NULL && strncmp(r->absence[i], op->name, (size_t)(colon - r->absence[i])) == 0 &&
            strlen(op->name) == (size_t)(colon - r->absence[i]) && strcmp(colon + 1, member) == 0)
            return true;
    }
    return false;
}

void dc_ex_judge_compare(dc_ex_judge *j, const dc_operation *op, const dc_ex_answer *model, const dc_ex_answer *real,
                         bool compat, dc_mismatches *out, size_t *notes)
{
    if (real->status == 0) {
        dc_mismatches_add(out, "transport", "an answer", real->transport[0] ? real->transport : "none");
        return;
    }
    /* the same bytes with nothing a normalizer renames (no ARN, id or time):
     * equal, and no renaming state to keep (most item calls and errors) */
    if (model->status == real->status && model->raw.len == real->raw.len &&
        (model->raw.len == 0 || memcmp(model->raw.data, real->raw.data, model->raw.len) == 0) &&
        (model->raw.len == 0 || (memmem(model->raw.data, model->raw.len, "arn:", 4) == NULL &&
                                 memmem(model->raw.data, model->raw.len, "DateTime", 8) == NULL &&
                                 memmem(model->raw.data, model->raw.len, "TableId", 7) == NULL)))
        return;
    dc_json_doc md, rd;
    if (s_step(j, j->model, model, compat, &md) != 0)
        return;
    if (s_step(j, j->real, real, compat, &rd) != 0) {
        dc_json_doc_free(&md);
        dc_mismatches_add(out, "body", "JSON", "unreadable");
        return;
    }
    dc_mismatches all;
    dc_mismatches_init(&all);
    dc_record_diff(j->cmp, md.root, rd.root, compat, &all);
    for (size_t i = 0; i < all.count; i++) {
        const dc_mismatch *m = &all.items[i];
        if (strcmp(m->expected, "(absent)") == 0 && strncmp(m->path, "body.", 5) == 0 && real->status < 300 &&
            !s_absence_matters(j->r, op, m->path, m->actual)) {
            (*notes)++; /* a member only the endpoint sends: forward compatibility */
            continue;
        }
        dc_mismatches_add(out, m->path, m->expected, m->actual);
    }
    /* an error answer: the error decides; its body's differences follow from it */
    if (out->count > 1 && (strcmp(out->items[0].path, "status") == 0 || strcmp(out->items[0].path, "error") == 0)) {
        dc_mismatches keep;
        dc_mismatches_init(&keep);
        for (size_t i = 0; i < out->count; i++)
            if (strcmp(out->items[i].path, "status") == 0 || strcmp(out->items[i].path, "error") == 0)
                dc_mismatches_add(&keep, out->items[i].path, out->items[i].expected, out->items[i].actual);
        dc_mismatches_free(out);
        *out = keep;
    }
    dc_mismatches_free(&all);
    dc_json_doc_free(&md);
    dc_json_doc_free(&rd);
}
