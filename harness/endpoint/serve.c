/* serve.c - HTTP front of the reference endpoint on GNU libmicrohttpd.
 *
 * libmicrohttpd parses HTTP; this file only routes: the processing order of
 * [S:processing-order], response headers of [S:response-headers] (x-amzn-RequestId of [S:request-id-form],
 * x-amz-crc32), the 16 MiB cap of [S:wire-request], and the faults of faults.h. Everything about a request's content is
 * decided by sigv4.c, validate.c and model.c. */
#include "endpoint/serve.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "core/datadir.h"
#include "endpoint/faults.h"
#include "endpoint/front.h"
#include "core/json.h"
#include "core/wipe.h"
#include "wire/sigv4.h"
#include "spec/spec.h"
#include "validate/validate.h"

struct dc_serve {
    struct MHD_Daemon *daemon;
    uint16_t port;
    int listen_fd; /* -1 = none; serve accepts, libmicrohttpd serves (s_accept_loop) */
    pthread_t accept_thread;
    bool accepting; /* accept_thread runs */
    atomic_bool stopping;
    char *region, *account;
    dc_sigv4_credentials creds; /* owned strings */
    size_t ncreds;
    char **key_ids, **key_accounts; /* --account-for-key: key_ids[i] runs as key_accounts[i] */
    size_t nkey_accounts;
    bool test_control;
    FILE *log;
    dc_vclock *clock;
    dc_faults *faults;   /* NULL = none */
    dc_serve_pace *pace; /* NULL = none (serve --pace) */
    dc_spec *spec;
    dc_validator *validator;
    dc_model *model;
    dc_model_options model_opt; /* region/account point at the fields above; for dc_serve_reset */
    int64_t fixed_clock_ms;     /* 0 = real clock */
    pthread_mutex_t lock;       /* model + validator: one request at a time through them */
    atomic_uint_fast64_t request_seq;
    uint64_t id_seed;
    dc_serve_observer observe; /* NULL = none */
    void *observe_ctx;
};

/* Per-request state kept by libmicrohttpd between calls of the handler. */
typedef struct {
    dc_buf body;
    bool too_large;
    bool started;
    int64_t received_us; /* for the observer: when the headers had arrived */
} s_req;

#define S_DEFAULT_PITR_LAG_MS 300000  /* [S:continuous-backups]: LatestRestorableDateTime ~5 min behind now */
#define S_BODY_RESERVE_MAX (1u << 20) /* bytes reserved for a request body on its Content-Length */
#define S_DEFAULT_RESTORE_MS 150      /* the real service takes 1.5-13 min ([S:restore-from-backup]) */

void dc_serve_options_default(dc_serve_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->host = "127.0.0.1";
    opt->region = DC_MODEL_DEFAULT_REGION;
    opt->account = DC_MODEL_DEFAULT_ACCOUNT;
    opt->threads = DC_SERVE_DEFAULT_THREADS;
    dc_model_options_default(&opt->model);
    /* LatestRestorableDateTime trails the clock by ~5 min, so right after enable
     * Earliest == Latest ([S:continuous-backups] [R] AQ 086, [M] BC doc) */
    opt->model.pitr_lag_ms = S_DEFAULT_PITR_LAG_MS;
    /* a restore stays CREATING long enough for the next requests of a case to see
     * it (TableInUse, BackupInUse, [S:restore-from-backup]) even under ASan, yet short enough
     * for the corpus to run in seconds */
    opt->model.restore_ms = S_DEFAULT_RESTORE_MS;
}

void dc_serve_request_id(const dc_service *sv, uint64_t seed, char out[DC_SPEC_REQUEST_ID_MAX + 1])
{
    const char *alphabet = sv->request_id_alphabet;
    uint64_t k = strlen(alphabet);
    size_t n = sv->request_id_random_length;
    uint64_t z = seed, x = 0;
    for (size_t i = 0; i < n; i++) {
        if (i % 8 == 0) {
            /* a splitmix64 step per 8 characters: ids only need to look like
             * the service's and differ */
            z += 0x9E3779B97F4A7C15ull;
            x = z;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
            x ^= x >> 31;
        }
        out[i] = alphabet[(x & 0xff) % k];
        x >>= 8;
    }
    size_t sl = strlen(sv->request_id_suffix);
    memcpy(out + n, sv->request_id_suffix, sl + 1);
}

