/* match.c - body matchers (match.h): the operator table, the template check
 * and the structural comparison. */
#include "suite/match.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/regex.h"

#define S_TEXT_EXCERPT 200 /* characters of a value quoted in a mismatch */

/* ======================================================================== */
/* mismatches                                                               */
/* ======================================================================== */

void dc_mismatches_init(dc_mismatches *m)
{
    memset(m, 0, sizeof *m);
}

void dc_mismatches_free(dc_mismatches *m)
{
    for (size_t i = 0; i < m->count; i++) {
        free(m->items[i].path);
        free(m->items[i].expected);
        free(m->items[i].actual);
    }
    free(m->items);
    dc_mismatches_init(m);
}

void dc_mismatches_add(dc_mismatches *m, const char *path, const char *expected, const char *actual)
{
    if (m == NULL)
        return;
    if (m->count == DC_MISMATCH_MAX) {
        m->dropped++;
        return;
    }
    if (m->items == NULL)
        m->items = dc_xcalloc(DC_MISMATCH_MAX, sizeof *m->items);
    m->items[m->count].path = dc_xstrdup(path ? path : "");
    m->items[m->count].expected = dc_xstrdup(expected ? expected : "");
    m->items[m->count].actual = dc_xstrdup(actual ? actual : "");
    m->count++;
}

/* A value as a short text for messages: JSON, cut at S_TEXT_EXCERPT characters. */
static char *s_excerpt(const dc_json *v)
{
    if (v == NULL)
        return dc_xstrdup("(absent)");
    dc_buf b;
    dc_buf_init(&b);
    dc_json_print(v, &b);
    if (b.len > S_TEXT_EXCERPT) {
        b.len = S_TEXT_EXCERPT;
        b.data[b.len] = '\0';
        dc_buf_puts(&b, "...");
    }
    return dc_buf_take(&b);
}

static void s_mismatch_v(dc_mismatches *m, const char *path, const char *expected, const dc_json *actual)
{
    char *a = s_excerpt(actual);
    dc_mismatches_add(m, path, expected, a);
    free(a);
}

/* Response paths: members ".Name", elements ".0" (the dotted form captures use). */
static char *s_child_path(const char *path, const char *key, size_t key_len)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_puts(&b, path);
    dc_tmpl_path_key(&b, key, key_len);
    return dc_buf_take(&b);
}

static char *s_index_path(const char *path, size_t i)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_puts(&b, path);
    if (b.len > 0)
        dc_buf_putc(&b, '.');
    dc_buf_printf(&b, "%zu", i);
    return dc_buf_take(&b);
}

static bool s_match_node(const dc_json *t, const dc_json *a, const char *path, dc_vars *cap, dc_mismatches *out);
static int s_check_node(const dc_json *t, dc_buf *path, dc_err *err);

/* ======================================================================== */
/* the operators: argument check (case load) and comparison (response)      */
/* ======================================================================== */

/* Each check gets the operator's argument and its template path (for the
 * message); each comparison gets the argument and a present value a (absence
 * is decided by s_match_ops before any operator runs). */
typedef int (*s_check_fn)(const dc_json *arg, dc_buf *path, dc_err *err);
typedef bool (*s_match_fn)(const dc_json *arg, const dc_json *a, const char *path, dc_vars *cap, dc_mismatches *out);

/* ARN grammar of [S:backup-lifecycle] [R] (CLI examples, AQ 006/011): partition aws[-x],
 * account 12 digits, backup suffix 14-digit zero-padded epoch-ms + 8 lowercase hex. */
static const char S_ARN_TABLE[] = "^arn:aws(-[a-z]+)*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[a-zA-Z0-9_.-]{3,255}$";
static const char S_ARN_BACKUP[] =
    "^arn:aws(-[a-z]+)*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[a-zA-Z0-9_.-]{3,255}/backup/[0-9]{14}-[0-9a-f]{8}$";

/* $epoch true: any instant in [2000-01-01, 2100-01-01) as epoch seconds. */
#define S_EPOCH_MIN 946684800.0
#define S_EPOCH_MAX 4102444800.0

/* $type names: JSON types, plus integer (a number without fraction or exponent)
 * and boolean (true or false). */
