/* plan.c - run --plan: the cases' footprint, time and cost (see plan.h). */
#include "suite/plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/jsonw.h"

#define S_MAX_DATA_BYTES (1u << 20)
#define S_MONTH_S (30.0 * 86400.0) /* the billing month the GB-month prices mean */
#define S_UNIQUE_VAR "${unique}"
#define S_NAME_DEPTH 8 /* ${a} -> ${b} -> ... a variable chain longer than this is not followed */

/* A table of one case as its requests name it (the template text, "${table}")
 * and whether PITR is on for it. */
typedef struct {
    const char *name;
    bool pitr_on, pitr_ever;
} s_pitr_table;

#define S_MAX_CASE_TABLES 64 /* tables one case names in PITR calls; more are not followed */

typedef struct {
    char *id;
    dc_plan_counts n;
    double s_typical, s_high; /* the case alone, one after the other */
    double rcu, wcu;          /* provisioned units of one of its tables (the largest) */
} s_case_plan;

typedef struct {
    char *case_id;
    int step;
    char *name;
} s_unprovable;

typedef struct {
    char *op;
    size_t n;
} s_op_count;

struct dc_plan {
    dc_json_doc effects, pace, prices;
    s_case_plan *cases;
    size_t ncases;
    s_unprovable *unprovable;
    size_t nunprovable;
    s_op_count *ops; /* calls per operation (steps and cleanup): the rate limits' floor */
    size_t nops;
    s_op_count *succ; /* main-step calls per operation that expect success */
    size_t nsucc;
    dc_plan_counts total;
    size_t cases_creating;
};

/* ---- data ------------------------------------------------------------------- */

static int s_load(const char *dir, const char *name, dc_json_doc *doc, dc_err *err)
{
    char path[4096], label[64];
    snprintf(path, sizeof path, "%s/spec/%s", dir, name);
    snprintf(label, sizeof label, "spec/%s", name);
    return dc_json_load_file(path, label, S_MAX_DATA_BYTES, doc, err);
}

/* A number of a data file; a missing one reads as 0 (checked at load for the required ones). */
static double s_num(const dc_json_doc *doc, const char *path)
{
    const dc_json *v = dc_json_path(doc->root, path);
    return v != NULL && v->type == DC_JSON_NUMBER && isfinite(v->num) ? v->num : 0.0;
}

static const char *s_str(const dc_json_doc *doc, const char *path)
{
    const dc_json *v = dc_json_path(doc->root, path);
    return v != NULL && v->type == DC_JSON_STRING ? v->str : "";
}

static const char *const s_required_numbers[] = {
    "durations.tableCreate.typical", "durations.tableCreate.high",     "durations.tableCreateWithIndex.typical",
    "durations.restore.typical",     "durations.restore.high",         "durations.request.typical",
    "durations.request.high",        "durations.backupCreate.typical", "durations.pitrEnable.typical",
};

static const char *const s_required_prices[] = {
    "writeRequestUnit", "readRequestUnit", "writeCapacityUnitHour", "readCapacityUnitHour",
    "storageGbMonth",   "backupGbMonth",   "pitrGbMonth",           "restoreGb",
};

int dc_plan_new(const char *data_dir, dc_plan **out, dc_err *err)
{
    dc_plan *p = dc_xcalloc(1, sizeof *p);
    *out = NULL;
    if (s_load(data_dir, "plan-effects.json", &p->effects, err) != 0)
        goto fail_none;
    if (s_load(data_dir, "pace-aws.json", &p->pace, err) != 0)
        goto fail_effects;
    if (s_load(data_dir, "aws-prices.json", &p->prices, err) != 0)
        goto fail_pace;
    if (!dc_json_is_object(dc_json_get(p->effects.root, "operations"))) {
        dc_fail(err, "spec/plan-effects.json: operations: expected an object");
        goto fail_all;
    }
    for (size_t i = 0; i < DC_ARRAY_LEN(s_required_numbers); i++) {
        const dc_json *v = dc_json_path(p->pace.root, s_required_numbers[i]);
        if (v == NULL || v->type != DC_JSON_NUMBER || !(v->num >= 0)) {
            dc_fail(err, "spec/pace-aws.json: %s: expected a number >= 0", s_required_numbers[i]);
            goto fail_all;
        }
    }
    for (size_t i = 0; i < DC_ARRAY_LEN(s_required_prices); i++) {
        char path[96];
        snprintf(path, sizeof path, "prices.%s.usd", s_required_prices[i]);
        const dc_json *v = dc_json_path(p->prices.root, path);
        if (v == NULL || v->type != DC_JSON_NUMBER || !(v->num >= 0)) {
            dc_fail(err, "spec/aws-prices.json: %s: expected a number >= 0", path);
            goto fail_all;
        }
    }
    *out = p;
    return 0;
fail_all:
    dc_json_doc_free(&p->prices);
fail_pace:
    dc_json_doc_free(&p->pace);
fail_effects:
    dc_json_doc_free(&p->effects);
fail_none:
    free(p);
    return -1;
}

