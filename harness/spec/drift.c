/* drift.c - spec/ against the official model (see drift.h). */
#include "spec/drift.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define DC_DRIFT_READ_CHUNK (256u << 10)
#define DC_DRIFT_MAX_VALUE 256 /* rendered value text in a difference line */

typedef struct {
    const dc_spec *spec;
    const dc_json *mshapes; /* model "shapes" */
    dc_buf *out;
    dc_drift_result *res;
    const dc_shape **seen; /* spec shapes already compared (each is reported once) */
    size_t nseen;
} s_check;

int dc_drift_load_official(const char *path, dc_json_doc *doc, dc_err *err)
{
    int rc = -1;
    dc_buf data;
    dc_buf_init(&data);
    gzFile f = gzopen(path, "rb");
    if (f == NULL)
        return dc_fail(err, "%s: cannot open", path);
    for (;;) {
        dc_buf_reserve(&data, DC_DRIFT_READ_CHUNK);
        int n = gzread(f, data.data + data.len, DC_DRIFT_READ_CHUNK);
        if (n < 0) {
            int zerr;
            dc_fail(err, "%s: %s", path, gzerror(f, &zerr));
            goto cleanup;
        }
        if (n == 0)
            break;
        data.len += (size_t)n;
        if (data.len > DC_JSON_MAX_BYTES) {
            dc_fail(err, "%s: larger than %u bytes", path, DC_JSON_MAX_BYTES);
            goto cleanup;
        }
    }
    dc_err e;
    if (dc_json_parse(data.data, data.len, doc, &e) != 0) {
        dc_fail(err, "%s: %s", path, e.msg);
        goto cleanup;
    }
    rc = 0;
cleanup:
    gzclose(f);
    dc_buf_free(&data);
    return rc;
}

const char *dc_drift_find_official(char *buf, size_t cap)
{
    static const char *const tails[] = {"service-2.json.gz", "service-2.json"};
    const char *home = getenv("HOME");
    char pats[6][512];
    size_t np = 0;
    const char *model = "botocore/data/dynamodb/2012-08-10/";
    snprintf(pats[np++], sizeof pats[0], "/usr/lib/python3/dist-packages/%s", model);
    snprintf(pats[np++], sizeof pats[0], "/usr/local/lib/python3*/dist-packages/%s", model);
    snprintf(pats[np++], sizeof pats[0], "/usr/local/lib/python3*/site-packages/%s", model);
    if (home != NULL && *home != '\0') {
        snprintf(pats[np++], sizeof pats[0], "%.200s/.pyenv/versions/*/lib/python3*/site-packages/%s", home, model);
        snprintf(pats[np++], sizeof pats[0], "%.200s/.local/lib/python3*/site-packages/%s", home, model);
    }
    for (size_t i = 0; i < np; i++)
        for (size_t t = 0; t < DC_ARRAY_LEN(tails); t++) {
            char pat[600];
            glob_t g;
            if (snprintf(pat, sizeof pat, "%s%s", pats[i], tails[t]) >= (int)sizeof pat)
                continue;
            if (glob(pat, 0, NULL, &g) == 0 && g.gl_pathc > 0) {
                /* several Python versions: the last in sorted order is usually the newest botocore */
                snprintf(buf, cap, "%s", g.gl_pathv[g.gl_pathc - 1]);
                globfree(&g);
                return buf;
            }
            globfree(&g);
        }
    return NULL;
}

/* ---- rendering and explaining one difference ---------------------------- */

static void s_render(const dc_json *v, char *out, size_t cap)
{
    if (v == NULL || v->type == DC_JSON_NULL) {
        snprintf(out, cap, "none");
    } else if (v->type == DC_JSON_STRING || v->type == DC_JSON_NUMBER) {
        snprintf(out, cap, "%s", v->str);
    } else if (dc_json_is_bool(v)) {
        snprintf(out, cap, "%s", v->type == DC_JSON_TRUE ? "true" : "false");
    } else {
        dc_buf b;
        dc_buf_init(&b);
        dc_json_print(v, &b);
        snprintf(out, cap, "%s", (const char *)b.data);
        dc_buf_free(&b);
    }
}

