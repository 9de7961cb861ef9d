/* spec.c - loads spec/ (format: spec/README.md) into the shape graph of spec.h
 * (the queries on it: spec_query.c).
 *
 * Every spec file is parsed with the strict JSON layer and kept alive for the
 * life of the dc_spec: names, texts and annotations point into the parsed
 * documents instead of being copied. Loading is two passes: collect every shape
 * definition of shapes.json and operations/<Op>.json into one sorted namespace
 * (a duplicate name is an error), then fill each shape and resolve its
 * references by binary search. Unknown keys are errors, so a typo in the data
 * cannot silently drop a constraint. */
#include "spec/spec.h"
#include "spec/spec_internal.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "core/json.h"

typedef struct {
    const char *name;
    const dc_json *def;
    const char *file;
    const char *path; /* JSON path of def's parent object ("shapes") */
    size_t order;     /* load order: a repeated name blames the later file */
} s_def;

typedef struct {
    dc_spec *spec;
    const char *file;
    dc_err *err;
} s_ctx;

static const char *const s_type_names[] = {"string",    "integer", "long",      "double", "boolean",
                                           "timestamp", "blob",    "structure", "list",   "map"};

const char *dc_shape_type_name(dc_shape_type t)
{
    if ((size_t)t < DC_ARRAY_LEN(s_type_names))
        return s_type_names[t];
    return "?";
}

static int s_fail(const s_ctx *c, const char *path, const char *fmt, ...) DC_PRINTF(3, 4);
static int s_fail(const s_ctx *c, const char *path, const char *fmt, ...)
{
    char what[DC_ERR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    /* "min: expected an integer" at "shapes.X" reads "shapes.X.min: expected an integer" */
    size_t k = strspn(what, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.");
    if (k > 0 && what[k] == ':' && what[k + 1] == ' ')
        return dc_fail(c->err, "%s: %s.%.*s: %s", c->file, path, (int)k, what, what + k + 2);
    return dc_fail(c->err, "%s: %s: %s", c->file, path, what);
}

/* Builds a JSON path for messages; a path that does not fit is cut (it only names the place). */
static void s_path(char *out, size_t cap, const char *fmt, ...) DC_PRINTF(3, 4);
static void s_path(char *out, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, cap, fmt, ap);
    va_end(ap);
}

/* ---- reading files ---------------------------------------------------- */

static const dc_json *s_find_duplicate(const dc_json *v, char *path, size_t cap)
{
    if (v->type != DC_JSON_OBJECT && v->type != DC_JSON_ARRAY)
        return NULL;
    size_t base = strlen(path);
    for (size_t i = 0; i < v->count; i++) {
        const dc_json *a = &v->items[i];
        if (v->type == DC_JSON_OBJECT) {
            for (size_t j = 0; j < i; j++) {
                const dc_json *b = &v->items[j];
                if (a->key_len == b->key_len && memcmp(a->key, b->key, a->key_len) == 0) {
                    s_path(path + base, cap - base, "%s%s", base ? "." : "", a->key);
                    return a;
                }
            }
            s_path(path + base, cap - base, "%s%s", base ? "." : "", a->key);
        } else {
            s_path(path + base, cap - base, "%s%zu", base ? "." : "", i);
        }
        if (s_find_duplicate(a, path, cap) != NULL)
            return a;
        path[base] = '\0';
    }
    return NULL;
}

/* Parses dir/rel into the next document slot; refuses duplicate keys. */
static int s_read_json(dc_spec *spec, const char *dir, const char *rel, const dc_json **root, dc_err *err)
{
    int rc = -1;
    dc_buf path;
    dc_buf_init(&path);
    if (spec->ndocs >= DC_SPEC_MAX_FILES) {
        dc_fail(err, "%s: too many spec files (max %d)", rel, DC_SPEC_MAX_FILES);
        goto cleanup;
    }
    dc_buf_printf(&path, "%s/%s", dir, rel);
    dc_json_doc *doc = &spec->docs[spec->ndocs];
    if (dc_json_load_file((const char *)path.data, rel, DC_SPEC_MAX_FILE_BYTES, doc, err) != 0)
        goto cleanup;
    spec->files[spec->ndocs] = dc_xstrdup(rel);
    spec->ndocs++;
    if (doc->duplicate_keys > 0) {
        char where[DC_SPEC_MAX_PATH] = "";
        s_find_duplicate(doc->root, where, sizeof where);
        dc_fail(err, "%s: %s: duplicate key", rel, where[0] ? where : "(root)");
        goto cleanup;
    }
    if (doc->root->type != DC_JSON_OBJECT) {
        dc_fail(err, "%s: (root): expected an object", rel);
        goto cleanup;
    }
    *root = doc->root;
    rc = 0;
cleanup:
    dc_buf_free(&path);
    return rc;
}

/* ---- small typed readers ---------------------------------------------- */

static bool s_key_in(const dc_json *member, const char *const *allowed)
{
    for (size_t i = 0; allowed[i] != NULL; i++)
        if (strlen(allowed[i]) == member->key_len && memcmp(allowed[i], member->key, member->key_len) == 0)
            return true;
    return false;
}

static int s_only_keys(const s_ctx *c, const dc_json *obj, const char *path, const char *const *allowed)
{
    for (size_t i = 0; i < obj->count; i++)
        if (!s_key_in(&obj->items[i], allowed))
            return s_fail(c, path, "unknown key '%s'", obj->items[i].key);
    return 0;
}

static int s_get_string(const s_ctx *c, const dc_json *obj, const char *key, const char *path, bool required,
                        const char **out)
{
    const dc_json *v = dc_json_get(obj, key);
    *out = NULL;
    if (v == NULL) {
        if (required)
            return s_fail(c, path, "missing key '%s'", key);
        return 0;
    }
    if (v->type != DC_JSON_STRING || strlen(v->str) != v->str_len)
        return s_fail(c, path, "%s: expected a string", key);
    *out = v->str;
    return 0;
}

static int s_get_bool(const s_ctx *c, const dc_json *obj, const char *key, const char *path, bool *out)
{
    const dc_json *v = dc_json_get(obj, key);
    *out = false;
    if (v == NULL)
        return 0;
    if (!dc_json_is_bool(v))
        return s_fail(c, path, "%s: expected true or false", key);
    *out = v->type == DC_JSON_TRUE;
    return 0;
}

static int s_get_int(const s_ctx *c, const dc_json *obj, const char *key, const char *path, bool *has, int64_t *out)
{
    const dc_json *v = dc_json_get(obj, key);
    *has = false;
    if (v == NULL)
        return 0;
    if (dc_json_int64(v, out) != DC_INT_OK)
        return s_fail(c, path, "%s: expected an integer", key);
    *has = true;
    return 0;
}

static bool s_is_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (size_t i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    return true;
}

static int s_get_date(const s_ctx *c, const dc_json *obj, const char *path, const char **out)
{
    if (s_get_string(c, obj, "since", path, false, out) != 0)
        return -1;
    if (*out != NULL && !s_is_date(*out))
        return s_fail(c, path, "since: expected a date YYYY-MM-DD, got '%s'", *out);
    return 0;
}

/* Rule and check ids are kebab-case; which ids exist is the validation core's
 * business (its rule table refuses unknown ones). */
static bool s_is_kebab(const char *s)
{
    if (*s < 'a' || *s > 'z')
        return false;
    for (; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || (*s == '-' && s[1] != '-' && s[1] != '\0')))
            return false;
    return true;
}

