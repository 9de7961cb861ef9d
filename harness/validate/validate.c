/* validate.c - the validation core: serialization (JSON types), generic
 * constraint validation with the service's exact grammar, then the named rules
 * of spec/operations/<Op>.json (rules.c holds the rule table).
 *
 * Grammar ([S:validation-grammar]; the texts are spec/messages.json's validation-* and
 * constraint-* entries): a count prefix, then clauses joined by a separator,
 * each clause the value, the member's path and a constraint text; the value
 * is null unquoted or single-quoted; paths lower-case only the first
 * character of each member name and address list elements as
 * "<list>.<i>.member"; at most 10 clauses are reported. */
#include "validate/validate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate/rules.h"

struct dc_validator {
    const dc_spec *spec;
};

dc_validator *dc_validator_new(const dc_spec *spec)
{
    dc_validator *v = dc_xcalloc(1, sizeof *v);
    v->spec = spec;
    return v;
}

void dc_validator_free(dc_validator *v)
{
    free(v);
}

/* Appends message id; an id the spec lacks (a broken installation) shows as
 * such in the text instead of a text made up here. */
static void s_put_message(const dc_spec *spec, const char *id, dc_buf *out, const dc_message_arg *args, size_t nargs)
{
    if (dc_spec_message_format_args(spec, id, out, args, nargs) != 0)
        dc_buf_printf(out, "[spec/messages.json has no '%s']", id);
}

/* The same into a new malloc'd string. */
static char *s_message(const dc_spec *spec, const char *id, const dc_message_arg *args, size_t nargs)
{
    dc_buf b;
    dc_buf_init(&b);
    s_put_message(spec, id, &b, args, nargs);
    return dc_buf_take(&b);
}

/* ---- stage 1: JSON types (SerializationException) -----------------------
 * Texts: spec/messages.json serialization-* (the type error "<TOKEN> cannot be
 * converted to <JavaType>" [R] [S:error-body]; the others after dynalite, with
 * their sources there). The token names and Java types below are dynalite's;
 * BOOLEAN_VALUE for booleans is inferred by analogy [I]. A JSON null is the
 * same as an absent member (dynalite, Coral). */

static const char *s_token_name(const dc_json *v)
{
    switch (v->type) {
    case DC_JSON_NUMBER: return "NUMBER_VALUE";
    case DC_JSON_STRING: return "STRING_VALUE";
    case DC_JSON_TRUE:
    case DC_JSON_FALSE: return "BOOLEAN_VALUE";
    default: return "VALUE";
    }
}

static const char *s_java_type(dc_shape_type t)
{
    switch (t) {
    case DC_SHAPE_STRING: return "String";
    case DC_SHAPE_INTEGER: return "Integer";
    case DC_SHAPE_LONG: return "Long";
    case DC_SHAPE_DOUBLE: return "Double";
    case DC_SHAPE_BOOLEAN: return "Boolean";
    case DC_SHAPE_TIMESTAMP: return "Date";
    case DC_SHAPE_BLOB: return "ByteBuffer";
    default: return "Object";
    }
}

static bool s_is_base64(const char *s, size_t n)
{
    if (n % 4 != 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
        if (c == '=')
            ok = i >= n - 2 && (i == n - 1 || s[n - 1] == '=');
        if (!ok)
            return false;
    }
    return true;
}

