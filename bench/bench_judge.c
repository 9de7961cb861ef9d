/* bench_judge.c - what judging adds to serve's own work per request, in
 * process and on the same requests: serve's handler (dc_serve_handle: SigV4
 * verification, validation, the model) against the judge's observation of the
 * exchange it produced (dc_gate_judge_observe: wire, signing, validity, retry
 * tying). Requests look like boto3's (signed content-type;host;x-amz-date;
 * x-amz-target, a new amz-sdk-invocation-id per call), so the judge does its
 * full work: a new call per request, tied, judged and finished.
 *
 * usage: bench_judge OP ITERATIONS   (OP: DescribeTable, DescribeBackup, ListBackups)
 * Prints one JSON line: {"op","serve_ns","judge_ns","iterations"}. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/datadir.h"
#include "endpoint/serve.h"
#include "gate/clientreport.h"
#include "gate/clientrules.h"
#include "gate/judge.h"
#include "spec/spec.h"
#include "wire/sigv4.h"

#define S_AKID "AKIDBENCHJUDGE000001"
#define S_SECRET "bench-judge-secret-key"
#define S_TABLE "bench_table"

static double s_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

typedef struct {
    char date[DC_SIGV4_AMZ_DATE_LEN + 1];
    char target[96];
    char auth[512];
    char inv[64];
    const char *body;
    dc_serve_header h[9];
    dc_serve_request rq;
} s_request;

/* A boto3-like request for op with body, signed now. */
static void s_request_make(s_request *r, const char *op, const char *body)
{
    memset(r, 0, sizeof *r);
    dc_sigv4_format_amz_date((int64_t)time(NULL), r->date, NULL);
    snprintf(r->target, sizeof r->target, "DynamoDB_20120810.%s", op);
    r->body = body;
    dc_sigv4_header sh[] = {dc_sigv4_hdr("Host", "127.0.0.1:8000"),
                            dc_sigv4_hdr("Content-Type", "application/x-amz-json-1.0"),
                            dc_sigv4_hdr("X-Amz-Target", r->target), dc_sigv4_hdr("X-Amz-Date", r->date)};
    dc_sigv4_request sr = {"POST", "/", NULL, sh, 4, {(const uint8_t *)body, strlen(body)}};
    dc_sigv4_credentials creds = {S_AKID, S_SECRET, NULL};
    dc_sigv4_sign_opts so = {"us-east-1", "dynamodb", 0, "content-type;host;x-amz-date;x-amz-target"};
    dc_sigv4_signed out;
    dc_err err;
    if (dc_sigv4_sign(&sr, &creds, &so, &out, &err) != 0) {
        fprintf(stderr, "bench_judge: sign: %s\n", err.msg);
        exit(2);
    }
    snprintf(r->auth, sizeof r->auth, "%s", (const char *)out.authorization.data);
    dc_sigv4_signed_free(&out);
    dc_serve_header h[] = {{"Host", "127.0.0.1:8000"},
                           {"Content-Type", "application/x-amz-json-1.0"},
                           {"X-Amz-Target", r->target},
                           {"X-Amz-Date", r->date},
                           {"User-Agent", "Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1 os/linux lang/python#3.11.7 "
                                          "cfg/retry-mode#standard Botocore/1.43.11"},
                           {"Content-Length", "40"},
                           {"amz-sdk-invocation-id", r->inv},
                           {"amz-sdk-request", "attempt=1"},
                           {"Authorization", r->auth}};
    memcpy(r->h, h, sizeof h);
    r->rq = (dc_serve_request){"POST",       "/",   NULL, r->h, DC_ARRAY_LEN(h), false, (const uint8_t *)body,
                               strlen(body), false, 0};
}

/* One call through serve; exits when the answer is not 200. */
static void s_must(dc_serve *s, const char *op, const char *body, dc_buf *out)
{
    s_request r;
    s_request_make(&r, op, body);
    snprintf(r.inv, sizeof r.inv, "setup");
    dc_serve_response resp;
    dc_serve_handle(s, &r.rq, &resp);
    if (resp.status != 200) {
        fprintf(stderr, "bench_judge: %s answered %u: %.*s\n", op, resp.status, (int)resp.body.len,
                (const char *)resp.body.data);
        exit(2);
    }
    if (out != NULL)
        dc_buf_append(out, resp.body.data, resp.body.len);
    dc_serve_response_free(&resp);
}

