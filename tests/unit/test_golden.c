/* test_golden.c - serve's bodies against bodies of the real service.
 *
 * tests/data/golden/ holds seven response bodies the real DynamoDB sent in
 * 2018 (cloud-custodian placebo recordings, rebuilt and CRC-verified in facts
 * [S:real-bodies-2018]; golden.json names each source). The tests here:
 *   - check that every stored body still has its recorded Content-Length and
 *     x-amz-crc32, so the golden data cannot drift;
 *   - replay the recorded sessions (scenarios.json) against serve in-process
 *     and compare each answer with its recorded body byte for byte, after the
 *     normalizations of rules.json (random ARN suffixes, table ids, members
 *     that did not exist in 2018, sizes serve cannot reproduce): structure,
 *     member order and number forms must be equal;
 *   - walk every answer of a scenario that touches every writer of the model
 *     (indexes, SSE, streams, restores, PITR, system backups, items, errors)
 *     and fail on an object whose members are not in code-point order
 *     ([S:member-order]);
 *   - pin the two orders of error bodies.
 * The comparison is generic: no operation is named in this file's logic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <zlib.h>

#include "endpoint/serve.h"
#include "validate/verdict.h"
#include "test_util.h"

#define S_DIR "tests/data/golden"
#define S_MAX_DEPTH 64

/* ------------------------------------------------------------- files */

static void s_read(const char *rel, dc_buf *out)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s/%s", dc_test_home(), S_DIR, rel);
    dc_err err;
    dc_buf_reset(out);
    if (dc_read_file(path, 1u << 20, out, &err) != 0)
        fail_msg("%s", err.msg);
}

static void s_load(const char *rel, dc_json_doc *doc)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", S_DIR, rel);
    if (dc_test_load_json(path, doc) != 0)
        fail_msg("cannot load %s", path);
}

static void golden_bodies_have_their_recorded_length_and_crc32(void **state)
{
    (void)state;
    dc_json_doc manifest;
    s_load("golden.json", &manifest);
    const dc_json *bodies = dc_json_get(manifest.root, "bodies");
    assert_true(dc_json_is_array(bodies));
    assert_int_equal(bodies->count, 7);
    dc_buf b;
    dc_buf_init(&b);
    for (size_t i = 0; i < bodies->count; i++) {
        const dc_json *e = &bodies->items[i];
        int64_t len = -1, crc = -1;
        assert_int_equal(dc_json_int64(dc_json_get(e, "length"), &len), DC_INT_OK);
        assert_int_equal(dc_json_int64(dc_json_get(e, "crc32"), &crc), DC_INT_OK);
        s_read(dc_json_string(dc_json_get(e, "file")), &b);
        uLong got = crc32(crc32(0L, Z_NULL, 0), b.data, (uInt)b.len);
        if ((int64_t)b.len != len || (int64_t)got != crc)
            fail_msg("%s: %zu bytes, crc32 %lu; recorded %" PRId64 " bytes, crc32 %" PRId64,
                     dc_json_string(dc_json_get(e, "file")), b.len, (unsigned long)got, len, crc);
    }
    dc_buf_free(&b);
    dc_json_doc_free(&manifest);
}

/* ------------------------------------------------------------- normalizer */

typedef struct {
    const char *s;
    size_t len;
} s_seg;

/* "a.*.b" -> segments; at most S_MAX_DEPTH. */
static size_t s_split(const char *pattern, s_seg *out)
{
    size_t n = 0;
    for (const char *p = pattern; n < S_MAX_DEPTH;) {
        size_t l = strcspn(p, ".");
        out[n++] = (s_seg){p, l};
        if (p[l] == '\0')
            break;
        p += l + 1;
    }
    return n;
}

static bool s_seg_is(s_seg s, const char *lit)
{
    return s.len == strlen(lit) && memcmp(s.s, lit, s.len) == 0;
}

/* '*' is one segment, '**' any number. */
static bool s_glob(const s_seg *p, size_t np, const s_seg *s, size_t ns)
{
    if (np == 0)
        return ns == 0;
    if (s_seg_is(p[0], "**")) {
        for (size_t k = 0; k <= ns; k++)
            if (s_glob(p + 1, np - 1, s + k, ns - k))
                return true;
        return false;
    }
    if (ns == 0)
        return false;
    if (!s_seg_is(p[0], "*") && (p[0].len != s[0].len || memcmp(p[0].s, s[0].s, s[0].len) != 0))
        return false;
    return s_glob(p + 1, np - 1, s + 1, ns - 1);
}

