/* cases.c - golden case loader, ${var} substitution, body matchers and
 * validation-message clause sets (format: cases/README.md). */
#include "suite/cases.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#define S_TEXT_EXCERPT 200 /* characters of a value quoted in a mismatch */

/* ======================================================================== */
/* variables                                                                */
/* ======================================================================== */

typedef struct {
    char *name;
    dc_json_doc doc; /* owned copy of the value */
} s_var;

struct dc_vars {
    s_var items[DC_VARS_MAX];
    size_t count;
};

dc_vars *dc_vars_new(void)
{
    return dc_xcalloc(1, sizeof(dc_vars));
}

void dc_vars_free(dc_vars *vars)
{
    if (vars == NULL)
        return;
    for (size_t i = 0; i < vars->count; i++) {
        free(vars->items[i].name);
        dc_json_doc_free(&vars->items[i].doc);
    }
    free(vars);
}

static int s_vars_set_text(dc_vars *vars, const char *name, const void *json, size_t len, dc_err *err)
{
    dc_json_doc doc;
    if (dc_json_parse(json, len, &doc, err) != 0)
        return -1;
    for (size_t i = 0; i < vars->count; i++) {
        if (strcmp(vars->items[i].name, name) == 0) {
            dc_json_doc_free(&vars->items[i].doc);
            vars->items[i].doc = doc;
            return 0;
        }
    }
    if (vars->count == DC_VARS_MAX) {
        dc_json_doc_free(&doc);
        return dc_fail(err, "more than %d variables", DC_VARS_MAX);
    }
    vars->items[vars->count].name = dc_xstrdup(name);
    vars->items[vars->count].doc = doc;
    vars->count++;
    return 0;
}

int dc_vars_set(dc_vars *vars, const char *name, const dc_json *value, dc_err *err)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_json_print(value, &b);
    int rc = s_vars_set_text(vars, name, b.data, b.len, err);
    dc_buf_free(&b);
    return rc;
}

int dc_vars_set_string(dc_vars *vars, const char *name, const char *s, dc_err *err)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_put_json_string(&b, s, strlen(s));
    int rc = s_vars_set_text(vars, name, b.data, b.len, err);
    dc_buf_free(&b);
    return rc;
}

int dc_vars_set_number(dc_vars *vars, const char *name, const char *numtext, dc_err *err)
{
    dc_json_doc probe;
    if (dc_json_parse(numtext, strlen(numtext), &probe, err) != 0)
        return -1;
    bool ok = probe.root->type == DC_JSON_NUMBER;
    dc_json_doc_free(&probe);
    if (!ok)
        return dc_fail(err, "'%s' is not a JSON number", numtext);
    return s_vars_set_text(vars, name, numtext, strlen(numtext), err);
}

const dc_json *dc_vars_get(const dc_vars *vars, const char *name)
{
    if (vars == NULL)
        return NULL;
    for (size_t i = 0; i < vars->count; i++)
        if (strcmp(vars->items[i].name, name) == 0)
            return vars->items[i].doc.root;
    return NULL;
}

/* ======================================================================== */
/* substitution                                                             */
/* ======================================================================== */

static bool s_is_var_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Finds "${name}" at s[i]; returns the name length or 0 when s[i] does not start one. */
static size_t s_var_ref_at(const char *s, size_t len, size_t i, size_t *ref_len)
{
    if (i + 2 >= len || s[i] != '$' || s[i + 1] != '{')
        return 0;
    size_t j = i + 2;
    while (j < len && s_is_var_char(s[j]))
        j++;
    if (j == len || s[j] != '}' || j == i + 2)
        return 0;
    *ref_len = j + 1 - i;
    return j - i - 2;
}

