/* match.h - the matcher language of case files (cases/README.md "Body
 * matchers"): a template compared structurally with a response value, where an
 * object whose keys are $operators ($capture, $regex, $arn, $epoch, ...) is a
 * matcher. One table of operators (match.c) gives each its argument check, run
 * when the case loads, and its comparison, run against the response. */
#ifndef DC_MATCH_H
#define DC_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "core/common.h"
#include "core/json.h"
#include "suite/vars.h"

#define DC_MISMATCH_MAX 32 /* mismatches kept per comparison; the rest are counted */

/* ---- comparison results ------------------------------------------------ */

typedef struct {
    char *path;     /* "BackupDetails.BackupStatus", "" for the root */
    char *expected; /* what the template asked for, as text */
    char *actual;   /* what the response had, as text ("(absent)" when missing) */
} dc_mismatch;

typedef struct {
    dc_mismatch *items;
    size_t count;
    size_t dropped; /* mismatches beyond DC_MISMATCH_MAX */
} dc_mismatches;

void dc_mismatches_init(dc_mismatches *m);
void dc_mismatches_free(dc_mismatches *m);
/* m may be NULL (a trial comparison that keeps nothing). */
void dc_mismatches_add(dc_mismatches *m, const char *path, const char *expected, const char *actual);

/* ---- body matchers ----------------------------------------------------- */

/* Checks that tmpl is a well-formed template (known $operators with arguments
 * of the right type). err: "expect.body.BackupDetails.$epoch: ..." */
int dc_match_check(const dc_json *tmpl, const char *path, dc_err *err);
/* Structural match of actual (may be NULL = absent) against tmpl. Captured
 * values ($capture) go into captures (may be NULL). Mismatch paths are built
 * from path (the location of actual, "" for a body root). Returns true on match. */
bool dc_match(const dc_json *tmpl, const dc_json *actual, const char *path, dc_vars *captures, dc_mismatches *out);

#endif