void dc_plan_free(dc_plan *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->ncases; i++)
        free(p->cases[i].id);
    free(p->cases);
    for (size_t i = 0; i < p->nunprovable; i++) {
        free(p->unprovable[i].case_id);
        free(p->unprovable[i].name);
    }
    free(p->unprovable);
    for (size_t i = 0; i < p->nops; i++)
        free(p->ops[i].op);
    free(p->ops);
    for (size_t i = 0; i < p->nsucc; i++)
        free(p->succ[i].op);
    free(p->succ);
    dc_json_doc_free(&p->effects);
    dc_json_doc_free(&p->pace);
    dc_json_doc_free(&p->prices);
    free(p);
}

/* ---- one case ------------------------------------------------------------------ */

static void s_count_op(s_op_count **ops, size_t *n, const char *op)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*ops)[i].op, op) == 0) {
            (*ops)[i].n++;
            return;
        }
    *ops = dc_xrealloc(*ops, (*n + 1) * sizeof **ops);
    (*ops)[*n].op = dc_xstrdup(op);
    (*ops)[(*n)++].n = 1;
}

static bool s_expects_success(const dc_call *call)
{
    if (!call->has_expect)
        return true;
    return call->expect.error == NULL && (call->expect.status == 0 || call->expect.status == 200);
}

/* true when the name template s starts with ${unique}, directly or through the
 * case's variables ("${table}" with vars.table = "${unique}-src"). */
static bool s_from_unique(const dc_case *c, const char *s, int depth)
{
    if (strncmp(s, S_UNIQUE_VAR, strlen(S_UNIQUE_VAR)) == 0)
        return true;
    if (depth >= S_NAME_DEPTH || strncmp(s, "${", 2) != 0 || c->vars == NULL)
        return false;
    const char *end = strchr(s + 2, '}');
    if (end == NULL)
        return false;
    const dc_json *v = dc_json_getn(c->vars, s + 2, (size_t)(end - s - 2));
    return v != NULL && v->type == DC_JSON_STRING && s_from_unique(c, v->str, depth + 1);
}

static void s_unprovable_add(dc_plan *p, const dc_case *c, int step, const char *name)
{
    p->unprovable = dc_xrealloc(p->unprovable, (p->nunprovable + 1) * sizeof *p->unprovable);
    s_unprovable *u = &p->unprovable[p->nunprovable++];
    u->case_id = dc_xstrdup(c->id);
    u->step = step;
    u->name = dc_xstrdup(name);
}

static double s_units(const dc_json *throughput, const char *member)
{
    const dc_json *v = dc_json_get(throughput, member);
    return v != NULL && v->type == DC_JSON_NUMBER && isfinite(v->num) && v->num > 0 ? v->num : 0.0;
}

/* The provisioned units a CreateTable request asks for (table and its GSIs); 0/0 on demand. */
static void s_provisioned_units(const dc_json *req, double *rcu, double *wcu)
{
    *rcu = *wcu = 0;
    if (dc_json_string_eq(dc_json_get(req, "BillingMode"), "PAY_PER_REQUEST"))
        return;
    const dc_json *pt = dc_json_get(req, "ProvisionedThroughput");
    *rcu += s_units(pt, "ReadCapacityUnits");
    *wcu += s_units(pt, "WriteCapacityUnits");
    const dc_json *gsis = dc_json_get(req, "GlobalSecondaryIndexes");
    for (size_t i = 0; gsis != NULL && gsis->type == DC_JSON_ARRAY && i < gsis->count; i++) {
        const dc_json *gpt = dc_json_get(&gsis->items[i], "ProvisionedThroughput");
        *rcu += s_units(gpt, "ReadCapacityUnits");
        *wcu += s_units(gpt, "WriteCapacityUnits");
    }
}

