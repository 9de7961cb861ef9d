/* confidence.h - how sure the sources are of what a case expects (format:
 * cases/README.md "Confidence"), and what a failure of such a case means for
 * the run.
 *
 * A case is "confirmed" unless it says otherwise. "disputed": sources
 * disagree (the case cites each side); "inferred": part of the expectation is
 * a guess. A failing disputed or inferred case gets a status of its own that
 * does not fail the run, unless the run asks for it (--fail-disputed,
 * --fail-inferred). */
#ifndef DC_CONFIDENCE_H
#define DC_CONFIDENCE_H

#include <stdbool.h>

typedef enum { DC_CONFIDENCE_CONFIRMED, DC_CONFIDENCE_DISPUTED, DC_CONFIDENCE_INFERRED } dc_confidence;

/* "confirmed" | "disputed" | "inferred" */
const char *dc_confidence_name(dc_confidence c);
/* 0 and *out set when name is one of the names above, else -1. */
int dc_confidence_from(const char *name, dc_confidence *out);

typedef struct dc_case_result dc_case_result; /* suite/report.h */

/* The status of a case that ran, by its confidence (c->confidence), after the
 * baseline was applied: a failed disputed case becomes DC_CASE_DISPUTED and a
 * failed inferred one DC_CASE_INFERRED, with a reason that names every source,
 * unless fail_disputed (fail_inferred) keeps it failed. A failure that is not
 * about the service's answer (a malformed case, no answer at all: kinds "case"
 * and "transport") keeps it failed. Other statuses are left alone. */
void dc_confidence_apply(dc_case_result *c, bool fail_disputed, bool fail_inferred);

#endif
