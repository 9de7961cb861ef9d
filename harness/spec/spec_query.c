/* spec_query.c - the queries on a loaded spec (spec.h): operations, shapes,
 * errors and messages by name, message texts filled and matched, the wire
 * constants of service.json, pattern and enum checks, drift annotations. */
#include "spec/spec.h"
#include "spec/spec_internal.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- queries ---------------------------------------------------------------- */

const dc_operation *dc_spec_operation(const dc_spec *spec, const char *name)
{
    for (size_t i = 0; i < spec->nops; i++)
        if (strcmp(spec->ops[i].name, name) == 0)
            return &spec->ops[i];
    return NULL;
}

size_t dc_spec_operation_count(const dc_spec *spec)
{
    return spec->nops;
}

const dc_operation *dc_spec_operation_at(const dc_spec *spec, size_t i)
{
    return i < spec->nops ? &spec->ops[i] : NULL;
}

const dc_shape *dc_spec_shape(const dc_spec *spec, const char *name)
{
    return dc_spec_find_shape(spec, name);
}

const dc_error_def *dc_spec_error(const dc_spec *spec, const char *name)
{
    dc_error_def key = {.name = name};
    return bsearch(&key, spec->errors, spec->nerrors, sizeof *spec->errors, dc_spec_error_cmp);
}

size_t dc_spec_error_count(const dc_spec *spec)
{
    return spec->nerrors;
}

const dc_error_def *dc_spec_error_at(const dc_spec *spec, size_t i)
{
    return i < spec->nerrors ? &spec->errors[i] : NULL;
}

const dc_message *dc_spec_message_def(const dc_spec *spec, const char *id)
{
    if (id == NULL)
        return NULL;
    dc_message key = {.id = id};
    return bsearch(&key, spec->messages, spec->nmessages, sizeof *spec->messages, dc_spec_message_cmp);
}

size_t dc_spec_message_count(const dc_spec *spec)
{
    return spec->nmessages;
}

const dc_message *dc_spec_message_at(const dc_spec *spec, size_t i)
{
    return i < spec->nmessages ? &spec->messages[i] : NULL;
}

const char *dc_spec_message(const dc_spec *spec, const char *id)
{
    const dc_message *m = dc_spec_message_def(spec, id);
    return m ? m->text : NULL;
}

const char *dc_spec_message_type(const dc_spec *spec, const char *id)
{
    const dc_message *m = dc_spec_message_def(spec, id);
    return m ? m->type : NULL;
}

/* The next {placeholder} of a template at or after p: *open at '{', *close at
 * '}'; false when there is none. */
static bool s_next_placeholder(const char *p, const char **open, const char **close)
{
    *open = strchr(p, '{');
    *close = *open ? strchr(*open, '}') : NULL;
    return *open != NULL && *close != NULL;
}

int dc_spec_message_format_args(const dc_spec *spec, const char *id, dc_buf *out, const dc_message_arg *args,
                                size_t nargs)
{
    const char *tmpl = dc_spec_message(spec, id);
    if (tmpl == NULL)
        return -1;
    const char *p = tmpl, *open, *close;
    while (s_next_placeholder(p, &open, &close)) {
        dc_buf_append(out, p, (size_t)(open - p));
        size_t nlen = (size_t)(close - open - 1);
        const dc_message_arg *a = NULL;
        for (size_t i = 0; i < nargs && a == NULL; i++)
            if (strlen(args[i].name) == nlen && strncmp(args[i].name, open + 1, nlen) == 0)
                a = &args[i];
        if (a != NULL && a->value != NULL)
            dc_buf_append(out, a->value, a->len);
        else
            dc_buf_append(out, open, nlen + 2); /* unknown placeholder stays visible */
        p = close + 1;
    }
    dc_buf_puts(out, p);
    return 0;
}

int dc_spec_message_vformat(const dc_spec *spec, const char *id, dc_buf *out, va_list pairs)
{
    dc_message_arg args[DC_SPEC_MAX_MESSAGE_ARGS];
    size_t n = 0;
    va_list ap;
    va_copy(ap, pairs);
    for (const char *name = va_arg(ap, const char *); name != NULL && n < DC_SPEC_MAX_MESSAGE_ARGS;
         name = va_arg(ap, const char *)) {
        const char *value = va_arg(ap, const char *);
        args[n++] = (dc_message_arg){name, value, value != NULL ? strlen(value) : 0};
    }
    va_end(ap);
    return dc_spec_message_format_args(spec, id, out, args, n);
}

int dc_spec_message_format(const dc_spec *spec, const char *id, dc_buf *out, ...)
{
    va_list ap;
    va_start(ap, out);
    int rc = dc_spec_message_vformat(spec, id, out, ap);
    va_end(ap);
    return rc;
}

/* Does text[0..len) match tmpl, each {placeholder} standing for any run of
 * bytes? Backtracks over the runs; templates have a handful of placeholders. */
static bool s_template_matches(const char *tmpl, const char *text, size_t len)
{
    const char *open, *close;
    if (!s_next_placeholder(tmpl, &open, &close)) {
        size_t n = strlen(tmpl);
        return n == len && memcmp(tmpl, text, n) == 0;
    }
    size_t lit = (size_t)(open - tmpl);
    if (lit > len || memcmp(tmpl, text, lit) != 0)
        return false;
    for (size_t run = 0; lit + run <= len; run++)
        if (s_template_matches(close + 1, text + lit + run, len - lit - run))
            return true;
    return false;
}

bool dc_spec_message_matches(const dc_spec *spec, const char *id, const char *text, size_t len)
{
    const char *tmpl = dc_spec_message(spec, id);
    return tmpl != NULL && text != NULL && s_template_matches(tmpl, text, len);
}

