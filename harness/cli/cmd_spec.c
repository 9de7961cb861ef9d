/* cmd_spec.c - `ddbconform spec list | show OP | check [--model FILE] | coverage ...`. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "suite/cases.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "suite/coverage.h"
#include "spec/drift.h"
#include "spec/spec.h"

#define DC_SHOW_MAX_DEPTH 12               /* nesting shown by `spec show`; deeper levels are elided */
#define S_MAX_COVERAGE_PATHS 64            /* --cases given to `spec coverage` */
#define S_EXEMPTIONS_NAME ".coverage.json" /* in the cases folder: a dotfile, so `run` never loads it as a case */

static void s_usage(FILE *out)
{
    fprintf(
        out,
        "usage: ddbconform spec list\n"
        "       ddbconform spec show OP\n"
        "       ddbconform spec check [--model FILE]   (botocore service-2.json or .json.gz)\n"
        "       ddbconform spec coverage [--cases PATH]... [--exemptions FILE] [--all] [--verbose]\n"
        "         which spec constraints and documented errors the cases exercise, per operation;\n"
        "         exit 1 below the threshold of the exemptions file (default <first cases folder>/" S_EXEMPTIONS_NAME
        ")\n"
        "spec/ is read from $DDBCONFORM_HOME, else from the installed or build-tree data folder.\n");
}

static void s_usage_opts(const dc_opts_cmd *cmd, FILE *out)
{
    (void)cmd;
    s_usage(out);
}

static int s_load(dc_spec **spec)
{
    dc_err err;
    if (dc_spec_load(dc_data_dir(), spec, &err) != 0) {
        fprintf(stderr, "ddbconform spec: %s (data folder %s)\n", err.msg, dc_data_dir());
        return -1;
    }
    return 0;
}

static int s_list(const dc_spec *spec, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    for (size_t i = 0; i < dc_spec_operation_count(spec); i++) {
        const dc_operation *op = dc_spec_operation_at(spec, i);
        printf("%-26s %s%s\n", op->name, op->since, op->plumbing ? "  plumbing" : "");
    }
    return DC_EXIT_OK;
}

static bool s_value_bounds(dc_shape_type t)
{
    return t == DC_SHAPE_INTEGER || t == DC_SHAPE_LONG || t == DC_SHAPE_DOUBLE;
}

static void s_constraints(const dc_shape *s, dc_buf *b)
{
    const char *what = s_value_bounds(s->type) ? "value" : "length";
    if (s->has_min && s->has_max)
        dc_buf_printf(b, "  %s %lld..%lld", what, (long long)s->min, (long long)s->max);
    else if (s->has_min)
        dc_buf_printf(b, "  %s >= %lld", what, (long long)s->min);
    else if (s->has_max)
        dc_buf_printf(b, "  %s <= %lld", what, (long long)s->max);
    if (s->pattern != NULL)
        dc_buf_printf(b, "  pattern %s", s->pattern);
    if (s->enum_message != NULL)
        dc_buf_printf(b, "  enum %s", s->enum_message);
    if (s->is_union)
        dc_buf_puts(b, "  union (exactly one member)");
}

/* stack: shapes on the current path, so recursive shapes (AttributeValue) stop */
static void s_show_shape(const dc_shape *s, int depth, const dc_shape **stack);

static void s_show_line(const char *label, const dc_shape *s, const dc_member *m, int depth, const dc_shape **stack)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_printf(&b, "%*s%s: %s %s", depth * 2, "", label, s->name, dc_shape_type_name(s->type));
    if (m != NULL && m->required)
        dc_buf_puts(&b, "  required");
    s_constraints(s, &b);
    if (m != NULL && m->since != NULL)
        dc_buf_printf(&b, "  since %s", m->since);
    if (m != NULL && m->check != NULL)
        dc_buf_printf(&b, "  check %s", m->check);
    bool recursive = false;
    for (int i = 0; i < depth; i++)
        recursive = recursive || stack[i] == s;
    bool nested = s->type == DC_SHAPE_STRUCTURE || s->type == DC_SHAPE_LIST || s->type == DC_SHAPE_MAP;
    if (nested && recursive)
        dc_buf_puts(&b, "  (recursive, shown above)");
    else if (nested && depth >= DC_SHOW_MAX_DEPTH)
        dc_buf_puts(&b, "  (...)");
    printf("%s\n", (const char *)b.data);
    dc_buf_free(&b);
    if (nested && !recursive && depth < DC_SHOW_MAX_DEPTH) {
        stack[depth] = s;
        s_show_shape(s, depth + 1, stack);
    }
}

