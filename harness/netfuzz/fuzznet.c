/* fuzznet.c - the network fuzzer (see fuzznet.h). */
#include "netfuzz/fuzznet.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "suite/cases.h"
#include "wire/awsjson.h"
#include "wire/check.h"
#include "wire/http.h"
#include "core/arn.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/jsonw.h"
#include "netfuzz/findings.h"
#include "netfuzz/fuzzreq.h"
#include "netfuzz/jobs.h"
#include "netfuzz/mutate.h"
#include "netfuzz/oracle.h"
#include "validate/context.h"
#include "validate/validate.h"

#define S_MAX_HEADERS DC_HTTP_MAX_REQUEST_HEADERS
#define S_MAX_SCENARIOS 256
#define S_MAX_TRACKED 4096 /* resources created during a run and not yet deleted (set-up + the pool) */
/* The pool: at most this many resources the fuzz stream created (not the
 * set-up's, which seeds name) stay on the endpoint per worker and deleting
 * operation; past it the oldest go at once. Without a bound a long run's
 * backups pile up on the endpoint (and on a real account, where they cost
 * money) until ListBackups answers reach their 1 MB page cap (facts: pages
 * are capped at 1 MB) and every one of them is parsed and checked: the run
 * slows down as it goes. 32 keeps a ListBackups answer at a few kB, leaves
 * the stream enough of its own resources to list, and keeps the tracked
 * list (set-up + 32 per kind) short enough to scan. */
#define S_POOL_BOUND 32
#define S_MAX_GONE 32768                        /* deleted resources remembered for use-after-delete (a hash set) */
#define S_MAX_DEL_OPS 8                         /* operations with "deletes" */
#define S_MAX_SEQ 3                             /* requests in one stateful sequence */
#define S_GEN_TRIES 300                         /* generated candidates tried per seedless operation */
#define S_WAIT_CAP_S 30.0                       /* longest set-up waiter, whatever the case asks */
#define S_CLEANUP_RETRY_S 5.0                   /* DeleteTable of a table still CREATING is retried this long */
#define S_FOREIGN_KEY_ID "AKIDDDBCONFORMFUZZ00" /* a key id no endpoint knows */

/* ---- small helpers ----------------------------------------------------------- */