const char *dc_spec_message_after(const dc_spec *spec, const char *id, const char *placeholder, size_t *len)
{
    const char *tmpl = dc_spec_message(spec, id);
    size_t n = strlen(placeholder);
    const char *open, *close;
    for (const char *p = tmpl; p != NULL && s_next_placeholder(p, &open, &close); p = close + 1) {
        if ((size_t)(close - open - 1) != n || strncmp(open + 1, placeholder, n) != 0)
            continue;
        const char *next = strchr(close + 1, '{');
        *len = next != NULL ? (size_t)(next - close - 1) : strlen(close + 1);
        return close + 1;
    }
    return NULL;
}

const dc_service *dc_spec_service(const dc_spec *spec)
{
    return &spec->service;
}

static const char *s_after_prefix(const char *target, size_t len, const char *prefix, size_t *op_len)
{
    size_t plen = strlen(prefix);
    if (len <= plen + 1 || memcmp(target, prefix, plen) != 0 || target[plen] != '.')
        return NULL;
    *op_len = len - plen - 1;
    return target + plen + 1;
}

const char *dc_spec_target_operation(const dc_spec *spec, const char *target, size_t len, size_t *op_len)
{
    const char *op = s_after_prefix(target, len, spec->service.target_prefix, op_len);
    for (const char *const *p = spec->service.legacy_target_prefixes; op == NULL && p && *p; p++)
        op = s_after_prefix(target, len, *p, op_len);
    return op;
}

bool dc_spec_error_allowed(const dc_spec *spec, const dc_operation *op, const char *name)
{
    const dc_error_def *e = dc_spec_error(spec, name);
    if (e == NULL)
        return false;
    if (e->common)
        return true;
    for (size_t i = 0; op != NULL && i < op->nerrors; i++)
        if (strcmp(op->errors[i], name) == 0)
            return true;
    return false;
}

const dc_member *dc_shape_member(const dc_shape *s, const char *name, size_t name_len)
{
    for (size_t i = 0; i < s->nmembers; i++)
        if (name_len > 0 && s->members[i].name[0] == name[0] && strncmp(s->members[i].name, name, name_len) == 0 &&
            s->members[i].name[name_len] == '\0')
            return &s->members[i];
    return NULL;
}

/* Match data is per thread (safe from any thread, no allocation per match on
 * the validation hot path); the key frees it when a thread exits. */
static pthread_key_t s_md_key;
static pthread_once_t s_md_once = PTHREAD_ONCE_INIT;
static _Thread_local pcre2_match_data *t_md;

static void s_md_free(void *p)
{
    pcre2_match_data_free(p);
}

static void s_md_key_create(void)
{
    pthread_key_create(&s_md_key, s_md_free);
}

bool dc_shape_pattern_matches(const dc_shape *s, const char *str, size_t len)
{
    if (s->pattern_code == NULL)
        return true;
    if (t_md == NULL) {
        pthread_once(&s_md_once, s_md_key_create);
        t_md = pcre2_match_data_create(1, NULL);
        if (t_md == NULL)
            return false;
        pthread_setspecific(s_md_key, t_md);
    }
    /* PCRE2 checks the subject's UTF-8 on every match, a byte at a time; ours
     * (the same rules: RFC 3629) reads ASCII 16 bytes at a time. Invalid UTF-8 is
     * left to PCRE2, which refuses it as before. */
    uint32_t opts = dc_utf8_check((const uint8_t *)str, len) == len ? PCRE2_NO_UTF_CHECK : 0;
    int rc = pcre2_match(s->pattern_code, (PCRE2_SPTR)str, len, 0, opts, t_md, NULL);
    return rc >= 0;
}

bool dc_shape_enum_contains(const dc_shape *s, const char *str, size_t len)
{
    for (size_t i = 0; i < s->nenums; i++)
        if (strncmp(s->enums[i], str, len) == 0 && s->enums[i][len] == '\0')
            return true;
    return false;
}

bool dc_spec_error_message_optional(const dc_spec *spec, const dc_error_def *e)
{
    if (e < spec->errors || e >= spec->errors + spec->nerrors)
        return false;
    return spec->message_optional[e - spec->errors];
}

/* ---- drift annotations (spec/README.md "Drift") ----------------------------------- */

const char *dc_spec_shape_drift(const dc_spec *spec, const dc_shape *s, const dc_json **model)
{
    const dc_spec_annot *a = NULL;
    if (s >= spec->shapes && s < spec->shapes + spec->nshapes)
        a = &spec->shape_annots[s - spec->shapes];
    if (model != NULL)
        *model = a ? a->model : NULL;
    return a ? a->drift : NULL;
}

const char *dc_spec_member_drift(const dc_spec *spec, const dc_shape *owner, const dc_member *m, const dc_json **model)
{
    const dc_spec_annot *a = NULL;
    if (owner >= spec->shapes && owner < spec->shapes + spec->nshapes && m >= owner->members &&
        m < owner->members + owner->nmembers)
        a = &spec->member_annots[owner - spec->shapes][m - owner->members];
    if (model != NULL)
        *model = a ? a->model : NULL;
    return a ? a->drift : NULL;
}

const char *dc_spec_operation_drift(const dc_spec *spec, const dc_operation *op, const dc_json **model)
{
    const dc_spec_annot *a = NULL;
    if (op >= spec->ops && op < spec->ops + spec->nops)
        a = &spec->op_annots[op - spec->ops];
    if (model != NULL)
        *model = a ? a->model : NULL;
    return a ? a->drift : NULL;
}