/* ------------------------------------------------------------ responses */

typedef struct {
    uint8_t *data;
    size_t cut; /* bytes delivered before the connection is dropped */
} s_truncated;

static ssize_t s_truncated_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
    s_truncated *t = cls;
    if (pos >= t->cut)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    size_t n = t->cut - (size_t)pos;
    if (n > max)
        n = max;
    memcpy(buf, t->data + pos, n);
    return (ssize_t)n;
}

static void s_truncated_free(void *cls)
{
    s_truncated *t = cls;
    free(t->data);
    free(t);
}

/* Sends status + body with the service's headers. content_type NULL = none
 * (the 404 of a wrong method/content type has none, like the real one).
 * owned: body is malloc'd and libmicrohttpd takes it (frees it), else it is
 * copied; never owned with DC_FAULT_TRUNCATE. */
static enum MHD_Result s_respond(dc_serve *s, struct MHD_Connection *c, unsigned status, const char *content_type,
                                 const void *body, size_t len, bool owned, dc_fault_kind fault)
{
    struct MHD_Response *r = NULL;
    if (owned) {
        r = MHD_create_response_from_buffer(len, (void *)(uintptr_t)body, MHD_RESPMEM_MUST_FREE);
        if (r == NULL)
            free((void *)(uintptr_t)body);
    } else if (fault == DC_FAULT_TRUNCATE && len > 1) {
        s_truncated *t = dc_xcalloc(1, sizeof *t);
        t->data = dc_xmalloc(len);
        memcpy(t->data, body, len);
        t->cut = len / 2;
        r = MHD_create_response_from_callback(len, 4096, s_truncated_reader, t, s_truncated_free);
    } else {
        r = MHD_create_response_from_buffer(len, (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);
    }
    if (r == NULL)
        return MHD_NO;
    char id[DC_SPEC_REQUEST_ID_MAX + 1];
    dc_serve_request_id(dc_spec_service(s->spec),
                        s->id_seed ^ (uint64_t)atomic_fetch_add(&s->request_seq, 1) * 0x2545F4914F6CDD1Dull, id);
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, body, (uInt)len);
    if (fault == DC_FAULT_BADCRC)
        crc ^= 0x1u;
    char crc_text[16];
    snprintf(crc_text, sizeof crc_text, "%lu", (unsigned long)(crc & 0xffffffffu));
    if (content_type != NULL)
        MHD_add_response_header(r, "Content-Type", content_type);
    MHD_add_response_header(r, "x-amzn-RequestId", id);
    MHD_add_response_header(r, "x-amz-crc32", crc_text);
    MHD_add_response_header(r, "Server", "Server");
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return rc;
}