int main(int argc, char **argv)
{
    const char *op = argc > 1 ? argv[1] : "DescribeTable";
    long iterations = argc > 2 ? atol(argv[2]) : 100000;
    dc_err err;
    dc_serve_options so;
    dc_serve_options_default(&so);
    so.access_key_id = S_AKID;
    so.secret_access_key = S_SECRET;
    dc_serve *s = NULL;
    dc_client_rules *rules = NULL;
    dc_spec *spec = NULL;
    if (dc_serve_new(&so, &s, &err) != 0 || dc_client_rules_load(dc_data_dir(), &rules, &err) != 0 ||
        dc_spec_load(dc_data_dir(), &spec, &err) != 0) {
        fprintf(stderr, "bench_judge: %s\n", err.msg);
        return 2;
    }
    s_must(s, "CreateTable",
           "{\"TableName\":\"" S_TABLE "\",\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":"
           "\"S\"}],\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],\"BillingMode\":\"PAY_PER_"
           "REQUEST\"}",
           NULL);
    dc_buf created;
    dc_buf_init(&created);
    s_must(s, "CreateBackup", "{\"TableName\":\"" S_TABLE "\",\"BackupName\":\"bench\"}", &created);
    char body[512];
    if (strcmp(op, "DescribeBackup") == 0) {
        const char *arn = strstr((const char *)created.data, "\"BackupArn\":\"");
        if (arn == NULL)
            return 2;
        arn += 13;
        snprintf(body, sizeof body, "{\"BackupArn\":\"%.*s\"}", (int)strcspn(arn, "\""), arn);
    } else if (strcmp(op, "ListBackups") == 0) {
        snprintf(body, sizeof body, "{\"TableName\":\"%s\"}", S_TABLE);
    } else {
        snprintf(body, sizeof body, "{\"TableName\":\"%s\"}", S_TABLE);
    }
    dc_gate_judge_options jo = {rules, spec, DC_GATE_STRICT, "us-east-1", S_AKID, S_SECRET, NULL};
    dc_gate_judge *j = dc_gate_judge_new(&jo);
    s_request r;
    s_request_make(&r, op, body);
    double serve_ns = 0, judge_ns = 0;
    for (long i = 0; i < iterations; i++) {
        snprintf(r.inv, sizeof r.inv, "00000000-0000-4000-8000-%012ld", i);
        dc_serve_response resp;
        double t0 = s_now_ns();
        dc_serve_handle(s, &r.rq, &resp);
        double t1 = s_now_ns();
        if (resp.status != 200) {
            fprintf(stderr, "bench_judge: %s answered %u\n", op, resp.status);
            return 2;
        }
        struct timespec wall;
        clock_gettime(CLOCK_REALTIME, &wall);
        int64_t us = (int64_t)wall.tv_sec * 1000000 + wall.tv_nsec / 1000;
        dc_serve_exchange x = {&r.rq, &resp, us, us + 50};
        double t2 = s_now_ns();
        dc_gate_judge_observe(j, &x);
        double t3 = s_now_ns();
        serve_ns += t1 - t0;
        judge_ns += t3 - t2;
        dc_serve_response_free(&resp);
    }
    dc_gate_result res;
    dc_gate_judge_finish(j, &res);
    if (res.nclients != 1 || res.failed != 0 || res.requests != (uint64_t)iterations) {
        fprintf(stderr, "bench_judge: the judge saw %llu requests, %zu failed rules\n",
                (unsigned long long)res.requests, res.failed);
        dc_buf lines;
        dc_buf_init(&lines);
        dc_gate_report_console(rules, &res, &lines);
        fprintf(stderr, "%s", lines.data ? (const char *)lines.data : "");
        return 2;
    }
    printf("{\"op\":\"%s\",\"serve_ns\":%.1f,\"judge_ns\":%.1f,\"iterations\":%ld}\n", op,
           serve_ns / (double)iterations, judge_ns / (double)iterations, iterations);
    dc_gate_result_free(&res);
    dc_gate_judge_free(j);
    dc_buf_free(&created);
    dc_spec_free(spec);
    dc_client_rules_free(rules);
    dc_serve_stop(s);
    return 0;
}
