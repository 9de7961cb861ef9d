/* cmd_report.c - `ddbconform report REPORT.json... --html OUT.html [--title TEXT]`:
 * the implementation x case matrix of several runs (matrix.h). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "suite/matrix.h"

static void s_usage(FILE *out)
{
    fprintf(out, "usage: ddbconform report REPORT.json... --html OUT.html [--title TEXT] [--note TEXT]...\n"
                 "  Merges the report.json of several runs (one per endpoint / implementation) into one\n"
                 "  self-contained HTML page: one column per report, one row per case id, a legend, the\n"
                 "  state of every operation per report, and for every failure a click-through to\n"
                 "  expected vs actual and the request/response bytes (secrets redacted).\n"
                 "  REPORT.json      a report.json written by `ddbconform run`, or the folder holding one\n"
                 "  --html OUT.html  where the page goes (written atomically; the folder must exist)\n"
                 "  --title TEXT     the page title (default: ddbconform compatibility matrix)\n"
                 "  --note TEXT      a line shown under the title, e.g. which peer was skipped (repeatable)\n"
                 "  Column labels: the report's \"impl\" (from --baseline), else the name of the folder\n"
                 "  holding report.json (reports/compat/moto/report.json -> moto).\n"
                 "exit: 0 page written, 2 usage error or a file that is missing or not a ddbconform report.json\n");
}

int dc_cmd_report(int argc, char **argv)
{
    const char *html = NULL, *title = NULL;
    const char *inputs[DC_MATRIX_MAX_REPORTS];
    size_t ninputs = 0;
    const char *notes[DC_MATRIX_MAX_NOTES];
    size_t nnotes = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            s_usage(stdout);
            return DC_EXIT_OK;
        }
        if (strcmp(a, "--html") == 0 || strcmp(a, "--title") == 0 || strcmp(a, "--note") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "ddbconform report: %s needs a value\n", a);
                return DC_EXIT_USAGE;
            }
            if (strcmp(a, "--note") == 0) {
                if (nnotes == DC_MATRIX_MAX_NOTES) {
                    fprintf(stderr, "ddbconform report: more than %d --note\n", DC_MATRIX_MAX_NOTES);
                    return DC_EXIT_USAGE;
                }
                notes[nnotes++] = argv[++i];
                continue;
            }
            *(strcmp(a, "--html") == 0 ? &html : &title) = argv[++i];
            continue;
        }
        if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "ddbconform report: unknown option '%s' (see ddbconform report --help)\n", a);
            return DC_EXIT_USAGE;
        }
        if (ninputs == DC_MATRIX_MAX_REPORTS) {
            fprintf(stderr, "ddbconform report: more than %d reports\n", DC_MATRIX_MAX_REPORTS);
            return DC_EXIT_USAGE;
        }
        inputs[ninputs++] = a;
    }
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
