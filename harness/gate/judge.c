/* judge.c - the client rules applied to the exchanges serve observed.
 *
 * Per exchange, under the judge's lock: find the client, tie the request to
 * its call (a retry or a first attempt), judge the wire form, the signature
 * and the validity of the request, then the retry rules against the call's
 * previous attempt, then record this attempt's answer in the call. Calls whose
 * last attempt failed wait in an LRU list for their next attempt; past the
 * tying window (or at dc_gate_judge_finish) they are finished: a faulted last
 * attempt without a next one is where retry.after-fault / retry.crc32-checked
 * break. Per-client rules (retry.backoff, retry.jitter) are judged at finish. */
#include "gate/judge.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hash.h"
#include "core/json.h"
#include "wire/awsjson.h"
#include "wire/http.h"
#include "wire/sigv4.h"

#define S_MAX_FAMILY 64
#define S_MAX_ERROR_NAME 96
#define S_MAX_ERROR_BODY (64u << 10) /* answers larger than this are not errors worth parsing */
#define S_MAX_SAMPLES 2048           /* retries (and calls with 2+ retries) kept per client for the delay rules */
#define S_MAX_HIST 64                /* attempts per call tallied for retry.max-attempts */
#define S_MAX_OPS 64                 /* operations tallied per client for validity.request */
#define S_INITIAL_BUCKETS 64
/* Caps on what clients can make the judge keep (serve may face anything):
 * past S_MAX_CLIENTS further clients share one entry, and a client with more
 * unfinished calls than S_MAX_OPEN_CALLS has its oldest finished early (only
 * a client failing tens of thousands of calls within the tying window gets
 * there; the judge then holds ~20 MB for it). */
#define S_MAX_CLIENTS 256
#define S_MAX_OPEN_CALLS 65536
#define S_OVERFLOW_KEY "*"
#define S_OVERFLOW_FAMILY "(more clients)"
#define S_MAX_SIGNED 48 /* SignedHeaders entries looked at; more are not signed as far as the judge is concerned */

/* S_EITHER: a retry is allowed and not required (a bad checksum on an error answer). */
typedef enum { S_OK, S_FAULTED, S_RETRYABLE, S_NON_RETRYABLE, S_EITHER } s_outcome;

typedef struct s_call s_call;
struct s_call {
    char *invocation_id; /* owned; NULL when the first attempt had none */
    int attempts;
    int announced_max;  /* amz-sdk-request max= of the last attempt that said it; 0 = never said */
    int attempt_header; /* attempt= of the last attempt; 0 = it sent none */
    bool max_flagged;   /* retry.max-attempts broken once already */
    s_outcome last;
    dc_fault_kind last_fault;
    char last_error[S_MAX_ERROR_NAME];
    unsigned last_status;
    int64_t last_received_us, last_answered_us;
    int64_t last_amz_date; /* epoch s; INT64_MIN when the attempt had none */
    dc_retry_class last_class;
    int nretries;
    dc_retry_sample first_retry, later_retry; /* for retry.backoff-growth */
    dc_gate_example *pending;                 /* example of the faulted last attempt, kept while examples have room */
    s_call *lru_prev, *lru_next;
    dc_hash_node id_node;   /* in s_client.by_id, keyed by FNV-1a of the invocation id (only with one) */
    dc_hash_node body_node; /* in s_client.by_body, keyed by FNV-1a of X-Amz-Target and body */
};

typedef struct {
    uint64_t checks, violations;
    dc_gate_example examples[DC_GATE_MAX_EXAMPLES];
    size_t nexamples;
} s_acc;

typedef struct {
    char name[DC_FRONT_MAX_OP_NAME];
    uint64_t requests, invalid;
} s_op_tally;

typedef struct {
    char *id, *akid, *family, *ua;
    uint64_t requests, calls, retries;
    s_acc acc[DC_CRULE_COUNT];
    s_op_tally ops[S_MAX_OPS];
    size_t nops;
    uint64_t immediate_retries;
    dc_retry_sample *samples; /* every retry (the first S_MAX_SAMPLES) */
    size_t nsamples;
    dc_growth_sample *growth; /* calls with 2+ retries */
    size_t ngrowth;
    uint64_t attempts_hist[S_MAX_HIST + 1]; /* calls that announced no max=, by attempts */
    int first_announced_max;                /* amz-sdk-request max= of the client's first call that said it */
    uint64_t crc_on_errors;                 /* bad checksums on error answers (a note of retry.crc32-checked) */
    dc_gate_example *cap_example;           /* the longest delay */
    int64_t cap_example_us;
    dc_gate_example *max_example; /* the highest attempt of a call without max= */
    dc_hash by_id, by_body;       /* the unfinished calls (core/hash.h); as many buckets each */
    size_t ncalls;
    s_call *lru_head, *lru_tail; /* head = most recent activity */
} s_client;

struct dc_gate_judge {
    dc_gate_judge_options opt;
    dc_sigv4_credentials creds;
    const dc_client_limits *lim;
    pthread_mutex_t lock;
    s_client **clients;
    size_t nclients, cap;
    uint64_t requests, ignored;
    int64_t t0_us; /* first exchange */
    bool started, finished;
};

/* What one exchange says, computed once. Views point into the exchange. */
typedef struct {
    const dc_serve_exchange *x;
    const dc_serve_request *rq;
    const dc_serve_response *rs;
    const char *auth, *amz_date, *date, *ua, *inv_id, *sdk_request, *target, *ctype, *token, *host;
    bool auth_parsed; /* AWS4-HMAC-SHA256 with Credential, SignedHeaders, Signature */
    const char *cred, *signed_headers;
    size_t cred_len, signed_len;
    char error[S_MAX_ERROR_NAME];
    s_outcome outcome;
    int attempt;      /* of its call */
    int64_t delay_us; /* -1 = first attempt */
    bool signature_ok, signature_known;
    int hdr_attempt, hdr_max;              /* amz-sdk-request; 0 = absent */
    const char *date_text;                 /* X-Amz-Date, else Date; NULL = neither */
    const char *signed_name[S_MAX_SIGNED]; /* SignedHeaders split at ';' */
    uint8_t signed_name_len[S_MAX_SIGNED];
    size_t nsigned;
    int64_t date_epoch; /* date_text parsed; INT64_MIN = absent or not ISO 8601 basic */
} s_seen;

/* ------------------------------------------------------------ small helpers */

static bool s_eq_ci(const char *a, size_t alen, const char *b)
{
    return strlen(b) == alen && strncasecmp(a, b, alen) == 0;
}