/* "changes": [{"date": "...", "what": "...", "source": "..."}] - history only. */
static int s_check_changes(const s_ctx *c, const dc_json *obj, const char *path)
{
    static const char *const keys[] = {"date", "what", "source", NULL};
    const dc_json *v = dc_json_get(obj, "changes");
    char p[DC_SPEC_MAX_PATH];
    if (v == NULL)
        return 0;
    if (v->type != DC_JSON_ARRAY)
        return s_fail(c, path, "changes: expected an array");
    for (size_t i = 0; i < v->count; i++) {
        const char *date, *what, *src;
        s_path(p, sizeof p, "%s.changes.%zu", path, i);
        if (v->items[i].type != DC_JSON_OBJECT)
            return s_fail(c, p, "expected an object");
        if (s_only_keys(c, &v->items[i], p, keys) != 0 || s_get_string(c, &v->items[i], "date", p, true, &date) != 0 ||
            s_get_string(c, &v->items[i], "what", p, true, &what) != 0 ||
            s_get_string(c, &v->items[i], "source", p, false, &src) != 0)
            return -1;
        if (!s_is_date(date))
            return s_fail(c, p, "date: expected YYYY-MM-DD, got '%s'", date);
    }
    return 0;
}

static int s_get_annot(const s_ctx *c, const dc_json *obj, const char *path, dc_spec_annot *out)
{
    out->model = dc_json_get(obj, "model");
    if (s_get_string(c, obj, "drift", path, false, &out->drift) != 0)
        return -1;
    if (out->model != NULL && out->model->type != DC_JSON_OBJECT)
        return s_fail(c, path, "model: expected an object");
    if ((out->model == NULL) != (out->drift == NULL))
        return s_fail(c, path, "'model' and 'drift' go together (the model's value and why the spec differs)");
    return 0;
}

/* ---- shapes ------------------------------------------------------------ */

static int s_def_cmp(const void *a, const void *b)
{
    const s_def *x = a, *y = b;
    int cmp = strcmp(x->name, y->name);
    if (cmp != 0)
        return cmp;
    return x->order < y->order ? -1 : (x->order > y->order);
}

dc_shape *dc_spec_find_shape(const dc_spec *spec, const char *name)
{
    size_t lo = 0, hi = spec->nshapes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(name, spec->shapes[mid].name);
        if (cmp == 0)
            return &spec->shapes[mid];
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

static int s_ref(const s_ctx *c, const dc_json *obj, const char *key, const char *path, bool required,
                 const dc_shape **out)
{
    const char *name;
    *out = NULL;
    if (s_get_string(c, obj, key, path, required, &name) != 0)
        return -1;
    if (name == NULL)
        return 0;
    *out = dc_spec_find_shape(c->spec, name);
    if (*out == NULL)
        return s_fail(c, path, "%s: unknown shape '%s'", key, name);
    return 0;
}

static int s_compile_pattern(const s_ctx *c, dc_shape *s, const char *path)
{
    /* One code per distinct pattern: most string shapes share the name pattern. */
    for (size_t i = 0; i < c->spec->nshapes; i++) {
        const dc_shape *o = &c->spec->shapes[i];
        if (o != s && o->pattern_code != NULL && strcmp(o->pattern, s->pattern) == 0) {
            s->pattern_code = o->pattern_code;
            return 0;
        }
    }
    int errcode;
    PCRE2_SIZE erroff;
    /* Java's String.matches(): the whole string must match. */
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)s->pattern, PCRE2_ZERO_TERMINATED,
                                     PCRE2_UTF | PCRE2_ANCHORED | PCRE2_ENDANCHORED, &errcode, &erroff, NULL);
    if (code == NULL) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        return s_fail(c, path, "pattern: does not compile at offset %zu: %s", (size_t)erroff, (const char *)msg);
    }
    (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* the interpreter is the fallback */
    c->spec->codes = dc_xrealloc(c->spec->codes, (c->spec->ncodes + 1) * sizeof *c->spec->codes);
    c->spec->codes[c->spec->ncodes++] = code;
    s->pattern_code = code;
    return 0;
}

/* enumMessage must name exactly the enum's values, in any order. */
static int s_check_enum_message(const s_ctx *c, const dc_shape *s, const char *path)
{
    const char *m = s->enum_message;
    size_t len = strlen(m), n = 0;
    if (len < 2 || m[0] != '[' || m[len - 1] != ']')
        return s_fail(c, path, "enumMessage: expected \"[A, B, ...]\"");
    const char *p = m + 1, *end = m + len - 1;
    while (p <= end) {
        const char *sep = strstr(p, ", ");
        const char *stop = (sep != NULL && sep < end) ? sep : end;
        if (!dc_shape_enum_contains(s, p, (size_t)(stop - p)))
            return s_fail(c, path, "enumMessage: '%.*s' is not an enum value", (int)(stop - p), p);
        n++;
        p = stop + 2;
    }
    if (n != s->nenums)
        return s_fail(c, path, "enumMessage: lists %zu values, enum has %zu", n, s->nenums);
    return 0;
}