static double s_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void s_sleep_s(double s)
{
    if (s <= 0)
        return;
    struct timespec ts = {(time_t)s, (long)((s - floor(s)) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* ---- headers ----------------------------------------------------------------- */

typedef dc_http_headers s_headers;

/* ---- requests ----------------------------------------------------------------- */

/* The request of one fuzz exchange (netfuzz/fuzzreq.h), with short names here. */
typedef dc_fuzz_req s_req;
typedef dc_fuzz_scenario s_scenario;

static const char *const s_hm_names[DC_FUZZ_HM_COUNT] = {
    "none",
    "content-type",
    "target",
    "auth-missing",
    "auth-not-aws4",
    "auth-no-params",
    "auth-no-signature",
    "auth-bad-signature",
    "auth-foreign-key",
    "auth-wrong-region",
    "auth-stale-body",
    "auth-bad-date",
};

/* ---- the state --------------------------------------------------------------- */

typedef struct {
    size_t scenario; /* SIZE_MAX for generated seeds */
    size_t step;     /* index in the scenario's steps */
    const char *op;  /* spec operation name */
    const dc_operation *sop;
    dc_mnode body; /* the request after substitution */
    bool generated;
} s_seed;

/* A resource the run created: "<deleting operation>\n<value>", that operation,
 * and whether the fuzz stream created it (the pool) or the set-up did. */
typedef struct {
    char *entry;
    size_t del; /* index in del_ops */
    bool fuzz;
} s_tracked;

/* A set of strings (core/hash.h, FNV-1a): the deleted resources, looked up
 * once per fuzz request. Entries hold their length: values may hold NUL. */
typedef struct {
    dc_hash_node node;
    size_t len;
    char *s; /* owned */
} s_strset_entry;

typedef struct {
    dc_hash index;
    s_strset_entry **items; /* owned, for growing and freeing */
    size_t n, cap;
} s_strset;

static bool s_strset_has(const s_strset *set, const char *s, size_t len)
{
    for (dc_hash_node *n = dc_hash_first(&set->index, dc_hash_fnv1a(DC_HASH_FNV_SEED, s, len)); n != NULL;
         n = dc_hash_next(n)) {
        const s_strset_entry *e = DC_HASH_ENTRY(n, s_strset_entry, node);
        if (e->len == len && memcmp(e->s, s, len) == 0)
            return true;
    }
    return false;
}

/* Adds s (taking it) unless it is there (then frees it). */
static void s_strset_add(s_strset *set, char *s)
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
    s_strset_entry *e = dc_xcalloc(1, sizeof *e);
    e->len = len;
    e->s = s;
    dc_hash_insert(&set->index, &e->node, dc_hash_fnv1a(DC_HASH_FNV_SEED, s, len));
    set->items[set->n++] = e;
}

static void s_strset_free(s_strset *set)
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
typedef struct {
    const dc_fuzz_opts *o;                /* the run's options with this worker's seed and share of the budget */
    unsigned worker;                      /* 0.. --jobs - 1 */
    char names[DC_FUZZ_NAME_PREFIX_SIZE]; /* first characters of the names it creates */
    char vtag[16];                        /* "" with one worker, else "[k] " before each --verbose line */
    dc_fuzz_store *store;                 /* the findings of all workers */
    dc_http_client *http;
    dc_validator *validator;
    dc_rng rng;
    char host[256];
    char path[256];
    s_scenario *sc;
    size_t nsc;
    s_seed *seeds;
    size_t nseeds;
    s_tracked tracked[S_MAX_TRACKED]; /* oldest first (spec "creates") */
    size_t ntracked;
    s_strset gone;                              /* "<deleting operation>\n<value>" (spec "deletes" with a goneError) */
    const dc_operation *del_ops[S_MAX_DEL_OPS]; /* the spec's operations with "deletes", in spec order */
    size_t ndel_ops;
    size_t pool_live[S_MAX_DEL_OPS];  /* the pool (fuzz-created, tracked) per deleting operation */
    size_t pool_max[S_MAX_DEL_OPS];   /* most it held after an answer was dealt with (+1 in between) */
    size_t pool_deleted;              /* pool deletes sent (extra requests) */
    size_t setup_live[S_MAX_DEL_OPS]; /* the set-up's resources when fuzzing began */
    char account[13];                 /* the caller's account, from the first ARN the endpoint minted; "" until then */
    size_t fresh_counter;
    size_t transport_in_a_row;
    double t0;
    bool stopping;
    dc_fuzz_stats *st; /* this worker's: requests, extra requests, seeds */
    /* the current stateful sequence (for the case file of a finding inside it) */
    s_req seq[S_MAX_SEQ];
    size_t nseq;
    size_t request_no;
} s_fz;

static bool s_time_up(s_fz *fz)
{
    const dc_fuzz_opts *o = fz->o;
    if (o->stop != NULL && *o->stop)
        return true;
    if (o->duration_s > 0 && s_now_s() - fz->t0 >= o->duration_s)
        return true;
    return fz->stopping;
}

/* ---- sending ------------------------------------------------------------------ */

/* Everything sent: the final header list and body, for the oracle and for findings. */
typedef struct {
    s_headers h;
    dc_buf body;
} s_wire;

static void s_wire_free(s_wire *w)
{
    dc_http_headers_free(&w->h);
    dc_buf_free(&w->body);
}

/* Builds the exact request (headers signed or broken as r says). */
static int s_build(s_fz *fz, const s_req *r, s_wire *w, dc_err *err)
{
    const dc_fuzz_opts *o = fz->o;
    memset(&w->h, 0, sizeof w->h);
    dc_buf_init(&w->body);
    dc_fuzz_req_body(r, &w->body);
    char target[128];
    const dc_service *svc = dc_spec_service(o->spec);
    snprintf(target, sizeof target, "%s.%s", svc->target_prefix, r->op);
    dc_http_headers_set(&w->h, "Host", fz->host);
    dc_http_headers_set(&w->h, "Content-Type", svc->content_type);
    dc_http_headers_set(&w->h, "X-Amz-Target", target);
    for (size_t i = 0; i < r->extra.n; i++)
        dc_http_headers_set(&w->h, r->extra.name[i], r->extra.value[i][0] == '\x01' ? NULL : r->extra.value[i]);
    if (!r->sign || r->hm == DC_FUZZ_HM_AUTH_MISSING)
        return 0;
    if (r->hm == DC_FUZZ_HM_AUTH_NOT_AWS4) {
        dc_http_headers_set(&w->h, "Authorization", DC_FUZZ_BASIC_AUTH);
        return 0;
    }
    if (r->hm == DC_FUZZ_HM_AUTH_NO_PARAMS) {
        dc_http_headers_set(&w->h, "Authorization", DC_SIGV4_ALGORITHM);
        return 0;
    }
    if (r->hm == DC_FUZZ_HM_AUTH_BAD_DATE)
        dc_http_headers_set(&w->h, "X-Amz-Date", "20150830T1236");
    dc_sigv4_header sh[S_MAX_HEADERS];
    for (size_t i = 0; i < w->h.n; i++)
        sh[i] = dc_sigv4_hdr(w->h.name[i], w->h.value[i]);
    size_t signed_len = w->body.len - (r->hm == DC_FUZZ_HM_AUTH_STALE_BODY ? 1 : 0);
    dc_sigv4_request req = {"POST", fz->path, NULL, sh, w->h.n, {w->body.data, signed_len}};
    dc_sigv4_credentials creds = o->creds;
    if (r->hm == DC_FUZZ_HM_AUTH_FOREIGN_KEY)
        creds.access_key_id = S_FOREIGN_KEY_ID;
    const char *region = o->region;
    if (r->hm == DC_FUZZ_HM_AUTH_WRONG_REGION)
        region = strcmp(o->region, "eu-west-3") == 0 ? "ap-south-2" : "eu-west-3";
    dc_sigv4_sign_opts so = {region, dc_spec_service(o->spec)->signing_name, (int64_t)time(NULL), NULL};
    dc_sigv4_signed sig;
    memset(&sig, 0, sizeof sig);
    dc_err serr;
    if (dc_sigv4_sign(&req, &creds, &so, &sig, &serr) != 0)
        return dc_fail(err, "%s: cannot sign the request: %s", r->op, serr.msg);
    if (sig.added_amz_date)
        dc_http_headers_set(&w->h, "X-Amz-Date", sig.amz_date);
    if (sig.added_security_token && o->creds.session_token != NULL)
        dc_http_headers_set(&w->h, "X-Amz-Security-Token", o->creds.session_token);
    dc_buf auth;
    dc_buf_init(&auth);
    dc_buf_append(&auth, sig.authorization.data, sig.authorization.len);
    char *sp = strstr((char *)auth.data, ", Signature=");
    if (r->hm == DC_FUZZ_HM_AUTH_NO_SIGNATURE && sp != NULL) {
        *sp = '\0';
    } else if (r->hm == DC_FUZZ_HM_AUTH_BAD_SIGNATURE && sp != NULL) {
        char *hex = sp + strlen(", Signature=");
        hex[0] = hex[0] == '0' ? '1' : '0'; /* one nibble off */
    }
    dc_http_headers_set(&w->h, "Authorization", (const char *)auth.data);
    dc_buf_free(&auth);
    dc_sigv4_signed_free(&sig);
    return 0;
}

/* Sends w; the response goes to resp (init'ed by the caller). 0: an HTTP
 * response came back; -1: transport failure (resp->error says which). */
static int s_send_wire(s_fz *fz, const char *op, const s_wire *w, dc_http_response *resp, dc_err *err)
{
    char **lines = dc_http_headers_lines(&w->h);
    if (fz->o->verbose != NULL)
        fprintf(fz->o->verbose, "%s> %s (%zu bytes)\n", fz->vtag, op, w->body.len);
    int rc = dc_http_request(fz->http, "POST", fz->o->endpoint, (const char *const *)lines, w->h.n, w->body.data,
                             w->body.len, resp, err);
    if (fz->o->verbose != NULL)
        fprintf(fz->o->verbose, "%s< %ld (%zu bytes)\n", fz->vtag, resp->status, resp->body.len);
    dc_http_lines_free(lines, w->h.n);
    return rc;
}

/* A plain signed call (set-up, context look-ups, clean-up): body JSON text. */
static int s_call(s_fz *fz, const char *op, const char *body, size_t len, dc_http_response *resp, dc_json_doc *doc,
                  bool *parsed, dc_err *err)
{
    s_req r;
    dc_fuzz_req_init(&r, op);
    dc_buf_append(&r.raw, body, len);
    s_wire w;
    int rc = s_build(fz, &r, &w, err);
    if (rc == 0)
        rc = s_send_wire(fz, op, &w, resp, err);
    fz->st->extra_requests++;
    *parsed = false;
    if (rc == 0 && doc != NULL && resp->body.len > 0 && dc_json_parse(resp->body.data, resp->body.len, doc, err) == 0)
        *parsed = true;
    s_wire_free(&w);
    dc_fuzz_req_free(&r);
    return rc;
}

/* ---- resources created and deleted --------------------------------------------- */

/* ARNs the endpoint mints for the caller carry its account ([S:backup-lifecycle]):
 * the oracle needs it for the rules on other accounts' ARNs. The first
 * string of the answer that reads arn:<partition>:<service>:<region>:<12 digits>:
 * gives it, whichever member holds it. */
static void s_learn_account(s_fz *fz, const dc_json *v)
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
static size_t s_del_index(const s_fz *fz, const dc_operation *del)
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

static void s_note_gone(s_fz *fz, const dc_operation *del, const char *value, size_t len)
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
static void s_track_response(s_fz *fz, const char *op, const s_req *r, const dc_json *body, bool fuzz)
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
            fz->tracked[fz->ntracked++] = (s_tracked){dc_buf_take(&b), d, fuzz};
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
static const char *s_gone_error(s_fz *fz, const s_req *r)
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
 * as s_track_response remembers a fuzz request's delete. */
static int s_delete_tracked(s_fz *fz, const s_tracked *t, double retry_s)
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
        int rc = s_call(fz, del->name, (const char *)body.data, body.len, &resp, &doc, &parsed, &err);
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
static void s_untrack(s_fz *fz, size_t i)
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
static void s_pool_trim(s_fz *fz)
{
    for (size_t d = 0; d < fz->ndel_ops; d++) {
        size_t over = fz->pool_live[d] > S_POOL_BOUND ? fz->pool_live[d] - S_POOL_BOUND : 0;
        for (size_t i = 0; i < fz->ntracked && over > 0;) {
            s_tracked *t = &fz->tracked[i];
            if (!t->fuzz || t->del != d) {
                i++;
                continue;
            }
            fz->pool_deleted++;
            over--;
            if (s_delete_tracked(fz, t, 0) == 1)
                s_untrack(fz, i);
            else
                i++;
        }
        if (fz->pool_live[d] > fz->pool_max[d])
            fz->pool_max[d] = fz->pool_live[d];
    }
}

/* ---- the oracle ------------------------------------------------------------------ */

typedef dc_oracle_pred s_pred;
typedef dc_oracle_verdict s_verdict;
#define s_pred_free dc_oracle_pred_free

typedef struct {
    dc_json_doc docs[3];
    bool have[3];
} s_ctx_docs;

static void s_ctx_docs_free(s_ctx_docs *c)
{
    for (int i = 0; i < 3; i++)
        if (c->have[i])
            dc_json_doc_free(&c->docs[i]);
    memset(c, 0, sizeof *c);
}

/* One describe call of the context (validate/context.h), sent to the endpoint under test. */
static int s_ctx_call(void *user, const dc_operation *from, const char *body, size_t len, dc_json_doc *out)
{
    s_fz *fz = user;
    dc_http_response resp;
    dc_http_response_init(&resp);
    bool parsed = false;
    dc_err err;
    int rc = s_call(fz, from->name, body, len, &resp, out, &parsed, &err);
    bool ok = rc == 0 && resp.status == 200 && parsed;
    if (parsed && !ok)
        dc_json_doc_free(out);
    dc_http_response_free(&resp);
    return ok ? 0 : -1;
}

/* Fetches the context the core's stateful rules need for request (op, root):
 * the describe calls spec/operations/<op>.json "context" names. */
static void s_fetch_context(s_fz *fz, const char *op, const dc_json *root, s_ctx_docs *cd, dc_validate_context *ctx)
{
    _Static_assert(DC_ARRAY_LEN(cd->docs) == DC_CONTEXT_SLOT_COUNT, "one doc per context slot");
    memset(ctx, 0, sizeof *ctx);
    ctx->region = fz->o->region;
    ctx->account = fz->account[0] != '\0' ? fz->account : NULL;
    ctx->has_now = true;
    ctx->now = (double)time(NULL);
    dc_context_fetch(dc_spec_operation(fz->o->spec, op), root, DC_CONTEXT_FOR_ORACLE, s_ctx_call, fz, cd->docs,
                     cd->have);
    dc_context_apply(cd->docs, cd->have, ctx);
}

/* The oracle's context hook: the describe calls of s_fetch_context, per request. */
typedef struct {
    s_fz *fz;
    s_ctx_docs cd;
} s_oracle_call;

static bool s_oracle_context(void *ctx, const char *op, const dc_json *root, dc_validate_context *out)
{
    s_oracle_call *c = ctx;
    s_fetch_context(c->fz, op, root, &c->cd, out);
    for (size_t i = 0; i < DC_ARRAY_LEN(c->cd.have); i++)
        if (c->cd.have[i])
            return true;
    return false;
}

static void s_oracle_context_end(void *ctx)
{
    s_ctx_docs_free(&((s_oracle_call *)ctx)->cd);
}

static bool s_oracle_state_error(void *ctx, const dc_operation *op, const char *name);

/* The oracle over this run: its spec, credentials and hooks. */
static dc_oracle s_oracle(s_fz *fz, s_oracle_call *call)
{
    const dc_fuzz_opts *o = fz->o;
    memset(call, 0, sizeof *call);
    call->fz = fz;
    dc_oracle orc = {
        .spec = o->spec,
        .validator = fz->validator,
        .level = o->level,
        .region = o->region,
        .creds = &o->creds,
        .path = fz->path,
        .ctx = call,
        .context = s_oracle_context,
        .context_end = s_oracle_context_end,
        .state_error = s_oracle_state_error,
    };
    return orc;
}

/* Predicts the answer to the exact request w (oracle.h). */
static void s_predict(s_fz *fz, const s_wire *w, s_pred *p)
{
    s_oracle_call call;
    dc_oracle orc = s_oracle(fz, &call);
    dc_oracle_wire ow = {&w->h, w->body.data, w->body.len};
    dc_oracle_predict(&orc, &ow, p);
}

/* ---- judging a response ----------------------------------------------------------- */

static bool s_is_state_error(const dc_spec *spec, const dc_operation *op, const char *name)
{
    for (size_t i = 0; i < op->nerrors; i++)
        if (strcmp(op->errors[i], name) == 0)
            return true;
    const dc_error_def *e = dc_spec_error(spec, name); /* errors.json "state": throttling, limits, access */
    return e != NULL && e->state;
}

static bool s_oracle_state_error(void *ctx, const dc_operation *op, const char *name)
{
    return s_is_state_error(((s_oracle_call *)ctx)->fz->o->spec, op, name);
}

/* ---- set-up: scenarios and seeds --------------------------------------------------- */

static void s_add_var_name(s_scenario *sc, const char *name)
{
    for (size_t i = 0; i < sc->nvar_names; i++)
        if (strcmp(sc->var_names[i], name) == 0)
            return;
    sc->var_names = dc_xrealloc(sc->var_names, (sc->nvar_names + 1) * sizeof *sc->var_names);
    sc->var_names[sc->nvar_names++] = name;
}

static void s_collect_captures(s_scenario *sc, const dc_json *t)
{
    if (t == NULL)
        return;
    if (t->type == DC_JSON_OBJECT) {
        for (size_t i = 0; i < t->count; i++) {
            if (strcmp(t->items[i].key, "$capture") == 0 && dc_json_is_string(&t->items[i]))
                s_add_var_name(sc, t->items[i].str);
            s_collect_captures(sc, &t->items[i]);
        }
    } else if (t->type == DC_JSON_ARRAY) {
        for (size_t i = 0; i < t->count; i++)
            s_collect_captures(sc, &t->items[i]);
    }
}

/* Without --ops: the operations in scope, not the plumbing ones (CreateTable,
 * PutItem, ...): the validation core models their shape only, not their
 * data-plane rules (key schema, billing), so its verdict is no oracle there. */
static bool s_op_wanted(const dc_fuzz_opts *o, const char *op)
{
    if (o->nops == 0) {
        const dc_operation *sop = dc_spec_operation(o->spec, op);
        return sop != NULL && !sop->plumbing;
    }
    for (size_t i = 0; i < o->nops; i++)
        if (strcmp(o->ops[i], op) == 0)
            return true;
    return false;
}

/* Sends one case call during set-up and stores its captures. */
static void s_setup_call(s_fz *fz, s_scenario *sc, const dc_call *call, const char *path, dc_json_doc *out_doc,
                         bool *out_parsed, long *status)
{
    dc_err err;
    *out_parsed = false;
    *status = 0;
    dc_json_doc req;
    dc_buf body;
    dc_buf_init(&body);
    if (call->raw_body != NULL) {
        if (dc_subst_text(call->raw_body->str, call->raw_body->str_len, sc->vars, path, &body, &err) != 0)
            goto done;
    } else if (call->request != NULL) {
        if (dc_subst(call->request, sc->vars, path, &req, &err) != 0)
            goto done;
        dc_json_print(req.root, &body);
        dc_json_doc_free(&req);
    } else {
        dc_buf_puts(&body, "{}");
    }
    dc_http_response resp;
    dc_http_response_init(&resp);
    if (s_call(fz, call->op, (const char *)body.data, body.len, &resp, out_doc, out_parsed, &err) == 0) {
        *status = resp.status;
        if (*out_parsed && resp.status / 100 == 2)
            s_track_response(fz, call->op, NULL, out_doc->root, false);
    } else if (resp.error == DC_HTTP_REFUSED || resp.error == DC_HTTP_DNS) {
        fz->stopping = true;
    }
    dc_http_response_free(&resp);
done:
    dc_buf_free(&body);
}

static void s_store_captures(s_scenario *sc, const dc_call *call, const dc_json *resp_root)
{
    dc_err err;
    if (call->has_expect && call->expect.body != NULL) {
        dc_json_doc t;
        if (dc_subst(call->expect.body, sc->vars, "", &t, &err) == 0) {
            dc_mismatches mm;
            dc_mismatches_init(&mm);
            (void)dc_match(t.root, resp_root, "", sc->vars, &mm);
            dc_mismatches_free(&mm);
            dc_json_doc_free(&t);
        }
    }
    for (size_t i = 0; call->capture != NULL && i < call->capture->count; i++) {
        const dc_json *c = &call->capture->items[i];
        const dc_json *v = dc_json_is_string(c) ? dc_json_path(resp_root, c->str) : NULL;
        if (v != NULL)
            (void)dc_vars_set(sc->vars, c->key, v, &err);
    }
}

static void s_setup_wait(s_fz *fz, s_scenario *sc, const dc_step *st)
{
    double limit = st->wait_timeout > 0 && st->wait_timeout < S_WAIT_CAP_S ? st->wait_timeout : S_WAIT_CAP_S;
    double interval = st->wait_interval > 0 ? st->wait_interval : 0.5;
    if (interval > 1.0)
        interval = 0.2; /* local endpoints settle fast; a real one just takes more polls */
    double end = s_now_s() + limit;
    while (!s_time_up(fz)) {
        dc_json_doc doc;
        bool parsed = false;
        long status = 0;
        s_setup_call(fz, sc, &st->wait, st->path, &doc, &parsed, &status);
        bool all = st->until != NULL;
        for (size_t i = 0; all && i < st->until->count; i++) {
            const dc_json *u = &st->until->items[i];
            if (strcmp(u->key, "$error") == 0) {
                dc_awsjson_error ae;
                all = parsed && dc_awsjson_error_read(doc.root, &ae) && dc_json_is_string(u) &&
                      ae.name_len == u->str_len && memcmp(ae.name, u->str, ae.name_len) == 0;
            } else {
                dc_json_doc tt;
                dc_err err;
                all = parsed && dc_subst(u, sc->vars, "", &tt, &err) == 0;
                if (all) {
                    dc_mismatches mm;
                    dc_mismatches_init(&mm);
                    all = dc_match(tt.root, dc_json_path(doc.root, u->key), u->key, sc->vars, &mm);
                    dc_mismatches_free(&mm);
                    dc_json_doc_free(&tt);
                }
            }
        }
        if (parsed)
            dc_json_doc_free(&doc);
        if (all || s_now_s() > end)
            break;
        s_sleep_s(interval);
    }
}

/* A member that names a resource the request creates (spec "creates.fresh"). */
static bool s_fresh_member(const dc_operation *op, const char *member)
{
    for (size_t i = 0; op != NULL && i < op->nfresh; i++)
        if (strcmp(op->fresh[i], member) == 0)
            return true;
    return false;
}

/* The seed is valid when the core accepts it without context. */
static bool s_core_accepts(s_fz *fz, const char *op, const dc_mnode *body)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_mnode_print(body, &b);
    dc_verdict v;
    memset(&v, 0, sizeof v);
    dc_err err;
    dc_validate_context ctx;
    memset(&ctx, 0, sizeof ctx);
    int rc = dc_validate(fz->validator, op, b.data, b.len, &ctx, &v, &err);
    bool ok = rc == 0 && v.ok;
    if (rc == 0)
        dc_verdict_free(&v);
    dc_buf_free(&b);
    return ok;
}

static void s_add_seed(s_fz *fz, size_t scenario, size_t step, const dc_operation *sop, dc_mnode *body, bool generated)
{
    if (fz->nseeds >= DC_FUZZ_MAX_SEEDS) {
        dc_mnode_clear(body);
        return;
    }
    s_seed *s = &fz->seeds[fz->nseeds++];
    s->scenario = scenario;
    s->step = step;
    s->op = sop->name;
    s->sop = sop;
    s->body = *body;
    s->generated = generated;
    memset(body, 0, sizeof *body);
}

static int s_setup(s_fz *fz, dc_err *err)
{
    const dc_fuzz_opts *o = fz->o;
    dc_case_ref *refs = NULL;
    size_t nrefs = 0;
    if (dc_cases_find(o->cases_path, &refs, &nrefs, err) != 0)
        return -1;
    fz->sc = dc_xcalloc(nrefs ? nrefs : 1, sizeof *fz->sc);
    fz->seeds = dc_xcalloc(DC_FUZZ_MAX_SEEDS, sizeof *fz->seeds);
    for (size_t ci = 0; ci < nrefs && fz->nsc < S_MAX_SCENARIOS && !s_time_up(fz); ci++) {
        s_scenario *sc = &fz->sc[fz->nsc];
        dc_err cerr;
        if (dc_case_load(refs[ci].file, refs[ci].id, &sc->c, &cerr) != 0) {
            if (o->console != NULL)
                fprintf(o->console, "fuzz: skipping %s\n", cerr.msg);
            continue;
        }
        if (dc_case_has_tag(&sc->c, "real-aws-only") || sc->c.clocked) { /* clocked: needs endpoint time */
            dc_case_free(&sc->c);
            continue;
        }
        fz->nsc++;
        sc->vars = dc_vars_new();
        /* names derive from the seed: the same seed sends the same requests */
        snprintf(sc->unique, sizeof sc->unique, "%s-%06x", fz->names, (unsigned)(dc_rng_next(&fz->rng) & 0xFFFFFF));
        char uuid[40], now[32];
        uint64_t a = dc_rng_next(&fz->rng), b = dc_rng_next(&fz->rng);
        snprintf(uuid, sizeof uuid, "%08x-%04x-4%03x-a%03x-%012llx", (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xFFFF,
                 (unsigned)a & 0xFFF, (unsigned)(b >> 52) & 0xFFF, (unsigned long long)(b & 0xFFFFFFFFFFFFULL));
        snprintf(now, sizeof now, "%lld", (long long)time(NULL));
        (void)dc_vars_set_string(sc->vars, "unique", sc->unique, &cerr);
        (void)dc_vars_set_string(sc->vars, "uuid", uuid, &cerr);
        (void)dc_vars_set_number(sc->vars, "now", now, &cerr);
        (void)dc_vars_set_string(sc->vars, "region", o->region, &cerr);
        s_add_var_name(sc, "unique");
        s_add_var_name(sc, "uuid");
        s_add_var_name(sc, "region");
        for (size_t i = 0; sc->c.vars != NULL && i < sc->c.vars->count; i++) {
            dc_json_doc v;
            if (dc_subst(&sc->c.vars->items[i], sc->vars, "vars", &v, &cerr) == 0) {
                (void)dc_vars_set(sc->vars, sc->c.vars->items[i].key, v.root, &cerr);
                dc_json_doc_free(&v);
            }
            s_add_var_name(sc, sc->c.vars->items[i].key);
        }
        for (size_t si = 0; si < sc->c.nsteps && !s_time_up(fz); si++) {
            const dc_step *st = &sc->c.steps[si];
            if (st->has_call) {
                const dc_call *call = &st->call;
                s_collect_captures(sc, call->has_expect ? call->expect.body : NULL);
                for (size_t k = 0; call->capture != NULL && k < call->capture->count; k++)
                    s_add_var_name(sc, call->capture->items[k].key);
                /* a seed: a plain signed call whose request the core accepts */
                const dc_operation *sop = dc_spec_operation(o->spec, call->op);
                dc_json_doc req;
                if (sop != NULL && call->sign && call->raw_body == NULL && call->headers == NULL &&
                    call->request != NULL && s_op_wanted(o, call->op) &&
                    dc_subst(call->request, sc->vars, st->path, &req, &cerr) == 0) {
                    dc_mnode body;
                    dc_mnode_from_json(req.root, &body);
                    dc_json_doc_free(&req);
                    if (s_core_accepts(fz, call->op, &body))
                        s_add_seed(fz, fz->nsc - 1, si, sop, &body, false);
                    else
                        dc_mnode_clear(&body);
                }
                dc_json_doc doc;
                bool parsed = false;
                long status = 0;
                s_setup_call(fz, sc, call, st->path, &doc, &parsed, &status);
                if (fz->stopping) {
                    dc_case_refs_free(refs, nrefs);
                    return dc_fail(err, "cannot reach %s: connection refused", o->endpoint);
                }
                if (parsed) {
                    s_store_captures(sc, call, doc.root);
                    dc_json_doc_free(&doc);
                }
            }
            if (st->has_wait)
                s_setup_wait(fz, sc, st);
        }
    }
    dc_case_refs_free(refs, nrefs);
    return 0;
}

/* A value of a seed member of this shape (the pick-th, cyclically), to give
 * generated seeds real targets; NULL when no seed has one. */
static const dc_mnode *s_pool_value(s_fz *fz, const dc_shape *shape, size_t pick)
{
    const dc_mnode *found[DC_FUZZ_MAX_SEEDS];
    size_t n = 0;
    for (size_t i = 0; i < fz->nseeds && n < DC_FUZZ_MAX_SEEDS; i++) {
        const s_seed *s = &fz->seeds[i];
        if (s->generated || s->body.type != DC_MNODE_OBJECT)
            continue;
        for (size_t k = 0; k < s->body.count && n < DC_FUZZ_MAX_SEEDS; k++) {
            const dc_mnode *m = &s->body.items[k];
            const dc_member *mm = dc_shape_member(s->sop->input, m->key ? m->key : "", m->key_len);
            if (mm != NULL && mm->shape == shape && m->type == DC_MNODE_STRING)
                found[n++] = m;
        }
    }
    return n ? found[pick % n] : NULL;
}

static void s_generated_seeds(s_fz *fz)
{
    const dc_fuzz_opts *o = fz->o;
    for (size_t i = 0; i < dc_spec_operation_count(o->spec); i++) {
        const dc_operation *op = dc_spec_operation_at(o->spec, i);
        if (!s_op_wanted(o, op->name))
            continue;
        bool have = false;
        for (size_t k = 0; k < fz->nseeds && !have; k++)
            have = strcmp(fz->seeds[k].op, op->name) == 0;
        if (have)
            continue;
        for (int t = 0; t < S_GEN_TRIES; t++) {
            dc_mnode body;
            dc_mutate_generate(&fz->rng, op->input, 0, &body);
            for (size_t k = 0; k < body.count; k++) {
                dc_mnode *m = &body.items[k];
                const dc_member *mm = dc_shape_member(op->input, m->key, m->key_len);
                const dc_mnode *pv = mm ? s_pool_value(fz, mm->shape, dc_rng_below(&fz->rng, 64)) : NULL;
                if (pv == NULL && mm != NULL && mm->shape->type == DC_SHAPE_STRING) {
                    /* a TableArn member may take a TableName value */
                    const dc_shape *alt = dc_spec_shape(o->spec, "TableName");
                    if (alt != NULL && mm->shape == dc_spec_shape(o->spec, "TableArn"))
                        pv = s_pool_value(fz, alt, dc_rng_below(&fz->rng, 64));
                }
                if (pv != NULL && !s_fresh_member(op, m->key))
                    dc_mnode_set_string(m, pv->text, pv->len);
            }
            if (s_core_accepts(fz, op->name, &body)) {
                s_add_seed(fz, SIZE_MAX, 0, op, &body, true);
                break;
            }
            dc_mnode_clear(&body);
        }
    }
}

/* ---- building fuzz requests ------------------------------------------------------------ */

static void s_freshen(s_fz *fz, s_req *r)
{
    if (!r->has_tree || r->tree.type != DC_MNODE_OBJECT)
        return;
    const dc_operation *op = dc_spec_operation(fz->o->spec, r->op);
    for (size_t k = 0; k < r->tree.count; k++) {
        dc_mnode *m = &r->tree.items[k];
        if (m->type != DC_MNODE_STRING || m->key == NULL || !s_fresh_member(op, m->key))
            continue;
        char buf[300];
        snprintf(buf, sizeof buf, "%.*s-f%zu", (int)(m->len > 240 ? 240 : m->len), m->text, ++fz->fresh_counter);
        dc_mnode_set_string(m, buf, strlen(buf));
    }
}

static void s_req_from_seed(const s_seed *s, s_req *r)
{
    dc_fuzz_req_init(r, s->op);
    dc_mnode_clone(&s->body, &r->tree);
    r->has_tree = true;
}

static void s_header_mutation(s_fz *fz, s_req *r)
{
    dc_fuzz_hm hm = (dc_fuzz_hm)(1 + dc_rng_below(&fz->rng, DC_FUZZ_HM_COUNT - 1));
    r->hm = hm;
    snprintf(r->mutator, sizeof r->mutator, "%s", s_hm_names[hm]);
    if (hm == DC_FUZZ_HM_CONTENT_TYPE) {
        static const char *const cts[] = {"application/x-amz-json-1.1",
                                          "text/plain",
                                          "application/json",
                                          "application/x-amz-json-1.0; charset=utf-8",
                                          "APPLICATION/X-AMZ-JSON-1.0",
                                          "application/xml",
                                          "\x01"};
        const char *ct = cts[dc_rng_below(&fz->rng, DC_ARRAY_LEN(cts))];
        dc_http_headers_set(&r->extra, "Content-Type", ct);
        snprintf(r->detail, sizeof r->detail, "Content-Type: %s", ct[0] == '\x01' ? "(none)" : ct);
    } else if (hm == DC_FUZZ_HM_TARGET) {
        char t[160], near[64];
        const char *prefix = dc_spec_service(fz->o->spec)->target_prefix;
        /* a prefix one version off: DynamoDB_20120810 -> DynamoDB_20120811 */
        snprintf(near, sizeof near, "%s", prefix);
        size_t nl = strlen(near);
        if (nl > 0)
            near[nl - 1] = near[nl - 1] == '9' ? '0' : (char)(near[nl - 1] + 1);
        switch (dc_rng_below(&fz->rng, 5)) {
        case 0: snprintf(t, sizeof t, "\x01"); break;
        case 1: snprintf(t, sizeof t, "%s.%sX", prefix, r->op); break;
        case 2: snprintf(t, sizeof t, "%s.%s", near, r->op); break;
        case 3: snprintf(t, sizeof t, "%s.%c%s", prefix, r->op[0] + 32, r->op + 1); break;
        default: snprintf(t, sizeof t, "%s.", prefix); break;
        }
        dc_http_headers_set(&r->extra, "X-Amz-Target", t);
        snprintf(r->detail, sizeof r->detail, "X-Amz-Target: %s", t[0] == '\x01' ? "(none)" : t);
    } else {
        snprintf(r->detail, sizeof r->detail, "%s", s_hm_names[hm]);
    }
}

static void s_body_mutation(s_fz *fz, const s_seed *s, s_req *r)
{
    size_t n = dc_rng_chance(&fz->rng, 20) ? 2 : 1;
    r->detail[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        dc_mutator m = (dc_mutator)dc_rng_below(&fz->rng, DC_MUT_BODY_COUNT);
        dc_mutation info;
        if (m == DC_MUT_SYNTAX_DAMAGE) {
            if (r->has_tree) {
                dc_buf_reset(&r->raw);
                dc_mnode_print(&r->tree, &r->raw);
                dc_mnode_clear(&r->tree);
                r->has_tree = false;
            }
            dc_mutate_bytes(&fz->rng, &r->raw, &info);
        } else if (!r->has_tree || dc_mutate_tree(&fz->rng, s->sop->input, &r->tree, m, &info) != 0) {
            /* nothing to apply it to: fall back to a mutation that always applies */
            if (!r->has_tree || dc_mutate_tree(&fz->rng, s->sop->input, &r->tree, DC_MUT_TYPE_SWAP, &info) != 0)
                if (!r->has_tree || dc_mutate_tree(&fz->rng, s->sop->input, &r->tree, DC_MUT_EXTRA_MEMBER, &info) != 0)
                    continue;
        }
        size_t used = strlen(r->detail);
        snprintf(r->mutator + (i ? strlen(r->mutator) : 0), sizeof r->mutator - (i ? strlen(r->mutator) : 0), "%s%s",
                 i ? "+" : "", dc_mutator_name(info.mutator));
        snprintf(r->detail + used, sizeof r->detail - used, "%s%s", used ? "; " : "", info.detail);
    }
}

/* ---- findings: names, case files, shrinking ----------------------------------------------- */

/* One full exchange: build, predict, send, judge. */
static void s_exchange(s_fz *fz, const s_req *r, s_pred *p, s_verdict *v, bool *transport)
{
    s_wire w;
    dc_err err;
    memset(p, 0, sizeof *p);
    memset(v, 0, sizeof *v);
    *transport = false;
    if (s_build(fz, r, &w, &err) != 0) {
        s_wire_free(&w);
        return;
    }
    s_predict(fz, &w, p);
    dc_http_response resp;
    dc_http_response_init(&resp);
    *transport = s_send_wire(fz, r->op, &w, &resp, &err) != 0;
    s_oracle_call call;
    dc_oracle orc = s_oracle(fz, &call);
    dc_oracle_wire ow = {&w.h, w.body.data, w.body.len};
    dc_json_doc doc; /* the answer, parsed once: by the judge, else here */
    dc_oracle_request orq = {r->op, r->mutator, s_gone_error(fz, r)};
    dc_oracle_judge_answer(&orc, &orq, &ow, p, &resp, *transport, v, &doc);
    if (!*transport && resp.status / 100 == 2) {
        if (doc.root == NULL && resp.body.len > 0)
            (void)dc_json_parse(resp.body.data, resp.body.len, &doc, &err);
        if (doc.root != NULL) {
            s_track_response(fz, r->op, r, doc.root, true);
            s_pool_trim(fz);
        }
    }
    dc_json_doc_free(&doc);
    dc_http_response_free(&resp);
    s_wire_free(&w);
}

typedef struct {
    s_fz *fz;
    s_req *base;
    dc_finding_class cls;
    const char *key;
} s_shrink_ctx;

static bool s_still_found(s_shrink_ctx *sx, s_req *cand)
{
    if (s_time_up(sx->fz))
        return false;
    s_pred p;
    s_verdict v;
    bool transport = false;
    s_exchange(sx->fz, cand, &p, &v, &transport);
    sx->fz->st->extra_requests++;
    bool same = v.found && v.cls == sx->cls && strcmp(v.key, sx->key) == 0;
    s_pred_free(&p);
    return same;
}

static bool s_shrink_tree_pred(const dc_mnode *candidate, void *ud)
{
    s_shrink_ctx *sx = ud;
    s_req cand;
    dc_fuzz_req_copy(sx->base, &cand);
    dc_mnode_clear(&cand.tree);
    dc_mnode_clone(candidate, &cand.tree);
    bool same = s_still_found(sx, &cand);
    dc_fuzz_req_free(&cand);
    return same;
}

static bool s_shrink_bytes_pred(const uint8_t *data, size_t len, void *ud)
{
    s_shrink_ctx *sx = ud;
    s_req cand;
    dc_fuzz_req_copy(sx->base, &cand);
    dc_buf_reset(&cand.raw);
    dc_buf_append(&cand.raw, data, len);
    bool same = s_still_found(sx, &cand);
    dc_fuzz_req_free(&cand);
    return same;
}

static void s_record(s_fz *fz, const s_seed *seed, s_req *r, const s_pred *p, const s_verdict *v)
{
    const dc_fuzz_opts *o = fz->o;
    char key[DC_FUZZ_SEEN_KEY_SIZE];
    snprintf(key, sizeof key, "%.60s %.300s", r->op, v->key);
    /* deduplicated over all workers: the first to meet it shrinks and writes it */
    size_t no = dc_fuzz_store_note(fz->store, v->cls, key, fz->worker, o->seed, fz->request_no);
    if (no == 0 || no > DC_FUZZ_MAX_FINDINGS)
        return;
    /* shrink a copy, then write the case */
    s_req small;
    dc_fuzz_req_copy(r, &small);
    size_t tries = o->shrink_tries ? o->shrink_tries : DC_FUZZ_DEFAULT_SHRINK_TRIES;
    s_shrink_ctx sx = {fz, &small, v->cls, v->key};
    bool sequence = fz->nseq > 1;
    if (v->cls != DC_FIND_TRANSPORT && !sequence) {
        if (small.has_tree)
            (void)dc_shrink_tree(&small.tree, s_shrink_tree_pred, &sx, tries, NULL);
        else
            (void)dc_shrink_bytes(&small.raw, s_shrink_bytes_pred, &sx, tries, NULL);
    }
    /* the expectation of the shrunk request: predict it again (without sending) */
    s_pred sp;
    s_wire w;
    dc_err err;
    memset(&sp, 0, sizeof sp);
    const s_pred *use = p;
    if (s_build(fz, &small, &w, &err) == 0) {
        s_predict(fz, &w, &sp);
        use = &sp;
    }
    s_wire_free(&w);
    char file[DC_FUZZ_SEEN_FILE_SIZE];
    snprintf(file, sizeof file, "%03zu-%s-%s", no, dc_finding_class_name(v->cls), r->op);
    dc_finding_place at = {
        .dir = o->findings_dir,
        .seed = o->seed, /* this worker's: alone, `fuzz --seed <it>` sends its requests */
        .request_no = fz->request_no,
        .scenario = seed->scenario != SIZE_MAX ? &fz->sc[seed->scenario] : NULL,
        .step = seed->step,
        .before = fz->seq,
        .nbefore = fz->nseq > 0 ? fz->nseq - 1 : 0,
    };
    bool written = dc_findings_write_case(&at, file, &small, use, v, &err) == 0;
    dc_fuzz_store_case(fz->store, no, file, written);
    if (!written && o->console != NULL)
        fprintf(o->console, "fuzz: %s\n", err.msg);
    if (o->console != NULL)
        fprintf(o->console, "FINDING %-18s %s %s: expected %.160s; got %.160s -> %s/cases/%s.json\n",
                dc_finding_class_name(v->cls), r->op, r->mutator, v->expected, v->actual, o->findings_dir, file);
    s_pred_free(&sp);
    dc_fuzz_req_free(&small);
}

/* ---- the loop ------------------------------------------------------------------------------ */

static void s_rate_wait(s_fz *fz, double *next)
{
    if (fz->o->rate <= 0)
        return;
    double now = s_now_s();
    if (*next > now)
        s_sleep_s(*next - now);
    *next = (*next > now ? *next : now) + 1.0 / fz->o->rate;
}

static bool s_budget_left(s_fz *fz)
{
    if (s_time_up(fz))
        return false;
    return fz->o->max_requests == 0 || fz->st->requests < fz->o->max_requests;
}

static void s_one(s_fz *fz, const s_seed *seed, s_req *r)
{
    s_pred p;
    s_verdict v;
    bool transport = false;
    fz->request_no = ++fz->st->requests;
    if (fz->o->verbose != NULL)
        fprintf(fz->o->verbose, "%s# %zu %s %s\n", fz->vtag, fz->request_no, r->op, r->mutator);
    s_exchange(fz, r, &p, &v, &transport);
    fz->transport_in_a_row = transport ? fz->transport_in_a_row + 1 : 0;
    if (fz->transport_in_a_row >= DC_FUZZ_MAX_TRANSPORT_IN_A_ROW)
        fz->stopping = true;
    if (v.found)
        s_record(fz, seed, r, &p, &v);
    s_pred_free(&p);
}

static void s_sequence(s_fz *fz, double *next)
{
    /* seeds of one scenario, in a random order, one maybe twice */
    const s_seed *first = &fz->seeds[dc_rng_below(&fz->rng, fz->nseeds)];
    const s_seed *pool[DC_FUZZ_MAX_SEEDS];
    size_t np = 0;
    for (size_t i = 0; i < fz->nseeds; i++)
        if (fz->seeds[i].scenario == first->scenario)
            pool[np++] = &fz->seeds[i];
    size_t n = 2 + dc_rng_below(&fz->rng, S_MAX_SEQ - 1);
    const s_seed *picked[S_MAX_SEQ];
    char names[200] = "";
    for (size_t i = 0; i < n; i++) {
        picked[i] = i > 0 && dc_rng_chance(&fz->rng, 30) ? picked[i - 1] : pool[dc_rng_below(&fz->rng, np)];
        size_t used = strlen(names);
        snprintf(names + used, sizeof names - used, "%s%s", i ? ">" : "", picked[i]->op);
    }
    fz->nseq = 0;
    for (size_t i = 0; i < n && s_budget_left(fz); i++) {
        s_req *r = &fz->seq[fz->nseq++];
        s_req_from_seed(picked[i], r);
        if (dc_rng_chance(&fz->rng, 70))
            s_freshen(fz, r);
        snprintf(r->mutator, sizeof r->mutator, "sequence");
        snprintf(r->detail, sizeof r->detail, "%s (step %zu)", names, i + 1);
        s_rate_wait(fz, next);
        s_one(fz, picked[i], r);
    }
    for (size_t i = 0; i < fz->nseq; i++)
        dc_fuzz_req_free(&fz->seq[i]);
    fz->nseq = 0;
}

static void s_loop(s_fz *fz)
{
    double next = s_now_s();
    while (s_budget_left(fz)) {
        size_t roll = dc_rng_below(&fz->rng, 100);
        if (roll < 8) {
            s_sequence(fz, &next);
            continue;
        }
        const s_seed *seed = &fz->seeds[dc_rng_below(&fz->rng, fz->nseeds)];
        s_req r;
        s_req_from_seed(seed, &r);
        if (roll < 16) {
            s_freshen(fz, &r);
            snprintf(r.mutator, sizeof r.mutator, "positive");
            snprintf(r.detail, sizeof r.detail, "the seed as it is");
        } else if (roll < 32) {
            s_header_mutation(fz, &r);
        } else {
            s_body_mutation(fz, seed, &r);
        }
        s_rate_wait(fz, &next);
        s_one(fz, seed, &r);
        dc_fuzz_req_free(&r);
    }
}

/* ---- clean-up and summary --------------------------------------------------------------------- */

static void s_cleanup(s_fz *fz)
{
    /* the cases' own clean-up, then everything else the run created */
    for (size_t i = 0; i < fz->nsc; i++) {
        s_scenario *sc = &fz->sc[i];
        for (size_t k = 0; k < sc->c.ncleanup; k++) {
            if (!sc->c.cleanup[k].has_call)
                continue;
            dc_json_doc doc;
            bool parsed = false;
            long status = 0;
            s_setup_call(fz, sc, &sc->c.cleanup[k].call, sc->c.cleanup[k].path, &doc, &parsed, &status);
            if (parsed)
                dc_json_doc_free(&doc);
        }
    }
    /* what the run created, by deleting operation in spec order (backups before tables) */
    for (size_t d = 0; d < fz->ndel_ops; d++)
        for (size_t i = 0; i < fz->ntracked; i++)
            if (fz->tracked[i].del == d)
                (void)s_delete_tracked(fz, &fz->tracked[i], S_CLEANUP_RETRY_S);
}

/* A run's workers (one without --jobs). */
typedef struct {
    s_fz fz;
    dc_fuzz_opts o;   /* the run's options with this worker's seed, share of --requests and of --rate */
    dc_fuzz_stats st; /* this worker's counters */
    pthread_t thread;
    int rc; /* of its set-up */
    dc_err err;
    double loop_end_s;          /* when its fuzzing loop ended (s_now_s) */
    size_t sent_before_loop;    /* requests it had sent when the loop began */
    size_t sent_before_cleanup; /* ... and when its clean-up began */
} s_worker;

/* summary.json's "byOperation": distinct findings per operation, in first-seen order. */
static void s_summary_by_operation(const dc_fuzz_store *store, dc_buf *b)
{
    const char *ops[64];
    size_t counts[64], nops = 0;
    for (size_t i = 0; i < store->nseen; i++) {
        char op[64];
        snprintf(op, sizeof op, "%.*s", (int)strcspn(store->seen[i].key, " "), store->seen[i].key);
        size_t j = 0;
        while (j < nops && strcmp(ops[j], op) != 0)
            j++;
        if (j == nops && nops < 64) {
            ops[nops] = dc_xstrdup(op);
            counts[nops++] = 0;
        }
        if (j < nops)
            counts[j]++;
    }
    dc_jsonw_key(b, "byOperation");
    dc_jsonw_object(b);
    for (size_t i = 0; i < nops; i++) {
        dc_jsonw_member_uint(b, ops[i], counts[i]);
        free((char *)ops[i]);
    }
    dc_jsonw_object_end(b);
}

/* summary.json's "list": every distinct finding. */
static void s_summary_list(const dc_fuzz_store *store, unsigned jobs, dc_buf *b)
{
    dc_jsonw_key(b, "list");
    dc_jsonw_array(b);
    for (size_t i = 0; i < store->nseen; i++) {
        const dc_fuzz_seen *f = &store->seen[i];
        dc_jsonw_object(b);
        dc_jsonw_member_string(b, "class", dc_finding_class_name(f->cls));
        dc_jsonw_member_string(b, "key", f->key);
        dc_jsonw_member_uint(b, "count", f->count);
        if (f->file[0]) {
            char c[sizeof f->file + 16];
            snprintf(c, sizeof c, "cases/%s.json", f->file);
            dc_jsonw_member_string(b, "case", c);
        }
        if (jobs > 1) { /* who met it first; that worker alone: fuzz --seed <seed>, its request <request> */
            dc_jsonw_member_uint(b, "worker", f->worker);
            dc_jsonw_member_uint(b, "seed", f->seed);
            dc_jsonw_member_uint(b, "request", f->request);
        }
        dc_jsonw_object_end(b);
    }
    dc_jsonw_array_end(b);
}

/* "<name>":{"ms":..,"requests":..} of one phase. */
static void s_summary_phase(dc_buf *b, const char *name, double seconds, size_t requests)
{
    dc_jsonw_key(b, name);
    dc_jsonw_object(b);
    dc_jsonw_member_int(b, "ms", (int64_t)(seconds * 1000.0));
    dc_jsonw_member_uint(b, "requests", requests);
    dc_jsonw_object_end(b);
}

/* summary.json's "pool" (S_POOL_BOUND): per deleting operation, the set-up's
 * resources when fuzzing began (all workers) and the most of the fuzz
 * stream's one worker held after an answer was dealt with (one more in the
 * moment between a creating answer and the pool's delete); the pool's deletes. */
static void s_summary_pool(const s_worker *w, unsigned jobs, dc_buf *b)
{
    size_t deletes = 0;
    for (unsigned i = 0; i < jobs; i++)
        deletes += w[i].fz.pool_deleted;
    dc_jsonw_key(b, "pool");
    dc_jsonw_object(b);
    dc_jsonw_member_int(b, "bound", S_POOL_BOUND);
    dc_jsonw_member_uint(b, "deletes", deletes);
    dc_jsonw_key(b, "setUp");
    dc_jsonw_object(b);
    for (size_t d = 0; d < w[0].fz.ndel_ops; d++) {
        size_t n = 0;
        for (unsigned i = 0; i < jobs; i++)
            n += w[i].fz.setup_live[d];
        dc_jsonw_member_uint(b, w[0].fz.del_ops[d]->name, n);
    }
    dc_jsonw_object_end(b);
    dc_jsonw_key(b, "mostPerWorker");
    dc_jsonw_object(b);
    for (size_t d = 0; d < w[0].fz.ndel_ops; d++) {
        size_t n = 0;
        for (unsigned i = 0; i < jobs; i++)
            n = w[i].fz.pool_max[d] > n ? w[i].fz.pool_max[d] : n;
        dc_jsonw_member_uint(b, w[0].fz.del_ops[d]->name, n);
    }
    dc_jsonw_object_end(b);
    dc_jsonw_object_end(b);
}

static void s_summary(const dc_fuzz_opts *o, const dc_fuzz_store *store, const dc_fuzz_stats *st, const s_worker *w,
                      unsigned jobs, dc_err *err)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_jsonw_object(&b);
    dc_jsonw_member_string(&b, "tool", "ddbconform");
    dc_jsonw_member_string(&b, "command", "fuzz");
    dc_jsonw_member_string(&b, "endpoint", o->endpoint);
    dc_jsonw_member_uint(&b, "seed", o->seed);
    dc_jsonw_member_string(&b, "level", o->level == DC_CHECK_STRICT ? "strict" : "compat");
    dc_jsonw_member_uint(&b, "requests", st->requests);
    dc_jsonw_member_uint(&b, "extraRequests", st->extra_requests);
    dc_jsonw_member_uint(&b, "seeds", st->seeds);
    dc_jsonw_member_int(&b, "durationMs", (int64_t)(st->seconds * 1000.0));
    dc_jsonw_member_uint(&b, "findings", st->findings);
    dc_jsonw_member_uint(&b, "written", st->written);
    dc_jsonw_member_uint(&b, "occurrences", st->occurrences);
    dc_jsonw_key(&b, "byClass");
    dc_jsonw_object(&b);
    for (int c = 0; c < DC_FIND_COUNT; c++)
        if (st->by_class[c] > 0)
            dc_jsonw_member_uint(&b, dc_finding_class_name((dc_finding_class)c), st->by_class[c]);
    dc_jsonw_object_end(&b);
    s_summary_by_operation(store, &b);
    s_summary_list(store, jobs, &b);
    dc_jsonw_member_uint(&b, "jobs", jobs);
    dc_jsonw_member_int(&b, "cpuMs", (int64_t)(st->cpu_seconds * 1000.0));
    dc_jsonw_key(&b, "phases");
    dc_jsonw_object(&b);
    s_summary_phase(&b, "setup", st->setup_seconds, st->setup_requests);
    s_summary_phase(&b, "fuzzing", st->fuzz_seconds, st->fuzz_phase_requests);
    s_summary_phase(&b, "cleanup", st->cleanup_seconds, st->cleanup_requests);
    dc_jsonw_object_end(&b);
    s_summary_pool(w, jobs, &b);
    if (jobs > 1) {
        dc_jsonw_key(&b, "workers");
        dc_jsonw_array(&b);
        for (unsigned i = 0; i < jobs; i++) {
            dc_jsonw_object(&b);
            dc_jsonw_member_uint(&b, "worker", i);
            dc_jsonw_member_uint(&b, "seed", w[i].o.seed);
            dc_jsonw_member_uint(&b, "requests", w[i].st.requests);
            dc_jsonw_member_uint(&b, "extraRequests", w[i].st.extra_requests);
            dc_jsonw_member_uint(&b, "seeds", w[i].st.seeds);
            dc_jsonw_object_end(&b);
        }
        dc_jsonw_array_end(&b);
    }
    dc_jsonw_object_end(&b);
    dc_buf_putc(&b, '\n');
    char path[4096];
    snprintf(path, sizeof path, "%s/summary.json", o->findings_dir);
    if (dc_write_file_atomic(path, b.data, b.len, err) != 0 && o->console != NULL)
        fprintf(o->console, "fuzz: %s\n", err->msg);
    dc_buf_free(&b);
}

static int s_mkdirs(const char *dir, dc_err *err)
{
    char p[4096];
    if (strlen(dir) > sizeof p - 16)
        return dc_fail(err, "%.100s...: findings folder name too long", dir);
    snprintf(p, sizeof p, "%.4000s/cases", dir);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST)
            return dc_fail(err, "%s: cannot create: %s", p, strerror(errno));
        *s = '/';
    }
    if (mkdir(p, 0755) != 0 && errno != EEXIST)
        return dc_fail(err, "%s: cannot create: %s", p, strerror(errno));
    return 0;
}