static bool s_has(const dc_json *creates, const char *what)
{
    for (size_t i = 0; creates != NULL && creates->type == DC_JSON_ARRAY && i < creates->count; i++)
        if (dc_json_string_eq(&creates->items[i], what))
            return true;
    return false;
}

/* One successful call's effects on the case's plan. */
static void s_add_call(dc_plan *p, const dc_case *c, const dc_step *st, s_case_plan *cp)
{
    const dc_call *call = &st->call;
    const dc_json *eff = dc_json_get(dc_json_get(p->effects.root, "operations"), call->op);
    if (eff == NULL || !s_expects_success(call))
        return;
    dc_json_doc raw;
    memset(&raw, 0, sizeof raw);
    const dc_json *req = call->request;
    if (req == NULL && call->raw_body != NULL) {
        dc_err ignored;
        if (dc_json_parse(call->raw_body->str, call->raw_body->str_len, &raw, &ignored) == 0)
            req = raw.root;
    }
    const dc_json *when = dc_json_get(eff, "when");
    if (when != NULL && when->type == DC_JSON_STRING) {
        const dc_json *w = req != NULL ? dc_json_path(req, when->str) : NULL;
        if (w == NULL || w->type != DC_JSON_TRUE)
            goto done;
    }
    const dc_json *creates = dc_json_get(eff, "creates");
    const dc_json *names = dc_json_get(eff, "name");
    if (names != NULL && names->type == DC_JSON_ARRAY && names->count > 0) {
        bool provable = false;
        const char *shown = NULL;
        for (size_t i = 0; i < names->count; i++) {
            const dc_json *n = req != NULL ? dc_json_get(req, names->items[i].str) : NULL;
            if (n != NULL && n->type == DC_JSON_STRING) {
                shown = shown ? shown : n->str;
                provable |= s_from_unique(c, n->str, 0);
            }
        }
        if (!provable)
            s_unprovable_add(p, c, st->index, shown ? shown : "(no name in the request)");
    }
    bool restore = s_has(creates, "restore");
    if (s_has(creates, "table")) {
        cp->n.tables++;
        if (!restore) {
            const dc_json *gsis = req != NULL ? dc_json_get(req, "GlobalSecondaryIndexes") : NULL;
            bool indexed = gsis != NULL && gsis->type == DC_JSON_ARRAY && gsis->count > 0;
            cp->s_typical +=
                s_num(&p->pace, indexed ? "durations.tableCreateWithIndex.typical" : "durations.tableCreate.typical");
            cp->s_high +=
                s_num(&p->pace, indexed ? "durations.tableCreateWithIndex.high" : "durations.tableCreate.high");
            double r, w;
            s_provisioned_units(req, &r, &w);
            if (r + w > 0) {
                cp->n.provisioned++;
                if (r + w > cp->rcu + cp->wcu) {
                    cp->rcu = r;
                    cp->wcu = w;
                }
            }
        }
    }
    if (restore) {
        cp->n.restores++;
        cp->s_typical += s_num(&p->pace, "durations.restore.typical");
        cp->s_high += s_num(&p->pace, "durations.restore.high");
    }
    if (s_has(creates, "pitrRestore"))
        cp->n.pitr_restores++;
    if (s_has(creates, "backup")) {
        cp->n.backups++;
        cp->s_typical += s_num(&p->pace, "durations.backupCreate.typical");
        cp->s_high += s_num(&p->pace, "durations.backupCreate.high");
    }
    if (s_has(creates, "pitrEnable")) {
        cp->n.pitr_enables++;
        cp->s_typical += s_num(&p->pace, "durations.pitrEnable.typical");
        cp->s_high += s_num(&p->pace, "durations.pitrEnable.high");
    }
    if (s_has(creates, "itemWrite"))
        cp->n.item_writes++;
    if (s_has(creates, "itemRead"))
        cp->n.item_reads++;
done:
    if (raw.root != NULL)
        dc_json_doc_free(&raw);
}