static void s_reset_connection(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (ci != NULL) {
        /* linger 0: close() sends RST instead of FIN */
        struct linger lg = {.l_onoff = 1, .l_linger = 0};
        setsockopt(ci->connect_fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    }
}

static void s_sleep_ms(int64_t ms)
{
    struct timespec ts = {.tv_sec = (time_t)(ms / 1000), .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* Value of argument name in the re-joined query, first occurrence; NULL when
 * absent or valueless (as MHD_lookup_connection_value answers). Owned. */
static char *s_query_arg(const char *query, const char *name)
{
    size_t nl = strlen(name);
    for (const char *p = query; p != NULL && *p != '\0';) {
        size_t seg = strcspn(p, "&");
        if (seg >= nl && strncmp(p, name, nl) == 0 && (seg == nl || p[nl] == '='))
            return seg == nl ? NULL : dc_xstrndup(p + nl + 1, seg - nl - 1);
        p += seg;
        if (*p == '&')
            p++;
    }
    return NULL;
}

static void s_test_control(dc_serve *s, const dc_serve_request *req, dc_serve_response *out)
{
    char *adv = s_query_arg(req->query, "advance");
    out->status = 200;
    out->content_type = "application/json";
    if (adv != NULL) {
        char *end = NULL;
        double sec = strtod(adv, &end);
        if (*adv == '\0' || *end != '\0' || !(sec > -1e9 && sec < 1e9)) {
            dc_buf_puts(&out->body, "{\"error\":\"advance=SEC expects a number of seconds\"}");
            out->status = 400;
        } else {
            dc_vclock_advance_ms(s->clock, (int64_t)(sec * 1000.0 + (sec >= 0 ? 0.5 : -0.5)));
        }
    }
    if (out->status == 200)
        dc_buf_printf(&out->body, "{\"nowMs\":%" PRId64 ",\"offsetMs\":%" PRId64 "}", dc_vclock_now_ms(s->clock),
                      dc_vclock_offset_ms(s->clock));
    free(adv);
}

/* ------------------------------------------------------------ the front's hooks */

/* One request's state behind the front's hooks. */
typedef struct {
    dc_serve *s;
    const dc_serve_request *rq; /* for the fault decision (amz-sdk-request) */
    const char *account;        /* the caller's: mapped from its access key id, else --account */
    dc_model_context mc;
    bool built;
} s_call;

static bool s_knows(void *ctx, const char *op)
{
    (void)ctx;
    return dc_model_knows(op);
}

static dc_fault_kind s_fault(void *ctx)
{
    dc_serve *s = ((s_call *)ctx)->s;
    if (s->faults == NULL)
        return DC_FAULT_NONE;
    if (dc_faults_latency_ms(s->faults) > 0)
        s_sleep_ms(dc_faults_latency_ms(s->faults));
    return dc_faults_next_for(s->faults, dc_front_header_value(((s_call *)ctx)->rq, "amz-sdk-request"));
}

/* serve --pace: the operation's rate limit, per account (endpoint/pace.h). */
static const char *s_admit(void *ctx, const char *op)
{
    s_call *c = ctx;
    return c->s->pace != NULL ? dc_serve_pace_admit(c->s->pace, c->account, op) : NULL;
}

/* SigV4 passed: the caller's account is the one mapped to its key. */
static void s_authenticated(void *ctx, const char *access_key_id)
{
    s_call *c = ctx;
    for (size_t i = 0; i < c->s->nkey_accounts; i++)
        if (strcmp(c->s->key_ids[i], access_key_id) == 0)
            c->account = c->s->key_accounts[i];
}

static void s_begin(void *ctx)
{
    s_call *c = ctx;
    pthread_mutex_lock(&c->s->lock);
    dc_model_set_caller(c->s->model, c->account);
}

static void s_end(void *ctx)
{
    s_call *c = ctx;
    if (c->built)
        dc_model_context_free(&c->mc);
    c->built = false;
    pthread_mutex_unlock(&c->s->lock);
}

/* The context from the model's own state (the model reads its clock again
 * in dc_model_execute, so nothing else changes). Only the named rules of
 * spec/operations/<op>.json read the described resources, and building them
 * prints and re-parses whole descriptions: skipped for operations without
 * rules. The member checks read the caller's account (other accounts' ARNs). */
static bool s_context(void *ctx, const char *op, const dc_json *root, dc_validate_context *out)
{
    s_call *c = ctx;
    memset(&c->mc, 0, sizeof c->mc);
    const dc_operation *spec_op = dc_spec_operation(c->s->spec, op);
    if (spec_op == NULL || spec_op->nrules > 0) {
        dc_model_context_build(c->s->model, op, root, &c->mc);
        c->built = true;
    }
    c->mc.ctx.account = c->account;
    *out = c->mc.ctx;
    return out->backup != NULL || out->source_table != NULL || out->continuous_backups != NULL;
}

static void s_accepted(void *ctx, const char *op, const dc_json *root, dc_front_result *res)
{
    dc_serve *s = ((s_call *)ctx)->s;
    dc_model_result mres;
    dc_model_execute(s->model, op, root, &mres);
    if (mres.error != NULL) {
        dc_front_error(s->spec, mres.error, mres.message, mres.message != NULL ? strlen(mres.message) : 0, res);
    } else if (res->body.len == 0) { /* the answer is the model's body: moved, not copied */
        dc_buf_free(&res->body);
        res->body = mres.body;
        dc_buf_init(&mres.body);
    } else {
        dc_buf_append(&res->body, mres.body.data, mres.body.len);
    }
    dc_model_result_free(&mres);
}

/* A DynamoDB request: the processing order of front.h with the model behind it. */
static void s_dynamodb(dc_serve *s, const dc_serve_request *rq, dc_serve_response *out)
{
    s_call call = {.s = s, .rq = rq, .account = s->account};
    dc_front f = {
        .spec = s->spec,
        .validator = s->validator,
        .region = s->region,
        .credentials = &s->creds,
        .credential_count = s->ncreds,
        .hooks = {.ctx = &call,
                  .knows = s_knows,
                  .fault = s_fault,
                  .authenticated = s_authenticated,
                  .admit = s_admit,
                  .begin = s_begin,
                  .end = s_end,
                  .context = s_context,
                  .accepted = s_accepted},
    };
    dc_front_result res;
    dc_front_handle(&f, rq, &res);
    if (s->log != NULL && res.decision.stage > DC_FRONT_STAGE_BODY_CAP) {
        /* a fault answers before routing: its operation is the target's (as the client named it) */
        char op[DC_FRONT_MAX_OP_NAME] = "-";
        if (res.decision.operation[0] != '\0') {
            snprintf(op, sizeof op, "%s", res.decision.operation);
        } else {
            const char *target = dc_front_header_value(rq, "X-Amz-Target");
            const char *dot = target != NULL ? strrchr(target, '.') : NULL;
            if (dot != NULL && dot[1] != '\0')
                snprintf(op, sizeof op, "%.*s", (int)strcspn(dot + 1, " \t\r\n"), dot + 1);
        }
        if (res.fault == DC_FAULT_RESET)
            fprintf(s->log, "%s - fault=reset (connection reset, no answer)\n", op);
        else
            fprintf(s->log, "%s %u%s%s\n", op, res.status, res.fault ? " fault=" : "",
                    res.fault ? dc_fault_name(res.fault) : "");
    }
    out->status = res.status;
    out->content_type = res.content_type;
    out->fault = res.fault;
    out->decision = res.decision;
    dc_buf_free(&out->body);
    out->body = res.body; /* moved */
    dc_buf_init(&res.body);
    dc_front_result_free(&res);
}

void dc_serve_handle(dc_serve *s, const dc_serve_request *req, dc_serve_response *out)
{
    memset(out, 0, sizeof *out);
    dc_buf_init(&out->body);
    const char *method = req->method != NULL ? req->method : "";
    const char *url = req->url != NULL ? req->url : "";

    if (strcmp(method, "GET") == 0 && strcmp(url, "/") == 0) {
        out->status = 200;
        out->content_type = "text/plain";
        dc_buf_printf(&out->body, "healthy: dynamodb.%s.amazonaws.com ", s->region);
        return;
    }
    if (s->test_control && strcmp(url, DC_SERVE_TEST_CONTROL_PATH) == 0 &&
        (strcmp(method, "POST") == 0 || strcmp(method, "GET") == 0)) {
        s_test_control(s, req, out);
        return;
    }
    if (strcmp(method, "OPTIONS") == 0 && dc_front_header_value(req, "Origin") != NULL) {
        out->status = 200;
        out->cors = true;
        return;
    }
    s_dynamodb(s, req, out);
}

void dc_serve_response_free(dc_serve_response *r)
{
    if (r != NULL)
        dc_buf_free(&r->body);
}

/* ------------------------------------------------------------ transport */

typedef struct {
    dc_serve_header *h;
    size_t n, cap;
} s_headers;

/* Collects every header: the core applies the DC_SIGV4_MAX_HEADERS cap (the
 * connection memory limit bounds the count here). */
static enum MHD_Result s_collect_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    s_headers *hs = cls;
    if (hs->n == hs->cap) {
        hs->cap = hs->cap ? hs->cap * 2 : 32;
        hs->h = dc_xrealloc(hs->h, hs->cap * sizeof *hs->h);
    }
    hs->h[hs->n].name = key;
    hs->h[hs->n].value = value ? value : "";
    hs->n++;
    return MHD_YES;
}

static enum MHD_Result s_collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    dc_buf *q = cls;
    if (q->len > 0)
        dc_buf_putc(q, '&');
    dc_buf_puts(q, key);
    if (value != NULL) {
        dc_buf_putc(q, '=');
        dc_buf_puts(q, value);
    }
    return MHD_YES;
}

/* Sends r; takes r's body (no copy per answer) unless a fault cuts it. */
static enum MHD_Result s_send(dc_serve *s, struct MHD_Connection *c, dc_serve_response *r)
{
    if (r->fault == DC_FAULT_RESET) {
        s_reset_connection(c);
        return MHD_NO; /* libmicrohttpd closes the socket */
    }
    if (r->cors) {
        struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
        MHD_add_response_header(resp, "Access-Control-Max-Age", "172800");
        enum MHD_Result rc = MHD_queue_response(c, r->status, resp);
        MHD_destroy_response(resp);
        return rc;
    }
    if (r->body.data != NULL && r->fault != DC_FAULT_TRUNCATE) {
        size_t len = r->body.len;
        return s_respond(s, c, r->status, r->content_type, dc_buf_take(&r->body), len, true, r->fault);
    }
    const void *body = r->body.data != NULL ? (const void *)r->body.data : "";
    return s_respond(s, c, r->status, r->content_type, body, r->body.len, false, r->fault);
}

static int64_t s_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static enum MHD_Result s_handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                 const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    (void)version;
    dc_serve *s = cls;
    s_req *rq = *con_cls;
    if (rq == NULL) {
        rq = dc_xcalloc(1, sizeof *rq);
        dc_buf_init(&rq->body);
        *con_cls = rq;
        if (s->observe != NULL)
            rq->received_us = s_now_us();
        /* refuse an announced oversize body before reading it */
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        unsigned long long announced = cl != NULL ? strtoull(cl, NULL, 10) : 0;
        if (announced > DC_SERVE_MAX_BODY)
            return s_respond(s, c, 413, NULL, "", 0, false, DC_FAULT_NONE);
        /* the body arrives in pieces: one allocation for all of them (up to
         * S_BODY_RESERVE_MAX: an announced size alone reserves no more) */
        if (announced > 0)
            dc_buf_reserve(&rq->body, (size_t)(announced < S_BODY_RESERVE_MAX ? announced : S_BODY_RESERVE_MAX));
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        if (!rq->too_large && rq->body.len + *upload_data_size <= DC_SERVE_MAX_BODY)
            dc_buf_append(&rq->body, upload_data, *upload_data_size);
        else if (!rq->too_large) {
            rq->too_large = true; /* chunked bodies: keep draining, answer 413 at the end */
            dc_buf_free(&rq->body);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (rq->started)
        return MHD_YES;
    rq->started = true;

    s_headers hs = {NULL, 0, 0};
    MHD_get_connection_values(c, MHD_HEADER_KIND, s_collect_header, &hs);
    dc_buf query;
    dc_buf_init(&query);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, s_collect_arg, &query);
    dc_serve_request req = {
        .method = method,
        .url = url,
        .query = query.len ? (const char *)query.data : NULL,
        .headers = hs.h,
        .nheaders = hs.n,
        .body = rq->body.data,
        .body_len = rq->body.len,
        .body_too_large = rq->too_large,
    };
    dc_serve_response resp;
    dc_serve_handle(s, &req, &resp);
    if (s->observe != NULL) {
        /* before the answer leaves: a client's next attempt cannot reach the
         * observer before this one, whichever thread serves it */
        dc_serve_exchange x = {&req, &resp, rq->received_us, s_now_us()};
        s->observe(s->observe_ctx, &x);
    }
    enum MHD_Result rc = s_send(s, c, &resp);
    dc_serve_response_free(&resp);
    dc_buf_free(&query);
    free(hs.h);
    return rc;
}

static void s_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    s_req *rq = *con_cls;
    if (rq != NULL) {
        dc_buf_free(&rq->body);
        free(rq);
        *con_cls = NULL;
    }
}

