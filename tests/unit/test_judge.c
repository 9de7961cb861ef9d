/* test_judge.c - the client judge, table-driven from the observation sequences
 * of tests/data/gate/sequences.json: each sequence is turned into the
 * exchanges serve's hook would hand over (every request signed with SigV4 as
 * the client signed it), fed to a judge, and the per-rule statuses, counts,
 * example details and notes compared with the sequence's expectations. One
 * cmocka test per sequence, named after it. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "core/json.h"
#include "gate/clientrules.h"
#include "gate/judge.h"
#include "spec/spec.h"
#include "wire/sigv4.h"
#include "test_util.h"

#define S_BASE_EPOCH INT64_C(1796040000) /* 2026-11-30T12:00:00Z: the recorded runs' day */
#define S_AKID "AKIDGATETESTTEST0001"
#define S_SECRET "gate-test-secret-key-0123456789"
#define S_MAX_HEADERS 24

static dc_client_rules *s_rules;
static dc_spec *s_spec;
static dc_json_doc s_doc;

/* ------------------------------------------------------------ building exchanges */

typedef struct {
    char *name[S_MAX_HEADERS];
    char *value[S_MAX_HEADERS];
    size_t n;
} s_headers;

static void s_hdr(s_headers *h, const char *name, const char *value)
{
    assert_true(h->n < S_MAX_HEADERS);
    h->name[h->n] = strdup(name);
    h->value[h->n] = strdup(value);
    h->n++;
}

static const char *s_str(const dc_json *obj, const char *key, const char *dflt)
{
    const dc_json *v = dc_json_get(obj, key);
    return dc_json_is_string(v) ? v->str : dflt;
}

static int64_t s_int(const dc_json *obj, const char *key, int64_t dflt)
{
    int64_t n = dflt;
    const dc_json *v = dc_json_get(obj, key);
    if (v != NULL)
        assert_int_equal(dc_json_int64(v, &n), DC_INT_OK);
    return n;
}

static int s_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool s_in(const dc_json *arr, const char *name)
{
    for (size_t i = 0; dc_json_is_array(arr) && i < arr->count; i++)
        if (strcasecmp(arr->items[i].str, name) == 0)
            return true;
    return false;
}

static dc_front_stage s_stage(const char *name)
{
    static const char *const names[] = {"none",   "route", "body_cap",   "fault", "json",
                                        "target", "auth",  "validation", "model"};
    for (size_t i = 0; i < DC_ARRAY_LEN(names); i++)
        if (strcmp(names[i], name) == 0)
            return (dc_front_stage)i;
    fail_msg("unknown stage %s", name);
    return DC_FRONT_STAGE_NONE;
}

static dc_fault_kind s_fault(const char *name)
{
    for (int k = 0; k < DC_FAULT_KIND_COUNT; k++)
        if (strcmp(dc_fault_name((dc_fault_kind)k), name) == 0)
            return (dc_fault_kind)k;
    fail_msg("unknown fault %s", name);
    return DC_FAULT_NONE;
}

static dc_sigv4_status s_auth(const char *name)
{
    for (int k = DC_SIGV4_OK; k <= DC_SIGV4_UNRECOGNIZED_CLIENT; k++)
        if (strcmp(dc_sigv4_status_name((dc_sigv4_status)k), name) == 0)
            return (dc_sigv4_status)k;
    fail_msg("unknown auth result %s", name);
    return DC_SIGV4_OK;
}