static int s_fill_members(const s_ctx *c, dc_shape *s, const dc_json *members, const char *path, dc_spec_annot **annots)
{
    static const char *const keys[] = {"shape",   "required", "since", "check", "nameShape",
                                       "changes", "model",    "drift", "note",  NULL};
    char p[DC_SPEC_MAX_PATH];
    if (members->type != DC_JSON_OBJECT)
        return s_fail(c, path, "members: expected an object");
    s->nmembers = members->count;
    s->members = dc_xcalloc(members->count ? members->count : 1, sizeof *s->members);
    *annots = dc_xcalloc(members->count ? members->count : 1, sizeof **annots);
    for (size_t i = 0; i < members->count; i++) {
        const dc_json *mj = &members->items[i];
        dc_member *m = &s->members[i];
        s_path(p, sizeof p, "%s.members.%s", path, mj->key);
        if (mj->type != DC_JSON_OBJECT)
            return s_fail(c, p, "expected an object");
        if (mj->key_len == 0 || strlen(mj->key) != mj->key_len)
            return s_fail(c, p, "bad member name");
        if (s_only_keys(c, mj, p, keys) != 0 || s_ref(c, mj, "shape", p, true, &m->shape) != 0 ||
            s_get_bool(c, mj, "required", p, &m->required) != 0 || s_get_date(c, mj, p, &m->since) != 0 ||
            s_get_string(c, mj, "check", p, false, &m->check) != 0 ||
            s_ref(c, mj, "nameShape", p, false, &m->name_shape) != 0 || s_check_changes(c, mj, p) != 0 ||
            s_get_annot(c, mj, p, &(*annots)[i]) != 0)
            return -1;
        if (m->check != NULL && !s_is_kebab(m->check))
            return s_fail(c, p, "check: '%s' is not a kebab-case id", m->check);
        if (m->name_shape != NULL && (m->shape->type != DC_SHAPE_STRING || m->name_shape->type != DC_SHAPE_STRING))
            return s_fail(c, p, "nameShape: only for a string member, naming a string shape");
        m->name = mj->key;
        /* Validation paths lower-case only the first character ([S:validation-grammar]: sSESpecificationOverride). */
        char *pn = dc_xstrdup(mj->key);
        if (pn[0] >= 'A' && pn[0] <= 'Z')
            pn[0] = (char)(pn[0] - 'A' + 'a');
        m->path_name = pn;
    }
    return 0;
}

static int s_fill_shape(const s_ctx *c, dc_shape *s, const s_def *d, size_t index)
{
    static const char *const keys[] = {
        "type",    "min",     "max",   "pattern", "enum",  "enumMessage", "enumMessageSource",
        "members", "member",  "key",   "value",   "union", "unionSource", "since",
        "source",  "changes", "model", "drift",   "note",  NULL};
    char path[DC_SPEC_MAX_PATH];
    const char *type;
    s_path(path, sizeof path, "%s.%s", d->path, d->name);
    const dc_json *o = d->def;
    if (o->type != DC_JSON_OBJECT)
        return s_fail(c, path, "expected an object");
    if (s_only_keys(c, o, path, keys) != 0 || s_get_string(c, o, "type", path, true, &type) != 0)
        return -1;
    size_t t;
    for (t = 0; t < DC_ARRAY_LEN(s_type_names); t++)
        if (strcmp(type, s_type_names[t]) == 0)
            break;
    if (t == DC_ARRAY_LEN(s_type_names))
        return s_fail(c, path,
                      "type: '%s' is not one of string, integer, long, double, boolean, timestamp, blob, "
                      "structure, list, map",
                      type);
    s->type = (dc_shape_type)t;
    const char *src;
    if (s_get_int(c, o, "min", path, &s->has_min, &s->min) != 0 ||
        s_get_int(c, o, "max", path, &s->has_max, &s->max) != 0 ||
        s_get_string(c, o, "pattern", path, false, &s->pattern) != 0 ||
        s_get_string(c, o, "enumMessage", path, false, &s->enum_message) != 0 ||
        s_get_string(c, o, "enumMessageSource", path, false, &src) != 0 ||
        s_get_string(c, o, "unionSource", path, false, &src) != 0 ||
        s_get_string(c, o, "source", path, false, &src) != 0 || s_get_string(c, o, "note", path, false, &src) != 0 ||
        s_get_bool(c, o, "union", path, &s->is_union) != 0 || s_get_date(c, o, path, &s->since) != 0 ||
        s_check_changes(c, o, path) != 0 || s_get_annot(c, o, path, &c->spec->shape_annots[index]) != 0)
        return -1;
    bool sized = s->type == DC_SHAPE_STRING || s->type == DC_SHAPE_BLOB || s->type == DC_SHAPE_LIST ||
                 s->type == DC_SHAPE_MAP || s->type == DC_SHAPE_INTEGER || s->type == DC_SHAPE_LONG ||
                 s->type == DC_SHAPE_DOUBLE;
    if ((s->has_min || s->has_max) && !sized)
        return s_fail(c, path, "min/max: not allowed on a %s", type);
    if (s->has_min && s->has_max && s->min > s->max)
        return s_fail(c, path, "min %lld is greater than max %lld", (long long)s->min, (long long)s->max);
    if ((s->pattern != NULL || dc_json_get(o, "enum") != NULL) && s->type != DC_SHAPE_STRING)
        return s_fail(c, path, "pattern/enum: only on strings");
    if (s->pattern != NULL && s_compile_pattern(c, s, path) != 0)
        return -1;
    const dc_json *en = dc_json_get(o, "enum");
    if (en != NULL) {
        if (en->type != DC_JSON_ARRAY || en->count == 0)
            return s_fail(c, path, "enum: expected a non-empty array of strings");
        s->enums = dc_xcalloc(en->count, sizeof *s->enums);
        s->nenums = en->count;
        for (size_t i = 0; i < en->count; i++) {
            if (en->items[i].type != DC_JSON_STRING || strlen(en->items[i].str) != en->items[i].str_len)
                return s_fail(c, path, "enum.%zu: expected a string", i);
            for (size_t j = 0; j < i; j++)
                if (strcmp(s->enums[j], en->items[i].str) == 0)
                    return s_fail(c, path, "enum.%zu: '%s' repeated", i, en->items[i].str);
            s->enums[i] = en->items[i].str;
        }
        if (s->enum_message == NULL)
            return s_fail(c, path, "enumMessage: missing (the order the service prints; model order if unrecorded)");
        if (s_check_enum_message(c, s, path) != 0)
            return -1;
    } else if (s->enum_message != NULL) {
        return s_fail(c, path, "enumMessage: only with enum");
    }
    const dc_json *members = dc_json_get(o, "members");
    if (s->type == DC_SHAPE_STRUCTURE) {
        if (members == NULL)
            return s_fail(c, path, "members: missing for a structure");
        if (s_fill_members(c, s, members, path, &c->spec->member_annots[index]) != 0)
            return -1;
    } else if (members != NULL || s->is_union) {
        return s_fail(c, path, "members/union: only on structures");
    }
    if (s_ref(c, o, "member", path, s->type == DC_SHAPE_LIST, &s->member) != 0 ||
        s_ref(c, o, "key", path, s->type == DC_SHAPE_MAP, &s->key) != 0 ||
        s_ref(c, o, "value", path, s->type == DC_SHAPE_MAP, &s->value) != 0)
        return -1;
    if (s->member != NULL && s->type != DC_SHAPE_LIST)
        return s_fail(c, path, "member: only on lists");
    if ((s->key != NULL || s->value != NULL) && s->type != DC_SHAPE_MAP)
        return s_fail(c, path, "key/value: only on maps");
    return 0;
}

/* ---- operations, errors, messages --------------------------------------- */