/* Host header value and request path of the endpoint URL. */
static int s_parse_endpoint(s_fz *fz, const char *url, dc_err *err)
{
    const char *p = strstr(url, "://");
    if (p == NULL || (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0))
        return dc_fail(err, "--endpoint %s: expected http://host[:port][/path]", url);
    p += 3;
    size_t hl = strcspn(p, "/?#");
    if (hl == 0 || hl >= sizeof fz->host)
        return dc_fail(err, "--endpoint %s: no host", url);
    snprintf(fz->host, sizeof fz->host, "%.*s", (int)hl, p);
    const char *path = p + hl;
    if (*path == '?' || *path == '#')
        return dc_fail(err, "--endpoint %s: no query or fragment allowed", url);
    snprintf(fz->path, sizeof fz->path, "%s", *path ? path : "/");
    return 0;
}

/* CPU time of the whole process (every thread), user + system, in seconds. */
static double s_cpu_s(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec / 1e6;
}

/* Worker k: its options (seed, share of the budget), names, connection and validator. */
static int s_worker_init(s_worker *w, unsigned k, unsigned jobs, const dc_fuzz_opts *o, dc_fuzz_store *store, double t0,
                         dc_err *err)
{
    s_fz *fz = &w->fz;
    w->o = *o;
    w->o.seed = dc_fuzz_worker_seed(o->seed, k);
    w->o.max_requests = dc_fuzz_worker_share(o->max_requests, jobs, k);
    w->o.rate = o->rate / jobs;
    fz->o = &w->o;
    fz->st = &w->st;
    fz->store = store;
    fz->worker = k;
    fz->t0 = t0;
    dc_fuzz_worker_prefix(k, fz->names);
    if (jobs > 1)
        snprintf(fz->vtag, sizeof fz->vtag, "[%u] ", k);
    dc_rng_seed(&fz->rng, w->o.seed);
    for (size_t i = 0; i < dc_spec_operation_count(o->spec); i++) {
        const dc_operation *op = dc_spec_operation_at(o->spec, i);
        if (op->delete_key == NULL)
            continue;
        if (fz->ndel_ops == S_MAX_DEL_OPS)
            return dc_fail(err, "the spec has more than %d deleting operations", S_MAX_DEL_OPS);
        fz->del_ops[fz->ndel_ops++] = op;
    }
    if (s_parse_endpoint(fz, o->endpoint, err) != 0)
        return -1;
    dc_http_options ho;
    memset(&ho, 0, sizeof ho);
    ho.total_timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : DC_FUZZ_DEFAULT_TIMEOUT_MS;
    ho.connect_timeout_ms = ho.total_timeout_ms < DC_HTTP_DEFAULT_CONNECT_TIMEOUT_MS
                                ? ho.total_timeout_ms
                                : DC_HTTP_DEFAULT_CONNECT_TIMEOUT_MS;
    if ((fz->http = dc_http_client_new(&ho, err)) == NULL)
        return -1;
    fz->validator = dc_validator_new(o->spec);
    return 0;
}

