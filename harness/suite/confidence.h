/* confidence.h - how sure the sources are of what a case expects (format:
 * cases/README.md "Confidence"). What a failure of such a case means for the
 * run is dc_case_result_apply_confidence (suite/report.h).
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

#endif