static const struct {
    const char *name;
    dc_json_type type;
} s_types[] = {{"string", DC_JSON_STRING}, {"number", DC_JSON_NUMBER}, {"integer", DC_JSON_NUMBER},
               {"boolean", DC_JSON_TRUE},  {"object", DC_JSON_OBJECT}, {"array", DC_JSON_ARRAY},
               {"null", DC_JSON_NULL}};

static bool s_num_arg(const dc_json *v, double *out)
{
    if (!dc_json_is_number(v))
        return false;
    *out = v->num;
    return true;
}

/* $capture, $any, $absent: presence only, decided by s_match_ops. */
static bool s_match_present(const dc_json *arg, const dc_json *a, const char *path, dc_vars *cap, dc_mismatches *out)
{
    (void)arg, (void)a, (void)path, (void)cap, (void)out;
    return true;
}

static int s_check_capture(const dc_json *arg, dc_buf *path, dc_err *err)
{
    const char *p = (const char *)path->data;
    const char *name = dc_json_string(arg);
    if (name == NULL || *name == '\0')
        return dc_fail(err, "%s: wants a variable name", p);
    for (const char *c = name; *c; c++)
        if (!dc_vars_name_char(*c))
            return dc_fail(err, "%s: variable name '%s' may hold only [A-Za-z0-9_]", p, name);
    return 0;
}

static int s_check_bool(const dc_json *arg, dc_buf *path, dc_err *err)
{
    return dc_json_is_bool(arg) ? 0 : dc_fail(err, "%s: wants true or false", (const char *)path->data);
}

static int s_check_regex(const dc_json *arg, dc_buf *path, dc_err *err)
{
    const char *p = (const char *)path->data;
    if (!dc_json_is_string(arg))
        return dc_fail(err, "%s: wants a regular expression string", p);
    if (strstr(arg->str, "${") != NULL)
        return 0; /* compiled after substitution */
    bool m;
    dc_err rerr; /* not err itself: its text is an argument of the message written into err */
    return dc_regex_search(arg->str, "", 0, &m, &rerr) == 0 ? 0 : dc_fail(err, "%s: %s", p, rerr.msg);
}

/* a string value that matches pattern; want is what a mismatch says was expected */
static bool s_match_pattern(const char *pattern, const char *want, const dc_json *a, const char *path,
                            dc_mismatches *out)
{
    bool m = false;
    dc_err err;
    if (a->type != DC_JSON_STRING) {
        s_mismatch_v(out, path, want, a);
        return false;
    }
    if (dc_regex_search(pattern, a->str, a->str_len, &m, &err) != 0) {
        dc_mismatches_add(out, path, want, err.msg);
        return false;
    }
    if (!m)
        s_mismatch_v(out, path, want, a);
    return m;
}

/* a named group (?<name>...) of a $regex that holds becomes the variable
 * ${name}, a string (cases/README.md) */
static int s_capture_group(const char *name, const char *value, size_t len, void *ctx, dc_err *err)
{
    char *v = dc_xstrndup(value, len);
    int rc = dc_vars_set_string(ctx, name, v, err);
    free(v);
    return rc;
}

static bool s_match_regex(const dc_json *arg, const dc_json *a, const char *path, dc_vars *cap, dc_mismatches *out)
{
    char want[256];
    snprintf(want, sizeof want, "a string matching /%.200s/", arg->str);
    if (!s_match_pattern(arg->str, want, a, path, out))
        return false;
    if (cap == NULL || strstr(arg->str, "(?<") == NULL)
        return true;
    bool m = false;
    dc_err err;
    if (dc_regex_search_groups(arg->str, a->str, a->str_len, &m, s_capture_group, cap, &err) != 0) {
        dc_mismatches_add(out, path, "a capture", err.msg);
        return false;
    }
    return true;
}

static int s_check_in(const dc_json *arg, dc_buf *path, dc_err *err)
{
    return dc_json_is_array(arg) && arg->count > 0
               ? 0
               : dc_fail(err, "%s: wants a non-empty array", (const char *)path->data);
}

static bool s_match_in(const dc_json *arg, const dc_json *a, const char *path, dc_vars *cap, dc_mismatches *out)
{
    (void)cap;
    char want[256];
    for (size_t i = 0; i < arg->count; i++)
        if (dc_json_equal(&arg->items[i], a))
            return true;
    char *set = s_excerpt(arg);
    snprintf(want, sizeof want, "one of %s", set);
    free(set);
    s_mismatch_v(out, path, want, a);
    return false;
}