/* Returns a malloc'd message for the first type error, NULL if none. */
static char *s_type_error(const dc_spec *spec, const dc_shape *shape, const dc_json *v)
{
    if (v == NULL || v->type == DC_JSON_NULL)
        return NULL;
    switch (shape->type) {
    case DC_SHAPE_STRUCTURE:
    case DC_SHAPE_MAP:
        if (v->type == DC_JSON_ARRAY)
            return s_message(spec, DC_MSG_ID("serialization-list-not-expected"), NULL, 0);
        if (v->type != DC_JSON_OBJECT)
            return s_message(spec,
                             shape->type == DC_SHAPE_MAP ? DC_MSG_ID("serialization-expected-map")
                                                         : DC_MSG_ID("serialization-expected-null"),
                             NULL, 0);
        if (shape->type == DC_SHAPE_MAP) {
            for (size_t i = 0; i < v->count; i++) {
                char *m = s_type_error(spec, shape->value, &v->items[i]);
                if (m != NULL)
                    return m;
            }
            return NULL;
        }
        for (size_t i = 0; i < v->count; i++) {
            const dc_member *m = dc_shape_member(shape, v->items[i].key, v->items[i].key_len);
            if (m == NULL)
                continue; /* unknown members are ignored by the service (R13) */
            char *msg = s_type_error(spec, m->shape, dc_json_getn(v, v->items[i].key, v->items[i].key_len));
            if (msg != NULL)
                return msg;
        }
        return NULL;
    case DC_SHAPE_LIST:
        if (v->type == DC_JSON_OBJECT)
            return s_message(spec, DC_MSG_ID("serialization-structure-not-expected"), NULL, 0);
        if (v->type != DC_JSON_ARRAY)
            return s_message(spec, DC_MSG_ID("serialization-expected-list"), NULL, 0);
        for (size_t i = 0; i < v->count; i++) {
            char *m = s_type_error(spec, shape->member, &v->items[i]);
            if (m != NULL)
                return m;
        }
        return NULL;
    default: break;
    }
    /* scalar shapes */
    if (v->type == DC_JSON_OBJECT)
        return s_message(spec, DC_MSG_ID("serialization-structure-not-expected"), NULL, 0);
    if (v->type == DC_JSON_ARRAY)
        return s_message(spec, DC_MSG_ID("serialization-list-not-expected"), NULL, 0);
    bool ok = false;
    switch (shape->type) {
    case DC_SHAPE_STRING: ok = v->type == DC_JSON_STRING; break;
    case DC_SHAPE_BLOB:
        ok = v->type == DC_JSON_STRING;
        if (ok && !s_is_base64(v->str, v->str_len))
            return s_message(spec, DC_MSG_ID("serialization-base64"), NULL, 0);
        break;
    case DC_SHAPE_BOOLEAN: ok = dc_json_is_bool(v); break;
    case DC_SHAPE_INTEGER:
    case DC_SHAPE_LONG:
        ok = v->type == DC_JSON_NUMBER;
        if (ok) {
            /* integral values beyond the Java type cannot be bound [I] */
            double lim = shape->type == DC_SHAPE_INTEGER ? 2147483648.0 : 9223372036854775808.0;
            if (!isfinite(v->num) || v->num >= lim || v->num < -lim)
                ok = false;
        }
        break;
    case DC_SHAPE_DOUBLE:
    case DC_SHAPE_TIMESTAMP: ok = v->type == DC_JSON_NUMBER && isfinite(v->num); break;
    default: ok = true; break;
    }
    if (ok)
        return NULL;
    const char *token = s_token_name(v), *type = s_java_type(shape->type);
    dc_message_arg args[] = {{"token", token, strlen(token)}, {"type", type, strlen(type)}};
    return s_message(spec, DC_MSG_ID("serialization-type-error"), args, DC_ARRAY_LEN(args));
}

/* ---- stage 2: generic constraint validation ----------------------------- */

#define DC_MAX_CLAUSES 10

#define DC_PATH_MAX 1024

typedef struct {
    dc_validator *v;
    dc_buf clauses; /* "c1; c2; ..." */
    size_t nclauses;
    size_t total; /* violations found, reported or not */
    /* The path of the value being checked, grown and shrunk as the walk goes:
     * formatting it only when a clause is written keeps valid requests cheap. */
    char path[DC_PATH_MAX];
    size_t path_len;
} s_generic;

static size_t s_path_push(s_generic *g, const char *seg, size_t n)
{
    size_t old = g->path_len;
    size_t need = (old > 0 ? 1 : 0) + n;
    if (old + need >= DC_PATH_MAX)
        return old; /* absurdly deep: keep the prefix */
    if (old > 0)
        g->path[g->path_len++] = '.';
    memcpy(g->path + g->path_len, seg, n);
    g->path_len += n;
    g->path[g->path_len] = '\0';
    return old;
}

static void s_path_pop(s_generic *g, size_t old)
{
    g->path_len = old;
    g->path[old] = '\0';
}