/* ------------------------------------------------------------ lifecycle */

/* An AWS account id: exactly 12 digits ([S:backup-lifecycle] ARN grammar). */
static int s_account_ok(const char *a)
{
    return strlen(a) == 12 && strspn(a, "0123456789") == 12 ? 0 : -1;
}

int dc_serve_new(const dc_serve_options *opt, dc_serve **out, dc_err *err)
{
    *out = NULL;
    dc_serve *s = dc_xcalloc(1, sizeof *s);
    s->listen_fd = -1;
    pthread_mutex_init(&s->lock, NULL);
    s->region = dc_xstrdup(opt->region ? opt->region : DC_MODEL_DEFAULT_REGION);
    s->account = dc_xstrdup(opt->account ? opt->account : DC_MODEL_DEFAULT_ACCOUNT);
    if (s_account_ok(s->account) != 0) {
        dc_fail(err, "--account %s: expected a 12-digit account id", s->account);
        goto fail;
    }
    if (opt->nkey_accounts > 0) {
        s->key_ids = dc_xcalloc(opt->nkey_accounts, sizeof *s->key_ids);
        s->key_accounts = dc_xcalloc(opt->nkey_accounts, sizeof *s->key_accounts);
    }
    for (size_t i = 0; i < opt->nkey_accounts; i++) {
        const char *e = opt->key_accounts[i];
        const char *eq = strrchr(e, '=');
        if (eq == NULL || eq == e || (size_t)(eq - e) > DC_SIGV4_MAX_KEY_ID || s_account_ok(eq + 1) != 0) {
            dc_fail(err, "--account-for-key %s: expected ACCESS_KEY_ID=ACCOUNT (12 digits)", e);
            goto fail;
        }
        s->key_ids[i] = dc_xstrndup(e, (size_t)(eq - e));
        s->key_accounts[i] = dc_xstrdup(eq + 1);
        s->nkey_accounts++;
    }
    s->test_control = opt->test_control;
    s->log = opt->log;
    s->observe = opt->observe;
    s->observe_ctx = opt->observe_ctx;
    if (opt->access_key_id != NULL && opt->secret_access_key != NULL) {
        s->creds.access_key_id = dc_xstrdup(opt->access_key_id);
        s->creds.secret_access_key = dc_xstrdup(opt->secret_access_key);
        s->creds.session_token = opt->session_token ? dc_xstrdup(opt->session_token) : NULL;
        s->ncreds = 1;
    }
    s->fixed_clock_ms = opt->fixed_clock_ms;
    s->clock = s->fixed_clock_ms != 0 ? dc_vclock_new_fixed(s->fixed_clock_ms) : dc_vclock_new();
    s->id_seed = (uint64_t)dc_vclock_now_ms(s->clock) * 0x9E3779B97F4A7C15ull;

    dc_faults_spec fs;
    if (dc_faults_parse(opt->faults, &fs, err) != 0)
        goto fail;
    if (dc_faults_any(&fs))
        s->faults = dc_faults_new(&fs);

    const char *dir = opt->data_dir ? opt->data_dir : dc_data_dir();
    if (dc_spec_load(dir, &s->spec, err) != 0)
        goto fail;
    s->validator = dc_validator_new(s->spec);

    s->model_opt = opt->model;
    if (opt->pace != NULL) {
        dc_pace pace;
        if (dc_pace_load(dir, opt->pace, &pace, err) != 0)
            goto fail;
        dc_serve_pace_model(&pace, &s->model_opt);
        s->pace = dc_serve_pace_new(&pace);
    }
    s->model_opt.region = s->region;
    s->model_opt.account = s->account;
    s->model_opt.spec = s->spec;
    s->model = dc_model_new(&s->model_opt, s->clock);
    *out = s;
    return 0;
fail:
    dc_serve_stop(s);
    return -1;
}