static int s_check_type(const dc_json *arg, dc_buf *path, dc_err *err)
{
    for (size_t i = 0; i < DC_ARRAY_LEN(s_types); i++)
        if (dc_json_string_eq(arg, s_types[i].name))
            return 0;
    return dc_fail(err, "%s: wants one of string, number, integer, boolean, object, array, null",
                   (const char *)path->data);
}

static bool s_has_type(const dc_json *a, const char *ty)
{
    int64_t n;
    if (strcmp(ty, "integer") == 0)
        return a->type == DC_JSON_NUMBER && dc_json_int64(a, &n) == DC_INT_OK;
    if (strcmp(ty, "boolean") == 0)
        return dc_json_is_bool(a);
    for (size_t i = 0; i < DC_ARRAY_LEN(s_types); i++)
        if (strcmp(s_types[i].name, ty) == 0)
            return a->type == s_types[i].type;
    return false;
}

static bool s_match_type(const dc_json *arg, const dc_json *a, const char *path, dc_vars *cap, dc_mismatches *out)
{
    (void)cap;
    const char *ty = dc_json_string(arg);
    if (s_has_type(a, ty))
        return true;
    char want[256];
    snprintf(want, sizeof want, "a value of type %s", ty);
    s_mismatch_v(out, path, want, a);
    return false;
}

static int s_check_arn(const dc_json *arg, dc_buf *path, dc_err *err)
{
    return dc_json_string_eq(arg, "backup") || dc_json_string_eq(arg, "table")
               ? 0
               : dc_fail(err, "%s: wants \"backup\" or \"table\"", (const char *)path->data);
}

static bool s_match_arn(const dc_json *arg, const dc_json *a, const char *path, dc_vars *cap, dc_mismatches *out)
{
    (void)cap;
    char want[256];
    snprintf(want, sizeof want, "a %s ARN", arg->str);
    return s_match_pattern(dc_json_string_eq(arg, "backup") ? S_ARN_BACKUP : S_ARN_TABLE, want, a, path, out);
}

static int s_check_epoch(const dc_json *arg, dc_buf *path, dc_err *err)
{
    const char *p = (const char *)path->data;
    if (arg->type == DC_JSON_TRUE)
        return 0;
    if (!dc_json_is_object(arg) || dc_json_get(arg, "near") == NULL || !dc_json_is_number(dc_json_get(arg, "within")))
        return dc_fail(err, "%s: wants true or {\"near\": seconds, \"within\": seconds}", p);
    for (size_t i = 0; i < arg->count; i++)
        if (strcmp(arg->items[i].key, "near") != 0 && strcmp(arg->items[i].key, "within") != 0)
            return dc_fail(err, "%s: unknown member '%s'", p, arg->items[i].key);
    const dc_json *near = dc_json_get(arg, "near");
    if (!dc_json_is_number(near) && !dc_json_is_string(near))
        return dc_fail(err, "%s.near: wants a number or \"${var}\"", p);
    return 0;
}

static bool s_match_epoch(const dc_json *arg, const dc_json *a, const char *path, dc_vars *cap, dc_mismatches *out)
{
    (void)cap;
    char want[256];
    double lo = S_EPOCH_MIN, hi = S_EPOCH_MAX;
    double near = 0, within = 0;
    if (arg->type == DC_JSON_OBJECT) {
        if (!s_num_arg(dc_json_get(arg, "near"), &near) || !s_num_arg(dc_json_get(arg, "within"), &within)) {
            dc_mismatches_add(out, path, "$epoch near/within as numbers", "(template error)");
            return false;
        }
        lo = near - within;
        hi = near + within;
        snprintf(want, sizeof want, "epoch seconds within %.3f of %.3f", within, near);
    } else {
        snprintf(want, sizeof want, "epoch seconds between 2000 and 2100");
    }
    bool ok = a->type == DC_JSON_NUMBER && isfinite(a->num) && a->num >= lo && a->num <= hi;
    if (!ok)
        s_mismatch_v(out, path, want, a);
    return ok;
}