static void s_worker_free(s_worker *w)
{
    s_fz *fz = &w->fz;
    for (size_t i = 0; i < fz->nsc; i++) {
        dc_case_free(&fz->sc[i].c);
        dc_vars_free(fz->sc[i].vars);
        free(fz->sc[i].var_names);
    }
    free(fz->sc);
    for (size_t i = 0; i < fz->nseeds; i++)
        dc_mnode_clear(&fz->seeds[i].body);
    free(fz->seeds);
    for (size_t i = 0; i < fz->ntracked; i++)
        free(fz->tracked[i].entry);
    s_strset_free(&fz->gone);
    dc_validator_free(fz->validator);
    dc_http_client_free(fz->http);
}

static void *s_worker_setup(void *arg)
{
    s_worker *w = arg;
    w->rc = s_setup(&w->fz, &w->err);
    if (w->rc == 0) {
        s_generated_seeds(&w->fz);
        w->st.seeds = w->fz.nseeds;
    }
    return NULL;
}

static size_t s_sent(const s_worker *w)
{
    return w->st.requests + w->st.extra_requests;
}

static void *s_worker_fuzz(void *arg)
{
    s_worker *w = arg;
    w->sent_before_loop = s_sent(w);
    for (size_t i = 0; i < w->fz.ntracked; i++)
        w->fz.setup_live[w->fz.tracked[i].del]++;
    s_loop(&w->fz);
    w->loop_end_s = s_now_s();
    w->sent_before_cleanup = s_sent(w);
    w->fz.stopping = false;
    s_cleanup(&w->fz);
    return NULL;
}

