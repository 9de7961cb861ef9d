/* fuzznet_pool.c - resources the fuzzer created and deleted: tracking, the
 * bounded pool of the fuzz stream's own, the set of deleted ones that
 * use-after-delete checks (fuzznet_internal.h). */
#include "netfuzz/fuzznet_internal.h"

static bool s_strset_has(const dc_fz_strset *set, const char *s, size_t len)
{
    for (dc_hash_node *n = dc_hash_first(&set->index, dc_hash_fnv1a(DC_HASH_FNV_SEED, s, len)); n != NULL;
         n = dc_hash_next(n)) {
        const dc_fz_strset_entry *e = DC_HASH_ENTRY(n, dc_fz_strset_entry, node);
        if (e->len == len && memcmp(e->s, s, len) == 0)
            return true;
    }
    return false;
}

/* Adds s (taking it) unless it is there (then frees it). */
static void s_strset_add(dc_fz_strset *set, char *s)
{
    size_t len = strlen(s);
    if (s_strset_has(set, s, len)) {
        free(s);
        return;
    }
    if (set->n == set->cap) {
        set->cap = set->cap ? 2 * set->cap : 64;
        set->items = dc_xrealloc(set->items, set->cap * sizeof *set->items);
        dc_hash_reset(&set->index, set->cap);
        for (size_t i = 0; i < set->n; i++)
            dc_hash_insert(&set->index, &set->items[i]->node, set->items[i]->node.key);
    }
    dc_fz_strset_entry *e = dc_xcalloc(1, sizeof *e);
    e->len = len;
    e->s = s;
    dc_hash_insert(&set->index, &e->node, dc_hash_fnv1a(DC_HASH_FNV_SEED, s, len));
    set->items[set->n++] = e;
}

void dc_fz_strset_free(dc_fz_strset *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free(set->items[i]->s);
        free(set->items[i]);
    }
    free(set->items);
    dc_hash_free(&set->index);
    memset(set, 0, sizeof *set);
}

/* One worker (jobs.h): its own connection, random stream, resources and counters. */

/* ---- resources created and deleted --------------------------------------------- */

/* ARNs the endpoint mints for the caller carry its account ([S:backup-lifecycle]):
 * the oracle needs it for the rules on other accounts' ARNs. The first
 * string of the answer that reads arn:<partition>:<service>:<region>:<12 digits>:
 * gives it, whichever member holds it. */
static void s_learn_account(dc_fz *fz, const dc_json *v)
{
    if (v == NULL || fz->account[0] != '\0')
        return;
    dc_arn a;
    if (dc_json_is_string(v)) {
        if (dc_arn_parse(v->str, v->str_len, &a) == 0 && strlen(a.account) == 12 &&
            strspn(a.account, "0123456789") == 12)
            memcpy(fz->account, a.account, 12);
        return;
    }
    for (size_t i = 0; i < v->count && fz->account[0] == '\0'; i++)
        s_learn_account(fz, &v->items[i]);
}

/* The index of del in fz->del_ops, or SIZE_MAX. */
static size_t s_del_index(const dc_fz *fz, const dc_operation *del)
{
    for (size_t d = 0; d < fz->ndel_ops; d++)
        if (fz->del_ops[d] == del)
            return d;
    return SIZE_MAX;
}

/* Remembers that del deleted the resource value names (spec "deletes" with a
 * goneError): a later request naming it must get that error. */
/* The gone set's entry for value deleted by del: "<operation>\n<value>" into b. */
static void s_gone_entry(dc_buf *b, const dc_operation *del, const char *value, size_t len)
{
    dc_buf_puts(b, del->name);
    dc_buf_putc(b, '\n');
    dc_buf_append(b, value, len);
}

static void s_note_gone(dc_fz *fz, const dc_operation *del, const char *value, size_t len)
{
    if (del->gone_error == NULL || fz->gone.n >= S_MAX_GONE)
        return;
    dc_buf b;
    dc_buf_init(&b);
    s_gone_entry(&b, del, value, len);
    s_strset_add(&fz->gone, dc_buf_take(&b));
}

/* What the spec says the 2xx answer of op created (its "creates"), to delete at
 * the end (or, when the fuzz stream created it, when the pool is full); and,
 * after a delete whose operation names a goneError, the value a later request
 * must not find. The duplicate check scans the tracked list: the set-up's
 * resources and at most S_POOL_BOUND (+ the few still busy) per deleting
 * operation, so it stays short. */
void dc_fz_track_response(dc_fz *fz, const char *op, const dc_fuzz_req *r, const dc_json *body, bool fuzz)
{
    s_learn_account(fz, body);
    const dc_operation *sop = dc_spec_operation(fz->o->spec, op);
    for (size_t i = 0; sop != NULL && i < sop->ncreated; i++) {
        const dc_json *v = dc_json_path(body, sop->created[i].response);
        size_t d = s_del_index(fz, sop->created[i].delete_with);
        if (!dc_json_is_string(v) || fz->ntracked >= S_MAX_TRACKED || d == SIZE_MAX)
            continue;
        dc_buf b;
        dc_buf_init(&b);
        dc_buf_printf(&b, "%s\n%s", sop->created[i].delete_with->name, v->str);
        bool dup = false;
        for (size_t k = 0; k < fz->ntracked && !dup; k++)
            dup = strcmp(fz->tracked[k].entry, (const char *)b.data) == 0;
        if (!dup) {
            fz->tracked[fz->ntracked++] = (dc_fz_tracked){dc_buf_take(&b), d, fuzz};
            if (fuzz)
                fz->pool_live[d]++;
        }
        dc_buf_free(&b);
    }
    if (sop != NULL && sop->gone_error != NULL && r != NULL && r->has_tree) {
        dc_mnode *m = dc_mnode_get((dc_mnode *)&r->tree, sop->delete_key);
        if (m == NULL || m->type != DC_MNODE_STRING)
            return;
        s_note_gone(fz, sop, m->text, m->len);
    }
}