/* Feeds one exchange of the sequence to the judge. */
static void s_feed(dc_gate_judge *j, const dc_json *templates, const dc_json *x)
{
    const dc_json *tpl = dc_json_get(templates, s_str(x, "client", "raw"));
    assert_non_null(tpl);
    int64_t at = s_int(x, "at", 0), took = s_int(x, "took", 1), date_at = s_int(x, "dateAt", at);
    const char *op = s_str(x, "op", "ListBackups");
    const char *method = s_str(x, "method", "POST");
    const char *path = s_str(x, "path", "/");
    const char *body = s_str(x, "body", "{}");
    char target[128], date[DC_SIGV4_AMZ_DATE_LEN + 1], line[128];
    snprintf(target, sizeof target, "DynamoDB_20120810.%s", op);
    int64_t signed_at = S_BASE_EPOCH + (date_at >= 0 ? date_at / 1000 : -((-date_at + 999) / 1000));
    assert_int_equal(dc_sigv4_format_amz_date(signed_at, date, NULL), 0);

    s_headers h = {0};
    s_hdr(&h, "Host", "127.0.0.1:8000");
    s_hdr(&h, "Content-Type", s_str(x, "contentType", "application/x-amz-json-1.0"));
    s_hdr(&h, "X-Amz-Target", s_str(x, "target", target));
    s_hdr(&h, "X-Amz-Date", date);
    s_hdr(&h, "User-Agent", s_str(tpl, "userAgent", ""));
    const dc_json *extra[] = {dc_json_get(tpl, "headers"), dc_json_get(x, "headers")};
    for (size_t e = 0; e < DC_ARRAY_LEN(extra); e++)
        for (size_t i = 0; extra[e] != NULL && i < extra[e]->count; i++)
            s_hdr(&h, extra[e]->items[i].items[0].str, extra[e]->items[i].items[1].str);
    if (dc_json_get(tpl, "invocationIds")->type == DC_JSON_TRUE) {
        snprintf(line, sizeof line, "00000000-0000-4000-8000-%012lld", (long long)s_int(x, "call", 0));
        s_hdr(&h, "amz-sdk-invocation-id", line);
    }
    if (dc_json_get(tpl, "sdkRequest")->type == DC_JSON_TRUE) {
        if (dc_json_get(x, "max") != NULL)
            snprintf(line, sizeof line, "attempt=%lld; max=%lld", (long long)s_int(x, "attempt", 1),
                     (long long)s_int(x, "max", 0));
        else
            snprintf(line, sizeof line, "attempt=%lld", (long long)s_int(x, "attempt", 1));
        s_hdr(&h, "amz-sdk-request", line);
    }

    /* SignedHeaders: the template's list (or every header but User-Agent), minus "unsigned" */
    const dc_json *signed_list = dc_json_get(tpl, "signed");
    const dc_json *unsigned_list = dc_json_get(x, "unsigned");
    const char *names[S_MAX_HEADERS];
    size_t nn = 0;
    for (size_t i = 0; i < h.n; i++) {
        char lower[96];
        size_t k = 0;
        for (; h.name[i][k] != '\0' && k + 1 < sizeof lower; k++)
            lower[k] = (char)(h.name[i][k] >= 'A' && h.name[i][k] <= 'Z' ? h.name[i][k] + 32 : h.name[i][k]);
        lower[k] = '\0';
        bool sign = dc_json_is_array(signed_list) ? s_in(signed_list, lower) : strcmp(lower, "user-agent") != 0;
        if (sign && !s_in(unsigned_list, lower))
            names[nn++] = strdup(lower);
    }
    qsort(names, nn, sizeof *names, s_cmp);
    char list[512] = "";
    for (size_t i = 0; i < nn; i++) {
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ";" : "", names[i]);
        free((void *)(uintptr_t)names[i]);
    }
    if (dc_json_get(x, "noAuth") == NULL) {
        dc_sigv4_header sh[S_MAX_HEADERS];
        for (size_t i = 0; i < h.n; i++)
            sh[i] = dc_sigv4_hdr(h.name[i], h.value[i]);
        dc_sigv4_request sr = {method, path, NULL, sh, h.n, {(const uint8_t *)body, strlen(body)}};
        dc_sigv4_credentials creds = {S_AKID, S_SECRET, NULL};
        dc_sigv4_sign_opts so = {s_str(x, "region", "us-east-1"), s_str(x, "service", "dynamodb"), signed_at, list};
        dc_sigv4_signed out;
        dc_err err;
        assert_int_equal(dc_sigv4_sign(&sr, &creds, &so, &out, &err), 0);
        s_hdr(&h, "Authorization", (const char *)out.authorization.data);
        dc_sigv4_signed_free(&out);
    }

    dc_serve_header rh[S_MAX_HEADERS];
    for (size_t i = 0; i < h.n; i++)
        rh[i] = (dc_serve_header){h.name[i], h.value[i]};
    dc_serve_request rq = {
        .method = method,
        .url = path,
        .query = s_str(x, "query", NULL),
        .headers = rh,
        .nheaders = h.n,
        .body = (const uint8_t *)body,
        .body_len = strlen(body),
    };
    const dc_json *ans = dc_json_get(x, "answer");
    assert_non_null(ans);
    dc_serve_response rs;
    memset(&rs, 0, sizeof rs);
    dc_buf_init(&rs.body);
    rs.status = (unsigned)s_int(ans, "status", 200);
    rs.fault = s_fault(s_str(ans, "fault", "none"));
    const char *error = s_str(ans, "error", NULL);
    if (rs.fault == DC_FAULT_THROTTLE)
        error = "ThrottlingException";
    else if (rs.fault == DC_FAULT_ERROR500)
        error = "InternalServerError";
    if (s_str(ans, "body", NULL) != NULL)
        dc_buf_puts(&rs.body, s_str(ans, "body", NULL));
    else if (error != NULL)
        dc_buf_printf(&rs.body, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#%s\",\"message\":\"m\"}", error);
    else if (rs.status != 0)
        dc_buf_puts(&rs.body, "{}");
    bool early_fault = rs.fault == DC_FAULT_THROTTLE || rs.fault == DC_FAULT_ERROR500 || rs.fault == DC_FAULT_RESET;
    rs.decision.stage = s_stage(s_str(ans, "stage", early_fault ? "fault" : "model"));
    snprintf(rs.decision.operation, sizeof rs.decision.operation, "%s", op);
    rs.decision.auth_checked = rs.decision.stage >= DC_FRONT_STAGE_AUTH;
    rs.decision.auth = s_auth(s_str(ans, "auth", "OK"));

    int64_t t = (S_BASE_EPOCH * 1000 + at) * 1000;
    dc_serve_exchange ex = {&rq, &rs, t, t + took * 1000};
    dc_gate_judge_observe(j, &ex);

    dc_buf_free(&rs.body);
    for (size_t i = 0; i < h.n; i++) {
        free(h.name[i]);
        free(h.value[i]);
    }
}