static void *s_worker_cleanup(void *arg)
{
    s_worker *w = arg;
    w->fz.stopping = false;
    s_cleanup(&w->fz);
    return NULL;
}

/* The phases of a run whose set-up began at t0 and whose fuzzing began at
 * fuzz_t0 (dc_fuzz_stats). */
static void s_phases(const s_worker *w, unsigned jobs, double t0, double fuzz_t0, dc_fuzz_stats *st)
{
    double loop_end = fuzz_t0, end = s_now_s();
    for (unsigned k = 0; k < jobs; k++) {
        if (w[k].loop_end_s > loop_end)
            loop_end = w[k].loop_end_s;
        st->setup_requests += w[k].sent_before_loop;
        st->fuzz_phase_requests += w[k].sent_before_cleanup - w[k].sent_before_loop;
        st->cleanup_requests += s_sent(&w[k]) - w[k].sent_before_cleanup;
    }
    st->setup_seconds = fuzz_t0 - t0;
    st->fuzz_seconds = loop_end - fuzz_t0;
    st->cleanup_seconds = end - loop_end;
}

/* fn for every worker: on this thread with one worker, else one thread each. */
static void s_each_worker(s_worker *w, unsigned jobs, void *(*fn)(void *))
{
    if (jobs == 1) {
        fn(&w[0]);
        return;
    }
    bool started[DC_FUZZ_MAX_JOBS] = {false};
    for (unsigned k = 0; k < jobs; k++)
        started[k] = pthread_create(&w[k].thread, NULL, fn, &w[k]) == 0;
    for (unsigned k = 0; k < jobs; k++) {
        if (started[k])
            pthread_join(w[k].thread, NULL);
        else
            fn(&w[k]); /* no thread to be had: this worker runs after the others */
    }
}

