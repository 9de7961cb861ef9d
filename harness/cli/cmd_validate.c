/* cmd_validate.c - `ddbconform validate OP [FILE|-] [--context FILE] [--level strict|compat]`
 * Valid: exit 0, prints nothing. Invalid: exit 1, prints the exact error body
 * the service returns. Usage/IO: exit 2 with one line on stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/json.h"
#include "spec/spec.h"
#include "validate/validate.h"

/* The service answers bodies above 16 MiB with HTTP 413 (facts §1.1). */
#define DC_MAX_REQUEST_BYTES (16u << 20)
#define DC_MAX_CONTEXT_BYTES (16u << 20)

static void s_usage(FILE *out)
{
    fputs("usage: ddbconform validate OP [FILE|-] [--context FILE] [--level strict|compat]\n"
          "  Reads one request body (JSON) for OP; exit 0 valid (prints nothing), 1 invalid (prints the\n"
          "  error body DynamoDB returns), 2 usage or IO error.\n"
          "  --context FILE  {\"sourceTable\":..., \"backup\":..., \"continuousBackups\":..., \"now\":..., "
          "\"region\":...}\n",
          out);
}

int dc_cmd_validate(int argc, char **argv)
{
    const char *op = NULL, *file = NULL, *context_file = NULL, *level = "strict";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            s_usage(stdout);
            return DC_EXIT_OK;
        } else if (strcmp(a, "--context") == 0 || strcmp(a, "--level") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "ddbconform validate: %s needs a value\n", a);
                return DC_EXIT_USAGE;
            }
            if (a[2] == 'c')
                context_file = argv[++i];
            else
                level = argv[++i];
        } else if (a[0] == '-' && a[1] == '-') {
            fprintf(stderr, "ddbconform validate: unknown option '%s'\n", a);
            return DC_EXIT_USAGE;
        } else if (op == NULL) {
            op = a;
        } else if (file == NULL) {
            file = a;
        } else {
            fprintf(stderr, "ddbconform validate: unexpected argument '%s'\n", a);
            return DC_EXIT_USAGE;
        }
    }
    if (op == NULL) {
        fputs("ddbconform validate: missing OP (usage: ddbconform validate OP [FILE|-] [--context FILE] "
              "[--level strict|compat])\n",
              stderr);
        return DC_EXIT_USAGE;
    }
    if (strcmp(level, "strict") != 0 && strcmp(level, "compat") != 0) {
        fprintf(stderr, "ddbconform validate: --level must be strict or compat, not '%s'\n", level);
        return DC_EXIT_USAGE;
    }
    if (file == NULL)
        file = "-";

    int rc = DC_EXIT_USAGE;
    dc_err err = {{0}};
    dc_spec *spec = NULL;
    dc_validator *v = NULL;
    dc_buf body, ctx_bytes, out;
    dc_buf_init(&body);
    dc_buf_init(&ctx_bytes);
    dc_buf_init(&out);
    dc_json_doc ctx_doc = {0};
    dc_validate_context ctx = {0};
    dc_verdict verdict = {0};

    if (dc_spec_load(dc_data_dir(), &spec, &err) != 0) {
        fprintf(stderr, "ddbconform validate: cannot load the spec: %s\n", err.msg);
        goto cleanup;
    }
    if (dc_spec_operation(spec, op) == NULL) {
        fprintf(stderr, "ddbconform validate: unknown operation '%s' (see: ddbconform spec list)\n", op);
        goto cleanup;
    }
    if (context_file != NULL) {
        if (dc_read_file(context_file, DC_MAX_CONTEXT_BYTES, &ctx_bytes, &err) != 0) {
            fprintf(stderr, "ddbconform validate: --context %s\n", err.msg);
            goto cleanup;
        }
        if (dc_json_parse(ctx_bytes.data, ctx_bytes.len, &ctx_doc, &err) != 0) {
            fprintf(stderr, "ddbconform validate: --context %s: not JSON: %s\n", context_file, err.msg);
            goto cleanup;
        }
        if (dc_validate_context_from_json(ctx_doc.root, &ctx, &err) != 0) {
            fprintf(stderr, "ddbconform validate: --context %s: %s\n", context_file, err.msg);
            goto cleanup;
        }
    }
    if (dc_read_file(file, DC_MAX_REQUEST_BYTES, &body, &err) != 0) {
        fprintf(stderr, "ddbconform validate: %s\n", err.msg);
        goto cleanup;
    }
    v = dc_validator_new(spec);
    if (dc_validate(v, op, body.data, body.len, &ctx, &verdict, &err) != 0) {
        fprintf(stderr, "ddbconform validate: %s\n", err.msg);
        goto cleanup;
    }
    if (verdict.ok) {
        rc = DC_EXIT_OK;
        goto cleanup;
    }
    dc_verdict_body(&verdict, &out);
    fwrite(out.data, 1, out.len, stdout);
    fputc('\n', stdout);
    rc = DC_EXIT_FAIL;

cleanup:
    dc_verdict_free(&verdict);
    dc_validator_free(v);
    dc_json_doc_free(&ctx_doc);
    dc_buf_free(&body);
    dc_buf_free(&ctx_bytes);
    dc_buf_free(&out);
    dc_spec_free(spec);
    return rc;
}