/* Value rendering inside clauses: strings as they are, integers as Java
 * prints them, lists as "[a, b]" (Java's List.toString). Structures have no
 * recorded rendering; we print their JSON [I]. */
static void s_render_value(const dc_json *v, const dc_shape *shape, dc_buf *out)
{
    switch (v->type) {
    case DC_JSON_STRING: dc_buf_append(out, v->str, v->str_len); break;
    case DC_JSON_NUMBER:
        if (shape != NULL && (shape->type == DC_SHAPE_INTEGER || shape->type == DC_SHAPE_LONG)) {
            int64_t i;
            if (dc_json_int64(v, &i) == DC_INT_OK)
                dc_buf_printf(out, "%lld", (long long)i);
            else
                dc_buf_printf(out, "%lld", (long long)floor(v->num));
        } else {
            dc_buf_append(out, v->str, v->str_len);
        }
        break;
    case DC_JSON_TRUE: dc_buf_puts(out, "true"); break;
    case DC_JSON_FALSE: dc_buf_puts(out, "false"); break;
    case DC_JSON_NULL: dc_buf_puts(out, "null"); break;
    case DC_JSON_ARRAY:
        dc_buf_putc(out, '[');
        for (size_t i = 0; i < v->count; i++) {
            if (i > 0)
                dc_buf_puts(out, ", ");
            s_render_value(&v->items[i], shape && shape->type == DC_SHAPE_LIST ? shape->member : NULL, out);
        }
        dc_buf_putc(out, ']');
        break;
    case DC_JSON_OBJECT: dc_json_print(v, out); break;
    }
}

/* One clause: validation-clause with the value as the service quotes it
 * (null bare, else single-quoted), the member's path, and the text of
 * constraint message id with its one placeholder (n, pattern or enum) from
 * arg. At most DC_MAX_CLAUSES are written; all are counted. */
static void s_clause(s_generic *g, const dc_json *value, const dc_shape *shape, const char *id,
                     const dc_message_arg *arg)
{
    g->total++;
    if (g->nclauses >= DC_MAX_CLAUSES)
        return;
    const dc_spec *spec = g->v->spec;
    dc_buf quoted, constraint;
    dc_buf_init(&quoted);
    dc_buf_init(&constraint);
    if (value == NULL || value->type == DC_JSON_NULL) {
        dc_buf_puts(&quoted, "null");
    } else {
        dc_buf_putc(&quoted, '\'');
        s_render_value(value, shape, &quoted);
        dc_buf_putc(&quoted, '\'');
    }
    s_put_message(spec, id, &constraint, arg, arg != NULL ? 1 : 0);
    if (g->nclauses > 0)
        s_put_message(spec, DC_MSG_ID("validation-separator"), &g->clauses, NULL, 0);
    dc_message_arg args[] = {{"value", (const char *)quoted.data, quoted.len},
                             {"path", g->path, g->path_len},
                             {"constraint", (const char *)constraint.data, constraint.len}};
    s_put_message(spec, DC_MSG_ID("validation-clause"), &g->clauses, args, DC_ARRAY_LEN(args));
    dc_buf_free(&quoted);
    dc_buf_free(&constraint);
    g->nclauses++;
}

/* A clause whose constraint text names a bound. */
static void s_clause_bound(s_generic *g, const dc_json *value, const dc_shape *shape, const char *id, int64_t bound)
{
    char n[24];
    snprintf(n, sizeof n, "%lld", (long long)bound);
    dc_message_arg arg = {"n", n, strlen(n)};
    s_clause(g, value, shape, id, &arg);
}

/* A clause whose constraint text quotes the shape (its pattern or enum list). */
static void s_clause_text(s_generic *g, const dc_json *value, const dc_shape *shape, const char *id, const char *name,
                          const char *text)
{
    dc_message_arg arg = {name, text, strlen(text)};
    s_clause(g, value, shape, id, &arg);
}

static bool s_is_arn_text(const dc_json *v)
{
    return v->str_len >= 4 && memcmp(v->str, "arn:", 4) == 0;
}

/* Java's int/long value of a JSON number bound to an integer member: the
 * fraction is dropped (dynalite floors; the service binds through Jackson). */