typedef struct {
    const dc_json *rules; /* rules.json root */
    const char *file;     /* the golden file a rule's "only" is tested against */
    s_seg path[S_MAX_DEPTH];
    size_t depth;
} s_norm;

/* The first rule of list whose path matches (and whose "only" names the file). */
static const dc_json *s_rule(const s_norm *n, const char *list)
{
    const dc_json *rules = dc_json_get(n->rules, list);
    for (size_t i = 0; rules != NULL && i < rules->count; i++) {
        const dc_json *r = &rules->items[i];
        const dc_json *only = dc_json_get(r, "only");
        bool applies = only == NULL;
        for (size_t k = 0; only != NULL && k < only->count; k++)
            applies = applies || dc_json_string_eq(&only->items[k], n->file);
        s_seg p[S_MAX_DEPTH];
        size_t np = s_split(dc_json_string(dc_json_get(r, "path")), p);
        if (applies && s_glob(p, np, n->path, n->depth))
            return r;
    }
    return NULL;
}

/* text with the rule's pattern replaced (PCRE2 substitution, every match). */
static void s_substitute(const dc_json *rule, const char *text, size_t len, dc_buf *out)
{
    const char *pattern = dc_json_string(dc_json_get(rule, "pattern"));
    const char *with = dc_json_string(dc_json_get(rule, "with"));
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &eo, NULL);
    if (re == NULL)
        fail_msg("rules.json: pattern /%s/ does not compile", pattern);
    PCRE2_UCHAR res[4096];
    PCRE2_SIZE rlen = sizeof res;
    int rc = pcre2_substitute(re, (PCRE2_SPTR)text, len, 0, PCRE2_SUBSTITUTE_GLOBAL, NULL, NULL, (PCRE2_SPTR)with,
                              PCRE2_ZERO_TERMINATED, res, &rlen);
    pcre2_code_free(re);
    if (rc < 0)
        fail_msg("rules.json: substitution of /%s/ failed (%d)", pattern, rc);
    dc_buf_append(out, res, rlen);
}

/* v in document order, with rules.json applied; numbers keep their text. */
static void s_normalize(s_norm *n, const dc_json *v, dc_buf *out)
{
    switch (v->type) {
    case DC_JSON_STRING:
    case DC_JSON_NUMBER: {
        const dc_json *r = s_rule(n, "replace");
        dc_buf t;
        dc_buf_init(&t);
        if (r != NULL)
            s_substitute(r, v->str, v->str_len, &t);
        else
            dc_buf_append(&t, v->str, v->str_len);
        if (v->type == DC_JSON_STRING)
            dc_buf_put_json_string(out, (const char *)t.data, t.len);
        else
            dc_buf_append(out, t.data, t.len);
        dc_buf_free(&t);
        return;
    }
    case DC_JSON_ARRAY:
    case DC_JSON_OBJECT: {
        bool obj = v->type == DC_JSON_OBJECT, first = true;
        char index[S_MAX_DEPTH][24];
        assert_true(n->depth < S_MAX_DEPTH);
        dc_buf_putc(out, obj ? '{' : '[');
        for (size_t i = 0; i < v->count; i++) {
            const dc_json *m = &v->items[i];
            if (obj) {
                n->path[n->depth] = (s_seg){m->key, m->key_len};
            } else {
                snprintf(index[n->depth], sizeof index[0], "%zu", i);
                n->path[n->depth] = (s_seg){index[n->depth], strlen(index[n->depth])};
            }
            n->depth++;
            bool drop = obj && (s_rule(n, "drop") != NULL ||
                                (m->type == DC_JSON_OBJECT && m->count == 0 && s_rule(n, "dropIfEmpty") != NULL));
            if (!drop) {
                if (!first)
                    dc_buf_putc(out, ',');
                first = false;
                if (obj) {
                    dc_buf_put_json_string(out, m->key, m->key_len);
                    dc_buf_putc(out, ':');
                }
                s_normalize(n, m, out);
            }
            n->depth--;
        }
        dc_buf_putc(out, obj ? '}' : ']');
        return;
    }
    default: dc_json_print(v, out); return;
    }
}

