/* cmd_report.c - `ddbconform report`:
 *   report REPORT.json... --html OUT.html [--title TEXT] [--note TEXT]...
 *       the implementation x case matrix of several runs (matrix.h);
 *   report --merge SHARD.json... --out DIR
 *       the shards of one run (`run --shard K/N`) -> one report.json, junit.xml
 *       and report.html (dc_report_merge). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "suite/matrix.h"
#include "suite/report.h"

#define S_PROG "ddbconform report"

static void s_usage(const dc_opts_cmd *cmd, FILE *out)
{
    fputs("usage: ddbconform report REPORT.json... --html OUT.html [--title TEXT] [--note TEXT]...\n"
          "       ddbconform report --merge SHARD.json... --out DIR\n"
          "  The first form merges the report.json of several runs (one per endpoint / implementation)\n"
          "  into one self-contained HTML page: one column per report, one row per case id, a bar and\n"
          "  the failure causes per report, the state of every operation per report, and for every\n"
          "  failure a click-through to expected vs actual and the request/response bytes (secrets\n"
          "  redacted).\n"
          "  The second merges the shards of one run (`ddbconform run --shard K/N`) into DIR/report.json,\n"
          "  DIR/junit.xml and DIR/report.html, as one unsharded run would have written them. It refuses\n"
          "  a report that is not a shard, shards of different endpoints, levels, ddbconform versions or\n"
          "  shard counts, the same shard twice, and a case id in two shards. Shards whose endpoints differ\n"
          "  only by a loopback port (each started its own emulator) merge with a note; the embedded\n"
          "  endpoint is recorded as \"embedded\", whatever its port.\n",
          out);
    dc_opts_help(cmd, out);
    fputs("  Column labels: the report's \"impl\" (from --baseline), else the name of the folder\n"
          "  holding report.json (reports/compat/moto/report.json -> moto).\n"
          "exit: 0 page or merged report written (whatever the cases' results), 2 usage error, a file\n"
          "      that is missing or not a ddbconform report.json, or shards that do not belong together\n",
          out);
}

/* path, or path/report.json when path is a folder (caller frees) */
static char *s_report_file(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return dc_xstrdup(path);
    size_t n = strlen(path) + sizeof "/report.json";
    char *file = dc_xmalloc(n);
    snprintf(file, n, "%s%sreport.json", path, path[0] && path[strlen(path) - 1] == '/' ? "" : "/");
    return file;
}

static int s_merge(const char *const *inputs, size_t n, const char *dir)
{
    int rc = DC_EXIT_USAGE;
    dc_err err;
    dc_run_result *shards = dc_xcalloc(n, sizeof *shards);
    char **files = dc_xcalloc(n, sizeof *files);
    dc_run_result merged;
    dc_run_result_init(&merged);
    for (size_t i = 0; i < n; i++) {
        dc_run_result_init(&shards[i]);
        files[i] = s_report_file(inputs[i]);
        dc_buf b;
        dc_buf_init(&b);
        int r = dc_read_file(files[i], DC_REPORT_MAX_JSON_BYTES, &b, &err);
        if (r == 0)
            r = dc_report_read(files[i], b.data ? (const void *)b.data : "", b.len, &shards[i], &err);
        dc_buf_free(&b);
        if (r != 0) {
            fprintf(stderr, S_PROG ": %s\n", err.msg);
            goto cleanup;
        }
    }
    if (dc_report_merge(shards, (const char *const *)files, n, &merged, &err) != 0) {
        fprintf(stderr, S_PROG ": refused: %s\n", err.msg);
        goto cleanup;
    }
    if (dc_report_write(&merged, dir, &err) != 0) {
        fprintf(stderr, S_PROG ": %s\n", err.msg);
        goto cleanup;
    }
    printf("merged %zu of %u shards into %s/report.json, junit.xml, report.html\n", merged.nmerged_shards,
           merged.shard_n, dir);
    if (merged.merge_note != NULL)
        printf("note: %s\n", merged.merge_note);
    if (merged.nmerged_shards < merged.shard_n)
        fprintf(stderr, S_PROG ": warning: %u of the %u shards are missing: the report is partial\n",
                merged.shard_n - (unsigned)merged.nmerged_shards, merged.shard_n);
    dc_report_console_summary(stdout, &merged, dir);
    rc = DC_EXIT_OK;
cleanup:
    for (size_t i = 0; i < n; i++) {
        dc_run_result_free(&shards[i]);
        free(files[i]);
    }
    free(shards);
    free(files);
    dc_run_result_free(&merged);
    return rc;
}