/* ------------------------------------------------------------ expectations */

static const dc_gate_rule_result *s_rule(const dc_gate_client *c, const char *name)
{
    for (int k = 0; k < DC_CRULE_COUNT; k++)
        if (strcmp(dc_crule_name((dc_crule_id)k), name) == 0)
            return &c->rules[k];
    fail_msg("no rule %s", name);
    return NULL;
}

static bool s_leaks(const char *text, const char *signature)
{
    return text != NULL && (strstr(text, S_SECRET) != NULL || strstr(text, "token-that-must-not-leak") != NULL ||
                            (signature != NULL && strstr(text, signature) != NULL));
}

static void s_check_redacted(const dc_gate_client *c)
{
    size_t seen = 0;
    for (int k = 0; k < DC_CRULE_COUNT; k++)
        for (size_t e = 0; e < c->rules[k].nexamples; e++) {
            const dc_gate_example *ex = &c->rules[k].examples[e];
            seen++;
            assert_false(s_leaks(ex->body, NULL));
            assert_false(s_leaks(ex->answer_body, NULL));
            assert_false(s_leaks(ex->detail, NULL));
            for (size_t i = 0; i < ex->nheaders; i++) {
                assert_false(s_leaks(ex->header_values[i], NULL));
                if (strcasecmp(ex->header_names[i], "authorization") == 0) {
                    const char *sig = strstr(ex->header_values[i], "Signature=");
                    assert_non_null(sig);
                    assert_string_equal(sig, "Signature=" DC_GATE_REDACTED);
                }
                if (strcasecmp(ex->header_names[i], "x-amz-security-token") == 0)
                    assert_string_equal(ex->header_values[i], DC_GATE_REDACTED);
            }
            assert_non_null(strstr(ex->body, DC_GATE_REDACTED)); /* the secret in the body was replaced */
        }
    assert_true(seen > 0);
}