int dc_subst_text(const char *s, size_t len, const dc_vars *vars, const char *path, dc_buf *out, dc_err *err)
{
    for (size_t i = 0; i < len;) {
        if (s[i] == '$' && i + 2 < len && s[i + 1] == '$' && s[i + 2] == '{') {
            dc_buf_puts(out, "${");
            i += 3;
            continue;
        }
        size_t ref_len = 0;
        size_t name_len = s_var_ref_at(s, len, i, &ref_len);
        if (name_len == 0) {
            if (s[i] == '$' && i + 1 < len && s[i + 1] == '{')
                return dc_fail(err, "%s: malformed variable reference (want ${name}, name of [A-Za-z0-9_])", path);
            dc_buf_putc(out, s[i]);
            i++;
            continue;
        }
        char name[128];
        if (name_len >= sizeof name)
            return dc_fail(err, "%s: variable name too long", path);
        memcpy(name, s + i + 2, name_len);
        name[name_len] = '\0';
        const dc_json *v = dc_vars_get(vars, name);
        if (v == NULL)
            return dc_fail(err, "%s: ${%s} is not defined", path, name);
        switch (v->type) {
        case DC_JSON_STRING:
        case DC_JSON_NUMBER: dc_buf_append(out, v->str, v->str_len); break;
        case DC_JSON_TRUE: dc_buf_puts(out, "true"); break;
        case DC_JSON_FALSE: dc_buf_puts(out, "false"); break;
        default:
            return dc_fail(err, "%s: ${%s} is %s; only strings, numbers and booleans can be part of a longer string",
                           path, name, dc_json_type_name(v->type));
        }
        i += ref_len;
    }
    return 0;
}

static void s_path_child(dc_buf *path, const char *key, size_t key_len)
{
    if (path->len > 0)
        dc_buf_putc(path, '.');
    dc_buf_append(path, key, key_len);
}

static void s_path_index(dc_buf *path, size_t i)
{
    dc_buf_printf(path, "[%zu]", i);
}

static int s_subst_node(const dc_json *n, const dc_vars *vars, dc_buf *path, dc_buf *out, dc_err *err)
{
    size_t mark = path->len;
    int rc = 0;
    switch (n->type) {
    case DC_JSON_OBJECT:
        dc_buf_putc(out, '{');
        for (size_t i = 0; i < n->count && rc == 0; i++) {
            if (i > 0)
                dc_buf_putc(out, ',');
            dc_buf_put_json_string(out, n->items[i].key, n->items[i].key_len);
            dc_buf_putc(out, ':');
            s_path_child(path, n->items[i].key, n->items[i].key_len);
            rc = s_subst_node(&n->items[i], vars, path, out, err);
            path->len = mark;
            path->data[mark] = '\0';
        }
        dc_buf_putc(out, '}');
        break;
    case DC_JSON_ARRAY:
        dc_buf_putc(out, '[');
        for (size_t i = 0; i < n->count && rc == 0; i++) {
            if (i > 0)
                dc_buf_putc(out, ',');
            s_path_index(path, i);
            rc = s_subst_node(&n->items[i], vars, path, out, err);
            path->len = mark;
            path->data[mark] = '\0';
        }
        dc_buf_putc(out, ']');
        break;
    case DC_JSON_STRING: {
        size_t ref_len = 0;
        size_t name_len = s_var_ref_at(n->str, n->str_len, 0, &ref_len);
        if (name_len > 0 && ref_len == n->str_len) {
            /* the whole string is one reference: the value keeps its JSON type */
            char name[128];
            if (name_len >= sizeof name)
                return dc_fail(err, "%s: variable name too long", (const char *)path->data);
            memcpy(name, n->str + 2, name_len);
            name[name_len] = '\0';
            const dc_json *v = dc_vars_get(vars, name);
            if (v == NULL)
                return dc_fail(err, "%s: ${%s} is not defined", (const char *)path->data, name);
            dc_json_print(v, out);
            break;
        }
        dc_buf tmp;
        dc_buf_init(&tmp);
        rc = dc_subst_text(n->str, n->str_len, vars, (const char *)path->data, &tmp, err);
        if (rc == 0)
            dc_buf_put_json_string(out, tmp.data ? (const char *)tmp.data : "", tmp.len);
        dc_buf_free(&tmp);
        break;
    }
    default: dc_json_print(n, out); break;
    }
    return rc;
}

