/* coverage.h - which spec constraints and documented errors the golden cases
 * exercise (`ddbconform spec coverage`).
 *
 * Items, per operation (the non-plumbing ones unless all_ops):
 *   "<path>:<kind>"  one per input member constraint, kind required | min | max |
 *                    pattern | enum | type; <path> is the validation path with
 *                    list elements as ".member" ("globalSecondaryIndexOverride.
 *                    member.keySchema.member.attributeName")
 *   "error:<Name>"   each modeled error of the operation, plus the common errors
 *                    the exemptions file says apply to every operation
 * A case step (not cleanup) of operation OP exercises:
 *   - "error:<E>" when it expects error E;
 *   - "<path>:<kind>" when it expects a ValidationException whose clause set (or
 *     exact "N validation error(s) detected: ..." text) has a clause naming that
 *     path and constraint;
 *   - when it expects a ValidationException with another message form (custom
 *     text, regex) or a SerializationException, the one constraint its request
 *     breaks, found by walking the request against the input shape (type breaks
 *     for SerializationException, the others for ValidationException) - only
 *     when the request breaks exactly one, so a case never claims what it cannot
 *     tell apart.
 * Exemptions (JSON, cases/.coverage.json): {"threshold": percent, "commonErrors":
 * [names], "notApplicable": {"Name": "reason"}, "exempt": [{"op": "Op" | "*",
 * "item": "...", "reason": "..."}]}. Every common error of the catalog must be
 * in commonErrors or notApplicable; an exemption naming no item is an error. */
#ifndef DC_COVERAGE_H
#define DC_COVERAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "suite/cases.h"
#include "core/common.h"
#include "core/json.h"
#include "spec/spec.h"

#define DC_COVERAGE_MAX_ITEMS 20000 /* items over all operations */
#define DC_COVERAGE_MAX_DEPTH 16    /* input shapes nested deeper are not walked (recursive shapes) */

/* op, item and covered_by are owned by the dc_coverage (copies); exempt is
 * borrowed from the exemptions document, which must outlive the dc_coverage
 * (free the coverage first, then the document). */
typedef struct {
    char *op;           /* "CreateBackup" */
    char *item;         /* "backupName:min", "error:TableNotFoundException" */
    char *covered_by;   /* the first case id that exercises it, or NULL */
    const char *exempt; /* the exemption's reason (points into the exemptions doc), or NULL */
} dc_coverage_item;

typedef struct {
    dc_coverage_item *items; /* grouped by operation, in spec order */
    size_t count;
    double threshold; /* percent (default 100) */
    size_t stale;     /* exemptions whose item is covered anyway (reported, not failed) */
} dc_coverage;

/* Builds the item list for spec (exemptions may be NULL: threshold 100, no
 * common errors counted) and marks what cases[0..ncases) exercise. spec and
 * cases are read during the call only; exemptions stays referenced (above).
 * err: "exemptions: exempt[3]: no item 'x:min' for CreateBackup". */
int dc_coverage_compute(const dc_spec *spec, const dc_case *cases, size_t ncases, const dc_json *exemptions,
                        bool all_ops, dc_coverage *out, dc_err *err);
void dc_coverage_free(dc_coverage *c);

/* Counted items (not exempt) and covered ones among them, over all operations. */
void dc_coverage_totals(const dc_coverage *c, size_t *counted, size_t *covered);
/* true when covered/counted reaches the threshold. */
bool dc_coverage_ok(const dc_coverage *c);
/* Per operation: "<op>: covered/counted (pct%)", then the missing items, then
 * the exempt ones with reasons (verbose: also the covered ones with a case). */
void dc_coverage_print(const dc_coverage *c, bool verbose, FILE *out);

#endif