static void sequence_is_judged_as_expected(void **state)
{
    const dc_json *seq = *state;
    const char *level = s_str(seq, "level", "strict");
    dc_gate_judge_options o = {
        .rules = s_rules,
        .spec = s_spec,
        .level = strcmp(level, "compat") == 0 ? DC_GATE_COMPAT : DC_GATE_STRICT,
        .region = "us-east-1",
        .access_key_id = S_AKID,
        .secret_access_key = S_SECRET,
    };
    dc_gate_judge *j = dc_gate_judge_new(&o);
    const dc_json *xs = dc_json_get(seq, "exchanges");
    for (size_t i = 0; i < xs->count; i++)
        s_feed(j, dc_json_get(s_doc.root, "templates"), &xs->items[i]);
    dc_gate_result r;
    dc_gate_judge_finish(j, &r);

    const dc_json *clients = dc_json_get(seq, "clients");
    if (clients != NULL) {
        assert_int_equal(r.nclients, clients->count);
        for (size_t i = 0; i < clients->count; i++)
            assert_string_equal(r.clients[i].id, clients->items[i].str);
    } else {
        assert_int_equal(r.nclients, 1);
    }
    assert_int_equal(r.ignored, s_int(seq, "ignored", 0));
    const dc_gate_client *c = &r.clients[0];
    if (dc_json_get(seq, "calls") != NULL)
        assert_int_equal(c->calls, s_int(seq, "calls", 0));

    const dc_json *expect = dc_json_get(seq, "expect");
    for (size_t i = 0; expect != NULL && i < expect->count; i++) {
        const dc_gate_rule_result *rr = s_rule(c, expect->items[i].key);
        if (strcmp(dc_gate_status_name(rr->status), expect->items[i].str) != 0)
            fail_msg("%s: %s is %s (%llu of %llu), expected %s", s_str(seq, "name", "?"), expect->items[i].key,
                     dc_gate_status_name(rr->status), (unsigned long long)rr->violations,
                     (unsigned long long)rr->checks, expect->items[i].str);
    }
    static const char *const counts[] = {"violations", "checks"};
    for (size_t w = 0; w < DC_ARRAY_LEN(counts); w++) {
        const dc_json *m = dc_json_get(seq, counts[w]);
        for (size_t i = 0; m != NULL && i < m->count; i++) {
            const dc_gate_rule_result *rr = s_rule(c, m->items[i].key);
            int64_t want = 0;
            assert_int_equal(dc_json_int64(&m->items[i], &want), DC_INT_OK);
            uint64_t got = w == 0 ? rr->violations : rr->checks;
            if (got != (uint64_t)want)
                fail_msg("%s: %s %s is %llu, expected %lld", s_str(seq, "name", "?"), m->items[i].key, counts[w],
                         (unsigned long long)got, (long long)want);
        }
    }
    const dc_json *scheme = dc_json_get(seq, "scheme"); /* the retry scheme inferred; null = none */
    if (scheme != NULL && scheme->type == DC_JSON_NULL && c->scheme != NULL)
        fail_msg("%s: scheme %s inferred, expected none (%s)", s_str(seq, "name", "?"), c->scheme, c->scheme_note);
    if (dc_json_is_string(scheme) && (c->scheme == NULL || strcmp(c->scheme, scheme->str) != 0))
        fail_msg("%s: scheme %s inferred, expected %s (%s)", s_str(seq, "name", "?"), c->scheme ? c->scheme : "none",
                 scheme->str, c->scheme_note);
    const dc_json *details = dc_json_get(seq, "exampleDetail");
    for (size_t i = 0; details != NULL && i < details->count; i++) {
        const dc_gate_rule_result *rr = s_rule(c, details->items[i].key);
        assert_true(rr->nexamples > 0);
        assert_string_equal(rr->examples[0].detail, details->items[i].str);
    }
    const dc_json *notes = dc_json_get(seq, "note");
    for (size_t i = 0; notes != NULL && i < notes->count; i++) {
        const dc_gate_rule_result *rr = s_rule(c, notes->items[i].key);
        assert_non_null(rr->note);
        assert_string_equal(rr->note, notes->items[i].str);
    }
    const dc_json *anon = dc_json_get(seq, "anonymous"); /* the second client's statuses */
    for (size_t i = 0; anon != NULL && i < anon->count; i++)
        assert_string_equal(dc_gate_status_name(s_rule(&r.clients[1], anon->items[i].key)->status), anon->items[i].str);
    if (dc_json_get(seq, "redacted") != NULL)
        s_check_redacted(c);
    const dc_json *contains = dc_json_get(seq, "answerContains"); /* the first example's answer ends so */
    for (size_t i = 0; contains != NULL && i < contains->count; i++) {
        const dc_gate_rule_result *rr = s_rule(c, contains->items[i].key);
        assert_true(rr->nexamples > 0);
        assert_non_null(strstr(rr->examples[0].answer_body, contains->items[i].str));
        assert_null(strstr(rr->examples[0].answer_body, "9e3c1f0a"));
    }

    dc_gate_result_free(&r);
    dc_gate_judge_free(j);
}