int dc_subst(const dc_json *tmpl, const dc_vars *vars, const char *path_prefix, dc_json_doc *out, dc_err *err)
{
    dc_buf path, text;
    dc_buf_init(&path);
    dc_buf_init(&text);
    dc_buf_puts(&path, path_prefix ? path_prefix : "");
    int rc = s_subst_node(tmpl, vars, &path, &text, err);
    if (rc == 0)
        rc = dc_json_parse(text.data, text.len, out, err);
    dc_buf_free(&path);
    dc_buf_free(&text);
    return rc;
}

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

/* ======================================================================== */
/* regex                                                                    */
/* ======================================================================== */

int dc_regex_search(const char *pattern, const char *subject, size_t len, bool *matched, dc_err *err)
{
    int errcode = 0;
    PCRE2_SIZE erroff = 0;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &errcode, &erroff, NULL);
    if (re == NULL) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        return dc_fail(err, "regex /%s/ does not compile at offset %zu: %s", pattern, (size_t)erroff,
                       (const char *)msg);
    }
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)subject, len, 0, 0, md, NULL);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    *matched = rc >= 0;
    return 0;
}

/* ======================================================================== */
/* matchers                                                                 */
/* ======================================================================== */

/* ARN grammar of facts §4.1 [R] (CLI examples, AQ 006/011): partition aws[-x],
 * account 12 digits, backup suffix 14-digit zero-padded epoch-ms + 8 lowercase hex. */
static const char S_ARN_TABLE[] = "^arn:aws(-[a-z]+)*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[a-zA-Z0-9_.-]{3,255}$";
static const char S_ARN_BACKUP[] =
    "^arn:aws(-[a-z]+)*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[a-zA-Z0-9_.-]{3,255}/backup/[0-9]{14}-[0-9a-f]{8}$";

/* $epoch true: any instant in [2000-01-01, 2100-01-01) as epoch seconds. */
#define S_EPOCH_MIN 946684800.0
#define S_EPOCH_MAX 4102444800.0

static const char *const s_ops[] = {"$capture", "$any",   "$absent",  "$regex", "$in",       "$type",
                                    "$arn",     "$epoch", "$between", "$len",   "$contains", "$each"};

static bool s_is_op(const char *key, size_t len)
{
    for (size_t i = 0; i < DC_ARRAY_LEN(s_ops); i++)
        if (strlen(s_ops[i]) == len && memcmp(s_ops[i], key, len) == 0)
            return true;
    return false;
}

/* An object is a matcher when one of its keys is a matcher operator. */
static bool s_is_matcher(const dc_json *t)
{
    if (!dc_json_is_object(t))
        return false;
    for (size_t i = 0; i < t->count; i++)
        if (s_is_op(t->items[i].key, t->items[i].key_len))
            return true;
    return false;
}

static const char *const s_types[] = {"string", "number", "integer", "boolean", "object", "array", "null"};

static int s_check_node(const dc_json *t, dc_buf *path, dc_err *err);