int dc_fuzz_run(const dc_fuzz_opts *o, dc_fuzz_stats *stats, dc_err *err)
{
    memset(stats, 0, sizeof *stats);
    double t0 = s_now_s(), cpu0 = s_cpu_s();
    int rc = -1;
    unsigned jobs = o->jobs == 0 ? 1 : o->jobs > DC_FUZZ_MAX_JOBS ? DC_FUZZ_MAX_JOBS : o->jobs;
    if (o->max_requests > 0 && o->max_requests < jobs)
        jobs = (unsigned)o->max_requests; /* every worker sends at least one request */
    dc_fuzz_store store;
    dc_fuzz_store_init(&store);
    s_worker *w = dc_xcalloc(jobs, sizeof *w);
    if (o->max_requests == 0 && o->duration_s <= 0) {
        dc_fail(err, "fuzz needs a bound: --requests N or --duration SEC");
        goto cleanup;
    }
    for (unsigned k = 0; k < jobs; k++)
        if (s_worker_init(&w[k], k, jobs, o, &store, t0, err) != 0)
            goto cleanup;
    if (s_mkdirs(o->findings_dir, err) != 0)
        goto cleanup;
    {
        /* reachable at all? one line when not (contract: exit 2) */
        dc_http_response resp;
        dc_http_response_init(&resp);
        bool parsed = false;
        dc_err herr;
        int hrc = s_call(&w[0].fz, "ListBackups", "{}", 2, &resp, NULL, &parsed, &herr);
        dc_http_error_kind kind = resp.error;
        dc_http_response_free(&resp);
        if (hrc != 0) {
            dc_fail(err, "cannot reach %s: %s", o->endpoint, dc_http_error_kind_name(kind));
            goto cleanup;
        }
    }
    s_each_worker(w, jobs, s_worker_setup);
    for (unsigned k = 0; k < jobs && rc != 0; k++) {
        if (w[k].rc != 0) {
            *err = w[k].err;
        } else if (w[k].fz.nseeds == 0) {
            dc_fail(err, "no seeds: no case under %s has a request the validation core accepts%s", o->cases_path,
                    o->nops ? " for the --ops given" : "");
        } else {
            continue;
        }
        if (jobs > 1) /* what the other workers' set-up created goes again */
            s_each_worker(w, jobs, s_worker_cleanup);
        goto cleanup;
    }
    if (o->console != NULL) {
        fprintf(o->console, "fuzz: %zu seeds from %zu scenarios; seed %llu\n", w[0].fz.nseeds, w[0].fz.nsc,
                (unsigned long long)o->seed);
        if (jobs > 1) {
            fprintf(o->console,
                    "fuzz: %u workers, one connection each; alone, worker k is fuzz --seed <its seed>:", jobs);
            for (unsigned k = 0; k < jobs; k++)
                fprintf(o->console, " %u:%llu", k, (unsigned long long)w[k].o.seed);
            fputc('\n', o->console);
        }
    }
    double fuzz_t0 = s_now_s();
    s_each_worker(w, jobs, s_worker_fuzz);
    s_phases(w, jobs, t0, fuzz_t0, stats);
    stats->seconds = s_now_s() - t0;
    stats->cpu_seconds = s_cpu_s() - cpu0;
    stats->jobs = jobs;
    stats->seeds = w[0].st.seeds;
    for (unsigned k = 0; k < jobs; k++) {
        stats->requests += w[k].st.requests;
        stats->extra_requests += w[k].st.extra_requests;
    }
    stats->findings = store.nseen;
    stats->written = store.written;
    stats->occurrences = store.occurrences;
    memcpy(stats->by_class, store.by_class, sizeof stats->by_class);
    s_summary(o, &store, stats, w, jobs, err);
    if (o->console != NULL)
        fprintf(o->console,
                "fuzz: %zu requests (%zu more for set-up, context, shrinking, clean-up) in %.1f s; %zu "
                "findings (%zu occurrences); summary %s/summary.json\n"
                "fuzz: set-up %.1f s (%zu requests), fuzzing %.1f s (%zu requests, %.0f/s), clean-up %.1f s "
                "(%zu requests)\n",
                stats->requests, stats->extra_requests, stats->seconds, stats->findings, stats->occurrences,
                o->findings_dir, stats->setup_seconds, stats->setup_requests, stats->fuzz_seconds,
                stats->fuzz_phase_requests,
                stats->fuzz_seconds > 0 ? (double)stats->fuzz_phase_requests / stats->fuzz_seconds : 0.0,
                stats->cleanup_seconds, stats->cleanup_requests);
    rc = 0;
cleanup:
    for (unsigned k = 0; k < jobs; k++)
        s_worker_free(&w[k]);
    free(w);
    dc_fuzz_store_free(&store);
    return rc;
}