static bool s_enum_sets_equal(const dc_json *a, const dc_json *b)
{
    if (a == NULL || b == NULL || a->type != DC_JSON_ARRAY || b->type != DC_JSON_ARRAY || a->count != b->count)
        return false;
    for (size_t i = 0; i < a->count; i++) {
        bool found = false;
        for (size_t j = 0; j < b->count && !found; j++)
            found = dc_json_equal(&a->items[i], &b->items[j]);
        if (!found)
            return false;
    }
    return true;
}

/* The annotation explains the difference when it records exactly the model's
 * current value (null: the model has none). */
static bool s_annotation_matches(const dc_json *annot_model, const char *attr, const dc_json *model_val)
{
    const dc_json *a = dc_json_get(annot_model, attr);
    if (a == NULL)
        return false;
    if (model_val == NULL || model_val->type == DC_JSON_NULL)
        return a->type == DC_JSON_NULL;
    if (strcmp(attr, "enum") == 0)
        return s_enum_sets_equal(a, model_val);
    return dc_json_equal(a, model_val);
}

/* Reports one compared attribute: a difference (explained or not), or a stale annotation. */
static void s_report(s_check *c, const char *where, const char *attr, bool differs, const dc_json *model_val,
                     const char *spec_text, const dc_json *annot_model, const char *drift)
{
    char mtext[DC_DRIFT_MAX_VALUE];
    s_render(model_val, mtext, sizeof mtext);
    if (!differs) {
        if (annot_model != NULL && dc_json_get(annot_model, attr) != NULL) {
            c->res->stale++;
            dc_buf_printf(c->out, "stale: %s: %s: model and spec agree (%s); the annotation can go\n", where, attr,
                          mtext);
        }
        return;
    }
    if (annot_model != NULL && s_annotation_matches(annot_model, attr, model_val)) {
        c->res->explained++;
        dc_buf_printf(c->out, "drift: %s: %s: model %s, spec %s \xe2\x80\x94 explained: %s\n", where, attr, mtext,
                      spec_text, drift);
    } else {
        c->res->unexplained++;
        dc_buf_printf(c->out, "drift: %s: %s: model %s, spec %s \xe2\x80\x94 unexplained\n", where, attr, mtext,
                      spec_text);
    }
}

static bool s_model_int_equals(const dc_json *v, bool has, int64_t val)
{
    int64_t m;
    if (v == NULL)
        return !has;
    return has && dc_json_int64(v, &m) == DC_INT_OK && m == val;
}

static bool s_model_required(const dc_json *mshape, const char *member)
{
    const dc_json *req = dc_json_get(mshape, "required");
    for (size_t i = 0; req != NULL && req->type == DC_JSON_ARRAY && i < req->count; i++)
        if (dc_json_string_eq(&req->items[i], member))
            return true;
    return false;
}

static bool s_in_array(const dc_json *arr, const char *s)
{
    for (size_t i = 0; arr != NULL && arr->type == DC_JSON_ARRAY && i < arr->count; i++)
        if (dc_json_string_eq(&arr->items[i], s))
            return true;
    return false;
}

/* ---- the walk -------------------------------------------------------------- */

static void s_compare_shape(s_check *c, const dc_shape *s, const char *mname, const char *where);