static void s_show_shape(const dc_shape *s, int depth, const dc_shape **stack)
{
    switch (s->type) {
    case DC_SHAPE_STRUCTURE:
        for (size_t i = 0; i < s->nmembers; i++)
            s_show_line(s->members[i].name, s->members[i].shape, &s->members[i], depth, stack);
        break;
    case DC_SHAPE_LIST: s_show_line("[member]", s->member, NULL, depth, stack); break;
    case DC_SHAPE_MAP:
        s_show_line("[key]", s->key, NULL, depth, stack);
        s_show_line("[value]", s->value, NULL, depth, stack);
        break;
    default: break;
    }
}

static int s_show(const dc_spec *spec, int argc, char **argv)
{
    (void)argc;
    const char *name = argv[2];
    const dc_operation *op = dc_spec_operation(spec, name);
    const dc_shape *stack[DC_SHOW_MAX_DEPTH + 1];
    if (op == NULL) {
        fprintf(stderr, "ddbconform spec show: unknown operation '%s' (see `ddbconform spec list`)\n", name);
        return DC_EXIT_USAGE;
    }
    printf("%s  since %s%s\n", op->name, op->since, op->plumbing ? "  (plumbing)" : "");
    printf("columns: member: shape type  [required]  constraints  [since]  [check]\n");
    printf("input %s\n", op->input->name);
    stack[0] = op->input;
    s_show_shape(op->input, 1, stack);
    printf("output %s\n", op->output->name);
    stack[0] = op->output;
    s_show_shape(op->output, 1, stack);
    printf("errors:");
    for (size_t i = 0; i < op->nerrors; i++)
        printf(" %s", op->errors[i]);
    printf("%s\nrules:", op->nerrors ? "" : " (none)");
    for (size_t i = 0; i < op->nrules; i++)
        printf(" %s", op->rules[i]);
    printf("%s\n", op->nrules ? "" : " (none)");
    return DC_EXIT_OK;
}

static int s_check(const dc_spec *spec, int argc, char **argv)
{
    const char *model_path = argc == 4 ? argv[3] : NULL;
    char found[1024];
    dc_err err;
    dc_json_doc doc;
    dc_buf out;
    dc_drift_result res;
    if (model_path == NULL) {
        model_path = dc_drift_find_official(found, sizeof found);
        if (model_path == NULL) {
            fprintf(stderr, "ddbconform spec check: no botocore model found in the usual places; use --model FILE\n");
            return DC_EXIT_USAGE;
        }
    }
    printf("model: %s\n", model_path);
    if (dc_drift_load_official(model_path, &doc, &err) != 0) {
        fprintf(stderr, "ddbconform spec check: %s\n", err.msg);
        return DC_EXIT_USAGE;
    }
    dc_buf_init(&out);
    int rc = dc_drift_check(spec, doc.root, &out, &res, &err);
    if (rc != 0) {
        fprintf(stderr, "ddbconform spec check: %s: %s\n", model_path, err.msg);
    } else {
        fwrite(out.data, 1, out.len, stdout);
        printf("%zu operations, %zu shapes compared: %zu differences explained, %zu unexplained, %zu stale "
               "annotations\n",
               dc_spec_operation_count(spec), res.shapes, res.explained, res.unexplained, res.stale);
    }
    dc_buf_free(&out);
    dc_json_doc_free(&doc);
    if (rc != 0)
        return DC_EXIT_USAGE;
    return res.unexplained > 0 ? DC_EXIT_FAIL : DC_EXIT_OK;
}

