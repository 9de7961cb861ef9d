/* baseline.c - loading baselines/<impl>.json and applying it to case results. */
#include "suite/baseline.h"

#include <stdlib.h>
#include <string.h>

#include "core/json.h"

int dc_baseline_parse(const char *file, const void *data, size_t len, dc_baseline *b, dc_err *err)
{
    dc_json_doc doc;
    dc_err perr;
    int rc = -1;
    memset(b, 0, sizeof *b);
    if (dc_json_parse(data, len, &doc, &perr) != 0)
        return dc_fail(err, "%s: not valid JSON: %s", file, perr.msg);
    const dc_json *root = doc.root, *impl = dc_json_get(root, "impl"), *cases = dc_json_get(root, "cases");
    if (doc.duplicate_keys > 0) {
        dc_fail(err, "%s: a case id or member is listed twice", file);
        goto cleanup;
    }
    if (!dc_json_is_object(root)) {
        dc_fail(err, "%s: (root): a baseline is a JSON object", file);
        goto cleanup;
    }
    for (size_t i = 0; i < root->count; i++) {
        const char *k = root->items[i].key;
        /* generatedBy: the file was written by tools/gen/moto-baseline.py (a marker, not read) */
        if (strcmp(k, "impl") != 0 && strcmp(k, "cases") != 0 && strcmp(k, "notes") != 0 &&
            strcmp(k, "generatedBy") != 0) {
            dc_fail(err, "%s: (root): unknown member '%s'", file, k);
            goto cleanup;
        }
    }
    if (!dc_json_is_string(impl) || impl->str_len == 0) {
        dc_fail(err, "%s: impl: must be the implementation's name, e.g. \"moto\"", file);
        goto cleanup;
    }
    if (!dc_json_is_object(cases)) {
        dc_fail(err, "%s: cases: must be an object of case id -> {\"reason\": ..., \"issue\": ...}", file);
        goto cleanup;
    }
    b->impl = dc_xstrdup(impl->str);
    b->items = dc_xcalloc(cases->count, sizeof *b->items);
    for (size_t i = 0; i < cases->count; i++) {
        const dc_json *e = &cases->items[i];
        const dc_json *reason = dc_json_get(e, "reason"), *issue = dc_json_get(e, "issue");
        if (!dc_json_is_object(e) || !dc_json_is_string(reason) || reason->str_len == 0) {
            dc_fail(err, "%s: cases.%s: must be an object with a non-empty \"reason\"", file, e->key);
            goto cleanup;
        }
        if (issue != NULL && !dc_json_is_string(issue)) {
            dc_fail(err, "%s: cases.%s.issue: must be a string", file, e->key);
            goto cleanup;
        }
        b->items[b->n].id = dc_xstrdup(e->key);
        b->items[b->n].reason = dc_xstrdup(reason->str);
        b->items[b->n].issue = issue ? dc_xstrdup(issue->str) : NULL;
        b->n++;
    }
    rc = 0;
cleanup:
    dc_json_doc_free(&doc);
    if (rc != 0)
        dc_baseline_free(b);
    return rc;
}

int dc_baseline_load(const char *file, dc_baseline *b, dc_err *err)
{
    dc_buf buf;
    dc_buf_init(&buf);
    memset(b, 0, sizeof *b);
    int rc = dc_read_file(file, DC_BASELINE_MAX_BYTES, &buf, err);
    if (rc == 0)
        rc = dc_baseline_parse(file, buf.data, buf.len, b, err);
    dc_buf_free(&buf);
    return rc;
}

void dc_baseline_free(dc_baseline *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->items[i].id);
        free(b->items[i].reason);
        free(b->items[i].issue);
    }
    free(b->items);
    free(b->impl);
    memset(b, 0, sizeof *b);
}

const dc_baseline_entry *dc_baseline_find(const dc_baseline *b, const char *id)
{
    for (size_t i = 0; b != NULL && i < b->n; i++)
        if (strcmp(b->items[i].id, id) == 0)
            return &b->items[i];
    return NULL;
}

void dc_baseline_apply(const dc_baseline *b, dc_case_result *c)
{
    const dc_baseline_entry *e = dc_baseline_find(b, c->id);
    if (e == NULL)
        return;
    if (c->status == DC_CASE_FAILED) {
        c->status = DC_CASE_XFAIL;
        free(c->reason);
        c->reason = dc_xstrdup(e->reason);
        free(c->issue);
        c->issue = e->issue ? dc_xstrdup(e->issue) : NULL;
    } else if (c->status == DC_CASE_PASSED) {
        c->fixed = true;
    }
}
