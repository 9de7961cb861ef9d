/* coverage.c - spec constraints and documented errors exercised by the golden
 * cases (see coverage.h). Generic: everything comes from spec/ and the case
 * data; no operation is named here. */
#include "suite/coverage.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define S_MAX_VIOLATIONS 64 /* broken constraints collected per request (only "exactly one" matters) */

typedef struct {
    dc_coverage_item *items;
    size_t count, cap;
} s_items;

typedef struct {
    char path[512];
    const char *kind;
} s_violation;

typedef struct {
    s_violation v[S_MAX_VIOLATIONS];
    size_t n;
} s_violations;

static void s_add_item(s_items *it, const char *op, const char *item)
{
    if (it->count == it->cap) {
        it->cap = it->cap ? it->cap * 2 : 64;
        it->items = dc_xrealloc(it->items, it->cap * sizeof *it->items);
    }
    dc_coverage_item *x = &it->items[it->count++];
    memset(x, 0, sizeof *x);
    x->op = dc_xstrdup(op);
    x->item = dc_xstrdup(item);
}

static void s_add_constraint(s_items *it, const char *op, const char *path, const char *kind)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_printf(&b, "%s:%s", path, kind);
    s_add_item(it, op, (const char *)b.data);
    dc_buf_free(&b);
}

static bool s_value_shape(dc_shape_type t)
{
    return t == DC_SHAPE_INTEGER || t == DC_SHAPE_LONG || t == DC_SHAPE_DOUBLE;
}

/* The constraints one value of shape s has at path (not its members). */
static void s_shape_items(s_items *it, const char *op, const char *path, const dc_shape *s, bool required)
{
    bool lengthy =
        s->type == DC_SHAPE_STRING || s->type == DC_SHAPE_LIST || s->type == DC_SHAPE_BLOB || s->type == DC_SHAPE_MAP;
    if (required)
        s_add_constraint(it, op, path, "required");
    /* a length bound of 0 cannot be broken */
    if (s->has_min && (s_value_shape(s->type) || (lengthy && s->min > 0)))
        s_add_constraint(it, op, path, "min");
    if (s->has_max && (s_value_shape(s->type) || lengthy))
        s_add_constraint(it, op, path, "max");
    if (s->pattern != NULL)
        s_add_constraint(it, op, path, "pattern");
    if (s->enums != NULL)
        s_add_constraint(it, op, path, "enum");
    s_add_constraint(it, op, path, "type");
}

static void s_walk_items(s_items *it, const char *op, const char *path, const dc_shape *s, const dc_shape **stack,
                         int depth)
{
    if (depth >= DC_COVERAGE_MAX_DEPTH)
        return;
    for (int i = 0; i < depth; i++)
        if (stack[i] == s)
            return; /* recursive shapes (AttributeValue) are walked once */
    stack[depth] = s;
    dc_buf p;
    dc_buf_init(&p);
    if (s->type == DC_SHAPE_STRUCTURE) {
        for (size_t i = 0; i < s->nmembers; i++) {
            const dc_member *m = &s->members[i];
            dc_buf_reset(&p);
            dc_buf_printf(&p, "%s%s%s", path, path[0] ? "." : "", m->path_name);
            s_shape_items(it, op, (const char *)p.data, m->shape, m->required);
            s_walk_items(it, op, (const char *)p.data, m->shape, stack, depth + 1);
        }
    } else if (s->type == DC_SHAPE_LIST) {
        dc_buf_printf(&p, "%s.member", path);
        s_shape_items(it, op, (const char *)p.data, s->member, false);
        s_walk_items(it, op, (const char *)p.data, s->member, stack, depth + 1);
    }
    dc_buf_free(&p);
}

static dc_coverage_item *s_find(dc_coverage *c, const char *op, const char *item)
{
    for (size_t i = 0; i < c->count; i++)
        if (strcmp(c->items[i].op, op) == 0 && strcmp(c->items[i].item, item) == 0)
            return &c->items[i];
    return NULL;
}

static void s_mark(dc_coverage *c, const char *op, const char *item, const char *case_id)
{
    dc_coverage_item *x = s_find(c, op, item);
    if (x != NULL && x->covered_by == NULL)
        x->covered_by = dc_xstrdup(case_id);
}

/* "globalSecondaryIndexOverride.1.member.indexName" -> "...Override.member.indexName" */
static void s_normalize_path(const char *in, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < cap;) {
        if (in[i] == '.' && i + 1 < len && isdigit((unsigned char)in[i + 1])) {
            size_t j = i + 1;
            while (j < len && isdigit((unsigned char)in[j]))
                j++;
            if (j == len || in[j] == '.') {
                i = j; /* drop ".<n>"; the ".member" that follows stays */
                continue;
            }
        }
        out[o++] = in[i++];
    }
    out[o] = '\0';
}

