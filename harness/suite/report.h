/* report.h - the renderings of a run's results (suite/result.h): report.json (the fields of
 * the report.json format (docs/ddbconform.1) plus per-case duration, steps, and request/response
 * excerpts of failures), junit.xml, a self-contained report.html, and the
 * console (progress line on a TTY, a closing summary line always).
 *
 * Every text that leaves this module passes dc_report_redact: values of
 * Authorization and X-Amz-Security-Token header lines, AWS signatures and every
 * registered secret (secret key, session token) become "<redacted>". */
#ifndef DC_REPORT_H
#define DC_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/common.h"
#include "suite/result.h"

#define DC_REPORT_EXCERPT_BYTES 4096 /* request/response bytes kept per failing step */

/* Failures grouped by cause (dc_report_cause_key): how many failed cases and
 * failures have it, and the first one as an example. All strings owned. */
typedef struct {
    char *key;
    size_t cases;
    size_t failures;
    char *example_case;
    int example_step;
    char *example_expected;
    char *example_actual;
} dc_cause;

typedef struct {
    dc_cause *items;
    size_t n;
} dc_causes;

/* The cause of a failure, one short line a person can read:
 *   status, error_type:  "<kind>: expected E, got A" (each cut to 80 bytes)
 *   message, key case:   "message key: expected Message, got message"
 *   message, text:       "message text"
 *   others:              "<kind> <path>" with list indexes made "N" (body BackupSummaries.N.BackupArn),
 *                        "<kind>" without a path. */
void dc_report_cause_key(const char *kind, const char *path, const char *expected, const char *actual, dc_buf *out);
/* Adds the failures of one failed case (borrowed) to cs: a cause counts a case once. */
void dc_causes_add(dc_causes *cs, const char *case_id, const dc_case_failure *fs, size_t n);
/* Orders by cases, then failures (most first), then key. */
void dc_causes_sort(dc_causes *cs);
void dc_causes_free(dc_causes *cs);
/* The causes of the failed cases of r, sorted. */
void dc_report_causes(const dc_run_result *r, dc_causes *out);

/* Appends a bar of the counts (one segment per status with a count, flex-grow =
 * the count, so each segment's width is its share) with a label, for report.html
 * and the matrix page. The CSS the bar needs comes from dc_report_status_css. */
void dc_report_html_bar(dc_buf *out, const size_t count[DC_CASE_NSTATUS], const char *label);
/* The CSS rules of the status colours and the bars (no <style> element). */
void dc_report_status_css(dc_buf *out);

/* Copies text[0..len) into out with secrets removed (see the top of this file). */
void dc_report_redact(const dc_run_result *r, const char *text, size_t len, dc_buf *out);

void dc_report_json(const dc_run_result *r, dc_buf *out);
void dc_report_junit(const dc_run_result *r, dc_buf *out);
void dc_report_html(const dc_run_result *r, dc_buf *out);
/* Writes dir/report.json, dir/junit.xml and dir/report.html atomically
 * (creating dir and its parents). */
int dc_report_write(const dc_run_result *r, const char *dir, dc_err *err);

/* Console. progress: "\r[k/n] 3 passed, 1 failed  <id>" when out is a TTY. */
void dc_report_progress(FILE *out, size_t done, size_t total, const dc_summary *s, const char *id);
/* Failure details (one block per failed case), the closing line
 * "N passed, N failed, N skipped, N unsupported, N xfail (...)", and the top
 * DC_REPORT_CONSOLE_CAUSES causes of the failures. */
#define DC_REPORT_CONSOLE_CAUSES 5
void dc_report_console(FILE *out, const dc_run_result *r, const char *report_dir);
/* The closing line and the top causes only (report --merge). */
void dc_report_console_summary(FILE *out, const dc_run_result *r, const char *report_dir);

/* ---- reading and merging report.json (reportread.c) ---- */
#define DC_REPORT_MAX_JSON_BYTES (256u << 20)
#define DC_REPORT_MAX_MERGE 1000 /* shards of one merge (the --shard N limit) */
/* Parses a report.json written by dc_report_json back into r (dc_run_result_init'ed
 * by the caller). path names the file in messages. Unknown members are ignored. */
int dc_report_read(const char *path, const void *data, size_t len, dc_run_result *r, dc_err *err);
/* Merges the shards (each read by dc_report_read; path[i] names shard[i]) of one
 * run into out: they must all be shards (report.json "shard") of the same
 * endpoint, level, tool version and shard count, with distinct K and no case
 * id in two of them; err gives the first that is not, in one line. Cases are
 * sorted by id; operation states combine (unsupported > partial > supported);
 * timing adds up; started is the earliest, duration the longest shard's. */
int dc_report_merge(dc_run_result *shards, const char *const *paths, size_t n, dc_run_result *out, dc_err *err);

#endif
