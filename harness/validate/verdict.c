/* verdict.c - building and printing verdicts (verdict.h). */
#include "validate/verdict.h"

#include <stdlib.h>
#include <string.h>

void dc_verdict_free(dc_verdict *out)
{
    free(out->message);
    memset(out, 0, sizeof *out);
}

static void s_member(dc_buf *out, const char *key, size_t key_len, const char *value, size_t value_len)
{
    dc_buf_put_json_string(out, key, key_len);
    dc_buf_putc(out, ':');
    dc_buf_put_json_string(out, value, value_len);
}

void dc_error_body_write(dc_buf *out, const char *type, size_t type_len, const char *key, const char *message,
                         size_t message_len)
{
    static const char type_key[] = "__type";
    dc_buf_putc(out, '{');
    if (message == NULL) {
        s_member(out, type_key, sizeof type_key - 1, type, type_len);
    } else if (dc_json_key_cmp(key, strlen(key), type_key, sizeof type_key - 1) < 0) { /* "Message" */
        s_member(out, key, strlen(key), message, message_len);
        dc_buf_putc(out, ',');
        s_member(out, type_key, sizeof type_key - 1, type, type_len);
    } else { /* "message" */
        s_member(out, type_key, sizeof type_key - 1, type, type_len);
        dc_buf_putc(out, ',');
        s_member(out, key, strlen(key), message, message_len);
    }
    dc_buf_putc(out, '}');
}

void dc_verdict_body(const dc_verdict *verdict, dc_buf *out)
{
    const dc_error_def *e = verdict->error;
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_printf(&b, "%s#%s", e->ns, e->name);
    dc_error_body_write(out, (const char *)b.data, b.len, e->message_key != NULL ? e->message_key : "message",
                        verdict->message, verdict->message_len);
    dc_buf_free(&b);
}

int dc_verdict_set(dc_verdict *out, const dc_spec *spec, const char *error, const char *message, const char *rule)
{
    return dc_verdict_setn(out, spec, error, message, message != NULL ? strlen(message) : 0, rule);
}

int dc_verdict_setn(dc_verdict *out, const dc_spec *spec, const char *error, const char *message, size_t len,
                    const char *rule)
{
    const dc_error_def *e = dc_spec_error(spec, error);
    if (e == NULL) {
        /* a spec without the error is a broken installation, not a request
         * problem: say so loudly in the verdict rather than crash */
        e = dc_spec_error(spec, "InternalServerError");
        if (e == NULL)
            return -1;
    }
    out->ok = false;
    out->error = e;
    out->message = NULL;
    out->message_len = 0;
    if (message != NULL) {
        out->message = dc_xmalloc(len + 1);
        memcpy(out->message, message, len);
        out->message[len] = '\0';
        out->message_len = len;
    }
    out->rule = rule;
    return 0;
}

int dc_validate_context_from_json(const dc_json *obj, dc_validate_context *ctx, dc_err *err)
{
    memset(ctx, 0, sizeof *ctx);
    if (!dc_json_is_object(obj))
        return dc_fail(err, "context: expected a JSON object");
    for (size_t i = 0; i < obj->count; i++) {
        const dc_json *m = &obj->items[i];
        const char *k = m->key;
        if (strcmp(k, "sourceTable") == 0 || strcmp(k, "backup") == 0 || strcmp(k, "continuousBackups") == 0) {
            if (!dc_json_is_object(m))
                return dc_fail(err, "context: %s: expected an object", k);
            if (k[0] == 's')
                ctx->source_table = m;
            else if (k[0] == 'b')
                ctx->backup = m;
            else
                ctx->continuous_backups = m;
        } else if (strcmp(k, "now") == 0) {
            if (!dc_json_is_number(m))
                return dc_fail(err, "context: now: expected epoch seconds as a number");
            ctx->has_now = true;
            ctx->now = m->num;
        } else if (strcmp(k, "region") == 0) {
            if (!dc_json_is_string(m))
                return dc_fail(err, "context: region: expected a string");
            ctx->region = m->str;
        } else if (strcmp(k, "account") == 0) {
            if (!dc_json_is_string(m) || m->str_len != 12 || strspn(m->str, "0123456789") != 12)
                return dc_fail(err, "context: account: expected a 12-digit account id as a string");
            ctx->account = m->str;
        } else {
            return dc_fail(err,
                           "context: unknown key '%s' (expected sourceTable, backup, continuousBackups, now, "
                           "region, account)",
                           k);
        }
    }
    return 0;
}