typedef struct {
    s_pitr_table t[S_MAX_CASE_TABLES];
    size_t n;
    /* "${table_arn}" captured from a call's *.TableArn names the table that call named */
    struct {
        char var[96];
        const char *table;
    } alias[S_MAX_CASE_TABLES];
    size_t nalias;
} s_pitr_state;

static void s_pitr_alias_add(s_pitr_state *ps, const char *var, const char *table)
{
    if (ps->nalias == S_MAX_CASE_TABLES)
        return;
    snprintf(ps->alias[ps->nalias].var, sizeof ps->alias[0].var, "${%s}", var);
    ps->alias[ps->nalias++].table = table;
}

/* {"TableArn": {"$capture": "x", ...}} anywhere in an expected body */
static void s_pitr_body_aliases(s_pitr_state *ps, const dc_json *v, const char *table, int depth)
{
    if (v == NULL || v->type != DC_JSON_OBJECT || depth > 16)
        return;
    for (size_t i = 0; i < v->count; i++) {
        const dc_json *m = &v->items[i];
        const char *cap = dc_json_string(dc_json_get(m, "$capture"));
        if (strcmp(m->key, "TableArn") == 0 && cap != NULL)
            s_pitr_alias_add(ps, cap, table);
        s_pitr_body_aliases(ps, m, table, depth + 1);
    }
}

static void s_pitr_aliases(s_pitr_state *ps, const dc_call *call)
{
    const char *table = call->request ? dc_json_string(dc_json_get(call->request, "TableName")) : NULL;
    if (table != NULL && call->has_expect)
        s_pitr_body_aliases(ps, call->expect.body, table, 0);
    for (size_t i = 0; table != NULL && call->capture != NULL && i < call->capture->count; i++) {
        const dc_json *path = &call->capture->items[i];
        size_t k = path->type == DC_JSON_STRING ? path->str_len : 0;
        if (k >= 8 && strcmp(path->str + k - 8, "TableArn") == 0)
            s_pitr_alias_add(ps, path->key, table);
    }
}

static s_pitr_table *s_pitr_find(s_pitr_state *ps, const char *name)
{
    for (size_t i = 0; i < ps->nalias; i++)
        if (strcmp(ps->alias[i].var, name) == 0)
            name = ps->alias[i].table;
    for (size_t i = 0; i < ps->n; i++)
        if (strcmp(ps->t[i].name, name) == 0)
            return &ps->t[i];
    if (ps->n == S_MAX_CASE_TABLES)
        return NULL;
    ps->t[ps->n] = (s_pitr_table){name, false, false};
    return &ps->t[ps->n++];
}

/* Follows PITR on and off per table through a case's calls (spec/plan-effects.json
 * pitrSwitch, deletesTable); cleanup calls count as made (they run whatever
 * happened before). */
static void s_pitr_track(const dc_plan *p, const dc_call *call, bool cleanup, s_pitr_state *ps, s_case_plan *cp)
{
    if (!cleanup)
        s_pitr_aliases(ps, call);
    const dc_json *eff = dc_json_get(dc_json_get(p->effects.root, "operations"), call->op);
    const dc_json *key = dc_json_get(eff, "table");
    if (eff == NULL || key == NULL || key->type != DC_JSON_STRING || call->request == NULL ||
        (!cleanup && !s_expects_success(call)))
        return;
    const char *name = dc_json_string(dc_json_get(call->request, key->str));
    s_pitr_table *t = name != NULL ? s_pitr_find(ps, name) : NULL;
    if (t == NULL)
        return;
    const dc_json *sw = dc_json_get(eff, "pitrSwitch");
    if (sw != NULL && sw->type == DC_JSON_STRING && !cleanup) {
        const dc_json *v = dc_json_path(call->request, sw->str);
        if (v != NULL && (v->type == DC_JSON_TRUE || v->type == DC_JSON_FALSE)) {
            t->pitr_on = v->type == DC_JSON_TRUE;
            if (t->pitr_on && !t->pitr_ever) {
                t->pitr_ever = true;
                cp->n.pitr_tables++;
            }
        }
    }
    if (dc_json_get(eff, "deletesTable") != NULL && t->pitr_on) {
        cp->n.system_backups++;
        t->pitr_on = false;
    }
}