static void s_trimmed(const char **s, size_t *len)
{
    while (*len > 0 && isspace((unsigned char)**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && isspace((unsigned char)(*s)[*len - 1]))
        (*len)--;
}

/* "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." */
static void s_parse_auth(s_seen *v)
{
    const char *a = v->auth;
    size_t al = strlen(DC_SIGV4_ALGORITHM);
    if (a == NULL || strncmp(a, DC_SIGV4_ALGORITHM, al) != 0 || (a[al] != ' ' && a[al] != '\t'))
        return;
    bool sig = false;
    for (const char *p = a + al; *p != '\0';) {
        size_t n = strcspn(p, ",");
        const char *part = p;
        size_t plen = n;
        s_trimmed(&part, &plen);
        const char *eq = memchr(part, '=', plen);
        if (eq != NULL) {
            size_t kl = (size_t)(eq - part);
            if (kl == 10 && strncmp(part, "Credential", 10) == 0) {
                v->cred = eq + 1;
                v->cred_len = plen - kl - 1;
            } else if (kl == 13 && strncmp(part, "SignedHeaders", 13) == 0) {
                v->signed_headers = eq + 1;
                v->signed_len = plen - kl - 1;
            } else if (kl == 9 && strncmp(part, "Signature", 9) == 0) {
                sig = true;
            }
        }
        p += n;
        if (*p == ',')
            p++;
    }
    v->auth_parsed = v->cred != NULL && v->signed_headers != NULL && sig;
    for (size_t i = 0; v->signed_headers != NULL && i < v->signed_len && v->nsigned < S_MAX_SIGNED;) {
        size_t n = 0;
        while (i + n < v->signed_len && v->signed_headers[i + n] != ';')
            n++;
        if (n > 0 && n < 256) {
            v->signed_name[v->nsigned] = v->signed_headers + i;
            v->signed_name_len[v->nsigned++] = (uint8_t)n;
        }
        i += n + 1;
    }
}

/* Is the header name (any case, len bytes) in SignedHeaders? */
static bool s_signed(const s_seen *v, const char *name, size_t len)
{
    for (size_t i = 0; i < v->nsigned; i++)
        if (v->signed_name_len[i] == len && strncasecmp(v->signed_name[i], name, len) == 0)
            return true;
    return false;
}

/* "ttl=...; attempt=2; max=3" */
static void s_parse_sdk_request(s_seen *v)
{
    for (const char *p = v->sdk_request; p != NULL && *p != '\0';) {
        size_t n = strcspn(p, ";");
        const char *part = p;
        size_t plen = n;
        s_trimmed(&part, &plen);
        int *dst = NULL;
        size_t kl = 0;
        if (plen > 8 && strncmp(part, "attempt=", 8) == 0) {
            dst = &v->hdr_attempt;
            kl = 8;
        } else if (plen > 4 && strncmp(part, "max=", 4) == 0) {
            dst = &v->hdr_max;
            kl = 4;
        }
        if (dst != NULL) {
            int val = 0;
            size_t i = kl;
            for (; i < plen && isdigit((unsigned char)part[i]) && val < 100000; i++)
                val = val * 10 + (part[i] - '0');
            if (i == plen)
                *dst = val;
        }
        p += n;
        if (*p == ';')
            p++;
    }
}

/* The error name of an answer: the fault's, else __type of a JSON error body. */
static void s_answer_error(const dc_serve_response *rs, char out[S_MAX_ERROR_NAME])
{
    out[0] = '\0';
    if (rs->status < 400 || rs->body.len == 0 || rs->body.len > S_MAX_ERROR_BODY)
        return;
    dc_json_doc doc;
    dc_err err;
    if (dc_json_parse(rs->body.data, rs->body.len, &doc, &err) != 0)
        return;
    dc_awsjson_error ae;
    if (dc_awsjson_error_read(doc.root, &ae) && ae.name_len < S_MAX_ERROR_NAME) {
        memcpy(out, ae.name, ae.name_len);
        out[ae.name_len] = '\0';
    }
    dc_json_doc_free(&doc);
}

static void s_examine(const dc_gate_judge *j, const dc_serve_exchange *x, s_seen *v)
{
    memset(v, 0, sizeof *v);
    v->x = x;
    v->rq = x->request;
    v->rs = x->response;
    v->delay_us = -1;
    v->attempt = 1;
#define S_WANT(n, field)                                                                                               \
    {                                                                                                                  \
        n, sizeof n - 1, offsetof(s_seen, field)                                                                       \
    }
    static const struct {
        const char *name;
        size_t len;
        size_t off;
    } want[] = {
        S_WANT("authorization", auth),  S_WANT("x-amz-date", amz_date),          S_WANT("date", date),
        S_WANT("user-agent", ua),       S_WANT("amz-sdk-invocation-id", inv_id), S_WANT("amz-sdk-request", sdk_request),
        S_WANT("x-amz-target", target), S_WANT("content-type", ctype),           S_WANT("x-amz-security-token", token),
        S_WANT("host", host),
    };
#undef S_WANT
    for (size_t i = 0; i < v->rq->nheaders; i++) {
        const char *name = v->rq->headers[i].name;
        if (name == NULL)
            continue;
        size_t nl = strlen(name);
        for (size_t k = 0; k < DC_ARRAY_LEN(want); k++) {
            const char **slot = (const char **)(void *)((char *)v + want[k].off);
            if (want[k].len == nl && *slot == NULL && strncasecmp(name, want[k].name, nl) == 0) {
                *slot = v->rq->headers[i].value != NULL ? v->rq->headers[i].value : "";
                break;
            }
        }
    }
    /* the signing date, once: X-Amz-Date, else a Date in the same format */
    v->date_text = v->amz_date != NULL ? v->amz_date : v->date;
    if (v->date_text == NULL || dc_sigv4_parse_amz_date(v->date_text, strlen(v->date_text), &v->date_epoch) != 0)
        v->date_epoch = INT64_MIN;
    s_parse_auth(v);
    s_parse_sdk_request(v);
    if (v->rs->fault == DC_FAULT_THROTTLE)
        snprintf(v->error, sizeof v->error, "ThrottlingException");
    else if (v->rs->fault == DC_FAULT_ERROR500)
        snprintf(v->error, sizeof v->error, "InternalServerError");
    else
        s_answer_error(v->rs, v->error);
    if (v->rs->fault == DC_FAULT_BADCRC && (v->rs->status < 200 || v->rs->status >= 300))
        v->outcome = S_EITHER;
    else if (v->rs->fault != DC_FAULT_NONE)
        v->outcome = S_FAULTED;
    else if (v->rs->status >= 200 && v->rs->status < 300)
        v->outcome = S_OK;
    else if (dc_client_rules_retryable(j->opt.rules, v->error[0] ? v->error : NULL, v->rs->status, NULL))
        v->outcome = S_RETRYABLE;
    else
        v->outcome = S_NON_RETRYABLE;
}

/* ------------------------------------------------------------ examples, redacted */

/* Replaces the judge's secret key and session token, and the value after
 * every "Signature=" (an answer may quote the client's Authorization header, as
 * the service's IncompleteSignatureException does), with "<redacted>". */
static void s_scrub(const dc_gate_judge *j, dc_buf *b)
{
    static const char sig[] = "Signature=";
    const size_t sigl = sizeof sig - 1;
    const char *secrets[] = {j->opt.secret_access_key, j->opt.session_token};
    size_t sl[2];
    for (size_t k = 0; k < 2; k++)
        sl[k] = secrets[k] != NULL && strlen(secrets[k]) >= 4 ? strlen(secrets[k]) : 0;
    dc_buf out;
    dc_buf_init(&out);
    for (size_t i = 0; i < b->len;) {
        const char *p = (const char *)b->data + i;
        size_t left = b->len - i, hit = 0;
        for (size_t k = 0; k < 2 && hit == 0; k++)
            if (sl[k] > 0 && sl[k] <= left && memcmp(p, secrets[k], sl[k]) == 0)
                hit = sl[k];
        /* "<redacted>" itself is replaced by "<redacted>": no special case needed */
        if (hit == 0 && left > sigl && memcmp(p, sig, sigl) == 0) {
            size_t n = sigl;
            while (n < left && p[n] != ',' && p[n] != ' ' && p[n] != '"' && p[n] != '\'' && p[n] != '&' &&
                   p[n] != '\\' && p[n] != '\n')
                n++;
            if (n > sigl) {
                dc_buf_puts(&out, sig);
                dc_buf_puts(&out, DC_GATE_REDACTED);
                i += n;
                continue;
            }
        }
        if (hit > 0) {
            dc_buf_puts(&out, DC_GATE_REDACTED);
            i += hit;
        } else {
            dc_buf_putc(&out, *p);
            i++;
        }
    }
    if (out.data == NULL)
        dc_buf_puts(&out, "");
    dc_buf_free(b);
    *b = out;
}

/* At most max bytes of data as valid UTF-8 (bad bytes -> U+FFFD), secrets scrubbed. */
static char *s_excerpt(const dc_gate_judge *j, const uint8_t *data, size_t len, size_t max, bool *cut)
{
    dc_buf b;
    dc_buf_init(&b);
    *cut = len > max;
    size_t n = len > max ? max : len;
    for (size_t i = 0; i < n;) {
        size_t ok = dc_utf8_check(data + i, n - i);
        dc_buf_append(&b, data + i, ok);
        i += ok;
        if (i < n) {
            /* a sequence cut by max at the end is dropped, not replaced */
            if (*cut && n - i < 4 && dc_utf8_check(data + i, len - i > 4 ? 4 : len - i) > 0)
                break;
            dc_buf_puts(&b, "\xEF\xBF\xBD");
            i++;
        }
    }
    s_scrub(j, &b);
    if (b.data == NULL)
        dc_buf_puts(&b, "");
    return dc_buf_take(&b);
}

static char *s_header_value(const dc_gate_judge *j, const char *name, const char *value)
{
    size_t nl = strlen(name);
    if (s_eq_ci(name, nl, "x-amz-security-token"))
        return dc_xstrdup(DC_GATE_REDACTED);
    dc_buf b;
    dc_buf_init(&b);
    const char *sig = s_eq_ci(name, nl, "authorization") ? strstr(value, "Signature=") : NULL;
    if (sig != NULL) {
        dc_buf_append(&b, value, (size_t)(sig - value) + 10);
        dc_buf_puts(&b, DC_GATE_REDACTED);
        const char *rest = sig + 10 + strcspn(sig + 10, ", ");
        dc_buf_puts(&b, rest);
    } else if (s_eq_ci(name, nl, "authorization") &&
               strncmp(value, DC_SIGV4_ALGORITHM, strlen(DC_SIGV4_ALGORITHM)) != 0) {
        dc_buf_puts(&b, DC_GATE_REDACTED); /* some other scheme: all of it may be secret */
    } else {
        dc_buf_puts(&b, value);
    }
    s_scrub(j, &b);
    if (b.data == NULL)
        dc_buf_puts(&b, "");
    bool cut = false;
    char *out = s_excerpt(j, b.data, b.len, 1024, &cut);
    dc_buf_free(&b);
    return out;
}

static void s_example_fill(const dc_gate_judge *j, const s_seen *v, const char *detail, dc_gate_example *e)
{
    memset(e, 0, sizeof *e);
    size_t max = (size_t)j->lim->example_body_bytes;
    e->at_ms = (v->x->received_us - j->t0_us) / 1000;
    e->detail = dc_xstrdup(detail);
    e->attempt = v->attempt;
    e->delay_ms = v->delay_us < 0 ? -1 : v->delay_us / 1000;
    e->method = dc_xstrdup(v->rq->method ? v->rq->method : "");
    if (v->rq->query != NULL && v->rq->query[0] != '\0') {
        dc_buf p;
        dc_buf_init(&p);
        dc_buf_printf(&p, "%s?%s", v->rq->url ? v->rq->url : "", v->rq->query);
        bool cut = false;
        e->path = s_excerpt(j, p.data, p.len, 1024, &cut);
        dc_buf_free(&p);
    } else {
        e->path = dc_xstrdup(v->rq->url ? v->rq->url : "");
    }
    size_t n = v->rq->nheaders > DC_SIGV4_MAX_HEADERS ? DC_SIGV4_MAX_HEADERS : v->rq->nheaders;
    e->header_names = dc_xcalloc(n + 1, sizeof *e->header_names);
    e->header_values = dc_xcalloc(n + 1, sizeof *e->header_values);
    for (size_t i = 0; i < n; i++) {
        const char *name = v->rq->headers[i].name ? v->rq->headers[i].name : "";
        bool cut = false;
        e->header_names[e->nheaders] = s_excerpt(j, (const uint8_t *)name, strlen(name), 256, &cut);
        e->header_values[e->nheaders] = s_header_value(j, name, v->rq->headers[i].value ? v->rq->headers[i].value : "");
        e->nheaders++;
    }
    e->body = s_excerpt(j, v->rq->body ? v->rq->body : (const uint8_t *)"", v->rq->body ? v->rq->body_len : 0, max,
                        &e->body_cut);
    e->status = v->rs->status;
    e->error = v->error[0] ? dc_xstrdup(v->error) : NULL;
    e->answer_body =
        s_excerpt(j, v->rs->body.data ? v->rs->body.data : (const uint8_t *)"", v->rs->body.len, max, &e->answer_cut);
    e->fault = v->rs->fault != DC_FAULT_NONE ? dc_fault_name(v->rs->fault) : NULL;
}

static void s_example_free(dc_gate_example *e)
{
    free(e->detail);
    free(e->method);
    free(e->path);
    for (size_t i = 0; i < e->nheaders; i++) {
        free(e->header_names[i]);
        free(e->header_values[i]);
    }
    free(e->header_names);
    free(e->header_values);
    free(e->body);
    free(e->error);
    free(e->answer_body);
    memset(e, 0, sizeof *e);
}

static void s_check(s_client *c, dc_crule_id r)
{
    c->acc[r].checks++;
}

/* Counts a violation; keeps the exchange as an example while there is room. */
static void s_violate(const dc_gate_judge *j, s_client *c, dc_crule_id r, const s_seen *v, const char *fmt, ...)
    DC_PRINTF(5, 6);
static void s_violate(const dc_gate_judge *j, s_client *c, dc_crule_id r, const s_seen *v, const char *fmt, ...)
{
    s_acc *a = &c->acc[r];
    a->violations++;
    if (a->nexamples >= DC_GATE_MAX_EXAMPLES || v == NULL)
        return;
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    s_example_fill(j, v, detail, &a->examples[a->nexamples++]);
}

/* ------------------------------------------------------------ clients and calls */

static s_client *s_client_get(dc_gate_judge *j, const s_seen *v)
{
    char akid[128] = "-";
    if (v->cred != NULL) {
        size_t n = strcspn(v->cred, "/,");
        if (n > v->cred_len)
            n = v->cred_len;
        if (n > 0 && n < sizeof akid) {
            memcpy(akid, v->cred, n);
            akid[n] = '\0';
        }
    }
    char family[S_MAX_FAMILY + 1] = "-";
    if (v->ua != NULL) {
        const char *u = v->ua + strspn(v->ua, " \t");
        size_t n = strcspn(u, "/ \t");
        if (n > S_MAX_FAMILY)
            n = S_MAX_FAMILY;
        if (n > 0) {
            memcpy(family, u, n);
            family[n] = '\0';
        }
    }
    for (size_t i = 0; i < j->nclients; i++)
        if (strcmp(j->clients[i]->akid, akid) == 0 && strcmp(j->clients[i]->family, family) == 0)
            return j->clients[i];
    if (j->nclients >= S_MAX_CLIENTS) {
        snprintf(akid, sizeof akid, S_OVERFLOW_KEY);
        snprintf(family, sizeof family, S_OVERFLOW_FAMILY);
        for (size_t i = 0; i < j->nclients; i++)
            if (strcmp(j->clients[i]->akid, akid) == 0 && strcmp(j->clients[i]->family, family) == 0)
                return j->clients[i];
    }
    if (j->nclients == j->cap) {
        j->cap = j->cap ? j->cap * 2 : 8;
        j->clients = dc_xrealloc(j->clients, j->cap * sizeof *j->clients);
    }
    s_client *c = dc_xcalloc(1, sizeof *c);
    c->akid = dc_xstrdup(akid);
    c->family = dc_xstrdup(family);
    dc_buf id;
    dc_buf_init(&id);
    dc_buf_printf(&id, "%s/%s", akid, family);
    c->id = dc_buf_take(&id);
    bool cut = false;
    c->ua = v->ua != NULL ? s_excerpt(j, (const uint8_t *)v->ua, strlen(v->ua), 512, &cut) : dc_xstrdup("");
    dc_hash_init(&c->by_id, S_INITIAL_BUCKETS);
    dc_hash_init(&c->by_body, S_INITIAL_BUCKETS);
    j->clients[j->nclients++] = c;
    return c;
}

static void s_lru_unlink(s_client *c, s_call *k)
{
    if (k->lru_prev)
        k->lru_prev->lru_next = k->lru_next;
    else
        c->lru_head = k->lru_next;
    if (k->lru_next)
        k->lru_next->lru_prev = k->lru_prev;
    else
        c->lru_tail = k->lru_prev;
    k->lru_prev = k->lru_next = NULL;
}

static void s_lru_push(s_client *c, s_call *k)
{
    k->lru_next = c->lru_head;
    if (c->lru_head)
        c->lru_head->lru_prev = k;
    c->lru_head = k;
    if (c->lru_tail == NULL)
        c->lru_tail = k;
}

/* Twice the buckets, the calls re-inserted from the most recently active on. */
static void s_rehash(s_client *c)
{
    size_t n = c->by_body.nbuckets * 2;
    dc_hash_reset(&c->by_id, n);
    dc_hash_reset(&c->by_body, n);
    for (s_call *k = c->lru_head; k != NULL; k = k->lru_next) {
        if (k->invocation_id != NULL)
            dc_hash_insert(&c->by_id, &k->id_node, k->id_node.key);
        dc_hash_insert(&c->by_body, &k->body_node, k->body_node.key);
    }
}

static s_call *s_find_by_id(s_client *c, const char *id, uint64_t key)
{
    for (dc_hash_node *n = dc_hash_first(&c->by_id, key); n != NULL; n = dc_hash_next(n)) {
        s_call *k = DC_HASH_ENTRY(n, s_call, id_node);
        if (strcmp(k->invocation_id, id) == 0)
            return k;
    }
    return NULL;
}

/* The most recent unfinished call with this target + body. */
static s_call *s_find_by_body(s_client *c, uint64_t key)
{
    s_call *best = NULL;
    for (dc_hash_node *n = dc_hash_first(&c->by_body, key); n != NULL; n = dc_hash_next(n)) {
        s_call *k = DC_HASH_ENTRY(n, s_call, body_node);
        if (k->last != S_OK && (best == NULL || k->last_answered_us > best->last_answered_us))
            best = k;
    }
    return best;
}

/* A call ends: its faulted last attempt must have been the last one allowed. */
static void s_call_finish(dc_gate_judge *j, s_client *c, s_call *k)
{
    if (k->nretries >= 2 && c->ngrowth < S_MAX_SAMPLES) {
        if (c->growth == NULL)
            c->growth = dc_xcalloc(S_MAX_SAMPLES, sizeof *c->growth);
        c->growth[c->ngrowth].first = k->first_retry;
        c->growth[c->ngrowth++].later = k->later_retry;
    }
    if (k->announced_max == 0)
        c->attempts_hist[k->attempts < S_MAX_HIST ? k->attempts : S_MAX_HIST]++;
    if (k->last == S_FAULTED) {
        dc_crule_id r = k->last_fault == DC_FAULT_BADCRC ? DC_CRULE_RETRY_CRC32_CHECKED : DC_CRULE_RETRY_AFTER_FAULT;
        bool announced_last = k->announced_max > 0 && k->attempts >= k->announced_max;
        bool gave_up_late = k->attempts >= j->lim->give_up_after_attempts;
        if (!announced_last && !gave_up_late) {
            s_acc *a = &c->acc[r];
            a->violations++;
            if (k->pending != NULL && a->nexamples < DC_GATE_MAX_EXAMPLES) {
                a->examples[a->nexamples++] = *k->pending;
                free(k->pending);
                k->pending = NULL;
            }
        }
    }
    if (k->pending != NULL) {
        s_example_free(k->pending);
        free(k->pending);
    }
    s_lru_unlink(c, k);
    if (k->invocation_id != NULL)
        dc_hash_remove(&c->by_id, &k->id_node);
    dc_hash_remove(&c->by_body, &k->body_node);
    free(k->invocation_id);
    free(k);
    c->ncalls--;
}

static void s_expire(dc_gate_judge *j, s_client *c, int64_t now_us)
{
    int64_t window_us = j->lim->window_ms * 1000;
    while (c->lru_tail != NULL && c->lru_tail->last_answered_us + window_us < now_us)
        s_call_finish(j, c, c->lru_tail);
}

/* ------------------------------------------------------------ the rules */

static void s_judge_wire(dc_gate_judge *j, s_client *c, const s_seen *v)
{
    const dc_service *svc = dc_spec_service(j->opt.spec);
    const char *method = v->rq->method ? v->rq->method : "";
    s_check(c, DC_CRULE_WIRE_METHOD);
    if (strcmp(method, "POST") != 0)
        s_violate(j, c, DC_CRULE_WIRE_METHOD, v, "method %.32s, not POST", method);

    s_check(c, DC_CRULE_WIRE_PATH);
    if (v->rq->url == NULL || strcmp(v->rq->url, "/") != 0 || (v->rq->query != NULL && v->rq->query[0] != '\0'))
        s_violate(j, c, DC_CRULE_WIRE_PATH, v, "path %.200s%s%.200s, not /", v->rq->url ? v->rq->url : "",
                  v->rq->query && v->rq->query[0] ? "?" : "", v->rq->query ? v->rq->query : "");

    s_check(c, DC_CRULE_WIRE_CONTENT_TYPE);
    bool ct_ok = false;
    if (v->ctype != NULL) {
        size_t cl = strlen(v->ctype);
        if (j->opt.level == DC_GATE_STRICT)
            ct_ok = dc_http_media_type_is(v->ctype, cl, svc->content_type);
        if (j->opt.level == DC_GATE_COMPAT)
            ct_ok = dc_awsjson_content_type(j->opt.spec, v->ctype) != NULL;
    }
    if (!ct_ok)
        s_violate(j, c, DC_CRULE_WIRE_CONTENT_TYPE, v, "Content-Type %.100s%s%s", v->ctype ? v->ctype : "missing",
                  v->ctype ? ", not " : "", v->ctype ? svc->content_type : "");

    s_check(c, DC_CRULE_WIRE_TARGET);
    const char *op = NULL;
    size_t op_len = 0;
    if (v->target != NULL) {
        size_t tl = strlen(v->target), pl = strlen(svc->target_prefix);
        if (j->opt.level == DC_GATE_COMPAT)
            op = dc_spec_target_operation(j->opt.spec, v->target, tl, &op_len);
        else if (tl > pl && strncmp(v->target, svc->target_prefix, pl) == 0 && v->target[pl] == '.') {
            op = v->target + pl + 1;
            op_len = tl - pl - 1;
        }
    }
    if (v->target == NULL)
        s_violate(j, c, DC_CRULE_WIRE_TARGET, v, "no X-Amz-Target header");
    else if (op == NULL)
        s_violate(j, c, DC_CRULE_WIRE_TARGET, v, "X-Amz-Target %.100s does not start with %s.", v->target,
                  svc->target_prefix);
    else if (!dc_client_rules_operation(j->opt.rules, op, op_len))
        s_violate(j, c, DC_CRULE_WIRE_TARGET, v, "X-Amz-Target %.100s names no operation of the API", v->target);

    /* serve parsed the body when it got past the JSON step; otherwise (a fault
     * or a 404 answered first) the judge parses it itself */
    dc_front_stage st = v->rs->decision.stage;
    if (st == DC_FRONT_STAGE_BODY_CAP)
        return;
    s_check(c, DC_CRULE_WIRE_JSON_BODY);
    bool parsed = st > DC_FRONT_STAGE_JSON, object = false;
    if (!parsed && st != DC_FRONT_STAGE_JSON && v->rq->body_len > 0) {
        dc_json_doc doc;
        dc_err err;
        parsed = dc_json_parse(v->rq->body, v->rq->body_len, &doc, &err) == 0;
        if (parsed) {
            object = dc_json_is_object(doc.root);
            dc_json_doc_free(&doc);
        }
    } else if (parsed) {
        size_t i = 0;
        while (i < v->rq->body_len && isspace(v->rq->body[i]))
            i++;
        object = i < v->rq->body_len && v->rq->body[i] == '{';
    }
    if (v->rq->body_len == 0)
        s_violate(j, c, DC_CRULE_WIRE_JSON_BODY, v, "empty body (an operation without input sends {})");
    else if (!parsed)
        s_violate(j, c, DC_CRULE_WIRE_JSON_BODY, v, "the body is not JSON");
    else if (!object)
        s_violate(j, c, DC_CRULE_WIRE_JSON_BODY, v, "the body is JSON but not an object");
}

static void s_verify_self(dc_gate_judge *j, s_seen *v)
{
    size_t n = v->rq->nheaders;
    if (n > DC_SIGV4_MAX_HEADERS) {
        v->signature_known = true;
        return;
    }
    dc_sigv4_header *hs = dc_xcalloc(n + 1, sizeof *hs);
    for (size_t i = 0; i < n; i++)
        hs[i] = dc_sigv4_hdr(v->rq->headers[i].name ? v->rq->headers[i].name : "",
                             v->rq->headers[i].value ? v->rq->headers[i].value : "");
    dc_sigv4_request req = {
        .method = v->rq->method ? v->rq->method : "POST",
        .path = v->rq->url ? v->rq->url : "/",
        .query = v->rq->query != NULL && v->rq->query[0] != '\0' ? v->rq->query : NULL,
        .headers = hs,
        .header_count = n,
        .body = {v->rq->body, v->rq->body_len},
    };
    dc_sigv4_verify_opts vo = {
        .credentials = &j->creds,
        .credential_count = 1,
        .region = j->opt.region,
        .service = dc_spec_service(j->opt.spec)->signing_name,
        .now = v->x->received_us / 1000000,
        .skip_clock = false,
    };
    dc_sigv4_verdict vd;
    dc_sigv4_verdict_init(&vd);
    dc_err err;
    v->signature_known = true;
    v->signature_ok = dc_sigv4_verify(&req, &vo, &vd, &err) == 0 && vd.status == DC_SIGV4_OK;
    dc_sigv4_verdict_free(&vd);
    free(hs);
}

static void s_judge_signing(dc_gate_judge *j, s_client *c, s_seen *v)
{
    const dc_front_decision *d = &v->rs->decision;
    bool have_creds = j->opt.access_key_id != NULL && j->opt.secret_access_key != NULL;
    if (have_creds) {
        if (d->auth_checked) {
            v->signature_known = true;
            v->signature_ok = d->auth == DC_SIGV4_OK;
        } else if (v->auth != NULL) {
            s_verify_self(j, v);
        } else {
            v->signature_known = true;
        }
        s_check(c, DC_CRULE_SIGNING_SIGNATURE);
        if (v->auth == NULL)
            s_violate(j, c, DC_CRULE_SIGNING_SIGNATURE, v, "no Authorization header");
        else if (!v->signature_ok)
            s_violate(j, c, DC_CRULE_SIGNING_SIGNATURE, v, "the signature does not verify%s%s",
                      d->auth_checked ? ": " : "", d->auth_checked ? dc_sigv4_status_name(d->auth) : "");
    }
    if (!v->auth_parsed)
        return; /* the other signing rules read the Authorization header's parts */

    /* Credential=<akid>/<date>/<region>/<service>/aws4_request */
    s_check(c, DC_CRULE_SIGNING_SCOPE);
    const char *parts[6] = {NULL};
    size_t lens[6] = {0}, np = 0;
    for (size_t i = 0, start = 0; i <= v->cred_len && np < 6; i++)
        if (i == v->cred_len || v->cred[i] == '/') {
            parts[np] = v->cred + start;
            lens[np++] = i - start;
            start = i + 1;
        }
    const char *svc = dc_spec_service(j->opt.spec)->signing_name;
    const char *date_text = v->date_text;
    if (np != 5)
        s_violate(j, c, DC_CRULE_SIGNING_SCOPE, v, "Credential has %zu slash-delimited parts, not 5", np);
    else if (lens[4] != 12 || strncmp(parts[4], "aws4_request", 12) != 0)
        s_violate(j, c, DC_CRULE_SIGNING_SCOPE, v, "the scope ends in %.*s, not aws4_request", (int)lens[4], parts[4]);
    else if (!s_eq_ci(parts[3], lens[3], svc) || strncmp(parts[3], svc, lens[3]) != 0)
        s_violate(j, c, DC_CRULE_SIGNING_SCOPE, v, "the scope names service %.*s, not %s", (int)lens[3], parts[3], svc);
    else if (strlen(j->opt.region) != lens[2] || strncmp(parts[2], j->opt.region, lens[2]) != 0)
        s_violate(j, c, DC_CRULE_SIGNING_SCOPE, v, "the scope names region %.*s, the endpoint's is %s", (int)lens[2],
                  parts[2], j->opt.region);
    else if (date_text == NULL || lens[1] != 8 || strncmp(parts[1], date_text, 8) != 0)
        s_violate(j, c, DC_CRULE_SIGNING_SCOPE, v, "the scope's date %.*s is not the date of X-Amz-Date %.20s",
                  (int)lens[1], parts[1], date_text ? date_text : "(none)");

    s_check(c, DC_CRULE_SIGNING_CLOCK_SKEW);
    int64_t when = v->date_epoch;
    if (date_text == NULL)
        s_violate(j, c, DC_CRULE_SIGNING_CLOCK_SKEW, v, "neither X-Amz-Date nor Date");
    else if (when == INT64_MIN)
        s_violate(j, c, DC_CRULE_SIGNING_CLOCK_SKEW, v, "%s %.40s is not ISO 8601 basic format (YYYYMMDDTHHMMSSZ)",
                  v->amz_date ? "X-Amz-Date" : "Date", date_text);
    else {
        int64_t skew = when - v->x->received_us / 1000000;
        if (skew > j->lim->clock_skew_s || -skew > j->lim->clock_skew_s)
            s_violate(j, c, DC_CRULE_SIGNING_CLOCK_SKEW, v,
                      "X-Amz-Date %s is %lld s %s the endpoint's clock (limit %lld s)", date_text,
                      (long long)(skew < 0 ? -skew : skew), skew < 0 ? "behind" : "ahead of",
                      (long long)j->lim->clock_skew_s);
    }

    s_check(c, DC_CRULE_SIGNING_REQUIRED_HEADERS);
    const char *missing = NULL;
    if (!s_signed(v, "host", 4))
        missing = "host";
    else if (v->amz_date != NULL && !s_signed(v, "x-amz-date", 10))
        missing = "x-amz-date";
    else if (v->amz_date == NULL && v->date != NULL && !s_signed(v, "date", 4))
        missing = "date";
    else if (v->token != NULL && !s_signed(v, "x-amz-security-token", 20))
        missing = "x-amz-security-token";
    if (missing != NULL)
        s_violate(j, c, DC_CRULE_SIGNING_REQUIRED_HEADERS, v, "%s is not in SignedHeaders=%.*s", missing,
                  (int)(v->signed_len > 300 ? 300 : v->signed_len), v->signed_headers);

    s_check(c, DC_CRULE_SIGNING_AMZ_HEADERS_SIGNED);
    for (size_t i = 0; i < v->rq->nheaders; i++) {
        const char *name = v->rq->headers[i].name;
        if (name != NULL && (name[0] == 'x' || name[0] == 'X') && strncasecmp(name, "x-amz-", 6) == 0 &&
            !s_signed(v, name, strlen(name))) {
            s_violate(j, c, DC_CRULE_SIGNING_AMZ_HEADERS_SIGNED, v, "%.64s is sent but not signed", name);
            break;
        }
    }
    if (v->ctype != NULL) {
        s_check(c, DC_CRULE_SIGNING_CONTENT_TYPE_SIGNED);
        if (!s_signed(v, "content-type", 12))
            s_violate(j, c, DC_CRULE_SIGNING_CONTENT_TYPE_SIGNED, v, "content-type is sent but not signed");
    }
}

static void s_judge_validity(dc_gate_judge *j, s_client *c, const s_seen *v)
{
    const dc_front_decision *d = &v->rs->decision;
    if (d->stage != DC_FRONT_STAGE_VALIDATION && d->stage != DC_FRONT_STAGE_MODEL)
        return;
    s_check(c, DC_CRULE_VALIDITY_REQUEST);
    s_op_tally *t = NULL;
    for (size_t i = 0; i < c->nops && t == NULL; i++)
        if (strcmp(c->ops[i].name, d->operation) == 0)
            t = &c->ops[i];
    if (t == NULL && c->nops < S_MAX_OPS) {
        t = &c->ops[c->nops++];
        snprintf(t->name, sizeof t->name, "%s", d->operation);
    }
    if (t != NULL)
        t->requests++;
    if (d->stage == DC_FRONT_STAGE_VALIDATION) {
        if (t != NULL)
            t->invalid++;
        s_violate(j, c, DC_CRULE_VALIDITY_REQUEST, v, "%s: the service would refuse this request (%s)", d->operation,
                  v->error[0] ? v->error : "ValidationException");
    }
}

/* "fault reset", "500 InternalServerError": what the retried attempt got. */
static void s_previous(const s_call *k, char out[S_MAX_ERROR_NAME + 32])
{
    if (k->last_fault != DC_FAULT_NONE)
        snprintf(out, S_MAX_ERROR_NAME + 32, "fault %s", dc_fault_name(k->last_fault));
    else
        snprintf(out, S_MAX_ERROR_NAME + 32, "%u %s", k->last_status, k->last_error[0] ? k->last_error : "");
}

/* The retry rules for a request tied to call k (attempt >= 2). */
static void s_judge_retry(dc_gate_judge *j, s_client *c, s_call *k, const s_seen *v, bool id_changed)
{
    const dc_client_limits *lim = j->lim;
    char prev[S_MAX_ERROR_NAME + 32];
    s_previous(k, prev);
    c->retries++;
    if (k->last == S_NON_RETRYABLE)
        s_violate(j, c, DC_CRULE_RETRY_NON_RETRYABLE, v, "attempt %d retries an answer %u %s, which is not retryable",
                  v->attempt, k->last_status, k->last_error[0] ? k->last_error : "(no error name)");

    /* retry.backoff is judged at finish; keep immediate retries as its examples */
    if (v->delay_us < lim->immediate_retry_ms * 1000) {
        c->immediate_retries++;
        s_acc *a = &c->acc[DC_CRULE_RETRY_BACKOFF];
        if (a->nexamples < DC_GATE_MAX_EXAMPLES) {
            char detail[320];
            snprintf(detail, sizeof detail, "retried %.1f ms after the answer (%s)", (double)v->delay_us / 1000.0,
                     prev);
            s_example_fill(j, v, detail, &a->examples[a->nexamples++]);
        }
    }
    dc_retry_sample smp = {.attempt = v->attempt, .cls = k->last_class, .delay_us = v->delay_us};
    if (c->nsamples < S_MAX_SAMPLES) {
        if (c->samples == NULL)
            c->samples = dc_xcalloc(S_MAX_SAMPLES, sizeof *c->samples);
        c->samples[c->nsamples++] = smp;
    }
    if (c->cap_example == NULL || v->delay_us > c->cap_example_us) {
        char detail[320];
        snprintf(detail, sizeof detail, "waited %.1f ms before attempt %d after %s (a %s answer)",
                 (double)v->delay_us / 1000.0, v->attempt, prev, dc_retry_class_name(k->last_class));
        if (c->cap_example != NULL)
            s_example_free(c->cap_example);
        else
            c->cap_example = dc_xcalloc(1, sizeof *c->cap_example);
        s_example_fill(j, v, detail, c->cap_example);
        c->cap_example_us = v->delay_us;
    }
    if (k->nretries == 0)
        k->first_retry = smp;
    else if (k->nretries <= 2)
        k->later_retry = smp;
    k->nretries++;

    /* attempts beyond an announced max= here; beyond the schemes' at finish */
    s_check(c, DC_CRULE_RETRY_MAX_ATTEMPTS);
    int announced = v->hdr_max > 0 ? v->hdr_max : k->announced_max;
    if (!k->max_flagged && announced > 0 && v->attempt > announced) {
        k->max_flagged = true;
        s_violate(j, c, DC_CRULE_RETRY_MAX_ATTEMPTS, v, "attempt %d of a call announced with max=%d", v->attempt,
                  announced);
    } else if (announced == 0 && (c->max_example == NULL || v->attempt > c->max_example->attempt)) {
        char detail[200];
        snprintf(detail, sizeof detail, "attempt %d of one call (no amz-sdk-request max= announced)", v->attempt);
        if (c->max_example != NULL)
            s_example_free(c->max_example);
        else
            c->max_example = dc_xcalloc(1, sizeof *c->max_example);
        s_example_fill(j, v, detail, c->max_example);
    }

    if (v->inv_id != NULL || k->invocation_id != NULL) {
        s_check(c, DC_CRULE_RETRY_INVOCATION_ID);
        if (id_changed)
            s_violate(j, c, DC_CRULE_RETRY_INVOCATION_ID, v,
                      "amz-sdk-invocation-id %.64s differs from the call's first attempt (%.64s)", v->inv_id,
                      k->invocation_id);
        else if (v->inv_id == NULL)
            s_violate(j, c, DC_CRULE_RETRY_INVOCATION_ID, v,
                      "the retry carries no amz-sdk-invocation-id, attempt 1 did");
        else if (k->invocation_id == NULL)
            s_violate(j, c, DC_CRULE_RETRY_INVOCATION_ID, v,
                      "the retry carries an amz-sdk-invocation-id, attempt 1 none");
    }

    if (v->sdk_request != NULL || k->attempt_header > 0) {
        s_check(c, DC_CRULE_RETRY_ATTEMPT_HEADER);
        if (v->hdr_attempt == 0)
            s_violate(j, c, DC_CRULE_RETRY_ATTEMPT_HEADER, v,
                      "attempt %d carries no amz-sdk-request attempt=", v->attempt);
        else if (k->attempt_header > 0 && v->hdr_attempt != k->attempt_header + 1)
            s_violate(j, c, DC_CRULE_RETRY_ATTEMPT_HEADER, v, "amz-sdk-request attempt=%d after attempt=%d",
                      v->hdr_attempt, k->attempt_header);
        else if (v->hdr_attempt != v->attempt)
            s_violate(j, c, DC_CRULE_RETRY_ATTEMPT_HEADER, v, "amz-sdk-request attempt=%d on attempt %d of the call",
                      v->hdr_attempt, v->attempt);
        else if (v->hdr_max > 0 && k->announced_max > 0 && v->hdr_max != k->announced_max && k->attempts > 1)
            s_violate(j, c, DC_CRULE_RETRY_ATTEMPT_HEADER, v, "amz-sdk-request max=%d after max=%d", v->hdr_max,
                      k->announced_max);
    }

    s_check(c, DC_CRULE_RETRY_RE_SIGNED);
    int64_t date = v->date_epoch;
    const char *dt = v->date_text;
    if (v->signature_known && !v->signature_ok)
        s_violate(j, c, DC_CRULE_RETRY_RE_SIGNED, v, "the retry's signature does not verify");
    else if (v->x->received_us - k->last_received_us >= lim->resign_gap_ms * 1000 && k->last_amz_date != INT64_MIN &&
             date != INT64_MIN && date <= k->last_amz_date)
        s_violate(j, c, DC_CRULE_RETRY_RE_SIGNED, v,
                  "X-Amz-Date %s is not later than the previous attempt's though %.1f s passed", dt,
                  (double)(v->x->received_us - k->last_received_us) / 1e6);
}

/* Ties v to its call (or starts one), judges the retry rules, records the answer. */
static void s_track(dc_gate_judge *j, s_client *c, s_seen *v)
{
    s_call *k = NULL;
    bool id_changed = false;
    uint64_t id_key = 0;
    if (v->inv_id != NULL && v->inv_id[0] != '\0') {
        id_key = dc_hash_fnv1a(DC_HASH_FNV_SEED, v->inv_id, strlen(v->inv_id));
        id_key = id_key ? id_key : 1;
        k = s_find_by_id(c, v->inv_id, id_key);
    } else {
        v->inv_id = NULL;
    }
    uint64_t body_key = dc_hash_fnv1a(DC_HASH_FNV_SEED, v->target ? v->target : "", v->target ? strlen(v->target) : 0);
    body_key = dc_hash_fnv1a(body_key, "\n", 1);
    body_key =
        dc_hash_fnv1a(body_key, v->rq->body ? v->rq->body : (const uint8_t *)"", v->rq->body ? v->rq->body_len : 0);
    if (k == NULL) {
        /* by target + body: for clients without invocation ids; across ids
         * only when the request says it is a retry (amz-sdk-request attempt=2+),
         * since an SDK starts every call of the application with a new id */
        s_call *cand = s_find_by_body(c, body_key);
        bool said_retry = v->hdr_attempt >= 2;
        bool same_kind = v->inv_id == NULL && cand != NULL && cand->invocation_id == NULL;
        if (cand != NULL && v->x->received_us - cand->last_answered_us <= j->lim->window_ms * 1000 &&
            (same_kind || said_retry)) {
            k = cand;
            id_changed = v->inv_id != NULL && cand->invocation_id != NULL;
        }
    }
    if (k != NULL) {
        v->attempt = k->attempts + 1;
        v->delay_us = v->x->received_us - k->last_answered_us;
        if (v->delay_us < 0)
            v->delay_us = 0; /* the retry's thread stamped before the answer's */
    }
    s_judge_wire(j, c, v);
    s_judge_signing(j, c, v);
    s_judge_validity(j, c, v);

    if (k == NULL) {
        c->calls++;
        if (v->sdk_request != NULL) {
            s_check(c, DC_CRULE_RETRY_ATTEMPT_HEADER);
            if (v->hdr_attempt != 1)
                s_violate(j, c, DC_CRULE_RETRY_ATTEMPT_HEADER, v, "the first attempt of a call says attempt=%d",
                          v->hdr_attempt);
        }
        if (v->outcome == S_OK)
            return; /* done in one attempt: nothing to remember (most calls) */
        if (c->ncalls >= S_MAX_OPEN_CALLS)
            s_call_finish(j, c, c->lru_tail);
        if (c->ncalls >= c->by_body.nbuckets)
            s_rehash(c);
        k = dc_xcalloc(1, sizeof *k);
        if (v->inv_id != NULL) {
            k->invocation_id = dc_xstrdup(v->inv_id);
            dc_hash_insert(&c->by_id, &k->id_node, id_key);
        }
        dc_hash_insert(&c->by_body, &k->body_node, body_key);
        s_lru_push(c, k);
        c->ncalls++;
    } else {
        s_judge_retry(j, c, k, v, id_changed);
        s_lru_unlink(c, k);
        s_lru_push(c, k);
    }

    /* this attempt's answer */
    k->attempts = v->attempt;
    if (v->hdr_attempt > 0)
        k->attempt_header = v->hdr_attempt;
    if (v->hdr_max > 0)
        k->announced_max = v->hdr_max;
    k->last = v->outcome;
    k->last_fault = v->rs->fault;
    dc_retryable_class rc = DC_RETRYABLE_TRANSIENT;
    bool throttled = v->rs->fault == DC_FAULT_THROTTLE ||
                     (v->error[0] != '\0' && dc_client_rules_retryable(j->opt.rules, v->error, v->rs->status, &rc) &&
                      rc == DC_RETRYABLE_THROTTLING);
    k->last_class = throttled ? DC_RCLASS_THROTTLING : DC_RCLASS_TRANSIENT;
    if (c->first_announced_max == 0 && v->hdr_max > 0)
        c->first_announced_max = v->hdr_max;
    memcpy(k->last_error, v->error, sizeof k->last_error);
    k->last_status = v->rs->status;
    k->last_received_us = v->x->received_us;
    k->last_answered_us = v->x->answered_us;
    k->last_amz_date = v->date_epoch;
    if (k->pending != NULL) {
        s_example_free(k->pending);
        free(k->pending);
        k->pending = NULL;
    }
    if (v->outcome == S_FAULTED) {
        dc_crule_id r = v->rs->fault == DC_FAULT_BADCRC ? DC_CRULE_RETRY_CRC32_CHECKED : DC_CRULE_RETRY_AFTER_FAULT;
        s_check(c, r);
        if (c->acc[r].nexamples < DC_GATE_MAX_EXAMPLES) {
            char detail[200];
            snprintf(detail, sizeof detail, "fault %s on attempt %d; no further attempt of the call followed",
                     dc_fault_name(v->rs->fault), v->attempt);
            k->pending = dc_xcalloc(1, sizeof *k->pending);
            s_example_fill(j, v, detail, k->pending);
        }
    } else if (v->outcome == S_EITHER) {
        c->crc_on_errors++;
    } else if (v->outcome == S_NON_RETRYABLE) {
        s_check(c, DC_CRULE_RETRY_NON_RETRYABLE);
    } else if (v->outcome == S_OK) {
        s_call_finish(j, c, k); /* a success ends the call */
    }
}

/* ------------------------------------------------------------ the API */

dc_gate_judge *dc_gate_judge_new(const dc_gate_judge_options *opt)
{
    dc_gate_judge *j = dc_xcalloc(1, sizeof *j);
    j->opt = *opt;
    j->lim = dc_client_rules_limits(opt->rules);
    j->creds.access_key_id = opt->access_key_id;
    j->creds.secret_access_key = opt->secret_access_key;
    j->creds.session_token = opt->session_token;
    pthread_mutex_init(&j->lock, NULL);
    return j;
}

/* A call to another service that reached the endpoint through AWS_ENDPOINT_URL
 * (an application asking STS who it is, say): signed for another service and
 * without a DynamoDB target, it is not the client's DynamoDB traffic. */
static bool s_other_service(const dc_gate_judge *j, const s_seen *v)
{
    const dc_service *svc = dc_spec_service(j->opt.spec);
    if (v->target != NULL && strncmp(v->target, "DynamoDB", 8) == 0)
        return false;
    if (v->cred == NULL)
        return false;
    /* Credential=<akid>/<date>/<region>/<service>/aws4_request */
    const char *p = v->cred, *end = v->cred + v->cred_len;
    for (int slash = 0; slash < 3 && p != NULL; slash++) {
        p = memchr(p, '/', (size_t)(end - p));
        p = p != NULL ? p + 1 : NULL;
    }
    if (p == NULL)
        return false;
    const char *q = memchr(p, '/', (size_t)(end - p));
    size_t n = (size_t)((q != NULL ? q : end) - p);
    return n > 0 && !(strlen(svc->signing_name) == n && strncmp(p, svc->signing_name, n) == 0);
}

void dc_gate_judge_observe(void *ctx, const dc_serve_exchange *x)
{
    dc_gate_judge *j = ctx;
    s_seen v;
    bool ignore = x->response->decision.stage == DC_FRONT_STAGE_NONE;
    if (!ignore) {
        s_examine(j, x, &v); /* outside the lock: it only reads */
        ignore = s_other_service(j, &v);
    }
    pthread_mutex_lock(&j->lock);
    if (ignore) {
        j->ignored++;
    } else if (!j->finished) {
        if (!j->started) {
            j->started = true;
            j->t0_us = x->received_us;
        }
        s_client *c = s_client_get(j, &v);
        c->requests++;
        j->requests++;
        s_track(j, c, &v);
        s_expire(j, c, x->received_us);
    }
    pthread_mutex_unlock(&j->lock);
}

static void s_clear_examples(s_acc *a)
{
    for (size_t i = 0; i < a->nexamples; i++)
        s_example_free(&a->examples[i]);
    a->nexamples = 0;
}

#define S_MAX_SCHEMES 64

/* Is letter one of the ids of the User-Agent's "m/" token ("m/E,P,g")? */
static bool s_has_metric(const char *ua, char letter)
{
    for (const char *p = ua; (p = strstr(p, "m/")) != NULL; p += 2) {
        if (p != ua && p[-1] != ' ')
            continue;
        for (const char *q = p + 2; *q != '\0' && *q != ' ';) {
            size_t n = strcspn(q, ", ");
            if (n == 1 && q[0] == letter)
                return true;
            q += n;
            if (*q == ',')
                q++;
        }
    }
    return false;
}

static bool s_declares(const s_client *c, const dc_retry_scheme *s)
{
    bool family = false;
    for (size_t i = 0; i < s->nfamilies && !family; i++)
        family = strcmp(c->family, s->families[i]) == 0;
    if (!family)
        return false;
    if (s->ntokens == 0 && s->metrics[0] == '\0')
        return true;
    for (size_t i = 0; i < s->ntokens; i++)
        if (strstr(c->ua, s->ua_tokens[i]) != NULL)
            return true;
    for (const char *m = s->metrics; *m != '\0'; m++)
        if (s_has_metric(c->ua, *m))
            return true;
    return false;
}

/* Calls that announced no max= and made more attempts than max. */
static uint64_t s_calls_over(const s_client *c, int max)
{
    uint64_t n = 0;
    for (int a = max + 1; a <= S_MAX_HIST; a++)
        n += c->attempts_hist[a];
    return n;
}

/* Does scheme s explain everything the client did? */
static bool s_consistent(const s_client *c, const dc_retry_scheme *s, const dc_retry_stat_params *p)
{
    const dc_retry_scheme *one[1] = {s};
    size_t worst;
    if (dc_retry_test_cap(one, 1, c->samples, c->nsamples, p, &worst) > 0 || s_calls_over(c, s->max_attempts) > 0)
        return false;
    return !dc_retry_test_backoff(one, 1, c->samples, c->nsamples, p).alarm &&
           !dc_retry_test_growth(one, 1, c->growth, c->ngrowth, p).alarm &&
           !dc_retry_test_jitter(one, 1, c->samples, c->nsamples, p).alarm;
}

static char *s_stat_note(const char *what, const dc_stat_verdict *v, double alpha)
{
    dc_buf n;
    dc_buf_init(&n);
    if (v->n == 0)
        dc_buf_printf(&n, "no %s to judge", what);
    else if (!v->judged)
        dc_buf_printf(&n,
                      "%zu %s, %zu of them suspect: too few to judge (even all suspect would have probability %.2g "
                      "for a compliant client, the bar is %.2g)",
                      v->n, what, v->hits, v->p_min, alpha);
    else
        dc_buf_printf(&n, "%zu %s, %zu of them suspect: probability %.2g for a compliant client (the bar is %.2g)",
                      v->n, what, v->hits, v->p, alpha);
    return dc_buf_take(&n);
}

static void s_stat_rule(s_client *c, dc_crule_id id, const dc_stat_verdict *v, const char *what, double alpha,
                        char **note)
{
    s_acc *a = &c->acc[id];
    a->checks = v->judged ? 1u : 0u;
    a->violations = v->alarm ? 1u : 0u;
    *note = s_stat_note(what, v, alpha);
    if (!v->alarm)
        s_clear_examples(a);
}

/* Moves *e (when set) into the rule's examples, or frees it. */
static void s_take_example(s_client *c, dc_crule_id id, dc_gate_example **e, bool keep)
{
    if (*e == NULL)
        return;
    s_acc *a = &c->acc[id];
    if (keep && a->nexamples < DC_GATE_MAX_EXAMPLES) {
        a->examples[a->nexamples++] = **e;
    } else {
        s_example_free(*e);
    }
    free(*e);
    *e = NULL;
}

/* The client's retry scheme, and the rules on its delays and attempts judged
 * against its candidate schemes (retrystats.h). */
static void s_judge_schemes(const dc_gate_judge *j, s_client *c, char **notes, dc_gate_client *gc)
{
    const dc_client_rules *rules = j->opt.rules;
    dc_retry_stat_params p = dc_client_rules_stat_params(rules);
    const dc_retry_scheme *decl[S_MAX_SCHEMES], *all[S_MAX_SCHEMES];
    size_t nd = 0, na = 0;
    for (size_t i = 0; i < dc_client_rules_nschemes(rules) && na < S_MAX_SCHEMES; i++) {
        const dc_retry_scheme *s = dc_client_rules_scheme(rules, i);
        all[na++] = s;
        if (s_declares(c, s))
            decl[nd++] = s;
    }
    const dc_retry_scheme *const *cands = nd > 0 ? decl : all;
    size_t nc = nd > 0 ? nd : na;
    int max_attempts = 0;
    for (size_t i = 0; i < nc; i++)
        max_attempts = cands[i]->max_attempts > max_attempts ? cands[i]->max_attempts : max_attempts;

    const dc_retry_scheme *inferred = NULL;
    for (int pass = 0; pass < 2 && inferred == NULL && c->retries > 0; pass++)
        for (size_t i = 0; i < nc && inferred == NULL; i++)
            if ((pass == 1 || cands[i]->max_attempts == c->first_announced_max) && s_consistent(c, cands[i], &p))
                inferred = cands[i];

    dc_buf n;
    dc_buf_init(&n);
    if (c->retries == 0)
        dc_buf_puts(&n, "no retries seen: nothing to infer a retry scheme from");
    else if (inferred != NULL)
        dc_buf_printf(&n, "follows %s (%s)", inferred->id,
                      nd > 0 ? "one of the schemes its User-Agent declares"
                             : "inferred from its delays and attempts; its User-Agent declares no scheme");
    else
        dc_buf_printf(&n,
                      "matches none of the %s schemes: its delays and attempts are judged against the loosest bound",
                      nd > 0 ? "declared" : "documented");
    dc_buf_puts(&n, nd > 0 ? "; declared: " : "; candidates: all ");
    for (size_t i = 0; i < nc; i++)
        dc_buf_printf(&n, "%s%s", i ? ", " : "", cands[i]->id);
    gc->scheme = inferred != NULL ? dc_xstrdup(inferred->id) : NULL;
    gc->scheme_declared = nd > 0;
    gc->scheme_note = dc_buf_take(&n);

    double alpha = p.alpha;
    dc_stat_verdict v = dc_retry_test_backoff(cands, nc, c->samples, c->nsamples, &p);
    s_stat_rule(c, DC_CRULE_RETRY_BACKOFF, &v, "retries (suspect: within 3 ms of the answer)", alpha,
                &notes[DC_CRULE_RETRY_BACKOFF]);
    v = dc_retry_test_growth(cands, nc, c->growth, c->ngrowth, &p);
    s_stat_rule(c, DC_CRULE_RETRY_BACKOFF_GROWTH, &v, "calls with 2+ retries (suspect: the later delay did not grow)",
                alpha, &notes[DC_CRULE_RETRY_BACKOFF_GROWTH]);
    v = dc_retry_test_jitter(cands, nc, c->samples, c->nsamples, &p);
    s_stat_rule(c, DC_CRULE_RETRY_JITTER, &v, "first retries (suspect: all about the same)", alpha,
                &notes[DC_CRULE_RETRY_JITTER]);
    bool jitterless = c->retries > 0;
    for (size_t i = 0; i < nc; i++)
        jitterless = jitterless && cands[i]->jitter_low_percent == 100 && !cands[i]->rate_limited;
    if (jitterless) { /* its schemes draw no jitter: it holds by them (botocore legacy, C++) */
        c->acc[DC_CRULE_RETRY_JITTER].checks = 1;
        free(notes[DC_CRULE_RETRY_JITTER]);
        notes[DC_CRULE_RETRY_JITTER] =
            dc_xstrdup("every scheme it declares waits fixed delays, without jitter: nothing to randomise");
    }

    size_t worst;
    s_acc *cap = &c->acc[DC_CRULE_RETRY_BACKOFF_CAP];
    cap->checks = c->nsamples;
    cap->violations = dc_retry_test_cap(cands, nc, c->samples, c->nsamples, &p, &worst);
    if (cap->violations > 0) {
        const dc_retry_sample *w = &c->samples[worst];
        int64_t limit = 0;
        for (size_t i = 0; i < nc; i++) {
            int64_t l = dc_scheme_longest_us(cands[i], w->attempt, w->cls);
            limit = l > limit ? l : limit;
        }
        dc_buf_init(&n);
        dc_buf_printf(
            &n,
            "waited %.1f ms before attempt %d after a %s answer; the %s schemes allow up to %.1f ms (+%lld ms slack)",
            (double)w->delay_us / 1000.0, w->attempt, dc_retry_class_name(w->cls), nd > 0 ? "declared" : "documented",
            (double)limit / 1000.0, (long long)j->lim->backoff_tolerance_ms);
        notes[DC_CRULE_RETRY_BACKOFF_CAP] = dc_buf_take(&n);
    }
    s_take_example(c, DC_CRULE_RETRY_BACKOFF_CAP, &c->cap_example, cap->violations > 0);

    uint64_t over = s_calls_over(c, max_attempts);
    s_acc *ma = &c->acc[DC_CRULE_RETRY_MAX_ATTEMPTS];
    ma->violations += over;
    if (over > 0) {
        dc_buf_init(&n);
        dc_buf_printf(
            &n, "%llu call%s without amz-sdk-request max= made more than %d attempts (the most the %s schemes make)",
            (unsigned long long)over, over == 1 ? "" : "s", max_attempts, nd > 0 ? "declared" : "documented");
        notes[DC_CRULE_RETRY_MAX_ATTEMPTS] = dc_buf_take(&n);
    }
    s_take_example(c, DC_CRULE_RETRY_MAX_ATTEMPTS, &c->max_example, over > 0);

    if (c->crc_on_errors > 0) {
        dc_buf_init(&n);
        dc_buf_printf(&n,
                      "%llu error answer%s had a bad x-amz-crc32: a note, not judged (SDKs check successful answers)",
                      (unsigned long long)c->crc_on_errors, c->crc_on_errors == 1 ? "" : "s");
        notes[DC_CRULE_RETRY_CRC32_CHECKED] = dc_buf_take(&n);
    }
}

static char *s_validity_note(const s_client *c)
{
    if (c->nops == 0)
        return NULL;
    dc_buf n;
    dc_buf_init(&n);
    for (size_t i = 0; i < c->nops; i++)
        dc_buf_printf(&n, "%s%s %llu/%llu invalid", i ? ", " : "", c->ops[i].name,
                      (unsigned long long)c->ops[i].invalid, (unsigned long long)c->ops[i].requests);
    return dc_buf_take(&n);
}

static dc_gate_status s_status(const dc_gate_judge *j, dc_crule_id id, const s_acc *a, dc_severity *sev)
{
    const dc_crule *rule = dc_client_rule(j->opt.rules, id);
    *sev = j->opt.level == DC_GATE_COMPAT ? rule->compat_severity : rule->severity;
    if (a->checks == 0)
        return DC_GATE_NOT_EXERCISED;
    if (*sev == DC_SEVERITY_INFO)
        return DC_GATE_INFO;
    if (a->violations == 0)
        return DC_GATE_PASSED;
    return *sev == DC_SEVERITY_FAILURE ? DC_GATE_FAILED : DC_GATE_WARNING;
}

void dc_gate_judge_finish(dc_gate_judge *j, dc_gate_result *out)
{
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&j->lock);
    j->finished = true;
    out->requests = j->requests;
    out->ignored = j->ignored;
    out->clients = dc_xcalloc(j->nclients + 1, sizeof *out->clients);
    for (size_t i = 0; i < j->nclients; i++) {
        s_client *c = j->clients[i];
        while (c->lru_tail != NULL)
            s_call_finish(j, c, c->lru_tail);
        char *notes[DC_CRULE_COUNT] = {NULL};
        dc_gate_client *gc = &out->clients[out->nclients++];
        s_judge_schemes(j, c, notes, gc);
        notes[DC_CRULE_VALIDITY_REQUEST] = s_validity_note(c);

        gc->id = dc_xstrdup(c->id);
        gc->access_key = dc_xstrdup(c->akid);
        gc->family = dc_xstrdup(c->family);
        gc->user_agent = dc_xstrdup(c->ua);
        gc->requests = c->requests;
        gc->calls = c->calls;
        gc->retries = c->retries;
        bool failed = false;
        for (int r = 0; r < DC_CRULE_COUNT; r++) {
            s_acc *a = &c->acc[r];
            dc_gate_rule_result *rr = &gc->rules[r];
            rr->id = (dc_crule_id)r;
            rr->status = s_status(j, (dc_crule_id)r, a, &rr->severity);
            rr->checks = a->checks;
            rr->violations = a->violations;
            rr->note = notes[r];
            if (rr->status == DC_GATE_PASSED || rr->status == DC_GATE_NOT_EXERCISED) {
                s_clear_examples(a);
            } else {
                memcpy(rr->examples, a->examples, sizeof rr->examples);
                rr->nexamples = a->nexamples;
                memset(a->examples, 0, sizeof a->examples);
                a->nexamples = 0;
            }
            if (rr->status == DC_GATE_FAILED) {
                out->failed++;
                failed = true;
            } else if (rr->status == DC_GATE_WARNING) {
                out->warnings++;
            }
        }
        out->failed_clients += failed ? 1u : 0u;
    }
    pthread_mutex_unlock(&j->lock);
}