static int s_string_array(const s_ctx *c, const dc_json *obj, const char *key, const char *path, const char ***out,
                          size_t *n)
{
    const dc_json *v = dc_json_get(obj, key);
    *out = NULL;
    *n = 0;
    if (v == NULL || v->type != DC_JSON_ARRAY)
        return s_fail(c, path, "%s: expected an array of strings", key);
    *out = dc_xcalloc(v->count ? v->count : 1, sizeof **out);
    *n = v->count;
    for (size_t i = 0; i < v->count; i++) {
        if (v->items[i].type != DC_JSON_STRING || strlen(v->items[i].str) != v->items[i].str_len)
            return s_fail(c, path, "%s.%zu: expected a string", key, i);
        for (size_t j = 0; j < i; j++)
            if (strcmp((*out)[j], v->items[i].str) == 0)
                return s_fail(c, path, "%s.%zu: '%s' repeated", key, i, v->items[i].str);
        (*out)[i] = v->items[i].str;
    }
    return 0;
}

/* "group" (the cases/ folder) and "example" (a minimal valid request) are read by the case
 * generator (tools/gen/cases.py), which requires them; here they are checked when present. The
 * example names only members of the input and every required one, so that breaking one leaf of
 * it gives exactly one violation. */
static int s_fill_case_hints(const s_ctx *c, const dc_json *o, dc_operation *op)
{
    if (s_get_string(c, o, "group", "(root)", false, &op->group) != 0)
        return -1;
    if (op->group != NULL && !s_is_kebab(op->group))
        return s_fail(c, "group", "'%s' is not a kebab-case folder name", op->group);
    op->example = dc_json_get(o, "example");
    if (op->example == NULL)
        return 0;
    if (op->example->type != DC_JSON_OBJECT)
        return s_fail(c, "example", "expected an object (a request body)");
    for (size_t i = 0; i < op->example->count; i++)
        if (dc_shape_member(op->input, op->example->items[i].key, op->example->items[i].key_len) == NULL)
            return s_fail(c, "example", "'%s' is not a member of %s", op->example->items[i].key, op->input->name);
    for (size_t i = 0; i < op->input->nmembers; i++)
        if (op->input->members[i].required && dc_json_get(op->example, op->input->members[i].name) == NULL)
            return s_fail(c, "example", "the required member '%s' is missing", op->input->members[i].name);
    return 0;
}

static int s_fill_operation(const s_ctx *c, dc_operation *op, dc_spec_annot *annot, const dc_json *o, const char *want)
{
    static const char *const keys[] = {"name",   "since",  "plumbing", "group",   "example", "input",     "output",
                                       "errors", "rules",  "context",  "creates", "deletes", "rateLimit", "source",
                                       "note",   "shapes", "model",    "drift",   NULL};
    const char *path = "(root)", *src;
    if (s_only_keys(c, o, path, keys) != 0 || s_get_string(c, o, "name", path, true, &op->name) != 0)
        return -1;
    if (strcmp(op->name, want) != 0)
        return s_fail(c, "name", "'%s' does not match the file name", op->name);
    if (s_get_date(c, o, path, &op->since) != 0 || s_get_bool(c, o, "plumbing", path, &op->plumbing) != 0 ||
        s_get_string(c, o, "source", path, false, &src) != 0 || s_get_string(c, o, "note", path, false, &src) != 0 ||
        s_ref(c, o, "input", path, true, &op->input) != 0 || s_ref(c, o, "output", path, true, &op->output) != 0 ||
        s_string_array(c, o, "errors", "(root)", &op->errors, &op->nerrors) != 0 ||
        s_string_array(c, o, "rules", "(root)", &op->rules, &op->nrules) != 0 || s_get_annot(c, o, path, annot) != 0)
        return -1;
    if (op->since == NULL)
        return s_fail(c, path, "missing key 'since'");
    if (op->input->type != DC_SHAPE_STRUCTURE || op->output->type != DC_SHAPE_STRUCTURE)
        return s_fail(c, path, "input/output: must name structures");
    if (s_fill_case_hints(c, o, op) != 0)
        return -1;
    for (size_t i = 0; i < op->nerrors; i++)
        if (dc_spec_error(c->spec, op->errors[i]) == NULL)
            return s_fail(c, "errors", "'%s' is not in spec/errors.json", op->errors[i]);
    for (size_t i = 0; i < op->nrules; i++)
        if (!s_is_kebab(op->rules[i]))
            return s_fail(c, "rules", "'%s' is not a kebab-case id", op->rules[i]);
    const dc_json *rl = dc_json_get(o, "rateLimit");
    if (rl != NULL && rl->type != DC_JSON_OBJECT)
        return s_fail(c, "rateLimit", "expected an object");
    return 0;
}

/* ---- what an operation reads, creates and deletes ---------------------------- */

static const char *const s_slot_names[DC_CONTEXT_SLOT_COUNT] = {"sourceTable", "backup", "continuousBackups"};

const char *dc_context_slot_name(dc_context_slot slot)
{
    return (unsigned)slot < DC_CONTEXT_SLOT_COUNT ? s_slot_names[slot] : "?";
}

/* A member of structure shape s, named in the spec at path. */
static int s_need_member(const s_ctx *c, const dc_shape *s, const char *name, const char *path, const dc_member **out)
{
    *out = dc_shape_member(s, name, strlen(name));
    if (*out == NULL)
        return s_fail(c, path, "'%s' is not a member of %s", name, s->name);
    return 0;
}

/* A string member at dotted path below structure shape s (each step a member). */
static int s_need_string_path(const s_ctx *c, const dc_shape *s, const char *dotted, const char *path,
                              const dc_shape **out)
{
    const char *p = dotted;
    for (;;) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        const dc_member *m = s->type == DC_SHAPE_STRUCTURE ? dc_shape_member(s, p, n) : NULL;
        if (m == NULL)
            return s_fail(c, path, "'%s': '%.*s' is not a member of %s", dotted, (int)n, p, s->name);
        s = m->shape;
        if (dot == NULL)
            break;
        p = dot + 1;
    }
    if (s->type != DC_SHAPE_STRING)
        return s_fail(c, path, "'%s' is a %s, not a string", dotted, dc_shape_type_name(s->type));
    *out = s;
    return 0;
}

/* An error name of op's "errors" (what the op answers with), at path.key. */
static int s_op_error(const s_ctx *c, const dc_operation *op, const dc_json *obj, const char *key, const char *path,
                      const char **out)
{
    if (s_get_string(c, obj, key, path, false, out) != 0)
        return -1;
    if (*out == NULL)
        return 0;
    for (size_t i = 0; i < op->nerrors; i++)
        if (strcmp(op->errors[i], *out) == 0)
            return 0;
    return s_fail(c, path, "%s: '%s' is not one of the operation's errors", key, *out);
}