static int s_check_op(const dc_json *arg, const char *op, dc_buf *path, dc_err *err)
{
    const char *p = (const char *)path->data;
    if (strcmp(op, "$capture") == 0) {
        const char *name = dc_json_string(arg);
        if (name == NULL || *name == '\0')
            return dc_fail(err, "%s: wants a variable name", p);
        for (const char *c = name; *c; c++)
            if (!s_is_var_char(*c))
                return dc_fail(err, "%s: variable name '%s' may hold only [A-Za-z0-9_]", p, name);
        return 0;
    }
    if (strcmp(op, "$any") == 0 || strcmp(op, "$absent") == 0)
        return dc_json_is_bool(arg) ? 0 : dc_fail(err, "%s: wants true or false", p);
    if (strcmp(op, "$regex") == 0) {
        if (!dc_json_is_string(arg))
            return dc_fail(err, "%s: wants a regular expression string", p);
        if (strstr(arg->str, "${") != NULL)
            return 0; /* compiled after substitution */
        bool m;
        dc_err rerr; /* not err itself: its text is an argument of the message written into err */
        return dc_regex_search(arg->str, "", 0, &m, &rerr) == 0 ? 0 : dc_fail(err, "%s: %s", p, rerr.msg);
    }
    if (strcmp(op, "$in") == 0)
        return dc_json_is_array(arg) && arg->count > 0 ? 0 : dc_fail(err, "%s: wants a non-empty array", p);
    if (strcmp(op, "$type") == 0) {
        for (size_t i = 0; i < DC_ARRAY_LEN(s_types); i++)
            if (dc_json_string_eq(arg, s_types[i]))
                return 0;
        return dc_fail(err, "%s: wants one of string, number, integer, boolean, object, array, null", p);
    }
    if (strcmp(op, "$arn") == 0)
        return dc_json_string_eq(arg, "backup") || dc_json_string_eq(arg, "table")
                   ? 0
                   : dc_fail(err, "%s: wants \"backup\" or \"table\"", p);
    if (strcmp(op, "$epoch") == 0) {
        if (arg->type == DC_JSON_TRUE)
            return 0;
        if (!dc_json_is_object(arg) || dc_json_get(arg, "near") == NULL ||
            !dc_json_is_number(dc_json_get(arg, "within")))
            return dc_fail(err, "%s: wants true or {\"near\": seconds, \"within\": seconds}", p);
        for (size_t i = 0; i < arg->count; i++)
            if (strcmp(arg->items[i].key, "near") != 0 && strcmp(arg->items[i].key, "within") != 0)
                return dc_fail(err, "%s: unknown member '%s'", p, arg->items[i].key);
        const dc_json *near = dc_json_get(arg, "near");
        if (!dc_json_is_number(near) && !dc_json_is_string(near))
            return dc_fail(err, "%s.near: wants a number or \"${var}\"", p);
        return 0;
    }
    if (strcmp(op, "$between") == 0) {
        if (!dc_json_is_array(arg) || arg->count != 2)
            return dc_fail(err, "%s: wants [low, high]", p);
        for (size_t i = 0; i < 2; i++)
            if (!dc_json_is_number(&arg->items[i]) && !dc_json_is_string(&arg->items[i]))
                return dc_fail(err, "%s[%zu]: wants a number or \"${var}\"", p, i);
        return 0;
    }
    if (strcmp(op, "$len") == 0) {
        int64_t n;
        if (!dc_json_is_number(arg) || dc_json_int64(arg, &n) != DC_INT_OK || n < 0)
            return dc_fail(err, "%s: wants a non-negative integer", p);
        return 0;
    }
    if (strcmp(op, "$contains") == 0) {
        if (!dc_json_is_array(arg))
            return dc_fail(err, "%s: wants an array of element templates", p);
        return s_check_node(arg, path, err);
    }
    if (strcmp(op, "$each") == 0)
        return s_check_node(arg, path, err);
    return dc_fail(err, "%s: unknown matcher", p);
}