void dc_serve_reset(dc_serve *s)
{
    pthread_mutex_lock(&s->lock);
    dc_model_free(s->model);
    if (s->fixed_clock_ms != 0) {
        dc_vclock_free(s->clock);
        s->clock = dc_vclock_new_fixed(s->fixed_clock_ms);
    }
    s->model = dc_model_new(&s->model_opt, s->clock);
    pthread_mutex_unlock(&s->lock);
}

/* Why serve accepts connections itself: with libmicrohttpd's own listen socket
 * every pool thread races to accept, and two clients often land on the same
 * thread while the others idle (fuzz --jobs 2: both connections on one thread
 * in about a third of runs, 18k instead of 30-34k requests/s). Handed over with
 * MHD_add_connection, a connection goes to the pool thread its socket number
 * picks, so connections open at the same time go to different threads. */
static void *s_accept_loop(void *arg)
{
    dc_serve *s = arg;
    for (;;) {
        struct sockaddr_storage peer;
        socklen_t len = sizeof peer;
        int fd = accept4(s->listen_fd, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
        if (fd >= 0) {
            (void)MHD_add_connection(s->daemon, fd, (struct sockaddr *)&peer, len); /* closes fd on failure */
            continue;
        }
        if (atomic_load(&s->stopping))
            break;
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
            s_sleep_ms(10); /* out of descriptors or memory: let connections finish */
        else if (errno != EINTR && errno != ECONNABORTED && errno != EAGAIN && errno != EPROTO)
            break;
    }
    return NULL;
}

/* The listening socket on addr; -1 when it cannot be had. */
static int s_listen(const struct sockaddr_in *addr, uint16_t *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int on = 1;
    struct sockaddr_in bound;
    socklen_t len = sizeof bound;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
        bind(fd, (const struct sockaddr *)addr, sizeof *addr) != 0 || listen(fd, SOMAXCONN) != 0 ||
        getsockname(fd, (struct sockaddr *)&bound, &len) != 0) {
        close(fd);
        return -1;
    }
    *port = ntohs(bound.sin_port);
    return fd;
}

