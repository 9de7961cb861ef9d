/* cmd_validate.c - `ddbconform validate OP [FILE|-] [--context FILE] [--level strict|compat]`
 * Valid: exit 0, prints nothing. Invalid: exit 1, prints the exact error body
 * the service returns. Usage/IO: exit 2 with one line on stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "core/json.h"
#include "spec/spec.h"
#include "validate/validate.h"

/* The service answers bodies above 16 MiB with HTTP 413 ([S:wire-request]). */
#define DC_MAX_REQUEST_BYTES (16u << 20)
#define DC_MAX_CONTEXT_BYTES (16u << 20)

static void s_usage(const dc_opts_cmd *cmd, FILE *out)
{
    (void)cmd;
    fputs("usage: ddbconform validate OP [FILE|-] [--context FILE] [--level strict|compat]\n"
          "  Reads one request body (JSON) for OP; exit 0 valid (prints nothing), 1 invalid (prints the\n"
          "  error body DynamoDB returns), 2 usage or IO error.\n"
          "  --context FILE  {\"sourceTable\":..., \"backup\":..., \"continuousBackups\":..., \"now\":..., "
          "\"region\":..., \"account\":\"123456789012\"}\n",
          out);
}

/* OP, FILE ("-" when not given) and --context from argv. */
static int s_options(int argc, char **argv, const char **op, const char **file, const char **context_file)
{
    const char *level = "strict";
    const char *args[2] = {NULL, NULL}; /* OP, FILE */
    size_t nargs = 0;
    const dc_opt opts[] = {
        {.name = "--help", .alias = "-h", .kind = DC_OPT_HELP},
        {.name = "--context", .kind = DC_OPT_STRING, .dest = context_file},
        /* checked after all arguments: a missing OP is the first thing to say */
        {.name = "--level", .kind = DC_OPT_STRING, .dest = &level},
    };
    const dc_opts_cmd cmd = {
        .prog = "ddbconform validate",
        .opts = opts,
        .nopts = DC_ARRAY_LEN(opts),
        .usage = s_usage,
        .unknown = "unknown option '{name}'",
        .missing = "{name} needs a value",
        .option_prefix = "--",
        .positional = args,
        .max_positional = DC_ARRAY_LEN(args),
        .npositional = &nargs,
        .too_many = "unexpected argument '{value}'",
    };
    int rc = dc_opts_parse(&cmd, argc, argv);
    if (rc != DC_OPTS_CONTINUE)
        return rc;
    if (args[0] == NULL) {
        fputs("ddbconform validate: missing OP (usage: ddbconform validate OP [FILE|-] [--context FILE] "
              "[--level strict|compat])\n",
              stderr);
        return DC_EXIT_USAGE;
    }
    if (strcmp(level, "strict") != 0 && strcmp(level, "compat") != 0) {
        fprintf(stderr, "ddbconform validate: --level must be strict or compat, not '%s'\n", level);
        return DC_EXIT_USAGE;
    }
    *op = args[0];
    *file = args[1] != NULL ? args[1] : "-";
    return DC_OPTS_CONTINUE;
}

int dc_cmd_validate(int argc, char **argv)
{
    const char *op = NULL, *file = NULL, *context_file = NULL;
    int prc = s_options(argc, argv, &op, &file, &context_file);
    if (prc != DC_OPTS_CONTINUE)
        return prc;

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