/* The constraint kinds counted, by the spec/messages.json entry that states each. */
static const struct {
    const char *id;
    const char *kind;
} s_constraint_kinds[] = {
    {DC_MSG_ID("constraint-not-null"), "required"}, {DC_MSG_ID("constraint-length-min"), "min"},
    {DC_MSG_ID("constraint-value-min"), "min"},     {DC_MSG_ID("constraint-length-max"), "max"},
    {DC_MSG_ID("constraint-value-max"), "max"},     {DC_MSG_ID("constraint-pattern"), "pattern"},
    {DC_MSG_ID("constraint-enum"), "enum"},
};

static const char *s_constraint_kind(const dc_spec *spec, const char *c)
{
    for (size_t i = 0; i < DC_ARRAY_LEN(s_constraint_kinds); i++)
        if (dc_spec_message_matches(spec, s_constraint_kinds[i].id, c, strlen(c)))
            return s_constraint_kinds[i].kind;
    return NULL;
}

/* One clause, split as validation-clause composes it: value, path, constraint. */
static void s_mark_clause(dc_coverage *c, const dc_spec *spec, const char *op, const char *clause, const char *case_id)
{
    size_t at_len = 0, tail_len = 0;
    const char *at_text = dc_spec_message_after(spec, DC_MSG_ID("validation-clause"), "value", &at_len);
    const char *tail_text = dc_spec_message_after(spec, DC_MSG_ID("validation-clause"), "path", &tail_len);
    char at_s[64], tail_s[64];
    if (at_text == NULL || tail_text == NULL || at_len == 0 || at_len >= sizeof at_s || tail_len == 0 ||
        tail_len >= sizeof tail_s)
        return;
    snprintf(at_s, sizeof at_s, "%.*s", (int)at_len, at_text);
    snprintf(tail_s, sizeof tail_s, "%.*s", (int)tail_len, tail_text);
    const char *tail = strstr(clause, tail_s);
    if (tail == NULL)
        return;
    const char *at = NULL;
    for (const char *p = clause; p < tail; p++)
        if (strncmp(p, at_s, at_len) == 0)
            at = p; /* the last one: a quoted value may itself contain the separator */
    if (at == NULL)
        return;
    const char *kind = s_constraint_kind(spec, tail + tail_len);
    if (kind == NULL)
        return;
    const char *path = at + at_len;
    char norm[512], item[600];
    s_normalize_path(path, (size_t)(tail - path), norm, sizeof norm);
    snprintf(item, sizeof item, "%s:%s", norm, kind);
    s_mark(c, op, item, case_id);
}

static void s_violate(s_violations *v, const char *path, const char *kind)
{
    if (v->n == S_MAX_VIOLATIONS)
        return;
    snprintf(v->v[v->n].path, sizeof v->v[v->n].path, "%s", path);
    v->v[v->n].kind = kind;
    v->n++;
}

static bool s_json_type_fits(const dc_shape *s, const dc_json *j)
{
    switch (s->type) {
    case DC_SHAPE_STRING:
    case DC_SHAPE_BLOB: return j->type == DC_JSON_STRING;
    case DC_SHAPE_BOOLEAN: return dc_json_is_bool(j);
    case DC_SHAPE_INTEGER:
    case DC_SHAPE_LONG:
    case DC_SHAPE_DOUBLE:
    case DC_SHAPE_TIMESTAMP: return j->type == DC_JSON_NUMBER;
    case DC_SHAPE_LIST: return j->type == DC_JSON_ARRAY;
    case DC_SHAPE_STRUCTURE:
    case DC_SHAPE_MAP: return j->type == DC_JSON_OBJECT;
    }
    return true;
}

/* A template string with ${...} stands for a value the case fills in at run time. */
static bool s_is_template(const dc_json *j)
{
    return j->type == DC_JSON_STRING && memmem(j->str, j->str_len, "${", 2) != NULL;
}

static void s_walk_value(const dc_shape *s, const dc_json *j, const char *path, s_violations *v, int depth);

static void s_walk_members(const dc_shape *s, const dc_json *obj, const char *path, s_violations *v, int depth)
{
    dc_buf p;
    dc_buf_init(&p);
    for (size_t i = 0; i < s->nmembers; i++) {
        const dc_member *m = &s->members[i];
        dc_buf_reset(&p);
        dc_buf_printf(&p, "%s%s%s", path, path[0] ? "." : "", m->path_name);
        const dc_json *mv = dc_json_get(obj, m->name);
        if (mv == NULL || mv->type == DC_JSON_NULL) {
            if (m->required)
                s_violate(v, (const char *)p.data, "required");
            continue;
        }
        s_walk_value(m->shape, mv, (const char *)p.data, v, depth + 1);
    }
    dc_buf_free(&p);
}