static void s_normalize_text(const dc_json *rules, const char *file, const void *body, size_t len, dc_buf *out)
{
    dc_json_doc doc;
    dc_err err;
    if (dc_json_parse(body, len, &doc, &err) != 0)
        fail_msg("%s: not JSON: %s", file, err.msg);
    s_norm n = {.rules = rules, .file = file, .depth = 0};
    s_normalize(&n, doc.root, out);
    dc_json_doc_free(&doc);
}

/* ------------------------------------------------------------- serve in-process */

typedef struct {
    dc_serve *s;
    char region[32];
    char date[20]; /* X-Amz-Date of now: serve checks the SigV4 form, not a signature */
    char auth[300];
    int64_t now;
} s_endpoint;

static void s_endpoint_start(s_endpoint *e, const char *region, const char *account, int64_t clock_ms)
{
    memset(e, 0, sizeof *e);
    dc_serve_options opt;
    dc_serve_options_default(&opt);
    opt.region = region;
    opt.account = account;
    opt.fixed_clock_ms = clock_ms;
    opt.data_dir = dc_test_home();
    dc_err err;
    if (dc_serve_new(&opt, &e->s, &err) != 0)
        fail_msg("serve: %s", err.msg);
    snprintf(e->region, sizeof e->region, "%s", region);
    e->now = (int64_t)time(NULL);
    time_t t = (time_t)e->now;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(e->date, sizeof e->date, "%Y%m%dT%H%M%SZ", &tm);
    snprintf(e->auth, sizeof e->auth,
             "AWS4-HMAC-SHA256 Credential=AKIDGOLDENEXAMPLE/%.8s/%s/dynamodb/aws4_request, "
             "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=%064d",
             e->date, region, 0);
}

/* Sends one request; the answer is in *res (caller frees). */
static void s_send(s_endpoint *e, const char *op, const char *body, dc_serve_response *res)
{
    char target[128];
    snprintf(target, sizeof target, "DynamoDB_20120810.%s", op);
    dc_serve_header h[] = {
        {"Host", "dynamodb.golden.test"}, {"Content-Type", "application/x-amz-json-1.0"},
        {"X-Amz-Target", target},         {"X-Amz-Date", e->date},
        {"Authorization", e->auth},
    };
    dc_serve_request rq = {.method = "POST",
                           .url = "/",
                           .headers = h,
                           .nheaders = DC_ARRAY_LEN(h),
                           .body = (const uint8_t *)body,
                           .body_len = strlen(body),
                           .signing_now = e->now};
    dc_serve_handle(e->s, &rq, res);
}

static void s_clock_to(s_endpoint *e, int64_t at_ms)
{
    dc_vclock *c = dc_serve_clock(e->s);
    dc_vclock_advance_ms(c, at_ms - dc_vclock_now_ms(c));
    assert_true(dc_vclock_now_ms(c) == at_ms);
}

/* body text with every ${name} replaced by its saved value. */
static void s_expand(const char *text, const dc_json *saved_names, char *const *saved_values, size_t nsaved,
                     dc_buf *out)
{
    dc_buf_reset(out);
    for (const char *p = text; *p;) {
        const char *d = strstr(p, "${");
        if (d == NULL) {
            dc_buf_puts(out, p);
            break;
        }
        dc_buf_append(out, p, (size_t)(d - p));
        const char *end = strchr(d, '}');
        assert_non_null(end);
        size_t k = 0;
        while (k < nsaved && !(strlen(saved_names[k].key) == (size_t)(end - d - 2) &&
                               memcmp(saved_names[k].key, d + 2, (size_t)(end - d - 2)) == 0))
            k++;
        if (k == nsaved)
            fail_msg("scenario: %.*s was not saved", (int)(end - d + 1), d);
        dc_buf_puts(out, saved_values[k]);
        p = end + 1;
    }
}