/* A reference (member, list element, map key/value) to shape s, called mname in the model. */
static void s_compare_ref(s_check *c, const dc_shape *s, const char *mname, const char *where,
                          const dc_json *annot_model, const char *drift)
{
    const dc_json *sa_model = NULL;
    const char *sa_drift = dc_spec_shape_drift(c->spec, s, &sa_model);
    if (strcmp(s->name, mname) != 0) {
        /* the rename may be recorded on the reference ("shape") or on the shape ("name") */
        dc_json name = {.type = DC_JSON_STRING, .str = mname, .str_len = strlen(mname)};
        if (sa_model != NULL && s_annotation_matches(sa_model, "name", &name)) {
            s_report(c, where, "name", true, &name, s->name, sa_model, sa_drift);
        } else if (annot_model != NULL && s_annotation_matches(annot_model, "shape", &name)) {
            /* the member deliberately points at another shape (e.g. a bound the
             * service does not keep): comparing that shape's constraints with
             * the model's shape would only restate the explained difference */
            s_report(c, where, "shape", true, &name, s->name, annot_model, drift);
            return;
        } else {
            s_report(c, where, "shape", true, &name, s->name, annot_model, drift);
        }
    }
    s_compare_shape(c, s, mname, where);
}

static void s_compare_structure(s_check *c, const dc_shape *s, const dc_json *ms)
{
    const dc_json *mmembers = dc_json_get(ms, "members");
    const dc_json *sa_model = NULL;
    const char *sa_drift = dc_spec_shape_drift(c->spec, s, &sa_model);
    char w[DC_DRIFT_MAX_VALUE * 2];
    for (size_t i = 0; i < s->nmembers; i++) {
        const dc_member *m = &s->members[i];
        const dc_json *ma_model = NULL;
        const char *ma_drift = dc_spec_member_drift(c->spec, s, m, &ma_model);
        const dc_json *mm = dc_json_get(mmembers, m->name);
        snprintf(w, sizeof w, "%s.%s", s->name, m->name);
        if (mm == NULL) {
            dc_json t = {.type = DC_JSON_TRUE};
            s_report(c, w, "absent", true, &t, "false", ma_model, ma_drift);
            continue;
        }
        bool mreq = s_model_required(ms, m->name);
        dc_json req = {.type = mreq ? DC_JSON_TRUE : DC_JSON_FALSE};
        s_report(c, w, "required", mreq != m->required, &req, m->required ? "true" : "false", ma_model, ma_drift);
        const char *mshape = dc_json_string(dc_json_get(mm, "shape"));
        if (mshape != NULL)
            s_compare_ref(c, m->shape, mshape, w, ma_model, ma_drift);
    }
    for (size_t i = 0; mmembers != NULL && i < mmembers->count; i++) {
        const char *name = mmembers->items[i].key;
        if (dc_shape_member(s, name, mmembers->items[i].key_len) != NULL)
            continue;
        snprintf(w, sizeof w, "%s.%s", s->name, name);
        /* explained by "model": {"omitted": ["Name", ...]} on the structure */
        const dc_json *om = sa_model ? dc_json_get(sa_model, "omitted") : NULL;
        if (s_in_array(om, name)) {
            c->res->explained++;
            dc_buf_printf(c->out, "drift: %s: member: model present, spec absent \xe2\x80\x94 explained: %s\n", w,
                          sa_drift);
        } else {
            c->res->unexplained++;
            dc_buf_printf(c->out, "drift: %s: member: model present, spec absent \xe2\x80\x94 unexplained\n", w);
        }
    }
}