int dc_serve_start(const dc_serve_options *opt, dc_serve **out, dc_err *err)
{
    dc_serve *s = NULL;
    if (dc_serve_new(opt, &s, err) != 0)
        return -1;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(opt->port);
    const char *host = opt->host ? opt->host : "127.0.0.1";
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        dc_fail(err, "serve: --host %s: expected an IPv4 address such as 127.0.0.1", host);
        goto fail;
    }
    unsigned threads = opt->threads ? opt->threads : DC_SERVE_DEFAULT_THREADS;
    /* epoll and opportunistic reads/writes (TURBO: try the socket before asking
     * the event loop): 14.0 -> 12.4 us of CPU per keep-alive DescribeTable and
     * ~20 % more requests/s in bench/loopback.sh, on Linux (the only target). */
    s->listen_fd = s_listen(&addr, &s->port);
    if (s->listen_fd < 0) {
        dc_fail(err, "serve: cannot listen on %s:%u (in use, or not allowed)", host, (unsigned)opt->port);
        goto fail;
    }
    /* ITC: a connection handed over by s_accept_loop wakes its pool thread at once */
    s->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC, 0,
        NULL, NULL, s_handler, s, MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
        DC_SERVE_MAX_CONNECTIONS, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)DC_SERVE_CONNECTION_MEMORY,
        MHD_OPTION_CONNECTION_TIMEOUT, DC_SERVE_CONNECTION_TIMEOUT_S, MHD_OPTION_NOTIFY_COMPLETED, s_completed, s,
        MHD_OPTION_END);
    if (s->daemon == NULL) {
        dc_fail(err, "serve: cannot start the HTTP server on %s:%u", host, (unsigned)s->port);
        goto fail;
    }
    if (pthread_create(&s->accept_thread, NULL, s_accept_loop, s) != 0) {
        dc_fail(err, "serve: cannot start the accepting thread");
        goto fail;
    }
    s->accepting = true;
    *out = s;
    return 0;