/* A judge fed from several threads at once loses nothing (serve calls it
 * from every worker). */
typedef struct {
    dc_gate_judge *j;
    int id;
} s_worker;

static void *s_hammer(void *arg)
{
    s_worker *w = arg;
    char body[64], inv[64], ua[64], auth[256];
    snprintf(ua, sizeof ua, "worker%d/1.0", w->id);
    for (int i = 0; i < 500; i++) {
        snprintf(body, sizeof body, "{\"Limit\":%d}", i);
        snprintf(inv, sizeof inv, "w%d-%d", w->id, i);
        snprintf(auth, sizeof auth,
                 "AWS4-HMAC-SHA256 Credential=" S_AKID "/20261130/us-east-1/dynamodb/aws4_request, "
                 "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=%064d",
                 0);
        dc_serve_header h[] = {{"Host", "h"},
                               {"Content-Type", "application/x-amz-json-1.0"},
                               {"X-Amz-Target", "DynamoDB_20120810.ListBackups"},
                               {"X-Amz-Date", "20261130T120000Z"},
                               {"User-Agent", ua},
                               {"amz-sdk-invocation-id", inv},
                               {"Authorization", auth}};
        dc_serve_request rq = {"POST",       "/",   NULL, h, DC_ARRAY_LEN(h), false, (const uint8_t *)body,
                               strlen(body), false, 0};
        dc_serve_response rs;
        memset(&rs, 0, sizeof rs);
        dc_buf_init(&rs.body);
        dc_buf_puts(&rs.body, "{}");
        rs.status = 200;
        rs.decision.stage = DC_FRONT_STAGE_MODEL;
        rs.decision.auth_checked = true;
        int64_t t = (S_BASE_EPOCH * 1000 + i) * 1000;
        dc_serve_exchange ex = {&rq, &rs, t, t + 100};
        dc_gate_judge_observe(w->j, &ex);
        dc_buf_free(&rs.body);
    }
    return NULL;
}

static void a_judge_observed_from_four_threads_counts_every_request(void **state)
{
    (void)state;
    dc_gate_judge_options o = {s_rules, s_spec, DC_GATE_STRICT, "us-east-1", S_AKID, S_SECRET, NULL};
    dc_gate_judge *j = dc_gate_judge_new(&o);
    pthread_t t[4];
    s_worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (s_worker){j, i};
        pthread_create(&t[i], NULL, s_hammer, &w[i]);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    dc_gate_result r;
    dc_gate_judge_finish(j, &r);
    assert_int_equal(r.requests, 2000);
    assert_int_equal(r.nclients, 4);
    for (size_t i = 0; i < r.nclients; i++) {
        assert_int_equal(r.clients[i].requests, 500);
        assert_int_equal(r.clients[i].calls, 500);
        assert_int_equal(r.clients[i].retries, 0);
        assert_int_equal(r.clients[i].rules[DC_CRULE_WIRE_TARGET].status, DC_GATE_PASSED);
    }
    dc_gate_result_free(&r);
    dc_gate_judge_free(j);
}

/* One request from user agent ua with body, answered status (400: ValidationException). */
static void s_simple(dc_gate_judge *j, const char *ua, const char *body, unsigned status, int64_t at_ms)
{
    dc_serve_header h[] = {{"Host", "h"},
                           {"Content-Type", "application/x-amz-json-1.0"},
                           {"X-Amz-Target", "DynamoDB_20120810.CreateBackup"},
                           {"X-Amz-Date", "20261130T120000Z"},
                           {"User-Agent", ua}};
    dc_serve_request rq = {"POST", "/", NULL, h, DC_ARRAY_LEN(h), false, (const uint8_t *)body, strlen(body), false, 0};
    dc_serve_response rs;
    memset(&rs, 0, sizeof rs);
    dc_buf_init(&rs.body);
    dc_buf_puts(&rs.body, status == 200 ? "{}" : "{\"__type\":\"com.amazon.coral.validate#ValidationException\"}");
    rs.status = status;
    rs.decision.stage = status == 200 ? DC_FRONT_STAGE_MODEL : DC_FRONT_STAGE_VALIDATION;
    int64_t t = (S_BASE_EPOCH * 1000 + at_ms) * 1000;
    dc_serve_exchange ex = {&rq, &rs, t, t + 100};
    dc_gate_judge_observe(j, &ex);
    dc_buf_free(&rs.body);
}