static int s_fill_context_source(const s_ctx *c, const dc_operation *op, const dc_json *e, const char *path,
                                 dc_context_source *src)
{
    static const char *const keys[] = {"slot", "from", "key", "result", "serveOnlyIf", "source", "note", NULL};
    const char *slot, *from, *text;
    const dc_member *m;
    char sub[DC_SPEC_MAX_PATH];
    if (e->type != DC_JSON_OBJECT)
        return s_fail(c, path, "expected an object");
    if (s_only_keys(c, e, path, keys) != 0 || s_get_string(c, e, "slot", path, true, &slot) != 0 ||
        s_get_string(c, e, "from", path, true, &from) != 0 ||
        s_get_string(c, e, "result", path, true, &src->result) != 0 ||
        s_get_string(c, e, "source", path, false, &text) != 0 || s_get_string(c, e, "note", path, false, &text) != 0)
        return -1;
    src->slot = DC_CONTEXT_SLOT_COUNT;
    for (int i = 0; i < DC_CONTEXT_SLOT_COUNT; i++)
        if (strcmp(slot, s_slot_names[i]) == 0)
            src->slot = (dc_context_slot)i;
    if (src->slot == DC_CONTEXT_SLOT_COUNT)
        return s_fail(c, path, "slot: '%s' is not one of sourceTable, backup, continuousBackups", slot);
    src->from = dc_spec_operation(c->spec, from);
    if (src->from == NULL)
        return s_fail(c, path, "from: unknown operation '%s'", from);
    s_path(sub, sizeof sub, "%s.result", path);
    if (s_need_member(c, src->from->output, src->result, sub, &m) != 0)
        return -1;
    const dc_shape *result = m->shape;
    if (result->type != DC_SHAPE_STRUCTURE)
        return s_fail(c, sub, "'%s' is not a structure", src->result);
    const dc_json *key = dc_json_get(e, "key");
    if (key == NULL || key->type != DC_JSON_OBJECT || key->count == 0)
        return s_fail(c, path, "key: expected an object {\"<%s member>\": \"<%s member>\"}", from, op->name);
    src->keys = dc_xcalloc(key->count, sizeof *src->keys);
    src->nkeys = key->count;
    s_path(sub, sizeof sub, "%s.key", path);
    for (size_t i = 0; i < key->count; i++) {
        const dc_json *k = &key->items[i];
        if (k->type != DC_JSON_STRING || strlen(k->str) != k->str_len)
            return s_fail(c, sub, "%s: expected a string", k->key);
        if (s_need_member(c, src->from->input, k->key, sub, &m) != 0 ||
            s_need_member(c, op->input, k->str, sub, &m) != 0)
            return -1;
        src->keys[i] = (dc_context_key){k->key, k->str};
    }
    const dc_json *when = dc_json_get(e, "serveOnlyIf");
    if (when == NULL)
        return 0;
    s_path(sub, sizeof sub, "%s.serveOnlyIf", path);
    if (when->type != DC_JSON_OBJECT)
        return s_fail(c, sub, "expected an object {\"<path in %s>\": \"<value>\"}", src->result);
    src->serve_only_if = dc_xcalloc(when->count ? when->count : 1, sizeof *src->serve_only_if);
    src->nserve_only_if = when->count;
    for (size_t i = 0; i < when->count; i++) {
        const dc_json *w = &when->items[i];
        const dc_shape *leaf;
        if (w->type != DC_JSON_STRING || strlen(w->str) != w->str_len)
            return s_fail(c, sub, "%s: expected a string", w->key);
        if (s_need_string_path(c, result, w->key, sub, &leaf) != 0)
            return -1;
        if (leaf->enums != NULL && !dc_shape_enum_contains(leaf, w->str, w->str_len))
            return s_fail(c, sub, "%s: '%s' is not a value of %s", w->key, w->str, leaf->name);
        src->serve_only_if[i] = (dc_context_condition){w->key, w->str};
    }
    return 0;
}

/* "context", "creates" and "deletes" name other operations: read once every
 * operation is loaded. */
static int s_fill_operation_state(const s_ctx *c, dc_operation *op, const dc_json *o)
{
    char path[DC_SPEC_MAX_PATH];
    const char *text;
    const dc_member *m;
    const dc_json *del = dc_json_get(o, "deletes");
    if (del != NULL) {
        static const char *const keys[] = {"key", "goneError", "busyError", "source", "note", NULL};
        if (del->type != DC_JSON_OBJECT)
            return s_fail(c, "deletes", "expected an object");
        if (s_only_keys(c, del, "deletes", keys) != 0 ||
            s_get_string(c, del, "key", "deletes", true, &op->delete_key) != 0 ||
            s_op_error(c, op, del, "goneError", "deletes", &op->gone_error) != 0 ||
            s_op_error(c, op, del, "busyError", "deletes", &op->busy_error) != 0 ||
            s_get_string(c, del, "source", "deletes", false, &text) != 0 ||
            s_get_string(c, del, "note", "deletes", false, &text) != 0)
            return -1;
        if (s_need_member(c, op->input, op->delete_key, "deletes.key", &m) != 0)
            return -1;
        if (!m->required || m->shape->type != DC_SHAPE_STRING)
            return s_fail(c, "deletes.key", "'%s' must be a required string member", op->delete_key);
    }
    const dc_json *ctx = dc_json_get(o, "context");
    if (ctx != NULL) {
        if (ctx->type != DC_JSON_ARRAY)
            return s_fail(c, "context", "expected an array of {\"slot\", \"from\", \"key\", \"result\"}");
        op->context = dc_xcalloc(ctx->count ? ctx->count : 1, sizeof *op->context);
        for (size_t i = 0; i < ctx->count; i++) {
            s_path(path, sizeof path, "context.%zu", i);
            op->ncontext = i + 1; /* freed with the op even when half filled */
            if (s_fill_context_source(c, op, &ctx->items[i], path, &op->context[i]) != 0)
                return -1;
        }
    }
    const dc_json *cr = dc_json_get(o, "creates");
    if (cr == NULL)
        return 0;
    static const char *const keys[] = {"fresh", "resources", "source", "note", NULL};
    if (cr->type != DC_JSON_OBJECT)
        return s_fail(c, "creates", "expected an object");
    if (s_only_keys(c, cr, "creates", keys) != 0 ||
        (dc_json_get(cr, "fresh") != NULL && s_string_array(c, cr, "fresh", "creates", &op->fresh, &op->nfresh) != 0) ||
        s_get_string(c, cr, "source", "creates", false, &text) != 0 ||
        s_get_string(c, cr, "note", "creates", false, &text) != 0)
        return -1;
    for (size_t i = 0; i < op->nfresh; i++) {
        s_path(path, sizeof path, "creates.fresh.%zu", i);
        if (s_need_member(c, op->input, op->fresh[i], path, &m) != 0)
            return -1;
        if (m->shape->type != DC_SHAPE_STRING)
            return s_fail(c, path, "'%s' is not a string member", op->fresh[i]);
    }
    const dc_json *res = dc_json_get(cr, "resources");
    if (res == NULL || res->type != DC_JSON_ARRAY)
        return s_fail(c, "creates", "resources: expected an array of {\"response\", \"deleteWith\"}");
    op->created = dc_xcalloc(res->count ? res->count : 1, sizeof *op->created);
    op->ncreated = res->count;
    for (size_t i = 0; i < res->count; i++) {
        static const char *const rkeys[] = {"response", "deleteWith", "note", NULL};
        const dc_json *r = &res->items[i];
        const char *with;
        const dc_shape *leaf;
        s_path(path, sizeof path, "creates.resources.%zu", i);
        if (r->type != DC_JSON_OBJECT)
            return s_fail(c, path, "expected an object");
        if (s_only_keys(c, r, path, rkeys) != 0 ||
            s_get_string(c, r, "response", path, true, &op->created[i].response) != 0 ||
            s_get_string(c, r, "deleteWith", path, true, &with) != 0 ||
            s_get_string(c, r, "note", path, false, &text) != 0 ||
            s_need_string_path(c, op->output, op->created[i].response, path, &leaf) != 0)
            return -1;
        op->created[i].delete_with = dc_spec_operation(c->spec, with);
        if (op->created[i].delete_with == NULL)
            return s_fail(c, path, "deleteWith: unknown operation '%s'", with);
    }
    return 0;
}

