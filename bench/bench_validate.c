/* bench_validate.c - time to validate one full RestoreTableFromBackup request
 * from raw bytes: strict parse + JSON types + generic constraints + member
 * checks + the stateful override rules against a backup context.
 * Prints one JSON line: {"name":..., "value": ns per request, "iterations": N}. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/datadir.h"
#include "core/json.h"
#include "spec/spec.h"
#include "validate/validate.h"

static double s_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_validate REQUEST.json CONTEXT.json [ITERATIONS]\n");
        return 2;
    }
    long iterations = argc > 3 ? atol(argv[3]) : 200000;
    dc_err err = {{0}};
    dc_spec *spec = NULL;
    dc_buf req, ctxb;
    dc_buf_init(&req);
    dc_buf_init(&ctxb);
    dc_json_doc ctxdoc;
    dc_validate_context ctx;
    if (dc_spec_load(dc_data_dir(), &spec, &err) != 0 || dc_read_file(argv[1], 1 << 20, &req, &err) != 0 ||
        dc_read_file(argv[2], 1 << 20, &ctxb, &err) != 0 || dc_json_parse(ctxb.data, ctxb.len, &ctxdoc, &err) != 0 ||
        dc_validate_context_from_json(ctxdoc.root, &ctx, &err) != 0) {
        fprintf(stderr, "bench_validate: %s\n", err.msg);
        return 2;
    }
    dc_validator *v = dc_validator_new(spec);
    dc_verdict verdict;
    /* the request must be valid, so the whole pipeline runs */
    if (dc_validate(v, "RestoreTableFromBackup", req.data, req.len, &ctx, &verdict, &err) != 0 || !verdict.ok) {
        dc_buf body;
        dc_buf_init(&body);
        if (!verdict.ok)
            dc_verdict_body(&verdict, &body);
        fprintf(stderr, "bench_validate: the bench request is not valid: %s %s\n", err.msg,
                body.data ? (char *)body.data : "");
        return 2;
    }
    dc_verdict_free(&verdict);
    double t0 = s_now_ns();
    for (long i = 0; i < iterations; i++) {
        dc_validate(v, "RestoreTableFromBackup", req.data, req.len, &ctx, &verdict, NULL);
        dc_verdict_free(&verdict);
    }
    double ns = (s_now_ns() - t0) / (double)iterations;
    printf("{\"name\":\"validate RestoreTableFromBackup (full request, raw "
           "bytes)\",\"value\":%.1f,\"unit\":\"ns/request\","
           "\"iterations\":%ld,\"bytes\":%zu}\n",
           ns, iterations, req.len);
    dc_validator_free(v);
    dc_json_doc_free(&ctxdoc);
    dc_buf_free(&req);
    dc_buf_free(&ctxb);
    dc_spec_free(spec);
    return 0;
}