static int s_check_between(const dc_json *arg, dc_buf *path, dc_err *err)
{
    const char *p = (const char *)path->data;
    if (!dc_json_is_array(arg) || arg->count != 2)
        return dc_fail(err, "%s: wants [low, high]", p);
    for (size_t i = 0; i < 2; i++)
        if (!dc_json_is_number(&arg->items[i]) && !dc_json_is_string(&arg->items[i]))
            return dc_fail(err, "%s[%zu]: wants a number or \"${var}\"", p, i);
    return 0;
}

static bool s_match_between(const dc_json *arg, const dc_json *a, const char *path, dc_vars *cap, dc_mismatches *out)
{
    (void)cap;
    char want[256];
    double lo, hi;
    if (!s_num_arg(&arg->items[0], &lo) || !s_num_arg(&arg->items[1], &hi)) {
        dc_mismatches_add(out, path, "$between bounds as numbers", "(template error)");
        return false;
    }
    snprintf(want, sizeof want, "a number in [%s, %s]", arg->items[0].str, arg->items[1].str);
    bool ok = a->type == DC_JSON_NUMBER && a->num >= lo && a->num <= hi;
    if (!ok)
        s_mismatch_v(out, path, want, a);
    return ok;
}

static int s_check_len(const dc_json *arg, dc_buf *path, dc_err *err)
{
    int64_t n;
    if (!dc_json_is_number(arg) || dc_json_int64(arg, &n) != DC_INT_OK || n < 0)
        return dc_fail(err, "%s: wants a non-negative integer", (const char *)path->data);
    return 0;
}

static bool s_match_len(const dc_json *arg, const dc_json *a, const char *path, dc_vars *cap, dc_mismatches *out)
{
    (void)cap;
    char want[256];
    int64_t n = 0;
    (void)dc_json_int64(arg, &n);
    size_t have;
    if (a->type == DC_JSON_ARRAY || a->type == DC_JSON_OBJECT)
        have = a->count;
    else if (a->type == DC_JSON_STRING)
        have = dc_json_utf16_len(a);
    else {
        snprintf(want, sizeof want, "a string, array or object of length %lld", (long long)n);
        s_mismatch_v(out, path, want, a);
        return false;
    }
    if ((int64_t)have != n) {
        char got[64];
        snprintf(want, sizeof want, "length %lld", (long long)n);
        snprintf(got, sizeof got, "length %zu", have);
        dc_mismatches_add(out, path, want, got);
        return false;
    }
    return true;
}

static int s_check_contains(const dc_json *arg, dc_buf *path, dc_err *err)
{
    if (!dc_json_is_array(arg))
        return dc_fail(err, "%s: wants an array of element templates", (const char *)path->data);
    return s_check_node(arg, path, err);
}

/* every template element matches some actual element; a trial match runs
 * without side effects, then the hit is re-run with captures */
static bool s_match_contains(const dc_json *arg, const dc_json *a, const char *path, dc_vars *cap, dc_mismatches *out)
{
    if (a->type != DC_JSON_ARRAY) {
        s_mismatch_v(out, path, "an array", a);
        return false;
    }
    bool ok = true;
    for (size_t k = 0; k < arg->count; k++) {
        size_t hit = a->count;
        for (size_t i = 0; i < a->count && hit == a->count; i++)
            if (s_match_node(&arg->items[k], &a->items[i], path, NULL, NULL))
                hit = i;
        if (hit == a->count) {
            char want[256], got[64];
            char *e = s_excerpt(&arg->items[k]);
            snprintf(want, sizeof want, "an element matching %s", e);
            free(e);
            snprintf(got, sizeof got, "none of %zu elements", a->count);
            dc_mismatches_add(out, path, want, got);
            ok = false;
        } else if (cap != NULL) {
            char *cp = s_index_path(path, hit);
            (void)s_match_node(&arg->items[k], &a->items[hit], cp, cap, NULL);
            free(cp);
        }
    }
    return ok;
}

static int s_check_each(const dc_json *arg, dc_buf *path, dc_err *err)
{
    return s_check_node(arg, path, err);
}

static bool s_match_each(const dc_json *arg, const dc_json *a, const char *path, dc_vars *cap, dc_mismatches *out)
{
    if (a->type != DC_JSON_ARRAY) {
        s_mismatch_v(out, path, "an array", a);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < a->count; i++) {
        char *cp = s_index_path(path, i);
        ok &= s_match_node(arg, &a->items[i], cp, cap, out);
        free(cp);
    }
    return ok;
}