static int s_check_delete_targets(const s_ctx *c, const dc_operation *op)
{
    char path[DC_SPEC_MAX_PATH];
    for (size_t i = 0; i < op->ncreated; i++)
        if (op->created[i].delete_with->delete_key == NULL) {
            s_path(path, sizeof path, "creates.resources.%zu", i);
            return s_fail(c, path, "deleteWith: %s has no \"deletes\"", op->created[i].delete_with->name);
        }
    return 0;
}

int dc_spec_error_cmp(const void *a, const void *b)
{
    return strcmp(((const dc_error_def *)a)->name, ((const dc_error_def *)b)->name);
}

static int s_load_errors(dc_spec *spec, const char *dir, dc_err *err)
{
    static const char *const keys[] = {"namespace",       "http",  "messageKey", "common", "source", "inferred",
                                       "messageOptional", "state", "note",       NULL};
    const dc_json *root;
    s_ctx c = {spec, "spec/errors.json", err};
    char path[DC_SPEC_MAX_PATH];
    if (s_read_json(spec, dir, c.file, &root, err) != 0)
        return -1;
    const dc_json *errs = dc_json_get(root, "errors");
    if (errs == NULL || errs->type != DC_JSON_OBJECT)
        return s_fail(&c, "errors", "expected an object");
    spec->errors = dc_xcalloc(errs->count ? errs->count : 1, sizeof *spec->errors);
    for (size_t i = 0; i < errs->count; i++) {
        const dc_json *e = &errs->items[i];
        dc_error_def *d = &spec->errors[spec->nerrors++];
        const char *src;
        bool has, flag;
        int64_t http;
        s_path(path, sizeof path, "errors.%s", e->key);
        d->name = e->key;
        if (e->type != DC_JSON_OBJECT)
            return s_fail(&c, path, "expected an object");
        if (s_only_keys(&c, e, path, keys) != 0 || s_get_string(&c, e, "namespace", path, true, &d->ns) != 0 ||
            s_get_int(&c, e, "http", path, &has, &http) != 0 || s_get_bool(&c, e, "common", path, &d->common) != 0 ||
            s_get_string(&c, e, "source", path, false, &src) != 0 ||
            s_get_string(&c, e, "note", path, false, &src) != 0 || s_get_bool(&c, e, "inferred", path, &flag) != 0 ||
            s_get_bool(&c, e, "messageOptional", path, &flag) != 0 || s_get_bool(&c, e, "state", path, &d->state) != 0)
            return -1;
        if (!has || http < 100 || http > 599)
            return s_fail(&c, path, "http: expected an HTTP status 100..599");
        d->http_status = (int)http;
        d->server_fault = http >= 500;
        dc_buf wt;
        dc_buf_init(&wt);
        dc_buf_printf(&wt, "%s#%s", d->ns, d->name);
        d->wire_type = dc_buf_take(&wt);
        const dc_json *mk = dc_json_get(e, "messageKey");
        if (mk == NULL)
            return s_fail(&c, path, "missing key 'messageKey' (\"message\", \"Message\" or null)");
        if (mk->type == DC_JSON_NULL)
            d->message_key = NULL;
        else if (dc_json_string_eq(mk, "message") || dc_json_string_eq(mk, "Message"))
            d->message_key = mk->str;
        else
            return s_fail(&c, path, "messageKey: expected \"message\", \"Message\" or null");
    }
    qsort(spec->errors, spec->nerrors, sizeof *spec->errors, dc_spec_error_cmp);
    spec->message_optional = dc_xcalloc(spec->nerrors ? spec->nerrors : 1, sizeof *spec->message_optional);
    for (size_t i = 0; i < spec->nerrors; i++) {
        const dc_json *opt = dc_json_get(dc_json_get(errs, spec->errors[i].name), "messageOptional");
        spec->message_optional[i] = opt != NULL && opt->type == DC_JSON_TRUE;
    }
    return 0;
}

int dc_spec_message_cmp(const void *a, const void *b)
{
    return strcmp(((const dc_message *)a)->id, ((const dc_message *)b)->id);
}

static int s_load_messages(dc_spec *spec, const char *dir, dc_err *err)
{
    static const char *const keys[] = {"text", "type", "source", "confidence", "truncated", "note", "use", NULL};
    const dc_json *root;
    s_ctx c = {spec, "spec/messages.json", err};
    char path[DC_SPEC_MAX_PATH];
    if (s_read_json(spec, dir, c.file, &root, err) != 0)
        return -1;
    const dc_json *msgs = dc_json_get(root, "messages");
    if (msgs == NULL || msgs->type != DC_JSON_OBJECT)
        return s_fail(&c, "messages", "expected an object");
    spec->messages = dc_xcalloc(msgs->count ? msgs->count : 1, sizeof *spec->messages);
    for (size_t i = 0; i < msgs->count; i++) {
        const dc_json *m = &msgs->items[i];
        const char *note, *use;
        bool flag;
        s_path(path, sizeof path, "messages.%s", m->key);
        if (m->type != DC_JSON_OBJECT)
            return s_fail(&c, path, "expected an object");
        if (!s_is_kebab(m->key))
            return s_fail(&c, path, "id is not kebab-case");
        dc_message *d = &spec->messages[spec->nmessages++];
        d->id = m->key;
        if (s_only_keys(&c, m, path, keys) != 0 || s_get_string(&c, m, "text", path, true, &d->text) != 0 ||
            s_get_string(&c, m, "type", path, true, &d->type) != 0 ||
            s_get_string(&c, m, "source", path, true, &d->source) != 0 ||
            s_get_string(&c, m, "confidence", path, true, &d->confidence) != 0 ||
            s_get_string(&c, m, "note", path, false, &note) != 0 ||
            s_get_string(&c, m, "use", path, false, &use) != 0 || s_get_bool(&c, m, "truncated", path, &flag) != 0)
            return -1;
        const char *conf = d->confidence;
        if (strcmp(conf, "R") != 0 && strcmp(conf, "M") != 0 && strcmp(conf, "I") != 0)
            return s_fail(&c, path, "confidence: expected \"R\", \"M\" or \"I\"");
        if (dc_spec_error(spec, d->type) == NULL)
            return s_fail(&c, path, "type: '%s' is not in spec/errors.json", d->type);
        if (use != NULL && strcmp(use, "doc") != 0)
            return s_fail(&c, path, "use: expected \"doc\" (documentation only) or no key");
        d->doc_only = use != NULL;
    }
    qsort(spec->messages, spec->nmessages, sizeof *spec->messages, dc_spec_message_cmp);
    return 0;
}