static void s_add_steps(dc_plan *p, const dc_case *c, const dc_step *steps, size_t n, bool cleanup, s_case_plan *cp,
                        s_pitr_state *ps)
{
    for (size_t i = 0; i < n; i++) {
        if (!steps[i].has_call)
            continue;
        cp->n.requests++;
        cp->s_typical += s_num(&p->pace, "durations.request.typical");
        cp->s_high += s_num(&p->pace, "durations.request.high");
        s_count_op(&p->ops, &p->nops, steps[i].call.op);
        if (!cleanup && s_expects_success(&steps[i].call))
            s_count_op(&p->succ, &p->nsucc, steps[i].call.op);
        if (!cleanup)
            s_add_call(p, c, &steps[i], cp);
        s_pitr_track(p, &steps[i].call, cleanup, ps, cp);
    }
}

static void s_sum(dc_plan_counts *t, const dc_plan_counts *n)
{
    t->tables += n->tables;
    t->backups += n->backups;
    t->restores += n->restores;
    t->pitr_restores += n->pitr_restores;
    t->pitr_enables += n->pitr_enables;
    t->pitr_tables += n->pitr_tables;
    t->system_backups += n->system_backups;
    t->item_writes += n->item_writes;
    t->item_reads += n->item_reads;
    t->provisioned += n->provisioned;
    t->requests += n->requests;
}

int dc_plan_add(dc_plan *p, const dc_runner_opts *o, const dc_case_ref *refs, size_t nrefs, dc_err *err)
{
    for (size_t i = 0; i < nrefs; i++) {
        const char *id0 = refs[i].id ? refs[i].id : refs[i].file;
        if (refs[i].id != NULL && !dc_runner_selects(o, id0, NULL))
            continue; /* not loaded when the id alone leaves it out */
        dc_case c;
        if (dc_case_load(refs[i].file, refs[i].id, &c, err) != 0)
            return -1;
        if (!dc_runner_selects(o, c.id, &c) || (c.strict_only && o->level == DC_CHECK_COMPAT)) {
            dc_case_free(&c);
            continue;
        }
        s_case_plan cp;
        memset(&cp, 0, sizeof cp);
        s_pitr_state ps = {.n = 0};
        s_add_steps(p, &c, c.steps, c.nsteps, false, &cp, &ps);
        s_add_steps(p, &c, c.cleanup, c.ncleanup, true, &cp, &ps);
        /* a restore of a provisioned table is billed for the same capacity */
        if (cp.rcu + cp.wcu > 0)
            cp.n.provisioned += cp.n.restores;
        cp.id = dc_xstrdup(c.id);
        p->cases = dc_xrealloc(p->cases, (p->ncases + 1) * sizeof *p->cases);
        p->cases[p->ncases++] = cp;
        s_sum(&p->total, &cp.n);
        if (cp.n.tables + cp.n.backups + cp.n.item_writes + cp.n.pitr_enables > 0)
            p->cases_creating++;
        dc_case_free(&c);
    }
    return 0;
}

const dc_plan_counts *dc_plan_totals(const dc_plan *p)
{
    return &p->total;
}

size_t dc_plan_unprovable(const dc_plan *p)
{
    return p->nunprovable;
}

/* ---- time --------------------------------------------------------------------------- */

/* The least time the per-operation rate limits allow for the run's calls. */
static double s_rate_floor(const dc_plan *p)
{
    double floor_s = 0;
    for (size_t i = 0; i < p->nops; i++) {
        char path[160];
        snprintf(path, sizeof path, "ratesPerSecond.%s.rate", p->ops[i].op);
        double rate = s_num(&p->pace, path);
        if (rate > 0 && (double)p->ops[i].n / rate > floor_s)
            floor_s = (double)p->ops[i].n / rate;
    }
    return floor_s;
}