static void s_walk_value(const dc_shape *s, const dc_json *j, const char *path, s_violations *v, int depth)
{
    if (depth >= DC_COVERAGE_MAX_DEPTH)
        return;
    if (j->type == DC_JSON_STRING && j->str_len >= 3 && j->str[0] == '$' && j->str[1] == '{' &&
        j->str[j->str_len - 1] == '}' && memchr(j->str + 2, '}', j->str_len - 3) == NULL)
        return; /* exactly "${name}": any type */
    if (!s_json_type_fits(s, j)) {
        s_violate(v, path, "type");
        return;
    }
    switch (s->type) {
    case DC_SHAPE_STRING:
        if (s_is_template(j))
            return; /* length and pattern are only known after substitution */
        {
            int64_t len = (int64_t)dc_json_utf16_len(j);
            if (s->has_min && len < s->min)
                s_violate(v, path, "min");
            if (s->has_max && len > s->max)
                s_violate(v, path, "max");
            if (s->pattern != NULL && !dc_shape_pattern_matches(s, j->str, j->str_len))
                s_violate(v, path, "pattern");
            if (s->enums != NULL && !dc_shape_enum_contains(s, j->str, j->str_len))
                s_violate(v, path, "enum");
        }
        break;
    case DC_SHAPE_INTEGER:
    case DC_SHAPE_LONG:
    case DC_SHAPE_DOUBLE:
        if (s->has_min && j->num < (double)s->min)
            s_violate(v, path, "min");
        if (s->has_max && j->num > (double)s->max)
            s_violate(v, path, "max");
        break;
    case DC_SHAPE_LIST: {
        if (s->has_min && (int64_t)j->count < s->min)
            s_violate(v, path, "min");
        if (s->has_max && (int64_t)j->count > s->max)
            s_violate(v, path, "max");
        dc_buf p;
        dc_buf_init(&p);
        dc_buf_printf(&p, "%s.member", path);
        for (size_t i = 0; i < j->count; i++)
            if (j->items[i].type != DC_JSON_NULL)
                s_walk_value(s->member, &j->items[i], (const char *)p.data, v, depth + 1);
        dc_buf_free(&p);
        break;
    }
    case DC_SHAPE_STRUCTURE: s_walk_members(s, j, path, v, depth); break;
    default: break;
    }
}

/* The one constraint of the wanted class the request breaks, or NULL. */
static const s_violation *s_single(const s_violations *v, bool want_type)
{
    const s_violation *found = NULL;
    size_t n = 0;
    for (size_t i = 0; i < v->n; i++) {
        bool is_type = strcmp(v->v[i].kind, "type") == 0;
        if (is_type != want_type)
            continue;
        found = &v->v[i];
        n++;
    }
    return n == 1 ? found : NULL;
}

static bool s_is_clause_text(const char *s)
{
    return s != NULL && isdigit((unsigned char)s[0]) && strstr(s, " detected: ") != NULL;
}

static void s_mark_step(dc_coverage *c, const dc_spec *spec, const dc_case *cs, const dc_call *call)
{
    if (!call->has_expect || call->expect.error == NULL)
        return;
    const dc_expect *e = &call->expect;
    char item[600];
    snprintf(item, sizeof item, "error:%s", e->error);
    s_mark(c, call->op, item, cs->id);
    bool validation = strcmp(e->error, "ValidationException") == 0;
    bool serialization = strcmp(e->error, "SerializationException") == 0;
    if (!validation && !serialization)
        return;
    bool by_clauses = false;
    if (validation && e->msg_kind == DC_MSG_CLAUSES && dc_json_is_array(e->message)) {
        for (size_t i = 0; i < e->message->count; i++)
            if (dc_json_is_string(&e->message->items[i]))
                s_mark_clause(c, spec, call->op, e->message->items[i].str, cs->id);
        by_clauses = true;
    } else if (validation && e->msg_kind == DC_MSG_EXACT && dc_json_is_string(e->message) &&
               s_is_clause_text(e->message->str)) {
        dc_clause_set set;
        if (dc_clauses_parse(e->message->str, e->message->str_len, &set) == 0) {
            for (size_t i = 0; i < set.n; i++)
                s_mark_clause(c, spec, call->op, set.clauses[i], cs->id);
            dc_clause_set_free(&set);
            by_clauses = true;
        }
    }
    if (by_clauses || call->request == NULL || !dc_json_is_object(call->request))
        return;
    const dc_operation *op = dc_spec_operation(spec, call->op);
    if (op == NULL)
        return;
    s_violations v;
    v.n = 0;
    s_walk_members(op->input, call->request, "", &v, 0);
    const s_violation *one = s_single(&v, serialization);
    if (one != NULL) {
        snprintf(item, sizeof item, "%s:%s", one->path, one->kind);
        s_mark(c, call->op, item, cs->id);
    }
}