static int s_matrix(const char *const *inputs, size_t ninputs, const char *html, const char *title,
                    const char *const *notes, size_t nnotes)
{
    if (ninputs > DC_MATRIX_MAX_REPORTS) {
        fprintf(stderr, S_PROG ": more than %d reports on one page\n", DC_MATRIX_MAX_REPORTS);
        return DC_EXIT_USAGE;
    }
    int rc = DC_EXIT_USAGE;
    dc_err err;
    dc_buf page;
    dc_buf_init(&page);
    dc_matrix *m = dc_matrix_new();
    for (size_t i = 0; i < nnotes; i++)
        dc_matrix_note(m, notes[i]);
    for (size_t i = 0; i < ninputs; i++)
        if (dc_matrix_add_file(m, inputs[i], &err) != 0) {
            fprintf(stderr, S_PROG ": %s\n", err.msg);
            goto cleanup;
        }
    dc_matrix_html(m, title, &page);
    if (dc_write_file_atomic(html, page.data, page.len, &err) != 0) {
        fprintf(stderr, S_PROG ": %s\n", err.msg);
        goto cleanup;
    }
    printf("%zu reports x %zu cases: %s\n", dc_matrix_ncols(m), dc_matrix_nrows(m), html);
    rc = DC_EXIT_OK;
cleanup:
    dc_matrix_free(m);
    dc_buf_free(&page);
    return rc;
}

int dc_cmd_report(int argc, char **argv)
{
    const char *html = NULL, *title = NULL, *out_dir = NULL;
    bool merge = false;
    const char *inputs[DC_REPORT_MAX_MERGE];
    size_t ninputs = 0;
    const char *notes[DC_MATRIX_MAX_NOTES];
    size_t nnotes = 0;
    const dc_opt opts[] = {
        {.name = "--help", .alias = "-h", .kind = DC_OPT_HELP},
        {.name = "--html",
         .kind = DC_OPT_STRING,
         .dest = &html,
         .metavar = "OUT.html",
         .help = "where the matrix page goes (written atomically; the folder must exist)"},
        {.name = "--title",
         .kind = DC_OPT_STRING,
         .dest = &title,
         .metavar = "TEXT",
         .help = "the page title (default: ddbconform compatibility matrix)"},
        {.name = "--note",
         .kind = DC_OPT_APPEND,
         .dest = notes,
         .size = DC_MATRIX_MAX_NOTES,
         .count = &nnotes,
         .bad = "more than {max} --note",
         .metavar = "TEXT",
         .help = "a line shown under the title, e.g. which peer was skipped (repeatable)"},
        {.name = "--merge",
         .kind = DC_OPT_FLAG,
         .dest = &merge,
         .help = "merge the shards of one run (run --shard K/N) instead of a matrix"},
        {.name = "--out",
         .kind = DC_OPT_STRING,
         .dest = &out_dir,
         .metavar = "DIR",
         .help = "with --merge: where report.json, junit.xml, report.html go (created)"},
    };
    const dc_opts_cmd cmd = {
        .prog = S_PROG,
        .opts = opts,
        .nopts = DC_ARRAY_LEN(opts),
        .usage = s_usage,
        .unknown = "unknown option '{name}' (see ddbconform report --help)",
        .missing = "{name} needs a value",
        .option_prefix = "-",
        .positional = inputs,
        .max_positional = DC_ARRAY_LEN(inputs),
        .npositional = &ninputs,
        .too_many = "more than {max} reports",
        .positional_label = "REPORT.json",
        .positional_help = "a report.json written by `ddbconform run`, or the folder holding one",
        .help_column = 19,
    };
    int prc = dc_opts_parse(&cmd, argc, argv);
    if (prc != DC_OPTS_CONTINUE)
        return prc;
    const char *bad = NULL;
    if (ninputs == 0)
        bad = merge ? "no shard report.json given" : "no report.json given";
    else if (merge && out_dir == NULL)
        bad = "--merge needs --out DIR";
    else if (merge && (html != NULL || title != NULL || nnotes > 0))
        bad = "--merge writes DIR/report.html itself: --html, --title and --note are for the matrix";
    else if (!merge && out_dir != NULL)
        bad = "--out DIR goes with --merge (the matrix page takes --html OUT.html)";
    else if (!merge && html == NULL)
        bad = "--html OUT.html is required";
    if (bad != NULL) {
        fprintf(stderr,
                S_PROG ": %s (usage: ddbconform report REPORT.json... --html OUT.html | ddbconform report --merge "
                       "SHARD.json... --out DIR)\n",
                bad);
        return DC_EXIT_USAGE;
    }
    if (merge)
        return s_merge(inputs, ninputs, out_dir);
    return s_matrix(inputs, ninputs, html, title, notes, nnotes);
}