fail:
    dc_serve_stop(s);
    return -1;
}

uint16_t dc_serve_port(const dc_serve *s)
{
    return s->port;
}

dc_vclock *dc_serve_clock(dc_serve *s)
{
    return s->clock;
}

/* secrets do not outlive the server in freed heap memory */
static void s_free_secret(const char *p)
{
    dc_wipe_free_str((char *)(uintptr_t)p);
}

void dc_serve_stop(dc_serve *s)
{
    if (s == NULL)
        return;
    if (s->accepting) {
        atomic_store(&s->stopping, true);
        shutdown(s->listen_fd, SHUT_RDWR); /* accept4 returns at once */
        pthread_join(s->accept_thread, NULL);
    }
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    if (s->daemon != NULL)
        MHD_stop_daemon(s->daemon);
    dc_model_free(s->model);
    dc_validator_free(s->validator);
    dc_spec_free(s->spec);
    dc_faults_free(s->faults);
    dc_serve_pace_free(s->pace);
    dc_vclock_free(s->clock);
    free((void *)(uintptr_t)s->creds.access_key_id);
    s_free_secret(s->creds.secret_access_key);
    s_free_secret(s->creds.session_token);
    free(s->region);
    free(s->account);
    for (size_t i = 0; i < s->nkey_accounts; i++) {
        free(s->key_ids[i]);
        free(s->key_accounts[i]);
    }
    free(s->key_ids);
    free(s->key_accounts);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