static bool s_common_listed(const dc_json *list, const char *name)
{
    for (size_t i = 0; list != NULL && i < list->count; i++)
        if (dc_json_string_eq(&list->items[i], name))
            return true;
    return false;
}

static int s_check_common(const dc_spec *spec, const dc_json *common, const dc_json *na, dc_err *err)
{
    for (size_t i = 0; common != NULL && i < common->count; i++) {
        const dc_json *n = &common->items[i];
        const dc_error_def *e = dc_json_is_string(n) ? dc_spec_error(spec, n->str) : NULL;
        if (e == NULL || !e->common)
            return dc_fail(err, "exemptions: commonErrors[%zu]: '%s' is not a common error of spec/errors.json", i,
                           dc_json_is_string(n) ? n->str : "(not a string)");
    }
    for (size_t i = 0; i < dc_spec_error_count(spec); i++) {
        const dc_error_def *e = dc_spec_error_at(spec, i);
        if (!e->common || s_common_listed(common, e->name))
            continue;
        const dc_json *why = dc_json_get(na, e->name);
        if (!dc_json_is_string(why) || why->str_len == 0)
            return dc_fail(
                err, "exemptions: common error %s is neither in commonErrors nor in notApplicable (with a reason)",
                e->name);
    }
    return 0;
}

static int s_apply_exemptions(dc_coverage *c, const dc_json *ex, dc_err *err)
{
    for (size_t i = 0; ex != NULL && i < ex->count; i++) {
        const dc_json *e = &ex->items[i];
        const char *op = dc_json_string(dc_json_get(e, "op"));
        const char *item = dc_json_string(dc_json_get(e, "item"));
        const char *reason = dc_json_string(dc_json_get(e, "reason"));
        if (op == NULL || item == NULL || reason == NULL || reason[0] == '\0')
            return dc_fail(err, "exemptions: exempt[%zu]: needs string members op, item and reason", i);
        size_t hits = 0;
        for (size_t k = 0; k < c->count; k++) {
            dc_coverage_item *x = &c->items[k];
            if ((strcmp(op, "*") == 0 || strcmp(op, x->op) == 0) && strcmp(item, x->item) == 0) {
                x->exempt = reason;
                hits++;
            }
        }
        if (hits == 0)
            return dc_fail(err, "exemptions: exempt[%zu]: no item '%s' for %s", i, item,
                           strcmp(op, "*") == 0 ? "any operation" : op);
    }
    return 0;
}

int dc_coverage_compute(const dc_spec *spec, const dc_case *cases, size_t ncases, const dc_json *exemptions,
                        bool all_ops, dc_coverage *out, dc_err *err)
{
    memset(out, 0, sizeof *out);
    out->threshold = 100.0;
    const dc_json *common = NULL, *na = NULL, *ex = NULL;
    if (exemptions != NULL) {
        if (!dc_json_is_object(exemptions))
            return dc_fail(err, "exemptions: expected a JSON object");
        const dc_json *t = dc_json_get(exemptions, "threshold");
        if (t != NULL) {
            if (!dc_json_is_number(t) || t->num < 0 || t->num > 100)
                return dc_fail(err, "exemptions: threshold: expected a percentage 0..100");
            out->threshold = t->num;
        }
        common = dc_json_get(exemptions, "commonErrors");
        na = dc_json_get(exemptions, "notApplicable");
        ex = dc_json_get(exemptions, "exempt");
        if ((common && !dc_json_is_array(common)) || (na && !dc_json_is_object(na)) || (ex && !dc_json_is_array(ex)))
            return dc_fail(err, "exemptions: commonErrors must be an array, notApplicable an object, exempt an array");
        if (s_check_common(spec, common, na, err) != 0)
            return -1;
    }
    s_items it = {NULL, 0, 0};
    const dc_shape *stack[DC_COVERAGE_MAX_DEPTH];
    for (size_t i = 0; i < dc_spec_operation_count(spec); i++) {
        const dc_operation *op = dc_spec_operation_at(spec, i);
        if (op->plumbing && !all_ops)
            continue;
        s_walk_items(&it, op->name, "", op->input, stack, 0);
        for (size_t k = 0; k < op->nerrors; k++) {
            char item[300];
            snprintf(item, sizeof item, "error:%s", op->errors[k]);
            s_add_item(&it, op->name, item);
        }
        for (size_t k = 0; common != NULL && k < common->count; k++) {
            char item[300];
            snprintf(item, sizeof item, "error:%s", common->items[k].str);
            bool modeled = false;
            for (size_t q = 0; q < op->nerrors; q++)
                modeled = modeled || strcmp(op->errors[q], common->items[k].str) == 0;
            if (!modeled)
                s_add_item(&it, op->name, item);
        }
        if (it.count > DC_COVERAGE_MAX_ITEMS) {
            out->items = it.items;
            out->count = it.count;
            dc_coverage_free(out);
            return dc_fail(err, "more than %d coverage items", DC_COVERAGE_MAX_ITEMS);
        }
    }
    out->items = it.items;
    out->count = it.count;
    for (size_t i = 0; i < ncases; i++)
        for (size_t s = 0; s < cases[i].nsteps; s++)
            if (cases[i].steps[s].has_call)
                s_mark_step(out, spec, &cases[i], &cases[i].steps[s].call);
    if (s_apply_exemptions(out, ex, err) != 0) {
        dc_coverage_free(out);
        return -1;
    }
    for (size_t i = 0; i < out->count; i++)
        if (out->items[i].exempt != NULL && out->items[i].covered_by != NULL)
            out->stale++;
    return 0;
}