static void clients_past_the_cap_share_one_overflow_entry(void **state)
{
    (void)state;
    dc_gate_judge_options o = {s_rules, s_spec, DC_GATE_STRICT, "us-east-1", NULL, NULL, NULL};
    dc_gate_judge *j = dc_gate_judge_new(&o);
    char ua[32];
    for (int i = 0; i < 300; i++) {
        snprintf(ua, sizeof ua, "client%d/1.0", i);
        s_simple(j, ua, "{}", 200, i);
    }
    dc_gate_result r;
    dc_gate_judge_finish(j, &r);
    assert_int_equal(r.nclients, 257);
    assert_string_equal(r.clients[256].id, "*/(more clients)");
    assert_int_equal(r.clients[256].requests, 44);
    assert_int_equal(r.requests, 300);
    dc_gate_result_free(&r);
    dc_gate_judge_free(j);
}

static void a_client_failing_seventy_thousand_calls_keeps_the_judge_bounded(void **state)
{
    (void)state;
    dc_gate_judge_options o = {s_rules, s_spec, DC_GATE_STRICT, "us-east-1", NULL, NULL, NULL};
    dc_gate_judge *j = dc_gate_judge_new(&o);
    char body[64];
    for (int i = 0; i < 70000; i++) {
        snprintf(body, sizeof body, "{\"TableName\":\"t\",\"BackupName\":\"%d!\"}", i);
        s_simple(j, "flood/1.0", body, 400, i / 100); /* 70,000 refused calls within 0.7 s */
    }
    /* the oldest call was finished early, so a repeat of it is a new call, not a retry */
    s_simple(j, "flood/1.0", "{\"TableName\":\"t\",\"BackupName\":\"0!\"}", 400, 800);
    dc_gate_result r;
    dc_gate_judge_finish(j, &r);
    assert_int_equal(r.nclients, 1);
    assert_int_equal(r.clients[0].calls, 70001);
    assert_int_equal(r.clients[0].retries, 0);
    assert_int_equal(r.clients[0].rules[DC_CRULE_RETRY_NON_RETRYABLE].status, DC_GATE_PASSED);
    assert_int_equal(r.clients[0].rules[DC_CRULE_VALIDITY_REQUEST].violations, 70001);
    dc_gate_result_free(&r);
    dc_gate_judge_free(j);
}

int main(void)
{
    dc_err err;
    const char *home = dc_test_home();
    if (dc_client_rules_load(home, &s_rules, &err) != 0 || dc_spec_load(home, &s_spec, &err) != 0) {
        fprintf(stderr, "test_judge: %s\n", err.msg);
        return 1;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/tests/data/gate/sequences.json", home);
    dc_buf b;
    dc_buf_init(&b);
    if (dc_read_file(path, 1u << 20, &b, &err) != 0 || dc_json_parse(b.data, b.len, &s_doc, &err) != 0) {
        fprintf(stderr, "test_judge: %s: %s\n", path, err.msg);
        return 1;
    }
    const dc_json *seqs = dc_json_get(s_doc.root, "sequences");
    size_t n = seqs->count + 3;
    struct CMUnitTest *tests = calloc(n, sizeof *tests);
    for (size_t i = 0; i < seqs->count; i++)
        tests[i] = (struct CMUnitTest){s_str(&seqs->items[i], "name", "?"), sequence_is_judged_as_expected, NULL, NULL,
                                       (void *)(uintptr_t)&seqs->items[i]};
    tests[seqs->count] = (struct CMUnitTest)cmocka_unit_test(a_judge_observed_from_four_threads_counts_every_request);
    tests[seqs->count + 1] = (struct CMUnitTest)cmocka_unit_test(clients_past_the_cap_share_one_overflow_entry);
    tests[seqs->count + 2] =
        (struct CMUnitTest)cmocka_unit_test(a_client_failing_seventy_thousand_calls_keeps_the_judge_bounded);
    int rc = _cmocka_run_group_tests("judge", tests, n, NULL, NULL);
    free(tests);
    dc_json_doc_free(&s_doc);
    dc_buf_free(&b);
    dc_spec_free(s_spec);
    dc_client_rules_free(s_rules);
    return rc;
}
