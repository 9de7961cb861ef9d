/* vars.c - a case's variables and ${var} substitution (vars.h). */
#include "suite/vars.h"

#include <stdlib.h>
#include <string.h>

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

bool dc_vars_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Finds "${name}" at s[i]; returns the name length or 0 when s[i] does not start one. */
static size_t s_var_ref_at(const char *s, size_t len, size_t i, size_t *ref_len)
{
    if (i + 2 >= len || s[i] != '$' || s[i + 1] != '{')
        return 0;
    size_t j = i + 2;
    while (j < len && dc_vars_name_char(s[j]))
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

void dc_tmpl_path_key(dc_buf *path, const char *key, size_t key_len)
{
    if (path->len > 0)
        dc_buf_putc(path, '.');
    dc_buf_append(path, key, key_len);
}

void dc_tmpl_path_index(dc_buf *path, size_t i)
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
            dc_tmpl_path_key(path, n->items[i].key, n->items[i].key_len);
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
            dc_tmpl_path_index(path, i);
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