static void serve_answers_the_recorded_sessions_as_the_service_did(void **state)
{
    (void)state;
    dc_json_doc scen, rules;
    s_load("scenarios.json", &scen);
    s_load("rules.json", &rules);
    const dc_json *list = dc_json_get(scen.root, "scenarios");
    size_t compared = 0;
    dc_buf body, golden, want, got;
    dc_buf_init(&body);
    dc_buf_init(&golden);
    dc_buf_init(&want);
    dc_buf_init(&got);
    for (size_t i = 0; i < list->count; i++) {
        const dc_json *sc = &list->items[i];
        const dc_json *steps = dc_json_get(sc, "steps");
        int64_t t0 = 0;
        assert_int_equal(dc_json_int64(dc_json_get(&steps->items[0], "at"), &t0), DC_INT_OK);
        s_endpoint e;
        s_endpoint_start(&e, dc_json_string(dc_json_get(sc, "region")), dc_json_string(dc_json_get(sc, "account")), t0);
        dc_json saved_names[8];
        char *saved_values[8];
        size_t nsaved = 0;
        for (size_t k = 0; k < steps->count; k++) {
            const dc_json *st = &steps->items[k];
            const char *op = dc_json_string(dc_json_get(st, "op"));
            int64_t at = 0;
            assert_int_equal(dc_json_int64(dc_json_get(st, "at"), &at), DC_INT_OK);
            s_clock_to(&e, at);
            dc_buf text;
            dc_buf_init(&text);
            dc_json_print(dc_json_get(st, "body"), &text);
            s_expand((const char *)text.data, saved_names, saved_values, nsaved, &body);
            dc_buf_free(&text);
            dc_serve_response res;
            s_send(&e, op, (const char *)body.data, &res);
            if (res.status != 200)
                fail_msg("%s step %zu %s: %u %.*s", dc_json_string(dc_json_get(sc, "name")), k + 1, op, res.status,
                         (int)res.body.len, (const char *)res.body.data);
            const dc_json *save = dc_json_get(st, "save");
            for (size_t v = 0; save != NULL && v < save->count; v++) {
                dc_json_doc d;
                assert_int_equal(dc_json_parse(res.body.data, res.body.len, &d, NULL), 0);
                const char *value = dc_json_string(dc_json_path(d.root, dc_json_string(&save->items[v])));
                assert_non_null(value);
                assert_true(nsaved < DC_ARRAY_LEN(saved_names));
                saved_names[nsaved] = save->items[v];
                saved_values[nsaved++] = dc_xstrdup(value);
                dc_json_doc_free(&d);
            }
            const char *file = dc_json_string(dc_json_get(st, "golden"));
            if (file != NULL) {
                s_read(file, &golden);
                dc_buf_reset(&want);
                dc_buf_reset(&got);
                s_normalize_text(rules.root, file, golden.data, golden.len, &want);
                s_normalize_text(rules.root, file, res.body.data, res.body.len, &got);
                dc_buf_putc(&want, '\0');
                dc_buf_putc(&got, '\0');
                if (strcmp((const char *)want.data, (const char *)got.data) != 0)
                    fail_msg("%s: serve's %s answer differs from the recorded one after rules.json\n"
                             "  recorded: %s\n  serve:    %s\n  serve raw: %.*s",
                             file, op, (const char *)want.data, (const char *)got.data, (int)res.body.len,
                             (const char *)res.body.data);
                compared++;
            }
            dc_serve_response_free(&res);
        }
        for (size_t v = 0; v < nsaved; v++)
            free(saved_values[v]);
        dc_serve_stop(e.s);
    }
    assert_int_equal(compared, 7);
    dc_buf_free(&body);
    dc_buf_free(&golden);
    dc_buf_free(&want);
    dc_buf_free(&got);
    dc_json_doc_free(&scen);
    dc_json_doc_free(&rules);
}

/* ------------------------------------------------------------- member order */

/* Fails at the first object whose members are not in code-point order. */
static void s_assert_sorted(const dc_json *v, const char *op, const dc_buf *body)
{
    const dc_json *bad = dc_json_first_unsorted(v);
    if (bad != NULL)
        fail_msg("%s: member %s after %s: %.*s", op, bad->key, bad[-1].key, (int)body->len, (const char *)body->data);
}