static void s_compare_shape(s_check *c, const dc_shape *s, const char *mname, const char *where)
{
    for (size_t i = 0; i < c->nseen; i++)
        if (c->seen[i] == s)
            return;
    c->seen = dc_xrealloc(c->seen, (c->nseen + 1) * sizeof *c->seen);
    c->seen[c->nseen++] = s;
    c->res->shapes++;

    char w[DC_DRIFT_MAX_VALUE * 2], stext[DC_DRIFT_MAX_VALUE];
    if (strcmp(where, s->name) == 0)
        snprintf(w, sizeof w, "%s", s->name);
    else
        snprintf(w, sizeof w, "%s (shape %s)", where, s->name);
    const dc_json *ms = dc_json_get(c->mshapes, mname);
    const dc_json *a_model = NULL;
    const char *drift = dc_spec_shape_drift(c->spec, s, &a_model);
    if (ms == NULL) {
        c->res->unexplained++;
        dc_buf_printf(c->out, "drift: %s: shape: model has no shape '%s' \xe2\x80\x94 unexplained\n", w, mname);
        return;
    }
    const dc_json *mtype = dc_json_get(ms, "type");
    s_report(c, w, "type", !dc_json_string_eq(mtype, dc_shape_type_name(s->type)), mtype, dc_shape_type_name(s->type),
             a_model, drift);

    const dc_json *mmin = dc_json_get(ms, "min"), *mmax = dc_json_get(ms, "max");
    snprintf(stext, sizeof stext, s->has_min ? "%lld" : "none", (long long)s->min);
    s_report(c, w, "min", !s_model_int_equals(mmin, s->has_min, s->min), mmin, stext, a_model, drift);
    snprintf(stext, sizeof stext, s->has_max ? "%lld" : "none", (long long)s->max);
    s_report(c, w, "max", !s_model_int_equals(mmax, s->has_max, s->max), mmax, stext, a_model, drift);

    const dc_json *mpat = dc_json_get(ms, "pattern");
    const char *mp = dc_json_string(mpat);
    bool pat_differs = (mp == NULL) != (s->pattern == NULL) || (mp != NULL && strcmp(mp, s->pattern) != 0);
    s_report(c, w, "pattern", pat_differs, mpat, s->pattern ? s->pattern : "none", a_model, drift);

    const dc_json *menum = dc_json_get(ms, "enum");
    bool enum_differs = (menum == NULL) != (s->enums == NULL);
    if (!enum_differs && menum != NULL) {
        enum_differs = menum->type != DC_JSON_ARRAY || menum->count != s->nenums;
        for (size_t i = 0; !enum_differs && i < menum->count; i++)
            enum_differs =
                !dc_shape_enum_contains(s, menum->items[i].str ? menum->items[i].str : "", menum->items[i].str_len);
    }
    dc_buf et;
    dc_buf_init(&et);
    if (s->enums == NULL) {
        dc_buf_puts(&et, "none");
    } else {
        dc_buf_putc(&et, '[');
        for (size_t i = 0; i < s->nenums; i++)
            dc_buf_printf(&et, "%s\"%s\"", i ? "," : "", s->enums[i]);
        dc_buf_putc(&et, ']');
    }
    s_report(c, w, "enum", enum_differs, menum, (const char *)et.data, a_model, drift);
    dc_buf_free(&et);

    if (!dc_json_string_eq(mtype, dc_shape_type_name(s->type)))
        return; /* the parts below only make sense for the same kind of shape */
    char sub[DC_DRIFT_MAX_VALUE * 2];
    switch (s->type) {
    case DC_SHAPE_STRUCTURE: s_compare_structure(c, s, ms); break;
    case DC_SHAPE_LIST: {
        const char *mm = dc_json_string(dc_json_get(dc_json_get(ms, "member"), "shape"));
        snprintf(sub, sizeof sub, "%s.member", s->name);
        if (mm != NULL && s->member != NULL)
            s_compare_ref(c, s->member, mm, sub, a_model, drift);
        break;
    }
    case DC_SHAPE_MAP: {
        const char *mk = dc_json_string(dc_json_get(dc_json_get(ms, "key"), "shape"));
        const char *mv = dc_json_string(dc_json_get(dc_json_get(ms, "value"), "shape"));
        snprintf(sub, sizeof sub, "%s.key", s->name);
        if (mk != NULL && s->key != NULL)
            s_compare_ref(c, s->key, mk, sub, a_model, drift);
        snprintf(sub, sizeof sub, "%s.value", s->name);
        if (mv != NULL && s->value != NULL)
            s_compare_ref(c, s->value, mv, sub, a_model, drift);
        break;
    }
    default: break;
    }
}

