/* matrix.h - the implementation x case compatibility matrix of `ddbconform
 * report`: several report.json files (one per endpoint / implementation) merged
 * into one self-contained static HTML page.
 *
 * Each report becomes a column; the rows are the union of the case ids of all
 * reports, sorted; a case a report does not contain is an "absent" cell.
 * report.json is read with the strict JSON layer; unknown members are ignored
 * (newer tool versions add fields), but a document that is not a ddbconform
 * report (wrong "tool", no "cases" array, a case without id or with an unknown
 * status, a repeated case id) is refused with a one-line cause.
 *
 * The page: a legend, one row per report with the state of every operation
 * (report.json "operations"), the matrix with a summary row, and for every
 * cell that is not a plain pass a <details> click-through (no script) with
 * the reason, expected vs actual of each failure and the request/response
 * bytes. All text is HTML-escaped and passes dc_text_redact first
 * (Authorization and X-Amz-Security-Token header values, signatures). */
#ifndef DC_MATRIX_H
#define DC_MATRIX_H

#include <stddef.h>

#include "core/common.h"
#include "suite/report.h"

#define DC_MATRIX_MAX_REPORTS 64               /* columns of one page */
#define DC_MATRIX_MAX_REPORT_BYTES (64u << 20) /* one report.json */
#define DC_MATRIX_MAX_CASES 100000             /* cases of one report */
#define DC_MATRIX_EXCERPT_BYTES 16384          /* request/response bytes shown per cell */
#define DC_MATRIX_FAILURES_SHOWN 50            /* failures listed per cell; the rest are counted */
#define DC_MATRIX_LABEL_BYTES 128              /* column label */
#define DC_MATRIX_MAX_NOTES 32                 /* lines under the title */

/* A cell shows its case's status, one of report.h's table (a status added
 * there is a cell status here too), or DC_CELL_ABSENT: the report lacks the case. */
typedef int dc_cell_status;
#define DC_CELL_ABSENT (-1)
#define DC_CELL_PASSED ((dc_cell_status)DC_CASE_PASSED)
#define DC_CELL_FAILED ((dc_cell_status)DC_CASE_FAILED)
#define DC_CELL_XFAIL ((dc_cell_status)DC_CASE_XFAIL)
#define DC_CELL_UNSUPPORTED ((dc_cell_status)DC_CASE_UNSUPPORTED)
#define DC_CELL_SKIPPED ((dc_cell_status)DC_CASE_SKIPPED)
#define DC_CELL_DISPUTED ((dc_cell_status)DC_CASE_DISPUTED) /* failed; the case's sources disagree */
#define DC_CELL_INFERRED ((dc_cell_status)DC_CASE_INFERRED) /* failed; the expectation is inferred */

/* A dc_matrix owns everything it holds: each added report is parsed into a
 * document of its own column (the bytes given are not kept), paths, labels
 * and notes are copied. Labels and row ids it returns point into it and live
 * until dc_matrix_free. */
typedef struct dc_matrix dc_matrix;

dc_matrix *dc_matrix_new(void);
void dc_matrix_free(dc_matrix *m);

/* Adds one report.json given as bytes. path names the report in messages and
 * gives the column label when the report has no "impl": the name of the folder
 * holding the file (reports/compat/moto/report.json -> "moto"), else the file
 * name. Labels are made unique with " (2)", " (3)", ... */
int dc_matrix_add(dc_matrix *m, const char *path, const void *data, size_t len, dc_err *err);
/* Reads path (a report.json, or a folder holding one) and adds it. */
int dc_matrix_add_file(dc_matrix *m, const char *path, dc_err *err);

size_t dc_matrix_ncols(const dc_matrix *m);
size_t dc_matrix_nrows(const dc_matrix *m);
const char *dc_matrix_label(const dc_matrix *m, size_t col);
/* The case id of a row (may contain NUL bytes: its length in *len when len != NULL). */
const char *dc_matrix_row_id(const dc_matrix *m, size_t row, size_t *len);
dc_cell_status dc_matrix_cell(const dc_matrix *m, size_t row, size_t col);
const char *dc_cell_status_name(dc_cell_status s);

/* Adds a line shown under the title (e.g. "DynamoDB Local: skipped (no java)"); copied. */
void dc_matrix_note(dc_matrix *m, const char *text);

/* Appends the page to out (title NULL: "ddbconform compatibility matrix"; copied into the page). */
void dc_matrix_html(const dc_matrix *m, const char *title, dc_buf *out);

#endif
