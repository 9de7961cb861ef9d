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
#include "gate/judge_internal.h"

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
static void s_parse_auth(dc_judge_seen *v)
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
static bool s_signed(const dc_judge_seen *v, const char *name, size_t len)
{
    for (size_t i = 0; i < v->nsigned; i++)
        if (v->signed_name_len[i] == len && strncasecmp(v->signed_name[i], name, len) == 0)
            return true;
    return false;
}

/* "ttl=...; attempt=2; max=3" */
static void s_parse_sdk_request(dc_judge_seen *v)
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

static void s_examine(const dc_gate_judge *j, const dc_serve_exchange *x, dc_judge_seen *v)
{
    memset(v, 0, sizeof *v);
    v->x = x;
    v->rq = x->request;
    v->rs = x->response;
    v->delay_us = -1;
    v->attempt = 1;
#define S_WANT(n, field)                                                                                               \
    {                                                                                                                  \
        n, sizeof n - 1, offsetof(dc_judge_seen, field)                                                                \
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
        v->outcome = DC_JUDGE_EITHER;
    else if (v->rs->fault != DC_FAULT_NONE)
        v->outcome = DC_JUDGE_FAULTED;
    else if (v->rs->status >= 200 && v->rs->status < 300)
        v->outcome = DC_JUDGE_OK;
    else if (dc_client_rules_retryable(j->opt.rules, v->error[0] ? v->error : NULL, v->rs->status, NULL))
        v->outcome = DC_JUDGE_RETRYABLE;
    else
        v->outcome = DC_JUDGE_NON_RETRYABLE;
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

static void s_example_fill(const dc_gate_judge *j, const dc_judge_seen *v, const char *detail, dc_gate_example *e)
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

void dc_judge_example_free(dc_gate_example *e)
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

static void s_check(dc_judge_client *c, dc_crule_id r)
{
    c->acc[r].checks++;
}

/* Counts a violation; keeps the exchange as an example while there is room. */
static void s_violate(const dc_gate_judge *j, dc_judge_client *c, dc_crule_id r, const dc_judge_seen *v,
                      const char *fmt, ...) DC_PRINTF(5, 6);
static void s_violate(const dc_gate_judge *j, dc_judge_client *c, dc_crule_id r, const dc_judge_seen *v,
                      const char *fmt, ...)
{
    dc_judge_acc *a = &c->acc[r];
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

static dc_judge_client *s_client_get(dc_gate_judge *j, const dc_judge_seen *v)
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
    dc_judge_client *c = dc_xcalloc(1, sizeof *c);
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

static void s_lru_unlink(dc_judge_client *c, dc_judge_call *k)
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

static void s_lru_push(dc_judge_client *c, dc_judge_call *k)
{
    k->lru_next = c->lru_head;
    if (c->lru_head)
        c->lru_head->lru_prev = k;
    c->lru_head = k;
    if (c->lru_tail == NULL)
        c->lru_tail = k;
}

/* Twice the buckets, the calls re-inserted from the most recently active on. */
static void s_rehash(dc_judge_client *c)
{
    size_t n = c->by_body.nbuckets * 2;
    dc_hash_reset(&c->by_id, n);
    dc_hash_reset(&c->by_body, n);
    for (dc_judge_call *k = c->lru_head; k != NULL; k = k->lru_next) {
        if (k->invocation_id != NULL)
            dc_hash_insert(&c->by_id, &k->id_node, k->id_node.key);
        dc_hash_insert(&c->by_body, &k->body_node, k->body_node.key);
    }
}

static dc_judge_call *s_find_by_id(dc_judge_client *c, const char *id, uint64_t key)
{
    for (dc_hash_node *n = dc_hash_first(&c->by_id, key); n != NULL; n = dc_hash_next(n)) {
        dc_judge_call *k = DC_HASH_ENTRY(n, dc_judge_call, id_node);
        if (strcmp(k->invocation_id, id) == 0)
            return k;
    }
    return NULL;
}

/* The most recent unfinished call with this target + body. */
static dc_judge_call *s_find_by_body(dc_judge_client *c, uint64_t key)
{
    dc_judge_call *best = NULL;
    for (dc_hash_node *n = dc_hash_first(&c->by_body, key); n != NULL; n = dc_hash_next(n)) {
        dc_judge_call *k = DC_HASH_ENTRY(n, dc_judge_call, body_node);
        if (k->last != DC_JUDGE_OK && (best == NULL || k->last_answered_us > best->last_answered_us))
            best = k;
    }
    return best;
}

/* A call ends: its faulted last attempt must have been the last one allowed. */
void dc_judge_call_finish(dc_gate_judge *j, dc_judge_client *c, dc_judge_call *k)
{
    if (k->nretries >= 2 && c->ngrowth < S_MAX_SAMPLES) {
        if (c->growth == NULL)
            c->growth = dc_xcalloc(S_MAX_SAMPLES, sizeof *c->growth);
        c->growth[c->ngrowth].first = k->first_retry;
        c->growth[c->ngrowth++].later = k->later_retry;
    }
    if (k->announced_max == 0)
        c->attempts_hist[k->attempts < S_MAX_HIST ? k->attempts : S_MAX_HIST]++;
    if (k->last == DC_JUDGE_FAULTED) {
        dc_crule_id r = k->last_fault == DC_FAULT_BADCRC ? DC_CRULE_RETRY_CRC32_CHECKED : DC_CRULE_RETRY_AFTER_FAULT;
        bool announced_last = k->announced_max > 0 && k->attempts >= k->announced_max;
        bool gave_up_late = k->attempts >= j->lim->give_up_after_attempts;
        if (!announced_last && !gave_up_late) {
            dc_judge_acc *a = &c->acc[r];
            a->violations++;
            if (k->pending != NULL && a->nexamples < DC_GATE_MAX_EXAMPLES) {
                a->examples[a->nexamples++] = *k->pending;
                free(k->pending);
                k->pending = NULL;
            }
        }
    }
    if (k->pending != NULL) {
        dc_judge_example_free(k->pending);
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

static void s_expire(dc_gate_judge *j, dc_judge_client *c, int64_t now_us)
{
    int64_t window_us = j->lim->window_ms * 1000;
    while (c->lru_tail != NULL && c->lru_tail->last_answered_us + window_us < now_us)
        dc_judge_call_finish(j, c, c->lru_tail);
}

/* ------------------------------------------------------------ the rules */

static void s_judge_wire(dc_gate_judge *j, dc_judge_client *c, const dc_judge_seen *v)
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

static void s_verify_self(dc_gate_judge *j, dc_judge_seen *v)
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

static void s_judge_signing(dc_gate_judge *j, dc_judge_client *c, dc_judge_seen *v)
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

static void s_judge_validity(dc_gate_judge *j, dc_judge_client *c, const dc_judge_seen *v)
{
    const dc_front_decision *d = &v->rs->decision;
    if (d->stage != DC_FRONT_STAGE_VALIDATION && d->stage != DC_FRONT_STAGE_MODEL)
        return;
    s_check(c, DC_CRULE_VALIDITY_REQUEST);
    dc_judge_op_tally *t = NULL;
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
static void s_previous(const dc_judge_call *k, char out[S_MAX_ERROR_NAME + 32])
{
    if (k->last_fault != DC_FAULT_NONE)
        snprintf(out, S_MAX_ERROR_NAME + 32, "fault %s", dc_fault_name(k->last_fault));
    else
        snprintf(out, S_MAX_ERROR_NAME + 32, "%u %s", k->last_status, k->last_error[0] ? k->last_error : "");
}

/* The retry rules for a request tied to call k (attempt >= 2). */
/* retry.invocation-id and retry.attempt-header of one retry: the same
 * amz-sdk-invocation-id as attempt 1, and amz-sdk-request attempt= counting up. */
static void s_judge_retry_headers(dc_gate_judge *j, dc_judge_client *c, const dc_judge_call *k, const dc_judge_seen *v,
                                  bool id_changed)
{
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
}

static void s_judge_retry(dc_gate_judge *j, dc_judge_client *c, dc_judge_call *k, const dc_judge_seen *v,
                          bool id_changed)
{
    const dc_client_limits *lim = j->lim;
    char prev[S_MAX_ERROR_NAME + 32];
    s_previous(k, prev);
    c->retries++;
    if (k->last == DC_JUDGE_NON_RETRYABLE)
        s_violate(j, c, DC_CRULE_RETRY_NON_RETRYABLE, v, "attempt %d retries an answer %u %s, which is not retryable",
                  v->attempt, k->last_status, k->last_error[0] ? k->last_error : "(no error name)");

    /* retry.backoff is judged at finish; keep immediate retries as its examples */
    if (v->delay_us < lim->immediate_retry_ms * 1000) {
        c->immediate_retries++;
        dc_judge_acc *a = &c->acc[DC_CRULE_RETRY_BACKOFF];
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
            dc_judge_example_free(c->cap_example);
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
            dc_judge_example_free(c->max_example);
        else
            c->max_example = dc_xcalloc(1, sizeof *c->max_example);
        s_example_fill(j, v, detail, c->max_example);
    }

    s_judge_retry_headers(j, c, k, v, id_changed);

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

/* The answer of this attempt, remembered in its call k: its outcome and
 * class, headers and times; a faulted last attempt keeps an example until a
 * retry shows up (retry.after-fault); a success ends the call. */
static void s_record_answer(dc_gate_judge *j, dc_judge_client *c, dc_judge_call *k, const dc_judge_seen *v)
{
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
        dc_judge_example_free(k->pending);
        free(k->pending);
        k->pending = NULL;
    }
    if (v->outcome == DC_JUDGE_FAULTED) {
        dc_crule_id r = v->rs->fault == DC_FAULT_BADCRC ? DC_CRULE_RETRY_CRC32_CHECKED : DC_CRULE_RETRY_AFTER_FAULT;
        s_check(c, r);
        if (c->acc[r].nexamples < DC_GATE_MAX_EXAMPLES) {
            char detail[200];
            snprintf(detail, sizeof detail, "fault %s on attempt %d; no further attempt of the call followed",
                     dc_fault_name(v->rs->fault), v->attempt);
            k->pending = dc_xcalloc(1, sizeof *k->pending);
            s_example_fill(j, v, detail, k->pending);
        }
    } else if (v->outcome == DC_JUDGE_EITHER) {
        c->crc_on_errors++;
    } else if (v->outcome == DC_JUDGE_NON_RETRYABLE) {
        s_check(c, DC_CRULE_RETRY_NON_RETRYABLE);
    } else if (v->outcome == DC_JUDGE_OK) {
        dc_judge_call_finish(j, c, k); /* a success ends the call */
    }
}

/* Ties v to its call (or starts one), judges the retry rules, records the answer. */
static void s_track(dc_gate_judge *j, dc_judge_client *c, dc_judge_seen *v)
{
    dc_judge_call *k = NULL;
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
        dc_judge_call *cand = s_find_by_body(c, body_key);
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
        if (v->outcome == DC_JUDGE_OK)
            return; /* done in one attempt: nothing to remember (most calls) */
        if (c->ncalls >= S_MAX_OPEN_CALLS)
            dc_judge_call_finish(j, c, c->lru_tail);
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

    s_record_answer(j, c, k, v);
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
static bool s_other_service(const dc_gate_judge *j, const dc_judge_seen *v)
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
    dc_judge_seen v;
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
        dc_judge_client *c = s_client_get(j, &v);
        c->requests++;
        j->requests++;
        s_track(j, c, &v);
        s_expire(j, c, x->received_us);
    }
    pthread_mutex_unlock(&j->lock);
}