static void s_compare_errors(s_check *c, const dc_operation *op, const dc_json *mop)
{
    const dc_json *merrs = dc_json_get(mop, "errors");
    const dc_json *a_model = NULL;
    const char *drift = dc_spec_operation_drift(c->spec, op, &a_model);
    const dc_json *a_errs = a_model ? dc_json_get(a_model, "errors") : NULL;
    char w[DC_DRIFT_MAX_VALUE];
    snprintf(w, sizeof w, "%s", op->name);
    for (size_t i = 0; merrs != NULL && i < merrs->count; i++) {
        const char *name = dc_json_string(dc_json_get(&merrs->items[i], "shape"));
        bool in_spec = false;
        for (size_t j = 0; name != NULL && j < op->nerrors && !in_spec; j++)
            in_spec = strcmp(op->errors[j], name) == 0;
        if (name == NULL || in_spec)
            continue;
        /* explained when the annotation's "errors" lists the model's error */
        if (s_in_array(a_errs, name)) {
            c->res->explained++;
            dc_buf_printf(c->out, "drift: %s: errors: model lists %s, spec does not \xe2\x80\x94 explained: %s\n", w,
                          name, drift);
        } else {
            c->res->unexplained++;
            dc_buf_printf(c->out, "drift: %s: errors: model lists %s, spec does not \xe2\x80\x94 unexplained\n", w,
                          name);
        }
    }
    for (size_t j = 0; j < op->nerrors; j++) {
        bool in_model = false;
        for (size_t i = 0; merrs != NULL && i < merrs->count && !in_model; i++)
            in_model = dc_json_string_eq(dc_json_get(&merrs->items[i], "shape"), op->errors[j]);
        if (in_model)
            continue;
        if (a_errs != NULL && !s_in_array(a_errs, op->errors[j])) {
            c->res->explained++;
            dc_buf_printf(c->out, "drift: %s: errors: spec lists %s, model does not \xe2\x80\x94 explained: %s\n", w,
                          op->errors[j], drift);
        } else {
            c->res->unexplained++;
            dc_buf_printf(c->out, "drift: %s: errors: spec lists %s, model does not \xe2\x80\x94 unexplained\n", w,
                          op->errors[j]);
        }
    }
}

int dc_drift_check(const dc_spec *spec, const dc_json *model, dc_buf *out, dc_drift_result *res, dc_err *err)
{
    const dc_json *mops = dc_json_get(model, "operations");
    const dc_json *mshapes = dc_json_get(model, "shapes");
    memset(res, 0, sizeof *res);
    if (!dc_json_is_object(mops) || !dc_json_is_object(mshapes))
        return dc_fail(err, "not a botocore service model (no \"operations\"/\"shapes\" objects)");
    s_check c = {spec, mshapes, out, res, NULL, 0};
    for (size_t i = 0; i < dc_spec_operation_count(spec); i++) {
        const dc_operation *op = dc_spec_operation_at(spec, i);
        const dc_json *mop = dc_json_get(mops, op->name);
        if (mop == NULL) {
            res->unexplained++;
            dc_buf_printf(out, "drift: %s: operation: model none, spec present \xe2\x80\x94 unexplained\n", op->name);
            continue;
        }
        const char *min = dc_json_string(dc_json_get(dc_json_get(mop, "input"), "shape"));
        const char *mout = dc_json_string(dc_json_get(dc_json_get(mop, "output"), "shape"));
        if (min != NULL)
            s_compare_ref(&c, op->input, min, op->input->name, NULL, NULL);
        if (mout != NULL)
            s_compare_ref(&c, op->output, mout, op->output->name, NULL, NULL);
        s_compare_errors(&c, op, mop);
    }
    free(c.seen);
    return 0;
}
