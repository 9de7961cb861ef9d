/* model.c - the model's lifecycle, its clock tick, the one dispatch table
 * (operation name -> handler in model_tables.c, model_backups.c, model_pitr.c
 * or model_restore.c) and the validation context built from the model's own
 * describe operations. What the parts share: model_internal.h. */
#include "endpoint/model_internal.h"

uint64_t dc_model_rand(dc_model *m)
{
    uint64_t z = (m->rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void dc_model_uuid(dc_model *m, char out[37])
{
    uint64_t a = dc_model_rand(m), b = dc_model_rand(m);
    snprintf(out, 37, "%08x-%04x-%04x-%04x-%012" PRIx64, (unsigned)(a >> 32), (unsigned)((a >> 16) & 0xffff),
             (unsigned)((a & 0x0fff) | 0x4000), (unsigned)(((b >> 48) & 0x3fff) | 0x8000),
             (uint64_t)(b & 0xffffffffffffull));
}

/* Fails the operation with spec/messages.json entry id, its {placeholders}
 * filled from the NULL-terminated (name, value) pairs; the error is the
 * entry's type. An id missing from the spec is a broken installation, said as
 * such rather than answered with an invented text. */
void dc_model_fail(const dc_model *m, dc_model_result *out, const char *id, ...)
{
    dc_buf b;
    dc_buf_init(&b);
    va_list ap;
    va_start(ap, id);
    int rc = dc_spec_message_vformat(m->opt.spec, id, &b, ap);
    va_end(ap);
    out->error = dc_spec_message_type(m->opt.spec, id);
    if (rc != 0 || out->error == NULL) {
        dc_buf_reset(&b);
        dc_buf_printf(&b, "ddbconform: spec/messages.json has no entry '%s'", id);
        out->error = "InternalServerError";
    }
    out->message = dc_buf_take(&b);
}

/* The validation core's answer to one missing required member (one clause
 * of constraint-not-null after validation-prefix-one), for a request the core
 * let through (model.h). */
void dc_model_fail_not_null(const dc_model *m, dc_model_result *out, const char *path)
{
    const dc_spec *spec = m->opt.spec;
    const char *constraint = dc_spec_message(spec, DC_MSG_ID("constraint-not-null"));
    dc_buf b;
    dc_buf_init(&b);
    if (constraint == NULL || dc_spec_message_format(spec, DC_MSG_ID("validation-prefix-one"), &b, NULL) != 0 ||
        dc_spec_message_format(spec, DC_MSG_ID("validation-clause"), &b, "value", "null", "path", path, "constraint",
                               constraint, NULL) != 0) {
        dc_buf_free(&b);
        dc_model_fail(m, out, DC_MSG_ID("constraint-not-null"), NULL);
        return;
    }
    out->error = dc_spec_message_type(spec, DC_MSG_ID("validation-clause"));
    out->message = dc_buf_take(&b);
}

/* The service's limit on simultaneous table operations ([S:rate-limits]: 500
 * tables CREATING, UPDATING or DELETING; its text [S:terraform-retry-substrings],
 * recorded with the older limit of 10). */
bool dc_model_table_ops_capacity(dc_model *m, dc_model_result *out)
{
    if (m->opt.max_changing_tables == 0)
        return true;
    size_t n = 0;
    for (size_t i = 0; i < m->ntables; i++)
        if (dc_model_table_status(m, m->tables[i]) != DC_MODEL_ACTIVE && strcmp(m->tables[i]->account, m->caller) == 0)
            n++;
    if (n < m->opt.max_changing_tables)
        return true;
    dc_model_fail(m, out, DC_MSG_ID("table-operations-limit-exceeded"), "n",
                  s_number((int64_t)m->opt.max_changing_tables).text, NULL);
    return false;
}

int64_t dc_model_restore_ms(const dc_model *m, size_t n)
{
    return m->opt.restore_ms + (int64_t)n * m->opt.restore_ms_per_kitem / 1000;
}

/* Tables whose DELETING time ran out disappear; so do those deleted at a
 * time the clock has since been set back from (the test control, after a
 * clocked case of run): DELETING longer than the configured time otherwise. */
static void s_tick(dc_model *m)
{
    size_t w = 0;
    for (size_t i = 0; i < m->ntables; i++) {
        dc_model_table *t = m->tables[i];
        if (t->deleting && (m->now >= t->gone_at_ms || t->gone_at_ms - m->now > m->opt.table_delete_ms))
            dc_model_table_free(t);
        else
            m->tables[w++] = t;
    }
    m->ntables = w;
}

/* ------------------------------------------------------------ model API */

void dc_model_options_default(dc_model_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->region = DC_MODEL_DEFAULT_REGION;
    opt->account = DC_MODEL_DEFAULT_ACCOUNT;
    opt->restore_ms = 50;
}

dc_model *dc_model_new(const dc_model_options *opt, dc_vclock *clock)
{
    dc_model *m = dc_xcalloc(1, sizeof *m);
    m->opt = *opt;
    m->region = dc_xstrdup(opt->region ? opt->region : DC_MODEL_DEFAULT_REGION);
    m->account = dc_xstrdup(opt->account ? opt->account : DC_MODEL_DEFAULT_ACCOUNT);
    m->opt.region = m->region;
    m->opt.account = m->account;
    dc_model_set_caller(m, NULL);
    m->clock = clock;
    m->rng = opt->seed ? opt->seed : (uint64_t)dc_vclock_now_ms(clock) ^ 0x5DEECE66Dull;
    return m;
}

void dc_model_free(dc_model *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->ntables; i++)
        dc_model_table_free(m->tables[i]);
    free(m->tables);
    for (size_t i = 0; i < m->nbackups; i++)
        dc_model_backup_free(m->backups[i]);
    free(m->backups);
    dc_hash_free(&m->arn_index);
    free(m->region);
    free(m->account);
    free(m);
}

void dc_model_set_caller(dc_model *m, const char *account)
{
    snprintf(m->caller, sizeof m->caller, "%s", account != NULL ? account : m->account);
}

size_t dc_model_table_count(dc_model *m)
{
    m->now = dc_vclock_now_ms(m->clock);
    s_tick(m);
    return m->ntables;
}

size_t dc_model_backup_count(dc_model *m)
{
    return m->nbackups;
}

void dc_model_result_free(dc_model_result *r)
{
    free(r->message);
    dc_buf_free(&r->body);
    r->message = NULL;
    r->error = NULL;
}

/* ------------------------------------------------------------ operations */

bool dc_model_require(const dc_model *m, dc_model_result *out, const char *v, const char *member)
{
    if (v != NULL)
        return true;
    dc_model_fail(m, out, DC_MSG_ID("parameter-required"), "member", member, NULL);
    return false;
}

typedef void (*s_op_fn)(dc_model *, const dc_json *, dc_model_result *);
static const struct {
    const char *name;
    s_op_fn fn;
} s_ops[] = {
    {"CreateTable", dc_model_op_create_table},
    {"DescribeTable", dc_model_op_describe_table},
    {"DeleteTable", dc_model_op_delete_table},
    {"PutItem", dc_model_op_put_item},
    {"GetItem", dc_model_op_get_item},
    {"DeleteItem", dc_model_op_delete_item},
    {"Scan", dc_model_op_scan},
    {"ListTables", dc_model_op_list_tables},
    {"CreateBackup", dc_model_op_create_backup},
    {"DescribeBackup", dc_model_op_describe_backup},
    {"DeleteBackup", dc_model_op_delete_backup},
    {"ListBackups", dc_model_op_list_backups},
    {"RestoreTableFromBackup", dc_model_op_restore_from_backup},
    {"RestoreTableToPointInTime", dc_model_op_restore_to_pitr},
    {"UpdateContinuousBackups", dc_model_op_update_cb},
    {"DescribeContinuousBackups", dc_model_op_describe_cb},
    {"UpdateTable", dc_model_op_update_table},
    {"UpdateTimeToLive", dc_model_op_update_ttl},
    {"DescribeTimeToLive", dc_model_op_describe_ttl},
    {"TagResource", dc_model_op_tag_resource},
    {"UntagResource", dc_model_op_untag_resource},
    {"ListTagsOfResource", dc_model_op_list_tags},
};

/* The handler of op, or NULL when the model does not serve it. */
static s_op_fn s_handler(const char *op)
{
    for (size_t i = 0; i < DC_ARRAY_LEN(s_ops); i++)
        if (strcmp(s_ops[i].name, op) == 0)
            return s_ops[i].fn;
    return NULL;
}

bool dc_model_knows(const char *op)
{
    return s_handler(op) != NULL;
}

void dc_model_execute(dc_model *m, const char *op, const dc_json *req, dc_model_result *out)
{
    memset(out, 0, sizeof *out);
    dc_buf_init(&out->body);
    m->now = dc_vclock_now_ms(m->clock);
    s_tick(m);
    s_op_fn fn = s_handler(op);
    if (fn == NULL) {
        dc_model_fail(m, out, DC_MSG_ID("unknown-operation"), NULL);
        return;
    }
    fn(m, req, out);
    if (out->error != NULL)
        dc_buf_reset(&out->body);
}

/* ------------------------------------------------------------ context */

/* A describe call of the context (validate/context.h), answered by the model's
 * handler without a tick: the clock was read once for the whole request. */
static int s_ctx_call(void *user, const dc_operation *from, const char *body, size_t len, dc_json_doc *out)
{
    dc_model *m = user;
    s_op_fn fn = s_handler(from->name);
    dc_json_doc req;
    if (fn == NULL || dc_json_parse(body, len, &req, NULL) != 0)
        return -1;
    dc_model_result res;
    memset(&res, 0, sizeof res);
    dc_buf_init(&res.body);
    fn(m, req.root, &res);
    int rc = res.error == NULL && dc_json_parse(res.body.data, res.body.len, out, NULL) == 0 ? 0 : -1;
    dc_model_result_free(&res);
    dc_json_doc_free(&req);
    return rc;
}

void dc_model_context_build(dc_model *m, const char *op, const dc_json *req, dc_model_context *out)
{
    memset(out, 0, sizeof *out);
    m->now = dc_vclock_now_ms(m->clock);
    s_tick(m);
    out->ctx.has_now = true;
    out->ctx.now = (double)m->now / 1000.0;
    out->ctx.region = m->region;
    dc_context_fetch(dc_spec_operation(m->opt.spec, op), req, DC_CONTEXT_FOR_ENDPOINT, s_ctx_call, m, out->docs,
                     out->have);
    dc_context_apply(out->docs, out->have, &out->ctx);
}

void dc_model_context_free(dc_model_context *c)
{
    dc_context_docs_free(c->docs, c->have);
}