/* A NULL-terminated array of the strings of arr (borrowed from the document). */
static int s_string_list(const s_ctx *c, const dc_json *obj, const char *key, const char ***out, size_t *used)
{
    const dc_json *arr = dc_json_get(obj, key);
    if (arr == NULL || arr->type != DC_JSON_ARRAY)
        return s_fail(c, key, "expected an array of strings");
    const char **list = &c->spec->service_lists[*used];
    for (size_t i = 0; i < arr->count; i++) {
        if (arr->items[i].type != DC_JSON_STRING || arr->items[i].str_len == 0)
            return s_fail(c, key, "element %zu: expected a non-empty string", i);
        c->spec->service_lists[(*used)++] = arr->items[i].str;
    }
    c->spec->service_lists[(*used)++] = NULL;
    *out = list;
    return 0;
}

/* "requestId": {"alphabet", "randomLength", "suffix", "source"}. */
static int s_load_request_id(const s_ctx *c, const dc_json *root, dc_service *sv)
{
    static const char *const keys[] = {"alphabet", "randomLength", "suffix", "source", NULL};
    const dc_json *rid = dc_json_get(root, "requestId");
    const char *src;
    bool has = false;
    int64_t n = 0;
    if (!dc_json_is_object(rid))
        return s_fail(c, "requestId", "expected an object");
    if (s_only_keys(c, rid, "requestId", keys) != 0 || s_get_string(c, rid, "source", "requestId", true, &src) != 0 ||
        s_get_string(c, rid, "alphabet", "requestId", true, &sv->request_id_alphabet) != 0 ||
        s_get_string(c, rid, "suffix", "requestId", true, &sv->request_id_suffix) != 0 ||
        s_get_int(c, rid, "randomLength", "requestId", &has, &n) != 0)
        return -1;
    if (!has || n < 1 || (size_t)n + strlen(sv->request_id_suffix) > DC_SPEC_REQUEST_ID_MAX)
        return s_fail(c, "requestId.randomLength", "expected 1 to %d minus the suffix length", DC_SPEC_REQUEST_ID_MAX);
    if (strlen(sv->request_id_alphabet) < 2)
        return s_fail(c, "requestId.alphabet", "expected at least 2 characters");
    sv->request_id_random_length = (size_t)n;
    return 0;
}

static int s_load_service(dc_spec *spec, const char *dir, dc_err *err)
{
    static const char *const keys[] = {"source",
                                       "apiVersion",
                                       "targetPrefix",
                                       "legacyTargetPrefixes",
                                       "legacyTargetPrefixesSource",
                                       "contentType",
                                       "acceptedContentTypes",
                                       "acceptedContentTypesSource",
                                       "signingName",
                                       "endpointPrefix",
                                       "requestId",
                                       NULL};
    const dc_json *root;
    s_ctx c = {spec, "spec/service.json", err};
    const char *src;
    if (s_read_json(spec, dir, c.file, &root, err) != 0)
        return -1;
    if (root->type != DC_JSON_OBJECT)
        return s_fail(&c, "(root)", "expected an object");
    dc_service *sv = &spec->service;
    if (s_only_keys(&c, root, "(root)", keys) != 0 || s_get_string(&c, root, "source", "(root)", true, &src) != 0 ||
        s_get_string(&c, root, "apiVersion", "(root)", true, &sv->api_version) != 0 ||
        s_get_string(&c, root, "targetPrefix", "(root)", true, &sv->target_prefix) != 0 ||
        s_get_string(&c, root, "contentType", "(root)", true, &sv->content_type) != 0 ||
        s_get_string(&c, root, "signingName", "(root)", true, &sv->signing_name) != 0 ||
        s_get_string(&c, root, "endpointPrefix", "(root)", true, &sv->endpoint_prefix) != 0 ||
        s_get_string(&c, root, "legacyTargetPrefixesSource", "(root)", false, &src) != 0 ||
        s_get_string(&c, root, "acceptedContentTypesSource", "(root)", false, &src) != 0)
        return -1;
    const dc_json *legacy = dc_json_get(root, "legacyTargetPrefixes");
    const dc_json *accepted = dc_json_get(root, "acceptedContentTypes");
    size_t n = (legacy ? legacy->count : 0) + (accepted ? accepted->count : 0) + 2, used = 0;
    spec->service_lists = dc_xcalloc(n, sizeof *spec->service_lists);
    const char **list;
    if (s_string_list(&c, root, "legacyTargetPrefixes", &list, &used) != 0)
        return -1;
    sv->legacy_target_prefixes = list;
    if (s_string_list(&c, root, "acceptedContentTypes", &list, &used) != 0)
        return -1;
    sv->accepted_content_types = list;
    return s_load_request_id(&c, root, sv);
}

bool dc_spec_request_id_shaped(const dc_service *sv, const char *id, size_t len)
{
    size_t n = sv->request_id_random_length, sl = strlen(sv->request_id_suffix);
    if (len != n + sl || memcmp(id + n, sv->request_id_suffix, sl) != 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (id[i] == '\0' || strchr(sv->request_id_alphabet, id[i]) == NULL)
            return false;
    return true;
}

static int s_name_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted "X.json" names in spec/operations. */
static int s_list_operations(const char *dir, char ***out, size_t *n, dc_err *err)
{
    dc_buf p;
    dc_buf_init(&p);
    dc_buf_printf(&p, "%s/spec/operations", dir);
    DIR *d = opendir((const char *)p.data);
    dc_buf_free(&p);
    *out = NULL;
    *n = 0;
    if (d == NULL)
        return dc_fail(err, "spec/operations: cannot open folder");
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len <= 5 || de->d_name[0] == '.' || strcmp(de->d_name + len - 5, ".json") != 0)
            continue;
        if (*n >= DC_SPEC_MAX_OPERATIONS) {
            rc = dc_fail(err, "spec/operations: more than %d operation files", DC_SPEC_MAX_OPERATIONS);
            break;
        }
        *out = dc_xrealloc(*out, (*n + 1) * sizeof **out);
        (*out)[(*n)++] = dc_xstrdup(de->d_name);
    }
    closedir(d);
    if (*n > 0)
        qsort(*out, *n, sizeof **out, s_name_cmp);
    return rc;
}

