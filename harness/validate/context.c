/* context.c - the validation core's context as spec/ declares it (see context.h). */
#include "validate/context.h"

#include <stdint.h>
#include <string.h>

/* {"<from member>":"<value>",...} from the request, or false when a key member is not a string. */
static bool s_describe_body(const dc_context_source *src, const dc_json *request, dc_buf *body)
{
    dc_buf_putc(body, '{');
    for (size_t k = 0; k < src->nkeys; k++) {
        const dc_json *v = dc_json_get(request, src->keys[k].request_member);
        if (!dc_json_is_string(v))
            return false;
        if (k > 0)
            dc_buf_putc(body, ',');
        dc_buf_put_json_string(body, src->keys[k].from_member, strlen(src->keys[k].from_member));
        dc_buf_putc(body, ':');
        dc_buf_put_json_string(body, v->str, v->str_len);
    }
    dc_buf_putc(body, '}');
    return true;
}

static bool s_conditions_hold(const dc_context_source *src, const dc_json *result)
{
    for (size_t i = 0; i < src->nserve_only_if; i++)
        if (!dc_json_string_eq(dc_json_path(result, src->serve_only_if[i].path), src->serve_only_if[i].value))
            return false;
    return true;
}

void dc_context_fetch(const dc_operation *op, const dc_json *request, dc_context_mode mode, dc_context_call_fn call,
                      void *user, dc_json_doc *docs, bool *have)
{
    for (size_t i = 0; op != NULL && i < op->ncontext; i++) {
        const dc_context_source *src = &op->context[i];
        if (have[src->slot])
            continue;
        dc_buf body;
        dc_buf_init(&body);
        dc_json_doc resp;
        if (s_describe_body(src, request, &body) &&
            call(user, src->from, (const char *)body.data, body.len, &resp) == 0) {
            const dc_json *res = dc_json_get(resp.root, src->result);
            if (res != NULL && (mode != DC_CONTEXT_FOR_ENDPOINT || s_conditions_hold(src, res))) {
                /* the slot keeps the whole response, rooted at the result
                 * member (the rules only follow paths below it): printing and
                 * re-parsing the member would give the same tree */
                docs[src->slot] = resp;
                docs[src->slot].root = (dc_json *)(uintptr_t)res;
                have[src->slot] = true;
            } else {
                dc_json_doc_free(&resp);
            }
        }
        dc_buf_free(&body);
    }
}

void dc_context_apply(const dc_json_doc *docs, const bool *have, dc_validate_context *ctx)
{
    if (have[DC_CONTEXT_SOURCE_TABLE])
        ctx->source_table = docs[DC_CONTEXT_SOURCE_TABLE].root;
    if (have[DC_CONTEXT_BACKUP])
        ctx->backup = docs[DC_CONTEXT_BACKUP].root;
    if (have[DC_CONTEXT_CONTINUOUS_BACKUPS])
        ctx->continuous_backups = docs[DC_CONTEXT_CONTINUOUS_BACKUPS].root;
}

void dc_context_docs_free(dc_json_doc *docs, bool *have)
{
    for (int i = 0; i < DC_CONTEXT_SLOT_COUNT; i++) {
        if (have[i])
            dc_json_doc_free(&docs[i]);
        have[i] = false;
    }
}