static bool s_is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int s_coverage(const dc_spec *spec, int argc, char **argv)
{
    const char *paths[S_MAX_COVERAGE_PATHS];
    size_t npaths = 0;
    const char *exfile = NULL;
    bool all = false, verbose = false;
    char default_cases[PATH_MAX], default_ex[PATH_MAX + 32];
    int rc = DC_EXIT_USAGE;
    dc_case_ref *refs = NULL;
    size_t nrefs = 0, ncases = 0;
    dc_case *cases = NULL;
    dc_json_doc exdoc = {0};
    bool have_ex = false;
    dc_coverage cov;
    memset(&cov, 0, sizeof cov);
    dc_err err;
    const dc_opt opts[] = {
        {.name = "--cases",
         .kind = DC_OPT_APPEND,
         .dest = paths,
         .size = S_MAX_COVERAGE_PATHS,
         .count = &npaths,
         .bad = "more than {max} --cases"},
        {.name = "--exemptions", .kind = DC_OPT_STRING, .dest = &exfile},
        {.name = "--all", .kind = DC_OPT_FLAG, .dest = &all},
        {.name = "--verbose", .alias = "-v", .kind = DC_OPT_FLAG, .dest = &verbose},
    };
    const dc_opts_cmd cmd = {
        .prog = "ddbconform spec coverage",
        .opts = opts,
        .nopts = DC_ARRAY_LEN(opts),
        .usage = s_usage_opts,
        .unknown = "unknown or incomplete option '{name}'",
        .missing = "unknown or incomplete option '{name}'",
        .usage_after_unknown = true,
    };
    /* argv[1] is "coverage": the parser starts after it */
    int prc = dc_opts_parse(&cmd, argc - 1, argv + 1);
    if (prc != DC_OPTS_CONTINUE)
        return prc;
    if (npaths == 0) {
        snprintf(default_cases, sizeof default_cases, "%s/cases", dc_data_dir());
        paths[npaths++] = default_cases;
    }
    if (exfile == NULL && s_is_dir(paths[0])) {
        snprintf(default_ex, sizeof default_ex, "%s/%s", paths[0], S_EXEMPTIONS_NAME);
        struct stat st;
        if (stat(default_ex, &st) == 0)
            exfile = default_ex;
    }
    for (size_t i = 0; i < npaths; i++)
        if (dc_cases_find(paths[i], &refs, &nrefs, &err) != 0) {
            fprintf(stderr, "ddbconform spec coverage: %s\n", err.msg);
            goto cleanup;
        }
    cases = dc_xcalloc(nrefs ? nrefs : 1, sizeof *cases);
    for (size_t i = 0; i < nrefs; i++) {
        if (dc_case_load(refs[i].file, refs[i].id, &cases[ncases], &err) != 0) {
            fprintf(stderr, "ddbconform spec coverage: %s\n", err.msg);
            goto cleanup;
        }
        ncases++;
    }
    if (exfile != NULL) {
        if (dc_json_load_file(exfile, NULL, DC_CASE_MAX_BYTES, &exdoc, &err) != 0) {
            fprintf(stderr, "ddbconform spec coverage: %s\n", err.msg);
            goto cleanup;
        }
        have_ex = true;
    }
    if (dc_coverage_compute(spec, cases, ncases, have_ex ? exdoc.root : NULL, all, &cov, &err) != 0) {
        fprintf(stderr, "ddbconform spec coverage: %s%s%s\n", exfile ? exfile : "", exfile ? ": " : "", err.msg);
        goto cleanup;
    }
    printf("cases: %zu; exemptions: %s\n", ncases, exfile ? exfile : "(none)");
    dc_coverage_print(&cov, verbose, stdout);
    rc = dc_coverage_ok(&cov) ? DC_EXIT_OK : DC_EXIT_FAIL;
cleanup:
    dc_coverage_free(&cov);
    if (have_ex)
        dc_json_doc_free(&exdoc);
    for (size_t i = 0; i < ncases; i++)
        dc_case_free(&cases[i]);
    free(cases);
    dc_case_refs_free(refs, nrefs);
    return rc;
}

/* The subcommands and their fixed grammar: nargs arguments after the name
 * (-1: the subcommand parses its own), or none but `option VALUE`. */
static const struct {
    const char *name;
    int nargs;
    const char *option;
    int (*run)(const dc_spec *spec, int argc, char **argv);
} s_subcommands[] = {
    {"list", 0, NULL, s_list},
    {"show", 1, NULL, s_show},
    {"check", 0, "--model", s_check},
    {"coverage", -1, NULL, s_coverage},
};

static bool s_is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int dc_cmd_spec(int argc, char **argv)
{
    if (argc < 2 || s_is_help(argv[1])) {
        s_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? DC_EXIT_USAGE : DC_EXIT_OK;
    }
    for (int i = 2; i < argc; i++)
        if (s_is_help(argv[i])) {
            s_usage(stdout); /* `spec SUB --help` asks for help, not an error */
            return DC_EXIT_OK;
        }
    for (size_t k = 0; k < DC_ARRAY_LEN(s_subcommands); k++) {
        if (strcmp(argv[1], s_subcommands[k].name) != 0)
            continue;
        int nargs = argc - 2;
        bool ok = s_subcommands[k].nargs < 0 || nargs == s_subcommands[k].nargs ||
                  (s_subcommands[k].option != NULL && nargs == 2 && strcmp(argv[2], s_subcommands[k].option) == 0);
        if (!ok)
            break;
        dc_spec *spec = NULL;
        if (s_load(&spec) != 0)
            return DC_EXIT_USAGE;
        int rc = s_subcommands[k].run(spec, argc, argv);
        dc_spec_free(spec);
        return rc;
    }
    s_usage(stderr);
    return DC_EXIT_USAGE;
}