static void s_client_free(dc_gate_judge *j, s_client *c)
{
    while (c->lru_tail != NULL) {
        s_call *k = c->lru_tail;
        k->last = S_OK; /* freeing, not judging */
        s_call_finish(j, c, k);
    }
    for (int r = 0; r < DC_CRULE_COUNT; r++)
        s_clear_examples(&c->acc[r]);
    s_take_example(c, DC_CRULE_RETRY_BACKOFF_CAP, &c->cap_example, false);
    s_take_example(c, DC_CRULE_RETRY_MAX_ATTEMPTS, &c->max_example, false);
    free(c->samples);
    free(c->growth);
    dc_hash_free(&c->by_id);
    dc_hash_free(&c->by_body);
    free(c->id);
    free(c->akid);
    free(c->family);
    free(c->ua);
    free(c);
}

void dc_gate_judge_free(dc_gate_judge *j)
{
    if (j == NULL)
        return;
    for (size_t i = 0; i < j->nclients; i++)
        s_client_free(j, j->clients[i]);
    free(j->clients);
    pthread_mutex_destroy(&j->lock);
    free(j);
}

void dc_gate_result_free(dc_gate_result *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->nclients; i++) {
        dc_gate_client *c = &r->clients[i];
        for (int k = 0; k < DC_CRULE_COUNT; k++) {
            for (size_t e = 0; e < c->rules[k].nexamples; e++)
                s_example_free(&c->rules[k].examples[e]);
            free(c->rules[k].note);
        }
        free(c->id);
        free(c->access_key);
        free(c->family);
        free(c->user_agent);
        free(c->scheme);
        free(c->scheme_note);
    }
    free(r->clients);
    memset(r, 0, sizeof *r);
}

const char *dc_gate_status_name(dc_gate_status s)
{
    switch (s) {
    case DC_GATE_PASSED: return "passed";
    case DC_GATE_FAILED: return "failed";
    case DC_GATE_WARNING: return "warning";
    case DC_GATE_INFO: return "info";
    case DC_GATE_NOT_EXERCISED: return "not-exercised";
    }
    return "?";
}

const char *dc_gate_level_name(dc_gate_level l)
{
    return l == DC_GATE_COMPAT ? "compat" : "strict";
}