void dc_plan_wall_time(const dc_plan *p, unsigned jobs, double *typical, double *high)
{
    double sum_t = 0, sum_h = 0, max_t = 0, max_h = 0;
    for (size_t i = 0; i < p->ncases; i++) {
        sum_t += p->cases[i].s_typical;
        sum_h += p->cases[i].s_high;
        max_t = fmax(max_t, p->cases[i].s_typical);
        max_h = fmax(max_h, p->cases[i].s_high);
    }
    /* jobs beyond the concurrent-restore limit would only earn LimitExceededException */
    double limit = s_num(&p->pace, "concurrency.restores.limit");
    double j = jobs == 0 ? 1.0 : (double)jobs;
    if (limit >= 1 && j > limit)
        j = limit;
    double floor_s = s_rate_floor(p);
    *typical = fmax(fmax(sum_t / j, max_t), floor_s);
    *high = fmax(fmax(sum_h / j, max_h), floor_s);
}

/* ---- cost ----------------------------------------------------------------------------- */

static double s_price(const dc_plan *p, const char *key)
{
    char path[96];
    snprintf(path, sizeof path, "prices.%s.usd", key);
    return s_num(&p->prices, path);
}

static void s_item(const dc_plan *p, dc_plan_cost_item *items, size_t *n, const char *what, const char *key, double qty)
{
    char path[96];
    dc_plan_cost_item *it = &items[(*n)++];
    it->what = what;
    it->quantity = qty;
    snprintf(path, sizeof path, "prices.%s.per", key);
    it->unit = s_str(&p->prices, path);
    snprintf(path, sizeof path, "prices.%s.source", key);
    it->source = s_str(&p->prices, path);
    it->unit_usd = s_price(p, key);
    it->usd = qty * it->unit_usd;
}

double dc_plan_cost(const dc_plan *p, dc_plan_cost_item items[DC_PLAN_COST_ITEMS], size_t *nitems)
{
    dc_plan_cost_item local[DC_PLAN_COST_ITEMS];
    dc_plan_cost_item *it = items != NULL ? items : local;
    size_t n = 0;
    double item_kb = s_num(&p->prices, "assumptions.itemKb.value");
    double min_h = s_num(&p->prices, "assumptions.provisionedHoursMin.value");
    double rcu_h = 0, wcu_h = 0, gb_month_table = 0, gb_month_backup = 0, gb_month_pitr = 0, gb_restored = 0;
    for (size_t i = 0; i < p->ncases; i++) {
        const s_case_plan *cp = &p->cases[i];
        double hours = fmax(min_h, cp->s_typical / 3600.0);
        double tables = (double)(cp->rcu + cp->wcu > 0 ? 1 + cp->n.restores : 0);
        rcu_h += cp->rcu * hours * tables;
        wcu_h += cp->wcu * hours * tables;
        /* the case's data: what it writes, held for as long as the case runs */
        double gb = (double)cp->n.item_writes * item_kb / (1024.0 * 1024.0);
        double months = cp->s_typical / S_MONTH_S;
        gb_month_table += gb * months * (double)cp->n.tables;
        gb_month_backup += gb * months * (double)cp->n.backups;
        gb_month_pitr += gb * months * (double)cp->n.pitr_enables;
        gb_restored += gb * (double)cp->n.restores;
    }
    s_item(p, it, &n, "write request units", "writeRequestUnit", (double)p->total.item_writes * fmax(1.0, item_kb));
    s_item(p, it, &n, "read request units", "readRequestUnit", (double)p->total.item_reads);
    s_item(p, it, &n, "provisioned WCU-hours", "writeCapacityUnitHour", wcu_h);
    s_item(p, it, &n, "provisioned RCU-hours", "readCapacityUnitHour", rcu_h);
    s_item(p, it, &n, "table storage GB-months", "storageGbMonth", gb_month_table);
    s_item(p, it, &n, "backup storage GB-months", "backupGbMonth", gb_month_backup);
    s_item(p, it, &n, "PITR storage GB-months", "pitrGbMonth", gb_month_pitr);
    s_item(p, it, &n, "GB restored", "restoreGb", gb_restored);
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += it[i].usd;
    if (nitems != NULL)
        *nitems = n;
    return total;
}

/* ---- output ------------------------------------------------------------------------------ */