/* The operators, in the order cases/README.md lists them. */
static const struct {
    const char *name;
    s_check_fn check;
    s_match_fn match;
} s_matchers[] = {
    {"$capture", s_check_capture, s_match_present},
    {"$any", s_check_bool, s_match_present},
    {"$absent", s_check_bool, s_match_present},
    {"$regex", s_check_regex, s_match_regex},
    {"$in", s_check_in, s_match_in},
    {"$type", s_check_type, s_match_type},
    {"$arn", s_check_arn, s_match_arn},
    {"$epoch", s_check_epoch, s_match_epoch},
    {"$between", s_check_between, s_match_between},
    {"$len", s_check_len, s_match_len},
    {"$contains", s_check_contains, s_match_contains},
    {"$each", s_check_each, s_match_each},
};

/* The operator named key, or -1. */
static int s_matcher_index(const char *key, size_t len)
{
    for (size_t i = 0; i < DC_ARRAY_LEN(s_matchers); i++)
        if (strlen(s_matchers[i].name) == len && memcmp(s_matchers[i].name, key, len) == 0)
            return (int)i;
    return -1;
}

/* An object is a matcher when one of its keys is a matcher operator. */
static bool s_is_matcher(const dc_json *t)
{
    if (!dc_json_is_object(t))
        return false;
    for (size_t i = 0; i < t->count; i++)
        if (s_matcher_index(t->items[i].key, t->items[i].key_len) >= 0)
            return true;
    return false;
}

/* ======================================================================== */
/* template check                                                           */
/* ======================================================================== */

static int s_unknown_matcher(const char *path, dc_err *err)
{
    dc_buf known;
    dc_buf_init(&known);
    for (size_t i = 0; i < DC_ARRAY_LEN(s_matchers); i++)
        dc_buf_printf(&known, "%s%s", i ? " " : "", s_matchers[i].name);
    int rc = dc_fail(err, "%s: unknown matcher (known: %s, and $exact)", path, (const char *)known.data);
    dc_buf_free(&known);
    return rc;
}

static int s_check_member(const dc_json *m, bool matcher, dc_buf *path, dc_err *err)
{
    const char *p = (const char *)path->data;
    if (m->key_len == 0 || m->key[0] != '$')
        return matcher ? dc_fail(err, "%s: a matcher object may hold only $operators", p) : s_check_node(m, path, err);
    if (strcmp(m->key, "$exact") == 0) {
        if (matcher)
            return dc_fail(err, "%s: $exact belongs in a literal object, not next to a matcher", p);
        return dc_json_is_bool(m) ? 0 : dc_fail(err, "%s: wants true or false", p);
    }
    int k = s_matcher_index(m->key, m->key_len);
    return k < 0 ? s_unknown_matcher(p, err) : s_matchers[k].check(m, path, err);
}

static int s_check_node(const dc_json *t, dc_buf *path, dc_err *err)
{
    size_t mark = path->len;
    int rc = 0;
    if (t->type == DC_JSON_OBJECT) {
        bool matcher = s_is_matcher(t);
        for (size_t i = 0; i < t->count && rc == 0; i++) {
            dc_tmpl_path_key(path, t->items[i].key, t->items[i].key_len);
            rc = s_check_member(&t->items[i], matcher, path, err);
            path->len = mark;
            path->data[mark] = '\0';
        }
        if (rc == 0 && matcher && dc_json_get(t, "$absent") != NULL && t->count > 1 &&
            dc_json_get(t, "$absent")->type == DC_JSON_TRUE)
            rc = dc_fail(err, "%s: $absent true cannot be combined with other matchers", (const char *)path->data);
    } else if (t->type == DC_JSON_ARRAY) {
        for (size_t i = 0; i < t->count && rc == 0; i++) {
            dc_tmpl_path_index(path, i);
            rc = s_check_node(&t->items[i], path, err);
            path->len = mark;
            path->data[mark] = '\0';
        }
    }
    return rc;
}

int dc_match_check(const dc_json *tmpl, const char *path, dc_err *err)
{
    dc_buf p;
    dc_buf_init(&p);
    dc_buf_puts(&p, path ? path : "");
    int rc = s_check_node(tmpl, &p, err);
    dc_buf_free(&p);
    return rc;
}