void dc_coverage_free(dc_coverage *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->count; i++) {
        free(c->items[i].op);
        free(c->items[i].item);
        free(c->items[i].covered_by);
    }
    free(c->items);
    memset(c, 0, sizeof *c);
}

static void s_totals(const dc_coverage *c, const char *op, size_t *counted, size_t *covered)
{
    *counted = *covered = 0;
    for (size_t i = 0; i < c->count; i++) {
        const dc_coverage_item *x = &c->items[i];
        if ((op != NULL && strcmp(x->op, op) != 0) || x->exempt != NULL)
            continue;
        (*counted)++;
        if (x->covered_by != NULL)
            (*covered)++;
    }
}

void dc_coverage_totals(const dc_coverage *c, size_t *counted, size_t *covered)
{
    s_totals(c, NULL, counted, covered);
}

static double s_pct(size_t covered, size_t counted)
{
    return counted == 0 ? 100.0 : 100.0 * (double)covered / (double)counted;
}

bool dc_coverage_ok(const dc_coverage *c)
{
    size_t counted, covered;
    dc_coverage_totals(c, &counted, &covered);
    /* compare in whole items, so 100 % means every item, not 99.995 % rounded */
    return (double)covered * 100.0 >= c->threshold * (double)counted;
}

void dc_coverage_print(const dc_coverage *c, bool verbose, FILE *out)
{
    for (size_t i = 0; i < c->count;) {
        const char *op = c->items[i].op;
        size_t end = i;
        while (end < c->count && strcmp(c->items[end].op, op) == 0)
            end++;
        size_t counted, covered;
        s_totals(c, op, &counted, &covered);
        fprintf(out, "%s: %zu/%zu (%.1f%%)\n", op, covered, counted, s_pct(covered, counted));
        for (size_t k = i; k < end; k++) {
            const dc_coverage_item *x = &c->items[k];
            if (x->exempt == NULL && x->covered_by == NULL)
                fprintf(out, "  missing  %s\n", x->item);
        }
        for (size_t k = i; k < end; k++) {
            const dc_coverage_item *x = &c->items[k];
            if (x->exempt != NULL)
                fprintf(out, "  exempt   %s: %s%s\n", x->item, x->exempt,
                        x->covered_by ? " (stale: covered anyway)" : "");
        }
        if (verbose)
            for (size_t k = i; k < end; k++) {
                const dc_coverage_item *x = &c->items[k];
                if (x->exempt == NULL && x->covered_by != NULL)
                    fprintf(out, "  covered  %s by %s\n", x->item, x->covered_by);
            }
        i = end;
    }
    size_t counted, covered;
    dc_coverage_totals(c, &counted, &covered);
    size_t exempt = 0;
    for (size_t i = 0; i < c->count; i++)
        exempt += c->items[i].exempt != NULL;
    fprintf(out, "total: %zu/%zu covered (%.1f%%), %zu exempt, threshold %.1f%%: %s\n", covered, counted,
            s_pct(covered, counted), exempt, c->threshold, dc_coverage_ok(c) ? "ok" : "BELOW THRESHOLD");
}