static void s_collect(s_def **defs, size_t *n, const dc_json *shapes, const char *file)
{
    *defs = dc_xrealloc(*defs, (*n + shapes->count + 1) * sizeof **defs);
    for (size_t i = 0; i < shapes->count; i++) {
        (*defs)[*n] = (s_def){shapes->items[i].key, &shapes->items[i], file, "shapes", *n};
        (*n)++;
    }
}

int dc_spec_load(const char *dir, dc_spec **out, dc_err *err)
{
    int rc = -1;
    dc_spec *spec = dc_xcalloc(1, sizeof *spec);
    char **names = NULL;
    size_t nnames = 0, ndefs = 0;
    s_def *defs = NULL;
    const dc_json **op_roots = NULL;
    const dc_json *root;
    *out = NULL;

    if (s_load_errors(spec, dir, err) != 0 || s_load_messages(spec, dir, err) != 0 ||
        s_load_service(spec, dir, err) != 0)
        goto cleanup;
    if (s_read_json(spec, dir, "spec/shapes.json", &root, err) != 0)
        goto cleanup;
    const dc_json *shared = dc_json_get(root, "shapes");
    if (shared == NULL || shared->type != DC_JSON_OBJECT) {
        dc_fail(err, "spec/shapes.json: shapes: expected an object");
        goto cleanup;
    }
    s_collect(&defs, &ndefs, shared, spec->files[spec->ndocs - 1]);
    if (s_list_operations(dir, &names, &nnames, err) != 0)
        goto cleanup;
    op_roots = dc_xcalloc(nnames ? nnames : 1, sizeof *op_roots);
    for (size_t i = 0; i < nnames; i++) {
        char rel[DC_SPEC_MAX_PATH];
        s_path(rel, sizeof rel, "spec/operations/%s", names[i]);
        if (s_read_json(spec, dir, rel, &op_roots[i], err) != 0)
            goto cleanup;
        const dc_json *own = dc_json_get(op_roots[i], "shapes");
        if (own != NULL && own->type != DC_JSON_OBJECT) {
            dc_fail(err, "%s: shapes: expected an object", rel);
            goto cleanup;
        }
        if (own != NULL)
            s_collect(&defs, &ndefs, own, spec->files[spec->ndocs - 1]);
    }
    /* one namespace: sort, then a repeated name is a load error */
    qsort(defs, ndefs, sizeof *defs, s_def_cmp);
    for (size_t i = 0; i + 1 < ndefs; i++)
        if (strcmp(defs[i].name, defs[i + 1].name) == 0) {
            dc_fail(err, "%s: shapes.%s: shape already defined in %s", defs[i + 1].file, defs[i].name, defs[i].file);
            goto cleanup;
        }
    spec->nshapes = ndefs;
    spec->shapes = dc_xcalloc(ndefs ? ndefs : 1, sizeof *spec->shapes);
    spec->shape_annots = dc_xcalloc(ndefs ? ndefs : 1, sizeof *spec->shape_annots);
    spec->member_annots = dc_xcalloc(ndefs ? ndefs : 1, sizeof *spec->member_annots);
    for (size_t i = 0; i < ndefs; i++)
        spec->shapes[i].name = defs[i].name;
    for (size_t i = 0; i < ndefs; i++) {
        s_ctx c = {spec, defs[i].file, err};
        if (s_fill_shape(&c, &spec->shapes[i], &defs[i], i) != 0)
            goto cleanup;
    }
    /* one spare slot: dc_spec_free also frees the arrays of a half-filled last op */
    spec->ops = dc_xcalloc(nnames + 1, sizeof *spec->ops);
    spec->op_annots = dc_xcalloc(nnames ? nnames : 1, sizeof *spec->op_annots);
    for (size_t i = 0; i < nnames; i++) {
        char rel[DC_SPEC_MAX_PATH], want[DC_SPEC_MAX_PATH];
        s_path(rel, sizeof rel, "spec/operations/%s", names[i]);
        s_path(want, sizeof want, "%.*s", (int)(strlen(names[i]) - 5), names[i]);
        s_ctx c = {spec, rel, err};
        if (s_fill_operation(&c, &spec->ops[i], &spec->op_annots[i], op_roots[i], want) != 0)
            goto cleanup;
        spec->nops++;
    }
    for (size_t pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < nnames; i++) {
            char rel[DC_SPEC_MAX_PATH];
            s_path(rel, sizeof rel, "spec/operations/%s", names[i]);
            s_ctx c = {spec, rel, err};
            if ((pass == 0 ? s_fill_operation_state(&c, &spec->ops[i], op_roots[i])
                           : s_check_delete_targets(&c, &spec->ops[i])) != 0)
                goto cleanup;
        }
    *out = spec;
    spec = NULL;
    rc = 0;
cleanup:
    for (size_t i = 0; i < nnames; i++)
        free(names[i]);
    free(names);
    free(defs);
    free(op_roots);
    dc_spec_free(spec);
    return rc;
}

void dc_spec_free(dc_spec *spec)
{
    if (spec == NULL)
        return;
    for (size_t i = 0; i < spec->nshapes; i++) {
        dc_shape *s = &spec->shapes[i];
        for (size_t j = 0; j < s->nmembers; j++)
            free((char *)s->members[j].path_name);
        free(s->members);
        free(s->enums);
        if (spec->member_annots != NULL)
            free(spec->member_annots[i]);
    }
    free(spec->shapes);
    free(spec->shape_annots);
    free(spec->member_annots);
    /* ops were filled one by one: free the arrays of every slot that got any */
    if (spec->ops != NULL)
        for (size_t i = 0; i <= spec->nops; i++) {
            dc_operation *op = &spec->ops[i];
            free(op->errors);
            free(op->rules);
            for (size_t k = 0; k < op->ncontext; k++) {
                free(op->context[k].keys);
                free(op->context[k].serve_only_if);
            }
            free(op->context);
            free(op->fresh);
            free(op->created);
        }
    free(spec->ops);
    free(spec->op_annots);
    for (size_t i = 0; i < spec->nerrors; i++)
        free((char *)(uintptr_t)spec->errors[i].wire_type);
    free(spec->errors);
    free(spec->message_optional);
    free(spec->messages);
    free(spec->service_lists);
    for (size_t i = 0; i < spec->ncodes; i++)
        pcre2_code_free(spec->codes[i]);
    free(spec->codes);
    for (size_t i = 0; i < spec->ndocs; i++) {
        dc_json_doc_free(&spec->docs[i]);
        free(spec->files[i]);
    }
    free(spec);
}