/* ======================================================================== */
/* comparison                                                               */
/* ======================================================================== */

static bool s_match_ops(const dc_json *t, const dc_json *a, const char *path, dc_vars *cap, dc_mismatches *out)
{
    const dc_json *absent = dc_json_get(t, "$absent");
    if (absent != NULL && absent->type == DC_JSON_TRUE) {
        if (a != NULL) {
            s_mismatch_v(out, path, "(absent)", a);
            return false;
        }
        return true;
    }
    if (a == NULL) {
        char *e = s_excerpt(t);
        dc_mismatches_add(out, path, e, "(absent)");
        free(e);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < t->count; i++) {
        int k = s_matcher_index(t->items[i].key, t->items[i].key_len);
        if (k < 0) { /* only an unchecked template gets here */
            dc_mismatches_add(out, path, t->items[i].key, "(unknown matcher)");
            ok = false;
            continue;
        }
        ok &= s_matchers[k].match(&t->items[i], a, path, cap, out);
    }
    const dc_json *name = dc_json_get(t, "$capture");
    if (ok && name != NULL && cap != NULL) {
        dc_err err;
        if (dc_vars_set(cap, name->str, a, &err) != 0) {
            dc_mismatches_add(out, path, "a capture", err.msg);
            ok = false;
        }
    }
    return ok;
}

static bool s_match_object(const dc_json *t, const dc_json *a, const char *path, dc_vars *cap, dc_mismatches *out)
{
    if (a->type != DC_JSON_OBJECT) {
        s_mismatch_v(out, path, "an object", a);
        return false;
    }
    bool ok = true;
    const dc_json *exact = dc_json_get(t, "$exact");
    for (size_t i = 0; i < t->count; i++) {
        const dc_json *m = &t->items[i];
        if (strcmp(m->key, "$exact") == 0)
            continue;
        char *cp = s_child_path(path, m->key, m->key_len);
        ok &= s_match_node(m, dc_json_getn(a, m->key, m->key_len), cp, cap, out);
        free(cp);
    }
    if (exact != NULL && exact->type == DC_JSON_TRUE) {
        for (size_t i = 0; i < a->count; i++) {
            if (dc_json_getn(t, a->items[i].key, a->items[i].key_len) != NULL)
                continue;
            char *cp = s_child_path(path, a->items[i].key, a->items[i].key_len);
            s_mismatch_v(out, cp, "(absent: $exact)", &a->items[i]);
            free(cp);
            ok = false;
        }
    }
    return ok;
}

static bool s_match_array(const dc_json *t, const dc_json *a, const char *path, dc_vars *cap, dc_mismatches *out)
{
    if (a->type != DC_JSON_ARRAY) {
        s_mismatch_v(out, path, "an array", a);
        return false;
    }
    if (a->count != t->count) {
        char want[64], got[64];
        snprintf(want, sizeof want, "%zu elements", t->count);
        snprintf(got, sizeof got, "%zu elements", a->count);
        dc_mismatches_add(out, path, want, got);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < t->count; i++) {
        char *cp = s_index_path(path, i);
        ok &= s_match_node(&t->items[i], &a->items[i], cp, cap, out);
        free(cp);
    }
    return ok;
}

static bool s_match_node(const dc_json *t, const dc_json *a, const char *path, dc_vars *cap, dc_mismatches *out)
{
    if (s_is_matcher(t))
        return s_match_ops(t, a, path, cap, out);
    if (a == NULL) {
        char *e = s_excerpt(t);
        dc_mismatches_add(out, path, e, "(absent)");
        free(e);
        return false;
    }
    if (t->type == DC_JSON_OBJECT)
        return s_match_object(t, a, path, cap, out);
    if (t->type == DC_JSON_ARRAY)
        return s_match_array(t, a, path, cap, out);
    if (!dc_json_equal(t, a) || t->type != a->type) {
        char *e = s_excerpt(t);
        s_mismatch_v(out, path, e, a);
        free(e);
        return false;
    }
    return true;
}

bool dc_match(const dc_json *tmpl, const dc_json *actual, const char *path, dc_vars *captures, dc_mismatches *out)
{
    return s_match_node(tmpl, actual, path ? path : "", captures, out);
}