static int64_t s_integral(const dc_json *v)
{
    int64_t i;
    if (dc_json_int64(v, &i) == DC_INT_OK)
        return i;
    return (int64_t)floor(v->num);
}

static void s_check_value(s_generic *g, const dc_member *member, const dc_shape *shape, const dc_json *v);

static void s_check_structure(s_generic *g, const dc_shape *shape, const dc_json *obj)
{
    for (size_t i = 0; i < shape->nmembers; i++) {
        const dc_member *m = &shape->members[i];
        const dc_json *val = dc_json_get(obj, m->name);
        bool absent = val == NULL || val->type == DC_JSON_NULL;
        if (absent && !m->required)
            continue;
        size_t mark = s_path_push(g, m->path_name, strlen(m->path_name));
        if (absent)
            s_clause(g, NULL, m->shape, DC_MSG_ID("constraint-not-null"), NULL);
        else
            s_check_value(g, m, m->shape, val);
        s_path_pop(g, mark);
    }
}

static void s_check_length(s_generic *g, const dc_shape *shape, const dc_json *v, size_t len)
{
    if (shape->has_min && (int64_t)len < shape->min)
        s_clause_bound(g, v, shape, DC_MSG_ID("constraint-length-min"), shape->min);
    if (shape->has_max && (int64_t)len > shape->max)
        s_clause_bound(g, v, shape, DC_MSG_ID("constraint-length-max"), shape->max);
}

static void s_check_string(s_generic *g, const dc_shape *shape, const dc_json *v)
{
    if (shape->pattern != NULL && !dc_shape_pattern_matches(shape, v->str, v->str_len))
        s_clause_text(g, v, shape, DC_MSG_ID("constraint-pattern"), "pattern", shape->pattern);
    if (shape->has_min || shape->has_max)
        s_check_length(g, shape, v, dc_json_utf16_len(v));
    if (shape->enums != NULL && !dc_shape_enum_contains(shape, v->str, v->str_len))
        s_clause_text(g, v, shape, DC_MSG_ID("constraint-enum"), "enum", shape->enum_message);
}

static void s_check_value(s_generic *g, const dc_member *member, const dc_shape *shape, const dc_json *v)
{
    switch (shape->type) {
    case DC_SHAPE_STRING:
        if (member != NULL && member->name_shape != NULL && !s_is_arn_text(v)) {
            /* A member that takes an ARN or a name holds a plain name to the
             * name's rules (spec "nameShape"; [S:dispute-table-name-text]: min 3 and the name
             * pattern are still enforced for TableArn members). */
            s_check_string(g, member->name_shape, v);
            return;
        }
        s_check_string(g, shape, v);
        return;
    case DC_SHAPE_BLOB: s_check_length(g, shape, v, v->str_len); return;
    case DC_SHAPE_INTEGER:
    case DC_SHAPE_LONG: {
        int64_t i = s_integral(v);
        if (shape->has_min && i < shape->min)
            s_clause_bound(g, v, shape, DC_MSG_ID("constraint-value-min"), shape->min);
        if (shape->has_max && i > shape->max)
            s_clause_bound(g, v, shape, DC_MSG_ID("constraint-value-max"), shape->max);
        return;
    }
    case DC_SHAPE_DOUBLE:
        if (shape->has_min && v->num < (double)shape->min)
            s_clause_bound(g, v, shape, DC_MSG_ID("constraint-value-min"), shape->min);
        if (shape->has_max && v->num > (double)shape->max)
            s_clause_bound(g, v, shape, DC_MSG_ID("constraint-value-max"), shape->max);
        return;
    case DC_SHAPE_BOOLEAN:
    case DC_SHAPE_TIMESTAMP: return;
    case DC_SHAPE_STRUCTURE: s_check_structure(g, shape, v); return;
    case DC_SHAPE_LIST:
        s_check_length(g, shape, v, v->count);
        for (size_t i = 0; i < v->count; i++) {
            if (v->items[i].type == DC_JSON_NULL)
                continue;
            /* "<i>.member", written by hand: this runs for every element of valid requests */
            char seg[32], digits[24];
            size_t nd = 0, n = 0;
            for (size_t k = i + 1; k > 0; k /= 10)
                digits[nd++] = (char)('0' + k % 10);
            while (nd > 0)
                seg[n++] = digits[--nd];
            memcpy(seg + n, ".member", 7);
            size_t mark = s_path_push(g, seg, n + 7);
            s_check_value(g, NULL, shape->member, &v->items[i]);
            s_path_pop(g, mark);
        }
        return;
    case DC_SHAPE_MAP:
        s_check_length(g, shape, v, v->count);
        for (size_t i = 0; i < v->count; i++) {
            if (v->items[i].type == DC_JSON_NULL)
                continue;
            /* map entries: "<map>.<key>.member" as for lists [I] */
            size_t mark = s_path_push(g, v->items[i].key, v->items[i].key_len);
            size_t mark2 = s_path_push(g, "member", 6);
            s_check_value(g, NULL, shape->value, &v->items[i]);
            s_path_pop(g, mark2);
            s_path_pop(g, mark);
        }
        return;
    }
}