static void s_duration(double s, char *out, size_t n)
{
    long t = lround(s);
    if (t >= 3600)
        snprintf(out, n, "%ldh%02ldm", t / 3600, (t % 3600) / 60);
    else if (t >= 60)
        snprintf(out, n, "%ldm%02lds", t / 60, t % 60);
    else
        snprintf(out, n, "%lds", t);
}

void dc_plan_print(const dc_plan *p, unsigned jobs, const char *endpoint, FILE *out)
{
    const dc_plan_counts *t = &p->total;
    double typ, high;
    dc_plan_wall_time(p, jobs, &typ, &high);
    char ts[32], hs[32];
    s_duration(typ, ts, sizeof ts);
    s_duration(high, hs, sizeof hs);
    fprintf(out, "plan: %zu cases (%zu create something)%s%s\n", p->ncases, p->cases_creating,
            endpoint ? " against " : "", endpoint ? endpoint : "");
    fprintf(out, "  creates: %zu tables (%zu by restore: %zu from backups, %zu to a point in time), %zu backups,\n",
            t->tables, t->restores, t->restores - t->pitr_restores, t->pitr_restores, t->backups);
    fprintf(
        out,
        "           PITR enabled %zu times on %zu tables, %zu item writes, %zu item reads; %zu provisioned tables\n",
        t->pitr_enables, t->pitr_tables, t->item_writes, t->item_reads, t->provisioned);
    if (t->system_backups > 0)
        fprintf(out, "  leaves: %zu SYSTEM backups (tables deleted with PITR on; the service keeps them 35 days)\n",
                t->system_backups);
    fprintf(out, "  requests: %zu (waiter polls not counted)\n", t->requests);
    fprintf(out, "  wall time at the AWS pace with --jobs %u: about %s (up to %s; spec/pace-aws.json)\n",
            jobs ? jobs : 1, ts, hs);
    dc_plan_cost_item items[DC_PLAN_COST_ITEMS];
    size_t n;
    double usd = dc_plan_cost(p, items, &n);
    fprintf(out, "  cost: about $%.4f in %s at the prices of %s (spec/aws-prices.json); largest item: ", usd,
            s_str(&p->prices, "region"), s_str(&p->prices, "date"));
    size_t big = 0;
    for (size_t i = 1; i < n; i++)
        if (items[i].usd > items[big].usd)
            big = i;
    fprintf(out, "%s $%.4f\n", items[big].what, items[big].usd);
    if (p->nunprovable > 0)
        fprintf(out, "  %zu names are not built from ${unique}: sweep could not find them (first: %s step %d '%s')\n",
                p->nunprovable, p->unprovable[0].case_id, p->unprovable[0].step, p->unprovable[0].name);
}

static void s_json_counts(dc_buf *b, const dc_plan_counts *n)
{
    dc_jsonw_object(b);
    dc_jsonw_member_uint(b, "tables", n->tables);
    dc_jsonw_member_uint(b, "backups", n->backups);
    dc_jsonw_member_uint(b, "restores", n->restores);
    dc_jsonw_member_uint(b, "pitr_restores", n->pitr_restores);
    dc_jsonw_member_uint(b, "pitr_enables", n->pitr_enables);
    dc_jsonw_member_uint(b, "pitr_tables", n->pitr_tables);
    dc_jsonw_member_uint(b, "system_backups", n->system_backups);
    dc_jsonw_member_uint(b, "item_writes", n->item_writes);
    dc_jsonw_member_uint(b, "item_reads", n->item_reads);
    dc_jsonw_member_uint(b, "provisioned_tables", n->provisioned);
    dc_jsonw_member_uint(b, "requests", n->requests);
    dc_jsonw_object_end(b);
}

/* A number with digits significant digits (the writer has no doubles: JSON numbers printed our way). */
static void s_json_num(dc_buf *b, const char *k, int digits, double v)
{
    char t[64];
    snprintf(t, sizeof t, "%.*g", digits, isfinite(v) ? v : 0.0);
    dc_jsonw_member_raw(b, k, t);
}