static void every_answer_has_its_members_in_code_point_order_at_every_level(void **state)
{
    (void)state;
    /* request members deliberately unsorted: what serve keeps from a request
     * goes back out sorted too */
    static const struct {
        int64_t advance_ms; /* before the request */
        unsigned status;    /* the answer the step is written for */
        const char *op, *body;
    } steps[] = {
        {0, 200, "CreateTable",
         "{\"TableName\":\"tb1\",\"KeySchema\":[{\"KeyType\":\"HASH\",\"AttributeName\":\"pk\"},"
         "{\"KeyType\":\"RANGE\",\"AttributeName\":\"sk\"}],\"AttributeDefinitions\":[{\"AttributeType\":\"S\","
         "\"AttributeName\":\"pk\"},{\"AttributeType\":\"S\",\"AttributeName\":\"sk\"},{\"AttributeType\":\"S\","
         "\"AttributeName\":\"g\"}],\"BillingMode\":\"PROVISIONED\",\"ProvisionedThroughput\":{\"WriteCapacityUnits\":"
         "2,\"ReadCapacityUnits\":1},\"GlobalSecondaryIndexes\":[{\"Projection\":{\"ProjectionType\":\"ALL\"},"
         "\"KeySchema\":[{\"KeyType\":\"HASH\",\"AttributeName\":\"g\"}],\"IndexName\":\"gsi1\","
         "\"ProvisionedThroughput\":{\"WriteCapacityUnits\":1,\"ReadCapacityUnits\":1}}],"
         "\"LocalSecondaryIndexes\":[{\"Projection\":{\"ProjectionType\":\"KEYS_ONLY\"},\"KeySchema\":[{\"KeyType\":"
         "\"HASH\",\"AttributeName\":\"pk\"},{\"KeyType\":\"RANGE\",\"AttributeName\":\"g\"}],\"IndexName\":\"lsi1\"}],"
         "\"SSESpecification\":{\"SSEType\":\"KMS\",\"Enabled\":true},\"StreamSpecification\":{\"StreamViewType\":"
         "\"NEW_IMAGE\",\"StreamEnabled\":true}}"},
        {0, 200, "DescribeTable", "{\"TableName\":\"tb1\"}"},
        {60000, 200, "DescribeTable", "{\"TableName\":\"tb1\"}"},
        {0, 200, "PutItem",
         "{\"TableName\":\"tb1\",\"Item\":{\"z\":{\"S\":\"1\"},\"sk\":{\"S\":\"a\"},\"pk\":{\"S\":\"p\"},"
         "\"g\":{\"S\":\"x\"},\"B\":{\"M\":{\"y\":{\"N\":\"1\"},\"a\":{\"N\":\"2\"}}}}}"},
        {0, 200, "GetItem", "{\"TableName\":\"tb1\",\"Key\":{\"sk\":{\"S\":\"a\"},\"pk\":{\"S\":\"p\"}}}"},
        {0, 200, "Scan", "{\"TableName\":\"tb1\"}"},
        {0, 200, "CreateBackup", "{\"TableName\":\"tb1\",\"BackupName\":\"bk1\"}"},
        {1000, 200, "CreateBackup", "{\"TableName\":\"tb1\",\"BackupName\":\"bk2\"}"},
        {1000, 200, "ListBackups", "{\"Limit\":1}"},
        {0, 200, "UpdateContinuousBackups",
         "{\"TableName\":\"tb1\",\"PointInTimeRecoverySpecification\":{\"PointInTimeRecoveryEnabled\":true}}"},
        {600000, 200, "DescribeContinuousBackups", "{\"TableName\":\"tb1\"}"},
        {0, 200, "RestoreTableToPointInTime",
         "{\"SourceTableName\":\"tb1\",\"TargetTableName\":\"tb2\",\"UseLatestRestorableTime\":true}"},
        {0, 200, "DescribeTable", "{\"TableName\":\"tb2\"}"},
        {0, 200, "DeleteTable", "{\"TableName\":\"tb1\"}"},
        {1000, 200, "ListBackups", "{\"BackupType\":\"ALL\"}"},
        {0, 400, "DescribeTable", "{\"TableName\":\"nope\"}"},
        {0, 400, "DescribeTable", "{\"TableName\":1}"},
        {0, 400, "CreateBackup", "{\"TableName\":\"t\",\"BackupName\":\"b\"}"},
        {0, 400, "ListBackups", "{\"Limit\":0}"},
    };
    s_endpoint e;
    s_endpoint_start(&e, "us-east-1", "123456789012", INT64_C(1700000000000));
    size_t ok = 0, errors = 0;
    char backup_arn[2][512] = {"", ""};
    size_t nbackups = 0;
    for (size_t i = 0; i < DC_ARRAY_LEN(steps); i++) {
        s_clock_to(&e, dc_vclock_now_ms(dc_serve_clock(e.s)) + steps[i].advance_ms);
        dc_serve_response res;
        s_send(&e, steps[i].op, steps[i].body, &res);
        dc_json_doc d;
        if (dc_json_parse(res.body.data, res.body.len, &d, NULL) != 0)
            fail_msg("%s: not JSON: %.*s", steps[i].op, (int)res.body.len, (const char *)res.body.data);
        s_assert_sorted(d.root, steps[i].op, &res.body);
        if (res.status != steps[i].status)
            fail_msg("step %zu %s: %u %.*s", i + 1, steps[i].op, res.status, (int)res.body.len,
                     (const char *)res.body.data);
        if (res.status == 200)
            ok++;
        else
            errors++;
        const char *arn = dc_json_string(dc_json_path(d.root, "BackupDetails.BackupArn"));
        if (arn != NULL && nbackups < 2)
            snprintf(backup_arn[nbackups++], sizeof backup_arn[0], "%s", arn);
        dc_json_doc_free(&d);
        dc_serve_response_free(&res);
    }
    /* the backup descriptions with every feature: indexes, SSE, stream; a
     * restore from the first backup while it runs (RestoreSummary) */
    static const struct {
        const char *op, *head; /* the body: head, then the ARN and "\"}" */
        int arn;               /* 0: the first backup, 1: the second, -1: none (head is the body) */
    } by_arn[] = {
        {"DescribeBackup", "{\"BackupArn\":\"", 0},
        {"RestoreTableFromBackup", "{\"TargetTableName\":\"tb3\",\"BackupArn\":\"", 0},
        {"DescribeTable", "{\"TableName\":\"tb3\"}", -1},
        {"DeleteBackup", "{\"BackupArn\":\"", 1},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(by_arn); i++) {
        char body[700];
        if (by_arn[i].arn < 0)
            snprintf(body, sizeof body, "%s", by_arn[i].head);
        else
            snprintf(body, sizeof body, "%s%s\"}", by_arn[i].head, backup_arn[by_arn[i].arn]);
        dc_serve_response res;
        s_send(&e, by_arn[i].op, body, &res);
        if (res.status != 200)
            fail_msg("%s: %u %.*s", by_arn[i].op, res.status, (int)res.body.len, (const char *)res.body.data);
        dc_json_doc d;
        assert_int_equal(dc_json_parse(res.body.data, res.body.len, &d, NULL), 0);
        s_assert_sorted(d.root, by_arn[i].op, &res.body);
        dc_json_doc_free(&d);
        dc_serve_response_free(&res);
        ok++;
    }
    dc_serve_stop(e.s);
    /* every step got the answer it was written for */
    assert_int_equal(ok, 19);
    assert_int_equal(errors, 4);
}