/* The value of a "<operation>\n<value>" entry. */
static const char *s_entry_value(const char *entry)
{
    return strchr(entry, '\n') + 1;
}

/* The error a request naming a deleted resource must get, or NULL. */
const char *dc_fz_gone_error(dc_fz *fz, const dc_fuzz_req *r)
{
    if (fz->gone.n == 0 || !r->has_tree || r->tree.type != DC_MNODE_OBJECT)
        return NULL;
    for (size_t d = 0; d < fz->ndel_ops; d++) {
        const dc_operation *del = fz->del_ops[d];
        if (del->gone_error == NULL)
            continue;
        dc_mnode *m = dc_mnode_get((dc_mnode *)&r->tree, del->delete_key);
        if (m == NULL || m->type != DC_MNODE_STRING)
            continue;
        dc_buf key;
        dc_buf_init(&key);
        s_gone_entry(&key, del, m->text, m->len);
        bool gone = s_strset_has(&fz->gone, (const char *)key.data, key.len);
        dc_buf_free(&key);
        if (gone)
            return del->gone_error;
    }
    return NULL;
}

/* Deletes the resource of tracked entry t: the spec's "deletes" operation and
 * key, retried while it answers its busyError (a restore target still
 * CREATING, [S:restore-from-backup]) for at most retry_s seconds (0: once). Returns 1 when
 * it is gone (2xx, or an error that is not busyError: nothing left to
 * delete), 0 when it is still there (busy, or no answer). A 2xx is remembered
 * as dc_fz_track_response remembers a fuzz request's delete. */
int dc_fz_delete_tracked(dc_fz *fz, const dc_fz_tracked *t, double retry_s)
{
    const dc_operation *del = fz->del_ops[t->del];
    const char *val = s_entry_value(t->entry);
    dc_buf body;
    dc_buf_init(&body);
    dc_buf_putc(&body, '{');
    dc_buf_put_json_string(&body, del->delete_key, strlen(del->delete_key));
    dc_buf_putc(&body, ':');
    dc_buf_put_json_string(&body, val, strlen(val));
    dc_buf_putc(&body, '}');
    double end = s_now_s() + retry_s;
    int gone = 0;
    for (;;) {
        dc_http_response resp;
        dc_http_response_init(&resp);
        dc_json_doc doc;
        bool parsed = false;
        dc_err err;
        int rc = dc_fz_call(fz, del->name, (const char *)body.data, body.len, &resp, &doc, &parsed, &err);
        /* busyError: not deletable yet (a restore target still CREATING, [S:restore-from-backup]) */
        bool busy = rc == 0 && parsed && resp.status == 400 && del->busy_error != NULL &&
                    dc_json_string(dc_json_get(doc.root, "__type")) != NULL &&
                    strstr(dc_json_string(dc_json_get(doc.root, "__type")), del->busy_error) != NULL;
        if (rc == 0 && !busy)
            gone = 1;
        if (rc == 0 && resp.status / 100 == 2)
            s_note_gone(fz, del, val, strlen(val));
        if (parsed)
            dc_json_doc_free(&doc);
        dc_http_response_free(&resp);
        if (!busy || s_now_s() > end)
            break;
        s_sleep_s(0.2);
    }
    dc_buf_free(&body);
    return gone;
}

/* Drops tracked entry i (its resource is gone). */
static void s_untrack(dc_fz *fz, size_t i)
{
    if (fz->tracked[i].fuzz)
        fz->pool_live[fz->tracked[i].del]--;
    free(fz->tracked[i].entry);
    memmove(&fz->tracked[i], &fz->tracked[i + 1], (fz->ntracked - i - 1) * sizeof fz->tracked[0]);
    fz->ntracked--;
}

/* The pool's bound: while the fuzz stream's resources of one deleting
 * operation are more than S_POOL_BOUND, the oldest go (extra requests), right
 * after the answer that created one more - a point of the stream, not of the
 * clock. One still busy (a restore target CREATING) stays for the next time:
 * the stream does not wait for it. */
void dc_fz_pool_trim(dc_fz *fz)
{
    for (size_t d = 0; d < fz->ndel_ops; d++) {
        size_t over = fz->pool_live[d] > S_POOL_BOUND ? fz->pool_live[d] - S_POOL_BOUND : 0;
        for (size_t i = 0; i < fz->ntracked && over > 0;) {
            dc_fz_tracked *t = &fz->tracked[i];
            if (!t->fuzz || t->del != d) {
                i++;
                continue;
            }
            fz->pool_deleted++;
            over--;
            if (dc_fz_delete_tracked(fz, t, 0) == 1)
                s_untrack(fz, i);
            else
                i++;
        }
        if (fz->pool_live[d] > fz->pool_max[d])
            fz->pool_max[d] = fz->pool_live[d];
    }
}