static int s_check_node(const dc_json *t, dc_buf *path, dc_err *err)
{
    size_t mark = path->len;
    int rc = 0;
    if (t->type == DC_JSON_OBJECT) {
        bool matcher = s_is_matcher(t);
        for (size_t i = 0; i < t->count && rc == 0; i++) {
            const dc_json *m = &t->items[i];
            s_path_child(path, m->key, m->key_len);
            if (m->key_len > 0 && m->key[0] == '$') {
                if (strcmp(m->key, "$exact") == 0) {
                    if (matcher)
                        rc = dc_fail(err, "%s: $exact belongs in a literal object, not next to a matcher",
                                     (const char *)path->data);
                    else if (!dc_json_is_bool(m))
                        rc = dc_fail(err, "%s: wants true or false", (const char *)path->data);
                } else if (!s_is_op(m->key, m->key_len)) {
                    rc = dc_fail(err,
                                 "%s: unknown matcher (known: $capture $any $absent $regex $in $type $arn "
                                 "$epoch $between $len $contains $each, and $exact)",
                                 (const char *)path->data);
                } else {
                    rc = s_check_op(m, m->key, path, err);
                }
            } else if (matcher) {
                rc = dc_fail(err, "%s: a matcher object may hold only $operators", (const char *)path->data);
            } else {
                rc = s_check_node(m, path, err);
            }
            path->len = mark;
            path->data[mark] = '\0';
        }
        if (rc == 0 && matcher && dc_json_get(t, "$absent") != NULL && t->count > 1 &&
            dc_json_get(t, "$absent")->type == DC_JSON_TRUE)
            rc = dc_fail(err, "%s: $absent true cannot be combined with other matchers", (const char *)path->data);
    } else if (t->type == DC_JSON_ARRAY) {
        for (size_t i = 0; i < t->count && rc == 0; i++) {
            s_path_index(path, i);
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

static char *s_child_path(const char *path, const char *key, size_t key_len)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_puts(&b, path);
    s_path_child(&b, key, key_len);
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

static bool s_num_arg(const dc_json *v, double *out)
{
    if (!dc_json_is_number(v))
        return false;
    *out = v->num;
    return true;
}

static bool s_match_node(const dc_json *t, const dc_json *a, const char *path, dc_vars *cap, dc_mismatches *out);

/* One operator of a matcher object against a present value. */
static bool s_match_op(const char *op, const dc_json *arg, const dc_json *a, const char *path, dc_vars *cap,
                       dc_mismatches *out)
{
    char want[256];
    if (strcmp(op, "$any") == 0 || strcmp(op, "$capture") == 0 || strcmp(op, "$absent") == 0)
        return true; /* presence handled by the caller */
    if (strcmp(op, "$type") == 0) {
        const char *ty = dc_json_string(arg);
        bool ok = false;
        if (strcmp(ty, "string") == 0)
            ok = a->type == DC_JSON_STRING;
        else if (strcmp(ty, "number") == 0)
            ok = a->type == DC_JSON_NUMBER;
        else if (strcmp(ty, "integer") == 0) {
            int64_t n;
            ok = a->type == DC_JSON_NUMBER && dc_json_int64(a, &n) == DC_INT_OK;
        } else if (strcmp(ty, "boolean") == 0)
            ok = dc_json_is_bool(a);
        else if (strcmp(ty, "object") == 0)
            ok = a->type == DC_JSON_OBJECT;
        else if (strcmp(ty, "array") == 0)
            ok = a->type == DC_JSON_ARRAY;
        else if (strcmp(ty, "null") == 0)
            ok = a->type == DC_JSON_NULL;
        if (!ok) {
            snprintf(want, sizeof want, "a value of type %s", ty);
            s_mismatch_v(out, path, want, a);
        }
        return ok;
    }
    if (strcmp(op, "$regex") == 0 || strcmp(op, "$arn") == 0) {
        const char *pattern = arg->str;
        if (strcmp(op, "$arn") == 0) {
            pattern = dc_json_string_eq(arg, "backup") ? S_ARN_BACKUP : S_ARN_TABLE;
            snprintf(want, sizeof want, "a %s ARN", arg->str);
        } else {
            snprintf(want, sizeof want, "a string matching /%.200s/", pattern);
        }
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
    if (strcmp(op, "$in") == 0) {
        for (size_t i = 0; i < arg->count; i++)
            if (dc_json_equal(&arg->items[i], a))
                return true;
        char *set = s_excerpt(arg);
        snprintf(want, sizeof want, "one of %s", set);
        free(set);
        s_mismatch_v(out, path, want, a);
        return false;
    }
    if (strcmp(op, "$epoch") == 0) {
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
    if (strcmp(op, "$between") == 0) {
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
    if (strcmp(op, "$len") == 0) {
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
    if (strcmp(op, "$each") == 0 || strcmp(op, "$contains") == 0) {
        if (a->type != DC_JSON_ARRAY) {
            s_mismatch_v(out, path, "an array", a);
            return false;
        }
        bool ok = true;
        if (op[1] == 'e') {
            for (size_t i = 0; i < a->count; i++) {
                char *cp = s_index_path(path, i);
                ok &= s_match_node(arg, &a->items[i], cp, cap, out);
                free(cp);
            }
            return ok;
        }
        /* $contains: every template element matches some actual element; a
         * trial match runs without side effects, then the hit is re-run with captures */
        for (size_t k = 0; k < arg->count; k++) {
            size_t hit = a->count;
            for (size_t i = 0; i < a->count && hit == a->count; i++)
                if (s_match_node(&arg->items[k], &a->items[i], path, NULL, NULL))
                    hit = i;
            if (hit == a->count) {
                char *e = s_excerpt(&arg->items[k]);
                snprintf(want, sizeof want, "an element matching %s", e);
                free(e);
                char got[64];
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
    dc_mismatches_add(out, path, op, "(unknown matcher)");
    return false;
}

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
    for (size_t i = 0; i < t->count; i++)
        ok &= s_match_op(t->items[i].key, &t->items[i], a, path, cap, out);
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
    if (t->type == DC_JSON_OBJECT) {
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
    if (t->type == DC_JSON_ARRAY) {
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

/* ======================================================================== */
/* clause sets                                                              */
/* ======================================================================== */

int dc_clauses_parse(const char *msg, size_t len, dc_clause_set *out)
{
    static const char one[] = " validation error detected: ";
    static const char many[] = " validation errors detected: ";
    memset(out, 0, sizeof *out);
    size_t i = 0;
    long count = 0;
    while (i < len && msg[i] >= '0' && msg[i] <= '9' && i < 6)
        count = count * 10 + (msg[i++] - '0');
    if (i == 0)
        return -1;
    size_t skip;
    if (len - i >= sizeof one - 1 && memcmp(msg + i, one, sizeof one - 1) == 0)
        skip = sizeof one - 1;
    else if (len - i >= sizeof many - 1 && memcmp(msg + i, many, sizeof many - 1) == 0)
        skip = sizeof many - 1;
    else
        return -1;
    i += skip;
    out->count = count;
    out->clauses = dc_xcalloc(DC_CLAUSES_MAX, sizeof(char *));
    /* clauses are joined with "; " (facts §3.1); DYN's own checker splits the same way */
    while (i <= len && out->n < DC_CLAUSES_MAX) {
        size_t j = i;
        while (j < len && !(msg[j] == ';' && j + 1 < len && msg[j + 1] == ' '))
            j++;
        out->clauses[out->n++] = dc_xstrndup(msg + i, j - i);
        if (j >= len)
            break;
        i = j + 2;
    }
    return 0;
}

void dc_clause_set_free(dc_clause_set *cs)
{
    for (size_t i = 0; i < cs->n; i++)
        free(cs->clauses[i]);
    free(cs->clauses);
    memset(cs, 0, sizeof *cs);
}

bool dc_clauses_match(const char *const *expected, size_t nexpected, long count, const char *msg, size_t len,
                      const char *path, dc_mismatches *out)
{
    dc_clause_set cs;
    char want[96], got[96];
    if (count < 0)
        count = (long)nexpected;
    if (dc_clauses_parse(msg, len, &cs) != 0) {
        snprintf(want, sizeof want, "\"%ld validation error%s detected: \" and %zu clauses", count,
                 count == 1 ? "" : "s", nexpected);
        dc_mismatches_add(out, path, want, msg);
        return false;
    }
    bool ok = true;
    if (cs.count != count) {
        snprintf(want, sizeof want, "count %ld", count);
        snprintf(got, sizeof got, "count %ld", cs.count);
        char *cp = s_child_path(path, "count", 5);
        dc_mismatches_add(out, cp, want, got);
        free(cp);
        ok = false;
    }
    bool used[DC_CLAUSES_MAX] = {false};
    for (size_t k = 0; k < nexpected; k++) {
        size_t hit = cs.n;
        for (size_t i = 0; i < cs.n && hit == cs.n; i++)
            if (!used[i] && strcmp(cs.clauses[i], expected[k]) == 0)
                hit = i;
        if (hit == cs.n) {
            dc_mismatches_add(out, path, expected[k], "(clause missing)");
            ok = false;
        } else {
            used[hit] = true;
        }
    }
    for (size_t i = 0; i < cs.n; i++) {
        if (!used[i]) {
            dc_mismatches_add(out, path, "(no such clause)", cs.clauses[i]);
            ok = false;
        }
    }
    dc_clause_set_free(&cs);
    return ok;
}

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
                    s_path_child(path, n->items[i].key, n->items[i].key_len);
                    return 1;
                }
            }
        }
    }
    if (n->type == DC_JSON_OBJECT || n->type == DC_JSON_ARRAY) {
        for (size_t i = 0; i < n->count; i++) {
            if (n->type == DC_JSON_OBJECT)
                s_path_child(path, n->items[i].key, n->items[i].key_len);
            else
                s_path_index(path, i);
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
            if (!s_is_var_char(m->key[k]))
                return S_FAIL(ctx, path, "variable name '%s' may hold only [A-Za-z0-9_]", m->key);
        if (m->key_len == 0 || !dc_json_is_string(m) || m->str_len == 0)
            return S_FAIL(ctx, path, "'%s' must name a response path like \"BackupDetails.BackupArn\"", m->key);
    }
    return 0;
}

static int s_parse_step(s_ctx *ctx, const dc_json *s, const char *path, int index, dc_step *st)
{
    static const char *const allowed[] = {"op",     "request", "rawBody", "headers", "sign",
                                          "expect", "capture", "wait",    "note"};
    char p[256];
    memset(st, 0, sizeof *st);
    st->index = index;
    if (!dc_json_is_object(s))
        return S_FAIL(ctx, path, "must be an object");
    if (s_only_members(ctx, s, path, allowed, DC_ARRAY_LEN(allowed)) != 0)
        return -1;
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
    }
    return 0;
}

int dc_case_parse(const char *file, const void *data, size_t len, const char *expected_id, dc_case *c, dc_err *err)
{
    static const char *const allowed[] = {"id",   "description", "source",  "level", "tags",
                                          "vars", "steps",       "cleanup", "notes", "generatedBy"};
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
    v = dc_json_get(root, "tags");
    if (v != NULL) {
        if (!dc_json_is_array(v)) {
            S_FAIL(&ctx, "tags", "must be an array of strings");
            goto fail;
        }
        c->tags = dc_xcalloc(v->count, sizeof *c->tags);
        for (size_t i = 0; i < v->count; i++) {
            if (!dc_json_is_string(&v->items[i]) || v->items[i].str_len == 0) {
                char p[32];
                snprintf(p, sizeof p, "tags[%zu]", i);
                S_FAIL(&ctx, p, "must be a non-empty string");
                goto fail;
            }
            c->tags[c->ntags++] = v->items[i].str;
        }
    }
    v = dc_json_get(root, "vars");
    if (v != NULL) {
        if (!dc_json_is_object(v)) {
            S_FAIL(&ctx, "vars", "must be an object of name -> value");
            goto fail;
        }
        for (size_t i = 0; i < v->count; i++) {
            for (size_t k = 0; k < v->items[i].key_len; k++) {
                if (!s_is_var_char(v->items[i].key[k])) {
                    S_FAIL(&ctx, "vars", "variable name '%s' may hold only [A-Za-z0-9_]", v->items[i].key);
                    goto fail;
                }
            }
        }
        c->vars = v;
    }
    if (s_parse_steps(&ctx, dc_json_get(root, "steps"), "steps", true, c, &c->steps, &c->nsteps) != 0 ||
        s_parse_steps(&ctx, dc_json_get(root, "cleanup"), "cleanup", false, c, &c->cleanup, &c->ncleanup) != 0)
        goto fail;
    return 0;
fail:
    dc_case_free(c);
    return -1;
}

int dc_case_load(const char *file, const char *expected_id, dc_case *c, dc_err *err)
{
    dc_buf b;
    dc_buf_init(&b);
    int rc = dc_read_file(file, DC_CASE_MAX_BYTES, &b, err);
    if (rc == 0)
        rc = dc_case_parse(file, b.data, b.len, expected_id, c, err);
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
    free(c->ops);
    dc_json_doc_free(&c->doc);
    memset(c, 0, sizeof *c);
}

bool dc_case_has_tag(const dc_case *c, const char *tag)
{
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