int dc_plan_write_json(const dc_plan *p, unsigned jobs, const char *endpoint, const char *path, dc_err *err)
{
    dc_buf b;
    dc_buf_init(&b);
    double typ, high;
    dc_plan_wall_time(p, jobs, &typ, &high);
    dc_jsonw_object(&b);
    dc_jsonw_member_string(&b, "tool", "ddbconform");
    dc_jsonw_member_int(&b, "plan", 1);
    dc_jsonw_member_string(&b, "endpoint", endpoint); /* NULL: null (the embedded endpoint) */
    dc_jsonw_member_uint(&b, "cases", p->ncases);
    dc_jsonw_member_uint(&b, "cases_creating", p->cases_creating);
    dc_jsonw_key(&b, "creates");
    s_json_counts(&b, &p->total);
    dc_jsonw_key(&b, "wall_time_s");
    dc_jsonw_object(&b);
    dc_jsonw_member_uint(&b, "jobs", jobs ? jobs : 1);
    s_json_num(&b, "typical", 10, round(typ * 10) / 10);
    s_json_num(&b, "high", 10, round(high * 10) / 10);
    dc_jsonw_member_string(&b, "pace", "spec/pace-aws.json");
    dc_jsonw_object_end(&b);
    dc_plan_cost_item items[DC_PLAN_COST_ITEMS];
    size_t n;
    double usd = dc_plan_cost(p, items, &n);
    dc_jsonw_key(&b, "cost");
    dc_jsonw_object(&b);
    s_json_num(&b, "usd", 6, usd);
    dc_jsonw_member_string(&b, "region", s_str(&p->prices, "region"));
    dc_jsonw_member_string(&b, "prices_date", s_str(&p->prices, "date"));
    dc_jsonw_member_string(&b, "prices", "spec/aws-prices.json");
    dc_jsonw_key(&b, "items");
    dc_jsonw_array(&b);
    for (size_t i = 0; i < n; i++) {
        char path_src[96];
        snprintf(path_src, sizeof path_src, "sources.%s", items[i].source);
        const char *src = s_str(&p->prices, path_src);
        dc_jsonw_object(&b);
        dc_jsonw_member_string(&b, "what", items[i].what);
        s_json_num(&b, "quantity", 9, items[i].quantity);
        dc_jsonw_member_string(&b, "unit", items[i].unit);
        s_json_num(&b, "unit_usd", 9, items[i].unit_usd);
        s_json_num(&b, "usd", 9, items[i].usd);
        dc_jsonw_member_string(&b, "source", src[0] ? src : items[i].source);
        dc_jsonw_object_end(&b);
    }
    dc_jsonw_array_end(&b);
    dc_jsonw_object_end(&b);
    dc_jsonw_key(&b, "unprovable_names");
    dc_jsonw_array(&b);
    for (size_t i = 0; i < p->nunprovable; i++) {
        dc_jsonw_object(&b);
        dc_jsonw_member_string(&b, "case", p->unprovable[i].case_id);
        dc_jsonw_member_int(&b, "step", p->unprovable[i].step);
        dc_jsonw_member_string(&b, "name", p->unprovable[i].name);
        dc_jsonw_object_end(&b);
    }
    dc_jsonw_array_end(&b);
    /* what a test holds serve's log to: calls of the main steps that expect success */
    dc_jsonw_key(&b, "successful_calls");
    dc_jsonw_object(&b);
    for (size_t i = 0; i < p->nsucc; i++)
        dc_jsonw_member_uint(&b, p->succ[i].op, p->succ[i].n);
    dc_jsonw_object_end(&b);
    dc_jsonw_key(&b, "per_case");
    dc_jsonw_array(&b);
    for (size_t i = 0; i < p->ncases; i++) {
        const s_case_plan *cp = &p->cases[i];
        dc_jsonw_object(&b);
        dc_jsonw_member_string(&b, "id", cp->id);
        dc_jsonw_key(&b, "creates");
        s_json_counts(&b, &cp->n);
        s_json_num(&b, "seconds", 10, round(cp->s_typical * 10) / 10);
        dc_jsonw_object_end(&b);
    }
    dc_jsonw_array_end(&b);
    dc_jsonw_object_end(&b);
    dc_buf_putc(&b, '\n');
    int rc = dc_write_file_atomic(path, b.data, b.len, err);
    dc_buf_free(&b);
    return rc;
}