/* [S:member-order] and [S:response-headers]: "Message" (0x4D) < "__type" (0x5F) < "message" (0x6D) */
static void error_bodies_put_their_members_in_code_point_order(void **state)
{
    (void)state;
    dc_buf b;
    dc_buf_init(&b);
    dc_error_body_write(&b, "com.amazon.coral.service#AccessDeniedException", 46, "Message", "Access is denied", 16);
    dc_buf_putc(&b, '\0');
    assert_string_equal(
        b.data, "{\"Message\":\"Access is denied\",\"__type\":\"com.amazon.coral.service#AccessDeniedException\"}");
    dc_buf_reset(&b);
    dc_error_body_write(&b, "com.amazon.coral.service#ExpiredTokenException", 46, "message",
                        "The security token included in the request is expired", 53);
    /* the recorded 125-byte body of [S:response-headers], crc32 2167418451 */
    assert_int_equal(b.len, 125);
    assert_int_equal(crc32(crc32(0L, Z_NULL, 0), b.data, (uInt)b.len), 2167418451u);
    dc_buf_reset(&b);
    dc_error_body_write(&b, "com.amazon.coral.service#SerializationException", 47, "Message", NULL, 0);
    dc_buf_putc(&b, '\0');
    assert_string_equal(b.data, "{\"__type\":\"com.amazon.coral.service#SerializationException\"}");
    dc_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(golden_bodies_have_their_recorded_length_and_crc32),
        cmocka_unit_test(serve_answers_the_recorded_sessions_as_the_service_did),
        cmocka_unit_test(every_answer_has_its_members_in_code_point_order_at_every_level),
        cmocka_unit_test(error_bodies_put_their_members_in_code_point_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