/* ---- the pipeline -------------------------------------------------------- */

int dc_validate_json(dc_validator *v, const char *opname, const dc_json *request, const dc_validate_context *ctx,
                     dc_verdict *out, dc_err *err)
{
    memset(out, 0, sizeof *out);
    const dc_operation *op = dc_spec_operation(v->spec, opname);
    if (op == NULL)
        return dc_fail(err, "unknown operation '%s'", opname);
    out->ok = true;
    static const dc_validate_context no_context;
    if (ctx == NULL)
        ctx = &no_context;

    if (request == NULL || request->type != DC_JSON_OBJECT) {
        /* a top-level value that is not an object cannot be bound [I] */
        dc_verdict_set(out, v->spec, "SerializationException", NULL, "serialization");
        return 0;
    }

    char *type_msg = s_type_error(v->spec, op->input, request);
    if (type_msg != NULL) {
        dc_verdict_set(out, v->spec, "SerializationException", type_msg, "serialization-type");
        free(type_msg);
        return 0;
    }

    dc_rule_env env = {.spec = v->spec, .op = op, .request = request, .ctx = ctx, .out = out};

    /* rules that the service applies before its generic validator */
    if (dc_rules_run(&env, DC_RULE_PHASE_PRE) != 0 || !out->ok)
        goto done;

    s_generic g = {.v = v};
    dc_buf_init(&g.clauses);
    s_check_structure(&g, op->input, request);
    if (g.nclauses > 0) {
        dc_buf msg;
        dc_buf_init(&msg);
        char count[24];
        snprintf(count, sizeof count, "%zu", g.nclauses);
        dc_message_arg arg = {"count", count, strlen(count)};
        s_put_message(v->spec,
                      g.nclauses > 1 ? DC_MSG_ID("validation-prefix-many") : DC_MSG_ID("validation-prefix-one"), &msg,
                      &arg, 1);
        dc_buf_append(&msg, g.clauses.data, g.clauses.len);
        /* with its length: a value holding U+0000 must not cut the message;
         * the verdict takes msg's bytes (a message echoes values up to 64 KiB) */
        if (dc_verdict_setn(out, v->spec, "ValidationException", NULL, 0, "generic") == 0) {
            out->message_len = msg.len;
            out->message = dc_buf_take(&msg);
        }
        out->nclauses = g.nclauses;
        dc_buf_free(&msg);
        dc_buf_free(&g.clauses);
        return 0;
    }
    dc_buf_free(&g.clauses);

    dc_rules_run(&env, DC_RULE_PHASE_POST);
done:
    return 0;
}

int dc_validate(dc_validator *v, const char *op, const uint8_t *body, size_t len, const dc_validate_context *ctx,
                dc_verdict *out, dc_err *err)
{
    memset(out, 0, sizeof *out);
    if (dc_spec_operation(v->spec, op) == NULL)
        return dc_fail(err, "unknown operation '%s'", op);
    dc_json_doc doc;
    if (len == 0 || dc_json_parse(body, len, &doc, NULL) != 0) {
        /* empty or unparseable body: SerializationException with no message [R] */
        dc_verdict_set(out, v->spec, "SerializationException", NULL, "parse");
        return 0;
    }
    int rc = dc_validate_json(v, op, doc.root, ctx, out, err);
    dc_json_doc_free(&doc);
    return rc;
}
