/* cmd_report.c - `ddbconform report REPORT.json... --html OUT.html [--title TEXT]`:
 * the implementation x case matrix of several runs (matrix.h). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "suite/matrix.h"

static void s_usage(const dc_opts_cmd *cmd, FILE *out)
{
    fputs("usage: ddbconform report REPORT.json... --html OUT.html [--title TEXT] [--note TEXT]...\n"
          "  Merges the report.json of several runs (one per endpoint / implementation) into one\n"
          "  self-contained HTML page: one column per report, one row per case id, a legend, the\n"
          "  state of every operation per report, and for every failure a click-through to\n"
          "  expected vs actual and the request/response bytes (secrets redacted).\n",
          out);
    dc_opts_help(cmd, out);
    fputs("  Column labels: the report's \"impl\" (from --baseline), else the name of the folder\n"
          "  holding report.json (reports/compat/moto/report.json -> moto).\n"
          "exit: 0 page written, 2 usage error or a file that is missing or not a ddbconform report.json\n",
          out);
}

int dc_cmd_report(int argc, char **argv)
{
    const char *html = NULL, *title = NULL;
    const char *inputs[DC_MATRIX_MAX_REPORTS];
    size_t ninputs = 0;
    const char *notes[DC_MATRIX_MAX_NOTES];
    size_t nnotes = 0;
    const dc_opt opts[] = {
        {.name = "--help", .alias = "-h", .kind = DC_OPT_HELP},
        {.name = "--html",
         .kind = DC_OPT_STRING,
         .dest = &html,
         .metavar = "OUT.html",
         .help = "where the page goes (written atomically; the folder must exist)"},
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
    };
    const dc_opts_cmd cmd = {
        .prog = "ddbconform report",
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
    if (ninputs == 0 || html == NULL) {
        fprintf(stderr, "ddbconform report: %s (usage: ddbconform report REPORT.json... --html OUT.html)\n",
                ninputs == 0 ? "no report.json given" : "--html OUT.html is required");
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
            fprintf(stderr, "ddbconform report: %s\n", err.msg);
            goto cleanup;
        }
    dc_matrix_html(m, title, &page);
    if (dc_write_file_atomic(html, page.data, page.len, &err) != 0) {
        fprintf(stderr, "ddbconform report: %s\n", err.msg);
        goto cleanup;
    }
    printf("%zu reports x %zu cases: %s\n", dc_matrix_ncols(m), dc_matrix_nrows(m), html);
    rc = DC_EXIT_OK;
cleanup:
    dc_matrix_free(m);
    dc_buf_free(&page);
    return rc;
}
